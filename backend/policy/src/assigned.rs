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
    // `set -- -rf /; rm "$@"`: quoted, `$@` is each positional parameter as a word of its own.
    if let Some((_, all)) = values.iter().find(|(name, _)| name == "@") {
        for spelling in ["\"$@\"", "\"${@}\""] {
            if out.contains(spelling) {
                out = out.replace(spelling, all);
                changed = true;
            }
        }
    }
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

/// Each value a `for NAME in WORDS` loop of the line gives its variable, as the line with that
/// value written for the variable (`for d in /tmp/a /; do rm -rf $d; done` is judged with `/tmp/a`
/// and with `/`).
pub fn loop_values(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for statement in line.split([';', '\n']) {
        let Some(words) = shlex::split(statement.trim()) else {
            continue;
        };
        let [keyword, name, keyword_in, values @ ..] = words.as_slice() else {
            continue;
        };
        if !matches!(keyword.as_str(), "for" | "select") || keyword_in != "in" || !identifier(name)
        {
            continue;
        }
        for value in values {
            // A wildcard's values are the names it matches: `"$f"` is each of them, as the
            // wildcard written bare names them all (`for f in *; do rm -f "$f"; done`).
            let quoted = if value.contains(['*', '?', '[']) {
                vec![format!("\"${{{name}}}\""), format!("\"${name}\"")]
            } else {
                Vec::new()
            };
            let text = quoted
                .iter()
                .chain(&[format!("${{{name}}}"), format!("${name}")])
                .fold(line.to_owned(), |text, spelling| {
                    replace_expansion(&text, spelling, value)
                });
            if text != line {
                out.push(text);
            }
        }
    }
    out
}

/// The names of the variables `line` gives values it shows: `NAME=VALUE`, the builtins of
/// [`set_by_builtins`] (`set --` gives `1`…, `@` and `*`), and `for NAME in WORDS` over words
/// with no expansion or substitution. Each is judged with its values written out. A name the
/// line also sets another way (`read NAME`, `NAME=$(…)`, `mapfile`, `getopts`, a loop over
/// what it cannot show, `shift` for the positional parameters) or sets twice is not among
/// them: its value is not the one written out.
pub fn shown_names(line: &str) -> Vec<String> {
    let assigned = assignments(line);
    let mut names: Vec<String> = Vec::new();
    for (name, _) in &assigned {
        if assigned.iter().filter(|(n, _)| n == name).count() == 1 {
            names.push(name.clone());
        }
    }
    if names.iter().any(|n| n == "@") {
        names.push("*".to_owned());
    }
    let mut unshown: Vec<String> = Vec::new();
    for statement in line.split([';', '\n', '|', '&']) {
        let statement = statement.trim().trim_start_matches(['(', '{', ' ']);
        let Some(owned) = shlex::split(statement) else {
            continue;
        };
        // The command after the keywords that lead it (`while read f`, `do read g`).
        let words: Vec<&str> = owned
            .iter()
            .map(String::as_str)
            .skip_while(|w| matches!(*w, "do" | "then" | "else" | "while" | "until" | "if" | "!"))
            .collect();
        match words.as_slice() {
            ["for" | "select", name, "in", values @ ..]
                if identifier(name) && !values.is_empty() =>
            {
                if values.iter().all(|v| !v.contains(['$', '`'])) {
                    names.push((*name).to_owned());
                } else {
                    unshown.push((*name).to_owned());
                }
            }
            ["for" | "select", name, ..] => unshown.push((*name).to_owned()),
            // `read A <<< TEXT` with TEXT shown is among the assignments.
            ["read" | "mapfile" | "readarray" | "getopts", rest @ ..]
                if !(words[0] == "read"
                    && statement.contains("<<<")
                    && !statement.contains(['$', '`'])) =>
            {
                unshown.extend(
                    rest.iter()
                        .filter(|w| identifier(w))
                        .map(|w| (*w).to_owned()),
                );
            }
            ["shift", ..] => unshown.extend(["@", "*"].map(str::to_owned)),
            _ => {}
        }
        // `NAME=$(…)`, `export NAME=$X`: set to what the line cannot show. `NAME=$(mktemp)`
        // names a file mktemp has just made: writing it overwrites nothing.
        for word in &words {
            if let Some((name, value)) = word.split_once('=')
                && identifier(name)
                && value.contains(['$', '`'])
            {
                if crate::parse::makes_temporary_file(value) && statement.matches('$').count() == 1
                {
                    names.push(name.to_owned());
                } else {
                    unshown.push(name.to_owned());
                }
            }
        }
    }
    if unshown.iter().any(|n| n == "@") {
        unshown.extend((1..10).map(|n| n.to_string()));
    }
    names.retain(|n| !unshown.contains(n));
    names
}

/// `text` with the expansion `spelling` written as `value` where the name ends there.
fn replace_expansion(text: &str, spelling: &str, value: &str) -> String {
    let mut rest = text;
    let mut next = String::new();
    while let Some(at) = rest.find(spelling) {
        let after = &rest[at + spelling.len()..];
        let ends = spelling.ends_with('}')
            || !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        next.push_str(&rest[..at]);
        next.push_str(if ends { value } else { spelling });
        rest = after;
    }
    next.push_str(rest);
    next
}

pub(crate) fn identifier(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Values other statements than `NAME=VALUE` give: `set -- WORDS` (the positional parameters
/// `$1`…, `$@`, `$*`), `read A B <<< TEXT` (split on blanks, the last name taking the rest),
/// `printf -v NAME VALUE`, and `export`/`declare`/`local`/`readonly`/`typeset NAME=VALUE`.
fn set_by_builtins(statement: &str) -> Option<Vec<(String, String)>> {
    let words = shlex::split(statement)?;
    let (first, rest) = words.split_first()?;
    match first.as_str() {
        "set" => {
            let values: Vec<&String> = match rest.first().map(String::as_str) {
                Some("--") => rest[1..].iter().collect(),
                Some(word) if !word.starts_with(['-', '+']) => rest.iter().collect(),
                _ => return None,
            };
            if values.iter().any(|v| v.contains(['$', '`'])) {
                return None;
            }
            let mut out: Vec<(String, String)> = values
                .iter()
                .enumerate()
                .map(|(at, v)| ((at + 1).to_string(), (*v).clone()))
                .collect();
            let joined = shlex::try_join(values.iter().map(|v| v.as_str())).ok()?;
            let plain = values
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(("@".to_owned(), joined));
            out.push(("*".to_owned(), plain));
            Some(out)
        }
        "read" => {
            let at = rest.iter().position(|w| w == "<<<")?;
            let text = rest.get(at + 1)?;
            let names: Vec<&String> = rest[..at].iter().filter(|w| identifier(w)).collect();
            if names.is_empty() || text.contains(['$', '`']) {
                return None;
            }
            let mut fields = text.split_whitespace();
            let mut out = Vec::new();
            for (index, name) in names.iter().enumerate() {
                let value = if index + 1 == names.len() {
                    fields.by_ref().collect::<Vec<_>>().join(" ")
                } else {
                    fields.next().unwrap_or_default().to_owned()
                };
                out.push(((*name).clone(), value));
            }
            Some(out)
        }
        "printf" => match rest {
            [option, name, value] if option == "-v" && identifier(name) && !value.contains('%') => {
                Some(vec![(name.clone(), value.clone())])
            }
            _ => None,
        },
        "export" | "declare" | "local" | "readonly" | "typeset" => {
            let out: Vec<(String, String)> = rest
                .iter()
                .filter(|w| !w.starts_with('-'))
                .filter_map(|w| w.split_once('='))
                .filter(|(name, value)| identifier(name) && !value.contains(['$', '`']))
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect();
            (!out.is_empty()).then_some(out)
        }
        _ => None,
    }
}

/// `NAME=VALUE` statements of the line (each standing alone, before `;`, `&&` or a newline),
/// their values unquoted; a value holding an expansion is left out. Values the shell's own
/// commands give (`set --`, `read <<<`, `printf -v`, `export`) are taken too
/// (`set_by_builtins`).
fn assignments(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for statement in certain_statements(line) {
        if let Some(values) = set_by_builtins(statement) {
            out.extend(values);
            continue;
        }
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

/// The separators between a line's statements, longest first.
const SEPARATORS: &[&str] = &["&&", "||", ";;", "|&", ";", "\n", "|", "&"];

/// The statements of `line` that certainly run, and run before everything after them in this
/// shell: an assignment there holds its written value for the rest of the line. One that may
/// not run or runs elsewhere is left out, so its variable is a value the line cannot show:
/// inside `if`, `case`, a loop, a function's body, a group or a subshell; after `||`; in a
/// pipeline; sent to the background; after `&&` unless only `&&` follows it to the line's end
/// (`false && X=/tmp; rm -rf $X/*` leaves X unset).
fn certain_statements(line: &str) -> Vec<&str> {
    let mut parts: Vec<(&str, &str)> = Vec::new(); // (separator before, statement)
    let mut rest = line;
    let mut before = "";
    'scan: while !rest.is_empty() {
        for (at, _) in rest.char_indices() {
            if let Some(sep) = SEPARATORS.iter().find(|sep| rest[at..].starts_with(**sep)) {
                parts.push((before, &rest[..at]));
                before = sep;
                rest = &rest[at + sep.len()..];
                continue 'scan;
            }
        }
        parts.push((before, rest));
        break;
    }
    let (mut depth, mut cases) = (0_usize, 0_usize);
    let mut certain = Vec::new();
    for (i, (before, statement)) in parts.iter().enumerate() {
        let text = statement.trim();
        let first = text.split_whitespace().next().unwrap_or("");
        let opens = matches!(
            first,
            "if" | "case" | "while" | "until" | "for" | "select" | "function"
        ) || text.starts_with(['{', '('])
            || text.contains("()");
        if first == "case" {
            cases += 1;
        }
        // Inside `case`, a `)` ends a pattern, not a subshell.
        let unmatched = if cases > 0 {
            0
        } else {
            text.matches(')')
                .count()
                .saturating_sub(text.matches('(').count())
        };
        let closes = text
            .split_whitespace()
            .filter(|w| matches!(*w, "fi" | "esac" | "done" | "}" | ")"))
            .count()
            + unmatched;
        if text.split_whitespace().any(|w| w == "esac") {
            cases = cases.saturating_sub(1);
        }
        let after = parts.get(i + 1).map_or("", |(sep, _)| *sep);
        let only_and_follows = parts[i + 1..].iter().all(|(sep, _)| *sep == "&&");
        let runs = depth == 0
            && !opens
            && !matches!(*before, "||" | "|" | "|&" | ";;")
            && !matches!(after, "|" | "|&" | "&")
            && (*before != "&&" || only_and_follows);
        if runs {
            certain.push(text);
        }
        if opens {
            depth += 1 + text.matches(['{', '(']).count().saturating_sub(1);
        }
        depth = depth.saturating_sub(closes);
    }
    certain
}

#[cfg(test)]
mod tests {
    use super::substituted;

    #[test]
    fn assignments_that_may_not_run_are_not_shown() {
        for line in [
            "false && X=/tmp; rm -rf $X/*",
            "[ -d /x ] && X=/tmp; rm -rf $X/*",
            "true || X=/tmp; rm -rf $X/*",
            "if false; then X=/tmp; fi; rm -rf $X/*",
            "if false\nthen\nX=/tmp\nfi\nrm -rf $X/*",
            "{ false && X=/tmp; }; rm -rf $X/*",
            "( X=/tmp ); rm -rf $X/*",
            "f() { X=/tmp; }; rm -rf $X/*",
            "while false; do\nX=/tmp\ndone\nrm -rf $X/*",
            "X=/tmp | cat; rm -rf $X/*",
            "X=/tmp & rm -rf $X/*",
            "case $1 in\na)\nX=/tmp\n;;\nesac\nrm -rf $X/*",
            "case $1 in a) X=/tmp;; esac; rm -rf $X/*",
        ] {
            assert!(
                !super::shown_names(line).contains(&"X".to_owned()),
                "{line:?}"
            );
        }
        for line in [
            "X=/tmp; rm -rf $X/*",
            "X=/tmp && rm -rf $X/*",
            "cd /srv && X=/tmp && rm -rf $X/*",
            "X=/tmp\nrm -rf $X/*",
        ] {
            assert!(
                super::shown_names(line).contains(&"X".to_owned()),
                "{line:?}"
            );
        }
    }

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
    fn the_shells_own_commands_give_values_too() {
        assert_eq!(
            substituted("set -- -rf /; rm \"$@\"").as_deref(),
            Some("set -- -rf /; rm -rf /")
        );
        assert_eq!(
            substituted("set -- /dev/sda; dd of=$1").as_deref(),
            Some("set -- /dev/sda; dd of=/dev/sda")
        );
        assert_eq!(
            substituted("read a b <<< 'x /etc'; rm -rf $b").as_deref(),
            Some("read a b <<< 'x /etc'; rm -rf /etc")
        );
        assert_eq!(
            substituted("printf -v d /dev/sda; dd of=$d").as_deref(),
            Some("printf -v d /dev/sda; dd of=/dev/sda")
        );
        assert_eq!(
            substituted("export T=/etc/passwd; : > $T").as_deref(),
            Some("export T=/etc/passwd; : > /etc/passwd")
        );
    }

    #[test]
    fn a_loop_gives_each_of_its_values() {
        use super::loop_values;
        assert_eq!(
            loop_values("for f in /tmp/a /etc/passwd; do : > $f; done"),
            vec![
                "for f in /tmp/a /etc/passwd; do : > /tmp/a; done".to_owned(),
                "for f in /tmp/a /etc/passwd; do : > /etc/passwd; done".to_owned(),
            ]
        );
        assert!(loop_values("for f in a b; do echo $fx; done").is_empty());
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
