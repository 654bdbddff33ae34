//! "审核有结果后会发短信到 138****8000。": how the merchant hears back about a review (the
//! acquirer's notification goes to the filing's contact mobile). A view function.

use filing_core::api::FilingRecord;
use yew::prelude::*;

use crate::i18n::{life_text, masked_mobile, LifeText, Locale};

/// The line, or nothing when the filing has no contact mobile.
pub fn notify_line(l: Locale, f: &FilingRecord) -> Html {
    let mobile = &f.submission.contact_mobile;
    if mobile.is_empty() {
        return html! {};
    }
    let end = if l == Locale::ZhCn { "。" } else { "." };
    html! { <p id="fw-notify">{ life_text(l, LifeText::NotifyBy) }{ masked_mobile(mobile) }{ end }</p> }
}
