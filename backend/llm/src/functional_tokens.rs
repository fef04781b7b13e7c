//! Calls written with functional tokens, as Octopus v2 (NexaAI) writes them: `<nexa_N>` names
//! the tool at place N (from 0) of the list the model was given ([`ToolNames::nth`]), then the
//! arguments in Python call syntax up to `<nexa_end>`: `<nexa_1>('web')<nexa_end>`. The model
//! goes on to recite the tool's description (`Function description: def ...`), which is not an
//! answer and is cut.
//!
//! The token is an envelope: what it names is a call whatever it is. A place past the list's
//! end is kept as a call to a tool named after the token, for the engine to answer with the
//! list of tools; values without their names fill the arguments at their places where the
//! schema settles them ([`ToolNames::positional_arguments`]); arguments the schema cannot settle
//! (two values without names for a tool of optional arguments) go back as the call's text, for a correction. Nothing is guessed.

use serde_json::Value;

use crate::ToolCall;
use crate::names::ToolNames;

const OPEN: &str = "<nexa_";
const CLOSE: &str = "<nexa_end>";

/// What follows a call, up to the text's end, that the model recites from its prompt.
const RECITED: &[&str] = &["Function description:"];

/// The most digits read in a token's number.
const MAX_DIGITS: usize = 4;

/// The calls written with functional tokens in `text`, and the text without them.
pub fn calls(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(index) = (digits > 0 && digits <= MAX_DIGITS)
            .then(|| after[..digits].parse::<usize>().ok())
            .flatten()
            .filter(|_| after[digits..].starts_with('>'))
        else {
            kept.push_str(&rest[..start + OPEN.len()]);
            rest = after;
            continue;
        };
        let body = &after[digits + 1..];
        let (arguments, remainder) = match body.find(CLOSE) {
            Some(end) => (&body[..end], &body[end + CLOSE.len()..]),
            None => {
                let end = body.find('\n').unwrap_or(body.len());
                (&body[..end], &body[end..])
            }
        };
        calls.push(call(index, arguments.trim(), known));
        kept.push_str(&rest[..start]);
        rest = remainder;
        if RECITED.iter().any(|r| rest.trim_start().starts_with(r)) {
            rest = "";
        }
    }
    kept.push_str(rest);
    (calls, kept)
}

/// The call the token for tool `index` makes with `arguments` (`('web')`, `(tail=50)`, `()`).
fn call(index: usize, arguments: &str, known: &ToolNames) -> ToolCall {
    let Some(name) = known.nth(index) else {
        return ToolCall {
            id: crate::calls::fresh_id(),
            name: format!("nexa_{index}"),
            arguments: Value::String(arguments.to_owned()),
        };
    };
    let written = if arguments.is_empty() {
        format!("{name}()")
    } else {
        format!("{name}{arguments}")
    };
    match crate::pythonic::statements(&written, known).as_deref() {
        Some([one]) => one.clone(),
        Some(_) | None => ToolCall {
            id: crate::calls::fresh_id(),
            name: name.to_owned(),
            arguments: Value::String(arguments.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    fn known() -> ToolNames {
        ToolNames::new(["docker_ps", "docker_logs"])
    }

    fn read(text: &str) -> (Vec<(String, Value)>, String) {
        let (calls, text) = calls(text, &known());
        let calls = calls.into_iter().map(|c| (c.name, c.arguments)).collect();
        (calls, text)
    }

    #[test]
    fn the_token_names_the_tool_at_its_place_in_the_list() {
        assert_eq!(
            read(
                "<nexa_1>(container='web', tail=50)<nexa_end>\n\nFunction description: def docker_logs(container, tail):\n    ..."
            ),
            (
                vec![(
                    "docker_logs".to_owned(),
                    json!({"container": "web", "tail": 50})
                )],
                String::new()
            )
        );
        assert_eq!(
            read("<nexa_0>()<nexa_end>").0,
            vec![("docker_ps".to_owned(), json!({}))]
        );
    }

    #[test]
    fn what_cannot_be_settled_is_kept_for_a_correction() {
        assert_eq!(
            read("<nexa_7>('x')<nexa_end>").0,
            vec![("nexa_7".to_owned(), json!("('x')"))],
            "a place past the list's end names no tool"
        );
        assert_eq!(
            read("<nexa_1>('web', 50)<nexa_end>").0,
            vec![("docker_logs".to_owned(), json!("('web', 50)"))],
            "values without names for a tool of several arguments"
        );
        let declared = [crate::ToolDefinition {
            name: "docker_logs".to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(json!({"type": "object",
                "required": ["container", "tail"],
                "properties": {"container": {"type": "string"}, "tail": {"type": "integer"}}})),
        }];
        let (declared_calls, _) = calls(
            "<nexa_0>('web', 50)<nexa_end>",
            &ToolNames::from_definitions(declared.iter()),
        );
        assert_eq!(
            declared_calls
                .into_iter()
                .map(|c| (c.name, c.arguments))
                .collect::<Vec<_>>(),
            vec![(
                "docker_logs".to_owned(),
                json!({"container": "web", "tail": 50})
            )],
            "values by place, where the schema's required order and the order shown agree"
        );
        assert_eq!(
            read("Tokens look like <nexa_x> here."),
            (Vec::new(), "Tokens look like <nexa_x> here.".to_owned())
        );
    }
}
