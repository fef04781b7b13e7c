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
}
