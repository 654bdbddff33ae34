//! Handlers of the registration API v1 and the state they share.

mod filings;
pub(crate) mod reference;
mod terminals;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use filing_core::api::{Health, HealthStatus};
use filing_core::catalog::Catalog;
use filing_core::regions::Regions;
use filing_core::Policy;
use tokio::sync::Notify;

use crate::auth::Secret;
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::Limiter;
use crate::maintenance::{self, MaintenanceState};

pub use reference::REGIONS_TEXT;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub maintenance: MaintenanceState,
    pub secret: Secret,
    pub limiter: Limiter,
    pub catalog: Arc<Catalog>,
    pub regions: Arc<Regions>,
    pub policy: Policy,
    /// How long after submission a filing is reviewed.
    pub review_delay: Duration,
    /// Wakes the reviewer when a filing is submitted.
    pub review_wakeup: Arc<Notify>,
}

impl AppState {
    /// 503 while in maintenance: writes must not be accepted then.
    pub async fn ensure_writable(&self) -> Result<(), ApiError> {
        match &*self.maintenance.read().await {
            None => Ok(()),
            Some(until) => Err(ApiError::Maintenance {
                retry_after_secs: maintenance::retry_after(until),
            }),
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .merge(filings::router())
        .merge(terminals::router())
        .merge(reference::router())
        .fallback(|| async { ApiError::NotFound })
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
