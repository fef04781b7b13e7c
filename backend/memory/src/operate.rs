//! Operating the memory: learning from chat, conversation summaries, retention and limits, the
//! background upkeep (vectors for memories without one, the index in step with the database,
//! ChromaDB's outbox replayed), status for `/readyz`, and export and import (also to move between
//! backends).

use serde::{Deserialize, Serialize};
use warden_store::MemoryFilter;

use crate::backend::{Backend, Cursor};
use crate::error::MemoryError;
use crate::learn;
use crate::service::{MemoryService, Stored, now};
use crate::types::{Kind, Memory, NewMemory, RecallMethod, SourceKind};

/// A semantic match this close means the memory is known already.
const DUPLICATE_SCORE: f32 = 0.95;
/// Memories given vectors per upkeep round.
const BACKFILL_BATCH: i64 = 64;
/// Memories expired per upkeep round.
const EXPIRE_BATCH: i64 = 500;

/// What one upkeep round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upkeep {
    /// Automatic memories deleted past `memory.retention_days`.
    pub expired: usize,
    /// Memories given a vector.
    pub embedded: usize,
    /// Whether the index was reloaded (another process wrote).
    pub reloaded: bool,
    /// Writes still waiting for ChromaDB.
    pub waiting: i64,
}

/// How the memory is, for `/readyz` and start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryStatus {
    /// `embedded` or `chroma`.
    pub backend: &'static str,
    /// False: reads fail (ChromaDB unreachable).
    pub ok: bool,
    /// Whether recall finds paraphrases (an embedder is there).
    pub semantic: bool,
    pub detail: String,
}

/// A memory as exported: one JSON object a line. `vector` only with `--vectors`, and only from
/// the embedder in use (an import reuses it when its embedder is the same model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRecord {
    pub id: String,
    pub owner_id: Option<String>,
    /// The owner's user name, so an import into another Warden can find them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    /// A memory kind's spelling. Text, not the enum: an import reads a file line by line and
    /// refuses a line whose kind or source this build does not know with its own message.
    pub kind: String,
    pub content: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created_by: String,
    pub created_at: i64,
    pub source_kind: String,
    pub source_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<ExportVector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportVector {
    pub model: String,
    pub values: Vec<f32>,
}

/// What importing one record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Stored,
    /// A memory with its id exists already.
    Exists,
}

impl MemoryService {
    /// Stores the facts and preferences `message` states as private memories of `owner`
    /// (redacted, with the conversation as their source), skipping what is known already.
    pub async fn learn_from_chat(
        &self,
        owner: &str,
        message: &str,
        conversation_id: &str,
    ) -> Vec<Stored> {
        let mut stored = Vec::new();
        for learned in learn::extract(message) {
            let content = warden_secrets::redact_text(&learned.content);
            if self.knows(owner, &content).await {
                continue;
            }
            let memory = NewMemory {
                id: None,
                owner_id: Some(owner.to_owned()),
                kind: learned.kind,
                content,
                tags: vec!["learned".to_owned()],
                created_by: owner.to_owned(),
                source_kind: SourceKind::Chat,
                source_ref: Some(conversation_id.to_owned()),
                created_at: None,
            };
            match self.store(memory).await {
                Ok(memory) => stored.push(memory),
                Err(e) => tracing::warn!(error = %e, "a fact stated in chat could not be stored"),
            }
        }
        stored
    }

    /// Whether `owner` already has this memory (the same words, or nearly the same meaning).
    async fn knows(&self, owner: &str, content: &str) -> bool {
        let recall = self.recall(Some(owner), content, 1).await;
        recall.memories.first().is_some_and(|top| {
            top.memory.content == content
                || (recall.method == RecallMethod::Semantic && top.score >= DUPLICATE_SCORE)
        })
    }

    /// Replaces the summary of a conversation of `owner`.
    pub async fn replace_summary(
        &self,
        owner: &str,
        conversation_id: &str,
        summary: &str,
    ) -> Result<Stored, MemoryError> {
        let old = self
            .inner
            .backend
            .list(
                &MemoryFilter {
                    viewer: Some(owner.to_owned()),
                    source_kind: Some(SourceKind::Summary),
                    source_ref: Some(conversation_id.to_owned()),
                    ..MemoryFilter::default()
                },
                100,
            )
            .await?;
        let stored = self
            .store(NewMemory {
                id: None,
                owner_id: Some(owner.to_owned()),
                kind: Kind::Summary,
                content: warden_secrets::redact_text(summary),
                tags: vec!["summary".to_owned()],
                created_by: owner.to_owned(),
                source_kind: SourceKind::Summary,
                source_ref: Some(conversation_id.to_owned()),
                created_at: None,
            })
            .await?;
        for memory in old.iter().filter(|m| m.owner_id.as_deref() == Some(owner)) {
            self.inner.backend.delete(&memory.id, now()).await?;
        }
        Ok(stored)
    }

    /// One round of upkeep; run it every few seconds to minutes.
    pub async fn upkeep(&self) -> Result<Upkeep, MemoryError> {
        let mut done = Upkeep::default();
        let days = self.inner.settings.retention_days;
        if days > 0 {
            let cutoff = now()
                .saturating_sub(i64::try_from(days.saturating_mul(86_400)).unwrap_or(i64::MAX));
            let sources = SourceKind::AUTOMATIC;
            for id in self
                .inner
                .backend
                .older_than(&sources, cutoff, EXPIRE_BATCH)
                .await?
            {
                self.inner.backend.delete(&id, now()).await?;
                done.expired += 1;
            }
        }
        match &self.inner.backend {
            Backend::Embedded(embedded) => {
                done.reloaded = embedded.reconcile().await?;
                if let Some(embedder) = self.embedder() {
                    let missing = embedded.without_vector(BACKFILL_BATCH).await?;
                    if !missing.is_empty() {
                        let texts = missing.iter().map(|m| m.content.clone()).collect();
                        let vectors = embedder.embed(texts).await?;
                        for (memory, vector) in missing.iter().zip(vectors) {
                            embedded.set_vector(memory, &vector).await?;
                            done.embedded += 1;
                        }
                    }
                }
            }
            Backend::Chroma(chroma) => {
                if let Err(e) = chroma.replay_all().await {
                    tracing::debug!(error = %e, "ChromaDB's outbox waits");
                }
                done.waiting = chroma.waiting().await?;
            }
        }
        Ok(done)
    }

    /// How the memory is. Contacts ChromaDB (bounded) when it is the backend.
    pub async fn status(&self) -> MemoryStatus {
        let semantic = self.embedder().is_some();
        let recall = match (self.embedder(), self.lexical_reason()) {
            (Some(embedder), _) => format!("semantic recall ({})", embedder.model()),
            (None, Some(why)) => why.to_owned(),
            (None, None) => "lexical recall".to_owned(),
        };
        match &self.inner.backend {
            Backend::Embedded(embedded) => MemoryStatus {
                backend: "embedded",
                ok: true,
                semantic,
                detail: format!(
                    "embedded in the database: {recall}; {} vectors indexed ({:.1} MiB)",
                    embedded.indexed(),
                    embedded.index_bytes() as f64 / (1024.0 * 1024.0)
                ),
            },
            Backend::Chroma(chroma) => {
                let waiting = chroma.waiting().await.unwrap_or(0);
                let waiting = if waiting > 0 {
                    format!("; {waiting} writes wait in the outbox")
                } else {
                    String::new()
                };
                match chroma.heartbeat().await {
                    Ok(()) => MemoryStatus {
                        backend: "chroma",
                        ok: true,
                        semantic,
                        detail: format!("ChromaDB at {}: {recall}{waiting}", chroma.url()),
                    },
                    Err(e) => MemoryStatus {
                        backend: "chroma",
                        ok: false,
                        semantic,
                        detail: format!(
                            "{e}; recall is unavailable, writes wait in the outbox{waiting}"
                        ),
                    },
                }
            }
        }
    }

    /// One page of every memory of every user, for `warden memory export`.
    pub async fn export_page(
        &self,
        cursor: &Cursor,
        limit: u32,
        vectors: bool,
    ) -> Result<(Vec<ExportRecord>, Cursor), MemoryError> {
        let model = self.embedder().map(crate::embed::Embedder::model);
        let (rows, next) = self.inner.backend.page(cursor, limit, vectors).await?;
        let records = rows
            .into_iter()
            .map(|(memory, vector)| ExportRecord {
                vector: vector
                    .zip(model.clone())
                    .map(|(values, model)| ExportVector { model, values }),
                ..export_record(memory)
            })
            .collect();
        Ok((records, next))
    }

    /// Imports one exported memory, keeping its id, owner, time and source. Its vector is
    /// reused when it comes from the embedder in use; otherwise it is embedded again.
    pub async fn import(&self, record: ExportRecord) -> Result<Imported, MemoryError> {
        let kind: Kind = record
            .kind
            .parse()
            .map_err(|_| MemoryError::Invalid(format!("'{}' is not a memory kind", record.kind)))?;
        let source_kind: SourceKind = record.source_kind.parse().map_err(|_| {
            MemoryError::Invalid(format!("'{}' is not a memory source", record.source_kind))
        })?;
        if !crate::service::valid_id(&record.id) {
            return Err(MemoryError::Invalid(format!(
                "'{}' is not a memory id",
                record.id
            )));
        }
        match self.inner.backend.get(&record.id).await {
            Ok(Some(_)) => return Ok(Imported::Exists),
            Ok(None) => {}
            Err(e) => return Err(e),
        }
        let model = self.embedder().map(crate::embed::Embedder::model);
        let vector = record
            .vector
            .filter(|v| Some(&v.model) == model.as_ref())
            .map(|v| crate::embed::normalised(v.values));
        let memory = NewMemory {
            id: Some(record.id.clone()),
            owner_id: record.owner_id,
            kind,
            content: record.content,
            tags: record.tags,
            created_by: record.created_by,
            source_kind,
            source_ref: record.source_ref,
            created_at: Some(record.created_at),
        };
        match self.store_with(memory, vector).await {
            Ok(_) => Ok(Imported::Stored),
            Err(MemoryError::Exists(_)) => Ok(Imported::Exists),
            Err(e) => Err(e),
        }
    }
}

/// A memory as an export line (no owner name, no vector: the caller adds them).
pub fn export_record(memory: Memory) -> ExportRecord {
    ExportRecord {
        id: memory.id,
        owner_id: memory.owner_id,
        owner_name: None,
        kind: memory.kind.as_str().to_owned(),
        content: memory.content,
        tags: memory.tags,
        created_by: memory.created_by,
        created_at: memory.created_at,
        source_kind: memory.source_kind.as_str().to_owned(),
        source_ref: memory.source_ref,
        vector: None,
    }
}
