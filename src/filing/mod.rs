//! The 办理报备 (file a terminal) view: a four-step form with a locally saved draft.

pub mod device_step;
pub mod draft_store;
pub mod filing_view;
pub mod merchant_step;
pub mod placement_step;
pub mod review_step;
pub mod state;
pub mod step_props;
