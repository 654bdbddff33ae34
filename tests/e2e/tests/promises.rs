//! What the README promises and nothing else tested: a pending filing refreshes only while the
//! page is visible; the last known status survives a reload; the phone's location only on
//! request; the region list only when the placement step opens.

use std::time::Duration;

use filing_e2e::merchant::{device, merchant, next};
use filing_e2e::Harness;
use serde_json::json;

/// Requests the page has made whose URL contains `part`.
async fn requests(h: &Harness, part: &str) -> u64 {
    h.client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length",
            vec![json!(part)],
        )
        .await
        .expect("resource entries")
        .as_u64()
        .unwrap_or(0)
}

/// Makes the page look hidden (WeChat sent to the background) or visible again.
async fn set_hidden(h: &Harness, hidden: bool) {
    h.client
        .execute(
            "window.__hidden = arguments[0];
             Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
             Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => window.__hidden ? 'hidden' : 'visible' });
             document.dispatchEvent(new Event('visibilitychange'));",
            vec![json!(hidden)],
        )
        .await
        .expect("visibility");
}

#[tokio::test]
async fn a_pending_filing_refreshes_only_while_the_page_is_visible() {
    let h = Harness::start_with(|c| c.review_delay = Duration::from_secs(600)).await;
    let input = filing_api::registry::sandbox_filing("SB-OK-0001");
    let body = serde_json::to_value(&input).unwrap();
    let (status, _) = h
        .api_send(
            "POST",
            "/api/v1/filings",
            &[("Idempotency-Key", "p1")],
            Some(&body),
        )
        .await;
    assert_eq!(status, 201);
    h.open("/?view=status&serial=SB-OK-0001").await;
    h.wait_attr("#fw-terminal", "data-state", "pending").await;
    // Visible: the first refresh comes after 2 s.
    let first = requests(&h, "/terminals/").await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let refreshed = requests(&h, "/terminals/").await;
    assert!(
        refreshed > first,
        "refreshed while visible ({first} -> {refreshed})"
    );
    // Hidden: nothing, however long (the next refresh was due after 4 s).
    set_hidden(&h, true).await;
    let hidden = requests(&h, "/terminals/").await;
    tokio::time::sleep(Duration::from_millis(6000)).await;
    assert_eq!(
        requests(&h, "/terminals/").await,
        hidden,
        "no refresh while hidden"
    );
    // Shown again: a refresh at once.
    set_hidden(&h, false).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while requests(&h, "/terminals/").await == hidden {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no refresh on coming back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    h.close().await;
}

#[tokio::test]
async fn the_last_known_status_survives_a_reload_with_the_service_down() {
    let h = Harness::start().await.with_proxy().await;
    h.file_via_api(&filing_api::registry::sandbox_filing("SB-OK-0001"))
        .await;
    h.open("/?view=status&serial=SB-OK-0001").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.proxy.as_ref().unwrap().lookups_down(true);
    // After a reload the look-up gets no answer; the phone still knows the last one.
    h.open("/?view=status&serial=SB-OK-0001").await;
    h.wait_text("#fw-last-known", "上次查到的状态").await;
    h.wait_attr("#fw-terminal", "data-state", "approved").await;
    h.wait_text("#fw-checked", "最后查询").await;
    h.close().await;
}

#[tokio::test]
async fn the_phones_location_is_asked_for_only_on_request() {
    let h = Harness::start().await;
    // Count calls to the geolocation API from before the widget starts.
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__located = 0; const g = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation); navigator.geolocation.getCurrentPosition = (...a) => { window.__located++; return g(...a); };" }),
    )
    .await;
    h.cdp(
        "Emulation.setGeolocationOverride",
        json!({ "latitude": 31.221345, "longitude": 121.48352, "accuracy": 10 }),
    )
    .await;
    h.cdp(
        "Browser.grantPermissions",
        json!({ "origin": h.url(""), "permissions": ["geolocation"] }),
    )
    .await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device(&h, "SB-OK-0001").await;
    next(&h, "商户信息").await;
    merchant(&h).await;
    next(&h, "安装位置").await;
    let located = |h: &Harness| {
        let client = h.client.clone();
        async move {
            client
                .execute("return window.__located", vec![])
                .await
                .unwrap()
                .as_u64()
        }
    };
    assert_eq!(
        located(&h).await,
        Some(0),
        "not on load, not on opening the step"
    );
    h.click("#fw-locate").await;
    h.wait_value("#fw-field-location", "+31.221345/+121.48352")
        .await;
    assert_eq!(located(&h).await, Some(1));
    assert_eq!(
        h.value("#fw-datum").await,
        "WGS84",
        "the phone gives WGS-84"
    );
    h.close().await;
}

#[tokio::test]
async fn the_region_list_is_fetched_only_when_the_placement_step_opens() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device(&h, "SB-OK-0001").await;
    next(&h, "商户信息").await;
    merchant(&h).await;
    assert_eq!(requests(&h, "/reference/regions").await, 0);
    next(&h, "安装位置").await;
    h.find("#fw-field-region option[value=\"31\"]").await;
    assert_eq!(requests(&h, "/reference/regions").await, 1);
    h.close().await;
}
