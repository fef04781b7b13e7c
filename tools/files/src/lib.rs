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

/// Runs blocking filesystem work off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, warden_tool_api::ToolError> + Send + 'static,
) -> Result<T, warden_tool_api::ToolError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| warden_tool_api::ToolError::Failed(format!("file worker failed: {e}")))?
}
