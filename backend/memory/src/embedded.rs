//! The embedded backend: memories in the SQL database (SQLite or PostgreSQL, the same queries),
//! each with its vector; the vector index in this process, loaded from the database at start-up
//! and kept in step with every write. Writes made by another process (`warden memory import`
//! while the server runs) are noticed by [`EmbeddedBackend::reconcile`], which reloads.

use std::sync::{Arc, RwLock};

use warden_store::{MemoryFilter, MemoryRecord, Store, StoredVector};

use crate::error::MemoryError;
use crate::index::VectorIndex;
use crate::types::{Memory, NewMemory, Scored};

/// Rows read per page when the index loads.
const LOAD_PAGE: i64 = 2_000;

/// A vector as stored: little-endian f32s.
pub fn vector_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The vector back from its bytes; None when the length is not a whole number of floats.
pub fn bytes_vector(bytes: &[u8]) -> Option<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

pub(crate) fn from_record(record: MemoryRecord) -> Memory {
    Memory {
        id: record.id,
        owner_id: record.owner_id,
        kind: record.kind,
        content: record.content,
        tags: record.tags.split_whitespace().map(str::to_owned).collect(),
        created_by: record.created_by,
        created_at: record.created_at,
        source_kind: record.source_kind,
        source_ref: record.source_ref,
    }
}

/// The index of one embedding model; empty until the first vector tells its dimensions.
#[derive(Debug)]
struct ModelIndex {
    model: String,
    index: RwLock<Option<VectorIndex>>,
}

#[derive(Debug, Clone)]
pub struct EmbeddedBackend {
    store: Store,
    /// None: no embedder, lexical recall only.
    vectors: Option<Arc<ModelIndex>>,
}

impl EmbeddedBackend {
    /// A backend over `store`; `model` names the embedder whose vectors are indexed (None:
    /// lexical only). Call [`Self::load`] before searching.
    pub fn new(store: Store, model: Option<String>) -> Self {
        Self {
            store,
            vectors: model.map(|model| {
                Arc::new(ModelIndex {
                    model,
                    index: RwLock::new(None),
                })
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Builds the index from the database; returns how many vectors it holds.
    pub async fn load(&self) -> Result<usize, MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(0);
        };
        let mut fresh: Option<VectorIndex> = None;
        let mut after = String::new();
        loop {
            let page = self
                .store
                .memory_vectors_after(&vectors.model, &after, LOAD_PAGE)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            for row in &page {
                let Some(vector) = bytes_vector(&row.bytes) else {
                    tracing::warn!(memory = %row.id, "a stored vector of a broken length is ignored");
                    continue;
                };
                let index = fresh.get_or_insert_with(|| VectorIndex::new(vector.len()));
                if let Err(e) = index.insert(&row.id, row.owner_id.as_deref(), &vector) {
                    tracing::warn!(memory = %row.id, error = %e, "a stored vector is ignored");
                }
            }
        }
        let count = fresh.as_ref().map_or(0, VectorIndex::len);
        *vectors.index.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        Ok(count)
    }

    /// Reloads when the database holds a different number of vectors than the index (another
    /// process wrote); returns whether it reloaded.
    pub async fn reconcile(&self) -> Result<bool, MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(false);
        };
        let stored = self.store.count_memory_vectors(&vectors.model).await?;
        if usize::try_from(stored).unwrap_or(0) == self.indexed() {
            return Ok(false);
        }
        self.load().await?;
        Ok(true)
    }

    /// How many vectors the index holds.
    pub fn indexed(&self) -> usize {
        self.vectors.as_ref().map_or(0, |v| {
            v.index
                .read()
                .map_or(0, |i| i.as_ref().map_or(0, VectorIndex::len))
        })
    }

    /// The index's heap, estimated (for the benchmark and `/readyz`).
    pub fn index_bytes(&self) -> usize {
        self.vectors.as_ref().map_or(0, |v| {
            v.index
                .read()
                .map_or(0, |i| i.as_ref().map_or(0, VectorIndex::heap_bytes))
        })
    }

    fn index_insert(
        &self,
        id: &str,
        owner: Option<&str>,
        vector: &[f32],
    ) -> Result<(), MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(());
        };
        let mut slot = vectors.index.write().unwrap_or_else(|p| p.into_inner());
        let index = slot.get_or_insert_with(|| VectorIndex::new(vector.len()));
        index
            .insert(id, owner, vector)
            .map_err(|e| MemoryError::Invalid(format!("the memory's vector: {e}")))
    }

    fn index_remove(&self, id: &str) {
        if let Some(vectors) = &self.vectors
            && let Some(index) = vectors
                .index
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .as_mut()
        {
            index.remove(id);
        }
    }

    /// Stores a memory with its vector (None: none yet; the backfill adds it later).
    pub async fn insert(
        &self,
        memory: NewMemory,
        vector: Option<Vec<f32>>,
        now: i64,
    ) -> Result<Memory, MemoryError> {
        let wanted = memory.id.clone().unwrap_or_default();
        let stored = match (&self.vectors, &vector) {
            (Some(vectors), Some(vector)) => Some(StoredVector {
                model: vectors.model.clone(),
                bytes: vector_bytes(vector),
            }),
            (Some(_) | None, None) | (None, Some(_)) => None,
        };
        let record = self
            .store
            .insert_memory(
                warden_store::NewMemory {
                    id: memory.id,
                    owner_id: memory.owner_id,
                    kind: memory.kind,
                    content: memory.content,
                    tags: memory.tags.join(" "),
                    created_by: memory.created_by,
                    source_kind: memory.source_kind,
                    source_ref: memory.source_ref,
                    vector: stored,
                },
                memory.created_at.unwrap_or(now),
            )
            .await
            .map_err(|e| match e {
                warden_store::StoreError::Conflict(_) => MemoryError::Exists(wanted),
                other @ (warden_store::StoreError::NotFound(_)
                | warden_store::StoreError::InvalidUrl(_)
                | warden_store::StoreError::Migration(_)
                | warden_store::StoreError::Unavailable { .. }
                | warden_store::StoreError::Database(_)) => MemoryError::Store(other),
            })?;
        if let Some(vector) = &vector {
            self.index_insert(&record.id, record.owner_id.as_deref(), vector)?;
        }
        Ok(from_record(record))
    }

    /// Gives a stored memory its vector (the backfill).
    pub async fn set_vector(&self, memory: &Memory, vector: &[f32]) -> Result<(), MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(());
        };
        let stored = StoredVector {
            model: vectors.model.clone(),
            bytes: vector_bytes(vector),
        };
        if self.store.set_memory_vector(&memory.id, &stored).await? {
            self.index_insert(&memory.id, memory.owner_id.as_deref(), vector)?;
        }
        Ok(())
    }

    /// A memory's vector from the current model, when it has one.
    pub async fn vector_of(&self, id: &str) -> Result<Option<Vec<f32>>, MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(None);
        };
        Ok(self
            .store
            .memory_vector(id)
            .await?
            .filter(|v| v.model == vectors.model)
            .and_then(|v| bytes_vector(&v.bytes)))
    }

    /// Memories without a vector from the current model, oldest first.
    pub async fn without_vector(&self, limit: i64) -> Result<Vec<Memory>, MemoryError> {
        let Some(vectors) = &self.vectors else {
            return Ok(Vec::new());
        };
        Ok(self
            .store
            .memories_without_vector(&vectors.model, limit)
            .await?
            .into_iter()
            .map(from_record)
            .collect())
    }

    /// The nearest memories `viewer` may see, best first.
    pub async fn search(
        &self,
        viewer: Option<&str>,
        vector: Vec<f32>,
        limit: usize,
        min_score: f32,
    ) -> Result<Vec<Scored>, MemoryError> {
        let Some(vectors) = self.vectors.clone() else {
            return Ok(Vec::new());
        };
        let viewer_owned = viewer.map(str::to_owned);
        // A scan of 100,000 vectors takes milliseconds: off the async runtime.
        let hits = tokio::task::spawn_blocking(move || {
            let guard = vectors.index.read().unwrap_or_else(|p| p.into_inner());
            match guard.as_ref() {
                Some(index) => index
                    .search(&vector, viewer_owned.as_deref(), limit, min_score)
                    .map_err(|e| MemoryError::Invalid(format!("the query's vector: {e}"))),
                None => Ok(Vec::new()),
            }
        })
        .await
        .map_err(|e| MemoryError::Invalid(format!("the search stopped: {e}")))??;
        let ids: Vec<String> = hits.iter().map(|h| h.id.to_string()).collect();
        let mut found: std::collections::HashMap<String, MemoryRecord> = self
            .store
            .memories_by_ids(&ids)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect();
        Ok(hits
            .into_iter()
            .filter_map(|hit| {
                found.remove(hit.id.as_ref()).map(|record| Scored {
                    memory: from_record(record),
                    score: hit.score,
                })
            })
            // Defense in depth: the index checked visibility; the rows say it again.
            .filter(|s| s.memory.owner_id.is_none() || s.memory.owner_id.as_deref() == viewer)
            .collect())
    }

    pub async fn get(&self, id: &str) -> Result<Option<Memory>, MemoryError> {
        Ok(self.store.memory_by_id(id).await?.map(from_record))
    }

    pub async fn list(
        &self,
        filter: &MemoryFilter,
        limit: i64,
    ) -> Result<Vec<Memory>, MemoryError> {
        Ok(self
            .store
            .list_memories(filter, limit)
            .await?
            .into_iter()
            .map(from_record)
            .collect())
    }

    /// Every memory in id order after `after`, with its vector when `vectors` and there is one.
    pub async fn page(&self, after: Option<&str>, limit: i64) -> Result<Vec<Memory>, MemoryError> {
        Ok(self
            .store
            .memories_after(after, limit)
            .await?
            .into_iter()
            .map(from_record)
            .collect())
    }

    pub async fn delete(&self, id: &str) -> Result<(), MemoryError> {
        match self.store.delete_memory(id).await {
            Ok(()) => {}
            Err(warden_store::StoreError::NotFound(_)) => {
                return Err(MemoryError::NotFound(id.to_owned()));
            }
            Err(other) => return Err(other.into()),
        }
        self.index_remove(id);
        Ok(())
    }

    pub async fn count(&self, owner: Option<&str>) -> Result<i64, MemoryError> {
        Ok(self.store.count_memories(owner).await?)
    }

    pub async fn oldest(
        &self,
        owner: Option<&str>,
        sources: &[crate::SourceKind],
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        Ok(self.store.oldest_memories(owner, sources, limit).await?)
    }

    pub async fn older_than(
        &self,
        sources: &[crate::SourceKind],
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        Ok(self
            .store
            .memories_older_than(sources, cutoff, limit)
            .await?)
    }
}
