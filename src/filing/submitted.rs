//! After a submission: what was filed, and where to follow it. A view function.

use filing_core::api::FilingRecord;
use filing_core::context::ReviewTime;
use yew::prelude::*;

use crate::i18n::{
    later_text, life_text, review_time_text, status_text, t, view_text, LaterText, LifeText,
    Locale, StatusText, Text, ViewText,
};
use crate::nav::{AppNav, View};

/// What was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    New,
    /// A correction of a rejected filing.
    Correction,
    /// A placement change of an approved filing.
    Move,
}

/// `on_another` starts another filing. `review`: the acquirer's review time, once the policy
/// is known.
pub fn submitted(
    l: Locale,
    record: &FilingRecord,
    kind: Kind,
    review: Option<ReviewTime>,
    nav: Option<&AppNav>,
    on_another: Callback<()>,
) -> Html {
    let to_status = {
        // A QR stand filed without a serial is looked up by its stand's number.
        let s = &record.submission;
        let serial = if s.serial_number.is_empty() {
            s.qr_code.clone()
        } else {
            s.serial_number.clone()
        };
        let go = nav.map(|n| n.status_of.clone());
        Callback::from(move |_| {
            if let Some(go) = &go {
                go.emit(serial.clone())
            }
        })
    };
    let another = on_another.reform(|_: MouseEvent| ());
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::File.name())} tabindex="-1">{ t(l, Text::NavFile) }</h2>
            <div class="fw-success" role="status" id="fw-submitted">
                <h3>{ match kind {
                    Kind::Correction => status_text(l, StatusText::CorrectedTitle),
                    Kind::Move => life_text(l, LifeText::MoveSubmittedTitle),
                    Kind::New => later_text(l, LaterText::SubmittedTitle),
                } }</h3>
                <p>{ if record.submission.serial_number.is_empty() { record.submission.qr_code.clone() } else { record.submission.serial_number.clone() } }{ " · " }{ view_text(l, if kind == Kind::Move { ViewText::StatusApproved } else { ViewText::StatusPending }) }</p>
                <p>
                    if let Some(t) = review { { review_time_text(l, t) }{ " " } }
                    { if kind == Kind::Move { life_text(l, LifeText::MoveSubmittedBody) } else { later_text(l, LaterText::SubmittedBody) } }
                </p>
                { crate::components::notify_line::notify_line(l, record) }
                <div class="fw-row">
                    <button type="button" class="fw-button" onclick={to_status}>{ later_text(l, LaterText::ViewStatus) }</button>
                    <button type="button" class="fw-button fw-button--ghost" onclick={another}>{ later_text(l, LaterText::FileAnother) }</button>
                </div>
            </div>
        </section>
    }
}
