//! Splitting a command line into the commands it would run. Shell syntax is not executed, only
//! recognised: every part of a pipeline or list, and the insides of `$(...)`, backticks and
//! process substitutions (`<(...)`, `>(...)`), become commands of their own. Words are read with
//! their quoting, as a shell reads them: redirections are found wherever they stand (`x>/f`,
//! `2>f`, `>&f`, `>|f`, `<>f`), brace expansion is carried out (`{rm,-rf,/}` is `rm -rf /`), and
//! what only a shell would expand (`$VAR`, `*`, `~`) is noted, since it means the line needs a
//! shell and its words are not what a program would get.

use crate::lex::{Lexed, chars_of, lex};

/// One command the line would run, as words, with what its redirections touch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub words: Vec<String>,
    /// Targets of `>`, `>>`, `>|`, `&>`, `>&file`, `<>`.
    pub writes_to: Vec<String>,
    /// Those of `writes_to` that `>>` or `&>>` add lines to, leaving what the file held.
    pub appends_to: Vec<String>,
    /// Sources of `<`.
    pub reads_from: Vec<String>,
    /// Whether a shell would expand something in it (variables, wildcards, `~`, braces).
    pub expands: bool,
    /// Words with unquoted wildcards, as written (after brace expansion).
    pub globs: Vec<String>,
    /// It follows the command before it in `commands`' order through `&&` alone: it runs only
    /// where that one succeeded, in the same shell (no parenthesis or brace between them, no
    /// empty command; substitutions' commands come before the list they stand in).
    pub after_and: bool,
    /// It follows the command before it in `commands`' order through `|` or `|&`, with no
    /// group between them: in `cd DIR && A | B`, B starts where A does.
    pub after_pipe: bool,
    /// Its text opened or closed a group or subshell (`(`, `)`, `{`, `}`).
    pub grouped: bool,
    /// Its input is data the line supplies, not Warden's closed input: it follows `|` or `|&`,
    /// or redirects its input (`< FILE`, `<<< TEXT`, a here-document, `<&N`, `<>`).
    pub fed: bool,
    /// The texts `<<< TEXT` gives it as its input.
    pub here_strings: Vec<String>,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable(pub String);

/// The commands of a line, including those in substitutions; the flag says whether any shell
/// syntax (operators, substitutions, redirections, groups) was present.
pub fn commands(line: &str) -> Result<(Vec<Command>, bool), Unparsable> {
    let mut out = Vec::new();
    let mut shell = false;
    split(line, &mut out, &mut shell, 0)?;
    Ok((out, shell))
}

const MAX_DEPTH: usize = 8;

/// Whether the character before `i` ends a word or starts a command (for `{` and `}` as group
/// keywords, which they are only as words of their own).
fn at_boundary(chars: &[char], i: usize) -> bool {
    i == 0
        || matches!(
            chars[i - 1],
            ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')'
        )
}

fn before_boundary(chars: &[char], i: usize) -> bool {
    chars
        .get(i + 1)
        .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | ')'))
}

fn split(
    line: &str,
    out: &mut Vec<Command>,
    shell: &mut bool,
    depth: usize,
) -> Result<(), Unparsable> {
    if depth > MAX_DEPTH {
        return Err(Unparsable("substitutions nested too deep".to_owned()));
    }
    let chars = chars_of(line);
    let mut segment = String::with_capacity(line.len());
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    // Each segment with whether `&&` came before it, whether it holds a group's bracket and
    // whether a pipe feeds it.
    let mut segments: Vec<(String, bool, bool, bool)> = Vec::new();
    let (mut after_and, mut grouped, mut piped) = (false, false, false);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if !single => {
                segment.push(c);
                if let Some(next) = chars.get(i + 1) {
                    segment.push(*next);
                    i += 1;
                }
            }
            '\'' if !double => {
                single = !single;
                segment.push(c);
            }
            '"' if !single => {
                double = !double;
                segment.push(c);
            }
            // `$(...)`, and outside double quotes `<(...)` and `>(...)`.
            '$' | '<' | '>'
                if !single && chars.get(i + 1) == Some(&'(') && (c == '$' || !double) =>
            {
                let (inner, end) = balanced(&chars, i + 2)?;
                *shell = true;
                split(&inner, out, shell, depth + 1)?;
                // `$(mktemp)` prints the name of a file it has just made, in /tmp unless told.
                segment.push_str(
                    if c == '$' && makes_temporary_file(&format!("$({inner})")) {
                        TEMPORARY_FILE
                    } else {
                        "__substitution__"
                    },
                );
                i = end;
            }
            '`' if !single => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '`')
                    .map(|p| p + i + 1)
                    .ok_or_else(|| Unparsable("unclosed backtick".to_owned()))?;
                let inner: String = chars[i + 1..end].iter().collect();
                *shell = true;
                split(&inner, out, shell, depth + 1)?;
                segment.push_str("__substitution__");
                i = end;
            }
            // `2>&1`, `&>file` and `>&file` are redirections, not background operators; `>|file`
            // is a redirection, not a pipe.
            '&' if !single
                && !double
                && (i > 0 && chars[i - 1] == '>' || chars.get(i + 1) == Some(&'>')) =>
            {
                segment.push(c)
            }
            '|' if !single && !double && i > 0 && chars[i - 1] == '>' => segment.push(c),
            '|' | ';' | '&' | '\n' if !single && !double => {
                *shell = true;
                segments.push((std::mem::take(&mut segment), after_and, grouped, piped));
                after_and = c == '&' && chars.get(i + 1) == Some(&'&');
                // `|` and `|&` feed what follows; `||` does not.
                piped = c == '|' && chars.get(i + 1) != Some(&'|');
                grouped = false;
                // `||`, `&&`, `|&`, `;;`: one operator.
                if matches!(chars.get(i + 1), Some('|' | '&')) && c != ';' && c != '\n' {
                    i += 1;
                }
            }
            '(' | ')' if !single && !double => {
                // Subshells: their insides are judged like the rest.
                *shell = true;
                grouped = true;
                segment.push(' ');
            }
            // Groups `{ ...; }` only where the braces are words of their own; elsewhere braces
            // are brace expansion, read with the word.
            '{' | '}'
                if !single
                    && !double
                    && at_boundary(&chars, i)
                    && (c == '}' || before_boundary(&chars, i)) =>
            {
                *shell = true;
                grouped = true;
                segment.push(' ');
            }
            _ => segment.push(c),
        }
        i += 1;
    }
    if single || double {
        return Err(Unparsable("an unterminated quote".to_owned()));
    }
    segments.push((segment, after_and, grouped, piped));
    // A skipped (empty) segment breaks a chain of `&&`: what follows it does not follow the
    // command before it.
    let mut broken = false;
    for (segment, after_and, grouped, piped) in segments {
        let Lexed {
            words,
            writes_to,
            appends_to,
            reads_from,
            redirects,
            expands,
            globs,
            fed,
            here_strings,
        } = lex(&segment).map_err(Unparsable)?;
        if redirects {
            *shell = true;
        }
        if words.is_empty() && writes_to.is_empty() && reads_from.is_empty() {
            broken = true;
            continue;
        }
        out.push(Command {
            words,
            writes_to,
            appends_to,
            reads_from,
            expands,
            globs,
            after_and: after_and && !broken,
            after_pipe: piped && !broken && !grouped,
            grouped,
            fed: piped || fed,
            here_strings,
        });
        broken = false;
    }
    Ok(())
}

/// The text up to the `)` that closes the one before `start`, and the index of that `)`.
fn balanced(chars: &[char], start: usize) -> Result<(String, usize), Unparsable> {
    let mut depth = 1;
    let (mut single, mut double) = (false, false);
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => {
                depth -= 1;
                if depth == 0 {
                    return Ok((chars[start..i].iter().collect(), i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(Unparsable("an unclosed $(".to_owned()))
}

/// The stages of a line that is a plain pipeline (`a | b | c`, or one command alone), each as the
/// argv to start, split as a POSIX shell splits words. `None` when the line has any other shell
/// syntax (lists, `||`, `|&`, background jobs, redirections, substitutions, subshells, newlines),
/// an empty stage or an unterminated quote: such a line is never run on the host, since Warden,
/// not a shell, connects the stages of a host pipeline.
///
/// A line that changes to a directory first, `cd DIR && PIPELINE` (DIR absolute and written
/// plainly: no quotes, variables, wildcards or `~`), runs each stage of the pipeline in DIR,
/// as `env -C DIR ARGV`: what a shell would run, where it would run it. The classifier judges
/// the pipeline's relative paths against DIR (`workdirs.rs`).
pub fn host_pipeline(line: &str) -> Option<Vec<Vec<String>>> {
    let (dir, stages) = host_split(line)?;
    Some(match dir {
        None => stages,
        Some(dir) => stages
            .into_iter()
            .map(|argv| {
                ["env".to_owned(), "-C".to_owned(), dir.clone()]
                    .into_iter()
                    .chain(argv)
                    .collect()
            })
            .collect(),
    })
}

/// The directory a host line changes to first (`cd DIR && …`), if it does, and the stages of
/// its pipeline as written (see [`host_pipeline`]).
pub(crate) fn host_split(line: &str) -> Option<(Option<String>, Vec<Vec<String>>)> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c);
    let change = line.split_once("&&").and_then(|(change, rest)| {
        let words: Vec<&str> = change
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect();
        match words.as_slice() {
            ["cd", dir]
                if dir.starts_with('/')
                    && change.chars().all(|c| plain(c) || c == ' ' || c == '\t') =>
            {
                Some(((*dir).to_owned(), rest))
            }
            _ => None,
        }
    });
    let Some((dir, rest)) = change else {
        return plain_pipeline(line).map(|stages| (None, stages));
    };
    let stages = plain_pipeline(rest)?;
    // A stage that starts with an assignment or an option would be read by `env` itself.
    if stages.iter().any(|argv| {
        argv.first()
            .is_none_or(|w| w.starts_with('-') || w.contains('='))
    }) {
        return None;
    }
    Some((Some(dir), stages))
}

/// [`host_pipeline`] for a line without a change of directory.
fn plain_pipeline(line: &str) -> Option<Vec<Vec<String>>> {
    let chars = chars_of(line);
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut stages = Vec::new();
    let mut segment = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            segment.push(c);
            continue;
        }
        match c {
            '\\' if !single => {
                escaped = true;
                segment.push(c);
            }
            '\'' if !double => {
                single = !single;
                segment.push(c);
            }
            '"' if !single => {
                double = !double;
                segment.push(c);
            }
            '`' if !single => return None,
            '$' if !single && matches!(chars.get(i + 1), Some('(' | '{')) => return None,
            '|' if !single && !double => {
                let doubled =
                    matches!(chars.get(i + 1), Some('|' | '&')) || (i > 0 && chars[i - 1] == '|');
                if doubled {
                    return None;
                }
                stages.push(std::mem::take(&mut segment));
            }
            ';' | '&' | '<' | '>' | '(' | ')' | '\n' | '\r' if !single && !double => return None,
            _ => segment.push(c),
        }
    }
    if single || double || escaped {
        return None;
    }
    stages.push(segment);
    stages
        .iter()
        .map(|stage| shlex::split(stage).filter(|argv| !argv.is_empty()))
        .collect()
}

/// What `$(mktemp …)` is judged as: a new file of its own, which a write overwrites nothing of.
const TEMPORARY_FILE: &str = "/tmp/tmp.mktemp";

/// Whether `text` (`$(mktemp)`, `$(mktemp -d)`, `` `mktemp -t x.XXXX` ``) is one `mktemp`
/// command and nothing else: it prints the name of a file or directory it has just made.
pub fn makes_temporary_file(text: &str) -> bool {
    let inner = text
        .strip_prefix("$(")
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| text.strip_prefix('`').and_then(|t| t.strip_suffix('`')))
        .or_else(|| text.strip_prefix("$("));
    let Some(inner) = inner else {
        return false;
    };
    let Some(words) = shlex::split(inner) else {
        return false;
    };
    words.first().is_some_and(|w| w == "mktemp")
        && words[1..].iter().all(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_directory_first_runs_the_pipeline_there() {
        let argv =
            |words: &str| -> Vec<String> { words.split_whitespace().map(str::to_owned).collect() };
        assert_eq!(
            host_pipeline("cd /etc && cat hostname"),
            Some(vec![argv("env -C /etc cat hostname")])
        );
        assert_eq!(
            host_pipeline("cd /var/log  &&  tail -n 5 syslog | grep x"),
            Some(vec![
                argv("env -C /var/log tail -n 5 syslog"),
                argv("env -C /var/log grep x")
            ])
        );
        assert_eq!(
            host_split("cd /etc && cat hostname"),
            Some((Some("/etc".to_owned()), vec![argv("cat hostname")]))
        );
        for refused in [
            "cd etc && cat hostname",
            "cd ~ && cat x",
            "cd $HOME && cat x",
            "cd '/etc' && cat hostname",
            "cd /e* && cat hostname",
            "cd\n/etc && cat hostname",
            "cd /etc && cat hostname && cat fstab",
            "cd /etc && X=1 cat hostname",
            "cd /etc && -x",
            "cd /etc /x && cat hostname",
            "cd /etc; cat hostname",
            "cd /etc || cat hostname",
            "cd /etc && cat hostname > x",
            "cd /etc && ",
            "cd -- /etc && cat hostname",
        ] {
            assert_eq!(host_pipeline(refused), None, "{refused}");
        }
        assert_eq!(
            host_pipeline("grep 'a && b' notes.txt"),
            Some(vec![vec![
                "grep".to_owned(),
                "a && b".to_owned(),
                "notes.txt".to_owned()
            ]])
        );
    }

    fn names(line: &str) -> Vec<String> {
        commands(line)
            .map(|(c, _)| c.into_iter().map(|c| c.words.join(" ")).collect())
            .unwrap_or_default()
    }

    #[test]
    fn splits_lists_pipelines_and_substitutions() {
        assert_eq!(
            names("ls -la /var | grep log"),
            vec!["ls -la /var", "grep log"]
        );
        assert_eq!(names("a && b || c; d & e"), vec!["a", "b", "c", "d", "e"]);
        assert_eq!(
            names("echo $(rm -rf /) done"),
            vec!["rm -rf /", "echo __substitution__ done"]
        );
        assert_eq!(names("echo `id`"), vec!["id", "echo __substitution__"]);
        assert_eq!(names("echo 'a | b; c'"), vec!["echo a | b; c"]);
        assert_eq!(names("(cd /tmp && rm x)"), vec!["cd /tmp", "rm x"]);
    }

    #[test]
    fn commands_fed_by_a_pipe_or_an_input_redirection_are_marked() {
        let fed = |line: &str| -> Vec<bool> {
            commands(line)
                .unwrap_or_default()
                .0
                .iter()
                .map(|command| command.fed)
                .collect()
        };
        assert_eq!(fed("ls | nc h 80"), [false, true]);
        assert_eq!(fed("ls |& nc h 80"), [false, true]);
        assert_eq!(fed("a | b | c"), [false, true, true]);
        assert_eq!(fed("ls || nc h 80"), [false, false]);
        assert_eq!(fed("ls && nc h 80; nc h 80 & nc h 80"), [false; 4]);
        assert_eq!(fed("nc h 80 < req"), [true]);
        assert_eq!(fed("nc h 80 <<< req"), [true]);
        assert_eq!(fed("nc h 80 <<EOF"), [true]);
        assert_eq!(fed("nc h 80 <> /tmp/x"), [true]);
        assert_eq!(fed("nc h 80 < /dev/null"), [false]);
        assert_eq!(fed("nc h 80 <> /dev/null"), [true]);
        assert_eq!(fed("nc h 80 > /tmp/x 2>&1"), [false]);
        assert_eq!(fed("echo 'a | b'"), [false]);
    }

    #[test]
    fn redirections_are_seen_wherever_they_stand() {
        let (cmds, shell) = commands("echo x > /dev/sda 2>&1").unwrap_or_default();
        assert!(shell);
        assert_eq!(cmds[0].words, vec!["echo", "x"]);
        assert_eq!(cmds[0].writes_to, vec!["/dev/sda"]);
        for (line, target) in [
            ("echo x>/etc/passwd", "/etc/passwd"),
            ("echo x >| /etc/passwd", "/etc/passwd"),
            ("echo x >&/etc/passwd", "/etc/passwd"),
            ("echo x >& /etc/passwd", "/etc/passwd"),
            ("echo x &>>/etc/passwd", "/etc/passwd"),
            ("cat <> /etc/passwd", "/etc/passwd"),
            ("echo x 2>'/etc/pass'wd", "/etc/passwd"),
        ] {
            let (cmds, shell) = commands(line).unwrap_or_default();
            assert!(shell, "{line}");
            assert_eq!(cmds[0].writes_to, vec![target], "{line}");
        }
        let (cmds, _) = commands("cat < /etc/shadow").unwrap_or_default();
        assert_eq!(cmds[0].reads_from, vec!["/etc/shadow"]);
        let (cmds, _) = commands("echo 'a>b' \\> c").unwrap_or_default();
        assert_eq!(cmds[0].words, vec!["echo", "a>b", ">", "c"]);
        assert!(cmds[0].writes_to.is_empty());
        assert!(commands("echo 'open").is_err());
        assert!(commands("echo $(ls").is_err());
    }

    #[test]
    fn braces_and_process_substitutions_are_expanded() {
        assert_eq!(names("{rm,-rf,/}"), vec!["rm -rf /"]);
        assert_eq!(
            names("cat /etc/{shadow,hostname}"),
            vec!["cat /etc/shadow /etc/hostname"]
        );
        assert_eq!(names("echo '{a,b}'"), vec!["echo {a,b}"]);
        assert_eq!(names("echo {1..3}"), vec!["echo 1 2 3"]);
        assert_eq!(
            names("diff <(rm -rf /) x"),
            vec!["rm -rf /", "diff __substitution__ x"]
        );
        assert_eq!(names("{ rm -rf /; }"), vec!["rm -rf /"]);
        assert_eq!(names("find . -exec rm {} ;"), vec!["find . -exec rm {}"]);
        let (cmds, _) = commands("ls $HOME *.log ~ 'x*'").unwrap_or_default();
        assert!(cmds[0].expands);
        assert_eq!(cmds[0].globs, vec!["*.log"]);
        let (cmds, _) = commands("ls 'x*' \"$y\\\"\"").unwrap_or_default();
        assert!(cmds[0].expands, "double quotes expand variables");
        let (cmds, _) = commands("grep -E 'a|b$' f").unwrap_or_default();
        assert!(!cmds[0].expands);
    }
    #[test]
    fn plain_pipelines_are_split_into_stages() {
        let stages = |line: &str| host_pipeline(line);
        assert_eq!(
            stages("ps aux | grep 'nginx: master' | head -3"),
            Some(vec![
                vec!["ps".to_owned(), "aux".to_owned()],
                vec!["grep".to_owned(), "nginx: master".to_owned()],
                vec!["head".to_owned(), "-3".to_owned()],
            ])
        );
        assert_eq!(
            stages("grep -E 'a|b' f"),
            Some(vec![vec![
                "grep".to_owned(),
                "-E".to_owned(),
                "a|b".to_owned(),
                "f".to_owned()
            ]])
        );
        for not_plain in [
            "a || b",
            "a |& b",
            "a | | b",
            "a |",
            "| a",
            "a; b",
            "a & b",
            "a > f",
            "a < f",
            "a 2>&1 | b",
            "echo $(id) | cat",
            "echo `id`",
            "echo ${X}",
            "(a) | b",
            "a\nb",
            "echo 'open | b",
            "",
        ] {
            assert_eq!(stages(not_plain), None, "{not_plain}");
        }
    }
}
