use std::sync::Arc;
use std::time::UNIX_EPOCH;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::Confinement;

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

    // io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
    #[allow(clippy::wildcard_enum_match_arm)]
    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ToolError::InvalidArguments(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let confinement = self.0.clone();
        blocking(move || {
            let dir = confinement.existing(&args.path)?;
            let reader = std::fs::read_dir(&dir).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotADirectory => {
                    ToolError::InvalidArguments(format!("'{}' is not a directory; use file_read", args.path))
                }
                _ => ToolError::Failed(format!("cannot list '{}': {e}", args.path)),
            })?;
            let mut entries = Vec::new();
            let mut hidden = 0usize;
            for entry in reader.flatten() {
                let path = entry.path();
                if !confinement.admits_walked(&path) {
                    hidden += 1;
                    continue;
                }
                let Ok(meta) = entry.path().symlink_metadata() else { continue };
                let kind = if meta.file_type().is_symlink() {
                    "symlink"
                } else if meta.is_dir() {
                    "dir"
                } else if meta.is_file() {
                    "file"
                } else {
                    "other"
                };
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map(|d| d.as_secs());
                entries.push(json!({
                    "name": entry.file_name().to_string_lossy(),
                    "type": kind,
                    "size": meta.len(),
                    "modified": modified,
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
            let data = json!({"path": dir.display().to_string(), "entries": entries, "total": total, "hidden": hidden});
            Ok(ToolOutput::new(text, data).cut(total > limit))
        })
        .await
    }
}
