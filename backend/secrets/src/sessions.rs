//! Session identifiers: `session_id=...`, `sid=...`, `connect.sid`, `laravel_session`,
//! `ASP.NET_SessionId`, a `Session ID:` label. A live session's id logs in as its user until it
//! expires, so it is a credential; but the same names also carry ordinary numbers (logind's
//! `XDG_SESSION_ID=3`, `sid: 1000`, Oracle's `ORACLE_SID=PROD`, Windows' `S-1-5-21-...`), so
//! the value goes only when it has a generated token's shape (see [`token_shaped`]).
//!
//! An OAuth authorization code is read the same way: `code` (alone, or after `oauth`, `auth`,
//! `authorization`, `sso`, `login`) exchanges for tokens until it is used, while the same name
//! carries error codes, country codes and statuses (`ERR_NOT_FOUND`, `US`, `404`). OAuth's
//! `state` stays: it binds a callback to its request and logs no one in.

use crate::names::parts;

/// Words that name a session, as a part of a name.
const SESSION_WORDS: &[&str] = &["session", "sess", "sid", "sessid", "sessionid"];

/// What may follow the session's word as the name's last part and still name its value
/// (`session_id`, `SESSION_TOKEN`, `session-cookie`); any other last part names a setting about
/// sessions (`session_timeout`, `SESSION_MANAGER`, `sessionAffinity`).
const VALUE_WORDS: &[&str] = &["id", "key", "token", "cookie", "value"];

/// Whether `name` names a session's identifier, or an OAuth authorization code (see the
/// module's documentation): either is a credential when its value is [`token_shaped`].
pub(crate) fn names_session(name: &str) -> bool {
    let parts = parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    let last = last.as_str();
    if SESSION_WORDS.contains(&last) {
        return true;
    }
    if last == "code"
        && (parts.len() == 1
            || matches!(
                parts[parts.len() - 2].as_str(),
                "oauth" | "oauth2" | "auth" | "authorization" | "sso" | "login"
            ))
    {
        return true;
    }
    // 1Password's CLI sessions, one per account: `OP_SESSION_<account>`.
    if parts.len() > 2 && parts[0] == "op" && parts[1] == "session" {
        return true;
    }
    parts.len() > 1
        && VALUE_WORDS.contains(&last)
        && SESSION_WORDS.contains(&parts[parts.len() - 2].as_str())
}

/// Whether `value` looks generated, as session ids are: 16 characters or more of a token's
/// alphabet, and either hexadecimal with letters and digits (`a8f5f167f44f...`, a UUID),
/// mixed case with digits (`s%3AaBcD1234...`, base64), or lower case and digits alternating
/// as random text does (PHP's `k3j4h5g6...`). Numbers, names and dates stay (`3`,
/// `prod-deploy`, `S-1-5-21-...`, `2024-01-01T10:00:00`), and so do paths and URLs.
pub(crate) fn token_shaped(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    if value.len() < 16
        || value.starts_with(['/', '~', '.', '$', '<', '{', '%'])
        || value.contains("://")
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.%+/=:~".contains(c))
    {
        return false;
    }
    let count = |f: fn(&char) -> bool| value.chars().filter(f).count();
    let digits = count(char::is_ascii_digit);
    let upper = count(char::is_ascii_uppercase);
    let lower = count(char::is_ascii_lowercase);
    if digits == 0 || upper + lower < 4 {
        return false;
    }
    let hexadecimal = value.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        && value.chars().filter(char::is_ascii_hexdigit).count() >= 16;
    let mixed_case = upper > 0 && lower > 0;
    let class_changes = value
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    let alternating = value.len() >= 20
        && value.chars().all(|c| c.is_ascii_alphanumeric())
        && digits >= 4
        && class_changes >= 6;
    hexadecimal || mixed_case || alternating
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_by_their_last_parts() {
        for name in [
            "session_id",
            "sid",
            "SID",
            "connect.sid",
            "laravel_session",
            "ci_session",
            "ASP.NET_SessionId",
            "SESSION_TOKEN",
            "sess",
            "XDG_SESSION_COOKIE",
            "OP_SESSION_my",
            "OP_SESSION_acme_team",
            "code",
            "oauth_code",
        ] {
            assert!(names_session(name), "{name}");
        }
        for name in [
            "session_timeout",
            "SESSION_MANAGER",
            "sessionAffinity",
            "session_name",
            "XDG_SESSION_TYPE",
            "session.timeout.ms",
            "consider",
            "zipcode",
            "error_code",
            "exit_code",
        ] {
            assert!(!names_session(name), "{name}");
        }
    }

    #[test]
    fn generated_values_only() {
        for value in [
            "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
            "s%3AaBcD1234efGh5678.ijKLmn0pQrsTuvWXyz",
            "550e8400-e29b-41d4-a716-446655440000",
            "k3j4h5g6f7d8s9a0q1w2e3r4t5",
        ] {
            assert!(token_shaped(value), "{value}");
        }
        for value in [
            "4f2a",
            "1000",
            "PRODDB01",
            "S-1-5-21-3623811015-3361044348-30300820-1013",
            "2024-01-01T10:00:00",
            "prod-deploy-2024-01",
            "/var/lib/php/sessions",
            "https://example.com/session",
            "mysessionname2024",
        ] {
            assert!(!token_shaped(value), "{value}");
        }
    }
}
