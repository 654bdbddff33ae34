//! `select_field`: a labelled native select (the phone's own picker), with hint and error.

use filing_core::Field;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::text_field::{describedby, field_frame, field_id, Frame};
use crate::i18n::{field_hint, form_text, FormText, Locale};

/// A select for one field.
pub struct Select {
    pub field: Field,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub error: Option<String>,
    pub disabled: bool,
    /// Overrides the element id (for the cascade's province / city selects).
    pub id: Option<AttrValue>,
    /// Overrides the label (for the cascade's province / city selects).
    pub label: Option<AttrValue>,
}

/// The select, reporting a choice as (field, value) to `on_change`. A function, not a
/// component: it has no state of its own, and each component costs the first load its own copy
/// of Yew's machinery.
pub fn select_field(l: Locale, props: Select, on_change: &Callback<(Field, String)>) -> Html {
    let f = props.field;
    let onchange = {
        let on_change = on_change.clone();
        Callback::from(move |e: Event| {
            on_change.emit((f, e.target_unchecked_into::<HtmlSelectElement>().value()));
        })
    };
    let id = props.id.clone().unwrap_or_else(|| field_id(f).into());
    let options = props.options.iter().map(|(v, label)| {
        html! { <option value={v.clone()} selected={*v == props.value}>{ label.clone() }</option> }
    });
    let select = html! {
        <select id={id.clone()} name={id.clone()} disabled={props.disabled} {onchange}
            aria-invalid={props.error.is_some().then_some("true")}
            aria-describedby={describedby(f, props.error.is_some(), field_hint(l, f).is_some())}>
            <option value="" selected={props.value.is_empty()}>{ form_text(l, FormText::ChooseOption) }</option>
            { for options }
        </select>
    };
    match props.label {
        // One select of a cascade: its own label; the caller shows the group's error once.
        Some(label) => html! {
            <div class="fw-field">
                <label for={id}>{ label }</label>
                { select }
            </div>
        },
        None => field_frame(l, Frame::new(f, props.error), select),
    }
}
