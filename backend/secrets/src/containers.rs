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
        // A flow map quoted as one value (`API_KEYS='{"a": "x"}'`).
        r#"@?(?P<quote>['"])?(?P<open>[\{\[])"#,
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

/// An INI or TOML section's header (`[api_keys]`, `[api_keys.primary]`, TOML's array of tables
/// `[[api_keys]]`), perhaps with a comment after it.
static SECTION: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A[ \t]*\[(?P<array>\[)?[ \t]*(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?\z"#,
    )
    .ok()
});

/// An entry of a section: `key = value`, `key=value`, `key: value`, `"a key" = value`.
static SECTION_ENTRY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>[ \t]*(?:"(?P<quoted>[^"\n]*)"|'(?P<single>[^'\n]*)'|(?P<key>[A-Za-z0-9_.-]+))[ \t]*(?P<sep>=|:)[ \t]*)(?P<value>.*?)[ \t]*\r?\z"#,
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
        // Compose's `secrets: {db_password: {file: ...}}` names its secrets in a map below,
        // which keeps its values (a shallow context).
        _ => crate::lists::names_map_of_secrets(name),
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

/// Whether a list's items, up to its closing bracket, were hidden by an earlier pass, perhaps
/// after an authorization's scheme (`[Bearer [redacted]]`, Go's printed header): its items
/// are judged already, and the scheme stays.
fn list_hidden_already(after_open: &str) -> bool {
    let mut rest = after_open;
    let mut hidden = false;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if let Some(after) = rest.strip_prefix(REDACTED) {
            hidden = true;
            rest = after;
        } else if rest.starts_with(']') {
            return hidden;
        } else {
            let end = rest.find([' ', '\t', ']', '\n']).unwrap_or(rest.len());
            if end == 0 || !crate::text::hidden_already(&format!("{} {REDACTED}", &rest[..end])) {
                return false;
            }
            rest = &rest[end..];
        }
    }
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

/// Whether the value of the entry `key` at the depth `stack` gives stays: a map nested in the
/// container describes its credential by some keys (`type`, `name`), a map of credentials says
/// whose each is (`username`), and a shallow container's nested maps are left to their names.
fn kept(text: &str, stack: &[u8], key: Option<(usize, usize)>, context: Context) -> bool {
    let depth = context.depth + stack.iter().filter(|c| **c != b'(').count();
    let key = key.map(|(s, e)| &text[s..e]);
    (depth >= 2 && (context.shallow || key.is_some_and(describes)))
        || (depth == 1 && key.is_some_and(|k| crate::lists::names_identity(context.name, k)))
}

/// The quoted value opening at `at` judged and its inner text's span pushed when it goes; where
/// judging goes on.
fn quoted_value(
    text: &str,
    at: usize,
    stack: &[u8],
    key: Option<(usize, usize)>,
    context: Context,
    spans: &mut Vec<(usize, usize)>,
) -> usize {
    let Some(end) = string_end(text.as_bytes(), at) else {
        // An apostrophe in a word, or a string cut: nothing more to judge here.
        return at + 1;
    };
    let inner = &text[at + 1..end - 1];
    if !kept(text, stack, key, context) && !quoted_keeps(inner) {
        spans.push((at + 1, end - 1));
    }
    end
}

/// What a container's values are judged by: the name it is under, how deep its bracket already
/// stands (a section's inline table is one level below the section's name), and whether only
/// its own entries hold secrets (Compose's `secrets: {db: {file: ./db.txt}}` describes each
/// secret in a map below).
#[derive(Clone, Copy)]
struct Context<'n> {
    /// The container's name (`api_keys`, `credentials`).
    name: &'n str,
    /// Levels of nesting above the bracket.
    depth: usize,
    /// Whether the values of maps nested inside stay.
    shallow: bool,
}

impl<'n> Context<'n> {
    /// The context of a container written under `name`.
    fn under(name: &'n str) -> Self {
        let bare = name.trim_matches(['"', '\'']);
        Self {
            name: bare,
            depth: 0,
            shallow: bare.eq_ignore_ascii_case("secrets"),
        }
    }
}

/// The spans of values to hide in the container whose bracket opens at `open`, and where it
/// ends. A value written over several lines (an HCL heredoc, `<<EOT` ... `EOT`, or a triple
/// quote) goes line by line, its opener and terminator kept.
fn hide_in(text: &str, open: usize, context: Context, spans: &mut Vec<(usize, usize)>) -> usize {
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
            b'"' | b'\'' if after_separator => {
                let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
                if let Some(triple) = ["\"\"\"", "'''"]
                    .into_iter()
                    .find(|t| text[i..line_end].starts_with(t))
                    && !text[i + 3..line_end].contains(triple)
                {
                    // A triple-quoted value running onto the lines below.
                    if !text[i + 3..line_end].trim().is_empty() {
                        spans.push((i + 3, i + 3 + text[i + 3..line_end].trim_end().len()));
                    }
                    i = crate::blocks::body_spans(text, triple, line_end, spans)
                        .unwrap_or(line_end);
                    key = None;
                    after_separator = false;
                    continue;
                }
                i = quoted_value(text, i, &stack, key, context, spans);
            }
            b'"' | b'\'' => {
                let Some(end) = string_end(bytes, i) else {
                    // An apostrophe in a word, or a string cut: nothing more to judge here.
                    i += 1;
                    continue;
                };
                if key_follows(bytes, end) {
                    key = Some((i + 1, end - 1));
                    i = end;
                } else {
                    i = quoted_value(text, i, &stack, key, context, spans);
                }
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
                if after_separator && word.starts_with("<<") {
                    // An HCL heredoc (`admin = <<EOT` ... `EOT`): its lines are the value.
                    let line_end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                    // Ruby's entry goes on after its heredoc's tag (`admin: <<~EOS,`).
                    let opener = text[start..line_end]
                        .trim_end()
                        .trim_end_matches([',', ';', ')'])
                        .trim_end();
                    if let Some(end) = crate::blocks::body_spans(text, opener, line_end, spans) {
                        i = end;
                        key = None;
                        after_separator = false;
                        continue;
                    }
                }
                let in_list = stack.last() == Some(&b'[');
                if (after_separator || in_list)
                    && !kept(text, &stack, key, context)
                    && !bare_keeps(word)
                    && !word.contains('.')
                {
                    spans.push((start, i));
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
        let record = record_follows(&text[open.end()..]);
        let hidden = record
            || marker_at(text, open.start()).is_some()
            || list_hidden_already(&text[open.end()..])
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
        // Only a map on its line is read inside quotes: `password: '[abc]'` is one value.
        let quoted_value = c.name("quote").is_some()
            && !(bracket == '{' && flow_map_on_line(&text[open.start()..]));
        if quoted_value {
            from = name.end().max(whole.start() + 1);
        } else if !hidden && (singular || names_container(name.as_str(), bracket)) {
            // A singular name's map describes its one secret: the keys describing it keep
            // their values (`auth = {"username": "bob", "token": "x"}`).
            let context = Context {
                depth: usize::from(singular && !names_container(name.as_str(), bracket)),
                ..Context::under(name.as_str())
            };
            from = hide_in(text, open.start(), context, &mut spans).max(whole.end());
        } else if marker_at(text, open.start()).is_none()
            && singular_flow_map(name.as_str(), &text[open.start()..])
        {
            // A singular secret's name over a flow map on its line (`auth: {user: alice,
            // pass: x}`): the map describes its one secret, so the keys describing it keep
            // their values and the others go.
            let context = Context {
                depth: 1,
                ..Context::under(name.as_str())
            };
            from = hide_in(text, open.start(), context, &mut spans).max(whole.end());
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
                    hide_in(
                        text,
                        open.start(),
                        Context::under(name.as_str()),
                        &mut spans,
                    );
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

/// An INI or TOML section named for secrets, while its lines are read.
struct OpenSection<'t> {
    /// The part of the section's name naming the secrets (`credentials` in
    /// `[credentials.prod]`).
    name: &'t str,
    /// Whether it is nested below the named one (`[api_keys.primary]`), so that the keys
    /// describing the credential keep their values.
    nested: bool,
    /// The separator its entries are written with (`=`, `:`), once one was read.
    separator: Option<&'t str>,
    /// Whether the line before was an entry whose bare value went, so that an indented line
    /// below continues that value (INI's continuation lines).
    continues: bool,
}

/// The start of the line after the one holding `at`.
fn next_line(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .find('\n')
        .map_or(text.len() + 1, |e| at + e + 1)
}

/// `text` with the values of INI and TOML sections named for secrets hidden (`[api_keys]`
/// then `primary = x`, `[[api_keys]]`); in a section below one (`[api_keys.primary]`) the keys
/// describing the credential keep their values, and under credentials the keys saying whose
/// they are (`username`). A value over several lines (a triple quote, a multi-line array, an
/// INI continuation line) goes line by line. A section runs, as TOML reads it, over blank
/// lines and comments to the next header; a line that no section holds (a log line, a prompt,
/// prose) or an entry written with the other separator (`host: x` below `primary = x`) shows
/// that the file's text ended there, and ends it.
fn redact_sections(text: &str) -> String {
    let (Some(section), Some(entry)) = (SECTION.as_ref(), SECTION_ENTRY.as_ref()) else {
        return REDACTED.to_owned();
    };
    if !text.contains('[') {
        return text.to_owned();
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<OpenSection> = None;
    let mut start = 0;
    while start <= text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let line = &text[start..end];
        let next = end + 1;
        if line.contains('[')
            && let Some(c) = section.captures(line)
            && let Some(name) = c.name("name")
        {
            let parts: Vec<&str> = name.as_str().split('.').collect();
            open = parts
                .iter()
                .position(|p| names_container(p, '{'))
                .map(|at| OpenSection {
                    name: parts[at],
                    // `[[api_keys]]`: each table is an item of the list, as a nested map.
                    nested: at + 1 < parts.len() || c.name("array").is_some(),
                    separator: None,
                    continues: false,
                });
            start = next;
            continue;
        }
        let Some(state) = open.as_mut() else {
            start = next;
            continue;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            state.continues = false;
            start = next;
            continue;
        }
        if trimmed.starts_with('[') {
            open = None;
            start = next;
            continue;
        }
        let Some(c) = entry.captures(line) else {
            if state.continues && line.starts_with([' ', '\t']) {
                let indent = line.len() - line.trim_start().len();
                spans.push((start + indent, start + line.trim_end().len()));
            } else {
                open = None;
            }
            start = next;
            continue;
        };
        let (Some(key), Some(separator), Some(value)) = (
            c.name("key").or(c.name("quoted")).or(c.name("single")),
            c.name("sep"),
            c.name("value"),
        ) else {
            start = next;
            continue;
        };
        if state.separator.is_some_and(|s| s != separator.as_str()) {
            open = None;
            start = next;
            continue;
        }
        state.separator = Some(separator.as_str());
        state.continues = false;
        let key = key.as_str();
        let raw = value.as_str();
        let value_start = start + value.start();
        if (state.nested && (describes(key) || state.name.eq_ignore_ascii_case("secrets")))
            || (!state.nested && crate::lists::names_identity(state.name, key))
            || raw.starts_with(['#', ';'])
            || raw.starts_with(REDACTED)
        {
            start = next;
            continue;
        }
        if let Some(triple) = ["\"\"\"", "'''"].into_iter().find(|t| raw.starts_with(t))
            && !raw[3..].contains(triple)
        {
            // A multi-line string: its lines to the closing quote.
            if !raw[3..].trim().is_empty() {
                spans.push((value_start + 3, start + value.end()));
            }
            let resume = crate::blocks::body_spans(text, triple, end, &mut spans).unwrap_or(end);
            start = next_line(text, resume);
            continue;
        }
        if raw.starts_with("<<")
            && let Some(resume) = crate::blocks::body_spans(text, raw, end, &mut spans)
        {
            start = next_line(text, resume);
            continue;
        }
        if raw.starts_with(['[', '{']) {
            // An array or an inline table, perhaps over several lines: one level below the
            // section.
            let context = Context {
                name: state.name,
                depth: 1 + usize::from(state.nested),
                shallow: state.name.eq_ignore_ascii_case("secrets"),
            };
            let resume = hide_in(text, value_start, context, &mut spans);
            start = if resume > end {
                next_line(text, resume.saturating_sub(1))
            } else {
                next
            };
            continue;
        }
        let quoted = raw.len() >= 2
            && ((raw.starts_with('"') && raw.ends_with('"'))
                || (raw.starts_with('\'') && raw.ends_with('\'')));
        if quoted {
            if !quoted_keeps(&raw[1..raw.len() - 1]) {
                spans.push((value_start + 1, start + value.end() - 1));
            }
        } else if !bare_keeps(raw) {
            spans.push((value_start, start + value.end()));
            state.continues = true;
        }
        start = next;
    }
    apply_spans(text, spans)
}

/// `text` with each of `spans` replaced by [`REDACTED`]; a span starting inside one replaced
/// already is skipped.
fn apply_spans(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    if spans.is_empty() {
        return text.to_owned();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in spans {
        if start < copied || end < start {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether `rest` opens with a map that closes on its line and holds an entry (`{a: x}`, `{ a
/// = "x" }`, `{"a": "x"}`), not a value that starts with a brace (Maven's encrypted
/// `{COQLCE6DU6GtcS5P=}`).
fn flow_map_on_line(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or_default();
    let mut depth = 0usize;
    for (at, ch) in line.char_indices() {
        match ch {
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = line[1..at].trim();
                    return inner.is_empty() || inner.split(',').next().is_some_and(entry_shaped);
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether `entry` is a map's entry: a key (a word or a quoted string), a separator (`:`
/// before a blank, a quote or a bracket; `=` or `=>`) and, after `=`, a value. A base64 word
/// ending in `=` is none.
fn entry_shaped(entry: &str) -> bool {
    let entry = entry.trim();
    let rest = match entry.chars().next() {
        Some(q @ ('"' | '\'')) => match entry[1..].find(q) {
            Some(end) => &entry[end + 2..],
            None => return false,
        },
        _ => {
            let key_len = entry
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .unwrap_or(entry.len());
            if key_len == 0 {
                return false;
            }
            &entry[key_len..]
        }
    };
    let rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix(':') {
        return after.is_empty() || after.starts_with([' ', '\t', '"', '\'', '{', '[']);
    }
    rest.strip_prefix('=').is_some_and(|after| {
        !after.starts_with('=') && !after.trim_start_matches('>').trim().is_empty()
    })
}

/// Whether a Terraform output's record opens after a brace (`{"sensitive": true, "type":
/// ..., "value": ...}`), whose value `tfsensitive.rs` and `pairs.rs` judge by its mark.
fn record_follows(after: &str) -> bool {
    let after = after.trim_start();
    ["\"sensitive\"", "\"type\"", "\"value\""]
        .iter()
        .any(|k| after.starts_with(k))
}

/// Whether `rest`, after a singular secret's name (`auth`, `"token"`), is a flow map on its
/// line that this pass reads, not a template's expression nor Terraform's record.
fn singular_flow_map(name: &str, rest: &str) -> bool {
    let bare = name.trim_matches(['"', '\'', '\\']);
    rest.starts_with('{')
        && !rest[1..].starts_with(['{', '%'])
        && crate::names::is_secret_name(bare)
        && !crate::lists::names_map_of_secrets(bare)
        && (flow_map_on_line(rest) || map_opens_below(rest))
}

/// Whether `rest` opens a map whose entries start on the lines below (`"adminPassword": {` then
/// `"value": "x"`, as an ARM template's parameters file writes it).
fn map_opens_below(rest: &str) -> bool {
    let mut lines = rest.split('\n');
    lines.next().is_some_and(|first| first.trim() == "{")
        && lines
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| entry_shaped(l.trim().trim_end_matches(',')))
}

/// Whether the values of the flow map opening `rest` on its line, under `name`, are this
/// pass's to judge (`api_keys: {stripe: x}`, `auth: {user: alice, pass: x}`), so that the
/// assignment pass leaves the map whole to it.
pub(crate) fn judges_flow_map(name: &str, rest: &str) -> bool {
    let bare = name.trim_matches(['"', '\'', '\\']);
    (singular_flow_map(name, rest) && flow_map_on_line(rest))
        || (crate::lists::names_map_of_secrets(bare)
            && rest.starts_with('{')
            && !rest[1..].starts_with(['{', '%'])
            && !record_follows(&rest[1..])
            && flow_map_on_line(rest))
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
    hide_in(&wrapped, 0, Context::under(""), &mut spans);
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
