//! Why a filing was rejected, and which cause of "设备未报备" each reason points to.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::field::Field;

/// A review outcome code. Codes this version does not know are kept as [`ReasonCode::Other`] so
/// they still render (generically) instead of failing the whole response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    DeviceNotActivated,
    DeviceSecurityCheckFailed,
    SerialNotFound,
    ModelNotCertified,
    QrCodeBoundElsewhere,
    MerchantNotQualified,
    MerchantInfoMismatch,
    LocationRequired,
    FieldInvalid,
    /// The filed model differs from the one the device registry holds for the serial.
    DeviceModelMismatch,
    /// A placement change moves the terminal to another city: deregister it and file it anew.
    MoveOutsideCity,
    Other(String),
}

impl ReasonCode {
    pub const KNOWN: [ReasonCode; 11] = [
        ReasonCode::DeviceNotActivated,
        ReasonCode::DeviceSecurityCheckFailed,
        ReasonCode::SerialNotFound,
        ReasonCode::ModelNotCertified,
        ReasonCode::QrCodeBoundElsewhere,
        ReasonCode::MerchantNotQualified,
        ReasonCode::MerchantInfoMismatch,
        ReasonCode::LocationRequired,
        ReasonCode::FieldInvalid,
        ReasonCode::DeviceModelMismatch,
        ReasonCode::MoveOutsideCity,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            ReasonCode::DeviceNotActivated => "DEVICE_NOT_ACTIVATED",
            ReasonCode::DeviceSecurityCheckFailed => "DEVICE_SECURITY_CHECK_FAILED",
            ReasonCode::SerialNotFound => "SERIAL_NOT_FOUND",
            ReasonCode::ModelNotCertified => "MODEL_NOT_CERTIFIED",
            ReasonCode::QrCodeBoundElsewhere => "QR_CODE_BOUND_ELSEWHERE",
            ReasonCode::MerchantNotQualified => "MERCHANT_NOT_QUALIFIED",
            ReasonCode::MerchantInfoMismatch => "MERCHANT_INFO_MISMATCH",
            ReasonCode::LocationRequired => "LOCATION_REQUIRED",
            ReasonCode::FieldInvalid => "FIELD_INVALID",
            ReasonCode::DeviceModelMismatch => "DEVICE_MODEL_MISMATCH",
            ReasonCode::MoveOutsideCity => "MOVE_OUTSIDE_CITY",
            ReasonCode::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> ReasonCode {
        ReasonCode::KNOWN
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or_else(|| ReasonCode::Other(s.to_owned()))
    }

    /// The guide's cause this reason belongs to; `None` for codes this version does not know.
    pub fn cause(&self) -> Option<Cause> {
        Some(match self {
            ReasonCode::DeviceNotActivated => Cause::DeviceNotActivated,
            ReasonCode::SerialNotFound
            | ReasonCode::MerchantInfoMismatch
            | ReasonCode::FieldInvalid
            | ReasonCode::DeviceModelMismatch => Cause::FilingInfoWrong,
            ReasonCode::DeviceSecurityCheckFailed | ReasonCode::ModelNotCertified => {
                Cause::SecurityCheckFailed
            }
            ReasonCode::QrCodeBoundElsewhere => Cause::QrCodeBoundElsewhere,
            ReasonCode::MerchantNotQualified => Cause::MerchantNotQualified,
            ReasonCode::LocationRequired => Cause::RulesChanged,
            ReasonCode::MoveOutsideCity => Cause::TerminalMoved,
            ReasonCode::Other(_) => return None,
        })
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An open set: the known codes, or any other string a newer reviewer may send.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ReasonCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let known: Vec<&str> = ReasonCode::KNOWN.iter().map(ReasonCode::as_str).collect();
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(format!(
                "One of {}; clients must also accept codes not listed here.",
                known.join(", ")
            )))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ReasonCode {}

impl<'de> Deserialize<'de> for ReasonCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| ReasonCode::parse(&s))
    }
}

/// One reason a filing was rejected: a code, the field it concerns (if any) and a free-text
/// detail from the reviewer (rendered as text, never as markup).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_field"
    )]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A field name this version does not know becomes `None`: the reason still shows.
fn lenient_field<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Field>, D::Error> {
    let name: Option<String> = Option::deserialize(d)?;
    Ok(name.as_deref().and_then(Field::from_api_name))
}

/// The causes of "设备未报备" the guide explains (shared/domain.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    DeviceNotActivated,
    FilingInfoWrong,
    Network,
    Maintenance,
    MerchantNotQualified,
    QrCodeBoundElsewhere,
    SecurityCheckFailed,
    RulesChanged,
    /// The terminal is filed by another merchant: bought second-hand, filed by mistake, or not
    /// the merchant's device.
    HeldElsewhere,
    /// The terminal was moved (移机) and its filed placement no longer matches.
    TerminalMoved,
}

impl Cause {
    pub const ALL: [Cause; 10] = [
        Cause::DeviceNotActivated,
        Cause::FilingInfoWrong,
        Cause::Network,
        Cause::Maintenance,
        Cause::MerchantNotQualified,
        Cause::QrCodeBoundElsewhere,
        Cause::SecurityCheckFailed,
        Cause::RulesChanged,
        Cause::HeldElsewhere,
        Cause::TerminalMoved,
    ];

    /// Stable id for deep links (`#cause-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            Cause::DeviceNotActivated => "device-not-activated",
            Cause::FilingInfoWrong => "filing-info-wrong",
            Cause::Network => "network",
            Cause::Maintenance => "maintenance",
            Cause::MerchantNotQualified => "merchant-not-qualified",
            Cause::QrCodeBoundElsewhere => "qr-code-bound-elsewhere",
            Cause::SecurityCheckFailed => "security-check-failed",
            Cause::RulesChanged => "rules-changed",
            Cause::HeldElsewhere => "held-elsewhere",
            Cause::TerminalMoved => "terminal-moved",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_round_trip_and_unknown_codes_survive() {
        for code in ReasonCode::KNOWN {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<ReasonCode>(&json).unwrap(), code);
            assert!(code.cause().is_some(), "{code:?} has a guide cause");
        }
        let r: Reason = serde_json::from_str(
            r#"{"code":"NEW_POLICY_2027","field":"future_field","detail":"<b>x</b>"}"#,
        )
        .unwrap();
        assert_eq!(r.code, ReasonCode::Other("NEW_POLICY_2027".into()));
        assert_eq!(r.code.cause(), None);
        assert_eq!(r.field, None);
        assert_eq!(r.detail.as_deref(), Some("<b>x</b>"));
    }

    #[test]
    fn reason_wire_format() {
        let r = Reason {
            code: ReasonCode::QrCodeBoundElsewhere,
            field: Some(Field::QrCode),
            detail: None,
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"code":"QR_CODE_BOUND_ELSEWHERE","field":"qr_code"}"#
        );
        assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), r);
    }

    #[test]
    fn every_cause_has_a_unique_slug() {
        for c in Cause::ALL {
            assert_eq!(Cause::from_slug(c.slug()), Some(c));
        }
    }
}
