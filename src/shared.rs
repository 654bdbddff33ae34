//! What the shell gives every view: the locale, the API client, navigation and the acquirer's
//! support channel, through one context ([`Shared`]). One, not one per value: each
//! `ContextProvider<T>` is a Yew component of its own, and each `use_context::<T>` a hook of its
//! own, generic code repeated per type in the first load.
//!
//! The shell keeps every part stable between its renders (the navigation's callbacks are made
//! once), so a consumer renders again only when a part really changed: a new locale, a new
//! token's client.

use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiClient;
use crate::config::SupportChannel;
use crate::i18n::Locale;
use crate::nav::AppNav;

#[derive(Clone, PartialEq)]
pub struct Shared {
    pub locale: Locale,
    pub client: ApiClient,
    pub nav: AppNav,
    pub support: Option<SupportChannel>,
}

/// The context as the shell provides it (absent in a component rendered on its own, as in the
/// component tests).
pub type SharedCtx = Option<Rc<Shared>>;

/// The locale, or the default (zh-CN) without a shell.
pub fn locale(cx: &SharedCtx) -> Locale {
    cx.as_ref().map(|s| s.locale).unwrap_or_default()
}

pub fn client(cx: &SharedCtx) -> Option<ApiClient> {
    cx.as_ref().map(|s| s.client.clone())
}

pub fn nav(cx: &SharedCtx) -> Option<AppNav> {
    cx.as_ref().map(|s| s.nav.clone())
}

pub fn support(cx: &SharedCtx) -> Option<SupportChannel> {
    cx.as_ref().and_then(|s| s.support.clone())
}

/// The shell's context.
#[hook]
pub fn use_shared() -> SharedCtx {
    use_context::<Rc<Shared>>()
}
