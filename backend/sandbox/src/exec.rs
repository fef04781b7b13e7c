//! Spawning a bounded process, the sandbox or a program on the host alike: no shell, an empty
//! environment but for PATH and LANG, its own process group (so a time-out kills everything it
//! started), stdin closed, streams capped while read (a program that prints gigabytes costs no
//! more memory than the cap), a wall-clock limit.

use std::process::Stdio;
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::{ExecRequest, SandboxError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOutput {
    pub exit_code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    pub duration_ms: u64,
}

async fn read_capped<R: AsyncRead + Unpin>(mut reader: R, cap: usize) -> (Vec<u8>, bool) {
    let (mut kept, mut chunk, mut cut) = (Vec::new(), [0u8; 8192], false);
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                // Keep draining so the child never blocks on a full pipe.
                cut |= n > room;
            }
        }
    }
    (kept, cut)
}

/// Kills a process group through the `kill` program (the workspace forbids `unsafe`).
async fn kill_group(pgid: u32) {
    let _ = tokio::process::Command::new("kill")
        .arg("-KILL")
        .arg("--")
        .arg(format!("-{pgid}"))
        .status()
        .await;
}

pub async fn run(request: &ExecRequest) -> Result<SandboxOutput, SandboxError> {
    let started = Instant::now();
    let mut child = tokio::process::Command::new(&request.program)
        .args(&request.args)
        .env_clear()
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| SandboxError::Spawn {
            program: request.program.display().to_string(),
            kind: e.kind(),
            message: e.to_string(),
        })?;
    let pgid = child.id().unwrap_or(0);
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let cap = request.output_cap;
    let work = async {
        let (out, err) = tokio::join!(
            async {
                match stdout {
                    Some(s) => read_capped(s, cap).await,
                    None => (Vec::new(), false),
                }
            },
            async {
                match stderr {
                    Some(s) => read_capped(s, cap).await,
                    None => (Vec::new(), false),
                }
            }
        );
        (out, err, child.wait().await)
    };
    match tokio::time::timeout(request.wall, work).await {
        Ok(((out, out_cut), (err, err_cut), status)) => {
            let status = status.map_err(|e| SandboxError::Failed(e.to_string()))?;
            Ok(SandboxOutput {
                exit_code: status.code(),
                stdout: String::from_utf8_lossy(&out).into_owned(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
                stdout_truncated: out_cut,
                stderr_truncated: err_cut,
                duration_ms: started.elapsed().as_millis() as u64,
            })
        }
        Err(_) => {
            if pgid > 0 {
                kill_group(pgid).await;
            }
            Err(SandboxError::Timeout(request.wall.as_secs()))
        }
    }
}
