//! Browser component tests of the status card: each state's words and action, and the reason →
//! field mapping (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod support;

use std::rc::Rc;

use filing_core::api::{FilingRecord, FilingStatus, TerminalStatus};
use filing_core::reason::{Cause, Reason, ReasonCode};
use filing_core::{Field, FilingInput};
use filing_widget::i18n::Locale;
use filing_widget::nav::{AppNav, FilingStart, View};
use filing_widget::status::terminal_card::TerminalCard;
use support::{click, host};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

/// A JWT naming the demo merchant (the widget reads its `mid`; the signature is not checked here).
const DEMO_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtaWQiOiI4OTgzMTAwNTgxMjAwMDEiLCJleHAiOjk5OTk5OTk5OTl9.c2ln";

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HostProps {
    status: Rc<TerminalStatus>,
    locale: Locale,
    on_file: Callback<FilingStart>,
    on_guide: Callback<Option<Cause>>,
}

#[component]
fn CardHost(props: &HostProps) -> Html {
    let nav = AppNav {
        go: Callback::from(|_: View| ()),
        status_of: Callback::noop(),
        file: props.on_file.clone(),
        guide: props.on_guide.clone(),
    };
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={support::shared(props.locale, None, nav, None)}>
            <TerminalCard status={props.status.clone()} checked_at={js_sys::Date::now()}
                offline={false} busy={false} on_refresh={Callback::noop()} />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

fn reason(code: &str, field: Option<Field>, detail: Option<&str>) -> Reason {
    Reason {
        code: ReasonCode::parse(code),
        field,
        detail: detail.map(str::to_owned),
    }
}

fn terminal(status: Option<FilingStatus>, reasons: Vec<Reason>, rv: Option<u32>) -> TerminalStatus {
    TerminalStatus {
        serial_number: "SB-OK-0001".into(),
        filing: status.map(|status| FilingRecord {
            id: "f_1".into(),
            status,
            version: 2,
            submission: FilingInput {
                serial_number: "SB-OK-0001".into(),
                qr_code: "QR-BOUND-0001".into(),
                ..FilingInput::default()
            },
            reasons,
            reasons_version: rv,
            created_at: "2026-11-25T10:00:00Z".into(),
            updated_at: "2026-11-25T10:05:00Z".into(),
            deregistered: None,
            change: None,
        }),
        filed_by_another_merchant: false,
        device: None,
        qr: None,
        merchant_qualified: None,
        transfer: None,
    }
}

struct Mounted {
    root: Element,
    started: Rc<std::cell::RefCell<Vec<FilingStart>>>,
    guided: Rc<std::cell::RefCell<Vec<Option<Cause>>>>,
}

async fn mount(status: TerminalStatus, locale: Locale) -> Mounted {
    let root = host();
    let started = Rc::new(std::cell::RefCell::new(vec![]));
    let guided = Rc::new(std::cell::RefCell::new(vec![]));
    let props = HostProps {
        status: Rc::new(status),
        locale,
        on_file: {
            let s = started.clone();
            Callback::from(move |f| s.borrow_mut().push(f))
        },
        on_guide: {
            let g = guided.clone();
            Callback::from(move |c| g.borrow_mut().push(c))
        },
    };
    yew::Renderer::<CardHost>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        started,
        guided,
    }
}

fn state(m: &Mounted) -> String {
    m.root
        .query_selector("#fw-terminal")
        .unwrap()
        .expect("card")
        .get_attribute("data-state")
        .unwrap()
}

fn card_text(m: &Mounted) -> String {
    m.root.text_content().unwrap_or_default()
}

fn click_in(m: &Mounted, css: &str) {
    click(&m.root, css);
}

#[wasm_bindgen_test]
async fn not_filed_offers_filing_with_the_serial() {
    let m = mount(terminal(None, vec![], None), Locale::ZhCn).await;
    assert_eq!(state(&m), "not_filed");
    assert!(card_text(&m).contains("还没有报备"), "{}", card_text(&m));
    click_in(&m, "#fw-action");
    match m.started.borrow().as_slice() {
        [FilingStart::Prefill(input)] => assert_eq!(input.serial_number, "SB-OK-0001"),
        other => panic!("{other:?}"),
    }
    m.root.remove();
}

#[wasm_bindgen_test]
async fn filed_by_another_merchant_says_so_and_offers_a_report() {
    let mut t = terminal(None, vec![], None);
    t.filed_by_another_merchant = true;
    let m = mount(t, Locale::ZhCn).await;
    assert_eq!(state(&m), "filed_by_other");
    assert!(m.root.query_selector("#fw-report").unwrap().is_some());
    assert!(m.root.query_selector("#fw-action").unwrap().is_none());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn rejected_maps_each_reason_to_its_field_action_and_cause() {
    let reasons = vec![
        reason("QR_CODE_BOUND_ELSEWHERE", Some(Field::QrCode), None),
        reason("LOCATION_REQUIRED", Some(Field::Location), None),
    ];
    let m = mount(
        terminal(Some(FilingStatus::Rejected), reasons, Some(2)),
        Locale::ZhCn,
    )
    .await;
    assert_eq!(state(&m), "rejected");
    let qr = m
        .root
        .query_selector(".fw-reason[data-code=QR_CODE_BOUND_ELSEWHERE]")
        .unwrap()
        .expect("the QR reason");
    let qr_text = qr.text_content().unwrap();
    assert!(qr_text.contains("码牌编号"), "{qr_text}");
    assert!(qr_text.contains("换用未绑定的码牌"), "{qr_text}");
    assert!(qr.query_selector("[data-field=qr_code]").unwrap().is_some());
    let loc = m
        .root
        .query_selector(".fw-reason[data-code=LOCATION_REQUIRED] [data-field]")
        .unwrap()
        .expect("the location reason's field");
    assert_eq!(loc.get_attribute("data-field").as_deref(), Some("location"));

    click_in(&m, ".fw-reason[data-code=QR_CODE_BOUND_ELSEWHERE] .fw-link");
    assert_eq!(
        m.guided.borrow().as_slice(),
        &[Some(Cause::QrCodeBoundElsewhere)]
    );
    click_in(&m, "#fw-action");
    match m.started.borrow().as_slice() {
        [FilingStart::Correct(f)] => assert_eq!(f.version, 2),
        other => panic!("{other:?}"),
    }
    m.root.remove();
}

#[wasm_bindgen_test]
async fn rejected_without_a_reason_offers_support_not_guesswork() {
    let m = mount(
        terminal(Some(FilingStatus::Rejected), vec![], Some(2)),
        Locale::ZhCn,
    )
    .await;
    assert_eq!(state(&m), "rejected_no_reason");
    let report: web_sys::HtmlTextAreaElement = m
        .root
        .query_selector("#fw-report")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(report.value().contains("SB-OK-0001"));
    assert!(report.value().contains("f_1"));
    assert!(m.root.query_selector("#fw-action").unwrap().is_none());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn stale_reasons_say_which_submission_they_belong_to() {
    let m = mount(
        terminal(
            Some(FilingStatus::Pending),
            vec![reason("QR_CODE_BOUND_ELSEWHERE", Some(Field::QrCode), None)],
            Some(1),
        ),
        Locale::ZhCn,
    )
    .await;
    assert_eq!(state(&m), "pending_stale_reasons");
    let note = m
        .root
        .query_selector("#fw-stale-reasons")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(note.contains("第 1 次提交"), "{note}");
    assert!(note.contains("第 2 次提交"), "{note}");
    m.root.remove();
}

#[wasm_bindgen_test]
async fn revoked_offers_filing_again_with_the_old_details() {
    let m = mount(
        terminal(Some(FilingStatus::Revoked), vec![], None),
        Locale::En,
    )
    .await;
    assert_eq!(state(&m), "revoked");
    assert!(card_text(&m).contains("revoked"), "{}", card_text(&m));
    click_in(&m, "#fw-action");
    match m.started.borrow().as_slice() {
        [FilingStart::Prefill(input)] => assert_eq!(input.qr_code, "QR-BOUND-0001"),
        other => panic!("{other:?}"),
    }
    m.root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_code_renders_generically_with_its_note_as_text() {
    let m = mount(
        terminal(
            Some(FilingStatus::Rejected),
            vec![reason(
                "NEW_RULE_2027",
                Some(Field::Tusn),
                Some("<img src=x onerror=alert(1)>"),
            )],
            Some(2),
        ),
        Locale::En,
    )
    .await;
    assert_eq!(state(&m), "rejected");
    let item = m
        .root
        .query_selector(".fw-reason[data-code=NEW_RULE_2027]")
        .unwrap()
        .expect("rendered");
    let t = item.text_content().unwrap();
    assert!(t.contains("does not know yet"), "{t}");
    assert!(t.contains("<img src=x onerror=alert(1)>"), "as text: {t}");
    assert!(item.query_selector("img").unwrap().is_none(), "no markup");
    assert!(m.root.query_selector("#fw-report").unwrap().is_some());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn pending_and_approved_have_their_own_words() {
    let m = mount(
        terminal(Some(FilingStatus::Pending), vec![], None),
        Locale::ZhCn,
    )
    .await;
    assert_eq!(state(&m), "pending");
    assert!(card_text(&m).contains("自动刷新"));
    m.root.remove();
    let m = mount(
        terminal(Some(FilingStatus::Approved), vec![], None),
        Locale::ZhCn,
    )
    .await;
    assert_eq!(state(&m), "approved");
    assert!(card_text(&m).contains("可以正常收款"));
    m.root.remove();
}

#[derive(Properties, PartialEq)]
struct SupportHostProps {
    status: Rc<TerminalStatus>,
}

/// The card as the app mounts it: a session token (its merchant number) and a support channel
/// the host configured.
#[component]
fn SupportHost(props: &SupportHostProps) -> Html {
    let nav = AppNav {
        go: Callback::from(|_: View| ()),
        status_of: Callback::noop(),
        file: Callback::noop(),
        guide: Callback::noop(),
    };
    let channel = filing_widget::config::SupportChannel::new(
        Some("400-000-0000".into()),
        Some("每天 9:00–21:00".into()),
        Some("https://support.example/chat".into()),
    )
    .unwrap();
    html! {
        <ContextProvider<std::rc::Rc<filing_widget::shared::Shared>> context={support::shared(Locale::ZhCn, Some(DEMO_TOKEN), nav, channel)}>
            <TerminalCard status={props.status.clone()} checked_at={js_sys::Date::now()}
                offline={false} busy={false} on_refresh={Callback::noop()} />
        </ContextProvider<std::rc::Rc<filing_widget::shared::Shared>>>
    }
}

/// What the support desk asks first is in the report: prefilled where the widget knows it,
/// typed where only the merchant does; the configured channel is beside it.
#[wasm_bindgen_test]
async fn the_support_report_carries_what_support_asks_and_the_channel() {
    let mut t = terminal(Some(FilingStatus::Rejected), vec![], Some(2));
    if let Some(f) = &mut t.filing {
        f.submission.terminal_id = "10200001".into();
    }
    let root = host();
    yew::Renderer::<SupportHost>::with_root_and_props(
        root.clone(),
        SupportHostProps { status: Rc::new(t) },
    )
    .render();
    yew::scheduler::flush().await;
    let report = || {
        root.query_selector("#fw-report")
            .unwrap()
            .unwrap()
            .dyn_into::<web_sys::HtmlTextAreaElement>()
            .unwrap()
            .value()
    };
    let text = report();
    for want in [
        "商户号：898310058120001",
        "终端序列号（SN）：SB-OK-0001",
        "终端号：10200001",
        "码牌编号：QR-BOUND-0001",
        "f_1",
        "POS 上的提示或应答码：（未填写）",
        "收款失败的时间：20",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let prompt: web_sys::HtmlInputElement = root
        .query_selector("#fw-report-prompt")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    support::type_text(&prompt, "终端未登记 97");
    yew::scheduler::flush().await;
    assert!(
        report().contains("POS 上的提示或应答码：终端未登记 97"),
        "{}",
        report()
    );
    let channel = root.query_selector("#fw-report-channel").unwrap().unwrap();
    let tel = channel.query_selector("a.fw-tel").unwrap().unwrap();
    assert_eq!(tel.get_attribute("href").as_deref(), Some("tel:4000000000"));
    let text = channel.text_content().unwrap();
    assert!(text.contains("每天 9:00–21:00"), "{text}");
    let chat = channel.query_selector("a[target=_blank]").unwrap().unwrap();
    assert_eq!(
        chat.get_attribute("href").as_deref(),
        Some("https://support.example/chat")
    );
    assert_eq!(
        chat.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    root.remove();
}
