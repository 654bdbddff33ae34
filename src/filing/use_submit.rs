//! `use_submit`: the review step's submit: the whole filing is checked with filing-core first,
//! then sent ([`send`], one of the form's later parts) with the draft's idempotency key (or as a
//! correction with `If-Match`), and the outcome is dispatched to the form.

use filing_core::FilingInput;
use yew::prelude::*;

use crate::api::{ApiClient, ApiError, Correcting, SubmitOutcome};
use crate::filing::draft_store;
use crate::filing::form_ctx::RefData;
use crate::filing::state::{Correction, FormAction, FormState, Submission};
use crate::host::{self, HostEvent};

#[hook]
pub fn use_submit(
    form: &UseReducerHandle<FormState>,
    client: Option<ApiClient>,
    refs: std::rc::Rc<RefData>,
) -> Callback<SubmitEvent> {
    let form = form.clone();
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
        // What is sent is the filing as it was when the merchant tapped.
        let sending = Sending {
            draft: form.draft.clone(),
            key: form.idempotency_key.clone(),
            correcting: form.correcting.clone(),
        };
        form.dispatch(FormAction::SubmitStarted);
        wasm_bindgen_futures::spawn_local(async move {
            match crate::filing::later::form_parts().await {
                Ok(parts) => (parts.send)(form, client, sending),
                // The code that sends could not be fetched: as good as no answer, so the
                // merchant is told to retry once online; the draft and its key are kept.
                Err(_) => form.dispatch(FormAction::SubmitFailed(ApiError::Network(
                    "the form's code did not load".to_owned(),
                ))),
            }
        });
    })
}

/// A filing on its way: the draft, its idempotency key, and what it corrects.
pub struct Sending {
    pub draft: FilingInput,
    pub key: String,
    pub correcting: Option<Correction>,
}

/// Sends a filing and dispatches what became of it to the form.
pub fn send(form: UseReducerHandle<FormState>, client: ApiClient, sending: Sending) {
    let Sending {
        draft,
        key,
        correcting,
    } = sending;
    wasm_bindgen_futures::spawn_local(async move {
        let target = correcting.as_ref().map(|c| Correcting {
            id: &c.id,
            version: c.version,
            moving: c.moving,
        });
        match client.submit(&draft, &key, target).await {
            SubmitOutcome::Filed(record) => {
                draft_store::clear(correcting.is_some());
                host::emit(HostEvent::FilingSubmitted, Some(&record.id));
                form.dispatch(FormAction::Submitted(record));
            }
            SubmitOutcome::FieldErrors(errors) => form.dispatch(FormAction::Rejected(errors)),
            SubmitOutcome::Stale(now) => form.dispatch(FormAction::Refreshed(now)),
            SubmitOutcome::Failed(e) => {
                // The host hears why (the client already reported a 401 itself).
                if !matches!(e, ApiError::Http { status: 401, .. }) {
                    host::emit(HostEvent::Error, Some(&e.code()));
                }
                form.dispatch(FormAction::SubmitFailed(e))
            }
        }
    });
}
