//! `FilingView`: where a merchant files a terminal.

use yew::prelude::*;

use crate::app::View;
use crate::i18n::{t, Locale, Text};

#[component]
pub fn FilingView() -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::File.name())} tabindex="-1">{ t(l, Text::NavFile) }</h2>
            <p>{ t(l, Text::FileIntro) }</p>
            <p>{ t(l, Text::FileSteps) }</p>
        </section>
    }
}
