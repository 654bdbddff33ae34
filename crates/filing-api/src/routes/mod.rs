//! Handlers of the registration API v1 and the state they share.

mod filings;
mod lifecycle;
mod merchant;
pub(crate) mod reference;
mod terminals;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use filing_core::api::{Health, HealthStatus};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, clock, limits, maintenance};

pub use reference::REGIONS_TEXT;

/// The document's frame: title, version, server base path, bearer security, tags.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "终端报备 Registration API",
        version = "1.0.0",
        description = "File payment terminals (终端报备), check their status and correct rejected filings. \
                       Every error is `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    tags(
        (name = "filings", description = "Submit, read and correct filings"),
        (name = "terminals", description = "A terminal's status and registry facts"),
        (name = "merchant", description = "The caller's own merchant record"),
        (name = "reference", description = "Public reference data"),
        (name = "service", description = "Health and maintenance")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A short-lived JWT (RFC 7519) for one merchant, issued by the acquirer's \
                         backend: HS256 with the shared secret, or ES256/EdDSA with a key of the \
                         configured JWKS chosen by `kid`. Claims: `mid` (the 15-character merchant \
                         number), `exp` (required; at most the configured lifetime ahead, 24 h by \
                         default), `iss` and `aud` (as configured; `filing-api` by default), `iat` \
                         (optional).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's routes, each registered with its OpenAPI description (one source for both).
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .merge(filings::router())
        .merge(lifecycle::router())
        .merge(merchant::router())
        .merge(terminals::router())
        .merge(reference::router())
}

/// The API with its layers: every request's token is verified once ([`auth::layer`]), then a
/// merchant's requests are rate limited ([`limits::layer`]).
pub fn router(state: AppState) -> Router {
    let (router, _) = api().split_for_parts();
    router
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.limiter.clone(),
            limits::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer,
        ))
        .with_state(state)
}

/// The OpenAPI 3.1 document of exactly the routes [`router`] serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().split_for_parts().1
}

/// [`openapi`] as the pretty JSON checked in at `docs/openapi.json`.
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

#[utoipa::path(get, path = "/health", tag = "service",
    responses(
        (status = 200, description = "`ok`, or `maintenance` with its announced end; writes answer 503 meanwhile", body = Health),
        (status = 503, description = "`degraded`: the store cannot take writes (its SQLite file is gone or read-only, or PostgreSQL does not answer or is read-only); writes answer 503 `STORE_UNAVAILABLE`", body = Health)))]
async fn health(State(state): State<AppState>) -> Response {
    if state.db.check().await.is_err() {
        let health = Health {
            status: HealthStatus::Degraded,
            until: None,
        };
        return (StatusCode::SERVICE_UNAVAILABLE, Json(health)).into_response();
    }
    let health = match maintenance::in_effect(&*state.maintenance.read().await, clock::now_unix()) {
        None => Health {
            status: HealthStatus::Ok,
            until: None,
        },
        Some(until) => Health {
            status: HealthStatus::Maintenance,
            until: until.clone(),
        },
    };
    Json(health).into_response()
}

/// Database work of a handler, written as an `async` block whose `?` gives [`ApiError`].
pub(crate) async fn work<T>(
    f: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    f.await
}
