//! Calls the hub sent to fleet agents: recorded before they are queued (so a hub that restarts
//! while a call waits in an agent's queue still knows it), and completed once with the agent's
//! result, whichever of the waiting caller or the hub's pass over pending calls reads it first.

use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::{Store, StoreError};

/// A call about to be queued for an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFleetCall {
    /// The call's id, as it travels on NATS (`warden.fleet.results.HOST.ID`).
    pub id: String,
    pub host: String,
    pub tool: String,
    /// Who asked, as the audit log names them (`user:alice`, `monitor`).
    pub requested_by: String,
    /// Unix seconds.
    pub sent_at: i64,
    /// Unix seconds after which the agent refuses to run it.
    pub expires_at: i64,
}

/// A call sent to an agent, with its result once stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetCallRecord {
    pub id: String,
    pub host: String,
    pub tool: String,
    pub requested_by: String,
    pub sent_at: i64,
    pub expires_at: i64,
    /// The agent's result as JSON; None while the call waits.
    pub result_json: Option<String>,
    /// Unix seconds the result was stored.
    pub finished_at: Option<i64>,
}

/// The columns every read selects, in [`record`]'s order.
macro_rules! columns {
    () => {
        "id, host, tool, requested_by, sent_at, expires_at, result_json, finished_at"
    };
}

fn record(row: &AnyRow) -> Result<FleetCallRecord, sqlx::Error> {
    Ok(FleetCallRecord {
        id: text(row, "id")?,
        host: text(row, "host")?,
        tool: text(row, "tool")?,
        requested_by: text(row, "requested_by")?,
        sent_at: int(row, "sent_at")?,
        expires_at: int(row, "expires_at")?,
        result_json: opt_text(row, "result_json")?,
        finished_at: opt_int(row, "finished_at")?,
    })
}

impl Store {
    /// Records a call before it is queued.
    pub async fn record_fleet_call(&self, call: &NewFleetCall) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO fleet_calls (id, host, tool, requested_by, sent_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&call.id)
        .bind(&call.host)
        .bind(&call.tool)
        .bind(&call.requested_by)
        .bind(call.sent_at)
        .bind(call.expires_at)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    /// Stores a call's result unless one is stored already; true when this call stored it (a
    /// result is stored exactly once, whoever reads it first).
    pub async fn finish_fleet_call(
        &self,
        id: &str,
        result_json: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE fleet_calls SET result_json = $1, finished_at = $2 \
             WHERE id = $3 AND result_json IS NULL",
        )
        .bind(result_json)
        .bind(now)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One call of `host`, if recorded.
    pub async fn fleet_call(
        &self,
        host: &str,
        id: &str,
    ) -> Result<Option<FleetCallRecord>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM fleet_calls WHERE host = $1 AND id = $2"
        ))
        .bind(host)
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// The newest `limit` calls sent to `host`, newest first.
    pub async fn fleet_calls(
        &self,
        host: &str,
        limit: i64,
    ) -> Result<Vec<FleetCallRecord>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM fleet_calls WHERE host = $1 ORDER BY sent_at DESC, id DESC LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(host)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// Up to `limit` calls still without a result, sent after `since` (older ones can no longer
    /// be answered), oldest first.
    pub async fn pending_fleet_calls(
        &self,
        since: i64,
        limit: i64,
    ) -> Result<Vec<FleetCallRecord>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM fleet_calls WHERE result_json IS NULL AND sent_at >= $1 ORDER BY sent_at, id LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }
}
