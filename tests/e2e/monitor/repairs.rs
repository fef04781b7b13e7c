//! Repairs the policy holds or forbids, vanished containers, and the repair model.

use std::time::Duration;

use super::{
    Container, docker, image, incident_until, monitored, run_container, timeline, uuid_like,
    watched_only,
};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};

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
    server.post_empty("/api/v1/monitor/run", &admin).await;
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
    // It names the incident it repairs (the approvals page links there), and no conversation.
    assert_eq!(
        (
            pending["tool"].clone(),
            pending["requested_by"].clone(),
            pending["incident_id"].clone(),
            pending["conversation_id"].clone()
        ),
        (
            json!("docker_start"),
            json!("monitor:model"),
            waiting["incident"]["id"].clone(),
            Value::Null
        ),
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
    server.post_empty("/api/v1/monitor/run", &admin).await;
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
