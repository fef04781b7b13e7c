//! Approvals: persisted so they survive a restart, decided at most once (the update only touches
//! a pending row that has not expired), and executed at most once (an execution is claimed by an
//! update that only succeeds while nobody has claimed it).

use std::collections::HashMap;

use sqlx::any::AnyRow;

use warden_protocol::{ApprovalStatus, Execution, Risk};

use crate::row::{int, opt_int, opt_text, opt_word, text, word};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRecord {
    pub id: String,
    pub tool: String,
    /// The arguments as JSON text, exactly as they will run.
    pub arguments: String,
    pub arguments_hash: String,
    pub risk: Risk,
    pub rule: String,
    pub justification: String,
    /// The requesting actor as JSON.
    pub actor: String,
    pub scopes: String,
    pub run_id: Option<String>,
    pub call_id: Option<String>,
    pub status: ApprovalStatus,
    pub created_at: i64,
    pub expires_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
    /// None until claimed.
    pub execution: Option<Execution>,
    /// What the execution produced, as JSON.
    pub outcome: Option<String>,
    pub executed_at: Option<i64>,
    /// The user who set the call in motion on the requester's behalf (an administrator who
    /// started another user's task), when that is someone else; the four-eyes rule keeps them
    /// from approving it too.
    pub started_by: Option<String>,
}

const COLUMNS: &str = "id, tool, arguments, arguments_hash, risk, rule, justification, actor, scopes, run_id, call_id, status, created_at, expires_at, decided_by, decided_at, reason, execution, outcome, executed_at, started_by";

fn from_row(row: &AnyRow) -> Result<ApprovalRecord, sqlx::Error> {
    Ok(ApprovalRecord {
        id: text(row, "id")?,
        tool: text(row, "tool")?,
        arguments: text(row, "arguments")?,
        arguments_hash: text(row, "arguments_hash")?,
        risk: word(row, "risk")?,
        rule: text(row, "rule")?,
        justification: text(row, "justification")?,
        actor: text(row, "actor")?,
        scopes: text(row, "scopes")?,
        run_id: opt_text(row, "run_id")?,
        call_id: opt_text(row, "call_id")?,
        status: word(row, "status")?,
        created_at: int(row, "created_at")?,
        expires_at: int(row, "expires_at")?,
        decided_by: opt_text(row, "decided_by")?,
        decided_at: opt_int(row, "decided_at")?,
        reason: opt_text(row, "reason")?,
        execution: opt_word(row, "execution")?,
        outcome: opt_text(row, "outcome")?,
        executed_at: opt_int(row, "executed_at")?,
        started_by: opt_text(row, "started_by")?,
    })
}

/// Where an approval came from (see [`Store::approval_links`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApprovalLinks {
    pub conversation_id: Option<String>,
    pub incident_id: Option<String>,
}

/// Why a decision did not take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideRefusal {
    NotFound,
    /// Decided already (or expired, or withdrawn): the current record.
    Settled(Box<ApprovalRecord>),
    /// Still pending, but its time is up: the current record. The store does not expire it
    /// here; the caller expires it through the guard's one expiry path, which audits and
    /// announces every expiry.
    Expired(Box<ApprovalRecord>),
}

/// The user who asked for an approval, from its actor JSON: the user, or the owner of the API
/// key; `None` for the monitor (and for an actor that cannot be read).
pub fn requester_of(actor: &str) -> Option<String> {
    let actor: serde_json::Value = serde_json::from_str(actor).ok()?;
    match actor.get("kind")?.as_str()? {
        "user" | "api_key" => actor.get("user_id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

impl Store {
    pub async fn create_approval(&self, approval: &ApprovalRecord) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO approvals ({COLUMNS}, requester_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)"
        )))
        .bind(&approval.id)
        .bind(&approval.tool)
        .bind(&approval.arguments)
        .bind(&approval.arguments_hash)
        .bind(approval.risk.as_str())
        .bind(&approval.rule)
        .bind(&approval.justification)
        .bind(&approval.actor)
        .bind(&approval.scopes)
        .bind(&approval.run_id)
        .bind(&approval.call_id)
        .bind(approval.status.as_str())
        .bind(approval.created_at)
        .bind(approval.expires_at)
        .bind(&approval.decided_by)
        .bind(approval.decided_at)
        .bind(&approval.reason)
        .bind(approval.execution.map(Execution::as_str))
        .bind(&approval.outcome)
        .bind(approval.executed_at)
        .bind(&approval.started_by)
        .bind(requester_of(&approval.actor).unwrap_or_default())
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "approval"))?;
        Ok(())
    }

    pub async fn get_approval(&self, id: &str) -> Result<Option<ApprovalRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM approvals WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Newest first; `status` filters when given.
    pub async fn list_approvals(
        &self,
        status: Option<ApprovalStatus>,
        limit: i64,
    ) -> Result<Vec<ApprovalRecord>, StoreError> {
        let rows = match status {
            Some(status) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM approvals WHERE status = $1 ORDER BY created_at DESC, id LIMIT CAST($2 AS BIGINT)"
                )))
                .bind(status.as_str())
                .bind(limit)
                .fetch_all(&mut *self.reads.acquire().await?)
                .await?
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM approvals ORDER BY created_at DESC, id LIMIT CAST($1 AS BIGINT)"
                )))
                .bind(limit)
                .fetch_all(&mut *self.reads.acquire().await?)
                .await?
            }
        };
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Newest first, only those `requester` (a user id) asked for, themselves or through one
    /// of their API keys; `status` filters when given.
    pub async fn list_approvals_requested_by(
        &self,
        requester: &str,
        status: Option<ApprovalStatus>,
        limit: i64,
    ) -> Result<Vec<ApprovalRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM approvals WHERE requester_id = $1 AND ($2 = '' OR status = $2) \
             ORDER BY created_at DESC, id LIMIT CAST($3 AS BIGINT)"
        )))
        .bind(requester)
        .bind(status.map_or("", ApprovalStatus::as_str))
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Settles a pending, unexpired approval as `status` (approved or denied). Only the first
    /// decision takes; a later one gets the settled record back, and one past the approval's
    /// time gets [`DecideRefusal::Expired`] (the approval is left for the guard to expire).
    pub async fn decide_approval(
        &self,
        id: &str,
        status: ApprovalStatus,
        decided_by: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<Result<ApprovalRecord, DecideRefusal>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3, reason = $4 \
             WHERE id = $5 AND status = 'pending' AND expires_at > $3 RETURNING {COLUMNS}"
        )))
        .bind(status.as_str())
        .bind(decided_by)
        .bind(now)
        .bind(reason)
        .bind(id)
        .fetch_optional(&mut *self.writes.acquire().await?)
        .await?;
        if let Some(row) = row {
            return Ok(Ok(from_row(&row)?));
        }
        // Not decidable: settled already, or still pending with its time up (the update's
        // condition refused it).
        Ok(Err(match self.get_approval(id).await? {
            Some(record) if record.status == ApprovalStatus::Pending => {
                DecideRefusal::Expired(Box::new(record))
            }
            Some(record) => DecideRefusal::Settled(Box::new(record)),
            None => DecideRefusal::NotFound,
        }))
    }

    /// Marks pending approvals whose time is up as expired, returning them. The guard's sweep
    /// (`Guard::sweep_expired`) is the one caller: it audits and announces each one returned.
    pub async fn expire_approvals(&self, now: i64) -> Result<Vec<ApprovalRecord>, StoreError> {
        self.settle_pending("expired", "expires_at <= $1", now, None)
            .await
    }

    /// Withdraws one pending approval (its run was cancelled or ended).
    pub async fn withdraw_approval(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Option<ApprovalRecord>, StoreError> {
        Ok(self
            .settle_pending("withdrawn", "id = $2", now, Some(id))
            .await?
            .pop())
    }

    /// Withdraws every approval of a run that has not run: pending ones, and approved ones whose
    /// execution nobody has claimed (a claim and a withdrawal exclude each other). Returns them.
    pub async fn withdraw_run_approvals(
        &self,
        run_id: &str,
        now: i64,
    ) -> Result<Vec<ApprovalRecord>, StoreError> {
        self.withdraw_unrun("run_id = $2", run_id, None, now).await
    }

    /// Withdraws one approval that has not run (pending, or approved and unclaimed).
    pub async fn withdraw_unrun_approval(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Option<ApprovalRecord>, StoreError> {
        Ok(self.withdraw_unrun("id = $2", id, None, now).await?.pop())
    }

    /// As [`Self::withdraw_unrun_approval`], keeping `reason` as the approval's reason.
    pub async fn withdraw_unrun_approval_because(
        &self,
        id: &str,
        reason: &str,
        now: i64,
    ) -> Result<Option<ApprovalRecord>, StoreError> {
        Ok(self
            .withdraw_unrun("id = $2", id, Some(reason), now)
            .await?
            .pop())
    }

    async fn withdraw_unrun(
        &self,
        condition: &str,
        value: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<Vec<ApprovalRecord>, StoreError> {
        let sql = format!(
            "UPDATE approvals SET status = 'withdrawn', decided_at = $1, reason = COALESCE($3, reason) \
             WHERE {condition} AND (status = 'pending' OR (status = 'approved' AND execution IS NULL)) \
             RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(value)
            .bind(reason)
            .fetch_all(&mut *self.writes.acquire().await?)
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Where each of `ids` came from, for those that have a place: the conversation of the run
    /// that asked, and the incident whose repair asked (at most 1,000 ids are read).
    pub async fn approval_links(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, ApprovalLinks>, StoreError> {
        let ids = &ids[..ids.len().min(1000)];
        let mut links: HashMap<String, ApprovalLinks> = HashMap::new();
        if ids.is_empty() {
            return Ok(links);
        }
        let list: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let list = list.join(", ");
        let mut runs = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT a.id AS id, r.conversation_id AS conversation_id FROM approvals a JOIN runs r ON r.id = a.run_id WHERE a.id IN ({list})"
        )));
        let mut incidents = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT detail AS id, incident_id FROM incident_events WHERE kind = 'approval' AND detail IN ({list})"
        )));
        for id in ids {
            runs = runs.bind(id);
            incidents = incidents.bind(id);
        }
        for row in runs.fetch_all(&mut *self.reads.acquire().await?).await? {
            links.entry(text(&row, "id")?).or_default().conversation_id =
                Some(text(&row, "conversation_id")?);
        }
        for row in incidents
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?
        {
            links.entry(text(&row, "id")?).or_default().incident_id =
                Some(text(&row, "incident_id")?);
        }
        Ok(links)
    }

    /// A run's approvals, oldest first.
    pub async fn approvals_of_run(&self, run_id: &str) -> Result<Vec<ApprovalRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM approvals WHERE run_id = $1 ORDER BY created_at, id"
        )))
        .bind(run_id)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    async fn settle_pending(
        &self,
        status: &str,
        condition: &str,
        now: i64,
        id: Option<&str>,
    ) -> Result<Vec<ApprovalRecord>, StoreError> {
        let sql = format!(
            "UPDATE approvals SET status = '{status}', decided_at = $1 \
             WHERE status = 'pending' AND {condition} RETURNING {COLUMNS}"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now);
        if let Some(id) = id {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&mut *self.writes.acquire().await?).await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Claims an approved approval's execution; true for exactly one caller.
    pub async fn claim_approval_execution(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE approvals SET execution = 'running', executed_at = $1 \
             WHERE id = $2 AND status = 'approved' AND execution IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn finish_approval_execution(
        &self,
        id: &str,
        outcome: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE approvals SET execution = 'done', outcome = $1 WHERE id = $2")
            .bind(outcome)
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    /// Approved approvals nobody has claimed yet (their run is gone, or they came from REST).
    pub async fn unclaimed_approved(&self) -> Result<Vec<ApprovalRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM approvals WHERE status = 'approved' AND execution IS NULL ORDER BY decided_at"
        )))
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// At start-up: executions that were running when the server stopped are not run again.
    pub async fn interrupt_running_executions(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE approvals SET execution = 'interrupted' WHERE execution = 'running'",
        )
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(done.rows_affected())
    }
}
