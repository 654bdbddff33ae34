//! `FilingView`: the four-step filing form. The hooks do the work: [`use_form_start`] opens it
//! (a saved draft, a prefill, a correction), [`use_reference_data`] loads what it validates
//! against, [`use_draft_autosave`] keeps the draft on the phone, [`use_submit`] sends it with
//! the draft's idempotency key so that a retry after any failure can never file twice. The view
//! lays out the step, its actions and the small components around them.

use std::rc::Rc;

use filing_core::api::MerchantProfile;
use filing_core::{Field, FieldErrors, FilingInput, Step};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::ApiClient;
use crate::components::error_summary::{error_summary, focus_id, focus_if_there, SUMMARY_ID};
use crate::components::text_field::field_id;
use crate::components::use_next_task::use_next_task;
use crate::filing::discard_control::discard_control;
use crate::filing::draft_store;
use crate::filing::form_ctx::FormCtx;
use crate::filing::form_field::FormField;
use crate::filing::later::{form_parts, use_later, Later};
use crate::filing::state::{FormAction, FormState, FormStep, Submission};
use crate::filing::submit_failure::code_failure;
use crate::filing::use_draft_autosave::use_draft_autosave;
use crate::filing::use_form_start::{open_new, use_form_start};
use crate::filing::use_reference_data::use_reference_data;
use crate::filing::use_submit::use_submit;
use crate::i18n::{form_text, rule_message, step_title, t, FormText, Text};
use crate::nav::{FilingStart, View};

const STEP_HEADING_ID: &str = "fw-step-title";

/// The fields the acquirer's record gives besides the merchant number: the merchant's type and
/// name, and how the merchant is identified (a credit code, or the operator's ID number masked, which stands for the one on
/// file).
fn acquirer_fields(m: &MerchantProfile) -> Vec<(Field, String)> {
    let mut fields = vec![
        (Field::MerchantType, m.merchant_type.code().to_owned()),
        (Field::MerchantName, m.name.clone()),
    ];
    if let Some(c) = &m.credit_code {
        fields.push((Field::CreditCode, c.clone()));
    }
    if let Some(id) = &m.operator_id_number {
        fields.push((Field::OperatorIdNumber, id.clone()));
    }
    fields
}

#[derive(Properties, PartialEq)]
pub struct FilingViewProps {
    /// How to open: prefilled, or correcting a rejected filing; `None` restores the saved draft.
    #[prop_or_default]
    pub start: Option<Rc<FilingStart>>,
}

#[component]
pub fn FilingView(props: &FilingViewProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let nav = shared::nav(&cx);
    let merchant_id = client.as_ref().and_then(ApiClient::merchant_id);
    let form = use_reducer(|| FormState::new(draft_store::new_key()));
    let asking_discard = use_state(|| false);
    // The view renders in the task after its hooks first ran: two short tasks on a slow phone
    // instead of one long one, and nothing on screen in between (no frame of half a form).
    let rendered = use_next_task();
    use_form_start(&form, props.start.clone(), merchant_id.clone());
    let needs_regions = matches!(
        form.step,
        FormStep::Entry(Step::Placement) | FormStep::Review
    );
    let data = use_reference_data(client.clone(), merchant_id.clone(), needs_regions);
    // The placement's fields, the review, a correction's banner and the page after sending
    // are the form's later parts: fetched (if the prefetch has not yet) once one is shown.
    let later = use_later(
        needs_regions
            || form.correcting.is_some()
            || matches!(form.submission, Submission::Done(_)),
    );
    // The region list is read by that code too, so it failed with it: one retry for both.
    let later = {
        let (parts, data) = (later.retry.clone(), data.reload.clone());
        Later {
            retry: Callback::from(move |()| {
                parts.emit(());
                data.emit(());
            }),
            ..later
        }
    };
    let autosave = use_draft_autosave(&form);

    // What the acquirer records about the merchant is given, not typed: shown read-only (the
    // merchant number of the session's token, and the merchant's record when there is one).
    {
        let form = form.clone();
        let deps = (merchant_id.clone(), data.merchant.clone());
        use_effect_with(deps, move |(mid, m)| {
            let mut given: Vec<(Field, String)> = mid
                .iter()
                .map(|mid| (Field::MerchantId, mid.clone()))
                .collect();
            if let Some(m) = m {
                given.extend(acquirer_fields(m));
                form.dispatch(FormAction::Prefill(FilingInput {
                    contact_name: m.contact_name.clone(),
                    contact_mobile: m.contact_mobile.clone(),
                    ..FilingInput::default()
                }));
            }
            if !given.is_empty() {
                form.dispatch(FormAction::FromAcquirer(given));
            }
        });
    }
    // A terminal the acquirer installed has its terminal number in the registry: prefill it
    // once the serial is given, so that nobody has to find (or invent) one.
    {
        let (form, client) = (form.clone(), client.clone());
        let serial = filing_core::rules::serial_number(&form.draft.serial_number).ok();
        let asked = form.touched.contains(&Field::SerialNumber);
        use_effect_with((serial, asked), move |(serial, asked)| {
            if let (Some(sn), true, Some(client)) = (serial.clone(), *asked, client) {
                // One of the form's later parts: without its code there is just no prefill.
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(parts) = form_parts().await {
                        (parts.registry_terminal_id)(form, client, sn);
                    }
                });
            }
        });
    }
    let on_submit = use_submit(&form, client, data.refs.clone());

    // The summary (and the validation it needs) only once a step or submit has failed; it
    // takes focus each time one fails (before a new step's heading or field does, below, so
    // that one wins when both are due).
    let summary_errors = (form.summary_focus > 0).then(|| {
        let v = data.refs.ctx();
        match form.step {
            FormStep::Entry(step) => form.step_errors(step, &v),
            FormStep::Review => form.all_errors(&v),
        }
        .into_iter()
        .filter(|(f, _)| form.touched.contains(f) || form.server_errors.contains_key(f))
        .map(|(f, e)| (f, rule_message(l, f, e)))
        .collect::<Vec<_>>()
    });
    let has_errors = summary_errors.as_ref().is_some_and(|e| !e.is_empty());
    use_effect_with((form.summary_focus, has_errors), |&(focus, has)| {
        if focus > 0 && has {
            focus_id(SUMMARY_ID);
        }
    });

    // A new step takes focus at its heading, so screen readers announce it; a correction
    // focuses the first rejected field instead. A field of the later parts may not be there
    // yet: the heading takes focus meanwhile, and the field once their code has arrived.
    let focused = use_mut_ref(|| 0u32);
    {
        let focus_field = form.focus_field;
        let deps = (form.step_focus, later.parts.is_some(), rendered);
        use_effect_with(deps, move |&(n, _, _)| {
            if n > 0 && *focused.borrow() != n {
                let target = focus_field.map_or_else(|| STEP_HEADING_ID.to_owned(), field_id);
                if focus_if_there(&target) {
                    *focused.borrow_mut() = n;
                } else {
                    focus_id(STEP_HEADING_ID);
                }
            }
        });
    }

    // Starts over: the slot's draft is removed; leaving a correction goes back to the new
    // filing's draft, if any.
    let start_over = {
        let (form, forget) = (form.clone(), autosave.forget.clone());
        let merchant_id = merchant_id.clone();
        Callback::from(move |()| {
            let correcting = form.correcting.is_some();
            draft_store::clear(correcting);
            forget.emit(());
            form.dispatch(FormAction::Discard {
                new_key: draft_store::new_key(),
            });
            if correcting {
                open_new(&form, merchant_id.clone());
            } else if let Some(mid) = &merchant_id {
                form.dispatch(FormAction::Prefill(FilingInput {
                    merchant_id: mid.clone(),
                    ..Default::default()
                }));
            }
        })
    };

    if !rendered {
        return html! {};
    }
    if let Submission::Done(record) = &form.submission {
        let another = {
            let (form, forget) = (form.clone(), autosave.forget.clone());
            let mid = merchant_id.clone();
            Callback::from(move |()| {
                forget.emit(());
                form.dispatch(FormAction::Discard {
                    new_key: draft_store::new_key(),
                });
                open_new(&form, mid.clone());
            })
        };
        let review = data.refs.policy.map(|p| p.review_time);
        let how = match &form.correcting {
            Some(c) if c.moving => crate::filing::submitted::Kind::Move,
            Some(_) => crate::filing::submitted::Kind::Correction,
            None => crate::filing::submitted::Kind::New,
        };
        return later.or_loading(l, |p| {
            (p.submitted)(l, record, how, review, nav.as_ref(), another)
        });
    }

    let ctx = FormCtx {
        form: form.clone(),
        refs: data.refs.clone(),
        on_reload: data.reload.clone(),
        later: later.clone(),
        on_guide: {
            let nav = nav.clone();
            Callback::from(move |cause| {
                if let Some(nav) = &nav {
                    nav.guide.emit(cause)
                }
            })
        },
    };

    // Validation runs when the merchant taps, not on every render (every keystroke).
    let on_next = {
        let (form, refs) = (form.clone(), data.refs.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let step_errors = match form.step {
                FormStep::Entry(step) => filing_core::validate_step(&form.draft, step, &refs.ctx()),
                FormStep::Review => FieldErrors::new(),
            };
            form.dispatch(FormAction::Next { step_errors });
        })
    };
    let on_back = {
        let form = form.clone();
        Callback::from(move |_| form.dispatch(FormAction::Back))
    };

    let (index, title) = match form.step {
        FormStep::Entry(step) => (form.step.index() + 1, step_title(l, step)),
        FormStep::Review => (4, form_text(l, FormText::StepReview)),
    };
    let summary = summary_errors.map(|errors| error_summary(l, &errors));
    let body = match form.step {
        // One data-entry step: its fields in the table's order.
        FormStep::Entry(step) => html! {
            <>{ for step.fields().map(|f| html! { <FormField key={f.api_name()} field={f} ctx={ctx.clone()} /> }) }</>
        },
        FormStep::Review => later.or_loading(l, |p| (p.review)(&ctx)),
    };
    let sending = matches!(form.submission, Submission::Sending);
    let failure = match &form.submission {
        Submission::Failed(e) => match &later.parts {
            Some(p) => (p.failure)(l, e),
            // Sending is one of the later parts: without them, only their fetch has failed.
            None => code_failure(l),
        },
        _ => html! {},
    };
    let actions = match form.step {
        FormStep::Review => {
            let label = match (&form.submission, sending) {
                (_, true) => FormText::Submitting,
                (Submission::Failed(_), _) => FormText::RetrySubmit,
                _ => FormText::Submit,
            };
            html! {
                <button type="submit" id="fw-submit" class="fw-button" disabled={sending} aria-busy={sending.then_some("true")}>
                    { form_text(l, label) }
                </button>
            }
        }
        _ => {
            html! { <button type="submit" id="fw-next" class="fw-button">{ form_text(l, FormText::Next) }</button> }
        }
    };
    let draft_status = match (form.restored, autosave.saved_at) {
        (_, Some(at)) => {
            let time = js_sys::Date::new(&at.into());
            let hm = format!("{:02}:{:02}", time.get_hours(), time.get_minutes());
            html! { <span>{ form_text(l, FormText::DraftSaved) }{ " " }{ hm }</span> }
        }
        (true, None) => html! { <span>{ form_text(l, FormText::DraftRestored) }</span> },
        _ => html! {},
    };
    let onsubmit = if form.step == FormStep::Review {
        on_submit
    } else {
        on_next
    };
    let correction = form.correcting.as_ref().map(|c| {
        later.or_loading(l, |p| {
            (p.correction)(
                l,
                &form.draft.serial_number,
                &c.reasons,
                form.notice,
                nav.as_ref(),
                c.moving,
            )
        })
    });
    // A placement change opens on the placement step and stays on it (and the review).
    let can_go_back =
        form.step.index() > 0 && !(form.moving() && form.step == FormStep::Entry(Step::Placement));
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::File.name())} tabindex="-1">{ t(l, Text::NavFile) }</h2>
            <p class="fw-progress">{ form_text(l, FormText::StepProgress) }{ format!(" {index}/4") }</p>
            { correction }
            <h3 id={STEP_HEADING_ID} tabindex="-1" class="fw-step-title">{ title }</h3>
            { summary }
            <form class="fw-form" novalidate=true {onsubmit}>
                { body }
                { failure }
                <div class="fw-row fw-actions">
                    if can_go_back {
                        <button type="button" id="fw-back" class="fw-button fw-button--ghost" onclick={on_back}>{ form_text(l, FormText::Back) }</button>
                    }
                    { actions }
                </div>
            </form>
            <div class="fw-draft" aria-live="polite">{ draft_status }</div>
            { discard_control(l, form.correcting.is_some(), &asking_discard, start_over) }
        </section>
    }
}
