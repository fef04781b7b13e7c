//! `warden doctor` through the real binary: a sound machine passes with the fixed JSON shape,
//! then each check fails once, caused the way it happens in the field (runsc missing, Docker
//! gone, a broken NVIDIA library, models absent or refusing tools, a data directory others can
//! read or another user owns, a database from a newer Warden, a malformed policy, a clock that
//! went back, a full disk), and the report names what is wrong. The TLS files, a data directory
//! that is a file or read-only, a silent Docker daemon and the memory: `doctor_more.rs`.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_store::{NewAuditEntry, Store};
use warden_test_llm::{ModelCard, Reply, ScriptedLlm};

use crate::doctor_support::{
    check, detail, doctor, failing, model_dir, prepared, sqlite_url, write_config,
};
use crate::{finish, text, warden};

#[tokio::test]
async fn a_sound_machine_passes_with_the_fixed_shape() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(0), "{report}");
    let keys: Vec<Vec<&str>> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_object().unwrap().keys().map(String::as_str).collect())
        .collect();
    assert!(
        keys.iter()
            .all(|k| k == &["detail", "name", "ok", "required"]),
        "{keys:?}"
    );
    assert_eq!(
        report.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["checks", "ok"]
    );
    let shape: Vec<(String, bool, bool)> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["ok"].as_bool().unwrap(),
                c["required"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, bool, bool)> = [
        ("sandbox", true, true),
        ("docker", true, false),
        ("containment", true, false),
        ("gpu", true, false),
        ("embedder", true, false),
        ("data_dir", true, true),
        ("database", true, true),
        ("policy", true, true),
        ("clock", true, true),
        ("disk", true, true),
    ]
    .into_iter()
    .map(|(n, ok, req)| (n.to_owned(), ok, req))
    .collect();
    assert_eq!(shape, expected, "{report}");
    assert_eq!(report["ok"], json!(true));
    assert!(
        detail(&report, "sandbox").starts_with("runsc do (/usr/bin/runsc), runsc version ")
            && detail(&report, "sandbox")
                .contains(": gVisor's kernel answered (\"Starting gVisor...\") in "),
        "{report}"
    );
    assert!(
        detail(&report, "docker").starts_with("Docker 20.")
            && detail(&report, "docker").ends_with(" answers"),
        "{report}"
    );
    assert!(
        detail(&report, "containment").starts_with("landlock ABI ")
            && detail(&report, "containment").contains("host file system read-only"),
        "{report}"
    );
    assert_eq!(
        detail(&report, "gpu"),
        "no NVIDIA driver (libnvidia-ml.so.1 is not installed): no GPU to watch"
    );
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} is owned by uid 0 with mode 0700, and so are its files",
            data.display()
        )
    );
    assert_eq!(
        detail(&report, "database"),
        format!(
            "sqlite: answers, schema {} (current)",
            warden_store::known_schema_version()
        )
    );
    assert_eq!(
        detail(&report, "policy"),
        "the shipped policy loads (no guard.policy_dir)"
    );
    assert!(
        detail(&report, "clock").ends_with("nothing recorded yet to compare with"),
        "{report}"
    );
    assert!(
        detail(&report, "disk").contains(" GiB free of "),
        "{report}"
    );

    assert_eq!(
        detail(&report, "embedder"),
        "all-minilm-l6-v2 answers with 384 dimensions; no vectors of it stored yet"
    );

    // The same in words, one line per check, and the verdict last.
    let model_dir = model_dir();
    let out =
        finish(warden(&data, &[("WARDEN_MEMORY_MODEL_DIR", model_dir.as_str())]).arg("doctor"))
            .await;
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let marks: Vec<(&str, &str)> = stdout
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .collect();
    assert_eq!(
        marks,
        vec![
            ("ok", "sandbox"),
            ("ok", "docker"),
            ("ok", "containment"),
            ("ok", "gpu"),
            ("ok", "embedder"),
            ("ok", "data_dir"),
            ("ok", "database"),
            ("ok", "policy"),
            ("ok", "clock"),
            ("ok", "disk"),
            ("every", "required"),
        ]
    );

    // Before the first start, nothing exists yet and nothing is created by looking.
    let fresh = root.path().join("fresh");
    let (code, report) = doctor(&fresh, &[]).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        (detail(&report, "data_dir"), detail(&report, "database")),
        (
            format!(
                "{} does not exist yet; the first start creates it with mode 0700",
                fresh.display()
            ),
            format!(
                "sqlite: no database yet at {}; the first start creates it (schema {})",
                fresh.join("warden.db").display(),
                warden_store::known_schema_version()
            )
        )
    );
    assert!(!fresh.exists(), "the doctor created nothing");
}

#[tokio::test]
async fn runsc_missing_fails_the_report() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (code, report) = doctor(&data, &[("WARDEN_RUNSC", "/nonexistent/runsc")]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        (report["ok"].clone(), failing(&report)),
        (json!(false), vec!["sandbox".to_owned()])
    );
    assert_eq!(check(&report, "sandbox")["required"], json!(true));
    assert!(
        detail(&report, "sandbox").starts_with(
            "runsc do (/nonexistent/runsc): the sandbox is not available: cannot run /nonexistent/runsc: No such file or directory"
        ),
        "{report}"
    );
    // In words: FAIL, and the command exits 1 saying so.
    let out = finish(warden(&data, &[("WARDEN_RUNSC", "/nonexistent/runsc")]).arg("doctor")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("FAIL  sandbox"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(text(&out.stderr).trim(), "error: a required check failed");

    // Turned off on purpose: reported, but not required.
    let config = write_config(&data, "[guard]\nsandbox = false\n");
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        check(&report, "sandbox"),
        &json!({"name": "sandbox", "ok": false, "required": false,
                "detail": "turned off by guard.sandbox = false: medium-risk calls wait for approval instead"})
    );
}

#[tokio::test]
async fn the_docker_backend_is_proved_and_a_missing_image_named() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
    let (code, report) = doctor(
        &data,
        &[
            ("WARDEN_SANDBOX_BACKEND", "docker"),
            ("WARDEN_SANDBOX_IMAGE", &image),
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{report}");
    let seen = detail(&report, "sandbox");
    assert!(
        seen.starts_with(&format!(
            "docker run --runtime=runsc in {image}, Docker 20."
        )) && seen.contains(&format!(
            ", runtime runsc, image {image}: gVisor's kernel answered"
        )),
        "{seen}"
    );

    let (code, report) = doctor(
        &data,
        &[
            ("WARDEN_SANDBOX_BACKEND", "docker"),
            ("WARDEN_SANDBOX_IMAGE", "warden-test-never-built:1"),
        ],
    )
    .await;
    assert_eq!(code, Some(1), "{report}");
    assert!(
        detail(&report, "sandbox").contains(
            "the sandbox image 'warden-test-never-built:1' is not present (nothing is pulled; build or load it first)"
        ),
        "{report}"
    );
}

#[tokio::test]
async fn docker_gone_is_reported_but_not_required() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let config = write_config(
        &data,
        "[tools]\ndocker_host = \"unix:///nonexistent/docker.sock\"\n",
    );
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(failing(&report), vec!["docker".to_owned()]);
    assert!(
        detail(&report, "docker")
            .starts_with("the Docker daemon at unix:///nonexistent/docker.sock is not reachable"),
        "{report}"
    );
}

#[tokio::test]
async fn a_broken_nvidia_library_is_told_from_an_absent_one() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    // A driver install gone wrong: the library is there but is not a library.
    let libs = root.path().join("lib");
    std::fs::create_dir(&libs).unwrap();
    std::fs::write(libs.join("libnvidia-ml.so.1"), vec![0u8; 4096]).unwrap();
    let (code, report) = doctor(&data, &[("LD_LIBRARY_PATH", libs.to_str().unwrap())]).await;
    assert_eq!(code, Some(0), "the GPU is not required: {report}");
    assert_eq!(check(&report, "gpu")["ok"], json!(false));
    let said = detail(&report, "gpu");
    assert!(
        said.starts_with("libnvidia-ml.so.1 cannot be loaded: ")
            && said.contains("invalid ELF header"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_model_is_asked_for_its_window_and_tools() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let ollama = ScriptedLlm::start().await;
    ollama.describe_model(ModelCard {
        model: "qwen2.5:7b".to_owned(),
        context_length: Some(32768),
        tools: true,
        vllm: false,
    });
    let llama_cpp = ScriptedLlm::start().await;
    llama_cpp.describe_model(ModelCard {
        model: "smollm2".to_owned(),
        context_length: Some(4096),
        tools: true,
        vllm: false,
    });
    llama_cpp.push(Reply::Text("OK".to_owned()));
    let vllm = ScriptedLlm::start().await;
    vllm.describe_model(ModelCard {
        model: "mistral".to_owned(),
        context_length: Some(65536),
        tools: false,
        vllm: true,
    });
    vllm.push(Reply::Status {
        status: 400,
        body: r#"{"error":{"message":"\"auto\" tool choice requires --enable-auto-tool-choice"}}"#
            .to_owned(),
        retry_after: None,
    });
    let strict = ScriptedLlm::start().await;
    strict.describe_model(ModelCard {
        model: "o-mini".to_owned(),
        context_length: None,
        tools: true,
        vllm: true,
    });
    strict.push(Reply::Status {
        status: 400,
        body: "Unsupported parameter: 'max_tokens'".to_owned(),
        retry_after: None,
    });
    let empty_ollama = ScriptedLlm::start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = write_config(
        &data,
        &format!(
            r#"
[[llm.models]]
name = "local"
api = "ollama"
url = "{}"
model = "qwen2.5:7b"

[[llm.models]]
name = "tiny"
api = "openai"
url = "{}/"
model = "smollm2"

[[llm.models]]
name = "big"
api = "openai"
url = "{}"
model = "mistral"
tier = "heavy"

[[llm.models]]
name = "strict"
api = "openai"
url = "{}"
model = "o-mini"

[[llm.models]]
name = "unpulled"
api = "ollama"
url = "{}"
model = "llama3.1:8b"

[[llm.models]]
name = "gone"
api = "openai"
url = "{closed_url}"
model = "x"
tools = "text"
"#,
            ollama.base_url,
            llama_cpp.base_url,
            vllm.base_url,
            strict.base_url,
            empty_ollama.base_url
        ),
    );
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "models are not required: {report}");
    let models: Vec<(String, bool, String)> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with("model:"))
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["ok"].as_bool().unwrap(),
                c["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        models,
        vec![
            (
                "model:local".to_owned(),
                true,
                format!(
                    "ollama 'qwen2.5:7b' at {}: answers, context window 32768 tokens (/api/show), accepts tools",
                    ollama.base_url
                )
            ),
            (
                "model:tiny".to_owned(),
                true,
                format!(
                    "openai 'smollm2' at {}: answers, context window 4096 tokens (/props), accepts tools",
                    llama_cpp.base_url
                )
            ),
            (
                "model:big".to_owned(),
                false,
                format!(
                    "openai 'mistral' at {}: context window 65536 tokens (max_model_len); does not accept tools (the server said 400 Bad Request: {}), but tools = \"native\" is configured: set tools = \"text\" for this model",
                    vllm.base_url,
                    r#"{"error":{"message":"\"auto\" tool choice requires --enable-auto-tool-choice"}}"#
                )
            ),
            (
                "model:strict".to_owned(),
                false,
                format!(
                    "openai 'o-mini' at {}: a one-token chat at {}/v1/chat/completions failed: 400 Bad Request: Unsupported parameter: 'max_tokens'",
                    strict.base_url, strict.base_url
                )
            ),
            (
                "model:unpulled".to_owned(),
                false,
                format!(
                    "ollama 'llama3.1:8b' at {}: this Ollama does not have the model (404 Not Found: {{\"error\":\"model 'llama3.1:8b' not found\"}}); pull it: ollama pull llama3.1:8b",
                    empty_ollama.base_url
                )
            ),
            (
                "model:gone".to_owned(),
                false,
                format!(
                    "openai 'x' at {closed_url}: {closed_url}/v1/models: no answer (connection refused or host unreachable)"
                )
            ),
        ]
    );
    // The one-token chat carried a tool, and the model was asked by its backend name.
    let sent = llama_cpp.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        (
            sent[0].body["model"].clone(),
            sent[0].body["tools"][0]["function"]["name"].clone(),
            sent[0].body["max_tokens"].clone()
        ),
        (json!("smollm2"), json!("noop"), json!(1))
    );
}

#[tokio::test]
async fn a_data_directory_others_can_read_or_another_user_owns_fails() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        check(&report, "data_dir"),
        &json!({"name": "data_dir", "ok": false, "required": true, "detail": format!(
            "{} has mode 0755: other users can reach the database and the signing key; chmod 700 it",
            data.display()
        )})
    );

    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    // A database file left behind by a run as another user: Warden could not write it.
    std::os::unix::fs::chown(data.join("warden.db"), Some(65534), Some(65534)).unwrap();
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} is owned by uid 65534, but Warden runs as uid 0: it cannot be written; chown it",
            data.join("warden.db").display()
        )
    );
    std::os::unix::fs::chown(data.join("warden.db"), Some(0), Some(0)).unwrap();

    let key = data.join("jwt-signing.key");
    std::fs::write(&key, [7u8; 64]).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (_, report) = doctor(&data, &[]).await;
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} has mode 0644: other users could mint tokens; chmod 600 it",
            key.display()
        )
    );

    std::os::unix::fs::chown(&data, Some(65534), None).unwrap();
    let (_, report) = doctor(&data, &[]).await;
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} is owned by uid 65534, but Warden runs as uid 0: chown it to that user",
            data.display()
        )
    );
}

#[tokio::test]
async fn a_database_from_a_newer_warden_or_out_of_reach_fails() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&sqlite_url(&data)).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99, 'later', TRUE, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "database"),
        format!(
            "sqlite: schema 99 was written by a newer Warden (this one knows up to {}): run that version, or restore a backup made before the upgrade",
            warden_store::known_schema_version()
        )
    );
    // The doctor did not migrate anything on its way.
    let pool = sqlx::AnyPool::connect(&sqlite_url(&data)).await.unwrap();
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, warden_store::known_schema_version() + 1);
    pool.close().await;

    let (code, report) = doctor(
        &data,
        &[(
            "WARDEN_DATABASE_URL",
            "postgres://warden:s3cret@127.0.0.1:1/warden",
        )],
    )
    .await;
    assert_eq!(code, Some(1), "{report}");
    let said = detail(&report, "database");
    assert!(
        said.starts_with(
            "cannot open the database: postgres://warden:[redacted]@127.0.0.1:1/warden: "
        ) && !said.contains("s3cret"),
        "{said}"
    );
}

#[tokio::test]
async fn a_malformed_policy_file_is_named() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let policies = root.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("local.toml"),
        "version = 1\n\n[[rule]]\nid = \"x\"\nlevel = \"sometimes\"\n",
    )
    .unwrap();
    let (code, report) = doctor(&data, &[("WARDEN_POLICY_DIR", policies.to_str().unwrap())]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "policy"),
        format!(
            "{}:3: missing field `tools`",
            policies.join("local.toml").display()
        )
    );
    assert_eq!(failing(&report), vec!["policy".to_owned()]);
}

#[tokio::test]
async fn a_clock_behind_the_newest_record_fails() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let store = Store::connect(&sqlite_url(&data)).await.unwrap();
    // Written while the clock was a day ahead; it has since been set back.
    store
        .append_audit(&NewAuditEntry {
            at: now + 86_400,
            actor: "user:admin".to_owned(),
            event: warden_protocol::AuditEvent::Execution,
            tool: "disk_usage".to_owned(),
            arguments: "{}".to_owned(),
            risk: Some(warden_protocol::Risk::Low),
            route: Some(warden_protocol::Route::Run),
            approval_id: None,
            outcome: warden_protocol::AuditOutcome::Ok,
            detail: String::new(),
            duration_ms: 1,
        })
        .await
        .unwrap();
    store.close().await;
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    let said = detail(&report, "clock");
    assert!(
        said.contains(" s behind the newest record (") && said.contains("it went back"),
        "{said}"
    );
}

/// A small tmpfs, unmounted however the test ends.
struct SmallDisk(PathBuf);

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_full_disk_fails() {
    let root = tempfile::tempdir().unwrap();
    let mount = root.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let status = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(status.success(), "mounting a tmpfs needs root");
    let _disk = SmallDisk(mount.clone());
    let data = prepared(&mount).await;
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    let said = detail(&report, "disk");
    assert!(
        said.ends_with(&format!(
            " MiB free of 8.0 MiB at {}: below 512.0 MiB, the database and backups may fail to write",
            data.display()
        )),
        "{said}"
    );
    assert_eq!(failing(&report), vec!["disk".to_owned()]);
}

#[tokio::test]
async fn containment_that_cannot_start_is_reported_but_not_required() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (code, report) = doctor(&data, &[("WARDEN_SETPRIV", "/nonexistent/setpriv")]).await;
    // Not required: without containment the calls that need it wait for a human.
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(failing(&report), vec!["containment".to_owned()]);
    assert_eq!(check(&report, "containment")["required"], json!(false));
    assert!(
        detail(&report, "containment").contains("/nonexistent/setpriv")
            && detail(&report, "containment")
                .ends_with("low-risk calls that start host programs wait for approval instead"),
        "{report}"
    );
}
