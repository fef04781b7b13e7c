//! Approvals through the real server: each is visible to the user who asked (through a session
//! or one of their keys) and to approvers only; with `guard.require_second_person`, nobody
//! approves their own request.

use std::collections::BTreeSet;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
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
    let (status, body) = s.decide(&ops, &own, "approve").await;
    assert_eq!(
        (status, body["status"].clone()),
        (StatusCode::OK, json!("approved"))
    );
}
