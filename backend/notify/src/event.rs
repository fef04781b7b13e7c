//! What is notified: five events, each with a severity, a one-line title, a short text, and the
//! approval's or incident's fields for programs. Everything that came from a caller or a probe
//! (arguments, justifications, summaries) passes `warden_secrets` redaction when it is built here,
//! so no channel ever sees a secret.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The events a channel can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A call waits for a human (severity warning).
    ApprovalRequired,
    /// A waiting call was approved, denied or expired (severity info).
    ApprovalDecided,
    /// The monitor opened an incident (the incident's severity).
    IncidentOpened,
    /// The monitor stopped repairing and needs a human (critical).
    IncidentEscalated,
    /// An incident closed: `state` says resolved or failed (info).
    IncidentResolved,
}

impl EventKind {
    /// Every event, in the order they are documented.
    pub const ALL: [EventKind; 5] = [
        EventKind::ApprovalRequired,
        EventKind::ApprovalDecided,
        EventKind::IncidentOpened,
        EventKind::IncidentEscalated,
        EventKind::IncidentResolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ApprovalRequired => "approval_required",
            EventKind::ApprovalDecided => "approval_decided",
            EventKind::IncidentOpened => "incident_opened",
            EventKind::IncidentEscalated => "incident_escalated",
            EventKind::IncidentResolved => "incident_resolved",
        }
    }

    /// Parses a name as written in configuration.
    /// Parses an event name as written in configuration.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// How urgent a notification is; channels can ask for a minimum.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    #[default]
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Severity::Info, Severity::Warning, Severity::Critical]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// An approval, as the guard stored it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalDetail {
    pub approval_id: String,
    pub tool: String,
    /// Redacted.
    pub arguments: Value,
    pub risk: String,
    pub rule: String,
    pub justification: String,
    /// pending, approved, denied, expired, withdrawn.
    pub status: String,
    /// Who asked: `{"kind":"user"|"api_key"|"monitor"...}`.
    pub requested_by: Value,
    pub expires_at: i64,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

/// An incident, as the monitor keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentDetail {
    pub incident_id: String,
    pub fingerprint: String,
    pub kind: String,
    pub target: String,
    /// warning or critical: the finding's severity.
    pub severity: String,
    /// open, repairing, awaiting_approval, escalated, resolved, failed.
    pub state: String,
    pub summary: String,
}

/// The approval or incident a notification is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    Approval(ApprovalDetail),
    Incident(IncidentDetail),
}

/// One notification, the same for every channel; each channel formats it its own way. The JSON
/// channel sends it as it serialises: `event`, `id`, `at`, `title`, `text`, `level` and the
/// detail's fields at the top level (the shape the first approval and incident webhooks had).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub event: EventKind,
    /// Unique per notification; receivers can use it to drop a redelivery.
    pub id: String,
    /// Unix seconds.
    pub at: i64,
    /// The notification's severity (named `level`, as an incident's own `severity` is a field
    /// of the detail).
    pub level: Severity,
    pub title: String,
    pub text: String,
    /// The web app's approvals or monitor page, when `notify.base_url` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(flatten)]
    pub detail: Detail,
}

use warden_protocol::clock::system_now as now;

fn who(requested_by: &Value) -> String {
    let field = |key: &str| requested_by.get(key).and_then(Value::as_str);
    match field("kind") {
        Some("user") => format!("user {}", field("username").unwrap_or("?")),
        Some("api_key") => format!("API key {}", field("key_id").unwrap_or("?")),
        Some(other) => other.replace('_', " "),
        None => "someone".to_owned(),
    }
}

impl Notification {
    /// `approval_required` (status pending) or `approval_decided` (any other status).
    pub fn approval(mut detail: ApprovalDetail) -> Self {
        detail.arguments = warden_secrets::redact(&detail.arguments);
        detail.justification = warden_secrets::redact_text(&detail.justification);
        detail.reason = detail.reason.as_deref().map(warden_secrets::redact_text);
        let arguments = detail.arguments.to_string();
        let (event, level, title, text) = if detail.status == "pending" {
            (
                EventKind::ApprovalRequired,
                Severity::Warning,
                format!("Approval required: {} ({} risk)", detail.tool, detail.risk),
                format!(
                    "{} asks to run {} {}.\nRule {}: {}\nApproval {} expires at {} (Unix time).",
                    who(&detail.requested_by),
                    detail.tool,
                    arguments,
                    detail.rule,
                    detail.justification,
                    detail.approval_id,
                    detail.expires_at,
                ),
            )
        } else {
            let by = detail
                .decided_by
                .as_deref()
                .map(|by| format!(" by {by}"))
                .unwrap_or_default();
            let reason = detail
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            (
                EventKind::ApprovalDecided,
                Severity::Info,
                format!("Approval {}: {}", detail.status, detail.tool),
                format!(
                    "{} {} was {}{by}{reason}.\nApproval {}.",
                    detail.tool, arguments, detail.status, detail.approval_id
                ),
            )
        };
        Self {
            event,
            id: uuid::Uuid::new_v4().to_string(),
            at: now(),
            level,
            title,
            text,
            link: None,
            detail: Detail::Approval(detail),
        }
    }

    /// An incident event; `event` must be one of the incident kinds.
    pub fn incident(event: EventKind, mut detail: IncidentDetail) -> Self {
        detail.summary = warden_secrets::redact_text(&detail.summary);
        let finding = match detail.severity.as_str() {
            "critical" => Severity::Critical,
            _ => Severity::Warning,
        };
        let (level, verb) = match event {
            EventKind::IncidentOpened => (finding, "opened"),
            EventKind::IncidentEscalated => (Severity::Critical, "escalated"),
            EventKind::IncidentResolved if detail.state == "failed" => {
                (Severity::Info, "closed as failed")
            }
            EventKind::IncidentResolved => (Severity::Info, "resolved"),
            EventKind::ApprovalRequired | EventKind::ApprovalDecided => (finding, "updated"),
        };
        let title = format!("Incident {verb}: {} on {}", detail.kind, detail.target);
        let text = format!(
            "{}\nSeverity {}, state {}. Incident {}.{}",
            detail.summary,
            detail.severity,
            detail.state,
            detail.incident_id,
            if event == EventKind::IncidentEscalated {
                " Warden stopped repairing it: a human has to look."
            } else {
                ""
            }
        );
        Self {
            event,
            id: uuid::Uuid::new_v4().to_string(),
            at: now(),
            level,
            title,
            text,
            link: None,
            detail: Detail::Incident(detail),
        }
    }

    /// Adds the web app's link under `base_url`.
    pub(crate) fn with_link(mut self, base_url: Option<&str>) -> Self {
        self.link = base_url.map(|base| {
            let base = base.trim_end_matches('/');
            match &self.detail {
                Detail::Approval(_) => format!("{base}/#/approvals"),
                Detail::Incident(_) => format!("{base}/#/monitor"),
            }
        });
        self
    }
}
