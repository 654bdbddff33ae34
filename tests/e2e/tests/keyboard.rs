//! A whole filing with the keyboard only: every control is reached with Tab, chosen with the
//! arrow keys, typed into, and the steps advance with Enter.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use filing_e2e::Harness;

async fn press(h: &Harness, key: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    h.client.perform_actions(actions).await.expect("key press");
}

async fn active_id(h: &Harness) -> String {
    let el = h.client.active_element().await.expect("active element");
    el.attr("id").await.expect("id").unwrap_or_default()
}

/// Presses Tab until `id` has focus (it must be reachable within 40 presses).
async fn tab_to(h: &Harness, id: &str) {
    for _ in 0..40 {
        if active_id(h).await == id {
            return;
        }
        press(h, Key::Tab.into()).await;
    }
    panic!(
        "#{id} is not reachable with Tab (stuck at #{})",
        active_id(h).await
    );
}

async fn type_text(h: &Harness, text: &str) {
    let el = h.client.active_element().await.expect("active element");
    el.send_keys(text).await.expect("type");
}

/// On a focused select: arrow down until `value` is chosen.
async fn arrow_to(h: &Harness, value: &str) {
    for _ in 0..40 {
        let el = h.client.active_element().await.expect("active element");
        if el.prop("value").await.expect("value").as_deref() == Some(value) {
            return;
        }
        press(h, Key::Down.into()).await;
    }
    panic!("arrow keys never chose {value:?}");
}

#[tokio::test]
async fn a_whole_filing_with_the_keyboard_only() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.find("#fw-field-manufacturer option[value=NEWLAND]").await;

    tab_to(&h, "fw-field-device_type").await;
    arrow_to(&h, "04").await;
    tab_to(&h, "fw-field-serial_number").await;
    type_text(&h, "SB-OK-0001").await;
    tab_to(&h, "fw-field-manufacturer").await;
    arrow_to(&h, "NEWLAND").await;
    h.find("#fw-field-model option[value=N910]").await;
    tab_to(&h, "fw-field-model").await;
    arrow_to(&h, "N910").await;
    tab_to(&h, "fw-next").await;
    press(&h, Key::Enter.into()).await;
    h.wait_text("#fw-step-title", "商户信息").await;
    assert_eq!(
        active_id(&h).await,
        "fw-step-title",
        "the new step's heading has focus"
    );

    // Who the merchant is comes from the acquirer's record; the contact is prefilled from it.
    // Tab still reaches the read-only fields (to read them), and the contact can be left as is.
    tab_to(&h, "fw-field-merchant_name").await;
    tab_to(&h, "fw-field-contact_mobile").await;
    // Enter in a text field submits its step.
    press(&h, Key::Enter.into()).await;
    h.wait_text("#fw-step-title", "安装位置").await;

    tab_to(&h, "fw-field-region").await;
    arrow_to(&h, "31").await;
    h.find("#fw-region-city option[value=\"3101\"]").await;
    tab_to(&h, "fw-region-city").await;
    arrow_to(&h, "3101").await;
    h.find("#fw-region-district option[value=\"310104\"]").await;
    tab_to(&h, "fw-region-district").await;
    arrow_to(&h, "310104").await;
    tab_to(&h, "fw-field-address").await;
    type_text(&h, "漕溪北路 88 号").await;
    press(&h, Key::Enter.into()).await;
    h.wait_text("#fw-step-title", "确认提交").await;

    tab_to(&h, "fw-submit").await;
    press(&h, Key::Enter.into()).await;
    h.wait_text("#fw-submitted", "已提交").await;
    assert_eq!(h.filings_of("SB-OK-0001").await, 1);
    h.close().await;
}
