//! Navigation between the three views. Links carry `?view=` so each view has an address.

use yew::prelude::*;

use crate::i18n::{t, Locale, Text};
use crate::nav::View;

/// The navigation, `current` marked as the page. A function, not a component: it has no state
/// of its own, and each component costs the first load its own copy of Yew's machinery.
pub fn view_nav(l: Locale, current: View, on_select: &Callback<View>) -> Html {
    let items = View::ALL.into_iter().map(|view| {
        let on_select = on_select.clone();
        let onclick = move |e: MouseEvent| {
            e.prevent_default();
            on_select.emit(view);
        };
        let current = (view == current).then_some("page");
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
