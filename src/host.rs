//! Telling the host page what happens. Every event is a DOM `CustomEvent` named
//! `filing-widget:<name>` (bubbling, composed) dispatched on the host element in mount mode, or
//! on the document on the standalone page; inside an iframe whose host origin is configured, the
//! same event is also posted to that origin as `{type: "filing-widget:<name>", detail}`.
//!
//! Events: `ready`, `view-changed` (view name), `draft-saved`, `filing-submitted` (filing id),
//! `status-changed` (status name), `error` (error code: the API's, or `NETWORK`,
//! `MALFORMED_RESPONSE`, `HTTP_<status>`), `height-changed` (CSS pixels).

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use crate::json::ObjectBuilder;

#[derive(Default)]
struct Bridge {
    target: Option<web_sys::Element>,
    parent_origin: Option<String>,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Where events go: the host element (mount mode) and/or the parent window's origin (iframe).
pub fn connect(target: Option<web_sys::Element>, parent_origin: Option<String>) {
    BRIDGE.with(|b| {
        *b.borrow_mut() = Bridge {
            target,
            parent_origin,
        }
    });
}

/// The origin allowed to send the widget messages (its token), in iframe mode.
pub fn parent_origin() -> Option<String> {
    BRIDGE.with(|b| b.borrow().parent_origin.clone())
}

/// The token in a `{type: "filing-widget:token", token}` message, if the message is the host's:
/// this page is framed, the message comes from the parent window itself (not a sibling frame, not
/// a popup's opener) and from the configured host `origin`. Anything else is ignored.
pub fn token_from_host(e: &web_sys::MessageEvent, origin: &str) -> Option<String> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    if js_sys::Object::is(&parent, &window) {
        return None; // a top-level page (a popup too) has no host to listen to
    }
    if !js_sys::Object::is(e.source()?.as_ref(), &parent) || e.origin() != origin {
        return None;
    }
    let data = e.data();
    let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
    if field("type")?.as_string()? != "filing-widget:token" {
        return None;
    }
    field("token")?.as_string()
}

/// The events the widget tells its host about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostEvent {
    Ready,
    /// Detail: the view's name.
    ViewChanged,
    DraftSaved,
    /// Detail: the filing's id.
    FilingSubmitted,
    /// Detail: the status's name.
    StatusChanged,
    /// Detail: the error code (the API's, or `NETWORK`, `MALFORMED_RESPONSE`, `HTTP_<status>`).
    Error,
    /// Detail: the widget's height in CSS pixels.
    HeightChanged,
}

impl HostEvent {
    /// The event's type without the `filing-widget:` prefix.
    pub fn name(self) -> &'static str {
        match self {
            HostEvent::Ready => "ready",
            HostEvent::ViewChanged => "view-changed",
            HostEvent::DraftSaved => "draft-saved",
            HostEvent::FilingSubmitted => "filing-submitted",
            HostEvent::StatusChanged => "status-changed",
            HostEvent::Error => "error",
            HostEvent::HeightChanged => "height-changed",
        }
    }
}

/// Dispatches `filing-widget:<event>` with an optional string detail.
pub fn emit(event: HostEvent, detail: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let kind = format!("filing-widget:{}", event.name());
    let detail = detail.map_or(JsValue::NULL, JsValue::from_str);
    let (target, origin) = BRIDGE.with(|b| {
        let b = b.borrow();
        (b.target.clone(), b.parent_origin.clone())
    });
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(&kind, &init) {
        let _ = match (&target, window.document()) {
            (Some(t), _) => t.dispatch_event(&ev),
            (None, Some(d)) => d.dispatch_event(&ev),
            (None, None) => Ok(false),
        };
    }
    if let (Some(origin), Ok(Some(parent))) = (origin, window.parent()) {
        let message = ObjectBuilder::new()
            .set("type", kind.as_str())
            .set("detail", detail)
            .build();
        // A wrong origin makes the browser drop the message, which is the point.
        let _ = parent.post_message(&message, &origin);
    }
}
