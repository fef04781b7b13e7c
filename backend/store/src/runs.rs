//! A run's beginning and end, each one transaction: a run is never stored without the message
//! that started it, and never finished without its messages and its terminal event. Event
//! payloads are the caller's JSON; the store only numbers and keeps them.

use warden_protocol::{Role, RunErrorCode};

use crate::chat::{
    NewMessage, RunRecord, RunStatus, insert_message_at, insert_messages_from, next_position,
    time_ordered_id,
};
use crate::users::expect_one;
use crate::{Store, StoreError};

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
        let (conversation_id, is_new) = match conversation {
            RunConversation::Existing(id) => (id.to_owned(), false),
            RunConversation::New { title } => {
                let id = time_ordered_id();
                sqlx::query("INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
                    .bind(&id)
                    .bind(owner_id)
                    .bind(title)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                (id, true)
            }
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
        let position = if is_new {
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
        .bind(first_event(&run.id, &conversation_id))
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
