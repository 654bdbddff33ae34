//! `use_ime_input`: the one way the widget wires a text input, so that no render can disturb a
//! merchant typing Chinese with a pinyin IME.
//!
//! Yew's `value` attribute is refreshed from the DOM on every render: when the rendered value
//! differs from what the input holds, the input is rewritten. During an IME composition the
//! input holds the uncommitted pinyin buffer, so any render (an autosave indicator, a connection
//! banner, a locale switch, a server answer) would write the last committed text over it, which
//! cancels or commits the composition on a phone. Inputs wired by this hook therefore render
//! without `value`; the hook writes the input itself, and only when the state's value has
//! changed (a normalisation on blur, a restored draft, a prefill) and no composition is active.
//! Its other attributes are held as they were while composing. The state catches up at
//! `compositionend` and, should a composition never end, at `blur`.

use std::cell::{Cell, RefCell};

use gloo_events::EventListener;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The attributes of an input that a render may change, held while a composition is active.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputAttrs {
    pub input_type: AttrValue,
    pub inputmode: Option<AttrValue>,
    pub autocomplete: AttrValue,
    pub autocapitalize: Option<AttrValue>,
    pub aria_invalid: bool,
    pub aria_describedby: Option<String>,
}

/// What an input wired by [`use_ime_input`] renders with.
pub struct UseImeInputHandle {
    pub node: NodeRef,
    pub oninput: Callback<InputEvent>,
    pub onblur: Callback<FocusEvent>,
    /// The attributes to render: the current ones, or those of the last render before the
    /// composition started.
    pub attrs: InputAttrs,
}

/// Wires an input showing `value`: `on_change` hears committed text (every keystroke outside a
/// composition, the final text of a composition), `on_blur` hears the input being left.
#[hook]
pub fn use_ime_input(
    value: &str,
    attrs: InputAttrs,
    on_change: Callback<String>,
    on_blur: Callback<()>,
) -> UseImeInputHandle {
    let node = use_node_ref();
    let composing = use_memo((), |_| Cell::new(false));
    let held = use_mut_ref(InputAttrs::default);
    // The value last written to (or found in) the input; `None` before the first render.
    let written = use_mut_ref(|| None::<String>);
    // The caller's latest callback, for listeners that outlive a render.
    let latest = use_memo((), |_| RefCell::new(Callback::<String>::noop()));
    *latest.borrow_mut() = on_change.clone();
    let refresh = use_force_update();

    // Composition listeners (html! has no composition events), attached to the element the
    // ref holds, again if a render replaced it (or first rendered it late), removed on unmount.
    let attached = use_mut_ref(|| None::<(HtmlInputElement, [EventListener; 2])>);
    {
        let (node, composing, latest) = (node.clone(), composing.clone(), latest.clone());
        let (attached, written) = (attached.clone(), written.clone());
        use_effect(move || {
            let el = node.cast::<HtmlInputElement>();
            let current = attached.borrow().as_ref().map(|(e, _)| e.clone());
            if el != current {
                // A new element has not been given the state's value yet.
                *written.borrow_mut() = None;
                *attached.borrow_mut() = el.map(|el| {
                    let start = {
                        let composing = composing.clone();
                        EventListener::new(&el, "compositionstart", move |_| composing.set(true))
                    };
                    let end = {
                        let input = el.clone();
                        EventListener::new(&el, "compositionend", move |_| {
                            composing.set(false);
                            let on_change = latest.borrow().clone();
                            on_change.emit(input.value());
                            // Attributes held during the composition catch up.
                            refresh.force_update();
                        })
                    };
                    (el, [start, end])
                });
            }
        });
    }
    {
        let attached = attached.clone();
        use_effect_with((), move |_| move || drop(attached.borrow_mut().take()));
    }

    // The state's value reaches the input only when it changed and nothing is being composed:
    // a render that merely repeats the value leaves the input (and its caret) alone.
    {
        let (node, composing, written) = (node.clone(), composing.clone(), written.clone());
        let value = value.to_owned();
        use_effect(move || {
            if composing.get() {
                return;
            }
            let Some(el) = node.cast::<HtmlInputElement>() else {
                return;
            };
            if written.borrow().as_deref() != Some(value.as_str()) {
                if el.value() != value {
                    el.set_value(&value);
                }
                *written.borrow_mut() = Some(value);
            }
        });
    }

    let attrs = if composing.get() {
        held.borrow().clone()
    } else {
        *held.borrow_mut() = attrs.clone();
        attrs
    };
    let oninput = {
        let composing = composing.clone();
        Callback::from(move |e: InputEvent| {
            // `isComposing` is read only from a real InputEvent (a synthetic `Event` has none).
            let event: &wasm_bindgen::JsValue = e.as_ref();
            let ime = wasm_bindgen::JsCast::dyn_ref::<InputEvent>(event)
                .is_some_and(InputEvent::is_composing);
            if composing.get() || ime {
                return;
            }
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            on_change.emit(text);
        })
    };
    let onblur = {
        let latest = latest.clone();
        Callback::from(move |e: FocusEvent| {
            if composing.replace(false) {
                // A composition that never ended: what the input holds is what was typed.
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                let on_change = latest.borrow().clone();
                on_change.emit(text);
            }
            on_blur.emit(());
        })
    };
    UseImeInputHandle {
        node,
        oninput,
        onblur,
        attrs,
    }
}
