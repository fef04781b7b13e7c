//! A sentence that announces the call it makes by the tool's name, the arguments after it in a
//! fence or on the next line:
//!
//! ```text
//! Calling `docker_ps` with:
//! ```json
//! {"all": true}
//! ```
//! ```
//!
//! and its spellings (`I'll call docker_logs with the following arguments:`, `Let me use the
//! disk_usage tool with:`, `Using tool docker_ps:`). [`crate::named::name_before`] reads the
//! name; this module knows the words around it. Only a clause that is the model's own doing,
//! now, announces a call: the leads are a closed list, so `For example, calling docker_ps
//! with:` and `You could call docker_ps with:` announce nothing, and their fence stays the
//! answer. The announcing clause goes with the call, as a label line does.

/// Words after the name, read from the end: the arguments' noun (optional), its determiner
/// (optional), then `with` (required), after `tool` or `function` (optional).
const NOUNS: &[&str] = &[
    "arguments",
    "argument",
    "args",
    "parameters",
    "params",
    "input",
    "inputs",
    "options",
];
const DETERMINERS: &[&str] = &["the following", "following", "these", "this", "the"];
const KINDS: &[&str] = &["tool", "function"];

/// The clauses that announce a call made now, lower case, before the name (and before `the`,
/// `tool` or `function` when the sentence names what it is). An imperative (`Call X with:`)
/// tells the reader what to do: no lead.
const LEADS: &[&str] = &[
    "calling",
    "i'll call",
    "i will call",
    "i'll now call",
    "i will now call",
    "let me call",
    "let's call",
    "i'm calling",
    "i am calling",
    "i'm going to call",
    "i am going to call",
    "i'm now calling",
    "i'll use",
    "i will use",
    "let me use",
    "i'm using",
    "i am using",
    "using",
    "invoking",
    "i'll invoke",
    "i will invoke",
    "let me invoke",
    "i'm invoking",
    "executing",
    "i'll execute",
    "let me execute",
    "running",
    "i'll run",
    "i will run",
    "let me run",
];

/// Words that may open the clause before its lead (`Now, calling ...`, `OK, I'll call ...`).
const FILLERS: &[&str] = &[
    "now", "next", "first", "ok", "okay", "sure", "alright", "so", "then",
];

/// `text` without the words that end an announcing sentence after the tool's name (` with`,
/// ` with the following arguments`, ` tool with these parameters`), None when it does not end
/// so.
pub fn without_tail(text: &str) -> Option<&str> {
    let mut rest = text.trim_end();
    if let Some(before) = strip_word_group(rest, NOUNS) {
        rest = before;
    }
    if let Some(before) = strip_word_group(rest, DETERMINERS) {
        rest = before;
    }
    // An adverb between the name and `with` (`Running docker_logs now with:`).
    if let Some(before) = strip_word_group(rest, &["with"])
        .and_then(|before| strip_word_group(before, &["now", "again", "first", "next"]))
    {
        rest = before;
    } else {
        rest = strip_word_group(rest, &["with"])?;
    }
    if let Some(before) = strip_word_group(rest, KINDS) {
        rest = before;
    }
    (!rest.trim().is_empty()).then_some(rest)
}

/// `text` without the last of `groups` (one or two words, any case) ending it as words of
/// their own (a blank or a Markdown mark before them).
fn strip_word_group<'t>(text: &'t str, groups: &[&str]) -> Option<&'t str> {
    let text = text.trim_end();
    groups.iter().find_map(|group| {
        let start = text.len().checked_sub(group.len())?;
        let tail = text.get(start..)?;
        let before = &text[..start];
        (tail.eq_ignore_ascii_case(group)
            && before.ends_with(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_')))
        .then(|| before.trim_end())
    })
}

/// Where the clause that ends `prose` (the text before a tool's name) starts, when it only
/// announces a call made now ([`LEADS`], Markdown marks around the name taken off): the clause
/// goes with the call. None for any other words (`For example, calling`, `You could call`).
pub fn lead_start(prose: &str) -> Option<usize> {
    let trimmed =
        prose.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_'));
    let start = clause_start(trimmed);
    // A heading's marks or emphasis opening the clause (`**Calling `docker_ps` with:**`).
    let clause = trimmed[start..]
        .trim_start_matches(|c: char| matches!(c, '*' | '_' | '#') || c.is_whitespace())
        .replace(['’', '‘'], "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut clause = clause.as_str();
    // What the sentence calls the name: `the disk_usage tool`, `the tool docker_ps`.
    for kind in ["the tool", "the function", "tool", "function", "the"] {
        if let Some(before) = clause.strip_suffix(kind)
            && (before.is_empty() || before.ends_with(' '))
        {
            clause = before.trim_end();
            break;
        }
    }
    while let Some(first) = clause.split_whitespace().next() {
        let word = first.trim_end_matches(',');
        if !FILLERS.contains(&word) {
            break;
        }
        clause = clause[first.len()..].trim_start();
    }
    LEADS.contains(&clause).then_some(start)
}

/// Whether `text` ends in a whole announcing clause: a lead, a name, and the words after it
/// (`Calling `docker_logs` with`), whatever the name (the readers check it is a tool's).
pub fn announces(text: &str) -> bool {
    let Some(named) = without_tail(text) else {
        return false;
    };
    let named = named.trim_end_matches(['`', '*']);
    let name_start = named
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(0, |at| {
            at + named[at..].chars().next().map_or(1, char::len_utf8)
        });
    name_start < named.len() && lead_start(&named[..name_start]).is_some()
}

/// Where the last clause of `text` starts: after the last line break or sentence's end.
fn clause_start(text: &str) -> usize {
    let line = text.rfind('\n').map_or(0, |at| at + 1);
    let sentence = [". ", "! ", "? "]
        .iter()
        .filter_map(|end| text[line..].rfind(end).map(|at| line + at + end.len()))
        .max();
    let start = sentence.unwrap_or(line);
    start + (text[start..].len() - text[start..].trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_after_the_name_end_an_announcement() {
        for (text, rest) in [
            ("Calling `docker_ps` with", "Calling `docker_ps`"),
            (
                "I'll call docker_logs with the following arguments",
                "I'll call docker_logs",
            ),
            (
                "Let me use the disk_usage tool with",
                "Let me use the disk_usage",
            ),
            (
                "Calling **docker_ps** with these parameters",
                "Calling **docker_ps**",
            ),
            ("Running `docker_logs` now with", "Running `docker_logs`"),
        ] {
            assert_eq!(without_tail(text), Some(rest), "{text:?}");
        }
        for text in [
            "with",
            "docker_ps without",
            "docker_ps",
            "docker_ps arguments",
        ] {
            assert_eq!(without_tail(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_whole_clause_announces() {
        assert!(announces("Calling `docker_logs` with"));
        assert!(announces(
            "OK. I'll call docker_ps with the following arguments"
        ));
        assert!(!announces("You could call `docker_logs` with"));
        assert!(!announces("Calling with"));
    }

    #[test]
    fn only_a_call_made_now_announces() {
        for (prose, start) in [
            ("Calling `", 0),
            ("I'll call ", 0),
            ("Let me check the logs. I'll call ", 23),
            ("Now, let me use the ", 0),
            ("Using tool ", 0),
            ("First I\u{2019}ll call **", 0),
            ("Done.\n\nOK, calling ", 7),
            ("**Calling `", 0),
            ("### I'll call ", 0),
        ] {
            assert_eq!(lead_start(prose), Some(start), "{prose:?}");
        }
        for prose in [
            "For example, calling `",
            "You could call ",
            "If needed, I'll call ",
            "you can use the ",
            "I would call ",
            "Never call ",
            "Call ",
            "To list them, call ",
        ] {
            assert_eq!(lead_start(prose), None, "{prose:?}");
        }
    }
}
