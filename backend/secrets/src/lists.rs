//! Lists of secrets under one name: Vault's `unseal_keys_b64`, `keys_base64` and
//! `recovery_keys_b64` as `vault operator init` prints them in JSON (`"unseal_keys_b64": [`
//! then one key a line) or as a table (`unseal_keys_b64    [k1 k2 k3]`), a flow list under a
//! secret's name (`password: [a, b]`, `"api_keys": ["x", "y"]`). Every item goes, the list's
//! brackets, separators and quotes stay, so the text keeps its structure.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::{is_secret_name, parts};

/// A name and a list on one line: `NAME: [..]`, `"NAME": [..]`, `NAME = [..]`, or a table's
/// `NAME    [..]` (two blanks or a tab) at the line's start.
static ONE_LINE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?m)(?P<head>(?:(?P<name>"[A-Za-z_][A-Za-z0-9_. -]*"|'[A-Za-z_][A-Za-z0-9_. -]*'|\b[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[:=][ \t]*"#,
        r#"|^[ \t]*(?P<column>[A-Za-z_][A-Za-z0-9_.-]*)(?:[ \t]{2,}|\t[ \t]*))\[)(?P<items>[^\[\]\n]*)(?P<tail>\])"#,
    ))
    .ok()
});

/// A name whose list opens at the end of its line: `"unseal_keys_b64": [`, `keys = [`.
static OPENS_LIST: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A[ \t]*["']?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*\[[ \t]*\z"#,
    )
    .ok()
});

/// One item: a quoted string or a bare word, and what separates it from the next.
static ITEM: LazyLock<Option<Gated>> =
    LazyLock::new(|| crate::pattern::new(r#""(?:[^"\\]|\\.)*"|'[^']*'|[^\s,"']+"#).ok());

/// Encodings a name may end with after the noun (`unseal_keys_b64`, `keys_hex`).
const ENCODINGS: &[&str] = &["b64", "base64", "hex", "pem"];

/// The nouns a list of secrets is named for, as the name's last part (an encoding dropped),
/// besides the parts that name a secret alone (`pass`, `pwd`). Not `secrets`: Compose's and
/// CI's `secrets: [db_password]` list the names of secrets.
const NOUNS: &[&str] = &[
    "key",
    "keys",
    "token",
    "tokens",
    "password",
    "passwords",
    "passphrase",
    "passphrases",
    "secret",
    "psk",
];

/// How a list's name judges its items: every item, only generated ones, or none.
#[derive(Clone, Copy, PartialEq)]
enum Judge {
    Every,
    Generated,
    None,
}

/// `unseal_keys_b64`, `password`, `api_keys` name secrets whatever the items are; Vault's bare
/// `keys` and `keys_base64` (`vault operator init`, `rekey`) only items shaped like keys.
fn judge(name: &str) -> Judge {
    let name = name.trim_matches(['"', '\'']);
    let mut words = parts(name);
    while words
        .last()
        .is_some_and(|w| ENCODINGS.contains(&w.as_str()))
    {
        words.pop();
    }
    let Some(last) = words.last() else {
        return Judge::None;
    };
    // The last part names the secret itself (`password`, `keys`, `db_pass`), not a setting
    // about secrets (`token_policies`) or their names (`secrets`).
    if last == "secrets" || !(NOUNS.contains(&last.as_str()) || is_secret_name(last)) {
        return Judge::None;
    }
    if words.len() == 1 && last == "keys" {
        return Judge::Generated;
    }
    if is_secret_name(name) {
        Judge::Every
    } else {
        Judge::None
    }
}

/// Whether every item of a list named `name` is a secret (`passwords`, `api_keys`, not
/// `secrets` nor a bare `keys`).
pub(crate) fn names_list_of_secrets(name: &str) -> bool {
    judge(name) == Judge::Every
}

/// Whether an item looks like a generated key: 16 characters or more of base64 or hex.
fn generated(item: &str) -> bool {
    let item = item.trim_matches(['"', '\'']);
    item.len() >= 16
        && item
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'))
        && item.chars().any(|c| c.is_ascii_digit())
}

/// An item that stands for no secret: empty, already hidden, a reference or a placeholder.
fn keeps(item: &str) -> bool {
    let inner = item.trim_matches(['"', '\'']);
    inner.is_empty()
        || inner.contains(REDACTED)
        || inner.starts_with(['$', '{', '<', '%'])
        || matches!(inner, "null" | "none" | "~")
        || inner.chars().all(|c| c == '*')
}

/// `items` with each item hidden as `judge` says, separators and quotes kept.
fn hide_items(items: &str, judge: Judge) -> String {
    let Some(item) = ITEM.as_ref() else {
        return REDACTED.to_owned();
    };
    if judge == Judge::Generated {
        let all: Vec<&str> = item.find_iter(items).map(|m| m.as_str()).collect();
        if all.is_empty() || !all.iter().all(|i| generated(i)) {
            return items.to_owned();
        }
    }
    item.replace_all(items, |c: &Captures| {
        let found = c.get(0).map_or("", |m| m.as_str());
        if keeps(found) {
            return found.to_owned();
        }
        match found.chars().next() {
            Some(q @ ('"' | '\'')) => format!("{q}{REDACTED}{q}"),
            _ => REDACTED.to_owned(),
        }
    })
    .into_owned()
}

/// Whether the item of a YAML block list under `name` goes (`password:` then `- x`): the
/// item alone, quotes kept, as in a flow list.
pub(crate) fn hide_block_item(name: &str, item: &str) -> Option<String> {
    let judge = judge(name);
    if judge == Judge::None || keeps(item) || (judge == Judge::Generated && !generated(item)) {
        return None;
    }
    Some(match item.chars().next() {
        Some(q @ ('"' | '\'')) if item.len() >= 2 && item.ends_with(q) => {
            format!("{q}{REDACTED}{q}")
        }
        _ => REDACTED.to_owned(),
    })
}

/// Plural nouns naming a map of secrets, one per entry (`api_tokens:` then `ci: x`,
/// `credentials:` then `users:` then `alice: x`).
const MAP_NOUNS: &[&str] = &[
    "tokens",
    "passwords",
    "passphrases",
    "secrets",
    "keys",
    "credentials",
    "creds",
];

/// Keys that say whose a credential is rather than being it, under a map of credentials
/// (`credentials:` then `username: bob`, `type: basic`).
const IDENTITY_KEYS: &[&str] = &[
    "user", "username", "login", "name", "email", "id", "type", "kind", "host", "hostname", "url",
    "uri", "endpoint", "region", "provider", "scope", "scopes", "realm", "domain", "port",
];

/// Whether `key`, under the map `name`, names a credential's owner or kind: only under a map
/// of credentials, whose entries mix identities with secrets; under `passwords:` every key is
/// an account (`passwords:` then `user: x` is the password of `user`).
pub(crate) fn names_identity(name: &str, key: &str) -> bool {
    let credentials = parts(name)
        .last()
        .is_some_and(|last| matches!(last.as_str(), "credentials" | "creds"));
    credentials
        && parts(key)
            .last()
            .is_some_and(|last| IDENTITY_KEYS.contains(&last.as_str()))
}

/// A flow map of secrets on one line (`{alice: x, bob: "y"}`): each entry's value hidden, its
/// key, quotes and punctuation kept; `None` when `value` is not a flow map.
pub(crate) fn hide_flow_map(value: &str) -> Option<String> {
    let inner = value.strip_prefix('{')?.strip_suffix('}')?;
    if inner.contains(['{', '}']) {
        return Some(format!("{{{REDACTED}}}"));
    }
    let entries: Vec<String> = inner
        .split(',')
        .map(|entry| match entry.split_once(':') {
            Some((key, item)) => {
                let item = item.trim();
                let hidden = match item.chars().next() {
                    Some(q @ ('"' | '\'')) if item.len() >= 2 && item.ends_with(q) => {
                        format!("{q}{REDACTED}{q}")
                    }
                    _ if item.is_empty() || keeps(item) => item.to_owned(),
                    _ => REDACTED.to_owned(),
                };
                format!("{key}: {hidden}")
            }
            None => entry.to_owned(),
        })
        .collect();
    Some(format!("{{{}}}", entries.join(",")))
}

/// Whether `name` (a YAML key opening a mapping) names a map whose entries' values are secrets:
/// `tokens`, `passwords`, `api_keys`, `secrets` (a bare `keys` may hold public keys).
pub(crate) fn names_map_of_secrets(name: &str) -> bool {
    let words = parts(name);
    match words.as_slice() {
        [] => false,
        [only] => only != "keys" && MAP_NOUNS.contains(&only.as_str()),
        [.., last] => MAP_NOUNS.contains(&last.as_str()) && is_secret_name(name),
    }
}

/// Whether an entry's value under such a map is kept: a number, a switch word, a reference.
pub(crate) fn map_value_keeps(value: &str) -> bool {
    let inner = value.trim_matches(['"', '\'']);
    keeps(value)
        || inner.chars().all(|c| c.is_ascii_digit())
        || matches!(
            inner.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off"
        )
}

/// Hides the items of every list named for secrets in `text`.
pub(crate) fn redact_secret_lists(text: &str) -> String {
    let (Some(one_line), Some(opens)) = (ONE_LINE.as_ref(), OPENS_LIST.as_ref()) else {
        return REDACTED.to_owned();
    };
    let text = one_line.replace_all(text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c
            .name("name")
            .or(c.name("column"))
            .map_or("", |m| m.as_str());
        let judge = judge(name);
        let items = c.name("items").map_or("", |m| m.as_str());
        // `password: [redacted]` is a value hidden already, `password: [REDACTED]` a marker
        // saying so, not a list.
        if judge == Judge::None
            || format!("[{items}]") == REDACTED
            || crate::text::keeps_value(name, &format!("[{items}]"))
        {
            return whole.to_owned();
        }
        format!(
            "{}{}{}",
            c.name("head").map_or("", |m| m.as_str()),
            hide_items(items, judge),
            c.name("tail").map_or("", |m| m.as_str()),
        )
    });
    if !text.contains('\n') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    // How the list being read judges its items, until its closing bracket.
    let mut open: Option<Judge> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(judge) = open {
            let trimmed = line.trim_start();
            if trimmed.starts_with(']') || trimmed.contains(['[', '{', ':']) {
                open = None;
            } else {
                out.push_str(&hide_items(line, judge));
                continue;
            }
        }
        if line.trim_end().ends_with('[')
            && let Some(c) = opens.captures(line)
            && let Some(name) = c.name("name")
        {
            let judge = judge(name.as_str());
            if judge != Judge::None {
                open = Some(judge);
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        assert!(ONE_LINE.is_some());
        assert!(OPENS_LIST.is_some());
        assert!(ITEM.is_some());
    }

    #[test]
    fn names_of_lists_of_secrets() {
        for name in [
            "unseal_keys_b64",
            "recovery_keys_hex",
            "\"api_keys\"",
            "password",
            "DB_PASS",
        ] {
            assert!(judge(name) == Judge::Every, "{name}");
        }
        for name in ["keys", "keys_base64", "keys_hex"] {
            assert!(judge(name) == Judge::Generated, "{name}");
        }
        for name in ["secrets", "token_policies", "ssh_authorized_keys", "hosts"] {
            assert!(judge(name) == Judge::None, "{name}");
        }
    }
}
