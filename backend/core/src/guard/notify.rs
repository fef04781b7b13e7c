//! What the guard tells people: approvals waiting and decided, as notifications (the notifier
//! queues them and returns at once; the guard never waits on a channel), and the counts it adds
//! to the metrics.

use std::time::Duration;

use serde_json::Value;
use warden_notify::{ApprovalDetail, EventKind, Notification, Notifier, NotifySettings};
use warden_store::ApprovalRecord;

use super::Guard;

/// A notifier with one unsigned JSON channel for approval events at `url` (the legacy
/// `webhook_url` setting), or none.
pub(super) fn legacy_webhook(url: Option<&str>) -> Notifier {
    match url {
        None => Notifier::disabled(),
        Some(url) => Notifier::start(
            vec![warden_notify::legacy_channel(
                "approval_webhook",
                url,
                &[EventKind::ApprovalRequired, EventKind::ApprovalDecided],
            )],
            &NotifySettings::default(),
            None,
        ),
    }
}

/// The notification for an approval in its current status.
pub fn approval_notification(approval: &ApprovalRecord) -> Notification {
    Notification::approval(ApprovalDetail {
        approval_id: approval.id.clone(),
        tool: approval.tool.clone(),
        arguments: serde_json::from_str(&approval.arguments).unwrap_or(Value::Null),
        risk: approval.risk.as_str().to_owned(),
        rule: approval.rule.clone(),
        justification: approval.justification.clone(),
        status: approval.status.as_str().to_owned(),
        requested_by: serde_json::from_str(&approval.actor).unwrap_or(Value::Null),
        expires_at: approval.expires_at,
        decided_by: approval.decided_by.clone(),
        reason: approval.reason.clone(),
    })
}

impl Guard {
    /// Announces an approval (waiting, or settled) on every channel that wants it.
    pub(super) fn announce(&self, approval: &ApprovalRecord) {
        self.notifier.notify(approval_notification(approval));
    }

    /// Counts one decision; a tool the registry does not know is counted as `unknown`, so
    /// callers cannot grow the label set.
    pub(super) fn count_decision(&self, tool: &str, risk: &str, route: &str) {
        if let Some(metrics) = &self.metrics {
            let tool = if self.registry.get(tool).is_some() {
                tool
            } else {
                warden_metrics::UNKNOWN_TOOL
            };
            metrics.guard_decision(risk, route, tool);
        }
    }

    /// Counts one execution and its duration.
    pub(super) fn count_run(&self, tool: &str, route: &str, outcome: &str, elapsed: Duration) {
        if let Some(metrics) = &self.metrics {
            metrics.tool_run(tool, route, outcome, elapsed);
        }
    }
}
