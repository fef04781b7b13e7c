//! git's content rule against the host's file system and a real repository: `-- PATH` keeps a
//! content option low only when PATH is a regular file there and matched only itself in every
//! commit of the history; a directory, a missing name, or a file that was a directory once is
//! medium.

use std::path::Path;
use std::process::Command;

use warden_policy::{HostFileSystem, PathJudge, RiskLevel, classify_with};

fn level(line: &str) -> RiskLevel {
    let host = HostFileSystem::new();
    classify_with(
        line,
        PathJudge {
            resolver: &host,
            ..PathJudge::default()
        },
    )
    .level
}

/// Runs git in `dir` with a fixed identity and no user configuration.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn only_regular_files_keep_content_options_low() -> std::io::Result<()> {
    let repo = tempfile::tempdir()?;
    let root = repo.path().display().to_string();
    git(repo.path(), &["init", "-q"]);
    std::fs::create_dir(repo.path().join("backend"))?;
    std::fs::write(repo.path().join("backend/app.rs"), "fn main() {}\n")?;
    std::fs::write(repo.path().join("notes.txt"), "ordinary\n")?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "one"]);
    for line in [
        format!("git -C {root} log -p -- {root}/notes.txt"),
        format!("git -C {root} log --all -G TODO -- {root}/notes.txt"),
        format!("git -C {root} log -p -- notes.txt"),
        format!("git -C {root} grep -n TODO HEAD -- notes.txt"),
    ] {
        assert_eq!(level(&line), RiskLevel::Low, "{line}");
    }
    for line in [
        format!("git -C {root} log -p -- {root}/backend"),
        format!("git -C {root} log --all -G '^DB_PASSWORD=h' -- {root}/backend"),
        format!("git -C {root} log -p -- backend"),
        format!("git -C {root} log -p -- gone/file.txt"),
        format!("git -C {root} grep -n TODO HEAD -- backend"),
        format!("git -C {root} log -p -- notes.txt backend"),
        format!("git -C {root} log -U0 -- missing"),
        // Another repository than the one the file lies in: its history is not known.
        format!("git --git-dir=/srv/app/.git -C {root} log -p -- notes.txt"),
        format!("git --work-tree={root} log -p -- {root}/notes.txt"),
    ] {
        assert!(level(&line) >= RiskLevel::Medium, "{line}");
    }
    Ok(())
}

/// `config` held `config/secret.env` in an older commit and is a plain file now: `git log -p --
/// config` prints the secret, so the file system's answer ("a regular file") is not enough.
#[test]
fn a_file_that_was_a_directory_in_some_commit_is_not_one_file() -> std::io::Result<()> {
    let repo = tempfile::tempdir()?;
    let root = repo.path().display().to_string();
    git(repo.path(), &["init", "-q"]);
    std::fs::create_dir(repo.path().join("config"))?;
    std::fs::write(
        repo.path().join("config/secret.env"),
        "DB_PASSWORD=hunter2\n",
    )?;
    std::fs::write(repo.path().join("README.md"), "readme\n")?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "with a secret"]);
    git(repo.path(), &["rm", "-rq", "config"]);
    std::fs::write(repo.path().join("config"), "port = 80\n")?;
    git(repo.path(), &["add", "config"]);
    git(repo.path(), &["commit", "-qm", "config is a file"]);
    assert!(repo.path().join("config").is_file());
    for line in [
        format!("git -C {root} log -p -- config"),
        format!("git -C {root} log -p -- {root}/config"),
        format!("git -C {root} log --all -G '^DB_PASSWORD=h' -- config"),
        format!("git -C {root} log --all -S hunter2 -- config"),
        format!("git -C {root} diff HEAD~1 -- config"),
        format!("git -C {root} log -p -- README.md config"),
    ] {
        assert!(level(&line) >= RiskLevel::Medium, "{line}");
    }
    // A file that has always been one file stays low beside it.
    for line in [
        format!("git -C {root} log -p -- README.md"),
        format!("git -C {root} log --all -G x -- {root}/README.md"),
    ] {
        assert_eq!(level(&line), RiskLevel::Low, "{line}");
    }
    // A file that moved in from elsewhere under the same name keeps its own history: the
    // pathspec matched only itself.
    git(repo.path(), &["mv", "README.md", "INTRO.md"]);
    git(repo.path(), &["commit", "-qm", "rename"]);
    assert_eq!(
        level(&format!("git -C {root} log -p -- INTRO.md")),
        RiskLevel::Low
    );
    Ok(())
}

/// Runs git in `dir` and returns what it printed, trimmed.
fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A commit no ref or reflog reaches (reset away, its reflog expired) still exists until git
/// prunes it, and naming it by its id prints it: there `README.md` was a directory holding a
/// secret. The history question walks the commits the line names too.
#[test]
fn a_dangling_commit_named_by_its_id_is_walked_too() -> std::io::Result<()> {
    let repo = tempfile::tempdir()?;
    let root = repo.path().display().to_string();
    git(repo.path(), &["init", "-q"]);
    std::fs::write(repo.path().join("notes.txt"), "ordinary\n")?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "one"]);
    std::fs::create_dir(repo.path().join("README.md"))?;
    std::fs::write(
        repo.path().join("README.md/secret.env"),
        "DB_PASSWORD=hunter2\n",
    )?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "a secret"]);
    let dangling = git_out(repo.path(), &["rev-parse", "HEAD"]);
    let short = dangling.get(..10).unwrap_or(&dangling).to_owned();
    // Its tree, dangling too: `git diff TREE -- README.md` prints from it, and `git log` would
    // pass over a tree.
    let tree = git_out(repo.path(), &["rev-parse", "HEAD^{tree}"]);
    git(repo.path(), &["reset", "-q", "--hard", "HEAD~1"]);
    git(repo.path(), &["reflog", "expire", "--expire=now", "--all"]);
    std::fs::write(repo.path().join("README.md"), "readme\n")?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "readme"]);
    assert_eq!(
        git_out(repo.path(), &["cat-file", "-t", &dangling]),
        "commit",
        "the commit is still there"
    );
    for line in [
        format!("git -C {root} log -p {dangling} -- README.md"),
        format!("git -C {root} show {short} -- README.md"),
        format!("git -C {root} diff {short} -- README.md"),
        format!("git -C {root} diff HEAD {short} -- README.md"),
        format!("git -C {root} log -p HEAD..{short} -- README.md"),
        format!("git -C {root} log -p HEAD...{short} -- README.md"),
        format!("git -C {root} log -p ^HEAD {short}^! -- README.md"),
        format!("git -C {root} grep -n DB_PASSWORD {short} -- README.md"),
        format!("git -C {root} log -p --stdin -- README.md"),
        format!("git -C {root} diff {tree} -- README.md"),
        format!("git -C {root} diff {tree} HEAD -- README.md"),
    ] {
        assert!(level(&line) >= RiskLevel::Medium, "{line}");
    }
    // The same file through the commits refs reach stays low, and so do words that are not
    // revisions (a grep pattern).
    for line in [
        format!("git -C {root} log -p -- README.md"),
        format!("git -C {root} log -p HEAD -- README.md"),
        format!("git -C {root} show HEAD -- README.md"),
        format!("git -C {root} grep -n TODO HEAD -- README.md"),
        format!("git -C {root} log -p {short} -- notes.txt"),
    ] {
        assert_eq!(level(&line), RiskLevel::Low, "{line}");
    }
    Ok(())
}

/// Outside any repository nothing is known: medium.
#[test]
fn without_a_repository_nothing_is_known() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().display().to_string();
    std::fs::write(dir.path().join("notes.txt"), "ordinary\n")?;
    assert!(level(&format!("git -C {root} log -p -- notes.txt")) >= RiskLevel::Medium);
    Ok(())
}

/// The history question runs git and waits for it, and classification is called from async
/// tasks: on a multi-threaded runtime the wait leaves the worker thread, and on a current-thread
/// runtime (where that is not possible) it still answers, the same answer.
#[test]
fn the_history_question_is_answered_inside_either_runtime() -> std::io::Result<()> {
    let repo = tempfile::tempdir()?;
    let root = repo.path().display().to_string();
    git(repo.path(), &["init", "-q"]);
    std::fs::write(repo.path().join("notes.txt"), "ordinary\n")?;
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "one"]);
    let line = format!("git -C {root} log -p -- notes.txt");
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()?;
    assert_eq!(multi.block_on(async { level(&line) }), RiskLevel::Low);
    // While one worker thread waits on git, a task scheduled beside it still runs.
    let both = multi.block_on(async {
        let judged = tokio::spawn({
            let line = line.clone();
            async move { level(&line) }
        });
        let beside = tokio::spawn(async { 7 });
        (judged.await, beside.await)
    });
    assert_eq!(both.0.ok(), Some(RiskLevel::Low));
    assert_eq!(both.1.ok(), Some(7));
    let single = tokio::runtime::Builder::new_current_thread().build()?;
    assert_eq!(single.block_on(async { level(&line) }), RiskLevel::Low);
    Ok(())
}
