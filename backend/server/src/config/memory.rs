//! `[memory]`: where memories live, how they are embedded, what is learned and for how long.

use std::path::PathBuf;

use serde::Deserialize;

use super::{ConfigError, Secret};

/// Where memories live (`memory.backend`, `WARDEN_MEMORY_BACKEND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryBackendKind {
    /// In the SQL database with an in-process vector index (no extra process).
    Embedded,
    /// ChromaDB at `memory.chroma_url`.
    Chroma,
}

/// Where embeddings come from (`memory.embedder`, `WARDEN_MEMORY_EMBEDDER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedderKind {
    /// all-MiniLM-L6-v2 in this process, from the model directory.
    Builtin,
    /// Ollama's `/api/embed` at `memory.embed_url`.
    Ollama,
    /// An OpenAI-compatible `/v1/embeddings` at `memory.embed_url`.
    OpenAi,
    /// No embeddings: recall ranks by words.
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemoryConfig {
    pub backend: MemoryBackendKind,
    /// `WARDEN_CHROMA_URL`, `memory.chroma_url` (default `http://127.0.0.1:8000`).
    pub chroma_url: String,
    /// `memory.chroma_collection_prefix`: collections are named `PREFIX-MODEL-DIMENSIONS`
    /// (default `warden-memories`), so several Wardens can share one ChromaDB.
    pub chroma_collection_prefix: String,
    pub embedder: EmbedderKind,
    /// `WARDEN_EMBED_URL`, `memory.embed_url`: the Ollama or OpenAI-compatible server.
    pub embed_url: Option<String>,
    /// `WARDEN_EMBED_MODEL`, `memory.embed_model`: its embedding model.
    pub embed_model: Option<String>,
    /// `WARDEN_EMBED_API_KEY` (environment only).
    pub embed_api_key: Option<Secret>,
    /// `WARDEN_MEMORY_MODEL_DIR`, `memory.model_dir`: the built-in model's files; default
    /// `<data_dir>/models/all-minilm-l6-v2` when it exists, else
    /// `~/.cache/warden/models/all-minilm-l6-v2` (where `make` puts them).
    pub model_dir: Option<PathBuf>,
    /// `memory.max_content_chars` (4000).
    pub max_content_chars: usize,
    /// `memory.max_per_user` (10000) and `memory.max_shared` (100000) memories.
    pub max_per_user: i64,
    pub max_shared: i64,
    /// `memory.retention_days`: automatic memories (learned, summaries, repairs) older than this
    /// are deleted (365; 0 keeps them).
    pub retention_days: u64,
    /// `memory.min_score`: the least cosine a semantic recall returns (0.3).
    pub min_score: f32,
    /// `memory.recall_limit`: memories recalled into each chat prompt (5; 0 turns it off).
    pub recall_limit: usize,
    /// `memory.prompt_chars`: the most characters they take in the prompt (2000).
    pub prompt_chars: usize,
    /// `memory.learn_from_chat`: store facts and preferences stated in chat (true).
    pub learn_from_chat: bool,
    /// `memory.summaries`: summarise conversations once idle (true).
    pub summaries: bool,
    /// `memory.summary_idle_secs`: how long a conversation is idle before it is summarised (600).
    pub summary_idle_secs: u64,
    /// `memory.propose_runbook_after`: holds of the same fix before it is proposed as a
    /// runbook (3; 0 never proposes).
    pub propose_runbook_after: u32,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        Self {
            backend: MemoryBackendKind::Embedded,
            chroma_url: "http://127.0.0.1:8000".to_owned(),
            chroma_collection_prefix: warden_memory::chroma::DEFAULT_PREFIX.to_owned(),
            embedder: EmbedderKind::Builtin,
            embed_url: None,
            embed_model: None,
            embed_api_key: None,
            model_dir: None,
            max_content_chars: 4000,
            max_per_user: 10_000,
            max_shared: 100_000,
            retention_days: 365,
            min_score: 0.3,
            recall_limit: 5,
            prompt_chars: 2000,
            learn_from_chat: true,
            summaries: true,
            summary_idle_secs: 600,
            propose_runbook_after: 3,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMemory {
    backend: Option<String>,
    chroma_url: Option<String>,
    chroma_collection_prefix: Option<String>,
    embedder: Option<String>,
    embed_url: Option<String>,
    embed_model: Option<String>,
    model_dir: Option<PathBuf>,
    max_content_chars: Option<usize>,
    max_per_user: Option<i64>,
    max_shared: Option<i64>,
    retention_days: Option<u64>,
    min_score: Option<f32>,
    recall_limit: Option<usize>,
    prompt_chars: Option<usize>,
    learn_from_chat: Option<bool>,
    summaries: Option<bool>,
    summary_idle_secs: Option<u64>,
    propose_runbook_after: Option<u32>,
}

fn backend(key: &str, value: &str) -> Result<MemoryBackendKind, ConfigError> {
    match value {
        "embedded" => Ok(MemoryBackendKind::Embedded),
        "chroma" => Ok(MemoryBackendKind::Chroma),
        other => Err(ConfigError::new(
            key,
            format!("'{other}' is not one of: embedded, chroma"),
        )),
    }
}

fn embedder(key: &str, value: &str) -> Result<EmbedderKind, ConfigError> {
    match value {
        "builtin" => Ok(EmbedderKind::Builtin),
        "ollama" => Ok(EmbedderKind::Ollama),
        "openai" => Ok(EmbedderKind::OpenAi),
        "none" => Ok(EmbedderKind::None),
        other => Err(ConfigError::new(
            key,
            format!("'{other}' is not one of: builtin, ollama, openai, none"),
        )),
    }
}

impl FileMemory {
    pub(super) fn apply(self, config: &mut MemoryConfig) -> Result<(), ConfigError> {
        if let Some(value) = self.backend {
            config.backend = backend("memory.backend", &value)?;
        }
        if let Some(value) = self.embedder {
            config.embedder = embedder("memory.embedder", &value)?;
        }
        let set = |target: &mut String, value: Option<String>| {
            if let Some(value) = value {
                *target = value;
            }
        };
        set(&mut config.chroma_url, self.chroma_url);
        set(
            &mut config.chroma_collection_prefix,
            self.chroma_collection_prefix,
        );
        config.embed_url = self.embed_url.or(config.embed_url.take());
        config.embed_model = self.embed_model.or(config.embed_model.take());
        config.model_dir = self.model_dir.or(config.model_dir.take());
        macro_rules! copy {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { config.$field = v; } )* };
        }
        copy!(
            max_content_chars,
            max_per_user,
            max_shared,
            retention_days,
            min_score,
            recall_limit,
            prompt_chars,
            learn_from_chat,
            summaries,
            summary_idle_secs,
            propose_runbook_after
        );
        Ok(())
    }
}

/// Applies one `WARDEN_*` variable if it is a memory one; false when it is not.
pub(super) fn apply_env(
    config: &mut MemoryConfig,
    key: &str,
    value: &str,
) -> Result<bool, ConfigError> {
    let value = value.trim();
    match key {
        "WARDEN_MEMORY_BACKEND" => config.backend = backend(key, value)?,
        "WARDEN_MEMORY_EMBEDDER" => config.embedder = embedder(key, value)?,
        "WARDEN_CHROMA_URL" => config.chroma_url = value.to_owned(),
        "WARDEN_EMBED_URL" => config.embed_url = (!value.is_empty()).then(|| value.to_owned()),
        "WARDEN_EMBED_MODEL" => {
            config.embed_model = (!value.is_empty()).then(|| value.to_owned());
        }
        "WARDEN_EMBED_API_KEY" => {
            config.embed_api_key = (!value.is_empty()).then(|| Secret::new(value));
        }
        "WARDEN_MEMORY_MODEL_DIR" => {
            config.model_dir = (!value.is_empty()).then(|| PathBuf::from(value));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn http_url(key: &str, url: &str) -> Result<(), ConfigError> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(ConfigError::new(
            key,
            format!("'{url}' must start with http:// or https://"),
        ))
    }
}

impl MemoryConfig {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        http_url("memory.chroma_url", &self.chroma_url)?;
        if !warden_memory::chroma::valid_prefix(&self.chroma_collection_prefix) {
            return Err(ConfigError::new(
                "memory.chroma_collection_prefix",
                "must be 1 to 60 lower-case letters, digits and dashes, starting with a letter or digit",
            ));
        }
        if matches!(self.embedder, EmbedderKind::Ollama | EmbedderKind::OpenAi) {
            let url = self.embed_url.as_deref().ok_or_else(|| {
                ConfigError::new(
                    "memory.embed_url",
                    "is needed with memory.embedder = ollama or openai (WARDEN_EMBED_URL)",
                )
            })?;
            http_url("memory.embed_url", url)?;
            if self.embed_model.as_deref().is_none_or(str::is_empty) {
                return Err(ConfigError::new(
                    "memory.embed_model",
                    "is needed with memory.embedder = ollama or openai (WARDEN_EMBED_MODEL), e.g. nomic-embed-text",
                ));
            }
        }
        for (key, value) in [
            ("memory.max_content_chars", self.max_content_chars as i64),
            ("memory.max_per_user", self.max_per_user),
            ("memory.max_shared", self.max_shared),
        ] {
            if value <= 0 {
                return Err(ConfigError::new(key, "must be greater than 0"));
            }
        }
        if self.max_content_chars > 100_000 {
            return Err(ConfigError::new(
                "memory.max_content_chars",
                "must be at most 100000",
            ));
        }
        if !(-1.0..=1.0).contains(&self.min_score) {
            return Err(ConfigError::new(
                "memory.min_score",
                "must be a cosine between -1 and 1 (0.3 is a good start)",
            ));
        }
        if self.recall_limit > 50 {
            return Err(ConfigError::new(
                "memory.recall_limit",
                "must be at most 50",
            ));
        }
        if self.prompt_chars > 100_000 {
            return Err(ConfigError::new(
                "memory.prompt_chars",
                "must be at most 100000",
            ));
        }
        Ok(())
    }

    /// The built-in model's directory in effect.
    pub fn effective_model_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        if let Some(dir) = &self.model_dir {
            return dir.clone();
        }
        let in_data = data_dir.join("models").join("all-minilm-l6-v2");
        if in_data.is_dir() {
            return in_data;
        }
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
        match cache {
            Some(cache) => cache.join("warden/models/all-minilm-l6-v2"),
            None => in_data,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use pretty_assertions::assert_eq;

    use super::*;
    use crate::config::Config;

    fn load(file: Option<&str>, vars: &[(&str, &str)]) -> Result<Config, String> {
        let env: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_sources(file.map(|t| (Path::new("warden.toml"), t)), &env)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn memory_settings_from_file_and_environment() {
        let defaults = load(None, &[]).map(|c| c.memory);
        assert_eq!(defaults, Ok(MemoryConfig::default()));
        let config = load(
            Some(
                "[memory]\nbackend = \"chroma\"\nchroma_url = \"http://chroma:8000\"\nembedder = \"ollama\"\n\
                 embed_url = \"http://ollama:11434\"\nembed_model = \"nomic-embed-text\"\nretention_days = 0\n\
                 recall_limit = 3\nprompt_chars = 1500\nlearn_from_chat = false\npropose_runbook_after = 5\n",
            ),
            &[
                ("WARDEN_CHROMA_URL", "https://chroma.example:8443"),
                ("WARDEN_EMBED_API_KEY", "sk-embed"),
                ("WARDEN_MEMORY_MODEL_DIR", "/srv/models/minilm"),
            ],
        )
        .map(|c| c.memory);
        assert_eq!(
            config,
            Ok(MemoryConfig {
                backend: MemoryBackendKind::Chroma,
                chroma_url: "https://chroma.example:8443".to_owned(),
                embedder: EmbedderKind::Ollama,
                embed_url: Some("http://ollama:11434".to_owned()),
                embed_model: Some("nomic-embed-text".to_owned()),
                embed_api_key: Some(Secret::new("sk-embed")),
                model_dir: Some(PathBuf::from("/srv/models/minilm")),
                retention_days: 0,
                recall_limit: 3,
                prompt_chars: 1500,
                learn_from_chat: false,
                propose_runbook_after: 5,
                ..MemoryConfig::default()
            })
        );
        assert_eq!(
            load(
                None,
                &[
                    ("WARDEN_MEMORY_BACKEND", "embedded"),
                    ("WARDEN_MEMORY_EMBEDDER", "none")
                ]
            )
            .map(|c| (c.memory.backend, c.memory.embedder)),
            Ok((MemoryBackendKind::Embedded, EmbedderKind::None))
        );
    }

    #[test]
    fn bad_memory_settings_are_named() {
        for (file, vars, message) in [
            (
                None,
                vec![("WARDEN_MEMORY_BACKEND", "redis")],
                "WARDEN_MEMORY_BACKEND: 'redis' is not one of: embedded, chroma",
            ),
            (
                Some("[memory]\nembedder = \"bert\"\n"),
                vec![],
                "memory.embedder: 'bert' is not one of: builtin, ollama, openai, none",
            ),
            (
                None,
                vec![("WARDEN_CHROMA_URL", "chroma:8000")],
                "memory.chroma_url: 'chroma:8000' must start with http:// or https://",
            ),
            (
                Some("[memory]\nembedder = \"openai\"\n"),
                vec![],
                "memory.embed_url: is needed with memory.embedder = ollama or openai (WARDEN_EMBED_URL)",
            ),
            (
                Some("[memory]\nembedder = \"ollama\"\nembed_url = \"http://o:11434\"\n"),
                vec![],
                "memory.embed_model: is needed with memory.embedder = ollama or openai (WARDEN_EMBED_MODEL), e.g. nomic-embed-text",
            ),
            (
                Some("[memory]\nmin_score = 2.0\n"),
                vec![],
                "memory.min_score: must be a cosine between -1 and 1 (0.3 is a good start)",
            ),
            (
                Some("[memory]\nmax_per_user = 0\n"),
                vec![],
                "memory.max_per_user: must be greater than 0",
            ),
            (
                Some("[memory]\nchroma_collection_prefix = \"Bad Prefix\"\n"),
                vec![],
                "memory.chroma_collection_prefix: must be 1 to 60 lower-case letters, digits and dashes, starting with a letter or digit",
            ),
            (
                Some("[memory]\nrecall_limit = 500\n"),
                vec![],
                "memory.recall_limit: must be at most 50",
            ),
            (
                Some("[memory]\nbackend = 1\n"),
                vec![],
                "warden.toml: invalid type: integer `1`, expected a string at line 2, column 11",
            ),
        ] {
            assert_eq!(
                load(file, &vars).map(|c| c.memory),
                Err(format!("invalid configuration: {message}")),
                "{file:?} {vars:?}"
            );
        }
    }

    #[test]
    fn the_model_directory_is_configured_or_in_the_data_directory_or_the_cache() {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let configured = MemoryConfig {
            model_dir: Some(PathBuf::from("/srv/m")),
            ..MemoryConfig::default()
        };
        assert_eq!(
            configured.effective_model_dir(data.path()),
            PathBuf::from("/srv/m")
        );
        let default = MemoryConfig::default();
        assert!(
            default
                .effective_model_dir(data.path())
                .ends_with("warden/models/all-minilm-l6-v2")
        );
        let in_data = data.path().join("models/all-minilm-l6-v2");
        std::fs::create_dir_all(&in_data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(default.effective_model_dir(data.path()), in_data);
    }
}
