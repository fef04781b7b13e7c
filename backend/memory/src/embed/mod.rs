//! Embeddings: text to unit vectors whose dot product says how close two meanings are. The
//! built-in MiniLM runs offline in this process; Ollama (`/api/embed`) and OpenAI-compatible
//! servers (`/v1/embeddings`) are used when configured. Without any, recall ranks by words.

pub mod minilm;
mod remote;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub use minilm::MiniLm;
pub use remote::{RemoteApi, RemoteEmbedder};

/// Most texts one call embeds.
pub const MAX_TEXTS: usize = 256;

/// Why texts could not be embedded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedError {
    /// The built-in model's files are missing or unusable.
    #[error("the embedding model's files: {0}")]
    ModelFiles(String),
    /// The embedding server could not be reached or answered an error.
    #[error("the embedding server: {0}")]
    Unavailable(String),
    /// The answer did not have the expected shape.
    #[error("the embedding server answered something unexpected: {0}")]
    Malformed(String),
    /// The computation failed.
    #[error("embedding failed: {0}")]
    Failed(String),
}

/// Which embedder to use (`memory.embedder`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedderSpec {
    /// The built-in all-MiniLM-L6-v2 from this directory.
    MiniLm { dir: PathBuf },
    /// An Ollama or OpenAI-compatible server: base URL, model, optional API key.
    Remote {
        api: RemoteApi,
        url: String,
        model: String,
        api_key: Option<String>,
    },
    /// No embeddings: recall ranks by words.
    None,
}

/// A ready embedder. Cheap to clone.
#[derive(Clone, Debug)]
pub enum Embedder {
    MiniLm(Arc<BuiltIn>),
    Remote(Arc<RemoteEmbedder>),
}

/// The built-in model: loaded at once, or on its first use so that a server whose memory is
/// never used does not hold its 90 MB of weights.
#[derive(Debug)]
pub struct BuiltIn {
    dir: PathBuf,
    model: OnceLock<Result<MiniLm, EmbedError>>,
}

impl BuiltIn {
    /// The model, loading it on the first call (blocking; about 90 MB read). A load that failed
    /// fails every later call the same way: the files are checked again only at the next start.
    fn model(&self) -> Result<&MiniLm, EmbedError> {
        self.model
            .get_or_init(|| MiniLm::load(&self.dir))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether the weights are in memory yet.
    pub fn loaded(&self) -> bool {
        self.model.get().is_some_and(Result::is_ok)
    }
}

/// What building an embedder from its spec gave: one, or none with the reason (said at start-up
/// and in `/readyz`).
#[derive(Debug, Clone)]
pub enum EmbedderStatus {
    Ready(Embedder),
    /// Recall ranks by words; the text says why.
    Lexical(String),
}

impl EmbedderStatus {
    /// Loads the model or prepares the client; blocking for the built-in model (call it from a
    /// blocking thread or at start-up).
    pub fn from_spec(spec: &EmbedderSpec) -> Self {
        match spec {
            EmbedderSpec::MiniLm { dir } => match MiniLm::load(dir) {
                Ok(model) => EmbedderStatus::Ready(Embedder::MiniLm(Arc::new(BuiltIn {
                    dir: dir.clone(),
                    model: OnceLock::from(Ok(model)),
                }))),
                Err(e) => Self::without_built_in(&e),
            },
            EmbedderSpec::Remote {
                api,
                url,
                model,
                api_key,
            } => EmbedderStatus::Ready(Embedder::Remote(Arc::new(RemoteEmbedder::new(
                *api,
                url,
                model,
                api_key.clone(),
            )))),
            EmbedderSpec::None => {
                EmbedderStatus::Lexical("embeddings are off; recall ranks by words".to_owned())
            }
        }
    }

    /// As [`EmbedderStatus::from_spec`], but the built-in model's weights are read on its first
    /// use (its files are only checked to be there now): what a server whose memory may never be
    /// used wants. Does not block.
    pub fn from_spec_on_first_use(spec: &EmbedderSpec) -> Self {
        match spec {
            EmbedderSpec::MiniLm { dir } => {
                let missing = minilm::missing_files(dir);
                if missing.is_empty() {
                    EmbedderStatus::Ready(Embedder::MiniLm(Arc::new(BuiltIn {
                        dir: dir.clone(),
                        model: OnceLock::new(),
                    })))
                } else {
                    Self::without_built_in(&minilm::missing_error(&missing))
                }
            }
            EmbedderSpec::Remote { .. } | EmbedderSpec::None => Self::from_spec(spec),
        }
    }

    fn without_built_in(error: &EmbedError) -> Self {
        EmbedderStatus::Lexical(format!(
            "no built-in embedder ({error}); recall ranks by words"
        ))
    }

    /// The embedder, when there is one.
    pub fn embedder(&self) -> Option<&Embedder> {
        match self {
            EmbedderStatus::Ready(embedder) => Some(embedder),
            EmbedderStatus::Lexical(_) => None,
        }
    }
}

impl Embedder {
    /// The model's name as vectors are labelled with it: `all-minilm-l6-v2`,
    /// `ollama/nomic-embed-text`, `openai/text-embedding-3-small`.
    pub fn model(&self) -> String {
        match self {
            Embedder::MiniLm(_) => minilm::MODEL_NAME.to_owned(),
            Embedder::Remote(remote) => remote.label(),
        }
    }

    /// One unit vector per text, in order. At most [`MAX_TEXTS`] texts.
    pub async fn embed(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.len() > MAX_TEXTS {
            return Err(EmbedError::Failed(format!(
                "{} texts in one call; at most {MAX_TEXTS}",
                texts.len()
            )));
        }
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let count = texts.len();
        let vectors = match self {
            Embedder::MiniLm(built_in) => {
                let built_in = built_in.clone();
                tokio::task::spawn_blocking(move || built_in.model()?.embed(&texts))
                    .await
                    .map_err(|e| EmbedError::Failed(e.to_string()))??
            }
            Embedder::Remote(remote) => remote.embed(&texts).await?,
        };
        if vectors.len() != count {
            return Err(EmbedError::Malformed(format!(
                "{} vectors for {count} texts",
                vectors.len()
            )));
        }
        let dimensions = vectors.first().map_or(0, Vec::len);
        if dimensions == 0 || vectors.iter().any(|v| v.len() != dimensions) {
            return Err(EmbedError::Malformed(
                "vectors of differing or zero length".to_owned(),
            ));
        }
        Ok(vectors.into_iter().map(normalised).collect())
    }

    /// One text's vector.
    pub async fn embed_one(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        self.embed(vec![text.to_owned()])
            .await?
            .pop()
            .ok_or_else(|| EmbedError::Malformed("no vector".to_owned()))
    }
}

/// Scaled to length 1 (servers do not all normalise), so a dot product is the cosine.
pub fn normalised(mut vector: Vec<f32>) -> Vec<f32> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        for x in &mut vector {
            *x /= norm;
        }
    }
    vector
}

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
