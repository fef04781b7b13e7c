//! The commands `xargs` builds where the line itself supplies its input: the words `echo` or
//! `printf` prints to it, the text of a here-string, or the files `find` lists. `echo / | xargs
//! rm -rf` runs `rm -rf /`, and `find / | xargs rm -rf` runs what `find / -exec rm -rf {} +`
//! runs; each is judged as that line (a forbidden one makes the line forbidden). Input the line
//! does not show (`xargs -a FILE`, `cat list | xargs`, `ls | xargs`) is an item the line cannot
//! know: the command is judged as if given a command substitution's output.

use crate::normalize::base_name;
use crate::options::{Spec, parse};
use crate::parse::Command;
use crate::wrappers::XARGS;

/// An item xargs reads from input the line does not show: the word a command substitution
/// leaves (`destroy.rs` `is_unknowable`).
pub const UNKNOWN_ITEM: &str = "__substitution__";

/// The lines the `xargs` of `parts[index]` runs, as far as the line shows its input.
pub fn xargs_lines(parts: &[Command], index: usize) -> Vec<String> {
    let Some(part) = parts.get(index) else {
        return Vec::new();
    };
    // `sudo xargs`, `nice xargs`, `/usr/bin/xargs`: the xargs word wherever it stands.
    let Some(at) = part.words.iter().position(|w| base_name(w) == "xargs") else {
        return Vec::new();
    };
    let args = &part.words[at + 1..];
    let parsed = parse(args, &Spec::posix(XARGS));
    let mut command: Vec<String> = parsed.operands.iter().map(|w| (*w).to_owned()).collect();
    if command.is_empty() {
        command.push("echo".to_owned());
    }
    // `-I R` and `-i[R]` put each item where R stands, one command per item.
    let replace = parsed.values("I").next().map(str::to_owned).or_else(|| {
        parsed
            .has("i")
            .then(|| parsed.values("i").next().unwrap_or("{}").to_owned())
    });
    let previous = index.checked_sub(1).and_then(|i| parts.get(i));
    if part.fed
        && let Some(finder) = previous
        && finder.words.first().is_some_and(|w| base_name(w) == "find")
    {
        return vec![as_find_exec(&finder.words, &command, replace.as_deref())];
    }
    let mut input: Vec<String> = part.here_strings.clone();
    // The printer's unquoted wildcards (`printf '%s\0' * | xargs -0 shred -u`) are the names
    // the shell expands them to, so xargs gives each name to its command: the item is the
    // wildcard itself, unquoted, as `shred -u *` is.
    let mut expanded: &[String] = &[];
    if part.fed
        && let Some(printer) = previous
        && let Some(text) = printed_text(&printer.words)
    {
        input.push(text);
        expanded = &printer.globs;
    }
    if input.is_empty() {
        // Input the line does not show (`ls | xargs rm -rf`, `cat list | xargs`, `xargs -a
        // FILE`): each item may be any name, `/` or a system directory among them, relative to
        // a working directory that may be `/`. The command is judged with an item it cannot
        // know, as `rm -rf $(ls)` is.
        let words: Vec<String> = match replace.as_deref() {
            Some(mark) => command
                .iter()
                .map(|w| w.replace(mark, UNKNOWN_ITEM))
                .collect(),
            None => command
                .iter()
                .cloned()
                .chain([UNKNOWN_ITEM.to_owned()])
                .collect(),
        };
        return vec![joined(&words)];
    }
    let input = input.join("\n");
    // How xargs splits its input into items: lines with `-I`/`-i`/`-L`/`-l`, NULs with `-0`,
    // the delimiter of `-d`, otherwise blanks and newlines.
    let items: Vec<String> = if parsed.has("0") {
        input
            .split('\0')
            .map(|i| i.trim_end_matches('\n').to_owned())
            .collect()
    } else if let Some(delimiter) = parsed.values("d").next() {
        let delimiter = match delimiter {
            "\\n" => "\n",
            "\\0" => "\0",
            other => other,
        };
        input.split(delimiter).map(str::to_owned).collect()
    } else if replace.is_some() || parsed.has("L") || parsed.has("l") {
        input.lines().map(|l| l.trim().to_owned()).collect()
    } else {
        input.split_whitespace().map(str::to_owned).collect()
    };
    let items: Vec<String> = items.into_iter().filter(|i| !i.is_empty()).collect();
    if items.is_empty() {
        return Vec::new();
    }
    match replace {
        Some(mark) => items
            .iter()
            .map(|item| {
                let words: Vec<String> = command.iter().map(|w| w.replace(&mark, item)).collect();
                joined_expanding(&words, expanded)
            })
            .collect(),
        None => {
            let words: Vec<String> = command.iter().cloned().chain(items).collect();
            vec![joined_expanding(&words, expanded)]
        }
    }
}

/// Programs that print facts about the files they are given, never what the files hold:
/// `find / -name '*.key' | xargs ls -l` lists keys without reading them.
const DESCRIBE_FILES: &[&str] = &[
    "ls",
    "stat",
    "file",
    "du",
    "wc",
    "sha256sum",
    "sha1sum",
    "sha512sum",
    "md5sum",
    "b2sum",
    "cksum",
    "getfacl",
    "lsattr",
    "dirname",
    "basename",
    "realpath",
    "readlink",
    "echo",
];

/// Why the `xargs` of `xargs_part` reads a secret file: the stage before it (`printer`) names
/// one (`find / -name .pgpass`, `echo /root/.vault-token`, `find /etc -name 'rsyncd.*'`) and
/// xargs runs a program that reads the files it is given (`cat`, `grep`, `head`, `cp`).
/// `None` where nothing names a secret file or the program only describes files (`ls -l`).
pub fn xargs_given_secret(printer: &Command, xargs_part: &Command) -> Option<String> {
    if !xargs_part.fed {
        return None;
    }
    let at = xargs_part
        .words
        .iter()
        .position(|w| base_name(w) == "xargs")?;
    let parsed = parse(&xargs_part.words[at + 1..], &Spec::posix(XARGS));
    let program = parsed
        .operands
        .first()
        .map_or_else(|| "echo".to_owned(), |w| base_name(w));
    if DESCRIBE_FILES.contains(&program.as_str()) {
        return None;
    }
    // `find DIR -name NAME`: the files it prints are NAME under DIR (a name that is a secret
    // only in its place, as `config.yml` under `/etc/patroni`).
    let mut named: Vec<String> = printer.words.iter().skip(1).cloned().collect();
    if printer
        .words
        .first()
        .is_some_and(|w| base_name(w) == "find")
    {
        let starts: Vec<&String> = printer.words[1..]
            .iter()
            .take_while(|w| !w.starts_with(['-', '(', '!']))
            .collect();
        let names = printer.words.windows(2).filter_map(|pair| {
            matches!(
                pair[0].as_str(),
                "-name" | "-iname" | "-path" | "-wholename"
            )
            .then_some(&pair[1])
        });
        for name in names {
            for start in &starts {
                named.push(format!("{}/{}", start.trim_end_matches('/'), name));
            }
        }
    }
    named.iter().find_map(|word| {
        names_secret_file(word).map(|why| {
            format!("xargs runs {program} on {word}, which the command before it names: {why}")
        })
    })
}

/// Why `word` names a secret file: a path or name `warden_secrets` knows, or a wildcard that
/// starts as one of those names does (`rsyncd.*`, `.pgp?ss`); one that starts with a wildcard
/// (`*.conf`) says too little of the name.
fn names_secret_file(word: &str) -> Option<String> {
    if let Some(why) = warden_secrets::sensitive_path(std::path::Path::new(word)) {
        return Some(why);
    }
    let name = word.rsplit('/').next().unwrap_or(word);
    let literal = name.find(['*', '?', '[']).unwrap_or(name.len());
    if literal == name.len() || literal < 3 {
        return None;
    }
    // Files known by their last word (`rsyncd.secrets`, `app.key`) are tried with it in the
    // wildcard's place.
    const ENDINGS: &[&str] = &[
        "secrets",
        "secret",
        "key",
        "token",
        "password",
        "credentials",
    ];
    let pattern = crate::glob::bracketless(name);
    warden_secrets::secret_file_names()
        .filter(|candidate| crate::glob::matches(&pattern, candidate))
        .map(str::to_owned)
        .chain(
            ENDINGS
                .iter()
                .map(|ending| name.replace(['*', '?'], ending)),
        )
        .find_map(|candidate| warden_secrets::sensitive_path(std::path::Path::new(&candidate)))
}

/// The text `echo` or `printf` prints (their escapes `\n`, `\t`, `\0` read; a `printf`
/// format's conversions fed its arguments), or `None` for another program.
pub fn printed_text(words: &[String]) -> Option<String> {
    let (first, rest) = words.split_first()?;
    let name = base_name(first);
    let text = match name.as_str() {
        "echo" => {
            // Only `-n`, `-e`, `-E` and their clusters are echo's options (`echo -1` prints -1).
            let option = |w: &&String| {
                w.len() > 1 && w.starts_with('-') && w[1..].chars().all(|c| "neE".contains(c))
            };
            let escapes = rest.iter().take_while(option).any(|w| w.contains('e'));
            let text = rest
                .iter()
                .skip_while(option)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ");
            if escapes { unescaped(&text) } else { text }
        }
        "printf" => {
            let (format, arguments) = rest.split_first()?;
            let format = &unescaped(format);
            if format.contains('%') {
                // `printf '%s\n' A B` prints each argument through the format.
                arguments
                    .iter()
                    .map(|a| format.replacen("%s", a, 1).replacen("%b", a, 1))
                    .collect::<Vec<_>>()
                    .join("")
            } else {
                format.clone()
            }
        }
        _ => return None,
    };
    Some(
        text.replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\0", "\0"),
    )
}

/// Text with printf's and `echo -e`'s byte escapes read: `\xHH`, `\NNN` and `\0NNN` (octal).
fn unescaped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            let hex: String = if chars.get(i + 1) == Some(&'x') {
                chars[i + 2..]
                    .iter()
                    .take(2)
                    .take_while(|c| c.is_ascii_hexdigit())
                    .collect()
            } else {
                String::new()
            };
            if !hex.is_empty()
                && let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
            {
                out.push(c);
                i += 2 + hex.len();
                continue;
            }
            let start = i + 1 + usize::from(chars.get(i + 1) == Some(&'0'));
            let octal: String = chars[start.min(chars.len())..]
                .iter()
                .take(3)
                .take_while(|c| c.is_digit(8))
                .collect();
            if !octal.is_empty()
                && chars.get(i + 1) != Some(&'0')
                && let Some(c) = u32::from_str_radix(&octal, 8).ok().and_then(char::from_u32)
            {
                out.push(c);
                i = start + octal.len();
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `find ARGS | xargs COMMAND` as the `find ARGS -exec COMMAND {} +` it amounts to (the
/// printing actions dropped: xargs receives the names they print).
fn as_find_exec(find: &[String], command: &[String], replace: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut skip_next = false;
    for word in find {
        if skip_next {
            skip_next = false;
            continue;
        }
        match word.as_str() {
            "-print" | "-print0" => {}
            "-printf" | "-fprint" | "-fprint0" => skip_next = true,
            _ => words.push(word.clone()),
        }
    }
    words.push("-exec".to_owned());
    match replace {
        Some(mark) => {
            words.extend(command.iter().map(|w| w.replace(mark, "{}")));
            words.push(";".to_owned());
        }
        None => {
            words.extend(command.iter().cloned());
            words.push("{}".to_owned());
            words.push("+".to_owned());
        }
    }
    joined(&words)
}

/// `words` as a line, each quoted but those of `globs` (wildcards the shell expanded before
/// xargs read them), which stay wildcards.
pub fn joined_expanding(words: &[String], globs: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let plain = w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "*?[]!-_./~{},^".contains(c));
            if plain && globs.contains(w) {
                w.clone()
            } else {
                shlex::try_quote(w).map_or_else(|_| w.clone(), |q| q.into_owned())
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn joined(words: &[String]) -> String {
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}

/// The scripts a shell (or `source`, `.`) reads from a process substitution whose command
/// prints known text: `bash <(echo 'rm -rf /')`, `source <(printf 'rm -rf /')`.
pub fn substituted_scripts(line: &str) -> Vec<String> {
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find("<(").map(|i| i + from) {
        from = at + 2;
        let reader = line[..at]
            .split_whitespace()
            .last()
            .map(base_name)
            .unwrap_or_default();
        if !(crate::normalize::is_shell(&reader) || matches!(reader.as_str(), "source" | ".")) {
            continue;
        }
        let Some(inner) = balanced(&line[from..]) else {
            continue;
        };
        let Some(words) = shlex::split(inner) else {
            continue;
        };
        if let Some(text) = printed_text(&words) {
            scripts.push(text);
        }
    }
    scripts
}

/// The text up to the parenthesis that closes one already open (quotes respected).
/// The line with each command substitution whose command only prints known text (`$(echo /)`,
/// `$(printf /dev/sda)`, a backquoted `echo`) written as that text, its last newline taken off
/// as the shell does; `None` where there is none.
pub fn printed_substitutions(line: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = line;
    let mut changed = false;
    loop {
        let dollar = rest.find("$(").filter(|&at| !rest[at..].starts_with("$(("));
        let tick = rest.find('`');
        let (at, open, inner) = match (dollar, tick) {
            (Some(d), t) if t.is_none_or(|t| d < t) => {
                let Some(inner) = balanced(&rest[d + 2..]) else {
                    break;
                };
                (d, 2, inner)
            }
            (_, Some(t)) => {
                let Some(end) = rest[t + 1..].find('`') else {
                    break;
                };
                (t, 1, &rest[t + 1..t + 1 + end])
            }
            _ => break,
        };
        let printed = shlex::split(inner)
            .and_then(|words| printed_text(&words))
            .filter(|text| !text.contains(['$', '`']));
        out.push_str(&rest[..at]);
        match printed {
            Some(text) => {
                out.push_str(text.strip_suffix('\n').unwrap_or(&text));
                changed = true;
            }
            None => out.push_str(&rest[at..at + open + inner.len() + 1]),
        }
        rest = &rest[at + open + inner.len() + 1..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn balanced(text: &str) -> Option<&str> {
    let mut depth = 1;
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[..at]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Each command given a here-document, rewritten with the document as a here-string
/// (`python3 <<EOF … EOF` as `python3 <<< '…'`), so that what its input holds is judged as a
/// here-string's text is: code for an interpreter, items for xargs.
pub fn here_documents(line: &str) -> Vec<String> {
    let lines: Vec<&str> = line.lines().collect();
    let mut out = Vec::new();
    for (at, text) in lines.iter().enumerate() {
        let Some(start) = text.find("<<") else {
            continue;
        };
        if text[start..].starts_with("<<<") {
            continue;
        }
        let after = text[start + 2..].trim_start_matches('-').trim_start();
        let delimiter: String = after
            .trim_start_matches(['\'', '"', '\\'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if delimiter.is_empty() {
            continue;
        }
        let body: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| l.trim() != delimiter)
            .copied()
            .collect();
        // The command is what stands before `<<` on its line, after the last separator.
        let before = &text[..start];
        let command = before
            .rsplit(['|', ';', '&'])
            .next()
            .unwrap_or(before)
            .trim();
        // What follows the delimiter word on the line (`<<EOF | sh`, `<<EOF > /tmp/x`).
        let rest = after
            .trim_start_matches(['\'', '"', '\\'])
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .trim_start_matches(['\'', '"']);
        if command.is_empty() {
            continue;
        }
        let Ok(quoted) = shlex::try_quote(&body.join("\n")).map(|q| q.into_owned()) else {
            continue;
        };
        out.push(format!("{command} <<< {quoted}{rest}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::printed_substitutions;

    #[test]
    fn substitutions_that_only_print_are_what_they_print() {
        assert_eq!(
            printed_substitutions(": > $(echo /etc/passwd)").as_deref(),
            Some(": > /etc/passwd")
        );
        assert_eq!(
            printed_substitutions("rm -rf `printf /`").as_deref(),
            Some("rm -rf /")
        );
        assert_eq!(
            printed_substitutions("cp $(echo a) $(cat x)").as_deref(),
            Some("cp a $(cat x)")
        );
        assert_eq!(printed_substitutions("ls $(pwd)"), None);
        assert_eq!(printed_substitutions("echo $((1 + 2))"), None);
    }
}
