//! The accept loop: axum's own, with the bounds it lacks. A request's headers must arrive within
//! `http.header_read_timeout_secs` (a client that opens a connection and then trickles its
//! headers or sends nothing holds its slot for seconds, not forever); at most
//! `http.max_connections` HTTP connections are served at once (the next ones wait in the
//! kernel's backlog, so the process never runs out of file descriptors); and a shutdown lets
//! connections in flight finish for at most [`SHUTDOWN_GRACE`], then closes them (a half-open
//! connection cannot hold the process).
//! A kept-alive connection is closed once it has been idle (no request in flight, nothing read)
//! for `http.keep_alive_idle_secs`, so a client cannot hold a slot by sending one request and
//! then nothing.
//! A connection upgraded to a WebSocket leaves the count (and the idle bound) when it upgrades:
//! the chat's own limits (rate limits, idle and silence timeouts) bound it from there.
//! A request's line and headers are bounded by `http.max_header_bytes` and `http.max_headers`;
//! hyper's refusals of what breaks them (or HTTP's syntax) carry the house JSON error body
//! ([`refusals`]). Only HTTP/1.x is served: a connection opening with HTTP/2's preface is
//! answered 505 and closed (no route, bound or timeout here was written for HTTP/2's streams).

mod idle;
pub mod refusals;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::{Layer, ServiceExt};

/// How long a shutdown waits for connections in flight before closing them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The bounds of [`serve`], from `[http]`.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    /// How long a kept-alive connection may sit idle between requests.
    pub keep_alive_idle: Duration,
    /// The most bytes of a request line and headers read (hyper's read buffer, at least 8192).
    pub max_header_bytes: usize,
    /// The most header fields a request may carry.
    pub max_headers: usize,
}

/// Serves `router` on `listener` until `shutdown` completes, within `bounds`; each request
/// carries the peer's address as [`ConnectInfo`].
pub async fn serve<L>(
    mut listener: L,
    router: Router,
    bounds: Bounds,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    L::Io: FirstBytes,
{
    let slots = Arc::new(Semaphore::new(bounds.max_connections));
    let answers = refusals::Answers::new(
        bounds.max_header_bytes,
        bounds.max_headers,
        bounds.header_read_timeout,
    );
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let activity = idle::Activity::new();
        let routed = axum::Extension(ConnectInfo(peer)).layer(router.clone());
        let watching = activity.clone();
        let service = tower::service_fn(move |request: Request<Incoming>| {
            let respond = routed.clone().oneshot(request.map(Body::new));
            idle::tracked(watching.clone(), respond)
        });
        let service = TowerToHyperService::new(service);
        let stopping = stopping.clone();
        let answers = answers.clone();
        connections.spawn(async move {
            let _slot = slot;
            let mut io = io;
            // hyper times out headers once they have begun; a client that sends nothing at all
            // is cut off here, told why (408) as one whose head stalls is.
            let refusal =
                match tokio::time::timeout(bounds.header_read_timeout, io.first_bytes()).await {
                    Ok(Opening::Data) => None,
                    Ok(Opening::Http2) => Some(answers.http2()),
                    Err(_) => Some(answers.nothing_sent()),
                    Ok(Opening::Closed) => return,
                };
            if let Some(refusal) = refusal {
                // Bounded like any write to a client that may not read.
                let _ = tokio::time::timeout(bounds.header_read_timeout, async {
                    io.write_all(refusal).await?;
                    io.shutdown().await
                })
                .await;
                return;
            }
            let mut builder = Builder::new(TokioExecutor::new()).http1_only();
            builder
                .http1()
                .timer(TokioTimer::new())
                // A backstop only: the head's own bound is kept (and answered 408) by Refusals.
                .header_read_timeout(bounds.header_read_timeout * 2)
                .max_buf_size(bounds.max_header_bytes.max(MIN_READ_BUFFER))
                .max_headers(bounds.max_headers);
            let io = refusals::Refusals::new(
                idle::Watched::new(io, activity.clone()),
                answers,
                activity.clone(),
            );
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(error) = result {
                        tracing::trace!(%error, %peer, "connection ended with an error");
                    }
                }
                () = stop_asked(stopping) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
                () = activity.idle_for(bounds.keep_alive_idle) => {
                    // Nothing in flight and nothing half-read: closing loses the client nothing.
                    tracing::trace!(%peer, "idle keep-alive connection closed");
                }
            }
        });
        // Finished connections are reaped as new ones come, so the set stays small.
        while connections.try_join_next().is_some() {}
    }
    let _ = stop.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open = connections.len(),
            "connections still open {} s after the shutdown began are closed",
            SHUTDOWN_GRACE.as_secs()
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// hyper's smallest read buffer: it refuses (panics on) a smaller `max_buf_size`.
const MIN_READ_BUFFER: usize = crate::config::MIN_HEADER_BYTES;

/// HTTP/2's connection preface begins so (RFC 9113 §3.4).
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n";

/// How a connection's client opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Bytes arrived (an HTTP/1 request, or something hyper will refuse).
    Data,
    /// HTTP/2's preface (prior knowledge).
    Http2,
    /// The connection ended or failed before anything arrived.
    Closed,
}

/// A connection that can tell when its client has sent something.
pub trait FirstBytes {
    /// Resolves when bytes have arrived or the connection failed.
    fn first_bytes(&self) -> impl Future<Output = Opening> + Send;
}

impl FirstBytes for tokio::net::TcpStream {
    async fn first_bytes(&self) -> Opening {
        // Readiness alone can be reported before any byte arrives; a peek waits for one.
        let mut head = [0u8; HTTP2_PREFACE.len()];
        match self.peek(&mut head).await {
            Ok(0) | Err(_) => Opening::Closed,
            Ok(n) if head.get(..n) == Some(HTTP2_PREFACE) => Opening::Http2,
            Ok(_) => Opening::Data,
        }
    }
}

impl FirstBytes for tokio_rustls::server::TlsStream<tokio::net::TcpStream> {
    /// The handshake, bounded by its own timeout, was the client's first bytes (and ALPN
    /// offers HTTP/1.1 only); what arrived with its last flight may already be read, so the
    /// socket is not asked again.
    async fn first_bytes(&self) -> Opening {
        Opening::Data
    }
}

/// Resolves once the accept loop asks its connections to stop (or is gone).
async fn stop_asked(mut stopping: watch::Receiver<bool>) {
    loop {
        if *stopping.borrow_and_update() {
            return;
        }
        if stopping.changed().await.is_err() {
            return;
        }
    }
}
