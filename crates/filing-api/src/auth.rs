//! Authentication as a layer: every API request's bearer token is verified once, and what it
//! says ([`Caller`]) goes into the request's extensions, for the rate limiter and for the
//! [`crate::extract::Merchant`] extractor of the handlers that need a merchant.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::clock;
use crate::state::AppState;
use crate::token::{Caller, TokenError};

/// The bearer token of `Authorization: Bearer <token>`, if the header is there.
fn bearer(req: &Request) -> Option<&str> {
    req.headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let caller = match bearer(&req) {
        None => Caller(Err(TokenError::Missing)),
        Some(token) => Caller(state.keys.verify(token, clock::now_unix())),
    };
    req.extensions_mut().insert(caller);
    next.run(req).await
}
