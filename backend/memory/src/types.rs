//! What a memory is, in every backend, and what recall returns.

use serde::{Deserialize, Serialize};

/// What a memory says, where it came from and how recall ranked: the wire's own values.
/// `SourceKind::AUTOMATIC` are the memories made without anyone asking: they expire under
/// `memory.retention_days` and give way to newer ones when an owner is at the limit.
pub use warden_protocol::{MemoryKind as Kind, MemorySourceKind as SourceKind, RecallMethod};

/// A stored memory, as every backend returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    pub id: String,
    /// None: shared operational knowledge every user's agent may recall.
    pub owner_id: Option<String>,
    pub kind: Kind,
    pub content: String,
    pub tags: Vec<String>,
    /// A user id, or `monitor`.
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub source_kind: SourceKind,
    /// The conversation, run or incident it came from.
    pub source_ref: Option<String>,
}

impl Memory {
    pub fn is_shared(&self) -> bool {
        self.owner_id.is_none()
    }
}

/// What to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMemory {
    /// Kept when given (imports); otherwise a fresh time-ordered id.
    pub id: Option<String>,
    pub owner_id: Option<String>,
    pub kind: Kind,
    pub content: String,
    pub tags: Vec<String>,
    pub created_by: String,
    pub source_kind: SourceKind,
    pub source_ref: Option<String>,
    /// Unix seconds; None: now.
    pub created_at: Option<i64>,
}

/// A recalled memory and how close it is to the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub memory: Memory,
    /// The cosine with the query (semantic recall) or a word-match score (lexical recall).
    pub score: f32,
}

/// What recall found, and a note when it could not do its best (no embedder, ChromaDB down).
#[derive(Debug, Clone, PartialEq)]
pub struct Recall {
    pub memories: Vec<Scored>,
    pub method: RecallMethod,
    pub note: Option<String>,
}
