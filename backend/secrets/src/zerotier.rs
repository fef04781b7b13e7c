//! ZeroTier's secret identity (`identity.secret`, `zerotier-idtool generate`): the node's
//! address, `0`, its public key and its private key, each in hex and joined by colons. The
//! last field is the private key, which lets whoever holds it join the node's networks as
//! the node; the address and the public key (`identity.public`) stay.

use crate::REDACTED;

/// Hex digits of a key's half (64 bytes) and of a node's address (40 bits).
const KEY_DIGITS: usize = 128;
const ADDRESS_DIGITS: usize = 10;

fn hex(text: Option<&str>, digits: usize) -> bool {
    text.is_some_and(|t| t.len() == digits && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `text` with the private key of every ZeroTier secret identity replaced by [`REDACTED`].
pub(crate) fn redact_zerotier_identities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(":0:") {
        let address_start = at.saturating_sub(ADDRESS_DIGITS);
        let after = &rest[at + 3..];
        let private_start = KEY_DIGITS + 1;
        let private_end = private_start + KEY_DIGITS;
        let identity = at >= ADDRESS_DIGITS
            && hex(rest.get(address_start..at), ADDRESS_DIGITS)
            && !rest[..address_start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && hex(after.get(..KEY_DIGITS), KEY_DIGITS)
            && after.as_bytes().get(KEY_DIGITS) == Some(&b':')
            && hex(after.get(private_start..private_end), KEY_DIGITS)
            && !after[private_end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if identity {
            out.push_str(&rest[..at + 3 + private_start]);
            out.push_str(REDACTED);
            rest = &after[private_end..];
        } else {
            out.push_str(&rest[..at + 3]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_zerotier_identities as redact;

    #[test]
    fn the_private_half_of_a_secret_identity_goes() {
        let public = "1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c".repeat(2);
        let private = "9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c1d2e".repeat(2);
        let identity = format!("8f3a9c2b7e:0:{public}:{private}");
        assert_eq!(
            redact(&format!("{identity}\n")),
            format!("8f3a9c2b7e:0:{public}:[redacted]\n")
        );
        // The public identity, a time and a shorter run of hex stay.
        for kept in [
            format!("8f3a9c2b7e:0:{public}"),
            "12:00:00 up 3 days".to_owned(),
            format!("8f3a9c2b7e:0:{public}:abcdef"),
        ] {
            assert_eq!(redact(&kept), kept);
        }
    }
}
