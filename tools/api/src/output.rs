use serde::Serialize;

/// The most text a tool returns to the model; more is cut and said to be cut.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// A tool's result: text for the model, structured data for programs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolOutput {
    pub ok: bool,
    /// What the model reads. Bounded by [`MAX_OUTPUT_BYTES`].
    pub output: String,
    /// The same result as structured data (for the API, the UI and tests).
    pub data: serde_json::Value,
    /// Whether `output` (or the data behind it) was cut.
    pub truncated: bool,
}

impl ToolOutput {
    /// A successful result; the text is bounded here.
    pub fn new(output: impl Into<String>, data: serde_json::Value) -> Self {
        let (output, truncated) = truncate_text(output.into(), MAX_OUTPUT_BYTES);
        Self {
            ok: true,
            output,
            data,
            truncated,
        }
    }

    /// A result that ran but did not succeed (a command's non-zero exit): an observation for the
    /// model, not a failure of the tool.
    pub fn failed(output: impl Into<String>, data: serde_json::Value) -> Self {
        Self {
            ok: false,
            ..Self::new(output, data)
        }
    }

    /// Marks the result cut (when the tool itself stopped early, e.g. at a limit).
    pub fn cut(mut self, cut: bool) -> Self {
        self.truncated |= cut;
        self
    }
}

/// Cuts `text` to at most `max` bytes on a character boundary, appending a note that says so.
pub fn truncate_text(text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let note = format!("\n[output cut: {} of {} bytes shown]", max, text.len());
    let mut end = max.saturating_sub(note.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (format!("{}{note}", &text[..end]), true)
}

/// Why a tool did not produce a result. Messages are written for the model to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    /// The arguments do not fit the schema or the tool's rules; nothing ran.
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
    /// The thing named (file, container, process, host) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The tool refuses by its own rules (outside the allowed roots, a sensitive file...).
    #[error("refused: {0}")]
    Refused(String),
    /// What the tool needs is not there (no Docker daemon, no NVIDIA driver, no systemd).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The tool ran out of time.
    #[error("timed out after {0} s")]
    Timeout(u64),
    /// Anything else that went wrong while running.
    #[error("failed: {0}")]
    Failed(String),
}

impl ToolError {
    /// The `error_code` of the call's result.
    pub fn code(&self) -> warden_protocol::ToolErrorCode {
        use warden_protocol::ToolErrorCode;
        match self {
            ToolError::InvalidArguments(_) => ToolErrorCode::InvalidArguments,
            ToolError::NotFound(_) => ToolErrorCode::NotFound,
            ToolError::Refused(_) => ToolErrorCode::Refused,
            ToolError::Unavailable(_) => ToolErrorCode::Unavailable,
            ToolError::Timeout(_) => ToolErrorCode::Timeout,
            ToolError::Failed(_) => ToolErrorCode::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_on_a_char_boundary_and_says_so() {
        let text = "é".repeat(100);
        let (cut, truncated) = truncate_text(text.clone(), 80);
        assert!(truncated);
        assert!(cut.len() <= 80, "{}", cut.len());
        assert!(
            cut.ends_with("[output cut: 80 of 200 bytes shown]"),
            "{cut}"
        );
        assert_eq!(
            truncate_text("short".to_owned(), 80),
            ("short".to_owned(), false)
        );
    }
}
