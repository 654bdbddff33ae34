//! A filing as a whole: validation per field, per step and for the whole filing, each field by
//! the rule its [`crate::field::FieldSpec`] names, in the table's order.

use crate::context::{Context, Policy};
use crate::field::{Field, FilingInput, Requirement, Step};
use crate::rules::RuleError;

/// Field errors in form order: a small sorted list (a filing has under 20 fields), which costs the
/// widget far fewer bytes than a `BTreeMap`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(Vec<(Field, RuleError)>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors(Vec::new())
    }

    fn find(&self, field: Field) -> Result<usize, usize> {
        self.0.binary_search_by_key(&field, |(f, _)| *f)
    }

    /// Sets the field's error, replacing any previous one.
    pub fn insert(&mut self, field: Field, error: RuleError) {
        match self.find(field) {
            Ok(i) => self.0[i].1 = error,
            Err(i) => self.0.insert(i, (field, error)),
        }
    }

    pub fn get(&self, field: &Field) -> Option<&RuleError> {
        self.find(*field).ok().map(|i| &self.0[i].1)
    }

    pub fn remove(&mut self, field: &Field) -> Option<RuleError> {
        self.find(*field).ok().map(|i| self.0.remove(i).1)
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.find(*field).is_ok()
    }

    /// The fields with errors, in form order.
    pub fn keys(&self) -> impl Iterator<Item = &Field> {
        self.0.iter().map(|(f, _)| f)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Field, &RuleError)> {
        self.0.iter().map(|(f, e)| (f, e))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl FromIterator<(Field, RuleError)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (Field, RuleError)>>(iter: I) -> Self {
        let mut errors = FieldErrors::new();
        for (f, e) in iter {
            errors.insert(f, e);
        }
        errors
    }
}

impl IntoIterator for FieldErrors {
    type Item = (Field, RuleError);
    type IntoIter = std::vec::IntoIter<(Field, RuleError)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Whether the field must be filled for this filing under `policy` (the others are optional or
/// not asked).
pub fn is_required(input: &FilingInput, field: Field, policy: Policy) -> bool {
    input.requirement(field, &policy) == Requirement::Required
}

/// Whether this filing asks for the field at all (a 小微 merchant is not asked for a credit code).
pub fn is_asked(input: &FilingInput, field: Field, policy: Policy) -> bool {
    input.requirement(field, &policy) != Requirement::NotAsked
}

/// Fields whose validity also depends on `field` (the cross-field rules): after `field`
/// changes, an error the server gave them may no longer hold.
pub fn dependents(field: Field) -> impl Iterator<Item = Field> {
    field.dependents()
}

/// Whether this filing needs a location or a device IP (barcode terminals, or current policy).
pub fn needs_location_or_ip(input: &FilingInput, policy: Policy) -> bool {
    policy.needs_location_or_ip(input.device())
}

/// What a field shows after the merchant leaves it: the field's normaliser applied (so a
/// rejected value is still shown half-width and upper-case, next to its error), then the rule's
/// canonical form when the rule accepts it.
pub fn normalize_field(field: Field, value: &str) -> String {
    let base = field.spec().normalizer.apply(value);
    match check_value(field, &base, &FilingInput::default(), &Context::default()) {
        Ok(Some(canonical)) => canonical,
        _ => base,
    }
}

/// Values the form fills in after `changed` was chosen (`input` already holds the choice): each
/// dependent choice is cleared (a model of another manufacturer), then each dependent field with
/// a derived value gets it (the chosen model's licence), in form order, each seeing the ones
/// before it.
pub fn follow_ups(input: &FilingInput, changed: Field, ctx: &Context) -> Vec<(Field, String)> {
    let mut after = input.clone();
    let mut out = Vec::new();
    for f in changed.dependents() {
        let value = match (f.spec().derive, f.spec().control) {
            (Some(derive), _) => derive(&after, ctx),
            (None, crate::field::Control::Choice(_)) => Some(String::new()),
            (None, _) => None,
        };
        if let Some(v) = value {
            after.set(f, v.clone());
            out.push((f, v));
        }
    }
    out
}

/// One field's rule on a value: `Ok(None)` for an empty optional field and for a field this
/// filing does not ask for (whatever it holds is not filed).
fn check_value(
    field: Field,
    value: &str,
    input: &FilingInput,
    ctx: &Context,
) -> Result<Option<String>, RuleError> {
    match input.requirement(field, &ctx.policy) {
        Requirement::NotAsked => Ok(None),
        need => match (field.spec().rule)(value, input, ctx) {
            Err(RuleError::Required) if need != Requirement::Required => Ok(None),
            other => other.map(Some),
        },
    }
}

/// One field of a filing, with the cross-field rules that land on it.
pub fn check_field(input: &FilingInput, field: Field, ctx: &Context) -> Result<(), RuleError> {
    check_value(field, input.get(field), input, ctx).map(drop)
}

/// The errors of one form step.
pub fn validate_step(input: &FilingInput, step: Step, ctx: &Context) -> FieldErrors {
    step.fields()
        .filter_map(|f| check_field(input, f, ctx).err().map(|e| (f, e)))
        .collect()
}

/// The whole filing: every error, or the normalised filing to store and send.
pub fn validate(input: &FilingInput, ctx: &Context) -> Result<FilingInput, FieldErrors> {
    let errors: FieldErrors = Step::ALL
        .into_iter()
        .flat_map(|s| validate_step(input, s, ctx))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = FilingInput {
        location_datum: input.location_datum,
        ..FilingInput::default()
    };
    for field in Field::ALL {
        let v = check_value(field, input.get(field), input, ctx)
            .ok()
            .flatten();
        out.set(field, v.unwrap_or_default());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::device::DeviceType;
    use crate::regions::Regions;
    use crate::rules::Datum;

    /// A complete, valid smart-POS filing as a merchant might type it.
    pub(crate) fn typed() -> FilingInput {
        FilingInput {
            device_type: "04".into(),
            serial_number: " ｎ９１０－０００１ ".into(),
            manufacturer: "newland".into(),
            model: "n910".into(),
            network_licence: "p3100".into(),
            merchant_id: "898310058120001".into(),
            merchant_type: "enterprise".into(),
            terminal_id: "１２３４５６７８".into(),
            merchant_name: " 上海某某餐饮（连锁）有限公司".into(),
            credit_code: "91350100m000100y43".into(),
            contact_name: "张三".into(),
            contact_mobile: "+86 138 0013 8000".into(),
            region: "310104".into(),
            address: "漕溪北路 88 号".into(),
            ..FilingInput::default()
        }
    }

    fn catalog() -> Catalog {
        serde_json::from_str(
            r#"{"manufacturers":[{"code":"NEWLAND","name":"新大陆","models":[
                {"code":"N910","name":"N910","network_licence":"P3100","device_types":["04"],"certified":true}]}]}"#,
        )
        .unwrap()
    }

    fn regions() -> Regions {
        Regions::parse("# regions t\n31 上海市\n3101 市辖区\n310104 徐汇区\n").unwrap()
    }

    #[test]
    fn field_errors_stay_in_form_order_with_one_entry_per_field() {
        let mut e: FieldErrors = [
            (Field::Region, RuleError::Required),
            (Field::DeviceType, RuleError::Required),
        ]
        .into_iter()
        .collect();
        e.insert(Field::Region, RuleError::UnknownRegion);
        e.insert(Field::CreditCode, RuleError::WrongLength);
        assert_eq!(
            e.keys().copied().collect::<Vec<_>>(),
            [Field::DeviceType, Field::CreditCode, Field::Region]
        );
        assert_eq!(e.get(&Field::Region), Some(&RuleError::UnknownRegion));
        assert_eq!(e.remove(&Field::DeviceType), Some(RuleError::Required));
        assert!(!e.contains_key(&Field::DeviceType));
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn a_typed_filing_validates_and_normalises() {
        let (cat, reg) = (catalog(), regions());
        let ctx = Context {
            regions: Some(&reg),
            catalog: Some(&cat),
            ..Context::default()
        };
        let out = validate(&typed(), &ctx).unwrap();
        assert_eq!(out.serial_number, "N910-0001");
        assert_eq!(out.terminal_id, "12345678");
        assert_eq!(out.contact_mobile, "13800138000");
        assert_eq!(out.merchant_name, "上海某某餐饮（连锁）有限公司");
        assert_eq!(out.credit_code, "91350100M000100Y43");
        assert_eq!(out.tusn, "");
        // The normalised filing is valid and unchanged by another pass.
        assert_eq!(validate(&out, &ctx), Ok(out.clone()));
    }

    #[test]
    fn errors_are_reported_per_field_in_form_order() {
        let mut input = typed();
        input.credit_code = "91350100M000100Y44".into();
        input.serial_number.clear();
        input.region = "3101".into();
        let errors = validate(&input, &Context::default()).unwrap_err();
        assert_eq!(
            errors.into_iter().collect::<Vec<_>>(),
            [
                (Field::SerialNumber, RuleError::Required),
                (Field::CreditCode, RuleError::BadCheckCharacter),
                (Field::Region, RuleError::BadFormat),
            ]
        );
    }

    #[test]
    fn serial_is_required_only_for_the_listed_types() {
        let mut input = typed();
        input.serial_number.clear();
        for (code, required) in [
            ("02", true),
            ("10", true),
            ("01", false),
            ("11", false),
            ("13", false),
        ] {
            input.device_type = code.into();
            input.device_ip = "114.114.114.114".into();
            let errs = validate_step(&input, Step::Device, &Context::default());
            assert_eq!(
                errs.contains_key(&Field::SerialNumber),
                required,
                "type {code}"
            );
        }
    }

    #[test]
    fn barcode_terminals_and_policy_need_location_or_ip() {
        let ctx = Context::default();
        let mut input = typed();
        assert!(validate_step(&input, Step::Placement, &ctx).is_empty());
        input.device_type = "10".into();
        assert_eq!(
            validate_step(&input, Step::Placement, &ctx).get(&Field::Location),
            Some(&RuleError::LocationOrIpRequired)
        );
        input.device_ip = "114.114.114.114".into();
        assert!(validate_step(&input, Step::Placement, &ctx).is_empty());
        input.device_ip.clear();
        input.location = "31.2,121.4".into();
        assert!(validate_step(&input, Step::Placement, &ctx).is_empty());

        let strict = Context {
            policy: Policy {
                location_or_ip_required: true,
                ..Policy::default()
            },
            ..Context::default()
        };
        let input = typed();
        assert_eq!(
            validate_step(&input, Step::Placement, &strict).get(&Field::Location),
            Some(&RuleError::LocationOrIpRequired)
        );
    }

    /// A 小微 merchant's QR stand: no serial, no terminal number, no credit code; the operator's
    /// ID number and the stand's number instead.
    fn micro_qr_stand() -> FilingInput {
        FilingInput {
            device_type: "11".into(),
            manufacturer: "SUNMI".into(),
            model: "QR01".into(),
            network_licence: "P3301".into(),
            merchant_id: "898310058120003".into(),
            merchant_type: "micro".into(),
            merchant_name: "李记早餐店".into(),
            credit_code: "91350100M000100Y43".into(),
            operator_id_number: "11010519491231002x".into(),
            contact_name: "李四".into(),
            contact_mobile: "(+86) 139-0013-9000".into(),
            region: "310104".into(),
            address: "漕溪北路 90 号".into(),
            device_ip: "2408:8207:1234::1".into(),
            qr_code: "QR-XW-0001".into(),
            ..FilingInput::default()
        }
    }

    #[test]
    fn a_micro_merchant_files_a_qr_stand_without_tid_serial_or_credit_code() {
        let out = validate(&micro_qr_stand(), &Context::default()).unwrap();
        assert_eq!(out.operator_id_number, "11010519491231002X");
        assert_eq!(out.contact_mobile, "13900139000");
        assert_eq!(
            out.credit_code, "",
            "not asked of a micro merchant, so not filed"
        );
        assert_eq!(out.terminal_id, "");
        assert_eq!(out.serial_number, "");

        let mut no_id = micro_qr_stand();
        no_id.operator_id_number.clear();
        assert_eq!(
            validate(&no_id, &Context::default())
                .unwrap_err()
                .get(&Field::OperatorIdNumber),
            Some(&RuleError::Required)
        );
        let mut no_stand = micro_qr_stand();
        no_stand.qr_code.clear();
        assert_eq!(
            validate(&no_stand, &Context::default())
                .unwrap_err()
                .get(&Field::QrCode),
            Some(&RuleError::Required),
            "a QR stand is known by its number"
        );
        let mut licensed = micro_qr_stand();
        licensed.merchant_type = "individual".into();
        licensed.credit_code.clear();
        let errors = validate(&licensed, &Context::default()).unwrap_err();
        assert_eq!(errors.get(&Field::CreditCode), Some(&RuleError::Required));
        assert_eq!(errors.get(&Field::OperatorIdNumber), None, "not asked");
    }

    #[test]
    fn the_terminal_number_is_required_only_where_the_policy_says() {
        let mut input = typed();
        input.terminal_id.clear();
        assert_eq!(
            validate_step(&input, Step::Device, &Context::default()).get(&Field::TerminalId),
            None
        );
        let ctx = Context {
            policy: Policy {
                terminal_id_required_for: [DeviceType::SmartPos].into_iter().collect(),
                ..Policy::default()
            },
            ..Context::default()
        };
        assert_eq!(
            validate_step(&input, Step::Device, &ctx).get(&Field::TerminalId),
            Some(&RuleError::Required)
        );
        input.device_type = "02".into();
        assert_eq!(
            validate_step(&input, Step::Device, &ctx).get(&Field::TerminalId),
            None
        );
    }

    #[test]
    fn merchant_id_must_be_the_signed_in_one() {
        let ctx = Context {
            merchant_id: Some("898310058120002"),
            ..Context::default()
        };
        assert_eq!(
            check_field(&typed(), Field::MerchantId, &ctx),
            Err(RuleError::NotYourMerchant)
        );
        let ctx = Context {
            merchant_id: Some("898310058120001"),
            ..Context::default()
        };
        assert_eq!(check_field(&typed(), Field::MerchantId, &ctx), Ok(()));
    }

    #[test]
    fn every_cross_field_rule_lists_its_dependents() {
        // Giving an IP satisfies the location rule, so the IP is a dependency of Location.
        let mut input = typed();
        input.device_type = "10".into();
        assert!(check_field(&input, Field::Location, &Context::default()).is_err());
        assert!(dependents(Field::DeviceIp).any(|f| f == Field::Location));
        assert!(dependents(Field::DeviceType).any(|f| f == Field::SerialNumber));
        assert!(dependents(Field::Model).any(|f| f == Field::NetworkLicence));
    }

    #[test]
    fn choosing_a_model_fills_its_licence_and_another_manufacturer_clears_the_model() {
        let cat = catalog();
        let ctx = Context {
            catalog: Some(&cat),
            ..Context::default()
        };
        let mut input = FilingInput {
            manufacturer: "NEWLAND".into(),
            model: "N910".into(),
            ..FilingInput::default()
        };
        assert_eq!(
            follow_ups(&input, Field::Model, &ctx),
            [(Field::NetworkLicence, "P3100".to_owned())]
        );
        input.manufacturer = "SUNMI".into();
        assert_eq!(
            follow_ups(&input, Field::Manufacturer, &ctx),
            [(Field::Model, String::new())],
            "the old model is cleared and no licence is derived from it"
        );
        assert!(follow_ups(&input, Field::Address, &ctx).is_empty());
    }

    #[test]
    fn licence_must_match_the_dictionary_model() {
        let cat = catalog();
        let ctx = Context {
            catalog: Some(&cat),
            ..Context::default()
        };
        let mut input = typed();
        input.network_licence = "P3101".into();
        assert_eq!(
            check_field(&input, Field::NetworkLicence, &ctx),
            Err(RuleError::LicenceMismatch)
        );
        input.model = "N999".into();
        assert_eq!(
            check_field(&input, Field::Model, &ctx),
            Err(RuleError::UnknownModel)
        );
    }

    #[test]
    fn normalize_field_shows_the_canonical_value_or_the_typed_one() {
        assert_eq!(normalize_field(Field::SerialNumber, "ｓｎ－１"), "SN-1");
        assert_eq!(normalize_field(Field::SerialNumber, "sn_1 "), "SN_1");
        assert_eq!(
            normalize_field(Field::MerchantName, "  ＡＢＣ  店 "),
            "ABC 店"
        );
        assert_eq!(
            normalize_field(Field::ContactMobile, "+86 13800138000"),
            "13800138000"
        );
        assert_eq!(normalize_field(Field::Tusn, ""), "");
    }

    #[test]
    fn wire_body_refuses_unknown_fields() {
        let err = serde_json::from_str::<FilingInput>(r#"{"serial_number":"X","admin":true}"#);
        assert!(err.is_err());
        let ok: FilingInput = serde_json::from_str(r#"{"serial_number":"X"}"#).unwrap();
        assert_eq!(ok.serial_number, "X");
        assert_eq!(ok.location_datum, Datum::Wgs84);
    }

    proptest::proptest! {
        /// Whatever is typed: validation does not panic, its errors are on the fields, and what
        /// it accepts is a fixed point; normalising a field twice is normalising it once.
        #[test]
        fn validation_never_panics_and_normalising_is_idempotent(
            values in proptest::collection::vec("\\PC{0,24}", Field::ALL.len())
        ) {
            let mut input = FilingInput::default();
            for (f, v) in Field::ALL.into_iter().zip(values) {
                input.set(f, v);
            }
            match validate(&input, &Context::default()) {
                Ok(out) => proptest::prop_assert_eq!(validate(&out, &Context::default()), Ok(out.clone())),
                Err(errors) => proptest::prop_assert!(!errors.is_empty()),
            }
            for f in Field::ALL {
                let once = normalize_field(f, input.get(f));
                proptest::prop_assert_eq!(normalize_field(f, &once), once);
            }
        }

        /// A valid filing survives normalise → validate → wire (JSON) → validate unchanged,
        /// whatever its device type, merchant type and datum.
        #[test]
        fn a_valid_filing_survives_validation_and_the_wire_unchanged(input in crate::valid::filing()) {
            let ctx = Context {
                regions: Some(crate::valid::regions()),
                ..Context::default()
            };
            let out = validate(&input, &ctx);
            proptest::prop_assert!(out.is_ok(), "{:?} refused: {:?}", input, out);
            let out = out.unwrap();
            proptest::prop_assert_eq!(out.location_datum, input.location_datum, "the datum is kept");
            let wire: FilingInput = serde_json::from_str(&serde_json::to_string(&out).unwrap()).unwrap();
            proptest::prop_assert_eq!(&wire, &out);
            proptest::prop_assert_eq!(validate(&wire, &ctx), Ok(out.clone()));
            for f in Field::ALL {
                proptest::prop_assert_eq!(normalize_field(f, out.get(f)), out.get(f), "{:?}", f);
            }
        }
    }
}
