//! `GET /merchant`: the caller's own record as the acquirer holds it (the ID number masked), so
//! that the form prefills the merchant's identity instead of having it typed again.

use axum::extract::State;
use axum::Json;
use filing_core::api::{ErrorEnvelope, MerchantProfile};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::Merchant;
use crate::registry;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(merchant))
}

#[utoipa::path(get, path = "/merchant", tag = "merchant", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's record: name, type, credit code or masked ID number, contact, qualified device types", body = MerchantProfile),
        (status = 401, description = "Missing, forged or expired token", body = ErrorEnvelope),
        (status = 404, description = "No record for this merchant (the form then asks for it all)", body = ErrorEnvelope)))]
async fn merchant(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
) -> Result<Json<MerchantProfile>, ApiError> {
    if !state.merchant_profiles {
        return Err(ApiError::NotFound);
    }
    let db = state.db.clone();
    let mut conn = db.conn().await?;
    let record = registry::merchant(&mut conn, &mid)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(record.profile()))
}
