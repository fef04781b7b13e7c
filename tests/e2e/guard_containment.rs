//! Containment of host execution through the real server: a test-only policy lowers commands
//! that change the system to low (an `[[allow]]`), and each of them runs, contained, and fails
//! with the host unchanged; Warden's signing key, its own environment and other processes stay
//! out of reach; memory blow-ups and process fan-outs stop at the configured bounds and say so;
//! plain pipelines answer from the host; what runs in gVisor says so; and every tool the guard
//! sends to the sandbox really runs there.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::TestServer;

/// Lowers to low what the classifier would send to a human or to the sandbox: the commands of
/// the proof, and the read-only pipelines (which a classifier may already judge low itself).
const LOWERING_POLICY: &str = r#"
version = 1

[[allow]]
id = "test-lowered"
tools = ["run_command"]
command = ["touch *", "date *", "hostname *", "kill *", "show-*", "ps *", "grep *", "df *", "head *", "dmesg*", "tail *", "ls *", "jq *", "sed *", "sort *"]
level = "low"
justification = "Test only: commands a misjudging classifier could call low."
match = ["touch /tmp/x", "date -s 2001-01-01", "hostname x", "ps aux | grep x"]
"#;

struct Setup {
    server: TestServer,
    admin: String,
    /// Where the test's scripts and target files live, open to every user.
    open: tempfile::TempDir,
    _policies: tempfile::TempDir,
}

fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

async fn setup_with(configure: impl FnOnce(&mut warden_server::Config) + Send + 'static) -> Setup {
    let policies = tempfile::tempdir().unwrap();
    std::fs::write(policies.path().join("lower.toml"), LOWERING_POLICY).unwrap();
    let dir = policies.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| {
            c.guard.policy_dir = Some(dir);
            configure(c);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    Setup {
        server,
        admin,
        open: open_dir(),
        _policies: policies,
    }
}

async fn setup() -> Setup {
    setup_with(|_| {}).await
}

async fn run(s: &Setup, command: &str) -> (StatusCode, Value) {
    s.server
        .post(
            "/api/v1/tools/run_command/invoke",
            &s.admin,
            json!({ "args": { "command": command } }),
        )
        .await
}

/// Runs a line that must be judged low and run contained on the host; returns its result.
async fn contained(s: &Setup, command: &str) -> Value {
    let (status, body) = run(s, command).await;
    assert_eq!(status, StatusCode::OK, "{command}: {body}");
    assert_eq!(
        (
            body["risk"].as_str(),
            body["route"].as_str(),
            body["data"]["ran_in"].as_str()
        ),
        (Some("low"), Some("run"), Some("host_contained")),
        "{command}: {body}"
    );
    body
}

/// An executable script the classifier cannot see into, as an operator's own tool would be.
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn host(cmd: &str) -> String {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn check<'a>(ready: &'a Value, name: &str) -> &'a Value {
    ready["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

#[tokio::test]
async fn commands_lowered_to_low_run_contained_and_change_nothing() {
    let s = setup().await;
    let (status, ready) = s
        .server
        .send(s.server.request(reqwest::Method::GET, "/readyz"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        check(&ready, "containment")["ok"],
        json!(true),
        "this machine contains (root, landlock): {ready}"
    );
    let (_, explained) = s
        .server
        .post(
            "/api/v1/policy/explain",
            &s.admin,
            json!({"tool": "run_command", "args": {"command": "touch /tmp/x"}}),
        )
        .await;
    assert_eq!(
        (
            explained["risk"].as_str(),
            explained["route"].as_str(),
            explained["rule"].as_str()
        ),
        (Some("low"), Some("run"), Some("test-lowered"))
    );

    let created = s.open.path().join("created");
    let body = contained(&s, &format!("touch {}", created.display())).await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert!(!created.exists(), "the file was created");

    let body = contained(&s, "date -s '2001-01-01 00:00:00'").await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert!(host("date +%Y").parse::<u32>().unwrap() >= 2025);

    let name = host("cat /proc/sys/kernel/hostname");
    let body = contained(&s, "hostname warden-contained").await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert_eq!(host("cat /proc/sys/kernel/hostname"), name);
}

#[tokio::test]
async fn the_signing_key_wardens_environment_and_other_processes_stay_out_of_reach() {
    let s = setup().await;
    // File modes alone would now let anyone read the key: only containment hides it.
    let data = s.server.data_dir();
    let key = data.join("jwt-signing.key");
    let secret = std::fs::read(&key).unwrap();
    for dir in [s.server.root_dir(), data.as_path()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let show_key = script(
        s.open.path(),
        "show-key",
        &format!("exec cat {}", key.display()),
    );
    let body = contained(&s, &show_key).await;
    assert_eq!(body["ok"], json!(false), "{body}");
    let stdout = body["data"]["stdout"].as_str().unwrap();
    assert!(stdout.is_empty(), "the key leaked: {stdout}");
    assert!(!secret.is_empty());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();

    // The server runs in this process: its environment holds whatever Warden was given.
    let environ = format!("/proc/{}/environ", std::process::id());
    let show_env = script(s.open.path(), "show-env", &format!("exec cat {environ}"));
    let body = contained(&s, &show_env).await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert!(
        !body["output"].as_str().unwrap().contains("PATH="),
        "{body}"
    );

    // Nothing open is inherited: not the server's database, key or sockets, nor what the server
    // itself inherited without close-on-exec (a test harness's job server pipe).
    let body = contained(&s, "ls /proc/self/fd").await;
    assert_eq!(
        body["data"]["stdout"],
        json!("0\n1\n2\n3\n"),
        "only stdin, stdout, stderr and ls's own directory: {body}"
    );

    let mut outside = std::process::Command::new("sleep")
        .arg("300")
        .spawn()
        .unwrap();
    let body = contained(&s, &format!("kill -9 {}", outside.id())).await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert_eq!(outside.try_wait().unwrap(), None, "the process was killed");
    outside.kill().unwrap();
    outside.wait().unwrap();
}

#[tokio::test]
async fn memory_blow_ups_and_fan_outs_stop_at_the_configured_bounds() {
    let s = setup_with(|c| {
        c.guard.contained_memory_mb = 256;
        c.guard.contained_processes = 48;
    })
    .await;
    let (_, ready) = s
        .server
        .send(s.server.request(reqwest::Method::GET, "/readyz"))
        .await;
    let line = check(&ready, "containment").to_string();
    assert!(
        line.contains("256 MiB of address space") && line.contains("48 processes"),
        "{line}"
    );
    let memory = "[stopped by the memory bound: 256 MiB of address space per process (guard.contained_memory_mb)]";
    for command in [
        "jq -n '[range(1e9)]'",
        "sed ':a;H;G;ba' /etc/passwd",
        "sort -S 100G /dev/zero",
    ] {
        let started = std::time::Instant::now();
        let body = contained(&s, command).await;
        assert_eq!(body["ok"], json!(false), "{command}: {body}");
        let output = body["output"].as_str().unwrap();
        assert!(output.contains(memory), "{command}: {body}");
        assert!(started.elapsed() < Duration::from_secs(20), "{command}");
    }
    let fan_out = script(
        s.open.path(),
        "show-fan-out",
        "i=0; while [ $i -lt 5000 ]; do sleep 89 >/dev/null 2>&1 & i=$((i+1)); done; wait",
    );
    let body = contained(&s, &fan_out).await;
    assert_eq!(body["ok"], json!(false), "{body}");
    assert!(
        body["output"]
            .as_str()
            .unwrap()
            .contains("[stopped by the process bound: 48 processes"),
        "{body}"
    );
    assert_eq!(host("pgrep -u 65534 -x -f 'sleep 89'"), "", "left behind");
}

#[tokio::test]
async fn host_pipelines_answer_with_the_hosts_truth() {
    let s = setup().await;
    let marker = format!("warden-e2e-marker-{}", std::process::id());
    let mut process = std::process::Command::new("bash")
        .args(["-c", &format!("exec -a {marker} sleep 300")])
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = contained(&s, &format!("ps aux | grep {marker}")).await;
    let found: Vec<&str> = body["data"]["stdout"]
        .as_str()
        .unwrap()
        .lines()
        .filter(|l| !l.contains("grep"))
        .collect();
    assert_eq!(found.len(), 1, "{body}");
    assert!(found[0].contains(&process.id().to_string()), "{body}");
    process.kill().unwrap();
    process.wait().unwrap();

    let body = contained(&s, "df -h | head -3").await;
    let lines: Vec<String> = body["data"]["stdout"]
        .as_str()
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 3, "{body}");
    assert!(
        !lines.iter().any(|l| l.contains("8.0E")),
        "gVisor's view: {lines:?}"
    );
    let first_filesystem = |line: &str| line.split_whitespace().next().unwrap_or("").to_owned();
    assert_eq!(
        first_filesystem(&lines[1]),
        first_filesystem(host("df -h | head -3").lines().nth(1).unwrap())
    );

    let body = contained(&s, "dmesg | tail -3").await;
    let kernel_log = host("dmesg");
    let tail = body["data"]["stdout"].as_str().unwrap();
    assert_eq!(tail.lines().count(), 3, "{body}");
    assert!(
        tail.lines().all(|line| kernel_log.contains(line)),
        "not the host's kernel log: {tail}"
    );
}

#[tokio::test]
async fn sandboxed_results_say_so_and_other_shell_syntax_never_runs_on_the_host() {
    let s = setup().await;
    let (status, body) = run(&s, "uname -r; cat /proc/version").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["route"].as_str(),
            body["data"]["ran_in"].as_str(),
            body["data"]["view"].as_str()
        ),
        (Some("sandbox"), Some("sandbox"), Some("sandbox"))
    );
    let output = body["output"].as_str().unwrap();
    assert!(
        output.starts_with(warden_tool_system::SANDBOX_NOTE) && output.contains("4.4.0"),
        "{output}"
    );

    // A line with a list goes to a human; approved, it still never reaches a host shell.
    let target = s.open.path().join("approved");
    let line = format!("touch {} ; true", target.display());
    let (status, approval) = run(&s, &line).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{approval}");
    let id = approval["id"].as_str().unwrap().to_owned();
    let (status, _) = s
        .server
        .post(
            &format!("/api/v1/approvals/{id}/approve"),
            &s.admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut settled = Value::Null;
    for _ in 0..100 {
        settled = s
            .server
            .get(&format!("/api/v1/approvals/{id}"), &s.admin)
            .await
            .1;
        if settled["execution"] == json!("done") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        settled["outcome"]["error_code"],
        json!("refused"),
        "{settled}"
    );
    assert!(!target.exists());
}

#[tokio::test]
async fn without_containment_low_host_programs_wait_for_a_human() {
    let s = setup_with(|c| c.guard.setpriv = "/nonexistent/setpriv".into()).await;
    let (status, ready) = s
        .server
        .send(s.server.request(reqwest::Method::GET, "/readyz"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "containment is not required to be ready"
    );
    let containment = check(&ready, "containment");
    assert_eq!(containment["ok"], json!(false));
    let detail = containment["detail"].as_str().unwrap();
    assert!(
        detail.contains("/nonexistent/setpriv") && detail.contains("wait for approval"),
        "{detail}"
    );
    let (status, body) = run(&s, "uptime").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["risk"], json!("high"));
    let (_, explained) = s
        .server
        .post(
            "/api/v1/policy/explain",
            &s.admin,
            json!({"tool": "service_status", "args": {"service": "nginx"}}),
        )
        .await;
    assert_eq!(explained["route"], json!("approval"));
    assert!(
        explained["notes"][0]
            .as_str()
            .unwrap()
            .contains("cannot contain them"),
        "{explained}"
    );
    // What runs inside Warden's own process is not affected.
    let (status, body) = s
        .server
        .post(
            "/api/v1/tools/system_info/invoke",
            &s.admin,
            json!({"args": {}}),
        )
        .await;
    assert_eq!(
        (status, body["route"].as_str()),
        (StatusCode::OK, Some("run"))
    );
}

#[tokio::test]
async fn every_call_the_guard_sends_to_the_sandbox_runs_there() {
    // Every tool of every family raised to medium: each goes to the sandbox or to a human.
    let first = TestServer::start().await;
    let admin = first.admin_token().await;
    let (_, listed) = first.get("/api/v1/tools", &admin).await;
    let tools: Vec<Value> = listed["tools"].as_array().unwrap().clone();
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    for one_per_family in [
        "run_command",
        "docker_ps",
        "git_status",
        "file_read",
        "memory_store",
        "http_check",
        "ssh_exec",
    ] {
        assert!(
            names.contains(&one_per_family),
            "{one_per_family}: {names:?}"
        );
    }
    let mut policy = "version = 1\n[tools]\n".to_owned();
    for tool in &tools {
        policy.push_str(&format!(
            "{} = \"medium\"\n",
            tool["name"].as_str().unwrap()
        ));
    }
    let policies = tempfile::tempdir().unwrap();
    std::fs::write(policies.path().join("all-medium.toml"), policy).unwrap();
    let dir = policies.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.guard.policy_dir = Some(dir))
        .start()
        .await;
    let admin = server.admin_token().await;
    // What proves a run happened inside gVisor, per tool that can run there.
    let proofs = [("run_command", json!({"command": "uname -r"}), "4.4.0")];
    let mut sandboxed = Vec::new();
    for tool in &tools {
        let name = tool["name"].as_str().unwrap();
        let args = proofs
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or(json!({}), |(_, args, _)| args.clone());
        let (_, explained) = server
            .post(
                "/api/v1/policy/explain",
                &admin,
                json!({"tool": name, "args": args}),
            )
            .await;
        match explained["route"].as_str() {
            Some("sandbox") => sandboxed.push(name.to_owned()),
            Some("approval") => assert_eq!(tool["sandboxable"], json!(false), "{name}"),
            other => panic!("{name}: medium went to {other:?}: {explained}"),
        }
    }
    let declared: Vec<String> = tools
        .iter()
        .filter(|t| t["sandboxable"] == json!(true))
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sandboxed, declared);
    for name in &sandboxed {
        let (_, args, proof) = proofs
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} claims the sandbox: add how to prove it runs there"));
        let (status, body) = server
            .post(
                &format!("/api/v1/tools/{name}/invoke"),
                &admin,
                json!({ "args": args }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["route"], json!("sandbox"));
        let output = body["output"].as_str().unwrap();
        assert!(
            output.contains(proof),
            "{name} did not run in gVisor: {output}"
        );
    }
    // The model is told how its command lines are routed.
    let run_command = tools.iter().find(|t| t["name"] == "run_command").unwrap();
    let description = run_command["description"].as_str().unwrap();
    for said in [
        "contained",
        "plain pipelines",
        "gVisor sandbox",
        "not the host's",
        "approval",
        "refused",
    ] {
        assert!(description.contains(said), "{said}: {description}");
    }
}

#[tokio::test]
async fn contained_git_reads_a_repository_warden_owns() {
    let s = setup().await;
    // Owned by root, like a deployed checkout under /srv: dubious to the contained user.
    let repo = tempfile::tempdir().unwrap();
    std::fs::set_permissions(repo.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = repo.path().display().to_string();
    let message = format!("warden-e2e-git-{}", std::process::id());
    assert_eq!(
        host(&format!(
            "cd {path} && git init -q && echo hi > README && git add README && \
             git -c user.name=t -c user.email=t@example.invalid commit -q -m {message} && echo ok"
        )),
        "ok"
    );
    let body = contained(&s, &format!("git -C {path} log --oneline")).await;
    assert_eq!(body["data"]["exit_code"], 0, "{body}");
    let stdout = body["data"]["stdout"].as_str().unwrap();
    assert_eq!(stdout.lines().count(), 1, "{body}");
    assert!(stdout.trim_end().ends_with(&message), "{body}");
    let body = contained(&s, &format!("git -C {path} status --short --branch")).await;
    assert_eq!(body["data"]["exit_code"], 0, "{body}");
    assert!(
        body["data"]["stdout"].as_str().unwrap().starts_with("## "),
        "{body}"
    );
    let body = contained(&s, &format!("git -C {path} log --format=%s | head -1")).await;
    assert_eq!(
        body["data"]["stdout"].as_str().unwrap().trim(),
        message,
        "{body}"
    );
    // Its history with patches is not low: it would print every file ever committed.
    let (_, body) = run(&s, &format!("git -C {path} log -p")).await;
    assert_ne!(body["risk"], "low", "{body}");
}
