//! `warden memory export|import|status`: every memory of every user as JSON lines, and back,
//! with the server running or not. Export from one backend and import into the other to move
//! (`WARDEN_MEMORY_BACKEND=embedded warden memory export -o m.jsonl`, then
//! `WARDEN_MEMORY_BACKEND=chroma warden memory import m.jsonl`). Ids, owners, times and sources
//! are kept; an import skips ids that exist, so it can be run again.

use std::collections::HashMap;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use clap::Subcommand;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use warden_memory::{Cursor, ExportRecord, Imported, MemoryService};
use warden_store::Store;

use crate::config::Config;
use crate::server::{open_store, open_store_for_reading};

use super::{CliError, output};

/// Memories read per page when exporting.
const PAGE: u32 = 500;
/// The longest line an import reads (a memory with its vector fits well within it).
const MAX_LINE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    /// Write every memory as one JSON object a line (to stdout, or to a new file, mode 0600).
    Export {
        /// The file to write (it must not exist); stdout when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include each memory's vector (an import with the same embedding model reuses it
        /// instead of embedding again).
        #[arg(long)]
        vectors: bool,
    },
    /// Read memories written by `export` (a file, or `-` for stdin) into the configured backend.
    Import {
        /// The file to read, or `-`.
        path: PathBuf,
    },
    /// How the memory is: backend, embedder, index, waiting writes.
    Status,
}

pub async fn run(config: Config, command: MemoryCommand) -> Result<(), CliError> {
    let store = match command {
        MemoryCommand::Import { .. } => open_store(&config).await?,
        // Reading only: these work on a full disk or a read-only mount.
        MemoryCommand::Export { .. } | MemoryCommand::Status => {
            open_store_for_reading(&config).await?
        }
    };
    let memory = crate::memory::open(&config, store.clone())
        .await
        .map_err(|e| CliError::Failed(format!("the memory cannot be opened: {e}")))?;
    let result = match command {
        MemoryCommand::Export { output, vectors } => export(&store, &memory, output, vectors).await,
        MemoryCommand::Import { path } => import(&store, &memory, path).await,
        MemoryCommand::Status => {
            let status = memory.status().await;
            output::line(&format!(
                "{}: {}{}",
                status.backend,
                status.detail,
                if status.ok { "" } else { " (not ok)" }
            ));
            Ok(())
        }
    };
    store.close().await;
    result
}

async fn export(
    store: &Store,
    memory: &MemoryService,
    path: Option<PathBuf>,
    vectors: bool,
) -> Result<(), CliError> {
    let mut sink: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match &path {
        None => Box::new(tokio::io::stdout()),
        Some(path) => {
            // Private memories are in it: readable by the operator alone, and never over
            // another file.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", path.display())))?;
            Box::new(tokio::fs::File::from_std(file))
        }
    };
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut cursor = Cursor::Start;
    let mut count = 0usize;
    while cursor != Cursor::Done {
        let (records, next) = memory
            .export_page(&cursor, PAGE, vectors)
            .await
            .map_err(|e| CliError::Failed(format!("export stopped after {count} memories: {e}")))?;
        cursor = next;
        for mut record in records {
            if let Some(owner) = &record.owner_id {
                if !names.contains_key(owner) {
                    let name = store.user_by_id(owner).await?.map(|u| u.username);
                    names.insert(owner.clone(), name);
                }
                record.owner_name = names.get(owner).cloned().flatten();
            }
            let mut line = serde_json::to_string(&record)
                .map_err(|e| CliError::Failed(format!("cannot encode a memory: {e}")))?;
            line.push('\n');
            sink.write_all(line.as_bytes())
                .await
                .map_err(|e| CliError::Failed(format!("cannot write: {e}")))?;
            count += 1;
        }
    }
    sink.flush()
        .await
        .map_err(|e| CliError::Failed(format!("cannot write: {e}")))?;
    output::error_line(&format!(
        "exported {count} memories{}",
        path.map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    ));
    Ok(())
}

/// The owner an exported memory belongs to here: its id when that user exists, else the user
/// with its name.
async fn owner_here(store: &Store, record: &ExportRecord) -> Result<Option<String>, String> {
    let Some(id) = &record.owner_id else {
        return Ok(None);
    };
    if store
        .user_by_id(id)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(Some(id.clone()));
    }
    if let Some(name) = &record.owner_name
        && let Some(user) = store
            .user_by_username(name)
            .await
            .map_err(|e| e.to_string())?
    {
        return Ok(Some(user.id));
    }
    Err(format!(
        "its owner ({}) is not a user here",
        record.owner_name.as_deref().unwrap_or(id)
    ))
}

/// What `import` reads from, for its errors: the file's path, or stdin for `-`.
fn source_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}

async fn import(store: &Store, memory: &MemoryService, path: PathBuf) -> Result<(), CliError> {
    let source: Box<dyn tokio::io::AsyncRead + Unpin + Send> = if path.as_os_str() == "-" {
        Box::new(tokio::io::stdin())
    } else {
        Box::new(
            tokio::fs::File::open(&path)
                .await
                .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", path.display())))?,
        )
    };
    let mut reader = BufReader::new(source);
    let (mut stored, mut existing, mut refused) = (0usize, 0usize, Vec::<String>::new());
    let mut number = 0usize;
    loop {
        let mut line = Vec::new();
        let read = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .await
            // Named with the source: a directory opens but fails at the first read.
            .map_err(|e| {
                CliError::Failed(format!(
                    "cannot read {}, line {}: {e}",
                    source_name(&path),
                    number + 1
                ))
            })?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.len() as u64 > MAX_LINE_BYTES {
            return Err(CliError::Failed(format!(
                "line {number} is longer than {MAX_LINE_BYTES} bytes; is this an export?"
            )));
        }
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let mut record: ExportRecord = match serde_json::from_str(text.trim()) {
            Ok(record) => record,
            Err(e) => {
                refused.push(format!("line {number}: not a memory: {e}"));
                continue;
            }
        };
        match owner_here(store, &record).await {
            Ok(owner) => record.owner_id = owner,
            Err(why) => {
                refused.push(format!("line {number} ({}): {why}", record.id));
                continue;
            }
        }
        let id = record.id.clone();
        match memory.import(record).await {
            Ok(Imported::Stored) => stored += 1,
            Ok(Imported::Exists) => existing += 1,
            Err(e) if e.is_unavailable() => {
                return Err(CliError::Failed(format!(
                    "import stopped at line {number} ({stored} imported): {e}"
                )));
            }
            Err(e) => refused.push(format!("line {number} ({id}): {e}")),
        }
    }
    for why in &refused {
        output::error_line(&format!("refused {why}"));
    }
    output::line(&format!(
        "imported {stored} memories; {existing} existed already; {} refused",
        refused.len()
    ));
    if refused.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "{} memories were refused",
            refused.len()
        )))
    }
}
