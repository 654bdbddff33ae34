//! A filing's life after submission, end to end at 360x740: withdraw a pending filing,
//! deregister an approved one (and another merchant files the freed serial), move one within
//! its city (approved) and to another city (rejected, the approved filing unchanged), and ask
//! for a terminal another merchant holds. Axe on every new state.

use std::time::Duration;

use filing_api::registry::sandbox_filing;
use filing_e2e::merchant::choose;
use filing_e2e::Harness;

/// The sandbox's second merchant.
const MID_B: &str = "898310058120002";

async fn look_up(h: &Harness, serial: &str, state: &str) {
    h.retype("#fw-field-serial_number", serial).await;
    h.click(".fw-form button[type=submit]").await;
    h.wait_text("#fw-terminal-title", serial).await;
    h.wait_attr("#fw-terminal", "data-state", state).await;
}

/// Files `serial` as `merchant` through the API without waiting for its review.
async fn file_as(h: &Harness, merchant: &str, serial: &str) -> serde_json::Value {
    let mut input = sandbox_filing(serial);
    input.merchant_id = merchant.into();
    if merchant == MID_B {
        input.merchant_name = "杭州样例便利店有限公司".into();
        input.credit_code = "91330106MA2AB3CD1Q".into();
    }
    let body = serde_json::to_value(&input).expect("json");
    let key = format!("{merchant}-{serial}");
    let (status, created) = h
        .api_send_as(
            merchant,
            "POST",
            "/api/v1/filings",
            &[("Idempotency-Key", &key)],
            Some(&body),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    created
}

#[tokio::test]
async fn a_pending_filing_is_withdrawn_and_the_list_says_so_too() {
    let h = Harness::start_with(|c| c.review_delay = Duration::from_secs(600)).await;
    file_as(&h, filing_api::config::DEMO_MERCHANT, "SB-OK-0002").await;
    h.open("/?view=status").await;
    h.wait_text("#fw-my-filings li:first-child", "SB-OK-0002")
        .await;
    look_up(&h, "SB-OK-0002", "pending").await;
    // How the merchant hears back.
    h.wait_text("#fw-notify", "138****8000").await;
    h.click("#fw-withdraw").await;
    h.wait_text("#fw-withdraw-ask", "确定撤回").await;
    h.assert_accessible("asking to withdraw").await;
    h.screenshot("lifecycle-withdraw-ask").await;
    h.click("#fw-withdraw-yes").await;
    h.wait_attr("#fw-terminal", "data-state", "withdrawn").await;
    h.wait_text("#fw-terminal .fw-badge", "已撤回").await;
    // The list beside the card agrees.
    h.wait_text("#fw-my-filings li:first-child", "已撤回").await;
    h.wait_text(".fw-timeline", "撤回报备").await;
    h.assert_accessible("a withdrawn filing").await;
    h.screenshot("lifecycle-withdrawn").await;
    h.close().await;
}

#[tokio::test]
async fn an_approved_filing_is_deregistered_and_another_merchant_files_the_terminal() {
    let h = Harness::start().await;
    h.file_via_api(&sandbox_filing("SB-OK-0001")).await;
    h.open("/?view=status").await;
    look_up(&h, "SB-OK-0001", "approved").await;
    h.click("#fw-deregister").await;
    h.find("#fw-deregister-reasons").await;
    assert!(
        h.client
            .find(fantoccini::Locator::Css("#fw-deregister-yes:disabled"))
            .await
            .is_ok(),
        "a reason first"
    );
    h.assert_accessible("choosing why to deregister").await;
    h.click("#fw-deregister-shop_closed").await;
    h.screenshot("lifecycle-deregister-ask").await;
    h.click("#fw-deregister-yes").await;
    h.wait_attr("#fw-terminal", "data-state", "revoked").await;
    let text = h.wait_text("#fw-deregistered", "店铺停业").await;
    assert!(text.contains("注销时间"), "{text}");
    h.wait_text(".fw-timeline", "注销终端").await;
    h.assert_accessible("a deregistered filing").await;
    h.screenshot("lifecycle-deregistered").await;
    // The serial is free: the next shop files it.
    file_as(&h, MID_B, "SB-OK-0001").await;
    h.close().await;
}

#[tokio::test]
async fn a_move_within_the_city_is_approved_and_one_to_another_city_is_rejected() {
    let h = Harness::start_with(|c| c.review_delay = Duration::from_secs(3)).await;
    let filed = file_as(&h, filing_api::config::DEMO_MERCHANT, "SB-OK-0001").await;
    h.settled(filed["id"].as_str().expect("id")).await;
    h.open("/?view=status").await;
    look_up(&h, "SB-OK-0001", "approved").await;

    // Within Shanghai: the placement step only, then a review of the change.
    h.click("#fw-move").await;
    h.wait_text("#fw-correcting", "正在变更布放信息").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    assert!(
        h.client
            .find(fantoccini::Locator::Css("#fw-back"))
            .await
            .is_err(),
        "the device and the merchant are not edited"
    );
    h.assert_accessible("a placement change").await;
    choose(&h, "#fw-region-district", "310105").await;
    h.retype("#fw-field-address", "长宁路 1 号").await;
    filing_e2e::merchant::next(&h, "确认提交").await;
    let edits = h
        .client
        .execute(
            "return document.querySelectorAll('.fw-review-head button').length",
            vec![],
        )
        .await
        .expect("count");
    assert_eq!(edits, 1, "only the placement can be edited");
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "布放信息变更已提交").await;
    h.click("#fw-submitted .fw-button").await;
    h.wait_attr("#fw-terminal", "data-state", "approved_change_pending")
        .await;
    let compare = h.wait_text("#fw-change", "长宁路 1 号").await;
    assert!(
        compare.contains("漕溪北路 88 号"),
        "both placements: {compare}"
    );
    h.assert_accessible("a placement change under review").await;
    h.screenshot("lifecycle-move-pending").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;

    // To Guangzhou: rejected, the approved placement unchanged.
    h.click("#fw-move").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    choose(&h, "#fw-field-region", "44").await;
    choose(&h, "#fw-region-city", "4401").await;
    choose(&h, "#fw-region-district", "440106").await;
    h.retype("#fw-field-address", "天河路 1 号").await;
    filing_e2e::merchant::next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "布放信息变更已提交").await;
    h.click("#fw-submitted .fw-button").await;
    h.wait_attr("#fw-terminal", "data-state", "approved_change_rejected")
        .await;
    h.wait_text(".fw-reason[data-code=MOVE_OUTSIDE_CITY]", "注销")
        .await;
    h.wait_text("#fw-change", "原来的布放信息仍然有效").await;
    let filing = h
        .api_get(
            &format!("/api/v1/filings/{}", filed["id"].as_str().unwrap()),
            &h.server().mint_token(filing_api::config::DEMO_MERCHANT, 60),
        )
        .await;
    assert_eq!(filing["submission"]["address"], "长宁路 1 号");
    h.assert_accessible("a rejected placement change").await;
    h.screenshot("lifecycle-move-rejected").await;
    h.close().await;
}

#[tokio::test]
async fn a_terminal_another_merchant_holds_is_asked_for_and_then_filed() {
    let h = Harness::start_with(|c| c.review_delay = Duration::from_secs(2)).await;
    file_as(&h, MID_B, "SB-OK-0002").await;
    h.open("/?view=status").await;
    look_up(&h, "SB-OK-0002", "filed_by_other").await;
    let card = h.wait_text("#fw-terminal", "二手").await;
    assert!(card.contains("填错"), "{card}");
    h.assert_accessible("a terminal held by another merchant")
        .await;
    h.screenshot("lifecycle-held-elsewhere").await;
    h.click("#fw-transfer-ask").await;
    h.wait_attr("#fw-transfer", "data-status", "pending").await;
    h.assert_accessible("a transfer request under review").await;
    // Granted after the sandbox's review: the terminal is the merchant's to file.
    h.wait_attr("#fw-terminal", "data-state", "not_filed").await;
    h.wait_attr("#fw-transfer", "data-status", "approved").await;
    h.screenshot("lifecycle-transfer-granted").await;
    h.click("#fw-action").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    assert_eq!(h.value("#fw-field-serial_number").await, "SB-OK-0002");
    h.close().await;
}
