//! Escapes that a path check cannot stop and a directory handle does: a hard link to a file
//! outside the root, a symlink planted where the backup goes, a directory swapped for a symlink
//! while a tool runs (a bounded loop that must find no escape), and files whose content or kind
//! is a secret.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_tool_api::{Registry, RegistryBuilder, ToolError};
use warden_tool_files::{FilesConfig, register};

use super::ctx;

const INSIDE: &str = "inside-content\n";
const OUTSIDE: &str = "OUTSIDE-SECRET-CONTENT that is longer\n";

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
    registry: Arc<Registry>,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("root");
    let outside = base.join("outside");
    std::fs::create_dir_all(root.join("d")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join("d/f.txt"), INSIDE).unwrap();
    std::fs::write(outside.join("f.txt"), OUTSIDE).unwrap();
    let mut builder = RegistryBuilder::default();
    register(
        &mut builder,
        &FilesConfig::new(vec![root.clone()], Vec::new()),
    );
    Site {
        _dir: dir,
        root,
        outside,
        registry: Arc::new(builder.build().unwrap()),
    }
}

async fn call(
    registry: &Registry,
    tool: &str,
    args: serde_json::Value,
) -> Result<warden_tool_api::ToolOutput, ToolError> {
    registry.get(tool).unwrap().call(args, &ctx()).await
}

#[tokio::test]
async fn a_hard_link_to_a_file_outside_is_refused_by_every_tool() {
    let site = site();
    std::fs::hard_link(site.outside.join("f.txt"), site.root.join("linked.txt")).unwrap();
    let read = call(&site.registry, "file_read", json!({"path": "linked.txt"})).await;
    assert!(
        matches!(&read, Err(ToolError::Refused(m)) if m.contains("hard link")),
        "{read:?}"
    );
    let found = call(
        &site.registry,
        "file_search",
        json!({"path": ".", "query": "SECRET|inside"}),
    )
    .await
    .unwrap();
    assert_eq!(
        found.data["matches"],
        json!([{"path": "d/f.txt", "line": 1, "text": "inside-content"}])
    );
    let written = call(
        &site.registry,
        "file_write",
        json!({"path": "linked.txt", "content": "pwned"}),
    )
    .await;
    assert!(
        matches!(&written, Err(ToolError::Refused(m)) if m.contains("hard link")),
        "{written:?}"
    );
    assert_eq!(
        std::fs::read_to_string(site.outside.join("f.txt")).unwrap(),
        OUTSIDE
    );
}

#[tokio::test]
async fn a_symlink_planted_as_the_backup_is_replaced_never_followed() {
    let site = site();
    let victim = site.outside.join("victim.txt");
    std::fs::write(&victim, "victim stays").unwrap();
    std::fs::write(site.root.join("app.conf"), "old = 1\n").unwrap();
    symlink(&victim, site.root.join("app.conf.warden.bak")).unwrap();
    let written = call(
        &site.registry,
        "file_write",
        json!({"path": "app.conf", "content": "new = 2\n"}),
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim stays");
    assert_eq!(
        std::fs::read_to_string(site.root.join("app.conf")).unwrap(),
        "new = 2\n"
    );
    let backup = site.root.join("app.conf.warden.bak");
    assert!(
        !std::fs::symlink_metadata(&backup)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "old = 1\n");
    assert_eq!(written.data["backup"], json!(backup.display().to_string()));
}

#[tokio::test]
async fn symlinked_targets_and_their_directories_never_lead_a_write_outside() {
    let site = site();
    symlink(&site.outside, site.root.join("out")).unwrap();
    symlink(site.outside.join("f.txt"), site.root.join("alias.txt")).unwrap();
    for path in ["out/f.txt", "out/new.txt", "alias.txt"] {
        let written = call(
            &site.registry,
            "file_write",
            json!({"path": path, "content": "pwned"}),
        )
        .await;
        assert!(
            matches!(&written, Err(ToolError::Refused(_))),
            "{path}: {written:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.outside.join("f.txt")).unwrap(),
        OUTSIDE
    );
    assert!(!site.outside.join("new.txt").exists());
}

/// Swaps `root/d` between the real directory and a symlink to the outside directory until
/// told to stop; counts completed swaps.
fn swapper(root: &Path, outside: &Path, stop: Arc<AtomicBool>, swaps: Arc<AtomicUsize>) {
    let dir = root.join("d");
    let parked = root.join("d.real");
    while !stop.load(Ordering::Relaxed) {
        if std::fs::rename(&dir, &parked).is_err() {
            continue;
        }
        let _ = symlink(outside, &dir);
        std::thread::yield_now();
        let _ = std::fs::remove_file(&dir);
        let _ = std::fs::rename(&parked, &dir);
        swaps.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs `tries` calls of one tool while `d` is swapped, then more (up to ten times as many)
/// until at least one call met the swapped state; returns what escaped.
async fn race(tool: &str, args: serde_json::Value, tries: usize) -> Vec<String> {
    let site = site();
    let stop = Arc::new(AtomicBool::new(false));
    let swaps = Arc::new(AtomicUsize::new(0));
    let thread = {
        let (root, outside, stop, swaps) = (
            site.root.clone(),
            site.outside.clone(),
            stop.clone(),
            swaps.clone(),
        );
        std::thread::spawn(move || swapper(&root, &outside, stop, swaps))
    };
    let mut escapes = Vec::new();
    let mut met_the_swap = 0usize;
    let mut attempts = 0usize;
    while attempts < tries || (met_the_swap == 0 && attempts < tries * 10) {
        attempts += 1;
        let outcome = call(&site.registry, tool, args.clone()).await;
        match &outcome {
            Ok(output) => {
                let shown = format!("{} {}", output.output, output.data);
                let path = output.data["path"].as_str().unwrap_or("");
                if shown.contains("OUTSIDE-SECRET")
                    || shown.contains(&format!("\"size\":{}", OUTSIDE.len()))
                    || !path.starts_with(site.root.to_str().unwrap())
                    || std::fs::read_dir(&site.outside).unwrap().count() != 1
                {
                    escapes.push(format!("{tool} try {attempts}: {shown}"));
                }
            }
            Err(_) => met_the_swap += 1,
        }
    }
    stop.store(true, Ordering::Relaxed);
    thread.join().unwrap();
    assert!(
        swaps.load(Ordering::Relaxed) > 0,
        "the directory was never swapped"
    );
    assert!(
        met_the_swap > 0,
        "{tool}: no call met the swapped directory in {attempts} tries"
    );
    assert_eq!(
        std::fs::read_to_string(site.outside.join("f.txt")).unwrap(),
        OUTSIDE
    );
    escapes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swapping_a_directory_for_a_symlink_never_escapes_the_root() {
    let mut escapes = Vec::new();
    escapes.extend(race("file_read", json!({"path": "d/f.txt"}), 1500).await);
    escapes.extend(race("file_info", json!({"path": "d/f.txt"}), 500).await);
    escapes.extend(race("file_list", json!({"path": "d"}), 500).await);
    escapes.extend(race("file_search", json!({"path": "d", "query": "."}), 500).await);
    escapes.extend(
        race(
            "file_write",
            json!({"path": "d/new.txt", "content": "written"}),
            500,
        )
        .await,
    );
    assert_eq!(escapes, Vec::<String>::new());
}

#[tokio::test]
async fn secret_files_are_refused_by_kind_and_by_content() {
    let site = site();
    let kinds = [
        ".envrc",
        ".npmrc",
        "id_rsa.bak",
        ".vault-token",
        ".my.cnf",
        "terraform.tfstate",
        "ssh_host_ed25519_key",
        "kubeconfig",
        "credentials.json",
        "wp-config.php",
        ".pypirc",
        "terraform.tfstate.backup",
        "prod.tfvars",
        "service-account.json",
        ".bash_history",
    ];
    for name in kinds {
        std::fs::write(site.root.join(name), "harmless looking text\n").unwrap();
        let read = call(&site.registry, "file_read", json!({"path": name})).await;
        assert!(
            matches!(&read, Err(ToolError::Refused(_))),
            "{name}: {read:?}"
        );
        let written = call(
            &site.registry,
            "file_write",
            json!({"path": name, "content": "x"}),
        )
        .await;
        assert!(
            matches!(&written, Err(ToolError::Refused(_))),
            "{name}: {written:?}"
        );
    }
    let listed = call(&site.registry, "file_list", json!({"path": "."}))
        .await
        .unwrap();
    assert_eq!(listed.data["hidden"], json!(kinds.len()));

    // A key under an innocent name is refused for its content.
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n";
    std::fs::write(site.root.join("notes.txt"), key).unwrap();
    let read = call(&site.registry, "file_read", json!({"path": "notes.txt"})).await;
    assert!(
        matches!(&read, Err(ToolError::Refused(m)) if m.contains("OpenSSH private key")),
        "{read:?}"
    );
    let found = call(
        &site.registry,
        "file_search",
        json!({"path": ".", "query": "PRIVATE|b3Bl"}),
    )
    .await
    .unwrap();
    assert_eq!(found.data["matches"], json!([]));

    // Tokens and passwords inside an ordinary file are redacted; the rest stays readable, and
    // a search cannot test guesses against the hidden values.
    std::fs::write(
        site.root.join("app.ini"),
        "host = db\npassword = hunter2\ntoken: ghp_0123456789abcdefghijABCDEFGHIJ012345\n",
    )
    .unwrap();
    let read = call(&site.registry, "file_read", json!({"path": "app.ini"}))
        .await
        .unwrap();
    assert_eq!(
        read.output,
        "host = db\npassword = [redacted]\ntoken: [redacted]\n"
    );
    for guess in ["hunter2", "password = h", "ghp_0123"] {
        let found = call(
            &site.registry,
            "file_search",
            json!({"path": ".", "query": guess}),
        )
        .await
        .unwrap();
        assert_eq!(found.data["matches"], json!([]), "{guess}");
    }
    let found = call(
        &site.registry,
        "file_search",
        json!({"path": ".", "query": "password"}),
    )
    .await
    .unwrap();
    assert_eq!(
        found.data["matches"],
        json!([{"path": "app.ini", "line": 2, "text": "password = [redacted]"}])
    );
    // Writing back a redacted placeholder would destroy the secret it stands for.
    let written = call(
        &site.registry,
        "file_write",
        json!({"path": "app.ini", "content": read.output}),
    )
    .await;
    assert!(
        matches!(&written, Err(ToolError::InvalidArguments(m)) if m.contains("[redacted]")),
        "{written:?}"
    );
}
