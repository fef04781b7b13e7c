//! Notifications to an operator's webhook: a JSON POST when an approval is waiting and when it
//! is decided. Delivery is best effort with a short timeout; a webhook that is down is logged and
//! never holds up the guard for long.

use std::time::Duration;

use serde::Serialize;
use warden_store::ApprovalRecord;

use super::audit::{redact, redact_text};

#[derive(Clone)]
pub struct Webhook {
    url: String,
    client: reqwest::Client,
}

#[derive(Serialize)]
struct Payload<'a> {
    event: &'a str,
    approval_id: &'a str,
    tool: &'a str,
    arguments: serde_json::Value,
    risk: &'a str,
    rule: &'a str,
    justification: &'a str,
    status: &'a str,
    requested_by: serde_json::Value,
    expires_at: i64,
    decided_by: Option<&'a str>,
}

impl Webhook {
    pub fn new(url: &str) -> Self {
        let client = warden_http::client_builder()
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            url: url.to_owned(),
            client,
        }
    }

    /// Posts any JSON payload, redacted (an incident's probe output can hold a secret); `event`
    /// names it in the log.
    pub async fn post(&self, event: &str, payload: &impl Serialize) {
        let payload = redact(&serde_json::to_value(payload).unwrap_or_default());
        match self.client.post(&self.url).json(&payload).send().await {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => {
                tracing::warn!(status = %response.status(), event, "the webhook refused the notification")
            }
            // reqwest's error names the URL, which may carry the webhook's own token.
            Err(error) => {
                tracing::warn!(error = %redact_text(&error.to_string()), event, "the webhook is unreachable")
            }
        }
    }

    /// Sends `event` (`approval_required`, `approval_decided`) about `approval`.
    pub async fn send(&self, event: &str, approval: &ApprovalRecord) {
        let payload = Payload {
            event,
            approval_id: &approval.id,
            tool: &approval.tool,
            arguments: redact(&serde_json::from_str(&approval.arguments).unwrap_or_default()),
            risk: &approval.risk,
            rule: &approval.rule,
            justification: &redact_text(&approval.justification),
            status: &approval.status,
            requested_by: serde_json::from_str(&approval.actor).unwrap_or_default(),
            expires_at: approval.expires_at,
            decided_by: approval.decided_by.as_deref(),
        };
        match self.client.post(&self.url).json(&payload).send().await {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => {
                tracing::warn!(status = %response.status(), event, "the approval webhook refused the notification")
            }
            Err(error) => {
                tracing::warn!(error = %redact_text(&error.to_string()), event, "the approval webhook is unreachable")
            }
        }
    }
}
