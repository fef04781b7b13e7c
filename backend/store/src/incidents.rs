//! Incidents, their timelines, repairs counted against budgets, and the monitor's sweeps. An
//! incident is keyed by a deterministic fingerprint; while one is live (not closed), the same
//! fingerprint adds an occurrence instead of a second incident (a partial unique index enforces
//! it on both engines).

use sqlx::any::AnyRow;

use warden_protocol::{FindingKind, IncidentEventKind, IncidentState, Severity, SweepStatus};

use crate::row::{int, opt_int, text, word};
use crate::{Store, StoreError, new_id};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRecord {
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
    /// Set when resolved or failed; the fingerprint may then open a new incident.
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentEvent {
    pub at: i64,
    pub seq: i64,
    pub kind: IncidentEventKind,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub severity: Severity,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepRecord {
    pub id: String,
    pub at: i64,
    /// `interval`, `event`, `alert`, `manual`.
    pub trigger: String,
    pub status: SweepStatus,
    /// The readings as JSON.
    pub readings: String,
    pub duration_ms: i64,
}

pub(crate) const COLUMNS: &str = "id, fingerprint, kind, target, severity, state, summary, occurrences, opened_at, updated_at, closed_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<IncidentRecord, sqlx::Error> {
    Ok(IncidentRecord {
        id: text(row, "id")?,
        fingerprint: text(row, "fingerprint")?,
        kind: word(row, "kind")?,
        target: text(row, "target")?,
        severity: word(row, "severity")?,
        state: word(row, "state")?,
        summary: text(row, "summary")?,
        occurrences: int(row, "occurrences")?,
        opened_at: int(row, "opened_at")?,
        updated_at: int(row, "updated_at")?,
        closed_at: opt_int(row, "closed_at")?,
    })
}

fn sweep_from_row(row: &AnyRow) -> Result<SweepRecord, sqlx::Error> {
    Ok(SweepRecord {
        id: text(row, "id")?,
        at: int(row, "at")?,
        trigger: text(row, "trigger")?,
        status: word(row, "status")?,
        readings: text(row, "readings")?,
        duration_ms: int(row, "duration_ms")?,
    })
}

impl Store {
    /// Opens an incident for the fingerprint, or counts one more occurrence of the live one
    /// (keeping the stricter severity). True when a new incident was opened.
    pub async fn open_incident(
        &self,
        new: &NewIncident,
        now: i64,
    ) -> Result<(IncidentRecord, bool), StoreError> {
        // Two attempts: a concurrent opener may win the insert; then this one counts.
        for _ in 0..2 {
            if let Some(live) = self.live_incident(&new.fingerprint).await? {
                let severity = live.severity.max(new.severity);
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE incidents SET occurrences = occurrences + 1, updated_at = $1, severity = $2, summary = $3 \
                     WHERE id = $4 RETURNING {COLUMNS}"
                )))
                .bind(now)
                .bind(severity.as_str())
                .bind(&new.summary)
                .bind(&live.id)
                .fetch_one(&mut *self.writes.acquire().await?)
                .await?;
                return Ok((from_row(&row)?, false));
            }
            let inserted = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO incidents ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, 'open', $6, 1, $7, $7, NULL) RETURNING {COLUMNS}"
            )))
            .bind(new_id())
            .bind(&new.fingerprint)
            .bind(new.kind.as_str())
            .bind(&new.target)
            .bind(new.severity.as_str())
            .bind(&new.summary)
            .bind(now)
            .fetch_one(&mut *self.writes.acquire().await?)
            .await
            .map_err(|e| StoreError::unique_violation(e, "incident"));
            match inserted {
                Ok(row) => return Ok((from_row(&row)?, true)),
                Err(StoreError::Conflict(_)) => continue,
                Err(other) => return Err(other),
            }
        }
        Err(StoreError::Conflict("incident"))
    }

    pub async fn live_incident(
        &self,
        fingerprint: &str,
    ) -> Result<Option<IncidentRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE fingerprint = $1 AND closed_at IS NULL"
        )))
        .bind(fingerprint)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Live incidents (the monitor resolves those whose condition has cleared). One whose kind,
    /// state or severity this build cannot read (written by a newer build) is left out and
    /// logged: every sweep reads this list, and one such row must not blind the monitor.
    pub async fn live_incidents(&self) -> Result<Vec<IncidentRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE closed_at IS NULL ORDER BY opened_at"
        )))
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                from_row(row)
                    .map_err(|e| {
                        tracing::warn!(error = %e, "a live incident cannot be read; the monitor leaves it alone")
                    })
                    .ok()
            })
            .collect())
    }

    /// Moves an incident to `state`; resolved and failed close it.
    pub async fn set_incident_state(
        &self,
        id: &str,
        state: IncidentState,
        now: i64,
    ) -> Result<(), StoreError> {
        self.advance_incident(id, &[], state, now).await
    }

    /// Appends to an incident's timeline.
    pub async fn add_incident_event(
        &self,
        incident_id: &str,
        kind: IncidentEventKind,
        detail: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        append_event(&mut tx, incident_id, kind, detail, now)
            .await
            .map_err(|e| StoreError::unique_violation(e, "incident event"))?;
        tx.commit().await?;
        Ok(())
    }

    /// Appends `events` to an incident's timeline, in order, and moves it to `state`, in one
    /// transaction: a reader sees the entries that close an incident together with the state
    /// that closes it, never the state without its entries.
    pub async fn advance_incident(
        &self,
        incident_id: &str,
        events: &[(IncidentEventKind, &str)],
        state: IncidentState,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        for (kind, detail) in events {
            append_event(&mut tx, incident_id, *kind, detail, now)
                .await
                .map_err(|e| StoreError::unique_violation(e, "incident event"))?;
        }
        sqlx::query(
            "UPDATE incidents SET state = $1, updated_at = $2, \
             closed_at = CASE WHEN $3 = 1 THEN $2 ELSE closed_at END WHERE id = $4",
        )
        .bind(state.as_str())
        .bind(now)
        .bind(i64::from(state.is_closed()))
        .bind(incident_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn incident(
        &self,
        id: &str,
    ) -> Result<Option<(IncidentRecord, Vec<IncidentEvent>)>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let events = sqlx::query(
            "SELECT at, seq, kind, detail FROM incident_events WHERE incident_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?
        .iter()
        .map(|r| {
            Ok(IncidentEvent {
                at: int(r, "at")?,
                seq: int(r, "seq")?,
                kind: word(r, "kind")?,
                detail: text(r, "detail")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
        Ok(Some((from_row(&row)?, events)))
    }

    /// Newest first; `state` filters when given.
    pub async fn list_incidents(
        &self,
        state: Option<IncidentState>,
        limit: i64,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE ($1 = '' OR state = $1) ORDER BY updated_at DESC, id LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(state.map_or("", IncidentState::as_str))
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Incidents with this fingerprint opened at or after `since`, newest first, at most
    /// `limit` (a target's history, to tell when it flaps).
    pub async fn incidents_with_fingerprint(
        &self,
        fingerprint: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE fingerprint = $1 AND opened_at >= $2 \
             ORDER BY opened_at DESC, id DESC LIMIT CAST($3 AS BIGINT)"
        )))
        .bind(fingerprint)
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Live incidents opened from an alert, oldest first, each with its alert (JSON).
    pub async fn live_alert_incidents(&self) -> Result<Vec<(IncidentRecord, String)>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS}, a.alert FROM incidents i JOIN incident_alerts a ON a.incident_id = i.id \
             WHERE i.closed_at IS NULL ORDER BY i.opened_at, i.id"
        )))
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(|row| Ok((from_row(row)?, text(row, "alert")?)))
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// When the episode an alert incident fires for began (`startsAt`, milliseconds since the
    /// epoch), when the alert said.
    pub async fn alert_episode_start(&self, incident_id: &str) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT starts_at FROM incident_alerts WHERE incident_id = $1")
            .bind(incident_id)
            .fetch_optional(&mut *self.reads.acquire().await?)
            .await?;
        Ok(match row {
            Some(row) => opt_int(&row, "starts_at")?,
            None => None,
        })
    }

    pub async fn record_repair(
        &self,
        target: &str,
        incident_id: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO repairs (id, target, incident_id, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(target)
            .bind(incident_id)
            .bind(now)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    /// Moves a live incident to another fingerprint and target (a container renamed: its
    /// incidents follow it). False when it is closed or gone; a conflict when another live
    /// incident holds that fingerprint already.
    pub async fn retarget_incident(
        &self,
        id: &str,
        fingerprint: &str,
        target: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE incidents SET fingerprint = $1, target = $2, updated_at = $3 \
             WHERE id = $4 AND closed_at IS NULL",
        )
        .bind(fingerprint)
        .bind(target)
        .bind(now)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "incident"))?;
        Ok(done.rows_affected() > 0)
    }

    /// Counts the repairs of `from` as repairs of `to` (a container renamed keeps its budget).
    pub async fn retarget_repairs(&self, from: &str, to: &str) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE repairs SET target = $1 WHERE target = $2")
            .bind(to)
            .bind(from)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(done.rows_affected())
    }

    /// Repairs of `target` since `since`, and the time of the latest.
    pub async fn repairs_since(
        &self,
        target: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(at) AS last FROM repairs WHERE target = $1 AND at >= $2",
        )
        .bind(target)
        .bind(since)
        .fetch_one(&mut *self.reads.acquire().await?)
        .await?;
        Ok((int(&row, "n")?, opt_int(&row, "last")?))
    }

    pub async fn record_sweep(&self, sweep: &SweepRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO monitor_sweeps (id, at, trigger, status, readings, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&sweep.id)
        .bind(sweep.at)
        .bind(&sweep.trigger)
        .bind(sweep.status.as_str())
        .bind(&sweep.readings)
        .bind(sweep.duration_ms)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    /// Sweeps since `since`, oldest first, at most `limit`.
    pub async fn sweeps_since(
        &self,
        since: i64,
        limit: i64,
    ) -> Result<Vec<SweepRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, trigger, status, readings, duration_ms FROM monitor_sweeps WHERE at >= $1 ORDER BY at, id LIMIT CAST($2 AS BIGINT)",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(sweep_from_row).collect::<Result<_, _>>()?)
    }

    /// The latest sweep, if any.
    pub async fn latest_sweep(&self) -> Result<Option<SweepRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, at, trigger, status, readings, duration_ms FROM monitor_sweeps ORDER BY at DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(sweep_from_row).transpose()?)
    }

    /// Drops sweeps older than `before` (history is bounded).
    pub async fn prune_sweeps(&self, before: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM monitor_sweeps WHERE at < $1")
            .bind(before)
            .execute(&mut *self.writes.acquire().await?)
            .await?
            .rows_affected())
    }
}

/// One timeline entry, numbered after the incident's last, inside the caller's transaction.
pub(crate) async fn append_event(
    connection: &mut sqlx::AnyConnection,
    incident_id: &str,
    kind: IncidentEventKind,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let next = sqlx::query(
        "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incident_events WHERE incident_id = $1",
    )
    .bind(incident_id)
    .fetch_one(&mut *connection)
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
    .execute(&mut *connection)
    .await?;
    Ok(())
}
