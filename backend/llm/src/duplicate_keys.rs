//! JSON objects that write a key twice with different values (`{"container": "web",
//! "container": "db"}`, two `"name"`s, two `"arguments"`). A JSON reader keeps the last value
//! and drops the other without a word, so the call that would run is one the model may not
//! have meant: such a call is malformed, its text sent back with the key named for a
//! correction. A key written twice with the same value says one thing and reads as it.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The first key that an object of the JSON value starting `text` writes twice with different
/// values, at any depth, or None (also when `text` holds no JSON value).
pub fn conflicting_key(text: &str) -> Option<String> {
    let found = RefCell::new(None);
    let mut values = serde_json::Deserializer::from_str(text);
    Seed(&found).deserialize(&mut values).ok()?;
    found.into_inner().map(|conflict: Conflict| conflict.key)
}

/// The correction for a malformed call's arguments `text` ([`malformed`]) whose JSON value
/// writes a key twice with different values: the key named, both values, and the object as
/// it was written; None when `text` opens with no such value.
pub fn correction(text: &str) -> Option<String> {
    let text = text.trim_start();
    let found = RefCell::new(None);
    let mut values = serde_json::Deserializer::from_str(text);
    Seed(&found).deserialize(&mut values).ok()?;
    let Conflict { key, first, second } = found.into_inner()?;
    // The value as written, without the note [`malformed`] puts after it.
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    let end = match stream.next() {
        Some(Ok(_)) => stream.byte_offset(),
        Some(Err(_)) | None => text.len(),
    };
    Some(format!(
        "the key \"{key}\" is given twice with different values ({first} and {second}), so which one is meant is unknown; send the call again with each key once, holding the value you mean: {}",
        text[..end].trim_end()
    ))
}

/// A key an object writes twice, with the two values it gives it.
struct Conflict {
    key: String,
    first: Value,
    second: Value,
}

/// `raw` (a call object or its arguments) as the text of a malformed call's arguments, naming
/// the key written twice, so the model's correction says what is wrong.
pub fn malformed(raw: &str, key: &str) -> Value {
    Value::String(format!(
        "{} (the key \"{key}\" is written twice with different values: write it once)",
        raw.trim()
    ))
}

/// Reads a JSON value as [`Value`] does, noting in the cell the first key an object repeats
/// with another value.
#[derive(Clone, Copy)]
struct Seed<'c>(&'c RefCell<Option<Conflict>>);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if let Some(first) = object.get(&key).filter(|first| **first != value) {
                self.0.borrow_mut().get_or_insert_with(|| Conflict {
                    key: key.clone(),
                    first: first.clone(),
                    second: value.clone(),
                });
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn a_key_written_twice_with_another_value_is_named_at_any_depth() {
        for (text, key) in [
            (
                r#"{"container": "web", "container": "db"}"#,
                Some("container"),
            ),
            (
                r#"{"name": "docker_logs", "name": "docker_ps"}"#,
                Some("name"),
            ),
            (
                r#"{"name": "x", "arguments": {"a": {"b": 1, "b": 2}}}"#,
                Some("b"),
            ),
            (r#"[{"a": 1}, {"a": 2, "a": [3]}]"#, Some("a")),
            (r#"{"a": 1, "a": 1.0}"#, Some("a")),
            (r#"{"container": "web", "container": "web"}"#, None),
            (r#"{"a": {"b": 1}, "c": {"b": 2}}"#, None),
            ("not json", None),
            ("", None),
        ] {
            assert_eq!(conflicting_key(text).as_deref(), key, "{text}");
        }
    }

    #[test]
    fn the_correction_names_the_key_given_twice_and_both_values() {
        let raw = r#"{"container": "web", "tail": 5, "container": "db"}"#;
        let Value::String(arguments) = malformed(raw, "container") else {
            panic!("a malformed call's arguments are text");
        };
        let correction = correction(&arguments).unwrap();
        assert_eq!(
            correction,
            format!(
                "the key \"container\" is given twice with different values (\"web\" and \"db\"), so which one is meant is unknown; send the call again with each key once, holding the value you mean: {raw}"
            )
        );
        assert!(!correction.contains("not JSON"));
        // A whole call object whose name is written twice.
        let call = r#"{"name": "docker_ps", "name": "docker_logs", "arguments": {}}"#;
        assert!(correction_of(call).contains("the key \"name\" is given twice"));
        for text in [
            "web",
            r#"{"container": "web"}"#,
            r#"{"a": 1, "a": 1}"#,
            "{not json",
        ] {
            assert_eq!(super::correction(text), None, "{text}");
        }
    }

    fn correction_of(raw: &str) -> String {
        let key = conflicting_key(raw).unwrap();
        correction(malformed(raw, &key).as_str().unwrap()).unwrap()
    }
}
