//! Calls in an envelope that the prose introducing them shows as an example (`For example:`,
//! `Here is an example of how to call the tool:`, `e.g. <tool_call>...`, `The format is:`) or
//! says will not run: the model shows the syntax, it does not use it. An envelope alone is a
//! call whatever the words around it, but a line that introduces it as an example names it
//! shown, as it does a fence or a bare object; words that announce a call made now (`Let me
//! check:`, `I'll run it:`) keep it a call, and so does any envelope after such words further
//! down the paragraph.

use std::ops::Range;

use crate::examples;

/// The byte ranges of `text` that hold calls in envelopes introduced as examples: from the
/// envelope to the end of its paragraph, or to the line before words that announce a call.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let lines = line_starts(text);
    let mut spans = Vec::new();
    let mut covered = 0;
    for (index, &(start, line)) in lines.iter().enumerate() {
        if start < covered {
            continue;
        }
        let Some(opener) = envelope_start(line) else {
            continue;
        };
        let lead_on_line = &line[..opener];
        let introduced = if lead_on_line.trim().is_empty() {
            // The envelope opens its line: the line before it (one blank line between at
            // most) introduces it when it ends in a colon.
            lead_line(&lines, index).is_some_and(|lead| {
                (lead.trim_end_matches(['*', '_', ' ', '\t']).ends_with(':') && shows(lead))
                    || crate::shown_after::offered_before(lead)
            })
        } else if is_role_line(lead_on_line) {
            // A made-up conversation's turn (`User: ...` then `Assistant: <tool_call>`): the
            // line above its turns introduces it.
            conversation_lead(&lines, index).is_some_and(|lead| {
                lead.trim_end_matches(['*', '_', ' ', '\t']).ends_with(':') && shows(lead)
            })
        } else {
            shows(lead_on_line) || crate::shown_after::offered_before(lead_on_line)
        };
        if !introduced {
            continue;
        }
        let end = paragraph_end(text, &lines, index);
        spans.push(start + opener..end);
        covered = end;
    }
    spans
}

/// Whether `lead`, the line right before a call, ends in a colon and introduces the call as an
/// example ([`shows`]): `Example:`, `The format is:`.
pub(crate) fn introduces(lead: &str) -> bool {
    lead.trim_end_matches(['*', '_', ' ', '\t']).ends_with(':') && shows(lead)
}

/// Whether `prose` shows what follows it as an example, and announces no call made now: its
/// last sentence introduces an example ([`examples::introduces_example`]), so the words of an
/// earlier sentence (`You can check them yourself later. For now, listing them:`) show nothing.
fn shows(prose: &str) -> bool {
    let last = prose
        .split([';', '!', '?'])
        .flat_map(|part| part.split(". "))
        .map(str::trim)
        .filter(|sentence| !sentence.trim_end_matches('.').is_empty())
        .last()
        .unwrap_or_default();
    examples::introduces_example(last) && !examples::announces(prose)
}

/// Openers of the envelopes models write calls in, compared in lower case at a line's start
/// (after its indent) or after a lead on the line.
pub(crate) const OPENERS: &[&str] = &[
    "<tool_call",
    "<tool_calls",
    "<|tool_call",
    "<|tool_calls",
    "<function=",
    "<function_calls",
    "<invoke",
    "<|python_tag|>",
    "<|python_start|>",
    "<|tool_call_start|>",
    "<|start_action|>",
    "<start_function_call>",
    "<|channel|>commentary",
    // gpt-oss's call header as the Harmony reader rewrites it.
    "commentary to=",
    "[tool_calls]",
    "[tool_request]",
    "functools[",
    "<｜tool▁calls▁begin｜>",
    "<｜tool▁call▁begin｜>",
    "<minimax:tool_call>",
    "<seed:tool_call>",
    "<toolcall>",
    "<|action_start|>",
    // Functionary v3.2's header naming the call's recipient (`>>>docker_ps`).
    ">>>",
];

/// Closing tags and tokens of the envelopes a call is written in, compared in lower case (a
/// model writes `</TOOL_CALL>` as well as `</tool_call>`): one list for the reader that finds
/// where an envelope ends ([`crate::shown_after`]) and the one that asks whether a text ends in
/// a call (a made-up result after it).
pub(crate) const CLOSERS: &[&str] = &[
    "</tool_call>",
    "</tool_calls>",
    "</function>",
    "</function_call>",
    "</function_calls>",
    "</invoke>",
    "<|/tool_call|>",
    "<|tool_call_end|>",
    "<|tool_calls_end|>",
    "<|action_end|>",
    "<|end_action|>",
    // gpt-oss's end of a call's message.
    "<|call|>",
    // Gemma 4's closer, Llama 4's end of Python calls.
    "<tool_call|>",
    "<|python_end|>",
    "[end_tool_request]",
    "</toolcall>",
    "</seed:tool_call>",
    "</minimax:tool_call>",
    "<end_function_call>",
    "<｜tool▁calls▁end｜>",
    "<｜tool▁call▁end｜>",
    // DeepSeek's tokens written with ASCII bars.
    "<|tool▁calls▁end|>",
    "<|tool▁call▁end|>",
];

/// The longest closer in [`CLOSERS`], in bytes: how much of a text's end is compared.
const MAX_CLOSER_BYTES: usize = 32;

/// Whether `text`, blanks after it aside, ends in an envelope's closer ([`CLOSERS`]), in any
/// case.
pub(crate) fn ends_with_closer(text: &str) -> bool {
    let text = text.trim_end();
    let mut from = text.len().saturating_sub(MAX_CLOSER_BYTES);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let tail = text[from..].to_lowercase();
    CLOSERS.iter().any(|closer| tail.ends_with(closer))
}

/// Where in `line` a call's envelope opens ([`OPENERS`]), if one does.
pub(crate) fn envelope_start(line: &str) -> Option<usize> {
    let lower = line.to_lowercase();
    // Lower-casing keeps byte offsets for the ASCII openers and DeepSeek's tokens alike only
    // where the line's length is unchanged.
    if lower.len() != line.len() {
        return None;
    }
    OPENERS.iter().filter_map(|opener| lower.find(opener)).min()
}

/// Each line of `text` with the offset where it starts, without its line break.
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut at = 0;
    text.split('\n')
        .map(|line| {
            let start = at;
            at += line.len() + 1;
            (start, line)
        })
        .collect()
}

/// Role words a made-up conversation's turns open with, lower case.
const ROLE_WORDS: &[&str] = &[
    "user",
    "human",
    "assistant",
    "ai",
    "bot",
    "model",
    "system",
    "q",
    "a",
];

/// Whether `line` opens with a conversation's role label and nothing of the turn before it
/// but emphasis or heading marks (`User:`, `**Assistant:**`, `### Human:`).
fn is_role_line(line: &str) -> bool {
    let bare = line.trim_start_matches(['#', '*', '>', ' ', '\t']);
    bare.split_once(':').is_some_and(|(word, _)| {
        ROLE_WORDS.contains(&word.trim_end_matches('*').trim().to_lowercase().as_str())
    })
}

/// The most turns of a made-up conversation looked through for the line introducing it.
const MAX_TURN_LINES: usize = 16;

/// The first line above the made-up conversation whose turn holds line `index`: past its
/// role lines and blank lines; None when the text opens with the conversation.
fn conversation_lead<'a>(lines: &[(usize, &'a str)], index: usize) -> Option<&'a str> {
    lines[..index]
        .iter()
        .rev()
        .take(MAX_TURN_LINES)
        .map(|(_, line)| *line)
        .find(|line| !line.trim().is_empty() && !is_role_line(line))
}

/// The line before line `index` that is not blank, one blank line between them at most.
fn lead_line<'a>(lines: &[(usize, &'a str)], index: usize) -> Option<&'a str> {
    let mut previous = lines[..index].iter().rev();
    let (_, line) = previous.next()?;
    if !line.trim().is_empty() {
        return Some(line);
    }
    previous
        .next()
        .map(|(_, line)| *line)
        .filter(|line| !line.trim().is_empty())
}

/// Where the paragraph holding line `index` ends (before its blank line, or the text's end),
/// or where a later line of it announces a call made now (`Now let me run it:`).
fn paragraph_end(text: &str, lines: &[(usize, &str)], index: usize) -> usize {
    let mut end = lines[index].0 + lines[index].1.len();
    for &(start, line) in &lines[index + 1..] {
        if line.trim().is_empty() || (envelope_start(line).is_none() && examples::announces(line)) {
            break;
        }
        end = start + line.len();
    }
    end.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|span| &text[span]).collect()
    }

    #[test]
    fn an_envelope_introduced_as_an_example_is_shown() {
        let call = "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>";
        for text in [
            format!("For example:\n{call}"),
            format!("Here is an example of how to call the tool:\n\n{call}\nDone."),
            format!("e.g. {call}"),
            format!("**The format is:**\n{call}"),
            format!("I cannot run tools, but the call would be:\n{call}"),
            format!("The service is down. Here is an example call:\n{call}"),
            // A made-up conversation the example line introduces.
            format!("For example:\nUser: list containers\nAssistant: {call}"),
            format!("Example:\n\n**User:** which run?\n\n**Assistant:** {call}"),
        ] {
            let got = shown(&text);
            assert_eq!(got.len(), 1, "{text:?}");
            assert!(got[0].starts_with("<tool_call>"), "{text:?}");
        }
        let text = format!("For example:\n{call}\nNow let me run it:\n{call}");
        assert_eq!(shown(&text), vec![call]);
    }

    #[test]
    fn one_list_of_closers_in_any_case() {
        for closer in CLOSERS {
            assert_eq!(*closer, closer.to_lowercase(), "compared in lower case");
            assert!(closer.len() <= MAX_CLOSER_BYTES, "{closer}");
        }
        for text in [
            "<tool_call>{}</tool_call>",
            "<TOOL_CALL>{}</TOOL_CALL>  \n",
            "<|START_ACTION|>[]<|END_ACTION|>",
            "[TOOL_REQUEST]{}[END_TOOL_REQUEST]",
            "<seed:tool_call>...</seed:tool_call>",
            "<|tool_call>call:docker_ps{}<tool_call|>",
            "<|python_start|>docker_ps()<|python_end|>",
            "\u{e9}t\u{e9} <\u{ff5c}tool\u{2581}calls\u{2581}end\u{ff5c}>",
        ] {
            assert!(ends_with_closer(text), "{text:?}");
        }
        for text in ["</tool_call> Done.", "tool_call", "", "\u{e9}\u{e9}\u{e9}"] {
            assert!(!ends_with_closer(text), "{text:?}");
        }
    }

    #[test]
    fn an_envelope_offered_on_the_line_before_is_shown() {
        let call = "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>";
        for text in [
            format!("Want me to run this?\n{call}"),
            format!("Would you like me to run this?\n\n{call}"),
            format!("If you want, I can run this: {call}"),
        ] {
            assert_eq!(shown(&text), vec![call], "{text:?}");
        }
        assert!(shown(&format!("Do you want the logs too? Checking:\n{call}")).is_empty());
    }

    #[test]
    fn an_envelope_after_words_that_announce_or_show_nothing_is_no_example() {
        let call = "[TOOL_CALLS][{\"name\": \"docker_ps\", \"arguments\": {}}]";
        for text in [
            call.to_owned(),
            format!("Let me check:\n{call}"),
            format!("For example, the web container; let me check it:\n{call}"),
            format!("I'll list them, for example:\n{call}"),
            format!("Checking.\n{call}\nYou can see them below."),
            format!("For example:\n\n\n{call}"),
            format!("There are examples in the docs.\n{call}"),
            format!("You can check them yourself later. For now, listing them:\n{call}"),
            format!("I could not run it before; trying again:\n{call}"),
            format!("The disk looks full, e.g. /var. Checking disk usage:\n{call}"),
            // Turns with no line above them, or one that shows nothing.
            format!("User: list containers\nAssistant: {call}"),
            format!("Sure.\nUser: list containers\nAssistant: {call}"),
        ] {
            assert!(shown(&text).is_empty(), "{text:?}");
        }
    }
}
