//! Blocks of an answer that quote or show text rather than write the model's own: a Markdown
//! blockquote (`> ...`, with the lines that continue its paragraph), a table's rows (`| step |
//! <tool_call>... |`: a cell holds text the table shows), a code fence or an indented code block
//! the prose around it shows as an example (`Example:` before it, `I will not run it.` after
//! it), and the HTML elements that quote, show or hide text (`<blockquote>`, `<q>`, `<pre>`,
//! `<details>`, a comment `<!-- ... -->`). Whatever they hold (an envelope, a made-up turn) is
//! the answer's, never a call: quoting a call shows it. A fence the prose does not show as an
//! example is left to the readers, so a model answering with a fenced call still calls.

use std::ops::Range;

use crate::examples;

/// The byte ranges of `text` that are quoted or shown blocks, in order, without their last line
/// break.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let (mut spans, fences) = block_spans(text);
    let elements: Vec<Range<usize>> = html_spans(text)
        .into_iter()
        .filter(|element| {
            !spans
                .iter()
                .chain(&fences)
                .any(|block| block.start < element.end && element.start < block.end)
        })
        .collect();
    spans.extend(elements);
    spans.sort_by_key(|span| span.start);
    spans
}

/// HTML elements that quote (`<blockquote>`, `<q>`), show as preformatted or sample text
/// (`<pre>`, `<xmp>`, `<textarea>`, `<samp>`, `<kbd>`), fold away (`<details>`), strike
/// through (`<del>`, `<strike>`) or comment out (`<!-- -->`) what they hold, with that.
const QUOTING_ELEMENTS: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<blockquote", "</blockquote>"),
    ("<del", "</del>"),
    ("<details", "</details>"),
    ("<kbd", "</kbd>"),
    ("<pre", "</pre>"),
    ("<q", "</q>"),
    ("<samp", "</samp>"),
    ("<strike", "</strike>"),
    ("<textarea", "</textarea>"),
    ("<xmp", "</xmp>"),
];

/// The most `<` looked at for quoting elements in one text.
const MAX_TAGS_SCANNED: usize = 4096;

/// The byte ranges of the quoting elements in `text` ([`QUOTING_ELEMENTS`], any case, nested
/// ones inside the outermost), each from its opening tag through its closing one, or to the
/// end where it never closes. A tag in inline code (`` `<pre>` ``) is prose.
fn html_spans(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    let mut from = 0;
    for (at, _) in lower.match_indices('<').take(MAX_TAGS_SCANNED) {
        if at < from || in_inline_code(text, at) {
            continue;
        }
        let Some((open, close)) = QUOTING_ELEMENTS
            .iter()
            .find(|(open, _)| opens_element(&lower[at..], open))
        else {
            continue;
        };
        let mut depth = 0usize;
        let mut end = text.len();
        let mut cursor = at + open.len();
        while let Some(next) = lower[cursor..].find('<').map(|n| cursor + n) {
            let rest = &lower[next..];
            if rest.starts_with(close) {
                if depth == 0 {
                    end = next + close.len();
                    break;
                }
                depth -= 1;
            } else if opens_element(rest, open) {
                depth += 1;
            }
            cursor = next + 1;
        }
        // A comment closes with `-->`, which no `<` starts.
        if *open == "<!--" {
            end = lower[at + open.len()..]
                .find(close)
                .map_or(text.len(), |n| at + open.len() + n + close.len());
        }
        spans.push(at..end);
        from = end;
    }
    spans
}

/// Whether `tag` (lower case) opens the element `open` (`<pre>`, `<pre class="x">`, not
/// `<preview>`).
fn opens_element(tag: &str, open: &str) -> bool {
    tag.strip_prefix(open)
        .is_some_and(|after| open == "<!--" || after.starts_with(['>', ' ', '\t', '\n', '\r', '/']))
}

/// Whether byte `at` of `text` stands in inline code on its line (an odd number of backticks
/// before it).
fn in_inline_code(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..at].matches('`').count() % 2 == 1
}

/// The line-based blocks of `text` that quote or show it, and every fence (shown or not).
fn block_spans(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
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
    let mut fences = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let (start, line) = lines[index];
        if let Some(marker) = fence_marker(line) {
            // The fence runs to its closing line (of the same marker), or to the end when it
            // never closes.
            let close = (index + 1..lines.len())
                .find(|&i| fence_marker(lines[i].1) == Some(marker))
                .unwrap_or(lines.len() - 1);
            let end = end_of(close);
            fences.push(start..end);
            if examples::shown_not_made(&examples::around(&text[..start], &text[end..])) {
                spans.push(start..end);
            }
            index = close + 1;
            continue;
        }
        if let Some(last) = table_end(&lines, index) {
            spans.push(start..end_of(last));
            index = last + 1;
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
        let after_blank = index == 0 || lines[index - 1].1.trim().is_empty();
        if after_blank && is_indented_code(line) {
            // An indented code block runs over its indented lines (blank ones between) and,
            // like a fence, quotes what it holds where the prose shows it as an example.
            let mut last = index;
            let mut next = index + 1;
            while next < lines.len()
                && (is_indented_code(lines[next].1) || lines[next].1.trim().is_empty())
            {
                if is_indented_code(lines[next].1) {
                    last = next;
                }
                next += 1;
            }
            let end = end_of(last);
            if examples::shown_not_made(&examples::around(&text[..start], &text[end..])) {
                spans.push(start..end);
            }
            index = last + 1;
            continue;
        }
        index += 1;
    }
    (spans, fences)
}

/// Whether `line` is a line of an indented code block: four blanks or a tab before text.
fn is_indented_code(line: &str) -> bool {
    (line.starts_with("    ") || line.starts_with('\t')) && !line.trim().is_empty()
}

/// The index of the last line of the table that starts at `lines[index]`, or None when no
/// table starts there. A line opening with `|` (in a list item or not) is a table's row; so is, in a table with a
/// delimiter row (`--- | ---`), each line around it that holds a `|` (the pipes at a row's
/// ends are optional). A table runs to a blank line or a line without a `|`.
fn table_end(lines: &[(usize, &str)], index: usize) -> Option<usize> {
    let has_pipe = |i: usize| lines.get(i).is_some_and(|(_, l)| l.contains('|'));
    let opens_row = |i: usize| {
        lines
            .get(i)
            .is_some_and(|(_, l)| item_text(l).starts_with('|'))
    };
    let delimited = has_pipe(index)
        && lines
            .get(index + 1)
            .is_some_and(|(_, l)| is_delimiter_row(l));
    if !opens_row(index) && !delimited {
        return None;
    }
    let mut last = index;
    while has_pipe(last + 1) && !is_fence(lines[last + 1].1) {
        last += 1;
    }
    Some(last)
}

/// Whether `line` is a table's delimiter row: cells of dashes, colons marking alignment
/// (`|---|:---:|`, `--- | ---`), with at least one `|`.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
    line.contains('|')
        && cells.iter().all(|cell| {
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            !dashes.is_empty() && dashes.chars().all(|c| c == '-')
        })
}

fn is_fence(line: &str) -> bool {
    fence_marker(line).is_some()
}

/// The marker of the code fence `line` opens or closes: backticks or tildes (`~~~`), or None.
fn fence_marker(line: &str) -> Option<&'static str> {
    let line = line.trim_start();
    ["```", "~~~"]
        .into_iter()
        .find(|marker| line.starts_with(marker))
}

/// Whether `line` is quoted: blanks (four spaces make an indented code block, which shows text
/// as a quote does), list item markers a quote may stand in (`- `, `* `, `+ `, `1. `, `1) `,
/// a task's `[ ] ` after them), then `>` (a blank after it or not, as Markdown reads it; quotes
/// nest, `> > `). Functionary's `>>>NAME` addresses a call, no quote.
fn opens_quote(line: &str) -> bool {
    item_text(line)
        .strip_prefix('>')
        .is_some_and(|after| !addresses_call(after))
}

/// `line` after its blanks and the list item markers it opens with (`- `, `1. `, `- [ ] `).
fn item_text(line: &str) -> &str {
    let mut rest = line.trim_start_matches([' ', '\t']);
    while let Some(after) = list_marker(rest) {
        rest = after;
    }
    rest
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
        // A table's row is shown text, whatever its cells hold.
        for text in [
            "| > <tool_call>{}</tool_call> |",
            "| step | <tool_call>{}</tool_call> |",
            "| step | call |\n|---|:---:|\n| 1 | <tool_call>{}</tool_call> |",
            "step | call\n--- | ---\n1 | <tool_call>{}</tool_call>",
            "|<tool_call>{}</tool_call>",
            "- | step | <tool_call>{}</tool_call> |",
            "1. | <tool_call>{}</tool_call> |",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        let text = "| a | b |\n\n<tool_call>{}</tool_call>";
        assert_eq!(spans(text), vec![0..9], "a blank line ends the table");
        // A call whose arguments hold a pipe is no table.
        for text in [
            "<tool_call>{\"command\": \"ps | grep web\"}</tool_call>",
            "Checking.\n<tool_call>{\"command\": \"ps | grep\"}</tool_call>\n---",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
        // HTML that quotes, shows, folds or comments out text, with what it holds.
        for text in [
            "<blockquote><tool_call>{}</tool_call></blockquote>",
            "<BLOCKQUOTE>\n<blockquote>x</blockquote>\n<tool_call>{}</tool_call>\n</BLOCKQUOTE>",
            "<pre><code><tool_call>{}</tool_call></code></pre>",
            "<pre class=\"json\">\n<tool_call>{}</tool_call>\n</pre>",
            "<details>\n<summary>Call</summary>\n\n<tool_call>{}</tool_call>\n</details>",
            "<!-- <tool_call>{}</tool_call> -->",
            "<q><tool_call>{}</tool_call></q>",
            "<pre>\n<tool_call>{}</tool_call>",
            "<del><tool_call>{}</tool_call></del>",
            "<strike><tool_call>{}</tool_call></strike>",
            "<xmp><tool_call>{}</tool_call></xmp>",
            "<textarea><tool_call>{}</tool_call></textarea>",
            "<samp><tool_call>{}</tool_call></samp>",
            "<kbd><tool_call>{}</tool_call></kbd>",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        let text = "Use `<pre>` here.\n<tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "a tag in inline code is prose");
        let text = "<preview>\n<tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "another element");
        let text = "Checking.\n```\n<pre>\n```\n<tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "a tag in a fence is code");
        let text = "Example:\n\n    <tool_call>{}</tool_call>\n\nThat is the format.";
        assert_eq!(
            spans(text)
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["    <tool_call>{}</tool_call>"],
            "an indented code block shown as an example"
        );
        let text = "I will check.\n\n    <tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "an indented call not shown is read");
        let text = "Example:\n~~~\n<tool_call>{}</tool_call>\n~~~";
        assert_eq!(
            spans(text),
            vec![9..text.len()],
            "a tilde fence shown as an example"
        );
        let text = "<pre>x</pre>\n<tool_call>{}</tool_call>";
        assert_eq!(spans(text), vec![0..12], "the element ends at its close");
        // A blank line ends the quote: the call after it is the model's.
        let text = "> Quote.\n\n<tool_call>{}</tool_call>";
        assert_eq!(spans(text), vec![0..8]);
    }
}
