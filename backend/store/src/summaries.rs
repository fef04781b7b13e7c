//! Which conversations wait for a summary: idle for a while, and changed since they were last
//! summarised.

use crate::row::{int, text};
use crate::{ConversationRecord, Store, StoreError};

impl Store {
    /// Conversations last updated at or before `idle_since` and not summarised since, oldest
    /// first, at most `limit`.
    pub async fn conversations_to_summarise(
        &self,
        idle_since: i64,
        limit: i64,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.owner_id, c.title, c.created_at, c.updated_at FROM conversations c \
             LEFT JOIN conversation_summaries s ON s.conversation_id = c.id \
             WHERE c.updated_at <= $1 AND (s.summarized_at IS NULL OR s.summarized_at < c.updated_at) \
             ORDER BY c.updated_at LIMIT CAST($2 AS BIGINT)",
        )
        .bind(idle_since)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ConversationRecord {
                    id: text(row, "id")?,
                    owner_id: text(row, "owner_id")?,
                    title: text(row, "title")?,
                    created_at: int(row, "created_at")?,
                    updated_at: int(row, "updated_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Records that the conversation was summarised as of `at` (its `updated_at` then).
    pub async fn mark_summarised(&self, conversation_id: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO conversation_summaries (conversation_id, summarized_at) VALUES ($1, $2) \
             ON CONFLICT (conversation_id) DO UPDATE SET summarized_at = excluded.summarized_at",
        )
        .bind(conversation_id)
        .bind(at)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }
}
