//! The self-healing monitor against the real Docker daemon: a labelled container that crashes is
//! seen on the event stream and restarted, and its incident resolves with its timeline; a
//! crash-looping one exhausts its budget and is escalated, not restarted forever; a full
//! filesystem triggers the runbook and its verification; Alertmanager deliveries open one
//! incident however often they come.

use std::process::Command;
use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{TestServer, WebhookSink, error_code};

fn image() -> String {
    std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned())
}

fn docker(args: &[&str]) -> String {
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
struct Container(String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}

/// Starts a container for one test server: `label` is that server's `KEY=true` (watched and opted
/// in to restarts) or `KEY=false` (watched only; see [`watched_only`]).
fn run_container(prefix: &str, script: &str, label: &str) -> Container {
    let name = format!("wtest-{prefix}-{}", &uuid_like()[..8]);
    let mut args = vec!["run", "-d", "--name", &name, "--label", label];
    let image = image();
    args.extend([image.as_str(), "sh", "-c", script]);
    docker(&args);
    Container(name)
}

/// The label that makes a test server watch a container without opting it in to restarts.
fn watched_only(label: &str) -> String {
    label.replace("=true", "=false")
}

fn uuid_like() -> String {
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

async fn monitored(
    configure: impl FnOnce(&mut warden_server::Config) + Send + 'static,
) -> (TestServer, String, String) {
    let label = format!("wtest.autoheal.{}", &uuid_like()[..10]);
    let own = label.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            // Only events, alerts and explicit runs sweep during a test (the first tick aside);
            // the monitor acts only on containers with this server's own opt-in label (tests
            // run side by side on one Docker daemon) and watches no real disk unless told which.
            c.monitor.enabled = true;
            c.monitor.interval_secs = 3600;
            c.monitor.verify_after_secs = 2;
            c.monitor.repair_backoff_secs = 0;
            c.monitor.gpus = false;
            // Its own containers only: every test's server shares one Docker daemon.
            c.monitor.watch_label = Some(own.clone());
            c.monitor.autoheal_label = own;
            c.monitor.disk_mounts = vec!["/nonexistent-mount".to_owned()];
            configure(c);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    (server, admin, format!("{label}=true"))
}

/// Polls the incident with this fingerprint until `done` holds for it.
async fn incident_until(
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

fn timeline(detail: &Value) -> Vec<String> {
    detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_labelled_container_that_crashes_is_restarted_and_its_incident_resolves() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Crashes once (exit 3), then runs: the restart really fixes it.
    let container = run_container(
        "crash",
        "if [ -f /crashed ]; then sleep 3600; else touch /crashed; sleep 1; exit 3; fi",
        &label,
    );
    let fingerprint = format!("container_exited:{}", container.0);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    // Detected, restarted, verified, resolved (a sweep racing the first verification may add
    // an attempt in between; the timeline still starts and ends so).
    let kinds = timeline(&detail);
    assert_eq!(kinds[..2], ["detected", "action"], "{detail}");
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["verification", "outcome"],
        "{detail}"
    );
    let verified = &detail["timeline"][kinds.len() - 2]["detail"];
    assert!(verified.as_str().unwrap().contains("cleared"), "{detail}");
    let action = detail["timeline"][1]["detail"].as_str().unwrap();
    assert!(
        action.starts_with("docker_restart") && action.contains("done"),
        "{action}"
    );
    assert_eq!(
        docker(&["inspect", "-f", "{{.State.Status}}", &container.0]),
        "running"
    );
    // The restart went through the guard as the monitor, under the monitor's grant.
    let (_, audit) = server
        .get("/api/v1/audit?tool=docker_restart", &admin)
        .await;
    let decision = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == json!("decision"))
        .cloned()
        .unwrap();
    assert_eq!(
        (decision["actor"].clone(), decision["risk"].clone()),
        (json!("monitor"), json!("low"))
    );
    assert!(
        decision["detail"]
            .as_str()
            .unwrap()
            .starts_with("monitor-restarts-containers"),
        "{decision}"
    );
    // An unlabelled container that crashes opens an incident but is left alone.
    let plain = run_container("plain", "sleep 1; exit 4", &watched_only(&label));
    let detail = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", plain.0),
        |_| true,
    )
    .await;
    assert_eq!(detail["incident"]["state"], json!("open"));
    assert_eq!(timeline(&detail), vec!["detected"]);
}

#[tokio::test]
async fn a_crash_looping_container_exhausts_its_budget_and_is_escalated() {
    let sink = WebhookSink::start().await;
    let url = sink.url.clone();
    let (server, admin, label) = monitored(move |c| {
        c.monitor.repair_budget = 2;
        // Long enough that a restarted container has crashed again when it is checked.
        c.monitor.verify_after_secs = 3;
        c.monitor.webhook = Some(url);
    })
    .await;
    let container = run_container("loop", "sleep 1; exit 3", &label);
    let fingerprint = format!("container_exited:{}", container.0);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("escalated")
    })
    .await;
    let kinds = timeline(&detail);
    assert_eq!(
        kinds.iter().filter(|k| *k == "action").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.last().map(String::as_str),
        Some("escalated"),
        "{kinds:?}"
    );
    // No more restarts: it stays down, and the incident stays escalated.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        docker(&["inspect", "-f", "{{.State.Status}}", &container.0]),
        "exited"
    );
    let (_, again) = server
        .get(
            &format!(
                "/api/v1/incidents/{}",
                detail["incident"]["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(
        timeline(&again).iter().filter(|k| *k == "action").count(),
        2
    );
    assert_eq!(again["incident"]["state"], json!("escalated"));
    let events: Vec<String> = sink
        .received()
        .iter()
        .map(|n| n["event"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        events.contains(&"incident_opened".to_owned())
            && events.contains(&"incident_escalated".to_owned()),
        "{events:?}"
    );
}

/// A small tmpfs mounted for the test, unmounted when it ends.
struct SmallDisk(std::path::PathBuf);

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[tokio::test]
async fn a_full_disk_triggers_the_runbook_and_its_verification() {
    let mount = std::env::temp_dir().join(format!("warden-e2e-disk-{}", &uuid_like()[..8]));
    std::fs::create_dir_all(&mount).unwrap();
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "mounting a tmpfs needs root, which make test has"
    );
    let disk = SmallDisk(mount.clone());
    let watched = mount.display().to_string();
    let (server, admin, _) = monitored(move |c| {
        c.monitor.disk_percent = (50.0, 80.0);
        c.monitor.disk_mounts = vec![watched];
    })
    .await;
    std::fs::write(mount.join("filler"), vec![7u8; 3_600_000]).unwrap();

    let (status, report) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let fingerprint = format!("disk_full:{}", mount.display());
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == json!(fingerprint))
        .cloned();
    assert_eq!(
        finding.as_ref().map(|f| f["severity"].clone()),
        Some(json!("critical")),
        "{report}"
    );
    let detail = incident_until(&server, &admin, &fingerprint, |_| true).await;
    // Sweeps that Docker events start meanwhile may try again: the first attempt is what counts.
    let kinds = timeline(&detail);
    assert_eq!(
        kinds[..4],
        ["detected", "action", "action", "verification"],
        "{detail}"
    );
    assert!(
        detail["timeline"][1]["detail"]
            .as_str()
            .unwrap()
            .starts_with("docker_prune {\"what\":\"build_cache\"}: done"),
        "{detail}"
    );
    // Docker's caches were not what filled this disk: the verification says so, and it stays open.
    assert!(
        detail["timeline"][3]["detail"]
            .as_str()
            .unwrap()
            .contains("still"),
        "{detail}"
    );
    assert_eq!(detail["incident"]["state"], json!("open"));

    std::fs::remove_file(mount.join("filler")).unwrap();
    // This sweep, or one a Docker event started meanwhile, finds it cleared.
    let (status, _) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    assert_eq!(
        timeline(&detail).last().map(String::as_str),
        Some("outcome")
    );
    let (_, history) = server.get("/api/v1/monitor/history?hours=1", &admin).await;
    assert!(
        history["points"].as_array().unwrap().len() >= 2,
        "{history}"
    );
    let (_, status) = server.get("/api/v1/monitor/status", &admin).await;
    assert!(
        status["readings"]["disks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["mount_point"] == json!(mount.display().to_string()))
    );
    drop(disk);
}

fn alert(status: &str, fingerprint: &str) -> Value {
    json!({
        "version": "4",
        "groupKey": "{}:{alertname=\"HighLatency\"}",
        "status": status,
        "receiver": "warden",
        "groupLabels": {"alertname": "HighLatency"},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": [{
            "status": status,
            "labels": {"alertname": "HighLatency", "instance": "web:9100", "severity": "critical"},
            "annotations": {"summary": "p99 above 2 s"},
            "startsAt": "2026-11-21T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus/graph",
            "fingerprint": fingerprint
        }]
    })
}

#[tokio::test]
async fn an_alertmanager_alert_opens_one_incident_however_often_it_is_delivered() {
    let secret = "a-shared-alertmanager-secret";
    let (server, admin, _) = monitored(move |c| {
        c.monitor.alertmanager_secret = Some(warden_server::config::Secret::new(secret))
    })
    .await;
    let deliver = |body: Value, token: &'static str| {
        let request = server
            .request(reqwest::Method::POST, "/api/v1/alerts/alertmanager")
            .bearer_auth(token)
            .json(&body);
        server.send(request)
    };
    let (status, first) = deliver(alert("firing", "a1b2c3"), secret).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["opened"].as_array().unwrap().len(), 1);
    for _ in 0..3 {
        let (_, again) = deliver(alert("firing", "a1b2c3"), secret).await;
        assert_eq!(again["repeated"], first["opened"]);
    }
    let (_, list) = server.get("/api/v1/incidents", &admin).await;
    let alerts: Vec<&Value> = list["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == json!("alert"))
        .collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        (
            alerts[0]["occurrences"].clone(),
            alerts[0]["severity"].clone()
        ),
        (json!(4), json!("critical"))
    );
    assert_eq!(alerts[0]["summary"], json!("HighLatency: p99 above 2 s"));

    let (status, body) = deliver(alert("firing", "a1b2c3"), "wrong-secret-wrong-secret").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "{body}"
    );
    let mut bad = alert("firing", "x");
    bad["version"] = json!("3");
    let (status, body) = deliver(bad, secret).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 4")
    );

    let (_, resolved) = deliver(alert("resolved", "a1b2c3"), secret).await;
    assert_eq!(resolved["resolved"], first["opened"]);
    let (_, detail) = server
        .get(
            &format!("/api/v1/incidents/{}", first["opened"][0].as_str().unwrap()),
            &admin,
        )
        .await;
    assert_eq!(detail["incident"]["state"], json!("resolved"));
    // Without the secret, an ordinary credential with `write` is accepted too.
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            alert("firing", "d4e5"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn remote_hosts_are_read_over_ssh_and_an_unreachable_one_is_critical() {
    let ssh_dir = std::path::PathBuf::from(
        std::env::var("WARDEN_TEST_SSH_DIR").expect("WARDEN_TEST_SSH_DIR (make test starts sshd)"),
    );
    let port: u16 = std::env::var("WARDEN_TEST_SSH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(2222);
    let known = tempfile::NamedTempFile::new().unwrap();
    let key = std::fs::read_to_string(ssh_dir.join("host_key.pub")).unwrap();
    let mut parts = key.split_whitespace();
    std::fs::write(
        known.path(),
        format!(
            "[127.0.0.1]:{port} {} {}\n",
            parts.next().unwrap(),
            parts.next().unwrap()
        ),
    )
    .unwrap();
    let known_path = known.path().to_path_buf();
    let host = |name: &str, port: u16| warden_tool_ssh::SshHost {
        name: name.to_owned(),
        address: "127.0.0.1".to_owned(),
        port,
        user: "root".to_owned(),
        key_file: ssh_dir.join("client_key"),
    };
    let hosts = vec![host("box", port), host("gone", 1)];
    let (server, admin, _) = monitored(move |c| {
        c.tools.ssh_hosts = hosts;
        c.tools.ssh_known_hosts = Some(known_path);
        // Any load at all counts, so the reading shows as a finding.
        c.monitor.load_per_core = (0.0001, 1000.0);
    })
    .await;
    let (status, report) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let remote = report["readings"]["remote"].as_array().unwrap();
    let boxed = remote.iter().find(|r| r["host"] == json!("box")).unwrap();
    assert_eq!(boxed["reachable"], json!(true), "{boxed}");
    assert!(
        boxed["memory_used_percent"].as_f64().unwrap() > 0.0,
        "{boxed}"
    );
    assert!(
        boxed["disks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["mount_point"] == json!("/")),
        "{boxed}"
    );
    let fingerprints: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    assert!(
        fingerprints.contains(&"host_unreachable:gone"),
        "{fingerprints:?}"
    );
    assert!(fingerprints.contains(&"load_high:box"), "{fingerprints:?}");
    // The reads went through the guard: low-risk ssh_exec calls by the monitor.
    let (_, audit) = server
        .get("/api/v1/audit?tool=ssh_exec&actor=monitor", &admin)
        .await;
    let decisions: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == json!("decision"))
        .collect();
    assert!(
        !decisions.is_empty() && decisions.iter().all(|e| e["risk"] == json!("low")),
        "{audit}"
    );
}

#[tokio::test]
async fn a_repair_the_policy_holds_waits_for_approval_and_a_denial_escalates() {
    let policies = tempfile::tempdir().unwrap();
    std::fs::write(
        policies.path().join("gated.toml"),
        "version = 1\n\n[[rule]]\nid = \"gated-restarts\"\nactors = [\"monitor\"]\ntools = [\"docker_restart\"]\narguments = { container = [\"wtest-gated-*\"] }\nlevel = \"high\"\njustification = \"These containers restart only with a human's consent.\"\nmatch = [{ container = \"wtest-gated-1\" }]\n",
    )
    .unwrap();
    let dir = policies.path().to_path_buf();
    let (server, admin, label) = monitored(move |c| c.guard.policy_dir = Some(dir)).await;
    let script = "if [ -f /c ]; then sleep 3600; else touch /c; sleep 1; exit 3; fi";
    let approved = run_container("gated", script, &label);
    let denied = run_container("gated", script, &label);
    let waiting = |name: String| {
        let server = &server;
        let admin = &admin;
        async move {
            incident_until(server, admin, &format!("container_exited:{name}"), |d| {
                d["incident"]["state"] == json!("awaiting_approval")
            })
            .await
        }
    };
    let first = waiting(approved.0.clone()).await;
    let second = waiting(denied.0.clone()).await;
    let approval_of = |detail: &Value| {
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == json!("approval"))
            .unwrap()["detail"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{}/approve", approval_of(&first)),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{}/deny", approval_of(&second)),
            &admin,
            json!({"reason": "leave it"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The guard runs the approved restart; the next sweep sees both outcomes.
    for _ in 0..50 {
        if docker(&["inspect", "-f", "{{.State.Status}}", &approved.0]) == "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        docker(&["inspect", "-f", "{{.State.Status}}", &approved.0]),
        "running"
    );
    server.post("/api/v1/monitor/run", &admin, json!({})).await;
    let resolved = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", approved.0),
        |d| d["incident"]["state"] == json!("resolved"),
    )
    .await;
    assert_eq!(
        timeline(&resolved).last().map(String::as_str),
        Some("outcome")
    );
    let escalated = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", denied.0),
        |d| d["incident"]["state"] == json!("escalated"),
    )
    .await;
    let last = escalated["timeline"].as_array().unwrap().last().unwrap();
    assert!(
        last["detail"]
            .as_str()
            .unwrap()
            .contains("denied (user:admin)"),
        "{escalated}"
    );
    assert_eq!(
        docker(&["inspect", "-f", "{{.State.Status}}", &denied.0]),
        "exited"
    );
}

#[tokio::test]
async fn what_no_runbook_covers_goes_to_the_repair_model_through_the_guard_and_a_fix_is_remembered()
{
    let llm = warden_test_support::ScriptedLlm::start().await;
    let model = warden_test_support::scripted_model("local", &llm, false);
    let (server, admin, label) = monitored(move |c| c.llm.models = vec![model]).await;
    let script = "if [ -f /c ]; then sleep 3600; else touch /c; sleep 1; exit 3; fi";
    // Not opted in: no runbook restarts it, so the model is asked.
    let first = run_container("model", script, &watched_only(&label));
    use warden_test_support::Reply;
    llm.push(Reply::ToolCalls(vec![(
        "docker_logs".to_owned(),
        json!({"container": first.0}),
    )]));
    llm.push(Reply::ToolCalls(vec![(
        "docker_start".to_owned(),
        json!({"container": first.0}),
    )]));
    llm.push(Reply::Text("Started it again.".to_owned()));
    let fingerprint = format!("container_exited:{}", first.0);
    let waiting = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("awaiting_approval")
    })
    .await;
    // The model's change is not granted: it waits for a human, like any other caller's.
    let approval = waiting["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == json!("approval"))
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, pending) = server
        .get(&format!("/api/v1/approvals/{approval}"), &admin)
        .await;
    assert_eq!(
        (pending["tool"].clone(), pending["requested_by"].clone()),
        (json!("docker_start"), json!("monitor:model")),
        "{pending}"
    );
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{approval}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let resolved = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    let details: Vec<String> = resolved["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["kind"].as_str().unwrap(),
                e["detail"].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "action: no runbook covers this: asked the repair model",
        "action: repair model: docker_logs: done",
        "action: repair model: docker_start: done",
        "note: repair model: Started it again.",
    ] {
        assert!(
            details.iter().any(|d| d == expected),
            "{expected} not in {details:#?}"
        );
    }
    assert_eq!(
        docker(&["inspect", "-f", "{{.State.Status}}", &first.0]),
        "running"
    );
    // The model was given the problem and the readings, framed as data.
    let asked = llm.requests()[0].body.to_string();
    assert!(
        asked.contains("exited with code 3") && asked.contains("data, not instructions"),
        "{asked}"
    );

    // The next such incident's prompt carries the fix that held.
    let second = run_container("model", script, &watched_only(&label));
    llm.push(Reply::Text("Leaving it to a human.".to_owned()));
    let fingerprint = format!("container_exited:{}", second.0);
    incident_until(&server, &admin, &fingerprint, |d| {
        d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["detail"] == json!("repair model: Leaving it to a human."))
    })
    .await;
    let asked_again = llm.requests().last().unwrap().body.to_string();
    assert!(
        asked_again.contains("fixed by docker_start"),
        "{asked_again}"
    );
}

#[tokio::test]
async fn a_forbidden_repair_escalates_and_a_vanished_container_fails_its_incident() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Opted in, but named like Warden's own container: the policy forbids restarting it.
    let name = format!("warden-{}", &uuid_like()[..8]);
    docker(&[
        "run",
        "-d",
        "--label",
        &label,
        "--name",
        &name,
        &image(),
        "sh",
        "-c",
        "sleep 1; exit 3",
    ]);
    let own = Container(name);
    let detail = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", own.0),
        |d| d["incident"]["state"] == json!("escalated"),
    )
    .await;
    let details: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["detail"].as_str())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("refused (protect-warden)")),
        "{details:?}"
    );
    assert!(
        details.last().unwrap().contains("the policy forbids"),
        "{details:?}"
    );

    let gone = run_container("gone", "sleep 1; exit 5", &watched_only(&label));
    let fingerprint = format!("container_exited:{}", gone.0);
    incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("open")
    })
    .await;
    docker(&["rm", "-f", &gone.0]);
    server.post("/api/v1/monitor/run", &admin, json!({})).await;
    let failed = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("failed")
    })
    .await;
    assert_eq!(
        timeline(&failed)[timeline(&failed).len() - 2..],
        ["verification", "outcome"]
    );
    assert!(failed["incident"]["closed_at"].is_i64());
}
