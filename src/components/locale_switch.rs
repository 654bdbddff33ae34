//! The language switch: one button naming the other language in that language.

use yew::prelude::*;

use crate::i18n::{t, Locale, Text};

#[derive(Properties, PartialEq)]
pub struct LocaleSwitchProps {
    pub locale: Locale,
    pub on_change: Callback<Locale>,
}

#[component]
pub fn LocaleSwitch(props: &LocaleSwitchProps) -> Html {
    let other = props.locale.other();
    let on_change = props.on_change.clone();
    html! {
        <button type="button" id="fw-locale" class="fw-button fw-button--ghost" lang={other.tag()}
                onclick={move |_| on_change.emit(other)}>
            { t(props.locale, Text::SwitchToOther) }
        </button>
    }
}
