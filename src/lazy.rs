//! The status and guide views, and the form's later parts (`crate::filing::later`: placement,
//! review, sending), are not in the first load. In the release build (`cargo xtask build`, feature
//! `split`) their code is cut out of the main WebAssembly module into chunks of their own
//! (`wasm_split_helpers`), each fetched the first time it is needed, or earlier: [`preload_all`]
//! fetches all three once the widget is idle after start, so they still work when the network
//! drops later. Without the feature (tests, `cargo build`) everything is in the one module:
//! [`LazyView`] shows a view after one render, and the form's parts are there at once.
//!
//! A chunk's entry point hands back a plain `fn` that renders its view. The function pointer is
//! kept, so after the first load a view renders synchronously like any other component.

use std::cell::Cell;

use filing_core::reason::Cause;
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::components::load_state::{load_state, LoadFailed};
use crate::filing::later::form_parts;
use crate::i18n::{t, Locale};
use crate::nav::View;

/// What a split-off view is shown with.
#[derive(Properties, PartialEq, Clone)]
pub struct LazyViewProps {
    /// [`View::Status`] or [`View::Guide`]; the form is always in the main module.
    pub view: View,
    /// For the status view: a serial to look up as soon as it opens.
    #[prop_or_default]
    pub serial: Option<AttrValue>,
    /// For the guide: a cause to open at.
    #[prop_or_default]
    pub cause: Option<Cause>,
}

type Render = fn(&LazyViewProps) -> Html;

fn render_status(p: &LazyViewProps) -> Html {
    html! { <crate::status::status_view::StatusView serial={p.serial.clone()} /> }
}

fn render_guide(p: &LazyViewProps) -> Html {
    html! { <crate::guide::guide_view::GuideView cause={p.cause} /> }
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(status, fallible))]
fn load_status() -> Result<Render, LoadFailed> {
    Ok(render_status)
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(guide, fallible))]
fn load_guide() -> Result<Render, LoadFailed> {
    Ok(render_guide)
}

/// Fetches the guide's text for `l` in the background (it is data beside the widget, so the
/// guide and the diagnosis work offline later). In the guide's chunk, with the code that reads it.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(guide, fallible))]
fn prefetch_guide_text(l: Locale) -> Result<(), LoadFailed> {
    crate::guide::guide_view::prefetch(l);
    Ok(())
}

thread_local! {
    /// The renderers loaded so far: status, guide.
    static LOADED: [Cell<Option<Render>>; 2] = const { [Cell::new(None), Cell::new(None)] };
}

fn slot(view: View) -> usize {
    usize::from(view == View::Guide)
}

fn loaded(view: View) -> Option<Render> {
    LOADED.with(|l| l[slot(view)].get())
}

/// Loads a view's chunk (at once when it is already in memory).
async fn load(view: View) -> Result<Render, LoadFailed> {
    if let Some(render) = loaded(view) {
        return Ok(render);
    }
    #[cfg(feature = "split")]
    let render = match view {
        View::Guide => load_guide().await,
        _ => load_status().await,
    }?;
    #[cfg(not(feature = "split"))]
    let render = match view {
        View::Guide => load_guide(),
        _ => load_status(),
    }?;
    LOADED.with(|l| l[slot(view)].set(Some(render)));
    Ok(render)
}

/// Fetches the chunks that are not loaded yet, the form's first (the merchant is on it), and
/// the guide's text in `l`; a failure is left for the part to report (and retry) when shown.
pub fn preload_all(l: Locale) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = form_parts().await;
        for view in [View::Status, View::Guide] {
            let _ = load(view).await;
        }
        #[cfg(feature = "split")]
        let _ = prefetch_guide_text(l).await;
        #[cfg(not(feature = "split"))]
        let _ = prefetch_guide_text(l);
    });
}

/// A split-off view: rendered at once when its chunk is loaded; until then the view's title and
/// a loading line (or, when loading failed, the reason and a retry button).
#[component]
pub fn LazyView(props: &LazyViewProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    let update = use_force_update();
    let view = props.view;
    {
        let failed = failed.clone();
        use_effect_with((view, *attempt), move |&(view, _)| {
            if loaded(view).is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match load(view).await {
                        Ok(_) => update.force_update(),
                        Err(LoadFailed) => failed.set(true),
                    }
                });
            }
        });
    }
    if let Some(render) = loaded(view) {
        return render(props);
    }
    let on_reload = {
        let (attempt, failed) = (attempt.clone(), failed.clone());
        Callback::from(move |()| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })
    };
    html! {
        <section class="fw-view">
            <h2 id={format!("fw-view-title-{}", view.name())} tabindex="-1">{ t(l, view.title()) }</h2>
            { load_state(l, Some(*failed), &on_reload) }
        </section>
    }
}
