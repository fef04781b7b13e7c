//! Automation's records: each run of a task (scheduled, on demand or from a webhook), stored
//! when it starts and completed when it ends, and the webhook deliveries already accepted (a
//! delivery id is accepted once: the unique key refuses a replay, also across restarts).

use sqlx::any::AnyRow;

use warden_protocol::TaskOutcome;

use crate::row::{int, opt_int, text, word};
use crate::{Store, StoreError, new_id};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRunRecord {
    pub id: String,
    pub task: String,
    /// `schedule`, `manual:ACTOR` or `hook:NAME`.
    pub trigger: String,
    /// The user the task ran as.
    pub owner: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub outcome: TaskOutcome,
    pub detail: String,
}

const RUN_COLUMNS: &str = "id, task, trigger, owner, started_at, finished_at, outcome, detail";

fn run_from_row(row: &AnyRow) -> Result<TaskRunRecord, sqlx::Error> {
    Ok(TaskRunRecord {
        id: text(row, "id")?,
        task: text(row, "task")?,
        trigger: text(row, "trigger")?,
        owner: text(row, "owner")?,
        started_at: int(row, "started_at")?,
        finished_at: opt_int(row, "finished_at")?,
        outcome: word(row, "outcome")?,
        detail: text(row, "detail")?,
    })
}

impl Store {
    /// Records a run as started (`running`), before it does anything.
    pub async fn start_task_run(
        &self,
        task: &str,
        trigger: &str,
        owner: &str,
        now: i64,
    ) -> Result<TaskRunRecord, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO task_runs ({RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, NULL, 'running', '') RETURNING {RUN_COLUMNS}"
        )))
        .bind(new_id())
        .bind(task)
        .bind(trigger)
        .bind(owner)
        .bind(now)
        .fetch_one(&mut *self.writes.acquire().await?)
        .await?;
        Ok(run_from_row(&row)?)
    }

    /// Records how a run ended.
    pub async fn finish_task_run(
        &self,
        id: &str,
        outcome: TaskOutcome,
        detail: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE task_runs SET outcome = $1, detail = $2, finished_at = $3 WHERE id = $4",
        )
        .bind(outcome.as_str())
        .bind(detail)
        .bind(now)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("task run"));
        }
        Ok(())
    }

    /// Says what a run in flight is doing (a step waiting for approval).
    pub async fn note_task_run(&self, id: &str, detail: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE task_runs SET detail = $1 WHERE id = $2 AND outcome = 'running'")
            .bind(detail)
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    /// A task's latest runs, newest first.
    pub async fn task_runs(
        &self,
        task: &str,
        limit: i64,
    ) -> Result<Vec<TaskRunRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RUN_COLUMNS} FROM task_runs WHERE task = $1 ORDER BY started_at DESC, id DESC LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(task)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(run_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn task_run(&self, id: &str) -> Result<Option<TaskRunRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RUN_COLUMNS} FROM task_runs WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(run_from_row).transpose()?)
    }

    /// Runs a stopped server left `running` end as `interrupted`; how many there were.
    pub async fn interrupt_task_runs(&self, now: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE task_runs SET outcome = 'interrupted', finished_at = $1, \
             detail = 'the server stopped during the run' WHERE outcome = 'running'",
        )
        .bind(now)
        .execute(&mut *self.writes.acquire().await?)
        .await?
        .rows_affected())
    }

    /// Records a webhook delivery; `Conflict` when this hook accepted the same id before.
    pub async fn record_hook_delivery(
        &self,
        hook: &str,
        delivery_id: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO hook_deliveries (hook, delivery_id, received_at) VALUES ($1, $2, $3)",
        )
        .bind(hook)
        .bind(delivery_id)
        .bind(now)
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "hook delivery"))?;
        Ok(())
    }
}
