//! Running programs from an argv on the host, through the same bounded runner as the sandbox
//! (`warden_sandbox::run_pipeline`): no shell, a minimal environment, a wall-clock limit after
//! which they and their descendants are killed, and stdout and stderr capped while they are read.
//!
//! Every host program starts as the call's [`HostAccess`] says: contained for a call no human
//! approved, with Warden's rights for an approved one, not at all when the machine cannot
//! contain. There is no other way to start one.

use std::io::ErrorKind;
use std::time::Duration;

use serde::Serialize;
use warden_sandbox::{Host, Pipeline, SandboxConfig, SandboxError, run, run_pipeline, transform};
use warden_tool_api::{HostAccess, ToolError};

/// Bytes kept of each stream.
pub const STREAM_CAP: usize = 32 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandOutput {
    pub argv: Vec<String>,
    /// None when killed by a signal (or at the time limit).
    pub exit_code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    pub timed_out: bool,
    pub duration_ms: u64,
}

/// Runs `argv` (no shell) on the host as `host` allows and waits at most `timeout`; at the
/// limit the program and everything it started are killed.
pub async fn run_argv(
    host: &HostAccess,
    argv: &[String],
    timeout: Duration,
) -> Result<CommandOutput, ToolError> {
    run_host_pipeline(host, &[argv.to_vec()], timeout).await
}

/// Runs a pipeline on the host as `host` allows: each stage's stdout feeds the next one's
/// stdin (Warden connects them, no shell). The result carries the whole line as `argv`, the last
/// stage's stdout and exit code and every stage's stderr.
pub async fn run_host_pipeline(
    host: &HostAccess,
    stages: &[Vec<String>],
    timeout: Duration,
) -> Result<CommandOutput, ToolError> {
    let host = match host {
        HostAccess::Contained(containment) => Host::Contained(containment.clone()),
        HostAccess::Approved => Host::Unconfined,
        HostAccess::Refused(why) => {
            return Err(ToolError::Refused(format!(
                "no program may start on this host for this call: {why}"
            )));
        }
    };
    if stages.is_empty() || stages.iter().any(Vec::is_empty) {
        return Err(ToolError::InvalidArguments(
            "command must not be empty".to_owned(),
        ));
    }
    let argv: Vec<String> = stages.join(&"|".to_owned());
    let program = stages
        .iter()
        .map(|stage| stage[0].as_str())
        .collect::<Vec<_>>()
        .join(" | ");
    let pipeline = Pipeline {
        stages: stages.to_vec(),
        wall: timeout,
        output_cap: STREAM_CAP,
    };
    finish(&argv, &program, run_pipeline(host, &pipeline).await)
}

/// Runs `argv` inside gVisor with the sandbox's limits; the wall limit is the shorter of the
/// sandbox's and `timeout`.
pub async fn run_sandboxed(
    sandbox: &SandboxConfig,
    argv: &[String],
    timeout: Duration,
) -> Result<CommandOutput, ToolError> {
    let program = argv
        .first()
        .ok_or_else(|| ToolError::InvalidArguments("command must not be empty".to_owned()))?;
    let limits = SandboxConfig {
        wall: sandbox.wall.min(timeout),
        output_cap: sandbox.output_cap.min(STREAM_CAP),
        ..sandbox.clone()
    };
    let request = transform(&limits, argv).map_err(|e| ToolError::Refused(e.to_string()))?;
    finish(argv, program, run(&request).await)
}

// io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
#[allow(clippy::wildcard_enum_match_arm)]
fn finish(
    argv: &[String],
    program: &str,
    result: Result<warden_sandbox::SandboxOutput, SandboxError>,
) -> Result<CommandOutput, ToolError> {
    let output = result.map_err(|error| match error {
        SandboxError::Spawn {
            kind: ErrorKind::NotFound,
            program: missing,
            ..
        } => ToolError::NotFound(format!(
            "no program '{}' on this host",
            if missing.is_empty() {
                program
            } else {
                &missing
            }
        )),
        SandboxError::Spawn {
            kind: ErrorKind::PermissionDenied,
            ..
        } => ToolError::Refused(format!("'{program}' is not executable")),
        SandboxError::Timeout(seconds) => ToolError::Timeout(seconds),
        SandboxError::Unavailable(why) => {
            ToolError::Unavailable(format!("containment failed, nothing ran: {why}"))
        }
        other => ToolError::Failed(other.to_string()),
    })?;
    Ok(CommandOutput {
        argv: argv.to_vec(),
        exit_code: output.exit_code,
        stdout: output.stdout,
        stderr: output.stderr,
        stdout_truncated: output.stdout_truncated,
        stderr_truncated: output.stderr_truncated,
        timed_out: false,
        duration_ms: output.duration_ms,
    })
}

impl CommandOutput {
    /// The text a model reads: the streams, then how it ended.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if !self.stdout.is_empty() {
            text.push_str(&self.stdout);
            if self.stdout_truncated {
                text.push_str("\n[stdout cut]");
            }
        }
        if !self.stderr.is_empty() {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("[stderr]\n");
            text.push_str(&self.stderr);
            if self.stderr_truncated {
                text.push_str("\n[stderr cut]");
            }
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        match self.exit_code {
            Some(code) => text.push_str(&format!("[exit code {code}]")),
            None => text.push_str("[killed by a signal]"),
        }
        text
    }
}
