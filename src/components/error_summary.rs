//! `error_summary`: after a failed step or submit, the list of problems with links to the
//! fields. Its view moves focus to it ([`SUMMARY_ID`]) each time a step or submit fails, so a
//! screen reader announces it and a keyboard user starts there.

use filing_core::Field;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::text_field::field_id;
use crate::i18n::{colon, field_label, form_text, FormText, Locale};

pub const SUMMARY_ID: &str = "fw-error-summary";

/// Moves focus to an element by id (and scrolls it into view).
pub fn focus_id(id: &str) {
    focus_if_there(id);
}

/// Focuses the element with `id`; false if there is none (yet).
pub fn focus_if_there(id: &str) -> bool {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    el.is_some_and(|el| el.focus().is_ok())
}

/// The summary of `errors`, (field, message) in form order; nothing when there are none.
pub fn error_summary(l: Locale, errors: &[(Field, String)]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    let items = errors.iter().map(|(f, msg)| {
        let id = field_id(*f);
        let onclick = {
            let id = id.clone();
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                focus_id(&id);
            })
        };
        html! {
            <li><a href={format!("#{id}")} {onclick}>{ field_label(l, *f) }{ colon(l) }{ msg.clone() }</a></li>
        }
    });
    html! {
        <div id={SUMMARY_ID} class="fw-summary" role="alert" tabindex="-1">
            <p class="fw-summary-title">{ form_text(l, FormText::SummaryTitle) }</p>
            <ul>{ for items }</ul>
        </div>
    }
}
