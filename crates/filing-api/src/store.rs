//! All SQL of the API. Every write is one transaction; uniqueness (one active filing per serial,
//! per QR stand) is enforced by the database's unique indexes, so concurrent requests cannot
//! both win.

use filing_core::api::{EventKind, FilingEvent, FilingRecord, FilingStatus};
use filing_core::{FilingInput, Reason};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row};

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
    /// `If-Match` named an older version; carries the current one.
    Stale(u32),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Db(e)
    }
}

fn parse_status(s: &str) -> rusqlite::Result<FilingStatus> {
    FilingStatus::from_name(s).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, format!("status {s}"), rusqlite::types::Type::Text)
    })
}

fn json_col<T: serde::de::DeserializeOwned>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

const FILING_COLUMNS: &str =
    "id, status, version, submission, reasons, reasons_version, created_at, updated_at";

fn filing_from_row(row: &Row) -> rusqlite::Result<FilingRecord> {
    filing_from_row_at(row, 0)
}

/// A filing from [`FILING_COLUMNS`] starting at column `at`.
fn filing_from_row_at(row: &Row, at: usize) -> rusqlite::Result<FilingRecord> {
    Ok(FilingRecord {
        id: row.get(at)?,
        status: parse_status(&row.get::<_, String>(at + 1)?)?,
        version: row.get(at + 2)?,
        submission: json_col(row, at + 3)?,
        reasons: json_col(row, at + 4)?,
        reasons_version: row.get(at + 5)?,
        created_at: row.get(at + 6)?,
        updated_at: row.get(at + 7)?,
    })
}

/// Maps a unique-index violation to the rule it enforces.
fn unique_violation(e: rusqlite::Error) -> WriteError {
    match &e {
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.code == ErrorCode::ConstraintViolation =>
        {
            if msg.contains("qr_code") {
                WriteError::QrTaken
            } else if msg.contains("serial_number") {
                WriteError::SerialTaken
            } else {
                WriteError::Db(e)
            }
        }
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

fn add_event(
    conn: &Connection,
    id: &str,
    kind: EventKind,
    version: u32,
    reasons: &[Reason],
    at: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO events (filing_id, at, kind, version, reasons) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            at,
            kind.name(),
            version,
            serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(())
}

/// Inserts a new pending filing (the input is already validated and normalised) and its
/// "submitted" event. Runs inside the caller's transaction.
pub fn insert_filing(
    conn: &Connection,
    merchant: &str,
    input: &FilingInput,
    review_due_ms: i64,
) -> Result<FilingRecord, WriteError> {
    let id = new_id();
    let now = clock::now_rfc3339();
    let submission = serde_json::to_string(input)
        .map_err(|e| WriteError::Db(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
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
    .map_err(unique_violation)?;
    add_event(conn, &id, EventKind::Submitted, 1, &[], &now)?;
    get_filing(conn, merchant, &id)?.ok_or(WriteError::NotFound)
}

/// Inserts a filing in a final state directly (sandbox seed data).
pub fn insert_settled(
    conn: &Connection,
    merchant: &str,
    input: &FilingInput,
    status: FilingStatus,
) -> Result<(), WriteError> {
    let record = insert_filing(conn, merchant, input, i64::MAX)?;
    let kind = match status {
        FilingStatus::Approved => EventKind::Approved,
        FilingStatus::Rejected => EventKind::Rejected,
        FilingStatus::Revoked => EventKind::Revoked,
        FilingStatus::Pending => return Ok(()),
    };
    if status == FilingStatus::Revoked {
        add_event(
            conn,
            &record.id,
            EventKind::Approved,
            1,
            &[],
            &record.created_at,
        )?;
    }
    settle(conn, &record.id, 1, status, kind, &[])?;
    Ok(())
}

/// A merchant's filing; another merchant's is `None`, exactly like a missing one.
pub fn get_filing(
    conn: &Connection,
    merchant: &str,
    id: &str,
) -> rusqlite::Result<Option<FilingRecord>> {
    conn.query_row(
        &format!("SELECT {FILING_COLUMNS} FROM filings WHERE id = ?1 AND merchant_id = ?2"),
        params![id, merchant],
        filing_from_row,
    )
    .optional()
}

/// A merchant's filings, newest first.
/// A page of the merchant's filings, newest first: at most `limit` of those filed before the
/// one at `before` (a position from an earlier page), each with its position.
pub fn list_filings(
    conn: &Connection,
    merchant: &str,
    before: Option<i64>,
    limit: usize,
) -> rusqlite::Result<Vec<(i64, FilingRecord)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, {FILING_COLUMNS} FROM filings
         WHERE merchant_id = ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![merchant, before.unwrap_or(i64::MAX), limit as i64],
        |row| {
            let position: i64 = row.get(0)?;
            // The filing's columns follow the position.
            Ok((position, filing_from_row_at(row, 1)?))
        },
    )?;
    rows.collect()
}

/// How many filings the merchant created since `since` (RFC 3339), and when the oldest of them
/// was created: for the daily cap.
pub fn filed_since(
    conn: &Connection,
    merchant: &str,
    since: &str,
) -> rusqlite::Result<(u32, Option<String>)> {
    conn.query_row(
        "SELECT count(*), min(created_at) FROM filings WHERE merchant_id = ?1 AND created_at > ?2",
        params![merchant, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Deletes idempotency records created before `cutoff` (RFC 3339); returns how many.
pub fn prune_idempotency(conn: &Connection, cutoff: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])
}

/// The merchant's latest filing for a serial number, or (a QR stand filed without a serial)
/// for a QR stand number.
pub fn latest_for_serial(
    conn: &Connection,
    merchant: &str,
    serial: &str,
) -> rusqlite::Result<Option<FilingRecord>> {
    conn.query_row(
        &format!(
            "SELECT {FILING_COLUMNS} FROM filings
             WHERE merchant_id = ?1 AND (serial_number = ?2 OR (serial_number = '' AND qr_code = ?2))
             ORDER BY serial_number = ?2 DESC, created_at DESC, rowid DESC LIMIT 1"
        ),
        params![merchant, serial],
        filing_from_row,
    )
    .optional()
}

/// Whether some other merchant holds an active filing for this serial.
pub fn serial_filed_elsewhere(
    conn: &Connection,
    merchant: &str,
    serial: &str,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM filings WHERE serial_number = ?1 AND merchant_id <> ?2
                        AND status <> 'revoked')",
        params![serial, merchant],
        |r| r.get(0),
    )
}

pub fn events(conn: &Connection, id: &str) -> rusqlite::Result<Vec<FilingEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind, version, reasons FROM events WHERE filing_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |row| {
        let kind_name: String = row.get(1)?;
        let kind = EventKind::from_name(&kind_name).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(
                1,
                format!("event {kind_name}"),
                rusqlite::types::Type::Text,
            )
        })?;
        Ok(FilingEvent {
            at: row.get(0)?,
            kind,
            version: row.get(2)?,
            reasons: json_col(row, 3)?,
        })
    })?;
    rows.collect()
}

/// Resubmits a rejected filing with a correction, if `if_match` is its current version.
/// The previous reasons stay, marked with the version they were given for.
pub fn correct(
    conn: &Connection,
    merchant: &str,
    id: &str,
    if_match: u32,
    input: &FilingInput,
    review_due_ms: i64,
) -> Result<FilingRecord, WriteError> {
    let current = get_filing(conn, merchant, id)?.ok_or(WriteError::NotFound)?;
    if current.version != if_match {
        return Err(WriteError::Stale(current.version));
    }
    if current.status != FilingStatus::Rejected {
        return Err(WriteError::NotCorrectable(current.status));
    }
    let version = current.version + 1;
    let now = clock::now_rfc3339();
    let submission = serde_json::to_string(input)
        .map_err(|e| WriteError::Db(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
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
    .map_err(unique_violation)?;
    add_event(conn, id, EventKind::Corrected, version, &[], &now)?;
    get_filing(conn, merchant, id)?.ok_or(WriteError::NotFound)
}

/// Pending filings whose review is due, oldest first.
pub fn due_for_review(
    conn: &Connection,
    now_ms: i64,
    limit: usize,
) -> rusqlite::Result<Vec<(String, String, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, merchant_id, version FROM filings
         WHERE status = 'pending' AND review_due_at <= ?1 ORDER BY review_due_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now_ms, limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect()
}

/// Earliest due time of a pending review, if any.
pub fn next_review_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(review_due_at) FROM filings WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )
}

/// Records a review outcome for `version` (no-op if the filing has moved on meanwhile).
pub fn settle(
    conn: &Connection,
    id: &str,
    version: u32,
    status: FilingStatus,
    kind: EventKind,
    reasons: &[Reason],
) -> rusqlite::Result<bool> {
    let now = clock::now_rfc3339();
    let reasons_json = serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into());
    let rejected = status == FilingStatus::Rejected;
    let changed = conn.execute(
        "UPDATE filings SET status = ?1, reasons = CASE WHEN ?2 THEN ?3 ELSE '[]' END,
                reasons_version = CASE WHEN ?2 THEN ?4 ELSE NULL END,
                review_due_at = NULL, updated_at = ?5
         WHERE id = ?6 AND version = ?4",
        params![status.name(), rejected, reasons_json, version, now, id],
    )?;
    if changed == 1 {
        add_event(conn, id, kind, version, reasons, &now)?;
    }
    Ok(changed == 1)
}

/// How long an idempotency key is remembered: a retry within a day replays the first answer;
/// after that the key is forgotten (and its record pruned).
pub const IDEMPOTENCY_RETENTION_SECS: i64 = 24 * 3600;

/// A stored response for an idempotency key still retained: (request hash, status, body).
pub fn idempotent_response(
    conn: &Connection,
    merchant: &str,
    key: &str,
) -> rusqlite::Result<Option<(String, u16, String)>> {
    let cutoff = clock::rfc3339(clock::now_unix() - IDEMPOTENCY_RETENTION_SECS);
    conn.query_row(
        "SELECT request_hash, status, body FROM idempotency
         WHERE merchant_id = ?1 AND key = ?2 AND created_at >= ?3",
        params![merchant, key, cutoff],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

pub fn store_idempotent_response(
    conn: &Connection,
    merchant: &str,
    key: &str,
    hash: &str,
    status: u16,
    body: &str,
) -> rusqlite::Result<()> {
    // An expired record under the same key gives way (it may not be pruned yet).
    conn.execute(
        "INSERT OR REPLACE INTO idempotency (merchant_id, key, request_hash, status, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![merchant, key, hash, status, body, clock::now_rfc3339()],
    )?;
    Ok(())
}
