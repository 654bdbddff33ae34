//! What the form needs only after its first steps, or can wait for: the placement's region
//! cascade and location, the review step, sending the filing, the page after it, the banner of
//! a correction, fetching and reading the region list (only that step needs it), and the
//! registry's terminal number for a typed serial (a convenience). In
//! the release build (feature `split`) they are a WebAssembly chunk of their own, as the status
//! and guide views are (`crate::lazy`), so the first steps are usable before their code has
//! arrived. The form reaches them through [`FormParts`], plain functions the chunk hands back
//! ([`use_later`], [`form_parts`]), and shows a loading line (or a retry) in their place until
//! then. Without the feature they are there at once.

use filing_core::api::FilingRecord;
use filing_core::context::ReviewTime;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use filing_core::reason::Reason;
use filing_core::regions::Regions;
use yew::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::components::load_state::{load_state, LoadFailed};
use crate::filing::form_ctx::FormCtx;
use crate::filing::form_field::FormFieldProps;
use crate::filing::state::{FormAction, FormState, Notice};
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

/// The region list on its way.
pub type RegionList = Pin<Box<dyn Future<Output = Result<Regions, ApiError>>>>;

/// The parts, as the chunk hands them back.
#[derive(Clone, Copy)]
pub struct FormParts {
    pub region: fn(&FormFieldProps) -> Html,
    pub location: fn(&FormFieldProps) -> Html,
    pub review: fn(&FormCtx) -> Html,
    /// Sends the form's filing and dispatches the outcome to it.
    pub send: fn(UseReducerHandle<FormState>, ApiClient, Sending),
    pub submitted: SubmittedPage,
    /// Why a submission failed: [`crate::filing::submit_failure::submit_failure`].
    pub failure: fn(Locale, &ApiError) -> Html,
    pub correction: CorrectionBanner,
    /// Fetches and reads the GB/T 2260 region list.
    pub regions: fn(ApiClient) -> RegionList,
    /// Asks the device registry for a serial's terminal number and fills it in if it knows one.
    pub registry_terminal_id: fn(UseReducerHandle<FormState>, ApiClient, String),
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(form, fallible))]
fn load_form() -> Result<FormParts, LoadFailed> {
    Ok(parts())
}

thread_local! {
    /// The parts, once loaded.
    static FORM: Cell<Option<FormParts>> = const { Cell::new(None) };
}

/// The form's later parts if they are in memory (always, without the split).
pub fn form_parts_now() -> Option<FormParts> {
    #[cfg(not(feature = "split"))]
    if FORM.get().is_none() {
        FORM.set(load_form().ok());
    }
    FORM.get()
}

/// The form's later parts, fetching their chunk first if needed.
pub async fn form_parts() -> Result<FormParts, LoadFailed> {
    if let Some(parts) = form_parts_now() {
        return Ok(parts);
    }
    #[cfg(feature = "split")]
    let parts = load_form().await?;
    #[cfg(not(feature = "split"))]
    let parts = load_form()?;
    FORM.set(Some(parts));
    Ok(parts)
}

/// The form's later parts for a form that needs them now (`needed`): fetched if they are not
/// in memory, and the form rendered again when they arrive or fail to.
#[hook]
pub fn use_later(needed: bool) -> Later {
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    let update = use_force_update();
    {
        let failed = failed.clone();
        use_effect_with((needed, *attempt), move |&(needed, _)| {
            if needed && form_parts_now().is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match form_parts().await {
                        Ok(_) => update.force_update(),
                        Err(LoadFailed) => failed.set(true),
                    }
                });
            }
        });
    }
    let parts = form_parts_now();
    Later {
        parts,
        failed: *failed && parts.is_none(),
        retry: Callback::from(move |()| {
            failed.set(false);
            attempt.set(*attempt + 1);
        }),
    }
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
        failure: crate::filing::submit_failure::submit_failure,
        correction: crate::filing::correction_banner::correction_banner,
        regions: |client| Box::pin(regions(client)),
        registry_terminal_id,
    }
}

async fn regions(client: ApiClient) -> Result<Regions, ApiError> {
    let text = client.regions_text().await?;
    Regions::parse(&text).map_err(|_| ApiError::Malformed {
        status: 200,
        detail: "region list".to_owned(),
    })
}

fn registry_terminal_id(form: UseReducerHandle<FormState>, client: ApiClient, serial: String) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok((t, _)) = client.terminal(&serial, None).await {
            if let Some(terminal_id) = t.device.and_then(|d| d.terminal_id) {
                form.dispatch(FormAction::RegistryTid {
                    serial,
                    terminal_id,
                });
            }
        }
    });
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
    pub fn or_loading(&self, l: Locale, render: impl FnOnce(&FormParts) -> Html) -> Html {
        match &self.parts {
            Some(parts) => render(parts),
            None => load_state(l, Some(self.failed), &self.retry),
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
