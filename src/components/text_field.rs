//! `TextField`: one labelled text input with its hint and error, wired for phones and IMEs.
//!
//! The input is wired by [`use_ime_input`]: while an IME composition is active (a merchant
//! typing Chinese with pinyin), nothing is reported and no render rewrites the input; the final
//! text is reported at `compositionend`.

use filing_core::Field;
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::components::use_ime_input::{use_ime_input, InputAttrs};

use crate::i18n::{field_hint, field_label, form_text, FormText, Locale};

/// Element id of a field's input, used by labels, the error summary and focus.
pub fn field_id(field: Field) -> String {
    format!("fw-field-{}", field.api_name())
}

pub fn error_id(field: Field) -> String {
    format!("fw-field-{}-error", field.api_name())
}

fn hint_id(field: Field) -> String {
    format!("fw-field-{}-hint", field.api_name())
}

/// `aria-describedby` for a field: its error (first, so it is read first), its hint and its
/// note.
pub fn describedby(field: Field, has_error: bool, has_hint: bool) -> Option<String> {
    described(field, has_error, has_hint, false)
}

fn described(field: Field, has_error: bool, has_hint: bool, has_note: bool) -> Option<String> {
    let mut ids = String::new();
    let mut add = |has: bool, id: fn(Field) -> String| {
        if has {
            if !ids.is_empty() {
                ids.push(' ');
            }
            ids.push_str(&id(field));
        }
    };
    add(has_error, error_id);
    add(has_hint, hint_id);
    add(has_note, note_id);
    (!ids.is_empty()).then_some(ids)
}

fn note_id(field: Field) -> String {
    format!("fw-field-{}-note", field.api_name())
}

/// What goes around a field's control: its label, hint, error and note.
pub struct Frame {
    pub field: Field,
    pub error: Option<String>,
    pub optional: bool,
    /// Shown after the error text (e.g. a link to the guide).
    pub after_error: Html,
    /// A remark under the control that is not an error (where a value comes from, a doubt).
    pub note: Option<AttrValue>,
    /// Whether to show the field's hint (where to find the value); not for a value given.
    pub hint: bool,
}

impl Frame {
    /// A required field's frame, with its hint and no note.
    pub fn new(field: Field, error: Option<String>) -> Self {
        Frame {
            field,
            error,
            optional: false,
            after_error: Html::default(),
            note: None,
            hint: true,
        }
    }
}

/// `control` in its frame. A function, not a component: it has no state of its own, and each
/// component costs the first load its own copy of Yew's machinery.
pub fn field_frame(l: Locale, frame: Frame, control: Html) -> Html {
    let f = frame.field;
    let hint = field_hint(l, f).filter(|_| frame.hint);
    html! {
        <div class="fw-field" data-invalid={frame.error.is_some().then_some("true")}>
            <label for={field_id(f)}>
                { field_label(l, f) }
                if frame.optional { <span class="fw-optional">{ form_text(l, FormText::Optional) }</span> }
            </label>
            if let Some(h) = hint { <p id={hint_id(f)} class="fw-hint">{ h }</p> }
            { control }
            if let Some(e) = frame.error {
                <p id={error_id(f)} class="fw-error">{ e }{ frame.after_error }</p>
            }
            if let Some(n) = frame.note {
                <p id={note_id(f)} class="fw-note">{ n }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub field: Field,
    pub value: AttrValue,
    pub error: Option<String>,
    #[prop_or_default]
    pub optional: bool,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or(AttrValue::Static("off"))]
    pub autocomplete: AttrValue,
    #[prop_or_default]
    pub autocapitalize: Option<AttrValue>,
    /// Shown after the error text (e.g. a link to the guide).
    #[prop_or_default]
    pub after_error: Html,
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Given, not typed (the acquirer's record, a value derived from another field).
    #[prop_or_default]
    pub readonly: bool,
    #[prop_or(true)]
    pub hint: bool,
    pub on_input: Callback<(Field, String)>,
    pub on_blur: Callback<Field>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let f = props.field;
    let has_hint = props.hint && field_hint(l, f).is_some();
    let attrs = InputAttrs {
        input_type: props.input_type.clone(),
        inputmode: props.inputmode.clone(),
        autocomplete: props.autocomplete.clone(),
        autocapitalize: props.autocapitalize.clone(),
        aria_invalid: props.error.is_some(),
        aria_describedby: described(f, props.error.is_some(), has_hint, props.note.is_some()),
    };
    let input = use_ime_input(
        &props.value,
        attrs,
        props.on_input.reform(move |text| (f, text)),
        props.on_blur.reform(move |()| f),
    );
    let a = &input.attrs;
    let frame = Frame {
        optional: props.optional,
        after_error: props.after_error.clone(),
        note: props.note.clone(),
        hint: props.hint,
        ..Frame::new(f, props.error.clone())
    };
    let control = html! {
        <input ref={input.node.clone()} id={field_id(f)} name={f.api_name()} type={a.input_type.clone()}
            inputmode={a.inputmode.clone()} autocomplete={a.autocomplete.clone()}
            autocapitalize={a.autocapitalize.clone()} spellcheck="false" readonly={props.readonly}
            aria-invalid={a.aria_invalid.then_some("true")}
            aria-describedby={a.aria_describedby.clone()}
            oninput={input.oninput.clone()} onblur={input.onblur.clone()} />
    };
    field_frame(l, frame, control)
}
