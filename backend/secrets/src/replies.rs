//! redis-cli's replies listing fields and values as numbered items (`CONFIG GET *`,
//! `HGETALL`, `CONFIG GET requirepass`): `1) "requirepass"` then `2) "hunter2"`. An odd item
//! naming a secret makes the next item its value, which goes; the numbering and quotes stay.

use crate::REDACTED;

/// A numbered item of a reply: its number, and its text without the quotes.
fn item(line: &str) -> Option<(usize, &str, usize)> {
    let trimmed = line.trim_start();
    let (number, rest) = trimmed.split_once(") ")?;
    let number: usize = number.parse().ok()?;
    let text = rest.strip_prefix('"')?.strip_suffix('"')?;
    // Where the text starts in `line`.
    let at = line.len() - rest.len() + 1;
    Some((number, text, at))
}

/// `text` with the values of secret-named fields in numbered replies hidden.
pub(crate) fn redact_numbered_replies(text: &str) -> String {
    if !text.contains(") \"") {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The number the value's item must have, and the field's name.
    let mut hide_next: Option<(usize, &str)> = None;
    for line in &lines {
        let found = item(line);
        if let (Some((expected, name)), Some((number, value, at))) = (hide_next, found)
            && number == expected
            && !value.is_empty()
            && !crate::text::keeps_value(name, value)
        {
            out.push(format!("{}{REDACTED}\"", &line[..at]));
            hide_next = None;
            continue;
        }
        hide_next = found.and_then(|(number, name, _)| {
            (number % 2 == 1 && crate::names::names_secret_column(name))
                .then_some((number + 1, name))
        });
        out.push((*line).to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_numbered_replies as redact;

    #[test]
    fn values_after_secret_fields_go() {
        assert_eq!(
            redact("1) \"requirepass\"\n2) \"hunter2\"\n3) \"port\"\n4) \"6379\""),
            "1) \"requirepass\"\n2) \"[redacted]\"\n3) \"port\"\n4) \"6379\""
        );
        let kept = "1) \"requirepass\"\n2) \"\"\n3) \"password\"\n2) \"x\"";
        assert_eq!(redact(kept), kept);
    }
}
