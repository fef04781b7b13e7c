use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::Confinement;

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
            let path = confinement.existing(&args.path)?;
            let meta = std::fs::metadata(&path).map_err(|e| ToolError::Failed(e.to_string()))?;
            let kind = if meta.is_dir() {
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
            let mode = format!("{:o}", meta.permissions().mode() & 0o7777);
            let data = json!({
                "path": path.display().to_string(),
                "requested": args.path,
                "type": kind,
                "size": meta.len(),
                "mode": mode,
                "uid": meta.uid(),
                "gid": meta.gid(),
                "modified": modified,
            });
            let text = format!(
                "{}: {kind}, {} bytes, mode {mode}, uid {} gid {}, modified {}",
                path.display(),
                meta.len(),
                meta.uid(),
                meta.gid(),
                modified.map_or("unknown".to_owned(), |m| m.to_string())
            );
            Ok(ToolOutput::new(text, data))
        })
        .await
    }
}
