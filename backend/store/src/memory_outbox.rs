//! Memory writes waiting for ChromaDB: stored before the write is tried, removed once ChromaDB
//! took it, replayed in order (ids are time-ordered) when it comes back.

use crate::row::{int, opt_text, text};
use crate::{Store, StoreError};

/// One write waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    /// The ChromaDB collection it goes to.
    pub collection: String,
    /// `upsert` or `delete`.
    pub op: String,
    pub memory_id: String,
    /// What to send, as JSON.
    pub payload: String,
    pub created_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

impl Store {
    /// Queues a write; returns its id.
    pub async fn outbox_push(
        &self,
        collection: &str,
        op: &str,
        memory_id: &str,
        payload: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO memory_outbox (id, collection, op, memory_id, payload, created_at, attempts) \
             VALUES ($1, $2, $3, $4, $5, $6, 0)",
        )
        .bind(&id)
        .bind(collection)
        .bind(op)
        .bind(memory_id)
        .bind(payload)
        .bind(now)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(id)
    }

    /// The oldest waiting writes, at most `limit`.
    pub async fn outbox_pending(&self, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, collection, op, memory_id, payload, created_at, attempts, last_error \
             FROM memory_outbox ORDER BY id LIMIT CAST($1 AS BIGINT)",
        )
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxEntry {
                    id: text(row, "id")?,
                    collection: text(row, "collection")?,
                    op: text(row, "op")?,
                    memory_id: text(row, "memory_id")?,
                    payload: text(row, "payload")?,
                    created_at: int(row, "created_at")?,
                    attempts: int(row, "attempts")?,
                    last_error: opt_text(row, "last_error")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// ChromaDB took the write.
    pub async fn outbox_done(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM memory_outbox WHERE id = $1")
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    /// A try failed: counted, with why.
    pub async fn outbox_failed(&self, id: &str, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE memory_outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2",
        )
        .bind(error)
        .bind(id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    /// How many writes wait.
    pub async fn outbox_len(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM memory_outbox")
            .fetch_one(&mut *self.reads.acquire().await?)
            .await?;
        Ok(int(&row, "n")?)
    }
}
