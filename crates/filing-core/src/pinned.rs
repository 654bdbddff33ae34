//! Behaviour the widget and the API rely on, pinned where it is defined. cargo-mutants found each
//! of these could break with no filing-core test failing (only a test in another crate, or none).

use crate::api::{field_errors, EventKind, FieldError, FilingStatus, HealthStatus, QrBinding};
use crate::context::DeviceSet;
use crate::field::Requirement;
use crate::filing::{is_asked, is_required, needs_location_or_ip};
use crate::regions::{Regions, RegionsError};
use crate::{normalize, DeviceType, Field, FieldErrors, FilingInput, MerchantType, Policy};
use crate::{RuleError, Step};

/// An enum's wire names: exactly `want`, each read back by its parser and by serde, nothing
/// else read.
fn names<T>(all: &[T], name: fn(T) -> &'static str, parse: fn(&str) -> Option<T>, want: &[&str])
where
    T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let got: Vec<&str> = all.iter().map(|v| name(*v)).collect();
    assert_eq!(got, want);
    for v in all {
        assert_eq!(parse(name(*v)), Some(*v));
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(json, format!("\"{}\"", name(*v)));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
    }
    assert_eq!(parse("xyzzy"), None);
    assert_eq!(parse(""), None);
}

#[test]
fn wire_names_of_the_contract() {
    names(
        &FilingStatus::ALL,
        FilingStatus::name,
        FilingStatus::from_name,
        &["pending", "approved", "rejected", "revoked", "withdrawn"],
    );
    names(
        &QrBinding::ALL,
        QrBinding::name,
        QrBinding::from_name,
        &["free", "yours", "elsewhere", "unknown"],
    );
    names(
        &EventKind::ALL,
        EventKind::name,
        EventKind::from_name,
        &[
            "submitted",
            "corrected",
            "approved",
            "rejected",
            "revoked",
            "withdrawn",
            "deregistered",
            "change_submitted",
            "change_approved",
            "change_rejected",
            "transferred_away",
        ],
    );
    use crate::api::{ChangeStatus, DeregisterReason, TransferStatus};
    names(
        &DeregisterReason::ALL,
        DeregisterReason::name,
        DeregisterReason::from_name,
        &[
            "sold",
            "broken",
            "shop_closed",
            "replaced",
            "other",
            "transferred",
        ],
    );
    names(
        &ChangeStatus::ALL,
        ChangeStatus::name,
        ChangeStatus::from_name,
        &["pending", "rejected"],
    );
    names(
        &TransferStatus::ALL,
        TransferStatus::name,
        TransferStatus::from_name,
        &["pending", "approved", "rejected"],
    );
    names(
        &[
            HealthStatus::Ok,
            HealthStatus::Maintenance,
            HealthStatus::Degraded,
        ],
        HealthStatus::name,
        HealthStatus::from_name,
        &["ok", "maintenance", "degraded"],
    );
    names(
        &Step::ALL,
        Step::name,
        Step::from_name,
        &["device", "merchant", "placement"],
    );
}

#[test]
fn field_errors_keep_every_error_in_form_order() {
    let errors: FieldErrors = [
        (Field::ContactMobile, RuleError::BadFormat),
        (Field::SerialNumber, RuleError::Required),
    ]
    .into_iter()
    .collect();
    let pairs: Vec<(Field, RuleError)> = errors.iter().map(|(f, e)| (*f, *e)).collect();
    assert_eq!(
        pairs,
        [
            (Field::SerialNumber, RuleError::Required),
            (Field::ContactMobile, RuleError::BadFormat)
        ]
    );
    assert_eq!(
        field_errors(&errors),
        [
            FieldError {
                field: Field::SerialNumber,
                code: RuleError::Required
            },
            FieldError {
                field: Field::ContactMobile,
                code: RuleError::BadFormat
            }
        ]
    );
}

#[test]
fn a_device_set_is_its_codes_on_the_wire() {
    let set: DeviceSet = [DeviceType::SmartPos, DeviceType::TraditionalPos]
        .into_iter()
        .collect();
    assert!(set.contains(DeviceType::SmartPos) && set.contains(DeviceType::TraditionalPos));
    assert!(!set.contains(DeviceType::Atm));
    assert_eq!(
        set.iter().collect::<Vec<_>>(),
        [DeviceType::TraditionalPos, DeviceType::SmartPos]
    );
    assert_eq!(serde_json::to_string(&set).unwrap(), r#"["02","04"]"#);
    assert_eq!(
        serde_json::from_str::<DeviceSet>(r#"["04","02"]"#).unwrap(),
        set
    );
    // The same type twice is the type once.
    let twice: DeviceSet = [DeviceType::Mpos, DeviceType::Mpos].into_iter().collect();
    assert_eq!(twice.iter().collect::<Vec<_>>(), [DeviceType::Mpos]);
}

#[test]
fn masked_hides_only_a_whole_id_number() {
    let input = FilingInput {
        operator_id_number: "11010519491231002X".into(),
        merchant_name: "李记早餐店".into(),
        ..FilingInput::default()
    };
    let masked = input.clone().masked();
    assert_eq!(masked.operator_id_number, "110***********002X");
    assert_eq!(masked.merchant_name, "李记早餐店", "nothing else changes");
    let again = masked.clone().masked();
    assert_eq!(again, masked, "an already masked number stays as it is");
    let none = FilingInput {
        merchant_name: "x".into(),
        ..FilingInput::default()
    };
    assert_eq!(none.clone().masked(), none);
}

fn filing(device: &str, merchant: &str) -> FilingInput {
    FilingInput {
        device_type: device.into(),
        merchant_type: merchant.into(),
        ..FilingInput::default()
    }
}

#[test]
fn requiredness_by_device_merchant_and_policy() {
    let policy = Policy::default();
    let pos = filing("04", "enterprise");
    let stand = filing("11", "micro");
    assert!(is_required(&pos, Field::SerialNumber, policy));
    assert!(!is_required(&stand, Field::SerialNumber, policy));
    assert!(is_required(&stand, Field::QrCode, policy));
    assert!(!is_required(&pos, Field::QrCode, policy));
    assert!(is_asked(&pos, Field::CreditCode, policy));
    assert!(!is_asked(&stand, Field::CreditCode, policy));
    assert!(is_asked(&stand, Field::OperatorIdNumber, policy));
    assert!(!is_asked(&pos, Field::OperatorIdNumber, policy));
    assert!(
        is_asked(&pos, Field::StoreName, policy),
        "optional is asked"
    );
    assert!(!is_required(&pos, Field::StoreName, policy));
    assert_eq!(
        stand.requirement(Field::CreditCode, &policy),
        Requirement::NotAsked
    );
    // Barcode terminals always need a location or an IP; the others when the policy says so.
    assert!(needs_location_or_ip(&filing("10", "enterprise"), policy));
    assert!(needs_location_or_ip(&stand, policy));
    assert!(!needs_location_or_ip(&pos, policy));
    let strict = Policy {
        location_or_ip_required: true,
        ..policy
    };
    assert!(needs_location_or_ip(&pos, strict));
}

#[test]
fn only_micro_merchants_have_no_licence() {
    let licensed: Vec<bool> = MerchantType::ALL.iter().map(|m| m.licensed()).collect();
    let micro: Vec<bool> = MerchantType::ALL
        .iter()
        .map(|m| *m == MerchantType::Micro)
        .collect();
    assert_eq!(licensed, micro.iter().map(|m| !m).collect::<Vec<_>>());
    assert!(micro.contains(&true) && micro.contains(&false));
}

#[test]
fn the_ideographic_space_is_a_space() {
    assert_eq!(normalize::to_half_width('\u{3000}'), ' ');
    assert_eq!(normalize::to_half_width('Ａ'), 'A');
    assert_eq!(normalize::to_half_width('店'), '店');
}

#[test]
fn regions_finals_and_errors() {
    let regions = Regions::parse(
        "# regions test\n31 上海市\n3101 市辖区\n310104 徐汇区\n44 广东省\n4419 东莞市\n4401 广州市\n440106 天河区\n",
    )
    .unwrap();
    assert_eq!(
        regions.finals().collect::<Vec<_>>(),
        ["310104", "440106", "441900"],
        "counties, and a prefecture without counties as <code>00"
    );
    assert_eq!(
        RegionsError::MissingHeader.to_string(),
        "no \"# regions <version>\" header"
    );
    assert_eq!(
        RegionsError::BadLine(3).to_string(),
        "line 3 is not \"code name\""
    );
}
