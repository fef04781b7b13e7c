//! Talking to language models. Two wire formats, Ollama's `/api/chat` (NDJSON when streaming) and
//! the OpenAI-compatible `/v1/chat/completions` (server-sent events when streaming), behind one
//! [`ModelClient`] trait, both with native tool calling. Models without tool calling use the text
//! protocol: [`text_protocol::parse`] pulls tool calls out of whatever the model wrote.

mod action_names;
mod announced;
mod arg_blocks;
mod assignments;
mod bare_turns;
mod body;
mod breaker;
mod call_labels;
pub mod call_starts;
pub mod calls;
mod client;
mod code_arguments;
pub mod context;
#[cfg(test)]
mod cpu_time;
pub mod duplicate_keys;
mod encoded_calls;
pub mod envelopes;
mod error;
mod examples;
mod frames;
mod functional_tokens;
mod harmony;
mod inline_code;
mod interpreter_calls;
mod lenient;
mod line_rewrites;
mod lone_values;
pub mod memo;
mod name_elements;
mod name_labels;
mod named;
pub mod names;
mod numbered_labels;
mod ollama;
mod openai;
pub mod own_labels;
mod plain_turns;
mod pythonic;
mod quoted_blocks;
mod quotes;
mod react_thoughts;
pub mod reasoning;
#[cfg(test)]
mod request_wire;
mod requests;
mod result_labels;
mod roles;
pub mod router;
mod shown_after;
mod shown_envelopes;
mod stripped_fences;
mod stripped_tokens;
mod tagged;
pub mod text_protocol;
mod tilde_fences;
mod types;
mod xtml;
mod yaml_blocks;

pub use breaker::BreakerState;
pub use client::{EventStream, ModelClient};
pub use context::{Window, WindowSource};
pub use error::LlmError;
pub use names::ToolNames;
pub use ollama::OllamaClient;
pub use openai::OpenAiClient;
pub use router::{
    CatalogModel, DEFAULT_BREAKER_COOLDOWN, DEFAULT_BREAKER_FAILURES, Fit, RequestHint,
    RetryPolicy, RouteError, Router, Started, Tier, ToolStyle,
};
pub use types::{
    ChatMessage, ChatRequest, ChatResponse, FinishReason, Role, StreamEvent, ToolCall,
    ToolDefinition, Usage,
};
