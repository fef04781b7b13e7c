//! Lines that only label the call after them (`**Tool call:**`, `### Function call`,
//! `Calling tool:`): once the call is taken out of the text they introduce nothing, so they go
//! with it rather than dangle in the answer.

/// The labels, lower case, compared with a line's words once its Markdown emphasis, heading
/// marks and closing colon are taken off and its blanks and `_` are single spaces.
const LABELS: &[&str] = &[
    "action",
    "actions",
    "api call",
    "call",
    "calls",
    "calling",
    "calling tool",
    "calling tools",
    "calling the tool",
    "function",
    "function call",
    "function calls",
    "function name",
    "invoking tool",
    "invoking the tool",
    "tool",
    "tool call",
    "tool calls",
    "tool invocation",
    "tool name",
    "tool request",
    "tool use",
    "tools",
    "using tool",
    "using the tool",
];

/// Whether `line` holds only a label of the call after it.
pub fn is_call_label(line: &str) -> bool {
    let trimmed = line.trim();
    // A label ends in a colon, or stands as a heading or in emphasis of its own.
    let marked = trimmed.ends_with(':')
        || trimmed.starts_with('#')
        || (trimmed.starts_with(['*', '_']) && trimmed.ends_with(['*', '_']));
    if !marked {
        return false;
    }
    let words = trimmed
        .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | ' ' | '\t'))
        .replace('_', " ")
        .to_lowercase();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    LABELS.contains(&words.as_str())
}

/// Words of an envelope whose brackets the server stripped or the model dropped (`tool_call>`,
/// `TOOL_CALLS`, `/tool_call`), compared in lower case once its brackets, bars and slashes are
/// taken off.
const ENVELOPE_WORDS: &[&str] = &[
    "tool_call",
    "tool_calls",
    "toolcall",
    "function_call",
    "function_calls",
    "functioncall",
    "python_tag",
];

/// Whether `line` holds only an envelope's word left once its calls are taken out.
pub fn is_envelope_leftover(line: &str) -> bool {
    let word = line
        .trim()
        .trim_matches(|c: char| matches!(c, '<' | '>' | '/' | '|' | '[' | ']' | ' '))
        .to_ascii_lowercase();
    ENVELOPE_WORDS.contains(&word.as_str())
}

/// Whether `line` holds only what a list of calls leaves once its calls are taken out: its
/// brackets and the `,` or `;` between them (`[,` where the list was never closed).
pub fn is_list_leftover(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && line.chars().all(|c| matches!(c, ';' | ',' | '[' | ']'))
}

/// Whether `line` holds only closing braces, brackets and parentheses (and the `,` between
/// them) that a model wrote past its call's end (`{"name": ..., "arguments": {...}}}`, `)}`).
pub fn is_stray_closer(line: &str) -> bool {
    let line = line.trim();
    line.contains(['}', ')'])
        && line
            .chars()
            .all(|c| matches!(c, '}' | ']' | ')' | ',' | ' '))
}

/// `text` (what is left once calls are taken out) without the closing braces, brackets and
/// parentheses that close nothing in it, standing as a word of their own (`} Let me know.`, `Done. }`): a model
/// that closed its call once too often (`{...}}} Let me know.`, `</tool_call> }`, `})}`) leaves them,
/// on their own line or beside its prose. Closers that close an opener of the answer's, those
/// glued to a word (`x}`) and everything in code (a fence, inline code) are the answer's.
pub fn without_stray_closers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut braces, mut brackets, mut parens) = (0usize, 0usize, 0usize);
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || line.trim_start().starts_with("```") {
            out.push_str(line);
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut in_code = false;
        // Blanks after closers dropped at the line's start go too: the prose starts the line.
        let mut skip_blanks = false;
        for (at, &c) in chars.iter().enumerate() {
            if skip_blanks && c == ' ' {
                continue;
            }
            skip_blanks = false;
            if c == '`' {
                in_code = !in_code;
            }
            if in_code {
                out.push(c);
                continue;
            }
            let depth = match c {
                '{' | '}' => &mut braces,
                '[' | ']' => &mut brackets,
                '(' | ')' => &mut parens,
                _ => {
                    out.push(c);
                    continue;
                }
            };
            if matches!(c, '{' | '[' | '(') {
                *depth += 1;
            } else if *depth > 0 {
                *depth -= 1;
            } else if stands_alone(&chars, at) {
                skip_blanks = chars[..at]
                    .iter()
                    .all(|c| c.is_whitespace() || matches!(c, '}' | ']' | ')'));
                continue;
            }
            out.push(c);
        }
    }
    out
}

/// Whether the closer at `at` in `chars` is a word of closers of its own: blanks or the line's
/// ends on both sides of its run.
fn stands_alone(chars: &[char], at: usize) -> bool {
    let closer = |c: &char| matches!(c, '}' | ']' | ')');
    let start = chars[..at]
        .iter()
        .rposition(|c| !closer(c))
        .map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(|c| !closer(c))
        .map_or(chars.len(), |p| at + p);
    let before = start.checked_sub(1).map(|p| chars[p]);
    let after = chars.get(end).copied();
    before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closers_that_close_nothing_beside_prose_are_stray() {
        for (text, want) in [
            ("} Let me know.", "Let me know."),
            ("\n}} Checking now.", "\nChecking now."),
            ("That is all for now. }", "That is all for now. "),
            ("] Done.", "Done."),
            ("Keys: {a} and [b] }", "Keys: {a} and [b] "),
            (")} Checking.", "Checking."),
            ("See (a) and (b). )", "See (a) and (b). "),
        ] {
            assert_eq!(without_stray_closers(text), want, "{text:?}");
        }
        for text in [
            "x} stays",
            "Use `}` to close.",
            "```\n}\n```",
            "a { b\n} c",
            "Done.}",
            "Fine :)",
            "a (b\n) c",
        ] {
            assert_eq!(without_stray_closers(text), text, "{text:?}");
        }
    }

    #[test]
    fn only_closing_braces_are_a_stray_closer() {
        for line in ["}", " }} ", "}]", "} }", ")}", ")"] {
            assert!(is_stray_closer(line), "{line:?}");
        }
        for line in ["]", "", "} done", "{}", "x}"] {
            assert!(!is_stray_closer(line), "{line:?}");
        }
    }

    #[test]
    fn a_line_that_only_labels_a_call_is_a_label() {
        for line in [
            "**Tool call:**",
            "Tool call:",
            "### Tool call",
            "**Action:**",
            "__Function call__",
            "Calling tool:",
            "  **Tool Calls:**  ",
            "tool_call:",
        ] {
            assert!(is_call_label(line), "{line:?}");
        }
        for line in [
            "Tool call failed:",
            "I will make a tool call:",
            "Tool call",
            "**Note:** the tool call is below",
            "The call:",
            "",
        ] {
            assert!(!is_call_label(line), "{line:?}");
        }
    }

    #[test]
    fn only_brackets_and_separators_are_a_list_leftover() {
        for line in ["[,", "]", " ; ", "[,,]"] {
            assert!(is_list_leftover(line), "{line:?}");
        }
        for line in ["", "[1, 2]", "[x]", "a,"] {
            assert!(!is_list_leftover(line), "{line:?}");
        }
    }

    #[test]
    fn an_envelope_word_alone_is_a_leftover() {
        for line in ["tool_call>", "TOOL_CALLS", " /tool_call ", "|python_tag|"] {
            assert!(is_envelope_leftover(line), "{line:?}");
        }
        for line in ["", "tool", "the tool_call", "tool_call failed"] {
            assert!(!is_envelope_leftover(line), "{line:?}");
        }
    }
}
