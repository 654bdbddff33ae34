//! `/filings`: submit, list, read, history, correct.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use filing_core::api::{field_errors, ErrorEnvelope, FieldError, FilingEvent, FilingRecord};
use filing_core::{rules, validate, Context, Field, FilingInput, RuleError};
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::{etag, idempotency_key, if_match, JsonBody};
use crate::extract::{Merchant, Segment};
use crate::state::AppState;
use crate::{clock, datum, registry, store};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, correct))
        .routes(routes!(events))
}

pub(super) fn json_response(status: StatusCode, body: String, version: Option<u32>) -> Response {
    let mut res = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Some(v) = version {
        if let Ok(tag) = HeaderValue::from_str(&etag(v)) {
            res.headers_mut().insert(header::ETAG, tag);
        }
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    Ok(serde_json::to_string(v)?)
}

/// Validates with the same `filing-core` rules the widget applies, plus the server's lists, and
/// stores the location in the one datum the API keeps (WGS-84).
pub(super) fn validated(
    state: &AppState,
    merchant: &str,
    input: &FilingInput,
) -> Result<FilingInput, ApiError> {
    let ctx = Context {
        regions: Some(&state.regions),
        catalog: Some(&state.catalog),
        policy: state.policy,
        merchant_id: Some(merchant),
    };
    let valid = validate(input, &ctx).map_err(|e| ApiError::Validation(field_errors(&e)))?;
    Ok(datum::to_stored(valid))
}

/// A masked ID number means "the number on file": the filing's own (a correction) or the
/// merchant record's. One that matches neither is refused on its field.
fn restore_on_file(input: &mut FilingInput, on_file: &[Option<&str>]) -> Result<(), ApiError> {
    let typed = input.operator_id_number.trim().to_ascii_uppercase();
    if !rules::is_masked_resident_id(&typed) {
        return Ok(());
    }
    let whole = on_file
        .iter()
        .flatten()
        .find(|id| rules::mask_resident_id(id) == typed)
        .ok_or_else(|| {
            ApiError::Validation(vec![FieldError {
                field: Field::OperatorIdNumber,
                code: RuleError::NotOnFile,
            }])
        })?;
    input.operator_id_number = (*whole).to_owned();
    Ok(())
}

/// A merchant may create at most `cap` filings in any 24 hours (corrections do not count): a
/// runaway script or a stolen token cannot fill the registry.
async fn ensure_under_daily_cap(
    conn: &mut crate::sql::Conn,
    mid: &str,
    cap: u32,
) -> Result<(), ApiError> {
    const DAY: i64 = 24 * 3600;
    let now = clock::now_unix();
    let (count, oldest) = store::filed_since(conn, mid, &clock::rfc3339(now - DAY)).await?;
    if count < cap {
        return Ok(());
    }
    // The oldest frees its place a day after it was filed; a time that cannot be read counts
    // as now.
    let wait = oldest
        .as_deref()
        .and_then(clock::parse_rfc3339)
        .map_or(DAY, |t| t + DAY - now);
    Err(ApiError::DailyLimit {
        retry_after_secs: wait.clamp(1, DAY) as u64,
    })
}

/// A QR stand the registry binds to another merchant cannot be filed: 409 on its field, at
/// submission (the reviewer checks again).
pub(super) async fn ensure_qr_usable(
    conn: &mut crate::sql::Conn,
    mid: &str,
    qr: &str,
) -> Result<(), ApiError> {
    if qr.is_empty() {
        return Ok(());
    }
    match registry::qr_binding(conn, qr).await? {
        Some(Some(owner)) if owner != mid => Err(ApiError::Conflict {
            code: filing_core::api::codes::QR_CODE_BOUND_ELSEWHERE,
            field: Some((Field::QrCode, RuleError::BoundElsewhere)),
        }),
        _ => Ok(()),
    }
}

pub(super) fn review_due_ms(state: &AppState) -> i64 {
    clock::now_millis() + state.review_delay.as_millis() as i64
}

/// `POST /filings` with `Idempotency-Key`: the same key and body always give the same 201 and
/// never a second filing; the key with another body is refused.
#[utoipa::path(post, path = "/filings", tag = "filings", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1-128 visible ASCII characters, one per draft; retries send the same key")),
    request_body = FilingInput,
    responses(
        (status = 201, description = "Filed, pending review (replayed unchanged for the same key and body)", body = FilingRecord,
            headers(("ETag" = String, description = "The filing's version, for If-Match"))),
        (status = 400, description = "Not JSON of this shape, or no Idempotency-Key", body = ErrorEnvelope),
        (status = 401, description = "Missing, forged or expired token", body = ErrorEnvelope),
        (status = 409, description = "SERIAL_ALREADY_FILED or QR_CODE_BOUND_ELSEWHERE, with the field", body = ErrorEnvelope),
        (status = 413, description = "Body over 16 KB", body = ErrorEnvelope),
        (status = 422, description = "VALIDATION_FAILED with field errors, or IDEMPOTENCY_KEY_REUSED", body = ErrorEnvelope),
        (status = 429, description = "RATE_LIMITED, or DAILY_LIMIT_REACHED (new filings in the last 24 hours); see Retry-After", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn create(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    headers: HeaderMap,
    JsonBody(input): JsonBody<FilingInput>,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    let key = idempotency_key(&headers)?;
    let hash = {
        let canonical = serde_json::to_vec(&input)?;
        let digest = Sha256::digest(&canonical);
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let s = state.clone();
    let (status, body, version) = super::work(async {
        let mut tx = s.db.begin().await?;
        if !store::claim_idempotency_key(&mut tx, &mid, &key, &hash).await? {
            let (stored_hash, status, body) = store::idempotent_response(&mut tx, &mid, &key)
                .await?
                .ok_or(ApiError::Internal(Box::new(crate::sql::Error::NoRow)))?;
            if stored_hash != hash {
                return Err(ApiError::IdempotencyKeyReused);
            }
            let version = serde_json::from_str::<FilingRecord>(&body)
                .ok()
                .map(|r| r.version);
            return Ok((status, body, version));
        }
        ensure_under_daily_cap(&mut tx, &mid, s.daily_filing_cap).await?;
        let mut input = input;
        let record_id = registry::merchant(&mut tx, &mid)
            .await?
            .and_then(|m| m.operator_id_number);
        restore_on_file(&mut input, &[record_id.as_deref()])?;
        let valid = validated(&s, &mid, &input)?;
        ensure_qr_usable(&mut tx, &mid, &valid.qr_code).await?;
        let record = store::insert_filing(&mut tx, &mid, &valid, review_due_ms(&s)).await?;
        let (version, id) = (record.version, record.id.clone());
        let body = to_json(&record.masked())?;
        store::store_idempotent_response(&mut tx, &mid, &key, 201, &body).await?;
        tx.commit().await?;
        tracing::info!(filing = %id, merchant = %mid, "filing submitted");
        Ok((201, body, Some(version)))
    })
    .await?;
    state.review_wakeup.notify_one();
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    Ok(json_response(status, body, version))
}

/// Filings per page by default, and at most.
pub const PAGE_DEFAULT: usize = 50;
pub const PAGE_MAX: usize = 100;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct Page {
    /// Filings per page, 1 to 100 (default 50).
    limit: Option<usize>,
    /// Where the page starts: the `cursor` of the previous page's `Link: <...>; rel="next"`.
    /// Opaque.
    cursor: Option<String>,
}

/// `GET /filings`: a page of the caller's filings, newest first. When there are more, `Link`
/// names the next page (`<?cursor=...&limit=...>; rel="next"`, relative to this URL).
#[utoipa::path(get, path = "/filings", tag = "filings", security(("bearer" = [])),
    params(Page),
    responses(
        (status = 200, description = "A page of the caller's filings, newest first", body = Vec<FilingRecord>,
            headers(("Link" = String, description = "`<?cursor=…&limit=…>; rel=\"next\"` when there are more"))),
        (status = 400, description = "A limit outside 1-100, or a cursor this API did not give", body = ErrorEnvelope),
        (status = 401, description = "Missing, forged or expired token", body = ErrorEnvelope)))]
async fn list(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    page: Result<axum::extract::Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let axum::extract::Query(page) = page.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = page.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit must be from 1 to {PAGE_MAX}"
        )));
    }
    let before = match page.cursor.as_deref() {
        None => None,
        Some(c) => Some(
            c.strip_prefix('p')
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| ApiError::BadRequest("cursor: not one this API gave".into()))?,
        ),
    };
    let db = state.db.clone();
    // One more than asked: whether there is a next page.
    let mut conn = db.conn().await?;
    let mut rows = store::list_filings(&mut conn, &mid, before, limit + 1).await?;
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|(position, _)| *position)
    });
    let records: Vec<FilingRecord> = rows
        .into_iter()
        .map(|(_, record)| record.masked())
        .collect();
    let mut res = json_response(StatusCode::OK, to_json(&records)?, None);
    if let Some(Some(position)) = next {
        let link = format!("<?cursor=p{position}&limit={limit}>; rel=\"next\"");
        if let Ok(v) = HeaderValue::from_str(&link) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(res)
}

/// `GET /filings/{id}` with an `ETag`; `If-None-Match` with the current one answers 304, which
/// keeps status polling cheap.
#[utoipa::path(get, path = "/filings/{id}", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id")),
    responses(
        (status = 200, description = "The filing", body = FilingRecord, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since If-None-Match (settled filings only)"),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope)))]
async fn read(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let db = state.db.clone();
    let mut conn = db.conn().await?;
    let record = store::get_filing(&mut conn, &mid, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let tag = etag(record.version);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
        && record.status != filing_core::api::FilingStatus::Pending;
    if unchanged {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return Ok(res);
    }
    Ok(json_response(
        StatusCode::OK,
        to_json(&record.clone().masked())?,
        Some(record.version),
    ))
}

#[utoipa::path(get, path = "/filings/{id}/events", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id")),
    responses(
        (status = 200, description = "History: submitted, rejected (with reasons), corrected, approved, revoked", body = Vec<FilingEvent>),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope)))]
async fn events(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
) -> Result<Response, ApiError> {
    let db = state.db.clone();
    let events = super::work(async {
        let mut conn = db.conn().await?;
        match store::get_filing(&mut conn, &mid, &id).await? {
            None => Ok(None),
            Some(_) => Ok(Some(store::events(&mut conn, &id).await?)),
        }
    })
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(json_response(StatusCode::OK, to_json(&events)?, None))
}

/// `PUT /filings/{id}` with `If-Match`: resubmit a rejected filing's correction.
#[utoipa::path(put, path = "/filings/{id}", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id"),
        ("If-Match" = String, Header, description = "The ETag of the version being corrected")),
    request_body = FilingInput,
    responses(
        (status = 200, description = "Resubmitted, pending review; earlier reasons kept with reasons_version", body = FilingRecord),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope),
        (status = 409, description = "NOT_CORRECTABLE (not rejected), or a uniqueness conflict", body = ErrorEnvelope),
        (status = 412, description = "STALE_VERSION: the filing changed since that ETag", body = ErrorEnvelope),
        (status = 422, description = "VALIDATION_FAILED with field errors", body = ErrorEnvelope),
        (status = 428, description = "No If-Match", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn correct(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
    headers: HeaderMap,
    JsonBody(input): JsonBody<FilingInput>,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    let expected = if_match(&headers)?;
    let s = state.clone();
    let record = super::work(async {
        let mut tx = s.db.begin().await?;
        // 404 before 422: another merchant's filing must look exactly like a missing one.
        let current = store::get_filing(&mut tx, &mid, &id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let mut input = input;
        let record_id = registry::merchant(&mut tx, &mid)
            .await?
            .and_then(|m| m.operator_id_number);
        let filed_id = current.submission.operator_id_number;
        restore_on_file(&mut input, &[Some(filed_id.as_str()), record_id.as_deref()])?;
        let valid = validated(&s, &mid, &input)?;
        ensure_qr_usable(&mut tx, &mid, &valid.qr_code).await?;
        let record =
            store::correct(&mut tx, &mid, &id, expected, &valid, review_due_ms(&s)).await?;
        tx.commit().await?;
        Ok(record)
    })
    .await?;
    state.review_wakeup.notify_one();
    Ok(json_response(
        StatusCode::OK,
        to_json(&record.clone().masked())?,
        Some(record.version),
    ))
}
