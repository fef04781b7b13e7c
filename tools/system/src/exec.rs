//! Running a program from an argv on the host, through the same bounded runner as the sandbox
//! (`warden_sandbox::run`): no shell, a minimal environment, a wall-clock limit after which it and
//! its descendants are killed, and stdout and stderr each capped while they are read.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use warden_sandbox::{ExecRequest, SandboxConfig, SandboxError, run, transform};
use warden_tool_api::ToolError;

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

/// Runs `argv` (no shell) on the host and waits at most `timeout`; at the limit the program and
/// everything it started are killed.
pub async fn run_argv(argv: &[String], timeout: Duration) -> Result<CommandOutput, ToolError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| ToolError::InvalidArguments("command must not be empty".to_owned()))?;
    let request = ExecRequest {
        program: PathBuf::from(program),
        args: args.to_vec(),
        wall: timeout,
        output_cap: STREAM_CAP,
    };
    run_request(argv, program, &request).await
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
    run_request(argv, program, &request).await
}

// io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
#[allow(clippy::wildcard_enum_match_arm)]
async fn run_request(
    argv: &[String],
    program: &str,
    request: &ExecRequest,
) -> Result<CommandOutput, ToolError> {
    let output = run(request).await.map_err(|error| match error {
        SandboxError::Spawn {
            kind: ErrorKind::NotFound,
            ..
        } => ToolError::NotFound(format!("no program '{program}' on this host")),
        SandboxError::Spawn {
            kind: ErrorKind::PermissionDenied,
            ..
        } => ToolError::Refused(format!("'{program}' is not executable")),
        SandboxError::Timeout(seconds) => ToolError::Timeout(seconds),
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
