//! Calls whose name and arguments are child elements of the call's element, as models taught
//! XML-style formats write them: Claude 2's `<invoke><tool_name>NAME</tool_name><parameters>
//! <KEY>VALUE</KEY></parameters></invoke>`, `<tool_use><name>NAME</name><input>{...}</input>`,
//! `<tool_call><name>NAME</name><arguments><KEY>VALUE</KEY></arguments>`: a name element
//! ([`NAME_TAGS`]) naming a known tool, then an arguments element ([`ARGUMENT_TAGS`]) holding a
//! JSON object or one element per argument.
//!
//! Outside an envelope of its own, the name must be a known tool's, and the elements must be
//! the call's whole content: an arguments element after the name, or an element around the
//! name alone (`<tool_call><name>docker_ps</name></tool_call>`); a name element in a sentence
//! stays text. The elements around the call that hold nothing else are removed with it.

use serde_json::Value;

use crate::names::ToolNames;
use crate::tagged::{Arguments, Marked, child_elements, tag_at};

/// Elements naming the tool.
/// `<function>NAME</function><args>` too, as models write the function's name in the element
/// named after it.
const NAME_TAGS: &[&str] = &[
    "name",
    "tool_name",
    "toolname",
    "function_name",
    "functionname",
    "tool",
    "function",
    "api_name",
];

/// Elements holding the arguments.
const ARGUMENT_TAGS: &[&str] = &[
    "arguments",
    "parameters",
    "args",
    "params",
    "input",
    "tool_input",
    "tool_args",
    "tool_arguments",
    "function_args",
    "function_arguments",
    "kwargs",
    "action_input",
];

/// The most wrapping elements taken off around one call (`<function_calls><invoke>`).
const MAX_WRAPPERS: usize = 4;

/// The most name elements that fail to read in one text (each may search to the text's end).
const MAX_TRIES: usize = 16;

/// The calls in `text` written as name and arguments elements, and the text without them.
pub fn calls(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let (mut from, mut at, mut failures) = (0, 0, 0);
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + offset;
        at = start + 1;
        let Some(open) = tag_at(text, start) else {
            continue;
        };
        if open.closing || !open.attributes.is_empty() || !NAME_TAGS.contains(&open.local) {
            continue;
        }
        let Some((call, mut span, with_arguments)) =
            call_at(text, open.start, open.end, open.local, known)
        else {
            failures += 1;
            if failures > MAX_TRIES {
                break;
            }
            continue;
        };
        let mut wrapped = false;
        for _ in 0..MAX_WRAPPERS {
            match wrapper(text, span.0, span.1) {
                Some(outer) if outer.0 >= from => {
                    span = outer;
                    wrapped = true;
                }
                Some(_) | None => break,
            }
        }
        // A name alone counts only inside an element of its own.
        if !(with_arguments || wrapped) {
            continue;
        }
        kept.push_str(&text[from..span.0]);
        calls.push(call);
        from = span.1;
        at = from;
    }
    kept.push_str(&text[from..]);
    (calls, kept)
}

/// The call whose name element opens at `start` (its tag ends at `open_end`): the call, the
/// span of the name and arguments elements, and whether there was an arguments element.
fn call_at(
    text: &str,
    start: usize,
    open_end: usize,
    local: &str,
    known: &ToolNames,
) -> Option<(Marked, (usize, usize), bool)> {
    let close = format!("</{local}>");
    let name_end = text[open_end..].find(&close)? + open_end;
    let name = known.resolve(text[open_end..name_end].trim())?;
    let mut end = name_end + close.len();
    let next = end + (text[end..].len() - text[end..].trim_start().len());
    let mut arguments = Arguments::default().call(name);
    let mut with_arguments = false;
    if let Some(tag) = tag_at(text, next)
        && !tag.closing
        && tag.attributes.is_empty()
        && ARGUMENT_TAGS.contains(&tag.local)
    {
        let close = format!("</{}>", tag.local);
        let body_end = text[tag.end..].find(&close)? + tag.end;
        let body = text[tag.end..body_end].trim();
        // A JSON object, or one encoded as a JSON string (`"{\"path\": \"/etc\"}"`).
        arguments = if body.starts_with(['{', '"']) {
            match crate::calls::decode_arguments(&Value::String(body.to_owned())) {
                object @ Value::Object(_) => Marked {
                    call: crate::ToolCall {
                        id: crate::calls::fresh_id(),
                        name: name.to_owned(),
                        arguments: object,
                    },
                    texts: Vec::new(),
                },
                // Broken JSON is left for the JSON readers, which repair or send it back.
                Value::Null
                | Value::Bool(_)
                | Value::Number(_)
                | Value::String(_)
                | Value::Array(_) => {
                    return None;
                }
            }
        } else {
            child_elements(body)?.call(name)
        };
        end = body_end + close.len();
        with_arguments = true;
    }
    Some((arguments, (start, end), with_arguments))
}

/// The span of the element right around `start..end` that holds nothing else: an opening tag
/// before it and its closing tag after it, whitespace between.
fn wrapper(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let before = text[..start].trim_end();
    let open_start = before.rfind('<')?;
    let open = tag_at(text, open_start)?;
    if open.closing || open.end != before.len() {
        return None;
    }
    let after_start = end + (text[end..].len() - text[end..].trim_start().len());
    let close = tag_at(text, after_start)?;
    (close.closing && close.local == open.local).then_some((open_start, close.end))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> (Vec<(String, Value)>, String) {
        let (calls, rest) = calls(text, &ToolNames::new(["read_file", "docker_ps"]));
        let calls = calls
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        (calls, rest)
    }

    #[test]
    fn a_name_element_then_an_arguments_element() {
        for text in [
            "<function_calls>\n<invoke>\n<tool_name>read_file</tool_name>\n<parameters>\n<path>/etc/hostname</path>\n</parameters>\n</invoke>\n</function_calls>",
            "<tool_use>\n<name>read_file</name>\n<input>{\"path\": \"/etc/hostname\"}</input>\n</tool_use>",
            "<tool_call><name>read_file</name><arguments><path>/etc/hostname</path></arguments></tool_call>",
            "<name>read_file</name>\n<parameters>{\"path\": \"/etc/hostname\"}</parameters>",
            "<function>read_file</function><args>{\"path\": \"/etc/hostname\"}</args>",
            "<tool>read_file</tool>\n<parameters>\n<path>/etc/hostname</path>\n</parameters>",
            "<function_name>read_file</function_name><function_arguments>{\"path\": \"/etc/hostname\"}</function_arguments>",
            "<api_name>read_file</api_name><kwargs>{\"path\": \"/etc/hostname\"}</kwargs>",
            "<tool_call><name>read_file</name><arguments>\"{\\\"path\\\": \\\"/etc/hostname\\\"}\"</arguments></tool_call>",
        ] {
            assert_eq!(
                read(text),
                (
                    vec![("read_file".to_owned(), json!({"path": "/etc/hostname"}))],
                    String::new()
                ),
                "{text}"
            );
        }
        assert_eq!(
            read("Listing.\n<tool_call><name>docker_ps</name></tool_call>"),
            (
                vec![("docker_ps".to_owned(), json!({}))],
                "Listing.\n".to_owned()
            )
        );
    }

    #[test]
    fn a_name_element_in_prose_or_naming_no_tool_stays_text() {
        for text in [
            "The tool is <name>docker_ps</name>, it lists containers.",
            "Run <function>docker_ps</function> first, then <tool>read_file</tool>.",
            "<function>wipe_disk</function><args>{\"path\": \"/\"}</args>",
            "<tool_use><name>wipe_disk</name><input>{\"path\": \"/\"}</input></tool_use>",
            "<name>read_file</name><arguments>{\"path\": \"/etc</arguments>",
        ] {
            assert_eq!(read(text), (Vec::new(), text.to_owned()), "{text}");
        }
    }
}
