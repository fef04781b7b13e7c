//! Protected paths: Warden's data directory (given to the policy when it loads) and every
//! process's environment and memory are refused to every tool, in any spelling, through
//! symlinks on the real file system, whether a tool names them as an argument (`path`, `repo`)
//! or a command line does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_policy::{HostFileSystem, PathResolver, Policy, RiskLevel};

fn policy(data: &Path) -> Policy {
    match Policy::load(None) {
        Ok(policy) => policy.with_protected_paths([data.to_path_buf()]),
        Err(error) => panic!("the shipped policy loads: {error}"),
    }
}

fn decide(policy: &Policy, tool: &str, args: Value) -> (RiskLevel, String) {
    let decision = policy.decide("user", tool, "read_only", &args);
    (decision.level, decision.rule)
}

#[test]
fn every_tool_is_refused_the_data_directory_in_any_spelling() {
    let policy = policy(Path::new("/srv/warden/data"));
    for path in [
        "/srv/warden/data",
        "/srv/warden/data/jwt-signing.key",
        "/srv/warden//data/./warden.db",
        "/srv/warden/data/../data/warden.db-wal",
        "/srv/warden/data/",
        "/proc/self/environ",
        "/proc/1/task/1/environ",
        "/proc/thread-self/mem",
    ] {
        for (tool, argument) in [
            ("file_read", "path"),
            ("file_list", "path"),
            ("file_info", "path"),
            ("git_status", "repo"),
        ] {
            assert_eq!(
                decide(&policy, tool, json!({ argument: path })),
                (RiskLevel::Forbidden, "protected-path".to_owned()),
                "{tool} {argument}={path}"
            );
        }
    }
    let refused = policy.decide(
        "user",
        "file_read",
        "read_only",
        &json!({"path": "/srv/warden/data/jwt-signing.key"}),
    );
    assert!(
        refused.justification.contains("Warden's own data"),
        "{}",
        refused.justification
    );
    assert!(
        refused
            .alternative
            .is_some_and(|a| a.contains("on the host"))
    );
    for ordinary in [
        "/srv/warden",
        "/srv/warden/notes.txt",
        "/srv/warden-data/x",
        "/srv/data",
    ] {
        assert_eq!(
            decide(&policy, "file_read", json!({ "path": ordinary })).0,
            RiskLevel::Low,
            "{ordinary}"
        );
    }
}

#[test]
fn command_lines_are_refused_the_data_directory() {
    let policy = policy(Path::new("/srv/warden/data"));
    for line in [
        "base64 /srv/warden/data/jwt-signing.key",
        "cat /srv/warden/data/jwt-signing.key",
        "sqlite3 /srv/warden/data/warden.db .dump",
        "ls -la /srv/warden/data",
        "grep -r token /srv/warden",
        "rg secret /srv",
        "cp /srv/warden//data/warden.db /tmp/x",
        "tar -czf /tmp/x.tgz /srv/warden/data",
        "find /srv/warden/data -name '*.key'",
        "git --git-dir=/srv/warden/data/.git log",
        "env -C /srv/warden/data cat warden.db",
        "git -C /srv/warden/data log",
        "cat /srv/warden/dat?/jwt-signing.key",
        "cat /srv/warden/data/*",
        "cat /proc/1/root/srv/warden/data/jwt-signing.key",
        "cat data/jwt-signing.key",
        "strings /proc/1234/environ",
    ] {
        let verdict = policy.classify(line);
        assert_eq!(
            verdict.level,
            RiskLevel::Forbidden,
            "{line}: {}",
            verdict.reason
        );
        assert_eq!(
            decide(&policy, "run_command", json!({ "command": line })).0,
            RiskLevel::Forbidden,
            "{line}"
        );
    }
    assert_eq!(policy.classify("ls -la /srv/warden").level, RiskLevel::Low);
    assert_eq!(
        policy.protected_paths(),
        &[PathBuf::from("/srv/warden/data")]
    );
}

/// A resolver with a fixed working directory, as the server's is Warden's own.
#[derive(Debug)]
struct WorkingIn(&'static str);

impl PathResolver for WorkingIn {
    fn working_dir(&self) -> Option<PathBuf> {
        Some(PathBuf::from(self.0))
    }

    fn resolve(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

#[test]
fn relative_paths_start_from_the_working_directory() {
    let policy = match Policy::load(None) {
        Ok(policy) => policy
            .with_resolver(Arc::new(WorkingIn("/opt/warden")))
            .with_protected_paths([PathBuf::from("./data")]),
        Err(error) => panic!("{error}"),
    };
    assert_eq!(
        policy.protected_paths(),
        &[PathBuf::from("/opt/warden/data")]
    );
    for line in [
        "cat data/warden.db",
        "ls ./data",
        "du -sh ../warden/data",
        "grep -r x .",
    ] {
        assert_eq!(policy.classify(line).level, RiskLevel::Forbidden, "{line}");
    }
    assert_eq!(policy.classify("cat notes/data.txt").level, RiskLevel::Low);
    assert_eq!(
        decide(
            &policy,
            "file_read",
            json!({"path": "data/jwt-signing.key"})
        )
        .0,
        RiskLevel::Forbidden
    );
}

#[test]
fn symlinks_on_the_real_file_system_are_followed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().canonicalize().unwrap_or_else(|e| panic!("{e}"));
    let data = root.join("data");
    std::fs::create_dir(&data).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(data.join("signing"), "key").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.join("notes.txt"), "ordinary").unwrap_or_else(|e| panic!("{e}"));
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        root.join(name).display().to_string()
    };
    let to_data = link(&data, "innocent");
    let to_key = link(&data.join("signing"), "readme");
    let to_shadow = link(Path::new("/etc/shadow"), "hostname-copy");
    let to_notes = link(&root.join("notes.txt"), "notes-link");
    let policy = match Policy::load(None) {
        Ok(policy) => policy
            .with_resolver(Arc::new(HostFileSystem::new()))
            .with_protected_paths([data.clone()]),
        Err(error) => panic!("{error}"),
    };
    for line in [
        format!("cat {to_data}/signing"),
        format!("cat {to_key}"),
        format!("ls {to_data}"),
        format!("base64 {to_data}/not-yet-there"),
    ] {
        assert_eq!(policy.classify(&line).level, RiskLevel::Forbidden, "{line}");
    }
    assert_eq!(
        decide(&policy, "file_read", json!({ "path": to_key })).0,
        RiskLevel::Forbidden
    );
    assert_eq!(
        policy.classify(&format!("cat {to_shadow}")).level,
        RiskLevel::High
    );
    assert_eq!(
        policy.classify(&format!("cat {to_notes}")).level,
        RiskLevel::Low
    );
}
