//! Streamed answers, cut into frames by well-kept decoders and read by one driver. Ollama streams
//! newline-delimited JSON (one line a frame, cut by tokio-util's `LinesCodec`); the
//! OpenAI-compatible servers stream server-sent events (one event's data a frame, decoded by
//! `eventsource-stream`). Both read the body through [`Body::next`], so the first-byte and idle
//! limits hold, and both refuse a line longer than [`MAX_LINE_BYTES`]. The driver hands each frame
//! to the dialect ([`Dialect`]) and delivers the events it makes, in order, up to the first error.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};
use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use tokio_util::codec::{Decoder, LinesCodec, LinesCodecError};

use crate::body::Body;
use crate::{LlmError, StreamEvent};

/// The longest line accepted: a stream that never ends a line is broken, not patient.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// The frames of a streamed answer: NDJSON lines or SSE events' data.
pub(crate) type Frames = BoxStream<'static, Result<String, LlmError>>;

/// The body's chunks, each wait bounded by [`Body::next`].
fn chunks(body: Body) -> impl Stream<Item = Result<Bytes, LlmError>> + Send + 'static {
    futures_util::stream::unfold(body, |mut body| async move {
        body.next().await.map(|item| (item, body))
    })
}

/// Where the line reader stands.
struct Lines {
    chunks: BoxStream<'static, Result<Bytes, LlmError>>,
    buffer: BytesMut,
    codec: LinesCodec,
    /// The body has ended: what is left in the buffer is the last line.
    ended: bool,
    /// An error was delivered: nothing follows it.
    failed: bool,
}

fn line_error(error: LinesCodecError) -> LlmError {
    LlmError::Protocol(match error {
        LinesCodecError::MaxLineLengthExceeded => {
            format!("a line longer than {MAX_LINE_BYTES} bytes")
        }
        LinesCodecError::Io(e) => format!("a line could not be read: {e}"),
    })
}

/// Ollama's NDJSON: each non-blank line, its line break (`\n` or `\r\n`) removed; a last line
/// without a line break counts.
pub(crate) fn ndjson_lines(body: Body) -> Frames {
    let lines = Lines {
        chunks: chunks(body).boxed(),
        buffer: BytesMut::new(),
        codec: LinesCodec::new_with_max_length(MAX_LINE_BYTES),
        ended: false,
        failed: false,
    };
    futures_util::stream::unfold(lines, |mut lines| async move {
        if lines.failed {
            return None;
        }
        loop {
            let decoded = if lines.ended {
                lines.codec.decode_eof(&mut lines.buffer)
            } else {
                lines.codec.decode(&mut lines.buffer)
            };
            match decoded {
                Ok(Some(line)) if line.trim().is_empty() => continue,
                Ok(Some(line)) => return Some((Ok(line), lines)),
                Ok(None) if lines.ended => return None,
                Ok(None) => {}
                Err(e) => {
                    lines.failed = true;
                    return Some((Err(line_error(e)), lines));
                }
            }
            match lines.chunks.next().await {
                Some(Ok(chunk)) => lines.buffer.extend_from_slice(&chunk),
                Some(Err(e)) => {
                    lines.failed = true;
                    return Some((Err(e), lines));
                }
                None => lines.ended = true,
            }
        }
    })
    .boxed()
}

/// The chunks, failing once more than [`MAX_LINE_BYTES`] arrive without a line break (the event
/// decoder would hold them all).
fn bounded_lines(
    chunks: impl Stream<Item = Result<Bytes, LlmError>> + Send + 'static,
) -> impl Stream<Item = Result<Bytes, LlmError>> + Send + 'static {
    let mut since_break = 0usize;
    chunks.map(move |chunk| {
        let chunk = chunk?;
        since_break = match chunk.iter().rposition(|b| *b == b'\n') {
            Some(at) => chunk.len() - at - 1,
            None => since_break.saturating_add(chunk.len()),
        };
        if since_break > MAX_LINE_BYTES {
            return Err(LlmError::Protocol(format!(
                "an event line longer than {MAX_LINE_BYTES} bytes"
            )));
        }
        Ok(chunk)
    })
}

/// Server-sent events: the data of each event (`data:` lines joined by `\n`; `event:`, `id:`,
/// `retry:` and comments carry nothing the chat needs). The end of the body ends the last event,
/// as a blank line would.
pub(crate) fn sse_data(body: Body) -> Frames {
    let end = futures_util::stream::once(async { Ok(Bytes::from_static(b"\n\n")) });
    let mut failed = false;
    bounded_lines(chunks(body))
        .chain(end)
        .eventsource()
        .map(|event| match event {
            Ok(event) => Ok(event.data),
            Err(EventStreamError::Transport(e)) => Err(e),
            Err(EventStreamError::Utf8(e)) => {
                Err(LlmError::Protocol(format!("an event is not UTF-8: {e}")))
            }
            Err(EventStreamError::Parser(e)) => Err(LlmError::Protocol(format!(
                "an event could not be parsed: {e}"
            ))),
        })
        // Nothing after an error: the decoder would go on reading a broken body.
        .take_while(move |frame| {
            let go = !failed;
            failed |= frame.is_err();
            std::future::ready(go)
        })
        .boxed()
}

/// How a stream of frames ended without a frame that completed the answer.
pub(crate) enum Ended {
    /// These events complete the answer.
    Complete(Vec<StreamEvent>),
    /// The answer was cut short.
    Cut(LlmError),
    /// Not one frame came: the caller may ask again without streaming.
    Empty,
}

/// A dialect's reading of its frames.
pub(crate) trait Dialect: Send + 'static {
    /// Reads one frame, adding the events it completes to `out`; true when it completes the
    /// answer (nothing after it is read).
    fn frame(&mut self, frame: &str, out: &mut Vec<StreamEvent>) -> Result<bool, LlmError>;

    /// The frames ended before one completed the answer.
    fn ended(&mut self) -> Ended;
}

/// A driven stream's item: an event or an error, or the mark that the stream was empty.
pub(crate) type Driven = Result<Result<StreamEvent, LlmError>, Empty>;

/// The mark of a stream that sent no frame at all.
#[derive(Debug)]
pub(crate) struct Empty;

struct Driver<D> {
    frames: Option<Frames>,
    dialect: D,
    queue: VecDeque<Driven>,
}

/// Turns frames into events through `dialect`, up to the first error or the end of the answer.
pub(crate) fn drive<D: Dialect>(frames: Frames, dialect: D) -> BoxStream<'static, Driven> {
    let driver = Driver {
        frames: Some(frames),
        dialect,
        queue: VecDeque::new(),
    };
    futures_util::stream::unfold(driver, |mut driver| async move {
        loop {
            if let Some(item) = driver.queue.pop_front() {
                return Some((item, driver));
            }
            let frames = driver.frames.as_mut()?;
            match frames.next().await {
                Some(Ok(frame)) => {
                    let mut events = Vec::new();
                    let read = driver.dialect.frame(&frame, &mut events);
                    driver.queue.extend(events.into_iter().map(|e| Ok(Ok(e))));
                    match read {
                        Ok(false) => {}
                        Ok(true) => driver.frames = None,
                        Err(e) => {
                            driver.queue.push_back(Ok(Err(e)));
                            driver.frames = None;
                        }
                    }
                }
                Some(Err(e)) => {
                    driver.queue.push_back(Ok(Err(e)));
                    driver.frames = None;
                }
                None => {
                    driver.frames = None;
                    match driver.dialect.ended() {
                        Ended::Complete(events) => {
                            driver.queue.extend(events.into_iter().map(|e| Ok(Ok(e))));
                        }
                        Ended::Cut(e) => driver.queue.push_back(Ok(Err(e))),
                        Ended::Empty => driver.queue.push_back(Err(Empty)),
                    }
                }
            }
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    use super::*;
    use crate::body::Limits;

    /// A body that arrives in these chunks.
    fn body(chunks: &[&'static [u8]]) -> Body {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        let response = http::Response::new(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )));
        let limits = Limits {
            first_byte: Duration::from_secs(5),
            idle: Duration::from_secs(5),
            total: Duration::from_secs(5),
        };
        Body::new(
            reqwest::Response::from(response),
            "http://model.test",
            limits,
            Instant::now(),
        )
    }

    async fn all(frames: Frames) -> Vec<Result<String, String>> {
        frames.map(|f| f.map_err(|e| e.to_string())).collect().await
    }

    fn ok(frames: &[&str]) -> Vec<Result<String, String>> {
        frames.iter().map(|f| Ok((*f).to_owned())).collect()
    }

    #[tokio::test]
    async fn lines_split_across_chunk_boundaries() {
        let frames = ndjson_lines(body(&[b"{\"a\":1}\n{\"b\"", b":2}\r\n\n  \n{\"c\":3}"]));
        assert_eq!(
            all(frames).await,
            ok(&["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        );
    }

    #[tokio::test]
    async fn a_line_without_end_is_refused_once_past_the_bound() {
        let long: &'static [u8] = Box::leak(vec![b'x'; MAX_LINE_BYTES + 1].into_boxed_slice());
        let frames = all(ndjson_lines(body(&[b"{\"a\":1}\n", long, b"\n{}\n"]))).await;
        assert_eq!(frames.len(), 2, "{:?}", frames.first());
        assert_eq!(frames[0], Ok("{\"a\":1}".to_owned()));
        assert!(
            frames[1]
                .as_ref()
                .is_err_and(|e| e.contains(&format!("a line longer than {MAX_LINE_BYTES} bytes"))),
            "{:?}",
            frames[1].as_ref().map(String::len)
        );
    }

    #[tokio::test]
    async fn events_split_on_blank_lines_across_chunks() {
        let frames = sse_data(body(&[
            b"data: {\"a\":1}\n\nda",
            b"ta: {\"b\":2}\n",
            b"\r\n: comment\nevent: x\ndata: [DONE]\n\n",
            b"data: one\ndata: two\n\n",
            // The end of the body ends the last event.
            b"data: tail",
        ]));
        assert_eq!(
            all(frames).await,
            ok(&["{\"a\":1}", "{\"b\":2}", "[DONE]", "one\ntwo", "tail"])
        );
        assert_eq!(all(sse_data(body(&[]))).await, ok(&[]));
    }

    #[tokio::test]
    async fn an_event_line_without_end_is_refused_once_past_the_bound() {
        let long: &'static [u8] = Box::leak(vec![b'x'; MAX_LINE_BYTES + 1].into_boxed_slice());
        let frames = all(sse_data(body(&[b"data: 1\n\ndata: ", long, b"\n\n"]))).await;
        assert_eq!(frames.len(), 2);
        assert_eq!(frames[0], Ok("1".to_owned()));
        assert!(
            frames[1].as_ref().is_err_and(
                |e| e.contains(&format!("an event line longer than {MAX_LINE_BYTES} bytes"))
            ),
            "{:?}",
            frames[1].as_ref().map(String::len)
        );
    }
}
