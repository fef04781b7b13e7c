//! Password hashing with argon2id, always on the blocking pool and behind a semaphore: each hash
//! costs about 19 MiB and a core for tens of milliseconds, so a login flood must queue rather than
//! exhaust memory or starve the runtime.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

/// Shortest password accepted for a new or changed password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: bounds the work an attacker can ask of argon2.
pub const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password worker failed: {0}")]
    Worker(String),
}

/// Checks a new password against the policy; the message says what to change.
pub fn check_policy(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "password must be at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "password must be at most {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    // Length alone lets twelve blanks or one key held down through.
    let distinct: std::collections::HashSet<char> =
        password.chars().filter(|c| !c.is_whitespace()).collect();
    if distinct.len() < MIN_DISTINCT_CHARS {
        return Err(format!(
            "password must hold at least {MIN_DISTINCT_CHARS} different characters other than blanks"
        ));
    }
    Ok(())
}

/// Different characters a password holds at least, blanks not counted.
pub const MIN_DISTINCT_CHARS: usize = 4;

#[derive(Clone)]
pub struct PasswordHasherPool {
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the user does not exist so that an
    /// unknown username takes as long as a wrong password.
    dummy_hash: Arc<str>,
}

impl PasswordHasherPool {
    pub async fn new(max_concurrent: usize) -> Result<Self, PasswordError> {
        let random = crate::auth::secrets::random_token(24);
        let dummy = hash_blocking(random).await?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            dummy_hash: dummy.into(),
        })
    }

    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| PasswordError::Worker(e.to_string()))?;
        hash_blocking(password.to_owned()).await
    }

    /// Verifies `password` against `stored`, or against the dummy hash when there is no user.
    /// Returns false for a malformed stored hash rather than failing open or erroring.
    pub async fn verify(
        &self,
        password: &str,
        stored: Option<&str>,
    ) -> Result<bool, PasswordError> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(false);
        }
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| PasswordError::Worker(e.to_string()))?;
        let exists = stored.is_some();
        let hash = stored.map_or_else(|| self.dummy_hash.to_string(), str::to_owned);
        let password = password.to_owned();
        let matched = tokio::task::spawn_blocking(move || verify_sync(&password, &hash))
            .await
            .map_err(|e| PasswordError::Worker(e.to_string()))?;
        Ok(exists && matched)
    }
}

/// Hashes on the blocking pool without a permit; for the CLI and start-up.
pub async fn hash_blocking(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_sync(&password))
        .await
        .map_err(|e| PasswordError::Worker(e.to_string()))?
}

fn hash_sync(password: &str) -> Result<String, PasswordError> {
    // argon2's own random 16-byte salt, from the OS generator.
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    Ok(hash.to_string())
}

fn verify_sync(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_never_match() {
        let pool = PasswordHasherPool::new(2)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let hash = pool
            .hash("a long enough password")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let verify = |p: &'static str, h: Option<String>| {
            let pool = pool.clone();
            async move {
                pool.verify(p, h.as_deref())
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
            }
        };
        assert!(verify("a long enough password", Some(hash.clone())).await);
        assert!(!verify("a long enough passwore", Some(hash.clone())).await);
        assert!(!verify("a long enough password", None).await);
        assert!(!verify("anything", Some("not a hash".to_owned())).await);
    }

    #[test]
    fn policy_names_the_rule() {
        assert_eq!(
            check_policy("short"),
            Err("password must be at least 12 characters".to_owned())
        );
        assert_eq!(
            check_policy(&"x".repeat(2000)),
            Err("password must be at most 1024 bytes".to_owned())
        );
        assert_eq!(check_policy("twelve chars"), Ok(()));
        for weak in [
            " ".repeat(12),
            "a".repeat(16),
            "ab ab ab ab ab".to_owned(),
            "\t".repeat(13),
        ] {
            assert_eq!(
                check_policy(&weak),
                Err(
                    "password must hold at least 4 different characters other than blanks"
                        .to_owned()
                ),
                "{weak:?}"
            );
        }
    }
}
