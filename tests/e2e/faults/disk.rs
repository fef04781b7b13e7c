//! The data directory on an 8 MiB tmpfs filled while chats run, then freed. While it is full,
//! writes answer 503 naming the cause and `/readyz` is not ready; every chat accepted is either
//! stored whole or reported failed (never an answer the database does not have); once space
//! returns, everything works again without a restart and no run is left `running`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{Reply, ScriptedLlm, TestServer, error_code, scripted_model};

use super::{Tmpfs, within};

/// Writes a file until the filesystem refuses (ENOSPC); returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0x5au8; 64 * 1024];
    loop {
        if let Err(e) = file.write_all(&block) {
            assert_eq!(e.raw_os_error(), Some(28), "ENOSPC expected: {e}");
            break;
        }
    }
    // Whatever is left is smaller than a block: take it too.
    while file.write_all(&[0x5a]).is_ok() {}
    path
}

/// The last user message the model was sent.
fn question(body: &Value) -> String {
    body["messages"]
        .as_array()
        .and_then(|m| m.iter().rev().find(|m| m["role"] == "user"))
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_owned()
}

fn answer_to(question: &str) -> String {
    format!("stored answer to {question}")
}

async fn chat(server: &TestServer, token: &str, message: String) -> (StatusCode, Value) {
    server
        .send(
            server
                .request(Method::POST, "/api/v1/chat?wait_secs=60")
                .bearer_auth(token)
                .json(&json!({ "message": message })),
        )
        .await
}

/// A 503 naming the full disk.
fn assert_disk_full(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(error_code(body), "unavailable", "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("disk") && message.contains("full"),
        "{body}"
    );
}

/// Every run of the caller's conversations: (run id, status, answer, error code).
async fn runs(server: &TestServer, token: &str) -> Vec<(String, String, Value, Value)> {
    let (status, list) = server.get("/api/v1/conversations", token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut runs = Vec::new();
    for conversation in list["conversations"].as_array().unwrap() {
        let id = conversation["id"].as_str().unwrap();
        let (status, detail) = server
            .get(&format!("/api/v1/conversations/{id}"), token)
            .await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        for run in detail["runs"].as_array().unwrap() {
            runs.push((
                run["id"].as_str().unwrap().to_owned(),
                run["status"].as_str().unwrap().to_owned(),
                run["answer"].clone(),
                run["error_code"].clone(),
            ));
        }
    }
    runs
}

/// The conversation of a run, as stored: its messages' (role, content) and the run's status.
async fn stored(server: &TestServer, token: &str, reply: &Value) -> (Vec<(String, String)>, Value) {
    let id = reply["conversation_id"].as_str().unwrap();
    let (status, detail) = server
        .get(&format!("/api/v1/conversations/{id}"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    let messages = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap().to_owned(),
                m["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let run = detail["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == reply["run_id"])
        .cloned()
        .unwrap_or(Value::Null);
    (messages, run)
}

#[tokio::test]
async fn a_full_disk_loses_nothing_and_recovers_without_a_restart() {
    let root = tempfile::tempdir().unwrap();
    let disk = Tmpfs::mount(&root.path().join("disk"), "size=8m");
    let llm = ScriptedLlm::start().await;
    llm.respond_with(Arc::new(|body| {
        Reply::Delay(
            Duration::from_millis(400),
            Box::new(Reply::Text(answer_to(&question(body)))),
        )
    }));
    let model = scripted_model("local", &llm, false);
    let data = disk.path().join("data");
    let server = TestServer::builder()
        .configure(move |c| {
            c.data_dir = data;
            c.llm.models = vec![model];
        })
        .start()
        .await;
    let admin = server.admin_token().await;

    // Chats in flight (the model is thinking) when the disk fills.
    let in_flight: Vec<_> = (0..8)
        .map(|i| {
            let request = server
                .request(Method::POST, "/api/v1/chat?wait_secs=60")
                .bearer_auth(&admin)
                .json(&json!({ "message": format!("before {i}") }));
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                let status = response.status();
                (status, response.json::<Value>().await.unwrap())
            })
        })
        .collect();
    within(
        Duration::from_secs(20),
        "the model receives every chat",
        || {
            let n = llm.requests().len();
            async move { (n >= 8).then_some(()) }
        },
    )
    .await;
    let filler = fill(disk.path());

    // Each accepted chat is either complete and stored, or reported failed.
    let mut failed_runs = Vec::new();
    for (i, task) in in_flight.into_iter().enumerate() {
        let (status, reply) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{reply}");
        match reply["status"].as_str() {
            Some("complete") => {
                assert_eq!(reply["answer"], json!(answer_to(&format!("before {i}"))));
                let (messages, run) = stored(&server, &admin, &reply).await;
                assert_eq!(
                    (messages, run["status"].clone(), run["answer"].clone()),
                    (
                        vec![
                            ("user".to_owned(), format!("before {i}")),
                            ("assistant".to_owned(), answer_to(&format!("before {i}"))),
                        ],
                        json!("complete"),
                        reply["answer"].clone()
                    ),
                    "a complete answer is a stored answer"
                );
            }
            Some("error") => {
                let last = reply["events"].as_array().unwrap().last().unwrap();
                assert_eq!(
                    (
                        last["type"].clone(),
                        last["code"].clone(),
                        reply["answer"].clone()
                    ),
                    (json!("error"), json!("storage_unavailable"), Value::Null),
                    "{reply}"
                );
                let message = last["message"].as_str().unwrap_or_default();
                assert!(
                    message.contains("disk") && message.contains("full"),
                    "{reply}"
                );
                failed_runs.push(reply["run_id"].as_str().unwrap().to_owned());
            }
            other => panic!("chat {i} ended {other:?}: {reply}"),
        }
    }

    // While the disk is full: 503s that name the cause, and not ready.
    let (status, body) = chat(&server, &admin, "while full".to_owned()).await;
    assert_disk_full(status, &body);
    let (status, body) = server
        .try_login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    assert_disk_full(status, &body);
    let (status, ready) = server.send(server.request(Method::GET, "/readyz")).await;
    assert_eq!(
        (
            status,
            ready["ready"].clone(),
            ready["checks"][0]["ok"].clone()
        ),
        (StatusCode::SERVICE_UNAVAILABLE, json!(false), json!(false)),
        "{ready}"
    );
    let detail = ready["checks"][0]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("full"), "{ready}");

    // Space returns: ready again, and every chat works, without a restart.
    std::fs::remove_file(&filler).unwrap();
    within(
        Duration::from_secs(15),
        "ready once space returns",
        || async {
            let (status, _) = server.send(server.request(Method::GET, "/readyz")).await;
            (status == StatusCode::OK).then_some(())
        },
    )
    .await;
    for i in 0..20 {
        let (status, reply) = chat(&server, &admin, format!("after {i}")).await;
        assert_eq!(
            (status, reply["status"].clone(), reply["answer"].clone()),
            (
                StatusCode::OK,
                json!("complete"),
                json!(answer_to(&format!("after {i}")))
            ),
            "{reply}"
        );
    }
    let login = server
        .try_login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    assert_eq!(login.0, StatusCode::OK, "{}", login.1);

    // Runs that failed while the disk was full are settled as failed once it can write, with
    // their terminal event; nothing is left running.
    let settled = within(Duration::from_secs(15), "every run settled", || async {
        let runs = runs(&server, &admin).await;
        (!runs.iter().any(|r| r.1 == "running")).then_some(runs)
    })
    .await;
    assert_eq!(settled.len(), 28, "{settled:?}");
    for run in &settled {
        match run.1.as_str() {
            "complete" => assert!(run.2.is_string(), "{run:?}"),
            "error" => {
                assert_eq!(run.3, json!("storage_unavailable"), "{run:?}");
                assert!(failed_runs.contains(&run.0), "{run:?}");
            }
            other => panic!("run {run:?} ended {other}"),
        }
    }
    for run_id in &failed_runs {
        let (status, events) = server
            .get(&format!("/api/v1/runs/{run_id}/events"), &admin)
            .await;
        assert_eq!(
            (status, events["status"].clone()),
            (StatusCode::OK, json!("error"))
        );
        let last = events["events"].as_array().unwrap().last().cloned();
        assert_eq!(
            last.map(|e| e["code"].clone()),
            Some(json!("storage_unavailable")),
            "{events}"
        );
    }
    drop(server);
}
