//! `use_lookup`: one terminal's status check: looks up a normalised serial, keeps the answer on
//! the phone as the last known status (shown when a later check fails), refreshes a pending
//! filing with backoff while the page is visible, and tells the host when a status changes.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::host::{self, HostEvent};
use crate::status::cache;
use crate::status::model::{Lookup, LookupAction};

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

pub struct UseLookupHandle {
    pub lookup: UseReducerHandle<Lookup>,
    /// Looks up a serial (already normalised by `filing_core::rules::serial_number`).
    pub look_up: Callback<String>,
}

#[hook]
pub fn use_lookup(client: Option<ApiClient>) -> UseLookupHandle {
    let lookup = use_reducer(Lookup::default);
    // Looks up a normalised serial; on failure the last known status (kept on the phone) shows.
    let look_up = {
        let lookup = lookup.clone();
        Callback::from(move |sn: String| {
            let Some(client) = client.clone() else { return };
            let lookup = lookup.clone();
            lookup.dispatch(LookupAction::Start(sn.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                let at = js_sys::Date::now();
                lookup.dispatch(match client.terminal(&sn, None).await {
                    Ok((status, json)) => {
                        cache::save(&sn, &json, at);
                        LookupAction::Loaded {
                            serial: sn,
                            status,
                            at,
                        }
                    }
                    Err(error) => LookupAction::Failed {
                        cached: cache::load(&sn),
                        serial: sn,
                        error,
                    },
                });
            });
        })
    };
    // A pending filing refreshes itself: 2 s, doubling to a minute, only while the page is
    // visible; coming back to the page refreshes at once.
    {
        let look_up = look_up.clone();
        let delay = lookup.next_poll_ms();
        let deps = (
            lookup.pending(),
            lookup.busy,
            lookup.checked_at,
            lookup.serial.clone(),
        );
        use_effect_with(deps, move |(pending, busy, _, sn)| {
            let active = *pending && !*busy;
            // A refresh due while the page is hidden waits for it to be shown again.
            let timer = (active && !page_hidden()).then(|| {
                let (look_up, sn) = (look_up.clone(), sn.clone());
                Timeout::new(delay, move || {
                    if !page_hidden() {
                        look_up.emit(sn)
                    }
                })
            });
            let on_visible = active
                .then(|| web_sys::window().and_then(|w| w.document()))
                .flatten()
                .map(|doc| {
                    let sn = sn.clone();
                    EventListener::new(&doc, "visibilitychange", move |_| {
                        if !page_hidden() {
                            look_up.emit(sn.clone())
                        }
                    })
                });
            move || drop((timer, on_visible))
        });
    }

    // Tell the host when a terminal's status is seen to change.
    {
        let status = lookup
            .shown
            .as_ref()
            .and_then(|t| t.filing.as_ref().map(|f| (f.id.clone(), f.status.name())));
        use_effect_with(status, |s| {
            if let Some((_, name)) = s {
                host::emit(HostEvent::StatusChanged, Some(name));
            }
        });
    }
    UseLookupHandle { lookup, look_up }
}
