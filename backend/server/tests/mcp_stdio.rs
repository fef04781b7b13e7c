//! `warden mcp` on stdio through the official MCP Python SDK (`WARDEN_TEST_PYTHON`, set up by
//! `tests/scripts/services.sh install`): the real binary started by the SDK as an agent starts
//! it, acting for an API key created with the CLI; a low call runs, a high call is held until a
//! human approves it with `warden approvals approve`, then runs exactly once.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_warden");

fn python() -> String {
    std::env::var("WARDEN_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "WARDEN_TEST_PYTHON is not set: run tests/scripts/services.sh install, then \
             eval \"$(tests/scripts/services.sh env)\""
        )
    })
}

fn warden(config: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WARDEN_LOG", "warn")
        .arg("--config")
        .arg(config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("warden starts");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "warden {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sdk(config: &Path, key: &str, calls: Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python/mcp_client.py");
    let out = Command::new(python())
        .arg(script)
        .args([
            "stdio",
            BIN,
            &config.display().to_string(),
            key,
            &calls.to_string(),
        ])
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

#[test]
fn an_agent_on_stdio_lists_calls_and_waits_for_approval() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let config = dir.path().join("warden.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[tools]\nfile_roots = [\"{}\"]\n[monitor]\nenabled = false\n",
            dir.path().join("data").display(),
            files.display()
        ),
    )
    .unwrap();
    warden(
        &config,
        &[
            "user",
            "add",
            "ops",
            "--scopes",
            "read,execute",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    let out = warden(
        &config,
        &[
            "apikey",
            "create",
            "--user",
            "ops",
            "--name",
            "agent",
            "--scopes",
            "read,execute",
        ],
        None,
    );
    let key = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("wdn_"))
        .unwrap()
        .to_owned();
    let target = files.join("notes.txt");
    let out = sdk(
        &config,
        &key,
        json!([
            {"tool": "system_info", "arguments": {}},
            {"tool": "file_write", "arguments": {"path": target.display().to_string(), "content": "from stdio"}},
        ]),
    );
    assert_eq!(out["server"]["name"], json!("warden"));
    let names: Vec<&str> = out["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"system_info") && names.contains(&"warden_approval"),
        "{names:?}"
    );
    assert_eq!(out["calls"][0]["structured"]["ok"], json!(true), "{out}");
    assert_eq!(out["calls"][0]["structured"]["route"], json!("run"));
    let held = &out["calls"][1]["structured"];
    assert_eq!(held["status"], json!("pending_approval"), "{out}");
    let id = held["approval_id"].as_str().unwrap().to_owned();
    assert!(!target.exists(), "nothing runs before approval");

    let decided = warden(&config, &["approvals", "approve", &id], None);
    assert!(
        String::from_utf8_lossy(&decided.stdout).starts_with(&format!("approved {id}")),
        "{}",
        String::from_utf8_lossy(&decided.stdout)
    );
    // The next `warden mcp` executes the approved call (no server runs here) and reports it.
    let out = sdk(
        &config,
        &key,
        json!([{"tool": "warden_approval", "arguments": {"approval_id": id},
                "until": {"key": "execution", "equals": "done"}}]),
    );
    let settled = &out["calls"][0]["structured"];
    assert_eq!(
        (
            &settled["status"],
            &settled["execution"],
            &settled["outcome"]["ok"]
        ),
        (&json!("approved"), &json!("done"), &json!(true)),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "from stdio");
}

#[test]
fn warden_mcp_without_a_key_says_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .env_clear()
        .env("WARDEN_DATA_DIR", dir.path())
        .arg("mcp")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("WARDEN_API_KEY"), "{stderr}");
}
