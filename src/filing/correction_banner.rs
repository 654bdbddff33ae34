//! While correcting: what is being corrected, the reasons still open, and what a newer version
//! of the filing (412) changed. A view function: it has no state of its own.

use filing_core::reason::Reason;
use yew::prelude::*;

use crate::filing::state::Notice;
use crate::i18n::{
    colon, field_label, later_text, life_text, reason_text, status_text, LaterText, LifeText,
    Locale, StatusText,
};
use crate::nav::AppNav;

pub fn correction_banner(
    l: Locale,
    serial: &str,
    reasons: &[Reason],
    notice: Option<Notice>,
    nav: Option<&AppNav>,
    moving: bool,
) -> Html {
    let notice = match notice {
        Some(Notice::StaleVersion) => html! {
            <p class="fw-notice" role="alert" id="fw-stale">{ status_text(l, StatusText::StaleVersion) }</p>
        },
        Some(Notice::NoLongerRejected) => {
            let (serial, go) = (serial.to_owned(), nav.map(|n| n.status_of.clone()));
            let onclick = Callback::from(move |_| {
                if let Some(go) = &go {
                    go.emit(serial.clone())
                }
            });
            html! {
                <p class="fw-notice" role="alert" id="fw-stale">
                    { status_text(l, StatusText::NoLongerRejected) }{ " " }
                    <button type="button" class="fw-link" {onclick}>{ later_text(l, LaterText::ViewStatus) }</button>
                </p>
            }
        }
        None => html! {},
    };
    html! {
        <div class="fw-correcting" id="fw-correcting">
            if moving {
                <p><strong>{ life_text(l, LifeText::MovingTitle) }</strong>{ serial.to_owned() }</p>
                <p>{ life_text(l, LifeText::MovingBody) }</p>
            } else {
                <p><strong>{ status_text(l, StatusText::CorrectingTitle) }</strong>{ " " }{ serial.to_owned() }</p>
                <p>{ status_text(l, StatusText::CorrectingBody) }</p>
            }
            <ul>
                { for reasons.iter().map(|r| {
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
