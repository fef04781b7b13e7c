//! What a model server says about its model, for clients that ask before they chat (`warden
//! doctor`): Ollama's `POST /api/show` (`model_info` with `<family>.context_length`,
//! `capabilities`), the OpenAI-compatible `GET /v1/models` (vLLM adds `max_model_len`), and
//! llama.cpp's `GET /props` (`default_generation_settings.n_ctx`). A test gives the card with
//! [`ScriptedLlm::describe_model`]; until then the routes play [`ScriptedLlm::context_window`]'s
//! discovery, or a server that describes nothing.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::ScriptedLlm;

/// The model the server describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCard {
    /// The backend's name for it (what clients send as `model`).
    pub model: String,
    /// Its context window in tokens, when the server tells.
    pub context_length: Option<u64>,
    /// Whether Ollama lists `tools` among its capabilities.
    pub tools: bool,
    /// How the server tells the context window on the OpenAI side: vLLM's `max_model_len` in
    /// `/v1/models` (true) or llama.cpp's `/props` (false).
    pub vllm: bool,
}

impl ScriptedLlm {
    /// Describes the served model from now on.
    pub fn describe_model(&self, card: ModelCard) -> &Self {
        if let Ok(mut slot) = self.script.card.lock() {
            *slot = Some(card);
        }
        self
    }
}

fn not_found(message: String) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({ "error": message })),
    )
        .into_response()
}

pub(crate) fn show(card: &ModelCard, body: &str) -> Response {
    let asked = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["model"].as_str().map(str::to_owned))
        .unwrap_or_default();
    if card.model != asked {
        return not_found(format!("model '{asked}' not found"));
    }
    let mut info = json!({ "general.architecture": "llama" });
    if let Some(n) = card.context_length {
        info["llama.context_length"] = json!(n);
    }
    let mut capabilities = vec!["completion"];
    if card.tools {
        capabilities.push("tools");
    }
    axum::Json(json!({
        "modelfile": "",
        "details": { "family": "llama", "format": "gguf" },
        "model_info": info,
        "capabilities": capabilities,
    }))
    .into_response()
}

pub(crate) fn models(card: &ModelCard) -> Response {
    let mut entry = json!({ "id": card.model, "object": "model", "owned_by": "scripted" });
    if let (true, Some(n)) = (card.vllm, card.context_length) {
        entry["max_model_len"] = json!(n);
    }
    axum::Json(json!({ "object": "list", "data": [entry] })).into_response()
}

pub(crate) fn props(card: &ModelCard) -> Response {
    match card {
        ModelCard {
            context_length: Some(n),
            vllm: false,
            ..
        } => axum::Json(json!({ "default_generation_settings": { "n_ctx": n } })).into_response(),
        ModelCard { .. } => not_found("File Not Found".to_owned()),
    }
}
