//! Navigation between the three views. Links carry `?view=` so each view has an address.

use yew::prelude::*;

use crate::i18n::{t, Locale, Text};
use crate::nav::View;

#[derive(Properties, PartialEq)]
pub struct ViewNavProps {
    pub current: View,
    pub on_select: Callback<View>,
}

#[component]
pub fn ViewNav(props: &ViewNavProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let items = View::ALL.into_iter().map(|view| {
        let on_select = props.on_select.clone();
        let onclick = move |e: MouseEvent| {
            e.prevent_default();
            on_select.emit(view);
        };
        let current = (view == props.current).then_some("page");
        html! {
            <li>
                <a id={format!("fw-nav-{}", view.name())} class="fw-nav-link"
                   href={format!("?view={}", view.name())} aria-current={current} {onclick}>
                    { t(l, view.title()) }
                </a>
            </li>
        }
    });
    html! {
        <nav class="fw-nav" aria-label={t(l, Text::NavLabel)}>
            <ul>{ for items }</ul>
        </nav>
    }
}
