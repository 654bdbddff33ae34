//! `LocationField`: the placement's coordinates, typed or taken from the phone on request (never
//! on load), with the coordinate system they are in.

use filing_core::field::Keyboard;
use filing_core::rules::{self, Datum};
use filing_core::RuleError;
use wasm_bindgen::prelude::*;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::components::text_field::TextField;
use crate::filing::form_ctx::keyboard_attrs;
use crate::filing::form_field::FormFieldProps;
use crate::filing::state::FormAction;
use crate::i18n::{later_text, LaterText};

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed,
}

#[component]
pub fn LocationField(props: &FormFieldProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let (f, ctx) = (props.field, &props.ctx);
    let locating = use_state(|| Locating::Idle);

    let on_locate = {
        let locating = locating.clone();
        let dispatch = ctx.form.dispatcher();
        Callback::from(move |_| {
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                locating.set(Locating::Failed);
                return;
            };
            locating.set(Locating::Busy);
            let ok = {
                let locating = locating.clone();
                let dispatch = dispatch.clone();
                Closure::once_into_js(move |pos: JsValue| {
                    let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or_default();
                    // JavaScript's own number text: no float formatting code in the bundle.
                    let num = |k: &str| {
                        js_sys::Reflect::get(&coords, &k.into())
                            .ok()
                            .filter(|v| v.as_f64().is_some())
                            .and_then(|v| js_sys::JSON::stringify(&v).ok())
                            .map(String::from)
                    };
                    match (num("latitude"), num("longitude")) {
                        (Some(lat), Some(lon)) => {
                            dispatch.dispatch(FormAction::Datum(Datum::Wgs84));
                            dispatch.dispatch(FormAction::Choose(f, format!("{lat},{lon}")));
                            dispatch.dispatch(FormAction::Blur(f));
                            locating.set(Locating::Idle);
                        }
                        _ => locating.set(Locating::Failed),
                    }
                })
            };
            let failed = {
                let locating = locating.clone();
                Closure::once_into_js(move |_: JsValue| locating.set(Locating::Failed))
            };
            if geo
                .get_current_position_with_error_callback(
                    ok.unchecked_ref(),
                    Some(failed.unchecked_ref()),
                )
                .is_err()
            {
                locating.set(Locating::Failed);
            }
        })
    };
    // The pair is inside China only longitude first (as map apps copy it): offer that reading.
    let swap = (ctx.form.error(f, &ctx.refs.ctx()) == Some(RuleError::CoordinatesSwapped))
        .then(|| rules::location_swapped(ctx.form.draft.get(f)))
        .flatten()
        .map(|swapped| {
            let dispatch = ctx.form.dispatcher();
            let onclick = Callback::from(move |_| {
                dispatch.dispatch(FormAction::Choose(f, swapped.clone()));
                dispatch.dispatch(FormAction::Blur(f));
            });
            html! {
                <>{ " " }<button type="button" id="fw-location-swap" class="fw-link" {onclick}>
                    { later_text(l, LaterText::ReadLongitudeFirst) }
                </button></>
            }
        })
        .unwrap_or_default();
    let on_datum = {
        let dispatch = ctx.form.dispatcher();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.dispatch(FormAction::Datum(Datum::from_name(&v).unwrap_or_default()));
        })
    };
    let datum = ctx.form.draft.location_datum;
    let (input_type, inputmode, autocomplete, autocapitalize) = keyboard_attrs(Keyboard::Decimal);
    html! {
        <>
            <TextField field={f} value={AttrValue::from(ctx.form.draft.get(f).to_owned())}
                error={ctx.error(l, f)} optional=true {input_type} {inputmode} {autocomplete} {autocapitalize}
                after_error={swap}
                on_input={ctx.on_input()} on_blur={ctx.on_blur()} />
            <div class="fw-row">
                <button type="button" id="fw-locate" class="fw-button fw-button--ghost" onclick={on_locate}
                    disabled={*locating == Locating::Busy}>
                    { if *locating == Locating::Busy { later_text(l, LaterText::Locating) } else { later_text(l, LaterText::UseMyLocation) } }
                </button>
            </div>
            if *locating == Locating::Failed { <p class="fw-error" role="alert">{ later_text(l, LaterText::LocationFailed) }</p> }
            <div class="fw-field">
                <label for="fw-datum">{ later_text(l, LaterText::Datum) }</label>
                <select id="fw-datum" name="location_datum" onchange={on_datum}>
                    <option value="WGS84" selected={datum == Datum::Wgs84}>{ later_text(l, LaterText::DatumWgs84) }</option>
                    <option value="GCJ02" selected={datum == Datum::Gcj02}>{ later_text(l, LaterText::DatumGcj02) }</option>
                    <option value="BD09" selected={datum == Datum::Bd09}>{ later_text(l, LaterText::DatumBd09) }</option>
                </select>
            </div>
        </>
    }
}
