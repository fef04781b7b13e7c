//! Proof that the sandbox really runs commands under gVisor: a command run through it reads the
//! kernel log, whose first line under gVisor's own kernel is "Starting gVisor...". A host kernel
//! never writes that line, so a sandbox that silently ran the command on the host fails here.

use std::time::Duration;

use crate::{SandboxConfig, SandboxError, run, transform};

/// The line gVisor's kernel starts its log with.
pub const GVISOR_BANNER: &str = "Starting gVisor";

/// Runs `dmesg` through the configured sandbox and checks that gVisor's kernel answered; the
/// answer says how long it took. Bounded by `wall` (plus the Docker start-up allowance).
pub async fn probe(config: &SandboxConfig, wall: Duration) -> Result<String, SandboxError> {
    let limits = SandboxConfig {
        wall,
        ..config.clone()
    };
    let request = transform(&limits, &["dmesg".to_owned()])?;
    let output = run(&request).await?;
    let first = output.stdout.lines().next().unwrap_or_default();
    // "[    0.000000] Starting gVisor...": the message without its timestamp.
    let message = first
        .split_once(']')
        .map_or(first, |(_, message)| message)
        .trim();
    if output.exit_code == Some(0) && first.contains(GVISOR_BANNER) {
        Ok(format!(
            "gVisor's kernel answered (\"{message}\") in {} ms",
            output.duration_ms
        ))
    } else {
        let said = if output.stderr.trim().is_empty() {
            first.trim().to_owned()
        } else {
            output.stderr.trim().to_owned()
        };
        Err(SandboxError::Failed(format!(
            "a command run through the sandbox did not see gVisor's kernel (exit {}): {}",
            output
                .exit_code
                .map_or_else(|| "by signal".to_owned(), |c| c.to_string()),
            cut(&said, 300)
        )))
    }
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}
