//! The monitor's REST shapes: status, history, sweeps, incidents and Alertmanager intake.

use serde::{Deserialize, Serialize};

use crate::values::{
    AlertStatus, FindingKind, IncidentEventKind, IncidentState, Severity, SweepStatus,
};

/// One problem a sweep found, keyed by a deterministic fingerprint (`KIND:TARGET`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingView {
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub severity: Severity,
    pub summary: String,
    /// Whether a runbook may repair it.
    pub repairable: bool,
}

/// `POST /api/v1/monitor/run` and `warden check --json`: what one sweep saw and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SweepView {
    pub id: String,
    pub at: i64,
    /// `interval`, `manual`, `alert`, `event:ACTION:CONTAINER` or `check`. A string, not an
    /// enum: a Docker event's trigger carries the action and the container it names.
    pub trigger: String,
    /// `ok`, `warning` or `critical`.
    pub status: SweepStatus,
    /// Host, disks, Docker containers and GPUs as read.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub readings: serde_json::Value,
    pub findings: Vec<FindingView>,
    /// Incidents this sweep opened. Each incident the sweep acted on is also listed once, under
    /// the state the sweep left it in (the lists below).
    pub opened: Vec<String>,
    /// A repair ran and is being verified (state `repairing`).
    pub repairing: Vec<String>,
    /// A repair waits for a human's approval (state `awaiting_approval`).
    pub awaiting_approval: Vec<String>,
    /// A repair failed or did not hold; retried on the backoff schedule (state `open`).
    pub retrying: Vec<String>,
    /// A repair verified as held: the incident is resolved (an alert's stays open until
    /// Alertmanager resolves it).
    pub repaired: Vec<String>,
    /// Closed as `resolved`.
    pub resolved: Vec<String>,
    /// Closed as `failed` (the container is gone, not repaired).
    pub failed: Vec<String>,
    /// Escalated to a human (budget spent, repair forbidden or denied, flapping).
    pub escalated: Vec<String>,
    pub duration_ms: u64,
}

/// `GET /api/v1/monitor/status`: the latest sweep and the live incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonitorStatus {
    /// `ok`, `warning`, `critical`, or `unknown` before the first sweep.
    pub status: SweepStatus,
    pub last_sweep_at: Option<i64>,
    pub interval_secs: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub readings: serde_json::Value,
    pub incidents: Vec<Incident>,
    /// The levels findings are judged by, for drawing them on charts.
    pub thresholds: Thresholds,
}

/// A warning and a critical level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Levels {
    pub warning: f64,
    pub critical: f64,
}

/// The monitor's thresholds (`[monitor]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    /// Percent of a filesystem used.
    pub disk_percent: Levels,
    /// Five-minute load per core.
    pub load_per_core: Levels,
    /// Percent of memory in use.
    pub memory_percent: Levels,
    pub gpu_temperature_c: Levels,
    pub gpu_memory_percent: Levels,
}

/// One sweep in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPoint {
    pub at: i64,
    pub status: SweepStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub readings: serde_json::Value,
}

/// `GET /api/v1/monitor/history?hours=24`: sweeps, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonitorHistory {
    pub points: Vec<HistoryPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Incident {
    pub id: String,
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub severity: Severity,
    pub state: IncidentState,
    pub summary: String,
    pub occurrences: i64,
    pub opened_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    /// Who last acknowledged it (`user:NAME`), and when.
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentEventView {
    pub at: i64,
    pub seq: i64,
    pub kind: IncidentEventKind,
    pub detail: String,
}

/// `GET /api/v1/incidents/{id}`: the incident and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentDetail {
    pub incident: Incident,
    pub timeline: Vec<IncidentEventView>,
}

/// How many incidents one kind of fault on one target opened in the time asked for: a target
/// that flaps shows as many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetHistory {
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub incidents: i64,
    pub last_opened_at: i64,
}

/// `GET /api/v1/incidents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentList {
    pub incidents: Vec<Incident>,
    /// Incidents opened per fingerprint in the time range asked for (whatever the state and
    /// severity filters), the most first, at most 100.
    pub targets: Vec<TargetHistory>,
}

/// `POST /api/v1/alerts/alertmanager`: what the delivery did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertIntake {
    pub opened: Vec<String>,
    /// Incidents that were open already (a repeated delivery).
    pub repeated: Vec<String>,
    pub resolved: Vec<String>,
    /// The delivery's alerts that did not read, each as `alerts[INDEX]: why` or
    /// `alerts[INDEX].FIELD: why` (index as sent): left out, while the others were taken.
    /// Empty when every alert read.
    #[serde(default)]
    pub unread: Vec<String>,
    /// Fields of the delivery's alerts sent as another JSON type, each as
    /// `alerts[INDEX].FIELD: ...`: read where the meaning is clear (a number as a fingerprint's
    /// text, as a Unix time), left out otherwise (a label that is a list); the alert is taken
    /// either way. Absent when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub notes: Vec<String>,
}

/// Alertmanager's webhook body (payload version 4). Fields Warden does not use (`groupKey`,
/// `receiver`, `groupLabels`, `externalURL`...) are accepted and ignored.
// Read by hand (below): one alert that does not read must not lose the others.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertmanagerPayload {
    /// Must be `"4"`.
    // Another version whose body has version 4's shape is read as version 4 (see
    // `warden_core::monitor::alerts::validate`); a number (`4`) is read as its text, null as
    // empty. Plain comments, so the published schema is unchanged.
    #[serde(deserialize_with = "version_text")]
    pub version: String,
    // `firing` or `resolved`, in any case (`FIRING` is `firing`); anything else is none, each
    // alert keeping its own. A plain comment, so the published schema is unchanged.
    #[serde(default)]
    pub status: Option<AlertStatus>,
    pub alerts: Vec<AlertmanagerAlert>,
    /// How many alerts of the group Alertmanager left out of this delivery (its `max_alerts`
    /// cut the group there); absent or 0 when none.
    #[serde(
        rename = "truncatedAlerts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub truncated_alerts: Option<u64>,
    // The alerts of the delivery that did not read (`alerts[INDEX]: why`), left out of `alerts`
    // when others did read. Not part of the wire shape.
    #[serde(skip)]
    #[ts(skip)]
    pub unread: Vec<String>,
    // Fields of its alerts sent as another JSON type, read or left out
    // ([`crate::alert_fields`]). Not part of the wire shape.
    #[serde(skip)]
    #[ts(skip)]
    pub notes: Vec<String>,
}

impl<'de> Deserialize<'de> for AlertmanagerPayload {
    /// Each alert is read on its own: one that does not read (a status that is neither firing
    /// nor resolved, a label whose value is a list) is left out and named in `unread`, and the
    /// others are taken; Alertmanager does not send a refused delivery again. Only a delivery
    /// none of whose alerts reads is refused, naming the first one's fault. An alert with no
    /// status of its own (absent or null) has the delivery's: Alertmanager groups alerts by
    /// status, so the delivery's status is theirs.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The group's own status and count of alerts left out are read leniently: each alert
        // carries its own status, so a delivery status that does not read (`pending`, a number)
        // is none, and a `truncatedAlerts` that is no count (null, `-1`, `"7"`) is read as far
        // as it says one, never losing the delivery. `alerts: null` (a Go nil slice) is none.
        #[derive(Deserialize)]
        struct Wire {
            #[serde(deserialize_with = "version_text")]
            version: String,
            #[serde(default)]
            status: Option<serde_json::Value>,
            #[serde(default)]
            alerts: Option<Vec<serde_json::Value>>,
            #[serde(rename = "truncatedAlerts", default)]
            truncated_alerts: Option<serde_json::Value>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let status = wire.status.as_ref().and_then(|status| {
            let text = status.as_str()?;
            crate::text::caseless(text).parse::<AlertStatus>().ok()
        });
        let truncated_alerts = wire.truncated_alerts.as_ref().and_then(truncated_count);
        let wire_alerts = wire.alerts.unwrap_or_default();
        let mut alerts = Vec::with_capacity(wire_alerts.len());
        let mut unread = Vec::new();
        let mut notes = Vec::new();
        for (index, mut value) in wire_alerts.into_iter().enumerate() {
            notes.extend(crate::alert_fields::mend(&mut value, index));
            if let (Some(status), Some(alert)) = (status, value.as_object_mut())
                && alert.get("status").is_none_or(serde_json::Value::is_null)
            {
                alert.insert(
                    "status".to_owned(),
                    serde_json::Value::String(status.as_str().to_owned()),
                );
            }
            match AlertmanagerAlert::deserialize(value) {
                Ok(alert) => alerts.push(alert),
                Err(error) => unread.push(format!("alerts[{index}]: {error}")),
            }
        }
        if alerts.is_empty()
            && let Some(first) = unread.first()
        {
            return Err(serde::de::Error::custom(first));
        }
        Ok(Self {
            version: wire.version,
            status,
            alerts,
            truncated_alerts,
            unread,
            notes,
        })
    }
}

/// How many alerts a delivery's `truncatedAlerts` says were left out: a whole number, also as
/// text (`"7"`) or a whole float (`7.0`); none for what says no count (null, negative, `"many"`).
fn truncated_count(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(number) => number.as_u64().or_else(|| {
            number
                .as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0 && *n < 1e18)
                .map(|n| n as u64)
        }),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        serde_json::Value::Null
        | serde_json::Value::Bool(_)
        | serde_json::Value::Array(_)
        | serde_json::Value::Object(_) => None,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertmanagerAlert {
    // `firing` or `resolved`, in any case (`FIRING` is `firing`): a sender that spells it
    // otherwise still means one of the two, and a refused delivery is never sent again.
    #[serde(deserialize_with = "any_case_alert_status")]
    pub status: AlertStatus,
    // Absent or null (a sender's empty Go map) is none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub annotations: std::collections::BTreeMap<String, String>,
    /// Alertmanager's identity of the alert; computed from the labels when absent.
    pub fingerprint: Option<String>,
    /// When the alert began firing (RFC 3339, year 1 to 9999); checked, not kept.
    #[serde(rename = "startsAt", default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// When it ended (RFC 3339; Alertmanager sends year 1, `0001-01-01T00:00:00Z`, while it
    /// fires); checked, not kept.
    #[serde(rename = "endsAt", default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
}

/// A map of labels or annotations; null is an empty one (Go encodes a nil map as null). A value
/// that is a number or a boolean (`port: 8080`, `page: true`: a sender's template that did not
/// quote it) is its JSON text, as Prometheus would have written the label; a null value is
/// empty (no label). A list or an object is no label value: the alert does not read.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    let map =
        Option::<std::collections::BTreeMap<String, serde_json::Value>>::deserialize(deserializer)?
            .unwrap_or_default();
    map.into_iter()
        .map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Null => String::new(),
                serde_json::Value::Bool(flag) => flag.to_string(),
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(serde::de::Error::custom(format!(
                        "the value of '{}' is a list or an object, not text",
                        name.chars().take(64).collect::<String>()
                    )));
                }
            };
            Ok((name, text))
        })
        .collect()
}

/// A payload version as text: a string as sent, a number (`4`) as its digits, null as empty.
fn version_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Whole(i64),
        Number(f64),
    }
    Ok(match Option::<Version>::deserialize(deserializer)? {
        Some(Version::Text(text)) => text,
        Some(Version::Whole(number)) => number.to_string(),
        Some(Version::Number(number)) => number.to_string(),
        None => String::new(),
    })
}

/// An alert's status in any case, letters of any form included, and with spaces around it
/// (`FIRING`, ` Resolved`, `ＦＩＲＩＮＧ`: compared by Unicode case folding, see
/// [`crate::text::caseless`]).
fn any_case_alert_status<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<AlertStatus, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::text::caseless(&text)
        .parse::<AlertStatus>()
        .map_err(|_| serde::de::Error::unknown_variant(&text, &["firing", "resolved"]))
}
