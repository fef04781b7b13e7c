//! `warden doctor` where the cause is easy to hide: a configuration that does not load (the
//! `--json` report still comes, with a failing `config` check), a model that sends its headers
//! and then nothing, a Docker socket that is missing or not ours to open, a stalled embedder
//! (named with its kind and URL), and an OpenAI-style URL that ends in `/v1`.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::doctor_support::{detail, doctor, prepared, write_config};
use crate::{BIN, finish, json, text};

#[tokio::test]
async fn a_configuration_that_does_not_load_still_gives_the_json_report() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let config = write_config(&data, "listne = 1\n");
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(2), "{report}");
    assert_eq!(
        report,
        json!({"ok": false, "checks": [{
            "name": "config",
            "ok": false,
            "required": true,
            "detail": format!("invalid configuration: {config}: unknown field `listne`, expected one of `listen`, `data_dir`, `database_url`, `auth`, `rate_limit`, `http`, `tools`, `llm`, `guard`, `monitor`, `memory`, `notify`, `mcp`, `task`, `hook`, `fleet` at line 1, column 1"),
        }]})
    );

    std::fs::remove_file(&config).unwrap();
    let (code, report) = doctor(&data, &[("WARDEN_ADMIN_PASSWORD", "")]).await;
    assert_eq!(code, Some(2), "{report}");
    assert_eq!(
        report,
        json!({"ok": false, "checks": [{
            "name": "config",
            "ok": false,
            "required": true,
            "detail": "invalid configuration: WARDEN_ADMIN_PASSWORD: is set but empty; unset it or give a value",
        }]})
    );

    // The `/v1` most servers document with their base URL is the one Warden adds itself: the
    // configuration loads and the model is asked at `/v1/models`, never `/v1/v1/models`.
    let config = write_config(
        &data,
        "[[llm.models]]\nname = \"vllm\"\napi = \"openai\"\nurl = \"http://127.0.0.1:9/v1/\"\nmodel = \"m\"\n",
    );
    let (_, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    let checks = report["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["name"] != "config"), "{report}");
    let model = detail(&report, "model:vllm");
    assert!(model.contains("http://127.0.0.1:9/v1/models"), "{model}");
    assert!(!model.contains("/v1/v1"), "{model}");
}

/// A server that answers every request with 200 headers, then holds the body open.
async fn headers_then_stall() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            let _ = stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n",
                )
                .await;
            open.push(stream);
        }
    });
    (url, held)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_model_that_sends_headers_then_stalls_is_said_to_stall() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (url, held) = headers_then_stall().await;
    let config = write_config(
        &data,
        &format!(
            "[[llm.models]]\nname = \"stall\"\napi = \"ollama\"\nurl = \"{url}\"\nmodel = \"llama3.1:8b\"\n"
        ),
    );
    let started = Instant::now();
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "models are not required: {report}");
    assert_eq!(
        detail(&report, "model:stall"),
        format!(
            "ollama 'llama3.1:8b' at {url}: 200 OK: the headers arrived but no body within 10 s (the server stalled)"
        )
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    held.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_embedder_is_named_with_its_kind_and_url() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (url, held) = headers_then_stall().await;
    let (code, report) = doctor(
        &data,
        &[
            ("WARDEN_MEMORY_EMBEDDER", "ollama"),
            ("WARDEN_EMBED_URL", &url),
            ("WARDEN_EMBED_MODEL", "nomic-embed-text"),
        ],
    )
    .await;
    assert_eq!(code, Some(0), "the embedder is not required: {report}");
    assert_eq!(
        detail(&report, "embedder"),
        format!(
            "the ollama embedder 'nomic-embed-text' at {url}: no answer within 25 s; recall ranks by words"
        )
    );
    held.abort();
}

#[tokio::test]
async fn a_docker_socket_missing_or_not_ours_names_the_cause() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let missing = root.path().join("missing.sock");
    let config = write_config(
        &data,
        &format!("[tools]\ndocker_host = \"unix://{}\"\n", missing.display()),
    );
    let (_, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    let said = detail(&report, "docker");
    assert!(
        said.starts_with(&format!(
            "the Docker daemon at unix://{} is not reachable: ",
            missing.display()
        )) && said.ends_with(
            " (ENOENT: no socket at that path; is dockerd running, and is tools.docker_host right?)"
        ),
        "{said}"
    );

    // A socket only root may open, tried as nobody: permission denied, said as such.
    let open = tempfile::tempdir().unwrap();
    std::fs::set_permissions(open.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let socket = open.path().join("docker.sock");
    let _listener = tokio::net::UnixListener::bind(&socket).unwrap();
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut command = tokio::process::Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .args(["doctor", "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WARDEN_DATA_DIR", open.path().join("data"))
        .env("WARDEN_LOG", "warn")
        .env("WARDEN_MEMORY_EMBEDDER", "none")
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .current_dir(open.path())
        .kill_on_drop(true);
    let out = finish(&mut command).await;
    let report = json(&out);
    let said = detail(&report, "docker");
    assert!(
        said.starts_with(&format!(
            "the Docker daemon at unix://{} is not reachable: ",
            socket.display()
        )) && said.ends_with(
            " (EACCES: the user running Warden may not open the socket; add it to the socket's group, or use a socket proxy)"
        ),
        "{said}\nstderr: {}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn ssh_keys_open_to_others_or_no_known_hosts_fail_the_ssh_check() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let key = root.path().join("id_ed25519");
    std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let known = root.path().join("known_hosts");
    let write = |known_hosts: &str| {
        write_config(
            &data,
            &format!(
                "[tools.ssh]\n{known_hosts}[[tools.ssh.hosts]]\nname = \"web1\"\naddress = \"127.0.0.1\"\nport = 2222\nuser = \"ops\"\nkey_file = \"{}\"\n",
                key.display()
            ),
        )
    };
    let config = write("");
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "ssh is not required: {report}");
    assert_eq!(
        detail(&report, "ssh"),
        format!(
            "host 'web1': key_file {} has mode 0644: others can read the private key; chmod 600 it; tools.ssh.known_hosts is not set: host keys cannot be checked, so ssh_exec refuses every host; ssh_exec cannot reach that host",
            key.display()
        )
    );

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = write(&format!("known_hosts = \"{}\"\n", known.display()));
    let (_, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(
        detail(&report, "ssh"),
        format!(
            "known_hosts {} cannot be read: No such file or directory (os error 2); ssh_exec cannot reach that host",
            known.display()
        )
    );

    std::fs::write(&known, "[127.0.0.1]:2222 ssh-ed25519 AAAA\n").unwrap();
    let (_, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(
        crate::doctor_support::check(&report, "ssh"),
        &json!({
            "name": "ssh",
            "ok": true,
            "required": false,
            "detail": format!(
                "1 host(s): key files private and readable; host keys checked against {}",
                known.display()
            ),
        })
    );
}
