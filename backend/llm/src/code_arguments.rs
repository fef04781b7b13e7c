//! A call's arguments in inline code on a label line written as `key=value` pairs or YAML
//! rather than JSON:
//!
//! ```text
//! **Tool:** docker_logs **Args:** `container=web tail=50`
//! **Arguments:** `container: web, tail: 50`
//! ```
//!
//! The JSON reader reads a label line's inline code only when it holds an object, so such a
//! span is written as the object it means before the readers run (only where a known tool is
//! named right before it, as [`crate::named::name_before`] reads a name, and the tool's schema
//! settles every key), and put back as the model wrote it wherever it stays text (a call shown
//! as an example stays the answer as written).

use serde_json::Value;

use crate::names::ToolNames;

/// The most spans rewritten in one text.
const MAX_SPANS: usize = 16;

/// A text with its label lines' arguments written as JSON objects.
#[derive(Debug)]
pub struct Rewritten {
    pub text: String,
    /// Each rewritten span, as written and as read (both with their backticks).
    spans: Vec<(String, String)>,
}

impl Rewritten {
    /// `text` (what the readers left) with every span still in it put back as written.
    pub fn restore(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (written, read) in &self.spans {
            out = out.replace(read.as_str(), written);
        }
        out
    }
}

/// `text` with the arguments of its label lines' inline code written as JSON, or None when
/// it has none written otherwise.
pub fn rewrite(text: &str, known: &ToolNames) -> Option<Rewritten> {
    if !text.contains('`') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        fenced ^= fence;
        if fenced || fence || spans.len() >= MAX_SPANS {
            out.push_str(line);
            continue;
        }
        let Some((open, close)) = last_span(line) else {
            out.push_str(line);
            continue;
        };
        let inner = &line[open + 1..close];
        let before = format!("{out}{}", &line[..=open]);
        let read = arguments(inner, &before, known);
        match read {
            Some(value) => {
                let json = value.to_string();
                out.push_str(&line[..=open]);
                out.push_str(&json);
                out.push_str(&line[close..]);
                spans.push((format!("`{inner}`"), format!("`{json}`")));
            }
            None => out.push_str(line),
        }
    }
    (!spans.is_empty()).then_some(Rewritten { text: out, spans })
}

/// The last inline code span of `line` (where its backticks stand), when nothing but a stop
/// follows it: the arguments end their label line.
fn last_span(line: &str) -> Option<(usize, usize)> {
    let close = line.rfind('`')?;
    let after = line[close + 1..].trim();
    if !matches!(after, "" | "." | ";" | "!") {
        return None;
    }
    let open = line[..close].rfind('`')?;
    (open + 1 < close && !line[..open].ends_with('`')).then_some((open, close))
}

/// The arguments `inner` holds for the known tool named right before it (`before` ends with
/// the span's opening backtick), read as `key=value` pairs or YAML; None for JSON (the JSON
/// reader's), for a span naming no tool before it, or for keys the schema does not settle.
fn arguments(inner: &str, before: &str, known: &ToolNames) -> Option<Value> {
    let trimmed = inner.trim();
    if trimmed.is_empty() || trimmed.starts_with(['{', '[', '(', '<']) {
        return None;
    }
    let (_, name) = crate::named::name_before(before, known)?;
    let keys: Vec<&str> = known.argument_keys(name)?;
    known
        .assignments(name, trimmed)
        .or_else(|| known.assignments(name, &as_assignments(trimmed, &keys)?))
        .filter(|value| value.as_object().is_some_and(|map| !map.is_empty()))
}

/// YAML's `key: value` pairs (`container: web, tail: 50`) written as `key=value` pairs, where
/// each `:` follows one of the schema's `keys` at a pair's start; None when none does.
fn as_assignments(text: &str, keys: &[&str]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    let mut pair_start = true;
    while let Some(c) = rest.chars().next() {
        if pair_start
            && let Some((key, after)) = keys.iter().find_map(|key| {
                let after = rest.strip_prefix(key)?.trim_start_matches([' ', '\t']);
                Some((key, after.strip_prefix(':')?))
            })
        {
            out.push_str(key);
            out.push('=');
            rest = after.trim_start();
            changed = true;
            pair_start = false;
            continue;
        }
        out.push(c);
        pair_start = c.is_whitespace() || matches!(c, ',' | ';');
        rest = &rest[c.len_utf8()..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;
    use crate::ToolDefinition;

    fn known() -> ToolNames {
        let tool = ToolDefinition {
            name: "docker_logs".to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(json!({"type": "object", "properties": {
                "container": {"type": "string"}, "tail": {"type": "integer"}}})),
        };
        ToolNames::from_definitions(std::iter::once(&tool))
    }

    #[test]
    fn pairs_and_yaml_after_a_named_tool_are_written_as_json_and_put_back() {
        let known = known();
        for text in [
            "**Tool:** docker_logs **Args:** `container=web tail=50`",
            "**Tool:** `docker_logs`\n**Arguments:** `container: web, tail: 50`",
            "Tool: docker_logs Arguments: `container=\"web\", tail=50`.",
        ] {
            let rewritten = rewrite(text, &known).unwrap_or_else(|| panic!("{text}"));
            assert!(
                rewritten
                    .text
                    .contains("`{\"container\":\"web\",\"tail\":50}`"),
                "{}",
                rewritten.text
            );
            assert_eq!(rewritten.restore(&rewritten.text), text);
        }
    }

    #[test]
    fn json_unknown_keys_prose_and_fences_stay() {
        let known = known();
        for text in [
            "**Tool:** docker_logs **Args:** `{\"container\": \"web\"}`",
            "**Tool:** docker_logs **Args:** `size=5`",
            "Set `container=web` in the file.",
            "The value is `container=web`",
            "```\n**Tool:** docker_logs **Args:** `container=web`\n```",
            "**Tool:** wipe_disk **Args:** `container=web`",
        ] {
            assert!(rewrite(text, &known).is_none(), "{text}");
        }
    }

    #[test]
    fn yaml_pairs_become_assignments_only_at_a_key() {
        assert_eq!(
            as_assignments("container: web, tail: 50", &["container", "tail"]).as_deref(),
            Some("container=web, tail=50")
        );
        assert_eq!(as_assignments("web: up", &["container"]), None);
    }
}
