//! Server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use filing_core::Policy;

use crate::limits::RateLimit;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; the port may be 0 to pick a free one.
    pub addr: SocketAddr,
    /// Directory holding the SQLite database and the token secret (created on first start).
    pub data_dir: PathBuf,
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
    /// Largest accepted request body, bytes.
    pub body_limit: usize,
    pub policy: Policy,
    /// Load the sandbox seed (registries, dictionary, sample filings).
    pub sandbox: bool,
    /// In the sandbox, the served page carries a fresh demo token for this merchant.
    pub demo_merchant: Option<String>,
    /// Lifetime of minted tokens.
    pub token_ttl: Duration,
    /// Serve the caller's merchant record at `GET /merchant` (off: the acquirer offers none,
    /// and the form asks for the merchant's details).
    pub merchant_profiles: bool,
}

/// The sandbox's demo merchant (上海示例餐饮有限公司).
pub const DEMO_MERCHANT: &str = "898310058120001";

impl Config {
    pub fn new(addr: SocketAddr, data_dir: PathBuf) -> Self {
        Config {
            addr,
            data_dir,
            dist_dir: None,
            public_path: "/".to_owned(),
            review_delay: Duration::from_secs(5),
            cors_origins: vec![],
            frame_ancestors: vec![],
            rate_limit: RateLimit::default(),
            body_limit: 16 * 1024,
            policy: Policy::default(),
            sandbox: true,
            demo_merchant: Some(DEMO_MERCHANT.to_owned()),
            token_ttl: Duration::from_secs(2 * 3600),
            merchant_profiles: true,
        }
    }
}
