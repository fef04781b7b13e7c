//! The web app in a real browser: Debian's Chromium driven by playwright-core
//! (`frontend/tests/chat.mjs`) against Warden serving its embedded build, with the scripted model.
//! Login, a chat round trip showing the tool call's risk and route, a high-risk action approved
//! inline and run, a denial shown as such, and a dropped WebSocket that reconnects and receives the
//! rest of its run. Screenshots go to `.tmp/screenshots/`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use warden_test_support::{ADMIN_PASSWORD, Reply, ScriptedLlm, TestServer, scripted_model};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[tokio::test]
async fn the_web_app_chats_approves_denies_and_resumes_in_chromium() {
    let frontend = root().join("frontend");
    assert!(
        frontend.join("node_modules/playwright-core").exists()
            && frontend.join("dist/index.html").exists(),
        "the web app must be built first: make test runs npm ci and npm run build in frontend/"
    );
    let llm = ScriptedLlm::start().await;
    let files = tempfile::tempdir().unwrap();
    let note = files.path().join("note.txt");
    let model = scripted_model("local", &llm, false);
    let root_dir = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.tools.file_roots = vec![root_dir];
        })
        .start()
        .await;
    let write = json!({"path": note.display().to_string(), "content": "maintenance at 02:00"});
    llm.push(Reply::ToolCalls(vec![("disk_usage".to_owned(), json!({}))]));
    llm.push(Reply::Text("The disks are **fine**.".to_owned()));
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        write.clone(),
    )]));
    llm.push(Reply::Text("Written.".to_owned()));
    llm.push(Reply::ToolCalls(vec![(
        "file_write".to_owned(),
        json!({"path": files.path().join("again.txt").display().to_string(), "content": "x"}),
    )]));
    llm.push(Reply::Text("Not written.".to_owned()));
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Delay(
        Duration::from_secs(3),
        Box::new(Reply::Text("Done after the pause.".to_owned())),
    ));
    // Cancelled from the chat while the model thinks.
    llm.push(Reply::Delay(
        Duration::from_secs(30),
        Box::new(Reply::Text("Too late.".to_owned())),
    ));

    let report = browse("tests/chat.mjs", server.base.clone(), Vec::new()).await;
    let seen = &report["seen"];
    assert_eq!(
        (seen["risk"].clone(), seen["route"].clone()),
        (json!("low"), json!("run")),
        "{report}"
    );
    assert_eq!(
        seen["answerBold"],
        json!("fine"),
        "markdown is rendered: {report}"
    );
    assert_eq!(
        (seen["decision"].clone(), seen["writeRisk"].clone()),
        (json!("approved"), json!("high")),
        "{report}"
    );
    assert_eq!(
        std::fs::read_to_string(&note).unwrap(),
        "maintenance at 02:00"
    );
    assert_eq!(seen["denied"], json!("denied"), "{report}");
    assert!(
        seen["deniedResult"]
            .as_str()
            .unwrap()
            .starts_with("failed (denied)"),
        "{report}"
    );
    assert!(!files.path().join("again.txt").exists());
    assert_eq!(seen["resumed"], json!(true), "{report}");
    assert_eq!(seen["cancelled"], json!(true), "{report}");
    assert_eq!(seen["models"], json!(["auto", "local"]), "{report}");
    assert!(seen["conversations"].as_u64().unwrap() >= 1, "{report}");
    assert!(seen["reopened"].as_u64().unwrap() >= 1, "{report}");
}

/// Runs one browser script against `base`; its JSON report, after checking it succeeded.
async fn browse(script: &'static str, base: String, extra: Vec<(&'static str, String)>) -> Value {
    let frontend = root().join("frontend");
    let shots = root().join(".tmp/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        let mut command = Command::new("node");
        command
            .arg(script)
            .current_dir(&frontend)
            .env("WARDEN_URL", base)
            .env("WARDEN_USER", "admin")
            .env("WARDEN_PASSWORD", ADMIN_PASSWORD)
            .env("SCREENSHOTS", &shots);
        for (key, value) in extra {
            command.env(key, value);
        }
        command.output().expect("node (make test installs it)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "no report from the browser: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["problems"], json!([]));
    report
}

#[tokio::test]
async fn the_memory_page_searches_shows_sources_forgets_and_accepts_runbooks() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, _) = server
        .post(
            "/api/v1/memories",
            &admin,
            json!({"content": "the NAS backup job runs at 02:00", "kind": "fact", "shared": true}),
        )
        .await;
    assert_eq!(status.as_u16(), 201);
    // A proposal as the monitor makes one, written to the server's own database.
    let url = format!(
        "sqlite://{}?mode=rw",
        server.data_dir().join("warden.db").display()
    );
    let store = warden_store::Store::connect(&url).await.unwrap();
    store
        .propose_runbook(&warden_store::RunbookProposal {
            id: String::new(),
            kind: "container_exited".to_owned(),
            fix_key: "k".to_owned(),
            steps: r#"[{"tool":"docker_start","arguments":{"container":"{target}"}}]"#.to_owned(),
            summary: "for container_exited incidents: docker_start".to_owned(),
            held_count: 3,
            state: "proposed".to_owned(),
            proposed_at: 1,
            decided_by: None,
            decided_at: None,
            reason: None,
        })
        .await
        .unwrap();
    store.close().await;
    let report = browse("tests/memory.mjs", server.base.clone(), Vec::new()).await;
    let seen = &report["seen"];
    assert_eq!(
        (
            seen["source"].clone(),
            seen["sharedBadge"].clone(),
            seen["found"].clone(),
            seen["firstFound"].clone(),
            seen["forgotten"].clone(),
            seen["proposalBefore"].clone(),
            seen["proposalAfter"].clone()
        ),
        (
            json!("stored by hand"),
            json!("shared"),
            json!(1),
            // Ranked by words in test servers: "wiki" found, twice (1 + 2 x 0.1).
            json!("the wiki lives at wiki.lan (1.20)"),
            json!(true),
            json!("proposed"),
            json!("accepted")
        ),
        "{report}"
    );
    let (_, proposals) = server
        .get("/api/v1/runbooks/proposals?state=accepted", &admin)
        .await;
    assert_eq!(proposals["proposals"][0]["decided_by"], json!("admin"));
}

#[tokio::test]
async fn the_dashboard_shows_real_readings_and_keys_are_created_once_and_revoked() {
    // Access tokens that expire within the app's one-minute margin: every call it makes refreshes
    // first, so the refresh path runs throughout this scenario.
    let server = TestServer::builder()
        .configure(|c| c.auth.access_token_ttl_secs = 61)
        .start()
        .await;
    let name = format!("wtest-web-{}", std::process::id());
    let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
    let created = Command::new("docker")
        .args(["create", "--name", &name, &image, "true"])
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let report = browse(
        "tests/pages.mjs",
        server.base.clone(),
        vec![("CONTAINER", name.clone())],
    )
    .await;
    let _ = Command::new("docker").args(["rm", "-f", &name]).output();
    let seen = &report["seen"];
    assert!(
        seen["gauges"].as_u64().unwrap() >= 3,
        "load, memory and at least one disk: {report}"
    );
    assert!(
        seen["memoryGauge"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0,
        "{report}"
    );
    assert!(seen["charts"].as_u64().unwrap() >= 3, "{report}");
    assert_eq!(seen["container"], json!(1), "{report}");
    let key = seen["key"].as_str().unwrap();
    assert!(key.starts_with("wdn_"), "{report}");
    assert_eq!(
        (seen["before"].clone(), seen["secretAfterReload"].clone()),
        (json!("active"), json!(0)),
        "{report}"
    );
    assert_eq!(seen["userDisabled"], json!(true), "{report}");
    // The revoked key no longer opens anything.
    let (status, _) = server
        .send(
            server
                .request(reqwest::Method::GET, "/api/v1/auth/me")
                .header("X-API-Key", key),
        )
        .await;
    assert_eq!(status.as_u16(), 401);
}

#[tokio::test]
async fn the_app_is_served_from_the_binary_under_the_strict_csp() {
    let server = TestServer::start().await;
    let response = server
        .request(reqwest::Method::GET, "/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = response.text().await.unwrap();
    let script = page
        .split('"')
        .find(|part| part.starts_with("/assets/") && part.ends_with(".js"))
        .unwrap_or_else(|| panic!("no script in {page}"))
        .to_owned();
    let asset = server
        .request(reqwest::Method::GET, &script)
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 200);
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let (status, body) = server
        .send(server.request(reqwest::Method::GET, "/assets/nope.js"))
        .await;
    assert_eq!(
        (status.as_u16(), warden_test_support::error_code(&body)),
        (404, "not_found")
    );
}
