//! How a run ends: its messages, status and terminal event stored in one transaction before the
//! terminal event reaches anyone (store first, then send). A run whose result cannot be stored
//! is reported failed, never complete; when even that cannot be stored (the disk is full), the
//! failure is kept here and written as soon as the database can write again, so no run stays
//! `running` and every replay ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use warden_llm::ChatMessage;
use warden_protocol::RunErrorCode;
use warden_protocol::chat::{RunEvent, ServerEvent};
use warden_store::{RunEnding, RunStatus, StoreError, Unavailable};

use super::RunService;
use super::convert;

/// First and longest pause between attempts to write the endings kept here.
const SETTLE_FIRST_PAUSE: Duration = Duration::from_millis(500);
const SETTLE_LONGEST_PAUSE: Duration = Duration::from_secs(10);

/// A failed run whose ending could not be written yet.
#[derive(Clone)]
pub(super) struct Unsettled {
    conversation_id: String,
    /// The terminal event the run's followers were sent.
    terminal: ServerEvent,
    ending: RunEnding,
}

/// Endings waiting for the database; empty almost always.
#[derive(Default)]
pub(super) struct Pending {
    runs: Mutex<HashMap<String, Unsettled>>,
}

impl Pending {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Unsettled>> {
        self.runs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The terminal event of an unsettled run, for replays that the store cannot end yet.
    pub(super) fn terminal(&self, run_id: &str) -> Option<ServerEvent> {
        self.lock().get(run_id).map(|u| u.terminal.clone())
    }
}

/// The JSON of an event as stored.
pub(super) fn event_json(event: &ServerEvent) -> String {
    // These types always serialise; the fallback keeps a stored row parseable regardless.
    serde_json::to_string(event).unwrap_or_else(|_| "{}".to_owned())
}

/// The terminal event of a run stopped because the database cannot store it.
pub(super) fn storage_failure(error: &StoreError) -> RunEvent {
    let cause = error
        .unavailable()
        .map_or("a database error", Unavailable::describe);
    RunEvent::Error {
        code: RunErrorCode::StorageUnavailable,
        message: format!(
            "this run could not be stored ({cause}); it was stopped and its result was not kept"
        ),
    }
}

/// What a terminal event stands for: status, answer, error code.
pub(super) fn outcome(terminal: &RunEvent) -> (RunStatus, Option<String>, Option<RunErrorCode>) {
    match terminal {
        RunEvent::Complete { answer, .. } => (RunStatus::Complete, Some(answer.clone()), None),
        RunEvent::Cancelled {} => (RunStatus::Cancelled, None, None),
        RunEvent::Error { code, .. } => (code.run_status(), None, Some(*code)),
        RunEvent::RunStarted { .. }
        | RunEvent::MemoriesRecalled { .. }
        | RunEvent::Thinking { .. }
        | RunEvent::ToolCall { .. }
        | RunEvent::ToolResult { .. }
        | RunEvent::ApprovalRequired(_)
        | RunEvent::ApprovalResolved(_)
        | RunEvent::AnswerDelta { .. } => (RunStatus::Error, None, Some(RunErrorCode::Internal)),
    }
}

fn ending_of(terminal: &ServerEvent, messages: Vec<warden_store::NewMessage>) -> RunEnding {
    let (status, answer, error_code) = outcome(&terminal.event);
    RunEnding {
        status,
        answer,
        error_code,
        messages,
        seq: i64::try_from(terminal.seq).unwrap_or(i64::MAX),
        event: event_json(terminal),
    }
}

impl RunService {
    /// Stores how a run ended (its messages after the user's, its status, its terminal event)
    /// and returns the terminal event to send. When that cannot be stored, the run is reported
    /// failed instead; when even the failure cannot be stored, it is kept and written later.
    pub(super) async fn end(
        self: &Arc<Self>,
        run_id: &str,
        conversation_id: &str,
        transcript: &[ChatMessage],
        terminal: ServerEvent,
    ) -> ServerEvent {
        // A run stopped because it could not be stored keeps none of its turn: its client was
        // told it failed, so no answer of it may turn up in the conversation later.
        let stopped = matches!(
            &terminal.event,
            RunEvent::Error {
                code: RunErrorCode::StorageUnavailable,
                ..
            }
        );
        let messages = if stopped {
            Vec::new()
        } else {
            transcript
                .iter()
                .skip(1)
                .filter_map(|m| convert::stored_message(m, run_id))
                .collect()
        };
        let ending = ending_of(&terminal, messages);
        let error = match self
            .store
            .end_run(run_id, conversation_id, &ending, self.now())
            .await
        {
            Ok(()) => return terminal,
            Err(e) => e,
        };
        tracing::error!(run = %run_id, error = %error, "cannot store the end of a run; reporting it failed");
        let failed = ServerEvent {
            event: storage_failure(&error),
            ..terminal
        };
        let ending = ending_of(&failed, Vec::new());
        match self
            .store
            .end_run(run_id, conversation_id, &ending, self.now())
            .await
        {
            Ok(()) => {}
            Err(StoreError::NotFound(_)) => {
                tracing::warn!(run = %run_id, "the run had already ended in the database");
            }
            Err(e) => {
                tracing::warn!(run = %run_id, error = %e, "keeping a failed run's ending until the database can write");
                self.keep_unsettled(
                    run_id,
                    Unsettled {
                        conversation_id: conversation_id.to_owned(),
                        terminal: failed.clone(),
                        ending,
                    },
                );
            }
        }
        failed
    }

    /// Keeps an ending to write later; the first one starts the task that writes them.
    fn keep_unsettled(self: &Arc<Self>, run_id: &str, unsettled: Unsettled) {
        let first = {
            let mut runs = self.pending.lock();
            runs.insert(run_id.to_owned(), unsettled);
            runs.len() == 1
        };
        if first {
            let service = self.clone();
            self.tasks.spawn(async move { service.settle().await });
        }
    }

    /// Writes the kept endings, retrying with backoff, until none is left or the server stops
    /// (start-up then marks those runs interrupted, with their terminal event).
    async fn settle(&self) {
        let mut pause = SETTLE_FIRST_PAUSE;
        loop {
            tokio::select! {
                () = self.shutdown.cancelled() => return,
                () = tokio::time::sleep(pause) => {}
            }
            let runs: Vec<(String, Unsettled)> = self
                .pending
                .lock()
                .iter()
                .map(|(id, u)| (id.clone(), u.clone()))
                .collect();
            for (run_id, unsettled) in runs {
                match self
                    .store
                    .end_run(
                        &run_id,
                        &unsettled.conversation_id,
                        &unsettled.ending,
                        self.now(),
                    )
                    .await
                {
                    Ok(()) | Err(StoreError::NotFound(_)) => {
                        tracing::info!(run = %run_id, "stored the ending of a failed run");
                        self.pending.lock().remove(&run_id);
                    }
                    Err(e) => {
                        tracing::debug!(run = %run_id, error = %e, "the database still cannot write")
                    }
                }
            }
            // Checked under the lock `keep_unsettled` takes: a run kept after this spawns a
            // new task.
            if self.pending.lock().is_empty() {
                return;
            }
            pause = (pause * 2).min(SETTLE_LONGEST_PAUSE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: RunErrorCode) -> RunEvent {
        RunEvent::Error {
            code,
            message: "m".to_owned(),
        }
    }

    #[test]
    fn a_terminal_event_stands_for_its_status_answer_and_code() {
        assert_eq!(
            outcome(&RunEvent::Complete {
                answer: "done".to_owned(),
                model: None,
            }),
            (RunStatus::Complete, Some("done".to_owned()), None)
        );
        assert_eq!(
            outcome(&RunEvent::Cancelled {}),
            (RunStatus::Cancelled, None, None)
        );
        assert_eq!(
            outcome(&error(RunErrorCode::Interrupted)),
            (
                RunStatus::Interrupted,
                None,
                Some(RunErrorCode::Interrupted)
            )
        );
        assert_eq!(
            outcome(&error(RunErrorCode::RunDeadline)),
            (RunStatus::Error, None, Some(RunErrorCode::RunDeadline))
        );
        // Anything else is no ending: the run failed inside Warden.
        assert_eq!(
            outcome(&RunEvent::Thinking {
                text: "t".to_owned(),
            }),
            (RunStatus::Error, None, Some(RunErrorCode::Internal))
        );
    }

    #[test]
    fn a_run_that_cannot_be_stored_ends_storage_unavailable() {
        let failed = storage_failure(&StoreError::NotFound("run"));
        assert_eq!(
            failed,
            RunEvent::Error {
                code: RunErrorCode::StorageUnavailable,
                message: "this run could not be stored (a database error); it was stopped and its result was not kept".to_owned(),
            }
        );
    }
}
