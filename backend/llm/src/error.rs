use std::time::Duration;

use warden_protocol::RunErrorCode;

use crate::body::{Body, Limits};

/// Why a model call failed, sorted for the engine: retry, fall back, or report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// The backend could not be reached (connection refused, DNS, TLS).
    #[error("the model backend at {url} is not reachable: {detail}")]
    Unreachable { url: String, detail: String },
    /// No complete answer within the time limit.
    #[error("the model did not answer within {} s", .0.as_secs())]
    Timeout(Duration),
    /// The backend accepted the request but sent no byte of its answer (status, headers, and
    /// the first byte of the body) within the first-byte limit: hung, or overloaded. Not retried
    /// on the same model.
    #[error("the model accepted the request but sent nothing within {} s", .0.as_secs())]
    FirstByteTimeout(Duration),
    /// The answer started, then no more of it came for longer than the idle limit (a stream
    /// stalled between chunks). Not retried on the same model.
    #[error("the model stopped sending its answer for more than {} s", .0.as_secs())]
    Stalled(Duration),
    /// The backend answered with an error status.
    #[error("the model backend answered {status}: {body}")]
    Status {
        status: u16,
        body: String,
        /// From `Retry-After`, when the backend sent one.
        retry_after: Option<Duration>,
    },
    /// The answer broke the wire format (bad JSON, a stream cut short).
    #[error("the model backend sent a malformed answer: {0}")]
    Protocol(String),
    /// The backend refused the prompt as longer than its context window; `detail` is what it
    /// said, `window` the window it named (tokens), when it named one.
    #[error("the prompt does not fit the model's context window: {detail}")]
    ContextOverflow { detail: String, window: Option<u32> },
}

impl LlmError {
    /// A stable code for events and the API.
    pub fn code(&self) -> RunErrorCode {
        match self {
            LlmError::Unreachable { .. } => RunErrorCode::LlmUnreachable,
            LlmError::Timeout(_) | LlmError::FirstByteTimeout(_) | LlmError::Stalled(_) => {
                RunErrorCode::LlmTimeout
            }
            LlmError::Status { .. } => RunErrorCode::LlmErrorStatus,
            LlmError::Protocol(_) => RunErrorCode::LlmProtocol,
            LlmError::ContextOverflow { .. } => RunErrorCode::LlmContextOverflow,
        }
    }

    /// Whether trying again (after a pause) may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::Unreachable { .. } | LlmError::Protocol(_) => true,
            // A backend that takes the request and says nothing, or stalls until the call's own
            // limit, is unlikely to answer the same request now (retrying would hold the run for
            // several whole call limits); the next model in the chain may.
            LlmError::FirstByteTimeout(_) | LlmError::Stalled(_) | LlmError::Timeout(_) => false,
            LlmError::Status { status, .. } => *status == 429 || *status >= 500,
            // The same prompt would be refused again; a shorter one is the caller's to build.
            LlmError::ContextOverflow { .. } => false,
        }
    }

    /// Whether the backend refused the request because it cannot take `tools` (a model without
    /// tool support, a server started without tool parsing): the text protocol can still work.
    pub fn rejects_tools(&self) -> bool {
        match self {
            LlmError::Status { status, body, .. } if (400..=500).contains(status) => {
                crate::context::rejects_tools(body)
            }
            LlmError::Status { .. }
            | LlmError::Unreachable { .. }
            | LlmError::Timeout(_)
            | LlmError::FirstByteTimeout(_)
            | LlmError::Stalled(_)
            | LlmError::Protocol(_)
            | LlmError::ContextOverflow { .. } => false,
        }
    }
}

/// Shortens a body for messages; bodies can be large HTML error pages.
pub(crate) fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.chars().count() <= 300 {
        trimmed.to_owned()
    } else {
        format!("{}...", trimmed.chars().take(300).collect::<String>())
    }
}

pub(crate) fn from_reqwest(url: &str, timeout: Duration, e: &reqwest::Error) -> LlmError {
    if e.is_timeout() {
        LlmError::Timeout(timeout)
    } else if e.is_connect() || e.is_request() {
        LlmError::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        }
    } else {
        LlmError::Protocol(e.to_string())
    }
}

/// Sends a prepared request; a non-success status becomes `LlmError::Status` with the body's
/// start and any `Retry-After`. The status and headers, like the body's first byte after them,
/// are due within the first-byte limit; the body is read under [`Limits`] through [`Body`].
pub(crate) async fn send_checked(
    builder: reqwest::RequestBuilder,
    url: &str,
    limits: Limits,
) -> Result<Body, LlmError> {
    let timeout = limits.total;
    let sent_at = tokio::time::Instant::now();
    let sent = tokio::time::timeout(limits.first_byte, builder.timeout(timeout).send())
        .await
        .map_err(|_| LlmError::FirstByteTimeout(limits.first_byte))?;
    let response = sent.map_err(|e| from_reqwest(url, timeout, &e))?;
    let status = response.status();
    let retry = retry_after(response.headers());
    let body = Body::new(response, url, limits, sent_at);
    if status.is_success() {
        return Ok(body);
    }
    let status = status.as_u16();
    let body = match body.text().await {
        Ok(text) => text,
        // A body that stalls or breaks still leaves the status to report.
        Err(e) => format!("(the body could not be read: {e})"),
    };
    if let Some(window) = crate::context::overflow(&body) {
        return Err(LlmError::ContextOverflow {
            detail: format!("the backend answered {status}: {}", excerpt(&body)),
            window,
        });
    }
    Err(LlmError::Status {
        status,
        body: excerpt(&body),
        retry_after: retry,
    })
}

pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
