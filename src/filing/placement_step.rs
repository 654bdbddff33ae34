//! Step 3 of the form: where the terminal is (region cascade, address, location, IP, QR stand).

use filing_core::rules::Datum;
use filing_core::Field;
use wasm_bindgen::prelude::*;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::api::Remote;
use crate::components::load_state::LoadState;
use crate::components::select_field::SelectField;
use crate::components::text_field::{error_id, field_id};
use crate::filing::state::FormAction;
use crate::filing::step_props::{Kind, StepProps};
use crate::i18n::{field_label, form_text, FormText, Locale};

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed,
}

#[component]
pub fn PlacementStep(props: &StepProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let draft = &props.form.draft;
    let locating = use_state(|| Locating::Idle);

    let code = draft.region.as_str();
    let province = code.get(..2).unwrap_or("");
    let city = code.get(..4).unwrap_or("");
    let district = if code.len() == 6 { code } else { "" };
    let (provinces, cities, districts) = match &props.refs.regions {
        Remote::Loaded(r) => {
            let own = |it: &mut dyn Iterator<Item = (&str, &str)>| -> Vec<(AttrValue, AttrValue)> {
                it.map(|(c, n)| (AttrValue::from(c.to_owned()), AttrValue::from(n.to_owned())))
                    .collect()
            };
            (
                own(&mut r.provinces()),
                if province.is_empty() {
                    vec![]
                } else {
                    own(&mut r.children(province))
                },
                if city.is_empty() {
                    vec![]
                } else {
                    own(&mut r.children(city))
                },
            )
        }
        _ => (vec![], vec![], vec![]),
    };
    let region_error = props.error(l, Field::Region);
    let cascade = [
        (AttrValue::from(field_id(Field::Region)), FormText::Province, provinces, province),
        ("fw-region-city".into(), FormText::City, cities, city),
        ("fw-region-district".into(), FormText::District, districts, district),
    ]
    .into_iter()
    .map(|(id, label, options, value)| {
        html! {
            <SelectField field={Field::Region} id={id} label={AttrValue::Static(form_text(l, label))}
                value={AttrValue::from(value.to_owned())} disabled={options.is_empty()} options={options}
                error={region_error.clone()} on_change={props.on_choose()} />
        }
    });

    // Location from the browser, only when asked: never on load.
    let on_locate = {
        let locating = locating.clone();
        let dispatch = props.form.dispatcher();
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
                            dispatch.dispatch(FormAction::Choose(
                                Field::Location,
                                format!("{lat},{lon}"),
                            ));
                            dispatch.dispatch(FormAction::Blur(Field::Location));
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
    let on_datum = {
        let dispatch = props.form.dispatcher();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.dispatch(FormAction::Datum(if v == "GCJ02" {
                Datum::Gcj02
            } else {
                Datum::Wgs84
            }));
        })
    };
    let datum = draft.location_datum;
    html! {
        <>
            <fieldset class="fw-fieldset">
                <legend>{ field_label(l, Field::Region) }</legend>
                <LoadState failed={props.refs.regions.load_failed()} on_reload={props.on_reload.clone()} />
                { for cascade }
                if let Some(e) = region_error { <p id={error_id(Field::Region)} class="fw-error">{ e }</p> }
            </fieldset>
            { props.text(l, Field::Address, Kind::StreetAddress) }
            { props.text(l, Field::Location, Kind::Decimal) }
            <div class="fw-row">
                <button type="button" id="fw-locate" class="fw-button fw-button--ghost" onclick={on_locate}
                    disabled={*locating == Locating::Busy}>
                    { if *locating == Locating::Busy { form_text(l, FormText::Locating) } else { form_text(l, FormText::UseMyLocation) } }
                </button>
            </div>
            if *locating == Locating::Failed { <p class="fw-error" role="alert">{ form_text(l, FormText::LocationFailed) }</p> }
            <div class="fw-field">
                <label for="fw-datum">{ form_text(l, FormText::Datum) }</label>
                <select id="fw-datum" name="location_datum" onchange={on_datum}>
                    <option value="WGS84" selected={datum == Datum::Wgs84}>{ form_text(l, FormText::DatumWgs84) }</option>
                    <option value="GCJ02" selected={datum == Datum::Gcj02}>{ form_text(l, FormText::DatumGcj02) }</option>
                </select>
            </div>
            { props.text(l, Field::DeviceIp, Kind::Decimal) }
            { props.text(l, Field::QrCode, Kind::Code) }
        </>
    }
}
