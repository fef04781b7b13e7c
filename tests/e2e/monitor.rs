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

/// Starts a container; `label` (e.g. `wtest.autoheal.ID=true`) opts it in for one test server.
fn run_container(prefix: &str, script: &str, label: Option<&str>) -> Container {
    let name = format!("wtest-{prefix}-{}", &uuid_like()[..8]);
    let mut args = vec!["run", "-d", "--name", &name];
    if let Some(label) = label {
        args.extend(["--label", label]);
    }
    let image = image();
    args.extend([image.as_str(), "sh", "-c", script]);
    docker(&args);
    Container(name)
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
        Some(&label),
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
    let plain = run_container("plain", "sleep 1; exit 4", None);
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
    let container = run_container("loop", "sleep 1; exit 3", Some(&label));
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
