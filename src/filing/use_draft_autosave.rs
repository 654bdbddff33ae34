//! `use_draft_autosave`: saves the draft on the phone as the merchant types, 400 ms after the
//! last edit, and at once when the page is hidden or left (WeChat sent to the background, a
//! reload, the tab closed), so a quick reload cannot lose the last edits. Only a draft the
//! merchant has typed into, and not once it has been accepted.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::filing::draft_store;
use crate::filing::state::{FormState, SavedDraft, Submission};
use crate::host::{self, HostEvent};

/// How long typing must pause before the draft is written to storage.
const SAVE_DEBOUNCE_MS: u32 = 400;

pub struct UseDraftAutosaveHandle {
    /// When the draft was last written (ms since the epoch), this visit.
    pub saved_at: Option<f64>,
    /// Forgets that a draft was saved (it was discarded).
    pub forget: Callback<()>,
}

#[hook]
pub fn use_draft_autosave(form: &UseReducerHandle<FormState>) -> UseDraftAutosaveHandle {
    let saved_at = use_state(|| None::<f64>);
    let pending = use_mut_ref(|| None::<SavedDraft>);
    let flush = {
        let pending = pending.clone();
        let saved_at = saved_at.setter();
        use_memo((), move |_| {
            move || {
                let Some(draft) = pending.borrow_mut().take() else {
                    return;
                };
                if draft_store::save(&draft) {
                    saved_at.set(Some(draft.saved_at));
                    host::emit(HostEvent::DraftSaved, None);
                }
            }
        })
    };
    {
        let form = form.clone();
        let (pending, flush) = (pending.clone(), flush.clone());
        // Once the filing is accepted nothing more is saved: a save still due would put the
        // accepted draft (and the personal information in it) back on the phone.
        let accepted = matches!(form.submission, Submission::Done(_));
        use_effect_with((form.edits, accepted), move |(edits, accepted)| {
            let timer = if *accepted {
                pending.borrow_mut().take();
                None
            } else {
                (*edits > 0 && form.dirty).then(|| {
                    *pending.borrow_mut() = Some(form.saved(draft_store::now_ms()));
                    Timeout::new(SAVE_DEBOUNCE_MS, move || (*flush)())
                })
            };
            move || drop(timer)
        });
    }
    use_effect_with((), move |_| {
        let listeners = web_sys::window().map(|w| {
            let on_leave = {
                let flush = flush.clone();
                EventListener::new(&w, "pagehide", move |_| (*flush)())
            };
            let doc = w.document();
            let on_hide = doc.clone().map(|d| {
                EventListener::new(&d, "visibilitychange", move |_| {
                    if doc.as_ref().is_some_and(|d| d.hidden()) {
                        (*flush)()
                    }
                })
            });
            (on_leave, on_hide)
        });
        move || drop(listeners)
    });
    let forget = {
        let (saved_at, pending) = (saved_at.setter(), pending.clone());
        use_callback((), move |(), _| {
            pending.borrow_mut().take();
            saved_at.set(None)
        })
    };
    UseDraftAutosaveHandle {
        saved_at: *saved_at,
        forget,
    }
}
