//! Per-merchant rate limiting: a token bucket per MID, refilled continuously, applied as a layer
//! to every request whose token the [`crate::auth`] layer found valid.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::token::Caller;

/// Takes one request from the caller's bucket, or answers 429 with `Retry-After`.
pub async fn layer(State(limiter): State<Limiter>, req: Request, next: Next) -> Response {
    if let Some(Caller(Ok(mid))) = req.extensions().get::<Caller>() {
        if let Err(e) = limiter.check(mid) {
            return e.into_response();
        }
    }
    next.run(req).await
}

#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Requests per second sustained.
    pub per_second: f64,
    /// Requests allowed in a burst.
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 20.0,
            burst: 60.0,
        }
    }
}

#[derive(Clone)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Arc<Mutex<HashMap<String, (f64, Instant)>>>,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limit,
            buckets: Arc::default(),
        }
    }

    /// Takes one request from `key`'s bucket, or says how long to wait.
    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), ApiError> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Bounded memory: forget buckets that have refilled completely.
            let full = self.limit.burst / self.limit.per_second;
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs_f64() < full);
        }
        let (tokens, at) = buckets
            .entry(key.to_owned())
            .or_insert((self.limit.burst, now));
        let refill = now.duration_since(*at).as_secs_f64() * self.limit.per_second;
        *tokens = (*tokens + refill).min(self.limit.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - *tokens) / self.limit.per_second).ceil().max(1.0);
            Err(ApiError::RateLimited {
                retry_after_secs: wait as u64,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn allows_a_burst_then_refuses_then_refills() {
        let l = Limiter::new(RateLimit {
            per_second: 1.0,
            burst: 3.0,
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check_at("a", t0).is_ok());
        }
        assert!(matches!(
            l.check_at("a", t0),
            Err(ApiError::RateLimited {
                retry_after_secs: 1
            })
        ));
        assert!(l.check_at("b", t0).is_ok(), "buckets are per merchant");
        assert!(l.check_at("a", t0 + Duration::from_secs(1)).is_ok());
    }
}
