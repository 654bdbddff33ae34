//! Browser component tests of the shell's building blocks (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod support;

use filing_core::Field;
use filing_widget::components::connection_banner::{connection_banner, Connection};
use filing_widget::components::text_field::field_id;
use filing_widget::i18n::Locale;
use filing_widget::status::status_view::StatusView;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct BannerHostProps {
    state: Connection,
    locale: Locale,
}

#[component]
fn BannerHost(props: &BannerHostProps) -> Html {
    connection_banner(props.locale, &props.state, &Callback::noop())
}

#[wasm_bindgen_test]
async fn banner_names_each_connection_state_in_a_live_region() {
    let cases = [
        (
            Connection::Online,
            Locale::ZhCn,
            "ok",
            "报备服务连接正常",
            false,
        ),
        (
            Connection::Unreachable,
            Locale::ZhCn,
            "down",
            "无法连接报备服务",
            true,
        ),
        (
            Connection::Offline,
            Locale::En,
            "offline",
            "Your phone is offline",
            true,
        ),
        (
            Connection::Maintenance {
                until: Some("2026-11-25T22:00:00Z".into()),
            },
            Locale::En,
            "maintenance",
            "Expected back at",
            false,
        ),
        (
            Connection::Degraded,
            Locale::ZhCn,
            "degraded",
            "暂时无法保存",
            true,
        ),
    ];
    for (state, locale, kind, text, retry) in cases {
        let root = host();
        yew::Renderer::<BannerHost>::with_root_and_props(
            root.clone(),
            BannerHostProps { state, locale },
        )
        .render();
        yew::scheduler::flush().await;
        let banner = root.query_selector("#fw-connection").unwrap().unwrap();
        assert_eq!(banner.get_attribute("role").as_deref(), Some("status"));
        assert_eq!(banner.get_attribute("data-state").as_deref(), Some(kind));
        let content = banner.text_content().unwrap();
        assert!(content.contains(text), "{kind}: {content}");
        assert_eq!(
            root.query_selector("button").unwrap().is_some(),
            retry,
            "{kind}"
        );
        root.remove();
    }
}

#[component]
fn StatusHost() -> Html {
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(Locale::ZhCn, None, nowhere(), None)}>
            <StatusView />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

#[wasm_bindgen_test]
async fn serial_error_appears_after_blur_not_while_typing() {
    let root = host();
    yew::Renderer::<StatusHost>::with_root_and_props(root.clone(), ()).render();
    yew::scheduler::flush().await;
    let input: HtmlInputElement = root
        .query_selector(&format!("#{}", field_id(Field::SerialNumber)))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();

    input.set_value("SN_1");
    fire(&input, "input");
    yew::scheduler::flush().await;
    assert!(
        root.query_selector(".fw-error").unwrap().is_none(),
        "no error while typing"
    );
    assert_eq!(input.get_attribute("aria-invalid"), None);

    fire(&input, "blur");
    yew::scheduler::flush().await;
    let error = root
        .query_selector(".fw-error")
        .unwrap()
        .expect("error after blur");
    assert!(error.text_content().unwrap().contains("只含字母、数字"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let describedby = input.get_attribute("aria-describedby").unwrap();
    assert!(
        describedby.split(' ').any(|id| id == error.id()),
        "{describedby}"
    );

    // Normalised on blur: full-width and lower case become the canonical serial.
    input.set_value("ｐｏｓ－９");
    fire(&input, "input");
    fire(&input, "blur");
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "POS-9");
    assert!(root.query_selector(".fw-error").unwrap().is_none());
    root.remove();
}

#[derive(Properties, PartialEq)]
struct LazyHostProps {
    view: filing_widget::nav::View,
}

#[component]
fn LazyHost(props: &LazyHostProps) -> Html {
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(Locale::ZhCn, None, nowhere(), None)}>
            <filing_widget::lazy::LazyView view={props.view} serial={Some(AttrValue::from("SN-LAZY-01"))} />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

/// Without the split (this build), a split-off view still goes through its loader: it renders
/// the real view, with what it was given, once the loader answers.
#[wasm_bindgen_test]
async fn a_split_off_view_renders_the_view_itself_with_its_props() {
    let root = host();
    yew::Renderer::<LazyHost>::with_root_and_props(
        root.clone(),
        LazyHostProps {
            view: filing_widget::nav::View::Status,
        },
    )
    .render();
    for _ in 0..20 {
        yew::scheduler::flush().await;
        if root.query_selector("form").ok().flatten().is_some() {
            break;
        }
        sleep_ms(10).await;
    }
    assert_eq!(text(&root, "#fw-view-title-status"), "查询状态");
    let serial: HtmlInputElement = element(&root, &format!("#{}", field_id(Field::SerialNumber)))
        .dyn_into()
        .unwrap();
    assert_eq!(serial.value(), "SN-LAZY-01");
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "no load failure is shown"
    );
}

thread_local! {
    /// Each render's `recheck`, in order.
    static RECHECKS: std::cell::RefCell<Vec<Callback<()>>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[component]
fn RecheckProbe() -> Html {
    let client = filing_widget::api::ApiClient::new("/no-api-in-component-tests", None);
    let connection = filing_widget::components::connection_banner::use_connection(client, false);
    let renders = use_state(|| 0u32);
    RECHECKS.with(|r| r.borrow_mut().push(connection.recheck.clone()));
    {
        let renders = renders.clone();
        use_effect(move || {
            if *renders < 3 {
                renders.set(*renders + 1);
            }
        });
    }
    let recheck = connection.recheck.clone();
    html! { <button id="probe-recheck" onclick={move |_| recheck.emit(())}>{ *renders }</button> }
}

/// The connection's `recheck` is one callback for the shell's life: the shell's navigation holds
/// it, and the navigation is part of the context every view reads, so a new callback each
/// render would render every view again on each of the shell's renders (every health check).
#[wasm_bindgen_test]
async fn the_connection_recheck_is_the_same_callback_on_every_render() {
    RECHECKS.with(|r| r.borrow_mut().clear());
    let probe = mount::<RecheckProbe>(()).await;
    until("three more renders", || {
        probe.root.text_content().as_deref() == Some("3")
    })
    .await;
    // Using it re-renders (a new check is due) and still hands back the same callback.
    click(&probe.root, "#probe-recheck");
    yew::scheduler::flush().await;
    let seen = RECHECKS.with(|r| r.borrow().clone());
    assert!(seen.len() >= 5, "renders seen: {}", seen.len());
    assert!(
        seen.iter().all(|c| *c == seen[0]),
        "a new recheck callback on a later render"
    );
}
