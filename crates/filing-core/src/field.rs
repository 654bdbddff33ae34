//! The fields of a filing and the form steps they belong to.

use crate::wire::{lookup, serde_as_str};

/// One field of a filing. The serde form is the field's name in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    DeviceType,
    SerialNumber,
    Tusn,
    Manufacturer,
    Model,
    NetworkLicence,
    MerchantId,
    TerminalId,
    MerchantName,
    CreditCode,
    ContactName,
    ContactMobile,
    Region,
    Address,
    Location,
    DeviceIp,
    QrCode,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 17] = [
        Field::DeviceType,
        Field::SerialNumber,
        Field::Tusn,
        Field::Manufacturer,
        Field::Model,
        Field::NetworkLicence,
        Field::MerchantId,
        Field::TerminalId,
        Field::MerchantName,
        Field::CreditCode,
        Field::ContactName,
        Field::ContactMobile,
        Field::Region,
        Field::Address,
        Field::Location,
        Field::DeviceIp,
        Field::QrCode,
    ];

    /// The field's stable API name, as used in JSON bodies and field-error lists.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::DeviceType => "device_type",
            Field::SerialNumber => "serial_number",
            Field::Tusn => "tusn",
            Field::Manufacturer => "manufacturer",
            Field::Model => "model",
            Field::NetworkLicence => "network_licence",
            Field::MerchantId => "merchant_id",
            Field::TerminalId => "terminal_id",
            Field::MerchantName => "merchant_name",
            Field::CreditCode => "credit_code",
            Field::ContactName => "contact_name",
            Field::ContactMobile => "contact_mobile",
            Field::Region => "region",
            Field::Address => "address",
            Field::Location => "location",
            Field::DeviceIp => "device_ip",
            Field::QrCode => "qr_code",
        }
    }

    pub fn from_api_name(name: &str) -> Option<Field> {
        lookup(&Field::ALL, Field::api_name, name)
    }

    /// The form step the field is entered in.
    pub fn step(self) -> Step {
        match self {
            Field::DeviceType
            | Field::SerialNumber
            | Field::Tusn
            | Field::Manufacturer
            | Field::Model
            | Field::NetworkLicence => Step::Device,
            Field::MerchantId
            | Field::TerminalId
            | Field::MerchantName
            | Field::CreditCode
            | Field::ContactName
            | Field::ContactMobile => Step::Merchant,
            Field::Region | Field::Address | Field::Location | Field::DeviceIp | Field::QrCode => {
                Step::Placement
            }
        }
    }
}

serde_as_str!(Step, Step::ALL, Step::name, Step::from_name);

/// A set of fields as a bitmask (a filing has 17 fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldSet(u32);

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

serde_as_str!(Field, Field::ALL, Field::api_name, Field::from_api_name);

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
                Field::Tusn,
                Field::Manufacturer,
                Field::Model,
                Field::NetworkLicence
            ]
        );
    }
}
