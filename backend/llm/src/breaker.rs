//! A circuit breaker per model: after `threshold` failures in a row the model is skipped for
//! `cooldown`; then one trial call is let through, and its outcome closes or reopens the circuit.
//!
//! Leave to call is a [`Permit`], and every way a call can end settles it: success closes the
//! circuit, failure counts (and reopens a half-open one), and a permit dropped without a verdict
//! (the call was cancelled: a run cancelled, a deadline passed, a client gone) frees the trial
//! slot without judging the model, so the next call becomes the trial. A trial that nobody
//! settles can therefore never keep a circuit open for good.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

struct Inner {
    failures: u32,
    opened_at: Option<Instant>,
    trial_in_flight: bool,
}

pub struct CircuitBreaker {
    threshold: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

/// Leave for one call through a breaker, settled by [`Permit::success`], [`Permit::failure`],
/// or by being dropped (a cancelled call: no verdict on the model).
#[must_use = "a permit settles the breaker when the call ends"]
pub struct Permit<'a> {
    breaker: &'a CircuitBreaker,
    /// The half-open circuit's one trial call.
    trial: bool,
    settled: bool,
}

impl Permit<'_> {
    /// Whether this call is the trial of a half-open circuit.
    pub fn is_trial(&self) -> bool {
        self.trial
    }

    /// The call worked: the circuit closes.
    pub fn success(mut self) {
        self.settled = true;
        self.breaker.success();
    }

    /// The call failed: it counts, and a half-open circuit opens again.
    pub fn failure(mut self) {
        self.settled = true;
        self.breaker.failure();
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.settled && self.trial {
            self.breaker.release_trial();
        }
    }
}

impl CircuitBreaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            inner: Mutex::new(Inner {
                failures: 0,
                opened_at: None,
                trial_in_flight: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn state(&self) -> BreakerState {
        let inner = self.lock();
        match inner.opened_at {
            None => BreakerState::Closed,
            Some(at) if at.elapsed() >= self.cooldown => BreakerState::HalfOpen,
            Some(_) => BreakerState::Open,
        }
    }

    /// Leave for a call now, if any: always while closed, one trial at a time once an open
    /// circuit has cooled down, none while it is open.
    pub fn allow(&self) -> Option<Permit<'_>> {
        let mut inner = self.lock();
        let trial = match inner.opened_at {
            None => false,
            Some(at) if at.elapsed() >= self.cooldown && !inner.trial_in_flight => {
                inner.trial_in_flight = true;
                true
            }
            Some(_) => return None,
        };
        Some(Permit {
            breaker: self,
            trial,
            settled: false,
        })
    }

    fn success(&self) {
        *self.lock() = Inner {
            failures: 0,
            opened_at: None,
            trial_in_flight: false,
        };
    }

    fn failure(&self) {
        let mut inner = self.lock();
        inner.failures = inner.failures.saturating_add(1);
        inner.trial_in_flight = false;
        if inner.failures >= self.threshold || inner.opened_at.is_some() {
            inner.opened_at = Some(Instant::now());
        }
    }

    /// A trial ended without a verdict: the circuit stays as it was, open and cooled down, and
    /// the next call is let through as the trial.
    fn release_trial(&self) {
        self.lock().trial_in_flight = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(permit: Option<Permit<'_>>, ok: bool) {
        match permit {
            Some(permit) if ok => permit.success(),
            Some(permit) => permit.failure(),
            None => panic!("no permit"),
        }
    }

    #[test]
    fn opens_after_the_threshold_and_lets_one_trial_through_after_the_cooldown() {
        let breaker = CircuitBreaker::new(2, Duration::from_millis(50));
        settle(breaker.allow(), false);
        assert_eq!(breaker.state(), BreakerState::Closed);
        settle(breaker.allow(), false);
        assert_eq!(breaker.state(), BreakerState::Open);
        assert!(breaker.allow().is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
        let trial = breaker.allow();
        assert_eq!(
            trial.as_ref().map(Permit::is_trial),
            Some(true),
            "one trial"
        );
        assert!(breaker.allow().is_none(), "only one");
        settle(trial, false);
        assert_eq!(
            breaker.state(),
            BreakerState::Open,
            "a failed trial reopens at once"
        );
        std::thread::sleep(Duration::from_millis(60));
        settle(breaker.allow(), true);
        assert_eq!(breaker.state(), BreakerState::Closed);
        let closed = breaker.allow();
        assert_eq!(closed.as_ref().map(Permit::is_trial), Some(false));
    }

    #[test]
    fn a_trial_dropped_unsettled_frees_the_slot_for_the_next_call() {
        let breaker = CircuitBreaker::new(1, Duration::from_millis(20));
        settle(breaker.allow(), false);
        std::thread::sleep(Duration::from_millis(30));
        let cancelled = breaker.allow();
        assert!(cancelled.as_ref().is_some_and(Permit::is_trial));
        assert!(breaker.allow().is_none(), "the trial is in flight");
        drop(cancelled);
        assert_eq!(breaker.state(), BreakerState::HalfOpen, "no verdict");
        let next = breaker.allow();
        assert!(
            next.as_ref().is_some_and(Permit::is_trial),
            "the next call is the trial"
        );
        settle(next, true);
        assert_eq!(breaker.state(), BreakerState::Closed);
    }
}
