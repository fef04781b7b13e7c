use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::{Confinement, open_no_follow};

const DEFAULT_LIMIT: u64 = 64 * 1024;
const MAX_LIMIT: u64 = 1024 * 1024;

pub struct FileRead(pub Arc<Confinement>);

/// Arguments of `file_read`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The file, absolute or relative to the single configured root.
    pub path: String,
    /// Byte offset to start reading at (default 0), for paging through large files.
    #[serde(default)]
    pub offset: u64,
    /// Most bytes to read (default 65536, at most 1048576).
    pub limit: Option<u64>,
}

impl TypedTool for FileRead {
    type Args = Args;
    const NAME: &'static str = "file_read";
    const DESCRIPTION: &'static str = "Read a text file inside the allowed roots. Returns its content from `offset`, at most `limit` bytes; says when more remains.";
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
            let path = confinement.existing(&args.path)?;
            let mut file = open_no_follow(&path)?;
            let meta = file
                .metadata()
                .map_err(|e| ToolError::Failed(e.to_string()))?;
            if !meta.is_file() {
                return Err(ToolError::InvalidArguments(format!(
                    "'{}' is not a regular file; use file_list for directories",
                    args.path
                )));
            }
            file.seek(SeekFrom::Start(args.offset))
                .map_err(|e| ToolError::Failed(e.to_string()))?;
            let mut buffer = Vec::new();
            file.take(limit)
                .read_to_end(&mut buffer)
                .map_err(|e| ToolError::Failed(e.to_string()))?;
            if buffer.iter().take(8192).any(|b| *b == 0) {
                return Err(ToolError::Refused(format!(
                    "'{}' looks binary (it contains NUL bytes); use file_info",
                    args.path
                )));
            }
            let read = buffer.len() as u64;
            let remaining = meta.len().saturating_sub(args.offset + read);
            let mut text = String::from_utf8_lossy(&buffer).into_owned();
            if remaining > 0 {
                text.push_str(&format!(
                    "\n[{remaining} more bytes; read on with offset {}]",
                    args.offset + read
                ));
            }
            let data = json!({
                "path": path.display().to_string(),
                "size": meta.len(),
                "offset": args.offset,
                "bytes_read": read,
                "remaining": remaining,
            });
            Ok(ToolOutput::new(text, data).cut(remaining > 0))
        })
        .await
    }
}
