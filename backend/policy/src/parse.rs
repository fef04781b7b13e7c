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
}
