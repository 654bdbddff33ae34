//! `FormField`: any field of the form, rendered as its spec's control says (a choice, typed
//! text, the region cascade, the location). Every step is a list of these.

use filing_core::field::{Choices, Control};
use filing_core::reason::Cause;
use filing_core::{DeviceType, Field, RuleError};
use yew::prelude::*;

use crate::api::Remote;
use crate::components::load_state::LoadState;
use crate::components::select_field::SelectField;
use crate::components::text_field::TextField;
use crate::filing::form_ctx::{keyboard_attrs, FormCtx};
use crate::filing::location_field::LocationField;
use crate::filing::region_field::RegionField;
use crate::i18n::{device_type_name, form_text, FormText, Locale};

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
    }
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
    let l = use_context::<Locale>().unwrap_or_default();
    let (f, ctx) = (props.field, &props.ctx);
    let draft = &ctx.form.draft;
    let value = AttrValue::from(draft.get(f).to_owned());
    let error = ctx.error(l, f);
    match f.spec().control {
        Control::Choice(choices) => {
            let options = options(l, choices, ctx);
            // The dictionary's own load state shows above its first list.
            let load = (choices == Choices::Manufacturers).then(|| {
                html! { <LoadState failed={ctx.refs.catalog.load_failed()} on_reload={ctx.on_reload.clone()} /> }
            });
            html! {
                <>
                    { load }
                    <SelectField field={f} {value} disabled={options.is_none()}
                        options={options.unwrap_or_default()} {error} on_change={ctx.on_choose()} />
                </>
            }
        }
        Control::Text(keyboard) => {
            let (input_type, inputmode, autocomplete, autocapitalize) = keyboard_attrs(keyboard);
            let required = filing_core::filing::is_required(draft, f, ctx.refs.ctx().policy);
            let after_error = guide_link(l, ctx.form.error(f, &ctx.refs.ctx()), ctx);
            html! {
                <TextField field={f} {value} {error} optional={!required}
                    {input_type} {inputmode} {autocomplete} {autocapitalize} {after_error}
                    on_input={ctx.on_input()} on_blur={ctx.on_blur()} />
            }
        }
        Control::Region => html! { <RegionField field={f} ctx={ctx.clone()} /> },
        Control::Location => html! { <LocationField field={f} ctx={ctx.clone()} /> },
    }
}
