//! Random secrets (refresh tokens, API keys, tickets) and their stored form.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix that marks an API key, so a leaked one is recognisable (and scannable).
pub const API_KEY_PREFIX: &str = "wdn_";

/// `bytes` random bytes from the OS generator, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A new API key: `wdn_` and 32 random bytes.
pub fn new_api_key() -> String {
    format!("{API_KEY_PREFIX}{}", random_token(32))
}

/// What is stored for a high-entropy secret: its SHA-256, hex. No salt or slow hash is needed
/// because the secret itself has 256 bits of entropy.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The part of an API key shown in listings: the prefix and the first 8 characters.
pub fn display_prefix(key: &str) -> String {
    key.chars().take(API_KEY_PREFIX.len() + 8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_have_the_documented_shape() {
        let key = new_api_key();
        assert!(key.starts_with("wdn_"));
        assert_eq!(key.len(), 4 + 43, "32 bytes are 43 base64 characters");
        assert_ne!(key, new_api_key());
        assert_eq!(display_prefix(&key).len(), 12);
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
