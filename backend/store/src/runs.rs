//! A run's beginning and end, each one transaction: a run is never stored without the message
//! that started it, and never finished without its messages and its terminal event. Event
//! payloads are the caller's JSON; the store only numbers and keeps them.
//!
//! On SQLite each statement is a round trip to the connection's own thread (sqlx's driver runs
//! SQLite there), two thread wake-ups each. So a run's beginning is one multi-statement query
//! inside its transaction, and its end two, their parameters numbered across the statements.
//! The write transaction is immediate (no other writer can come between its statements), so
//! a message's position may be read in the statement that inserts it. PostgreSQL takes
//! parameters for one statement at a time and keeps one statement per query.

use futures_util::TryStreamExt;
use warden_protocol::{Role, RunErrorCode};

use crate::chat::{
    NewMessage, RunRecord, RunStatus, insert_message_at, insert_messages_from, next_position,
    time_ordered_id,
};
use crate::pool::Backend;
use crate::users::expect_one;
use crate::{Store, StoreError};

/// A run in a new conversation: `$1` run, `$2` conversation, `$3` owner, `$4` status, `$5` now,
/// `$6` message id, `$7` role, `$8` message, `$9` first event, `$10` title.
const BEGIN_IN_NEW_CONVERSATION: &str = "\
    INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES ($2, $3, $10, $5, $5); \
    INSERT INTO runs (id, conversation_id, owner_id, status, created_at) VALUES ($1, $2, $3, $4, $5); \
    INSERT INTO messages (id, conversation_id, position, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at) \
        VALUES ($6, $2, 1, $7, $8, '[]', NULL, NULL, $1, $5); \
    INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, 1, $9, $5)";

/// A run in an existing conversation, parameters as [`BEGIN_IN_NEW_CONVERSATION`] but the
/// title: the conversation touched, the message placed after its last one.
const BEGIN_IN_CONVERSATION: &str = "\
    INSERT INTO runs (id, conversation_id, owner_id, status, created_at) VALUES ($1, $2, $3, $4, $5); \
    UPDATE conversations SET updated_at = $5 WHERE id = $2; \
    INSERT INTO messages (id, conversation_id, position, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at) \
        SELECT $6, $2, COALESCE(MAX(position), 0) + 1, $7, $8, '[]', NULL, NULL, $1, $5 FROM messages WHERE conversation_id = $2; \
    INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, 1, $9, $5)";

/// A run's end without messages: `$1` status, `$2` answer, `$3` error code, `$4` now, `$5` run,
/// `$6` terminal event's sequence, `$7` its JSON. A row `(0, 0)` when the run was running; the
/// event is stored only then (`changes()`: the rows the update before it changed), as the
/// statements one by one stopped when no run was updated (a deleted run's event would fail on
/// its foreign key, an ended run's on its sequence).
const END: &str = "\
    UPDATE runs SET status = $1, answer = $2, error_code = $3, finished_at = $4 WHERE id = $5 AND status = 'running' RETURNING 0, 0; \
    INSERT INTO run_events (run_id, seq, event, created_at) SELECT $5, $6, $7, $4 WHERE changes() = 1";

/// A run's end with messages, parameters as [`END`] and `$8` the conversation: also the
/// conversation touched, with a row `(1, its next message's position)`.
const END_WITH_MESSAGES: &str = "\
    UPDATE runs SET status = $1, answer = $2, error_code = $3, finished_at = $4 WHERE id = $5 AND status = 'running' RETURNING 0, 0; \
    INSERT INTO run_events (run_id, seq, event, created_at) SELECT $5, $6, $7, $4 WHERE changes() = 1; \
    UPDATE conversations SET updated_at = $4 WHERE id = $8 \
        RETURNING 1, (SELECT COALESCE(MAX(position), 0) + 1 FROM messages WHERE conversation_id = $8)";

/// The conversation a new run belongs to.
#[derive(Debug, Clone, Copy)]
pub enum RunConversation<'a> {
    /// An existing conversation (its owner was checked by the caller).
    Existing(&'a str),
    /// A new conversation with this title, owned by the run's owner.
    New { title: &'a str },
}

/// How a running run ends, written together with its terminal event.
#[derive(Debug, Clone)]
pub struct RunEnding {
    pub status: RunStatus,
    pub answer: Option<String>,
    pub error_code: Option<RunErrorCode>,
    /// The turn's messages after the user's (the model's, the tools'), appended in order.
    pub messages: Vec<NewMessage>,
    /// The terminal event's sequence number and JSON.
    pub seq: i64,
    pub event: String,
}

impl Store {
    /// Begins a run in one transaction: the conversation when it is new, the run (`running`),
    /// the user's `message`, and the run's first event (sequence 1), whose JSON
    /// `first_event(run_id, conversation_id)` makes. All of it is stored, or none.
    pub async fn begin_run(
        &self,
        owner_id: &str,
        conversation: RunConversation<'_>,
        message: &str,
        first_event: impl FnOnce(&str, &str) -> String,
        now: i64,
    ) -> Result<RunRecord, StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let (conversation_id, new_title) = match conversation {
            RunConversation::Existing(id) => (id.to_owned(), None),
            RunConversation::New { title } => (time_ordered_id(), Some(title)),
        };
        let run = RunRecord {
            id: time_ordered_id(),
            conversation_id: conversation_id.clone(),
            owner_id: owner_id.to_owned(),
            status: RunStatus::Running,
            model: None,
            answer: None,
            error_code: None,
            created_at: now,
            finished_at: None,
        };
        let event = first_event(&run.id, &conversation_id);
        if self.backend() == Backend::Sqlite {
            // All of it in one round trip to the connection's thread instead of four or five
            // (see the module's documentation).
            let mut query = sqlx::query(match new_title {
                Some(_) => BEGIN_IN_NEW_CONVERSATION,
                None => BEGIN_IN_CONVERSATION,
            })
            .bind(&run.id)
            .bind(&conversation_id)
            .bind(owner_id)
            .bind(run.status.as_str())
            .bind(now)
            .bind(time_ordered_id())
            .bind(Role::User.as_str())
            .bind(message)
            .bind(&event);
            if let Some(title) = new_title {
                query = query.bind(title);
            }
            query.execute(&mut *tx).await?;
            tx.commit().await?;
            return Ok(run);
        }
        if let Some(title) = new_title {
            sqlx::query("INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
                .bind(&conversation_id)
                .bind(owner_id)
                .bind(title)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO runs (id, conversation_id, owner_id, status, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&run.id)
            .bind(&conversation_id)
            .bind(owner_id)
            .bind(run.status.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        // A conversation created just now has no message yet and was stamped `now`: its first
        // message takes position 1 without reading or touching it again.
        let position = if new_title.is_some() {
            1
        } else {
            next_position(&mut tx, self.backend(), &conversation_id, now).await?
        };
        insert_message_at(
            &mut tx,
            &conversation_id,
            NewMessage {
                role: Role::User,
                content: message.to_owned(),
                tool_calls: "[]".to_owned(),
                tool_call_id: None,
                tool_name: None,
                run_id: Some(run.id.clone()),
            },
            position,
            now,
        )
        .await?;
        sqlx::query(
            "INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, 1, $2, $3)",
        )
        .bind(&run.id)
        .bind(event)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(run)
    }

    /// Ends a running run in one transaction: its messages appended to the conversation, its
    /// status, answer and error code set, its terminal event stored. All of it, or none.
    /// `NotFound("running run")` when the run is not running (any more).
    pub async fn end_run(
        &self,
        run_id: &str,
        conversation_id: &str,
        ending: &RunEnding,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        if self.backend() == Backend::Sqlite {
            // The run's status, the conversation's touch (with the next message's position)
            // and the terminal event in one round trip, the messages in a second (see the
            // module's documentation). Each statement's rows say what it did: `(0, 0)` for the
            // run updated, `(1, position)` for the conversation touched.
            let with_messages = !ending.messages.is_empty();
            let mut query = sqlx::query_as::<_, (i64, i64)>(if with_messages {
                END_WITH_MESSAGES
            } else {
                END
            })
            .bind(ending.status.as_str())
            .bind(&ending.answer)
            .bind(ending.error_code.map(RunErrorCode::as_str))
            .bind(now)
            .bind(run_id)
            .bind(ending.seq)
            .bind(&ending.event);
            if with_messages {
                query = query.bind(conversation_id);
            }
            // The rows are read as they come: after the row that says the run was running, an
            // error is the terminal event's (its sequence taken, say) and any other error is
            // itself. Without that row the run was not running, and nothing else was written
            // that the rollback does not undo.
            let mut done = Vec::new();
            let mut rows = query.fetch(&mut *tx);
            let failed = loop {
                match rows.try_next().await {
                    Ok(Some(row)) => done.push(row),
                    Ok(None) => break None,
                    Err(e) => break Some(e),
                }
            };
            drop(rows);
            let was_running = done.iter().any(|(what, _)| *what == 0);
            match failed {
                Some(e) if was_running => return Err(StoreError::unique_violation(e, "run event")),
                Some(e) => return Err(e.into()),
                None if !was_running => return Err(StoreError::NotFound("running run")),
                None => {}
            }
            if with_messages {
                let first = match done.iter().find(|(what, _)| *what == 1) {
                    Some((_, position)) => *position,
                    // No such conversation: read as before; the insert then fails on its
                    // foreign key.
                    None => next_position(&mut tx, self.backend(), conversation_id, now).await?,
                };
                insert_messages_from(&mut tx, conversation_id, &ending.messages, first, now)
                    .await?;
            }
            tx.commit().await?;
            return Ok(());
        }
        let done = sqlx::query("UPDATE runs SET status = $1, answer = $2, error_code = $3, finished_at = $4 WHERE id = $5 AND status = 'running'")
            .bind(ending.status.as_str())
            .bind(&ending.answer)
            .bind(ending.error_code.map(RunErrorCode::as_str))
            .bind(now)
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        expect_one(done.rows_affected(), "running run")?;
        if !ending.messages.is_empty() {
            let first = next_position(&mut tx, self.backend(), conversation_id, now).await?;
            insert_messages_from(&mut tx, conversation_id, &ending.messages, first, now).await?;
        }
        sqlx::query(
            "INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(run_id)
        .bind(ending.seq)
        .bind(&ending.event)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::unique_violation(e, "run event"))?;
        tx.commit().await?;
        Ok(())
    }

    /// At start-up: runs left `running` by a server that stopped (or was killed) are marked
    /// interrupted, each with the terminal event `terminal(run_id, seq)` appended after its
    /// last one, so replays and subscribers see them end. Returns how many there were.
    pub async fn interrupt_running_runs(
        &self,
        now: i64,
        terminal: impl Fn(&str, i64) -> String,
    ) -> Result<u64, StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let running: Vec<(String, i64)> = sqlx::query_as(
            "SELECT r.id, COALESCE(MAX(e.seq), 0) FROM runs r LEFT JOIN run_events e ON e.run_id = r.id \
             WHERE r.status = 'running' GROUP BY r.id ORDER BY r.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (run_id, last_seq) in &running {
            sqlx::query("UPDATE runs SET status = 'interrupted', error_code = 'interrupted', finished_at = $1 WHERE id = $2")
                .bind(now)
                .bind(run_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO run_events (run_id, seq, event, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(run_id)
            .bind(last_seq + 1)
            .bind(terminal(run_id, last_seq + 1))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(running.len() as u64)
    }
}
