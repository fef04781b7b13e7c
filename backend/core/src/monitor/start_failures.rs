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
}
