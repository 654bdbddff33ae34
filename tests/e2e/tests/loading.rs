//! How the widget loads: the form's first steps in the first load, the code of its later parts
//! (placement, review, sending), the status view's and the guide's in chunks fetched when idle
//! (so they work offline later), a chunk that cannot be fetched reported with a retry, and every
//! file fetched with the integrity the build wrote down.

use base64::Engine as _;
use filing_e2e::merchant::{device, fill_to_review, merchant, next, placement};
use filing_e2e::{dist_dir, Harness};
use sha2::Digest as _;

/// Names of the resources the page has fetched whose URL contains `part`.
async fn fetched(h: &Harness, part: &str) -> Vec<String> {
    h.timings(part)
        .await
        .into_iter()
        .map(|(name, _, _)| name)
        .collect()
}

/// The chunk files of the build.
fn chunks() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dist_dir())
        .expect("dist")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("split-") && n.ends_with(".wasm"))
        .collect();
    names.sort();
    names
}

/// Makes the browser refuse the URLs matching `patterns` (none: it refuses nothing again).
async fn block(h: &Harness, patterns: &[&str]) {
    h.cdp("Network.enable", serde_json::json!({})).await;
    h.cdp(
        "Network.setBlockedURLs",
        serde_json::json!({ "urls": patterns }),
    )
    .await;
}

/// The chunk of the form's later parts.
fn form_chunk() -> String {
    chunks()
        .into_iter()
        .find(|n| n.starts_with("split-form-"))
        .expect("the build has the form's chunk")
}

#[tokio::test]
async fn the_form_loads_first_and_the_other_views_arrive_when_idle_and_open_offline() {
    assert!(
        chunks().len() >= 3,
        "the build has the form's, the status and the guide chunks: {:?}",
        chunks()
    );
    let mut h = Harness::start().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    // The chunks and the guide's text follow once the widget is idle, without the merchant
    // asking. A resource is listed once its response has ended: from then on nothing of it
    // needs the network, so the server can go.
    let mut wanted = chunks();
    wanted.push("guide/zh-CN.txt".to_owned());
    h.wait_until(
        async || fetched(&h, "/").await,
        |seen| wanted.iter().all(|w| seen.iter().any(|s| s.ends_with(w))),
        |seen| format!("not all of {wanted:?} were prefetched; fetched {seen:?}"),
    )
    .await;

    // The first two steps while online (they need the dictionary and the merchant's record).
    device(&h, "SB-OK-0101").await;
    next(&h, "商户信息").await;
    merchant(&h).await;

    h.stop_api().await;
    // The placement step's own code came with the prefetch: its region cascade is there (the
    // region list, which needs the API, cannot load now, and says so).
    next(&h, "安装位置").await;
    h.find("#fw-field-region").await;
    h.find("#fw-field-address").await;
    h.click("#fw-nav-status").await;
    h.wait_text("#fw-view-title-status", "查询状态").await;
    // The view itself, not the line that stands in while its code loads.
    h.find(".fw-main form #fw-field-serial_number").await;
    h.click("#fw-nav-guide").await;
    h.find("#fw-guide-filter").await;
    h.screenshot("guide-offline-after-start").await;
    assert!(h.csp_violations().await.is_empty());
    h.close().await;
}

/// A browser that refuses storage (a private window, a WebView with storage off) throws on any
/// use of `localStorage`, the loader's early read included: the widget still starts, takes input
/// and switches language, and only what it would have kept on the phone is lost.
#[tokio::test]
async fn a_phone_that_refuses_storage_still_gets_a_working_widget() {
    let h = Harness::start().await;
    h.refuse_storage().await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    let refused = h
        .client
        .execute(
            "try { localStorage; return false; } catch (e) { return e.name === 'SecurityError'; }",
            vec![],
        )
        .await
        .expect("read localStorage");
    assert_eq!(refused, serde_json::json!(true), "the page refuses storage");
    device(&h, "SB-OK-0101").await;
    h.click("#fw-locale").await;
    h.wait_text("#fw-step-title", "Device").await;
    assert_eq!(
        h.value("#fw-field-serial_number").await,
        "SB-OK-0101",
        "what was typed stays on screen"
    );
    let fallback = h
        .client
        .execute(
            "return document.getElementById('filing-widget').dataset.fallback || null",
            vec![],
        )
        .await
        .expect("read the root");
    assert_eq!(fallback, serde_json::Value::Null, "no fallback page");
    h.close().await;
}

/// A page opened at the status view or the guide downloads that view's code (and the guide its
/// text, in the language the widget will show) beside the main module, not once the main module
/// has arrived and started; and the widget's own requests take those downloads instead of
/// fetching the files again. Each load a first visit, on a slow line (1.6 Mbps, 150 ms), so
/// that the main module is still arriving while the page's script runs.
#[tokio::test]
async fn a_page_opened_at_a_view_downloads_its_code_and_text_beside_the_main_module() {
    let h = Harness::start().await;
    h.slow_first_visits().await;
    let early = async |path: &str, ready: &str, files: &[&str], not: &[&str]| {
        h.open(path).await;
        h.find(ready).await;
        h.assert_fetched_beside_the_main_module(files).await;
        for file in not {
            assert_eq!(
                h.timings(file).await,
                vec![],
                "{path}: {file} is not fetched"
            );
        }
    };
    early(
        "/?view=status",
        ".fw-main form #fw-field-serial_number",
        &["split-status-"],
        &[],
    )
    .await;
    early(
        "/?view=guide",
        "#fw-guide-filter",
        &["split-guide-", "guide/zh-CN.txt"],
        &["guide/en.txt"],
    )
    .await;
    // A merchant who chose English before gets the guide's English text early.
    h.open("/").await;
    h.click("#fw-locale").await;
    h.wait_text("#fw-step-title", "Device").await;
    early(
        "/?view=guide",
        "#fw-guide-filter",
        &["split-guide-", "guide/en.txt"],
        &["guide/zh-CN.txt"],
    )
    .await;
    h.wait_text("#fw-view-title-guide", "Guide").await;
    assert!(h.csp_violations().await.is_empty());
    h.close().await;
}

#[tokio::test]
async fn a_view_whose_code_cannot_be_fetched_says_so_and_loads_on_retry() {
    let h = Harness::start().await;
    block(&h, &["*/split-*.wasm"]).await;
    h.open("/?view=guide").await;
    h.wait_text("#fw-view-title-guide", "排查指南").await;
    h.wait_text(".fw-main [role=alert]", "加载失败，请检查网络")
        .await;
    h.screenshot("guide-chunk-failed").await;
    h.assert_accessible("a view whose code did not load").await;

    block(&h, &[]).await;
    h.click(".fw-main [role=alert] button").await;
    h.find("#fw-guide-filter").await;
    // The form never depended on the chunks.
    h.click("#fw-nav-file").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    h.close().await;
}

#[tokio::test]
async fn the_forms_later_steps_wait_for_their_code_and_a_retry_loads_it() {
    let h = Harness::start().await;
    h.open("/").await;
    fill_to_review(&h, "SB-OK-0102").await;
    h.wait_text(".fw-draft", "草稿已自动保存").await;

    // The same draft on a visit where the form's chunk cannot be fetched: the draft opens on
    // its review step, whose code is in that chunk.
    block(&h, &[&format!("*/{}", form_chunk())]).await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "确认提交").await;
    h.wait_text(".fw-main form [role=alert]", "加载失败，请检查网络")
        .await;
    h.screenshot("form-chunk-failed").await;
    h.assert_accessible("a form step whose code did not load")
        .await;
    // Submitting cannot send without that code: as when the network drops, the merchant is
    // told to submit again once online, and nothing is filed.
    h.click("#fw-submit").await;
    h.wait_text("#fw-submit-failed", "网络中断").await;
    assert_eq!(h.filings_of("SB-OK-0102").await, 0);

    block(&h, &[]).await;
    h.click(".fw-main form [role=alert] button").await;
    h.wait_text(".fw-review-section h4", "设备信息").await;
    h.click("#fw-submit").await;
    h.find("#fw-submitted").await;
    assert_eq!(h.filings_of("SB-OK-0102").await, 1);

    // The first steps never depended on the chunk: a new filing on a visit that cannot fetch
    // it gets through them, and the placement step says what is missing.
    block(&h, &[&format!("*/{}", form_chunk())]).await;
    h.open("/").await;
    h.wait_text("#fw-step-title", "设备信息").await;
    device(&h, "SB-OK-0103").await;
    next(&h, "商户信息").await;
    merchant(&h).await;
    next(&h, "安装位置").await;
    h.wait_text(".fw-main form [role=alert]", "加载失败，请检查网络")
        .await;
    h.screenshot("placement-chunk-failed").await;
    h.assert_accessible("a placement step whose code did not load")
        .await;
    // One retry brings the code and the region list it reads.
    block(&h, &[]).await;
    h.click(".fw-main form [role=alert] button").await;
    placement(&h).await;
    next(&h, "确认提交").await;
    h.close().await;
}

/// `sha384-<base64>` of a file in dist/.
fn sri(name: &str) -> String {
    let bytes = std::fs::read(dist_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}

/// Every `(file, integrity)` pair in `text` written as `<prefix>./FILE<between>sha384-...`.
fn pairs(text: &str, prefix: &str, between: &str) -> Vec<(String, String)> {
    text.split(prefix)
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.strip_prefix("./")?;
            let (file, rest) = rest.split_once('"')?;
            let rest = rest.strip_prefix(between)?;
            let (sri, _) = rest.split_once('"')?;
            Some((file.to_owned(), sri.to_owned()))
        })
        .collect()
}

#[test]
fn every_file_is_fetched_with_the_integrity_of_what_was_built() {
    let dist = dist_dir();
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    // The page: each preload's integrity attribute.
    let mut checked = 0;
    for tag in index.split('<').filter(|t| t.starts_with("link")) {
        let attr = |name: &str| {
            tag.split(&format!("{name}=")).nth(1).map(|v| {
                v.trim_start_matches('"')
                    .split(['"', ' ', '>'])
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
        };
        if let (Some(href), Some(integrity)) = (attr("href"), attr("integrity")) {
            let file = href.trim_start_matches("./");
            assert_eq!(integrity, sri(file), "the page's integrity for {file}");
            checked += 1;
        }
    }
    assert!(
        checked >= 4,
        "the page preloads its modules and wasm: {index}"
    );
    // The chunks' loader: each chunk's fetch.
    let loader = std::fs::read_dir(&dist)
        .expect("dist")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("split-loader-") && n.ends_with(".js"))
        .expect("the chunks' loader is built");
    let loader = std::fs::read_to_string(dist.join(loader)).expect("loader");
    let loader: String = loader.chars().filter(|c| !c.is_whitespace()).collect();
    // Its table of every chunk's integrity: `"./split-….wasm":"sha384-…"`.
    let fetches = pairs(&loader.replace('{', ","), ",\"", ":\"");
    let mut fetched: Vec<String> = fetches.iter().map(|(f, _)| f.clone()).collect();
    fetched.sort();
    assert_eq!(fetched, chunks(), "the loader fetches every chunk");
    for (file, integrity) in fetches {
        assert_eq!(integrity, sri(&file), "the loader's integrity for {file}");
    }
    // Mount mode's entry: the main module.
    let embed = std::fs::read_to_string(dist.join("embed.mjs")).expect("embed.mjs");
    let embed: String = embed.chars().filter(|c| !c.is_whitespace()).collect();
    let fetches = pairs(&embed, "fetch(newURL(\"", ",base),{integrity:\"");
    assert_eq!(
        fetches.len(),
        1,
        "embed.mjs fetches the main module: {embed}"
    );
    for (file, integrity) in fetches {
        assert!(file.ends_with("_bg.wasm"), "{file}");
        assert_eq!(integrity, sri(&file), "embed.mjs's integrity for {file}");
    }
}

/// A correction opens on its rejected field; when that field is one of the form's later parts
/// and their code has not arrived (a slow or dropped fetch), the step's heading holds focus
/// until it has, and then the field takes it.
#[tokio::test]
async fn a_correction_opened_before_the_forms_code_arrives_focuses_its_field_when_it_does() {
    let h = Harness::start().await;
    let rejected = h
        .file_via_api(&filing_api::registry::sandbox_filing("SB-LOCREQ-01"))
        .await;
    assert_eq!(rejected["status"], "rejected");
    block(&h, &[&format!("*/{}", form_chunk())]).await;
    h.open("/?view=status").await;
    h.retype("#fw-field-serial_number", "SB-LOCREQ-01").await;
    h.click(".fw-form button[type=submit]").await;
    h.wait_attr("#fw-terminal", "data-state", "rejected").await;
    h.click("#fw-action").await;
    h.wait_text("#fw-step-title", "安装位置").await;
    h.wait_text(".fw-main form [role=alert]", "加载失败，请检查网络")
        .await;
    h.wait_focus("fw-step-title").await;

    block(&h, &[]).await;
    h.click(".fw-main form [role=alert] button").await;
    h.find("#fw-field-location").await;
    h.wait_focus("fw-field-location").await;
    h.close().await;
}
