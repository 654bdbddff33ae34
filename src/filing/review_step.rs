//! Step 4 of the form: everything the merchant entered, to check before submitting.

use filing_core::field::{Choices, Control};
use filing_core::rules::Datum;
use filing_core::{DeviceType, Field, Step};
use yew::prelude::*;

use crate::api::Remote;
use crate::filing::form_ctx::FormCtx;
use crate::filing::state::{FormAction, FormStep};
use crate::i18n::{device_type_name, field_label, form_text, step_title, FormText, Locale};

fn step_index(step: Step) -> usize {
    FormStep::Entry(step).index()
}

#[derive(Properties, PartialEq)]
pub struct ReviewStepProps {
    pub ctx: FormCtx,
}

#[component]
pub fn ReviewStep(props: &ReviewStepProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let props = &props.ctx;
    let draft = &props.form.draft;
    let catalog = match &props.refs.catalog {
        Remote::Loaded(c) => Some(c.clone()),
        _ => None,
    };
    let regions = match &props.refs.regions {
        Remote::Loaded(r) => Some(r.clone()),
        _ => None,
    };
    // Values as a merchant recognises them: names rather than codes where there are names.
    let shown = |f: Field| -> String {
        let raw = draft.get(f);
        let named = match f.spec().control {
            Control::Choice(Choices::DeviceTypes) => DeviceType::from_code(raw)
                .map(|d| format!("{} {}", d.code(), device_type_name(l, d))),
            Control::Choice(Choices::Manufacturers) => catalog
                .as_ref()
                .and_then(|c| c.manufacturer(raw))
                .map(|m| m.name.clone()),
            Control::Choice(Choices::Models) => catalog
                .as_ref()
                .and_then(|c| c.model(&draft.manufacturer, raw))
                .map(|m| m.name.clone()),
            Control::Region => regions.as_ref().and_then(|r| r.full_name(raw)),
            Control::Location if !raw.is_empty() => Some(format!(
                "{raw} ({})",
                if draft.location_datum == Datum::Gcj02 {
                    "GCJ-02"
                } else {
                    "WGS-84"
                }
            )),
            Control::Location | Control::Text(_) => None,
        };
        named.unwrap_or_else(|| raw.to_owned())
    };
    let sections = Step::ALL.into_iter().map(|step| {
        let dispatch = props.form.dispatcher();
        let edit = Callback::from(move |_| dispatch.dispatch(FormAction::GoTo(FormStep::Entry(step))));
        let rows = step.fields().map(|f| {
            let v = shown(f);
            html! {
                <div class="fw-review-row">
                    <dt>{ field_label(l, f) }</dt>
                    <dd>{ if v.is_empty() { html! { <span class="fw-muted">{ form_text(l, FormText::Empty) }</span> } } else { html! { v } } }</dd>
                </div>
            }
        });
        html! {
            <section class="fw-review-section" aria-labelledby={format!("fw-review-{}", step_index(step))}>
                <div class="fw-review-head">
                    <h4 id={format!("fw-review-{}", step_index(step))}>{ step_title(l, step) }</h4>
                    <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={edit}>
                        { form_text(l, FormText::Edit) }<span class="fw-visually-hidden">{ " " }{ step_title(l, step) }</span>
                    </button>
                </div>
                <dl>{ for rows }</dl>
            </section>
        }
    });
    html! {
        <>
            <p>{ form_text(l, FormText::ReviewIntro) }</p>
            { for sections }
        </>
    }
}
