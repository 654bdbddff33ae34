//! Wire types of the registration API v1 (base path `/api/v1`).

use serde::{Deserialize, Serialize};

use crate::field::FilingInput;
use crate::filing::FieldErrors;
use crate::reason::Reason;
use crate::rules::RuleError;
use crate::wire::{lookup, serde_as_str, wire_enum};
use crate::{Field, Policy};

/// Base path of every endpoint.
pub const BASE_PATH: &str = "/api/v1";

/// `GET /health`. Response types accept fields they do not know, so a newer server never breaks
/// an older widget; request bodies (`FilingInput`) stay strict.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    /// End of the maintenance window (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthStatus {
    Ok,
    Maintenance,
    /// The store cannot take writes (its file is gone or read-only): writes answer 503.
    Degraded,
}

impl HealthStatus {
    pub fn name(self) -> &'static str {
        match self {
            HealthStatus::Ok => "ok",
            HealthStatus::Maintenance => "maintenance",
            HealthStatus::Degraded => "degraded",
        }
    }

    pub fn from_name(name: &str) -> Option<HealthStatus> {
        lookup(
            &[
                HealthStatus::Ok,
                HealthStatus::Maintenance,
                HealthStatus::Degraded,
            ],
            HealthStatus::name,
            name,
        )
    }
}

serde_as_str!(
    HealthStatus,
    [
        HealthStatus::Ok,
        HealthStatus::Maintenance,
        HealthStatus::Degraded
    ],
    HealthStatus::name,
    HealthStatus::from_name
);

/// A filing's review status; the serde form is [`FilingStatus::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilingStatus {
    /// 审核中
    Pending,
    /// 已报备
    Approved,
    /// 已驳回
    Rejected,
    /// 已注销: deregistered by its merchant, transferred to another, or revoked by the acquirer.
    Revoked,
    /// 已撤回: withdrawn by its merchant before it counted.
    Withdrawn,
}

impl FilingStatus {
    pub const ALL: [FilingStatus; 5] = [
        FilingStatus::Pending,
        FilingStatus::Approved,
        FilingStatus::Rejected,
        FilingStatus::Revoked,
        FilingStatus::Withdrawn,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FilingStatus::Pending => "pending",
            FilingStatus::Approved => "approved",
            FilingStatus::Rejected => "rejected",
            FilingStatus::Revoked => "revoked",
            FilingStatus::Withdrawn => "withdrawn",
        }
    }

    /// Whether a filing in this status holds its serial number and QR stand (no other filing may
    /// have them): only pending and approved ones do.
    pub fn holds_terminal(self) -> bool {
        matches!(self, FilingStatus::Pending | FilingStatus::Approved)
    }

    /// Whether its merchant may withdraw it: before it counts.
    pub fn withdrawable(self) -> bool {
        matches!(self, FilingStatus::Pending | FilingStatus::Rejected)
    }

    pub fn from_name(name: &str) -> Option<FilingStatus> {
        lookup(&FilingStatus::ALL, FilingStatus::name, name)
    }
}

serde_as_str!(
    FilingStatus,
    FilingStatus::ALL,
    FilingStatus::name,
    FilingStatus::from_name
);

/// `GET /terminals/{serial}[?qr_code=...]`: what a status check and a diagnosis need.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalStatus {
    pub serial_number: String,
    /// The caller's latest filing for this serial; `None` means not filed (by this merchant).
    pub filing: Option<FilingRecord>,
    /// Another merchant holds an active filing for this serial (no details are disclosed).
    #[serde(default)]
    pub filed_by_another_merchant: bool,
    /// Device registry facts; `None` when the serial is not in the registry.
    pub device: Option<DeviceFacts>,
    /// The QR stand asked about (or the one on the caller's filing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<QrFacts>,
    /// Whether the caller may use this device's types; `None` when it cannot be told.
    pub merchant_qualified: Option<bool>,
    /// The caller's latest transfer request for this terminal, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<TransferRecord>,
}

wire_enum! {
    /// Why a merchant deregisters (注销) a terminal, or why it was deregistered for them.
    pub enum DeregisterReason {
        /// 已转卖或转让
        Sold = "sold",
        /// 设备损坏
        Broken = "broken",
        /// 店铺停业
        ShopClosed = "shop_closed",
        /// 换了新设备
        Replaced = "replaced",
        /// 其他
        Other = "other",
        /// Set by the API: another merchant's transfer request for the terminal was approved.
        Transferred = "transferred",
    }
}

impl DeregisterReason {
    /// The reasons a merchant may choose (not [`DeregisterReason::Transferred`]).
    pub fn choosable(self) -> bool {
        self != DeregisterReason::Transferred
    }
}

/// When and why a filing was deregistered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deregistration {
    pub at: String,
    pub reason: DeregisterReason,
}

/// `POST /filings/{id}/deregister`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeregisterRequest {
    pub reason: DeregisterReason,
}

wire_enum! {
    /// Where a placement change (变更布放信息) of an approved filing stands.
    pub enum ChangeStatus {
        /// 变更审核中: the approved placement stays in force meanwhile.
        Pending = "pending",
        /// 变更被驳回: the approved placement is unchanged; the reasons say why.
        Rejected = "rejected",
    }
}

/// A requested change of an approved filing's placement. Approved, it becomes the filing's
/// placement and the change is gone; rejected, it stays here with its reasons until the next.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementChange {
    pub status: ChangeStatus,
    /// The whole filing as it would be with the new placement.
    pub submission: FilingInput,
    pub submitted_at: String,
    #[serde(default)]
    pub reasons: Vec<Reason>,
}

wire_enum! {
    /// A request to take over a terminal another merchant's filing holds.
    pub enum TransferStatus {
        /// The acquirer is checking who the terminal belongs to.
        Pending = "pending",
        /// The other filing was deregistered: the terminal can be filed now.
        Approved = "approved",
        /// The acquirer found the other merchant keeps it.
        Rejected = "rejected",
    }
}

/// `POST /transfers`: the terminal asked for, by serial number or (a QR stand filed without
/// one) by QR stand number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    #[serde(default)]
    pub serial_number: String,
    #[serde(default)]
    pub qr_code: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRecord {
    pub id: String,
    /// The terminal: its serial number, or the QR stand number of a stand filed without one.
    pub terminal: String,
    pub status: TransferStatus,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFacts {
    pub manufacturer: String,
    pub model: String,
    pub activated: bool,
    pub security_check_passed: bool,
    pub certified_model: bool,
    /// The clearing network now requires a location or device IP for this device.
    pub location_required: bool,
    /// The terminal number the acquirer assigned when it installed the device, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal_id: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrFacts {
    pub qr_code: String,
    pub binding: QrBinding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrBinding {
    /// Not bound to any merchant.
    Free,
    /// Bound to the caller.
    Yours,
    /// Bound to another merchant.
    Elsewhere,
    /// No such QR stand.
    Unknown,
}

impl QrBinding {
    pub const ALL: [QrBinding; 4] = [
        QrBinding::Free,
        QrBinding::Yours,
        QrBinding::Elsewhere,
        QrBinding::Unknown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            QrBinding::Free => "free",
            QrBinding::Yours => "yours",
            QrBinding::Elsewhere => "elsewhere",
            QrBinding::Unknown => "unknown",
        }
    }

    pub fn from_name(name: &str) -> Option<QrBinding> {
        lookup(&QrBinding::ALL, QrBinding::name, name)
    }
}

serde_as_str!(
    QrBinding,
    QrBinding::ALL,
    QrBinding::name,
    QrBinding::from_name
);

/// `GET /reference/device-types`: one entry per code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceTypeInfo {
    pub code: crate::DeviceType,
    pub selectable: bool,
    pub requires_serial: bool,
    pub needs_location_or_ip: bool,
}

/// `GET /reference/policy`: the rules in force beyond the fixed formats, and what they mean for
/// each device type. Derived from the field table, so it says exactly what validation applies.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyInfo {
    #[serde(flatten)]
    pub policy: Policy,
    /// Per selectable device type and merchant type: the fields a filing must give, and those
    /// it does not ask for.
    pub requirements: Vec<Requirements>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirements {
    pub device_type: crate::DeviceType,
    pub merchant_type: crate::MerchantType,
    /// Fields that must not be empty, in form order.
    pub required: Vec<Field>,
    /// Fields this filing does not ask for (sent empty; a value sent is not filed).
    pub not_asked: Vec<Field>,
    /// Whether a location or a device IP (at least one) must be given.
    pub location_or_ip: bool,
}

impl PolicyInfo {
    /// What `policy` requires of each selectable device type and merchant type.
    pub fn of(policy: Policy) -> PolicyInfo {
        use crate::field::Requirement;
        let mut requirements = vec![];
        for d in crate::DeviceType::ALL
            .into_iter()
            .filter(|d| d.selectable())
        {
            for m in crate::MerchantType::ALL {
                let input = FilingInput {
                    device_type: d.code().to_owned(),
                    merchant_type: m.code().to_owned(),
                    ..FilingInput::default()
                };
                let with = |r: Requirement| -> Vec<Field> {
                    Field::ALL
                        .into_iter()
                        .filter(|f| input.requirement(*f, &policy) == r)
                        .collect()
                };
                requirements.push(Requirements {
                    device_type: d,
                    merchant_type: m,
                    required: with(Requirement::Required),
                    not_asked: with(Requirement::NotAsked),
                    location_or_ip: policy.needs_location_or_ip(Some(d)),
                });
            }
        }
        PolicyInfo {
            policy,
            requirements,
        }
    }
}

/// `GET /merchant`: the caller's own record, as the acquirer holds it. The form prefills from
/// it; what the acquirer owns is shown read-only.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantProfile {
    pub merchant_id: String,
    /// The registered name.
    pub name: String,
    pub merchant_type: crate::MerchantType,
    /// Licensed merchants' unified social credit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// 小微 merchants' operator's resident ID number, masked (first 3 and last 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_id_number: Option<String>,
    pub contact_name: String,
    pub contact_mobile: String,
    /// The device types the merchant is qualified to use.
    pub device_types: Vec<crate::DeviceType>,
}

/// Error codes of the envelope.
pub mod codes {
    pub const VALIDATION_FAILED: &str = "VALIDATION_FAILED";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
    pub const UNAUTHORIZED: &str = "UNAUTHORIZED";
    pub const TOKEN_EXPIRED: &str = "TOKEN_EXPIRED";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    pub const SERIAL_ALREADY_FILED: &str = "SERIAL_ALREADY_FILED";
    pub const QR_CODE_BOUND_ELSEWHERE: &str = "QR_CODE_BOUND_ELSEWHERE";
    pub const NOT_CORRECTABLE: &str = "NOT_CORRECTABLE";
    pub const IDEMPOTENCY_KEY_REQUIRED: &str = "IDEMPOTENCY_KEY_REQUIRED";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "IDEMPOTENCY_KEY_REUSED";
    pub const PRECONDITION_REQUIRED: &str = "PRECONDITION_REQUIRED";
    pub const STALE_VERSION: &str = "STALE_VERSION";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const DAILY_LIMIT_REACHED: &str = "DAILY_LIMIT_REACHED";
    pub const MAINTENANCE: &str = "MAINTENANCE";
    pub const STORE_UNAVAILABLE: &str = "STORE_UNAVAILABLE";
    pub const NOT_WITHDRAWABLE: &str = "NOT_WITHDRAWABLE";
    pub const NOT_DEREGISTRABLE: &str = "NOT_DEREGISTRABLE";
    pub const NOT_MOVABLE: &str = "NOT_MOVABLE";
    pub const CHANGE_PENDING: &str = "CHANGE_PENDING";
    pub const NOT_HELD_ELSEWHERE: &str = "NOT_HELD_ELSEWHERE";
    pub const SERVER_BUSY: &str = "SERVER_BUSY";
    pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
    pub const INTERNAL: &str = "INTERNAL";
}

/// The one error envelope: `{"error": {...}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `MAINTENANCE`.
    pub code: String,
    /// Human-readable text for logs and engineers; the widget renders codes, not this.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub code: RuleError,
}

/// Field errors in form order, as the envelope carries them.
pub fn field_errors(errors: &FieldErrors) -> Vec<FieldError> {
    errors
        .iter()
        .map(|(&field, &code)| FieldError { field, code })
        .collect()
}

/// A filing as the API returns it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingRecord {
    pub id: String,
    pub status: FilingStatus,
    /// Increases with every submission; the `ETag` / `If-Match` value.
    pub version: u32,
    /// The filing as last submitted, normalised.
    pub submission: FilingInput,
    /// Reasons of the latest rejection (empty unless rejected).
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// The submission version the reasons were given for; older than `version` means they may
    /// be stale (the correction has not been reviewed yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons_version: Option<u32>,
    pub created_at: String,
    pub updated_at: String,
    /// Set once the filing is deregistered (status `revoked`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deregistered: Option<Deregistration>,
    /// A placement change of this approved filing, pending or rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<PlacementChange>,
}

impl FilingRecord {
    /// The record as the API answers with it: personal information masked.
    pub fn masked(mut self) -> FilingRecord {
        self.submission = self.submission.masked();
        if let Some(change) = &mut self.change {
            change.submission = std::mem::take(&mut change.submission).masked();
        }
        self
    }

    /// Whether nothing about it is waiting for a review (the filing, or a change of it).
    pub fn settled(&self) -> bool {
        self.status != FilingStatus::Pending
            && self
                .change
                .as_ref()
                .is_none_or(|c| c.status != ChangeStatus::Pending)
    }
}

/// One entry of a filing's history (`GET /filings/{id}/events`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingEvent {
    pub at: String,
    pub kind: EventKind,
    /// The submission version the event concerns.
    pub version: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// What the event carries beyond its kind: a deregistration's reason name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

wire_enum! {
    pub enum EventKind {
        Submitted = "submitted",
        Corrected = "corrected",
        Approved = "approved",
        Rejected = "rejected",
        /// Revoked by the acquirer.
        Revoked = "revoked",
        /// Withdrawn by its merchant.
        Withdrawn = "withdrawn",
        /// Deregistered by its merchant; `detail` is the reason.
        Deregistered = "deregistered",
        /// A placement change was submitted.
        ChangeSubmitted = "change_submitted",
        ChangeApproved = "change_approved",
        ChangeRejected = "change_rejected",
        /// Another merchant's transfer request for the terminal was approved.
        TransferredAway = "transferred_away",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lifecycle's rules by status: what holds a terminal (the uniqueness rule), what its
    /// merchant may withdraw, which deregistration reasons are the merchant's to choose.
    #[test]
    fn what_each_status_holds_and_allows() {
        use FilingStatus::*;
        let holds: Vec<FilingStatus> = FilingStatus::ALL
            .into_iter()
            .filter(|s| s.holds_terminal())
            .collect();
        assert_eq!(holds, [Pending, Approved]);
        let withdrawable: Vec<FilingStatus> = FilingStatus::ALL
            .into_iter()
            .filter(|s| s.withdrawable())
            .collect();
        assert_eq!(withdrawable, [Pending, Rejected]);
        let chosen: Vec<&str> = DeregisterReason::ALL
            .into_iter()
            .filter(|r| r.choosable())
            .map(DeregisterReason::name)
            .collect();
        assert_eq!(
            chosen,
            ["sold", "broken", "shop_closed", "replaced", "other"]
        );
    }

    /// Settled: neither the filing nor a change of it waits for a review.
    #[test]
    fn a_record_is_settled_when_nothing_of_it_is_pending() {
        let record = |status, change: Option<ChangeStatus>| FilingRecord {
            id: "f1".into(),
            status,
            version: 1,
            submission: FilingInput::default(),
            reasons: vec![],
            reasons_version: None,
            created_at: String::new(),
            updated_at: String::new(),
            deregistered: None,
            change: change.map(|status| PlacementChange {
                status,
                submission: FilingInput::default(),
                submitted_at: String::new(),
                reasons: vec![],
            }),
        };
        use FilingStatus::*;
        assert!(!record(Pending, None).settled());
        assert!(record(Approved, None).settled());
        assert!(record(Rejected, None).settled());
        assert!(!record(Approved, Some(ChangeStatus::Pending)).settled());
        assert!(record(Approved, Some(ChangeStatus::Rejected)).settled());
        assert!(!record(Pending, Some(ChangeStatus::Rejected)).settled());
    }

    #[test]
    fn health_wire_format() {
        let h: Health =
            serde_json::from_str(r#"{"status":"maintenance","until":"2026-11-25T22:00:00Z"}"#)
                .unwrap();
        assert_eq!(h.status, HealthStatus::Maintenance);
        assert_eq!(
            serde_json::to_string(&Health {
                status: HealthStatus::Ok,
                until: None
            })
            .unwrap(),
            r#"{"status":"ok"}"#
        );
    }

    #[test]
    fn the_served_policy_says_what_each_device_type_must_give() {
        let info = PolicyInfo::of(Policy::default());
        assert_eq!(
            info.requirements.len(),
            12 * 3,
            "every selectable type, every merchant type"
        );
        let of = |code: &str, m: crate::MerchantType| {
            info.requirements
                .iter()
                .find(|r| r.device_type.code() == code && r.merchant_type == m)
                .unwrap()
        };
        use crate::MerchantType::{Enterprise, Micro};
        assert!(of("04", Enterprise).required.contains(&Field::SerialNumber));
        assert!(!of("11", Enterprise).required.contains(&Field::SerialNumber));
        assert!(of("11", Micro).required.contains(&Field::QrCode));
        assert!(!of("11", Micro).required.contains(&Field::TerminalId));
        assert!(of("11", Micro).not_asked.contains(&Field::CreditCode));
        assert!(of("11", Micro).required.contains(&Field::OperatorIdNumber));
        assert!(of("04", Enterprise)
            .not_asked
            .contains(&Field::OperatorIdNumber));
        assert!(of("10", Enterprise).location_or_ip && !of("04", Enterprise).location_or_ip);
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["location_or_ip_required"], false);
        assert_eq!(json["requirements"][0]["device_type"], "01");
        assert_eq!(json["review_time"]["typical_secs"], 86_400);
        let strict = PolicyInfo::of(Policy {
            location_or_ip_required: true,
            terminal_id_required_for: [crate::DeviceType::SmartPos].into_iter().collect(),
            ..Policy::default()
        });
        assert!(strict.requirements.iter().all(|r| r.location_or_ip));
        let tid = |r: &Requirements| r.required.contains(&Field::TerminalId);
        assert!(strict
            .requirements
            .iter()
            .filter(|r| tid(r))
            .all(|r| r.device_type.code() == "04"));
        assert_eq!(strict.requirements.iter().filter(|r| tid(r)).count(), 3);
    }

    #[test]
    fn field_error_wire_format() {
        let e = FieldError {
            field: Field::SerialNumber,
            code: RuleError::TooLong,
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"field":"serial_number","code":"TOO_LONG"}"#
        );
    }
}
