//! axe-core on every view and state the widget has, at the phone viewport: zero violations.

use filing_e2e::merchant::{self, choose};
use filing_e2e::Harness;

#[tokio::test]
async fn every_view_and_form_state_has_no_axe_violations() {
    let mut h = Harness::start().await;
    h.open("/").await;
    h.wait_attr("#fw-connection", "data-state", "ok").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.assert_accessible("the form's first step").await;

    h.click("#fw-next").await;
    h.wait_text("#fw-error-summary", "请先更正").await;
    h.assert_accessible("the first step with errors and the summary")
        .await;

    merchant::device(&h, "SB-OK-0001").await;
    merchant::next(&h, "商户信息").await;
    h.assert_accessible("the merchant step").await;
    merchant::merchant(&h).await;
    h.click("#fw-next").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    choose(&h, "#fw-field-region", "31").await;
    h.assert_accessible("the placement step").await;
    choose(&h, "#fw-region-city", "3101").await;
    choose(&h, "#fw-region-district", "310104").await;
    h.type_into("#fw-field-address", "漕溪北路 88 号").await;
    h.click("#fw-next").await;
    h.wait_text("#fw-step-title", "确认提交").await;
    h.assert_accessible("the review step").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    h.assert_accessible("the submitted state").await;

    h.click("#fw-nav-status").await;
    h.type_into("#fw-field-serial_number", "SB-REVOKED-01")
        .await;
    h.click(".fw-form button[type=submit]").await;
    h.wait_attr(".fw-result", "data-status", "revoked").await;
    h.assert_accessible("the status view with a result").await;

    h.click("#fw-nav-guide").await;
    h.wait_attr("#fw-nav-guide", "aria-current", "page").await;
    h.assert_accessible("the guide").await;

    h.click("#fw-locale").await;
    h.wait_attr("html", "lang", "en").await;
    h.assert_accessible("the guide in English").await;

    h.stop_api().await;
    h.click("#fw-nav-file").await;
    h.wait_attr("#fw-connection", "data-state", "down").await;
    h.assert_accessible("the form with the API unreachable")
        .await;
    h.close().await;
}

/// The check above can fail: axe-core reports a violation planted in the page.
#[tokio::test]
async fn the_axe_check_detects_a_planted_violation() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.client
        .execute(
            "const i = document.createElement('input'); document.querySelector('.fw-main').appendChild(i); return 1",
            vec![],
        )
        .await
        .expect("plant an unlabelled input");
    let violations = h.axe().await;
    assert!(
        violations.iter().any(|v| v.starts_with("label:")),
        "{violations:?}"
    );
    h.close().await;
}
