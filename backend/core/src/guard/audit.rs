//! Writing the audit log: who (user, API key or monitor), which tool, the arguments with secrets
//! redacted, the level, the route, the approval, the outcome and how long it took.

use serde_json::Value;
use warden_protocol::{AuditEvent, AuditOutcome, Risk, Route};
pub use warden_secrets::{REDACTED, redact, redact_text};
use warden_store::{NewAuditEntry, Store, StoreError};
use warden_tool_api::{Actor, ToolContext};

/// How an actor appears in the log and in approvals: `user:NAME`, `api_key:ID`, `monitor`.
pub fn actor_label(context: &ToolContext) -> String {
    match &context.actor {
        Actor::User { username, .. } => format!("user:{username}"),
        Actor::ApiKey { key_id, .. } => format!("api_key:{key_id}"),
        Actor::Monitor => "monitor".to_owned(),
        Actor::MonitorModel => "monitor:model".to_owned(),
    }
}

/// One row to append, built by the guard.
pub struct Record<'a> {
    pub context: &'a ToolContext,
    pub event: AuditEvent,
    pub tool: &'a str,
    pub arguments: &'a Value,
    pub risk: Risk,
    pub route: Route,
    pub approval_id: Option<&'a str>,
    pub outcome: AuditOutcome,
    pub detail: &'a str,
    pub duration_ms: u64,
}

#[derive(Clone)]
pub struct AuditLog {
    store: Store,
}

impl AuditLog {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// An event that is not a tool call, by an actor named as the log shows it.
    #[allow(clippy::too_many_arguments)]
    pub async fn append_event(
        &self,
        actor: &str,
        event: AuditEvent,
        subject: &str,
        arguments: &Value,
        outcome: AuditOutcome,
        detail: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.store
            .append_audit(&NewAuditEntry {
                at: now,
                actor: actor.to_owned(),
                event,
                tool: subject.to_owned(),
                arguments: redact(arguments).to_string(),
                risk: None,
                route: None,
                approval_id: None,
                outcome,
                detail: redact_text(detail),
                duration_ms: 0,
            })
            .await
            .map(|_| ())
    }

    pub async fn append(&self, record: Record<'_>, now: i64) -> Result<(), StoreError> {
        self.store
            .append_audit(&NewAuditEntry {
                at: now,
                actor: actor_label(record.context),
                event: record.event,
                tool: record.tool.to_owned(),
                arguments: redact(record.arguments).to_string(),
                risk: Some(record.risk),
                route: Some(record.route),
                approval_id: record.approval_id.map(str::to_owned),
                outcome: record.outcome,
                detail: redact_text(record.detail),
                duration_ms: i64::try_from(record.duration_ms).unwrap_or(i64::MAX),
            })
            .await
            .map(|_| ())
    }
}
