//! The one wall clock: Unix seconds, the unit every stored and transmitted timestamp uses.
//!
//! Services that judge time (approval expiry and its sweeper, token and key expiry, incident
//! windows) hold a [`Clock`] handed to them at start-up rather than reading the system clock
//! themselves, so a test can move time forward ([`TestClock::advance`]) instead of sleeping
//! until something expires. It lives here, in the crate every other one depends on, so there is
//! one reading of the system clock in the workspace.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The system's time in Unix seconds: 0 for a clock set before 1970, `i64::MAX` past the year
/// 292 billion. For code that stamps a record and judges nothing by it; services that judge time
/// read their [`Clock`].
pub fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A wall clock in Unix seconds: the system's ([`Clock::system`], the default) or a test's
/// ([`TestClock::clock`]). Cheap to clone; clones of a test clock move together.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Seconds added to the system's time; `None` for the system clock itself.
    shift: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Now, in Unix seconds.
    pub fn now(&self) -> i64 {
        system_now().saturating_add(self.shift())
    }

    /// Now, in Unix milliseconds: for what fires at a second's boundary (the task scheduler),
    /// where whole seconds would start things up to a second late.
    pub fn now_millis(&self) -> i64 {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        millis.saturating_add(self.shift().saturating_mul(1000))
    }

    fn shift(&self) -> i64 {
        self.shift
            .as_ref()
            .map_or(0, |shift| shift.load(Ordering::Relaxed))
    }
}

/// A clock for tests: the system's time plus a shift the test moves forward, so everything that
/// reads the [`Clock`] it hands out sees time jump at once, while time still passes between the
/// jumps (polls and timeouts keep working).
#[derive(Debug, Clone, Default)]
pub struct TestClock {
    shift: Arc<AtomicI64>,
}

impl TestClock {
    /// A test clock that starts at the system's time.
    pub fn new() -> Self {
        Self::default()
    }

    /// The clock to hand to the services under test.
    pub fn clock(&self) -> Clock {
        Clock {
            shift: Some(self.shift.clone()),
        }
    }

    /// Moves time forward by `by` (whole seconds; a fraction is dropped).
    pub fn advance(&self, by: Duration) {
        let seconds = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.shift.fetch_add(seconds, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_clock_moves_every_clone_and_the_system_clock_does_not_move() {
        let test = TestClock::new();
        let clock = test.clock();
        let copy = clock.clone();
        let system = Clock::system();
        let before = clock.now();
        assert!((before - system.now()).abs() <= 1, "{before}");
        test.advance(Duration::from_secs(3600));
        let after = copy.now();
        assert!(
            (3600..=3601).contains(&(after - before)),
            "{before} {after}"
        );
        assert!((system.now() - before).abs() <= 1);
        assert!((system_now() - system.now()).abs() <= 1);
        assert!((copy.now_millis() / 1000 - after).abs() <= 1);
        assert!((system.now_millis() / 1000 - system.now()).abs() <= 1);
    }
}
