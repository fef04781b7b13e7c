//! Operating Warden through the real binary: `warden doctor` with each of its checks failing
//! once, backups and restores, and TLS.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod backup;
mod doctor;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_warden");

/// A `warden` command with a clean environment: only the variables given, a private data dir,
/// run from the data dir's parent (where a `warden.toml` may be written).
pub fn warden(data_dir: &Path, vars: &[(&str, &str)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(BIN);
    command.env_clear();
    command.env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("WARDEN_DATA_DIR", data_dir);
    command.env("WARDEN_LOG", "warn");
    command.env("RUST_BACKTRACE", "0");
    for (key, value) in vars {
        command.env(key, value);
    }
    command.current_dir(data_dir.parent().expect("parent"));
    command.kill_on_drop(true);
    command
}

/// Runs a command to its end, bounded.
pub async fn finish(command: &mut tokio::process::Command) -> Output {
    tokio::time::timeout(std::time::Duration::from_secs(120), command.output())
        .await
        .expect("warden finished within 120 s")
        .expect("warden ran")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON a command printed on stdout.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        )
    })
}
