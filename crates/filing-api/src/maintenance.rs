//! Maintenance mode, switchable while the server runs: `filing-api maintenance on|off` writes
//! the switch into the database (the `settings` table), which every instance on that database
//! reads each second. While on, writes answer 503 with `Retry-After` and `/health` says so.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

use crate::db::Db;
use crate::{clock, params, sql};

/// The switch's key in the `settings` table.
const KEY: &str = "maintenance";

/// `Some(until)` while on; `until` is the announced end (RFC 3339), if any.
pub type MaintenanceState = Arc<RwLock<Option<Option<String>>>>;

/// Reads the switch: a row means on, its value (if not empty) the end time.
pub async fn read(db: &Db) -> sql::Result<Option<Option<String>>> {
    let mut conn = db.conn().await?;
    let value: Option<String> = conn
        .query_opt(
            "SELECT value FROM settings WHERE key = ?1",
            params![KEY],
            |r| r.get(0),
        )
        .await?;
    Ok(value.map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty())))
}

/// Turns maintenance on (for `minutes`, if given) or off, for every instance on `db`.
pub async fn switch(db: &Db, on: bool, minutes: Option<i64>) -> sql::Result<()> {
    let mut conn = db.conn().await?;
    if on {
        let until = minutes
            .map(|m| clock::rfc3339(clock::now_unix() + m * 60))
            .unwrap_or_default();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, until],
        )
        .await?;
    } else {
        conn.execute("DELETE FROM settings WHERE key = ?1", params![KEY])
            .await?;
    }
    Ok(())
}

/// Whether maintenance is in effect at `now`: switched on, and its announced end (if any) not
/// yet reached. An end that cannot be read counts as none announced.
pub fn in_effect(state: &Option<Option<String>>, now: i64) -> Option<&Option<String>> {
    let until = state.as_ref()?;
    match until.as_deref().and_then(clock::parse_rfc3339) {
        Some(end) if end <= now => None,
        _ => Some(until),
    }
}

/// Seconds a client should wait before retrying a write: until the announced end (at most an
/// hour), or a minute when no end is announced.
pub fn retry_after(until: &Option<String>) -> u64 {
    until
        .as_deref()
        .and_then(clock::parse_rfc3339)
        .map(|end| (end - clock::now_unix()).clamp(1, 3600) as u64)
        .unwrap_or(60)
}

/// Keeps `state` in step with the database, checking every second. A read that fails keeps
/// the state as it was (the store's health check reports the failure).
pub async fn watch(db: Db, state: MaintenanceState, started_from: Option<Option<String>>) {
    // The state starts from the database as `server::start` read it (`started_from`); only
    // changes since count, so a switch made directly on the state (tests) is not overwritten,
    // and one made between that read and this task's first is not missed.
    let mut last = started_from;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let Ok(now) = read(&db).await else {
            continue;
        };
        if now != last {
            tracing::info!(maintenance = ?now, "maintenance switched");
            *state.write().await = now.clone();
            last = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_switch_is_written_to_the_database_and_removed() {
        let t = crate::db::testing::TestDb::new().await;
        assert_eq!(read(&t.db).await.unwrap(), None);
        switch(&t.db, true, None).await.unwrap();
        assert_eq!(read(&t.db).await.unwrap(), Some(None));
        switch(&t.db, true, Some(30)).await.unwrap();
        let until = read(&t.db).await.unwrap().unwrap();
        assert!((1790..=1800).contains(&retry_after(&until)), "{until:?}");
        switch(&t.db, false, None).await.unwrap();
        switch(&t.db, false, None).await.unwrap();
        assert_eq!(read(&t.db).await.unwrap(), None);
    }

    #[test]
    fn maintenance_ends_at_its_announced_end() {
        let now = 1_800_000_000;
        let until = Some(Some(clock::rfc3339(now + 30)));
        assert!(in_effect(&until, now).is_some());
        assert!(in_effect(&until, now + 29).is_some());
        assert_eq!(in_effect(&until, now + 30), None);
        assert_eq!(in_effect(&until, now + 3600), None);
        // No end announced, or one that cannot be read: on until switched off.
        assert!(in_effect(&Some(None), now + 10_000_000).is_some());
        assert!(in_effect(&Some(Some("soon".into())), now).is_some());
        assert_eq!(in_effect(&None, now), None);
    }
}
