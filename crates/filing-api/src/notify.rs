//! Review notifications: when a review completes (a filing, a placement change, a transfer
//! request), the reviewer queues a notification in the same transaction (the `outbox` table), and
//! this sender delivers it to the acquirer's webhook, so the acquirer can send the SMS or app
//! message the merchant's contact mobile is for.
//!
//! Delivery is at least once: a notification stays queued until the webhook answers 2xx, retried
//! with back-off (1 s, 2 s, 4 s ... at most an hour apart) and given up after a day; every attempt
//! is recorded. Each request is signed: `Filing-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
//! of "<t>.<body>" with the shared secret>`; receivers check it and the time, and de-duplicate by
//! the body's `id`. Without a configured webhook (the sandbox), notifications are written to the
//! log instead and count as delivered.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::Notify;

use crate::db::Db;
use crate::{clock, store};

/// Where notifications go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// `http://` or `https://` URL the notifications are POSTed to.
    pub url: String,
    /// The shared secret of the signature.
    pub secret: String,
}

/// Longest wait between two attempts, and how long a notification is tried.
const MAX_BACKOFF_SECS: i64 = 3600;
const GIVE_UP_AFTER_SECS: i64 = 24 * 3600;

/// How long a claimed notification is left to the instance delivering it (the request times
/// out after 10 s).
const LEASE_MS: i64 = 60_000;

/// Wait before attempt `attempts + 1`: 1 s, 2 s, 4 s ... at most [`MAX_BACKOFF_SECS`].
pub fn backoff_secs(attempts: u32) -> i64 {
    1i64.checked_shl(attempts.min(30))
        .unwrap_or(MAX_BACKOFF_SECS)
        .min(MAX_BACKOFF_SECS)
}

/// The `Filing-Signature` header value for `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    format!("t={t},v1={}", hmac_hex(secret, &format!("{t}.{body}")))
}

/// HMAC-SHA256 of `data` with `key`, as lower-case hex.
fn hmac_hex(key: &str, data: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(data.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs until dropped: delivers what is due, then sleeps until the next due attempt (at most a
/// second) or until the reviewer queues something.
pub async fn run(db: Db, webhook: Option<Webhook>, wakeup: Arc<Notify>) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .ok();
    loop {
        let due = match db.conn().await {
            Ok(mut conn) => store::claim_outbox(&mut conn, clock::now_millis(), 20, LEASE_MS)
                .await
                .unwrap_or_default(),
            Err(_) => vec![],
        };
        for (id, kind, body, attempts) in due {
            let outcome = match (&webhook, &client) {
                (None, _) => {
                    tracing::info!(notification = id, %kind, %body, "notification (no webhook configured: logged)");
                    Ok(())
                }
                (Some(hook), Some(client)) => deliver(client, hook, id, &body).await,
                (Some(_), None) => Err("no HTTP client".to_owned()),
            };
            let now_ms = clock::now_millis();
            let Ok(mut conn) = db.conn().await else {
                continue;
            };
            let _ = match outcome {
                Ok(()) => store::record_attempt(&mut conn, id, true, None, None).await,
                Err(e) => {
                    let age_secs = store::outbox_age_secs(&mut conn, id).await.unwrap_or(0);
                    let retry = (age_secs < GIVE_UP_AFTER_SECS)
                        .then(|| now_ms + backoff_secs(attempts) * 1000);
                    if retry.is_none() {
                        tracing::warn!(notification = id, error = %e, "notification given up");
                    } else {
                        tracing::warn!(notification = id, error = %e, "notification failed; will retry");
                    }
                    store::record_attempt(&mut conn, id, false, retry, Some(&e)).await
                }
            };
        }
        let next = match db.conn().await {
            Ok(mut conn) => store::next_outbox_due(&mut conn).await.ok().flatten(),
            Err(_) => None,
        };
        let wait_ms = next
            .map(|due| (due - clock::now_millis()).clamp(0, 1000))
            .unwrap_or(1000) as u64;
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(wait_ms)) => {}
            _ = wakeup.notified() => {}
        }
    }
}

async fn deliver(
    client: &reqwest::Client,
    hook: &Webhook,
    id: i64,
    body: &str,
) -> Result<(), String> {
    let t = clock::now_unix();
    let res = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("filing-signature", signature(&hook.secret, t, body))
        .header("filing-notification-id", id.to_string())
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| crate::cause::chain(&e))?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("webhook answered {}", res.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        let waits: Vec<i64> = (0..14).map(backoff_secs).collect();
        assert_eq!(
            waits,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600]
        );
        assert_eq!(backoff_secs(u32::MAX), 3600);
    }

    /// The signature a receiver recomputes: HMAC-SHA256 of "<t>.<body>", hex.
    #[test]
    fn the_signature_is_hmac_sha256_of_time_and_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            signature("Jefe", 1_800_000_000, "{}"),
            format!("t=1800000000,v1={}", hmac_hex("Jefe", "1800000000.{}"))
        );
        assert_ne!(signature("other", 0, "x"), signature("Jefe", 0, "x"));
    }
}
