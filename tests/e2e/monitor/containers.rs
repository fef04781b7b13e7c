//! Crashed containers: restarted and resolved, or escalated after the budget.

use std::time::Duration;

use super::{docker, incident_until, monitored, run_container, timeline, watched_only};
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_test_support::WebhookSink;

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

#[tokio::test]
async fn a_renamed_container_keeps_its_incident_and_its_old_name_starts_afresh() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Watched, not opted in: its crash's incident stays open.
    let crashed = run_container("renamed", "sleep 1; exit 4", &watched_only(&label));
    let before = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", crashed.0),
        |_| true,
    )
    .await;
    let id = before["incident"]["id"].clone();
    let renamed = super::Container(format!("{}-old", crashed.0));
    docker(&["rename", &crashed.0, &renamed.0]);
    // The same incident under the new name, noted; nothing closed as gone.
    let after = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", renamed.0),
        |d| timeline(d).len() > 1,
    )
    .await;
    assert_eq!(after["incident"]["id"], id, "{after}");
    assert_eq!(after["incident"]["state"], json!("open"));
    assert_eq!(after["incident"]["target"], json!(renamed.0));
    assert_eq!(timeline(&after), vec!["detected", "note"]);
    server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(
        super::incidents_of(&server, &admin, &format!("container_exited:{}", crashed.0)).await,
        Vec::<serde_json::Value>::new()
    );
    let (_, detail) = server
        .get(
            &format!("/api/v1/incidents/{}", id.as_str().unwrap()),
            &admin,
        )
        .await;
    assert_eq!(detail["incident"]["state"], json!("open"), "{detail}");
}
