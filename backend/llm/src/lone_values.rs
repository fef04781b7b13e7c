//! Calls written as text whose arguments are not an object: `Action Input: /etc/hostname` after
//! `Action: read_file`, LangChain's `"action_input": "web"`, and the call written on the
//! `Action:` line itself, as small models shorten it: `docker_logs[web]`, `docker_logs(web)`,
//! `read_file("/etc/hostname")`, `docker_logs(container="web", tail=50)`.
//!
//! A value written alone is read as the one argument it can be ([`ToolNames::sole_argument`]:
//! the schema's only property, or its only required one; in the Act brackets of the ReAct
//! paper, a word may also be the only one whose type it fits,
//! [`ToolNames::only_fitting_argument`]), and only for a known tool; a bare word naming a
//! boolean argument turns it on (`docker_ps[all]` is `{"all": true}`); a value on
//! several lines, one that looks like a broken object, one under another argument's name, or one
//! for a tool with no such argument stays text, and earns the model a correction. Native calls
//! are not read this way: their arguments field has a type, and a string there is corrected.

use serde_json::{Map, Value};

use crate::names::ToolNames;

/// The longest value read alone: longer is not one argument's value.
const MAX_VALUE_BYTES: usize = 4 * 1024;

/// `text` (an `Action Input:` value that is neither JSON nor `key=value` pairs) as the
/// arguments of `tool`: `{ARGUMENT: text}`, one pair of surrounding quotes taken off, the value
/// typed by the schema where that is unambiguous ([`ToolNames::coerce`]).
pub fn arguments(tool: &str, text: &str, known: &ToolNames) -> Option<Value> {
    let key = known.sole_argument(tool)?;
    let mut text = unquote(text.trim());
    // `path: /etc/hostname`: the value under its name, as YAML writes it. Another word written
    // as a name (`tail: 50`, `size=5`) means the text is not a value alone.
    if let Some((word, value)) = leading_name(text) {
        if word != key {
            return None;
        }
        text = unquote(value.trim());
    }
    if text.is_empty()
        || text.len() > MAX_VALUE_BYTES
        || text.contains('\n')
        || text.starts_with(['{', '['])
        || opens_call(text)
    {
        return None;
    }
    let mut arguments = Map::new();
    arguments.insert(key.to_owned(), Value::String(text.to_owned()));
    known.coerce(tool, &mut arguments);
    Some(Value::Object(arguments))
}

/// Whether `text` opens with a call (`disk_usage(path="/va`, a Python call cut off and sent
/// back as its text): a name, then its `(`. No value of one argument reads so.
fn opens_call(text: &str) -> bool {
    let name_end = text
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.')))
        .unwrap_or(text.len());
    name_end > 0 && text[name_end..].starts_with('(')
}

/// Whether `text` is one bare word (a name, a path, a host): no blanks, quotes or brackets.
fn is_bare_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
}

/// `text` without one pair of surrounding quotes or backticks.
fn unquote(text: &str) -> &str {
    ['"', '\'', '`']
        .iter()
        .find_map(|q| text.strip_prefix(*q)?.strip_suffix(*q))
        .unwrap_or(text)
}

/// A name at the start of `text` followed by `=`, or by `:` and a blank: the name and the
/// text after the separator. `https://x` and `C:\dir` start with no name.
fn leading_name(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|end| *end > 0)?;
    let after = &text[end..];
    let value = after.strip_prefix('=').or_else(|| {
        after
            .strip_prefix(':')
            .filter(|v| v.starts_with([' ', '\t']))
    })?;
    Some((&text[..end], value))
}

/// A call written whole on an `Action:` line, `NAME(...)` or `NAME[...]`, to a known tool: its
/// name and arguments. Inside the brackets: Python arguments, a JSON object, `key=value` pairs
/// the schema settles, or a value alone ([`arguments`]).
pub fn action_call(line: &str, known: &ToolNames) -> Option<(String, Value)> {
    let line = line.trim().trim_matches('`');
    let open = line.find(['(', '['])?;
    let close = match &line[open..open + 1] {
        "(" => ')',
        _ => ']',
    };
    let inner = line[open + 1..].strip_suffix(close)?;
    let name = known.resolve(line[..open].trim())?.to_owned();
    if close == ')'
        && let Some(mut calls) = crate::pythonic::statements(line, known)
        && calls.len() == 1
        && let Some(call) = calls.pop()
    {
        return Some((call.name, call.arguments));
    }
    let inner = inner.trim();
    if inner.is_empty() {
        return Some((name, Value::Object(Map::new())));
    }
    let word = close == ']' && is_bare_word(inner);
    // A bare word in Act brackets naming a boolean argument turns it on (`docker_ps[all]`),
    // as a flag does; quoted, it is a value.
    if word && let Some(switch) = known.switch(&name, inner) {
        let mut arguments = Map::new();
        arguments.insert(switch.to_owned(), Value::Bool(true));
        return Some((name, Value::Object(arguments)));
    }
    let arguments = match crate::calls::decode_arguments(&Value::String(inner.to_owned())) {
        object @ Value::Object(_) => Some(object),
        Value::String(text) => known
            .assignments(&name, &text)
            .or_else(|| arguments(&name, &text, known)),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::Array(_) => {
            arguments(&name, inner, known)
        }
    }
    .or_else(|| word.then(|| bracketed_word(&name, inner, known)).flatten())?;
    Some((name, arguments))
}

/// A bare word alone in the Act brackets of the ReAct paper (`docker_logs[web]`), for a tool
/// whose schema names no argument it must be: the one argument whose type the word fits
/// ([`ToolNames::only_fitting_argument`]: `web` is the only text argument beside an integer
/// `tail`). Brackets only: the model wrote the call whole, its one value in it. A value alone
/// after `Action Input:`, which may be any text, stays text for such a tool.
fn bracketed_word(name: &str, inner: &str, known: &ToolNames) -> Option<Value> {
    let key = known.only_fitting_argument(name, inner)?;
    let mut arguments = Map::new();
    arguments.insert(key.to_owned(), Value::String(inner.to_owned()));
    known.coerce(name, &mut arguments);
    Some(Value::Object(arguments))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    fn known() -> ToolNames {
        let tool = |name: &str, parameters: Value| crate::ToolDefinition {
            name: name.to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(parameters),
        };
        let tools = [
            tool(
                "docker_logs",
                json!({"type": "object", "required": ["container"], "properties": {
                    "container": {"type": "string"}, "tail": {"type": "integer"}}}),
            ),
            tool(
                "read_file",
                json!({"type": "object", "properties": {"path": {"type": "string"}}}),
            ),
            tool(
                "top",
                json!({"type": "object", "properties": {"n": {"type": "integer"}}}),
            ),
            // No argument required: a value fits the one argument of its type.
            tool(
                "ps",
                json!({"type": "object", "properties": {
                    "all": {"type": "boolean"}, "filter": {"type": "string"},
                    "last": {"type": "integer"}}}),
            ),
            tool(
                "copy",
                json!({"type": "object", "required": ["from", "to"], "properties": {
                    "from": {"type": "string"}, "to": {"type": "string"}}}),
            ),
        ];
        ToolNames::from_definitions(tools.iter())
    }

    #[test]
    fn a_value_alone_is_the_one_argument_it_can_be() {
        let known = known();
        for (tool, text, want) in [
            (
                "read_file",
                "/etc/hostname",
                json!({"path": "/etc/hostname"}),
            ),
            (
                "read_file",
                "\"/etc/hostname\"",
                json!({"path": "/etc/hostname"}),
            ),
            ("docker_logs", "web", json!({"container": "web"})),
            ("top", "5", json!({"n": 5})),
            (
                "read_file",
                "path: /etc/hostname",
                json!({"path": "/etc/hostname"}),
            ),
            (
                "read_file",
                "path=\"/etc/hostname\"",
                json!({"path": "/etc/hostname"}),
            ),
            (
                "read_file",
                "https://x/?a=b",
                json!({"path": "https://x/?a=b"}),
            ),
            ("read_file", "C:\\dir", json!({"path": "C:\\dir"})),
        ] {
            assert_eq!(arguments(tool, text, &known), Some(want), "{tool} {text}");
        }
        for (tool, text) in [
            ("copy", "/etc/hosts"),
            ("read_file", ""),
            ("read_file", "{\"path\": \"/etc"),
            ("read_file", "/etc/a\n/etc/b"),
            ("read_file", "file: /etc/hostname"),
            ("docker_logs", "tail=50"),
            ("unknown_tool", "x"),
            // A number fits both the text and the integer argument: neither is guessed.
            ("ps", "5"),
            // After `Action Input:`, a value alone for a tool of optional arguments stays text.
            ("ps", "web"),
            // A call cut off, sent back as its text: never a value.
            ("read_file", "read_file(path=\"/et"),
            ("read_file", "default_api.read_file(path=\"/etc/hostname\")"),
        ] {
            assert_eq!(arguments(tool, text, &known), None, "{tool} {text:?}");
        }
    }

    #[test]
    fn a_call_written_on_the_action_line() {
        let known = known();
        for (line, name, want) in [
            (
                "docker_logs[web]",
                "docker_logs",
                json!({"container": "web"}),
            ),
            (
                "docker_logs(web)",
                "docker_logs",
                json!({"container": "web"}),
            ),
            (
                "`read_file(\"/etc/hostname\")`",
                "read_file",
                json!({"path": "/etc/hostname"}),
            ),
            (
                "docker_logs(container=\"web\", tail=50)",
                "docker_logs",
                json!({"container": "web", "tail": 50}),
            ),
            (
                "docker_logs[{\"container\": \"web\"}]",
                "docker_logs",
                json!({"container": "web"}),
            ),
            (
                "docker_logs[container=web tail=5]",
                "docker_logs",
                json!({"container": "web", "tail": 5}),
            ),
            ("functions.read_file()", "read_file", json!({})),
            ("ps[all]", "ps", json!({"all": true})),
            ("ps[ALL]", "ps", json!({"all": true})),
            // A word in Act brackets fits the only text argument.
            ("ps[web]", "ps", json!({"filter": "web"})),
        ] {
            assert_eq!(
                action_call(line, &known),
                Some((name.to_owned(), want)),
                "{line}"
            );
        }
        for line in [
            "delete_all(now)",
            "copy(a)",
            "docker_logs[web",
            "read_file",
            "read_file(x) and then",
            // A number fits the text and the integer argument alike; words with blanks are no
            // word.
            "ps[5]",
            // Quoted, a switch's name is a value, which no one argument takes here.
            "ps[\"all\"]",
            "ps[web db]",
        ] {
            assert_eq!(action_call(line, &known), None, "{line}");
        }
    }
}
