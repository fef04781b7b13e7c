//! OpenAI's chat completion wire format, as much of it as clients send and read, plus Warden's
//! extension field `warden` (documented in docs/integrations.md).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use warden_protocol::chat::ServerEvent;

/// `POST /v1/chat/completions`. Sampling parameters (`temperature`, `max_tokens`...) and a
/// client's own `tools` are accepted and ignored: Warden's engine, tools and guard decide.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChatCompletionRequest {
    /// `warden`.
    pub model: String,
    /// The conversation; the last message is the user's new one.
    pub messages: Vec<InputMessage>,
    #[serde(default)]
    pub stream: bool,
    #[serde(default)]
    pub stream_options: Option<StreamOptions>,
    /// How many answers to give: Warden's run gives one, so only `1` is taken (a client asking
    /// for several would otherwise read one as if it were all).
    #[serde(default)]
    pub n: Option<u64>,
    /// Warden's extension.
    #[serde(default)]
    pub warden: Option<WardenOptions>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct StreamOptions {
    /// Send a last chunk with `usage` (counts are 0 where the model reported none).
    #[serde(default)]
    pub include_usage: bool,
}

/// What a client may ask of Warden beyond OpenAI's fields.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WardenOptions {
    /// Continue this Warden conversation (its stored history is used; earlier `messages` are
    /// then ignored). Without it, a new conversation is made from the messages sent.
    pub conversation_id: Option<String>,
    /// Tool steps and approvals as notes in the content (default true). The `warden` field of
    /// each response carries them either way.
    pub notes: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InputMessage {
    /// `system`, `developer`, `user`, `assistant` or `tool`.
    pub role: String,
    /// Text, or a list of parts of which the `text` ones are read.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub content: Value,
}

/// `GET /v1/models`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ModelList {
    /// `list`.
    pub object: &'static str,
    pub data: Vec<ModelCard>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ModelCard {
    pub id: String,
    /// `model`.
    pub object: &'static str,
    pub created: i64,
    pub owned_by: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnswerMessage {
    /// `assistant`.
    pub role: &'static str,
    pub content: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Choice {
    pub index: u32,
    pub message: AnswerMessage,
    /// `stop`.
    pub finish_reason: &'static str,
}

#[derive(Debug, Clone, Copy, Default, Serialize, utoipa::ToSchema)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub total_tokens: u64,
}

/// Warden's extension on every response and chunk.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WardenInfo {
    pub run_id: String,
    pub conversation_id: String,
    /// The run's events this response or chunk carries (tool calls with risk and route,
    /// approvals, results), as the chat API sends them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<ServerEvent>,
}

/// A whole answer (`stream: false`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChatCompletion {
    pub id: String,
    /// `chat.completion`.
    pub object: &'static str,
    pub created: i64,
    pub model: String,
    pub choices: Vec<Choice>,
    pub usage: Usage,
    pub warden: WardenInfo,
}

#[derive(Debug, Serialize)]
pub struct Delta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ChunkChoice {
    pub index: u32,
    pub delta: Delta,
    pub finish_reason: Option<&'static str>,
}

/// One server-sent event of a streamed answer (`stream: true`).
#[derive(Debug, Serialize)]
pub struct ChatCompletionChunk {
    pub id: String,
    /// `chat.completion.chunk`.
    pub object: &'static str,
    pub created: i64,
    pub model: String,
    pub choices: Vec<ChunkChoice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    pub warden: WardenInfo,
}

/// The text of a message's content: a string, or the `text` parts of a list.
pub fn text_of(content: &Value) -> Result<String, String> {
    match content {
        Value::String(text) => Ok(text.clone()),
        Value::Null => Ok(String::new()),
        Value::Array(parts) => {
            let mut text = String::new();
            for part in parts {
                match part.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        text.push_str(part.get("text").and_then(Value::as_str).unwrap_or(""))
                    }
                    Some(other) => {
                        return Err(format!(
                            "content parts of type '{other}' are not supported; send text"
                        ));
                    }
                    None => return Err("every content part needs a type".to_owned()),
                }
            }
            Ok(text)
        }
        Value::Bool(_) | Value::Number(_) | Value::Object(_) => {
            Err("content must be a string or a list of text parts".to_owned())
        }
    }
}
