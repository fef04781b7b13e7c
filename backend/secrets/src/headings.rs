//! A table's heading row (`NAME   API KEY   Description`, `ID   TOKEN   EXPIRES`), which names
//! its columns: a secret's name there is a column's title, and the title after it is no
//! secret. The passes reading `api key X` took `Description` for a key; a heading row keeps
//! its words (the rows below it are judged as before).

/// Whether `line` is a table's heading row: three cells or more parted by runs of blanks (or
/// tabs), each of one to three words of letters in capitals or capitalised (`NAME`, `API KEY`,
/// `Description`), the first in capitals and most of them too, and no `:` or `=` (a setting,
/// not a heading).
pub(crate) fn heading_row(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.contains([':', '=']) {
        return false;
    }
    let cells: Vec<&str> = line
        .split("  ")
        .flat_map(|part| part.split('\t'))
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect();
    if cells.len() < 3 {
        return false;
    }
    let capitals = |word: &str| {
        word.chars().any(|c| c.is_ascii_uppercase())
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '_' | '-' | '/' | '#' | '%' | '.'))
    };
    let capitalised = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase() || matches!(c, '_' | '-' | '/'))
    };
    let mut in_capitals = 0;
    for cell in &cells {
        let words: Vec<&str> = cell.split(' ').collect();
        if words.len() > 3 || words.iter().any(|w| !capitals(w) && !capitalised(w)) {
            return false;
        }
        if words.iter().all(|w| capitals(w)) {
            in_capitals += 1;
        }
    }
    cells
        .first()
        .is_some_and(|first| first.split(' ').all(capitals))
        && in_capitals * 2 > cells.len()
}

/// `redacted` with the heading rows of `original` as they were, where the redaction kept the
/// lines in their places (a pass that joined or split lines leaves the text as it made it).
pub(crate) fn keep_heading_rows(original: &str, redacted: String) -> String {
    keep_lines(original, redacted, heading_row)
}

/// `redacted` with the lines of `original` that `kept` says are headings as they were (a
/// table's heading row, Ansible's `TASK [...]` title), where the redaction kept the lines in
/// their places.
pub(crate) fn keep_lines(original: &str, redacted: String, kept: fn(&str) -> bool) -> String {
    let before: Vec<&str> = original.split_inclusive('\n').collect();
    let after: Vec<&str> = redacted.split_inclusive('\n').collect();
    if before.len() != after.len()
        || !before
            .iter()
            .zip(&after)
            .any(|(was, now)| was != now && kept(was))
    {
        return redacted;
    }
    before
        .iter()
        .zip(&after)
        .map(|(was, now)| if kept(was) { *was } else { *now })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::heading_row;

    #[test]
    fn heading_rows() {
        for line in [
            "NAME        API KEY        Description",
            "ID   TOKEN   EXPIRES",
            "NAME    TOKEN    CREATED    EXPIRES",
            "CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES",
            "\tNAME\tSECRET\tAGE",
        ] {
            assert!(heading_row(line), "{line}");
        }
    }

    #[test]
    fn rows_and_settings_are_no_headings() {
        for line in [
            "prod        k3yV4lu3Xy9    production",
            "API KEY   tulipgarden",
            "API KEY   tulipgarden   prod",
            "TOKEN   TulipGarden   PROD",
            "password: Tulipgarden   Secret   Other",
            "Api Key   Tulipgarden   Prod",
            "a1        Zx9Qk2LmP4aaBBcc       2026-12-31",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert!(!heading_row(line), "{line}");
        }
    }
}
