//! The language switch: one button naming the other language in that language.

use yew::prelude::*;

use crate::i18n::{t, Locale, Text};

/// The switch from `locale` to the other language (a function: it has no state of its own).
pub fn locale_switch(locale: Locale, on_change: &Callback<Locale>) -> Html {
    let other = locale.other();
    let on_change = on_change.clone();
    html! {
        <button type="button" id="fw-locale" class="fw-button fw-button--ghost" lang={other.tag()}
                onclick={move |_| on_change.emit(other)}>
            { t(locale, Text::SwitchToOther) }
        </button>
    }
}
