//! Real answers of a small local model (SmolLM2-135M-Instruct on llama.cpp's OpenAI-compatible
//! server, recorded by `fixtures/smollm2/record.sh`), replayed byte for byte. What our client makes
//! of each is compared with an independent reading of the recording.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use serde_json::Value;
use warden_llm::text_protocol::parse;
use warden_llm::{ChatMessage, ChatRequest, FinishReason, ModelClient, OpenAiClient, StreamEvent};
use warden_test_llm::{Reply, ScriptedLlm};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/smollm2/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn request() -> ChatRequest {
    ChatRequest {
        model: "smollm2".to_owned(),
        messages: vec![ChatMessage::user("How full is the root filesystem?")],
        tools: Vec::new(),
        temperature: None,
        max_tokens: None,
        context_tokens: None,
    }
}

fn raw_json(name: &str) -> Reply {
    Reply::Raw {
        content_type: "application/json".to_owned(),
        body: fixture(name),
    }
}

/// (name, arguments as JSON) of the recording's tool calls, read independently.
fn recorded_calls(name: &str) -> Vec<(String, Value)> {
    let body: Value = serde_json::from_str(&fixture(name)).unwrap();
    body["choices"][0]["message"]["tool_calls"]
        .as_array()
        .map(|calls| {
            calls
                .iter()
                .map(|c| {
                    (
                        c["function"]["name"].as_str().unwrap().to_owned(),
                        serde_json::from_str(c["function"]["arguments"].as_str().unwrap()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn native_tool_calls_from_a_real_server_parse() {
    for name in [
        "native-disk.json",
        "native-containers.json",
        "native-after-result.json",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(raw_json(name));
        let client = OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5));
        let answer = client
            .chat(request())
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let parsed: Vec<(String, Value)> = answer
            .tool_calls
            .iter()
            .map(|c| (c.name.clone(), c.arguments.clone()))
            .collect();
        let expected = recorded_calls(name);
        assert!(!expected.is_empty(), "{name} recorded a call");
        assert_eq!(parsed, expected, "{name}");
        // content: null beside the calls becomes empty text; the legacy function_call field (with
        // its malformed name "docker_ps:") is ignored in favour of tool_calls.
        assert_eq!(
            (answer.content.as_str(), answer.finish_reason),
            ("", FinishReason::ToolCalls),
            "{name}"
        );
        assert!(answer.tool_calls.iter().all(|c| !c.name.ends_with(':')));
    }
}

#[tokio::test]
async fn the_real_empty_stream_falls_back_to_a_plain_request() {
    assert_eq!(
        fixture("native-stream.sse"),
        "",
        "llama.cpp answered the streamed tool request with nothing"
    );
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Raw {
        content_type: "text/event-stream".to_owned(),
        body: fixture("native-stream.sse"),
    });
    llm.push(raw_json("native-disk.json"));
    let client = OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5));
    let events: Vec<_> = client.chat_stream(request()).collect().await;
    let calls: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::ToolCall(c)) => Some(c.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(calls, vec!["disk_usage".to_owned()]);
}

#[tokio::test]
async fn a_real_streamed_answer_decodes_to_its_text() {
    let recorded = fixture("plain-stream.sse");
    let expected: String = recorded
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|v| {
            v["choices"][0]["delta"]["content"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    assert!(!expected.is_empty());
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Raw {
        content_type: "text/event-stream".to_owned(),
        body: recorded,
    });
    let client = OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5));
    let events: Vec<_> = client.chat_stream(request()).collect().await;
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::TextDelta(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(text, expected);
    assert!(matches!(
        events.last(),
        Some(Ok(StreamEvent::Done {
            finish_reason: FinishReason::Stop,
            ..
        }))
    ));
}

#[test]
fn real_text_protocol_answers_are_read_as_what_they_are() {
    let content = |name: &str| -> String {
        let body: Value = serde_json::from_str(&fixture(name)).unwrap();
        body["choices"][0]["message"]["content"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // The small model ignored the protocol and answered in prose: no call is invented.
    for name in ["text-disk.json", "text-containers.json"] {
        let parsed = parse(&content(name));
        assert!(parsed.calls.is_empty(), "{name}: {:?}", parsed.calls);
        assert_eq!(parsed.text, content(name).trim());
    }
    // After a result it wrote an HTML-escaped, incomplete call and then an answer: not a call.
    let after = content("text-after-result.json");
    assert!(after.contains("&#34;tool&#34;"), "{after}");
    let parsed = parse(&after);
    assert_eq!(parsed.calls.len(), 0);
    assert_eq!(parsed.text, after.trim());
}
