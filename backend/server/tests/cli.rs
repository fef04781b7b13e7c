//! The real `warden` binary: start-up refusals, configuration errors, user and key management,
//! and a served API that accepts what the CLI created.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;

const BIN: &str = env!("CARGO_BIN_EXE_warden");

/// A `warden` command with a clean environment: only the variables given, a private data dir.
fn warden(data_dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    command.env_clear();
    command.env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("WARDEN_DATA_DIR", data_dir);
    command.env("WARDEN_LOG", "warn");
    for (key, value) in vars {
        command.env(key, value);
    }
    command.current_dir(data_dir.parent().expect("parent"));
    command
}

fn run(command: &mut Command, stdin: Option<&str>) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn warden");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("warden output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn serve_refuses_to_start_without_any_user_and_says_how() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        warden(
            &dir.path().join("data"),
            &[("WARDEN_LISTEN", "127.0.0.1:0")],
        )
        .arg("serve"),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("WARDEN_ADMIN_PASSWORD"), "{stderr}");
    assert!(stderr.contains("warden user add"), "{stderr}");
}

#[test]
fn a_weak_admin_password_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        warden(
            &dir.path().join("data"),
            &[
                ("WARDEN_LISTEN", "127.0.0.1:0"),
                ("WARDEN_ADMIN_PASSWORD", "admin"),
            ],
        )
        .arg("serve"),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("WARDEN_ADMIN_PASSWORD: password must be at least 12 characters"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_configuration_names_the_key_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        warden(&data, &[("WARDEN_LISTEN", "everywhere")]).arg("serve"),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: invalid configuration: WARDEN_LISTEN: 'everywhere' is not a socket address like 127.0.0.1:8080"
    );

    let config = dir.path().join("warden.toml");
    std::fs::write(&config, "[http]\nbody_limit_bytes = 1024\ntimeout = 5\n").unwrap();
    let out = run(
        warden(&data, &[]).args(["--config", config.to_str().unwrap(), "serve"]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warden.toml: unknown field `timeout`"),
        "{stderr}"
    );
    assert!(stderr.contains("line 3"), "{stderr}");

    let out = run(
        warden(&data, &[]).args(["--config", "/nonexistent/warden.toml", "serve"]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read configuration file"),
        "{}",
        text(&out.stderr)
    );

    // The HTTP layer's bounds: a read buffer hyper would refuse (it panics below 8192), zeros.
    for (line, says) in [
        (
            "max_header_bytes = 100",
            "http.max_header_bytes: must be at least 8192 (the smallest read buffer the HTTP server takes), not 100",
        ),
        (
            "max_headers = 0",
            "http.max_headers: must be greater than 0",
        ),
        (
            "max_uri_bytes = 0",
            "http.max_uri_bytes: must be greater than 0",
        ),
        (
            "body_read_timeout_secs = 0",
            "http.body_read_timeout_secs: must be greater than 0",
        ),
    ] {
        std::fs::write(&config, format!("[http]\n{line}\n")).unwrap();
        let out = run(
            warden(&data, &[]).args(["--config", config.to_str().unwrap(), "serve"]),
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{line}");
        assert_eq!(
            text(&out.stderr).trim(),
            format!("error: invalid configuration: {says}"),
            "{line}"
        );
    }
}

#[test]
fn users_and_keys_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cli = |args: &[&str], stdin: Option<&str>| {
        let mut command = warden(&data, &[]);
        command.args(args);
        run(&mut command, stdin)
    };

    let out = cli(
        &[
            "user",
            "add",
            "alice",
            "--scopes",
            "read,write",
            "--password-stdin",
        ],
        Some("alice's long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("created user alice"),
        "{}",
        text(&out.stdout)
    );

    let out = cli(
        &["user", "add", "alice", "--password-stdin"],
        Some("another long password\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("user already exists"),
        "{}",
        text(&out.stderr)
    );

    let out = cli(&["user", "add", "bob", "--password-stdin"], Some("short\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("at least 12 characters"));

    let out = cli(
        &["user", "add", "bob", "--scopes", "root", "--password-stdin"],
        Some("long enough password\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown scope 'root'"),
        "{}",
        text(&out.stderr)
    );

    let out = cli(&["user", "list", "--json"], None);
    let users: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(users[0]["username"], "alice");
    assert_eq!(users[0]["scopes"], serde_json::json!(["read", "write"]));
    assert!(
        !text(&out.stdout).contains("argon2"),
        "hashes never leave the store"
    );

    let out = cli(
        &[
            "apikey", "create", "--user", "alice", "--name", "deploy", "--scopes", "admin",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "a key cannot exceed its owner");
    assert!(
        text(&out.stderr)
            .contains("alice: an API key's scopes must be a subset of its owner's; missing: admin"),
        "{}",
        text(&out.stderr)
    );

    let out = cli(
        &[
            "apikey",
            "create",
            "--user",
            "alice",
            "--name",
            "deploy",
            "--scopes",
            "read",
            "--expires-in",
            "30d",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let key = stdout
        .lines()
        .find(|l| l.starts_with("wdn_"))
        .expect("the key is printed")
        .to_owned();
    assert_eq!(key.len(), 47);

    let out = cli(&["apikey", "list", "--json"], None);
    let listed = text(&out.stdout);
    assert!(
        !listed.contains(&key[4..]),
        "listing never shows the secret"
    );
    let keys: serde_json::Value = serde_json::from_str(&listed).expect("json");
    let key_id = keys[0]["id"].as_str().expect("id").to_owned();
    assert!(keys[0]["expires_at"].is_i64());

    let out = cli(
        &["user", "passwd", "alice", "--password-stdin"],
        Some("a newer long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli(&["user", "disable", "alice"], None);
    assert!(out.status.success());
    let out = cli(&["user", "list"], None);
    assert!(
        text(&out.stdout)
            .lines()
            .any(|l| l.starts_with("alice") && l.contains("disabled")),
        "{}",
        text(&out.stdout)
    );
    let out = cli(&["user", "enable", "alice"], None);
    assert!(out.status.success());

    let out = cli(&["apikey", "revoke", &key_id], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli(&["apikey", "revoke", "no-such-id"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no API key with id 'no-such-id'"));
    let out = cli(&["user", "disable", "nobody"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no user named 'nobody'"));
}

struct Served {
    child: Child,
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(data: &Path, vars: &[(&str, &str)]) -> Served {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut command = warden(data, vars);
    command
        .env("WARDEN_LISTEN", &listen)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = command.spawn().expect("spawn serve");
    let served = Served {
        child,
        base: format!("http://{listen}"),
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if std::net::TcpStream::connect(&listen).is_ok() {
            return served;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("warden did not listen on {listen} within 30 s");
}

#[tokio::test]
async fn the_served_api_accepts_what_the_cli_created_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        &mut {
            let mut c = warden(&data, &[]);
            c.args([
                "user",
                "add",
                "ops",
                "--scopes",
                "read,write",
                "--password-stdin",
            ]);
            c
        },
        Some("ops long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &mut {
            let mut c = warden(&data, &[]);
            c.args([
                "apikey", "create", "--user", "ops", "--name", "cron", "--scopes", "read",
            ]);
            c
        },
        None,
    );
    let key = text(&out.stdout)
        .lines()
        .find(|l| l.starts_with("wdn_"))
        .expect("key")
        .to_owned();

    // A user exists, so no admin password is needed.
    let mut served = serve(&data, &[]);
    let client = warden_http::client();
    let ready = client
        .get(format!("{}/readyz", served.base))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200);
    let me: serde_json::Value = client
        .get(format!("{}/api/v1/auth/me", served.base))
        .header("x-api-key", &key)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["username"], "ops");
    let login = client
        .post(format!("{}/api/v1/auth/login", served.base))
        .json(&serde_json::json!({"username": "ops", "password": "ops long password"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);

    // The key file was generated private.
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(data.join("jwt-signing.key"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&data).unwrap().permissions());
    assert_eq!(dir_mode & 0o777, 0o700);

    // SIGTERM: a graceful stop with exit code 0.
    let pid = served.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let started = Instant::now();
    loop {
        if let Some(status) = served.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "warden did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn warden_args(data: &Path, vars: &[(&str, &str)], args: &[&str]) -> Output {
    run(warden(data, vars).args(args), None)
}

#[test]
fn policy_explain_and_check_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = warden_args(
        &data,
        &[],
        &[
            "policy",
            "explain",
            "run_command",
            r#"{"command":"sudo iptables -F"}"#,
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let explained: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            explained["risk"].as_str(),
            explained["route"].as_str(),
            explained["rule"].as_str()
        ),
        (Some("forbidden"), Some("refused"), Some("firewall-off"))
    );
    let out = warden_args(
        &data,
        &[],
        &[
            "policy",
            "explain",
            "file_write",
            r#"{"path":"/srv/x","content":""}"#,
        ],
    );
    let shown = text(&out.stdout);
    assert!(
        shown.contains("risk:          high") && shown.contains("route:         approval"),
        "{shown}"
    );
    // The data directory is protected from every tool, however it is named; the working
    // directory is its parent, so `data/...` is it too.
    let explain = |tool: &str, args: serde_json::Value| -> (String, String, String) {
        let out = warden_args(
            &data,
            &[],
            &["policy", "explain", tool, &args.to_string(), "--json"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let explained: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            explained["risk"].as_str().unwrap_or_default().to_owned(),
            explained["route"].as_str().unwrap_or_default().to_owned(),
            explained["rule"].as_str().unwrap_or_default().to_owned(),
        )
    };
    let key = data.join("jwt-signing.key").display().to_string();
    assert_eq!(
        explain("file_read", serde_json::json!({ "path": key })),
        (
            "forbidden".into(),
            "refused".into(),
            "protected-path".into()
        )
    );
    for command in [
        format!("base64 {key}"),
        "cat data/jwt-signing.key".to_owned(),
        format!("sqlite3 {} .dump", data.join("warden.db").display()),
        "strings /proc/self/environ".to_owned(),
    ] {
        assert_eq!(
            explain("run_command", serde_json::json!({ "command": command })),
            (
                "forbidden".into(),
                "refused".into(),
                "command-classifier".into()
            ),
            "{command}"
        );
    }
    assert_eq!(
        explain(
            "run_command",
            serde_json::json!({"command": "sed -n '1e id' /etc/hostname"})
        )
        .0,
        "high"
    );
    assert_eq!(
        explain(
            "run_command",
            serde_json::json!({"command": "ps aux | grep nginx"})
        ),
        ("low".into(), "run".into(), "command-classifier".into())
    );
    let out = warden_args(
        &data,
        &[],
        &["policy", "explain", "run_command", "{not json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not JSON"));
    // An unknown tool is an error naming it (with a few known ones), not an explanation.
    for (tool, suggests) in [
        ("UNKNOWN_TOOL", "known tools include: "),
        ("docker_restartt", "docker_restart"),
    ] {
        let out = warden_args(&data, &[], &["policy", "explain", tool, "{}"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{tool}: {stderr}");
        assert!(
            stderr.contains(&format!("there is no tool named '{tool}'"))
                && stderr.contains(suggests),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    }

    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/default.toml");
    let out = warden_args(&data, &[], &["policy", "check", shipped.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "version = 1\n\n[[rule]]\nid = \"r\"\ntools = [\"docker_stop\"]\narguments = { container = [\"db*\"] }\nlevel = \"high\"\njustification = \"j\"\nmatch = [{ container = \"web\" }]\n",
    )
    .unwrap();
    let out = warden_args(&data, &[], &["policy", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.toml:3: rule 'r': the match example {\"container\":\"web\"} does not match the rule"),
        "{stderr}"
    );

    // A malformed operator policy stops start-up with the file, line and reason, as invalid
    // configuration (exit 2) found before the data directory is touched.
    let policies = dir.path().join("policies");
    std::fs::create_dir_all(&policies).unwrap();
    std::fs::copy(&bad, policies.join("ops.toml")).unwrap();
    let out = warden_args(
        &data,
        &[
            ("WARDEN_LISTEN", "127.0.0.1:0"),
            ("WARDEN_ADMIN_PASSWORD", "a long admin password"),
            ("WARDEN_POLICY_DIR", policies.to_str().unwrap()),
        ],
        &["serve"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("ops.toml:3: rule 'r'"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn approvals_are_decided_and_the_audit_verified_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let vars = [
        ("WARDEN_ADMIN_PASSWORD", "a long admin password"),
        ("WARDEN_FILE_ROOTS", files.to_str().unwrap()),
    ];
    let served = serve(&data, &vars);
    let client = warden_http::client();
    let login: serde_json::Value = client
        .post(format!("{}/api/v1/auth/login", served.base))
        .json(&serde_json::json!({"username": "admin", "password": "a long admin password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let target = files.join("from-cli.txt");
    let mut ids = Vec::new();
    for content in ["approved", "denied"] {
        let response = client
            .post(format!("{}/api/v1/tools/file_write/invoke", served.base))
            .bearer_auth(&token)
            .json(&serde_json::json!({"args": {"path": target.to_str().unwrap(), "content": content}}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        let approval: serde_json::Value = response.json().await.unwrap();
        ids.push(approval["id"].as_str().unwrap().to_owned());
    }
    let out = warden_args(&data, &vars, &["approvals", "list"]);
    let listed = text(&out.stdout);
    assert!(
        listed.contains(&ids[0]) && listed.contains(&ids[1]),
        "{listed}"
    );
    // A status that does not exist is named back with the ones that do, not an empty list.
    let out = warden_args(&data, &vars, &["approvals", "list", "--status", "aproved"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: --status must be all or one of: pending, approved, denied, expired, withdrawn"
    );
    let out = warden_args(
        &data,
        &vars,
        &["approvals", "deny", &ids[1], "--reason", "one is enough"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = warden_args(&data, &vars, &["approvals", "approve", &ids[0]]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("approved "));
    let out = warden_args(&data, &vars, &["approvals", "approve", &ids[0]]);
    assert_eq!(out.status.code(), Some(1), "decided once");
    assert!(text(&out.stderr).contains("approved already"));

    // The server sees the decision made by another process and runs the approved call.
    let started = Instant::now();
    while !target.exists() && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "approved");
    drop(served);

    let out = warden_args(&data, &vars, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("audit chain intact"));
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", data.join("warden.db").display());
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let out = warden_args(&data, &vars, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("broken at row 2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_reports_what_is_wrong_and_exits_1_when_something_is_critical() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let quiet = dir.path().join("quiet.toml");
    std::fs::write(
        &quiet,
        "[monitor]\ngpus = false\ndisk_mounts = [\"/\"]\ndisk_percent = [99.99, 99.999]\nload_per_core = [1000.0, 2000.0]\nmemory_percent = [99.9, 99.99]\n",
    )
    .unwrap();
    // `df`'s Use% of `/` before and after: the disk may change meanwhile.
    let df_percent = || -> f64 {
        let out = std::process::Command::new("df")
            .args(["-P", "-k", "/"])
            .output()
            .unwrap();
        text(&out.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(4))
            .and_then(|c| c.trim_end_matches('%').parse().ok())
            .unwrap()
    };
    let before = df_percent();
    let out = warden_args(
        &data,
        &[("WARDEN_CONFIG", quiet.to_str().unwrap())],
        &["check", "--json"],
    );
    let after = df_percent();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["trigger"], "check");
    // Disk use as `df` computes it (used / (used + available)), not (size - available) / size.
    let root = report["readings"]["disks"][0]["used_percent"]
        .as_f64()
        .unwrap();
    assert!(
        root == before || root == after,
        "warden check says {root}%, df {before}%/{after}%"
    );
    assert!(
        report["readings"]["host"]["cpus"].as_u64().unwrap() >= 1,
        "{report}"
    );
    let disks: Vec<&str> = report["readings"]["disks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["mount_point"].as_str())
        .collect();
    assert_eq!(disks, vec!["/"]);
    assert!(
        !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "disk_full")
    );
    assert_eq!(
        out.status.code(),
        Some(if report["status"] == "critical" { 1 } else { 0 }),
        "the exit code follows the status: {report}"
    );

    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "[tools]\ndocker_host = \"unix:///nonexistent/docker.sock\"\n[monitor]\ngpus = false\ndisk_mounts = [\"/\"]\n",
    )
    .unwrap();
    let out = warden_args(
        &data,
        &[("WARDEN_CONFIG", broken.to_str().unwrap())],
        &["check"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("status: critical") && shown.contains("(docker_unreachable:docker)"),
        "{shown}"
    );
    let disk_line = shown
        .lines()
        .find(|l| l.starts_with("disk /: "))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(disk_line.contains("% used"), "{disk_line}");
}

#[tokio::test]
async fn approvals_list_expires_through_the_guard_with_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let vars = [
        ("WARDEN_ADMIN_PASSWORD", "a long admin password"),
        ("WARDEN_FILE_ROOTS", files.to_str().unwrap()),
        ("WARDEN_APPROVAL_TTL_SECS", "1"),
    ];
    let served = serve(&data, &vars);
    let client = warden_http::client();
    let login: serde_json::Value = client
        .post(format!("{}/api/v1/auth/login", served.base))
        .json(&serde_json::json!({"username": "admin", "password": "a long admin password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let response = client
        .post(format!("{}/api/v1/tools/file_write/invoke", served.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"args": {"path": files.join("late.txt").to_str().unwrap(), "content": "late"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let approval: serde_json::Value = response.json().await.unwrap();
    let id = approval["id"].as_str().unwrap().to_owned();
    // Stopped, so only the command line can expire it.
    drop(served);

    let started = Instant::now();
    let listed = loop {
        let out = warden_args(
            &data,
            &vars,
            &["approvals", "list", "--status", "all", "--json"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if listed[0]["status"] == serde_json::json!("expired")
            || started.elapsed() > Duration::from_secs(10)
        {
            break listed;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        (&listed[0]["id"], &listed[0]["status"]),
        (&serde_json::json!(id), &serde_json::json!("expired")),
        "{listed}"
    );
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", data.join("warden.db").display());
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT event, tool, outcome FROM audit_log WHERE approval_id = $1 AND event <> 'approval_requested' ORDER BY seq",
    )
    .bind(&id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![(
            "approval_expired".to_owned(),
            "file_write".to_owned(),
            "expired".to_owned()
        )]
    );
    pool.close().await;
}

#[test]
fn an_approval_that_does_not_exist_is_named_quoted_even_when_empty() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for id in ["", "no-such-id"] {
        let out = run(warden(&data, &[]).args(["approvals", "approve", id]), None);
        assert_eq!(out.status.code(), Some(1), "{id}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("error: no approval '{id}'")),
            "{id}: {stderr}"
        );
    }
}

/// A whole number on the command line is digits only: a sign, a space, a point or an exponent
/// is named (exit 2) rather than read as if it were not there, and one too large says so.
#[test]
fn a_number_with_a_sign_or_too_large_is_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        warden(&data, &[]).args([
            "user",
            "add",
            "alice",
            "--scopes",
            "read",
            "--password-stdin",
        ]),
        Some("alice's long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (lifetime, says) in [
        ("+5d", "digits only"),
        ("-5", "digits only"),
        (" 5", "digits only"),
        ("5 d", "digits only"),
        ("1e3", "digits only"),
        ("99999999999999999999", "too large"),
        ("5w", "not a unit"),
        ("", "must not be empty"),
    ] {
        let out = warden_args(
            &data,
            &[],
            &[
                "apikey",
                "create",
                "--user",
                "alice",
                "--name",
                "ci",
                "--scopes",
                "read",
                // `=`: clap would take a separate `-5` for an option of its own.
                &format!("--expires-in={lifetime}"),
            ],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{lifetime:?}: {stderr}");
        assert!(
            stderr.contains("--expires-in") && stderr.contains(says),
            "{lifetime:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{lifetime:?}: {stderr}");
    }
    let listed = warden_args(&data, &[], &["apikey", "list", "--json"]);
    assert_eq!(text(&listed.stdout).trim(), "[]", "no key was created");
    for (option, value, says) in [
        ("--heartbeat-secs", "+5", "digits only"),
        ("--heartbeat-secs", "99999999999999999999", "too large"),
        ("--heartbeat-secs", "0", "from 1 to 300"),
        ("--readings-secs", " 30", "digits only"),
    ] {
        let out = warden_args(&data, &[], &["agent", &format!("{option}={value}")]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{option} {value:?}: {stderr}");
        assert!(
            stderr.contains(option) && stderr.contains(says),
            "{option} {value:?}: {stderr}"
        );
    }
}

/// A directory where a file is expected is named with what went wrong, not by a line number
/// alone (it opens, then fails at the first read).
#[test]
fn a_directory_given_for_a_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("memories");
    std::fs::create_dir(&folder).unwrap();
    let out = warden_args(&data, &[], &["memory", "import", folder.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot read {}", folder.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A field the account rules refuse is named as the command line spells it, the option the user
/// typed (`--name`, `--expires-in`, `--scopes`), never the REST API's JSON field
/// (`expires_in_seconds`); and nothing is created.
#[test]
fn a_refused_key_or_user_field_names_the_option_typed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        warden(&data, &[]).args([
            "user",
            "add",
            "alice",
            "--scopes",
            "read",
            "--password-stdin",
        ]),
        Some("alice's long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let long_name = "n".repeat(101);
    for (name, scopes, lifetime, option, says) in [
        (
            long_name.as_str(),
            "read",
            None,
            "--name",
            "1 to 100 characters",
        ),
        ("   ", "read", None, "--name", "1 to 100 characters"),
        ("ci\nforged", "read", None, "--name", "control characters"),
        (
            "ci\u{202E}txt",
            "read",
            None,
            "--name",
            "(U+202E) at character 3",
        ),
        ("ad\u{200B}min", "read", None, "--name", "zero-width"),
        ("ci", "read,read", None, "--scopes", "lists 'read' twice"),
        ("ci", "", None, "--scopes", "at least one"),
        ("ci", "read", Some("0"), "--expires-in", "greater than 0"),
        ("ci", "read", Some("4000d"), "--expires-in", "at most"),
    ] {
        let mut args = vec![
            "apikey".to_owned(),
            "create".to_owned(),
            "--user".to_owned(),
            "alice".to_owned(),
            format!("--name={name}"),
            format!("--scopes={scopes}"),
        ];
        if let Some(lifetime) = lifetime {
            args.push(format!("--expires-in={lifetime}"));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = warden_args(&data, &[], &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{option}: ")) && stderr.contains(says),
            "{name:?} {scopes:?} {lifetime:?}: {stderr}"
        );
        for json_field in ["expires_in_seconds", "name must", "scopes must"] {
            assert!(!stderr.contains(json_field), "{name:?}: {stderr}");
        }
    }
    let listed = warden_args(&data, &[], &["apikey", "list", "--json"]);
    assert_eq!(text(&listed.stdout).trim(), "[]", "no key was created");
    let out = run(
        warden(&data, &[]).args(["user", "add", "bad name", "--password-stdin"]),
        Some("a long enough password\n"),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("USERNAME: may contain only"), "{stderr}");
    // A decision's reason is judged before any approval is looked up, as over HTTP.
    for (reason, says) in [
        ("ok\u{1b}[2J", "--reason holds an escape (U+001B)"),
        ("ok\u{E0041}", "--reason holds an invisible tag character"),
    ] {
        let out = warden_args(
            &data,
            &[],
            &["approvals", "deny", "no-such-approval", "--reason", reason],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{reason:?}: {stderr}");
        assert!(stderr.contains(says), "{reason:?}: {stderr}");
    }
}

/// A variable that is not UTF-8 never panics the command: one of Warden's own is named (exit
/// 2), anyone else's is none of its business.
#[cfg(unix)]
#[test]
fn an_environment_variable_that_is_not_utf8_is_named_or_left_alone() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        warden(&data, &[])
            .env("LC_BROKEN", OsStr::from_bytes(b"caf\xe9"))
            .args(["user", "add", "alice", "--password-stdin"]),
        Some("alice's long password\n"),
    );
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = run(
        warden(&data, &[])
            .env("WARDEN_LLM_URL", OsStr::from_bytes(b"http://h\xff/"))
            .args(["user", "list"]),
        None,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("WARDEN_LLM_URL: is not UTF-8 text"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
