//! The request bodies each dialect sends, byte for byte: a change to the typed request structs
//! that changes what a model server receives fails here.

use serde_json::json;

use crate::{ChatMessage, ChatRequest, OllamaClient, OpenAiClient, ToolCall, ToolDefinition};

fn request() -> ChatRequest {
    let object_call = ToolCall {
        id: "call_1".to_owned(),
        name: "disk_usage".to_owned(),
        arguments: json!({"path": "/", "all": true}),
    };
    let string_call = ToolCall {
        id: "call_2".to_owned(),
        name: "shell".to_owned(),
        arguments: json!("{not json"),
    };
    ChatRequest {
        model: "qwen3:8b".to_owned(),
        messages: vec![
            ChatMessage::system("You are Warden."),
            ChatMessage::user("How full is /?"),
            ChatMessage::assistant("", vec![object_call.clone(), string_call.clone()]),
            ChatMessage::tool_result(&object_call, "/ 28% used"),
            ChatMessage::tool_result(&string_call, "bad arguments"),
            ChatMessage::assistant("It is 28% full.", Vec::new()),
        ],
        tools: vec![ToolDefinition {
            name: "disk_usage".to_owned(),
            description: "Space on mounted filesystems.".to_owned(),
            parameters: json!({"type": "object", "properties": {"path": {"type": "string"}}})
                .into(),
        }],
        temperature: Some(0.2),
        max_tokens: Some(512),
        context_tokens: Some(8192),
    }
}

fn bare() -> ChatRequest {
    ChatRequest {
        model: "m".to_owned(),
        messages: vec![ChatMessage::user("hi")],
        tools: Vec::new(),
        temperature: None,
        max_tokens: None,
        context_tokens: None,
    }
}

fn bytes(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).unwrap_or_else(|e| panic!("{e}"))
}

const MESSAGES_OLLAMA: &str = r#"[{"content":"You are Warden.","role":"system"},{"content":"How full is /?","role":"user"},{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":{"all":true,"path":"/"},"name":"disk_usage"}},{"function":{"arguments":{},"name":"shell"}}]},{"content":"/ 28% used","role":"tool","tool_name":"disk_usage"},{"content":"bad arguments","role":"tool","tool_name":"shell"},{"content":"It is 28% full.","role":"assistant"}]"#;

const MESSAGES_OPENAI: &str = r#"[{"content":"You are Warden.","role":"system"},{"content":"How full is /?","role":"user"},{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":"{\"all\":true,\"path\":\"/\"}","name":"disk_usage"},"id":"call_1","type":"function"},{"function":{"arguments":"{}","name":"shell"},"id":"call_2","type":"function"}]},{"content":"/ 28% used","role":"tool","tool_call_id":"call_1"},{"content":"bad arguments","role":"tool","tool_call_id":"call_2"},{"content":"It is 28% full.","role":"assistant"}]"#;

const TOOLS: &str = r#"[{"function":{"description":"Space on mounted filesystems.","name":"disk_usage","parameters":{"properties":{"path":{"type":"string"}},"type":"object"}},"type":"function"}]"#;

#[test]
fn ollama_requests_are_sent_as_before() {
    assert_eq!(
        bytes(&OllamaClient::body(&request(), true)),
        format!(
            r#"{{"messages":{MESSAGES_OLLAMA},"model":"qwen3:8b","options":{{"num_ctx":8192,"num_predict":512,"temperature":0.20000000298023224}},"stream":true,"tools":{TOOLS}}}"#
        )
    );
    assert_eq!(
        bytes(&OllamaClient::body(&request(), false)),
        format!(
            r#"{{"messages":{MESSAGES_OLLAMA},"model":"qwen3:8b","options":{{"num_ctx":8192,"num_predict":512,"temperature":0.20000000298023224}},"stream":false,"tools":{TOOLS}}}"#
        )
    );
    assert_eq!(
        bytes(&OllamaClient::body(&bare(), true)),
        r#"{"messages":[{"content":"hi","role":"user"}],"model":"m","stream":true}"#
    );
}

#[test]
fn openai_requests_are_sent_as_before() {
    assert_eq!(
        bytes(&OpenAiClient::body(&request(), true)),
        format!(
            r#"{{"max_tokens":512,"messages":{MESSAGES_OPENAI},"model":"qwen3:8b","stream":true,"stream_options":{{"include_usage":true}},"temperature":0.20000000298023224,"tool_choice":"auto","tools":{TOOLS}}}"#
        )
    );
    assert_eq!(
        bytes(&OpenAiClient::body(&request(), false)),
        format!(
            r#"{{"max_tokens":512,"messages":{MESSAGES_OPENAI},"model":"qwen3:8b","stream":false,"temperature":0.20000000298023224,"tool_choice":"auto","tools":{TOOLS}}}"#
        )
    );
    assert_eq!(
        bytes(&OpenAiClient::body(&bare(), false)),
        r#"{"messages":[{"content":"hi","role":"user"}],"model":"m","stream":false}"#
    );
}
