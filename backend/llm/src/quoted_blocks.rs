//! Blocks of an answer that quote or show text rather than write the model's own: a Markdown
//! blockquote (`> ...`, with the lines that continue its paragraph), and a code fence the prose
//! around it shows as an example (`Example:` before it, `I will not run it.` after it). Whatever
//! they hold (an envelope, a made-up turn) is the answer's, never a call: quoting a call shows it.
//! A fence the prose does not show as an example is left to the readers, so a model answering
//! with a fenced call still calls.

use std::ops::Range;

use crate::examples;

/// The byte ranges of `text` that are quoted or shown blocks, in order, without their last line
/// break.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let end_of = |index: usize| {
        let (start, line) = lines[index];
        start + line.trim_end_matches(['\n', '\r']).len()
    };
    let mut spans = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let (start, line) = lines[index];
        if is_fence(line) {
            // The fence runs to its closing line, or to the end when it never closes.
            let close = (index + 1..lines.len())
                .find(|&i| is_fence(lines[i].1))
                .unwrap_or(lines.len() - 1);
            let end = end_of(close);
            if examples::shown_not_made(&examples::around(&text[..start], &text[end..])) {
                spans.push(start..end);
            }
            index = close + 1;
            continue;
        }
        if opens_quote(line) {
            // Lines after a quoted one continue its paragraph (Markdown's lazy continuation)
            // until a blank line or a fence.
            let mut last = index;
            while last + 1 < lines.len()
                && !lines[last + 1].1.trim().is_empty()
                && !is_fence(lines[last + 1].1)
            {
                last += 1;
            }
            spans.push(start..end_of(last));
            index = last + 1;
            continue;
        }
        index += 1;
    }
    spans
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

/// Whether `line` is quoted: blanks (four spaces make an indented code block, which shows text
/// as a quote does), list item markers a quote may stand in (`- `, `* `, `+ `, `1. `, `1) `,
/// a task's `[ ] ` after them), then `>` (a blank after it or not, as Markdown reads it; quotes
/// nest, `> > `). Functionary's `>>>NAME` addresses a call, no quote.
fn opens_quote(line: &str) -> bool {
    let mut rest = line.trim_start_matches([' ', '\t']);
    while let Some(after) = list_marker(rest) {
        rest = after;
    }
    rest.strip_prefix('>')
        .is_some_and(|after| !addresses_call(after))
}

/// `line` after a list item's marker, the blanks after it and a task's box, or None when it
/// opens no item.
fn list_marker(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = match line.as_bytes().first()? {
        b'-' | b'*' | b'+' => &line[1..],
        _ if (1..=9).contains(&digits) => line[digits..].strip_prefix(['.', ')'])?,
        _ => return None,
    };
    let item = after.trim_start_matches([' ', '\t']);
    if item.len() == after.len() {
        return None;
    }
    // A task list item's box (`- [ ] `, `- [x] `) opens its text.
    Some(
        ["[ ]", "[x]", "[X]"]
            .iter()
            .find_map(|box_| item.strip_prefix(box_))
            .filter(|text| text.starts_with([' ', '\t']))
            .map_or(item, |text| text.trim_start_matches([' ', '\t'])),
    )
}

/// Whether the text after a line's first `>` makes it Functionary's `>>>NAME`: two more `>`
/// and a name right after them.
fn addresses_call(after: &str) -> bool {
    after
        .strip_prefix(">>")
        .and_then(|name| name.chars().next())
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn quotes_with_their_continuation_and_fences_shown_as_examples_are_spans() {
        let text = "The call would be:\n> <tool_call>{}</tool_call>\nstill quoted\n\nMine.";
        assert_eq!(
            spans(text)
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["> <tool_call>{}</tool_call>\nstill quoted"]
        );
        let text = "><tool_call>{}</tool_call>\nI will not run it.";
        assert_eq!(spans(text), vec![0..text.len()]);
        let text = "Example:\n```\n<tool_call>{}</tool_call>\n```\nThat is the format.";
        assert_eq!(
            spans(text)
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["```\n<tool_call>{}</tool_call>\n```"]
        );
    }

    #[test]
    fn calls_meant_and_functionary_addresses_are_no_spans() {
        for text in [
            "I will check.\n```\n<tool_call>{}</tool_call>\n```",
            ">>>docker_ps\n{}",
            "```\n> not a quote in code\n```",
            "a > b\n<tool_call>{}</tool_call>",
            "- item\n<tool_call>{}</tool_call>",
            "1.5 > 1\n<tool_call>{}</tool_call>",
            "-> <tool_call>{}</tool_call>",
            "- [ ]<tool_call>{}</tool_call>",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
        // A quote in a list item, or in a quote, is a quote.
        for text in [
            "- > <tool_call>{}</tool_call>",
            "* ><tool_call>{}</tool_call>",
            "1. > <tool_call>{}</tool_call>",
            "2) > <tool_call>{}</tool_call>",
            "- 1. > <tool_call>{}</tool_call>",
            "    > <tool_call>{}</tool_call>",
            "- [ ] > <tool_call>{}</tool_call>",
            "* [x] ><tool_call>{}</tool_call>",
            "> > <tool_call>{}</tool_call>",
            ">> <tool_call>{}</tool_call>",
            ">>> <tool_call>{}</tool_call>",
            ">>><tool_call>{}</tool_call>",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        // A blank line ends the quote: the call after it is the model's.
        let text = "> Quote.\n\n<tool_call>{}</tool_call>";
        assert_eq!(spans(text), vec![0..8]);
    }
}
