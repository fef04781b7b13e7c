//! Ollama's `/api/chat`: NDJSON when streaming, one JSON object otherwise. Tool calls arrive with
//! their arguments as JSON objects (sometimes as strings) and no ids; fresh ids are made up so
//! results can be matched. Every request carries `options.num_ctx`, the window the prompt was built
//! for: without it Ollama cuts a longer prompt to its default window without a word.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::body::{Body, Limits};
use crate::client::{EventStream, ModelClient, collect};
use crate::error::{excerpt, send_checked};
use crate::frames::{Dialect, Empty, Ended, drive, ndjson_lines};
use crate::requests::OllamaChat;
use crate::{ChatRequest, ChatResponse, FinishReason, LlmError, StreamEvent, ToolCall, Usage};

pub struct OllamaClient {
    base_url: String,
    http: reqwest::Client,
    timeout: Duration,
    first_byte_timeout: Duration,
    idle_timeout: Duration,
}

impl OllamaClient {
    /// `base_url` like `http://127.0.0.1:11434`; `timeout` bounds each whole call.
    pub fn new(base_url: &str, timeout: Duration) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http: warden_http::client(),
            timeout,
            first_byte_timeout: timeout,
            idle_timeout: timeout,
        }
    }

    /// How long the backend may take to start answering (status, headers and the first byte of
    /// the body) before the call fails with [`LlmError::FirstByteTimeout`]; by default the whole
    /// call's timeout.
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

    fn limits(&self) -> Limits {
        Limits {
            first_byte: self.first_byte_timeout,
            idle: self.idle_timeout,
            total: self.timeout,
        }
    }

    fn url(&self) -> String {
        format!("{}/api/chat", self.base_url)
    }

    pub(crate) fn body(request: &ChatRequest, stream: bool) -> OllamaChat<'_> {
        OllamaChat::new(request, stream)
    }

    async fn send(&self, request: &ChatRequest, stream: bool) -> Result<Body, LlmError> {
        let url = self.url();
        send_checked(
            self.http.post(&url).json(&Self::body(request, stream)),
            &url,
            self.limits(),
        )
        .await
    }
}

fn finish_reason(reason: Option<&str>, had_tools: bool) -> FinishReason {
    if had_tools {
        return FinishReason::ToolCalls;
    }
    match reason {
        Some("stop") | None => FinishReason::Stop,
        Some("length") => FinishReason::Length,
        Some(_) => FinishReason::Other,
    }
}

fn usage(chunk: &Value) -> Option<Usage> {
    let prompt = chunk["prompt_eval_count"].as_u64();
    let completion = chunk["eval_count"].as_u64();
    (prompt.is_some() || completion.is_some()).then(|| Usage {
        prompt_tokens: prompt.unwrap_or(0),
        completion_tokens: completion.unwrap_or(0),
    })
}

fn tool_calls(message: &Value) -> Vec<ToolCall> {
    let mut calls = crate::calls::from_entries(&message["tool_calls"]);
    crate::calls::ensure_ids(&mut calls);
    calls
}

/// What one NDJSON line adds to the stream.
fn events_of(line: &str, calls_so_far: &mut usize) -> Result<(Vec<StreamEvent>, bool), LlmError> {
    let chunk: Value = serde_json::from_str(line).map_err(|e| {
        LlmError::Protocol(format!(
            "a stream line is not JSON ({e}): {}",
            excerpt(line)
        ))
    })?;
    if let Some(error) = chunk["error"].as_str() {
        if let Some(window) = crate::context::overflow(error) {
            return Err(LlmError::ContextOverflow {
                detail: excerpt(error),
                window,
            });
        }
        return Err(LlmError::Protocol(format!(
            "the model reported an error mid-stream: {error}"
        )));
    }
    let mut events = Vec::new();
    if let Some(text) = chunk["message"]["content"]
        .as_str()
        .filter(|t| !t.is_empty())
    {
        events.push(StreamEvent::TextDelta(text.to_owned()));
    }
    for call in tool_calls(&chunk["message"]) {
        *calls_so_far += 1;
        events.push(StreamEvent::ToolCall(call));
    }
    let done = chunk["done"].as_bool().unwrap_or(false);
    if done {
        events.push(StreamEvent::Done {
            finish_reason: finish_reason(chunk["done_reason"].as_str(), *calls_so_far > 0),
            usage: usage(&chunk),
        });
    }
    Ok((events, done))
}

/// Ollama's reading of its NDJSON lines: tool calls counted so far, for the finish reason.
struct Lines {
    calls: usize,
}

impl Dialect for Lines {
    fn frame(&mut self, line: &str, out: &mut Vec<StreamEvent>) -> Result<bool, LlmError> {
        let (events, done) = events_of(line, &mut self.calls)?;
        out.extend(events);
        Ok(done)
    }

    fn ended(&mut self) -> Ended {
        Ended::Cut(LlmError::Protocol(
            "the stream ended before the answer was done".to_owned(),
        ))
    }
}

impl ModelClient for OllamaClient {
    fn describe(&self) -> String {
        format!("ollama {}", self.base_url)
    }

    fn context_window<'a>(
        &'a self,
        model: &'a str,
    ) -> std::pin::Pin<Box<dyn Future<Output = Option<u32>> + Send + 'a>> {
        Box::pin(async move {
            let url = format!("{}/api/show", self.base_url);
            let body = crate::client::discovery_json(
                &self.http,
                &url,
                Some(json!({"model": model})),
                None,
            )
            .await?;
            crate::context::from_ollama_show(&body)
        })
    }

    fn chat_stream(&self, request: ChatRequest) -> EventStream<'_> {
        let start = async move {
            let response = self.send(&request, true).await?;
            Ok::<_, LlmError>(drive(ndjson_lines(response), Lines { calls: 0 }))
        };
        Box::pin(futures_util::stream::once(start).flat_map(|started| {
            match started {
                Err(e) => futures_util::stream::iter(vec![Err(e)]).boxed(),
                // Ollama's dialect never reports an empty stream: its end is a cut answer.
                Ok(events) => events
                    .map(|item| {
                        item.unwrap_or_else(|Empty| {
                            Err(LlmError::Protocol(
                                "the stream ended before the answer was done".to_owned(),
                            ))
                        })
                    })
                    .boxed(),
            }
        }))
    }

    fn chat(
        &self,
        request: ChatRequest,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<ChatResponse, LlmError>> + Send + '_>> {
        Box::pin(async move {
            let response = self.send(&request, false).await?;
            let text = response.text().await?;
            let mut calls = 0;
            let (events, done) = events_of(&text, &mut calls)?;
            if !done {
                return Err(LlmError::Protocol(
                    "the answer is not marked done".to_owned(),
                ));
            }
            collect(Box::pin(futures_util::stream::iter(
                events.into_iter().map(Ok),
            )))
            .await
        })
    }
}
