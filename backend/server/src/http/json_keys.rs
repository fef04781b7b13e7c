//! Finds a key that appears twice in one JSON object, at any depth. JSON leaves a repeated key's
//! meaning open and parsers differ: serde refuses one only where it reads a typed struct, and a
//! free-form value (a tool's `arguments`, a message's `content`) kept the last one silently, so
//! `{"path": "/srv/a", "path": "/etc/shadow"}` meant one thing to a reader of the body and another
//! to Warden. A body, frame or message with a repeated key is refused, naming the key and where.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// The longest key an error repeats.
const MAX_SHOWN_CHARS: usize = 64;

/// What is wrong, if one object in `body` holds the same key twice (`the key `path` appears
/// twice in `arguments``); `None` for a body without one, and for one that is not JSON (its
/// own parser names that).
pub fn repeated_key(body: &[u8]) -> Option<String> {
    // A body that does not parse is named by the parser that reads it, not as a repeated key
    // found before the fault.
    serde_json::from_slice::<IgnoredAny>(body).ok()?;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match (Walk { at: String::new() }).deserialize(&mut deserializer) {
        Err(error) if error.is_data() => Some(
            error
                .to_string()
                // serde_json appends the position; the message stands without it.
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        ),
        Ok(()) | Err(_) => None,
    }
}

/// Walks one value, `at` the path that leads to it (`arguments`, `messages[2].content`).
struct Walk {
    at: String,
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Walk {
    fn within(&self, step: &str) -> Walk {
        let at = if self.at.is_empty() {
            step.to_owned()
        } else if step.starts_with('[') {
            format!("{}{step}", self.at)
        } else {
            format!("{}.{step}", self.at)
        };
        Walk { at }
    }
}

fn shown(text: &str) -> String {
    text.chars().take(MAX_SHOWN_CHARS).collect()
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                let place = if self.at.is_empty() {
                    "the body".to_owned()
                } else {
                    format!("`{}`", shown(&self.at))
                };
                return Err(A::Error::custom(format!(
                    "the key `{}` appears twice in {place}; send each key once",
                    shown(&key)
                )));
            }
            map.next_value_seed(self.within(&key))?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while seq
            .next_element_seed(self.within(&format!("[{index}]")))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use super::repeated_key;

    #[test]
    fn a_repeated_key_is_named_with_where_it_is() {
        for (body, key, place) in [
            (r#"{"name": "a", "name": "b"}"#, "name", "the body"),
            (
                r#"{"arguments": {"path": "/srv/a", "path": "/etc/shadow"}}"#,
                "path",
                "`arguments`",
            ),
            (
                r#"{"messages": [{"role": "user"}, {"role": "user", "content": "a", "content": "b"}]}"#,
                "content",
                "`messages[1]`",
            ),
            (r#"{"a": {"b": [[{"x": 1, "x": 1}]]}}"#, "x", "`a.b[0][0]`"),
        ] {
            let problem = repeated_key(body.as_bytes()).unwrap_or_default();
            assert!(
                problem.contains(&format!("the key `{key}` appears twice in {place}")),
                "{body}: {problem}"
            );
        }
    }

    #[test]
    fn distinct_keys_and_bodies_that_are_not_json_pass() {
        for body in [
            r#"{"name": "a", "scopes": ["read", "read"], "n": {"name": "b"}}"#,
            r#"[{"a": 1}, {"a": 2}]"#,
            r#"{"a": "\u00e9", "b": null, "c": 1.5, "d": -1, "e": true}"#,
            "",
            "{not json",
            r#"{"a": 1, "a"#,
        ] {
            assert_eq!(repeated_key(body.as_bytes()), None, "{body}");
        }
    }
}
