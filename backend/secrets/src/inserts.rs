//! SQL inserts that name their columns: `INSERT INTO users (name, password) VALUES ('bob',
//! 'x')`. The value standing at a secret-named column's place goes, in every row of the
//! statement (`VALUES (...), (...)`); the other values and the statement stay.

use std::sync::LazyLock;

use regex::Regex;

use crate::REDACTED;
use crate::names::is_secret_name;

/// An insert's column list and the rows after `VALUES`, on one line.
static INSERT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    crate::pattern::new(r#"(?i)\binsert\s+into\s+[^\s(]+\s*\((?P<columns>[^()\n]*)\)\s*values\s*(?P<rows>\([^\n;]*)"#)
        .ok()
});

/// The byte ranges of the items of a parenthesised row starting at `from` in `text`, split at
/// commas outside quotes; the end of the row is returned with them.
fn row_items(text: &str, from: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(from) != Some(&b'(') {
        return None;
    }
    let mut items = Vec::new();
    let mut start = from + 1;
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let mut i = from + 1;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => {
                // SQL doubles a quote to escape it.
                if bytes.get(i + 1) == Some(&q) {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b')' => {
                    items.push((start, i));
                    return Some((items, i + 1));
                }
                b',' if depth == 0 => {
                    items.push((start, i));
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// `text` with the values of secret-named columns of its inserts hidden.
pub(crate) fn redact_inserts(text: &str) -> String {
    let Some(insert) = INSERT.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    for found in insert.captures_iter(text) {
        let (Some(columns), Some(rows)) = (found.name("columns"), found.name("rows")) else {
            continue;
        };
        let secret: Vec<usize> = columns
            .as_str()
            .split(',')
            .enumerate()
            .filter(|(_, c)| is_secret_name(c.trim().trim_matches(['"', '`', '[', ']'])))
            .map(|(i, _)| i)
            .collect();
        if secret.is_empty() {
            continue;
        }
        let mut at = rows.start();
        while let Some((items, end)) = row_items(text, at) {
            for &index in &secret {
                if let Some(&(start, stop)) = items.get(index) {
                    let item = &text[start..stop];
                    let trimmed = item.trim();
                    let lead = item.len() - item.trim_start().len();
                    let quoted = trimmed.len() >= 2
                        && (trimmed.starts_with('\'') && trimmed.ends_with('\'')
                            || trimmed.starts_with('"') && trimmed.ends_with('"'));
                    if quoted && trimmed.len() > 2 && !trimmed.contains(REDACTED) {
                        hidden.push((start + lead + 1, start + lead + trimmed.len() - 1));
                    }
                }
            }
            // The next row: `, (...)`.
            let rest = &text[end..];
            let skip = rest.len() - rest.trim_start_matches([' ', '\t', ',']).len();
            if !rest[skip..].starts_with('(') || !rest[..skip].contains(',') {
                break;
            }
            at = end + skip;
        }
    }
    if hidden.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in hidden {
        if start < copied {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_inserts as redact;

    #[test]
    fn secret_columns_go_in_every_row() {
        assert_eq!(
            redact("INSERT INTO users (name, password) VALUES ('bob', 'x1'), ('al', 'y,2');"),
            "INSERT INTO users (name, password) VALUES ('bob', '[redacted]'), ('al', '[redacted]');"
        );
    }

    #[test]
    fn other_columns_stay() {
        let plain = "INSERT INTO t (id, name) VALUES (1, 'bob')";
        assert_eq!(redact(plain), plain);
    }
}
