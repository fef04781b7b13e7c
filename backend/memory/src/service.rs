//! The memory service: what the tools, the chat, the monitor and the routes use. It validates,
//! enforces scopes and limits, embeds, and hands the rest to the backend. Recall never fails a
//! caller: when it cannot do its best it says so in a note.

use std::sync::Arc;
use warden_protocol::text::fields;

use warden_store::{MemoryFilter, Store};

use crate::backend::Backend;
use crate::chroma::ChromaBackend;
use crate::embed::{Embedder, EmbedderStatus};
use crate::embedded::EmbeddedBackend;
use crate::error::MemoryError;
use crate::lexical;
use crate::types::{Kind, Memory, NewMemory, Recall, RecallMethod, Scored, SourceKind};

/// How many of the newest visible memories the lexical ranker reads.
pub const LEXICAL_WINDOW: i64 = 2_000;
/// Most tags on one memory, and their length.
pub const MAX_TAGS: usize = 10;
const MAX_TAG_CHARS: usize = 40;
/// The longest query embedded (characters); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// Limits and thresholds (`[memory]`).
#[derive(Debug, Clone, PartialEq)]
pub struct MemorySettings {
    /// The longest memory (characters).
    pub max_content_chars: usize,
    /// Most memories one user may have.
    pub max_per_user: i64,
    /// Most shared memories.
    pub max_shared: i64,
    /// Automatic memories (learned from chat, summaries, repair outcomes) older than this many
    /// days are deleted; 0 keeps them.
    pub retention_days: u64,
    /// The least cosine a semantic recall returns: below it, a memory is unrelated.
    pub min_score: f32,
}

impl Default for MemorySettings {
    fn default() -> Self {
        Self {
            max_content_chars: 4_000,
            max_per_user: 10_000,
            max_shared: 100_000,
            retention_days: 365,
            min_score: 0.3,
        }
    }
}

/// Which backend (`memory.backend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    Embedded,
    /// ChromaDB at `url`, collections named `PREFIX-MODEL-DIMENSIONS`.
    Chroma {
        url: String,
        prefix: String,
    },
}

/// A memory stored, with a note when the write waits (ChromaDB down) or has no vector yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub memory: Memory,
    pub note: Option<String>,
}

/// The service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct MemoryService {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) backend: Backend,
    pub(crate) embedder: EmbedderStatus,
    pub(crate) settings: MemorySettings,
}

pub(crate) use warden_protocol::clock::system_now as now;

fn cut(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// A memory id as given to import or look-up: short, and plain.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl MemoryService {
    /// Opens the service. The embedded backend loads its index from the database here (a few
    /// seconds at 100,000 memories); ChromaDB is not contacted until first used, so a ChromaDB
    /// that is down does not stop Warden from starting.
    pub async fn open(
        store: Store,
        choice: BackendChoice,
        embedder: EmbedderStatus,
        settings: MemorySettings,
    ) -> Result<Self, MemoryError> {
        let model = embedder.embedder().map(Embedder::model);
        let backend = match choice {
            BackendChoice::Embedded => {
                let embedded = EmbeddedBackend::new(store.clone(), model);
                embedded.load().await?;
                Backend::Embedded(embedded)
            }
            BackendChoice::Chroma { url, prefix } => Backend::Chroma(ChromaBackend::new(
                &url,
                &prefix,
                store.clone(),
                embedder.embedder().cloned(),
            )),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                backend,
                embedder,
                settings,
            }),
        })
    }

    pub fn settings(&self) -> &MemorySettings {
        &self.inner.settings
    }

    pub fn backend(&self) -> &Backend {
        &self.inner.backend
    }

    pub fn embedder(&self) -> Option<&Embedder> {
        self.inner.embedder.embedder()
    }

    /// Why there is no embedder, when there is none.
    pub fn lexical_reason(&self) -> Option<&str> {
        match &self.inner.embedder {
            EmbedderStatus::Ready(_) => None,
            EmbedderStatus::Lexical(why) => Some(why),
        }
    }

    fn validate(&self, memory: &mut NewMemory) -> Result<(), MemoryError> {
        let content = memory.content.trim();
        let max = self.inner.settings.max_content_chars;
        if content.is_empty() || content.chars().count() > max {
            return Err(MemoryError::Invalid(format!(
                "content must be 1 to {max} characters"
            )));
        }
        // What a client sends is refused whole; what Warden wrote itself (a model's summary, a
        // learned repair) loses only the characters no stored text may hold.
        memory.content = if memory.source_kind.is_automatic() {
            let cleaned = fields::MEMORY_CONTENT.cleaned(content).trim().to_owned();
            memory
                .tags
                .retain(|tag| fields::MEMORY_TAG.check(tag).is_ok());
            if cleaned.is_empty() {
                return Err(MemoryError::Invalid(
                    "content holds no visible text".to_owned(),
                ));
            }
            cleaned
        } else {
            fields::MEMORY_CONTENT
                .check(content)
                .map_err(|refusal| MemoryError::Invalid(refusal.to_string()))?;
            content.to_owned()
        };
        if let Some(refusal) = memory
            .tags
            .iter()
            .find_map(|tag| fields::MEMORY_TAG.check(tag).err())
        {
            return Err(MemoryError::Invalid(refusal.to_string()));
        }
        if memory.tags.len() > MAX_TAGS
            || memory.tags.iter().any(|t| {
                t.is_empty() || t.chars().count() > MAX_TAG_CHARS || t.contains(char::is_whitespace)
            })
        {
            return Err(MemoryError::Invalid(format!(
                "tags: at most {MAX_TAGS}, each 1 to {MAX_TAG_CHARS} characters without spaces"
            )));
        }
        if let Some(id) = &memory.id
            && !valid_id(id)
        {
            return Err(MemoryError::Invalid(format!(
                "'{}' is not a memory id (1 to 64 letters, digits, '-' or '_')",
                cut(id, 80)
            )));
        }
        Ok(())
    }

    /// Makes room for one more memory of `owner`: automatic memories give way to the new one;
    /// anything else is refused with a clear message.
    async fn make_room(&self, owner: Option<&str>, source: SourceKind) -> Result<(), MemoryError> {
        let limit = match owner {
            Some(_) => self.inner.settings.max_per_user,
            None => self.inner.settings.max_shared,
        };
        let count = match self.inner.backend.count_up_to(owner, limit).await {
            Ok(count) => count,
            // ChromaDB down: the write waits in the outbox, which has a bound of its own.
            Err(e) if e.is_unavailable() => return self.inner.backend.room_to_wait().await,
            Err(e) => return Err(e),
        };
        if count < limit {
            return Ok(());
        }
        if source.is_automatic() {
            let sources = SourceKind::AUTOMATIC;
            let oldest = self.inner.backend.oldest(owner, &sources, 1).await?;
            if !oldest.is_empty() {
                for id in oldest {
                    self.inner.backend.delete(&id, now()).await?;
                }
                return Ok(());
            }
        }
        Err(MemoryError::Full(format!(
            "{} memories is the limit {}; delete some first",
            limit,
            if owner.is_some() {
                "for one user"
            } else {
                "for shared memories"
            }
        )))
    }

    /// Stores a memory. The caller decided its owner (and whether it may share).
    pub async fn store(&self, memory: NewMemory) -> Result<Stored, MemoryError> {
        self.store_with(memory, None).await
    }

    /// Stores a memory with its vector when given (an import from the same model); otherwise
    /// the embedder makes one.
    pub async fn store_with(
        &self,
        mut memory: NewMemory,
        given: Option<Vec<f32>>,
    ) -> Result<Stored, MemoryError> {
        self.validate(&mut memory)?;
        self.make_room(memory.owner_id.as_deref(), memory.source_kind)
            .await?;
        let mut notes = Vec::new();
        let vector = match (given, self.embedder()) {
            (Some(vector), Some(_)) => Some(vector),
            (None | Some(_), None) => None,
            (None, Some(embedder)) => match embedder.embed_one(&memory.content).await {
                Ok(vector) => Some(vector),
                Err(e) => {
                    tracing::warn!(error = %e, "a memory is stored without its vector for now");
                    notes.push(format!(
                        "stored without a vector for now ({e}); it is added later"
                    ));
                    None
                }
            },
        };
        let (memory, note) = self.inner.backend.insert(memory, vector, now()).await?;
        notes.extend(note);
        Ok(Stored {
            memory,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        })
    }

    /// The memories most relevant to `query` that `viewer` may see (their own and the shared
    /// ones; None: shared only), best first.
    pub async fn recall(&self, viewer: Option<&str>, query: &str, limit: usize) -> Recall {
        let query = cut(query.trim(), MAX_QUERY_CHARS);
        if query.is_empty() || limit == 0 {
            return Recall {
                memories: Vec::new(),
                method: RecallMethod::Lexical,
                note: None,
            };
        }
        // Nothing the viewer may see: no ranking can find anything, so the query is not embedded
        // (on the built-in embedder, embedding it is most of a chat's CPU). A backend that cannot
        // list goes the usual way, which reports why.
        let visible = MemoryFilter {
            viewer: viewer.map(str::to_owned),
            ..MemoryFilter::default()
        };
        if self
            .inner
            .backend
            .list(&visible, 1)
            .await
            .is_ok_and(|any| any.is_empty())
        {
            return Recall {
                memories: Vec::new(),
                method: if self.embedder().is_some() {
                    RecallMethod::Semantic
                } else {
                    RecallMethod::Lexical
                },
                note: None,
            };
        }
        let mut note = None;
        if let Some(embedder) = self.embedder() {
            match embedder.embed_one(query).await {
                Ok(vector) => {
                    return match self
                        .inner
                        .backend
                        .search(viewer, vector, limit, self.inner.settings.min_score)
                        .await
                    {
                        Ok(memories) => Recall {
                            memories,
                            method: RecallMethod::Semantic,
                            note: None,
                        },
                        Err(e) => unavailable(&e),
                    };
                }
                Err(e) => {
                    note = Some(format!("{e}; recall ranked by words instead"));
                }
            }
        }
        match self.lexical(viewer, query, limit).await {
            Ok(memories) => Recall {
                memories,
                method: RecallMethod::Lexical,
                note,
            },
            Err(e) => unavailable(&e),
        }
    }

    async fn lexical(
        &self,
        viewer: Option<&str>,
        query: &str,
        limit: usize,
    ) -> Result<Vec<Scored>, MemoryError> {
        let candidates = self
            .inner
            .backend
            .list(
                &MemoryFilter {
                    viewer: viewer.map(str::to_owned),
                    ..MemoryFilter::default()
                },
                LEXICAL_WINDOW,
            )
            .await?;
        let mut scored: Vec<Scored> = candidates
            .into_iter()
            .map(|m| {
                let score = lexical::score(query, &m.content, &m.tags.join(" ")) as f32;
                Scored { memory: m, score }
            })
            .filter(|s| s.score > 0.0)
            .collect();
        // Best first; among equals the newer (candidates come newest first; the sort is stable).
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        scored.truncate(limit);
        Ok(scored)
    }

    /// The newest memories `viewer` may see, of `kind` when given, older than `before` (an id)
    /// when given.
    pub async fn list(
        &self,
        viewer: Option<&str>,
        kind: Option<Kind>,
        before: Option<String>,
        limit: i64,
    ) -> Result<Vec<Memory>, MemoryError> {
        self.inner
            .backend
            .list(
                &MemoryFilter {
                    viewer: viewer.map(str::to_owned),
                    kind,
                    before_id: before,
                    ..MemoryFilter::default()
                },
                limit,
            )
            .await
    }

    /// One memory `viewer` may see; another user's private memory is "not found" (its existence
    /// is not the caller's business).
    pub async fn get(&self, viewer: Option<&str>, id: &str) -> Result<Memory, MemoryError> {
        if !valid_id(id) {
            return Err(MemoryError::NotFound(cut(id, 80).to_owned()));
        }
        self.inner
            .backend
            .get(id)
            .await?
            .filter(|m| m.owner_id.is_none() || m.owner_id.as_deref() == viewer)
            .ok_or_else(|| MemoryError::NotFound(id.to_owned()))
    }

    /// Deletes one of `viewer`'s memories, or a shared one when `may_share`. Returns the memory
    /// and a note when the delete waits.
    pub async fn delete(
        &self,
        viewer: Option<&str>,
        may_share: bool,
        id: &str,
    ) -> Result<Stored, MemoryError> {
        let memory = self.get(viewer, id).await?;
        if memory.owner_id.is_none() && !may_share {
            return Err(MemoryError::Forbidden(
                "deleting a shared memory needs the admin scope".to_owned(),
            ));
        }
        let note = self.inner.backend.delete(&memory.id, now()).await?;
        Ok(Stored { memory, note })
    }
}

fn unavailable(error: &MemoryError) -> Recall {
    tracing::warn!(error = %error, "memory recall is unavailable");
    Recall {
        memories: Vec::new(),
        method: RecallMethod::Unavailable,
        note: Some(format!("memories could not be recalled: {error}")),
    }
}
