//! Repair outcomes by incident fingerprint, and runbooks proposed from fixes that held: when the
//! same fix cleared the same kind of incident often enough, it is proposed to an operator, who
//! accepts it (the monitor then runs it like a shipped runbook) or rejects it.

use sqlx::any::AnyRow;

use warden_protocol::{FindingKind, RunbookState};

use crate::row::{int, opt_int, opt_text, text, word};
use crate::{Store, StoreError};

/// What one repair did and whether the finding cleared after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairOutcome {
    pub id: String,
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub incident_id: String,
    /// The hash of `steps`: the same fix has the same key whatever its target.
    pub fix_key: String,
    /// JSON `[{"tool", "arguments"}]`, the target written as `{target}`.
    pub steps: String,
    /// One line: the problem and what fixed it.
    pub summary: String,
    pub held: bool,
    pub at: i64,
}

/// A fix proposed as a runbook for a kind of incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookProposal {
    pub id: String,
    pub kind: FindingKind,
    pub fix_key: String,
    pub steps: String,
    pub summary: String,
    /// How many times the fix had held when it was proposed (or last counted).
    pub held_count: i64,
    pub state: RunbookState,
    pub proposed_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
}

fn outcome_from_row(row: &AnyRow) -> Result<RepairOutcome, sqlx::Error> {
    Ok(RepairOutcome {
        id: text(row, "id")?,
        fingerprint: text(row, "fingerprint")?,
        kind: word(row, "kind")?,
        target: text(row, "target")?,
        incident_id: text(row, "incident_id")?,
        fix_key: text(row, "fix_key")?,
        steps: text(row, "steps")?,
        summary: text(row, "summary")?,
        held: int(row, "held")? != 0,
        at: int(row, "at")?,
    })
}

fn proposal_from_row(row: &AnyRow) -> Result<RunbookProposal, sqlx::Error> {
    Ok(RunbookProposal {
        id: text(row, "id")?,
        kind: word(row, "kind")?,
        fix_key: text(row, "fix_key")?,
        steps: text(row, "steps")?,
        summary: text(row, "summary")?,
        held_count: int(row, "held_count")?,
        state: word(row, "state")?,
        proposed_at: int(row, "proposed_at")?,
        decided_by: opt_text(row, "decided_by")?,
        decided_at: opt_int(row, "decided_at")?,
        reason: opt_text(row, "reason")?,
    })
}

const OUTCOME_COLUMNS: &str =
    "id, fingerprint, kind, target, incident_id, fix_key, steps, summary, held, at";
const PROPOSAL_COLUMNS: &str = "id, kind, fix_key, steps, summary, held_count, state, proposed_at, decided_by, decided_at, reason";

impl Store {
    /// Records what a repair did (`id` is ignored: a fresh one is made).
    pub async fn record_repair_outcome(
        &self,
        outcome: &RepairOutcome,
    ) -> Result<RepairOutcome, StoreError> {
        let id = crate::new_id();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO repair_outcomes ({OUTCOME_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )))
        .bind(&id)
        .bind(&outcome.fingerprint)
        .bind(outcome.kind.as_str())
        .bind(&outcome.target)
        .bind(&outcome.incident_id)
        .bind(&outcome.fix_key)
        .bind(&outcome.steps)
        .bind(&outcome.summary)
        .bind(i64::from(outcome.held))
        .bind(outcome.at)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(RepairOutcome {
            id,
            ..outcome.clone()
        })
    }

    /// The latest outcomes for one incident fingerprint, newest first.
    pub async fn repair_outcomes_for(
        &self,
        fingerprint: &str,
        limit: i64,
    ) -> Result<Vec<RepairOutcome>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTCOME_COLUMNS} FROM repair_outcomes WHERE fingerprint = $1 ORDER BY at DESC, id DESC LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(fingerprint)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(outcome_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// The latest outcomes that held for a kind of incident, newest first.
    pub async fn held_repairs_of_kind(
        &self,
        kind: FindingKind,
        limit: i64,
    ) -> Result<Vec<RepairOutcome>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTCOME_COLUMNS} FROM repair_outcomes WHERE kind = $1 AND held = 1 ORDER BY at DESC, id DESC LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(kind.as_str())
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(outcome_from_row)
            .collect::<Result<_, _>>()?)
    }

    /// How often this fix held for this kind of incident, and how often it did not.
    pub async fn fix_record(
        &self,
        kind: FindingKind,
        fix_key: &str,
    ) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(held), 0) AS BIGINT) AS held, COUNT(*) AS total FROM repair_outcomes WHERE kind = $1 AND fix_key = $2",
        )
        .bind(kind.as_str())
        .bind(fix_key)
        .fetch_one(&mut *self.reads.acquire().await?)
        .await?;
        let held = int(&row, "held")?;
        Ok((held, int(&row, "total")? - held))
    }

    /// Proposes a fix as a runbook; an existing proposal for the same kind and fix (in any
    /// state) is returned as it is, its count brought up to date while still proposed.
    pub async fn propose_runbook(
        &self,
        proposal: &RunbookProposal,
    ) -> Result<(RunbookProposal, bool), StoreError> {
        let id = crate::new_id();
        let inserted = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO runbook_proposals ({PROPOSAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, NULL, NULL, NULL) \
             ON CONFLICT (kind, fix_key) DO NOTHING"
        )))
        .bind(&id)
        .bind(proposal.kind.as_str())
        .bind(&proposal.fix_key)
        .bind(&proposal.steps)
        .bind(&proposal.summary)
        .bind(proposal.held_count)
        .bind(proposal.proposed_at)
        .execute(&mut *self.writes.acquire().await?)
        .await?
        .rows_affected()
            > 0;
        if !inserted {
            sqlx::query(
                "UPDATE runbook_proposals SET held_count = $1 WHERE kind = $2 AND fix_key = $3 AND state = 'proposed'",
            )
            .bind(proposal.held_count)
            .bind(proposal.kind.as_str())
            .bind(&proposal.fix_key)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PROPOSAL_COLUMNS} FROM runbook_proposals WHERE kind = $1 AND fix_key = $2"
        )))
        .bind(proposal.kind.as_str())
        .bind(&proposal.fix_key)
        .fetch_one(&mut *self.reads.acquire().await?)
        .await?;
        Ok((proposal_from_row(&row)?, inserted))
    }

    /// Proposals, newest first; only those in `state` when given.
    pub async fn runbook_proposals(
        &self,
        state: Option<RunbookState>,
    ) -> Result<Vec<RunbookProposal>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PROPOSAL_COLUMNS} FROM runbook_proposals WHERE $1 = '' OR state = $1 ORDER BY proposed_at DESC, id DESC"
        )))
        .bind(state.map_or("", RunbookState::as_str))
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(proposal_from_row)
            .collect::<Result<_, _>>()?)
    }

    pub async fn runbook_proposal(&self, id: &str) -> Result<Option<RunbookProposal>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PROPOSAL_COLUMNS} FROM runbook_proposals WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(proposal_from_row).transpose()?)
    }

    /// Accepts or rejects a proposal still proposed; false when it is not (decided already, or
    /// absent).
    pub async fn decide_runbook(
        &self,
        id: &str,
        state: RunbookState,
        decided_by: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE runbook_proposals SET state = $1, decided_by = $2, decided_at = $3, reason = $4 \
             WHERE id = $5 AND state = 'proposed'",
        )
        .bind(state.as_str())
        .bind(decided_by)
        .bind(now)
        .bind(reason)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The accepted runbooks for a kind of incident, the most proven first.
    pub async fn accepted_runbooks(
        &self,
        kind: FindingKind,
    ) -> Result<Vec<RunbookProposal>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PROPOSAL_COLUMNS} FROM runbook_proposals WHERE kind = $1 AND state = 'accepted' \
             ORDER BY held_count DESC, decided_at DESC"
        )))
        .bind(kind.as_str())
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows
            .iter()
            .map(proposal_from_row)
            .collect::<Result<_, _>>()?)
    }
}
