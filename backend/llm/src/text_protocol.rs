//! The text protocol, for models without native tool calling. The system prompt asks for
//! `{"tool": "NAME", "arguments": {...}}`; what comes back is messier. This parser accepts:
//!
//! - the object in a ```json fence or bare, with prose before and after;
//! - several calls, as several objects or one array;
//! - `name`/`tool`/`function` for the name and `arguments`/`args`/`parameters`/`input` for the
//!   arguments, and the OpenAI shape `{"function": {"name", "arguments"}}`;
//! - arguments sent as a JSON string (decoded) or a broken string (kept, for a correction);
//! - ReAct lines: `Action: NAME` then `Action Input: {...}`;
//! - an `Observation:` the model invented: everything from there on is ignored, the real
//!   observation comes from the tool.

use serde_json::{Map, Value};

use crate::ToolCall;

/// What the model wrote, split into calls and the prose around them.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub calls: Vec<ToolCall>,
    /// The text without the call objects, fences and ReAct lines, trimmed.
    pub text: String,
}

const NAME_KEYS: &[&str] = &["tool", "name", "tool_name", "function", "action"];
const ARGUMENT_KEYS: &[&str] = &[
    "arguments",
    "args",
    "parameters",
    "input",
    "action_input",
    "tool_input",
];

/// The most text examined: a model that writes more is not producing a tool call.
const MAX_TEXT_BYTES: usize = 256 * 1024;

pub fn parse(text: &str) -> Parsed {
    let text = &text[..floor_char_boundary(text, MAX_TEXT_BYTES)];
    // The model invented the tool's answer: what follows is not its own.
    let text = match text
        .find("\nObservation:")
        .or_else(|| text.starts_with("Observation:").then_some(0))
    {
        Some(at) => &text[..at],
        None => text,
    };
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(offset) = rest.find(['{', '[']) {
        let (before, candidate) = rest.split_at(offset);
        let mut values = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        match values.next() {
            Some(Ok(value)) => {
                let used = values.byte_offset();
                let found = calls_in(&value, calls.len());
                if found.is_empty() {
                    kept.push_str(before);
                    kept.push_str(&candidate[..used]);
                } else {
                    kept.push_str(before);
                    calls.extend(found);
                }
                rest = &candidate[used..];
            }
            Some(Err(_)) | None => {
                kept.push_str(before);
                kept.push_str(&candidate[..1]);
                rest = &candidate[1..];
            }
        }
    }
    kept.push_str(rest);
    let (react_calls, kept) = react(&kept, calls.len());
    calls.extend(react_calls);
    Parsed {
        calls,
        text: tidy(&kept),
    }
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Tool calls in one JSON value (an object, or an array of objects).
fn calls_in(value: &Value, first_index: usize) -> Vec<ToolCall> {
    match value {
        Value::Array(items) => {
            let calls: Vec<ToolCall> = items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_object().and_then(|o| call_in(o, first_index + i)))
                .collect();
            // An array counts only when every element is a call.
            if calls.len() == items.len() {
                calls
            } else {
                Vec::new()
            }
        }
        Value::Object(object) => call_in(object, first_index).into_iter().collect(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => Vec::new(),
    }
}

fn call_in(object: &Map<String, Value>, index: usize) -> Option<ToolCall> {
    // {"function": {"name": ..., "arguments": ...}} (OpenAI's shape, sometimes with "type").
    if let Some(Value::Object(function)) = object.get("function") {
        return call_in(function, index);
    }
    let name = NAME_KEYS
        .iter()
        .find_map(|k| object.get(*k)?.as_str())?
        .trim()
        .to_owned();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let arguments = ARGUMENT_KEYS
        .iter()
        .find_map(|k| object.get(*k))
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    // Only name and arguments (and a type or id): a larger object is data, not a call.
    let extra = object
        .keys()
        .filter(|k| {
            !NAME_KEYS.contains(&k.as_str())
                && !ARGUMENT_KEYS.contains(&k.as_str())
                && *k != "type"
                && *k != "id"
        })
        .count();
    if extra > 0 {
        return None;
    }
    Some(ToolCall {
        id: format!("text_call_{index}"),
        name,
        arguments: decode(arguments),
    })
}

/// Arguments given as a JSON string are decoded; a string that is not JSON stays a string.
fn decode(arguments: Value) -> Value {
    match arguments {
        Value::String(s) => {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                Value::Object(Map::new())
            } else {
                serde_json::from_str(trimmed).unwrap_or(Value::String(s))
            }
        }
        Value::Null => Value::Object(Map::new()),
        other @ (Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_)) => other,
    }
}

/// `Action: NAME` / `Action Input: ...` pairs; returns the calls and the text without those lines.
fn react(text: &str, first_index: usize) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line.trim().strip_prefix("Action:").map(str::trim) else {
            kept.push(line);
            continue;
        };
        let name = name.trim_matches('`').to_owned();
        let mut input = String::new();
        if let Some(next) = lines.peek()
            && let Some(value) = next.trim().strip_prefix("Action Input:")
        {
            input = value.trim().to_owned();
            lines.next();
        }
        if name.is_empty() || name.contains(char::is_whitespace) {
            kept.push(line);
            continue;
        }
        calls.push(ToolCall {
            id: format!("text_call_{}", first_index + calls.len()),
            name,
            arguments: decode(Value::String(input)),
        });
    }
    (calls, kept.join("\n"))
}

/// Removes empty code fences and blank runs left where calls were.
fn tidy(text: &str) -> String {
    let mut out = text.to_owned();
    for fence in [
        "```json\n\n```",
        "```json\n```",
        "```\n\n```",
        "```\n```",
        "```json```",
        "``````",
    ] {
        out = out.replace(fence, "");
    }
    let mut lines: Vec<&str> = Vec::new();
    for line in out.lines() {
        if line.trim().is_empty() && lines.last().is_some_and(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_owned()
}
