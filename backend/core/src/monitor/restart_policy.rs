//! Docker's own restart policy. A container run with `--restart always`, `unless-stopped` or
//! `on-failure` (after a non-zero exit) is restarted by Docker itself after a crash, after a
//! delay that doubles from 100 ms up to a minute. Restarting it too races Docker (two restarts of
//! one crash, the repair taken for failed when Docker's start lands during the verification): the
//! monitor waits for Docker instead, for [`DOCKER_RESTART_WAIT`] at most, and repairs only when
//! Docker has not restarted it by then. Between two of its restarts Docker lists the container
//! `restarting`: its policy is at work. An `on-failure:N` policy whose N retries are spent
//! (the restart count has reached N) restarts nothing more: the monitor acts at once. A `dead`
//! container is started by no one: it can only be removed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::readings::ContainerReading;

/// How long the monitor waits for Docker's restart policy to restart a crashed container: its
/// longest delay between restarts (a minute) and a margin.
pub const DOCKER_RESTART_WAIT: Duration = Duration::from_secs(75);

/// Waits under way at most; past it the oldest are forgotten (a wait forgotten is waited anew).
const WAITS_KEPT: usize = 4096;

/// A restart policy as Docker's inspection reports it: its name, and the retry limit of
/// `on-failure:N` (None: no limit).
pub fn parse_policy(policy: &str) -> (&str, Option<i64>) {
    match policy.split_once(':') {
        Some((name, max)) => (name, max.trim().parse::<i64>().ok().filter(|max| *max > 0)),
        None => (policy, None),
    }
}

/// The policy by which Docker restarts `container` itself: listed `restarting` (Docker is
/// between two of its restarts: its policy is at work, whatever its name, which may not have
/// been read), or stopped by a crash with `always` or `unless-stopped` (after any exit that was
/// no `docker stop`) or `on-failure` (after a non-zero one, while its retry limit, `on-failure:N`,
/// is not spent: after N restarts Docker leaves it stopped). None when Docker leaves it stopped:
/// `no`, no policy, one this does not know, the retries spent, or `dead` (Docker cannot start a
/// dead container again).
pub fn docker_restarts(container: &ContainerReading) -> Option<&str> {
    if container.state == "restarting" {
        return Some(
            container
                .restart_policy
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("not read"),
        );
    }
    if container.state != "exited" {
        return None;
    }
    let policy = container.restart_policy.as_deref()?;
    let restarts = match parse_policy(policy) {
        ("always" | "unless-stopped", _) => true,
        ("on-failure", max) => {
            // Docker's `on-failure` reads the exit code alone: a run flagged `OOMKilled` that
            // exited 0 (a child killed for memory) is not restarted by it.
            let failed = match container.exit_code {
                Some(code) => code != 0,
                None => container.oom_killed,
            };
            failed && !retries_spent(container, max)
        }
        _ => false,
    };
    restarts.then_some(policy)
}

/// Whether Docker has spent the retries of an `on-failure:max` policy on `container` (its
/// restart count, since its last start by hand, has reached the limit). An unknown restart count
/// is taken for spent when there is a limit: acting then is safer than waiting for a restart
/// that may never come.
pub fn retries_spent(container: &ContainerReading, max: Option<i64>) -> bool {
    match (max, container.restart_count) {
        (None, _) => false,
        // A negative count wrapped past its bound (a proxy relaying Docker's count in 32 bits):
        // far past any limit, as unknown is.
        (Some(max), Some(count)) => count >= max || count < 0,
        (Some(_), None) => true,
    }
}

/// Waits for Docker's restart policy, by incident.
#[derive(Debug)]
pub struct PolicyWaits {
    since: HashMap<String, Instant>,
    /// How long each wait lasts ([`DOCKER_RESTART_WAIT`]).
    wait: Duration,
}

impl Default for PolicyWaits {
    fn default() -> Self {
        Self::new(DOCKER_RESTART_WAIT)
    }
}

impl PolicyWaits {
    /// Waits of `wait` each.
    pub fn new(wait: Duration) -> Self {
        Self {
            since: HashMap::new(),
            wait,
        }
    }

    /// How long each wait lasts.
    pub fn wait(&self) -> Duration {
        self.wait
    }

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
        let until = since + self.wait;
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
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: policy.map(str::to_owned),
            health_check: None,
            start_error: None,
            compose_oneoff: false,
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
        // A run flagged `OOMKilled` that exited 0 (a child of it killed for memory): Docker's
        // `on-failure` reads the exit code, and leaves it stopped.
        let child_oom = ContainerReading {
            oom_killed: true,
            ..exited(0, Some("on-failure"))
        };
        assert_eq!(docker_restarts(&child_oom), None);
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
        // Paused by an operator: no restart of anyone's.
        let paused = ContainerReading {
            state: "paused".to_owned(),
            ..exited(1, Some("always"))
        };
        assert_eq!(docker_restarts(&paused), None);
    }

    #[test]
    fn a_container_listed_restarting_is_docker_restarting_it() {
        for policy in [Some("always"), Some("on-failure:3"), None] {
            let restarting = ContainerReading {
                state: "restarting".to_owned(),
                status: "Restarting (1) 2 seconds ago".to_owned(),
                ..exited(1, policy)
            };
            assert_eq!(
                docker_restarts(&restarting),
                Some(policy.unwrap_or("not read")),
                "{policy:?}"
            );
        }
    }

    #[test]
    fn on_failure_retries_spent_leave_the_container_to_the_monitor() {
        let with = |policy: &str, count: Option<i64>| ContainerReading {
            restart_count: count,
            ..exited(1, Some(policy))
        };
        assert_eq!(parse_policy("on-failure:3"), ("on-failure", Some(3)));
        assert_eq!(parse_policy("on-failure:0"), ("on-failure", None));
        assert_eq!(parse_policy("on-failure"), ("on-failure", None));
        assert_eq!(parse_policy("on-failure:x"), ("on-failure", None));
        // Retries left: Docker restarts it.
        assert_eq!(
            docker_restarts(&with("on-failure:3", Some(2))),
            Some("on-failure:3")
        );
        // Spent (Docker stopped trying), or not known while there is a limit: not Docker's.
        assert_eq!(docker_restarts(&with("on-failure:3", Some(3))), None);
        assert_eq!(docker_restarts(&with("on-failure:3", Some(7))), None);
        assert_eq!(docker_restarts(&with("on-failure:3", None)), None);
        // A count that wrapped below 0 is past the limit, not short of it.
        assert_eq!(
            docker_restarts(&with("on-failure:3", Some(-2_147_483_648))),
            None
        );
        assert_eq!(docker_restarts(&with("on-failure:3", Some(-1))), None);
        // No limit: any count.
        assert_eq!(
            docker_restarts(&with("on-failure", Some(50))),
            Some("on-failure")
        );
        // A clean exit under `on-failure:N`: Docker leaves it stopped whatever the count.
        let clean = ContainerReading {
            restart_count: Some(0),
            ..exited(0, Some("on-failure:3"))
        };
        assert_eq!(docker_restarts(&clean), None);
    }

    #[test]
    fn a_dead_container_is_restarted_by_no_policy() {
        for policy in ["always", "unless-stopped", "on-failure"] {
            let dead = ContainerReading {
                state: "dead".to_owned(),
                ..exited(1, Some(policy))
            };
            assert_eq!(docker_restarts(&dead), None, "{policy}");
        }
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
