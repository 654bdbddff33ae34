//! 一键诊断: from what the widget could observe (network, health, the terminal's facts), the
//! result of each check and the most likely cause with its one fix. Pure, tested natively; the
//! view gathers the observations and renders the texts from the guide file.

use filing_core::api::{
    FilingRecord, FilingStatus, Health, HealthStatus, QrBinding, TerminalStatus,
};
use filing_core::reason::Cause;
use filing_core::{Context, Field, Policy, RuleError};

use crate::api::ApiError;
use crate::guide::keys::{CheckKey, Note};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// Could not be checked (offline, not asked, not applicable yet).
    Unknown,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
        }
    }
}

/// One check: `key` names it in the guide file (`check.<key>`), `note` its result sentence
/// (`check.<key>.<note>`), filled with `arg`.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub key: CheckKey,
    pub outcome: Outcome,
    pub note: Note,
    pub arg: String,
}

/// The one action offered for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    StartFiling,
    Correct,
    FileAgain,
    /// Run the diagnosis again (after the network is back, or the maintenance ends).
    Retry,
    /// Send the report of the checks to support (or ask for a permission upgrade).
    Support,
    /// Read the cause's steps in the guide (the fix is on the device).
    Guide,
    /// Open the terminal's status: another merchant holds it, and a transfer is asked there.
    Status,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Cause(Cause, Fix),
    /// Filed and approved, nothing wrong found.
    AllClear,
    /// Under review: wait.
    Pending,
    /// No cause this assistant can name (no reason, an unknown code, another merchant's).
    Support,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    pub checks: Vec<Check>,
    pub verdict: Verdict,
}

/// What the widget observed.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub online: bool,
    /// `/health` and how long it took (ms); `None` when not tried (offline).
    pub health: Option<Result<(Health, u32), ApiError>>,
    /// The terminal's facts; `None` when not asked (offline, down, maintenance).
    pub terminal: Option<Result<TerminalStatus, ApiError>>,
}

fn check(key: CheckKey, outcome: Outcome, note: Note, arg: impl Into<String>) -> Check {
    Check {
        key,
        outcome,
        note,
        arg: arg.into(),
    }
}

/// Correct a filing that can be corrected, else file one.
fn fix_filing(filing: Option<&FilingRecord>) -> Fix {
    match filing.map(|f| f.status) {
        Some(FilingStatus::Rejected) => Fix::Correct,
        Some(FilingStatus::Revoked) => Fix::FileAgain,
        Some(_) => Fix::Guide,
        None => Fix::StartFiling,
    }
}

pub fn diagnose(o: &Observed) -> Diagnosis {
    let mut checks = vec![];
    let network = |checks: Vec<Check>| Diagnosis {
        checks,
        verdict: Verdict::Cause(Cause::Network, Fix::Retry),
    };
    if !o.online {
        checks.push(check(
            CheckKey::Network,
            Outcome::Unknown,
            Note::Offline,
            "",
        ));
        return network(checks);
    }
    match &o.health {
        None | Some(Err(ApiError::Network(_))) => {
            checks.push(check(CheckKey::Network, Outcome::Fail, Note::Fail, ""));
            return network(checks);
        }
        Some(Err(ApiError::Http { status: 503, .. })) => {
            checks.push(check(CheckKey::Network, Outcome::Pass, Note::Pass, "-"));
            checks.push(check(CheckKey::Maintenance, Outcome::Fail, Note::Fail, "-"));
            return Diagnosis {
                checks,
                verdict: Verdict::Cause(Cause::Maintenance, Fix::Retry),
            };
        }
        Some(Err(_)) => {
            checks.push(check(CheckKey::Network, Outcome::Fail, Note::Fail, ""));
            return network(checks);
        }
        Some(Ok((health, ms))) => {
            checks.push(check(
                CheckKey::Network,
                Outcome::Pass,
                Note::Pass,
                ms.to_string(),
            ));
            if health.status == HealthStatus::Degraded {
                // Not the merchant's doing and nothing they can fix: like maintenance, wait.
                checks.push(check(CheckKey::Maintenance, Outcome::Fail, Note::Fail, "-"));
                return Diagnosis {
                    checks,
                    verdict: Verdict::Cause(Cause::Maintenance, Fix::Retry),
                };
            }
            if health.status == HealthStatus::Maintenance {
                let until = health.until.as_deref().map(crate::i18n::local_time);
                checks.push(check(
                    CheckKey::Maintenance,
                    Outcome::Fail,
                    Note::Fail,
                    until.unwrap_or_else(|| "-".to_owned()),
                ));
                return Diagnosis {
                    checks,
                    verdict: Verdict::Cause(Cause::Maintenance, Fix::Retry),
                };
            }
            checks.push(check(CheckKey::Maintenance, Outcome::Pass, Note::Pass, ""));
        }
    }
    let t = match &o.terminal {
        Some(Ok(t)) => t,
        Some(Err(ApiError::Network(_))) | None => {
            checks.push(check(CheckKey::Filing, Outcome::Unknown, Note::None, ""));
            return network(checks);
        }
        Some(Err(_)) => {
            checks.push(check(CheckKey::Filing, Outcome::Unknown, Note::None, ""));
            return Diagnosis {
                checks,
                verdict: Verdict::Support,
            };
        }
    };
    let filing = t.filing.as_ref();

    // The facts, each as a check.
    let filing_check = match filing {
        None if t.filed_by_another_merchant => {
            check(CheckKey::Filing, Outcome::Fail, Note::Other, "")
        }
        None => check(CheckKey::Filing, Outcome::Fail, Note::None, ""),
        Some(f) => match f.status {
            FilingStatus::Approved => check(CheckKey::Filing, Outcome::Pass, Note::Approved, ""),
            FilingStatus::Pending => check(CheckKey::Filing, Outcome::Unknown, Note::Pending, ""),
            FilingStatus::Revoked => check(CheckKey::Filing, Outcome::Fail, Note::Revoked, ""),
            FilingStatus::Withdrawn => check(CheckKey::Filing, Outcome::Fail, Note::Withdrawn, ""),
            FilingStatus::Rejected if f.reasons.is_empty() => {
                check(CheckKey::Filing, Outcome::Fail, Note::RejectedNone, "")
            }
            FilingStatus::Rejected => {
                let codes: Vec<&str> = f.reasons.iter().map(|r| r.code.as_str()).collect();
                check(
                    CheckKey::Filing,
                    Outcome::Fail,
                    Note::Rejected,
                    codes.join(", "),
                )
            }
        },
    };
    checks.push(filing_check);
    let pass_fail = |ok: bool| {
        if ok {
            (Outcome::Pass, Note::Pass)
        } else {
            (Outcome::Fail, Note::Fail)
        }
    };
    match &t.device {
        None => checks.push(check(CheckKey::Device, Outcome::Fail, Note::Fail, "")),
        Some(d) => {
            checks.push(check(
                CheckKey::Device,
                Outcome::Pass,
                Note::Pass,
                format!("{} {}", d.manufacturer, d.model),
            ));
            for (key, ok) in [
                (CheckKey::Activated, d.activated),
                (CheckKey::Security, d.security_check_passed),
                (CheckKey::Certified, d.certified_model),
            ] {
                let (outcome, note) = pass_fail(ok);
                checks.push(check(key, outcome, note, ""));
            }
        }
    }
    match &t.qr {
        Some(q) => {
            let (outcome, note) = match q.binding {
                QrBinding::Free | QrBinding::Yours => (Outcome::Pass, Note::Pass),
                QrBinding::Elsewhere => (Outcome::Fail, Note::Fail),
                QrBinding::Unknown => (Outcome::Fail, Note::Missing),
            };
            checks.push(check(CheckKey::Qr, outcome, note, q.qr_code.clone()));
        }
        None => checks.push(check(CheckKey::Qr, Outcome::Unknown, Note::Skip, "")),
    }
    if let Some(ok) = t.merchant_qualified {
        let (outcome, note) = pass_fail(ok);
        checks.push(check(CheckKey::Qualified, outcome, note, ""));
    }
    // The registry's newer rule for this device, applied by filing-core's own check.
    let policy_ok = filing.map(|f| {
        let ctx = Context {
            policy: Policy {
                location_or_ip_required: t.device.as_ref().is_some_and(|d| d.location_required),
                ..Policy::default()
            },
            ..Context::default()
        };
        filing_core::check_field(&f.submission, Field::Location, &ctx)
            != Err(RuleError::LocationOrIpRequired)
    });
    if let Some(ok) = policy_ok {
        let (outcome, note) = pass_fail(ok);
        checks.push(check(CheckKey::Policy, outcome, note, ""));
    }

    // The most likely cause: what filing again would not fix comes first.
    let failed = |key: CheckKey| {
        checks
            .iter()
            .any(|c| c.key == key && c.outcome == Outcome::Fail)
    };
    // A filing of this merchant's own that no longer holds the terminal does not count.
    let holds = filing.is_some_and(|f| f.status.holds_terminal());
    let verdict = if t.filed_by_another_merchant && !holds {
        Verdict::Cause(Cause::HeldElsewhere, Fix::Status)
    } else if failed(CheckKey::Device) {
        Verdict::Cause(Cause::FilingInfoWrong, fix_filing(filing))
    } else if failed(CheckKey::Activated) {
        Verdict::Cause(Cause::DeviceNotActivated, Fix::Guide)
    } else if failed(CheckKey::Security) || failed(CheckKey::Certified) {
        Verdict::Cause(Cause::SecurityCheckFailed, Fix::Guide)
    } else if failed(CheckKey::Qr) {
        let cause = if t
            .qr
            .as_ref()
            .is_some_and(|q| q.binding == QrBinding::Elsewhere)
        {
            Cause::QrCodeBoundElsewhere
        } else {
            Cause::FilingInfoWrong
        };
        Verdict::Cause(cause, fix_filing(filing))
    } else if failed(CheckKey::Qualified) {
        Verdict::Cause(Cause::MerchantNotQualified, Fix::Support)
    } else if failed(CheckKey::Policy) {
        Verdict::Cause(Cause::RulesChanged, fix_filing(filing))
    } else {
        match filing {
            None => Verdict::Cause(Cause::FilingInfoWrong, Fix::StartFiling),
            Some(f) => match f.status {
                FilingStatus::Revoked | FilingStatus::Withdrawn => {
                    Verdict::Cause(Cause::FilingInfoWrong, Fix::FileAgain)
                }
                FilingStatus::Pending => Verdict::Pending,
                FilingStatus::Approved => Verdict::AllClear,
                FilingStatus::Rejected => match f.reasons.first().map(|r| &r.code) {
                    Some(code) if code.cause().is_none() => Verdict::Support,
                    Some(code) => {
                        Verdict::Cause(code.cause().unwrap_or(Cause::FilingInfoWrong), Fix::Correct)
                    }
                    None => Verdict::Support,
                },
            },
        }
    };
    Diagnosis { checks, verdict }
}

#[cfg(test)]
mod tests {
    use super::*;
    use filing_core::api::{DeviceFacts, QrFacts};
    use filing_core::reason::{Reason, ReasonCode};
    use filing_core::FilingInput;

    fn ok_health() -> Option<Result<(Health, u32), ApiError>> {
        Some(Ok((
            Health {
                status: HealthStatus::Ok,
                until: None,
            },
            12,
        )))
    }

    fn device() -> DeviceFacts {
        DeviceFacts {
            manufacturer: "NEWLAND".into(),
            model: "N910".into(),
            activated: true,
            security_check_passed: true,
            certified_model: true,
            location_required: false,
            terminal_id: None,
        }
    }

    fn terminal(filing: Option<(FilingStatus, Vec<ReasonCode>)>) -> TerminalStatus {
        TerminalStatus {
            serial_number: "SB-OK-0001".into(),
            filing: filing.map(|(status, codes)| FilingRecord {
                id: "f".into(),
                status,
                version: 1,
                submission: FilingInput::default(),
                reasons: codes
                    .into_iter()
                    .map(|code| Reason {
                        code,
                        field: None,
                        detail: None,
                    })
                    .collect(),
                reasons_version: Some(1),
                created_at: String::new(),
                updated_at: String::new(),
                deregistered: None,
                change: None,
            }),
            filed_by_another_merchant: false,
            device: Some(device()),
            qr: None,
            merchant_qualified: Some(true),
            transfer: None,
        }
    }

    fn run(t: TerminalStatus) -> Diagnosis {
        diagnose(&Observed {
            online: true,
            health: ok_health(),
            terminal: Some(Ok(t)),
        })
    }

    #[test]
    fn offline_names_the_network_without_trying() {
        let d = diagnose(&Observed {
            online: false,
            health: None,
            terminal: None,
        });
        assert_eq!(d.verdict, Verdict::Cause(Cause::Network, Fix::Retry));
        assert_eq!(d.checks[0].outcome, Outcome::Unknown);
        assert_eq!(d.checks[0].note, Note::Offline);
    }

    #[test]
    fn an_unreachable_api_is_the_network_and_maintenance_is_maintenance() {
        let d = diagnose(&Observed {
            online: true,
            health: Some(Err(ApiError::Network("Failed to fetch".into()))),
            terminal: None,
        });
        assert_eq!(d.verdict, Verdict::Cause(Cause::Network, Fix::Retry));
        let d = diagnose(&Observed {
            online: true,
            health: Some(Ok((
                Health {
                    status: HealthStatus::Maintenance,
                    until: None,
                },
                5,
            ))),
            terminal: None,
        });
        assert_eq!(d.verdict, Verdict::Cause(Cause::Maintenance, Fix::Retry));
        let d = diagnose(&Observed {
            online: true,
            health: Some(Ok((
                Health {
                    status: HealthStatus::Degraded,
                    until: None,
                },
                5,
            ))),
            terminal: None,
        });
        assert_eq!(d.verdict, Verdict::Cause(Cause::Maintenance, Fix::Retry));
        assert_eq!(d.checks[1].outcome, Outcome::Fail);
    }

    #[test]
    fn each_fact_points_to_its_cause() {
        assert_eq!(
            run(terminal(None)).verdict,
            Verdict::Cause(Cause::FilingInfoWrong, Fix::StartFiling)
        );
        let mut t = terminal(Some((
            FilingStatus::Rejected,
            vec![ReasonCode::DeviceNotActivated],
        )));
        t.device.as_mut().unwrap().activated = false;
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::DeviceNotActivated, Fix::Guide)
        );
        let mut t = terminal(None);
        t.device.as_mut().unwrap().certified_model = false;
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::SecurityCheckFailed, Fix::Guide)
        );
        let mut t = terminal(Some((
            FilingStatus::Rejected,
            vec![ReasonCode::QrCodeBoundElsewhere],
        )));
        t.qr = Some(QrFacts {
            qr_code: "QR-BOUND-0001".into(),
            binding: QrBinding::Elsewhere,
        });
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::QrCodeBoundElsewhere, Fix::Correct)
        );
        let mut t = terminal(None);
        t.merchant_qualified = Some(false);
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::MerchantNotQualified, Fix::Support)
        );
        let mut t = terminal(Some((
            FilingStatus::Rejected,
            vec![ReasonCode::LocationRequired],
        )));
        t.device.as_mut().unwrap().location_required = true;
        let d = run(t);
        assert_eq!(d.verdict, Verdict::Cause(Cause::RulesChanged, Fix::Correct));
        assert!(d
            .checks
            .iter()
            .any(|c| c.key == CheckKey::Policy && c.outcome == Outcome::Fail));
        let mut t = terminal(None);
        t.device = None;
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::FilingInfoWrong, Fix::StartFiling)
        );
    }

    #[test]
    fn states_without_a_nameable_cause() {
        assert_eq!(
            run(terminal(Some((FilingStatus::Approved, vec![])))).verdict,
            Verdict::AllClear
        );
        assert_eq!(
            run(terminal(Some((FilingStatus::Pending, vec![])))).verdict,
            Verdict::Pending
        );
        assert_eq!(
            run(terminal(Some((FilingStatus::Rejected, vec![])))).verdict,
            Verdict::Support
        );
        assert_eq!(
            run(terminal(Some((
                FilingStatus::Rejected,
                vec![ReasonCode::Other("ACQUIRER_RISK_REVIEW".into())]
            ))))
            .verdict,
            Verdict::Support
        );
        assert_eq!(
            run(terminal(Some((FilingStatus::Revoked, vec![])))).verdict,
            Verdict::Cause(Cause::FilingInfoWrong, Fix::FileAgain)
        );
        assert_eq!(
            run(terminal(Some((FilingStatus::Withdrawn, vec![])))).verdict,
            Verdict::Cause(Cause::FilingInfoWrong, Fix::FileAgain)
        );
    }

    /// Another merchant's filing holds the terminal (and this merchant's own, if any, does not):
    /// the cause is named, and the fix is the status card with its transfer request.
    #[test]
    fn a_terminal_held_elsewhere_points_to_the_transfer() {
        let mut t = terminal(None);
        t.filed_by_another_merchant = true;
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::HeldElsewhere, Fix::Status)
        );
        let mut t = terminal(Some((FilingStatus::Withdrawn, vec![])));
        t.filed_by_another_merchant = true;
        assert_eq!(
            run(t).verdict,
            Verdict::Cause(Cause::HeldElsewhere, Fix::Status)
        );
    }

    #[test]
    fn a_known_reason_names_its_cause() {
        assert_eq!(
            run(terminal(Some((
                FilingStatus::Rejected,
                vec![ReasonCode::MerchantInfoMismatch]
            ))))
            .verdict,
            Verdict::Cause(Cause::FilingInfoWrong, Fix::Correct)
        );
    }
}
