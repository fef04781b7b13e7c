//! Rows a database client prints without a header, below a transcript's command whose query
//! names their columns: `$ psql -t -c "SELECT name, password FROM users"` then ` alice |
//! hunter2`, `psql -tA` (`alice|hunter2`), `mysql -N -e "..."` (tab-separated, or in a table's
//! borders), `sqlite3 app.db "..."` (no header unless asked). Nothing in such a row says what
//! a field is; the query does. A field under a column the query names for a secret goes (by
//! its alias when it has one: `SELECT password AS pw`); a row whose fields do not line up with
//! the query's columns goes whole. A query whose columns are all ordinary, or that selects
//! `*` (its columns unknown here), leaves its rows as they are.

use crate::REDACTED;
use crate::names::is_secret_name;

/// Clients whose rows are read so, and whether a word of their command line turns the header
/// off (`-t`, `-N`) or, for sqlite3, on (`-header`).
fn headerless(program: &str, words: &[&str]) -> bool {
    match program {
        // Not in expanded mode (`-x`), whose lines are a column's name and its value.
        "psql" => {
            let cluster_with = |w: &str, c: char| {
                w.starts_with('-')
                    && !w.starts_with("--")
                    && w[1..].chars().all(|c| c.is_ascii_alphabetic())
                    && w[1..].contains(c)
            };
            words
                .iter()
                .any(|w| *w == "--tuples-only" || cluster_with(w, 't'))
                && !words
                    .iter()
                    .any(|w| *w == "--expanded" || cluster_with(w, 'x'))
        }
        "mysql" | "mariadb" => words.iter().any(|w| {
            *w == "--skip-column-names"
                || *w == "-ss"
                || (w.starts_with('-')
                    && !w.starts_with("--")
                    && w[1..].chars().all(|c| c.is_ascii_alphabetic())
                    && w[1..].contains('N'))
        }),
        "sqlite3" => !words.iter().any(|w| matches!(*w, "-header" | "--header")),
        _ => false,
    }
}

/// The names of the columns a `SELECT` lists, in order: each item's alias, or the last
/// identifier of its expression (`u.password` is `password`, `md5(password)` is `md5`, as
/// PostgreSQL names it). `None` without a `SELECT ... FROM`, or for `*`.
fn selected_columns(command: &str) -> Option<Vec<String>> {
    let lower = command.to_ascii_lowercase();
    let select = lower.find("select ")? + "select ".len();
    // The list ends at `FROM` at the outermost level (a subquery's `FROM` is in parentheses).
    let mut depth = 0i32;
    let mut end = None;
    let bytes = lower.as_bytes();
    let mut at = select;
    while at < bytes.len() {
        match bytes[at] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ if depth == 0
                && lower[at..].starts_with("from")
                && bytes
                    .get(at.wrapping_sub(1))
                    .is_some_and(u8::is_ascii_whitespace)
                && bytes.get(at + 4).is_some_and(|b| b.is_ascii_whitespace()) =>
            {
                end = Some(at);
                break;
            }
            _ => {}
        }
        at += 1;
    }
    let list = command[select..end?].trim();
    let list = list
        .strip_prefix("distinct ")
        .or_else(|| list.strip_prefix("DISTINCT "))
        .unwrap_or(list);
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
        .iter()
        .map(|item| column_name(item.trim()))
        .collect::<Option<Vec<_>>>()
}

/// The name a select item's column takes (see [`selected_columns`]); `None` for `*`.
fn column_name(item: &str) -> Option<String> {
    if item == "*" || item.ends_with(".*") || item.is_empty() {
        return None;
    }
    let identifier = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let words: Vec<&str> = item.split_whitespace().collect();
    // `x AS alias`, `x alias`: the last word, when the item has more than one.
    let name = match words.as_slice() {
        [.., as_word, alias] if as_word.eq_ignore_ascii_case("as") => *alias,
        [_, .., alias] if alias.chars().all(identifier) => *alias,
        _ => {
            let head = item.split('(').next().unwrap_or(item);
            head.rsplit('.').next().unwrap_or(head)
        }
    };
    Some(name.trim_matches(['"', '`', '[', ']', '\'']).to_owned())
}

/// Which of the columns hold secrets; `None` when none does.
fn secret_columns(columns: &[String]) -> Option<Vec<bool>> {
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let secret = crate::names::secret_columns_of(&names);
    secret.contains(&true).then_some(secret)
}

/// What the rows below a query hold, as far as its command line tells.
enum Rows {
    /// The columns the query names, whether each holds a secret.
    Columns(Vec<bool>),
    /// `SELECT *`: columns unknown here, so each field is judged by its shape; every field
    /// but numbers, dates and switches when the table is named for secrets (`api_keys`); every
    /// word mixing letters with digits or signs when it is named for accounts (`users`).
    Unknown {
        secret_table: bool,
        account_table: bool,
    },
}

/// The table a `SELECT *` (or `t.*` among its items) reads, lower-cased and without its
/// schema (`public.users` is `users`); `None` for any other command.
fn star_table(command: &str) -> Option<String> {
    let lower = command.to_ascii_lowercase();
    let select = lower.find("select ")? + "select ".len();
    let from = lower[select..].find(" from ")? + select;
    let list = &lower[select..from];
    if !list
        .split(',')
        .any(|item| item.trim() == "*" || item.trim().ends_with(".*"))
    {
        return None;
    }
    let table = lower[from + " from ".len()..]
        .split_whitespace()
        .next()?
        .trim_matches(['"', '`', '\'', ';', '[', ']', ')']);
    Some(table.rsplit('.').next().unwrap_or(table).to_owned())
}

/// What a client's command line asks: the columns holding secrets, per position, or rows of
/// columns it does not name.
fn secret_fields(command: &str) -> Option<Rows> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let program = words.iter().find_map(|w| {
        let name = w.rsplit('/').next().unwrap_or(w);
        matches!(name, "psql" | "mysql" | "mariadb" | "sqlite3").then_some(name)
    })?;
    if !headerless(program, &words) {
        return None;
    }
    query_fields(command)
}

/// What the rows of a query printed without a header hold (see [`secret_fields`]).
fn query_fields(query: &str) -> Option<Rows> {
    if let Some(table) = star_table(query) {
        return Some(Rows::Unknown {
            secret_table: is_secret_name(&table) || SECRET_TABLES.contains(&table.as_str()),
            account_table: account_table(&table),
        });
    }
    secret_columns(&selected_columns(query)?).map(Rows::Columns)
}

/// Whether a table is named for accounts (`users`, `wp_users`, `auth_user`, `accounts`,
/// `admins`, `members`, `logins`): its rows carry the accounts' passwords, whose words
/// (`hunter2`, `Summer2024`) no shape tells from a name.
pub(crate) fn account_table(table: &str) -> bool {
    crate::names::parts(table).iter().any(|part| {
        let singular = part.strip_suffix('s').unwrap_or(part);
        matches!(
            singular,
            "user"
                | "account"
                | "admin"
                | "administrator"
                | "member"
                | "login"
                | "logon"
                | "operator"
                | "customer"
                | "employee"
                | "staff"
                | "people"
                | "person"
                | "principal"
                | "identitie"
                | "identity"
                | "subscriber"
                | "player"
                | "client"
                | "auth"
                | "sysuser"
        )
    })
}

/// A field of an accounts table that may be its password: one word mixing letters with
/// digits or signs (`hunter2`, `Summer2024`, `p@ss`); names (`alice`), e-mail addresses,
/// numbers, dates and UUIDs stay.
pub(crate) fn password_shaped(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    let email = value.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.contains('@')
    });
    let uuid = value.len() == 36 && value.chars().filter(|c| *c == '-').count() == 4;
    !ordinary_field(value)
        && !email
        && !uuid
        && (4..=128).contains(&value.len())
        && !value.contains(char::is_whitespace)
        && value.chars().any(|c| c.is_ascii_alphabetic())
        && value.chars().any(|c| !c.is_ascii_alphabetic())
}

/// Tables whose rows are credentials under names [`is_secret_name`] does not take as a
/// secret's (it judges fields and variables).
const SECRET_TABLES: &[&str] = &[
    "credentials",
    "api_keys",
    "apikeys",
    "access_tokens",
    "oauth_access_tokens",
    "oauth_refresh_tokens",
    "personal_access_tokens",
    "secrets",
    "passwords",
    "auth_tokens",
    "tokens",
];

/// A field that holds no secret whatever its column: empty, `NULL`, a number, a date or time,
/// a switch (`t`, `f`, `true`, `false`).
fn ordinary_field(value: &str) -> bool {
    value.is_empty()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "\\n" | "t" | "f" | "true" | "false" | "yes" | "no"
        )
        || value
            .chars()
            .all(|c| c.is_ascii_digit() || " -:.+/TZ".contains(c))
}

/// A field of an unnamed column that is a secret by its shape: one word mixing letters and
/// digits, generated as tokens are, or a password hash (`$2b$12$...`, `*81F5...`); e-mail
/// addresses, dates and text with spaces stay.
fn shaped_field(value: &str) -> bool {
    let email = value.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.contains('@')
    });
    // A UUID is a row's id far more often than its secret (a table named for secrets loses
    // its fields whatever their shape).
    let uuid = value.len() == 36
        && value.char_indices().all(|(at, c)| {
            if matches!(at, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    !ordinary_field(value) && !email && !uuid && crate::printed::secret_shaped_value(value)
}

/// `row` (of a `SELECT *`) with each field of a secret's shape hidden, or every field but
/// ordinary ones when the table holds secrets.
fn hide_unknown_fields(row: &str, secret_table: bool, account_table: bool) -> String {
    let trimmed = row.trim();
    if trimmed.is_empty()
        || trimmed.chars().all(|c| matches!(c, '+' | '-' | '|' | ' '))
        || (trimmed.starts_with('(') && trimmed.ends_with(')'))
        || CLIENT_MESSAGES.iter().any(|m| trimmed.starts_with(m))
    {
        return row.to_owned();
    }
    let separator = ['\t', '|', ',']
        .into_iter()
        .find(|s| row.contains(*s))
        .unwrap_or('\t');
    row.split(separator)
        .map(|field| {
            let value = field.trim();
            if (secret_table && !ordinary_field(value))
                || (account_table && password_shaped(value))
                || shaped_field(value)
            {
                let lead = &field[..field.len() - field.trim_start().len()];
                let tail = &field[lead.len() + value.len()..];
                format!("{lead}{REDACTED}{tail}")
            } else {
                field.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(&separator.to_string())
}

/// How the clients start their errors, warnings and notices.
const CLIENT_MESSAGES: &[&str] = &[
    "ERROR:",
    "ERROR ",
    "WARNING:",
    "NOTICE:",
    "HINT:",
    "DETAIL:",
    "LINE ",
    "psql:",
    "mysql:",
    "Error:",
    "Parse error",
    "Runtime error",
];

/// `row` with the fields under secret columns hidden, or whole when its fields do not line up
/// with the columns. Separators tried: a tab, then `|` (psql's and sqlite3's, and a table's
/// borders), then a comma.
fn hide_fields(row: &str, secret: &[bool]) -> String {
    let trimmed = row.trim();
    // A table's border (`+------+`), psql's count (`(2 rows)`), a client's error and its
    // hints (`ERROR:  column "password" does not exist`, `LINE 1: ...`, sqlite3's `Parse
    // error: ...`).
    if trimmed.is_empty()
        || trimmed.chars().all(|c| matches!(c, '+' | '-' | '|' | ' '))
        || (trimmed.starts_with('(') && trimmed.ends_with(')'))
        || CLIENT_MESSAGES.iter().any(|m| trimmed.starts_with(m))
    {
        return row.to_owned();
    }
    let separator = ['\t', '|', ',']
        .into_iter()
        .find(|s| row.contains(*s))
        .unwrap_or('\t');
    // A table's outer borders (`| root | x |`) are no fields.
    let bordered = separator == '|' && trimmed.starts_with('|') && trimmed.ends_with('|');
    let body = if bordered {
        let start = row.find('|').unwrap_or(0) + 1;
        let end = row.rfind('|').unwrap_or(row.len());
        (start, end)
    } else {
        (0, row.len())
    };
    let fields: Vec<&str> = row[body.0..body.1].split(separator).collect();
    if fields.len() != secret.len() {
        let lead = &row[..row.len() - row.trim_start().len()];
        return format!("{lead}{REDACTED}");
    }
    let hidden: Vec<String> = fields
        .iter()
        .zip(secret)
        .map(|(field, secret)| {
            let value = field.trim();
            if *secret && !value.is_empty() && !matches!(value, "NULL" | "\\N") {
                let lead = &field[..field.len() - field.trim_start().len()];
                let tail = &field[lead.len() + value.len()..];
                format!("{lead}{REDACTED}{tail}")
            } else {
                (*field).to_owned()
            }
        })
        .collect();
    format!(
        "{}{}{}",
        &row[..body.0],
        hidden.join(&separator.to_string()),
        &row[body.1..]
    )
}

/// `text` with the secret fields of headerless rows hidden, below each command whose query
/// names them, up to the next prompt.
pub(crate) fn redact_queried_rows(text: &str) -> String {
    let lower_has = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !lower_has(b"select ") {
        return text.to_owned();
    }
    let (Some(prompt), Some(bare_prompt)) = (
        crate::printed::PROMPT.as_ref(),
        crate::printed::BARE_PROMPT.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    let mut secret: Option<Rows> = None;
    // sqlite3's own prompt prints rows without a header until `.headers on`.
    let mut sqlite_headers = false;
    let mut sqlite_rows = true;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(typed) = body.trim_start().strip_prefix("sqlite>") {
            let typed = typed.trim();
            let dot = typed.to_ascii_lowercase();
            if let Some(setting) = dot
                .strip_prefix(".headers")
                .or_else(|| dot.strip_prefix(".header"))
            {
                sqlite_headers = setting.trim() == "on";
            }
            // Only the list modes print bare rows (`.mode insert`, `line`, `json`, `box`...
            // name their columns or are read by other passes).
            if let Some(mode) = dot.strip_prefix(".mode") {
                sqlite_rows = matches!(
                    mode.split_whitespace().next().unwrap_or("list"),
                    "list" | "csv" | "tabs" | "ascii"
                );
            }
            secret = (!sqlite_headers && sqlite_rows)
                .then(|| query_fields(typed))
                .flatten();
            out.push_str(line);
        } else if let Some(found) = prompt.captures(body) {
            secret = found
                .name("command")
                .and_then(|c| secret_fields(c.as_str()));
            out.push_str(line);
        } else if bare_prompt.is_match(body) {
            secret = None;
            out.push_str(line);
        } else if let Some(rows) = &secret {
            match rows {
                Rows::Columns(columns) => out.push_str(&hide_fields(body, columns)),
                Rows::Unknown {
                    secret_table,
                    account_table,
                } => {
                    out.push_str(&hide_unknown_fields(body, *secret_table, *account_table));
                }
            }
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_alias_or_last_identifier() {
        assert_eq!(
            selected_columns("psql -t -c \"SELECT u.name, password AS pw, md5(x) FROM users\""),
            Some(vec!["name".to_owned(), "pw".to_owned(), "md5".to_owned()])
        );
        assert_eq!(
            selected_columns("select name, (select count(*) from t) n from users"),
            Some(vec!["name".to_owned(), "n".to_owned()])
        );
        assert_eq!(selected_columns("select * from users"), None);
        assert_eq!(selected_columns("echo hi"), None);
    }

    #[test]
    fn header_switches() {
        assert!(headerless("psql", &["psql", "-tA"]));
        assert!(headerless("psql", &["psql", "--tuples-only"]));
        assert!(!headerless("psql", &["psql", "-A", "--dbname=test"]));
        assert!(!headerless("psql", &["psql", "-tx"]));
        assert!(headerless("mysql", &["mysql", "-sN"]));
        assert!(!headerless("mysql", &["mysql", "-e"]));
        assert!(headerless("sqlite3", &["sqlite3", "app.db"]));
        assert!(!headerless("sqlite3", &["sqlite3", "-header", "app.db"]));
    }
}
