//! Tool-call entries as real servers send them, made into [`ToolCall`]s. One reading for both
//! wire formats, streamed or not:
//!
//! - `{"id", "type": "function", "function": {"name", "arguments"}}` (OpenAI), `{"function":
//!   {"name", "arguments"}}` (Ollama), and the flat `{"name", "arguments"}` some servers send;
//! - arguments as a JSON-encoded string (OpenAI), an object (Ollama, and some OpenAI-compatible
//!   servers even when streaming), a string encoded twice, a string in a code fence, `parameters`
//!   instead of `arguments`, a list of `{"name", "value"}` pairs, or nothing at all (`{}`);
//! - an empty or missing id stays empty here; the engine gives such calls ids of its own;
//! - an entry with no function name is not a call: it is dropped, and the text stays the answer.

use serde_json::{Map, Value};

use crate::ToolCall;

/// The call an entry describes; None when it names no function.
pub fn from_entry(entry: &Value) -> Option<ToolCall> {
    let object = entry.as_object()?;
    // The OpenAI and Ollama envelope; otherwise the entry itself is the function.
    let function = match object.get("function") {
        Some(Value::Object(function)) => function,
        Some(_) | None => object,
    };
    let name = function.get("name")?.as_str()?.trim();
    if name.is_empty() {
        return None;
    }
    let arguments = function
        .get("arguments")
        .or_else(|| function.get("parameters"))
        .unwrap_or(&Value::Null);
    Some(ToolCall {
        id: object
            .get("id")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
            .to_owned(),
        name: name.to_owned(),
        arguments: decode_arguments(arguments),
    })
}

/// Every call of a list of entries (`tool_calls`), the malformed ones dropped.
pub fn from_entries(entries: &Value) -> Vec<ToolCall> {
    let calls: Vec<ToolCall> = entries
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let call = from_entry(entry);
            if call.is_none() {
                tracing::debug!(entry = %entry, "a tool-call entry without a function name was dropped");
            }
            call
        })
        .collect();
    calls
}

/// A fresh call id: nine letters and digits, the strictest shape a server asks for (Mistral's),
/// which every other server accepts.
pub fn fresh_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    uuid::Uuid::new_v4()
        .as_bytes()
        .iter()
        .take(9)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Gives every call without an id, or with an id an earlier call of the same answer has, a
/// fresh one: a result must name exactly one call.
pub fn ensure_ids(calls: &mut [ToolCall]) {
    let mut seen = std::collections::HashSet::new();
    for call in calls {
        if call.id.is_empty() || !seen.insert(call.id.clone()) {
            call.id = fresh_id();
            seen.insert(call.id.clone());
        }
    }
}

/// Arguments as the model meant them: an object when they can be read as one. Text that is not
/// JSON stays text, so the engine can ask the model for an object.
pub fn decode_arguments(raw: &Value) -> Value {
    let decoded = match raw {
        Value::Null => Value::Object(Map::new()),
        Value::String(text) => decode_text(text, 0),
        other @ (Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_)) => {
            other.clone()
        }
    };
    match pairs(&decoded) {
        Some(object) => Value::Object(object),
        None => decoded,
    }
}

/// Arguments written as a list of pairs, `[{"name": "path", "value": "/"}]` (or `"key"`), as
/// the object they mean. Every entry must be such a pair and every name distinct, else the list
/// stays as it is (and earns the model a correction).
fn pairs(value: &Value) -> Option<Map<String, Value>> {
    let items = value.as_array().filter(|items| !items.is_empty())?;
    let mut object = Map::new();
    for item in items {
        let pair = item.as_object().filter(|pair| pair.len() == 2)?;
        let key = pair
            .get("name")
            .or_else(|| pair.get("key"))?
            .as_str()
            .filter(|key| !key.is_empty())?;
        let value = pair.get("value")?;
        if object.insert(key.to_owned(), value.clone()).is_some() {
            return None;
        }
    }
    Some(object)
}

fn decode_text(text: &str, depth: u8) -> Value {
    let trimmed = without_closing_tokens(unfence(text.trim()));
    if trimmed.is_empty() {
        return Value::Object(Map::new());
    }
    match first_value(trimmed) {
        // Encoded twice: `"{\"all\": true}"`.
        Some(Value::String(inner)) if depth == 0 => decode_text(&inner, 1),
        // A key written twice with different values: a malformed call, the key named.
        Some(_) if let Some(key) = crate::duplicate_keys::conflicting_key(trimmed) => {
            crate::duplicate_keys::malformed(trimmed, &key)
        }
        Some(value) => value,
        // Python literals, single quotes, a trailing comma or a missing last brace; a call cut
        // off mid-value stays text, for the engine's correction.
        None => crate::lenient::whole(trimmed)
            .or_else(|| before_surplus_closers(trimmed))
            .unwrap_or_else(|| Value::String(text.to_owned())),
    }
}

/// The one value that starts `text` when all that follows it is closers that close nothing
/// (`{"all": true}}`, `{...}]`, `{...})}`): a small model that closed its arguments once too
/// often meant that value. Anything else after it (a second value, words) leaves no value, and
/// the text goes back for a correction.
fn before_surplus_closers(text: &str) -> Option<Value> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let (value, used) = match values.next() {
        Some(Ok(value)) => (value, values.byte_offset()),
        // Near-JSON closed by its own brackets (the repair never closes one at a closer).
        Some(Err(_)) | None => crate::lenient::value_at(text)?,
    };
    let surplus = text[used..].trim();
    (!surplus.is_empty()
        && surplus
            .chars()
            .all(|c| matches!(c, '}' | ']' | ')') || c.is_whitespace()))
    .then_some(value)
}

/// `text` without the special tokens that end it (gpt-oss's `{"all": true}<|call|>`, `<|end|>`,
/// DeepSeek's `<｜tool▁call▁end｜>`): a server that left the token closing a call in its
/// arguments; the arguments are what comes before.
fn without_closing_tokens(text: &str) -> &str {
    let mut text = text;
    loop {
        let trimmed = text.trim_end();
        let Some(open) = [("<|", "|>"), ("<｜", "｜>")]
            .into_iter()
            .find(|(_, close)| trimmed.ends_with(close))
            .and_then(|(open, _)| trimmed.rfind(open))
            // A token: short, one word.
            .filter(|at| {
                let token = &trimmed[*at..];
                token.len() <= 48 && !token.contains(char::is_whitespace)
            })
        else {
            return trimmed;
        };
        text = &trimmed[..open];
    }
}

/// The JSON value at the start of `text`, when nothing but whitespace follows it.
fn first_value(text: &str) -> Option<Value> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let value = values.next()?.ok()?;
    text[values.byte_offset()..]
        .trim()
        .is_empty()
        .then_some(value)
}

/// The inside of a Markdown code fence (```json ... ```), or the text itself.
pub fn unfence(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("```") else {
        return text;
    };
    let Some(body) = rest.strip_suffix("```") else {
        return text;
    };
    // The info string (`json`) runs to the end of the first line.
    match body.find('\n') {
        Some(newline) if !body[..newline].contains(['{', '[']) => body[newline + 1..].trim(),
        Some(_) | None => body.trim(),
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn every_argument_spelling_decodes_to_the_same_object() {
        let expected = json!({"all": true});
        for raw in [
            json!({"all": true}),
            json!("{\"all\": true}"),
            json!(" {\"all\": true} \n"),
            json!("\"{\\\"all\\\": true}\""),
            json!("```json\n{\"all\": true}\n```"),
            json!("```\n{\"all\": true}```"),
        ] {
            assert_eq!(decode_arguments(&raw), expected, "{raw}");
        }
        assert_eq!(decode_arguments(&Value::Null), json!({}));
        // A server that left the token closing the call in the arguments.
        for raw in [
            "{\"all\": true}<|call|>",
            "{\"all\": true} <|end|><|return|>",
            "{\"all\": true}<｜tool▁call▁end｜>",
        ] {
            assert_eq!(decode_arguments(&json!(raw)), json!({"all": true}), "{raw}");
        }
        // Closed once too often: the value before the surplus closers.
        for raw in [
            "{\"all\": true}}",
            "{\"all\": true}]",
            "{\"all\": true})}",
            "{'all': True}} ",
            "{\"all\": true} }\n]",
        ] {
            assert_eq!(decode_arguments(&json!(raw)), json!({"all": true}), "{raw}");
        }
        // A second value or words after it, or a closer that closes what is open: no guess.
        for raw in [
            "{\"all\": true}} {\"all\": false}",
            "{\"all\": true}} done",
            "{\"a\": {\"b\": 1]",
        ] {
            assert_eq!(decode_arguments(&json!(raw)), json!(raw), "{raw}");
        }
        assert_eq!(
            decode_arguments(&json!("{\"all\": true} and <|call|>")),
            json!("{\"all\": true} and <|call|>"),
            "text before the token that is not arguments stays text"
        );
        assert_eq!(
            decode_arguments(&json!([{"name": "all", "value": true}])),
            expected,
            "a list of name/value pairs"
        );
        assert_eq!(
            decode_arguments(&json!("[{\"key\": \"all\", \"value\": true}]")),
            expected,
            "a list of key/value pairs, encoded"
        );
        for not_pairs in [
            json!([]),
            json!([{"name": "all", "value": true}, {"name": "all", "value": false}]),
            json!([{"name": "all", "value": true, "type": "bool"}]),
            json!([{"name": "all", "value": true}, "x"]),
        ] {
            assert_eq!(decode_arguments(&not_pairs), not_pairs, "{not_pairs}");
        }
        assert_eq!(decode_arguments(&json!("  ")), json!({}));
        assert_eq!(
            decode_arguments(&json!("{\"all\": tru")),
            json!("{\"all\": tru"),
            "broken JSON stays text for the engine's correction"
        );
        assert_eq!(
            decode_arguments(&json!("{'all': True,}")),
            expected,
            "near-JSON is read"
        );
        assert_eq!(
            decode_arguments(&json!("{\"a\": 1} and more")),
            json!("{\"a\": 1} and more"),
            "trailing prose is not silently dropped"
        );
    }

    #[test]
    fn missing_and_repeated_ids_are_replaced() {
        let call = |id: &str| ToolCall {
            id: id.to_owned(),
            name: "docker_ps".to_owned(),
            arguments: json!({}),
        };
        let mut calls = vec![call(""), call("a"), call("a"), call("")];
        ensure_ids(&mut calls);
        assert_eq!(calls[1].id, "a");
        let ids: std::collections::HashSet<&str> = calls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 4, "{calls:?}");
        for c in [&calls[0], &calls[2], &calls[3]] {
            assert_eq!(c.id.len(), 9);
            assert!(
                c.id.chars().all(|ch| ch.is_ascii_alphanumeric()),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn entries_without_a_function_name_are_dropped() {
        let calls = from_entries(&json!([
            {"id": "a", "type": "function", "function": {"name": "docker_ps", "arguments": "{}"}},
            {"id": "b", "type": "function", "function": {"name": "", "arguments": "{}"}},
            {"id": "c", "type": "function"},
            {"id": "d", "type": "function", "function": {"arguments": "{}"}},
            "docker_ps",
            {"name": "disk_usage", "parameters": {"path": "/"}},
            {"id": "", "function": {"name": " system_info ", "arguments": null}},
        ]));
        assert_eq!(
            calls,
            vec![
                ToolCall {
                    id: "a".to_owned(),
                    name: "docker_ps".to_owned(),
                    arguments: json!({})
                },
                ToolCall {
                    id: String::new(),
                    name: "disk_usage".to_owned(),
                    arguments: json!({"path": "/"})
                },
                ToolCall {
                    id: String::new(),
                    name: "system_info".to_owned(),
                    arguments: json!({})
                },
            ]
        );
    }
}
