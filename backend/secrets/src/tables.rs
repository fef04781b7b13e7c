//! Tables whose header names a column of secrets, as command line tools print what they create
//! or list: `influx auth create` (tab-separated, `Token`), `kubeadm token list` (aligned,
//! `TOKEN`), `openstack ec2 credentials list` (boxed, `Secret`). The cells of that column go in
//! the rows below the header, up to a blank line; the header and every other column stay.
//! Columns that count secrets (`kubectl get serviceaccounts`' `SECRETS`) are not secrets.

use crate::REDACTED;

/// How a table lays out its columns, and which of them hold secrets.
enum Layout {
    /// `| a | b |` rows: the indices of the secret cells between the pipes, and of those
    /// holding only a password's hash ([`crate::names::hash_only_columns_of`]).
    Boxed(Vec<usize>, Vec<usize>),
    /// Columns aligned by blanks: the byte offsets where secret columns start, their indices
    /// among the header's cells, how many cells the header has, and the indices of the columns
    /// holding only a password's hash.
    Aligned(Vec<usize>, Vec<usize>, usize, Vec<usize>),
    /// Tab-separated columns whose empty cells collapse: secrets are told by their shape.
    Tabbed,
    /// psql's rows: cells between bars, no bar at either end (` bob | x`, unaligned `bob|x`),
    /// as many bars as the header's: the indices of the secret cells, the bars, and the
    /// indices of the cells holding only a password's hash.
    Piped(Vec<usize>, usize, Vec<usize>),
}

/// `text` with the cells of every secret column hidden.
pub(crate) fn redact_secret_columns(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut table: Option<Layout> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            table = None;
            out.push((*line).to_owned());
            continue;
        }
        if let Some(row) = table.as_ref().and_then(|layout| hide_row(layout, line)) {
            out.push(row);
            continue;
        }
        table = header(line, lines.get(i + 1).copied());
        out.push((*line).to_owned());
    }
    out.join("\n")
}

/// The indices of a header's cells that name a column of secrets (`Token`, `SECRET`, `Access
/// Token`), not a count of them; a column of hashes beside an account's (`id | user | hash`).
fn secret_indices(cells: &[&str]) -> Vec<usize> {
    crate::names::secret_columns_of(cells)
        .into_iter()
        .enumerate()
        .filter(|&(i, secret)| {
            let cell = cells[i].trim();
            secret && !cell.is_empty() && cell.split_whitespace().count() <= 3
        })
        .map(|(i, _)| i)
        .collect()
}

/// The indices of a header's secret cells that hold only a password's hash: an abbreviated
/// commit there stays (` id | name | hash` over `1 | alice | 3f2b1c4e`).
fn hash_only_indices(cells: &[&str]) -> Vec<usize> {
    crate::names::hash_only_columns_of(cells)
        .into_iter()
        .enumerate()
        .filter_map(|(i, only)| only.then_some(i))
        .collect()
}

/// Whether the cell at `index` stays: a placeholder, or an abbreviated commit in a column that
/// holds only a password's hash.
fn kept(cell: &str, index: usize, hash_only: &[usize]) -> bool {
    placeholder(cell) || (hash_only.contains(&index) && crate::names::abbreviated_hash(cell))
}

/// A header's cell: words of letters (`User Name`, `IN-USE`, `Project ID`), nothing a value
/// holds (digits, `=`, `:`).
fn header_cell(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty()
        && cell.chars().all(|c| {
            c.is_ascii_alphabetic() || matches!(c, ' ' | '_' | '-' | '.' | '(' | ')' | '/')
        })
}

/// The bars between a boxed table's cells: ASCII's and the box-drawing characters' (`│`,
/// `┃`, `║`), as `linode-cli`, `rich` and `tabulate` draw them.
const BARS: [char; 4] = ['|', '│', '┃', '║'];

/// A boxed row: opened and closed by a bar. Its cells between the bars, and the bar.
fn boxed_cells(line: &str) -> Option<(Vec<&str>, char)> {
    let trimmed = line.trim();
    let bar = trimmed.chars().next().filter(|c| BARS.contains(c))?;
    // Rich draws its header's bars heavier than its rows' (`┃` above, `│` below).
    let inner = trimmed.strip_prefix(bar)?.strip_suffix(BARS)?;
    (!inner.is_empty()).then(|| (inner.split(BARS).collect(), bar))
}

fn is_border(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() > 2
        && t.starts_with(|c: char| matches!(c, '+' | '|') || ('\u{2500}'..='\u{257F}').contains(&c))
        && t.chars().all(|c| {
            matches!(c, '+' | '-' | '|' | '=' | ':' | ' ') || ('\u{2500}'..='\u{257F}').contains(&c)
        })
}

/// The layout of the table `line` heads, when it is a header with a secret column.
fn header(line: &str, next: Option<&str>) -> Option<Layout> {
    if let Some((cells, _)) = boxed_cells(line) {
        // A boxed header is followed by its border (`+----+`, Markdown's `|---|`, `├───┤`); a
        // row of a two-column `| password | x |` listing is not.
        if !next.is_some_and(is_border) {
            return None;
        }
        if cells.len() < 2 || !cells.iter().all(|c| header_cell(c)) {
            return None;
        }
        let secret = secret_indices(&cells);
        let hash_only = hash_only_indices(&cells);
        return (!secret.is_empty()).then_some(Layout::Boxed(secret, hash_only));
    }
    if let Some(layout) = piped_header(line, next) {
        return Some(layout);
    }
    if line.contains('\t') {
        let cells: Vec<&str> = line.split('\t').filter(|c| !c.trim().is_empty()).collect();
        let shaped = cells.len() >= 3 && cells.iter().all(|c| header_cell(c));
        return (shaped && !secret_indices(&cells).is_empty()).then_some(Layout::Tabbed);
    }
    // Aligned by two blanks or more, in capitals as `kubectl`, `docker` and `kubeadm` print;
    // or in any case over a rule of dashes under each column, as `az -o table` prints.
    let cells = aligned_cells(line);
    let ruled = next.is_some_and(|rule| dash_rule(rule, &cells));
    let shaped = (cells.len() >= 3 || (ruled && cells.len() >= 2))
        && cells.iter().all(|(_, c)| {
            header_cell(c) && (ruled || !c.chars().any(|ch| ch.is_ascii_lowercase()))
        });
    if !shaped {
        return None;
    }
    // Azure's listed keys (`KeyName  Permissions  Value`): the value is the key.
    let key_names = cells
        .iter()
        .any(|(_, c)| c.replace(' ', "").eq_ignore_ascii_case("keyname"));
    let names: Vec<&str> = cells.iter().map(|(_, c)| *c).collect();
    let hashes = secret_indices(&names);
    let secret: Vec<usize> = (0..cells.len())
        .filter(|&i| {
            let c = cells[i].1;
            hashes.contains(&i) || (key_names && c.eq_ignore_ascii_case("value"))
        })
        .collect();
    let starts: Vec<usize> = secret.iter().map(|&i| cells[i].0).collect();
    let hash_only = hash_only_indices(&names);
    (!secret.is_empty()).then_some(Layout::Aligned(starts, secret, cells.len(), hash_only))
}

/// Whether `line` is a rule of dashes with a run starting under each of `cells`.
fn dash_rule(line: &str, cells: &[(usize, &str)]) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('-')
        && trimmed.chars().all(|c| c == '-' || c == ' ')
        && cells.iter().all(|&(at, _)| {
            line.as_bytes().get(at) == Some(&b'-')
                && (at == 0 || line.as_bytes().get(at - 1) == Some(&b' '))
        })
}

/// psql's header (` usename | passwd`, over its rule `---------+--------`; or unaligned, `-A`:
/// `usename|passwd` over a row with as many bars): names of columns between bars, one of them
/// a secret's. Unaligned, the names are one word each and the row below must have as many
/// bars, so a pipeline (`cat token|base64`) is no header.
fn piped_header(line: &str, next: Option<&str>) -> Option<Layout> {
    let trimmed = line.trim();
    if !trimmed.contains('|') || trimmed.starts_with('|') || trimmed.ends_with('|') {
        return None;
    }
    let cells: Vec<&str> = trimmed.split('|').collect();
    let bars = cells.len() - 1;
    let next = next?;
    let aligned = psql_rule(next) && next.trim().matches('+').count() == bars;
    let unaligned = !aligned
        && !trimmed.contains(' ')
        && next.matches('|').count() == bars
        && !next.trim().starts_with('|');
    if !(aligned || unaligned) {
        return None;
    }
    let named = cells.iter().all(|c| {
        header_cell(c)
            && (aligned || c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
            && !crate::commands::is_command_name(c.trim())
    });
    if !named {
        return None;
    }
    let secret = secret_indices(&cells);
    let hash_only = hash_only_indices(&cells);
    (!secret.is_empty()).then_some(Layout::Piped(secret, bars, hash_only))
}

/// psql's rule under its header: dashes and a `+` where each bar stands.
fn psql_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains("-+-") && t.chars().all(|c| matches!(c, '-' | '+'))
}

/// The cells of a line aligned by runs of two blanks or more, with their byte offsets.
fn aligned_cells(line: &str) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut start: Option<usize> = None;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let gap = bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ');
        match start {
            Some(s) if gap => {
                cells.push((s, line[s..i].trim_end()));
                start = None;
            }
            None if bytes[i] != b' ' => start = Some(i),
            _ => {}
        }
        i += 1;
    }
    if let Some(s) = start {
        cells.push((s, line[s..].trim_end()));
    }
    cells
}

/// A cell that stands for no secret: a placeholder or one hidden already.
fn placeholder(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty()
        || cell.contains(REDACTED)
        || matches!(
            cell,
            "-" | "<none>" | "none" | "n/a" | "N/A" | "<unset>" | "null"
        )
        || cell.chars().all(|c| c == '*')
        // `<password>`, `replace_me`, `${DB_PASSWORD}`: see `placeholders.rs`.
        || crate::placeholders::stands_in(cell)
}

/// A generated token's shape: long, of a token's alphabet, mixing capitals, small letters and
/// digits (identifiers in hex and UUIDs do not mix cases).
fn token_shaped(word: &str) -> bool {
    word.len() >= 20
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '.'))
        && word.chars().any(|c| c.is_ascii_uppercase())
        && word.chars().any(|c| c.is_ascii_lowercase())
        && word.chars().any(|c| c.is_ascii_digit())
}

/// `line` as a row of the table with its secret cells hidden, or `None` when the line is not
/// one of its rows.
fn hide_row(layout: &Layout, line: &str) -> Option<String> {
    match layout {
        Layout::Boxed(secret, hash_only) => {
            if is_border(line) {
                return Some(line.to_owned());
            }
            let (cells, bar) = boxed_cells(line)?;
            let lead = &line[..line.len() - line.trim_start().len()];
            let hidden: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if secret.contains(&i) && !kept(cell, i, hash_only) {
                        let width = cell.chars().count();
                        let text = format!(" {REDACTED}");
                        format!("{text:<width$}")
                    } else {
                        (*cell).to_owned()
                    }
                })
                .collect();
            let bar = bar.to_string();
            Some(format!("{lead}{bar}{}{bar}", hidden.join(&bar)))
        }
        Layout::Aligned(starts, secret, count, hash_only) => {
            // The rule under the header.
            if !line.trim().is_empty() && line.trim().chars().all(|c| c == '-' || c == ' ') {
                return Some(line.to_owned());
            }
            // A row written by hand or cut, whose cells do not start under the header's: read
            // by its cells when it has as many as the header.
            let cells = aligned_cells(line);
            let bytes = line.as_bytes();
            let misaligned = starts
                .iter()
                .any(|&start| start >= bytes.len() || !cells.iter().any(|(at, _)| *at == start));
            if misaligned && cells.len() == *count {
                let mut row = line.to_owned();
                for &i in secret.iter().rev() {
                    let (at, cell) = cells[i];
                    if !kept(cell, i, hash_only) {
                        row.replace_range(at..at + cell.len(), REDACTED);
                    }
                }
                return Some(row);
            }
            let mut row = line.to_owned();
            for (&start, &index) in starts.iter().zip(secret).rev() {
                let bytes = line.as_bytes();
                let opens = start < bytes.len()
                    && bytes[start] != b' '
                    && (start == 0 || bytes[start - 1] == b' ')
                    && line.is_char_boundary(start);
                if !opens {
                    continue;
                }
                let end = line[start..].find(' ').map_or(line.len(), |at| start + at);
                if !kept(&line[start..end], index, hash_only) {
                    row.replace_range(start..end, REDACTED);
                }
            }
            Some(row)
        }
        Layout::Piped(secret, bars, hash_only) => {
            if psql_rule(line) {
                return Some(line.to_owned());
            }
            if line.matches('|').count() != *bars {
                return None;
            }
            let hidden: Vec<String> = line
                .split('|')
                .enumerate()
                .map(|(i, cell)| {
                    if secret.contains(&i) && !kept(cell, i, hash_only) {
                        let lead = &cell[..cell.len() - cell.trim_start().len()];
                        let trail = &cell[cell.trim_end().len()..];
                        format!("{lead}{REDACTED}{trail}")
                    } else {
                        cell.to_owned()
                    }
                })
                .collect();
            Some(hidden.join("|"))
        }
        Layout::Tabbed => Some(
            line.split('\t')
                .map(|cell| {
                    if token_shaped(cell.trim()) {
                        cell.replace(cell.trim(), REDACTED)
                    } else {
                        cell.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\t"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_secret_columns as redact;

    #[test]
    fn secret_columns_go_and_others_stay() {
        assert_eq!(
            redact(
                "TOKEN                     TTL  EXPIRES\nabcdef.0123456789abcdef   23h  2026-01-01"
            ),
            "TOKEN                     TTL  EXPIRES\n[redacted]   23h  2026-01-01"
        );
        assert_eq!(
            redact(
                "+--------+--------+\n| Access | Secret |\n+--------+--------+\n| 1b2c   | 9f8e7d |\n+--------+--------+"
            ),
            "+--------+--------+\n| Access | Secret |\n+--------+--------+\n| 1b2c   | [redacted]|\n+--------+--------+"
        );
        assert_eq!(
            redact(
                "┌────┬──────────┐\n│ id │ token    │\n├────┼──────────┤\n│ 1  │ abc123de │\n└────┴──────────┘"
            ),
            "┌────┬──────────┐\n│ id │ token    │\n├────┼──────────┤\n│ 1  │ [redacted]│\n└────┴──────────┘"
        );
        assert_eq!(
            redact("ID\t\tToken\tUser\n0a1b\t\tabcDEF123ghiJKL456mnoPQR789\tadmin"),
            "ID\t\tToken\tUser\n0a1b\t\t[redacted]\tadmin"
        );
    }

    #[test]
    fn counts_and_listings_stay() {
        for table in [
            "NAME      SECRETS   AGE\ndefault   0         5d",
            "NAME   TYPE    DATA   AGE\ndb     Opaque  2      1d",
            "| password | x |\n| user | bob |",
            "PID  USER  COMMAND\n1    root  init",
        ] {
            assert_eq!(redact(table), table);
        }
    }
}
