//! The connection banner: a live region telling the merchant whether filing can work right now.

use yew::prelude::*;

pub use crate::components::use_connection::{use_connection, Connection};
use crate::i18n::{t, Locale, Text};

/// Formats an RFC 3339 instant in the merchant's locale and time zone; falls back to the raw text.
fn local_time(rfc3339: &str, locale: Locale) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    String::from(date.to_locale_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED))
}

/// The banner for `state`, with a retry button when retrying can help (a function: it has no
/// state of its own; [`use_connection`] keeps it).
pub fn connection_banner(l: Locale, state: &Connection, on_retry: &Callback<()>) -> Html {
    let (kind, text) = match state {
        Connection::Checking => ("checking", t(l, Text::ConnChecking)),
        Connection::Online => ("ok", t(l, Text::ConnOk)),
        Connection::Offline => ("offline", t(l, Text::ConnOffline)),
        Connection::Unreachable => ("down", t(l, Text::ConnUnreachable)),
        Connection::Maintenance { .. } => ("maintenance", t(l, Text::ConnMaintenance)),
        Connection::Degraded => ("degraded", t(l, Text::ConnDegraded)),
    };
    let until = match state {
        Connection::Maintenance { until: Some(until) } => html! {
            <span class="fw-banner-until">{ t(l, Text::ConnMaintenanceUntil) }{ local_time(until, l) }</span>
        },
        _ => html! {},
    };
    let retry = if matches!(
        state,
        Connection::Unreachable | Connection::Offline | Connection::Degraded
    ) {
        let on_retry = on_retry.clone();
        html! {
            <button type="button" class="fw-button fw-button--small" onclick={move |_| on_retry.emit(())}>
                { t(l, Text::RetryNow) }
            </button>
        }
    } else {
        html! {}
    };
    html! {
        <div id="fw-connection" class="fw-banner"
             role="status" aria-live="polite" data-state={kind}>
            <span class="fw-banner-text">{ text }{ until }</span>
            { retry }
        </div>
    }
}
