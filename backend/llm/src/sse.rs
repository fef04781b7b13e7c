//! Server-sent events (the OpenAI streaming format): `data:` lines, each event ended by a blank line.

use crate::ndjson::MAX_LINE_BYTES;

#[derive(Default)]
pub struct SseDecoder {
    pending: Vec<u8>,
    data: Vec<String>,
}

impl SseDecoder {
    /// Appends bytes and returns the data of each event completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<String>, String> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let raw: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&raw[..raw.len() - 1])
                .trim_end_matches('\r')
                .to_owned();
            self.line(&line, &mut events);
        }
        if self.pending.len() > MAX_LINE_BYTES {
            return Err(format!("an event line longer than {MAX_LINE_BYTES} bytes"));
        }
        Ok(events)
    }

    /// The end of the stream ends the last event.
    pub fn finish(&mut self) -> Vec<String> {
        let mut events = Vec::new();
        let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending))
            .trim_end()
            .to_owned();
        if !rest.is_empty() {
            self.line(&rest, &mut events);
        }
        self.line("", &mut events);
        events
    }

    fn line(&mut self, line: &str, events: &mut Vec<String>) {
        if line.is_empty() {
            if !self.data.is_empty() {
                events.push(self.data.join("\n"));
                self.data.clear();
            }
        } else if let Some(value) = line.strip_prefix("data:") {
            self.data
                .push(value.strip_prefix(' ').unwrap_or(value).to_owned());
        }
        // `event:`, `id:`, `retry:` and comments (`:`) carry nothing the chat stream needs.
    }
}

#[cfg(test)]
mod tests {
    use super::SseDecoder;

    #[test]
    fn events_split_on_blank_lines_across_chunks() {
        let mut decoder = SseDecoder::default();
        let mut events = decoder.push(b"data: {\"a\":1}\n\nda").unwrap_or_default();
        events.extend(decoder.push(b"ta: {\"b\":2}\n").unwrap_or_default());
        events.extend(
            decoder
                .push(b"\r\n: comment\nevent: x\ndata: [DONE]\n\n")
                .unwrap_or_default(),
        );
        assert_eq!(events, vec!["{\"a\":1}", "{\"b\":2}", "[DONE]"]);
        assert_eq!(
            decoder.push(b"data: tail").unwrap_or_default(),
            Vec::<String>::new()
        );
        assert_eq!(decoder.finish(), vec!["tail"]);
        assert_eq!(decoder.finish(), Vec::<String>::new());
    }
}
