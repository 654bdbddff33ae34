//! `use_connection`: is the registration API reachable, in maintenance, failing to save, or is
//! the phone offline?
//!
//! Checks `/health` once `start` is true (in the task after: the shell starts it once its view
//! has rendered, so the first check takes nothing from the form's first render), every
//! [`RECHECK_MS`] while mounted, when the browser reports it is back online, and whenever
//! [`UseConnectionHandle::recheck`] is called (the shell calls it on every navigation, so a
//! merchant's next tap shows the current state).

use std::cell::Cell;
use std::rc::Rc;

use filing_core::api::HealthStatus;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::use_count::use_count;
use crate::components::use_next_task::use_task_after;

pub const RECHECK_MS: u32 = 30_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Checking,
    Online,
    /// The browser says there is no network at all.
    Offline,
    /// The network is there but the API did not answer (or answered with an error).
    Unreachable,
    /// The API is up but paused for maintenance; `until` is the announced end (RFC 3339).
    Maintenance {
        until: Option<String>,
    },
    /// The API answers but cannot save (its store is failing): submitting is refused until an
    /// operator fixes it.
    Degraded,
}

pub struct UseConnectionHandle {
    pub state: Connection,
    pub recheck: Callback<()>,
}

fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

#[hook]
pub fn use_connection(client: ApiClient, start: bool) -> UseConnectionHandle {
    let state = use_state(|| Connection::Checking);
    let started = use_task_after(start);
    // One callback for the component's life: the shell hands it on inside its navigation,
    // which must not change from render to render (see `crate::shared`).
    let checks = use_count();
    let recheck = checks.bump;
    {
        let state = state.clone();
        let recheck = recheck.clone();
        use_effect_with((checks.count, started), move |&(_, started)| {
            let cancelled = Rc::new(Cell::new(false));
            let recheck_timer = started.then(|| {
                if browser_online() {
                    let cancelled = cancelled.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let next = match client.health().await {
                            Ok(h) => match h.status {
                                HealthStatus::Ok => Connection::Online,
                                HealthStatus::Maintenance => {
                                    Connection::Maintenance { until: h.until }
                                }
                                HealthStatus::Degraded => Connection::Degraded,
                            },
                            Err(_) if !browser_online() => Connection::Offline,
                            Err(_) => Connection::Unreachable,
                        };
                        if !cancelled.get() {
                            state.set(next);
                        }
                    });
                } else {
                    state.set(Connection::Offline);
                }
                Timeout::new(RECHECK_MS, move || recheck.emit(()))
            });
            move || {
                cancelled.set(true);
                drop(recheck_timer);
            }
        });
    }
    {
        let state = state.clone();
        let recheck = recheck.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let listeners = window.map(|w| {
                let online = EventListener::new(&w, "online", move |_| recheck.emit(()));
                let offline =
                    EventListener::new(&w, "offline", move |_| state.set(Connection::Offline));
                (online, offline)
            });
            move || drop(listeners)
        });
    }

    UseConnectionHandle {
        state: (*state).clone(),
        recheck,
    }
}
