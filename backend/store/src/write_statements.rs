//! The statements the group-commit writer runs for its writes, and how several of them go to
//! SQLite in one round trip.
//!
//! sqlx runs a SQLite connection on a thread of its own: every statement is a message to that
//! thread and an answer back, two thread wake-ups, and costs more than the insert itself. A
//! query may hold several statements (each its own parameters, numbered across the query, as a
//! run's beginning does), so a batch of inserts becomes one query: a script. The driver answers
//! each statement of a script with its own result, which tells how far a failed script got: the
//! statements answered were done, the next one failed, and none after it ran. (Not `RETURNING`:
//! SQLite runs a statement with `RETURNING` through an ephemeral table, which cost more than the
//! round trips saved.)

use futures_util::TryStreamExt;
use sqlx::AnyConnection;

use crate::audit::{AuditRecord, NewAuditEntry, audit_hash};
use crate::group_commit::{ChainEnd, Write, Written};
use crate::tokens::bigint;
use warden_protocol::{Risk, Route};

/// A run event: `$1` run, `$2` sequence, `$3` JSON, `$4` Unix seconds.
pub(crate) const INSERT_RUN_EVENT: &str =
    "INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, $2, $3, $4)";

/// One model call's tokens: `$1` id, `$2` run, `$3` user, `$4` API key, `$5` model, `$6`
/// prompt tokens, `$7` completion tokens, `$8` estimated (0 or 1), `$9` Unix seconds.
pub(crate) const INSERT_TOKENS: &str = "INSERT INTO token_usage (id, run_id, user_id, api_key_id, model, prompt_tokens, completion_tokens, estimated, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// The model a run uses: `$1` model, `$2` run.
pub(crate) const SET_RUN_MODEL: &str = "UPDATE runs SET model = $1 WHERE id = $2";

/// An audit row, its columns in the order of `audit::COLUMNS`.
pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit_log (seq, at, actor, event, tool, arguments, risk, route, approval_id, outcome, detail, duration_ms, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

/// The most statements in one script. Each distinct sequence of statements is a query of its
/// own to SQLite (prepared, then kept in the connection's statement cache of 100), so scripts
/// stay short and their shapes few; a longer batch runs several inside its transaction.
pub(crate) const SCRIPT_MAX: usize = 8;

/// One statement's parameter.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
}

/// One statement with its parameters, numbered from `$1`.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub sql: &'static str,
    pub params: Vec<Param>,
}

/// Whether `write` is one statement: an audit row is one only when the chain's end is known;
/// otherwise it reads the end first, which must happen under the write lock of a transaction.
pub(crate) fn is_one_statement(write: &Write, chain_end: &ChainEnd) -> bool {
    match write {
        Write::RunEvent { .. } | Write::Tokens { .. } | Write::RunModel { .. } => true,
        Write::Audit(_) => chain_end.is_some(),
    }
}

/// `write` as its statement and what it will have written once the statement succeeds. An
/// audit row continues `chain_end` (which must be known: [`is_one_statement`]) and advances it.
pub(crate) fn statement(write: &Write, chain_end: &mut ChainEnd) -> Option<(Statement, Written)> {
    Some(match write {
        Write::RunEvent {
            run_id,
            seq,
            event,
            at,
        } => (
            Statement {
                sql: INSERT_RUN_EVENT,
                params: vec![
                    Param::Text(run_id.clone()),
                    Param::Int(*seq),
                    Param::Text(event.clone()),
                    Param::Int(*at),
                ],
            },
            Written::Row,
        ),
        Write::Tokens { usage, at } => (
            Statement {
                sql: INSERT_TOKENS,
                params: vec![
                    Param::Text(crate::new_id()),
                    Param::MaybeText(usage.run_id.clone()),
                    Param::MaybeText(usage.user_id.clone()),
                    Param::MaybeText(usage.api_key_id.clone()),
                    Param::Text(usage.model.clone()),
                    Param::Int(bigint(usage.prompt_tokens)),
                    Param::Int(bigint(usage.completion_tokens)),
                    Param::Int(i64::from(usage.estimated)),
                    Param::Int(*at),
                ],
            },
            Written::Row,
        ),
        Write::RunModel { run_id, model } => (
            Statement {
                sql: SET_RUN_MODEL,
                params: vec![Param::Text(model.clone()), Param::Text(run_id.clone())],
            },
            Written::Row,
        ),
        Write::Audit(entry) => {
            let (last_seq, prev_hash) = chain_end.take()?;
            let (statement, record) = audit_statement(last_seq + 1, prev_hash, entry);
            *chain_end = Some((record.seq, record.hash.clone()));
            (statement, Written::Audit(Box::new(record)))
        }
    })
}

/// The audit row `entry` at `seq`, linked to `prev_hash`, and the record it makes.
pub(crate) fn audit_statement(
    seq: i64,
    prev_hash: String,
    entry: &NewAuditEntry,
) -> (Statement, AuditRecord) {
    let hash = audit_hash(&prev_hash, seq, entry);
    let statement = Statement {
        sql: INSERT_AUDIT,
        params: vec![
            Param::Int(seq),
            Param::Int(entry.at),
            Param::Text(entry.actor.clone()),
            Param::Text(entry.event.as_str().to_owned()),
            Param::Text(entry.tool.clone()),
            Param::Text(entry.arguments.clone()),
            Param::Text(entry.risk.map_or("", Risk::as_str).to_owned()),
            Param::Text(entry.route.map_or("", Route::as_str).to_owned()),
            Param::MaybeText(entry.approval_id.clone()),
            Param::Text(entry.outcome.as_str().to_owned()),
            Param::Text(entry.detail.clone()),
            Param::Int(entry.duration_ms),
            Param::Text(prev_hash.clone()),
            Param::Text(hash.clone()),
        ],
    };
    let record = AuditRecord {
        seq,
        entry: entry.clone(),
        prev_hash,
        hash,
    };
    (statement, record)
}

/// Runs one statement alone.
pub(crate) async fn execute(
    connection: &mut AnyConnection,
    statement: Statement,
) -> Result<(), sqlx::Error> {
    let mut query = sqlx::query(statement.sql);
    for param in statement.params {
        query = match param {
            Param::Text(value) => query.bind(value),
            Param::MaybeText(value) => query.bind(value),
            Param::Int(value) => query.bind(value),
        };
    }
    query.execute(connection).await.map(|_| ())
}

/// How far a script got before it failed: `done` statements were done, the next one failed
/// with `error`, and none after it ran.
#[derive(Debug)]
pub(crate) struct Stopped {
    pub done: usize,
    pub error: sqlx::Error,
}

/// Runs `statements` as one query (SQLite only; see the module's documentation). Outside a
/// transaction each statement commits on its own, so the ones before a failure stay done.
pub(crate) async fn run_script(
    connection: &mut AnyConnection,
    statements: Vec<Statement>,
) -> Result<(), Stopped> {
    let count = statements.len();
    let (sql, params) = script(statements);
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for param in params {
        query = match param {
            Param::Text(value) => query.bind(value),
            Param::MaybeText(value) => query.bind(value),
            Param::Int(value) => query.bind(value),
        };
    }
    // sqlx deprecates several statements in one prepared query because only SQLite runs them;
    // this runs on SQLite alone, where the driver answers each statement with its own result.
    #[allow(deprecated)]
    let mut results = query.execute_many(connection).await;
    let mut done = 0;
    loop {
        match results.try_next().await {
            Ok(Some(_)) => done += 1,
            Ok(None) => return Ok(()),
            Err(error) => return Err(Stopped { done, error }),
        }
        if done > count {
            return Err(Stopped {
                done: count,
                error: sqlx::Error::Protocol(format!(
                    "a script of {count} statements answered {done} times"
                )),
            });
        }
    }
}

/// The text of `statements` as one query, and their parameters in order (each statement's `$n`
/// renumbered after the statements before it).
fn script(statements: Vec<Statement>) -> (String, Vec<Param>) {
    let mut sql = String::new();
    let mut params = Vec::new();
    for (place, statement) in statements.into_iter().enumerate() {
        if place > 0 {
            sql.push_str("; ");
        }
        renumber_into(&mut sql, statement.sql, params.len());
        params.extend(statement.params);
    }
    (sql, params)
}

/// Appends `sql` to `out` with every `$n` parameter raised by `offset`. The statements here
/// hold no string literals, so every `$` followed by digits is a parameter.
fn renumber_into(out: &mut String, sql: &str, offset: usize) {
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_numbers_each_statements_parameters_after_the_ones_before() {
        let one = Statement {
            sql: SET_RUN_MODEL,
            params: vec![Param::Text("m".into()), Param::Text("r".into())],
        };
        let (sql, params) = script(vec![one.clone(), one]);
        assert_eq!(
            sql,
            "UPDATE runs SET model = $1 WHERE id = $2; UPDATE runs SET model = $3 WHERE id = $4"
        );
        assert_eq!(params.len(), 4);
        let mut out = String::new();
        renumber_into(&mut out, "VALUES ($9, $10, $1)", 10);
        assert_eq!(out, "VALUES ($19, $20, $11)");
    }

    #[test]
    fn the_audit_insert_names_the_tables_columns_in_order() {
        let columns = INSERT_AUDIT
            .split_once('(')
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(columns, _)| columns);
        assert_eq!(columns, Some(crate::audit::COLUMNS));
    }
}
