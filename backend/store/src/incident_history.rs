//! Incidents read by people: the history filtered by time, state and severity; how often each
//! target's incidents opened in that time (a flapping target shows as many); who acknowledged
//! an incident; and a target's spent repair budget forgotten when a human asks for a retry.

use std::collections::HashMap;

use warden_protocol::{FindingKind, IncidentEventKind, IncidentState, Severity};

use crate::incidents::{COLUMNS, from_row};
use crate::row::{int, text, word};
use crate::{IncidentRecord, Store, StoreError};

/// Filters for [`Store::incident_history`]. An incident is in the time range when it was live at
/// some moment of it: opened before its end, and not closed before its start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentQuery {
    pub state: Option<IncidentState>,
    pub severity: Option<Severity>,
    /// Unix seconds.
    pub since: Option<i64>,
    /// Unix seconds.
    pub until: Option<i64>,
    pub limit: i64,
}

/// How many incidents one fingerprint (one kind of fault on one target) opened in a time range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCount {
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub incidents: i64,
    pub last_opened_at: i64,
}

/// The latest acknowledgement of an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The actor as the audit log names it (`user:NAME`).
    pub by: String,
    pub at: i64,
}

/// The timeline kind of an acknowledgement; its detail is who acknowledged.
pub const ACKNOWLEDGED: IncidentEventKind = IncidentEventKind::Acknowledged;

impl Store {
    /// Incidents live at some moment of the range, most recently updated first.
    pub async fn incident_history(
        &self,
        query: &IncidentQuery,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM incidents WHERE ($1 = '' OR state = $1) AND ($2 = '' OR severity = $2) \
             AND opened_at <= $3 AND (closed_at IS NULL OR closed_at >= $4) \
             ORDER BY updated_at DESC, id LIMIT CAST($5 AS BIGINT)"
        )))
        .bind(query.state.map_or("", IncidentState::as_str))
        .bind(query.severity.map_or("", Severity::as_str))
        .bind(query.until.unwrap_or(i64::MAX))
        .bind(query.since.unwrap_or(i64::MIN))
        .bind(query.limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Incidents opened per fingerprint within the range, the most first (at most `limit`).
    pub async fn incident_counts(
        &self,
        since: Option<i64>,
        until: Option<i64>,
        limit: i64,
    ) -> Result<Vec<TargetCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT fingerprint, MAX(kind) AS kind, MAX(target) AS target, COUNT(*) AS n, MAX(opened_at) AS last \
             FROM incidents WHERE opened_at >= $1 AND opened_at <= $2 \
             GROUP BY fingerprint ORDER BY n DESC, last DESC, fingerprint LIMIT CAST($3 AS BIGINT)",
        )
        .bind(since.unwrap_or(i64::MIN))
        .bind(until.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(|row| {
                Ok(TargetCount {
                    fingerprint: text(row, "fingerprint")?,
                    kind: word(row, "kind")?,
                    target: text(row, "target")?,
                    incidents: int(row, "n")?,
                    last_opened_at: int(row, "last")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// The latest acknowledgement of each of `ids` that has one (at most 1,000 ids are read).
    pub async fn acknowledgements(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, Acknowledgement>, StoreError> {
        let ids = &ids[..ids.len().min(1000)];
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT incident_id, detail, at FROM incident_events WHERE kind = $1 AND incident_id IN ({}) ORDER BY seq",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ACKNOWLEDGED.as_str());
        for id in ids {
            query = query.bind(id);
        }
        let mut found = HashMap::new();
        for row in query.fetch_all(&mut *self.reads.acquire().await?).await? {
            // Ordered by seq: the latest acknowledgement of an incident wins.
            found.insert(
                text(&row, "incident_id")?,
                Acknowledgement {
                    by: text(&row, "detail")?,
                    at: int(&row, "at")?,
                },
            );
        }
        Ok(found)
    }

    /// Forgets the repairs counted against `target`'s budget (a human asked for another try);
    /// the number forgotten.
    pub async fn forget_repairs(&self, target: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM repairs WHERE target = $1")
            .bind(target)
            .execute(&mut *self.writes.acquire().await?)
            .await?
            .rows_affected())
    }
}
