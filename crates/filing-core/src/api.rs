//! Wire types of the registration API v1 (base path `/api/v1`).

use serde::{Deserialize, Serialize};

use crate::filing::{FieldErrors, FilingInput};
use crate::reason::Reason;
use crate::rules::RuleError;
use crate::Field;

/// Base path of every endpoint.
pub const BASE_PATH: &str = "/api/v1";

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    pub status: HealthStatus,
    /// End of the maintenance window (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Maintenance,
}

/// A filing's review status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingStatus {
    /// 审核中
    Pending,
    /// 已报备
    Approved,
    /// 已驳回
    Rejected,
    /// 已注销
    Revoked,
}

/// `GET /terminals/{serial}`: what a status check needs. `filing: None` means not filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminalStatus {
    pub serial_number: String,
    pub filing: Option<FilingSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingSummary {
    pub id: String,
    pub status: FilingStatus,
}

/// The one error envelope: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `MAINTENANCE`.
    pub code: String,
    /// Human-readable text for logs and engineers; the widget renders codes, not this.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

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
}

/// One entry of a filing's history (`GET /filings/{id}/events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingEvent {
    pub at: String,
    pub kind: EventKind,
    /// The submission version the event concerns.
    pub version: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Submitted,
    Corrected,
    Approved,
    Rejected,
    Revoked,
}

#[cfg(test)]
mod tests {
    use super::*;

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
