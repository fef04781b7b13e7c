//! JSON objects that write a key twice with different values (`{"container": "web",
//! "container": "db"}`, two `"name"`s, two `"arguments"`). A JSON reader keeps the last value
//! and drops the other without a word, so the call that would run is one the model may not
//! have meant: such a call is malformed, its text sent back with the key named for a
//! correction. A key written twice with the same value says one thing and reads as it.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The first key that an object of the JSON value starting `text` writes twice with different
/// values, at any depth, or None (also when `text` holds no JSON value).
pub fn conflicting_key(text: &str) -> Option<String> {
    let found = RefCell::new(None);
    let mut values = serde_json::Deserializer::from_str(text);
    Seed(&found).deserialize(&mut values).ok()?;
    found.into_inner()
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
struct Seed<'c>(&'c RefCell<Option<String>>);

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
            if object.get(&key).is_some_and(|first| *first != value) {
                self.0.borrow_mut().get_or_insert_with(|| key.clone());
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
}
