//! Maps and lists under a secret's name written in brackets, on one line or over several:
//! Terraform's plain output and console (`tokens = tomap({` then `"a" = "x"`, `api_keys = {`,
//! `passwords = tolist([`), HCL and TOML (`db_passwords = { admin = "x" }`), JSON
//! (`"passwords": {"admin": "x"}`), Go and Rust debug prints (`Config { tokens: {"a": "x"}
//! }`), Python's repr (`{'tokens': {'a': 'x'}}`), `terraform console`'s answers (`>
//! var.api_keys` then `{`) and INI and TOML sections (`[api_keys]` then `primary = x`). Every
//! value goes, the keys, brackets, quotes and separators stay; in a map nested one level deeper
//! (`api_keys = [{ type = "svc", key = "x" }]`, `[api_keys.primary]`) the keys that describe a
//! credential rather than being it (`type`, `name`, `id`, `description`, `enabled`, `created`,
//! `expires`) keep their values.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::names::parts;
use crate::pattern::Gated;

/// A name, its separator and an opening bracket, perhaps inside a conversion
/// (`tomap({`, `tolist([`, `toset([`, `Some(`).
static OPENER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?P<name>"[A-Za-z_][A-Za-z0-9_.-]*"|'[A-Za-z_][A-Za-z0-9_.-]*'|\b[A-Za-z_][A-Za-z0-9_.-]*)"#,
        r#"[ \t]*(?P<sep>=>|=|:)[ \t]*(?:(?P<conversion>tomap|tolist|toset|tuple|object|Some|sensitive)[ \t]*\([ \t]*)?"#,
        r#"@?(?P<open>[\{\[])"#,
    ))
    .ok()
});

/// `terraform console`'s prompt asking for a value (`> var.api_keys`, `> local.tokens`) and
/// the bracket opening the answer on the next line.
static CONSOLE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?m)^[ \t]*>[ \t]*(?:(?:var|local|output|module\.[A-Za-z0-9_-]+)\.)?(?P<name>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n"#,
        r#"[ \t]*(?:(?:tomap|tolist|toset|tuple|object)\()?(?P<open>[\{\[])"#,
    ))
    .ok()
});

/// An INI or TOML section's header (`[api_keys]`, `[api_keys.primary]`).
static SECTION: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"\A[ \t]*\[(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)\][ \t]*\r?\z"#).ok()
});

/// An entry of a section: `key = value`, `key=value`, `key: value`.
static SECTION_ENTRY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>[ \t]*["']?(?P<key>[A-Za-z0-9_.-]+)["']?[ \t]*(?:=|:)[ \t]*)(?P<value>.*?)[ \t]*\r?\z"#,
    )
    .ok()
});

/// Keys of a nested map that describe a credential rather than being it.
const DESCRIBING: &[&str] = &[
    "type",
    "kind",
    "name",
    "id",
    "description",
    "enabled",
    "created",
    "expires",
    "expiry",
    "updated",
    "region",
    "scope",
    "scopes",
    "user",
    "username",
];

/// Whether `key`, in a map nested in a container of secrets, keeps its value.
pub(crate) fn describes(key: &str) -> bool {
    let words = parts(key.trim_matches(['"', '\'']));
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "at" | "on" | "date" | "time"))
        .collect();
    match words.as_slice() {
        [only] => DESCRIBING.contains(only),
        [.., last] => DESCRIBING.contains(last) && !crate::names::is_secret_name(key),
        [] => false,
    }
}

/// Whether a container named `name` holds secrets in its values.
fn names_container(name: &str, open: char) -> bool {
    let name = name.trim_matches(['"', '\'']);
    match open {
        '[' => crate::lists::names_list_of_secrets(name),
        // A singular name's map describes its one secret (Terraform's `"db_password":
        // {"sensitive": true, "type": "string", "value": ...}`), which other passes read.
        // Compose's `secrets: {db_password: {file: ...}}` names its secrets.
        _ => name != "secrets" && crate::lists::names_map_of_secrets(name),
    }
}

/// A bare value that stays: a number, a switch word, nothing.
fn bare_keeps(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.is_empty()
        || value.contains(REDACTED)
        || value.starts_with(['$', '<', '%'])
        || matches!(
            lower.as_str(),
            "true" | "false" | "null" | "nil" | "none" | "~" | "yes" | "no"
        )
        || value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        || value.chars().all(|c| c == '*')
}

/// A quoted value that stays: empty, hidden already, a reference or a placeholder.
fn quoted_keeps(inner: &str) -> bool {
    inner.is_empty()
        || inner.contains(REDACTED)
        || inner.starts_with("${")
        || inner.starts_with("{{")
        || (inner.starts_with('<') && inner.ends_with('>'))
        || inner.chars().all(|c| c == '*')
}

/// The end of the quoted string opening at `at` (past its closing quote), or `None` when it
/// does not close on its line.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The length of a marker standing for a hidden value at `at` (`[redacted]`, `[REDACTED]`,
/// `[masked]`).
fn marker_at(text: &str, at: usize) -> Option<usize> {
    for marker in [REDACTED, "(sensitive value)", "(sensitive)"] {
        if text[at..].starts_with(marker) {
            return Some(marker.len());
        }
    }
    let rest = text[at..].strip_prefix('[')?;
    let end = rest.find([']', '\n'])?;
    let marker = &text[at..at + end + 2];
    crate::text::placeholder(marker).then_some(marker.len())
}

/// Whether `b` ends a bare word: a blank, a separator or a bracket, or, before an entry's
/// separator was read, the separator itself (`password:x` in Go's `map[password:x]`).
fn ends_word(b: u8, after_separator: bool) -> bool {
    let separator = matches!(b, b':' | b'=');
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b','
            | b'{'
            | b'}'
            | b'['
            | b']'
            | b'('
            | b')'
            | b'"'
            | b'\''
    ) || (separator && !after_separator)
}

/// The first byte after blanks from `at`.
fn next_visible(bytes: &[u8], mut at: usize) -> Option<u8> {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    bytes.get(at).copied()
}

/// Whether what follows `at` makes the token before it a key (`:`, `=`, `=>`, not `==` nor
/// `::`).
fn key_follows(bytes: &[u8], at: usize) -> bool {
    let mut i = at;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b':') => bytes.get(i + 1) != Some(&b':'),
        Some(b'=') => bytes.get(i + 1) != Some(&b'='),
        _ => false,
    }
}

/// The spans of values to hide in the container whose bracket opens at `open`, and where it
/// ends.
fn hide_in(text: &str, open: usize, spans: &mut Vec<(usize, usize)>) -> usize {
    let bytes = text.as_bytes();
    // The brackets open, innermost last.
    let mut stack: Vec<u8> = vec![bytes[open]];
    // The key of the entry being read, at each depth.
    let mut key: Option<(usize, usize)> = None;
    // Whether the entry's separator was read, so what comes is its value.
    let mut after_separator = false;
    let mut i = open + 1;
    while i < bytes.len() && !stack.is_empty() {
        if let Some(marker) = marker_at(text, i) {
            // Hidden already: `[redacted]`, `[REDACTED]` is no list.
            i += marker;
            continue;
        }
        let b = bytes[i];
        match b {
            b'{' | b'[' | b'(' => {
                stack.push(b);
                if b != b'(' {
                    key = None;
                    after_separator = false;
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                stack.pop();
                i += 1;
            }
            b',' | b'\n' => {
                key = None;
                after_separator = false;
                i += 1;
            }
            b':' | b'=' => {
                after_separator = true;
                i += 1;
                if bytes.get(i) == Some(&b'>') {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let Some(end) = string_end(bytes, i) else {
                    // An apostrophe in a word, or a string cut: nothing more to judge here.
                    i += 1;
                    continue;
                };
                if key_follows(bytes, end) && !after_separator {
                    key = Some((i + 1, end - 1));
                } else {
                    let inner = &text[i + 1..end - 1];
                    let described = stack.iter().filter(|c| **c != b'(').count() >= 2
                        && key.is_some_and(|(s, e)| describes(&text[s..e]));
                    if !described && !quoted_keeps(inner) {
                        spans.push((i + 1, end - 1));
                    }
                }
                i = end;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && !ends_word(bytes[i], after_separator) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = &text[start..i];
                if next_visible(bytes, i) == Some(b'(') {
                    // A call (`sensitive("x")`, `Some("x")`): its arguments are the value.
                    continue;
                }
                if !after_separator && key_follows(bytes, i) {
                    key = Some((start, i));
                    continue;
                }
                let in_list = stack.last() == Some(&b'[');
                if after_separator || in_list {
                    let described = stack.iter().filter(|c| **c != b'(').count() >= 2
                        && key.is_some_and(|(s, e)| describes(&text[s..e]));
                    if !described && !bare_keeps(word) && !word.contains('.') {
                        spans.push((start, i));
                    }
                }
            }
        }
    }
    i
}

/// `text` with the values of every bracketed container named for secrets hidden.
pub(crate) fn redact_secret_containers(text: &str) -> String {
    let Some(opener) = OPENER.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(c) = opener.captures_at(text, from) {
        let (Some(whole), Some(name), Some(open)) = (c.get(0), c.name("name"), c.name("open"))
        else {
            break;
        };
        let bracket = if open.as_str() == "{" { '{' } else { '[' };
        // `token: [redacted]`: a value hidden already, no list.
        // `{{ x }}`, `{% x %}`: a template's expression, no map.
        // Terraform's output record (`"api_keys": {"sensitive": true, "type": ..., "value":
        // ...}`), whose value `tfsensitive.rs` and `pairs.rs` judge by its mark.
        let after = text[open.end()..].trim_start();
        let record = ["\"sensitive\"", "\"type\"", "\"value\""]
            .iter()
            .any(|k| after.starts_with(k));
        let hidden = record
            || marker_at(text, open.start()).is_some()
            || (open.as_str() == "{" && text[open.end()..].starts_with(['{', '%']));
        // A singular name's map in Terraform's own printing (`db_password = tomap({`,
        // `password = {`), not JSON's (Kubernetes' `"secret": {"secretName": ...}`).
        let singular = bracket == '{'
            && (c.name("conversion").is_some() || c.name("sep").is_some_and(|s| s.as_str() == "="))
            && !name
                .as_str()
                .trim_matches(['"', '\''])
                .eq_ignore_ascii_case("secret")
            && crate::lists::names_list_of_secrets(name.as_str().trim_matches(['"', '\'']));
        if !hidden && (singular || names_container(name.as_str(), bracket)) {
            from = hide_in(text, open.start(), &mut spans).max(whole.end());
        } else {
            from = name.end().max(whole.start() + 1);
        }
        while from < text.len() && !text.is_char_boundary(from) {
            from += 1;
        }
        if from >= text.len() {
            break;
        }
    }
    if let Some(console) = CONSOLE.as_ref() {
        for c in console.captures_iter(text) {
            if let (Some(name), Some(open)) = (c.name("name"), c.name("open")) {
                let bracket = if open.as_str() == "{" { '{' } else { '[' };
                if names_container(name.as_str(), bracket) {
                    hide_in(text, open.start(), &mut spans);
                }
            }
        }
    }
    spans.sort_unstable();
    if spans.is_empty() {
        return redact_sections(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in spans {
        if start < copied {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    redact_sections(&out)
}

/// `text` with the values of INI and TOML sections named for secrets hidden (`[api_keys]`
/// then `primary = x`); in a section below one (`[api_keys.primary]`) the keys describing the
/// credential keep their values.
fn redact_sections(text: &str) -> String {
    let (Some(section), Some(entry)) = (SECTION.as_ref(), SECTION_ENTRY.as_ref()) else {
        return REDACTED.to_owned();
    };
    if !text.contains('[') {
        return text.to_owned();
    }
    // Whether the open section holds secrets, and whether it is nested below the named one.
    let mut open: Option<bool> = None;
    let mut out = Vec::new();
    for line in text.split('\n') {
        if let Some(c) = section.captures(line)
            && let Some(name) = c.name("name")
        {
            let parts: Vec<&str> = name.as_str().split('.').collect();
            let at = parts.iter().position(|p| names_container(p, '{'));
            open = at.map(|at| at + 1 < parts.len());
            out.push(line.to_owned());
            continue;
        }
        let Some(nested) = open else {
            out.push(line.to_owned());
            continue;
        };
        if line.trim_start().starts_with('[') {
            open = None;
            out.push(line.to_owned());
            continue;
        }
        let Some(c) = entry.captures(line) else {
            out.push(line.to_owned());
            continue;
        };
        let (Some(head), Some(key), Some(value)) = (c.name("head"), c.name("key"), c.name("value"))
        else {
            out.push(line.to_owned());
            continue;
        };
        let raw = value.as_str();
        let quoted = raw.len() >= 2
            && ((raw.starts_with('"') && raw.ends_with('"'))
                || (raw.starts_with('\'') && raw.ends_with('\'')));
        let keeps = (nested && describes(key.as_str()))
            || raw.trim_start().starts_with('#')
            || if quoted {
                quoted_keeps(&raw[1..raw.len() - 1])
            } else {
                bare_keeps(raw) || raw.starts_with(['[', '{'])
            };
        if keeps {
            out.push(line.to_owned());
        } else if quoted {
            let q = &raw[..1];
            out.push(format!("{}{q}{REDACTED}{q}", head.as_str()));
        } else {
            out.push(format!("{}{REDACTED}", head.as_str()));
        }
    }
    out.join("\n")
}

/// A name and a series of bare items separated by commas or semicolons (`PASSWORDS=a,b`,
/// `api_tokens = a, b`, `API_KEYS=a;b`).
static SERIES: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?m)(?P<head>\b(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[:=][ \t]*)"#,
        r#"(?P<items>[^\s,;"'\[\{(]+(?:[ \t]*[,;][ \t]*[^\s,;"']+)+)"#,
    ))
    .ok()
});

/// `text` with every item of a series under a plural secret's name hidden (`PASSWORDS=a,b`
/// becomes `PASSWORDS=[redacted],[redacted]`), the separators kept.
pub(crate) fn redact_secret_series(text: &str) -> String {
    let Some(series) = SERIES.as_ref() else {
        return REDACTED.to_owned();
    };
    series
        .replace_all(text, |c: &regex::Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let (Some(head), Some(name), Some(items)) =
                (c.name("head"), c.name("name"), c.name("items"))
            else {
                return whole.to_owned();
            };
            // Options and paths (`-o credentials=/root/.smbcred,uid=1000`) are no series.
            if name.as_str() == "secrets"
                || items.as_str().contains(['=', '/'])
                || !crate::lists::names_map_of_secrets(name.as_str())
            {
                return whole.to_owned();
            }
            let mut out = head.as_str().to_owned();
            let mut item = String::new();
            let flush = |item: &mut String, out: &mut String| {
                if bare_keeps(item) {
                    out.push_str(item);
                } else {
                    out.push_str(REDACTED);
                }
                item.clear();
            };
            for ch in items.as_str().chars() {
                if matches!(ch, ',' | ';' | ' ' | '\t') {
                    flush(&mut item, &mut out);
                    out.push(ch);
                } else {
                    item.push(ch);
                }
            }
            flush(&mut item, &mut out);
            out
        })
        .into_owned()
}

/// A flow map that is an item of a list of secrets (`api_keys:` then `- {type: service, key:
/// x}`), each value hidden but those of keys describing the credential.
pub(crate) fn hide_flow_item(item: &str) -> String {
    let wrapped = format!("[{item}]");
    let mut spans = Vec::new();
    hide_in(&wrapped, 0, &mut spans);
    let mut out = String::with_capacity(wrapped.len());
    let mut copied = 0;
    for (start, end) in spans {
        if start < copied {
            continue;
        }
        out.push_str(&wrapped[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&wrapped[copied..]);
    out[1..out.len() - 1].to_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_secret_containers as redact;

    #[test]
    fn values_go_and_keys_stay() {
        assert_eq!(
            redact("tokens = tomap({\n  \"a\" = \"s3cr3t1\"\n})"),
            "tokens = tomap({\n  \"a\" = \"[redacted]\"\n})"
        );
        assert_eq!(
            redact("api_keys = [{ type = \"svc\", key = \"s3cr3t1\" }]"),
            "api_keys = [{ type = \"svc\", key = \"[redacted]\" }]"
        );
        for same in [
            "region = { a = \"eu\" }",
            "secrets: [db_password]",
            "tokens = { count = 3 }",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}
