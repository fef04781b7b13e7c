//! A model that accepts the request and never answers is given up on at the first-byte limit
//! (not the call timeout, and not retried), and the chain moves on; retries of a failing model
//! count against the run's deadline.

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{Reply, ScriptedLlm, TestServer, scripted_model};

fn last_event(reply: &Value) -> Value {
    reply["events"].as_array().unwrap().last().cloned().unwrap()
}

#[tokio::test]
async fn a_model_that_never_answers_is_given_up_on_at_the_first_byte_limit() {
    let stuck = ScriptedLlm::start().await;
    stuck.respond_with(std::sync::Arc::new(|_| Reply::Hang));

    // Alone, the stuck model fails the run in about the first-byte limit, saying why, and is
    // not retried (its call timeout is the default five minutes, the run's ten).
    let only = vec![scripted_model("stuck", &stuck, false)];
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = only;
            c.llm.first_byte_timeout_secs = 1;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let started = Instant::now();
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "anyone there?"}),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{reply}");
    let last = last_event(&reply);
    assert_eq!(
        (
            reply["status"].clone(),
            last["type"].clone(),
            last["code"].clone()
        ),
        (json!("error"), json!("error"), json!("llm_timeout")),
        "{reply}"
    );
    let message = last["message"].as_str().unwrap();
    assert!(
        message.contains("stuck") && message.contains("sent nothing within 1 s"),
        "{message}"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(stuck.requests().len(), 1, "a silent model is not retried");

    // With a second model in the catalogue, the chain moves on after the first-byte limit.
    let spare = ScriptedLlm::start().await;
    spare.push(Reply::Text("Answered by the spare.".to_owned()));
    let both = vec![
        scripted_model("stuck", &stuck, false),
        scripted_model("spare", &spare, true),
    ];
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = both;
            c.llm.first_byte_timeout_secs = 1;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let started = Instant::now();
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "still there?"}),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(
        (
            reply["status"].clone(),
            reply["answer"].clone(),
            last_event(&reply)["model"].clone()
        ),
        (
            json!("complete"),
            json!("Answered by the spare."),
            json!("spare")
        )
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(stuck.requests().len(), 2);
}

#[tokio::test]
async fn retries_count_against_the_run_deadline() {
    let llm = ScriptedLlm::start().await;
    // Busy, come back in 30 s: a retry would end long past the run's 4 s deadline.
    llm.respond_with(std::sync::Arc::new(|_| Reply::Status {
        status: 503,
        body: "{\"error\":\"overloaded\"}".to_owned(),
        retry_after: Some(30),
    }));
    let model = scripted_model("local", &llm, false);
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.llm.run_deadline_secs = 4;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let started = Instant::now();
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "hello?"}),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{reply}");
    let last = last_event(&reply);
    // The model's own error, at once, rather than the run's deadline four seconds later.
    assert_eq!(
        (last["type"].clone(), last["code"].clone()),
        (json!("error"), json!("llm_error_status")),
        "{reply}"
    );
    let message = last["message"].as_str().unwrap();
    assert!(
        message.contains("before the deadline") && message.contains("503"),
        "{message}"
    );
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert_eq!(llm.requests().len(), 1);
}

#[tokio::test]
async fn a_model_that_stalls_after_its_headers_or_midway_is_given_up_on_in_bounded_time() {
    for openai in [false, true] {
        // Headers, then no byte of the body: like a silent model, given up on at the first-byte
        // limit and not retried, whatever the call timeout (five minutes here).
        let stalled = ScriptedLlm::start().await;
        stalled.respond_with(std::sync::Arc::new(|_| Reply::HeadersThenStall));
        let models = vec![scripted_model("stalled", &stalled, openai)];
        let server = TestServer::builder()
            .configure(move |c| {
                c.llm.models = models;
                c.llm.first_byte_timeout_secs = 1;
                c.llm.idle_timeout_secs = 1;
            })
            .start()
            .await;
        let admin = server.admin_token().await;
        let started = Instant::now();
        let (status, reply) = server
            .post(
                "/api/v1/chat?wait_secs=60",
                &admin,
                json!({"message": "anyone there?"}),
            )
            .await;
        let took = started.elapsed();
        assert_eq!(status, StatusCode::OK, "{reply}");
        let last = last_event(&reply);
        assert_eq!(
            (reply["status"].clone(), last["code"].clone()),
            (json!("error"), json!("llm_timeout")),
            "openai: {openai}: {reply}"
        );
        let message = last["message"].as_str().unwrap();
        assert!(
            message.contains("stalled") && message.contains("sent nothing within 1 s"),
            "{message}"
        );
        assert!(took < Duration::from_secs(8), "took {took:?}");
        assert_eq!(stalled.requests().len(), 1, "not retried");

        // The answer starts, then stops: the run ends at the idle limit with what it had.
        let midway = ScriptedLlm::start().await;
        midway.respond_with(std::sync::Arc::new(|_| {
            Reply::StallMidStream("The disk is nearly".to_owned())
        }));
        let models = vec![scripted_model("midway", &midway, openai)];
        let server = TestServer::builder()
            .configure(move |c| {
                c.llm.models = models;
                c.llm.first_byte_timeout_secs = 1;
                c.llm.idle_timeout_secs = 1;
            })
            .start()
            .await;
        let admin = server.admin_token().await;
        let started = Instant::now();
        let (status, reply) = server
            .post(
                "/api/v1/chat?wait_secs=60",
                &admin,
                json!({"message": "how full is the disk?"}),
            )
            .await;
        let took = started.elapsed();
        assert_eq!(status, StatusCode::OK, "{reply}");
        let last = last_event(&reply);
        assert_eq!(
            (reply["status"].clone(), last["code"].clone()),
            (json!("error"), json!("llm_timeout")),
            "openai: {openai}: {reply}"
        );
        let message = last["message"].as_str().unwrap();
        assert!(
            message.contains("stopped sending its answer for more than 1 s"),
            "{message}"
        );
        assert!(took < Duration::from_secs(8), "took {took:?}");
        assert_eq!(midway.requests().len(), 1, "not retried");
    }
}

#[tokio::test]
async fn a_model_server_that_never_answers_anything_fails_at_the_first_byte_limit() {
    // Accepts connections and never answers: the context-window lookup (`/api/show`) before
    // the first call stalls as the call does, and must not add its own seconds to the bound.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let placeholder = ScriptedLlm::start().await;
    let mut silent = scripted_model("silent", &placeholder, false);
    silent.url = url;
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![silent];
            c.llm.first_byte_timeout_secs = 1;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let started = Instant::now();
    let (status, reply) = server
        .post(
            "/api/v1/chat?wait_secs=60",
            &admin,
            json!({"message": "hello?"}),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{reply}");
    let last = last_event(&reply);
    assert_eq!(
        (reply["status"].clone(), last["code"].clone()),
        (json!("error"), json!("llm_timeout")),
        "{reply}"
    );
    // First byte (1 s) plus at most the 2 s discovery bound, with room for a loaded machine;
    // before, the lookup alone could take 5 s.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    held.abort();
}
