//! Ollama's `/api/chat`: NDJSON lines when streaming, one object otherwise; tool calls with
//! arguments as objects and no ids.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::{
    MODEL_CREATED, Reply, Script, next, pieces, raw, resolve, stalled_response, status_response,
    streamed,
};

pub(crate) async fn chat(State(script): State<Arc<Script>>, body: String) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let model = body["model"].as_str().unwrap_or("scripted").to_owned();
    let stream = body["stream"].as_bool().unwrap_or(true);
    let reply = match next(&script, "/api/chat", &body) {
        Ok(reply) => reply,
        Err(refused) => return *refused,
    };
    let Some(reply) = resolve(reply).await else {
        return status_response(
            500,
            json!({"error": "the script is exhausted"}).to_string(),
            None,
        );
    };
    let line = |message: Value, done: bool| {
        let mut v =
            json!({"model": model, "created_at": MODEL_CREATED, "message": message, "done": done});
        if done {
            for (k, n) in [
                ("done_reason", json!("stop")),
                ("total_duration", json!(1200)),
                ("load_duration", json!(100)),
                ("prompt_eval_count", json!(42)),
                ("prompt_eval_duration", json!(300)),
                ("eval_count", json!(7)),
                ("eval_duration", json!(800)),
            ] {
                v[k] = n;
            }
        }
        v
    };
    let text_messages = |text: &str| -> Vec<Value> {
        pieces(text)
            .into_iter()
            .map(|p| json!({"role": "assistant", "content": p}))
            .collect()
    };
    let calls_message = |calls: &[(String, Value)]| json!({"role": "assistant", "content": "", "tool_calls": calls.iter().map(|(n, a)| json!({"function": {"name": n, "arguments": a}})).collect::<Vec<_>>()});
    let content_type = if stream {
        "application/x-ndjson"
    } else {
        "application/json; charset=utf-8"
    };
    if let Reply::HeadersThenStall = &reply {
        return stalled_response(content_type, String::new());
    }
    if let Reply::StallMidStream(text) = &reply {
        let before = if stream {
            text_messages(text)
                .into_iter()
                .map(|m| format!("{}\n", line(m, false)))
                .collect()
        } else {
            let whole = line(json!({"role": "assistant", "content": text}), true).to_string();
            crate::first_half(&whole)
        };
        return stalled_response(content_type, before);
    }
    let mut gated: Option<(crate::Gate, Vec<Value>)> = None;
    let (messages, broken): (Vec<Value>, bool) = match reply {
        Reply::Text(text) => (text_messages(&text), false),
        Reply::BrokenStream(text) => (text_messages(&text), true),
        Reply::ToolCalls(calls) => (vec![calls_message(&calls)], false),
        Reply::TextAndCalls(text, calls) => {
            let mut messages = text_messages(&text);
            messages.push(calls_message(&calls));
            (messages, false)
        }
        Reply::RawArguments(calls) => (
            vec![
                json!({"role": "assistant", "content": "", "tool_calls": calls.iter().map(|(n, a)| json!({"function": {"name": n, "arguments": a}})).collect::<Vec<_>>()}),
            ],
            false,
        ),
        Reply::Gated { first, gate, rest } => {
            gated = Some((gate, text_messages(&rest)));
            (text_messages(&first), false)
        }
        Reply::Status {
            status,
            body,
            retry_after,
        } => return status_response(status, body, retry_after),
        Reply::EmptyStream => return (StatusCode::OK, Body::empty()).into_response(),
        Reply::Raw { content_type, body } => return raw(&content_type, body),
        Reply::Delay(..) | Reply::Hang | Reply::HeadersThenStall | Reply::StallMidStream(_) => {
            return status_response(500, "unreachable".to_owned(), None);
        }
    };
    if !stream {
        let mut all = messages;
        if let Some((gate, rest)) = gated {
            gate.pass().await;
            all.extend(rest);
        }
        let content: String = all.iter().filter_map(|m| m["content"].as_str()).collect();
        let mut message = json!({"role": "assistant", "content": content});
        if let Some(calls) = all.iter().find_map(|m| m.get("tool_calls")) {
            message["tool_calls"] = calls.clone();
        }
        return axum::Json(line(message, true)).into_response();
    }
    let lines = |messages: Vec<Value>| -> String {
        messages
            .into_iter()
            .map(|m| format!("{}\n", line(m, false)))
            .collect()
    };
    let done = format!(
        "{}\n",
        line(json!({"role": "assistant", "content": ""}), true)
    );
    let mut before = lines(messages);
    let gate = match gated {
        Some((gate, rest)) => Some((gate, lines(rest) + &done)),
        None => {
            if !broken {
                before.push_str(&done);
            }
            None
        }
    };
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        streamed(before, gate, broken, script.whole.load(Ordering::Relaxed)),
    )
        .into_response()
}
