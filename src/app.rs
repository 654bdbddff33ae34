//! The app shell: header with title and locale switch, connection banner, navigation between
//! the three views, and a persistent link to the guide.

use std::rc::Rc;

use filing_core::reason::Cause;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::connection_banner::{connection_banner, use_connection};
use crate::components::locale_switch::locale_switch;
use crate::components::support_report::Support;
use crate::components::use_next_task::use_next_task;
use crate::components::view_nav::view_nav;
use crate::config::WidgetConfig;
use crate::filing::filing_view::FilingView;
use crate::host::{self, HostEvent};
use crate::i18n::{t, Locale, Text};
use crate::lazy::LazyView;
use crate::nav::{AppNav, FilingStart, View};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: WidgetConfig,
}

const LOCALE_KEY: &str = "filing-widget.locale";

fn saved_locale() -> Option<Locale> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Locale::from_tag(&storage.get_item(LOCALE_KEY).ok()??)
}

fn save_locale(locale: Locale) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        // Storage can be full or disabled (private mode); the choice then lasts for this visit.
        let _ = storage.set_item(LOCALE_KEY, locale.tag());
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    let locale = use_state(|| config.locale.or_else(saved_locale).unwrap_or_default());
    let view = use_state(|| config.initial_view);
    let status_serial = use_state(|| config.serial.clone().map(AttrValue::from));
    let filing_start = use_state(|| None::<Rc<FilingStart>>);
    let guide_cause = use_state(|| config.cause);
    // The token: from the config, or (iframe) posted by the parent window, the host page.
    let token = use_state(|| config.token.clone());
    {
        let token = token.clone();
        use_effect_with(config.host_origin.clone(), move |origin| {
            let listener = origin.clone().zip(web_sys::window()).map(|(origin, w)| {
                gloo_events::EventListener::new(&w, "message", move |e| {
                    let host = e
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|e| crate::host::token_from_host(e, &origin));
                    if let Some(t) = host {
                        token.set(Some(t));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let client = use_memo(
        (
            config.api_base.clone(),
            (*token).clone(),
            config.token_provider.clone(),
        ),
        |(base, token, provider)| {
            ApiClient::new(base, token.as_deref()).with_provider(provider.clone())
        },
    );
    // The shell paints first; the view renders in the next task, so starting up is short
    // tasks on a slow phone instead of one long one; the first health check comes after both.
    let started = use_next_task();
    let connection = use_connection((*client).clone(), started);

    // The page's language follows the widget's. And the chunks and the guide's text are not in
    // the first load: fetch them once the widget is up, so every part works if the network
    // drops later (again for a new locale's text).
    use_effect_with(*locale, |l| {
        let l = *l;
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", l.tag());
        }
        let timer = gloo_timers::callback::Timeout::new(1_000, move || crate::lazy::preload_all(l));
        move || drop(timer)
    });

    // The host learns the widget is up, and its height whenever it changes (iframe sizing).
    let root = use_node_ref();
    {
        let root = root.clone();
        let theme = config.theme.clone();
        let theme_name = config.theme_name.clone();
        use_effect_with((), move |_| {
            let el = root.cast::<web_sys::HtmlElement>();
            if let Some(el) = &el {
                // Added here, before the first paint, not through `class={…}`: any class that
                // is not a literal makes Yew link its `Classes` (a hash set: indexmap and a
                // second copy of hashbrown beside std's) into the first load.
                if let Some(n) = &theme_name {
                    el.set_class_name(&format!("fw fw-theme-{n}"));
                }
                let style = el.style();
                for (k, v) in &theme {
                    // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
                    let _ = style.set_property(k, v);
                }
            }
            let last = std::rc::Rc::new(std::cell::Cell::new(0));
            let measured = el.clone();
            let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                let h = measured.as_ref().map_or(0, |e| e.offset_height());
                if h != last.get() {
                    last.set(h);
                    host::emit(HostEvent::HeightChanged, Some(&h.to_string()));
                }
            });
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, &el) {
                o.observe(el);
            }
            host::emit(HostEvent::Ready, None);
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(on_resize);
            }
        });
    }

    let on_locale = {
        let locale = locale.clone();
        Callback::from(move |next: Locale| {
            save_locale(next);
            locale.set(next);
        })
    };
    let show = {
        let view = view.clone();
        let recheck = connection.recheck.clone();
        Callback::from(move |next: View| {
            view.set(next);
            recheck.emit(());
            host::emit(HostEvent::ViewChanged, Some(next.name()));
        })
    };
    // Plain navigation forgets where a previous link pointed inside a view.
    let on_view = {
        let show = show.clone();
        let (filing_start, status_serial, guide_cause) = (
            filing_start.clone(),
            status_serial.clone(),
            guide_cause.clone(),
        );
        Callback::from(move |next: View| {
            filing_start.set(None);
            status_serial.set(None);
            guide_cause.set(None);
            show.emit(next);
        })
    };
    let nav = AppNav {
        go: on_view.clone(),
        status_of: {
            let show = show.clone();
            let status_serial = status_serial.clone();
            Callback::from(move |serial: String| {
                status_serial.set(Some(serial.into()));
                show.emit(View::Status);
            })
        },
        file: {
            let show = show.clone();
            let filing_start = filing_start.clone();
            Callback::from(move |start: FilingStart| {
                filing_start.set(Some(Rc::new(start)));
                show.emit(View::File);
            })
        },
        guide: {
            let show = show.clone();
            let guide_cause = guide_cause.clone();
            Callback::from(move |cause: Option<Cause>| {
                guide_cause.set(cause);
                show.emit(View::Guide);
            })
        },
    };
    let on_help = {
        let on_view = on_view.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_view.emit(View::Guide);
        })
    };
    let l = *locale;
    let body = if !started {
        html! {}
    } else {
        match *view {
            View::File => html! { <FilingView start={(*filing_start).clone()} /> },
            View::Status => {
                html! { <LazyView view={View::Status} serial={(*status_serial).clone()} /> }
            }
            View::Guide => html! { <LazyView view={View::Guide} cause={*guide_cause} /> },
        }
    };
    html! {
        <ContextProvider<Locale> context={l}>
        <ContextProvider<ApiClient> context={(*client).clone()}>
        <ContextProvider<AppNav> context={nav}>
        <ContextProvider<Support> context={Support(config.support.clone())}>
            <div class="fw" lang={l.tag()} ref={root}>
                <header class="fw-header">
                    <h1 class="fw-title">{ t(l, Text::AppTitle) }</h1>
                    { locale_switch(l, &on_locale) }
                </header>
                { connection_banner(l, &connection.state, &connection.recheck) }
                { view_nav(l, *view, &on_view) }
                <main class="fw-main" id="fw-main" aria-labelledby={format!("fw-view-title-{}", view.name())}>
                    { body }
                </main>
                <footer class="fw-footer">
                    <a class="fw-help" href="?view=guide" onclick={on_help}>{ t(l, Text::HelpLink) }</a>
                </footer>
            </div>
        </ContextProvider<Support>>
        </ContextProvider<AppNav>>
        </ContextProvider<ApiClient>>
        </ContextProvider<Locale>>
    }
}
