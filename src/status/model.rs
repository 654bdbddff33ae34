//! What a status check shows, decided without the DOM (tested natively): the state a terminal is
//! in, and the look-up's own state (what is shown, since when, and whether the last try failed).

use std::rc::Rc;

use filing_core::api::{ChangeStatus, FilingStatus, TerminalStatus, TransferStatus};
use yew::Reducible;

use crate::api::ApiError;

/// The explicit states of a terminal, each with its own words and action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No filing by this merchant (→ start filing, serial prefilled).
    NotFiled,
    /// Another merchant's filing holds the terminal, and this merchant's own (if any) does not
    /// (→ the possible reasons, and a transfer request).
    FiledByOther,
    /// Under review. `stale` holds (reasons' submission, current submission) when the reasons
    /// shown belong to an earlier submission than the one being reviewed.
    Pending { stale: Option<(u32, u32)> },
    /// Approved (→ change its placement, or deregister it); `change` is a placement change
    /// under review or rejected.
    Approved { change: Option<ChangeStatus> },
    /// Rejected with reasons (→ correct and resubmit).
    Rejected,
    /// Rejected with no reason given (→ support, with a prefilled report).
    RejectedNoReason,
    /// Revoked or deregistered (→ file again).
    Revoked,
    /// Withdrawn by the merchant (→ file again).
    Withdrawn,
}

impl Verdict {
    pub fn of(t: &TerminalStatus) -> Verdict {
        let holds = t.filing.as_ref().is_some_and(|f| f.status.holds_terminal());
        if t.filed_by_another_merchant && !holds {
            return Verdict::FiledByOther;
        }
        let Some(f) = &t.filing else {
            return Verdict::NotFiled;
        };
        match f.status {
            FilingStatus::Pending => Verdict::Pending {
                stale: match f.reasons_version {
                    Some(rv) if rv < f.version && !f.reasons.is_empty() => Some((rv, f.version)),
                    _ => None,
                },
            },
            FilingStatus::Approved => Verdict::Approved {
                change: f.change.as_ref().map(|c| c.status),
            },
            FilingStatus::Rejected if f.reasons.is_empty() => Verdict::RejectedNoReason,
            FilingStatus::Rejected => Verdict::Rejected,
            FilingStatus::Revoked => Verdict::Revoked,
            FilingStatus::Withdrawn => Verdict::Withdrawn,
        }
    }

    /// Stable name, for `data-state` attributes and tests.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::NotFiled => "not_filed",
            Verdict::FiledByOther => "filed_by_other",
            Verdict::Pending { stale: None } => "pending",
            Verdict::Pending { stale: Some(_) } => "pending_stale_reasons",
            Verdict::Approved { change: None } => "approved",
            Verdict::Approved {
                change: Some(ChangeStatus::Pending),
            } => "approved_change_pending",
            Verdict::Approved {
                change: Some(ChangeStatus::Rejected),
            } => "approved_change_rejected",
            Verdict::Rejected => "rejected",
            Verdict::RejectedNoReason => "rejected_no_reason",
            Verdict::Revoked => "revoked",
            Verdict::Withdrawn => "withdrawn",
        }
    }
}

/// One terminal's look-up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lookup {
    /// The (normalised) serial looked up.
    pub serial: String,
    pub shown: Option<Rc<TerminalStatus>>,
    /// When `shown` was fetched (ms since the epoch).
    pub checked_at: f64,
    pub busy: bool,
    /// The last try failed; `shown`, if any, is the last known status.
    pub error: Option<ApiError>,
    /// Refreshes in a row that found the same pending filing (the backoff's exponent).
    pub polls: u32,
}

pub enum LookupAction {
    Start(String),
    Loaded {
        serial: String,
        status: TerminalStatus,
        at: f64,
    },
    /// The try failed; `cached` is the last known status saved on this phone, if any.
    Failed {
        serial: String,
        error: ApiError,
        cached: Option<(TerminalStatus, f64)>,
    },
}

/// The filing's identity and state (and a change's, a transfer's), to tell "nothing changed"
/// from a change.
type Key<'a> = (
    Option<(&'a str, u32, FilingStatus, Option<ChangeStatus>)>,
    Option<TransferStatus>,
);

fn key(t: &TerminalStatus) -> Key<'_> {
    (
        t.filing.as_ref().map(|f| {
            (
                f.id.as_str(),
                f.version,
                f.status,
                f.change.as_ref().map(|c| c.status),
            )
        }),
        t.transfer.as_ref().map(|x| x.status),
    )
}

impl Lookup {
    /// Whether something shown is under review (the filing, a change of it, a transfer
    /// request), and so should refresh itself.
    pub fn pending(&self) -> bool {
        self.shown.as_deref().is_some_and(|t| {
            t.filing.as_ref().is_some_and(|f| !f.settled())
                || t.transfer
                    .as_ref()
                    .is_some_and(|x| x.status == TransferStatus::Pending)
        })
    }

    /// The delay before the next refresh of a pending filing: 2 s, doubling, at most a minute.
    pub fn next_poll_ms(&self) -> u32 {
        (2_000u32 << self.polls.min(5)).min(60_000)
    }
}

impl Reducible for Lookup {
    type Action = LookupAction;

    fn reduce(self: Rc<Self>, action: LookupAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            LookupAction::Start(serial) => {
                if serial != s.serial {
                    s = Lookup {
                        serial,
                        ..Lookup::default()
                    };
                }
                s.busy = true;
            }
            // An answer for a serial no longer asked about is dropped.
            LookupAction::Loaded { serial, .. } | LookupAction::Failed { serial, .. }
                if serial != s.serial =>
            {
                return self;
            }
            LookupAction::Loaded { status, at, .. } => {
                let same = s.shown.as_deref().map(key) == Some(key(&status));
                s.polls = if same { s.polls + 1 } else { 0 };
                s.shown = Some(Rc::new(status));
                s.checked_at = at;
                s.busy = false;
                s.error = None;
            }
            LookupAction::Failed { error, cached, .. } => {
                if s.shown.is_none() {
                    if let Some((status, at)) = cached {
                        s.shown = Some(Rc::new(status));
                        s.checked_at = at;
                    }
                }
                s.busy = false;
                s.error = Some(error);
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use filing_core::api::FilingRecord;
    use filing_core::reason::{Reason, ReasonCode};
    use filing_core::FilingInput;

    fn terminal(status: Option<FilingStatus>, reasons: usize, rv: Option<u32>) -> TerminalStatus {
        TerminalStatus {
            serial_number: "SB-OK-0001".into(),
            filing: status.map(|status| FilingRecord {
                id: "f1".into(),
                status,
                version: 2,
                submission: FilingInput::default(),
                reasons: (0..reasons)
                    .map(|_| Reason {
                        code: ReasonCode::QrCodeBoundElsewhere,
                        field: None,
                        detail: None,
                    })
                    .collect(),
                reasons_version: rv,
                created_at: String::new(),
                updated_at: String::new(),
                deregistered: None,
                change: None,
            }),
            filed_by_another_merchant: false,
            device: None,
            qr: None,
            merchant_qualified: None,
            transfer: None,
        }
    }

    #[test]
    fn every_state_is_told_apart() {
        use FilingStatus::*;
        assert_eq!(Verdict::of(&terminal(None, 0, None)), Verdict::NotFiled);
        let mut other = terminal(None, 0, None);
        other.filed_by_another_merchant = true;
        assert_eq!(Verdict::of(&other), Verdict::FiledByOther);
        assert_eq!(
            Verdict::of(&terminal(Some(Pending), 0, None)),
            Verdict::Pending { stale: None }
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Pending), 1, Some(1))),
            Verdict::Pending {
                stale: Some((1, 2))
            }
        );
        // Reasons of this very submission, or an earlier one's with nothing in them, are not
        // stale reasons.
        for (reasons, rv) in [(1, Some(2)), (0, Some(1)), (1, None)] {
            assert_eq!(
                Verdict::of(&terminal(Some(Pending), reasons, rv)),
                Verdict::Pending { stale: None },
                "{reasons} reasons of version {rv:?}"
            );
        }
        assert_eq!(
            Verdict::of(&terminal(Some(Rejected), 1, Some(2))),
            Verdict::Rejected
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Rejected), 0, Some(2))),
            Verdict::RejectedNoReason
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Approved), 0, None)),
            Verdict::Approved { change: None }
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Revoked), 0, None)),
            Verdict::Revoked
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Withdrawn), 0, None)),
            Verdict::Withdrawn
        );
        // An own filing that holds nothing any more, and another merchant's that holds it.
        let mut taken = terminal(Some(Withdrawn), 0, None);
        taken.filed_by_another_merchant = true;
        assert_eq!(Verdict::of(&taken), Verdict::FiledByOther);
        let mut moving = terminal(Some(Approved), 0, None);
        if let Some(f) = &mut moving.filing {
            f.change = Some(filing_core::api::PlacementChange {
                status: ChangeStatus::Pending,
                submission: f.submission.clone(),
                submitted_at: "2026-12-01T10:00:00Z".into(),
                reasons: vec![],
            });
        }
        assert_eq!(Verdict::of(&moving).name(), "approved_change_pending");
    }

    /// A placement change under review, or a transfer request, keeps the card refreshing.
    #[test]
    fn a_pending_change_or_transfer_refreshes_itself() {
        let mut t = terminal(Some(FilingStatus::Approved), 0, None);
        let lookup = |t: &TerminalStatus| Lookup {
            shown: Some(Rc::new(t.clone())),
            ..Lookup::default()
        };
        assert!(!lookup(&t).pending());
        if let Some(f) = &mut t.filing {
            f.change = Some(filing_core::api::PlacementChange {
                status: ChangeStatus::Pending,
                submission: f.submission.clone(),
                submitted_at: "2026-12-01T10:00:00Z".into(),
                reasons: vec![],
            });
        }
        assert!(lookup(&t).pending());
        let mut other = terminal(None, 0, None);
        other.transfer = Some(filing_core::api::TransferRecord {
            id: "t_1".into(),
            terminal: "SB-OK-0002".into(),
            status: TransferStatus::Pending,
            created_at: "2026-12-01T10:00:00Z".into(),
            resolved_at: None,
        });
        assert!(lookup(&other).pending());
    }

    fn loaded(s: Rc<Lookup>, t: TerminalStatus, at: f64) -> Rc<Lookup> {
        s.reduce(LookupAction::Loaded {
            serial: "SB-OK-0001".into(),
            status: t,
            at,
        })
    }

    #[test]
    fn a_failed_refresh_keeps_the_last_known_status_and_its_time() {
        let s = Rc::new(Lookup::default()).reduce(LookupAction::Start("SB-OK-0001".into()));
        let s = loaded(s, terminal(Some(FilingStatus::Pending), 0, None), 1000.0);
        let s = s
            .reduce(LookupAction::Start("SB-OK-0001".into()))
            .reduce(LookupAction::Failed {
                serial: "SB-OK-0001".into(),
                error: ApiError::Network("offline".into()),
                cached: None,
            });
        assert!(s.shown.is_some(), "still shown");
        assert_eq!(s.checked_at, 1000.0);
        assert!(s.error.is_some());
    }

    #[test]
    fn with_nothing_shown_a_failure_falls_back_to_the_saved_status() {
        let s = Rc::new(Lookup::default())
            .reduce(LookupAction::Start("SB-OK-0001".into()))
            .reduce(LookupAction::Failed {
                serial: "SB-OK-0001".into(),
                error: ApiError::Network("offline".into()),
                cached: Some((terminal(Some(FilingStatus::Approved), 0, None), 5.0)),
            });
        assert_eq!(s.checked_at, 5.0);
        assert_eq!(
            Verdict::of(s.shown.as_deref().unwrap()),
            Verdict::Approved { change: None }
        );
    }

    #[test]
    fn pending_refreshes_back_off_and_reset_on_change() {
        let s = Rc::new(Lookup::default()).reduce(LookupAction::Start("SB-OK-0001".into()));
        let mut s = loaded(s, terminal(Some(FilingStatus::Pending), 0, None), 1.0);
        assert_eq!(s.next_poll_ms(), 2_000);
        for _ in 0..10 {
            s = loaded(s, terminal(Some(FilingStatus::Pending), 0, None), 2.0);
        }
        assert_eq!(s.next_poll_ms(), 60_000, "capped at a minute");
        let s = loaded(s, terminal(Some(FilingStatus::Approved), 0, None), 3.0);
        assert_eq!(s.polls, 0);
        assert!(!s.pending());
    }

    #[test]
    fn an_answer_for_another_serial_is_dropped() {
        let s = Rc::new(Lookup::default()).reduce(LookupAction::Start("SB-OK-0002".into()));
        let s = loaded(s, terminal(Some(FilingStatus::Approved), 0, None), 1.0);
        assert!(s.shown.is_none());
        assert!(s.busy);
    }
}
