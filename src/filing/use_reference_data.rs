//! `use_reference_data`: what the form validates against, loaded from the API: the model
//! dictionary from the first step, the region list (20 KB) only once a step that needs it opens.

use std::rc::Rc;

use filing_core::api::MerchantProfile;
use filing_core::regions::Regions;
use yew::prelude::*;

use crate::api::{ApiClient, ApiError, Remote};
use crate::components::use_count::use_count;
use crate::components::use_policy::use_policy;
use crate::filing::form_ctx::RefData;

pub struct UseReferenceDataHandle {
    pub refs: Rc<RefData>,
    /// Loads again what failed to load.
    pub reload: Callback<()>,
    /// The merchant's record, once the acquirer has given it (`None` while loading, or when it
    /// offers none: the form then asks for everything).
    pub merchant: Option<Rc<MerchantProfile>>,
}

#[hook]
pub fn use_reference_data(
    client: Option<ApiClient>,
    merchant_id: Option<String>,
    needs_regions: bool,
) -> UseReferenceDataHandle {
    let catalog = use_state(|| Remote::Idle);
    let regions = use_state(|| Remote::<Rc<Regions>>::Idle);
    let attempt = use_count();
    let policy = use_policy(client.clone());
    let merchant = use_state(|| None::<Rc<MerchantProfile>>);
    {
        let merchant = merchant.clone();
        use_effect_with(client.clone(), move |client| {
            if let Some(client) = client.clone().filter(|c| c.token().is_some()) {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(m) = client.merchant().await {
                        merchant.set(Some(Rc::new(m)));
                    }
                });
            }
        });
    }
    {
        let catalog = catalog.clone();
        // Again when the client changes (an iframe's token arrives after start).
        use_effect_with((attempt.count, client.clone()), move |(_, client)| {
            if let Some(client) = client.clone() {
                if !matches!(*catalog, Remote::Loaded(_)) {
                    catalog.set(Remote::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        catalog.set(match client.models().await {
                            Ok(c) => Remote::Loaded(Rc::new(c)),
                            Err(e) => Remote::Failed(e),
                        });
                    });
                }
            }
        });
    }
    {
        let regions = regions.clone();
        use_effect_with((needs_regions, attempt.count), move |(needs, _)| {
            if let (true, Some(client)) = (*needs, client) {
                if matches!(*regions, Remote::Idle | Remote::Failed(_)) {
                    regions.set(Remote::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        // Read by one of the form's later parts; without its code, the list
                        // is as unavailable as without a network (and retried the same way).
                        let loaded = match crate::filing::later::form_parts().await {
                            Ok(parts) => (parts.regions)(client).await,
                            Err(_) => Err(ApiError::Network("the form's code did not load".into())),
                        };
                        regions.set(match loaded {
                            Ok(r) => Remote::Loaded(Rc::new(r)),
                            Err(e) => Remote::Failed(e),
                        });
                    });
                }
            }
        });
    }
    // The same data keeps the same `Rc`, so the fields that read it need not render again.
    let refs = use_memo(
        RefData {
            catalog: (*catalog).clone(),
            regions: (*regions).clone(),
            merchant_id,
            policy,
        },
        RefData::clone,
    );
    UseReferenceDataHandle {
        refs,
        reload: attempt.bump,
        merchant: (*merchant).clone(),
    }
}
