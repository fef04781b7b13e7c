//! Free text Warden stores and shows again (names, titles, messages, memories, tags, reasons)
//! holds text that shows as itself: a control or invisible character is refused naming the
//! field, the character and where, and nothing is stored. A scope listed twice is named, not
//! merged. A webhook delivery's body passes the same strict reader as every JSON body.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_core::automation::hooks::sign;
use warden_core::automation::{TaskAction, TaskSpec, ToolStep};
use warden_server::config::{HookConfig, Secret};
use warden_test_support::{TestServer, error_code};

/// Characters no stored text may hold: controls, a bidi override, zero-width and tag characters.
const HIDDEN: [(&str, &str); 6] = [
    ("\u{1b}[2J", "U+001B"),
    ("\u{0}", "U+0000"),
    ("txt\u{202E}exe", "U+202E"),
    ("ad\u{200B}min", "U+200B"),
    ("ok\u{E0041}\u{E0042}", "U+E0041"),
    ("a\u{2066}b", "U+2066"),
];

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

/// `field` refused with 422, the message naming the field and the character.
fn assert_refused(what: &str, field: &str, code: &str, status: StatusCode, body: &Value) {
    assert_eq!(
        (status, error_code(body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        "{what}: {body}"
    );
    let said = message(body);
    assert!(
        said.starts_with(&format!("{field} holds ")) && said.contains(code),
        "{what}: {said}"
    );
}

#[tokio::test]
async fn a_control_or_invisible_character_in_stored_text_is_refused_naming_the_field() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for (text, code) in HIDDEN {
        // The escaped NUL is refused by the JSON reader before any field is judged.
        let nul = code == "U+0000";
        let (status, body) = server
            .post(
                "/api/v1/api-keys",
                &admin,
                json!({"name": format!("ci {text}"), "scopes": ["read"]}),
            )
            .await;
        if nul {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            continue;
        }
        assert_refused("api key name", "name", code, status, &body);
        let (status, body) = server
            .post(
                "/api/v1/memories",
                &admin,
                json!({"content": format!("the backup runs at 02:00 {text}")}),
            )
            .await;
        assert_refused("memory content", "content", code, status, &body);
        let (status, body) = server
            .post(
                "/api/v1/memories",
                &admin,
                json!({"content": "the backup runs at 02:00", "tags": ["ops", text]}),
            )
            .await;
        assert_refused("memory tag", "tags", code, status, &body);
        let (status, body) = server
            .post(
                "/api/v1/chat",
                &admin,
                json!({"message": format!("restart web {text}")}),
            )
            .await;
        assert_refused("chat message", "message", code, status, &body);
        // A reason is judged before the approval or proposal is looked up.
        for path in [
            "/api/v1/approvals/no-such-approval/approve",
            "/api/v1/approvals/no-such-approval/deny",
            "/api/v1/runbooks/proposals/no-such-proposal/reject",
        ] {
            let (status, body) = server
                .post(
                    path,
                    &admin,
                    json!({"reason": format!("looks fine {text}")}),
                )
                .await;
            assert_refused(path, "reason", code, status, &body);
        }
    }
    // A newline is a second line: refused in a name, taken in a memory.
    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "ci\nforged-row", "scopes": ["read"]}),
        )
        .await;
    assert_refused("a newline in a name", "name", "U+000A", status, &body);
    let (status, body) = server
        .post(
            "/api/v1/memories",
            &admin,
            json!({"content": "step one\nstep two\tdone — ✓ 👨\u{200D}👩\u{200D}👧"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(keys["api_keys"], json!([]), "{keys}");
    let (_, memories) = server.get("/api/v1/memories", &admin).await;
    assert_eq!(
        memories["memories"].as_array().map(Vec::len),
        Some(1),
        "only the plain memory is stored: {memories}"
    );
    let (_, conversations) = server.get("/api/v1/conversations", &admin).await;
    assert_eq!(conversations["conversations"], json!([]), "{conversations}");
}

#[tokio::test]
async fn a_scope_listed_twice_is_named_not_merged() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for (scopes, repeated) in [
        (json!(["read", "read"]), "read"),
        (json!(["write", "read", "write"]), "write"),
    ] {
        let (status, body) = server
            .post(
                "/api/v1/api-keys",
                &admin,
                json!({"name": "ci", "scopes": scopes}),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_json"),
            "{body}"
        );
        assert!(
            message(&body).contains(&format!("scopes lists '{repeated}' twice")),
            "{body}"
        );
    }
    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "ci", "scopes": ["read", "root"]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(message(&body).contains("root"), "{body}");
    let (_, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(keys["api_keys"], json!([]), "{keys}");
}

const SECRET: &str = "a-webhook-secret-of-some-length";

async fn deliver(
    server: &TestServer,
    body: &[u8],
    delivery: &str,
    content_type: &str,
) -> (StatusCode, Value) {
    server
        .send(
            server
                .request(Method::POST, "/api/v1/hooks/push")
                .header("content-type", content_type)
                .header("x-warden-delivery", delivery)
                .header("x-warden-signature", sign(SECRET.as_bytes(), body))
                .body(body.to_vec()),
        )
        .await
}

/// A signed delivery whose body would read one way to its sender and another to Warden (a key
/// twice), or that is not the text it says it is, is refused naming the fault; it is not
/// recorded, so the same delivery id with a sound body is taken after.
#[tokio::test]
async fn a_webhook_body_passes_the_strict_json_reader() {
    let server = TestServer::builder()
        .configure(|c| {
            c.automation.tasks = vec![TaskSpec {
                name: "deploy".to_owned(),
                schedule: None,
                owner: "admin".to_owned(),
                action: TaskAction::Tools(vec![ToolStep {
                    tool: "system_info".to_owned(),
                    args: json!({}),
                }]),
            }];
            c.automation.hooks = vec![HookConfig {
                name: "push".to_owned(),
                secret: Secret::new(SECRET),
                task: "deploy".to_owned(),
                when: vec![("/ref".to_owned(), "refs/heads/main".to_owned())],
            }];
        })
        .start()
        .await;
    for (body, content_type, mentions) in [
        (
            &br#"{"ref": "refs/heads/dev", "ref": "refs/heads/main"}"#[..],
            "application/json",
            "the key `ref` appears twice in the body",
        ),
        (
            br#"{"ref": "refs/heads/dev", "head": {"sha": "a", "sha": "b"}}"#,
            "text/plain",
            "the key `sha` appears twice in `head`",
        ),
        (
            br#"{"ref": "refs/heads/dev\u0000"}"#,
            "application/json",
            "NUL",
        ),
        (
            b"{\"ref\": \"refs/heads/\xff\"}",
            "application/json",
            "UTF-8",
        ),
        (
            b"ref=refs/heads/main",
            "application/json",
            "says it is JSON",
        ),
        (b"plain\0text", "text/plain", "NUL"),
    ] {
        let (status, reply) = deliver(&server, body, "d-1", content_type).await;
        assert_eq!(
            (status, error_code(&reply)),
            (StatusCode::BAD_REQUEST, "invalid_json"),
            "{}: {reply}",
            String::from_utf8_lossy(body)
        );
        assert!(
            message(&reply).contains(mentions),
            "{}: {reply}",
            String::from_utf8_lossy(body)
        );
    }
    let (status, reply) = deliver(
        &server,
        br#"{"ref": "refs/heads/dev"}"#,
        "d-1",
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["outcome"], json!("ignored"), "{reply}");
}

/// An Alertmanager delivery is read by the same strict reader: a label given twice would open
/// the incident on one target while the sender's tools showed another. Nothing is stored.
#[tokio::test]
async fn an_alertmanager_delivery_with_a_key_twice_is_named_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let delivery = r#"{"version": "4", "status": "firing", "receiver": "warden", "groupKey": "g",
        "alerts": [{"status": "firing", "fingerprint": "f1", "startsAt": "2026-01-01T00:00:00Z",
        "labels": {"alertname": "DiskFull", "instance": "db-1", "instance": "web-1"}}]}"#;
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/alerts/alertmanager")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body(delivery),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json"),
        "{body}"
    );
    assert!(
        message(&body).contains("the key `instance` appears twice in `alerts[0].labels`"),
        "{body}"
    );
    let (_, incidents) = server.get("/api/v1/incidents", &admin).await;
    assert_eq!(incidents["incidents"], json!([]), "{incidents}");
}
