//! Gemma's ```` ```tool_code ```` fence (and its ```` ```tool_call ```` spelling) printed with
//! its backticks stripped, as servers that drop them, or models that learned the fence's word
//! alone, write it: a line `tool_code`, then the calls. Given its fence back (```` ```tool_code ```` to the calls' end) so the Python
//! reader reads the calls, only where every line under the word, to the text's end (an
//! end-of-turn token aside), is a call to a known tool ([`crate::pythonic::statements`]); with
//! anything else under it, the word is prose and the text stays as written.

use crate::names::ToolNames;

/// The fence words whose fence may be printed stripped, from [`crate::pythonic::ENVELOPES`].
const WORDS: &[&str] = &["tool_code", "tool_call"];

/// `text` with a stripped `tool_code` fence given its backticks back, or None when it has none
/// whose lines are all calls to `known` tools.
pub fn rewrite(text: &str, known: &ToolNames) -> Option<String> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body_start = start + line.len();
        start = body_start;
        if !WORDS.contains(&line.trim()) {
            continue;
        }
        let body = &text[body_start..];
        let calls = crate::reasoning::without_end_tokens(body).trim_end();
        if calls.trim().is_empty() || crate::pythonic::statements(calls, known).is_none() {
            return None;
        }
        let word_start = body_start - line.len();
        let indent = line.len() - line.trim_start().len();
        let mut out = String::with_capacity(text.len() + 8);
        out.push_str(&text[..word_start + indent]);
        out.push_str("```");
        out.push_str(&text[word_start + indent..body_start]);
        out.push_str(calls);
        out.push_str("\n```");
        // The end-of-turn token after the calls stays after the fence, as the model ended.
        out.push_str(&body[calls.len()..]);
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn known() -> ToolNames {
        let tool = |name: &str| crate::ToolDefinition {
            name: name.to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(
                json!({"type": "object", "properties": {"all": {"type": "boolean"}}}),
            ),
        };
        ToolNames::from_definitions([tool("docker_ps")].iter())
    }

    #[test]
    fn a_tool_code_word_over_calls_alone_gets_its_fence_back() {
        assert_eq!(
            rewrite("Listing.\ntool_code\ndocker_ps(all=True)\n", &known()).as_deref(),
            Some("Listing.\n```tool_code\ndocker_ps(all=True)\n```\n")
        );
        assert_eq!(
            rewrite(
                "tool_code\nprint(default_api.docker_ps())<end_of_turn>",
                &known()
            )
            .as_deref(),
            Some("```tool_code\nprint(default_api.docker_ps())\n```<end_of_turn>")
        );
    }

    #[test]
    fn a_tool_code_word_over_anything_else_stays_prose() {
        for text in [
            "tool_code\ndocker_ps(all=True)\nThen I read them.",
            "tool_code\nrm_rf(path=\"/\")",
            "tool_code\n",
            "The tool_code fence\ndocker_ps()",
            "tool_code is a word\ndocker_ps()",
        ] {
            assert_eq!(rewrite(text, &known()), None, "{text}");
        }
    }
}
