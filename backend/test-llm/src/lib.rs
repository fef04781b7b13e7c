//! A scripted LLM server for tests: the one faked part of Warden's tests, faked at the process
//! boundary. It answers Ollama's `POST /api/chat` and the OpenAI-compatible
//! `POST /v1/chat/completions` in their exact wire formats, streaming (NDJSON, server-sent events)
//! or not as the request asks, from a queue of scripted replies, and records every request so tests
//! can assert what the model was sent. Streamed bodies are cut into small, oddly sized chunks so
//! clients' decoders meet split lines and split events. It also serves embeddings (Ollama's
//! `/api/embed`, OpenAI's `/v1/embeddings`) from a hashed bag of words.
//!
//! It is strict by default ([`strict`]): a request a real server would refuse (OpenAI's rules for
//! histories and tool calls, llama.cpp's refusal of `content: null`, Ollama's of string arguments)
//! is answered 400 with the reason, as those servers do. It can also play a backend with a
//! context window ([`ScriptedLlm::context_window`]): discovery answers as Ollama, llama.cpp or vLLM
//! give them, and a prompt over the window is refused as llama-cpp-python refuses it.
//!
//! For tests against a real model server, [`RecordingProxy`] stands between Warden and it and
//! keeps every request and answer, so a test can see what the real model was sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod catalog;
mod ollama;
mod openai;
mod proxy;
pub mod strict;

pub use catalog::ModelCard;
pub use proxy::{Exchange, RecordingProxy};

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use serde_json::{Value, json};

pub mod embed;
/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A plain text answer.
    Text(String),
    /// Native tool calls: (name, arguments).
    ToolCalls(Vec<(String, Value)>),
    /// Text, then native tool calls, in one answer (reasoning before a call).
    TextAndCalls(String, Vec<(String, Value)>),
    /// OpenAI format only: tool calls whose `arguments` string is sent verbatim (bad JSON, say).
    RawArguments(Vec<(String, String)>),
    /// An error status with a body, and optionally `Retry-After` seconds.
    Status {
        status: u16,
        body: String,
        retry_after: Option<u64>,
    },
    /// Wait, then answer.
    Delay(Duration, Box<Reply>),
    /// Stream the start of this text, then drop the connection without finishing.
    BrokenStream(String),
    /// Answer a streaming request with 200 and an empty body (llama.cpp with tools does this).
    EmptyStream,
    /// A recorded body, sent byte for byte with this content type.
    Raw { content_type: String, body: String },
    /// Read the request, then never answer (no status, no headers) while the client waits: a
    /// backend that accepts work and hangs.
    Hang,
    /// Answer 200 with the headers of the asked format (streamed or not), then send no byte of
    /// the body while keeping the connection open: a backend whose worker hangs after the
    /// response has started.
    HeadersThenStall,
    /// Send the start of this text answer (streamed: its first pieces; not streamed: the first
    /// half of the JSON body), then nothing more while keeping the connection open.
    StallMidStream(String),
    /// A streamed text answer that stops after `first` until the test opens `gate`, then sends
    /// `rest`: proof that a client shows text while the model is still writing.
    Gated {
        first: String,
        gate: Gate,
        rest: String,
    },
}

/// Holds a [`Reply::Gated`] answer until opened (opening first is fine: the answer then passes).
#[derive(Debug, Clone)]
pub struct Gate(Arc<tokio::sync::Semaphore>);

impl Default for Gate {
    fn default() -> Self {
        Self::new()
    }
}

impl Gate {
    pub fn new() -> Self {
        Self(Arc::new(tokio::sync::Semaphore::new(0)))
    }

    pub fn open(&self) {
        self.0.add_permits(1);
    }

    async fn pass(&self) {
        if let Ok(permit) = self.0.acquire().await {
            permit.forget();
        }
    }
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub body: Value,
}

/// Answers from the request itself, for concurrent runs that must not share one queue.
pub type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

/// Which server's discovery answers [`ScriptedLlm::context_window`] plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discovery {
    /// `POST /api/show` with `model_info.<arch>.context_length`.
    Ollama,
    /// `GET /props` with `default_generation_settings.n_ctx`.
    LlamaCpp,
    /// `GET /v1/models` with `max_model_len`.
    Vllm,
    /// No discovery answers (llama-cpp-python's server): the window shows only in refusals.
    Silent,
}

#[derive(Default)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    responder: Mutex<Option<Responder>>,
    /// Recording every request costs memory under load; benchmarks turn it off.
    record: AtomicBool,
    /// Send streamed bodies whole instead of in small chunks (small writes meet delayed ACKs and
    /// cost about 40 ms each: right for testing decoders, wrong for measuring anything else).
    whole: AtomicBool,
    /// Refuse what real servers refuse (on unless a test turns it off).
    lenient: AtomicBool,
    context: Mutex<Option<(u32, Discovery)>>,
    /// The model the discovery routes describe, when a test gives one
    /// ([`ScriptedLlm::describe_model`]); it takes precedence over [`Script::context`].
    card: Mutex<Option<ModelCard>>,
    /// Models Ollama's `GET /api/ps` lists (as Ollama writes them).
    loaded: Mutex<Vec<Value>>,
}

pub struct ScriptedLlm {
    pub base_url: String,
    pub addr: SocketAddr,
    script: Arc<Script>,
    embed: embed::Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ScriptedLlm {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ScriptedLlm {
    pub async fn start() -> Self {
        let script = Arc::new(Script::default());
        script.record.store(true, Ordering::Relaxed);
        let embed = embed::Shared::default();
        let app = Router::new()
            .route("/api/chat", post(ollama::chat))
            .route("/api/show", post(show))
            .route("/props", get(props))
            .route("/v1/models", get(models))
            .route("/v1/chat/completions", post(openai::chat))
            .route("/api/ps", get(ollama_ps))
            .route("/api/generate", post(ollama_generate))
            .merge(embed::routes(embed.clone()))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        // Streamed chunks go out as written, as from a real server's socket with TCP_NODELAY
        // (Ollama's Go server sets it by default): Nagle's algorithm would hold each small chunk
        // until the client's delayed ACK.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://{addr}"),
            addr,
            script,
            embed,
            task,
        }
    }

    /// Answers with `responder` whenever the queue is empty.
    pub fn respond_with(&self, responder: Responder) -> &Self {
        *self.script.responder.lock().unwrap() = Some(responder);
        self
    }

    /// Stops recording requests and sends bodies whole (for load and timing).
    pub fn stop_recording(&self) -> &Self {
        self.script.record.store(false, Ordering::Relaxed);
        self.script.whole.store(true, Ordering::Relaxed);
        self
    }

    /// Accepts requests a real server would refuse (for tests of what a client sends, not of
    /// what a server takes).
    pub fn lenient(&self) -> &Self {
        self.script.lenient.store(true, Ordering::Relaxed);
        self
    }

    /// Plays a backend serving a `tokens` context window: discovery says so as `discovery`'s
    /// server does, and a prompt estimated above it (see [`prompt_tokens`]) is refused the way
    /// llama-cpp-python refuses it.
    pub fn context_window(&self, tokens: u32, discovery: Discovery) -> &Self {
        *self.script.context.lock().unwrap() = Some((tokens, discovery));
        self
    }

    /// Lists a model as loaded in `GET /api/ps` (the entry as Ollama writes it: `name`, `model`,
    /// `size`, `size_vram`, `expires_at`...) until a `POST /api/generate` with `keep_alive: 0`
    /// unloads it.
    pub fn load_model(&self, entry: Value) -> &Self {
        self.script.loaded.lock().unwrap().push(entry);
        self
    }

    pub fn push(&self, reply: Reply) -> &Self {
        self.script.replies.lock().unwrap().push_back(reply);
        self
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.script.requests.lock().unwrap().clone()
    }
}

/// How the scripted server counts a prompt's tokens: a quarter of the bytes of its messages and
/// tools as JSON, about what real tokenizers give for English and JSON.
pub fn prompt_tokens(body: &Value) -> u32 {
    let bytes =
        body["messages"].to_string().len() + body.get("tools").map_or(0, |t| t.to_string().len());
    u32::try_from(bytes.div_ceil(4)).unwrap_or(u32::MAX)
}

/// Records the request and picks its reply; a refusal comes back as the error response.
fn next(script: &Script, path: &str, body: &Value) -> Result<Option<Reply>, Box<Response>> {
    if script.record.load(Ordering::Relaxed) {
        script.requests.lock().unwrap().push(Recorded {
            path: path.to_owned(),
            body: body.clone(),
        });
    }
    if !script.lenient.load(Ordering::Relaxed) {
        let checked = if path == "/api/chat" {
            strict::check_ollama(body)
        } else {
            strict::check_openai(body)
        };
        if let Err(reason) = checked {
            return Err(Box::new(refusal(path, 400, &reason)));
        }
    }
    if let Some((window, _)) = *script.context.lock().unwrap() {
        let tokens = prompt_tokens(body);
        if tokens >= window {
            let message = format!("Requested tokens ({tokens}) exceed context window of {window}");
            return Err(Box::new(refusal(path, 400, &message)));
        }
    }
    let queued = script.replies.lock().unwrap().pop_front();
    Ok(queued.or_else(|| {
        script
            .responder
            .lock()
            .unwrap()
            .as_ref()
            .map(|respond| respond(body))
    }))
}

/// An error answer in the route's own format.
fn refusal(path: &str, status: u16, message: &str) -> Response {
    let body = if path == "/api/chat" {
        json!({"error": message})
    } else {
        json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": null}})
    };
    status_response(status, body.to_string(), None)
}

async fn show(State(script): State<Arc<Script>>, body: String) -> Response {
    if let Some(card) = script.card.lock().unwrap().clone() {
        return catalog::show(&card, &body);
    }
    match *script.context.lock().unwrap() {
        Some((tokens, Discovery::Ollama)) => axum::Json(json!({
            "modelfile": "FROM scripted",
            "parameters": "stop \"<|im_end|>\"",
            "details": {"family": "llama", "parameter_size": "135M"},
            "model_info": {"general.architecture": "llama", "llama.context_length": tokens},
        }))
        .into_response(),
        // As Ollama says it for a model it has not pulled.
        Some(_) | None => {
            let asked = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v["model"].as_str().map(str::to_owned))
                .unwrap_or_default();
            status_response(
                404,
                json!({"error": format!("model '{asked}' not found")}).to_string(),
                None,
            )
        }
    }
}

async fn props(State(script): State<Arc<Script>>) -> Response {
    if let Some(card) = script.card.lock().unwrap().clone() {
        return catalog::props(&card);
    }
    match *script.context.lock().unwrap() {
        Some((tokens, Discovery::LlamaCpp)) => axum::Json(json!({
            "default_generation_settings": {"n_ctx": tokens, "temperature": 0.8},
            "total_slots": 1,
        }))
        .into_response(),
        Some(_) | None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}

async fn models(State(script): State<Arc<Script>>) -> Response {
    if let Some(card) = script.card.lock().unwrap().clone() {
        return catalog::models(&card);
    }
    let mut entry = json!({"id": "scripted", "object": "model", "owned_by": "me"});
    if let Some((tokens, Discovery::Vllm)) = *script.context.lock().unwrap() {
        entry["max_model_len"] = json!(tokens);
    }
    axum::Json(json!({"object": "list", "data": [entry]})).into_response()
}

const MODEL_CREATED: &str = "2026-11-21T10:00:00.000000000Z";

/// A streamed body: `before` cut into chunks of 1 to 11 bytes (so lines and events straddle
/// chunk boundaries), then, once `gate` passes, `after`; `broken` drops the connection at the end.
fn streamed(before: String, gate: Option<(Gate, String)>, broken: bool, whole: bool) -> Body {
    fn cut(text: String, whole: bool) -> Vec<Result<Bytes, std::io::Error>> {
        if whole {
            return vec![Ok(Bytes::from(text))];
        }
        let bytes = text.into_bytes();
        let mut chunks = Vec::new();
        let mut at = 0;
        let mut size = 1;
        while at < bytes.len() {
            let end = (at + size).min(bytes.len());
            chunks.push(Ok(Bytes::copy_from_slice(&bytes[at..end])));
            at = end;
            size = size % 11 + 1;
        }
        chunks
    }
    let whole = whole && !broken && gate.is_none();
    let mut first = cut(before, whole);
    let (gate, after) = match gate {
        Some((gate, after)) => (Some(gate), cut(after, false)),
        None => (None, Vec::new()),
    };
    let mut after = after;
    if broken {
        after.push(Err(std::io::Error::other("scripted connection drop")));
    }
    let head = futures_util::stream::iter(std::mem::take(&mut first));
    let wait = futures_util::stream::once(async move {
        if let Some(gate) = gate {
            gate.pass().await;
        }
        Ok(Bytes::new())
    });
    let tail = futures_util::stream::iter(after);
    Body::from_stream(head.chain(wait).chain(tail).then(|c| async move {
        tokio::task::yield_now().await;
        c
    }))
}

/// A body that sends `before` (in one chunk, when there is any), then nothing, never ending:
/// the connection stays open until the client gives up.
fn stalled(before: String) -> Body {
    let head = futures_util::stream::iter(
        (!before.is_empty()).then(|| Ok::<_, std::io::Error>(Bytes::from(before))),
    );
    let never = futures_util::stream::pending::<Result<Bytes, std::io::Error>>();
    Body::from_stream(head.chain(never))
}

/// The first half of `text` (by characters).
fn first_half(text: &str) -> String {
    text.chars().take(text.chars().count() / 2).collect()
}

/// A 200 answer with `content_type` whose body is [`stalled`] after `before`.
fn stalled_response(content_type: &'static str, before: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], stalled(before)).into_response()
}

fn status_response(status: u16, body: String, retry_after: Option<u64>) -> Response {
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if let Some(secs) = retry_after {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&secs.to_string()).unwrap(),
        );
    }
    response
}

fn raw(content_type: &str, body: String) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// Text split into a few pieces, as a model streams it.
fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect()).collect()
}

async fn resolve(mut reply: Option<Reply>) -> Option<Reply> {
    while let Some(Reply::Delay(pause, inner)) = reply {
        tokio::time::sleep(pause).await;
        reply = Some(*inner);
    }
    if let Some(Reply::Hang) = reply {
        // Until the client gives up and the connection (and this handler) is dropped.
        std::future::pending::<()>().await;
    }
    reply
}

/// Ollama's `GET /api/ps`: the models in memory.
async fn ollama_ps(State(script): State<Arc<Script>>) -> Response {
    let models = script.loaded.lock().unwrap().clone();
    axum::Json(json!({ "models": models })).into_response()
}

/// Ollama's `POST /api/generate`, as far as unloading goes: no prompt and `keep_alive: 0` unloads
/// the model (recorded like every request).
async fn ollama_generate(State(script): State<Arc<Script>>, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if script.record.load(Ordering::Relaxed) {
        script.requests.lock().unwrap().push(Recorded {
            path: "/api/generate".to_owned(),
            body: body.clone(),
        });
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    let unload = body.get("prompt").is_none() && body["keep_alive"] == json!(0);
    if model.is_empty() || !unload {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "this scripted server only unloads models"})),
        )
            .into_response();
    }
    script
        .loaded
        .lock()
        .unwrap()
        .retain(|m| m["name"] != json!(model));
    axum::Json(json!({
        "model": model,
        "created_at": "2026-11-30T12:00:00.000000000Z",
        "response": "",
        "done": true,
        "done_reason": "unload"
    }))
    .into_response()
}
