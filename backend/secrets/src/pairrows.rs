//! Rows of two-column name-value tables: a cell naming a secret and the cell after it holding its value,
//! as `SHOW VARIABLES`, `psql`'s `\x` and key-value listings, Markdown tables of settings and
//! `rich` tables print them (`| DB_PASSWORD | x |`, `│ api_token │ x │`, psql's ` password |
//! x`). The value's cell goes, its padding and the bars kept. A value reading as a sentence (a
//! settings reference's description) and the values the assignment passes keep (switch words,
//! status words, references, counts) stay.

use crate::REDACTED;
use crate::names::is_secret_name;

/// The bars between cells: ASCII's and the box-drawing characters'.
const BARS: [char; 4] = ['|', '│', '┃', '║'];

/// Whether `cell` is a name: one word of a setting's characters.
fn name_cell(cell: &str) -> bool {
    !cell.is_empty()
        && cell.len() <= crate::pairs::MAX_NAME_CHARS
        && cell
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Types a reference's table gives a field (`| password | string |`).
const TYPE_WORDS: &[&str] = &[
    "string", "str", "int", "integer", "number", "float", "bool", "boolean", "object", "array",
    "list", "map", "bytes", "text", "varchar", "uuid", "any", "secret", "password",
];

/// Whether a value's cell stays: empty, hidden, kept by the assignments' rules, a type, or a
/// sentence.
pub(crate) fn keeps(name: &str, value: &str) -> bool {
    let word = value.trim_matches('`').to_ascii_lowercase();
    value.is_empty()
        || value.contains(REDACTED)
        || label(value)
        // A masked value (`******`), as settings listings show a secret they keep.
        || value.chars().all(|c| c == '*')
        // A cell left unset (`-`).
        || value == "-"
        || TYPE_WORDS.contains(&word.as_str())
        || word.starts_with("varchar(")
        || crate::text::keeps_value(name, value)
        || (value.contains(' ')
            && value.split_whitespace().any(|w| {
                crate::text::SENTENCE_WORDS.contains(
                    &w.trim_matches(|c: char| !c.is_alphabetic())
                        .to_lowercase()
                        .as_str(),
                )
            }))
}

/// Whether `line` is laid out as psql's rows are without their header (`psql -t`, one row
/// alone): one blank of margin, a name, then ` | ` (` password | x`); or as a row of its
/// expanded display without its record line (`psql -x -t`): no margin, a name padded to the
/// others', ` | ` and one word (`password | x`). A pipeline's words (`password | sha256sum`,
/// `  cat password | base64 -d`, `token | tr -d '\n'`) are not: a program's name follows the
/// bar, or more than one word. Unaligned (`psql -Atx`: `password|x`), a row is a name, one
/// bar and one word that is neither a program's name nor another secret's name (a pattern's
/// alternatives, `password|passwd`).
fn psql_row(line: &str) -> bool {
    if !line.contains(char::is_whitespace)
        && let Some((name, value)) = line.split_once('|')
    {
        return name_cell(name)
            && name_cell(value)
            && !crate::commands::is_command_name(value)
            && !is_secret_name(value);
    }
    let (rest, margin) = match line.strip_prefix(' ') {
        Some(rest) => (rest, true),
        None => (line, false),
    };
    let Some((name, value)) = rest.split_once(" | ") else {
        return false;
    };
    let value = value.trim();
    let one_word = !value.is_empty() && !value.contains(char::is_whitespace);
    name_cell(name.trim_end())
        && !name.starts_with(' ')
        && (margin || one_word)
        && !(one_word && crate::commands::is_command_name(value))
}

/// Where the ` | ` after a row's name stands in a line of psql's expanded display without its
/// record line (`usename  | bob`): no margin, a name padded with blanks, then a value that does
/// not start with a program's name (`token | base64 -d` is a pipeline).
fn expanded_bar(line: &str) -> Option<usize> {
    let at = line.find(" | ")?;
    let name = line[..at].trim_end();
    let value = line[at + 3..].split_whitespace().next()?;
    (!line.starts_with(' ') && name_cell(name) && !crate::commands::is_command_name(value))
        .then_some(at)
}

/// Whether `value`, in a cell after a secret's name a row's second cell or later, marks the
/// row rather than holding the secret: one character (`| user | DB_PASSWORD | x |`, a
/// checklist's `x` or `✓`).
fn mark(value: &str) -> bool {
    value.chars().count() == 1
}

/// Whether `value` is a label for the secret `name` rather than its value: a few words of
/// letters that name a secret themselves (`| api_token | API token | yes |`, `| db_password |
/// Database password |`), as a settings reference's description column reads.
fn label(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
        && is_secret_name(&words.join("_"))
}

/// `line` with the value after a secret's name hidden, when it is a table's row: opened by a
/// bar, or laid out as psql's rows (`unbordered`, in a text holding psql's rule line).
fn hide_row(line: &str, unbordered: bool, header: Option<&[&str]>) -> Option<String> {
    let trimmed = line.trim_start();
    let bordered = trimmed.starts_with(BARS);
    if !(bordered || (unbordered && line.contains(" | ")) || psql_row(line)) {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    let cells: Vec<&str> = line.split(BARS).collect();
    // A name and its value: two cells between the bars, or more when a cell names the secret
    // and the next one holds it (`| DB_PASSWORD | x | required |`, `| prod | db_password | x
    // |`). Under a header, a later cell's value goes only in the column the header calls the
    // value (`| env | name | value |`): `| ci | bearer | never |` under `| Name | Token Type |
    // Expires |` holds a kind and a date.
    let inner = cells.len() - usize::from(bordered) - usize::from(line.trim_end().ends_with(BARS));
    if inner < 2 {
        return None;
    }
    // The index in `cells` of the first cell between the bars.
    let first = usize::from(bordered);
    let mut previous_name: Option<&str> = None;
    // Where the cell starts in `line`.
    let mut at = 0;
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            // The bar that ended the cell before, as the line wrote it.
            let bar = line[at..].chars().next().unwrap_or('|');
            out.push(bar);
            at += bar.len_utf8();
        }
        at += cell.len();
        let value = cell.trim();
        match previous_name {
            Some(name)
                if !keeps(name, value)
                    // A key's name holds a secret only with a value of a key's shape
                    // (`| PUSH_INSTALLATION_KEY | abcdefghijklmnop |`; `| SORT_KEY | created |`
                    // is a setting).
                    && (is_secret_name(name) || crate::keysettings::holds_own_key(name, value))
                    && (i == first + 1 || (!mark(value) && value_column(header, i))) =>
            {
                let lead = &cell[..cell.len() - cell.trim_start().len()];
                let trail = &cell[cell.trim_end().len()..];
                out.push_str(lead);
                out.push_str(REDACTED);
                out.push_str(trail);
                changed = true;
            }
            _ => out.push_str(cell),
        }
        // Markdown writes names as code: `` `DB_PASSWORD` ``.
        let name = value.trim_matches('`');
        let named =
            name_cell(name) && (is_secret_name(name) || crate::keysettings::names_own_key(name));
        previous_name = (i >= first && named && previous_name.is_none()).then_some(name);
    }
    changed.then_some(out)
}

/// Whether the column at `index` holds values by the table's header: no header, or one naming
/// the column so (`value`, `Value`, `data`).
fn value_column(header: Option<&[&str]>, index: usize) -> bool {
    header.is_none_or(|cells| {
        cells.get(index).is_some_and(|cell| {
            matches!(
                cell.trim().to_ascii_lowercase().as_str(),
                "value" | "values" | "val" | "data" | "content" | "contents"
            )
        })
    })
}

/// Whether `text` holds psql's rule line under a header (`------+------`), or the line that
/// opens a record of its expanded display (`-[ RECORD 1 ]----`), whose rows have no margin.
fn psql_rule(text: &str) -> bool {
    text.split('\n').any(|line| {
        let t = line.trim();
        (t.contains("-+-") && t.chars().all(|c| matches!(c, '-' | '+')))
            || t.strip_prefix("-[ RECORD ").is_some_and(|rest| {
                rest.split_once(' ').is_some_and(|(n, tail)| {
                    n.chars().all(|c| c.is_ascii_digit()) && tail.starts_with(']')
                })
            })
    })
}

/// `text` with the values of secret-named rows of tables hidden.
pub(crate) fn redact_pair_rows(text: &str) -> String {
    let unbordered = text.contains('\n') && psql_rule(text);
    let lines: Vec<&str> = text.split('\n').collect();
    // psql's expanded display without its record lines: rows whose bars stand in one column
    // with a neighbour's, their values read whole (`password | correct horse battery`).
    let bars: Vec<Option<usize>> = lines.iter().map(|line| expanded_bar(line)).collect();
    // A lone row (`psql -x -t` of one column, `password | correct horse battery`) has no
    // neighbour to align with: the text being that one row says it is psql's.
    let lone = lines.iter().filter(|line| !line.trim().is_empty()).count() == 1;
    let expanded = |i: usize| {
        bars[i].is_some()
            && (lone || (i > 0 && bars[i - 1] == bars[i]) || bars.get(i + 1) == Some(&bars[i]))
    };
    // The header of the table the line is in, and whether a row of it came already.
    let mut header: Option<Vec<&str>> = None;
    let mut rows = false;
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if rule_line(line) {
            out.push((*line).to_owned());
            continue;
        }
        if !line.contains(BARS) {
            header = None;
            rows = false;
            out.push((*line).to_owned());
            continue;
        }
        // A table's first row above its rule (`| user | password | role |` over
        // `|---|---|---|`) names columns; `tables.rs` reads it.
        // A box's bottom edge (`└───┘`, `╚═══╝`, `╰───╯`) closes the table: the row above it
        // is its last, not a header.
        if !rows
            && lines
                .get(i + 1)
                .is_some_and(|next| rule_line(next) && !bottom_edge(next))
        {
            header = Some(line.split(BARS).collect());
            rows = true;
            out.push((*line).to_owned());
            continue;
        }
        rows = true;
        out.push(
            hide_row(line, unbordered || expanded(i), header.as_deref())
                .unwrap_or_else(|| (*line).to_owned()),
        );
    }
    out.join("\n")
}

/// A table's rule under its header: dashes with bars, pluses or colons (`|---|:--|`,
/// `----+----`, `├───┼───┤`, `+====+`).
/// Whether a rule line is a box's bottom edge: it starts with a bottom corner.
fn bottom_edge(line: &str) -> bool {
    line.trim_start().starts_with(['└', '╚', '╰', '┗'])
}

fn rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars()
        .any(|c| c == '-' || c == '=' || ('\u{2500}'..='\u{257F}').contains(&c))
        && t.chars().all(|c| {
            matches!(c, '-' | '=' | '+' | ':' | ' ')
                || BARS.contains(&c)
                || ('\u{2500}'..='\u{257F}').contains(&c)
        })
}

#[cfg(test)]
mod tests {
    use super::redact_pair_rows as redact;

    #[test]
    fn values_after_secret_names_go() {
        assert_eq!(
            redact("| DB_PASSWORD | Passw0rd1 |\n| DB_HOST     | db        |"),
            "| DB_PASSWORD | [redacted] |\n| DB_HOST     | db        |"
        );
        assert_eq!(
            redact(" name     | value\n----------+-------\n password | Passw0rd1\n"),
            " name     | value\n----------+-------\n password | [redacted]\n"
        );
        // psql's rows without a header (`-t`), and its expanded display (`\x`).
        assert_eq!(redact(" password | Passw0rd1"), " password | [redacted]");
        assert_eq!(
            redact("-[ RECORD 1 ]------\nusename  | bob\npassword | Passw0rd1"),
            "-[ RECORD 1 ]------\nusename  | bob\npassword | [redacted]"
        );
        // Wider rows: the cell after the name goes, the others stay.
        assert_eq!(
            redact("│ api_token │ abc123XYZ │ yes │"),
            "│ api_token │ [redacted] │ yes │"
        );
    }

    #[test]
    fn descriptions_switches_and_pipelines_stay() {
        for text in [
            "| DB_PASSWORD | The password of the database user. |",
            "| require_secure_transport | ON |",
            "cat password | base64 -d",
            "password | sha256sum",
            "| password | `string` |",
            "| token | string | yes |",
            "| name | value | required |",
            "| token | ****** | yes |",
            "| api_key | The key of the API | required |",
            "| user | DB_PASSWORD | x |",
            "  cat password | base64 -d",
            "-[ RECORD 1 ]------\nusename  | bob\nrole     | admin",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
