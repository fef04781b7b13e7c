//! File tools, confined to configured roots.
//!
//! Every path is made absolute, canonicalised (every symlink in the chain resolved, `..` gone) and
//! must then lie inside a root by whole components, so `/data` never admits `/datafoo`. Sensitive
//! files (private keys, shadow, `.env`, credentials, Warden's own data directory) are refused
//! inside the roots too, by the canonical path and by the path as asked, so a symlink named
//! `notes.txt` pointing at `.env` is refused as well. Files are opened with `O_NOFOLLOW` on the
//! canonical path, so a symlink swapped in after the check fails instead of being followed.

mod confine;
mod info;
mod list;
mod read;
mod search;
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
