//! What a merchant can do with a filing after submitting it, on its status card: withdraw a
//! pending or rejected one, deregister an approved one (with a reason), see a placement change
//! under review (both placements) or rejected (its reasons), and, for a terminal another
//! merchant's filing holds, read the likely reasons and ask for a transfer.
//!
//! Each action asks once more inline, shows it is busy, and ends by refreshing the card (a
//! stale version or a changed state is said so and shown as it is now).

use filing_core::api::{
    ChangeStatus, DeregisterReason, FilingRecord, TransferRecord, TransferStatus,
};
use filing_core::{Field, Step};
use yew::prelude::*;

use crate::shared::{self, use_shared};

use crate::api::ApiError;
use crate::i18n::{deregister_reason_text, field_label, life_text, local_time, LifeText, Locale};

/// How an action ended, for the line under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Failed,
    /// The filing changed meanwhile (412 / 409): the card shows it as it is now.
    Stale,
}

fn ended(e: &ApiError) -> Ended {
    match e {
        ApiError::Http {
            status: 409 | 412, ..
        } => Ended::Stale,
        _ => Ended::Failed,
    }
}

fn ended_line(l: Locale, id: &'static str, e: Option<Ended>) -> Html {
    html! {
        <p class="fw-hint" {id} role="status">{
            match e {
                Some(Ended::Failed) => life_text(l, LifeText::ActionFailed),
                Some(Ended::Stale) => life_text(l, LifeText::ActionStale),
                None => "",
            }
        }</p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ActionProps {
    pub filing: FilingRecord,
    /// The action went through, or found the filing changed: refresh the card.
    pub on_done: Callback<()>,
}

/// 撤回报备: asked once more, then `POST /filings/{id}/withdraw`.
#[component]
pub fn WithdrawControl(props: &ActionProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let asking = use_state(|| false);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Ended>);
    let confirm = {
        let (f, busy, outcome, asking, done) = (
            props.filing.clone(),
            busy.clone(),
            outcome.clone(),
            asking.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(client) = client.clone() else { return };
            let (f, busy, outcome, asking, done) = (
                f.clone(),
                busy.clone(),
                outcome.clone(),
                asking.clone(),
                done.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = client.withdraw(&f.id, f.version).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        asking.set(false);
                        outcome.set(None);
                        done.emit(());
                    }
                    Err(e) => {
                        let e = ended(&e);
                        outcome.set(Some(e));
                        if e == Ended::Stale {
                            asking.set(false);
                            done.emit(());
                        }
                    }
                }
            });
        })
    };
    let body = if *asking {
        let no = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(false))
        };
        html! {
            <div class="fw-confirm" role="group" aria-labelledby="fw-withdraw-ask">
                <p id="fw-withdraw-ask">{ life_text(l, LifeText::WithdrawAsk) }</p>
                <button type="button" id="fw-withdraw-yes" class="fw-button" disabled={*busy}
                    aria-busy={busy.then_some("true")} onclick={confirm}>{ life_text(l, LifeText::WithdrawConfirm) }</button>
                <button type="button" class="fw-button fw-button--ghost" onclick={no}>{ life_text(l, LifeText::Cancel) }</button>
            </div>
        }
    } else {
        let ask = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(true))
        };
        html! {
            <button type="button" id="fw-withdraw" class="fw-button fw-button--ghost" onclick={ask}>
                { life_text(l, LifeText::Withdraw) }
            </button>
        }
    };
    html! { <div class="fw-lifecycle">{ body }{ ended_line(l, "fw-withdraw-ended", *outcome) }</div> }
}

/// 注销终端: a reason chosen from the short list, then `POST /filings/{id}/deregister`.
#[component]
pub fn DeregisterControl(props: &ActionProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let asking = use_state(|| false);
    let reason = use_state(|| None::<DeregisterReason>);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Ended>);
    if !*asking {
        let ask = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(true))
        };
        return html! {
            <div class="fw-lifecycle">
                <button type="button" id="fw-deregister" class="fw-button fw-button--ghost" onclick={ask}>
                    { life_text(l, LifeText::Deregister) }
                </button>
                { ended_line(l, "fw-deregister-ended", *outcome) }
            </div>
        };
    }
    let confirm = {
        let (f, busy, outcome, asking, done, reason) = (
            props.filing.clone(),
            busy.clone(),
            outcome.clone(),
            asking.clone(),
            props.on_done.clone(),
            reason.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (Some(client), Some(r)) = (client.clone(), *reason) else {
                return;
            };
            let (f, busy, outcome, asking, done) = (
                f.clone(),
                busy.clone(),
                outcome.clone(),
                asking.clone(),
                done.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = client.deregister(&f.id, f.version, r).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        asking.set(false);
                        outcome.set(None);
                        done.emit(());
                    }
                    Err(e) => {
                        let e = ended(&e);
                        outcome.set(Some(e));
                        if e == Ended::Stale {
                            asking.set(false);
                            done.emit(());
                        }
                    }
                }
            });
        })
    };
    let no = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(false))
    };
    html! {
        <div class="fw-lifecycle">
            <fieldset class="fw-fieldset fw-choices" id="fw-deregister-reasons">
                <legend>{ life_text(l, LifeText::DeregisterAsk) }</legend>
                { for DeregisterReason::ALL.into_iter().filter(|r| r.choosable()).map(|r| {
                    let id = format!("fw-deregister-{}", r.name());
                    let onchange = { let reason = reason.clone(); Callback::from(move |_| reason.set(Some(r))) };
                    html! {
                        <label class="fw-choice" for={id.clone()}>
                            <input type="radio" name="fw-deregister-reason" id={id} value={r.name()}
                                checked={*reason == Some(r)} {onchange} />
                            { deregister_reason_text(l, r) }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="fw-row">
                <button type="button" id="fw-deregister-yes" class="fw-button" disabled={reason.is_none() || *busy}
                    aria-busy={busy.then_some("true")} onclick={confirm}>{ life_text(l, LifeText::DeregisterConfirm) }</button>
                <button type="button" class="fw-button fw-button--ghost" onclick={no}>{ life_text(l, LifeText::Cancel) }</button>
            </div>
            { ended_line(l, "fw-deregister-ended", *outcome) }
        </div>
    }
}

/// When and why a filing was deregistered (or that it went with a transfer).
pub fn deregistered_view(l: Locale, f: &FilingRecord) -> Html {
    let Some(d) = &f.deregistered else {
        return html! {};
    };
    if d.reason == DeregisterReason::Transferred {
        return html! { <p id="fw-deregistered">{ life_text(l, LifeText::TransferredBody) }</p> };
    }
    html! {
        <p id="fw-deregistered">
            { life_text(l, LifeText::DeregisteredOn) }{ local_time(&d.at) }{ if l == Locale::ZhCn { "，" } else { ". " } }
            { life_text(l, LifeText::DeregisteredReason) }{ deregister_reason_text(l, d.reason) }
        </p>
    }
}

/// A placement change: under review (the current placement and the asked one side by side),
/// or rejected (the approved placement unchanged; the reasons come below it).
pub fn change_view(l: Locale, f: &FilingRecord) -> Html {
    let Some(c) = &f.change else {
        return html! {};
    };
    let (title, body) = match c.status {
        ChangeStatus::Pending => (LifeText::ChangePendingTitle, LifeText::ChangePendingBody),
        ChangeStatus::Rejected => (LifeText::ChangeRejectedTitle, LifeText::ChangeRejectedBody),
    };
    let changed: Vec<Field> = Step::Placement
        .fields()
        .filter(|field| f.submission.get(*field) != c.submission.get(*field))
        .collect();
    html! {
        <section class="fw-change" id="fw-change" data-status={c.status.name()} aria-labelledby="fw-change-title">
            <h4 id="fw-change-title">{ life_text(l, title) }</h4>
            <p>{ life_text(l, body) }</p>
            if c.status == ChangeStatus::Pending && !changed.is_empty() {
                <table class="fw-compare">
                    <thead><tr>
                        <td></td>
                        <th scope="col">{ life_text(l, LifeText::Now) }</th>
                        <th scope="col">{ life_text(l, LifeText::ChangesTo) }</th>
                    </tr></thead>
                    <tbody>
                        { for changed.iter().map(|field| html! {
                            <tr data-field={field.api_name()}>
                                <th scope="row">{ field_label(l, *field) }</th>
                                <td>{ f.submission.get(*field).to_owned() }</td>
                                <td>{ c.submission.get(*field).to_owned() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// Why another merchant may hold the terminal, and where a transfer request stands.
pub fn held_elsewhere_view(l: Locale, transfer: Option<&TransferRecord>) -> Html {
    let state = transfer.map(|t| match t.status {
        TransferStatus::Pending => (LifeText::TransferPending, "pending"),
        TransferStatus::Approved => (LifeText::TransferApproved, "approved"),
        TransferStatus::Rejected => (LifeText::TransferRejected, "rejected"),
    });
    html! {
        <>
            <p>{ life_text(l, LifeText::HeldElsewhereBody) }</p>
            <ul class="fw-held-reasons">
                <li>{ life_text(l, LifeText::HeldSecondHand) }</li>
                <li>{ life_text(l, LifeText::HeldMistake) }</li>
                <li>{ life_text(l, LifeText::HeldNotYours) }</li>
            </ul>
            if let Some((text, name)) = state {
                <p class="fw-notice" id="fw-transfer" data-status={name}>{ life_text(l, text) }</p>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct TransferProps {
    /// The serial number, or a QR stand's number (`qr`).
    pub terminal: AttrValue,
    pub qr: bool,
    pub on_done: Callback<()>,
}

/// 申请转让给我: `POST /transfers`, one key per card so a retry asks once.
#[component]
pub fn TransferControl(props: &TransferProps) -> Html {
    let cx = use_shared();
    let l = shared::locale(&cx);
    let client = shared::client(&cx);
    let key = use_memo((), |_| crate::filing::draft_store::new_key());
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Ended>);
    let onclick = {
        let (terminal, qr, busy, outcome, done, key) = (
            props.terminal.clone(),
            props.qr,
            busy.clone(),
            outcome.clone(),
            props.on_done.clone(),
            key.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(client) = client.clone() else { return };
            let (terminal, busy, outcome, done, key) = (
                terminal.clone(),
                busy.clone(),
                outcome.clone(),
                done.clone(),
                key.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = client.request_transfer(&terminal, qr, &key).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        outcome.set(None);
                        done.emit(());
                    }
                    Err(e) => {
                        outcome.set(Some(ended(&e)));
                        done.emit(());
                    }
                }
            });
        })
    };
    html! {
        <div class="fw-lifecycle">
            <button type="button" id="fw-transfer-ask" class="fw-button" disabled={*busy}
                aria-busy={busy.then_some("true")} {onclick}>{ life_text(l, LifeText::RequestTransfer) }</button>
            { ended_line(l, "fw-transfer-ended", *outcome) }
        </div>
    }
}
