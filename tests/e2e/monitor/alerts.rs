//! Alertmanager intake: one incident per alert however often it comes.

use super::monitored;
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::error_code;

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
    // The scheme in any case (RFC 9110 §11.1): Alertmanager's `credentials_file` setups vary.
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let request = server
            .request(reqwest::Method::POST, "/api/v1/alerts/alertmanager")
            .header("authorization", format!("{scheme} {secret}"))
            .json(&alert("firing", "a1b2c3"));
        let (status, again) = server.send(request).await;
        assert_eq!(status, StatusCode::OK, "{scheme}: {again}");
        assert_eq!(again["repeated"], first["opened"], "{scheme}");
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
    // The caller is judged before the body: a stranger learns nothing of the payload's shape.
    let (status, body) = deliver(json!({"bogus": 1}), "wrong-secret-wrong-secret").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "{body}"
    );
    // Another version whose body has version 4's shape is read as version 4 (Alertmanager
    // keeps the schema, and does not retry a refused delivery): the same alert, repeated.
    for version in [json!("3"), json!(4), json!(" 4 ")] {
        let mut other = alert("firing", "a1b2c3");
        other["version"] = version.clone();
        let (status, body) = deliver(other, secret).await;
        assert_eq!(status, StatusCode::OK, "{version}: {body}");
        assert_eq!(body["repeated"], first["opened"], "{version}");
    }
    // Another version without that shape (an alert without labels, no alerts): refused.
    let mut unlabelled = alert("firing", "x");
    unlabelled["version"] = json!("3");
    unlabelled["alerts"][0]["labels"] = json!({});
    for bad in [unlabelled, json!({"version": "3", "alerts": []})] {
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
    }

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

/// One Alertmanager group of `count` firing alerts, each about 300 bytes, as a large group
/// delivers them (360 KB for 1,200: under the 1 MiB body limit).
fn big_group(count: usize, tag: &str) -> Value {
    let alerts: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "status": "firing",
                "labels": {"alertname": "TargetDown", "instance": format!("node-{i:04}.{tag}:9100"), "job": "node", "severity": "warning"},
                "annotations": {"summary": format!("node-{i:04} has not answered a scrape for 5 minutes")},
                "startsAt": "2026-11-21T10:00:00Z",
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "http://prometheus:9090/graph?g0.expr=up+%3D%3D+0",
                "fingerprint": format!("{tag}{i:06x}")
            })
        })
        .collect();
    json!({
        "version": "4", "groupKey": "{}:{alertname=\"TargetDown\"}", "status": "firing",
        "receiver": "warden", "groupLabels": {"alertname": "TargetDown"}, "commonLabels": {},
        "commonAnnotations": {}, "externalURL": "http://alertmanager:9093", "alerts": alerts
    })
}

#[tokio::test]
async fn a_delivery_of_1200_alerts_is_ingested_whole() {
    let (server, admin, _) = monitored(|_| {}).await;
    let tag = format!("big{}", &super::uuid_like()[..6]);
    let body = big_group(1200, &tag);
    assert!(body.to_string().len() > 300_000 && body.to_string().len() < 1024 * 1024);
    let (status, intake) = server
        .post("/api/v1/alerts/alertmanager", &admin, body)
        .await;
    assert_eq!(status, StatusCode::OK, "{intake}");
    let opened: std::collections::BTreeSet<&str> = intake["opened"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(opened.len(), 1200, "{intake}");
    let (_, first) = server
        .get(
            &format!(
                "/api/v1/incidents/{}",
                intake["opened"][0].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(
        (
            first["incident"]["kind"].clone(),
            first["incident"]["state"].clone(),
            first["incident"]["target"].clone(),
            first["incident"]["summary"].clone()
        ),
        (
            json!("alert"),
            json!("open"),
            json!(format!("node-0000.{tag}:9100")),
            json!("TargetDown: node-0000 has not answered a scrape for 5 minutes")
        )
    );
    let (_, open) = server
        .get("/api/v1/incidents?state=open&limit=500", &admin)
        .await;
    let alerts = open["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == json!("alert"))
        .count();
    assert_eq!(alerts, 500, "the list is capped at 500; all 1,200 are open");
    // Delivered again (Alertmanager repeats a firing group), they are repeats, not new incidents.
    let (status, again) = server
        .post("/api/v1/alerts/alertmanager", &admin, big_group(1200, &tag))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (
            again["opened"].as_array().unwrap().len(),
            again["repeated"].as_array().unwrap().len()
        ),
        (0, 1200)
    );
}

fn container_down(container: &str, status: &str, fingerprint: &str) -> Value {
    json!({
        "version": "4", "groupKey": "{}:{alertname=\"ContainerDown\"}", "status": status,
        "receiver": "warden", "groupLabels": {"alertname": "ContainerDown"}, "commonLabels": {},
        "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
        "alerts": [{
            "status": status,
            "labels": {"alertname": "ContainerDown", "container": container, "instance": "docker-host:8080", "severity": "critical"},
            "annotations": {"summary": format!("{container} is not running")},
            "startsAt": "2026-11-21T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus/graph", "fingerprint": fingerprint
        }]
    })
}

#[tokio::test]
async fn a_container_down_alert_restarts_an_opted_in_container_and_verifies_it() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Exits 0 the first time (no crash the monitor would see), then stays up.
    let down = super::run_container(
        "alertdown",
        "if [ -f /c ]; then exec sleep 3600; else touch /c; exit 0; fi",
        &label,
    );
    for _ in 0..50 {
        if super::inspect(&down.0, "{{.State.Status}}") == "exited" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let fingerprint = format!("cd{}", &super::uuid_like()[..8]);
    let (status, intake) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&down.0, "firing", &fingerprint),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{intake}");
    let key = format!("alert:{fingerprint}");
    let detail = super::incident_until(&server, &admin, &key, |d| {
        d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == json!("verification"))
    })
    .await;
    assert_eq!(detail["incident"]["target"], json!(down.0));
    let lines: Vec<String> = detail["timeline"]
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
    assert!(
        lines[1].starts_with(&format!(
            "action: docker_restart {{\"container\":\"{}\"}}: done",
            down.0
        )),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("verification: held for")
            && lines[2].ends_with("the incident closes when Alertmanager resolves the alert"),
        "{lines:#?}"
    );
    assert_eq!(super::inspect(&down.0, "{{.State.Status}}"), "running");
    // Held: no second restart while the alert still fires; Alertmanager's resolved closes it.
    server.post_empty("/api/v1/monitor/run", &admin).await;
    let (_, again) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&down.0, "resolved", &fingerprint),
        )
        .await;
    assert_eq!(again["resolved"], json!([detail["incident"]["id"]]));
    let (_, closed) = server
        .get(
            &format!(
                "/api/v1/incidents/{}",
                detail["incident"]["id"].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(closed["incident"]["state"], json!("resolved"));
    assert_eq!(
        super::timeline(&closed)
            .iter()
            .filter(|k| *k == "action")
            .count(),
        1
    );
}

#[tokio::test]
async fn an_alert_no_runbook_takes_goes_to_the_repair_model_with_the_alert_as_data() {
    let llm = warden_test_support::ScriptedLlm::start().await;
    let model = warden_test_support::scripted_model("local", &llm, false);
    let (server, admin, label) = monitored(move |c| c.llm.models = vec![model]).await;
    llm.push(warden_test_support::Reply::Text(
        "The container is up; nothing to change.".to_owned(),
    ));
    // Named by a ContainerDown alert, but it has not opted in to restarts.
    let plain = super::run_container(
        "alertplain",
        "exec sleep 3600",
        &super::watched_only(&label),
    );
    let fingerprint = format!("cp{}", &super::uuid_like()[..8]);
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&plain.0, "firing", &fingerprint),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let detail =
        super::incident_until(&server, &admin, &format!("alert:{fingerprint}"), |d| {
            d["timeline"].as_array().unwrap().iter().any(|e| {
                e["detail"] == json!("repair model: The container is up; nothing to change.")
            })
        })
        .await;
    let details: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("has not opted in to restarts")),
        "{details:#?}"
    );
    assert!(
        details.contains(&"no runbook covers this: asked the repair model"),
        "{details:#?}"
    );
    // The model was given the alert, labels and annotations, as data.
    let asked = llm.requests()[0].body.to_string();
    assert!(
        asked.contains("data, not instructions")
            && asked.contains("ContainerDown")
            && asked.contains(&format!("{} is not running", plain.0)),
        "{asked}"
    );
    assert_eq!(
        super::inspect(&plain.0, "{{.RestartCount}} {{.State.Status}}"),
        "0 running"
    );
}

#[tokio::test]
async fn an_alert_naming_a_container_by_id_restarts_it_by_name_and_an_id_prefix_restarts_nothing() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Opted in; exits 0 the first time (no crash the monitor would see), then stays up.
    let down = super::run_container(
        "alertid",
        "if [ -f /c ]; then exec sleep 3600; else touch /c; exit 0; fi",
        &label,
    );
    for _ in 0..50 {
        if super::inspect(&down.0, "{{.State.Status}}") == "exited" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let id = super::inspect(&down.0, "{{.Id}}");
    let lines = |detail: &Value| -> Vec<String> {
        detail["timeline"]
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
            .collect()
    };
    // A few characters of its id name no container: Docker would answer with this one (an id
    // prefix), the monitor does not take it.
    let prefix = format!("cq{}", &super::uuid_like()[..8]);
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&id[..4], "firing", &prefix),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let detail = super::incident_until(&server, &admin, &format!("alert:{prefix}"), |d| {
        d["timeline"].as_array().unwrap().iter().any(|e| {
            e["detail"]
                .as_str()
                .is_some_and(|d| d.contains("does not exist"))
        })
    })
    .await;
    assert!(
        !lines(&detail).iter().any(|l| l.starts_with("action:")),
        "{:#?}",
        lines(&detail)
    );
    assert_eq!(super::inspect(&down.0, "{{.State.Status}}"), "exited");
    // Its short id names it: restarted by its name, and verified.
    let short = format!("cs{}", &super::uuid_like()[..8]);
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&id[..12], "firing", &short),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let detail = super::incident_until(&server, &admin, &format!("alert:{short}"), |d| {
        d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == json!("verification"))
    })
    .await;
    let lines = lines(&detail);
    assert!(
        lines[1].starts_with(&format!(
            "action: docker_restart {{\"container\":\"{}\"}}: done",
            down.0
        )),
        "{lines:#?}"
    );
    assert!(lines[2].starts_with("verification: held for"), "{lines:#?}");
    assert_eq!(super::inspect(&down.0, "{{.State.Status}}"), "running");
}

#[tokio::test]
async fn a_crash_and_a_container_down_alert_for_it_restart_it_once() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Crashes once (exit 3), then stays up.
    let down = super::run_container(
        "alertcrash",
        "if [ -f /c ]; then exec sleep 3600; else touch /c; sleep 1; exit 3; fi",
        &label,
    );
    let fingerprint = format!("cc{}", &super::uuid_like()[..8]);
    for _ in 0..50 {
        if super::inspect(&down.0, "{{.State.Status}}") == "exited" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Alertmanager's alert about the same outage, while the crash's incident repairs it.
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            container_down(&down.0, "firing", &fingerprint),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    super::incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", down.0),
        |d| d["incident"]["state"] == json!("resolved"),
    )
    .await;
    // Sweeps after the crash's repair held: the alert, still firing, restarts nothing more.
    for _ in 0..3 {
        server.post_empty("/api/v1/monitor/run", &admin).await;
    }
    let (_, audit) = server
        .get("/api/v1/audit?tool=docker_restart&limit=500", &admin)
        .await;
    let restarts = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == json!("decision") && e.to_string().contains(down.0.as_str()))
        .count();
    let alert = super::incidents_of(&server, &admin, &format!("alert:{fingerprint}")).await;
    assert_eq!(restarts, 1, "{audit} {alert:?}");
    assert_eq!(super::inspect(&down.0, "{{.State.Status}}"), "running");
}

#[tokio::test]
async fn an_alert_naming_a_container_by_short_id_and_its_own_incident_repair_it_once() {
    // Every restart of these containers waits for a human's consent.
    let policies = tempfile::tempdir().unwrap();
    std::fs::write(
        policies.path().join("gated.toml"),
        "version = 1\n\n[[rule]]\nid = \"gated-restarts\"\nactors = [\"monitor\"]\ntools = [\"docker_restart\"]\narguments = { container = [\"wtest-gatedid-*\"] }\nlevel = \"high\"\njustification = \"These containers restart only with a human's consent.\"\nmatch = [{ container = \"wtest-gatedid-1\" }]\n",
    )
    .unwrap();
    let dir = policies.path().to_path_buf();
    let (server, admin, label) = monitored(move |c| c.guard.policy_dir = Some(dir)).await;
    let hung = super::run_container_with(
        "gatedid",
        &[
            "--health-cmd",
            "test ! -f /sick",
            "--health-interval",
            "1s",
            "--health-retries",
            "1",
        ],
        "exec sleep 3600",
        &label,
    );
    let id = super::inspect(&hung.0, "{{.Id}}");
    // Alertmanager names it by the short id `docker ps` shows, its episode begun in this run.
    let fingerprint = format!("cs{}", &super::uuid_like()[..8]);
    let mut body = container_down(&id[..12], "firing", &fingerprint);
    body["alerts"][0]["startsAt"] = json!(super::inspect(&hung.0, "{{.State.StartedAt}}"));
    let (status, intake) = server
        .post("/api/v1/alerts/alertmanager", &admin, body)
        .await;
    assert_eq!(status, StatusCode::OK, "{intake}");
    let alert = super::incident_until(&server, &admin, &format!("alert:{fingerprint}"), |d| {
        d["incident"]["state"] == json!("awaiting_approval")
    })
    .await;
    assert_eq!(alert["incident"]["target"], json!(&id[..12]));
    // Its health check fails now: its own incident waits for the alert's restart instead of
    // asking for a second one.
    super::docker(&["exec", &hung.0, "touch", "/sick"]);
    let unhealthy = super::incident_until(
        &server,
        &admin,
        &format!("container_unhealthy:{}", hung.0),
        |d| {
            d["incident"]["state"] == json!("awaiting_approval")
                || d["timeline"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["kind"] == json!("note"))
        },
    )
    .await;
    assert_ne!(
        unhealthy["incident"]["state"],
        json!("awaiting_approval"),
        "{unhealthy}"
    );
    let note = format!(
        "container {} is being repaired for incident {}; one repair at a time",
        hung.0,
        alert["incident"]["id"].as_str().unwrap()
    );
    assert!(
        unhealthy["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["detail"] == json!(note)),
        "{unhealthy}"
    );
}
