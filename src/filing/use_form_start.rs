//! `use_form_start`: opens the form as asked: a correction (with its unfinished edits, if any
//! were saved), a prefilled new filing, or the draft saved on this phone (an unfinished
//! correction first).

use std::rc::Rc;

use filing_core::FilingInput;
use yew::prelude::*;

use crate::filing::draft_store;
use crate::filing::state::{FormAction, FormState};
use crate::nav::FilingStart;

/// Opens the new filing's slot: its saved draft, or an empty form with the merchant's number.
pub fn open_new(form: &UseReducerHandle<FormState>, merchant_id: Option<String>) {
    match draft_store::load_slot(false) {
        Some(saved) => form.dispatch(FormAction::Restore(saved)),
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

#[hook]
pub fn use_form_start(
    form: &UseReducerHandle<FormState>,
    start: Option<Rc<FilingStart>>,
    merchant_id: Option<String>,
) {
    let form = form.clone();
    use_effect_with(start, move |start| match start.as_deref() {
        Some(FilingStart::Correct(record)) => match draft_store::load_slot(true) {
            Some(saved)
                if saved
                    .correcting
                    .as_ref()
                    .is_some_and(|c| c.id == record.id && c.version == record.version) =>
            {
                form.dispatch(FormAction::Restore(saved))
            }
            _ => form.dispatch(FormAction::StartCorrection(record.clone())),
        },
        Some(FilingStart::Move(record)) => match draft_store::load_slot(true) {
            Some(saved)
                if saved.correcting.as_ref().is_some_and(|c| {
                    c.moving && c.id == record.id && c.version == record.version
                }) =>
            {
                form.dispatch(FormAction::Restore(saved))
            }
            _ => form.dispatch(FormAction::StartMove(record.clone())),
        },
        Some(FilingStart::Prefill(input)) => {
            open_new(&form, merchant_id);
            form.dispatch(FormAction::Prefill(input.clone()));
        }
        None => match draft_store::load_slot(true) {
            Some(saved) => form.dispatch(FormAction::Restore(saved)),
            None => open_new(&form, merchant_id),
        },
    });
}
