//! Reading one simple command's words as a POSIX shell reads them: quotes, backslashes,
//! comments, redirections wherever they stand, brace expansion; and noting what only a shell
//! would expand (variables, wildcards, `~`). The words match `shlex::split` for a command without
//! shell syntax, which is how Warden splits what it runs on the host.

/// The words and redirections of one simple command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexed {
    pub words: Vec<String>,
    pub writes_to: Vec<String>,
    /// The targets of `>>` and `&>>` (also in `writes_to`): lines added after what the file
    /// holds.
    pub appends_to: Vec<String>,
    pub reads_from: Vec<String>,
    /// Whether any redirection was present.
    pub redirects: bool,
    /// Whether a shell would expand something (variables, wildcards, `~`, braces).
    pub expands: bool,
    /// Words with unquoted wildcards.
    pub globs: Vec<String>,
    /// An input redirection gives the command data (`< FILE`, `<<< TEXT`, `<<EOF`, `<&N`,
    /// `<>`), whichever descriptor it names; `< /dev/null` gives none.
    pub fed: bool,
    /// The texts `<<< TEXT` gives the command as its input.
    pub here_strings: Vec<String>,
}

/// A word as read: its characters, each marked quoted or not.
#[derive(Debug, Clone, Default)]
struct Word {
    chars: Vec<(char, bool)>,
    /// Something in it was quoted (so it exists even when empty: `''`).
    quoted: bool,
}

impl Word {
    fn text(&self) -> String {
        let mut text = String::with_capacity(self.chars.len());
        text.extend(self.chars.iter().map(|(c, _)| c));
        text
    }

    fn is_empty(&self) -> bool {
        self.chars.is_empty() && !self.quoted
    }

    fn push(&mut self, c: char, quoted: bool) {
        self.chars.push((c, quoted));
        self.quoted |= quoted;
    }
}

/// The characters of `text`, in a vector allocated once.
pub fn chars_of(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    chars.extend(text.chars());
    chars
}

/// At most this many words come out of brace expansion of one command.
const MAX_WORDS: usize = 1024;

/// Reads `segment` (one simple command, operators already split off).
pub fn lex(segment: &str) -> Result<Lexed, String> {
    let chars = chars_of(segment);
    let mut out = Lexed::default();
    let mut raw: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, ' ' | '\t' | '\n') {
            i += 1;
            continue;
        }
        if c == '#' {
            // A comment runs to the end of the line.
            break;
        }
        let (word, next) = read_word(&chars, i, &mut out.expands)?;
        i = next;
        // A redirection operator right after the word: the word may be its descriptor (`2>`,
        // `{fd}>`), otherwise it is a word of its own (`x>/f`).
        if matches!(chars.get(i), Some('<' | '>')) || chars.get(i) == Some(&'&') {
            let text = word.text();
            let descriptor = !word.quoted
                && !text.is_empty()
                && (text.chars().all(|c| c.is_ascii_digit())
                    || (text.starts_with('{') && text.ends_with('}')));
            if !descriptor && !word.is_empty() {
                raw.push(word);
            }
            i = redirection(&chars, i, &mut out)?;
            continue;
        }
        if !word.is_empty() {
            raw.push(word);
        }
    }
    for word in raw {
        // Braces a shell would expand (`{a,b}`, `{1..9}`), even when too many to expand here.
        out.expands |= brace_like(&word.chars);
        if word.chars.contains(&('{', false)) {
            for expanded in expand_braces(&word, 0)? {
                push_word(&mut out, &expanded)?;
            }
        } else {
            push_word(&mut out, &word)?;
        }
    }
    Ok(out)
}

/// Adds a word, noting unquoted wildcards.
fn push_word(out: &mut Lexed, word: &Word) -> Result<(), String> {
    let text = word.text();
    if word
        .chars
        .iter()
        .any(|&(c, quoted)| !quoted && matches!(c, '*' | '?' | '['))
    {
        out.expands = true;
        out.globs.push(text.clone());
    }
    out.words.push(text);
    if out.words.len() > MAX_WORDS {
        return Err("too many words after brace expansion".to_owned());
    }
    Ok(())
}

/// Reads one word from `start` up to an unquoted blank or redirection operator.
fn read_word(chars: &[char], start: usize, expands: &mut bool) -> Result<(Word, usize), String> {
    let mut word = Word {
        chars: Vec::with_capacity(16),
        quoted: false,
    };
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '<' | '>' => break,
            '&' if matches!(chars.get(i + 1), Some('>')) => break,
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&next) => word.push(next, true),
                    None => return Err("a line ends with a lone backslash".to_owned()),
                }
                i += 2;
                continue;
            }
            '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '\'')
                    .ok_or_else(|| "an unterminated quote".to_owned())?;
                word.quoted = true;
                for &inner in &chars[i + 1..i + 1 + end] {
                    word.push(inner, true);
                }
                i += end + 2;
                continue;
            }
            '"' => {
                word.quoted = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("an unterminated quote".to_owned()),
                        Some('"') => break,
                        Some('\\') => match chars.get(i + 1) {
                            Some('\n') => i += 1,
                            Some(&next @ ('$' | '`' | '"' | '\\')) => {
                                word.push(next, true);
                                i += 1;
                            }
                            Some(_) | None => word.push('\\', true),
                        },
                        Some('$') => {
                            *expands |= expands_dollar(chars.get(i + 1));
                            word.push('$', true);
                        }
                        Some(&other) => word.push(other, true),
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            // bash's ANSI-C quoting: `$'\x2fetc/fstab'` is `/etc/fstab` to a shell that has it
            // (bash, busybox ash, a `/bin/sh` that is bash), so the word is judged by its value.
            '$' if chars.get(i + 1) == Some(&'\'') => {
                *expands = true;
                word.quoted = true;
                i = ansi_c_quoted(chars, i + 2, &mut word)?;
                continue;
            }
            // `$"…"` is a double-quoted string translated by the locale: its text as written.
            '$' if chars.get(i + 1) == Some(&'"') => {
                *expands = true;
                i += 1;
                continue;
            }
            '$' => {
                *expands |= expands_dollar(chars.get(i + 1));
                word.push(c, false);
            }
            '~' if word.chars.is_empty()
                || matches!(word.chars.last(), Some(('=' | ':', false))) =>
            {
                *expands = true;
                word.push(c, false);
            }
            _ => word.push(c, false),
        }
        i += 1;
    }
    Ok((word, i))
}

/// Reads the body of `$'…'` from `start` (after the opening quote) into `word`, decoding
/// bash's escapes; returns the index after the closing quote.
fn ansi_c_quoted(chars: &[char], start: usize, word: &mut Word) -> Result<usize, String> {
    let mut i = start;
    let digits = |from: usize, radix: u32, most: usize| -> (u32, usize) {
        let mut value = 0u32;
        let mut taken = 0;
        while taken < most
            && let Some(d) = chars.get(from + taken).and_then(|c| c.to_digit(radix))
        {
            value = value.saturating_mul(radix).saturating_add(d);
            taken += 1;
        }
        (value, taken)
    };
    loop {
        match chars.get(i) {
            None => return Err("an unterminated quote".to_owned()),
            Some('\'') => return Ok(i + 1),
            Some('\\') => {
                let Some(&escape) = chars.get(i + 1) else {
                    return Err("an unterminated quote".to_owned());
                };
                i += 2;
                let decoded = match escape {
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'e' | 'E' => Some('\u{1b}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\u{b}'),
                    '\\' | '\'' | '"' | '?' => Some(escape),
                    'x' | 'u' | 'U' => {
                        let most = match escape {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let (value, taken) = digits(i, 16, most);
                        if taken == 0 {
                            word.push('\\', true);
                            Some(escape)
                        } else {
                            i += taken;
                            char::from_u32(value)
                        }
                    }
                    '0'..='7' => {
                        let (value, taken) = digits(i - 1, 8, 3);
                        i += taken - 1;
                        char::from_u32(value & 0xff)
                    }
                    'c' => {
                        let control = chars.get(i).map(|c| (*c as u32) & 0x1f);
                        i += 1;
                        control.and_then(char::from_u32)
                    }
                    other => {
                        word.push('\\', true);
                        Some(other)
                    }
                };
                if let Some(c) = decoded {
                    word.push(c, true);
                }
            }
            Some(&c) => {
                word.push(c, true);
                i += 1;
            }
        }
    }
}

/// `$` followed by a name, a special parameter, `{`, `(` or a quote is expanded by a shell.
fn expands_dollar(next: Option<&char>) -> bool {
    next.is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '_' | '{' | '(' | '\'' | '"' | '@' | '*' | '#' | '?' | '$' | '!' | '-'
            )
    })
}

/// Reads a redirection operator at `start` and its target; returns the index after it.
fn redirection(chars: &[char], start: usize, out: &mut Lexed) -> Result<usize, String> {
    out.redirects = true;
    let mut i = start;
    let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
    #[derive(PartialEq)]
    enum Kind {
        Write,
        Read,
        Duplicate,
        Data,
    }
    let (kind, len) = if rest.starts_with("&>>") {
        (Kind::Write, 3)
    } else if rest.starts_with("&>") || rest.starts_with(">>") || rest.starts_with(">|") {
        (Kind::Write, 2)
    } else if rest.starts_with(">&") || rest.starts_with("<&") {
        (Kind::Duplicate, 2)
    } else if rest.starts_with("<<<") || rest.starts_with("<<-") {
        (Kind::Data, 3)
    } else if rest.starts_with("<<") {
        (Kind::Data, 2)
    } else if rest.starts_with("<>") {
        (Kind::Write, 2)
    } else if rest.starts_with('>') {
        (Kind::Write, 1)
    } else if rest.starts_with('<') {
        (Kind::Read, 1)
    } else {
        return Err(format!("cannot read the redirection at '{rest}'"));
    };
    let input = chars[start] == '<';
    let appends = rest.starts_with(">>") || rest.starts_with("&>>");
    i += len;
    while matches!(chars.get(i), Some(' ' | '\t')) {
        i += 1;
    }
    let (target, next) = read_word(chars, i, &mut out.expands)?;
    if target.is_empty() {
        return Err("a redirection without a target".to_owned());
    }
    let text = target.text();
    // `< /dev/null` gives nothing (`openssl s_client -connect H:443 < /dev/null`).
    if input && !(kind == Kind::Read && text == "/dev/null") {
        out.fed = true;
    }
    match kind {
        Kind::Write => {
            if appends {
                out.appends_to.push(text.clone());
            }
            out.writes_to.push(text);
        }
        Kind::Read => out.reads_from.push(text),
        // `>&2`, `<&0`, `>&-` duplicate or close a descriptor; `>&file` writes the file.
        Kind::Duplicate if text == "-" || text.chars().all(|c| c.is_ascii_digit()) => {}
        Kind::Duplicate if chars[start] == '>' => out.writes_to.push(text),
        Kind::Duplicate => out.reads_from.push(text),
        Kind::Data if rest.starts_with("<<<") => out.here_strings.push(text),
        Kind::Data => {}
    }
    Ok(next)
}

/// Whether unquoted braces hold an unquoted `,` or `..`: a shell would expand them.
fn brace_like(chars: &[(char, bool)]) -> bool {
    let Some(open) = chars.iter().position(|&c| c == ('{', false)) else {
        return false;
    };
    let Some(close) = chars.iter().rposition(|&c| c == ('}', false)) else {
        return false;
    };
    if close <= open {
        return false;
    }
    let inner = &chars[open..close];
    inner.contains(&(',', false))
        || inner
            .windows(2)
            .any(|pair| pair == [('.', false), ('.', false)])
}

/// Bash's brace expansion: `a{b,c}d` is `abd acd`, `{1..3}` is `1 2 3`; quoted braces and
/// commas are literal.
fn expand_braces(word: &Word, depth: usize) -> Result<Vec<Word>, String> {
    if depth > 8 {
        return Err("braces nested too deep".to_owned());
    }
    let chars = &word.chars;
    let closed = closed_braces(chars)?;
    for open in 0..chars.len() {
        // Only a brace that closes can open a group: looking for the close of every other one
        // made a line of 16,000 `{` take seconds.
        if chars[open] != ('{', false) || !closed[open] {
            continue;
        }
        let Some((close, alternatives)) = brace_group(chars, open) else {
            continue;
        };
        let prefix = &chars[..open];
        let suffix = &chars[close + 1..];
        let mut out = Vec::new();
        for alternative in alternatives {
            let mut joined = Word {
                chars: prefix.to_vec(),
                quoted: word.quoted,
            };
            joined.chars.extend(alternative);
            joined.chars.extend_from_slice(suffix);
            out.extend(expand_braces(&joined, depth + 1)?);
            if out.len() > MAX_WORDS {
                return Err("too many words after brace expansion".to_owned());
            }
        }
        return Ok(out);
    }
    Ok(vec![word.clone()])
}

/// Braces nested deeper than this are refused: a shell would not be asked for them, and each
/// level is scanned again.
const MAX_BRACE_NESTING: usize = 32;

/// For each character, whether it is an unquoted `{` that an unquoted `}` closes: one pass with
/// a stack, so finding the groups stays linear in the word's length.
fn closed_braces(chars: &[(char, bool)]) -> Result<Vec<bool>, String> {
    let mut closed = vec![false; chars.len()];
    let mut open = Vec::new();
    for (at, &(c, quoted)) in chars.iter().enumerate() {
        match (c, quoted) {
            ('{', false) => {
                open.push(at);
                if open.len() > MAX_BRACE_NESTING {
                    return Err("braces nested too deep".to_owned());
                }
            }
            ('}', false) => {
                if let Some(start) = open.pop() {
                    closed[start] = true;
                }
            }
            _ => {}
        }
    }
    Ok(closed)
}

/// The closing brace of the group opened at `open` and its alternatives, when it is a brace
/// expansion (a top-level comma, or a `a..b` sequence).
/// Characters of a word, each marked quoted or not.
type Marked = Vec<(char, bool)>;

fn brace_group(chars: &[(char, bool)], open: usize) -> Option<(usize, Vec<Marked>)> {
    let mut depth = 0;
    let mut commas = Vec::new();
    for (at, &(c, quoted)) in chars.iter().enumerate().skip(open) {
        if quoted {
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let inner = &chars[open + 1..at];
                    if commas.is_empty() {
                        return sequence(inner).map(|alternatives| (at, alternatives));
                    }
                    let mut alternatives = Vec::new();
                    let mut from = open + 1;
                    for &comma in &commas {
                        alternatives.push(chars[from..comma].to_vec());
                        from = comma + 1;
                    }
                    alternatives.push(chars[from..at].to_vec());
                    return Some((at, alternatives));
                }
            }
            ',' if depth == 1 => commas.push(at),
            _ => {}
        }
    }
    None
}

/// `1..5`, `5..1`, `a..e` (with an optional `..step`), as bash expands them; bounded.
fn sequence(inner: &[(char, bool)]) -> Option<Vec<Marked>> {
    let text: String = inner.iter().map(|(c, _)| c).collect();
    let parts: Vec<&str> = text.split("..").collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let step: i64 = match parts.get(2) {
        Some(step) => step.parse::<i64>().ok()?.checked_abs()?.max(1),
        None => 1,
    };
    let word = |text: String| text.chars().map(|c| (c, false)).collect::<Vec<_>>();
    if let (Ok(from), Ok(to)) = (parts[0].parse::<i64>(), parts[1].parse::<i64>()) {
        let count = (from - to).checked_abs()? / step + 1;
        if count > MAX_WORDS as i64 {
            return None;
        }
        let direction = if to >= from { step } else { -step };
        return Some(
            (0..count)
                .map(|k| word((from + k * direction).to_string()))
                .collect(),
        );
    }
    let (mut a, mut b) = (parts[0].chars(), parts[1].chars());
    let (Some(from), None, Some(to), None) = (a.next(), a.next(), b.next(), b.next()) else {
        return None;
    };
    if !from.is_ascii_alphabetic() || !to.is_ascii_alphabetic() {
        return None;
    }
    let (from, to) = (from as i64, to as i64);
    let direction = if to >= from { step } else { -step };
    let count = (from - to).abs() / step + 1;
    Some(
        (0..count)
            .filter_map(|k| u8::try_from(from + k * direction).ok())
            .map(|b| word(char::from(b).to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_shlex_without_shell_syntax() {
        for line in [
            "grep -E 'a b' \"c d\" e",
            "echo \"a\\\"b\" 'c\\d' e\\ f",
            "ls -la /var/log # a comment",
            "printf '%s\\n' \"$\"",
            "echo '' \"\" x",
            "a\\\nb",
        ] {
            let lexed = lex(line).unwrap_or_default();
            assert_eq!(Some(lexed.words), shlex::split(line), "{line}");
        }
    }

    #[test]
    fn ansi_c_quoting_is_judged_by_its_value() {
        for (line, word) in [
            ("cat $'/etc/fstab'", "/etc/fstab"),
            ("cat $'\\x2fetc/fstab'", "/etc/fstab"),
            ("cat $'\\057etc/fstab'", "/etc/fstab"),
            ("cat /etc/fsta$'b'", "/etc/fstab"),
            ("cat $'a\\tb'", "a\tb"),
            ("cat $'\\u002fetc'", "/etc"),
            ("cat $'a\\'b'", "a'b"),
            ("cat $\"/etc/fstab\"", "/etc/fstab"),
        ] {
            let lexed = lex(line).unwrap_or_default();
            assert!(lexed.expands, "{line}");
            assert_eq!(lexed.words.get(1).map(String::as_str), Some(word), "{line}");
        }
        assert!(lex("cat $'/etc/fstab").is_err());
    }

    #[test]
    fn descriptors_and_targets() {
        let lexed = lex("cmd 2>/tmp/err 1>&2 {fd}>/tmp/x <&0 <<<data <<EOF").unwrap_or_default();
        assert_eq!(lexed.words, vec!["cmd"]);
        assert_eq!(lexed.writes_to, vec!["/tmp/err", "/tmp/x"]);
        assert!(lexed.reads_from.is_empty());
        assert!(lex("echo >").is_err());
        assert!(lex("echo {1..99999999}").is_ok_and(|l| l.expands));
        assert!(lex("echo }x{").is_ok_and(|l| !l.expands));
        assert!(lex("git show stash@{0}").is_ok_and(|l| !l.expands));
        assert!(lex("echo x\\").is_err());
    }

    #[test]
    fn braces_are_matched_in_one_pass_and_nesting_is_bounded() {
        // Many braces that never close, or close without commas, stay literal words.
        let unclosed = format!("echo {}", "{".repeat(30));
        assert_eq!(
            lex(&unclosed).map(|l| l.words),
            Ok(vec!["echo".to_owned(), "{".repeat(30)])
        );
        let literal = format!("echo {}", "{x}".repeat(5000));
        assert_eq!(
            lex(&literal).map(|l| l.words),
            Ok(vec!["echo".to_owned(), "{x}".repeat(5000)])
        );
        // Expansion inside and after literal groups still happens.
        assert_eq!(
            lex("echo {x}a{b,c}").map(|l| l.words),
            Ok(vec![
                "echo".to_owned(),
                "{x}ab".to_owned(),
                "{x}ac".to_owned()
            ])
        );
        // The longest lines the guard reads, of braces that never close: refused as too deep.
        for piece in ["{", "${", "{,", "{$", "{-"] {
            let line = format!("echo {}", piece.repeat(16_384 / piece.len()));
            assert_eq!(
                lex(&line).map(|l| l.words),
                Err("braces nested too deep".to_owned())
            );
        }
    }
}
