//! awk: options, and the program read token by token. `system()`, any pipe (`cmd | getline`,
//! `print | "cmd"`, `|&`), output redirections in `print`/`printf` (`>`, `>>`) and gawk's `@`
//! directives and indirect calls make it high; `getline < file` reads a file (not low). A program
//! that cannot be tokenised is not low. gawk's special files `/inet/…`, `/inet4/…` and `/inet6/…`
//! open a network connection (to the host they name, or listening on a port) wherever a file is
//! opened: as an operand, a program file (`-f`) or `getline < file`, or as the value of a
//! variable the line sets (`-v f=/inet/…`), which the program may open; high.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::normalize::is_assignment;
use crate::options::{Opt, Spec, Takes, flag, optional, parse, runs, unproven, value};

const AWK: &[Opt] = &[
    value("F|field-separator"),
    value("v|assign"),
    unproven("f|file", Takes::Value, "the program is read from a file"),
    value("e|source"),
    unproven("i|include", Takes::Value, "a library is read from a file"),
    runs("l|load"),
    unproven("E|exec", Takes::Value, "the program is read from a file"),
    flag("b|characters-as-bytes"),
    flag("c|traditional"),
    flag("C|copyright"),
    Opt {
        names: "d|dump-variables",
        takes: Takes::Optional,
        role: crate::options::Role::Writes,
    },
    unproven("D|debug", Takes::Optional, "the debugger reads commands"),
    flag("g|gen-pot"),
    flag("h|help"),
    flag("I|trace"),
    flag("k|csv"),
    optional("L|lint"),
    flag("M|bignum"),
    flag("N|use-lc-numeric"),
    flag("n|non-decimal-data"),
    Opt {
        names: "o|pretty-print",
        takes: Takes::Optional,
        role: crate::options::Role::Writes,
    },
    Opt {
        names: "p|profile",
        takes: Takes::Optional,
        role: crate::options::Role::Writes,
    },
    flag("O|optimize"),
    flag("P|posix"),
    flag("r|re-interval"),
    flag("s|no-optimize"),
    flag("S|sandbox"),
    flag("t|lint-old"),
    flag("V|version"),
    unproven("W", Takes::Value, "implementation options"),
];

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let parsed = parse(args, &Spec::posix(AWK));
    let mut j = Judgement::low("filters text");
    apply(ctx, name, &parsed, Operands::Inert, &mut j);
    // A program file's lines are quoted in awk's syntax errors: judged as reading it.
    for file in parsed.values("file").chain(parsed.values("exec")) {
        raise_network(&mut j, name, file);
        j.raise_path(ctx.read(file));
    }
    for file in parsed.values("include") {
        raise_network(&mut j, name, file);
    }
    // gawk's `inplace` library (`-i inplace`, `--include=inplace.awk`, `-l inplace` where an
    // extension of that name loads it) rewrites every file operand: each is judged as
    // written (`gawk -i inplace '{print}' /etc/passwd` rewrites the account database).
    let in_place = parsed
        .values("include")
        .chain(parsed.values("load"))
        .any(|library| {
            let base = library.rsplit('/').next().unwrap_or(library);
            base.trim_end_matches(".awk").trim_end_matches(".so") == "inplace"
        });
    if in_place {
        j.raise(
            RiskLevel::High,
            format!("{name} -i inplace rewrites the files it reads"),
        );
        // The program is the first operand unless `-f`, `-e` or `--source` gave it.
        let given = parsed.has("file") || parsed.has("exec") || parsed.has("source");
        for file in parsed
            .operands
            .iter()
            .skip(usize::from(!given))
            .filter(|f| !is_assignment(f))
        {
            let (level, reason) = ctx.paths.write(file);
            j.raise(level, format!("{name} -i inplace: {reason}"));
        }
    }
    // gawk -M computes with integers of any size: one power (`2^2^36` is 8 GiB) fills memory,
    // and printing it in decimal takes hours. Containment's resource bounds cap both; nothing
    // does where nothing contains the command.
    if ctx.paths.uncontained && parsed.has("bignum") {
        j.raise(
            RiskLevel::Medium,
            format!(
                "{name} -M computes with integers of any size (one power, `2^2^36`, fills memory); nothing bounds its memory or time where nothing contains it"
            ),
        );
    }
    let sources: Vec<&str> = parsed.values("source").collect();
    let from_file = parsed.has("file") || parsed.has("exec");
    let (programs, files): (Vec<String>, &[&str]) = if !sources.is_empty() || from_file {
        (
            sources.iter().map(|s| (*s).to_owned()).collect(),
            &parsed.operands[..],
        )
    } else {
        match parsed.operands.split_first() {
            Some((program, files)) => (vec![(*program).to_owned()], files),
            None => {
                j.raise(RiskLevel::Medium, "awk without a program");
                return Some(j);
            }
        }
    };
    // Where nothing contains the command, every regular expression must be cheap to match
    // (`regexes.rs`), and seen: one taken from the data or a variable is not proven cheap.
    if programs
        .iter()
        .any(|p| matches_unseen_regex(p).unwrap_or(true))
    {
        super::ending::require(ctx, &mut j, false, || {
            format!(
                "{name} matches a regular expression the line does not show (a field or a variable), which may take unbounded time to match"
            )
        });
    }
    // The field separator is a regular expression too.
    // So are the values of `-v` and operand assignments (`-v FS=…`, `FS=… file`), which the
    // program may use as one.
    let assigned = parsed
        .values("assign")
        .chain(files.iter().copied().filter(|f| is_assignment(f)))
        .filter_map(|a| a.split_once('=').map(|(_, value)| value));
    let assigned: Vec<&str> = assigned.collect();
    // A variable set to a network file may name it where the program opens a file it computes
    // (`-v f=/inet/tcp/0/HOST/80 'BEGIN { getline < f }'`).
    for value in &assigned {
        raise_network(&mut j, name, value);
    }
    let separators = parsed
        .values("field-separator")
        .chain(assigned)
        .map(str::to_owned);
    let patterns: Vec<String> = programs
        .iter()
        .filter_map(|p| program_patterns(p).ok())
        .flatten()
        .chain(separators)
        .collect();
    super::regexes::require_cheap(
        ctx,
        &mut j,
        name,
        patterns.iter().map(String::as_str),
        &[super::regexes::Dialect::Extended],
    );
    for program in &programs {
        match program_effects(program) {
            Ok(effects) => {
                for effect in effects {
                    match effect {
                        AwkEffect::Runs(what) => j.raise(
                            RiskLevel::High,
                            format!("the awk program runs commands ({what})"),
                        ),
                        AwkEffect::Writes(Some(file)) => {
                            let (level, reason) = ctx.paths.write(&file);
                            j.raise(level, format!("the awk program writes {file}: {reason}"));
                        }
                        AwkEffect::Writes(None) => j.raise(
                            RiskLevel::High,
                            "the awk program writes to a file named by an expression",
                        ),
                        AwkEffect::Reads(file) => {
                            j.raise(RiskLevel::Medium, "the awk program reads a file it names");
                            if let Some(file) = file {
                                raise_network(&mut j, name, &file);
                                j.raise_path(ctx.read(&file));
                            }
                        }
                    }
                }
            }
            Err(why) => j.raise(
                RiskLevel::Medium,
                format!("the awk program cannot be read ({why})"),
            ),
        }
    }
    for file in files {
        if !is_assignment(file) {
            raise_network(&mut j, name, file);
            j.raise_path(ctx.read(file));
        }
    }
    Some(j)
}

/// Whether gawk opens `file` as a network connection: `/inet/PROTOCOL/LOCAL-PORT/HOST/PORT`
/// (and `/inet4/…`, `/inet6/…`) connects to HOST, or with a local port and host 0 listens there.
/// A name with more slashes in front (`//inet/…`) is judged the same.
fn network_file(file: &str) -> bool {
    file.starts_with('/')
        && ["inet/", "inet4/", "inet6/"]
            .iter()
            .any(|special| file.trim_start_matches('/').starts_with(special))
}

/// Raises a file gawk would open as a network connection to high.
fn raise_network(j: &mut Judgement, name: &str, file: &str) {
    if network_file(file) {
        j.raise(
            RiskLevel::High,
            format!(
                "{name} opens {file} as a network connection (gawk's special files connect to the host they name, or listen on a port)"
            ),
        );
    }
}

/// What an awk program does besides computing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwkEffect {
    Runs(&'static str),
    /// A file written by `print > file`: its name when it is a literal.
    Writes(Option<String>),
    Reads(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Str(String),
    Number,
    Regex(String),
    Punct(&'static str),
    Newline,
}

const PUNCTS: &[&str] = &[
    "|&", "||", "&&", ">>", ">=", "<=", "==", "!=", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=",
    "**", "!~", "{", "}", "(", ")", "[", "]", ";", ",", "|", ">", "<", "!", "~", "?", ":", "=",
    "+", "-", "*", "/", "%", "^", "$", "@",
];

fn tokens(program: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = program.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\n' => {
                out.push(Token::Newline);
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err("an unterminated string".to_owned()),
                        Some('"') => break,
                        Some('\\') => {
                            if let Some(&next) = chars.get(i + 1) {
                                text.push(next);
                            }
                            i += 1;
                        }
                        Some(&other) => text.push(other),
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token::Str(text));
            }
            '/' if regex_allowed(out.last()) => {
                i += 1;
                let start = i;
                let mut class = false;
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err("an unterminated regex".to_owned()),
                        Some('\\') => i += 1,
                        Some('[') => class = true,
                        Some(']') => class = false,
                        Some('/') if !class => break,
                        Some(_) => {}
                    }
                    i += 1;
                }
                out.push(Token::Regex(chars[start..i].iter().collect()));
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
            c if c.is_ascii_digit() || c == '.' => {
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
                {
                    i += 1;
                }
                out.push(Token::Number);
            }
            _ => {
                let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
                let Some(punct) = PUNCTS.iter().find(|p| rest.starts_with(**p)) else {
                    return Err(format!("unexpected '{c}'"));
                };
                i += punct.chars().count();
                out.push(Token::Punct(punct));
            }
        }
    }
    Ok(out)
}

/// A `/` starts a regex unless it follows an operand.
fn regex_allowed(previous: Option<&Token>) -> bool {
    match previous {
        None | Some(Token::Newline) => true,
        Some(Token::Word(word)) => matches!(
            word.as_str(),
            "print" | "printf" | "return" | "in" | "case" | "if" | "while" | "do" | "else"
        ),
        Some(Token::Str(_) | Token::Number | Token::Regex(_)) => false,
        Some(Token::Punct(p)) => !matches!(*p, ")" | "]" | "$" | "++" | "--"),
    }
}

/// Every effect of an awk program beyond computing, or why it cannot be read.
pub fn program_effects(program: &str) -> Result<Vec<AwkEffect>, String> {
    let tokens = tokens(program)?;
    let mut effects = Vec::new();
    // Inside a print or printf statement: the parenthesis depth it started at.
    let mut printing: Option<usize> = None;
    let mut depth = 0usize;
    let mut getline_in_statement = false;
    for (at, token) in tokens.iter().enumerate() {
        match token {
            Token::Word(word) => match word.as_str() {
                "system" => effects.push(AwkEffect::Runs("system()")),
                "print" | "printf" => printing = Some(depth),
                "getline" => getline_in_statement = true,
                // A program that sets ARGV or ARGC chooses the files awk reads itself: every
                // string in it may be one of them.
                "ARGV" | "ARGC" => {
                    effects.push(AwkEffect::Reads(None));
                    effects.extend(tokens.iter().filter_map(|t| match t {
                        Token::Str(text) => Some(AwkEffect::Reads(Some(text.clone()))),
                        Token::Word(_)
                        | Token::Number
                        | Token::Regex(_)
                        | Token::Punct(_)
                        | Token::Newline => None,
                    }));
                }
                _ => {}
            },
            Token::Punct("|" | "|&") => effects.push(AwkEffect::Runs("a pipe to a command")),
            Token::Punct("@") => effects.push(AwkEffect::Runs("a gawk directive or indirect call")),
            Token::Punct("(" | "[") => depth += 1,
            Token::Punct(")" | "]") => depth = depth.saturating_sub(1),
            Token::Punct(";" | "{" | "}") | Token::Newline => {
                printing = None;
                getline_in_statement = false;
            }
            Token::Punct(">" | ">>") if printing == Some(depth) => {
                effects.push(AwkEffect::Writes(literal(tokens.get(at + 1))));
            }
            Token::Punct("<") if getline_in_statement => {
                effects.push(AwkEffect::Reads(literal(tokens.get(at + 1))));
            }
            Token::Punct(_) | Token::Str(_) | Token::Number | Token::Regex(_) => {}
        }
    }
    Ok(effects)
}

/// Whether an awk program matches a regular expression the line does not show: the right of
/// `~`/`!~`, the regex argument of `sub`, `gsub`, `gensub`, `match`, `split` and `patsplit`
/// that is neither a `/regex/` nor a string literal (a field, a variable: the data or a
/// `-v` assignment chooses it).
pub fn matches_unseen_regex(program: &str) -> Result<bool, String> {
    let tokens = tokens(program)?;
    let literal = |t: Option<&Token>| matches!(t, Some(Token::Regex(_) | Token::Str(_)));
    for (at, token) in tokens.iter().enumerate() {
        let unseen = match token {
            Token::Punct("~" | "!~") => !literal(tokens.get(at + 1)),
            Token::Word(word) if tokens.get(at + 1) == Some(&Token::Punct("(")) => {
                // The argument that is the regex: its index among the call's arguments.
                let position = match word.as_str() {
                    "sub" | "gsub" | "gensub" => 0,
                    "match" => 1,
                    "split" | "patsplit" => 2,
                    _ => continue,
                };
                match argument_start(&tokens, at + 2, position) {
                    Some(start) => !literal(tokens.get(start)),
                    // `split(s, a)` splits on FS.
                    None => position < 2,
                }
            }
            Token::Word(_)
            | Token::Punct(_)
            | Token::Str(_)
            | Token::Number
            | Token::Regex(_)
            | Token::Newline => false,
        };
        if unseen {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where the `position`th argument of a call whose arguments start at `start` begins.
fn argument_start(tokens: &[Token], start: usize, position: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut seen = 0;
    if position == 0 {
        return Some(start);
    }
    for (at, token) in tokens.iter().enumerate().skip(start) {
        match token {
            Token::Punct("(" | "[") => depth += 1,
            Token::Punct(")" | "]") if depth == 0 => return None,
            Token::Punct(")" | "]") => depth -= 1,
            Token::Punct(",") if depth == 0 => {
                seen += 1;
                if seen == position {
                    return Some(at + 1);
                }
            }
            Token::Word(_)
            | Token::Punct(_)
            | Token::Str(_)
            | Token::Number
            | Token::Regex(_)
            | Token::Newline => {}
        }
    }
    None
}

/// The regular expressions an awk program matches: its `/regex/` literals, and its strings where
/// it matches strings as regular expressions (`$0 ~ "x+"`, `match()`, `sub()`, `split()`).
pub fn program_patterns(program: &str) -> Result<Vec<String>, String> {
    let tokens = tokens(program)?;
    let dynamic = tokens.iter().any(|t| match t {
        Token::Punct(p) => matches!(*p, "~" | "!~"),
        Token::Word(w) => matches!(
            w.as_str(),
            "match" | "sub" | "gsub" | "gensub" | "split" | "patsplit"
        ),
        Token::Str(_) | Token::Number | Token::Regex(_) | Token::Newline => false,
    });
    Ok(tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Regex(text) => Some(text),
            Token::Str(text) if dynamic => Some(text),
            Token::Str(_) | Token::Word(_) | Token::Number | Token::Punct(_) | Token::Newline => {
                None
            }
        })
        .collect())
}

fn literal(token: Option<&Token>) -> Option<String> {
    match token {
        Some(Token::Str(text)) => Some(text.clone()),
        Some(
            Token::Word(_) | Token::Number | Token::Regex(_) | Token::Punct(_) | Token::Newline,
        )
        | None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_read_token_by_token() {
        for harmless in [
            "{print $1}",
            "{ if ($3 > 100) print $1 }",
            "$9 >= 500 { n++ } END { print n }",
            "BEGIN { FS=\":\" } { print $1, $NF }",
            "/error/ { c[$5]++ } END { for (k in c) printf \"%s %d\\n\", k, c[k] }",
            "{ print ($2 > 5) }",
            "{ s += $2 / 1024 } END { print s }",
            "{ print > \"/dev/stderr\" }",
            "length($0) > 72",
            "{ getline; print }",
        ] {
            let effects = program_effects(harmless);
            assert!(
                effects.as_ref().is_ok_and(|e| e
                    .iter()
                    .all(|e| *e == AwkEffect::Writes(Some("/dev/stderr".to_owned())))),
                "{harmless}: {effects:?}"
            );
        }
        for (program, effect) in [
            ("BEGIN { system(\"id\") }", AwkEffect::Runs("system()")),
            (
                "{ \"date\" | getline d }",
                AwkEffect::Runs("a pipe to a command"),
            ),
            ("{ print | \"sh\" }", AwkEffect::Runs("a pipe to a command")),
            (
                "{ print $1 > \"/etc/passwd\" }",
                AwkEffect::Writes(Some("/etc/passwd".to_owned())),
            ),
            ("{ printf(\"%s\", $1) >> f }", AwkEffect::Writes(None)),
            (
                "BEGIN { while ((getline l < \"/etc/shadow\") > 0) print l }",
                AwkEffect::Reads(Some("/etc/shadow".to_owned())),
            ),
            (
                "@load \"x\"",
                AwkEffect::Runs("a gawk directive or indirect call"),
            ),
        ] {
            assert!(
                program_effects(program).is_ok_and(|e| e.contains(&effect)),
                "{program}: {:?}",
                program_effects(program)
            );
        }
        assert!(program_effects("{ print \"open }").is_err());
    }

    #[test]
    fn gawk_network_files_are_known_by_name() {
        for network in [
            "/inet/tcp/0/10.0.0.1/80",
            "/inet4/udp/0/evil.example/53",
            "/inet6/tcp/8080/0/0",
            "//inet/tcp/0/10.0.0.1/80",
        ] {
            assert!(network_file(network), "{network}");
        }
        for file in [
            "inet/tcp/0/x/80",
            "/var/inet/x",
            "/inetd.conf",
            "/etc/inet/hosts",
        ] {
            assert!(!network_file(file), "{file}");
        }
    }
}
