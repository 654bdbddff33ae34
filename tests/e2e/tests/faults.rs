//! Faults between the widget and the API, injected by a proxy at submit: each ends in a clear
//! message, the draft intact (a reload restores it) and at most one filing.

use std::time::Duration;

use filing_e2e::merchant::fill_to_review;
use filing_e2e::{Fault, Harness};

/// Fills a filing for `serial`, arms `fault`, submits; returns the harness on the review step.
async fn submit_with(fault: Fault, serial: &str) -> Harness {
    let h = Harness::start().await.with_proxy().await;
    h.open("/").await;
    fill_to_review(&h, serial).await;
    // What the host would hear: the page's `filing-widget:error` events.
    h.client
        .execute(
            "window.hostErrors = []; document.addEventListener('filing-widget:error', e => hostErrors.push(e.detail)); return 1",
            vec![],
        )
        .await
        .expect("listen");
    h.proxy.as_ref().expect("proxy").arm(fault);
    h.click("#fw-submit").await;
    h
}

async fn host_errors(h: &Harness) -> Vec<String> {
    let v = h
        .client
        .execute("return window.hostErrors", vec![])
        .await
        .expect("errors");
    serde_json::from_value(v).unwrap_or_default()
}

/// A reload brings the whole draft back on its step.
async fn draft_is_intact(h: &Harness, serial: &str) {
    h.open("/").await;
    h.wait_text("#fw-step-title", "确认提交").await;
    h.wait_text(".fw-draft", "已恢复").await;
    h.wait_text(".fw-form", serial).await;
    h.wait_text(".fw-form", "上海示例餐饮（连锁）有限公司")
        .await;
}

#[tokio::test]
async fn a_malformed_answer_says_to_check_status_and_a_retry_files_once() {
    let h = submit_with(
        Fault::Replace {
            status: 200,
            body: "<html>gateway error</html>",
        },
        "SB-OK-0001",
    )
    .await;
    h.wait_text("#fw-submit-failed", "无法识别").await;
    assert_eq!(host_errors(&h).await, ["MALFORMED_RESPONSE"]);
    h.screenshot("fault-malformed").await;
    assert_eq!(h.filings_of("SB-OK-0001").await, 1, "the API filed it");
    draft_is_intact(&h, "SB-OK-0001").await;
    // The same draft's key: the server answers with the filing it already made.
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    assert_eq!(h.filings_of("SB-OK-0001").await, 1);
    h.close().await;
}

#[tokio::test]
async fn an_answer_of_the_wrong_shape_is_not_taken_for_a_filing() {
    let h = submit_with(
        Fault::Replace {
            status: 201,
            body: r#"{"id": 7, "status": "approved"}"#,
        },
        "SB-OK-0002",
    )
    .await;
    h.wait_text("#fw-submit-failed", "无法识别").await;
    assert_eq!(h.filings_of("SB-OK-0002").await, 1, "the API filed it");
    draft_is_intact(&h, "SB-OK-0002").await;
    h.close().await;
}

#[tokio::test]
async fn a_ten_second_answer_keeps_the_button_busy_then_files_once() {
    let h = submit_with(Fault::Slow(Duration::from_secs(10)), "SB-OK-0003").await;
    h.wait_attr("#fw-submit", "aria-busy", "true").await;
    h.wait_text("#fw-submit", "正在提交").await;
    // A second tap while sending does nothing: the button is disabled, and nothing more is sent.
    let button = h.find("#fw-submit").await;
    assert_eq!(
        button.prop("disabled").await.expect("disabled").as_deref(),
        Some("true")
    );
    let second = button.click().await;
    assert!(
        second.is_ok() || format!("{second:?}").contains("not interactable"),
        "{second:?}"
    );
    h.settle().await;
    assert_eq!(
        h.proxy.as_ref().unwrap().submissions(),
        1,
        "one submission sent"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let done = h
            .client
            .find(fantoccini::Locator::Css("#fw-submitted"))
            .await
            .is_ok();
        if done {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never answered");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(h.filings_of("SB-OK-0003").await, 1);
    assert_eq!(
        h.proxy.as_ref().unwrap().submissions(),
        1,
        "and one sent in all"
    );
    h.close().await;
}

#[tokio::test]
async fn an_expired_token_keeps_the_draft_and_tells_the_host() {
    let h = submit_with(Fault::Unauthorized, "SB-OK-0001").await;
    h.wait_text("#fw-submit-failed", "登录已过期").await;
    assert_eq!(host_errors(&h).await, ["UNAUTHORIZED"], "reported once");
    assert_eq!(h.filings_of("SB-OK-0001").await, 0);
    draft_is_intact(&h, "SB-OK-0001").await;
    h.close().await;
}

#[tokio::test]
async fn a_503_with_retry_after_keeps_the_draft_for_later() {
    let h = submit_with(Fault::Unavailable { retry_after: 120 }, "SB-OK-0002").await;
    h.wait_text("#fw-submit-failed", "正在维护").await;
    h.wait_text("#fw-submit-failed", "预计约 2 分钟后可以重试")
        .await;
    assert_eq!(host_errors(&h).await, ["MAINTENANCE"]);
    assert_eq!(h.filings_of("SB-OK-0002").await, 0);
    draft_is_intact(&h, "SB-OK-0002").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    assert_eq!(h.filings_of("SB-OK-0002").await, 1);
    h.close().await;
}

/// The server's store stops taking writes (its file made read-only under it): the banner says
/// the service cannot save, a submission is refused with that reason and nothing is lost; fixed,
/// the same draft goes through.
#[cfg(unix)]
#[tokio::test]
async fn a_store_that_cannot_save_is_named_and_the_draft_waits() {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::start().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0003").await;
    let db = h.data_dir().join(filing_api::db::DB_FILE);
    let mode = |m| std::fs::set_permissions(&db, std::fs::Permissions::from_mode(m)).unwrap();
    mode(0o400);
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "暂时无法保存").await;
    h.wait_text("#fw-submit-failed", "保存在本机").await;
    h.screenshot("fault-store-unavailable").await;
    // The banner re-checks on the next navigation, and names the same state.
    h.open("/").await;
    h.wait_attr("#fw-connection", "data-state", "degraded")
        .await;
    draft_is_intact(&h, "SB-OK-0003").await;
    mode(0o600);
    h.open("/").await;
    h.wait_attr("#fw-connection", "data-state", "ok").await;
    h.wait_text("#fw-step-title", "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    assert_eq!(h.filings_of("SB-OK-0003").await, 1);
    h.close().await;
}

/// The acquirer's daily cap on new filings is reached: the merchant reads that, and when to try,
/// and the draft waits (the sandbox's seeded filing already counts against a cap of 1).
#[tokio::test]
async fn a_reached_daily_cap_says_tomorrow_and_keeps_the_draft() {
    let h = Harness::start_with(|c| c.daily_filing_cap = 1).await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0002").await;
    h.click("#fw-submit").await;
    let text = h.wait_text("#fw-submit-failed", "已达上限").await;
    assert!(text.contains("明天"), "{text}");
    assert!(
        !text.contains("分钟"),
        "no countdown of a day in minutes: {text}"
    );
    assert_eq!(h.filings_of("SB-OK-0002").await, 0);
    draft_is_intact(&h, "SB-OK-0002").await;
    h.close().await;
}
