//! Calls quoted in inline code inside a sentence: `` The format is `<tool_call>{...}</tool_call>`;
//! I will not call it now. `` shows the syntax, it does not use it. Every reader would take the
//! envelope for a call, so the spans are taken out before the readers run and put back in the
//! text after: a call quoted this way, in any dialect, stays the answer.
//!
//! A span counts as quoted when the line has prose around it: words after it, or words before it
//! that are no label (`Action: `docker_logs(web)``, `Call: `...`` keep their span, as the ReAct
//! and line-label readers read them). Only spans that could hold a call (`<`, `{`, `[` or `(`
//! in them) are taken out, and none inside a fence.

/// Marks around a quoted span's number while the readers run: private-use characters no
/// model writes and no reader reads.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// The opening mark of a block shown as an example (a fence or an indented block the prose
/// shows so), for [`crate::examples::continues_example`]: a value after it goes on with it.
const EXAMPLE_OPEN: char = '\u{E002}';

/// A text with its quoted spans replaced by numbered placeholders.
#[derive(Debug)]
pub struct Masked {
    pub text: String,
    spans: Vec<String>,
}

impl Masked {
    /// `value` with the spans put back in every string (and key) it holds: a reader that took
    /// a line's text as an argument keeps it as written.
    pub fn restore_value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) if text.contains([OPEN, EXAMPLE_OPEN]) => {
                *text = self.restore(text);
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.restore_value(item);
                }
            }
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    self.restore_value(&mut item);
                    map.insert(self.restore(&key), item);
                }
            }
            serde_json::Value::String(_)
            | serde_json::Value::Null
            | serde_json::Value::Bool(_)
            | serde_json::Value::Number(_) => {}
        }
    }

    /// `text` (what the readers left of the masked text) with the spans put back.
    pub fn restore(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find([OPEN, EXAMPLE_OPEN]) {
            out.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else {
                out.push_str(&rest[open..]);
                return out;
            };
            match after[..close]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.spans.get(n))
            {
                Some(span) => out.push_str(span),
                None => {
                    out.push_str(&rest[open..open + OPEN.len_utf8() + close + CLOSE.len_utf8()])
                }
            }
            rest = &after[close + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }
}

/// `text` with the inline code spans quoted in its sentences taken out, and the blocks that
/// quote or show text ([`crate::quoted_blocks`]: a blockquote, a fence shown as an example)
/// taken out whole, or None when it quotes none (or already holds the placeholder marks).
pub fn mask(text: &str) -> Option<Masked> {
    if text.contains([OPEN, CLOSE, EXAMPLE_OPEN]) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut from = 0;
    for block in crate::quoted_blocks::spans(text) {
        mask_lines(&text[from..block.start], &mut out, &mut spans);
        // A code block the prose shows as an example keeps that known where it stood.
        let example = crate::quoted_blocks::is_code_block(&text[block.clone()])
            && crate::examples::shown(&text[..block.start], &text[block.end..]);
        if example {
            out.push(EXAMPLE_OPEN);
            out.push_str(&spans.len().to_string());
            out.push(CLOSE);
            spans.push(text[block.clone()].to_owned());
        } else {
            push_span(&text[block.clone()], &mut out, &mut spans);
        }
        from = block.end;
    }
    mask_lines(&text[from..], &mut out, &mut spans);
    (!spans.is_empty()).then_some(Masked { text: out, spans })
}

/// Whether `line` is only the placeholder of a block shown as an example ([`mask`]).
pub(crate) fn example_placeholder(line: &str) -> bool {
    line.trim()
        .strip_prefix(EXAMPLE_OPEN)
        .and_then(|rest| rest.strip_suffix(CLOSE))
        .is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
}

/// `span` replaced by its numbered placeholder in `out`.
fn push_span(span: &str, out: &mut String, spans: &mut Vec<String>) {
    out.push(OPEN);
    out.push_str(&spans.len().to_string());
    out.push(CLOSE);
    spans.push(span.to_owned());
}

/// `text`'s lines with their quoted inline spans replaced, appended to `out`.
fn mask_lines(text: &str, out: &mut String, spans: &mut Vec<String>) {
    if !text.contains('`') {
        out.push_str(text);
        return;
    }
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || line.trim_start().starts_with("```") {
            out.push_str(line);
            continue;
        }
        mask_line(line, out, spans);
    }
}

/// The line with its quoted spans replaced, appended to `out`.
fn mask_line(line: &str, out: &mut String, spans: &mut Vec<String>) {
    let ticks: Vec<usize> = line.match_indices('`').map(|(at, _)| at).collect();
    let mut written = 0;
    for pair in ticks.chunks_exact(2) {
        let (open, close) = (pair[0], pair[1]);
        let inner = &line[open + 1..close];
        let before = line[..open].trim();
        let after = line[close + 1..]
            .trim()
            .trim_matches(['.', ',', ';', '!', '?', ')']);
        // A label's colon may stand inside its emphasis (`**Arguments:** `{...}``).
        // A sentence announcing the call made now (`Calling `docker_logs` with `{...}`.`)
        // labels it too.
        let labelled = before.is_empty()
            || before.trim_end_matches(['*', '_']).ends_with(':')
            || crate::announced::announces(before);
        // Backticks inside a JSON string (`"command": "echo `$(date)`"`) are the value's.
        let in_string = line[..open].matches('"').count() % 2 == 1;
        let quoted = (!after.is_empty() || !labelled) && !in_string;
        if !quoted || !inner.contains(['<', '{', '[', '(']) {
            continue;
        }
        out.push_str(&line[written..=open]);
        push_span(inner, out, spans);
        written = close;
    }
    out.push_str(&line[written..]);
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn spans_quoted_in_a_sentence_are_taken_out_and_put_back() {
        let text =
            "The format is `<tool_call>{}</tool_call>`; I will not call it.\nAlso `[x()]` here.";
        let masked = mask(text).unwrap_or_else(|| panic!("masked"));
        assert!(!masked.text.contains("tool_call"));
        assert!(!masked.text.contains("x()"));
        assert_eq!(masked.restore(&masked.text), text);
        let mut value = serde_json::json!({"a": [masked.text.clone()]});
        masked.restore_value(&mut value);
        assert_eq!(value, serde_json::json!({"a": [text]}));
    }

    #[test]
    fn a_code_block_shown_as_an_example_is_marked_so() {
        let text = "For example:\n```json\n{}\n```\n{\"a\": 1}";
        let masked = mask(text).unwrap_or_else(|| panic!("masked"));
        let line = masked.text.lines().nth(1).unwrap_or_default();
        assert!(example_placeholder(line), "{:?}", masked.text);
        assert_eq!(masked.restore(&masked.text), text);
        // A quote is masked, but no example.
        let masked = mask("> <tool_call>{}</tool_call>\nok").unwrap_or_else(|| panic!("masked"));
        assert!(!masked.text.lines().any(example_placeholder));
    }

    #[test]
    fn labelled_spans_fences_and_plain_words_stay() {
        for text in [
            "Action: `docker_logs(container=\"web\")`",
            "**Arguments:** `{\"all\": true}`",
            "Calling `docker_logs` with `{\"container\": \"web\"}`.",
            "`{\"name\": \"docker_ps\"}`",
            "Run `docker ps` to see them.",
            "```\nsee `f(x)` here\n```",
            "No code at all.",
            "<tool_call>{\"name\": \"run_command\", \"arguments\": {\"command\": \"echo `$(date)`\"}}</tool_call>",
        ] {
            assert!(mask(text).is_none(), "{text}");
        }
    }
}
