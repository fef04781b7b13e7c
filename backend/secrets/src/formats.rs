//! Tokens of further vendors, by the format their vendors publish: Harness' personal and
//! service account tokens (`pat.<account>.<token id>.<secret>`, `sat....`), Scalingo's API
//! tokens (`tk-us-` and 48 characters), LaunchDarkly's API access tokens and server-side SDK
//! keys (`api-` and `sdk-` before a UUID), Lob's API keys (`live_`/`test_` and 35 hex
//! digits), Ghost's Admin API keys (`<24 hex>:<64 hex>`, an id and its secret), Firecrawl's
//! API keys (`fc-` and 32 hex digits), Infisical's service tokens (`st.<uuid>.<32 hex>.<32
//! hex>`), Telnyx' API keys (`KEY`, 32 capitals and digits, `_`, 22), Matrix's recovery keys
//! (`EsTc LW2K ...`, twelve groups of base58) and Synapse's signing key seeds (`ed25519 a_AbCd
//! <43 base64>`). Each shape is
//! exact (counts and alphabets), so identifiers that merely start alike stay.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

static VENDOR_TOKEN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r"\b(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20}\b",
        r"|\btk-us-[A-Za-z0-9_-]{48}(?:\b|$)",
        r"|\b(?:api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        r"|\b(?:live|test)_[0-9a-f]{35}\b",
        r"|\b[0-9a-f]{24}:[0-9a-f]{64}\b",
        r"|\bfc-[0-9a-f]{32}\b",
        r"|\bst\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{32}\.[0-9a-f]{32}\b",
        r"|\bKEY[0-9A-Z]{32}_[A-Za-z0-9]{22}\b",
        // Matrix's recovery (security) keys: `Es` and base58 in twelve groups of four.
        r"|\bEs[1-9A-HJ-NP-Za-km-z]{2}(?: [1-9A-HJ-NP-Za-km-z]{4}){11}\b",
        // Synapse's signing key file (`homeserver.signing.key`): `ed25519 <id> <seed>`; the
        // algorithm and the key's id stay.
        r"|(?P<head>\bed25519 [A-Za-z0-9_]{1,32} )[A-Za-z0-9+/]{43}\b",
    ))
    .ok()
});

/// `text` with every such token hidden.
pub(crate) fn redact_vendor_formats(text: &str) -> String {
    let Some(tokens) = VENDOR_TOKEN.as_ref() else {
        return REDACTED.to_owned();
    };
    tokens
        .replace_all(text, |c: &regex::Captures| {
            format!("{}{REDACTED}", c.name("head").map_or("", |m| m.as_str()))
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pattern_compiles() {
        assert!(super::VENDOR_TOKEN.is_some());
    }
}
