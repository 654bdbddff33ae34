//! The 排查指南 (cause-and-fix guide) view.

pub mod guide_view;
