//! Inbound webhooks: a delivery is accepted only with an HMAC-SHA256 signature of its raw body
//! under the hook's secret, sent as GitHub sends it (`X-Hub-Signature-256: sha256=HEX`) or as
//! Warden's own (`X-Warden-Signature: sha256=HEX`), compared in constant time. Its delivery id
//! (`X-GitHub-Delivery` or `X-Warden-Delivery`) is accepted once: the store keeps every id.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// The signature headers, GitHub's and Warden's.
pub const SIGNATURE_HEADERS: &[&str] = &["x-hub-signature-256", "x-warden-signature"];
/// The delivery id headers, GitHub's and Warden's.
pub const DELIVERY_HEADERS: &[&str] = &["x-github-delivery", "x-warden-delivery"];
/// Longest delivery id accepted.
pub const MAX_DELIVERY_CHARS: usize = 128;

/// Why a delivery's signature was refused (for the audit log; the sender learns only that it
/// was refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed(&'static str),
    Mismatch(&'static str),
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::Missing => write!(f, "no signature header"),
            SignatureError::Malformed(header) => write!(f, "{header} is not sha256=HEX"),
            SignatureError::Mismatch(header) => write!(f, "{header} does not match the body"),
        }
    }
}

/// Checks every signature header present (at least one must be): each must be `sha256=` and
/// the HMAC-SHA256 of `body` under `secret` in hex.
pub fn verify(
    secret: &[u8],
    body: &[u8],
    header: impl Fn(&str) -> Option<String>,
) -> Result<(), SignatureError> {
    let mut checked = false;
    for name in SIGNATURE_HEADERS {
        let Some(value) = header(name) else {
            continue;
        };
        let hex_part = value
            .trim()
            .strip_prefix("sha256=")
            .ok_or(SignatureError::Malformed(name))?;
        let sent = hex::decode(hex_part).map_err(|_| SignatureError::Malformed(name))?;
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).map_err(|_| SignatureError::Mismatch(name))?;
        mac.update(body);
        mac.verify_slice(&sent)
            .map_err(|_| SignatureError::Mismatch(name))?;
        checked = true;
    }
    if checked {
        Ok(())
    } else {
        Err(SignatureError::Missing)
    }
}

/// `sha256=HEX` of `body` under `secret`: what a sender puts in the signature header.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        }
        Err(_) => String::new(),
    }
}

/// The delivery id: printable ASCII, 1 to [`MAX_DELIVERY_CHARS`] characters.
pub fn delivery_id(header: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let id = DELIVERY_HEADERS
        .iter()
        .find_map(|name| header(name))
        .ok_or_else(|| {
            "a delivery id is required (X-GitHub-Delivery or X-Warden-Delivery)".to_owned()
        })?;
    let id = id.trim().to_owned();
    if id.is_empty() || id.len() > MAX_DELIVERY_CHARS || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(format!(
            "the delivery id must be 1 to {MAX_DELIVERY_CHARS} printable characters"
        ));
    }
    Ok(id)
}

/// Whether a JSON body has every expected value at its JSON pointer (`/ref` =
/// `refs/heads/main`): a hook's `when` conditions.
pub fn conditions_hold(body: &Value, when: &[(String, String)]) -> bool {
    when.iter().all(|(pointer, expected)| {
        body.pointer(pointer).is_some_and(|found| match found {
            Value::String(text) => text == expected,
            Value::Bool(_) | Value::Number(_) => expected.as_str() == found.to_string().as_str(),
            Value::Null | Value::Array(_) | Value::Object(_) => false,
        })
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn signatures_are_checked_as_github_computes_them() {
        // GitHub's documented example: secret "It's a Secret to Everybody", body "Hello, World!".
        let secret = b"It's a Secret to Everybody";
        let github = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(sign(secret, b"Hello, World!"), github);
        assert_eq!(
            verify(
                secret,
                b"Hello, World!",
                headers(&[("x-hub-signature-256", github)])
            ),
            Ok(())
        );
        assert_eq!(
            verify(
                secret,
                b"Hello, World?",
                headers(&[("x-hub-signature-256", github)])
            ),
            Err(SignatureError::Mismatch("x-hub-signature-256"))
        );
        assert_eq!(
            verify(
                b"another secret",
                b"Hello, World!",
                headers(&[("x-warden-signature", github)])
            ),
            Err(SignatureError::Mismatch("x-warden-signature"))
        );
        assert_eq!(
            verify(secret, b"x", headers(&[])),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(secret, b"x", headers(&[("x-warden-signature", "sha1=abc")])),
            Err(SignatureError::Malformed("x-warden-signature"))
        );
        // Both present: both must hold.
        assert_eq!(
            verify(
                secret,
                b"Hello, World!",
                headers(&[
                    ("x-hub-signature-256", github),
                    ("x-warden-signature", "sha256=00")
                ])
            ),
            Err(SignatureError::Mismatch("x-warden-signature"))
        );
    }

    #[test]
    fn delivery_ids_and_conditions() {
        assert_eq!(
            delivery_id(headers(&[(
                "x-github-delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958"
            )])),
            Ok("72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned())
        );
        assert!(delivery_id(headers(&[])).is_err());
        assert!(delivery_id(headers(&[("x-warden-delivery", "a b")])).is_err());
        let push = json!({"ref": "refs/heads/main", "repository": {"full_name": "acme/web"}, "forced": false});
        let when = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert!(conditions_hold(
            &push,
            &when(&[
                ("/ref", "refs/heads/main"),
                ("/repository/full_name", "acme/web")
            ])
        ));
        assert!(conditions_hold(&push, &when(&[("/forced", "false")])));
        assert!(!conditions_hold(
            &push,
            &when(&[("/ref", "refs/heads/dev")])
        ));
        assert!(!conditions_hold(&push, &when(&[("/missing", "x")])));
        assert!(conditions_hold(&push, &[]));
    }
}
