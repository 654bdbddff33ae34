//! `ErrorSummary`: after a failed step or submit, the list of problems with links to the fields;
//! it takes focus so a screen reader announces it and a keyboard user starts there.

use filing_core::Field;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::components::text_field::field_id;
use crate::i18n::{colon, field_label, form_text, FormText};

pub const SUMMARY_ID: &str = "fw-error-summary";

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// (field, message) in form order.
    pub errors: Vec<(Field, String)>,
    /// Focus moves to the summary whenever this changes to a non-zero value.
    pub focus: u32,
}

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

#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let has_errors = !props.errors.is_empty();
    use_effect_with((props.focus, has_errors), |(focus, has)| {
        if *focus > 0 && *has {
            focus_id(SUMMARY_ID);
        }
    });
    if !has_errors {
        return html! {};
    }
    let items = props.errors.iter().map(|(f, msg)| {
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
