//! The keys of the guide's text files that the code uses, as enums: a text is asked for by a
//! variant, never by a string, and a test checks every variant against both language files.

/// A text of the guide view (`:<key> text` in the guide file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideText {
    FilterLabel,
    FilterHint,
    FilterCount,
    FilterNone,
    CauseSeen,
    CauseChecks,
    CauseFixes,
    FigureSerial,
    FigureQr,
    FigureSignIn,
    FigureIp,
    IndexTitle,
    PreventTitle,
    Waiting,
    DiagTitle,
    DiagIntro,
    DiagRun,
    DiagRunning,
    DiagResult,
    DiagLikely,
    DiagNoneFound,
    DiagNoneFoundBody,
    DiagPendingBody,
    DiagSupportBody,
    DiagAgain,
    FixStartFiling,
    FixStatus,
    FixCorrect,
    FixFileAgain,
}

impl GuideText {
    pub const ALL: [GuideText; 29] = [
        GuideText::FilterLabel,
        GuideText::FilterHint,
        GuideText::FilterCount,
        GuideText::FilterNone,
        GuideText::CauseSeen,
        GuideText::CauseChecks,
        GuideText::CauseFixes,
        GuideText::FigureSerial,
        GuideText::FigureQr,
        GuideText::FigureSignIn,
        GuideText::FigureIp,
        GuideText::IndexTitle,
        GuideText::PreventTitle,
        GuideText::Waiting,
        GuideText::DiagTitle,
        GuideText::DiagIntro,
        GuideText::DiagRun,
        GuideText::DiagRunning,
        GuideText::DiagResult,
        GuideText::DiagLikely,
        GuideText::DiagNoneFound,
        GuideText::DiagNoneFoundBody,
        GuideText::DiagPendingBody,
        GuideText::DiagSupportBody,
        GuideText::DiagAgain,
        GuideText::FixStartFiling,
        GuideText::FixStatus,
        GuideText::FixCorrect,
        GuideText::FixFileAgain,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GuideText::FilterLabel => "filter.label",
            GuideText::FilterHint => "filter.hint",
            GuideText::FilterCount => "filter.count",
            GuideText::FilterNone => "filter.none",
            GuideText::CauseSeen => "cause.seen",
            GuideText::CauseChecks => "cause.checks",
            GuideText::CauseFixes => "cause.fixes",
            GuideText::FigureSerial => "figure.serial",
            GuideText::FigureQr => "figure.qr",
            GuideText::FigureSignIn => "figure.signin",
            GuideText::FigureIp => "figure.ip",
            GuideText::IndexTitle => "index.title",
            GuideText::PreventTitle => "prevention.title",
            GuideText::Waiting => "guide.waiting",
            GuideText::DiagTitle => "diag.title",
            GuideText::DiagIntro => "diag.intro",
            GuideText::DiagRun => "diag.run",
            GuideText::DiagRunning => "diag.running",
            GuideText::DiagResult => "diag.result",
            GuideText::DiagLikely => "diag.likely",
            GuideText::DiagNoneFound => "diag.none_found",
            GuideText::DiagNoneFoundBody => "diag.none_found_body",
            GuideText::DiagPendingBody => "diag.pending_body",
            GuideText::DiagSupportBody => "diag.support_body",
            GuideText::DiagAgain => "diag.again",
            GuideText::FixStartFiling => "fix.start_filing",
            GuideText::FixStatus => "fix.status",
            GuideText::FixCorrect => "fix.correct",
            GuideText::FixFileAgain => "fix.file_again",
        }
    }
}

/// One check of the diagnosis: its title is `check.<name>` in the guide file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKey {
    Network,
    Maintenance,
    Filing,
    Device,
    Activated,
    Security,
    Certified,
    Qr,
    Qualified,
    Policy,
}

/// What a check found: its sentence is `check.<key>.<note>`, filled with the check's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    Pass,
    Fail,
    Offline,
    None,
    Other,
    Approved,
    Pending,
    Rejected,
    RejectedNone,
    Revoked,
    Withdrawn,
    Missing,
    Skip,
}

impl Note {
    pub fn name(self) -> &'static str {
        match self {
            Note::Pass => "pass",
            Note::Fail => "fail",
            Note::Offline => "offline",
            Note::None => "none",
            Note::Other => "other",
            Note::Approved => "approved",
            Note::Pending => "pending",
            Note::Rejected => "rejected",
            Note::RejectedNone => "rejected_none",
            Note::Revoked => "revoked",
            Note::Withdrawn => "withdrawn",
            Note::Missing => "missing",
            Note::Skip => "skip",
        }
    }
}

impl CheckKey {
    pub const ALL: [CheckKey; 10] = [
        CheckKey::Network,
        CheckKey::Maintenance,
        CheckKey::Filing,
        CheckKey::Device,
        CheckKey::Activated,
        CheckKey::Security,
        CheckKey::Certified,
        CheckKey::Qr,
        CheckKey::Qualified,
        CheckKey::Policy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CheckKey::Network => "network",
            CheckKey::Maintenance => "maintenance",
            CheckKey::Filing => "filing",
            CheckKey::Device => "device",
            CheckKey::Activated => "activated",
            CheckKey::Security => "security",
            CheckKey::Certified => "certified",
            CheckKey::Qr => "qr",
            CheckKey::Qualified => "qualified",
            CheckKey::Policy => "policy",
        }
    }

    /// The notes this check can end with (each needs its sentence in every language).
    pub fn notes(self) -> &'static [Note] {
        match self {
            CheckKey::Network => &[Note::Pass, Note::Fail, Note::Offline],
            CheckKey::Filing => &[
                Note::None,
                Note::Other,
                Note::Approved,
                Note::Pending,
                Note::Rejected,
                Note::RejectedNone,
                Note::Revoked,
                Note::Withdrawn,
            ],
            CheckKey::Qr => &[Note::Pass, Note::Fail, Note::Missing, Note::Skip],
            CheckKey::Maintenance
            | CheckKey::Device
            | CheckKey::Activated
            | CheckKey::Security
            | CheckKey::Certified
            | CheckKey::Qualified
            | CheckKey::Policy => &[Note::Pass, Note::Fail],
        }
    }
}
