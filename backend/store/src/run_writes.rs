//! What a running run records as it goes, written together: its events, the token usage of its
//! model calls and the model it uses. A run hands over whatever its engine produced since its
//! last write, and all of it goes in the next group commit ([`crate::group_commit`]), in one
//! round trip to SQLite where it can, instead of one commit each.

use crate::group_commit::Write;
use crate::tokens::NewTokenUsage;
use crate::{Store, StoreError};

/// One thing a running run records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunWrite {
    /// The model the run uses now (its `model` column).
    Model(String),
    /// One model call's tokens.
    Tokens(NewTokenUsage),
    /// An event, its sequence number and JSON; a sequence number already stored fails with
    /// `Conflict("run event")`.
    Event { seq: i64, event: String },
}

/// The first of a run's writes that failed: its index in the list and why. The writes before it
/// are stored; the ones after it were not attempted.
#[derive(Debug)]
pub struct RunWriteFailed {
    pub index: usize,
    pub error: StoreError,
}

impl Store {
    /// Stores `writes` of run `run_id` in order, committed before it returns (with whatever
    /// else is queued); `now` is Unix seconds. Errors: the first write that failed
    /// ([`RunWriteFailed`]).
    pub async fn record_run(
        &self,
        run_id: &str,
        writes: Vec<RunWrite>,
        now: i64,
    ) -> Result<(), RunWriteFailed> {
        let writes = writes
            .into_iter()
            .map(|write| match write {
                RunWrite::Model(model) => Write::RunModel {
                    run_id: run_id.to_owned(),
                    model,
                },
                RunWrite::Tokens(usage) => Write::Tokens { usage, at: now },
                RunWrite::Event { seq, event } => Write::RunEvent {
                    run_id: run_id.to_owned(),
                    seq,
                    event,
                    at: now,
                },
            })
            .collect();
        self.writer
            .write_all(writes)
            .await
            .map(|_| ())
            .map_err(|failed| RunWriteFailed {
                index: failed.index,
                error: failed.error,
            })
    }
}
