//! End-to-end harness: the real filing-api (in process, real SQLite file) serving the Trunk-built
//! widget on loopback, and headless Chromium driven over WebDriver at a phone-sized viewport.
//!
//! Chromedriver runs in its own process group with its own TMPDIR and profile directory; dropping
//! the [`Harness`] kills the whole group and removes both, so a failing test leaks nothing.
//! Helpers are layered as find / act / check; [`merchant`] has the acts of a merchant filing.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use filing_api::{Config, RunningServer};

/// Phone viewport of the tests (CSS pixels).
pub const PHONE: (u32, u32) = (360, 740);
const WAIT: Duration = Duration::from_secs(15);

/// Where the Trunk build is: `FILING_E2E_DIST`, else `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("FILING_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dist.join("index.html").exists(),
        "no widget build at {}: run the tests with `cargo xtask test`, which builds it first",
        dist.display()
    );
    dist
}

struct Chromedriver {
    child: Child,
    port: u16,
    _tmp: tempfile::TempDir,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let tmp = tempfile::tempdir().expect("scratch dir for chromedriver");
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver must be installed (cargo xtask test installs it)");
        let deadline = std::time::Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Chromedriver {
            child,
            port,
            _tmp: tmp,
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Chromium and its helpers inherit chromedriver's process group: kill them all.
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
        let _ = self.child.wait();
        // SIGKILL is asynchronous: return only once no live process of the group remains.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while live_in_group(pgid) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Whether any non-zombie process is in process group `pgid` (read from /proc/<pid>/stat).
fn live_in_group(pgid: u32) -> bool {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return false;
    };
    dir.filter_map(Result::ok).any(|e| {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            return false;
        };
        // Fields after the parenthesised command name: state, ppid, pgrp, ...
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            return false;
        };
        let mut fields = rest.split(' ');
        let state = fields.next();
        let group = fields.nth(1).and_then(|g| g.parse::<u32>().ok());
        group == Some(pgid) && state != Some("Z")
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

pub struct Harness {
    pub client: Client,
    server: Option<RunningServer>,
    config: Config,
    addr: SocketAddr,
    /// When set, the browser reaches the API through it.
    pub proxy: Option<FaultProxy>,
    _data: tempfile::TempDir,
    _driver: Chromedriver,
}

impl Harness {
    /// Starts filing-api (sandbox, reviews at once) on a free loopback port with a fresh data
    /// directory, and a browser.
    pub async fn start() -> Harness {
        Harness::start_with(|_| {}).await
    }

    /// As [`Harness::start`], with the server's configuration adjusted first.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Harness {
        Harness::start_full(configure, PHONE, &[]).await
    }

    /// As [`Harness::start_with`], with extra Chromium switches (e.g. WebAssembly disabled).
    pub async fn start_with_browser(
        configure: impl FnOnce(&mut Config),
        switches: &[&str],
    ) -> Harness {
        Harness::start_full(configure, PHONE, switches).await
    }

    /// As [`Harness::start`] with another viewport (CSS pixels).
    pub async fn start_sized(viewport: (u32, u32)) -> Harness {
        Harness::start_full(|_| {}, viewport, &[]).await
    }

    async fn start_full(
        configure: impl FnOnce(&mut Config),
        viewport: (u32, u32),
        switches: &[&str],
    ) -> Harness {
        let data = tempfile::tempdir().expect("data dir");
        let mut config = Config::new(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            data.path().to_owned(),
        );
        config.dist_dir = Some(dist_dir());
        config.review_delay = Duration::ZERO;
        configure(&mut config);
        let server = filing_api::start(config.clone())
            .await
            .expect("filing-api starts");
        let addr = server.addr;
        let driver = Chromedriver::start();
        let profile = driver._tmp.path().join("profile");
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-quic".to_owned(),
            format!("--user-data-dir={}", profile.display()),
        ];
        args.extend(switches.iter().map(|s| s.to_string()));
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "mobileEmulation": {
                    "deviceMetrics": { "width": viewport.0, "height": viewport.1, "pixelRatio": 2.0, "touch": true }
                }
            }
        });
        let caps = caps.as_object().expect("object").clone();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session");
        Harness {
            client,
            server: Some(server),
            config,
            addr,
            proxy: None,
            _data: data,
            _driver: driver,
        }
    }

    /// Puts a [`FaultProxy`] between the browser and the API (open pages after this).
    pub async fn with_proxy(mut self) -> Harness {
        self.proxy = Some(FaultProxy::start(self.addr).await);
        self
    }

    /// The API's (and widget's) own origin, without the proxy.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        let addr = self.proxy.as_ref().map_or(self.addr, |p| p.addr);
        format!("http://{addr}{path}")
    }

    pub async fn open(&self, path: &str) {
        self.client.goto(&self.url(path)).await.expect("navigate");
    }

    /// Stops the API (as if the acquirer's service went down); the browser keeps the page.
    pub async fn stop_api(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.expect("server stops cleanly");
        }
    }

    /// Starts the API again on the same port with the same data (after [`Harness::stop_api`]).
    pub async fn restart_api(&mut self) {
        self.restart_api_with(|_| {}).await;
    }

    /// As [`Harness::restart_api`], with the configuration changed (a policy tightened while
    /// the page was open).
    pub async fn restart_api_with(&mut self, change: impl FnOnce(&mut Config)) {
        change(&mut self.config);
        let mut config = self.config.clone();
        config.addr = self.addr;
        self.server = Some(
            filing_api::start(config)
                .await
                .expect("filing-api restarts"),
        );
    }

    /// `GET` an API path with a token, as JSON (to check what the server holds).
    pub async fn api_get(&self, path: &str, token: &str) -> serde_json::Value {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connect");
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        s.write_all(req.as_bytes()).await.expect("write");
        let mut raw = String::new();
        s.read_to_string(&mut raw).await.expect("read");
        let body = raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {raw}"))
    }

    /// One API request as the demo merchant: the status and the JSON answer (`Null` if none).
    pub async fn api_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        self.api_send_as(
            filing_api::config::DEMO_MERCHANT,
            method,
            path,
            headers,
            body,
        )
        .await
    }

    /// One API request as `merchant`: the status and the JSON answer (`Null` if none).
    pub async fn api_send_as(
        &self,
        merchant: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let token = self.server().mint_token(merchant, 600);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(&body);
        let mut s = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connect");
        s.write_all(req.as_bytes()).await.expect("write");
        let mut raw = String::new();
        s.read_to_string(&mut raw).await.expect("read");
        let status = raw.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or_default())
    }

    /// Files `input` through the API as the demo merchant and returns the filing once it has
    /// been reviewed (the harness reviews at once).
    pub async fn file_via_api(&self, input: &filing_core::FilingInput) -> serde_json::Value {
        let body = serde_json::to_value(input).expect("json");
        let key = format!("e2e-{}", input.serial_number);
        let (status, created) = self
            .api_send(
                "POST",
                "/api/v1/filings",
                &[("Idempotency-Key", &key)],
                Some(&body),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        self.settled(created["id"].as_str().expect("id")).await
    }

    /// The filing `id` once it is no longer pending.
    pub async fn settled(&self, id: &str) -> serde_json::Value {
        self.wait_until(
            async || {
                self.api_send("GET", &format!("/api/v1/filings/{id}"), &[], None)
                    .await
                    .1
            },
            |f| f["status"] != "pending",
            |_| format!("{id} stayed pending"),
        )
        .await
    }

    /// How many filings the demo merchant holds for `serial`, as the API says.
    pub async fn filings_of(&self, serial: &str) -> usize {
        let token = self.server().mint_token("898310058120001", 60);
        let filings = self.api_get("/api/v1/filings", &token).await;
        filings
            .as_array()
            .expect("a list of filings")
            .iter()
            .filter(|f| f["submission"]["serial_number"] == serial)
            .count()
    }

    /// The server's data directory (its database, secret and maintenance switch).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.config.data_dir
    }

    pub fn server(&self) -> &RunningServer {
        self.server.as_ref().expect("the API is running")
    }

    /// Runs a Chrome DevTools Protocol command in the page through chromedriver (e.g. IME input
    /// with `Input.imeSetComposition`, which WebDriver has no command for).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let session = self
            .client
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        let body = serde_json::json!({ "cmd": cmd, "params": params }).to_string();
        let req = format!(
            "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", self._driver.port))
            .await
            .expect("connect to chromedriver");
        s.write_all(req.as_bytes()).await.expect("write");
        // chromedriver keeps the connection open: read the head, then Content-Length bytes.
        let mut r = tokio::io::BufReader::new(s);
        let (mut status, mut len) = (String::new(), 0usize);
        loop {
            let mut line = String::new();
            tokio::io::AsyncBufReadExt::read_line(&mut r, &mut line)
                .await
                .expect("read");
            if status.is_empty() {
                status = line.clone();
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().expect("a length");
            }
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).await.expect("read the body");
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        assert!(
            status.contains(" 200 "),
            "CDP {cmd} failed: {status} {answer}"
        );
        answer["value"].clone()
    }

    // find

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css:?}: {e}"))
    }

    // act

    /// Taps an element, scrolled to the middle of the screen first (WebDriver's own scrolling
    /// leaves an element at the bottom edge half outside the phone's viewport).
    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(&el).expect("element")],
            )
            .await
            .expect("scroll into view");
        el.click().await.expect("click");
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.expect("type");
    }

    /// Replaces a text field's value as a merchant would (select all, then type): the app hears
    /// an `input` event for the emptied field, which WebDriver's own clear does not send.
    pub async fn retype(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.client
            .execute(
                "const e = arguments[0]; e.focus(); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::to_value(&el).expect("element")],
            )
            .await
            .expect("empty the field");
        el.send_keys(text).await.expect("type");
    }

    /// Waits until the page has rendered what the last input caused (two animation frames).
    pub async fn settle(&self) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("settle");
    }

    /// Moves focus away from the active element (a merchant tapping elsewhere).
    pub async fn blur(&self) {
        self.client
            .execute(
                "document.activeElement && document.activeElement.blur()",
                vec![],
            )
            .await
            .expect("blur");
    }

    /// From the next page on, every load is a first visit (nothing from the browser's cache) on
    /// a slow phone line: 1.6 Mbps down, 150 ms round trips.
    pub async fn slow_first_visits(&self) {
        self.cdp("Network.enable", serde_json::json!({})).await;
        self.cdp(
            "Network.setCacheDisabled",
            serde_json::json!({ "cacheDisabled": true }),
        )
        .await;
        self.cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 94_000 }),
        )
        .await;
    }

    /// From the next page on, every frame of the tab refuses storage as a private window or a
    /// locked-down WebView does: any use of `localStorage` throws a `SecurityError`.
    pub async fn refuse_storage(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('storage is off', 'SecurityError'); } });" }),
        )
        .await;
    }

    // check

    /// The Content-Security-Policy violations the page has seen (recorded by its loader).
    pub async fn csp_violations(&self) -> Vec<String> {
        let v = self
            .client
            .execute("return window.filingWidgetCspViolations || null", vec![])
            .await
            .expect("read violations");
        assert!(!v.is_null(), "the page's loader records CSP violations");
        serde_json::from_value(v).unwrap_or_default()
    }

    /// The current document's fetches of files whose URL contains `part`, one per fetch: the
    /// URL, and when it started and ended (ms since the page's start).
    pub async fn timings(&self, part: &str) -> Vec<(String, f64, f64)> {
        let v = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).map(e => [e.name, e.startTime, e.responseEnd])",
                vec![serde_json::json!(part)],
            )
            .await
            .expect("read the resource timings");
        serde_json::from_value(v).expect("timings")
    }

    /// That the current document fetched each of `files` once, and started it before the main
    /// module (the widget's `_bg.wasm`) had arrived: `files` download beside it.
    pub async fn assert_fetched_beside_the_main_module(&self, files: &[&str]) {
        let main = self.timings("_bg.wasm").await;
        let [(_, _, main_end)] = main[..] else {
            panic!("the main module fetched once: {main:?}");
        };
        for file in files {
            let got = self.timings(file).await;
            let [(ref name, start, _)] = got[..] else {
                panic!("{file} fetched once: {got:?}");
            };
            assert!(
                start < main_end,
                "{name} started at {start} ms, after the main module had arrived at {main_end} ms"
            );
        }
    }

    /// Reads with `read` every 50 ms until `done` holds of what it read, for up to 15 s, and
    /// returns that; fails with `failure` of the last reading otherwise.
    pub async fn wait_until<T>(
        &self,
        read: impl AsyncFn() -> T,
        done: impl Fn(&T) -> bool,
        failure: impl FnOnce(&T) -> String,
    ) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let value = read().await;
            if done(&value) {
                return value;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!("{}", failure(&value));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the element's text contains `want`; returns the text.
    pub async fn wait_text(&self, css: &str, want: &str) -> String {
        self.wait_until(
            async || match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            },
            |text| text.contains(want),
            |text| format!("{css:?} never contained {want:?}; last text {text:?}"),
        )
        .await
    }

    /// Waits until an attribute of the element equals `want`.
    pub async fn wait_attr(&self, css: &str, attr: &str, want: &str) {
        self.wait_until(
            async || match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.attr(attr).await.ok().flatten(),
                Err(_) => None,
            },
            |value| value.as_deref() == Some(want),
            |value| format!("{css:?} [{attr}] never became {want:?}; last {value:?}"),
        )
        .await;
    }

    /// Waits until the focused element is the one with id `want` (focus can move after a
    /// fetch, such as a chunk of code or the next page).
    pub async fn wait_focus(&self, want: &str) {
        self.wait_until(
            async || {
                self.client
                    .execute(
                        "return document.activeElement ? document.activeElement.id : null",
                        vec![],
                    )
                    .await
                    .expect("read the focused element")
            },
            |id| id.as_str() == Some(want),
            |id| format!("focus never moved to #{want}; it is on {id}"),
        )
        .await;
    }

    /// Waits until an input's value (the property: what is on screen) is `want`.
    pub async fn wait_value(&self, css: &str, want: &str) {
        self.wait_until(
            async || self.value(css).await,
            |value| value == want,
            |value| format!("{css:?} never held {want:?}; last {value:?}"),
        )
        .await;
    }

    /// Whether an input is read-only (a value given by the acquirer or derived).
    pub async fn readonly(&self, css: &str) -> bool {
        self.find(css)
            .await
            .prop("readOnly")
            .await
            .ok()
            .flatten()
            .as_deref()
            == Some("true")
    }

    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Runs axe-core (the pinned npm copy in tools/) on the page; returns its violations as
    /// "rule-id: target, target (help)" lines, empty when there are none.
    pub async fn axe(&self) -> Vec<String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (cargo xtask test installs it)", path.display()));
        self.client
            .execute(&format!("{source}; return true;"), vec![])
            .await
            .expect("inject axe");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ') + ' (' + v.help + ')')))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe");
        serde_json::from_value(result).expect("a list of strings")
    }

    /// Fails with the violations if axe-core finds any.
    pub async fn assert_accessible(&self, state: &str) {
        let violations = self.axe().await;
        assert!(
            violations.is_empty(),
            "axe-core on {state}:\n{}",
            violations.join("\n")
        );
    }

    /// How many CSS pixels the page is wider than the viewport (0 when it reflows).
    pub async fn horizontal_overflow(&self) -> i64 {
        self.client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                vec![],
            )
            .await
            .expect("measure")
            .as_i64()
            .unwrap_or(i64::MAX)
    }

    /// Saves a PNG of the viewport under target/e2e-screens/ for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screens");
        std::fs::create_dir_all(&dir).expect("screens dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Ends the browser session; the driver and its processes go when the harness drops.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// What a merchant does in the filing form, step by step (the sandbox's demo merchant).
pub mod merchant {
    use super::Harness;

    /// Chooses an option of a native select by its value (waiting for the option to exist).
    pub async fn choose(h: &Harness, select: &str, value: &str) {
        h.find(&format!("{select} option[value=\"{value}\"]")).await;
        h.find(select)
            .await
            .select_by_value(value)
            .await
            .expect("select");
    }

    /// Taps the step's "next" and waits for the step titled `want_title`.
    pub async fn next(h: &Harness, want_title: &str) {
        h.click("#fw-next").await;
        h.wait_text("#fw-step-title", want_title).await;
    }

    /// Step 1, a NEWLAND N910 smart POS; the licence is filled in from the model.
    pub async fn device(h: &Harness, serial: &str) {
        choose(h, "#fw-field-device_type", "04").await;
        h.type_into("#fw-field-serial_number", serial).await;
        choose(h, "#fw-field-manufacturer", "NEWLAND").await;
        choose(h, "#fw-field-model", "N910").await;
        assert_eq!(
            h.value("#fw-field-network_licence").await,
            "P3100",
            "filled from the model"
        );
    }

    /// Step 2: who the merchant is comes from the acquirer's record, read-only; the contact is
    /// prefilled from it, and the mobile number retyped as on a Chinese phone ("+86", spaces).
    pub async fn merchant(h: &Harness) {
        assert_eq!(
            h.value("#fw-field-merchant_id").await,
            "898310058120001",
            "prefilled from the token"
        );
        h.wait_value("#fw-field-merchant_name", "上海示例餐饮（连锁）有限公司")
            .await;
        assert!(
            h.readonly("#fw-field-merchant_name").await,
            "the acquirer's record"
        );
        assert_eq!(h.value("#fw-field-merchant_type").await, "企业");
        assert_eq!(h.value("#fw-field-credit_code").await, "91350100M000100Y43");
        assert_eq!(h.value("#fw-field-contact_name").await, "张三");
        h.retype("#fw-field-contact_mobile", "+86 138 0013 8000")
            .await;
    }

    /// Step 2 typed in full, for an acquirer that offers no merchant records (`GET /merchant`
    /// answers 404): the type chosen, the name typed as people type it (half-width brackets).
    pub async fn merchant_typed(h: &Harness) {
        choose(h, "#fw-field-merchant_type", "enterprise").await;
        h.type_into("#fw-field-merchant_name", "上海示例餐饮(连锁)有限公司")
            .await;
        h.type_into("#fw-field-credit_code", "91350100m000100y43")
            .await;
        h.type_into("#fw-field-contact_name", "张三").await;
        h.type_into("#fw-field-contact_mobile", "(+86) 138-0013-8000")
            .await;
    }

    /// Step 3: 上海市 市辖区 徐汇区 and an address.
    pub async fn placement(h: &Harness) {
        choose(h, "#fw-field-region", "31").await;
        choose(h, "#fw-region-city", "3101").await;
        choose(h, "#fw-region-district", "310104").await;
        h.type_into("#fw-field-address", "漕溪北路 88 号").await;
    }

    /// From an open, empty form to the review step of a complete filing for `serial`.
    pub async fn fill_to_review(h: &Harness, serial: &str) {
        h.wait_text("#fw-step-title", "设备信息").await;
        device(h, serial).await;
        next(h, "商户信息").await;
        merchant(h).await;
        next(h, "安装位置").await;
        placement(h).await;
        next(h, "确认提交").await;
    }
}

/// A fault the [`FaultProxy`] applies to the next `POST /api/v1/filings` that passes through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Answer 500 with the error envelope; the API never sees the request.
    ServerError,
    /// Forward the request (the API files it), then drop the connection instead of answering:
    /// the merchant's phone never learns that the filing was made.
    DropResponse,
    /// Forward the request, then hold the answer back this long (a very slow network).
    Slow(Duration),
    /// Forward the request (the API files it), then answer this instead: a broken gateway.
    Replace {
        status: u16,
        body: &'static str,
    },
    /// Answer 401 with the envelope (an expired token); the API never sees the request.
    Unauthorized,
    /// Answer 503 with `Retry-After` (maintenance); the API never sees the request.
    Unavailable {
        retry_after: u32,
    },
}

/// An HTTP/1.1 proxy on loopback between the browser and filing-api that can break one
/// submission in a chosen way. Every request goes upstream on its own connection.
pub struct FaultProxy {
    pub addr: SocketAddr,
    fault: std::sync::Arc<std::sync::Mutex<Fault>>,
    /// How many `POST /api/v1/filings` have come through (a re-sent submission counts, even
    /// when its key makes the server replay the same filing).
    submissions: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// While set, status look-ups (`GET /api/v1/terminals/…`) get no answer: the network fails
    /// for them while the page itself still loads.
    lookups_down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    pub async fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let fault = std::sync::Arc::new(std::sync::Mutex::new(Fault::None));
        let submissions = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let lookups_down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (shared, counted, down) = (fault.clone(), submissions.clone(), lookups_down.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(proxy_connection(
                    client,
                    upstream,
                    shared.clone(),
                    counted.clone(),
                    down.clone(),
                ));
            }
        });
        FaultProxy {
            addr,
            fault,
            submissions,
            lookups_down,
            task,
        }
    }

    /// Status look-ups get no answer (true) or go through again (false).
    pub fn lookups_down(&self, down: bool) {
        self.lookups_down
            .store(down, std::sync::atomic::Ordering::SeqCst);
    }

    /// Arms `fault` for the next submission.
    pub fn arm(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
    }

    /// Submissions the browser has sent so far.
    pub fn submissions(&self) -> usize {
        self.submissions.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head and Content-Length body); `None` at end of stream.
async fn read_request(
    r: &mut tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> Option<(String, Vec<u8>)> {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let len = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_owned())
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).await.ok()?;
    Some((head, body))
}

async fn proxy_connection(
    client: tokio::net::TcpStream,
    upstream: SocketAddr,
    fault: std::sync::Arc<std::sync::Mutex<Fault>>,
    submissions: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    lookups_down: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (read, mut write) = client.into_split();
    let mut read = tokio::io::BufReader::new(read);
    while let Some((head, body)) = read_request(&mut read).await {
        if head.starts_with("GET /api/v1/terminals/")
            && lookups_down.load(std::sync::atomic::Ordering::SeqCst)
        {
            return; // the connection closes without an answer
        }
        let is_submission = head.starts_with("POST /api/v1/filings ");
        if is_submission {
            submissions.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        let armed = if is_submission {
            std::mem::replace(&mut *fault.lock().unwrap(), Fault::None)
        } else {
            Fault::None
        };
        let refusal = match armed {
            Fault::ServerError => Some((
                "500 Internal Server Error",
                String::new(),
                r#"{"error":{"code":"INTERNAL","message":"injected"}}"#,
            )),
            Fault::Unauthorized => Some((
                "401 Unauthorized",
                String::new(),
                r#"{"error":{"code":"TOKEN_EXPIRED","message":"injected"}}"#,
            )),
            Fault::Unavailable { retry_after } => Some((
                "503 Service Unavailable",
                format!("retry-after: {retry_after}\r\n"),
                r#"{"error":{"code":"MAINTENANCE","message":"injected"}}"#,
            )),
            _ => None,
        };
        if let Some((status, extra, body)) = refusal {
            let res = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = write.write_all(res.as_bytes()).await;
            return;
        }
        // One upstream connection per request, closed by the server after answering.
        let mut lines: Vec<&str> = head
            .trim_end()
            .lines()
            .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
            .collect();
        lines.push("Connection: close");
        let request = format!("{}\r\n\r\n", lines.join("\r\n"));
        let Ok(mut up) = tokio::net::TcpStream::connect(upstream).await else {
            return;
        };
        if up.write_all(request.as_bytes()).await.is_err() || up.write_all(&body).await.is_err() {
            return;
        }
        let mut response = vec![];
        if up.read_to_end(&mut response).await.is_err() {
            return;
        }
        match armed {
            Fault::DropResponse => return, // the connection closes without an answer
            Fault::Slow(d) => tokio::time::sleep(d).await,
            Fault::Replace { status, body } => {
                response = format!(
                    "HTTP/1.1 {status} Injected\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes();
            }
            _ => {}
        }
        if write.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// The files a [`HostSite`] serves: (path, content type, body).
type SiteFiles = std::sync::Arc<std::sync::Mutex<Vec<(String, &'static str, String)>>>;

/// A host page's server on its own loopback port (another origin than the widget): serves the
/// files put into it, each with the given Content-Security-Policy.
pub struct HostSite {
    pub addr: SocketAddr,
    files: SiteFiles,
    csp: std::sync::Arc<std::sync::Mutex<String>>,
    task: tokio::task::JoinHandle<()>,
}

impl HostSite {
    pub async fn start() -> HostSite {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let files: SiteFiles = Default::default();
        let served = files.clone();
        let csp: std::sync::Arc<std::sync::Mutex<String>> = Default::default();
        let policy = csp.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                let served = served.clone();
                let csp = policy.lock().expect("csp").clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let n = s.read(&mut buf).await.unwrap_or(0);
                    let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                    let path = head
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or("/")
                        .split('?')
                        .next()
                        .unwrap_or("/")
                        .to_owned();
                    let found = served
                        .lock()
                        .expect("files")
                        .iter()
                        .find(|(p, _, _)| *p == path)
                        .map(|(_, t, b)| (*t, b.clone()));
                    let (status, kind, body) = match found {
                        Some((t, b)) => ("200 OK", t, b),
                        None => ("404 Not Found", "text/plain", "not found".to_owned()),
                    };
                    let res = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Length: {}\r\nContent-Security-Policy: {csp}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = s.write_all(res.as_bytes()).await;
                });
            }
        });
        HostSite {
            addr,
            files,
            csp,
            task,
        }
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The Content-Security-Policy every answer carries.
    pub fn set_csp(&self, policy: &str) {
        *self.csp.lock().expect("csp") = policy.to_owned();
    }

    pub fn put(&self, path: &str, content_type: &'static str, body: String) {
        self.files
            .lock()
            .expect("files")
            .push((path.to_owned(), content_type, body));
    }
}

impl Drop for HostSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}
