//! Group commit for the writes every run step makes: its events, its model calls' token usage and
//! the audit rows of its tool calls. Each of those used to be a transaction of its own, and every
//! writer queued for the one write lock (SQLite sleeps in its busy handler while another
//! connection writes). Now one writer task takes whatever has queued while the previous commit ran
//! and writes it in one transaction; each caller's future resolves only after the transaction
//! that holds its row has committed, so "stored, then answered" is unchanged.
//!
//! When any statement of a batch fails (a duplicate event, a full disk), the batch is rolled back
//! and each write is retried alone, so each caller gets its own outcome and one bad row never
//! fails its neighbours.
//!
//! On SQLite the writer also remembers where the audit chain ends after each commit, so appending
//! an audit row is one `INSERT` instead of `BEGIN`, a read of the chain's end, the `INSERT` and
//! `COMMIT`. That memory is only a guess about the table: `seq` is its primary key, so if anyone
//! else appended since (another process on the same file), the `INSERT` fails on the duplicate
//! `seq`, the guess is dropped and the write is retried reading the table. PostgreSQL keeps
//! reading the end under its table lock.

use tokio::sync::{mpsc, oneshot};

use crate::audit::{AuditRecord, NewAuditEntry, append_audit_in};
use crate::chat::insert_run_event;
use crate::pool::{Backend, begin_write_in};
use crate::tokens::{NewTokenUsage, insert_tokens};
use crate::write_connection::Writes;
use crate::{StoreError, Unavailable};

/// The most writes one transaction takes; more wait for the next one.
const MAX_BATCH: usize = 256;
/// Writes waiting for the writer; a caller beyond this waits to queue (backpressure).
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
    Audit(NewAuditEntry),
}

impl Write {
    /// Whether the write is one statement. An audit row is one only when the chain's end is
    /// known (`chain_end`); otherwise it reads the end and appends to it, which must happen
    /// under the write lock of one transaction.
    fn is_one_statement(&self, chain_end: &ChainEnd) -> bool {
        match self {
            Write::RunEvent { .. } | Write::Tokens { .. } => true,
            Write::Audit(_) => chain_end.is_some(),
        }
    }
}

/// The audit chain's last `(seq, hash)` as the writer last committed it; None: read it from the
/// table.
type ChainEnd = Option<(i64, String)>;

/// What a committed write produced.
#[derive(Debug)]
pub(crate) enum Written {
    Row,
    Audit(Box<AuditRecord>),
}

struct Job {
    write: Write,
    reply: oneshot::Sender<Result<Written, StoreError>>,
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
        let (reply, answer) = oneshot::channel();
        let job = Job {
            write: write.clone(),
            reply,
        };
        if self.jobs.send(job).await.is_err() {
            // The writer task is gone (the runtime that started it shut down) and never saw
            // this write: it runs alone on the caller's task.
            return write_alone(&self.writes, self.backend, write).await;
        }
        // The writer took the write but stopped before answering (its runtime shut down): it
        // may or may not have committed, so it is not retried (a retry could append twice).
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Unavailable {
                cause: Unavailable::Closed,
                detail: "the store's writer stopped before confirming the write".to_owned(),
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
        let batch_writes: Vec<Write> = jobs.iter().map(|job| job.write.clone()).collect();
        let mut chain_end = match backend {
            Backend::Sqlite => remembered.take(),
            Backend::Postgres => None,
        };
        let committed = write_batch(&writes, backend, &batch_writes, &mut chain_end).await;
        if committed.is_ok() {
            remembered = chain_end;
        }
        match committed {
            Ok(written) => {
                for (job, written) in jobs.into_iter().zip(written) {
                    // A caller that stopped waiting still had its row committed.
                    let _ = job.reply.send(Ok(written));
                }
            }
            Err(e) => {
                if jobs.len() > 1 {
                    tracing::debug!(error = %e, writes = jobs.len(), "a group commit failed; retrying its writes one by one");
                }
                // The remembered end may be what failed (someone else appended): each write
                // alone reads the table.
                for job in jobs {
                    let outcome = write_alone(&writes, backend, job.write).await;
                    let _ = job.reply.send(outcome);
                }
            }
        }
    }
}

/// All `writes` in one transaction, in order; the audit chain continues from row to row, from
/// `chain_end` when it is known. On success `chain_end` is where the chain now ends; after an
/// error it means nothing.
async fn write_batch(
    target: &Writes,
    backend: Backend,
    writes: &[Write],
    chain_end: &mut ChainEnd,
) -> Result<Vec<Written>, StoreError> {
    if let [single] = writes
        && single.is_one_statement(chain_end)
    {
        // A single INSERT commits atomically on its own: without `BEGIN` and `COMMIT` it costs
        // one round trip to the database instead of three. This is the common case of a run
        // whose writes are not concurrent with anyone else's.
        let mut connection = target.acquire().await?;
        return Ok(vec![
            apply(&mut connection, backend, single, chain_end).await?,
        ]);
    }
    let mut connection = target.acquire().await?;
    let mut tx = begin_write_in(&mut connection, backend).await?;
    let mut written = Vec::with_capacity(writes.len());
    for write in writes {
        written.push(apply(&mut tx, backend, write, chain_end).await?);
    }
    tx.commit().await?;
    Ok(written)
}

/// One write in a transaction of its own, reading the audit chain's end from the table.
async fn write_alone(
    writes: &Writes,
    backend: Backend,
    write: Write,
) -> Result<Written, StoreError> {
    write_batch(writes, backend, std::slice::from_ref(&write), &mut None)
        .await?
        .pop()
        .ok_or(StoreError::NotFound("written row"))
}

async fn apply(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
    write: &Write,
    chain_end: &mut Option<(i64, String)>,
) -> Result<Written, StoreError> {
    match write {
        Write::RunEvent {
            run_id,
            seq,
            event,
            at,
        } => {
            insert_run_event(tx, run_id, *seq, event, *at).await?;
            Ok(Written::Row)
        }
        Write::Tokens { usage, at } => {
            insert_tokens(tx, usage, *at).await?;
            Ok(Written::Row)
        }
        Write::Audit(entry) => Ok(Written::Audit(Box::new(
            append_audit_in(tx, backend, entry, chain_end).await?,
        ))),
    }
}
