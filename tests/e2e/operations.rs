//! Operating a running Warden: `/readyz` shows administrators the doctor's checks (and nobody
//! else), and medium-risk commands run through Docker's gVisor runtime when the sandbox backend
//! is `docker` (dockerd with runsc registered, the busybox test image).

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_server::config::SandboxBackendKind;
use warden_test_support::{TestServer, error_code};

fn names(checks: &Value) -> Vec<&str> {
    checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn readyz_shows_the_doctor_to_administrators_only() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, body) = server.get("/readyz", &admin).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ready"], json!(true));
    assert_eq!(
        names(&body["checks"]),
        vec!["database", "sandbox", "containment", "docker", "memory"]
    );
    let doctor = &body["doctor"];
    assert_eq!(
        names(&doctor["checks"]),
        vec![
            "sandbox",
            "docker",
            "containment",
            "gpu",
            "embedder",
            "data_dir",
            "database",
            "policy",
            "clock",
            "disk"
        ],
        "{body}"
    );
    assert_eq!(doctor["ok"], json!(true), "{body}");
    // The server's own database, read while it runs: it has recorded the login already.
    let database = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "database")
        .unwrap();
    assert_eq!(
        database,
        &json!({"name": "database", "ok": true, "required": true, "detail": format!("sqlite: answers, schema {} (current)", warden_store::known_schema_version())})
    );
    let clock = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "clock")
        .unwrap();
    assert!(
        clock["detail"]
            .as_str()
            .unwrap()
            .contains("; not behind the newest record ("),
        "{clock}"
    );

    // The memory's embedder as the server holds it (this server ranks by words).
    let embedder = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "embedder")
        .unwrap();
    assert_eq!(
        embedder,
        &json!({"name": "embedder", "ok": true, "required": false, "detail": "memory.embedder = \"none\": recall ranks by words"})
    );

    // Anyone else: readiness only.
    let (status, body) = server.send(server.request(Method::GET, "/readyz")).await;
    assert_eq!(
        (status, body["doctor"].clone()),
        (StatusCode::OK, Value::Null)
    );
    server.create_user(&admin, "viewer", &["read"]).await;
    let viewer = server
        .login("viewer", warden_test_support::USER_PASSWORD)
        .await
        .access_token;
    let (status, body) = server.get("/readyz", &viewer).await;
    assert_eq!(
        (status, body["doctor"].clone()),
        (StatusCode::OK, Value::Null)
    );
    // A credential that is sent must be valid.
    let (status, body) = server.get("/readyz", "not-a-token").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
}

#[tokio::test]
async fn medium_commands_run_through_dockers_gvisor_runtime() {
    let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
    let sandbox_image = image.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            c.guard.sandbox_backend = SandboxBackendKind::Docker;
            c.guard.sandbox_image = sandbox_image;
        })
        .start()
        .await;
    let (_, ready) = server.send(server.request(Method::GET, "/readyz")).await;
    let sandbox = &ready["checks"][1];
    assert_eq!(sandbox["ok"], json!(true), "{ready}");
    assert!(
        sandbox["detail"].as_str().unwrap().ends_with(&format!(
            ", runtime runsc, image {image}: medium-risk calls run in gVisor"
        )),
        "{sandbox}"
    );
    let admin = server.admin_token().await;
    // Shell syntax is medium: it runs in a fresh container under gVisor, which sees the image's
    // files (busybox), not the host's (Debian); its read-only root and limits are tested in the
    // sandbox crate.
    let (status, body) = server
        .post(
            "/api/v1/tools/run_command/invoke",
            &admin,
            json!({"args": {"command": "cat /proc/version; id -u; ls /bin/busybox; test -e /etc/debian_version || echo no-debian"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["risk"].as_str(), body["route"].as_str()),
        (Some("medium"), Some("sandbox"))
    );
    let output = body["output"].as_str().unwrap();
    // A sandboxed result opens with a note that says so.
    assert!(output.starts_with("[ran in the gVisor sandbox"), "{output}");
    assert_eq!(body["data"]["ran_in"], json!("sandbox"), "{body}");
    let lines: Vec<&str> = output.lines().skip(1).collect();
    assert!(lines[0].starts_with("Linux version 4.4.0"), "{output}");
    assert_eq!(
        lines[1..4].to_vec(),
        vec!["65534", "/bin/busybox", "no-debian"],
        "{output}"
    );
}

/// The doctor in `/readyz` asks the embedder the server holds: a remote one answers with its
/// dimension, and a built-in one whose files are missing says why recall ranks by words.
#[tokio::test]
async fn readyz_asks_the_servers_own_embedder() {
    let llm = warden_test_llm::ScriptedLlm::start().await;
    let url = llm.base_url.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            c.memory.embedder = warden_server::config::EmbedderKind::Ollama;
            c.memory.embed_url = Some(url);
            c.memory.embed_model = Some("nomic-embed-text".to_owned());
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let (status, body) = server.get("/readyz", &admin).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let embedder = body["doctor"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "embedder")
        .unwrap()
        .clone();
    assert_eq!(
        embedder,
        json!({"name": "embedder", "ok": true, "required": false,
               "detail": "ollama/nomic-embed-text answers with 64 dimensions; no vectors of it stored yet"})
    );

    let missing = tempfile::tempdir().unwrap();
    let dir = missing.path().join("absent");
    let server = TestServer::builder()
        .configure(move |c| {
            c.memory.embedder = warden_server::config::EmbedderKind::Builtin;
            c.memory.model_dir = Some(dir);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let (_, body) = server.get("/readyz", &admin).await;
    let embedder = body["doctor"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "embedder")
        .unwrap()
        .clone();
    assert_eq!(embedder["ok"], json!(false), "{body}");
    assert!(
        embedder["detail"]
            .as_str()
            .unwrap()
            .starts_with("no built-in embedder (the embedding model's files: "),
        "{embedder}"
    );
}
