//! Assembling the router and running the server.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::sync::{oneshot, RwLock};
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::db::{Db, DbError};
use crate::routes::{self, AppState};
use crate::site;

/// A server started by [`start`]: where it listens and how to stop it.
pub struct RunningServer {
    pub addr: SocketAddr,
    state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Switches maintenance mode on (with an optional announced end, RFC 3339) or off.
    pub async fn set_maintenance(&self, on: Option<Option<String>>) {
        *self.state.maintenance.write().await = on;
    }

    /// Stops accepting connections, finishes requests in flight, and returns.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.task.await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }

    /// Waits until the server ends (it ends on Ctrl-C / SIGTERM when started by the CLI).
    pub async fn wait(self) -> std::io::Result<()> {
        let RunningServer { task, shutdown, .. } = self;
        let r = task.await;
        drop(shutdown);
        r.map_err(std::io::Error::other)?
    }
}

#[derive(Debug)]
pub enum StartError {
    Db(DbError),
    Bind(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Db(e) => write!(f, "{e}"),
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// The whole application: `/api/v1` plus the widget when a dist directory is configured.
pub fn app(config: &Config, state: AppState) -> Router {
    let api = Router::new().nest(filing_core::api::BASE_PATH, routes::router(state));
    match &config.dist_dir {
        Some(dist) => api.merge(site::router(dist)),
        None => api,
    }
}

/// Opens the database, binds, and serves in a background task.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    let db = Db::open(&config.data_dir).map_err(StartError::Db)?;
    let state = AppState {
        db,
        maintenance: Arc::new(RwLock::new(None)),
    };
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.local_addr().map_err(StartError::Bind)?;
    let app = app(&config, state.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = rx => {}
                    _ = shutdown_signal() => {}
                }
            })
            .await
    });
    Ok(RunningServer {
        addr,
        state,
        shutdown: Some(tx),
        task,
    })
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
