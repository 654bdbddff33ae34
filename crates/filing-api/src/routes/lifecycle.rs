//! A filing's life after submission: withdraw (撤回) a pending or rejected one, deregister (注销)
//! an approved one, change its placement (变更布放信息, re-reviewed while the approved placement
//! stays in force), and ask for a terminal another merchant's filing holds (transfer request).
//!
//! Every action names the version it acts on (`If-Match`) or carries an `Idempotency-Key`, is
//! refused in maintenance, answers 404 for another merchant's filing, and leaves an event in the
//! filing's history.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use filing_core::api::{
    DeregisterRequest, ErrorEnvelope, FieldError, FilingRecord, TransferRecord, TransferRequest,
};
use filing_core::{rules, Field, FilingInput, RuleError, Step};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::{idempotency_key, if_match, JsonBody, Merchant, Segment};
use crate::state::AppState;
use crate::{registry, store};

use super::filings::{ensure_qr_usable, json_response, review_due_ms, to_json, validated};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(withdraw))
        .routes(routes!(deregister))
        .routes(routes!(change_placement))
        .routes(routes!(request_transfer))
}

fn answer(record: FilingRecord) -> Result<Response, ApiError> {
    let version = record.version;
    Ok(json_response(
        StatusCode::OK,
        to_json(&record.masked())?,
        Some(version),
    ))
}

/// `POST /filings/{id}/withdraw` with `If-Match`: the merchant takes back a pending or rejected
/// filing; it holds its serial number and QR stand no longer.
#[utoipa::path(post, path = "/filings/{id}/withdraw", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id"),
        ("If-Match" = String, Header, description = "The ETag of the version being withdrawn")),
    responses(
        (status = 200, description = "Withdrawn (status `withdrawn`)", body = FilingRecord),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope),
        (status = 409, description = "NOT_WITHDRAWABLE: only pending and rejected filings can be withdrawn", body = ErrorEnvelope),
        (status = 412, description = "STALE_VERSION", body = ErrorEnvelope),
        (status = 428, description = "No If-Match", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn withdraw(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    let expected = if_match(&headers)?;
    let db = state.db.clone();
    let record = super::work(async {
        let mut tx = db.begin().await?;
        let record = store::withdraw(&mut tx, &mid, &id, expected).await?;
        tx.commit().await?;
        Ok(record)
    })
    .await?;
    answer(record)
}

/// `POST /filings/{id}/deregister` with `If-Match`: the merchant takes an approved terminal out
/// of service (sold, broken, shop closed, replaced); its serial number and QR stand are free.
#[utoipa::path(post, path = "/filings/{id}/deregister", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id"),
        ("If-Match" = String, Header, description = "The ETag of the version being deregistered")),
    request_body = DeregisterRequest,
    responses(
        (status = 200, description = "Deregistered (status `revoked`, with `deregistered`)", body = FilingRecord),
        (status = 400, description = "Not a reason a merchant can give", body = ErrorEnvelope),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope),
        (status = 409, description = "NOT_DEREGISTRABLE: only approved filings can be deregistered", body = ErrorEnvelope),
        (status = 412, description = "STALE_VERSION", body = ErrorEnvelope),
        (status = 428, description = "No If-Match", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn deregister(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
    headers: HeaderMap,
    JsonBody(body): JsonBody<DeregisterRequest>,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    let expected = if_match(&headers)?;
    if !body.reason.choosable() {
        return Err(ApiError::BadRequest(format!(
            "reason {:?} is set by the acquirer, not chosen",
            body.reason.name()
        )));
    }
    let db = state.db.clone();
    let record = super::work(async {
        let mut tx = db.begin().await?;
        let record = store::deregister(&mut tx, &mid, &id, expected, body.reason).await?;
        tx.commit().await?;
        Ok(record)
    })
    .await?;
    answer(record)
}

/// The approved filing with the placement of `asked`. Fields outside the placement must be
/// empty or as filed (a masked ID number counts as the number on file).
fn with_placement(current: &FilingInput, asked: &FilingInput) -> Result<FilingInput, ApiError> {
    let mut merged = current.clone();
    for field in Field::ALL {
        let value = asked.get(field);
        if field.step() == Step::Placement {
            merged.set(field, value.to_owned());
            continue;
        }
        let filed = current.get(field);
        let same = value.is_empty()
            || value == filed
            || (field == Field::OperatorIdNumber && rules::mask_resident_id(filed) == value);
        if !same {
            return Err(ApiError::BadRequest(format!(
                "{} cannot change with the placement; only {} can",
                field.api_name(),
                Step::Placement
                    .fields()
                    .map(Field::api_name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    merged.location_datum = asked.location_datum;
    Ok(merged)
}

/// `POST /filings/{id}/placement` with `If-Match`: change where an approved terminal is
/// (region, address, store name, location, device IP, QR stand). The change is reviewed; the
/// approved placement stays in force meanwhile, and a rejected change leaves it as it was.
#[utoipa::path(post, path = "/filings/{id}/placement", tag = "filings", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id"),
        ("If-Match" = String, Header, description = "The ETag of the approved version")),
    request_body(content = FilingInput, description = "The new placement; other members empty or as filed"),
    responses(
        (status = 200, description = "The change is pending review (`change`)", body = FilingRecord),
        (status = 400, description = "A member outside the placement differs from the filing", body = ErrorEnvelope),
        (status = 404, description = "No such filing, or another merchant's", body = ErrorEnvelope),
        (status = 409, description = "NOT_MOVABLE (not approved), CHANGE_PENDING, or QR_CODE_BOUND_ELSEWHERE on qr_code", body = ErrorEnvelope),
        (status = 412, description = "STALE_VERSION", body = ErrorEnvelope),
        (status = 422, description = "VALIDATION_FAILED with field errors", body = ErrorEnvelope),
        (status = 428, description = "No If-Match", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn change_placement(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(id): Segment,
    headers: HeaderMap,
    JsonBody(asked): JsonBody<FilingInput>,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    let expected = if_match(&headers)?;
    let s = state.clone();
    let record = super::work(async {
        let mut tx = s.db.begin().await?;
        let current = store::get_filing(&mut tx, &mid, &id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let merged = with_placement(&current.submission, &asked)?;
        let valid = validated(&s, &mid, &merged)?;
        ensure_qr_usable(&mut tx, &mid, &valid.qr_code).await?;
        let record =
            store::submit_change(&mut tx, &mid, &id, expected, &valid, review_due_ms(&s)).await?;
        tx.commit().await?;
        Ok(record)
    })
    .await?;
    state.review_wakeup.notify_one();
    answer(record)
}

/// `POST /transfers` with `Idempotency-Key`: ask the acquirer for a terminal another merchant's
/// filing holds (a second-hand terminal, one filed by mistake). The acquirer checks who it
/// belongs to; granted, the other filing is deregistered and the terminal can be filed. A
/// pending request for the same terminal is answered again rather than made twice.
#[utoipa::path(post, path = "/transfers", tag = "terminals", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1-128 visible ASCII characters")),
    request_body = TransferRequest,
    responses(
        (status = 201, description = "Requested, pending", body = TransferRecord),
        (status = 200, description = "A pending request for this terminal already exists", body = TransferRecord),
        (status = 400, description = "No Idempotency-Key, or neither serial_number nor qr_code", body = ErrorEnvelope),
        (status = 409, description = "NOT_HELD_ELSEWHERE: no other merchant's filing holds this terminal", body = ErrorEnvelope),
        (status = 422, description = "VALIDATION_FAILED: not a serial number or QR stand number", body = ErrorEnvelope),
        (status = 503, description = "Maintenance; see Retry-After", body = ErrorEnvelope)))]
async fn request_transfer(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    headers: HeaderMap,
    JsonBody(body): JsonBody<TransferRequest>,
) -> Result<Response, ApiError> {
    state.ensure_writable().await?;
    idempotency_key(&headers)?;
    let invalid = |field, code: RuleError| ApiError::Validation(vec![FieldError { field, code }]);
    let terminal = match (body.serial_number.trim(), body.qr_code.trim()) {
        ("", "") => {
            return Err(ApiError::BadRequest(
                "give the terminal's serial_number, or the qr_code of a QR stand".into(),
            ))
        }
        ("", qr) => rules::qr_code(qr).map_err(|c| invalid(Field::QrCode, c))?,
        (serial, _) => rules::serial_number(serial).map_err(|c| invalid(Field::SerialNumber, c))?,
    };
    let s = state.clone();
    let (record, created) = super::work(async {
        let mut tx = s.db.begin().await?;
        let held_elsewhere = store::holder(&mut tx, &terminal)
            .await?
            .is_some_and(|(_, m)| m != mid);
        // A QR stand the registry binds to another merchant counts too.
        let bound_elsewhere = matches!(
            registry::qr_binding(&mut tx, &terminal).await?,
            Some(Some(owner)) if owner != mid
        );
        if !held_elsewhere && !bound_elsewhere {
            return Err(ApiError::Conflict {
                code: filing_core::api::codes::NOT_HELD_ELSEWHERE,
                field: None,
            });
        }
        let out = store::request_transfer(&mut tx, &mid, &terminal, review_due_ms(&s)).await?;
        tx.commit().await?;
        Ok(out)
    })
    .await?;
    state.review_wakeup.notify_one();
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_response(status, to_json(&record)?, None))
}
