//! What a git pathspec matched in a repository's history. `git log -p -- config` prints every
//! version of every file the pathspec matched in the commits it walks: when `config` was a
//! directory once, that includes `config/secret.env`, whatever `config` is now. So a pathspec
//! keeps a content-printing git command low only when, in every commit (`--all --reflog`, and
//! the commits the line names: a dangling commit, named by its id, is reached by no ref or
//! reflog), it matched exactly that one file path.
//!
//! The answer comes from `git log --name-only`, run with everything a repository's own
//! configuration could start turned off (fsmonitor, hooks, pager, signature checks, external
//! diff and textconv drivers, lazy fetches of a partial clone), no system or global
//! configuration, an empty environment, a time limit and an output cap. Anything short of a
//! clean answer in time is "not known" (fail closed: the content rule applies).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long git may take to answer.
const TIME_LIMIT: Duration = Duration::from_secs(2);
/// The most output read from it: a longer answer is not known to be clean.
const OUTPUT_CAP: usize = 256 * 1024;
/// At most this many directories are walked up to find the repository.
const MAX_DEPTH: usize = 64;

/// Whether, in every commit of the repository that `dir` (absolute) lies in, the path `file`
/// (absolute, lexically normal) matched only itself as a pathspec: it was never a directory and
/// never matched any other name. `None` when that cannot be known (no repository above `dir`,
/// `file` outside it, git missing, slow, failing or too talkative).
pub fn single_file(dir: &Path, file: &Path, named: &[String]) -> Option<bool> {
    let top = toplevel(dir)?;
    let relative = file.strip_prefix(&top).ok()?.to_str()?;
    if relative.is_empty() || relative.split('/').next() == Some(".git") {
        return None;
    }
    let output = off_async_threads(|| names(&top, relative, named, TIME_LIMIT, OUTPUT_CAP))?;
    Some(
        output
            .split('\0')
            .filter(|name| !name.is_empty())
            .all(|name| name == relative),
    )
}

/// Runs `wait`, which blocks for up to [`TIME_LIMIT`], so that it does not hold up other tasks:
/// classification is synchronous and is called from the engine's async tasks, where a blocked
/// worker thread would stall every run scheduled on it. On a multi-threaded Tokio runtime the
/// worker hands its other tasks over first (`block_in_place`); elsewhere (the CLI, a
/// current-thread runtime, plain threads) it simply runs.
fn off_async_threads<T>(wait: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(wait)
        }
        _ => wait(),
    }
}

/// The nearest directory at or above `dir` holding a `.git` entry (a directory, or a file for a
/// linked worktree or submodule).
fn toplevel(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .take(MAX_DEPTH)
        .find(|candidate| std::fs::symlink_metadata(candidate.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// The names `git log --all --reflog NAMED... --name-only -- :(literal,top)RELATIVE` prints,
/// NUL separated, or `None` when git does not answer cleanly within `time_limit` and `cap`
/// bytes, or when a named word is an object other than a commit (`git log` walks commits only
/// and would pass over a tree or a blob, which `git diff TREE -- PATH` prints from).
fn names(
    top: &Path,
    relative: &str,
    named: &[String],
    time_limit: Duration,
    cap: usize,
) -> Option<String> {
    // Never an option, never more than one line of `cat-file`'s input.
    if named
        .iter()
        .any(|n| n.starts_with('-') || n.contains(['\n', '\r', '\0']))
    {
        return None;
    }
    if !named.is_empty() {
        // Each word peeled (`^{}`: a tag to what it tags): a commit, or not an object at all
        // (a grep pattern, a stash verb), which `--ignore-missing` below leaves out.
        let input: String = named.iter().map(|n| format!("{n}^{{}}\n")).collect();
        let kinds = bounded_git(
            top,
            &["cat-file", "--batch-check=%(objecttype)"],
            Some(input.into_bytes()),
            time_limit,
            cap,
        )?;
        if !kinds
            .lines()
            .all(|kind| kind == "commit" || kind.ends_with(" missing"))
        {
            return None;
        }
    }
    let pathspec = format!(":(literal,top){relative}");
    let mut args: Vec<&str> = vec![
        "log",
        "--all",
        "--reflog",
        "--no-renames",
        "--no-show-signature",
        "--no-ext-diff",
        "--no-textconv",
        "--format=",
        "--name-only",
        "-z",
        // Words of the line that are not revisions are left out, not an error.
        "--ignore-missing",
    ];
    // Commits the line names, which no ref or reflog may reach.
    args.extend(named.iter().map(String::as_str));
    args.extend(["--", pathspec.as_str()]);
    bounded_git(top, &args, None, time_limit, cap)
}

/// What `git ARGS` prints in the repository at `top`, given `input`, with everything a
/// repository's configuration could start turned off, or `None` when it fails, outlasts
/// `time_limit` (it is then killed) or prints more than `cap` bytes.
fn bounded_git(
    top: &Path,
    args: &[&str],
    input: Option<Vec<u8>>,
    time_limit: Duration,
    cap: usize,
) -> Option<String> {
    let mut command = Command::new("git");
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(["--no-pager", "-C"])
        .arg(top)
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.pager=cat",
            "-c",
            "log.showSignature=false",
        ])
        .args(args);
    bounded(command, input, time_limit, cap)
}

/// What `command` prints, given `input`, or `None` when it fails, outlasts `time_limit` (it is
/// then killed) or prints more than `cap` bytes.
fn bounded(
    mut command: Command,
    input: Option<Vec<u8>>,
    time_limit: Duration,
    cap: usize,
) -> Option<String> {
    command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().ok()?;
    let stdout = child.stdout.take()?;
    // Written and read on threads that report over channels, so that neither a child filling a
    // pipe nor a process it left behind holding one open can outlast the limit: past it, the
    // threads are left to end with the pipes.
    let (wrote, written) = std::sync::mpsc::channel();
    match (input, child.stdin.take()) {
        (Some(input), Some(mut stdin)) => {
            std::thread::spawn(move || {
                let _ = wrote.send(std::io::Write::write_all(&mut stdin, &input).is_ok());
            });
        }
        _ => {
            let _ = wrote.send(true);
        }
    }
    let (read, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let complete = stdout.take(cap as u64 + 1).read_to_end(&mut out).is_ok();
        let _ = read.send(complete.then_some(out));
    });
    let deadline = Instant::now() + time_limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let left = deadline.saturating_duration_since(Instant::now());
    let out = answer.recv_timeout(left).ok()??;
    let all_written = written.recv_timeout(left).unwrap_or(false);
    (status.success() && all_written && out.len() <= cap)
        .then(|| String::from_utf8(out).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository at a fresh temporary directory with one commit holding `README.md`.
    fn repository() -> Option<tempfile::TempDir> {
        let dir = tempfile::tempdir().ok()?;
        let git = |args: &[&str]| {
            Command::new("git")
                .current_dir(dir.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
                .args(args)
                .output()
                .is_ok_and(|out| out.status.success())
        };
        std::fs::write(dir.path().join("README.md"), "readme\n").ok()?;
        (git(&["init", "-q"]) && git(&["add", "."]) && git(&["commit", "-qm", "one"]))
            .then_some(dir)
    }

    #[test]
    fn an_answer_within_the_bounds_is_read() {
        let repo = repository().expect("a repository");
        assert_eq!(
            names(repo.path(), "README.md", &[], TIME_LIMIT, OUTPUT_CAP).as_deref(),
            Some("README.md\0")
        );
        assert_eq!(
            single_file(repo.path(), &repo.path().join("README.md"), &[]),
            Some(true)
        );
    }

    #[test]
    fn an_answer_longer_than_the_cap_is_not_known() {
        let repo = repository().expect("a repository");
        // "README.md\0" is ten bytes.
        assert_eq!(names(repo.path(), "README.md", &[], TIME_LIMIT, 9), None);
        assert!(names(repo.path(), "README.md", &[], TIME_LIMIT, 10).is_some());
    }

    #[test]
    fn a_program_slower_than_the_time_limit_is_stopped_and_not_known() {
        // A program that would answer after 30 seconds, and one that answers at once.
        let mut slow = Command::new("sh");
        slow.args(["-c", "sleep 30; echo late"]);
        let started = Instant::now();
        assert_eq!(
            bounded(slow, None, Duration::from_millis(200), OUTPUT_CAP),
            None
        );
        // Killed at the limit, not waited for.
        assert!(started.elapsed() < TIME_LIMIT, "{:?}", started.elapsed());
        // A program that exits but leaves a child holding its output open: not known either,
        // and not waited for.
        let mut leaves = Command::new("sh");
        leaves.args(["-c", "sleep 30 & echo early"]);
        let started = Instant::now();
        assert_eq!(
            bounded(leaves, None, Duration::from_millis(300), OUTPUT_CAP),
            None
        );
        assert!(started.elapsed() < TIME_LIMIT, "{:?}", started.elapsed());
        let mut quick = Command::new("sh");
        quick.args(["-c", "echo early"]);
        assert_eq!(
            bounded(quick, None, TIME_LIMIT, OUTPUT_CAP).as_deref(),
            Some("early\n")
        );
    }

    #[test]
    fn a_failing_git_is_not_known() {
        let repo = repository().expect("a repository");
        // A named word that is a tree, not a commit (`git log` would pass over it).
        let tree = Command::new("git")
            .current_dir(repo.path())
            .args(["rev-parse", "HEAD^{tree}"])
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .unwrap_or_default();
        assert_eq!(
            names(repo.path(), "README.md", &[tree], TIME_LIMIT, OUTPUT_CAP),
            None
        );
        let outside = tempfile::tempdir().expect("a directory");
        assert_eq!(
            single_file(outside.path(), &outside.path().join("README.md"), &[]),
            None
        );
    }
}
