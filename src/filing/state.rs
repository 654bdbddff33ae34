//! The filing form's state and its pure reducer (tested natively). Side effects (storage, HTTP,
//! focus) run in the view and dispatch their results back here.
//!
//! Client errors are never stored: they are derived from the draft by `filing-core` for the
//! fields the merchant has left (touched) or tried to submit. Server errors are stored per field
//! and cleared when that field is edited.

use std::rc::Rc;

use filing_core::api::{FilingRecord, FilingStatus};
use filing_core::reason::{Reason, ReasonCode};
use filing_core::rules::Datum;
use filing_core::{
    check_field, Context, Field, FieldErrors, FieldSet, FilingInput, RuleError, Step,
};
use yew::Reducible;

use crate::api::ApiError;

/// Where the merchant is in the form. Saved as its name ("device" … "review").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStep {
    Entry(Step),
    Review,
}

impl FormStep {
    pub const ALL: [FormStep; 4] = [
        FormStep::Entry(Step::Device),
        FormStep::Entry(Step::Merchant),
        FormStep::Entry(Step::Placement),
        FormStep::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FormStep::Entry(step) => step.name(),
            FormStep::Review => "review",
        }
    }

    pub fn index(self) -> usize {
        FormStep::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> FormStep {
        FormStep::ALL[(self.index() + 1).min(3)]
    }

    pub fn prev(self) -> FormStep {
        FormStep::ALL[self.index().saturating_sub(1)]
    }

    pub fn from_name(name: &str) -> Option<FormStep> {
        FormStep::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What happened to the last submission.
#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    Idle,
    Sending,
    /// It may or may not have reached the server; the draft and its key are kept for a retry.
    Failed(ApiError),
    Done(Box<FilingRecord>),
}

/// A filing being edited: a rejected one corrected, or (`moving`) an approved one's placement
/// changed. Which one, the version the edit answers (sent as `If-Match`), and the reasons not yet
/// dealt with (a reason leaves when its field is edited).
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub id: String,
    pub version: u32,
    pub reasons: Vec<Reason>,
    /// A placement change (变更布放信息) of an approved filing: only the placement step is open.
    pub moving: bool,
}

/// What happened when a correction met a newer version of its filing (412).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Notice {
    /// Still rejected: the version and reasons were refreshed, the merchant's edits kept.
    StaleVersion,
    /// No longer rejected (someone resubmitted it): nothing to correct.
    NoLongerRejected,
}

/// What is kept in local storage: enough to restore the form exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedDraft {
    pub draft: FilingInput,
    pub step: FormStep,
    pub idempotency_key: String,
    /// Milliseconds since the epoch.
    pub saved_at: f64,
    pub correcting: Option<Correction>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    pub step: FormStep,
    pub draft: FilingInput,
    pub touched: FieldSet,
    pub server_errors: FieldErrors,
    pub submission: Submission,
    /// One key per draft: every retry of this draft's submission sends it, so the server files
    /// it at most once.
    pub idempotency_key: String,
    /// Bumped when the error summary should take focus (a failed step or submit).
    pub summary_focus: u32,
    /// Bumped when the step changes, so the new step's heading takes focus.
    pub step_focus: u32,
    /// Bumped on every edit; the view saves the draft (debounced) when it changes.
    pub edits: u32,
    /// The merchant has typed or chosen something since the form opened (a prefill, a restored
    /// draft or a correction opening is not that): only then is there a draft worth saving.
    pub dirty: bool,
    /// The form opened on a draft saved earlier on this phone.
    pub restored: bool,
    /// What the acquirer's merchant record gives (name, type, credit code or the masked ID
    /// number): shown as given and not editable; kept when the merchant starts over.
    pub acquirer: Vec<(Field, String)>,
    /// With `step_focus`: the field to focus instead of the step's heading.
    pub focus_field: Option<Field>,
    pub correcting: Option<Correction>,
    pub notice: Option<Notice>,
}

impl FormState {
    pub fn new(idempotency_key: String) -> FormState {
        FormState {
            step: FormStep::Entry(Step::Device),
            draft: FilingInput::default(),
            touched: FieldSet::default(),
            server_errors: FieldErrors::new(),
            submission: Submission::Idle,
            idempotency_key,
            summary_focus: 0,
            step_focus: 0,
            edits: 0,
            dirty: false,
            restored: false,
            acquirer: Vec::new(),
            focus_field: None,
            correcting: None,
            notice: None,
        }
    }

    /// Whether this is a placement change of an approved filing.
    pub fn moving(&self) -> bool {
        self.correcting.as_ref().is_some_and(|c| c.moving)
    }

    /// Whether the acquirer's records give this field (it is then shown read-only).
    pub fn locked(&self, field: Field) -> bool {
        self.acquirer.iter().any(|(f, _)| *f == field)
    }

    /// Puts the acquirer's values into the draft (they win over what was typed or restored).
    fn apply_acquirer(&mut self) {
        for (f, v) in &self.acquirer {
            self.draft.set(*f, v.clone());
        }
    }

    /// The rejection reason still marked on a field, while correcting.
    pub fn reason(&self, field: Field) -> Option<&ReasonCode> {
        let c = self.correcting.as_ref()?;
        c.reasons
            .iter()
            .find(|r| r.field == Some(field))
            .map(|r| &r.code)
    }

    /// Opens the step of the first reason that names a field, focused on that field; the review
    /// step when no reason names one.
    fn open_first_reason(&mut self) {
        let first = self
            .correcting
            .iter()
            .flat_map(|c| &c.reasons)
            .find_map(|r| r.field);
        self.step = first.map_or(FormStep::Review, |f| FormStep::Entry(f.step()));
        self.focus_field = first;
        self.step_focus += 1;
    }

    pub fn saved(&self, now: f64) -> SavedDraft {
        SavedDraft {
            draft: self.draft.clone(),
            step: self.step,
            idempotency_key: self.idempotency_key.clone(),
            saved_at: now,
            correcting: self.correcting.clone(),
        }
    }

    /// Editing a field voids the server's verdict on it and on the fields that depend on it.
    fn clear_server_errors(&mut self, field: Field) {
        self.server_errors.remove(&field);
        for dependent in field.dependents() {
            self.server_errors.remove(&dependent);
        }
        if let Some(c) = &mut self.correcting {
            c.reasons.retain(|r| {
                r.field
                    .is_none_or(|f| f != field && !field.dependents().any(|d| d == f))
            });
        }
    }

    /// The error to show for a field: the server's (until edited), else the rule's once touched.
    pub fn error(&self, field: Field, ctx: &Context) -> Option<RuleError> {
        if let Some(e) = self.server_errors.get(&field) {
            return Some(*e);
        }
        if !self.touched.contains(&field) {
            return None;
        }
        check_field(&self.draft, field, ctx).err()
    }

    /// Errors to show for a step's fields, in form order.
    pub fn step_errors(&self, step: Step, ctx: &Context) -> FieldErrors {
        step.fields()
            .filter_map(|f| self.error(f, ctx).map(|e| (f, e)))
            .collect()
    }

    /// Every error of the whole filing (for the review step), touched or not.
    pub fn all_errors(&self, ctx: &Context) -> FieldErrors {
        Field::ALL
            .into_iter()
            .filter_map(|f| {
                self.server_errors
                    .get(&f)
                    .copied()
                    .or_else(|| check_field(&self.draft, f, ctx).err())
                    .map(|e| (f, e))
            })
            .collect()
    }
}

pub enum FormAction {
    /// The merchant typed (composition finished); no validation yet.
    Input(Field, String),
    /// The acquirer's merchant record: these fields take these values and are locked.
    FromAcquirer(Vec<(Field, String)>),
    /// The merchant left a field: normalise it and start showing its error.
    Blur(Field),
    /// A choice (select, location button): set and validate at once.
    Choose(Field, String),
    /// The coordinate system of the location.
    Datum(Datum),
    /// Go forward if the current step is valid (checked with `ctx`-derived errors passed in).
    Next {
        step_errors: FieldErrors,
    },
    Back,
    GoTo(FormStep),
    /// A submit found client errors: show them and open the first one's step.
    Invalid(FieldErrors),
    Restore(SavedDraft),
    /// Start over with an empty form and a fresh key.
    Discard {
        new_key: String,
    },
    SubmitStarted,
    SubmitFailed(ApiError),
    /// The server refused fields (422 / 409): show them and go to the first one's step.
    Rejected(FieldErrors),
    Submitted(FilingRecord),
    /// Correct a rejected filing: the form as submitted, its reasons marked.
    StartCorrection(FilingRecord),
    /// Change an approved filing's placement: the placement step, from the filing as approved
    /// (with a rejected change's reasons marked, if the last change was rejected).
    StartMove(FilingRecord),
    /// A correction was answered 412: this is the filing as it is now.
    Refreshed(FilingRecord),
    /// Prefill empty fields (e.g. the serial of a terminal found not filed).
    Prefill(FilingInput),
    /// The device registry's terminal number for a serial: filled in if the field is empty and
    /// the serial is still the one asked about.
    RegistryTid {
        serial: String,
        terminal_id: String,
    },
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            // What the acquirer holds is not the merchant's to change.
            FormAction::Input(field, _) | FormAction::Choose(field, _) if s.locked(field) => {
                return self;
            }
            FormAction::FromAcquirer(values) => {
                s.acquirer = values;
                s.apply_acquirer();
                for (f, _) in &s.acquirer {
                    s.server_errors.remove(f);
                }
            }
            FormAction::Input(field, value) => {
                s.clear_server_errors(field);
                s.draft.set(field, value);
                s.edits += 1;
                s.dirty = true;
            }
            FormAction::Blur(field) => {
                let value = filing_core::filing::normalize_field(field, s.draft.get(field));
                if value != s.draft.get(field) {
                    s.draft.set(field, value);
                    s.edits += 1;
                }
                s.touched.insert(field);
            }
            FormAction::Choose(field, value) => {
                s.clear_server_errors(field);
                s.draft.set(field, value);
                s.touched.insert(field);
                s.edits += 1;
                s.dirty = true;
            }
            FormAction::Datum(d) => {
                s.draft.location_datum = d;
                s.edits += 1;
                s.dirty = true;
            }
            FormAction::Invalid(errors) => {
                s.touched.extend(errors.keys().copied());
                if let Some(first) = errors.keys().next() {
                    s.step = FormStep::Entry(first.step());
                    s.step_focus += 1;
                    s.focus_field = None;
                }
                s.summary_focus += 1;
            }
            FormAction::Next { step_errors } => {
                if let FormStep::Entry(step) = s.step {
                    s.touched.extend(step.fields());
                    if step_errors.is_empty() {
                        s.step = s.step.next();
                        s.step_focus += 1;
                        s.focus_field = None;
                    } else {
                        s.summary_focus += 1;
                    }
                    s.edits += 1;
                }
            }
            // A placement change edits the placement only.
            FormAction::Back if s.moving() && s.step == FormStep::Entry(Step::Placement) => {
                return self;
            }
            FormAction::GoTo(FormStep::Entry(step)) if s.moving() && step != Step::Placement => {
                return self;
            }
            FormAction::Back => {
                s.step = s.step.prev();
                s.step_focus += 1;
                s.focus_field = None;
                s.edits += 1;
            }
            FormAction::GoTo(step) => {
                s.step = step;
                s.step_focus += 1;
                s.focus_field = None;
                s.edits += 1;
            }
            FormAction::Restore(saved) => {
                s.draft = saved.draft;
                s.apply_acquirer();
                s.step = saved.step;
                s.idempotency_key = saved.idempotency_key;
                s.correcting = saved.correcting;
                // It was typed before: keep saving it as it moves on.
                s.dirty = true;
                s.restored = true;
                // Restored values were typed before: show their errors right away.
                s.touched = Field::ALL
                    .into_iter()
                    .filter(|f| !s.draft.get(*f).is_empty())
                    .collect();
            }
            FormAction::Discard { new_key } => {
                let mut fresh = FormState::new(new_key);
                fresh.step_focus = s.step_focus + 1;
                fresh.edits = s.edits + 1;
                fresh.acquirer = s.acquirer;
                fresh.apply_acquirer();
                return Rc::new(fresh);
            }
            FormAction::SubmitStarted => s.submission = Submission::Sending,
            FormAction::SubmitFailed(e) => {
                s.submission = Submission::Failed(e);
                s.summary_focus += 1;
            }
            FormAction::Rejected(errors) => {
                s.submission = Submission::Idle;
                s.touched.extend(errors.keys().copied());
                if let Some(first) = errors.keys().next() {
                    s.step = FormStep::Entry(first.step());
                    s.step_focus += 1;
                    s.focus_field = None;
                }
                s.server_errors = errors;
                s.summary_focus += 1;
            }
            FormAction::Submitted(record) => s.submission = Submission::Done(Box::new(record)),
            FormAction::StartCorrection(record) => {
                let mut fresh = FormState::new(s.idempotency_key.clone());
                fresh.step_focus = s.step_focus;
                fresh.edits = s.edits + 1;
                fresh.touched = Field::ALL
                    .into_iter()
                    .filter(|f| !record.submission.get(*f).is_empty())
                    .collect();
                fresh.draft = record.submission;
                fresh.acquirer = s.acquirer.clone();
                fresh.apply_acquirer();
                fresh.correcting = Some(Correction {
                    id: record.id,
                    version: record.version,
                    reasons: record.reasons,
                    moving: false,
                });
                fresh.open_first_reason();
                return Rc::new(fresh);
            }
            FormAction::StartMove(record) => {
                let mut fresh = FormState::new(s.idempotency_key.clone());
                fresh.step_focus = s.step_focus + 1;
                fresh.edits = s.edits + 1;
                // What was approved is valid: show errors only once the placement is edited.
                fresh.draft = record.submission;
                fresh.acquirer = s.acquirer.clone();
                fresh.apply_acquirer();
                let reasons = record
                    .change
                    .filter(|c| c.status == filing_core::api::ChangeStatus::Rejected)
                    .map(|c| c.reasons)
                    .unwrap_or_default();
                fresh.correcting = Some(Correction {
                    id: record.id,
                    version: record.version,
                    reasons,
                    moving: true,
                });
                fresh.step = FormStep::Entry(Step::Placement);
                return Rc::new(fresh);
            }
            FormAction::Refreshed(record) => {
                s.submission = Submission::Idle;
                let moving = s.moving();
                let open_change = record
                    .change
                    .as_ref()
                    .is_some_and(|c| c.status == filing_core::api::ChangeStatus::Pending);
                if moving && record.status == FilingStatus::Approved && !open_change {
                    // Still movable: the newer version is what the change now answers.
                    if let Some(c) = &mut s.correcting {
                        c.version = record.version;
                    }
                    s.notice = Some(Notice::StaleVersion);
                } else if moving {
                    s.notice = Some(Notice::NoLongerRejected);
                } else if record.status == FilingStatus::Rejected {
                    // Reasons about a value the merchant has since changed are already dealt with.
                    let mut reasons = record.reasons;
                    reasons.retain(|r| {
                        r.field
                            .is_none_or(|f| s.draft.get(f) == record.submission.get(f))
                    });
                    s.correcting = Some(Correction {
                        id: record.id,
                        version: record.version,
                        reasons,
                        moving: false,
                    });
                    s.notice = Some(Notice::StaleVersion);
                    s.open_first_reason();
                } else {
                    s.notice = Some(Notice::NoLongerRejected);
                }
                s.edits += 1;
            }
            FormAction::RegistryTid {
                serial,
                terminal_id,
            } => {
                let same = filing_core::rules::serial_number(&s.draft.serial_number).ok();
                if same.as_deref() != Some(serial.as_str()) || !s.draft.terminal_id.is_empty() {
                    return self;
                }
                s.draft.terminal_id = terminal_id;
                s.edits += 1;
            }
            FormAction::Prefill(input) => {
                for f in Field::ALL {
                    let v = input.get(f);
                    if !v.is_empty() && (s.draft.get(f).is_empty() || f == Field::SerialNumber) {
                        s.draft.set(f, v.to_owned());
                    }
                }
                s.edits += 1;
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<FormState> {
        Rc::new(FormState::new("key-1".into()))
    }

    fn ctx() -> Context<'static> {
        Context::default()
    }

    #[test]
    fn typing_shows_no_error_until_blur_which_normalises() {
        let s = state().reduce(FormAction::Input(Field::SerialNumber, "ｓｎ_1".into()));
        assert_eq!(
            s.error(Field::SerialNumber, &ctx()),
            None,
            "no error while typing"
        );
        let s = s.reduce(FormAction::Blur(Field::SerialNumber));
        assert_eq!(s.draft.serial_number, "SN_1", "normalised on blur");
        assert_eq!(
            s.error(Field::SerialNumber, &ctx()),
            Some(RuleError::BadCharacters)
        );
    }

    #[test]
    fn next_with_errors_stays_marks_the_step_and_asks_for_the_summary() {
        let s = state();
        let errors = filing_core::validate_step(&s.draft, Step::Device, &ctx());
        let s = s.reduce(FormAction::Next {
            step_errors: errors,
        });
        assert_eq!(s.step, FormStep::Entry(Step::Device));
        assert_eq!(s.summary_focus, 1);
        assert!(s.touched.contains(&Field::DeviceType));
        let s = s.reduce(FormAction::Next {
            step_errors: FieldErrors::new(),
        });
        assert_eq!(s.step, FormStep::Entry(Step::Merchant));
        assert_eq!(s.step_focus, 1);
    }

    #[test]
    fn server_errors_land_on_their_step_and_clear_when_edited() {
        let mut s = state().reduce(FormAction::GoTo(FormStep::Review));
        let errors: FieldErrors = [(Field::QrCode, RuleError::BoundElsewhere)]
            .into_iter()
            .collect();
        s = s.reduce(FormAction::Rejected(errors));
        assert_eq!(s.step, FormStep::Entry(Step::Placement));
        assert_eq!(
            s.error(Field::QrCode, &ctx()),
            Some(RuleError::BoundElsewhere)
        );
        s = s.reduce(FormAction::Input(Field::QrCode, "QR-FREE-0001".into()));
        assert_eq!(s.error(Field::QrCode, &ctx()), None);
    }

    /// Choosing again answers the server's verdict on a choice, as typing does on a text: device
    /// type, model, region, and the location the phone gave.
    #[test]
    fn choosing_again_clears_the_servers_error_on_that_choice() {
        for (field, value) in [
            (Field::DeviceType, "04"),
            (Field::Model, "N910"),
            (Field::Region, "310104"),
            (Field::Location, "31.2,121.4"),
            (Field::MerchantType, "micro"),
        ] {
            let errors: FieldErrors = [
                (field, RuleError::BadFormat),
                (Field::Address, RuleError::TooLong),
            ]
            .into_iter()
            .collect();
            let s = state()
                .reduce(FormAction::Rejected(errors))
                .reduce(FormAction::Choose(field, value.into()));
            assert_eq!(s.server_errors.get(&field), None, "{field:?}");
            assert_eq!(
                s.server_errors.get(&Field::Address),
                Some(&RuleError::TooLong),
                "only {field:?}'s own error goes"
            );
        }
    }

    /// Regression: the server's LOCATION_OR_IP_REQUIRED stayed on Location after the merchant
    /// gave a device IP instead, so the form could not be submitted again.
    #[test]
    fn giving_an_ip_clears_the_servers_location_error() {
        let errors: FieldErrors = [(Field::Location, RuleError::LocationOrIpRequired)]
            .into_iter()
            .collect();
        let s = state()
            .reduce(FormAction::Rejected(errors))
            .reduce(FormAction::Input(Field::DeviceIp, "114.114.114.114".into()));
        assert_eq!(s.error(Field::Location, &ctx()), None);
    }

    #[test]
    fn a_failed_submit_keeps_draft_and_key() {
        let s = state()
            .reduce(FormAction::Input(Field::SerialNumber, "SB-OK-0001".into()))
            .reduce(FormAction::SubmitStarted)
            .reduce(FormAction::SubmitFailed(ApiError::Network(
                "offline".into(),
            )));
        assert_eq!(s.draft.serial_number, "SB-OK-0001");
        assert_eq!(s.idempotency_key, "key-1");
        assert!(matches!(s.submission, Submission::Failed(_)));
    }

    fn rejected(version: u32, reasons: Vec<Reason>) -> FilingRecord {
        let mut submission = FilingInput {
            serial_number: "SB-OK-0001".into(),
            qr_code: "QR-BOUND-0001".into(),
            ..FilingInput::default()
        };
        submission.merchant_name = "上海示例餐饮有限公司".into();
        FilingRecord {
            id: "f1".into(),
            status: FilingStatus::Rejected,
            version,
            submission,
            reasons,
            reasons_version: Some(version),
            created_at: "2026-11-25T10:00:00Z".into(),
            updated_at: "2026-11-25T10:00:01Z".into(),
            deregistered: None,
            change: None,
        }
    }

    fn qr_reason() -> Reason {
        Reason {
            code: ReasonCode::QrCodeBoundElsewhere,
            field: Some(Field::QrCode),
            detail: None,
        }
    }

    #[test]
    fn a_correction_opens_on_the_rejected_field_with_everything_prefilled() {
        let s = state().reduce(FormAction::StartCorrection(rejected(1, vec![qr_reason()])));
        assert_eq!(s.draft.merchant_name, "上海示例餐饮有限公司");
        assert_eq!(s.step, FormStep::Entry(Step::Placement));
        assert_eq!(s.focus_field, Some(Field::QrCode));
        assert_eq!(
            s.reason(Field::QrCode),
            Some(&ReasonCode::QrCodeBoundElsewhere)
        );
        assert_eq!(s.reason(Field::SerialNumber), None);
        assert_eq!(s.correcting.as_ref().map(|c| c.version), Some(1));
        // Editing the field deals with its reason; the correction itself stays.
        let s = s.reduce(FormAction::Input(Field::QrCode, "QR-FREE-0001".into()));
        assert_eq!(s.reason(Field::QrCode), None);
        assert!(s.correcting.is_some());
    }

    #[test]
    fn a_reason_without_a_field_opens_the_review_step() {
        let r = Reason {
            code: ReasonCode::DeviceNotActivated,
            field: None,
            detail: None,
        };
        let s = state().reduce(FormAction::StartCorrection(rejected(2, vec![r])));
        assert_eq!(s.step, FormStep::Review);
        assert_eq!(s.focus_field, None);
    }

    #[test]
    fn a_stale_correction_keeps_the_edits_and_takes_the_new_version() {
        let s = state()
            .reduce(FormAction::StartCorrection(rejected(1, vec![qr_reason()])))
            .reduce(FormAction::Input(Field::Address, "南京东路1号".into()))
            .reduce(FormAction::Refreshed(rejected(2, vec![qr_reason()])));
        assert_eq!(s.draft.address, "南京东路1号");
        assert_eq!(s.correcting.as_ref().map(|c| c.version), Some(2));
        assert_eq!(
            s.reason(Field::QrCode),
            Some(&ReasonCode::QrCodeBoundElsewhere)
        );
        // A reason about a value the merchant has since changed does not come back.
        let s = s
            .reduce(FormAction::Input(Field::QrCode, "QR-FREE-0002".into()))
            .reduce(FormAction::Refreshed(rejected(3, vec![qr_reason()])));
        assert_eq!(s.reason(Field::QrCode), None);
        assert_eq!(s.draft.qr_code, "QR-FREE-0002");
        assert_eq!(s.notice, Some(Notice::StaleVersion));
        let mut approved = rejected(4, vec![]);
        approved.status = FilingStatus::Approved;
        let s = s.reduce(FormAction::Refreshed(approved));
        assert_eq!(s.notice, Some(Notice::NoLongerRejected));
        assert_eq!(s.correcting.as_ref().map(|c| c.version), Some(3));
    }

    #[test]
    fn prefill_fills_only_empty_fields_but_always_the_serial() {
        let s = state()
            .reduce(FormAction::Input(Field::SerialNumber, "OLD-1".into()))
            .reduce(FormAction::Input(Field::ContactName, "王芳".into()))
            .reduce(FormAction::Prefill(FilingInput {
                serial_number: "SB-OK-0002".into(),
                contact_name: "李雷".into(),
                address: "南京东路1号".into(),
                ..FilingInput::default()
            }));
        assert_eq!(s.draft.serial_number, "SB-OK-0002");
        assert_eq!(s.draft.contact_name, "王芳");
        assert_eq!(s.draft.address, "南京东路1号");
    }

    #[test]
    fn only_what_the_merchant_typed_makes_a_draft_worth_saving() {
        let s = state().reduce(FormAction::Prefill(FilingInput {
            merchant_id: "898310058120001".into(),
            ..FilingInput::default()
        }));
        assert!(!s.dirty, "a prefilled merchant number is not a draft");
        assert!(
            s.reduce(FormAction::Input(Field::TerminalId, "1".into()))
                .dirty
        );
        assert!(
            state()
                .reduce(FormAction::Choose(Field::DeviceType, "04".into()))
                .dirty
        );
        let s = state().reduce(FormAction::StartCorrection(rejected(1, vec![qr_reason()])));
        assert!(!s.dirty, "opening a correction is not an edit");
    }

    #[test]
    fn what_the_acquirer_holds_is_applied_locked_and_kept_when_starting_over() {
        let record = vec![
            (Field::MerchantType, "micro".to_owned()),
            (Field::MerchantName, "李记早餐店".to_owned()),
        ];
        let s = state()
            .reduce(FormAction::Input(Field::MerchantName, "李记".into()))
            .reduce(FormAction::FromAcquirer(record));
        assert_eq!(s.draft.merchant_name, "李记早餐店", "the record wins");
        assert!(s.locked(Field::MerchantName) && !s.locked(Field::ContactName));
        let s = s.reduce(FormAction::Input(Field::MerchantName, "别的名字".into()));
        assert_eq!(
            s.draft.merchant_name, "李记早餐店",
            "not the merchant's to change"
        );
        let s = s.reduce(FormAction::Discard {
            new_key: "k2".into(),
        });
        assert_eq!(s.draft.merchant_type, "micro", "kept when starting over");
        let s = s.reduce(FormAction::StartCorrection(rejected(1, vec![qr_reason()])));
        assert_eq!(
            s.draft.merchant_name, "李记早餐店",
            "and over a correction's old value"
        );
    }

    #[test]
    fn the_registrys_terminal_number_fills_an_empty_field_for_the_same_serial_only() {
        let tid = |serial: &str| FormAction::RegistryTid {
            serial: serial.into(),
            terminal_id: "10200001".into(),
        };
        let s = state().reduce(FormAction::Input(Field::SerialNumber, "sb-ok-0001".into()));
        assert_eq!(
            s.clone().reduce(tid("SB-OK-0001")).draft.terminal_id,
            "10200001"
        );
        assert_eq!(
            s.clone().reduce(tid("SB-OK-0002")).draft.terminal_id,
            "",
            "another serial now"
        );
        let typed = s.reduce(FormAction::Input(Field::TerminalId, "87654321".into()));
        assert_eq!(
            typed.reduce(tid("SB-OK-0001")).draft.terminal_id,
            "87654321",
            "never over what was typed"
        );
    }

    #[test]
    fn restore_brings_back_everything_saved() {
        let typed = state()
            .reduce(FormAction::Input(
                Field::MerchantName,
                "上海示例餐饮有限公司".into(),
            ))
            .reduce(FormAction::GoTo(FormStep::Entry(Step::Merchant)));
        let saved = typed.saved(1.0);
        let s = Rc::new(FormState::new("other".into())).reduce(FormAction::Restore(saved));
        assert_eq!(s.draft, typed.draft);
        assert_eq!(s.step, FormStep::Entry(Step::Merchant));
        assert_eq!(s.idempotency_key, "key-1");
        // What was typed shows its errors at once; what was left empty does not yet.
        assert!(s.touched.contains(&Field::MerchantName));
        assert!(!s.touched.contains(&Field::Address));
    }

    /// A placement change opens on the placement step with the filing as approved, cannot leave
    /// it for the other steps, and marks a rejected change's reasons.
    #[test]
    fn a_move_edits_the_placement_only() {
        let mut record = rejected(1, vec![]);
        record.status = FilingStatus::Approved;
        record.reasons = vec![];
        record.change = Some(filing_core::api::PlacementChange {
            status: filing_core::api::ChangeStatus::Rejected,
            submission: record.submission.clone(),
            submitted_at: "2026-12-01T10:00:00Z".into(),
            reasons: vec![Reason {
                code: ReasonCode::MoveOutsideCity,
                field: Some(Field::Region),
                detail: None,
            }],
        });
        let s = state().reduce(FormAction::StartMove(record.clone()));
        assert!(s.moving());
        assert_eq!(s.step, FormStep::Entry(Step::Placement));
        assert_eq!(s.draft, record.submission);
        assert_eq!(s.reason(Field::Region), Some(&ReasonCode::MoveOutsideCity));
        let back = s.clone().reduce(FormAction::Back);
        assert_eq!(
            back.step,
            FormStep::Entry(Step::Placement),
            "no way back to the device"
        );
        let away = s
            .clone()
            .reduce(FormAction::GoTo(FormStep::Entry(Step::Merchant)));
        assert_eq!(away.step, FormStep::Entry(Step::Placement));
        let review = s.clone().reduce(FormAction::GoTo(FormStep::Review));
        assert_eq!(review.step, FormStep::Review);
        let edit = review.reduce(FormAction::GoTo(FormStep::Entry(Step::Placement)));
        assert_eq!(edit.step, FormStep::Entry(Step::Placement));
    }

    /// Steps are saved by name: each name is its own and reads back as its step, at its place.
    #[test]
    fn steps_are_saved_by_name_and_read_back() {
        let names: Vec<&str> = FormStep::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["device", "merchant", "placement", "review"]);
        for (i, step) in FormStep::ALL.into_iter().enumerate() {
            assert_eq!(step.index(), i);
            assert_eq!(FormStep::from_name(step.name()), Some(step));
        }
        assert_eq!(FormStep::from_name("nope"), None);
        assert_eq!(FormStep::Review.next(), FormStep::Review);
        assert_eq!(
            FormStep::Entry(Step::Device).prev(),
            FormStep::Entry(Step::Device)
        );
    }

    /// The view reacts to counters changing (focus the summary, focus the step, save the draft):
    /// each action moves exactly the counters it should, by one, from any value.
    #[test]
    fn each_action_bumps_exactly_its_counters() {
        let mut base = FormState::new("key-1".into());
        (base.summary_focus, base.step_focus, base.edits) = (5, 7, 11);
        let base = Rc::new(base);
        let bad: FieldErrors = [(Field::QrCode, RuleError::BoundElsewhere)]
            .into_iter()
            .collect();
        let mut approved = rejected(1, vec![]);
        approved.status = FilingStatus::Approved;
        // (action, summary, step, edits) added; a fresh form (discard, correction, move) has no
        // error summary: its counter is back to 0, so -5.
        let cases: Vec<(&str, FormAction, [i64; 3])> = vec![
            (
                "input",
                FormAction::Input(Field::Address, "x".into()),
                [0, 0, 1],
            ),
            (
                "choose",
                FormAction::Choose(Field::DeviceType, "04".into()),
                [0, 0, 1],
            ),
            ("datum", FormAction::Datum(Datum::Gcj02), [0, 0, 1]),
            (
                "blur unchanged",
                FormAction::Blur(Field::Address),
                [0, 0, 0],
            ),
            ("invalid", FormAction::Invalid(bad.clone()), [1, 1, 0]),
            (
                "next ok",
                FormAction::Next {
                    step_errors: FieldErrors::new(),
                },
                [0, 1, 1],
            ),
            (
                "next bad",
                FormAction::Next {
                    step_errors: bad.clone(),
                },
                [1, 0, 1],
            ),
            ("goto", FormAction::GoTo(FormStep::Review), [0, 1, 1]),
            ("back", FormAction::Back, [0, 1, 1]),
            (
                "failed",
                FormAction::SubmitFailed(ApiError::Network("x".into())),
                [1, 0, 0],
            ),
            ("rejected", FormAction::Rejected(bad.clone()), [1, 1, 0]),
            (
                "discard",
                FormAction::Discard {
                    new_key: "k2".into(),
                },
                [-5, 1, 1],
            ),
            (
                "correct",
                FormAction::StartCorrection(rejected(1, vec![qr_reason()])),
                [-5, 1, 1],
            ),
            ("move", FormAction::StartMove(approved), [-5, 1, 1]),
            (
                "refreshed (opens the first reason)",
                FormAction::Refreshed(rejected(2, vec![qr_reason()])),
                [0, 1, 1],
            ),
            (
                "prefill",
                FormAction::Prefill(FilingInput::default()),
                [0, 0, 1],
            ),
        ];
        for (name, action, [summary, step, edits]) in cases {
            let before = if name == "back" {
                base.clone().reduce(FormAction::GoTo(FormStep::Review))
            } else {
                base.clone()
            };
            let after = before.clone().reduce(action);
            let moved = [
                i64::from(after.summary_focus) - i64::from(before.summary_focus),
                i64::from(after.step_focus) - i64::from(before.step_focus),
                i64::from(after.edits) - i64::from(before.edits),
            ];
            assert_eq!(moved, [summary, step, edits], "{name}");
        }
        // The registry's terminal number changes the draft: it is saved.
        let serial = base
            .clone()
            .reduce(FormAction::Input(Field::SerialNumber, "SB-OK-0001".into()));
        let filled = serial.clone().reduce(FormAction::RegistryTid {
            serial: "SB-OK-0001".into(),
            terminal_id: "10200001".into(),
        });
        assert_eq!(filled.edits, serial.edits + 1);
        // A blur that normalises the value changes the draft: it is saved.
        let typed = base.reduce(FormAction::Input(Field::SerialNumber, "sb-1".into()));
        let blurred = typed.clone().reduce(FormAction::Blur(Field::SerialNumber));
        assert_eq!(blurred.edits, typed.edits + 1);
    }

    /// Editing a field deals with the correction's reasons on it and on the fields whose rules
    /// read it (an IP given answers a missing location), not with other reasons.
    #[test]
    fn editing_a_field_clears_the_reasons_on_it_and_its_dependents_only() {
        let location = Reason {
            code: ReasonCode::LocationRequired,
            field: Some(Field::Location),
            detail: None,
        };
        let s = state().reduce(FormAction::StartCorrection(rejected(
            1,
            vec![qr_reason(), location],
        )));
        let s = s.reduce(FormAction::Input(Field::DeviceIp, "114.114.114.114".into()));
        assert_eq!(
            s.reason(Field::Location),
            None,
            "the dependent's reason goes"
        );
        assert_eq!(
            s.reason(Field::QrCode),
            Some(&ReasonCode::QrCodeBoundElsewhere),
            "another field's reason stays"
        );
    }

    /// What the errors of a step and of the whole filing are: the server's where it has spoken,
    /// else the rule's (for a step, once touched).
    #[test]
    fn step_and_filing_errors_are_the_servers_then_the_rules() {
        let s = state();
        assert!(s.step_errors(Step::Device, &ctx()).is_empty(), "untouched");
        let all = s.all_errors(&ctx());
        assert_eq!(all.get(&Field::SerialNumber), Some(&RuleError::Required));
        let s = s
            .reduce(FormAction::Rejected(
                [(Field::QrCode, RuleError::BoundElsewhere)]
                    .into_iter()
                    .collect(),
            ))
            .reduce(FormAction::Blur(Field::SerialNumber));
        let device = s.step_errors(Step::Device, &ctx());
        assert_eq!(device.get(&Field::SerialNumber), Some(&RuleError::Required));
        assert_eq!(device.get(&Field::QrCode), None, "another step's");
        assert_eq!(
            s.step_errors(Step::Placement, &ctx()).get(&Field::QrCode),
            Some(&RuleError::BoundElsewhere)
        );
        assert_eq!(
            s.all_errors(&ctx()).get(&Field::QrCode),
            Some(&RuleError::BoundElsewhere)
        );
    }

    /// Back goes back, except from a placement change's only step.
    #[test]
    fn back_goes_back_unless_moving() {
        let s = state().reduce(FormAction::GoTo(FormStep::Entry(Step::Placement)));
        assert_eq!(
            s.reduce(FormAction::Back).step,
            FormStep::Entry(Step::Merchant)
        );
        let mut record = rejected(1, vec![]);
        record.status = FilingStatus::Approved;
        let moving = state().reduce(FormAction::StartMove(record));
        let review = moving.reduce(FormAction::GoTo(FormStep::Review));
        assert_eq!(
            review.reduce(FormAction::Back).step,
            FormStep::Entry(Step::Placement),
            "from the review back to the placement"
        );
    }

    /// A placement change answered 412: still approved with no change pending, the change now
    /// answers the newer version; with a change already pending, there is nothing to send.
    #[test]
    fn a_stale_move_takes_the_new_version_unless_a_change_is_pending() {
        let mut record = rejected(1, vec![]);
        record.status = FilingStatus::Approved;
        let s = state().reduce(FormAction::StartMove(record.clone()));
        let mut newer = record.clone();
        newer.version = 2;
        let again = s.clone().reduce(FormAction::Refreshed(newer.clone()));
        assert_eq!(again.notice, Some(Notice::StaleVersion));
        assert_eq!(again.correcting.as_ref().map(|c| c.version), Some(2));
        newer.change = Some(filing_core::api::PlacementChange {
            status: filing_core::api::ChangeStatus::Pending,
            submission: record.submission.clone(),
            submitted_at: "2026-12-01T10:00:00Z".into(),
            reasons: vec![],
        });
        let pending = s.reduce(FormAction::Refreshed(newer));
        assert_eq!(pending.notice, Some(Notice::NoLongerRejected));
        assert_eq!(pending.correcting.as_ref().map(|c| c.version), Some(1));
    }

    /// A correction shows the errors of what was submitted (every filled field counts as
    /// touched), and not of the fields left empty.
    #[test]
    fn a_correction_touches_the_filled_fields_only() {
        let s = state().reduce(FormAction::StartCorrection(rejected(1, vec![qr_reason()])));
        assert!(s.touched.contains(&Field::SerialNumber));
        assert!(s.touched.contains(&Field::MerchantName));
        assert!(!s.touched.contains(&Field::Address));
    }
}
