//! Labels a model writes before the output it imagines its call printed: `Result:`,
//! `Returns:`, `Output of docker_ps:`, `The tool returned:`. Right after a call, such a label
//! opens a result the model made up (the real one comes from the tool), so what follows is
//! cut and a call after it never runs. A label is a few words around one that names a result,
//! and nothing else: words of a sentence (`I will compare the results:`) make no label.

/// Words that name what a tool gave back.
const RESULT_WORDS: &[&str] = &[
    "result", "results", "output", "outputs", "response", "returned", "returns", "return",
];

/// The other words a result's label may hold (`The tool returned:`, `Raw output of docker_ps:`,
/// `Expected output:`).
const LABEL_WORDS: &[&str] = &[
    "the",
    "tool",
    "tool's",
    "tools",
    "function",
    "function's",
    "command",
    "command's",
    "call",
    "call's",
    "its",
    "value",
    "raw",
    "actual",
    "expected",
    "sample",
    "json",
    "stdout",
    // A result's label written as a short sentence (`The output shows:`, `The result is:`,
    // `The response would be:`): still nothing but the label of what follows.
    "is",
    "was",
    "shows",
    "showed",
    "says",
    "reads",
    "looks",
    "like",
    "would",
    "will",
    "be",
];

/// Words that tie a label to the tool's name after them (`Output of docker_ps:`).
const LINKS: &[&str] = &["of", "from", "for", "by"];

/// The most words a label holds.
const MAX_WORDS: usize = 6;

/// The most bytes before a label's colon.
const MAX_LABEL_BYTES: usize = 64;

/// The words of a label's head, lower case, without Markdown's marks and brackets around them.
fn words(head: &str) -> Vec<String> {
    head.split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| matches!(c, '*' | '_' | '[' | ']' | '`' | '(' | ')'))
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether `word` may stand in a label: a result's word, another label word, a link, or,
/// right after a link, the tool's name.
fn fits(words: &[String], at: usize) -> bool {
    let word = words[at].as_str();
    RESULT_WORDS.contains(&word)
        || LABEL_WORDS.contains(&word)
        || LINKS.contains(&word)
        || (at > 0 && LINKS.contains(&words[at - 1].as_str()) && is_name(word))
}

/// A tool's name as a label writes it: letters, digits, `_`, `-`, `.`.
fn is_name(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// What follows a result's label that opens `body` (a line without its heading's `#` and
/// bold's `*` before it), if one does: `Returns: [...]` gives ` [...]`.
pub fn content(body: &str) -> Option<&str> {
    let colon = body.find([':', '：'])?;
    if colon > MAX_LABEL_BYTES {
        return None;
    }
    let words = words(&body[..colon]);
    let label = !words.is_empty()
        && words.len() <= MAX_WORDS
        && words
            .iter()
            .any(|word| RESULT_WORDS.contains(&word.as_str()))
        && (0..words.len()).all(|at| fits(&words, at));
    let after = &body[colon..];
    let colon_len = after.chars().next().map_or(1, char::len_utf8);
    label.then(|| after[colon_len..].trim_start_matches('*'))
}

/// Whether `body`, a line cut off with no colon yet, may still become a result's label: its
/// words so far fit one, the last perhaps only begun.
pub fn may_open(body: &str) -> bool {
    if body.len() > MAX_LABEL_BYTES || body.contains([':', '：']) {
        return false;
    }
    let words = words(body);
    let Some((last, _)) = words.split_last() else {
        return false;
    };
    let complete = words.len() - 1;
    words.len() <= MAX_WORDS
        && (0..complete).all(|at| fits(&words, at))
        && (fits(&words, complete)
            || RESULT_WORDS
                .iter()
                .chain(LABEL_WORDS)
                .chain(LINKS)
                .any(|word| word.starts_with(last.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_words_around_a_result_word_are_a_label() {
        for (line, rest) in [
            ("Result: 80% used", " 80% used"),
            ("Returns: [\"web\"]", " [\"web\"]"),
            ("Output of docker_ps:", ""),
            ("The tool returned: web, db.", " web, db."),
            ("Tool output: web", " web"),
            ("Raw output from df:", ""),
            ("Response**: ok", " ok"),
            ("The output shows:", ""),
            ("The result would be: 3 containers", " 3 containers"),
        ] {
            assert_eq!(content(line), Some(rest), "{line:?}");
        }
        for line in [
            "I will compare the results: first the logs",
            "Note: the output is long",
            "Results are in: web is up",
            "Output",
            "Tool: docker_ps",
            "I will check the output:",
            "This shows:",
        ] {
            assert_eq!(content(line), None, "{line:?}");
        }
    }

    #[test]
    fn a_label_begun_may_still_open() {
        for line in ["Re", "The tool", "The tool ret", "Output of docker"] {
            assert!(may_open(line), "{line:?}");
        }
        for line in ["I will", "Note: x", "The weather"] {
            assert!(!may_open(line), "{line:?}");
        }
    }
}
