//! The 排查指南 (cause-and-fix guide) view and 一键诊断 (diagnose).

pub mod data;
pub mod diagnose;
pub mod diagnose_panel;
pub mod guide_view;
pub mod keys;
