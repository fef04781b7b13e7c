//! `frontend/tests/chat.mjs`: the chat at both widths. A streamed answer held back by the
//! scripted model until the browser has seen its first part; markdown with code; raw HTML that
//! must not trip the CSP; approvals approved, approved after a reload, denied; a run reloaded
//! mid-way and one whose socket dropped, both finishing; a cancel; conversations reopened with
//! every step, renamed, searched and deleted.

use std::time::Duration;

use serde_json::json;
use warden_test_llm::Gate;
use warden_test_support::{Reply, ScriptedLlm, TestServer, scripted_model};

use super::{Width, browse};

async fn chat_at(width: Width) {
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
    let path = |name: &str| files.path().join(name).display().to_string();
    let gate = Gate::new();
    llm.push(Reply::ToolCalls(vec![("disk_usage".to_owned(), json!({}))]));
    llm.push(Reply::Gated {
        first: "The disks are ".to_owned(),
        gate: gate.clone(),
        rest: "**fine**.\n\nCheck again with:\n\n```sh\ndf -h\n```\n".to_owned(),
    });
    llm.push(Reply::Text(
        "Here is raw HTML: <img src=\"http://203.0.113.9/x.png\"> <b style=\"color: red\">bold</b> \
         <style>body { display: none }</style><script>alert(1)</script> ![pic](http://203.0.113.9/p.png)"
            .to_owned(),
    ));
    for (file, answer) in [("note.txt", "Written."), ("again.txt", "Written again.")] {
        llm.push(Reply::ToolCalls(vec![(
            "file_write".to_owned(),
            json!({"path": path(file), "content": "maintenance at 02:00"}),
        )]));
        llm.push(Reply::Text(answer.to_owned()));
    }
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        json!({"path": path("third.txt"), "content": "x"}),
    )]));
    llm.push(Reply::Text("Not written.".to_owned()));
    for answer in ["Done after the pause.", "Done after the second pause."] {
        llm.push(Reply::ToolCalls(vec![(
            "system_info".to_owned(),
            json!({}),
        )]));
        llm.push(Reply::Delay(
            Duration::from_secs(4),
            Box::new(Reply::Text(answer.to_owned())),
        ));
    }
    // Cancelled from the chat while the model thinks.
    llm.push(Reply::Delay(
        Duration::from_secs(30),
        Box::new(Reply::Text("Too late.".to_owned())),
    ));
    llm.push(Reply::Text("Throwaway answer.".to_owned()));

    let report = browse(
        "tests/chat.mjs",
        &server.base,
        width,
        Vec::new(),
        |signal| {
            if signal == "gate" {
                gate.open();
            }
        },
    )
    .await;
    let seen = &report["seen"];
    assert_eq!(
        (
            seen["focusAfterLogin"].clone(),
            seen["focusAfterSend"].clone()
        ),
        (json!("message"), json!("message")),
        "{report}"
    );
    assert_eq!(
        (seen["risk"].clone(), seen["route"].clone()),
        (json!("low"), json!("run")),
        "{report}"
    );
    // Shown while the model still held the rest back.
    assert_eq!(seen["streamedPart"], json!("The disks are"), "{report}");
    assert_eq!(seen["cancelWhileRunning"], json!(true), "{report}");
    assert_eq!(seen["answerBold"], json!("fine"), "markdown: {report}");
    assert!(
        seen["url"].as_str().unwrap().starts_with("#/chat/"),
        "{report}"
    );
    assert_eq!(seen["copiedCode"], json!("df -h"), "{report}");
    assert_eq!(
        seen["outputBox"],
        json!([true, "auto"]),
        "monospace, scrolling: {report}"
    );
    assert_eq!(seen["copiedOutput"], json!(true), "{report}");
    assert!(seen["timestamps"].as_u64().unwrap() >= 2, "{report}");
    assert_eq!(
        seen["multiline"],
        json!("First line\nsecond line"),
        "{report}"
    );
    assert_eq!(
        seen["rawHtml"],
        json!({"images": 0, "styled": 0, "imageLink": "pic", "shownAsText": true}),
        "{report}"
    );
    assert_eq!(
        (
            seen["decision"].clone(),
            seen["decidedBy"].clone(),
            seen["writeRisk"].clone()
        ),
        (json!("approved"), json!("user:admin"), json!("high")),
        "{report}"
    );
    assert_eq!(
        std::fs::read_to_string(files.path().join("note.txt")).unwrap(),
        "maintenance at 02:00"
    );
    // Reloaded while waiting: the buttons came back, and the approval ran the call.
    assert_eq!(
        (
            seen["buttonsAfterReload"].clone(),
            seen["urlAfterReload"].clone()
        ),
        (json!(2), json!(true)),
        "{report}"
    );
    assert!(files.path().join("again.txt").exists());
    assert_eq!(seen["denied"], json!("denied"), "{report}");
    assert!(!files.path().join("third.txt").exists());
    assert_eq!(
        (
            seen["workingAfterReload"].clone(),
            seen["resumedAfterReload"].clone(),
            seen["resumed"].clone(),
            seen["cancelled"].clone()
        ),
        (json!(true), json!(true), json!(true), json!(true)),
        "{report}"
    );
    assert_eq!(seen["models"], json!(["auto", "local"]), "{report}");
    assert_eq!(
        (seen["newVisible"].clone(), seen["secondUrl"].clone()),
        (json!(true), json!(true)),
        "{report}"
    );
    if width == Width::Phone {
        assert_eq!(seen["drawerOpen"], json!(true), "{report}");
    }
    assert_eq!(
        seen["reopened"],
        json!({
            "tools": 6,
            "risks": ["low", "high", "high", "high", "low", "low"],
            "routes": ["run", "approval", "approval", "approval", "run", "run"],
            "decisions": ["approved", "approved", "denied"],
            "decidedBy": ["user:admin", "user:admin", "user:admin"],
            "decidedAt": 3,
            "users": 8
        }),
        "every step of the reopened conversation: {report}"
    );
    assert!(
        seen["contrast"]["checked"].as_u64().unwrap() > 50,
        "{report}"
    );
    assert_eq!(
        seen["contrast"]["failures"],
        json!({}),
        "every step readable in both themes: {report}"
    );
    assert_eq!(seen["renamedTitle"], json!("Disk check"), "{report}");
    assert_eq!(seen["searchFound"], json!(["Disk check"]), "{report}");
    assert_eq!(seen["remaining"], json!(1), "{report}");
    assert_eq!(seen["approvalLinksBack"], json!(true), "{report}");
}

#[tokio::test]
async fn the_chat_streams_approves_survives_reloads_and_keeps_its_history_at_desktop_width() {
    chat_at(Width::Desktop).await;
}

#[tokio::test]
async fn the_chat_streams_approves_survives_reloads_and_keeps_its_history_at_phone_width() {
    chat_at(Width::Phone).await;
}
