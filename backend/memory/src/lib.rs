//! Warden's memory (SPEC section 8): one interface over two backends, chosen in configuration:
//!
//! - **embedded** (the default, no extra process): memories in the SQL database (SQLite or
//!   PostgreSQL) with their vectors, and a vector index in this process ([`index`]) that keeps
//!   recall within milliseconds at 100,000 memories;
//! - **chroma**: ChromaDB over its HTTP API v2, one collection per embedding model and dimension;
//!   writes go through a durable outbox in the database and are replayed when ChromaDB returns.
//!
//! Embeddings come from the built-in all-MiniLM-L6-v2 (candle, offline), Ollama or an
//! OpenAI-compatible server ([`embed`]); without any, recall ranks by words ([`lexical`]).
//! Private memories belong to one user; shared ones are operational knowledge every user's agent
//! may recall. [`learn`] finds facts and preferences stated in chat (English and French),
//! [`summary`] summarises conversations when no model does.

mod backend;
pub mod chroma;
pub mod embed;
pub mod embedded;
mod error;
pub mod index;
pub mod learn;
pub mod lexical;
mod operate;
mod service;
pub mod summary;
mod types;

pub use backend::{Backend, Cursor};
pub use error::MemoryError;
pub use operate::{ExportRecord, ExportVector, Imported, MemoryStatus, Upkeep, export_record};
pub use service::{BackendChoice, MemoryService, MemorySettings, Stored, valid_id};
pub use types::{Kind, Memory, NewMemory, Recall, RecallMethod, Scored, SourceKind};
