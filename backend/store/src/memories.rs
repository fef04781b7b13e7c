//! Memories. Visibility is decided here, in SQL: a user sees their own memories and the shared
//! ones (no owner), never another user's. A memory may carry its vector (little-endian f32s) and
//! the name of the model that made it; the embedded memory backend keeps its index from these.

use sqlx::any::AnyRow;

use warden_protocol::{MemoryKind, MemorySourceKind};

use crate::row::{int, opt_text, text, word};
use crate::{Store, StoreError};

const COLUMNS: &str =
    "id, owner_id, kind, content, tags, created_by, created_at, source_kind, source_ref";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryRecord {
    pub id: String,
    /// None: shared with everyone.
    pub owner_id: Option<String>,
    pub kind: MemoryKind,
    pub content: String,
    /// Space-separated.
    pub tags: String,
    /// Who stored it: a user id, or `monitor`.
    pub created_by: String,
    pub created_at: i64,
    pub source_kind: MemorySourceKind,
    /// The conversation, run or incident it came from.
    pub source_ref: Option<String>,
}

/// A memory's vector as stored: the model that made it and its floats, little-endian.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVector {
    pub model: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct NewMemory {
    /// Kept as given (imports); None: a fresh time-ordered id.
    pub id: Option<String>,
    pub owner_id: Option<String>,
    pub kind: MemoryKind,
    pub content: String,
    pub tags: String,
    pub created_by: String,
    pub source_kind: MemorySourceKind,
    pub source_ref: Option<String>,
    pub vector: Option<StoredVector>,
}

/// A memory's place in the vector index: its id, owner and vector.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorRow {
    pub id: String,
    pub owner_id: Option<String>,
    pub bytes: Vec<u8>,
}

/// Which memories a listing shows.
#[derive(Debug, Clone, Default)]
pub struct MemoryFilter {
    /// Whose: Some(user) sees the user's and the shared ones, None only the shared ones.
    pub viewer: Option<String>,
    /// Every memory of every user (export, retention): ignores `viewer`.
    pub everyone: bool,
    pub kind: Option<MemoryKind>,
    pub source_kind: Option<MemorySourceKind>,
    pub source_ref: Option<String>,
    /// After this memory in the listing's order (newest first): the next page.
    pub before_id: Option<String>,
}

pub(crate) fn memory_from_row(row: &AnyRow) -> Result<MemoryRecord, sqlx::Error> {
    Ok(MemoryRecord {
        id: text(row, "id")?,
        owner_id: opt_text(row, "owner_id")?,
        kind: word(row, "kind")?,
        content: text(row, "content")?,
        tags: text(row, "tags")?,
        created_by: text(row, "created_by")?,
        created_at: int(row, "created_at")?,
        source_kind: word(row, "source_kind")?,
        source_ref: opt_text(row, "source_ref")?,
    })
}

impl Store {
    /// Stores a memory created at `now`; an id given that exists already is a `Conflict`.
    pub async fn insert_memory(
        &self,
        memory: NewMemory,
        now: i64,
    ) -> Result<MemoryRecord, StoreError> {
        // Time-ordered ids: memories stored in the same second still list in insertion order.
        let id = memory
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        let (model, bytes) = match memory.vector {
            Some(vector) => (Some(vector.model), Some(vector.bytes)),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO memories (id, owner_id, kind, content, tags, created_by, created_at, source_kind, source_ref, embedding, embedding_model) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(&memory.owner_id)
        .bind(memory.kind.as_str())
        .bind(&memory.content)
        .bind(&memory.tags)
        .bind(&memory.created_by)
        .bind(now)
        .bind(memory.source_kind.as_str())
        .bind(&memory.source_ref)
        .bind(bytes)
        .bind(model)
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "memory"))?;
        Ok(MemoryRecord {
            id,
            owner_id: memory.owner_id,
            kind: memory.kind,
            content: memory.content,
            tags: memory.tags,
            created_by: memory.created_by,
            created_at: now,
            source_kind: memory.source_kind,
            source_ref: memory.source_ref,
        })
    }

    /// Stores many memories created at their `now` in one transaction, a few hundred rows a
    /// statement (loading a large set, and the benchmark's 100,000); all or none.
    pub async fn insert_memories(
        &self,
        memories: &[(NewMemory, i64)],
    ) -> Result<usize, StoreError> {
        // 11 parameters a row: 300 rows stay well under both engines' limits.
        const ROWS: usize = 300;
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        for chunk in memories.chunks(ROWS) {
            let values: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let first = row * 11;
                    let params: Vec<String> = (1..=11).map(|i| format!("${}", first + i)).collect();
                    format!("({})", params.join(", "))
                })
                .collect();
            let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO memories (id, owner_id, kind, content, tags, created_by, created_at, source_kind, source_ref, embedding, embedding_model) VALUES {}",
                values.join(", ")
            )))
            // An import's odd-sized last chunk is a statement seen once: kept out of the write
            // connection's statement cache, which holds the run path's hot statements.
            .persistent(chunk.len() == ROWS);
            for (memory, at) in chunk {
                let (model, bytes) = match &memory.vector {
                    Some(vector) => (Some(vector.model.clone()), Some(vector.bytes.clone())),
                    None => (None, None),
                };
                query = query
                    .bind(
                        memory
                            .id
                            .clone()
                            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                    )
                    .bind(memory.owner_id.clone())
                    .bind(memory.kind.as_str())
                    .bind(memory.content.clone())
                    .bind(memory.tags.clone())
                    .bind(memory.created_by.clone())
                    .bind(*at)
                    .bind(memory.source_kind.as_str())
                    .bind(memory.source_ref.clone())
                    .bind(bytes)
                    .bind(model);
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::unique_violation(e, "memory"))?;
        }
        tx.commit().await?;
        Ok(memories.len())
    }

    /// The newest memories `viewer` may see (their own and shared ones; only shared ones when
    /// `viewer` is None), at most `limit`.
    pub async fn visible_memories(
        &self,
        viewer: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MemoryRecord>, StoreError> {
        self.list_memories(
            &MemoryFilter {
                viewer: viewer.map(str::to_owned),
                ..MemoryFilter::default()
            },
            limit,
        )
        .await
    }

    /// Memories matching `filter`, newest first, at most `limit`.
    pub async fn list_memories(
        &self,
        filter: &MemoryFilter,
        limit: i64,
    ) -> Result<Vec<MemoryRecord>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM memories WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        let mut param = |sql: &mut String, clause: &str, value: &str| {
            binds.push(value.to_owned());
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if !filter.everyone {
            param(
                &mut sql,
                " AND (owner_id IS NULL OR owner_id = ?)",
                filter.viewer.as_deref().unwrap_or(""),
            );
        }
        if let Some(kind) = filter.kind {
            param(&mut sql, " AND kind = ?", kind.as_str());
        }
        if let Some(source) = filter.source_kind {
            param(&mut sql, " AND source_kind = ?", source.as_str());
        }
        if let Some(source) = &filter.source_ref {
            param(&mut sql, " AND source_ref = ?", source);
        }
        if let Some(before) = &filter.before_id {
            // The next page in the listing's own order (newest first), whatever the ids look like.
            param(
                &mut sql,
                " AND (created_at, id) < (SELECT created_at, id FROM memories WHERE id = ?)",
                before,
            );
        }
        sql.push_str(&format!(
            " ORDER BY created_at DESC, id DESC LIMIT CAST(${} AS BIGINT)",
            binds.len() + 1
        ));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in binds {
            query = query.bind(value);
        }
        let rows = query
            .bind(limit)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows.iter().map(memory_from_row).collect::<Result<_, _>>()?)
    }

    /// Every memory in id order after `after_id` (None: from the start), at most `limit`: for
    /// exports and for walking the whole table in pages.
    pub async fn memories_after(
        &self,
        after_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MemoryRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM memories WHERE id > $1 ORDER BY id LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(after_id.unwrap_or(""))
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(memory_from_row).collect::<Result<_, _>>()?)
    }

    /// The memories with these ids that exist, in no particular order.
    pub async fn memories_by_ids(&self, ids: &[String]) -> Result<Vec<MemoryRecord>, StoreError> {
        let mut found = Vec::with_capacity(ids.len());
        // In chunks: the number of bound parameters is limited on both engines.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM memories WHERE id IN ({})",
                placeholders.join(", ")
            )));
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&mut *self.reads.acquire().await?).await? {
                found.push(memory_from_row(&row)?);
            }
        }
        Ok(found)
    }

    pub async fn memory_by_id(&self, id: &str) -> Result<Option<MemoryRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM memories WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(memory_from_row).transpose()?)
    }

    pub async fn delete_memory(&self, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM memories WHERE id = $1")
            .bind(id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        crate::users::expect_one(done.rows_affected(), "memory")
    }

    /// Sets a memory's vector (made by `vector.model`); false when the memory is gone.
    pub async fn set_memory_vector(
        &self,
        id: &str,
        vector: &StoredVector,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE memories SET embedding = $1, embedding_model = $2 WHERE id = $3")
                .bind(&vector.bytes)
                .bind(&vector.model)
                .bind(id)
                .execute(&mut *self.writes.acquire().await?)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A memory's vector and the model that made it, when it has one.
    pub async fn memory_vector(&self, id: &str) -> Result<Option<StoredVector>, StoreError> {
        let row = sqlx::query(
            "SELECT embedding, embedding_model FROM memories WHERE id = $1 AND embedding_model IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        row.map(|row| {
            Ok(StoredVector {
                model: text(&row, "embedding_model")?,
                bytes: crate::row::blob(&row, "embedding")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    /// Memories that have no vector from `model` (none yet, or another model's), oldest first,
    /// at most `limit`.
    pub async fn memories_without_vector(
        &self,
        model: &str,
        limit: i64,
    ) -> Result<Vec<MemoryRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM memories WHERE embedding_model IS NULL OR embedding_model <> $1 \
             ORDER BY id LIMIT CAST($2 AS BIGINT)"
        )))
        .bind(model)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(memory_from_row).collect::<Result<_, _>>()?)
    }

    /// Vectors made by `model`, in id order after `after_id`, at most `limit`: the index loads
    /// itself from these pages.
    pub async fn memory_vectors_after(
        &self,
        model: &str,
        after_id: &str,
        limit: i64,
    ) -> Result<Vec<VectorRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, owner_id, embedding FROM memories \
             WHERE embedding_model = $1 AND id > $2 ORDER BY id LIMIT CAST($3 AS BIGINT)",
        )
        .bind(model)
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(VectorRow {
                    id: text(row, "id")?,
                    owner_id: opt_text(row, "owner_id")?,
                    bytes: crate::row::blob(row, "embedding")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// How many memories carry a vector from `model`: the index compares it with its own count
    /// to notice writes made by another process (an import).
    pub async fn count_memory_vectors(&self, model: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM memories WHERE embedding_model = $1")
            .bind(model)
            .fetch_one(&mut *self.reads.acquire().await?)
            .await?;
        Ok(int(&row, "n")?)
    }

    /// How many memories an owner has (None: the shared ones).
    pub async fn count_memories(&self, owner: Option<&str>) -> Result<i64, StoreError> {
        let row = match owner {
            Some(owner) => {
                sqlx::query("SELECT COUNT(*) AS n FROM memories WHERE owner_id = $1")
                    .bind(owner)
                    .fetch_one(&mut *self.reads.acquire().await?)
                    .await?
            }
            None => {
                sqlx::query("SELECT COUNT(*) AS n FROM memories WHERE owner_id IS NULL")
                    .fetch_one(&mut *self.reads.acquire().await?)
                    .await?
            }
        };
        Ok(int(&row, "n")?)
    }

    /// The ids of an owner's (None: shared) oldest memories from these sources, at most `limit`.
    pub async fn oldest_memories(
        &self,
        owner: Option<&str>,
        sources: &[MemorySourceKind],
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let placeholders: Vec<String> = (0..sources.len()).map(|i| format!("${}", i + 2)).collect();
        // Shared memories have no owner; user ids are never empty.
        let sql = format!(
            "SELECT id FROM memories WHERE COALESCE(owner_id, '') = $1 AND source_kind IN ({}) \
             ORDER BY created_at, id LIMIT CAST(${} AS BIGINT)",
            placeholders.join(", "),
            sources.len() + 2
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner.unwrap_or(""));
        for source in sources {
            query = query.bind(source.as_str());
        }
        let rows = query
            .bind(limit)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows
            .iter()
            .map(|row| text(row, "id"))
            .collect::<Result<_, _>>()?)
    }

    /// The ids of memories from these sources created before `cutoff`, at most `limit`.
    pub async fn memories_older_than(
        &self,
        sources: &[MemorySourceKind],
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let placeholders: Vec<String> = (0..sources.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id FROM memories WHERE created_at < $1 AND source_kind IN ({}) ORDER BY id LIMIT CAST(${} AS BIGINT)",
            placeholders.join(", "),
            sources.len() + 2
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cutoff);
        for source in sources {
            query = query.bind(source.as_str());
        }
        let rows = query
            .bind(limit)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows
            .iter()
            .map(|row| text(row, "id"))
            .collect::<Result<_, _>>()?)
    }
}
