//! Group commit for the writes every run step makes: its events, its model calls' token usage and
//! the audit rows of its tool calls. Each of those used to be a transaction of its own, and every
//! writer queued for the one write lock (SQLite sleeps in its busy handler while another
//! connection writes). Now one writer task takes whatever has queued while the previous commit ran
//! and writes it in one transaction; each caller's future resolves only after the transaction
//! that holds its row has committed, so "stored, then answered" is unchanged.
//!
//! A caller may hand over several writes at once (a run's events with the token usage and model
//! that came before them): they are written in order, in the same commit, and the caller learns
//! which one failed, if any; the ones after it are not attempted.
//!
//! When any statement of a batch fails (a duplicate event, a full disk), the batch is rolled back
//! and each write is retried alone, so each caller gets its own outcome and one bad row never
//! fails its neighbours.
//!
//! On SQLite, writes that are one statement each go to the connection's thread together, as one
//! query ([`crate::write_statements`]): a small batch without a transaction (each statement
//! commits on its own; after a failure the ones before it stay done and the rest are retried
//! alone), a larger one in scripts inside its transaction.
//!
//! On SQLite the writer also remembers where the audit chain ends after each commit, so appending
//! an audit row is one `INSERT` instead of `BEGIN`, a read of the chain's end, the `INSERT` and
//! `COMMIT`. That memory is only a guess about the table: `seq` is its primary key, so if anyone
//! else appended since (another process on the same file), the `INSERT` fails on the duplicate
//! `seq`, the guess is dropped and the write is retried reading the table. PostgreSQL keeps
//! reading the end under its table lock.

use tokio::sync::{mpsc, oneshot};

use crate::audit::{AuditRecord, NewAuditEntry, append_audit_in};
use crate::pool::{Backend, begin_write_in};
use crate::tokens::NewTokenUsage;
use crate::write_connection::Writes;
use crate::write_statements::{
    SCRIPT_MAX, Statement, Stopped, execute, is_one_statement, run_script, statement,
};
use crate::{StoreError, Unavailable};

/// The most jobs one transaction takes; more wait for the next one.
const MAX_BATCH: usize = 256;
/// Jobs waiting for the writer; a caller beyond this waits to queue (backpressure).
const QUEUE: usize = 4096;

/// One write the writer task performs.
#[derive(Debug, Clone)]
pub(crate) enum Write {
    RunEvent {
        run_id: String,
        seq: i64,
        event: String,
        at: i64,
    },
    Tokens {
        usage: NewTokenUsage,
        at: i64,
    },
    /// The model a run uses.
    RunModel {
        run_id: String,
        model: String,
    },
    Audit(NewAuditEntry),
}

/// The audit chain's last `(seq, hash)` as the writer last committed it; None: read it from the
/// table.
pub(crate) type ChainEnd = Option<(i64, String)>;

/// What a committed write produced.
#[derive(Debug)]
pub(crate) enum Written {
    Row,
    Audit(Box<AuditRecord>),
}

/// The first of a job's writes that failed: its index in the job and why. The writes before it
/// were committed; the ones after it were not attempted.
#[derive(Debug)]
pub(crate) struct Failed {
    pub index: usize,
    pub error: StoreError,
}

/// What a job's writes came to.
pub(crate) type JobOutcome = Result<Vec<Written>, Failed>;

struct Job {
    writes: Vec<Write>,
    reply: oneshot::Sender<JobOutcome>,
}

/// The handle to the writer task; cheap to clone. When the task is gone (its runtime ended), a
/// write runs alone on the caller's task instead.
#[derive(Clone)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
    writes: Writes,
    backend: Backend,
}

impl Writer {
    /// Starts the writer task on the current Tokio runtime; it ends when every handle is dropped.
    pub(crate) fn start(writes: Writes, backend: Backend) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run_writer(queue, writes.clone(), backend));
        Self {
            jobs,
            writes,
            backend,
        }
    }

    /// Performs `write` in the next group transaction and answers once it has committed.
    pub(crate) async fn write(&self, write: Write) -> Result<Written, StoreError> {
        let mut written = self
            .write_all(vec![write])
            .await
            .map_err(|failed| failed.error)?;
        written.pop().ok_or(StoreError::NotFound("written row"))
    }

    /// Performs `writes` in order in the next group transaction and answers once they have
    /// committed, or with the first that failed.
    pub(crate) async fn write_all(&self, writes: Vec<Write>) -> JobOutcome {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            writes: writes.clone(),
            reply,
        };
        if self.jobs.send(job).await.is_err() {
            // The writer task is gone (the runtime that started it shut down) and never saw
            // these writes: they run alone on the caller's task.
            return write_job_alone(&self.writes, self.backend, writes).await;
        }
        // The writer took the job but stopped before answering (its runtime shut down): it
        // may or may not have committed, so it is not retried (a retry could append twice).
        answer.await.unwrap_or_else(|_| {
            Err(Failed {
                index: 0,
                error: StoreError::Unavailable {
                    cause: Unavailable::Closed,
                    detail: "the store's writer stopped before confirming the write".to_owned(),
                },
            })
        })
    }
}

async fn run_writer(mut queue: mpsc::Receiver<Job>, writes: Writes, backend: Backend) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // Remembered between commits on SQLite only (see the module's documentation).
    let mut remembered: ChainEnd = None;
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        let batch_writes: Vec<Write> = jobs.iter().flat_map(|job| job.writes.clone()).collect();
        let mut chain_end = match backend {
            Backend::Sqlite => remembered.take(),
            Backend::Postgres => None,
        };
        match write_batch(&writes, backend, &batch_writes, &mut chain_end).await {
            Ok(written) => {
                remembered = chain_end;
                let mut written = written.into_iter();
                for job in jobs {
                    let mine = written.by_ref().take(job.writes.len()).collect();
                    // A caller that stopped waiting still had its rows committed.
                    let _ = job.reply.send(Ok(mine));
                }
            }
            Err(stopped) => {
                if batch_writes.len() > 1 {
                    tracing::debug!(error = %stopped.error, writes = batch_writes.len(), done = stopped.done, "a group commit failed; retrying its writes one by one");
                }
                retry_alone(&writes, backend, jobs, stopped.done, stopped.written).await;
            }
        }
    }
}

/// After a batch stopped with its first `done` writes committed (and `written` their outcomes):
/// the rest one by one, each reading the audit chain's end from the table (the remembered end
/// may be what failed: someone else appended). A job whose write fails gets that failure, and
/// its later writes are not attempted.
async fn retry_alone(
    writes: &Writes,
    backend: Backend,
    jobs: Vec<Job>,
    done: usize,
    written: Vec<Written>,
) {
    let mut committed = written.into_iter();
    let mut position = 0;
    for job in jobs {
        let mut outcome: Vec<Written> = Vec::with_capacity(job.writes.len());
        let mut failed = None;
        for (index, write) in job.writes.into_iter().enumerate() {
            let place = position;
            position += 1;
            if place < done {
                if let Some(row) = committed.next() {
                    outcome.push(row);
                }
                continue;
            }
            if failed.is_some() {
                continue;
            }
            match write_alone(writes, backend, write).await {
                Ok(row) => outcome.push(row),
                Err(error) => failed = Some(Failed { index, error }),
            }
        }
        let _ = job.reply.send(match failed {
            Some(failed) => Err(failed),
            None => Ok(outcome),
        });
    }
}

/// How far a batch got: its first `done` writes are committed (`written`, their outcomes; only
/// a script outside a transaction leaves any), the rest are not.
struct BatchStopped {
    done: usize,
    written: Vec<Written>,
    error: StoreError,
}

impl From<StoreError> for BatchStopped {
    fn from(error: StoreError) -> Self {
        BatchStopped {
            done: 0,
            written: Vec::new(),
            error,
        }
    }
}

impl From<sqlx::Error> for BatchStopped {
    fn from(error: sqlx::Error) -> Self {
        StoreError::from(error).into()
    }
}

/// All `writes` in order; the audit chain continues from row to row, from `chain_end` when it
/// is known. On success `chain_end` is where the chain now ends; after an error it means
/// nothing.
async fn write_batch(
    target: &Writes,
    backend: Backend,
    writes: &[Write],
    chain_end: &mut ChainEnd,
) -> Result<Vec<Written>, BatchStopped> {
    let mut connection = target.acquire().await?;
    if let [single] = writes
        && is_one_statement(single, chain_end)
    {
        // A single statement commits atomically on its own: without `BEGIN` and `COMMIT` it
        // costs one round trip to the database instead of three. This is the common case of a
        // run whose writes are not concurrent with anyone else's.
        return Ok(vec![
            apply(&mut connection, backend, single, chain_end).await?,
        ]);
    }
    if backend == Backend::Sqlite
        && writes.len() <= SCRIPT_MAX
        && all_one_statement(writes, chain_end)
    {
        // One round trip, each statement committing on its own (see the module's
        // documentation): what was done before a failure stays done.
        let (statements, written) = statements(writes, chain_end);
        return match run_script(&mut connection, statements).await {
            Ok(()) => Ok(written),
            Err(Stopped { done, error }) => Err(BatchStopped {
                done,
                written: written.into_iter().take(done).collect(),
                error: error.into(),
            }),
        };
    }
    let mut tx = begin_write_in(&mut connection, backend).await?;
    let mut written = Vec::with_capacity(writes.len());
    let mut next = 0;
    while next < writes.len() {
        let run = match backend {
            Backend::Sqlite => one_statement_run(&writes[next..], chain_end),
            Backend::Postgres => 0,
        };
        if run > 1 {
            let (statements, rows) = statements(&writes[next..next + run], chain_end);
            run_script(&mut tx, statements)
                .await
                .map_err(|stopped| BatchStopped::from(stopped.error))?;
            written.extend(rows);
            next += run;
        } else {
            written.push(apply(&mut tx, backend, &writes[next], chain_end).await?);
            next += 1;
        }
    }
    tx.commit().await?;
    Ok(written)
}

/// Whether every write is one statement, the audit chain advancing as the writes would.
fn all_one_statement(writes: &[Write], chain_end: &ChainEnd) -> bool {
    one_statement_run(writes, chain_end) == writes.len()
}

/// How many of the first writes (at most [`SCRIPT_MAX`]) are one statement each.
fn one_statement_run(writes: &[Write], chain_end: &ChainEnd) -> usize {
    // Once the chain's end is known it stays known from row to row.
    writes
        .iter()
        .take(SCRIPT_MAX)
        .take_while(|write| is_one_statement(write, chain_end))
        .count()
}

/// The statements of `writes` (each one statement) and what each will have written.
fn statements(writes: &[Write], chain_end: &mut ChainEnd) -> (Vec<Statement>, Vec<Written>) {
    writes
        .iter()
        .filter_map(|write| statement(write, chain_end))
        .unzip()
}

/// One write in a transaction of its own, reading the audit chain's end from the table.
async fn write_alone(
    writes: &Writes,
    backend: Backend,
    write: Write,
) -> Result<Written, StoreError> {
    write_batch(writes, backend, std::slice::from_ref(&write), &mut None)
        .await
        .map_err(|stopped| stopped.error)?
        .pop()
        .ok_or(StoreError::NotFound("written row"))
}

/// A job's writes one by one, in order, stopping at the first that fails.
async fn write_job_alone(writes: &Writes, backend: Backend, job: Vec<Write>) -> JobOutcome {
    let mut written = Vec::with_capacity(job.len());
    for (index, write) in job.into_iter().enumerate() {
        match write_alone(writes, backend, write).await {
            Ok(row) => written.push(row),
            Err(error) => return Err(Failed { index, error }),
        }
    }
    Ok(written)
}

async fn apply(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
    write: &Write,
    chain_end: &mut ChainEnd,
) -> Result<Written, StoreError> {
    if let Write::Audit(entry) = write {
        return Ok(Written::Audit(Box::new(
            append_audit_in(tx, backend, entry, chain_end).await?,
        )));
    }
    let (statement, written) =
        statement(write, chain_end).ok_or(StoreError::NotFound("a write's statement"))?;
    execute(tx, statement).await.map_err(|e| match write {
        Write::RunEvent { .. } => StoreError::unique_violation(e, "run event"),
        Write::Tokens { .. } | Write::RunModel { .. } | Write::Audit(_) => e.into(),
    })?;
    Ok(written)
}
