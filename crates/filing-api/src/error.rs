//! Errors of the API, each rendered as the one envelope of `filing-core`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use filing_core::api::{ErrorBody, ErrorEnvelope, FieldError};

#[derive(Debug)]
pub enum ApiError {
    /// 422: the input broke `filing-core` rules.
    Validation(Vec<FieldError>),
    /// 404: no such resource, or not the caller's.
    NotFound,
    /// 503: writes are paused for maintenance.
    Maintenance { retry_after_secs: u64 },
    /// 500: something failed inside; details go to the log, not to the client.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, fields) = match self {
            ApiError::Validation(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_FAILED",
                "one or more fields are invalid".to_owned(),
                fields,
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "no such resource".to_owned(),
                vec![],
            ),
            ApiError::Maintenance { retry_after_secs } => {
                let mut r = envelope(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "MAINTENANCE",
                    "the registration service is under maintenance".to_owned(),
                    vec![],
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                return r;
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL",
                    "internal error".to_owned(),
                    vec![],
                )
            }
        };
        envelope(status, code, message, fields)
    }
}

fn envelope(status: StatusCode, code: &str, message: String, fields: Vec<FieldError>) -> Response {
    let body = ErrorEnvelope {
        error: ErrorBody {
            code: code.to_owned(),
            message,
            fields,
        },
    };
    (status, Json(body)).into_response()
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(e.to_string())
    }
}
