//! The seal of a backup's manifest (`manifest.seal`): the manifest's SHA-256 and an
//! HMAC-SHA256 of it under the signing key (the key file in the backup, or `WARDEN_JWT_SECRET`
//! when the key is configured rather than stored). Restore verifies the seal before it believes
//! anything the manifest says (schema version, file list, checksums): a manifest edited,
//! truncated or stripped of its key is refused. Whoever holds the key can make a valid seal; the
//! seal stops accidents and anyone who changes a backup without it.

use std::io::Read;
use std::path::Path;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::signing_key::KEY_FILE;

use super::CliError;

pub const SEAL_FILE: &str = "manifest.seal";
/// The largest manifest or seal read (both are a few hundred bytes).
pub const MAX_SMALL_FILE: u64 = 64 * 1024;
/// `key` when the backup holds the key file.
pub const KEY_IN_BACKUP: &str = KEY_FILE;
/// `key` when the key is `WARDEN_JWT_SECRET`.
pub const KEY_FROM_SECRET: &str = "WARDEN_JWT_SECRET";
/// `key` when there was no key to sign with (a database no server has started on yet).
pub const NO_KEY: &str = "none";

/// `manifest.seal`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// SHA-256 of `manifest.json`'s bytes, hex.
    pub manifest_sha256: String,
    /// Which key signed: [`KEY_IN_BACKUP`], [`KEY_FROM_SECRET`] or [`NO_KEY`].
    pub key: String,
    /// HMAC-SHA256 of `manifest.json`'s bytes under that key, hex; None with [`NO_KEY`].
    pub hmac_sha256: Option<String>,
}

fn mac(key: &[u8], manifest: &[u8]) -> Result<Hmac<Sha256>, CliError> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .map_err(|e| CliError::Failed(format!("cannot seal with the signing key: {e}")))?;
    mac.update(manifest);
    Ok(mac)
}

/// Seals `manifest` with `key` (its name in `key_name`), or with no key.
pub fn seal(manifest: &[u8], key: Option<(&str, &[u8])>) -> Result<Seal, CliError> {
    let (key_name, hmac_sha256) = match key {
        Some((name, bytes)) => (
            name.to_owned(),
            Some(hex::encode(mac(bytes, manifest)?.finalize().into_bytes())),
        ),
        None => (NO_KEY.to_owned(), None),
    };
    Ok(Seal {
        manifest_sha256: hex::encode(Sha256::digest(manifest)),
        key: key_name,
        hmac_sha256,
    })
}

/// Reads a small file of the backup, refusing one larger than [`MAX_SMALL_FILE`].
pub fn read_small(path: &Path) -> Result<Vec<u8>, std::io::Error> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_SMALL_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SMALL_FILE {
        return Err(std::io::Error::other(format!(
            "larger than {MAX_SMALL_FILE} bytes"
        )));
    }
    Ok(bytes)
}

/// Verifies `manifest` (the bytes of `dir/manifest.json`) against `dir/manifest.seal`;
/// `secret` is the configured `WARDEN_JWT_SECRET`. Returns the seal's key name.
pub fn verify(dir: &Path, manifest: &[u8], secret: Option<&[u8]>) -> Result<String, CliError> {
    let path = dir.join(SEAL_FILE);
    let refused = |why: String| CliError::Failed(format!("{}: {why}", dir.display()));
    let bytes = read_small(&path).map_err(|e| {
        refused(format!(
            "cannot read {SEAL_FILE} ({e}): the manifest cannot be verified, so nothing in the backup is trusted"
        ))
    })?;
    let seal: Seal = serde_json::from_slice(&bytes)
        .map_err(|e| refused(format!("{SEAL_FILE} is not a seal ({e})")))?;
    let found = hex::encode(Sha256::digest(manifest));
    if found != seal.manifest_sha256 {
        return Err(refused(format!(
            "manifest.json does not match its seal (sha256 {found}, the seal says {}): the manifest was changed or truncated",
            seal.manifest_sha256
        )));
    }
    let key: Vec<u8> = match seal.key.as_str() {
        KEY_IN_BACKUP => {
            let key = dir.join(KEY_FILE);
            read_small(&key).map_err(|e| {
                refused(format!(
                    "the seal was made with the backup's signing key, but {} cannot be read ({e}): the key was removed or damaged",
                    key.display()
                ))
            })?
        }
        KEY_FROM_SECRET => match secret {
            Some(secret) => secret.to_vec(),
            None => {
                return Err(refused(format!(
                    "the seal was made with {KEY_FROM_SECRET}, which is not set: set it as it was when the backup was made"
                )));
            }
        },
        NO_KEY => {
            if dir.join(KEY_FILE).exists() {
                return Err(refused(format!(
                    "the seal says there was no signing key, but the backup holds {KEY_FILE}: the seal was replaced"
                )));
            }
            return Ok(seal.key);
        }
        other => {
            return Err(refused(format!(
                "{SEAL_FILE} names an unknown key '{other}'"
            )));
        }
    };
    let expected = seal
        .hmac_sha256
        .as_deref()
        .and_then(|h| hex::decode(h).ok())
        .ok_or_else(|| refused(format!("{SEAL_FILE} holds no HMAC")))?;
    mac(&key, manifest)?
        .verify_slice(&expected)
        .map_err(|_| {
            refused(format!(
                "the manifest's seal does not verify under {}: the manifest, the seal or the key was changed",
                seal.key
            ))
        })?;
    Ok(seal.key)
}
