//! Step 1 of the form: the device.

use filing_core::{DeviceType, Field};
use yew::prelude::*;

use crate::api::Remote;
use crate::components::load_state::LoadState;
use crate::components::select_field::SelectField;
use crate::filing::step_props::{Kind, StepProps};
use crate::i18n::{device_type_name, Locale};

#[component]
pub fn DeviceStep(props: &StepProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    let draft = &props.form.draft;
    let types: Vec<(AttrValue, AttrValue)> = DeviceType::ALL
        .into_iter()
        .filter(|d| d.selectable())
        .map(|d| {
            (
                d.code().into(),
                format!("{} {}", d.code(), device_type_name(l, d)).into(),
            )
        })
        .collect();

    let catalog = match &props.refs.catalog {
        Remote::Loaded(c) => Some(c.clone()),
        _ => None,
    };
    let manufacturers: Vec<(AttrValue, AttrValue)> = catalog
        .iter()
        .flat_map(|c| c.manufacturers.iter())
        .map(|m| (m.code.clone().into(), m.name.clone().into()))
        .collect();
    let models: Vec<(AttrValue, AttrValue)> = catalog
        .as_ref()
        .and_then(|c| c.manufacturer(&draft.manufacturer))
        .map(|m| {
            m.models
                .iter()
                .map(|x| (x.code.clone().into(), x.name.clone().into()))
                .collect()
        })
        .unwrap_or_default();

    // Choosing a model fills in its registered network licence.
    let on_model = {
        let choose = props.on_choose();
        let catalog = catalog.clone();
        let manufacturer = draft.manufacturer.clone();
        Callback::from(move |(f, code): (Field, String)| {
            let licence = catalog
                .as_ref()
                .and_then(|c| c.model(&manufacturer, &code))
                .map(|m| m.network_licence.clone());
            choose.emit((f, code));
            if let Some(licence) = licence {
                choose.emit((Field::NetworkLicence, licence));
            }
        })
    };
    let on_manufacturer = {
        let choose = props.on_choose();
        Callback::from(move |(f, code): (Field, String)| {
            choose.emit((f, code));
            choose.emit((Field::Model, String::new()));
        })
    };
    html! {
        <>
            <SelectField field={Field::DeviceType} value={AttrValue::from(draft.device_type.clone())} options={types}
                error={props.error(l, Field::DeviceType)} on_change={props.on_choose()} />
            { props.text(l, Field::SerialNumber, Kind::Code) }
            { props.text(l, Field::Tusn, Kind::Code) }
            <LoadState failed={props.refs.catalog.load_failed()} on_reload={props.on_reload.clone()} />
            <SelectField field={Field::Manufacturer} value={AttrValue::from(draft.manufacturer.clone())} options={manufacturers}
                disabled={catalog.is_none()} error={props.error(l, Field::Manufacturer)} on_change={on_manufacturer} />
            <SelectField field={Field::Model} value={AttrValue::from(draft.model.clone())} options={models}
                disabled={catalog.is_none() || draft.manufacturer.is_empty()} error={props.error(l, Field::Model)} on_change={on_model} />
            { props.text(l, Field::NetworkLicence, Kind::Code) }
        </>
    }
}
