//! Alertmanager webhook intake (payload version 4). Each alert becomes one incident keyed by its
//! fingerprint, however often Alertmanager delivers it (repeats count occurrences); a resolved
//! alert resolves its incident. A delivery is checked whole (its version, at most
//! [`MAX_ALERTS`] alerts, at least one alert that reads) before any of it is stored, then
//! stored in one transaction: taken whole or not at all; an alert that does not read is left
//! out and named in [`Intake::unread`]. Alertmanager does not retry a refused delivery, so
//! its `max_alerts` should be set to the bound (docs/integrations.md). Rules map an alert's labels to a target and a runbook
//! (`alertname=ContainerDown` with a `container` label restarts that container if it opted in);
//! the alert itself is kept for the runbook and for the repair model, which gets it as data.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};
use warden_protocol::monitor::{AlertmanagerAlert as Alert, AlertmanagerPayload};
use warden_protocol::{AlertStatus, IncidentEventKind, Severity};
use warden_store::{AlertChange, AlertOutcome, Store, StoreError};

pub use super::alert_labels::{MAX_ANNOTATION_CHARS, MAX_ANNOTATIONS, MAX_LABEL_CHARS, MAX_LABELS};

/// What an intake did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    pub opened: Vec<String>,
    pub repeated: Vec<String>,
    pub resolved: Vec<String>,
    /// The delivery's alerts that did not read (`alerts[INDEX]: why`): left out, the others
    /// taken.
    pub unread: Vec<String>,
    /// Fields of its alerts sent as another JSON type, read or left out, and alerts taken
    /// with no label, the alert taken (`alerts[INDEX].FIELD: ...`).
    pub notes: Vec<String>,
}

/// What an alert that a rule matches leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRunbook {
    /// `docker_restart` of the container the rule's label names, if it opted in.
    RestartContainer,
    /// The disk runbook: Docker's build cache and dangling images reclaimed.
    ReclaimDocker,
    /// Straight to the repair model, with the alert as data.
    Model,
    /// Recorded only: a human decides.
    Ignore,
}

impl AlertRunbook {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "restart_container" => Ok(Self::RestartContainer),
            "reclaim_docker" => Ok(Self::ReclaimDocker),
            "model" => Ok(Self::Model),
            "ignore" => Ok(Self::Ignore),
            other => Err(format!(
                "'{other}' is not a runbook (restart_container, reclaim_docker, model or ignore)"
            )),
        }
    }
}

/// Maps alerts by name (`*` matches any text) to a runbook acting on the target the `label`
/// names. The first rule whose name matches and whose label the alert carries applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRule {
    pub alertname: String,
    pub label: String,
    pub runbook: AlertRunbook,
}

impl AlertRule {
    /// The rules Warden ships: `ContainerDown` restarts the container its `container` label
    /// names, else its `container_name` label (Compose's and older cAdvisor's spelling), else its
    /// `name` label (cAdvisor's Docker metrics), else the one container of the Compose service
    /// its `com_docker_compose_service` label names ([`COMPOSE_SERVICE_LABELS`]).
    pub fn defaults() -> Vec<AlertRule> {
        ["container", "container_name", "name"]
            .into_iter()
            .chain(COMPOSE_SERVICE_LABELS.iter().map(|(service, _)| *service))
            .map(|label| AlertRule {
                alertname: "ContainerDown".to_owned(),
                label: label.to_owned(),
                runbook: AlertRunbook::RestartContainer,
            })
            .collect()
    }
}

/// Alert labels naming a Compose service (Docker's `com.docker.compose.service` label as
/// Prometheus spells it, bare or as cAdvisor exports a container's labels), each with the label
/// naming its Compose project. A restart rule reading one restarts the service's container, found
/// by Docker's labels `com.docker.compose.service` (and `com.docker.compose.project` when the
/// alert names it); a service with several containers, or none, restarts nothing.
pub const COMPOSE_SERVICE_LABELS: [(&str, &str); 2] = [
    ("com_docker_compose_service", "com_docker_compose_project"),
    (
        "container_label_com_docker_compose_service",
        "container_label_com_docker_compose_project",
    ),
];

/// The label naming the Compose project of the service `label` names, when `label` names a
/// Compose service.
pub fn compose_project_label(label: &str) -> Option<&'static str> {
    COMPOSE_SERVICE_LABELS
        .iter()
        .find(|(service, _)| *service == label)
        .map(|(_, project)| *project)
}

/// `*` matches any run of characters; everything else itself. In time linear in the name for
/// each character of the pattern, whatever its stars: a rule such as `*a*a*a*b` and an alert
/// name of 16 KiB a sender chose must not hold the intake for hours (a matcher that tries every
/// split of the name for every star takes time to the power of the stars).
fn name_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // The latest star seen, and where in the name its run ends for now.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && pattern[p] != '*' && pattern[p] == name[n] {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, n));
            p += 1;
        } else if let Some((star_at, run_end)) = star {
            // The star takes one character more, and the rest is tried after it.
            p = star_at + 1;
            n = run_end + 1;
            star = Some((star_at, run_end + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// A label value fit to name a container (letters, digits, `_.-`, starting with a letter or
/// digit): anything else is not restarted.
pub(super) fn plain_name(value: &str) -> bool {
    value.len() <= 128
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// The rule for an alert's labels and the target it names. A restart rule whose alert name
/// matches and whose label the alert carries, but not as a plain container name, ends the
/// search with no rule (fail closed): a later rule reading another label must not restart
/// something the first label did not name. A label whose value is blank (only spaces, tabs or
/// other white space: a sender's template with nothing to put there) names nothing and is no
/// label, as an empty one is: the search goes on to the next rule. Spaces around a name are
/// not part of it (a container's name holds none).
pub fn rule_for<'a>(
    rules: &'a [AlertRule],
    labels: &std::collections::BTreeMap<String, String>,
) -> Option<(&'a AlertRule, String)> {
    // Spaces around an alert's name (a sender's template that pads it) are no part of it, as
    // they are none of a container's: ` ContainerDown ` is ContainerDown.
    let name = present(labels, "alertname")?.trim();
    for rule in rules {
        let Some(target) = present(labels, &rule.label) else {
            continue;
        };
        if !name_matches(&rule.alertname, name) {
            continue;
        }
        match rule.runbook {
            // Docker's API spells a container's name with a leading `/` (`/web`), and exporters
            // that copy it pass it on.
            AlertRunbook::RestartContainer => {
                let target = target.trim();
                let target = target.strip_prefix('/').unwrap_or(target);
                if !plain_name(target) {
                    return None;
                }
                return Some((rule, target.to_owned()));
            }
            // Any value applies the rule, whatever its length or script (a 100-character
            // instance in Japanese is 300 bytes): the incident's target is cut to a length
            // that means something, never the rule passed over for a later one, or for the
            // repair model where the operator wrote `ignore`.
            AlertRunbook::ReclaimDocker | AlertRunbook::Model | AlertRunbook::Ignore => {
                return Some((rule, target.to_owned()));
            }
        }
    }
    None
}

/// The value of `labels`' label `key` when it says something: not blank.
fn present<'a>(
    labels: &'a std::collections::BTreeMap<String, String>,
    key: &str,
) -> Option<&'a str> {
    labels
        .get(key)
        .map(String::as_str)
        .filter(|value| !value.trim().is_empty())
}

/// The most alerts one delivery may carry. Alertmanager sends a group's alerts in one delivery,
/// all of them unless its `webhook_config` sets `max_alerts`: set it to this (or less) so a large
/// group is cut there by Alertmanager rather than refused here (docs/integrations.md).
pub const MAX_ALERTS: usize = 2000;

/// The longest fingerprint an alert may carry, in characters.
pub const MAX_FINGERPRINT_CHARS: usize = 128;

/// Why a delivery was refused, before any of it was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A payload version other than 4 whose body does not have version 4's shape (at least
    /// one alert, each with a status and labels).
    Version(String),
    /// More than [`MAX_ALERTS`] alerts: how many.
    TooMany(usize),
    /// An alert's field does not read as what it must be: the message names the alert's index
    /// and the field.
    Field(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Version(version) => write!(
                f,
                "version '{version}' is not supported (Alertmanager webhook payload version 4), \
                 and the body does not have version 4's shape (alerts, each with a status and \
                 labels)"
            ),
            Refusal::TooMany(count) => write!(
                f,
                "the delivery carries {count} alerts, more than the {MAX_ALERTS} one delivery may \
                 (set max_alerts: {MAX_ALERTS} in Alertmanager's webhook_config); none was stored"
            ),
            Refusal::Field(why) => write!(f, "{why}; none of the delivery was stored"),
        }
    }
}

/// Why [`ingest`] took nothing of a delivery.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The delivery was refused whole ([`validate`]): none of it was stored.
    #[error("{0}")]
    Refused(Refusal),
    /// The store failed; the delivery's one transaction stored nothing.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Refusal> for IngestError {
    fn from(refusal: Refusal) -> Self {
        IngestError::Refused(refusal)
    }
}

/// Checks the whole payload before anything is stored: the version, the number of alerts, and
/// that at least one alert's fingerprint and times read. A delivery is taken whole or not at all.
///
/// The version: Alertmanager has sent version 4 since it versioned the body and keeps that
/// schema, so a delivery of another version (`3`, `5`, ` 4 `) whose body has version 4's shape
/// (at least one alert, each with a status and at least one label) is read as version 4 and the
/// version logged; refused, it would be lost, as Alertmanager does not retry it. One without
/// that shape (no alerts, or an alert without labels) is refused naming its version.
pub fn validate(payload: &AlertmanagerPayload) -> Result<(), Refusal> {
    let version = payload.version.trim();
    if version != "4" {
        let shaped = !payload.alerts.is_empty()
            && payload
                .alerts
                .iter()
                .all(|alert| !present_labels(alert).is_empty());
        if !shaped {
            return Err(Refusal::Version(
                payload.version.chars().take(32).collect::<String>(),
            ));
        }
        tracing::warn!(
            version = %payload.version.chars().take(32).collect::<String>(),
            "Alertmanager payload of a version other than 4 with version 4's shape: read as \
             version 4"
        );
    }
    if payload.alerts.len() > MAX_ALERTS {
        return Err(Refusal::TooMany(payload.alerts.len()));
    }
    // Each alert's status is an `AlertStatus`: an alert with another one does not read (it is
    // left out when the body is read, the delivery refused only if no alert reads). An alert
    // whose fingerprint or time does not read is left out and named (see [`ingest`]), the
    // others taken: only a delivery none of whose alerts reads is refused, naming the first
    // one's fault.
    let wire = wire_indexes(payload);
    let faults: Vec<String> = payload
        .alerts
        .iter()
        .zip(&wire)
        .filter_map(|(alert, index)| alert_fault(alert, *index))
        .collect();
    if !payload.alerts.is_empty()
        && faults.len() == payload.alerts.len()
        && let Some(first) = faults.into_iter().next()
    {
        return Err(Refusal::Field(first));
    }
    Ok(())
}

/// Why an alert's labels or annotations (past their bounds: see [`super::alert_labels`]),
/// fingerprint, `startsAt` or `endsAt` do not read (`alerts[INDEX].FIELD: why`), if one does
/// not. The fingerprint becomes the incident's key, stored and shown: Alertmanager's are 16
/// hexadecimal digits, so a long one is no fingerprint of it. An empty time (a sender's
/// template with nothing to put there) is no time, as an absent one is.
fn alert_fault(alert: &Alert, index: usize) -> Option<String> {
    if let Some(fault) = super::alert_labels::labels_fault(&alert.labels, index)
        .or_else(|| super::alert_labels::annotations_fault(&alert.annotations, index))
    {
        return Some(fault);
    }
    if let Some(fingerprint) = &alert.fingerprint
        && fingerprint.chars().count() > MAX_FINGERPRINT_CHARS
    {
        return Some(format!(
            "alerts[{index}].fingerprint: {} characters, more than the {MAX_FINGERPRINT_CHARS} \
             a fingerprint may have (Alertmanager's have 16)",
            fingerprint.chars().count()
        ));
    }
    [("startsAt", &alert.starts_at), ("endsAt", &alert.ends_at)]
        .into_iter()
        .find_map(|(field, value)| {
            let value = value.as_deref().filter(|value| !value.trim().is_empty())?;
            let why = alert_time(value).err()?;
            Some(format!(
                "alerts[{index}].{field}: '{}' {why}",
                value.chars().take(64).collect::<String>()
            ))
        })
}

/// Each read alert's index in the delivery as sent: the alerts that did not read are named in
/// `unread` by theirs (`alerts[INDEX]: ...`), and the read ones fill the other places in order,
/// so that a fault names the alert the sender knows.
fn wire_indexes(payload: &AlertmanagerPayload) -> Vec<usize> {
    let skipped: std::collections::BTreeSet<usize> = payload
        .unread
        .iter()
        .filter_map(|entry| {
            let rest = entry.strip_prefix("alerts[")?;
            rest[..rest.find(']')?].parse().ok()
        })
        .collect();
    (0..)
        .filter(|index| !skipped.contains(index))
        .take(payload.alerts.len())
        .collect()
}

/// An alert time: RFC 3339 with a year from 1 (Go's zero time, which Alertmanager sends as the
/// `endsAt` of a firing alert) to 9999.
fn alert_time(value: &str) -> Result<(), &'static str> {
    let time = read_time(value).ok_or("is not an RFC 3339 time (such as 2026-01-31T12:00:00Z)")?;
    if (1..=9999).contains(&chrono::Datelike::year(&time)) {
        Ok(())
    } else {
        Err("is out of range (years 1 to 9999)")
    }
}

/// An alert time as RFC 3339, or written without its offset (`2026-12-03T10:00:00`, `T` or a
/// space between date and time, fractions of a second kept): Alertmanager's times are UTC, so a
/// sender's template that dropped the `Z` still means UTC.
fn read_time(value: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let value = value.trim();
    chrono::DateTime::parse_from_rfc3339(value)
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
                .iter()
                .find_map(|format| chrono::NaiveDateTime::parse_from_str(value, format).ok())
                .map(|naive| naive.and_utc().fixed_offset())
        })
}

/// An alert's labels as Prometheus and Alertmanager mean them: a label whose value is empty is
/// no label at all (Alertmanager drops such labels from the alerts it is sent). Kept, they would
/// name an empty target, or give the same alert a second fingerprint.
fn present_labels(alert: &Alert) -> Labels {
    alert
        .labels
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

type Labels = std::collections::BTreeMap<String, String>;

/// Alertmanager's fingerprint, or one computed from the labels (sorted) when it sent none. A
/// blank fingerprint (spaces: a sender's template with nothing to put there) is none: kept, every
/// alert sent with it would share one key.
fn alert_key(alert: &Alert, labels: &Labels) -> String {
    match &alert.fingerprint {
        Some(fingerprint) if !fingerprint.trim().is_empty() => fingerprint.clone(),
        _ => labels_hash(labels),
    }
}

/// Stores a delivery's alerts in one transaction at `now` (the server's clock), once the whole
/// delivery passed [`validate`] (refused otherwise, nothing stored). When Alertmanager left alerts of the group out of the delivery (`truncatedAlerts`),
/// each incident the delivery touched says so: those alerts are not recorded here.
pub async fn ingest(
    store: &Store,
    payload: &AlertmanagerPayload,
    rules: &[AlertRule],
    now: i64,
) -> Result<Intake, IngestError> {
    // Checked here too, whoever calls: a delivery past the bound, or none of whose alerts
    // reads, is refused whole before anything is stored.
    validate(payload)?;
    let mut live = Live::default();
    for (incident, alert) in store.live_alert_incidents().await? {
        live.add(incident.fingerprint, kept_labels(&alert));
    }
    // An alert whose fingerprint or time does not read is left out and named, as one that does
    // not read at all: Alertmanager does not send a refused delivery again, so refusing it would lose the
    // others.
    let mut unread = payload.unread.clone();
    let mut notes = payload.notes.clone();
    let mut taken = Vec::with_capacity(payload.alerts.len());
    for (alert, index) in payload.alerts.iter().zip(wire_indexes(payload)) {
        match alert_fault(alert, index) {
            Some(fault) => unread.push(fault),
            None => {
                notes.extend(super::alert_labels::unlabelled_note(
                    &present_labels(alert),
                    index,
                ));
                taken.push(alert);
            }
        }
    }
    let changes: Vec<AlertChange> = once_each(
        taken
            .into_iter()
            .map(|alert| change(alert, rules, &mut live, now)),
    );
    let mut intake = Intake {
        unread,
        notes,
        ..Intake::default()
    };
    for note in &intake.notes {
        tracing::warn!(field = %note, "a field of an Alertmanager alert was sent as another JSON type, or the alert has no label");
    }
    for unread in &intake.unread {
        tracing::warn!(alert = %unread, "an alert of an Alertmanager delivery did not read: left out, the others taken");
    }
    for outcome in store.apply_alerts(&changes, now).await? {
        match outcome {
            AlertOutcome::Opened(id) => intake.opened.push(id),
            AlertOutcome::Repeated(id) => intake.repeated.push(id),
            AlertOutcome::Resolved(id) => intake.resolved.push(id),
            // A resolution delivered after a newer episode's firing leaves its incident open.
            AlertOutcome::NoIncident | AlertOutcome::Late => {}
        }
    }
    if let Some(note) = truncation_note(payload.truncated_alerts) {
        tracing::warn!(
            truncated = payload.truncated_alerts,
            "Alertmanager left alerts out of a delivery"
        );
        let mut touched: Vec<&String> = intake
            .opened
            .iter()
            .chain(&intake.repeated)
            .chain(&intake.resolved)
            .collect();
        touched.sort();
        touched.dedup();
        for id in touched {
            store
                .add_incident_event(id, IncidentEventKind::Note, &note, now)
                .await?;
        }
    }
    Ok(intake)
}

/// A delivery's changes with each alert once: Alertmanager sends an alert once per delivery, so
/// the same alert again in a row (the same incident key and status, as a sender that repeats
/// an alert, or two Alertmanagers' groups merged by a proxy, may send it) is a copy, not another
/// occurrence. A copy's later `startsAt` is kept (the newest episode); a change of status between
/// copies is kept in order.
fn once_each(changes: impl IntoIterator<Item = AlertChange>) -> Vec<AlertChange> {
    let mut out: Vec<AlertChange> = Vec::new();
    // Per incident key: where its last change is in `out`.
    let mut last: HashMap<String, usize> = HashMap::new();
    for change in changes {
        let (key, firing, starts_at) = match &change {
            AlertChange::Firing {
                fingerprint,
                starts_at,
                ..
            } => (fingerprint.clone(), true, *starts_at),
            AlertChange::Resolved {
                fingerprint,
                starts_at,
                ..
            } => (fingerprint.clone(), false, *starts_at),
        };
        if let Some(&at) = last.get(&key) {
            let (was_firing, kept) = match &mut out[at] {
                AlertChange::Firing { starts_at, .. } => (true, starts_at),
                AlertChange::Resolved { starts_at, .. } => (false, starts_at),
            };
            if was_firing == firing {
                *kept = (*kept).max(starts_at);
                continue;
            }
        }
        last.insert(key, out.len());
        out.push(change);
    }
    out
}

/// What an incident says of a delivery Alertmanager cut (`truncatedAlerts`), if it was cut.
fn truncation_note(truncated: Option<u64>) -> Option<String> {
    let count = truncated.filter(|n| *n > 0)?;
    Some(format!(
        "Alertmanager left {count} more alert{} of this group out of the delivery \
         (truncatedAlerts; its webhook max_alerts): they are not recorded here",
        if count == 1 { "" } else { "s" }
    ))
}

/// The labels an alert incident was opened with (its kept alert).
fn kept_labels(alert: &str) -> Labels {
    serde_json::from_str::<serde_json::Value>(alert)
        .ok()
        .and_then(|alert| serde_json::from_value(alert["labels"].clone()).ok())
        .unwrap_or_default()
}

/// A hash of labels (sorted), 16 hexadecimal characters. Each name and value is ended by a NUL
/// byte, which no label holds as Prometheus writes them; a label set in which one does (a JSON
/// `\u0000` from another sender) is hashed with each name and value prefixed by its length
/// instead, so that `instance: "a\u0000job\u0000b"` is not `instance: "a", job: "b"` (the same
/// bytes between the NULs): two alerts, never one resolving the other.
fn labels_hash(labels: &Labels) -> String {
    let mut hasher = Sha256::new();
    let nul_inside = labels
        .iter()
        .any(|(name, value)| name.contains('\0') || value.contains('\0'));
    if nul_inside {
        hasher.update(b"length-prefixed\0");
    }
    for (name, value) in labels {
        for text in [name, value] {
            if nul_inside {
                hasher.update(u64::try_from(text.len()).unwrap_or(u64::MAX).to_be_bytes());
                hasher.update(text.as_bytes());
            } else {
                hasher.update(text.as_bytes());
                hasher.update([0]);
            }
        }
    }
    hex::encode(&hasher.finalize()[..8])
}

/// The incident key of an alert: `alert:` and its fingerprint. An alert is its label set:
/// Alertmanager computes the fingerprint from the labels, so the same fingerprint arriving with
/// other labels than the live incident was opened with (a sender that kept it across a
/// relabelled rule, or made it up) is another alert: its key adds its labels' hash, so neither
/// alert's target, runbook or resolution is taken for the other's. And the same labels under
/// another fingerprint (a sender that computes its own, one that sent none, so the labels' hash
/// stands in) are the same alert: the live incident of those labels is its incident. `live`
/// holds the labels of live alert incidents by key.
fn incident_key(fingerprint: &str, labels: &Labels, live: &Live) -> String {
    let plain = format!("alert:{fingerprint}");
    let own = format!("{plain}~{}", labels_hash(labels));
    if live.by_key.contains_key(&own) {
        return own;
    }
    match live.by_key.get(&plain) {
        Some(opened_with) if opened_with == labels => plain,
        Some(_) => own,
        // The same alert under another fingerprint.
        None => live
            .by_identity
            .get(&identity(labels))
            .cloned()
            .unwrap_or(plain),
    }
}

/// The live alert incidents: their labels by key, and a key by the labels' identity.
#[derive(Debug, Default)]
struct Live {
    by_key: HashMap<String, Labels>,
    by_identity: HashMap<String, String>,
}

impl Live {
    fn add(&mut self, key: String, labels: Labels) {
        // The first incident of a label set keeps it (the smallest key, of those stored).
        let identity = identity(&labels);
        match self.by_identity.get(&identity) {
            Some(kept) if *kept <= key => {}
            Some(_) | None => {
                self.by_identity.insert(identity, key.clone());
            }
        }
        self.by_key.entry(key).or_insert(labels);
    }
}

/// An alert's identity: its label set's digest (`labels:` and 16 hexadecimal characters), what
/// its fingerprint is computed from. A resolution remembered before its firing is found by it
/// too, whatever fingerprint the firing comes with.
fn identity(labels: &Labels) -> String {
    format!("labels:{}", labels_hash(labels))
}

/// How far past Warden's clock a `firing` alert's `endsAt` may lie and the alert still be
/// firing: the sender's clock behind Warden's, and the time Alertmanager's retries of one
/// notification (within a `group_interval`, five minutes by default) took to deliver it.
pub const ENDS_AT_ALLOWANCE_SECS: i64 = 15 * 60;

/// Whether `alert` has ended by `now` (Unix seconds). Its `status` decides: Alertmanager sets it
/// per alert when it makes the notification, on its own clock, from the `endsAt` it keeps (a
/// firing alert carries one: its sender's, or `resolve_timeout` after it was last received).
/// An `endsAt` read on Warden's clock is another clock's time: a `firing` alert is taken as
/// ended only when its `endsAt` lies more than [`ENDS_AT_ALLOWANCE_SECS`] in the past (a stale
/// notification, past any skew or delivery delay); Go's zero time is no end.
fn has_ended(alert: &Alert, now: i64) -> bool {
    if alert.status == AlertStatus::Resolved {
        return true;
    }
    let allowed = now
        .saturating_sub(ENDS_AT_ALLOWANCE_SECS)
        .saturating_mul(1000);
    alert
        .ends_at
        .as_deref()
        .and_then(episode_start)
        .is_some_and(|ends_at| ends_at < allowed)
}

/// What one alert asks the store to do at `now` (Unix seconds); a firing alert's key joins
/// `live`.
fn change(alert: &Alert, rules: &[AlertRule], live: &mut Live, now: i64) -> AlertChange {
    let labels = present_labels(alert);
    let key = alert_key(alert, &labels);
    let fingerprint = incident_key(&key, &labels, live);
    let starts_at = alert.starts_at.as_deref().and_then(episode_start);
    let identity = Some(identity(&labels));
    if has_ended(alert, now) {
        return AlertChange::Resolved {
            fingerprint,
            starts_at,
            identity,
        };
    }
    // A firing cannot have begun after it arrived: a `startsAt` further ahead of its arrival
    // than clocks drift apart (a sender's clock off by a year, a template's `9999-12-31`) says
    // nothing of its episode and is taken for none. Kept, it would be the newest episode its
    // incident fires for, and every real resolution after it (its `startsAt` earlier) would be
    // taken for a late one: the incident would never close.
    let starts_at =
        starts_at.filter(|start| *start <= now.saturating_mul(1000).saturating_add(START_AHEAD_MS));
    if !live.by_key.contains_key(&fingerprint) {
        live.add(fingerprint.clone(), labels.clone());
    }
    let relabelled = if fingerprint == format!("alert:{key}")
        || !fingerprint.starts_with(&format!("alert:{key}~"))
    {
        String::new()
    } else {
        format!(" (fingerprint {key} came before with other labels: another alert)")
    };
    let name = present(&labels, "alertname").map_or_else(|| "alert".to_owned(), str::to_owned);
    // A rule's target (the container it names), else the instance or job; a label of any
    // length is accepted, a target and a summary (keys of budgets, lines of notifications) are
    // cut to a length that means something.
    let target = rule_for(rules, &labels)
        .map(|(_, target)| target)
        .or_else(|| present(&labels, "instance").map(str::to_owned))
        .or_else(|| present(&labels, "job").map(str::to_owned))
        .unwrap_or_else(|| name.clone());
    let target = clip(&target, MAX_TARGET_CHARS);
    let name = clip(&name, MAX_TARGET_CHARS);
    // In any case, its key's and its value's, letters of any form included (Unicode case
    // folding): `Severity: CRITICAL` is as critical as `severity: critical`, and so is a
    // full-width `ＣＲＩＴＩＣＡＬ`.
    let severity = match severity_of(&labels)
        .map(warden_protocol::text::caseless)
        .as_deref()
    {
        Some("critical" | "page" | "error") => Severity::Critical,
        _ => Severity::Warning,
    };
    let summary = alert
        .annotations
        .get("summary")
        .or_else(|| alert.annotations.get("description"))
        .map_or_else(|| format!("{name} on {target}"), |s| format!("{name}: {s}"));
    let summary = clip(&summary, MAX_SUMMARY_CHARS);
    let kept = serde_json::json!({
        "labels": labels,
        "annotations": alert.annotations,
    });
    AlertChange::Firing {
        fingerprint,
        target,
        severity,
        detected: format!("Alertmanager: {summary}{relabelled}"),
        summary,
        alert: kept.to_string(),
        starts_at,
        identity,
    }
}

/// How far ahead of its arrival a firing alert's `startsAt` may lie and still say when its
/// episode began (senders' clocks drift apart), in milliseconds: the store's allowance for a
/// resolution's.
pub const START_AHEAD_MS: i64 = 5 * 60 * 1000;

/// The longest target (and alert name in a summary) an alert incident keeps, in characters.
const MAX_TARGET_CHARS: usize = 256;
/// The longest summary an alert incident keeps, in characters (the alert's own labels and
/// annotations are kept whole with it).
const MAX_SUMMARY_CHARS: usize = 1_000;

/// `text` cut to `max` characters, the cut marked with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// When an alert's episode started (`startsAt`, in milliseconds since the epoch): what tells a
/// late delivery about an earlier episode from one about the current. Go's zero time (year 1)
/// says nothing. Read the same way, an `endsAt` says when the episode ends.
fn episode_start(value: &str) -> Option<i64> {
    let time = read_time(value)?;
    (chrono::Datelike::year(&time) > 1).then(|| time.timestamp_millis())
}

/// An alert's `severity` label, its key in any case (`Severity`, `SEVERITY`); the key spelled
/// exactly wins when several spellings are sent. A blank value is no severity (see
/// [`rule_for`]): another spelling's value counts.
fn severity_of(labels: &std::collections::BTreeMap<String, String>) -> Option<&str> {
    present(labels, "severity").or_else(|| {
        labels
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .find(|(key, _)| warden_protocol::text::same_caseless(key, "severity"))
            .map(|(_, value)| value.as_str())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_time_without_its_offset_is_utc_and_words_are_still_no_time() {
        let utc = episode_start("2026-12-03T10:00:00Z");
        for written in [
            "2026-12-03T10:00:00",
            "2026-12-03 10:00:00",
            " 2026-12-03T10:00:00.000 ",
            "2026-12-03 10:00:00Z",
        ] {
            assert_eq!(episode_start(written), utc, "{written}");
            assert_eq!(alert_time(written), Ok(()), "{written}");
        }
        for word in ["yesterday", "03/12/2026", "2026-12-03", "1796290000"] {
            assert!(alert_time(word).is_err(), "{word}");
        }
    }

    #[test]
    fn a_rule_applies_whatever_the_length_or_script_of_its_label() {
        let rules = vec![
            AlertRule {
                alertname: "Noisy*".to_owned(),
                label: "instance".to_owned(),
                runbook: AlertRunbook::Ignore,
            },
            AlertRule {
                alertname: "*".to_owned(),
                label: "instance".to_owned(),
                runbook: AlertRunbook::Model,
            },
        ];
        // 100 characters of three bytes each, and 300 plain ones.
        for instance in ["ホスト".repeat(34), "h".repeat(300), "ñ".to_owned()] {
            let found = rule_for(
                &rules,
                &labels(&[("alertname", "NoisyDisk"), ("instance", &instance)]),
            )
            .map(|(rule, target)| (rule.runbook, target));
            assert_eq!(found, Some((AlertRunbook::Ignore, instance.clone())));
        }
        // A value of spaces names nothing.
        assert_eq!(
            rule_for(
                &rules,
                &labels(&[("alertname", "NoisyDisk"), ("instance", "  ")])
            )
            .map(|(rule, _)| rule.runbook),
            None
        );
    }

    #[test]
    fn rules_map_an_alert_by_name_and_label_to_a_plain_target() {
        let mut rules = AlertRule::defaults();
        rules.push(AlertRule {
            alertname: "Disk*Full".to_owned(),
            label: "mountpoint".to_owned(),
            runbook: AlertRunbook::ReclaimDocker,
        });
        let target = |pairs: &[(&str, &str)]| {
            rule_for(&rules, &labels(pairs)).map(|(rule, target)| (rule.runbook, target))
        };
        assert_eq!(
            target(&[("alertname", "ContainerDown"), ("container", "web-1")]),
            Some((AlertRunbook::RestartContainer, "web-1".to_owned()))
        );
        assert_eq!(target(&[("alertname", "ContainerDown")]), None);
        // cAdvisor's `name`, Compose's and older cAdvisor's `container_name`: the container too,
        // `container` first.
        for label in ["name", "container_name"] {
            assert_eq!(
                target(&[("alertname", "ContainerDown"), (label, "web-1")]),
                Some((AlertRunbook::RestartContainer, "web-1".to_owned())),
                "{label}"
            );
        }
        assert_eq!(
            target(&[
                ("alertname", "ContainerDown"),
                ("name", "db"),
                ("container_name", "cache"),
                ("container", "web-1")
            ]),
            Some((AlertRunbook::RestartContainer, "web-1".to_owned()))
        );
        // A `container` label that names no container is not passed over for another label.
        assert_eq!(
            target(&[
                ("alertname", "ContainerDown"),
                ("container", "../etc"),
                ("name", "web-1")
            ]),
            None
        );
        // A Compose service is no container's name: read last, it names the service, whose
        // one container the repair looks up by Docker's Compose labels.
        assert_eq!(
            target(&[
                ("alertname", "ContainerDown"),
                ("com_docker_compose_service", "web")
            ]),
            Some((AlertRunbook::RestartContainer, "web".to_owned()))
        );
        assert_eq!(
            target(&[
                ("alertname", "ContainerDown"),
                ("com_docker_compose_service", "web"),
                ("name", "shop-web-1")
            ]),
            Some((AlertRunbook::RestartContainer, "shop-web-1".to_owned()))
        );
        assert_eq!(
            target(&[("alertname", "ContainerDown"), ("container", "../etc")]),
            None
        );
        // Docker's own spelling of a name, once; a path is still no name.
        assert_eq!(
            target(&[("alertname", "ContainerDown"), ("container", "/web-1")]),
            Some((AlertRunbook::RestartContainer, "web-1".to_owned()))
        );
        for odd in ["//web-1", "/", "/../web"] {
            assert_eq!(
                target(&[("alertname", "ContainerDown"), ("container", odd)]),
                None,
                "{odd}"
            );
        }
        assert_eq!(
            target(&[("alertname", "ContainerDownish"), ("container", "x")]),
            None
        );
        assert_eq!(
            target(&[("alertname", "DiskAlmostFull"), ("mountpoint", "/data")]),
            Some((AlertRunbook::ReclaimDocker, "/data".to_owned()))
        );
        // A label whose value is blank names nothing and is passed over as an absent one: the
        // next rule's label names the container. Spaces around a name are not part of it.
        for blank in [" ", "   ", "\t", " \n ", "\u{3000}", "\u{a0}"] {
            assert_eq!(
                target(&[
                    ("alertname", "ContainerDown"),
                    ("container", blank),
                    ("container_name", "web-1")
                ]),
                Some((AlertRunbook::RestartContainer, "web-1".to_owned())),
                "{blank:?}"
            );
            assert_eq!(
                target(&[
                    ("alertname", "ContainerDown"),
                    ("container", blank),
                    ("name", blank),
                    ("com_docker_compose_service", "web")
                ]),
                Some((AlertRunbook::RestartContainer, "web".to_owned())),
                "{blank:?}"
            );
            assert_eq!(
                target(&[("alertname", "ContainerDown"), ("container", blank)]),
                None,
                "{blank:?}"
            );
            assert_eq!(
                target(&[
                    ("alertname", "DiskAlmostFull"),
                    ("mountpoint", blank),
                    ("container", "web-1")
                ]),
                None,
                "{blank:?}"
            );
        }
        for spaced in [" web-1", "web-1 ", "\tweb-1\n", " /web-1 "] {
            assert_eq!(
                target(&[("alertname", "ContainerDown"), ("container", spaced)]),
                Some((AlertRunbook::RestartContainer, "web-1".to_owned())),
                "{spaced:?}"
            );
        }
        // Spaces inside are no name's.
        assert_eq!(
            target(&[("alertname", "ContainerDown"), ("container", "web 1")]),
            None
        );
        assert!(name_matches("*", "anything") && name_matches("a*c*e", "abcde"));
        assert!(!name_matches("a*c", "abd"));
        for (pattern, name, expected) in [
            ("", "", true),
            ("", "a", false),
            ("*", "", true),
            ("**", "ä", true),
            ("Disk*Full", "DiskFull", true),
            ("Disk*Full", "Disk/var is Full", true),
            ("Disk*Full", "Disk/var is Fullish", false),
            ("*Down", "ContainerDown", true),
            ("*Down", "ContainerDownstream", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "acb", false),
            ("Ü*ß", "Übergrößeß", true),
        ] {
            assert_eq!(name_matches(pattern, name), expected, "{pattern} {name}");
        }
        // Many stars against a long name a sender chose: decided at once, not in hours.
        let started = std::time::Instant::now();
        let long = "a".repeat(16 * 1024);
        assert!(!name_matches("*a*a*a*a*a*a*b", &long));
        assert!(name_matches("*a*a*a*a*a*a*", &long));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(
            AlertRunbook::parse("reboot"),
            Err(
                "'reboot' is not a runbook (restart_container, reclaim_docker, model or ignore)"
                    .to_owned()
            )
        );
    }

    /// Now in the tests (2026-12-03T10:00:00Z), after the alerts' `startsAt`.
    const NOW: i64 = 1_796_292_000;

    fn alert(status: &str, fingerprint: Option<&str>, pairs: &[(&str, &str)]) -> Alert {
        serde_json::from_value(serde_json::json!({
            "status": status,
            "labels": labels(pairs),
            "fingerprint": fingerprint,
            "startsAt": "2026-11-21T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
        }))
        .unwrap()
    }

    fn firing_parts(change: AlertChange) -> (String, String, String) {
        match change {
            AlertChange::Firing {
                fingerprint,
                target,
                summary,
                ..
            } => (fingerprint, target, summary),
            AlertChange::Resolved { .. } => panic!("firing expected"),
        }
    }

    #[test]
    fn a_fingerprint_longer_than_any_of_alertmanager_leaves_its_alert_out() {
        let payload = |fingerprint: &str| AlertmanagerPayload {
            version: "4".to_owned(),
            status: None,
            alerts: vec![
                alert("firing", Some("3f2a9c1d7e445a81"), &[("alertname", "A")]),
                alert("firing", Some(fingerprint), &[("alertname", "B")]),
            ],
            truncated_alerts: None,
            unread: Vec::new(),
            notes: Vec::new(),
        };
        assert_eq!(
            validate(&payload(&"f".repeat(MAX_FINGERPRINT_CHARS))),
            Ok(())
        );
        // Beside an alert that reads, the long one is only left out.
        let long = payload(&"f".repeat(100_000));
        assert_eq!(validate(&long), Ok(()));
        assert!(
            alert_fault(&long.alerts[1], 1)
                .is_some_and(|why| why.starts_with("alerts[1].fingerprint: 100000 characters")),
        );
        assert_eq!(alert_fault(&long.alerts[0], 0), None);
        // Alone, it is refused.
        let alone = AlertmanagerPayload {
            alerts: vec![long.alerts[1].clone()],
            ..long
        };
        let refused = validate(&alone).unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("alerts[0].fingerprint: 100000 characters"),
            "{text}"
        );
        assert!(text.contains("none of the delivery was stored"), "{text}");
    }

    #[test]
    fn a_huge_label_or_annotation_makes_a_target_and_summary_of_bounded_length() {
        let rules = AlertRule::defaults();
        let instance = format!("{}:9100", "n".repeat(300_000));
        let mut huge = alert(
            "firing",
            Some("h1"),
            &[("alertname", &"A".repeat(5_000)), ("instance", &instance)],
        );
        huge.annotations
            .insert("summary".to_owned(), "s".repeat(500_000));
        let (_, target, summary) = firing_parts(change(&huge, &rules, &mut Live::default(), NOW));
        assert_eq!(target.chars().count(), MAX_TARGET_CHARS);
        assert!(
            target.ends_with('…') && target.starts_with("nnn"),
            "{target}"
        );
        assert_eq!(summary.chars().count(), MAX_SUMMARY_CHARS);
        assert!(summary.ends_with('…'));
        // Within the bounds nothing changes.
        let (_, target, summary) = firing_parts(change(
            &alert(
                "firing",
                Some("h2"),
                &[("alertname", "A"), ("instance", "db:9100")],
            ),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        assert_eq!(
            (target.as_str(), summary.as_str()),
            ("db:9100", "A on db:9100")
        );
        assert_eq!(clip("é".repeat(3).as_str(), 2), "é…");
    }

    #[test]
    fn spaces_around_an_alerts_name_are_no_part_of_it() {
        let rules = AlertRule::defaults();
        for name in [" ContainerDown", "ContainerDown\t", "\u{a0}ContainerDown\n"] {
            let labels = labels(&[("alertname", name), ("container", "web")]);
            assert_eq!(
                rule_for(&rules, &labels).map(|(_, target)| target),
                Some("web".to_owned()),
                "{name:?}"
            );
        }
        // Another name is another alert, whatever its case.
        let labels = labels(&[("alertname", "containerdown"), ("container", "web")]);
        assert_eq!(rule_for(&rules, &labels), None);
    }

    #[test]
    fn a_label_with_an_empty_value_is_no_label() {
        let rules = AlertRule::defaults();
        // An empty instance names no target: the job does, as if the label were absent.
        let (_, target, _) = firing_parts(change(
            &alert(
                "firing",
                Some("f1"),
                &[
                    ("alertname", "HighLatency"),
                    ("instance", ""),
                    ("job", "node"),
                ],
            ),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        assert_eq!(target, "node");
        // Nor does a blank one (spaces, a tab), nor a blank alert name name the alert.
        let (_, target, summary) = firing_parts(change(
            &alert(
                "firing",
                Some("f3"),
                &[("alertname", " \t "), ("instance", "   "), ("job", "node")],
            ),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        assert_eq!(
            (target.as_str(), summary.as_str()),
            ("node", "alert on node")
        );
        // An empty alert name is no name.
        let (_, target, summary) = firing_parts(change(
            &alert(
                "firing",
                Some("f2"),
                &[("alertname", ""), ("instance", "db:9100")],
            ),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        assert_eq!(
            (target.as_str(), summary.as_str()),
            ("db:9100", "alert on db:9100")
        );
        // Without a fingerprint, the alert with an empty label is the alert without it, so its
        // resolution finds the incident the firing opened.
        let (with_empty, _, _) = firing_parts(change(
            &alert("firing", None, &[("alertname", "Down"), ("team", "")]),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        let (without, _, _) = firing_parts(change(
            &alert("firing", None, &[("alertname", "Down")]),
            &rules,
            &mut Live::default(),
            NOW,
        ));
        assert_eq!(with_empty, without);
        assert_eq!(
            change(
                &alert("resolved", Some(""), &[("alertname", "Down"), ("team", "")]),
                &rules,
                &mut Live::default(),
                NOW,
            ),
            AlertChange::Resolved {
                fingerprint: without,
                starts_at: episode_start("2026-11-21T10:00:00Z"),
                identity: Some(identity(&labels(&[("alertname", "Down")]))),
            }
        );
    }

    #[test]
    fn a_fingerprint_sent_again_with_other_labels_is_another_alert() {
        let rules = AlertRule::defaults();
        let mut live = Live::default();
        let web = [("alertname", "ContainerDown"), ("container", "web")];
        let db = [("alertname", "ContainerDown"), ("container", "db")];
        let fire = |pairs: &[(&str, &str)], live: &mut Live| {
            let change = change(&alert("firing", Some("f1"), pairs), &rules, live, NOW);
            let AlertChange::Firing {
                fingerprint,
                target,
                detected,
                ..
            } = change
            else {
                panic!("firing expected");
            };
            (fingerprint, target, detected)
        };
        let (first, target, detected) = fire(&web, &mut live);
        assert_eq!((first.as_str(), target.as_str()), ("alert:f1", "web"));
        assert!(!detected.contains("other labels"), "{detected}");
        // The same labels again: the same incident.
        assert_eq!(fire(&web, &mut live).0, "alert:f1");
        // The same fingerprint naming another container (a relabelled rule): its own incident,
        // its own target; the first keeps web.
        let (second, target, detected) = fire(&db, &mut live);
        assert!(
            second.starts_with("alert:f1~") && second != first,
            "{second}"
        );
        assert_eq!(target, "db");
        assert!(detected.contains("fingerprint f1 came before with other labels"));
        assert_eq!(fire(&db, &mut live).0, second);
        // Each resolution finds its own incident.
        let resolved = |pairs: &[(&str, &str)], live: &mut Live| match change(
            &alert("resolved", Some("f1"), pairs),
            &rules,
            live,
            NOW,
        ) {
            AlertChange::Resolved { fingerprint, .. } => fingerprint,
            AlertChange::Firing { .. } => panic!("resolved expected"),
        };
        assert_eq!(resolved(&db, &mut live), second);
        assert_eq!(resolved(&web, &mut live), first);
        // Once the first incident is closed, the relabelled alert still finds its own.
        live.by_key.remove(&first);
        live.by_identity.retain(|_, key| *key != first);
        assert_eq!(resolved(&db, &mut live), second);
        // Labels kept with an incident are read back as they were stored.
        assert_eq!(
            kept_labels(r#"{"labels":{"alertname":"Down","container":"web"},"annotations":{}}"#),
            labels(&[("alertname", "Down"), ("container", "web")])
        );
        assert_eq!(kept_labels("not json"), Labels::new());
    }

    #[test]
    fn the_same_alert_again_in_one_delivery_is_a_copy() {
        let rules = AlertRule::defaults();
        let web = [("alertname", "ContainerDown"), ("container", "web")];
        let db = [("alertname", "ContainerDown"), ("container", "db")];
        let mut live = Live::default();
        let mut newer = alert("firing", Some("w1"), &web);
        newer.starts_at = Some("2026-11-22T10:00:00Z".to_owned());
        let changes = once_each(
            [
                alert("firing", Some("w1"), &web),
                alert("firing", Some("d1"), &db),
                newer,
                // The same labels under another fingerprint: the same alert.
                alert("firing", Some("w2"), &web),
                alert("firing", Some("w1"), &web),
            ]
            .iter()
            .map(|a| change(a, &rules, &mut live, NOW)),
        );
        let keys: Vec<(String, Option<i64>)> = changes
            .iter()
            .map(|c| match c {
                AlertChange::Firing {
                    fingerprint,
                    starts_at,
                    ..
                } => (fingerprint.clone(), *starts_at),
                AlertChange::Resolved { .. } => panic!("firing expected"),
            })
            .collect();
        // One change per alert; the copy's newer episode is kept.
        assert_eq!(
            keys,
            vec![
                ("alert:w1".to_owned(), episode_start("2026-11-22T10:00:00Z")),
                ("alert:d1".to_owned(), episode_start("2026-11-21T10:00:00Z")),
            ]
        );
        // A change of status is kept in order; its copies are not.
        let changes = once_each(
            [
                alert("firing", Some("w1"), &web),
                alert("resolved", Some("w1"), &web),
                alert("resolved", Some("w1"), &web),
                alert("firing", Some("w1"), &web),
            ]
            .iter()
            .map(|a| change(a, &rules, &mut Live::default(), NOW)),
        );
        let kinds: Vec<bool> = changes
            .iter()
            .map(|c| matches!(c, AlertChange::Firing { .. }))
            .collect();
        assert_eq!(kinds, vec![true, false, true]);
    }

    #[test]
    fn a_blank_severity_is_none_and_another_spelling_of_its_key_counts() {
        let severity = |pairs: &[(&str, &str)]| severity_of(&labels(pairs)).map(str::to_owned);
        assert_eq!(
            severity(&[("severity", "  "), ("Severity", "critical")]).as_deref(),
            Some("critical")
        );
        assert_eq!(
            severity(&[("severity", "warning"), ("Severity", "critical")]).as_deref(),
            Some("warning")
        );
        assert_eq!(severity(&[("severity", "\t")]), None);
    }

    #[test]
    fn the_same_labels_under_another_fingerprint_find_the_live_incident() {
        let rules = AlertRule::defaults();
        let web = [("alertname", "ContainerDown"), ("container", "web")];
        let mut live = Live::default();
        let key = |fingerprint: Option<&str>, status: &str, live: &mut Live| match change(
            &alert(status, fingerprint, &web),
            &rules,
            live,
            NOW,
        ) {
            AlertChange::Firing { fingerprint, .. } | AlertChange::Resolved { fingerprint, .. } => {
                fingerprint
            }
        };
        assert_eq!(key(Some("a1"), "firing", &mut live), "alert:a1");
        assert_eq!(key(Some("a2"), "firing", &mut live), "alert:a1");
        assert_eq!(key(None, "resolved", &mut live), "alert:a1");
        // A blank fingerprint is none: the labels' own key, the live incident of those labels.
        assert_eq!(key(Some("  "), "resolved", &mut live), "alert:a1");
        let blank = key(Some(" \t"), "firing", &mut Live::default());
        assert_eq!(blank, key(None, "firing", &mut Live::default()));
        assert_ne!(blank, "alert: \t");
        // With no live incident, its own fingerprint (the identity finds an early resolution).
        assert_eq!(
            key(Some("a2"), "resolved", &mut Live::default()),
            "alert:a2"
        );
    }

    #[test]
    fn a_delivery_alertmanager_cut_says_how_many_alerts_it_left_out() {
        assert_eq!(truncation_note(None), None);
        assert_eq!(truncation_note(Some(0)), None);
        assert_eq!(
            truncation_note(Some(1)).as_deref(),
            Some(
                "Alertmanager left 1 more alert of this group out of the delivery \
                 (truncatedAlerts; its webhook max_alerts): they are not recorded here"
            )
        );
        assert!(truncation_note(Some(4000)).is_some_and(|n| n.contains("left 4000 more alerts")));
        let payload: AlertmanagerPayload = serde_json::from_value(serde_json::json!({
            "version": "4", "status": "firing", "truncatedAlerts": 7, "alerts": []
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(payload.truncated_alerts, Some(7));
    }

    #[test]
    fn a_firing_alert_whose_end_has_passed_is_resolved() {
        let rules = AlertRule::defaults();
        let pairs = [("alertname", "ContainerDown"), ("container", "web")];
        let at = |ends_at: &str| {
            let mut stale = alert("firing", Some("s1"), &pairs);
            stale.ends_at = Some(ends_at.to_owned());
            change(&stale, &rules, &mut Live::default(), NOW)
        };
        // Resent long after its end (past the allowance for skew and delivery).
        for ended in ["2026-12-03T09:44:59Z", "2026-12-02T10:00:00Z"] {
            assert_eq!(
                at(ended),
                AlertChange::Resolved {
                    fingerprint: "alert:s1".to_owned(),
                    starts_at: episode_start("2026-11-21T10:00:00Z"),
                    identity: Some(identity(&labels(&pairs))),
                },
                "{ended}"
            );
        }
        // An end still ahead (Prometheus's resend window), Go's zero time, or one past on
        // Warden's clock within the allowance (the sender's clock behind, `resolve_timeout`'s
        // end of a firing alert delivered late): its status says firing, and it is.
        for firing in [
            "2026-12-03T10:00:01Z",
            "0001-01-01T00:00:00Z",
            "2026-12-03T10:00:00Z",
            "2026-12-03T09:59:59Z",
            "2026-12-03T09:45:00Z",
        ] {
            assert!(matches!(at(firing), AlertChange::Firing { .. }), "{firing}");
        }
        let mut open_ended = alert("firing", Some("s1"), &pairs);
        open_ended.ends_at = None;
        assert!(!has_ended(&open_ended, NOW));
    }

    #[test]
    fn an_alerts_episode_is_known_by_its_start() {
        assert_eq!(
            episode_start("2026-11-21T10:00:00.123+01:00"),
            Some(1_795_251_600_123)
        );
        // Go's zero time, and what is not a time, say nothing of the episode.
        assert_eq!(episode_start("0001-01-01T00:00:00Z"), None);
        assert_eq!(episode_start("yesterday"), None);
    }

    #[test]
    fn labels_that_hold_a_nul_never_hash_as_other_labels() {
        let labels = |pairs: &[(&str, &str)]| -> Labels {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let split = labels(&[("alertname", "Down"), ("instance", "a"), ("job", "b")]);
        let joined = labels(&[("alertname", "Down"), ("instance", "a\0job\0b")]);
        assert_ne!(labels_hash(&split), labels_hash(&joined));
        assert_ne!(identity(&split), identity(&joined));
        // Labels as Prometheus writes them hash as they always did (no key changes).
        assert_eq!(labels_hash(&split), "ee4753067d14b48e");
        let nul_name = labels(&[("a\0b", "c")]);
        let nul_value = labels(&[("a", "b\0c")]);
        assert_ne!(labels_hash(&nul_name), labels_hash(&nul_value));
    }
}
