//! What every part of the form receives: the form's state, the reference data it validates
//! against, and the callbacks that change them.

use std::rc::Rc;

use filing_core::catalog::Catalog;
use filing_core::field::Keyboard;
use filing_core::reason::{Cause, ReasonCode};
use filing_core::regions::Regions;
use filing_core::{Context, Field, Policy};
use yew::prelude::*;

use crate::api::Remote;
use crate::filing::later::Later;
use crate::filing::state::{FormAction, FormState};
use crate::i18n::{reason_text, rule_message, Locale};

/// Reference data the form validates against, loaded from the API.
#[derive(Debug, Clone)]
pub struct RefData {
    pub catalog: Remote<Rc<Catalog>>,
    pub regions: Remote<Rc<Regions>>,
    /// The signed-in merchant number, from the token.
    pub merchant_id: Option<String>,
    /// The rules in force, once served (the default policy until then).
    pub policy: Option<Policy>,
}

impl RefData {
    /// The validation context: what has loaded so far (shapes only until then).
    pub fn ctx(&self) -> Context<'_> {
        Context {
            regions: loaded(&self.regions),
            catalog: loaded(&self.catalog),
            policy: self.policy.unwrap_or_default(),
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
            && self.policy == other.policy
    }
}

fn loaded<T>(r: &Remote<Rc<T>>) -> Option<&T> {
    match r {
        Remote::Loaded(v) => Some(v),
        _ => None,
    }
}

/// The form as its steps and fields see it.
#[derive(Clone, PartialEq)]
pub struct FormCtx {
    pub form: UseReducerHandle<FormState>,
    pub refs: Rc<RefData>,
    /// Reloads reference data that failed to load.
    pub on_reload: Callback<()>,
    /// Opens the guide (from a field error that has a cause there).
    pub on_guide: Callback<Option<Cause>>,
    /// The form's parts beyond its first steps (the placement's fields, the review).
    pub later: Later,
}

impl FormCtx {
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

    /// A choice, with what follows from it (filing-core's `follow_ups`: the model's licence
    /// filled in, a model of another manufacturer cleared).
    pub fn on_choose(&self) -> Callback<(Field, String)> {
        let (form, refs) = (self.form.clone(), self.refs.clone());
        Callback::from(move |(f, v): (Field, String)| {
            let mut after = form.draft.clone();
            after.set(f, v.clone());
            let follow = filing_core::filing::follow_ups(&after, f, &refs.ctx());
            form.dispatch(FormAction::Choose(f, v));
            for (g, w) in follow {
                form.dispatch(FormAction::Choose(g, w));
            }
        })
    }
}

/// The phone keyboard and autofill of a kind of text: (type, inputmode, autocomplete,
/// autocapitalize).
#[allow(clippy::type_complexity)]
pub fn keyboard_attrs(k: Keyboard) -> (AttrValue, Option<AttrValue>, AttrValue, Option<AttrValue>) {
    let s = |v: &'static str| AttrValue::Static(v);
    match k {
        Keyboard::Code => (s("text"), None, s("off"), Some(s("characters"))),
        Keyboard::Organization => (s("text"), None, s("organization"), None),
        Keyboard::PersonName => (s("text"), None, s("name"), None),
        Keyboard::Mobile => (s("tel"), Some(s("tel")), s("tel-national"), None),
        Keyboard::StreetAddress => (s("text"), None, s("street-address"), None),
        Keyboard::Decimal => (s("text"), Some(s("decimal")), s("off"), None),
    }
}
