//! `DiagnosePanel`: 一键诊断 for one terminal (and QR stand): runs the checks the widget can run,
//! shows each as passed / failed / could not check, names the most likely cause and offers its
//! fix, or a report for support.

use std::rc::Rc;

use filing_core::api::TerminalStatus;
use filing_core::reason::{Cause, ReasonCode};
use filing_core::{rules, Field, FilingInput};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::ApiClient;
use crate::components::error_summary::focus_id;
use crate::components::support_report::SupportReport;
use crate::components::text_field::{field_id, TextField};
use crate::guide::data::Guide;
use crate::guide::diagnose::{diagnose, Check, Diagnosis, Fix, Observed, Outcome, Verdict};
use crate::guide::guide_view::cause_id;
use crate::guide::keys::{CheckKey, GuideText, Note};
use crate::i18n::{colon, field_label, reason_text, rule_message, Locale};
use crate::nav::FilingStart;

/// A check's evidence as the merchant reads it: reason codes become what they mean.
fn evidence(l: Locale, c: &Check) -> String {
    if c.key != CheckKey::Filing || c.note != Note::Rejected {
        return c.arg.clone();
    }
    c.arg
        .split(", ")
        .map(|code| {
            let code = ReasonCode::parse(code);
            reason_text(l, &code).map_or_else(|| code.as_str().to_owned(), |(m, _)| m.to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The checks as plain text, for support.
/// What support needs: the terminal's facts (as the status card reports them, when it was found)
/// and every check with its outcome.
fn report(
    l: Locale,
    g: &Guide,
    serial: &str,
    d: &Diagnosis,
    term: Option<&TerminalStatus>,
    merchant_id: Option<String>,
) -> Vec<(String, String)> {
    let mut lines = match term {
        Some(t) => crate::status::terminal_card::report_lines(l, t, merchant_id),
        None => {
            let mut v = vec![];
            if let Some(mid) = merchant_id {
                v.push((field_label(l, Field::MerchantId).to_owned(), mid));
            }
            v.push((
                field_label(l, Field::SerialNumber).to_owned(),
                serial.to_owned(),
            ));
            v
        }
    };
    for c in &d.checks {
        lines.push((
            format!("[{}] {}", g.outcome(c.outcome), g.check_title(c.key)),
            g.check_note(c.key, c.note, &c.arg),
        ));
    }
    lines
}

/// Runs the checks the widget can run, in order, and returns what it observed.
async fn observe(client: ApiClient, serial: String, qr: Option<String>) -> Observed {
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    if !online {
        return Observed {
            online,
            health: None,
            terminal: None,
        };
    }
    let started = js_sys::Date::now();
    let health = client
        .health()
        .await
        .map(|h| (h, (js_sys::Date::now() - started).max(0.0) as u32));
    let reachable = matches!(&health, Ok((h, _)) if h.status == filing_core::api::HealthStatus::Ok);
    let terminal = if reachable {
        Some(
            client
                .terminal(&serial, qr.as_deref())
                .await
                .map(|(t, _)| t),
        )
    } else {
        None
    };
    Observed {
        online,
        health: Some(health),
        terminal,
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagnosePanelProps {
    pub guide: Rc<Guide>,
    /// Opens a cause of the guide (its link in the diagnosis).
    pub on_open: Callback<Cause>,
}

#[component]
pub fn DiagnosePanel(props: &DiagnosePanelProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let merchant_id = client.as_ref().and_then(ApiClient::merchant_id);
    let cx = use_shared();
    let nav = shared::nav(&cx);
    let g = &props.guide;
    let serial = use_state(String::new);
    let qr = use_state(String::new);
    let touched = use_state(|| false);
    let running = use_state(|| false);
    let result = use_state(|| None::<Rc<(Diagnosis, Option<TerminalStatus>, String)>>);

    // Diagnose.
    let run = {
        let (serial, qr, touched, running, result) = (
            serial.clone(),
            qr.clone(),
            touched.clone(),
            running.clone(),
            result.clone(),
        );
        let client = client.clone();
        Callback::from(move |()| {
            touched.set(true);
            let Ok(sn) = rules::serial_number(&serial) else {
                focus_id(&field_id(Field::SerialNumber));
                return;
            };
            let qr_code = rules::qr_code(&qr).ok().filter(|q| !q.is_empty());
            let Some(client) = client.clone() else { return };
            serial.set(sn.clone());
            running.set(true);
            let (running, result) = (running.clone(), result.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let o = observe(client, sn.clone(), qr_code).await;
                let d = diagnose(&o);
                let t = o.terminal.and_then(Result::ok);
                result.set(Some(Rc::new((d, t, sn))));
                running.set(false);
                focus_id("fw-diag-result");
            });
        })
    };
    let onsubmit = {
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(());
        })
    };
    let serial_error = (*touched)
        .then(|| rules::serial_number(&serial).err())
        .flatten()
        .map(|e| rule_message(l, Field::SerialNumber, e));

    let fix_button = |fix: Fix, t: Option<&TerminalStatus>, sn: &str| -> Html {
        let (label, onclick): (GuideText, Callback<MouseEvent>) = match fix {
            Fix::Retry => (GuideText::DiagAgain, run.reform(|_| ())),
            Fix::Support => return html! {},
            Fix::Guide => return html! {},
            Fix::Status => {
                let (nav, sn) = (nav.clone(), sn.to_owned());
                (
                    GuideText::FixStatus,
                    Callback::from(move |_| {
                        if let Some(n) = &nav {
                            n.status_of.emit(sn.clone())
                        }
                    }),
                )
            }
            Fix::StartFiling | Fix::Correct | Fix::FileAgain => {
                let start = match (fix, t.and_then(|t| t.filing.clone())) {
                    (Fix::Correct, Some(f)) => FilingStart::Correct(f),
                    (Fix::FileAgain, Some(f)) => FilingStart::Prefill(f.submission),
                    _ => FilingStart::Prefill(FilingInput {
                        serial_number: sn.to_owned(),
                        ..FilingInput::default()
                    }),
                };
                let key = match fix {
                    Fix::Correct => GuideText::FixCorrect,
                    Fix::FileAgain => GuideText::FixFileAgain,
                    _ => GuideText::FixStartFiling,
                };
                let nav = nav.clone();
                (
                    key,
                    Callback::from(move |_| {
                        if let Some(n) = &nav {
                            n.file.emit(start.clone())
                        }
                    }),
                )
            }
        };
        html! { <button type="button" id="fw-fix" class="fw-button" {onclick}>{ g.t(label) }</button> }
    };

    let diagnosis = result.as_ref().map(|r| {
        let (d, term, sn) = &**r;
        let (cause, fix) = match &d.verdict {
            Verdict::Cause(c, f) => (Some(*c), Some(*f)),
            _ => (None, None),
        };
        let verdict_name = match &d.verdict {
            Verdict::Cause(c, _) => c.slug(),
            Verdict::AllClear => "all-clear",
            Verdict::Pending => "pending",
            Verdict::Support => "support",
        };
        let summary = match &d.verdict {
            Verdict::Cause(c, _) => html! {
                <p class="fw-likely"><strong>{ g.t(GuideText::DiagLikely) }</strong>{ " " }
                    <a href={format!("#{}", cause_id(c.slug()))} onclick={Callback::from({ let (c, open) = (*c, props.on_open.clone()); move |e: MouseEvent| { e.prevent_default(); open.emit(c); } })}>
                        { g.cause(*c).map(|gc| gc.title.clone()).unwrap_or_default() }
                    </a>
                </p>
            },
            Verdict::AllClear => html! {
                <><p class="fw-likely"><strong>{ g.t(GuideText::DiagNoneFound) }</strong></p><p>{ g.t(GuideText::DiagNoneFoundBody) }</p></>
            },
            Verdict::Pending => html! { <p class="fw-likely">{ g.t(GuideText::DiagPendingBody) }</p> },
            Verdict::Support => html! { <p class="fw-likely">{ g.t(GuideText::DiagSupportBody) }</p> },
        };
        let show_report = matches!(d.verdict, Verdict::Support | Verdict::Cause(_, Fix::Support));
        html! {
            <div class="fw-diagnosis" id="fw-diagnosis" data-verdict={verdict_name}>
                <h4 id="fw-diag-result" tabindex="-1">{ g.t(GuideText::DiagResult) }{ " · " }{ sn.clone() }</h4>
                <ul class="fw-checklist">
                    { for d.checks.iter().map(|c| {
                        let mark = match c.outcome { Outcome::Pass => "✓", Outcome::Fail => "✗", Outcome::Unknown => "?" };
                        html! {
                            <li data-check={c.key.name()} data-outcome={c.outcome.name()}>
                                <span class="fw-mark" aria-hidden="true">{ mark }</span>
                                <span>
                                    <strong>{ g.check_title(c.key) }</strong>
                                    <span class="fw-visually-hidden">{ colon(l) }{ g.outcome(c.outcome) }</span>
                                    <br />{ g.check_note(c.key, c.note, &evidence(l, c)) }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
                { summary }
                if let (Some(_), Some(f)) = (cause, fix) { { fix_button(f, term.as_ref(), sn) } }
                if show_report {
                    <SupportReport id="fw-diag-report" known={std::rc::Rc::new(report(l, g, sn, d, term.as_ref(), merchant_id.clone()))} />
                }
            </div>
        }
    });

    html! {
    <section class="fw-diagnose" aria-labelledby="fw-diag-title">
        <h3 id="fw-diag-title">{ g.t(GuideText::DiagTitle) }</h3>
        <p>{ g.t(GuideText::DiagIntro) }</p>
        <form class="fw-form" novalidate=true {onsubmit}>
            <TextField field={Field::SerialNumber} value={AttrValue::from((*serial).clone())} error={serial_error}
                autocapitalize={AttrValue::Static("characters")}
                on_input={{ let serial = serial.clone(); Callback::from(move |(_, v): (Field, String)| serial.set(v)) }}
                on_blur={{ let (serial, touched) = (serial.clone(), touched.clone()); Callback::from(move |f: Field| { serial.set(filing_core::filing::normalize_field(f, &serial)); touched.set(true); }) }} />
            <TextField field={Field::QrCode} value={AttrValue::from((*qr).clone())} optional=true error={None::<String>}
                autocapitalize={AttrValue::Static("characters")}
                on_input={{ let qr = qr.clone(); Callback::from(move |(_, v): (Field, String)| qr.set(v)) }}
                on_blur={{ let qr = qr.clone(); Callback::from(move |f: Field| qr.set(filing_core::filing::normalize_field(f, &qr))) }} />
            <button type="submit" id="fw-diag-run" class="fw-button" disabled={*running} aria-busy={running.then_some("true")}>
                { g.t(if *running { GuideText::DiagRunning } else { GuideText::DiagRun }) }
            </button>
        </form>
        { diagnosis.unwrap_or_default() }
    </section>
    }
}
