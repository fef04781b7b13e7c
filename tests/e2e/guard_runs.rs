//! Runs take their approvals with them: a chat run cancelled over the WebSocket while its call
//! waits for a human withdraws the approval (told on the socket and to the webhook, audited);
//! approving it afterwards is refused with a 409 that says why, and the real host command it
//! held never runs, not even when the sweeper passes.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{
    Reply, ScriptedLlm, TestServer, WebhookSink, error_code, scripted_model,
};

use crate::websocket::{connect_bearer, next, send};

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test]
async fn a_cancelled_runs_approval_is_withdrawn_and_never_runs() {
    let llm = ScriptedLlm::start().await;
    let sink = WebhookSink::start().await;
    let url = sink.url.clone();
    let model = scripted_model("local", &llm, false);
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.guard.sandbox = false;
            c.guard.approval_webhook = Some(url);
        })
        .start()
        .await;
    let target = server.root_dir().join("made-by-a-withdrawn-approval");
    llm.push(Reply::ToolCalls(vec![(
        "run_command".to_owned(),
        json!({"command": format!("touch {}", target.display())}),
    )]));
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    send(
        &mut socket,
        json!({"type": "message", "message": "make the marker"}),
    )
    .await;
    let (mut run_id, mut approval_id) = (String::new(), String::new());
    while approval_id.is_empty() {
        let event = next(&mut socket).await.expect("the run asks for approval");
        if event["type"] == "run_started" {
            run_id = event["run_id"].as_str().unwrap().to_owned();
        }
        if event["type"] == "approval_required" {
            approval_id = event["approval_id"].as_str().unwrap().to_owned();
        }
    }
    send(&mut socket, json!({"type": "cancel", "run_id": run_id})).await;
    let mut after = Vec::new();
    loop {
        let event = next(&mut socket).await.expect("the run ends");
        let done = event["type"] == "cancelled";
        after.push(event);
        if done {
            break;
        }
    }
    let shape: Vec<(String, String)> = after
        .iter()
        .filter(|e| e["run_id"] == json!(run_id))
        .map(|e| {
            let detail = e["decision"]
                .as_str()
                .or_else(|| e["error_code"].as_str())
                .unwrap_or_default();
            (e["type"].as_str().unwrap().to_owned(), detail.to_owned())
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("approval_resolved".to_owned(), "withdrawn".to_owned()),
            ("tool_result".to_owned(), "cancelled".to_owned()),
            ("cancelled".to_owned(), String::new()),
        ]
    );

    // Approving it now is refused, with the reason.
    let (status, body) = server
        .post(
            &format!("/api/v1/approvals/{approval_id}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("withdrawn"),
        "{body}"
    );
    let (_, approval) = server
        .get(&format!("/api/v1/approvals/{approval_id}"), &admin)
        .await;
    assert_eq!(approval["status"], "withdrawn");

    // The sweeper passes (it runs an unrelated approved call), and ours still has not run.
    let marker = server.root_dir().join("made-by-an-approved-invoke");
    let (status, pending) = server
        .post(
            "/api/v1/tools/run_command/invoke",
            &admin,
            json!({"args": {"command": format!("touch {}", marker.display())}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pending}");
    let other = pending["id"].as_str().unwrap();
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{other}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("the sweeper ran the other approved call", || {
        marker.exists()
    })
    .await;
    assert!(!target.exists(), "the withdrawn call never ran");

    // Audited and told to the webhook.
    let (_, audit) = server.get("/api/v1/audit", &admin).await;
    let withdrawn: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "approval_withdrawn")
        .collect();
    assert_eq!(withdrawn.len(), 1, "{audit}");
    assert_eq!(withdrawn[0]["approval_id"], json!(approval_id));
    eventually("the webhook heard of the withdrawal", || {
        sink.received().iter().any(|n| {
            n["event"] == "approval_decided"
                && n["status"] == "withdrawn"
                && n["approval_id"] == json!(approval_id)
        })
    })
    .await;
    let (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
    assert_eq!(
        (run["status"].clone(), run["pending_approvals"].clone()),
        (json!("cancelled"), json!([]))
    );
}
