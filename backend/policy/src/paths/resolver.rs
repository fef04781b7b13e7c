//! Resolving paths before they are judged: injected, so that unit tests stay deterministic while
//! the server resolves against the real file system.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// How paths are resolved before they are judged.
pub trait PathResolver: Debug + Send + Sync {
    /// The directory relative paths start from, when known.
    fn working_dir(&self) -> Option<PathBuf>;
    /// `path` (absolute and lexically normal) with the symlinks of its existing prefix
    /// resolved, or `None` when that changes nothing or cannot be known.
    fn resolve(&self, path: &Path) -> Option<PathBuf>;
    /// Whether `path` (absolute) is a regular file, not following a final symlink; `None`
    /// when that cannot be known (no file system), which callers read as "not known to be".
    fn regular_file(&self, _path: &Path) -> Option<bool> {
        None
    }
    /// Whether, in every commit of the git repository `dir` (absolute) lies in (every ref and
    /// reflog, and the commits `named` by the command line, which may be dangling), the
    /// pathspec naming `file` (absolute, lexically normal) matched that one file and nothing
    /// else (it was never a directory); `None` when that cannot be known (no repository, no
    /// git), which callers read as "not known to be".
    fn single_file_in_history(&self, _dir: &Path, _file: &Path, _named: &[String]) -> Option<bool> {
        None
    }
}

/// No file system: paths are judged as written, relative ones as possibly anywhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexical;

impl PathResolver for Lexical {
    fn working_dir(&self) -> Option<PathBuf> {
        None
    }

    fn resolve(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// The host's file system: relative paths start from this process's working directory, and
/// the longest existing prefix of a path is canonicalised (symlinks, `..` through links).
#[derive(Debug, Clone, Default)]
pub struct HostFileSystem {
    working_dir: Option<PathBuf>,
}

impl HostFileSystem {
    /// Resolves against the current working directory of this process.
    pub fn new() -> Self {
        Self {
            working_dir: std::env::current_dir().ok(),
        }
    }
}

/// At most this many components are walked back to find an existing prefix.
const MAX_COMPONENTS: usize = 64;

impl PathResolver for HostFileSystem {
    fn working_dir(&self) -> Option<PathBuf> {
        self.working_dir.clone()
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let mut existing = path.to_path_buf();
        let mut missing = Vec::new();
        for _ in 0..MAX_COMPONENTS {
            if let Ok(real) = std::fs::canonicalize(&existing) {
                let mut resolved = real;
                resolved.extend(missing.iter().rev());
                return (resolved != path).then_some(resolved);
            }
            missing.push(existing.file_name()?.to_os_string());
            if !existing.pop() {
                return None;
            }
        }
        None
    }

    fn regular_file(&self, path: &Path) -> Option<bool> {
        std::fs::symlink_metadata(path)
            .ok()
            .map(|meta| meta.file_type().is_file())
    }

    fn single_file_in_history(&self, dir: &Path, file: &Path, named: &[String]) -> Option<bool> {
        super::history::single_file(dir, file, named)
    }
}
