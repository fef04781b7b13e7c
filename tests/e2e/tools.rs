//! The tool catalogue: each caller sees exactly the tools its scopes allow, with their schemas.

use std::collections::BTreeSet;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;
use warden_test_support::{TestServer, USER_PASSWORD};

async fn names(server: &TestServer, token: &str) -> BTreeSet<String> {
    let (status, body) = server.get("/api/v1/tools", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn callers_see_only_the_tools_their_scopes_allow() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "reader", &["read"]).await;
    server
        .create_user(&admin, "operator", &["read", "execute"])
        .await;
    let reader = server.login("reader", USER_PASSWORD).await.access_token;
    let operator = server.login("operator", USER_PASSWORD).await.access_token;

    let read_only: BTreeSet<String> = [
        "disk_usage",
        "docker_images",
        "docker_inspect",
        "docker_logs",
        "docker_ps",
        "docker_stats",
        "dns_lookup",
        "file_info",
        "file_list",
        "file_read",
        "file_search",
        "git_branch",
        "git_diff",
        "git_log",
        "git_status",
        "gpu_status",
        "http_check",
        "journal_logs",
        "memory_list",
        "memory_recall",
        "ollama_ps",
        "port_check",
        "process_list",
        "service_status",
        "system_info",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let acting: BTreeSet<String> = [
        "docker_prune",
        "docker_remove",
        "docker_restart",
        "docker_start",
        "docker_stop",
        "file_write",
        "git_pull",
        "ollama_unload",
        "process_kill",
        "run_command",
        "service_control",
        "ssh_exec",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(names(&server, &reader).await, read_only);
    assert_eq!(
        names(&server, &operator).await,
        read_only.union(&acting).cloned().collect()
    );
    let writing: BTreeSet<String> = ["memory_delete", "memory_store"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let everything: BTreeSet<String> = read_only
        .union(&acting)
        .chain(writing.iter())
        .cloned()
        .collect();
    assert_eq!(names(&server, &admin).await, everything);

    let (_, body) = server.get("/api/v1/tools", &operator).await;
    let run = body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "run_command")
        .unwrap()
        .clone();
    assert_eq!(run["scope"], json!("execute"));
    assert_eq!(run["effect"], json!("mutating"));
    assert_eq!(run["sandboxable"], json!(true));
    assert_eq!(run["parameters"]["required"], json!(["command"]));
    assert_eq!(
        run["parameters"]["properties"]["command"]["type"],
        json!("string")
    );
    assert_eq!(run["parameters"]["additionalProperties"], json!(false));
}
