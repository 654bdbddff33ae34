//! `/reference/*`: public, cacheable reference data (device types, the model dictionary, the
//! GB/T 2260 region list, the current policy).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use filing_core::api::{DeviceTypeInfo, PolicyInfo};
use filing_core::catalog::Catalog;
use filing_core::DeviceType;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The region list the server validates against (also served to the widget).
pub const REGIONS_TEXT: &str = include_str!("../../../../static/data/regions.txt");

static REGIONS_ETAG: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(REGIONS_TEXT.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
});

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(device_types))
        .routes(routes!(models))
        .routes(routes!(regions))
        .routes(routes!(policy))
}

fn cacheable<T: IntoResponse>(body: T) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

#[utoipa::path(get, path = "/reference/device-types", tag = "reference",
    responses((status = 200, description = "Device types 01-13 (07 is reserved)", body = Vec<DeviceTypeInfo>)))]
async fn device_types() -> Response {
    let list: Vec<DeviceTypeInfo> = DeviceType::ALL
        .into_iter()
        .map(|d| DeviceTypeInfo {
            code: d,
            selectable: d.selectable(),
            requires_serial: d.requires_serial(),
            needs_location_or_ip: d.is_barcode(),
        })
        .collect();
    cacheable(Json(list))
}

#[utoipa::path(get, path = "/reference/models", tag = "reference",
    responses((status = 200, description = "The manufacturer / model dictionary with network licences", body = Catalog)))]
async fn models(State(state): State<AppState>) -> Response {
    cacheable(Json(Catalog::clone(&state.catalog)))
}

#[utoipa::path(get, path = "/reference/policy", tag = "reference",
    responses((status = 200, description = "Rules currently in force beyond the fixed formats, and the fields each device type must give", body = PolicyInfo)))]
async fn policy(State(state): State<AppState>) -> Json<PolicyInfo> {
    Json(PolicyInfo::of(state.policy))
}

/// The list as text, versioned by its header line: `ETag` is the version, so a widget that has
/// it cached revalidates with `If-None-Match` and gets 304.
#[utoipa::path(get, path = "/reference/regions", tag = "reference",
    responses(
        (status = 200, description = "GB/T 2260 list: a `# regions <source>` line, then `code name` lines (2-digit province, 4-digit prefecture, 6-digit county)",
            body = String, content_type = "text/plain", headers(("ETag" = String))),
        (status = 304, description = "Unchanged since If-None-Match")))]
async fn regions(headers: HeaderMap) -> Response {
    let tag = REGIONS_ETAG.as_str();
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == tag);
    let tag = tag.to_owned();
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            REGIONS_TEXT,
        )
            .into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}
