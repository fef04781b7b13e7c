//! Commands that only read work when the disk holding the data directory is full: they open the
//! database read-only and write nothing. Commands that must write refuse, naming the directory
//! and the full disk.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;

use super::support::{Tmpfs, command};

fn run(root: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(root, &[], args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn succeeds(root: &Path, args: &[&str]) -> String {
    let out = run(root, args, "");
    assert!(
        out.status.success(),
        "warden {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(root: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&succeeds(root, args)).unwrap()
}

#[test]
fn read_only_commands_work_on_a_full_disk_and_writing_ones_name_it() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let _mount = Tmpfs::mount(&data, "size=8m");
    // A database with a user, a key and audit rows, written while there is room.
    let added = run(
        root.path(),
        &[
            "user",
            "add",
            "ops",
            "--scopes",
            "read,write",
            "--password-stdin",
        ],
        "ops-password-long-enough\n",
    );
    assert!(added.status.success(), "{added:?}");
    succeeds(
        root.path(),
        &[
            "apikey", "create", "--user", "ops", "--name", "grafana", "--scopes", "read",
        ],
    );
    // The database holds password hashes and the audit log: created private, as its WAL files.
    for name in ["warden.db", "warden.db-wal", "warden.db-shm"] {
        let path = data.join(name);
        if name == "warden.db" || path.exists() {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name} is {mode:o}");
        }
    }
    let users_before = json(root.path(), &["user", "list", "--json"]);
    let audit_before = succeeds(root.path(), &["audit", "verify"]);

    let mut filler = std::fs::File::create(data.join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    while filler.write_all(&[0u8]).is_ok() {}
    drop(filler);

    assert_eq!(json(root.path(), &["user", "list", "--json"]), users_before);
    let keys = json(root.path(), &["apikey", "list", "--json"]);
    let names: Vec<&str> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["grafana"]);
    assert_eq!(succeeds(root.path(), &["audit", "verify"]), audit_before);
    assert!(
        audit_before.starts_with("audit chain intact: "),
        "{audit_before}"
    );
    // Listing approvals cannot expire overdue ones on the way, and says so.
    let listed = run(root.path(), &["approvals", "list", "--json"], "");
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(
        serde_json::from_slice::<Value>(&listed.stdout).unwrap(),
        serde_json::json!([])
    );
    let note = String::from_utf8_lossy(&listed.stderr);
    assert!(
        note.contains("the disk holding it is full") && note.contains("listing read-only"),
        "{note}"
    );
    let explained = json(
        root.path(),
        &[
            "policy",
            "explain",
            "run_command",
            r#"{"command":"df -h"}"#,
            "--json",
        ],
    );
    assert_eq!(explained["tool"], "run_command", "{explained}");
    let status = succeeds(root.path(), &["memory", "status"]);
    assert!(
        status.starts_with("embedded: embedded in the database")
            && status.contains("0 vectors indexed"),
        "{status}"
    );
    assert_eq!(succeeds(root.path(), &["memory", "export"]), "");
    // The doctor finds the full data directory, and still reads the database.
    let doctor = run(root.path(), &["doctor", "--json"], "");
    let report: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let database = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "database")
        .cloned()
        .unwrap();
    assert_eq!(database["ok"], true, "{report}");
    // The sweep that exists to report a full disk reports it (its reads audited in memory).
    let checked = run(root.path(), &["check", "--json"], "");
    assert_eq!(checked.status.code(), Some(1), "{checked:?}");
    let report: Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(report["status"], "critical", "{report}");
    let full: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fingerprint"] == format!("disk_full:{}", data.display()))
        .collect();
    assert_eq!(full.len(), 1, "{report}");
    assert_eq!(full[0]["severity"], "critical", "{report}");
    let note = String::from_utf8_lossy(&checked.stderr);
    assert!(
        note.contains("the disk holding it is full")
            && note.contains(
                "this sweep and the audit of its reads are kept in memory only, not stored"
            ),
        "{note}"
    );
    // A backup elsewhere reads the full disk's database whole.
    let target = root.path().join("backup");
    succeeds(root.path(), &["backup", target.to_str().unwrap()]);
    assert!(target.join("warden.db").metadata().unwrap().len() > 0);
    assert!(target.join("manifest.json").exists());

    // A command that writes refuses, naming the directory and the full disk.
    let refused = run(
        root.path(),
        &[
            "user",
            "add",
            "late",
            "--scopes",
            "read",
            "--password-stdin",
        ],
        "late-password-long-enough\n",
    );
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!(
            "the data directory {} is not writable: the disk holding it is full",
            data.display()
        )),
        "{stderr}"
    );
}

/// Fills the file system holding `dir` to its last byte.
fn fill(dir: &Path) {
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    while filler.write_all(&[0u8]).is_ok() {}
}

#[test]
fn reading_a_full_disk_falls_back_quickly_and_quietly() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let _mount = Tmpfs::mount(&data, "size=8m");
    let added = run(
        root.path(),
        &["user", "add", "ops", "--scopes", "read", "--password-stdin"],
        "ops-password-long-enough\n",
    );
    assert!(added.status.success(), "{added:?}");
    // Filled before any reader left its shared-memory file behind: SQLite cannot create it now.
    fill(&data);
    let started = std::time::Instant::now();
    let listed = run(root.path(), &["user", "list", "--json"], "");
    let took = started.elapsed();
    let logged = String::from_utf8_lossy(&listed.stderr);
    assert!(listed.status.success(), "{logged}");
    let users: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["ops"]);
    // No pool retrying until its 10 s acquire timeout, no ERROR for an expected fallback.
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    assert!(!logged.contains("ERROR"), "{logged}");
}
