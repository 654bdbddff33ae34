//! All SQL of the API. Every write is one transaction; uniqueness (one active filing per serial,
//! per QR stand) is enforced by the database's unique indexes, so concurrent requests cannot
//! both win.

use crate::params;
use crate::sql::{self, Conn, Row};
use filing_core::api::{
    ChangeStatus, DeregisterReason, Deregistration, EventKind, FilingEvent, FilingRecord,
    FilingStatus, PlacementChange, TransferRecord, TransferStatus,
};
use filing_core::{FilingInput, Reason};

use crate::clock;

#[derive(Debug)]
pub enum WriteError {
    NotFound,
    /// Another active filing has this serial number.
    SerialTaken,
    /// Another active filing uses this QR stand.
    QrTaken,
    /// Only rejected filings can be corrected.
    NotCorrectable(FilingStatus),
    /// The action does not apply to the filing as it is now: the envelope's code says which.
    NotAllowed(&'static str),
    /// `If-Match` named an older version; carries the current one.
    Stale(u32),
    Db(sql::Error),
}

impl From<sql::Error> for WriteError {
    fn from(e: sql::Error) -> Self {
        WriteError::Db(e)
    }
}

/// A stored value that is not one its column may hold: the error names the column.
fn unknown(column: usize, what: &str, value: &str) -> sql::Error {
    sql::Error::Decode {
        column,
        detail: format!("{what} {value}"),
    }
}

fn parse_status(s: &str) -> sql::Result<FilingStatus> {
    FilingStatus::from_name(s).ok_or_else(|| unknown(1, "status", s))
}

fn json_col<T: serde::de::DeserializeOwned>(row: &Row, idx: usize) -> sql::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| sql::Error::Decode {
        column: idx,
        detail: e.to_string(),
    })
}

const FILING_COLUMNS: &str =
    "id, status, version, submission, reasons, reasons_version, created_at, updated_at, \
     deregistered_at, deregister_reason, change_status, change_submission, change_submitted_at, \
     change_reasons";

fn filing_from_row(row: &Row) -> sql::Result<FilingRecord> {
    filing_from_row_at(row, 0)
}

/// A filing from [`FILING_COLUMNS`] starting at column `at`.
fn filing_from_row_at(row: &Row, at: usize) -> sql::Result<FilingRecord> {
    Ok(FilingRecord {
        id: row.get(at)?,
        status: parse_status(&row.get::<String>(at + 1)?)?,
        version: row.get(at + 2)?,
        submission: json_col(row, at + 3)?,
        reasons: json_col(row, at + 4)?,
        reasons_version: row.get(at + 5)?,
        created_at: row.get(at + 6)?,
        updated_at: row.get(at + 7)?,
        deregistered: match (
            row.get::<Option<String>>(at + 8)?,
            row.get::<Option<String>>(at + 9)?,
        ) {
            (Some(at_time), Some(reason)) => Some(Deregistration {
                at: at_time,
                reason: DeregisterReason::from_name(&reason)
                    .ok_or_else(|| unknown(at + 9, "deregister reason", &reason))?,
            }),
            _ => None,
        },
        change: match row.get::<Option<String>>(at + 10)? {
            None => None,
            Some(status) => Some(PlacementChange {
                status: ChangeStatus::from_name(&status)
                    .ok_or_else(|| unknown(at + 10, "change status", &status))?,
                submission: json_col(row, at + 11)?,
                submitted_at: row.get(at + 12)?,
                reasons: json_col(row, at + 13)?,
            }),
        },
    })
}

/// Maps a unique-index violation to the rule it enforces.
fn unique_violation(e: sql::Error) -> WriteError {
    match e.violated_constraint() {
        Some(c) if c.contains("qr_code") => WriteError::QrTaken,
        Some(c) if c.contains("serial_number") => WriteError::SerialTaken,
        _ => WriteError::Db(e),
    }
}

/// A random filing id: "f_" and 16 hex digits.
pub fn new_id() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the OS random source works");
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("f_{hex}")
}

async fn add_event(
    conn: &mut Conn,
    id: &str,
    kind: EventKind,
    version: u32,
    reasons: &[Reason],
    at: &str,
) -> sql::Result<()> {
    add_event_with(conn, id, kind, version, reasons, at, None).await
}

async fn add_event_with(
    conn: &mut Conn,
    id: &str,
    kind: EventKind,
    version: u32,
    reasons: &[Reason],
    at: &str,
    detail: Option<&str>,
) -> sql::Result<()> {
    conn.execute(
        "INSERT INTO events (filing_id, at, kind, version, reasons, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            at,
            kind.name(),
            version,
            serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into()),
            detail
        ],
    )
    .await?;
    Ok(())
}

fn to_json_text<T: serde::Serialize>(v: &T) -> Result<String, WriteError> {
    serde_json::to_string(v).map_err(|e| {
        WriteError::Db(sql::Error::Decode {
            column: 0,
            detail: e.to_string(),
        })
    })
}

/// The filing, if `if_match` is its current version: the start of every merchant action.
/// The row stays locked until the caller's transaction ends (see [`Conn::lock_row`]), so two
/// actions with one `If-Match` cannot both pass this check.
async fn current(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
    if_match: u32,
) -> Result<FilingRecord, WriteError> {
    let lock = conn.lock_row();
    let current = conn
        .query_opt(
            &format!(
                "SELECT {FILING_COLUMNS} FROM filings WHERE id = ?1 AND merchant_id = ?2{lock}"
            ),
            params![id, merchant],
            filing_from_row,
        )
        .await?
        .ok_or(WriteError::NotFound)?;
    if current.version != if_match {
        return Err(WriteError::Stale(current.version));
    }
    Ok(current)
}

/// Withdraws a pending or rejected filing: it holds nothing afterwards.
pub async fn withdraw(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
    if_match: u32,
) -> Result<FilingRecord, WriteError> {
    let filing = current(conn, merchant, id, if_match).await?;
    if !filing.status.withdrawable() {
        return Err(WriteError::NotAllowed(
            filing_core::api::codes::NOT_WITHDRAWABLE,
        ));
    }
    let (version, now) = (if_match + 1, clock::now_rfc3339());
    conn.execute(
        "UPDATE filings SET status = 'withdrawn', version = ?1, review_due_at = NULL,
                updated_at = ?2 WHERE id = ?3 AND version = ?4",
        params![version, now, id, if_match],
    )
    .await?;
    add_event(conn, id, EventKind::Withdrawn, version, &[], &now).await?;
    get_filing(conn, merchant, id)
        .await?
        .ok_or(WriteError::NotFound)
}

/// Deregisters (注销) an approved filing: its serial number and QR stand are free afterwards.
/// A pending placement change goes with it.
pub async fn deregister(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
    if_match: u32,
    reason: DeregisterReason,
) -> Result<FilingRecord, WriteError> {
    let filing = current(conn, merchant, id, if_match).await?;
    if filing.status != FilingStatus::Approved {
        return Err(WriteError::NotAllowed(
            filing_core::api::codes::NOT_DEREGISTRABLE,
        ));
    }
    let (version, now) = (if_match + 1, clock::now_rfc3339());
    close(conn, id, version, reason, &now).await?;
    add_event_with(
        conn,
        id,
        EventKind::Deregistered,
        version,
        &[],
        &now,
        Some(reason.name()),
    )
    .await?;
    get_filing(conn, merchant, id)
        .await?
        .ok_or(WriteError::NotFound)
}

async fn close(
    conn: &mut Conn,
    id: &str,
    version: u32,
    reason: DeregisterReason,
    now: &str,
) -> sql::Result<()> {
    conn.execute(
        "UPDATE filings SET status = 'revoked', version = ?1, deregistered_at = ?2,
                deregister_reason = ?3, change_status = NULL, change_submission = NULL,
                change_submitted_at = NULL, change_reasons = '[]', change_due_at = NULL,
                review_due_at = NULL, updated_at = ?2
         WHERE id = ?4",
        params![version, now, reason.name(), id],
    )
    .await?;
    Ok(())
}

/// Submits a placement change (变更布放信息) of an approved filing: `changed` is the whole filing
/// with the new placement. The approved placement stays in force until the change is approved.
pub async fn submit_change(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
    if_match: u32,
    changed: &FilingInput,
    review_due_ms: i64,
) -> Result<FilingRecord, WriteError> {
    let filing = current(conn, merchant, id, if_match).await?;
    if filing.status != FilingStatus::Approved {
        return Err(WriteError::NotAllowed(filing_core::api::codes::NOT_MOVABLE));
    }
    if filing
        .change
        .as_ref()
        .is_some_and(|c| c.status == ChangeStatus::Pending)
    {
        return Err(WriteError::NotAllowed(
            filing_core::api::codes::CHANGE_PENDING,
        ));
    }
    // A new QR stand must not be held by another active filing (checked again when approved).
    if !changed.qr_code.is_empty() && changed.qr_code != filing.submission.qr_code {
        let taken: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM filings WHERE qr_code = ?1 AND id <> ?2
                            AND status IN ('pending','approved'))",
                params![changed.qr_code, id],
                |r| r.get(0),
            )
            .await?;
        if taken {
            return Err(WriteError::QrTaken);
        }
    }
    let (version, now) = (if_match + 1, clock::now_rfc3339());
    conn.execute(
        "UPDATE filings SET version = ?1, change_status = 'pending', change_submission = ?2,
                change_submitted_at = ?3, change_reasons = '[]', change_due_at = ?4,
                updated_at = ?3
         WHERE id = ?5 AND version = ?6",
        params![
            version,
            to_json_text(changed)?,
            now,
            review_due_ms,
            id,
            if_match
        ],
    )
    .await?;
    add_event(conn, id, EventKind::ChangeSubmitted, version, &[], &now).await?;
    get_filing(conn, merchant, id)
        .await?
        .ok_or(WriteError::NotFound)
}

/// Earliest due time of a pending placement change, if any.
pub async fn next_change_due(conn: &mut Conn) -> sql::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(change_due_at) FROM filings WHERE change_status = 'pending'",
        &[],
        |r| r.get(0),
    )
    .await
}

/// Earliest due time of a pending transfer request, if any.
pub async fn next_transfer_due(conn: &mut Conn) -> sql::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(due_at) FROM transfers WHERE status = 'pending'",
        &[],
        |r| r.get(0),
    )
    .await
}

/// The row of `table` that is `pending` and due first (`due` at or before `now_ms`), taken for
/// this transaction (see [`Conn::skip_locked`]): its id, merchant and `third` column.
async fn first_due<T: sql::FromValue>(
    conn: &mut Conn,
    table: &str,
    pending: &str,
    due: &str,
    third: &str,
    now_ms: i64,
) -> sql::Result<Option<(String, String, T)>> {
    let lock = conn.skip_locked();
    conn.query_opt(
        &format!(
            "SELECT id, merchant_id, {third} FROM {table} WHERE {pending} AND {due} <= ?1
             ORDER BY {due} LIMIT 1{lock}"
        ),
        params![now_ms],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .await
}

/// The placement change whose review is due first, taken for this transaction (see
/// [`Conn::skip_locked`]): (id, merchant, version).
pub async fn due_change(
    conn: &mut Conn,
    now_ms: i64,
) -> sql::Result<Option<(String, String, u32)>> {
    first_due(
        conn,
        "filings",
        "change_status = 'pending'",
        "change_due_at",
        "version",
        now_ms,
    )
    .await
}

/// Settles a pending placement change of `version`. Approved, the change becomes the filing's
/// submission (the QR stand index may still refuse it: then it is rejected with that reason);
/// rejected, the approved filing stays as it was. Returns whether it was approved, or `None` if
/// the change was no longer pending at that version.
pub async fn settle_change(
    conn: &mut Conn,
    id: &str,
    version: u32,
    reasons: &[Reason],
) -> sql::Result<Option<bool>> {
    let now = clock::now_rfc3339();
    if reasons.is_empty() {
        let proposed: Option<Option<String>> = conn
            .query_opt(
                "SELECT change_submission FROM filings
                 WHERE id = ?1 AND version = ?2 AND change_status = 'pending'",
                params![id, version],
                |r| r.get(0),
            )
            .await?;
        let Some(Some(proposed)) = proposed else {
            return Ok(None);
        };
        let qr_code = serde_json::from_str::<FilingInput>(&proposed)
            .map(|f| f.qr_code)
            .map_err(|e| sql::Error::Decode {
                column: 0,
                detail: e.to_string(),
            })?;
        let moved = conn
            .execute(
                "UPDATE filings SET submission = change_submission, qr_code = ?4,
                    change_status = NULL, change_submission = NULL, change_submitted_at = NULL,
                    change_reasons = '[]', change_due_at = NULL, updated_at = ?1
             WHERE id = ?2 AND version = ?3 AND change_status = 'pending'",
                params![now, id, version, qr_code],
            )
            .await;
        match moved {
            Ok(0) => return Ok(None),
            Ok(_) => {
                add_event(conn, id, EventKind::ChangeApproved, version, &[], &now).await?;
                return Ok(Some(true));
            }
            Err(e) if e.violated_constraint().is_some() => {
                let taken = [Reason {
                    code: filing_core::ReasonCode::QrCodeBoundElsewhere,
                    field: Some(filing_core::Field::QrCode),
                    detail: None,
                }];
                return reject_change(conn, id, version, &taken, &now).await;
            }
            Err(e) => return Err(e),
        }
    }
    reject_change(conn, id, version, reasons, &now).await
}

async fn reject_change(
    conn: &mut Conn,
    id: &str,
    version: u32,
    reasons: &[Reason],
    now: &str,
) -> sql::Result<Option<bool>> {
    let rejected = conn.execute(
        "UPDATE filings SET change_status = 'rejected', change_reasons = ?1, change_due_at = NULL,
                updated_at = ?2
         WHERE id = ?3 AND version = ?4 AND change_status = 'pending'",
        params![
            serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into()),
            now,
            id,
            version
        ],
    ).await?;
    if rejected == 0 {
        return Ok(None);
    }
    add_event(conn, id, EventKind::ChangeRejected, version, reasons, now).await?;
    Ok(Some(false))
}

/// The active (pending or approved) filing that holds a terminal (a serial number, or the QR
/// stand of one filed without): (filing id, merchant).
pub async fn holder(conn: &mut Conn, terminal: &str) -> sql::Result<Option<(String, String)>> {
    conn.query_opt(
        "SELECT id, merchant_id FROM filings
         WHERE status IN ('pending','approved')
           AND (serial_number = ?1 OR (serial_number = '' AND qr_code = ?1))
         LIMIT 1",
        params![terminal],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .await
}

const TRANSFER_COLUMNS: &str = "id, terminal, status, created_at, resolved_at";

fn transfer_from_row(row: &Row) -> sql::Result<TransferRecord> {
    let status: String = row.get(2)?;
    Ok(TransferRecord {
        id: row.get(0)?,
        terminal: row.get(1)?,
        status: TransferStatus::from_name(&status)
            .ok_or_else(|| unknown(2, "transfer status", &status))?,
        created_at: row.get(3)?,
        resolved_at: row.get(4)?,
    })
}

/// The merchant's latest transfer request for a terminal.
pub async fn latest_transfer(
    conn: &mut Conn,
    merchant: &str,
    terminal: &str,
) -> sql::Result<Option<TransferRecord>> {
    conn.query_opt(
        &format!(
            "SELECT {TRANSFER_COLUMNS} FROM transfers WHERE merchant_id = ?1 AND terminal = ?2
             ORDER BY rowid DESC LIMIT 1"
        ),
        params![merchant, terminal],
        transfer_from_row,
    )
    .await
}

/// Asks for a terminal another merchant's filing holds. A pending request of the same merchant
/// for it is answered again instead of a second one (`false`: not created now).
pub async fn request_transfer(
    conn: &mut Conn,
    merchant: &str,
    terminal: &str,
    due_ms: i64,
) -> sql::Result<(TransferRecord, bool)> {
    if let Some(t) = latest_transfer(conn, merchant, terminal).await? {
        if t.status == TransferStatus::Pending {
            return Ok((t, false));
        }
    }
    let id = new_id().replacen("f_", "t_", 1);
    conn.execute(
        "INSERT INTO transfers (id, merchant_id, terminal, status, due_at, created_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5)",
        params![id, merchant, terminal, due_ms, clock::now_rfc3339()],
    )
    .await?;
    let t = latest_transfer(conn, merchant, terminal)
        .await?
        .ok_or(sql::Error::NoRow)?;
    Ok((t, true))
}

/// The transfer request whose resolution is due first, taken for this transaction:
/// (id, merchant, terminal).
pub async fn due_transfer(
    conn: &mut Conn,
    now_ms: i64,
) -> sql::Result<Option<(String, String, String)>> {
    first_due(
        conn,
        "transfers",
        "status = 'pending'",
        "due_at",
        "terminal",
        now_ms,
    )
    .await
}

/// Resolves a transfer request. Approved: the filing that holds the terminal is deregistered
/// (reason `transferred`, an event in its history) and a QR stand bound to its merchant is
/// unbound, so the requester can file it. Returns the holder's filing id, if one was released.
pub async fn resolve_transfer(
    conn: &mut Conn,
    transfer: &str,
    requester: &str,
    terminal: &str,
    approve: bool,
) -> sql::Result<Option<String>> {
    let now = clock::now_rfc3339();
    let status = if approve { "approved" } else { "rejected" };
    let changed = conn.execute(
        "UPDATE transfers SET status = ?1, resolved_at = ?2 WHERE id = ?3 AND status = 'pending'",
        params![status, now, transfer],
    ).await?;
    if changed == 0 || !approve {
        return Ok(None);
    }
    // A QR stand the registry binds to someone else is unbound for the requester.
    conn.execute(
        "UPDATE qr_stands SET bound_merchant = NULL WHERE qr_code = ?1 AND bound_merchant <> ?2",
        params![terminal, requester],
    )
    .await?;
    let Some((filing, holder)) = holder(conn, terminal)
        .await?
        .filter(|(_, m)| m != requester)
    else {
        return Ok(None);
    };
    let version: u32 = conn
        .query_row(
            "SELECT version FROM filings WHERE id = ?1",
            params![filing],
            |r| r.get(0),
        )
        .await?;
    close(
        conn,
        &filing,
        version + 1,
        DeregisterReason::Transferred,
        &now,
    )
    .await?;
    add_event_with(
        conn,
        &filing,
        EventKind::TransferredAway,
        version + 1,
        &[],
        &now,
        Some(DeregisterReason::Transferred.name()),
    )
    .await?;
    conn.execute(
        "UPDATE qr_stands SET bound_merchant = NULL
         WHERE bound_merchant = ?1 AND qr_code IN (SELECT qr_code FROM filings WHERE id = ?2)",
        params![holder, filing],
    )
    .await?;
    Ok(Some(filing))
}

/// A notification to deliver (see [`crate::notify`]): (id, kind, body, attempts).
pub type Outgoing = (i64, String, String, u32);

/// Queues a notification in the same transaction as the change it reports (at least once).
pub async fn enqueue(conn: &mut Conn, kind: &str, body: &str) -> sql::Result<()> {
    conn.execute(
        "INSERT INTO outbox (kind, body, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind, body, clock::now_rfc3339(), clock::now_millis()],
    )
    .await?;
    Ok(())
}

/// Notifications due for an attempt, oldest first, each claimed for `lease_ms`: its next
/// attempt is put off by that much, so another instance (or the next pass) leaves it alone
/// while this one delivers it; an instance that stops mid-delivery leaves it to be retried when
/// the lease runs out. On PostgreSQL rows another instance is claiming are skipped.
pub async fn claim_outbox(
    conn: &mut Conn,
    now_ms: i64,
    limit: usize,
    lease_ms: i64,
) -> sql::Result<Vec<Outgoing>> {
    let lock = conn.skip_locked();
    let mut due = conn
        .query_map(
            &format!(
                "UPDATE outbox SET next_attempt_at = ?2 WHERE id IN (
                     SELECT id FROM outbox
                     WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ?1
                     ORDER BY id LIMIT ?3{lock})
                 RETURNING id, kind, body, attempts"
            ),
            params![now_ms, now_ms + lease_ms, limit as i64],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .await?;
    due.sort_by_key(|o: &Outgoing| o.0);
    Ok(due)
}

/// Records an attempt: delivered, retried at `retry_at_ms`, or (`None`) given up.
pub async fn record_attempt(
    conn: &mut Conn,
    id: i64,
    delivered: bool,
    retry_at_ms: Option<i64>,
    error: Option<&str>,
) -> sql::Result<()> {
    let now = clock::now_rfc3339();
    match (delivered, retry_at_ms) {
        (true, _) => {
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, delivered_at = ?1, last_error = NULL
             WHERE id = ?2",
                params![now, id],
            )
            .await?
        }
        (false, Some(at)) => {
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?1, last_error = ?2
             WHERE id = ?3",
                params![at, error, id],
            )
            .await?
        }
        (false, None) => {
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, given_up_at = ?1, last_error = ?2
             WHERE id = ?3",
                params![now, error, id],
            )
            .await?
        }
    };
    Ok(())
}

/// Seconds since a notification was queued.
pub async fn outbox_age_secs(conn: &mut Conn, id: i64) -> sql::Result<i64> {
    let created: String = conn
        .query_row(
            "SELECT created_at FROM outbox WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )
        .await?;
    Ok(clock::parse_rfc3339(&created).map_or(0, |t| clock::now_unix() - t))
}

/// Earliest due time of an undelivered notification.
pub async fn next_outbox_due(conn: &mut Conn) -> sql::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt_at) FROM outbox WHERE delivered_at IS NULL AND given_up_at IS NULL",
        &[],
        |r| r.get(0),
    ).await
}

/// Inserts a new pending filing (the input is already validated and normalised) and its
/// "submitted" event. Runs inside the caller's transaction.
pub async fn insert_filing(
    conn: &mut Conn,
    merchant: &str,
    input: &FilingInput,
    review_due_ms: i64,
) -> Result<FilingRecord, WriteError> {
    let id = new_id();
    let now = clock::now_rfc3339();
    let submission = to_json_text(input)?;
    conn.execute(
        "INSERT INTO filings (id, merchant_id, serial_number, qr_code, status, version, submission,
                              review_due_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', 1, ?5, ?6, ?7, ?7)",
        params![
            id,
            merchant,
            input.serial_number,
            input.qr_code,
            submission,
            review_due_ms,
            now
        ],
    )
    .await
    .map_err(unique_violation)?;
    add_event(conn, &id, EventKind::Submitted, 1, &[], &now).await?;
    get_filing(conn, merchant, &id)
        .await?
        .ok_or(WriteError::NotFound)
}

/// Inserts a filing in a final state directly (sandbox seed data).
pub async fn insert_settled(
    conn: &mut Conn,
    merchant: &str,
    input: &FilingInput,
    status: FilingStatus,
) -> Result<(), WriteError> {
    let record = insert_filing(conn, merchant, input, i64::MAX).await?;
    let kind = match status {
        FilingStatus::Approved => EventKind::Approved,
        FilingStatus::Rejected => EventKind::Rejected,
        FilingStatus::Revoked => EventKind::Revoked,
        FilingStatus::Pending => return Ok(()),
        FilingStatus::Withdrawn => EventKind::Withdrawn,
    };
    if status == FilingStatus::Revoked {
        add_event(
            conn,
            &record.id,
            EventKind::Approved,
            1,
            &[],
            &record.created_at,
        )
        .await?;
    }
    settle(conn, &record.id, 1, status, kind, &[]).await?;
    Ok(())
}

/// A merchant's filing; another merchant's is `None`, exactly like a missing one.
pub async fn get_filing(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
) -> sql::Result<Option<FilingRecord>> {
    conn.query_opt(
        &format!("SELECT {FILING_COLUMNS} FROM filings WHERE id = ?1 AND merchant_id = ?2"),
        params![id, merchant],
        filing_from_row,
    )
    .await
}

/// A page of the merchant's filings, newest first: at most `limit` of those filed before the
/// one at `before` (a position from an earlier page), each with its position.
pub async fn list_filings(
    conn: &mut Conn,
    merchant: &str,
    before: Option<i64>,
    limit: usize,
) -> sql::Result<Vec<(i64, FilingRecord)>> {
    conn.query_map(
        &format!(
            "SELECT rowid, {FILING_COLUMNS} FROM filings
         WHERE merchant_id = ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3"
        ),
        params![merchant, before.unwrap_or(i64::MAX), limit as i64],
        |row| {
            let position: i64 = row.get(0)?;
            // The filing's columns follow the position.
            Ok((position, filing_from_row_at(row, 1)?))
        },
    )
    .await
}

/// How many filings the merchant created since `since` (RFC 3339), and when the oldest of them
/// was created: for the daily cap.
pub async fn filed_since(
    conn: &mut Conn,
    merchant: &str,
    since: &str,
) -> sql::Result<(u32, Option<String>)> {
    conn.query_row(
        "SELECT count(*), min(created_at) FROM filings WHERE merchant_id = ?1 AND created_at > ?2",
        params![merchant, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .await
}

/// Deletes idempotency records created before `cutoff` (RFC 3339); returns how many.
pub async fn prune_idempotency(conn: &mut Conn, cutoff: &str) -> sql::Result<usize> {
    conn.execute(
        "DELETE FROM idempotency WHERE created_at < ?1",
        params![cutoff],
    )
    .await
}

/// The merchant's latest filing for a serial number, or (a QR stand filed without a serial)
/// for a QR stand number.
pub async fn latest_for_serial(
    conn: &mut Conn,
    merchant: &str,
    serial: &str,
) -> sql::Result<Option<FilingRecord>> {
    conn.query_opt(
        &format!(
            "SELECT {FILING_COLUMNS} FROM filings
             WHERE merchant_id = ?1 AND (serial_number = ?2 OR (serial_number = '' AND qr_code = ?2))
             ORDER BY serial_number = ?2 DESC, created_at DESC, rowid DESC LIMIT 1"
        ),
        params![merchant, serial],
        filing_from_row,
    ).await
}

pub async fn events(conn: &mut Conn, id: &str) -> sql::Result<Vec<FilingEvent>> {
    conn.query_map(
        "SELECT at, kind, version, reasons, detail FROM events WHERE filing_id = ?1 ORDER BY id",
        params![id],
        |row| {
            let kind_name: String = row.get(1)?;
            let kind =
                EventKind::from_name(&kind_name).ok_or_else(|| unknown(1, "event", &kind_name))?;
            Ok(FilingEvent {
                at: row.get(0)?,
                kind,
                version: row.get(2)?,
                reasons: json_col(row, 3)?,
                detail: row.get(4)?,
            })
        },
    )
    .await
}

/// Resubmits a rejected filing with a correction, if `if_match` is its current version.
/// The previous reasons stay, marked with the version they were given for.
pub async fn correct(
    conn: &mut Conn,
    merchant: &str,
    id: &str,
    if_match: u32,
    input: &FilingInput,
    review_due_ms: i64,
) -> Result<FilingRecord, WriteError> {
    let current = current(conn, merchant, id, if_match).await?;
    if current.status != FilingStatus::Rejected {
        return Err(WriteError::NotCorrectable(current.status));
    }
    let version = current.version + 1;
    let now = clock::now_rfc3339();
    let submission = to_json_text(input)?;
    conn.execute(
        "UPDATE filings SET serial_number = ?1, qr_code = ?2, status = 'pending', version = ?3,
                submission = ?4, review_due_at = ?5, updated_at = ?6
         WHERE id = ?7 AND version = ?8",
        params![
            input.serial_number,
            input.qr_code,
            version,
            submission,
            review_due_ms,
            now,
            id,
            if_match
        ],
    )
    .await
    .map_err(unique_violation)?;
    add_event(conn, id, EventKind::Corrected, version, &[], &now).await?;
    get_filing(conn, merchant, id)
        .await?
        .ok_or(WriteError::NotFound)
}

/// The pending filing whose review is due first, taken for this transaction: (id, merchant,
/// version).
pub async fn due_for_review(
    conn: &mut Conn,
    now_ms: i64,
) -> sql::Result<Option<(String, String, u32)>> {
    first_due(
        conn,
        "filings",
        "status = 'pending'",
        "review_due_at",
        "version",
        now_ms,
    )
    .await
}

/// Earliest due time of a pending review, if any.
pub async fn next_review_due(conn: &mut Conn) -> sql::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(review_due_at) FROM filings WHERE status = 'pending'",
        &[],
        |r| r.get(0),
    )
    .await
}

/// Records a review outcome for `version` of a pending filing (no-op if the filing has moved
/// on or been settled meanwhile).
pub async fn settle(
    conn: &mut Conn,
    id: &str,
    version: u32,
    status: FilingStatus,
    kind: EventKind,
    reasons: &[Reason],
) -> sql::Result<bool> {
    let now = clock::now_rfc3339();
    let reasons_json = serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into());
    let rejected = status == FilingStatus::Rejected;
    let changed = conn
        .execute(
            "UPDATE filings SET status = ?1, reasons = CASE WHEN ?2 THEN ?3 ELSE '[]' END,
                reasons_version = CASE WHEN ?2 THEN ?4 ELSE NULL END,
                review_due_at = NULL, updated_at = ?5
         WHERE id = ?6 AND version = ?4 AND status = 'pending'",
            params![status.name(), rejected, reasons_json, version, now, id],
        )
        .await?;
    if changed == 1 {
        add_event(conn, id, kind, version, reasons, &now).await?;
    }
    Ok(changed == 1)
}

/// How long an idempotency key is remembered: a retry within a day replays the first answer;
/// after that the key is forgotten (and its record pruned).
pub const IDEMPOTENCY_RETENTION_SECS: i64 = 24 * 3600;

/// A stored response for an idempotency key still retained: (request hash, status, body).
pub async fn idempotent_response(
    conn: &mut Conn,
    merchant: &str,
    key: &str,
) -> sql::Result<Option<(String, u16, String)>> {
    let cutoff = clock::rfc3339(clock::now_unix() - IDEMPOTENCY_RETENTION_SECS);
    conn.query_opt(
        "SELECT request_hash, status, body FROM idempotency
         WHERE merchant_id = ?1 AND key = ?2 AND created_at >= ?3",
        params![merchant, key, cutoff],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .await
}

/// Takes an idempotency key for this transaction, before anything is written: `false` if a
/// record under it is still retained (answer with it). An expired record gives way (it may not
/// be pruned yet). Two requests with one key cannot both take it: on PostgreSQL the second
/// waits here until the first commits (then finds its record) or rolls back (then takes it).
pub async fn claim_idempotency_key(
    conn: &mut Conn,
    merchant: &str,
    key: &str,
    hash: &str,
) -> sql::Result<bool> {
    let cutoff = clock::rfc3339(clock::now_unix() - IDEMPOTENCY_RETENTION_SECS);
    let claimed = conn
        .execute(
            "INSERT INTO idempotency (merchant_id, key, request_hash, status, body, created_at)
             VALUES (?1, ?2, ?3, 0, '', ?4)
             ON CONFLICT (merchant_id, key) DO UPDATE SET request_hash = excluded.request_hash,
                 status = 0, body = '', created_at = excluded.created_at
             WHERE idempotency.created_at < ?5",
            params![merchant, key, hash, clock::now_rfc3339(), cutoff],
        )
        .await?;
    Ok(claimed == 1)
}

/// Records the answer under a key this transaction claimed.
pub async fn store_idempotent_response(
    conn: &mut Conn,
    merchant: &str,
    key: &str,
    status: u16,
    body: &str,
) -> sql::Result<()> {
    conn.execute(
        "UPDATE idempotency SET status = ?3, body = ?4 WHERE merchant_id = ?1 AND key = ?2",
        params![merchant, key, status, body],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MID: &str = "898310058120001";

    /// An empty database (on the engine the tests run against) and a connection to it.
    async fn fresh() -> (crate::db::testing::TestDb, Conn) {
        let db = crate::db::testing::TestDb::new().await;
        let conn = db.db.conn().await.unwrap();
        (db, conn)
    }

    /// Every column of a filing reads back into its member, by id and in a list (where the
    /// columns start one later); a stored value this version does not know is an error naming
    /// its column, not a panic or a wrong member.
    #[tokio::test]
    async fn a_filing_reads_back_whole_and_an_unknown_stored_value_names_its_column() {
        let (_db, mut conn) = fresh().await;
        let input = crate::registry::sandbox_filing("SB-OK-0001");
        let created = insert_filing(&mut conn, MID, &input, 0).await.unwrap();
        conn.execute(
            "UPDATE filings SET status = 'revoked', deregistered_at = '2026-12-01T09:00:00Z',
                    deregister_reason = 'sold', change_status = 'rejected',
                    change_submission = submission, change_submitted_at = '2026-12-01T10:00:00Z',
                    change_reasons = '[]'
             WHERE id = ?1",
            params![created.id],
        )
        .await
        .unwrap();
        let by_id = get_filing(&mut conn, MID, &created.id)
            .await
            .unwrap()
            .unwrap();
        let (_, listed) = list_filings(&mut conn, MID, None, 10)
            .await
            .unwrap()
            .remove(0);
        for f in [&by_id, &listed] {
            assert_eq!(f.id, created.id);
            assert_eq!(f.status, FilingStatus::Revoked);
            assert_eq!(f.submission, input);
            let d = f.deregistered.as_ref().unwrap();
            assert_eq!(
                (d.at.as_str(), d.reason),
                ("2026-12-01T09:00:00Z", DeregisterReason::Sold)
            );
            let c = f.change.as_ref().unwrap();
            assert_eq!(c.status, ChangeStatus::Rejected);
            assert_eq!(c.submitted_at, "2026-12-01T10:00:00Z");
            assert_eq!(c.submission, input);
        }
        // As a newer version's row might be: past this schema's CHECK on the change status.
        conn.execute_batch(if conn.is_postgres() {
            "ALTER TABLE filings DROP CONSTRAINT filings_change_status_check"
        } else {
            "PRAGMA ignore_check_constraints = ON"
        })
        .await
        .unwrap();
        for (sql, column) in [
            ("UPDATE filings SET deregister_reason = 'lost'", 9),
            (
                "UPDATE filings SET deregister_reason = 'sold', change_status = 'queued'",
                10,
            ),
        ] {
            conn.execute(sql, &[]).await.unwrap();
            for (read, at) in [
                (get_filing(&mut conn, MID, &created.id).await.map(drop), 0),
                (list_filings(&mut conn, MID, None, 10).await.map(drop), 1),
            ] {
                match read {
                    Err(sql::Error::Decode { column: i, .. }) => {
                        assert_eq!(i, column + at, "{sql}")
                    }
                    other => panic!("{sql}: {other:?}"),
                }
            }
        }
    }

    /// An approved filing of `serial` holding `qr` (empty: none), with its id.
    async fn approved(conn: &mut Conn, serial: &str, qr: &str) -> (String, FilingInput) {
        let mut input = crate::registry::sandbox_filing(serial);
        input.qr_code = qr.to_owned();
        insert_settled(conn, MID, &input, FilingStatus::Approved)
            .await
            .unwrap();
        let id = latest_for_serial(conn, MID, serial)
            .await
            .unwrap()
            .unwrap()
            .id;
        (id, input)
    }

    #[tokio::test]
    async fn deregistering_moves_the_version_on_by_one() {
        let (_db, mut conn) = fresh().await;
        let (id, _) = approved(&mut conn, "SB-OK-0001", "").await;
        let version = get_filing(&mut conn, MID, &id)
            .await
            .unwrap()
            .unwrap()
            .version;
        let done = deregister(&mut conn, MID, &id, version, DeregisterReason::Sold)
            .await
            .unwrap();
        assert_eq!(done.version, version + 1);
        assert_eq!(done.status, FilingStatus::Revoked);
    }

    /// A placement change may take a QR stand only if no other active filing holds it, checked
    /// when submitted and again when approved (another filing may have taken it meanwhile); a
    /// change without a QR stand, or keeping its own, is not held up.
    #[tokio::test]
    async fn a_change_takes_a_qr_stand_only_if_no_other_filing_holds_it() {
        let (_db, mut conn) = fresh().await;
        let (a, a_input) = approved(&mut conn, "SB-OK-0001", "QR-FREE-0001").await;
        approved(&mut conn, "SB-OK-0002", "QR-FREE-0002").await;
        approved(&mut conn, "SB-OK-0003", "").await;
        async fn version(conn: &mut Conn, id: &str) -> u32 {
            get_filing(conn, MID, id).await.unwrap().unwrap().version
        }
        let to = |qr: &str| FilingInput {
            qr_code: qr.to_owned(),
            address: "新地址 1 号".to_owned(),
            ..a_input.clone()
        };
        let v = version(&mut conn, &a).await;
        assert!(matches!(
            submit_change(&mut conn, MID, &a, v, &to("QR-FREE-0002"), 0).await,
            Err(WriteError::QrTaken)
        ));
        // Keeping its own stand, or giving none (as another filing does), is fine.
        let v = version(&mut conn, &a).await;
        submit_change(&mut conn, MID, &a, v, &to("QR-FREE-0001"), 0)
            .await
            .unwrap();
        conn.execute(
            "UPDATE filings SET change_status = NULL WHERE id = ?1",
            params![a],
        )
        .await
        .unwrap();
        let v = version(&mut conn, &a).await;
        submit_change(&mut conn, MID, &a, v, &to(""), 0)
            .await
            .unwrap();
        conn.execute(
            "UPDATE filings SET change_status = NULL WHERE id = ?1",
            params![a],
        )
        .await
        .unwrap();

        // Free when submitted, taken before the review approves it: rejected on its field.
        let v = version(&mut conn, &a).await;
        submit_change(&mut conn, MID, &a, v, &to("QR-FREE-0003"), 0)
            .await
            .unwrap();
        let mut other = crate::registry::sandbox_filing("SB-NOTACT-01");
        other.qr_code = "QR-FREE-0003".into();
        insert_filing(&mut conn, MID, &other, i64::MAX)
            .await
            .unwrap();
        let v = version(&mut conn, &a).await;
        assert_eq!(
            settle_change(&mut conn, &a, v, &[]).await.unwrap(),
            Some(false)
        );
        let change = get_filing(&mut conn, MID, &a)
            .await
            .unwrap()
            .unwrap()
            .change
            .unwrap();
        assert_eq!(change.status, ChangeStatus::Rejected);
        assert_eq!(
            change.reasons[0].code,
            filing_core::ReasonCode::QrCodeBoundElsewhere
        );
        assert_eq!(change.reasons[0].field, Some(filing_core::Field::QrCode));
    }

    /// Another merchant's transfer request: rejected, it changes nothing; approved, the holder's
    /// filing is deregistered as transferred, one version on, with its event.
    #[tokio::test]
    async fn only_an_approved_transfer_takes_the_terminal_from_its_holder() {
        let (_db, mut conn) = fresh().await;
        let (held, _) = approved(&mut conn, "SB-OK-0001", "").await;
        let version = get_filing(&mut conn, MID, &held)
            .await
            .unwrap()
            .unwrap()
            .version;
        let other = "898310058120002";
        let (t, _) = request_transfer(&mut conn, other, "SB-OK-0001", 0)
            .await
            .unwrap();
        assert_eq!(
            resolve_transfer(&mut conn, &t.id, other, "SB-OK-0001", false)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            get_filing(&mut conn, MID, &held)
                .await
                .unwrap()
                .unwrap()
                .status,
            FilingStatus::Approved
        );
        let (t, _) = request_transfer(&mut conn, other, "SB-OK-0001", 0)
            .await
            .unwrap();
        assert_eq!(
            resolve_transfer(&mut conn, &t.id, other, "SB-OK-0001", true)
                .await
                .unwrap(),
            Some(held.clone())
        );
        let f = get_filing(&mut conn, MID, &held).await.unwrap().unwrap();
        assert_eq!(f.status, FilingStatus::Revoked);
        assert_eq!(f.version, version + 1);
        assert_eq!(
            f.deregistered.map(|d| d.reason),
            Some(DeregisterReason::Transferred)
        );
        let last = events(&mut conn, &held).await.unwrap().pop().unwrap();
        assert_eq!(
            (last.kind, last.version),
            (EventKind::TransferredAway, version + 1)
        );
    }

    /// A review outcome is recorded once: a second reviewer settling the same version (another
    /// instance that read the filing before the first committed) changes nothing.
    #[tokio::test]
    async fn a_filing_is_settled_once() {
        let (_db, mut conn) = fresh().await;
        let input = crate::registry::sandbox_filing("SB-OK-0001");
        let f = insert_filing(&mut conn, MID, &input, 0).await.unwrap();
        let approved = settle(
            &mut conn,
            &f.id,
            1,
            FilingStatus::Approved,
            EventKind::Approved,
            &[],
        );
        assert!(approved.await.unwrap());
        let again = settle(
            &mut conn,
            &f.id,
            1,
            FilingStatus::Rejected,
            EventKind::Rejected,
            &[],
        );
        assert!(!again.await.unwrap());
        let now = get_filing(&mut conn, MID, &f.id).await.unwrap().unwrap();
        assert_eq!(now.status, FilingStatus::Approved);
        let kinds: Vec<EventKind> = events(&mut conn, &f.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, [EventKind::Submitted, EventKind::Approved]);
    }

    /// How long a notification has waited (the notifier gives up after a day).
    #[tokio::test]
    async fn a_notifications_age_is_counted_from_when_it_was_queued() {
        let (_db, mut conn) = fresh().await;
        enqueue(&mut conn, "filing.approved", "{}").await.unwrap();
        let id: i64 = conn
            .query_row("SELECT max(id) FROM outbox", &[], |r| r.get(0))
            .await
            .unwrap();
        let queued = clock::rfc3339(clock::now_unix() - 100);
        conn.execute(
            "UPDATE outbox SET created_at = ?1 WHERE id = ?2",
            params![queued, id],
        )
        .await
        .unwrap();
        let age = outbox_age_secs(&mut conn, id).await.unwrap();
        assert!((100..=102).contains(&age), "{age}");
    }
}
