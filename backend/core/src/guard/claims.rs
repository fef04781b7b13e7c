//! When this guard claimed each approved execution, on the wall clock to the nanosecond. The
//! store keeps the claim's time (`executed_at`) in whole seconds on the guard's clock; the
//! monitor takes an approved `docker_restart` for its own restart from that moment on (the
//! signals Docker sends the container meanwhile are the restart's), so a second's precision
//! would take an operator's `docker stop` sent in the same second, before the claim, for the
//! restart's. Kept in memory: an execution that was running when the server stopped is never
//! run again, so only this process's claims can still be under way.

use std::collections::HashMap;
use std::sync::Mutex;

/// Claims remembered at most; the oldest is forgotten first (the monitor falls back to the
/// stored second for it).
const KEPT: usize = 1024;

#[derive(Debug, Default)]
pub(super) struct Claims(Mutex<HashMap<String, i64>>);

impl Claims {
    /// Approval `id`'s execution was claimed at `at_nanos` (Unix nanoseconds, wall clock).
    pub(super) fn note(&self, id: &str, at_nanos: i64) {
        let mut claims = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if claims.len() >= KEPT && !claims.contains_key(id) {
            let oldest = claims
                .iter()
                .min_by_key(|(_, at)| **at)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                claims.remove(&oldest);
            }
        }
        claims.insert(id.to_owned(), at_nanos);
    }

    /// When approval `id`'s execution was claimed by this guard, if it was and is remembered.
    pub(super) fn at(&self, id: &str) -> Option<i64> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_remembered_to_the_nanosecond_and_the_oldest_forgotten_first() {
        let claims = Claims::default();
        claims.note("a", 1_796_292_000_123_456_789);
        assert_eq!(claims.at("a"), Some(1_796_292_000_123_456_789));
        assert_eq!(claims.at("b"), None);
        for i in 0..KEPT {
            let at = 2_000_000_000_000_000_000 + i64::try_from(i).unwrap_or_default();
            claims.note(&format!("n{i}"), at);
        }
        assert_eq!(claims.at("a"), None);
        assert_eq!(claims.at("n0"), Some(2_000_000_000_000_000_000));
        assert!(claims.at(&format!("n{}", KEPT - 1)).is_some());
    }
}
