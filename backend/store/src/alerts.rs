//! Alertmanager deliveries stored in one transaction: a group of thousands of alerts is one
//! commit, not thousands (the intake answers within Alertmanager's timeout), and two
//! Alertmanagers of an HA pair delivering the same group at once count occurrences of one
//! incident per alert (the partial unique index decides who opens it; the other counts).

use sqlx::Row;

use warden_protocol::{FindingKind, IncidentEventKind, IncidentState, Severity};

use crate::row::{int, text, word};
use crate::{Store, StoreError, new_id};

/// One alert of a delivery, as the intake wants it stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertChange {
    /// A firing alert: opens an incident (kind [`FindingKind::Alert`]) or counts an occurrence of the live one.
    Firing {
        fingerprint: String,
        target: String,
        severity: Severity,
        summary: String,
        /// The alert (labels and annotations) as JSON, kept with a new incident.
        alert: String,
        /// The `detected` timeline entry of a new incident.
        detected: String,
    },
    /// A resolved alert: resolves the live incident, if any.
    Resolved { fingerprint: String },
}

/// What storing one alert did, with the incident's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertOutcome {
    Opened(String),
    Repeated(String),
    Resolved(String),
    /// A resolved alert with no live incident.
    NoIncident,
}

type Tx = sqlx::AnyConnection;

async fn add_event(
    tx: &mut Tx,
    incident_id: &str,
    kind: IncidentEventKind,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let next = sqlx::query(
        "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incident_events WHERE incident_id = $1",
    )
    .bind(incident_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO incident_events (id, incident_id, at, seq, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(incident_id)
    .bind(now)
    .bind(int(&next, "next")?)
    .bind(kind.as_str())
    .bind(detail)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The live incident of a fingerprint: (id, severity).
async fn live(tx: &mut Tx, fingerprint: &str) -> Result<Option<(String, Severity)>, sqlx::Error> {
    sqlx::query("SELECT id, severity FROM incidents WHERE fingerprint = $1 AND closed_at IS NULL")
        .bind(fingerprint)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| Ok((text(&row, "id")?, word(&row, "severity")?)))
        .transpose()
}

async fn firing(tx: &mut Tx, change: &AlertChange, now: i64) -> Result<AlertOutcome, StoreError> {
    let AlertChange::Firing {
        fingerprint,
        target,
        severity,
        summary,
        alert,
        detected,
    } = change
    else {
        return Ok(AlertOutcome::NoIncident);
    };
    // Twice at most: an HA peer may open the incident between the look-up and the insert.
    for _ in 0..2 {
        if let Some((id, current)) = live(tx, fingerprint).await? {
            let stricter = current.max(*severity);
            sqlx::query(
                "UPDATE incidents SET occurrences = occurrences + 1, updated_at = $1, severity = $2, summary = $3 WHERE id = $4",
            )
            .bind(now)
            .bind(stricter.as_str())
            .bind(summary)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            return Ok(AlertOutcome::Repeated(id));
        }
        let inserted = sqlx::query(
            "INSERT INTO incidents (id, fingerprint, kind, target, severity, state, summary, occurrences, opened_at, updated_at, closed_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, 1, $7, $7, NULL) \
             ON CONFLICT (fingerprint) WHERE closed_at IS NULL DO NOTHING RETURNING id",
        )
        .bind(new_id())
        .bind(fingerprint)
        .bind(FindingKind::Alert.as_str())
        .bind(target)
        .bind(severity.as_str())
        .bind(summary)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = inserted {
            let id: String = row.try_get("id")?;
            sqlx::query("INSERT INTO incident_alerts (incident_id, alert) VALUES ($1, $2)")
                .bind(&id)
                .bind(alert)
                .execute(&mut *tx)
                .await?;
            add_event(tx, &id, IncidentEventKind::Detected, detected, now).await?;
            return Ok(AlertOutcome::Opened(id));
        }
    }
    Err(StoreError::Conflict("incident"))
}

impl Store {
    /// Stores a delivery's alerts, in order, in one transaction.
    pub async fn apply_alerts(
        &self,
        changes: &[AlertChange],
        now: i64,
    ) -> Result<Vec<AlertOutcome>, StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let mut outcomes = Vec::with_capacity(changes.len());
        for change in changes {
            let outcome = match change {
                AlertChange::Firing { .. } => firing(&mut tx, change, now).await?,
                AlertChange::Resolved { fingerprint } => match live(&mut tx, fingerprint).await? {
                    None => AlertOutcome::NoIncident,
                    Some((id, _)) => {
                        add_event(
                            &mut tx,
                            &id,
                            IncidentEventKind::Verification,
                            "Alertmanager reports the alert resolved",
                            now,
                        )
                        .await?;
                        sqlx::query(
                            "UPDATE incidents SET state = 'resolved', updated_at = $1, closed_at = $1 WHERE id = $2",
                        )
                        .bind(now)
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                        add_event(
                            &mut tx,
                            &id,
                            IncidentEventKind::Outcome,
                            IncidentState::Resolved.as_str(),
                            now,
                        )
                        .await?;
                        AlertOutcome::Resolved(id)
                    }
                },
            };
            outcomes.push(outcome);
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}
