//! Tables aligned by blanks whose header names a column of names and a column of values, as
//! listings of settings print them with more columns beside (`NAME  VALUE  SCOPE`, Azure's
//! `Name  SlotSetting  Value`, CI tools' `KEY  VALUE  PROTECTED`): a row whose name is a
//! secret's, or a key's name holding a value of a key's shape (`PUSH_INSTALLATION_KEY` with
//! `abcdefghijklmnop`), loses its value's cell; the other cells, and every row naming anything
//! else, stay. A column headed `DATA` is no value (`kubectl get secrets`' `NAME  TYPE  DATA
//! AGE` counts the keys). Rows of three tab-separated fields or more with no header
//! (`NAME<TAB>VALUE<TAB>UPDATED`, as `gh variable list` prints into a pipe) are read the same
//! way, the first field the name and the second its value.

use crate::REDACTED;
use crate::names::is_secret_name;

/// Header words of the column of names.
const NAME_HEADERS: &[&str] = &[
    "name",
    "key",
    "variable",
    "var",
    "setting",
    "parameter",
    "env",
    "field",
];

/// Header words of the column of values.
const VALUE_HEADERS: &[&str] = &["value", "values", "val"];

/// The cells of a line aligned by runs of two blanks or more (or a tab), with their byte
/// offsets.
fn aligned_cells(line: &str) -> Vec<(usize, &str)> {
    let bytes = line.as_bytes();
    let mut cells = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..bytes.len() {
        let gap = bytes[i] == b'\t' || (bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' '));
        match start {
            Some(s) if gap => {
                cells.push((s, line[s..i].trim_end()));
                start = None;
            }
            None if !matches!(bytes[i], b' ' | b'\t') => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        cells.push((s, line[s..].trim_end()));
    }
    cells
}

/// The header's columns: the start of each, and which are the names' and the values'.
struct Header {
    starts: Vec<usize>,
    name: usize,
    value: usize,
}

/// `line` read as such a header: three cells or more, each a word or two of letters, one of
/// them naming names and another naming values.
fn header(line: &str) -> Option<Header> {
    let cells = aligned_cells(line);
    if cells.len() < 3
        || !cells.iter().all(|(_, c)| {
            c.split(' ').count() <= 2 && c.chars().all(|ch| ch.is_ascii_alphabetic() || ch == ' ')
        })
    {
        return None;
    }
    let find = |words: &[&str]| {
        cells.iter().position(|(_, c)| {
            let lower = c.to_ascii_lowercase();
            // `SECRET NAME`, `SECRET VALUE`: the last word says which.
            let last = lower.rsplit(' ').next().unwrap_or("");
            words.contains(&last)
        })
    };
    let (name, value) = (find(NAME_HEADERS)?, find(VALUE_HEADERS)?);
    (name != value).then(|| Header {
        starts: cells.iter().map(|(at, _)| *at).collect(),
        name,
        value,
    })
}

/// The column a cell starting at `at` falls in: the last whose start is at or before it.
fn column(header: &Header, at: usize) -> usize {
    header
        .starts
        .iter()
        .rposition(|start| *start <= at)
        .unwrap_or(0)
}

/// Whether a line is a rule under a header (`----  -----`, `====`).
fn rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '=' | ' ' | '\t'))
}

/// `line`, a row under `header`, with its value hidden when its name is a secret's.
fn hide_row(header: &Header, line: &str) -> Option<String> {
    let cells = aligned_cells(line);
    let name = cells
        .iter()
        .find(|(at, _)| column(header, *at) == header.name)?
        .1;
    let &(at, value) = cells
        .iter()
        .find(|(at, _)| column(header, *at) == header.value)?;
    let secret = is_secret_name(name) || crate::keysettings::holds_own_key(name, value);
    if !secret || crate::pairrows::keeps(name, value) || crate::placeholders::stands_in(value) {
        return None;
    }
    Some(format!(
        "{}{REDACTED}{}",
        &line[..at],
        &line[at + value.len()..]
    ))
}

/// `line` as a tab-separated row of three fields or more with no header (`gh variable list`
/// piped: `NAME<TAB>VALUE<TAB>UPDATED`), its second field hidden when the first names a
/// secret or a key holding a key's shape.
fn hide_tabbed(line: &str) -> Option<String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() < 3 {
        return None;
    }
    let (name, value) = (fields[0].trim(), fields[1].trim());
    let name_like = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let secret =
        name_like && (is_secret_name(name) || crate::keysettings::holds_own_key(name, value));
    if !secret || crate::pairrows::keeps(name, value) || crate::placeholders::stands_in(value) {
        return None;
    }
    let mut out = fields.clone();
    out[1] = REDACTED;
    Some(out.join("\t"))
}

/// `text` with the values of secret-named rows of such tables hidden.
pub(crate) fn redact_value_columns(text: &str) -> String {
    let lowered = text.to_ascii_lowercase();
    if !VALUE_HEADERS.iter().any(|w| lowered.contains(w)) && !text.contains('\t') {
        return text.to_owned();
    }
    let mut table: Option<Header> = None;
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            table = None;
            out.push(line.to_owned());
            continue;
        }
        if let Some(found) = header(line) {
            table = Some(found);
            out.push(line.to_owned());
            continue;
        }
        let hidden = match &table {
            Some(header) if !rule(line) => hide_row(header, line),
            _ => hide_tabbed(line),
        };
        out.push(hidden.unwrap_or_else(|| line.to_owned()));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_value_columns as redact;

    #[test]
    fn a_secret_rows_value_goes() {
        assert_eq!(
            redact(
                "NAME          VALUE            SCOPE\nDB_PASSWORD   Tulipgarden42    project\nLOG_LEVEL     info             shared"
            ),
            "NAME          VALUE            SCOPE\nDB_PASSWORD   [redacted]    project\nLOG_LEVEL     info             shared"
        );
        assert_eq!(
            redact(
                "Name                   SlotSetting    Value\n---------------------  -------------  ----------------\nPUSH_INSTALLATION_KEY  False          abcdefghijklmnop"
            ),
            "Name                   SlotSetting    Value\n---------------------  -------------  ----------------\nPUSH_INSTALLATION_KEY  False          [redacted]"
        );
    }

    #[test]
    fn a_tabbed_rows_second_field_goes() {
        assert_eq!(
            redact(
                "DB_PASSWORD\tTulipgarden42\t2026-12-05T05:24:01Z\nLOG_LEVEL\tinfo\t2026-12-05T05:24:01Z"
            ),
            "DB_PASSWORD\t[redacted]\t2026-12-05T05:24:01Z\nLOG_LEVEL\tinfo\t2026-12-05T05:24:01Z"
        );
        for same in [
            "SORT_KEY\tcreatedatdescending\t2026-12-05",
            "web\tUp 2 hours\tnginx:latest",
            "12\t34\t/var/log",
        ] {
            assert_eq!(redact(same), same);
        }
    }

    #[test]
    fn other_rows_and_tables_stay() {
        for same in [
            "NAME       TYPE     DATA   AGE\ndb-creds   Opaque   2      5d",
            "NAME          VALUE   SCOPE\nSORT_KEY      created project\nLOG_LEVEL     info    shared",
            "NAME          VALUE            SCOPE\nDB_PASSWORD   ********         project",
            "CONTAINER ID   IMAGE          COMMAND   CREATED       STATUS\n3f4e5d6c7b8a   nginx:latest   \"nginx\"   2 hours ago   Up 2 hours",
            "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        98G   41G   52G  45% /",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}
