//! Atomic writes: the new content goes to a temporary file in the same directory, is flushed to
//! disk, and replaces the target by rename, so readers see the old file or the new one, never a
//! half-written one. The previous content is kept as `NAME.warden.bak`.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::{Confinement, display_name};

const MAX_CONTENT_BYTES: usize = 1024 * 1024;

pub struct FileWrite(pub Arc<Confinement>);

/// Arguments of `file_write`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The file to create or replace; its directory must exist.
    pub path: String,
    /// The whole new content (at most 1 MiB).
    pub content: String,
}

impl TypedTool for FileWrite {
    type Args = Args;
    const NAME: &'static str = "file_write";
    const DESCRIPTION: &'static str = "Create or replace a text file inside the allowed roots, atomically. The previous content is kept as NAME.warden.bak.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    // Its whole point is a change on the host, which the sandbox would throw away.
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        if args.content.len() > MAX_CONTENT_BYTES {
            return Err(ToolError::InvalidArguments(format!(
                "content is {} bytes; at most {MAX_CONTENT_BYTES} can be written",
                args.content.len()
            )));
        }
        let confinement = self.0.clone();
        blocking(move || {
            let target = confinement.writable(&args.path)?;
            let backup = write_atomically(&target, args.content.as_bytes())?;
            let data = json!({
                "path": target.display().to_string(),
                "bytes": args.content.len(),
                "backup": backup.as_ref().map(|b| b.display().to_string()),
            });
            let text = match &backup {
                Some(b) => format!(
                    "wrote {} bytes to {}; previous content in {}",
                    args.content.len(),
                    target.display(),
                    b.display()
                ),
                None => format!(
                    "created {} ({} bytes)",
                    target.display(),
                    args.content.len()
                ),
            };
            Ok(ToolOutput::new(text, data))
        })
        .await
    }
}

fn failed(what: &str, path: &Path, e: std::io::Error) -> ToolError {
    ToolError::Failed(format!("{what} '{}': {e}", path.display()))
}

/// Writes `content` to `target` atomically; returns the backup's path when there was a file.
fn write_atomically(
    target: &Path,
    content: &[u8],
) -> Result<Option<std::path::PathBuf>, ToolError> {
    let dir = target.parent().unwrap_or(Path::new("/"));
    let name = display_name(target);
    let existing = std::fs::metadata(target).ok();
    let mode = existing
        .as_ref()
        .map_or(0o644, |m| m.permissions().mode() & 0o7777);

    let temp = dir.join(format!(".{name}.warden-tmp-{}", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&temp)
        .map_err(|e| failed("cannot create a temporary file beside", target, e))?;
    let written = file
        .write_all(content)
        .and_then(|()| file.sync_all())
        .map_err(|e| failed("cannot write", &temp, e));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }

    let backup = match existing {
        Some(_) => {
            let backup = dir.join(format!("{name}.warden.bak"));
            if let Err(e) = std::fs::copy(target, &backup) {
                let _ = std::fs::remove_file(&temp);
                return Err(failed("cannot back up", target, e));
            }
            Some(backup)
        }
        None => None,
    };
    if let Err(e) = std::fs::rename(&temp, target) {
        let _ = std::fs::remove_file(&temp);
        return Err(failed("cannot replace", target, e));
    }
    // The rename is durable only once the directory entry is.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(backup)
}
