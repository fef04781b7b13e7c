//! The one interface over the two backends: every operation the service needs, answered by the
//! embedded backend (the SQL database and the in-process index) or by ChromaDB.

use warden_store::MemoryFilter;

use crate::chroma::ChromaBackend;
use crate::embedded::EmbeddedBackend;
use crate::error::MemoryError;
use crate::types::{Memory, NewMemory, Scored};

/// Where memories live (`memory.backend`).
#[derive(Debug, Clone)]
pub enum Backend {
    Embedded(EmbeddedBackend),
    Chroma(ChromaBackend),
}

/// Where an export page starts: after an id (embedded) or at an offset (ChromaDB has no order to
/// resume from).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cursor {
    #[default]
    Start,
    After(String),
    Offset(u32),
    Done,
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Embedded(_) => "embedded",
            Backend::Chroma(_) => "chroma",
        }
    }

    /// Stores `memory` (its id and time already set) with its vector; a note when the write
    /// waits (ChromaDB down).
    pub async fn insert(
        &self,
        memory: NewMemory,
        vector: Option<Vec<f32>>,
        now: i64,
    ) -> Result<(Memory, Option<String>), MemoryError> {
        match self {
            Backend::Embedded(embedded) => Ok((embedded.insert(memory, vector, now).await?, None)),
            Backend::Chroma(chroma) => {
                let memory = Memory {
                    id: memory
                        .id
                        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                    owner_id: memory.owner_id,
                    kind: memory.kind,
                    content: memory.content,
                    tags: memory.tags,
                    created_by: memory.created_by,
                    created_at: memory.created_at.unwrap_or(now),
                    source_kind: memory.source_kind,
                    source_ref: memory.source_ref,
                };
                let note = chroma.insert(&memory, vector, now).await?;
                Ok((memory, note))
            }
        }
    }

    /// Whether one more write may wait for ChromaDB (the outbox has a bound); always for the
    /// embedded backend, whose writes never wait.
    pub async fn room_to_wait(&self) -> Result<(), MemoryError> {
        match self {
            Backend::Embedded(_) => Ok(()),
            Backend::Chroma(chroma) => chroma.room_to_wait().await,
        }
    }

    pub async fn get(&self, id: &str) -> Result<Option<Memory>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.get(id).await,
            Backend::Chroma(chroma) => chroma.get(id).await,
        }
    }

    /// Deletes a memory known to exist; a note when the delete waits.
    pub async fn delete(&self, id: &str, now: i64) -> Result<Option<String>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.delete(id).await.map(|()| None),
            Backend::Chroma(chroma) => chroma.delete(id, now).await,
        }
    }

    pub async fn search(
        &self,
        viewer: Option<&str>,
        vector: Vec<f32>,
        limit: usize,
        min_score: f32,
    ) -> Result<Vec<Scored>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.search(viewer, vector, limit, min_score).await,
            Backend::Chroma(chroma) => chroma.search(viewer, &vector, limit, min_score).await,
        }
    }

    pub async fn list(
        &self,
        filter: &MemoryFilter,
        limit: i64,
    ) -> Result<Vec<Memory>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.list(filter, limit).await,
            Backend::Chroma(chroma) => chroma.list(filter, limit).await,
        }
    }

    /// How many memories an owner has (None: the shared ones), counted up to `cap` (exactly
    /// below it).
    pub async fn count_up_to(&self, owner: Option<&str>, cap: i64) -> Result<i64, MemoryError> {
        match self {
            Backend::Embedded(embedded) => Ok(embedded.count(owner).await?.min(cap)),
            Backend::Chroma(chroma) => chroma.count_up_to(owner, cap).await,
        }
    }

    pub async fn oldest(
        &self,
        owner: Option<&str>,
        sources: &[crate::SourceKind],
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.oldest(owner, sources, limit).await,
            Backend::Chroma(chroma) => chroma.oldest(owner, sources, limit).await,
        }
    }

    pub async fn older_than(
        &self,
        sources: &[crate::SourceKind],
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        match self {
            Backend::Embedded(embedded) => embedded.older_than(sources, cutoff, limit).await,
            Backend::Chroma(chroma) => chroma.older_than(sources, cutoff, limit).await,
        }
    }

    /// One page of every memory (exports), with its vector when asked and kept, and where the
    /// next page starts.
    pub async fn page(
        &self,
        cursor: &Cursor,
        limit: u32,
        vectors: bool,
    ) -> Result<(Vec<(Memory, Option<Vec<f32>>)>, Cursor), MemoryError> {
        match (self, cursor) {
            (Backend::Embedded(_) | Backend::Chroma(_), Cursor::Done) => {
                Ok((Vec::new(), Cursor::Done))
            }
            (Backend::Embedded(embedded), Cursor::Start | Cursor::After(_) | Cursor::Offset(_)) => {
                let after = match cursor {
                    Cursor::After(id) => Some(id.as_str()),
                    Cursor::Start | Cursor::Offset(_) | Cursor::Done => None,
                };
                let page = embedded.page(after, i64::from(limit)).await?;
                let next = match page.last() {
                    Some(last) if page.len() == limit as usize => Cursor::After(last.id.clone()),
                    Some(_) | None => Cursor::Done,
                };
                let mut rows = Vec::with_capacity(page.len());
                for memory in page {
                    let vector = if vectors {
                        embedded.vector_of(&memory.id).await?
                    } else {
                        None
                    };
                    rows.push((memory, vector));
                }
                Ok((rows, next))
            }
            (Backend::Chroma(chroma), Cursor::Start | Cursor::After(_) | Cursor::Offset(_)) => {
                let offset = match cursor {
                    Cursor::Offset(n) => *n,
                    Cursor::Start | Cursor::After(_) | Cursor::Done => 0,
                };
                let (page, held) = chroma.page(offset, limit, vectors).await?;
                let next = if held == limit as usize {
                    Cursor::Offset(offset + limit)
                } else {
                    Cursor::Done
                };
                Ok((page, next))
            }
        }
    }
}
