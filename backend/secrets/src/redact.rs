//! Redaction: secret-named fields in JSON and secret-shaped words in free text are replaced by
//! [`REDACTED`] before anything is recorded or shown.

use serde_json::Value;

/// Argument names whose values never reach the log.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "credential",
    "private_key",
    "passphrase",
];

pub const REDACTED: &str = "[redacted]";

/// A copy of `value` with secret-named fields and secret-looking strings replaced.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, inner)| {
                    let lower = key.to_lowercase();
                    if SECRET_NAMES.iter().any(|s| lower.contains(s)) {
                        (key.clone(), Value::String(REDACTED.to_owned()))
                    } else {
                        (key.clone(), redact(inner))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(text) => Value::String(redact_text(text)),
        Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

/// Hides credentials inside free text: Warden API keys, bearer tokens, `password=...` pairs.
pub fn redact_text(text: &str) -> String {
    let mut out = Vec::new();
    let mut hide_next = false;
    for word in text.split(' ') {
        let lower = word.to_lowercase();
        if hide_next {
            out.push(REDACTED.to_owned());
            hide_next = false;
        } else if word.starts_with("wdn_") {
            out.push(REDACTED.to_owned());
        } else if lower == "bearer" || lower == "authorization:" {
            out.push(word.to_owned());
            hide_next = true;
        } else if let Some((key, _)) = word.split_once('=')
            && SECRET_NAMES.iter().any(|s| key.to_lowercase().contains(s))
        {
            out.push(format!("{key}={REDACTED}"));
        } else {
            out.push(word.to_owned());
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_are_redacted_by_name_and_by_shape() {
        assert_eq!(
            redact(&json!({
                "url": "http://x",
                "headers": {"Authorization": "Bearer abc"},
                "db_password": "hunter2",
                "command": "curl -H 'Authorization: Bearer abc' http://x?token=1 wdn_secretkey",
            })),
            json!({
                "url": "http://x",
                "headers": {"Authorization": REDACTED},
                "db_password": REDACTED,
                "command": "curl -H 'Authorization: Bearer [redacted] http://x?token=[redacted] [redacted]",
            })
        );
    }
}
