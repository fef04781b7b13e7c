//! Regular expressions known to be cheap to match. Where nothing contains the command
//! (`ssh_exec`), nothing bounds a match's time or memory either, and a pattern can make a
//! matcher work for hours on one line: backtracking engines (PCRE for `grep -P` and
//! `journalctl -g`, Oniguruma for jq, GNU regex for back-references) take exponential time on
//! nested quantifiers (`(a+)+$`) and on quantified alternatives that overlap (`(a|aa)*b`),
//! automaton engines (`grep -E`, awk) take exponential memory on nested or large bounded repeats
//! (`x{1000}{1000}`), and back-references (`\(a*\)*\1`) are NP-hard to match.
//!
//! The model is positive: a pattern is cheap when it is short, has no back-reference, no
//! quantifier applied to a group that holds a quantifier or an alternative, no quantifier on a
//! quantifier, bounded repeats of at most [`MOST_REPEATS`], at most [`MOST_UNBOUNDED`]
//! unbounded quantifiers, and (in Perl syntax) only plain, non-capturing, named, lookaround and
//! option groups. Anything else, a construct not known here included, is not proven cheap.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Raises `j` to medium where nothing contains the command and one of `patterns`, read in any
/// of `dialects`, is not proven cheap to match (`shown` names the program).
pub fn require_cheap<'a>(
    ctx: &Ctx,
    j: &mut Judgement,
    shown: &str,
    patterns: impl IntoIterator<Item = &'a str>,
    dialects: &[Dialect],
) {
    if !ctx.paths.uncontained {
        return;
    }
    for pattern in patterns {
        if let Some(why) = dialects.iter().find_map(|d| costly(pattern, *d)) {
            j.raise(
                RiskLevel::Medium,
                format!("{shown} '{pattern}': {why} may take unbounded time or memory to match, and nothing bounds it where nothing contains the command"),
            );
            return;
        }
    }
}

/// The syntax a pattern is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// POSIX basic (grep, sed): `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?` are operators.
    Basic,
    /// POSIX extended (grep -E, sed -E, awk, find -regextype posix-extended).
    Extended,
    /// Perl (grep -P, rg -P, journalctl -g, jq): extended, with `(?...)` groups, lazy and
    /// possessive quantifiers, and escapes inside brackets.
    Perl,
}

/// The longest pattern known to be cheap to compile.
const LONGEST: usize = 1024;
/// The largest bound of a repeat (`{n,m}`) known to be cheap.
pub const MOST_REPEATS: u32 = 255;
/// The most unbounded quantifiers (`*`, `+`, `{n,}`) a pattern may hold: each may try every
/// split of a line against the others.
pub const MOST_UNBOUNDED: usize = 4;

/// What was last read, for what a quantifier applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    /// Nothing a quantifier could apply to (the start, `|`, `(`, an anchor).
    Nothing,
    /// A character, a class, an escape.
    Plain,
    /// A group, and whether it holds a quantifier or an alternative.
    Group { repeats_inside: bool },
    /// A quantified atom.
    Quantified,
}

/// One open group.
#[derive(Debug, Default, Clone, Copy)]
struct Frame {
    quantified: bool,
    alternatives: bool,
}

/// Why `pattern` is not proven cheap to match in `dialect`, if it is not.
pub fn costly(pattern: &str, dialect: Dialect) -> Option<String> {
    if pattern.len() > LONGEST {
        return Some(format!("a pattern longer than {LONGEST} bytes"));
    }
    let chars: Vec<char> = pattern.chars().collect();
    let basic = dialect == Dialect::Basic;
    let perl = dialect == Dialect::Perl;
    let mut frames = vec![Frame::default()];
    let mut last = Atom::Nothing;
    let mut unbounded = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        // What the character is: an operator of this dialect, or an atom.
        let (operator, escaped) = if c == '\\' {
            let Some(&next) = chars.get(i) else {
                return Some("a pattern ending in a backslash".to_owned());
            };
            i += 1;
            if next.is_ascii_digit() && next != '0' {
                return Some(format!("the back-reference \\{next}"));
            }
            if perl && matches!(next, 'g' | 'k') {
                return Some(format!("the back-reference \\{next}"));
            }
            if perl && next == 'Q' {
                // Quoted to `\E`: literal characters.
                while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E')) {
                    i += 1;
                }
                i += 2;
                last = Atom::Plain;
                continue;
            }
            if perl && matches!(next, 'x' | 'p' | 'P' | 'N' | 'o') && chars.get(i) == Some(&'{') {
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                i += 1;
            }
            if perl && next == 'c' {
                i += 1;
            }
            let operator = basic && matches!(next, '(' | ')' | '{' | '}' | '|' | '+' | '?');
            (if operator { Some(next) } else { None }, true)
        } else {
            let operator = !basic && matches!(c, '(' | ')' | '{' | '|' | '+' | '?')
                || matches!(c, '*' | '[' | '^' | '$');
            (if operator { Some(c) } else { None }, false)
        };
        let Some(op) = operator else {
            last = Atom::Plain;
            continue;
        };
        match op {
            '[' if !escaped => {
                i = match bracket_end(&chars, i, perl) {
                    Some(end) => end,
                    None => return Some("an unterminated bracket expression".to_owned()),
                };
                last = Atom::Plain;
            }
            '^' | '$' => last = Atom::Nothing,
            '(' => {
                if perl && chars.get(i) == Some(&'*') {
                    return Some("a PCRE verb `(*...)`".to_owned());
                }
                if perl && chars.get(i) == Some(&'?') {
                    match perl_group(&chars, i + 1) {
                        PerlGroup::Opens(after) => i = after,
                        PerlGroup::Options(after) => {
                            i = after;
                            continue;
                        }
                        PerlGroup::Unknown(what) => {
                            return Some(format!("the construct (?{what}"));
                        }
                    }
                }
                frames.push(Frame::default());
                last = Atom::Nothing;
            }
            ')' => {
                if frames.len() < 2 {
                    return Some("an unbalanced `)`".to_owned());
                }
                let inner = frames.pop().unwrap_or_default();
                // What a group holds, the groups around it hold too: `((a+))+` nests.
                if let Some(outer) = frames.last_mut() {
                    outer.quantified |= inner.quantified;
                    outer.alternatives |= inner.alternatives;
                }
                last = Atom::Group {
                    repeats_inside: inner.quantified || inner.alternatives,
                };
            }
            '|' => {
                if let Some(frame) = frames.last_mut() {
                    frame.alternatives = true;
                }
                last = Atom::Nothing;
            }
            '*' | '+' | '?' | '{' => {
                let (at_most, next) = if op == '{' {
                    match repeat(&chars, i, basic) {
                        Some(bounds) => bounds,
                        // Not a repeat: a literal brace.
                        None => {
                            last = Atom::Plain;
                            continue;
                        }
                    }
                } else if op == '?' {
                    (Some(1), i)
                } else {
                    (None, i)
                };
                i = next;
                match last {
                    // A leading `*` is a literal.
                    Atom::Nothing => {
                        last = Atom::Plain;
                        continue;
                    }
                    // Perl's lazy `*?` and possessive `*+` change how, not how often.
                    Atom::Quantified if perl && matches!(op, '?' | '+') => continue,
                    Atom::Quantified => {
                        return Some("a quantifier on a quantifier".to_owned());
                    }
                    Atom::Group {
                        repeats_inside: true,
                    } if at_most != Some(1) => {
                        return Some(
                            "a repeated group that holds a quantifier or an alternative".to_owned(),
                        );
                    }
                    Atom::Group { .. } | Atom::Plain => {}
                }
                match at_most {
                    None => unbounded += 1,
                    Some(n) if n > MOST_REPEATS => {
                        return Some(format!("a repeat of up to {n} (more than {MOST_REPEATS})"));
                    }
                    Some(_) => {}
                }
                if unbounded > MOST_UNBOUNDED {
                    return Some(format!("more than {MOST_UNBOUNDED} unbounded quantifiers"));
                }
                if let Some(frame) = frames.last_mut() {
                    frame.quantified = true;
                }
                last = Atom::Quantified;
            }
            _ => last = Atom::Plain,
        }
    }
    if frames.len() > 1 {
        return Some("an unbalanced `(`".to_owned());
    }
    None
}

/// Where a bracket expression that opened before `start` ends (after its `]`). POSIX reads a
/// backslash in it as itself; Perl as an escape.
fn bracket_end(chars: &[char], start: usize, perl: bool) -> Option<usize> {
    let mut i = start;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    // A `]` first is a member.
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    while let Some(&c) = chars.get(i) {
        match c {
            ']' => return Some(i + 1),
            '\\' if perl => i += 2,
            '[' if matches!(chars.get(i + 1), Some(':' | '=' | '.')) => {
                let close = chars[i + 1];
                let mut j = i + 2;
                while j + 1 < chars.len() && !(chars[j] == close && chars[j + 1] == ']') {
                    j += 1;
                }
                i = j + 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// The bound of a repeat `{n}`, `{n,}`, `{n,m}`, `{,m}` that opened before `start` (`\{...\}` in
/// basic syntax), with where it ends; `None` where the brace is not a repeat. An unbounded
/// repeat has no bound.
fn repeat(chars: &[char], start: usize, basic: bool) -> Option<(Option<u32>, usize)> {
    let mut i = start;
    let mut text = String::new();
    loop {
        let c = *chars.get(i)?;
        if basic && c == '\\' && chars.get(i + 1) == Some(&'}') {
            i += 2;
            break;
        }
        if !basic && c == '}' {
            i += 1;
            break;
        }
        if !(c.is_ascii_digit() || c == ',') || text.len() > 12 {
            return None;
        }
        text.push(c);
        i += 1;
    }
    let number = |s: &str| -> Option<u32> { s.parse().ok() };
    let bound = match text.split_once(',') {
        None => Some(number(&text)?),
        Some((low, "")) => {
            if !low.is_empty() {
                number(low)?;
            }
            None
        }
        Some((low, high)) => {
            if !low.is_empty() {
                number(low)?;
            }
            Some(number(high)?)
        }
    };
    Some((bound, i))
}

/// What a Perl `(?` group is.
enum PerlGroup {
    /// A group that holds a pattern, which starts at the index.
    Opens(usize),
    /// Options for the rest of the pattern (`(?i)`), which continues at the index.
    Options(usize),
    /// Anything else (recursion, conditionals, callouts, comments, back-references).
    Unknown(String),
}

/// Reads a Perl group whose `?` is just before `start`.
fn perl_group(chars: &[char], start: usize) -> PerlGroup {
    let rest: String = chars[start..].iter().take(3).collect();
    for opener in [":", "=", "!", "<=", "<!", ">", "|"] {
        if rest.starts_with(opener) {
            return PerlGroup::Opens(start + opener.len());
        }
    }
    // Named groups: `(?<name>`, `(?P<name>`, `(?'name'`.
    let name_start = if rest.starts_with("P<") {
        Some((start + 2, '>'))
    } else if rest.starts_with('<') {
        Some((start + 1, '>'))
    } else if rest.starts_with('\'') {
        Some((start + 1, '\''))
    } else {
        None
    };
    if let Some((at, close)) = name_start {
        let mut i = at;
        while chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            i += 1;
        }
        if i > at && chars.get(i) == Some(&close) {
            return PerlGroup::Opens(i + 1);
        }
        return PerlGroup::Unknown(rest);
    }
    // Options: `(?i)`, `(?-s)`, `(?i:...)`; extended mode (`x`) reads comments, which could
    // hide the pattern from this reading.
    let mut i = start;
    while chars
        .get(i)
        .is_some_and(|c| matches!(c, 'i' | 'm' | 's' | 'n' | 'U' | '-'))
    {
        i += 1;
    }
    match chars.get(i) {
        Some(')') if i > start => PerlGroup::Options(i + 1),
        Some(':') if i > start => PerlGroup::Opens(i + 1),
        _ => PerlGroup::Unknown(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::{Basic, Extended, Perl};

    #[test]
    fn patterns_that_blow_up_are_not_cheap() {
        for (pattern, dialect) in [
            ("(a+)+$", Perl),
            ("(a+)+$", Extended),
            ("(a*)*b", Extended),
            ("(a|aa)*b", Extended),
            ("(a|a)+$", Perl),
            ("x{1000}{1000}", Extended),
            ("x{1000}", Extended),
            ("x{2}{3}", Extended),
            ("a**", Extended),
            ("\\(a*\\)*\\1", Basic),
            ("\\(a\\)\\1", Basic),
            ("(a)\\1", Extended),
            ("(?<x>a)\\k<x>", Perl),
            ("(a)\\g1", Perl),
            ("(?R)", Perl),
            ("(?1)", Perl),
            ("(?(1)a|b)", Perl),
            ("(*LIMIT_MATCH=999999999)(a+)+", Perl),
            ("(?x)(a # )\n+)+", Perl),
            ("\\(a\\+\\)\\+", Basic),
            ("x\\{1000\\}\\{1000\\}", Basic),
            ("(([a-z])+.)+[A-Z]([a-z])+$", Perl),
            (".*.*.*.*.*=.*", Perl),
            ("(a+){2}", Perl),
            ("((a+))+", Extended),
            ("(?:(?:a|aa))*b", Perl),
            ("((a)", Extended),
            ("[a", Extended),
            ("[\\](a+)+]", Extended),
        ] {
            assert!(costly(pattern, dialect).is_some(), "{pattern} {dialect:?}");
        }
    }

    #[test]
    fn everyday_patterns_are_cheap() {
        for (pattern, dialect) in [
            ("error", Basic),
            ("^Dec  2 1[0-9]:", Basic),
            ("error\\|warn", Basic),
            ("(error|warn)", Extended),
            ("^(GET|POST) /api", Extended),
            (
                "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
                Extended,
            ),
            ("\\d+\\.\\d+", Perl),
            ("(?i)timeout", Perl),
            ("(?<=user=)\\w+", Perl),
            ("(?:foo|bar)?baz", Perl),
            ("a.*?b", Perl),
            ("[[:space:]]+$", Extended),
            ("[]a]+", Extended),
            ("\\[error\\]", Basic),
            ("(a+)?", Extended),
            ("func\\(", Extended),
            ("status=[45][0-9]{2}", Extended),
            ("{", Extended),
        ] {
            assert_eq!(costly(pattern, dialect), None, "{pattern} {dialect:?}");
        }
    }
}
