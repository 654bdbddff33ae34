//! `SupportReport`: a prefilled report for the acquirer's support, shown as text the merchant
//! can copy with one tap (or select by hand where the clipboard is unavailable).

use yew::prelude::*;

use crate::i18n::{status_text, Locale, StatusText};

#[derive(Properties, PartialEq)]
pub struct SupportReportProps {
    pub text: AttrValue,
    /// Element id prefix, unique on the page.
    pub id: AttrValue,
}

#[component]
pub fn SupportReport(props: &SupportReportProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let copied = use_state(|| false);
    let area = use_node_ref();
    let on_copy = {
        let (text, copied, area) = (props.text.clone(), copied.clone(), area.clone());
        Callback::from(move |_| {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                el.select();
            }
            // navigator.clipboard is missing on plain-HTTP pages and in some in-app browsers;
            // the text stays selected for a manual copy then.
            let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
                return;
            };
            let has_clipboard = js_sys::Reflect::get(&nav, &"clipboard".into())
                .is_ok_and(|c| !c.is_undefined() && !c.is_null());
            if !has_clipboard {
                return;
            }
            let promise = nav.clipboard().write_text(&text);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        })
    };
    let label_id = format!("{}-label", props.id);
    html! {
        <div class="fw-report">
            <label id={label_id.clone()} for={props.id.clone()}>{ status_text(l, StatusText::SupportReport) }</label>
            <textarea id={props.id.clone()} ref={area} readonly=true rows="6" value={props.text.clone()} />
            <button type="button" class="fw-button fw-button--small fw-button--ghost" onclick={on_copy}>
                { status_text(l, StatusText::Copy) }
            </button>
            <span role="status">{ if *copied { status_text(l, StatusText::Copied) } else { "" } }</span>
        </div>
    }
}
