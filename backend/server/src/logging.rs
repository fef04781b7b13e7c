//! Log lines pass the one redaction on their way out: whatever a field or message holds (a
//! command line, a URL with a password, an upstream error quoting a header), the line written
//! has its secrets replaced by `[redacted]`.

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Wraps a writer maker (stderr in production): each log line is collected whole, redacted,
/// then written in one piece.
pub struct Redacted<M> {
    inner: M,
}

impl<M> Redacted<M> {
    pub fn new(inner: M) -> Self {
        Self { inner }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacted<M> {
    type Writer = Line<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Line {
            buffer: Vec::new(),
            inner: self.inner.make_writer(),
        }
    }
}

/// One log event being written; redacted and passed on when dropped.
pub struct Line<W: Write> {
    buffer: Vec<u8>,
    inner: W,
}

impl<W: Write> Write for Line<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for Line<W> {
    fn drop(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        let text = warden_secrets::redact_text(&String::from_utf8_lossy(&self.buffer));
        // A log line that cannot be written has nowhere else to go.
        let _ = self.inner.write_all(text.as_bytes());
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if let Ok(mut buffer) = self.0.lock() {
                buffer.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn logged(json: bool, log: impl FnOnce()) -> String {
        let sink = Sink::default();
        let writer = {
            let sink = sink.clone();
            Redacted::new(move || sink.clone())
        };
        let builder = tracing_subscriber::fmt()
            .with_writer(writer)
            .with_ansi(false);
        if json {
            tracing::subscriber::with_default(builder.json().finish(), log);
        } else {
            tracing::subscriber::with_default(builder.finish(), log);
        }
        let bytes = sink.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn secrets_never_reach_the_log() {
        for json in [false, true] {
            let line = logged(json, || {
                tracing::warn!(
                    command = "mysql -uroot -pS3cretPass db",
                    url = "https://ops:Hunter2Pw@db.example.com/",
                    "upstream said Authorization: Bearer abcdefgh12345678"
                );
            });
            for secret in ["S3cretPass", "Hunter2Pw", "abcdefgh12345678"] {
                assert!(!line.contains(secret), "{secret} in {line}");
            }
            assert!(line.contains("-p[redacted]"), "{line}");
            assert!(
                line.contains("https://ops:[redacted]@db.example.com/"),
                "{line}"
            );
            assert!(line.contains("Bearer [redacted]"), "{line}");
        }
    }
}
