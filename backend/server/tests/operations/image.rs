//! The Dockerfile, the Compose file and the systemd unit, for real where this machine allows.
//!
//! What is built and run here: the Dockerfile's `prebuilt` target (its runtime stage, the one every
//! build ends in) from this test's own `warden` binary, on a `debian:bookworm-slim` made locally
//! with debootstrap from Debian's packages (`tests/scripts/base-image.sh`), with the host's
//! Docker client standing in for the official `docker:cli` image. What is not: the `web` and
//! `build` stages (they start from the official node and rust images, which cannot be pulled
//! here), and the Ollama and ChromaDB services (their images cannot be pulled either): Compose
//! brings Warden up alone (`up --no-deps warden`) with the repository's `docker-compose.yml`,
//! validated whole (with and without the GPU override) by Debian's docker-compose 1.29.
//! The unit file is checked with `systemd-analyze verify` and scored with `systemd-analyze
//! security --offline`; systemd does not run services on this machine (it is not PID 1).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::Value;

use crate::{BIN, text};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(command: &mut Command) -> Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

fn docker(args: &[&str]) -> Command {
    let mut command = Command::new("docker");
    command.args(args).env("DOCKER_BUILDKIT", "0");
    command
}

/// A unique, lowercase name for this run.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}{}x{nanos}", std::process::id())
}

/// The image tag this test built, removed with its Compose project at the end.
struct Built {
    tag: String,
    project: Option<String>,
    compose_env: Vec<(String, String)>,
}

impl Drop for Built {
    fn drop(&mut self) {
        if let Some(project) = &self.project {
            let _ = compose(project, &self.compose_env)
                .args(["down", "--volumes", "--remove-orphans", "--timeout", "5"])
                .output();
        }
        let _ = docker(&["rmi", "--force", &self.tag]).output();
    }
}

fn compose(project: &str, env: &[(String, String)]) -> Command {
    let mut command = Command::new("docker-compose");
    command
        .current_dir(repo())
        .args(["--project-name", project, "--file", "docker-compose.yml"])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    command
}

/// The runtime image from this test's binary: base and Docker client made locally, the
/// runtime's own layers (apt, user, directories) cached under a tag of their own.
fn build_image() -> Built {
    run(&mut Command::new(
        repo().join("tests/scripts/base-image.sh"),
    ));
    if !docker(&["image", "inspect", "warden-test-docker-cli:latest"])
        .output()
        .unwrap()
        .status
        .success()
    {
        let client =
            String::from_utf8(run(Command::new("sh").args(["-c", "command -v docker"])).stdout)
                .unwrap();
        let context = tempfile::tempdir().unwrap();
        std::fs::copy(client.trim(), context.path().join("docker")).unwrap();
        std::fs::write(
            context.path().join("Dockerfile"),
            "FROM scratch\nCOPY docker /usr/local/bin/docker\n",
        )
        .unwrap();
        run(docker(&["build", "-q", "-t", "warden-test-docker-cli:latest"]).arg(context.path()));
    }
    let context = tempfile::tempdir().unwrap();
    std::fs::copy(BIN, context.path().join("warden")).unwrap();
    let dockerfile = repo().join("Dockerfile");
    let build = |target: &str, tag: &str| {
        run(docker(&[
            "build",
            "-q",
            "--file",
            dockerfile.to_str().unwrap(),
            "--target",
            target,
            "--build-arg",
            "DOCKER_CLI_IMAGE=warden-test-docker-cli:latest",
            "--label",
            "warden.test=image",
            "--tag",
            tag,
        ])
        .arg(context.path()));
    };
    build("runtime-base", "warden-test-runtime-base:latest");
    // A changed Dockerfile leaves the previous runtime layers untagged: ours alone, by label.
    run(&mut docker(&[
        "image",
        "prune",
        "--force",
        "--filter",
        "label=warden.test=image",
    ]));
    let built = Built {
        tag: format!("{}:latest", unique("warden-test-image-")),
        project: None,
        compose_env: Vec::new(),
    };
    build("prebuilt", &built.tag);
    built
}

fn inspect(tag: &str) -> Value {
    let out = run(&mut docker(&["image", "inspect", tag]));
    serde_json::from_slice::<Value>(&out.stdout).unwrap()[0]["Config"].clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn get(url: &str) -> Option<(u16, String)> {
    let response = warden_http::client_builder()
        .timeout(Duration::from_secs(5))
        .build()
        .ok()?
        .get(url)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.text().await.unwrap_or_default()))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_image_runs_warden_from_the_compose_file() {
    let mut built = build_image();
    let config = inspect(&built.tag);
    assert_eq!(
        (
            config["User"].clone(),
            config["Entrypoint"].clone(),
            config["Cmd"].clone(),
            config["WorkingDir"].clone(),
            config["ExposedPorts"].clone(),
            config["Volumes"].clone(),
        ),
        (
            Value::from("warden"),
            serde_json::json!(["warden"]),
            serde_json::json!(["serve"]),
            Value::from("/var/lib/warden"),
            serde_json::json!({"8080/tcp": {}}),
            serde_json::json!({"/var/lib/warden": {}}),
        )
    );
    assert!(config["Healthcheck"]["Test"][0] == "CMD", "{config}");

    // The whole file validates, with and without the GPU override.
    let password = "compose-admin-password";
    let mut env = vec![
        ("WARDEN_ADMIN_PASSWORD".to_owned(), password.to_owned()),
        ("WARDEN_IMAGE".to_owned(), built.tag.clone()),
    ];
    let project = unique("wardentest");
    run(compose(&project, &env).args(["config", "--quiet"]));
    run(compose(&project, &env).args(["--file", "deploy/compose.gpu.yml", "config", "--quiet"]));
    let services = run(compose(&project, &env).args(["config", "--services"]));
    let mut names: Vec<String> = text(&services.stdout).lines().map(str::to_owned).collect();
    names.sort();
    assert_eq!(names, vec!["chromadb", "ollama", "warden"]);
    // Without the first administrator's password it refuses, naming it.
    let refused = compose(&project, &[])
        .args(["config", "--quiet"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("set WARDEN_ADMIN_PASSWORD"),
        "{}",
        text(&refused.stderr)
    );

    // Warden alone: the Ollama and ChromaDB images cannot be pulled here.
    let port = free_port();
    let socket_gid =
        std::os::unix::fs::MetadataExt::gid(&std::fs::metadata("/var/run/docker.sock").unwrap());
    env.push(("WARDEN_PUBLISH".to_owned(), format!("127.0.0.1:{port}")));
    env.push(("DOCKER_GID".to_owned(), socket_gid.to_string()));
    built.project = Some(project.clone());
    built.compose_env = env.clone();
    run(compose(&project, &env).args(["up", "--detach", "--no-deps", "--no-build", "warden"]));

    let base = format!("http://127.0.0.1:{port}");
    let mut ready = None;
    for _ in 0..120 {
        ready = get(&format!("{base}/readyz")).await;
        if ready.as_ref().is_some_and(|(status, _)| *status == 200) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let logs = || {
        text(
            &compose(&project, &env)
                .args(["logs", "warden"])
                .output()
                .unwrap()
                .stdout,
        )
    };
    let (status, body) = ready.unwrap_or_else(|| panic!("no answer on {base}: {}", logs()));
    assert_eq!(status, 200, "{body}\n{}", logs());
    let readiness: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(readiness["ready"], Value::Bool(true));
    // The Docker sandbox backend, through the mounted socket, with runsc registered.
    assert_eq!(
        readiness["checks"][1]["ok"],
        Value::Bool(true),
        "{readiness}"
    );

    let (status, page) = get(&format!("{base}/")).await.unwrap();
    assert_eq!(
        status, 200,
        "the web app is embedded by `make web` before the build: {page}"
    );
    assert!(page.contains("<div id=\"app\""), "{page}");

    // The first administrator came from the Compose environment.
    let login = warden_http::client()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 200);

    // Inside: the doctor passes, its sandbox proved through Docker's gVisor runtime, the data
    // volume owned by the unprivileged user.
    let doctor = compose(&project, &env)
        .args(["exec", "-T", "warden", "warden", "doctor", "--json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&doctor.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&doctor.stdout), text(&doctor.stderr)));
    let detail = |name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| {
                (
                    c["ok"].as_bool().unwrap(),
                    c["detail"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap()
    };
    assert_eq!(doctor.status.code(), Some(0), "{report}");
    let (ok, sandbox) = detail("sandbox");
    assert!(
        ok && sandbox.starts_with(&format!("docker run --runtime=runsc in {}", built.tag))
            && sandbox.contains("gVisor's kernel answered"),
        "{sandbox}"
    );
    assert_eq!(
        detail("data_dir"),
        (
            true,
            "/var/lib/warden is owned by uid 10001 with mode 0700, and so are its files".to_owned()
        )
    );
    // No Ollama came up: the model is reported, not required.
    let (ok, model) = detail("model:qwen2.5:7b");
    assert!(
        !ok && model.starts_with("ollama 'qwen2.5:7b' at http://ollama:11434: "),
        "{model}"
    );

    // Docker's own health check, from the Compose file, turns healthy.
    let container = text(&run(compose(&project, &env).args(["ps", "--quiet", "warden"])).stdout)
        .trim()
        .to_owned();
    let mut health = String::new();
    for _ in 0..60 {
        health = text(
            &run(&mut docker(&[
                "inspect",
                "--format",
                "{{.State.Health.Status}}",
                &container,
            ]))
            .stdout,
        )
        .trim()
        .to_owned();
        if health == "healthy" {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert_eq!(health, "healthy");
}

#[test]
fn the_systemd_unit_verifies_and_keeps_its_hardening() {
    let unit = std::fs::read_to_string(repo().join("deploy/warden.service")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // verify checks that ExecStart's program exists: point it at this build's binary.
    let local = unit.replace(
        "ExecStart=/usr/local/bin/warden serve",
        &format!("ExecStart={BIN} serve"),
    );
    assert_ne!(local, unit, "the unit starts /usr/local/bin/warden serve");
    let path = dir.path().join("warden.service");
    std::fs::write(&path, &local).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (tests/scripts/services.sh install)");
    assert_eq!(
        (out.status.code(), text(&out.stderr)),
        (Some(0), String::new()),
        "systemd-analyze verify"
    );
    // A misspelt option is what verify reports, so the empty report above means something.
    std::fs::write(&path, local.replace("ProtectClock=", "ProtectClok=")).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains("Unknown key 'ProtectClok'"),
        "{}",
        text(&out.stderr)
    );

    std::fs::write(&path, &local).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&path)
        .output()
        .unwrap();
    let report = text(&out.stdout);
    let exposure: f64 = report
        .lines()
        .find_map(|l| {
            l.split("Overall exposure level for warden.service: ")
                .nth(1)
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{report}"));
    // 6.0 with systemd 252 (a root service that keeps namespaces, devices and ptrace for runsc
    // and NVML); 9.6 for a unit without any hardening.
    assert!(exposure <= 6.0, "exposure {exposure}:\n{report}");
    for on in [
        "NoNewPrivileges=",
        "ProtectClock=",
        "ProtectHostname=",
        "ProtectKernelModules=",
        "ProtectKernelTunables=",
        "RestrictSUIDSGID=",
    ] {
        let line = report
            .lines()
            .find(|l| l.contains(on))
            .unwrap_or_else(|| panic!("{on} not in:\n{report}"));
        assert!(line.trim_start().starts_with('✓'), "{line}");
    }
}

#[test]
fn the_agent_unit_verifies_and_keeps_the_servers_hardening() {
    let unit = std::fs::read_to_string(repo().join("deploy/warden-agent.service")).unwrap();
    let server = std::fs::read_to_string(repo().join("deploy/warden.service")).unwrap();
    let hardening = |text: &str| -> Vec<String> {
        let start = text.find("NoNewPrivileges=").unwrap();
        let end = text.find("[Install]").unwrap();
        text[start..end].lines().map(str::to_owned).collect()
    };
    assert_eq!(hardening(&unit), hardening(&server));
    let dir = tempfile::tempdir().unwrap();
    let local = unit.replace(
        "ExecStart=/usr/local/bin/warden agent",
        &format!("ExecStart={BIN} agent"),
    );
    assert_ne!(local, unit, "the unit starts /usr/local/bin/warden agent");
    let path = dir.path().join("warden-agent.service");
    std::fs::write(&path, &local).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (tests/scripts/services.sh install)");
    assert_eq!(
        (out.status.code(), text(&out.stderr)),
        (Some(0), String::new()),
        "systemd-analyze verify"
    );
}

#[test]
fn warden_waits_for_healthy_services_and_the_units_name_no_missing_documentation() {
    let env = vec![("WARDEN_ADMIN_PASSWORD".to_owned(), "x".repeat(12))];
    let resolved = text(&run(compose(&unique("wardendeps"), &env).arg("config")).stdout);
    let start = resolved
        .find("    depends_on:\n")
        .expect("warden has depends_on");
    let block: Vec<&str> = resolved[start..].lines().skip(1).take(4).collect();
    assert_eq!(
        block,
        vec![
            "      chromadb:",
            "        condition: service_healthy",
            "      ollama:",
            "        condition: service_healthy",
        ],
        "{resolved}"
    );
    // A `Documentation=file:` pointing at a path no package installs would send `systemctl
    // help` nowhere.
    for unit in ["deploy/warden.service", "deploy/warden-agent.service"] {
        let text = std::fs::read_to_string(repo().join(unit)).unwrap();
        assert!(!text.contains("Documentation=file:"), "{unit}");
    }
}
