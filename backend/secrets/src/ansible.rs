//! Ansible's play output printing a secret through `debug`: `TASK [Show db password]` then
//! `ok: [web1] => {` and `"msg": "x"` (or `"msg": [` and its lines, or a registered result's
//! `"stdout"`). The member's name says nothing, so the task's name decides: a task named for a
//! secret (its words, or two of them together, name one: `password`, `db password`, `API
//! token`, `vault token`) prints it, and the message's value goes; every other task's message
//! stays (`Deployed version 1.2.3`), and so does a sentence (`Password policy applied to all
//! users`), whose words a printed password has none of.

use crate::REDACTED;
use crate::names::is_secret_name;

/// The members of a debug print that carry what the task printed.
fn printed_member(name: &str) -> bool {
    matches!(name, "msg" | "stdout" | "stdout_lines")
        || name.ends_with(".stdout")
        || name.ends_with(".stdout_lines")
}

/// Whether a task's name names a secret: one of its words, or two beside each other, is a
/// secret's name.
fn names_secret(task: &str) -> bool {
    let words: Vec<String> = task
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.iter().any(|w| is_secret_name(w))
        || words
            .windows(2)
            .any(|pair| is_secret_name(&format!("{}_{}", pair[0], pair[1])))
}

/// The task's name on a `TASK [name] ****` line.
fn task_name(line: &str) -> Option<&str> {
    bracketed_title(line, "TASK [")
}

/// The title of a heading line that opens with `opening` (`TASK [`, `PLAY [`) and ends with
/// its `]` and a rule of stars.
fn bracketed_title<'l>(line: &'l str, opening: &str) -> Option<&'l str> {
    let rest = line.trim_start().strip_prefix(opening)?;
    let end = rest.rfind(']')?;
    rest[end + 1..]
        .trim()
        .chars()
        .all(|c| c == '*')
        .then_some(&rest[..end])
}

/// Whether `line` is a heading of Ansible's play output (`TASK [Check password policy] ****`,
/// `PLAY [db]`, `RUNNING HANDLER [reload token service]`) whose title is words alone: a
/// title names what the task does, so the words after a secret's name there are no secret
/// (`policy]`, `is set]`, `password: complexity`). A title holding a word with digits or
/// other signs is left to the redaction, as any text is.
pub(crate) fn title_line(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    ["TASK [", "PLAY [", "RUNNING HANDLER [", "HANDLER ["]
        .iter()
        .filter_map(|opening| bracketed_title(line, opening))
        .any(|title| {
            title.split_whitespace().all(|word| {
                word.chars().all(|c| {
                    c.is_alphabetic() || matches!(c, ':' | '-' | '_' | '/' | '(' | ')' | ',' | '\'')
                })
            })
        })
}

/// What Ansible itself prints as a task's message: a loop's summary, `assert`'s verdict,
/// `debug`'s default.
const ANSIBLE_MESSAGES: &[&str] = &[
    "All items completed",
    "All assertions passed",
    "Hello world!",
];

/// Whether `value` reads as a sentence: Ansible's own message, or words with blanks between,
/// one of them a word a sentence is hardly written without.
fn sentence(value: &str) -> bool {
    ANSIBLE_MESSAGES.contains(&value)
        || value.contains(' ')
            && value.split_whitespace().any(|w| {
                crate::text::SENTENCE_WORDS.contains(
                    &w.trim_matches(|c: char| !c.is_alphabetic())
                        .to_lowercase()
                        .as_str(),
                )
            })
}

/// Where the JSON string opening at byte `open` (a `"`) of `line` ends: the index of its
/// closing quote.
fn string_end(line: &str, open: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in line[open + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(open + 1 + i),
            _ => {}
        }
    }
    None
}

/// `line` with the string value after each printed member (`"msg": "x"`) hidden, and whether a
/// member opened a list (`"msg": [`) whose lines are its values.
fn hide_members(line: &str) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    let mut from = 0;
    let mut opens_list = false;
    while let Some(at) = line[from..].find('"').map(|i| from + i) {
        let Some(name_end) = string_end(line, at) else {
            break;
        };
        let name = &line[at + 1..name_end];
        let after = &line[name_end + 1..];
        let Some(value_part) = after.trim_start().strip_prefix(':') else {
            from = name_end + 1;
            continue;
        };
        let value_part = value_part.trim_start();
        let value_at = line.len() - value_part.len();
        if !printed_member(name) {
            from = value_at;
            continue;
        }
        if value_part.starts_with('[') && value_part[1..].trim().is_empty() {
            opens_list = true;
            break;
        }
        // A list on the line (`"stdout_lines": ["x", "y"]`): each of its strings goes.
        if value_part.starts_with('[') {
            let mut at = value_at + 1;
            while let Some(open) = line[at..].find(['"', ']']).map(|i| at + i) {
                if line[open..].starts_with(']') {
                    at = open + 1;
                    break;
                }
                let Some(end) = string_end(line, open) else {
                    at = line.len();
                    break;
                };
                let value = &line[open + 1..end];
                if !(value.is_empty() || value.contains(REDACTED) || sentence(value)) {
                    out.push_str(&line[copied..=open]);
                    out.push_str(REDACTED);
                    copied = end;
                }
                at = end + 1;
            }
            from = at;
            continue;
        }
        if !value_part.starts_with('"') {
            from = value_at;
            continue;
        }
        let Some(end) = string_end(line, value_at) else {
            break;
        };
        let value = &line[value_at + 1..end];
        if !(value.is_empty() || value.contains(REDACTED) || sentence(value)) {
            out.push_str(&line[copied..=value_at]);
            out.push_str(REDACTED);
            copied = end;
        }
        from = end + 1;
    }
    out.push_str(&line[copied..]);
    (out, opens_list)
}

/// A line of a printed list (`        "x",`) with its string hidden.
fn hide_list_line(line: &str) -> String {
    let trimmed = line.trim();
    let bare = trimmed.trim_end_matches(',');
    let Some(value) = bare.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return line.to_owned();
    };
    if value.is_empty() || value.contains(REDACTED) || sentence(value) {
        return line.to_owned();
    }
    let lead = &line[..line.len() - line.trim_start().len()];
    let comma = if trimmed.ends_with(',') { "," } else { "" };
    format!("{lead}\"{REDACTED}\"{comma}")
}

/// `text` with what debug tasks named for a secret printed hidden.
pub(crate) fn redact_debug_prints(text: &str) -> String {
    if !text.contains("TASK [") {
        return text.to_owned();
    }
    let mut secret_task = false;
    let mut in_list = false;
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if let Some(name) = task_name(line) {
            secret_task = names_secret(name);
            in_list = false;
            out.push(line.to_owned());
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("PLAY [") || trimmed.starts_with("PLAY RECAP") {
            secret_task = false;
            in_list = false;
        }
        if !secret_task {
            out.push(line.to_owned());
            continue;
        }
        if in_list {
            if trimmed.starts_with(']') {
                in_list = false;
                out.push(line.to_owned());
            } else {
                out.push(hide_list_line(line));
            }
            continue;
        }
        let (hidden, opens_list) = hide_members(line);
        in_list = opens_list;
        out.push(hidden);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_debug_prints as redact;

    #[test]
    fn a_task_named_for_a_secret_loses_what_it_printed() {
        assert_eq!(
            redact("TASK [show db password] ****\nok: [web1] => {\n    \"msg\": \"Tulip42\"\n}"),
            "TASK [show db password] ****\nok: [web1] => {\n    \"msg\": \"[redacted]\"\n}"
        );
        assert_eq!(
            redact(
                "TASK [Print API token] ***\nok: [h] => {\n    \"msg\": [\n        \"Tulip42\",\n        \"x9\"\n    ]\n}"
            ),
            "TASK [Print API token] ***\nok: [h] => {\n    \"msg\": [\n        \"[redacted]\",\n        \"[redacted]\"\n    ]\n}"
        );
        assert_eq!(
            redact("TASK [vault token] ***\nok: [h] => {\"changed\": false, \"msg\": \"Tulip42\"}"),
            "TASK [vault token] ***\nok: [h] => {\"changed\": false, \"msg\": \"[redacted]\"}"
        );
        assert_eq!(
            redact(
                "TASK [Read root password] ***\nchanged: [h] => {\"rc\": 0, \"stdout\": \"Tulip42\", \"stdout_lines\": [\"Tulip42\"]}"
            ),
            "TASK [Read root password] ***\nchanged: [h] => {\"rc\": 0, \"stdout\": \"[redacted]\", \"stdout_lines\": [\"[redacted]\"]}"
        );
        assert_eq!(
            redact("TASK [Read the secret] ***\nok: [h] => {\n    \"pw.stdout\": \"Tulip42\"\n}"),
            "TASK [Read the secret] ***\nok: [h] => {\n    \"pw.stdout\": \"[redacted]\"\n}"
        );
    }

    #[test]
    fn other_tasks_and_sentences_stay() {
        for same in [
            "TASK [debug] ****\nok: [web1] => {\n    \"msg\": \"Deployed version 1.2.3\"\n}",
            "TASK [Show disk usage] ****\nok: [web1] => {\n    \"msg\": \"41G\"\n}",
            "TASK [Ensure SSH keys present] ****\nok: [web1] => (item=bob) => {\n    \"msg\": \"All items completed\"\n}",
            "TASK [Check password policy] ****\nok: [web1] => {\n    \"msg\": \"Password policy is applied to all users\"\n}",
            "TASK [show db password] ****\nok: [web1] => {\n    \"changed\": false\n}",
            "TASK [show db password] ****\nskipping: [web1]\n\nPLAY RECAP ****\nweb1 : ok=3 changed=0",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}
