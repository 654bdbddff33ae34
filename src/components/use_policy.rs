//! `use_policy`: the rules in force and the acquirer's review time, fetched once per page and
//! shared by every view (the form's requirements, the promised review time).

use std::cell::RefCell;

use filing_core::Policy;
use yew::prelude::*;

use crate::api::ApiClient;

thread_local! {
    static POLICY: RefCell<Option<Policy>> = const { RefCell::new(None) };
}

/// The served policy once it has been fetched; `None` until then (or when it cannot be), and
/// validation then applies the default policy, the server having the last word.
#[hook]
pub fn use_policy(client: Option<ApiClient>) -> Option<Policy> {
    let policy = use_state(|| POLICY.with(|p| *p.borrow()));
    {
        let policy = policy.clone();
        use_effect_with(client, move |client| {
            if policy.is_none() {
                if let Some(client) = client.clone() {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(p) = client.policy().await {
                            POLICY.with(|c| *c.borrow_mut() = Some(p));
                            policy.set(Some(p));
                        }
                    });
                }
            }
        });
    }
    *policy
}
