//! The entries of a Kubernetes Secret's `data` that are public: the cluster's CA certificate
//! (`ca.crt` of every service-account token Secret, `tls.crt`) and the token's `namespace`.
//! Every other entry is a secret whatever its key; these stay readable so that an operator can
//! check which CA a Secret trusts, and a certificate bundled with its private key is no longer
//! public.

/// Whether a Secret's `data` entry `key: value` (the value in base64, as the API returns it)
/// is public: base64 of certificates only, or a `namespace` that is a namespace's name.
pub(crate) fn public_entry(key: &str, value: &str) -> bool {
    let Some(decoded) = decode_base64(value.trim().trim_matches('"')) else {
        return false;
    };
    if key == "namespace" {
        return !decoded.is_empty()
            && decoded.len() <= 63
            && decoded
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    }
    certificates_only(&decoded)
}

/// Whether `text` is one or more PEM certificates and nothing else but blank lines.
pub(crate) fn certificates_only(text: &str) -> bool {
    let mut inside = false;
    let mut blocks = 0;
    for line in text.lines().map(str::trim) {
        match line {
            "" => {}
            "-----BEGIN CERTIFICATE-----" if !inside => inside = true,
            "-----END CERTIFICATE-----" if inside => {
                inside = false;
                blocks += 1;
            }
            _ if inside && !line.starts_with("-----") => {}
            _ => return false,
        }
    }
    blocks > 0 && !inside
}

/// Standard base64 (with or without padding) decoded to UTF-8 text; `None` for anything else.
pub(crate) fn decode_base64(text: &str) -> Option<String> {
    if text.is_empty() || text.len() > 1 << 20 {
        return None;
    }
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 {
        return None;
    }
    String::from_utf8(crate::base64::decode_unpadded(body)?).ok()
}

#[cfg(test)]
mod tests {
    use super::{certificates_only, decode_base64, public_entry};

    #[test]
    fn decodes_base64() {
        assert_eq!(decode_base64("ZGVmYXVsdA==").as_deref(), Some("default"));
        assert_eq!(decode_base64("ZGVmYXVsdA").as_deref(), Some("default"));
        assert_eq!(decode_base64("not base64!"), None);
        assert_eq!(decode_base64(""), None);
    }

    #[test]
    fn only_certificates_and_namespaces_are_public() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
        assert!(certificates_only(cert));
        assert!(!certificates_only(&format!(
            "{cert}-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
        )));
        assert!(!certificates_only("-----BEGIN CERTIFICATE-----\nMIIC\n"));
        assert!(public_entry("namespace", "ZGVmYXVsdA=="));
        // `hunter2!` is no namespace's name.
        assert!(!public_entry("namespace", "aHVudGVyMiE="));
        assert!(!public_entry("password", "ZGVmYXVsdA=="));
    }
}
