//! What a status check shows, decided without the DOM (tested natively): the state a terminal is
//! in, and the look-up's own state (what is shown, since when, and whether the last try failed).

use std::rc::Rc;

use filing_core::api::{FilingStatus, TerminalStatus};
use yew::Reducible;

use crate::api::ApiError;

/// The explicit states of a terminal, each with its own words and action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No filing by this merchant (→ start filing, serial prefilled).
    NotFiled,
    /// No filing by this merchant, but another merchant holds one (→ support).
    FiledByOther,
    /// Under review. `stale` holds (reasons' submission, current submission) when the reasons
    /// shown belong to an earlier submission than the one being reviewed.
    Pending {
        stale: Option<(u32, u32)>,
    },
    Approved,
    /// Rejected with reasons (→ correct and resubmit).
    Rejected,
    /// Rejected with no reason given (→ support, with a prefilled report).
    RejectedNoReason,
    /// Revoked (→ file again).
    Revoked,
}

impl Verdict {
    pub fn of(t: &TerminalStatus) -> Verdict {
        let Some(f) = &t.filing else {
            return if t.filed_by_another_merchant {
                Verdict::FiledByOther
            } else {
                Verdict::NotFiled
            };
        };
        match f.status {
            FilingStatus::Pending => Verdict::Pending {
                stale: match f.reasons_version {
                    Some(rv) if rv < f.version && !f.reasons.is_empty() => Some((rv, f.version)),
                    _ => None,
                },
            },
            FilingStatus::Approved => Verdict::Approved,
            FilingStatus::Rejected if f.reasons.is_empty() => Verdict::RejectedNoReason,
            FilingStatus::Rejected => Verdict::Rejected,
            FilingStatus::Revoked => Verdict::Revoked,
        }
    }

    /// Stable name, for `data-state` attributes and tests.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::NotFiled => "not_filed",
            Verdict::FiledByOther => "filed_by_other",
            Verdict::Pending { stale: None } => "pending",
            Verdict::Pending { stale: Some(_) } => "pending_stale_reasons",
            Verdict::Approved => "approved",
            Verdict::Rejected => "rejected",
            Verdict::RejectedNoReason => "rejected_no_reason",
            Verdict::Revoked => "revoked",
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

/// The filing's identity and state, to tell "nothing changed" from a change.
fn key(t: &TerminalStatus) -> Option<(&str, u32, FilingStatus)> {
    t.filing
        .as_ref()
        .map(|f| (f.id.as_str(), f.version, f.status))
}

impl Lookup {
    /// Whether the shown filing is under review (and so should refresh itself).
    pub fn pending(&self) -> bool {
        self.shown.as_deref().is_some_and(|t| {
            matches!(
                t.filing.as_ref().map(|f| f.status),
                Some(FilingStatus::Pending)
            )
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
                let same = s.shown.as_deref().and_then(key) == key(&status);
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
            }),
            filed_by_another_merchant: false,
            device: None,
            qr: None,
            merchant_qualified: None,
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
            Verdict::Approved
        );
        assert_eq!(
            Verdict::of(&terminal(Some(Revoked), 0, None)),
            Verdict::Revoked
        );
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
        assert_eq!(Verdict::of(s.shown.as_deref().unwrap()), Verdict::Approved);
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
