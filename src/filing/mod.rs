//! The 办理报备 (file a terminal) view: a four-step form with a locally saved draft. Every step
//! is rendered from filing-core's field table.

pub mod draft_store;
pub mod entry_step;
pub mod filing_view;
pub mod form_ctx;
pub mod form_field;
pub mod location_field;
pub mod region_field;
pub mod review_step;
pub mod state;
