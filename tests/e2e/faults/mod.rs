//! Faults survived: a disk that fills under load and is freed, a circuit breaker whose half-open
//! trial is cancelled, a model that accepts requests and never answers, a Docker daemon that
//! accepts connections and never answers. Every wait is bounded; everything runs on loopback, on
//! a tmpfs or a Unix socket the test owns. (A process killed mid-run and start-up
//! misconfigurations need the real binary: `backend/server/tests/faults.rs`.)

mod breaker;
mod disk;
mod hangs;
mod slow_clients;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmpfs mounted for one test and unmounted (lazily, so open files do not keep it) on every
/// exit path, panics included.
pub(super) struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `size` (`8m`) at `path`, creating the directory.
    pub(super) fn mount(path: &Path, options: &str) -> Self {
        std::fs::create_dir_all(path).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a tmpfs needs root, which make test has: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self(path.to_owned())
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("--lazy").arg(&self.0).output();
    }
}

/// Polls `check` every 100 ms until it yields a value or `limit` passes.
pub(super) async fn within<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < limit,
            "{what}: not within {} s",
            limit.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
