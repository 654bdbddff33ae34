//! Why the last submission did not go through and what to do, with how long to wait when the
//! server said. View functions: they have no state of their own. [`submit_failure`] is one of
//! the form's later parts (`crate::filing::later`), as sending is; [`code_failure`] is what the
//! form shows when that code itself could not be fetched.

use yew::prelude::*;

use crate::api::{ApiError, Failure};
use crate::i18n::{form_text, later_text, FormText, LaterText, Locale};

pub fn submit_failure(l: Locale, error: &ApiError) -> Html {
    let text = match error.failure() {
        Failure::Network => form_text(l, FormText::SubmitNetwork),
        Failure::Maintenance => later_text(l, LaterText::SubmitMaintenance),
        Failure::StoreUnavailable => later_text(l, LaterText::SubmitStoreUnavailable),
        Failure::Unauthorized => later_text(l, LaterText::SubmitAuth),
        Failure::RateLimited => later_text(l, LaterText::SubmitRateLimited),
        Failure::DailyLimit => later_text(l, LaterText::SubmitDailyLimit),
        Failure::Server => later_text(l, LaterText::SubmitServer),
        Failure::Malformed => later_text(l, LaterText::SubmitMalformed),
    };
    let wait = error
        .retry_in_minutes()
        .filter(|_| error.failure() != Failure::DailyLimit)
        .map(|m| {
            html! {
                <>{ " " }{ later_text(l, LaterText::RetryInMinutes) }{ m }{ later_text(l, LaterText::Minutes) }</>
            }
        });
    failure_line(html! { <>{ text }{ wait }</> })
}

/// The sending code did not arrive, so nothing was sent: as good as no answer, a network
/// failure (the draft and its key are kept for the retry).
pub fn code_failure(l: Locale) -> Html {
    failure_line(html! { { form_text(l, FormText::SubmitNetwork) } })
}

fn failure_line(content: Html) -> Html {
    html! {
        <div class="fw-result fw-result--error" role="alert" id="fw-submit-failed">{ content }</div>
    }
}
