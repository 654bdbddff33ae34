//! Building blocks shared by the views.

pub mod connection_banner;
pub mod error_summary;
pub mod load_state;
pub mod locale_switch;
pub mod notify_line;
pub mod select_field;
pub mod support_report;
pub mod text_field;
pub mod use_connection;
pub mod use_count;
pub mod use_ime_input;
pub mod use_next_task;
pub mod use_policy;
pub mod view_nav;
