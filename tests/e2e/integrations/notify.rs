//! Notifications as each receiver sees them: ntfy, Slack, Mattermost and Discord incoming
//! webhooks and signed JSON on loopback sinks, email through a real SMTP server (aiosmtpd),
//! filters per channel, a retry after a refused delivery, and no secret anywhere.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::Duration;

use hmac::{Hmac, Mac};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;
use sha2::Sha256;
use tokio::io::{AsyncBufReadExt, BufReader};
use warden_notify::{ChannelConfig, ChannelKind, EmailConfig, EventKind, Severity, SmtpTls};
use warden_test_support::{HttpSink, TestServer};

use super::{python, script};

fn channel(name: &str, kind: ChannelKind) -> ChannelConfig {
    ChannelConfig {
        name: name.to_owned(),
        kind,
        events: BTreeSet::new(),
        min_severity: Severity::Info,
    }
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..150 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test]
async fn every_channel_gets_its_format_signed_filtered_retried_and_without_secrets() {
    let sink = HttpSink::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut smtp = tokio::process::Command::new(python())
        .arg(script("smtp_sink.py"))
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut mail = BufReader::new(smtp.stdout.take().unwrap()).lines();
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(30), mail.next_line())
            .await
            .unwrap()
            .unwrap()
            .as_deref(),
        Some("ready")
    );
    // The first Slack delivery is refused: the queue tries again.
    sink.fail("/slack", &[500]);
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let channels = vec![
        channel(
            "phone",
            ChannelKind::Ntfy {
                url: sink.url("/ntfy"),
                token: Some("tk_ntfy".to_owned()),
            },
        ),
        channel(
            "slack",
            ChannelKind::Slack {
                url: sink.url("/slack"),
            },
        ),
        channel(
            "mm",
            ChannelKind::Mattermost {
                url: sink.url("/mattermost"),
            },
        ),
        channel(
            "discord",
            ChannelKind::Discord {
                url: sink.url("/discord"),
            },
        ),
        channel(
            "hook",
            ChannelKind::Json {
                url: sink.url("/json"),
                secret: Some("hook-secret-for-tests".to_owned()),
            },
        ),
        ChannelConfig {
            events: [EventKind::IncidentOpened, EventKind::ApprovalRequired].into(),
            min_severity: Severity::Critical,
            ..channel(
                "pager",
                ChannelKind::Slack {
                    url: sink.url("/filtered"),
                },
            )
        },
        ChannelConfig {
            events: [EventKind::ApprovalDecided].into(),
            ..channel(
                "decisions",
                ChannelKind::Slack {
                    url: sink.url("/decided"),
                },
            )
        },
        channel(
            "mail",
            ChannelKind::Email(EmailConfig {
                host: "127.0.0.1".to_owned(),
                port,
                tls: SmtpTls::None,
                username: None,
                password: None,
                from: "Warden <warden@example.test>".to_owned(),
                to: vec!["ops@example.test".to_owned()],
            }),
        ),
    ];
    let server = TestServer::builder()
        .configure(move |c| {
            c.tools.file_roots = vec![root];
            c.notify.channels = channels;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let path = files.path().join("app.env");
    let (status, approval) = server
        .post(
            "/api/v1/tools/file_write/invoke",
            &admin,
            json!({"args": {"path": path.display().to_string(), "content": "--password=hunter2"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    let id = approval["id"].as_str().unwrap().to_owned();
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{id}/deny"),
            &admin,
            json!({"reason": "not now"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually("every channel heard both events", || {
        sink.at("/ntfy").len() == 2
            && sink.at("/slack").len() == 3
            && sink.at("/mattermost").len() == 2
            && sink.at("/discord").len() == 2
            && sink.at("/json").len() == 2
            && sink.at("/decided").len() == 1
    })
    .await;

    let title = "Approval required: file_write (high risk)";
    let ntfy = sink.at("/ntfy");
    assert_eq!(
        (
            ntfy[0].headers["title"].as_str(),
            ntfy[0].headers["priority"].as_str(),
            ntfy[0].headers["tags"].as_str(),
            ntfy[0].headers["authorization"].as_str()
        ),
        (title, "high", "warning,approval_required", "Bearer tk_ntfy")
    );
    assert!(
        ntfy[0]
            .text()
            .contains(&format!("Approval {id} expires at")),
        "{}",
        ntfy[0].text()
    );
    assert_eq!(ntfy[1].headers["title"], "Approval denied: file_write");
    assert_eq!(ntfy[1].headers["priority"], "default");

    let slack = sink.at("/slack");
    assert_eq!(
        slack[0].body, slack[1].body,
        "the refused delivery was sent again as it was"
    );
    let text = slack[0].json()["text"].as_str().unwrap().to_owned();
    assert!(
        text.starts_with(&format!("*{title}*\nuser admin asks to run file_write ")),
        "{text}"
    );
    let mattermost = sink.at("/mattermost")[0].json();
    assert_eq!(mattermost["username"], json!("Warden"));
    assert!(
        mattermost["text"].as_str().unwrap().starts_with(&format!(
            "**{}**\n",
            // Markdown's characters in callers' text are escaped.
            title
                .replace('_', "\\_")
                .replace('(', "\\(")
                .replace(')', "\\)")
        )),
        "{mattermost}"
    );
    let discord = sink.at("/discord")[1].json();
    assert_eq!(discord["username"], json!("Warden"));
    assert!(
        discord["content"]
            .as_str()
            .unwrap()
            .starts_with("**Approval denied: file\\_write**\nfile\\_write "),
        "{discord}"
    );
    assert_eq!(discord["allowed_mentions"], json!({"parse": []}));
    assert!(
        discord["content"]
            .as_str()
            .unwrap()
            .contains("was denied by user:admin: not now")
    );

    // Signed JSON: HMAC-SHA256 of the exact body, hex, with the event in a header.
    for delivery in sink.at("/json") {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"hook-secret-for-tests").unwrap();
        mac.update(&delivery.body);
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(delivery.headers["x-warden-signature"], expected);
        assert_eq!(delivery.headers["content-type"], "application/json");
    }
    let json = sink.at("/json");
    let (first, second) = (json[0].json(), json[1].json());
    assert_eq!(json[0].headers["x-warden-event"], "approval_required");
    assert_eq!(
        (
            &first["event"],
            &first["level"],
            &first["approval_id"],
            &first["tool"],
            &first["status"],
            &first["risk"]
        ),
        (
            &json!("approval_required"),
            &json!("warning"),
            &json!(id),
            &json!("file_write"),
            &json!("pending"),
            &json!("high")
        )
    );
    assert_eq!(first["requested_by"]["username"], json!("admin"));
    assert_eq!(first["title"], json!(title));
    assert_eq!(
        (
            &second["event"],
            &second["status"],
            &second["decided_by"],
            &second["reason"]
        ),
        (
            &json!("approval_decided"),
            &json!("denied"),
            &json!("user:admin"),
            &json!("not now")
        )
    );

    // The pager wants only critical incident openings and approvals: nothing here was.
    assert!(sink.at("/filtered").is_empty());
    assert_eq!(
        sink.at("/decided")[0].json()["text"]
            .as_str()
            .unwrap()
            .lines()
            .next(),
        Some("*Approval denied: file_write*")
    );

    // Email through the real SMTP server.
    let mut messages = Vec::new();
    while messages.len() < 2 {
        let line = tokio::time::timeout(Duration::from_secs(30), mail.next_line())
            .await
            .expect("the SMTP server received the emails")
            .unwrap()
            .unwrap();
        messages.push(serde_json::from_str::<serde_json::Value>(&line).unwrap());
    }
    assert_eq!(messages[0]["mail_from"], json!("warden@example.test"));
    assert_eq!(messages[0]["rcpt_tos"], json!(["ops@example.test"]));
    let data = messages[0]["data"].as_str().unwrap();
    assert!(
        data.contains(&format!("Subject: [Warden] {title}")),
        "{data}"
    );
    assert!(data.contains("To: ops@example.test"), "{data}");
    assert!(data.contains(&id), "{data}");

    // No secret reached anyone.
    let everything = format!(
        "{:?}{:?}",
        [
            "/ntfy",
            "/slack",
            "/mattermost",
            "/discord",
            "/json",
            "/decided"
        ]
        .iter()
        .flat_map(|p| sink.at(p))
        .map(|r| r.text())
        .collect::<Vec<_>>(),
        messages
    );
    assert!(!everything.contains("hunter2"), "{everything}");
    smtp.kill().await.unwrap();
}
