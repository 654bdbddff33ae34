//! `FormField`: any field of the form, rendered as its spec's control says (a choice, typed
//! text, the region cascade, the location, a value derived from others), or not at all when the
//! filing does not ask for it. What the acquirer's records give is shown read-only. Every step
//! is a list of these.

use filing_core::field::{Choices, Control, Requirement};
use filing_core::reason::Cause;
use filing_core::rules::Warning;
use filing_core::{DeviceType, Field, MerchantType, RuleError};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::Remote;
use crate::components::load_state::load_state;
use crate::components::select_field::{select_field, Select};
use crate::components::text_field::TextField;
use crate::filing::form_ctx::{keyboard_attrs, FormCtx};
use crate::i18n::{device_type_name, field_label, form_text, merchant_type_name, FormText, Locale};

#[derive(Properties, PartialEq)]
pub struct FormFieldProps {
    pub field: Field,
    pub ctx: FormCtx,
}

/// The options of a choice: (value, label) pairs, or `None` while they cannot be offered yet
/// (the dictionary has not loaded, no manufacturer is chosen).
fn options(l: Locale, choices: Choices, ctx: &FormCtx) -> Option<Vec<(AttrValue, AttrValue)>> {
    let catalog = match &ctx.refs.catalog {
        Remote::Loaded(c) => Some(c.clone()),
        _ => None,
    };
    let pair = |code: &str, name: &str| {
        (
            AttrValue::from(code.to_owned()),
            AttrValue::from(name.to_owned()),
        )
    };
    match choices {
        Choices::DeviceTypes => Some(
            DeviceType::ALL
                .into_iter()
                .filter(|d| d.selectable())
                .map(|d| {
                    pair(
                        d.code(),
                        &format!("{} {}", d.code(), device_type_name(l, d)),
                    )
                })
                .collect(),
        ),
        Choices::Manufacturers => catalog.map(|c| {
            c.manufacturers
                .iter()
                .map(|m| pair(&m.code, &m.name))
                .collect()
        }),
        Choices::Models => {
            let catalog = catalog?;
            let m = catalog.manufacturer(&ctx.form.draft.manufacturer)?;
            Some(m.models.iter().map(|x| pair(&x.code, &x.name)).collect())
        }
        Choices::MerchantTypes => Some(
            MerchantType::ALL
                .into_iter()
                .map(|m| pair(m.code(), merchant_type_name(l, m)))
                .collect(),
        ),
    }
}

/// A value as the merchant reads it: a choice's name rather than its code.
pub fn shown_value(l: Locale, field: Field, ctx: &FormCtx) -> String {
    let draft = &ctx.form.draft;
    let raw = draft.get(field);
    let catalog = match &ctx.refs.catalog {
        Remote::Loaded(c) => Some(c.clone()),
        _ => None,
    };
    let named = match field.spec().control {
        Control::Choice(Choices::DeviceTypes) => {
            DeviceType::from_code(raw).map(|d| format!("{} {}", d.code(), device_type_name(l, d)))
        }
        Control::Choice(Choices::Manufacturers) => catalog
            .as_ref()
            .and_then(|c| c.manufacturer(raw))
            .map(|m| m.name.clone()),
        Control::Choice(Choices::Models) => catalog
            .as_ref()
            .and_then(|c| c.model(&draft.manufacturer, raw))
            .map(|m| m.name.clone()),
        Control::Choice(Choices::MerchantTypes) => {
            MerchantType::from_code(raw).map(|m| merchant_type_name(l, m).to_owned())
        }
        Control::Region => match &ctx.refs.regions {
            Remote::Loaded(r) => r.full_name(raw),
            _ => None,
        },
        Control::Location if !raw.is_empty() => {
            Some(format!("{raw} ({})", draft.location_datum.label()))
        }
        Control::Location | Control::Text(_) | Control::Derived => None,
    };
    named.unwrap_or_else(|| raw.to_owned())
}

/// After the error of a conflict the merchant cannot fix by retyping: a link to its cause.
fn guide_link(l: Locale, error: Option<RuleError>, ctx: &FormCtx) -> Html {
    let cause = match error {
        Some(RuleError::BoundElsewhere) => Cause::QrCodeBoundElsewhere,
        Some(RuleError::AlreadyFiled) => Cause::FilingInfoWrong,
        _ => return html! {},
    };
    let guide = ctx.on_guide.clone();
    html! {
        <>{ " " }<button type="button" class="fw-link" onclick={move |_| guide.emit(Some(cause))}>
            { form_text(l, FormText::GuideLink) }
        </button></>
    }
}

#[component]
pub fn FormField(props: &FormFieldProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let (f, ctx) = (props.field, &props.ctx);
    let draft = &ctx.form.draft;
    let value = AttrValue::from(draft.get(f).to_owned());
    let error = ctx.error(l, f);
    let requirement = draft.requirement(f, &ctx.refs.ctx().policy);
    if requirement == Requirement::NotAsked {
        return html! {};
    }
    // Given, not typed: the acquirer's record, or the value that follows from another field.
    let given = ctx.form.locked(f).then_some(FormText::FromAcquirer);
    if given.is_some() || f.spec().control == Control::Derived {
        let text = shown_value(l, f, ctx);
        return html! {
            <TextField field={f} value={AttrValue::from(text)} {error} readonly=true hint={given.is_none()}
                note={given.map(|t| AttrValue::Static(form_text(l, t)))}
                on_input={Callback::noop()} on_blur={Callback::noop()} />
        };
    }
    match f.spec().control {
        Control::Choice(choices) => {
            let options = options(l, choices, ctx);
            // The dictionary's own load state shows above its first list.
            let load = (choices == Choices::Manufacturers)
                .then(|| load_state(l, ctx.refs.catalog.load_failed(), &ctx.on_reload));
            let select = Select {
                field: f,
                value,
                disabled: options.is_none(),
                options: options.unwrap_or_default(),
                error,
                id: None,
                label: None,
            };
            html! {
                <>
                    { load }
                    { select_field(l, select, &ctx.on_choose()) }
                </>
            }
        }
        Control::Text(keyboard) => {
            let (input_type, inputmode, autocomplete, autocapitalize) = keyboard_attrs(keyboard);
            let after_error = guide_link(l, ctx.form.error(f, &ctx.refs.ctx()), ctx);
            // A doubt about a value the rule accepts, once the merchant has left the field.
            let doubt = f
                .spec()
                .warn
                .filter(|_| ctx.form.touched.contains(&f) && error.is_none());
            let note = doubt.and_then(|warn| warn(draft.get(f))).map(|w| match w {
                Warning::TusnVendorCode => AttrValue::Static(form_text(l, FormText::TusnDoubt)),
            });
            html! {
                <TextField field={f} {value} {error} optional={requirement == Requirement::Optional}
                    {input_type} {inputmode} {autocomplete} {autocapitalize} {after_error} {note}
                    on_input={ctx.on_input()} on_blur={ctx.on_blur()} />
            }
        }
        Control::Region | Control::Location if ctx.later.parts.is_none() => {
            // Until their code arrives: which field this is, and that it is loading.
            html! {
                <div class="fw-field">
                    <p class="fw-field-title">{ field_label(l, f) }</p>
                    { ctx.later.or_loading(l, |_| html! {}) }
                </div>
            }
        }
        Control::Region => ctx.later.or_loading(l, |p| (p.region)(props)),
        Control::Location => ctx.later.or_loading(l, |p| (p.location)(props)),
        Control::Derived => html! {},
    }
}
