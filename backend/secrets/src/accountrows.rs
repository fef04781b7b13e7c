//! Account rows without a header: a login and its plain password, two fields a line, separated
//! by `|`, a tab or `,` (`alice|letmein`, `alice\tletmein`, a users export's `alice,letmein`),
//! as a file of logins prints them. The second field goes, the login stays. Colons join a login
//! and its password in two rows or more together, or below a command printing a file of
//! logins; one `alice:x` alone is judged by the assignments' pass, which takes a password's
//! shape there (`hello:world`, `notes.txt:match` and `image:tag` are far more often what a
//! colon joins). A block of such rows is read only when every line of it (up to a blank line, a prompt
//! or the text's ends) is one, so that lists, pipelines, addresses and image tags stay: a
//! program's name (`cat|grep`), a label (`status:ok`), a number or port (`db:5432`), a path
//! (`root:/bin/bash`), a version or a tag (`nginx:1.25`, `redis:alpine`), a status word
//! (`web\trunning`), a placeholder (`root:x`) and a field that repeats the login (`bin:bin`)
//! are no password.

use crate::REDACTED;

/// The delimiters of account rows.
const DELIMITERS: [char; 3] = ['|', '\t', ','];

/// First fields that label a value rather than name a login (`status:ok`, `host:db`).
const LABELS: &[&str] = &[
    "name",
    "status",
    "state",
    "type",
    "kind",
    "host",
    "hostname",
    "port",
    "image",
    "tag",
    "version",
    "mode",
    "level",
    "key",
    "value",
    "id",
    "user",
    "username",
    "login",
    "email",
    "role",
    "group",
    "path",
    "file",
    "url",
    "date",
    "time",
    "size",
    "count",
    "total",
    "result",
    "error",
    "warning",
    "warn",
    "info",
    "debug",
    "note",
    "source",
    "target",
    "from",
    "to",
    "label",
    "title",
    "description",
    "http",
    "https",
    "ssh",
    "ftp",
    "file",
    "mailto",
    "tcp",
    "udp",
    "unix",
    "localhost",
    "test",
    "pass",
    "fail",
    "ok",
];

/// Second fields that say how something is, never a password.
const STATUS_WORDS: &[&str] = &[
    "running",
    "stopped",
    "exited",
    "up",
    "down",
    "active",
    "inactive",
    "ok",
    "failed",
    "failure",
    "success",
    "error",
    "pending",
    "ready",
    "healthy",
    "unhealthy",
    "latest",
    "stable",
    "alpine",
    "slim",
    "edge",
    "main",
    "master",
    "lts",
    "mainline",
    "nightly",
    "beta",
    "enabled",
    "disabled",
    "true",
    "false",
    "yes",
    "no",
    "none",
    "null",
    "nil",
    "on",
    "off",
    "online",
    "offline",
    "open",
    "closed",
    "unknown",
    "n/a",
    "x",
    "*",
    "!",
    "!!",
    "-",
    "bookworm",
    "bullseye",
    "buster",
    "jammy",
    "focal",
    "noble",
    "default",
    "local",
    "remote",
    "present",
    "absent",
    "installed",
    "missing",
    "done",
    "skipped",
    "passed",
    "t",
    "f",
    "succeeded",
    "completed",
    "terminating",
    "crashloopbackoff",
    "evicted",
    "containercreating",
    "notready",
    "schedulingdisabled",
    "bound",
    "available",
    "released",
    "deployed",
    "superseded",
    "uninstalled",
    "created",
    "restarting",
    "paused",
    "dead",
    "removing",
    "listening",
    "established",
    "warning",
    "critical",
    "info",
    "debug",
    "notice",
    "fatal",
];

/// A login's name: a letter or `_`, then letters, digits, `_`, `.`, `-`, `+`, `@`.
fn login(word: &str) -> bool {
    (1..=64).contains(&word.len())
        && word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | '@'))
        && !LABELS.contains(&word.to_ascii_lowercase().as_str())
        && !crate::names::names_account_column(word)
        && !crate::names::is_secret_name(word)
}

/// A plain password's field: one word that is none of the things listed in the module's
/// documentation.
fn password(word: &str, user: &str, delimiter: char) -> bool {
    let lower = word.to_ascii_lowercase();
    let version = word
        .trim_start_matches(['v', 'V'])
        .starts_with(|c: char| c.is_ascii_digit());
    (1..=128).contains(&word.len())
        && !word.contains(char::is_whitespace)
        && !word.contains(REDACTED)
        && !word.starts_with(['/', '$', '~', '<', '{', '[', '(', '"', '\'', '-', '#'])
        && !version
        && !word.chars().all(|c| c.is_ascii_digit())
        && !STATUS_WORDS.contains(&lower.as_str())
        && !lower.eq_ignore_ascii_case(user)
        // A program's or an image's name (`cat|grep`, `web\tnginx`), another secret's name
        // (`password|passwd`), an address.
        && !crate::commands::is_command_name(word)
        && !crate::names::is_secret_name(word)
        // An image's reference or an address (`nginx:latest`, `db:5432`).
        && !word.contains(':')
        // A file's name (`ls -m` of two files: `notes.txt, todo.md`).
        && !file_name(word)
        && !(delimiter == '|' && crate::commands::is_command_name(user))
}

/// Whether `word` reads as a file's name: a stem and an extension of letters the way files
/// carry them (`todo.md`, `app.tar.gz`, `main.rs`).
fn file_name(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=5).contains(&extension.len())
            && extension
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && extension.starts_with(|c: char| c.is_ascii_lowercase())
            && stem
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    })
}

/// The byte range of the password in `line` when it is an account row split at `delimiter`.
fn row(line: &str, delimiter: char) -> Option<(usize, usize)> {
    let body = line.trim_end_matches('\r');
    let (user, pass) = body.split_once(delimiter)?;
    if pass.contains(delimiter) {
        return None;
    }
    // Blanks about a bar or a comma are the layout's (`alice | x`); a colon takes none, since
    // `name: value` is YAML's.
    let spaced = matches!(delimiter, '|' | ',');
    let user_trimmed = if spaced { user.trim() } else { user };
    let pass_trimmed = if spaced { pass.trim() } else { pass };
    if !login(user_trimmed) || !password(pass_trimmed, user_trimmed, delimiter) {
        return None;
    }
    let start = user.len()
        + delimiter.len_utf8()
        + (pass.len() - pass.trim_start().len()) * usize::from(spaced);
    Some((start, start + pass_trimmed.len()))
}

/// Whether `line` is a database client's query, whose rows the queries' pass reads by the
/// columns it names (`$ sqlite3 app.db "select email, name from users"`, `sqlite> select
/// ...`).
fn query(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    [
        "select ",
        "returning ",
        "show ",
        "pragma ",
        "table ",
        ".dump",
        "\\d",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a prompt's command names a file of logins and their passwords (`htpasswd`,
/// `passwords`, `users`, `accounts`, `logins`, `creds`, `credentials`).
fn names_account_file(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    boundary(line)
        && !query(line)
        && lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            matches!(
                w,
                "htpasswd"
                    | "passwd"
                    | "password"
                    | "passwords"
                    | "users"
                    | "accounts"
                    | "logins"
                    | "creds"
                    | "credentials"
                    | "userlist"
                    | "members"
            )
        })
}

/// Whether `line` ends a block of rows without being one: blank, or a shell's or a client's
/// prompt (`$ cat users.txt`, `sqlite> ...`).
fn boundary(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || t.starts_with(['$', '#', '>'])
        || t.contains("$ ")
        || t.contains("# ")
        || t.split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with('>'))
}

/// `text` with the passwords of its account rows hidden.
pub(crate) fn redact_account_rows(text: &str) -> String {
    if !text.contains(DELIMITERS) && !text.contains(':') {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut hidden: Vec<Option<(usize, usize)>> = vec![None; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if boundary(lines[i]) {
            i += 1;
            continue;
        }
        // The block: lines up to the next boundary, every one a row with the same delimiter.
        let end = (i..lines.len())
            .find(|&j| boundary(lines[j]))
            .unwrap_or(lines.len());
        let after_query = i > 0 && query(lines[i - 1]);
        if after_query {
            i = end;
            continue;
        }
        // Colons join a login and its password where the command printed a file of them
        // (`$ cat /etc/app/users.htpasswd`, `$ cat passwords.txt`).
        // Or where two rows or more stand together (`alice:letmein` then `bob:hunter`, as
        // `chpasswd` and plain htpasswd files take them); one `foo:bar` alone stays.
        let account_file = (i > 0 && names_account_file(lines[i - 1])) || end - i >= 2;
        if let Some(delimiter) = DELIMITERS
            .iter()
            .chain(account_file.then_some(&':'))
            .find(|&&d| lines[i..end].iter().all(|l| row(l, d).is_some()))
        {
            for j in i..end {
                hidden[j] = row(lines[j], *delimiter);
            }
        }
        i = end;
    }
    if hidden.iter().all(Option::is_none) {
        return text.to_owned();
    }
    lines
        .iter()
        .zip(hidden)
        .map(|(line, range)| match range {
            Some((start, end)) => format!("{}{REDACTED}{}", &line[..start], &line[end..]),
            None => (*line).to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_account_rows as redact;

    #[test]
    fn plain_passwords_of_account_rows_go() {
        assert_eq!(redact("alice|letmein"), "alice|[redacted]");
        assert_eq!(
            redact("alice|letmein\nbob|hunter"),
            "alice|[redacted]\nbob|[redacted]"
        );
        assert_eq!(redact("alice\tletmein"), "alice\t[redacted]");
        assert_eq!(
            redact("$ cat /srv/app/users.txt\nalice:letmein\nbob:hunter"),
            "$ cat /srv/app/users.txt\nalice:[redacted]\nbob:[redacted]"
        );
        assert_eq!(redact("alice, letmein"), "alice, [redacted]");
        assert_eq!(
            redact("$ cat users.txt\nalice|letmein\n$ "),
            "$ cat users.txt\nalice|[redacted]\n$ "
        );
    }

    #[test]
    fn other_pairs_stay() {
        for text in [
            "cat|grep",
            "status|ok",
            "db|5432",
            "root|/bin/bash",
            "nginx,1.25\nredis,alpine",
            "foo:bar",
            "usename|usesuper\nbob|t",
            "$ sqlite3 app.db \"select email, name from users\"\na@x|Alice",
            "web\trunning",
            "root|x",
            "bin|bin",
            "password|passwd",
            "alice|letmein|extra",
            "alice: letmein",
            "alice|letmein\nsome words here",
            "https://example.com",
            "notes.txt, todo.md",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
