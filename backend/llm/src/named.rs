//! Calls whose name is written before the arguments' JSON object instead of inside it:
//!
//! - Mistral v11 (Ministral 3, Magistral, Devstral): `[TOOL_CALLS]NAME[ARGS]{...}`, also with
//!   `[CALL_ID]id` before `[ARGS]`;
//! - DeepSeek V3/R1: `<｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}\n```` and
//!   V3.1's `NAME<｜tool▁sep｜>{...}`;
//! - Kimi K2: `functions.NAME:0<|tool_call_argument_begin|>{...}`;
//! - gpt-oss through raw llama.cpp: `to=functions.NAME <|constrain|>json<|message|>{...}`, the
//!   recipient also in the header (`to=functions.NAME<|channel|>commentary json<|message|>`),
//!   and with the special tokens stripped (`commentary to=functions.NAME json{...}`);
//! - Functionary v3 `>>>NAME\n{...}`, Qwen-Agent `✿FUNCTION✿: NAME\n✿ARGS✿: {...}`;
//! - `<tool_call>NAME\n{...}`, `<tool_call name="NAME">{...}`, `<name>NAME</name><arguments>{...}`,
//!   and llama.cpp's `functions.NAME:{...}`.
//!
//! The name is the last word before the object once these separators are skipped, and it counts
//! only when it is a known tool: prose that ends in a word before a data object stays prose.

use crate::names::ToolNames;

/// Separators between a name and its arguments, skipped from the end.
const SEPARATORS: &[&str] = &[
    "```json",
    "```",
    "[ARGS]",
    "<|tool_call_argument_begin|>",
    "<|message|>",
    "<|constrain|>json",
    "<|constrain|>",
    // gpt-oss with the recipient in the header: `to=functions.NAME<|channel|>commentary`.
    "<|channel|>commentary",
    "✿ARGS✿:",
    // Functionary v2: `<|recipient|>NAME\n<|content|>{...}`.
    "<|content|>",
    "<arguments>",
    "</name>",
    "\">",
    "'>",
    ">",
    "\"",
    ":",
];

/// What may come right before a name (besides markers, which go with the envelope).
const PREFIXES: &[&str] = &[
    // gpt-oss with its special tokens stripped: `commentary to=functions.NAME json{...}`.
    "commentary to=",
    "<|channel|>",
    "to=",
    "<|channel|>commentary",
    "✿FUNCTION✿:",
    "<|recipient|>",
    "<|from|>assistant",
    ">>>",
    "<name>",
    "name=\"",
    "name='",
    "name=",
];

/// `text` without DeepSeek's separator between a call's type or name and what follows, however
/// a template spells its bars: full-width `<｜tool▁sep｜>`, ASCII `<|tool▁sep|>`, none at all
/// `<tool▁sep>`, and `_` for `▁`.
pub fn without_tool_sep(text: &str) -> Option<&str> {
    const BARS: [char; 2] = ['|', '｜'];
    let rest = text.strip_suffix('>')?;
    let rest = rest.strip_suffix(BARS).unwrap_or(rest);
    let rest = rest
        .strip_suffix("tool▁sep")
        .or_else(|| rest.strip_suffix("tool_sep"))?;
    let rest = rest.strip_suffix(BARS).unwrap_or(rest);
    rest.strip_suffix('<')
}

/// `text` without the `function` type word and separator that DeepSeek's and Step-3's envelopes
/// put before a call (`function<｜tool▁sep｜>`, in any spelling of [`without_tool_sep`]).
pub fn without_type_word(text: &str) -> Option<&str> {
    without_tool_sep(text.trim_end())?.strip_suffix("function")
}

/// The known tool named right before an arguments object, from the text before the object:
/// where the prose before the name ends, and the tool's name.
pub fn name_before<'k>(before: &str, known: &'k ToolNames) -> Option<(usize, &'k str)> {
    let mut end = before.len();
    // Whether the name ends a sentence announcing the call (`Calling docker_ps with:`).
    let mut announced = false;
    loop {
        let text = before[..end].trim_end();
        end = text.len();
        let mut skipped = false;
        // Markdown's arguments label line (`Arguments:`), before `:` is taken as a separator.
        if let Some(rest) = crate::name_labels::without_arguments_label(text) {
            end = rest.len();
            skipped = true;
        } else if let Some(rest) = without_tool_sep(text) {
            end = rest.len();
            skipped = true;
        }
        for separator in SEPARATORS.iter().filter(|_| !skipped) {
            if let Some(rest) = text.strip_suffix(separator) {
                end = rest.len();
                skipped = true;
                break;
            }
        }
        // Inline code opened right before the arguments (`**Arguments:** `{...}``).
        if !skipped && let Some(rest) = crate::name_labels::without_code_opener(text) {
            end = rest.len();
            skipped = true;
        }
        // The words ending a sentence that announces the call (` with`, ` with the following
        // arguments`): only a lead that announces a call made now keeps the name.
        if !skipped
            && !announced
            && let Some(rest) = crate::announced::without_tail(text)
        {
            end = rest.len();
            skipped = true;
            announced = true;
        }
        // Markdown's marks closing the name (`` `docker_ps` ``, `**docker_ps**`).
        if !skipped && let Some(rest) = crate::name_labels::without_closing_marks(text) {
            end = rest.len();
            skipped = true;
        }
        // `:0`, the call's number (Kimi), and `[CALL_ID]id` (Mistral).
        let text = &before[..end];
        let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && text[..text.len() - digits].ends_with(':') {
            end = text.len() - digits - 1;
            skipped = true;
        } else if let Some(rest) = text.strip_suffix("json")
            && rest.ends_with(char::is_whitespace)
            && rest
                .split_whitespace()
                .next_back()
                .is_some_and(|word| word.starts_with("to=") || word.ends_with("commentary"))
        {
            // gpt-oss's `json` constraint, its `<|constrain|>` token stripped or not printed:
            // only after the recipient (`to=functions.NAME json`) or the channel.
            end = rest.len();
            skipped = true;
        } else if let Some(at) = text.rfind("[CALL_ID]")
            && text[at + "[CALL_ID]".len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        {
            end = at;
            skipped = true;
        }
        if !skipped {
            break;
        }
    }
    let text = &before[..end];
    let start = text
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(0, |at| {
            at + text[at..].chars().next().map_or(1, char::len_utf8)
        });
    // A name in underscore emphasis (`_docker_ps_`, `__docker_ps__`): its closing marks went
    // above, the opening ones are emphasis too unless the tool's own name starts so.
    let (start, name) = match known.resolve(&text[start..]) {
        Some(name) => (start, name),
        None => {
            let marks = text[start..].len() - text[start..].trim_start_matches('_').len();
            (start + marks, known.resolve(&text[start + marks..])?)
        }
    };
    let mut prose = &text[..start];
    while let Some(rest) = PREFIXES
        .iter()
        .find_map(|prefix| prose.trim_end().strip_suffix(prefix))
        .or_else(|| without_type_word(prose.trim_end()))
    {
        prose = rest;
    }
    if labels_result(prose) {
        return None;
    }
    // A clause announcing the call made now (`Calling `, `I'll use the `) goes with the call;
    // a sentence ending in ` with` after any other words (`You could call X with:`) names no
    // call.
    match crate::announced::lead_start(prose) {
        Some(start) => prose = &prose[..start],
        None if announced => return None,
        None => {
            // A label line of its own (`**Tool call:** `, `Function: `, `### `) goes with the
            // call.
            if let Some(start) = crate::name_labels::label_start(prose) {
                prose = &prose[..start];
            }
        }
    }
    // The tag that held the name as an attribute: `<tool_call name="...">`.
    if text[..start].trim_end().ends_with(['"', '\'', '='])
        && let Some(open) = prose.rfind('<')
        && prose[open + 1..]
            .trim_end()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        prose = &prose[..open];
    }
    Some((prose.len(), name))
}

/// Words that label what a tool returned, before its name (`Result of docker_ps: {...}`).
const RESULT_LABELS: &[&str] = &[
    "result",
    "results",
    "output",
    "outputs",
    "response",
    "return value",
];

/// Words that tie a result's label to the tool's name (`of`, `from`).
const RESULT_LINKS: &[&str] = &["of", "from", "for", "by"];

/// Whether `prose`, the text before a tool's name on its line, is alone a label of what the
/// tool returned (`Result of`, `**Output from**`, `Response for`): the object after the name is
/// a result the model echoes, no call.
fn labels_result(prose: &str) -> bool {
    let line = prose.rsplit('\n').next().unwrap_or_default();
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#' | '-' | '>' | '`'))
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let Some((link, label)) = words.split_last() else {
        return false;
    };
    RESULT_LINKS.contains(&link.as_str())
        && (RESULT_LABELS.contains(&label.join(" ").as_str())
            || label.split_first().is_some_and(|(first, rest)| {
                ["tool", "the", "function"].contains(&first.as_str())
                    && RESULT_LABELS.contains(&rest.join(" ").as_str())
            }))
}

/// The recipient of a gpt-oss call whose header names no tool offered
/// (`commentary to=functions.wipe_disk json`, as [`crate::harmony`] rewrites a header whose
/// tokens were printed or stripped): the header is an explicit envelope, so the call is
/// answered with the list of tools rather than shown as prose. Where the prose before the
/// header ends, and the recipient without its `functions.` namespace.
pub fn unknown_recipient(before: &str) -> Option<(usize, &str)> {
    let text = before.trim_end().strip_suffix("json")?.trim_end();
    let at = text.rfind("commentary to=")?;
    let name = &text[at + "commentary to=".len()..];
    let valid = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    valid.then(|| (at, name.strip_prefix("functions.").unwrap_or(name)))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn a_gpt_oss_recipient_no_tool_is_named_is_read_as_written() {
        assert_eq!(
            unknown_recipient("Checking.\ncommentary to=functions.wipe_disk json"),
            Some((10, "wipe_disk"))
        );
        assert_eq!(
            unknown_recipient("commentary to=browser.search json"),
            Some((0, "browser.search"))
        );
        for before in [
            "commentary to=functions.wipe disk json",
            "to=functions.wipe_disk json",
            "commentary to=functions.wipe_disk",
        ] {
            assert_eq!(unknown_recipient(before), None, "{before}");
        }
    }

    #[test]
    fn a_result_s_label_before_the_name_is_no_call() {
        let known = ToolNames::new(["docker_ps"]);
        for before in [
            "Result of docker_ps: ",
            "All up.\n**Output from** docker_ps:",
            "## Tool result for docker_ps\n",
            "- return value of docker_ps: ",
            "The result of docker_ps: ",
        ] {
            assert_eq!(name_before(before, &known), None, "{before}");
        }
        for before in [
            "Let me get the output of docker_ps: ",
            "Calling docker_ps: ",
            "Output:\ndocker_ps ",
        ] {
            assert!(name_before(before, &known).is_some(), "{before}");
        }
    }

    #[test]
    fn the_name_before_the_object_in_every_family() {
        let known = ToolNames::new(["docker_ps"]);
        for (before, prose) in [
            ("[TOOL_CALLS]docker_ps[ARGS]", "[TOOL_CALLS]"),
            (
                "[TOOL_CALLS]docker_ps[CALL_ID]a1b2c3d4e[ARGS]",
                "[TOOL_CALLS]",
            ),
            (
                "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>docker_ps\n```json\n",
                "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>",
            ),
            (
                "<｜tool▁call▁begin｜>docker_ps<｜tool▁sep｜>",
                "<｜tool▁call▁begin｜>",
            ),
            (
                "<|tool_call_begin|>functions.docker_ps:0<|tool_call_argument_begin|>",
                "<|tool_call_begin|>",
            ),
            (
                "<|channel|>commentary to=functions.docker_ps <|constrain|>json<|message|>",
                "",
            ),
            (
                "to=functions.docker_ps<|channel|>commentary json<|message|>",
                "",
            ),
            (
                "Checking.\n<|start|>assistant to=functions.docker_ps<|channel|>commentary <|constrain|>json<|message|>",
                "Checking.\n<|start|>assistant ",
            ),
            ("commentary to=functions.docker_ps json", ""),
            (">>>docker_ps\n", ""),
            ("<|recipient|>docker_ps\n<|content|>", ""),
            (
                "Checking.\n<|from|>assistant\n<|recipient|>docker_ps\n<|content|>",
                "Checking.\n",
            ),
            ("✿FUNCTION✿: docker_ps\n✿ARGS✿: ", ""),
            ("Checking. <tool_call>docker_ps\n", "Checking. <tool_call>"),
            ("<tool_call name=\"docker_ps\">", ""),
            (
                "<tool_call><name>docker_ps</name><arguments>",
                "<tool_call>",
            ),
            ("functions.docker_ps:", ""),
            (
                "<｜tool_call_begin｜>function<｜tool_sep｜>docker_ps\n",
                "<｜tool_call_begin｜>",
            ),
            (
                "<|tool▁call▁begin|>function<|tool▁sep|>docker_ps\n```json\n",
                "<|tool▁call▁begin|>",
            ),
        ] {
            assert_eq!(
                name_before(before, &known),
                Some((prose.len(), "docker_ps")),
                "{before}"
            );
        }
        for before in [
            "The config of web:",
            "docker_stats[ARGS]",
            "Here it is\n",
            "Send docker_ps json",
            "Here is the docker_ps json:",
        ] {
            assert_eq!(name_before(before, &known), None, "{before}");
        }
    }
}
