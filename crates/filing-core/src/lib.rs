//! `filing-core`: the single source of truth for terminal filing (终端报备).
//!
//! Pure Rust with no web dependencies, compiled into both the widget (WebAssembly) and the
//! reference registration API (native), so a rule cannot drift between client and server.
//! Validators return typed codes (message keys); each side turns codes into text.
//!
//! # Layout
//! - [`field`]: the field table: [`Field`], its [`field::FieldSpec`] (API name, step, control,
//!   normaliser, length, requiredness, rule) and the [`FilingInput`] record; form [`Step`]s.
//! - [`context`]: what validation consults: the [`Policy`] in force and the reference lists.
//! - [`device`]: [`DeviceType`] 01–13 and which types need a serial or a location.
//! - [`merchant`]: [`MerchantType`]: licensed (credit code) or 小微 (operator's ID number).
//! - [`normalize`]: what a merchant types on a Chinese phone becomes canonical input
//!   (trim, full-width → half-width, upper-case codes, no inner spaces); idempotent.
//! - [`rules`]: one validator per field format, returning [`RuleError`] codes.
//! - [`filing`]: validation per field, per step and of a whole filing, by the table's rules.
//! - [`regions`]: the versioned GB/T 2260 division list.
//! - [`catalog`]: the manufacturer / model dictionary.
//! - [`reason`]: rejection [`Reason`]s, their codes, and the guide's [`Cause`]s.
//! - `wire`: string (de)serialisation for the enums above (a table lookup, not derive's matchers).
//! - [`api`]: the other wire types of the registration API v1 (health, error envelope, records).

pub mod api;
pub mod catalog;
pub mod context;
pub mod device;
pub mod field;
pub mod filing;
pub mod merchant;
pub mod normalize;
#[cfg(test)]
mod pinned;
pub mod reason;
pub mod regions;
pub mod rules;
#[cfg(test)]
mod valid;
mod wire;

pub use context::{Context, Policy};
pub use device::DeviceType;
pub use field::{Field, FieldSet, FilingInput, Step};
pub use filing::{check_field, validate, validate_step, FieldErrors};
pub use merchant::MerchantType;
pub use reason::{Cause, Reason, ReasonCode};
pub use rules::RuleError;
