//! `FilingView`: the four-step filing form. It restores a saved draft, loads the reference data
//! it validates against, saves the draft as the merchant types (debounced), and submits with the
//! draft's idempotency key so that a retry after any failure can never file twice.

use std::rc::Rc;

use filing_core::regions::Regions;
use filing_core::{Field, FieldErrors, FilingInput, Step};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::{ApiClient, ApiError, Remote};
use crate::components::error_summary::{focus_id, ErrorSummary};
use crate::components::text_field::field_id;
use crate::filing::draft_store;
use crate::filing::entry_step::EntryStep;
use crate::filing::form_ctx::{FormCtx, RefData};
use crate::filing::review_step::ReviewStep;
use crate::filing::state::{FormAction, FormState, FormStep, Notice, SavedDraft, Submission};
use crate::host;
use crate::i18n::{
    colon, field_label, form_text, reason_text, rule_message, status_text, step_title, t, FormText,
    Locale, StatusText, Text,
};
use crate::nav::{AppNav, FilingStart, View};

const STEP_HEADING_ID: &str = "fw-step-title";
/// How long typing must pause before the draft is written to storage.
const SAVE_DEBOUNCE_MS: u32 = 400;

/// The merchant number inside a token (`v1.<MID>.<expiry>.<signature>`), to prefill and check.
fn token_merchant(token: Option<&str>) -> Option<String> {
    let mid = token?.split('.').nth(1)?;
    filing_core::rules::merchant_id(mid).ok()
}

fn failure_text(e: &ApiError) -> FormText {
    match e {
        ApiError::Network(_) => FormText::SubmitNetwork,
        ApiError::Http { status: 503, .. } => FormText::SubmitMaintenance,
        ApiError::Http { status: 401, .. } => FormText::SubmitAuth,
        ApiError::Http { status: 429, .. } => FormText::SubmitRateLimited,
        ApiError::Http { .. } => FormText::SubmitServer,
        ApiError::Malformed { .. } => FormText::SubmitMalformed,
    }
}

#[derive(Properties, PartialEq)]
pub struct FilingViewProps {
    /// How to open: prefilled, or correcting a rejected filing; `None` restores the saved draft.
    #[prop_or_default]
    pub start: Option<Rc<FilingStart>>,
}

/// Puts the saved draft of a new filing back, or prefills the merchant number from the token.
fn restore_new(
    form: &UseReducerHandle<FormState>,
    restored: &UseStateHandle<bool>,
    merchant_id: Option<String>,
) {
    match draft_store::load_slot(false) {
        Some(saved) => {
            form.dispatch(FormAction::Restore(saved));
            restored.set(true);
        }
        None => {
            if let Some(mid) = merchant_id {
                form.dispatch(FormAction::Prefill(FilingInput {
                    merchant_id: mid,
                    ..FilingInput::default()
                }));
            }
        }
    }
}

#[component]
pub fn FilingView(props: &FilingViewProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let client = use_context::<ApiClient>();
    let nav = use_context::<AppNav>();
    let merchant_id = client
        .as_ref()
        .and_then(|c| token_merchant(c.token().as_deref()));
    let form = use_reducer(|| FormState::new(draft_store::new_key()));
    let restored = use_state(|| false);
    let saved_at = use_state(|| None::<f64>);
    let confirm_discard = use_state(|| false);
    let catalog = use_state(|| Remote::Idle);
    let regions = use_state(|| Remote::<Rc<Regions>>::Idle);
    let reload = use_state(|| 0u32);

    // Open as asked: a correction (its unfinished edits if saved), a prefilled new filing, or
    // the saved draft (an unfinished correction first).
    {
        let form = form.clone();
        let restored = restored.clone();
        let merchant_id = merchant_id.clone();
        use_effect_with(props.start.clone(), move |start| match start.as_deref() {
            Some(FilingStart::Correct(record)) => match draft_store::load_slot(true) {
                Some(saved)
                    if saved
                        .correcting
                        .as_ref()
                        .is_some_and(|c| c.id == record.id && c.version == record.version) =>
                {
                    form.dispatch(FormAction::Restore(saved));
                    restored.set(true);
                }
                _ => form.dispatch(FormAction::StartCorrection(record.clone())),
            },
            Some(FilingStart::Prefill(input)) => {
                restore_new(&form, &restored, merchant_id);
                form.dispatch(FormAction::Prefill(input.clone()));
            }
            None => match draft_store::load_slot(true) {
                Some(saved) => {
                    form.dispatch(FormAction::Restore(saved));
                    restored.set(true);
                }
                None => restore_new(&form, &restored, merchant_id),
            },
        });
    }

    // The model dictionary is needed from the first step.
    {
        let catalog = catalog.clone();
        let client = client.clone();
        // Again when the client changes (an iframe's token arrives after start).
        use_effect_with((*reload, client), move |(_, client)| {
            if let Some(client) = client.clone() {
                if !matches!(*catalog, Remote::Loaded(_)) {
                    catalog.set(Remote::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        catalog.set(match client.models().await {
                            Ok(c) => Remote::Loaded(Rc::new(c)),
                            Err(e) => Remote::Failed(e),
                        });
                    });
                }
            }
        });
    }

    // The region list (20 KB) is fetched only when a step that needs it opens.
    let needs_regions = matches!(
        form.step,
        FormStep::Entry(Step::Placement) | FormStep::Review
    );
    {
        let regions = regions.clone();
        let client = client.clone();
        use_effect_with((needs_regions, *reload), move |(needs, _)| {
            if let (true, Some(client)) = (*needs, client) {
                if matches!(*regions, Remote::Idle | Remote::Failed(_)) {
                    regions.set(Remote::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        let loaded = client.regions_text().await.and_then(|text| {
                            Regions::parse(&text).map_err(|_| ApiError::Malformed {
                                status: 200,
                                detail: "region list".to_owned(),
                            })
                        });
                        regions.set(match loaded {
                            Ok(r) => Remote::Loaded(Rc::new(r)),
                            Err(e) => Remote::Failed(e),
                        });
                    });
                }
            }
        });
    }

    // Save the draft as the merchant types, debounced; not once it has been accepted. A draft
    // not yet written is flushed when the page is hidden or left (WeChat sent to the background,
    // a reload, the tab closed), so a quick reload cannot lose the last edits.
    let pending = use_mut_ref(|| None::<SavedDraft>);
    let flush = {
        let pending = pending.clone();
        let saved_at = saved_at.clone();
        Rc::new(move || {
            let Some(draft) = pending.borrow_mut().take() else {
                return;
            };
            if draft_store::save(&draft) {
                saved_at.set(Some(draft.saved_at));
                host::emit("draft-saved", None);
            }
        })
    };
    {
        let form = form.clone();
        let pending = pending.clone();
        let flush = flush.clone();
        use_effect_with(form.edits, move |edits| {
            let timer = (*edits > 0
                && form.dirty
                && !matches!(form.submission, Submission::Done(_)))
            .then(|| {
                *pending.borrow_mut() = Some(form.saved(draft_store::now_ms()));
                Timeout::new(SAVE_DEBOUNCE_MS, move || flush())
            });
            move || drop(timer)
        });
    }
    {
        let flush = flush.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                let on_leave = {
                    let flush = flush.clone();
                    EventListener::new(&w, "pagehide", move |_| flush())
                };
                let doc = w.document();
                let on_hide = doc.clone().map(|d| {
                    EventListener::new(&d, "visibilitychange", move |_| {
                        if doc.as_ref().is_some_and(|d| d.hidden()) {
                            flush()
                        }
                    })
                });
                (on_leave, on_hide)
            });
            move || drop(listeners)
        });
    }

    // A new step takes focus at its heading, so screen readers announce it; a correction
    // focuses the first rejected field instead.
    {
        let focus_field = form.focus_field;
        use_effect_with(form.step_focus, move |n| {
            if *n > 0 {
                match focus_field {
                    Some(f) => focus_id(&field_id(f)),
                    None => focus_id(STEP_HEADING_ID),
                }
            }
        });
    }

    let refs = Rc::new(RefData {
        catalog: (*catalog).clone(),
        regions: (*regions).clone(),
        merchant_id: merchant_id.clone(),
    });

    let on_reload = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let on_guide = {
        let nav = nav.clone();
        Callback::from(move |cause| {
            if let Some(nav) = &nav {
                nav.guide.emit(cause)
            }
        })
    };
    let form_ctx = FormCtx {
        form: form.clone(),
        refs: refs.clone(),
        on_reload: on_reload.clone(),
        on_guide: on_guide.clone(),
    };

    // Validation runs when the merchant taps, not on every render (every keystroke).
    let on_next = {
        let form = form.clone();
        let refs = refs.clone();
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
    let on_submit = {
        let form = form.clone();
        let refs = refs.clone();
        let client = client.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if matches!(form.submission, Submission::Sending) {
                return;
            }
            let all_errors = form.all_errors(&refs.ctx());
            if !all_errors.is_empty() {
                form.dispatch(FormAction::Invalid(all_errors));
                return;
            }
            let Some(client) = client.clone() else { return };
            let form = form.clone();
            form.dispatch(FormAction::SubmitStarted);
            let (draft, key) = (form.draft.clone(), form.idempotency_key.clone());
            let correcting = form.correcting.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let sent = match &correcting {
                    Some(c) => client.correct_filing(&c.id, c.version, &draft).await,
                    None => client.create_filing(&draft, &key).await,
                };
                match sent {
                    Ok(record) => {
                        draft_store::clear(correcting.is_some());
                        host::emit("filing-submitted", Some(&record.id));
                        form.dispatch(FormAction::Submitted(record));
                    }
                    // The filing changed meanwhile (or this correction already went through
                    // and its answer was lost): reload it and say what changed.
                    Err(ApiError::Http {
                        status: 412 | 409,
                        ref code,
                        ..
                    }) if correcting.is_some()
                        && code.as_deref()
                            != Some(filing_core::api::codes::SERIAL_ALREADY_FILED)
                        && code.as_deref()
                            != Some(filing_core::api::codes::QR_CODE_BOUND_ELSEWHERE) =>
                    {
                        let id = correcting.map(|c| c.id).unwrap_or_default();
                        match client.filing(&id).await {
                            Ok(now) => form.dispatch(FormAction::Refreshed(now)),
                            Err(e) => form.dispatch(FormAction::SubmitFailed(e)),
                        }
                    }
                    Err(ApiError::Http {
                        status: 409 | 422,
                        fields,
                        ..
                    }) if !fields.is_empty() => {
                        form.dispatch(FormAction::Rejected(
                            fields.into_iter().map(|f| (f.field, f.code)).collect(),
                        ));
                    }
                    Err(e) => {
                        // The host hears why (the client already reported a 401 itself).
                        if !matches!(e, ApiError::Http { status: 401, .. }) {
                            host::emit("error", Some(&e.code()));
                        }
                        form.dispatch(FormAction::SubmitFailed(e))
                    }
                }
            });
        })
    };

    // After a successful submission: what was filed, and where to follow it.
    if let Submission::Done(record) = &form.submission {
        let to_status = {
            let nav = nav.clone();
            let serial = record.submission.serial_number.clone();
            Callback::from(move |_| {
                if let Some(nav) = &nav {
                    nav.status_of.emit(serial.clone())
                }
            })
        };
        let another = {
            let form = form.clone();
            let restored = restored.clone();
            let mid = merchant_id.clone();
            Callback::from(move |_| {
                restored.set(false);
                form.dispatch(FormAction::Discard {
                    new_key: draft_store::new_key(),
                });
                restore_new(&form, &restored, mid.clone());
            })
        };
        return html! {
            <section class="fw-view">
                <h2 id={format!("fw-view-title-{}", View::File.name())} tabindex="-1">{ t(l, Text::NavFile) }</h2>
                <div class="fw-success" role="status" id="fw-submitted">
                    <h3>{ if form.correcting.is_some() { status_text(l, StatusText::CorrectedTitle) } else { form_text(l, FormText::SubmittedTitle) } }</h3>
                    <p>{ record.submission.serial_number.clone() }{ " · " }{ t(l, Text::StatusPending) }</p>
                    <p>{ form_text(l, FormText::SubmittedBody) }</p>
                    <div class="fw-row">
                        <button type="button" class="fw-button" onclick={to_status}>{ form_text(l, FormText::ViewStatus) }</button>
                        <button type="button" class="fw-button fw-button--ghost" onclick={another}>{ form_text(l, FormText::FileAnother) }</button>
                    </div>
                </div>
            </section>
        };
    }

    let (index, title) = match form.step {
        FormStep::Entry(step) => (form.step.index() + 1, step_title(l, step)),
        FormStep::Review => (4, form_text(l, FormText::StepReview)),
    };
    // The summary (and the validation it needs) only once a step or submit has failed.
    let summary = (form.summary_focus > 0).then(|| {
        let ctx = refs.ctx();
        let errors: Vec<(Field, String)> = match form.step {
            FormStep::Entry(step) => form.step_errors(step, &ctx),
            FormStep::Review => form.all_errors(&ctx),
        }
        .into_iter()
        .filter(|(f, _)| form.touched.contains(f) || form.server_errors.contains_key(f))
        .map(|(f, e)| (f, rule_message(l, f, e)))
        .collect();
        html! { <ErrorSummary errors={errors} focus={form.summary_focus} /> }
    });
    let body = match form.step {
        FormStep::Entry(step) => html! { <EntryStep {step} ctx={form_ctx} /> },
        FormStep::Review => html! { <ReviewStep ctx={form_ctx} /> },
    };
    let sending = matches!(form.submission, Submission::Sending);
    let failure = match &form.submission {
        Submission::Failed(e) => {
            // When the server says how long to wait (Retry-After), say it in minutes.
            let wait = match e {
                ApiError::Http {
                    status: 503 | 429,
                    retry_after: Some(secs),
                    ..
                } => Some(secs.div_ceil(60).max(1)),
                _ => None,
            };
            html! {
                <div class="fw-result fw-result--error" role="alert" id="fw-submit-failed">
                    { form_text(l, failure_text(e)) }
                    if let Some(m) = wait {
                        { " " }{ form_text(l, FormText::RetryInMinutes) }{ m }{ form_text(l, FormText::Minutes) }
                    }
                </div>
            }
        }
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
    let draft_status = match (*restored, *saved_at) {
        (_, Some(at)) => {
            let time = js_sys::Date::new(&at.into());
            let hm = format!("{:02}:{:02}", time.get_hours(), time.get_minutes());
            html! { <span>{ form_text(l, FormText::DraftSaved) }{ " " }{ hm }</span> }
        }
        (true, None) => html! { <span>{ form_text(l, FormText::DraftRestored) }</span> },
        _ => html! {},
    };
    let discard = if *confirm_discard {
        let yes = {
            let form = form.clone();
            let confirm = confirm_discard.clone();
            let (saved_at, restored) = (saved_at.clone(), restored.clone());
            let mid = merchant_id.clone();
            let correcting = form.correcting.is_some();
            Callback::from(move |_| {
                draft_store::clear(correcting);
                form.dispatch(FormAction::Discard {
                    new_key: draft_store::new_key(),
                });
                saved_at.set(None);
                restored.set(false);
                confirm.set(false);
                // Leaving a correction goes back to the new filing's draft, if any.
                if correcting {
                    restore_new(&form, &restored, mid.clone());
                } else if let Some(mid) = &mid {
                    form.dispatch(FormAction::Prefill(FilingInput {
                        merchant_id: mid.clone(),
                        ..FilingInput::default()
                    }));
                }
            })
        };
        let no = {
            let confirm = confirm_discard.clone();
            Callback::from(move |_| confirm.set(false))
        };
        html! {
            <div class="fw-confirm" role="group" aria-label={form_text(l, FormText::DiscardConfirm)}>
                <span>{ form_text(l, FormText::DiscardConfirm) }</span>
                <button type="button" id="fw-discard-yes" class="fw-button fw-button--small" onclick={yes}>{ form_text(l, FormText::DiscardYes) }</button>
                <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={no}>{ form_text(l, FormText::DiscardNo) }</button>
            </div>
        }
    } else {
        let ask = {
            let confirm = confirm_discard.clone();
            Callback::from(move |_| confirm.set(true))
        };
        html! {
            <button type="button" id="fw-discard" class="fw-button fw-button--small fw-button--ghost" onclick={ask}>
                { if form.correcting.is_some() { status_text(l, StatusText::CancelCorrection) } else { form_text(l, FormText::Discard) } }
            </button>
        }
    };
    let onsubmit = if form.step == FormStep::Review {
        on_submit
    } else {
        on_next
    };
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::File.name())} tabindex="-1">{ t(l, Text::NavFile) }</h2>
            <p class="fw-progress">{ form_text(l, FormText::StepProgress) }{ format!(" {index}/4") }</p>
            { correction_banner(l, &form, nav.as_ref()) }
            <h3 id={STEP_HEADING_ID} tabindex="-1" class="fw-step-title">{ title }</h3>
            { summary }
            <form class="fw-form" novalidate=true {onsubmit}>
                { body }
                { failure }
                <div class="fw-row fw-actions">
                    if form.step.index() > 0 {
                        <button type="button" id="fw-back" class="fw-button fw-button--ghost" onclick={on_back}>{ form_text(l, FormText::Back) }</button>
                    }
                    { actions }
                </div>
            </form>
            <div class="fw-draft" aria-live="polite">{ draft_status }</div>
            { discard }
        </section>
    }
}

/// While correcting: what is being corrected, the reasons still open, and what a 412 changed.
fn correction_banner(l: Locale, form: &FormState, nav: Option<&AppNav>) -> Html {
    let Some(c) = &form.correcting else {
        return html! {};
    };
    let notice = match form.notice {
        Some(Notice::StaleVersion) => html! {
            <p class="fw-notice" role="alert" id="fw-stale">{ status_text(l, StatusText::StaleVersion) }</p>
        },
        Some(Notice::NoLongerRejected) => {
            let to_status = nav.map(|n| n.status_of.clone());
            let serial = form.draft.serial_number.clone();
            let onclick = Callback::from(move |_| {
                if let Some(go) = &to_status {
                    go.emit(serial.clone())
                }
            });
            html! {
                <p class="fw-notice" role="alert" id="fw-stale">
                    { status_text(l, StatusText::NoLongerRejected) }{ " " }
                    <button type="button" class="fw-link" {onclick}>{ form_text(l, FormText::ViewStatus) }</button>
                </p>
            }
        }
        None => html! {},
    };
    html! {
        <div class="fw-correcting" id="fw-correcting">
            <p><strong>{ status_text(l, StatusText::CorrectingTitle) }</strong>{ " " }{ form.draft.serial_number.clone() }</p>
            <p>{ status_text(l, StatusText::CorrectingBody) }</p>
            <ul>
                { for c.reasons.iter().map(|r| {
                    let meaning = reason_text(l, &r.code).map_or(r.code.as_str(), |(m, _)| m);
                    html! { <li>
                        if let Some(f) = r.field { { field_label(l, f) }{ colon(l) } }
                        { meaning.to_owned() }
                    </li> }
                }) }
            </ul>
            { notice }
        </div>
    }
}
