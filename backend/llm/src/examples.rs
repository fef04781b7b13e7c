//! Calls a model shows instead of making: a call written out for the reader ("for example:",
//! "you can run ..."), or one the model says it will not run. Read where a call stands without
//! an envelope (a bare JSON object, a closing Python fence), whose only sign of being meant is
//! where it stands; an explicit envelope (`<tool_call>`, `[TOOL_CALLS]`) is a call whatever
//! the prose says.

/// Words of the prose around a call that show it as an example for the reader, or as a call
/// the model says it will not make. Negations count only about running or calling: "I don't
/// know the hostname, so I'll read it" makes the call.
const SHOWN_NOT_MADE: &[&str] = &[
    "example",
    "e.g.",
    "for instance",
    "like this",
    "would look",
    "you can",
    "you could",
    "yourself",
    "not run",
    "n't run",
    "not call",
    "n't call",
    "not execute",
    "n't execute",
    "not be run",
    "not be called",
];

/// Whether `prose` (the lines around a call) shows the call rather than makes it.
pub fn shown_not_made(prose: &str) -> bool {
    let prose = prose.to_lowercase();
    SHOWN_NOT_MADE.iter().any(|words| prose.contains(words))
}

/// The prose around a value that stands between `before` and `after`: the rest of its first
/// line before it, or the line before that when the value starts a line (or a fence); and the
/// rest of its last line after it, or the line after that when nothing follows on its line (or
/// only a fence's closer).
pub fn around(before: &str, after: &str) -> String {
    let mut lines_before = before.rsplit('\n');
    let mut lead = lines_before.next().unwrap_or_default();
    if is_blank_or_fence(lead) {
        lead = lines_before
            .find(|line| !is_blank_or_fence(line))
            .unwrap_or_default();
    }
    let mut lines_after = after.split('\n');
    let mut tail = lines_after.next().unwrap_or_default();
    if is_blank_or_fence(tail) {
        tail = lines_after
            .find(|line| !is_blank_or_fence(line))
            .unwrap_or_default();
    }
    format!("{lead}\n{tail}")
}

fn is_blank_or_fence(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || line
            .strip_prefix("```")
            .is_some_and(|info| info.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prose_around_a_call_says_whether_it_is_shown() {
        for (before, after) in [
            ("For example: ", " is how a call looks."),
            ("Here is an example:\n```json\n", "\n```\n"),
            ("Run it yourself:\n", ""),
            ("", "\nI will not run it."),
            ("", "\n```\n\nI won't call it now."),
        ] {
            assert!(
                shown_not_made(&around(before, after)),
                "{before:?} {after:?}"
            );
        }
        for (before, after) in [
            ("Let me check.\n```json\n", "\n```"),
            ("", ""),
            ("I will look at the containers. ", ""),
            // Words further away belong to other sentences.
            (
                "You can ask me anything.\n\nChecking now.\n",
                "\nDone soon.",
            ),
            // Negations of other things.
            (
                "I don't know the hostname, so I will read it.\n```json\n",
                "\n```",
            ),
            ("", "\nThat will not take long."),
        ] {
            assert!(
                !shown_not_made(&around(before, after)),
                "{before:?} {after:?}"
            );
        }
    }
}
