//! Both clients against the scripted server: streaming and not, text and native tool calls, what
//! the server was sent, and every failure mode a real backend has.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_llm::{
    ChatMessage, ChatRequest, FinishReason, LlmError, ModelClient, OllamaClient, OpenAiClient,
    StreamEvent, ToolCall, ToolDefinition,
};
use warden_test_llm::{Reply, ScriptedLlm};

fn request() -> ChatRequest {
    let earlier = ToolCall {
        id: "call_0_scripted".to_owned(),
        name: "disk_usage".to_owned(),
        arguments: json!({"path": "/"}),
    };
    ChatRequest {
        model: "qwen2.5:7b".to_owned(),
        messages: vec![
            ChatMessage::system("You are Warden."),
            ChatMessage::user("Is the disk full?"),
            ChatMessage::assistant("", vec![earlier.clone()]),
            ChatMessage::tool_result(&earlier, "/ 91% used"),
        ],
        tools: vec![ToolDefinition {
            name: "disk_usage".to_owned(),
            description: "Space on filesystems".to_owned(),
            parameters: json!({"type": "object", "properties": {"path": {"type": "string"}}, "additionalProperties": false}).into(),
        }],
        temperature: Some(0.2),
        max_tokens: None,
        context_tokens: None,
    }
}

enum Backend {
    Ollama,
    OpenAi,
}

fn client(llm: &ScriptedLlm, backend: &Backend, timeout: Duration) -> Box<dyn ModelClient> {
    match backend {
        Backend::Ollama => Box::new(OllamaClient::new(&llm.base_url, timeout)),
        Backend::OpenAi => Box::new(OpenAiClient::new(
            &format!("{}/v1", llm.base_url),
            Some("sk-test".to_owned()),
            timeout,
        )),
    }
}

async fn streamed(
    client: &dyn ModelClient,
    request: &ChatRequest,
) -> Vec<Result<StreamEvent, LlmError>> {
    client.chat_stream(request.clone()).collect().await
}

fn text_of(events: &[Result<StreamEvent, LlmError>]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::TextDelta(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn text_answers_stream_and_complete_in_both_formats() {
    for backend in [Backend::Ollama, Backend::OpenAi] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(
            "The root filesystem is 91% full; /var/lib/docker holds most of it.".to_owned(),
        ));
        llm.push(Reply::Text("Plain answer.".to_owned()));
        let client = client(&llm, &backend, Duration::from_secs(10));
        let events = streamed(client.as_ref(), &request()).await;
        assert_eq!(
            text_of(&events),
            "The root filesystem is 91% full; /var/lib/docker holds most of it."
        );
        assert!(events.len() > 5, "the text arrived in pieces");
        assert!(
            matches!(
                events.last(),
                Some(Ok(StreamEvent::Done {
                    finish_reason: FinishReason::Stop,
                    ..
                }))
            ),
            "{:?}",
            events.last()
        );

        let whole = client.chat(request()).await.unwrap();
        assert_eq!(
            (whole.content.as_str(), whole.finish_reason),
            ("Plain answer.", FinishReason::Stop)
        );
        assert_eq!(whole.usage.map(|u| u.prompt_tokens), Some(42));
    }
}

#[tokio::test]
async fn native_tool_calls_arrive_whole_with_object_arguments() {
    for backend in [Backend::Ollama, Backend::OpenAi] {
        let llm = ScriptedLlm::start().await;
        let calls = vec![
            ("docker_ps".to_owned(), json!({"all": true})),
            ("disk_usage".to_owned(), json!({"path": "/var/lib/docker"})),
        ];
        llm.push(Reply::ToolCalls(calls.clone()));
        llm.push(Reply::ToolCalls(calls));
        let client = client(&llm, &backend, Duration::from_secs(10));
        let events = streamed(client.as_ref(), &request()).await;
        let got: Vec<(String, Value)> = events
            .iter()
            .filter_map(|e| match e {
                Ok(StreamEvent::ToolCall(c)) => Some((c.name.clone(), c.arguments.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("docker_ps".to_owned(), json!({"all": true})),
                ("disk_usage".to_owned(), json!({"path": "/var/lib/docker"}))
            ]
        );
        assert!(matches!(
            events.last(),
            Some(Ok(StreamEvent::Done {
                finish_reason: FinishReason::ToolCalls,
                ..
            }))
        ));
        let whole = client.chat(request()).await.unwrap();
        assert_eq!(whole.tool_calls.len(), 2);
        assert_eq!(whole.finish_reason, FinishReason::ToolCalls);
        let ids: Vec<&str> = whole.tool_calls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
            2,
            "each call has its own id: {ids:?}"
        );
    }
}

#[tokio::test]
async fn the_server_receives_each_wire_format_exactly() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text("ok".to_owned()))
        .push(Reply::Text("ok".to_owned()));
    OllamaClient::new(&llm.base_url, Duration::from_secs(5))
        .chat(request())
        .await
        .unwrap();
    OpenAiClient::new(
        &llm.base_url,
        Some("sk-test".to_owned()),
        Duration::from_secs(5),
    )
    .chat(request())
    .await
    .unwrap();
    let sent = llm.requests();
    assert_eq!(sent[0].path, "/api/chat");
    assert_eq!(
        sent[0].body,
        json!({
            "model": "qwen2.5:7b",
            "stream": false,
            "options": {"temperature": 0.2f32},
            "messages": [
                {"role": "system", "content": "You are Warden."},
                {"role": "user", "content": "Is the disk full?"},
                {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "disk_usage", "arguments": {"path": "/"}}}]},
                {"role": "tool", "content": "/ 91% used", "tool_name": "disk_usage"},
            ],
            "tools": [{"type": "function", "function": {"name": "disk_usage", "description": "Space on filesystems",
                       "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "additionalProperties": false}}}],
        })
    );
    assert_eq!(sent[1].path, "/v1/chat/completions");
    assert_eq!(
        sent[1].body,
        json!({
            "model": "qwen2.5:7b",
            "stream": false,
            "temperature": 0.2f32,
            "tool_choice": "auto",
            "messages": [
                {"role": "system", "content": "You are Warden."},
                {"role": "user", "content": "Is the disk full?"},
                {"role": "assistant", "content": "", "tool_calls": [{"id": "call_0_scripted", "type": "function", "function": {"name": "disk_usage", "arguments": "{\"path\":\"/\"}"}}]},
                {"role": "tool", "content": "/ 91% used", "tool_call_id": "call_0_scripted"},
            ],
            "tools": [{"type": "function", "function": {"name": "disk_usage", "description": "Space on filesystems",
                       "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "additionalProperties": false}}}],
        })
    );
}

#[tokio::test]
async fn arguments_that_are_not_json_are_kept_for_a_correction() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::RawArguments(vec![(
        "docker_logs".to_owned(),
        "{container: web, tail: 50".to_owned(),
    )]));
    let client = OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5));
    let events = streamed(&client, &request()).await;
    let call = events
        .iter()
        .find_map(|e| match e {
            Ok(StreamEvent::ToolCall(c)) => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(call.arguments, json!("{container: web, tail: 50"));
}

#[tokio::test]
async fn failures_are_named_and_classified() {
    for backend in [Backend::Ollama, Backend::OpenAi] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Status {
            status: 500,
            body: "model crashed".to_owned(),
            retry_after: None,
        });
        llm.push(Reply::Status {
            status: 429,
            body: "slow down".to_owned(),
            retry_after: Some(7),
        });
        llm.push(Reply::Delay(
            Duration::from_secs(5),
            Box::new(Reply::Text("late".to_owned())),
        ));
        llm.push(Reply::BrokenStream(
            "This answer will be cut off somewhere in the".to_owned(),
        ));
        let fast = client(&llm, &backend, Duration::from_millis(500));

        let err = fast.chat(request()).await.unwrap_err();
        assert!(
            matches!(err, LlmError::Status { status: 500, ref body, .. } if body == "model crashed"),
            "{err}"
        );
        assert!(err.is_retryable());
        let err = fast.chat(request()).await.unwrap_err();
        assert_eq!(
            err,
            LlmError::Status {
                status: 429,
                body: "slow down".to_owned(),
                retry_after: Some(Duration::from_secs(7))
            }
        );
        let err = fast.chat(request()).await.unwrap_err();
        assert_eq!(err, LlmError::Timeout(Duration::from_millis(500)));
        // A call that stalled to its limit is not tried again on the same model.
        assert!(!err.is_retryable());

        let events = streamed(fast.as_ref(), &request()).await;
        assert!(
            !text_of(&events).is_empty(),
            "the start of the answer arrived"
        );
        assert!(
            matches!(events.last(), Some(Err(_))),
            "a cut stream ends in an error: {:?}",
            events.last()
        );
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Ok(StreamEvent::Done { .. })))
        );
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nobody = OllamaClient::new(
        &format!("http://127.0.0.1:{closed}"),
        Duration::from_secs(2),
    );
    let err = nobody.chat(request()).await.unwrap_err();
    assert!(matches!(err, LlmError::Unreachable { .. }), "{err}");
    assert_eq!(err.code().as_str(), "llm_unreachable");
}

#[tokio::test]
async fn an_empty_streamed_body_is_asked_again_without_streaming() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::EmptyStream);
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    let client = OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5));
    let events = streamed(&client, &request()).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Ok(StreamEvent::ToolCall(c)) if c.name == "system_info")),
        "{events:?}"
    );
    let sent = llm.requests();
    assert_eq!(
        (
            sent[0].body["stream"].clone(),
            sent[1].body["stream"].clone()
        ),
        (json!(true), json!(false))
    );
}

/// Reads one HTTP request (head and `content-length` body); false when the peer closed first.
async fn read_request(socket: &mut tokio::net::TcpStream) -> bool {
    use tokio::io::AsyncReadExt;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return true;
            }
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn the_retry_after_an_empty_stream_does_not_reuse_the_dead_connection() {
    use tokio::io::AsyncWriteExt;
    // As llama-cpp-python after a failed stream: the stream is answered 200 with no body on a
    // connection kept alive, and the next request on that connection is read and dropped
    // unanswered. A new connection gets a whole answer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = tokio::spawn(async move {
        let (mut first, _) = listener.accept().await.unwrap();
        assert!(read_request(&mut first).await);
        first
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 0\r\n\r\n",
            )
            .await
            .unwrap();
        let dead = tokio::spawn(async move {
            read_request(&mut first).await;
            drop(first);
        });
        let (mut second, _) = listener.accept().await.unwrap();
        assert!(read_request(&mut second).await);
        let body = json!({
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "All fine."}, "finish_reason": "stop"}],
        })
        .to_string();
        second
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            )
            .await
            .unwrap();
        dead.abort();
    });
    let client = OpenAiClient::new(&url, None, Duration::from_secs(5));
    let events = streamed(&client, &request()).await;
    assert_eq!(text_of(&events), "All fine.", "{events:?}");
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    served.await.unwrap();
}

/// A client whose call limit is long and whose first-byte and idle limits are short.
fn bounded(llm: &ScriptedLlm, backend: &Backend) -> Box<dyn ModelClient> {
    let (total, first, idle) = (
        Duration::from_secs(300),
        Duration::from_millis(400),
        Duration::from_millis(400),
    );
    match backend {
        Backend::Ollama => Box::new(
            OllamaClient::new(&llm.base_url, total)
                .with_first_byte_timeout(first)
                .with_idle_timeout(idle),
        ),
        Backend::OpenAi => Box::new(
            OpenAiClient::new(&format!("{}/v1", llm.base_url), None, total)
                .with_first_byte_timeout(first)
                .with_idle_timeout(idle),
        ),
    }
}

#[tokio::test]
async fn headers_then_silence_fails_at_the_first_byte_limit_streamed_or_not() {
    for backend in [Backend::Ollama, Backend::OpenAi] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::HeadersThenStall);
        llm.push(Reply::HeadersThenStall);
        let client = bounded(&llm, &backend);

        let started = std::time::Instant::now();
        let err = client.chat(request()).await.unwrap_err();
        assert_eq!(err, LlmError::FirstByteTimeout(Duration::from_millis(400)));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(err.code().as_str(), "llm_timeout");
        assert!(!err.is_retryable());
        assert_eq!(
            LlmError::FirstByteTimeout(Duration::from_secs(120)).to_string(),
            "the model accepted the request but sent nothing within 120 s"
        );

        let started = std::time::Instant::now();
        let events = streamed(client.as_ref(), &request()).await;
        assert_eq!(
            events,
            vec![Err(LlmError::FirstByteTimeout(Duration::from_millis(400)))]
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(llm.requests().len(), 2);
    }
}

#[tokio::test]
async fn an_answer_that_stops_midway_fails_at_the_idle_limit_streamed_or_not() {
    for backend in [Backend::Ollama, Backend::OpenAi] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::StallMidStream("The disk is 91% full and".to_owned()));
        llm.push(Reply::StallMidStream("The disk is 91% full and".to_owned()));
        let client = bounded(&llm, &backend);

        let started = std::time::Instant::now();
        let events = streamed(client.as_ref(), &request()).await;
        assert_eq!(text_of(&events), "The disk is 91% full and");
        assert_eq!(
            events.last(),
            Some(&Err(LlmError::Stalled(Duration::from_millis(400))))
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        let err = LlmError::Stalled(Duration::from_secs(60));
        assert_eq!(
            (err.code().as_str(), err.is_retryable(), err.to_string()),
            (
                "llm_timeout",
                false,
                "the model stopped sending its answer for more than 60 s".to_owned()
            )
        );

        // Not streamed: half the JSON body, then nothing.
        let started = std::time::Instant::now();
        let err = client.chat(request()).await.unwrap_err();
        assert_eq!(err, LlmError::Stalled(Duration::from_millis(400)));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
}

/// Arguments the model failed to send as an object (cut off by `max_tokens`, Python literals,
/// an array) were answered with a correction; the history sends them back as `{}`, which a strict
/// server (vLLM parses every past `arguments`) accepts, instead of the text it would refuse.
#[tokio::test]
async fn malformed_past_arguments_go_back_as_an_empty_object() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text("ok".to_owned()));
    let mut request = request();
    for (i, arguments) in [
        json!("{\"container\": \"we"),
        json!("{'all': True}"),
        json!([true]),
        json!(5),
    ]
    .into_iter()
    .enumerate()
    {
        let call = ToolCall {
            id: format!("call_bad_{i}"),
            name: "disk_usage".to_owned(),
            arguments,
        };
        request
            .messages
            .push(ChatMessage::assistant("", vec![call.clone()]));
        request.messages.push(ChatMessage::tool_result(
            &call,
            "the arguments must be a JSON object",
        ));
    }
    OpenAiClient::new(&llm.base_url, None, Duration::from_secs(5))
        .chat(request)
        .await
        .expect("a strict server accepts the history");
    let sent = &llm.requests()[0].body["messages"];
    for i in 0..4 {
        assert_eq!(
            sent[4 + 2 * i]["tool_calls"][0]["function"]["arguments"],
            "{}",
            "{sent}"
        );
    }
    assert_eq!(
        sent[2]["tool_calls"][0]["function"]["arguments"],
        "{\"path\":\"/\"}"
    );
}
