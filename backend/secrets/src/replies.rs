//! redis-cli's replies listing fields and values as numbered items (`CONFIG GET *`,
//! `HGETALL`, `CONFIG GET requirepass`): `1) "requirepass"` then `2) "hunter2"`. An odd item
//! naming a secret makes the next item its value, which goes; the numbering and quotes stay.
//! Without a terminal redis-cli prints the same reply raw, a name on one line and its value on
//! the next (`masterauth` then `hunter2`); read with the command that asked, its value goes too.

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

/// Whether `value`, the line of a raw `CONFIG GET` reply after the setting `name`, is a secret
/// to hide: a secret-named setting's value that is not empty, a reference or a switch word.
pub(crate) fn hides_raw_setting(name: &str, value: &str) -> bool {
    !value.is_empty()
        && crate::names::names_secret_column(name)
        && !crate::text::keeps_value(name, value)
}

/// `text`, redis-cli's raw reply to `CONFIG GET` (each setting's name on one line, its value
/// on the next), with the values of secret-named settings hidden. The lines pair by position:
/// a value is any text, even one that looks like a name.
pub(crate) fn redact_raw_config_pairs(text: &str) -> String {
    let mut name: Option<&str> = None;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match name.take() {
            None => {
                name = Some(body.trim());
                out.push_str(line);
            }
            Some(name) if hides_raw_setting(name, body) => {
                out.push_str(REDACTED);
                out.push_str(&line[body.len()..]);
            }
            Some(_) => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_numbered_replies as redact;
    use super::redact_raw_config_pairs;

    #[test]
    fn raw_values_after_secret_settings_go() {
        assert_eq!(
            redact_raw_config_pairs("masterauth\nhunter2\nport\n6379\nrequirepass\n\n"),
            "masterauth\n[redacted]\nport\n6379\nrequirepass\n\n"
        );
        // A value that looks like a secret's name is a value, not the next name.
        assert_eq!(
            redact_raw_config_pairs("masteruser\npassword\nport\n6379\n"),
            "masteruser\npassword\nport\n6379\n"
        );
    }

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
