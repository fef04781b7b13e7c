//! Reads a client's WebSocket frame into a [`ClientMessage`], naming the field at fault. The
//! message types are told apart by their `type` (an internally tagged enum), which serde reads
//! through a buffer that forgets field names: `{"type":"subscribe","run_id":"r","after_seq":-1}`
//! was refused as `invalid value: integer -1, expected u64`, naming no field. Which field it is
//! is found by what the frame's own fields do: the field without which the refusal changes (or
//! goes) is the one refused, `type` last (without it every frame is refused).

use serde_json::{Map, Value};
use warden_protocol::chat::ClientMessage;

/// The frame's text read as a client message, or what is wrong with it (the field named when
/// one is at fault).
pub fn read(text: &str) -> Result<ClientMessage, String> {
    let error = match serde_json::from_str::<ClientMessage>(text) {
        Ok(message) => return Ok(message),
        Err(error) => error,
    };
    match field_at_fault(text) {
        Some(field) => Err(format!("`{}` is not valid: {error}", shown(&field))),
        None => Err(error.to_string()),
    }
}

/// The field of a frame that is an object whose one field has a value of the wrong type or out
/// of range; `None` when the fault is not a field's value (not JSON, a missing or unknown field,
/// which serde names itself).
fn field_at_fault(text: &str) -> Option<String> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let refusal = refusal_of(fields.clone())?;
    if !is_about_a_value(&refusal) {
        return None;
    }
    let others = fields.keys().filter(|name| name.as_str() != "type");
    let tag = fields.keys().filter(|name| name.as_str() == "type");
    others
        .chain(tag)
        .find(|name| {
            let mut without = fields.clone();
            without.remove(name.as_str());
            refusal_of(without) != Some(refusal.clone())
        })
        .cloned()
}

/// Why serde refuses `fields` as a client message, if it does.
fn refusal_of(fields: Map<String, Value>) -> Option<String> {
    serde_json::from_value::<ClientMessage>(Value::Object(fields))
        .err()
        .map(|error| error.to_string())
}

/// serde's words for a value of the wrong type or out of range (not for a field that is missing
/// or unknown, which it names).
fn is_about_a_value(refusal: &str) -> bool {
    ["invalid type", "invalid value", "invalid length"]
        .iter()
        .any(|start| refusal.starts_with(start))
}

/// At most 64 characters of a field's name (it is the client's text).
fn shown(name: &str) -> String {
    name.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(frame: &str) -> String {
        read(frame).expect_err(frame)
    }

    #[test]
    fn the_field_with_a_wrong_value_is_named() {
        for (frame, field) in [
            (
                r#"{"type":"subscribe","run_id":"r","after_seq":-1}"#,
                "after_seq",
            ),
            (
                r#"{"type":"subscribe","run_id":"r","after_seq":1e30}"#,
                "after_seq",
            ),
            (
                r#"{"type":"subscribe","run_id":"r","after_seq":"5"}"#,
                "after_seq",
            ),
            (r#"{"type":"subscribe","run_id":5}"#, "run_id"),
            (r#"{"type":"message","message":["hi"]}"#, "message"),
            (
                r#"{"type":"approve","approval_id":"a","reason":{}}"#,
                "reason",
            ),
            (r#"{"type":"cancel","run_id":null}"#, "run_id"),
            (r#"{"type":5}"#, "type"),
            (r#"{"run_id":true,"type":"cancel"}"#, "run_id"),
        ] {
            let message = refused(frame);
            assert!(
                message.starts_with(&format!("`{field}` is not valid: ")),
                "{frame}: {message}"
            );
        }
    }

    #[test]
    fn what_serde_names_itself_is_left_as_it_is() {
        assert!(refused(r#"{"type":"ping","x":1}"#).contains("unknown field `x`"));
        assert!(refused(r#"{"type":"cancel"}"#).contains("missing field `run_id`"));
        assert!(refused(r#"{"type":"launch"}"#).contains("unknown variant `launch`"));
        assert!(refused("{not json").contains("key must be a string"));
        assert!(read(r#"{"type":"subscribe","run_id":"r","after_seq":5}"#).is_ok());
    }
}
