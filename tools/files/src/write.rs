//! Atomic writes: the new content goes to a temporary file in the same directory, is flushed to
//! disk, and replaces the target by rename, so readers see the old file or the new one, never a
//! half-written one. The previous content is kept as `NAME.warden.bak`. Every step works on
//! the directory's handle: temporary files and the backup are created with
//! `O_EXCL | O_NOFOLLOW`, the backup reaches its name by rename (which replaces a planted
//! symlink instead of following it), and a hard-linked target is refused.

use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;
use warden_secrets::REDACTED;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::{Confinement, WriteTarget};
use crate::handle::{Access, file_type, open_child};

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
        if args.content.contains(REDACTED) {
            return Err(ToolError::InvalidArguments(format!(
                "content contains '{REDACTED}', which stands for a secret Warden hid from you; writing it would replace the real secret. Write the file without it, or have an operator edit the secret by hand"
            )));
        }
        let confinement = self.0.clone();
        blocking(move || {
            let target = confinement.writable(&args.path)?;
            let path = target.path();
            let backup = write_atomically(&confinement, &target, args.content.as_bytes())?;
            let data = json!({
                "path": path.display().to_string(),
                "bytes": args.content.len(),
                "backup": backup.as_ref().map(|b| b.display().to_string()),
            });
            let text = match &backup {
                Some(b) => format!(
                    "wrote {} bytes to {}; previous content in {}",
                    args.content.len(),
                    path.display(),
                    b.display()
                ),
                None => format!("created {} ({} bytes)", path.display(), args.content.len()),
            };
            Ok(ToolOutput::new(text, data))
        })
        .await
    }
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> ToolError {
    ToolError::Failed(format!("{what} '{}': {e}", path.display()))
}

/// Creates `name` in `dir` exclusively, never through a symlink: a name planted in the way
/// makes the write fail instead of redirecting it.
fn create_exclusive(dir: &OwnedFd, name: &str, mode: u32) -> Result<File, Errno> {
    rustix::fs::openat(
        dir,
        name,
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(mode),
    )
    .map(File::from)
}

/// Writes `content` as `target` atomically, every step relative to the directory handle;
/// returns the backup's path when there was a file.
fn write_atomically(
    confinement: &Confinement,
    target: &WriteTarget,
    content: &[u8],
) -> Result<Option<PathBuf>, ToolError> {
    let dir = &target.dir;
    let name = target.name.to_string_lossy().into_owned();
    let path = target.path();
    let mode = target
        .existing
        .as_ref()
        .map_or(0o644, |stat| stat.st_mode & 0o7777);
    let unique = format!("{}-{}", std::process::id(), confinement.unique());

    let temp = format!(".{name}.warden-tmp-{unique}");
    let mut file = create_exclusive(dir, &temp, mode)
        .map_err(|e| failed("cannot create a temporary file beside", &path, e))?;
    let cleanup = |name: &str| {
        let _ = rustix::fs::unlinkat(dir, name, AtFlags::empty());
    };
    if let Err(e) = file.write_all(content).and_then(|()| file.sync_all()) {
        cleanup(&temp);
        return Err(failed("cannot write", &path, e));
    }

    let backup = match &target.existing {
        Some(_) => match back_up(dir, &name, &unique, mode) {
            Ok(backup) => Some(target.dir_path.join(backup)),
            Err(e) => {
                cleanup(&temp);
                return Err(failed("cannot back up", &path, e));
            }
        },
        None => None,
    };
    if let Err(e) = rustix::fs::renameat(dir, temp.as_str(), dir, name.as_str()) {
        cleanup(&temp);
        return Err(failed("cannot replace", &path, e));
    }
    // The rename is durable only once the directory entry is.
    let _ = rustix::fs::fsync(dir);
    Ok(backup)
}

/// Copies the current `name` to `NAME.warden.bak`: read without following links (and refused
/// if it became a hard link), written to a fresh exclusive file, then renamed over the backup
/// name, which replaces whatever was planted there (a symlink included) without following it.
fn back_up(dir: &OwnedFd, name: &str, unique: &str, mode: u32) -> Result<String, String> {
    let current = open_child(dir.as_fd(), std::ffi::OsStr::new(name), Access::Read)
        .map_err(|e| e.to_string())?;
    let stat = rustix::fs::fstat(&current).map_err(|e| e.to_string())?;
    if file_type(&stat) != FileType::RegularFile || stat.st_nlink > 1 {
        return Err("it changed into something other than a plain file".to_owned());
    }
    let temp = format!(".{name}.warden-bak-{unique}");
    let mut copy = create_exclusive(dir, &temp, mode).map_err(|e| e.to_string())?;
    let copied = std::io::copy(&mut File::from(current), &mut copy)
        .and_then(|_| copy.sync_all())
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let backup = format!("{name}.warden.bak");
            rustix::fs::renameat(dir, temp.as_str(), dir, backup.as_str())
                .map(|()| backup)
                .map_err(|e| e.to_string())
        });
    if copied.is_err() {
        let _ = rustix::fs::unlinkat(dir, temp.as_str(), AtFlags::empty());
    }
    copied
}
