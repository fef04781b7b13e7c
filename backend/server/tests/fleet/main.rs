//! The fleet end to end: a real `nats-server -js` with per-agent NKEY users, the hub (`warden
//! serve` with `fleet.nats_url`) and real `warden agent` processes.
//!
//! - `agents`: listing, calls on the named agent only, both guards, queued work, silence, ports.
//! - `restart`: a call queued for an offline agent outlives a restart of the hub; its result is
//!   stored once and read through the REST surface.
//! - `repairs`: a fault in one agent's readings is repaired on that agent only.
//! - `setup`: `warden agent keys`, and an agent refusing to start without its configuration.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod agents;
mod repairs;
mod restart;
mod setup;

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use warden_fleet::testing::NatsServer;

const BIN: &str = env!("CARGO_BIN_EXE_warden");
const ADMIN_PASSWORD: &str = "fleet admin password";

struct Proc {
    child: Child,
    log: PathBuf,
}

impl Proc {
    /// The process's log, without terminal colours.
    fn log(&self) -> String {
        let raw = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut plain = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        plain
    }
    fn pid(&self) -> u32 {
        self.child.id()
    }
    /// Sends SIGTERM and waits up to `limit` for the process to end; its exit status and how
    /// long it took.
    async fn terminate(&mut self, limit: Duration) -> (std::process::ExitStatus, Duration) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .expect("kill")
                .success()
        );
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "the process did not stop on SIGTERM within {limit:?}:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `program args...` with a clean environment and its output appended to `DIR/LABEL-PID.log`.
fn spawn_program(
    dir: &Path,
    label: &str,
    program: &str,
    args: &[&str],
    vars: &[(&str, String)],
) -> Proc {
    let log = dir.join(format!("{label}-{}.log", std::process::id()));
    let file = File::options()
        .create(true)
        .append(true)
        .open(&log)
        .unwrap();
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WARDEN_LOG", "info")
        // The shared Docker daemon, where the services script put it.
        .envs(std::env::var("DOCKER_HOST").map(|h| ("DOCKER_HOST", h)))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file);
    for (key, value) in vars {
        command.env(key, value);
    }
    Proc {
        child: command.spawn().expect("spawn"),
        log,
    }
}

fn spawn(dir: &Path, label: &str, args: &[&str], vars: &[(&str, String)]) -> Proc {
    spawn_program(dir, label, BIN, args, vars)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn eventually<F, Fut, T>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not within {limit:?}");
}

struct Fleet {
    dir: tempfile::TempDir,
    nats: NatsServer,
    base: String,
    http: reqwest::Client,
    token: String,
    hub_seed: PathBuf,
    port: u16,
    config: PathBuf,
    hub_proc: Proc,
}

impl Fleet {
    async fn get(&self, path: &str) -> Value {
        self.get_status(path).await.1
    }

    async fn get_status(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    async fn post(&self, path: &str) -> Value {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn invoke(&self, tool: &str, args: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/api/v1/tools/{tool}/invoke", self.base))
            .bearer_auth(&self.token)
            .json(&json!({ "args": args }))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    fn agent_vars(&self, name: &str, seed: &Path, config: Option<&Path>) -> Vec<(&str, String)> {
        let data = self.dir.path().join(format!("agent-{name}"));
        let mut vars = vec![
            ("WARDEN_NATS_URL", self.nats.url()),
            ("WARDEN_AGENT_NAME", name.to_owned()),
            ("WARDEN_NATS_CREDS", seed.display().to_string()),
            ("WARDEN_DATA_DIR", data.display().to_string()),
            ("WARDEN_AGENT_HEARTBEAT_SECS", "1".to_owned()),
            ("WARDEN_AGENT_READINGS_SECS", "1".to_owned()),
        ];
        if let Some(config) = config {
            vars.push(("WARDEN_CONFIG", config.display().to_string()));
        }
        vars
    }

    fn agent(&self, name: &str, seed: &Path, config: Option<&Path>) -> Proc {
        spawn(
            self.dir.path(),
            name,
            &["agent"],
            &self.agent_vars(name, seed, config),
        )
    }

    fn hub_data(&self) -> PathBuf {
        self.dir.path().join("hub-data")
    }

    /// Stops the hub with SIGTERM (checked to end at once, with status 0, even while a caller
    /// waits on an agent's result) and starts it again on the same port, data and
    /// configuration.
    async fn restart_hub(&mut self) {
        let (status, took) = self.hub_proc.terminate(Duration::from_secs(30)).await;
        assert!(status.success(), "the hub's exit status: {status}");
        // The fleet's call timeout is 60 s: a shutdown that waited on the call would take that.
        assert!(
            took < Duration::from_secs(10),
            "the hub took {took:?} to stop:\n{}",
            self.hub_proc.log()
        );
        self.hub_proc = start_hub(
            self.dir.path(),
            &self.config,
            self.port,
            &self.nats,
            &self.hub_seed,
        );
        self.token = login(&self.http, &self.base).await;
    }
}

fn start_hub(dir: &Path, config: &Path, port: u16, nats: &NatsServer, hub_seed: &Path) -> Proc {
    spawn(
        dir,
        "hub",
        &["serve"],
        &[
            ("WARDEN_CONFIG", config.display().to_string()),
            ("WARDEN_LISTEN", format!("127.0.0.1:{port}")),
            (
                "WARDEN_DATA_DIR",
                dir.join("hub-data").display().to_string(),
            ),
            ("WARDEN_ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
            ("WARDEN_FLEET_NATS_URL", nats.url()),
            ("WARDEN_FLEET_NATS_CREDS", hub_seed.display().to_string()),
        ],
    )
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    eventually("the hub answers a login", Duration::from_secs(60), || {
        let http = http.clone();
        let base = base.to_owned();
        async move {
            let response = http
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
                .send()
                .await
                .ok()?;
            let body: Value = response.json().await.ok()?;
            body["access_token"].as_str().map(str::to_owned)
        }
    })
    .await
}

/// The hub with the fleet's test settings; its monitor sweeps only when a test asks, and never
/// repairs this shared machine's disks (levels it does not reach, a prune label nothing has).
async fn hub(dir: tempfile::TempDir, nats: NatsServer, hub_seed: PathBuf) -> Fleet {
    let label = format!("warden-test-fleet-{}", std::process::id());
    hub_with(
        dir,
        nats,
        hub_seed,
        &format!(
            "\n[monitor]\nenabled = false\nprune_label = \"{label}\"\n\
             disk_percent = [99.8, 99.9]\n"
        ),
    )
    .await
}

/// The hub with the fleet's test settings and `extra` TOML after them.
async fn hub_with(
    dir: tempfile::TempDir,
    nats: NatsServer,
    hub_seed: PathBuf,
    extra: &str,
) -> Fleet {
    let config = dir.path().join("hub.toml");
    std::fs::write(
        &config,
        format!("[fleet]\noffline_after_secs = 3\ncall_timeout_secs = 60\n{extra}"),
    )
    .unwrap();
    let port = free_port();
    let hub_proc = start_hub(dir.path(), &config, port, &nats, &hub_seed);
    let base = format!("http://127.0.0.1:{port}");
    let http = warden_http::client_builder().build().unwrap();
    let token = login(&http, &base).await;
    Fleet {
        dir,
        nats,
        base,
        http,
        token,
        hub_seed,
        port,
        config,
        hub_proc,
    }
}

/// Lines of `ss -ltnp` naming process `pid`.
fn listening_sockets_of(pid: u32) -> (Vec<String>, String) {
    let out = Command::new("ss").arg("-ltnp").output().expect("ss runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mine = text
        .lines()
        .filter(|l| l.contains(&format!("pid={pid},")))
        .map(str::to_owned)
        .collect();
    (mine, text)
}

fn count(log: &str, needle: &str) -> usize {
    log.lines().filter(|l| l.contains(needle)).count()
}
