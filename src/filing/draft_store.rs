//! The draft in the browser's local storage: written as the merchant types (debounced by the
//! view), read on start, cleared only after the server has accepted the filing.

use crate::filing::state::SavedDraft;

const KEY: &str = "filing-widget.draft.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved draft, if there is a readable one. A corrupt entry is removed, not trusted.
pub fn load() -> Option<SavedDraft> {
    let store = storage()?;
    let text = store.get_item(KEY).ok()??;
    let parsed = js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<SavedDraft>(v).ok());
    if parsed.is_none() {
        let _ = store.remove_item(KEY);
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
    store.set_item(KEY, &String::from(text)).is_ok()
}

pub fn clear() {
    if let Some(store) = storage() {
        let _ = store.remove_item(KEY);
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
