//! Serving the Trunk-built widget: precompressed files chosen by `Accept-Encoding`, cache headers
//! (immutable for hashed files, `no-cache` for pages), security headers and a CSP.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::state::AppState;

/// The sandbox page's example of a configured support channel (see the widget's `config`).
pub const SANDBOX_SUPPORT: &str = "<meta name=\"filing-support\" content=\"{&quot;hotline&quot;:&quot;400-000-0000&quot;,&quot;hours&quot;:&quot;每天 9:00–21:00（示例）&quot;,&quot;chatUrl&quot;:&quot;https://support.example/chat&quot;}\">";

/// The standalone page, and who (if anyone) gets a demo token in it.
#[derive(Clone)]
struct Page {
    html: Arc<str>,
    /// `html` in brotli, made once: for a page without a token, which never changes.
    html_br: Option<Arc<[u8]>>,
    demo_merchant: Option<String>,
    token_ttl: i64,
    state: AppState,
}

/// The page with a fresh sandbox token in `<meta name="filing-demo-token">` (no inline script,
/// so the CSP stays strict). Without a demo merchant the page is served unchanged.
async fn page(State(page): State<Page>, request: HeaderMap) -> Response {
    let br = takes_br(&request);
    match &page.demo_merchant {
        None => match page.html_br.clone().filter(|_| br) {
            Some(bytes) => in_brotli(bytes.to_vec()),
            None => Html(page.html.to_string()).into_response(),
        },
        Some(mid) => {
            let token = page
                .state
                .keys
                .mint(mid, crate::clock::now_unix() + page.token_ttl);
            // The sandbox's example support channel: an acquirer configures its own.
            let html = page.html.replacen(
                "</head>",
                &format!(
                    "<meta name=\"filing-demo-token\" content=\"{token}\">\n{SANDBOX_SUPPORT}\n</head>"
                ),
                1,
            );
            // Made per request (the token is fresh), in well under a millisecond.
            let mut res = match br.then(|| brotli(&html)).flatten() {
                Some(bytes) => in_brotli(bytes),
                None => Html(html).into_response(),
            };
            // A page with a token in it is never kept, by the browser or any cache between.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}

/// The browser takes brotli (`br`, and not `br;q=0`). Every other file waits for the page, so
/// on a slow network its bytes come first: the build's is 2.2 KB, 1 KB in brotli.
fn takes_br(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .any(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0));
            name.eq_ignore_ascii_case("br") && !refused
        })
}

fn brotli(html: &str) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(html.len() / 2);
    brotli::BrotliCompress(&mut html.as_bytes(), &mut out, &params).ok()?;
    Some(out)
}

fn in_brotli(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_ENCODING, "br"),
        ],
        bytes,
    )
        .into_response()
}

/// The widget's static files as a router, with headers set by [`headers`].
pub fn router(dist: &Path, config: &Config, state: AppState) -> Router {
    let csp = content_security_policy(dist, &config.frame_ancestors);
    let serve = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    let page_state = |file: &str| {
        let html = std::fs::read_to_string(dist.join(file)).unwrap_or_default();
        let demo_merchant = config.demo_merchant.clone().filter(|_| config.sandbox);
        Page {
            html_br: demo_merchant
                .is_none()
                .then(|| brotli(&html))
                .flatten()
                .map(Into::into),
            html: html.into(),
            demo_merchant,
            token_ttl: config.token_ttl.as_secs() as i64,
            state: state.clone(),
        }
    };
    // The example host page gets a demo token too (a real host's backend issues its own).
    let host_page = Router::new()
        .route("/host.html", get(page))
        .with_state(page_state("host.html"));
    Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .with_state(page_state("index.html"))
        .merge(host_page)
        .fallback_service(serve)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let csp = csp.clone();
                async move { headers(req, next, &csp).await }
            },
        ))
}

async fn headers(req: Request, next: Next, csp: &HeaderValue) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let page = is_page(&path);
    let cache = if page {
        "no-cache"
    } else if is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    // Files and pages are served compressed by Accept-Encoding: a shared cache must key on it,
    // or it could hand brotli to a client that cannot read it.
    h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Pages, and the mount-mode entry `embed.mjs` (it names the current hashed files), are
/// revalidated on every load.
fn is_page(path: &str) -> bool {
    path.ends_with('/') || path.ends_with(".html") || path.ends_with("/embed.mjs")
}

/// The build names its outputs `name-<16 hex digits>.ext` (or `_bg.wasm`): Trunk the styles,
/// `cargo xtask build` the modules and chunks.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// The CSP the widget runs under. The page's start script is an inline module script; rather than allow
/// `'unsafe-inline'`, the policy names each inline script of `index.html` by its SHA-256.
pub fn content_security_policy(dist: &Path, frame_ancestors: &[String]) -> HeaderValue {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let hashes: String = inline_scripts(&html)
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let ancestors: String = frame_ancestors.iter().map(|o| format!(" {o}")).collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'self'{ancestors}"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// Bodies of `<script ...>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attrs, after) = rest.split_once('>')?;
        if attrs.contains("src=") {
            return None;
        }
        after.split_once("</script>").map(|(body, _)| body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_builds_hashed_names() {
        assert!(is_hashed("/filing-widget-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/split-guide-0123456789abcdef.wasm"));
        assert!(is_hashed("/split-loader-0123456789abcdef.js"));
        assert!(is_hashed("/loader-0123456789abcdef.mjs"));
        assert!(is_hashed("/filing-widget-0123456789abcdef.js"));
        assert!(is_hashed("/widget-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/regions.json"));
        assert!(!is_hashed("/filing-widget.js"));
    }

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<script src="a.js"></script><script type="module">import x;</script>"#;
        assert_eq!(inline_scripts(html).collect::<Vec<_>>(), vec!["import x;"]);
    }
}
