//! The routes the web app reads beside the chat: a conversation's history turn by turn and its
//! search; incident history with filters, counts per target, acknowledgements and retries; the
//! audit log's filters and exports; and the WebSocket telling a browser when its session ended
//! and when approvals it may see were asked for or settled.

use std::time::Duration;

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use warden_test_support::{
    Reply, ScriptedLlm, TestServer, USER_PASSWORD, error_code, scripted_model,
};

use crate::websocket::{Socket, connect_bearer, next, send};

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
        .post(
            &format!("/api/v1/incidents/{live_one}/acknowledge"),
            &admin,
            json!({}),
        )
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
        .post(
            &format!("/api/v1/incidents/{live_one}/retry"),
            &admin,
            json!({}),
        )
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
        .post(
            &format!("/api/v1/incidents/{}/retry", flapping[0]),
            &admin,
            json!({}),
        )
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
        .post(
            "/api/v1/incidents/no-such-incident/acknowledge",
            &admin,
            json!({}),
        )
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

async fn audit_rows(server: &TestServer, token: &str, query: String) -> Vec<Value> {
    let (status, page) = server.get(&format!("/api/v1/audit{query}"), token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["entries"].as_array().unwrap().clone()
}

async fn incidents(server: &TestServer, token: &str, query: &str) -> (StatusCode, Value) {
    server
        .get(&format!("/api/v1/incidents{query}"), token)
        .await
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn the_audit_log_filters_hides_routine_reads_and_exports_csv_and_json() {
    let server = TestServer::builder()
        .configure(|c| c.monitor.enabled = false)
        .start()
        .await;
    let admin = server.admin_token().await;
    // The monitor's routine reads, and a read by the administrator.
    let (status, sweep) = server.post("/api/v1/monitor/run", &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    // The status names the levels charts draw, as configured (here the defaults).
    let (_, status) = server.get("/api/v1/monitor/status", &admin).await;
    assert_eq!(
        status["thresholds"],
        json!({
            "disk_percent": {"warning": 85.0, "critical": 95.0},
            "load_per_core": {"warning": 2.0, "critical": 4.0},
            "memory_percent": {"warning": 90.0, "critical": 97.0},
            "gpu_temperature_c": {"warning": 83.0, "critical": 90.0},
            "gpu_memory_percent": {"warning": 95.0, "critical": 99.0}
        })
    );
    let (status, invoked) = server
        .post(
            "/api/v1/tools/system_info/invoke",
            &admin,
            json!({"args": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{invoked}");

    let everything = audit_rows(&server, &admin, String::new()).await;
    let monitor = audit_rows(&server, &admin, "?actor=monitor".to_owned()).await;
    assert!(!monitor.is_empty());
    assert!(monitor.iter().all(|e| e["actor"] == json!("monitor")));
    let users = audit_rows(&server, &admin, "?actor=user".to_owned()).await;
    assert!(!users.is_empty());
    assert!(
        users.iter().all(|e| e["actor"] == json!("user:admin")),
        "{users:?}"
    );
    let visible = audit_rows(&server, &admin, "?hide_routine=true".to_owned()).await;
    assert_eq!(
        visible.len(),
        everything.len() - monitor.len(),
        "every monitor read was routine"
    );
    assert!(visible.iter().all(|e| e["actor"] != json!("monitor")));
    let ok_low = audit_rows(&server, &admin, "?risk=low&outcome=ok".to_owned()).await;
    assert!(!ok_low.is_empty());
    assert!(
        ok_low
            .iter()
            .all(|e| e["risk"] == json!("low") && e["outcome"] == json!("ok"))
    );
    let first_at = everything.last().unwrap()["at"].as_i64().unwrap();
    assert_eq!(
        audit_rows(&server, &admin, format!("?since={}", chrono_now() + 60)).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        audit_rows(&server, &admin, format!("?until={}", first_at - 1)).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        audit_rows(&server, &admin, format!("?since={first_at}"))
            .await
            .len(),
        everything.len()
    );
    // Paging goes on from the last row seen.
    let page = audit_rows(&server, &admin, "?limit=2".to_owned()).await;
    let next = audit_rows(
        &server,
        &admin,
        format!("?limit=2&before={}", page[1]["seq"]),
    )
    .await;
    assert_eq!(next[0]["seq"], everything[2]["seq"]);

    // Exports: every selected row, as a file.
    let response = server
        .request(Method::GET, "/api/v1/audit/export/csv?hide_routine=true")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        (
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned(),
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned()
        ),
        (
            "text/csv; charset=utf-8".to_owned(),
            "attachment; filename=\"warden-audit.csv\"".to_owned()
        )
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "seq,at,actor,event,tool,arguments,risk,route,approval_id,outcome,detail,duration_ms,hash"
    );
    assert_eq!(lines.len(), visible.len() + 1);
    assert!(lines[1].starts_with(&format!("{},", visible[0]["seq"])));
    let (status, exported) = server
        .get("/api/v1/audit/export/json?actor=monitor", &admin)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exported["entries"], json!(monitor));
    for (path, status, code) in [
        (
            "/api/v1/audit/export/xml",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/audit/export/csv?limit=10001",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "/api/v1/audit?since=5&until=1",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "/api/v1/audit?hide_routine=maybe",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
    ] {
        let (got, body) = server.get(path, &admin).await;
        assert_eq!((got, error_code(&body)), (status, code), "{path}: {body}");
    }
}

/// The next frame that closes the socket, with its code; text frames before it are returned.
async fn until_closed(socket: &mut Socket) -> (Vec<Value>, Option<u16>) {
    let mut texts = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => {
                texts.push(serde_json::from_str(text.as_str()).unwrap())
            }
            Ok(Some(Ok(Message::Close(frame)))) => {
                return (texts, frame.map(|f| u16::from(f.code)));
            }
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(_)) | None) => return (texts, None),
            Err(_) => panic!("the socket stayed open: {texts:?}"),
        }
    }
}

#[tokio::test]
async fn sockets_close_when_their_session_ends_and_watchers_hear_of_approvals() {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.tools.file_roots = vec![root])
        .start()
        .await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "ops", &["read", "write"]).await;

    // A disabled user's socket is told and closed.
    let ops = server.login("ops", USER_PASSWORD).await.access_token;
    let mut socket = connect_bearer(&server, &ops).await.unwrap();
    let (_, users) = server.get("/api/v1/users", &admin).await;
    let ops_id = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == json!("ops"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    server
        .patch(
            &format!("/api/v1/users/{ops_id}"),
            &admin,
            json!({"disabled": true}),
        )
        .await;
    let (texts, code) = until_closed(&mut socket).await;
    assert_eq!(code, Some(4401));
    assert_eq!(
        texts.last().unwrap()["code"],
        json!("session_ended"),
        "{texts:?}"
    );

    // So is a socket whose session logged out.
    let second = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await
        .access_token;
    let mut socket = connect_bearer(&server, &second).await.unwrap();
    let (status, _) = server
        .send(
            server
                .request(Method::POST, "/api/v1/auth/logout")
                .bearer_auth(&second),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (texts, code) = until_closed(&mut socket).await;
    assert_eq!(
        (code, texts.last().unwrap()["code"].clone()),
        (Some(4401), json!("session_ended"))
    );

    // Approvals: an approver watching hears of one asked for, then of it settled; a reader
    // watching does not see another user's.
    server.create_user(&admin, "reader", &["read"]).await;
    let reader = server.login("reader", USER_PASSWORD).await.access_token;
    let mut watcher = connect_bearer(&server, &admin).await.unwrap();
    let mut bystander = connect_bearer(&server, &reader).await.unwrap();
    for socket in [&mut watcher, &mut bystander] {
        send(socket, json!({"type": "watch_approvals"})).await;
        assert_eq!(
            next(socket).await.unwrap(),
            json!({"type": "approvals", "pending": 0, "added": []})
        );
    }
    let path = files.path().join("note.txt").display().to_string();
    let (status, pending) = server
        .post(
            "/api/v1/tools/file_write/invoke",
            &admin,
            json!({"args": {"path": path, "content": "x"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pending}");
    let heard = next(&mut watcher).await.unwrap();
    assert_eq!(
        heard,
        json!({"type": "approvals", "pending": 1, "added": [{
            "id": pending["id"], "tool": "file_write", "risk": pending["risk"],
            "requested_by": "user:admin", "justification": pending["justification"],
            "expires_at": pending["expires_at"]
        }]})
    );
    server
        .post(
            &format!("/api/v1/approvals/{}/deny", pending["id"].as_str().unwrap()),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(
        next(&mut watcher).await.unwrap(),
        json!({"type": "approvals", "pending": 0, "added": []})
    );
    // The bystander was told nothing: no change it may see.
    send(&mut bystander, json!({"type": "ping"})).await;
    assert_eq!(next(&mut bystander).await.unwrap(), json!({"type": "pong"}));
}
