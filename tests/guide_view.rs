//! Browser component tests of the guide: the filter (Chinese and English queries, IME
//! composition) and deep links to a cause (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod support;

use filing_core::reason::Cause;
use filing_widget::guide::data::preload;
use filing_widget::guide::guide_view::GuideView;
use filing_widget::i18n::Locale;
use filing_widget::nav::{AppNav, View};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HostProps {
    locale: Locale,
    cause: Option<Cause>,
}

#[component]
fn GuideHost(props: &HostProps) -> Html {
    let nav = AppNav {
        go: Callback::from(|_: View| ()),
        status_of: Callback::noop(),
        file: Callback::noop(),
        guide: Callback::noop(),
    };
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(props.locale, None, nav, None)}>
            <GuideView cause={props.cause} />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

async fn mount(locale: Locale, cause: Option<Cause>) -> Element {
    preload(Locale::ZhCn, include_str!("../static/guide/zh-CN.txt"));
    preload(Locale::En, include_str!("../static/guide/en.txt"));
    let root = host();
    yew::Renderer::<GuideHost>::with_root_and_props(root.clone(), HostProps { locale, cause })
        .render();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    root
}

fn shown(root: &Element) -> Vec<String> {
    let list = root.query_selector_all(".fw-cause").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.id())
        .collect()
}

async fn type_query(root: &Element, text: &str) {
    let input: HtmlInputElement = root
        .query_selector("#fw-guide-filter")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    type_text(&input, text);
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn every_cause_is_listed_until_a_query_narrows_them() {
    let root = mount(Locale::ZhCn, None).await;
    assert_eq!(shown(&root).len(), Cause::ALL.len());
    type_query(&root, "终端未登记").await;
    let hits = shown(&root);
    assert!(
        hits.contains(&"cause-device-not-activated".to_owned()),
        "{hits:?}"
    );
    assert!(
        !hits.contains(&"cause-qr-code-bound-elsewhere".to_owned()),
        "{hits:?}"
    );
    type_query(&root, "97").await;
    assert!(shown(&root).contains(&"cause-filing-info-wrong".to_owned()));
    type_query(&root, "完全无关的话").await;
    assert!(shown(&root).is_empty());
    let count = root.query_selector("#fw-guide-count").unwrap().unwrap();
    assert!(count.text_content().unwrap().contains("没有找到"));
    root.remove();
}

#[wasm_bindgen_test]
async fn english_queries_and_pos_messages_work_in_english() {
    let root = mount(Locale::En, None).await;
    type_query(&root, "QR stand").await;
    assert_eq!(shown(&root), ["cause-qr-code-bound-elsewhere"]);
    type_query(&root, "sign in").await;
    assert!(shown(&root).contains(&"cause-device-not-activated".to_owned()));
    type_query(&root, "设备未报备").await;
    assert!(
        !shown(&root).is_empty(),
        "the Chinese POS message is found in English too"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_composition_does_not_filter_until_it_ends() {
    let root = mount(Locale::ZhCn, None).await;
    let input: HtmlInputElement = root
        .query_selector("#fw-guide-filter")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("ma'pai");
    fire_input(&input, true);
    yew::scheduler::flush().await;
    assert_eq!(
        shown(&root).len(),
        Cause::ALL.len(),
        "pinyin is not a query"
    );
    input.set_value("码牌");
    compose(&input, "compositionend", "码牌");
    yew::scheduler::flush().await;
    assert_eq!(shown(&root), ["cause-qr-code-bound-elsewhere"]);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_deep_link_focuses_its_cause() {
    let root = mount(Locale::ZhCn, Some(Cause::RulesChanged)).await;
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .map(|e| e.id());
    assert_eq!(active.as_deref(), Some("cause-rules-changed"));
    let section = root
        .query_selector("#cause-rules-changed")
        .unwrap()
        .unwrap();
    assert!(section.text_content().unwrap().contains("经纬度"));
    root.remove();
}

fn open_causes(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("details.fw-cause[open]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.id())
        .collect()
}

/// A short index, every cause collapsed but the one asked for (its picture loaded only then); a
/// filter opens what it finds; a title opens its cause.
#[wasm_bindgen_test]
async fn only_the_cause_asked_for_is_open_and_its_picture_loaded() {
    let root = mount(Locale::ZhCn, Some(Cause::DeviceNotActivated)).await;
    yew::scheduler::flush().await;
    assert_eq!(open_causes(&root), ["cause-device-not-activated"]);
    let index = root.query_selector_all(".fw-index li").unwrap().length();
    assert_eq!(index as usize, Cause::ALL.len());
    let images = root.query_selector_all(".fw-cause img").unwrap();
    assert_eq!(images.length(), 1, "only the open cause's picture");
    let src = images
        .item(0)
        .unwrap()
        .dyn_into::<Element>()
        .unwrap()
        .get_attribute("src")
        .unwrap();
    assert!(src.ends_with("sign-in.svg"), "{src}");
    // A collapsed cause keeps only its title.
    let network = root.query_selector("#cause-network").unwrap().unwrap();
    assert!(network.query_selector("ol").unwrap().is_none());

    let input: HtmlInputElement = root
        .query_selector("#fw-guide-filter")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    type_text(&input, "码牌");
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert_eq!(open_causes(&root), ["cause-qr-code-bound-elsewhere"]);

    // Tapping an index entry opens that cause alone.
    type_text(&input, "");
    yew::scheduler::flush().await;
    let link = root
        .query_selector(".fw-index a[href='#cause-network']")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    link.click();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert_eq!(open_causes(&root), ["cause-network"]);
    assert!(root.query_selector("#cause-network img").unwrap().is_some());
    root.remove();
}

/// The article's last part: how to keep it from happening, in both languages.
#[wasm_bindgen_test]
async fn the_guide_ends_with_how_to_prevent_it() {
    for (locale, want) in [(Locale::ZhCn, "注销"), (Locale::En, "deregister")] {
        let root = mount(locale, None).await;
        let section = root.query_selector(".fw-prevention").unwrap().unwrap();
        assert!(section.query_selector_all("li").unwrap().length() >= 5);
        assert!(section.text_content().unwrap().contains(want));
        root.remove();
    }
}
