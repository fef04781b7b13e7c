//! What is wrong with one container, judged the same way when a sweep looks for findings and when
//! a repair is verified: stopped with a crash's exit code or killed for memory, unhealthy, or
//! looping in Docker's own restart policy. A clean exit (0) is no fault, even of a run Docker
//! flags `OOMKilled` (a child process killed for memory; the container's own ended by itself). An exit by a signal
//! (137 for SIGKILL, 143 for SIGTERM, 128 + its own `StopSignal`) is a stop only when a stop was
//! recorded: the event stream saw a signal that stops it sent to this run (`docker stop`,
//! `docker kill`; `docker stop`'s SIGKILL after its timeout included; a `stop` event), or any
//! other signal a user sent that ended it (`docker kill -s USR1` and exit 138, a foreground
//! `docker run`'s Ctrl-C passed on as SIGINT and exit 130; see [`super::events::Signals::stop`]).
//! The same exit without one
//! is a crash: SIGKILL from outside Docker (the kernel's OOM killer Docker did not flag, `kill -9`
//! on the host) is no one's decision to stop it. Killed for memory (the kernel's `OOMKilled` flag
//! Docker reports, or an `oom` event of this run) is always a crash, whoever sent what. Nor is a
//! paused container's failing health check a fault, nor one that fails while the container shuts
//! down after its stop signal. A run's exit by a stop signal when the monitor cannot have seen
//! whether one was sent (the run began before Warden followed Docker's events without a break) is
//! not proven a crash: it is taken for a stop and left alone (fail closed); its exit by any other
//! code (a stop handler's own, 1, 2, 130) is reported and never repaired, a human deciding. A
//! health check that
//! stays `starting` (it never passes, its start period is huge, or the check hangs) is judged
//! from the container's own health check settings and the time since it started: past its
//! start period (at most [`START_PERIOD_CAP_SECS`], [`STARTING_BOUND_SECS`] when it sets none)
//! and the retries Docker runs after it, it is `unhealthy-starting`, a `container_unhealthy`.

use super::evaluate::Severity;
use super::events::{Stop, own_stop_signal};
use super::readings::ContainerReading;
use warden_protocol::FindingKind;
use warden_protocol::readings::HealthCheckData;

/// A clean exit: the container's work is done (a job), no crash.
const CLEAN_EXIT: i64 = 0;

/// The highest signal number on Linux (`SIGRTMAX`).
const MAX_SIGNAL: i64 = 64;

/// SIGKILL's number: `docker kill`'s default, and what `docker stop` sends when its timeout has
/// passed (exit 137).
const SIGKILL: i64 = 9;
/// SIGTERM's number: `docker stop`'s signal without a `StopSignal` (exit 143).
const SIGTERM: i64 = 15;

/// Docker's interval between health checks when the container sets none.
const HEALTH_INTERVAL_SECS: u64 = 30;
/// Docker's timeout of one health check when the container sets none.
const HEALTH_TIMEOUT_SECS: u64 = 30;
/// Docker's failures in a row that make a container unhealthy when it sets none.
const HEALTH_RETRIES: u64 = 3;
/// How long a container whose health check sets no start period (or whose settings were not
/// read) may stay `starting` before Docker's retries are counted on top: Docker itself decides
/// within a few checks, so a check still `starting` past this never ran to an end.
pub const STARTING_BOUND_SECS: u64 = 600;
/// The longest start period taken at its word (`--health-start-period 1000h` never lets a
/// failing check count): past an hour, a health check that has not passed once is a fault.
pub const START_PERIOD_CAP_SECS: u64 = 3600;

/// A container's fault: the finding kind, its severity and what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerFault {
    pub kind: FindingKind,
    pub severity: Severity,
    /// Completes "container NAME ...".
    pub why: String,
    /// Why no repair is tried, when the fault is only reported and left to a human: an exit
    /// that may have been its operator's stop (see [`container_fault`]).
    pub not_repaired: Option<String>,
}

/// What the event stream said of a container besides its readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    /// Reported killed for memory (the inspected flag says the same once Docker has recorded
    /// the exit).
    pub oom: bool,
    /// Whether its current (or last) run was sent a signal that stops it.
    pub stop: Stop,
    /// Now, in Unix seconds, when the health of a container still `starting` is to be judged
    /// against the time since it started; None: not judged (a `starting` check is no fault).
    pub now: Option<i64>,
}

/// How long after it started a container's health may stay `starting` before that is a fault,
/// in seconds, given its health check settings (`check`, None when not read): its start period
/// (at most [`START_PERIOD_CAP_SECS`]; [`STARTING_BOUND_SECS`] when it sets none or they were not
/// read), then its retries, each an interval and a check's timeout, and one interval more.
pub fn starting_deadline_secs(check: Option<&HealthCheckData>) -> u64 {
    let start = check
        .and_then(|c| c.start_period_secs)
        .map_or(STARTING_BOUND_SECS, |period| {
            period.min(START_PERIOD_CAP_SECS)
        });
    start.saturating_add(retries_secs(check))
}

/// How long after it started Docker itself decides a container's health by its settings
/// (`check`): its start period (at most [`START_PERIOD_CAP_SECS`]; none: 0), then its retries.
/// A repair's verification waits that long for a check still `starting` to pass.
pub fn health_decided_secs(check: &HealthCheckData) -> u64 {
    check
        .start_period_secs
        .unwrap_or(0)
        .min(START_PERIOD_CAP_SECS)
        .saturating_add(retries_secs(Some(check)))
}

/// Docker's retries of a check after its start period: each an interval and a check's timeout,
/// and one interval more (Docker's defaults where `check` sets none, or sets 0: Docker writes 0
/// for a setting left at its default and runs the check with the default).
fn retries_secs(check: Option<&HealthCheckData>) -> u64 {
    let check = check.cloned().unwrap_or_default();
    let interval = docker_setting(check.interval_secs, HEALTH_INTERVAL_SECS);
    let timeout = docker_setting(check.timeout_secs, HEALTH_TIMEOUT_SECS);
    let retries = docker_setting(check.retries, HEALTH_RETRIES);
    retries
        .saturating_mul(interval.saturating_add(timeout))
        .saturating_add(interval)
}

/// A health check setting as Docker runs it: its own value, or `default` when it sets none or 0.
fn docker_setting(value: Option<u64>, default: u64) -> u64 {
    value.filter(|&v| v > 0).unwrap_or(default)
}

/// How long `container`, running with its health still `starting`, has been so past its
/// [`starting_deadline_secs`]: the seconds since it started, when that is past the deadline.
fn stuck_starting(container: &ContainerReading, now: i64) -> Option<u64> {
    if container.state != "running" || container.health.as_deref() != Some("starting") {
        return None;
    }
    let started = chrono::DateTime::parse_from_rfc3339(container.started_at.as_deref()?)
        .ok()?
        .timestamp();
    // Docker's zero time (`0001-01-01T00:00:00Z`): never started, nothing to judge.
    if started <= 0 {
        return None;
    }
    let elapsed = u64::try_from(now.checked_sub(started)?).ok()?;
    (elapsed > starting_deadline_secs(container.health_check.as_ref())).then_some(elapsed)
}

/// The words for a health check stuck `starting` for `elapsed` seconds.
fn starting_why(container: &ContainerReading, elapsed: u64) -> String {
    let check = container.health_check.clone().unwrap_or_default();
    let period = match (container.health_check.as_ref(), check.start_period_secs) {
        (None, _) => "its health check settings not read".to_owned(),
        (Some(_), None) => "no start period".to_owned(),
        (Some(_), Some(period)) if period > START_PERIOD_CAP_SECS => {
            format!("start period {period} s, taken as {START_PERIOD_CAP_SECS} s")
        }
        (Some(_), Some(period)) => format!("start period {period} s"),
    };
    format!(
        "is unhealthy-starting: its health check has stayed `starting` for {elapsed} s since it \
         started, past the {} s its settings allow ({period}, {} retries every {} s): it never \
         passed, or the check hangs",
        starting_deadline_secs(container.health_check.as_ref()),
        docker_setting(check.retries, HEALTH_RETRIES),
        docker_setting(check.interval_secs, HEALTH_INTERVAL_SECS),
    )
}

/// Why a Compose one-off run's fault is reported and never repaired: `docker compose run` ran
/// its task once, and a restart would run it again (a migration, a backup).
pub fn oneoff_note(name: &str) -> String {
    format!(
        "container {name} is a one-off run (docker compose run, labelled \
         com.docker.compose.oneoff=True): its task ran once, and a restart would run it again, \
         so it was not restarted"
    )
}

/// The fault of `container`, if any, given what the event stream said of it.
pub fn container_fault(container: &ContainerReading, seen: Seen) -> Option<ContainerFault> {
    // Never started: Docker could not run its command (see [`super::start_failures`]).
    if let Some(fault) = super::start_failures::start_failure(container) {
        return Some(fault);
    }
    let stopped = container.state == "exited" || container.state == "dead";
    // Stopped, then started again and the start failed (`docker restart`, `docker start`,
    // `docker compose up` of a container whose bind mount's source is gone): whoever sent the
    // stop signal wanted it running, so its exit is no operator's stop.
    if stopped && let Some(fault) = super::start_failures::failed_start_after_stop(container) {
        return Some(fault);
    }
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
    // Ctrl-C (or Ctrl-\) at a container's own terminal (`docker run -it`) reaches its program
    // through that terminal: it ends by SIGINT (130) or SIGQUIT (131), and Docker records no
    // signal. Its user stopped it.
    let at_its_terminal = |code: i64| interrupted_at_its_terminal(container, code);
    let stopped_by_signal = |code: i64| {
        at_its_terminal(code)
            || match seen.stop {
                Stop::Requested { signal, .. } | Stop::Unconfirmed { signal } => {
                    own_code(code) || code.saturating_sub(128) == signal || code == 128 + SIGKILL
                }
                Stop::Unseen | Stop::UnseenAtStart => {
                    code == 128 + SIGKILL
                        || code == 128 + SIGTERM
                        || own_stop_signal(container).is_some_and(|signal| code == 128 + signal)
                }
                Stop::None => false,
            }
    };
    let crashed = stopped
        && (oom
            || container
                .exit_code
                .is_some_and(|code| code != CLEAN_EXIT && !stopped_by_signal(code)));
    if crashed {
        let code = container.exit_code.unwrap_or_default();
        // Not seen whether it was told to stop: `docker stop` of a program that handles its
        // stop signal and exits with a code of its own (1, 2, 130 from a handler, a shell
        // script's `trap`) leaves exactly what a crash leaves, and nothing Docker records tells
        // them apart (a stop sent before Warden followed the events is in no reading; the
        // events Docker keeps are gone with a restart of the daemon). Reported, never
        // restarted: a human decides (fail closed; restarting what its operator stopped undoes
        // a decision). A kill for memory is a crash whoever sent what.
        // A run begun in the moment the monitor took up the stream is not: stopped within
        // seconds of its start, unseen, with a code of its own, is too unlikely.
        let unproven = !oom && matches!(seen.stop, Stop::Unseen) && code != CLEAN_EXIT;
        let why = if oom {
            format!("was killed for memory (exit code {code}, OOMKilled)")
        } else if let Some(signal) = killed_by(code) {
            format!(
                "exited with code {code} (killed by {signal} with no stop of it recorded, and \
                 Docker reports no OOMKilled: not a docker stop or docker kill)"
            )
        } else if unproven {
            format!(
                "exited with code {code} before Warden followed Docker's events (whether it was \
                 sent a stop is not known)"
            )
        } else {
            format!("exited with code {code}")
        };
        let not_repaired = unproven.then(|| {
            format!(
                "container {} exited with code {code} in a run that began before Warden followed \
                 Docker's events without a break (Warden was restarted since, or the event \
                 stream was down): a program's stop handler may end it with a code of its own \
                 after docker stop, so it may have been stopped on purpose; it is not restarted. Start \
                 it (docker start {}) if it crashed",
                container.name, container.name
            )
        });
        return Some(ContainerFault {
            kind: FindingKind::ContainerExited,
            severity: Severity::Critical,
            why,
            not_repaired,
        });
    }
    // Only a running container's health says anything: Docker cannot run the check in a
    // paused one (its exec is refused), so a container paused on purpose turns `unhealthy`,
    // and restarting it would undo the pause.
    // Nor does the health of one shutting down after its stop signal: a slow stop fails its
    // check on the way out, and a restart would undo the stop.
    let shutting_down = matches!(seen.stop, Stop::Requested { recent: true, .. });
    // Sent a stop signal longer ago than `docker stop` waits without `-t`, and running on: a
    // `docker kill -s TERM` its program ignored, or a longer `docker stop -t N`. Its failing
    // check is reported (never hidden), but not repaired: a restart could undo a stop.
    let unconfirmed = if let Stop::Unconfirmed { signal } = seen.stop {
        Some(format!(
            "signal {signal} was sent to it and it runs on with no SIGKILL nor stop since: a \
             docker stop -t N may still be waiting for it to end, so it is not restarted. If it \
             was docker kill -s (which a program may ignore), restart it (docker restart {})",
            container.name
        ))
    } else {
        None
    };
    if container.state == "running"
        && container.health.as_deref() == Some("unhealthy")
        && !shutting_down
    {
        return Some(ContainerFault {
            kind: FindingKind::ContainerUnhealthy,
            severity: Severity::Warning,
            why: "is unhealthy".to_owned(),
            not_repaired: unconfirmed,
        });
    }
    // A health check that never leaves `starting`: Docker never calls it unhealthy (its start
    // period is huge, or the check hangs), so the time since the container started decides.
    if !shutting_down && let Some(elapsed) = seen.now.and_then(|now| stuck_starting(container, now))
    {
        return Some(ContainerFault {
            kind: FindingKind::ContainerUnhealthy,
            severity: Severity::Warning,
            why: starting_why(container, elapsed),
            not_repaired: unconfirmed,
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
            not_repaired: None,
        });
    }
    None
}

/// SIGINT's and SIGQUIT's exits: Ctrl-C and Ctrl-\ at a terminal.
const TERMINAL_INTERRUPTS: [i64; 2] = [130, 131];

/// Whether `container` has a terminal of its own (`docker run -t`) and exited by `code` as its
/// program does when Ctrl-C or Ctrl-\ is pressed at that terminal (130, 131): its user stopped
/// it there, and Docker records no signal for that (without a terminal, the client passes
/// Ctrl-C on as a `kill` event).
pub fn interrupted_at_its_terminal(container: &ContainerReading, code: i64) -> bool {
    container.tty && TERMINAL_INTERRUPTS.contains(&code)
}

/// Whether `code` is an exit code a program chose itself, not 128 + the signal that ended it
/// (Linux's signals are 1 to 64, so 129 to 192): below 129, from 193 (`exit(-1)` is 255), or
/// outside a byte altogether (Docker on Linux reports 0 to 255; a Windows container's
/// `0xC000013A`, another runtime's `-1`, is no signal's). After a stop signal reached the run,
/// such an exit is that stop's, as 1 or 2 from a stop handler is.
fn own_code(code: i64) -> bool {
    code != CLEAN_EXIT && !(128 + 1..=128 + MAX_SIGNAL).contains(&code)
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
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: None,
            health_check: None,
            start_error: None,
            compose_oneoff: false,
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
            now: None,
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
            now: None,
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
        let seen = |stop: Stop, oom: bool| Seen {
            oom,
            stop,
            now: None,
        };
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
        // So is any code no signal gives (128 + 1 to 64): 128, `exit(-1)`'s 255, and the codes
        // outside a byte a Windows container or another runtime reports.
        for code in [
            1,
            2,
            3,
            127,
            128,
            193,
            255,
            -1,
            256,
            399,
            3_221_225_786,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(fault(code, seen(sent(15), false)), None, "{code}");
            assert_eq!(fault(code, seen(sent(2), false)), None, "{code}");
        }
        // An exit by a signal other than the one sent (a real-time signal's 192 included) is no
        // stop of it.
        for code in [139, 134, 192] {
            assert!(fault(code, seen(sent(15), false)).is_some(), "{code}");
        }
        // The same codes with no stop recorded: crashes, repaired.
        for code in [1, 2, 3, 127, 130, 139, 255, -1, 3_221_225_786] {
            let crash = fault(code, seen(Stop::None, false));
            assert!(
                crash.as_ref().is_some_and(|f| f.not_repaired.is_none()),
                "{code}: {crash:?}"
            );
        }
        // Not known whether a stop was sent (Warden restarted since): any code of its own may
        // be a stop handler's, so it is reported and never repaired; a kill for memory is a
        // crash still, and a clean exit nothing.
        for code in [1, 2, 3, 127, 130, 139, 255] {
            let unproven = fault(code, seen(Stop::Unseen, false));
            assert!(
                unproven.as_ref().is_some_and(|f| {
                    f.kind == FindingKind::ContainerExited
                        && f.why.contains(&format!("exited with code {code}"))
                        && f.not_repaired.as_deref().is_some_and(|why| {
                            why.contains("may have been stopped on purpose")
                                && why.contains("docker start web")
                        })
                }),
                "{code}: {unproven:?}"
            );
            assert!(
                fault(code, seen(Stop::Unseen, true)).is_some_and(|f| f.not_repaired.is_none()),
                "{code}"
            );
        }
        assert_eq!(fault(0, seen(Stop::Unseen, false)), None);
        // Begun in the moment the stream was taken up: an exit by a stop signal is not proven
        // a crash, a code of its own is one, repaired.
        assert_eq!(fault(143, seen(Stop::UnseenAtStart, false)), None);
        assert_eq!(fault(137, seen(Stop::UnseenAtStart, false)), None);
        for code in [1, 2, 3, 130] {
            assert!(
                fault(code, seen(Stop::UnseenAtStart, false))
                    .is_some_and(|f| f.not_repaired.is_none()),
                "{code}"
            );
        }
        assert!(
            container_fault(
                &container("exited", Some(1), true),
                seen(Stop::Unseen, false)
            )
            .is_some_and(|f| f.not_repaired.is_none() && f.why.contains("killed for memory"))
        );
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

    #[test]
    fn a_health_check_stuck_starting_past_what_its_settings_allow_is_unhealthy_starting() {
        let started = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or_default();
        let starting = |check: Option<HealthCheckData>| ContainerReading {
            health: Some("starting".to_owned()),
            started_at: Some("2026-12-01T10:00:00.123456789+00:00".to_owned()),
            finished_at: None,
            health_check: check,
            ..container("running", None, false)
        };
        let at = |c: &ContainerReading, secs: i64, stop: Stop| {
            container_fault(
                c,
                Seen {
                    oom: false,
                    stop,
                    now: Some(started + secs),
                },
            )
        };
        // No start period: the bound, then Docker's three retries of 30 s + 30 s and one
        // interval more.
        let plain = starting(Some(HealthCheckData::default()));
        assert_eq!(starting_deadline_secs(plain.health_check.as_ref()), 810);
        assert_eq!(at(&plain, 800, Stop::None), None);
        let fault = at(&plain, 900, Stop::None);
        assert_eq!(
            fault.as_ref().map(|f| (f.kind, f.severity)),
            Some((FindingKind::ContainerUnhealthy, Severity::Warning))
        );
        assert!(
            fault.as_ref().is_some_and(|f| f.why.starts_with(
                "is unhealthy-starting: its health check has stayed `starting` for 900 s"
            ) && f.why.contains("no start period")),
            "{fault:?}"
        );
        // Its own start period (5 min), retries (2) and interval (10 s), timeout 5 s: 5 min
        // and 40 s.
        let own = starting(Some(HealthCheckData {
            interval_secs: Some(10),
            timeout_secs: Some(5),
            start_period_secs: Some(300),
            retries: Some(2),
        }));
        assert_eq!(at(&own, 340, Stop::None), None);
        assert_eq!(
            own.health_check.as_ref().map(health_decided_secs),
            Some(340)
        );
        assert_eq!(health_decided_secs(&HealthCheckData::default()), 210);
        assert!(at(&own, 341, Stop::None).is_some_and(|f| f.why.contains("start period 300 s")));
        // Interval, timeout and retries written 0 are Docker's defaults (30 s, 30 s, 3), as it
        // runs them: a check with a start period of a minute is decided 4 min 30 s after.
        let zeros = starting(Some(HealthCheckData {
            interval_secs: Some(0),
            timeout_secs: Some(0),
            start_period_secs: Some(60),
            retries: Some(0),
        }));
        assert_eq!(starting_deadline_secs(zeros.health_check.as_ref()), 270);
        assert_eq!(
            zeros.health_check.as_ref().map(health_decided_secs),
            Some(270)
        );
        assert_eq!(at(&zeros, 200, Stop::None), None);
        assert!(
            at(&zeros, 300, Stop::None).is_some_and(|f| f.why.contains("3 retries every 30 s")),
            "{:?}",
            at(&zeros, 300, Stop::None)
        );
        // `--health-start-period 1000h`: taken as an hour, never a thousand.
        let huge = starting(Some(HealthCheckData {
            start_period_secs: Some(3_600_000),
            ..HealthCheckData::default()
        }));
        assert_eq!(at(&huge, 3000, Stop::None), None);
        assert!(
            at(&huge, 7200, Stop::None)
                .is_some_and(|f| f.why.contains("start period 3600000 s, taken as 3600 s"))
        );
        // Settings not read: the bound, with Docker's defaults.
        let unread = starting(None);
        assert_eq!(at(&unread, 600, Stop::None), None);
        assert!(at(&unread, 86_400, Stop::None).is_some_and(|f| f.why.contains("not read")));
        // Not judged without a time, nor while it shuts down after its stop signal, nor when
        // it is paused, healthy or has no health check; a start time unknown or in the future
        // (a clock behind) is no fault either.
        assert_eq!(container_fault(&unread, Seen::default()), None);
        assert_eq!(
            at(
                &unread,
                86_400,
                Stop::Requested {
                    signal: 15,
                    recent: true
                }
            ),
            None
        );
        for (state, health) in [
            ("paused", Some("starting")),
            ("running", Some("healthy")),
            ("running", None),
        ] {
            let other = ContainerReading {
                state: state.to_owned(),
                health: health.map(str::to_owned),
                ..unread.clone()
            };
            assert_eq!(at(&other, 86_400, Stop::None), None, "{state} {health:?}");
        }
        for started_at in [None, Some("yesterday"), Some("0001-01-01T00:00:00Z")] {
            let other = ContainerReading {
                started_at: started_at.map(str::to_owned),
                finished_at: None,
                ..unread.clone()
            };
            assert_eq!(at(&other, 86_400, Stop::None), None, "{started_at:?}");
        }
        assert_eq!(at(&unread, -86_400, Stop::None), None);
    }
}
