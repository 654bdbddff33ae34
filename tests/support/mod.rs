//! What every browser component test file shares (`#[allow(dead_code)] mod support;`): a place to
//! mount into, events as the browser sends them, and reads of what a merchant sees.

use filing_core::Field;
use filing_widget::components::text_field::{error_id, field_id};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::html::BaseComponent;
use yew::AppHandle;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh element to mount into (never the runner's `#output`).
pub fn host() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// A component mounted by [`mount`]; dropping it unmounts the app (its timers and listeners go
/// with it, so nothing of one test runs on into the next) and removes its element.
pub struct Mounted<C: BaseComponent> {
    pub root: Element,
    app: Option<AppHandle<C>>,
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// Mounts `C` into a fresh element and lets it render, including what it renders in the next
/// task (`use_next_task`).
pub async fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let root = host();
    let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    sleep_ms(0).await;
    yew::scheduler::flush().await;
    Mounted {
        root,
        app: Some(app),
    }
}

/// A plain event (`blur` does not bubble, everything else here does).
pub fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(kind != "blur");
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// An `input` event as the browser sends it for typing (`composing`: while an IME composes).
pub fn fire_input(el: &Element, composing: bool) {
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_is_composing(composing);
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Types `text` into an input outside any composition.
pub fn type_text(el: &HtmlInputElement, text: &str) {
    el.set_value(text);
    fire_input(el, false);
}

/// A composition event as Chrome sends it while a pinyin IME composes.
pub fn compose(el: &Element, kind: &str, data: &str) {
    let init = web_sys::CompositionEventInit::new();
    init.set_bubbles(true);
    init.set_data(data);
    let ev = web_sys::CompositionEvent::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// The IME puts `text` in the input and announces it as composition text.
pub fn composition_text(el: &HtmlInputElement, text: &str) {
    compose(el, "compositionupdate", text);
    el.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_is_composing(true);
    init.set_input_type("insertCompositionText");
    init.set_data(Some(text));
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Counts script writes to the element's `value` (the test's and the widget's alike); the
/// returned function reads the count.
pub fn count_value_writes(el: &HtmlInputElement) -> impl Fn() -> u32 {
    let install = js_sys::Function::new_with_args(
        "el",
        "const d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
         el.__writes = 0;
         Object.defineProperty(el, 'value', {
           configurable: true,
           get() { return d.get.call(this); },
           set(v) { el.__writes++; d.set.call(this, v); },
         });",
    );
    install.call1(&JsValue::NULL, el).unwrap();
    let el = el.clone();
    move || {
        js_sys::Reflect::get(&el, &"__writes".into())
            .unwrap()
            .as_f64()
            .unwrap() as u32
    }
}

/// Real time passing (debounces and timers run); everything else waits on `flush()`.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Waits until `done` holds (rendering in between), for up to 5 s: for what happens after a
/// timer, such as the draft's autosave, on a machine that may be busy.
pub async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..100 {
        yew::scheduler::flush().await;
        if done() {
            return;
        }
        sleep_ms(50).await;
    }
    panic!("{what} did not happen within 5 s");
}

pub fn input(root: &Element, field: Field) -> HtmlInputElement {
    root.query_selector(&format!("#{}", field_id(field)))
        .unwrap()
        .expect("the field is rendered")
        .dyn_into()
        .unwrap()
}

/// The error text shown under a field, if any.
pub fn error_shown(root: &Element, field: Field) -> Option<String> {
    root.query_selector(&format!("#{}", error_id(field)))
        .unwrap()
        .and_then(|e| e.text_content())
}

pub fn element(root: &Element, css: &str) -> Element {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
}

pub fn text(root: &Element, css: &str) -> String {
    element(root, css).text_content().unwrap_or_default()
}

pub fn click(root: &Element, css: &str) {
    element(root, css)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// Navigation that goes nowhere, for a view rendered without the shell.
pub fn nowhere() -> filing_widget::nav::AppNav {
    use yew::Callback;
    filing_widget::nav::AppNav {
        go: Callback::noop(),
        status_of: Callback::noop(),
        file: Callback::noop(),
        guide: Callback::noop(),
    }
}

/// What the shell gives its views (`filing_widget::shared`), for a view rendered on its own:
/// a client of an API base that no test reaches, with `token`.
pub fn shared(
    locale: filing_widget::i18n::Locale,
    token: Option<&str>,
    nav: filing_widget::nav::AppNav,
    support: Option<filing_widget::config::SupportChannel>,
) -> std::rc::Rc<filing_widget::shared::Shared> {
    std::rc::Rc::new(filing_widget::shared::Shared {
        locale,
        client: filing_widget::api::ApiClient::new("/no-api-in-component-tests", token),
        nav,
        support,
    })
}
