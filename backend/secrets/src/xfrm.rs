//! IPsec keys as the kernel's transform tables print them (`ip xfrm state`, `ip -s xfrm
//! state`, `setkey -D`) and as a line that adds them is written (`ip xfrm state add ... enc
//! 'cbc(aes)' 0xKEY auth sha256 0xKEY`): the hex after an algorithm is the key of a security
//! association, which decrypts or forges its traffic.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;

/// A key role (`enc`, `auth`, `auth-trunc`, `aead`), its algorithm (quoted or not,
/// `hmac(sha256)`, `rfc4106(gcm(aes))`), then the key: hex of at least 64 bits.
static XFRM_KEY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>\b(?:enc|auth|auth-trunc|aead)\s+['"]?[A-Za-z0-9()_,.-]+['"]?\s+)(?P<key>0x[0-9a-fA-F]{16,})\b"#,
    )
    .ok()
});

/// `text` with the keys of IPsec security associations replaced by [`REDACTED`] (all of it,
/// should the pattern not compile: fail closed, as every pass does).
pub(crate) fn redact_xfrm_keys(text: &str) -> String {
    match XFRM_KEY.as_ref() {
        Some(pattern) => pattern
            .replace_all(text, |c: &Captures| {
                format!("{}{REDACTED}", c.name("head").map_or("", |m| m.as_str()))
            })
            .into_owned(),
        None => REDACTED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_xfrm_keys as redact;

    #[test]
    fn keys_of_security_associations_go() {
        let state = "src 10.0.0.1 dst 10.0.0.2\n\tproto esp spi 0xc0ffee01 reqid 1 mode tunnel\n\tauth-trunc hmac(sha256) 0x6d3a9f1c2b7e151628aed2a6abf71588 128\n\tenc cbc(aes) 0x2b7e151628aed2a6abf7158809cf4f3c\n\taead rfc4106(gcm(aes)) 0x4c80cdefbb5d10da906ac73c3613a634aabbccdd 128\n";
        let redacted = redact(state);
        assert_eq!(
            redacted,
            "src 10.0.0.1 dst 10.0.0.2\n\tproto esp spi 0xc0ffee01 reqid 1 mode tunnel\n\tauth-trunc hmac(sha256) [redacted] 128\n\tenc cbc(aes) [redacted]\n\taead rfc4106(gcm(aes)) [redacted] 128\n"
        );
        assert_eq!(
            redact(
                "ip xfrm state add src 1.1.1.1 dst 2.2.2.2 proto esp spi 0x1000 enc 'cbc(aes)' 0x0123456789abcdef0123456789abcdef auth sha1 0x0123456789abcdef01234567"
            ),
            "ip xfrm state add src 1.1.1.1 dst 2.2.2.2 proto esp spi 0x1000 enc 'cbc(aes)' [redacted] auth sha1 [redacted]"
        );
    }

    #[test]
    fn identifiers_and_short_numbers_stay() {
        for line in [
            "proto esp spi 0xc0ffee01 reqid 1 mode tunnel",
            "replay-window 0 flag af-unspec",
            "auth required pam_unix.so",
            "enc none 0x0",
            "sel src 0.0.0.0/0 dst 0.0.0.0/0",
        ] {
            assert_eq!(redact(line), line);
        }
    }
}
