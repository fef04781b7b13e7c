//! What is wrong with one container, judged the same way when a sweep looks for findings and when
//! a repair is verified: stopped with a crash's exit code or killed for memory, unhealthy, or
//! looping in Docker's own restart policy. A clean exit (0) is no fault, even of a run Docker
//! flags `OOMKilled` (a child process killed for memory; the container's own ended by itself). An exit by a signal
//! (137 for SIGKILL, 143 for SIGTERM, 128 + its own `StopSignal`) is a stop only when a stop was
//! recorded: the event stream saw a signal that stops it sent to this run (`docker stop`,
//! `docker kill`; `docker stop`'s SIGKILL after its timeout included). The same exit without one
//! is a crash: SIGKILL from outside Docker (the kernel's OOM killer Docker did not flag, `kill -9`
//! on the host) is no one's decision to stop it. Killed for memory (the kernel's `OOMKilled` flag
//! Docker reports, or an `oom` event of this run) is always a crash, whoever sent what. Nor is a
//! paused container's failing health check a fault, nor one that fails while the container shuts
//! down after its stop signal. A run's exit by a stop signal when the monitor cannot have seen
//! whether one was sent (the run began before Warden followed Docker's events without a break) is
//! not proven a crash: it is taken for a stop and left alone (fail closed).

use super::evaluate::Severity;
use super::events::{Stop, own_stop_signal};
use super::readings::ContainerReading;
use warden_protocol::FindingKind;

/// A clean exit: the container's work is done (a job), no crash.
const CLEAN_EXIT: i64 = 0;
/// SIGKILL's number: `docker kill`'s default, and what `docker stop` sends when its timeout has
/// passed (exit 137).
const SIGKILL: i64 = 9;
/// SIGTERM's number: `docker stop`'s signal without a `StopSignal` (exit 143).
const SIGTERM: i64 = 15;

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
    // Docker's `OOMKilled` (and the `oom` event) say the kernel killed a process of the
    // container's cgroup during the run, not that it killed the container's own process: one
    // that exited 0 ended by itself, its work done, after a child of it was killed (Docker flags
    // that run too). A clean exit is no crash, flagged or not; the kernel's kill of the
    // container's own process exits 137.
    let clean = container.exit_code == Some(CLEAN_EXIT);
    let oom = stopped && !clean && (container.oom_killed || seen.oom);
    // Told to stop by a signal and ended by it (128 + its number, as for SIGINT's 130 or
    // SIGQUIT's 131 when that is the container's `StopSignal`), or by the SIGKILL `docker stop`
    // sends once its timeout has passed: an operator's stop.
    // Not seen whether it was told: an exit by SIGKILL, SIGTERM or its own stop signal may be
    // `docker stop` or `docker kill` (fail closed).
    // Seen that it was not told: no exit is a stop, 137 and 143 included (a SIGKILL from outside
    // Docker is no one's stop of the container).
    // A program that handles its stop signal may end with a code of its own choosing (1 from a
    // handler that calls `exit(1)`, 2 from a shell script's `trap`): an exit below 128 after a
    // stop signal reached this run is that stop too, as Docker itself sees it (it never restarts
    // a container its operator stopped, whatever the code). An exit by another signal (above
    // 128) must be the one sent.
    let stopped_by_signal = |code: i64| match seen.stop {
        Stop::Requested { signal, .. } => {
            (1..128).contains(&code) || code.saturating_sub(128) == signal || code == 128 + SIGKILL
        }
        Stop::Unseen => {
            code == 128 + SIGKILL
                || code == 128 + SIGTERM
                || own_stop_signal(container).is_some_and(|signal| code == 128 + signal)
        }
        Stop::None => false,
    };
    let crashed = stopped
        && (oom
            || container
                .exit_code
                .is_some_and(|code| code != CLEAN_EXIT && !stopped_by_signal(code)));
    if crashed {
        let code = container.exit_code.unwrap_or_default();
        let why = if oom {
            format!("was killed for memory (exit code {code}, OOMKilled)")
        } else if let Some(signal) = killed_by(code) {
            format!(
                "exited with code {code} (killed by {signal} with no stop of it recorded, and \
                 Docker reports no OOMKilled: not a docker stop or docker kill)"
            )
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
            why: if container.oom_killed {
                format!(
                    "is restarting in a loop ({}; its last run was killed for memory, OOMKilled)",
                    container.status
                )
            } else {
                format!("is restarting in a loop ({})", container.status)
            },
        });
    }
    None
}

/// The signal an exit code of 128 + N says ended the container, for the two a stop sends.
fn killed_by(code: i64) -> Option<&'static str> {
    match code.saturating_sub(128) {
        SIGKILL => Some("SIGKILL"),
        SIGTERM => Some("SIGTERM"),
        _ => None,
    }
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
        // 137 with the kernel's flag: killed for memory.
        assert_eq!(
            why(&container("exited", Some(137), true), false).as_deref(),
            Some("was killed for memory (exit code 137, OOMKilled)")
        );
        // 137 or 143 with no stop of this run recorded (the stream was followed since it
        // began): a SIGKILL or SIGTERM from outside Docker, a crash.
        for code in [137, 143] {
            let crash = why(&container("exited", Some(code), false), false);
            assert!(
                crash.as_deref().is_some_and(|w| w
                    .starts_with(&format!("exited with code {code} (killed by SIG"))
                    && w.contains("no stop of it recorded")),
                "{code}: {crash:?}"
            );
        }
        // A clean exit is no crash.
        assert_eq!(why(&container("exited", Some(0), false), false), None);
        // Nor when Docker flags the run `OOMKilled`, or an `oom` event struck it: the kernel
        // killed a child of it, and its own process ended by itself, its work done. Whatever
        // the state that lists it stopped, and any other code, is still a kill for memory.
        for state in ["exited", "dead"] {
            assert_eq!(
                why(&container(state, Some(0), true), false),
                None,
                "{state}"
            );
            assert_eq!(
                why(&container(state, Some(0), false), true),
                None,
                "{state}"
            );
            assert_eq!(why(&container(state, Some(0), true), true), None, "{state}");
        }
        for code in [Some(1), Some(255), None] {
            assert_eq!(
                why(&container("exited", code, true), false).as_deref(),
                Some(
                    format!(
                        "was killed for memory (exit code {}, OOMKilled)",
                        code.unwrap_or_default()
                    )
                    .as_str()
                ),
                "{code:?}"
            );
        }
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
        // Looping because each run is killed for memory: said so.
        assert!(
            container_fault(&container("restarting", None, true), Seen::default()).is_some_and(
                |f| f.kind == FindingKind::ContainerRestarting
                    && f.why
                        .ends_with("its last run was killed for memory, OOMKilled)")
            )
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
        // A code of its own after the stop signal (its handler exits 1): the stop all the same.
        assert_eq!(
            why(&container("exited", Some(1), false), stopped(2, true)),
            None
        );
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

    #[test]
    fn only_a_recorded_stop_makes_137_or_143_deliberate() {
        let seen = |stop: Stop, oom: bool| Seen { oom, stop };
        let sent = |signal: i64| Stop::Requested {
            signal,
            recent: false,
        };
        let fault =
            |code: i64, seen: Seen| container_fault(&container("exited", Some(code), false), seen);
        // `docker stop` (SIGTERM: 143; past its timeout, SIGKILL: 137) and `docker kill`
        // (SIGKILL: 137): stops.
        assert_eq!(fault(143, seen(sent(15), false)), None);
        assert_eq!(fault(137, seen(sent(15), false)), None);
        assert_eq!(fault(137, seen(sent(9), false)), None);
        // Its own stop signal sent (SIGINT), then SIGKILL past the timeout: a stop.
        assert_eq!(fault(137, seen(sent(2), false)), None);
        // A SIGKILL recorded does not explain a SIGTERM exit the container was not sent.
        assert!(fault(143, seen(sent(9), false)).is_some());
        // A program that handles SIGTERM and exits with a code of its own (1, 2, 3): a stop.
        for code in [1, 2, 3, 127] {
            assert_eq!(fault(code, seen(sent(15), false)), None, "{code}");
            assert_eq!(fault(code, seen(sent(2), false)), None, "{code}");
        }
        // The same codes with no stop recorded, or not known: crashes.
        for code in [1, 2, 3, 127] {
            assert!(fault(code, seen(Stop::None, false)).is_some(), "{code}");
            assert!(fault(code, seen(Stop::Unseen, false)).is_some(), "{code}");
        }
        // Killed for memory after the stop: still a crash.
        assert!(fault(1, seen(sent(15), true)).is_some());
        // Nothing recorded while the stream was followed: crashes.
        assert!(fault(137, seen(Stop::None, false)).is_some());
        assert!(fault(143, seen(Stop::None, false)).is_some());
        // Not known whether a stop was sent (its run began before the stream was followed):
        // not proven a crash, left alone.
        assert_eq!(fault(137, seen(Stop::Unseen, false)), None);
        assert_eq!(fault(143, seen(Stop::Unseen, false)), None);
        // An `oom` event of this run, or Docker's OOMKilled flag: killed for memory, whatever
        // stop was recorded or unseen.
        for stop in [Stop::None, Stop::Unseen, sent(9), sent(15)] {
            assert_eq!(
                fault(137, seen(stop, true)).map(|f| f.why).as_deref(),
                Some("was killed for memory (exit code 137, OOMKilled)"),
                "{stop:?}"
            );
            assert!(
                container_fault(&container("exited", Some(137), true), seen(stop, false))
                    .is_some_and(|f| f.why.contains("killed for memory")),
                "{stop:?}"
            );
        }
    }
}
