//! Listings of secrets by name, as secret stores print them (`SECRET   VERSION   STATE` over
//! `db-pass   3   enabled`, Vault's `Key   Version` over `db/password   3`, a service's `ENV
//! SECRET   VERSION` mapping of variables to secrets). Their heading tells what the columns
//! hold: a column of secrets' names beside their versions or states, and no column of values.
//! The passes reading `SECRET x` or `db/password 3` as a secret and its value hid the names and
//! the versions; a row of such a listing whose cells are all names, numbers, dates and state
//! words is kept as it was, whether its columns are aligned by blanks, parted by bars (ASCII,
//! Markdown, box-drawing, psql) or by commas (CSV). A row holding anything else (a random
//! string where a name was expected) is left as the passes made it.

/// `redacted` with the rows of every listing of secrets' names in `original` as they were,
/// where the redaction kept the lines in their places.
pub(crate) fn keep_listing_rows(original: &str, redacted: String) -> String {
    if redacted == original {
        return redacted;
    }
    let before: Vec<&str> = original.split_inclusive('\n').collect();
    let after: Vec<&str> = redacted.split_inclusive('\n').collect();
    if before.len() != after.len() {
        return redacted;
    }
    let mut out = String::with_capacity(redacted.len());
    // The listing being read: how its cells are parted, the index of its names' column and how
    // many columns it has.
    let mut listing: Option<(Parting, usize, usize)> = None;
    for (was, now) in before.iter().zip(&after) {
        let line = was.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            listing = None;
        } else if border(line) {
            // A box's or a Markdown table's rule, above or below the heading: the listing goes
            // on.
        } else if let Some((parting, name, count)) = listing {
            if was != now && plain_row(line, parting, name, count) {
                out.push_str(was);
                continue;
            }
        } else {
            let parting = parting_of(line);
            listing = listing_heading(line, parting).map(|(name, count)| (parting, name, count));
        }
        out.push_str(now);
    }
    out
}

/// How a table parts its cells.
#[derive(Clone, Copy)]
enum Parting {
    /// Two blanks or more, or tabs.
    Blanks,
    /// Bars: ASCII's, box-drawing's, psql's (`db-pass |       3 | enabled`).
    Bars,
    /// Commas, one row a line (CSV).
    Commas,
}

/// The bars tables draw between cells.
const BARS: [char; 4] = ['|', '│', '┃', '║'];

/// How the heading `line` parts its cells.
fn parting_of(line: &str) -> Parting {
    if line.contains(BARS) {
        Parting::Bars
    } else if line.contains(',') && !line.contains("  ") && !line.contains('\t') {
        Parting::Commas
    } else {
        Parting::Blanks
    }
}

/// A rule of a box or a Markdown table: dashes, pluses, bars, colons and box-drawing
/// characters only (`+----+`, `|---|:--|`, `├────┼────┤`, psql's `-----+-----`).
fn border(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() > 2
        && line.chars().all(|c| {
            matches!(c, '+' | '-' | '|' | '=' | ':' | ' ') || ('\u{2500}'..='\u{257F}').contains(&c)
        })
}

/// A row's or a heading's cells, parted as `parting` says; the empty ends of a boxed row
/// dropped.
fn cells(line: &str, parting: Parting) -> Vec<&str> {
    match parting {
        Parting::Blanks => line
            .split("  ")
            .flat_map(|part| part.split('\t'))
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .collect(),
        Parting::Bars => {
            let line = line.trim();
            let line = line.strip_prefix(BARS).unwrap_or(line);
            let line = line.strip_suffix(BARS).unwrap_or(line);
            line.split(BARS).map(str::trim).collect()
        }
        Parting::Commas => line.split(',').map(str::trim).collect(),
    }
}

/// The heading of a listing of secrets' names: its names' column (`SECRET`, `Key`, `SECRET
/// NAME`) and how many columns it has. The heading also has a column of versions or states,
/// and none of values (`VALUE`, `DATA`) nor another column of secrets (`PASSWORD`, `TOKEN`),
/// which would hold the values the names stand for.
fn listing_heading(line: &str, parting: Parting) -> Option<(usize, usize)> {
    let cells = cells(line, parting);
    if cells.len() < 2
        || !cells.iter().all(|cell| {
            !cell.is_empty()
                && cell.split(' ').count() <= 3
                && cell
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '_'))
        })
    {
        return None;
    }
    let lower: Vec<String> = cells
        .iter()
        .map(|cell| cell.to_ascii_lowercase().replace('_', " "))
        .collect();
    // A column naming secrets goes before a plain `NAME` (`NAME   SECRET   VERSION` maps a
    // name of its own to a secret's).
    let name = lower
        .iter()
        .position(|cell| {
            matches!(
                cell.as_str(),
                "secret" | "secret name" | "secret id" | "key" | "key name"
            )
        })
        .or_else(|| lower.iter().position(|cell| cell == "name"))?;
    let lifecycle = lower.iter().any(|cell| {
        matches!(
            cell.as_str(),
            "version"
                | "versions"
                | "latest version"
                | "current version"
                | "state"
                | "status"
                | "enabled"
        )
    });
    let values = lower.iter().enumerate().any(|(i, cell)| {
        i != name
            && (matches!(
                cell.as_str(),
                "value" | "values" | "data" | "plaintext" | "content" | "contents"
            ) || crate::names::names_secret_column(cell))
    });
    (lifecycle && !values).then_some((name, cells.len()))
}

/// A row of the listing: as many cells as its heading, a secret's name in the names' column,
/// and nothing but names, numbers, dates and words in the others (psql leaves a cell empty).
fn plain_row(line: &str, parting: Parting, name: usize, count: usize) -> bool {
    let cells = cells(line, parting);
    cells.len() == count
        && cells.iter().enumerate().all(|(i, cell)| {
            if i == name {
                secret_name(cell)
            } else {
                cell.is_empty() || (cell.split(' ').count() <= 4 && cell.split(' ').all(plain_word))
            }
        })
}

/// A secret's name: two parts or more parted by `-`, `_`, `.`, `/` or `:` (`db-pass`,
/// `stripe_api_key`, `prod/db/password`), each of letters in one case with digits after them
/// (`db1`) or a short number (`v-2`). A generated value (`Zx9Qk2Lm`, `a1b2c3`) has none of
/// this shape.
fn secret_name(cell: &str) -> bool {
    let parts: Vec<&str> = cell.split(['-', '_', '.', '/', ':']).collect();
    cell.len() <= 64
        && parts.len() >= 2
        && parts[0].starts_with(|c: char| c.is_ascii_alphabetic())
        && parts.iter().all(|part| name_part(part))
}

/// A part of a name: letters in one case, then digits (`db`, `DB`, `db1`), or up to four
/// digits alone.
fn name_part(part: &str) -> bool {
    let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = part.len() - letters.len();
    if letters.is_empty() {
        return (1..=4).contains(&digits);
    }
    letters.chars().all(|c| c.is_ascii_lowercase())
        || letters.chars().all(|c| c.is_ascii_uppercase())
}

/// A word of a cell beside the names: a word of letters (`enabled`, `True`), a number, a date
/// or a time (`3`, `2026-12-01T10:00:00Z`), a duration (`23h`), a name, or a dash.
fn plain_word(word: &str) -> bool {
    let number = word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '-' | '+' | '/' | 'T' | 'Z'));
    let duration = word
        .strip_suffix(['s', 'm', 'h', 'd', 'w', 'y'])
        .is_some_and(|count| !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()));
    let letters = word.len() <= 20 && word.chars().all(|c| c.is_ascii_alphabetic());
    number || duration || letters || word == "-" || secret_name(word)
}

#[cfg(test)]
mod tests {
    use super::{keep_listing_rows, listing_heading, parting_of};

    #[test]
    fn headings_of_listings_of_names() {
        for line in [
            "SECRET   VERSION   STATE",
            "Key                 Version",
            "ENV         SECRET      VERSION",
            "NAME\tSTATUS\tCREATED",
            "SECRET_NAME   LATEST VERSION",
            "NAME        SECRET      VERSION   STATE",
            "| SECRET  | VERSION | STATE   |",
            "│ Secret │ Version │ State │",
            "secret  | version | state",
            "SECRET,VERSION,STATE",
        ] {
            assert!(listing_heading(line, parting_of(line)).is_some(), "{line}");
        }
        // A column of values, or of secrets of another kind, beside the names: the names'
        // column may stand for what the values are.
        for line in [
            "Key                 Value",
            "NAME      VALUE     VERSION",
            "NAME      PASSWORD  STATUS",
            "TOKEN     STATUS    EXPIRES",
            "ID        SECRET    CREATED",
            "SECRET KEY   VERSION   STATE",
            "password: x   VERSION   STATE",
            "| Key | Value |",
            "NAME,PASSWORD,STATUS",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert!(listing_heading(line, parting_of(line)).is_none(), "{line}");
        }
    }

    #[test]
    fn rows_of_names_are_kept_and_values_are_not() {
        let original =
            "SECRET   VERSION   STATE\ndb-pass  3  enabled\nZx9Qk2LmP4aaBBcc  3  enabled\n";
        let redacted = "SECRET   VERSION   STATE\n[redacted]  3  enabled\n[redacted]  3  enabled\n";
        assert_eq!(
            keep_listing_rows(original, redacted.to_owned()),
            "SECRET   VERSION   STATE\ndb-pass  3  enabled\n[redacted]  3  enabled\n"
        );
        // Without the heading, the same row stays as the passes made it.
        assert_eq!(
            keep_listing_rows("db-pass  3  enabled", "[redacted]  3  enabled".to_owned()),
            "[redacted]  3  enabled"
        );
        // A box's rules do not end the listing; a cell of another character is no duration.
        let original = "+---+\n| SECRET | VERSION | STATE |\n+---+\n| db-pass | 3… | enabled |\n| db-pass | 3 | enabled |\n+---+";
        let redacted = "+---+\n| SECRET | VERSION | STATE |\n+---+\n| [redacted] | 3… | enabled |\n| [redacted] | 3 | enabled |\n+---+";
        assert_eq!(
            keep_listing_rows(original, redacted.to_owned()),
            "+---+\n| SECRET | VERSION | STATE |\n+---+\n| [redacted] | 3… | enabled |\n| db-pass | 3 | enabled |\n+---+"
        );
    }
}
