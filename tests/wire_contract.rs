//! The widget reads JSON with its own readers (no serde in the bundle); this checks them against
//! the contract: every wire type the widget reads, written by filing-core's serde types exactly
//! as the server writes it, must read back equal, and a wrong member must be named.
#![cfg(target_arch = "wasm32")]

use filing_core::api::{
    ChangeStatus, DeregisterReason, Deregistration, DeviceFacts, ErrorBody, ErrorEnvelope,
    EventKind, FieldError, FilingEvent, FilingRecord, FilingStatus, Health, HealthStatus,
    MerchantProfile, PlacementChange, PolicyInfo, QrBinding, QrFacts, TerminalStatus,
    TransferRecord, TransferStatus,
};
use filing_core::catalog::{Catalog, Manufacturer, Model};
use filing_core::context::ReviewTime;
use filing_core::reason::{Reason, ReasonCode};
use filing_core::rules::Datum;
use filing_core::{DeviceType, Field, FilingInput, MerchantType, Policy, RuleError};
use filing_widget::json::{parse, FromJs};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Written by serde as the server writes it, read by the widget.
fn round_trip<T>(value: &T)
where
    T: serde::Serialize + FromJs + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    let read = parse::<T>(&text).unwrap_or_else(|e| panic!("{text}: fails at {:?}", e.path()));
    assert_eq!(&read, value, "{text}");
}

fn every_field() -> FilingInput {
    let mut input = FilingInput {
        location_datum: Datum::Gcj02,
        ..FilingInput::default()
    };
    for f in Field::ALL {
        input.set(f, format!("{}·值", f.api_name()));
    }
    input
}

fn record(status: FilingStatus, reasons: Vec<Reason>) -> FilingRecord {
    FilingRecord {
        id: "f_0123456789abcdef".into(),
        status,
        version: 3,
        submission: every_field(),
        reasons,
        reasons_version: Some(2),
        created_at: "2026-12-01T10:00:00Z".into(),
        updated_at: "2026-12-01T10:05:00Z".into(),
        deregistered: None,
        change: None,
    }
}

fn reasons() -> Vec<Reason> {
    vec![
        Reason {
            code: ReasonCode::QrCodeBoundElsewhere,
            field: Some(Field::QrCode),
            detail: None,
        },
        Reason {
            code: ReasonCode::Other("NEW_CODE_2027".into()),
            field: None,
            detail: Some("<b>备注</b>".into()),
        },
    ]
}

#[wasm_bindgen_test]
fn every_wire_type_reads_back_as_serde_wrote_it() {
    round_trip(&Health {
        status: HealthStatus::Maintenance,
        until: Some("2026-12-01T22:00:00Z".into()),
    });
    round_trip(&Health {
        status: HealthStatus::Ok,
        until: None,
    });
    round_trip(&Catalog {
        manufacturers: vec![Manufacturer {
            code: "NEWLAND".into(),
            name: "新大陆".into(),
            models: vec![Model {
                code: "N910".into(),
                name: "N910 智能POS".into(),
                network_licence: "P3100".into(),
                device_types: vec![DeviceType::SmartPos, DeviceType::Barcode],
                certified: true,
            }],
        }],
    });
    round_trip(&every_field());
    for status in FilingStatus::ALL {
        round_trip(&record(status, reasons()));
    }
    // A filing's later life: deregistered with its reason, an approved one with a change under
    // review or rejected, and a transfer request on a terminal's status.
    let mut deregistered = record(FilingStatus::Revoked, vec![]);
    deregistered.deregistered = Some(Deregistration {
        at: "2026-12-01T11:00:00Z".into(),
        reason: DeregisterReason::ShopClosed,
    });
    round_trip(&deregistered);
    for status in ChangeStatus::ALL {
        let mut moving = record(FilingStatus::Approved, vec![]);
        moving.change = Some(PlacementChange {
            status,
            submission: every_field(),
            submitted_at: "2026-12-01T12:00:00Z".into(),
            reasons: reasons(),
        });
        round_trip(&moving);
    }
    for status in TransferStatus::ALL {
        round_trip(&TransferRecord {
            id: "t_0123456789abcdef".into(),
            terminal: "SB-OK-0002".into(),
            status,
            created_at: "2026-12-01T10:00:00Z".into(),
            resolved_at: (status != TransferStatus::Pending).then(|| "2026-12-01T10:01:00Z".into()),
        });
    }
    let mut bare = record(FilingStatus::Pending, vec![]);
    bare.reasons_version = None;
    round_trip(&bare);
    round_trip(&vec![record(FilingStatus::Approved, vec![]), bare]);
    round_trip(
        &EventKind::ALL
            .iter()
            .map(|&kind| FilingEvent {
                at: "2026-12-01T10:00:00Z".into(),
                kind,
                version: 1,
                reasons: reasons(),
                detail: Some("sold".into()),
            })
            .collect::<Vec<_>>(),
    );
    for binding in QrBinding::ALL {
        round_trip(&TerminalStatus {
            serial_number: "SB-OK-0001".into(),
            filing: Some(record(FilingStatus::Rejected, reasons())),
            filed_by_another_merchant: true,
            device: Some(DeviceFacts {
                manufacturer: "NEWLAND".into(),
                model: "N910".into(),
                activated: true,
                security_check_passed: false,
                certified_model: true,
                location_required: true,
                terminal_id: Some("10200001".into()),
            }),
            qr: Some(QrFacts {
                qr_code: "QR-FREE-0001".into(),
                binding,
            }),
            merchant_qualified: Some(false),
            transfer: None,
        });
    }
    round_trip(&TerminalStatus {
        serial_number: "SB-UNKNOWN-01".into(),
        filing: None,
        filed_by_another_merchant: false,
        device: None,
        qr: None,
        merchant_qualified: None,
        transfer: Some(TransferRecord {
            id: "t_1".into(),
            terminal: "SB-UNKNOWN-01".into(),
            status: TransferStatus::Approved,
            created_at: "2026-12-01T10:00:00Z".into(),
            resolved_at: Some("2026-12-01T10:01:00Z".into()),
        }),
    });
    for (merchant_type, credit_code, operator_id_number) in [
        (
            MerchantType::Enterprise,
            Some("91350100M000100Y43".to_owned()),
            None,
        ),
        (
            MerchantType::Micro,
            None,
            Some("110***********002X".to_owned()),
        ),
    ] {
        round_trip(&MerchantProfile {
            merchant_id: "898310058120003".into(),
            name: "李记早餐店（连锁）".into(),
            merchant_type,
            credit_code,
            operator_id_number,
            contact_name: "李四".into(),
            contact_mobile: "13900139000".into(),
            device_types: vec![DeviceType::Barcode, DeviceType::BarcodeAuxiliary],
        });
    }
    // The policy, as the served document (with its per-type requirements) carries it.
    let policy = Policy {
        location_or_ip_required: true,
        terminal_id_required_for: [DeviceType::SmartPos, DeviceType::Mis]
            .into_iter()
            .collect(),
        review_time: ReviewTime {
            typical_secs: 5,
            longest_secs: 6,
        },
    };
    let served = serde_json::to_string(&PolicyInfo::of(policy)).unwrap();
    assert_eq!(parse::<Policy>(&served).unwrap(), policy, "{served}");
    for code in RuleError::ALL {
        round_trip(&ErrorEnvelope {
            error: ErrorBody {
                code: "VALIDATION_FAILED".into(),
                message: "one or more fields are invalid".into(),
                fields: Field::ALL
                    .iter()
                    .map(|&field| FieldError { field, code })
                    .collect(),
            },
        });
    }
}

#[wasm_bindgen_test]
fn a_wrong_member_is_named_by_its_path() {
    let mut v = serde_json::to_value(TerminalStatus {
        serial_number: "SB-OK-0001".into(),
        filing: Some(record(FilingStatus::Approved, reasons())),
        filed_by_another_merchant: false,
        device: None,
        qr: None,
        merchant_qualified: None,
        transfer: None,
    })
    .unwrap();
    v["filing"]["submission"]["serial_number"] = serde_json::json!(5);
    let e = parse::<TerminalStatus>(&v.to_string()).unwrap_err();
    assert_eq!(e.path(), "filing.submission.serial_number");
    v["filing"]["submission"]["serial_number"] = serde_json::json!("SB-OK-0001");
    v["filing"]["reasons"][1]["code"] = serde_json::json!(null);
    let e = parse::<TerminalStatus>(&v.to_string()).unwrap_err();
    assert_eq!(e.path(), "filing.reasons[].code");
    v["filing"]["status"] = serde_json::json!("archived");
    assert_eq!(
        parse::<TerminalStatus>(&v.to_string()).unwrap_err().path(),
        "filing.status"
    );
    assert_eq!(parse::<Health>("not json").unwrap_err().path(), "");
}

/// The form is prefilled with the merchant of the session's JWT (its `mid` claim, base64url with
/// `-`, `_` and no padding, UTF-8 elsewhere in the payload); anything else prefills nothing.
#[wasm_bindgen_test]
fn the_merchant_number_is_read_from_the_tokens_mid_claim() {
    use filing_widget::api::merchant_of_token;
    let h = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    let mid = Some("898310058120001".to_owned());
    for payload in [
        "eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTl9",
        "eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTksImlzcyI6ImFjcT4-In0",
        "eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTksImlzcyI6ImF-fn4_PiJ9",
        "eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTksImlzcyI6IuS4reaWhz8-In0",
    ] {
        assert_eq!(
            merchant_of_token(&format!("{h}.{payload}.c2ln")),
            mid,
            "{payload}"
        );
    }
    for bad in [
        "v1.898310058120001.9999999999.sig".to_owned(),
        format!("{h}.eyJtaWQiOiIxMjMiLCJleHAiOjF9.c2ln"),
        format!("{h}..c2ln"),
        format!("{h}.!!!.c2ln"),
        format!("{h}.eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTl9"),
        String::new(),
    ] {
        assert_eq!(merchant_of_token(&bad), None, "{bad}");
    }
}
