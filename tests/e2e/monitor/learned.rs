//! Fixes that become runbooks: the repair model's fix that held is recorded by the incident's
//! fingerprint and remembered as shared knowledge; once it held often enough it is proposed; an
//! operator accepts it, and the next incident of that kind is repaired by it, as the monitor,
//! through the guard, without asking the model.

use reqwest::StatusCode;
use serde_json::json;

use super::{incident_until, monitored, run_container, timeline, watched_only};

#[tokio::test]
async fn a_fix_that_held_is_proposed_accepted_and_then_run_as_a_runbook() {
    let llm = warden_test_support::ScriptedLlm::start().await;
    let model = warden_test_support::scripted_model("local", &llm, false);
    let (server, admin, label) = monitored(move |c| {
        c.llm.models = vec![model];
        c.memory.propose_runbook_after = 1;
    })
    .await;
    let script = "if [ -f /c ]; then sleep 3600; else touch /c; sleep 1; exit 3; fi";
    let first = run_container("learn", script, &watched_only(&label));
    use warden_test_support::Reply;
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
    let approval = waiting["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == json!("approval"))
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_owned();
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
            && d["timeline"].as_array().unwrap().iter().any(|e| {
                e["detail"]
                    .as_str()
                    .unwrap_or("")
                    .contains("proposed as runbook")
            })
    })
    .await;
    let incident_id = resolved["incident"]["id"].as_str().unwrap().to_owned();

    // A state that does not exist is named, with the ones that do.
    let (status, refused) = server
        .get("/api/v1/runbooks/proposals?state=pending", &admin)
        .await;
    assert_eq!(
        (status, refused["error"]["message"].clone()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("state must be one of: proposed, accepted, rejected")
        ),
        "{refused}"
    );

    // The proposal: the fix, its target generalised.
    let (status, list) = server
        .get("/api/v1/runbooks/proposals?state=proposed", &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let proposal = list["proposals"][0].clone();
    assert_eq!(
        (
            proposal["kind"].clone(),
            proposal["steps"].clone(),
            proposal["held_count"].clone(),
            proposal["state"].clone()
        ),
        (
            json!("container_exited"),
            json!([{"tool": "docker_start", "arguments": {"container": "{target}"}}]),
            json!(1),
            json!("proposed")
        )
    );
    let id = proposal["id"].as_str().unwrap().to_owned();
    // The fix is shared knowledge now, with the incident as its source.
    let (_, repairs) = server.get("/api/v1/memories?kind=repair", &admin).await;
    assert_eq!(
        (
            repairs["memories"][0]["content"].clone(),
            repairs["memories"][0]["shared"].clone(),
            repairs["memories"][0]["source"].clone()
        ),
        (
            json!(format!(
                "container {} exited with code 3: fixed by docker_start {{\"container\":\"{}\"}}",
                first.0, first.0
            )),
            json!(true),
            json!({"kind": "repair", "reference": incident_id})
        ),
        "{repairs}"
    );

    // Deciding needs `approve`; a decision is made once.
    server.create_user(&admin, "viewer", &["read"]).await;
    let viewer = server
        .login("viewer", warden_test_support::USER_PASSWORD)
        .await
        .access_token;
    let (status, _) = server
        .post(
            &format!("/api/v1/runbooks/proposals/{id}/accept"),
            &viewer,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, accepted) = server
        .post(
            &format!("/api/v1/runbooks/proposals/{id}/accept"),
            &admin,
            json!({"reason": "it worked"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(
        (
            accepted["state"].clone(),
            accepted["decided_by"].clone(),
            accepted["reason"].clone()
        ),
        (json!("accepted"), json!("admin"), json!("it worked"))
    );
    let (status, again) = server
        .post(
            &format!("/api/v1/runbooks/proposals/{id}/reject"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    let (status, _) = server
        .post("/api/v1/runbooks/proposals/nope/accept", &admin, json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The next such incident: the accepted runbook repairs it, as the monitor, and the model is
    // not asked.
    let asked_before = llm.requests().len();
    let second = run_container("learn", script, &watched_only(&label));
    let fingerprint = format!("container_exited:{}", second.0);
    let repaired = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    let actions: Vec<String> = repaired["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == json!("action"))
        .map(|e| e["detail"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert!(
        actions[0].starts_with(&format!(
            "docker_start {{\"container\":\"{}\"}}: done (",
            second.0
        )),
        "{actions:?}"
    );
    assert_eq!(
        timeline(&repaired),
        vec!["detected", "action", "verification", "outcome"]
    );
    assert_eq!(llm.requests().len(), asked_before);
    let (_, audit) = server
        .get("/api/v1/audit?tool=docker_start&limit=10", &admin)
        .await;
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == json!("monitor")
                && e["arguments"]["container"] == json!(second.0)),
        "{audit}"
    );
}
