//! What the form needs only after its first steps: the placement's region cascade and location,
//! the review step, sending the filing, the page after it, and the banner of a correction. In
//! the release build they are a chunk of their own (`crate::lazy`), so the first step is usable
//! before their code has arrived. The form reaches them through [`FormParts`], plain functions
//! the chunk hands back, and shows a loading line (or a retry) in their place until then.

use filing_core::api::FilingRecord;
use filing_core::context::ReviewTime;
use filing_core::reason::Reason;
use yew::prelude::*;

use crate::api::ApiClient;
use crate::components::load_state::LoadState;
use crate::filing::form_ctx::FormCtx;
use crate::filing::form_field::FormFieldProps;
use crate::filing::state::{FormState, Notice};
use crate::filing::submitted::Kind;
use crate::filing::use_submit::Sending;
use crate::i18n::Locale;
use crate::nav::AppNav;

/// The page after sending: [`crate::filing::submitted::submitted`].
pub type SubmittedPage =
    fn(Locale, &FilingRecord, Kind, Option<ReviewTime>, Option<&AppNav>, Callback<()>) -> Html;
/// A correction's banner: [`crate::filing::correction_banner::correction_banner`].
pub type CorrectionBanner =
    fn(Locale, &str, &[Reason], Option<Notice>, Option<&AppNav>, bool) -> Html;

/// The parts, as the chunk hands them back.
#[derive(Clone, Copy)]
pub struct FormParts {
    pub region: fn(&FormFieldProps) -> Html,
    pub location: fn(&FormFieldProps) -> Html,
    pub review: fn(&FormCtx) -> Html,
    /// Sends the form's filing and dispatches the outcome to it.
    pub send: fn(UseReducerHandle<FormState>, ApiClient, Sending),
    pub submitted: SubmittedPage,
    pub correction: CorrectionBanner,
}

/// The parts themselves. Called only by the chunk's entry point, so their code goes with it.
pub fn parts() -> FormParts {
    FormParts {
        region: |p| {
            html! { <crate::filing::region_field::RegionField field={p.field} ctx={p.ctx.clone()} /> }
        },
        location: |p| {
            html! { <crate::filing::location_field::LocationField field={p.field} ctx={p.ctx.clone()} /> }
        },
        review: |ctx| html! { <crate::filing::review_step::ReviewStep ctx={ctx.clone()} /> },
        send: crate::filing::use_submit::send,
        submitted: crate::filing::submitted::submitted,
        correction: crate::filing::correction_banner::correction_banner,
    }
}

/// The parts as the form sees them: loaded, loading, or failed to load (with a retry).
#[derive(Clone)]
pub struct Later {
    pub parts: Option<FormParts>,
    pub failed: bool,
    pub retry: Callback<()>,
}

impl Later {
    /// `render` with the parts once they are loaded; the loading line (or the failure and its
    /// retry) until then.
    pub fn or_loading(&self, render: impl FnOnce(&FormParts) -> Html) -> Html {
        match &self.parts {
            Some(parts) => render(parts),
            None => {
                html! { <LoadState failed={Some(self.failed)} on_reload={self.retry.clone()} /> }
            }
        }
    }
}

/// Loaded parts never change, so only whether they are there counts.
impl PartialEq for Later {
    fn eq(&self, other: &Self) -> bool {
        self.parts.is_some() == other.parts.is_some()
            && self.failed == other.failed
            && self.retry == other.retry
    }
}
