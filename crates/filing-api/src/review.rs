//! The reviewer: what an acquirer / clearing network checks before a filing counts. It moves
//! pending filings to approved or rejected (with reasons) once their review is due, and resumes
//! after a restart because due times live in the database.

use std::time::Duration;

use filing_core::api::{EventKind, FilingRecord, FilingStatus};
use filing_core::catalog::Catalog;
use filing_core::normalize::for_comparison;
use filing_core::{Field, Reason, ReasonCode};
use rusqlite::Connection;

use crate::state::AppState;
use crate::{clock, registry, store};

fn reason(code: ReasonCode, field: Option<Field>, detail: Option<&str>) -> Reason {
    Reason {
        code,
        field,
        detail: detail.map(str::to_owned),
    }
}

/// The outcome of reviewing one submission.
pub fn review(
    conn: &Connection,
    catalog: &Catalog,
    merchant: &str,
    filing: &FilingRecord,
) -> rusqlite::Result<(FilingStatus, Vec<Reason>)> {
    let s = &filing.submission;
    let mut reasons = vec![];

    if !s.serial_number.is_empty() {
        match registry::device(conn, &s.serial_number)? {
            None => reasons.push(reason(
                ReasonCode::SerialNotFound,
                Some(Field::SerialNumber),
                Some("序列号不在设备登记库中 / serial number not in the device registry"),
            )),
            Some(device) => {
                match device.outcome.as_deref() {
                    Some("reject_without_reason") => return Ok((FilingStatus::Rejected, vec![])),
                    Some("unknown_code") => {
                        return Ok((
                            FilingStatus::Rejected,
                            vec![reason(
                                ReasonCode::Other("ACQUIRER_RISK_REVIEW".into()),
                                None,
                                Some("风控复核未通过 <请联系客户经理>"),
                            )],
                        ))
                    }
                    _ => {}
                }
                if !device.activated {
                    reasons.push(reason(
                        ReasonCode::DeviceNotActivated,
                        Some(Field::SerialNumber),
                        None,
                    ));
                }
                if !device.security_passed {
                    reasons.push(reason(
                        ReasonCode::DeviceSecurityCheckFailed,
                        Some(Field::SerialNumber),
                        None,
                    ));
                }
                if (device.manufacturer.as_str(), device.model.as_str())
                    != (s.manufacturer.as_str(), s.model.as_str())
                {
                    reasons.push(reason(
                        ReasonCode::DeviceModelMismatch,
                        Some(Field::Model),
                        Some(&format!(
                            "登记型号 / registered model: {} {}",
                            device.manufacturer, device.model
                        )),
                    ));
                }
                let certified = catalog
                    .model(&device.manufacturer, &device.model)
                    .is_some_and(|m| m.certified);
                if !certified {
                    reasons.push(reason(
                        ReasonCode::ModelNotCertified,
                        Some(Field::Model),
                        None,
                    ));
                }
                if device.location_required && s.location.is_empty() && s.device_ip.is_empty() {
                    reasons.push(reason(
                        ReasonCode::LocationRequired,
                        Some(Field::Location),
                        None,
                    ));
                }
            }
        }
    }

    if !s.qr_code.is_empty() {
        match registry::qr_binding(conn, &s.qr_code)? {
            None => reasons.push(reason(
                ReasonCode::FieldInvalid,
                Some(Field::QrCode),
                Some("码牌编号不存在 / no such QR stand"),
            )),
            Some(Some(owner)) if owner != merchant => reasons.push(reason(
                ReasonCode::QrCodeBoundElsewhere,
                Some(Field::QrCode),
                None,
            )),
            Some(_) => {}
        }
    }

    match registry::merchant(conn, merchant)? {
        None => reasons.push(reason(
            ReasonCode::MerchantInfoMismatch,
            Some(Field::MerchantId),
            None,
        )),
        Some(record) => {
            if let Some(d) = filing.submission.device() {
                if !record.device_types.contains(&d) {
                    reasons.push(reason(
                        ReasonCode::MerchantNotQualified,
                        Some(Field::DeviceType),
                        None,
                    ));
                }
            }
            // Names are compared as words, whatever brackets, width or spaces were typed.
            let same = |a: &str, b: &str| for_comparison(a) == for_comparison(b);
            let mut mismatch = |field| {
                reasons.push(reason(ReasonCode::MerchantInfoMismatch, Some(field), None));
            };
            if s.merchant() != Some(record.merchant_type) {
                mismatch(Field::MerchantType);
            }
            if !same(&record.name, &s.merchant_name) {
                mismatch(Field::MerchantName);
            }
            if record.merchant_type.licensed() {
                if !same(&record.credit_code, &s.credit_code) {
                    mismatch(Field::CreditCode);
                }
            } else if record.operator_id_number.as_deref() != Some(s.operator_id_number.as_str()) {
                mismatch(Field::OperatorIdNumber);
            }
        }
    }

    let status = if reasons.is_empty() {
        FilingStatus::Approved
    } else {
        FilingStatus::Rejected
    };
    Ok((status, reasons))
}

/// Reviews every due filing; returns how many were settled.
pub fn review_due(state: &AppState) -> rusqlite::Result<usize> {
    let mut conn = state.db.lock();
    let due = store::due_for_review(&conn, clock::now_millis(), 100)?;
    let mut settled = 0;
    for (id, merchant, version) in due {
        let tx = conn.transaction()?;
        if let Some(filing) = store::get_filing(&tx, &merchant, &id)? {
            let (status, reasons) = review(&tx, &state.catalog, &merchant, &filing)?;
            let kind = if status == FilingStatus::Approved {
                EventKind::Approved
            } else {
                EventKind::Rejected
            };
            if store::settle(&tx, &id, version, status, kind, &reasons)? {
                settled += 1;
                tracing::info!(filing = %id, ?status, reasons = reasons.len(), "reviewed");
            }
        }
        tx.commit()?;
    }
    Ok(settled)
}

/// Runs until the task is dropped: reviews what is due, then sleeps until the next due time
/// (at most a second) or until a submission wakes it.
pub async fn run(state: AppState) {
    loop {
        let s = state.clone();
        let next = crate::db::blocking(move || {
            if let Err(e) = review_due(&s) {
                tracing::error!(error = %crate::error::chain(&e), "review failed");
            }
            store::next_review_due(&s.db.lock()).ok().flatten()
        })
        .await
        .ok()
        .flatten();
        let wait = next
            .map(|due| (due - clock::now_millis()).clamp(0, 1000) as u64)
            .unwrap_or(1000);
        tokio::select! {
            _ = state.review_wakeup.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
        }
    }
}
