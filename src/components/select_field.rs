//! `SelectField`: a labelled native select (the phone's own picker), with hint and error.

use filing_core::Field;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::text_field::{describedby, field_frame, field_id, Frame};
use crate::i18n::{field_hint, form_text, FormText, Locale};

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub field: Field,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub error: Option<String>,
    #[prop_or_default]
    pub disabled: bool,
    /// Overrides the element id (for the cascade's province / city selects).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Overrides the label (for the cascade's province / city selects).
    #[prop_or_default]
    pub label: Option<AttrValue>,
    pub on_change: Callback<(Field, String)>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let f = props.field;
    let onchange = {
        let on_change = props.on_change.clone();
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
    match &props.label {
        // One select of a cascade: its own label; the caller shows the group's error once.
        Some(label) => html! {
            <div class="fw-field">
                <label for={id}>{ label.clone() }</label>
                { select }
            </div>
        },
        None => field_frame(l, Frame::new(f, props.error.clone()), select),
    }
}
