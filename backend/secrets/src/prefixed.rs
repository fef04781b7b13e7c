//! API tokens of vendors not listed by format: a short lowercase prefix naming the vendor and
//! the kind (`fo1_`, `pnu_`, `rdme_`, `tfp_`, `aio_`, `shippo_live_`), then a random body. The
//! body is judged by its randomness, so identifiers (`test_shouldReturn404`, `user_id`) and
//! digests stay.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;

static PREFIXED_TOKEN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"\b(?P<prefix>[a-z][a-z0-9]{1,11})_(?:(?P<kind>[a-z]{2,8})_)?(?P<body>[A-Za-z0-9]{28,128})\b",
    )
    .ok()
});

/// Second words of a prefix that say the body is a secret (`shippo_live_<hex>`,
/// `acme_test_<hex>`), for bodies in one case only.
const SECRET_KINDS: &[&str] = &[
    "live", "test", "prod", "sk", "secret", "key", "token", "api", "pat", "sess", "priv",
];

/// How often a body changes between capitals, small letters and digits: about two changes in
/// three characters for a random body, one in four or fewer for words run together.
fn class_changes(body: &str) -> usize {
    let class = |c: char| {
        if c.is_ascii_uppercase() {
            0
        } else if c.is_ascii_lowercase() {
            1
        } else {
            2
        }
    };
    body.chars()
        .map(class)
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0] != w[1])
        .count()
}

/// Whether `body` after a vendor's prefix is a random token: mixed capitals, small letters and
/// digits changing often; or, after a secret kind (`_live_`), a long run of one case with
/// digits (hexadecimal, base36).
fn random_body(kind: Option<&str>, body: &str) -> bool {
    let upper = body.chars().any(|c| c.is_ascii_uppercase());
    let lower = body.chars().any(|c| c.is_ascii_lowercase());
    let digit = body.chars().any(|c| c.is_ascii_digit());
    let mixed = upper && lower && digit && class_changes(body) * 5 >= body.len() * 2;
    let one_case = kind.is_some_and(|k| SECRET_KINDS.contains(&k))
        && body.len() >= 32
        && digit
        && (upper != lower)
        && class_changes(body) * 4 >= body.len();
    mixed || one_case
}

/// `text` with vendor-prefixed random tokens replaced.
pub(crate) fn redact_prefixed_tokens(text: &str) -> String {
    let Some(regex) = PREFIXED_TOKEN.as_ref() else {
        return REDACTED.to_owned();
    };
    regex
        .replace_all(text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let kind = c.name("kind").map(|m| m.as_str());
            let body = c.name("body").map_or("", |m| m.as_str());
            if random_body(kind, body) {
                REDACTED.to_owned()
            } else {
                whole.to_owned()
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_compiles() {
        assert!(PREFIXED_TOKEN.is_some());
    }

    #[test]
    fn random_bodies_and_words() {
        assert!(random_body(
            None,
            "7v6pgeRVc2B1Cm9lMGm2GyHxmoxQ4LWXev5dDc1Nl5j"
        ));
        assert!(random_body(
            Some("live"),
            "56ce3a845a4597dee9596940a3dc5eeeb61233c4"
        ));
        assert!(!random_body(None, "shouldReturn404WhenUserMissing"));
        assert!(!random_body(None, "abcdefghijklmnopqrstuvwxyz"));
        assert!(!random_body(
            None,
            "3f786850e387550fdab836ed7e6dc881de23001b"
        ));
    }
}
