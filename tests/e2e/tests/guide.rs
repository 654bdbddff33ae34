//! The guide and 一键诊断 end to end at 360x740 against the real filing-api.

use filing_api::registry::{demo_filing, sandbox_filing};
use filing_e2e::Harness;

/// Runs Diagnose for a serial (and QR stand) in the open guide; returns the verdict.
async fn diagnose(h: &Harness, serial: &str, qr: &str) -> String {
    h.retype("#fw-field-serial_number", serial).await;
    h.retype("#fw-field-qr_code", qr).await;
    h.click("#fw-diag-run").await;
    h.wait_text("#fw-diag-result", serial).await;
    // Wait until this run's result replaced the previous one.
    h.wait_until(
        async || {
            h.find("#fw-diag-run")
                .await
                .attr("aria-busy")
                .await
                .ok()
                .flatten()
        },
        Option::is_none,
        |busy| format!("diagnosis never finished: aria-busy {busy:?}"),
    )
    .await;
    h.find("#fw-diagnosis")
        .await
        .attr("data-verdict")
        .await
        .expect("attr")
        .unwrap_or_default()
}

async fn fix_text(h: &Harness) -> String {
    h.find("#fw-fix").await.text().await.expect("text")
}

#[tokio::test]
async fn diagnose_names_the_documented_cause_of_every_sandbox_serial_and_offers_its_fix() {
    let h = Harness::start().await;
    for serial in [
        "SB-NOTACT-01",
        "SB-SECFAIL-01",
        "SB-UNCERT-01",
        "SB-FACE-01",
        "SB-LOCREQ-01",
        "SB-OK-0003",
        "SB-UNKNOWN-01",
        "SB-NOREASON-01",
        "SB-ODDCODE-01",
    ] {
        let mut input = sandbox_filing(serial);
        if serial == "SB-OK-0003" {
            input.merchant_name = "上海别的公司".into();
        }
        h.file_via_api(&input).await;
    }
    h.open("/?view=guide").await;
    h.find("#fw-guide-filter").await;

    // Not filed yet: file it.
    assert_eq!(diagnose(&h, "SB-OK-0001", "").await, "filing-info-wrong");
    assert_eq!(fix_text(&h).await, "为该终端办理报备");
    h.wait_attr("[data-check=filing]", "data-outcome", "fail")
        .await;
    h.screenshot("diagnose-not-filed").await;

    let cases = [
        ("SB-NOTACT-01", "", "device-not-activated", None),
        ("SB-SECFAIL-01", "", "security-check-failed", None),
        ("SB-UNCERT-01", "", "security-check-failed", None),
        ("SB-FACE-01", "", "merchant-not-qualified", None),
        (
            "SB-LOCREQ-01",
            "",
            "rules-changed",
            Some("更正报备并重新提交"),
        ),
        (
            "SB-OK-0003",
            "",
            "filing-info-wrong",
            Some("更正报备并重新提交"),
        ),
        (
            "SB-UNKNOWN-01",
            "",
            "filing-info-wrong",
            Some("更正报备并重新提交"),
        ),
        (
            "SB-REVOKED-01",
            "",
            "filing-info-wrong",
            Some("重新办理报备"),
        ),
        ("SB-NOREASON-01", "", "support", None),
        ("SB-ODDCODE-01", "", "support", None),
        // Another merchant's filing holds it: the status card, where a transfer is asked.
        (
            "SB-OTHER-01",
            "",
            "held-elsewhere",
            Some("查看这台终端，申请转让给我"),
        ),
        // A QR stand asked about before filing.
        (
            "SB-OK-0001",
            "QR-BOUND-0001",
            "qr-code-bound-elsewhere",
            Some("为该终端办理报备"),
        ),
    ];
    for (serial, qr, verdict, fix) in cases {
        assert_eq!(diagnose(&h, serial, qr).await, verdict, "{serial}");
        if let Some(fix) = fix {
            assert_eq!(fix_text(&h).await, fix, "{serial}");
        }
        if verdict == "support" || verdict == "merchant-not-qualified" {
            let report = h.value("#fw-diag-report").await;
            assert!(report.contains(serial), "{serial}: {report}");
        }
    }
    h.screenshot("diagnose-support").await;
    h.assert_accessible("a diagnosis").await;

    // Approved: nothing wrong with the filing.
    h.file_via_api(&demo_filing("SB-OK-0001")).await;
    assert_eq!(diagnose(&h, "SB-OK-0001", "").await, "all-clear");
    let list = h.find(".fw-checklist").await.text().await.expect("text");
    assert!(list.contains("可以连接，用时"), "{list}");

    // The fix opens the correction of that filing.
    assert_eq!(diagnose(&h, "SB-LOCREQ-01", "").await, "rules-changed");
    h.screenshot("diagnose-rules-changed").await;
    h.click("#fw-fix").await;
    h.wait_text("#fw-correcting", "正在更正").await;
    h.close().await;
}

#[tokio::test]
async fn with_the_api_stopped_it_names_the_network_and_in_maintenance_the_end_time() {
    let mut h = Harness::start().await;
    h.open("/?view=guide").await;
    h.find("#fw-guide-filter").await;
    // An announced end three days ahead, at noon UTC (the same date in any nearby time zone).
    let end = (filing_api::clock::now_unix() / 86_400 + 3) * 86_400 + 12 * 3600;
    let until = filing_api::clock::rfc3339(end);
    h.server().set_maintenance(Some(Some(until.clone()))).await;
    assert_eq!(diagnose(&h, "SB-OK-0001", "").await, "maintenance");
    h.wait_text("[data-check=maintenance]", &until[..10]).await;
    h.screenshot("diagnose-maintenance").await;
    h.server().set_maintenance(None).await;

    h.stop_api().await;
    // The guide's text is already on the phone: the network check says so itself.
    assert_eq!(diagnose(&h, "SB-OK-0001", "").await, "network");
    h.wait_attr("[data-check=network]", "data-outcome", "fail")
        .await;
    assert_eq!(fix_text(&h).await, "重新诊断");
    h.find("#cause-network").await;
    h.screenshot("diagnose-network").await;
    h.close().await;
}

#[tokio::test]
async fn the_filter_and_deep_links_work_on_the_real_page() {
    let h = Harness::start().await;
    h.open("/?view=guide&cause=qr-code-bound-elsewhere").await;
    h.find("#cause-qr-code-bound-elsewhere").await;
    let focused = h.client.active_element().await.expect("active");
    assert_eq!(
        focused.attr("id").await.expect("id").as_deref(),
        Some("cause-qr-code-bound-elsewhere")
    );
    h.screenshot("guide-deep-link").await;
    assert_eq!(
        open_causes(&h).await,
        ["cause-qr-code-bound-elsewhere"],
        "the others collapsed"
    );
    h.assert_accessible("the guide with one cause open").await;

    h.type_into("#fw-guide-filter", "终端未登记").await;
    h.wait_text("#fw-guide-count", "个原因符合").await;
    h.find("#cause-device-not-activated").await;
    assert!(h
        .client
        .find(fantoccini::Locator::Css("#cause-qr-code-bound-elsewhere"))
        .await
        .is_err());
    h.screenshot("guide-filtered").await;
    let open = open_causes(&h).await;
    assert!(
        open.contains(&"cause-device-not-activated".to_owned()),
        "{open:?}"
    );
    assert!(!open.contains(&"cause-qr-code-bound-elsewhere".to_owned()));
    h.assert_accessible("the filtered guide").await;
    // Every cause collapsed, then one opened by its title.
    h.retype("#fw-guide-filter", "").await;
    h.open("/?view=guide").await;
    h.find(".fw-index").await;
    assert!(open_causes(&h).await.is_empty());
    h.assert_accessible("the guide collapsed").await;
    h.click("#cause-network summary").await;
    h.wait_attr("#cause-network", "open", "true").await;
    h.find("#cause-network img").await;
    assert_eq!(h.horizontal_overflow().await, 0);

    h.click("#fw-locale").await;
    h.wait_attr("html", "lang", "en").await;
    h.retype("#fw-guide-filter", "QR stand").await;
    h.wait_text("#fw-guide-count", "1 causes match").await;
    h.find("#cause-qr-code-bound-elsewhere").await;
    h.close().await;
}

async fn open_causes(h: &Harness) -> Vec<String> {
    let v = h
        .client
        .execute(
            "return [...document.querySelectorAll('details.fw-cause[open]')].map(d => d.id)",
            vec![],
        )
        .await
        .expect("open causes");
    serde_json::from_value(v).unwrap_or_default()
}

/// What support asks first, on the sandbox page with its example support channel: prefilled
/// where known, typed where not, and the channel beside it.
#[tokio::test]
async fn the_support_report_has_what_support_asks_and_the_configured_channel() {
    let h = Harness::start().await;
    h.open("/?view=guide").await;
    h.find("#fw-guide-filter").await;
    assert_eq!(diagnose(&h, "SB-OTHER-01", "").await, "held-elsewhere");
    h.open("/?view=status").await;
    h.retype("#fw-field-serial_number", "SB-OTHER-01").await;
    h.click(".fw-form button[type=submit]").await;
    h.wait_attr("#fw-terminal", "data-state", "filed_by_other")
        .await;
    h.type_into("#fw-report-prompt", "设备未报备").await;
    h.blur().await;
    let report = h.value("#fw-report").await;
    for want in [
        "商户号：898310058120001",
        "终端序列号（SN）：SB-OTHER-01",
        "POS 上的提示或应答码：设备未报备",
        "收款失败的时间：",
    ] {
        assert!(report.contains(want), "{want} in {report}");
    }
    let channel = h.wait_text("#fw-report-channel", "400-000-0000").await;
    assert!(channel.contains("9:00"), "{channel}");
    h.find("#fw-report-channel a[href='tel:4000000000']").await;
    h.find("#fw-report-channel a[href='https://support.example/chat']")
        .await;
    h.assert_accessible("a support report").await;
    h.screenshot("support-report").await;
    h.close().await;
}

/// Every text of the guide's pictures (the serial label, the QR stand, the sign-in screen, the
/// terminal's IP) stays inside the box it is drawn in, whatever width the phone's font gives it:
/// the label a merchant is shown to look for is never cut by its own frame.
#[tokio::test]
async fn the_pictures_texts_fit_their_boxes() {
    let h = Harness::start().await;
    let mut pictures: Vec<String> = std::fs::read_dir(filing_e2e::dist_dir().join("guide"))
        .expect("dist/guide")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    pictures.sort();
    assert!(pictures.len() >= 4, "the guide's pictures: {pictures:?}");
    for picture in &pictures {
        h.open(&format!("/guide/{picture}")).await;
        // For each text: the smallest rectangle drawn before it that holds its anchor, or the
        // picture itself; the text's box must lie within it (its stroke's half width spare).
        let out = h
            .client
            .execute(
                r#"const svg = document.documentElement;
                const vb = svg.viewBox.baseVal;
                const rects = [...svg.querySelectorAll('rect')];
                const bad = [];
                let texts = 0;
                for (const t of svg.querySelectorAll('text')) {
                  texts++;
                  const b = t.getBBox();
                  const ax = t.x.baseVal[0].value, ay = t.y.baseVal[0].value;
                  let box = { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
                  for (const r of rects) {
                    if (!(r.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
                    const rb = r.getBBox();
                    const holds = ax >= rb.x && ax <= rb.x + rb.width && ay >= rb.y && ay <= rb.y + rb.height;
                    if (holds && rb.width * rb.height < box.width * box.height) box = rb;
                  }
                  const spare = 2;
                  if (b.x < box.x - spare || b.x + b.width > box.x + box.width + spare)
                    bad.push(`${t.textContent}: ${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)} outside ${box.x}..${box.x + box.width}`);
                }
                return { texts, bad };"#,
                vec![],
            )
            .await
            .expect("measure the picture's texts");
        assert!(
            out["texts"].as_u64().unwrap_or(0) > 0,
            "{picture} has texts: {out}"
        );
        assert_eq!(out["bad"], serde_json::json!([]), "{picture}");
    }
    h.close().await;
}
