//! `GuideView`: the cause-and-fix guide for "设备未报备", with a filter by symptom or POS message,
//! deep links to each cause (`#cause-<slug>`), and 一键诊断 (diagnose one terminal).

use filing_core::reason::Cause;
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::{ApiError, Remote};
use crate::components::error_summary::focus_id;
use crate::components::load_state::load_state;
use crate::components::use_ime_input::{use_ime_input, InputAttrs};
use crate::guide::data::{self, Guide, GuideCause};
use crate::guide::diagnose_panel::DiagnosePanel;
use crate::guide::keys::GuideText;
use crate::i18n::{t, view_text, Locale, Text, ViewText};
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

/// The pictures a merchant would rather look at than read, by cause. Rendered only while their
/// cause is open, so a closed cause costs no download.
fn figure(g: &Guide, slug: &str) -> Html {
    let (file, key) = match slug {
        "filing-info-wrong" => ("serial-label.svg", GuideText::FigureSerial),
        "qr-code-bound-elsewhere" => ("qr-stand.svg", GuideText::FigureQr),
        "device-not-activated" => ("sign-in.svg", GuideText::FigureSignIn),
        "network" => ("terminal-ip.svg", GuideText::FigureIp),
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

/// One cause as a disclosure: its title always, the rest when open.
fn cause_section(
    g: &Guide,
    c: &GuideCause,
    open: bool,
    on_toggle: Callback<(String, bool)>,
) -> Html {
    let id = cause_id(&c.slug);
    let title_id = format!("{id}-title");
    let slug = c.slug.clone();
    let ontoggle = Callback::from(move |e: Event| {
        let now = e
            .target()
            .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        on_toggle.emit((slug.clone(), now));
    });
    html! {
        <li>
            <details class="fw-cause" id={id} tabindex="-1" {open} {ontoggle}>
                <summary><h3 id={title_id}>{ c.title.clone() }</h3></summary>
                if open {
                    <h4>{ g.t(GuideText::CauseSeen) }</h4>
                    <p>{ c.seen.clone() }</p>
                    { figure(g, &c.slug) }
                    <h4>{ g.t(GuideText::CauseChecks) }</h4>
                    <ol>{ for c.checks.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ol>
                    <h4>{ g.t(GuideText::CauseFixes) }</h4>
                    <ul>{ for c.fixes.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ul>
                }
            </details>
        </li>
    }
}

/// Keeping the terminal filed and working: the article's last part.
fn prevention(g: &Guide) -> Html {
    html! {
        <section class="fw-prevention" aria-labelledby="fw-prevention-title">
            <h3 id="fw-prevention-title">{ g.t(GuideText::PreventTitle) }</h3>
            <ul>{ for g.list("prevent.").into_iter().map(|x| html! { <li>{ x }</li> }) }</ul>
        </section>
    }
}

#[component]
pub fn GuideView(props: &GuideViewProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
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
    // The causes shown open; the others are collapsed to their titles.
    let open = use_state(Vec::<String>::new);
    // Set when a cause was opened on purpose: it takes focus once rendered open.
    let focus_cause = use_state(|| None::<String>);
    let open_cause = {
        let (open, focus_cause, query) = (open.clone(), focus_cause.clone(), query.clone());
        Callback::from(move |c: Cause| {
            query.set(String::new());
            open.set(vec![c.slug().to_owned()]);
            focus_cause.set(Some(c.slug().to_owned()));
        })
    };
    // A deep link (the URL, a status reason, a form error) opens its cause once the text is there.
    {
        let loaded = matches!(*guide, Remote::Loaded(_));
        let open_cause = open_cause.clone();
        use_effect_with((props.cause, loaded), move |(cause, loaded)| {
            if let (Some(c), true) = (cause, loaded) {
                open_cause.emit(*c);
            }
        });
    }
    {
        let focus_cause = focus_cause.clone();
        use_effect_with((*focus_cause).clone(), move |slug| {
            if let Some(slug) = slug {
                focus_id(&cause_id(slug));
                focus_cause.set(None);
            }
        });
    }
    // A filter opens what it finds (and closes the rest).
    {
        let (open, guide) = (open.clone(), guide.clone());
        use_effect_with((*query).clone(), move |q| {
            if let Remote::Loaded(g) = &*guide {
                if !q.trim().is_empty() {
                    open.set(g.filter(q).iter().map(|c| c.slug.clone()).collect());
                }
            }
        });
    }
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |(slug, now): (String, bool)| {
            let mut v = (*open).clone();
            let was = v.contains(&slug);
            if now && !was {
                v.push(slug);
            } else if !now && was {
                v.retain(|s| *s != slug);
            } else {
                return;
            }
            open.set(v);
        })
    };
    let cx = use_shared();
    let client = shared::client(&cx);
    let policy = crate::components::use_policy::use_policy(client);

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
                    <p>{ view_text(l, ViewText::GuideIntro) }</p>
                    { load_state(l, other.load_failed(), &Callback::from(move |()| reload.set(*reload + 1))) }
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
            <p>{ view_text(l, ViewText::GuideIntro) }</p>
            <DiagnosePanel guide={g.clone()} on_open={open_cause.clone()} />
            <div class="fw-field fw-filter">
                <label for="fw-guide-filter">{ g.t(GuideText::FilterLabel) }</label>
                <p class="fw-hint" id="fw-guide-filter-hint">{ g.t(GuideText::FilterHint) }</p>
                <input id="fw-guide-filter" ref={filter.node.clone()} type={filter.attrs.input_type.clone()}
                    aria-describedby={filter.attrs.aria_describedby.clone()} autocomplete={filter.attrs.autocomplete.clone()}
                    oninput={filter.oninput.clone()} onblur={filter.onblur.clone()} />
                <p class="fw-hint" id="fw-guide-count" role="status">{ count }</p>
            </div>
            if let Some(p) = policy {
                <p class="fw-hint" id="fw-guide-waiting">{ g.t(GuideText::Waiting) }{ " " }{ crate::i18n::review_time_text(l, p.review_time) }</p>
            }
            <nav class="fw-index" aria-labelledby="fw-guide-index-title">
                <h3 id="fw-guide-index-title">{ g.t(GuideText::IndexTitle) }</h3>
                <ol>
                    { for shown.iter().map(|c| {
                        let cause = c.cause();
                        let open_cause = open_cause.clone();
                        let onclick = Callback::from(move |e: MouseEvent| {
                            if let Some(c) = cause { e.prevent_default(); open_cause.emit(c); }
                        });
                        html! { <li><a href={format!("#{}", cause_id(&c.slug))} {onclick}>{ c.title.clone() }</a></li> }
                    }) }
                </ol>
            </nav>
            <ol class="fw-causes">{ for shown.iter().map(|c| cause_section(&g, c, open.contains(&c.slug), on_toggle.clone())) }</ol>
            { prevention(&g) }
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
