//! A token or an API key given in a log line or a sentence, its name and a preposition or a
//! verb before it and nothing after to say "value": `pushed using token tulipgardentoken`,
//! `logged in with api key gardenkey`, `Created API key gardenkeyvalue for user bob`, `New
//! token created: tulipgarden`. A token made of letters alone is still a token. The words prose
//! writes there stay: `with token authentication`, `using token auth`, `created token for bob`,
//! `with a token of scope read_api`, `with token 3 times`.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// A token's name given (`with`, `using`, `via`; `created`, `generated`, `issued`),
/// announced (`token created:`), set (`set the api key to X`, `changed the root password to
/// X`, `set OPENAI_API_KEY to X`) or qualified by its service (`my OpenAI key: X`, `anthropic
/// key X`, `HF token is X`), and the word after.
static GIVEN_TOKEN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    let providers = crate::providers::PROVIDERS;
    crate::pattern::new(&format!(
        r#"(?i)(?P<head>\b(?:(?:with|using|via|created|generated|issued)[ \t]+(?:(?:an?|the|my|your|its)[ \t]+)?(?:api[ _-]?key|(?:api|access|auth|bearer|bot|personal[ _-]access)[ _-]?token|token)[ \t]+|(?:api[ _-]?key|token)[ \t]+(?:created|generated|issued)[ \t]*:[ \t]*|(?:set|changed|reset|updated)[ \t]+(?:(?:the|my|your|its)[ \t]+)?(?:[A-Za-z]+[ \t]+)?(?:password|passphrase|api[ _-]?key|(?:api|access|auth)[ _-]?token|token|secret)[ \t]+to[ \t]+|(?:set|changed|updated)[ \t]+[A-Za-z0-9_]*(?:_key|_token|_secret|password|_pass|passphrase)[ \t]+to[ \t]+|{providers}[ \t]+(?:api[ _-]?)?(?:key|token)(?:[ \t]*:|[ \t]+(?:is|was)[ \t]*:?)?[ \t]+))(?P<secret>[^\s'"<>()\[\]{{}},;]+)"#
    ))
    .ok()
});

/// Nouns prose writes after a token's name.
const TOKEN_NOUNS: &[&str] = &[
    "auth",
    "authentication",
    "authorization",
    "exchange",
    "scope",
    "scopes",
    "request",
    "requests",
    "refresh",
    "rotation",
    "expiry",
    "expiration",
    "lifetime",
    "file",
    "files",
    "env",
    "variable",
    "id",
    "ids",
    "name",
    "type",
    "value",
    "header",
    "headers",
    "support",
    "access",
    "login",
    "permissions",
    "prefix",
    "instead",
    "successfully",
    "expire",
    "expires",
    "rotate",
    "change",
    "match",
    "use",
    // A service's key or tokens counted: `openai token usage: 123`, `claude token limit`.
    "usage",
    "count",
    "counts",
    "limit",
    "limits",
    "quota",
    "budget",
    "cost",
    "costs",
    "length",
    "window",
    "rate",
    "stats",
    "metrics",
];

/// Whether `word`, after a token's name, is the token.
fn token_word(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ':', '!', '?']);
    let lowered = word.to_lowercase();
    let reading = word
        .chars()
        .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | ':' | '.'));
    word.len() >= 6
        && !word.starts_with(REDACTED)
        && !reading
        && !crate::sentences::sentence_word(word)
        && !TOKEN_NOUNS.contains(&lowered.as_str())
        && !crate::placeholders::stands_in(word)
        && !word.contains("://")
        && !word.starts_with(['/', '$', '~', '-'])
}

/// `text` with tokens given in prose hidden.
pub(crate) fn redact_given_tokens(text: &str) -> String {
    let Some(pattern) = GIVEN_TOKEN.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &regex::Captures<'_>| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            if !token_word(secret) {
                return whole.to_owned();
            }
            // A sentence's sign after the token stays (`... is X.`).
            let word = secret.trim_end_matches(['.', '!', '?']);
            format!(
                "{}{REDACTED}{}",
                c.name("head").map_or("", |m| m.as_str()),
                &secret[word.len()..]
            )
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_given_tokens;

    #[test]
    fn tokens_given_in_prose_go() {
        for (text, expected) in [
            (
                "gitea[99]: using token tulipgardentoken for push",
                "gitea[99]: using token [redacted] for push",
            ),
            (
                "logged in with token tulipgarden",
                "logged in with token [redacted]",
            ),
            ("with api key gardenkeyvalue", "with api key [redacted]"),
            (
                "Created API key gardenkeyvalue for user bob",
                "Created API key [redacted] for user bob",
            ),
            (
                "New token created: tulipgardentok",
                "New token created: [redacted]",
            ),
            (
                "auth via access token Kx9mP2vLq8.",
                "auth via access token [redacted].",
            ),
        ] {
            assert_eq!(redact_given_tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn prose_about_tokens_stays() {
        for text in [
            "authenticated with token authentication",
            "using token auth for the registry",
            "created token for bob",
            "Use a token with scope read_api",
            "retrying with token 3 times",
            "login with token instead of password",
            "with token $GITEA_TOKEN",
            "using token from /run/secrets/token",
            "with token <your token>",
            "with token expired",
            "set the token to expire in 1h",
            "openai token usage: 1234",
            "claude token limit reached",
            "OpenAI key rotation is due",
            "openai key missing",
            "set OPENAI_API_KEY to $KEY",
            "set password to never expire",
            "reset the password to the default",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert_eq!(redact_given_tokens(text), text, "{text}");
        }
    }
}
