//! Writing the audit log: who (user, API key or monitor), which tool, the arguments with secrets
//! redacted, the level, the route, the approval, the outcome and how long it took.

use serde_json::Value;
use warden_store::{NewAuditEntry, Store, StoreError};
use warden_tool_api::{Actor, ToolContext};

/// Argument names whose values never reach the log.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "credential",
    "private_key",
    "passphrase",
];

pub const REDACTED: &str = "[redacted]";

/// How an actor appears in the log and in approvals: `user:NAME`, `api_key:ID`, `monitor`.
pub fn actor_label(context: &ToolContext) -> String {
    match &context.actor {
        Actor::User { username, .. } => format!("user:{username}"),
        Actor::ApiKey { key_id, .. } => format!("api_key:{key_id}"),
        Actor::Monitor => "monitor".to_owned(),
        Actor::MonitorModel => "monitor:model".to_owned(),
    }
}

/// A copy of `value` with secret-named fields and secret-looking strings replaced.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, inner)| {
                    let lower = key.to_lowercase();
                    if SECRET_NAMES.iter().any(|s| lower.contains(s)) {
                        (key.clone(), Value::String(REDACTED.to_owned()))
                    } else {
                        (key.clone(), redact(inner))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(text) => Value::String(redact_text(text)),
        Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

/// Hides credentials inside free text: Warden API keys, bearer tokens, `password=...` pairs.
pub fn redact_text(text: &str) -> String {
    let mut out = Vec::new();
    let mut hide_next = false;
    for word in text.split(' ') {
        let lower = word.to_lowercase();
        if hide_next {
            out.push(REDACTED.to_owned());
            hide_next = false;
        } else if word.starts_with("wdn_") {
            out.push(REDACTED.to_owned());
        } else if lower == "bearer" || lower == "authorization:" {
            out.push(word.to_owned());
            hide_next = true;
        } else if let Some((key, _)) = word.split_once('=')
            && SECRET_NAMES.iter().any(|s| key.to_lowercase().contains(s))
        {
            out.push(format!("{key}={REDACTED}"));
        } else {
            out.push(word.to_owned());
        }
    }
    out.join(" ")
}

/// One row to append, built by the guard.
pub struct Record<'a> {
    pub context: &'a ToolContext,
    pub event: &'a str,
    pub tool: &'a str,
    pub arguments: &'a Value,
    pub risk: &'a str,
    pub route: &'a str,
    pub approval_id: Option<&'a str>,
    pub outcome: &'a str,
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

    pub async fn append(&self, record: Record<'_>, now: i64) -> Result<(), StoreError> {
        self.store
            .append_audit(&NewAuditEntry {
                at: now,
                actor: actor_label(record.context),
                event: record.event.to_owned(),
                tool: record.tool.to_owned(),
                arguments: redact(record.arguments).to_string(),
                risk: record.risk.to_owned(),
                route: record.route.to_owned(),
                approval_id: record.approval_id.map(str::to_owned),
                outcome: record.outcome.to_owned(),
                detail: redact_text(record.detail),
                duration_ms: i64::try_from(record.duration_ms).unwrap_or(i64::MAX),
            })
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_are_redacted_by_name_and_by_shape() {
        assert_eq!(
            redact(&json!({
                "url": "http://x",
                "headers": {"Authorization": "Bearer abc"},
                "db_password": "hunter2",
                "command": "curl -H 'Authorization: Bearer abc' http://x?token=1 wdn_secretkey",
            })),
            json!({
                "url": "http://x",
                "headers": {"Authorization": REDACTED},
                "db_password": REDACTED,
                "command": "curl -H 'Authorization: Bearer [redacted] http://x?token=[redacted] [redacted]",
            })
        );
    }
}
