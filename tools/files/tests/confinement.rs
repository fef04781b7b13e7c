//! A traversal and symlink corpus against a real directory tree: nothing outside the root is ever
//! read, written, listed or found, sensitive files inside it are refused, and ordinary work inside
//! it succeeds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "confinement/escapes.rs"]
mod escapes;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_tool_api::{Registry, RegistryBuilder, ToolError, ToolOutput};
use warden_tool_files::{FilesConfig, register};

const OUTSIDE_SECRET: &str = "TOPSECRET-outside";
const ENV_SECRET: &str = "DB_PASSWORD=hunter2";
const KEY_SECRET: &str = "-----BEGIN OPENSSH PRIVATE KEY-----";

struct Tree {
    _dir: tempfile::TempDir,
    base: PathBuf,
    root: PathBuf,
    registry: Registry,
}

fn tree() -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("root");
    let w = |p: &Path, text: &str| {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(&root.join("notes.txt"), "hello from notes\nsecond line\n");
    w(&root.join("sub/inner.txt"), "inner text\n");
    w(&root.join(".env"), ENV_SECRET);
    w(&root.join(".ssh/id_rsa"), KEY_SECRET);
    w(&root.join("tls/server.key"), KEY_SECRET);
    w(&root.join("data/warden.db"), "warden's own database");
    w(&root.join("bin.dat"), "abc\0def");
    w(&base.join("rootfoo/f.txt"), OUTSIDE_SECRET);
    w(&base.join("outside/secret.txt"), OUTSIDE_SECRET);
    symlink("../outside", root.join("link_out")).unwrap();
    symlink("chain2", root.join("chain1")).unwrap();
    symlink("../outside/secret.txt", root.join("chain2")).unwrap();
    symlink(".env", root.join("env_alias.txt")).unwrap();
    symlink("notes.txt", root.join("ok_link")).unwrap();
    symlink("loop_b", root.join("loop_a")).unwrap();
    symlink("loop_a", root.join("loop_b")).unwrap();
    symlink(base.join("outside/secret.txt"), root.join("abs_link")).unwrap();
    let mut builder = RegistryBuilder::default();
    register(
        &mut builder,
        &FilesConfig::new(vec![root.clone()], vec![root.join("data")]),
    );
    Tree {
        _dir: dir,
        base,
        root,
        registry: builder.build().unwrap(),
    }
}

impl Tree {
    async fn call(&self, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
        self.registry
            .get(tool)
            .expect("tool")
            .call(args, &ctx())
            .await
    }

    fn attacks(&self) -> Vec<String> {
        let root = self.root.display().to_string();
        let base = self.base.display().to_string();
        vec![
            "../outside/secret.txt".to_owned(),
            format!("{root}/../outside/secret.txt"),
            format!("{root}/sub/../../outside/secret.txt"),
            format!("{root}/./sub/./../../outside/secret.txt"),
            format!("{root}/link_out/secret.txt"),
            format!("{root}/chain1"),
            format!("{root}/abs_link"),
            format!("{base}/rootfoo/f.txt"),
            format!("{root}foo/f.txt"),
            format!("{root}/../rootfoo/f.txt"),
            format!("{root}/.env"),
            format!("{root}/env_alias.txt"),
            format!("{root}/.ssh/id_rsa"),
            format!("{root}/tls/server.key"),
            format!("{root}/data/warden.db"),
            format!("{root}/loop_a"),
            format!("{root}/notes.txt\0"),
            "%2e%2e/outside/secret.txt".to_owned(),
            "..\\outside\\secret.txt".to_owned(),
            "~/outside/secret.txt".to_owned(),
            "/etc/passwd".to_owned(),
            "/etc/shadow".to_owned(),
            "/proc/self/environ".to_owned(),
            "/proc/self/root/etc/passwd".to_owned(),
            format!("/proc/self/root{root}/../outside/secret.txt"),
            "/".to_owned(),
            String::new(),
            "a/".repeat(3000),
        ]
    }
}

fn leaked(output: &ToolOutput) -> bool {
    let text = format!("{} {}", output.output, output.data);
    [OUTSIDE_SECRET, ENV_SECRET, KEY_SECRET, "root:x:0:0"]
        .iter()
        .any(|s| text.contains(s))
}

#[tokio::test]
async fn reads_never_escape_and_never_show_secrets() {
    let tree = tree();
    let mut escaped = Vec::new();
    for path in tree.attacks() {
        for tool in ["file_read", "file_info", "file_list", "file_search"] {
            let args = match tool {
                "file_search" => json!({"path": path, "query": "."}),
                _ => json!({"path": path}),
            };
            match tree.call(tool, args).await {
                Ok(output)
                    if leaked(&output)
                        || !output.data["path"]
                            .as_str()
                            .unwrap_or("")
                            .starts_with(tree.root.to_str().unwrap()) =>
                {
                    escaped.push(format!("{tool} {path:?}: {}", output.output));
                }
                Ok(_) => {}
                Err(
                    ToolError::Refused(_) | ToolError::NotFound(_) | ToolError::InvalidArguments(_),
                ) => {}
                Err(other) if path.contains("loop") => {
                    assert!(matches!(other, ToolError::Failed(_)), "{other}")
                }
                Err(other) => escaped.push(format!("{tool} {path:?}: unexpected {other}")),
            }
        }
    }
    assert_eq!(escaped, Vec::<String>::new());
}

#[tokio::test]
async fn writes_never_land_outside_or_on_secrets() {
    let tree = tree();
    let before = snapshot(&tree.base);
    let mut escaped = Vec::new();
    for path in tree.attacks().into_iter().chain([
        format!("{}/link_out/new.txt", tree.root.display()),
        format!("{}/..", tree.root.display()),
    ]) {
        if let Ok(output) = tree
            .call("file_write", json!({"path": path, "content": "pwned"}))
            .await
        {
            // A success may only create an ordinary file inside the root (a name with a
            // backslash is just a name on Linux).
            let target = PathBuf::from(output.data["path"].as_str().unwrap_or("/"));
            if !target.starts_with(&tree.root) || target.starts_with(tree.root.join("data")) {
                escaped.push(format!("{path:?}: {}", output.output));
            }
        }
    }
    assert_eq!(escaped, Vec::<String>::new());
    let after: std::collections::BTreeMap<String, String> =
        snapshot(&tree.base).into_iter().collect();
    for (path, content) in before {
        assert_eq!(after.get(&path), Some(&content), "{path} changed");
    }
}

fn snapshot(base: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir(base)
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let meta = entry.path().symlink_metadata().unwrap();
        if meta.is_dir() {
            out.extend(walkdir(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[tokio::test]
async fn listing_and_searching_hide_protected_entries() {
    let tree = tree();
    let listed = tree
        .call(
            "file_list",
            json!({"path": tree.root.display().to_string()}),
        )
        .await
        .unwrap();
    let names: Vec<&str> = listed.data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    for hidden in [".env", ".ssh", "data"] {
        assert!(!names.contains(&hidden), "{hidden} listed: {names:?}");
    }
    assert!(
        names.contains(&"notes.txt") && names.contains(&"link_out"),
        "{names:?}"
    );

    let found = tree.call("file_search", json!({"path": tree.root.display().to_string(), "query": "SECRET|PASSWORD|PRIVATE|hello"})).await.unwrap();
    assert!(!leaked(&found), "{}", found.output);
    let paths: Vec<&str> = found.data["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        vec!["notes.txt"],
        "only the ordinary file matches; symlinks are not followed"
    );
}

#[tokio::test]
async fn ordinary_work_inside_the_root_succeeds() {
    let tree = tree();
    let read = tree
        .call("file_read", json!({"path": "notes.txt"}))
        .await
        .unwrap();
    assert_eq!(read.output, "hello from notes\nsecond line\n");
    let through_link = tree
        .call("file_read", json!({"path": "ok_link"}))
        .await
        .unwrap();
    assert_eq!(
        through_link.output, read.output,
        "symlinks inside the root are fine"
    );
    let paged = tree
        .call(
            "file_read",
            json!({"path": "notes.txt", "offset": 6, "limit": 4}),
        )
        .await
        .unwrap();
    assert!(paged.output.starts_with("from\n["), "{}", paged.output);
    assert!(paged.truncated);
    assert_eq!(paged.data["remaining"], json!(19));

    let binary = tree
        .call("file_read", json!({"path": "bin.dat"}))
        .await
        .unwrap_err();
    assert!(
        matches!(binary, ToolError::Refused(ref m) if m.contains("binary")),
        "{binary}"
    );

    let created = tree
        .call(
            "file_write",
            json!({"path": "sub/new.conf", "content": "a = 1\n"}),
        )
        .await
        .unwrap();
    assert_eq!(created.data["backup"], Value::Null);
    let replaced = tree
        .call(
            "file_write",
            json!({"path": "sub/new.conf", "content": "a = 2\n"}),
        )
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(tree.root.join("sub/new.conf")).unwrap(),
        "a = 2\n"
    );
    assert_eq!(
        std::fs::read_to_string(tree.root.join("sub/new.conf.warden.bak")).unwrap(),
        "a = 1\n"
    );
    assert!(
        replaced.output.contains("previous content"),
        "{}",
        replaced.output
    );
    let leftovers: Vec<_> = std::fs::read_dir(tree.root.join("sub"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("warden-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");

    let missing_dir = tree
        .call("file_write", json!({"path": "nope/x.txt", "content": "x"}))
        .await
        .unwrap_err();
    assert!(
        matches!(missing_dir, ToolError::NotFound(_)),
        "{missing_dir}"
    );

    let info = tree
        .call("file_info", json!({"path": "sub"}))
        .await
        .unwrap();
    assert_eq!(info.data["type"], json!("dir"));
    let found = tree
        .call(
            "file_search",
            json!({"path": ".", "query": "SECOND", "ignore_case": true}),
        )
        .await
        .unwrap();
    assert_eq!(
        found.data["matches"],
        json!([{"path": "notes.txt", "line": 2, "text": "second line"}])
    );
}

#[tokio::test]
async fn bad_arguments_come_back_as_schema_errors() {
    let tree = tree();
    for (tool, args, mentions) in [
        ("file_read", json!({}), "missing field `path`"),
        ("file_read", json!({"path": 5}), "invalid type"),
        (
            "file_read",
            json!({"path": "notes.txt", "mode": "rw"}),
            "unknown field `mode`",
        ),
        (
            "file_read",
            json!({"path": "notes.txt", "limit": 0}),
            "limit must be between",
        ),
        (
            "file_read",
            json!({"path": "notes.txt", "offset": -1}),
            "invalid value",
        ),
        (
            "file_write",
            json!({"path": "x.txt"}),
            "missing field `content`",
        ),
        (
            "file_write",
            json!({"path": "x.txt", "content": "x".repeat(2 * 1024 * 1024)}),
            "at most",
        ),
        (
            "file_list",
            json!({"path": ".", "limit": 100000}),
            "limit must be between",
        ),
        (
            "file_search",
            json!({"path": ".", "query": "("}),
            "not a valid regular expression",
        ),
        (
            "file_search",
            json!({"path": ".", "query": ""}),
            "query must be",
        ),
        ("file_info", json!("notes.txt"), "invalid type"),
    ] {
        match tree.call(tool, args.clone()).await {
            Err(ToolError::InvalidArguments(message)) => {
                assert!(message.contains(mentions), "{tool} {args}: {message}")
            }
            other => panic!("{tool} {args}: expected invalid arguments, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn without_roots_every_tool_says_how_to_configure_them() {
    let mut builder = RegistryBuilder::default();
    register(&mut builder, &FilesConfig::new(Vec::new(), Vec::new()));
    let registry = builder.build().unwrap();
    let err = registry
        .get("file_read")
        .unwrap()
        .call(json!({"path": "/etc/hostname"}), &ctx())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ToolError::Unavailable(ref m) if m.contains("WARDEN_FILE_ROOTS")),
        "{err}"
    );
}

fn ctx() -> warden_tool_api::ToolContext {
    warden_tool_api::ToolContext::user("tester", [warden_protocol::Scope::Admin])
}
