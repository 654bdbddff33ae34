//! Browser component tests of the filing form (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use filing_core::Field;
use filing_widget::api::ApiClient;
use filing_widget::app::{AppNav, View};
use filing_widget::components::text_field::{error_id, field_id};
use filing_widget::filing::filing_view::FilingView;
use filing_widget::i18n::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[component]
fn FormHost() -> Html {
    html! {
        <ContextProvider<Locale> context={Locale::ZhCn}>
        <ContextProvider<ApiClient> context={ApiClient::new("/no-api-in-component-tests", None)}>
        <ContextProvider<AppNav> context={AppNav { go: Callback::from(|_: View| ()), status_of: Callback::noop(), file: Callback::noop(), guide: Callback::noop() }}>
            <FilingView />
        </ContextProvider<AppNav>>
        </ContextProvider<ApiClient>>
        </ContextProvider<Locale>>
    }
}

#[component]
fn CorrectionHost() -> Html {
    use filing_core::api::{FilingRecord, FilingStatus};
    use filing_core::reason::{Reason, ReasonCode};
    use filing_widget::app::FilingStart;
    let record = FilingRecord {
        id: "f_1".into(),
        status: FilingStatus::Rejected,
        version: 1,
        submission: filing_core::FilingInput {
            serial_number: "SB-OK-0001".into(),
            qr_code: "QR-BOUND-0001".into(),
            address: "漕溪北路 88 号".into(),
            ..Default::default()
        },
        reasons: vec![Reason {
            code: ReasonCode::QrCodeBoundElsewhere,
            field: Some(Field::QrCode),
            detail: None,
        }],
        reasons_version: Some(1),
        created_at: String::new(),
        updated_at: String::new(),
    };
    html! {
        <ContextProvider<Locale> context={Locale::ZhCn}>
        <ContextProvider<ApiClient> context={ApiClient::new("/no-api-in-component-tests", None)}>
        <ContextProvider<AppNav> context={AppNav { go: Callback::from(|_: View| ()), status_of: Callback::noop(), file: Callback::noop(), guide: Callback::noop() }}>
            <FilingView start={std::rc::Rc::new(FilingStart::Correct(record))} />
        </ContextProvider<AppNav>>
        </ContextProvider<ApiClient>>
        </ContextProvider<Locale>>
    }
}

#[wasm_bindgen_test]
async fn a_correction_marks_the_rejected_field_with_its_reason_and_focuses_it() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<CorrectionHost>::with_root_and_props(root.clone(), ()).render();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    let qr = input(&root, Field::QrCode);
    assert_eq!(qr.value(), "QR-BOUND-0001", "prefilled as submitted");
    assert_eq!(input(&root, Field::Address).value(), "漕溪北路 88 号");
    assert_eq!(qr.get_attribute("aria-invalid").as_deref(), Some("true"));
    let text = error_shown(&root, Field::QrCode).expect("the reason beside the field");
    assert!(text.contains("已绑定其他商户"), "{text}");
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("id")),
        Some(field_id(Field::QrCode)),
        "focused first"
    );
    assert!(error_shown(&root, Field::Address).is_none());
    // Editing the field deals with the reason.
    qr.set_value("QR-FREE-0001");
    fire(&qr, "input");
    yew::scheduler::flush().await;
    assert!(error_shown(&root, Field::QrCode).is_none());
    root.remove();
}

/// Mounts a fresh form (no saved draft) into an element the test owns.
async fn mount() -> Element {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<FormHost>::with_root_and_props(root.clone(), ()).render();
    yew::scheduler::flush().await;
    root
}

fn input(root: &Element, field: Field) -> HtmlInputElement {
    root.query_selector(&format!("#{}", field_id(field)))
        .unwrap()
        .expect("the field is rendered")
        .dyn_into()
        .unwrap()
}

fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(kind != "blur");
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn error_shown(root: &Element, field: Field) -> Option<String> {
    root.query_selector(&format!("#{}", error_id(field)))
        .unwrap()
        .and_then(|e| e.text_content())
}

#[wasm_bindgen_test]
async fn errors_appear_after_blur_not_while_typing() {
    let root = mount().await;
    let serial = input(&root, Field::SerialNumber);
    serial.set_value("SN_1");
    fire(&serial, "input");
    yew::scheduler::flush().await;
    assert_eq!(
        error_shown(&root, Field::SerialNumber),
        None,
        "no error while typing"
    );
    assert_eq!(serial.get_attribute("aria-invalid"), None);

    fire(&serial, "blur");
    yew::scheduler::flush().await;
    let text = error_shown(&root, Field::SerialNumber).expect("error after blur");
    assert!(text.contains("只含字母、数字"), "{text}");
    assert_eq!(
        serial.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let describedby = serial.get_attribute("aria-describedby").unwrap();
    assert!(
        describedby
            .split(' ')
            .any(|id| id == error_id(Field::SerialNumber)),
        "{describedby}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_composition_session_is_left_alone_until_it_ends() {
    let root = mount().await;
    let serial = input(&root, Field::SerialNumber);
    serial.focus().unwrap();
    fire(&serial, "compositionstart");
    // Intermediate pinyin text, invalid as a serial: not reported, not rewritten, not judged.
    serial.set_value("sb ok_");
    fire(&serial, "input");
    fire(&serial, "blur");
    yew::scheduler::flush().await;
    assert_eq!(
        serial.value(),
        "sb ok_",
        "the input is not rewritten during composition"
    );
    assert_eq!(
        error_shown(&root, Field::SerialNumber),
        None,
        "no error during composition"
    );

    serial.set_value("ｓｂ－ｏｋ－０００１");
    fire(&serial, "compositionend");
    fire(&serial, "blur");
    yew::scheduler::flush().await;
    assert_eq!(
        serial.value(),
        "SB-OK-0001",
        "normalised once the composition ended"
    );
    assert_eq!(error_shown(&root, Field::SerialNumber), None);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_failed_step_shows_a_focused_summary_linking_to_the_fields() {
    let root = mount().await;
    let next: HtmlElement = root
        .query_selector("#fw-next")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    next.click();
    yew::scheduler::flush().await;
    let summary = root
        .query_selector("#fw-error-summary")
        .unwrap()
        .expect("summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    let active = document().active_element().expect("focus moved");
    assert_eq!(active.id(), "fw-error-summary");
    let links = summary.query_selector_all("a").unwrap();
    assert!(
        links.length() >= 4,
        "device type, serial, manufacturer, model, licence"
    );
    let first = links.item(0).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        first.get_attribute("href").as_deref(),
        Some("#fw-field-device_type")
    );
    let device_type = root
        .query_selector("#fw-field-device_type")
        .unwrap()
        .unwrap();
    assert_eq!(
        device_type.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Phone keyboards: codes capitalised, the mobile number on the phone pad, never type=number.
    let serial = input(&root, Field::SerialNumber);
    assert_eq!(
        serial.get_attribute("autocapitalize").as_deref(),
        Some("characters")
    );
    assert_eq!(root.query_selector("input[type=number]").unwrap(), None);
    root.remove();
}
