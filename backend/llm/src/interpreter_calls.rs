//! InternLM's code interpreter call, `<|action_start|><|interpreter|>` then code up to
//! `<|action_end|>`: the model asks its chat template's Python interpreter to run code. Warden
//! offers no such tool, so it is read as a call to a tool named `interpreter` that does not
//! exist, and the engine answers it as any unknown tool (with the list of tools it has); the code
//! is never read as a call to another tool, nor as a command to run.

use serde_json::{Map, Value};

use crate::ToolCall;

/// The interpreter's envelope: the action token, then the interpreter's (blanks between).
const ACTION: &str = "<|action_start|>";
const INTERPRETER: &str = "<|interpreter|>";
const END: &str = "<|action_end|>";

/// The name the call is read under: the interpreter InternLM meant, no tool of Warden's.
pub const NAME: &str = "interpreter";

/// The interpreter calls in `text`, and the text without them (the code to the action's end, or
/// to the text's end when it is never closed).
pub fn calls(text: &str) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(ACTION) {
        let after = &rest[start + ACTION.len()..];
        let Some(code) = after.trim_start().strip_prefix(INTERPRETER) else {
            kept.push_str(&rest[..start + ACTION.len()]);
            rest = after;
            continue;
        };
        let (code, next) = match code.find(END) {
            Some(end) => (&code[..end], &code[end + END.len()..]),
            None => (code, ""),
        };
        let mut arguments = Map::new();
        arguments.insert("code".to_owned(), Value::String(code.trim().to_owned()));
        calls.push(ToolCall {
            id: crate::calls::fresh_id(),
            name: NAME.to_owned(),
            arguments: Value::Object(arguments),
        });
        kept.push_str(&rest[..start]);
        rest = next;
    }
    kept.push_str(rest);
    (calls, kept)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn interpreter_code_is_a_call_to_the_interpreter() {
        let (calls, kept) = calls(
            "Let me compute it.<|action_start|><|interpreter|>\nimport os\nprint(os.listdir())\n<|action_end|>",
        );
        assert_eq!(kept, "Let me compute it.");
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, NAME);
        assert_eq!(
            calls[0].arguments,
            json!({"code": "import os\nprint(os.listdir())"})
        );
    }

    #[test]
    fn a_plugin_action_is_no_interpreter_call() {
        let text = "<|action_start|><|plugin|>\n{\"name\": \"docker_ps\"}<|action_end|>";
        let (calls, kept) = calls(text);
        assert!(calls.is_empty());
        assert_eq!(kept, text);
    }
}
