//! When the monitor must sweep again before its interval: a repair's verification read, or a
//! retry that the backoff allows at a given time. A sweep clears the schedule and sets it again
//! from what it left pending; the repair model, working off the actor, adds to it and nudges the
//! actor so it does not sleep past the new time.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct Schedule {
    next: Mutex<Option<Instant>>,
    changed: Notify,
}

impl Schedule {
    pub fn clear(&self) {
        if let Ok(mut next) = self.next.lock() {
            *next = None;
        }
    }

    /// Asks for a sweep at `at` (or earlier, if one is due earlier already).
    pub fn at(&self, at: Instant) {
        if let Ok(mut next) = self.next.lock() {
            *next = Some(next.map_or(at, |due| due.min(at)));
        }
    }

    /// Asks for a sweep at a Unix time (seconds).
    pub fn at_unix(&self, at: i64, now: i64) {
        let wait = u64::try_from(at.saturating_sub(now)).unwrap_or(0);
        self.at(Instant::now() + Duration::from_secs(wait));
    }

    /// Like [`Schedule::at`], from outside a sweep: the actor is told to look again.
    pub fn at_and_notify(&self, at: Instant) {
        self.at(at);
        self.changed.notify_one();
    }

    pub fn next(&self) -> Option<Instant> {
        self.next.lock().ok().and_then(|next| *next)
    }

    pub async fn changed(&self) {
        self.changed.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_time_wins_until_cleared() {
        let schedule = Schedule::default();
        let now = Instant::now();
        schedule.at(now + Duration::from_secs(30));
        schedule.at(now + Duration::from_secs(5));
        schedule.at(now + Duration::from_secs(60));
        assert_eq!(schedule.next(), Some(now + Duration::from_secs(5)));
        schedule.clear();
        assert_eq!(schedule.next(), None);
    }
}
