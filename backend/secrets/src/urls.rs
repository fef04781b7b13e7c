//! Whether the user part of a URL is itself a credential: git over HTTPS takes a token as the
//! user (`https://ghp_x@github.com`, `https://TOKEN:x-oauth-basic@github.com`), while
//! `https://alice@host` and `ssh://git@host` name people and services.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::names::is_secret_name;

/// A user name as people and services are named: lowercase words (one capital each at most),
/// joined by `.`, `_` or `-`, with up to four digits at the end (`git`, `alice`, `john.doe`,
/// `svc-deploy`, `user01`, `JohnDoe`). A word may hold a digit or two between its letters, as
/// products' and services' names do (`neo4j`, `k8s-admin`, `ec2-user`, `s3user`, `db2inst1`).
/// `TOKEN123`, `abc123def` and `a1B2c3` are not.
static NAME_LIKE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r"\A(?:[A-Z]?[a-z]+(?:[0-9]{1,2}[a-z]+)*[0-9]{0,2}[._-]?)+[0-9]{0,4}\z")
        .ok()
});

/// Prefixes of provider tokens, which stay tokens however short they are cut (`ghp_abc123`).
const TOKEN_PREFIXES: &[&str] = &[
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glptt-",
    "glrt-",
    "gloas-",
    "glcbt-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xapp-",
    "sk-",
    "sk_",
    "rk_",
    "hf_",
    "npm_",
    "dckr_pat_",
    "pypi-",
    "hvs.",
    "hvb.",
    "glc_",
    "glsa_",
    "akia",
    "asia",
    "ya29.",
    "atatt",
];

/// Users that only say a token follows as the password (`https://x-access-token:TOKEN@`,
/// `https://oauth2:TOKEN@`): the label stays, the password goes.
const LABEL_USERS: &[&str] = &[
    "x-access-token",
    "oauth2",
    "oauth",
    "x-oauth-basic",
    "gitlab-ci-token",
    "x-token-auth",
    "token",
    "x-token",
    "pat",
    "apikey",
    "api",
];

/// Whether the user part of a URL (`https://USER@host`, `https://USER:x@host`) is itself a
/// credential: a provider token's prefix, a name that says so (`mytoken`), anything not shaped
/// like a person's or a service's name, or 20 characters or more in one word
/// (`abcdefghijklmnopqrstu`) — a long name is written in parts ([`long_name`]).
pub(crate) fn url_user_is_credential(user: &str) -> bool {
    let lower = user.to_lowercase();
    if LABEL_USERS.contains(&lower.as_str()) {
        return false;
    }
    (user.len() >= 20 && !long_name(user))
        || TOKEN_PREFIXES.iter().any(|p| lower.starts_with(p))
        || is_secret_name(user)
        || !name_like(user)
}

/// Whether `user` is shaped as a person's or a service's name ([`NAME_LIKE`]), with two runs
/// of digits at most (`db2inst1`; `k3j4h5g6` is random).
pub(crate) fn name_like(user: &str) -> bool {
    let digit_runs = user
        .as_bytes()
        .windows(2)
        .filter(|w| !w[0].is_ascii_digit() && w[1].is_ascii_digit())
        .count();
    digit_runs <= 2 && NAME_LIKE.as_ref().is_some_and(|r| r.is_match(user))
}

/// Whether a user of 20 characters or more is still a name by its shape: word-like parts of
/// letters joined by `.`, `-` or `_` (`jonathan.richardson-smith`), or a role before a
/// project's reference as Supabase's pooler writes it (`postgres.abcdefghijklmnopqrst`). Each
/// part is letters alone (a capital first at most, digits only at the very end), so a JWT, a
/// base64 or a hexadecimal token with dots in it is no name.
fn long_name(user: &str) -> bool {
    let parts: Vec<&str> = user.split(['.', '-', '_']).collect();
    let last = parts.len().saturating_sub(1);
    parts.len() >= 2
        && name_like(user)
        && parts.iter().enumerate().all(|(i, part)| {
            let letters = if i == last {
                part.trim_end_matches(|c: char| c.is_ascii_digit())
            } else {
                part
            };
            let mut chars = letters.chars();
            (1..=24).contains(&letters.len())
                && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_lowercase())
        })
}

/// Whether a URL's user, written beside a password (`scheme://USER:PASS@host`), is itself a
/// token rather than a name: a provider token's prefix (`ghp_x:x-oauth-basic`), or 20
/// characters or more not shaped as a name. `neo4j`, `USER`, `svc01` and `root` are names.
pub(crate) fn url_user_is_token(user: &str) -> bool {
    let lower = user.to_lowercase();
    if LABEL_USERS.contains(&lower.as_str()) {
        return false;
    }
    TOKEN_PREFIXES.iter().any(|p| lower.starts_with(p))
        || (user.len() >= 20 && !name_like(user) && user.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_by_shape() {
        assert!(NAME_LIKE.is_some());
        for token in [
            "ghp_abc123",
            "TOKEN123",
            "abc123def",
            "mytoken",
            "a1B2c3",
            "glpat-x",
            "k3j4h5g6f7",
            "abcdefghijklmnopqrstuvwx",
            "ghp_abcdefghijklmnopqrstuvwxyz",
            "6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc",
        ] {
            assert!(url_user_is_credential(token), "{token}");
        }
        for name in [
            "git",
            "alice",
            "john.doe",
            "svc-deploy",
            "user01",
            "JohnDoe",
            "oauth2",
            "neo4j",
            "k8s-admin",
            "ec2-user",
            "s3user",
            "db2inst1",
            "jonathan.richardson-smith",
            "postgres.abcdefghijklmnopqrst",
        ] {
            assert!(!url_user_is_credential(name), "{name}");
        }
    }
}
