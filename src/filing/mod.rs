//! The 办理报备 (file a terminal) view.

pub mod filing_view;
