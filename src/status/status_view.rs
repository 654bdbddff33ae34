//! `StatusView`: look up a terminal by serial number.
//!
//! The serial field is validated with `filing_core::rules::serial_number`, the rule the API
//! applies to the same path segment: on blur (after normalising what was typed) and on submit,
//! never while typing.

use filing_core::api::{FilingStatus, TerminalStatus};
use filing_core::{rules, Field};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{ApiClient, Remote};
use crate::app::View;
use crate::i18n::{rule_message, t, Locale, Text};

pub const SERIAL_INPUT_ID: &str = "fw-status-serial";
const SERIAL_ERROR_ID: &str = "fw-status-serial-error";
const SERIAL_HINT_ID: &str = "fw-status-serial-hint";

fn status_text(status: FilingStatus) -> Text {
    match status {
        FilingStatus::Pending => Text::StatusPending,
        FilingStatus::Approved => Text::StatusApproved,
        FilingStatus::Rejected => Text::StatusRejected,
        FilingStatus::Revoked => Text::StatusRevoked,
    }
}

#[component]
pub fn StatusView() -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let client = use_context::<ApiClient>();
    let serial = use_state(String::new);
    let touched = use_state(|| false);
    let lookup = use_state(|| Remote::<TerminalStatus>::Idle);

    // The error is derived from the value, shown once the field has been left or submitted.
    let error = if *touched {
        rules::serial_number(&serial).err()
    } else {
        None
    };

    let oninput = {
        let serial = serial.clone();
        Callback::from(move |e: InputEvent| {
            serial.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onblur = {
        let serial = serial.clone();
        let touched = touched.clone();
        Callback::from(move |_: FocusEvent| {
            if let Ok(sn) = rules::serial_number(&serial) {
                serial.set(sn);
            }
            touched.set(true);
        })
    };
    let onsubmit = {
        let serial = serial.clone();
        let touched = touched.clone();
        let lookup = lookup.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            touched.set(true);
            let Ok(sn) = rules::serial_number(&serial) else {
                focus(SERIAL_INPUT_ID);
                return;
            };
            serial.set(sn.clone());
            let Some(client) = client.clone() else { return };
            let lookup = lookup.clone();
            lookup.set(Remote::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                lookup.set(match client.terminal(&sn).await {
                    Ok(found) => Remote::Loaded(found),
                    Err(e) => Remote::Failed(e),
                });
            });
        })
    };

    let describedby = if error.is_some() {
        format!("{SERIAL_ERROR_ID} {SERIAL_HINT_ID}")
    } else {
        SERIAL_HINT_ID.to_owned()
    };
    let result = match &*lookup {
        Remote::Idle => html! {},
        Remote::Loading => html! { <p>{ t(l, Text::LookingUp) }</p> },
        Remote::Loaded(found) => match &found.filing {
            None => {
                html! { <p class="fw-result" data-status="not_filed">{ t(l, Text::NotFiled) }</p> }
            }
            Some(f) => html! {
                <p class="fw-result" data-status={format!("{:?}", f.status).to_lowercase()}>
                    { found.serial_number.clone() }{ "：" }{ t(l, status_text(f.status)) }
                </p>
            },
        },
        Remote::Failed(_) => {
            html! { <p class="fw-result fw-result--error">{ t(l, Text::LookupFailed) }</p> }
        }
    };
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::Status.name())} tabindex="-1">{ t(l, Text::NavStatus) }</h2>
            <p>{ t(l, Text::StatusIntro) }</p>
            <form class="fw-form" novalidate=true {onsubmit}>
                <div class={classes!("fw-field", error.is_some().then_some("fw-field--invalid"))}>
                    <label for={SERIAL_INPUT_ID}>{ t(l, Text::SerialLabel) }</label>
                    <p id={SERIAL_HINT_ID} class="fw-hint">{ t(l, Text::SerialHint) }</p>
                    <input id={SERIAL_INPUT_ID} name="serial_number" type="text" value={(*serial).clone()}
                        autocomplete="off" autocapitalize="characters" spellcheck="false" enterkeyhint="search"
                        aria-invalid={error.is_some().then_some("true")} aria-describedby={describedby}
                        {oninput} {onblur} />
                    if let Some(code) = error {
                        <p id={SERIAL_ERROR_ID} class="fw-error">{ rule_message(l, Field::SerialNumber, code) }</p>
                    }
                </div>
                <button type="submit" class="fw-button" disabled={matches!(*lookup, Remote::Loading)}>{ t(l, Text::LookUp) }</button>
            </form>
            <div aria-live="polite">{ result }</div>
        </section>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
