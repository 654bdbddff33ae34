//! The widget's configuration.

use crate::app::View;
use crate::i18n::Locale;

/// What the widget needs from its host: where the API is, which language and view to start in.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Base URL of the registration API, e.g. `/api/v1` or `https://acquirer.example/api/v1`.
    pub api_base: String,
    /// Starting locale; `None` means the merchant's saved choice, else zh-CN.
    pub locale: Option<Locale>,
    pub initial_view: View,
    /// A guide cause to open at (`?view=guide&cause=<slug>`), for deep links.
    pub cause: Option<filing_core::reason::Cause>,
    /// Bearer token for the API (one merchant). Never read from the URL.
    pub token: Option<String>,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            api_base: filing_core::api::BASE_PATH.to_owned(),
            locale: None,
            initial_view: View::File,
            cause: None,
            token: None,
        }
    }
}

impl WidgetConfig {
    /// Standalone mode: `?api=...&locale=en&view=status`; anything missing or unknown keeps its default.
    pub fn from_location() -> Self {
        let mut config = WidgetConfig {
            token: demo_token(),
            ..WidgetConfig::default()
        };
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return config;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return config;
        };
        if let Some(api) = params.get("api").filter(|a| !a.is_empty()) {
            config.api_base = api.trim_end_matches('/').to_owned();
        }
        config.locale = params.get("locale").and_then(|l| Locale::from_tag(&l));
        if let Some(view) = params.get("view").and_then(|v| View::from_name(&v)) {
            config.initial_view = view;
        }
        config.cause = params
            .get("cause")
            .and_then(|c| filing_core::reason::Cause::from_slug(&c));
        config
    }
}

/// The sandbox server puts a fresh demo token in `<meta name="filing-demo-token">` of the page.
fn demo_token() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=filing-demo-token]")
        .ok()??
        .get_attribute("content")
        .filter(|t| !t.is_empty())
}
