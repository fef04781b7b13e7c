//! One `warden serve` per data directory: the server holds an exclusive lock on
//! `DATA_DIR/warden.lock` while it runs, so a second server on the same data refuses to start,
//! and `warden restore` knows not to swap the database under a running server. The kernel drops
//! the lock when the process ends, however it ends.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rustix::fs::{FlockOperation, flock};

/// The lock file in the data directory.
pub const LOCK_FILE: &str = "warden.lock";

/// The lock, held until dropped.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "a Warden server is running on {dir} (it holds {dir}/{LOCK_FILE}): stop it first",
        dir = .0.display()
    )]
    Held(PathBuf),
    #[error("cannot lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Takes the data directory's lock without waiting (the directory must exist).
pub fn lock(data_dir: &Path) -> Result<DataDirLock, LockError> {
    let path = data_dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(|source| LockError::Io {
            path: path.clone(),
            source,
        })?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(DataDirLock { _file: file }),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(LockError::Held(data_dir.to_path_buf())),
        Err(e) => Err(LockError::Io {
            path,
            source: e.into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = lock(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let second = lock(dir.path()).err().map(|e| e.to_string());
        assert_eq!(
            second,
            Some(format!(
                "a Warden server is running on {0} (it holds {0}/warden.lock): stop it first",
                dir.path().display()
            ))
        );
        drop(first);
        assert!(lock(dir.path()).is_ok());
    }
}
