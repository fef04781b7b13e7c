//! `POST /mcp` through the official MCP Python SDK: the tools a key's scopes allow, a low call
//! run, a high call held for approval (nothing runs until a human approves; then it runs once
//! and `warden_approval` tells the outcome), a forbidden call refused, an unknown tool, a key
//! without credentials refused, and every step in the audit log under the key.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::TestServer;

use super::run_python;

async fn mcp(server: &TestServer, key: &str, calls: Value) -> Value {
    run_python(
        "mcp_client.py",
        &["http", &server.url("/mcp"), key, &calls.to_string()],
        Duration::from_secs(60),
    )
    .await
}

#[tokio::test]
async fn the_python_sdk_lists_and_calls_tools_and_a_high_call_waits_for_approval() {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.tools.file_roots = vec![root])
        .start()
        .await;
    let admin = server.admin_token().await;
    let (key_id, key) = server
        .create_api_key(&admin, "agent", &["read", "execute"], None)
        .await;
    let target = files.path().join("motd");
    let write = json!({"path": target.display().to_string(), "content": "hello from mcp"});
    let out = mcp(
        &server,
        &key,
        json!([
            {"tool": "system_info", "arguments": {}},
            {"tool": "file_write", "arguments": write},
            {"tool": "run_command", "arguments": {"command": "sudo /bin/rm -rf /"}},
            {"tool": "no_such_tool", "arguments": {}},
        ]),
    )
    .await;
    assert_eq!(out["server"]["name"], json!("warden"));
    let names: Vec<&str> = out["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for expected in [
        "system_info",
        "file_write",
        "run_command",
        "warden_approval",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // The key holds read and execute, not write or admin: no tool needing those is offered.
    let (_, all) = server.get("/api/v1/tools", &admin).await;
    let write_only: Vec<&str> = all["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !["read", "execute"].contains(&t["scope"].as_str().unwrap()))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(!write_only.is_empty());
    for name in &write_only {
        assert!(!names.contains(name), "{name} needs a scope the key lacks");
    }
    let schema = &out["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "file_write")
        .unwrap()["schema"];
    assert_eq!(schema["type"], json!("object"));
    assert!(schema["properties"]["path"].is_object(), "{schema}");

    let calls = out["calls"].as_array().unwrap();
    let info = &calls[0];
    assert_eq!(info["is_error"], json!(false), "{info}");
    assert_eq!(
        (
            &info["structured"]["status"],
            &info["structured"]["risk"],
            &info["structured"]["route"],
            &info["structured"]["ok"]
        ),
        (&json!("done"), &json!("low"), &json!("run"), &json!(true))
    );
    assert!(info["structured"]["data"]["cpus"].as_u64().unwrap() >= 1);

    let held = &calls[1];
    assert_eq!(held["is_error"], json!(false), "{held}");
    assert_eq!(held["structured"]["status"], json!("pending_approval"));
    assert_eq!(held["structured"]["risk"], json!("high"));
    let approval_id = held["structured"]["approval_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        held["text"].as_str().unwrap().starts_with("NOT RUN YET")
            && held["text"].as_str().unwrap().contains(&approval_id),
        "{held}"
    );
    assert!(!target.exists(), "a held call never runs before approval");

    let refused = &calls[2];
    assert_eq!(refused["is_error"], json!(true));
    assert_eq!(refused["structured"]["status"], json!("refused"));
    assert_eq!(refused["structured"]["risk"], json!("forbidden"));
    assert!(
        refused["text"].as_str().unwrap().contains("Instead:"),
        "{refused}"
    );

    assert!(
        calls[3]["error"]
            .as_str()
            .unwrap()
            .contains("no tool named 'no_such_tool'"),
        "{}",
        calls[3]
    );

    // Still pending through warden_approval; then a human approves and it runs, once.
    let approval = json!({"approval_id": approval_id});
    let out = mcp(
        &server,
        &key,
        json!([{"tool": "warden_approval", "arguments": approval}]),
    )
    .await;
    assert_eq!(out["calls"][0]["structured"]["status"], json!("pending"));
    assert!(!target.exists());
    let (status, body) = server
        .post(
            &format!("/api/v1/approvals/{approval_id}/approve"),
            &admin,
            json!({"reason": "fine"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let out = mcp(
        &server,
        &key,
        json!([{"tool": "warden_approval", "arguments": approval, "until": {"key": "execution", "equals": "done"}}]),
    )
    .await;
    let settled = &out["calls"][0]["structured"];
    assert_eq!(
        (
            &settled["status"],
            &settled["execution"],
            &settled["outcome"]["ok"]
        ),
        (&json!("approved"), &json!("done"), &json!(true)),
        "{settled}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "hello from mcp");

    // Every decision and the execution are audited under the key.
    let (_, audit) = server
        .get(&format!("/api/v1/audit?actor=api_key:{key_id}"), &admin)
        .await;
    let mut rows: Vec<(String, String, String)> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_owned(),
                e["tool"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rows.reverse();
    let expected: Vec<(String, String, String)> = [
        ("decision", "system_info", "run"),
        ("execution", "system_info", "ok"),
        ("decision", "file_write", "approval"),
        ("approval_requested", "file_write", "pending"),
        ("decision", "run_command", "refused"),
        ("decision", "no_such_tool", "refused"),
        ("execution", "file_write", "ok"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn mcp_needs_a_valid_credential_with_read() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let (status, answer) = server
        .send(
            server
                .request(reqwest::Method::POST, "/mcp")
                .header("accept", "application/json, text/event-stream")
                .json(&body),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    let (status, _) = server
        .send(
            server
                .request(reqwest::Method::POST, "/mcp")
                .bearer_auth("wdn_not_a_key")
                .json(&body),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, no_read) = server
        .create_api_key(&admin, "writer", &["write"], None)
        .await;
    let (status, answer) = server
        .send(
            server
                .request(reqwest::Method::POST, "/mcp")
                .bearer_auth(&no_read)
                .json(&body),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(warden_test_support::error_code(&answer), "forbidden");
}

/// Each kind of bad message gets the JSON-RPC 2.0 error for it: unparseable JSON -32700 and an
/// object that is no JSON-RPC message -32600 (HTTP 400, id null), bad params of a known method
/// -32602 (with the request's id), and only an unknown method -32601.
#[tokio::test]
async fn bad_messages_get_their_json_rpc_errors() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "agent", &["read"], None)
        .await;
    let post = |body: &'static str| {
        server.send(
            server
                .request(reqwest::Method::POST, "/mcp")
                .bearer_auth(&key)
                .header("accept", "application/json, text/event-stream")
                .header("content-type", "application/json")
                .body(body),
        )
    };
    for (body, status, code, id) in [
        (
            r#"{"jsonrpc":"2.0","id":1,"method":"#,
            400,
            -32700,
            json!(null),
        ),
        ("yesterday", 400, -32700, json!(null)),
        ("[]", 400, -32600, json!(null)),
        (
            r#"{"id":1,"method":"tools/list"}"#,
            400,
            -32600,
            json!(null),
        ),
        (
            r#"{"jsonrpc":"2.0","id":1,"method":42}"#,
            400,
            -32600,
            json!(null),
        ),
        (
            r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{}}}"#,
            200,
            -32602,
            json!(7),
        ),
        (
            r#"{"jsonrpc":"2.0","id":"x","method":"tools/call","params":[1,2]}"#,
            200,
            -32602,
            json!("x"),
        ),
    ] {
        let (got, answer) = post(body).await;
        assert_eq!(
            (
                got.as_u16(),
                answer["jsonrpc"].clone(),
                answer["error"]["code"].clone(),
                answer["id"].clone()
            ),
            (status, json!("2.0"), json!(code), id),
            "{body}: {answer}"
        );
        assert!(
            !answer["error"]["message"].as_str().unwrap().is_empty(),
            "{answer}"
        );
    }
    let (_, answer) = post(r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}"#).await;
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("tools/call") && message.contains("name"),
        "{message}"
    );
    // An unknown method is the one -32601.
    let (_, answer) = post(r#"{"jsonrpc":"2.0","id":9,"method":"no/such/method"}"#).await;
    assert_eq!(
        (answer["error"]["code"].clone(), answer["id"].clone()),
        (json!(-32601), json!(9)),
        "{answer}"
    );
}
