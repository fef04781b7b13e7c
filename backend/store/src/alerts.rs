//! Alertmanager deliveries stored in one transaction: a group of thousands of alerts is one
//! commit, not thousands (the intake answers within Alertmanager's timeout), and two
//! Alertmanagers of an HA pair delivering the same group at once count occurrences of one
//! incident per alert (the partial unique index decides who opens it; the other counts).
//! Deliveries can also arrive out of order: an alert's episode is known by its start
//! (`startsAt`), so the resolution of an episode older than the one its incident now fires for
//! is late and changes nothing, and so is the firing of an episode already resolved, whether
//! its incident was closed or its resolution came first, with no incident to close (such
//! resolutions are remembered, at most [`EARLY_RESOLUTIONS_KEPT`], by fingerprint and by the
//! alert's identity, the digest of its labels; a resolution that closed an incident is
//! remembered by that identity too, so a late firing of the same labels under another
//! fingerprint is matched). A resolution that does not say its episode's start ended every
//! episode begun by the time it was received; a firing that does not say its start, received
//! within [`UNDATED_FIRING_LATE_SECS`] after a resolution that came first, is that resolved
//! episode's late firing.

use sqlx::Row;

use warden_protocol::{FindingKind, IncidentEventKind, IncidentState, Severity};

use crate::incidents::append_event;
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
        /// The episode's start (`startsAt`, milliseconds since the epoch), when the alert said.
        starts_at: Option<i64>,
        /// The alert's identity (the digest of its labels, from which Alertmanager computes the
        /// fingerprint): a resolution remembered under it ended this alert too.
        identity: Option<String>,
    },
    /// A resolved alert: resolves the live incident, if any.
    Resolved {
        fingerprint: String,
        /// The start of the episode that ended, when the alert said.
        starts_at: Option<i64>,
        /// The alert's identity, as for a firing alert.
        identity: Option<String>,
    },
}

/// What storing one alert did, with the incident's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertOutcome {
    Opened(String),
    Repeated(String),
    Resolved(String),
    /// A resolved alert with no live incident (the episode it ended, when it said, is
    /// remembered: its firing, delivered late, opens nothing).
    NoIncident,
    /// The resolution of an episode older than the one the live incident fires for, delivered
    /// late: the incident stays open. Or the firing of an episode already resolved, delivered
    /// late: no incident opens.
    Late,
}

type Tx = sqlx::AnyConnection;

/// Resolutions that came before any firing (no incident to close) remembered at most; the
/// oldest are forgotten first. Five deliveries of the most alerts one may carry.
pub const EARLY_RESOLUTIONS_KEPT: i64 = 10_000;

/// How far ahead of the server's clock an alert's `startsAt` may be (Alertmanager's clock is
/// another machine's), in milliseconds.
const CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// Remembers that the episode of `fingerprint` (and of `identity`) begun at `starts_at` (or an
/// earlier one) ended, when no incident was there to close.
async fn remember_resolution(
    tx: &mut Tx,
    fingerprint: &str,
    identity: Option<&str>,
    starts_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO early_alert_resolutions (fingerprint, starts_at, resolved_at, identity) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (fingerprint) DO UPDATE SET \
         starts_at = CASE WHEN excluded.starts_at > early_alert_resolutions.starts_at \
         THEN excluded.starts_at ELSE early_alert_resolutions.starts_at END, \
         resolved_at = excluded.resolved_at, \
         identity = COALESCE(excluded.identity, early_alert_resolutions.identity)",
    )
    .bind(fingerprint)
    .bind(starts_at)
    .bind(now)
    .bind(identity)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Forgets the oldest early resolutions beyond [`EARLY_RESOLUTIONS_KEPT`].
async fn bound_resolutions(tx: &mut Tx) -> Result<(), sqlx::Error> {
    let count = sqlx::query("SELECT COUNT(*) AS n FROM early_alert_resolutions")
        .fetch_one(&mut *tx)
        .await?;
    let excess = int(&count, "n")?.saturating_sub(EARLY_RESOLUTIONS_KEPT);
    if excess > 0 {
        sqlx::query(
            "DELETE FROM early_alert_resolutions WHERE fingerprint IN (SELECT fingerprint \
             FROM early_alert_resolutions ORDER BY resolved_at, fingerprint LIMIT CAST($1 AS BIGINT))",
        )
        .bind(excess)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The live incident of a fingerprint: (id, severity, the newest episode it fired for).
async fn live(
    tx: &mut Tx,
    fingerprint: &str,
) -> Result<Option<(String, Severity, Option<i64>)>, sqlx::Error> {
    sqlx::query(
        "SELECT i.id, i.severity, a.starts_at FROM incidents i \
         LEFT JOIN incident_alerts a ON a.incident_id = i.id \
         WHERE i.fingerprint = $1 AND i.closed_at IS NULL",
    )
    .bind(fingerprint)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| {
        Ok((
            text(&row, "id")?,
            word(&row, "severity")?,
            row.try_get::<Option<i64>, _>("starts_at")?,
        ))
    })
    .transpose()
}

/// Whether Alertmanager resolved the episode of `fingerprint` begun at `starts_at` or a later
/// one: an incident that fired for it was resolved, or its resolution came first (remembered
/// under the fingerprint or under the alert's `identity`).
async fn resolved_episode(
    tx: &mut Tx,
    fingerprint: &str,
    identity: Option<&str>,
    starts_at: i64,
) -> Result<bool, sqlx::Error> {
    let closed = sqlx::query(
        "SELECT 1 AS one FROM incidents i JOIN incident_alerts a ON a.incident_id = i.id \
         WHERE i.fingerprint = $1 AND i.closed_at IS NOT NULL AND i.state = 'resolved' \
         AND a.starts_at IS NOT NULL AND a.starts_at >= $2 LIMIT 1",
    )
    .bind(fingerprint)
    .bind(starts_at)
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if closed {
        return Ok(true);
    }
    // Or its resolution came before any firing, under this fingerprint or another one of the
    // same labels.
    Ok(sqlx::query(
        "SELECT 1 AS one FROM early_alert_resolutions WHERE starts_at >= $2 \
         AND (fingerprint = $1 OR identity = $3) LIMIT 1",
    )
    .bind(fingerprint)
    .bind(starts_at)
    .bind(identity)
    .fetch_optional(&mut *tx)
    .await?
    .is_some())
}

/// The key prefix of a resolution remembered because it closed an incident (found by the
/// alert's identity only; the early resolutions, which closed nothing, are keyed by the
/// fingerprint alone).
const CLOSED_PREFIX: &str = "closed~";

/// How long after a resolution of an alert a firing of it that does not say its start
/// (`startsAt`) is taken for a late copy of the episode that ended, in seconds: two of
/// Alertmanager's default group intervals.
pub const UNDATED_FIRING_LATE_SECS: i64 = 10 * 60;

/// Whether a resolution of `fingerprint` (or of the alert's `identity`) that came before any
/// firing (no incident to close: its firing is still to come, late) was received within
/// [`UNDATED_FIRING_LATE_SECS`] before `now` (Unix seconds). One that closed an incident is
/// not: that episode's firing came already, and a firing after it is a new episode.
async fn resolved_lately(
    tx: &mut Tx,
    fingerprint: &str,
    identity: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM early_alert_resolutions WHERE resolved_at >= $2 \
         AND (fingerprint = $1 OR identity = $3) AND fingerprint NOT LIKE $4 LIMIT 1",
    )
    .bind(fingerprint)
    .bind(now.saturating_sub(UNDATED_FIRING_LATE_SECS))
    .bind(identity)
    .bind(format!("{CLOSED_PREFIX}%"))
    .fetch_optional(&mut *tx)
    .await?
    .is_some())
}

async fn firing(tx: &mut Tx, change: &AlertChange, now: i64) -> Result<AlertOutcome, StoreError> {
    let AlertChange::Firing {
        fingerprint,
        target,
        severity,
        summary,
        alert,
        detected,
        starts_at,
        identity,
    } = change
    else {
        return Ok(AlertOutcome::NoIncident);
    };
    // Twice at most: an HA peer may open the incident between the look-up and the insert.
    for _ in 0..2 {
        if let Some((id, current, _)) = live(tx, fingerprint).await? {
            if let Some(starts_at) = starts_at {
                sqlx::query(
                    "UPDATE incident_alerts SET starts_at = $1 WHERE incident_id = $2 \
                     AND (starts_at IS NULL OR starts_at < $1)",
                )
                .bind(starts_at)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            }
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
        // The firing of an episode whose resolution came already (an HA peer behind the other,
        // a retried delivery): that episode is over, and reopening it would repair what is fine.
        // A firing that does not say its start is taken for the episode a resolution received
        // shortly before ended (a copy delivered late); past that, for a new one.
        let late = match starts_at {
            Some(starts_at) => {
                resolved_episode(tx, fingerprint, identity.as_deref(), *starts_at).await?
            }
            None => resolved_lately(tx, fingerprint, identity.as_deref(), now).await?,
        };
        if late {
            return Ok(AlertOutcome::Late);
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
            sqlx::query(
                "INSERT INTO incident_alerts (incident_id, alert, starts_at) VALUES ($1, $2, $3)",
            )
            .bind(&id)
            .bind(alert)
            .bind(*starts_at)
            .execute(&mut *tx)
            .await?;
            append_event(tx, &id, IncidentEventKind::Detected, detected, now).await?;
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
        let mut remembered = false;
        for change in changes {
            let outcome = match change {
                AlertChange::Firing { .. } => firing(&mut tx, change, now).await?,
                AlertChange::Resolved {
                    fingerprint,
                    starts_at,
                    identity,
                } => match live(&mut tx, fingerprint).await? {
                    // The end of an episode before the one the incident fires for.
                    Some((_, _, Some(live_start)))
                        if starts_at.is_some_and(|ended| ended < live_start) =>
                    {
                        AlertOutcome::Late
                    }
                    None => {
                        // Its firing may still come, late: it opens nothing then. Without its
                        // start, the episode that ended is any begun by now (a later one has a
                        // later start). No episode that ended had begun after now: a start
                        // ahead of that (beyond the clocks' skew) would hold every later
                        // firing of the alert for late.
                        let received = now.saturating_mul(1000);
                        let ended =
                            starts_at.map_or(received, |start| start.min(received + CLOCK_SKEW_MS));
                        remember_resolution(&mut tx, fingerprint, identity.as_deref(), ended, now)
                            .await?;
                        remembered = true;
                        AlertOutcome::NoIncident
                    }
                    Some((id, _, live_start)) => {
                        // Remembered by the alert's identity: a late firing of the episode that
                        // ended, under another fingerprint of the same labels, is matched too
                        // (the closed incident is found by its own fingerprint).
                        if let Some(identity) = identity {
                            let received = now.saturating_mul(1000);
                            let ended = starts_at
                                .or(live_start)
                                .map_or(received, |start| start.min(received + CLOCK_SKEW_MS));
                            remember_resolution(
                                &mut tx,
                                &format!("{CLOSED_PREFIX}{fingerprint}"),
                                Some(identity),
                                ended,
                                now,
                            )
                            .await?;
                            remembered = true;
                        }
                        append_event(
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
                        append_event(
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
        if remembered {
            bound_resolutions(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}
