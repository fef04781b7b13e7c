//! Chats with a real model: SmolLM2-135M-Instruct behind llama-cpp-python's OpenAI-compatible
//! server, with its 4,096-token context (`tests/scripts/services.sh start llm`; `make test` starts
//! it). A recording proxy stands between Warden and the model, so each test sees what the model
//! was really sent and what it counted. A run must end with an answer or a clear error, never
//! hang or fail on its own prompt; a docker question must offer the docker tools within the
//! window; a long conversation must be fitted to it; and a window configured too large must be
//! corrected from the server's refusal. (Warden's own connection to this server, which closes a
//! connection after a failed stream, is covered by `backend/llm/tests/clients.rs`.)

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_core::engine::tokens;
use warden_server::config::{LlmApi, LlmModelConfig};
use warden_test_llm::{Exchange, RecordingProxy};
use warden_test_support::{Reply, ScriptedLlm, TestServer, scripted_model};

/// The real model's window, as the server was started with it.
const WINDOW: u64 = 4096;

/// Held by each test for its whole length: the model server answers one prompt at a time on one
/// thread, so two tests at once only slow each other past their bounds, and a server that
/// interrupts a stream when another prompt comes (llama-cpp-python's default) answers the first
/// with an empty body, which a test then reads as a prompt the server would not take.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn llm_url() -> String {
    warden_http::install_tls_provider();
    std::env::var("WARDEN_TEST_LLM_URL").expect(
        "WARDEN_TEST_LLM_URL is not set: run through `make test`, or start the model with \
         `tests/scripts/services.sh start llm` and export the URL `services.sh env` prints",
    )
}

fn real_model(url: &str, context_tokens: Option<u32>, native_tools: bool) -> LlmModelConfig {
    LlmModelConfig {
        name: "smollm2".to_owned(),
        api: LlmApi::OpenAi,
        url: url.to_owned(),
        model: "smollm2".to_owned(),
        heavy: false,
        native_tools,
        api_key: None,
        context_tokens,
    }
}

async fn server(models: Vec<LlmModelConfig>) -> TestServer {
    TestServer::builder()
        .configure(move |c| {
            c.llm.models = models;
            // One thread on a shared machine: a long prompt takes tens of seconds, and
            // llama-cpp-python generates a call's arguments without a token limit, so a confused
            // model can write until its window is full: the call's time limit ends that.
            c.llm.call_timeout_secs = 240;
            c.llm.run_deadline_secs = 540;
            c.llm.max_iterations = 2;
        })
        .start()
        .await
}

/// Posts a chat and follows the run until it ends (bounded); returns the final run.
async fn chat(server: &TestServer, token: &str, body: Value) -> Value {
    let (status, reply) = server.post("/api/v1/chat?wait_secs=120", token, body).await;
    assert!(
        status == StatusCode::OK || status == StatusCode::ACCEPTED,
        "{status}: {reply}"
    );
    let run_id = reply["run_id"].as_str().unwrap().to_owned();
    let started = Instant::now();
    loop {
        let (status, run) = server.get(&format!("/api/v1/runs/{run_id}"), token).await;
        assert_eq!(status, StatusCode::OK, "{run}");
        if !matches!(
            run["status"].as_str(),
            Some("running" | "awaiting_approval")
        ) {
            return run;
        }
        // The operator says no to whatever the model asks a human for: the run goes on.
        for approval in run["pending_approvals"].as_array().into_iter().flatten() {
            let id = approval["approval_id"].as_str().unwrap();
            server
                .post(
                    &format!("/api/v1/approvals/{id}/deny"),
                    token,
                    json!({"reason": "not now"}),
                )
                .await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "the run never ended: {run}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The run ended with an answer, or with an error that says what happened: never a failure of
/// Warden's own making (a prompt too long, a request refused, an internal error).
fn assert_ended_cleanly(run: &Value) {
    match run["status"].as_str() {
        Some("complete") => assert!(
            run["answer"].as_str().is_some_and(|a| !a.trim().is_empty()),
            "{run}"
        ),
        Some("error") => {
            let code = run["error_code"].as_str().unwrap_or_default();
            assert!(
                ["max_iterations", "stuck", "llm_empty_answer", "llm_timeout"].contains(&code),
                "the model's own limits may end a run, nothing else: {code}: {run}"
            );
        }
        other => panic!("unexpected end {other:?}: {run}"),
    }
    // Every announced call has its result.
    let events = run["events"].as_array().unwrap();
    for call in events.iter().filter(|e| e["type"] == "tool_call") {
        assert!(
            events
                .iter()
                .any(|e| e["type"] == "tool_result" && e["call_id"] == call["call_id"]),
            "{call} has no result: {run}"
        );
    }
}

/// The chat requests the model answered, with the tokens it counted for each prompt.
fn answered(exchanges: &[Exchange]) -> Vec<(Value, u64)> {
    exchanges
        .iter()
        .filter(|e| e.path.ends_with("/chat/completions") && e.status == 200)
        .filter_map(|e| {
            let body: Value = serde_json::from_str(&e.response).ok()?;
            Some((e.request.clone(), body["usage"]["prompt_tokens"].as_u64()?))
        })
        .collect()
}

/// Warden's own estimate of a request as sent, as the engine makes it.
fn estimate(request: &Value) -> u64 {
    let messages: u64 = request["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let calls = m
                .get("tool_calls")
                .map_or(0, |c| tokens::text(&c.to_string()));
            u64::from(
                tokens::MESSAGE_OVERHEAD
                    + tokens::text(m["content"].as_str().unwrap_or_default())
                    + calls,
            )
        })
        .sum();
    let tools: Vec<warden_llm::ToolDefinition> = request["tools"]
        .as_array()
        .map(|tools| {
            tools
                .iter()
                .map(|t| warden_llm::ToolDefinition {
                    name: t["function"]["name"].as_str().unwrap().to_owned(),
                    description: t["function"]["description"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    parameters: t["function"]["parameters"].clone().into(),
                })
                .collect()
        })
        .unwrap_or_default();
    messages + u64::from(tokens::tools(&tools) + tokens::PROMPT_OVERHEAD)
}

/// Every answered prompt fits the window with its answer reserve, and Warden's estimate of it
/// was not below what the model counted.
fn assert_prompts_fit(exchanges: &[Exchange]) {
    let answered = answered(exchanges);
    assert!(!answered.is_empty(), "the model answered something");
    for (request, counted) in &answered {
        let reserve = request["max_tokens"].as_u64().unwrap_or(0);
        assert!(
            counted + reserve <= WINDOW,
            "prompt {counted} + reserve {reserve} over {WINDOW}"
        );
        let estimated = estimate(request);
        assert!(
            estimated >= *counted,
            "the estimate {estimated} is below the model's count {counted}"
        );
    }
}

#[tokio::test]
async fn a_docker_question_offers_the_docker_tools_within_the_real_window() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let proxy = RecordingProxy::start(&llm_url()).await;
    let server = server(vec![real_model(&proxy.base_url, None, true)]).await;
    let admin = server.admin_token().await;
    let run = chat(
        &server,
        &admin,
        json!({"message": "Which Docker containers are running right now?"}),
    )
    .await;
    assert_ended_cleanly(&run);
    let exchanges = proxy.exchanges();
    let first = exchanges
        .iter()
        .find(|e| e.path.ends_with("/chat/completions"))
        .expect("the model was asked");
    let offered: Vec<&str> = first.request["tools"]
        .as_array()
        .expect("native tools")
        .iter()
        .filter_map(|t| t["function"]["name"].as_str())
        .collect();
    assert!(
        offered.contains(&"docker_ps")
            && offered.iter().filter(|t| t.starts_with("docker_")).count() >= 2,
        "the docker tools: {offered:?}"
    );
    assert!(
        offered.len() < 37,
        "not every tool: {} offered",
        offered.len()
    );
    let system = first.request["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("disk_usage") && system.contains("git_status"),
        "the others are named in the catalogue: {system}"
    );
    assert!(
        exchanges.iter().all(|e| e.status != 400),
        "nothing the server refused: {:?}",
        exchanges
            .iter()
            .filter(|e| e.status == 400)
            .map(|e| &e.response)
            .collect::<Vec<_>>()
    );
    assert_prompts_fit(&exchanges);
}

/// Builds a long conversation quickly with a scripted model; returns its id.
async fn long_conversation(server: &TestServer, token: &str, llm: &ScriptedLlm) -> String {
    let mut conversation: Option<String> = None;
    for turn in 0..10 {
        llm.push(Reply::Text(format!(
            "Turn {turn}: the build cache under /var/lib/docker grew by {} GiB. {}",
            turn + 3,
            "Old layers of the ci images pile up after every nightly build. ".repeat(30)
        )));
        let mut body = json!({
            "message": format!("What filled the disk on night {turn}? {}", "Please look at the docker volumes too. ".repeat(10)),
            "model": "scripted",
        });
        if let Some(id) = &conversation {
            body["conversation_id"] = json!(id);
        }
        let run = chat(server, token, body).await;
        assert_eq!(run["status"], "complete", "{run}");
        conversation = Some(run["conversation_id"].as_str().unwrap().to_owned());
    }
    conversation.unwrap()
}

#[tokio::test]
async fn a_long_conversation_is_fitted_to_the_window_and_a_wrong_window_is_corrected() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let llm = ScriptedLlm::start().await;
    let proxy = RecordingProxy::start(&llm_url()).await;
    // Told 16,384 tokens: the server refuses the first prompt and names its real window. The
    // text protocol here: its answers are bounded by the reserve (native calls are not, above).
    let server = server(vec![
        real_model(&proxy.base_url, Some(16_384), false),
        scripted_model("scripted", &llm, true),
    ])
    .await;
    let admin = server.admin_token().await;
    let conversation = long_conversation(&server, &admin, &llm).await;
    let run = chat(
        &server,
        &admin,
        json!({"message": "In one sentence: what keeps filling the disk?", "conversation_id": conversation, "model": "smollm2"}),
    )
    .await;
    assert_ended_cleanly(&run);
    let exchanges: Vec<Exchange> = proxy
        .exchanges()
        .into_iter()
        .filter(|e| e.path.ends_with("/chat/completions"))
        .collect();
    let refused: Vec<&Exchange> = exchanges.iter().filter(|e| e.status == 400).collect();
    assert_eq!(
        refused.len(),
        1,
        "one refusal, then prompts that fit: {:?}",
        exchanges
            .iter()
            .map(|e| (e.status, e.response.chars().take(200).collect::<String>()))
            .collect::<Vec<_>>()
    );
    assert!(
        refused[0]
            .response
            .contains("maximum context length is 4096"),
        "{}",
        refused[0].response
    );
    // The next prompt, rebuilt for 4,096 tokens, was taken: the model streamed an answer to it
    // (llama-cpp-python answers a stream it cannot take with an empty body).
    let refused_at = exchanges.iter().position(|e| e.status == 400).unwrap();
    let fitted = exchanges[refused_at + 1..]
        .iter()
        .find(|e| e.status == 200 && e.response.contains("\"content\""))
        .expect("a rebuilt prompt the model answered");
    let fitted = &fitted.request;
    let system = fitted["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("Summary of") && system.contains("the user asked"),
        "older turns summarised: {system}"
    );
    let sent: Vec<&str> = fitted["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(
        sent.iter()
            .any(|c| c.contains("what keeps filling the disk")),
        "the question itself is sent"
    );
    assert_eq!(fitted["max_tokens"], json!(512));
    assert!(
        estimate(fitted) + 512 <= WINDOW,
        "built within the window: {}",
        estimate(fitted)
    );
}
