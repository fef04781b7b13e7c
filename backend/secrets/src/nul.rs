//! Text holding NUL characters, in the three shapes tools print it:
//!
//! - entries separated by one NUL: `/proc/PID/environ` and `/proc/PID/cmdline` read raw. No
//!   pass reads a NUL as the end of a value, so each entry is redacted as a string of a JSON
//!   array is (a command line's words together, an environment's entries one by one), after
//!   what a transcript's command printed from a secret file went, read across the entries
//!   (`$ cat /proc/1/environ` then its entries, to the next prompt);
//! - UTF-16 read as bytes (a Windows `.reg` export, PowerShell's `>` redirection, `wmic`): a
//!   NUL after (or before) every ASCII character, so no entry holds more than one letter. The
//!   text is read with its NULs dropped and written back wide;
//! - fields padded with NULs (a binary record, a fixed-width table: `password\0\0\0hunter2`):
//!   a field naming a secret, then padding, then its value, which goes.

use serde_json::Value;

use crate::REDACTED;
use crate::names::is_secret_name;

/// `text` (holding a NUL) with every secret in it hidden.
pub(crate) fn redact_nul_text(text: &str) -> String {
    if let Some((prefix, narrow, big_endian)) = utf16_as_bytes(text) {
        let redacted = crate::redact_text(&narrow);
        let mut out = String::with_capacity(prefix.len() + redacted.len() * 2);
        out.push_str(prefix);
        for c in redacted.chars() {
            if big_endian {
                out.push('\0');
                out.push(c);
            } else {
                out.push(c);
                out.push('\0');
            }
        }
        // A last character without its NUL (the text cut there) stays so.
        if !text.ends_with('\0') && !big_endian && out.ends_with('\0') {
            out.pop();
        }
        return out;
    }
    let text = crate::printed::redact_printed_secrets(text);
    let entries: Vec<Value> = text
        .split('\0')
        .map(|entry| Value::String(entry.to_owned()))
        .collect();
    let Value::Array(redacted) = crate::redact(&Value::Array(entries)) else {
        return REDACTED.to_owned();
    };
    let mut entries: Vec<String> = redacted
        .iter()
        .map(|entry| entry.as_str().unwrap_or(REDACTED).to_owned())
        .collect();
    hide_padded_values(&mut entries);
    entries.join("\0")
}

/// The text of ASCII characters each paired with a NUL (UTF-16 little-endian, the NUL after;
/// big-endian, before), after a byte order mark as a lossy reading leaves it: the prefix, the
/// text without the NULs, and whether the NULs came first.
fn utf16_as_bytes(text: &str) -> Option<(&str, String, bool)> {
    let start = text
        .char_indices()
        .find(|(_, c)| !matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFD}'))
        .map_or(text.len(), |(at, _)| at);
    let (prefix, body) = text.split_at(start);
    let bytes = body.as_bytes();
    if bytes.len() < 4 || !body.is_ascii() {
        return None;
    }
    let big_endian = bytes[0] == 0;
    let (nuls, chars) = if big_endian { (0, 1) } else { (1, 0) };
    let paired = bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| if i % 2 == nuls { b == 0 } else { b != 0 });
    // A little-endian text may end without its last NUL; a big-endian one ends on a character.
    if !paired || (big_endian && bytes.len() % 2 != 0) {
        return None;
    }
    let narrow: String = bytes
        .iter()
        .skip(chars)
        .step_by(2)
        .map(|&b| char::from(b))
        .collect();
    Some((prefix, narrow, big_endian))
}

/// Hides the field after a field that names a secret and its padding (`password`, one empty
/// entry or more, then the value). Without padding (`kubectl\0create\0secret\0generic`), a
/// command line's words are the argument vector's business.
fn hide_padded_values(entries: &mut [String]) {
    let mut i = 0;
    while i < entries.len() {
        let name = entries[i].trim();
        let named = !name.is_empty()
            && !name.contains(|c: char| c.is_whitespace() || c == '=')
            && crate::pairs::within_name_bound(name)
            && is_secret_name(name);
        let value_at = (i + 1..entries.len()).find(|&j| !entries[j].is_empty());
        match value_at {
            Some(j) if named && j > i + 1 => {
                let value = entries[j].trim();
                if !crate::text::keeps_value(name, value) && !is_secret_name(value) {
                    let lead = &entries[j][..entries[j].len() - entries[j].trim_start().len()];
                    entries[j] = format!("{lead}{REDACTED}");
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide(text: &str) -> String {
        text.chars().flat_map(|c| [c, '\0']).collect()
    }

    #[test]
    fn wide_text_and_padded_fields_lose_their_secrets() {
        assert_eq!(
            redact_nul_text(&wide("DB_PASSWORD=hunter2\nPATH=/bin\n")),
            wide("DB_PASSWORD=[redacted]\nPATH=/bin\n")
        );
        assert_eq!(
            redact_nul_text("password\0\0\0hunter2xyz\0\0user\0\0bob"),
            "password\0\0\0[redacted]\0\0user\0\0bob"
        );
        assert_eq!(
            redact_nul_text("kubectl\0create\0secret\0generic\0app"),
            "kubectl\0create\0secret\0generic\0app"
        );
        assert_eq!(redact_nul_text(&wide("PATH=/bin")), wide("PATH=/bin"));
    }
}
