//! A response body read under the call's limits. A model server can send its status and headers
//! at once and then say nothing (a hung worker behind a proxy, a stuck generation), or stop in
//! the middle of a stream: the whole-call timeout alone would hold the call for minutes. So the
//! first body byte must come within the first-byte limit of the request being sent, and each
//! later chunk within the idle limit of the one before.

use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use tokio::time::Instant;

use crate::LlmError;
use crate::error::from_reqwest;

/// How long a call may take: to start answering, between chunks, and in all.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// From sending the request until the first byte of the answer's body.
    pub first_byte: Duration,
    /// The longest pause between two chunks of the body once it has started.
    pub idle: Duration,
    /// The whole call, body included.
    pub total: Duration,
}

/// The body of a response, chunk by chunk, each wait bounded.
pub(crate) struct Body {
    chunks: BoxStream<'static, Result<Bytes, reqwest::Error>>,
    limits: Limits,
    /// When the request was sent: the first byte is due `limits.first_byte` after it.
    sent_at: Instant,
    started: bool,
    url: String,
    /// `Content-Type` of the response, when it had one.
    pub content_type: Option<String>,
}

/// The largest body read whole (a non-streamed answer or an error page): far above any answer,
/// small enough that a server sending without end cannot fill memory.
const MAX_WHOLE_BYTES: usize = 32 * 1024 * 1024;

impl Body {
    pub(crate) fn new(
        response: reqwest::Response,
        url: &str,
        limits: Limits,
        sent_at: Instant,
    ) -> Self {
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Self {
            chunks: response.bytes_stream().boxed(),
            limits,
            sent_at,
            started: false,
            url: url.to_owned(),
            content_type,
        }
    }

    /// The next chunk; None at the end. Fails with [`LlmError::FirstByteTimeout`] when nothing
    /// came within the first-byte limit, and [`LlmError::Stalled`] when a started body paused
    /// longer than the idle limit.
    pub(crate) async fn next(&mut self) -> Option<Result<Bytes, LlmError>> {
        let (due, late) = if self.started {
            (
                Instant::now() + self.limits.idle,
                LlmError::Stalled(self.limits.idle),
            )
        } else {
            (
                self.sent_at + self.limits.first_byte,
                LlmError::FirstByteTimeout(self.limits.first_byte),
            )
        };
        loop {
            match tokio::time::timeout_at(due, self.chunks.next()).await {
                Err(_) => return Some(Err(late)),
                Ok(None) => return None,
                Ok(Some(Err(e))) => {
                    return Some(Err(from_reqwest(&self.url, self.limits.total, &e)));
                }
                // An empty frame is not progress: it neither starts the body nor resets the wait.
                Ok(Some(Ok(chunk))) if chunk.is_empty() => {}
                Ok(Some(Ok(chunk))) => {
                    self.started = true;
                    return Some(Ok(chunk));
                }
            }
        }
    }

    /// The whole body as text (lossy UTF-8), every wait bounded as in [`Body::next`].
    pub(crate) async fn text(mut self) -> Result<String, LlmError> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.next().await {
            bytes.extend_from_slice(&chunk?);
            if bytes.len() > MAX_WHOLE_BYTES {
                return Err(LlmError::Protocol(format!(
                    "the answer is longer than {MAX_WHOLE_BYTES} bytes"
                )));
            }
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
