//! `warden backup PATH` and `warden restore PATH`.
//!
//! A backup is a directory: `warden.db` (a consistent copy of the SQLite database made with
//! `VACUUM INTO` while the server keeps running), `jwt-signing.key` (when the key lives in the
//! data directory), and `manifest.json` (what was copied, when, by which version, at which
//! schema, with each file's size and SHA-256), sealed by `manifest.seal` (the manifest's SHA-256
//! and its HMAC under the signing key, see [`super::backup_seal`]). The directory is created with
//! mode 0700 and its files 0600: it holds everything needed to impersonate the server.
//!
//! Restoring needs the server stopped (its data-directory lock says whether one runs), verifies
//! the manifest's seal before believing it, checks every file against the manifest and the
//! database's integrity and schema, refuses a backup from a newer schema than this build knows,
//! and moves whatever it replaces aside rather than deleting it. Nothing in the data directory is
//! replaced until every check passed.
//! The next `warden serve` applies any migration the restored database lacks. PostgreSQL is
//! backed up and restored with its own tools (`pg_dump`, `pg_restore`).

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use warden_store::{Backend, Store, known_schema_version};

use crate::auth::signing_key::KEY_FILE;
use crate::clock::now;
use crate::config::Config;

use super::backup_seal::{self, KEY_FROM_SECRET, KEY_IN_BACKUP};
use super::{CliError, output};

const DATABASE_FILE: &str = "warden.db";
const MANIFEST_FILE: &str = "manifest.json";
/// The manifest's own format.
const FORMAT: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: u32,
    warden_version: String,
    created_at: i64,
    database: String,
    schema_version: i64,
    /// File name to its size and SHA-256.
    files: BTreeMap<String, FileEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    bytes: u64,
    sha256: String,
}

fn postgres_refusal() -> CliError {
    CliError::Usage(format!(
        "the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore, and copy {KEY_FILE} from the data directory yourself (see docs/operations.md, Backups)"
    ))
}

fn is_postgres(config: &Config) -> bool {
    config
        .database_url
        .as_deref()
        .is_some_and(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> CliError {
    CliError::Failed(format!("{what} {}: {e}", path.display()))
}

pub async fn backup(config: Config, target: PathBuf) -> Result<(), CliError> {
    if is_postgres(&config) {
        return Err(postgres_refusal());
    }
    if let Some(kind) = crate::server::not_a_directory(&config.data_dir) {
        return Err(crate::server::StartError::DataDirNotDirectory {
            path: config.data_dir.display().to_string(),
            kind,
        }
        .into());
    }
    let database = config.data_dir.join(DATABASE_FILE);
    if config.database_url.is_none() && !database.exists() {
        return Err(CliError::Failed(format!(
            "there is no database at {} to back up",
            database.display()
        )));
    }
    let staged = target.clone();
    tokio::task::spawn_blocking(move || create_private_dir(&staged))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    // Opened read-only: a backup must never be the thing that migrates a database, and it
    // must work when the data directory's disk is full.
    let store = Store::open_read_only(&config.effective_database_url()).await?;
    let result = copy_database(&store, &target).await;
    store.close().await;
    let schema_version = result?;
    let data_dir = config.data_dir.clone();
    let secret = config
        .jwt_secret
        .as_ref()
        .map(|s| s.expose().as_bytes().to_vec());
    let written = tokio::task::spawn_blocking(move || {
        finish_backup(&data_dir, &target, schema_version, secret.as_deref())
    })
    .await
    .map_err(|e| CliError::Failed(e.to_string()))??;
    for line in written {
        output::line(&line);
    }
    Ok(())
}

/// Creates `path` with mode 0700; an existing directory must be empty.
fn create_private_dir(path: &Path) -> Result<(), CliError> {
    match std::fs::read_dir(path) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CliError::Usage(format!(
                    "{} exists and is not empty: give a new directory for the backup",
                    path.display()
                )));
            }
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed("cannot restrict", path, e))
        }
        // Only the backup's own directory is made: a missing folder above it is more likely a
        // typo (or a disk that is not mounted) than a wish, so it is named, not created.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !parent.is_dir() {
                return Err(CliError::Usage(format!(
                    "the folder {} does not exist: create it first (the backup is written into a new directory {} inside it)",
                    parent.display(),
                    path.display()
                )));
            }
            std::fs::DirBuilder::new()
                .mode(0o700)
                .create(path)
                .map_err(|e| failed("cannot create", path, e))
        }
        Err(e) => Err(failed("cannot read", path, e)),
    }
}

async fn copy_database(store: &Store, target: &Path) -> Result<i64, CliError> {
    if store.backend() != Backend::Sqlite {
        return Err(postgres_refusal());
    }
    let status = store.schema_status().await?;
    let copy = target.join(DATABASE_FILE);
    let path = copy
        .to_str()
        .ok_or_else(|| CliError::Usage(format!("{} is not valid UTF-8", copy.display())))?;
    store.backup_sqlite_into(path).await?;
    Ok(status.applied.unwrap_or(0))
}

fn finish_backup(
    data_dir: &Path,
    target: &Path,
    schema_version: i64,
    secret: Option<&[u8]>,
) -> Result<Vec<String>, CliError> {
    let copy = target.join(DATABASE_FILE);
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| failed("cannot restrict", &copy, e))?;
    let mut files = BTreeMap::new();
    files.insert(DATABASE_FILE.to_owned(), describe(&copy)?);
    let mut said = vec![format!(
        "database: {} (schema {schema_version})",
        copy.display()
    )];
    let key = data_dir.join(KEY_FILE);
    let mut sealing_key: Option<(&str, Vec<u8>)> = None;
    if key.exists() {
        let bytes = std::fs::read(&key).map_err(|e| failed("cannot read", &key, e))?;
        let copied = target.join(KEY_FILE);
        write_private(&copied, &bytes)?;
        files.insert(KEY_FILE.to_owned(), describe(&copied)?);
        said.push(format!("signing key: {}", copied.display()));
        sealing_key = Some((KEY_IN_BACKUP, bytes));
    } else if let Some(secret) = secret {
        sealing_key = Some((KEY_FROM_SECRET, secret.to_vec()));
        said.push(
            "signing key: set by WARDEN_JWT_SECRET, not in the data directory; keep it with the backup"
                .to_owned(),
        );
    }
    let manifest = Manifest {
        format: FORMAT,
        warden_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: now(),
        database: "sqlite".to_owned(),
        schema_version,
        files,
    };
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| CliError::Failed(format!("cannot write the manifest: {e}")))?;
    let seal = backup_seal::seal(
        text.as_bytes(),
        sealing_key
            .as_ref()
            .map(|(name, bytes)| (*name, bytes.as_slice())),
    )?;
    let seal = serde_json::to_string_pretty(&seal)
        .map_err(|e| CliError::Failed(format!("cannot write the seal: {e}")))?;
    write_private(&target.join(MANIFEST_FILE), text.as_bytes())?;
    write_private(&target.join(backup_seal::SEAL_FILE), seal.as_bytes())?;
    said.push(format!("backup complete: {}", target.display()));
    Ok(said)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| failed("cannot create", path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| failed("cannot write", path, e))
}

fn describe(path: &Path) -> Result<FileEntry, CliError> {
    let bytes = std::fs::read(path).map_err(|e| failed("cannot read", path, e))?;
    Ok(FileEntry {
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
    })
}

pub async fn restore(config: Config, source: PathBuf, force: bool) -> Result<(), CliError> {
    if is_postgres(&config) {
        return Err(postgres_refusal());
    }
    if config.database_url.is_some() {
        return Err(CliError::Usage(
            "database_url points elsewhere: restore copies warden.db into the data directory, which this configuration does not use"
                .to_owned(),
        ));
    }
    let data_dir = config.data_dir.clone();
    let backup_dir = source.clone();
    let secret = config
        .jwt_secret
        .as_ref()
        .map(|s| s.expose().as_bytes().to_vec());
    let manifest =
        tokio::task::spawn_blocking(move || check_backup(&backup_dir, secret.as_deref()))
            .await
            .map_err(|e| CliError::Failed(e.to_string()))??;
    if manifest.schema_version > known_schema_version() {
        return Err(CliError::Failed(format!(
            "the backup has schema {}, newer than this Warden knows ({}): restore it with the Warden version that made it ({})",
            manifest.schema_version,
            known_schema_version(),
            manifest.warden_version
        )));
    }
    // A refused restore leaves the data directory as it was: one it had to create is removed
    // again (it holds nothing but the lock and the staged copies of this attempt).
    let existed = tokio::fs::try_exists(&data_dir).await.unwrap_or(true);
    crate::server::ensure_data_dir(&config)?;
    let restored = restore_into(&config, &source, &manifest, force).await;
    if restored.is_err() && !existed {
        let dir = data_dir.clone();
        let removed = tokio::task::spawn_blocking(move || std::fs::remove_dir_all(dir)).await;
        if let Ok(Err(e)) = removed {
            output::error_line(&format!(
                "note: could not remove {}, created for this restore: {e}",
                data_dir.display()
            ));
        }
    }
    restored
}

/// The restore proper, into a data directory that exists: staged, checked, swapped in, under
/// the data directory's lock.
async fn restore_into(
    config: &Config,
    source: &Path,
    manifest: &Manifest,
    force: bool,
) -> Result<(), CliError> {
    let data_dir = config.data_dir.clone();
    // Held until the end: no server may start on the data while it is swapped.
    let _lock = crate::data_lock::lock(&data_dir).map_err(|e| CliError::Failed(e.to_string()))?;
    let staged = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    // A WAL left under the staged name by an interrupted attempt would be replayed into this
    // copy when it is opened: it belongs to another database.
    remove_staged_database(&staged);
    let (from, to) = (source.join(DATABASE_FILE), staged.clone());
    tokio::task::spawn_blocking(move || copy_private(&from, &to))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    // The copy is what gets restored: it must be the file the manifest describes (the backup
    // could have changed since it was checked).
    let copied = describe(&staged);
    let expected = manifest.files.get(DATABASE_FILE);
    let checked = match copied {
        Ok(found) if Some(&found) == expected => check_restored(&staged, manifest).await,
        Ok(_) => Err(CliError::Failed(format!(
            "{} changed while it was being restored: the backup is damaged",
            source.join(DATABASE_FILE).display()
        ))),
        Err(e) => Err(e),
    };
    if let Err(e) = checked {
        remove_staged_database(&staged);
        return Err(e);
    }
    // The key too is staged and checked against the manifest before anything is replaced.
    let staged_key = match manifest.files.get(KEY_FILE) {
        None => None,
        Some(expected) => {
            let to = data_dir.join(format!("{KEY_FILE}.restoring"));
            let copied = copy_private(&source.join(KEY_FILE), &to).and_then(|()| describe(&to));
            match copied {
                Ok(found) if &found == expected => Some(to),
                Ok(_) | Err(_) => {
                    remove_staged_database(&staged);
                    let _ = std::fs::remove_file(&to);
                    return Err(copied.err().unwrap_or_else(|| {
                        CliError::Failed(format!(
                            "{} changed while it was being restored: the backup is damaged",
                            source.join(KEY_FILE).display()
                        ))
                    }));
                }
            }
        }
    };
    let restored = tokio::task::spawn_blocking(move || {
        swap_in(&data_dir, &staged, staged_key.as_deref(), force)
    })
    .await
    .map_err(|e| CliError::Failed(e.to_string()))??;
    let pending = known_schema_version() - manifest.schema_version;
    output::line(&format!(
        "restored the backup of {} (Warden {}, schema {}) into {}",
        output::timestamp(manifest.created_at),
        manifest.warden_version,
        manifest.schema_version,
        config.data_dir.display()
    ));
    if let Some(aside) = restored {
        output::line(&format!("what it replaced is kept in {}", aside.display()));
    }
    if pending > 0 {
        output::line(&format!(
            "the next `warden serve` applies {pending} migration(s) to bring it to schema {}",
            known_schema_version()
        ));
    }
    Ok(())
}

/// Verifies the manifest's seal, then reads the manifest and checks every file it lists against
/// its size and SHA-256 (and that the key the seal was made with is the one listed).
fn check_backup(dir: &Path, secret: Option<&[u8]>) -> Result<Manifest, CliError> {
    let path = dir.join(MANIFEST_FILE);
    let text = backup_seal::read_small(&path).map_err(|e| {
        CliError::Usage(format!(
            "{} is not a Warden backup (cannot read {MANIFEST_FILE}: {e})",
            dir.display()
        ))
    })?;
    let sealed_with = backup_seal::verify(dir, &text, secret)?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?;
    if (sealed_with == KEY_IN_BACKUP) != manifest.files.contains_key(KEY_FILE) {
        return Err(CliError::Failed(format!(
            "{}: the seal was made with {sealed_with}, but the manifest {} {KEY_FILE}: the backup was changed",
            path.display(),
            if manifest.files.contains_key(KEY_FILE) {
                "lists"
            } else {
                "does not list"
            }
        )));
    }
    if manifest.format != FORMAT || manifest.database != "sqlite" {
        return Err(CliError::Failed(format!(
            "{}: format {} of a {} backup; this Warden restores format {FORMAT} SQLite backups",
            path.display(),
            manifest.format,
            manifest.database
        )));
    }
    if !manifest.files.contains_key(DATABASE_FILE) {
        return Err(CliError::Failed(format!(
            "{}: lists no {DATABASE_FILE}",
            path.display()
        )));
    }
    for (name, expected) in &manifest.files {
        if name != DATABASE_FILE && name != KEY_FILE {
            return Err(CliError::Failed(format!(
                "{}: lists an unexpected file '{name}'",
                path.display()
            )));
        }
        let file = dir.join(name);
        if !file.exists() {
            return Err(CliError::Failed(format!(
                "{} is missing (the manifest lists it): the backup is incomplete",
                file.display()
            )));
        }
        let found = describe(&file)?;
        if &found != expected {
            return Err(CliError::Failed(format!(
                "{} does not match the manifest ({} bytes, sha256 {}; expected {} bytes, sha256 {}): the backup is damaged",
                dir.join(name).display(),
                found.bytes,
                found.sha256,
                expected.bytes,
                expected.sha256
            )));
        }
    }
    Ok(manifest)
}

/// Removes a staged database with the `-wal` and `-shm` files SQLite may have left beside it.
fn remove_staged_database(staged: &Path) {
    let _ = std::fs::remove_file(staged);
    for suffix in ["-wal", "-shm"] {
        let mut name = staged.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

fn copy_private(from: &Path, to: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(from).map_err(|e| failed("cannot read", from, e))?;
    let _ = std::fs::remove_file(to);
    write_private(to, &bytes)
}

/// The staged copy passes SQLite's integrity check, and its schema is the one the manifest
/// says and one this build knows (the database itself is asked, not only the manifest).
async fn check_restored(staged: &Path, manifest: &Manifest) -> Result<(), CliError> {
    let url = format!("sqlite://{}?mode=rw", staged.display());
    let store = Store::open(&url).await?;
    let problems = store.integrity_problems().await;
    let schema = store.schema_status().await;
    store.close().await;
    let problems = problems?;
    if !problems.is_empty() {
        return Err(CliError::Failed(format!(
            "the backup's database fails SQLite's integrity check: {}",
            problems.join("; ")
        )));
    }
    let applied = schema?.applied.unwrap_or(0);
    if applied > known_schema_version() {
        return Err(CliError::Failed(format!(
            "the backup's database has schema {applied}, newer than this Warden knows ({}): restore it with the Warden version that made it",
            known_schema_version()
        )));
    }
    if applied != manifest.schema_version {
        return Err(CliError::Failed(format!(
            "the backup's database has schema {applied}, but its manifest says {}: the backup was changed",
            manifest.schema_version
        )));
    }
    // The staged file is moved into place by name: its WAL must not stay behind under the
    // staged name.
    Store::settle_sqlite_file(&url).await?;
    Ok(())
}

/// Moves the current database (and its WAL files) and key aside, then puts the staged (checked)
/// ones in place; returns where the old ones went, if there were any.
fn swap_in(
    data_dir: &Path,
    staged: &Path,
    staged_key: Option<&Path>,
    force: bool,
) -> Result<Option<PathBuf>, CliError> {
    let current: Vec<&str> = [DATABASE_FILE, "warden.db-wal", "warden.db-shm", KEY_FILE]
        .into_iter()
        .filter(|name| data_dir.join(name).exists())
        .collect();
    let aside = if current.is_empty() {
        None
    } else {
        if !force {
            remove_staged_database(staged);
            if let Some(key) = staged_key {
                let _ = std::fs::remove_file(key);
            }
            return Err(CliError::Usage(format!(
                "{} already holds a database: add --force to replace it (the current files are moved aside, not deleted)",
                data_dir.display()
            )));
        }
        let aside = data_dir.join(format!("before-restore-{}", now()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&aside)
            .map_err(|e| failed("cannot create", &aside, e))?;
        for name in current {
            std::fs::rename(data_dir.join(name), aside.join(name))
                .map_err(|e| failed("cannot move aside", &data_dir.join(name), e))?;
        }
        Some(aside)
    };
    let database = data_dir.join(DATABASE_FILE);
    std::fs::rename(staged, &database).map_err(|e| failed("cannot put in place", &database, e))?;
    if let Some(key) = staged_key {
        let target = data_dir.join(KEY_FILE);
        std::fs::rename(key, &target).map_err(|e| failed("cannot put in place", &target, e))?;
    }
    Ok(aside)
}
