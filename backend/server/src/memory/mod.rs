//! The memory service from configuration, said at start-up, and its background work: upkeep
//! (retention, vectors for memories without one, the index in step, ChromaDB's outbox) and
//! conversation summaries.

pub mod summaries;

use std::time::Duration;

use tokio_util::sync::CancellationToken;
use warden_memory::embed::{EmbedderSpec, EmbedderStatus, RemoteApi};
use warden_memory::{BackendChoice, MemoryError, MemoryService, MemorySettings};
use warden_store::Store;

use crate::config::{Config, EmbedderKind, MemoryBackendKind};

/// How often upkeep runs.
const UPKEEP_EVERY: Duration = Duration::from_secs(15);

/// The embedder the configuration asks for.
pub fn embedder_spec(config: &Config) -> EmbedderSpec {
    let m = &config.memory;
    let remote = |api| EmbedderSpec::Remote {
        api,
        url: m.embed_url.clone().unwrap_or_default(),
        model: m.embed_model.clone().unwrap_or_default(),
        api_key: m.embed_api_key.as_ref().map(|k| k.expose().to_owned()),
    };
    match m.embedder {
        EmbedderKind::Builtin => EmbedderSpec::MiniLm {
            dir: m.effective_model_dir(&config.data_dir),
        },
        EmbedderKind::Ollama => remote(RemoteApi::Ollama),
        EmbedderKind::OpenAi => remote(RemoteApi::OpenAi),
        EmbedderKind::None => EmbedderSpec::None,
    }
}

pub fn settings(config: &Config) -> MemorySettings {
    let m = &config.memory;
    MemorySettings {
        max_content_chars: m.max_content_chars,
        max_per_user: m.max_per_user,
        max_shared: m.max_shared,
        retention_days: m.retention_days,
        min_score: m.min_score,
    }
}

pub fn backend_choice(config: &Config) -> BackendChoice {
    match config.memory.backend {
        MemoryBackendKind::Embedded => BackendChoice::Embedded,
        MemoryBackendKind::Chroma => BackendChoice::Chroma {
            url: config.memory.chroma_url.clone(),
            prefix: config.memory.chroma_collection_prefix.clone(),
        },
    }
}

/// Opens the memory the configuration describes (the index loaded; the built-in model's 90 MB
/// of weights read on its first use, so a server whose memory is never used does not hold them)
/// and says how it is: without model files, recall ranks by words, and start-up says so.
pub async fn open(config: &Config, store: Store) -> Result<MemoryService, MemoryError> {
    let spec = embedder_spec(config);
    let chosen = spec != EmbedderSpec::None;
    let embedder = EmbedderStatus::from_spec_on_first_use(&spec);
    // Said once at start-up when an embedder was asked for and is not there (model files
    // missing); turned off on purpose, it is only noted.
    match &embedder {
        EmbedderStatus::Lexical(why) if chosen => tracing::warn!("memory: {why}"),
        EmbedderStatus::Lexical(why) => tracing::info!("memory: {why}"),
        EmbedderStatus::Ready(_) => {}
    }
    let memory =
        MemoryService::open(store, backend_choice(config), embedder, settings(config)).await?;
    let status = memory.status().await;
    if status.ok {
        tracing::info!(backend = status.backend, "memory: {}", status.detail);
    } else {
        tracing::warn!(backend = status.backend, "memory: {}", status.detail);
    }
    Ok(memory)
}

/// Runs upkeep every few seconds until cancelled.
pub async fn upkeep(memory: MemoryService, cancel: CancellationToken) {
    let mut tick = tokio::time::interval(UPKEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            _ = tick.tick() => {}
        }
        match memory.upkeep().await {
            Ok(done) => {
                if done.expired > 0 || done.embedded > 0 || done.reloaded {
                    tracing::info!(
                        expired = done.expired,
                        embedded = done.embedded,
                        reloaded = done.reloaded,
                        "memory upkeep"
                    );
                }
            }
            Err(e) => tracing::warn!(error = %e, "memory upkeep failed; next round later"),
        }
    }
}
