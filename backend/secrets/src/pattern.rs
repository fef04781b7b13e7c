//! Every pattern of the redaction is compiled here, so that one test can hold all of them to a
//! memory budget.
//!
//! Compiled patterns stay in memory for the life of the process (statics), and a server compiles
//! them all at its first redaction (its monitor's first readings), so what they weigh is part of
//! its idle memory. The weight hides in how a pattern is spelled: a bounded repetition of a
//! Unicode class (`[^\s:]{6,128}`, `[^"\\]{1,80}`) compiles to one copy of the class's UTF-8
//! automaton per count, 0.8 to 1.3 MB for one pattern, where the unbounded repetition with the
//! bound checked by the code that reads the match weighs a tenth of that.
//!
//! Word boundaries are ASCII ones (`\b` is compiled as `(?-u:\b)`): the regex engine's fast
//! automata cannot decide a Unicode word boundary next to a non-ASCII byte, so one such byte in a
//! text (the `…` that `docker ps` puts in every truncated command) sent every pattern with a `\b`
//! to the slow engine, and redacting a 600-byte `docker ps` table took about 6 million
//! instructions instead of 0.1 million. An ASCII boundary counts a non-ASCII letter as a non-word
//! character, so a keyword or token next to one still has its boundary (`éAKIA…` is matched):
//! what differs is only a boundary between a non-ASCII letter and punctuation or space, which no
//! pattern here needs to find a secret.

use regex::Regex;

/// Compiles `pattern` (as `Regex::new`, with ASCII word boundaries); under test, remembers it for
/// the budget test.
pub(crate) fn new(pattern: &str) -> Result<Regex, regex::Error> {
    let pattern = ascii_word_boundaries(pattern);
    #[cfg(test)]
    tests::remember(&pattern);
    Regex::new(&pattern)
}

/// `pattern` with each `\b` and `\B` written as its ASCII form; every other escape (`\\b` is
/// a backslash and a `b`) is kept as it is.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    /// The most one pattern may weigh, compiled (its automata, not its search caches), in bytes.
    /// The largest today is the alternation of token shapes in `text.rs` (about 0.7 MB).
    const PATTERN_BUDGET: usize = 800 * 1024;
    /// The most all of them may weigh together.
    const TOTAL_BUDGET: usize = 5 * 1024 * 1024;

    static COMPILED: Mutex<Vec<String>> = Mutex::new(Vec::new());

    pub(super) fn remember(pattern: &str) {
        let mut compiled = COMPILED.lock().unwrap_or_else(|p| p.into_inner());
        if !compiled.iter().any(|p| p == pattern) {
            compiled.push(pattern.to_owned());
        }
    }

    #[test]
    fn word_boundaries_become_ascii_and_other_escapes_stay() {
        assert_eq!(
            super::ascii_word_boundaries(r"\bkey\B=\\b\d"),
            r"(?-u:\b)key(?-u:\B)=\\b\d"
        );
        assert_eq!(super::ascii_word_boundaries(r"tail\"), r"tail\");
    }

    /// A keyword next to a non-ASCII letter still has its boundary, and a text with non-ASCII
    /// bytes is redacted as an ASCII one is.
    #[test]
    fn boundaries_hold_next_to_non_ascii_text() {
        let token = super::new(r"\bAKIA[0-9A-Z]{16}\b").expect("compiles");
        assert!(token.is_match("éAKIAABCDEFGHIJKLMNOPé"));
        assert!(!token.is_match("xAKIAABCDEFGHIJKLMNOP"));
        let table =
            "web  \"/docker-entrypoint.…\"  Up 3 hours  AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP";
        let redacted = crate::redact_text(table);
        assert!(!redacted.contains("AKIAABCDEFGHIJKLMNOP"), "{redacted}");
        assert!(redacted.contains("docker-entrypoint.…"), "{redacted}");
    }

    /// Every pattern the corpus makes the redaction compile stays within the budgets; the message
    /// names the heaviest.
    #[test]
    fn patterns_stay_small() {
        let corpus = include_str!("../tests/corpus.rs");
        let lines: Vec<&str> = corpus.lines().collect();
        for chunk in lines.chunks(20) {
            crate::redact_text(&chunk.join("\n"));
        }
        let compiled = COMPILED.lock().unwrap_or_else(|p| p.into_inner()).clone();
        assert!(
            compiled.len() >= 100,
            "only {} patterns compiled",
            compiled.len()
        );
        let mut weights: Vec<(usize, &str)> = compiled
            .iter()
            .map(|pattern| {
                let weight = regex_automata::meta::Regex::new(pattern)
                    .map_or(usize::MAX, |regex| regex.memory_usage());
                (weight, pattern.as_str())
            })
            .collect();
        weights.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        let heaviest: Vec<String> = weights
            .iter()
            .take(5)
            .map(|(weight, pattern)| {
                let start: String = pattern.chars().take(100).collect();
                format!("{} KiB: {start}", weight / 1024)
            })
            .collect();
        let total: usize = weights.iter().map(|(weight, _)| *weight).sum();
        assert!(
            weights[0].0 <= PATTERN_BUDGET && total <= TOTAL_BUDGET,
            "patterns weigh {} KiB in all (budget {} KiB), each at most {} KiB; the heaviest:\n{}",
            total / 1024,
            TOTAL_BUDGET / 1024,
            PATTERN_BUDGET / 1024,
            heaviest.join("\n")
        );
    }
}
