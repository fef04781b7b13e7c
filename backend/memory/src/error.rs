//! The memory layer's one error enum; the layers above map it (tools to errors the model reads,
//! routes to HTTP statuses).

use warden_store::StoreError;

use crate::embed::EmbedError;

#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The input cannot be stored or searched as given; the message says what is wrong.
    #[error("{0}")]
    Invalid(String),
    /// No such memory (or not one the caller may see: the same answer, on purpose).
    #[error("no memory with id '{0}'")]
    NotFound(String),
    /// The caller may not do this (a shared memory without the right to share).
    #[error("{0}")]
    Forbidden(String),
    /// An owner has as many memories as allowed.
    #[error("{0}")]
    Full(String),
    /// A memory with this id exists already.
    #[error("a memory with id '{0}' exists already")]
    Exists(String),
    /// ChromaDB cannot be reached or refused the request.
    #[error("ChromaDB: {0}")]
    Chroma(String),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error("the memory store failed: {0}")]
    Store(#[from] StoreError),
}

impl MemoryError {
    /// Whether the failure is a part being away (ChromaDB, the database, an embedding server),
    /// as opposed to the request: callers answer "later" rather than "wrong".
    pub fn is_unavailable(&self) -> bool {
        match self {
            MemoryError::Chroma(_) => true,
            MemoryError::Embed(e) => matches!(e, EmbedError::Unavailable(_)),
            MemoryError::Store(e) => e.is_unavailable(),
            MemoryError::Invalid(_)
            | MemoryError::NotFound(_)
            | MemoryError::Forbidden(_)
            | MemoryError::Full(_)
            | MemoryError::Exists(_) => false,
        }
    }
}
