//! Maintenance mode, switchable while the server runs: `filing-api maintenance on|off` writes or
//! removes a file in the data directory, which the server watches. While on, writes answer 503
//! with `Retry-After` and `/health` says so.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

use crate::clock;

pub const MAINTENANCE_FILE: &str = "maintenance";

/// `Some(until)` while on; `until` is the announced end (RFC 3339), if any.
pub type MaintenanceState = Arc<RwLock<Option<Option<String>>>>;

pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join(MAINTENANCE_FILE)
}

/// Reads the switch: the file's presence means on, its first line (if any) the end time.
pub fn read(data_dir: &Path) -> Option<Option<String>> {
    let text = std::fs::read_to_string(file(data_dir)).ok()?;
    let until = text.lines().next().map(str::trim).filter(|s| !s.is_empty());
    Some(until.map(str::to_owned))
}

/// Turns maintenance on (for `minutes`, if given) or off.
pub fn switch(data_dir: &Path, on: bool, minutes: Option<i64>) -> std::io::Result<()> {
    if on {
        let until = minutes
            .map(|m| clock::rfc3339(clock::now_unix() + m * 60))
            .unwrap_or_default();
        std::fs::write(file(data_dir), format!("{until}\n"))
    } else {
        match std::fs::remove_file(file(data_dir)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
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

/// Keeps `state` in step with the file, checking every second.
pub async fn watch(data_dir: PathBuf, state: MaintenanceState) {
    // The state starts from the file (see `server::start`); only changes of the file count, so
    // a switch made directly on the state (tests) is not overwritten.
    let mut last = read(&data_dir);
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = read(&data_dir);
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

    #[test]
    fn switch_writes_and_removes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), None);
        switch(dir.path(), true, None).unwrap();
        assert_eq!(read(dir.path()), Some(None));
        switch(dir.path(), true, Some(30)).unwrap();
        let until = read(dir.path()).unwrap();
        assert!((1790..=1800).contains(&retry_after(&until)), "{until:?}");
        switch(dir.path(), false, None).unwrap();
        switch(dir.path(), false, None).unwrap();
        assert_eq!(read(dir.path()), None);
    }

    /// Switching off when the switch cannot be removed (here: something else has its name) is an
    /// error, not a silent "off".
    #[test]
    fn switching_off_reports_what_it_could_not_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(file(dir.path())).unwrap();
        assert!(switch(dir.path(), false, None).is_err());
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
