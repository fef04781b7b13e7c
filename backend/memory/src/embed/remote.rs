//! Embeddings from a server: Ollama's `POST /api/embed` (`{"model", "input": [..]}` answered with
//! `{"embeddings": [[..], ..]}`) or an OpenAI-compatible `POST /v1/embeddings` (answered with
//! `{"data": [{"index", "embedding"}, ..]}`). Bounded in time and in the size of the answer.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use super::EmbedError;

/// One call's time limit.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read (256 texts of 4,096 floats as JSON fit well within it).
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// Which wire format the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteApi {
    Ollama,
    OpenAi,
}

impl RemoteApi {
    pub fn as_str(self) -> &'static str {
        match self {
            RemoteApi::Ollama => "ollama",
            RemoteApi::OpenAi => "openai",
        }
    }
}

/// A client for one embedding model on one server.
#[derive(Debug)]
pub struct RemoteEmbedder {
    api: RemoteApi,
    base: String,
    model: String,
    api_key: Option<String>,
    client: reqwest::Client,
}

#[derive(Deserialize)]
struct OllamaAnswer {
    embeddings: Vec<Vec<f32>>,
}

#[derive(Deserialize)]
struct OpenAiAnswer {
    data: Vec<OpenAiItem>,
}

#[derive(Deserialize)]
struct OpenAiItem {
    index: usize,
    embedding: Vec<f32>,
}

impl RemoteEmbedder {
    pub fn new(api: RemoteApi, url: &str, model: &str, api_key: Option<String>) -> Self {
        let client = warden_http::client_builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Self {
            api,
            base: url.trim_end_matches('/').to_owned(),
            model: model.to_owned(),
            api_key,
            client,
        }
    }

    /// `ollama/MODEL` or `openai/MODEL`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.api.as_str(), self.model)
    }

    pub async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let (path, body) = match self.api {
            RemoteApi::Ollama => ("/api/embed", json!({"model": self.model, "input": texts})),
            RemoteApi::OpenAi => (
                "/v1/embeddings",
                json!({"model": self.model, "input": texts}),
            ),
        };
        let url = format!("{}{path}", self.base);
        let mut request = self.client.post(&url).json(&body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        let unavailable =
            |e: &dyn std::fmt::Display| EmbedError::Unavailable(format!("{url}: {e}"));
        let mut response = request.send().await.map_err(|e| unavailable(&e))?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| unavailable(&e))? {
            if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(EmbedError::Malformed(format!(
                    "{url}: the answer is larger than {MAX_ANSWER_BYTES} bytes"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            let text = String::from_utf8_lossy(&bytes);
            let excerpt: String = text.chars().take(300).collect();
            return Err(unavailable(&format!("HTTP {status}: {excerpt}")));
        }
        let malformed = |e: &dyn std::fmt::Display| EmbedError::Malformed(format!("{url}: {e}"));
        match self.api {
            RemoteApi::Ollama => {
                let answer: OllamaAnswer =
                    serde_json::from_slice(&bytes).map_err(|e| malformed(&e))?;
                Ok(answer.embeddings)
            }
            RemoteApi::OpenAi => {
                let mut answer: OpenAiAnswer =
                    serde_json::from_slice(&bytes).map_err(|e| malformed(&e))?;
                answer.data.sort_by_key(|item| item.index);
                if answer
                    .data
                    .iter()
                    .enumerate()
                    .any(|(i, item)| item.index != i)
                {
                    return Err(malformed(&"the indexes are not 0..n"));
                }
                Ok(answer.data.into_iter().map(|item| item.embedding).collect())
            }
        }
    }
}
