//! `GuideView`: the cause-and-fix guide for "设备未报备".

use yew::prelude::*;

use crate::app::View;
use crate::i18n::{t, Locale, Text};

#[derive(Properties, PartialEq)]
pub struct GuideViewProps {
    #[prop_or_default]
    pub cause: Option<filing_core::reason::Cause>,
}

#[component]
pub fn GuideView(_props: &GuideViewProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::Guide.name())} tabindex="-1">{ t(l, Text::NavGuide) }</h2>
            <p>{ t(l, Text::GuideIntro) }</p>
        </section>
    }
}
