//! What a memory is, in every backend, and what recall returns.

use serde::{Deserialize, Serialize};

/// What a memory says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Something true about the infrastructure ("backups run at 02:00").
    Fact,
    /// A free note.
    Note,
    /// How to do something.
    Procedure,
    /// How a user likes things done ("I prefer short answers").
    Preference,
    /// A summary of a conversation.
    Summary,
    /// What fixed (or did not fix) an incident.
    Repair,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Fact,
        Kind::Note,
        Kind::Procedure,
        Kind::Preference,
        Kind::Summary,
        Kind::Repair,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Fact => "fact",
            Kind::Note => "note",
            Kind::Procedure => "procedure",
            Kind::Preference => "preference",
            Kind::Summary => "summary",
            Kind::Repair => "repair",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Where a memory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The `memory_store` tool.
    Tool,
    /// Learned from a chat message ("remember that ...", "je préfère ...").
    Chat,
    /// A conversation's summary.
    Summary,
    /// The monitor, after a repair.
    Repair,
    /// The REST API or the web app.
    Api,
    /// `warden memory import`.
    Import,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Tool,
        SourceKind::Chat,
        SourceKind::Summary,
        SourceKind::Repair,
        SourceKind::Api,
        SourceKind::Import,
    ];

    /// Memories made without anyone asking: they expire under `memory.retention_days` and give
    /// way to newer ones when an owner is at the limit.
    pub const AUTOMATIC: [SourceKind; 3] =
        [SourceKind::Chat, SourceKind::Summary, SourceKind::Repair];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Tool => "tool",
            SourceKind::Chat => "chat",
            SourceKind::Summary => "summary",
            SourceKind::Repair => "repair",
            SourceKind::Api => "api",
            SourceKind::Import => "import",
        }
    }

    pub fn parse(text: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn is_automatic(self) -> bool {
        SourceKind::AUTOMATIC.contains(&self)
    }
}

/// A stored memory, as every backend returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    pub id: String,
    /// None: shared operational knowledge every user's agent may recall.
    pub owner_id: Option<String>,
    /// A [`Kind`] name.
    pub kind: String,
    pub content: String,
    pub tags: Vec<String>,
    /// A user id, or `monitor`.
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    /// A [`SourceKind`] name.
    pub source_kind: String,
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

/// How recall ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecallMethod {
    /// By embeddings: paraphrases are found.
    Semantic,
    /// By the query's words.
    Lexical,
    /// Nothing could be read (the backend is down); see the note.
    Unavailable,
}

/// What recall found, and a note when it could not do its best (no embedder, ChromaDB down).
#[derive(Debug, Clone, PartialEq)]
pub struct Recall {
    pub memories: Vec<Scored>,
    pub method: RecallMethod,
    pub note: Option<String>,
}
