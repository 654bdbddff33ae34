//! The registration API client. Every failure becomes a typed [`ApiError`] that keeps its cause,
//! so views can branch on it (retry, field errors, maintenance) and show what to do.

use std::cell::RefCell;
use std::rc::Rc;

use filing_core::api::{
    codes, DeregisterReason, ErrorEnvelope, FieldError, FilingEvent, FilingRecord, Health,
    HealthStatus, MerchantProfile, TerminalStatus, TransferRecord,
};
use filing_core::catalog::Catalog;
use filing_core::{FieldErrors, FilingInput, Policy};
use gloo_net::http::{Method, RequestBuilder, Response};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};

use crate::host::{self, HostEvent};
use crate::json::{self, FromJs, ObjectBuilder};

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

impl<T> Remote<T> {
    /// For [`crate::components::load_state::load_state`]: `None` when loaded, else whether it failed.
    pub fn load_failed(&self) -> Option<bool> {
        match self {
            Remote::Loaded(_) => None,
            Remote::Idle | Remote::Loading => Some(false),
            Remote::Failed(_) => Some(true),
        }
    }
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

/// What a failure means for the merchant (the view words each one; it decodes no status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer: offline, a dropped connection, a timeout.
    Network,
    /// The service is under maintenance (503).
    Maintenance,
    /// The service cannot save right now (503 `STORE_UNAVAILABLE`).
    StoreUnavailable,
    /// The session's token was refused (401).
    Unauthorized,
    /// Too many requests (429).
    RateLimited,
    /// The merchant's new filings of the last 24 hours reached the acquirer's cap (429
    /// `DAILY_LIMIT_REACHED`).
    DailyLimit,
    /// Any other error answer.
    Server,
    /// An answer that is not the JSON expected.
    Malformed,
}

impl ApiError {
    pub fn failure(&self) -> Failure {
        match self {
            ApiError::Network(_) => Failure::Network,
            ApiError::Http {
                status: 503,
                code: Some(code),
                ..
            } if code == codes::STORE_UNAVAILABLE => Failure::StoreUnavailable,
            // Too many connections at once: the service is busy, not paused.
            ApiError::Http {
                status: 503,
                code: Some(code),
                ..
            } if code == codes::SERVER_BUSY => Failure::Server,
            ApiError::Http { status: 503, .. } => Failure::Maintenance,
            // The request did not reach the server in time: a slow or dropping connection.
            ApiError::Http { status: 408, .. } => Failure::Network,
            ApiError::Http { status: 401, .. } => Failure::Unauthorized,
            ApiError::Http {
                status: 429,
                code: Some(code),
                ..
            } if code == codes::DAILY_LIMIT_REACHED => Failure::DailyLimit,
            ApiError::Http { status: 429, .. } => Failure::RateLimited,
            ApiError::Http { .. } => Failure::Server,
            ApiError::Malformed { .. } => Failure::Malformed,
        }
    }

    /// Whole minutes to wait before retrying, when the server said (`Retry-After` on 503, 429).
    pub fn retry_in_minutes(&self) -> Option<u32> {
        match self {
            ApiError::Http {
                status: 503 | 429,
                retry_after: Some(secs),
                ..
            } => Some(secs.div_ceil(60).max(1)),
            _ => None,
        }
    }

    /// A code for the host's `error` event: the envelope's code, else what kind of failure.
    pub fn code(&self) -> String {
        match self {
            ApiError::Network(_) => "NETWORK".to_owned(),
            ApiError::Http {
                code: Some(code), ..
            } => code.clone(),
            ApiError::Http { status, .. } => format!("HTTP_{status}"),
            ApiError::Malformed { .. } => "MALFORMED_RESPONSE".to_owned(),
        }
    }

    /// Whether trying the same request again later could succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            ApiError::Malformed { .. } => false,
        }
    }
}

/// How a submission ended, as the form acts on it (views do not decode HTTP statuses).
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitOutcome {
    /// Filed (or the correction resubmitted): pending review.
    Filed(FilingRecord),
    /// The server refused fields (422, or a 409 on a field): fix them and submit again.
    FieldErrors(FieldErrors),
    /// A correction met a newer version of its filing (412, or its answer was lost and it went
    /// through already): this is the filing as it is now.
    Stale(FilingRecord),
    /// No answer, or one the form cannot act on; the draft and its key are kept for a retry.
    Failed(ApiError),
}

/// The filing a correction answers: its id and the version it was made against.
#[derive(Debug, Clone, Copy)]
pub struct Correcting<'a> {
    pub id: &'a str,
    pub version: u32,
    /// A placement change of an approved filing rather than a correction.
    pub moving: bool,
}

/// A client for one API base URL, shared through context. Its clones share one token, which a
/// host's token provider can renew: on a 401 the client asks it once and repeats the request.
#[derive(Debug, Clone)]
pub struct ApiClient {
    base: Rc<str>,
    token: Rc<RefCell<Option<String>>>,
    provider: Option<js_sys::Function>,
}

impl PartialEq for ApiClient {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base
            && Rc::ptr_eq(&self.token, &other.token)
            && self.provider == other.provider
    }
}

impl ApiClient {
    pub fn new(base: &str, token: Option<&str>) -> Self {
        ApiClient {
            base: base.trim_end_matches('/').into(),
            token: Rc::new(RefCell::new(token.map(str::to_owned))),
            provider: None,
        }
    }

    /// With the host's token provider (mount mode), called on a 401.
    pub fn with_provider(mut self, provider: Option<js_sys::Function>) -> Self {
        self.provider = provider;
        self
    }

    /// The bearer token, if the host gave one.
    pub fn token(&self) -> Option<String> {
        self.token.borrow().clone()
    }

    /// The merchant number inside the session's token (a JWT's `mid` claim), to prefill the
    /// form. Read, not verified: the server verifies every request.
    pub fn merchant_id(&self) -> Option<String> {
        merchant_of_token(&self.token()?)
    }

    /// Asks the host's provider for a fresh token; `true` when it gave one.
    async fn renew(&self) -> bool {
        let Some(provider) = &self.provider else {
            return false;
        };
        let Ok(mut value) = provider.call0(&JsValue::NULL) else {
            return false;
        };
        if let Some(promise) = value.dyn_ref::<js_sys::Promise>() {
            match wasm_bindgen_futures::JsFuture::from(promise.clone()).await {
                Ok(v) => value = v,
                Err(_) => return false,
            }
        }
        match value.as_string().filter(|t| !t.is_empty()) {
            Some(t) => {
                *self.token.borrow_mut() = Some(t);
                true
            }
            None => false,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `/health`; a 503 whose body is a health answer (`degraded`) is that answer, not an error.
    pub async fn health(&self) -> Result<Health, ApiError> {
        let res = self.send(Method::GET, "/health", None, &[]).await?;
        if res.status() != 503 {
            return decode(res).await;
        }
        let text = res.text().await.map_err(transport)?;
        match json::parse::<Health>(&text) {
            Ok(h) if h.status == HealthStatus::Degraded => Ok(h),
            _ => Err(http_error(503, &text, None)),
        }
    }

    /// `serial` must already be normalised by `filing_core::rules::serial_number`. Also returns
    /// the answer's JSON text, which the status view keeps as the last known status.
    pub async fn terminal(
        &self,
        serial: &str,
        qr_code: Option<&str>,
    ) -> Result<(TerminalStatus, String), ApiError> {
        let mut path = format!("/terminals/{}", encode_path_segment(serial));
        if let Some(qr) = qr_code {
            path.push_str("?qr_code=");
            path.push_str(&encode_path_segment(qr));
        }
        let res = self.send(Method::GET, &path, None, &[]).await?;
        let status = res.status();
        let text = text_of(res).await?;
        parse(status, &text).map(|t| (t, text))
    }

    /// A page of the caller's filings, newest first, from `cursor` (the first page without),
    /// and the cursor of the next page when there is one.
    pub async fn filings(
        &self,
        cursor: Option<&str>,
    ) -> Result<(Vec<FilingRecord>, Option<String>), ApiError> {
        let path = match cursor {
            Some(c) => format!(
                "/filings?limit={FILINGS_PAGE}&cursor={}",
                encode_path_segment(c)
            ),
            None => format!("/filings?limit={FILINGS_PAGE}"),
        };
        let res = self.send(Method::GET, &path, None, &[]).await?;
        let next = res.headers().get("Link").as_deref().and_then(next_cursor);
        decode(res).await.map(|page| (page, next))
    }

    pub async fn filing(&self, id: &str) -> Result<FilingRecord, ApiError> {
        self.get_json(&format!("/filings/{}", encode_path_segment(id)))
            .await
    }

    /// A filing's history, oldest first.
    pub async fn events(&self, id: &str) -> Result<Vec<FilingEvent>, ApiError> {
        self.get_json(&format!("/filings/{}/events", encode_path_segment(id)))
            .await
    }

    /// `PUT /filings/{id}` with `If-Match: "<version>"`: resubmits a rejected filing. A second
    /// send of the same correction answers 412, so it cannot be applied twice either.
    pub async fn correct_filing(
        &self,
        id: &str,
        version: u32,
        input: &FilingInput,
    ) -> Result<FilingRecord, ApiError> {
        self.send_filing(
            Method::PUT,
            &format!("/filings/{}", encode_path_segment(id)),
            input,
            &[("If-Match", &format!("\"{version}\""))],
        )
        .await
    }

    /// `POST /filings/{id}/placement` with `If-Match`: a change of an approved filing's
    /// placement (the rest of `input` is as filed).
    pub async fn change_placement(
        &self,
        id: &str,
        version: u32,
        input: &FilingInput,
    ) -> Result<FilingRecord, ApiError> {
        self.send_filing(
            Method::POST,
            &format!("/filings/{}/placement", encode_path_segment(id)),
            input,
            &[("If-Match", &format!("\"{version}\""))],
        )
        .await
    }

    /// `POST /filings/{id}/withdraw` with `If-Match`.
    pub async fn withdraw(&self, id: &str, version: u32) -> Result<FilingRecord, ApiError> {
        self.filing_action(id, "withdraw", version, "{}".to_owned())
            .await
    }

    /// `POST /filings/{id}/deregister` with `If-Match` and the merchant's reason.
    pub async fn deregister(
        &self,
        id: &str,
        version: u32,
        reason: DeregisterReason,
    ) -> Result<FilingRecord, ApiError> {
        let body = format!("{{\"reason\":\"{}\"}}", reason.name());
        self.filing_action(id, "deregister", version, body).await
    }

    async fn filing_action(
        &self,
        id: &str,
        action: &str,
        version: u32,
        body: String,
    ) -> Result<FilingRecord, ApiError> {
        let path = format!("/filings/{}/{action}", encode_path_segment(id));
        let res = self
            .send(
                Method::POST,
                &path,
                Some(body),
                &[("If-Match", &format!("\"{version}\""))],
            )
            .await?;
        decode(res).await
    }

    /// `POST /transfers`: asks for a terminal another merchant's filing holds (by serial, or a
    /// QR stand's number when `qr` is set). `key` makes a retry ask once.
    pub async fn request_transfer(
        &self,
        terminal: &str,
        qr: bool,
        key: &str,
    ) -> Result<TransferRecord, ApiError> {
        let member = if qr { "qr_code" } else { "serial_number" };
        let body = ObjectBuilder::new().set(member, terminal).build();
        let body = js_sys::JSON::stringify(&body)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| ApiError::Network("cannot encode the request".to_owned()))?;
        let res = self
            .send(
                Method::POST,
                "/transfers",
                Some(body),
                &[("Idempotency-Key", key)],
            )
            .await?;
        decode(res).await
    }

    /// Sends a filing as the JSON body and reads the filing the server answers with.
    async fn send_filing(
        &self,
        method: Method,
        path: &str,
        input: &FilingInput,
        headers: &[(&str, &str)],
    ) -> Result<FilingRecord, ApiError> {
        let body = to_json(input)
            .ok_or_else(|| ApiError::Network("cannot encode the request".to_owned()))?;
        let res = self.send(method, path, Some(body), headers).await?;
        decode(res).await
    }

    /// The rules in force and the acquirer's review time (`/reference/policy`).
    pub async fn policy(&self) -> Result<Policy, ApiError> {
        self.get_json("/reference/policy").await
    }

    /// The signed-in merchant's record as the acquirer holds it (404 when it offers none).
    pub async fn merchant(&self) -> Result<MerchantProfile, ApiError> {
        self.get_json("/merchant").await
    }

    /// The manufacturer / model dictionary.
    pub async fn models(&self) -> Result<Catalog, ApiError> {
        self.get_json("/reference/models").await
    }

    /// The GB/T 2260 region list as text (parse with `filing_core::regions::Regions`).
    pub async fn regions_text(&self) -> Result<String, ApiError> {
        let res = self
            .send(Method::GET, "/reference/regions", None, &[])
            .await?;
        text_of(res).await
    }

    /// Submits a new filing (`POST` with the draft's idempotency key, so a retry files at most
    /// once) or a correction (`PUT` with `If-Match`), and says how it ended.
    pub async fn submit(
        &self,
        input: &FilingInput,
        key: &str,
        correcting: Option<Correcting<'_>>,
    ) -> SubmitOutcome {
        let sent = match correcting {
            Some(c) if c.moving => self.change_placement(c.id, c.version, input).await,
            Some(c) => self.correct_filing(c.id, c.version, input).await,
            None => self.create_filing(input, key).await,
        };
        match (sent, correcting) {
            (Ok(record), _) => SubmitOutcome::Filed(record),
            // A uniqueness conflict is about the merchant's input, even while correcting.
            (
                Err(ApiError::Http {
                    status: 409 | 422,
                    fields,
                    ..
                }),
                _,
            ) if !fields.is_empty() => {
                SubmitOutcome::FieldErrors(fields.into_iter().map(|f| (f.field, f.code)).collect())
            }
            // The filing changed meanwhile (or this correction already went through and its
            // answer was lost): what it is now.
            (
                Err(ApiError::Http {
                    status: 412 | 409, ..
                }),
                Some(c),
            ) => match self.filing(c.id).await {
                Ok(now) => SubmitOutcome::Stale(now),
                Err(e) => SubmitOutcome::Failed(e),
            },
            (Err(e), _) => SubmitOutcome::Failed(e),
        }
    }

    /// `POST /filings`; every retry of one draft sends the same `key`, so it is filed at most once.
    pub async fn create_filing(
        &self,
        input: &FilingInput,
        key: &str,
    ) -> Result<FilingRecord, ApiError> {
        self.send_filing(Method::POST, "/filings", input, &[("Idempotency-Key", key)])
            .await
    }

    async fn get_json<T: FromJs>(&self, path: &str) -> Result<T, ApiError> {
        let res = self.send(Method::GET, path, None, &[]).await?;
        decode(res).await
    }

    /// A request; on a 401 the host's token provider (if any) is asked once and the request
    /// repeated, and a final 401 is reported to the host as an `error` event.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Result<Response, ApiError> {
        let res = self
            .send_once(method.clone(), path, body.clone(), headers)
            .await?;
        let res = if res.status() == 401 && self.renew().await {
            self.send_once(method, path, body, headers).await?
        } else {
            res
        };
        if res.status() == 401 {
            // The host can answer with a fresh token (iframe: by postMessage).
            host::emit(
                HostEvent::Error,
                Some(filing_core::api::codes::UNAUTHORIZED),
            );
        }
        Ok(res)
    }

    /// One request with the token, JSON headers and a deadline: a hanging connection ends in
    /// an error the merchant can act on, not a spinner forever.
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Result<Response, ApiError> {
        let abort = web_sys::AbortController::new().ok();
        let signal = abort.as_ref().map(|a| a.signal());
        let _deadline = abort.map(|a| Timeout::new(REQUEST_TIMEOUT_MS, move || a.abort()));
        let mut req = RequestBuilder::new(&self.url(path))
            .method(method)
            .header("Accept", "application/json");
        if let Some(token) = self.token() {
            req = req.header("Authorization", &format!("Bearer {token}"));
        }
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let req = req.abort_signal(signal.as_ref());
        let sent = match body {
            Some(b) => {
                req.header("Content-Type", "application/json")
                    .body(b)
                    .map_err(transport)?
                    .send()
                    .await
            }
            None => req.send().await,
        };
        sent.map_err(transport)
    }
}

/// A static file of the widget (e.g. the guide's text), relative to the page.
pub async fn get_text(url: &str) -> Result<String, ApiError> {
    let res = RequestBuilder::new(url)
        .method(Method::GET)
        .send()
        .await
        .map_err(transport)?;
    text_of(res).await
}

/// The body of a 2xx answer as text, or the error the answer carries.
async fn text_of(res: Response) -> Result<String, ApiError> {
    let status = res.status();
    let text = res.text().await.map_err(transport)?;
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(http_error(status, &text, None))
    }
}

/// The transport message of a failed fetch (the browser's own words, e.g. "Failed to fetch").
/// `gloo_net::Error`'s `Display` is not used: it would link serde_json's and std::io's error
/// texts into the bundle for variants a fetch never produces.
fn transport(e: gloo_net::Error) -> ApiError {
    ApiError::Network(match e {
        gloo_net::Error::JsError(js) => js.message,
        gloo_net::Error::GlooError(msg) => msg,
        _ => "request failed".to_owned(),
    })
}

/// The JSON body of a filing, through the browser's JSON (no JSON library in the bundle).
fn to_json(input: &FilingInput) -> Option<String> {
    json::stringify(&json::filing_input(input))
}

fn http_error(status: u16, text: &str, retry_after: Option<u32>) -> ApiError {
    let envelope: Option<ErrorEnvelope> = json::parse(text).ok();
    match envelope {
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
    }
}

async fn decode<T: FromJs>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    let text = res.text().await.map_err(transport)?;
    if (200..300).contains(&status) {
        return parse(status, &text);
    }
    let retry_after = res
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    Err(http_error(status, &text, retry_after))
}

/// Decodes a 2xx body; anything but the expected JSON is [`ApiError::Malformed`], naming the
/// member that failed (empty: the text was not JSON, or not the right kind of value).
pub fn parse<T: FromJs>(status: u16, text: &str) -> Result<T, ApiError> {
    json::parse(text).map_err(|e| ApiError::Malformed {
        status,
        detail: e.path(),
    })
}

/// Filings the list asks for at a time.
pub const FILINGS_PAGE: usize = 20;

/// The cursor of a `Link: <?cursor=...&limit=...>; rel="next"` header, if it names a next page.
pub fn next_cursor(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.trim().strip_prefix('<')?.split_once('>')?;
        if !params.split(';').any(|p| p.trim() == "rel=\"next\"") {
            return None;
        }
        let query = target.split_once('?')?.1;
        let cursor = query.split('&').find_map(|kv| kv.strip_prefix("cursor="))?;
        js_decode(cursor)
    })
}

/// Percent-decodes a query value (the server's cursors are plain, but never trust that here).
fn js_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    js_sys::decode_uri_component(s).ok().map(String::from)
}

/// Percent-encodes one path segment (serials are already restricted, but never trust that here).
fn encode_path_segment(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .dyn_into::<js_sys::JsString>()
        .map(String::from)
        .unwrap_or_default()
}

/// The `mid` claim of a JWT's payload (base64url JSON), if it is a valid merchant number.
pub fn merchant_of_token(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || payload.is_empty() {
        return None;
    }
    let mut b64: String = payload
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !b64.len().is_multiple_of(4) {
        b64.push('=');
    }
    let text = web_sys::window()?.atob(&b64).ok()?;
    let claims = js_sys::JSON::parse(&text).ok()?;
    let mid = js_sys::Reflect::get(&claims, &"mid".into())
        .ok()?
        .as_string()?;
    filing_core::rules::merchant_id(&mid).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, code: Option<&str>) -> ApiError {
        ApiError::Http {
            status,
            code: code.map(str::to_owned),
            fields: vec![],
            retry_after: None,
        }
    }

    #[test]
    fn the_next_page_is_read_from_the_link_header() {
        assert_eq!(
            next_cursor(r#"<?cursor=p42&limit=20>; rel="next""#).as_deref(),
            Some("p42")
        );
        assert_eq!(
            next_cursor(r#"<https://x.example/api/v1/filings?limit=20&cursor=p7>; rel="prev", <?limit=20&cursor=p3>; rel="next""#)
                .as_deref(),
            Some("p3")
        );
        assert_eq!(next_cursor(r#"<?cursor=p42>; rel="prev""#), None);
        assert_eq!(next_cursor("garbage"), None);
        assert_eq!(next_cursor(r#"<?limit=20>; rel="next""#), None);
    }

    /// What each failure means to the merchant, which decides the words on screen.
    #[test]
    fn each_failure_is_named_for_what_the_merchant_can_do() {
        let cases = [
            (
                ApiError::Network("Failed to fetch".into()),
                Failure::Network,
            ),
            (http(408, Some(codes::REQUEST_TIMEOUT)), Failure::Network),
            (http(503, Some(codes::MAINTENANCE)), Failure::Maintenance),
            (http(503, None), Failure::Maintenance),
            (
                http(503, Some(codes::STORE_UNAVAILABLE)),
                Failure::StoreUnavailable,
            ),
            (http(503, Some(codes::SERVER_BUSY)), Failure::Server),
            (http(401, Some(codes::UNAUTHORIZED)), Failure::Unauthorized),
            (http(429, Some(codes::RATE_LIMITED)), Failure::RateLimited),
            (
                http(429, Some(codes::DAILY_LIMIT_REACHED)),
                Failure::DailyLimit,
            ),
            (http(500, Some(codes::INTERNAL)), Failure::Server),
            (
                ApiError::Malformed {
                    status: 200,
                    detail: String::new(),
                },
                Failure::Malformed,
            ),
        ];
        for (error, want) in cases {
            assert_eq!(error.failure(), want, "{error:?}");
        }
    }
}
