//! `/v1` through the official `openai` Python package: the model list, a chat answered whole
//! (with the client's history seeded and tool steps as notes), a streamed one, an approval
//! waited for inside a stream, and errors in OpenAI's shape.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{Reply, ScriptedLlm, TestServer, scripted_model};

use super::{python, run_python, script};

async fn server_with(llm: &ScriptedLlm, files: Option<std::path::PathBuf>) -> TestServer {
    let model = scripted_model("local", llm, true);
    TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            if let Some(root) = files {
                c.tools.file_roots = vec![root];
            }
        })
        .start()
        .await
}

async fn openai(server: &TestServer, key: &str, steps: Value) -> Value {
    run_python(
        "openai_client.py",
        &[&server.base, key, &steps.to_string()],
        Duration::from_secs(120),
    )
    .await
}

#[tokio::test]
async fn the_openai_package_lists_chats_whole_and_streamed_and_reads_errors() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("Healthy.".to_owned()));
    llm.push(Reply::Text("Streamed answer.".to_owned()));
    let server = server_with(&llm, None).await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read"], None)
        .await;
    let out = openai(
        &server,
        &key,
        json!([
            {"op": "models"},
            {"op": "chat", "messages": [
                {"role": "system", "content": "You are a pirate."},
                {"role": "user", "content": "My name is Ada."},
                {"role": "assistant", "content": "Hello Ada."},
                {"role": "user", "content": [{"type": "text", "text": "How is this host?"}]}
            ]},
            {"op": "chat", "stream": true, "messages": [{"role": "user", "content": "And now?"}]},
            {"op": "chat", "model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
            {"op": "chat", "messages": [{"role": "assistant", "content": "hi"}]},
        ]),
    )
    .await;
    assert_eq!(out[0], json!({"models": ["warden"]}));

    let whole = &out[1];
    assert_eq!(
        (
            &whole["object"],
            &whole["model"],
            &whole["role"],
            &whole["finish_reason"]
        ),
        (
            &json!("chat.completion"),
            &json!("warden"),
            &json!("assistant"),
            &json!("stop")
        )
    );
    assert_eq!(
        whole["content"],
        json!("> tool `system_info` {} (risk low, route run)\n> `system_info` done\n\nHealthy.")
    );
    // Two model calls (the tool step and the answer) counted together.
    let usage = &whole["usage"];
    assert!(usage["prompt_tokens"].as_u64().unwrap() > 0, "{usage}");
    assert_eq!(
        usage["total_tokens"].as_u64(),
        Some(
            usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
        ),
        "{usage}"
    );
    let mut types: Vec<&str> = whole["warden"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    // The answer streams in as many pieces as the model sends.
    types.dedup();
    assert_eq!(
        types,
        vec![
            "run_started",
            "tool_call",
            "tool_result",
            "answer_delta",
            "complete"
        ]
    );
    let run_id = whole["warden"]["run_id"].as_str().unwrap();
    assert_eq!(whole["id"], json!(format!("chatcmpl-{run_id}")));
    // The client's history reached the model; its system prompt did not replace Warden's.
    let sent = &llm.requests()[0].body["messages"];
    let contents: Vec<(&str, &str)> = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap(),
                m["content"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(contents[0].0, "system");
    assert!(!contents[0].1.contains("pirate"), "{contents:?}");
    assert_eq!(
        contents[1..].to_vec(),
        vec![
            ("user", "My name is Ada."),
            ("assistant", "Hello Ada."),
            ("user", "How is this host?")
        ]
    );
    // The conversation is Warden's: it is listed for the key's owner with the whole exchange.
    let conversation = whole["warden"]["conversation_id"].as_str().unwrap();
    let (status, stored) = server
        .get(&format!("/api/v1/conversations/{conversation}"), &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{stored}");

    let streamed = &out[2];
    assert_eq!(
        (
            &streamed["content"],
            &streamed["finish_reason"],
            &streamed["roles"]
        ),
        (
            &json!("Streamed answer."),
            &json!("stop"),
            &json!(["assistant"])
        )
    );
    let mut kinds: Vec<&str> = streamed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    kinds.dedup();
    assert_eq!(kinds, vec!["run_started", "answer_delta", "complete"]);
    // The usage chunk carries what the run's model calls used, as recorded for budgets.
    let usage = &streamed["usage"];
    let (prompt, completion, total) = (
        usage["prompt_tokens"].as_u64().unwrap(),
        usage["completion_tokens"].as_u64().unwrap(),
        usage["total_tokens"].as_u64().unwrap(),
    );
    assert!(prompt > 0 && completion > 0, "{usage}");
    assert_eq!(total, prompt + completion, "{usage}");

    assert_eq!(
        out[3]["error"],
        json!({"status": 404, "type": "not_found_error", "code": "model_not_found",
               "message": "the model 'gpt-4o' does not exist; use 'warden'"})
    );
    assert_eq!(out[4]["error"]["status"], json!(400));
    assert_eq!(out[4]["error"]["type"], json!("invalid_request_error"));
    assert_eq!(
        out[4]["error"]["message"],
        json!("the last message must be the user's, not 'assistant'")
    );

    let out = openai(&server, "wdn_wrong", json!([{"op": "models"}])).await;
    assert_eq!(out[0]["error"]["status"], json!(401));
    assert_eq!(out[0]["error"]["type"], json!("authentication_error"));
    assert_eq!(out[0]["error"]["code"], json!("invalid_credentials"));
}

#[tokio::test]
async fn a_streamed_chat_shows_the_approval_it_waits_for_and_goes_on_once_approved() {
    let files = tempfile::tempdir().unwrap();
    let target = files.path().join("motd");
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        json!({"path": target.display().to_string(), "content": "hi"}),
    )]));
    llm.push(Reply::Text("Written.".to_owned()));
    let server = server_with(&llm, Some(files.path().to_path_buf())).await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read", "execute"], None)
        .await;
    let steps = json!([{"op": "chat", "stream": true,
        "messages": [{"role": "user", "content": "Write the motd"}]}]);
    let client = tokio::process::Command::new(python())
        .arg(script("openai_client.py"))
        .args([server.base.as_str(), key.as_str(), &steps.to_string()])
        .kill_on_drop(true)
        .output();
    let client = tokio::spawn(client);
    let mut approval = None;
    for _ in 0..300 {
        let (_, list) = server.get("/api/v1/approvals?status=pending", &admin).await;
        if let Some(id) = list["approvals"][0]["id"].as_str() {
            approval = Some(id.to_owned());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let id = approval.expect("the run asked for approval");
    assert!(!target.exists());
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{id}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let output = tokio::time::timeout(Duration::from_secs(120), client)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: Value = serde_json::from_str(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    let args = json!({"content": "hi", "path": target.display().to_string()});
    assert_eq!(
        out[0]["content"],
        json!(format!(
            "> tool `file_write` {args} (risk high, route approval)\n\
             > waiting for approval `{id}`: `file_write` (risk high, rule effects.mutating). Approve or deny it in Warden's web app, or run `warden approvals approve {id}`\n\
             > approval `{id}` approved by user:admin\n\
             > `file_write` done\n\nWritten."
        ))
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "hi");
}

#[tokio::test]
async fn a_run_without_a_model_is_an_openai_error() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, body) = server
        .post(
            "/v1/chat/completions",
            &admin,
            json!({"model": "warden", "messages": [{"role": "user", "content": "hi"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["type"], json!("api_error"));
    assert_eq!(body["error"]["code"], json!("llm_not_configured"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("WARDEN_LLM_URL"),
        "{body}"
    );
    let (status, body) = server
        .send(
            server
                .request(reqwest::Method::POST, "/v1/chat/completions")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["type"], json!("invalid_request_error"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("the body is not a chat completion request")
    );
    let (status, body) = server.get("/v1/nothing", &admin).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["type"], json!("not_found_error"), "{body}");
}
