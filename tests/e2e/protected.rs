//! Warden's own data through the real server: the data directory the server was started with is
//! refused to every tool (file tools, git, command lines) in any spelling, and the classifier's
//! verdicts for the guard issue's examples are what `policy/explain` answers.

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{TestServer, error_code};

async fn invoke(server: &TestServer, token: &str, tool: &str, args: Value) -> (StatusCode, Value) {
    server
        .post(
            &format!("/api/v1/tools/{tool}/invoke"),
            token,
            json!({ "args": args }),
        )
        .await
}

#[tokio::test]
async fn the_guard_refuses_warden_data_directory_to_every_tool_in_any_spelling() {
    // Even an operator who makes the data directory a file root does not open it to tools.
    let server = TestServer::builder()
        .configure(|c| {
            let data = c.data_dir.clone();
            c.tools.file_roots.push(data);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let data = server.data_dir();
    let key = data.join("jwt-signing.key");
    assert!(key.exists(), "the signing key is created at start-up");
    let spelled = format!("{}//./jwt-signing.key", data.display());
    for (tool, args) in [
        ("file_read", json!({"path": key})),
        ("file_read", json!({"path": spelled})),
        ("file_list", json!({"path": data})),
        (
            "run_command",
            json!({"command": format!("base64 {}", key.display())}),
        ),
        ("run_command", json!({"command": format!("sort {spelled}")})),
        (
            "run_command",
            json!({"command": format!("cat {}/../data/jwt-signing.key", data.display())}),
        ),
        (
            "run_command",
            json!({"command": "strings /proc/self/environ"}),
        ),
        ("run_command", json!({"command": "cat /proc/1/environ"})),
    ] {
        let (status, body) = invoke(&server, &admin, tool, args.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{tool} {args}: {body}");
        assert_eq!(error_code(&body), "refused", "{body}");
        assert_eq!(body.get("output"), None, "nothing ran: {body}");
    }
    // What decided is named: the policy's protected path, or the classifier for a command line.
    let (_, explained) = server
        .post(
            "/api/v1/policy/explain",
            &admin,
            json!({"tool": "file_read", "args": {"path": key}}),
        )
        .await;
    assert_eq!(
        (explained["risk"].as_str(), explained["rule"].as_str()),
        (Some("forbidden"), Some("protected-path"))
    );
    for (command, risk) in [
        ("sed -n '1e id' /etc/hostname", "high"),
        ("getent shadow", "high"),
        ("docker inspect db", "high"),
        ("git -C /srv/app status", "low"),
        ("ps aux | grep nginx", "low"),
    ] {
        let (_, explained) = server
            .post(
                "/api/v1/policy/explain",
                &admin,
                json!({"tool": "run_command", "args": {"command": command}}),
            )
            .await;
        assert_eq!(
            explained["risk"].as_str(),
            Some(risk),
            "{command}: {explained}"
        );
    }
}
