use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use rustix::fs::FileType;
use warden_secrets::{redact_text, sensitive_content};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
use crate::confine::Confinement;
use crate::handle::{Access, file_type};

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
    const DESCRIPTION: &'static str = "Read a text file inside the allowed roots. Returns its content from `offset`, at most `limit` bytes; says when more remains. Secrets in it are shown as [redacted] (then whole lines are shown); files holding private keys are refused.";
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
            let opened = confinement.open(&args.path, Access::Read)?;
            if file_type(&opened.stat) != FileType::RegularFile {
                return Err(ToolError::InvalidArguments(format!(
                    "'{}' is not a regular file; use file_list for directories",
                    args.path
                )));
            }
            let size = u64::try_from(opened.stat.st_size).unwrap_or(0);
            let file = File::from(opened.fd);
            let shown = shown_window(&file, size, args.offset, limit, &args.path)?;
            let mut text = shown.text;
            if shown.remaining > 0 {
                text.push_str(&format!(
                    "\n[{} more bytes; read on with offset {}]",
                    shown.remaining,
                    shown.offset + shown.bytes
                ));
            }
            let data = json!({
                "path": opened.path.display().to_string(),
                "size": size,
                "offset": shown.offset,
                "bytes_read": shown.bytes,
                "remaining": shown.remaining,
                "redacted": shown.redacted,
            });
            Ok(ToolOutput::new(text, data).cut(shown.remaining > 0))
        })
        .await
    }
}

/// What a read shows: the window asked for, or, when secrets in it are hidden, the whole lines
/// around it (so a secret is always judged with its name beside it, whatever offset was asked).
struct Shown {
    text: String,
    /// Where the shown bytes start in the file, and how many there are.
    offset: u64,
    bytes: u64,
    remaining: u64,
    redacted: bool,
}

/// The most a window is widened on each side to reach whole lines.
const LINE_CONTEXT: u64 = 4096;
/// How much of a file's start is checked for key material, wherever the window is.
const HEAD_BYTES: u64 = 64 * 1024;

fn read_at(file: &File, offset: u64, len: u64) -> Result<Vec<u8>, ToolError> {
    let mut buffer = vec![0u8; usize::try_from(len).unwrap_or(0)];
    let mut filled = 0;
    while filled < buffer.len() {
        let n = file
            .read_at(&mut buffer[filled..], offset + filled as u64)
            .map_err(|e| ToolError::Failed(e.to_string()))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buffer.truncate(filled);
    Ok(buffer)
}

fn shown_window(
    file: &File,
    size: u64,
    offset: u64,
    limit: u64,
    asked: &str,
) -> Result<Shown, ToolError> {
    let head = read_at(file, 0, HEAD_BYTES.min(size))?;
    if let Some(why) = sensitive_content(&String::from_utf8_lossy(&head)) {
        return Err(ToolError::Refused(format!("'{asked}': {why}")));
    }
    let start = offset.min(size);
    let end = offset.saturating_add(limit).min(size);
    let context_start = start.saturating_sub(LINE_CONTEXT);
    let context_end = end.saturating_add(LINE_CONTEXT).min(size);
    let buffer = read_at(file, context_start, context_end - context_start)?;
    let at = |position: u64| {
        usize::try_from(position - context_start)
            .unwrap_or(0)
            .min(buffer.len())
    };
    let window = &buffer[at(start)..at(end)];
    if window.iter().take(8192).any(|b| *b == 0) {
        return Err(ToolError::Refused(format!(
            "'{asked}' looks binary (it contains NUL bytes); use file_info"
        )));
    }
    let window_text = String::from_utf8_lossy(window);
    if let Some(why) = sensitive_content(&window_text) {
        return Err(ToolError::Refused(format!("'{asked}': {why}")));
    }
    // Whole lines around the window: back to the line's start, on to its end.
    let line_start = match buffer[..at(start)].iter().rposition(|b| *b == b'\n') {
        Some(i) => context_start + i as u64 + 1,
        None if context_start == 0 => 0,
        None => start,
    };
    let line_end = match buffer[at(end)..].iter().position(|b| *b == b'\n') {
        Some(i) => end + i as u64 + 1,
        None if context_end == size => size,
        None => end,
    };
    let lines = String::from_utf8_lossy(&buffer[at(line_start)..at(line_end)]);
    let redacted = redact_text(&lines);
    if redacted == lines {
        return Ok(Shown {
            text: window_text.into_owned(),
            offset: start,
            bytes: end - start,
            remaining: size - end,
            redacted: false,
        });
    }
    Ok(Shown {
        text: redacted,
        offset: line_start,
        bytes: line_end - line_start,
        remaining: size - line_end,
        redacted: true,
    })
}
