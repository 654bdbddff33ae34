//! What every step of the form receives, and helpers to render its fields.

use std::rc::Rc;

use filing_core::catalog::Catalog;
use filing_core::reason::{Cause, ReasonCode};
use filing_core::regions::Regions;
use filing_core::{Context, Field, Policy, RuleError};
use yew::prelude::*;

use crate::api::Remote;
use crate::components::text_field::TextField;
use crate::filing::state::{FormAction, FormState};
use crate::i18n::{form_text, reason_text, rule_message, FormText, Locale};

/// Reference data the form validates against, loaded from the API.
#[derive(Debug, Clone)]
pub struct RefData {
    pub catalog: Remote<Rc<Catalog>>,
    pub regions: Remote<Rc<Regions>>,
    /// The signed-in merchant number, from the token.
    pub merchant_id: Option<String>,
}

impl RefData {
    /// The validation context: what has loaded so far (shapes only until then).
    pub fn ctx(&self) -> Context<'_> {
        Context {
            regions: loaded(&self.regions),
            catalog: loaded(&self.catalog),
            policy: Policy::default(),
            merchant_id: self.merchant_id.as_deref(),
        }
    }
}

/// Loaded data is immutable and shared: the same `Rc` means the same data, so props compare by
/// pointer instead of walking a whole dictionary or region list on every render.
fn same<T>(a: &Remote<Rc<T>>, b: &Remote<Rc<T>>) -> bool {
    match (a, b) {
        (Remote::Loaded(x), Remote::Loaded(y)) => Rc::ptr_eq(x, y),
        (Remote::Idle, Remote::Idle) | (Remote::Loading, Remote::Loading) => true,
        (Remote::Failed(x), Remote::Failed(y)) => x == y,
        _ => false,
    }
}

impl PartialEq for RefData {
    fn eq(&self, other: &Self) -> bool {
        same(&self.catalog, &other.catalog)
            && same(&self.regions, &other.regions)
            && self.merchant_id == other.merchant_id
    }
}

fn loaded<T>(r: &Remote<Rc<T>>) -> Option<&T> {
    match r {
        Remote::Loaded(v) => Some(v),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub form: UseReducerHandle<FormState>,
    pub refs: Rc<RefData>,
    /// Reloads reference data that failed to load.
    pub on_reload: Callback<()>,
    /// Opens the guide (from a field error that has a cause there).
    pub on_guide: Callback<Option<Cause>>,
}

impl StepProps {
    /// The message to show under a field, if any: a rule's, else a rejection reason's (while
    /// correcting, until the field is edited).
    pub fn error(&self, l: Locale, field: Field) -> Option<String> {
        if let Some(e) = self.form.error(field, &self.refs.ctx()) {
            return Some(rule_message(l, field, e));
        }
        let code = self.form.reason(field)?;
        let (meaning, action) = reason_text(l, code)
            .or_else(|| reason_text(l, &ReasonCode::FieldInvalid))
            .unwrap_or_default();
        Some(format!("{meaning}{action}"))
    }

    pub fn on_input(&self) -> Callback<(Field, String)> {
        let d = self.form.dispatcher();
        Callback::from(move |(f, v)| d.dispatch(FormAction::Input(f, v)))
    }

    pub fn on_blur(&self) -> Callback<Field> {
        let d = self.form.dispatcher();
        Callback::from(move |f| d.dispatch(FormAction::Blur(f)))
    }

    pub fn on_choose(&self) -> Callback<(Field, String)> {
        let d = self.form.dispatcher();
        Callback::from(move |(f, v)| d.dispatch(FormAction::Choose(f, v)))
    }

    /// A text field of the draft with the given phone keyboard hints.
    pub fn text(&self, l: Locale, field: Field, kind: Kind) -> Html {
        let (input_type, inputmode, autocomplete, autocapitalize) = kind.attrs();
        // Conflicts the merchant cannot fix by retyping have a cause in the guide.
        let after_error = match self.form.error(field, &self.refs.ctx()) {
            Some(e @ (RuleError::AlreadyFiled | RuleError::BoundElsewhere)) => {
                let guide = self.on_guide.clone();
                let cause = if e == RuleError::BoundElsewhere {
                    Cause::QrCodeBoundElsewhere
                } else {
                    Cause::FilingInfoWrong
                };
                html! {
                    <>{ " " }<button type="button" class="fw-link" onclick={move |_| guide.emit(Some(cause))}>
                        { form_text(l, FormText::GuideLink) }
                    </button></>
                }
            }
            _ => html! {},
        };
        html! {
            <TextField field={field} value={AttrValue::from(self.form.draft.get(field).to_owned())}
                error={self.error(l, field)} optional={!filing_core::filing::is_required(&self.form.draft, field)}
                input_type={input_type} inputmode={inputmode} autocomplete={autocomplete}
                autocapitalize={autocapitalize} after_error={after_error}
                on_input={self.on_input()} on_blur={self.on_blur()} />
        }
    }
}

/// What kind of text a field holds, for the phone's keyboard and autofill.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Letters and digits printed on a device or document: upper-case keyboard, no autofill.
    Code,
    Organization,
    PersonName,
    Mobile,
    StreetAddress,
    /// Numbers with '.' and ',' (coordinates, IP addresses).
    Decimal,
}

impl Kind {
    #[allow(clippy::type_complexity)]
    fn attrs(self) -> (AttrValue, Option<AttrValue>, AttrValue, Option<AttrValue>) {
        let s = |v: &'static str| AttrValue::Static(v);
        match self {
            Kind::Code => (s("text"), None, s("off"), Some(s("characters"))),
            Kind::Organization => (s("text"), None, s("organization"), None),
            Kind::PersonName => (s("text"), None, s("name"), None),
            Kind::Mobile => (s("tel"), Some(s("tel")), s("tel-national"), None),
            Kind::StreetAddress => (s("text"), None, s("street-address"), None),
            Kind::Decimal => (s("text"), Some(s("decimal")), s("off"), None),
        }
    }
}
