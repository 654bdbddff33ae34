//! The app shell: header with title and locale switch, connection banner, navigation between
//! the three views, and a persistent link to the guide.

use std::rc::Rc;

use filing_core::reason::Cause;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::connection_banner::{connection_banner, use_connection};
use crate::components::locale_switch::locale_switch;
use crate::components::use_next_task::use_next_task;
use crate::components::view_nav::view_nav;
use crate::config::WidgetConfig;
use crate::filing::filing_view::FilingView;
use crate::host::{self, HostEvent};
use crate::i18n::{t, Locale, Text};
use crate::lazy::LazyView;
use crate::nav::{AppNav, FilingStart, View};
use crate::shared::Shared;

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

/// What the shell shows: one reducer, not six states (each state is its own copy of Yew's hook
/// code in the first load).
#[derive(Clone, PartialEq)]
struct Shell {
    locale: Locale,
    view: View,
    /// A terminal the status view looks up as it opens.
    serial: Option<AttrValue>,
    /// How the form opens when another view sent the merchant there.
    start: Option<Rc<FilingStart>>,
    /// A cause the guide opens at.
    cause: Option<Cause>,
    /// The token: from the config, or (iframe) posted by the parent window, the host page.
    token: Option<String>,
}

enum ShellAction {
    Locale(Locale),
    /// Plain navigation: forgets where a previous link pointed inside a view.
    Go(View),
    Status(AttrValue),
    File(Rc<FilingStart>),
    Guide(Option<Cause>),
    Token(String),
}

impl Reducible for Shell {
    type Action = ShellAction;

    fn reduce(self: Rc<Self>, action: ShellAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ShellAction::Locale(l) => next.locale = l,
            ShellAction::Go(view) => {
                next = Shell {
                    view,
                    serial: None,
                    start: None,
                    cause: None,
                    ..next
                }
            }
            ShellAction::Status(serial) => {
                next.view = View::Status;
                next.serial = Some(serial);
            }
            ShellAction::File(start) => {
                next.view = View::File;
                next.start = Some(start);
            }
            ShellAction::Guide(cause) => {
                next.view = View::Guide;
                next.cause = cause;
            }
            ShellAction::Token(t) => next.token = Some(t),
        }
        Rc::new(next)
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    let shell = use_reducer(|| Shell {
        locale: config.locale.or_else(saved_locale).unwrap_or_default(),
        view: config.initial_view,
        serial: config.serial.clone().map(AttrValue::from),
        start: None,
        cause: config.cause,
        token: config.token.clone(),
    });
    {
        let shell = shell.dispatcher();
        use_effect_with(config.host_origin.clone(), move |origin| {
            let listener = origin.clone().zip(web_sys::window()).map(|(origin, w)| {
                gloo_events::EventListener::new(&w, "message", move |e| {
                    let host = e
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|e| crate::host::token_from_host(e, &origin));
                    if let Some(t) = host {
                        shell.dispatch(ShellAction::Token(t));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let client = use_memo(
        (
            config.api_base.clone(),
            shell.token.clone(),
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
    use_effect_with(shell.locale, |l| {
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
        let shell = shell.dispatcher();
        Callback::from(move |next: Locale| {
            save_locale(next);
            shell.dispatch(ShellAction::Locale(next));
        })
    };
    // Every way to another view: the shell's state changes, the connection is checked again
    // (a merchant's next tap shows the current state) and the host learns the new view. Made
    // once: the navigation is part of the context every view reads, which must not change
    // from render to render.
    let nav = use_memo((), {
        let shell = shell.dispatcher();
        let recheck = connection.recheck.clone();
        move |_| {
            let show = move |action: ShellAction, view: View| {
                shell.dispatch(action);
                recheck.emit(());
                host::emit(HostEvent::ViewChanged, Some(view.name()));
            };
            AppNav {
                go: {
                    let show = show.clone();
                    Callback::from(move |next: View| show(ShellAction::Go(next), next))
                },
                status_of: {
                    let show = show.clone();
                    Callback::from(move |serial: String| {
                        show(ShellAction::Status(serial.into()), View::Status)
                    })
                },
                file: {
                    let show = show.clone();
                    Callback::from(move |start: FilingStart| {
                        show(ShellAction::File(Rc::new(start)), View::File)
                    })
                },
                guide: Callback::from(move |cause: Option<Cause>| {
                    show(ShellAction::Guide(cause), View::Guide)
                }),
            }
        }
    });
    let on_view = nav.go.clone();
    let on_help = {
        let on_view = on_view.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_view.emit(View::Guide);
        })
    };
    let l = shell.locale;
    let body = if !started {
        html! {}
    } else {
        match shell.view {
            View::File => html! { <FilingView start={shell.start.clone()} /> },
            View::Status => {
                html! { <LazyView view={View::Status} serial={shell.serial.clone()} /> }
            }
            View::Guide => html! { <LazyView view={View::Guide} cause={shell.cause} /> },
        }
    };
    let shared = Rc::new(Shared {
        locale: l,
        client: (*client).clone(),
        nav: (*nav).clone(),
        support: config.support.clone(),
    });
    html! {
        <ContextProvider<Rc<Shared>> context={shared}>
            <div class="fw" lang={l.tag()} ref={root}>
                <header class="fw-header">
                    <h1 class="fw-title">{ t(l, Text::AppTitle) }</h1>
                    { locale_switch(l, &on_locale) }
                </header>
                { connection_banner(l, &connection.state, &connection.recheck) }
                { view_nav(l, shell.view, &on_view) }
                <main class="fw-main" id="fw-main" aria-labelledby={format!("fw-view-title-{}", shell.view.name())}>
                    { body }
                </main>
                <footer class="fw-footer">
                    <a class="fw-help" href="?view=guide" onclick={on_help}>{ t(l, Text::HelpLink) }</a>
                </footer>
            </div>
        </ContextProvider<Rc<Shared>>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell() -> Rc<Shell> {
        Rc::new(Shell {
            locale: Locale::ZhCn,
            view: View::File,
            serial: None,
            start: None,
            cause: None,
            token: None,
        })
    }

    /// A link into a view opens it there; plain navigation afterwards opens every view afresh,
    /// so a serial looked up once is not looked up again when the merchant taps 查询状态.
    #[test]
    fn links_open_a_view_at_a_place_and_plain_navigation_forgets_it() {
        let s = shell().reduce(ShellAction::Status("SN1".into()));
        assert_eq!((s.view, s.serial.as_deref()), (View::Status, Some("SN1")));
        let s = s.reduce(ShellAction::Guide(Some(Cause::ALL[0])));
        assert_eq!((s.view, s.cause), (View::Guide, Some(Cause::ALL[0])));
        assert_eq!(
            s.serial.as_deref(),
            Some("SN1"),
            "a link changes only its own view's place"
        );
        let start = Rc::new(FilingStart::Prefill(Default::default()));
        let s = s.reduce(ShellAction::File(start.clone()));
        assert_eq!(s.view, View::File);
        assert!(s.start.as_ref().is_some_and(|s| Rc::ptr_eq(s, &start)));

        let s = s.reduce(ShellAction::Go(View::Status));
        assert_eq!(s.view, View::Status);
        assert_eq!((&s.serial, &s.start, s.cause), (&None, &None, None));
    }

    /// The locale and a token posted by the host change nothing else.
    #[test]
    fn the_locale_and_the_token_keep_the_view_and_its_place() {
        let s = shell().reduce(ShellAction::Status("SN1".into()));
        let s = s.reduce(ShellAction::Locale(Locale::En));
        let s = s.reduce(ShellAction::Token("t".into()));
        assert_eq!((s.locale, s.token.as_deref()), (Locale::En, Some("t")));
        assert_eq!((s.view, s.serial.as_deref()), (View::Status, Some("SN1")));
    }
}
