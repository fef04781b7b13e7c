//! One redaction everywhere, through the real server: the audit log, approvals, the webhook,
//! run events, conversations, what the model is sent, and `process_list` for a reader.

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{Reply, ScriptedLlm, WebhookSink, scripted_model};

use super::{site, site_with};

/// Every secret planted below contains this marker, and nothing else does.
const MARK: &str = "S3cret";

fn leaks(value: &Value) -> Vec<String> {
    let text = value.to_string();
    text.match_indices(MARK)
        .map(|(at, _)| text[at.saturating_sub(40)..(at + 20).min(text.len())].to_owned())
        .collect()
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test]
async fn secrets_in_calls_never_reach_the_audit_log_approvals_or_the_webhook() {
    let sink = WebhookSink::start().await;
    let url = sink.url.clone();
    let s = site_with(move |c| c.guard.approval_webhook = Some(url)).await;
    let commands = [
        "mysql -uroot -pMysqlS3cret1 -e status",
        "curl -H 'Authorization: Bearer TokenS3cret2abcdef' https://ops:UrlS3cret3@example.com/",
        "sshpass -p SshS3cret4 ssh admin@db1 uptime",
        "deploy --api-key ApiS3cret5 --region eu",
        "env PGPASSWORD=PgS3cret6 psql -h db",
        "docker run -e MYSQL_ROOT_PASSWORD=DockerS3cret7 mysql",
    ];
    let mut ids = Vec::new();
    for command in commands {
        // The model may always ask for more care: every call here waits for a human.
        let (status, approval) = s
            .invoke(
                &s.admin,
                "run_command",
                json!({"command": command, "_warden_risk": "high"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{command}: {approval}");
        assert_eq!(leaks(&approval), Vec::<String>::new());
        ids.push(approval["id"].as_str().unwrap().to_owned());
    }
    let (status, approval) = s
        .invoke(
            &s.admin,
            "file_write",
            json!({"path": s.root.join("db.conf").display().to_string(), "content": "user = app\npassword = FileS3cret8\n"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    ids.push(approval["id"].as_str().unwrap().to_owned());
    for id in &ids {
        let (status, _) = s
            .server
            .post(
                &format!("/api/v1/approvals/{id}/deny"),
                &s.admin,
                json!({"reason": "never with pw=ReasonS3cret9 inline"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    let (_, approvals) = s.server.get("/api/v1/approvals", &s.admin).await;
    assert_eq!(approvals["approvals"].as_array().unwrap().len(), ids.len());
    assert_eq!(leaks(&approvals), Vec::<String>::new());
    // Listed in any order (one second's approvals): compared by id.
    let command_of = |id: &str| {
        approvals["approvals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == json!(id))
            .map(|a| a["arguments"]["command"].clone())
            .unwrap()
    };
    let shown: Vec<Value> = ids.iter().map(|id| command_of(id)).collect();
    assert_eq!(
        shown,
        vec![
            json!("mysql -uroot -p[redacted] -e status"),
            json!("curl -H 'Authorization: Bearer [redacted]' https://ops:[redacted]@example.com/"),
            json!("sshpass -p [redacted] ssh admin@db1 uptime"),
            json!("deploy --api-key [redacted] --region eu"),
            json!("env PGPASSWORD=[redacted] psql -h db"),
            json!("docker run -e MYSQL_ROOT_PASSWORD=[redacted] mysql"),
            Value::Null,
        ]
    );
    for approval in approvals["approvals"].as_array().unwrap() {
        assert_eq!(approval["reason"], json!("never with pw=[redacted] inline"));
    }

    let (status, audit) = s.server.get("/api/v1/audit?limit=200", &s.admin).await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    assert!(audit.to_string().contains("[redacted]"));
    assert_eq!(leaks(&audit), Vec::<String>::new());

    eventually("every notification arrived", || {
        sink.received().len() >= 2 * ids.len()
    })
    .await;
    assert_eq!(leaks(&Value::Array(sink.received())), Vec::<String>::new());
}

#[tokio::test]
async fn a_reader_sees_other_processes_without_their_passwords() {
    let s = site().await;
    let reader = s.user("reader", &["read"]).await;
    // A process whose command line carries a password, as `ps` shows it.
    let mut child = std::process::Command::new("sh")
        .args([
            "-c",
            "sleep 117; true",
            "mysql",
            "-uroot",
            "-pProcS3cret1",
            "shop",
        ])
        .spawn()
        .unwrap();
    let (status, body) = s
        .invoke(
            &reader,
            "process_list",
            json!({"query": "sleep 117", "limit": 500}),
        )
        .await;
    let (_, probe) = s
        .invoke(
            &reader,
            "process_list",
            json!({"query": "ProcS3cret", "limit": 500}),
        )
        .await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, StatusCode::OK, "{body}");
    let commands: Vec<&str> = body["data"]["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["command"].as_str())
        .collect();
    assert!(
        commands.contains(&"sh -c sleep 117; true mysql -uroot -p[redacted] shop"),
        "{commands:?}"
    );
    assert_eq!(leaks(&body), Vec::<String>::new());
    assert_eq!(
        probe["data"]["processes"],
        json!([]),
        "a query cannot probe a password"
    );
}

#[tokio::test]
async fn a_chat_run_never_shows_a_secret_to_the_model_the_events_or_the_conversation() {
    let llm = ScriptedLlm::start().await;
    let model = scripted_model("local", &llm, false);
    let s = site_with(move |c| c.llm.models = vec![model]).await;
    std::fs::write(
        s.root.join("app.env.txt"),
        "DB_HOST=db\nDB_PASSWORD=FileS3cret1\nSTRIPE=sk_live_S3cretabcdefghij\n",
    )
    .unwrap();
    llm.push(Reply::ToolCalls(vec![
        (
            "file_read".to_owned(),
            json!({"path": s.root.join("app.env.txt").display().to_string()}),
        ),
        (
            "http_check".to_owned(),
            json!({"url": "https://ops:EventS3cret2@example.invalid/"}),
        ),
    ]));
    llm.push(Reply::Text("Done.".to_owned()));
    let (status, reply) = s
        .server
        .post(
            "/api/v1/chat",
            &s.admin,
            json!({"message": "check the app"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(leaks(&reply["events"]), Vec::<String>::new());
    let read = reply["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == json!("tool_result") && e["name"] == json!("file_read"))
        .unwrap();
    assert_eq!(
        read["output"],
        json!("DB_HOST=db\nDB_PASSWORD=[redacted]\nSTRIPE=[redacted]\n")
    );
    let call = reply["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == json!("tool_call") && e["name"] == json!("http_check"))
        .unwrap();
    assert_eq!(
        call["arguments"]["url"],
        json!("https://ops:[redacted]@example.invalid/")
    );
    // What the model was sent back holds the file's secrets no more than the events do.
    let sent = llm.requests();
    assert_eq!(sent.len(), 2);
    let second = sent[1].body.to_string();
    assert!(
        !second.contains("FileS3cret1") && !second.contains("sk_live"),
        "{second}"
    );
    let conversation = reply["conversation_id"].as_str().unwrap();
    let (_, detail) = s
        .server
        .get(&format!("/api/v1/conversations/{conversation}"), &s.admin)
        .await;
    assert_eq!(leaks(&detail), Vec::<String>::new());
}
