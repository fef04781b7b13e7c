//! Integrations through clients nobody here wrote: the official MCP Python SDK against `/mcp`,
//! the official `openai` package against `/v1`, a real SMTP server and webhook sinks for the
//! notifier, and `promtool` on `/metrics`. The Python packages live in the virtual environment
//! `tests/scripts/services.sh install` makes (`WARDEN_TEST_PYTHON`).

mod mcp_client;
mod mcp_server;
mod metrics;
mod notify;
mod openai;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

/// The Python with the official SDKs; a missing one fails the suite (a skipped client is
/// coverage claimed but not had).
pub fn python() -> String {
    std::env::var("WARDEN_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "WARDEN_TEST_PYTHON is not set: run tests/scripts/services.sh install, then \
             eval \"$(tests/scripts/services.sh env)\""
        )
    })
}

/// A script of `tests/python/`.
pub fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(name)
}

/// Runs a Python script to its end (at most `limit`) and parses the JSON it prints last.
pub async fn run_python(name: &str, args: &[&str], limit: Duration) -> Value {
    let output = tokio::time::timeout(
        limit,
        tokio::process::Command::new(python())
            .arg(script(name))
            .args(args)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .unwrap_or_else(|_| panic!("{name} did not finish within {limit:?}"))
    .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{name} failed ({}):\nstdout: {stdout}\nstderr: {stderr}",
        output.status
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{name} printed no JSON ({e}): {stdout}\n{stderr}"))
}
