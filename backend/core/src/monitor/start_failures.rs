//! A container Docker could not start. `docker run` (or `docker start`) of a container whose
//! command cannot be run leaves it `created`, never started, with the exit code Docker recorded
//! for the failed start: 127 when its command was not found (`executable file not found in
//! $PATH`, no such file), 126 when it cannot be invoked (permission denied, not executable), and
//! another code (128, 255) when the runtime refused it (a port in use, a bind mount's source
//! gone). A container only created (`docker create`) keeps exit code 0 and is no fault.

use super::evaluate::Severity;
use super::faults::ContainerFault;
use super::readings::ContainerReading;
use warden_protocol::FindingKind;

/// Docker's exit code for a start whose command was not found.
const COMMAND_NOT_FOUND: i64 = 127;
/// Docker's exit code for a start whose command was found but cannot be invoked.
const COMMAND_NOT_INVOKABLE: i64 = 126;

/// The fault of a `created` container whose start failed (a nonzero exit code), if that is what
/// `container` is. A command not found or not invokable is reported and never restarted: a
/// restart runs the same command from the same image and fails the same way, so repairing it
/// would only loop until the budget is spent; the image or the command must change. A start the
/// runtime refused for another reason may succeed once that clears, and is repaired as a crash.
pub fn start_failure(container: &ContainerReading) -> Option<ContainerFault> {
    if container.state != "created" {
        return None;
    }
    let code = container.exit_code.filter(|code| *code != 0)?;
    let cause = match code {
        COMMAND_NOT_FOUND => Some("its command was not found"),
        COMMAND_NOT_INVOKABLE => {
            Some("its command cannot be invoked: not executable, or permission denied")
        }
        _ => None,
    };
    let why = match cause {
        Some(cause) => format!("could not be started (exit code {code}: {cause})"),
        None => format!("could not be started (exit code {code}: Docker refused its start)"),
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

/// Whether Docker's start error says the container's command cannot run: not found
/// (`exec: "serve": executable file not found in $PATH`, `exec: "/app/run": stat /app/run: no
/// such file or directory`), not invokable (`exec /entrypoint.sh: permission denied`), or built
/// for another machine (`exec format error`), as OCI runtimes write it whatever code Docker
/// keeps. A mount's missing source or refused permission (`error mounting ...`, `bind source
/// path does not exist`) is no fault of the command: it may clear.
fn command_cannot_run(error: &str) -> bool {
    let error = error.to_lowercase();
    if error.contains("executable file not found") || error.contains("exec format error") {
        return true;
    }
    let exec = error.contains("exec:") || error.contains("exec /");
    let refused =
        error.contains("no such file or directory") || error.contains("permission denied");
    exec && refused && !error.contains("mount")
}

/// The fault of a stopped container whose last start failed after its run was stopped: Docker
/// keeps the stop's exit code (143 after `docker restart`'s SIGTERM) and records the start's
/// error (`State.Error`). The stop signal was followed by a start, so the exit is no operator's
/// stop: a start its command cannot make (not found, not invokable) is reported and never
/// restarted, another (a bind mount's source gone, a port in use) is repaired as a crash.
pub fn failed_start_after_stop(container: &ContainerReading) -> Option<ContainerFault> {
    let error = container.start_error.as_deref()?;
    let code = container.exit_code?;
    let command =
        command_cannot_run(error) || matches!(code, COMMAND_NOT_FOUND | COMMAND_NOT_INVOKABLE);
    // Docker's error may be long (a runtime's whole message): the finding names its start.
    let shown: String = error.chars().take(300).collect();
    let why = format!(
        "exited with code {code} and could not be started again (Docker: {shown}): a start after \
         its stop failed, so the exit is no operator's stop"
    );
    let not_repaired = command.then(|| {
        format!(
            "container {} could not be started again: its command cannot run (Docker: {shown}); \
             a restart runs the same command from the same image and fails the same way, so it \
             is not restarted; correct its image or command, then start it (docker start {})",
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

    #[test]
    fn a_start_that_failed_after_a_stop_is_no_operators_stop() {
        // docker restart of a container whose bind mount's source is gone: SIGTERM, exit 143,
        // then a start Docker refused. Repaired as a crash.
        let mount = restarted_and_failed(
            143,
            "error while creating mount source path '/srv/data': mkdir /srv/data: read-only file system",
        );
        let fault = failed_start_after_stop(&mount).unwrap();
        assert_eq!(fault.kind, FindingKind::ContainerExited);
        assert!(fault.not_repaired.is_none());
        assert!(
            fault.why.contains("could not be started again"),
            "{}",
            fault.why
        );
        // A mount the runtime could not make is no fault of the command either.
        for error in [
            "OCI runtime create failed: runc create failed: unable to start container process: \
             error during container init: error mounting \"/srv/x\" to rootfs at \"/data\": \
             mount /srv/x:/data, flags: 0x5000: no such file or directory: unknown",
            "invalid mount config for type \"bind\": bind source path does not exist: /srv/x",
            "driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port \
             is already allocated",
        ] {
            let fault = failed_start_after_stop(&restarted_and_failed(143, error)).unwrap();
            assert!(fault.not_repaired.is_none(), "{error}");
        }
        // The command cannot run: reported, never restarted, whatever code Docker kept.
        for (code, error) in [
            (
                143,
                "failed to create task for container: exec: \"/app/run\": stat /app/run: no such file or directory: unknown",
            ),
            (137, "exec: \"serve\": executable file not found in $PATH"),
            (143, "exec /entrypoint.sh: Permission denied: unknown"),
            (127, "something else"),
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
}
