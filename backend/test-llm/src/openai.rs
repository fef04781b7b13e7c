//! The OpenAI-compatible `/v1/chat/completions`: server-sent events when streaming (tool calls in
//! pieces, usage in a last chunk when `stream_options.include_usage` asks for it), one object
//! otherwise.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::{
    Reply, Script, next, pieces, raw, resolve, stalled_response, status_response, streamed,
};

const USAGE: (u64, u64) = (42, 7);

pub(crate) async fn chat(State(script): State<Arc<Script>>, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let model = body["model"].as_str().unwrap_or("scripted").to_owned();
    let stream = body["stream"].as_bool().unwrap_or(false);
    let include_usage = body["stream_options"]["include_usage"]
        .as_bool()
        .unwrap_or(false);
    let reply = match next(&script, "/v1/chat/completions", &body) {
        Ok(reply) => reply,
        Err(refused) => return *refused,
    };
    let Some(reply) = resolve(reply).await else {
        return status_response(
            500,
            json!({"error": {"message": "the script is exhausted", "type": "server_error"}})
                .to_string(),
            None,
        );
    };
    let content_type = if stream {
        "text/event-stream"
    } else {
        "application/json"
    };
    if let Reply::HeadersThenStall = &reply {
        return stalled_response(content_type, String::new());
    }
    if let Reply::StallMidStream(text) = &reply {
        let before: String = if stream {
            pieces(text)
                .into_iter()
                .map(|p| {
                    let chunk = json!({"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1_795_000_000, "model": model,
                                       "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
                    format!("data: {chunk}\n\n")
                })
                .collect()
        } else {
            let whole = json!({"id": "chatcmpl-scripted", "object": "chat.completion", "created": 1_795_000_000, "model": model,
                               "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]})
            .to_string();
            crate::first_half(&whole)
        };
        return stalled_response(content_type, before);
    }
    let mut gated: Option<(crate::Gate, String)> = None;
    let (text, calls, broken): (String, Vec<(String, String)>, bool) = match reply {
        Reply::Text(text) => (text, Vec::new(), false),
        Reply::BrokenStream(text) => (text, Vec::new(), true),
        Reply::ToolCalls(calls) => (
            String::new(),
            calls.into_iter().map(|(n, a)| (n, a.to_string())).collect(),
            false,
        ),
        Reply::TextAndCalls(text, calls) => (
            text,
            calls.into_iter().map(|(n, a)| (n, a.to_string())).collect(),
            false,
        ),
        Reply::RawArguments(calls) => (String::new(), calls, false),
        Reply::Gated { first, gate, rest } => {
            gated = Some((gate, rest));
            (first, Vec::new(), false)
        }
        Reply::Status {
            status,
            body,
            retry_after,
        } => return status_response(status, body, retry_after),
        Reply::EmptyStream if stream => return (StatusCode::OK, Body::empty()).into_response(),
        Reply::Raw { content_type, body } => return raw(&content_type, body),
        Reply::EmptyStream => (String::new(), Vec::new(), false),
        Reply::Delay(..) | Reply::Hang | Reply::HeadersThenStall | Reply::StallMidStream(_) => {
            return status_response(500, "unreachable".to_owned(), None);
        }
    };
    let finish = if calls.is_empty() {
        "stop"
    } else {
        "tool_calls"
    };
    if !stream {
        let mut text = text;
        if let Some((gate, rest)) = gated {
            gate.pass().await;
            text.push_str(&rest);
        }
        let content = if calls.is_empty() || !text.is_empty() {
            json!(text)
        } else {
            Value::Null
        };
        let mut message = json!({"role": "assistant", "content": content});
        if !calls.is_empty() {
            message["tool_calls"] = calls
                .iter()
                .enumerate()
                .map(|(i, (n, a))| json!({"id": format!("call_{i}_scripted"), "type": "function", "function": {"name": n, "arguments": a}}))
                .collect();
        }
        return axum::Json(json!({
            "id": "chatcmpl-scripted", "object": "chat.completion", "created": 1_795_000_000, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": USAGE.0, "completion_tokens": USAGE.1, "total_tokens": USAGE.0 + USAGE.1},
        }))
        .into_response();
    }
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1_795_000_000, "model": model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let text_events = |text: &str| -> Vec<Value> {
        pieces(text)
            .into_iter()
            .map(|p| chunk(json!({"content": p}), Value::Null))
            .collect()
    };
    let mut events = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    events.extend(text_events(&text));
    for (i, (name, arguments)) in calls.iter().enumerate() {
        events.push(chunk(json!({"tool_calls": [{"index": i, "id": format!("call_{i}_scripted"), "type": "function", "function": {"name": name, "arguments": ""}}]}), Value::Null));
        for part in pieces(arguments) {
            events.push(chunk(
                json!({"tool_calls": [{"index": i, "function": {"arguments": part}}]}),
                Value::Null,
            ));
        }
    }
    let sse =
        |events: &[Value]| -> String { events.iter().map(|e| format!("data: {e}\n\n")).collect() };
    let mut end = vec![chunk(json!({}), json!(finish))];
    if include_usage {
        end.push(json!({"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1_795_000_000, "model": model,
            "choices": [], "usage": {"prompt_tokens": USAGE.0, "completion_tokens": USAGE.1, "total_tokens": USAGE.0 + USAGE.1}}));
    }
    let end = sse(&end) + "data: [DONE]\n\n";
    let mut before = sse(&events);
    let gate = match gated {
        Some((gate, rest)) => Some((gate, sse(&text_events(&rest)) + &end)),
        None => {
            if !broken {
                before.push_str(&end);
            }
            None
        }
    };
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        streamed(before, gate, broken, script.whole.load(Ordering::Relaxed)),
    )
        .into_response()
}
