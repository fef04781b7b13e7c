//! A whole call written as a JSON string inside its envelope: `<tool_call>"{\"name\":
//! \"docker_ps\", \"arguments\": {}}"</tool_call>`, `[TOOL_CALLS]"[{...}]"`, a list of such
//! strings (`[TOOL_CALLS]["{...}"]`) or a fence holding only one. Small models serialise the
//! call once too often, as they do its arguments; the envelope says a call was meant, so the
//! string's content is read as the call. Outside an envelope a quoted object stays text.

use serde_json::Value;

/// The most levels of string encoding read out around a call.
const MAX_DECODES: usize = 4;

/// The value a JSON string holds, read out of up to [`MAX_DECODES`] levels of encoding; None
/// when it holds no object or array.
fn decoded(text: &str) -> Option<Value> {
    let mut text = text.trim().to_owned();
    for _ in 0..MAX_DECODES {
        let value = serde_json::from_str::<Value>(&text)
            .ok()
            .or_else(|| crate::lenient::whole(&text))?;
        match value {
            Value::String(inner) => text = inner.trim().to_owned(),
            Value::Object(_) | Value::Array(_) => return Some(value),
            Value::Null | Value::Bool(_) | Value::Number(_) => return None,
        }
    }
    None
}

/// The value a call's envelope holds as a string, or a list of strings, each encoding a call
/// object or a list of them: the calls' value as JSON (an object, or a list of the objects).
/// None when any string holds something else, so a list of plain strings stays what it was.
pub fn value(value: &Value) -> Option<Value> {
    match value {
        Value::String(text) => decoded(text),
        Value::Array(items) if !items.is_empty() => {
            let mut calls = Vec::new();
            for item in items {
                match decoded(item.as_str()?)? {
                    Value::Array(inner) => calls.extend(inner),
                    object @ (Value::Object(_)
                    | Value::Null
                    | Value::Bool(_)
                    | Value::Number(_)
                    | Value::String(_)) => calls.push(object),
                }
            }
            Some(Value::Array(calls))
        }
        Value::Array(_) | Value::Null | Value::Bool(_) | Value::Number(_) | Value::Object(_) => {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_call_encoded_as_a_string_is_read_out() {
        let call = json!({"name": "docker_ps", "arguments": {}});
        assert_eq!(value(&json!(call.to_string())), Some(call.clone()));
        // Twice encoded, and inside a list of strings.
        assert_eq!(
            value(&json!(json!(call.to_string()).to_string())),
            Some(call.clone())
        );
        assert_eq!(
            value(&json!([call.to_string(), call.to_string()])),
            Some(json!([call, call]))
        );
        for plain in [
            json!("web"),
            json!(["a", "b"]),
            json!([]),
            json!(3),
            json!("\"web\""),
        ] {
            assert_eq!(value(&plain), None, "{plain}");
        }
    }
}
