//! The agent's record of the calls it has taken, so a call runs at most once even when JetStream
//! delivers it again (after a crash between taking and acknowledging it, or a republish). A call
//! id is claimed by creating a file with `create_new` before anything runs; a second claim of
//! the same id fails.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::FleetError;
use crate::subjects::CallId;

/// Claims are kept this long: longer than a call may wait in the stream.
pub const KEEP: Duration = Duration::from_secs(48 * 3600);

/// The claimed call ids, one empty file each under `DATA_DIR/fleet/calls`.
#[derive(Debug, Clone)]
pub struct Ledger {
    dir: PathBuf,
}

impl Ledger {
    /// Opens (creating) the ledger under `data_dir`, private to the agent's user.
    pub async fn open(data_dir: &Path) -> Result<Self, FleetError> {
        let dir = data_dir.join("fleet").join("calls");
        let created = dir.clone();
        tokio::task::spawn_blocking(move || {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&created)
        })
        .await
        .map_err(|e| FleetError::Ledger(e.to_string()))?
        .map_err(|e| FleetError::Ledger(format!("{}: {e}", dir.display())))?;
        Ok(Self { dir })
    }

    /// Claims `id`: true the first time, false when it was claimed before.
    pub async fn claim(&self, id: &CallId) -> Result<bool, FleetError> {
        // The id is validated to `[A-Za-z0-9_-]{1,64}`: always one plain file name.
        let path = self.dir.join(id.as_str());
        tokio::task::spawn_blocking(move || {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => file.sync_all().map(|()| true),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(|e| FleetError::Ledger(e.to_string()))?
        .map_err(|e| FleetError::Ledger(format!("claim {id}: {e}")))
    }

    /// Removes claims older than [`KEEP`]; returns how many.
    pub async fn prune(&self) -> Result<usize, FleetError> {
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || -> std::io::Result<usize> {
            let mut removed = 0;
            for entry in std::fs::read_dir(&dir)? {
                let entry = entry?;
                let old = entry
                    .metadata()?
                    .modified()?
                    .elapsed()
                    .is_ok_and(|age| age > KEEP);
                if old {
                    std::fs::remove_file(entry.path())?;
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await
        .map_err(|e| FleetError::Ledger(e.to_string()))?
        .map_err(|e| FleetError::Ledger(format!("prune: {e}")))
    }
}

/// Unix seconds now (the workspace's one reading of the system clock).
pub use warden_protocol::clock::system_now as now;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_id_is_claimed_once_even_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let id = CallId::parse("abc").unwrap();
        let ledger = Ledger::open(dir.path()).await.unwrap();
        assert!(ledger.claim(&id).await.unwrap());
        assert!(!ledger.claim(&id).await.unwrap());
        let reopened = Ledger::open(dir.path()).await.unwrap();
        assert!(!reopened.claim(&id).await.unwrap());
        assert!(
            reopened
                .claim(&CallId::parse("other").unwrap())
                .await
                .unwrap()
        );
        assert_eq!(reopened.prune().await.unwrap(), 0);
    }
}
