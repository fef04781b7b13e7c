//! The routes the web app reads beside the chat: a conversation's history turn by turn and its
//! search; incident history with filters, counts per target, acknowledgements and retries.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{
    Reply, ScriptedLlm, TestServer, USER_PASSWORD, error_code, scripted_model,
};

fn types(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect()
}

/// Follows a run until it ends; its final state.
async fn finished(server: &TestServer, token: &str, run_id: &str) -> Value {
    for _ in 0..200 {
        let (_, run) = server.get(&format!("/api/v1/runs/{run_id}"), token).await;
        if !["running", "awaiting_approval"].contains(&run["status"].as_str().unwrap_or("")) {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("run {run_id} never ended");
}

#[tokio::test]
async fn a_conversation_reads_back_with_every_step_and_is_found_by_search() {
    let llm = ScriptedLlm::start().await;
    let files = tempfile::tempdir().unwrap();
    let model = scripted_model("local", &llm, false);
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.tools.file_roots = vec![root];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let note = files.path().join("note.txt");
    llm.push(Reply::ToolCalls(vec![("disk_usage".to_owned(), json!({}))]));
    llm.push(Reply::Text("The disks are **fine**.".to_owned()));
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        json!({"path": note.display().to_string(), "content": "maintenance at 02:00"}),
    )]));
    llm.push(Reply::Text("Written as asked.".to_owned()));

    let (status, first) = server
        .post(
            "/api/v1/chat?wait_secs=30",
            &admin,
            json!({"message": "How full are the DISKS?"}),
        )
        .await;
    assert_eq!(
        (status, first["status"].clone()),
        (StatusCode::OK, json!("complete")),
        "{first}"
    );
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    let (status, second) = server
        .post(
            "/api/v1/chat?wait_secs=30",
            &admin,
            json!({"message": "Write the maintenance note.", "conversation_id": conversation}),
        )
        .await;
    assert_eq!(
        second["status"],
        json!("awaiting_approval"),
        "{status} {second}"
    );
    let approval = second["pending_approvals"][0]["approval_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, decided) = server
        .post(
            &format!("/api/v1/approvals/{approval}/approve"),
            &admin,
            json!({"reason": "planned"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let run = finished(&server, &admin, second["run_id"].as_str().unwrap()).await;
    assert_eq!(run["status"], json!("complete"), "{run}");

    let (status, history) = server
        .get(
            &format!("/api/v1/conversations/{conversation}/history"),
            &admin,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(history["truncated"], json!(false));
    let turns = history["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 2, "{history}");
    assert_eq!(turns[0]["question"], json!("How full are the DISKS?"));
    // An ended run's answer pieces are left out: its `complete` holds the answer whole.
    assert_eq!(
        types(&turns[0]["events"]),
        vec!["run_started", "tool_call", "tool_result", "complete"]
    );
    let call = &turns[0]["events"][1];
    assert_eq!(
        (
            call["name"].clone(),
            call["risk"].clone(),
            call["route"].clone()
        ),
        (json!("disk_usage"), json!("low"), json!("run"))
    );
    assert_eq!(
        turns[0]["events"][3]["answer"],
        json!("The disks are **fine**.")
    );
    assert_eq!(turns[0]["run"]["status"], json!("complete"));
    assert_eq!(
        types(&turns[1]["events"]),
        vec![
            "run_started",
            "tool_call",
            "approval_required",
            "approval_resolved",
            "tool_result",
            "complete"
        ]
    );
    assert_eq!(turns[1]["events"][3]["decided_by"], json!("user:admin"));
    let approvals = turns[1]["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 1);
    let seen = &approvals[0];
    assert_eq!(
        (
            seen["id"].clone(),
            seen["status"].clone(),
            seen["decided_by"].clone(),
            seen["reason"].clone(),
            seen["conversation_id"].clone(),
            seen["run_id"].clone(),
        ),
        (
            json!(approval),
            json!("approved"),
            json!("user:admin"),
            json!("planned"),
            json!(conversation),
            second["run_id"].clone(),
        )
    );
    assert!(seen["decided_at"].as_i64().unwrap() >= seen["created_at"].as_i64().unwrap());
    // The approval itself says where it came from.
    let (_, one) = server
        .get(&format!("/api/v1/approvals/{approval}"), &admin)
        .await;
    assert_eq!(
        (one["conversation_id"].clone(), one["incident_id"].clone()),
        (json!(conversation), Value::Null)
    );

    // The latest turns only, when asked.
    let (_, latest) = server
        .get(
            &format!("/api/v1/conversations/{conversation}/history?limit=1"),
            &admin,
        )
        .await;
    assert_eq!(
        (
            latest["turns"].as_array().unwrap().len(),
            latest["truncated"].clone()
        ),
        (1, json!(true))
    );
    assert_eq!(
        latest["turns"][0]["question"],
        json!("Write the maintenance note.")
    );
    let (status, body) = server
        .get(
            &format!("/api/v1/conversations/{conversation}/history?limit=0"),
            &admin,
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );

    // Search: questions and answers, whatever the case; wildcards are plain text.
    let search = |q: &str| {
        let encoded: String = q
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let request = server
            .request(Method::GET, &format!("/api/v1/conversations?q={encoded}"))
            .bearer_auth(&admin);
        server.send(request)
    };
    for (q, expected) in [
        ("disks", 1),
        ("WRITTEN AS", 1),
        ("nothing like this", 0),
        ("%", 0),
        ("_", 0),
    ] {
        let (status, found) = search(q).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            found["conversations"].as_array().unwrap().len(),
            expected,
            "q={q}: {found}"
        );
    }
    let (status, body) = search(&"x".repeat(201)).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );

    // Another user's conversation does not exist for them.
    server.create_user(&admin, "other", &["read"]).await;
    let other = server.login("other", USER_PASSWORD).await.access_token;
    let (status, body) = server
        .get(
            &format!("/api/v1/conversations/{conversation}/history"),
            &other,
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (_, found) = search("disks").await;
    assert_eq!(found["conversations"][0]["id"], json!(conversation));
}

fn alert(status: &str, fingerprint: &str, instance: &str, severity: &str) -> Value {
    json!({
        "version": "4",
        "status": status,
        "alerts": [{
            "status": status,
            "labels": {"alertname": "HighLatency", "instance": instance, "severity": severity},
            "annotations": {"summary": "p99 above 2 s"},
            "fingerprint": fingerprint
        }]
    })
}

#[tokio::test]
async fn incidents_filter_by_time_state_and_severity_count_flapping_and_take_acknowledgements_and_retries()
 {
    let server = TestServer::builder()
        .configure(|c| c.monitor.enabled = false)
        .start()
        .await;
    let admin = server.admin_token().await;
    let deliver = |body: Value| server.post("/api/v1/alerts/alertmanager", &admin, body);
    // One alert that comes and goes three times, another that fires once.
    let mut flapping = Vec::new();
    for round in 0..3 {
        let (status, fired) = deliver(alert("firing", "f1", "web:9100", "critical")).await;
        assert_eq!(status, StatusCode::OK, "{fired}");
        flapping.push(fired["opened"][0].as_str().unwrap().to_owned());
        if round < 2 {
            deliver(alert("resolved", "f1", "web:9100", "critical")).await;
        }
    }
    let (_, other) = deliver(alert("firing", "g2", "db:9100", "warning")).await;
    let other = other["opened"][0].as_str().unwrap().to_owned();

    let list = |query: &'static str| incidents(&server, &admin, query);
    let ids = |list: &Value| -> Vec<String> {
        list["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, all) = list("").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&all).len(), 4);
    // Counted per target whatever their state: the flapping one three times.
    let counts: Vec<(Value, Value)> = all["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["fingerprint"].clone(), t["incidents"].clone()))
        .collect();
    assert_eq!(
        counts,
        vec![(json!("alert:f1"), json!(3)), (json!("alert:g2"), json!(1))],
        "{all}"
    );
    let (_, resolved) = list("?state=resolved").await;
    let mut expected = flapping[..2].to_vec();
    expected.sort();
    let mut got = ids(&resolved);
    got.sort();
    assert_eq!(got, expected);
    let (_, warnings) = list("?severity=warning").await;
    assert_eq!(ids(&warnings), vec![other.clone()]);
    // Closed before the range starts, or opened after it ends: left out.
    let (_, future) = server
        .get(
            &format!("/api/v1/incidents?since={}", chrono_now() + 3600),
            &admin,
        )
        .await;
    let mut live = ids(&future);
    live.sort();
    let mut expected = vec![flapping[2].clone(), other.clone()];
    expected.sort();
    assert_eq!(live, expected, "only the live ones reach into the future");
    let (_, past) = list("?until=1000").await;
    assert_eq!((ids(&past).len(), past["targets"].clone()), (0, json!([])));
    for (query, field) in [
        ("?severity=loud", "severity"),
        ("?state=sleeping", "state"),
        ("?since=10&until=5", "since"),
    ] {
        let (status, body) = server
            .get(&format!("/api/v1/incidents{query}"), &admin)
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
        );
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }

    // Acknowledged: on the timeline, in the list, in the audit log.
    let live_one = &flapping[2];
    let (status, acked) = server
        .post_empty(&format!("/api/v1/incidents/{live_one}/acknowledge"), &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{acked}");
    assert_eq!(acked["incident"]["acknowledged_by"], json!("user:admin"));
    let last = acked["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["kind"].clone(), last["detail"].clone()),
        (json!("acknowledged"), json!("user:admin"))
    );
    let (_, all) = list("").await;
    let acknowledged: Vec<&Value> = all["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["acknowledged_by"].is_null())
        .collect();
    assert_eq!(acknowledged.len(), 1);
    assert_eq!(acknowledged[0]["id"], json!(live_one));

    // Retried: open again with a note saying who asked; a closed one cannot be.
    let (status, retried) = server
        .post_empty(&format!("/api/v1/incidents/{live_one}/retry"), &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    assert_eq!(retried["incident"]["state"], json!("open"));
    let note = retried["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (note["kind"].clone(), note["detail"].clone()),
        (
            json!("note"),
            json!("retry asked by user:admin: the repair budget of web:9100 starts afresh")
        )
    );
    let (status, body) = server
        .post_empty(&format!("/api/v1/incidents/{}/retry", flapping[0]), &admin)
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("resolved already"),
        "{body}"
    );
    let (status, body) = server
        .post_empty("/api/v1/incidents/no-such-incident/acknowledge", &admin)
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (_, audit) = server
        .get(&format!("/api/v1/audit?tool=incident:{live_one}"), &admin)
        .await;
    let events: Vec<Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["event"], e["actor"]]))
        .collect();
    assert_eq!(
        events,
        vec![
            json!(["incident_retry", "user:admin"]),
            json!(["incident_acknowledged", "user:admin"])
        ]
    );
}

async fn incidents(server: &TestServer, token: &str, query: &str) -> (StatusCode, Value) {
    server
        .get(&format!("/api/v1/incidents{query}"), token)
        .await
}

pub(crate) fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
