//! Telling the host page what happens: DOM `CustomEvent`s named `filing-widget:<name>`,
//! dispatched on the document (the embedding work builds on this).

/// Dispatches `filing-widget:<name>` with an optional string detail.
pub fn emit(name: &str, detail: Option<&str>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    if let Some(d) = detail {
        init.set_detail(&d.into());
    }
    if let Ok(ev) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("filing-widget:{name}"), &init)
    {
        let _ = doc.dispatch_event(&ev);
    }
}
