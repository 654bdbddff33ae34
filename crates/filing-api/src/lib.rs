//! `filing-api`: the reference registration API (v1) on axum + SQLite, which also serves the
//! built widget so the product runs as one process on one port.
//!
//! # Layout
//! - [`cli`]: command-line parsing and the `serve` entry point.
//! - [`config`]: [`Config`], where data lives and what is served.
//! - [`db`]: opening the SQLite file (WAL) and applying migrations.
//! - [`error`]: [`error::ApiError`], rendered as the one error envelope of `filing-core`.
//! - [`routes`]: the `/api/v1` handlers.
//! - [`site`]: serving the widget: precompressed files, cache headers, security headers and CSP.
//! - [`server`]: assembling the router and running it ([`server::start`]).

pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod routes;
pub mod server;
pub mod site;

pub use config::Config;
pub use server::{start, RunningServer};
