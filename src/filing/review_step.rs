//! Step 4 of the form: everything the merchant entered, to check before submitting.

use filing_core::field::Requirement;
use filing_core::{Field, Step};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::filing::form_ctx::FormCtx;
use crate::filing::form_field::shown_value;
use crate::filing::state::{FormAction, FormStep};
use crate::i18n::{field_label, later_text, step_title, LaterText};

fn step_index(step: Step) -> usize {
    FormStep::Entry(step).index()
}

#[derive(Properties, PartialEq)]
pub struct ReviewStepProps {
    pub ctx: FormCtx,
}

#[component]
pub fn ReviewStep(props: &ReviewStepProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let props = &props.ctx;
    let draft = &props.form.draft;
    // Values as a merchant recognises them: names rather than codes where there are names.
    let shown = |f: Field| shown_value(l, f, props);
    // A placement change edits the placement only: the other sections are shown as filed.
    let moving = props.form.moving();
    let sections = Step::ALL.into_iter().map(|step| {
        let editable = !moving || step == Step::Placement;
        let dispatch = props.form.dispatcher();
        let edit = Callback::from(move |_| dispatch.dispatch(FormAction::GoTo(FormStep::Entry(step))));
        let policy = props.refs.ctx().policy;
        let rows = step.fields().filter(|f| draft.requirement(*f, &policy) != Requirement::NotAsked).map(|f| {
            let v = shown(f);
            html! {
                <div class="fw-review-row">
                    <dt>{ field_label(l, f) }</dt>
                    <dd>{ if v.is_empty() { html! { <span class="fw-muted">{ later_text(l, LaterText::Empty) }</span> } } else { html! { v } } }</dd>
                </div>
            }
        });
        html! {
            <section class="fw-review-section" aria-labelledby={format!("fw-review-{}", step_index(step))}>
                <div class="fw-review-head">
                    <h4 id={format!("fw-review-{}", step_index(step))}>{ step_title(l, step) }</h4>
                    if editable {
                        <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={edit}>
                            { later_text(l, LaterText::Edit) }<span class="fw-visually-hidden">{ " " }{ step_title(l, step) }</span>
                        </button>
                    }
                </div>
                <dl>{ for rows }</dl>
            </section>
        }
    });
    html! {
        <>
            <p>{ later_text(l, LaterText::ReviewIntro) }</p>
            { for sections }
        </>
    }
}
