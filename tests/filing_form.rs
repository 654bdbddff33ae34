//! Browser component tests of the filing form (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod support;

use filing_core::Field;
use filing_widget::components::text_field::{error_id, field_id};
use filing_widget::filing::filing_view::FilingView;
use filing_widget::i18n::Locale;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn FormHost() -> Html {
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(Locale::ZhCn, None, nowhere(), None)}>
            <FilingView />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

#[component]
fn CorrectionHost() -> Html {
    use filing_core::api::{FilingRecord, FilingStatus};
    use filing_core::reason::{Reason, ReasonCode};
    use filing_widget::nav::FilingStart;
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
        deregistered: None,
        change: None,
    };
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(Locale::ZhCn, None, nowhere(), None)}>
            <FilingView start={std::rc::Rc::new(FilingStart::Correct(record))} />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

#[wasm_bindgen_test]
async fn a_correction_marks_the_rejected_field_with_its_reason_and_focuses_it() {
    storage().clear().unwrap();
    let m = mount::<CorrectionHost>(()).await;
    let root = &m.root;
    yew::scheduler::flush().await;
    let qr = input(root, Field::QrCode);
    assert_eq!(qr.value(), "QR-BOUND-0001", "prefilled as submitted");
    assert_eq!(input(root, Field::Address).value(), "漕溪北路 88 号");
    assert_eq!(qr.get_attribute("aria-invalid").as_deref(), Some("true"));
    let text = error_shown(root, Field::QrCode).expect("the reason beside the field");
    assert!(text.contains("已绑定其他商户"), "{text}");
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("id")),
        Some(field_id(Field::QrCode)),
        "focused first"
    );
    assert!(error_shown(root, Field::Address).is_none());
    // Editing the field deals with the reason.
    type_text(&qr, "QR-FREE-0001");
    yew::scheduler::flush().await;
    assert!(error_shown(root, Field::QrCode).is_none());
}

/// The view's hooks run in one task of the browser's and the view renders in the next (two
/// short tasks on a slow phone instead of one long one): in between nothing of it is on screen,
/// so there is never a frame of half a form, nor a button without its fields.
#[wasm_bindgen_test]
async fn the_view_renders_whole_in_the_task_after_its_hooks_first_ran() {
    storage().clear().unwrap();
    let root = host();
    let app = yew::Renderer::<FormHost>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(root.inner_html(), "", "nothing of the view yet");
    sleep_ms(0).await;
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "#fw-step-title"), "设备信息");
    assert!(root.query_selector("#fw-next").unwrap().is_some());
    assert_eq!(input(&root, Field::SerialNumber).value(), "");
    app.destroy();
    root.remove();
}

/// A fresh form (no saved draft).
async fn form() -> Mounted<FormHost> {
    storage().clear().unwrap();
    mount::<FormHost>(()).await
}

#[wasm_bindgen_test]
async fn errors_appear_after_blur_not_while_typing() {
    let m = form().await;
    let root = &m.root;
    let serial = input(root, Field::SerialNumber);
    type_text(&serial, "SN_1");
    yew::scheduler::flush().await;
    assert_eq!(
        error_shown(root, Field::SerialNumber),
        None,
        "no error while typing"
    );
    assert_eq!(serial.get_attribute("aria-invalid"), None);

    fire(&serial, "blur");
    yew::scheduler::flush().await;
    let text = error_shown(root, Field::SerialNumber).expect("error after blur");
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
}

#[wasm_bindgen_test]
async fn a_composition_session_is_left_alone_until_it_ends() {
    let m = form().await;
    let root = &m.root;
    let serial = input(root, Field::SerialNumber);
    serial.focus().unwrap();
    compose(&serial, "compositionstart", "");
    // Intermediate pinyin text, invalid as a serial: not reported, not rewritten, not judged.
    composition_text(&serial, "sb ok_");
    yew::scheduler::flush().await;
    assert_eq!(
        serial.value(),
        "sb ok_",
        "the input is not rewritten during composition"
    );
    assert_eq!(
        error_shown(root, Field::SerialNumber),
        None,
        "no error during composition"
    );

    composition_text(&serial, "ｓｂ－ｏｋ－０００１");
    compose(&serial, "compositionend", "ｓｂ－ｏｋ－０００１");
    fire(&serial, "blur");
    yew::scheduler::flush().await;
    assert_eq!(
        serial.value(),
        "SB-OK-0001",
        "normalised once the composition ended"
    );
    assert_eq!(error_shown(root, Field::SerialNumber), None);
}

/// Should a keyboard never end its composition, leaving the field still takes what it holds.
#[wasm_bindgen_test]
async fn leaving_a_field_mid_composition_keeps_what_it_holds() {
    let m = form().await;
    let root = &m.root;
    let tusn = input(root, Field::Tusn);
    tusn.focus().unwrap();
    compose(&tusn, "compositionstart", "");
    composition_text(&tusn, "ｔｕｓｎ－１");
    fire(&tusn, "blur");
    yew::scheduler::flush().await;
    assert_eq!(tusn.value(), "TUSN-1", "taken and normalised at blur");
}

#[wasm_bindgen_test]
async fn a_failed_step_shows_a_focused_summary_linking_to_the_fields() {
    let m = form().await;
    let root = &m.root;
    click(root, "#fw-next");
    yew::scheduler::flush().await;
    let summary = element(root, "#fw-error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    let active = document().active_element().expect("focus moved");
    assert_eq!(active.id(), "fw-error-summary");
    let links = summary.query_selector_all("a").unwrap();
    assert_eq!(
        links.length(),
        5,
        "device type, serial, manufacturer, model, licence"
    );
    let first = links.item(0).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        first.get_attribute("href").as_deref(),
        Some("#fw-field-device_type")
    );
    let device_type = element(root, "#fw-field-device_type");
    assert_eq!(
        device_type.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Phone keyboards: codes capitalised, the mobile number on the phone pad, never type=number.
    let serial = input(root, Field::SerialNumber);
    assert_eq!(
        serial.get_attribute("autocapitalize").as_deref(),
        Some("characters")
    );
    assert_eq!(root.query_selector("input[type=number]").unwrap(), None);
}

/// The whole form under a locale the test can switch, to force a re-render of everything.
#[component]
fn SwitchableHost() -> Html {
    let locale = use_state(|| Locale::ZhCn);
    let flip = {
        let locale = locale.clone();
        Callback::from(move |_| locale.set(locale.other()))
    };
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={shared(*locale, None, nowhere(), None)}>
            <button id="flip-locale" onclick={flip}>{ "flip" }</button>
            <FilingView />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

/// Regression: a re-render while a pinyin IME composed (the autosave's "saved" line, a locale
/// switch) wrote the last committed text ("") into the input, which cancels the composition on
/// a phone. Now nothing writes the input, its caret or its attributes until the composition ends.
#[wasm_bindgen_test]
async fn a_re_render_mid_composition_leaves_the_input_alone() {
    storage().clear().unwrap();
    // The merchant step of a draft, so the name field is on screen.
    storage()
        .set_item(
            "filing-widget.draft.v1",
            r#"{"draft":{"device_type":"04"},"step":"merchant","idempotency_key":"k1","saved_at":1}"#,
        )
        .unwrap();
    let m = mount::<SwitchableHost>(()).await;
    let root = &m.root;
    yew::scheduler::flush().await;

    // Type the credit code and leave it: the autosave is due 400 ms later.
    let code = input(root, Field::CreditCode);
    type_text(&code, "91350100M000100Y43");
    fire(&code, "blur");
    yew::scheduler::flush().await;

    let name = input(root, Field::MerchantName);
    let writes = count_value_writes(&name);
    let attrs = |el: &web_sys::HtmlInputElement| {
        [
            "aria-invalid",
            "aria-describedby",
            "inputmode",
            "autocomplete",
            "maxlength",
        ]
        .map(|a| el.get_attribute(a))
    };
    name.focus().unwrap();
    compose(&name, "compositionstart", "");
    composition_text(&name, "shang");
    name.set_selection_range(5, 5).unwrap();
    let before = attrs(&name);

    // The autosave fires and shows its line; then the whole form switches language.
    until("the autosave re-rendering the form", || {
        text(root, ".fw-draft").contains("草稿已自动保存")
    })
    .await;
    click(root, "#flip-locale");
    yew::scheduler::flush().await;
    let label = format!("label[for={}]", field_id(Field::MerchantName));
    assert!(
        text(root, &label).contains("Merchant name"),
        "the form re-rendered in English"
    );

    assert_eq!(name.value(), "shang", "the composition is untouched");
    assert_eq!(name.selection_start().unwrap(), Some(5), "so is the caret");
    assert_eq!(attrs(&name), before, "and the attributes");
    assert_eq!(writes(), 1, "only the IME's own write to the value");

    // The IME commits; the state catches up, and later renders keep the committed text.
    composition_text(&name, "上海示例");
    compose(&name, "compositionend", "上海示例");
    yew::scheduler::flush().await;
    click(root, "#flip-locale");
    yew::scheduler::flush().await;
    assert_eq!(name.value(), "上海示例");
    assert_eq!(writes(), 2, "nothing but the IME wrote the value");
    fire(&name, "blur");
    until("the committed text saved", || {
        storage()
            .get_item("filing-widget.draft.v1")
            .unwrap()
            .is_some_and(|d| d.contains("上海示例"))
    })
    .await;
    let draft = storage()
        .get_item("filing-widget.draft.v1")
        .unwrap()
        .unwrap();
    assert!(
        draft.contains("上海示例"),
        "the committed text is in the draft: {draft}"
    );
}

/// The "saved on this phone" line appears once the merchant has typed, not on an empty form.
#[wasm_bindgen_test]
async fn an_untouched_form_says_nothing_about_a_saved_draft() {
    let m = form().await;
    let root = &m.root;
    sleep_ms(600).await;
    yew::scheduler::flush().await;
    assert_eq!(text(root, ".fw-draft"), "");
    assert_eq!(storage().get_item("filing-widget.draft.v1").unwrap(), None);
    type_text(&input(root, Field::SerialNumber), "SB-OK-0001");
    until("the saved line", || {
        text(root, ".fw-draft").contains("草稿已自动保存")
    })
    .await;
}

/// Every field of filing-core's table that the filing asks for has its control in its own step
/// and a row on the review step: no field can be asked for without being on screen.
#[wasm_bindgen_test]
async fn every_field_of_the_table_is_on_screen_in_its_step_and_in_the_review() {
    use filing_core::filing::is_asked;
    use filing_core::{FilingInput, Policy, Step};
    use filing_widget::i18n::field_label;
    let asked = |f: Field| is_asked(&FilingInput::default(), f, Policy::default());
    for (step, name) in Step::ALL
        .iter()
        .map(|s| (Some(*s), s.name()))
        .chain([(None, "review")])
    {
        storage().clear().unwrap();
        storage()
            .set_item(
                "filing-widget.draft.v1",
                &format!(r#"{{"draft":{{}},"step":"{name}","idempotency_key":"k","saved_at":1}}"#),
            )
            .unwrap();
        let m = mount::<FormHost>(()).await;
        yew::scheduler::flush().await;
        match step {
            Some(step) => {
                for f in Field::ALL {
                    let shown = m.root.query_selector(&format!("#{}", field_id(f))).unwrap();
                    assert_eq!(
                        shown.is_some(),
                        f.step() == step && asked(f),
                        "{f:?} on {step:?}"
                    );
                }
            }
            None => {
                let review = m.root.text_content().unwrap_or_default();
                for f in Field::ALL {
                    let listed = review.contains(field_label(Locale::ZhCn, f));
                    assert_eq!(listed, asked(f), "{f:?} reviewed");
                }
            }
        }
    }
}

/// Fields follow the device type and the merchant type: a QR stand needs its stand's number and
/// no serial; a 小微 merchant gives the operator's ID number and is not asked for a credit code.
#[wasm_bindgen_test]
async fn the_fields_asked_follow_the_device_type_and_the_merchant_type() {
    let on = |step: &str, draft: &str| {
        storage().clear().unwrap();
        storage()
            .set_item(
                "filing-widget.draft.v1",
                &format!(
                    r#"{{"draft":{draft},"step":"{step}","idempotency_key":"k","saved_at":1}}"#
                ),
            )
            .unwrap();
    };
    let optional = |root: &Element, f: Field| {
        root.query_selector(&format!("label[for={}] .fw-optional", field_id(f)))
            .unwrap()
            .is_some()
    };
    on("device", r#"{"device_type":"11"}"#);
    let m = mount::<FormHost>(()).await;
    yew::scheduler::flush().await;
    assert!(
        optional(&m.root, Field::SerialNumber),
        "a QR stand has no serial to give"
    );
    assert!(
        optional(&m.root, Field::TerminalId),
        "nor a terminal number, by default"
    );
    drop(m);
    on("placement", r#"{"device_type":"11"}"#);
    let m = mount::<FormHost>(()).await;
    yew::scheduler::flush().await;
    assert!(
        !optional(&m.root, Field::QrCode),
        "its stand's number is required"
    );
    drop(m);

    on("merchant", r#"{"merchant_type":"micro"}"#);
    let m = mount::<FormHost>(()).await;
    yew::scheduler::flush().await;
    let shown = |f: Field| {
        m.root
            .query_selector(&format!("#{}", field_id(f)))
            .unwrap()
            .is_some()
    };
    assert!(shown(Field::OperatorIdNumber) && !shown(Field::CreditCode));
    drop(m);
    on("merchant", r#"{"merchant_type":"enterprise"}"#);
    let m = mount::<FormHost>(()).await;
    yew::scheduler::flush().await;
    let shown = |f: Field| {
        m.root
            .query_selector(&format!("#{}", field_id(f)))
            .unwrap()
            .is_some()
    };
    assert!(!shown(Field::OperatorIdNumber) && shown(Field::CreditCode));
}

/// "清空重填" discards the draft: the saved copy on the phone and the fields.
#[wasm_bindgen_test]
async fn starting_over_discards_the_saved_draft() {
    let m = form().await;
    let root = &m.root;
    type_text(&input(root, Field::SerialNumber), "SB-OK-0001");
    until("the draft saved", || {
        storage()
            .get_item("filing-widget.draft.v1")
            .unwrap()
            .is_some()
    })
    .await;
    click(root, "#fw-discard");
    yew::scheduler::flush().await;
    click(root, "#fw-discard-yes");
    yew::scheduler::flush().await;
    sleep_ms(600).await;
    assert_eq!(storage().get_item("filing-widget.draft.v1").unwrap(), None);
    assert_eq!(input(root, Field::SerialNumber).value(), "");
    assert_eq!(text(root, ".fw-draft"), "");
}

/// A correction is saved in its own slot: a new filing's draft on the phone is never overwritten.
#[wasm_bindgen_test]
async fn a_corrections_draft_never_overwrites_a_new_filings_draft() {
    storage().clear().unwrap();
    let new_draft = r#"{"draft":{"serial_number":"NEW-1"},"step":"device","idempotency_key":"k-new","saved_at":1}"#;
    storage()
        .set_item("filing-widget.draft.v1", new_draft)
        .unwrap();
    let m = mount::<CorrectionHost>(()).await;
    yew::scheduler::flush().await;
    type_text(&input(&m.root, Field::QrCode), "QR-FREE-0001");
    sleep_ms(600).await;
    assert_eq!(
        storage()
            .get_item("filing-widget.draft.v1")
            .unwrap()
            .as_deref(),
        Some(new_draft),
        "the new filing's draft is as it was"
    );
    let correction = storage()
        .get_item("filing-widget.correction.v1")
        .unwrap()
        .expect("the correction has its own slot");
    assert!(correction.contains("QR-FREE-0001"), "{correction}");
}
