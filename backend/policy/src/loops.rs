//! A `for` loop over values the line shows, judged as what it runs: its body once for each
//! value, the value written for the loop's variable (`for f in /tmp/a /tmp/b; do ls -l "$f";
//! done` runs `ls -l "/tmp/a"; ls -l "/tmp/b"`). A loop is then no higher than its body with
//! its values, and as high as the worst of them (`for f in /etc/passwd /tmp/x; do mytool "$f";
//! done` is `mytool /etc/passwd`'s level). A loop over what the line cannot show (a wildcard,
//! an expansion, a substitution), a body holding another loop, or one that may give the
//! variable another value (`f=…`, `read f`) is left to the judgements of a control structure.

use crate::assigned::identifier;

/// Words a body may give its variable another value with.
const SETTERS: &[&str] = &[
    "read",
    "unset",
    "mapfile",
    "readarray",
    "getopts",
    "declare",
    "typeset",
    "local",
    "export",
    "readonly",
    "printf",
    "eval",
];

/// Words that open or close a loop of their own inside the body.
const NESTED: &[&str] = &["for", "while", "until", "select", "do", "done"];

/// The line `for NAME in VALUES; do BODY; done`, when it is only that loop, as the body run
/// once per value with the value written in (see the module's comment).
pub fn unrolled(line: &str) -> Option<String> {
    let line = line.trim();
    let (header, rest) = split_at_keyword(line, "do")?;
    let words = shlex::split(header)?;
    let [keyword, name, keyword_in, values @ ..] = words.as_slice() else {
        return None;
    };
    if keyword != "for" || keyword_in != "in" || !identifier(name) || values.is_empty() {
        return None;
    }
    if header.contains([
        '$', '`', '*', '?', '[', '{', '~', '(', '<', '>', '|', '&', '\\',
    ]) {
        return None;
    }
    let body = rest
        .strip_suffix("done")?
        .trim_end_matches([' ', '\t'])
        .strip_suffix([';', '\n'])?
        .trim();
    if body.is_empty() || !keeps_variable(body, name) {
        return None;
    }
    let bodies = values
        .iter()
        .map(|value| with_value(body, name, value))
        .collect::<Option<Vec<String>>>()?;
    Some(
        bodies
            .iter()
            .map(|b| b.trim_end_matches([';', ' ']))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// `for NAME; do` and `for NAME do`, which loop over the positional parameters, spelled as the
/// `for NAME in "$@"; do` they are.
pub fn over_parameters_spelled_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("for") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let starts_word = before
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | '{'));
        let after = &from[3..];
        let name_len = after
            .trim_start()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.trim_start().len());
        let blanks = after.len() - after.trim_start().len();
        let name = &after.trim_start()[..name_len];
        let tail = after[blanks + name_len..].trim_start_matches([' ', '\t']);
        let implicit = tail.starts_with([';', '\n'])
            || (tail.starts_with("do") && tail[2..].starts_with(char::is_whitespace));
        if starts_word && blanks > 0 && identifier(name) && implicit {
            out.push_str(&format!("for {name} in \"$@\""));
            if !tail.starts_with([';', '\n']) {
                out.push_str("; ");
            }
            rest = tail;
        } else {
            out.push_str("for");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `line` split at its first `; KEYWORD` or newline-then-`KEYWORD`: the text before the
/// separator and the text after the keyword.
fn split_at_keyword<'a>(line: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    line.match_indices([';', '\n']).find_map(|(at, _)| {
        let after = line[at + 1..].trim_start();
        let rest = after.strip_prefix(keyword)?;
        rest.starts_with(char::is_whitespace)
            .then(|| (&line[..at], rest))
    })
}

/// Whether every pass of `body` reads the loop's value as given: no loop of its own, no word
/// that may set `name` again.
fn keeps_variable(body: &str, name: &str) -> bool {
    let words: Vec<&str> = body
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '{' | '}'))
        .collect();
    !words
        .iter()
        .any(|w| NESTED.contains(w) || SETTERS.contains(w) || w.starts_with(&format!("{name}=")))
}

/// `body` with `$NAME` and `${NAME}` written as `value`; `None` where it reads the variable
/// in another form (`${NAME:-x}`, `${#NAME}`).
fn with_value(body: &str, name: &str, value: &str) -> Option<String> {
    let name: Vec<char> = name.chars().collect();
    crate::positional::expanded(body, |rest| {
        let value = || vec![value.to_owned()];
        if rest.starts_with(&name)
            && !rest
                .get(name.len())
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            return Some(Some((value(), true, name.len())));
        }
        let inner = rest.strip_prefix(&['{'])?;
        let close = inner.iter().position(|c| *c == '}')?;
        let inside = &inner[..close];
        if inside == name.as_slice() {
            return Some(Some((value(), true, close + 2)));
        }
        let names_it = inside.ends_with(&name) || inside.starts_with(&name);
        names_it.then_some(None)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_over_shown_values_is_its_body_once_per_value() {
        assert_eq!(
            unrolled("for f in /tmp/a /tmp/b; do ls -l \"$f\"; done").as_deref(),
            Some("ls -l \"/tmp/a\"; ls -l \"/tmp/b\"")
        );
        assert_eq!(
            unrolled("for h in web1 web2\ndo\n  ping -c1 ${h}\ndone").as_deref(),
            Some("ping -c1 web1; ping -c1 web2")
        );
        assert_eq!(
            unrolled("for f in 'a b'; do rm $f; echo \"$f\"; done").as_deref(),
            Some("rm a b; echo \"a b\"")
        );
    }

    #[test]
    fn loops_the_line_cannot_show_or_that_change_their_variable_are_left() {
        for line in [
            "for f in /etc/*; do rm -f \"$f\"; done",
            "for f in $(ls); do rm -f \"$f\"; done",
            "for f in a; do f=/etc/passwd; rm -f $f; done",
            "for f in a; do read f; rm -f $f; done",
            "for f in a; do for g in b; do rm $g; done; done",
            "for f in a; do rm \"${f:-/}\"; done",
            "for f in a; do rm $f; done; rm -rf /",
            "for ((i=0; i<3; i++)); do echo $i; done",
        ] {
            assert_eq!(unrolled(line), None, "{line}");
        }
    }

    #[test]
    fn a_loop_over_the_parameters_is_spelled_out() {
        assert_eq!(
            over_parameters_spelled_out("for f; do rm \"$f\"; done"),
            "for f in \"$@\"; do rm \"$f\"; done"
        );
        assert_eq!(
            over_parameters_spelled_out("for f do rm \"$f\"; done"),
            "for f in \"$@\"; do rm \"$f\"; done"
        );
        assert_eq!(
            over_parameters_spelled_out("for f in a; do platform=x; done"),
            "for f in a; do platform=x; done"
        );
    }
}
