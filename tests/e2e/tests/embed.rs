//! Embedding end to end: an acquirer's page on one loopback origin embeds the widget served by
//! filing-api on another, as an iframe and by mount, under the CSP the README documents.

use std::time::Duration;

use filing_e2e::merchant::fill_to_review;
use filing_e2e::{Harness, HostSite};

/// The host page's CSP from the README, for a widget served at `widget`.
fn host_csp(widget: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {widget} 'wasm-unsafe-eval'; style-src 'self' {widget}; \
         img-src 'self' {widget} data:; connect-src {widget}; frame-src {widget}; object-src 'none'; base-uri 'none'"
    )
}

fn static_file(name: &str) -> String {
    let path = filing_e2e::dist_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The events the host page recorded, as "where type detail" lines.
async fn host_events(h: &Harness) -> Vec<String> {
    let v = h
        .client
        .execute(
            "return (window.filingWidgetEvents || []).map(e => `${e.where} ${e.type} ${e.detail ?? ''}`.trim())",
            vec![],
        )
        .await
        .expect("events");
    serde_json::from_value(v).unwrap_or_default()
}

async fn wait_event(h: &Harness, want: &str) -> Vec<String> {
    h.wait_until(
        async || host_events(h).await,
        |events| events.iter().any(|e| e.starts_with(want)),
        |events| format!("no {want:?} among {events:?}"),
    )
    .await
}

/// The example host page (`host.html`, which embeds the widget both ways) on a host origin,
/// under the README's CSP, with a token for the demo merchant valid for `token_secs`; and the
/// widget's server, which lets that origin call and frame it. Returns the host page's address.
async fn host_page(token_secs: i64) -> (HostSite, Harness, String) {
    host_page_with(token_secs, static_file("host.mjs")).await
}

/// [`host_page`] with the host's script `host_mjs`.
async fn host_page_with(token_secs: i64, host_mjs: String) -> (HostSite, Harness, String) {
    let host = HostSite::start().await;
    let host_origin = host.origin();
    let h = Harness::start_with(|c| {
        c.cors_origins = vec![host_origin.clone()];
        c.frame_ancestors = vec![host_origin.clone()];
    })
    .await;
    host.set_csp(&host_csp(&h.origin()));
    let token = h
        .server()
        .mint_token(filing_api::config::DEMO_MERCHANT, token_secs);
    let page = static_file("host.html").replacen(
        "</head>",
        &format!("<meta name=\"filing-demo-token\" content=\"{token}\">\n</head>"),
        1,
    );
    host.put("/host.html", "text/html", page);
    host.put("/host.mjs", "text/javascript", host_mjs);
    host.put("/host.css", "text/css", static_file("host.css"));
    let url = format!("{host_origin}/host.html?widget={}/", h.origin());
    (host, h, url)
}

#[tokio::test]
async fn a_host_on_another_origin_embeds_both_ways_and_a_401_renews_the_token() {
    // The page starts with a token that expires in a few seconds.
    let (_host, h, page) = host_page(4).await;
    let started = tokio::time::Instant::now();
    h.client.goto(&page).await.expect("open the host page");

    wait_event(&h, "mount filing-widget:ready").await;
    // The host's backend has a fresh token now; the mounted widget still holds the short one.
    let fresh = h
        .server()
        .mint_token(filing_api::config::DEMO_MERCHANT, 600);
    h.client
        .execute(
            "document.querySelector('meta[name=filing-demo-token]').content = arguments[0]",
            vec![serde_json::json!(fresh)],
        )
        .await
        .expect("swap the token");
    wait_event(&h, "iframe filing-widget:ready").await;
    h.screenshot("embed-host-page").await;

    // The host's theme override reaches the widget's computed colours.
    let colour = h
        .client
        .execute(
            "return getComputedStyle(document.querySelector('#fw-mount #fw-next')).backgroundColor",
            vec![],
        )
        .await
        .expect("style");
    assert_eq!(colour, "rgb(10, 88, 202)");

    fill_to_review(&h, "SB-OK-0002").await;
    let expired_at = started + Duration::from_secs(5);
    tokio::time::sleep_until(expired_at).await;
    h.click("#fw-mount #fw-submit").await;
    h.wait_text("#fw-mount #fw-submitted", "已提交").await;
    let events = wait_event(&h, "mount filing-widget:filing-submitted").await;
    assert!(
        events.iter().any(|e| e == "mount token-requested"),
        "the 401 asked the host for a token: {events:?}"
    );
    assert_eq!(h.filings_of("SB-OK-0002").await, 1, "filed once");

    // The iframe sized itself: its element is as tall as the last height it reported.
    let events = wait_event(&h, "iframe filing-widget:height-changed").await;
    let reported: f64 = events
        .iter()
        .rev()
        .find_map(|e| e.strip_prefix("iframe filing-widget:height-changed "))
        .and_then(|d| d.parse().ok())
        .expect("a height");
    assert!(reported > 200.0, "{reported}");
    let frame_height = h
        .client
        .execute(
            "return document.getElementById('fw-frame').getBoundingClientRect().height",
            vec![],
        )
        .await
        .expect("height")
        .as_f64()
        .expect("number");
    assert!(
        (frame_height - (reported + 4.0)).abs() < 1.0,
        "{frame_height} vs {reported}"
    );

    // The iframe got its token by postMessage: its list of filings loads.
    h.client.enter_frame(0).await.expect("into the iframe");
    h.find("#fw-my-filings-title").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let text = h.find(".fw-view").await.text().await.unwrap_or_default();
        // The sandbox merchant's seeded filing: the list loaded with a token.
        if text.contains("SB-REVOKED-01") {
            break;
        }
        if tokio::time::Instant::now() >= deadline {
            let net = h
                .client
                .execute(
                    "return performance.getEntriesByType('resource').map(e => e.name + ' ' + e.responseStatus)",
                    vec![],
                )
                .await;
            h.client.enter_parent_frame().await.expect("back");
            panic!("{text}\n{net:?}\n{:?}", host_events(&h).await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.client.enter_parent_frame().await.expect("back");
    h.close().await;
}

/// A host that mounts the widget at the guide: `embed.mjs` starts the download of the guide's
/// code and text (in the language the host asked for) beside the main module's.
#[tokio::test]
async fn a_widget_mounted_at_the_guide_downloads_its_code_beside_the_main_module() {
    let host_mjs = static_file("host.mjs");
    let mounted_at_guide = host_mjs.replacen(
        "  theme: {",
        "  view: \"guide\",\n  locale: \"en\",\n  theme: {",
        1,
    );
    assert_ne!(
        host_mjs, mounted_at_guide,
        "the host script mounts with a theme"
    );
    let (_host, h, page) = host_page_with(600, mounted_at_guide).await;
    h.slow_first_visits().await;
    h.client.goto(&page).await.expect("open the host page");
    h.find("#fw-mount #fw-guide-filter").await;
    h.assert_fetched_beside_the_main_module(&["split-guide-", "guide/en.txt"])
        .await;
    assert_eq!(h.timings("guide/zh-CN.txt").await, vec![]);
    h.close().await;
}

#[tokio::test]
async fn without_webassembly_the_page_shows_the_fallback() {
    let h = Harness::start_with_browser(|_| {}, &["--js-flags=--jitless"]).await;
    h.open("/").await;
    h.wait_attr("#filing-widget", "data-fallback", "unsupported")
        .await;
    h.wait_text("#filing-widget", "此浏览器无法运行终端报备助手")
        .await;
    h.wait_text("#filing-widget", "设备未报备").await;
    h.screenshot("fallback-no-webassembly").await;
    h.assert_accessible("the fallback").await;
    h.close().await;
}

#[tokio::test]
async fn served_under_a_sub_path_every_view_works() {
    let h = Harness::start_with(|c| c.public_path = "/widget/".into()).await;
    // Without the trailing slash the server redirects, so the page's relative URLs resolve.
    h.open("/widget").await;
    h.wait_attr("#fw-connection", "data-state", "ok").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.find("#fw-field-manufacturer option[value=NEWLAND]").await;
    // An open cause shows its picture, fetched from under the sub path (a closed one loads none).
    h.open("/widget/?view=guide&cause=filing-info-wrong").await;
    h.find("#cause-network").await;
    h.find("#cause-filing-info-wrong img").await;
    h.wait_until(
        async || {
            h.client
                .execute(
                    "const i = document.querySelector('#cause-filing-info-wrong img'); \
                     return i.complete && i.naturalWidth > 0 && new URL(i.src).pathname.startsWith('/widget/');",
                    vec![],
                )
                .await
                .expect("script")
        },
        |loaded| loaded.as_bool() == Some(true),
        |_| "the picture did not load under the sub path".to_owned(),
    )
    .await;
    h.open("/widget/?view=status&serial=SB-REVOKED-01").await;
    h.wait_attr("#fw-terminal", "data-state", "revoked").await;
    h.close().await;
}

/// A host page whose browser refuses storage (a private window, a locked-down WebView): both
/// ways of embedding still start the widget, and it takes input.
#[tokio::test]
async fn a_host_page_that_refuses_storage_still_embeds_both_ways() {
    let (_host, h, page) = host_page(600).await;
    // In every frame of the tab: the host page's and the iframe's.
    h.refuse_storage().await;
    h.client.goto(&page).await.expect("open the host page");
    wait_event(&h, "mount filing-widget:ready").await;
    wait_event(&h, "iframe filing-widget:ready").await;
    h.wait_text("#fw-mount #fw-step-title", "设备信息").await;
    h.type_into("#fw-mount #fw-field-serial_number", "SB-OK-0101")
        .await;
    assert_eq!(
        h.value("#fw-mount #fw-field-serial_number").await,
        "SB-OK-0101"
    );
    h.close().await;
}

/// The text of the widget's "my filings" list once it has loaded the demo merchant's filings.
async fn list_of_the_demo_merchant(h: &Harness) -> String {
    h.wait_until(
        async || h.find(".fw-view").await.text().await.unwrap_or_default(),
        |text| text.contains("SB-REVOKED-01"),
        |text| format!("the list did not load: {text}"),
    )
    .await
}

/// After the attacker's page has posted its token: the widget still lists its own merchant's
/// filings, never the attacker's merchant's.
async fn still_the_demo_merchant(h: &Harness) {
    for _ in 0..20 {
        let text = h.find(".fw-view").await.text().await.unwrap_or_default();
        assert!(
            text.contains("SB-REVOKED-01") && !text.contains("SB-OTHER-01"),
            "the widget took the other merchant's token: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A page on another origin opens the widget in a popup naming itself as host and posts its own
/// merchant's token: a top-level page has no host, so the message is ignored.
#[tokio::test]
async fn a_popup_opener_cannot_give_the_widget_its_token() {
    let attacker = HostSite::start().await;
    let h = Harness::start().await;
    let other = h.server().mint_token("898310058120002", 600);
    let widget = h.url(&format!("/?view=status&host={}", attacker.origin()));
    attacker.put(
        "/attack.js",
        "text/javascript",
        format!(
            "const w = window.open({widget:?}, 'widget');\n\
             setTimeout(() => {{ w.postMessage({{type: 'filing-widget:token', token: {other:?}}}, '*'); document.title = 'posted'; }}, 2500);\n"
        ),
    );
    attacker.put(
        "/attack.html",
        "text/html",
        "<!doctype html><title>attacker</title><script src=\"/attack.js\"></script>".into(),
    );
    h.client
        .goto(&format!("{}/attack.html", attacker.origin()))
        .await
        .expect("open the attacker's page");
    let opener = h.client.window().await.expect("this window");
    let popup = h
        .wait_until(
            async || {
                let windows = h.client.windows().await.expect("windows");
                windows.into_iter().find(|w| *w != opener)
            },
            Option::is_some,
            |_| "no popup opened".to_owned(),
        )
        .await
        .expect("a popup");
    h.client
        .switch_to_window(popup.clone())
        .await
        .expect("into the popup");
    list_of_the_demo_merchant(&h).await;
    h.client.switch_to_window(opener).await.expect("back");
    h.wait_until(
        async || h.client.title().await.unwrap_or_default(),
        |title| title == "posted",
        |_| "the token was not posted".to_owned(),
    )
    .await;
    h.client
        .switch_to_window(popup)
        .await
        .expect("into the popup");
    still_the_demo_merchant(&h).await;
    h.close().await;
}

/// A frame beside the widget on the host's own origin posts another merchant's token to it: only
/// the parent window is the host, so the message is ignored.
#[tokio::test]
async fn a_sibling_frame_cannot_give_the_widget_its_token() {
    let host = HostSite::start().await;
    let host_origin = host.origin();
    let h = Harness::start_with(|c| c.frame_ancestors = vec![host_origin.clone()]).await;
    let other = h.server().mint_token("898310058120002", 600);
    let widget = h.url(&format!("/?view=status&host={host_origin}"));
    host.put(
        "/page.html",
        "text/html",
        format!(
            "<!doctype html><title>host</title>\
             <iframe id=\"fw-frame\" src={widget:?} style=\"width:390px;height:700px\"></iframe>\
             <iframe id=\"sibling\" src=\"/sibling.html\"></iframe>"
        ),
    );
    host.put(
        "/sibling.js",
        "text/javascript",
        format!(
            "window.post = () => {{ parent.frames[0].postMessage({{type: 'filing-widget:token', token: {other:?}}}, '*'); return 1; }};\n"
        ),
    );
    host.put(
        "/sibling.html",
        "text/html",
        "<!doctype html><title>sibling</title><script src=\"/sibling.js\"></script>".into(),
    );
    h.client
        .goto(&format!("{host_origin}/page.html"))
        .await
        .expect("open the host page");
    h.client.enter_frame(0).await.expect("into the widget");
    list_of_the_demo_merchant(&h).await;
    h.client.enter_parent_frame().await.expect("back");
    h.client.enter_frame(1).await.expect("into the sibling");
    let posted = h.client.execute("return window.post()", vec![]).await;
    assert_eq!(posted.ok(), Some(serde_json::json!(1)));
    h.client.enter_parent_frame().await.expect("back");
    h.client.enter_frame(0).await.expect("into the widget");
    still_the_demo_merchant(&h).await;
    h.client.enter_parent_frame().await.expect("back");
    h.close().await;
}
