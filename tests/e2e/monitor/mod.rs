//! The self-healing monitor against the real Docker daemon, sshd and the scripted model: a
//! labelled container that crashes is seen on the event stream and restarted, and its incident
//! resolves with its timeline; a crash-looping one exhausts its budget and is escalated; a full
//! filesystem triggers the runbook and its verification; Alertmanager deliveries open one incident
//! however often they come; remote hosts are read over SSH; repairs the policy holds wait for a
//! human; what no runbook covers goes to the repair model.

mod alerts;
mod containers;
mod disk;
mod hogs;
mod learned;
mod remote;
mod repairs;
mod stops;
mod verification;

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use warden_test_support::TestServer;

pub(super) fn image() -> String {
    std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned())
}

pub(super) fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("the docker CLI (make test installs docker.io)");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A container removed when the test ends, whatever happens.
pub(super) struct Container(pub(super) String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}

/// Starts a container for one test server: `label` is that server's `KEY=true` (watched and opted
/// in to restarts) or `KEY=false` (watched only; see [`watched_only`]).
pub(super) fn run_container(prefix: &str, script: &str, label: &str) -> Container {
    run_container_with(prefix, &[], script, label)
}

/// [`run_container`] with more `docker run` options (a memory limit, a health check...).
pub(super) fn run_container_with(
    prefix: &str,
    options: &[&str],
    script: &str,
    label: &str,
) -> Container {
    let name = format!("wtest-{prefix}-{}", &uuid_like()[..8]);
    let mut args = vec!["run", "-d", "--name", &name, "--label", label];
    args.extend(options);
    let image = image();
    args.extend([image.as_str(), "sh", "-c", script]);
    docker(&args);
    Container(name)
}

/// Every incident (live or closed) with this fingerprint, newest first.
pub(super) async fn incidents_of(
    server: &TestServer,
    token: &str,
    fingerprint: &str,
) -> Vec<Value> {
    let (_, list) = server.get("/api/v1/incidents?limit=500", token).await;
    list["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["fingerprint"] == json!(fingerprint))
        .cloned()
        .collect()
}

/// `docker inspect -f FORMAT NAME`.
pub(super) fn inspect(name: &str, format: &str) -> String {
    docker(&["inspect", "-f", format, name])
}

/// The label that makes a test server watch a container without opting it in to restarts.
pub(super) fn watched_only(label: &str) -> String {
    label.replace("=true", "=false")
}

pub(super) fn uuid_like() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
    .chars()
    .rev()
    .collect()
}

pub(super) async fn monitored(
    configure: impl FnOnce(&mut warden_server::Config) + Send + 'static,
) -> (TestServer, String, String) {
    monitored_by(&format!("wtest.autoheal.{}", &uuid_like()[..10]), configure).await
}

/// A server whose opt-in label is `label` (its containers may be started before it).
pub(super) async fn monitored_by(
    label: &str,
    configure: impl FnOnce(&mut warden_server::Config) + Send + 'static,
) -> (TestServer, String, String) {
    let label = label.to_owned();
    let own = label.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            // Only events, alerts and explicit runs sweep during a test (the first tick aside);
            // the monitor acts only on containers with this server's own opt-in label (tests
            // run side by side on one Docker daemon) and watches no real disk unless told which.
            c.monitor.enabled = true;
            c.monitor.interval_secs = 3600;
            c.monitor.verify_after_secs = 2;
            // A repaired container must stay up this long to count as held.
            c.monitor.verify_hold_secs = 3;
            c.monitor.repair_backoff_secs = 0;
            c.monitor.gpus = false;
            // Its own containers only: every test's server shares one Docker daemon.
            c.monitor.watch_label = Some(own.clone());
            c.monitor.autoheal_label = own;
            c.monitor.disk_mounts = vec!["/nonexistent-mount".to_owned()];
            // The host's own load and memory are whatever the machine running the suites is
            // doing (on two busy cores the load per core passes any useful threshold): no
            // incident of theirs may take a test's scripted replies. Tests about them set their
            // own thresholds.
            c.monitor.load_per_core = (1.0e9, 1.0e9);
            c.monitor.memory_percent = (1000.0, 1000.0);
            configure(c);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    (server, admin, format!("{label}=true"))
}

/// Polls the incident with this fingerprint until `done` holds for it.
pub(super) async fn incident_until(
    server: &TestServer,
    token: &str,
    fingerprint: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        let (_, list) = server.get("/api/v1/incidents?limit=500", token).await;
        last = list.clone();
        if let Some(found) = list["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["fingerprint"] == json!(fingerprint))
        {
            let (_, detail) = server
                .get(
                    &format!("/api/v1/incidents/{}", found["id"].as_str().unwrap()),
                    token,
                )
                .await;
            if done(&detail) {
                return detail;
            }
            last = detail;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("incident {fingerprint} never reached the expected state; last: {last}");
}

pub(super) fn timeline(detail: &Value) -> Vec<String> {
    detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}
