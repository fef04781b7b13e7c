//! What a git pathspec matched in a repository's history. `git log -p -- config` prints every
//! version of every file the pathspec matched in the commits it walks: when `config` was a
//! directory once, that includes `config/secret.env`, whatever `config` is now. So a pathspec
//! keeps a content-printing git command low only when, in every commit (`--all --reflog`: a
//! superset of what the command can reach by name), it matched exactly that one file path.
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
pub fn single_file(dir: &Path, file: &Path) -> Option<bool> {
    let top = toplevel(dir)?;
    let relative = file.strip_prefix(&top).ok()?.to_str()?;
    if relative.is_empty() || relative.split('/').next() == Some(".git") {
        return None;
    }
    let output = off_async_threads(|| names(&top, relative))?;
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

/// The names `git log --all --reflog --name-only -- :(literal,top)RELATIVE` prints, NUL
/// separated, or `None` when git does not answer cleanly within the bounds.
fn names(top: &Path, relative: &str) -> Option<String> {
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
            "--",
        ])
        .arg(format!(":(literal,top){relative}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().ok()?;
    let stdout = child.stdout.take()?;
    // Read on a thread, so that a child filling the pipe cannot outlast the time limit.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = stdout
            .take(OUTPUT_CAP as u64 + 1)
            .read_to_end(&mut out)
            .is_ok();
        (read, out)
    });
    let deadline = Instant::now() + TIME_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let (read, out) = reader.join().ok()?;
    let status = status?;
    (status.success() && read && out.len() <= OUTPUT_CAP)
        .then(|| String::from_utf8(out).ok())
        .flatten()
}
