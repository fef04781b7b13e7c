//! The guard through the real HTTP and WebSocket surface: invoke by risk (200 run, 200 sandboxed
//! in gVisor, 202 approval, 403 refused), explain, approval round trips over REST and the
//! WebSocket, expiry, scopes, argument binding, a restart with approvals pending, and the audit
//! chain with tampering detected.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_protocol::clock::TestClock;
use warden_test_support::{Reply, ScriptedLlm, TestServer, error_code, scripted_model};

use crate::websocket::{connect_bearer, next, send};

struct Setup {
    server: TestServer,
    admin: String,
    files: tempfile::TempDir,
}

async fn setup_with(configure: impl FnOnce(&mut warden_server::Config) + Send + 'static) -> Setup {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| {
            c.tools.file_roots = vec![root];
            configure(c);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    Setup {
        server,
        admin,
        files,
    }
}

async fn setup() -> Setup {
    setup_with(|_| {}).await
}

fn target(files: &Path, name: &str) -> PathBuf {
    files.join(name)
}

fn write_args(path: &Path, content: &str) -> Value {
    json!({"path": path.display().to_string(), "content": content})
}

/// Polls until `check` holds (the sweeper acts within about a second).
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

/// `POST /api/v1/approvals/{id}/{verb}` (approve or deny) with `body`.
async fn decide(s: &Setup, token: &str, id: &str, verb: &str, body: Value) -> (StatusCode, Value) {
    s.server
        .post(&format!("/api/v1/approvals/{id}/{verb}"), token, body)
        .await
}

async fn invoke(s: &Setup, token: &str, tool: &str, args: Value) -> (StatusCode, Value) {
    s.server
        .post(
            &format!("/api/v1/tools/{tool}/invoke"),
            token,
            json!({ "args": args }),
        )
        .await
}

#[tokio::test]
async fn invoke_runs_low_refuses_forbidden_and_holds_high_for_approval() {
    let s = setup().await;
    let (status, body) = invoke(&s, &s.admin, "system_info", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["risk"].as_str(),
            body["route"].as_str(),
            body["ok"].as_bool()
        ),
        (Some("low"), Some("run"), Some(true))
    );

    let (status, body) = invoke(
        &s,
        &s.admin,
        "run_command",
        json!({"command": "sudo /bin/rm -rf /"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(error_code(&body), "refused");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("recursive delete of a system directory") && message.contains("Instead:"),
        "{message}"
    );

    let (status, body) = invoke(&s, &s.admin, "docker_stop", json!({"container": "warden"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("protect-warden"),
        "{body}"
    );

    let path = target(s.files.path(), "motd");
    let (status, approval) = invoke(&s, &s.admin, "file_write", write_args(&path, "hello")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    assert_eq!(
        (approval["status"].as_str(), approval["risk"].as_str()),
        (Some("pending"), Some("high"))
    );
    assert!(!path.exists(), "nothing runs before the approval");

    let id = approval["id"].as_str().unwrap();
    let (status, decided) = decide(&s, &s.admin, id, "approve", json!({"reason": "planned"})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decided_by"], json!("user:admin"));
    eventually("the approved write ran", || path.exists()).await;
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "hello");
    let mut settled = Value::Null;
    for _ in 0..50 {
        settled = s
            .server
            .get(&format!("/api/v1/approvals/{id}"), &s.admin)
            .await
            .1;
        if settled["execution"] == json!("done") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(settled["outcome"]["ok"], json!(true), "{settled}");

    // Decided once only.
    let (status, body) = decide(&s, &s.admin, id, "deny", json!({})).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict")
    );
    let (status, body) = invoke(&s, &s.admin, "no_such_tool", json!({})).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, body) = s
        .server
        .post(
            "/api/v1/tools/system_info/invoke",
            &s.admin,
            json!({"args": [1]}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
}

#[tokio::test]
async fn a_medium_command_runs_in_gvisor_and_without_runsc_waits_for_a_human() {
    let s = setup().await;
    let (_, ready) = s
        .server
        .send(s.server.request(reqwest::Method::GET, "/readyz"))
        .await;
    let sandbox = ready["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sandbox")
        .cloned()
        .unwrap();
    assert_eq!(
        sandbox["ok"],
        json!(true),
        "runsc is installed by make test: {ready}"
    );
    // Shell syntax never reaches a host shell, but runs inside gVisor: the sandbox's kernel
    // answers, and the host's loopback (this server) is out of reach.
    let port = s.server.base.rsplit(':').next().unwrap().to_owned();
    let command = format!(
        "cat /proc/version | head -1; busybox wget -q -T 2 -O- http://127.0.0.1:{port}/healthz || echo unreachable"
    );
    let (status, body) = invoke(&s, &s.admin, "run_command", json!({ "command": command })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["risk"].as_str(), body["route"].as_str()),
        (Some("medium"), Some("sandbox"))
    );
    let output = body["output"].as_str().unwrap();
    assert!(
        output.contains("Linux version 4.4.0"),
        "gVisor's kernel answers: {output}"
    );
    assert!(
        output.contains("unreachable") && !output.contains("\"status\""),
        "no network inside: {output}"
    );

    let without = setup_with(|c| c.guard.runsc = "/nonexistent/runsc".into()).await;
    let (status, ready) = without
        .server
        .send(without.server.request(reqwest::Method::GET, "/readyz"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the sandbox is not required to be ready"
    );
    let sandbox = ready["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sandbox")
        .cloned()
        .unwrap();
    assert_eq!(sandbox["ok"], json!(false));
    assert!(
        sandbox["detail"]
            .as_str()
            .unwrap()
            .contains("raised to high"),
        "{sandbox}"
    );
    let (status, explained) = without
        .server
        .post(
            "/api/v1/policy/explain",
            &without.admin,
            // A plain pipeline of read-only stages runs on the host; a list needs the sandbox.
            json!({"tool": "run_command", "args": {"command": "cat /proc/version; uname -r"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (explained["risk"].as_str(), explained["route"].as_str()),
        (Some("high"), Some("approval"))
    );
    assert!(
        explained["notes"][0].as_str().unwrap().contains("runsc"),
        "{explained}"
    );
}

#[tokio::test]
async fn explain_names_the_rule_without_running_anything() {
    let s = setup().await;
    let cases = [
        (
            "run_command",
            json!({"command": "df -h"}),
            "low",
            "run",
            "command-classifier",
        ),
        (
            "run_command",
            json!({"command": "env X=1 /sbin/iptables -F"}),
            "forbidden",
            "refused",
            "firewall-off",
        ),
        (
            "docker_restart",
            json!({"container": "web"}),
            "high",
            "approval",
            "effects.mutating",
        ),
        (
            "process_kill",
            json!({"pid": 1}),
            "forbidden",
            "refused",
            "init-process",
        ),
        (
            "system_info",
            json!({"_warden_risk": "high"}),
            "high",
            "approval",
            "model-request",
        ),
        (
            "run_command",
            json!({"command": "rm -rf /", "_warden_risk": "low"}),
            "forbidden",
            "refused",
            "command-classifier",
        ),
    ];
    for (tool, args, risk, route, rule) in cases {
        let (status, body) = s
            .server
            .post(
                "/api/v1/policy/explain",
                &s.admin,
                json!({"tool": tool, "args": args}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (
                body["risk"].as_str(),
                body["route"].as_str(),
                body["rule"].as_str()
            ),
            (Some(risk), Some(route), Some(rule)),
            "{tool} {args}: {body}"
        );
    }
    let (status, body) = s
        .server
        .post(
            "/api/v1/policy/explain",
            &s.admin,
            json!({"tool": "x", "args": {}, "run": true}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
}

async fn chat_setup(llm: &ScriptedLlm, ttl: u64) -> Setup {
    let model = scripted_model("local", llm, false);
    setup_with(move |c| {
        c.llm.models = vec![model];
        c.guard.approval_ttl_secs = ttl;
    })
    .await
}

#[tokio::test]
async fn an_approval_round_trip_over_the_websocket_runs_the_call_and_a_denial_does_not() {
    let llm = ScriptedLlm::start().await;
    let s = chat_setup(&llm, 1800).await;
    let path = target(s.files.path(), "approved.txt");
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        write_args(&path, "from the model"),
    )]));
    llm.push(Reply::Text("Written.".to_owned()));
    let mut socket = connect_bearer(&s.server, &s.admin).await.unwrap();
    send(
        &mut socket,
        json!({"type": "message", "message": "write the file"}),
    )
    .await;
    let mut required = Value::Null;
    while let Some(message) = next(&mut socket).await {
        if message["type"] == "tool_call" {
            assert_eq!(
                (message["risk"].as_str(), message["route"].as_str()),
                (Some("high"), Some("approval"))
            );
        }
        if message["type"] == "approval_required" {
            required = message;
            break;
        }
    }
    assert_eq!(required["tool"], json!("file_write"), "{required}");
    assert!(!path.exists());
    let id = required["approval_id"].as_str().unwrap().to_owned();
    send(
        &mut socket,
        json!({"type": "approve", "approval_id": id, "reason": "ok"}),
    )
    .await;
    let mut seen = Vec::new();
    while let Some(message) = next(&mut socket).await {
        let done = message["type"] == "complete" || message["type"] == "error";
        seen.push(message);
        if done {
            break;
        }
    }
    let kinds: Vec<&str> = seen.iter().filter_map(|m| m["type"].as_str()).collect();
    assert!(
        kinds.contains(&"approval_decided") && kinds.contains(&"approval_resolved"),
        "{kinds:?}"
    );
    let result = seen.iter().find(|m| m["type"] == "tool_result").unwrap();
    assert_eq!(result["ok"], json!(true), "{result}");
    assert_eq!(seen.last().unwrap()["type"], json!("complete"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "from the model");

    // Denied through REST while the run waits: it reports the denial and nothing is written.
    let denied_path = target(s.files.path(), "denied.txt");
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        write_args(&denied_path, "no"),
    )]));
    llm.push(Reply::Text("Not written.".to_owned()));
    send(
        &mut socket,
        json!({"type": "message", "message": "write another"}),
    )
    .await;
    let mut id = String::new();
    while let Some(message) = next(&mut socket).await {
        if message["type"] == "approval_required" {
            id = message["approval_id"].as_str().unwrap().to_owned();
            break;
        }
    }
    let (status, body) = decide(&s, &s.admin, &id, "deny", json!({"reason": "not today"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut result = Value::Null;
    while let Some(message) = next(&mut socket).await {
        if message["type"] == "tool_result" {
            result = message;
            break;
        }
    }
    assert_eq!(result["error_code"], json!("denied"), "{result}");
    assert!(
        result["output"].as_str().unwrap().contains("not today"),
        "{result}"
    );
    assert!(!denied_path.exists());
}

#[tokio::test]
async fn an_expired_approval_denies_and_cannot_be_approved_later() {
    // Time is moved past the approval's lifetime rather than waited out (the access token's
    // lifetime, an hour, is longer than the jump).
    let time = TestClock::new();
    let clock = time.clock();
    let s = setup_with(move |c| {
        c.guard.approval_ttl_secs = 60;
        c.clock = clock;
    })
    .await;
    let path = target(s.files.path(), "late.txt");
    let (status, approval) = invoke(&s, &s.admin, "file_write", write_args(&path, "late")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let id = approval["id"].as_str().unwrap();
    let expires_at = approval["expires_at"].as_i64().unwrap();
    time.advance(Duration::from_secs(61));
    assert!(time.clock().now() > expires_at, "{approval}");
    let (status, body) = decide(&s, &s.admin, id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
    let (_, listed) = s
        .server
        .get("/api/v1/approvals?status=expired", &s.admin)
        .await;
    assert_eq!(listed["approvals"][0]["id"], json!(id));
    // The late decision expired it through the guard's one expiry path: audited once.
    let (_, page) = s.server.get("/api/v1/audit", &s.admin).await;
    let expiries: Vec<(String, String)> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["approval_id"] == json!(id) && e["event"] == json!("approval_expired"))
        .map(|e| {
            (
                e["tool"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        expiries,
        vec![("file_write".to_owned(), "expired".to_owned())],
        "{page}"
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(!path.exists());
}

#[tokio::test]
async fn approving_needs_the_approve_scope_and_exactly_the_requested_arguments() {
    let s = setup().await;
    let path = target(s.files.path(), "bound.txt");
    let (_, approval) = invoke(&s, &s.admin, "file_write", write_args(&path, "exact")).await;
    let id = approval["id"].as_str().unwrap().to_owned();
    let approve = format!("/api/v1/approvals/{id}/approve");

    let (_, key) = s
        .server
        .create_api_key(&s.admin, "ci", &["read", "write", "execute"], None)
        .await;
    let (status, body) = s
        .server
        .send(
            s.server
                .request(reqwest::Method::POST, &approve)
                .header("X-API-Key", &key)
                .json(&json!({})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let mut socket = connect_bearer(&s.server, &key).await.unwrap();
    send(&mut socket, json!({"type": "approve", "approval_id": id})).await;
    assert_eq!(next(&mut socket).await.unwrap()["code"], json!("forbidden"));

    // Other arguments cannot be slipped in: the body has no place for them...
    let (status, body) = s
        .server
        .post(
            &approve,
            &s.admin,
            json!({"arguments": {"path": "/etc/passwd", "content": "x"}}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
    // ...and an approver who saw other arguments is refused.
    let (other_hash, _) = {
        let (_, other) = invoke(
            &s,
            &s.admin,
            "file_write",
            write_args(&path, "something else"),
        )
        .await;
        (other["arguments_hash"].as_str().unwrap().to_owned(), ())
    };
    let (status, body) = s
        .server
        .post(&approve, &s.admin, json!({"arguments_hash": other_hash}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, still) = s
        .server
        .get(&format!("/api/v1/approvals/{id}"), &s.admin)
        .await;
    assert_eq!(still["status"], json!("pending"));
    let hash = approval["arguments_hash"].as_str().unwrap();
    let (status, _) = s
        .server
        .post(&approve, &s.admin, json!({"arguments_hash": hash}))
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("the approved write ran", || {
        std::fs::read_to_string(&path).is_ok_and(|t| t == "exact")
    })
    .await;
}

#[tokio::test]
async fn pending_approvals_survive_a_restart_and_run_once_approved() {
    let mut s = setup().await;
    let path = target(s.files.path(), "after-restart.txt");
    let (_, approval) = invoke(&s, &s.admin, "file_write", write_args(&path, "kept")).await;
    let id = approval["id"].as_str().unwrap().to_owned();
    s.server.restart().await;
    let admin = s.server.admin_token().await;
    let (_, listed) = s
        .server
        .get("/api/v1/approvals?status=pending", &admin)
        .await;
    assert_eq!(listed["approvals"][0]["id"], json!(id));
    let (status, _) = decide(&s, &admin, &id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    eventually("the approved write ran after the restart", || path.exists()).await;
}

#[tokio::test]
async fn the_audit_chain_records_every_decision_and_detects_a_tampered_row() {
    let s = setup().await;
    invoke(&s, &s.admin, "system_info", json!({})).await;
    invoke(&s, &s.admin, "run_command", json!({"command": "rm -rf /"})).await;
    invoke(
        &s,
        &s.admin,
        "http_check",
        json!({"url": "http://127.0.0.1:1/?token=hunter2"}),
    )
    .await;
    let (status, page) = s.server.get("/api/v1/audit", &s.admin).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let entries = page["entries"].as_array().unwrap();
    let events: Vec<(String, String, String)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_owned(),
                e["tool"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        events[..3].to_vec(),
        vec![
            (
                "decision".to_owned(),
                "system_info".to_owned(),
                "run".to_owned()
            ),
            (
                "execution".to_owned(),
                "system_info".to_owned(),
                "ok".to_owned()
            ),
            (
                "decision".to_owned(),
                "run_command".to_owned(),
                "refused".to_owned()
            ),
        ]
    );
    assert!(entries.iter().all(|e| e["actor"] == json!("user:admin")));
    assert!(
        page.to_string().contains("token=[redacted]") && !page.to_string().contains("hunter2"),
        "secrets never reach the log"
    );
    let (_, verified) = s.server.get("/api/v1/audit/verify", &s.admin).await;
    assert_eq!(verified["ok"], json!(true), "{verified}");
    let rows = verified["rows"].as_i64().unwrap();
    assert!(rows >= 5);

    // Someone with the database file rewrites history.
    let url = s.server.config().effective_database_url();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE audit_log SET outcome = 'ok' WHERE seq = 3")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (_, verified) = s.server.get("/api/v1/audit/verify", &s.admin).await;
    assert_eq!(
        (verified["ok"].clone(), verified["broken_at"].clone()),
        (json!(false), json!(3)),
        "{verified}"
    );

    let reader = s.server.create_user(&s.admin, "reader", &["read"]).await;
    let _ = reader;
    let token = s
        .server
        .login("reader", warden_test_support::USER_PASSWORD)
        .await
        .access_token;
    let (status, _) = s.server.get("/api/v1/audit", &token).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the audit log is for administrators"
    );
}

#[tokio::test]
async fn the_webhook_hears_of_approvals_waiting_and_decided_without_secrets() {
    let sink = warden_test_support::WebhookSink::start().await;
    let url = sink.url.clone();
    let s = setup_with(move |c| c.guard.approval_webhook = Some(url)).await;
    let (status, approval) = invoke(
        &s,
        &s.admin,
        "ssh_exec",
        json!({"host": "nowhere", "command": "systemctl restart app --password=hunter2"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    let id = approval["id"].as_str().unwrap().to_owned();
    decide(&s, &s.admin, &id, "deny", json!({"reason": "no"})).await;
    eventually("both notifications arrived", || sink.received().len() >= 2).await;
    let received = sink.received();
    assert_eq!(
        received
            .iter()
            .map(|n| (
                n["event"].as_str().unwrap(),
                n["status"].as_str().unwrap(),
                n["approval_id"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        vec![
            ("approval_required", "pending", id.as_str()),
            ("approval_decided", "denied", id.as_str())
        ]
    );
    assert_eq!(received[1]["decided_by"], json!("user:admin"));
    assert!(!format!("{received:?}").contains("hunter2"), "{received:?}");
}
