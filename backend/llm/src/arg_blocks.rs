//! Continue's text format for tool calls, taught to models without a tool template: a ```` ```tool
//! ```` fence holding the name on a `TOOL_NAME:` line and each argument between `BEGIN_ARG: KEY`
//! and `END_ARG`:
//!
//! ````text
//! ```tool
//! TOOL_NAME: docker_logs
//! BEGIN_ARG: container
//! web
//! END_ARG
//! ```
//! ````
//!
//! An explicit envelope, so an unknown name is still a call (answered with the list of tools).
//! Every line must be one of those parts; a fence the text ends in (a `max_tokens` stop) counts
//! when its last argument closed, and one cut off inside a value goes back for a correction when
//! it names a known tool ([`crate::tagged::cut_off`]). Values are JSON when they read as JSON,
//! else text, as in the other markup ([`crate::tagged::Arguments`]).

use crate::names::ToolNames;
use crate::tagged::{Arguments, Marked, cut_off};

const OPEN: &str = "```tool\n";

/// The most fences tried in one text: each failure may have read to the text's end.
const MAX_TRIES: usize = 16;

/// The calls in ```` ```tool ```` fences, and the text without them.
pub fn calls(text: &str, known: &ToolNames) -> (Vec<Marked>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    let mut tries = 0;
    while tries < MAX_TRIES
        && let Some(start) = rest.find(OPEN)
    {
        tries += 1;
        let body = &rest[start + OPEN.len()..];
        let (inside, after, closed) = match body.find("\n```") {
            Some(end) => (&body[..end], &body[end + 4..], true),
            None => (body, "", false),
        };
        match block(inside, closed, known) {
            Some(found) => {
                kept.push_str(&rest[..start]);
                calls.push(found);
                rest = after;
            }
            None => {
                kept.push_str(&rest[..start + OPEN.len()]);
                rest = body;
            }
        }
    }
    kept.push_str(rest);
    (calls, kept)
}

/// One fence's call: `TOOL_NAME:` then argument blocks, nothing else. `closed` says whether the
/// fence closed; an open one counts only if it ends after a whole argument.
fn block(inside: &str, closed: bool, known: &ToolNames) -> Option<Marked> {
    let mut lines = inside.lines();
    let name = lines.next()?.trim().strip_prefix("TOOL_NAME:")?.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let mut arguments = Arguments::default();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let key = line.strip_prefix("BEGIN_ARG:")?.trim();
        if key.is_empty() {
            return None;
        }
        let mut value: Vec<&str> = Vec::new();
        let mut ended = false;
        for line in lines.by_ref() {
            if line.trim() == "END_ARG" {
                ended = true;
                break;
            }
            value.push(line);
        }
        if !ended {
            // Cut off inside a value: a known tool's call goes back for a correction.
            return (!closed)
                .then(|| known.resolve(name))
                .flatten()
                .map(|tool| cut_off(tool, inside));
        }
        arguments.insert_text(key, &value.join("\n"));
    }
    Some(arguments.call(name))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    use super::*;

    fn read(text: &str) -> (Vec<(String, Value)>, String) {
        let (found, kept) = calls(text, &ToolNames::new(["docker_logs"]));
        let found = found
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        (found, kept.trim().to_owned())
    }

    #[test]
    fn fenced_argument_blocks() {
        let (found, kept) = read(
            "I'll read them.\n```tool\nTOOL_NAME: docker_logs\nBEGIN_ARG: container\nweb\nEND_ARG\nBEGIN_ARG: tail\n50\nEND_ARG\n```\n",
        );
        assert_eq!(
            found,
            vec![(
                "docker_logs".to_owned(),
                json!({"container": "web", "tail": 50})
            )]
        );
        assert_eq!(kept, "I'll read them.");
        let (found, _) = read("```tool\nTOOL_NAME: docker_stats\n```");
        assert_eq!(
            found,
            vec![("docker_stats".to_owned(), json!({}))],
            "an envelope: an unknown tool is a call, answered with the list"
        );
        let (found, _) =
            read("```tool\nTOOL_NAME: docker_logs\nBEGIN_ARG: container\nweb\nEND_ARG");
        assert_eq!(
            found,
            vec![("docker_logs".to_owned(), json!({"container": "web"}))],
            "the fence's end cut off after a whole argument"
        );
    }

    #[test]
    fn anything_else_in_the_fence_stays_text_and_a_cut_value_goes_back() {
        for text in [
            "```tool\nthe docker_logs tool reads logs\n```",
            "```tool\nTOOL_NAME: docker_logs\nsee BEGIN_ARG below\n```",
            "```tool\nTOOL_NAME: docker_logs\nBEGIN_ARG: container\nweb\n```",
        ] {
            let (found, kept) = read(text);
            assert_eq!(found, Vec::new(), "{text}");
            assert_eq!(kept, text, "{text}");
        }
        let text = "```tool\nTOOL_NAME: docker_logs\nBEGIN_ARG: container\nwe";
        let (found, kept) = read(text);
        assert_eq!(
            found,
            vec![(
                "docker_logs".to_owned(),
                json!("TOOL_NAME: docker_logs\nBEGIN_ARG: container\nwe")
            )]
        );
        assert_eq!(kept, "");
    }
}
