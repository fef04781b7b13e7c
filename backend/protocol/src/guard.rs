//! The guard's REST shapes: invoking a tool, explaining a decision, approvals and the audit log.

use serde::{Deserialize, Serialize};

use crate::values::{ApprovalStatus, AuditEvent, AuditOutcome, Execution, Risk, Route};

/// `POST /api/v1/tools/{name}/invoke`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvokeRequest {
    /// The tool's arguments, matching its schema.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub args: serde_json::Value,
}

/// 200 from invoke: the call ran (on the host, or in the sandbox for medium risk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvokeResult {
    pub tool: String,
    pub risk: Risk,
    /// `run` or `sandbox`.
    pub route: Route,
    pub ok: bool,
    pub output: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
    pub truncated: bool,
    /// Set when the tool failed or refused its arguments (`invalid_arguments`, `not_found`...).
    pub error_code: Option<crate::ToolErrorCode>,
    pub duration_ms: u64,
}

/// `POST /api/v1/policy/explain`: what the guard would do, without running anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    pub tool: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub args: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    pub tool: String,
    /// `low`, `medium`, `high`, `forbidden`, or `unknown` for a tool that does not exist.
    pub risk: Risk,
    /// `run`, `sandbox`, `approval` or `refused`.
    pub route: Route,
    /// The rule that decided: a policy rule's id, `tools.NAME`, `effects.EFFECT`,
    /// `command-classifier`, `model-request`, `scope` or `unknown-tool`.
    pub rule: String,
    pub justification: String,
    /// For refusals: what to do instead.
    pub alternative: Option<String>,
    /// Why the route differs from the level's usual one.
    pub notes: Vec<String>,
}

/// A call waiting for (or past) a human decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub id: String,
    pub tool: String,
    /// Exactly what runs once approved (secrets redacted here).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub arguments: serde_json::Value,
    /// SHA-256 of the tool and its canonical arguments; an approval may echo it back.
    pub arguments_hash: String,
    pub risk: Risk,
    pub rule: String,
    pub justification: String,
    /// `user:NAME`, `api_key:ID` or `monitor`.
    pub requested_by: String,
    /// `pending`, `approved`, `denied`, `expired` or `withdrawn`.
    pub status: ApprovalStatus,
    pub created_at: i64,
    pub expires_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
    /// After approval: `running`, `done` or `interrupted`.
    pub execution: Option<Execution>,
    /// What the approved call produced: `{ok, output, error_code, duration_ms}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outcome: Option<serde_json::Value>,
    /// The chat run that asked, if one did.
    pub run_id: Option<String>,
    /// That run's conversation (only its owner can open it).
    pub conversation_id: Option<String>,
    /// The incident whose repair asked, if one did.
    pub incident_id: Option<String>,
}

/// `GET /api/v1/approvals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalList {
    pub approvals: Vec<Approval>,
}

/// `POST /api/v1/approvals/{id}/approve` and `/deny`. Arguments cannot be changed: an approval
/// covers exactly the call that asked for it. `arguments_hash`, when sent, must match it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    pub reason: Option<String>,
    pub arguments_hash: Option<String>,
}

/// One row of the hash-chained audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    /// `user:NAME`, `api_key:ID` or `monitor`.
    pub actor: String,
    pub event: AuditEvent,
    pub tool: String,
    /// Secrets redacted.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub arguments: serde_json::Value,
    /// The call's risk; none for an event that is not a tool call (a task run, a webhook
    /// delivery, an incident acknowledgement).
    pub risk: Option<Risk>,
    /// The call's route; none for an event that is not a tool call.
    pub route: Option<Route>,
    pub approval_id: Option<String>,
    pub outcome: AuditOutcome,
    pub detail: String,
    pub duration_ms: i64,
    pub hash: String,
}

/// `GET /api/v1/audit`: newest first; pass `before` = the last `seq` seen for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
}

/// `GET /api/v1/audit/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    pub ok: bool,
    /// Rows checked (all of them when `ok`).
    pub rows: i64,
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}
