//! Bounds on a request's target and on the time its body takes, for every route alike:
//! `http.max_uri_bytes` (414) and `http.body_read_timeout_secs` (408). Routes outside the
//! request timeout (chat runs, tool invocations, MCP, OpenAI completions) read their bodies
//! too, and a client sending a byte a second kept its connection, its concurrency slot and the
//! handler waiting for as long as the body limit allowed.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};
use warden_protocol::ErrorCode;

use crate::state::AppState;

use super::ApiError;

/// Refuses a request target (path and query) longer than `http.max_uri_bytes` with 414.
pub async fn refuse_long_uri(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let bound = state.config.http.max_uri_bytes;
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if length > bound {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            ErrorCode::UriTooLong,
            format!(
                "the request target (path and query) is {length} bytes, longer than the {bound} the server reads (http.max_uri_bytes)"
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// Gives a request's body until `http.body_read_timeout_secs` after its headers to arrive; one
/// still arriving then fails whatever reads it, and the answer is 408 naming the bound.
pub async fn bound_body_read(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let secs = state.config.http.body_read_timeout_secs;
    let expired = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let watched = expired.clone();
    let request = request.map(|body| {
        Body::new(Deadline {
            body,
            deadline,
            sleep: None,
            expired: watched,
        })
    });
    let response = next.run(request).await;
    if expired.load(Ordering::Relaxed) {
        // The handler saw a failed read and answered as it does for one; the cause is this.
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Timeout,
            format!(
                "the request body did not arrive within {secs} s of its headers (http.body_read_timeout_secs); send it at once"
            ),
        )
        .into_response();
    }
    response
}

/// A request body that fails once its deadline has passed.
struct Deadline {
    body: Body,
    deadline: Instant,
    /// Made on the first read that waits: most requests have no body and never need a timer.
    sleep: Option<Pin<Box<Sleep>>>,
    expired: Arc<AtomicBool>,
}

/// The error a late body ends with.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        let deadline = self.deadline;
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.expired.store(true, Ordering::Relaxed);
                Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
