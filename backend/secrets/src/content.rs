//! Files whose content is a secret, recognised by what they hold rather than by their name: a
//! private key is the secret as a whole, so a file holding one is refused, not redacted.

/// Markers of private key material, each with the kind it names.
const KEY_MARKERS: &[(&str, &str)] = &[
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "an OpenSSH private key",
    ),
    ("-----BEGIN RSA PRIVATE KEY-----", "an RSA private key"),
    ("-----BEGIN DSA PRIVATE KEY-----", "a DSA private key"),
    ("-----BEGIN EC PRIVATE KEY-----", "an EC private key"),
    ("-----BEGIN PRIVATE KEY-----", "a PKCS#8 private key"),
    (
        "-----BEGIN ENCRYPTED PRIVATE KEY-----",
        "an encrypted private key",
    ),
    ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "a PGP private key"),
    ("PuTTY-User-Key-File-", "a PuTTY private key"),
    ("AGE-SECRET-KEY-1", "an age secret key"),
];

/// Why `text` is secret as a whole, if it is: it holds private key material (any PEM block
/// whose label ends in `PRIVATE KEY`, PGP, PuTTY and age keys).
pub fn sensitive_content(text: &str) -> Option<String> {
    if let Some((_, kind)) = KEY_MARKERS.iter().find(|(marker, _)| text.contains(marker)) {
        return Some(format!(
            "it holds {kind}; key material is never shown, whatever the file is called"
        ));
    }
    // Other PEM labels ending in PRIVATE KEY (`-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----`).
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let label_start = start + "-----BEGIN ".len();
        let label = rest[label_start..]
            .split("-----")
            .next()
            .unwrap_or_default();
        if label.len() <= 64 && label.ends_with("PRIVATE KEY") {
            return Some(format!(
                "it holds a private key ({label}); key material is never shown, whatever the file is called"
            ));
        }
        rest = &rest[label_start..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sensitive_content;

    #[test]
    fn private_keys_are_recognised_by_content() {
        for key in [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "junk before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----",
            "-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----\nxx",
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n",
            "# created: 2024\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF",
        ] {
            assert!(sensitive_content(key).is_some(), "{key}");
        }
        for plain in [
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host",
            "server { listen 80; }",
            "",
        ] {
            assert_eq!(sensitive_content(plain), None, "{plain}");
        }
    }
}
