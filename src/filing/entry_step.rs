//! `EntryStep`: one data-entry step of the form, its fields in the table's order.

use filing_core::Step;
use yew::prelude::*;

use crate::filing::form_ctx::FormCtx;
use crate::filing::form_field::FormField;

#[derive(Properties, PartialEq)]
pub struct EntryStepProps {
    pub step: Step,
    pub ctx: FormCtx,
}

#[component]
pub fn EntryStep(props: &EntryStepProps) -> Html {
    html! {
        <>{ for props.step.fields().map(|f| html! { <FormField key={f.api_name()} field={f} ctx={props.ctx.clone()} /> }) }</>
    }
}
