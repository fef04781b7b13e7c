use std::ffi::OsStr;
use std::os::fd::AsFd;
use std::sync::Arc;

use rustix::fs::FileType;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::Confinement;
use crate::handle::{Access, file_type, open_child, stat_child};
use crate::walk::entry_names;

const DEFAULT_LIMIT: usize = 200;
const MAX_LIMIT: usize = 1000;

pub struct FileList(pub Arc<Confinement>);

/// Arguments of `file_list`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The directory to list.
    pub path: String,
    /// Most entries to return (default 200, at most 1000).
    pub limit: Option<usize>,
}

impl TypedTool for FileList {
    type Args = Args;
    const NAME: &'static str = "file_list";
    const DESCRIPTION: &'static str = "List a directory inside the allowed roots: name, type, size and modification time of each entry, sorted by name.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // Runs in Warden's own process, which the sandbox cannot hold: a medium call waits for a
    // human rather than claim a sandbox it does not use.
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ToolError::InvalidArguments(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let confinement = self.0.clone();
        blocking(move || {
            let opened = confinement.open(&args.path, Access::Metadata)?;
            if file_type(&opened.stat) != FileType::Directory {
                return Err(ToolError::InvalidArguments(format!(
                    "'{}' is not a directory; use file_read",
                    args.path
                )));
            }
            let dir_path = opened.path;
            // The directory the handle already holds, opened for reading: no second lookup.
            let dir = open_child(opened.fd.as_fd(), OsStr::new("."), Access::Directory)
                .map_err(|e| ToolError::Failed(format!("cannot list '{}': {e}", args.path)))?;
            let names = entry_names(&dir)?;
            let mut entries = Vec::new();
            let mut hidden = 0usize;
            for name in names {
                if !confinement.admits_walked(&dir_path.join(&name)) {
                    hidden += 1;
                    continue;
                }
                let Ok(stat) = stat_child(dir.as_fd(), &name) else {
                    continue;
                };
                let kind = match file_type(&stat) {
                    FileType::Symlink => "symlink",
                    FileType::Directory => "dir",
                    FileType::RegularFile => "file",
                    FileType::Fifo
                    | FileType::Socket
                    | FileType::CharacterDevice
                    | FileType::BlockDevice
                    | FileType::Unknown => "other",
                };
                entries.push(json!({
                    "name": name.to_string_lossy(),
                    "type": kind,
                    "size": stat.st_size,
                    "modified": u64::try_from(stat.st_mtime).ok(),
                }));
            }
            entries.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            let total = entries.len();
            entries.truncate(limit);
            let mut text: String = entries
                .iter()
                .map(|e| format!("{:<8} {:>12} {}\n", e["type"].as_str().unwrap_or(""), e["size"], e["name"].as_str().unwrap_or("")))
                .collect();
            if total > limit {
                text.push_str(&format!("[{} more entries not shown; raise limit]\n", total - limit));
            }
            if hidden > 0 {
                text.push_str(&format!("[{hidden} protected entries hidden]\n"));
            }
            let data = json!({"path": dir_path.display().to_string(), "entries": entries, "total": total, "hidden": hidden});
            Ok(ToolOutput::new(text, data).cut(total > limit))
        })
        .await
    }
}
