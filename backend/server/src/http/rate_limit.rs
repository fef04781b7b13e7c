//! Token-bucket rate limiting, per key (a client address or an identity). Buckets refill
//! continuously at `per_minute / 60` per second up to `per_minute`, so bursts are allowed up to
//! the limit and the long-run rate never exceeds it. The map is bounded: past `MAX_KEYS` entries,
//! buckets that have refilled completely (idle keys) are dropped.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use super::ApiError;

const MAX_KEYS: usize = 100_000;

struct Bucket {
    tokens: f64,
    capacity: f64,
    updated: Instant,
}

impl Bucket {
    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.capacity / 60.0).min(self.capacity);
        self.updated = now;
    }
}

#[derive(Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// Takes one token from `key`'s bucket, or says how many seconds until one is available.
    pub fn check(&self, key: &str, per_minute: u32) -> Result<(), ApiError> {
        let now = Instant::now();
        let capacity = f64::from(per_minute.max(1));
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            buckets.retain(|_, bucket| {
                bucket.refill(now);
                bucket.tokens < bucket.capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            capacity,
            updated: now,
        });
        bucket.capacity = capacity;
        bucket.refill(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            let wait = (missing * 60.0 / capacity).ceil() as u64;
            Err(ApiError::rate_limited(wait))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_then_refuses_with_a_retry_time() {
        let limiter = RateLimiter::default();
        for _ in 0..3 {
            assert!(limiter.check("k", 3).is_ok());
        }
        let refused = limiter.check("k", 3).err();
        assert_eq!(refused.map(|e| e.status().as_u16()), Some(429));
        assert!(limiter.check("other", 3).is_ok(), "keys are independent");
    }
}
