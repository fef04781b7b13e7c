//! Alertmanager webhook intake (payload version 4). Each alert becomes one incident keyed by its
//! fingerprint, however often Alertmanager delivers it (repeats count occurrences); a resolved
//! alert resolves its incident.

use sha2::{Digest, Sha256};
use warden_protocol::monitor::{AlertmanagerAlert as Alert, AlertmanagerPayload};
use warden_store::{NewIncident, Store, StoreError};

use crate::guard::now;

/// What an intake did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    pub opened: Vec<String>,
    pub repeated: Vec<String>,
    pub resolved: Vec<String>,
}

pub const MAX_ALERTS: usize = 1000;

/// Checks the payload before anything is stored: the version, the statuses, the size.
pub fn validate(payload: &AlertmanagerPayload) -> Result<(), String> {
    if payload.version != "4" {
        return Err(format!(
            "version '{}' is not supported (Alertmanager webhook payload version 4)",
            payload.version
        ));
    }
    if payload.alerts.len() > MAX_ALERTS {
        return Err(format!("at most {MAX_ALERTS} alerts per delivery"));
    }
    if let Some(alert) = payload
        .alerts
        .iter()
        .find(|a| a.status != "firing" && a.status != "resolved")
    {
        return Err(format!(
            "alert status '{}' is neither firing nor resolved",
            alert.status
        ));
    }
    Ok(())
}

/// Alertmanager's fingerprint, or one computed from the labels (sorted) when it sent none.
fn alert_key(alert: &Alert) -> String {
    match &alert.fingerprint {
        Some(fingerprint) if !fingerprint.is_empty() => fingerprint.clone(),
        _ => {
            let mut hasher = Sha256::new();
            for (name, value) in &alert.labels {
                hasher.update(name.as_bytes());
                hasher.update([0]);
                hasher.update(value.as_bytes());
                hasher.update([0]);
            }
            hex::encode(&hasher.finalize()[..8])
        }
    }
}

pub async fn ingest(store: &Store, payload: &AlertmanagerPayload) -> Result<Intake, StoreError> {
    let mut intake = Intake::default();
    for alert in &payload.alerts {
        let key = format!("alert:{}", alert_key(alert));
        let name = alert
            .labels
            .get("alertname")
            .cloned()
            .unwrap_or_else(|| "alert".to_owned());
        let target = alert
            .labels
            .get("instance")
            .or_else(|| alert.labels.get("job"))
            .cloned()
            .unwrap_or_else(|| name.clone());
        let at = now();
        if alert.status == "resolved" {
            if let Some(live) = store.live_incident(&key).await? {
                store
                    .add_incident_event(
                        &live.id,
                        "verification",
                        "Alertmanager reports the alert resolved",
                        at,
                    )
                    .await?;
                store.set_incident_state(&live.id, "resolved", at).await?;
                store
                    .add_incident_event(&live.id, "outcome", "resolved", at)
                    .await?;
                intake.resolved.push(live.id);
            }
            continue;
        }
        let severity = match alert.labels.get("severity").map(String::as_str) {
            Some("critical" | "page" | "error") => "critical",
            _ => "warning",
        };
        let summary = alert
            .annotations
            .get("summary")
            .or_else(|| alert.annotations.get("description"))
            .map_or_else(|| format!("{name} on {target}"), |s| format!("{name}: {s}"));
        let (incident, opened) = store
            .open_incident(
                &NewIncident {
                    fingerprint: key,
                    kind: "alert".to_owned(),
                    target,
                    severity: severity.to_owned(),
                    summary: summary.clone(),
                },
                at,
            )
            .await?;
        if opened {
            store
                .add_incident_event(
                    &incident.id,
                    "detected",
                    &format!("Alertmanager: {summary}"),
                    at,
                )
                .await?;
            intake.opened.push(incident.id);
        } else {
            intake.repeated.push(incident.id);
        }
    }
    Ok(intake)
}
