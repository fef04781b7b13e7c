//! Ollama tools over its HTTP API: `ollama_ps` lists the models it holds in memory (with the GPU
//! memory each takes and when Ollama means to unload it), `ollama_unload` asks it to unload one
//! now (`POST /api/generate` with `keep_alive: 0`, as Ollama documents). The Ollama URL comes from
//! configuration; without one both answer that no Ollama is configured.

use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_protocol::readings::{LoadedModelData, OllamaPsData};
use warden_tool_api::{
    Effect, RegistryBuilder, ToolContext, ToolError, ToolOutput, TypedTool, typed,
};

/// Longest answer read from Ollama.
const MAX_BODY_BYTES: usize = 256 * 1024;
/// One request to Ollama.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Where Ollama listens (`http://127.0.0.1:11434`), if anywhere.
#[derive(Debug, Clone, Default)]
pub struct OllamaConfig {
    pub url: Option<String>,
}

struct Ollama {
    url: Option<String>,
    client: reqwest::Client,
}

impl Ollama {
    fn url(&self, path: &str) -> Result<String, ToolError> {
        let base = self.url.as_deref().ok_or_else(|| {
            ToolError::Unavailable(
                "no Ollama is configured (tools.ollama_url, or an [[llm.models]] entry with api = \"ollama\")".to_owned(),
            )
        })?;
        Ok(format!("{}{path}", base.trim_end_matches('/')))
    }

    /// Sends a request and reads a bounded JSON answer.
    async fn json(&self, request: reqwest::RequestBuilder) -> Result<Value, ToolError> {
        let unreachable =
            |e: reqwest::Error| ToolError::Unavailable(format!("Ollama does not answer: {e}"));
        let mut response = request
            .timeout(REQUEST_TIMEOUT)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(ToolError::Failed(format!(
                    "Ollama's answer is over {MAX_BODY_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if !status.is_success() {
            let why = parsed["error"].as_str().map_or_else(
                || String::from_utf8_lossy(&body).into_owned(),
                str::to_owned,
            );
            return Err(ToolError::Failed(format!(
                "Ollama answered {status}: {why}"
            )));
        }
        Ok(parsed)
    }
}

/// `expires_at` as Ollama writes it (RFC 3339 with nanoseconds and an offset) to Unix seconds.
pub fn expires_at(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp())
}

/// A model name as Ollama writes them (`llama3:8b`, `library/qwen2.5:7b-instruct`).
fn check_model(name: &str) -> Result<(), ToolError> {
    let ok = !name.is_empty()
        && name.len() <= 200
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":._-/".contains(c))
        && !name.starts_with(['-', '/', '.']);
    if ok {
        Ok(())
    } else {
        Err(ToolError::InvalidArguments(format!(
            "'{name}' is not a model name (letters, digits, ':', '.', '_', '-', '/')"
        )))
    }
}

struct OllamaPs(Arc<Ollama>);

/// `ollama_ps` takes no arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

impl TypedTool for OllamaPs {
    type Args = NoArgs;
    const NAME: &'static str = "ollama_ps";
    const DESCRIPTION: &'static str = "The models Ollama holds in memory: name, size, GPU memory used, and when Ollama means to unload each.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, _: NoArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let url = self.0.url("/api/ps")?;
        let answer = self.0.json(self.0.client.get(url)).await?;
        let models: Vec<LoadedModelData> = answer["models"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| LoadedModelData {
                name: m["name"].as_str().map(str::to_owned),
                size: m["size"].as_u64(),
                size_vram: m["size_vram"].as_u64(),
                expires_at: m["expires_at"].as_str().and_then(expires_at),
            })
            .collect();
        let text = if models.is_empty() {
            "no model is loaded\n".to_owned()
        } else {
            models
                .iter()
                .map(|m| {
                    format!(
                        "{} {:.1} GiB in GPU memory, unloads at {}\n",
                        m.name.as_deref().unwrap_or("?"),
                        m.size_vram.unwrap_or(0) as f64 / (1u64 << 30) as f64,
                        m.expires_at
                            .map_or_else(|| "null".to_owned(), |at| at.to_string())
                    )
                })
                .collect()
        };
        let data = serde_json::to_value(OllamaPsData { models })
            .map_err(|e| ToolError::Failed(format!("cannot encode the data: {e}")))?;
        Ok(ToolOutput::new(text, data))
    }
}

struct OllamaUnload(Arc<Ollama>);

/// Arguments of `ollama_unload`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnloadArgs {
    /// The model, as `ollama_ps` names it.
    pub model: String,
}

impl TypedTool for OllamaUnload {
    type Args = UnloadArgs;
    const NAME: &'static str = "ollama_unload";
    const DESCRIPTION: &'static str =
        "Ask Ollama to unload a model from memory now (it loads again on its next request).";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    // It talks to Ollama over the network.
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: UnloadArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_model(&args.model)?;
        let url = self.0.url("/api/generate")?;
        let answer = self
            .0
            .json(
                self.0
                    .client
                    .post(url)
                    .json(&json!({"model": args.model, "keep_alive": 0})),
            )
            .await?;
        Ok(ToolOutput::new(
            format!("asked Ollama to unload {}", args.model),
            json!({"model": args.model, "done": answer["done"], "done_reason": answer["done_reason"]}),
        ))
    }
}

pub fn register(builder: &mut RegistryBuilder, config: &OllamaConfig) {
    let ollama = Arc::new(Ollama {
        url: config.url.clone(),
        client: warden_http::client(),
    });
    builder
        .add(typed(OllamaPs(ollama.clone())))
        .add(typed(OllamaUnload(ollama)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ollama_times_and_model_names() {
        assert_eq!(
            expires_at("2024-06-04T14:38:31.83753-07:00"),
            Some(1_717_537_111)
        );
        assert_eq!(expires_at("soon"), None);
        for ok in [
            "llama3:8b",
            "library/qwen2.5:7b-instruct",
            "nomic-embed-text",
        ] {
            assert!(check_model(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", "a b", "../x", "x?y"] {
            assert!(check_model(bad).is_err(), "{bad}");
        }
    }
}
