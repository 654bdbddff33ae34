//! The last known status of each terminal looked up, kept on the phone so that a check on a
//! dropping network still shows something true (with its age) instead of an empty page.

use filing_core::api::TerminalStatus;

const PREFIX: &str = "filing-widget.status.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Saves the API's answer as it came (`at` in ms since the epoch, then a newline, then the JSON).
pub fn save(serial: &str, json: &str, at: f64) {
    if let Some(store) = storage() {
        // Full or disabled storage only loses the offline fallback.
        let _ = store.set_item(
            &format!("{PREFIX}{serial}"),
            &format!("{}\n{json}", at as u64),
        );
    }
}

/// The last known status of `serial` and when it was fetched; a corrupt entry reads as none.
pub fn load(serial: &str) -> Option<(TerminalStatus, f64)> {
    let text = storage()?.get_item(&format!("{PREFIX}{serial}")).ok()??;
    let (at, json) = text.split_once('\n')?;
    // Whole milliseconds: parsing floats would cost the bundle a float parser.
    let at = at.parse::<u64>().ok()? as f64;
    let status = crate::api::parse(200, json).ok()?;
    Some((status, at))
}
