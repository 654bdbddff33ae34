//! Request extractors whose rejections use the error envelope.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::token::{Caller, TokenError};

/// The authenticated merchant of a request, as the [`crate::auth`] layer found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Merchant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        match parts.extensions.get::<Caller>() {
            Some(Caller(Ok(mid))) => Ok(Merchant(mid.clone())),
            Some(Caller(Err(e))) => Err(ApiError::Unauthorized(*e)),
            None => Err(ApiError::Unauthorized(TokenError::Missing)),
        }
    }
}

/// The one path parameter of a route (`{id}`, `{serial}`), percent-decoded. A segment that does
/// not decode to UTF-8 answers 400 with the envelope, not axum's plain-text rejection.
pub struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Segment(v)),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// Strict JSON: wrong types, unknown fields (the types deny them), bad syntax, deep nesting →
/// 400 with serde's explanation; too large → 413; wrong content type → 415.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
                _ => ApiError::BadRequest(match rejection {
                    JsonRejection::JsonDataError(e) => e.body_text(),
                    JsonRejection::JsonSyntaxError(e) => e.body_text(),
                    other => other.body_text(),
                }),
            }),
        }
    }
}

/// `Idempotency-Key`: 1..=128 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 128 && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(ApiError::IdempotencyKeyRequired)?;
    Ok(key.to_owned())
}

/// `If-Match: "3"` (quotes and a weak prefix are tolerated).
pub fn if_match(headers: &HeaderMap) -> Result<u32, ApiError> {
    let raw = headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::PreconditionRequired)?;
    let v = raw.trim().trim_start_matches("W/").trim_matches('"');
    v.parse()
        .map_err(|_| ApiError::BadRequest(format!("If-Match {raw:?} is not a filing version")))
}

/// The ETag of a filing version.
pub fn etag(version: u32) -> String {
    format!("\"{version}\"")
}
