//! Records of accounts that keep a password's hash under a name which elsewhere names a public
//! digest: `hash:`, `digest:`, `hashed:` beside `user:`, `username:`, `login:` or `email:` in
//! YAML (a list of users, one mapping an item), in JSON (one object a line, or pretty-printed),
//! and in `key=value` lines. The hash goes, the other fields stay. A record is the line itself
//! when it names the account, or else the lines around it at the same depth (a mapping's
//! fields, up to the next item of its list). Without an account's field a hash is a commit's,
//! a file's or an image's and stays (`git log`, `sha256sum`, a Helm index's `digest:`).

use std::sync::LazyLock;

use crate::REDACTED;
use crate::names::{names_account_column, names_hash_column};
use crate::pattern::Gated;

/// A field: an optionally quoted name, `:`, `=` or `=>`, and its value (quoted, or one word).
static FIELD: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<name>\b[A-Za-z][A-Za-z0-9_.-]*)["']?[ \t]*(?::|=>|=)[ \t]*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s,;}\]\)"']+)"#,
    )
    .ok()
});

/// How far around a field a record is looked for, in lines each way.
const REACH: usize = 40;

/// Fields of a record that make a `name` a package's or a file's rather than a login's (a Helm
/// index's `name:` beside `digest:` and `version:`).
const ARTEFACT_FIELDS: &[&str] = &[
    "version",
    "url",
    "urls",
    "file",
    "filename",
    "size",
    "mediatype",
    "image",
    "path",
    "repository",
    "source",
    "checksum",
    "integrity",
    "resolved",
    "chart",
    "created",
    "apiversion",
];

/// One line's fields: each name with the byte range of its value (quotes excluded), in the
/// whole text.
struct Line {
    /// Where a field's name starts on the line (after a list's `- `), or the first character's
    /// column when it holds no field; `None` for a blank line.
    depth: Option<usize>,
    /// Whether the line opens an item of a list (`- user: alice`).
    item: bool,
    fields: Vec<(String, usize, usize)>,
}

fn read_line(line: &str, offset: usize, field: &Gated) -> Line {
    let trimmed = line.trim_start();
    if trimmed.trim().is_empty() {
        return Line {
            depth: None,
            item: false,
            fields: Vec::new(),
        };
    }
    let indent = line.len() - trimmed.len();
    let after_dash = trimmed.strip_prefix("- ");
    let item = after_dash.is_some();
    let depth = match after_dash {
        Some(rest) => indent + 2 + (rest.len() - rest.trim_start().len()),
        None => indent + usize::from(trimmed.starts_with(['"', '\''])),
    };
    let fields = field
        .captures_iter(line)
        .filter_map(|c| {
            let name = c.name("name")?;
            let value = c.name("value")?;
            let raw = value.as_str();
            let quoted = raw.len() > 1 && (raw.starts_with('"') || raw.starts_with('\''));
            let (start, end) = if quoted {
                (value.start() + 1, value.end() - 1)
            } else {
                (value.start(), value.end())
            };
            Some((name.as_str().to_owned(), offset + start, offset + end))
        })
        .collect();
    Line {
        depth: Some(depth),
        item,
        fields,
    }
}

/// The indices of the lines of the record around line `at` (itself included).
fn record(lines: &[Line], at: usize) -> Vec<usize> {
    let Some(depth) = lines[at].depth else {
        return vec![at];
    };
    let mut members = vec![at];
    if !lines[at].item {
        for j in (at.saturating_sub(REACH)..at).rev() {
            match lines[j].depth {
                None => break,
                Some(d) if d < depth => break,
                Some(d) if d == depth => {
                    members.push(j);
                    if lines[j].item {
                        break;
                    }
                }
                Some(_) => {}
            }
        }
    }
    for (j, line) in lines.iter().enumerate().skip(at + 1).take(REACH) {
        match line.depth {
            None => break,
            Some(d) if d < depth || (d == depth && line.item) => break,
            Some(d) if d == depth => members.push(j),
            Some(_) => {}
        }
    }
    members
}

/// The keys of the mappings enclosing line `at` (`users:` above `alice:` above `hash: x`,
/// JSON's `"users": {`), nearest first, up to three.
fn enclosing_keys<'t>(text_lines: &[&'t str], lines: &[Line], at: usize) -> Vec<&'t str> {
    let mut keys = Vec::new();
    let Some(mut depth) = lines[at].depth else {
        return keys;
    };
    for j in (at.saturating_sub(REACH)..at).rev() {
        let Some(d) = lines[j].depth else {
            continue;
        };
        if d >= depth {
            continue;
        }
        depth = d;
        let line = text_lines[j].trim();
        let line = line.strip_prefix("- ").unwrap_or(line);
        let opened = line.trim_end_matches(['{', '[', ' ', '\t', '\r']);
        if let Some(key) = opened.strip_suffix(':') {
            keys.push(key.trim().trim_matches(['"', '\'']));
        }
        if keys.len() == 3 || depth == 0 {
            break;
        }
    }
    keys
}

/// Whether the fields of a record name an account: a login's field, or a `name` in a record
/// that is no package's or file's.
pub(crate) fn names_account(names: &[&str]) -> bool {
    let normal = |n: &str| n.to_ascii_lowercase().replace(['_', '-'], "");
    names.iter().any(|n| names_account_column(n))
        || (names.iter().any(|n| normal(n) == "name")
            && !names
                .iter()
                .any(|n| ARTEFACT_FIELDS.contains(&normal(n).as_str())))
}

/// Whether a record's field may hold its password's hash: a hash's name ([`names_hash_column`])
/// or a password's short spelling that only records use (`pwhash`, `pwd`, `passhash`), which
/// [`crate::is_secret_name`] leaves to them.
fn hash_field(name: &str) -> bool {
    names_hash_column(name)
        || (crate::names::names_secret_column(name) && !crate::names::is_secret_name(name))
}

/// A value that holds no hash: empty, hidden, a reference, a placeholder.
fn keeps(value: &str) -> bool {
    value.is_empty()
        || value.contains(REDACTED)
        || value.starts_with(['$', '/', '~'])
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "none" | "nil" | "~" | "-" | "true" | "false"
        )
}

/// `text` with the hashes of accounts' records hidden.
pub(crate) fn redact_record_hashes(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if !["hash", "digest", "crypt", "md5", "sha", "argon", "pbkdf"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return text.to_owned();
    }
    let Some(field) = FIELD.as_ref() else {
        return text.to_owned();
    };
    let mut lines = Vec::new();
    let mut offset = 0;
    let text_lines: Vec<&str> = text.split_inclusive('\n').collect();
    // mysql's vertical rows (`\G`): names aligned on their colons, a row between its markers
    // (`*** 1. row ***`).
    let row_of: Vec<Option<usize>> = {
        let mut row = None;
        text_lines
            .iter()
            .map(|line| {
                let t = line.trim();
                if t.starts_with("***") && t.contains(". row ***") {
                    row = Some(row.map_or(0, |r| r + 1));
                } else if t.is_empty() {
                    row = None;
                }
                row
            })
            .collect()
    };
    for line in &text_lines {
        lines.push(read_line(line, offset, field));
        offset += line.len();
    }
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for (name, start, end) in &line.fields {
            if !hash_field(name) || keeps(&text[*start..*end]) {
                continue;
            }
            let own: Vec<&str> = line.fields.iter().map(|(n, _, _)| n.as_str()).collect();
            let account = if line.fields.len() > 1 {
                names_account(&own)
            } else if let Some(row) = row_of[i] {
                // The row's lines lie together around this one.
                let first = (0..i)
                    .rev()
                    .take_while(|&j| row_of[j] == Some(row))
                    .last()
                    .unwrap_or(i);
                let names: Vec<&str> = (first..lines.len())
                    .take_while(|&j| row_of[j] == Some(row))
                    .flat_map(|j| lines[j].fields.iter().map(|(n, _, _)| n.as_str()))
                    .collect();
                names_account(&names)
            } else {
                let names: Vec<&str> = record(&lines, i)
                    .into_iter()
                    .flat_map(|j| lines[j].fields.iter().map(|(n, _, _)| n.as_str()))
                    .collect();
                names_account(&names)
            };
            // `users:` then `alice:` then `hash: x`: a map of accounts keyed by their names.
            let account = account
                || enclosing_keys(&text_lines, &lines, i)
                    .iter()
                    .any(|key| crate::queried::account_table(key));
            if account {
                hidden.push((*start, *end));
            }
        }
    }
    if hidden.is_empty() {
        return text.to_owned();
    }
    hidden.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in hidden {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(REDACTED);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_record_hashes as redact;

    #[test]
    fn hashes_of_accounts_go() {
        assert_eq!(
            redact("users:\n  - name: alice\n    hash: 5e88489\n  - name: bob\n    hash: 'ab12'\n"),
            "users:\n  - name: alice\n    hash: [redacted]\n  - name: bob\n    hash: '[redacted]'\n"
        );
        assert_eq!(
            redact(r#"{"user": "alice", "hash": "5e88489"}"#),
            r#"{"user": "alice", "hash": "[redacted]"}"#
        );
        assert_eq!(
            redact("[\n  {\n    \"username\": \"alice\",\n    \"digest\": \"ab12\"\n  }\n]"),
            "[\n  {\n    \"username\": \"alice\",\n    \"digest\": \"[redacted]\"\n  }\n]"
        );
        assert_eq!(
            redact("user=alice hash=ab12cd"),
            "user=alice hash=[redacted]"
        );
    }

    #[test]
    fn vertical_rows_of_accounts_lose_their_hashes() {
        assert_eq!(
            redact(
                "*** 1. row ***\n   id: 1\nlogin: alice\n hash: ab12\n*** 2. row ***\nName: nginx\n digest: cd34\nversion: 1"
            ),
            "*** 1. row ***\n   id: 1\nlogin: alice\n hash: [redacted]\n*** 2. row ***\nName: nginx\n digest: cd34\nversion: 1"
        );
    }

    #[test]
    fn other_digests_stay() {
        for text in [
            "commit: 3f2a1b4c5d6e\nauthor: alice",
            "entries:\n  nginx:\n  - name: nginx\n    digest: 4f3a\n    version: 1.0.0\n",
            "{\"mediaType\": \"x\", \"digest\": \"sha256:4f3a\", \"size\": 7}",
            "hash: 5e88489",
            "users:\n  - name: alice\n    hash: $HASH\n",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
