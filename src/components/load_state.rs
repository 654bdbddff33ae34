//! `load_state`: the one line shown while reference data loads, or when it failed (with a retry).

use yew::prelude::*;

use crate::i18n::{form_text, FormText, Locale};

/// Code split off the first load (a chunk) could not be fetched or instantiated (offline, say);
/// a later attempt starts afresh.
#[derive(Debug)]
pub struct LoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for LoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// The line for `failed`: `None` once loaded (nothing), `Some(false)` while loading,
/// `Some(true)` on failure, with a button that calls `on_reload`. A function, not a component:
/// it has no state of its own, and each component costs the first load its own copy of Yew's
/// machinery.
pub fn load_state(l: Locale, failed: Option<bool>, on_reload: &Callback<()>) -> Html {
    match failed {
        None => html! {},
        Some(false) => {
            html! { <p class="fw-hint" role="status">{ form_text(l, FormText::Loading) }</p> }
        }
        Some(true) => {
            let reload = on_reload.clone();
            html! {
                <p class="fw-error" role="alert">
                    { form_text(l, FormText::LoadFailed) }{ " " }
                    <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={move |_| reload.emit(())}>
                        { form_text(l, FormText::Reload) }
                    </button>
                </p>
            }
        }
    }
}
