//! `RegionField`: the province / city / district cascade over the GB/T 2260 list (fetched when
//! the step that needs it opens).

use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::Remote;
use crate::components::load_state::load_state;
use crate::components::select_field::{select_field, Select};
use crate::components::text_field::{error_id, field_id};
use crate::filing::form_field::FormFieldProps;
use crate::i18n::{field_label, later_text, LaterText};

#[component]
pub fn RegionField(props: &FormFieldProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let (f, ctx) = (props.field, &props.ctx);
    let code = ctx.form.draft.get(f);
    let province = code.get(..2).unwrap_or("");
    let city = code.get(..4).unwrap_or("");
    let district = if code.len() == 6 { code } else { "" };
    let (provinces, cities, districts) = match &ctx.refs.regions {
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
    let error = ctx.error(l, f);
    // A prefecture-level city without districts (东莞, 中山, 儋州, 嘉峪关) is chosen as itself.
    let no_counties = |city: &str| match &ctx.refs.regions {
        Remote::Loaded(r) => r.has_no_counties(city),
        _ => false,
    };
    let city_is_final = no_counties(city);
    let choose = {
        let choose = ctx.on_choose();
        let regions = ctx.refs.regions.clone();
        Callback::from(move |(f, code): (filing_core::Field, String)| {
            let whole = matches!(&regions, Remote::Loaded(r) if r.has_no_counties(&code));
            choose.emit((f, if whole { format!("{code}00") } else { code }));
        })
    };
    let cascade = [
        (
            AttrValue::from(field_id(f)),
            LaterText::Province,
            provinces,
            province,
        ),
        ("fw-region-city".into(), LaterText::City, cities, city),
        (
            "fw-region-district".into(),
            LaterText::District,
            districts,
            district,
        ),
    ]
    .into_iter()
    .filter(|(_, label, _, _)| !(city_is_final && *label == LaterText::District))
    .map(|(id, label, options, value)| {
        let select = Select {
            field: f,
            value: AttrValue::from(value.to_owned()),
            disabled: options.is_empty(),
            options,
            error: error.clone(),
            id: Some(id),
            label: Some(AttrValue::Static(later_text(l, label))),
        };
        select_field(l, select, &choose)
    });
    html! {
        <fieldset class="fw-fieldset">
            <legend>{ field_label(l, f) }</legend>
            { load_state(l, ctx.refs.regions.load_failed(), &ctx.on_reload) }
            { for cascade }
            if city_is_final { <p class="fw-note" id="fw-region-whole-city">{ later_text(l, LaterText::NoDistricts) }</p> }
            if let Some(e) = error { <p id={error_id(f)} class="fw-error">{ e }</p> }
        </fieldset>
    }
}
