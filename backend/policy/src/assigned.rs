//! Variables the line sets and then expands: `c='rm -rf /'; eval $c`, `cmd=rm; $cmd -rf /`,
//! `X=' '; rm${X}-rf${X}/`, and `$IFS`, which holds a blank unless the line sets it
//! (`rm${IFS}-rf${IFS}/`). The line is judged again with each such expansion written as its
//! value (`substituted`); a forbidden result makes the line forbidden. Values the line cannot
//! show (`read`, a substitution) are not guessed.

/// The line with the expansions of the variables it assigns written as their values, or
/// `None` when it expands none of them.
pub fn substituted(line: &str) -> Option<String> {
    let mut values: Vec<(String, String)> = assignments(line);
    if !values.iter().any(|(name, _)| name == "IFS") {
        values.push(("IFS".to_owned(), " ".to_owned()));
    }
    let mut out = line.to_owned();
    let mut changed = false;
    for (name, value) in &values {
        for spelling in [format!("${{{name}}}"), format!("${name}")] {
            // `$NAME` only where the name ends (`$Xy` is another variable).
            let mut rest = out.as_str();
            let mut next = String::new();
            while let Some(at) = rest.find(&spelling) {
                let after = &rest[at + spelling.len()..];
                let ends = spelling.ends_with('}')
                    || !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
                next.push_str(&rest[..at]);
                if ends {
                    next.push_str(value);
                    changed = true;
                } else {
                    next.push_str(&spelling);
                }
                rest = after;
            }
            next.push_str(rest);
            out = next;
        }
    }
    changed.then_some(out)
}

/// The line with its variables written as their values, where that is exactly what the shell
/// runs (`X=/srv/app/build; rm -rf $X` is `rm -rf /srv/app/build`), so that the line is judged
/// as that alone; `None` where the line could leave a variable another value than the one it
/// is written to hold. Each variable is assigned once, by a statement of its own that comes
/// before every use (`;` or a newline before and after it: not after `&&`, `||`, in a pipe, in
/// the background or in a branch), to a value of plain path characters (no `#`, quote,
/// blank or `~` that reads otherwise once written out), used outside single quotes; and the
/// line has no other way to set one (`read`, `for`, `export`, `unset`, `declare`, a here-string,
/// a function, a subshell, an escape) and uses no IFS and no variable it does not set.
pub fn determined(line: &str) -> Option<String> {
    const SETTERS: &[&str] = &[
        "read",
        "for",
        "select",
        "case",
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "while",
        "until",
        "do",
        "done",
        "export",
        "unset",
        "declare",
        "typeset",
        "local",
        "readonly",
        "mapfile",
        "readarray",
        "getopts",
        "let",
        "printf",
        "eval",
        "source",
        ".",
        "set",
        "shift",
        "alias",
        "function",
    ];
    if line.contains(['|', '&', '(', ')', '<', '`', '\\'])
        || line.contains("IFS")
        || !braced_only(line)
    {
        return None;
    }
    let values = assignments(line);
    if values.is_empty() {
        return None;
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    let statements: Vec<&str> = line.split([';', '\n']).map(str::trim).collect();
    for statement in &statements {
        let first = statement.split_whitespace().next().unwrap_or("");
        if SETTERS.contains(&first) {
            return None;
        }
    }
    for (name, value) in &values {
        if !value.chars().all(plain) || value.is_empty() {
            return None;
        }
        let setting = format!("{name}=");
        let sets: Vec<usize> = line
            .match_indices(&setting)
            .map(|(at, _)| at)
            .filter(|&at| {
                !line[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
            .collect();
        if sets.len() != 1 || !statements.iter().any(|s| s.starts_with(&setting)) {
            return None;
        }
        let first_use = [format!("${name}"), format!("${{{name}}}")]
            .iter()
            .filter_map(|spelling| line.find(spelling.as_str()))
            .min();
        if first_use.is_some_and(|used| used < sets[0]) {
            return None;
        }
    }
    if quoted_singly_expands(line) {
        return None;
    }
    let text = substituted(line)?;
    (!text.contains('$')).then_some(text)
}

/// Whether the line's only braces are `${NAME}` expansions.
fn braced_only(line: &str) -> bool {
    let stripped = line.replace("${", "");
    !stripped.contains('{') && stripped.matches('}').count() == line.matches("${").count()
}

/// Whether a `$` stands inside single quotes, where the shell leaves it for whatever runs the
/// text later (`sh -c 'rm -rf $X/'` expands the inner shell's own X, not the line's).
fn quoted_singly_expands(line: &str) -> bool {
    let (mut single, mut double) = (false, false);
    for c in line.chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if single => return true,
            _ => {}
        }
    }
    false
}

/// `NAME=VALUE` statements of the line (each standing alone, before `;`, `&&` or a newline),
/// their values unquoted; a value holding an expansion is left out.
fn assignments(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for statement in line.split([';', '\n']).flat_map(|s| s.split("&&")) {
        let statement = statement.trim();
        let Some((name, value)) = statement.split_once('=') else {
            continue;
        };
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let Some(words) = shlex::split(value) else {
            continue;
        };
        // `X=a cmd …` sets X for cmd alone: not a statement of its own.
        if words.len() != 1 || value.contains(['$', '`']) {
            continue;
        }
        out.push((name.to_owned(), words[0].clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::substituted;

    #[test]
    fn assigned_variables_and_ifs_are_written_as_their_values() {
        assert_eq!(
            substituted("c='rm -rf /'; eval $c").as_deref(),
            Some("c='rm -rf /'; eval rm -rf /")
        );
        assert_eq!(
            substituted("rm${IFS}-rf${IFS}/").as_deref(),
            Some("rm -rf /")
        );
        assert_eq!(
            substituted("cmd=rm; $cmd -rf /").as_deref(),
            Some("cmd=rm; rm -rf /")
        );
        assert_eq!(substituted("ls $HOME"), None);
        assert_eq!(substituted("X=1; echo $XY"), None);
    }

    #[test]
    fn a_line_is_its_values_only_where_nothing_else_can_set_them() {
        use super::determined;
        assert_eq!(
            determined("X=/srv/app/build; rm -rf $X").as_deref(),
            Some("X=/srv/app/build; rm -rf /srv/app/build")
        );
        assert_eq!(
            determined("X=/srv/app/build; rm -rf \"${X}\"").as_deref(),
            Some("X=/srv/app/build; rm -rf \"/srv/app/build\"")
        );
        for line in [
            "X=/srv/a; X=/; rm -rf $X",
            "false && X=/srv/a; rm -rf $X",
            "rm -rf $X; X=/srv/a",
            "X=/srv/a; read X <<< /; rm -rf $X",
            "X=/srv/a; unset X; rm -rf $X/*",
            "X=/srv/a; sh -c 'rm -rf $X/*'",
            "X='#'; rm -rf $X /",
            "X=/srv/a; rm -rf $X $Y",
            "X=/srv/a; for X in /; do rm -rf $X; done",
            "X=/srv/a; rm -rf ${X:-/}",
            "X=/srv/a | true; rm -rf $X/*",
            "X=/srv/a; rm -rf $X${IFS}/",
        ] {
            assert_eq!(determined(line), None, "{line}");
        }
    }
}
