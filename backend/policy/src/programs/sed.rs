//! sed: options, and the script itself parsed command by command (GNU syntax). The `e` command
//! and the `e` flag of `s` run commands; `w`, `W` and the `w` flag of `s` write files; `r` and
//! `R` read files; `-i` edits files in place; a script from a file (`-f`) cannot be seen. A script
//! that cannot be parsed is not low.
//!
//! sed implementations split a script differently: GNU sed ends a regular expression at the
//! first unescaped delimiter, while BusyBox and BSD sed skip a bracket expression first
//! (`s/[/]/x/w FILE` writes FILE there, and is an error for GNU sed). A script is read in each of
//! these ways and judged by every effect any reading finds; one that some reading cannot parse is
//! not low either.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, changes, flag, optional, parse, unproven, value};

const SED: &[Opt] = &[
    flag("n|quiet|silent"),
    value("e|expression"),
    unproven("f|file", Takes::Value, "the script is read from a file"),
    Opt {
        names: "i|in-place",
        takes: Takes::Optional,
        role: crate::options::Role::Changes("edits files in place"),
    },
    value("l|line-length"),
    flag("b|binary"),
    flag("debug"),
    flag("E|r|regexp-extended"),
    flag("s|separate"),
    flag("sandbox"),
    flag("u|unbuffered"),
    flag("z|null-data"),
    flag("posix"),
    flag("follow-symlinks"),
    flag("help"),
    flag("version"),
    changes("c|copy", Takes::No, "edits files in place"),
    optional("color"),
];

/// What a sed script does besides filtering text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Runs(String),
    Writes(String),
    Reads(String),
}

pub fn judge(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    let parsed = parse(args, &Spec::gnu(SED));
    let mut j = Judgement::low("filters text");
    apply(ctx, "sed", &parsed, Operands::Inert, &mut j);
    // A script file's lines are quoted in sed's errors: judged as reading it.
    for file in parsed.values("file") {
        j.raise_path(ctx.read(file));
    }
    let expressions: Vec<&str> = parsed.values("expression").collect();
    let from_file = parsed.has("file");
    let (script, files) = if !expressions.is_empty() || from_file {
        (expressions.join("\n"), &parsed.operands[..])
    } else {
        match parsed.operands.split_first() {
            Some((script, files)) => ((*script).to_owned(), files),
            None => {
                j.raise(RiskLevel::Medium, "sed without a script");
                return Some(j);
            }
        }
    };
    let readings: Vec<_> = BRACKETS
        .iter()
        .map(|&brackets| read_script_as(&script, brackets))
        .collect();
    for reading in &readings {
        match reading {
            Ok((effects, _)) => {
                for effect in effects.clone() {
                    match effect {
                        Effect::Runs(command) => {
                            // A forbidden command is forbidden when sed runs it too.
                            let inner = crate::classify::judge_text(ctx, &command);
                            j.raise(
                                inner.level.max(RiskLevel::High),
                                format!("the sed script runs a command ({command})"),
                            );
                        }
                        Effect::Writes(file) => {
                            let (level, reason) = ctx.paths.write(&file);
                            j.raise(level, format!("the sed script writes {file}: {reason}"));
                        }
                        Effect::Reads(file) => {
                            j.raise(
                                RiskLevel::Medium,
                                format!("the sed script reads the file {file}"),
                            );
                            j.raise_path(ctx.read(&file));
                        }
                    }
                }
            }
            Err(why) => j.raise(
                RiskLevel::Medium,
                format!("the sed script cannot be read ({why})"),
            ),
        }
    }
    // Where nothing contains the command, every regular expression must be cheap to match
    // (`regexes.rs`).
    let dialect = if parsed.has("regexp-extended") {
        super::regexes::Dialect::Extended
    } else {
        super::regexes::Dialect::Basic
    };
    for (_, patterns) in readings.iter().flatten() {
        super::regexes::require_cheap(
            ctx,
            &mut j,
            "sed",
            patterns.iter().map(String::as_str),
            &[dialect],
        );
    }
    let in_place = parsed.has("in-place");
    // A script that only edits some lines and keeps the rest (`sed_edits.rs`), printing every
    // line (no `-n`) one at a time (no `-z`): the settings administrators edit this way
    // (`/etc/fstab`, `sshd_config`) keep what they held, a human's decision, as appended lines
    // do.
    let keeps_lines = !from_file
        && !parsed.has("quiet")
        && !parsed.has("null-data")
        && super::sed_edits::keeps_lines(&script);
    for file in files {
        j.raise_path(ctx.read(file));
        // Editing in place rewrites the file like `truncate` or `>` would: the account
        // database, sudo rights, devices and protected paths are forbidden, in any spelling.
        if in_place {
            let (level, reason) = if keeps_lines {
                ctx.paths.append(file)
            } else {
                ctx.paths.write(file)
            };
            if level == RiskLevel::Forbidden {
                j.raise(level, format!("sed -i rewrites {file}: {reason}"));
            }
        }
    }
    Some(j)
}

/// How a sed implementation reads a bracket expression (`[/]`, `[]/]`, `[[:alpha:]/]`) inside a
/// regular expression (an address or the pattern of `s`) while looking for its delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brackets {
    /// GNU sed: brackets are not special; the first unescaped delimiter ends the expression.
    Ignored,
    /// BusyBox sed: `[` opens one, the first `]` not right after `[` or `[^` closes it (in the
    /// first part of `y` too).
    Simple,
    /// BSD sed: as POSIX reads them, `[:class:]`, `[=e=]` and `[.c.]` inside included.
    Posix,
}

/// Every reading a script is judged by.
const BRACKETS: [Brackets; 3] = [Brackets::Ignored, Brackets::Simple, Brackets::Posix];

struct Reader<'a> {
    chars: &'a [char],
    at: usize,
    brackets: Brackets,
    /// The regular expressions read so far (addresses, `s` patterns).
    patterns: Vec<String>,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    /// The rest of the line (a file name, a label, text).
    fn rest_of_line(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.next() {
            if c == '\n' {
                break;
            }
            out.push(c);
        }
        out
    }

    /// A label: up to a newline or `;`.
    fn label(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' || c == ';' {
                break;
            }
            self.at += 1;
        }
    }

    /// A regular expression or replacement up to the unescaped `delimiter`, as written.
    fn delimited(&mut self, delimiter: char) -> Result<String, String> {
        let start = self.at;
        loop {
            match self.next() {
                None => return Err("an unterminated expression".to_owned()),
                Some('\\') => {
                    self.next();
                }
                Some(c) if c == delimiter => {
                    return Ok(self.chars[start..self.at - 1].iter().collect());
                }
                Some(_) => {}
            }
        }
    }

    /// A regular expression up to the unescaped `delimiter` outside any bracket expression (as
    /// this reading sees them), remembered.
    fn pattern(&mut self, delimiter: char) -> Result<(), String> {
        let pattern = self.bracketed(delimiter)?;
        self.patterns.push(pattern);
        Ok(())
    }

    /// Text up to the unescaped `delimiter` outside any bracket expression (as this reading
    /// sees them), as written.
    fn bracketed(&mut self, delimiter: char) -> Result<String, String> {
        let start = self.at;
        loop {
            match self.next() {
                None => return Err("an unterminated expression".to_owned()),
                Some('\\') => {
                    self.next();
                }
                Some(c) if c == delimiter => {
                    return Ok(self.chars[start..self.at - 1].iter().collect());
                }
                Some('[') if self.brackets != Brackets::Ignored => self.bracket()?,
                Some(_) => {}
            }
        }
    }

    /// The rest of a bracket expression whose `[` was just read.
    fn bracket(&mut self) -> Result<(), String> {
        if self.peek() == Some('^') {
            self.at += 1;
        }
        if self.peek() == Some(']') {
            self.at += 1;
        }
        loop {
            match self.next() {
                None => return Err("an unterminated bracket expression".to_owned()),
                Some(']') => return Ok(()),
                Some('[')
                    if self.brackets == Brackets::Posix
                        && matches!(self.peek(), Some('.' | ':' | '=')) =>
                {
                    let kind = self.next();
                    loop {
                        match self.next() {
                            None => return Err("an unterminated bracket expression".to_owned()),
                            Some(c) if Some(c) == kind && self.peek() == Some(']') => {
                                self.at += 1;
                                break;
                            }
                            Some(_) => {}
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }

    fn number(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        self.at > start
    }

    /// One address, if there is one.
    fn address(&mut self) -> Result<bool, String> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                self.number();
                if self.peek() == Some('~') {
                    self.at += 1;
                    self.number();
                }
            }
            Some('$') => self.at += 1,
            Some('/') => {
                self.at += 1;
                self.pattern('/')?;
                self.address_flags();
            }
            Some('\\') => {
                self.at += 1;
                let delimiter = self.next().ok_or("an address without a delimiter")?;
                self.pattern(delimiter)?;
                self.address_flags();
            }
            Some(_) | None => return Ok(false),
        }
        Ok(true)
    }

    fn address_flags(&mut self) {
        while matches!(self.peek(), Some('I' | 'M')) {
            self.at += 1;
        }
    }
}

/// Every effect of a sed script beyond filtering, as GNU sed reads it, or why it cannot be read.
#[cfg(test)]
pub fn script_effects(script: &str) -> Result<Vec<Effect>, String> {
    read_script_as(script, Brackets::Ignored).map(|(effects, _)| effects)
}

/// A sed script's effects and regular expressions as one reading sees them, or why it cannot be
/// read.
fn read_script_as(script: &str, brackets: Brackets) -> Result<(Vec<Effect>, Vec<String>), String> {
    let chars: Vec<char> = script.chars().collect();
    let mut r = Reader {
        chars: &chars,
        at: 0,
        brackets,
        patterns: Vec::new(),
    };
    let mut effects = Vec::new();
    loop {
        while matches!(r.peek(), Some(' ' | '\t' | '\n' | ';')) {
            r.at += 1;
        }
        let Some(_) = r.peek() else {
            return Ok((effects, r.patterns));
        };
        if r.peek() == Some('#') {
            r.rest_of_line();
            continue;
        }
        if r.address()? {
            r.skip_blanks();
            if r.peek() == Some(',') {
                r.at += 1;
                r.skip_blanks();
                if matches!(r.peek(), Some('+' | '~')) {
                    r.at += 1;
                    if !r.number() {
                        return Err("an address offset without a number".to_owned());
                    }
                } else if !r.address()? {
                    return Err("a range without its end".to_owned());
                }
            }
        }
        r.skip_blanks();
        while r.peek() == Some('!') {
            r.at += 1;
            r.skip_blanks();
        }
        let command = r.next().ok_or("an address without a command")?;
        if command == '{' {
            continue;
        }
        match command {
            '}' | '=' | 'd' | 'D' | 'g' | 'G' | 'h' | 'H' | 'n' | 'N' | 'p' | 'P' | 'x' | 'z'
            | 'F' => {}
            'l' | 'L' | 'q' | 'Q' => {
                r.skip_blanks();
                r.number();
            }
            'b' | 't' | 'T' | ':' | 'v' => {
                r.skip_blanks();
                r.label();
            }
            'a' | 'i' | 'c' => {
                // Text to the end of the line; `a\` continues on the next lines.
                loop {
                    let line = r.rest_of_line();
                    if !line.ends_with('\\') || r.peek().is_none() {
                        break;
                    }
                }
            }
            'r' | 'R' => {
                r.skip_blanks();
                effects.push(Effect::Reads(r.rest_of_line()));
            }
            'w' | 'W' => {
                r.skip_blanks();
                effects.push(Effect::Writes(r.rest_of_line()));
            }
            'e' => {
                r.skip_blanks();
                effects.push(Effect::Runs(r.rest_of_line()));
            }
            's' | 'y' => {
                let delimiter = r.next().ok_or("s without a delimiter")?;
                if matches!(delimiter, '\n' | '\\') {
                    return Err(format!("{command} with the delimiter {delimiter:?}"));
                }
                if command == 's' {
                    r.pattern(delimiter)?;
                } else if r.brackets == Brackets::Simple {
                    // BusyBox sed reads the first part of `y` as it reads a pattern.
                    r.bracketed(delimiter)?;
                } else {
                    r.delimited(delimiter)?;
                }
                r.delimited(delimiter)?;
                if command == 's' {
                    while let Some(flag) = r.peek() {
                        match flag {
                            'g' | 'p' | 'i' | 'I' | 'm' | 'M' => r.at += 1,
                            '0'..='9' => r.at += 1,
                            'e' => {
                                r.at += 1;
                                effects.push(Effect::Runs("the pattern space".to_owned()));
                            }
                            'w' => {
                                r.at += 1;
                                r.skip_blanks();
                                effects.push(Effect::Writes(r.rest_of_line()));
                            }
                            _ => break,
                        }
                    }
                }
            }
            other => return Err(format!("unknown command '{other}'")),
        }
        r.skip_blanks();
        match r.peek() {
            None | Some(';' | '\n' | '}' | '#') => {}
            Some(other) => return Err(format!("unexpected '{other}' after a command")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_read_command_by_command() {
        for harmless in [
            "s/a/b/g",
            "1,5p",
            "/^#/d; s|x|y|2",
            "$!N;P;D",
            "0,/re/I{s/x/y/;p}",
            "y/abc/xyz/",
            "1~2p",
            "/start/,+3d",
            "a hello; world",
            "s/a\\/b/c/",
            "w /dev/stdout",
        ] {
            assert!(
                script_effects(harmless).is_ok_and(|e| e
                    .iter()
                    .all(|e| matches!(e, Effect::Writes(f) if f == "/dev/stdout"))),
                "{harmless}: {:?}",
                script_effects(harmless)
            );
        }
        assert_eq!(
            script_effects("1e touch /tmp/x"),
            Ok(vec![Effect::Runs("touch /tmp/x".to_owned())])
        );
        assert_eq!(
            script_effects("s/x/y/e"),
            Ok(vec![Effect::Runs("the pattern space".to_owned())])
        );
        assert_eq!(
            script_effects("s/x/y/gw /etc/passwd"),
            Ok(vec![Effect::Writes("/etc/passwd".to_owned())])
        );
        assert_eq!(
            script_effects("/x/ r /etc/shadow"),
            Ok(vec![Effect::Reads("/etc/shadow".to_owned())])
        );
        assert_eq!(
            script_effects("p;W out"),
            Ok(vec![Effect::Writes("out".to_owned())])
        );
        assert!(script_effects("s/x/y").is_err());
    }

    #[test]
    fn bracket_expressions_are_read_as_busybox_and_bsd_sed_read_them() {
        let writes =
            |script: &str, brackets| read_script_as(script, brackets).map(|(effects, _)| effects);
        let tmp = || Ok(vec![Effect::Writes("/tmp/x".to_owned())]);
        let runs = || Ok(vec![Effect::Runs("the pattern space".to_owned())]);
        // GNU sed ends the pattern at the `/` inside the brackets: an error there.
        assert!(writes("s/[/]/x/w /tmp/x", Brackets::Ignored).is_err());
        for brackets in [Brackets::Simple, Brackets::Posix] {
            assert_eq!(writes("s/[/]/x/w /tmp/x", brackets), tmp());
            assert_eq!(writes("s/[^/]/x/w /tmp/x", brackets), tmp());
            assert_eq!(writes("s/[]/]/x/w /tmp/x", brackets), tmp());
            assert_eq!(writes("s/[/]/id/e", brackets), runs());
            assert_eq!(writes("/[/]/w /tmp/x", brackets), tmp());
            assert_eq!(writes("\\%[%]%w /tmp/x", brackets), tmp());
            // The replacement has no brackets, in every sed.
            assert_eq!(writes("s/a/[/w /tmp/x", brackets), tmp());
            assert!(writes("s/[/x/", brackets).is_err());
        }
        assert_eq!(writes("s/[[:alpha:]/]/x/w /tmp/x", Brackets::Posix), tmp());
        assert_eq!(writes("s/[[:alpha:]/x/w /tmp/x", Brackets::Simple), tmp());
        assert_eq!(writes("y/[/]/xyz/;w /tmp/x", Brackets::Simple), tmp());
        assert!(writes("y/[/]/xyz/;w /tmp/x", Brackets::Ignored).is_err());
        assert!(script_effects("k").is_err());
    }
}
