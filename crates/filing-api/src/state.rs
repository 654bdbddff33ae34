//! The state every handler and background task shares.

use std::sync::Arc;
use std::time::Duration;

use filing_core::catalog::Catalog;
use filing_core::regions::Regions;
use filing_core::Policy;
use tokio::sync::Notify;

use crate::clock;
use crate::db::Db;
use crate::error::ApiError;
use crate::limits::Limiter;
use crate::maintenance::{self, MaintenanceState};
use crate::token::Keys;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub maintenance: MaintenanceState,
    /// The keys bearer tokens are checked with (see [`crate::token`]).
    pub keys: Keys,
    pub limiter: Limiter,
    pub catalog: Arc<Catalog>,
    pub regions: Arc<Regions>,
    pub policy: Policy,
    /// How long after submission a filing is reviewed.
    pub review_delay: Duration,
    /// Wakes the reviewer when a filing is submitted.
    pub review_wakeup: Arc<Notify>,
    /// Wakes the notification sender when a review queued one.
    pub notify_wakeup: Arc<Notify>,
    /// New filings a merchant may create in any 24 hours.
    pub daily_filing_cap: u32,
    /// Whether `GET /merchant` answers (an acquirer may not offer its records).
    pub merchant_profiles: bool,
}

impl AppState {
    /// 503 while in maintenance, or while the store cannot take writes: a write accepted then
    /// would be refused later or lost.
    pub async fn ensure_writable(&self) -> Result<(), ApiError> {
        if let Some(until) =
            maintenance::in_effect(&*self.maintenance.read().await, clock::now_unix())
        {
            return Err(ApiError::Maintenance {
                retry_after_secs: maintenance::retry_after(until),
            });
        }
        self.db.check().await.map_err(ApiError::StoreUnavailable)
    }
}
