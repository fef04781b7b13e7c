//! hyper's own refusals in the house error shape. hyper answers a request it cannot parse (a
//! malformed request line or header: 400; a head over `http.max_header_bytes` or with more than
//! `http.max_headers` fields: 431; a target over 64 KiB: 414) before any of our code runs, with
//! a status line and an empty body. It offers no hook for that answer, so the connection's IO
//! recognises it on the way out and sends ours instead: the same status with
//! `{"error":{"code","message"}}` naming what was wrong and the bound.
//!
//! Only hyper writes such a head: every answer of ours that is an error carries a
//! `Content-Type` (the JSON error rewrite sees to it), and hyper writes its automatic answer only
//! when no response has begun, then closes the connection, so the bytes replaced are a whole
//! write of their own.
//!
//! hyper also ends a request whose headers take longer than their bound without a word. The
//! bound is kept here instead: once a head has taken `http.header_read_timeout_secs` from its
//! first byte, the read hands hyper a NUL (no head may hold one) and a blank line, hyper refuses the head as
//! malformed, and that refusal goes out as a 408 naming the bound.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;
use warden_protocol::{ErrorBody, ErrorCode};

/// The answers that replace hyper's, built once per server from its bounds.
#[derive(Debug)]
pub struct Answers {
    malformed: Vec<u8>,
    headers_too_large: Vec<u8>,
    uri_too_long: Vec<u8>,
    http2: Vec<u8>,
    head_too_slow: Vec<u8>,
    nothing_sent: Vec<u8>,
    /// How long a request's head may take from its first byte.
    header_read_timeout: Duration,
}

impl Answers {
    pub fn new(
        max_header_bytes: usize,
        max_headers: usize,
        header_read_timeout: Duration,
    ) -> Arc<Self> {
        Arc::new(Self {
            header_read_timeout,
            head_too_slow: answer(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::Timeout,
                format!(
                    "the request's line and headers did not arrive within {} s of their first byte \
                     (http.header_read_timeout_secs)",
                    header_read_timeout.as_secs()
                ),
            ),
            nothing_sent: answer(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::Timeout,
                format!(
                    "no request arrived within {} s of the connection opening \
                     (http.header_read_timeout_secs); send the request as soon as you connect",
                    header_read_timeout.as_secs()
                ),
            ),
            malformed: answer(
                StatusCode::BAD_REQUEST,
                ErrorCode::MalformedRequest,
                "the request is not valid HTTP/1.1: its request line or a header is malformed \
                 (a method, target or header name with characters HTTP does not allow, a \
                 control character in a header value, a line not ended by CRLF, or a version \
                 other than HTTP/1.0 and HTTP/1.1)"
                    .to_owned(),
            ),
            headers_too_large: answer(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                ErrorCode::HeadersTooLarge,
                format!(
                    "the request line and headers are larger than the server reads: at most \
                     {max_header_bytes} bytes (http.max_header_bytes) and {max_headers} header \
                     fields (http.max_headers)"
                ),
            ),
            uri_too_long: answer(
                StatusCode::URI_TOO_LONG,
                ErrorCode::UriTooLong,
                format!(
                    "the request target is longer than the server reads: at most {} bytes",
                    u16::MAX - 1
                ),
            ),
            http2: answer(
                StatusCode::HTTP_VERSION_NOT_SUPPORTED,
                ErrorCode::MalformedRequest,
                "this server speaks HTTP/1.1 only (HTTP/2 is not served, with or without prior \
                 knowledge); send the request over HTTP/1.1"
                    .to_owned(),
            ),
        })
    }

    /// The answer to a connection that opened with HTTP/2's preface.
    pub fn http2(&self) -> &[u8] {
        &self.http2
    }

    /// The answer to a connection whose client sent nothing within the head's bound.
    pub fn nothing_sent(&self) -> &[u8] {
        &self.nothing_sent
    }

    /// Which of ours stands for `written` when it is one of hyper's automatic refusals.
    fn replacing(written: &[u8]) -> Option<Kind> {
        match automatic_refusal(written)? {
            400 => Some(Kind::Malformed),
            414 => Some(Kind::UriTooLong),
            431 => Some(Kind::HeadersTooLarge),
            _ => None,
        }
    }

    fn bytes(&self, kind: Kind) -> &[u8] {
        match kind {
            Kind::HeadTooSlow => &self.head_too_slow,
            Kind::Malformed => &self.malformed,
            Kind::UriTooLong => &self.uri_too_long,
            Kind::HeadersTooLarge => &self.headers_too_large,
        }
    }
}

/// The refusals of hyper's that are replaced.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// hyper's 400 for the NUL handed to it once a head ran out of time.
    HeadTooSlow,
    Malformed,
    UriTooLong,
    HeadersTooLarge,
}

/// A whole HTTP/1.1 response, closing the connection as hyper's refusal does.
fn answer(status: StatusCode, code: ErrorCode, message: String) -> Vec<u8> {
    let body = serde_json::to_vec(&ErrorBody::new(code, message)).unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    for (name, value) in crate::http::middleware::security_headers() {
        if let Ok(value) = value.to_str() {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// The status of `written` when it is hyper's automatic refusal: an HTTP/1.x head alone, with an
/// error status, an empty body and no `Content-Type`.
fn automatic_refusal(written: &[u8]) -> Option<u16> {
    let rest = written
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| written.strip_prefix(b"HTTP/1.0 "))?;
    if !written.ends_with(b"\r\n\r\n") {
        return None;
    }
    let status: u16 = std::str::from_utf8(rest.get(..3)?).ok()?.parse().ok()?;
    if !(400..600).contains(&status) {
        return None;
    }
    let head = String::from_utf8_lossy(written).to_ascii_lowercase();
    let bare = head.contains("\r\ncontent-length: 0\r\n") && !head.contains("\r\ncontent-type:");
    bare.then_some(status)
}

/// What a head that ran out of time is handed: a NUL, which no head may hold, and the blank
/// line after which hyper parses what it has (it waits for one before parsing a head again).
const STALLED: &[u8] = b"\0\r\n\r\n";

/// Ours being written in place of one of hyper's refusals.
struct Replacing {
    kind: Kind,
    written: usize,
    /// The length of hyper's write it stands for, reported once ours is out.
    stands_for: usize,
}

/// A connection's IO that sends [`Answers`] in place of hyper's bare refusals.
pub struct Refusals<T> {
    io: T,
    answers: Arc<Answers>,
    replacing: Option<Replacing>,
    activity: Arc<super::idle::Activity>,
    /// The head being read: which request it begins, and its deadline.
    head: Option<(u64, Pin<Box<Sleep>>)>,
    /// The head ran out of time and hyper was handed the NUL.
    head_too_slow: bool,
}

impl<T> Refusals<T> {
    pub fn new(io: T, answers: Arc<Answers>, activity: Arc<super::idle::Activity>) -> Self {
        Self {
            io,
            answers,
            replacing: None,
            activity,
            head: None,
            head_too_slow: false,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Refusals<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.activity.in_flight() || this.head_too_slow {
            // A body, or what follows a refusal: not a head's to time.
            this.head = None;
            return Pin::new(&mut this.io).poll_read(cx, buf);
        }
        let request = this.activity.begun();
        if this.head.as_ref().is_some_and(|(of, _)| *of != request) {
            this.head = None;
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before && this.head.is_none() {
            let deadline = Box::pin(tokio::time::sleep(this.answers.header_read_timeout));
            this.head = Some((request, deadline));
        }
        if read.is_pending()
            && buf.remaining() >= STALLED.len()
            && let Some((_, deadline)) = &mut this.head
            && deadline.as_mut().poll(cx).is_ready()
        {
            this.head_too_slow = true;
            buf.put_slice(STALLED);
            return Poll::Ready(Ok(()));
        }
        read
    }
}

impl<T: AsyncWrite + Unpin> Refusals<T> {
    /// Writes ours until it is all out, then reports hyper's write as done.
    fn poll_replacing(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        while let Some(replacing) = &mut self.replacing {
            let ours = self.answers.bytes(replacing.kind);
            let Some(rest) = ours.get(replacing.written..).filter(|r| !r.is_empty()) else {
                let done = replacing.stands_for;
                self.replacing = None;
                return Poll::Ready(Ok(done));
            };
            match ready!(Pin::new(&mut self.io).poll_write(cx, rest)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => replacing.written += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        Poll::Ready(Ok(0))
    }

    /// Starts replacing `written` when it is a refusal of hyper's; whether it is.
    fn begin(&mut self, written: &[u8]) -> bool {
        if self.replacing.is_some() {
            return true;
        }
        let Some(kind) = Answers::replacing(written) else {
            return false;
        };
        let kind = if self.head_too_slow && matches!(kind, Kind::Malformed) {
            Kind::HeadTooSlow
        } else {
            kind
        };
        self.replacing = Some(Replacing {
            kind,
            written: 0,
            stands_for: written.len(),
        });
        true
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Refusals<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.begin(buf) {
            return this.poll_replacing(cx);
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let mut parts = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(only), None) = (parts.next(), parts.next())
            && this.begin(only)
        {
            return this.poll_replacing(cx);
        }
        Pin::new(&mut this.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
