//! Conversations, messages, runs and run events. Ownership is part of every query a user's request
//! reaches: a conversation that is not the caller's is not found.

use sqlx::any::AnyRow;

use crate::group_commit::Write;
use warden_protocol::{Role, RunErrorCode};

use crate::row::{int, opt_int, opt_text, opt_word, text, word};
use crate::users::expect_one;
use crate::{Backend, Store, StoreError};

pub(crate) fn time_ordered_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRecord {
    pub id: String,
    pub owner_id: String,
    pub title: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: String,
    pub conversation_id: String,
    pub position: i64,
    pub role: Role,
    pub content: String,
    /// JSON array of calls (assistant messages), `[]` otherwise.
    pub tool_calls: String,
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
    pub run_id: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub role: Role,
    pub content: String,
    pub tool_calls: String,
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
    pub run_id: Option<String>,
}

/// Where a run stands; stored as its wire spelling (`awaiting_approval` is never stored).
pub use warden_protocol::RunStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    pub id: String,
    pub conversation_id: String,
    pub owner_id: String,
    pub status: RunStatus,
    pub model: Option<String>,
    pub answer: Option<String>,
    pub error_code: Option<RunErrorCode>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

fn conversation(row: &AnyRow) -> Result<ConversationRecord, sqlx::Error> {
    Ok(ConversationRecord {
        id: text(row, "id")?,
        owner_id: text(row, "owner_id")?,
        title: text(row, "title")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

fn message(row: &AnyRow) -> Result<MessageRecord, sqlx::Error> {
    Ok(MessageRecord {
        id: text(row, "id")?,
        conversation_id: text(row, "conversation_id")?,
        position: int(row, "position")?,
        role: word(row, "role")?,
        content: text(row, "content")?,
        tool_calls: text(row, "tool_calls")?,
        tool_call_id: opt_text(row, "tool_call_id")?,
        tool_name: opt_text(row, "tool_name")?,
        run_id: opt_text(row, "run_id")?,
        created_at: int(row, "created_at")?,
    })
}

fn run(row: &AnyRow) -> Result<RunRecord, sqlx::Error> {
    Ok(RunRecord {
        id: text(row, "id")?,
        conversation_id: text(row, "conversation_id")?,
        owner_id: text(row, "owner_id")?,
        status: word(row, "status")?,
        model: opt_text(row, "model")?,
        answer: opt_text(row, "answer")?,
        error_code: opt_word(row, "error_code")?,
        created_at: int(row, "created_at")?,
        finished_at: opt_int(row, "finished_at")?,
    })
}

const RUN_COLUMNS: &str = "SELECT id, conversation_id, owner_id, status, model, answer, error_code, created_at, finished_at FROM runs";

impl Store {
    pub async fn create_conversation(
        &self,
        owner_id: &str,
        title: &str,
        now: i64,
    ) -> Result<ConversationRecord, StoreError> {
        let record = ConversationRecord {
            id: time_ordered_id(),
            owner_id: owner_id.to_owned(),
            title: title.to_owned(),
            created_at: now,
            updated_at: now,
        };
        sqlx::query("INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
            .bind(&record.id)
            .bind(owner_id)
            .bind(title)
            .bind(now)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(record)
    }

    /// The conversation if it belongs to `owner_id`.
    pub async fn conversation(
        &self,
        owner_id: &str,
        id: &str,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        let row = sqlx::query("SELECT id, owner_id, title, created_at, updated_at FROM conversations WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner_id)
            .fetch_optional(&mut *self.reads.acquire().await?)
            .await?;
        Ok(row.as_ref().map(conversation).transpose()?)
    }

    pub async fn list_conversations(
        &self,
        owner_id: &str,
        limit: i64,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, owner_id, title, created_at, updated_at FROM conversations WHERE owner_id = $1 ORDER BY updated_at DESC, id DESC LIMIT CAST($2 AS BIGINT)",
        )
        .bind(owner_id)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(conversation).collect::<Result<_, _>>()?)
    }

    /// The owner's conversations whose title or a question or answer in them contains `query`
    /// (case-insensitive for ASCII letters), most recent first.
    pub async fn search_conversations(
        &self,
        owner_id: &str,
        query: &str,
        limit: i64,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let pattern = format!("%{}%", crate::audit::like_escaped(&query.to_lowercase()));
        let rows = sqlx::query(
            "SELECT id, owner_id, title, created_at, updated_at FROM conversations c WHERE owner_id = $1 \
             AND (LOWER(title) LIKE $2 ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
             AND m.role IN ('user', 'assistant') AND LOWER(m.content) LIKE $2 ESCAPE '\\')) \
             ORDER BY updated_at DESC, id DESC LIMIT CAST($3 AS BIGINT)",
        )
        .bind(owner_id)
        .bind(pattern)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(conversation).collect::<Result<_, _>>()?)
    }

    pub async fn rename_conversation(
        &self,
        owner_id: &str,
        id: &str,
        title: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE conversations SET title = $1, updated_at = $2 WHERE id = $3 AND owner_id = $4",
        )
        .bind(title)
        .bind(now)
        .bind(id)
        .bind(owner_id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        expect_one(done.rows_affected(), "conversation")
    }

    pub async fn delete_conversation(&self, owner_id: &str, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM conversations WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner_id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        expect_one(done.rows_affected(), "conversation")
    }

    /// Appends a message at the next position and touches the conversation.
    pub async fn append_message(
        &self,
        conversation_id: &str,
        message: NewMessage,
        now: i64,
    ) -> Result<MessageRecord, StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let record = insert_message(&mut tx, self.backend(), conversation_id, message, now).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn messages(&self, conversation_id: &str) -> Result<Vec<MessageRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, conversation_id, position, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at \
             FROM messages WHERE conversation_id = $1 ORDER BY position",
        )
        .bind(conversation_id)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(message).collect::<Result<_, _>>()?)
    }

    pub async fn create_run(
        &self,
        conversation_id: &str,
        owner_id: &str,
        now: i64,
    ) -> Result<RunRecord, StoreError> {
        let record = RunRecord {
            id: time_ordered_id(),
            conversation_id: conversation_id.to_owned(),
            owner_id: owner_id.to_owned(),
            status: RunStatus::Running,
            model: None,
            answer: None,
            error_code: None,
            created_at: now,
            finished_at: None,
        };
        sqlx::query("INSERT INTO runs (id, conversation_id, owner_id, status, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&record.id)
            .bind(conversation_id)
            .bind(owner_id)
            .bind(record.status.as_str())
            .bind(now)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(record)
    }

    /// The run if it belongs to `owner_id`.
    pub async fn run(&self, owner_id: &str, id: &str) -> Result<Option<RunRecord>, StoreError> {
        let sql = format!("{RUN_COLUMNS} WHERE id = $1 AND owner_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(owner_id)
            .fetch_optional(&mut *self.reads.acquire().await?)
            .await?;
        Ok(row.as_ref().map(run).transpose()?)
    }

    pub async fn runs_of(&self, conversation_id: &str) -> Result<Vec<RunRecord>, StoreError> {
        let sql = format!("{RUN_COLUMNS} WHERE conversation_id = $1 ORDER BY created_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(conversation_id)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows.iter().map(run).collect::<Result<_, _>>()?)
    }

    pub async fn set_run_model(&self, id: &str, model: &str) -> Result<(), StoreError> {
        sqlx::query(crate::write_statements::SET_RUN_MODEL)
            .bind(model)
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    pub async fn finish_run(
        &self,
        id: &str,
        status: RunStatus,
        answer: Option<&str>,
        error_code: Option<RunErrorCode>,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE runs SET status = $1, answer = $2, error_code = $3, finished_at = $4 WHERE id = $5 AND status = 'running'")
            .bind(status.as_str())
            .bind(answer)
            .bind(error_code.map(RunErrorCode::as_str))
            .bind(now)
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        expect_one(done.rows_affected(), "running run")
    }

    /// Appends one event of a running run; committed (with whatever else is queued) before it
    /// returns. A sequence number already stored is `Conflict("run event")`.
    pub async fn append_run_event(
        &self,
        run_id: &str,
        seq: i64,
        event: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.writer
            .write(Write::RunEvent {
                run_id: run_id.to_owned(),
                seq,
                event: event.to_owned(),
                at: now,
            })
            .await
            .map(|_| ())
    }

    /// Events of a run after `after_seq`, in order: (seq, JSON).
    pub async fn run_events(
        &self,
        run_id: &str,
        after_seq: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT seq, event FROM run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq",
        )
        .bind(run_id)
        .bind(after_seq)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows)
    }
}

/// Appends a message at the next position of its conversation and touches the conversation,
/// inside the caller's write transaction.
pub(crate) async fn insert_message(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
    conversation_id: &str,
    message: NewMessage,
    now: i64,
) -> Result<MessageRecord, StoreError> {
    let position = next_position(tx, backend, conversation_id, now).await?;
    insert_message_at(tx, conversation_id, message, position, now).await
}

/// Touches the conversation and reads the position its next message takes, inside the caller's
/// write transaction: messages appended in the same transaction take this one and those after
/// it, so a run's several messages cost one read, not one each.
pub(crate) async fn next_position(
    tx: &mut sqlx::AnyConnection,
    backend: Backend,
    conversation_id: &str,
    now: i64,
) -> Result<i64, StoreError> {
    if backend == Backend::Sqlite {
        // One statement instead of two (each is a round trip to the connection's thread): the
        // write transaction is immediate, so no other writer can append between the touch and
        // the read. Not on PostgreSQL: there the subquery would read the statement's snapshot,
        // taken before the row lock was granted, and miss a concurrent appender's messages.
        let touched: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET updated_at = $1 WHERE id = $2 \
             RETURNING (SELECT COALESCE(MAX(position), 0) + 1 FROM messages WHERE conversation_id = $2)",
        )
        .bind(now)
        .bind(conversation_id)
        .fetch_optional(&mut *tx)
        .await?;
        // No such conversation: the read below answers as it always did, and the message's
        // insert then fails on its foreign key.
        if let Some((position,)) = touched {
            return Ok(position);
        }
    } else {
        // Touching the conversation first takes its row lock before the next position is read,
        // so concurrent appenders queue instead of both reading the same position.
        sqlx::query("UPDATE conversations SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?;
    }
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM messages WHERE conversation_id = $1",
    )
    .bind(conversation_id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(position)
}

/// Inserts a message at `position` (from [`next_position`], or 1 in a conversation created in
/// the same transaction).
pub(crate) async fn insert_message_at(
    tx: &mut sqlx::AnyConnection,
    conversation_id: &str,
    message: NewMessage,
    position: i64,
    now: i64,
) -> Result<MessageRecord, StoreError> {
    let record = MessageRecord {
        id: time_ordered_id(),
        conversation_id: conversation_id.to_owned(),
        position,
        role: message.role,
        content: message.content,
        tool_calls: message.tool_calls,
        tool_call_id: message.tool_call_id,
        tool_name: message.tool_name,
        run_id: message.run_id,
        created_at: now,
    };
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, position, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&record.id)
    .bind(conversation_id)
    .bind(position)
    .bind(record.role.as_str())
    .bind(&record.content)
    .bind(&record.tool_calls)
    .bind(&record.tool_call_id)
    .bind(&record.tool_name)
    .bind(&record.run_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(record)
}

/// The most messages one `INSERT` carries (ten parameters each, far below either backend's
/// limit on parameters per statement).
const MESSAGES_PER_INSERT: usize = 64;

/// Inserts `messages` at consecutive positions from `first`, several rows per statement: a run's
/// ending stores its turn in one or two round trips to the database instead of one per message.
pub(crate) async fn insert_messages_from(
    tx: &mut sqlx::AnyConnection,
    conversation_id: &str,
    messages: &[NewMessage],
    first: i64,
    now: i64,
) -> Result<(), StoreError> {
    let mut position = first;
    for chunk in messages.chunks(MESSAGES_PER_INSERT) {
        let rows = (0..chunk.len())
            .map(|row| {
                let p = row * 10;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8,
                    p + 9,
                    p + 10
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO messages (id, conversation_id, position, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at) VALUES {rows}"
        );
        // Turns of up to eight messages (nearly all) keep their statements prepared; a longer
        // one's is used once and kept out of the write connection's statement cache, which
        // holds the run path's hot statements.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(chunk.len() <= 8);
        for message in chunk {
            query = query
                .bind(time_ordered_id())
                .bind(conversation_id)
                .bind(position)
                .bind(message.role.as_str())
                .bind(&message.content)
                .bind(&message.tool_calls)
                .bind(&message.tool_call_id)
                .bind(&message.tool_name)
                .bind(&message.run_id)
                .bind(now);
            position += 1;
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}
