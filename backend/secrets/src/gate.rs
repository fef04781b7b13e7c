//! The literals a pattern's every match holds, so that a text without any of them is known not
//! to match before the pattern is searched, or even compiled.
//!
//! Most texts a server redacts (tables, logs, answers) hold no secret, and most of the
//! redaction's two hundred patterns start from a keyword or a fixed prefix (`BEGIN`, `SWMTKN-`,
//! `password`) that such a text lacks. The regex engine finds that out too, but only after the
//! pattern is compiled (hundreds of kilobytes of automata for some, kept for the life of the
//! process) and after a search with its fixed cost per call. A gate reads the required literals
//! from the pattern's syntax once; a text's signature (the bytes, pairs and triples it holds,
//! computed once per text and kept for the next patterns) settles each literal in a few bit
//! tests.
//!
//! The signature may say a literal is there when it is not (its triples' bits set by others: a
//! process list of 11 KB sets a good part of them), so a literal the signature lets through is
//! then looked for in the text itself, by a byte search (`memchr`) of its first byte: only a text
//! that holds one of a pattern's literals compiles and searches that pattern.
//!
//! Sound by construction: a literal is required only when every match contains it. ASCII
//! letters are compared without case, every other byte exactly; a class of a few characters
//! makes as many literals (`(?i)k` matches `k`, `K` and the Kelvin sign `K`: `k` and `K`), a
//! wider class, anything optional or repeated zero times, and a look-around make none.

use std::cmp::Reverse;

use std::cell::RefCell;

use regex_syntax::hir::{Class, Hir, HirKind};

/// More literals than this make a gate cost about what the search it saves does.
const MAX_LITERALS: usize = 48;

/// A text's test for a pattern: `false` only where no match can exist.
#[derive(Debug)]
pub(crate) struct Gate {
    /// One per required literal: the bits a text's signature has where it holds the literal.
    probes: Vec<Probe>,
}

/// One required literal (ASCII letters lower-cased) and what a text's [`Signature`] must hold
/// where the text holds it: its one or two bytes, or the hashed bits of its byte triples
/// (computed once, with the gate).
#[derive(Debug)]
struct Probe {
    literal: Vec<u8>,
    bits: Bits,
}

#[derive(Debug)]
enum Bits {
    Bytes,
    Triples(Vec<u16>),
}

impl Probe {
    fn of(literal: &[u8]) -> Probe {
        let bits = if literal.len() < 3 {
            Bits::Bytes
        } else {
            let mut bits: Vec<u16> = literal
                .windows(3)
                .map(|w| triple_bit(w[0], w[1], w[2]))
                .collect();
            bits.sort_unstable();
            bits.dedup();
            Bits::Triples(bits)
        };
        Probe {
            literal: literal.to_vec(),
            bits,
        }
    }
}

/// Whether `text` holds `literal` (ASCII letters lower-cased in it), ASCII letters compared
/// without case and every other byte exactly, as the signature compares them. The byte search
/// (`memchr`) looks for the literal's rarest byte in ordinary text, so that a literal that
/// begins with a blank or a common letter does not stop the search at every word.
fn holds(text: &[u8], literal: &[u8]) -> bool {
    let Some(anchor) = (0..literal.len()).min_by_key(|&i| commonness(literal[i])) else {
        return true;
    };
    let byte = literal[anchor];
    let matches_at = |at: usize| {
        at.checked_sub(anchor)
            .and_then(|start| text.get(start..start + literal.len()))
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(literal))
    };
    if byte.is_ascii_lowercase() {
        memchr::memchr2_iter(byte, byte.to_ascii_uppercase(), text).any(matches_at)
    } else {
        memchr::memchr_iter(byte, text).any(matches_at)
    }
}

/// How common a byte is in the texts a server redacts (tables, logs, JSON), from 0 (rare) up:
/// blanks and punctuation of every line first, then digits and letters by their frequency in
/// English (the words of logs and tables), every other byte (control bytes, rare punctuation,
/// UTF-8's) rare.
fn commonness(byte: u8) -> u8 {
    const LETTERS_BY_FREQUENCY: &[u8] = b"zqjxkvbpgwyfmculdrhsnioate";
    match byte.to_ascii_lowercase() {
        b' ' => 60,
        b'\n' | b'"' | b':' | b',' | b'.' | b'/' | b'-' | b'=' | b'_' => 50,
        b'0'..=b'9' => 40,
        letter @ b'a'..=b'z' => {
            let rank = LETTERS_BY_FREQUENCY.iter().position(|&l| l == letter);
            10 + rank.map_or(0, |r| r as u8)
        }
        _ => 0,
    }
}

impl Gate {
    /// The gate of a pattern parsed as the regex crate parses it (`regex_syntax::Parser`'s
    /// defaults), or `None` when no literal is required of its matches.
    pub(crate) fn of(hir: &Hir) -> Option<Gate> {
        let literals = required_literals(hir)?;
        Some(Gate {
            probes: literals.iter().map(|literal| Probe::of(literal)).collect(),
        })
    }

    /// Whether `haystack` may hold one of the required literals (and so may match): judged by
    /// the text's [`Signature`], which may say yes where the literal is absent, never no where
    /// it is present, and says yes for a text too long to have one. With `exact`, a literal
    /// the signature lets through (or every literal of a long text) is then looked for in the
    /// text itself: the pattern's owner asks so before the pattern is first compiled, since a
    /// search of the text's bytes costs less than compiling a pattern it cannot match (a 20 KB
    /// process list used to compile every pattern of the redaction, 4 MiB of automata), and
    /// once compiled its own search is as quick.
    pub(crate) fn may_match(&self, haystack: &str, exact: bool) -> bool {
        let text = haystack.as_bytes();
        with_signature(text, |signature| {
            self.probes.iter().any(|probe| {
                signature.is_none_or(|signature| signature.may_contain(probe))
                    && (!exact || holds(text, &probe.literal))
            })
        })
    }
}

/// Texts longer than this get no signature (their bits would all be set): every gate lets
/// them through, unless asked for an exact answer.
const MAX_SIGNED_BYTES: usize = 16 * 1024;

/// Which bytes and byte triples (ASCII letters lower-cased) a text holds: bytes exactly,
/// triples hashed into a bit set, so a literal absent from the text may still be said present
/// (a shared bit), never the other way round.
struct Signature {
    bytes: [u64; 4],
    triples: [u64; TRIPLE_WORDS],
}

/// 8,192 bits (1 KiB a text): a process list of 11 KB holds some 4,000 distinct triples, which
/// set most of 4,096 bits and let a third of the gates through by shared bits alone; at 8,192
/// an idle server's readings compile 12 patterns fewer, for the same instructions per chat
/// (docs/benchmarks.md, eighteenth pass).
const TRIPLE_BITS: u32 = 13;
const TRIPLE_WORDS: usize = (1 << TRIPLE_BITS) / 64;

fn triple_bit(a: u8, b: u8, c: u8) -> u16 {
    triple_bit_of_key((u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c))
}

fn triple_bit_of_key(key: u32) -> u16 {
    // The top bits of a multiplicative hash; TRIPLE_BITS < 16, so it fits.
    (key.wrapping_mul(0x85EB_CA77) >> (32 - TRIPLE_BITS)) as u16
}

fn has(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

impl Signature {
    fn empty() -> Signature {
        Signature {
            bytes: [0; 4],
            triples: [0; TRIPLE_WORDS],
        }
    }

    fn fill(&mut self, text: &[u8]) {
        self.bytes = [0; 4];
        self.triples = [0; TRIPLE_WORDS];
        // The last three bytes, lower-cased, as `triple_bit` keys them.
        let mut key: u32 = 0;
        for (i, &byte) in text.iter().enumerate() {
            let c = byte.to_ascii_lowercase();
            self.bytes[usize::from(c >> 6)] |= 1 << (c & 63);
            key = ((key << 8) | u32::from(c)) & 0x00FF_FFFF;
            if i >= 2 {
                let bit = usize::from(triple_bit_of_key(key));
                self.triples[bit / 64] |= 1 << (bit % 64);
            }
        }
    }

    /// Whether the literal `probe` stands for may occur in the text.
    fn may_contain(&self, probe: &Probe) -> bool {
        match &probe.bits {
            Bits::Bytes => probe
                .literal
                .iter()
                .all(|&b| has(&self.bytes, usize::from(b))),
            Bits::Triples(bits) => bits.iter().all(|&bit| has(&self.triples, usize::from(bit))),
        }
    }
}

/// How many texts' signatures a thread keeps: a pass searches one text (or one line) with
/// pattern after pattern, so the text searched last is most often the next one.
const SIGNED_TEXTS: usize = 4;

struct Signed {
    text: Vec<u8>,
    signature: Box<Signature>,
}

thread_local! {
    /// The signatures of the texts this thread searched last, with copies of the texts (a
    /// signature is found by the text's content, never by its address).
    static SIGNED: RefCell<(Vec<Signed>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// Calls `judge` with `text`'s signature (computed, or found among the last ones), or with
/// `None` for a text too long to have one.
fn with_signature(text: &[u8], judge: impl FnOnce(Option<&Signature>) -> bool) -> bool {
    if text.len() > MAX_SIGNED_BYTES {
        return judge(None);
    }
    SIGNED.with(|signed| {
        let Ok(mut signed) = signed.try_borrow_mut() else {
            return judge(None);
        };
        let (texts, next) = &mut *signed;
        if let Some(found) = texts.iter().find(|s| s.text == text) {
            return judge(Some(&found.signature));
        }
        let slot = if texts.len() < SIGNED_TEXTS {
            texts.push(Signed {
                text: Vec::new(),
                signature: Box::new(Signature::empty()),
            });
            texts.len() - 1
        } else {
            *next = (*next + 1) % SIGNED_TEXTS;
            *next
        };
        let entry = &mut texts[slot];
        entry.text.clear();
        entry.text.extend_from_slice(text);
        entry.signature.fill(text);
        judge(Some(&entry.signature))
    })
}

/// The literals (ASCII letters lower-cased) of which every match of `hir` contains at least
/// one, or `None` where no such set is known.
pub(crate) fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = required(hir)?;
    (!set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|l| !l.is_empty()))
        .then_some(set)
}

fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => exact_texts(hir),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Concat(items) => best_of_concatenation(items),
        HirKind::Alternation(branches) => {
            let mut union: Vec<Vec<u8>> = Vec::new();
            for branch in branches {
                for literal in required(branch)? {
                    if !union.contains(&literal) {
                        union.push(literal);
                    }
                }
                if union.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(union)
        }
    }
}

/// Of a concatenation, the required set that says most: runs of adjacent items of a few exact
/// texts joined (`p`, `a`, `ss` as `pass`; `(?i)k`'s three spellings make three literals), and
/// each other item's own set; the one whose shortest literal is longest wins, then the one with
/// fewer literals.
fn best_of_concatenation(items: &[Hir]) -> Option<Vec<Vec<u8>>> {
    let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut run: Vec<Vec<u8>> = Vec::new();
    for item in items {
        if let Some(texts) = exact_texts(item) {
            if run.is_empty() {
                run = texts;
            } else if run.len() * texts.len() <= MAX_LITERALS {
                run = run
                    .iter()
                    .flat_map(|head| {
                        texts
                            .iter()
                            .map(move |tail| [head.as_slice(), tail].concat())
                    })
                    .collect();
            } else {
                candidates.push(std::mem::replace(&mut run, texts));
            }
            continue;
        }
        if !run.is_empty() {
            candidates.push(std::mem::take(&mut run));
        }
        if let Some(set) = required(item) {
            candidates.push(set);
        }
    }
    if !run.is_empty() {
        candidates.push(run);
    }
    candidates.into_iter().max_by_key(|set| {
        (
            set.iter().map(Vec::len).min().unwrap_or(0),
            Reverse(set.len()),
        )
    })
}

/// Most characters a class may match and still count as a few exact texts.
const MAX_CLASS_CHARS: usize = 4;

/// The few texts `hir` matches and nothing else, ASCII letters lower-cased (so a letter's two
/// cases make one): a literal, or a class of at most [`MAX_CLASS_CHARS`] characters.
fn exact_texts(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let mut add = |text: Vec<u8>| {
        if !texts.contains(&text) {
            texts.push(text);
        }
    };
    match hir.kind() {
        HirKind::Literal(literal) => add(literal.0.to_ascii_lowercase()),
        HirKind::Capture(capture) => return exact_texts(&capture.sub),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .take(MAX_CLASS_CHARS + 1)
                .collect();
            if chars.is_empty() || chars.len() > MAX_CLASS_CHARS {
                return None;
            }
            for c in chars {
                add(c.to_string().into_bytes().to_ascii_lowercase());
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class
                .ranges()
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .take(MAX_CLASS_CHARS + 1)
                .collect();
            if bytes.is_empty() || bytes.len() > MAX_CLASS_CHARS {
                return None;
            }
            for b in bytes {
                add(vec![b.to_ascii_lowercase()]);
            }
        }
        HirKind::Empty
        | HirKind::Look(_)
        | HirKind::Repetition(_)
        | HirKind::Concat(_)
        | HirKind::Alternation(_) => return None,
    }
    Some(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .expect("parses")
    }

    fn literals(pattern: &str) -> Option<Vec<String>> {
        required_literals(&parse(pattern)).map(|set| {
            let mut set: Vec<String> = set
                .into_iter()
                .map(|l| String::from_utf8(l).expect("UTF-8"))
                .collect();
            set.sort();
            set
        })
    }

    #[test]
    fn a_fixed_prefix_or_keyword_is_required() {
        assert_eq!(
            literals(r"\bSWMTKN-1-[0-9a-z]{40,}"),
            Some(vec!["swmtkn-1-".into()])
        );
        assert_eq!(
            literals(r"(?i)\b(?:api_key|token)\s*="),
            Some(vec![
                "api_key".into(),
                "api_\u{212a}ey".into(),
                "token".into(),
                "to\u{212a}en".into()
            ])
        );
        // The longest run wins over a shorter one.
        assert_eq!(literals(r"ab[0-9]+password"), Some(vec!["password".into()]));
        // `(?i)` letters are one letter's two cases, or three where Unicode folds further:
        // `k` also matches the Kelvin sign, `s` the long s.
        assert_eq!(literals(r"(?i)bearer"), Some(vec!["bearer".into()]));
        assert_eq!(
            literals(r"(?i)secret"),
            Some(vec!["secret".into(), "\u{17f}ecret".into()])
        );
        assert_eq!(
            literals(r"(?i)kubeconfig"),
            Some(vec!["kubeconfig".into(), "\u{212a}ubeconfig".into()])
        );
        // A wide class ends a run.
        assert_eq!(literals(r"key[0-9]id"), Some(vec!["key".into()]));
    }

    #[test]
    fn nothing_is_required_of_optional_or_open_patterns() {
        assert_eq!(literals(r"[A-Za-z0-9]{20,}"), None);
        assert_eq!(literals(r"(?:password)?x*"), None);
        assert_eq!(literals(r"(?:password|[0-9]+)"), None);
        assert_eq!(literals(r"\b"), None);
        assert_eq!(literals(r"(?:password)*"), None);
    }

    #[test]
    fn the_gate_tells_a_text_without_the_literals() {
        let gate = Gate::of(&parse(r"(?i)\bpassword\s*=")).expect("a gate");
        assert!(gate.may_match("PASSWORD=x", true));
        assert!(gate.may_match("my PassWord = x", true));
        assert!(!gate.may_match("user=bob", true));
        // A text too long for a signature goes to the search, or is searched for the literal
        // itself when an exact answer is asked.
        assert!(gate.may_match(&"user=bob ".repeat(4000), false));
        assert!(!gate.may_match(&"user=bob ".repeat(4000), true));
        assert!(gate.may_match(&format!("{} password=x", "user=bob ".repeat(4000)), true));
        // Unicode's other spelling of `s` is a match of `(?i)s`.
        assert!(gate.may_match("pa\u{17f}sword=x", true));
        // Non-ASCII text is compared as bytes.
        let gate = Gate::of(&parse("│ api")).expect("a gate");
        assert!(gate.may_match("a │ API", true));
        assert!(!gate.may_match("a | api", true));
    }

    /// A text that holds every byte triple of a literal, but not the literal, is ruled out by
    /// the exact check; the literal anywhere in a text, in any case of its ASCII letters, is
    /// found.
    #[test]
    fn a_literal_the_signature_lets_through_is_looked_for_in_the_text() {
        let gate = Gate::of(&parse(r"(?i)password\s*=")).expect("a gate");
        let text = "passwo sword";
        let mut signature = Signature::empty();
        signature.fill(text.as_bytes());
        assert!(gate.probes.iter().any(|probe| signature.may_contain(probe)));
        assert!(gate.may_match(text, false));
        assert!(!gate.may_match(text, true));
        assert!(!gate.may_match("passwor", true));
        assert!(gate.may_match("xx PASSword", true));
        assert!(gate.may_match("passwordx", true));
        assert!(holds(b"aXbc", b"xbc"));
        assert!(!holds(b"aXb", b"xbc"));
        // Non-letters are compared exactly.
        assert!(!holds(b"a=b", b"a-b"));
        assert!(holds("k \u{212a}ey".as_bytes(), "\u{212a}ey".as_bytes()));
        // Found whichever of its bytes the search starts from, at either end of the text.
        assert!(holds(b"zq at the start", b"zq at"));
        assert!(holds(b"at the end: x=k", b"x=k"));
        assert!(!holds(b"k", b"x=k"));
        assert!(holds(b"anything", b""));
    }

    /// A long text with thousands of distinct byte triples (a process list of 11 KB holds some
    /// 4,000) still rules out most literals it lacks: the signature's bits are not all set.
    #[test]
    fn a_long_varied_text_still_rules_out_absent_literals() {
        // A fixed pseudo-random sequence, so the test judges the same text every time.
        let mut state: u32 = 0x2545_F491;
        let mut next = move |n: u32| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 16) % n
        };
        // 11,000 bytes over 16 letters (`a` to `p`): nearly all 4,096 of their triples.
        let text: String = (0..11_000)
            .map(|_| char::from(b'a' + next(16) as u8))
            .collect();
        let mut signature = Signature::empty();
        signature.fill(text.as_bytes());
        // Literals of six letters from `q` to `z`, which the text cannot hold.
        let let_through = (0..200)
            .filter(|_| {
                let literal: String = (0..6).map(|_| char::from(b'q' + next(10) as u8)).collect();
                let gate = Gate::of(&parse(&literal)).expect("a gate");
                assert!(!gate.may_match(&text, true), "{literal} is not in the text");
                gate.probes.iter().any(|probe| signature.may_contain(probe))
            })
            .count();
        assert!(
            let_through <= 12,
            "{let_through} of 200 absent literals let through by shared bits"
        );
    }
}
