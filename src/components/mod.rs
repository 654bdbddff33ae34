//! Building blocks shared by the views.

pub mod connection_banner;
pub mod locale_switch;
pub mod use_connection;
pub mod view_nav;
