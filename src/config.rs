//! The widget's configuration: from the page URL (standalone page, iframe), or from the object a
//! host passes to `mount` (read key by key; a bad key is named, never a panic).

use filing_core::reason::Cause;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Locale;
use crate::nav::View;

/// What the widget needs from its host.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Base URL of the registration API, e.g. `/api/v1` or `https://acquirer.example/api/v1`.
    pub api_base: String,
    /// Starting locale; `None` means the merchant's saved choice, else zh-CN.
    pub locale: Option<Locale>,
    pub initial_view: View,
    /// A terminal to show in the status view at start.
    pub serial: Option<String>,
    /// A guide cause to open at (`?view=guide&cause=<slug>`), for deep links.
    pub cause: Option<Cause>,
    /// Bearer token for the API (one merchant). Never read from the URL.
    pub token: Option<String>,
    /// Called (mount mode) when the API answers 401: returns a fresh token or a promise of one.
    pub token_provider: Option<js_sys::Function>,
    /// Where the widget's own files (guide text, pictures) are, ending in `/`; empty: the page's.
    pub asset_base: String,
    /// A named theme: adds the class `fw-theme-<name>` to the widget's root.
    pub theme_name: Option<String>,
    /// Custom properties (`--fw-…`) set on the widget's root.
    pub theme: Vec<(String, String)>,
    /// Iframe mode: the host page's origin, the only one whose messages are read and the one
    /// events are posted to.
    pub host_origin: Option<String>,
    /// How the acquirer's support desk is reached; shown beside every support report.
    pub support: Option<SupportChannel>,
}

/// The acquirer's support desk: nothing is hard-coded, the host configures it (mount config
/// `support: {hotline, hours, chatUrl}`, URL `?support_hotline=…&support_hours=…&support_chat=…`,
/// or a `<meta name="filing-support">` on the page with the same keys as the mount config).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SupportChannel {
    /// A phone number: digits, spaces, '+' and '-' (it becomes a `tel:` link).
    pub hotline: Option<String>,
    /// Working hours, as the acquirer words them.
    pub hours: Option<String>,
    /// An `https://` (or `http://`) link to a chat or a form.
    pub chat_url: Option<String>,
}

impl SupportChannel {
    /// Checks and keeps what can be shown safely; `None` when nothing is left.
    pub fn new(
        hotline: Option<String>,
        hours: Option<String>,
        chat: Option<String>,
    ) -> Result<Option<Self>, &'static str> {
        let hotline = hotline
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty());
        if let Some(h) = &hotline {
            let ok = h.len() <= 32
                && h.bytes().any(|b| b.is_ascii_digit())
                && h.bytes()
                    .all(|b| b.is_ascii_digit() || b" +-()".contains(&b));
            if !ok {
                return Err("hotline");
            }
        }
        let hours = hours
            .map(|h| h.trim().chars().take(64).collect::<String>())
            .filter(|h| !h.is_empty());
        let chat_url = chat.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
        if let Some(c) = &chat_url {
            let parsed = web_sys::Url::new(c).ok();
            let ok = parsed.is_some_and(|u| u.protocol() == "https:" || u.protocol() == "http:");
            if !ok {
                return Err("chatUrl");
            }
        }
        if hotline.is_none() && hours.is_none() && chat_url.is_none() {
            return Ok(None);
        }
        Ok(Some(SupportChannel {
            hotline,
            hours,
            chat_url,
        }))
    }

    /// The `tel:` target of the hotline: its digits and a leading '+'.
    pub fn tel(&self) -> Option<String> {
        self.hotline.as_ref().map(|h| {
            let digits: String = h
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        })
    }
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            api_base: filing_core::api::BASE_PATH.to_owned(),
            locale: None,
            initial_view: View::File,
            serial: None,
            cause: None,
            token: None,
            token_provider: None,
            asset_base: String::new(),
            theme_name: None,
            theme: vec![],
            host_origin: None,
            support: None,
        }
    }
}

/// `name` is a theme name: letters, digits and '-' only (it becomes a class name).
fn theme_name(name: &str) -> Option<String> {
    (!name.is_empty() && name.len() <= 32)
        .then_some(())
        .filter(|_| name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(|_| name.to_owned())
}

impl WidgetConfig {
    /// Standalone page and iframe: `?api=…&locale=en&view=status&serial=…&theme=…&host=<origin>`;
    /// anything missing or unknown keeps its default. The token is never read from the URL:
    /// the sandbox page carries it in a meta tag, an iframe host posts it.
    pub fn from_location() -> Self {
        let mut config = WidgetConfig {
            token: demo_token(),
            support: meta_support(),
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
        config.cause = params.get("cause").and_then(|c| Cause::from_slug(&c));
        config.serial = params
            .get("serial")
            .and_then(|s| filing_core::rules::serial_number(&s).ok());
        config.theme_name = params.get("theme").and_then(|t| theme_name(&t));
        let asked = ["support_hotline", "support_hours", "support_chat"].map(|k| params.get(k));
        if asked.iter().any(Option::is_some) {
            let [hotline, hours, chat] = asked;
            // A bad value in the URL is dropped, like every other URL parameter.
            config.support = SupportChannel::new(hotline, hours, chat).ok().flatten();
        }
        // Only a full origin ("https://host.example"), never "*".
        config.host_origin = params
            .get("host")
            .filter(|o| o.starts_with("https://") || o.starts_with("http://"))
            .and_then(|o| web_sys::Url::new(&o).ok())
            .map(|u| u.origin())
            .filter(|o| o != "null");
        config
    }

    /// Mount mode: the host's config object, read key by key into this typed config. Any
    /// problem is an error message naming the bad key; nothing here can panic.
    pub fn from_js(value: &JsValue) -> Result<Self, String> {
        let fail = |key: &str, why: &str| format!("filing-widget: config.{key}: {why}");
        if !value.is_object() {
            return Err(
                "filing-widget: the config must be an object, e.g. { apiBase: \"/api/v1\", token }"
                    .into(),
            );
        }
        let obj: &js_sys::Object = value.unchecked_ref();
        for key in js_sys::Object::keys(obj).iter() {
            let key = key.as_string().unwrap_or_default();
            if !MOUNT_KEYS.contains(&key.as_str()) {
                let mut why = String::from("unknown key; the keys are");
                for (i, k) in MOUNT_KEYS.iter().enumerate() {
                    why.push_str(if i == 0 { " " } else { ", " });
                    why.push_str(k);
                }
                return Err(fail(&key, &why));
            }
        }
        // Own data properties only: a value inherited through the prototype chain (a polluted
        // `Object.prototype.apiBase`, say) is not the host's configuration, and a getter is not
        // run.
        let get = |key: &str| {
            let descriptor =
                js_sys::Object::get_own_property_descriptor(obj, &JsValue::from_str(key));
            if descriptor.is_undefined() {
                return None;
            }
            js_sys::Reflect::get(&descriptor, &JsValue::from_str("value"))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let string = |key: &str| -> Result<Option<String>, String> {
            get(key)
                .map(|v| v.as_string().ok_or_else(|| fail(key, "must be a string")))
                .transpose()
        };
        let mut config = WidgetConfig {
            token: string("token")?,
            token_provider: get("tokenProvider")
                .map(|p| {
                    p.dyn_into::<js_sys::Function>()
                        .map_err(|_| fail("tokenProvider", "must be a function returning a token"))
                })
                .transpose()?,
            ..WidgetConfig::default()
        };
        if let Some(api) = string("apiBase")? {
            config.api_base = api.trim_end_matches('/').to_owned();
        }
        if let Some(l) = string("locale")? {
            config.locale =
                Some(Locale::from_tag(&l).ok_or_else(|| {
                    fail("locale", &format!("\"{l}\" is not \"zh-CN\" or \"en\""))
                })?);
        }
        if let Some(v) = string("view")? {
            config.initial_view = View::from_name(&v).ok_or_else(|| {
                fail(
                    "view",
                    &format!("\"{v}\" is not \"file\", \"status\" or \"guide\""),
                )
            })?;
        }
        if let Some(s) = string("serial")? {
            config.serial = Some(
                filing_core::rules::serial_number(&s)
                    .map_err(|_| fail("serial", &format!("\"{s}\" is not a serial number")))?,
            );
        }
        if let Some(base) = string("assetBase")? {
            config.asset_base = if base.is_empty() || base.ends_with('/') {
                base
            } else {
                format!("{base}/")
            };
        }
        if let Some(name) = string("themeName")? {
            config.theme_name = Some(
                theme_name(&name)
                    .ok_or_else(|| fail("themeName", "use letters, digits and '-' only"))?,
            );
        }
        if let Some(support) = get("support") {
            config.support = read_support(&support).map_err(|key| {
                fail(
                    &format!("support.{key}"),
                    "hotline: a phone number; hours: text; chatUrl: an https:// link",
                )
            })?;
        }
        if let Some(theme) = get("theme") {
            if !theme.is_object() {
                return Err(fail(
                    "theme",
                    "must be an object of --fw-… custom properties",
                ));
            }
            for entry in js_sys::Object::entries(theme.unchecked_ref()).iter() {
                let pair: js_sys::Array = entry.unchecked_into();
                let k = pair.get(0).as_string().unwrap_or_default();
                if !k.starts_with("--fw-") {
                    return Err(fail(
                        &format!("theme.{k}"),
                        "not a widget custom property (they start with --fw-)",
                    ));
                }
                let v = pair
                    .get(1)
                    .as_string()
                    .ok_or_else(|| fail(&format!("theme.{k}"), "must be a string"))?;
                config.theme.push((k, v));
            }
        }
        Ok(config)
    }
}

/// The keys `mount` accepts; any other key is an error naming it.
pub const MOUNT_KEYS: [&str; 10] = [
    "apiBase",
    "token",
    "tokenProvider",
    "locale",
    "view",
    "serial",
    "assetBase",
    "themeName",
    "theme",
    "support",
];

/// `{hotline, hours, chatUrl}` as the host gives it (own string properties only).
fn read_support(v: &JsValue) -> Result<Option<SupportChannel>, &'static str> {
    if !v.is_object() {
        return Err("hotline");
    }
    let obj: &js_sys::Object = v.unchecked_ref();
    let text = |key: &'static str| -> Result<Option<String>, &'static str> {
        let d = js_sys::Object::get_own_property_descriptor(obj, &JsValue::from_str(key));
        if d.is_undefined() {
            return Ok(None);
        }
        match js_sys::Reflect::get(&d, &JsValue::from_str("value")) {
            Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
            Ok(v) => v.as_string().map(Some).ok_or(key),
            Err(_) => Err(key),
        }
    };
    SupportChannel::new(text("hotline")?, text("hours")?, text("chatUrl")?)
}

/// A support channel in `<meta name="filing-support" content='{"hotline": …}'>` (the sandbox
/// page shows one as an example).
fn meta_support() -> Option<SupportChannel> {
    let content = web_sys::window()?
        .document()?
        .query_selector("meta[name=filing-support]")
        .ok()??
        .get_attribute("content")?;
    let v = js_sys::JSON::parse(&content).ok()?;
    read_support(&v).ok().flatten()
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
