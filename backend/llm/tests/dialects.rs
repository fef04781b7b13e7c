//! Every tool-call dialect of `fixtures/dialects/` (see its README), replayed byte for byte
//! through the scripted server: the calls a native-tools model meant are read with their
//! arguments, streamed or not, whether the server put them in `tool_calls` or in the text, and
//! the rest of the text is kept as the answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_llm::envelopes::{beside_native_calls, made_up_conversation};
use warden_llm::text_protocol::{parse_known, settle};
use warden_llm::{
    ChatMessage, ChatRequest, ModelClient, OllamaClient, OpenAiClient, StreamEvent, ToolCall,
    ToolDefinition, ToolNames,
};
use warden_test_llm::{Reply, ScriptedLlm};

/// The tools offered, with schemas: markup values, `key=value` arguments and values written
/// alone are read by them.
fn known() -> ToolNames {
    let tool = |name: &str, properties: Value| ToolDefinition {
        name: name.to_owned(),
        description: String::new(),
        parameters: std::sync::Arc::new(json!({"type": "object", "properties": properties})),
    };
    let tools = [
        tool("docker_ps", json!({"all": {"type": "boolean"}})),
        tool(
            "docker_logs",
            json!({"container": {"type": "string"}, "tail": {"type": "integer"}}),
        ),
        tool("disk_usage", json!({"path": {"type": "string"}})),
        // As the tools derive their schemas: a required argument beside optional ones.
        ToolDefinition {
            name: "container_top".to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(json!({
                "type": "object",
                "required": ["container"],
                "properties": {"container": {"type": "string"}, "ps_args": {"type": "string"}}
            })),
        },
    ];
    ToolNames::from_definitions(tools.iter())
}

fn dir() -> String {
    format!("{}/tests/fixtures/dialects", env!("CARGO_MANIFEST_DIR"))
}

fn request() -> ChatRequest {
    ChatRequest {
        model: "m".to_owned(),
        messages: vec![ChatMessage::user("Which containers run?")],
        tools: Vec::new(),
        temperature: None,
        max_tokens: None,
        context_tokens: None,
    }
}

/// The calls and text of one answer, as the engine reads them: native calls when there are any,
/// else calls to known tools written in the text.
async fn read(client: &dyn ModelClient, streamed: bool) -> (Vec<ToolCall>, String, String) {
    let (mut text, mut calls) = (String::new(), Vec::new());
    // The text that came before the first native call: all of it when not streamed.
    let mut before_calls = None;
    if streamed {
        let mut events = client.chat_stream(request());
        while let Some(event) = events.next().await {
            match event.unwrap() {
                StreamEvent::TextDelta(t) => text.push_str(&t),
                StreamEvent::ToolCall(c) => {
                    before_calls.get_or_insert(text.len());
                    calls.push(c);
                }
                StreamEvent::Done { .. } => break,
            }
        }
    } else {
        let answer = client.chat(request()).await.unwrap();
        text = answer.content;
        calls = answer.tool_calls;
    }
    let known = known();
    // As the engine reads native calls written into a conversation the model made up: not run.
    let before = &text[..before_calls.unwrap_or(text.len())];
    if !calls.is_empty()
        && let Some(own) = made_up_conversation(before)
    {
        return (Vec::new(), own, String::new());
    }
    if calls.is_empty() {
        let parsed = parse_known(&text, &known);
        return (parsed.calls, parsed.text, parsed.reasoning);
    }
    // As the engine settles native calls: names resolved, `key=value` arguments read.
    for call in &mut calls {
        settle(call, &known);
    }
    // As the engine reads the text beside native calls: its reasoning and special tokens out.
    (calls, beside_native_calls(&text), String::new())
}

#[tokio::test]
async fn every_recorded_dialect_reads_as_the_calls_the_model_meant() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{}/expected.json", dir())).unwrap())
            .unwrap();
    let cases = expected.as_object().unwrap();
    assert_eq!(cases.len(), 1544);
    let mut failures = Vec::new();
    for (name, want) in cases {
        let body = std::fs::read_to_string(format!("{}/{name}", dir())).unwrap();
        let (content_type, streamed) = match name.rsplit('.').next() {
            Some("sse") => ("text/event-stream", true),
            Some("ndjson") => ("application/x-ndjson", true),
            _ => ("application/json", false),
        };
        let llm = ScriptedLlm::start().await;
        llm.lenient().push(Reply::Raw {
            content_type: content_type.to_owned(),
            body,
        });
        let client: Box<dyn ModelClient> = if name.starts_with("ollama") {
            Box::new(OllamaClient::new(&llm.base_url, Duration::from_secs(5)))
        } else {
            Box::new(OpenAiClient::new(
                &llm.base_url,
                None,
                Duration::from_secs(5),
            ))
        };
        let (calls, text, reasoning) = read(client.as_ref(), streamed).await;
        let got: Vec<(String, Value)> = calls
            .iter()
            .map(|c| (c.name.clone(), c.arguments.clone()))
            .collect();
        let wanted: Vec<(String, Value)> = want["calls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c[0].as_str().unwrap().to_owned(), c[1].clone()))
            .collect();
        // Every dialect is checked before the test fails, so one run names all that broke.
        let thought = want.get("reasoning").and_then(Value::as_str);
        if got != wanted
            || text != want["text"].as_str().unwrap()
            || thought.is_some_and(|t| t != reasoning)
        {
            failures.push(format!(
                "{name}:\n  calls {got:?}\n  want  {wanted:?}\n  text {text:?}\n  reasoning {reasoning:?}"
            ));
            continue;
        }
        for call in &calls {
            assert!(!call.id.is_empty(), "{name}: every call has an id");
        }
        let ids: std::collections::HashSet<&str> = calls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), calls.len(), "{name}: ids are unique");
        if want["fresh_ids"] == Value::Bool(true) {
            assert!(
                calls
                    .iter()
                    .all(|c| c.id.len() == 9 && c.id.chars().all(|ch| ch.is_ascii_alphanumeric())),
                "{name}: Warden's own ids: {calls:?}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A call's envelope (gpt-oss's header, its tokens printed or stripped, the recipient before
/// or after the channel; Mistral's `[ARGS]`) before arguments that are no JSON object: a
/// malformed call, its body the arguments as a string, for a correction; never the answer.
#[test]
fn a_call_whose_arguments_hold_no_object_is_a_malformed_call_not_the_answer() {
    let known = known();
    for (text, name, arguments) in [
        (
            "<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>\"web\"<|call|>",
            "docker_logs",
            "web",
        ),
        (
            "assistantcommentary to=functions.docker_logs json\"web\"",
            "docker_logs",
            "web",
        ),
        (
            "<|start|>assistant to=functions.docker_logs<|channel|>commentary json<|message|>\"web\"<|call|>",
            "docker_logs",
            "web",
        ),
        (
            "<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>\"\\\"web\\\"\"<|call|>",
            "docker_logs",
            "web",
        ),
        (
            "<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>web<|call|>",
            "docker_logs",
            "web",
        ),
        (
            "<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>{\"container\": \"web\", \"tail\":<|call|>",
            "docker_logs",
            "{\"container\": \"web\", \"tail\":",
        ),
        (
            "<|channel|>commentary to=functions.docker_ps <|constrain|>json<|message|><|call|>",
            "docker_ps",
            "",
        ),
        (
            "<|start|>assistant<|channel|>commentary to=functions.wipe_disk <|constrain|>json<|message|>\"all\"<|call|>",
            "wipe_disk",
            "all",
        ),
        ("[TOOL_CALLS]docker_logs[ARGS]\"web\"", "docker_logs", "web"),
    ] {
        let parsed = parse_known(text, &known);
        let got: Vec<(String, Value)> = parsed
            .calls
            .iter()
            .map(|c| (c.name.clone(), c.arguments.clone()))
            .collect();
        assert_eq!(got, vec![(name.to_owned(), json!(arguments))], "{text}");
        assert_eq!(parsed.text, "", "{text}");
    }
    // A one-argument tool's value written alone is that argument, as in any text call.
    let parsed = parse_known(
        "<|channel|>commentary to=functions.disk_usage <|constrain|>json<|message|>\"/\"<|call|>",
        &known,
    );
    assert_eq!(parsed.calls[0].arguments, json!({"path": "/"}));
    // A quoted value after a tool's name in prose stays prose.
    let prose = "Run docker_logs \"web\" to see them.";
    let parsed = parse_known(prose, &known);
    assert!(parsed.calls.is_empty());
    assert_eq!(parsed.text, prose);
}

/// Arguments of another JSON type than the schema's that no reading settles get a correction
/// naming the argument, the type it takes and what was given; those the schema settles
/// (`"50"` for an integer, a list of one value for a text) are coerced and get none.
#[test]
fn a_value_of_the_wrong_type_is_named_for_a_correction() {
    let known = known();
    for (tool, arguments, argument, given) in [
        (
            "disk_usage",
            json!({"path": ["/var", "/tmp"]}),
            "path",
            "the list",
        ),
        (
            "docker_logs",
            json!({"tail": "fifty"}),
            "tail",
            "the string \"fifty\"",
        ),
        (
            "docker_logs",
            json!({"container": {"name": "web"}}),
            "container",
            "the object",
        ),
        (
            "docker_ps",
            json!({"all": "maybe"}),
            "all",
            "the string \"maybe\"",
        ),
    ] {
        let mut call = ToolCall {
            id: "c".to_owned(),
            name: tool.to_owned(),
            arguments,
        };
        settle(&mut call, &known);
        let why = known
            .argument_mismatch(tool, &call.arguments)
            .unwrap_or_default();
        assert!(
            why.starts_with(&format!("the argument \"{argument}\" takes ")),
            "{why}"
        );
        assert!(why.contains(&format!("but {given}")), "{why}");
    }
    for (tool, arguments, settled) in [
        (
            "docker_logs",
            json!({"tail": "50", "container": ["web"]}),
            json!({"tail": 50, "container": "web"}),
        ),
        ("docker_ps", json!({"all": "false"}), json!({"all": false})),
    ] {
        let mut call = ToolCall {
            id: "c".to_owned(),
            name: tool.to_owned(),
            arguments,
        };
        settle(&mut call, &known);
        assert_eq!(call.arguments, settled);
        assert_eq!(known.argument_mismatch(tool, &call.arguments), None);
    }
}
