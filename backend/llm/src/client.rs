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
