//! The fields of a filing: one table, [`fields!`] below, says everything about each field (its
//! API name, form step, control, normaliser, length, when it is required, what its rule reads and
//! the rule itself). The [`Field`] enum, the [`FilingInput`] record with its get/set, validation
//! order, the form's steps, the review step, the served policy and the OpenAPI schema are all
//! derived from it, so adding a field is one entry here, its rule, and its texts.

use serde::{Deserialize, Serialize};

use crate::context::{Context, Policy};
use crate::merchant::MerchantType;
use crate::normalize;
use crate::rules::{self, Datum, RuleError, Warning};
use crate::wire::{lookup, serde_as_str};

/// A field's rule: the canonical value, or why it is refused. It gets the field's value, the
/// whole filing (for cross-field rules, which list what they read in [`FieldSpec::reads`]) and
/// what validation may consult.
pub type Rule = fn(&str, &FilingInput, &Context) -> Result<String, RuleError>;

/// Everything about one field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The stable name in JSON bodies and field-error lists.
    pub api_name: &'static str,
    pub step: Step,
    pub control: Control,
    pub normalizer: Normalizer,
    /// The longest accepted value in characters (the length of a fixed-length code).
    pub max_chars: usize,
    pub need: Need,
    /// Other fields this field's rule (or its requiredness, or its derived value) reads: when
    /// one of them changes, an error the server gave this field may no longer hold.
    pub reads: &'static [Field],
    pub rule: Rule,
    /// A value the form fills in from the fields it reads, when one of them is chosen.
    pub derive: Option<fn(&FilingInput, &Context) -> Option<String>>,
    /// A doubt about a value the rule accepts, shown to the merchant without blocking.
    pub warn: Option<fn(&str) -> Option<Warning>>,
    /// The acquirer holds this value (its merchant record, its device registry): where it
    /// gives one, the form shows it as given, read-only, and says how to have it changed.
    pub from_acquirer: bool,
}

/// How the form lets the merchant give a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// One of a list (the phone's own picker).
    Choice(Choices),
    /// Typed or pasted text, with the phone keyboard that suits it.
    Text(Keyboard),
    /// The province / city / district cascade over the region list.
    Region,
    /// Coordinates typed, or the phone's location on request, with their datum.
    Location,
    /// Shown, never typed: filled in from the fields it reads (the chosen model's licence).
    Derived,
}

/// Where a choice's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    DeviceTypes,
    Manufacturers,
    /// The models of the chosen manufacturer.
    Models,
    MerchantTypes,
}

/// What kind of text a field holds, for the phone's keyboard and autofill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyboard {
    /// Letters and digits printed on a device or document: capitals, no autofill.
    Code,
    Organization,
    PersonName,
    Mobile,
    StreetAddress,
    /// Numbers with '.' and ',' (coordinates, IP addresses).
    Decimal,
}

/// What a field's value goes through before its rule (see [`crate::normalize`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalizer {
    Code,
    /// A code that may be pasted with its label ("SN:").
    Serial,
    Text,
    Mobile,
}

impl Normalizer {
    pub fn apply(self, value: &str) -> String {
        match self {
            Normalizer::Code => normalize::code(value),
            Normalizer::Serial => normalize::serial(value),
            Normalizer::Text => normalize::text(value),
            Normalizer::Mobile => normalize::mobile(value),
        }
    }
}

/// When a filing must give a field: a rule over the device type, the merchant type and the
/// policy in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Always,
    Optional,
    /// For the device types that carry a hardware serial number (and while no type is chosen).
    ForSerialDevices,
    /// For QR stands (type 11), which are known by their stand's number.
    ForQrStands,
    /// For the device types the policy names (the acquirer assigns terminal numbers).
    ForPolicyTerminalIds,
    /// For merchants with a business licence; not asked of 小微 merchants.
    ForLicensedMerchants,
    /// For 小微 merchants only; not asked of licensed merchants.
    ForMicroMerchants,
}

/// What a filing must do about a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Required,
    Optional,
    /// Not part of this filing (a credit code of a 小微 merchant): not shown, not filed.
    NotAsked,
}

impl Need {
    /// What `input` must do about the field under `policy`.
    pub fn of(self, input: &FilingInput, policy: &Policy) -> Requirement {
        let required = |yes: bool| {
            if yes {
                Requirement::Required
            } else {
                Requirement::Optional
            }
        };
        let asked = |yes: bool| {
            if yes {
                Requirement::Required
            } else {
                Requirement::NotAsked
            }
        };
        let micro = input.merchant() == Some(MerchantType::Micro);
        match self {
            Need::Always => Requirement::Required,
            Need::Optional => Requirement::Optional,
            Need::ForSerialDevices => required(
                input
                    .device()
                    .is_none_or(crate::DeviceType::requires_serial),
            ),
            Need::ForQrStands => {
                required(input.device() == Some(crate::DeviceType::BarcodeAuxiliary))
            }
            Need::ForPolicyTerminalIds => required(
                input
                    .device()
                    .is_some_and(|d| policy.terminal_id_required_for.contains(d)),
            ),
            Need::ForLicensedMerchants => asked(!micro),
            Need::ForMicroMerchants => asked(micro),
        }
    }
}

/// Counts the identifiers it is given (the length of [`Field::ALL`]).
macro_rules! count {
    () => { 0 };
    ($head:ident $($tail:ident)*) => { 1 + count!($($tail)*) };
}

/// The table: `Variant api_name { spec fields }` per field, in form order. It generates the
/// [`Field`] enum, [`Field::ALL`], [`Field::spec`] and the [`FilingInput`] record with one
/// string per field.
macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident $name:ident { about: $about:literal, $($spec:tt)* } )*) => {
        /// One field of a filing. The serde form is the field's API name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $( $(#[$doc])* $variant, )*
        }

        impl Field {
            /// Every field, in form order.
            pub const ALL: [Field; count!($($variant)*)] = [$(Field::$variant),*];

            /// One sentence for engineers (the OpenAPI schema's description). Not in
            /// [`FieldSpec`], so that the widget, which never reads it, does not carry it.
            pub fn about(self) -> &'static str {
                match self { $( Field::$variant => $about, )* }
            }

            /// Everything about the field the form and the rules use.
            pub fn spec(self) -> &'static FieldSpec {
                match self {
                    $( Field::$variant => {
                        const SPEC: FieldSpec = FieldSpec { api_name: stringify!($name), $($spec)* };
                        &SPEC
                    } )*
                }
            }
        }

        /// Every field as text, exactly as typed (the draft) or as normalised (what is filed):
        /// also the body of `POST` / `PUT /filings`. Optional fields are empty strings when not
        /// given; unknown JSON fields are refused.
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct FilingInput {
            $( pub $name: String, )*
            /// The coordinate system `location` is given in.
            pub location_datum: Datum,
        }

        impl FilingInput {
            pub fn get(&self, field: Field) -> &str {
                match field { $( Field::$variant => &self.$name, )* }
            }

            pub fn set(&mut self, field: Field, value: String) {
                *match field { $( Field::$variant => &mut self.$name, )* } = value;
            }
        }
    };
}

fields! {
    DeviceType device_type {
        about: "Device type code 01-13 (07 is reserved and not selectable)",
        step: Step::Device,
        control: Control::Choice(Choices::DeviceTypes),
        normalizer: Normalizer::Code,
        max_chars: 2,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::device_type(v).map(|d| d.code().to_owned()),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    SerialNumber serial_number {
        about: "Hardware serial number (SN): letters, digits and '-'",
        step: Step::Device,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Serial,
        max_chars: rules::SERIAL_MAX_LEN,
        need: Need::ForSerialDevices,
        reads: &[Field::DeviceType],
        rule: |v, _, _| rules::serial_number(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    TerminalId terminal_id {
        about: "Terminal number (TID), 8 digits and capitals, assigned by the acquirer at installation",
        step: Step::Device,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Code,
        max_chars: rules::TERMINAL_ID_LEN,
        need: Need::ForPolicyTerminalIds,
        reads: &[Field::DeviceType],
        rule: |v, _, _| rules::terminal_id(v),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    Tusn tusn {
        about: "TUSN printed on the terminal (it starts with the manufacturer's 6-digit UnionPay code)",
        step: Step::Device,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Serial,
        max_chars: rules::TUSN_MAX_LEN,
        need: Need::Optional,
        reads: &[],
        rule: |v, _, _| rules::tusn(v),
        derive: None,
        warn: Some(rules::tusn_warning),
        from_acquirer: false,
    }
    Manufacturer manufacturer {
        about: "Manufacturer code from /reference/models",
        step: Step::Device,
        control: Control::Choice(Choices::Manufacturers),
        normalizer: Normalizer::Code,
        max_chars: rules::DICTIONARY_CODE_MAX_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, ctx| rules::manufacturer(v, ctx.catalog),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    Model model {
        about: "Model code of the manufacturer, from /reference/models, sold as the chosen device type",
        step: Step::Device,
        control: Control::Choice(Choices::Models),
        normalizer: Normalizer::Code,
        max_chars: rules::DICTIONARY_CODE_MAX_LEN,
        need: Need::Always,
        reads: &[Field::Manufacturer, Field::DeviceType],
        rule: |v, input, ctx| rules::model(v, &input.manufacturer, input.device(), ctx.catalog),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    NetworkLicence network_licence {
        about: "Network licence number (入网认证编号) of the model, e.g. P3100: the dictionary's, not the nameplate's",
        step: Step::Device,
        control: Control::Derived,
        normalizer: Normalizer::Code,
        max_chars: rules::NETWORK_LICENCE_LEN,
        need: Need::Always,
        reads: &[Field::Manufacturer, Field::Model],
        rule: |v, input, ctx| rules::licence_of_model(v, &input.manufacturer, &input.model, ctx.catalog),
        derive: Some(|input, ctx| {
            let model = ctx.catalog?.model(&normalize::code(&input.manufacturer), &normalize::code(&input.model))?;
            Some(model.network_licence.clone())
        }),
        warn: None,
        from_acquirer: false,
    }
    MerchantId merchant_id {
        about: "Merchant number (MID), 15 digits and capitals; must be the token's merchant",
        step: Step::Merchant,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Code,
        max_chars: rules::MERCHANT_ID_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, ctx| rules::own_merchant_id(v, ctx.merchant_id),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    MerchantType merchant_type {
        about: "enterprise (企业) or individual (个体工商户), both with a business licence, or micro (小微商户), without one",
        step: Step::Merchant,
        control: Control::Choice(Choices::MerchantTypes),
        normalizer: Normalizer::Code,
        max_chars: 10,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::merchant_type(v).map(|t| t.code().to_owned()),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    MerchantName merchant_name {
        about: "Registered business name, as on the business licence (a 小微 merchant's registered name)",
        step: Step::Merchant,
        control: Control::Text(Keyboard::Organization),
        normalizer: Normalizer::Text,
        max_chars: rules::MERCHANT_NAME_MAX_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::merchant_name(v),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    CreditCode credit_code {
        about: "Unified social credit code (GB 32100), 18 characters with a check character; not asked of micro merchants",
        step: Step::Merchant,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Code,
        max_chars: rules::CREDIT_CODE_LEN,
        need: Need::ForLicensedMerchants,
        reads: &[Field::MerchantType],
        rule: |v, _, _| rules::credit_code(v),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    OperatorIdNumber operator_id_number {
        about: "The operator's resident ID number (GB 11643), micro merchants only; always masked in answers (first 3 and last 4), and a masked value stands for the number on file",
        step: Step::Merchant,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Code,
        max_chars: rules::RESIDENT_ID_LEN,
        need: Need::ForMicroMerchants,
        reads: &[Field::MerchantType],
        rule: |v, _, _| rules::resident_id(v),
        derive: None,
        warn: None,
        from_acquirer: true,
    }
    ContactName contact_name {
        about: "Contact person's name",
        step: Step::Merchant,
        control: Control::Text(Keyboard::PersonName),
        normalizer: Normalizer::Text,
        max_chars: rules::CONTACT_NAME_MAX_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::contact_name(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    ContactMobile contact_mobile {
        about: "Contact's mainland mobile number, 11 digits (+86, separators and brackets are removed)",
        step: Step::Merchant,
        control: Control::Text(Keyboard::Mobile),
        normalizer: Normalizer::Mobile,
        max_chars: rules::MOBILE_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::mobile(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    Region region {
        about: "GB/T 2260 division code from /reference/regions: a county, or a prefecture-level city without counties",
        step: Step::Placement,
        control: Control::Region,
        normalizer: Normalizer::Code,
        max_chars: rules::REGION_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, ctx| rules::region(v, ctx.regions),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    Address address {
        about: "Street address of the placement",
        step: Step::Placement,
        control: Control::Text(Keyboard::StreetAddress),
        normalizer: Normalizer::Text,
        max_chars: rules::ADDRESS_MAX_LEN,
        need: Need::Always,
        reads: &[],
        rule: |v, _, _| rules::address(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    StoreName store_name {
        about: "The store's sign name where the terminal stands, when it differs from the registered name",
        step: Step::Placement,
        control: Control::Text(Keyboard::Organization),
        normalizer: Normalizer::Text,
        max_chars: rules::STORE_NAME_MAX_LEN,
        need: Need::Optional,
        reads: &[],
        rule: |v, _, _| rules::store_name(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    Location location {
        about: "Latitude/longitude as +31.221345/+121.48352 in location_datum (stored as WGS84); this or device_ip is required for barcode terminals and by policy",
        step: Step::Placement,
        control: Control::Location,
        normalizer: Normalizer::Text,
        max_chars: rules::LOCATION_MAX_LEN,
        need: Need::Optional,
        reads: &[Field::DeviceType, Field::DeviceIp],
        rule: |v, input, ctx| {
            if v.trim().is_empty()
                && input.device_ip.trim().is_empty()
                && ctx.policy.needs_location_or_ip(input.device())
            {
                return Err(RuleError::LocationOrIpRequired);
            }
            rules::location(v)
        },
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    DeviceIp device_ip {
        about: "Public IPv4, or global-unicast IPv6, address the device reaches the acquirer from",
        step: Step::Placement,
        control: Control::Text(Keyboard::Decimal),
        normalizer: Normalizer::Code,
        max_chars: rules::IP_MAX_LEN,
        need: Need::Optional,
        reads: &[],
        rule: |v, _, _| rules::device_ip(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
    QrCode qr_code {
        about: "Acquirer-issued id of the QR stand bound to this terminal; required for QR stands (type 11)",
        step: Step::Placement,
        control: Control::Text(Keyboard::Code),
        normalizer: Normalizer::Serial,
        max_chars: rules::QR_CODE_MAX_LEN,
        need: Need::ForQrStands,
        reads: &[Field::DeviceType],
        rule: |v, _, _| rules::qr_code(v),
        derive: None,
        warn: None,
        from_acquirer: false,
    }
}

/// The schema of the filing body, from the table: one string member per field, described by its
/// [`FieldSpec::about`], its length and when it is required.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for FilingInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
        let mut object = ObjectBuilder::new()
            .description(Some(
                "Every field as text, as typed or as normalised; the server normalises and validates \
                 each with the same rules as the widget. Optional fields are empty strings when not \
                 given. Unknown members are refused.",
            ))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for f in Field::ALL {
            let spec = f.spec();
            let need = match spec.need {
                Need::Always => "Required.".to_owned(),
                Need::Optional => "Optional.".to_owned(),
                Need::ForSerialDevices => {
                    let types: Vec<&str> = crate::DeviceType::ALL
                        .into_iter()
                        .filter(|d| d.requires_serial())
                        .map(crate::DeviceType::code)
                        .collect();
                    format!("Required for device types {}.", types.join(", "))
                }
                Need::ForQrStands => "Required for device type 11.".to_owned(),
                Need::ForPolicyTerminalIds => {
                    "Required for the device types /reference/policy lists in terminal_id_required_for."
                        .to_owned()
                }
                Need::ForLicensedMerchants => {
                    "Required of enterprise and individual merchants; not asked of micro merchants."
                        .to_owned()
                }
                Need::ForMicroMerchants => {
                    "Required of micro merchants; not asked of the others.".to_owned()
                }
            };
            object = object.property(
                spec.api_name,
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .default(Some("".into()))
                    .description(Some(format!(
                        "{} ({} characters at most once normalised). {need}",
                        f.about(),
                        spec.max_chars
                    ))),
            );
        }
        object
            .property(
                "location_datum",
                utoipa::openapi::schema::OneOfBuilder::new()
                    .item(utoipa::openapi::Ref::from_schema_name("Datum"))
                    .default(Some("WGS84".into())),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for FilingInput {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "Datum".to_owned(),
            <Datum as utoipa::PartialSchema>::schema(),
        ));
    }
}

impl FilingInput {
    /// The device type, when the field holds a selectable one.
    pub fn device(&self) -> Option<crate::DeviceType> {
        rules::device_type(&self.device_type).ok()
    }

    /// The merchant type, when the field holds one.
    pub fn merchant(&self) -> Option<MerchantType> {
        rules::merchant_type(&self.merchant_type).ok()
    }

    /// What this filing must do about `field` under `policy`.
    pub fn requirement(&self, field: Field, policy: &Policy) -> Requirement {
        field.spec().need.of(self, policy)
    }

    /// The filing as anyone but the server sees it: the operator's ID number masked (first 3 and
    /// last 4), personal information never shown whole.
    pub fn masked(mut self) -> FilingInput {
        let id = &self.operator_id_number;
        if !id.is_empty() && !rules::is_masked_resident_id(id) {
            self.operator_id_number = rules::mask_resident_id(id);
        }
        self
    }
}

impl Field {
    /// The field's stable API name, as used in JSON bodies and field-error lists.
    pub fn api_name(self) -> &'static str {
        self.spec().api_name
    }

    pub fn from_api_name(name: &str) -> Option<Field> {
        lookup(&Field::ALL, Field::api_name, name)
    }

    /// The form step the field is entered in.
    pub fn step(self) -> Step {
        self.spec().step
    }

    /// The fields whose rules read this one (see [`FieldSpec::reads`]).
    pub fn dependents(self) -> impl Iterator<Item = Field> {
        Field::ALL
            .into_iter()
            .filter(move |f| f.spec().reads.contains(&self))
    }
}

serde_as_str!(Field, Field::ALL, Field::api_name, Field::from_api_name);

/// A set of fields as a bitmask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldSet(u32);

const _: () = assert!(Field::ALL.len() <= 32, "FieldSet holds up to 32 fields");

impl FieldSet {
    pub fn all() -> FieldSet {
        Field::ALL.into_iter().collect()
    }

    pub fn insert(&mut self, field: Field) {
        self.0 |= 1 << field as u32;
    }

    pub fn contains(&self, field: &Field) -> bool {
        self.0 & (1 << *field as u32) != 0
    }
}

impl FromIterator<Field> for FieldSet {
    fn from_iter<I: IntoIterator<Item = Field>>(iter: I) -> Self {
        let mut set = FieldSet::default();
        set.extend(iter);
        set
    }
}

impl Extend<Field> for FieldSet {
    fn extend<I: IntoIterator<Item = Field>>(&mut self, iter: I) {
        for f in iter {
            self.insert(f);
        }
    }
}

serde_as_str!(Step, Step::ALL, Step::name, Step::from_name);

/// The data-entry steps of the filing form (review & confirm comes after them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Device,
    Merchant,
    Placement,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Device, Step::Merchant, Step::Placement];

    pub fn name(self) -> &'static str {
        match self {
            Step::Device => "device",
            Step::Merchant => "merchant",
            Step::Placement => "placement",
        }
    }

    pub fn from_name(name: &str) -> Option<Step> {
        lookup(&Step::ALL, Step::name, name)
    }

    /// The step's fields, in form order.
    pub fn fields(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| f.step() == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_round_trip_and_match_serde() {
        for f in Field::ALL {
            assert_eq!(Field::from_api_name(f.api_name()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.api_name()));
        }
        assert_eq!(Field::from_api_name("nope"), None);
    }

    #[test]
    fn the_wire_record_has_one_member_per_field_named_by_the_spec() {
        let mut input = FilingInput::default();
        for (i, f) in Field::ALL.into_iter().enumerate() {
            input.set(f, format!("v{i}"));
        }
        let json = serde_json::to_value(&input).unwrap();
        let object = json.as_object().unwrap();
        assert_eq!(object.len(), Field::ALL.len() + 1, "and location_datum");
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(object[f.api_name()], format!("v{i}"), "{f:?}");
            assert_eq!(input.get(f), format!("v{i}"));
        }
    }

    #[test]
    fn field_set_holds_each_field() {
        let mut s = FieldSet::default();
        assert!(!s.contains(&Field::QrCode));
        s.insert(Field::QrCode);
        s.extend([Field::DeviceType]);
        assert!(s.contains(&Field::QrCode) && s.contains(&Field::DeviceType));
        assert!(!s.contains(&Field::Region));
        assert!(Field::ALL.iter().all(|f| FieldSet::all().contains(f)));
    }

    #[test]
    fn every_field_is_in_exactly_one_step() {
        let counted: usize = Step::ALL.iter().map(|s| s.fields().count()).sum();
        assert_eq!(counted, Field::ALL.len());
        assert_eq!(
            Step::Device.fields().collect::<Vec<_>>(),
            [
                Field::DeviceType,
                Field::SerialNumber,
                Field::TerminalId,
                Field::Tusn,
                Field::Manufacturer,
                Field::Model,
                Field::NetworkLicence
            ]
        );
    }

    #[test]
    fn no_field_reads_itself_and_every_field_has_a_length() {
        for f in Field::ALL {
            assert!(!f.spec().reads.contains(&f), "{f:?} reads itself");
            assert!(f.spec().max_chars > 0, "{f:?} has a length");
        }
    }
}
