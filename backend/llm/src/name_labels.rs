//! A known tool's name given in a label line of its own, its arguments in the fence or on the
//! line after it, as chat models write a call in Markdown:
//!
//! ```text
//! **Tool call:** `docker_ps`
//! ```json
//! {"all": true}
//! ```
//! ```
//!
//! and its spellings: `Function: docker_logs` then `Arguments:` before the fence, `Tool call:
//! docker_ps` then `Arguments: {...}`, `### docker_ps` or `**docker_ps**` alone above the fence.
//! [`crate::named::name_before`] reads the name; this module knows the Markdown around it: the
//! backticks and emphasis around the name, the label before it, and the arguments' own label
//! line between the name and the object. The label line goes with the call, so the prose before
//! it is what decides whether the call is shown as an example.

/// Labels of the arguments' line, lower case, once its emphasis, heading marks and closing
/// colon are taken off.
const ARGUMENT_LABELS: &[&str] = &[
    "arguments",
    "argument",
    "args",
    "parameters",
    "params",
    "input",
    "inputs",
    "tool input",
    "tool arguments",
    "function arguments",
];

/// Marks of Markdown that may stand around a name or a label (`**`, `__`, a backtick, `#`).
fn is_mark(c: char) -> bool {
    matches!(c, '*' | '_' | '`' | '#')
}

/// `text` without a last line that only labels the arguments after it (`Arguments:`,
/// `**Parameters:**`, `Args:`), the name's line ending right before, or without such a label
/// ending the name's own line (`**Tool:** `docker_ps` **Args:**`, `Tool: docker_ps
/// Arguments:`); None when there is none.
pub fn without_arguments_label(text: &str) -> Option<&str> {
    let start = text.rfind('\n').map_or(0, |at| at + 1);
    let line = without_list_marker(text[start..].trim());
    // A label ends in a colon, inside its emphasis or after it.
    let words = line.trim_end_matches(is_mark);
    let words = words.strip_suffix(':')?;
    if start > 0 && is_arguments_label(words) {
        return Some(text[..start - 1].trim_end());
    }
    // On the name's line: one or two words after a blank, in emphasis or capitalized as a
    // label is (`arguments:` in a sentence is prose), after the name or its closing marks.
    let line_start = start + (text[start..].len() - text[start..].trim_start().len());
    let mut cut = words.len();
    for _ in 0..2 {
        cut = words[..cut].trim_end().rfind(char::is_whitespace)?;
        let label = words[cut..].trim();
        let marked = label.starts_with(is_mark);
        let capital = label
            .trim_start_matches(is_mark)
            .starts_with(char::is_uppercase);
        // A dash, bar or comma may stand between the name and its arguments' label.
        let before = words[..cut]
            .trim_end()
            .trim_end_matches(['—', '–', '-', '|', ',', ';'])
            .trim_end();
        if (marked || capital)
            && is_arguments_label(label)
            && before.ends_with(|c: char| is_mark(c) || c.is_alphanumeric())
        {
            return Some(text[..line_start + before.len()].trim_end());
        }
    }
    None
}

/// `line` without the marker of a list's item opening it (`- `, `+ `, `* `, `1. `, `1) `):
/// a model that writes its call's labels as a list.
fn without_list_marker(line: &str) -> &str {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = if digits > 0 {
        line[digits..]
            .strip_prefix(". ")
            .or_else(|| line[digits..].strip_prefix(") "))
    } else {
        ["- ", "+ ", "* "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker))
    };
    marker.map_or(line, str::trim_start)
}

/// `text` without the backtick that opens inline code right before the arguments
/// (`**Arguments:** `{...}``, `Args: `{...}``): a blank or a label's colon before it, so it
/// is no name's closing backtick. None when it does not end so.
pub fn without_code_opener(text: &str) -> Option<&str> {
    let rest = text.strip_suffix('`')?;
    (!rest.ends_with('`') && rest.ends_with(|c: char| c.is_whitespace() || matches!(c, ':' | '*')))
        .then(|| rest.trim_end())
}

/// Whether `label`, a line's words before its colon, labels a call's arguments.
fn is_arguments_label(label: &str) -> bool {
    let words = label
        .trim_matches(|c: char| is_mark(c) || c == ':' || c.is_whitespace())
        .replace('_', " ")
        .to_lowercase();
    ARGUMENT_LABELS.contains(&words.as_str())
}

/// `text` without the Markdown marks right after a name (`` ` ``, `**`), None when there are
/// none.
pub fn without_closing_marks(text: &str) -> Option<&str> {
    let rest = text.trim_end_matches(is_mark);
    (rest.len() < text.len() && !rest.is_empty() && !rest.ends_with(char::is_whitespace))
        .then_some(rest)
}

/// Where the line that ends `prose` (the text before a name on its line) starts, when it holds
/// only a label of the call (`**Tool call:**`, `Function:`, `Tool:`) or Markdown marks
/// (`### `, `**`, a backtick): the label goes with the call.
pub fn label_start(prose: &str) -> Option<usize> {
    let start = prose.rfind('\n').map_or(0, |at| at + 1);
    let line = without_list_marker(prose[start..].trim());
    let bare = line.trim_matches(|c: char| is_mark(c) || c.is_whitespace());
    if bare.is_empty() || crate::call_labels::is_call_label(line.trim_end_matches(['`', '_'])) {
        return Some(start);
    }
    None
}

/// Whether `content`, the words after a `Tool:` or `Function:` label, is a call's name alone
/// (`docker_ps`, `` `docker_ps` ``) and the `next` line opens its arguments (a fence, an object
/// or their label): the line labels a call, it is no turn of the tool's.
pub fn labels_call(content: &str, next: Option<&str>) -> bool {
    let name = content.trim_matches(|c: char| is_mark(c) || c.is_whitespace());
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let Some(next) = next.map(str::trim) else {
        return false;
    };
    let opens_arguments = next.starts_with("```")
        || next.starts_with('{')
        || next
            .split_once(':')
            .is_some_and(|(label, _)| is_arguments_label(label));
    is_name && opens_arguments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arguments_label_line_is_skipped() {
        for (text, rest) in [
            ("Function: docker_ps\nArguments:", "Function: docker_ps"),
            ("**docker_ps**\n**Arguments:**", "**docker_ps**"),
            ("docker_ps \n  Args: ", "docker_ps"),
            ("`docker_ps`\nParameters:", "`docker_ps`"),
        ] {
            assert_eq!(without_arguments_label(text), Some(rest), "{text:?}");
        }
        // The label ending the name's own line.
        for (text, rest) in [
            ("**Tool:** `docker_ps` **Args:**", "**Tool:** `docker_ps`"),
            ("Tool: docker_logs Arguments:", "Tool: docker_logs"),
            (
                "Function: docker_logs **Tool arguments:**",
                "Function: docker_logs",
            ),
            (
                "**Tool call:** `disk_usage` — **Input:**",
                "**Tool call:** `disk_usage`",
            ),
            (
                "- **Tool:** `docker_ps`\n- **Arguments:**",
                "- **Tool:** `docker_ps`",
            ),
        ] {
            assert_eq!(without_arguments_label(text), Some(rest), "{text:?}");
        }
        for text in [
            "Arguments:",
            "docker_ps\nThe arguments:",
            "docker_ps\nArguments",
            "Run docker_ps with these arguments:",
            "docker_ps: Arguments:",
        ] {
            assert_eq!(without_arguments_label(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_a_backtick_opening_code_is_a_code_opener() {
        assert_eq!(
            without_code_opener("**Arguments:** `"),
            Some("**Arguments:**")
        );
        assert_eq!(without_code_opener("Args:`"), Some("Args:"));
        assert_eq!(without_code_opener("`docker_ps`"), None);
        assert_eq!(without_code_opener("```"), None);
    }

    #[test]
    fn a_tool_label_before_arguments_labels_a_call() {
        for (content, next) in [
            (" docker_ps", "```json"),
            (" `docker_ps`", "{\"all\": true}"),
            ("** docker_logs", "**Arguments:**"),
            (" functions.docker_ps", "Args: {}"),
        ] {
            assert!(labels_call(content, Some(next)), "{content:?}");
        }
        for (content, next) in [
            (" web, db", Some("```json")),
            (" docker_ps", Some("web is up")),
            (" docker_ps", None),
            (" 2 containers run", Some("{")),
        ] {
            assert!(!labels_call(content, next), "{content:?}");
        }
    }

    #[test]
    fn a_label_or_marks_alone_before_the_name_go_with_it() {
        for prose in [
            "**Tool call:** `",
            "Tool: ",
            "### ",
            "**",
            "Let me look.\n\nFunction: ",
            "- **Function:** `",
            "1. Tool: ",
        ] {
            assert!(label_start(prose).is_some(), "{prose:?}");
        }
        assert_eq!(label_start("Let me look.\n\n**Tool call:** `"), Some(14));
        for prose in ["I will run ", "The config of ", "Let me look.\n\nRun "] {
            assert_eq!(label_start(prose), None, "{prose:?}");
        }
    }
}
