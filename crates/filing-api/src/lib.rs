//! `filing-api`: the reference registration API (v1) on axum with SQLite (embedded, the default)
//! or PostgreSQL (for several instances), which also serves the
//! built widget so the product runs as one process on one port.
//!
//! # Layout
//! - [`cli`]: command line: `serve`, `mint-token`, `maintenance on|off`.
//! - [`config`]: [`Config`]: where data lives, what is served, limits, review delay, sandbox.
//! - [`datum`]: locations stored in WGS-84 (GCJ-02 and BD-09 converted on submission).
//! - [`db`]: opening the SQLite file (WAL) or connecting to PostgreSQL, and applying migrations.
//! - [`pg_tls`]: TLS to PostgreSQL from libpq's `sslmode` and `sslrootcert` in the URL.
//! - [`sql`]: one connection to either engine; the store's SQL is written once for both.
//! - [`store`]: every SQL statement; uniqueness enforced by the database.
//! - [`registry`]: device registry, QR stands, merchant records; the sandbox seed.
//! - [`review`]: the reviewer that approves or rejects pending filings with reasons.
//! - [`token`]: JWT bearer tokens (HS256, or ES256/EdDSA from the acquirer's JWKS) (pure).
//! - [`auth`]: the layer that verifies each request's token once.
//! - [`limits`]: the per-merchant rate-limiting layer.
//! - [`listen`]: accepting connections: a cap, header and request deadlines.
//! - [`state`]: [`state::AppState`], shared by handlers and background tasks.
//! - [`maintenance`]: the run-time maintenance switch, in the database for every instance.
//! - [`notify`]: review notifications to the acquirer's webhook (signed, retried, recorded).
//! - [`extract`]: the merchant, strict JSON and header extractors; rejections use the envelope.
//! - [`error`]: [`error::ApiError`], rendered as the one error envelope of `filing-core`.
//! - [`routes`]: the `/api/v1` handlers.
//! - [`site`]: serving the widget: precompressed files, cache headers, security headers, CSP,
//!   and the sandbox demo token in the page.
//! - [`server`]: assembling the router and running it with its background tasks ([`start`]).
//! - [`clock`]: Unix and RFC 3339 time.
//! - [`cause`]: an error's text with its chain of causes.

pub mod auth;
pub mod cause;
pub mod cli;
pub mod clock;
pub mod config;
pub mod datum;
pub mod db;
pub mod error;
pub mod extract;
pub mod limits;
pub mod listen;
pub mod maintenance;
pub mod notify;
pub mod pg_tls;
pub mod registry;
pub mod review;
pub mod routes;
pub mod server;
pub mod site;
pub mod sql;
pub mod state;
pub mod store;
pub mod token;

pub use config::Config;
pub use server::{start, RunningServer};
