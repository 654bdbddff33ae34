//! `GET /terminals/{serial}`: a terminal's filing and the registry facts a diagnosis needs.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use filing_core::api::{
    DeviceFacts, ErrorEnvelope, FieldError, FilingRecord, QrBinding, QrFacts, TerminalStatus,
};
use filing_core::{rules, Field};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::{Merchant, Segment};
use crate::state::AppState;
use crate::{registry, store};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(terminal))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TerminalQuery {
    qr_code: Option<String>,
}

fn invalid(field: Field, code: filing_core::RuleError) -> ApiError {
    ApiError::Validation(vec![FieldError { field, code }])
}

#[utoipa::path(get, path = "/terminals/{serial}", tag = "terminals", security(("bearer" = [])),
    params(("serial" = String, Path, description = "Serial number, normalised like the form; for a QR stand filed without one, its QR stand number"),
        ("qr_code" = Option<String>, Query, description = "A QR stand to check the binding of")),
    responses(
        (status = 200, description = "The caller's filing for the serial (or none) and the registry facts", body = TerminalStatus),
        (status = 401, description = "Missing, forged or expired token", body = ErrorEnvelope),
        (status = 422, description = "Not a valid serial number or QR stand id", body = ErrorEnvelope)))]
async fn terminal(
    State(state): State<AppState>,
    Merchant(mid): Merchant,
    Segment(serial): Segment,
    query: Result<Query<TerminalQuery>, QueryRejection>,
) -> Result<Json<TerminalStatus>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let serial = rules::serial_number(&serial).map_err(|c| invalid(Field::SerialNumber, c))?;
    let asked_qr = match query.qr_code.as_deref().filter(|q| !q.trim().is_empty()) {
        Some(q) => Some(rules::qr_code(q).map_err(|c| invalid(Field::QrCode, c))?),
        None => None,
    };
    let catalog = state.catalog.clone();
    let db = state.db.clone();
    let status = super::work(async {
        let mut conn = db.conn().await?;
        let filing = store::latest_for_serial(&mut conn, &mid, &serial).await?;
        // By serial number, or (a QR stand filed without one) by its stand's number.
        let filed_by_another_merchant = store::holder(&mut conn, &serial)
            .await?
            .is_some_and(|(_, m)| m != mid);
        let transfer = store::latest_transfer(&mut conn, &mid, &serial).await?;
        let device = registry::device(&mut conn, &serial).await?;
        let merchant = registry::merchant(&mut conn, &mid).await?;
        let model = device
            .as_ref()
            .and_then(|d| catalog.model(&d.manufacturer, &d.model));
        let merchant_qualified = match (model, &merchant) {
            (Some(m), Some(rec)) => {
                Some(m.device_types.iter().any(|t| rec.device_types.contains(t)))
            }
            _ => None,
        };
        let qr_code = asked_qr.or_else(|| {
            filing
                .as_ref()
                .map(|f| f.submission.qr_code.clone())
                .filter(|q| !q.is_empty())
        });
        let qr = match qr_code {
            None => None,
            Some(qr_code) => {
                let binding = match registry::qr_binding(&mut conn, &qr_code).await? {
                    None => QrBinding::Unknown,
                    Some(None) => QrBinding::Free,
                    Some(Some(owner)) if owner == mid => QrBinding::Yours,
                    Some(Some(_)) => QrBinding::Elsewhere,
                };
                Some(QrFacts { qr_code, binding })
            }
        };
        Ok(TerminalStatus {
            serial_number: serial,
            filing: filing.map(FilingRecord::masked),
            filed_by_another_merchant,
            device: device.map(|d| DeviceFacts {
                certified_model: model.is_some_and(|m| m.certified),
                manufacturer: d.manufacturer,
                model: d.model,
                activated: d.activated,
                security_check_passed: d.security_passed,
                location_required: d.location_required,
                terminal_id: d.terminal_id,
            }),
            qr,
            merchant_qualified,
            transfer,
        })
    })
    .await?;
    Ok(Json(status))
}
