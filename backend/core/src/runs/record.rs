//! Storing what a run produced since its last write: its events with the model it chose and the
//! token usage of its model calls, in order, in one commit ([`Store::record_run`]).

use warden_store::{RunWrite, RunWriteFailed, StoreError};

use super::RunService;

/// What came of storing a run's writes.
pub(super) struct Recorded {
    /// How many of the writes' events were stored, counted from the first: these may be sent.
    pub events: usize,
    /// Why the first event that could not be stored was not; the events after it were not
    /// attempted, and the run must stop.
    pub event_failure: Option<StoreError>,
}

impl RunService {
    /// Stores `writes` of run `run_id` in order. A model or token row that cannot be stored is
    /// logged and skipped (a run does not stop for its accounting); an event that cannot be
    /// stored ends the writing there.
    pub(super) async fn record(&self, run_id: &str, mut writes: Vec<RunWrite>) -> Recorded {
        let mut events = 0;
        loop {
            let failed = match self
                .store
                .record_run(run_id, writes.clone(), self.now())
                .await
            {
                Ok(()) => {
                    return Recorded {
                        events: events + count_events(&writes),
                        event_failure: None,
                    };
                }
                Err(failed) => failed,
            };
            let RunWriteFailed { index, error } = failed;
            let rest = writes.split_off(index.min(writes.len()));
            events += count_events(&writes);
            let mut rest = rest.into_iter();
            match rest.next() {
                Some(RunWrite::Event { .. }) | None => {
                    return Recorded {
                        events,
                        event_failure: Some(error),
                    };
                }
                Some(RunWrite::Model(_)) => {
                    tracing::error!(run = %run_id, error = %error, "cannot record the run's model");
                }
                Some(RunWrite::Tokens(_)) => {
                    tracing::error!(run = %run_id, error = %error, "cannot record a model call's tokens");
                }
            }
            writes = rest.collect();
            if writes.is_empty() {
                return Recorded {
                    events,
                    event_failure: None,
                };
            }
        }
    }
}

fn count_events(writes: &[RunWrite]) -> usize {
    writes
        .iter()
        .filter(|write| matches!(write, RunWrite::Event { .. }))
        .count()
}
