//! `filing-core`: the single source of truth for terminal filing (终端报备).
//!
//! Pure Rust with no web dependencies, compiled into both the widget (WebAssembly) and the
//! reference registration API (native), so a rule cannot drift between client and server.
//! Validators return typed codes (message keys); each side turns codes into text.
//!
//! # Layout
//! - [`field`]: the [`Field`] enum, one variant per filing field, with its stable API name.
//! - [`normalize`]: what a merchant types on a Chinese phone becomes canonical input
//!   (trim, full-width → half-width, upper-case codes, no inner spaces).
//! - [`rules`]: per-field validation returning [`rules::RuleError`] codes.
//! - [`api`]: the wire types of the registration API v1 (health, error envelope).

pub mod api;
pub mod field;
pub mod normalize;
pub mod rules;

pub use field::Field;
