use std::pin::Pin;

use futures_util::{Stream, StreamExt};

use crate::{ChatRequest, ChatResponse, FinishReason, LlmError, StreamEvent};

/// A stream of events, ending with `Done` or an error.
pub type EventStream<'a> = Pin<Box<dyn Stream<Item = Result<StreamEvent, LlmError>> + Send + 'a>>;

/// A chat backend.
pub trait ModelClient: Send + Sync {
    /// For messages and metrics: `ollama http://...`.
    fn describe(&self) -> String;

    /// The answer as it is produced.
    /// The stream owns the request; dropping it cancels the call.
    fn chat_stream(&self, request: ChatRequest) -> EventStream<'_>;

    /// The whole answer.
    fn chat(
        &self,
        request: ChatRequest,
    ) -> Pin<Box<dyn Future<Output = Result<ChatResponse, LlmError>> + Send + '_>>;

    /// The context window the backend serves `model` with, in tokens, when it says (a short,
    /// best-effort request; None when it does not say or cannot be asked).
    fn context_window<'a>(
        &'a self,
        model: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<u32>> + Send + 'a>> {
        let _ = model;
        Box::pin(async { None })
    }
}

/// How long context-window discovery may take in all (every request it makes together): it runs
/// before a model's first call, so a model that stalls fails within the call's first-byte limit
/// plus at most this much. A slower answer leaves the default window, asked again a minute later.
pub(crate) const DISCOVERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// GETs (or POSTs, with a body) a small JSON document for discovery; None on any failure.
pub(crate) async fn discovery_json(
    http: &reqwest::Client,
    url: &str,
    body: Option<serde_json::Value>,
    bearer: Option<&str>,
) -> Option<serde_json::Value> {
    let mut builder = match &body {
        Some(body) => http.post(url).json(body),
        None => http.get(url),
    };
    if let Some(key) = bearer {
        builder = builder.bearer_auth(key);
    }
    let response = builder.timeout(DISCOVERY_TIMEOUT).send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    let text = response.text().await.ok()?;
    if text.len() > 4 * 1024 * 1024 {
        return None;
    }
    serde_json::from_str(&text).ok()
}

/// Collects a stream into a response; used by clients whose non-streaming path is the stream.
pub async fn collect(mut stream: EventStream<'_>) -> Result<ChatResponse, LlmError> {
    let mut response = ChatResponse {
        content: String::new(),
        tool_calls: Vec::new(),
        finish_reason: FinishReason::Other,
        usage: None,
    };
    while let Some(event) = stream.next().await {
        match event? {
            StreamEvent::TextDelta(text) => response.content.push_str(&text),
            StreamEvent::ToolCall(call) => response.tool_calls.push(call),
            StreamEvent::Done {
                finish_reason,
                usage,
            } => {
                response.finish_reason = finish_reason;
                response.usage = usage;
                return Ok(response);
            }
        }
    }
    Err(LlmError::Protocol(
        "the stream ended before the answer was complete".to_owned(),
    ))
}
