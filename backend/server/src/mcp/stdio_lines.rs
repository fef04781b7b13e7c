//! The stdio transport's lines, checked before the MCP library reads them: each line of stdin is
//! one JSON-RPC message (at most [`MAX_LINE_BYTES`]). A well-formed one goes on to the library;
//! any other is answered on stdout with its JSON-RPC error (see [`super::jsonrpc::check`]), a
//! line that is too long included, and the next line is read as usual. The library left to
//! itself drops such lines without a word, so a client would wait for an answer forever.

use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::Mutex;

use super::jsonrpc::{self, Refusal};

/// The longest line read (the MCP library's own bound for stdio).
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// One line of input: its bytes (without the newline), or how long it was when over the bound
/// (its bytes were skipped, not kept).
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Message(Vec<u8>),
    TooLong(usize),
}

/// Reads the next line, keeping at most `max` bytes of it; None at the end of input. A last
/// line without a newline counts as a line.
pub async fn next_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> std::io::Result<Option<Line>> {
    let mut kept = Vec::new();
    let mut length = 0usize;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok((length > 0).then(|| finish(kept, length, max)));
        }
        let (chunk, ended) = match available.iter().position(|b| *b == b'\n') {
            Some(at) => (&available[..at], Some(at + 1)),
            None => (available, None),
        };
        length = length.saturating_add(chunk.len());
        if length <= max {
            kept.extend_from_slice(chunk);
        } else {
            // Over the bound: what was kept is dropped, the rest is only counted.
            kept = Vec::new();
        }
        let consumed = ended.unwrap_or(available.len());
        reader.consume(consumed);
        if ended.is_some() {
            return Ok(Some(finish(kept, length, max)));
        }
    }
}

fn finish(kept: Vec<u8>, length: usize, max: usize) -> Line {
    if length > max {
        Line::TooLong(length)
    } else {
        Line::Message(kept)
    }
}

/// Copies well-formed lines from `input` to `to_library` and answers the others on `output`,
/// until `input` ends; then closes `to_library` so the library sees the end of input.
pub async fn pump<R, L, O>(
    input: R,
    mut to_library: L,
    output: Arc<Mutex<O>>,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    L: AsyncWrite + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    while let Some(line) = next_line(&mut input, MAX_LINE_BYTES).await? {
        let refusal = match line {
            Line::TooLong(length) => Refusal::too_long(length, MAX_LINE_BYTES),
            Line::Message(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
            Line::Message(bytes) => match jsonrpc::check(&bytes) {
                Ok(()) => {
                    to_library.write_all(&bytes).await?;
                    to_library.write_all(b"\n").await?;
                    to_library.flush().await?;
                    continue;
                }
                Err(refusal) => refusal,
            },
        };
        let mut answer = refusal.body().to_string().into_bytes();
        answer.push(b'\n');
        let mut output = output.lock().await;
        output.write_all(&answer).await?;
        output.flush().await?;
    }
    to_library.shutdown().await
}

/// Copies the library's answers from `from_library` to `output` a whole line at a time, so an
/// answer [`pump`] writes never lands inside one of them.
pub async fn answers<F, O>(from_library: F, output: Arc<Mutex<O>>) -> std::io::Result<()>
where
    F: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut from_library = BufReader::new(from_library);
    let mut line = Vec::new();
    loop {
        line.clear();
        if from_library.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let mut output = output.lock().await;
        output.write_all(&line).await?;
        output.flush().await?;
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::{Line, next_line};

    #[tokio::test]
    async fn lines_over_the_bound_are_measured_not_kept_and_the_next_is_read() {
        let input = format!("{}\nshort\n{}\nlast", "x".repeat(40), "y".repeat(10));
        let mut reader = tokio::io::BufReader::with_capacity(8, input.as_bytes());
        let mut lines = Vec::new();
        while let Some(line) = next_line(&mut reader, 10).await.unwrap() {
            lines.push(line);
        }
        assert_eq!(
            lines,
            vec![
                Line::TooLong(40),
                Line::Message(b"short".to_vec()),
                Line::Message(b"y".repeat(10)),
                Line::Message(b"last".to_vec()),
            ]
        );
    }
}
