//! The filing form end to end at 360x740 against the real filing-api.

use filing_e2e::merchant::{
    choose, device as device_step, fill_to_review, merchant as merchant_step, next,
    placement as placement_step,
};
use filing_e2e::Harness;

#[tokio::test]
async fn a_merchant_files_a_terminal_and_it_reaches_pending() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.screenshot("form-1-device-empty").await;

    // Next on an empty step: errors beside the fields and a summary that takes focus.
    h.click("#fw-next").await;
    h.wait_text("#fw-error-summary", "请先更正以下问题").await;
    let focused = h
        .client
        .active_element()
        .await
        .expect("active")
        .attr("id")
        .await
        .unwrap();
    assert_eq!(focused.as_deref(), Some("fw-error-summary"));
    h.wait_attr("#fw-field-device_type", "aria-invalid", "true")
        .await;
    h.screenshot("form-1-device-errors").await;

    device_step(&h, "ｓｂ－ｏｋ－０００１").await;
    h.blur().await;
    assert_eq!(
        h.value("#fw-field-serial_number").await,
        "SB-OK-0001",
        "normalised on blur"
    );
    // The acquirer installed this terminal: its number comes from the registry.
    h.wait_value("#fw-field-terminal_id", "10200001").await;
    next(&h, "商户信息").await;
    merchant_step(&h).await;
    h.blur().await;
    assert_eq!(h.value("#fw-field-contact_mobile").await, "13800138000");
    h.screenshot("form-2-merchant").await;
    next(&h, "安装位置").await;
    placement_step(&h).await;
    h.screenshot("form-3-placement").await;
    next(&h, "确认提交").await;
    h.wait_text(".fw-form", "上海市 徐汇区").await;
    h.screenshot("form-4-review").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    h.wait_text("#fw-submitted", "SB-OK-0001").await;
    h.screenshot("form-5-submitted").await;
    // It leads to its status: the status view opens on this terminal.
    h.click("#fw-submitted .fw-button").await;
    h.wait_attr("#fw-nav-status", "aria-current", "page").await;
    assert_eq!(h.value("#fw-field-serial_number").await, "SB-OK-0001");
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.close().await;
}

#[tokio::test]
async fn reloading_mid_form_restores_every_field() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device_step(&h, "SB-OK-0002").await;
    next(&h, "商户信息").await;
    merchant_step(&h).await;
    h.wait_text(".fw-draft", "草稿已自动保存").await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "商户信息").await;
    h.wait_text(".fw-draft", "已恢复").await;
    for (field, want) in [
        ("merchant_id", "898310058120001"),
        ("merchant_name", "上海示例餐饮（连锁）有限公司"),
        ("credit_code", "91350100M000100Y43"),
        ("contact_name", "张三"),
        // As typed: the field was not left before the draft was saved.
        ("contact_mobile", "+86 138 0013 8000"),
    ] {
        assert_eq!(
            h.value(&format!("#fw-field-{field}")).await,
            want,
            "{field}"
        );
    }
    h.click("#fw-back").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    for (field, want) in [
        ("device_type", "04"),
        ("serial_number", "SB-OK-0002"),
        ("manufacturer", "NEWLAND"),
        ("model", "N910"),
        ("network_licence", "P3100"),
    ] {
        assert_eq!(
            h.value(&format!("#fw-field-{field}")).await,
            want,
            "{field}"
        );
    }
    h.close().await;
}

#[tokio::test]
async fn the_api_stopped_at_submit_keeps_the_draft_and_one_retry_files_once() {
    let mut h = Harness::start().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0003").await;

    h.stop_api().await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "网络中断").await;
    h.wait_text("#fw-submit", "重新提交").await;
    h.screenshot("form-submit-failed").await;

    // Back up: a reload restores the draft with its idempotency key, and one retry files it.
    h.restart_api().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    assert_eq!(h.filings_of("SB-OK-0003").await, 1);
    h.close().await;
}

#[tokio::test]
async fn a_409_lands_on_the_serial_with_a_link_to_the_guide() {
    let h = Harness::start().await;
    h.open("/").await;
    // SB-OTHER-01 is actively filed by merchant B: the server answers 409 on the serial.
    fill_to_review(&h, "SB-OTHER-01").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.wait_text("#fw-field-serial_number-error", "已有有效报备")
        .await;
    h.wait_attr("#fw-field-serial_number", "aria-invalid", "true")
        .await;
    h.wait_text("#fw-field-serial_number-error", "查看排查指南")
        .await;
    h.screenshot("form-409-serial").await;
    h.click("#fw-field-serial_number-error button").await;
    h.wait_attr("#fw-nav-guide", "aria-current", "page").await;
    // The link lands on its cause in the guide.
    h.find("#cause-filing-info-wrong").await;
    let focused = h.client.active_element().await.expect("active");
    assert_eq!(
        focused.attr("id").await.expect("id").as_deref(),
        Some("cause-filing-info-wrong")
    );
    h.close().await;
}

/// The rules changed while the page was open (the widget knew the old policy): the server's 422
/// lands on the field.
#[tokio::test]
async fn a_server_422_lands_on_its_field_in_its_step() {
    let mut h = Harness::start().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0001").await;
    h.stop_api().await;
    h.restart_api_with(|c| c.policy.location_or_ip_required = true)
        .await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    h.wait_text("#fw-field-location-error", "经纬度或设备公网 IP")
        .await;
    h.wait_text("#fw-error-summary", "经纬度").await;
    // Fixing it and submitting again files it.
    h.type_into("#fw-field-device_ip", "114.114.114.114").await;
    next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    h.close().await;
}

/// The case idempotency keys exist for: the API filed the submission but the answer never
/// reached the phone. The retry replays the same key and gets the same filing, not a second one.
#[tokio::test]
async fn a_lost_answer_then_a_retry_files_exactly_once() {
    let h = Harness::start().await.with_proxy().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0002").await;
    h.proxy
        .as_ref()
        .unwrap()
        .arm(filing_e2e::Fault::DropResponse);
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "网络中断").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    assert_eq!(
        h.filings_of("SB-OK-0002").await,
        1,
        "one filing for two submissions of one draft"
    );
    h.close().await;
}

#[tokio::test]
async fn a_server_error_or_maintenance_at_submit_keeps_the_draft_for_a_retry() {
    let h = Harness::start().await.with_proxy().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0003").await;
    h.proxy
        .as_ref()
        .unwrap()
        .arm(filing_e2e::Fault::ServerError);
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "报备服务暂时出错").await;

    h.server().set_maintenance(Some(None)).await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "报备服务正在维护").await;
    h.screenshot("form-submit-maintenance").await;

    h.server().set_maintenance(None).await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交，正在审核").await;
    h.close().await;
}

/// Markup typed into free-text fields is text: shown literally on review, never run, and stored
/// as typed.
#[tokio::test]
async fn script_and_html_typed_into_text_fields_render_as_text() {
    // No merchant record: the name is typed, so markup can be typed into it.
    let h = Harness::start_with(|c| c.merchant_profiles = false).await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device_step(&h, "SB-OK-0001").await;
    next(&h, "商户信息").await;
    // Within the contact name's 32 characters.
    let payload = "<img src=x onerror=pwned=1>";
    choose(&h, "#fw-field-merchant_type", "enterprise").await;
    h.type_into("#fw-field-merchant_name", "<script>window.pwned=1</script>")
        .await;
    h.type_into("#fw-field-credit_code", "91350100M000100Y43")
        .await;
    h.type_into("#fw-field-contact_name", payload).await;
    h.type_into("#fw-field-contact_mobile", "13800138000").await;
    next(&h, "安装位置").await;
    choose(&h, "#fw-field-region", "31").await;
    choose(&h, "#fw-region-city", "3101").await;
    choose(&h, "#fw-region-district", "310104").await;
    h.type_into("#fw-field-address", "\"><svg onload=window.pwned=1>")
        .await;
    next(&h, "确认提交").await;
    h.wait_text(".fw-form", "<script>window.pwned=1</script>")
        .await;
    h.wait_text(".fw-form", payload).await;
    let injected = h
        .client
        .execute(
            "return [window.pwned === undefined, document.querySelectorAll('.fw-form img, .fw-form svg, .fw-form script').length]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, serde_json::json!([true, 0]));
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    let token = h.server().mint_token("898310058120001", 60);
    let filings = h.api_get("/api/v1/filings", &token).await;
    assert_eq!(
        filings[0]["submission"]["contact_name"], payload,
        "stored as typed"
    );
    h.close().await;
}
