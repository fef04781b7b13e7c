//! A value handed to `base64 -d` on a command line (`echo 'Y29ycmVjdCBob3JzZQ==' | base64
//! -d`, `base64 --decode <<< aHVudGVyMg==`): what a Secret's value copied out of `kubectl get
//! secret -o yaml` is decoded with. The literal goes when it has the shape of one value encoded
//! alone (`lonevalue.rs`: a word, a passphrase); base64 of a sentence or of lines stays, as
//! does a reference (`echo "$DATA" | base64 -d`).

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// `echo [-n] LITERAL | base64 -d` and `base64 -d <<< LITERAL` (`--decode`, `-D`, `openssl
/// base64 -d` alike).
static DECODED: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<ehead>\b(?:echo|printf)(?:[ \t]+-[neE]+)*[ \t]+['"]?)(?P<esecret>[A-Za-z0-9+/]{4,}={0,2})(?P<etail>['"]?[ \t]*\|[ \t]*(?:openssl[ \t]+)?base64[ \t]+(?:-d|--decode|-D)\b)|(?P<hhead>\bbase64[ \t]+(?:-d|--decode|-D)[ \t]*<<<[ \t]*['"]?)(?P<hsecret>[A-Za-z0-9+/]{4,}={0,2})"#,
    )
    .ok()
});

/// `text` with values decoded on command lines hidden.
pub(crate) fn redact_decoded_values(text: &str) -> String {
    if !text.contains("base64") {
        return text.to_owned();
    }
    let Some(pattern) = DECODED.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &regex::Captures<'_>| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let (head, secret, tail) = match c.name("esecret") {
                Some(secret) => (c.name("ehead"), secret, c.name("etail")),
                None => match c.name("hsecret") {
                    Some(secret) => (c.name("hhead"), secret, None),
                    None => return whole.to_owned(),
                },
            };
            if !crate::lonevalue::encoded_text(secret.as_str()) {
                return whole.to_owned();
            }
            format!(
                "{}{REDACTED}{}",
                head.map_or("", |m| m.as_str()),
                tail.map_or("", |m| m.as_str())
            )
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_decoded_values;

    #[test]
    fn values_decoded_on_command_lines_go() {
        for (text, expected) in [
            (
                "echo 'Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==' | base64 -d",
                "echo '[redacted]' | base64 -d",
            ),
            (
                "echo -n aHVudGVyMg== | base64 --decode",
                "echo -n [redacted] | base64 --decode",
            ),
            ("base64 -d <<< dHVsaXBnYXJkZW4K", "base64 -d <<< [redacted]"),
        ] {
            assert_eq!(redact_decoded_values(text), expected, "{text}");
        }
    }

    #[test]
    fn sentences_references_and_encoding_stay() {
        for text in [
            "echo 'dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHM=' | base64 -d",
            "echo \"$DATA\" | base64 -d",
            "echo hello | base64",
            "base64 -d < secret.b64 > secret.bin",
            "echo aGVsbG8gd29ybGQ= | base64 -d",
        ] {
            assert_eq!(redact_decoded_values(text), text, "{text}");
        }
    }
}
