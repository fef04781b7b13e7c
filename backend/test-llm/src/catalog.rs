//! What a model server says about its model, for clients that ask before they chat (`warden
//! doctor`): Ollama's `POST /api/show` (`model_info` with `<family>.context_length`,
//! `capabilities`), the OpenAI-compatible `GET /v1/models` (vLLM adds `max_model_len`), and
//! llama.cpp's `GET /props` (`default_generation_settings.n_ctx`). Until a card is given,
//! `/api/show` and `/props` answer 404 and `/v1/models` an empty list, as a server without the
//! model would.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
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

pub(crate) type Card = Arc<Mutex<Option<ModelCard>>>;

pub(crate) fn routes<S>(card: Card) -> Router<S> {
    Router::new()
        .route("/api/show", post(show))
        .route("/v1/models", get(models))
        .route("/props", get(props))
        .with_state(card)
}

impl ScriptedLlm {
    /// Describes the served model from now on.
    pub fn describe_model(&self, card: ModelCard) -> &Self {
        if let Ok(mut slot) = self.card.lock() {
            *slot = Some(card);
        }
        self
    }
}

fn current(card: &Card) -> Option<ModelCard> {
    card.lock().ok().and_then(|slot| slot.clone())
}

fn not_found(message: String) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({ "error": message })),
    )
        .into_response()
}

async fn show(State(card): State<Card>, body: String) -> Response {
    let asked = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v["model"].as_str().map(str::to_owned))
        .unwrap_or_default();
    match current(&card).filter(|c| c.model == asked) {
        None => not_found(format!("model '{asked}' not found")),
        Some(c) => {
            let mut info = json!({ "general.architecture": "llama" });
            if let Some(n) = c.context_length {
                info["llama.context_length"] = json!(n);
            }
            let mut capabilities = vec!["completion"];
            if c.tools {
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
    }
}

async fn models(State(card): State<Card>) -> Response {
    let data: Vec<Value> = current(&card)
        .into_iter()
        .map(|c| {
            let mut entry = json!({ "id": c.model, "object": "model", "owned_by": "scripted" });
            if let (true, Some(n)) = (c.vllm, c.context_length) {
                entry["max_model_len"] = json!(n);
            }
            entry
        })
        .collect();
    axum::Json(json!({ "object": "list", "data": data })).into_response()
}

async fn props(State(card): State<Card>) -> Response {
    match current(&card) {
        Some(ModelCard {
            context_length: Some(n),
            vllm: false,
            ..
        }) => axum::Json(json!({ "default_generation_settings": { "n_ctx": n } })).into_response(),
        Some(_) | None => not_found("File Not Found".to_owned()),
    }
}
