//! A key-value store's listing that prints each key alone on its line and its value on the next,
//! as `etcdctl get --prefix /app` does: `/app/db/password` then `hunter2`. A key whose last
//! segment names a secret makes the next line its value, which goes; the key stays, and so do
//! a listing of keys alone (`--keys-only` puts a blank line after each), paths that follow one
//! another (`find`'s output) and placeholders.

use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::pattern::Gated;

/// One entry of `etcdctl get -w json`'s `kvs`, an object without nested objects holding a
/// `"key"` in base64.
static ETCD_ENTRY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"\{[^{}]*"key"\s*:\s*"(?P<key>[A-Za-z0-9+/]+={0,2})"[^{}]*\}"#).ok()
});

/// The entry's `"value"` member, a string in base64.
static ETCD_VALUE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"(?P<head>"value"\s*:\s*)"(?P<value>[A-Za-z0-9+/]+={0,2})""#).ok()
});

/// `text` with the values of `etcdctl get -w json`'s entries whose key, decoded from base64,
/// ends in a segment naming a secret (`L2FwcC9kYi9wYXNzd29yZA==`, `/app/db/password`).
pub(crate) fn redact_etcd_json(text: &str) -> String {
    if !text.contains("\"kvs\"") {
        return text.to_owned();
    }
    let (Some(entry), Some(value)) = (ETCD_ENTRY.as_ref(), ETCD_VALUE.as_ref()) else {
        return REDACTED.to_owned();
    };
    entry
        .replace_all(text, |found: &Captures| {
            let whole = found.get(0).map_or("", |m| m.as_str());
            let secret = found
                .name("key")
                .and_then(|k| encoded_key_names_secret(k.as_str()))
                .unwrap_or(false);
            if !secret {
                return whole.to_owned();
            }
            value
                .replace_all(whole, |v: &Captures| {
                    format!(
                        "{}\"{REDACTED}\"",
                        v.name("head").map_or("", |m| m.as_str())
                    )
                })
                .into_owned()
        })
        .into_owned()
}

/// For an entry of a store's listing whose key is written in base64 (etcd's `"kvs"`, `{"key":
/// "L2FwcC9kYi9wYXNzd29yZA==", "value": "..."}`): whether the key, decoded, ends in a segment
/// naming a secret (`/app/db/password`), so that its value goes; `None` when the key is not
/// base64 of text (then the entry is no store's entry to judge so).
pub(crate) fn encoded_key_names_secret(key: &str) -> Option<bool> {
    let decoded = crate::secretdata::decode_base64(key)?;
    if decoded.is_empty() || decoded.chars().any(|c| c.is_control()) {
        return None;
    }
    let last = decoded
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    Some(!last.is_empty() && crate::names::is_secret_name(last))
}

/// Whether a JSON object's string members are a store's entry with its key in base64 (`"key"`
/// and `"value"`, etcd's revisions and lease beside them as numbers): `Some(hidden)` tells
/// whether the value goes (see [`encoded_key_names_secret`]), `None` when the object is no
/// such entry.
pub(crate) fn encoded_entry<'a>(
    mut members: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<bool> {
    let mut key = None;
    let mut value = false;
    let all = members.all(|(name, text)| match name {
        "key" => {
            key = Some(text);
            true
        }
        "value" => {
            value = true;
            true
        }
        _ => false,
    });
    if !all || !value {
        return None;
    }
    encoded_key_names_secret(key?)
}

/// The key a line holds alone: a path opened by `/` of letters, digits and `_.-:@` between
/// its slashes, without blanks (`/registry/secrets/default/db-pass`, `/app/api_token`); `None`
/// for anything else. Its last segment is returned.
fn lone_key(line: &str) -> Option<&str> {
    let key = line.trim_end_matches('\r');
    let rest = key.strip_prefix('/')?;
    let valid = !rest.is_empty()
        && !rest.ends_with('/')
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '.' | '-' | ':' | '@'));
    // `which pass` prints `/usr/bin/pass`: a program's path, not a key.
    let program = ["usr/", "bin/", "sbin/", "opt/", "nix/store/"]
        .iter()
        .any(|dir| rest.starts_with(dir));
    (valid && !program).then(|| rest.rsplit('/').next().unwrap_or(rest))
}

/// Whether `line` may be a value printed under its key: something other than blank, another
/// path (`find`'s output, `--keys-only`) or a value already hidden.
fn value_line(line: &str) -> bool {
    let trimmed = line.trim();
    // A prompt (`$ ls`, `# id`) starts the next command, not a value.
    !trimmed.is_empty()
        && !trimmed.starts_with("$ ")
        && !trimmed.starts_with("# ")
        && !trimmed.starts_with('/')
        && !trimmed.starts_with("./")
        && !trimmed.starts_with(REDACTED)
}

/// `text` with the value under each secret-named key of a store's listing hidden.
pub(crate) fn redact_key_lines(text: &str) -> String {
    if !text.contains('/') || !text.contains('\n') {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The secret's name the previous line held alone as a key's last segment.
    let mut hide_next: Option<&str> = None;
    for line in &lines {
        if let Some(name) = hide_next.take()
            && value_line(line)
            && !crate::text::keeps_value(name, line.trim())
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            let cr = if line.ends_with('\r') { "\r" } else { "" };
            out.push(format!("{indent}{REDACTED}{cr}"));
            continue;
        }
        hide_next = lone_key(line).filter(|name| crate::names::is_secret_name(name));
        out.push((*line).to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_key_lines as redact;

    #[test]
    fn values_under_secret_keys_go() {
        assert_eq!(
            redact("/app/db/password\nhunter2\n/app/db/host\ndb.example.com"),
            "/app/db/password\n[redacted]\n/app/db/host\ndb.example.com"
        );
        assert_eq!(
            redact("/config/api_token\nabcd1234efgh5678ijkl\n"),
            "/config/api_token\n[redacted]\n"
        );
    }

    #[test]
    fn etcd_json_values_under_secret_keys_go() {
        assert!(super::ETCD_ENTRY.is_some() && super::ETCD_VALUE.is_some());
        let text = r#"{"kvs":[{"key":"L2FwcC9kYi9wYXNzd29yZA==","version":1,"value":"U3VwM3I="},{"key":"L2FwcC9kYi9ob3N0","value":"ZGI="}]}"#;
        assert_eq!(
            super::redact_etcd_json(text),
            r#"{"kvs":[{"key":"L2FwcC9kYi9wYXNzd29yZA==","version":1,"value":"[redacted]"},{"key":"L2FwcC9kYi9ob3N0","value":"ZGI="}]}"#
        );
    }

    #[test]
    fn listings_of_keys_and_paths_stay() {
        for text in [
            "/app/db/password\n\n/app/db/host\n",
            "/app/db/password\n/app/db/host\n/app/db/user",
            "/etc/app/secret_key\n./x/token",
            "/app/db/host\ndb.example.com",
            "see /app/db/password\nhunter2",
            "/usr/bin/pass\nnext",
            "/app/db/password\n$ ls",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
