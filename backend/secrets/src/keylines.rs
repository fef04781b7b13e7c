//! A key-value store's listing that prints each key alone on its line and its value on the next,
//! as `etcdctl get --prefix /app` does: `/app/db/password` then `hunter2`. A key whose last
//! segment names a secret makes the next line its value, which goes; the key stays, and so do
//! a listing of keys alone (`--keys-only` puts a blank line after each), paths that follow one
//! another (`find`'s output) and placeholders.

use crate::REDACTED;

/// The key a line holds alone: a path opened by `/` of letters, digits and `_.-:@` between
/// its slashes, without blanks (`/registry/secrets/default/db-pass`, `/app/api_token`); `None`
/// for anything else. Its last segment is returned.
fn lone_key(line: &str) -> Option<&str> {
    let key = line.trim_end_matches('\r');
    let rest = key.strip_prefix('/')?;
    let valid = !rest.is_empty()
        && !rest.ends_with('/')
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '.' | '-' | ':' | '@'));
    valid.then(|| rest.rsplit('/').next().unwrap_or(rest))
}

/// Whether `line` may be a value printed under its key: something other than blank, another
/// path (`find`'s output, `--keys-only`) or a value already hidden.
fn value_line(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty()
        && !trimmed.starts_with('/')
        && !trimmed.starts_with("./")
        && !trimmed.starts_with(REDACTED)
}

/// `text` with the value under each secret-named key of a store's listing hidden.
pub(crate) fn redact_key_lines(text: &str) -> String {
    if !text.contains('/') || !text.contains('\n') {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The secret's name the previous line held alone as a key's last segment.
    let mut hide_next: Option<&str> = None;
    for line in &lines {
        if let Some(name) = hide_next.take()
            && value_line(line)
            && !crate::text::keeps_value(name, line.trim())
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            let cr = if line.ends_with('\r') { "\r" } else { "" };
            out.push(format!("{indent}{REDACTED}{cr}"));
            continue;
        }
        hide_next = lone_key(line).filter(|name| crate::names::is_secret_name(name));
        out.push((*line).to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_key_lines as redact;

    #[test]
    fn values_under_secret_keys_go() {
        assert_eq!(
            redact("/app/db/password\nhunter2\n/app/db/host\ndb.example.com"),
            "/app/db/password\n[redacted]\n/app/db/host\ndb.example.com"
        );
        assert_eq!(
            redact("/config/api_token\nabcd1234efgh5678ijkl\n"),
            "/config/api_token\n[redacted]\n"
        );
    }

    #[test]
    fn listings_of_keys_and_paths_stay() {
        for text in [
            "/app/db/password\n\n/app/db/host\n",
            "/app/db/password\n/app/db/host\n/app/db/user",
            "/etc/app/secret_key\n./x/token",
            "/app/db/host\ndb.example.com",
            "see /app/db/password\nhunter2",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
