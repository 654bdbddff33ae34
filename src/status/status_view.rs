//! `StatusView`: look up a terminal by serial number.
//!
//! The serial field is validated with `filing_core::rules::serial_number`, the rule the API
//! applies to the same path segment: on blur (after normalising what was typed) and on submit,
//! never while typing.

use filing_core::api::{FilingStatus, TerminalStatus};
use filing_core::{rules, Field};
use yew::prelude::*;

use crate::api::{ApiClient, Remote};
use crate::app::View;
use crate::components::error_summary::focus_id;
use crate::components::text_field::{field_id, TextField};
use crate::i18n::{colon, rule_message, t, Locale, Text};

fn status_text(status: FilingStatus) -> Text {
    match status {
        FilingStatus::Pending => Text::StatusPending,
        FilingStatus::Approved => Text::StatusApproved,
        FilingStatus::Rejected => Text::StatusRejected,
        FilingStatus::Revoked => Text::StatusRevoked,
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusViewProps {
    /// A serial to look up as soon as the view opens (e.g. the terminal just filed).
    #[prop_or_default]
    pub serial: Option<AttrValue>,
}

#[component]
pub fn StatusView(props: &StatusViewProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let client = use_context::<ApiClient>();
    let serial = use_state(|| props.serial.as_deref().unwrap_or_default().to_owned());
    let touched = use_state(|| false);
    let lookup = use_state(|| Remote::<TerminalStatus>::Idle);

    // Looks up a normalised serial and shows the answer.
    let look_up = {
        let lookup = lookup.clone();
        Callback::from(move |sn: String| {
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
    {
        let look_up = look_up.clone();
        use_effect_with(props.serial.clone(), move |initial| {
            if let Some(sn) = initial
                .as_deref()
                .and_then(|s| rules::serial_number(s).ok())
            {
                look_up.emit(sn);
            }
        });
    }

    // The error is derived from the value, shown once the field has been left or submitted.
    let error = if *touched {
        rules::serial_number(&serial).err()
    } else {
        None
    };

    let on_input = {
        let serial = serial.clone();
        Callback::from(move |(_, value): (Field, String)| serial.set(value))
    };
    let on_blur = {
        let serial = serial.clone();
        let touched = touched.clone();
        Callback::from(move |_: Field| {
            serial.set(filing_core::filing::normalize_field(
                Field::SerialNumber,
                &serial,
            ));
            touched.set(true);
        })
    };
    let onsubmit = {
        let serial = serial.clone();
        let touched = touched.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            touched.set(true);
            let Ok(sn) = rules::serial_number(&serial) else {
                focus_id(&field_id(Field::SerialNumber));
                return;
            };
            serial.set(sn.clone());
            look_up.emit(sn);
        })
    };

    let result = match &*lookup {
        Remote::Idle => html! {},
        Remote::Loading => html! { <p>{ t(l, Text::LookingUp) }</p> },
        Remote::Loaded(found) => match &found.filing {
            None => {
                html! { <p class="fw-result" data-status="not_filed">{ t(l, Text::NotFiled) }</p> }
            }
            Some(f) => html! {
                <p class="fw-result" data-status={f.status.name()}>
                    { found.serial_number.clone() }{ colon(l) }{ t(l, status_text(f.status)) }
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
                <TextField field={Field::SerialNumber} value={AttrValue::from((*serial).clone())}
                    error={error.map(|code| rule_message(l, Field::SerialNumber, code))}
                    autocapitalize={AttrValue::Static("characters")} {on_input} {on_blur} />
                <button type="submit" class="fw-button" disabled={matches!(*lookup, Remote::Loading)}>{ t(l, Text::LookUp) }</button>
            </form>
            <div aria-live="polite">{ result }</div>
        </section>
    }
}
