//! `StatusView`: look up a terminal by serial number, or pick one of the merchant's filings.
//!
//! The serial field is validated with `filing_core::rules::serial_number`, the rule the API
//! applies to the same path segment: on blur (after normalising what was typed) and on submit,
//! never while typing. A pending filing refreshes itself with backoff while the page is visible;
//! a failed check keeps showing the last known status with its age.

use std::rc::Rc;

use filing_core::api::FilingRecord;
use filing_core::{rules, Field};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::Remote;
use crate::components::error_summary::focus_id;
use crate::components::load_state::load_state;
use crate::components::text_field::{field_id, TextField};
use crate::i18n::{
    local_time, rule_message, status_text, t, view_text, StatusText, Text, ViewText,
};
use crate::nav::View;
use crate::status::terminal_card::{status_label, TerminalCard};
use crate::status::use_lookup::{use_lookup, UseLookupHandle};

/// The merchant's filings loaded so far, and where the next page starts (if there is one).
#[derive(Debug, Default, PartialEq)]
pub struct FilingList {
    pub items: Vec<FilingRecord>,
    pub next: Option<String>,
}

/// The "more filings" request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum More {
    Idle,
    Loading,
    Failed,
}

#[derive(Properties, PartialEq)]
pub struct StatusViewProps {
    /// A serial to look up as soon as the view opens (e.g. the terminal just filed).
    #[prop_or_default]
    pub serial: Option<AttrValue>,
}

#[component]
pub fn StatusView(props: &StatusViewProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let serial = use_state(|| props.serial.as_deref().unwrap_or_default().to_owned());
    let touched = use_state(|| false);
    let list = use_state(|| Remote::<Rc<FilingList>>::Idle);
    let more = use_state(|| More::Idle);
    let list_reload = use_state(|| 0u32);
    // Set when the merchant asked (not a background refresh): the answer then takes focus.
    let focus_answer = use_mut_ref(|| false);

    let UseLookupHandle { lookup, look_up } = use_lookup(client.clone());
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

    // The merchant's filings, newest first, a page at a time.
    {
        let list = list.clone();
        let more = more.clone();
        // Again when the client changes (an iframe's token arrives after start).
        use_effect_with((*list_reload, client.clone()), move |(_, client)| {
            if let Some(client) = client.clone().filter(|c| c.token().is_some()) {
                list.set(Remote::Loading);
                more.set(More::Idle);
                wasm_bindgen_futures::spawn_local(async move {
                    list.set(match client.filings(None).await {
                        Ok((items, next)) => Remote::Loaded(Rc::new(FilingList { items, next })),
                        Err(e) => Remote::Failed(e),
                    });
                });
            }
        });
    }

    // The list and the card never disagree: a filing the card shows anew replaces its entry
    // in the list (an approval seen by the card's refresh, a withdrawal, a deregistration).
    {
        let list = list.clone();
        let shown = lookup.shown.clone();
        use_effect_with(shown, move |shown| {
            let fresh = shown.as_deref().and_then(|t| t.filing.clone());
            if let (Some(fresh), Remote::Loaded(loaded)) = (fresh, &*list) {
                let stale = loaded
                    .items
                    .iter()
                    .position(|f| f.id == fresh.id && *f != fresh);
                if let Some(i) = stale {
                    let mut items = loaded.items.clone();
                    items[i] = fresh;
                    list.set(Remote::Loaded(Rc::new(FilingList {
                        items,
                        next: loaded.next.clone(),
                    })));
                }
            }
        });
    }

    // Move focus to an answer the merchant asked for.
    {
        let focus_answer = focus_answer.clone();
        use_effect_with(lookup.busy, move |busy| {
            if !*busy && std::mem::take(&mut *focus_answer.borrow_mut()) {
                focus_id("fw-terminal-title");
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
    let ask = {
        let (serial, look_up, focus_answer) =
            (serial.clone(), look_up.clone(), focus_answer.clone());
        Callback::from(move |sn: String| {
            serial.set(sn.clone());
            *focus_answer.borrow_mut() = true;
            look_up.emit(sn);
        })
    };
    let onsubmit = {
        let serial = serial.clone();
        let touched = touched.clone();
        let ask = ask.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            touched.set(true);
            match rules::serial_number(&serial) {
                Ok(sn) => ask.emit(sn),
                Err(_) => focus_id(&field_id(Field::SerialNumber)),
            }
        })
    };

    let result = match (&lookup.shown, &lookup.error) {
        (Some(status), error) => html! {
            <TerminalCard status={status.clone()} checked_at={lookup.checked_at}
                offline={error.is_some()} busy={lookup.busy}
                on_refresh={{ let (look_up, sn) = (look_up.clone(), lookup.serial.clone()); Callback::from(move |()| look_up.emit(sn.clone())) }} />
        },
        (None, Some(_)) => html! {
            <p class="fw-result fw-result--error" id="fw-lookup-failed">{ status_text(l, StatusText::NeverChecked) }</p>
        },
        (None, None) if lookup.busy => html! { <p>{ view_text(l, ViewText::LookingUp) }</p> },
        (None, None) => html! {},
    };
    // The next page, appended; focus goes to its first filing.
    let load_more = {
        let (list, more, client) = (list.clone(), more.clone(), client.clone());
        Callback::from(move |_: MouseEvent| {
            let (Remote::Loaded(loaded), Some(client)) = (&*list, client.clone()) else {
                return;
            };
            let Some(cursor) = loaded.next.clone() else {
                return;
            };
            let (list, more, loaded) = (list.clone(), more.clone(), loaded.clone());
            more.set(More::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match client.filings(Some(&cursor)).await {
                    Ok((page, next)) => {
                        let first_new = loaded.items.len();
                        let mut items = loaded.items.clone();
                        items.extend(page);
                        list.set(Remote::Loaded(Rc::new(FilingList { items, next })));
                        more.set(More::Idle);
                        // After the new items are on the page.
                        gloo_timers::callback::Timeout::new(0, move || {
                            focus_id(&format!("fw-filing-{first_new}"))
                        })
                        .forget();
                    }
                    Err(_) => more.set(More::Failed),
                }
            });
        })
    };
    let my_filings = match &*list {
        Remote::Loaded(filings) if filings.items.is_empty() => {
            html! { <p class="fw-hint">{ status_text(l, StatusText::MyFilingsEmpty) }</p> }
        }
        Remote::Loaded(filings) => html! { <>
            <ul class="fw-list" id="fw-my-filings">
                { for filings.items.iter().enumerate().map(|(i, f)| {
                    // A QR stand filed without a serial goes by its stand's number.
                    let s = &f.submission;
                    let sn = if s.serial_number.is_empty() { s.qr_code.clone() } else { s.serial_number.clone() };
                    let shown = sn.clone();
                    let ask = ask.clone();
                    html! { <li>
                        <button type="button" class="fw-list-item" id={format!("fw-filing-{i}")} data-status={f.status.name()}
                            onclick={move |_| ask.emit(sn.clone())}>
                            <span class="fw-list-serial">{ shown }</span>
                            <span class="fw-badge" data-status={f.status.name()}>{ view_text(l, status_label(f.status)) }</span>
                            <span class="fw-hint">{ local_time(&f.updated_at) }</span>
                        </button>
                    </li> }
                }) }
            </ul>
            if filings.next.is_some() {
                <button type="button" id="fw-more-filings" class="fw-button fw-button--ghost"
                    disabled={*more == More::Loading} aria-describedby="fw-more-failed" onclick={load_more}>
                    { status_text(l, StatusText::MoreFilings) }
                </button>
            }
            <p id="fw-more-failed" class="fw-hint" role="status">
                if *more == More::Failed { { status_text(l, StatusText::MoreFilingsFailed) } }
            </p>
        </> },
        other => {
            let reload = list_reload.clone();
            load_state(
                l,
                other.load_failed(),
                &Callback::from(move |()| reload.set(*reload + 1)),
            )
        }
    };
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::Status.name())} tabindex="-1">{ t(l, Text::NavStatus) }</h2>
            <p>{ view_text(l, ViewText::StatusIntro) }</p>
            <form class="fw-form" novalidate=true {onsubmit}>
                <TextField field={Field::SerialNumber} value={AttrValue::from((*serial).clone())}
                    error={error.map(|code| rule_message(l, Field::SerialNumber, code))}
                    autocapitalize={AttrValue::Static("characters")} {on_input} {on_blur} />
                <button type="submit" class="fw-button" disabled={lookup.busy}>{ view_text(l, ViewText::LookUp) }</button>
            </form>
            { result }
            <section aria-labelledby="fw-my-filings-title">
                <h3 id="fw-my-filings-title">{ status_text(l, StatusText::MyFilings) }</h3>
                { my_filings }
            </section>
        </section>
    }
}
