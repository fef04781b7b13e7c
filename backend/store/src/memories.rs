//! Memories. Visibility is decided here, in SQL: a user sees their own memories and the shared
//! ones (no owner), never another user's.

use sqlx::any::AnyRow;

use crate::row::{int, opt_text, text};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryRecord {
    pub id: String,
    /// None: shared with everyone.
    pub owner_id: Option<String>,
    pub kind: String,
    pub content: String,
    /// Space-separated.
    pub tags: String,
    /// Who stored it: a user id, or `monitor`.
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewMemory {
    pub owner_id: Option<String>,
    pub kind: String,
    pub content: String,
    pub tags: String,
    pub created_by: String,
}

fn memory_from_row(row: &AnyRow) -> Result<MemoryRecord, sqlx::Error> {
    Ok(MemoryRecord {
        id: text(row, "id")?,
        owner_id: opt_text(row, "owner_id")?,
        kind: text(row, "kind")?,
        content: text(row, "content")?,
        tags: text(row, "tags")?,
        created_by: text(row, "created_by")?,
        created_at: int(row, "created_at")?,
    })
}

impl Store {
    pub async fn insert_memory(
        &self,
        memory: NewMemory,
        now: i64,
    ) -> Result<MemoryRecord, StoreError> {
        // Time-ordered ids: memories stored in the same second still list in insertion order.
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO memories (id, owner_id, kind, content, tags, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&memory.owner_id)
        .bind(&memory.kind)
        .bind(&memory.content)
        .bind(&memory.tags)
        .bind(&memory.created_by)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(MemoryRecord {
            id,
            owner_id: memory.owner_id,
            kind: memory.kind,
            content: memory.content,
            tags: memory.tags,
            created_by: memory.created_by,
            created_at: now,
        })
    }

    /// The newest memories `viewer` may see (their own and shared ones; only shared ones when
    /// `viewer` is None), at most `limit`.
    pub async fn visible_memories(
        &self,
        viewer: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MemoryRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, owner_id, kind, content, tags, created_by, created_at FROM memories \
             WHERE owner_id IS NULL OR owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(viewer.unwrap_or(""))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(memory_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn memory_by_id(&self, id: &str) -> Result<Option<MemoryRecord>, StoreError> {
        let row = sqlx::query("SELECT id, owner_id, kind, content, tags, created_by, created_at FROM memories WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(memory_from_row).transpose()?)
    }

    pub async fn delete_memory(&self, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM memories WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        crate::users::expect_one(done.rows_affected(), "memory")
    }
}
