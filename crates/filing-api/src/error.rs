//! Errors of the API, each rendered as the one envelope of `filing-core`:
//! `{"error": {"code", "message", "fields"?}}`, never a bare status or a panic.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use filing_core::api::{codes, ErrorBody, ErrorEnvelope, FieldError};
use filing_core::{Field, RuleError};

use crate::store::WriteError;
use crate::token::TokenError;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON of the expected shape (serde's explanation included).
    BadRequest(String),
    /// 413: the body is larger than the limit.
    PayloadTooLarge,
    /// 415: not `application/json`.
    UnsupportedMediaType,
    /// 401: missing, malformed, forged or expired token.
    Unauthorized(TokenError),
    /// 404: no such resource, or not the caller's.
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 422: the input broke `filing-core` rules.
    Validation(Vec<FieldError>),
    /// 409: a uniqueness rule or a state rule; `field` when it concerns one.
    Conflict {
        code: &'static str,
        field: Option<(Field, RuleError)>,
    },
    /// 400: `POST /filings` without an `Idempotency-Key`.
    IdempotencyKeyRequired,
    /// 422: the key was used before with a different body.
    IdempotencyKeyReused,
    /// 428: `PUT` without `If-Match`.
    PreconditionRequired,
    /// 412: `If-Match` names an older version than the current one.
    Stale { current: u32 },
    /// 429: too many requests for this merchant.
    RateLimited { retry_after_secs: u64 },
    /// 429: the merchant's new filings of the last 24 hours reached the cap.
    DailyLimit { retry_after_secs: u64 },
    /// 503: writes are paused for maintenance.
    Maintenance { retry_after_secs: u64 },
    /// 408: the request (its body, say) did not arrive in time.
    RequestTimeout,
    /// 503: the store cannot take writes (see [`crate::db::Db::check`]).
    StoreUnavailable(crate::db::StoreFault),
    /// 500: something failed inside; the cause goes to the log with its chain, not to the client.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// `Retry-After` of a store that cannot take writes: an operator has to act, so not soon.
const STORE_RETRY_SECS: u64 = 60;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let mut fields = vec![];
        let (status, code, message) = match self {
            ApiError::BadRequest(detail) => (StatusCode::BAD_REQUEST, codes::BAD_REQUEST, detail),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::PAYLOAD_TOO_LARGE,
                "request body too large".into(),
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "send Content-Type: application/json".into(),
            ),
            ApiError::Unauthorized(TokenError::Expired) => (
                StatusCode::UNAUTHORIZED,
                codes::TOKEN_EXPIRED,
                "the token has expired; get a new one".into(),
            ),
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                codes::UNAUTHORIZED,
                "a valid bearer token is required".into(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND,
                "no such resource".into(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                codes::METHOD_NOT_ALLOWED,
                "this method is not allowed here".into(),
            ),
            ApiError::Validation(f) => {
                fields = f;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    codes::VALIDATION_FAILED,
                    "one or more fields are invalid".into(),
                )
            }
            ApiError::Conflict { code, field } => {
                fields = field
                    .map(|(field, code)| FieldError { field, code })
                    .into_iter()
                    .collect();
                (
                    StatusCode::CONFLICT,
                    code,
                    code.to_lowercase().replace('_', " "),
                )
            }
            ApiError::IdempotencyKeyRequired => (
                StatusCode::BAD_REQUEST,
                codes::IDEMPOTENCY_KEY_REQUIRED,
                "send an Idempotency-Key header (1-128 visible ASCII characters)".into(),
            ),
            ApiError::IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used with a different body".into(),
            ),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                codes::PRECONDITION_REQUIRED,
                "send If-Match with the filing's ETag".into(),
            ),
            ApiError::Stale { current } => (
                StatusCode::PRECONDITION_FAILED,
                codes::STALE_VERSION,
                format!("the filing has changed; its current version is {current}"),
            ),
            ApiError::RateLimited { retry_after_secs } => {
                retry_after = Some(retry_after_secs);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    codes::RATE_LIMITED,
                    "too many requests".into(),
                )
            }
            ApiError::DailyLimit { retry_after_secs } => {
                retry_after = Some(retry_after_secs);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    codes::DAILY_LIMIT_REACHED,
                    "this merchant filed its most new terminals for 24 hours".into(),
                )
            }
            ApiError::Maintenance { retry_after_secs } => {
                retry_after = Some(retry_after_secs);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    codes::MAINTENANCE,
                    "the registration service is under maintenance".into(),
                )
            }
            ApiError::RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                codes::REQUEST_TIMEOUT,
                "the request did not arrive in time; send it again".into(),
            ),
            ApiError::StoreUnavailable(fault) => {
                tracing::error!(?fault, "the store cannot take writes");
                retry_after = Some(STORE_RETRY_SECS);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    codes::STORE_UNAVAILABLE,
                    "the registration service cannot save right now; nothing was saved".into(),
                )
            }
            ApiError::Internal(cause) => {
                tracing::error!(error = %crate::cause::chain(&*cause), "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    codes::INTERNAL,
                    "internal error".into(),
                )
            }
        };
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: code.to_owned(),
                message,
                fields,
            },
        };
        let mut res = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// A failure inside the server that does not come from a library's error type.
#[derive(Debug)]
pub struct Fault(pub &'static str);

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Fault {}

impl From<crate::sql::Error> for ApiError {
    /// A write the store refuses as read-only, or a database that does not answer, is the
    /// store being unavailable (503, the draft kept), not an internal error: it can happen
    /// between the check before a write and the write itself.
    fn from(e: crate::sql::Error) -> Self {
        match e.store_fault() {
            Some(fault) => ApiError::StoreUnavailable(fault),
            None => ApiError::Internal(Box::new(e)),
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(Box::new(e))
    }
}

impl From<WriteError> for ApiError {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::NotFound => ApiError::NotFound,
            WriteError::SerialTaken => ApiError::Conflict {
                code: codes::SERIAL_ALREADY_FILED,
                field: Some((Field::SerialNumber, RuleError::AlreadyFiled)),
            },
            WriteError::QrTaken => ApiError::Conflict {
                code: codes::QR_CODE_BOUND_ELSEWHERE,
                field: Some((Field::QrCode, RuleError::BoundElsewhere)),
            },
            WriteError::NotCorrectable(_) => ApiError::Conflict {
                code: codes::NOT_CORRECTABLE,
                field: None,
            },
            WriteError::NotAllowed(code) => ApiError::Conflict { code, field: None },
            WriteError::Stale(current) => ApiError::Stale { current },
            WriteError::Db(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A write the store refuses as read-only after the check before it passed answers 503
    /// like the check would have, not 500.
    #[test]
    fn a_store_refusing_a_write_is_unavailable_not_internal() {
        let readonly = crate::sql::Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            None,
        ));
        let e: ApiError = WriteError::Db(readonly).into();
        assert!(matches!(
            e,
            ApiError::StoreUnavailable(crate::db::StoreFault::ReadOnly)
        ));
    }

    #[test]
    fn an_internal_error_keeps_its_cause_chain() {
        let io = std::io::Error::other("disk on fire");
        let db = crate::db::DbError::Io(io);
        assert_eq!(
            crate::cause::chain(&db),
            "cannot create the data directory: disk on fire"
        );
        let e: ApiError = crate::sql::Error::NoRow.into();
        let ApiError::Internal(cause) = e else {
            panic!("internal")
        };
        assert!(cause.downcast_ref::<crate::sql::Error>().is_some());
    }
}
