//! The walking skeleton end to end: shell, locale switch, connection banner, shared serial rule.

use filing_e2e::Harness;

#[tokio::test]
async fn shell_renders_in_chinese_switches_to_english_and_reports_the_api() {
    let mut h = Harness::start().await;
    h.open("/").await;
    h.wait_attr("#fw-connection", "data-state", "ok").await;
    h.wait_text("#fw-connection", "报备服务连接正常").await;
    h.wait_text(".fw-title", "终端报备助手").await;
    h.wait_attr("html", "lang", "zh-CN").await;
    h.wait_text("#fw-nav-file", "办理报备").await;
    h.wait_text("#fw-nav-status", "查询状态").await;
    h.wait_text("#fw-nav-guide", "排查指南").await;
    h.wait_attr("#fw-nav-file", "aria-current", "page").await;
    h.screenshot("shell-zh").await;

    h.click("#fw-locale").await;
    h.wait_text(".fw-title", "Terminal Filing Assistant").await;
    h.wait_attr("html", "lang", "en").await;
    h.wait_text("#fw-nav-guide", "Guide").await;
    h.wait_text("#fw-connection", "reachable").await;

    // The choice survives a reload.
    h.open("/").await;
    h.wait_text(".fw-title", "Terminal Filing Assistant").await;

    h.stop_api().await;
    h.click("#fw-nav-guide").await;
    h.wait_attr("#fw-connection", "data-state", "down").await;
    h.wait_text("#fw-connection", "Cannot reach the filing service")
        .await;
    h.wait_attr("#fw-nav-guide", "aria-current", "page").await;
    h.screenshot("shell-api-down-en").await;
    h.close().await;
}

#[tokio::test]
async fn maintenance_shows_in_the_banner_with_its_end() {
    let h = Harness::start().await;
    h.server()
        .set_maintenance(Some(Some(filing_api::clock::rfc3339(
            filing_api::clock::now_unix() + 2 * 3600,
        ))))
        .await;
    h.open("/").await;
    h.wait_attr("#fw-connection", "data-state", "maintenance")
        .await;
    h.wait_text("#fw-connection", "报备服务正在维护").await;
    h.wait_text("#fw-connection", "预计恢复时间").await;
    h.close().await;
}

#[tokio::test]
async fn status_lookup_normalises_on_blur_and_uses_the_server_rule() {
    let h = Harness::start().await;
    h.open("/?view=status").await;
    let input = "#fw-field-serial_number";
    h.type_into(input, "ｓｎ－0001").await;
    // Nothing is judged while typing: once the page has rendered the input, still no error.
    h.settle().await;
    assert!(h
        .client
        .find(fantoccini::Locator::Css("#fw-field-serial_number-error"))
        .await
        .is_err());
    h.blur().await;
    assert_eq!(h.value(input).await, "SN-0001");
    h.click(".fw-form button[type=submit]").await;
    h.wait_attr("#fw-terminal", "data-state", "not_filed").await;

    h.find(input).await.clear().await.expect("clear");
    h.type_into(input, "SN_0001").await;
    h.blur().await;
    h.wait_text("#fw-field-serial_number-error", "只含字母、数字")
        .await;
    h.wait_attr(input, "aria-invalid", "true").await;
    h.close().await;
}
