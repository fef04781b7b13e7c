//! Delimited exports whose header names a column of secrets: CSV (`psql --csv`, a password
//! manager's or a browser's export: `name,url,username,password`), semicolon-separated and
//! tab-separated output with a header (`mysql -B`: `user\tauthentication_string`). The cells of
//! that column go in the rows below the header that have as many fields, up to a line that
//! has not; the header and every other column stay.
//!
//! A header is one line of names (letters, digits, `_`, `-`, `.`, quoted or not) with no blank
//! inside a cell, so a sentence with commas (`token, secret and key`) is no header.

use crate::REDACTED;

/// The delimiters read, in the order tried.
const DELIMITERS: [char; 5] = ['\t', ',', ';', ':', '|'];

/// The fields of a line split at `delimiter` outside double quotes, as byte ranges.
fn fields(line: &str, delimiter: char) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            out.push((start, at));
            start = at + c.len_utf8();
        }
    }
    out.push((start, line.len()));
    out
}

/// A header's name: one word of a name's characters, or in double quotes a few such words
/// (KeePass' `"Login Name","Password"`).
fn name_cell(cell: &str) -> bool {
    // `user, password, email`: blanks around a name are the layout's.
    let cell = cell.trim_matches(' ');
    let quoted = cell.strip_prefix('"').and_then(|c| c.strip_suffix('"'));
    let bare = quoted.unwrap_or(cell);
    !bare.is_empty()
        && bare.len() <= 64
        && bare.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.')
                || (quoted.is_some() && c == ' ')
        })
        && bare.split(' ').count() <= 3
}

/// A cell that holds no secret: empty, hidden, a placeholder.
fn keeps(cell: &str) -> bool {
    let bare = cell.trim().trim_matches('"');
    bare.is_empty()
        || bare.contains(REDACTED)
        || matches!(
            bare,
            "-" | "null" | "NULL" | "\\N" | "<none>" | "n/a" | "N/A"
        )
        || bare.chars().all(|c| c == '*')
        // `<password>`, `replace_me`, `${DB_PASSWORD}`: see `placeholders.rs`.
        || crate::placeholders::stands_in(bare)
}

/// The header `line` opens: its delimiter, field count and secret columns, when the line
/// below has as many fields.
fn header(line: &str, next: Option<&str>) -> Option<(char, usize, Vec<usize>, Vec<usize>)> {
    let next = next?;
    DELIMITERS.iter().find_map(|&delimiter| {
        if !line.contains(delimiter) {
            return None;
        }
        // `user:password` over `alice:x`: colons with no blank about them, since `name: value`
        // is YAML's (`adminPasswordKey: password`, `PASS: test_login`).
        if delimiter == ':' && (line.contains(char::is_whitespace) || next.contains(' ')) {
            return None;
        }
        let cells = fields(line, delimiter);
        let names: Vec<&str> = cells.iter().map(|&(s, e)| &line[s..e]).collect();
        let shaped = names.len() >= 2 && names.iter().all(|c| name_cell(c));
        // `user | password` over `alice | x`: bars between names with blanks are also a
        // listing's name and value (`password | Passw0rd1`, psql's `\x`), so a header of bars
        // names an account's column and holds no digit.
        let bars_header = delimiter != '|'
            || (names
                .iter()
                .any(|n| crate::names::names_account_column(n.trim()))
                || crate::names::names_accounts_weakly(&names))
                && !line.contains(|c: char| c.is_ascii_digit());
        if !bars_header {
            return None;
        }
        if !shaped || fields(next, delimiter).len() != cells.len() {
            return None;
        }
        let bare: Vec<&str> = names.iter().map(|n| n.trim().trim_matches('"')).collect();
        let secret: Vec<usize> = crate::names::secret_columns_of(&bare)
            .into_iter()
            .enumerate()
            .filter_map(|(i, secret)| secret.then_some(i))
            .collect();
        let hash_only: Vec<usize> = crate::names::hash_only_columns_of(&bare)
            .into_iter()
            .enumerate()
            .filter_map(|(i, only)| only.then_some(i))
            .collect();
        (!secret.is_empty()).then_some((delimiter, cells.len(), secret, hash_only))
    })
}

/// `text` with the cells of every delimited secret column hidden.
pub(crate) fn redact_delimited_columns(text: &str) -> String {
    if !text.contains(DELIMITERS) {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut table: Option<(char, usize, Vec<usize>, Vec<usize>)> = None;
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_end_matches('\r');
        if let Some((delimiter, count, secret, hash_only)) = &table {
            let cells = fields(body, *delimiter);
            if cells.len() == *count && !(*delimiter == ':' && body.contains(' ')) {
                let mut row = body.to_owned();
                for &index in secret.iter().rev() {
                    let (start, end) = cells[index];
                    // The blanks around a cell stay (`alice, x, a@x.io`).
                    let raw = &body[start..end];
                    let start = start + (raw.len() - raw.trim_start_matches(' ').len());
                    let end = end - (raw.len() - raw.trim_end_matches(' ').len());
                    let (start, end) = if start > end {
                        (start, start)
                    } else {
                        (start, end)
                    };
                    let cell = &body[start..end];
                    // An abbreviated commit in a column of passwords' hashes stays.
                    if keeps(cell)
                        || (hash_only.contains(&index) && crate::names::abbreviated_hash(cell))
                    {
                        continue;
                    }
                    let quote = if cell.len() > 1 && cell.starts_with('"') && cell.ends_with('"') {
                        "\""
                    } else {
                        ""
                    };
                    row.replace_range(start..end, &format!("{quote}{REDACTED}{quote}"));
                }
                out.push(format!("{row}{}", &line[body.len()..]));
                continue;
            }
        }
        table = header(body, lines.get(i + 1).map(|l| l.trim_end_matches('\r')));
        out.push((*line).to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_delimited_columns as redact;

    #[test]
    fn secret_columns_of_exports_go() {
        assert_eq!(
            redact("usename,passwd\nbob,\"a,b\"\nalice,x y\n(2 rows)"),
            "usename,passwd\nbob,\"[redacted]\"\nalice,[redacted]\n(2 rows)"
        );
        assert_eq!(
            redact("user\tauthentication_string\nroot\t*ABC"),
            "user\tauthentication_string\nroot\t[redacted]"
        );
        for text in [
            "token, secret and key\nare, words, here",
            "id,name\n1,web",
            "a,password\nonly one field",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
