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

//!
//! Each pattern carries a gate (`gate.rs`): the literals every match of it holds. A text
//! without them is answered "no match" without a search, and a pattern is compiled only the
//! first time a text passes its gate, so a server whose texts never hold a `BEGIN` or a
//! `SWMTKN-` never builds those automata.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer};

use regex_syntax::hir::{Hir, HirKind};

use crate::gate::Gate;

/// Set once a pattern failed to compile at its first use (the tests compile every pattern, so
/// only a broken build can): [`crate::redact_text`] then hides whole texts (fail closed).
static COMPILE_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether any pattern failed to compile.
pub(crate) fn any_failed() -> bool {
    COMPILE_FAILED.load(Ordering::Relaxed)
}

/// A pattern of the redaction: its source with ASCII word boundaries, its gate, and the
/// compiled regex, built the first time a text passes the gate. Offers the searches of
/// [`Regex`] the redaction uses, with the same meaning.
#[derive(Debug)]
pub(crate) struct Gated {
    source: String,
    gate: Option<Gate>,
    regex: OnceLock<Option<Regex>>,
}

/// Reads `pattern` (as `Regex::new`, with ASCII word boundaries) and its gate; compiles it on
/// first use. An error names a pattern that does not parse; under test, the pattern is
/// remembered for the budget test.
pub(crate) fn new(pattern: &str) -> Result<Gated, Box<regex_syntax::Error>> {
    let source = ascii_word_boundaries(pattern);
    #[cfg(test)]
    tests::remember(&source);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&source)
        .map_err(Box::new)?;
    Ok(Gated {
        gate: Gate::of(&hir),
        source,
        regex: OnceLock::new(),
    })
}

impl Gated {
    /// The compiled regex if `haystack` may match: `None` when the gate rules a match out (or
    /// the pattern failed to compile, which [`any_failed`] then tells).
    fn searched(&self, haystack: &str) -> Option<&Regex> {
        // Before its first compilation a pattern's literals are looked for in the text itself
        // (a false pass would compile it for nothing); after it, the signature alone spares
        // the search where it can, and the compiled search does the rest.
        let exact = self.regex.get().is_none();
        if self
            .gate
            .as_ref()
            .is_some_and(|gate| !gate.may_match(haystack, exact))
        {
            return None;
        }
        self.regex
            .get_or_init(|| {
                Regex::new(&self.source)
                    .inspect_err(|_| COMPILE_FAILED.store(true, Ordering::Relaxed))
                    .ok()
            })
            .as_ref()
    }

    /// As [`Regex::is_match`].
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.searched(haystack)
            .is_some_and(|regex| regex.is_match(haystack))
    }

    /// As [`Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.searched(haystack)?.find(haystack)
    }

    /// As [`Regex::find_at`].
    pub(crate) fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        self.searched(haystack)?.find_at(haystack, start)
    }

    /// As [`Regex::find_iter`].
    pub(crate) fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> std::iter::Flatten<std::option::IntoIter<Matches<'r, 'h>>> {
        self.searched(haystack)
            .map(|regex| regex.find_iter(haystack))
            .into_iter()
            .flatten()
    }

    /// As [`Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.searched(haystack)?.captures(haystack)
    }

    /// As [`Regex::captures_at`].
    pub(crate) fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        self.searched(haystack)?.captures_at(haystack, start)
    }

    /// As [`Regex::captures_iter`].
    pub(crate) fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> std::iter::Flatten<std::option::IntoIter<CaptureMatches<'r, 'h>>> {
        self.searched(haystack)
            .map(|regex| regex.captures_iter(haystack))
            .into_iter()
            .flatten()
    }

    /// As [`Regex::replace_all`].
    pub(crate) fn replace_all<'h, R: Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        match self.searched(haystack) {
            Some(regex) => regex.replace_all(haystack, rep),
            None => Cow::Borrowed(haystack),
        }
    }
}

/// A pattern kept as its top-level alternatives, so that a text compiles only those it may
/// match. For a long alternation of unrelated shapes (the token formats of `text.rs`, a hundred
/// and forty prefixes) no gate of the whole can be read (too many literals, and some
/// alternatives hold none), so the whole compiled at the first text any server redacted: 0.7 MB
/// of automata and a 0.25 MB search cache per thread. Apart, each alternative that requires a
/// literal of three bytes or more (`ghp_`, `glpat-`, `https://hooks.slack.com/`) has its own
/// gate and compiles the first time a text holds that literal; the others (a letter and a
/// length, `[KL][1-9A-HJ-NP-Za-km-z]{51}`) stay one pattern, searched in every text as before.
/// An idle server's readings compile 0.5 MB less of the token formats (docs/benchmarks.md).
#[derive(Debug)]
pub(crate) struct Alternatives {
    alternatives: Vec<Gated>,
}

/// The shortest literal that makes an alternative worth its own gate: a gate of one or two bytes
/// lets nearly every text through, and a search per alternative costs more than one search of
/// them together.
const OWN_GATE_LITERAL: usize = 3;

/// Reads `pattern` (as [`new`]) as its top-level alternatives: those with a literal of
/// [`OWN_GATE_LITERAL`] bytes or more apart, the rest together; a pattern that is no
/// alternation is one. An error names a pattern that does not parse.
pub(crate) fn alternatives(pattern: &str) -> Result<Alternatives, Box<regex_syntax::Error>> {
    let source = ascii_word_boundaries(pattern);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&source)
        .map_err(Box::new)?;
    let HirKind::Alternation(branches) = hir.kind() else {
        return Ok(Alternatives {
            alternatives: vec![new(&source)?],
        });
    };
    let (gated, rest): (Vec<&Hir>, Vec<&Hir>) = branches.iter().partition(|branch| {
        crate::gate::required_literals(branch)
            .is_some_and(|literals| literals.iter().all(|l| l.len() >= OWN_GATE_LITERAL))
    });
    let mut alternatives = gated
        .iter()
        .map(|branch| new(&branch.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if !rest.is_empty() {
        let rest: Vec<String> = rest.iter().map(|branch| branch.to_string()).collect();
        alternatives.push(new(&rest.join("|"))?);
    }
    Ok(Alternatives { alternatives })
}

impl Alternatives {
    /// Replaces every match of each alternative in turn (the gated ones in the order written,
    /// then the rest); `replace` gets the text as that alternative searched it (earlier
    /// alternatives' replacements made) and the match. Where alternatives overlap, the one
    /// searched first replaces its match and the later ones search what it left.
    pub(crate) fn replace_all<'h>(
        &self,
        haystack: &'h str,
        replace: impl Fn(&str, &Captures) -> String,
    ) -> Cow<'h, str> {
        let mut text = Cow::Borrowed(haystack);
        for alternative in &self.alternatives {
            let replaced = alternative.replace_all(&text, |c: &Captures| replace(&text, c));
            if let Cow::Owned(replaced) = replaced {
                text = Cow::Owned(replaced);
            }
        }
        text
    }
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
    /// The most all of them may weigh together, every pattern compiled (as this test compiles
    /// them). It grows with the kinds of secrets recognised: 5 MiB until the homelab and
    /// company services' shapes (rounds 29 to 31) took it to about 5.1 MiB. A server compiles
    /// only the patterns whose literals its texts hold (`gate.rs`: about 65 for an idle
    /// server's readings, docs/benchmarks.md nineteenth pass). Credentials written in prose
    /// (`prosecreds.rs`: `apikey X`, `login: bob / X`, passphrases of several words) and AI
    /// services' key prefixes took it past 5.5 MiB. The set counted is the patterns the
    /// corpus makes the redaction declare, weighed in a process of its own
    /// (`patterns_stay_small`): counted among the other tests of the binary, which compile
    /// patterns of their own in parallel, the same code weighed 5760 KiB in one run and 5778
    /// KiB in another. Alone it weighs the same in every run, 5591 KiB before table headings,
    /// count summaries and the readers of secret files through `find` and `xargs` (which add
    /// no pattern); the budget leaves that measure room for about two rounds of new kinds.
    const TOTAL_BUDGET: usize = 5760 * 1024;

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

    /// An alternative with a literal of its own compiles only when a text holds that literal;
    /// the alternatives without one are searched together; every alternative still redacts.
    #[test]
    fn alternatives_compile_only_what_a_text_may_match() {
        let tokens = super::alternatives(
            r"\bghp_[A-Za-z0-9]{36}\b|(?P<keep>https://hooks\.slack\.com/)[A-Za-z0-9/_-]+|\bglpat-[A-Za-z0-9_-]{20,}|\b[KL][1-9A-HJ-NP-Za-km-z]{51}\b|\bxoxb-[A-Za-z0-9-]{10,}|\b5[HJK][1-9A-HJ-NP-Za-km-z]{49}\b",
        )
        .expect("parses");
        // ghp_, the Slack URL, glpat-, xoxb- apart; the two shapes of a letter and a length
        // together.
        assert_eq!(tokens.alternatives.len(), 5);
        let compiled = |tokens: &super::Alternatives| -> Vec<bool> {
            tokens
                .alternatives
                .iter()
                .map(|a| a.regex.get().is_some())
                .collect()
        };
        assert_eq!(compiled(&tokens), [false; 5]);
        let glpat = "glpat-abcdefghijklmnopqrstuvwxyz";
        let text = format!("token {glpat} here");
        let out = tokens.replace_all(&text, |_, _| "[R]".to_owned());
        assert_eq!(out, "token [R] here");
        assert_eq!(compiled(&tokens), [false, false, true, false, true]);
        let ghp = format!("ghp_{}", "a".repeat(36));
        let wif = format!("5H{}", "a".repeat(49));
        let text = format!("{ghp} {glpat} {wif}");
        let out = tokens.replace_all(&text, |searched, c| {
            let m = c.get(0).expect("a match");
            assert_eq!(&searched[m.start()..m.end()], m.as_str());
            "[R]".to_owned()
        });
        assert_eq!(out, "[R] [R] [R]");
        assert_eq!(compiled(&tokens), [true, false, true, false, true]);
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

    /// The texts of the redaction's tests, in chunks of ten lines: every secret spelling and
    /// ordinary line they hold.
    fn test_texts() -> Vec<String> {
        [
            include_str!("../tests/corpus.rs"),
            include_str!("../tests/ecosystems.rs"),
            include_str!("../tests/settings_files.rs"),
        ]
        .iter()
        .flat_map(|file| {
            let lines: Vec<&str> = file.lines().collect();
            lines
                .chunks(10)
                .map(|chunk| chunk.join("\n"))
                .collect::<Vec<_>>()
        })
        .collect()
    }

    /// A gate rules a text out only where its pattern finds no match in it: every pattern the
    /// tests' texts make the redaction read, against every such text.
    #[test]
    fn gates_never_rule_out_a_match() {
        let texts = test_texts();
        for text in &texts {
            crate::redact_text(text);
        }
        let patterns = COMPILED.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let (mut gated, mut ruled_out) = (0, 0);
        for pattern in &patterns {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .expect("parses");
            let Some(gate) = crate::gate::Gate::of(&hir) else {
                continue;
            };
            gated += 1;
            let regex = regex::Regex::new(pattern).expect("compiles");
            for text in &texts {
                if !gate.may_match(text, true) {
                    ruled_out += 1;
                    assert!(
                        !regex.is_match(text),
                        "the gate of {pattern} ruled out a text it matches:\n{text}"
                    );
                }
            }
        }
        // Most patterns have a gate, and most texts lack most patterns' literals.
        assert!(
            gated * 10 >= patterns.len() * 7,
            "{gated} of {} patterns gated",
            patterns.len()
        );
        assert!(
            ruled_out * 2 >= gated * texts.len(),
            "{ruled_out} of {} searches ruled out",
            gated * texts.len()
        );
    }

    /// Every pattern the corpus makes the redaction compile stays within the budgets; the message
    /// names the heaviest.
    /// Set in the process [`patterns_stay_small`] starts to weigh the patterns alone.
    const WEIGH_ALONE: &str = "WARDEN_SECRETS_WEIGH_PATTERNS_ALONE";

    /// The test's name as the test harness knows it, for `--exact`.
    const WEIGHING_TEST: &str = "pattern::tests::patterns_stay_small";

    /// The patterns are weighed in a process of their own: in this binary the other tests,
    /// running in parallel, compile patterns too, and which of them ran before the weighing
    /// changed the sum from one run to the next (5760 KiB in one, 5778 KiB in another). Alone,
    /// the set weighed is exactly the patterns the corpus makes the redaction declare, the
    /// same in every run.
    #[test]
    fn patterns_stay_small() {
        if std::env::var_os(WEIGH_ALONE).is_none() {
            let exe = std::env::current_exe().expect("the test binary's path");
            let run = std::process::Command::new(exe)
                .args([WEIGHING_TEST, "--exact", "--test-threads=1", "--nocapture"])
                .env(WEIGH_ALONE, "1")
                .output()
                .expect("the test binary runs");
            let stdout = String::from_utf8_lossy(&run.stdout);
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(
                run.status.success() && stdout.contains("1 passed"),
                "weighing the patterns alone failed:\n{stdout}\n{stderr}"
            );
            return;
        }
        weigh_the_corpus_patterns();
    }

    fn weigh_the_corpus_patterns() {
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
