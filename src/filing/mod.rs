//! The 办理报备 (file a terminal) view: a four-step form with a locally saved draft. Every step
//! is rendered from filing-core's field table.

pub mod correction_banner;
pub mod discard_control;
pub mod draft_store;
pub mod filing_view;
pub mod form_ctx;
pub mod form_field;
pub mod later;
pub mod location_field;
pub mod region_field;
pub mod review_step;
pub mod state;
pub mod submit_failure;
pub mod submitted;
pub mod use_draft_autosave;
pub mod use_form_start;
pub mod use_reference_data;
pub mod use_submit;
