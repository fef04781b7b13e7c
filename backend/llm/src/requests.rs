//! The request bodies of both dialects as typed structs. Fields are declared in alphabetical
//! order: the bodies were built as `serde_json::Value` objects before, which write their keys
//! sorted, and a model server must receive the same bytes as before (`request_wire` tests it).

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::memo::{Source, ToolMemo};

use crate::{ChatMessage, ChatRequest, Role, ToolDefinition};

/// A tool offered to the model, as both dialects take it.
#[derive(Debug, Serialize)]
struct FunctionTool<'a> {
    function: FunctionSpec<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct FunctionSpec<'a> {
    description: &'a str,
    name: &'a str,
    /// JSON Schema of the arguments.
    parameters: &'a Value,
}

/// A tool's [`FunctionTool`] JSON, written once per definition: every model call of every run
/// offers the same tools again, and escaping their schemas' strings anew was a twentieth of a
/// tool chat's instructions (`docs/benchmarks.md`). Written as it is, so the body's bytes are
/// those the tool's struct would write.
#[derive(Debug, Clone)]
pub(crate) struct WrittenTool(Arc<RawValue>);

impl Serialize for WrittenTool {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

fn written(tool: &ToolDefinition) -> WrittenTool {
    static WRITTEN: ToolMemo<WrittenTool> = ToolMemo::new(Source::DescriptionAndSchema);
    WRITTEN.get(tool, |t| {
        let function = FunctionTool {
            function: FunctionSpec {
                description: &t.description,
                name: &t.name,
                parameters: &t.parameters,
            },
            kind: "function",
        };
        // A `Value` (its maps' keys are strings) always serialises; the fallback is never taken
        // and would only offer an empty object.
        let raw = serde_json::value::to_raw_value(&function)
            .unwrap_or_else(|_| RawValue::from_string("{}".to_owned()).unwrap_or_default());
        WrittenTool(Arc::from(raw))
    })
}

fn tools(definitions: &[ToolDefinition]) -> Vec<WrittenTool> {
    definitions.iter().map(written).collect()
}

/// The temperature as it was always written: widened to f64 (`0.2` goes as `0.20000000298023224`).
fn temperature(request: &ChatRequest) -> Option<f64> {
    request.temperature.map(f64::from)
}

/// Ollama's `POST /api/chat` body.
#[derive(Debug, Serialize)]
pub(crate) struct OllamaChat<'a> {
    messages: Vec<OllamaMessage<'a>>,
    model: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<OllamaOptions>,
    stream: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tools: Vec<WrittenTool>,
}

/// Ollama's sampling options; absent when none is set.
#[derive(Debug, Serialize)]
struct OllamaOptions {
    /// The context window the prompt was built for (without it Ollama cuts to its default).
    #[serde(skip_serializing_if = "Option::is_none")]
    num_ctx: Option<u32>,
    /// The most tokens the answer may take.
    #[serde(skip_serializing_if = "Option::is_none")]
    num_predict: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
}

#[derive(Debug, Serialize)]
struct OllamaMessage<'a> {
    content: &'a str,
    role: Role,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_calls: Vec<OllamaToolCall<'a>>,
    /// For a tool result: Ollama matches results to calls by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_name: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct OllamaToolCall<'a> {
    function: OllamaFunctionCall<'a>,
}

#[derive(Debug, Serialize)]
struct OllamaFunctionCall<'a> {
    /// Always an object: Ollama takes nothing else here.
    arguments: Value,
    name: &'a str,
}

impl<'a> OllamaChat<'a> {
    pub(crate) fn new(request: &'a ChatRequest, stream: bool) -> Self {
        let options = OllamaOptions {
            num_ctx: request.context_tokens,
            num_predict: request.max_tokens,
            temperature: temperature(request),
        };
        let any_option = options.num_ctx.is_some()
            || options.num_predict.is_some()
            || options.temperature.is_some();
        Self {
            messages: request.messages.iter().map(ollama_message).collect(),
            model: &request.model,
            options: any_option.then_some(options),
            stream,
            tools: tools(&request.tools),
        }
    }
}

fn ollama_message(m: &ChatMessage) -> OllamaMessage<'_> {
    let tool_calls = if m.role == Role::Assistant {
        m.tool_calls
            .iter()
            // Ollama takes only an object here; arguments the model failed to send as one were
            // answered with a correction quoting them, and go back as `{}`.
            .map(|c| OllamaToolCall {
                function: OllamaFunctionCall {
                    arguments: if c.arguments.is_object() {
                        c.arguments.clone()
                    } else {
                        Value::Object(serde_json::Map::new())
                    },
                    name: &c.name,
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    OllamaMessage {
        content: &m.content,
        role: m.role,
        tool_calls,
        tool_name: m.tool_name.as_deref(),
    }
}

/// The OpenAI-compatible `POST /v1/chat/completions` body.
#[derive(Debug, Serialize)]
pub(crate) struct OpenAiChat<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    messages: Vec<OpenAiMessage<'a>>,
    model: &'a str,
    stream: bool,
    /// Usage in a last chunk (OpenAI, vLLM); servers that ignore it are estimated instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    stream_options: Option<StreamOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    /// `auto` whenever tools are offered: some servers ignore `tools` without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_choice: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tools: Vec<WrittenTool>,
}

#[derive(Debug, Serialize)]
struct StreamOptions {
    include_usage: bool,
}

#[derive(Debug, Serialize)]
struct OpenAiMessage<'a> {
    /// Never null: some servers reject an assistant message with `content: null`.
    content: &'a str,
    role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_call_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_calls: Vec<OpenAiToolCall<'a>>,
}

#[derive(Debug, Serialize)]
struct OpenAiToolCall<'a> {
    function: OpenAiFunctionCall<'a>,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct OpenAiFunctionCall<'a> {
    /// The arguments as the JSON text of an object, as the dialect wants them.
    arguments: String,
    name: &'a str,
}

impl<'a> OpenAiChat<'a> {
    pub(crate) fn new(request: &'a ChatRequest, stream: bool) -> Self {
        Self {
            max_tokens: request.max_tokens,
            messages: request.messages.iter().map(openai_message).collect(),
            model: &request.model,
            stream,
            stream_options: stream.then_some(StreamOptions {
                include_usage: true,
            }),
            temperature: temperature(request),
            tool_choice: (!request.tools.is_empty()).then_some("auto"),
            tools: tools(&request.tools),
        }
    }
}

fn openai_message(m: &ChatMessage) -> OpenAiMessage<'_> {
    let tool_calls = if m.role == Role::Assistant {
        m.tool_calls
            .iter()
            .map(|c| OpenAiToolCall {
                function: OpenAiFunctionCall {
                    // Only an object goes back as it was. Strict servers (vLLM, SGLang) parse
                    // every past `arguments` and refuse the whole conversation when one is not an
                    // object; such arguments were answered with a correction quoting them.
                    arguments: if c.arguments.is_object() {
                        c.arguments.to_string()
                    } else {
                        "{}".to_owned()
                    },
                    name: &c.name,
                },
                id: &c.id,
                kind: "function",
            })
            .collect()
    } else {
        Vec::new()
    };
    OpenAiMessage {
        content: &m.content,
        role: m.role,
        tool_call_id: m.tool_call_id.as_deref(),
        tool_calls,
    }
}
