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

/// A data directory with a user `ops` and an API key of theirs: (config, files dir, key).
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let files = dir.join("files");
    std::fs::create_dir(&files).unwrap();
    let config = dir.join("warden.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[tools]\nfile_roots = [\"{}\"]\n[monitor]\nenabled = false\n",
            dir.join("data").display(),
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
    (config, files, key)
}

#[test]
fn an_agent_on_stdio_lists_calls_and_waits_for_approval() {
    let dir = tempfile::tempdir().unwrap();
    let (config, files, key) = setup(dir.path());
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

/// Every line gets an answer: one that is not JSON (-32700), not a JSON-RPC message (-32600),
/// longer than 16 MiB (-32600, naming the bound) or with bad params (-32602) is answered with its
/// error, and the lines after it are read and answered as usual.
#[test]
fn bad_lines_on_stdio_are_answered_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (config, _, key) = setup(dir.path());
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw", "version": "1"}}});
    let input = [
        "{\"jsonrpc\": \"2.0\", \"id\": 0, \"method\":".to_owned(),
        format!("\"{}\"", "x".repeat(16 * 1024 * 1024 + 10)),
        "[1, 2]".to_owned(),
        initialize.to_string(),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"arguments": {}}})
            .to_string(),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}).to_string(),
    ]
    .join("\n")
        + "\n";
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WARDEN_LOG", "warn")
        .env("WARDEN_API_KEY", &key)
        .arg("--config")
        .arg(&config)
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input.as_bytes()).unwrap();
        // Gives the answers time to come before the end of input ends the session.
        std::thread::sleep(std::time::Duration::from_secs(2));
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let answers: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut summary: Vec<(Value, Value)> = answers
        .iter()
        .map(|a| (a["id"].clone(), a["error"]["code"].clone()))
        .collect();
    // The refusals are written as their lines are read; the library answers the lines it is
    // given in its own time, so those after the first request are compared in id order.
    if summary.len() > 3 {
        summary[3..].sort_by_key(|(id, _)| id.as_i64());
    }
    let answer = |id: i64| answers.iter().find(|a| a["id"] == json!(id)).unwrap();
    assert_eq!(
        summary,
        vec![
            (json!(null), json!(-32700)),
            (json!(null), json!(-32600)),
            (json!(null), json!(-32600)),
            (json!(1), Value::Null),
            (json!(2), json!(-32602)),
            (json!(3), Value::Null),
        ],
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        answers[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("16777216 bytes"),
        "{}",
        answers[1]
    );
    assert_eq!(answer(1)["result"]["serverInfo"]["name"], json!("warden"));
    assert!(answer(3)["result"]["tools"].is_array(), "{}", answer(3));
}
