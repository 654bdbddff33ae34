//! The 查询状态 (check status) view.

pub mod cache;
pub mod lifecycle;
pub mod model;
pub mod status_view;
pub mod terminal_card;
pub mod use_lookup;
