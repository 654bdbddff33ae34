//! `GuideView`: the cause-and-fix guide for "设备未报备", with a filter by symptom or POS message,
//! deep links to each cause (`#cause-<slug>`), and 一键诊断 (diagnose one terminal).

use filing_core::reason::Cause;
use yew::prelude::*;

use crate::api::{ApiError, Remote};
use crate::components::error_summary::focus_id;
use crate::components::load_state::LoadState;
use crate::components::use_ime_input::{use_ime_input, InputAttrs};
use crate::guide::data::{self, Guide, GuideCause};
use crate::guide::diagnose_panel::DiagnosePanel;
use crate::guide::keys::GuideText;
use crate::i18n::{t, Locale, Text};
use crate::nav::View;

#[derive(Properties, PartialEq)]
pub struct GuideViewProps {
    /// A cause to open at (a deep link from a status reason, a form error or the URL).
    #[prop_or_default]
    pub cause: Option<Cause>,
}

pub fn cause_id(slug: &str) -> String {
    format!("cause-{slug}")
}

/// The pictures a merchant would rather look at than read, by cause.
fn figure(g: &Guide, slug: &str) -> Html {
    let (file, key) = match slug {
        "filing-info-wrong" => ("serial-label.svg", GuideText::FigureSerial),
        "qr-code-bound-elsewhere" => ("qr-stand.svg", GuideText::FigureQr),
        _ => return html! {},
    };
    let src = data::asset(file);
    html! {
        <figure class="fw-figure">
            <img src={src} alt={g.t(key)} width="320" height="200" loading="lazy" />
            <figcaption aria-hidden="true">{ g.t(key) }</figcaption>
        </figure>
    }
}

fn cause_section(g: &Guide, c: &GuideCause) -> Html {
    let id = cause_id(&c.slug);
    let title_id = format!("{id}-title");
    html! {
        <li>
            <section class="fw-cause" id={id} tabindex="-1" aria-labelledby={title_id.clone()}>
                <h3 id={title_id}>{ c.title.clone() }</h3>
                <h4>{ g.t(GuideText::CauseSeen) }</h4>
                <p>{ c.seen.clone() }</p>
                { figure(g, &c.slug) }
                <h4>{ g.t(GuideText::CauseChecks) }</h4>
                <ol>{ for c.checks.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ol>
                <h4>{ g.t(GuideText::CauseFixes) }</h4>
                <ul>{ for c.fixes.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ul>
            </section>
        </li>
    }
}

#[component]
pub fn GuideView(props: &GuideViewProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let guide = use_state(|| match data::cached(l) {
        Some(g) => Remote::Loaded(g),
        None => Remote::Idle,
    });
    let reload = use_state(|| 0u32);
    let query = use_state(String::new);

    {
        let guide = guide.clone();
        use_effect_with((l, *reload), move |(l, _)| {
            let l = *l;
            let cached = data::cached(l);
            let missing = cached.is_none();
            guide.set(cached.map_or(Remote::Loading, Remote::Loaded));
            if missing {
                wasm_bindgen_futures::spawn_local(async move {
                    guide.set(match data::load(l).await {
                        Ok(g) => Remote::Loaded(g),
                        Err(e) => Remote::Failed(e),
                    });
                });
            }
        });
    }
    // A deep link opens at its cause once the text is there.
    {
        let loaded = matches!(*guide, Remote::Loaded(_));
        let query = query.clone();
        use_effect_with((props.cause, loaded), move |(cause, loaded)| {
            if let (Some(c), true) = (cause, loaded) {
                query.set(String::new());
                focus_id(&cause_id(c.slug()));
            }
        });
    }

    // The filter is wired like every text input: a composition is not a query yet, and no
    // render (the list it filters) rewrites what is being composed.
    let filter = use_ime_input(
        &query,
        InputAttrs {
            input_type: AttrValue::Static("search"),
            autocomplete: AttrValue::Static("off"),
            aria_describedby: Some("fw-guide-filter-hint fw-guide-count".to_owned()),
            ..InputAttrs::default()
        },
        {
            let query = query.clone();
            Callback::from(move |text: String| query.set(text))
        },
        Callback::noop(),
    );

    let g = match &*guide {
        Remote::Loaded(g) => g.clone(),
        other => {
            let reload = reload.clone();
            return html! {
                <section class="fw-view">
                    <h2 id={format!("fw-view-title-{}", View::Guide.name())} tabindex="-1">{ t(l, Text::NavGuide) }</h2>
                    <p>{ t(l, Text::GuideIntro) }</p>
                    <LoadState failed={other.load_failed()} on_reload={Callback::from(move |()| reload.set(*reload + 1))} />
                </section>
            };
        }
    };

    let shown = g.filter(&query);
    let count = if shown.is_empty() {
        g.t(GuideText::FilterNone)
    } else {
        format!("{} {}", shown.len(), g.t(GuideText::FilterCount))
    };

    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", View::Guide.name())} tabindex="-1">{ t(l, Text::NavGuide) }</h2>
            <p>{ t(l, Text::GuideIntro) }</p>
            <DiagnosePanel guide={g.clone()} />
            <div class="fw-field fw-filter">
                <label for="fw-guide-filter">{ g.t(GuideText::FilterLabel) }</label>
                <p class="fw-hint" id="fw-guide-filter-hint">{ g.t(GuideText::FilterHint) }</p>
                <input id="fw-guide-filter" ref={filter.node.clone()} type={filter.attrs.input_type.clone()}
                    aria-describedby={filter.attrs.aria_describedby.clone()} autocomplete={filter.attrs.autocomplete.clone()}
                    oninput={filter.oninput.clone()} onblur={filter.onblur.clone()} />
                <p class="fw-hint" id="fw-guide-count" role="status">{ count }</p>
            </div>
            <ol class="fw-causes">{ for shown.into_iter().map(|c| cause_section(&g, c)) }</ol>
        </section>
    }
}

/// Loads the guide for a locale in the background (after start), so it is there offline later.
pub fn prefetch(l: Locale) {
    if data::cached(l).is_none() {
        wasm_bindgen_futures::spawn_local(async move {
            // A failure is reported when the guide is opened.
            let _: Result<_, ApiError> = data::load(l).await;
        });
    }
}
