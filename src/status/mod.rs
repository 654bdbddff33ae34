//! The 查询状态 (check status) view.

pub mod status_view;
