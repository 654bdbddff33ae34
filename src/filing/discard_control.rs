//! "清空重填" (or, while correcting, leaving the correction), asked once more inline before
//! anything is thrown away. A view function over the view's `asking` state.

use yew::prelude::*;

use crate::i18n::{form_text, status_text, FormText, Locale, StatusText};

pub fn discard_control(
    l: Locale,
    correcting: bool,
    asking: &UseStateHandle<bool>,
    on_discard: Callback<()>,
) -> Html {
    if **asking {
        let yes = {
            let (asking, discard) = (asking.clone(), on_discard);
            Callback::from(move |_| {
                asking.set(false);
                discard.emit(());
            })
        };
        let no = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(false))
        };
        html! {
            <div class="fw-confirm" role="group" aria-label={form_text(l, FormText::DiscardConfirm)}>
                <span>{ form_text(l, FormText::DiscardConfirm) }</span>
                <button type="button" id="fw-discard-yes" class="fw-button fw-button--small" onclick={yes}>{ form_text(l, FormText::DiscardYes) }</button>
                <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={no}>{ form_text(l, FormText::DiscardNo) }</button>
            </div>
        }
    } else {
        let asking = asking.clone();
        let ask = Callback::from(move |_| asking.set(true));
        html! {
            <button type="button" id="fw-discard" class="fw-button fw-button--small fw-button--ghost" onclick={ask}>
                { if correcting { status_text(l, StatusText::CancelCorrection) } else { form_text(l, FormText::Discard) } }
            </button>
        }
    }
}
