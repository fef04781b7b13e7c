//! Entries whose value is written before their name (`- value: x` then `name: DB_PASSWORD`):
//! YAML and JSON keep a mapping's members in any order, and Kubernetes' `env` lists, ECS task
//! definitions and CI variables are written so by hand and by tools that sort members. The
//! name-first order is read in `pairs.rs`.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// `value: x` (also as a list item, `- value: x`), `Value:`, `ParameterValue:`, `value = "x"`,
/// `"value": "x",`: the line that holds an entry's value.
static VALUE_LINE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>[ \t]*(?:-[ \t]+)?["']?(?:value|Value|ParameterValue)["']?[ \t]*[:=][ \t]*)(?P<secret>\S.*?)(?P<comma>,?)[ \t]*\z"#,
    )
    .ok()
});

/// The column where a line's key starts, after its indentation and a list item's dash.
fn key_column(line: &str) -> usize {
    let trimmed = line.trim_start();
    let key = match trimmed.strip_prefix('-') {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => trimmed,
    };
    line.len() - key.len()
}

/// Whether the mapping whose `value:` line is `lines[0]` names a secret on a later line of
/// its own: a `name:` (or `key:`, `variable:`...) member at the same column, before the
/// mapping ends (a line less indented).
fn named_secret_below(lines: &[&str], column: usize, name_line: &Gated) -> bool {
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent < column || (indent == column && trimmed.starts_with("- ")) {
            return false;
        }
        if indent > column {
            continue;
        }
        if let Some(c) = name_line.captures(line) {
            return c.name("name").is_some_and(|n| is_secret_name(n.as_str()))
                || c.name("by")
                    .is_some_and(|by| crate::pairs::KEY_NAME_KEYS.contains(&by.as_str()));
        }
    }
    false
}

/// Whether the mapping whose `value:` line follows `above` was named already, above its value
/// (a `name:` or `key:` member at the same column since the mapping began): the value is that
/// name's, and a name below it begins the next entry. etcdctl's `-w fields` prints its entries
/// so, one field a line at the margin (`"Key" : "/app/db/host"` ... `"Value" : "db"`, then the
/// next `"Key"`), where no indentation tells one entry from the next.
fn named_above(above: &[&str], column: usize, name_line: &Gated) -> bool {
    for line in above.iter().rev() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent > column {
            continue;
        }
        if indent < column {
            return false;
        }
        if name_line.is_match(line) {
            return true;
        }
        // A list's next item begins a new mapping; a value line ends the entry above.
        if trimmed.starts_with("- ") || VALUE_LINE.as_ref().is_some_and(|v| v.is_match(line)) {
            return false;
        }
    }
    false
}

/// Hides the value of each entry whose secret name follows its value; a block scalar's
/// (`value: |`) lines with it.
pub(crate) fn redact_value_first(text: &str) -> String {
    if !text.contains('\n') || !(text.contains("value") || text.contains("Value")) {
        return text.to_owned();
    }
    let (Some(value_line), Some(name_line)) = (VALUE_LINE.as_ref(), crate::pairs::name_line())
    else {
        return REDACTED.to_owned();
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The column of a block scalar being hidden.
    let mut hiding_below: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(column) = hiding_below {
            if trimmed.is_empty() || indent > column {
                out.push(if trimmed.is_empty() {
                    (*line).to_owned()
                } else {
                    format!("{}{REDACTED}", &line[..indent])
                });
                continue;
            }
            hiding_below = None;
        }
        let Some(c) = value_line.captures(line) else {
            out.push((*line).to_owned());
            continue;
        };
        let column = key_column(line);
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let comma = c.name("comma").map_or("", |m| m.as_str());
        let bare = secret.trim_matches(['"', '\'']);
        if bare.starts_with(REDACTED)
            || bare.is_empty()
            || secret.starts_with("valueFrom")
            || matches!(secret, "null" | "{" | "[")
            || named_above(&lines[..i], column, name_line)
            || !named_secret_below(&lines[i + 1..], column, name_line)
        {
            out.push((*line).to_owned());
            continue;
        }
        if secret.starts_with(['|', '>']) {
            hiding_below = Some(column);
            out.push((*line).to_owned());
            continue;
        }
        let quote = secret
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))
            .map_or(String::new(), String::from);
        out.push(format!("{head}{quote}{REDACTED}{quote}{comma}"));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_line_compiles() {
        assert!(VALUE_LINE.is_some());
        assert_eq!(key_column("  - value: x"), 4);
        assert_eq!(key_column("    value: x"), 4);
        assert_eq!(key_column("-value: x"), 0);
    }
}
