//! Accepting connections with limits a slow or hostile client cannot outlast: a cap on open
//! connections, a deadline for a request's headers (also on an idle kept-alive connection), and
//! a deadline for the whole request up to its answer (body included), answered 408 with the
//! envelope.
//!
//! `axum::serve` has neither: a client sending half its headers, or a body that never arrives,
//! held its connection forever.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// How long and how many: see [`crate::Config::connections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once; one more is answered 503 `SERVER_BUSY` and closed.
    pub max_connections: usize,
    /// From a connection's start (or the end of its previous answer) to the end of a request's
    /// headers; past it the connection is closed (no answer is possible mid-headers).
    pub header_read: Duration,
    /// From a request's headers to its answer, reading the body included: 408 `REQUEST_TIMEOUT`.
    pub request: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 1024,
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// The request deadline as a middleware: the answer, or 408 with the envelope (and the
/// connection closed, since the rest of a half-read body cannot be trusted).
pub async fn request_deadline(limit: Duration, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = ApiError::RequestTimeout.into_response();
            res.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            res
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish (at
/// most `drain`) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    drain: Duration,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    // HTTP/1.1 only: sniffing for the HTTP/2 preface would wait for bytes without a deadline.
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let service = TowerToHyperService::new(app);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let conn = builder
            .serve_connection(TokioIo::new(stream), service.clone())
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(drain) => tracing::warn!("requests still in flight at shutdown"),
    }
    Ok(())
}

/// One connection too many: a 503 with the envelope, written without reading the request, then
/// closed.
async fn refuse(mut stream: TcpStream) {
    let body = serde_json::json!({
        "error": {
            "code": filing_core::api::codes::SERVER_BUSY,
            "message": "too many connections; try again in a moment",
        }
    })
    .to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let write = async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}
