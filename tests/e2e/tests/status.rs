//! The status view and the correction of rejected filings, end to end at 360x740 against the
//! real filing-api.

use filing_api::registry::{demo_filing, sandbox_filing};
use filing_e2e::merchant::{device, merchant, next, placement};
use filing_e2e::Harness;

/// Looks a serial up in the status view (already open) and waits for its state.
async fn look_up(h: &Harness, serial: &str, state: &str) {
    h.retype("#fw-field-serial_number", serial).await;
    h.click(".fw-form button[type=submit]").await;
    h.wait_text("#fw-terminal-title", serial).await;
    h.wait_attr("#fw-terminal", "data-state", state).await;
}

/// A QR stand bound to another merchant is refused at submission, on its field: the merchant
/// types a free one and files.
#[tokio::test]
async fn a_bound_qr_stand_is_refused_on_its_field_at_submission() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device(&h, "SB-OK-0001").await;
    next(&h, "商户信息").await;
    merchant(&h).await;
    next(&h, "安装位置").await;
    placement(&h).await;
    h.type_into("#fw-field-qr_code", "QR-BOUND-0001").await;
    next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    h.wait_attr("#fw-field-qr_code", "aria-invalid", "true")
        .await;
    h.wait_text("#fw-field-qr_code-error", "未绑定的码牌").await;
    assert_eq!(h.filings_of("SB-OK-0001").await, 0, "nothing filed");
    h.retype("#fw-field-qr_code", "QR-FREE-0001").await;
    next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "已提交").await;
    assert_eq!(h.filings_of("SB-OK-0001").await, 1);
    h.close().await;
}

/// A filing the new rules reject (a location is now required): the card names the reason and
/// its field, the correction opens on it with everything else as submitted, and the corrected
/// filing is approved, its history complete.
#[tokio::test]
async fn a_rejected_filing_is_corrected_alone_and_then_approved() {
    let h = Harness::start().await;
    let rejected = h.file_via_api(&sandbox_filing("SB-LOCREQ-01")).await;
    assert_eq!(rejected["status"], "rejected");
    h.open("/?view=status").await;
    look_up(&h, "SB-LOCREQ-01", "rejected").await;
    let reason = h
        .wait_text(".fw-reason[data-code=LOCATION_REQUIRED]", "位置或设备 IP")
        .await;
    assert!(reason.contains("经纬度"), "names its field: {reason}");
    h.find(".fw-reason [data-field=location]").await;
    h.wait_text("#fw-checked", "最后查询").await;
    h.screenshot("status-rejected").await;
    h.assert_accessible("a rejected filing").await;

    // Correct: the form opens on the rejected field, everything else as submitted.
    h.click("#fw-action").await;
    h.wait_text("#fw-correcting", "正在更正").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    h.wait_focus("fw-field-location").await;
    let address = rejected["submission"]["address"]
        .as_str()
        .expect("address")
        .to_owned();
    assert_eq!(h.value("#fw-field-address").await, address);
    h.screenshot("correction-open").await;
    h.assert_accessible("a correction").await;
    h.type_into("#fw-field-location", "31.221345,121.48352")
        .await;
    next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "更正已提交").await;
    h.click("#fw-submitted .fw-button").await;

    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    let history = h
        .wait_text(".fw-timeline li:nth-child(4)", "审核通过")
        .await;
    assert!(history.contains("第 2 次提交"), "{history}");
    let all = h.find(".fw-timeline").await.text().await.expect("text");
    for step in ["提交报备", "被驳回", "更正后重新提交", "审核通过"] {
        assert!(all.contains(step), "{step} in {all}");
    }
    h.screenshot("status-approved-history").await;
    assert_eq!(
        h.filings_of("SB-LOCREQ-01").await,
        1,
        "corrected, not refiled"
    );
    h.close().await;
}

#[tokio::test]
async fn a_correction_of_a_stale_version_gets_the_412_path_and_keeps_the_edits() {
    let h = Harness::start().await;
    let input = sandbox_filing("SB-LOCREQ-01");
    let rejected = h.file_via_api(&input).await;
    assert_eq!(rejected["status"], "rejected");
    let id = rejected["id"].as_str().expect("id").to_owned();

    h.open("/?view=status").await;
    look_up(&h, "SB-LOCREQ-01", "rejected").await;
    h.click("#fw-action").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    h.type_into("#fw-field-location", "31.221345,121.48352")
        .await;

    // Meanwhile the filing is corrected elsewhere (still without a location): version 2.
    let body = serde_json::to_value(&input).expect("json");
    let (status, _) = h
        .api_send(
            "PUT",
            &format!("/api/v1/filings/{id}"),
            &[("If-Match", "\"1\"")],
            Some(&body),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.settled(&id).await["status"], "rejected");

    next(&h, "确认提交").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-stale", "已有更新").await;
    // The reason was about the location the merchant has since given: straight to review.
    h.wait_text("#fw-step-title", "确认提交").await;
    h.wait_text(".fw-form", "+31.221345").await;
    h.screenshot("correction-stale").await;
    h.click("#fw-submit").await;
    h.wait_text("#fw-submitted", "更正已提交").await;
    let now = h.settled(&id).await;
    assert_eq!(now["status"], "approved");
    assert_eq!(now["version"], 3);
    h.close().await;
}

#[tokio::test]
async fn not_filed_and_revoked_lead_to_filing_prefilled() {
    let h = Harness::start().await;
    h.open("/?view=status").await;
    look_up(&h, "SB-OK-0003", "not_filed").await;
    h.screenshot("status-not-filed").await;
    h.click("#fw-action").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    assert_eq!(h.value("#fw-field-serial_number").await, "SB-OK-0003");

    h.click("#fw-nav-status").await;
    look_up(&h, "SB-REVOKED-01", "revoked").await;
    h.wait_text("#fw-terminal", "已注销").await;
    h.screenshot("status-revoked").await;
    h.click("#fw-action").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    assert_eq!(h.value("#fw-field-serial_number").await, "SB-REVOKED-01");
    assert_eq!(h.value("#fw-field-manufacturer").await, "NEWLAND");

    // Another merchant's terminal: no details, and the way to support.
    h.click("#fw-nav-status").await;
    look_up(&h, "SB-OTHER-01", "filed_by_other").await;
    h.find("#fw-report").await;
    h.close().await;
}

#[tokio::test]
async fn every_sandbox_serial_shows_its_documented_reason() {
    let h = Harness::start().await;
    let cases = [
        ("SB-NOTACT-01", "DEVICE_NOT_ACTIVATED"),
        ("SB-SECFAIL-01", "DEVICE_SECURITY_CHECK_FAILED"),
        ("SB-UNCERT-01", "MODEL_NOT_CERTIFIED"),
        ("SB-FACE-01", "MERCHANT_NOT_QUALIFIED"),
        ("SB-LOCREQ-01", "LOCATION_REQUIRED"),
        ("SB-UNKNOWN-01", "SERIAL_NOT_FOUND"),
        ("SB-ODDCODE-01", "ACQUIRER_RISK_REVIEW"),
        ("SB-OK-0003", "MERCHANT_INFO_MISMATCH"),
    ];
    for (serial, _) in cases {
        let mut input = sandbox_filing(serial);
        if serial == "SB-OK-0003" {
            input.merchant_name = "上海别的公司".into();
        }
        h.file_via_api(&input).await;
    }
    h.file_via_api(&sandbox_filing("SB-NOREASON-01")).await;
    h.file_via_api(&sandbox_filing("SB-OK-0001")).await;

    h.open("/?view=status").await;
    // The merchant's list shows them all, newest first.
    h.wait_text("#fw-my-filings li:first-child", "SB-OK-0001")
        .await;
    for (serial, code) in cases {
        look_up(&h, serial, "rejected").await;
        h.find(&format!(".fw-reason[data-code={code}]")).await;
        h.find("#fw-action").await;
    }
    // The unknown code renders generically, its markup as text, with a report for support.
    look_up(&h, "SB-ODDCODE-01", "rejected").await;
    let text = h
        .wait_text(".fw-reason[data-code=ACQUIRER_RISK_REVIEW]", "暂不认识")
        .await;
    assert!(text.contains("<请联系客户经理>"), "markup as text: {text}");
    h.find("#fw-report").await;
    h.screenshot("status-unknown-code").await;

    look_up(&h, "SB-NOREASON-01", "rejected_no_reason").await;
    h.wait_text("#fw-terminal", "没有说明原因").await;
    let report = h.value("#fw-report").await;
    assert!(report.contains("SB-NOREASON-01"), "{report}");
    h.screenshot("status-no-reason").await;
    h.assert_accessible("rejected with no reason").await;

    // Picking a filing from the list shows it.
    h.click("#fw-my-filings li:first-child button").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.close().await;
}

#[tokio::test]
async fn with_the_api_down_the_last_known_status_shows_with_its_age() {
    let mut h = Harness::start().await;
    h.file_via_api(&demo_filing("SB-OK-0001")).await;
    h.open("/?view=status").await;
    look_up(&h, "SB-OK-0001", "approved").await;
    h.stop_api().await;

    h.click("#fw-refresh").await;
    h.wait_text("#fw-last-known", "上次查到的状态").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.wait_text("#fw-checked", "刚刚").await;

    // A fresh look-up (the view opened again) falls back to the status saved on the phone.
    h.click("#fw-nav-guide").await;
    h.click("#fw-nav-status").await;
    look_up(&h, "SB-OK-0001", "approved").await;
    h.find("#fw-last-known").await;
    h.screenshot("status-offline-last-known").await;
    h.close().await;
}

/// More filings than a page: the list shows the first page, and "show more" appends the rest
/// with focus on the first new one.
#[tokio::test]
async fn a_long_list_comes_a_page_at_a_time() {
    let h = Harness::start().await;
    for i in 0..20 {
        h.file_via_api(&sandbox_filing(&format!("PG-{i:04}"))).await;
    }
    h.open("/?view=status").await;
    h.wait_text("#fw-my-filings li:first-child", "PG-0019")
        .await;
    let count = |h: &Harness| {
        let client = h.client.clone();
        async move {
            client
                .execute(
                    "return document.querySelectorAll('#fw-my-filings li').length",
                    vec![],
                )
                .await
                .expect("count")
        }
    };
    assert_eq!(count(&h).await, 20, "one page");
    h.click("#fw-more-filings").await;
    h.wait_text("#fw-my-filings li:last-child", "SB-REVOKED-01")
        .await;
    assert_eq!(count(&h).await, 21, "the seeded filing too, once");
    h.wait_focus("fw-filing-20").await;
    assert!(
        h.client
            .find(fantoccini::Locator::Css("#fw-more-filings"))
            .await
            .is_err(),
        "no more pages, no button"
    );
    h.screenshot("status-more-filings").await;
    h.assert_accessible("status list paged").await;
    h.close().await;
}
