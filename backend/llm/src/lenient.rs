//! Near-JSON as small models write it, read as JSON: Python literals (`True`, `False`, `None`),
//! single-quoted strings and typographic quotes (`“web”`, [`crate::quotes`]), unquoted keys
//! (`{all: true}`), `//` and `/* */` comments, trailing commas, and brackets left open
//! where the text or the envelope ends. Used only where strict JSON failed and a call is likely
//! (inside an envelope, or when the object names a known tool).
//!
//! The repair never guesses content: it stops at the first character that is not near-JSON and
//! closes what is open only when the last thing written was a whole value, so a call cut off in
//! the middle of a key or a string (a `max_tokens` stop) is not read as a shorter call.

use serde_json::Value;

/// The value at the start of `text` (which starts with `{` or `[`) and the bytes it took.
pub fn value_at(text: &str) -> Option<(Value, usize)> {
    let mut repair = Repair::default();
    let used = repair.run(text)?;
    let value = serde_json::from_str::<Value>(&repair.out).ok()?;
    Some((value, used))
}

/// The value at the start of `text`, as [`value_at`] reads it, unless the text ended with
/// brackets still open: a value cut off where the text ends (a `max_tokens` stop right after a
/// whole value, `{"container": "web"`) may have gone on, so it is not read as a shorter one.
/// Brackets left open before a tag or prose (`{...}\n</tool_call>`) are closed as
/// [`value_at`] closes them.
pub fn value_before_end(text: &str) -> Option<(Value, usize)> {
    let mut repair = Repair::default();
    let used = repair.run(text)?;
    if repair.closed_at_end {
        return None;
    }
    let value = serde_json::from_str::<Value>(&repair.out).ok()?;
    Some((value, used))
}

/// Text that must be one near-JSON value and nothing else (after trimming).
pub fn whole(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if !trimmed.starts_with(['{', '[']) {
        return None;
    }
    let (value, used) = value_at(trimmed)?;
    trimmed[used..].trim().is_empty().then_some(value)
}

/// What was last written: closing open brackets after it gives valid JSON only after a value, an
/// opening bracket or a comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Last {
    #[default]
    Open,
    Value,
    Comma,
    Key,
    Colon,
}

#[derive(Debug, Default)]
struct Repair {
    out: String,
    /// The closing brackets still owed, innermost last.
    open: Vec<char>,
    last: Last,
    /// Whether brackets left open were closed where the text ended.
    closed_at_end: bool,
}

impl Repair {
    /// Translates `text` into `self.out`; returns the bytes of `text` the value took.
    fn run(&mut self, text: &str) -> Option<usize> {
        let mut chars = text.char_indices().peekable();
        while let Some(&(at, c)) = chars.peek() {
            match c {
                '{' | '[' => {
                    if self.last == Last::Value || self.last == Last::Key {
                        return self.close(text, at);
                    }
                    chars.next();
                    self.open.push(if c == '{' { '}' } else { ']' });
                    self.out.push(c);
                    self.last = Last::Open;
                }
                '}' | ']' => {
                    if self.open.last() != Some(&c) || matches!(self.last, Last::Key | Last::Colon)
                    {
                        return self.close(text, at);
                    }
                    chars.next();
                    self.open.pop();
                    self.drop_trailing_comma();
                    self.out.push(c);
                    self.last = Last::Value;
                    if self.open.is_empty() {
                        return Some(at + 1);
                    }
                }
                ',' => {
                    if self.last != Last::Value {
                        return self.close(text, at);
                    }
                    chars.next();
                    self.out.push(',');
                    self.last = Last::Comma;
                }
                ':' => {
                    if self.last != Last::Key {
                        return self.close(text, at);
                    }
                    chars.next();
                    self.out.push(':');
                    self.last = Last::Colon;
                }
                c if crate::quotes::opens(c) => {
                    if !matches!(self.last, Last::Open | Last::Comma | Last::Colon) {
                        return self.close(text, at);
                    }
                    let (string, end) = read_string(text, at, c)?;
                    let kind = self.value_or_key(text, end);
                    while chars.peek().is_some_and(|&(i, _)| i < end) {
                        chars.next();
                    }
                    self.out.push_str(&Value::String(string).to_string());
                    self.last = kind;
                }
                c if c.is_whitespace() => {
                    chars.next();
                }
                // Comments, as JavaScript writes them (`// list everything`): blanks here. One
                // left open runs to the end of the text, so nothing after it is read.
                '/' if text[at..].starts_with("//") || text[at..].starts_with("/*") => {
                    let end = if text[at..].starts_with("//") {
                        text[at..].find('\n').map_or(text.len(), |e| at + e)
                    } else {
                        text[at + 2..].find("*/").map(|e| at + 2 + e + 2)?
                    };
                    while chars.peek().is_some_and(|&(i, _)| i < end) {
                        chars.next();
                    }
                }
                c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                    let end = text[at..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
                        .map_or(text.len(), |e| at + e);
                    let number = &text[at..end];
                    if !matches!(self.last, Last::Open | Last::Comma | Last::Colon)
                        || serde_json::from_str::<serde_json::Number>(number).is_err()
                    {
                        return self.close(text, at);
                    }
                    while chars.peek().is_some_and(|&(i, _)| i < end) {
                        chars.next();
                    }
                    self.out.push_str(number);
                    self.last = Last::Value;
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    let end = text[at..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(text.len(), |e| at + e);
                    let word = &text[at..end];
                    let kind = self.value_or_key(text, end);
                    let written = match (kind, word) {
                        (Last::Key, _) if self.open.last() == Some(&'}') => {
                            Value::String(word.to_owned()).to_string()
                        }
                        (Last::Value, "true" | "True") => "true".to_owned(),
                        (Last::Value, "false" | "False") => "false".to_owned(),
                        (Last::Value, "null" | "None") => "null".to_owned(),
                        // Prose after the value: it ends here.
                        _ => return self.close(text, at),
                    };
                    if !matches!(self.last, Last::Open | Last::Comma | Last::Colon) {
                        return self.close(text, at);
                    }
                    while chars.peek().is_some_and(|&(i, _)| i < end) {
                        chars.next();
                    }
                    self.out.push_str(&written);
                    self.last = kind;
                }
                _ => return self.close(text, at),
            }
        }
        self.close(text, text.len())
    }

    /// A string or word is a key when a colon follows it inside an object.
    fn value_or_key(&self, text: &str, end: usize) -> Last {
        let key = self.open.last() == Some(&'}')
            && matches!(self.last, Last::Open | Last::Comma)
            && text[end..].trim_start().starts_with(':');
        if key { Last::Key } else { Last::Value }
    }

    /// Ends the value at `at`, where the text ends or prose or a tag begins: what is open is
    /// closed, when that loses nothing. Anything else there (a quote, a number, a bracket) is
    /// part of the value the model meant, which cannot be read.
    fn close(&mut self, text: &str, at: usize) -> Option<usize> {
        let ends = prose_or_tag(&text[at..]);
        if !ends || !matches!(self.last, Last::Value | Last::Comma | Last::Open) {
            return None;
        }
        self.drop_trailing_comma();
        self.closed_at_end = at == text.len() && !self.open.is_empty();
        while let Some(closer) = self.open.pop() {
            self.out.push(closer);
        }
        Some(at)
    }

    fn drop_trailing_comma(&mut self) {
        if self.out.ends_with(',') {
            self.out.pop();
        }
    }
}

/// Whether the value may end before `rest`: the text ends, or a tag, a fence or a word begins.
fn prose_or_tag(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_alphabetic() || matches!(c, '<' | '`'))
}

/// The string opened by `open` at `start`: its text and the byte after its closing quote
/// ([`crate::quotes::closer`]). None when it never closes (the model was cut off).
fn read_string(text: &str, start: usize, open: char) -> Option<(String, usize)> {
    let quote = crate::quotes::closer(open)?;
    let body = start + open.len_utf8();
    let mut out = String::new();
    let mut chars = text[body..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars.next()?;
                match escaped {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    other => out.push(other),
                }
            }
            c if c == quote => return Some((out, body + i + c.len_utf8())),
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn the_slips_of_small_models_are_read() {
        for (text, want) in [
            (
                "{'name': 'docker_ps', 'arguments': {'all': True}}",
                json!({"name": "docker_ps", "arguments": {"all": true}}),
            ),
            (
                "{\"name\": \"docker_ps\", \"arguments\": {\"all\": true,}}",
                json!({"name": "docker_ps", "arguments": {"all": true}}),
            ),
            (
                "{\"name\": \"docker_ps\", \"arguments\": {\"all\": true}",
                json!({"name": "docker_ps", "arguments": {"all": true}}),
            ),
            (
                "{all: true, tail: 5, x: None}",
                json!({"all": true, "tail": 5, "x": null}),
            ),
            ("{'q': 'it\\'s \"fine\"'}", json!({"q": "it's \"fine\""})),
            ("[1, 2,]", json!([1, 2])),
            (
                "{“name”: “docker_ps”, ‘arguments’: {”all”: true}}",
                json!({"name": "docker_ps", "arguments": {"all": true}}),
            ),
            (
                "{\n  // list everything\n  \"all\": true /* and stopped */,\n  \"p\": \"a//b\"\n}",
                json!({"all": true, "p": "a//b"}),
            ),
        ] {
            assert_eq!(whole(text), Some(want), "{text}");
        }
    }

    #[test]
    fn the_value_ends_where_prose_or_a_tag_begins() {
        let text = "{\"name\": \"docker_ps\", \"arguments\": {}\n</tool_call> Done.";
        let (value, used) = value_at(text).unwrap_or_else(|| panic!("read"));
        assert_eq!(value, json!({"name": "docker_ps", "arguments": {}}));
        assert_eq!(&text[used..], "</tool_call> Done.");
        // The same brackets left open where the text ends: cut off, never a shorter value.
        let (value, _) = value_before_end(text).unwrap_or_else(|| panic!("read"));
        assert_eq!(value, json!({"name": "docker_ps", "arguments": {}}));
        for cut in [
            "{\"name\": \"docker_ps\", \"arguments\": {}",
            "{\"container\": \"web\"",
            "[{\"name\": \"docker_ps\"}, {\"name\": \"disk_usage\"}\n",
            "{\"all\": true,",
        ] {
            assert_eq!(value_before_end(cut), None, "{cut}");
        }
        assert_eq!(
            value_before_end("{\"all\": true} Done.").map(|(v, _)| v),
            Some(json!({"all": true}))
        );
    }

    #[test]
    fn nothing_is_guessed() {
        for text in [
            "{\"container\": \"we",
            "{\"container\": ",
            "{\"container\"",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": tru}",
            "{“container”: “we",
            "{\"all\": true /* cut off",
        ] {
            assert_eq!(whole(text), None, "{text}");
        }
    }
}
