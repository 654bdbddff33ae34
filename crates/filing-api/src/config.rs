//! Server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use filing_core::Policy;

use crate::limits::RateLimit;
use crate::listen::ConnectionLimits;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; the port may be 0 to pick a free one.
    pub addr: SocketAddr,
    /// Directory holding the SQLite database and the token secret (created on first start).
    pub data_dir: PathBuf,
    /// A PostgreSQL database (`postgres://user:password@host:port/db`) shared by every
    /// instance, instead of the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// The Trunk-built widget (`dist/`), served at `/` when present.
    pub dist_dir: Option<PathBuf>,
    /// The sub-path the widget is served under (e.g. `/widget/`); `/` by default. The API
    /// stays at `/api/v1`.
    pub public_path: String,
    /// Delay between submission and review (a few seconds so "pending" is visible; 0 in tests).
    pub review_delay: Duration,
    /// Origins allowed to call the API from a browser (CORS); empty means same origin only.
    pub cors_origins: Vec<String>,
    /// Origins allowed to frame the widget (CSP frame-ancestors), besides the server's own.
    pub frame_ancestors: Vec<String>,
    pub rate_limit: RateLimit,
    /// New filings one merchant may create in any 24 hours (corrections do not count).
    pub daily_filing_cap: u32,
    /// Where review notifications go; `None`: they are logged (the sandbox).
    pub webhook: Option<crate::notify::Webhook>,
    /// Open connections, header and request deadlines.
    pub connections: ConnectionLimits,
    /// Largest accepted request body, bytes.
    pub body_limit: usize,
    pub policy: Policy,
    /// Load the sandbox seed (registries, dictionary, sample filings).
    pub sandbox: bool,
    /// In the sandbox, the served page carries a fresh demo token for this merchant.
    pub demo_merchant: Option<String>,
    /// Lifetime of minted tokens.
    pub token_ttl: Duration,
    /// The issuer, audience and longest lifetime every token must have.
    pub token_policy: crate::token::TokenPolicy,
    /// The acquirer's public keys (ES256, EdDSA) for its own tokens, a JWKS file chosen by `kid`.
    pub jwks: Option<PathBuf>,
    /// Serve the caller's merchant record at `GET /merchant` (off: the acquirer offers none,
    /// and the form asks for the merchant's details).
    pub merchant_profiles: bool,
}

/// The sandbox's demo merchant (上海示例餐饮有限公司).
pub const DEMO_MERCHANT: &str = "898310058120001";

/// Longest lifetime of a token minted by `mint-token` (7 days): tokens are meant to be short-lived.
pub const MAX_TOKEN_TTL_SECS: i64 = 7 * 24 * 3600;

/// Checks a web origin given as `--cors-origin` or `--frame-ancestor`: `http` or `https`, a host
/// (name, IPv4, or `[IPv6]`) and an optional port; no path, query, wildcard or whitespace. Returns
/// it lowercased, without a trailing `/`, which is how a browser sends it in `Origin`.
pub fn origin(text: &str) -> Result<String, String> {
    let bad = |why: &str| {
        Err(format!(
            "{text:?} is not an origin like https://shop.example ({why})"
        ))
    };
    let lower = text.to_ascii_lowercase();
    let trimmed = lower.strip_suffix('/').unwrap_or(&lower);
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return bad("no scheme");
    };
    if scheme != "https" && scheme != "http" {
        return bad("scheme must be http or https");
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, port)) if addr.parse::<std::net::Ipv6Addr>().is_ok() => (addr, port),
            _ => return bad("bad IPv6 address"),
        },
        None => rest.split_at(rest.find(':').unwrap_or(rest.len())),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    // `port` is empty or starts with ':'.
    if !rest.starts_with('[') && (host.len() > 253 || !host.split('.').all(label_ok)) {
        return bad("bad host name");
    }
    if !port.is_empty() {
        match port.strip_prefix(':').map(str::parse::<u16>) {
            Some(Ok(p)) if p > 0 => {}
            _ => return bad("port must be 1-65535, and no path"),
        }
    }
    Ok(trimmed.to_owned())
}

impl Config {
    /// Refuses a configuration the server could not honour (rather than silently dropping it):
    /// origins that are not origins.
    pub fn validate(&self) -> Result<(), String> {
        for o in &self.cors_origins {
            origin(o).map_err(|e| format!("CORS origin {e}"))?;
        }
        for o in &self.frame_ancestors {
            origin(o).map_err(|e| format!("frame ancestor {e}"))?;
        }
        if let Some(hook) = &self.webhook {
            let scheme_ok = hook.url.starts_with("https://") || hook.url.starts_with("http://");
            if !scheme_ok || reqwest::Url::parse(&hook.url).is_err() {
                return Err(format!("webhook {:?} is not an http(s) URL", hook.url));
            }
            if hook.secret.len() < 16 {
                return Err("the webhook secret must be at least 16 characters".into());
            }
        }
        Ok(())
    }

    pub fn new(addr: SocketAddr, data_dir: PathBuf) -> Self {
        Config {
            addr,
            data_dir,
            database_url: None,
            dist_dir: None,
            public_path: "/".to_owned(),
            review_delay: Duration::from_secs(5),
            cors_origins: vec![],
            frame_ancestors: vec![],
            rate_limit: RateLimit::default(),
            daily_filing_cap: 200,
            webhook: None,
            connections: ConnectionLimits::default(),
            body_limit: 16 * 1024,
            policy: Policy::default(),
            sandbox: true,
            demo_merchant: Some(DEMO_MERCHANT.to_owned()),
            token_ttl: Duration::from_secs(2 * 3600),
            token_policy: crate::token::TokenPolicy::default(),
            jwks: None,
            merchant_profiles: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_written_as_a_browser_sends_them() {
        for (given, want) in [
            ("https://shop.example", "https://shop.example"),
            ("HTTPS://Shop.Example/", "https://shop.example"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://[::1]:3000", "http://[::1]:3000"),
            ("https://a-b.c.example:443", "https://a-b.c.example:443"),
        ] {
            assert_eq!(origin(given).as_deref(), Ok(want), "{given}");
        }
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://",
            "https://shop.example/path",
            "https://*.example",
            "https://shop.example:0",
            "https://shop.example:99999",
            "https://shop.example:80x",
            "https://shop example",
            "https://shop.example;script-src *",
            "https://-shop.example",
            "https://[::g]",
            "https://[::1",
            "*",
            "",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }
}
