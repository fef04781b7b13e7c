//! Chat through the real server against the scripted model: JSON and server-sent events, tool
//! calls on this host, persistence, ownership, failures, cancellation and restarts.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{
    Reply, ScriptedLlm, TestServer, USER_PASSWORD, error_code, scripted_model,
};

async fn server_with(llm: &ScriptedLlm, openai: bool) -> TestServer {
    let model = scripted_model("local", llm, openai);
    TestServer::builder()
        .configure(move |c| c.llm.models = vec![model])
        .start()
        .await
}

/// The events' types, a run of streamed answer pieces counted as one `answer_delta`.
fn types(events: &Value) -> Vec<String> {
    let mut types: Vec<String> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    types.dedup_by(|a, b| a == "answer_delta" && b == "answer_delta");
    types
}

/// The streamed answer pieces of the run's last step, joined.
fn streamed_answer(events: &[Value]) -> String {
    let last_step = events
        .iter()
        .rposition(|e| e["type"] == "thinking" || e["type"] == "tool_result")
        .map_or(0, |at| at + 1);
    events[last_step..]
        .iter()
        .filter(|e| e["type"] == "answer_delta")
        .map(|e| e["text"].as_str().unwrap())
        .collect()
}

/// Parses a server-sent events body into (event name, JSON data) pairs.
fn sse_events(body: &str) -> Vec<(String, Value)> {
    body.split("\n\n")
        .filter_map(|block| {
            let name = block.lines().find_map(|l| l.strip_prefix("event: "))?;
            let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
            Some((name.to_owned(), serde_json::from_str(data).ok()?))
        })
        .collect()
}

#[tokio::test]
async fn a_json_chat_runs_a_tool_and_is_kept_in_the_conversation() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("This host looks healthy.".to_owned()));
    let server = server_with(&llm, false).await;
    let admin = server.admin_token().await;
    let (status, reply) = server
        .post(
            "/api/v1/chat",
            &admin,
            json!({"message": "How is this host?"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(
        (reply["status"].clone(), reply["answer"].clone()),
        (json!("complete"), json!("This host looks healthy."))
    );
    assert_eq!(
        types(&reply["events"]),
        vec![
            "run_started",
            "tool_call",
            "tool_result",
            "answer_delta",
            "complete"
        ]
    );
    let events = reply["events"].as_array().unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>());
    assert!(
        events
            .iter()
            .filter(|e| e["type"] == "answer_delta")
            .count()
            > 1,
        "the answer streams in pieces"
    );
    assert_eq!(streamed_answer(events), "This host looks healthy.");
    let call = &reply["events"][1];
    assert_eq!(
        (
            call["name"].clone(),
            call["risk"].clone(),
            call["route"].clone()
        ),
        (json!("system_info"), json!("low"), json!("run"))
    );
    assert_eq!(reply["events"][2]["ok"], json!(true));
    assert_eq!(events.last().unwrap()["model"], json!("local"));

    let conversation_id = reply["conversation_id"].as_str().unwrap();
    let (_, listed) = server.get("/api/v1/conversations", &admin).await;
    assert_eq!(
        listed["conversations"][0]["title"],
        json!("How is this host?")
    );
    let (_, detail) = server
        .get(&format!("/api/v1/conversations/{conversation_id}"), &admin)
        .await;
    let roles: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["user", "assistant", "tool", "assistant"]);
    assert_eq!(
        detail["messages"][1]["tool_calls"][0]["name"],
        json!("system_info")
    );
    assert_eq!(detail["runs"][0]["status"], json!("complete"));
    assert_eq!(detail["runs"][0]["model"], json!("local"));

    // The next message continues the conversation: the model sees the earlier turn.
    llm.push(Reply::Text("Still healthy.".to_owned()));
    let (_, again) = server
        .post(
            "/api/v1/chat",
            &admin,
            json!({"message": "And now?", "conversation_id": conversation_id}),
        )
        .await;
    assert_eq!(again["answer"], json!("Still healthy."));
    let sent = llm.requests();
    let last: Vec<String> = sent.last().unwrap().body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str().map(str::to_owned))
        .collect();
    assert!(
        last.iter().any(|c| c == "How is this host?")
            && last.iter().any(|c| c == "This host looks healthy."),
        "{last:?}"
    );

    // The whole run can be replayed from any point.
    let run_id = reply["run_id"].as_str().unwrap();
    let (_, replay) = server
        .get(&format!("/api/v1/runs/{run_id}/events?after_seq=3"), &admin)
        .await;
    assert_eq!(types(&replay["events"]), vec!["answer_delta", "complete"]);
}

#[tokio::test]
async fn server_sent_events_stream_the_same_steps() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "disk_usage".to_owned(),
        json!({"path": "/"}),
    )]));
    llm.push(Reply::Text("Plenty of space.".to_owned()));
    let server = server_with(&llm, true).await;
    let admin = server.admin_token().await;
    let response = server
        .request(Method::POST, "/api/v1/chat")
        .bearer_auth(&admin)
        .header("accept", "text/event-stream")
        .json(&json!({"message": "disk?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let events = sse_events(&response.text().await.unwrap());
    let mut names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    names.dedup_by(|a, b| *a == "answer_delta" && *b == "answer_delta");
    assert_eq!(
        names,
        vec![
            "run_started",
            "tool_call",
            "tool_result",
            "answer_delta",
            "complete"
        ]
    );
    assert!(
        events
            .iter()
            .all(|(name, data)| data["type"] == json!(name))
    );
    let data: Vec<Value> = events.iter().map(|(_, d)| d.clone()).collect();
    assert_eq!(streamed_answer(&data), "Plenty of space.");
    assert_eq!(
        events.last().unwrap().1["answer"],
        json!("Plenty of space.")
    );
}

#[tokio::test]
async fn one_user_cannot_see_or_touch_anothers_conversations_and_runs() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text("private answer".to_owned()));
    let server = server_with(&llm, false).await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "bob", &["read", "write"]).await;
    let bob = server.login("bob", USER_PASSWORD).await.access_token;
    let (_, reply) = server
        .post("/api/v1/chat", &admin, json!({"message": "secret stuff"}))
        .await;
    let (conversation, run) = (
        reply["conversation_id"].as_str().unwrap(),
        reply["run_id"].as_str().unwrap(),
    );

    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/conversations/{conversation}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/conversations/{conversation}"),
            Some(json!({"title": "mine"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/conversations/{conversation}"),
            None,
        ),
        (Method::GET, format!("/api/v1/runs/{run}/events"), None),
        (Method::POST, format!("/api/v1/runs/{run}/cancel"), None),
        (
            Method::POST,
            "/api/v1/chat".to_owned(),
            Some(json!({"message": "hi", "conversation_id": conversation})),
        ),
    ] {
        let mut request = server.request(method.clone(), &path).bearer_auth(&bob);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let (status, body) = server.send(request).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {path}"
        );
    }
    let (_, listed) = server.get("/api/v1/conversations", &bob).await;
    assert_eq!(listed["conversations"], json!([]));
    let (_, still) = server
        .get(&format!("/api/v1/conversations/{conversation}"), &admin)
        .await;
    assert_eq!(still["conversation"]["title"], json!("secret stuff"));
}

#[tokio::test]
async fn a_missing_model_and_bad_requests_are_reported() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = ScriptedLlm::start().await;
    let mut model = scripted_model("local", &dead, false);
    model.url = format!("http://127.0.0.1:{closed}");
    let server = TestServer::builder()
        .configure(move |c| c.llm.models = vec![model])
        .start()
        .await;
    let admin = server.admin_token().await;
    let (status, reply) = server
        .post("/api/v1/chat", &admin, json!({"message": "hello"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["status"], json!("error"));
    assert_eq!(
        reply["events"].as_array().unwrap().last().unwrap()["code"],
        json!("llm_unreachable")
    );
    let (_, detail) = server
        .get(
            &format!(
                "/api/v1/conversations/{}",
                reply["conversation_id"].as_str().unwrap()
            ),
            &admin,
        )
        .await;
    assert_eq!(
        (
            detail["runs"][0]["status"].clone(),
            detail["runs"][0]["error_code"].clone()
        ),
        (json!("error"), json!("llm_unreachable"))
    );
    assert_eq!(
        detail["messages"][0]["content"],
        json!("hello"),
        "the message was kept"
    );

    for (body, mentions) in [
        (json!({"message": "   "}), "message must be"),
        (json!({"message": "x".repeat(40_000)}), "message must be"),
        (
            json!({"message": "hi", "model": "gpt-9"}),
            "unknown model 'gpt-9'; known: auto, local",
        ),
    ] {
        let (status, error) = server.post("/api/v1/chat", &admin, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains(mentions),
            "{error}"
        );
    }
    let (status, _) = server
        .post(
            "/api/v1/chat",
            &admin,
            json!({"message": "hi", "conversation_id": "nope"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let unconfigured = TestServer::start().await;
    let token = unconfigured.admin_token().await;
    let (_, reply) = unconfigured
        .post("/api/v1/chat", &token, json!({"message": "hello"}))
        .await;
    assert_eq!(
        reply["events"].as_array().unwrap().last().unwrap()["code"],
        json!("llm_not_configured")
    );
}

async fn wait_for_started(server: &TestServer, token: &str) -> (String, String) {
    for _ in 0..100 {
        let (_, listed) = server.get("/api/v1/conversations", token).await;
        if let Some(id) = listed["conversations"][0]["id"].as_str() {
            let (_, detail) = server
                .get(&format!("/api/v1/conversations/{id}"), token)
                .await;
            if let Some(run) = detail["runs"][0]["id"].as_str() {
                return (id.to_owned(), run.to_owned());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the run never started");
}

#[tokio::test]
async fn a_run_can_be_cancelled_and_a_restart_marks_it_interrupted() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Delay(
        Duration::from_secs(30),
        Box::new(Reply::Text("too late".to_owned())),
    ));
    llm.push(Reply::Delay(
        Duration::from_secs(30),
        Box::new(Reply::Text("too late".to_owned())),
    ));
    let mut server = server_with(&llm, false).await;
    let admin = server.admin_token().await;

    let request = server
        .request(Method::POST, "/api/v1/chat")
        .bearer_auth(&admin)
        .json(&json!({"message": "slow question"}));
    let pending =
        tokio::spawn(async move { request.send().await.unwrap().json::<Value>().await.unwrap() });
    let (_, run) = wait_for_started(&server, &admin).await;
    let (status, _) = server
        .send(
            server
                .request(Method::POST, &format!("/api/v1/runs/{run}/cancel"))
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let reply = tokio::time::timeout(Duration::from_secs(5), pending)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reply["status"], json!("cancelled"));
    assert_eq!(types(&reply["events"]), vec!["run_started", "cancelled"]);
    // Once ended, there is nothing to cancel: 409 says how it ended.
    let (status, body) = server
        .send(
            server
                .request(Method::POST, &format!("/api/v1/runs/{run}/cancel"))
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already ended (cancelled)"),
        "{body}"
    );

    // A second slow run, and the server stops under it.
    let second = server
        .request(Method::POST, "/api/v1/chat")
        .bearer_auth(&admin)
        .json(&json!({"message": "another slow one"}));
    let _abandoned = tokio::spawn(async move { second.send().await });
    let mut run_id = String::new();
    for _ in 0..100 {
        let (_, listed) = server.get("/api/v1/conversations", &admin).await;
        let newest = listed["conversations"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let (_, detail) = server
            .get(&format!("/api/v1/conversations/{newest}"), &admin)
            .await;
        if detail["conversation"]["title"] == json!("another slow one")
            && let Some(id) = detail["runs"][0]["id"].as_str()
        {
            run_id = id.to_owned();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!run_id.is_empty());
    server.restart().await;
    let (status, events) = server
        .get(&format!("/api/v1/runs/{run_id}/events"), &admin)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(events["status"], json!("interrupted"));
    assert_eq!(
        events["events"].as_array().unwrap().last().unwrap()["code"],
        json!("interrupted")
    );
}

#[tokio::test]
async fn a_text_protocol_model_chats_through_the_server() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(
        "I'll check.\n```json\n{\"tool\": \"system_info\", \"arguments\": {}}\n```".to_owned(),
    ));
    llm.push(Reply::Text("The host is fine.".to_owned()));
    let mut model = scripted_model("small", &llm, true);
    model.native_tools = false;
    let server = TestServer::builder()
        .configure(move |c| c.llm.models = vec![model])
        .start()
        .await;
    let admin = server.admin_token().await;
    let (_, reply) = server
        .post(
            "/api/v1/chat",
            &admin,
            json!({"message": "How is the host?"}),
        )
        .await;
    assert_eq!(
        types(&reply["events"]),
        vec![
            "run_started",
            // "I'll check." streams as answer text until the call shows it was reasoning.
            "answer_delta",
            "thinking",
            "tool_call",
            "tool_result",
            "answer_delta",
            "complete"
        ]
    );
    let thinking = reply["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "thinking")
        .unwrap();
    assert_eq!(thinking["text"], json!("I'll check."));
    assert_eq!(reply["answer"], json!("The host is fine."));
    let first = &llm.requests()[0].body;
    assert!(first.get("tools").is_none());
    assert!(
        first["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("- system_info("),
        "a look at the host describes system_info in the prompt"
    );
}
