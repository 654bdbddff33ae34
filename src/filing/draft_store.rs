//! The draft in the browser's local storage: written as the merchant types (debounced by the
//! view), read on start, cleared only after the server has accepted the filing.
//!
//! A correction of a rejected filing has its own slot, so starting one never overwrites the
//! draft of a new filing; an unfinished correction is restored first.

use filing_core::reason::Reason;
use filing_core::FilingInput;
use wasm_bindgen::JsValue;

use crate::filing::state::{Correction, FormStep, SavedDraft};
use crate::json::{self, FromJs, ObjectBuilder};

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
    let parsed = json::parse::<SavedDraft>(&text).ok();
    if parsed.is_none() {
        let _ = store.remove_item(slot);
    }
    parsed
}

/// Saves the draft; `false` when storage is unavailable or full (private mode, quota).
pub fn save(draft: &SavedDraft) -> bool {
    let Some(store) = storage() else {
        return false;
    };
    let Some(text) = json::stringify(&to_js(draft)) else {
        return false;
    };
    store
        .set_item(key(draft.correcting.is_some()), &text)
        .is_ok()
}

fn to_js(d: &SavedDraft) -> JsValue {
    let mut o = ObjectBuilder::new()
        .set("draft", json::filing_input(&d.draft))
        .set("step", d.step.name())
        .set("idempotency_key", d.idempotency_key.as_str())
        .set("saved_at", d.saved_at);
    if let Some(c) = &d.correcting {
        o = o.set(
            "correcting",
            ObjectBuilder::new()
                .set("id", c.id.as_str())
                .set("version", c.version)
                .set("reasons", json::list_of(&c.reasons, json::reason))
                .set("moving", c.moving)
                .build(),
        );
    }
    o.build()
}

impl FromJs for SavedDraft {
    fn from_js(v: &JsValue) -> json::Read<Self> {
        // A draft is all or nothing: any part missing and it is not restored.
        let get = |k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
        let read = || -> Option<SavedDraft> {
            let correcting = match get("correcting").filter(|c| c.is_object()) {
                None => None,
                Some(c) => {
                    let get = |k: &str| js_sys::Reflect::get(&c, &JsValue::from_str(k)).ok();
                    Some(Correction {
                        id: get("id")?.as_string()?,
                        version: get("version")?.as_f64()? as u32,
                        reasons: Vec::<Reason>::from_js(&get("reasons")?).ok()?,
                        moving: get("moving").and_then(|m| m.as_bool()).unwrap_or(false),
                    })
                }
            };
            Some(SavedDraft {
                draft: FilingInput::from_js(&get("draft")?).ok()?,
                step: FormStep::from_name(&get("step")?.as_string()?)?,
                idempotency_key: get("idempotency_key")?.as_string()?,
                saved_at: get("saved_at")?.as_f64()?,
                correcting,
            })
        };
        read().ok_or_else(json::JsonError::default)
    }
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
