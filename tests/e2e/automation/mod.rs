//! Automation through the real HTTP surface: tasks on a short cron schedule and on demand, as
//! their owner through the guard; signed webhooks (GitHub's and Warden's headers) accepted,
//! wrongly signed and replayed ones refused; a per-key grant lowering exactly one call.

mod grants;
mod hooks;
mod tasks;

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use warden_test_support::TestServer;

/// A short name no other test (or test run) uses.
pub(super) fn uid() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{:x}", nanos.rotate_left(17) ^ n)
        .chars()
        .rev()
        .take(10)
        .collect()
}

pub(super) fn docker(args: &[&str]) -> String {
    let out = Command::new("docker").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A running container of the test image, removed when the test ends.
pub(super) struct Container(pub(super) String);

impl Container {
    pub(super) fn start(prefix: &str) -> Self {
        let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
            .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
        let name = format!("wtest-{prefix}-{}", uid());
        // A trap so a restart's SIGTERM ends it at once.
        docker(&[
            "run",
            "-d",
            "--name",
            &name,
            "--label",
            "warden.test=automation",
            &image,
            "sh",
            "-c",
            "trap 'exit 0' TERM; while true; do sleep 1; done",
        ]);
        Self(name)
    }

    pub(super) fn started_at(&self) -> String {
        docker(&["inspect", "-f", "{{.State.StartedAt}}", &self.0])
    }
}

impl Drop for Container {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}

/// Writes one policy file into a fresh directory for `guard.policy_dir`.
pub(super) fn policy_dir(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// Polls `GET /api/v1/tasks` until `done` holds for the named task.
pub(super) async fn task_until(
    server: &TestServer,
    token: &str,
    name: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        let (_, list) = server.get("/api/v1/tasks", token).await;
        if let Some(task) = list["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == json!(name))
        {
            if done(task) {
                return task.clone();
            }
            last = task.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("task {name} never reached the expected state; last: {last}");
}

/// The audit entries for `tool` (a tool, `task:NAME` or `hook:NAME`), oldest first.
pub(super) async fn audit_of(server: &TestServer, token: &str, tool: &str) -> Vec<Value> {
    let (_, page) = server
        .get(&format!("/api/v1/audit?tool={tool}&limit=200"), token)
        .await;
    let mut entries = page["entries"].as_array().cloned().unwrap_or_default();
    entries.sort_by_key(|e| e["seq"].as_i64());
    entries
}
