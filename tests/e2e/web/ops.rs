//! `frontend/tests/ops.mjs`: incidents, containers and approvals at both widths. Incidents come
//! from Alertmanager deliveries (one alert that fires, resolves and fires again three times:
//! flapping), with the same backoff note written three times in a row by the monitor's store
//! calls; the container is real, logs a line a second and publishes a port.

use serde_json::{Value, json};
use warden_test_support::TestServer;

use super::{Container, Width, browse};

fn alert(status: &str, fingerprint: &str, instance: &str, severity: &str) -> Value {
    json!({
        "version": "4",
        "status": status,
        "alerts": [{
            "status": status,
            "labels": {"alertname": "HighLatency", "instance": instance, "severity": severity},
            "annotations": {"summary": "p99 above 2 s"},
            "fingerprint": fingerprint
        }]
    })
}

async fn ops_at(width: Width) {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| {
            c.monitor.enabled = false;
            c.tools.file_roots = vec![root];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let mut live = String::new();
    for round in 0..3 {
        let (_, fired) = server
            .post(
                "/api/v1/alerts/alertmanager",
                &admin,
                alert("firing", "f1", "web:9100", "critical"),
            )
            .await;
        live = fired["opened"][0].as_str().unwrap().to_owned();
        if round < 2 {
            server
                .post(
                    "/api/v1/alerts/alertmanager",
                    &admin,
                    alert("resolved", "f1", "web:9100", "critical"),
                )
                .await;
        }
    }
    server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            alert("firing", "g2", "db:9100", "warning"),
        )
        .await;
    // The timeline as a monitor that repeats itself writes it.
    let store = warden_store::Store::connect(&server.config().effective_database_url())
        .await
        .unwrap();
    let until = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600;
    for _ in 0..3 {
        store
            .add_incident_event(
                &live,
                warden_protocol::IncidentEventKind::Note,
                &format!("next repair not before {until} (backoff)"),
                i64::try_from(until).unwrap() - 600,
            )
            .await
            .unwrap();
    }
    store.close().await;
    let name = format!("wtest-web-ops-{}-{}", std::process::id(), width.name());
    let _container = Container::run(
        &name,
        &["-p", "127.0.0.1::8080"],
        "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done",
    );
    let note = files.path().join("note.txt").display().to_string();
    let report = browse(
        "tests/ops.mjs",
        &server.base,
        width,
        vec![("CONTAINER", name.clone()), ("NOTE_PATH", note)],
        |_| {},
    )
    .await;
    let seen = &report["seen"];
    assert_eq!(seen["incidents"], json!(4), "{report}");
    for page in seen["contrast"].as_array().unwrap() {
        assert!(page["checked"].as_u64().unwrap() > 20, "{report}");
        assert_eq!(
            page["failures"],
            json!({}),
            "readable in both themes: {report}"
        );
    }
    assert_eq!(
        seen["flapping"],
        json!({"target": "web:9100", "count": "3 (flapping)"}),
        "{report}"
    );
    assert_eq!(
        seen["flappingNote"],
        json!("Flapping: web:9100 (3 incidents)"),
        "{report}"
    );
    assert_eq!(
        (seen["resolved"].clone(), seen["stateInUrl"].clone()),
        (json!(2), json!(true)),
        "{report}"
    );
    assert!(
        seen["warnings"].as_str().unwrap().contains("db:9100"),
        "{report}"
    );
    assert_eq!(
        (
            seen["collapsed"].clone(),
            seen["rawUnixTimes"].clone(),
            seen["retryNote"].clone()
        ),
        (json!(1), json!(0), json!(true)),
        "three notes shown once, times readable: {report}"
    );
    assert!(seen["timelineTimes"].as_u64().unwrap() >= 3, "{report}");
    assert!(
        seen["acknowledged"]
            .as_str()
            .unwrap()
            .starts_with("Acknowledged by user:admin, "),
        "{report}"
    );
    assert!(
        seen["auditLink"]
            .as_str()
            .unwrap()
            .starts_with("#/audit?actor=monitor&since="),
        "{report}"
    );
    let container = &seen["container"];
    assert_eq!(
        container["image"],
        json!(
            std::env::var("WARDEN_TEST_DOCKER_IMAGE")
                .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned())
        ),
        "{report}"
    );
    let ports = container["ports"].as_str().unwrap();
    assert!(
        ports.starts_with("127.0.0.1:") && ports.ends_with("->8080/tcp"),
        "{report}"
    );
    assert_eq!(container["restarts"], json!("0"), "{report}");
    assert!(
        !container["uptime"].as_str().unwrap().is_empty(),
        "{report}"
    );
    assert_eq!(
        (seen["searched"].clone(), seen["followed"].clone()),
        (json!(1), json!(true)),
        "{report}"
    );
    assert!(
        seen["restartHeld"]
            .as_str()
            .unwrap()
            .contains("waits for an approval"),
        "{report}"
    );
    assert_eq!(
        (
            seen["highlighted"].clone(),
            seen["badge"].clone(),
            seen["badgeGone"].clone()
        ),
        (json!("docker_restart"), json!("1"), json!(true)),
        "{report}"
    );
    assert_eq!(
        (
            seen["askedStatus"].clone(),
            seen["liveBadge"].clone(),
            seen["notified"].clone()
        ),
        (
            json!(202),
            json!("1"),
            json!(["Approval needed: file_write"])
        ),
        "{report}"
    );
    assert!(
        seen["decidedLine"]
            .as_str()
            .unwrap()
            .starts_with("denied by user:admin, "),
        "{report}"
    );
    assert!(
        seen["decidedLine"].as_str().unwrap().contains("(not now)"),
        "{report}"
    );
    assert_eq!(seen["decidedTime"], json!(1), "{report}");
    // The approved write ran; the denied restart did not.
    assert_eq!(
        std::fs::read_to_string(files.path().join("note.txt")).unwrap(),
        "x"
    );
}

#[tokio::test]
async fn incidents_containers_and_approvals_work_at_desktop_width() {
    ops_at(Width::Desktop).await;
}

#[tokio::test]
async fn incidents_containers_and_approvals_work_at_phone_width() {
    ops_at(Width::Phone).await;
}
