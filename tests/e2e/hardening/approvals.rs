//! Approvals through the real server: each is visible to the user who asked (through a session
//! or one of their keys) and to approvers only; with `guard.require_second_person`, nobody
//! approves their own request, nor a call of another user's task they started.

use std::collections::BTreeSet;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_core::automation::{TaskAction, TaskSpec, ToolStep};
use warden_test_support::error_code;

use super::{Site, site, site_with};

async fn request_write(s: &Site, token: &str, name: &str) -> String {
    let (status, approval) = s
        .invoke(
            token,
            "file_write",
            json!({"path": s.root.join(name).display().to_string(), "content": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    approval["id"].as_str().unwrap().to_owned()
}

fn ids(list: &Value) -> BTreeSet<String> {
    list["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

fn set(items: &[&String]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).clone()).collect()
}

#[tokio::test]
async fn approvals_are_seen_by_their_requester_and_approvers_only() {
    let s = site().await;
    let alice = s.user("alice", &["read", "write", "execute"]).await;
    let bob = s.user("bob", &["read", "execute"]).await;
    let reader = s.user("reader", &["read"]).await;
    let approver = s.user("approver", &["read", "approve"]).await;
    let (_, alice_key) = s
        .server
        .create_api_key(&alice, "alice-ci", &["read", "execute"], None)
        .await;

    let a = request_write(&s, &alice, "a.txt").await;
    let b = request_write(&s, &bob, "b.txt").await;
    let (status, by_key) = s
        .invoke_with_key(
            &alice_key,
            "file_write",
            json!({"path": s.root.join("c.txt").display().to_string(), "content": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{by_key}");
    let c = by_key["id"].as_str().unwrap().to_owned();
    let admin_own = request_write(&s, &s.admin, "d.txt").await;

    for (who, token, expected) in [
        ("alice", &alice, set(&[&a, &c])),
        ("bob", &bob, set(&[&b])),
        ("reader", &reader, BTreeSet::new()),
        ("approver", &approver, set(&[&a, &b, &c, &admin_own])),
        ("admin", &s.admin, set(&[&a, &b, &c, &admin_own])),
    ] {
        let (status, list) = s.server.get("/api/v1/approvals", token).await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        assert_eq!(ids(&list), expected, "{who}");
        let (_, pending) = s
            .server
            .get("/api/v1/approvals?status=pending", token)
            .await;
        assert_eq!(ids(&pending), expected, "{who}, pending");
    }
    let (status, list) = s
        .server
        .send(
            s.server
                .request(Method::GET, "/api/v1/approvals")
                .header("X-API-Key", &alice_key),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        ids(&list),
        set(&[&a, &c]),
        "alice's key sees alice's approvals"
    );

    // One approval, by id: the others get the same 404 as for an id that does not exist.
    for (who, token, id, visible) in [
        ("alice", &alice, &a, true),
        ("alice", &alice, &c, true),
        ("alice", &alice, &b, false),
        ("bob", &bob, &a, false),
        ("reader", &reader, &a, false),
        ("approver", &approver, &b, true),
    ] {
        let (status, body) = s
            .server
            .get(&format!("/api/v1/approvals/{id}"), token)
            .await;
        if visible {
            assert_eq!(status, StatusCode::OK, "{who} {id}");
            assert_eq!(body["id"], json!(id));
        } else {
            assert_eq!(
                (status, error_code(&body)),
                (StatusCode::NOT_FOUND, "not_found"),
                "{who} {id}"
            );
            assert!(!body.to_string().contains("file_write"));
        }
    }
}

#[tokio::test]
async fn with_four_eyes_nobody_approves_their_own_request() {
    let s = site_with(|c| c.guard.require_second_person = true).await;
    let ops = s
        .user("ops", &["read", "write", "execute", "approve"])
        .await;
    let lead = s.user("lead", &["read", "approve"]).await;
    let (_, ops_key) = s
        .server
        .create_api_key(&ops, "ops-key", &["read", "execute", "approve"], None)
        .await;

    let own = request_write(&s, &ops, "own.txt").await;
    let (status, body) = s.decide(&ops, &own, "approve").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("require_second_person"),
        "{body}"
    );
    // Not through one of their keys either.
    let (status, _) = s
        .server
        .send(
            s.server
                .request(Method::POST, &format!("/api/v1/approvals/{own}/approve"))
                .header("X-API-Key", &ops_key)
                .json(&json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A request made through the key is still theirs.
    let (_, through_key) = s
        .invoke_with_key(
            &ops_key,
            "file_write",
            json!({"path": s.root.join("key.txt").display().to_string(), "content": "x"}),
        )
        .await;
    let through_key = through_key["id"].as_str().unwrap().to_owned();
    let (status, _) = s.decide(&ops, &through_key, "approve").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, still) = s
        .server
        .get(&format!("/api/v1/approvals/{own}"), &ops)
        .await;
    assert_eq!(still["status"], json!("pending"));

    // Someone else approves, and it runs; the requester may still withdraw their own.
    let (status, _) = s.decide(&lead, &own, "approve").await;
    assert_eq!(status, StatusCode::OK);
    let done = s.executed(&own).await;
    assert_eq!(done["outcome"]["ok"], json!(true), "{done}");
    assert_eq!(
        std::fs::read_to_string(s.root.join("own.txt")).unwrap(),
        "x"
    );
    let (status, denied) = s.decide(&ops, &through_key, "deny").await;
    assert_eq!(
        (status, denied["status"].clone()),
        (StatusCode::OK, json!("denied"))
    );
}

#[tokio::test]
async fn without_four_eyes_an_approver_may_approve_their_own_request() {
    let s = site().await;
    let ops = s.user("ops", &["read", "execute", "approve"]).await;
    let own = request_write(&s, &ops, "own.txt").await;
    // No body at all: every field of a decision is optional, so it reads as `{}`.
    let (status, body) = s
        .server
        .send(
            s.server
                .request(Method::POST, &format!("/api/v1/approvals/{own}/approve"))
                .bearer_auth(&ops),
        )
        .await;
    assert_eq!(
        (status, body["status"].clone()),
        (StatusCode::OK, json!("approved"))
    );
}

/// An approval runs with its requester's rights as they are when it is decided: a revoked key,
/// a disabled user or a removed scope withdraws it (with the reason), and nothing is written.
#[tokio::test]
async fn an_approval_whose_requester_lost_access_is_withdrawn_not_run() {
    let s = site().await;
    let approver = s.user("approver", &["read", "approve"]).await;
    let mut ids = std::collections::HashMap::new();
    let mut tokens = std::collections::HashMap::new();
    for name in ["keyholder", "leaver", "narrowed", "steady"] {
        let id = s
            .server
            .create_user(&s.admin, name, &["read", "write", "execute"])
            .await;
        let token = s
            .server
            .login(name, warden_test_support::USER_PASSWORD)
            .await
            .access_token;
        ids.insert(name, id);
        tokens.insert(name, token);
    }
    let (key_id, key) = s
        .server
        .create_api_key(&tokens["keyholder"], "ci", &["read", "execute"], None)
        .await;
    let (status, by_key) = s
        .invoke_with_key(
            &key,
            "file_write",
            json!({"path": s.root.join("key.txt").display().to_string(), "content": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{by_key}");
    let by_key = by_key["id"].as_str().unwrap().to_owned();
    let by_leaver = request_write(&s, &tokens["leaver"], "leaver.txt").await;
    let by_narrowed = request_write(&s, &tokens["narrowed"], "narrowed.txt").await;
    let by_steady = request_write(&s, &tokens["steady"], "steady.txt").await;

    let (status, _) = s
        .server
        .send(
            s.server
                .request(Method::DELETE, &format!("/api/v1/api-keys/{key_id}"))
                .bearer_auth(&tokens["keyholder"]),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (name, change) in [
        ("leaver", json!({"disabled": true})),
        ("narrowed", json!({"scopes": ["read", "write"]})),
    ] {
        let (status, body) = s
            .server
            .patch(&format!("/api/v1/users/{}", ids[name]), &s.admin, change)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    for (id, file, why) in [
        (&by_key, "key.txt", "its API key 'ci' was revoked"),
        (&by_leaver, "leaver.txt", "its user 'leaver' is disabled"),
        (
            &by_narrowed,
            "narrowed.txt",
            "this needs the 'execute' scope, which the caller no longer holds",
        ),
    ] {
        let (status, body) = s.decide(&approver, id, "approve").await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::CONFLICT, "conflict"),
            "{body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(why), "{message}");
        let (_, approval) = s
            .server
            .get(&format!("/api/v1/approvals/{id}"), &s.admin)
            .await;
        assert_eq!(
            (approval["status"].clone(), approval["execution"].clone()),
            (json!("withdrawn"), Value::Null),
            "{approval}"
        );
        assert!(
            approval["reason"].as_str().unwrap().contains(why),
            "{approval}"
        );
        // Given time, the sweeper does not run it either.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!s.root.join(file).exists(), "{file} was written");
    }
    // The audit log says who withdrew what, and why.
    let (_, audit) = s
        .server
        .get("/api/v1/audit?outcome=withdrawn", &s.admin)
        .await;
    let withdrawn: Vec<(&str, &str)> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(withdrawn.len(), 3, "{audit}");
    assert!(
        withdrawn
            .iter()
            .all(|(event, _)| *event == "approval_withdrawn"),
        "{withdrawn:?}"
    );

    let (status, body) = s.decide(&approver, &by_steady, "approve").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    s.executed(&by_steady).await;
    assert!(s.root.join("steady.txt").exists());
}

/// Four eyes hold through tasks: an administrator who starts another user's task sets its calls
/// in motion, so neither they nor the task's owner may approve what it asks for; a third person
/// may, and the starter may still deny.
#[tokio::test]
async fn with_four_eyes_whoever_starts_a_task_cannot_approve_its_calls() {
    let s = site_with(|c| {
        c.guard.require_second_person = true;
        let root = c.tools.file_roots[0].clone();
        c.automation.tasks = ["report", "again"]
            .into_iter()
            .map(|name| TaskSpec {
                name: name.to_owned(),
                schedule: None,
                owner: "ops".to_owned(),
                action: TaskAction::Tools(vec![ToolStep {
                    tool: "file_write".to_owned(),
                    args: json!({
                        "path": root.join(format!("{name}.txt")).display().to_string(),
                        "content": "x",
                    }),
                }]),
            })
            .collect();
    })
    .await;
    let ops = s
        .user("ops", &["read", "write", "execute", "approve"])
        .await;
    let lead = s.user("lead", &["read", "approve"]).await;

    // The run waits for its approval (the route answers when it ends, or after 20 s): decide
    // meanwhile.
    let run = s.server.post_empty("/api/v1/tasks/report/run", &s.admin);
    let decide = async {
        let id = pending_approval(&s).await;
        for (who, token) in [("the starter", &s.admin), ("the owner", &ops)] {
            let (status, body) = s.decide(token, &id, "approve").await;
            assert_eq!(
                (status, error_code(&body)),
                (StatusCode::FORBIDDEN, "forbidden"),
                "{who}: {body}"
            );
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains("started the task"), "{who}: {message}");
        }
        let (_, still) = s
            .server
            .get(&format!("/api/v1/approvals/{id}"), &s.admin)
            .await;
        assert_eq!(still["status"], json!("pending"), "{still}");
        let (status, body) = s.decide(&lead, &id, "approve").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    };
    let ((status, run), ()) = tokio::join!(run, decide);
    assert_eq!(
        (status, run["outcome"].clone()),
        (StatusCode::OK, json!("done")),
        "{run}"
    );
    assert_eq!(
        std::fs::read_to_string(s.root.join("report.txt")).unwrap(),
        "x"
    );

    // The starter may still deny.
    let run = s.server.post_empty("/api/v1/tasks/again/run", &s.admin);
    let deny = async {
        let id = pending_approval(&s).await;
        let (status, body) = s.decide(&s.admin, &id, "deny").await;
        assert_eq!(
            (status, body["status"].clone()),
            (StatusCode::OK, json!("denied")),
            "{body}"
        );
    };
    let ((_, run), ()) = tokio::join!(run, deny);
    assert_eq!(run["outcome"], json!("denied"), "{run}");
    assert!(!s.root.join("again.txt").exists());
}

/// The one pending approval, once there is one.
async fn pending_approval(s: &Site) -> String {
    for _ in 0..100 {
        let (_, list) = s
            .server
            .get("/api/v1/approvals?status=pending", &s.admin)
            .await;
        if let Some(id) = list["approvals"][0]["id"].as_str() {
            return id.to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no approval was opened");
}
