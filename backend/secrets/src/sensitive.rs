//! Values their own format marks as sensitive, in JSON objects without nested objects (on one
//! line or several): Terraform's and OpenTofu's `output -json` (`{"sensitive": true, "type":
//! "string", "value": "x"}`) and the state's outputs, Parameter Store's `SecureString`s
//! (`{"Name": "/app/db", "Type": "SecureString", "Value": "x"}`), 1Password's concealed fields
//! (`"type": "CONCEALED"`, `"purpose": "PASSWORD"`), CI variables marked secret or masked
//! (`"masked": true`, `"isSecret": true`); and entries whose name field names a secret in any
//! of the spellings APIs use (`"key"`, `"variable"`, `"ParameterKey"`, `"OptionName"`,
//! `"label"`, `"field"`, `"id"`), whatever the entry is called.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// A JSON object without nested objects.
static OBJECT: LazyLock<Option<Gated>> =
    LazyLock::new(|| crate::pattern::new(r#"\{[^{}]*\}"#).ok());

/// A member that marks the object's value as a secret.
static MARKER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#""(?:sensitive|Sensitive|secret|Secret|masked|isSecret|is_secret|IsSecret|isSensitive|IsSensitive|is_sensitive)"\s*:\s*true\b"#,
        r#"|"(?:type|Type|kind)"\s*:\s*"(?:SecureString|CONCEALED|password|PASSWORD|secret|SECRET|secretText)""#,
        r#"|"purpose"\s*:\s*"PASSWORD""#,
    ))
    .ok()
});

/// A member naming the entry: `"name": "DB_PASSWORD"`, `"ParameterKey": "DBPassword"`; a name
/// longer than [`crate::pairs::MAX_NAME_CHARS`] names nothing (the code bounds it: see there).
static NAME_MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#""(?:name|Name|key|Key|variable|Variable|ParameterKey|OptionName|label|Label|field|id)"\s*:\s*"(?P<name>[^"\\]+)""#,
    )
    .ok()
});

/// Its value member: a string or a scalar (lists are `pairs`' to hide item by item).
static VALUE_MEMBER: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>"(?:value|Value|ParameterValue)"\s*:\s*)(?P<value>"(?:[^"\\]|\\.)*"|[^,}\s\[]+)"#,
    )
    .ok()
});

/// Why an object's value is a secret: a member marks it so (its value goes whatever it
/// reads), or a member names it for a secret (`"name": "DB_PASSWORD"`: a switch or a
/// placeholder stays, as [`crate::text::entry_value_keeps`] judges).
enum Mark<'t> {
    Marked,
    Named(&'t str),
}

/// Whether the members of `object` say its value is a secret.
fn marked<'t>(object: &'t str, marker: &Gated, name: &Gated) -> Option<Mark<'t>> {
    if marker.is_match(object) {
        return Some(Mark::Marked);
    }
    name.captures_iter(object).find_map(|c| {
        c.name("name")
            .map(|n| n.as_str())
            .filter(|n| crate::pairs::within_name_bound(n) && is_secret_name(n))
            .map(Mark::Named)
    })
}

/// `text` with the values of objects marked sensitive replaced by [`REDACTED`].
pub(crate) fn redact_marked_sensitive(text: &str) -> String {
    let (Some(object), Some(member), Some(marker), Some(name)) = (
        OBJECT.as_ref(),
        VALUE_MEMBER.as_ref(),
        MARKER.as_ref(),
        NAME_MEMBER.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    object
        .replace_all(text, |found: &Captures| {
            let whole = found.get(0).map_or("", |m| m.as_str());
            let Some(mark) = marked(whole, marker, name) else {
                return whole.to_owned();
            };
            member
                .replace_all(whole, |value: &Captures| {
                    let head = value.name("head").map_or("", |m| m.as_str());
                    let raw = value.name("value").map_or("", |m| m.as_str());
                    let plain = match mark {
                        Mark::Named(name) => {
                            crate::text::entry_value_keeps(name, raw.trim_matches('"'))
                        }
                        Mark::Marked => false,
                    };
                    let kept = match mark {
                        Mark::Named(name) if raw.starts_with('"') => {
                            crate::credpairs::kept_login_user(name, raw.trim_matches('"'))
                        }
                        Mark::Named(_) | Mark::Marked => "",
                    };
                    if matches!(raw, "null" | "\"\"") || raw.contains(REDACTED) || plain {
                        format!("{head}{raw}")
                    } else {
                        format!("{head}\"{kept}{REDACTED}\"")
                    }
                })
                .into_owned()
        })
        .into_owned()
}

/// The end of the JSON string opened by the quote at `start` of `bytes` (the byte after its
/// closing quote), or the end of the text when it does not close.
pub(crate) fn json_string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `text` with every string of the list or the map Terraform marks sensitive hidden: `terraform
/// output -json` writes `{"sensitive": true, "type": [...], "value": [...]}` (its members in
/// this order), a list's or a map's value beside a type that may itself hold objects. The
/// map's keys stay; every string value, however deep, goes.
pub(crate) fn redact_sensitive_collections(text: &str) -> String {
    const MARK: &str = "\"sensitive\"";
    if !text.contains(MARK) {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    // The spans of the strings to hide.
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(MARK) {
        let at = from + found + MARK.len();
        from = at;
        let rest = text[at..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        if !rest.trim_start().starts_with("true") {
            continue;
        }
        // Walk the rest of the object to its `"value"` member, at the object's own depth.
        let mut i = at;
        let mut depth = 0usize;
        let mut value_at = None;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    let end = json_string_end(bytes, i);
                    if depth == 0
                        && &text[i..end] == "\"value\""
                        && text[end..].trim_start().starts_with(':')
                    {
                        let colon = end + text[end..].find(':').unwrap_or(0) + 1;
                        value_at = Some(colon);
                        break;
                    }
                    i = end;
                }
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        let Some(value_at) = value_at else { continue };
        let start = value_at + (text[value_at..].len() - text[value_at..].trim_start().len());
        if !matches!(bytes.get(start), Some(b'[' | b'{')) {
            // A string or a scalar: the flat objects' pass judges it.
            continue;
        }
        let end = hide_strings(text, start, &mut hidden);
        from = from.max(end.min(text.len()));
    }
    // The state's order (`terraform.tfstate`'s outputs, `show -json`): `"value"` first, its
    // `"sensitive": true` after it in the same object.
    let mut from = 0;
    while let Some(found) = text[from..].find("\"value\"") {
        let at = from + found + "\"value\"".len();
        from = at;
        let Some(rest) = text[at..].trim_start().strip_prefix(':') else {
            continue;
        };
        let start = text.len() - rest.trim_start().len();
        if !matches!(bytes.get(start), Some(b'[' | b'{')) {
            continue;
        }
        let mut spans = Vec::new();
        let end = hide_strings(text, start, &mut spans);
        if marked_after(text, end) {
            hidden.extend(spans);
        }
        from = from.max(end.min(text.len()));
    }
    hidden.sort_unstable();
    hidden.dedup();
    if hidden.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in hidden {
        if start < copied || end > text.len() || start > end {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` with the `value:` of every YAML mapping marked `sensitive: true` hidden (`terraform
/// output -json | yq -P`, a state's outputs as YAML), whichever member comes first: a scalar
/// goes whole; a map or a list below keeps its keys and dashes and loses every scalar.
pub(crate) fn redact_yaml_sensitive(text: &str) -> String {
    if !text.contains("sensitive: true") || !text.contains("value:") {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut hiding_below: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let column = indent(line);
        if let Some(value_column) = hiding_below {
            if trimmed.is_empty() || column > value_column {
                out.push(hide_yaml_member(line));
                continue;
            }
            hiding_below = None;
        }
        let Some(rest) = trimmed.strip_prefix("value:") else {
            out.push((*line).to_owned());
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            out.push((*line).to_owned());
            continue;
        }
        // A sibling `sensitive: true` above or below, before the mapping ends.
        let sibling = |l: &&str| {
            let t = l.trim_start();
            !t.is_empty() && indent(l) == column && t.trim_end() == "sensitive: true"
        };
        let ends = |l: &&str| !l.trim().is_empty() && indent(l) < column;
        let marked = lines[..i]
            .iter()
            .rev()
            .take_while(|l| !ends(l))
            .any(&sibling)
            || lines[i + 1..].iter().take_while(|l| !ends(l)).any(&sibling);
        let value = rest.trim();
        if !marked {
            out.push((*line).to_owned());
            continue;
        }
        if value.is_empty() || value.starts_with(['|', '>']) {
            hiding_below = Some(column);
            out.push((*line).to_owned());
        } else if value.starts_with(REDACTED) || matches!(value, "null" | "~" | "\"\"" | "''") {
            out.push((*line).to_owned());
        } else {
            out.push(format!("{}value: {REDACTED}", &line[..column]));
        }
    }
    out.join("\n")
}

/// A line below a sensitive YAML value: a key (`primary:`) and a list's dash stay, and every
/// scalar goes (`primary: [redacted]`, `- [redacted]`, a block scalar's line whole).
fn hide_yaml_member(line: &str) -> String {
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
        return line.to_owned();
    }
    let indent = &line[..line.len() - trimmed.len()];
    let (dash, item) = match trimmed.strip_prefix("- ") {
        Some(item) => ("- ", item.trim_start()),
        None if trimmed == "-" => return line.to_owned(),
        None => ("", trimmed),
    };
    let key_end = item
        .find(": ")
        .or_else(|| item.ends_with(':').then(|| item.len() - 1));
    let (key, value) = match key_end {
        Some(at)
            if item[..at]
                .trim_matches(['"', '\''])
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ')) =>
        {
            (&item[..=at], item[at + 1..].trim())
        }
        _ => ("", item),
    };
    if value.is_empty() || value.starts_with(REDACTED) || matches!(value, "{}" | "[]" | "null") {
        return line.to_owned();
    }
    let space = if key.is_empty() { "" } else { " " };
    format!("{indent}{dash}{key}{space}{REDACTED}")
}

/// Collects the spans of the strings of the balanced list or map opening at `start` of `text`,
/// keys aside, into `hidden`; returns where the list or map ends.
fn hide_strings(text: &str, start: usize, hidden: &mut Vec<(usize, usize)>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = json_string_end(bytes, i);
                let key = text[end..].trim_start().starts_with(':');
                // An unclosed string (a cut text) goes to its end.
                let close = if end > i + 1 && bytes[end - 1] == b'"' {
                    end - 1
                } else {
                    end
                };
                if !key && close > i + 1 && !text[i + 1..close].starts_with(REDACTED) {
                    hidden.push((i + 1, close));
                }
                i = end;
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            _ => i += 1,
        }
    }
    i
}

/// Whether the rest of the object after `from` (its later members, at its own depth, up to its
/// closing brace) holds `"sensitive": true`.
fn marked_after(text: &str, from: usize) -> bool {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = json_string_end(bytes, i);
                if depth == 0
                    && &text[i..end] == "\"sensitive\""
                    && let Some(rest) = text[end..].trim_start().strip_prefix(':')
                    && rest.trim_start().starts_with("true")
                {
                    return true;
                }
                i = end;
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn sensitive_lists_and_maps_lose_their_strings() {
        use super::redact_sensitive_collections as redact;
        assert_eq!(
            redact(r#"{"a":{"sensitive":true,"type":["list","string"],"value":["x1","y2"]}}"#),
            r#"{"a":{"sensitive":true,"type":["list","string"],"value":["[redacted]","[redacted]"]}}"#
        );
        assert_eq!(
            redact(
                r#"{"sensitive": true, "type": ["object", {"p": "string"}], "value": {"p": "x\"1"}}"#
            ),
            r#"{"sensitive": true, "type": ["object", {"p": "string"}], "value": {"p": "[redacted]"}}"#
        );
        let plain = r#"{"sensitive": false, "type": ["list","string"], "value": ["a"]}"#;
        assert_eq!(redact(plain), plain);
        let unclosed = r#"{"sensitive": true, "value": ["abcdef"#;
        assert!(!redact(unclosed).contains("abcdef"), "{}", redact(unclosed));
        assert!(!redact(unclosed).contains('f'), "{}", redact(unclosed));
    }

    #[test]
    fn patterns_compile() {
        assert!(super::OBJECT.is_some());
        assert!(super::MARKER.is_some());
        assert!(super::NAME_MEMBER.is_some());
        assert!(super::VALUE_MEMBER.is_some());
    }
}
