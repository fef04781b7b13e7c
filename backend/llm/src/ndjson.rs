//! Newline-delimited JSON over a byte stream (Ollama's streaming format).

/// Splits incoming bytes into complete lines; keeps the unfinished tail.
#[derive(Default)]
pub struct LineBuffer {
    pending: Vec<u8>,
}

/// The longest line accepted: a stream that never ends a line is broken, not patient.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

impl LineBuffer {
    /// Appends bytes and returns the complete lines, without their line breaks.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<String>, String> {
        self.pending.extend_from_slice(bytes);
        let mut lines = Vec::new();
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line[..line.len() - 1])
                .trim_end_matches('\r')
                .to_owned();
            if !text.trim().is_empty() {
                lines.push(text);
            }
        }
        if self.pending.len() > MAX_LINE_BYTES {
            return Err(format!("a line longer than {MAX_LINE_BYTES} bytes"));
        }
        Ok(lines)
    }

    /// What is left at the end of the stream (a last line without a newline).
    pub fn finish(&mut self) -> Option<String> {
        let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending))
            .trim()
            .to_owned();
        (!rest.is_empty()).then_some(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::LineBuffer;

    #[test]
    fn splits_across_chunk_boundaries() {
        let mut buffer = LineBuffer::default();
        assert_eq!(
            buffer.push(b"{\"a\":1}\n{\"b\"").ok(),
            Some(vec!["{\"a\":1}".to_owned()])
        );
        assert_eq!(
            buffer.push(b":2}\r\n\n{\"c\":3}").ok(),
            Some(vec!["{\"b\":2}".to_owned()])
        );
        assert_eq!(buffer.finish(), Some("{\"c\":3}".to_owned()));
        assert_eq!(buffer.finish(), None);
    }
}
