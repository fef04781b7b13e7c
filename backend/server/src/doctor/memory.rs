//! The memory: the embedder answers (built-in, Ollama or OpenAI-compatible) with vectors of the
//! dimension the stored ones have, and ChromaDB, when it is the backend, answers with its version
//! and holds (or can create) the collection of this embedder. Neither is required: without an
//! embedder recall ranks by words, and writes wait in the outbox while ChromaDB is away.

use warden_memory::chroma::{ChromaClient, collection_name};
use warden_memory::embed::{EmbedderSpec, EmbedderStatus};
use warden_memory::embedded::bytes_vector;
use warden_store::Store;

use super::Verdict;
use crate::config::{Config, MemoryBackendKind};

/// What the embedder check learned, for the ChromaDB check: the model's label and dimension.
pub struct Probed {
    pub model: String,
    pub dimensions: usize,
}

/// Which embedder the configuration names, and where: said in every detail, so that a stalled
/// or failing embedder is found without reading the configuration.
pub fn target(config: &Config) -> String {
    match crate::memory::embedder_spec(config) {
        EmbedderSpec::MiniLm { dir } => {
            format!("the built-in embedder (files in {})", dir.display())
        }
        EmbedderSpec::Remote {
            api, url, model, ..
        } => format!("the {} embedder '{model}' at {url}", api.as_str()),
        EmbedderSpec::None => "no embedder".to_owned(),
    }
}

/// The embedder's verdict, and what it answered with when it did; `loaded` is the embedder a
/// running server holds (None: built from the configuration, loading the built-in model).
pub async fn embedder(
    config: &Config,
    store: Result<Option<&Store>, String>,
    loaded: Option<EmbedderStatus>,
) -> (Verdict, Option<Probed>) {
    let spec = crate::memory::embedder_spec(config);
    if spec == EmbedderSpec::None {
        return (
            Verdict::ok("memory.embedder = \"none\": recall ranks by words"),
            None,
        );
    }
    let built = match loaded {
        Some(loaded) => Ok(loaded),
        None => tokio::task::spawn_blocking(move || EmbedderStatus::from_spec(&spec)).await,
    };
    let embedder = match built {
        Ok(EmbedderStatus::Ready(embedder)) => embedder,
        Ok(EmbedderStatus::Lexical(why)) => return (Verdict::failed(why), None),
        Err(e) => return (Verdict::failed(format!("the check stopped: {e}")), None),
    };
    let model = embedder.model();
    let dimensions = match embedder.embed_one("warden doctor").await {
        Ok(vector) => vector.len(),
        Err(e) => {
            return (
                Verdict::failed(format!("{}: {e}; recall ranks by words", target(config))),
                None,
            );
        }
    };
    let probed = Probed {
        model: model.clone(),
        dimensions,
    };
    let head = format!("{model} answers with {dimensions} dimensions");
    let store = match store {
        Ok(Some(store)) => store,
        // The database check says why it cannot be read.
        Ok(None) | Err(_) => return (Verdict::ok(head), Some(probed)),
    };
    if config.memory.backend != MemoryBackendKind::Embedded {
        return (Verdict::ok(head), Some(probed));
    }
    let verdict = match store.memory_vectors_after(&model, "", 1).await {
        Err(e) => Verdict::failed(format!("{head}; the stored vectors cannot be read: {e}")),
        Ok(rows) => match rows.first().and_then(|row| bytes_vector(&row.bytes)) {
            None => Verdict::ok(format!("{head}; no vectors of it stored yet")),
            Some(stored) if stored.len() == dimensions => {
                Verdict::ok(format!("{head}, as the stored vectors of {model}"))
            }
            Some(stored) => Verdict::failed(format!(
                "{head}, but the stored vectors of {model} have {}: the model behind the name changed, and recall cannot compare them; configure the model that made them, or export the memories and import them again (warden memory export, warden memory import)",
                stored.len()
            )),
        },
    };
    (verdict, Some(probed))
}

/// ChromaDB answers, with its version, and the collection this embedder writes to exists or
/// will be created at the first write; another dimension's collection for the same model is
/// named (its memories would not be found).
pub async fn chroma(config: &Config, probed: Option<Probed>) -> Verdict {
    let url = &config.memory.chroma_url;
    let client = ChromaClient::new(url);
    if let Err(e) = client.heartbeat().await {
        return Verdict::failed(format!(
            "ChromaDB at {url}: {e}; memory writes wait in the outbox"
        ));
    }
    let version = match client.version().await {
        Ok(version) => version,
        Err(e) => return Verdict::failed(format!("ChromaDB at {url}: {e}")),
    };
    let (model, dimensions) = match probed {
        Some(probed) => (probed.model, probed.dimensions),
        // Without an embedder the backend's collection holds one-dimension placeholders.
        None => ("lexical".to_owned(), 1),
    };
    let prefix = &config.memory.chroma_collection_prefix;
    let name = collection_name(prefix, &model, dimensions);
    let head = format!("ChromaDB {version} at {url}");
    match client.existing_count(&name).await {
        Err(e) => Verdict::failed(format!("{head}: collection {name}: {e}")),
        Ok(Some(count)) => Verdict::ok(format!("{head}: collection {name} holds {count} memories")),
        Ok(None) => {
            // The same model's collection at another dimension: the memories stored there.
            let stem = collection_name(prefix, &model, 0);
            let stem = stem.trim_end_matches('0');
            let others: Vec<String> = match client.collection_names().await {
                Ok(names) => names
                    .into_iter()
                    .filter(|n| {
                        n.strip_prefix(stem).is_some_and(|dims| {
                            !dims.is_empty() && dims.chars().all(|c| c.is_ascii_digit())
                        })
                    })
                    .collect(),
                Err(e) => return Verdict::failed(format!("{head}: {e}")),
            };
            if others.is_empty() {
                Verdict::ok(format!(
                    "{head}: collection {name} does not exist yet; the first memory creates it"
                ))
            } else {
                Verdict::failed(format!(
                    "{head}: {model} answers with {dimensions} dimensions, but its memories are in {} (another dimension): they would not be found; configure the model that made them",
                    others.join(", ")
                ))
            }
        }
    }
}
