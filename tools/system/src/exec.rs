//! Running a program from an argv: no shell, a minimal environment, a wall-clock limit after which
//! it is killed, and stdout and stderr each capped while they are read (a program that prints
//! gigabytes costs no more memory than the cap).

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt};
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

async fn read_capped<R: AsyncRead + Unpin>(mut reader: R) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut truncated = false;
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = STREAM_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                // Keep draining so the child never blocks on a full pipe.
                truncated |= n > room;
            }
        }
    }
    (kept, truncated)
}

/// Runs `argv` (no shell) and waits at most `timeout`.
// io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
#[allow(clippy::wildcard_enum_match_arm)]
pub async fn run_argv(argv: &[String], timeout: Duration) -> Result<CommandOutput, ToolError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| ToolError::InvalidArguments("command must not be empty".to_owned()))?;
    let started = Instant::now();
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .env_clear()
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                ToolError::NotFound(format!("no program '{program}' on this host"))
            }
            std::io::ErrorKind::PermissionDenied => {
                ToolError::Refused(format!("'{program}' is not executable"))
            }
            _ => ToolError::Failed(format!("cannot start '{program}': {e}")),
        })?;
    let stdout = child.stdout.take().map(read_capped);
    let stderr = child.stderr.take().map(read_capped);
    let collect = async {
        let (out, err) = tokio::join!(
            async {
                match stdout {
                    Some(f) => f.await,
                    None => (Vec::new(), false),
                }
            },
            async {
                match stderr {
                    Some(f) => f.await,
                    None => (Vec::new(), false),
                }
            }
        );
        let status = child.wait().await;
        (out, err, status)
    };
    match tokio::time::timeout(timeout, collect).await {
        Ok(((out, out_cut), (err, err_cut), status)) => {
            let status =
                status.map_err(|e| ToolError::Failed(format!("waiting for '{program}': {e}")))?;
            Ok(CommandOutput {
                argv: argv.to_vec(),
                exit_code: status.code(),
                stdout: String::from_utf8_lossy(&out).into_owned(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
                stdout_truncated: out_cut,
                stderr_truncated: err_cut,
                timed_out: false,
                duration_ms: started.elapsed().as_millis() as u64,
            })
        }
        // Dropping the future drops the child, which kills it (kill_on_drop).
        Err(_) => Err(ToolError::Timeout(timeout.as_secs())),
    }
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
