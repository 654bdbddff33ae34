//! Handlers of the registration API v1.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use filing_core::api::{
    FieldError, FilingStatus, FilingSummary, Health, HealthStatus, TerminalStatus,
};
use filing_core::{rules, Field};
use rusqlite::OptionalExtension;
use tokio::sync::RwLock;

use crate::db::Db;
use crate::error::ApiError;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// `Some(until)` while in maintenance; `until` is RFC 3339 when an end is announced.
    pub maintenance: Arc<RwLock<Option<Option<String>>>>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/terminals/{serial}", get(terminal))
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    let health = match &*state.maintenance.read().await {
        None => Health {
            status: HealthStatus::Ok,
            until: None,
        },
        Some(until) => Health {
            status: HealthStatus::Maintenance,
            until: until.clone(),
        },
    };
    Json(health)
}

async fn terminal(
    State(state): State<AppState>,
    Path(serial): Path<String>,
) -> Result<Json<TerminalStatus>, ApiError> {
    let serial = rules::serial_number(&serial).map_err(|code| {
        ApiError::Validation(vec![FieldError {
            field: Field::SerialNumber,
            code,
        }])
    })?;
    let db = state.db.clone();
    let found = tokio::task::spawn_blocking({
        let serial = serial.clone();
        move || {
            db.lock()
                .query_row(
                    "SELECT id, status FROM filings WHERE serial_number = ?1
                     ORDER BY created_at DESC LIMIT 1",
                    [&serial],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )
                .optional()
        }
    })
    .await??;
    let filing = match found {
        None => None,
        Some((id, status)) => Some(FilingSummary {
            id,
            status: parse_status(&status)?,
        }),
    };
    Ok(Json(TerminalStatus {
        serial_number: serial,
        filing,
    }))
}

fn parse_status(s: &str) -> Result<FilingStatus, ApiError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| ApiError::Internal(format!("unknown status in database: {s}")))
}
