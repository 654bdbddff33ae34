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
    h.wait_attr("#fw-terminal", "data-state", "revoked").await;
    h.assert_accessible("the status view with a result").await;

    h.click("#fw-nav-guide").await;
    h.wait_attr("#fw-nav-guide", "aria-current", "page").await;
    h.assert_accessible("the guide").await;

    h.click("#fw-locale").await;
    h.wait_attr("html", "lang", "en").await;
    h.assert_accessible("the guide in English").await;
    // A picture loads when its cause opens (under the same CSP).
    h.click("#cause-filing-info-wrong summary").await;
    h.find("#cause-filing-info-wrong img").await;
    h.assert_accessible("the guide with a cause open").await;
    // Every view ran under the served Content-Security-Policy without a violation.
    assert_eq!(h.csp_violations().await, Vec::<String>::new());

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

/// WCAG reflow: at 320 CSS px wide, and at 200% text size on the phone viewport, every view
/// and step fits without horizontal scrolling.
#[tokio::test]
async fn every_view_reflows_at_320_px_and_at_200_percent_text() {
    for (viewport, text, name) in [
        ((320, 640), "100%", "320px"),
        ((360, 740), "200%", "text-200"),
    ] {
        let h = Harness::start_sized(viewport).await;
        h.open("/").await;
        h.wait_text("#fw-step-title", "设备信息").await;
        h.client
            .execute(
                &format!("document.documentElement.style.fontSize = '{text}'; return 1"),
                vec![],
            )
            .await
            .unwrap();
        let check = |state: &'static str| {
            let h = &h;
            async move {
                let overflow = h.horizontal_overflow().await;
                assert_eq!(
                    overflow, 0,
                    "{name}: {state} is {overflow}px wider than the screen"
                );
            }
        };
        check("the device step").await;
        h.click("#fw-next").await;
        h.wait_text("#fw-error-summary", "请先更正").await;
        check("the device step with errors").await;
        h.screenshot(&format!("reflow-{name}-errors")).await;
        merchant::device(&h, "SB-OK-0001").await;
        merchant::next(&h, "商户信息").await;
        check("the merchant step").await;
        merchant::merchant(&h).await;
        merchant::next(&h, "安装位置").await;
        merchant::placement(&h).await;
        check("the placement step").await;
        merchant::next(&h, "确认提交").await;
        check("the review step").await;
        h.screenshot(&format!("reflow-{name}-review")).await;
        h.click("#fw-nav-status").await;
        check("the status view").await;
        // A rejected filing's card: reasons, action, history.
        h.file_via_api(&filing_api::registry::sandbox_filing("SB-NOTACT-01"))
            .await;
        h.file_via_api(&filing_api::registry::demo_filing("SB-NOREASON-01"))
            .await;
        h.retype("#fw-field-serial_number", "SB-NOTACT-01").await;
        h.click(".fw-form button[type=submit]").await;
        h.wait_attr("#fw-terminal", "data-state", "rejected").await;
        h.find(".fw-timeline li").await;
        check("a rejected filing with its history").await;
        h.screenshot(&format!("reflow-{name}-rejected")).await;
        h.retype("#fw-field-serial_number", "SB-NOREASON-01").await;
        h.click(".fw-form button[type=submit]").await;
        h.wait_attr("#fw-terminal", "data-state", "rejected_no_reason")
            .await;
        check("rejected with no reason and its report").await;
        h.click("#fw-nav-guide").await;
        check("the guide").await;
        h.find("#fw-guide-filter").await;
        h.retype("#fw-field-serial_number", "SB-OK-0002").await;
        h.click("#fw-diag-run").await;
        h.find("#fw-diagnosis").await;
        check("a diagnosis").await;
        h.screenshot(&format!("reflow-{name}-diagnosis")).await;
        h.close().await;
    }
}

/// The CSP check above can fail: a planted resource from another origin is reported.
#[tokio::test]
async fn a_planted_csp_violation_is_reported() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    assert!(h.csp_violations().await.is_empty());
    h.client
        .execute(
            "const i = document.createElement('img'); i.alt = ''; i.src = 'http://192.0.2.1/x.png'; document.body.appendChild(i); return 1",
            vec![],
        )
        .await
        .expect("plant a foreign image");
    let v = h
        .wait_until(
            async || h.csp_violations().await,
            |v| !v.is_empty(),
            |_| "the blocked image was not reported".to_owned(),
        )
        .await;
    assert!(v[0].starts_with("img-src"), "{v:?}");
    h.close().await;
}
