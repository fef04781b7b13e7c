//! OpenAI-compatible `/v1/chat/completions` (OpenAI, vLLM, llama.cpp, LM Studio): server-sent
//! events when streaming. Tool calls stream in pieces (`delta.tool_calls[index]`) and are assembled
//! before they are delivered. Quirks real servers have: an assistant message with `content: null`
//! is rejected by some (so `""` is sent), `tools` are ignored without `tool_choice: "auto"`, and a
//! streamed answer can come back as an empty body (llama.cpp with tools), in which case the same
//! request is made again without streaming (on a fresh connection: the server closes the one the
//! stream failed on, and a pooled connection reused for the retry fails as "not reachable"), and
//! later requests with tools are not streamed to that server at all. Tool-call pieces are read
//! whatever their shape (see
//! [`crate::calls`]): arguments as string pieces or as a whole object, a missing `index`, the same
//! index reused for a second call, the name repeated in every piece.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::body::{Body, Limits};
use crate::client::{EventStream, ModelClient};
use crate::error::{excerpt, send_checked};
use crate::frames::{Dialect, Driven, Empty, Ended, drive, sse_data};
use crate::requests::OpenAiChat;
use crate::{ChatRequest, ChatResponse, FinishReason, LlmError, StreamEvent, ToolCall, Usage};

pub struct OpenAiClient {
    base_url: String,
    api_key: Option<String>,
    http: reqwest::Client,
    /// Without connection reuse, for the retry after an empty stream.
    fresh: reqwest::Client,
    /// Set once a stream with tools came back empty: this server does not stream tool calls.
    no_tool_streams: std::sync::atomic::AtomicBool,
    timeout: Duration,
    first_byte_timeout: Duration,
    idle_timeout: Duration,
}

impl OpenAiClient {
    /// `base_url` like `http://127.0.0.1:8000` or `https://api.openai.com/v1`.
    pub fn new(base_url: &str, api_key: Option<String>, timeout: Duration) -> Self {
        Self {
            base_url: base_url
                .trim_end_matches('/')
                .trim_end_matches("/v1")
                .to_owned(),
            api_key,
            http: warden_http::client(),
            fresh: warden_http::client_builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap_or_default(),
            no_tool_streams: std::sync::atomic::AtomicBool::new(false),
            timeout,
            first_byte_timeout: timeout,
            idle_timeout: timeout,
        }
    }

    /// How long the backend may take to start answering (status and headers) before the call
    /// fails with [`LlmError::FirstByteTimeout`]; by default the whole call's timeout.
    pub fn with_first_byte_timeout(mut self, limit: Duration) -> Self {
        self.first_byte_timeout = limit.min(self.timeout);
        self
    }

    /// The longest pause between two chunks of an answer that has started before the call fails
    /// with [`LlmError::Stalled`]; by default the whole call's timeout.
    pub fn with_idle_timeout(mut self, limit: Duration) -> Self {
        self.idle_timeout = limit.min(self.timeout);
        self
    }

    fn url(&self) -> String {
        format!("{}/v1/chat/completions", self.base_url)
    }

    pub(crate) fn body(request: &ChatRequest, stream: bool) -> OpenAiChat<'_> {
        OpenAiChat::new(request, stream)
    }

    async fn send(&self, request: &ChatRequest, stream: bool) -> Result<Body, LlmError> {
        self.send_with(&self.http, request, stream).await
    }

    async fn send_with(
        &self,
        http: &reqwest::Client,
        request: &ChatRequest,
        stream: bool,
    ) -> Result<Body, LlmError> {
        let url = self.url();
        let mut builder = http.post(&url).json(&Self::body(request, stream));
        if let Some(key) = &self.api_key {
            builder = builder.bearer_auth(key);
        }
        let limits = Limits {
            first_byte: self.first_byte_timeout,
            idle: self.idle_timeout,
            total: self.timeout,
        };
        send_checked(builder, &url, limits).await
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        self.complete_with(&self.http, request).await
    }

    async fn complete_with(
        &self,
        http: &reqwest::Client,
        request: &ChatRequest,
    ) -> Result<ChatResponse, LlmError> {
        let response = self.send_with(http, request, false).await?;
        let text = response.text().await?;
        parse_completion(&text)
    }
}

/// A whole (non-streamed) answer.
fn parse_completion(text: &str) -> Result<ChatResponse, LlmError> {
    let body: Value = serde_json::from_str(text).map_err(|e| {
        LlmError::Protocol(format!("the answer is not JSON ({e}): {}", excerpt(text)))
    })?;
    let choice = &body["choices"][0];
    if choice.is_null() {
        return Err(LlmError::Protocol(format!(
            "the answer has no choices: {}",
            excerpt(text)
        )));
    }
    let mut calls = crate::calls::from_entries(&choice["message"]["tool_calls"]);
    // The deprecated single `function_call`, which some servers still send alone.
    if calls.is_empty()
        && let Some(call) = crate::calls::from_entry(&choice["message"]["function_call"])
    {
        calls.push(call);
    }
    crate::calls::ensure_ids(&mut calls);
    Ok(ChatResponse {
        content: content_text(&choice["message"]["content"]),
        finish_reason: finish_reason(
            match choice["finish_reason"].as_str() {
                Some("tool_calls" | "function_call") if calls.is_empty() => Some("stop"),
                other => other,
            },
            !calls.is_empty(),
        ),
        tool_calls: calls,
        usage: usage(&body["usage"]),
    })
}

/// A message's content: a string, or (some servers) a list of text parts; null is no text.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|part| part["text"].as_str().or_else(|| part.as_str()))
            .collect(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::Object(_) => String::new(),
    }
}

fn finish_reason(reason: Option<&str>, had_tools: bool) -> FinishReason {
    match reason {
        Some("tool_calls" | "function_call") => FinishReason::ToolCalls,
        _ if had_tools => FinishReason::ToolCalls,
        Some("stop") | None => FinishReason::Stop,
        Some("length") => FinishReason::Length,
        Some(_) => FinishReason::Other,
    }
}

fn usage(usage: &Value) -> Option<Usage> {
    let prompt = usage["prompt_tokens"].as_u64()?;
    Some(Usage {
        prompt_tokens: prompt,
        completion_tokens: usage["completion_tokens"].as_u64().unwrap_or(0),
    })
}

/// A tool call being assembled from deltas.
#[derive(Default)]
struct PartialCall {
    /// The `index` the server gave it, if any.
    index: Option<u64>,
    id: Option<String>,
    name: String,
    /// String pieces of the arguments, joined.
    arguments: String,
    /// Arguments sent as a JSON object (merged when several pieces are objects).
    object: Option<serde_json::Map<String, Value>>,
}

impl PartialCall {
    fn into_call(self) -> Option<ToolCall> {
        let arguments = match (self.object, self.arguments.trim().is_empty()) {
            (Some(object), true) => Value::Object(object),
            (Some(_) | None, false) => Value::String(self.arguments),
            (None, true) => Value::Null,
        };
        crate::calls::from_entry(&json!({
            "id": self.id.unwrap_or_default(),
            "function": {"name": self.name, "arguments": arguments},
        }))
    }
}

struct StreamState {
    /// Events made and not yet handed to the driver.
    queue: Vec<StreamEvent>,
    calls: Vec<PartialCall>,
    finish: Option<String>,
    usage: Option<Usage>,
    seen_any: bool,
    finished: bool,
}

impl StreamState {
    /// Handles one event's data; true when the stream is complete.
    fn data(&mut self, data: &str) -> Result<bool, LlmError> {
        self.seen_any = true;
        if data.trim() == "[DONE]" {
            self.complete();
            return Ok(true);
        }
        let chunk: Value = serde_json::from_str(data).map_err(|e| {
            LlmError::Protocol(format!("an event is not JSON ({e}): {}", excerpt(data)))
        })?;
        if let Some(error) = chunk.get("error") {
            let text = error["message"]
                .as_str()
                .map_or_else(|| error.to_string(), str::to_owned);
            if let Some(window) = crate::context::overflow(&text) {
                return Err(LlmError::ContextOverflow {
                    detail: excerpt(&text),
                    window,
                });
            }
            return Err(LlmError::Protocol(format!(
                "the model reported an error mid-stream: {}",
                excerpt(&error.to_string())
            )));
        }
        if let Some(u) = usage(&chunk["usage"]) {
            self.usage = Some(u);
        }
        let choice = &chunk["choices"][0];
        if let Some(text) = choice["delta"]["content"]
            .as_str()
            .filter(|t| !t.is_empty())
        {
            self.queue.push(StreamEvent::TextDelta(text.to_owned()));
        }
        for delta in choice["delta"]["tool_calls"]
            .as_array()
            .into_iter()
            .flatten()
        {
            self.tool_delta(delta);
        }
        // The deprecated single `function_call`, streamed: one call, read as the unstreamed
        // `message.function_call` is.
        let legacy = &choice["delta"]["function_call"];
        if legacy.is_object() {
            self.tool_delta(&json!({"index": 0, "function": legacy}));
        }
        if let Some(reason) = choice["finish_reason"].as_str() {
            self.finish = Some(reason.to_owned());
        }
        Ok(false)
    }

    /// Adds one `tool_calls` piece to the call it continues, or starts a new call.
    fn tool_delta(&mut self, delta: &Value) {
        let index = delta["index"].as_u64();
        let id = delta["id"].as_str().filter(|id| !id.is_empty());
        let function = &delta["function"];
        let name = function["name"].as_str().filter(|n| !n.is_empty());
        let continues = |call: &PartialCall| {
            // Same index, unless it brings another id or another name: some servers number
            // every call 0. A name that starts with the name so far is the same one resent.
            let other_id = id.is_some_and(|id| call.id.as_deref().is_some_and(|c| c != id));
            let other_name = name.is_some_and(|n| {
                !call.name.is_empty() && call.name != n && !n.starts_with(call.name.as_str())
            }) && id.is_some();
            !other_id && !other_name
        };
        let at = match index {
            Some(index) => self
                .calls
                .iter()
                .rposition(|c| c.index == Some(index))
                .filter(|at| continues(&self.calls[*at])),
            // No index: a piece with a new id starts a call, anything else continues the last.
            None => match id {
                Some(id) if !self.calls.iter().any(|c| c.id.as_deref() == Some(id)) => None,
                Some(_) | None => self
                    .calls
                    .len()
                    .checked_sub(1)
                    .filter(|at| continues(&self.calls[*at])),
            },
        };
        let at = at.unwrap_or_else(|| {
            self.calls.push(PartialCall {
                index,
                ..PartialCall::default()
            });
            self.calls.len() - 1
        });
        let call = &mut self.calls[at];
        if let Some(id) = id {
            call.id = Some(id.to_owned());
        }
        // Some servers repeat the whole name, or the name so far, in every piece.
        if let Some(name) = name {
            if name.starts_with(call.name.as_str()) {
                call.name = name.to_owned();
            } else {
                call.name.push_str(name);
            }
        }
        match &function["arguments"] {
            Value::String(piece) => add_piece(&mut call.arguments, piece),
            Value::Object(object) => call
                .object
                .get_or_insert_with(serde_json::Map::new)
                .extend(object.clone()),
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::Array(_) => {}
        }
    }

    /// Delivers the assembled calls and the end.
    fn complete(&mut self) {
        let mut calls: Vec<ToolCall> = std::mem::take(&mut self.calls)
            .into_iter()
            .filter_map(PartialCall::into_call)
            .collect();
        crate::calls::ensure_ids(&mut calls);
        let had_tools = !calls.is_empty();
        for call in calls {
            self.queue.push(StreamEvent::ToolCall(call));
        }
        // A server that announced tool calls and sent none usable has finished an answer.
        let finish = match self.finish.as_deref() {
            Some("tool_calls" | "function_call") if !had_tools => Some("stop"),
            other => other,
        };
        self.queue.push(StreamEvent::Done {
            finish_reason: finish_reason(finish, had_tools),
            usage: self.usage,
        });
        self.finished = true;
    }
}

/// Adds one string piece of streamed arguments. Some servers resend the whole arguments so far
/// in every piece: a piece that starts with the buffer and is longer replaces it, and one that
/// repeats a buffer already holding a complete JSON value is dropped. A piece equal to an
/// unfinished buffer is appended, as an ordinary increment would be.
fn add_piece(buffer: &mut String, piece: &str) {
    let resent =
        !buffer.is_empty() && piece.len() > buffer.len() && piece.starts_with(buffer.as_str());
    // The same complete value again brings nothing new.
    let repeated = piece == buffer.as_str() && serde_json::from_str::<Value>(buffer).is_ok();
    if resent {
        *buffer = piece.to_owned();
    } else if !repeated {
        buffer.push_str(piece);
    }
}

impl Dialect for StreamState {
    fn frame(&mut self, data: &str, out: &mut Vec<StreamEvent>) -> Result<bool, LlmError> {
        let read = self.data(data);
        out.append(&mut self.queue);
        Ok(read? || self.finished)
    }

    fn ended(&mut self) -> Ended {
        if !self.seen_any {
            return Ended::Empty;
        }
        if self.finish.is_some() {
            // Some servers end with a finish_reason and close without [DONE].
            self.complete();
            return Ended::Complete(std::mem::take(&mut self.queue));
        }
        Ended::Cut(LlmError::Protocol(
            "the stream ended before the answer was done".to_owned(),
        ))
    }
}

impl ModelClient for OpenAiClient {
    fn describe(&self) -> String {
        format!("openai-compatible {}", self.base_url)
    }

    /// llama.cpp's `/props` (the window each slot has), then `/v1/models` (vLLM's
    /// `max_model_len` and the names other servers use).
    fn context_window<'a>(
        &'a self,
        model: &'a str,
    ) -> std::pin::Pin<Box<dyn Future<Output = Option<u32>> + Send + 'a>> {
        Box::pin(async move {
            let key = self.api_key.as_deref();
            let props = format!("{}/props", self.base_url);
            if let Some(body) = crate::client::discovery_json(&self.http, &props, None, key).await
                && let Some(window) = crate::context::from_llamacpp_props(&body)
            {
                return Some(window);
            }
            let models = format!("{}/v1/models", self.base_url);
            let body = crate::client::discovery_json(&self.http, &models, None, key).await?;
            crate::context::from_models_list(&body, model)
        })
    }

    fn chat_stream(&self, request: ChatRequest) -> EventStream<'_> {
        use std::sync::atomic::Ordering;
        if !request.tools.is_empty() && self.no_tool_streams.load(Ordering::Relaxed) {
            return Box::pin(
                futures_util::stream::once(async move { self.complete(&request).await }).flat_map(
                    |answer| {
                        futures_util::stream::iter(match answer {
                            Ok(response) => replay(response),
                            Err(e) => vec![Err(e)],
                        })
                    },
                ),
            );
        }
        // Shared by the streamed attempt and the non-streamed retry an empty stream calls for.
        let request = std::sync::Arc::new(request);
        let for_retry = request.clone();
        let start = async move {
            let response = self.send(&request, true).await?;
            let state = StreamState {
                queue: Vec::new(),
                calls: Vec::new(),
                finish: None,
                usage: None,
                seen_any: false,
                finished: false,
            };
            // A server that ignores `stream` answers with one JSON object: read it whole.
            let json = response
                .content_type
                .as_deref()
                .is_some_and(|v| v.starts_with("application/json"));
            if json {
                let text = response.text().await?;
                let events: Vec<Driven> = replay(parse_completion(&text)?)
                    .into_iter()
                    .map(Ok)
                    .collect();
                Ok::<_, LlmError>(futures_util::stream::iter(events).boxed())
            } else {
                Ok(drive(sse_data(response), state))
            }
        };
        Box::pin(futures_util::stream::once(start).flat_map(move |started| {
            let for_retry = for_retry.clone();
            match started {
                Err(e) => futures_util::stream::iter(vec![Err(e)]).boxed(),
                Ok(events) => events
                    .flat_map(move |item| match item {
                        Ok(Ok(event)) => futures_util::stream::iter(vec![Ok(event)]).boxed(),
                        Ok(Err(e)) => futures_util::stream::iter(vec![Err(e)]).boxed(),
                        // The server answered a stream with nothing: ask again without streaming.
                        Err(Empty) => futures_util::stream::once({
                            let request = for_retry.clone();
                            async move {
                                tracing::debug!(
                                    "empty stream from {}; retrying without streaming",
                                    self.base_url
                                );
                                if !request.tools.is_empty() {
                                    self.no_tool_streams.store(true, Ordering::Relaxed);
                                }
                                self.complete_with(&self.fresh, &request).await
                            }
                        })
                        .flat_map(|answer| {
                            futures_util::stream::iter(match answer {
                                Ok(response) => replay(response),
                                Err(e) => vec![Err(e)],
                            })
                        })
                        .boxed(),
                    })
                    .boxed(),
            }
        }))
    }

    fn chat(
        &self,
        request: ChatRequest,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<ChatResponse, LlmError>> + Send + '_>> {
        Box::pin(async move { self.complete(&request).await })
    }
}

fn replay(response: ChatResponse) -> Vec<Result<StreamEvent, LlmError>> {
    let mut events = Vec::new();
    if !response.content.is_empty() {
        events.push(Ok(StreamEvent::TextDelta(response.content)));
    }
    events.extend(
        response
            .tool_calls
            .into_iter()
            .map(|c| Ok(StreamEvent::ToolCall(c))),
    );
    events.push(Ok(StreamEvent::Done {
        finish_reason: response.finish_reason,
        usage: response.usage,
    }));
    events
}
