//! `SupportReport`: what the acquirer's support desk asks first, ready to hand over. What the
//! widget knows is prefilled (merchant number, serial, terminal number, QR stand, filing, status,
//! reasons, the checks run); what only the merchant knows is typed (the prompt or response code
//! the POS showed, and when the payment failed). The report is text to copy with one tap, or to
//! send through the phone's share sheet where it has one; beside it, the support channel the
//! acquirer configured (hotline, hours, chat), or a plain "contact your acquirer" when none is.

use std::rc::Rc;

use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::components::use_ime_input::{use_ime_input, InputAttrs};
use crate::config::SupportChannel;
use crate::i18n::{colon, life_text, status_text, LifeText, Locale, StatusText};

#[derive(Properties, PartialEq)]
pub struct SupportReportProps {
    /// Element id prefix, unique on the page.
    pub id: AttrValue,
    /// What the widget knows: (label, value), in order.
    pub known: Rc<Vec<(String, String)>>,
}

/// "2026-12-01 21:30": now, as a starting value the merchant corrects if need be.
fn now_text() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Whether the phone has a share sheet (`navigator.share`).
fn can_share() -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"share".into()).ok())
        .is_some_and(|f| f.is_function())
}

/// Opens the share sheet with `text`; `false` when there is none or it refused at once.
fn share(title: &str, text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let Ok(f) = js_sys::Reflect::get(&nav, &"share".into()) else {
        return false;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return false;
    };
    let data = crate::json::ObjectBuilder::new()
        .set("title", title)
        .set("text", text)
        .build();
    // A cancelled sheet rejects its promise: nothing to do then.
    f.call1(&nav, &data).is_ok()
}

use wasm_bindgen::JsCast;

/// Where to take the report: the configured channel, or the acquirer in general.
fn channel_view(l: Locale, support: Option<&SupportChannel>, id: &str) -> Html {
    let Some(s) = support else {
        return html! { <p class="fw-hint" id={format!("{id}-channel")}>{ life_text(l, LifeText::SupportGeneric) }</p> };
    };
    html! {
        <div class="fw-support" id={format!("{id}-channel")}>
            <p><strong>{ life_text(l, LifeText::SupportTitle) }</strong></p>
            if let (Some(h), Some(tel)) = (&s.hotline, s.tel()) {
                <p>{ life_text(l, LifeText::SupportHotline) }{ colon(l) }<a href={tel} class="fw-tel">{ h.clone() }</a></p>
            }
            if let Some(h) = &s.hours {
                <p>{ life_text(l, LifeText::SupportHours) }{ colon(l) }{ h.clone() }</p>
            }
            if let Some(c) = &s.chat_url {
                <p><a href={c.clone()} target="_blank" rel="noopener noreferrer">{ life_text(l, LifeText::SupportChat) }</a></p>
            }
        </div>
    }
}

#[component]
pub fn SupportReport(props: &SupportReportProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let support = shared::support(&cx);
    let copied = use_state(|| false);
    let prompt = use_state(String::new);
    let when = use_state(now_text);
    let area = use_node_ref();
    let id = props.id.to_string();

    let prompt_input = use_ime_input(
        &prompt,
        InputAttrs {
            autocomplete: AttrValue::Static("off"),
            aria_describedby: Some(format!("{id}-prompt-hint")),
            ..InputAttrs::default()
        },
        {
            let prompt = prompt.clone();
            Callback::from(move |v: String| prompt.set(v))
        },
        Callback::noop(),
    );
    let when_input = use_ime_input(
        &when,
        InputAttrs {
            autocomplete: AttrValue::Static("off"),
            ..InputAttrs::default()
        },
        {
            let when = when.clone();
            Callback::from(move |v: String| when.set(v))
        },
        Callback::noop(),
    );

    let c = colon(l);
    let mut lines: Vec<String> = props
        .known
        .iter()
        .map(|(k, v)| format!("{k}{c}{v}"))
        .collect();
    let typed_or = |v: &str| {
        if v.trim().is_empty() {
            life_text(l, LifeText::NotGiven).to_owned()
        } else {
            v.trim().to_owned()
        }
    };
    lines.push(format!(
        "{}{c}{}",
        life_text(l, LifeText::PosPrompt),
        typed_or(&prompt)
    ));
    lines.push(format!(
        "{}{c}{}",
        life_text(l, LifeText::FailedAt),
        typed_or(&when)
    ));
    let text = lines.join("\n");

    let on_copy = {
        let (text, copied, area) = (text.clone(), copied.clone(), area.clone());
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
    let on_share = {
        let (text, on_copy) = (text.clone(), on_copy.clone());
        Callback::from(move |e: MouseEvent| {
            if !share(status_text(l, StatusText::SupportReport), &text) {
                on_copy.emit(e);
            }
        })
    };
    let label_id = format!("{id}-label");
    html! {
        <div class="fw-report" id={format!("{id}-box")}>
            <div class="fw-field">
                <label for={format!("{id}-prompt")}>{ life_text(l, LifeText::PosPrompt) }</label>
                <p class="fw-hint" id={format!("{id}-prompt-hint")}>{ life_text(l, LifeText::PosPromptHint) }</p>
                <input id={format!("{id}-prompt")} ref={prompt_input.node.clone()} type="text"
                    aria-describedby={prompt_input.attrs.aria_describedby.clone()} autocomplete="off"
                    oninput={prompt_input.oninput.clone()} onblur={prompt_input.onblur.clone()} />
            </div>
            <div class="fw-field">
                <label for={format!("{id}-when")}>{ life_text(l, LifeText::FailedAt) }</label>
                <input id={format!("{id}-when")} ref={when_input.node.clone()} type="text" autocomplete="off"
                    oninput={when_input.oninput.clone()} onblur={when_input.onblur.clone()} />
            </div>
            <label id={label_id} for={id.clone()}>{ status_text(l, StatusText::SupportReport) }</label>
            <textarea id={id.clone()} ref={area} readonly=true rows="9" value={text} />
            <div class="fw-row">
                if can_share() {
                    <button type="button" class="fw-button fw-button--small" id={format!("{id}-share")} onclick={on_share}>
                        { life_text(l, LifeText::Share) }
                    </button>
                }
                <button type="button" class="fw-button fw-button--small fw-button--ghost" id={format!("{id}-copy")} onclick={on_copy}>
                    { status_text(l, StatusText::Copy) }
                </button>
                <span role="status">{ if *copied { status_text(l, StatusText::Copied) } else { "" } }</span>
            </div>
            { channel_view(l, support.as_ref(), &id) }
        </div>
    }
}
