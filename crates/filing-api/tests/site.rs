//! Serving the built widget: types, precompression, caching, security headers, demo token.

mod common;

use common::*;

fn fake_dist() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.path().join(name), bytes).unwrap();
    w(
        "index.html",
        b"<!DOCTYPE html><html><head><script type=\"module\">import init from '/w.js';init();</script></head><body></body></html>",
    );
    w("filing-widget-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0");
    w("filing-widget-0123456789abcdef_bg.wasm.br", b"brotli-bytes");
    w("filing-widget-0123456789abcdef_bg.wasm.gz", b"gzip-bytes");
    d
}

#[tokio::test]
async fn serves_wasm_precompressed_with_long_cache() {
    let dist = fake_dist();
    let api = Api::start_configured(|c| c.dist_dir = Some(dist.path().to_owned())).await;
    let path = "/filing-widget-0123456789abcdef_bg.wasm";
    let br = send(
        api.addr(),
        "GET",
        path,
        &[("Accept-Encoding", "gzip, br")],
        b"",
    )
    .await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, "brotli-bytes");
    assert_eq!(
        br.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let gz = send(api.addr(), "GET", path, &[("Accept-Encoding", "gzip")], b"").await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let raw = send(api.addr(), "GET", path, &[], b"").await;
    assert_eq!(raw.header("content-encoding"), None);
    // Cached publicly for a year, so a shared cache must tell the encodings apart.
    for r in [&br, &gz, &raw] {
        let vary = r.header("vary").unwrap_or("").to_ascii_lowercase();
        assert!(vary.contains("accept-encoding"), "vary: {vary:?}");
    }
    assert_eq!(raw.body.as_bytes(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn the_page_is_not_cached_has_a_strict_csp_and_a_demo_token() {
    let dist = fake_dist();
    let api = Api::start_configured(|c| {
        c.dist_dir = Some(dist.path().to_owned());
        c.frame_ancestors = vec!["http://host.test".into()];
    })
    .await;
    let page = send(api.addr(), "GET", "/", &[], b"").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("cache-control"),
        Some("no-store"),
        "a page carrying a token is never kept"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("frame-ancestors 'self' http://host.test"),
        "{csp}"
    );

    let start = page
        .body
        .find("name=\"filing-demo-token\" content=\"")
        .expect("demo token meta")
        + 34;
    let token = &page.body[start..start + page.body[start..].find('"').unwrap()];
    let r = get(api.addr(), "/api/v1/filings", token).await;
    assert_eq!(r.status, 200, "the demo token works for the demo merchant");
    // And an example support channel, as an acquirer's page would configure one.
    assert!(page.body.contains("<meta name=\"filing-support\""));
    assert!(page
        .body
        .contains("&quot;hotline&quot;:&quot;400-000-0000&quot;"));
}

#[tokio::test]
async fn without_the_sandbox_the_page_carries_no_token() {
    let dist = fake_dist();
    let api = Api::start_configured(|c| {
        c.dist_dir = Some(dist.path().to_owned());
        c.sandbox = false;
    })
    .await;
    let page = send(api.addr(), "GET", "/", &[], b"").await;
    assert!(!page.body.contains("filing-demo-token"));
    assert!(
        !page.body.contains("filing-support"),
        "no example outside the sandbox"
    );
}

/// The raw body of `GET path` with `Accept-Encoding: encoding`, and the response's head.
async fn raw_get(addr: std::net::SocketAddr, path: &str, encoding: &str) -> (String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept-Encoding: {encoding}\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = vec![];
    s.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    (head, raw[split + 4..].to_vec())
}

/// The page is what every other file waits for: a browser that takes brotli gets it in brotli,
/// token and all (it is made per request), one that does not gets it as it is, and a shared
/// cache is told the two apart.
#[tokio::test]
async fn the_page_is_sent_in_brotli_to_a_browser_that_takes_it() {
    let dist = fake_dist();
    let api = Api::start_configured(|c| c.dist_dir = Some(dist.path().to_owned())).await;
    let (head, body) = raw_get(api.addr(), "/", "gzip, deflate, br, zstd").await;
    assert!(head.contains("content-encoding: br"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    let mut page = vec![];
    brotli::BrotliDecompress(&mut body.as_slice(), &mut page).expect("a brotli stream");
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("name=\"filing-demo-token\" content=\"ey"),
        "{page}"
    );
    assert!(
        page.contains("import init from '/w.js'"),
        "the build's page: {page}"
    );

    for refused in ["gzip", "br;q=0, gzip"] {
        let (head, body) = raw_get(api.addr(), "/", refused).await;
        assert!(!head.contains("content-encoding"), "{refused}: {head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        let page = String::from_utf8(body).unwrap();
        assert!(page.contains("filing-demo-token"), "{refused}: {page}");
    }

    // Without the sandbox the page never changes: in brotli too, as the build wrote it.
    let api = Api::start_configured(|c| {
        c.dist_dir = Some(dist.path().to_owned());
        c.sandbox = false;
    })
    .await;
    let (head, body) = raw_get(api.addr(), "/", "br").await;
    assert!(head.contains("content-encoding: br"), "{head}");
    let mut page = vec![];
    brotli::BrotliDecompress(&mut body.as_slice(), &mut page).expect("a brotli stream");
    let built = std::fs::read(dist.path().join("index.html")).unwrap();
    assert_eq!(page, built);
}
