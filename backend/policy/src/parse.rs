//! Splitting a command line into the commands it would run. Shell syntax is not executed, only
//! recognised: every part of a pipeline or list, and the insides of `$(...)` and backticks, become
//! commands of their own. Redirections are reported, since a write to a device or a system file
//! matters whatever the command is.

/// One command the line would run, as words, with the redirection targets seen around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
    /// Targets of `>` and `>>`.
    pub writes_to: Vec<String>,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable(pub String);

/// The commands of a line, including those in substitutions; the flag says whether any shell
/// syntax (operators, substitutions, redirections) was present.
pub fn commands(line: &str) -> Result<(Vec<Command>, bool), Unparsable> {
    let mut out = Vec::new();
    let mut shell = false;
    split(line, &mut out, &mut shell, 0)?;
    Ok((out, shell))
}

const MAX_DEPTH: usize = 8;

fn split(
    line: &str,
    out: &mut Vec<Command>,
    shell: &mut bool,
    depth: usize,
) -> Result<(), Unparsable> {
    if depth > MAX_DEPTH {
        return Err(Unparsable("substitutions nested too deep".to_owned()));
    }
    let chars: Vec<char> = line.chars().collect();
    let mut segment = String::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    let mut segments: Vec<String> = Vec::new();
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
            '$' if !single && chars.get(i + 1) == Some(&'(') => {
                let (inner, end) = balanced(&chars, i + 2)?;
                *shell = true;
                split(&inner, out, shell, depth + 1)?;
                segment.push_str("__substitution__");
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
            // `2>&1` and `&>file` are redirections, not background operators.
            '&' if !single
                && !double
                && (i > 0 && chars[i - 1] == '>' || chars.get(i + 1) == Some(&'>')) =>
            {
                segment.push(c)
            }
            '|' | ';' | '&' | '\n' if !single && !double => {
                *shell = true;
                segments.push(std::mem::take(&mut segment));
                // `||`, `&&`, `|&`: one operator.
                if matches!(chars.get(i + 1), Some('|' | '&')) && c != ';' && c != '\n' {
                    i += 1;
                }
            }
            '(' | ')' | '{' | '}' if !single && !double => {
                // Subshells and groups: their insides are judged like the rest.
                *shell = true;
                segment.push(' ');
            }
            _ => segment.push(c),
        }
        i += 1;
    }
    if single || double {
        return Err(Unparsable("an unterminated quote".to_owned()));
    }
    segments.push(segment);
    for segment in segments {
        if let Some(command) = words(&segment, shell)? {
            out.push(command);
        }
    }
    Ok(())
}

/// The text up to the `)` that closes the one before `start`, and the index of that `)`.
fn balanced(chars: &[char], start: usize) -> Result<(String, usize), Unparsable> {
    let mut depth = 1;
    let (mut single, mut double) = (false, false);
    for (i, c) in chars.iter().enumerate().skip(start) {
        match c {
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
    }
    Err(Unparsable("an unclosed $(".to_owned()))
}

/// A segment's words, with redirections taken out.
fn words(segment: &str, shell: &mut bool) -> Result<Option<Command>, Unparsable> {
    if segment.trim().is_empty() {
        return Ok(None);
    }
    let raw =
        shlex::split(segment).ok_or_else(|| Unparsable(format!("cannot split '{segment}'")))?;
    let mut words = Vec::new();
    let mut writes_to = Vec::new();
    let mut iter = raw.into_iter().peekable();
    while let Some(word) = iter.next() {
        // `>file`, `>>file`, `2>file`, `&>file`, `> file`, `<file`.
        let stripped = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '&');
        if let Some(target) = stripped
            .strip_prefix(">>")
            .or_else(|| stripped.strip_prefix('>'))
        {
            *shell = true;
            let target = if target.is_empty() {
                iter.next().unwrap_or_default()
            } else {
                target.to_owned()
            };
            // `2>&1` duplicates a stream; it writes nowhere new.
            if !target.starts_with('&') {
                writes_to.push(target);
            }
            continue;
        }
        if let Some(source) = stripped.strip_prefix('<') {
            *shell = true;
            if source.is_empty() {
                iter.next();
            }
            continue;
        }
        words.push(word);
    }
    if words.is_empty() && writes_to.is_empty() {
        return Ok(None);
    }
    Ok(Some(Command { words, writes_to }))
}

/// The stages of a line that is a plain pipeline (`a | b | c`, or one command alone), each as the
/// argv to start, split as a POSIX shell splits words. `None` when the line has any other shell
/// syntax (lists, `||`, `|&`, background jobs, redirections, substitutions, subshells, newlines),
/// an empty stage or an unterminated quote: such a line is never run on the host, since Warden,
/// not a shell, connects the stages of a host pipeline.
pub fn host_pipeline(line: &str) -> Option<Vec<Vec<String>>> {
    let chars: Vec<char> = line.chars().collect();
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut stages = Vec::new();
    let mut segment = String::new();
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn redirections_are_seen() {
        let (cmds, shell) = commands("echo x > /dev/sda 2>&1").unwrap_or_default();
        assert!(shell);
        assert_eq!(cmds[0].words, vec!["echo", "x"]);
        assert_eq!(cmds[0].writes_to, vec!["/dev/sda"]);
        assert!(commands("echo 'open").is_err());
        assert!(commands("echo $(ls").is_err());
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
