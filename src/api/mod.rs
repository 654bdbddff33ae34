//! The registration API client. Every failure becomes a typed [`ApiError`] that keeps its cause,
//! so views can branch on it (retry, field errors, maintenance) and show what to do.

use std::rc::Rc;

use filing_core::api::{ErrorEnvelope, FieldError, Health, TerminalStatus};
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

/// How long a request may take before it is abandoned as a network failure.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// Data fetched from the API, rendered with an exhaustive match.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    Idle,
    Loading,
    Loaded(T),
    Failed(ApiError),
}

/// How a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer: offline, DNS, refused, CORS, aborted.
    Network(String),
    /// An HTTP error answer, with the envelope's contents when the body was one.
    Http {
        status: u16,
        code: Option<String>,
        fields: Vec<FieldError>,
        /// Seconds from `Retry-After`, when the server sent it (503, 429).
        retry_after: Option<u32>,
    },
    /// A 2xx answer whose body was not the JSON we expect.
    Malformed { status: u16, detail: String },
}

impl ApiError {
    /// Whether trying the same request again later could succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            ApiError::Malformed { .. } => false,
        }
    }
}

/// A client for one API base URL, shared through context.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiClient {
    base: Rc<str>,
    token: Option<Rc<str>>,
}

impl ApiClient {
    pub fn new(base: &str, token: Option<&str>) -> Self {
        ApiClient {
            base: base.trim_end_matches('/').into(),
            token: token.map(Into::into),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn health(&self) -> Result<Health, ApiError> {
        self.get_json("/health").await
    }

    /// `serial` must already be normalised by `filing_core::rules::serial_number`.
    pub async fn terminal(&self, serial: &str) -> Result<TerminalStatus, ApiError> {
        self.get_json(&format!("/terminals/{}", encode_path_segment(serial)))
            .await
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        // A hanging connection must end in an error the merchant can act on, not a spinner forever.
        let abort = web_sys::AbortController::new().ok();
        let signal = abort.as_ref().map(|a| a.signal());
        let _deadline = abort.map(|a| Timeout::new(REQUEST_TIMEOUT_MS, move || a.abort()));
        let mut req = Request::get(&self.url(path)).header("Accept", "application/json");
        if let Some(token) = &self.token {
            req = req.header("Authorization", &format!("Bearer {token}"));
        }
        let res = req
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        decode(res).await
    }
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    let text = res
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let json = js_sys::JSON::parse(&text);
    if (200..300).contains(&status) {
        let json = json.map_err(|_| ApiError::Malformed {
            status,
            detail: "not JSON".to_owned(),
        })?;
        return serde_wasm_bindgen::from_value(json).map_err(|e| ApiError::Malformed {
            status,
            detail: e.to_string(),
        });
    }
    let envelope: Option<ErrorEnvelope> = json
        .ok()
        .and_then(|j| serde_wasm_bindgen::from_value(j).ok());
    let retry_after = res
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    Err(match envelope {
        Some(e) => ApiError::Http {
            status,
            code: Some(e.error.code),
            fields: e.error.fields,
            retry_after,
        },
        None => ApiError::Http {
            status,
            code: None,
            fields: vec![],
            retry_after,
        },
    })
}

/// Percent-encodes one path segment (serials are already restricted, but never trust that here).
fn encode_path_segment(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .dyn_into::<js_sys::JsString>()
        .map(String::from)
        .unwrap_or_default()
}
