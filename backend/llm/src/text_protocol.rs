//! The text protocol, for models without native tool calling, and for calls a native-tools model
//! writes into its text anyway. The system prompt asks for `{"tool": "NAME", "arguments": {...}}`;
//! what comes back is messier. This parser accepts:
//!
//! - the object in a ```json fence or bare, with prose before and after;
//! - several calls, as several objects or one array;
//! - `name`/`tool`/`function` for the name and `arguments`/`args`/`parameters`/`input` for the
//!   arguments, and the OpenAI shape `{"function": {"name", "arguments"}}`;
//! - arguments sent as a JSON string (decoded) or a broken string (kept, for a correction);
//! - the envelopes of [`crate::envelopes`]: `<tool_call>` and kin, `<function=NAME>`,
//!   `[TOOL_CALLS]`, `<|python_tag|>`, HTML-escaped JSON;
//! - `functions.NAME:` followed by the arguments (the format llama.cpp's function-calling
//!   template teaches);
//! - ReAct lines: `Action: NAME` then `Action Input: {...}`;
//! - an `Observation:` the model invented: everything from there on is ignored, the real
//!   observation comes from the tool.

use serde_json::{Map, Value};

use crate::ToolCall;
use crate::envelopes;

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

/// Every call in `text`, whatever its name.
pub fn parse(text: &str) -> Parsed {
    let text = &text[..floor_char_boundary(text, MAX_TEXT_BYTES)];
    let parsed = parse_plain(text);
    if parsed.calls.is_empty() {
        let unescaped = envelopes::unescape_entities(text);
        if unescaped != text {
            let decoded = parse_plain(&unescaped);
            if !decoded.calls.is_empty() {
                return decoded;
            }
        }
    }
    parsed
}

/// The calls in `text` when every one names a tool `known` accepts; otherwise none, and the
/// text is the answer. For native-tools models, whose text is usually an answer: JSON in an
/// answer that happens to look like a call must name a real tool before it runs as one.
pub fn parse_known(text: &str, known: impl Fn(&str) -> bool) -> Parsed {
    let parsed = parse(text);
    if !parsed.calls.is_empty() && parsed.calls.iter().all(|c| known(&c.name)) {
        parsed
    } else {
        Parsed {
            calls: Vec::new(),
            text: text.trim().to_owned(),
        }
    }
}

fn parse_plain(text: &str) -> Parsed {
    // The model invented the tool's answer: what follows is not its own.
    let text = match text
        .find("\nObservation:")
        .or_else(|| text.starts_with("Observation:").then_some(0))
    {
        Some(at) => &text[..at],
        None => text,
    };
    let (mut calls, text) = envelopes::function_tags(text, 0);
    let mut kept = String::new();
    let mut rest = text.as_str();
    while let Some(offset) = rest.find(['{', '[']) {
        let (before, candidate) = rest.split_at(offset);
        let mut values = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        match values.next() {
            Some(Ok(value)) => {
                let used = values.byte_offset();
                let mut found = calls_in(&value, calls.len());
                let mut before = before;
                if found.is_empty()
                    && let Some((prose, name)) = functions_prefix(before)
                    && value.is_object()
                {
                    found.push(ToolCall {
                        id: format!("text_call_{}", calls.len()),
                        name: name.to_owned(),
                        arguments: value.clone(),
                    });
                    before = prose;
                }
                kept.push_str(before);
                if found.is_empty() {
                    kept.push_str(&candidate[..used]);
                } else {
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
    let (react_calls, mut kept) = react(&kept, calls.len());
    calls.extend(react_calls);
    if !calls.is_empty() {
        kept = envelopes::strip_markers(&kept);
    }
    Parsed {
        calls,
        text: tidy(&kept),
    }
}

/// `functions.NAME:` right before a JSON object: the prose before it and the name.
fn functions_prefix(before: &str) -> Option<(&str, &str)> {
    let trimmed = before.trim_end();
    let without_colon = trimmed.strip_suffix(':')?;
    let start = without_colon.rfind("functions.")?;
    let name = &without_colon[start + "functions.".len()..];
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| (&before[..start], name))
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
    crate::calls::decode_arguments(&arguments)
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
