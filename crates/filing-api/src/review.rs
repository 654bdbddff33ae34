//! The reviewer: what an acquirer / clearing network checks before a filing counts. It moves
//! pending filings to approved or rejected (with reasons) once their review is due, and resumes
//! after a restart because due times live in the database.

use std::time::Duration;

use filing_core::api::{EventKind, FilingRecord, FilingStatus, PlacementChange};
use filing_core::catalog::Catalog;
use filing_core::normalize::for_comparison;
use filing_core::{Field, Reason, ReasonCode};

use crate::sql::{self, Conn};
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
pub async fn review(
    conn: &mut Conn,
    catalog: &Catalog,
    merchant: &str,
    filing: &FilingRecord,
) -> sql::Result<(FilingStatus, Vec<Reason>)> {
    let s = &filing.submission;
    let mut reasons = vec![];

    if !s.serial_number.is_empty() {
        match registry::device(conn, &s.serial_number).await? {
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
        match registry::qr_binding(conn, &s.qr_code).await? {
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

    match registry::merchant(conn, merchant).await? {
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

/// A placement change's review: the filing as it would be, reviewed like a submission, and a
/// move to another city refused (the terminal must be deregistered and filed at its new address).
pub async fn review_change(
    conn: &mut Conn,
    catalog: &Catalog,
    merchant: &str,
    filing: &FilingRecord,
    change: &PlacementChange,
) -> sql::Result<Vec<Reason>> {
    let proposed = FilingRecord {
        submission: change.submission.clone(),
        ..filing.clone()
    };
    let (_, mut reasons) = review(conn, catalog, merchant, &proposed).await?;
    let city = |region: &str| region.get(..4).map(str::to_owned);
    if city(&filing.submission.region) != city(&change.submission.region) {
        reasons.push(reason(
            ReasonCode::MoveOutsideCity,
            Some(Field::Region),
            Some("跨城市移机需注销后在新地址重新报备 / a move to another city needs a new filing"),
        ));
    }
    Ok(reasons)
}

/// The notification of a completed review, queued with it (see [`crate::notify`]).
fn notification(
    kind: &str,
    merchant: &str,
    filing: Option<&FilingRecord>,
    extra: serde_json::Value,
) -> String {
    let mut body = serde_json::json!({
        "id": store::new_id().replacen("f_", "n_", 1),
        "type": kind,
        "at": clock::now_rfc3339(),
        "merchant_id": merchant,
    });
    if let Some(f) = filing {
        body["filing_id"] = f.id.clone().into();
        body["serial_number"] = f.submission.serial_number.clone().into();
        body["qr_code"] = f.submission.qr_code.clone().into();
        body["contact_mobile"] = f.submission.contact_mobile.clone().into();
    }
    if let (Some(obj), serde_json::Value::Object(more)) = (body.as_object_mut(), extra) {
        obj.extend(more);
    }
    body.to_string()
}

fn reason_codes(reasons: &[Reason]) -> Vec<String> {
    reasons.iter().map(|r| r.code.as_str().to_owned()).collect()
}

/// Reviews every due filing, placement change and transfer request (up to 100 of each);
/// returns how many were settled. Each is taken and settled in its own transaction with its
/// notification; on PostgreSQL the row is locked while it is reviewed and rows another
/// instance holds are skipped, so each is reviewed by one instance only.
pub async fn review_due(state: &AppState) -> sql::Result<usize> {
    let now = clock::now_millis();
    let mut settled = 0;
    for _ in 0..100 {
        let mut tx = state.db.begin().await?;
        let Some((id, merchant, version)) = store::due_for_review(&mut tx, now).await? else {
            break;
        };
        if let Some(filing) = store::get_filing(&mut tx, &merchant, &id).await? {
            let (status, reasons) = review(&mut tx, &state.catalog, &merchant, &filing).await?;
            let kind = if status == FilingStatus::Approved {
                EventKind::Approved
            } else {
                EventKind::Rejected
            };
            if store::settle(&mut tx, &id, version, status, kind, &reasons).await? {
                settled += 1;
                tracing::info!(filing = %id, ?status, reasons = reasons.len(), "reviewed");
                let extra = serde_json::json!({
                    "status": status.name(),
                    "reasons": reason_codes(&reasons),
                });
                let body = notification("filing.reviewed", &merchant, Some(&filing), extra);
                store::enqueue(&mut tx, "filing.reviewed", &body).await?;
            }
        }
        tx.commit().await?;
    }
    for _ in 0..100 {
        let mut tx = state.db.begin().await?;
        let Some((id, merchant, version)) = store::due_change(&mut tx, now).await? else {
            break;
        };
        if let Some(filing) = store::get_filing(&mut tx, &merchant, &id).await? {
            if let Some(change) = filing.change.clone() {
                let reasons =
                    review_change(&mut tx, &state.catalog, &merchant, &filing, &change).await?;
                if let Some(approved) =
                    store::settle_change(&mut tx, &id, version, &reasons).await?
                {
                    settled += 1;
                    tracing::info!(filing = %id, approved, "placement change reviewed");
                    let extra = serde_json::json!({
                        "status": if approved { "approved" } else { "rejected" },
                        "reasons": reason_codes(&reasons),
                    });
                    let body =
                        notification("filing.change_reviewed", &merchant, Some(&filing), extra);
                    store::enqueue(&mut tx, "filing.change_reviewed", &body).await?;
                }
            }
        }
        tx.commit().await?;
    }
    // The sandbox's acquirer grants every transfer request once it is due: the filing holding
    // the terminal is deregistered for the requester.
    for _ in 0..100 {
        let mut tx = state.db.begin().await?;
        let Some((id, merchant, terminal)) = store::due_transfer(&mut tx, now).await? else {
            break;
        };
        let released = store::resolve_transfer(&mut tx, &id, &merchant, &terminal, true).await?;
        tracing::info!(transfer = %id, ?released, "transfer request resolved");
        let extra = serde_json::json!({
            "transfer_id": id,
            "terminal": terminal,
            "status": "approved",
        });
        store::enqueue(
            &mut tx,
            "transfer.resolved",
            &notification("transfer.resolved", &merchant, None, extra),
        )
        .await?;
        tx.commit().await?;
        settled += 1;
    }
    if settled > 0 {
        state.notify_wakeup.notify_one();
    }
    Ok(settled)
}

/// The earliest due time of anything the reviewer does.
async fn next_due(conn: &mut Conn) -> sql::Result<Option<i64>> {
    let times = [
        store::next_review_due(conn).await?,
        store::next_change_due(conn).await?,
        store::next_transfer_due(conn).await?,
    ];
    Ok(times.into_iter().flatten().min())
}

/// Runs until the task is dropped: reviews what is due, then sleeps until the next due time
/// (at most a second) or until a submission wakes it.
pub async fn run(state: AppState) {
    loop {
        if let Err(e) = review_due(&state).await {
            tracing::error!(error = %crate::cause::chain(&e), "review failed");
        }
        let next = match state.db.conn().await {
            Ok(mut conn) => next_due(&mut conn).await.ok().flatten(),
            Err(_) => None,
        };
        let wait = next
            .map(|due| (due - clock::now_millis()).clamp(0, 1000) as u64)
            .unwrap_or(1000);
        tokio::select! {
            _ = state.review_wakeup.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use filing_core::api::ChangeStatus;
    use filing_core::FilingInput;

    const MID: &str = "898310058120001";

    /// A database with the sandbox registry, and its catalog.
    async fn sandbox() -> (crate::db::testing::TestDb, Conn, Catalog) {
        let db = crate::db::testing::TestDb::new().await;
        let seed = registry::parse_seed(registry::SANDBOX_SEED).unwrap();
        registry::load(&db.db, &seed).await.unwrap();
        let conn = db.db.conn().await.unwrap();
        (db, conn, seed.catalog)
    }

    fn filing(qr: &str) -> FilingRecord {
        let mut submission = registry::sandbox_filing("SB-OK-0001");
        submission.qr_code = qr.to_owned();
        FilingRecord {
            id: "f_1".into(),
            status: FilingStatus::Pending,
            version: 1,
            submission,
            reasons: vec![],
            reasons_version: None,
            created_at: String::new(),
            updated_at: String::new(),
            deregistered: None,
            change: None,
        }
    }

    fn qr_reasons(reasons: &[Reason]) -> Vec<&ReasonCode> {
        reasons
            .iter()
            .filter(|r| r.field == Some(Field::QrCode))
            .map(|r| &r.code)
            .collect()
    }

    /// The reviewer checks the QR stand's binding again (it may have changed since submission):
    /// bound to another merchant is refused, bound to this one is fine.
    #[tokio::test]
    async fn a_qr_stand_bound_to_another_merchant_is_refused_and_ones_own_is_not() {
        let (_db, mut conn, catalog) = sandbox().await;
        let (status, reasons) = review(&mut conn, &catalog, MID, &filing("QR-BOUND-0001"))
            .await
            .unwrap();
        assert_eq!(status, FilingStatus::Rejected);
        assert_eq!(qr_reasons(&reasons), [&ReasonCode::QrCodeBoundElsewhere]);
        conn.execute(
            "UPDATE qr_stands SET bound_merchant = ?1 WHERE qr_code = 'QR-FREE-0001'",
            crate::params![MID],
        )
        .await
        .unwrap();
        let (_, reasons) = review(&mut conn, &catalog, MID, &filing("QR-FREE-0001"))
            .await
            .unwrap();
        assert!(qr_reasons(&reasons).is_empty(), "{reasons:?}");
    }

    /// A placement change is reviewed as the filing would be with it, not as it is; a move to
    /// another city is refused.
    #[tokio::test]
    async fn a_change_is_reviewed_as_proposed() {
        let (_db, mut conn, catalog) = sandbox().await;
        let mut approved = filing("QR-FREE-0001");
        approved.status = FilingStatus::Approved;
        let mut proposed = approved.submission.clone();
        proposed.qr_code = "QR-BOUND-0001".into();
        let change = PlacementChange {
            status: ChangeStatus::Pending,
            submission: proposed.clone(),
            submitted_at: String::new(),
            reasons: vec![],
        };
        let reasons = review_change(&mut conn, &catalog, MID, &approved, &change)
            .await
            .unwrap();
        assert_eq!(qr_reasons(&reasons), [&ReasonCode::QrCodeBoundElsewhere]);
        assert!(!reasons
            .iter()
            .any(|r| r.code == ReasonCode::MoveOutsideCity));
        let elsewhere = PlacementChange {
            submission: FilingInput {
                region: "110101".into(),
                ..approved.submission.clone()
            },
            ..change
        };
        let reasons = review_change(&mut conn, &catalog, MID, &approved, &elsewhere)
            .await
            .unwrap();
        assert!(reasons
            .iter()
            .any(|r| r.code == ReasonCode::MoveOutsideCity));
    }

    /// A notification names the reasons by their codes.
    #[test]
    fn notifications_carry_the_reason_codes() {
        let reasons = [
            reason(ReasonCode::QrCodeBoundElsewhere, Some(Field::QrCode), None),
            reason(ReasonCode::DeviceNotActivated, None, None),
        ];
        assert_eq!(
            reason_codes(&reasons),
            ["QR_CODE_BOUND_ELSEWHERE", "DEVICE_NOT_ACTIVATED"]
        );
    }
}
