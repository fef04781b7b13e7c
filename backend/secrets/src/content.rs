//! Files whose content is a secret, recognised by what they hold rather than by their name: a
//! private key is the secret as a whole, so a file holding one is refused, not redacted.

/// PEM labels of private keys, each with the kind it names; any other label ending in
/// `PRIVATE KEY` is a private key too.
const KEY_LABELS: &[(&str, &str)] = &[
    ("OPENSSH PRIVATE KEY", "an OpenSSH private key"),
    ("RSA PRIVATE KEY", "an RSA private key"),
    ("DSA PRIVATE KEY", "a DSA private key"),
    ("EC PRIVATE KEY", "an EC private key"),
    ("PRIVATE KEY", "a PKCS#8 private key"),
    ("ENCRYPTED PRIVATE KEY", "an encrypted private key"),
    ("PGP PRIVATE KEY BLOCK", "a PGP private key"),
];

/// Key formats that are not PEM, by the marker they start with.
const OTHER_MARKERS: &[(&str, &str)] = &[
    ("PuTTY-User-Key-File-", "a PuTTY private key"),
    ("AGE-SECRET-KEY-1", "an age secret key"),
    (
        "-----BEGIN OpenVPN Static key V1-----",
        "an OpenVPN static key",
    ),
];

/// Why `text` is secret as a whole, if it is: it holds private key material (any PEM block
/// whose label ends in `PRIVATE KEY` or `PRIVATE KEY BLOCK`, PuTTY, age and OpenVPN static
/// keys). One scan for
/// PEM headers and one per other format, so ordinary text costs four substring searches.
pub fn sensitive_content(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let label_start = start + "-----BEGIN ".len();
        let label = rest[label_start..]
            .split("-----")
            .next()
            .unwrap_or_default();
        if label.len() <= 64
            && (label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK"))
        {
            let kind = KEY_LABELS
                .iter()
                .find(|(known, _)| *known == label)
                .map_or_else(
                    || format!("a private key ({label})"),
                    |(_, kind)| (*kind).to_owned(),
                );
            return Some(format!(
                "it holds {kind}; key material is never shown, whatever the file is called"
            ));
        }
        rest = &rest[label_start..];
    }
    // A Google service-account key, whatever its file is called (`key.json`,
    // `myproject-1a2b3c4d5e6f.json`).
    if text.contains("\"private_key\"") && text.contains("\"service_account\"") {
        return Some(
            "it holds a cloud service account's private key; key material is never shown, whatever the file is called"
                .to_owned(),
        );
    }
    OTHER_MARKERS
        .iter()
        .find(|(marker, _)| text.contains(marker))
        .map(|(_, kind)| {
            format!("it holds {kind}; key material is never shown, whatever the file is called")
        })
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
            "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\ne1a2\n",
            "{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key_id\": \"1\",\n  \"private_key\": \"x\"\n}",
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
