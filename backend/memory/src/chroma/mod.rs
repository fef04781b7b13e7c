//! The ChromaDB backend: memories as records of one collection per embedding model and
//! dimension (`warden-memories-all-minilm-l6-v2-384`; vectors of different models are never
//! mixed), the content as the document, owner, kind, tags and source as metadata. Every write is
//! stored in the database's outbox first and sent from there, in order; while ChromaDB is down the
//! writes wait and are replayed when it answers again. Reads need ChromaDB: when it is down they
//! fail with [`MemoryError::Chroma`], which recall turns into a note.

mod client;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tokio::sync::{Mutex, OnceCell};
use warden_store::{MemoryFilter, Store};

pub use client::{ChromaClient, Fetched, Include, Record};

use crate::embed::Embedder;
use crate::error::MemoryError;
use crate::types::{Kind, Memory, Scored, SourceKind};

/// The most records a listing reads before sorting them newest first.
pub const LIST_WINDOW: u32 = 10_000;
/// The most records one `get` asks for (ChromaDB takes a 32-bit limit).
const MAX_GET: u32 = i32::MAX as u32;
/// The most writes that wait for ChromaDB.
pub const MAX_WAITING: i64 = 10_000;
/// Outbox entries replayed per round.
const REPLAY_BATCH: i64 = 100;
/// After this many refusals (ChromaDB answered, but no), an entry is set aside in the log.
const MAX_REFUSALS: i64 = 10;

/// What an outbox entry carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    memory: Option<Memory>,
    /// The memory's vector, when it was made before queuing.
    vector: Option<Vec<f32>>,
}

/// The default first part of collection names (`memory.chroma_collection_prefix`).
pub const DEFAULT_PREFIX: &str = "warden-memories";

/// Whether `prefix` can start a collection name: 1 to 60 lower-case letters, digits and dashes,
/// starting with a letter or digit.
pub fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 60
        && prefix.starts_with(|c: char| c.is_ascii_alphanumeric())
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The collection's name for a model and dimension: `PREFIX-MODEL-DIMENSIONS`, lower-case
/// letters, digits and dashes.
pub fn collection_name(prefix: &str, model: &str, dimensions: usize) -> String {
    let mut slug = String::new();
    for c in model.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(180).collect();
    format!("{prefix}-{slug}-{dimensions}")
}

/// A memory's metadata as stored in ChromaDB: owner (empty: shared), kind, tags, creator, time
/// and source.
pub fn record_metadata(memory: &Memory) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(
        "owner".into(),
        json!(memory.owner_id.clone().unwrap_or_default()),
    );
    map.insert("kind".into(), json!(memory.kind));
    map.insert("tags".into(), json!(memory.tags.join(" ")));
    map.insert("created_by".into(), json!(memory.created_by));
    map.insert("created_at".into(), json!(memory.created_at));
    map.insert("source_kind".into(), json!(memory.source_kind));
    map.insert(
        "source_ref".into(),
        json!(memory.source_ref.clone().unwrap_or_default()),
    );
    map
}

/// A memory from its metadata for a read of many: one whose kind or source this build does not
/// know (written by a newer build, or by hand into ChromaDB) is left out and logged, so it
/// cannot make recall, listing, export or retention fail for every other memory.
fn readable(fetched: Fetched) -> Option<Memory> {
    from_fetched(fetched)
        .map_err(|e| tracing::warn!(error = %e, "a memory in ChromaDB cannot be read; left out"))
        .ok()
}

/// A memory from its metadata; a kind or source this build does not know is an error naming it.
fn from_fetched(fetched: Fetched) -> Result<Memory, MemoryError> {
    let text = |key: &str| {
        fetched
            .metadata
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let non_empty = |value: String| (!value.is_empty()).then_some(value);
    let unknown = |key: &str, value: &str| {
        MemoryError::Chroma(format!(
            "memory {}: '{value}' is not a known value of {key}",
            fetched.id
        ))
    };
    let kind = text("kind");
    let kind: Kind = kind.parse().map_err(|_| unknown("kind", &kind))?;
    let source_kind = text("source_kind");
    let source_kind: SourceKind = source_kind
        .parse()
        .map_err(|_| unknown("source_kind", &source_kind))?;
    Ok(Memory {
        owner_id: non_empty(text("owner")),
        kind,
        tags: text("tags").split_whitespace().map(str::to_owned).collect(),
        created_by: text("created_by"),
        created_at: fetched
            .metadata
            .get("created_at")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        source_kind,
        source_ref: non_empty(text("source_ref")),
        content: fetched.document,
        id: fetched.id,
    })
}

/// Every condition must hold: ChromaDB wants `$and` for two or more.
fn all_of(mut conditions: Vec<Value>) -> Option<Value> {
    match conditions.len() {
        0 => None,
        1 => conditions.pop(),
        _ => Some(json!({ "$and": conditions })),
    }
}

fn visible_to(viewer: Option<&str>) -> Value {
    match viewer {
        Some(user) => json!({"$or": [{"owner": ""}, {"owner": user}]}),
        None => json!({"owner": ""}),
    }
}

#[derive(Debug, Clone)]
pub struct ChromaBackend {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: ChromaClient,
    store: Store,
    embedder: Option<Embedder>,
    /// The model's name in the collection's name (`lexical` without an embedder).
    model: String,
    prefix: String,
    collection: OnceCell<String>,
    /// Whether the outbox may hold entries (set on queueing, cleared when it empties).
    pending: AtomicBool,
    replaying: Mutex<()>,
}

impl ChromaBackend {
    /// A backend on the server at `url`, its collections named `PREFIX-MODEL-DIMENSIONS`.
    pub fn new(url: &str, prefix: &str, store: Store, embedder: Option<Embedder>) -> Self {
        let model = embedder
            .as_ref()
            .map_or_else(|| "lexical".to_owned(), Embedder::model);
        Self {
            inner: Arc::new(Inner {
                client: ChromaClient::new(url),
                store,
                embedder,
                model,
                prefix: prefix.to_owned(),
                collection: OnceCell::new(),
                // Entries left by an earlier run are replayed at the first chance.
                pending: AtomicBool::new(true),
                replaying: Mutex::new(()),
            }),
        }
    }

    pub fn url(&self) -> &str {
        self.inner.client.url()
    }

    /// The collection's id, created on first use. Its dimension comes from the embedder (one
    /// probe for a server's model), 1 without one.
    async fn collection(&self) -> Result<String, MemoryError> {
        let inner = &self.inner;
        inner
            .collection
            .get_or_try_init(|| async {
                let dimensions = match &inner.embedder {
                    None => 1,
                    Some(embedder) => embedder.embed_one("dimension probe").await?.len(),
                };
                let name = collection_name(&inner.prefix, &inner.model, dimensions);
                inner
                    .client
                    .collection(
                        &name,
                        json!({"warden_model": inner.model, "dimensions": dimensions}),
                    )
                    .await
            })
            .await
            .cloned()
    }

    /// The collection's name (once known), for status lines.
    pub fn collection_label(&self) -> String {
        format!("{} on {}", self.inner.model, self.inner.client.url())
    }

    pub async fn heartbeat(&self) -> Result<(), MemoryError> {
        self.inner.client.heartbeat().await
    }

    /// How many writes wait for ChromaDB.
    pub async fn waiting(&self) -> Result<i64, MemoryError> {
        Ok(self.inner.store.outbox_len().await?)
    }

    /// Whether one more write may wait: at most [`MAX_WAITING`] do.
    pub async fn room_to_wait(&self) -> Result<(), MemoryError> {
        let waiting = self.waiting().await?;
        if waiting >= MAX_WAITING {
            return Err(MemoryError::Full(format!(
                "ChromaDB has been unreachable for {waiting} writes; no more wait until it answers again"
            )));
        }
        Ok(())
    }

    /// Queues the memory's upsert, then tries to send what waits. Returns a note when the write
    /// had to wait.
    pub async fn insert(
        &self,
        memory: &Memory,
        vector: Option<Vec<f32>>,
        now: i64,
    ) -> Result<Option<String>, MemoryError> {
        let payload = serde_json::to_string(&Pending {
            memory: Some(memory.clone()),
            vector,
        })
        .map_err(|e| MemoryError::Invalid(e.to_string()))?;
        self.inner
            .store
            .outbox_push(&self.inner.model, "upsert", &memory.id, &payload, now)
            .await?;
        Ok(self.after_queueing().await)
    }

    /// Queues a delete, then tries to send what waits.
    pub async fn delete(&self, id: &str, now: i64) -> Result<Option<String>, MemoryError> {
        let payload = serde_json::to_string(&Pending {
            memory: None,
            vector: None,
        })
        .map_err(|e| MemoryError::Invalid(e.to_string()))?;
        self.inner
            .store
            .outbox_push(&self.inner.model, "delete", id, &payload, now)
            .await?;
        Ok(self.after_queueing().await)
    }

    async fn after_queueing(&self) -> Option<String> {
        self.inner.pending.store(true, Ordering::SeqCst);
        match self.replay().await {
            Ok(()) => None,
            Err(e) => Some(format!(
                "ChromaDB is unreachable ({e}); the write is kept and sent when it answers again"
            )),
        }
    }

    /// Replays whatever waits, including writes another process queued (`warden memory import`
    /// while ChromaDB was down).
    pub async fn replay_all(&self) -> Result<(), MemoryError> {
        self.inner.pending.store(true, Ordering::SeqCst);
        self.replay().await
    }

    /// Sends every waiting write, oldest first, until the outbox is empty or ChromaDB fails.
    pub async fn replay(&self) -> Result<(), MemoryError> {
        let inner = &self.inner;
        if !inner.pending.load(Ordering::SeqCst) {
            return Ok(());
        }
        let _one_at_a_time = inner.replaying.lock().await;
        loop {
            let entries = inner.store.outbox_pending(REPLAY_BATCH).await?;
            if entries.is_empty() {
                inner.pending.store(false, Ordering::SeqCst);
                return Ok(());
            }
            for entry in entries {
                match self.send(&entry.op, &entry.memory_id, &entry.payload).await {
                    Ok(()) => inner.store.outbox_done(&entry.id).await?,
                    Err(e) if e.is_unavailable() && !is_refusal(&e) => {
                        inner.store.outbox_failed(&entry.id, &e.to_string()).await?;
                        return Err(e);
                    }
                    Err(e) => {
                        if entry.attempts + 1 >= MAX_REFUSALS {
                            tracing::error!(entry = %entry.id, memory = %entry.memory_id, error = %e,
                                "ChromaDB refused a memory write {MAX_REFUSALS} times; it is dropped from the outbox");
                            inner.store.outbox_done(&entry.id).await?;
                        } else {
                            inner.store.outbox_failed(&entry.id, &e.to_string()).await?;
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    async fn send(&self, op: &str, memory_id: &str, payload: &str) -> Result<(), MemoryError> {
        let collection = self.collection().await?;
        match op {
            "delete" => {
                self.inner
                    .client
                    .delete(&collection, &[memory_id.to_owned()])
                    .await
            }
            "upsert" => {
                let pending: Pending = serde_json::from_str(payload)
                    .map_err(|e| MemoryError::Invalid(format!("an outbox entry: {e}")))?;
                let Some(memory) = pending.memory else {
                    return Err(MemoryError::Invalid(
                        "an upsert without its memory".to_owned(),
                    ));
                };
                let embedding = match (pending.vector, &self.inner.embedder) {
                    (Some(vector), _) => vector,
                    (None, Some(embedder)) => embedder.embed_one(&memory.content).await?,
                    (None, None) => vec![1.0],
                };
                self.inner
                    .client
                    .upsert(
                        &collection,
                        &[Record {
                            id: memory.id.clone(),
                            embedding,
                            document: memory.content.clone(),
                            metadata: record_metadata(&memory),
                        }],
                    )
                    .await
            }
            other => Err(MemoryError::Invalid(format!(
                "an outbox entry with op '{other}'"
            ))),
        }
    }

    /// Reads need the writes that wait to be in first.
    async fn before_reading(&self) -> Result<String, MemoryError> {
        self.replay().await?;
        self.collection().await
    }

    pub async fn get(&self, id: &str) -> Result<Option<Memory>, MemoryError> {
        let collection = self.before_reading().await?;
        self.inner
            .client
            .get(
                &collection,
                Some(&[id.to_owned()]),
                None,
                None,
                Include::Records,
            )
            .await?
            .into_iter()
            .next()
            .map(from_fetched)
            .transpose()
    }

    /// The nearest memories `viewer` may see, best first.
    pub async fn search(
        &self,
        viewer: Option<&str>,
        vector: &[f32],
        limit: usize,
        min_score: f32,
    ) -> Result<Vec<Scored>, MemoryError> {
        let collection = self.before_reading().await?;
        let found = self
            .inner
            .client
            .query(
                &collection,
                vector,
                Some(visible_to(viewer)),
                u32::try_from(limit).unwrap_or(u32::MAX),
            )
            .await?;
        let found: Vec<Scored> = found
            .into_iter()
            .filter_map(|f| {
                let score = 1.0 - f.distance.unwrap_or(1.0);
                Some(Scored {
                    memory: readable(f)?,
                    score,
                })
            })
            .collect();
        Ok(found
            .into_iter()
            .filter(|s| s.score >= min_score)
            // Defense in depth: the filter was ChromaDB's; the metadata says it again.
            .filter(|s| s.memory.owner_id.is_none() || s.memory.owner_id.as_deref() == viewer)
            .collect())
    }

    /// Memories matching `filter`, newest first (ChromaDB does not sort: the newest of at most
    /// [`LIST_WINDOW`] matches).
    pub async fn list(
        &self,
        filter: &MemoryFilter,
        limit: i64,
    ) -> Result<Vec<Memory>, MemoryError> {
        let collection = self.before_reading().await?;
        let mut conditions = Vec::new();
        if !filter.everyone {
            conditions.push(visible_to(filter.viewer.as_deref()));
        }
        for (key, value) in [
            ("kind", filter.kind.map(|k| k.as_str().to_owned())),
            (
                "source_kind",
                filter.source_kind.map(|k| k.as_str().to_owned()),
            ),
            ("source_ref", filter.source_ref.clone()),
        ] {
            if let Some(value) = value {
                conditions.push(json!({ key: value }));
            }
        }
        let mut memories: Vec<Memory> = self
            .inner
            .client
            .get(
                &collection,
                None,
                all_of(conditions),
                Some((LIST_WINDOW, 0)),
                Include::Records,
            )
            .await?
            .into_iter()
            .filter_map(readable)
            .collect();
        memories.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        if let Some(before) = &filter.before_id {
            // The next page: what comes after that memory in this order (nothing when it is
            // not among them).
            let at = memories
                .iter()
                .position(|m| &m.id == before)
                .map_or(memories.len(), |i| i + 1);
            memories.drain(..at);
        }
        memories.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(memories)
    }

    /// Every memory, `limit` from `offset` in ChromaDB's order, with vectors when asked, and how
    /// many records the page held (the next page starts that many further on, whether or not
    /// each could be read).
    pub async fn page(
        &self,
        offset: u32,
        limit: u32,
        vectors: bool,
    ) -> Result<(Vec<(Memory, Option<Vec<f32>>)>, usize), MemoryError> {
        let collection = self.before_reading().await?;
        let include = if vectors {
            Include::RecordsWithVectors
        } else {
            Include::Records
        };
        let fetched = self
            .inner
            .client
            .get(&collection, None, None, Some((limit, offset)), include)
            .await?;
        let held = fetched.len();
        let rows = fetched
            .into_iter()
            .filter_map(|mut f| {
                let vector = f.embedding.take().filter(|_| self.inner.embedder.is_some());
                Some((readable(f)?, vector))
            })
            .collect();
        Ok((rows, held))
    }

    async fn ids_where(&self, filter: Value, limit: u32) -> Result<Vec<Memory>, MemoryError> {
        let collection = self.before_reading().await?;
        Ok(self
            .inner
            .client
            .get(
                &collection,
                None,
                Some(filter),
                Some((limit, 0)),
                Include::Records,
            )
            .await?
            .into_iter()
            .filter_map(readable)
            .collect())
    }

    /// How many memories an owner has (None: the shared ones), counted up to `cap`. The
    /// collection's total answers cheaply while it is below the cap; only then are the owner's
    /// ids fetched, at most `cap` of them.
    pub async fn count_up_to(&self, owner: Option<&str>, cap: i64) -> Result<i64, MemoryError> {
        let collection = self.before_reading().await?;
        let total = self.inner.client.count(&collection).await?;
        if total < cap {
            return Ok(total);
        }
        let found = self
            .inner
            .client
            .get(
                &collection,
                None,
                Some(json!({"owner": owner.unwrap_or("")})),
                Some((u32::try_from(cap).unwrap_or(MAX_GET).min(MAX_GET), 0)),
                Include::Ids,
            )
            .await?;
        Ok(i64::try_from(found.len()).unwrap_or(i64::MAX))
    }

    pub async fn oldest(
        &self,
        owner: Option<&str>,
        sources: &[crate::SourceKind],
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        let mut found = self
            .ids_where(
                json!({"$and": [{"owner": owner.unwrap_or("")}, {"source_kind": {"$in": sources}}]}),
                LIST_WINDOW,
            )
            .await?;
        found.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(found
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|m| m.id)
            .collect())
    }

    pub async fn older_than(
        &self,
        sources: &[crate::SourceKind],
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<String>, MemoryError> {
        Ok(self
            .ids_where(
                json!({"$and": [{"created_at": {"$lt": cutoff}}, {"source_kind": {"$in": sources}}]}),
                u32::try_from(limit).unwrap_or(LIST_WINDOW).min(MAX_GET),
            )
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect())
    }
}

/// ChromaDB answered, and said no (as opposed to not answering at all).
fn is_refusal(error: &MemoryError) -> bool {
    matches!(error, MemoryError::Chroma(message) if message.contains("answered HTTP"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Fetched, readable};

    fn fetched(kind: &str, source_kind: &str) -> Fetched {
        let metadata = json!({
            "owner": "u1", "kind": kind, "tags": "disk", "created_by": "u1",
            "created_at": 10, "source_kind": source_kind, "source_ref": "",
        });
        Fetched {
            id: "m1".to_owned(),
            document: "the disk fills on Mondays".to_owned(),
            metadata: metadata.as_object().cloned().unwrap_or_default(),
            embedding: None,
            distance: None,
        }
    }

    #[test]
    fn a_record_of_an_unknown_kind_or_source_is_left_out_of_reads_of_many() {
        let read = readable(fetched("fact", "api")).expect("a known kind and source read");
        assert_eq!((read.id.as_str(), read.kind.as_str()), ("m1", "fact"));
        assert!(readable(fetched("opinion", "api")).is_none());
        assert!(readable(fetched("fact", "telepathy")).is_none());
    }
}
