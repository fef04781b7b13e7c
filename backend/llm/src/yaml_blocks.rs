//! Calls written as YAML in a ```` ```yaml ```` (or ```` ```yml ````) fence, as small models
//! without a tool template write them when their prompt shows YAML:
//!
//! ```text
//! ```yaml
//! name: docker_logs
//! arguments:
//!   container: web
//!   tail: 50
//! ```
//! ```
//!
//! Only the small part of YAML that such a call uses is read: block mappings and sequences by
//! indentation, plain, single- and double-quoted scalars, `|`/`>` block text, and JSON flow
//! values (`{"all": true}`, `[1, 2]`). Anything else (anchors, tags, several documents, a
//! line that breaks the indentation) makes the fence no value: it stays text. What the value
//! is (a call to a known tool or data) is for the caller to say. Outside a fence, only the
//! lines that end the text are looked at ([`trailing`]): bare `key: value` lines are as often
//! prose, and the caller reads them only as a call whose whole shape it checks.

use serde_json::{Map, Number, Value};

/// A YAML fence in a text and the value it holds.
pub struct Block {
    /// Where the fence's opening line starts.
    pub start: usize,
    /// Where the fence's closing line ends.
    pub end: usize,
    pub value: Value,
}

/// The deepest nesting read.
const MAX_DEPTH: usize = 16;

/// The most fences looked at in one text.
const MAX_FENCES: usize = 16;

/// Every ```` ```yaml ```` fence in `text` whose content reads as a value.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut line_start = 0;
    let mut open: Option<(usize, usize)> = None;
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let trimmed = line.trim();
        match open {
            None => {
                let info = trimmed.strip_prefix("```").map(str::to_ascii_lowercase);
                if matches!(info.as_deref(), Some("yaml" | "yml")) {
                    open = Some((at, line_start));
                }
            }
            Some((start, body)) if trimmed == "```" => {
                open = None;
                fences += 1;
                if let Some(value) = parse(&text[body..at]) {
                    found.push(Block {
                        start,
                        end: line_start,
                        value,
                    });
                }
                if fences >= MAX_FENCES {
                    break;
                }
            }
            Some(_) => {}
        }
    }
    found
}

/// The most lines of a bare YAML document at the text's end.
const MAX_TRAILING_LINES: usize = 64;

/// The YAML documents that end `text` outside a fence, longest first: each starts on a line at
/// the left margin that opens a mapping (`tool: docker_logs`) or a list of them (`- name: x`),
/// and runs without a blank line to the text's end (blanks after it aside). The lines before
/// are the text's.
pub fn trailing(text: &str) -> Vec<Block> {
    let body_end = text.trim_end().len();
    let body = &text[..body_end];
    let mut found = Vec::new();
    let mut starts = Vec::new();
    let mut line_end = body.len();
    for _ in 0..MAX_TRAILING_LINES {
        let line_start = body[..line_end].rfind('\n').map_or(0, |at| at + 1);
        let line = &body[line_start..line_end];
        if line.trim().is_empty() {
            break;
        }
        let item = line.strip_prefix("- ").unwrap_or(line);
        if !line.starts_with([' ', '\t']) && key_and_rest(item).is_some() {
            starts.push(line_start);
        }
        if line_start == 0 {
            break;
        }
        line_end = line_start - 1;
    }
    // The longest document first: the caller takes the first that is a call.
    for start in starts.into_iter().rev() {
        if let Some(value) = parse(&body[start..]) {
            found.push(Block {
                start,
                end: text.len(),
                value,
            });
        }
    }
    found
}

/// A line of the document: its indentation and its text without it.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The value a YAML document of the subset read here holds, or None.
pub fn parse(document: &str) -> Option<Value> {
    let mut lines: Vec<Line> = Vec::new();
    for raw in document.lines() {
        let text = raw.trim_end();
        let body = text.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || body == "---" {
            continue;
        }
        // Tabs do not indent in YAML; anchors, aliases and tags are not read.
        if body.starts_with(['\t', '&', '*', '!', '%']) || body == "..." {
            return None;
        }
        lines.push(Line {
            indent: text.len() - body.len(),
            text: body,
        });
    }
    let first = lines.first()?.indent;
    let mut at = 0;
    let value = node(&mut lines, &mut at, first, 0)?;
    (at == lines.len()).then_some(value)
}

/// The block node starting at line `at`, indented by `indent`.
fn node(lines: &mut [Line], at: &mut usize, indent: usize, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let line = lines.get(*at)?;
    if is_item(line.text) {
        sequence(lines, at, indent, depth)
    } else {
        mapping(lines, at, indent, depth)
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

fn sequence(lines: &mut [Line], at: &mut usize, indent: usize, depth: usize) -> Option<Value> {
    let mut items = Vec::new();
    while let Some(line) = lines.get(*at).copied() {
        // A line back at the items' indentation that is no item ends them (the next key of
        // the mapping whose value they are).
        if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
            break;
        }
        if line.indent > indent {
            return None;
        }
        let item = line.text[1..].trim_start();
        if item.is_empty() {
            *at += 1;
            let next = lines.get(*at).filter(|l| l.indent > indent)?.indent;
            items.push(node(lines, at, next, depth + 1)?);
        } else if key_and_rest(item).is_some() || is_item(item) {
            // `- name: x`: a mapping (or a sequence) starting on the item's line.
            let inner = line.indent + (line.text.len() - item.len());
            lines[*at] = Line {
                indent: inner,
                text: item,
            };
            items.push(node(lines, at, inner, depth + 1)?);
        } else {
            items.push(scalar(item)?);
            *at += 1;
        }
    }
    Some(Value::Array(items))
}

fn mapping(lines: &mut [Line], at: &mut usize, indent: usize, depth: usize) -> Option<Value> {
    let mut map = Map::new();
    while let Some(line) = lines.get(*at).copied() {
        if line.indent < indent {
            break;
        }
        if line.indent > indent || is_item(line.text) {
            return None;
        }
        let (key, rest) = key_and_rest(line.text)?;
        *at += 1;
        let value = if rest.is_empty() {
            match lines.get(*at).copied() {
                Some(next) if next.indent > indent => node(lines, at, next.indent, depth + 1)?,
                // A sequence under a key may stand at the key's own indentation.
                Some(next) if next.indent == indent && is_item(next.text) => {
                    sequence(lines, at, indent, depth + 1)?
                }
                Some(_) | None => Value::Null,
            }
        } else if let Some(style) = rest.strip_prefix(['|', '>']) {
            if !style.trim_start_matches(['-', '+']).is_empty() {
                return None;
            }
            let mut parts = Vec::new();
            let block_indent = lines.get(*at).map(|l| l.indent).filter(|i| *i > indent);
            while let (Some(block_indent), Some(next)) = (block_indent, lines.get(*at)) {
                if next.indent <= indent {
                    break;
                }
                parts.push(format!(
                    "{}{}",
                    " ".repeat(next.indent.saturating_sub(block_indent)),
                    next.text
                ));
                *at += 1;
            }
            let joiner = if rest.starts_with('|') { "\n" } else { " " };
            Value::String(parts.join(joiner))
        } else {
            scalar(rest)?
        };
        if map.insert(key, value).is_some() {
            // A key given twice: which one the model meant is not said.
            return None;
        }
    }
    Some(Value::Object(map))
}

/// `key: rest` (the key plain or quoted), or None when the line is no mapping entry.
fn key_and_rest(text: &str) -> Option<(String, &str)> {
    let (key, rest) = if text.starts_with(['"', '\'']) {
        let quote = text.chars().next()?;
        let close = text[1..].find(quote)? + 1;
        let key = scalar(&text[..=close])?.as_str()?.to_owned();
        (key, text[close + 1..].strip_prefix(':')?)
    } else {
        let colon = text
            .match_indices(':')
            .map(|(at, _)| at)
            .find(|at| text[at + 1..].is_empty() || text[at + 1..].starts_with(' '))?;
        let key = text[..colon].trim_end();
        if key.is_empty() || key.starts_with(['{', '[', '#']) {
            return None;
        }
        (key.to_owned(), &text[colon + 1..])
    };
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim()))
}

/// A scalar or a JSON flow value on one line.
fn scalar(text: &str) -> Option<Value> {
    let text = text.trim();
    // Nothing but a comment may follow a quoted or flow value.
    let only_comment = |rest: &str| {
        let rest = rest.trim();
        rest.is_empty() || rest.starts_with('#')
    };
    if text.starts_with(['"', '{', '[']) {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let value = values.next()?.ok()?;
        return only_comment(&text[values.byte_offset()..]).then_some(value);
    }
    if let Some(inner) = text.strip_prefix('\'') {
        let close = inner.rfind('\'')?;
        return only_comment(&inner[close + 1..])
            .then(|| Value::String(inner[..close].replace("''", "'")));
    }
    // A comment after a plain value.
    let text = text.split(" #").next().unwrap_or(text).trim_end();
    if text.starts_with(['&', '*', '!', '|', '>', '@', '`']) {
        return None;
    }
    Some(match text {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "null" | "Null" | "NULL" | "~" | "" => Value::Null,
        _ => number(text).unwrap_or_else(|| Value::String(text.to_owned())),
    })
}

fn number(text: &str) -> Option<Value> {
    if let Ok(integer) = text.parse::<i64>() {
        return Some(Value::Number(integer.into()));
    }
    let starts_like_number = text
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    let float = text.parse::<f64>().ok().filter(|_| starts_like_number)?;
    Number::from_f64(float).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn the_subset_a_call_uses_is_read() {
        assert_eq!(
            parse("name: docker_logs\narguments:\n  container: web\n  tail: 50\n"),
            Some(json!({"name": "docker_logs", "arguments": {"container": "web", "tail": 50}}))
        );
        assert_eq!(
            parse(
                "- name: docker_ps\n  arguments: {\"all\": true}\n- name: disk_usage\n  arguments:\n    path: '/var/lib/docker' # the data\n"
            ),
            Some(json!([
                {"name": "docker_ps", "arguments": {"all": true}},
                {"name": "disk_usage", "arguments": {"path": "/var/lib/docker"}}
            ]))
        );
        assert_eq!(
            parse(
                "tool: run\nargs:\n  command: |\n    echo a\n    echo b\n  names:\n  - a\n  - \"b c\"\n  ratio: 0.5\n  off: false\n  none: ~"
            ),
            Some(json!({"tool": "run", "args": {
                "command": "echo a\necho b", "names": ["a", "b c"],
                "ratio": 0.5, "off": false, "none": null
            }}))
        );
    }

    #[test]
    fn what_the_subset_does_not_hold_is_no_value() {
        for document in [
            "",
            "name: a\n  broken: indent",
            "name: a\nname: b",
            "base: &anchor\n  x: 1",
            "- a\nkey: b",
            "text: \"unclosed",
        ] {
            assert_eq!(parse(document), None, "{document:?}");
        }
    }

    #[test]
    fn only_yaml_fences_are_read() {
        let text = "Listing.\n```yaml\nname: docker_ps\narguments:\n  all: true\n```\nDone.\n```\nname: x\n```\n";
        let found = blocks(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found.first().map(|b| &text[b.start..b.end]),
            Some("```yaml\nname: docker_ps\narguments:\n  all: true\n```\n")
        );
        assert_eq!(
            found.first().map(|b| b.value.clone()),
            Some(json!({"name": "docker_ps", "arguments": {"all": true}}))
        );
        assert!(blocks("```yaml\nname: docker_ps\n").is_empty(), "unclosed");
    }

    #[test]
    fn trailing_documents_run_from_a_key_at_the_margin_to_the_end() {
        let text = "I will read the logs.\ntool: docker_logs\nargs:\n  container: web\n\n";
        // The longest document first; the shorter ones after it (`args:` alone) are the
        // caller's to refuse.
        let found: Vec<(usize, Value)> = trailing(text)
            .into_iter()
            .map(|b| (b.start, b.value))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    22,
                    json!({"tool": "docker_logs", "args": {"container": "web"}})
                ),
                (40, json!({"args": {"container": "web"}})),
            ]
        );
        let list = "- name: docker_ps\n  arguments:\n    all: true";
        assert_eq!(
            trailing(list).first().map(|b| b.value.clone()),
            Some(json!([{"name": "docker_ps", "arguments": {"all": true}}]))
        );
        for text in [
            "tool: docker_logs\nargs:\n  container: web\n\nThat is all.",
            "Done.\n  tool: docker_logs",
            "",
        ] {
            assert!(trailing(text).is_empty(), "{text:?}");
        }
    }
}
