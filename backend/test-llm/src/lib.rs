//! A scripted LLM server for tests: the one faked part of Warden's tests, faked at the process
//! boundary. It answers Ollama's `POST /api/chat` and the OpenAI-compatible
//! `POST /v1/chat/completions` in their exact wire formats, streaming (NDJSON, server-sent events)
//! or not as the request asks, from a queue of scripted replies, and records every request so tests
//! can assert what the model was sent. Streamed bodies are cut into small, oddly sized chunks so
//! clients' decoders meet split lines and split events.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::StreamExt;
use serde_json::{Value, json};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A plain text answer.
    Text(String),
    /// Native tool calls: (name, arguments).
    ToolCalls(Vec<(String, Value)>),
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
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub body: Value,
}

/// Answers from the request itself, for concurrent runs that must not share one queue.
pub type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

#[derive(Default)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    responder: Mutex<Option<Responder>>,
    /// Recording every request costs memory under load; benchmarks turn it off.
    record: std::sync::atomic::AtomicBool,
    /// Send streamed bodies whole instead of in small chunks (small writes meet delayed ACKs and
    /// cost about 40 ms each: right for testing decoders, wrong for measuring anything else).
    whole: std::sync::atomic::AtomicBool,
    /// Models Ollama's `GET /api/ps` lists (as Ollama writes them).
    loaded: Mutex<Vec<Value>>,
}

pub struct ScriptedLlm {
    pub base_url: String,
    pub addr: SocketAddr,
    script: Arc<Script>,
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
        script
            .record
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let app = Router::new()
            .route("/api/chat", post(ollama))
            .route("/v1/chat/completions", post(openai))
            .route("/api/ps", axum::routing::get(ollama_ps))
            .route("/api/generate", post(ollama_generate))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://{addr}"),
            addr,
            script,
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
        self.script
            .record
            .store(false, std::sync::atomic::Ordering::Relaxed);
        self.script
            .whole
            .store(true, std::sync::atomic::Ordering::Relaxed);
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

fn next(script: &Script, path: &str, body: &Value) -> Option<Reply> {
    if script.record.load(std::sync::atomic::Ordering::Relaxed) {
        script.requests.lock().unwrap().push(Recorded {
            path: path.to_owned(),
            body: body.clone(),
        });
    }
    let queued = script.replies.lock().unwrap().pop_front();
    queued.or_else(|| {
        script
            .responder
            .lock()
            .unwrap()
            .as_ref()
            .map(|respond| respond(body))
    })
}

const MODEL_CREATED: &str = "2026-11-21T10:00:00.000000000Z";

/// Splits a body into chunks of 1 to 11 bytes, so lines and events straddle chunk boundaries.
fn chunked(text: String, broken: bool, whole: bool) -> Body {
    if whole && !broken {
        return Body::from(text);
    }
    let bytes = text.into_bytes();
    let mut chunks: Vec<Result<Bytes, std::io::Error>> = Vec::new();
    let mut at = 0;
    let mut size = 1;
    while at < bytes.len() {
        let end = (at + size).min(bytes.len());
        chunks.push(Ok(Bytes::copy_from_slice(&bytes[at..end])));
        at = end;
        size = size % 11 + 1;
    }
    if broken {
        chunks.push(Err(std::io::Error::other("scripted connection drop")));
    }
    Body::from_stream(futures_util::stream::iter(chunks).then(|c| async move {
        tokio::task::yield_now().await;
        c
    }))
}

fn status_response(status: u16, body: String, retry_after: Option<u64>) -> Response {
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
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
    reply
}

async fn ollama(State(script): State<Arc<Script>>, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let model = body["model"].as_str().unwrap_or("scripted").to_owned();
    let stream = body["stream"].as_bool().unwrap_or(true);
    let Some(reply) = resolve(next(&script, "/api/chat", &body)).await else {
        return status_response(
            500,
            json!({"error": "the script is exhausted"}).to_string(),
            None,
        );
    };
    let line = |message: Value, done: bool| {
        let mut v =
            json!({"model": model, "created_at": MODEL_CREATED, "message": message, "done": done});
        if done {
            for (k, n) in [
                ("done_reason", json!("stop")),
                ("total_duration", json!(1200)),
                ("load_duration", json!(100)),
                ("prompt_eval_count", json!(42)),
                ("prompt_eval_duration", json!(300)),
                ("eval_count", json!(7)),
                ("eval_duration", json!(800)),
            ] {
                v[k] = n;
            }
        }
        v
    };
    let (messages, broken): (Vec<Value>, bool) = match reply {
        Reply::Text(text) => (
            pieces(&text)
                .into_iter()
                .map(|p| json!({"role": "assistant", "content": p}))
                .collect(),
            false,
        ),
        Reply::BrokenStream(text) => (
            pieces(&text)
                .into_iter()
                .map(|p| json!({"role": "assistant", "content": p}))
                .collect(),
            true,
        ),
        Reply::ToolCalls(calls) => (
            vec![
                json!({"role": "assistant", "content": "", "tool_calls": calls.iter().map(|(n, a)| json!({"function": {"name": n, "arguments": a}})).collect::<Vec<_>>()}),
            ],
            false,
        ),
        Reply::RawArguments(calls) => (
            vec![
                json!({"role": "assistant", "content": "", "tool_calls": calls.iter().map(|(n, a)| json!({"function": {"name": n, "arguments": a}})).collect::<Vec<_>>()}),
            ],
            false,
        ),
        Reply::Status {
            status,
            body,
            retry_after,
        } => return status_response(status, body, retry_after),
        Reply::EmptyStream => return (StatusCode::OK, Body::empty()).into_response(),
        Reply::Raw { content_type, body } => return raw(&content_type, body),
        Reply::Delay(..) => return status_response(500, "unreachable".to_owned(), None),
    };
    if !stream {
        let content: String = messages
            .iter()
            .filter_map(|m| m["content"].as_str())
            .collect();
        let mut message = json!({"role": "assistant", "content": content});
        if let Some(calls) = messages.iter().find_map(|m| m.get("tool_calls")) {
            message["tool_calls"] = calls.clone();
        }
        return axum::Json(line(message, true)).into_response();
    }
    let mut text: String = messages
        .into_iter()
        .map(|m| format!("{}\n", line(m, false)))
        .collect();
    if !broken {
        text.push_str(&format!(
            "{}\n",
            line(json!({"role": "assistant", "content": ""}), true)
        ));
    }
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        chunked(
            text,
            broken,
            script.whole.load(std::sync::atomic::Ordering::Relaxed),
        ),
    )
        .into_response()
}

async fn openai(State(script): State<Arc<Script>>, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let model = body["model"].as_str().unwrap_or("scripted").to_owned();
    let stream = body["stream"].as_bool().unwrap_or(false);
    let Some(reply) = resolve(next(&script, "/v1/chat/completions", &body)).await else {
        return status_response(
            500,
            json!({"error": {"message": "the script is exhausted", "type": "server_error"}})
                .to_string(),
            None,
        );
    };
    let (text, calls, broken): (String, Vec<(String, String)>, bool) = match reply {
        Reply::Text(text) => (text, Vec::new(), false),
        Reply::BrokenStream(text) => (text, Vec::new(), true),
        Reply::ToolCalls(calls) => (
            String::new(),
            calls.into_iter().map(|(n, a)| (n, a.to_string())).collect(),
            false,
        ),
        Reply::RawArguments(calls) => (String::new(), calls, false),
        Reply::Status {
            status,
            body,
            retry_after,
        } => return status_response(status, body, retry_after),
        Reply::EmptyStream if stream => return (StatusCode::OK, Body::empty()).into_response(),
        Reply::Raw { content_type, body } => return raw(&content_type, body),
        Reply::EmptyStream => (String::new(), Vec::new(), false),
        Reply::Delay(..) => return status_response(500, "unreachable".to_owned(), None),
    };
    let finish = if calls.is_empty() {
        "stop"
    } else {
        "tool_calls"
    };
    if !stream {
        let mut message = json!({"role": "assistant", "content": if calls.is_empty() { json!(text) } else { Value::Null }});
        if !calls.is_empty() {
            message["tool_calls"] = calls
                .iter()
                .enumerate()
                .map(|(i, (n, a))| json!({"id": format!("call_{i}_scripted"), "type": "function", "function": {"name": n, "arguments": a}}))
                .collect();
        }
        return axum::Json(json!({
            "id": "chatcmpl-scripted", "object": "chat.completion", "created": 1_795_000_000, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49},
        }))
        .into_response();
    }
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1_795_000_000, "model": model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let mut events = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    events.extend(
        pieces(&text)
            .into_iter()
            .map(|p| chunk(json!({"content": p}), Value::Null)),
    );
    for (i, (name, arguments)) in calls.iter().enumerate() {
        events.push(chunk(json!({"tool_calls": [{"index": i, "id": format!("call_{i}_scripted"), "type": "function", "function": {"name": name, "arguments": ""}}]}), Value::Null));
        for part in pieces(arguments) {
            events.push(chunk(
                json!({"tool_calls": [{"index": i, "function": {"arguments": part}}]}),
                Value::Null,
            ));
        }
    }
    let mut out: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    if !broken {
        out.push_str(&format!("data: {}\n\n", chunk(json!({}), json!(finish))));
        out.push_str("data: [DONE]\n\n");
    }
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        chunked(
            out,
            broken,
            script.whole.load(std::sync::atomic::Ordering::Relaxed),
        ),
    )
        .into_response()
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
    if script.record.load(std::sync::atomic::Ordering::Relaxed) {
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
