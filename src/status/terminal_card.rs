//! `TerminalCard`: one terminal's status, with the words and the one action of its state, the
//! reasons of a rejection (each with what to do and a link to its cause in the guide), and the
//! filing's history.

use std::rc::Rc;

use filing_core::api::{FilingEvent, FilingRecord, FilingStatus, TerminalStatus};
use filing_core::reason::{Reason, ReasonCode};
use filing_core::{Field, FilingInput};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::{ApiClient, Remote};
use crate::components::support_report::SupportReport;
use crate::components::use_policy::use_policy;
use crate::i18n::{
    age_text, event_text, field_label, fill, local_time, reason_text, review_time_text,
    status_text, t, view_text, Locale, StatusText, Text, ViewText,
};
use crate::nav::{AppNav, FilingStart};
use crate::status::lifecycle::{
    change_view, deregistered_view, held_elsewhere_view, DeregisterControl, TransferControl,
    WithdrawControl,
};
use crate::status::model::Verdict;

pub fn status_label(status: FilingStatus) -> ViewText {
    match status {
        FilingStatus::Pending => ViewText::StatusPending,
        FilingStatus::Approved => ViewText::StatusApproved,
        FilingStatus::Rejected => ViewText::StatusRejected,
        FilingStatus::Revoked => ViewText::StatusRevoked,
        FilingStatus::Withdrawn => ViewText::StatusWithdrawn,
    }
}

#[derive(Properties, PartialEq)]
pub struct TerminalCardProps {
    pub status: Rc<TerminalStatus>,
    /// When the status was fetched (ms since the epoch).
    pub checked_at: f64,
    /// The last refresh failed: this is the last known status.
    pub offline: bool,
    pub busy: bool,
    pub on_refresh: Callback<()>,
}

/// What support needs to find the terminal and its filing: (label, value), prefilled.
pub fn report_lines(
    l: Locale,
    t_: &TerminalStatus,
    merchant_id: Option<String>,
) -> Vec<(String, String)> {
    let mut lines = vec![];
    if let Some(mid) = merchant_id {
        lines.push((field_label(l, Field::MerchantId).to_owned(), mid));
    }
    lines.push((
        field_label(l, Field::SerialNumber).to_owned(),
        t_.serial_number.clone(),
    ));
    let filed = t_.filing.as_ref().map(|f| &f.submission);
    let terminal_id = filed
        .map(|s| s.terminal_id.clone())
        .filter(|v| !v.is_empty())
        .or_else(|| t_.device.as_ref().and_then(|d| d.terminal_id.clone()));
    if let Some(tid) = terminal_id {
        lines.push((field_label(l, Field::TerminalId).to_owned(), tid));
    }
    let qr = filed
        .map(|s| s.qr_code.clone())
        .filter(|v| !v.is_empty())
        .or_else(|| t_.qr.as_ref().map(|q| q.qr_code.clone()));
    if let Some(qr) = qr {
        lines.push((field_label(l, Field::QrCode).to_owned(), qr));
    }
    if let Some(f) = &t_.filing {
        lines.push((
            status_text(l, StatusText::ReportFiling).to_owned(),
            format!(
                "{} ({})",
                f.id,
                fill(status_text(l, StatusText::Submission), &[f.version])
            ),
        ));
        lines.push((
            t(l, Text::NavStatus).to_owned(),
            view_text(l, status_label(f.status)).to_owned(),
        ));
        if !f.reasons.is_empty() {
            let codes: Vec<&str> = f.reasons.iter().map(|r| r.code.as_str()).collect();
            lines.push((
                status_text(l, StatusText::ReportReasons).to_owned(),
                codes.join(", "),
            ));
        }
        lines.push((
            status_text(l, StatusText::ReportUpdated).to_owned(),
            local_time(&f.updated_at),
        ));
    } else if t_.filed_by_another_merchant {
        lines.push((
            t(l, Text::NavStatus).to_owned(),
            crate::i18n::life_text(l, crate::i18n::LifeText::HeldBadge).to_owned(),
        ));
    }
    lines
}

/// One reason: what it means, the field it concerns, what to do, the reviewer's note (as
/// text), and a link to its cause in the guide.
fn reason_item(l: Locale, r: &Reason, nav: Option<&AppNav>) -> Html {
    let known = reason_text(l, &r.code);
    let cause = r.code.cause();
    let to_guide = nav
        .map(|n| n.guide.clone())
        .map(|g| Callback::from(move |_: MouseEvent| g.emit(cause)));
    html! {
        <li class="fw-reason" data-code={r.code.as_str().to_owned()}>
            <p><strong>{
                match known {
                    Some((meaning, _)) => meaning.to_owned(),
                    None => format!("{}{}", status_text(l, StatusText::UnknownReason), r.code.as_str()),
                }
            }</strong></p>
            if let Some(f) = r.field {
                <p data-field={f.api_name()}>{ status_text(l, StatusText::ReasonField) }{ field_label(l, f) }</p>
            }
            if let Some((_, action)) = known { <p>{ action }</p> }
            if let Some(d) = &r.detail {
                <p class="fw-detail">{ status_text(l, StatusText::ReviewerNote) }{ d.clone() }</p>
            }
            if let Some(onclick) = to_guide {
                <button type="button" class="fw-link" {onclick}>{ status_text(l, StatusText::HowToFix) }</button>
            }
        </li>
    }
}

fn reasons_list(l: Locale, f: &FilingRecord, nav: Option<&AppNav>) -> Html {
    html! {
        <>
            <h4>{ status_text(l, StatusText::ReasonsTitle) }</h4>
            <ul class="fw-reasons">{ for f.reasons.iter().map(|r| reason_item(l, r, nav)) }</ul>
        </>
    }
}

fn timeline(l: Locale, events: &[FilingEvent]) -> Html {
    html! {
        <section class="fw-history" aria-labelledby="fw-history-title">
            <h4 id="fw-history-title">{ status_text(l, StatusText::History) }</h4>
            <ol class="fw-timeline">
                { for events.iter().map(|e| html! {
                    <li data-kind={e.kind.name()}>
                        <time datetime={e.at.clone()}>{ local_time(&e.at) }</time>
                        <span>{ event_text(l, e.kind) }{ " · " }{ fill(status_text(l, StatusText::Submission), &[e.version]) }</span>
                        if !e.reasons.is_empty() {
                            <span class="fw-hint">{ e.reasons.iter().map(|r| reason_text(l, &r.code).map_or(r.code.as_str(), |(m, _)| m)).collect::<Vec<_>>().join(" ") }</span>
                        }
                    </li>
                }) }
            </ol>
        </section>
    }
}

#[component]
pub fn TerminalCard(props: &TerminalCardProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let nav = shared::nav(&cx);
    let status = &props.status;
    let verdict = Verdict::of(status);
    let events = use_state(|| Remote::<Rc<Vec<FilingEvent>>>::Idle);
    let policy = use_policy(client.clone());
    let merchant_id = client.as_ref().and_then(ApiClient::merchant_id);

    // The history, fetched again whenever the filing moves on.
    let filing_key = status
        .filing
        .as_ref()
        .map(|f| (f.id.clone(), f.version, f.status.name()));
    {
        let events = events.clone();
        use_effect_with(filing_key, move |key| {
            if let (Some((id, _, _)), Some(client)) = (key.clone(), client) {
                wasm_bindgen_futures::spawn_local(async move {
                    // On failure the history already shown stays.
                    if let Ok(list) = client.events(&id).await {
                        events.set(Remote::Loaded(Rc::new(list)));
                    }
                });
            }
        });
    }

    let file = |start: FilingStart| {
        let nav = nav.clone();
        let start = Rc::new(start);
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = &nav {
                n.file.emit((*start).clone())
            }
        })
    };
    let serial = status.serial_number.clone();
    let report_view = || {
        let known = Rc::new(report_lines(l, status, merchant_id.clone()));
        html! { <SupportReport id="fw-report" {known} /> }
    };
    let on_done = props.on_refresh.clone();
    // A granted transfer: the terminal is the merchant's to file now.
    let transfer_granted = status
        .transfer
        .as_ref()
        .is_some_and(|t| t.status == filing_core::api::TransferStatus::Approved);
    let body = match (verdict, &status.filing) {
        (Verdict::NotFiled, _) => html! {
            <>
                if transfer_granted {
                    <p class="fw-notice" id="fw-transfer" data-status="approved">{ crate::i18n::life_text(l, crate::i18n::LifeText::TransferApproved) }</p>
                }
                <p>{ status_text(l, StatusText::NotFiledBody) }</p>
                <button type="button" id="fw-action" class="fw-button" onclick={file(FilingStart::Prefill(FilingInput {
                    serial_number: serial.clone(),
                    ..FilingInput::default()
                }))}>{ status_text(l, StatusText::StartFiling) }</button>
            </>
        },
        (Verdict::FiledByOther, _) => {
            let transfer = status.transfer.as_ref();
            // A QR stand filed without a serial is looked up (and transferred) by its number.
            let qr = status.qr.as_ref().is_some_and(|q| q.qr_code == serial);
            let can_ask =
                transfer.is_none_or(|t| t.status != filing_core::api::TransferStatus::Pending);
            html! {
                <>
                    { held_elsewhere_view(l, transfer) }
                    if can_ask {
                        <TransferControl terminal={AttrValue::from(serial.clone())} {qr} on_done={on_done.clone()} />
                    }
                    { report_view() }
                </>
            }
        }
        (Verdict::Pending { stale }, Some(f)) => html! {
            <>
                <p>
                    { status_text(l, StatusText::PendingBody) }
                    if let Some(p) = policy { { " " }{ review_time_text(l, p.review_time) } }
                </p>
                { crate::components::notify_line::notify_line(l, f) }
                if let Some((old, new)) = stale {
                    <p class="fw-notice" id="fw-stale-reasons">{ fill(status_text(l, StatusText::StaleReasons), &[old, new]) }</p>
                    { reasons_list(l, f, nav.as_ref()) }
                }
                <WithdrawControl filing={f.clone()} on_done={on_done.clone()} />
            </>
        },
        (Verdict::Approved { change }, Some(f)) => {
            let change_pending = change == Some(filing_core::api::ChangeStatus::Pending);
            let change_reasons = f
                .change
                .as_ref()
                .filter(|c| c.status == filing_core::api::ChangeStatus::Rejected)
                .map(|c| FilingRecord {
                    reasons: c.reasons.clone(),
                    ..f.clone()
                });
            html! {
                <>
                    <p>{ status_text(l, StatusText::ApprovedBody) }</p>
                    { change_view(l, f) }
                    if let Some(r) = &change_reasons { { reasons_list(l, r, nav.as_ref()) } }
                    if change_pending { { crate::components::notify_line::notify_line(l, f) } }
                    <div class="fw-row">
                        if !change_pending {
                            <button type="button" id="fw-move" class="fw-button" onclick={file(FilingStart::Move(f.clone()))}>
                                { crate::i18n::life_text(l, crate::i18n::LifeText::Move) }
                            </button>
                        }
                    </div>
                    <DeregisterControl filing={f.clone()} on_done={on_done.clone()} />
                </>
            }
        }
        (Verdict::Rejected, Some(f)) => {
            let unknown = f
                .reasons
                .iter()
                .any(|r| matches!(r.code, ReasonCode::Other(_)));
            html! {
                <>
                    <p>{ status_text(l, StatusText::RejectedBody) }</p>
                    { reasons_list(l, f, nav.as_ref()) }
                    <button type="button" id="fw-action" class="fw-button" onclick={file(FilingStart::Correct(f.clone()))}>
                        { status_text(l, StatusText::Correct) }
                    </button>
                    <WithdrawControl filing={f.clone()} on_done={on_done.clone()} />
                    if unknown { { report_view() } }
                </>
            }
        }
        (Verdict::RejectedNoReason, f) => html! {
            <>
                <p>{ status_text(l, StatusText::NoReasonBody) }</p>
                { report_view() }
                if let Some(f) = f { <WithdrawControl filing={f.clone()} on_done={on_done.clone()} /> }
            </>
        },
        (Verdict::Withdrawn, Some(f)) => html! {
            <>
                <p>{ crate::i18n::life_text(l, crate::i18n::LifeText::WithdrawnBody) }</p>
                <button type="button" id="fw-action" class="fw-button" onclick={file(FilingStart::Prefill(f.submission.clone()))}>
                    { status_text(l, StatusText::FileAgain) }
                </button>
            </>
        },
        (Verdict::Revoked, Some(f)) => html! {
            <>
                if f.deregistered.is_some() { { deregistered_view(l, f) } } else {
                    <p>{ status_text(l, StatusText::RevokedBody) }</p>
                }
                <button type="button" id="fw-action" class="fw-button" onclick={file(FilingStart::Prefill(f.submission.clone()))}>
                    { status_text(l, StatusText::FileAgain) }
                </button>
            </>
        },
        _ => html! {},
    };
    let badge = match (&status.filing, verdict) {
        (_, Verdict::FiledByOther) => crate::i18n::life_text(l, crate::i18n::LifeText::HeldBadge),
        (Some(f), _) => view_text(l, status_label(f.status)),
        (None, _) => view_text(l, ViewText::NotFiled),
    };
    let age = js_sys::Date::now() - props.checked_at;
    let on_refresh = props.on_refresh.reform(|_: MouseEvent| ());
    html! {
        <article class="fw-card" id="fw-terminal" data-state={verdict.name()} aria-labelledby="fw-terminal-title">
            <h3 id="fw-terminal-title">{ status.serial_number.clone() }</h3>
            <p class="fw-badge" role="status" data-status={status.filing.as_ref().map_or("not_filed", |f| f.status.name())}>{ badge }</p>
            if props.offline {
                <p class="fw-notice" role="alert" id="fw-last-known">{ status_text(l, StatusText::ShowingLastKnown) }</p>
            }
            <p class="fw-hint" id="fw-checked">
                { status_text(l, StatusText::LastChecked) }{ local_time_ms(props.checked_at) }{ " (" }{ age_text(l, age) }{ ") " }
                <button type="button" class="fw-button fw-button--small fw-button--ghost" id="fw-refresh"
                    disabled={props.busy} onclick={on_refresh}>{ status_text(l, StatusText::Refresh) }</button>
            </p>
            { body }
            if let Remote::Loaded(list) = &*events {
                { timeline(l, list) }
            }
        </article>
    }
}

/// A time in ms since the epoch as local "HH:MM".
fn local_time_ms(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}
