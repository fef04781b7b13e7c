use std::sync::Arc;

use rustix::fs::FileType;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::Confinement;
use crate::handle::{Access, file_type};

pub struct FileInfo(pub Arc<Confinement>);

/// Arguments of `file_info`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The file or directory.
    pub path: String,
}

impl TypedTool for FileInfo {
    type Args = Args;
    const NAME: &'static str = "file_info";
    const DESCRIPTION: &'static str = "Metadata of a file or directory inside the allowed roots: type, size, mode, owner, modification time, and the resolved path.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // Runs in Warden's own process, which the sandbox cannot hold: a medium call waits for a
    // human rather than claim a sandbox it does not use.
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let confinement = self.0.clone();
        blocking(move || {
            let opened = confinement.open(&args.path, Access::Metadata)?;
            let (path, meta) = (opened.path, opened.stat);
            let kind = match file_type(&meta) {
                FileType::Directory => "dir",
                FileType::RegularFile => "file",
                FileType::Symlink
                | FileType::Fifo
                | FileType::Socket
                | FileType::CharacterDevice
                | FileType::BlockDevice
                | FileType::Unknown => "other",
            };
            let modified = u64::try_from(meta.st_mtime).ok();
            let mode = format!("{:o}", meta.st_mode & 0o7777);
            let data = json!({
                "path": path.display().to_string(),
                "requested": args.path,
                "type": kind,
                "size": meta.st_size,
                "mode": mode,
                "uid": meta.st_uid,
                "gid": meta.st_gid,
                "modified": modified,
            });
            let text = format!(
                "{}: {kind}, {} bytes, mode {mode}, uid {} gid {}, modified {}",
                path.display(),
                meta.st_size,
                meta.st_uid,
                meta.st_gid,
                modified.map_or("unknown".to_owned(), |m| m.to_string())
            );
            Ok(ToolOutput::new(text, data))
        })
        .await
    }
}
