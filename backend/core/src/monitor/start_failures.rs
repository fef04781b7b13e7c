//! A container Docker could not start. `docker run` (or `docker start`) of a container whose
//! command cannot be run leaves it `created`, never started, with the exit code Docker recorded
//! for the failed start and its error (`State.Error`). Docker picks that code from the error's
//! words alone: 127 for ANY error containing "no such file or directory", 126 for "permission
//! denied", 128 otherwise. A bind mount whose source is gone (`error mounting "/tmp/x" to rootfs
//! at "/data": stat /tmp/x: no such file or directory`) is 127 as well as a command not found,
//! so the code is read only where Docker recorded no error; where it did, its text decides. A
//! container only created (`docker create`) keeps exit code 0 and is no fault.

use super::evaluate::Severity;
use super::faults::ContainerFault;
use super::readings::ContainerReading;
use warden_protocol::FindingKind;

/// Docker's exit code for a start whose error says "no such file or directory" (a command not
/// found, or a mount's source gone).
const COMMAND_NOT_FOUND: i64 = 127;
/// Docker's exit code for a start whose error says "permission denied" (a command not
/// invokable, or a mount refused).
const COMMAND_NOT_INVOKABLE: i64 = 126;

/// Why a failed start's command cannot run, when that is the fault: judged by Docker's error
/// when it recorded one (its code says only which words the error held), by the code alone when
/// it did not. None: the start failed for another reason (a mount, a port, the runtime), which
/// may clear, so it is repaired as a crash.
fn command_fault(code: i64, error: Option<&str>) -> Option<&'static str> {
    match error.map(str::trim).filter(|error| !error.is_empty()) {
        Some(error) => command_cannot_run(error),
        None => match code {
            COMMAND_NOT_FOUND => Some("its command was not found"),
            COMMAND_NOT_INVOKABLE => {
                Some("its command cannot be invoked: not executable, or permission denied")
            }
            _ => None,
        },
    }
}

/// The fault of a `created` container whose start failed (a nonzero exit code), if that is what
/// `container` is. A command not found or not invokable is reported and never restarted: a
/// restart runs the same command from the same image and fails the same way, so repairing it
/// would only loop until the budget is spent; the image or the command must change. A start the
/// runtime refused for another reason (a bind mount's source gone, whatever code Docker kept)
/// may succeed once that clears, and is repaired as a crash.
pub fn start_failure(container: &ContainerReading) -> Option<ContainerFault> {
    if container.state != "created" {
        return None;
    }
    let code = container.exit_code.filter(|code| *code != 0)?;
    let error = container.start_error.as_deref();
    let cause = command_fault(code, error);
    let shown = error.map(shown);
    let why = match (cause, &shown) {
        (Some(cause), _) => format!("could not be started (exit code {code}: {cause})"),
        (None, Some(shown)) => {
            format!("could not be started (exit code {code}: Docker refused its start: {shown})")
        }
        (None, None) => {
            format!("could not be started (exit code {code}: Docker refused its start)")
        }
    };
    let not_repaired = cause.map(|cause| {
        format!(
            "container {} could not be started ({cause}, exit code {code}): a restart runs the \
             same command from the same image and fails the same way, so it is not restarted; \
             correct its image or command, then start it (docker start {})",
            container.name, container.name
        )
    });
    Some(ContainerFault {
        kind: FindingKind::ContainerExited,
        severity: Severity::Critical,
        why,
        not_repaired,
    })
}

/// Docker's error as a finding shows it: a runtime's whole message may be long.
fn shown(error: &str) -> String {
    error.trim().chars().take(300).collect()
}

/// Words of a mount Docker or the runtime could not make: no fault of the command, whatever
/// else the error says (`stat /tmp/x: no such file or directory` is the mount's source).
const MOUNT_ERRORS: [&str; 8] = [
    "error mounting",
    "mount source path",
    "bind source path",
    "invalid mount config",
    "mount propagation",
    "mounting \"",
    "failed to mount",
    "while mounting",
];

/// Whether Docker's start error says the container's command cannot run, and why: not found
/// (`exec: "serve": executable file not found in $PATH`, `exec: "/app/run": stat /app/run: no
/// such file or directory`), not invokable (`exec /entrypoint.sh: permission denied`), or built
/// for another machine (`exec format error`), as OCI runtimes write it whatever code Docker
/// keeps. A mount's missing source or refused permission (`error mounting ...`, `bind source
/// path does not exist`) is no fault of the command: it may clear. Nor is a write the runtime
/// made to a file named `exec` (AppArmor's `/proc/self/attr/apparmor/exec: permission denied`).
fn command_cannot_run(error: &str) -> Option<&'static str> {
    let error = error.to_lowercase();
    if MOUNT_ERRORS.iter().any(|words| error.contains(words)) {
        return None;
    }
    // runc's `executable file not found in $PATH`, crun's ``executable file `serve` not found``.
    if error.contains("executable file not found")
        || (error.contains("executable file") && error.contains("not found"))
    {
        return Some("its command was not found");
    }
    if error.contains("exec format error") {
        return Some("its command was built for another machine (exec format error)");
    }
    if !names_exec(&error) {
        return None;
    }
    if error.contains("no such file or directory") {
        Some("its command was not found")
    } else if error.contains("permission denied") {
        Some("its command cannot be invoked: not executable, or permission denied")
    } else {
        None
    }
}

/// Whether a (lower-cased) runtime error names the exec of the container's command: `exec:
/// "/app/run"` or `exec /entrypoint.sh`, the word on its own, not the tail of a path
/// (`attr/apparmor/exec:`) or of another word.
fn names_exec(error: &str) -> bool {
    error.match_indices("exec").any(|(at, _)| {
        let before = error[..at].chars().next_back();
        let after = &error[at + "exec".len()..];
        before.is_none_or(|c| c.is_whitespace() || c == '"' || c == ':' || c == '(')
            && (after.starts_with(": ") || after.starts_with(" /") || after.starts_with(" \""))
    })
}

/// The fault of a stopped container whose last start failed after its run was stopped: Docker
/// records the start's error (`State.Error`) and sets the exit code from its words (127 for a
/// bind mount's source gone, not the stop's 143 or 137). The stop signal was followed by a
/// start, so the exit is no operator's stop: a start its command cannot make (not found, not
/// invokable, as the error says) is reported and never restarted, another (a bind mount's
/// source gone, a port in use) is repaired as a crash.
pub fn failed_start_after_stop(container: &ContainerReading) -> Option<ContainerFault> {
    let error = container.start_error.as_deref()?;
    let code = container.exit_code?;
    let cause = command_fault(code, Some(error));
    let shown = shown(error);
    let why = format!(
        "exited with code {code} and could not be started again (Docker: {shown}): a start after \
         its stop failed, so the exit is no operator's stop"
    );
    let not_repaired = cause.map(|cause| {
        format!(
            "container {} could not be started again: {cause} (Docker: {shown}); a restart runs \
             the same command from the same image and fails the same way, so it is not \
             restarted; correct its image or command, then start it (docker start {})",
            container.name, container.name
        )
    });
    Some(ContainerFault {
        kind: FindingKind::ContainerExited,
        severity: Severity::Critical,
        why,
        not_repaired,
    })
}

/// The fault of a container whose last start failed, never started (`created`) or not again
/// after a stop (`exited`, `dead`, Docker's error recorded); None when it is no such container.
fn failed_start(container: &ContainerReading) -> Option<ContainerFault> {
    let stopped = matches!(container.state.as_str(), "exited" | "dead");
    start_failure(container).or_else(|| {
        stopped
            .then(|| failed_start_after_stop(container))
            .flatten()
    })
}

/// Why a container Docker could not start (never started, or not again after a stop) is not to
/// be restarted: its command cannot run, or (`own_restart`: one of Warden's own restarts, a
/// runbook's, the repair model's or one a human approved, began after its last run started) the
/// failed start was Warden's own ([`own_restart_failed`]). None when it may be restarted.
pub fn not_restartable(container: &ContainerReading, own_restart: bool) -> Option<String> {
    let fault = failed_start(container)?;
    if own_restart {
        return own_restart_failed(container);
    }
    fault.not_repaired
}

/// Why a container whose start failed after one of Warden's own restarts of it is not restarted
/// again: that restart ran the start Docker refused (a bind mount's source gone, a port in use,
/// a command not found), and another runs the very same start, so it fails the same way and
/// only spends the budget. Escalated with Docker's own error (`State.Error`), for a human to
/// correct what it names. None when its last start did not fail.
pub fn own_restart_failed(container: &ContainerReading) -> Option<String> {
    failed_start(container)?;
    let code = container
        .exit_code
        .map_or_else(|| "?".to_owned(), |code| code.to_string());
    let docker = container
        .start_error
        .as_deref()
        .map(str::trim)
        .filter(|error| !error.is_empty())
        .map_or_else(|| "it recorded no error".to_owned(), shown);
    Some(format!(
        "Warden's own restart of container {name} could not start it (exit code {code}; Docker: \
         {docker}): another restart runs the same start and fails the same way, so it is not \
         restarted again; correct what Docker names (a bind mount's source, a port, the image or \
         its command), then start it (docker start {name})",
        name = container.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(exit_code: Option<i64>) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: "created".to_owned(),
            status: "Created".to_owned(),
            health: None,
            exit_code,
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: Some("0001-01-01T00:00:00Z".to_owned()),
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: Some("always".to_owned()),
            health_check: None,
            start_error: None,
            compose_oneoff: false,
        }
    }

    #[test]
    fn a_command_not_found_or_not_invokable_is_reported_never_restarted() {
        for (code, cause) in [
            (127, "its command was not found"),
            (126, "its command cannot be invoked"),
        ] {
            let fault = start_failure(&created(Some(code)));
            assert!(
                fault
                    .as_ref()
                    .is_some_and(|f| f.kind == FindingKind::ContainerExited
                        && f.severity == Severity::Critical
                        && f.why.contains(&format!("exit code {code}: {cause}"))
                        && f.not_repaired
                            .as_deref()
                            .is_some_and(|why| why.contains("docker start web"))),
                "{code}: {fault:?}"
            );
        }
    }

    #[test]
    fn a_start_the_runtime_refused_is_a_fault_repaired_and_a_plain_create_none() {
        for code in [128, 1, 255, -1] {
            let fault = start_failure(&created(Some(code)));
            assert!(
                fault.as_ref().is_some_and(
                    |f| f.why.contains("could not be started") && f.not_repaired.is_none()
                ),
                "{code}: {fault:?}"
            );
        }
        assert_eq!(start_failure(&created(Some(0))), None);
        assert_eq!(start_failure(&created(None)), None);
        // Docker's error decides over its code: a created container whose bind mount's source is
        // gone (127) is repaired; one whose command is not found is reported, whatever code.
        let mount = ContainerReading {
            start_error: Some(MOUNT_GONE.to_owned()),
            ..created(Some(127))
        };
        let fault = start_failure(&mount).unwrap();
        assert!(
            fault.not_repaired.is_none() && fault.why.contains("Docker refused its start"),
            "{fault:?}"
        );
        let missing = ContainerReading {
            start_error: Some("exec: \"serve\": executable file not found in $PATH".to_owned()),
            ..created(Some(128))
        };
        assert!(start_failure(&missing).unwrap().not_repaired.is_some());
        assert_eq!(not_restartable(&mount, false), None);
        assert!(not_restartable(&missing, false).is_some());
        // Another state with the same code is judged as an exit, not here.
        let exited = ContainerReading {
            state: "exited".to_owned(),
            ..created(Some(127))
        };
        assert_eq!(start_failure(&exited), None);
    }

    fn restarted_and_failed(code: i64, error: &str) -> ContainerReading {
        ContainerReading {
            state: "exited".to_owned(),
            status: format!("Exited ({code}) 3 seconds ago"),
            start_error: Some(error.to_owned()),
            ..created(Some(code))
        }
    }

    /// Docker's own error for `docker restart` of a container whose bind mount's source was
    /// removed, as dockerd 28.2 records it (with exit code 127, not the stop's 143 or 137).
    const MOUNT_GONE: &str = "failed to create shim task: OCI runtime create failed: runc create \
        failed: unable to start container process: error during container init: error mounting \
        \"/tmp/x\" to rootfs at \"/data\": stat /tmp/x: no such file or directory: unknown";

    #[test]
    fn a_start_that_failed_after_a_stop_is_no_operators_stop() {
        // docker restart of a container whose bind mount's source is gone: SIGTERM, SIGKILL,
        // then a start Docker refused; Docker sets 127 from the error's "no such file or
        // directory". Repaired as a crash: the code is no command's.
        let mount = restarted_and_failed(127, MOUNT_GONE);
        let fault = failed_start_after_stop(&mount).unwrap();
        assert_eq!(fault.kind, FindingKind::ContainerExited);
        assert!(fault.not_repaired.is_none(), "{fault:?}");
        assert!(
            fault.why.contains("could not be started again") && fault.why.contains("/tmp/x"),
            "{}",
            fault.why
        );
        // A mount the runtime could not make is no fault of the command either, whatever code
        // Docker took from its words (126 for "permission denied", 128 for the rest).
        for (code, error) in [
            (
                126,
                "error while creating mount source path '/srv/data': mkdir /srv/data: \
                 permission denied",
            ),
            (
                127,
                "OCI runtime create failed: runc create failed: unable to start container \
                 process: error during container init: error mounting \"/srv/x\" to rootfs at \
                 \"/data\": mount /srv/x:/data, flags: 0x5000: no such file or directory: unknown",
            ),
            (
                128,
                "invalid mount config for type \"bind\": bind source path does not exist: /srv/x",
            ),
            (
                127,
                "error while mounting volume '/var/lib/docker/volumes/v/_data': failed to mount \
                 local volume: mount /srv/nfs:/var/lib/docker/volumes/v/_data: no such file or \
                 directory",
            ),
            (
                128,
                "driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: \
                 port is already allocated",
            ),
            // A runtime's write to a file named `exec` is no exec of the command.
            (
                126,
                "OCI runtime create failed: apparmor failed to apply profile: write \
                 /proc/self/attr/apparmor/exec: permission denied: unknown",
            ),
            // Docker kept the stop's code on an older daemon: the error still decides.
            (143, MOUNT_GONE),
            (127, "something else"),
        ] {
            let fault = failed_start_after_stop(&restarted_and_failed(code, error)).unwrap();
            assert!(fault.not_repaired.is_none(), "{code} {error}");
        }
        // The command cannot run: reported, never restarted, whatever code Docker kept.
        for (code, error) in [
            (
                127,
                "failed to create task for container: exec: \"/app/run\": stat /app/run: no such file or directory: unknown",
            ),
            (127, "exec: \"serve\": executable file not found in $PATH"),
            (143, "exec: \"serve\": executable file not found in $PATH"),
            (126, "exec /entrypoint.sh: Permission denied: unknown"),
            (
                127,
                "crun: executable file `serve` not found in $PATH: No such file or directory: \
                 OCI runtime attempted to invoke a command that was not found",
            ),
            (1, "exec /app/run: exec format error"),
        ] {
            let fault = failed_start_after_stop(&restarted_and_failed(code, error)).unwrap();
            assert!(fault.not_repaired.is_some(), "{code} {error}");
        }
        // No error recorded: no failed start (the stop decides).
        let stopped = ContainerReading {
            start_error: None,
            ..mount.clone()
        };
        assert_eq!(failed_start_after_stop(&stopped), None);
        // And through the judgement of any exit: a stop seen sent to this run does not hide it.
        let seen = super::super::faults::Seen {
            stop: super::super::events::Stop::Requested {
                signal: 15,
                recent: false,
            },
            ..Default::default()
        };
        let fault = super::super::faults::container_fault(&mount, seen).unwrap();
        assert!(fault.why.contains("could not be started again"));
        assert_eq!(super::super::faults::container_fault(&stopped, seen), None);
    }

    #[test]
    fn a_failed_start_of_warden_s_own_restart_is_never_restarted_whatever_docker_s_error() {
        // A bind mount's source gone: repaired as a crash after someone else's restart, never
        // after Warden's own (the same start fails the same way), Docker's error named.
        let mount = restarted_and_failed(127, MOUNT_GONE);
        assert_eq!(not_restartable(&mount, false), None);
        let why = not_restartable(&mount, true).unwrap();
        assert!(
            why.starts_with("Warden's own restart of container web could not start it (exit code 127; Docker: failed to create shim task")
                && why.contains("stat /tmp/x: no such file or directory")
                && why.contains("not restarted again"),
            "{why}"
        );
        assert_eq!(own_restart_failed(&mount), Some(why));
        // A container never started whose start Warden asked for: the same.
        let never = ContainerReading {
            start_error: Some("Bind for 0.0.0.0:80 failed: port is already allocated".to_owned()),
            ..created(Some(128))
        };
        assert!(
            not_restartable(&never, true)
                .is_some_and(|why| why.contains("port is already allocated"))
        );
        // No failed start (a plain exit, or running): nothing to say, restart or not.
        let exited = ContainerReading {
            start_error: None,
            ..mount.clone()
        };
        assert_eq!(own_restart_failed(&exited), None);
        assert_eq!(not_restartable(&exited, true), None);
        let running = ContainerReading {
            state: "running".to_owned(),
            ..mount
        };
        assert_eq!(own_restart_failed(&running), None);
    }
}
