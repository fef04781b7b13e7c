//! Git tools on real repositories: a working clone of a bare remote, with history.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_sandbox::{Containment, ContainmentSettings};
use warden_tool_api::{HostAccess, Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput};

fn containment() -> Arc<Containment> {
    static CONTAINMENT: OnceLock<Arc<Containment>> = OnceLock::new();
    CONTAINMENT
        .get_or_init(|| {
            Arc::new(
                Containment::new(&ContainmentSettings::default())
                    .expect("this machine contains (root, landlock, setpriv)"),
            )
        })
        .clone()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Warden Test",
            "-c",
            "user.email=test@warden.invalid",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

struct Repos {
    _dir: tempfile::TempDir,
    roots: std::path::PathBuf,
    work: std::path::PathBuf,
    other: std::path::PathBuf,
    outside: std::path::PathBuf,
    registry: Registry,
}

fn repos() -> Repos {
    let dir = tempfile::tempdir().unwrap();
    // Readable by the unprivileged user that contained git runs as, like an operator's /srv.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let base = dir.path().canonicalize().unwrap();
    let roots = base.join("repos");
    let remote = base.join("remote.git");
    let work = roots.join("app");
    let other = roots.join("other-clone");
    let outside = base.join("outside");
    std::fs::create_dir_all(&roots).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    git(&base, &["init", "--bare", remote.to_str().unwrap()]);
    git(&roots, &["clone", remote.to_str().unwrap(), "app"]);
    for (n, text) in [(1, "one"), (2, "two"), (3, "three")] {
        std::fs::write(work.join("config.toml"), format!("value = \"{text}\"\n")).unwrap();
        git(&work, &["add", "."]);
        git(&work, &["commit", "-m", &format!("commit {n}: {text}")]);
    }
    git(&work, &["push", "origin", "main"]);
    git(&roots, &["clone", remote.to_str().unwrap(), "other-clone"]);
    git(&outside, &["init", "-q"]);
    let mut builder = RegistryBuilder::default();
    warden_tool_git::register(&mut builder, vec![roots.clone()], Vec::new());
    Repos {
        _dir: dir,
        roots,
        work,
        other,
        outside,
        registry: builder.build().unwrap(),
    }
}

impl Repos {
    /// A low call: git runs contained.
    async fn call(&self, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
        let context = ToolContext::user("tester", [Scope::Admin])
            .with_host(HostAccess::Contained(containment()));
        self.registry.get(tool).unwrap().call(args, &context).await
    }

    /// A call a human approved (a pull changes the working tree).
    async fn call_approved(&self, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
        let context = ToolContext::user("tester", [Scope::Admin]).with_host(HostAccess::Approved);
        self.registry.get(tool).unwrap().call(args, &context).await
    }
}

#[tokio::test]
async fn status_log_diff_and_branch_read_a_real_repository() {
    let r = repos();
    let repo = r.work.display().to_string();
    let status = r.call("git_status", json!({"repo": repo})).await.unwrap();
    assert_eq!(status.data["clean"], json!(true));
    assert_eq!(status.data["branch"], json!("main...origin/main"));

    std::fs::write(r.work.join("config.toml"), "value = \"four\"\n").unwrap();
    std::fs::write(r.work.join("new.txt"), "x\n").unwrap();
    let status = r.call("git_status", json!({"repo": repo})).await.unwrap();
    assert_eq!(
        status.data["changes"],
        json!([{"status": "M", "path": "config.toml"}, {"status": "??", "path": "new.txt"}])
    );

    let log = r
        .call("git_log", json!({"repo": repo, "limit": 2}))
        .await
        .unwrap();
    let subjects: Vec<&str> = log.data["commits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["subject"].as_str())
        .collect();
    assert_eq!(subjects, vec!["commit 3: three", "commit 2: two"]);

    let diff = r
        .call("git_diff", json!({"repo": repo, "path": "config.toml"}))
        .await
        .unwrap();
    assert!(
        diff.output
            .contains("-value = \"three\"\n+value = \"four\""),
        "{}",
        diff.output
    );
    let against = r
        .call("git_diff", json!({"repo": repo, "commit": "HEAD~2"}))
        .await
        .unwrap();
    assert!(
        against.output.contains("-value = \"one\""),
        "{}",
        against.output
    );

    let branches = r
        .call("git_branch", json!({"repo": format!("{repo}/.")}))
        .await
        .unwrap();
    assert_eq!(
        branches.data["branches"],
        json!([{"name": "main", "current": true, "upstream": "origin/main"}])
    );
}

#[tokio::test]
async fn pull_fast_forwards_only_and_runs_no_hooks() {
    let r = repos();
    // The other clone gets a new commit upstream; a hook planted in it must not run on pull.
    std::fs::write(r.work.join("config.toml"), "value = \"four\"\n").unwrap();
    git(&r.work, &["commit", "-am", "commit 4: four"]);
    git(&r.work, &["push", "origin", "main"]);
    let marker = r.roots.join("hook-ran");
    let hook = r.other.join(".git/hooks/post-merge");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let pulled = r
        .call_approved("git_pull", json!({"repo": r.other.display().to_string()}))
        .await
        .unwrap();
    assert!(pulled.ok, "{}", pulled.output);
    assert_eq!(pulled.data["updated"], json!(true));
    assert_eq!(
        git(&r.other, &["log", "-1", "--format=%s"]),
        "commit 4: four"
    );
    assert!(!marker.exists(), "repository hooks never run");
    let again = r
        .call_approved("git_pull", json!({"repo": r.other.display().to_string()}))
        .await
        .unwrap();
    assert_eq!(again.output, "already up to date");

    // Diverged: a local commit and a different upstream one. Nothing is merged.
    std::fs::write(r.other.join("local.txt"), "local\n").unwrap();
    git(&r.other, &["add", "."]);
    git(&r.other, &["commit", "-m", "local work"]);
    std::fs::write(r.work.join("config.toml"), "value = \"five\"\n").unwrap();
    git(&r.work, &["commit", "-am", "commit 5"]);
    git(&r.work, &["push", "origin", "main"]);
    let head = git(&r.other, &["rev-parse", "HEAD"]);
    let refused = r
        .call_approved("git_pull", json!({"repo": r.other.display().to_string()}))
        .await
        .unwrap();
    assert!(!refused.ok, "{}", refused.output);
    assert!(
        refused.output.contains("not fast-forwarded"),
        "{}",
        refused.output
    );
    assert_eq!(
        git(&r.other, &["rev-parse", "HEAD"]),
        head,
        "the branch is untouched"
    );
}

#[tokio::test]
async fn contained_git_reads_but_cannot_change_the_repository() {
    let r = repos();
    std::fs::write(r.work.join("config.toml"), "value = \"four\"\n").unwrap();
    git(&r.work, &["commit", "-am", "commit 4: four"]);
    git(&r.work, &["push", "origin", "main"]);
    let head = git(&r.other, &["rev-parse", "HEAD"]);
    let pulled = r
        .call("git_pull", json!({"repo": r.other.display().to_string()}))
        .await
        .unwrap();
    assert!(!pulled.ok, "{}", pulled.output);
    assert_eq!(git(&r.other, &["rev-parse", "HEAD"]), head);
    let status = r
        .call("git_status", json!({"repo": r.other.display().to_string()}))
        .await
        .unwrap();
    assert_eq!(status.data["clean"], json!(true), "{}", status.output);
}

#[tokio::test]
async fn repositories_outside_the_roots_and_bad_arguments_are_refused() {
    let r = repos();
    let err = r
        .call(
            "git_status",
            json!({"repo": r.outside.display().to_string()}),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::Refused(_)), "{err}");
    let err = r
        .call(
            "git_status",
            json!({"repo": format!("{}/../outside", r.roots.display())}),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ToolError::Refused(_)), "{err}");
    let plain = r.roots.join("not-a-repo");
    std::fs::create_dir_all(&plain).unwrap();
    // /tmp may itself be inside no repository; a directory under the roots that is no repository:
    let result = r
        .call("git_status", json!({"repo": plain.display().to_string()}))
        .await;
    assert!(matches!(result, Err(ToolError::NotFound(_))), "{result:?}");
    for (tool, args) in [
        (
            "git_diff",
            json!({"repo": r.work.display().to_string(), "commit": "--output=/tmp/x"}),
        ),
        (
            "git_log",
            json!({"repo": r.work.display().to_string(), "path": "-p"}),
        ),
        (
            "git_log",
            json!({"repo": r.work.display().to_string(), "limit": 0}),
        ),
        ("git_status", json!({})),
    ] {
        let err = r.call(tool, args.clone()).await.unwrap_err();
        assert!(
            matches!(err, ToolError::InvalidArguments(_)),
            "{tool} {args}: {err}"
        );
    }
}
