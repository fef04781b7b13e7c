//! Blocks of an answer that quote or show text rather than write the model's own: a Markdown
//! blockquote (`> ...`, with the lines that continue its paragraph), a table's rows (`| step |
//! <tool_call>... |`: a cell holds text the table shows), a code fence or an indented code block
//! the prose around it shows as an example (`Example:` before it, `I will not run it.` after
//! it), an admonition (`:::note` ... `:::`), Markdown's strike-through (`~~...~~`, `~...~`), and the
//! HTML elements that quote, show, strike, lay out or hide text (`<blockquote>`, `<q>`, `<pre>`,
//! `<s>`, `<div>`, `<p>`, `<b>`, `<details>`, a comment `<!-- ... -->`) or format it (Markdown's
//! emphasis around an element, `**<tool_call>...</tool_call>**`). Whatever they hold (an envelope, a made-up turn) is
//! the answer's, never a call: quoting a call shows it. A fence the prose does not show as an
//! example is left to the readers, so a model answering with a fenced call still calls, unless
//! its info string labels it as shown text (` ```text`, ` ```console`, ` ```log`, ` ```output`).

use std::ops::Range;

use crate::examples;

/// The byte ranges of `text` that are quoted or shown blocks, in order, without their last line
/// break.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let (mut spans, fences) = block_spans(text);
    let mut inline = html_spans(text);
    inline.extend(struck_spans(text));
    inline.extend(wrapped_spans(text));
    inline.extend(crate::shown_envelopes::spans(text));
    inline.extend(crate::shown_after::spans(text));
    inline.sort_by_key(|span| span.start);
    let mut elements: Vec<Range<usize>> = Vec::new();
    for span in inline {
        // An element inside another (`<div>~~...~~</div>`) is the outer one's.
        if elements.last().is_none_or(|last| span.start >= last.end) {
            elements.push(span);
        }
    }
    let elements: Vec<Range<usize>> = elements
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

/// HTML elements that quote or cite (`<blockquote>`, `<q>`, `<cite>`), show as preformatted,
/// sample or code text (`<pre>`, `<xmp>`, `<textarea>`, `<samp>`, `<kbd>`, `<tt>`, `<var>`,
/// `<code>` unless it holds a Python call: SmolLM3 writes its calls so), fold away
/// (`<details>`), strike through (`<del>`, `<strike>`, `<s>` unless it is Llama 2's begin of
/// sequence) or comment out (`<!-- -->`) what they hold, with that; and the containers that
/// lay out a page (`<div>`, `<section>`, `<aside>`, `<figure>`, `<article>`, `<span>`,
/// `<example>`), a paragraph or heading (`<p>`, `<h1>`...), or format text (`<b>`, `<i>`,
/// `<em>`, `<strong>`, `<mark>`, `<u>`, `<small>`, `<big>`, `<sub>`, `<sup>`, `<ins>`,
/// `<font>`, `<center>`, `<abbr>`, `<dfn>`), or a table (`<table>`, a cell's `<td>` or `<th>`,
/// shown as a Markdown table's row is): a call is written as the model's own at the
/// answer's level or in its envelope, never inside a page's layout or formatting, which only
/// shows it (a model that wraps a call in `<p>` or `<b>` writes a page, not a call). And so is
/// every other element of HTML that holds content: a page's parts (`<html>`, `<body>`,
/// `<nav>`, `<header>`, lists and their items, a table's rows, forms and their fields, links),
/// the elements whose content is never shown as text (`<script>`, `<style>`, `<template>`,
/// `<noscript>`, `<title>`, `<iframe>`, `<object>`, `<svg>`, `<math>`) and the old raw-text
/// ones (`<plaintext>`, `<listing>`): none is a call's envelope, so whatever HTML element holds
/// a call shows, hides or lays it out, and it does not run.
const QUOTING_ELEMENTS: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<a", "</a>"),
    ("<abbr", "</abbr>"),
    ("<acronym", "</acronym>"),
    ("<address", "</address>"),
    ("<article", "</article>"),
    ("<aside", "</aside>"),
    ("<audio", "</audio>"),
    ("<b", "</b>"),
    ("<bdi", "</bdi>"),
    ("<bdo", "</bdo>"),
    ("<big", "</big>"),
    ("<blink", "</blink>"),
    ("<blockquote", "</blockquote>"),
    ("<body", "</body>"),
    ("<button", "</button>"),
    ("<canvas", "</canvas>"),
    ("<caption", "</caption>"),
    ("<center", "</center>"),
    ("<cite", "</cite>"),
    ("<code", "</code>"),
    ("<colgroup", "</colgroup>"),
    ("<data", "</data>"),
    ("<dd", "</dd>"),
    ("<del", "</del>"),
    ("<details", "</details>"),
    ("<dfn", "</dfn>"),
    ("<dialog", "</dialog>"),
    ("<div", "</div>"),
    ("<dl", "</dl>"),
    ("<dt", "</dt>"),
    ("<em", "</em>"),
    ("<example", "</example>"),
    ("<fieldset", "</fieldset>"),
    ("<figcaption", "</figcaption>"),
    ("<figure", "</figure>"),
    ("<font", "</font>"),
    ("<footer", "</footer>"),
    ("<form", "</form>"),
    ("<h1", "</h1>"),
    ("<h2", "</h2>"),
    ("<h3", "</h3>"),
    ("<h4", "</h4>"),
    ("<h5", "</h5>"),
    ("<h6", "</h6>"),
    ("<head", "</head>"),
    ("<header", "</header>"),
    ("<hgroup", "</hgroup>"),
    ("<html", "</html>"),
    ("<i", "</i>"),
    ("<iframe", "</iframe>"),
    ("<ins", "</ins>"),
    ("<kbd", "</kbd>"),
    ("<label", "</label>"),
    ("<legend", "</legend>"),
    ("<li", "</li>"),
    ("<listing", "</listing>"),
    ("<main", "</main>"),
    ("<map", "</map>"),
    ("<mark", "</mark>"),
    ("<marquee", "</marquee>"),
    ("<math", "</math>"),
    ("<menu", "</menu>"),
    ("<meter", "</meter>"),
    ("<nav", "</nav>"),
    ("<nobr", "</nobr>"),
    ("<noembed", "</noembed>"),
    ("<noframes", "</noframes>"),
    ("<noscript", "</noscript>"),
    ("<object", "</object>"),
    ("<ol", "</ol>"),
    ("<optgroup", "</optgroup>"),
    ("<option", "</option>"),
    ("<output", "</output>"),
    ("<p", "</p>"),
    ("<picture", "</picture>"),
    ("<plaintext", "</plaintext>"),
    ("<pre", "</pre>"),
    ("<progress", "</progress>"),
    ("<q", "</q>"),
    ("<rp", "</rp>"),
    ("<rt", "</rt>"),
    ("<ruby", "</ruby>"),
    ("<s", "</s>"),
    ("<samp", "</samp>"),
    ("<script", "</script>"),
    ("<search", "</search>"),
    ("<section", "</section>"),
    ("<select", "</select>"),
    ("<slot", "</slot>"),
    ("<small", "</small>"),
    ("<span", "</span>"),
    ("<strike", "</strike>"),
    ("<strong", "</strong>"),
    ("<style", "</style>"),
    ("<sub", "</sub>"),
    ("<sup", "</sup>"),
    ("<svg", "</svg>"),
    ("<table", "</table>"),
    ("<tbody", "</tbody>"),
    ("<td", "</td>"),
    ("<template", "</template>"),
    ("<textarea", "</textarea>"),
    ("<tfoot", "</tfoot>"),
    ("<th", "</th>"),
    ("<thead", "</thead>"),
    ("<time", "</time>"),
    ("<title", "</title>"),
    ("<tr", "</tr>"),
    ("<tt", "</tt>"),
    ("<u", "</u>"),
    ("<ul", "</ul>"),
    ("<var", "</var>"),
    ("<video", "</video>"),
    ("<xmp", "</xmp>"),
];

/// The elements of [`QUOTING_ELEMENTS`] that hold a paragraph's words (a paragraph, a
/// heading, formatting): one never closed ends with its paragraph ([`implied_close`]).
const PARAGRAPH_ELEMENTS: &[&str] = &[
    "<a", "<abbr", "<acronym", "<b", "<bdi", "<bdo", "<big", "<data", "<dd", "<dfn", "<dt", "<em",
    "<font", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<i", "<ins", "<label", "<li", "<mark",
    "<nobr", "<p", "<small", "<span", "<strong", "<sub", "<sup", "<time", "<u",
];

/// Where a paragraph's or formatting element opened at byte `at` of `text` and never closed
/// ends. Where words follow its tag on its line (`<p>Checking.`), it ends with their paragraph,
/// as HTML closes a `<p>` before a block: before a blank line or a line that opens a block (a
/// tag or token, a fence, a JSON object or list), so `<p>Checking.\n<tool_call>...` calls. An
/// opener alone at its line's end (`<p>\n<tool_call>...`) holds what follows: to the end.
fn implied_close(text: &str, at: usize) -> usize {
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let words = text[at..line_end]
        .find('>')
        .is_some_and(|tag| !text[at + tag + 1..line_end].trim().is_empty());
    if !words {
        return text.len();
    }
    // The end of the paragraph's last line so far, before its line break.
    let mut end = line_end;
    while end < text.len() {
        let next = end + 1;
        let next_end = text[next..].find('\n').map_or(text.len(), |n| next + n);
        let body = text[next..next_end].trim();
        if body.is_empty() || opens_block(body) {
            return end;
        }
        end = next_end;
    }
    text.len()
}

/// Whether a line (trimmed) opens a block that ends a paragraph: a tag or special token, a
/// fence, a JSON object or list, or a call's envelope.
fn opens_block(line: &str) -> bool {
    line.starts_with(['<', '{', '['])
        || line.starts_with("```")
        || line.starts_with("~~~")
        || crate::envelopes::opens_call(line)
}

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
        if at < from || in_inline_code(text, at) || in_json_string(text, at) {
            continue;
        }
        let Some((open, close)) = QUOTING_ELEMENTS
            .iter()
            .find(|(open, _)| opens_element(&lower[at..], open))
        else {
            continue;
        };
        if !quotes_here(text, at, open) {
            continue;
        }
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
        } else if end == text.len() && PARAGRAPH_ELEMENTS.contains(open) {
            end = implied_close(text, at);
        }
        spans.push(at..end);
        from = end;
    }
    spans
}

/// Quote marks and brackets that, right around a tag's element, quote it or set it aside:
/// `"<tool_call>...</tool_call>"`, typographic quotes, `(<tool_call>...</tool_call>)`, and a
/// link's text `[<tool_call>...</tool_call>](...)`.
const WRAPPING_MARKS: &[(char, &str)] = &[
    ('"', "\""),
    ('\'', "'"),
    ('“', "”"),
    ('‘', "’"),
    ('«', "»"),
    ('„', "“"),
    ('(', ")"),
    ('[', "]("),
];

/// The byte ranges of the elements in `text` wrapped whole in quote marks or brackets
/// ([`WRAPPING_MARKS`]): the mark right before the element's opening tag and its closing mark
/// right after its closing tag. A call's envelope quoted so is shown, never written as the
/// model's own (which stands at the answer's level, on no mark).
fn wrapped_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    for (at, _) in text.match_indices('<').take(MAX_TAGS_SCANNED) {
        // A value in a call's JSON (`{"html": "<p>Hi</p>"}`) is the call's, not quoted prose.
        // Read after the last wrapped element: its JSON is not open around what follows.
        if at < from || in_inline_code(text, at) || in_json_string(&text[from..], at - from) {
            continue;
        }
        let Some((mark, close_mark)) = text[..at]
            .chars()
            .next_back()
            .and_then(|before| WRAPPING_MARKS.iter().find(|(mark, _)| *mark == before))
        else {
            continue;
        };
        let rest = &text[at + 1..];
        let name_len = rest
            .find(|c: char| c == '>' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() || name.starts_with(['/', '!', '|', '｜']) {
            continue;
        }
        let closer = format!("</{name}>");
        let Some(close_at) = text[at..].find(&closer).map(|n| at + n + closer.len()) else {
            continue;
        };
        if text[close_at..].starts_with(close_mark) {
            let start = at - mark.len_utf8();
            let end = close_at + close_mark.len();
            spans.push(start..end);
            from = end;
        }
    }
    spans
}

/// Whether `line` is a Markdown heading (`#` to `######`, then a blank) holding a call's
/// envelope (`# <tool_call>...`): the heading shows it as a title. Headings without one are
/// left alone, so a heading that labels a turn (`### User:`) is still read as one.
fn heading_holds_markup(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || !trimmed[hashes..].starts_with([' ', '\t']) {
        return false;
    }
    let body = &trimmed[hashes..];
    body.match_indices(['<', '['])
        .any(|(at, _)| crate::envelopes::opens_call(&body[at..]))
}

/// Whether `line` is a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `): the item's text
/// after its marker, and the marker's indentation (in characters).
fn list_item(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - trimmed.len();
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let body = if digits == 0 {
        trimmed.strip_prefix(['-', '*', '+'])
    } else if digits <= 9 {
        trimmed[digits..].strip_prefix(['.', ')'])
    } else {
        None
    };
    body.filter(|body| body.starts_with([' ', '\t']))
        .map(|body| (body, indent))
}

/// Whether `text` holds a call's envelope (`<tool_call>`, `[TOOL_CALLS]`, ...).
fn holds_markup(text: &str) -> bool {
    text.match_indices(['<', '['])
        .any(|(at, _)| crate::envelopes::opens_call(&text[at..]))
}

/// The index of the last line of the Markdown list item that `lines[index]` opens, when the
/// item holds a call's envelope: an item of a list, shown as `<li>` shows it. The item goes on
/// over the lines after it indented past its marker (blank lines between them too), as
/// Markdown reads an item's paragraphs, so an envelope that opens on the item's line and
/// closes on an indented one below (`- <tool_call>\n  {...}\n  </tool_call>`), or opens on
/// one (`1. Check them:\n   <tool_call>...`), is the item's, and so is a fence in it.
fn list_item_end(lines: &[(usize, &str)], index: usize) -> Option<usize> {
    let (body, indent) = list_item(lines[index].1)?;
    let indented = |line: &str| {
        let trimmed = line.trim_start_matches([' ', '\t']);
        !trimmed.trim().is_empty() && line.len() - trimmed.len() > indent
    };
    let mut last = index;
    // A fence the item's line opens runs to its closing line, indented or not.
    if let Some(marker) = fence_marker(body.trim_start_matches([' ', '\t'])) {
        last = (index + 1..lines.len())
            .find(|&i| fence_marker(lines[i].1) == Some(marker))
            .unwrap_or(lines.len() - 1);
    }
    let mut next = last + 1;
    while next < lines.len() {
        let line = lines[next].1;
        if indented(line) {
            last = next;
        } else if !line.trim().is_empty() {
            break;
        }
        next += 1;
    }
    // A fence in the item (`- ```json`) is the item's too: an envelope as explicit.
    let held = holds_markup(body)
        || is_fence(body.trim_start())
        || (index + 1..=last).any(|i| holds_markup(lines[i].1) || is_fence(lines[i].1));
    held.then_some(last)
}

/// Whether the element `open` at byte `at` of `text` quotes what it holds: not Llama 2's
/// begin of sequence `<s>` ([`crate::reasoning::opens_strike`]), not a `<code>` holding a
/// Python call (SmolLM3's `<code>\ndocker_ps()\n</code>`, read as its call).
fn quotes_here(text: &str, at: usize, open: &str) -> bool {
    match open {
        "<s" => !text[at..].starts_with("<s>") || crate::reasoning::opens_strike(text, at),
        "<code" => {
            let inside = text[at..]
                .find('>')
                .map_or("", |end| text[at + end + 1..].trim_start());
            !opens_python_call(inside)
        }
        _ => true,
    }
}

/// Whether `text` opens with a Python call: a dotted name right before `(`.
fn opens_python_call(text: &str) -> bool {
    let name = text
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.')))
        .map_or(text, |end| &text[..end]);
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && text[name.len()..].starts_with('(')
}

/// The byte ranges of the struck-through spans in `text` (`~~old~~`, `~old~`: GitHub's
/// Markdown takes one tilde or two; three open a fence), and of the emphasis that wraps an
/// element whole (`**<tool_call>...</tool_call>**`, `_<b>x</b>_`: formatting is shown text, as
/// `<b>` is; emphasis around words is not looked at, so `**Action:**` stays a label).
fn struck_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = delimited(text, b'~', 2, |_| true);
    for mark in [b'*', b'_'] {
        spans.extend(delimited(text, mark, 3, |inner| {
            let inner = inner.trim();
            inner.starts_with('<') && inner.ends_with('>')
        }));
    }
    spans.sort_by_key(|span| span.start);
    spans
}

/// The spans of `text` between runs of `mark` (at most `longest` of them), each from its
/// opening run through the next run of the same length in the same paragraph, as Markdown
/// reads emphasis (the opening run not followed by a blank, the closing one not preceded by
/// one; `_` never inside a word) and where what they hold is `wanted`. A run never closed
/// marks nothing, and neither does a span that closes inside a bracket opened in it (`~/a`
/// before a call and `"~/b"` in its arguments). A mark in inline code is prose.
fn delimited(
    text: &str,
    mark: u8,
    longest: usize,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // The length of the whole run of marks at `at` (none before it), when it may delimit.
    let run_at = |at: usize| {
        let len = bytes[at..].iter().take_while(|&&b| b == mark).count();
        (bytes[at] == mark
            && (at == 0 || bytes[at - 1] != mark)
            && (1..=longest).contains(&len)
            && !in_inline_code(text, at)
            && !in_json_string(text, at))
        .then_some(len)
    };
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric) && mark == b'_';
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find(char::from(mark)).map(|n| from + n) {
        from = open + 1;
        let Some(len) = run_at(open)
            .filter(|&len| flanks(text, open, len).0 && !word(text[..open].chars().next_back()))
        else {
            continue;
        };
        let inner = open + len;
        from = inner;
        // The paragraph ends at a blank line.
        let paragraph_end = text[inner..].find("\n\n").map_or(text.len(), |n| inner + n);
        let Some(close) = text[inner..paragraph_end]
            .match_indices(char::from(mark))
            .map(|(n, _)| inner + n)
            .find(|&at| {
                run_at(at) == Some(len)
                    && flanks(text, at, len).1
                    && !word(text[at + len..].chars().next())
            })
        else {
            continue;
        };
        if balanced(&text[inner..close]) && wanted(&text[inner..close]) {
            spans.push(open..close + len);
            from = close + len;
        }
    }
    spans
}

/// Whether the run of `len` marks at byte `at` of `text` may open (not followed by a blank,
/// and not by punctuation unless a blank or punctuation is before it) and may close emphasis
/// (the same, mirrored), as Markdown reads a delimiter run.
fn flanks(text: &str, at: usize, len: usize) -> (bool, bool) {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    let blank = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let mark = |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation());
    let opens = !blank(after) && (!mark(after) || blank(before) || mark(before));
    let closes = !blank(before) && (!mark(before) || blank(after) || mark(after));
    (opens, closes)
}

/// Whether every bracket opened in `text` closes in it, and none closes one opened before it.
fn balanced(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => match depth.checked_sub(1) {
                Some(less) => depth = less,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
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

/// Whether byte `at` of `text` stands in a JSON string on its line (after a `{` or `[`, an odd
/// number of unescaped `"` before it): a call's argument (`{"path": "~/a"}`, `{"html":
/// "<p>Hi"}`) is the call's value, never a mark or tag around the answer's text.
fn in_json_string(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = &text[line_start..at];
    let Some(object) = line.find(['{', '[']) else {
        return false;
    };
    let mut inside = false;
    let mut escaped = false;
    for c in line[object..].chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
    }
    inside
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
            if labels_shown_text(line) || examples::shown(&text[..start], &text[end..]) {
                spans.push(start..end);
            }
            index = close + 1;
            continue;
        }
        if heading_holds_markup(line) {
            // A Markdown heading is a title, as `<h1>` is: a call's envelope in one is shown.
            spans.push(start..end_of(index));
            index += 1;
            continue;
        }
        if let Some(last) = list_item_end(&lines, index) {
            // A list item is an item of a list, as `<li>` is: a call's envelope in one (on
            // its line or the indented lines that go on with it) is shown.
            spans.push(start..end_of(last));
            index = last + 1;
            continue;
        }
        if is_admonition(line) {
            // An admonition (`:::note` ... `:::`) sets a note apart from the answer's own
            // words: it runs to its closing line, or to the end when it never closes.
            let close = (index + 1..lines.len())
                .find(|&i| closes_admonition(lines[i].1))
                .unwrap_or(lines.len() - 1);
            spans.push(start..end_of(close));
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
            if examples::shown(&text[..start], &text[end..]) {
                spans.push(start..end);
            }
            index = last + 1;
            continue;
        }
        index += 1;
    }
    (spans, fences)
}

/// A code fence of a text: where its opening line starts, where its closing line ends (without
/// its line break), what it holds, and its info string (` ```python`'s `python`).
pub(crate) struct Fence {
    pub start: usize,
    pub end: usize,
    pub body: Range<usize>,
    pub info: String,
}

/// The code fences of `text`, in order, each from its opening line to its closing one (of the
/// same marker), or to the end where it never closes; paired as [`block_spans`] pairs them.
pub(crate) fn fences(text: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut open: Option<(usize, usize, &str, &str)> = None;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(marker) = fence_marker(line) else {
            continue;
        };
        match open {
            None => {
                let info = line.trim().trim_start_matches(['`', '~']).trim();
                open = Some((start, at, marker, info));
            }
            Some((open_start, body_start, open_marker, info)) if open_marker == marker => {
                found.push(Fence {
                    start: open_start,
                    end: start + line.trim_end_matches(['\n', '\r']).len(),
                    body: body_start..start,
                    info: info.to_owned(),
                });
                open = None;
            }
            Some(_) => {}
        }
    }
    if let Some((start, body_start, _, info)) = open {
        found.push(Fence {
            start,
            end: text.len(),
            body: body_start..text.len(),
            info: info.to_owned(),
        });
    }
    found
}

/// A block of a text an example may be shown in: a fence (from its opening line to its
/// closing one, or to the end where it never closes), an indented block (its lines indented
/// by four blanks or a tab, or by any blanks after a blank line), a blockquote (`> ...`, the lines that
/// go on with its paragraph), a list's items (`1. {...}`, `- ...`) or a `<pre>` element opening
/// a line; without its last line break.
pub(crate) struct CodeBlock {
    pub span: Range<usize>,
    /// A fence opened and not closed where the text ends.
    pub open: bool,
    /// A block already known shown as an example: the placeholder a masked text holds in
    /// its place ([`crate::inline_code::mask`]).
    pub example: bool,
}

/// Whether `block` (a span [`spans`] found) is a code block: a fence, an indented block or a
/// `<pre>` element.
pub(crate) fn is_code_block(block: &str) -> bool {
    let first = block.lines().next().unwrap_or_default();
    fence_marker(first).is_some()
        || is_indented_code(first)
        || first.trim_start().starts_with("<pre")
}

/// Whether `line` is set apart from the prose by its indentation, as an example is shown: an
/// indented code block's line (four blanks or a tab), or, after a blank line, any blanks before
/// text (`  {...}`). A list's item is a list's.
fn set_apart(line: &str) -> bool {
    line.starts_with([' ', '\t']) && !line.trim().is_empty() && list_item(line).is_none()
}

/// Kinds of the line-based blocks [`code_blocks`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Indented,
    Quote,
    List,
    Pre,
}

/// The blocks of `text` an example may be shown in ([`CodeBlock`]), in order: the fences as
/// [`fences`] pairs them, and outside them each indented code block, blockquote, run of list
/// items and `<pre>` element, as [`block_spans`] reads them.
pub(crate) fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut found = Vec::new();
    let mut at = 0;
    // The fence open so far: where it starts and its marker.
    let mut fence: Option<(usize, &str)> = None;
    // The line-based block open so far: its kind, where it starts, where its last line ends.
    let mut run: Option<(Run, usize, usize)> = None;
    let mut after_blank = true;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let blank = line.trim().is_empty();
        if let Some((open, marker)) = fence {
            if fence_marker(line) == Some(marker) {
                found.push(CodeBlock {
                    span: open..end,
                    open: false,
                    example: false,
                });
                fence = None;
            }
            after_blank = false;
            continue;
        }
        if let Some((kind, open, last)) = run {
            let goes_on = match kind {
                Run::Indented => set_apart(line) || blank,
                // Quoted lines only: words after them that announce a call are no quote's.
                Run::Quote => opens_quote(line),
                // Items, the lines indented under them, blank lines between.
                Run::List => {
                    (list_item(line).is_some() || line.starts_with([' ', '\t']) || blank)
                        && fence_marker(line).is_none()
                }
                Run::Pre => true,
            };
            if goes_on {
                if !blank {
                    run = Some((kind, open, end));
                }
                if kind == Run::Pre && line.contains("</pre>") {
                    found.push(CodeBlock {
                        span: open..end,
                        open: false,
                        example: false,
                    });
                    run = None;
                }
                after_blank = blank;
                continue;
            }
            found.push(CodeBlock {
                span: open..last,
                open: false,
                example: false,
            });
            run = None;
        }
        let opened = if let Some(marker) = fence_marker(line) {
            fence = Some((start, marker));
            None
        } else if crate::inline_code::example_placeholder(line) {
            found.push(CodeBlock {
                span: start..end,
                open: false,
                example: true,
            });
            None
        } else if set_apart(line) && (after_blank || is_indented_code(line)) {
            Some(Run::Indented)
        } else if opens_quote(line) {
            Some(Run::Quote)
        } else if list_item(line).is_some() {
            Some(Run::List)
        } else if line.trim_start().starts_with("<pre") {
            Some(Run::Pre)
        } else {
            None
        };
        if let Some(kind) = opened {
            if kind == Run::Pre && line.contains("</pre>") {
                found.push(CodeBlock {
                    span: start..end,
                    open: false,
                    example: false,
                });
            } else {
                run = Some((kind, start, end));
            }
        }
        after_blank = blank;
    }
    if let Some((_, open, last)) = run {
        found.push(CodeBlock {
            span: open..last,
            open: false,
            example: false,
        });
    }
    if let Some((open, _)) = fence {
        found.push(CodeBlock {
            span: open..text.len(),
            open: true,
            example: false,
        });
    }
    found
}

/// Whether `line` opens an admonition or fenced div (`:::note`, `::: warning`, `:::{.example}`):
/// three colons or more, then its kind.
fn is_admonition(line: &str) -> bool {
    let line = line.trim();
    line.starts_with(":::") && !line.trim_start_matches(':').trim().is_empty()
}

/// Whether `line` closes an admonition: colons alone, three or more.
fn closes_admonition(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && line.chars().all(|c| c == ':')
}

/// Whether `line` is a line of an indented code block: four blanks or a tab before text.
fn is_indented_code(line: &str) -> bool {
    (line.starts_with("    ") || line.starts_with('\t')) && !line.trim().is_empty()
}

/// The index of the last line of the table that starts at `lines[index]`, or None when no
/// table starts there. A line opening with `|` (in a list item or not; not a template token with
/// its bars kept, `|im_start|user`) is a table's row; so is, in a table with a
/// delimiter row (`--- | ---`), each line around it that holds a `|` (the pipes at a row's
/// ends are optional). A table runs to a blank line or a line without a `|`.
fn table_end(lines: &[(usize, &str)], index: usize) -> Option<usize> {
    let has_pipe = |i: usize| lines.get(i).is_some_and(|(_, l)| l.contains('|'));
    // A template's token with its bars kept (`|im_start|user`, `|eot_id|`) opens its line
    // with a `|` but is no table's row: the turn it opens is read as such.
    let opens_row = |i: usize| {
        lines.get(i).is_some_and(|(_, l)| {
            let item = item_text(l);
            item.starts_with('|')
                && !crate::roles::stripped_token(item).is_some_and(|token| token.barred)
                && !crate::roles::barred_role(item).is_some_and(|token| {
                    item[token.len..]
                        .trim_start_matches(['|', '>'])
                        .trim()
                        .is_empty()
                })
                && !bare_phi_end(item)
        })
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

/// Whether `line` is Phi's end token with its angle brackets stripped (`|end|`, in one case),
/// alone or before a role's word or token (`|end|user`, `|end||user|`): the end of a turn, no
/// table's row, so the made-up turn after it is read as such.
fn bare_phi_end(line: &str) -> bool {
    let Some(rest) = ["|end|", "|END|"]
        .iter()
        .find_map(|token| line.trim_end().strip_prefix(token))
    else {
        return false;
    };
    let word = rest.trim_start_matches(['|', '<']);
    let word = word.trim_end_matches(['|', '>']);
    rest.is_empty()
        || (word.chars().all(|c| c.is_ascii_alphabetic())
            && crate::roles::OTHER_ROLES
                .iter()
                .chain(&["assistant"])
                .any(|role| role.eq_ignore_ascii_case(word)))
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

/// Languages a fence's info string names for text it shows rather than code it holds: a
/// program's output or a log (`text`, `console`, `log`, `output`, `stdout`), a terminal's
/// session, or a sample. A call inside is output the model quotes (a log line that printed a
/// call, an example of one), never its own: it does not run, whatever the prose says.
const SHOWN_TEXT_LANGUAGES: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "plain_text",
    "console",
    "terminal",
    "term",
    "shell_session",
    "sh_session",
    "shellsession",
    "pycon",
    "log",
    "logs",
    "logfile",
    "output",
    "out",
    "stdout",
    "stderr",
    "result",
    "results",
    "response",
    "sample",
    "example",
    "transcript",
];

/// Whether the fence `line` opens is labelled as shown text ([`SHOWN_TEXT_LANGUAGES`]): its
/// info string's first word, in any case, `-` as `_`, braces and a leading dot away
/// (` ```Output`, ` ``` log`, ` ```{.text}`, ` ```shell-session`).
pub(crate) fn labels_shown_text(line: &str) -> bool {
    let info = line.trim_start().trim_start_matches(['`', '~']).trim();
    let language = info
        .trim_start_matches('{')
        .trim_start_matches('.')
        .split(|c: char| c.is_whitespace() || matches!(c, '}' | ',' | '{'))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace('-', "_");
    SHOWN_TEXT_LANGUAGES.contains(&language.as_str())
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
    fn phi_s_bare_end_on_its_line_is_no_table_row() {
        for line in [
            "|end|",
            "|END|  ",
            "|end|user",
            "|end||user|",
            "|end|<|user|>",
        ] {
            assert!(bare_phi_end(line), "{line:?}");
        }
        for line in ["|end|value|", "|end| of the row |", "| end |", "|endpoint|"] {
            assert!(!bare_phi_end(line), "{line:?}");
        }
        let text = "All up.\n|end|\n<|user|>\nthanks";
        assert!(spans(text).is_empty(), "{text:?}");
    }

    #[test]
    fn code_blocks_are_the_blocks_an_example_may_stand_in_in_order() {
        let text = "Intro:\n\n    a\n\n    b\nText\n```json\n    c\n```\nMore\n    d\n\n\te\n\
            > q\n> r\nWords\n1. i\n   j\n\n2. k\n\nWords\n<pre>\np\n</pre>\n<pre>s</pre>\n\
            >>>docker_ps\n```";
        let blocks: Vec<(&str, bool)> = code_blocks(text)
            .into_iter()
            .map(|block| (&text[block.span], block.open))
            .collect();
        assert_eq!(
            blocks,
            [
                ("    a\n\n    b", false),
                ("```json\n    c\n```", false),
                // Lines indented as code set apart after a line of prose too.
                ("    d\n\n\te", false),
                ("> q\n> r", false),
                ("1. i\n   j\n\n2. k", false),
                ("<pre>\np\n</pre>", false),
                ("<pre>s</pre>", false),
                ("```", true),
            ]
        );
    }

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
            "-<tool_call>{}</tool_call>",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
        // A call in a list item is an item of a list, shown as in `<li>`.
        for text in [
            "- [ ]<tool_call>{}</tool_call>",
            "- <tool_call>{}</tool_call>",
            "* <tool_call>{}</tool_call>",
            "12. <tool_call>{}</tool_call>",
            // The item goes on over the lines indented past its marker, a fence in it too.
            "- <tool_call>\n  {}\n  </tool_call>",
            "1. Check:\n   <tool_call>{}</tool_call>",
            "- Check:\n\n  <tool_call>{}</tool_call>",
            "- ```json\n  {}\n  ```",
            "- ```json\n{}\n```",
            "1. Check:\n   ```json\n   {}\n   ```",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        // Lines not indented past the marker are no longer the item's.
        let text = "- Check:\n<tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "{text}");
        let text = "1. one\n2. two\n\n<tool_call>{}</tool_call>";
        assert!(spans(text).is_empty(), "{text}");
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
            "<s><tool_call>{}</tool_call></s>",
            "<cite><tool_call>{}</tool_call></cite>",
            "<tt><tool_call>{}</tool_call></tt>",
            "<div class=\"example\">\n<tool_call>{}</tool_call>\n</div>",
            "<code>\n<tool_call>{}</tool_call>\n</code>",
            "<code>{\"name\": \"docker_ps\"}</code>",
            "~~<tool_call>{}</tool_call>~~",
            "~<tool_call>{}</tool_call>~",
            "<b><tool_call>{}</tool_call></b>",
            "<p class=\"x\">\n<tool_call>{}</tool_call>\n</p>",
            "<em><strong><tool_call>{}</tool_call></strong></em>",
            "<i><tool_call>{}</tool_call></i>",
            "<mark><tool_call>{}</tool_call></mark>",
            "<u><tool_call>{}</tool_call></u>",
            "<small><tool_call>{}</tool_call></small>",
            "<h3><tool_call>{}</tool_call></h3>",
            "<table><tr><td><tool_call>{}</tool_call></td></tr></table>",
            "<td><tool_call>{}</tool_call></td>",
            "<th><tool_call>{}</tool_call></th>",
            "**<tool_call>{}</tool_call>**",
            "*<tool_call>{}</tool_call>*",
            "__<tool_call>{}</tool_call>__",
            "_<tool_call>{}</tool_call>_",
            ":::note\n<tool_call>{}</tool_call>\n:::",
            "::: warning\n<tool_call>{}</tool_call>",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        // Llama 2's begin of sequence strikes nothing; SmolLM3's `<code>` holds its calls.
        for text in [
            "<s> Two run.</s> thanks <tool_call>{}</tool_call>",
            "<s>[INST] hi [/INST]<tool_call>{}</tool_call>",
            "<code>\ndocker_ps(all=True)\n</code>",
            "<code>default_api.docker_ps()</code>",
            "~~~\n<tool_call>{}</tool_call>",
            "~~ never closed <tool_call>{}</tool_call>",
            "~~old~~\n\n<tool_call>{}</tool_call>~~",
            "Use `~~` to strike.\n<tool_call>{}</tool_call>",
            "Free: ~5 GB.\n<tool_call>{\"path\": \"~/b\"}</tool_call>",
            "Use ~ for home.\n<tool_call>{\"path\": \"~/b\"}</tool_call>",
            "2 * <tool_call>{}</tool_call>*",
            "**Action:** <tool_call>{}</tool_call>",
            "my_var_<tool_call>{}</tool_call>_",
            "<img src=x>\n<tool_call>{}</tool_call>",
            "<br>\n<tool_call>{}</tool_call>",
            "<think>x</think>\n<tool_call>{}</tool_call>",
            "<thead-x>\n<tool_call>{}</tool_call>",
        ] {
            let calls = text.find("<tool_call>").unwrap_or(0);
            assert!(
                spans(text).iter().all(|span| !span.contains(&calls)),
                "{text}"
            );
        }
        let text = "Two run. ~~<tool_call>{}</tool_call>~~ Done.";
        assert_eq!(spans(text), vec![9..38], "the struck span alone");
        let text = "Two run. ~<tool_call>{}</tool_call>~ Done.";
        assert_eq!(spans(text), vec![9..36], "one tilde strikes too");
        let text = "**Checking:** now.\n**<tool_call>{}</tool_call>**";
        assert_eq!(
            spans(text),
            vec![19..text.len()],
            "emphasis around words is no span"
        );
        // Marks and tags in a call's arguments are its values.
        for text in [
            "<tool_call>{\"src\": \"~/a\", \"dst\": \"~/b\"}</tool_call>",
            "<tool_call>{\"html\": \"<p>Hi\"}</tool_call>",
            "<tool_call>{\"a\": \"\\\"<b>x\"}</tool_call>",
        ] {
            assert!(spans(text).is_empty(), "{text}");
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
        // A paragraph or formatting never closed, with words after its tag, ends with them.
        for (text, end) in [
            ("<p>Checking.\n<tool_call>{}</tool_call>", 12),
            (
                "<p>Checking.\n\nI will look.\n<tool_call>{}</tool_call>",
                12,
            ),
            ("<p>Checking.\nStill.\n<tool_call>{}</tool_call>", 19),
            ("Now <b>checking.\n[TOOL_CALLS][{}]", 16),
            ("<h3>Plan\n```json\n{}\n```", 8),
            ("<strong>Look:\n{\"name\": \"docker_ps\"}", 13),
        ] {
            assert_eq!(
                spans(text)
                    .iter()
                    .map(|r| &text[r.clone()])
                    .collect::<Vec<_>>(),
                [&text[text.find('<').unwrap()..end]],
                "{text}"
            );
        }
        // Alone at its line's end, or holding the call on its line, it holds what follows; a
        // quoting element never closed quotes to the end.
        for text in [
            "<p>\n<tool_call>{}</tool_call>",
            "<b>Checking. <tool_call>{}</tool_call>",
            "<blockquote>Checking.\n<tool_call>{}</tool_call>",
            "<q>Checking.\n<tool_call>{}</tool_call>",
            "<del>Checking.\n<tool_call>{}</tool_call>",
        ] {
            assert_eq!(spans(text), vec![0..text.len()], "{text}");
        }
        // A blank line ends the quote: the call after it is the model's.
        let text = "> Quote.\n\n<tool_call>{}</tool_call>";
        assert_eq!(spans(text), vec![0..8]);
    }
}
