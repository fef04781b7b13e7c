//! Whether a sed script given to `sed -i` edits some of a file's lines and keeps the rest: the
//! edits an administrator makes to `/etc/fstab` or `sshd_config` (`s/^PermitRootLogin
//! .*/PermitRootLogin no/`, `/swap/s/^/#/`, `$a TEXT`, `/^Banner/d`) are a human's decision,
//! where emptying or deleting every line (`d`, `1,$d`, `s/.*//`, `q`, `-n`) destroys the file.
//!
//! A positive model: the script is parsed command by command, and only these pass:
//! - `s/RE/TEXT/FLAGS` (flags among `g`, `p`, `I`, `M` and a number) where RE must match
//!   some literal text (not only `.*`, brackets or optional parts), or only inserts at an
//!   anchor (`s/^/#/`), or the command's address picks lines by literal text or number;
//! - `a`, `i` (lines added);
//! - `d` and `c` with one address picking lines by literal text (`/^Banner/d`) or by number
//!   (`3d`), never a range, a negation or every line;
//! - `p` and comments.
//!
//! Anything else (`q`, `z`, `N`, `D`, `y`, hold space, branches, blocks, `e` and `w`, a `-n`
//! comment) is not parsed as an edit: the caller judges the file rewritten.

/// Whether `script` only edits lines and keeps the others (see the module's description).
pub fn keeps_lines(script: &str) -> bool {
    let chars: Vec<char> = script.chars().collect();
    // `#n` as the first line is `-n`: only printed lines are kept.
    if script == "#n" || script.starts_with("#n\n") {
        return false;
    }
    let mut at = 0;
    loop {
        while at < chars.len() && matches!(chars[at], ' ' | '\t' | '\n' | ';') {
            at += 1;
        }
        if at >= chars.len() {
            return true;
        }
        let Some((address, next)) = read_address(&chars, at) else {
            return false;
        };
        at = next;
        while at < chars.len() && matches!(chars[at], ' ' | '\t') {
            at += 1;
        }
        let Some(&command) = chars.get(at) else {
            return false;
        };
        at += 1;
        match command {
            's' => {
                let Some((pattern, _replacement, next)) = read_substitution(&chars, at) else {
                    return false;
                };
                at = next;
                let targeted =
                    only_inserts(&pattern) || must_match_literal(&pattern) || address.picks_lines();
                if !targeted {
                    return false;
                }
                while let Some(&flag) = chars.get(at) {
                    if matches!(flag, 'g' | 'p' | 'I' | 'i' | 'M' | 'm') || flag.is_ascii_digit() {
                        at += 1;
                    } else {
                        break;
                    }
                }
            }
            'a' | 'i' | 'c' => {
                if command == 'c' && !address.picks_lines() {
                    return false;
                }
                // The text runs to the end of the script's line, `;` included.
                while at < chars.len() && chars[at] != '\n' {
                    if chars[at] == '\\' {
                        at += 1;
                    }
                    at += 1;
                }
            }
            'd' => {
                if !address.picks_lines() {
                    return false;
                }
            }
            'p' => {}
            '#' if address == Address::Every => {
                while at < chars.len() && chars[at] != '\n' {
                    at += 1;
                }
            }
            _ => return false,
        }
        while at < chars.len() && matches!(chars[at], ' ' | '\t') {
            at += 1;
        }
        match chars.get(at) {
            None | Some(';' | '\n') => {}
            Some(_) => return false,
        }
    }
}

/// The lines a command applies to.
#[derive(Debug, PartialEq, Eq)]
enum Address {
    /// No address: every line.
    Every,
    /// One line by number, or lines matching a regular expression that must match literal
    /// text (`/^Banner/`).
    Picked,
    /// A range, a negation, `$`, a step, or a regular expression that may match any line.
    Other,
}

impl Address {
    fn picks_lines(&self) -> bool {
        *self == Address::Picked
    }
}

/// The address at `chars[at..]` and where the command starts, or `None` if unparsed.
fn read_address(chars: &[char], mut at: usize) -> Option<(Address, usize)> {
    let Some((first, next)) = read_one_address(chars, at)? else {
        return Some((Address::Every, at));
    };
    at = next;
    let mut address = first;
    if chars.get(at) == Some(&',') {
        at += 1;
        if matches!(chars.get(at), Some('+' | '~')) {
            at += 1;
            while chars.get(at).is_some_and(char::is_ascii_digit) {
                at += 1;
            }
        } else {
            let (_, next) = read_one_address(chars, at)??;
            at = next;
        }
        address = Address::Other;
    }
    while chars.get(at) == Some(&' ') {
        at += 1;
    }
    if chars.get(at) == Some(&'!') {
        at += 1;
        address = Address::Other;
    }
    Some((address, at))
}

/// One address: `Some(None)` where there is none, `None` where it cannot be parsed.
fn read_one_address(chars: &[char], mut at: usize) -> Option<Option<(Address, usize)>> {
    match chars.get(at) {
        Some(c) if c.is_ascii_digit() => {
            let start = at;
            while chars.get(at).is_some_and(char::is_ascii_digit) {
                at += 1;
            }
            let number: String = chars[start..at].iter().collect();
            if chars.get(at) == Some(&'~') || number.trim_start_matches('0').is_empty() {
                // `first~step` picks many lines; line 0 is only GNU's `0,/re/`.
                return Some(Some((Address::Other, skip_step(chars, at))));
            }
            Some(Some((Address::Picked, at)))
        }
        Some('$') => Some(Some((Address::Other, at + 1))),
        Some('/') => {
            let (pattern, next) = read_delimited(chars, at + 1, '/')?;
            Some(Some((
                regex_address(&pattern),
                skip_regex_flags(chars, next),
            )))
        }
        Some('\\') => {
            let delimiter = *chars.get(at + 1)?;
            let (pattern, next) = read_delimited(chars, at + 2, delimiter)?;
            Some(Some((
                regex_address(&pattern),
                skip_regex_flags(chars, next),
            )))
        }
        _ => Some(None),
    }
}

fn skip_step(chars: &[char], mut at: usize) -> usize {
    if chars.get(at) == Some(&'~') {
        at += 1;
        while chars.get(at).is_some_and(char::is_ascii_digit) {
            at += 1;
        }
    }
    at
}

fn skip_regex_flags(chars: &[char], mut at: usize) -> usize {
    while matches!(chars.get(at), Some('I' | 'M')) {
        at += 1;
    }
    at
}

fn regex_address(pattern: &str) -> Address {
    if must_match_literal(pattern) {
        Address::Picked
    } else {
        Address::Other
    }
}

/// `s`'s pattern and replacement after `s` at `chars[at..]`, and where its flags start.
fn read_substitution(chars: &[char], at: usize) -> Option<(String, String, usize)> {
    let delimiter = *chars.get(at)?;
    if matches!(delimiter, '\\' | '\n' | ' ') {
        return None;
    }
    let (pattern, next) = read_delimited(chars, at + 1, delimiter)?;
    let (replacement, next) = read_delimited(chars, next, delimiter)?;
    Some((pattern, replacement, next))
}

/// The text up to the first unescaped `delimiter` (escapes kept, an escaped delimiter
/// unescaped), and the position after it.
fn read_delimited(chars: &[char], mut at: usize, delimiter: char) -> Option<(String, usize)> {
    let mut text = String::new();
    while let Some(&c) = chars.get(at) {
        if c == '\\' {
            let next = *chars.get(at + 1)?;
            if next != delimiter {
                text.push('\\');
            }
            text.push(next);
            at += 2;
            continue;
        }
        if c == delimiter {
            return Some((text, at + 1));
        }
        if c == '\n' {
            return None;
        }
        text.push(c);
        at += 1;
    }
    None
}

/// Whether a pattern is only anchors (`^`, `$`): `s/^/#/` inserts, removing nothing.
fn only_inserts(pattern: &str) -> bool {
    pattern.chars().all(|c| c == '^' || c == '$')
}

/// Whether every match of `pattern` contains at least one literal character other than white
/// space: not a pattern of only `.`, brackets, blanks, anchors and optional parts (`.*`,
/// `[^ ]*`, `\(.*\)`, `x*`, ` `), which matches any line. Alternation fails closed. Read in both dialects at once: `+`, `?`, `{`,
/// `(`, `)` and `|` count as operators escaped or not.
pub fn must_match_literal(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    // Literal characters counted per open group; a group's count joins its parent's unless a
    // quantifier follows it.
    let mut counts: Vec<usize> = vec![0];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let (atom_literal, width) = match c {
            '\\' => match chars.get(i + 1) {
                None => return false,
                Some('(') => {
                    counts.push(0);
                    i += 2;
                    continue;
                }
                Some(')') => {
                    let Some(inner) = close_group(&mut counts) else {
                        return false;
                    };
                    i += 2;
                    let (quantified, after) = quantifier(&chars, i);
                    i = after;
                    if !quantified {
                        *counts.last_mut().unwrap_or(&mut 0) += inner;
                    }
                    continue;
                }
                Some('|') => return false,
                Some(d) if d.is_ascii_digit() => (false, 2),
                Some('w' | 'W' | 's' | 'S' | 'b' | 'B' | '<' | '>' | '`' | '\'') => (false, 2),
                Some('+' | '?' | '{' | '}') => (false, 2),
                // `\t`, `\n` and an escaped blank match white space, which every line holds.
                Some('t' | 'n' | ' ') => (false, 2),
                Some(_) => (true, 2),
            },
            '(' => {
                counts.push(0);
                i += 1;
                continue;
            }
            ')' => {
                let Some(inner) = close_group(&mut counts) else {
                    return false;
                };
                i += 1;
                let (quantified, after) = quantifier(&chars, i);
                i = after;
                if !quantified {
                    *counts.last_mut().unwrap_or(&mut 0) += inner;
                }
                continue;
            }
            '|' => return false,
            '[' => {
                let Some(end) = bracket_end(&chars, i) else {
                    return false;
                };
                (false, end - i)
            }
            '.' | '^' | '$' | '*' | '+' | '?' | '{' | '}' => (false, 1),
            c if c.is_whitespace() => (false, 1),
            _ => (true, 1),
        };
        i += width;
        let (quantified, after) = quantifier(&chars, i);
        i = after;
        if atom_literal && !quantified {
            *counts.last_mut().unwrap_or(&mut 0) += 1;
        }
    }
    counts.len() == 1 && counts[0] > 0
}

fn close_group(counts: &mut Vec<usize>) -> Option<usize> {
    if counts.len() < 2 {
        return None;
    }
    counts.pop()
}

/// Whether the quantifiers starting at `chars[i]` (`*`, `?`, `\?`, `{…}`, `\{…\}`; `+` and
/// `\+` need one match) may let the atom before them match nothing, and where they end. Every
/// interval counts as one that may.
fn quantifier(chars: &[char], mut i: usize) -> (bool, usize) {
    let mut found = false;
    loop {
        match chars.get(i) {
            Some('+') => {
                i += 1;
                continue;
            }
            Some('\\') if chars.get(i + 1) == Some(&'+') => {
                i += 2;
                continue;
            }
            Some('*' | '?') => i += 1,
            Some('\\') if chars.get(i + 1) == Some(&'?') => i += 2,
            Some('{') => {
                while chars.get(i).is_some_and(|c| *c != '}') {
                    i += 1;
                }
                i += 1;
            }
            Some('\\') if chars.get(i + 1) == Some(&'{') => {
                while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'}')) {
                    i += 1;
                }
                i += 2;
            }
            _ => return (found, i.min(chars.len())),
        }
        found = true;
    }
}

/// The position after the bracket expression opening at `chars[start]`.
fn bracket_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    while let Some(&c) = chars.get(i) {
        if c == '[' && matches!(chars.get(i + 1), Some(':' | '.' | '=')) {
            let close = chars.get(i + 1).copied()?;
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == close && chars[i + 1] == ']') {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c == ']' {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_of_some_lines_keep_the_file() {
        for script in [
            "s/^PermitRootLogin .*/PermitRootLogin no/",
            r"s/^#\?PasswordAuthentication.*/PasswordAuthentication no/",
            "s/defaults/defaults,noatime/",
            "s|/dev/sdb1|UUID=abcd|",
            "/swap/s/^/#/",
            r"s/^\(.*swap.*\)$/#\1/",
            "s/Port 22/Port 2222/g",
            "$a PermitRootLogin no",
            "/swap/d",
            "/^Banner/c Banner none",
            "3d",
            "s/^/#/",
            "s/a/b/; s/c/d/",
            "/x/s/.*//",
            "s/,noatime//",
            "s/a+/b/",
        ] {
            assert!(keeps_lines(script), "{script}");
        }
    }

    #[test]
    fn edits_that_empty_or_delete_every_line_are_not_edits() {
        for script in [
            "d",
            "1,$d",
            "s/.*//",
            "q",
            "1q",
            "/./d",
            "/^/d",
            "/.*/d",
            "/UUID/!d",
            "0~1d",
            "c\\x",
            "1,$c\\x",
            "s/[^ ]*//g",
            r"s/\(.*\)//",
            "s/.\\+//",
            "s/..*//",
            "s/x*//",
            "s/a\\|.*//",
            "y/abc/xyz/",
            "s/x/y/e",
            "s/a/b/w /etc/passwd",
            "s/a/b/;d",
            "N;N;d",
            "H;$!d",
            "z",
            "#n",
            "{d}",
            "$d",
            "s/.*/#&/",
            "/ /d",
            "s/ //g",
            r"s/\t//g",
        ] {
            assert!(!keeps_lines(script), "{script}");
        }
    }
}
