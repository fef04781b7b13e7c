//! Chat for automation and the accounting around it, through the real server and the scripted
//! model: JSON answers within a bounded wait (the run id, its status and any pending approval,
//! then `GET /api/v1/runs/{id}`), answers streamed over server-sent events as the model writes
//! them, a prompt too long reported as what it is, tokens stored per run,
//! user and key with daily budgets, and model metrics.

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_llm::Gate;
use warden_test_support::{Reply, ScriptedLlm, TestServer, error_code, scripted_model};

async fn server_with(
    llm: &ScriptedLlm,
    configure: impl FnOnce(&mut warden_server::Config) + Send + 'static,
) -> TestServer {
    let model = scripted_model("local", llm, true);
    TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            configure(c);
        })
        .start()
        .await
}

#[tokio::test]
async fn a_json_chat_waiting_for_an_approval_answers_at_once_with_it() {
    let llm = ScriptedLlm::start().await;
    let server = server_with(&llm, |c| c.guard.sandbox = false).await;
    let target = server.root_dir().join("made-after-approval");
    llm.push(Reply::ToolCalls(vec![(
        "run_command".to_owned(),
        json!({"command": format!("touch {}", target.display())}),
    )]));
    llm.push(Reply::Text("The file is there.".to_owned()));
    let admin = server.admin_token().await;
    let started = std::time::Instant::now();
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "Create the marker"}),
        )
        .await;
    assert!(
        started.elapsed().as_secs() < 30,
        "not held for the whole wait"
    );
    assert_eq!(status, StatusCode::ACCEPTED, "{reply}");
    assert_eq!(reply["status"], "awaiting_approval");
    let pending = reply["pending_approvals"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "{reply}");
    assert_eq!(pending[0]["tool"], "run_command");
    let run_id = reply["run_id"].as_str().unwrap();
    let approval = pending[0]["approval_id"].as_str().unwrap();
    // The same from GET on the run.
    let (status, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            run["status"].clone(),
            run["pending_approvals"][0]["approval_id"].clone()
        ),
        (json!("awaiting_approval"), json!(approval))
    );
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{approval}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Followed to its end (bounded).
    let mut run = run;
    for _ in 0..100 {
        (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
        if run["status"] == "complete" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(run["status"], "complete", "{run}");
    assert_eq!(run["answer"], "The file is there.");
    assert_eq!(run["pending_approvals"], json!([]));
    assert!(target.exists(), "the approved call ran");
    assert_eq!(run["usage"]["model_calls"], json!(2));
    assert_eq!(run["usage"]["prompt_tokens"], json!(84));
}

#[tokio::test]
async fn a_json_chat_that_completes_answers_what_the_stored_run_says() {
    // The reply to a run followed to its end is built from the events the request saw; it must
    // be, field for field, what the stored run says.
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("All is well.".to_owned()));
    let server = server_with(&llm, |_| {}).await;
    let admin = server.admin_token().await;
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "How is the host?"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(
        (reply["status"].clone(), reply["answer"].clone()),
        (json!("complete"), json!("All is well."))
    );
    let kinds: Vec<&str> = reply["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default())
        .collect();
    assert!(kinds.contains(&"tool_result"), "{kinds:?}");
    assert_eq!(reply["usage"]["model_calls"], 2, "{reply}");
    let run_id = reply["run_id"].as_str().unwrap();
    let (status, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply, run);
}

#[tokio::test]
async fn a_json_chat_that_outlasts_its_wait_answers_running() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Delay(
        std::time::Duration::from_secs(3),
        Box::new(Reply::Text("Late but here.".to_owned())),
    ));
    let server = server_with(&llm, |_| {}).await;
    let admin = server.admin_token().await;
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=1",
            &admin,
            json!({"message": "slow?"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reply}");
    assert_eq!(
        (reply["status"].clone(), reply["answer"].clone()),
        (json!("running"), Value::Null)
    );
    let (status, body) = server
        .post(
            "/api/v1/chat?wait_secs=9999",
            &admin,
            json!({"message": "x"}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    let run_id = reply["run_id"].as_str().unwrap();
    let mut run = Value::Null;
    for _ in 0..100 {
        (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
        if run["status"] == "complete" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(run["answer"], "Late but here.");
    let (status, body) = server.get("/api/v1/runs/no-such-run", &admin).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

#[tokio::test]
async fn server_sent_events_show_the_answer_while_the_model_writes_it() {
    let llm = ScriptedLlm::start().await;
    let gate = Gate::new();
    llm.push(Reply::Gated {
        first: "Disk at 91%, ".to_owned(),
        gate: gate.clone(),
        rest: "the build cache fills it.".to_owned(),
    });
    let server = server_with(&llm, |_| {}).await;
    let admin = server.admin_token().await;
    let response = server
        .request(Method::POST, "/api/v1/chat")
        .bearer_auth(&admin)
        .header("accept", "text/event-stream")
        .json(&json!({"message": "disk?"}))
        .send()
        .await
        .unwrap();
    let mut body = response.bytes_stream();
    let (mut text, mut shown, mut opened) = (String::new(), String::new(), false);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while !text.contains("event: complete") {
        let chunk = tokio::time::timeout_at(deadline, body.next())
            .await
            .expect("the stream goes on")
            .expect("more events")
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
        // Complete events so far, their answer pieces joined.
        shown = text
            .split("\n\n")
            .filter(|block| block.starts_with("event: answer_delta"))
            .filter_map(|block| block.lines().find_map(|l| l.strip_prefix("data: ")))
            .filter_map(|data| serde_json::from_str::<Value>(data).ok())
            .map(|event| event["text"].as_str().unwrap_or_default().to_owned())
            .collect();
        if !opened && shown == "Disk at 91%," {
            // Shown while the model still holds back the rest.
            assert!(!text.contains("event: complete"));
            gate.open();
            opened = true;
        }
    }
    assert!(opened, "a piece came before the end: {text}");
    assert_eq!(shown, "Disk at 91%, the build cache fills it.");
}

#[tokio::test]
async fn an_overlong_prompt_is_reported_as_what_it_is() {
    let llm = ScriptedLlm::start().await;
    let server = server_with(&llm, |c| c.llm.models[0].context_tokens = Some(1024)).await;
    let admin = server.admin_token().await;
    // A message no prompt of this model's window can hold.
    let (status, reply) = server
        .post(
            "/api/v1/chat",
            &admin,
            json!({"message": "why is the disk full? ".repeat(600)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (reply["status"].clone(), reply["error_code"].clone()),
        (json!("error"), json!("llm_context_overflow"))
    );
    let message = reply["events"].as_array().unwrap().last().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("window is 1024 tokens"), "{message}");
    assert!(llm.requests().is_empty(), "nothing too long was sent");
}

#[tokio::test]
async fn tokens_are_counted_and_daily_budgets_hold() {
    let (fast, heavy) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    let mut cheap = scripted_model("cheap", &fast, true);
    cheap.heavy = false;
    let mut big = scripted_model("big", &heavy, true);
    big.heavy = true;
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![big, cheap];
            c.llm.daily_tokens_per_api_key = Some(100);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let (_, key) = server.create_api_key(&admin, "ci", &["read"], None).await;
    let ask = |model: &'static str| {
        let server = &server;
        let key = key.clone();
        async move {
            server
                .send(
                    server
                        .request(Method::POST, "/api/v1/chat")
                        .header("x-api-key", key)
                        .json(&json!({"message": "status?", "model": model})),
                )
                .await
        }
    };
    heavy.push(Reply::Text("From the big model.".to_owned()));
    let (status, first) = ask("big").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        first["events"].as_array().unwrap().last().unwrap()["model"],
        "big"
    );
    assert_eq!(first["usage"]["prompt_tokens"], json!(42));
    // 49 of 100 spent: under the fallback line (80%). Past it the cheap model stands in.
    heavy.push(Reply::Text("From the big model again.".to_owned()));
    let (_, second) = ask("big").await;
    assert_eq!(
        second["events"].as_array().unwrap().last().unwrap()["model"],
        "big"
    );
    fast.push(Reply::Text("From the cheap model.".to_owned()));
    let (_, third) = ask("big").await;
    assert_eq!(
        third["events"].as_array().unwrap().last().unwrap()["model"],
        "cheap",
        "near the budget a cheaper model answers: {third}"
    );
    // 147 spent: past the budget, a clear refusal that says when it renews.
    let (status, body) = ask("big").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(error_code(&body), "token_budget_exceeded");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("renews"),
        "{body}"
    );
    // The user's own usage, and the key's.
    let (_, usage) = server
        .send(
            server
                .request(Method::GET, "/api/v1/usage")
                .header("x-api-key", &key),
        )
        .await;
    assert_eq!(
        (
            usage["api_key_tokens"].clone(),
            usage["api_key_budget"].clone()
        ),
        (json!(147), json!(100))
    );
    let (_, mine) = server.get("/api/v1/usage", &admin).await;
    assert_eq!(
        (mine["user_tokens"].clone(), mine["user_budget"].clone()),
        (json!(147), Value::Null)
    );
    // Prometheus counters per model.
    let metrics = server
        .request(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "warden_model_calls_total{model=\"big\",outcome=\"ok\"} 2",
        "warden_model_tokens_total{model=\"big\",kind=\"prompt\"} 84",
        "warden_model_tokens_total{model=\"cheap\",kind=\"completion\"} 7",
    ] {
        assert!(metrics.contains(line), "{line} in:\n{metrics}");
    }
}

/// A run acts for its credential as the credential is at each step: revoking the key mid-run ends
/// the run (`session_ended`) before its next call runs, whatever the model asks next.
#[tokio::test]
async fn revoking_the_key_a_run_acts_for_ends_the_run_before_its_next_call() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Delay(
        std::time::Duration::from_secs(4),
        Box::new(Reply::ToolCalls(vec![(
            "system_info".to_owned(),
            json!({}),
        )])),
    ));
    llm.push(Reply::Text("Never reached.".to_owned()));
    let server = server_with(&llm, |_| {}).await;
    let admin = server.admin_token().await;
    let (key_id, key) = server
        .create_api_key(&admin, "runner", &["read"], None)
        .await;
    let (status, reply) = server
        .send(
            server
                .request(Method::POST, "/api/v1/chat?wait_secs=1")
                .header("X-API-Key", &key)
                .json(&json!({"message": "how is the host?"})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{reply}");
    let run_id = reply["run_id"].as_str().unwrap().to_owned();
    let results = |events: &Value| -> Vec<(Value, Value)> {
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "tool_result")
            .map(|e| (e["ok"].clone(), e["error_code"].clone()))
            .collect()
    };
    // The first step ran; the model takes its time over the second.
    for _ in 0..100 {
        let (_, events) = server
            .get(&format!("/api/v1/runs/{run_id}/events"), &admin)
            .await;
        if !results(&events).is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, _) = server
        .send(
            server
                .request(Method::DELETE, &format!("/api/v1/api-keys/{key_id}"))
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let mut events = Value::Null;
    for _ in 0..200 {
        (_, events) = server
            .get(&format!("/api/v1/runs/{run_id}/events"), &admin)
            .await;
        if events["status"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(events["status"], json!("error"), "{events}");
    // The run ended while the model was still writing its second step, so that step's call was
    // never even asked for.
    assert_eq!(
        results(&events),
        vec![(json!(true), Value::Null)],
        "{events}"
    );
    let last = events["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["code"], json!("session_ended"), "{last}");
    assert!(
        last["message"].as_str().unwrap().contains("revoked"),
        "{last}"
    );
    let (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
    assert_eq!(run["error_code"], json!("session_ended"), "{run}");
}

#[tokio::test]
async fn revoking_the_key_a_streamed_answer_is_for_ends_the_stream_and_the_run() {
    let llm = ScriptedLlm::start().await;
    let gate = Gate::new();
    llm.push(Reply::Gated {
        first: "Disk at 91%, ".to_owned(),
        gate: gate.clone(),
        rest: "the build cache fills it.".to_owned(),
    });
    let server = server_with(&llm, |_| {}).await;
    let admin = server.admin_token().await;
    let (key_id, key) = server
        .create_api_key(&admin, "streamer", &["read"], None)
        .await;
    let response = server
        .request(Method::POST, "/api/v1/chat")
        .header("X-API-Key", &key)
        .header("accept", "text/event-stream")
        .json(&json!({"message": "disk?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.bytes_stream();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    // The answer has begun.
    while !text.contains("event: answer_delta") {
        let chunk = tokio::time::timeout_at(deadline, body.next())
            .await
            .unwrap_or_else(|_| panic!("the answer begins: {text}"))
            .expect("more events")
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    let run_id = text
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .and_then(|data| serde_json::from_str::<Value>(data).ok())
        .and_then(|event| event["run_id"].as_str().map(str::to_owned))
        .expect("a run id");
    let (status, _) = server
        .send(
            server
                .request(Method::DELETE, &format!("/api/v1/api-keys/{key_id}"))
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The model is still writing (its gate is shut), yet the stream ends, saying why.
    while let Some(chunk) = tokio::time::timeout_at(deadline, body.next())
        .await
        .unwrap_or_else(|_| panic!("the stream went on after the key was revoked: {text}"))
    {
        text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    assert!(text.contains("event: error"), "{text}");
    assert!(text.contains("\"session_ended\""), "{text}");
    // And the run ended too, before the rest of the answer could come.
    let mut run = Value::Null;
    for _ in 0..100 {
        (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), &admin).await;
        if run["status"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(run["status"], json!("error"), "{run}");
    assert_eq!(run["error_code"], json!("session_ended"), "{run}");
    gate.open();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (_, events) = server
        .get(&format!("/api/v1/runs/{run_id}/events"), &admin)
        .await;
    assert!(!events.to_string().contains("the build cache"), "{events}");
    let last = events["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["code"], json!("session_ended"), "{last}");
    assert!(
        last["message"].as_str().unwrap().contains("revoked"),
        "{last}"
    );
}
