//! Memories (`/api/v1/memories`) and the runbooks proposed from fixes that held
//! (`/api/v1/runbooks/proposals`).

use serde::{Deserialize, Serialize};

use crate::values::{FindingKind, MemoryKind, MemorySourceKind, RecallMethod, RunbookState};

/// Where a memory came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemorySource {
    pub kind: MemorySourceKind,
    /// The conversation (chat, summary) or incident (repair) it came from.
    pub reference: Option<String>,
}

/// One memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryItem {
    pub id: String,
    pub kind: MemoryKind,
    pub content: String,
    pub tags: Vec<String>,
    /// Shared operational knowledge (every user's agent may recall it) or the caller's own.
    pub shared: bool,
    /// A user id, or `monitor`.
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub source: MemorySource,
    /// Search results only: how close it is to the query (cosine, or a word score).
    pub score: Option<f32>,
}

/// `GET /api/v1/memories`: the caller's memories and the shared ones, newest first, or the most
/// relevant first when searching.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryList {
    pub memories: Vec<MemoryItem>,
    /// Searches only: how the search ranked.
    pub method: Option<RecallMethod>,
    /// Why the search could not do its best (no embeddings, ChromaDB unreachable).
    pub note: Option<String>,
}

/// `POST /api/v1/memories`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMemoryRequest {
    /// What to remember (1 to `memory.max_content_chars` characters, 4,000 by default).
    pub content: String,
    /// `fact`, `note` (default), `procedure` or `preference`; Warden's own kinds (`summary`,
    /// `repair`) are refused.
    pub kind: Option<MemoryKind>,
    /// Up to 10 tags of 1 to 40 characters without spaces.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Shared with every user (needs `admin`); private to the caller by default.
    #[serde(default)]
    pub shared: bool,
}

/// A memory stored or deleted, with a note when the write waits (ChromaDB unreachable: it is
/// kept and sent when ChromaDB answers again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryWrite {
    pub memory: MemoryItem,
    pub note: Option<String>,
}

/// One tool call of a proposed runbook; `{target}` stands for the incident's target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunbookStep {
    pub tool: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub arguments: serde_json::Value,
}

/// A fix that held for the same kind of incident several times, proposed as a runbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunbookProposal {
    pub id: String,
    /// The kind of incident it repairs.
    pub kind: FindingKind,
    pub steps: Vec<RunbookStep>,
    pub summary: String,
    /// How many times the fix held.
    pub held_count: i64,
    /// `proposed`, `accepted` (the monitor runs it, through the guard, within budgets) or
    /// `rejected`.
    pub state: RunbookState,
    pub proposed_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
}

/// `GET /api/v1/runbooks/proposals`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunbookProposalList {
    pub proposals: Vec<RunbookProposal>,
}

/// `POST /api/v1/runbooks/proposals/{id}/accept` and `/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RunbookDecision {
    /// Why (at most 1,000 characters).
    pub reason: Option<String>,
}

/// A memory put into a run's prompt, as its events report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecalledMemoryView {
    pub id: String,
    pub kind: MemoryKind,
    pub content: String,
    pub shared: bool,
    pub score: f32,
}
