//! SQL inserts that name their columns: `INSERT INTO users (name, password) VALUES ('bob',
//! 'x')`. The value standing at a secret-named column's place goes, in every row of the
//! statement (`VALUES (...), (...)`, over as many lines as it takes), also inside a hashing
//! call (`crypt('x', gen_salt('bf'))`); and the same columns' fields in the rows of
//! `pg_dump`'s `COPY ... FROM stdin` blocks. The other values and the statement stay.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;

/// An insert's column list and the first row after `VALUES`, on one line or spread over
/// several (the rows are read by [`row_items`]).
static INSERT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?i)\binsert\s+(?:(?:ignore|or\s+(?:replace|ignore))\s+)?into\s+[^\s(]+\s*\((?P<columns>[^();]*)\)\s*values\s*(?P<rows>\()"#,
    )
    .ok()
});

/// An insert without a column list (`INSERT INTO users VALUES (...)`, as `mysqldump` and
/// sqlite3's `.mode insert` write them): its table, and the first row.
static INSERT_UNNAMED: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?i)\binsert\s+(?:(?:ignore|or\s+(?:replace|ignore))\s+)?into\s+(?P<table>[^\s(]+)\s*values\s*(?P<rows>\()"#,
    )
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

/// `pg_dump`'s data: `COPY table (columns) FROM stdin;`, then one row a line, fields separated
/// by tabs, up to `\.`.
static COPY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"(?i)\bcopy\s+[^\s(]+\s*\((?P<columns>[^();]*)\)\s+from\s+stdin[^\n]*\n"#)
        .ok()
});

/// The indexes of the secret-named columns of a column list.
fn secret_columns(columns: &str) -> Vec<usize> {
    let names: Vec<&str> = columns
        .split(',')
        .map(|c| c.trim().trim_matches(['"', '`', '[', ']']))
        .collect();
    crate::names::secret_columns_of(&names)
        .into_iter()
        .enumerate()
        .filter_map(|(i, secret)| secret.then_some(i))
        .collect()
}

/// The fields of secret-named columns in the rows of `pg_dump`'s `COPY` blocks (`\N`, a
/// null, stays).
fn copied_rows(text: &str, hidden: &mut Vec<(usize, usize)>) {
    let Some(copy) = COPY.as_ref() else {
        return;
    };
    for found in copy.captures_iter(text) {
        let (Some(whole), Some(columns)) = (found.get(0), found.name("columns")) else {
            continue;
        };
        let secret = secret_columns(columns.as_str());
        if secret.is_empty() {
            continue;
        }
        let mut at = whole.end();
        for line in text[whole.end()..].split('\n') {
            if line == "\\." || line.trim().is_empty() {
                break;
            }
            let mut start = at;
            for (index, field) in line.split('\t').enumerate() {
                if secret.contains(&index) && !field.is_empty() && field != "\\N" {
                    hidden.push((start, start + field.len()));
                }
                start += field.len() + 1;
            }
            at += line.len() + 1;
        }
    }
}

/// The byte range of the inside of the first non-empty string literal of a row's item: the
/// item itself quoted (`'x'`), with a prefix (`N'x'`, `E'x'`) or given to a function that
/// hashes it (`crypt('x', gen_salt('bf'))`, `PASSWORD('x')`, `SHA2('x', 256)`).
fn first_literal(item: &str) -> Option<(usize, usize)> {
    let open = item.find(['\'', '"'])?;
    let quote = item.as_bytes()[open];
    let bytes = item.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return (i > open + 1).then_some((open + 1, i));
        }
        i += 1;
    }
    None
}

/// The string values of a password's shape (`'hunter2'`, `'$P$B...'`, a hash) in the rows
/// of inserts without a column list into a table named for accounts (`users`, `wp_users`,
/// `accounts`): nothing says which column is the password, so every such value goes; names
/// (`'alice'`), addresses, numbers and dates stay.
fn unnamed_account_rows(text: &str, hidden: &mut Vec<(usize, usize)>) {
    let Some(insert) = INSERT_UNNAMED.as_ref() else {
        return;
    };
    for found in insert.captures_iter(text) {
        let (Some(table), Some(rows)) = (found.name("table"), found.name("rows")) else {
            continue;
        };
        let table = table
            .as_str()
            .trim_matches(['"', '`', '[', ']'])
            .rsplit('.')
            .next()
            .unwrap_or("")
            .trim_matches(['"', '`', '[', ']'])
            .to_ascii_lowercase();
        if !crate::queried::account_table(&table) {
            continue;
        }
        let mut at = rows.start();
        while let Some((items, end)) = row_items(text, at) {
            for &(start, stop) in &items {
                let item = &text[start..stop];
                let trimmed = item.trim();
                let lead = item.len() - item.trim_start().len();
                if let Some((from, to)) = first_literal(trimmed)
                    && trimmed.starts_with(['\'', '"'])
                    && !trimmed[from..to].contains(REDACTED)
                    && crate::queried::password_shaped(&trimmed[from..to])
                {
                    hidden.push((start + lead + from, start + lead + to));
                }
            }
            let rest = &text[end..];
            let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n', ',']).len();
            if !rest[skip..].starts_with('(') || !rest[..skip].contains(',') {
                break;
            }
            at = end + skip;
        }
    }
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
        let secret = secret_columns(columns.as_str());
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
                    if let Some((from, to)) = first_literal(trimmed)
                        && !trimmed[from..to].contains(REDACTED)
                    {
                        hidden.push((start + lead + from, start + lead + to));
                    }
                }
            }
            // The next row: `, (...)`.
            let rest = &text[end..];
            let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n', ',']).len();
            if !rest[skip..].starts_with('(') || !rest[..skip].contains(',') {
                break;
            }
            at = end + skip;
        }
    }
    unnamed_account_rows(text, &mut hidden);
    copied_rows(text, &mut hidden);
    if hidden.is_empty() {
        return text.to_owned();
    }
    hidden.sort_unstable();
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
    fn statements_over_several_lines_and_hashing_calls() {
        assert_eq!(
            redact(
                "INSERT INTO users\n  (id,\n   password_hash)\nVALUES\n  (1, 'a1'),\n  (2, 'b2');"
            ),
            "INSERT INTO users\n  (id,\n   password_hash)\nVALUES\n  (1, '[redacted]'),\n  (2, '[redacted]');"
        );
        assert_eq!(
            redact("INSERT INTO u (n, pw) VALUES ('b', crypt('x1', gen_salt('bf'))), ('c', N'y2')"),
            "INSERT INTO u (n, pw) VALUES ('b', crypt('[redacted]', gen_salt('bf'))), ('c', N'[redacted]')"
        );
    }

    #[test]
    fn pg_dump_rows_lose_their_secret_fields() {
        assert_eq!(
            redact(
                "COPY public.users (id, name, api_token) FROM stdin;\n1\tbob\tabc123\n2\tal\t\\N\n\\.\n"
            ),
            "COPY public.users (id, name, api_token) FROM stdin;\n1\tbob\t[redacted]\n2\tal\t\\N\n\\.\n"
        );
    }

    #[test]
    fn other_columns_stay() {
        let plain = "INSERT INTO t (id, name) VALUES (1, 'bob')";
        assert_eq!(redact(plain), plain);
    }
}
