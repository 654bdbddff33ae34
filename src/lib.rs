//! `filing-widget`: 终端报备助手, the self-service terminal filing widget (Yew, WebAssembly).
//!
//! # Layout
//! - [`app`]: the shell: the three views, locale switch, connection banner.
//! - [`nav`]: [`nav::View`], [`nav::AppNav`] and [`nav::FilingStart`]: how views send the
//!   merchant to one another (shared by the shell and the views).
//! - [`shared`]: [`shared::Shared`], what the shell gives every view through one context
//!   (locale, API client, navigation, support channel).
//! - [`config`]: [`config::WidgetConfig`], read from the page URL in standalone mode.
//! - [`api`]: the registration API client and its typed [`api::ApiError`].
//! - [`json`]: reading and writing the API's JSON through the browser's `JSON` (no serde).
//! - [`i18n`]: [`i18n::Locale`] and every user-visible text, keyed by [`i18n::Text`].
//! - [`components`]: shared building blocks (fields, error summary, connection banner, locale
//!   switch, view navigation).
//! - [`filing`], [`status`], [`guide`]: the 办理报备, 查询状态 and 排查指南 views.
//! - [`host`]: events to the host page.
//! - [`lazy`]: the status and guide views, split off the first load in the release build.
//!
//! Rules and wire types come from `filing-core`, the crate the API server uses too.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod filing;
pub mod guide;
pub mod host;
pub mod i18n;
pub mod json;
pub mod lazy;
pub mod nav;
pub mod shared;
pub mod status;

use wasm_bindgen::prelude::*;

/// talc instead of Rust's default dlmalloc: the same job in about 2 KB less of the first load.
/// The widget is single-threaded, so its lock is never contended.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// Id of the element the standalone page mounts into.
pub const STANDALONE_ROOT_ID: &str = "filing-widget";

/// Runs when the module is initialised: on the standalone page (which has the root element) it
/// mounts the app with the configuration from the URL, in the next task; on other pages it does nothing (a host
/// calls [`mount`]).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(STANDALONE_ROOT_ID))
    else {
        return;
    };
    // The app renders in a task of its own: the one that finishes compiling and instantiating
    // the module is long enough on a slow phone, and between the two a tap or a paint can run.
    gloo_timers::callback::Timeout::new(0, move || {
        let config = config::WidgetConfig::from_location();
        host::connect(None, config.host_origin.clone());
        render(root, config);
    })
    .forget();
}

/// Mount mode: renders the widget into `target` with the host's config object (see the README
/// for its keys). A bad config is reported on screen and in the console, naming the bad key,
/// and returned as an error; it never panics.
#[wasm_bindgen]
pub fn mount(target: web_sys::Element, config: JsValue) -> Result<(), JsValue> {
    match config::WidgetConfig::from_js(&config) {
        Ok(config) => {
            host::connect(Some(target.clone()), None);
            render(target, config);
            Ok(())
        }
        Err(message) => {
            web_sys::console::error_1(&JsValue::from_str(&message));
            target.set_text_content(Some(&message));
            let _ = target.set_attribute("role", "alert");
            Err(JsValue::from_str(&message))
        }
    }
}

fn render(root: web_sys::Element, config: config::WidgetConfig) {
    // Replace the page's skeleton (or the host's placeholder) with the app.
    root.set_inner_html("");
    let _ = root.remove_attribute("aria-busy");
    guide::data::set_asset_base(&config.asset_base);
    yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { config }).render();
}

#[cfg(test)]
mod tests {
    /// Every `class` in the widget's markup is a string literal: Yew's `html!` turns any other
    /// `class={…}` into its `Classes`, which links a hash set (indexmap, and a second copy of
    /// hashbrown) into the first load, about 2.7 KB brotli (docs/benchmarks.md). A state that
    /// changes an element's look is a `data-` attribute the stylesheet reads.
    #[test]
    fn every_class_in_the_markup_is_a_literal() {
        fn visit(dir: &std::path::Path, found: &mut Vec<String>, files: &mut usize) {
            for entry in std::fs::read_dir(dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    visit(&path, found, files);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    *files += 1;
                    let text = std::fs::read_to_string(&path).expect("read a source file");
                    // Split, so that this test's own source does not match.
                    let needle = concat!("class", "={");
                    for (n, line) in text.lines().enumerate() {
                        let code = line.trim_start();
                        if !code.starts_with("//") && code.contains(needle) {
                            found.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        let (mut found, mut files) = (vec![], 0);
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
            &mut files,
        );
        assert!(files > 50, "the sources were read: {files} files");
        assert!(found.is_empty(), "a class that is not a literal: {found:?}");
    }

    /// The stylesheet is the widget's own: every rule is scoped to `.fw` (mounting it restyles
    /// nothing of the host page), and nothing is `position: fixed` (nothing covers the host).
    #[test]
    fn the_stylesheet_touches_only_the_widget_and_fixes_nothing_in_place() {
        let mut css = include_str!("../static/widget.css").to_owned();
        while let Some(start) = css.find("/*") {
            let end = css[start..].find("*/").map_or(css.len(), |e| start + e + 2);
            css.replace_range(start..end, "");
        }
        let mut rest = css.as_str();
        let mut rules = 0;
        while let Some(open) = rest.find('{') {
            let selectors = rest[..open].rsplit('}').next().unwrap_or("").trim();
            let body_end = rest[open..].find('}').map_or(rest.len(), |i| open + i);
            let body = &rest[open + 1..body_end];
            rest = &rest[body_end + 1..];
            let scoped = selectors.starts_with(":where(.fw")
                || selectors
                    .split(',')
                    .map(str::trim)
                    .all(|sel| sel.starts_with(".fw"));
            assert!(scoped, "{selectors:?} is not scoped to .fw");
            rules += 1;
            assert!(
                !body.replace(' ', "").contains("position:fixed"),
                "position: fixed in {selectors}"
            );
        }
        assert!(rules > 50, "the stylesheet was read: {rules} selectors");
    }
}
