//! Calls written as Python: Llama 3.2's `[docker_ps(all=True), disk_usage(path="/")]`, LFM2's
//! `<|tool_call_start|>[...]<|tool_call_end|>`, Gemma's ```` ```tool_code ```` fence with
//! `print(default_api.docker_ps(all=True))`, Olmo's `<function_calls>docker_ps(all=true)
//! </function_calls>`, SmolLM3's `<code>docker_ps(all=True)</code>` (and `<tool_code>`, CodeAct's `<execute>`), Llama
//! 4's `<|python_start|>` calls without brackets, Llama 3.1's `<|python_tag|>docker_ps.call()`, MiniCPM4's fence inside that envelope, ChatGLM3's tool name on a line
//! before ```` ```python ```` holding `tool_call(all=True)`, Gorilla's `<<function>>` and
//! NexusRaven's `Call:` before calls on a line, and a ```` ```python ```` fence ending the reply. Read by a small tokenizer, never evaluated: keyword
//! arguments only (or one value alone for the one argument it can be, [`ToolNames::sole_argument`]:
//! `disk_usage("/")`, or values by place where the schema settles their places,
//! [`ToolNames::positional_arguments`]), whose values are strings, numbers, `True`/`False`/`None` (or their JSON
//! spellings), and lists and dicts of those; or, on one line, bare `key=value` pairs the tool's
//! schema settles (`read_file(path=/etc/hosts lines=5)`, [`ToolNames::assignments`]).
//!
//! Every callee must resolve to a known tool ([`ToolNames::resolve`]), else nothing is read:
//! Python in an answer is usually code shown to the user. A bracketed list of such calls is read
//! wherever it stands, as a bare JSON object naming a known tool is; a call without brackets only
//! inside an envelope (the tags and fence above) or as the whole text, so prose that mentions
//! `docker_ps(all=True)` in a sentence stays the answer.

use serde_json::{Map, Number, Value};

use crate::ToolCall;
use crate::names::ToolNames;

/// Envelopes around Python calls, opener and closer.
pub(crate) const ENVELOPES: &[(&str, &str)] = &[
    ("<|tool_call_start|>", "<|tool_call_end|>"),
    ("<function_calls>", "</function_calls>"),
    ("```tool_code", "```"),
    ("```tool_call", "```"),
    // SmolLM3's `python_tools` mode: calls between `<code>` tags.
    ("<code>", "</code>"),
    ("<tool_code>", "</tool_code>"),
    // CodeAct agents' code to run.
    ("<execute>", "</execute>"),
    // Llama 4's code tokens around calls written without brackets.
    ("<|python_start|>", "<|python_end|>"),
    // Hermes-style envelopes holding Python instead of JSON.
    ("<tool_call>", "</tool_call>"),
    ("<function_call>", "</function_call>"),
];

/// Envelopes that count only as a block: the opener at a line's start, each tag on its own line.
const BLOCK_ONLY: &[&str] = &["<code>"];

/// Whether the bracketed list of calls at `span` of `text` is shown rather than made, as a bare
/// JSON call is ([`crate::examples`]): the prose around it shows it as an example (`For
/// example: [docker_ps(all=True)]`) or says it will not run, it goes on with an example shown
/// in the code block before it, or it stands in inline code inside a sentence. A list right
/// after a token on its line (`<|python_tag|>[...]`) is in that token's envelope: a call.
fn shown_list(text: &str, span: std::ops::Range<usize>) -> bool {
    let (before, after) = (&text[..span.start], &text[span.end..]);
    let lead = before.rsplit('\n').next().unwrap_or_default().trim_end();
    if lead.ends_with(['>', ']', '|']) {
        return false;
    }
    crate::examples::shown(before, after) || crate::examples::inline_in_prose(before, after)
}

/// Whether an envelope whose text before it is `before` and whose inside is `inner` stands as a
/// block: its opener at a line's start, its inside starting and ending with a line break.
fn is_block(before: &str, inner: &str) -> bool {
    let line_start = before.trim_end_matches([' ', '\t']);
    (line_start.is_empty() || line_start.ends_with('\n'))
        && inner.starts_with(['\n', '\r'])
        && inner.trim_end_matches([' ', '\t']).ends_with('\n')
}

/// The calls of an envelope never closed, whose inside runs to the text's end: only where all
/// of it, but for an end-of-turn token, is complete calls to known tools.
fn unclosed_calls(inner: &str, known: &ToolNames) -> Option<Vec<ToolCall>> {
    let inner = inner.trim();
    let inner = crate::reasoning::before_turn_end(inner).trim();
    if inner.is_empty() {
        return None;
    }
    statements(crate::calls::unfence(inner), known)
}

/// The most bracketed lists naming a known tool tried in one text.
const MAX_TRIES: usize = 64;

/// The deepest nesting of lists and dicts read: deeper input is not a tool call.
const MAX_DEPTH: usize = 32;

/// The Python calls to known tools in `text`, and the text without them.
pub fn calls(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut found = Vec::new();
    let mut text = text.to_owned();
    for (open, close) in ENVELOPES {
        let mut from = 0;
        while let Some(start) = text[from..].find(open).map(|at| from + at) {
            let inner_start = start + open.len();
            let Some(inner_len) = text[inner_start..].find(close) else {
                // A tag envelope never closed (OLMo's `<function_calls>` cut off by the
                // server's stop word) is read where everything after its opener is whole
                // calls: nothing after them was lost. A call cut short, or words after the
                // calls, leave it to the correction that names the call.
                if open.starts_with('<')
                    && !BLOCK_ONLY.contains(open)
                    && let Some(calls) = unclosed_calls(&text[inner_start..], known)
                {
                    found.extend(calls);
                    text.truncate(start);
                }
                break;
            };
            let inner_end = inner_start + inner_len;
            // HTML's `<code>` is inline code in prose (`Run <code>docker_ps()</code>`): only
            // the block SmolLM3 writes, its tags on lines of their own, holds calls.
            if BLOCK_ONLY.contains(open) && !is_block(&text[..start], &text[inner_start..inner_end])
            {
                from = inner_start;
                continue;
            }
            // MiniCPM4 puts the calls in a code fence inside the envelope.
            let inner = crate::calls::unfence(text[inner_start..inner_end].trim());
            match statements(inner, known) {
                Some(calls) => {
                    found.extend(calls);
                    text.replace_range(start..inner_end + close.len(), "");
                    from = start;
                }
                None => from = inner_start,
            }
        }
    }
    let (fenced, fenced_text) = token_fences(&text, known);
    found.extend(fenced);
    text = fenced_text;
    let (line_calls, line_text) = line_calls(&text, known);
    found.extend(line_calls);
    text = line_text;
    // Bracketed lists anywhere.
    let mut from = 0;
    let mut tries = 0;
    while let Some(start) = text[from..].find('[').map(|at| from + at) {
        // A failed list that names a known tool may have been read to the end of the text:
        // bounding those keeps text full of them from costing quadratic time.
        if names_known_tool(&text[start..], known) {
            tries += 1;
            if tries > MAX_TRIES {
                break;
            }
        }
        let mut parser = Parser::new(&text[start..], known);
        match parser.list_of_calls() {
            Some(_) if shown_list(&text, start..start + parser.at) => from = start + parser.at,
            Some(calls) => {
                found.extend(calls);
                let end = start + parser.at;
                text.replace_range(start..end, "");
                from = start;
            }
            None => from = start + 1,
        }
    }
    let (named, mut text) = named_fences(&text, known);
    found.extend(named);
    // Fences of calls one after another at the reply's end (```` ```python ```` twice): each
    // its calls, in the order written.
    let mut closing = Vec::new();
    while let Some((calls, before)) = closing_fence(&text, known) {
        closing.splice(0..0, calls);
        text = before;
    }
    found.extend(closing);
    // The whole text one or more unbracketed calls.
    if found.is_empty()
        && let Some(calls) = statements(&text, known)
    {
        return (calls, String::new());
    }
    if let Some((call, at)) = cut_off_call(&text, known) {
        found.push(call);
        text.truncate(at);
    }
    (found, text)
}

/// Call tokens a model may open a code fence of Python calls right after, the token never
/// closed (MiniCPM3's `<|tool_call|>```python ... ````, the same after `<|python_tag|>` or
/// `<tool_call>`): the fence closes the call.
const FENCE_TOKENS: &[&str] = &[
    "<|tool_call|>",
    "<|python_tag|>",
    "<tool_call>",
    "[TOOL_CALLS]",
];

/// The Python calls to known tools in a fence right after a call token ([`FENCE_TOKENS`],
/// blanks between), and the text without the token, the fence and an envelope's closer right
/// after it (`</tool_call>`, `<|/tool_call|>`).
fn token_fences(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut found = Vec::new();
    let mut text = text.to_owned();
    for token in FENCE_TOKENS {
        let mut from = 0;
        while let Some(start) = text[from..].find(token).map(|at| from + at) {
            let after = start + token.len();
            let fence = after + (text[after..].len() - text[after..].trim_start().len());
            from = after;
            let Some(body_start) = text[fence..]
                .strip_prefix("```")
                .and_then(|rest| rest.find('\n'))
                .map(|at| fence + 3 + at + 1)
            else {
                continue;
            };
            let info = text[fence + 3..body_start].trim();
            if !["", "python", "py", "tool_code"].contains(&info) {
                continue;
            }
            let Some(body_len) = text[body_start..].find("```") else {
                continue;
            };
            let Some(calls) = statements(&text[body_start..body_start + body_len], known) else {
                continue;
            };
            // A call the prose shows as an example (`For example:` before the token) is the
            // answer's.
            if crate::examples::shown(&text[..start], &text[body_start + body_len + 3..]) {
                continue;
            }
            let mut end = body_start + body_len + 3;
            let rest = text[end..].trim_start();
            for closer in ["</tool_call>", "<|/tool_call|>", "<|tool_call_end|>"] {
                if rest.starts_with(closer) {
                    end = text.len() - rest.len() + closer.len();
                }
            }
            found.extend(calls);
            text.replace_range(start..end, "");
            from = start;
        }
    }
    (found, text)
}

/// What may stand right before a Python call set apart as a call, stripped from the end of
/// the text before its callee: Gemma's `print(`, a fence's opening, the envelopes of
/// [`ENVELOPES`] and [`LINE_OPENERS`], and a list's `[`.
const CALL_LEADS: &[&str] = &["print(", "```python", "```py", "```", "["];

/// A Python call to a known tool cut off at the text's end (a `max_tokens` stop: its
/// brackets never close, `[docker_logs(container="we`, or the list or envelope around it
/// never does, `[docker_ps(all=True)`), set apart as a call: at the text's
/// start, or after a list's `[`, `print(`, a fence or an envelope's opener
/// (`<|tool_call_start|>`, ```` ```tool_code ````, `<|python_tag|>`). The call, its text as
/// its arguments for a correction ([`crate::tagged::cut_off`]), nothing guessed; and where
/// the text before it ends. A callee mentioned in a sentence (`Run docker_logs(`) is prose.
fn cut_off_call(text: &str, known: &ToolNames) -> Option<(ToolCall, usize)> {
    let mut tries = 0;
    for (paren, _) in text.match_indices('(') {
        let before = &text[..paren];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.')))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let callee = &before[start..];
        let Some(name) = known
            .resolve(callee)
            .or_else(|| known.resolve(callee.strip_suffix(".call")?))
        else {
            continue;
        };
        // Each known callee's brackets are followed to the end: bounded, as lists are.
        tries += 1;
        if tries > MAX_TRIES {
            return None;
        }
        // What sets it apart: markers stripped from the end of the text before it; whether
        // one of them never closes (a list's `[`, an envelope's opener without its closer).
        let mut lead = text[..start].trim_end();
        let mut marked = false;
        let mut open_marker = false;
        loop {
            let openers = ENVELOPES
                .iter()
                .map(|(open, _)| *open)
                .chain(LINE_OPENERS.iter().copied())
                .chain(CALL_LEADS.iter().copied());
            let Some((rest, opener)) = openers
                .into_iter()
                .find_map(|opener| Some((lead.strip_suffix(opener)?, opener)))
            else {
                break;
            };
            let after = &text[rest.len()..];
            open_marker |= match opener {
                "[" => !closes(after),
                "print(" => false,
                _ => ENVELOPES
                    .iter()
                    .find(|(open, _)| *open == opener)
                    .is_some_and(|(open, close)| !after[open.len()..].contains(close)),
            };
            lead = rest.trim_end();
            marked = true;
        }
        if closes(&text[paren..]) && !open_marker {
            continue;
        }
        if marked || lead.is_empty() {
            let call = crate::tagged::cut_off(name, &text[start..]).call;
            return Some((call, lead.len()));
        }
    }
    None
}

/// Whether the brackets opened at the start of `text` close in it (strings skipped): a call
/// that never closes was cut off.
fn closes(text: &str) -> bool {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The most values without their names read in one call.
const MAX_POSITIONAL: usize = 16;

/// Markers before calls that run to the end of their line: Gorilla OpenFunctions'
/// `<<function>>`, Llama 3.1's `<|python_tag|>` before its built-in tools' `NAME.call(...)`
/// (to `<|eom_id|>`) and Mistral's `[TOOL_CALLS]`.
const LINE_OPENERS: &[&str] = &["<<function>>", "<|python_tag|>", "[TOOL_CALLS]"];

/// Labels before calls on their line, counted only at a line's start and in any case:
/// NexusRaven's `Call:` (`<bot_end>` after the calls), and the labels small models without a
/// tool template write (`Tool call: docker_ps(all=True)`, `Function call: ...`). The calls
/// after one must still all name known tools.
pub(crate) const LINE_LABELS: &[&str] = &[
    "call:",
    "tool call:",
    "tool_call:",
    "function call:",
    "function_call:",
    "calling:",
];

/// The first line marker or line label in `rest`: where it starts and how long it is.
fn next_opener(rest: &str) -> Option<(usize, usize)> {
    let marker = LINE_OPENERS
        .iter()
        .filter_map(|opener| rest.find(opener).map(|at| (at, opener.len())));
    // ASCII lower case keeps every byte where it was: offsets into it are offsets into `rest`.
    let lower = rest.to_ascii_lowercase();
    let label = LINE_LABELS.iter().filter_map(|label| {
        let mut from = 0;
        while let Some(at) = lower[from..].find(label).map(|at| from + at) {
            if at == 0 || lower[..at].ends_with('\n') {
                return Some((at, label.len()));
            }
            from = at + label.len();
        }
        None
    });
    marker.chain(label).min_by_key(|(at, _)| *at)
}

/// Where a call after a [`LINE_OPENERS`] marker ends.
const LINE_ENDS: &[&str] = &[
    "\n",
    "<bot_end>",
    "<<function>>",
    "<|eom_id|>",
    "<|eot_id|>",
    "</s>",
];

/// Calls after a line marker, every one to a known tool, and the text without them.
fn line_calls(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    // Each marker found costs a search of the rest of the text: a bounded number of them.
    let mut markers = 0;
    while markers < MAX_TRIES
        && let Some((start, opener_len)) = next_opener(rest)
    {
        markers += 1;
        let after = &rest[start + opener_len..];
        let end = LINE_ENDS
            .iter()
            .filter_map(|e| after.find(e))
            .min()
            .unwrap_or(after.len());
        // Calls the line before offers to make (`Want me to run it?` then `Call: ...`) wait
        // for an answer: the answer's, as an envelope after that line is.
        // So do calls the line before introduces as an example (`Example:` then `Call: ...`).
        let offered = || {
            let before = format!("{kept}{}", &rest[..start]);
            let lead = crate::examples::lead(&before);
            crate::shown_after::offered_before(lead) || crate::shown_envelopes::introduces(lead)
        };
        let read = statements(&after[..end], known).filter(|_| !offered());
        let Some(read) = read else {
            kept.push_str(&rest[..start + opener_len]);
            rest = after;
            continue;
        };
        calls.extend(read);
        kept.push_str(&rest[..start]);
        let mut remainder = &after[end..];
        // Lines right after it that are calls to known tools and nothing else go on with it
        // (`<|python_tag|>docker_ps()` then `disk_usage(path="/")` on the next line).
        while let Some(next) = remainder.strip_prefix('\n') {
            let line_end = next.find('\n').unwrap_or(next.len());
            let line = &next[..line_end];
            match statements(line, known) {
                Some(more) if !line.trim().is_empty() => {
                    calls.extend(more);
                    remainder = &next[line_end..];
                }
                _ => break,
            }
        }
        rest = remainder.strip_prefix("<bot_end>").unwrap_or(remainder);
    }
    kept.push_str(rest);
    (calls, kept)
}

/// ChatGLM3's calls: a known tool's name alone on a line, then a Python fence holding
/// `tool_call(key=value, ...)`. Returns the calls and the text without them.
fn named_fences(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(fence) = rest.find("```") {
        let (before, from_fence) = rest.split_at(fence);
        let read = fenced_tool_call(from_fence, known).and_then(|(arguments, used)| {
            let line_start = before.trim_end_matches([' ', '\t']);
            let line_start = line_start.strip_suffix('\n')?;
            let name_at = line_start.rfind('\n').map_or(0, |at| at + 1);
            let name = known.resolve(line_start[name_at..].trim())?;
            Some((name_at, name, arguments, used))
        });
        let Some((name_at, name, arguments, used)) = read else {
            kept.push_str(&rest[..fence + 3]);
            rest = &rest[fence + 3..];
            continue;
        };
        kept.push_str(&before[..name_at]);
        calls.push(ToolCall {
            id: crate::calls::fresh_id(),
            name: name.to_owned(),
            arguments,
        });
        rest = &from_fence[used..];
    }
    kept.push_str(rest);
    (calls, kept)
}

/// Info words of the fences a reply's closing Python calls stand in (none at all too), and
/// TypeScript's and JavaScript's, whose calls pass their arguments as one object literal
/// (`functions.docker_logs({ container: "web", tail: 50 });`), as models shown their tools as a
/// TypeScript namespace (`namespace functions { type docker_logs = (_: {...}) => any; }`)
/// write them.
const PYTHON_FENCES: &[&str] = &[
    "python",
    "py",
    "python3",
    "",
    "typescript",
    "ts",
    "javascript",
    "js",
];

/// The calls of a ```` ```python ```` fence (also `py` or no info word) that ends the reply,
/// holding nothing but calls to known tools (`docker_ps(all=True)`, as models without a tool
/// template answer), and the text before it. The fence must be the reply's last part: one
/// with prose after it (`... and read what it prints`) is code shown to the user, as is one
/// whose lead-in line presents it as an example ([`crate::examples`]).
fn closing_fence(text: &str, known: &ToolNames) -> Option<(Vec<ToolCall>, String)> {
    let body_end = text.trim_end().strip_suffix("```")?.len();
    let open = text[..body_end].rfind("```")?;
    let before = &text[..open];
    let line_start = before.trim_end_matches([' ', '\t']);
    if !(line_start.is_empty() || line_start.ends_with('\n')) {
        return None;
    }
    let after_open = &text[open + 3..body_end];
    let line_end = after_open.find('\n')?;
    let info = after_open[..line_end].trim().to_ascii_lowercase();
    let body = &after_open[line_end + 1..];
    // The closing fence on a line of its own.
    if !PYTHON_FENCES.contains(&info.as_str())
        || !body.trim_end_matches([' ', '\t']).ends_with('\n')
    {
        return None;
    }
    if crate::examples::shown(before, "") {
        return None;
    }
    let calls = statements(body, known)?;
    Some((calls, before.to_owned()))
}

/// A fence (```` ```python ```` or bare) holding only `tool_call(...)`: its arguments and the
/// bytes up to the closing fence.
fn fenced_tool_call(text: &str, known: &ToolNames) -> Option<(Value, usize)> {
    let after = text.strip_prefix("```")?;
    let line_end = after.find('\n')?;
    if !matches!(after[..line_end].trim(), "" | "python" | "py") {
        return None;
    }
    let body_start = 3 + line_end + 1;
    let close = text[body_start..].find("```")?;
    let mut parser = Parser::new(&text[body_start..body_start + close], known);
    parser.space();
    if parser.identifier()? != "tool_call" {
        return None;
    }
    let call = parser.arguments(String::new())?;
    parser.space();
    parser
        .peek()
        .is_none()
        .then_some((call.arguments, body_start + close + 3))
}

/// Whether `text`, a `[`, goes on with a known tool's name.
fn names_known_tool(text: &str, known: &ToolNames) -> bool {
    let mut parser = Parser::new(text, known);
    parser.eat('[').is_some()
        && parser
            .dotted_name()
            .is_some_and(|name| known.resolve(&name).is_some())
}

/// `inner` read as nothing but calls: a bracketed list, or calls one after another (separated by
/// newlines, `;` or `,`), each possibly inside `print(...)`.
pub(crate) fn statements(inner: &str, known: &ToolNames) -> Option<Vec<ToolCall>> {
    let mut parser = Parser::new(inner, known);
    parser.space();
    let calls = if parser.peek() == Some('[') {
        parser.list_of_calls()?
    } else {
        let mut calls = Vec::new();
        loop {
            parser.space();
            if parser.peek().is_none() {
                break;
            }
            calls.push(parser.statement()?);
            parser.space();
            if matches!(parser.peek(), Some(';' | ',')) {
                parser.bump();
            }
        }
        calls
    };
    parser.space();
    (parser.peek().is_none() && !calls.is_empty()).then_some(calls)
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
    known: &'a ToolNames,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, known: &'a ToolNames) -> Self {
        Self { text, at: 0, known }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Blanks, and comments to the end of their line (`# read the logs first`): never part of
    /// a value, since strings are read whole by [`Parser::value`].
    fn space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some(_) | None => return,
            }
        }
    }

    fn eat(&mut self, expected: char) -> Option<()> {
        self.space();
        (self.bump()? == expected).then_some(())
    }

    /// `[call, call, ...]`, every call to a known tool.
    fn list_of_calls(&mut self) -> Option<Vec<ToolCall>> {
        self.eat('[')?;
        let mut calls = Vec::new();
        loop {
            self.space();
            if self.peek() == Some(']') && !calls.is_empty() {
                self.bump();
                return Some(calls);
            }
            calls.push(self.call()?);
            self.space();
            match self.bump()? {
                ',' => {}
                ']' => return Some(calls),
                _ => return None,
            }
        }
    }

    /// A call, or `print(call)` as Gemma writes it, or `await call` as TypeScript does.
    fn statement(&mut self) -> Option<ToolCall> {
        let start = self.at;
        match self.dotted_name()?.as_str() {
            "print" => {
                self.eat('(')?;
                let call = self.call()?;
                self.eat(')')?;
                return Some(call);
            }
            "await" if self.peek().is_some_and(char::is_whitespace) => {
                self.space();
                return self.call();
            }
            _ => {}
        }
        self.at = start;
        self.call()
    }

    /// `name(key=value, ...)` with `name` a known tool's, also as Llama 3.1 writes its built-in
    /// tools' calls: `name.call(...)`.
    fn call(&mut self) -> Option<ToolCall> {
        let spelling = self.dotted_name()?;
        let bare = spelling.strip_suffix(".call").unwrap_or(&spelling);
        let name = self.known.resolve(bare)?.to_owned();
        let start = self.at;
        if let Some(call) = self.arguments(name.clone()) {
            return Some(call);
        }
        self.at = start;
        self.assigned(name)
    }

    /// `(key=value key=value)` with bare values (`read_file(path=/etc/hosts lines=5)`): one
    /// line up to the first `)`, read against the tool's schema ([`ToolNames::assignments`]).
    fn assigned(&mut self, name: String) -> Option<ToolCall> {
        self.eat('(')?;
        let rest = &self.text[self.at..];
        let close = rest.find(')')?;
        let inner = &rest[..close];
        if inner.contains('\n') {
            return None;
        }
        let arguments = self.known.assignments(&name, inner)?;
        self.at += close + 1;
        Some(ToolCall {
            id: crate::calls::fresh_id(),
            name,
            arguments,
        })
    }

    /// `(key=value, ...)`: the arguments of a call to `name`.
    fn arguments(&mut self, name: String) -> Option<ToolCall> {
        self.eat('(')?;
        let mut arguments = Map::new();
        let start = self.at;
        // `docker_logs({"container": "web"})`: the arguments object itself, as JavaScript
        // passes it, when every key is one of the tool's arguments.
        if let Some(Value::Object(object)) = self.value(0)
            && self.eat(')').is_some()
            && self.known.has_arguments(&name, object.keys())
        {
            return Some(ToolCall {
                id: crate::calls::fresh_id(),
                name,
                arguments: Value::Object(object),
            });
        }
        self.at = start;
        // `disk_usage("/")`: values without their names, first, before named ones
        // (`docker_logs("web", tail=50)`), as Python allows: each fills the argument at its
        // place, where the schema settles it ([`ToolNames::positional_arguments`]).
        let mut values = Vec::new();
        let mut closed = false;
        while values.len() < MAX_POSITIONAL {
            let before = self.at;
            let Some(value) = self.value(0) else {
                self.at = before;
                break;
            };
            let after = self.at;
            if self.eat(')').is_some() {
                values.push(value);
                closed = true;
                break;
            }
            self.at = after;
            if self.eat(',').is_some() {
                values.push(value);
                continue;
            }
            self.at = before;
            break;
        }
        if values.is_empty() {
            self.at = start;
        } else {
            let keys = self.known.positional_arguments(&name, values.len())?;
            for (key, value) in keys.into_iter().zip(values) {
                arguments.insert(key.to_owned(), value);
            }
            if closed {
                return Some(ToolCall {
                    id: crate::calls::fresh_id(),
                    name,
                    arguments: Value::Object(arguments),
                });
            }
        }
        loop {
            self.space();
            if self.peek() == Some(')') {
                self.bump();
                break;
            }
            let key = self.identifier()?;
            // Named again after its value was given alone: not a call Python would make.
            if arguments.contains_key(&key) {
                return None;
            }
            self.eat('=')?;
            let value = self.value(0)?;
            arguments.insert(key, value);
            self.space();
            match self.bump()? {
                ',' => {}
                ')' => break,
                _ => return None,
            }
        }
        Some(ToolCall {
            id: crate::calls::fresh_id(),
            name,
            arguments: Value::Object(arguments),
        })
    }

    fn identifier(&mut self) -> Option<String> {
        self.space();
        let start = self.at;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            self.bump();
        }
        Some(self.text[start..self.at].to_owned())
    }

    /// `default_api.docker_ps`: identifiers joined by dots.
    fn dotted_name(&mut self) -> Option<String> {
        let mut name = self.identifier()?;
        while self.peek() == Some('.') {
            self.bump();
            name.push('.');
            name.push_str(&self.identifier()?);
        }
        Some(name)
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            c if crate::quotes::opens(c) => self.string().map(Value::String),
            '[' => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.space();
                    if self.peek() == Some(']') {
                        self.bump();
                        return Some(Value::Array(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.bump()? {
                        ',' => {}
                        ']' => return Some(Value::Array(items)),
                        _ => return None,
                    }
                }
            }
            '{' => {
                self.bump();
                let mut object = Map::new();
                loop {
                    self.space();
                    if self.peek() == Some('}') {
                        self.bump();
                        return Some(Value::Object(object));
                    }
                    // A key quoted, or a bare name as a TypeScript object literal writes it
                    // (`{ container: "web" }`).
                    let key = if self.peek().is_some_and(crate::quotes::opens) {
                        self.string()?
                    } else {
                        self.identifier()?
                    };
                    self.eat(':')?;
                    object.insert(key, self.value(depth + 1)?);
                    self.space();
                    match self.bump()? {
                        ',' => {}
                        '}' => return Some(Value::Object(object)),
                        _ => return None,
                    }
                }
            }
            c if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() => self.number(),
            _ => match self.identifier()?.as_str() {
                "True" | "true" => Some(Value::Bool(true)),
                "False" | "false" => Some(Value::Bool(false)),
                "None" | "null" => Some(Value::Null),
                _ => None,
            },
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "+-.eE_".contains(c))
        {
            self.bump();
        }
        let literal: String = self.text[start..self.at]
            .chars()
            .filter(|c| *c != '_' && *c != '+')
            .collect();
        if let Ok(int) = literal.parse::<i64>() {
            return Some(Value::Number(int.into()));
        }
        let float = literal.parse::<f64>().ok()?;
        Number::from_f64(float).map(Value::Number)
    }

    /// A quoted string, either quote (or a typographic pair, [`crate::quotes`]), with Python's
    /// common escapes.
    fn string(&mut self) -> Option<String> {
        let quote = crate::quotes::closer(self.bump()?)?;
        let mut out = String::new();
        loop {
            match self.bump()? {
                c if c == quote => return Some(out),
                '\\' => match self.bump()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'u' => {
                        let hex = self.text.get(self.at..self.at + 4)?;
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        out.push(char::from_u32(code)?);
                        self.at += 4;
                    }
                    // `\\`, `\'`, `\"` and any other escaped character stand for themselves.
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
    }
}
