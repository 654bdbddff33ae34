//! Browser component tests of mount mode: a bad config names its bad key on screen and in the
//! returned error (never a panic); a good one renders with the host's theme and events.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod support;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

use support::host as element;

fn config(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn a_bad_config_names_the_bad_key() {
    for (json, key) in [
        (r#"{"locale": 5}"#, "config.locale"),
        (r#"{"locale": "fr"}"#, "config.locale"),
        (r#"{"view": "home"}"#, "config.view"),
        (r#"{"apiBse": "/api/v1"}"#, "config.apiBse"),
        (r#"{"theme": {"color": "red"}}"#, "config.theme.color"),
        (r#"{"tokenProvider": "abc"}"#, "config.tokenProvider"),
        (r#"{"serial": "坏"}"#, "config.serial"),
        (
            r#"{"support": {"chatUrl": "javascript:alert(1)"}}"#,
            "config.support.chatUrl",
        ),
        (
            r#"{"support": {"hotline": "call us"}}"#,
            "config.support.hotline",
        ),
        (r#"{"support": {"hours": 9}}"#, "config.support.hours"),
        ("42", "config must be an object"),
    ] {
        let el = element();
        let err = filing_widget::mount(el.clone(), config(json)).expect_err(json);
        let message = err.as_string().unwrap();
        assert!(message.contains(key), "{json}: {message}");
        assert_eq!(el.text_content().unwrap(), message, "shown on screen");
        assert_eq!(el.get_attribute("role").as_deref(), Some("alert"));
        el.remove();
    }
    // An unknown key is told the keys there are.
    let err = filing_widget::mount(element(), config(r#"{"apiBse": "/api/v1"}"#)).unwrap_err();
    assert_eq!(
        err.as_string().unwrap(),
        "filing-widget: config.apiBse: unknown key; the keys are apiBase, token, tokenProvider, \
         locale, view, serial, assetBase, themeName, theme, support"
    );
}

#[wasm_bindgen_test]
async fn a_good_config_renders_with_the_theme_and_tells_the_host() {
    let el = element();
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let record = {
        let seen = seen.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            seen.borrow_mut().push(e.type_())
        })
    };
    el.add_event_listener_with_callback("filing-widget:ready", record.as_ref().unchecked_ref())
        .unwrap();
    let cfg = config(
        r##"{"apiBase": "/no-api-in-component-tests", "locale": "en", "view": "guide",
            "themeName": "ocean", "theme": {"--fw-color-primary": "#0a58ca"}}"##,
    );
    filing_widget::mount(el.clone(), cfg).expect("mounted");
    yew::scheduler::flush().await;
    let root: web_sys::HtmlElement = el
        .query_selector(".fw")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(root.class_list().contains("fw-theme-ocean"));
    assert_eq!(
        root.style()
            .get_property_value("--fw-color-primary")
            .unwrap(),
        "#0a58ca"
    );
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert!(el
        .query_selector("#fw-nav-guide[aria-current=page]")
        .unwrap()
        .is_some());
    assert_eq!(seen.borrow().as_slice(), ["filing-widget:ready"]);
    el.remove();
}

/// Only the config's own properties count: a value polluting `Object.prototype`, or inherited from
/// a prototype, is not the host's; a getter is not run.
#[wasm_bindgen_test]
async fn the_config_is_read_from_its_own_properties_only() {
    let proto = js_sys::Object::get_prototype_of(&js_sys::Object::new());
    js_sys::Reflect::set(&proto, &"view".into(), &"guide".into()).unwrap();
    let polluted = config(r#"{"apiBase": "/no-api-in-component-tests"}"#);
    let parent: js_sys::Object = config(r#"{"view": "status"}"#).unchecked_into();
    let inherited: js_sys::Object = js_sys::Object::create(&parent);
    let getter: js_sys::Object =
        config(r#"{"apiBase": "/no-api-in-component-tests"}"#).unchecked_into();
    let ran = js_sys::Function::new_no_args("window.__getterRan = true; return 'guide';");
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"get".into(), &ran).unwrap();
    js_sys::Reflect::set(&descriptor, &"enumerable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&getter, &"view".into(), &descriptor);
    let mut results = vec![];
    for cfg in [polluted, inherited.into(), getter.into()] {
        let el = element();
        let mounted = filing_widget::mount(el.clone(), cfg);
        yew::scheduler::flush().await;
        results.push((
            mounted.is_ok(),
            el.query_selector("#fw-nav-file[aria-current=page]")
                .unwrap()
                .is_some(),
        ));
        el.remove();
    }
    js_sys::Reflect::delete_property(&proto, &"view".into()).unwrap();
    assert_eq!(
        results,
        [(true, true); 3],
        "each opened on the default view"
    );
    let window = web_sys::window().unwrap();
    assert!(js_sys::Reflect::get(&window, &"__getterRan".into())
        .unwrap()
        .is_undefined());
}
