//! The audit log, hash-chained: each row's hash covers its own fields and the previous row's
//! hash, so editing or deleting a row breaks every hash after it. Appends are serialised (an
//! immediate transaction on SQLite, a table lock on PostgreSQL) so the chain never forks.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use warden_protocol::{AuditEvent, AuditOutcome, Risk, Route};

use crate::group_commit::{Write, Written};
use crate::pool::Backend;
use crate::row::{int, opt_text, text, word};
use crate::write_statements::{audit_statement, execute};
use crate::{Store, StoreError};

/// The hash the first row links to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry before it is chained. Its typed fields are stored (and hashed) as their wire
/// spelling; a risk or route that does not apply (an event that is not a tool call) as `''`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub at: i64,
    /// `user:NAME`, `api_key:ID` or `monitor`.
    pub actor: String,
    pub event: AuditEvent,
    pub tool: String,
    /// JSON with secrets redacted.
    pub arguments: String,
    pub risk: Option<Risk>,
    pub route: Option<Route>,
    pub approval_id: Option<String>,
    pub outcome: AuditOutcome,
    pub detail: String,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub entry: NewAuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the chain breaks and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

pub(crate) const COLUMNS: &str = "seq, at, actor, event, tool, arguments, risk, route, approval_id, outcome, detail, duration_ms, prev_hash, hash";

/// A risk or route column: `''` for an event that is not a tool call.
fn opt_column<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    if text(row, column)?.is_empty() {
        Ok(None)
    } else {
        word(row, column).map(Some)
    }
}

fn from_row(row: &AnyRow) -> Result<AuditRecord, sqlx::Error> {
    Ok(AuditRecord {
        seq: int(row, "seq")?,
        entry: NewAuditEntry {
            at: int(row, "at")?,
            actor: text(row, "actor")?,
            event: word(row, "event")?,
            tool: text(row, "tool")?,
            arguments: text(row, "arguments")?,
            risk: opt_column(row, "risk")?,
            route: opt_column(row, "route")?,
            approval_id: opt_text(row, "approval_id")?,
            outcome: word(row, "outcome")?,
            detail: text(row, "detail")?,
            duration_ms: int(row, "duration_ms")?,
        },
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

/// A row's hashed fields as stored, read as text: the chain is verified over the very bytes
/// that were hashed, whether or not this build knows every spelling in them.
struct StoredRow {
    seq: i64,
    at: i64,
    actor: String,
    event: String,
    tool: String,
    arguments: String,
    risk: String,
    route: String,
    approval_id: Option<String>,
    outcome: String,
    detail: String,
    duration_ms: i64,
    prev_hash: String,
    hash: String,
}

fn stored_from_row(row: &AnyRow) -> Result<StoredRow, sqlx::Error> {
    Ok(StoredRow {
        seq: int(row, "seq")?,
        at: int(row, "at")?,
        actor: text(row, "actor")?,
        event: text(row, "event")?,
        tool: text(row, "tool")?,
        arguments: text(row, "arguments")?,
        risk: text(row, "risk")?,
        route: text(row, "route")?,
        approval_id: opt_text(row, "approval_id")?,
        outcome: text(row, "outcome")?,
        detail: text(row, "detail")?,
        duration_ms: int(row, "duration_ms")?,
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

impl StoredRow {
    fn hash_again(&self, prev_hash: &str) -> String {
        hash_fields(
            prev_hash,
            self.seq,
            self.at,
            HashedText {
                actor: &self.actor,
                event: &self.event,
                tool: &self.tool,
                arguments: &self.arguments,
                risk: &self.risk,
                route: &self.route,
                approval_id: self.approval_id.as_deref(),
                outcome: &self.outcome,
                detail: &self.detail,
            },
            self.duration_ms,
        )
    }
}

/// The text fields of a row as hashed.
struct HashedText<'a> {
    actor: &'a str,
    event: &'a str,
    tool: &'a str,
    arguments: &'a str,
    risk: &'a str,
    route: &'a str,
    approval_id: Option<&'a str>,
    outcome: &'a str,
    detail: &'a str,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so no two different
/// rows can produce the same input. Typed fields are hashed as their wire spelling (`as_str`),
/// a missing risk or route as `''`: the bytes stored, and the bytes hashed before these fields
/// were typed, so chains written by any version verify.
pub fn audit_hash(prev_hash: &str, seq: i64, entry: &NewAuditEntry) -> String {
    hash_fields(
        prev_hash,
        seq,
        entry.at,
        HashedText {
            actor: &entry.actor,
            event: entry.event.as_str(),
            tool: &entry.tool,
            arguments: &entry.arguments,
            risk: entry.risk.map_or("", Risk::as_str),
            route: entry.route.map_or("", Route::as_str),
            approval_id: entry.approval_id.as_deref(),
            outcome: entry.outcome.as_str(),
            detail: &entry.detail,
        },
        entry.duration_ms,
    )
}

fn hash_fields(
    prev_hash: &str,
    seq: i64,
    at: i64,
    text: HashedText<'_>,
    duration_ms: i64,
) -> String {
    let mut hasher = Sha256::new();
    let seq = seq.to_string();
    let at = at.to_string();
    let duration = duration_ms.to_string();
    let fields: [&str; 14] = [
        prev_hash,
        &seq,
        &at,
        text.actor,
        text.event,
        text.tool,
        text.arguments,
        text.risk,
        text.route,
        text.approval_id.unwrap_or("\u{0}none"),
        text.outcome,
        text.detail,
        &duration,
        "v1",
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Filters for reading the log. Text filters are exact, except `actor`, which also matches the
/// actors below it (`monitor` matches `monitor:model`, `user` every `user:NAME`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub tool: Option<String>,
    pub actor: Option<String>,
    pub risk: Option<Risk>,
    pub outcome: Option<AuditOutcome>,
    /// Only rows at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Only rows at or before this time (Unix seconds).
    pub until: Option<i64>,
    /// Leave out the monitor's routine reads (see [`ROUTINE_READ`]).
    pub hide_routine: bool,
    /// Only rows with a sequence number below this (paging backwards).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

/// The monitor's routine reads: the probes every sweep makes (and the inspections its
/// verifications make), when they were low risk, ran and succeeded. An operator looking for what
/// happened rarely wants them; a probe that failed, anything the monitor changed (a restart is
/// never routine, even when a grant makes it low), and everything by anyone else stays.
pub const ROUTINE_READ: &str = "(actor = 'monitor' AND tool IN ('system_info', 'disk_usage', 'docker_ps', 'docker_inspect', \
     'process_list', 'ollama_ps', 'gpu_status', 'ssh_exec') AND risk = 'low' AND event IN ('decision', 'execution') \
     AND outcome IN ('run', 'ok'))";

/// `text` for a LIKE pattern, its wildcards escaped with a backslash (the queries say `ESCAPE`).
pub(crate) fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Appends one entry at the end of the chain; committed (with whatever else is queued)
    /// before it returns.
    pub async fn append_audit(&self, entry: &NewAuditEntry) -> Result<AuditRecord, StoreError> {
        match self.writer.write(Write::Audit(entry.clone())).await? {
            Written::Audit(record) => Ok(*record),
            Written::Row => Err(StoreError::NotFound("appended audit row")),
        }
    }

    /// Newest first.
    pub async fn list_audit(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        let routine = if query.hide_routine {
            format!("AND NOT {ROUTINE_READ}")
        } else {
            String::new()
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM audit_log \
             WHERE ($1 = '' OR tool = $1) AND ($2 = '' OR actor = $2 OR actor LIKE $3 ESCAPE '\\') \
             AND ($4 = '' OR risk = $4) AND ($5 = '' OR outcome = $5) AND at >= $6 AND at <= $7 \
             AND seq < $8 {routine} ORDER BY seq DESC LIMIT CAST($9 AS BIGINT)"
        )))
        .bind(query.tool.clone().unwrap_or_default())
        .bind(query.actor.clone().unwrap_or_default())
        .bind(format!(
            "{}:%",
            like_escaped(query.actor.as_deref().unwrap_or_default())
        ))
        .bind(query.risk.map_or("", Risk::as_str))
        .bind(query.outcome.map_or("", AuditOutcome::as_str))
        .bind(query.since.unwrap_or(i64::MIN))
        .bind(query.until.unwrap_or(i64::MAX))
        .bind(query.before_seq.unwrap_or(i64::MAX))
        .bind(query.limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Walks the whole chain in order, in pages: the number of rows when it holds, or the first
    /// row where it breaks (an edited row, a deleted one, a reordered one).
    pub async fn verify_audit(&self) -> Result<Result<i64, ChainBreak>, StoreError> {
        const PAGE: i64 = 1000;
        let (mut expected_seq, mut prev_hash, mut count) = (1i64, GENESIS_HASH.to_owned(), 0i64);
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT CAST($2 AS BIGINT)"
            )))
            .bind(expected_seq)
            .bind(PAGE)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
            if rows.is_empty() {
                return Ok(Ok(count));
            }
            for row in &rows {
                let record = stored_from_row(row)?;
                if record.seq != expected_seq {
                    return Ok(Err(ChainBreak {
                        seq: expected_seq,
                        reason: format!(
                            "row {expected_seq} is missing (the next row is {})",
                            record.seq
                        ),
                    }));
                }
                if record.prev_hash != prev_hash {
                    return Ok(Err(ChainBreak {
                        seq: record.seq,
                        reason: "its link to the previous row does not match that row's hash"
                            .to_owned(),
                    }));
                }
                if record.hash_again(&prev_hash) != record.hash {
                    return Ok(Err(ChainBreak {
                        seq: record.seq,
                        reason: "its contents do not match its hash (the row was edited)"
                            .to_owned(),
                    }));
                }
                prev_hash = record.hash;
                expected_seq += 1;
                count += 1;
            }
        }
    }
}

/// Appends `entry` inside the caller's write transaction. `chain_end` is the chain's last
/// `(seq, hash)` when this transaction already appended (None: read it from the table, after
/// taking PostgreSQL's table lock); it is advanced to the new row.
pub(crate) async fn append_audit_in(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
    entry: &NewAuditEntry,
    chain_end: &mut Option<(i64, String)>,
) -> Result<AuditRecord, StoreError> {
    let (seq, prev_hash) = match chain_end.take() {
        Some((seq, hash)) => (seq + 1, hash),
        None => {
            if backend == Backend::Postgres {
                sqlx::query("LOCK TABLE audit_log IN EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
            }
            let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
            match last {
                Some(row) => (int(&row, "seq")? + 1, text(&row, "hash")?),
                None => (1, GENESIS_HASH.to_owned()),
            }
        }
    };
    let (statement, record) = audit_statement(seq, prev_hash, entry);
    execute(tx, statement).await?;
    *chain_end = Some((record.seq, record.hash.clone()));
    Ok(record)
}
