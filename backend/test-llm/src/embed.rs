//! Embeddings as model servers serve them: Ollama's `POST /api/embed` (`{"model", "input"}`
//! answered with `{"model", "embeddings": [[..]]}`) and the OpenAI-compatible `POST
//! /v1/embeddings` (answered with `{"object": "list", "data": [{"object": "embedding", "index",
//! "embedding"}], "model", "usage"}`). The vectors are a hashed bag of words (64 dimensions, not
//! normalised, as some servers send them): texts sharing words are close, which is enough to
//! test clients end to end. A server can be made to fail, as one that is down or overloaded.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use crate::ScriptedLlm;

/// The vectors' size.
pub const DIMENSIONS: usize = 64;

#[derive(Default)]
pub(crate) struct EmbedState {
    /// 0: answer; anything else: answer with this status.
    failing: AtomicU16,
    requests: std::sync::Mutex<Vec<Value>>,
}

pub(crate) type Shared = Arc<EmbedState>;

pub(crate) fn routes<S>(state: Shared) -> Router<S> {
    Router::new()
        .route("/api/embed", post(ollama))
        .route("/v1/embeddings", post(openai))
        .with_state(state)
}

/// The bag-of-words vector of `text`.
pub fn vector(text: &str) -> Vec<f32> {
    let mut v = vec![0.0f32; DIMENSIONS];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let hash = word
            .to_lowercase()
            .bytes()
            .fold(14_695_981_039_346_656_037u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(1_099_511_628_211)
            });
        v[(hash % DIMENSIONS as u64) as usize] += 1.0;
    }
    v[0] += 0.01;
    v
}

fn inputs(body: &Value) -> Option<Vec<String>> {
    match &body["input"] {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::Object(_) => None,
    }
}

fn check(state: &EmbedState, body: &str) -> Result<(Value, Vec<String>), Box<Response>> {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    state.requests.lock().unwrap().push(body.clone());
    let failing = state.failing.load(Ordering::SeqCst);
    if failing != 0 {
        return Err(Box::new(
            (
                StatusCode::from_u16(failing).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                axum::Json(json!({"error": "scripted failure"})),
            )
                .into_response(),
        ));
    }
    match inputs(&body) {
        Some(texts) => Ok((body, texts)),
        None => Err(Box::new(
            (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"error": "input must be a string or an array of strings"})),
            )
                .into_response(),
        )),
    }
}

async fn ollama(State(state): State<Shared>, body: String) -> Response {
    match check(&state, &body) {
        Err(response) => *response,
        Ok((body, texts)) => axum::Json(json!({
            "model": body["model"],
            "embeddings": texts.iter().map(|t| vector(t)).collect::<Vec<_>>(),
            "total_duration": 1000,
            "load_duration": 10,
            "prompt_eval_count": texts.len(),
        }))
        .into_response(),
    }
}

async fn openai(State(state): State<Shared>, body: String) -> Response {
    match check(&state, &body) {
        Err(response) => *response,
        Ok((body, texts)) => axum::Json(json!({
            "object": "list",
            // In reverse order: clients must go by `index`.
            "data": texts.iter().enumerate().rev().map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": vector(t)})).collect::<Vec<_>>(),
            "model": body["model"],
            "usage": {"prompt_tokens": texts.len(), "total_tokens": texts.len()},
        }))
        .into_response(),
    }
}

impl ScriptedLlm {
    /// Makes the embedding routes answer `status` (0: answer again).
    pub fn fail_embeddings(&self, status: u16) -> &Self {
        self.embed.failing.store(status, Ordering::SeqCst);
        self
    }

    /// The embedding requests received, in order.
    pub fn embed_requests(&self) -> Vec<Value> {
        self.embed.requests.lock().unwrap().clone()
    }
}
