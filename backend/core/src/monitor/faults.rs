//! What is wrong with one container, judged the same way when a sweep looks for findings and when
//! a repair is verified: stopped with a crash's exit code or killed for memory, unhealthy, or
//! looping in Docker's own restart policy. A `docker stop` or `docker kill` (0, 137 or 143
//! without the kernel's OOM flag, or the exit by the container's own stop signal after that
//! signal was sent to it) is not a fault, nor is a paused container's failing health check, nor
//! one that fails while the container shuts down after its stop signal. A run's exit by its own
//! stop signal when the monitor cannot have seen whether that signal was sent (the run began
//! before Warden followed Docker's events without a break) is not proven a crash: it is taken for
//! a stop and left alone (fail closed).

use super::evaluate::Severity;
use super::events::{Stop, own_stop_signal};
use super::readings::ContainerReading;
use warden_protocol::FindingKind;

/// Exit codes of a deliberate stop (`docker stop`, `docker kill`): not a crash unless the kernel
/// killed the container for memory.
const DELIBERATE_EXITS: &[i64] = &[0, 137, 143];

/// A container's fault: the finding kind, its severity and what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerFault {
    pub kind: FindingKind,
    pub severity: Severity,
    /// Completes "container NAME ...".
    pub why: String,
}

/// What the event stream said of a container besides its readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    /// Reported killed for memory (the inspected flag says the same once Docker has recorded
    /// the exit).
    pub oom: bool,
    /// Whether its current (or last) run was sent a signal that stops it.
    pub stop: Stop,
}

/// The fault of `container`, if any, given what the event stream said of it.
pub fn container_fault(container: &ContainerReading, seen: Seen) -> Option<ContainerFault> {
    let stopped = container.state == "exited" || container.state == "dead";
    let oom = stopped && (container.oom_killed || seen.oom);
    // Told to stop by a signal and ended by it (128 + its number, as for SIGINT's 130 or
    // SIGQUIT's 131 when that is the container's `StopSignal`): an operator's stop.
    // Not seen whether it was told: an exit by its own stop signal may be `docker stop`.
    let stopped_by_signal = |code: i64| match seen.stop {
        Stop::Requested { signal, .. } => code == 128 + signal,
        Stop::Unseen => own_stop_signal(container).is_some_and(|signal| code == 128 + signal),
        Stop::None => false,
    };
    let crashed = stopped
        && (oom
            || container
                .exit_code
                .is_some_and(|code| !DELIBERATE_EXITS.contains(&code) && !stopped_by_signal(code)));
    if crashed {
        let code = container.exit_code.unwrap_or_default();
        let why = if oom {
            format!("was killed for memory (exit code {code}, OOMKilled)")
        } else {
            format!("exited with code {code}")
        };
        return Some(ContainerFault {
            kind: FindingKind::ContainerExited,
            severity: Severity::Critical,
            why,
        });
    }
    // Only a running container's health says anything: Docker cannot run the check in a
    // paused one (its exec is refused), so a container paused on purpose turns `unhealthy`,
    // and restarting it would undo the pause.
    // Nor does the health of one shutting down after its stop signal: a slow stop fails its
    // check on the way out, and a restart would undo the stop.
    let shutting_down = matches!(seen.stop, Stop::Requested { recent: true, .. });
    if container.state == "running"
        && container.health.as_deref() == Some("unhealthy")
        && !shutting_down
    {
        return Some(ContainerFault {
            kind: FindingKind::ContainerUnhealthy,
            severity: Severity::Warning,
            why: "is unhealthy".to_owned(),
        });
    }
    if container.state == "restarting" {
        return Some(ContainerFault {
            kind: FindingKind::ContainerRestarting,
            severity: Severity::Warning,
            why: format!("is restarting in a loop ({})", container.status),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(state: &str, exit_code: Option<i64>, oom_killed: bool) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: state.to_owned(),
            status: "Restarting (1) 2 seconds ago".to_owned(),
            health: None,
            exit_code,
            autoheal: true,
            oom_killed,
            restart_count: Some(0),
            started_at: None,
            stop_signal: None,
            restart_policy: None,
        }
    }

    #[test]
    fn a_kill_for_memory_is_a_crash_a_stop_is_not() {
        let why = |c: &ContainerReading, oom: bool| {
            container_fault(
                c,
                Seen {
                    oom,
                    ..Seen::default()
                },
            )
            .map(|f| f.why)
        };
        // 137 with the kernel's flag: killed for memory; without it: `docker stop` or `kill`.
        assert_eq!(
            why(&container("exited", Some(137), true), false).as_deref(),
            Some("was killed for memory (exit code 137, OOMKilled)")
        );
        assert_eq!(why(&container("exited", Some(137), false), false), None);
        assert_eq!(why(&container("exited", Some(143), false), false), None);
        assert_eq!(why(&container("exited", Some(0), false), false), None);
        // The event stream's word counts before Docker has recorded the flag.
        assert!(why(&container("exited", Some(137), false), true).is_some());
        assert_eq!(
            why(&container("exited", Some(3), false), false).as_deref(),
            Some("exited with code 3")
        );
        assert_eq!(
            container_fault(&container("restarting", None, false), Seen::default()).map(|f| f.kind),
            Some(FindingKind::ContainerRestarting)
        );
        // A running container keeps an old OOM flag; it is not a fault while it runs.
        assert_eq!(why(&container("running", None, true), false), None);
        let mut sick = container("running", None, false);
        sick.health = Some("unhealthy".to_owned());
        assert_eq!(
            container_fault(&sick, Seen::default()).map(|f| (f.kind, f.severity)),
            Some((FindingKind::ContainerUnhealthy, Severity::Warning))
        );
        // Paused on purpose: its check cannot run and fails; not a fault to restart away.
        let mut paused = container("paused", None, false);
        paused.health = Some("unhealthy".to_owned());
        assert_eq!(container_fault(&paused, Seen::default()), None);
    }

    #[test]
    fn an_exit_by_the_stop_signal_it_was_sent_is_a_stop_and_a_stopping_container_is_not_sick() {
        let stopped = |signal: i64, recent: bool| Seen {
            oom: false,
            stop: Stop::Requested { signal, recent },
        };
        let why = |c: &ContainerReading, seen: Seen| container_fault(c, seen).map(|f| f.why);
        // `docker stop` of a container whose StopSignal is SIGINT (130) or SIGQUIT (131).
        assert_eq!(
            why(&container("exited", Some(130), false), stopped(2, true)),
            None
        );
        assert_eq!(
            why(&container("exited", Some(131), false), stopped(3, false)),
            None
        );
        // The same exits without that signal sent to it are crashes, as is another code.
        assert_eq!(
            why(&container("exited", Some(130), false), Seen::default()).as_deref(),
            Some("exited with code 130")
        );
        assert!(why(&container("exited", Some(131), false), stopped(2, true)).is_some());
        assert!(why(&container("exited", Some(1), false), stopped(2, true)).is_some());
        // Whether it was sent its stop signal is unknown (its run began before Warden followed
        // Docker's events, as after Warden restarts): its exit by that signal is not proven a
        // crash and left alone; another exit code is a crash.
        let mut sigint = container("exited", Some(130), false);
        sigint.stop_signal = Some("SIGINT".to_owned());
        let unseen = Seen {
            oom: false,
            stop: Stop::Unseen,
        };
        assert_eq!(why(&sigint, unseen), None);
        assert!(why(&container("exited", Some(130), false), unseen).is_some());
        sigint.exit_code = Some(1);
        assert!(why(&sigint, unseen).is_some());
        sigint.exit_code = Some(130);
        sigint.oom_killed = true;
        assert!(why(&sigint, unseen).is_some());
        // Killed for memory while being stopped is still a kill for memory.
        assert!(why(&container("exited", Some(130), true), stopped(2, true)).is_some());
        // Its health check failing while it shuts down: no fault; long after the signal, one.
        let mut slow = container("running", None, false);
        slow.health = Some("unhealthy".to_owned());
        assert_eq!(container_fault(&slow, stopped(2, true)), None);
        assert_eq!(
            container_fault(&slow, stopped(2, false)).map(|f| f.kind),
            Some(FindingKind::ContainerUnhealthy)
        );
    }
}
