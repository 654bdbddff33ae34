//! Step 2 of the form: the merchant.

use filing_core::Field;
use yew::prelude::*;

use crate::filing::step_props::{Kind, StepProps};
use crate::i18n::Locale;

#[component]
pub fn MerchantStep(props: &StepProps) -> Html {
    let l = use_context::<Locale>().unwrap_or_default();
    html! {
        <>
            { props.text(l, Field::MerchantId, Kind::Code) }
            { props.text(l, Field::TerminalId, Kind::Code) }
            { props.text(l, Field::MerchantName, Kind::Organization) }
            { props.text(l, Field::CreditCode, Kind::Code) }
            { props.text(l, Field::ContactName, Kind::PersonName) }
            { props.text(l, Field::ContactMobile, Kind::Mobile) }
        </>
    }
}
