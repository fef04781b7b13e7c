//! Operating Warden through the real binary: `warden doctor` with each of its checks failing
//! once, backups and restores, and TLS.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod backup;
mod backup_tamper;
mod doctor;
mod doctor_faults;
mod doctor_more;
mod doctor_support;
mod image;
mod memory;
mod tls;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

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

/// `warden serve` on a free loopback port, killed when dropped.
pub struct Served {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub port: u16,
    child: tokio::process::Child,
}

impl Served {
    /// Starts the server and waits until `/readyz` answers over plain HTTP.
    pub async fn start(data: &Path, vars: &[(&str, &str)]) -> Self {
        let served = Self::spawn(data, vars);
        let client = warden_http::client();
        let url = format!("{}/readyz", served.base);
        served
            .wait_until(|| {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    client
                        .get(url)
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                }
            })
            .await;
        served
    }

    /// Starts the server without waiting.
    pub fn spawn(data: &Path, vars: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut all = vec![("WARDEN_LISTEN", listen.as_str())];
        all.extend_from_slice(vars);
        let child = warden(data, &all)
            .arg("serve")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        Self {
            base: format!("http://{listen}"),
            port,
            child,
        }
    }

    /// Polls `ready` for up to 30 s.
    pub async fn wait_until<F, Fut>(&self, mut ready: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        for _ in 0..300 {
            if ready().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("warden serve did not become ready on port {}", self.port);
    }

    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}
