//! Assembling the router and running the server with its background tasks.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::Router;
use tokio::sync::{oneshot, Notify, RwLock};
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::db::{Db, DbError};
use crate::error::ApiError;
use crate::limits::Limiter;
use crate::routes;
use crate::state::AppState;
use crate::token::{Keys, Secret};
use crate::{clock, listen, maintenance, registry, review, site, store};

/// How long requests in flight may take to finish once the server is told to stop.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// A server started by [`start`]: where it listens and how to stop it.
pub struct RunningServer {
    pub addr: SocketAddr,
    state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    background: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Switches this instance's maintenance mode on (with an optional announced end, RFC 3339)
    /// or off at once, without the database (the `maintenance` subcommand switches every
    /// instance through it).
    pub async fn set_maintenance(&self, on: Option<Option<String>>) {
        *self.state.maintenance.write().await = on;
    }

    /// A token (an HS256 JWT) for `merchant`, signed with this server's secret.
    pub fn mint_token(&self, merchant: &str, ttl_secs: i64) -> String {
        self.state.keys.mint(merchant, clock::now_unix() + ttl_secs)
    }

    /// Stops accepting connections, finishes requests in flight, stops the reviewer (pending
    /// filings stay in the database and are reviewed after the next start), and returns.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let result = match (&mut self.task).await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        };
        for t in &self.background {
            t.abort();
        }
        result
    }

    /// Waits until the server ends (on Ctrl-C / SIGTERM), then stops the background tasks.
    pub async fn wait(mut self) -> std::io::Result<()> {
        let r = (&mut self.task).await;
        for t in &self.background {
            t.abort();
        }
        r.map_err(std::io::Error::other)?
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        for t in &self.background {
            t.abort();
        }
    }
}

/// Why the server could not start; each keeps its cause (`source()`).
#[derive(Debug)]
pub enum StartError {
    /// A setting the server could not honour, with what is wrong.
    Config(String),
    Db(DbError),
    /// The token secret, or the address to listen on.
    Io(std::io::Error),
    /// The sandbox seed (or loading it into the database).
    Seed(Box<dyn std::error::Error + Send + Sync>),
    /// The region list the server validates against.
    Regions(filing_core::regions::RegionsError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Config(why) => write!(f, "bad configuration: {why}"),
            StartError::Db(_) => f.write_str("cannot open the database"),
            StartError::Io(_) => f.write_str("cannot start"),
            StartError::Seed(_) => f.write_str("cannot load the sandbox seed"),
            StartError::Regions(_) => f.write_str("cannot read the region list"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Config(_) => None,
            StartError::Db(e) => Some(e),
            StartError::Io(e) => Some(e),
            StartError::Seed(e) => Some(&**e),
            StartError::Regions(e) => Some(e),
        }
    }
}

/// Request ids: a per-process counter, enough to correlate a request's log lines.
#[derive(Clone, Default)]
struct Counter(Arc<std::sync::atomic::AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("req-{n}"))
            .ok()
            .map(RequestId::new)
    }
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let list: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(list))
            .allow_methods([Method::GET, Method::POST, Method::PUT])
            .allow_headers([
                axum::http::header::AUTHORIZATION,
                axum::http::header::CONTENT_TYPE,
                axum::http::header::IF_MATCH,
                axum::http::header::IF_NONE_MATCH,
                HeaderName::from_static("idempotency-key"),
            ])
            .expose_headers([
                axum::http::header::ETAG,
                axum::http::header::RETRY_AFTER,
                axum::http::header::LINK,
            ]),
    )
}

/// The whole application: `/api/v1` plus the widget when a dist directory is configured.
pub fn app(config: &Config, state: AppState) -> Router {
    let api = Router::new()
        .nest(filing_core::api::BASE_PATH, routes::router(state.clone()))
        .layer(DefaultBodyLimit::max(config.body_limit));
    let mut app = match &config.dist_dir {
        Some(dist) if config.public_path == "/" => api.merge(site::router(dist, config, state)),
        Some(dist) => {
            let prefix = config.public_path.trim_end_matches('/').to_owned();
            let bare = prefix.clone();
            api.nest_service(&prefix, site::router(dist, config, state))
                // The page's URLs are relative: "/widget" must become "/widget/" first.
                .layer(axum::middleware::from_fn(
                    move |req: axum::extract::Request, next: axum::middleware::Next| {
                        let bare = bare.clone();
                        async move {
                            if req.uri().path() == bare {
                                let to = format!("{bare}/");
                                return axum::response::IntoResponse::into_response(
                                    axum::response::Redirect::permanent(&to),
                                );
                            }
                            next.run(req).await
                        }
                    },
                ))
        }
        None => api,
    };
    // The allowed embedding origins may call the API and load the widget's files (mount mode
    // imports its module and WebAssembly across origins).
    if let Some(cors) = cors(&config.cors_origins) {
        app = app.layer(cors);
    }
    let deadline = config.connections.request;
    let app = app.layer(axum::middleware::from_fn(move |req, next| {
        listen::request_deadline(deadline, req, next)
    }));
    outer_layers(app)
}

/// What every request goes through, outermost last: a panic in a handler answers 500 with the
/// envelope (and the server goes on), request ids, and the trace span.
fn outer_layers(app: Router) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    app.layer(CatchPanicLayer::custom(|_| {
        axum::response::IntoResponse::into_response(ApiError::Internal(Box::new(
            crate::error::Fault("handler panicked"),
        )))
    }))
    .layer(
        TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
        }),
    )
    .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
    .layer(SetRequestIdLayer::new(x_request_id, Counter::default()))
}

/// The policy the API applies and serves: the sandbox reviews after its configured delay, so it
/// says so instead of promising the acquirer's days.
fn served_policy(config: &Config) -> filing_core::Policy {
    let mut policy = config.policy;
    if config.sandbox {
        let secs = config.review_delay.as_secs();
        policy.review_time = filing_core::context::ReviewTime {
            typical_secs: secs,
            longest_secs: secs + 1,
        };
    }
    policy
}

/// Opens the database (and seeds the sandbox), binds, and serves in a background task with the
/// reviewer and the maintenance-switch watcher beside it.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    config.validate().map_err(StartError::Config)?;
    let db = crate::db::open_configured(&config.data_dir, config.database_url.as_deref())
        .await
        .map_err(StartError::Db)?;
    let seed =
        registry::parse_seed(registry::SANDBOX_SEED).map_err(|e| StartError::Seed(Box::new(e)))?;
    if config.sandbox {
        registry::load(&db, &seed)
            .await
            .map_err(|e| StartError::Seed(Box::new(e)))?;
    }
    let regions =
        filing_core::regions::Regions::parse(routes::REGIONS_TEXT).map_err(StartError::Regions)?;
    let maintenance_now = maintenance::read(&db)
        .await
        .map_err(|e| StartError::Db(e.into()))?;
    let state = AppState {
        db,
        maintenance: Arc::new(RwLock::new(maintenance_now.clone())),
        keys: Keys::new(
            Secret::load_or_create(&config.data_dir).map_err(StartError::Io)?,
            config.jwks.clone(),
            config.token_policy.clone(),
        )
        .map_err(|e| StartError::Config(format!("JWKS: {e}")))?,
        limiter: Limiter::new(config.rate_limit),
        catalog: Arc::new(seed.catalog),
        regions: Arc::new(regions),
        policy: served_policy(&config),
        review_delay: config.review_delay,
        review_wakeup: Arc::new(Notify::new()),
        notify_wakeup: Arc::new(Notify::new()),
        merchant_profiles: config.merchant_profiles,
        daily_filing_cap: config.daily_filing_cap,
    };
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(StartError::Io)?;
    let addr = listener.local_addr().map_err(StartError::Io)?;
    let app = app(&config, state.clone());
    let limits = config.connections;
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            tokio::select! {
                _ = rx => {}
                _ = shutdown_signal() => {}
            }
        };
        listen::serve(listener, app, limits, DRAIN, shutdown).await
    });
    let background = vec![
        tokio::spawn(review::run(state.clone())),
        tokio::spawn(prune_idempotency(state.db.clone())),
        tokio::spawn(watch_jwks(state.keys.clone())),
        tokio::spawn(crate::notify::run(
            state.db.clone(),
            config.webhook.clone(),
            state.notify_wakeup.clone(),
        )),
        tokio::spawn(maintenance::watch(
            state.db.clone(),
            state.maintenance.clone(),
            maintenance_now,
        )),
    ];
    Ok(RunningServer {
        addr,
        state,
        shutdown: Some(tx),
        task,
        background,
    })
}

/// Forgets idempotency records past their retention ([`store::IDEMPOTENCY_RETENTION_SECS`]):
/// at start, then every ten minutes. (Lookups ignore expired records anyway, so this only keeps
/// the table small.)
async fn prune_idempotency(db: Db) {
    loop {
        let cutoff = clock::rfc3339(clock::now_unix() - store::IDEMPOTENCY_RETENTION_SECS);
        let pruned = match db.conn().await {
            Ok(mut conn) => store::prune_idempotency(&mut conn, &cutoff).await,
            Err(e) => Err(e),
        };
        match pruned {
            Ok(0) => {}
            Ok(n) => tracing::info!(records = n, "expired idempotency records pruned"),
            Err(e) => tracing::warn!(error = %e, "pruning idempotency records failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

/// Re-reads the JWKS file when it changes (checked every second), so a key the acquirer
/// adds is accepted without a restart. A file that cannot be used keeps the keys in force.
async fn watch_jwks(keys: Keys) {
    let Some(path) = keys.jwks_path().map(std::path::Path::to_owned) else {
        return;
    };
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut last = modified(&path);
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let now = modified(&path);
        if now != last {
            last = now;
            match keys.reload() {
                Ok(()) => tracing::info!(jwks = %path.display(), "token keys reloaded"),
                Err(e) => tracing::warn!(error = %e, "JWKS not reloaded; the keys in force stay"),
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    /// A handler that panics answers 500 with the error envelope, and the next request is
    /// served: the release profile unwinds (it no longer sets `panic = "abort"`).
    #[tokio::test]
    async fn a_panicking_handler_answers_the_envelope_and_the_server_goes_on() {
        let app = outer_layers(
            Router::new()
                .route(
                    "/boom",
                    axum::routing::get(|| async { panic!("planted") as &'static str }),
                )
                .route("/ok", axum::routing::get(|| async { "fine" })),
        );
        let req = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req("/boom")).await.unwrap();
        assert_eq!(res.status(), 500);
        assert!(res.headers().contains_key("x-request-id"));
        let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "INTERNAL");
        let res = app.oneshot(req("/ok")).await.unwrap();
        assert_eq!(res.status(), 200);
    }
}
