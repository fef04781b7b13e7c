//! Docker's own restart policy. A container run with `--restart always`, `unless-stopped` or
//! `on-failure` (after a non-zero exit) is restarted by Docker itself after a crash, after a
//! delay that doubles from 100 ms up to a minute. Restarting it too races Docker (two restarts of
//! one crash, the repair taken for failed when Docker's start lands during the verification): the
//! monitor waits for Docker instead, for [`DOCKER_RESTART_WAIT`] at most, and repairs only when
//! Docker has not restarted it by then (its `on-failure` retries spent, say).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::readings::ContainerReading;

/// How long the monitor waits for Docker's restart policy to restart a crashed container: its
/// longest delay between restarts (a minute) and a margin.
pub const DOCKER_RESTART_WAIT: Duration = Duration::from_secs(75);

/// Waits under way at most; past it the oldest are forgotten (a wait forgotten is waited anew).
const WAITS_KEPT: usize = 4096;

/// The policy by which Docker restarts `container`, stopped by a crash, itself: `always` and
/// `unless-stopped` after any exit that was no `docker stop`, `on-failure` after a non-zero one.
/// None when Docker leaves it stopped (`no`, no policy, or one this does not know).
pub fn docker_restarts(container: &ContainerReading) -> Option<&str> {
    let stopped = container.state == "exited" || container.state == "dead";
    if !stopped {
        return None;
    }
    let policy = container.restart_policy.as_deref()?;
    let restarts = match policy {
        "always" | "unless-stopped" => true,
        "on-failure" => container.oom_killed || container.exit_code.is_some_and(|code| code != 0),
        _ => false,
    };
    restarts.then_some(policy)
}

/// Waits for Docker's restart policy, by incident.
#[derive(Debug, Default)]
pub struct PolicyWaits {
    since: HashMap<String, Instant>,
}

impl PolicyWaits {
    /// Until when the repair of `incident_id` waits for Docker, seen at `now`: the wait begins
    /// the first time it is asked; None once it has passed (the wait is over and forgotten, so a
    /// later crash waits anew).
    pub fn wait_until(&mut self, incident_id: &str, now: Instant) -> Option<Instant> {
        if !self.since.contains_key(incident_id) && self.since.len() >= WAITS_KEPT {
            let oldest = self
                .since
                .iter()
                .min_by_key(|(_, since)| **since)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                self.since.remove(&oldest);
            }
        }
        let since = *self.since.entry(incident_id.to_owned()).or_insert(now);
        let until = since + DOCKER_RESTART_WAIT;
        if now < until {
            Some(until)
        } else {
            self.since.remove(incident_id);
            None
        }
    }

    /// The wait of `incident_id` is over (its incident closed): whether it was waiting.
    pub fn forget(&mut self, incident_id: &str) -> bool {
        self.since.remove(incident_id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exited(code: i64, policy: Option<&str>) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: "exited".to_owned(),
            status: format!("Exited ({code}) 1 second ago"),
            health: None,
            exit_code: Some(code),
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: None,
            stop_signal: None,
            restart_policy: policy.map(str::to_owned),
        }
    }

    #[test]
    fn docker_restarts_a_crashed_container_by_its_policy() {
        for policy in ["always", "unless-stopped", "on-failure"] {
            assert_eq!(docker_restarts(&exited(1, Some(policy))), Some(policy));
        }
        // `on-failure` leaves a clean exit stopped, but not a kill for memory.
        assert_eq!(docker_restarts(&exited(0, Some("on-failure"))), None);
        let oom = ContainerReading {
            oom_killed: true,
            ..exited(137, Some("on-failure"))
        };
        assert_eq!(docker_restarts(&oom), Some("on-failure"));
        // No policy, `no`, one unknown: Docker leaves it stopped.
        for policy in [None, Some("no"), Some(""), Some("sometimes")] {
            assert_eq!(docker_restarts(&exited(1, policy)), None, "{policy:?}");
        }
        // Only a stopped container is Docker's to restart.
        let running = ContainerReading {
            state: "running".to_owned(),
            ..exited(1, Some("always"))
        };
        assert_eq!(docker_restarts(&running), None);
    }

    #[test]
    fn the_wait_for_docker_is_bounded_and_begins_anew_after_it_passed() {
        let mut waits = PolicyWaits::default();
        let start = Instant::now();
        let until = start + DOCKER_RESTART_WAIT;
        assert_eq!(waits.wait_until("i1", start), Some(until));
        assert_eq!(
            waits.wait_until("i1", start + Duration::from_secs(30)),
            Some(until)
        );
        // Past the wait: repaired; a later crash of the same incident waits again.
        let later = until + Duration::from_secs(1);
        assert_eq!(waits.wait_until("i1", until), None);
        assert_eq!(
            waits.wait_until("i1", later),
            Some(later + DOCKER_RESTART_WAIT)
        );
        assert!(waits.forget("i1"));
        assert!(!waits.forget("i1"));
        assert!(waits.since.is_empty());
        // Bounded: the oldest wait is forgotten first.
        for i in 0..WAITS_KEPT + 10 {
            waits.wait_until(&format!("w{i}"), start + Duration::from_millis(i as u64));
        }
        assert_eq!(waits.since.len(), WAITS_KEPT);
        assert!(!waits.since.contains_key("w0"));
        assert!(waits.since.contains_key(&format!("w{}", WAITS_KEPT + 9)));
    }
}
