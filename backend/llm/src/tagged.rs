//! Calls written as markup, the name and each argument in elements of their own rather than in
//! a JSON object:
//!
//! - `<invoke name="NAME"><parameter name="KEY">VALUE</parameter></invoke>`: Anthropic-style
//!   `<function_calls>`, MiniMax-M2's `<minimax:tool_call>`, DeepSeek V3.2's `<｜DSML｜invoke>`
//!   (whose `string="true"` marks a value to keep as text) and Step-3's `<steptml:invoke>`: any
//!   namespace before the element's name, and other words for the call (`<tool name>`,
//!   `<function name>`, `<tool_call name>`) and the argument (`<param>`, `<arg>`, `<argument>`);
//! - GLM-4.5/4.6's `<tool_call>NAME<arg_key>KEY</arg_key><arg_value>VALUE</arg_value></tool_call>`,
//!   and `<tool_call>NAME</tool_call>` for a call without arguments;
//! - FunctionGemma's `<start_function_call>call:NAME{key:<escape>text<escape>,n:5}
//!   <end_function_call>` and Gemma 4's `<|tool_call>call:NAME{key:<|"|>text<|"|>}<tool_call|>`
//!   (also at the text's end without the closing token, when its braces closed);
//! - an element named after a known tool, each argument an element inside it, as agents in the
//!   Cline and Roo Code family teach: `<docker_logs><container>web</container></docker_logs>`;
//! - the name and the arguments in elements of their own (`<name>NAME</name><arguments>...`,
//!   [`crate::name_elements`]);
//! - Continue's ```` ```tool ```` fence with `TOOL_NAME:` and `BEGIN_ARG:`/`END_ARG` blocks
//!   ([`crate::arg_blocks`]).
//!
//! Every element must be closed and hold nothing but its parts, so markup quoted in prose stays
//! text; a call element whose own closing tag was left out is closed by the tag that can only
//! come after it (the next call's opening tag, the wrapper's closing tag: [`call_end`]). A known tool's `<invoke>` or GLM call that the text ends inside of (a `max_tokens`
//! stop) is not guessed at: its text goes back as the call's arguments, for a correction
//! ([`cut_off`]). These are explicit envelopes, so a call naming an unknown tool is still a
//! call (answered with the list of tools), except the element named after a tool, which must
//! name a known one. A value is read as JSON when it is JSON (`50`, `true`, `["a"]`), else kept
//! as text.

use serde_json::{Map, Value};

use crate::ToolCall;
use crate::names::ToolNames;

/// The longest tag read: longer is not markup a model wrote for a call.
const MAX_TAG_BYTES: usize = 256;

/// The most calls of one form that fail to read in one text: each failure may have searched to
/// the text's end, so bounding them keeps text full of opening tags from costing quadratic time.
const MAX_TRIES: usize = 16;

/// A call read from markup, with the text of each argument that was read as JSON other than a
/// string (`50`, `null`): where the tool's schema types that argument as text, the text is
/// what the model meant ([`crate::ToolNames::takes_text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub call: ToolCall,
    pub texts: Vec<(String, String)>,
}

/// Arguments being read from markup.
#[derive(Debug, Default)]
pub struct Arguments {
    values: Map<String, Value>,
    texts: Vec<(String, String)>,
}

impl Arguments {
    /// A value written as text between tags: JSON when it reads as JSON, else the text.
    pub fn insert_text(&mut self, key: &str, raw: &str) {
        let value = bare_value(raw);
        if !value.is_string() {
            self.texts.push((key.to_owned(), raw.trim().to_owned()));
        }
        self.values.insert(key.to_owned(), value);
    }

    /// A value whose type the model stated.
    fn insert(&mut self, key: &str, value: Value) {
        self.values.insert(key.to_owned(), value);
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The call to `name` with these arguments.
    pub fn call(self, name: &str) -> Marked {
        Marked {
            call: ToolCall {
                id: crate::calls::fresh_id(),
                name: name.to_owned(),
                arguments: Value::Object(self.values),
            },
            texts: self.texts,
        }
    }
}

/// Every call written as markup in `text`, and the text without them.
pub fn calls(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let (mut found, text) = invokes(text, known);
    let (glm, text) = key_value_calls(&text, known);
    found.extend(glm);
    let (gemma, text) = function_gemma(&text, known);
    found.extend(gemma);
    let (parts, text) = crate::name_elements::calls(&text, known);
    found.extend(parts);
    let (elements, text) = tool_elements(&text, known);
    found.extend(elements);
    let (blocks, text) = crate::arg_blocks::calls(&text, known);
    found.extend(blocks);
    (found, text)
}

/// One tag: where it starts and ends in the text, its name without namespace (`invoke` of
/// `<minimax:invoke>` or `<｜DSML｜invoke>`), whether it closes, and its attributes' text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'a> {
    pub start: usize,
    pub end: usize,
    pub local: &'a str,
    pub closing: bool,
    pub attributes: &'a str,
}

/// The tag starting at `at` (a `<`), if one does.
pub(crate) fn tag_at(text: &str, at: usize) -> Option<Tag<'_>> {
    let inner = text.get(at + 1..)?;
    // Bytes, not characters: `>`, `<` and newlines are ASCII, and this runs at every `<`.
    let len = inner
        .bytes()
        .take(MAX_TAG_BYTES + 1)
        .position(|b| matches!(b, b'>' | b'<' | b'\n'))
        .filter(|at| inner.as_bytes()[*at] == b'>')?;
    let body = &inner[..len];
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
    let name = &body[..name_end];
    let mut local = name.rsplit([':', '｜']).next().unwrap_or(name);
    // DeepSeek's namespace written with ASCII bars, as some converted templates spell its
    // tokens (`<|DSML|invoke>`); a token alone (`<|tool_call|>`) keeps its name.
    if let Some(after) = local
        .strip_prefix('|')
        .and_then(|rest| rest.rsplit_once('|'))
        .map(|(_, after)| after)
        .filter(|after| !after.is_empty())
    {
        local = after;
    }
    if local.is_empty() {
        return None;
    }
    Some(Tag {
        start: at,
        end: at + 1 + len + 1,
        local,
        closing,
        attributes: body[name_end..].trim(),
    })
}

/// The first tag from `from` whose local name is `local`, opening or `closing`.
fn find_tag<'a>(text: &'a str, from: usize, local: &str, closing: bool) -> Option<Tag<'a>> {
    find_any_tag(text, from, &[local], closing)
}

/// The first tag from `from` whose local name is one of `locals`, opening or `closing`.
fn find_any_tag<'a>(text: &'a str, from: usize, locals: &[&str], closing: bool) -> Option<Tag<'a>> {
    let mut at = from;
    let start = if closing { "</" } else { "<" };
    while let Some(offset) = text.get(at..)?.find(start) {
        let start = at + offset;
        if let Some(tag) = tag_at(text, start)
            && locals.contains(&tag.local)
            && tag.closing == closing
        {
            return Some(tag);
        }
        at = start + 1;
    }
    None
}

/// The value of attribute `key` (`name="x"`, `name='x'` or `name=x`).
fn attribute<'a>(attributes: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attributes.trim_start();
    while !rest.is_empty() {
        let key_end = rest.find(['=', ' ', '\t']).unwrap_or(rest.len());
        let this = rest[..key_end].trim();
        rest = rest[key_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let (value, remainder) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = after[1..].find(quote)? + 1;
                (&after[1..end], &after[end + 1..])
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if this == key {
            return Some(value);
        }
        rest = remainder.trim_start();
    }
    None
}

/// Where a call's element ends: its body's end, and where the text after the call starts.
#[derive(Debug, Clone, Copy)]
struct CallEnd {
    body_end: usize,
    end: usize,
}

/// Where the call element `open` ends: at its own closing tag, or, where the model left that
/// out, at the tag that can only come after the call: the next call's opening tag (any of
/// [`CALL_ELEMENTS`] or GLM's `<tool_call>`), the closing tag of the wrapper around the calls
/// (`</function_calls>`, `</minimax:tool_call>`), or a special token (`<|observation|>`), which
/// is kept for the text after the call. The argument elements (`parts`) are stepped over whole,
/// so a tag inside a value ends nothing. None when the text ends first, inside the call: a
/// call cut off, never guessed at.
fn call_end(text: &str, open: Tag<'_>, parts: &[&str]) -> Option<CallEnd> {
    let mut at = open.end;
    while let Some(offset) = text.get(at..)?.find('<') {
        let start = at + offset;
        let Some(tag) = tag_at(text, start) else {
            at = start + 1;
            continue;
        };
        if parts.contains(&tag.local) {
            at = if tag.closing {
                tag.end
            } else if let Some(close) = find_tag(text, tag.end, tag.local, true) {
                close.end
            } else {
                // An argument never closed: only the call's own closing tag ends it.
                return find_tag(text, tag.end, open.local, true).map(|close| CallEnd {
                    body_end: close.start,
                    end: close.end,
                });
            };
            continue;
        }
        if tag.closing && tag.local == open.local {
            return Some(CallEnd {
                body_end: tag.start,
                end: tag.end,
            });
        }
        let next_call = !tag.closing && CALL_ELEMENTS.contains(&tag.local);
        let token = tag.local.starts_with('|') && tag.local.ends_with('|');
        if next_call || tag.closing || token {
            return Some(CallEnd {
                body_end: tag.start,
                end: tag.start,
            });
        }
        at = tag.end;
    }
    None
}

/// The most text of a call cut off sent back to the model with its correction.
const MAX_CUT_OFF_BYTES: usize = 4 * 1024;

/// A call to `name` cut off before its markup closed: its text (at most 4 KiB) as its
/// arguments, which are not an object, so the engine asks the model for the call again rather
/// than taking the markup for the answer or guessing the rest.
pub fn cut_off(name: &str, text: &str) -> Marked {
    let mut end = text.len().min(MAX_CUT_OFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Marked {
        call: ToolCall {
            id: crate::calls::fresh_id(),
            name: name.to_owned(),
            arguments: Value::String(text[..end].trim_end().to_owned()),
        },
        texts: Vec::new(),
    }
}

/// A tool's name as written in markup: one word, no spaces or markup.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// A value written between tags: JSON when it is JSON, else the text. Values are written bare,
/// so the newlines templates put around them are not part of them.
fn bare_value(raw: &str) -> Value {
    let value = raw.trim();
    serde_json::from_str::<Value>(value).unwrap_or_else(|_| Value::String(value.to_owned()))
}

/// Elements that hold one call, named by their `name` attribute: `<invoke>`, and the other
/// words models use for it (`<tool name="...">`, `<function name="...">`...).
const CALL_ELEMENTS: &[&str] = &[
    "invoke",
    "function",
    "function_call",
    "tool",
    "tool_call",
    "tool_use",
    "call",
];

/// Elements that hold one argument, named by their `name` attribute.
const PARAMETER_ELEMENTS: &[&str] = &["parameter", "param", "argument", "arg"];

/// `<invoke name="NAME">` elements (and [`CALL_ELEMENTS`]) and the text without them.
fn invokes(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let (mut from, mut failures) = (0, 0);
    while let Some(open) = find_any_tag(text, from, CALL_ELEMENTS, false) {
        let name = attribute(open.attributes, "name").filter(|name| is_name(name));
        let close = name.and_then(|_| call_end(text, open, PARAMETER_ELEMENTS));
        // A known tool's call that ends inside its parameters was cut off: sent back for a
        // correction, not taken for the answer, and nothing guessed.
        if let Some(tool) = name.and_then(|name| known.resolve(name))
            && close.is_none()
            && !matches!(parameters(&text[open.end..]), Read::Not)
        {
            kept.push_str(without_type_word(&text[from..open.start]));
            calls.push(cut_off(tool, &text[open.start..]));
            from = text.len();
            break;
        }
        let read = name.zip(close).and_then(|(name, close)| {
            match parameters(&text[open.end..close.body_end]) {
                Read::Whole(arguments) => Some((arguments.call(name), close.end)),
                Read::Cut | Read::Not => None,
            }
        });
        let Some((found, end)) = read else {
            kept.push_str(&text[from..open.end]);
            from = open.end;
            // Only a named element was searched to its end (`<tool_call>{...}` is not).
            if name.is_some() {
                failures += 1;
                if failures > MAX_TRIES {
                    break;
                }
            }
            continue;
        };
        kept.push_str(without_type_word(&text[from..open.start]));
        calls.push(found);
        from = end;
    }
    kept.push_str(&text[from..]);
    (calls, kept)
}

/// Text before a call without the `function<｜tool_sep｜>` that DeepSeek's and Step-3's
/// envelopes put before it (the call's type, not prose).
fn without_type_word(before: &str) -> &str {
    crate::named::without_type_word(before).unwrap_or(before)
}

/// How markup read: whole, cut off where the text ended (inside a value or a tag), or not the
/// markup looked for.
#[derive(Debug, PartialEq)]
enum Read<T> {
    Whole(T),
    Cut,
    Not,
}

/// `<parameter name="KEY">VALUE</parameter>` elements, and nothing else but whitespace.
fn parameters(body: &str) -> Read<Arguments> {
    let mut arguments = Arguments::default();
    let mut from = 0;
    loop {
        let rest = &body[from..];
        if rest.trim().is_empty() {
            return Read::Whole(arguments);
        }
        let Some(open) = find_any_tag(body, from, PARAMETER_ELEMENTS, false) else {
            // A tag the text ends in the middle of.
            let rest = rest.trim_start();
            return if rest.starts_with('<') && !rest.contains('>') {
                Read::Cut
            } else {
                Read::Not
            };
        };
        if !body[from..open.start].trim().is_empty() {
            return Read::Not;
        }
        let Some(key) = attribute(open.attributes, "name").filter(|k| !k.is_empty()) else {
            return Read::Not;
        };
        let Some(close) = find_tag(body, open.end, open.local, true) else {
            return Read::Cut;
        };
        let raw = &body[open.end..close.start];
        match attribute(open.attributes, "string") {
            Some("true") => arguments.insert(key, Value::String(raw.trim_matches('\n').to_owned())),
            Some(_) | None => arguments.insert_text(key, raw),
        }
        from = close.end;
    }
}

/// GLM-4.5's `<tool_call>NAME` followed by `<arg_key>`/`<arg_value>` pairs (or nothing), and
/// the text without them. A `<tool_call>` holding anything else is left for the other readers.
fn key_value_calls(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let (mut from, mut failures) = (0, 0);
    while let Some(open) = find_tag(text, from, "tool_call", false) {
        let close = call_end(text, open, &["arg_key", "arg_value"]);
        // A known tool's name alone where the text ends, its closing tag left out: the call
        // without arguments, as `<tool_call>NAME</tool_call>` is (no value was cut off).
        let rest = text[open.end..].trim();
        if close.is_none()
            && open.attributes.is_empty()
            && is_name(rest)
            && let Some(tool) = known.resolve(rest)
        {
            kept.push_str(&text[from..open.start]);
            calls.push(Arguments::default().call(tool));
            from = text.len();
            break;
        }
        // Its closing tag left out where the text ends after whole pairs (the server's stop
        // word cut it): the call, as when closed. A value cut short, or words after the pairs,
        // leave it to the correction below.
        if close.is_none()
            && open.attributes.is_empty()
            && let Some(found) = name_and_pairs(&text[open.end..])
            && known.resolve(&found.call.name).is_some()
        {
            kept.push_str(&text[from..open.start]);
            calls.push(found);
            from = text.len();
            break;
        }
        if close.is_none()
            && open.attributes.is_empty()
            && let Some(tool) = pairs_cut_off(&text[open.end..], known)
        {
            kept.push_str(&text[from..open.start]);
            calls.push(cut_off(tool, &text[open.start..]));
            from = text.len();
            break;
        }
        let read = if open.attributes.is_empty() {
            close.and_then(|close| {
                let found = name_and_pairs(&text[open.end..close.body_end])?;
                Some((found, close.end))
            })
        } else {
            None
        };
        let Some((found, end)) = read else {
            kept.push_str(&text[from..open.end]);
            from = open.end;
            failures += 1;
            if failures > MAX_TRIES {
                break;
            }
            continue;
        };
        kept.push_str(&text[from..open.start]);
        calls.push(found);
        from = end;
    }
    kept.push_str(&text[from..]);
    (calls, kept)
}

/// The known tool whose GLM-style call the text ends inside of: its name, then (after
/// whitespace) `<arg_key>` pairs that never reach `</tool_call>`.
fn pairs_cut_off<'k>(body: &str, known: &'k ToolNames) -> Option<&'k str> {
    let body = body.trim_start();
    let name_end = body.find(['<', '\n', ' ', '\t'])?;
    let tool = known.resolve(&body[..name_end])?;
    body[name_end..]
        .trim_start()
        .starts_with("<arg_key>")
        .then_some(tool)
}

/// `NAME` then `<arg_key>K</arg_key><arg_value>V</arg_value>` pairs, whitespace between.
fn name_and_pairs(body: &str) -> Option<Marked> {
    let body = body.trim();
    let name_end = body.find(['<', '\n', ' ', '\t']).unwrap_or(body.len());
    let name = &body[..name_end];
    if !is_name(name) {
        return None;
    }
    let mut arguments = Arguments::default();
    let mut from = name_end;
    loop {
        if body[from..].trim().is_empty() {
            return Some(arguments.call(name));
        }
        let key_open = find_tag(body, from, "arg_key", false)?;
        let key_close = find_tag(body, key_open.end, "arg_key", true)?;
        let value_open = find_tag(body, key_close.end, "arg_value", false)?;
        let value_close = find_tag(body, value_open.end, "arg_value", true)?;
        let between = [
            &body[from..key_open.start],
            &body[key_close.end..value_open.start],
        ];
        if between.iter().any(|t| !t.trim().is_empty()) {
            return None;
        }
        let key = body[key_open.end..key_close.start].trim();
        if key.is_empty() {
            return None;
        }
        arguments.insert_text(key, &body[value_open.end..value_close.start]);
        from = value_close.end;
    }
}

/// Elements named after a known tool holding one element per argument, and the text without
/// them. The name must be a known tool's (it is outside any envelope), the element closed, and
/// nothing but argument elements and whitespace inside it.
fn tool_elements(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let (mut from, mut at, mut failures) = (0, 0, 0);
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + offset;
        at = start + 1;
        let Some(open) = tag_at(text, start) else {
            continue;
        };
        if open.closing
            || !open.attributes.is_empty()
            || open.local.len() != open.end - open.start - 2
        {
            continue;
        }
        let Some(name) = known.resolve(open.local) else {
            continue;
        };
        let close = format!("</{}>", open.local);
        let read = text[open.end..]
            .find(&close)
            .map(|at| open.end + at)
            .and_then(|close_at| Some((child_elements(&text[open.end..close_at])?, close_at)));
        let Some((arguments, close_at)) = read else {
            failures += 1;
            if failures > MAX_TRIES {
                break;
            }
            continue;
        };
        kept.push_str(&text[from..start]);
        calls.push(arguments.call(name));
        from = close_at + close.len();
        at = from;
    }
    kept.push_str(&text[from..]);
    (calls, kept)
}

/// `<KEY>VALUE</KEY>` elements and whitespace, nothing else; a value runs to its closing tag.
pub(crate) fn child_elements(body: &str) -> Option<Arguments> {
    let mut arguments = Arguments::default();
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        let open = tag_at(rest, 0)?;
        let key = &rest[1..open.end - 1];
        if open.closing || key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let close = format!("</{key}>");
        let end = rest[open.end..].find(&close)? + open.end;
        arguments.insert_text(key, &rest[open.end..end]);
        rest = rest[end + close.len()..].trim_start();
    }
    Some(arguments)
}

/// The envelopes of Gemma's `call:NAME{...}` form: opener, closer, and the token that opens
/// and closes a string. FunctionGemma writes `<start_function_call>` and `<escape>`, Gemma 4
/// `<|tool_call>` and `<|"|>`.
const GEMMA_FORMS: &[(&str, &str, &str)] = &[
    ("<start_function_call>", "<end_function_call>", "<escape>"),
    ("<|tool_call>", "<tool_call|>", "<|\"|>"),
];

/// Calls in Gemma's `call:NAME{key:<escape>text<escape>,n:5}` form (keys bare, strings between
/// quote tokens), in each of [`GEMMA_FORMS`], and the text without them.
fn function_gemma(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut text = text.to_owned();
    for form in GEMMA_FORMS {
        let (found, rest) = gemma_form(&text, *form, known);
        calls.extend(found);
        text = rest;
    }
    (calls, text)
}

fn gemma_form(
    text: &str,
    (open, close, quote): (&str, &str, &str),
    known: &ToolNames,
) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    let mut failures = 0;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let read = match after.find(close) {
            Some(end) => gemma_call(&after[..end], quote).map(|f| (f, &after[end + close.len()..])),
            // The text ends inside the envelope: a whole call (its braces closed) still
            // counts; a known tool's call cut off inside its arguments goes back for a
            // correction; anything else stays text.
            None => {
                let body = after.trim_end();
                let whole = body
                    .ends_with('}')
                    .then(|| gemma_call(body, quote))
                    .flatten();
                whole
                    .or_else(|| {
                        gemma_name(body)
                            .and_then(|name| known.resolve(name))
                            .map(|tool| cut_off(tool, &rest[start..]))
                    })
                    .map(|found| (found, ""))
            }
        };
        let Some((found, remainder)) = read else {
            kept.push_str(&rest[..start + open.len()]);
            rest = after;
            failures += 1;
            if failures > MAX_TRIES {
                break;
            }
            continue;
        };
        kept.push_str(&rest[..start]);
        calls.push(found);
        rest = remainder;
    }
    kept.push_str(rest);
    (calls, kept)
}

/// The name of a Gemma-form call whose arguments have begun: `call:NAME{`.
fn gemma_name(body: &str) -> Option<&str> {
    let body = body.trim_start();
    let body = body.strip_prefix("call:").unwrap_or(body);
    let name = body[..body.find('{')?].trim();
    is_name(name).then_some(name)
}

fn gemma_call(body: &str, quote: &str) -> Option<Marked> {
    let body = body.trim();
    let body = body.strip_prefix("call:").unwrap_or(body);
    let name_end = body.find('{').unwrap_or(body.len());
    let name = body[..name_end].trim();
    if !is_name(name) {
        return None;
    }
    let arguments = body[name_end..].trim();
    if arguments.is_empty() {
        return Some(Arguments::default().call(name));
    }
    // The quote token opens and closes a string: as JSON, the text between quoted.
    let pieces: Vec<&str> = arguments.split(quote).collect();
    if pieces.len().is_multiple_of(2) {
        return None;
    }
    let mut json = String::with_capacity(arguments.len());
    for (i, piece) in pieces.iter().enumerate() {
        if i.is_multiple_of(2) {
            json.push_str(piece);
        } else {
            json.push_str(&Value::String((*piece).to_owned()).to_string());
        }
    }
    let Value::Object(values) = crate::lenient::whole(&json)? else {
        return None;
    };
    // Strings are marked, so every other value's type is the model's own.
    let mut arguments = Arguments::default();
    for (key, value) in values {
        arguments.insert(&key, value);
    }
    Some(arguments.call(name))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> (Vec<(String, Value)>, String) {
        let (found, kept) = calls(text, &ToolNames::default());
        (
            found
                .into_iter()
                .map(|m| (m.call.name, m.call.arguments))
                .collect(),
            kept.trim().to_owned(),
        )
    }

    #[test]
    fn invoke_elements_in_every_namespace() {
        let want = vec![(
            "docker_logs".to_owned(),
            json!({"container": "web", "tail": 50}),
        )];
        for text in [
            "<function_calls>\n<invoke name=\"docker_logs\">\n<parameter name=\"container\">web</parameter>\n<parameter name=\"tail\">50</parameter>\n</invoke>\n</function_calls>",
            "<minimax:tool_call>\n<invoke name=\"docker_logs\">\n<parameter name=\"container\">web</parameter>\n<parameter name=\"tail\">50</parameter>\n</invoke>\n</minimax:tool_call>",
            "<｜DSML｜function_calls>\n<｜DSML｜invoke name=\"docker_logs\">\n<｜DSML｜parameter name=\"container\" string=\"true\">web</｜DSML｜parameter>\n<｜DSML｜parameter name=\"tail\" string=\"false\">50</｜DSML｜parameter>\n</｜DSML｜invoke>\n</｜DSML｜function_calls>",
            // DeepSeek V4's `tool_calls` wrapper, its bars written in ASCII.
            "<|DSML|tool_calls>\n<|DSML|invoke name=\"docker_logs\">\n<|DSML|parameter name=\"container\" string=\"true\">web</|DSML|parameter>\n<|DSML|parameter name=\"tail\" string=\"false\">50</|DSML|parameter>\n</|DSML|invoke>\n</|DSML|tool_calls>",
            "<steptml:invoke name='docker_logs'><steptml:parameter name='container'>web</steptml:parameter><steptml:parameter name='tail'>50</steptml:parameter></steptml:invoke>",
            "<tool_call name=\"docker_logs\">\n<param name=\"container\">web</param>\n<arg name=\"tail\">50</arg>\n</tool_call>",
            "<function name=\"docker_logs\"><argument name=\"container\">web</argument><parameter name=\"tail\">50</parameter></function>",
        ] {
            let (calls, _) = read(text);
            assert_eq!(calls, want, "{text}");
        }
        let (calls, kept) = read(
            "<｜tool_calls_begin｜><｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name=\"docker_ps\"></steptml:invoke><｜tool_call_end｜>",
        );
        assert_eq!(calls, vec![("docker_ps".to_owned(), json!({}))]);
        assert_eq!(
            kept,
            "<｜tool_calls_begin｜><｜tool_call_begin｜><｜tool_call_end｜>"
        );
    }

    #[test]
    fn a_value_marked_as_text_stays_text() {
        let (calls, _) = read(
            "<｜DSML｜invoke name=\"run_command\"><｜DSML｜parameter name=\"command\" string=\"true\">42</｜DSML｜parameter></｜DSML｜invoke>",
        );
        assert_eq!(
            calls,
            vec![("run_command".to_owned(), json!({"command": "42"}))]
        );
    }

    #[test]
    fn glm_key_value_pairs_and_a_name_alone() {
        let (calls, kept) = read(
            "Checking.\n<tool_call>docker_logs\n<arg_key>container</arg_key>\n<arg_value>web</arg_value>\n<arg_key>tail</arg_key>\n<arg_value>50</arg_value>\n</tool_call><tool_call>docker_ps\n</tool_call>",
        );
        assert_eq!(
            calls,
            vec![
                (
                    "docker_logs".to_owned(),
                    json!({"container": "web", "tail": 50})
                ),
                ("docker_ps".to_owned(), json!({})),
            ]
        );
        assert_eq!(kept, "Checking.");
    }

    #[test]
    fn gemma4_calls_closed_or_at_the_text_s_end() {
        let known = ToolNames::new(["docker_logs", "docker_ps"]);
        for text in [
            "<|tool_call>call:docker_logs{container:<|\"|>web, \"api\"<|\"|>,tail:50}<tool_call|>",
            "<|tool_call>call:docker_logs{container:<|\"|>web, \"api\"<|\"|>,tail:50}",
        ] {
            let (found, kept) = calls(text, &known);
            let got: Vec<(String, Value)> = found
                .into_iter()
                .map(|m| (m.call.name, m.call.arguments))
                .collect();
            assert_eq!(
                got,
                vec![(
                    "docker_logs".to_owned(),
                    json!({"container": "web, \"api\"", "tail": 50})
                )],
                "{text}"
            );
            assert_eq!(kept, "", "{text}");
        }
        let cut = "<|tool_call>call:docker_logs{container:<|\"|>we";
        let (found, kept) = calls(&format!("Reading.\n{cut}"), &known);
        let got: Vec<(String, Value)> = found
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        assert_eq!(got, vec![("docker_logs".to_owned(), json!(cut))]);
        assert_eq!(kept.trim(), "Reading.");
        for text in [
            "<|tool_call>call:docker_stats{container:<|\"|>we",
            "Gemma writes <|tool_call> before its calls.",
        ] {
            let (found, kept) = calls(text, &known);
            assert!(found.is_empty(), "{text}");
            assert_eq!(kept, text);
        }
    }

    #[test]
    fn function_gemma_escapes() {
        let (calls, kept) = read(
            "<start_function_call>call:docker_logs{container:<escape>web, \"api\"<escape>,tail:50}<end_function_call>",
        );
        assert_eq!(
            calls,
            vec![(
                "docker_logs".to_owned(),
                json!({"container": "web, \"api\"", "tail": 50})
            )]
        );
        assert_eq!(kept, "");
    }

    #[test]
    fn elements_named_after_a_known_tool() {
        let known = ToolNames::new(["docker_logs", "docker_ps"]);
        let (found, kept) = calls(
            "I will look.\n<docker_logs>\n<container>web</container>\n<tail>50</tail>\n</docker_logs>\n<docker_ps></docker_ps>",
            &known,
        );
        let got: Vec<(String, Value)> = found
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "docker_logs".to_owned(),
                    json!({"container": "web", "tail": 50})
                ),
                ("docker_ps".to_owned(), json!({})),
            ]
        );
        assert_eq!(kept.trim(), "I will look.");
        for text in [
            "<docker_stats><container>web</container></docker_stats>",
            "Use <docker_logs> to read them.",
            "<docker_logs>the logs of <container>web</container></docker_logs>",
            "<docker_logs><container>web</container>",
            "<docker_logs id=\"1\"><container>web</container></docker_logs>",
        ] {
            let (found, kept) = calls(text, &known);
            assert!(found.is_empty(), "{text}");
            assert_eq!(kept, text);
        }
    }

    #[test]
    fn a_known_tool_s_call_cut_off_goes_back_for_a_correction() {
        let known = ToolNames::new(["docker_logs"]);
        for (text, before, cut) in [
            (
                "Reading.\n<minimax:tool_call>\n<invoke name=\"docker_logs\">\n<parameter name=\"container\">we",
                "Reading.\n<minimax:tool_call>",
                "<invoke name=\"docker_logs\">\n<parameter name=\"container\">we",
            ),
            (
                "<invoke name=\"docker_logs\"><parameter name=\"container\">web</parameter><param",
                "",
                "<invoke name=\"docker_logs\"><parameter name=\"container\">web</parameter><param",
            ),
            (
                "<tool_call>docker_logs\n<arg_key>container</arg_key>\n<arg_value>we",
                "",
                "<tool_call>docker_logs\n<arg_key>container</arg_key>\n<arg_value>we",
            ),
        ] {
            let (found, kept) = calls(text, &known);
            let got: Vec<(String, Value)> = found
                .into_iter()
                .map(|m| (m.call.name, m.call.arguments))
                .collect();
            assert_eq!(got, vec![("docker_logs".to_owned(), json!(cut))], "{text}");
            assert_eq!(kept.trim(), before, "{text}");
        }
        // Unknown tools, and prose quoting a tag, stay text.
        for text in [
            "<invoke name=\"docker_stats\"><parameter name=\"container\">we",
            "Write <invoke name=\"docker_logs\"> to call it.",
            "<tool_call>docker_logs is the tool to use",
        ] {
            let (found, kept) = calls(text, &known);
            assert!(found.is_empty(), "{text}");
            assert_eq!(kept, text);
        }
    }

    #[test]
    fn text_full_of_unclosed_markup_is_read_in_bounded_time() {
        let known = ToolNames::new(["docker_logs"]);
        for piece in [
            "<invoke name=\"docker_logs\"><parameter name=\"a\">",
            "<tool_call>docker_logs <arg_key>a</arg_key>",
            // An unknown tool's: a known one's first unclosed call is a cut-off call, read at once.
            "<start_function_call>call:docker_stats{a:<escape>",
            "<|tool_call>call:docker_stats{a:<|\"|>",
            "<docker_logs><a>1</a> x",
        ] {
            let text = format!(
                "{}</invoke></tool_call></docker_logs>",
                // As much as the parser reads of one answer (256 KiB).
                piece.repeat(256 * 1024 / piece.len())
            );
            let started = crate::cpu_time::Stopwatch::start();
            let (found, kept) = calls(&text, &known);
            assert!(found.is_empty(), "{piece}");
            assert_eq!(kept, text);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{piece}"
            );
        }
    }

    #[test]
    fn markup_cut_off_quoted_or_holding_other_things_stays_text() {
        for text in [
            "Write <invoke name=\"docker_logs\"> to call it.",
            "<invoke name=\"docker_logs\"><parameter name=\"container\">web</parameter>",
            "<invoke name=\"docker_logs\">see the <parameter name=\"tail\">50</parameter></invoke>",
            "<invoke name=\"docker logs\"></invoke>",
            "<invoke name=\"docker_logs\"><parameter name=\"container\">web</invoke>",
            "<tool_call name=\"docker_logs\">{\"container\": \"web\"}</tool_call>",
            "<tool name=\"docker_logs\"><parameter name=\"container\">web</param></tool>",
            "<tool_call>docker_logs\n<arg_key>container</arg_key>\n</tool_call>",
            "<tool_call>docker_logs\n<arg_key>container</arg_key>\n<arg_value>web</arg_value>",
            "<tool_call>{\"name\": \"docker_ps\"}</tool_call>",
            "<tool_call>docker_ps\n{\"all\": true}</tool_call>",
            "<start_function_call>call:docker_logs{container:<escape>web}<end_function_call>",
            "<start_function_call>call:docker_logs{container:<escape>web<escape>",
        ] {
            let (calls, kept) = read(text);
            assert_eq!(calls, Vec::new(), "{text}");
            assert_eq!(kept, text.trim(), "{text}");
        }
    }
}
