//! File tools, confined to configured roots.
//!
//! A request must name a path under a root by whole components (`/data` never admits
//! `/datafoo`). It is then resolved by the kernel from a handle of that root with
//! `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`: no `..`, symlink, magic link or
//! directory swapped for a symlink mid-call can lead out of the root (see `handle.rs`). What
//! was opened is judged by where its handle points: outside Warden's data directory and other
//! protected directories, not a secret by kind of name (`warden-secrets`), by the path as
//! asked too (a symlink named `notes.txt` to `.env` is refused), and not a hard link (another
//! name could lie outside the roots). Contents are judged too: private keys are refused,
//! secrets inside ordinary files are redacted before anything reaches the model.

mod confine;
mod handle;
mod info;
mod list;
mod read;
mod search;
mod walk;
mod write;

use std::path::PathBuf;
use std::sync::Arc;

pub use confine::Confinement;
use warden_tool_api::{RegistryBuilder, typed};

/// What the file tools need from configuration.
#[derive(Debug, Clone)]
pub struct FilesConfig {
    /// Directories the tools may touch. Empty: every file tool refuses with a message saying how
    /// to configure them.
    pub roots: Vec<PathBuf>,
    /// Directories refused even inside a root (Warden's data directory is always added).
    pub denied: Vec<PathBuf>,
    /// The setting operators use to configure `roots`, named when none are.
    pub setting: &'static str,
}

impl FilesConfig {
    pub fn new(roots: Vec<PathBuf>, denied: Vec<PathBuf>) -> Self {
        Self {
            roots,
            denied,
            setting: "tools.file_roots (WARDEN_FILE_ROOTS)",
        }
    }
}

pub fn register(builder: &mut RegistryBuilder, config: &FilesConfig) {
    let confinement = Arc::new(Confinement::new(config));
    builder
        .add(typed(read::FileRead(confinement.clone())))
        .add(typed(write::FileWrite(confinement.clone())))
        .add(typed(list::FileList(confinement.clone())))
        .add(typed(search::FileSearch(confinement.clone())))
        .add(typed(info::FileInfo(confinement)));
}

/// File tool calls whose file system work runs at once; more wait their turn.
const CONCURRENT_FILE_WORK: usize = 8;

/// Runs blocking filesystem work off the async runtime, at most [`CONCURRENT_FILE_WORK`] calls
/// at a time: a thousand calls at once otherwise grew Tokio's blocking pool by a thread each
/// (about 95 under the benchmark's 1,000 concurrent runs). The turn is held by the waiting
/// call, not by the work: a call that times out gives its turn back even when its work is
/// stuck in the kernel (a hung network mount), so stuck work cannot starve the others.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, warden_tool_api::ToolError> + Send + 'static,
) -> Result<T, warden_tool_api::ToolError> {
    static TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_FILE_WORK);
    let _turn = TURNS
        .acquire()
        .await
        .map_err(|e| warden_tool_api::ToolError::Failed(format!("file worker failed: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| warden_tool_api::ToolError::Failed(format!("file worker failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_a_few_calls_do_file_work_at_once_and_all_finish() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let calls: Vec<_> = (0..4 * CONCURRENT_FILE_WORK)
            .map(|call| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(blocking(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(call)
                }))
            })
            .collect();
        let mut done = Vec::new();
        for call in calls {
            done.push(call.await.unwrap().unwrap());
        }
        assert_eq!(done, (0..4 * CONCURRENT_FILE_WORK).collect::<Vec<_>>());
        let most = most.load(Ordering::SeqCst);
        assert!(
            (2..=CONCURRENT_FILE_WORK).contains(&most),
            "{most} calls did file work at once; at most {CONCURRENT_FILE_WORK} may"
        );
    }
}
