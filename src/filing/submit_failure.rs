//! Why the last submission did not go through and what to do, with how long to wait when the
//! server said. A view function: it has no state of its own.

use yew::prelude::*;

use crate::api::{ApiError, Failure};
use crate::i18n::{form_text, FormText, Locale};

pub fn submit_failure(l: Locale, error: &ApiError) -> Html {
    let text = match error.failure() {
        Failure::Network => FormText::SubmitNetwork,
        Failure::Maintenance => FormText::SubmitMaintenance,
        Failure::StoreUnavailable => FormText::SubmitStoreUnavailable,
        Failure::Unauthorized => FormText::SubmitAuth,
        Failure::RateLimited => FormText::SubmitRateLimited,
        Failure::DailyLimit => FormText::SubmitDailyLimit,
        Failure::Server => FormText::SubmitServer,
        Failure::Malformed => FormText::SubmitMalformed,
    };
    html! {
        <div class="fw-result fw-result--error" role="alert" id="fw-submit-failed">
            { form_text(l, text) }
            if let Some(m) = error.retry_in_minutes().filter(|_| error.failure() != Failure::DailyLimit) {
                { " " }{ form_text(l, FormText::RetryInMinutes) }{ m }{ form_text(l, FormText::Minutes) }
            }
        </div>
    }
}
