//! The draft in the browser's local storage: written as the merchant types (debounced by the
//! view), read on start, cleared only after the server has accepted the filing.
//!
//! A correction of a rejected filing has its own slot, so starting one never overwrites the
//! draft of a new filing; an unfinished correction is restored first.

use crate::filing::state::SavedDraft;

const NEW: &str = "filing-widget.draft.v1";
const CORRECTION: &str = "filing-widget.correction.v1";

fn key(correcting: bool) -> &'static str {
    if correcting {
        CORRECTION
    } else {
        NEW
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved draft: an unfinished correction first, else the new filing's.
pub fn load() -> Option<SavedDraft> {
    load_slot(true).or_else(|| load_slot(false))
}

/// The saved draft of one slot, if readable. A corrupt entry is removed, not trusted.
pub fn load_slot(correcting: bool) -> Option<SavedDraft> {
    let store = storage()?;
    let slot = key(correcting);
    let text = store.get_item(slot).ok()??;
    let parsed = js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<SavedDraft>(v).ok());
    if parsed.is_none() {
        let _ = store.remove_item(slot);
    }
    parsed
}

/// Saves the draft; `false` when storage is unavailable or full (private mode, quota).
pub fn save(draft: &SavedDraft) -> bool {
    use serde::Serialize;
    let Some(store) = storage() else {
        return false;
    };
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(value) = draft.serialize(&ser) else {
        return false;
    };
    let Ok(text) = js_sys::JSON::stringify(&value) else {
        return false;
    };
    store
        .set_item(key(draft.correcting.is_some()), &String::from(text))
        .is_ok()
}

/// Removes one slot's draft (the correction's, or the new filing's).
pub fn clear(correcting: bool) {
    if let Some(store) = storage() {
        let _ = store.remove_item(key(correcting));
    }
}

/// A fresh idempotency key: 128 random bits as hex, from the browser's CSPRNG (which works on
/// plain-HTTP pages too, unlike `crypto.randomUUID`).
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
