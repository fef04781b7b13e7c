//! The JWT signing key: configured, or generated once into the data directory with mode 0600.
//! A key file that others can read is refused rather than used: it would let them mint tokens.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rand::RngCore;

use crate::config::Secret;

pub const KEY_FILE: &str = "jwt-signing.key";
const KEY_BYTES: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum SigningKeyError {
    #[error("data_dir (WARDEN_DATA_DIR): cannot read the signing key {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data_dir (WARDEN_DATA_DIR): cannot write the signing key {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "data_dir (WARDEN_DATA_DIR): the signing key {path} is readable by other users (mode {mode:o}); run `chmod 600 {path}` or delete it to have a new one generated"
    )]
    Permissions { path: PathBuf, mode: u32 },
    #[error(
        "data_dir (WARDEN_DATA_DIR): the signing key {path} is {len} bytes; at least 32 are needed (delete it to have a new one generated)"
    )]
    TooShort { path: PathBuf, len: usize },
}

/// The key bytes: from `configured` when set, else from (or newly into) `data_dir`.
pub fn load_or_create(
    data_dir: &Path,
    configured: Option<&Secret>,
) -> Result<Vec<u8>, SigningKeyError> {
    if let Some(secret) = configured {
        return Ok(secret.expose().as_bytes().to_vec());
    }
    let path = data_dir.join(KEY_FILE);
    match std::fs::metadata(&path) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(SigningKeyError::Permissions { path, mode });
            }
            let bytes = std::fs::read(&path).map_err(|source| SigningKeyError::Read {
                path: path.clone(),
                source,
            })?;
            if bytes.len() < 32 {
                return Err(SigningKeyError::TooShort {
                    path,
                    len: bytes.len(),
                });
            }
            Ok(bytes)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path),
        Err(source) => Err(SigningKeyError::Read { path, source }),
    }
}

fn create(path: &Path) -> Result<Vec<u8>, SigningKeyError> {
    let mut key = vec![0u8; KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    let write_err = |source| SigningKeyError::Write {
        path: path.to_path_buf(),
        source,
    };
    // create_new: never overwrite a key another process wrote in the meantime.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(write_err)?;
    file.write_all(&key).map_err(write_err)?;
    file.sync_all().map_err(write_err)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_with_private_mode_and_refuses_open_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = load_or_create(dir.path(), None).unwrap_or_else(|e| panic!("{e}"));
        let again = load_or_create(dir.path(), None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, again);
        let path = dir.path().join(KEY_FILE);
        let mode = std::fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))
            .unwrap_or_else(|e| panic!("{e}"));
        let err = load_or_create(dir.path(), None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("readable by other users (mode 644)"), "{err}");
    }
}
