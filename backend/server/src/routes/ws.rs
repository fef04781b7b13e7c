//! `GET /ws/chat`: chat over a WebSocket. A browser authenticates with a single-use ticket in the
//! query (`?ticket=`, from `POST /api/v1/auth/ws-ticket`); other clients send a bearer token or
//! API key on the upgrade. Messages are bounded, and a message over the limit, a binary message or
//! a protocol violation closes the connection with the close code that names it
//! ([`crate::routes::ws_violation`]); every client message counts against the caller's rate limit; the server pings every 25 s and closes a connection silent for 75 s (`http.websocket_silence_secs`) with an error frame and close code 4408. Runs started
//! here continue when the connection drops, and `subscribe` picks them up again.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use warden_core::runs::{Caller, RunError, decide_approval, follow};
use warden_protocol::auth::AuthMethod;
use warden_protocol::chat::{ChatRequest, ClientMessage, ConnectionMessage};
use warden_protocol::{ErrorCode, Scope, ScopeSet};
use warden_store::ApprovalRecord;

use crate::auth::Principal;
use crate::auth::secrets::digest;
use crate::chat::tool_context;
use crate::http::{ApiError, ApiQuery};
use crate::live::{approvals_message, pending_approvals, still_valid};
use crate::routes::ws_violation::{self, Violation};
use crate::state::AppState;

/// The largest frame or message a client may send.
pub const MAX_FRAME_BYTES: usize = ws_violation::MAX_MESSAGE_BYTES;
/// The read buffer a connection starts with; it grows for a larger frame. (The WebSocket
/// library's default, 128 KiB for every open connection, is most of what hundreds of idle chat
/// sockets cost: see docs/benchmarks.md, Memory.)
const READ_BUFFER_BYTES: usize = 8 * 1024;
const ROUTE: &str = "/ws/chat";

pub fn router() -> Router<AppState> {
    Router::new().route(ROUTE, get(upgrade))
}

/// The caller of a WebSocket: from `?ticket=`, or from the usual credentials.
struct WsCaller(Principal);

/// `GET /ws/chat`'s query string.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WsQuery {
    /// A single-use ticket from `POST /api/v1/auth/ws-ticket`.
    ticket: Option<String>,
}

impl FromRequestParts<AppState> for WsCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The upgrade's one parameter, read like every route's: an unknown or repeated one is
        // named (the upgrade answers 101, so the check made after a route answers never sees it).
        let ApiQuery(WsQuery { ticket }) = ApiQuery::from_request_parts(parts, state).await?;
        let principal = match ticket {
            Some(ticket) => from_ticket(state, &ticket).await?,
            None => Principal::from_request_parts(parts, state).await?,
        };
        if !principal.scopes.allows(Scope::Read) {
            return Err(ApiError::forbidden("the chat needs the 'read' scope"));
        }
        Ok(WsCaller(principal))
    }
}

/// Redeems a ticket (once), then checks its user, session or key are still good.
async fn from_ticket(state: &AppState, ticket: &str) -> Result<Principal, ApiError> {
    let invalid = || {
        ApiError::invalid_credentials("the WebSocket ticket is not valid, already used, or expired")
    };
    if ticket.is_empty() || ticket.len() > 256 {
        return Err(invalid());
    }
    let record = state
        .store
        .consume_ws_ticket(&digest(ticket), state.clock.now())
        .await?
        .ok_or_else(invalid)?;
    let user = state
        .store
        .user_by_id(&record.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(invalid)?;
    if let Some(session) = &record.session_id {
        let alive = state
            .store
            .session_principal(session)
            .await?
            .is_some_and(|p| p.session.revoked_at.is_none());
        if !alive {
            return Err(invalid());
        }
    }
    let mut api_key_name = None;
    if let Some(key) = &record.api_key_id {
        let live = state.store.api_key_by_id(key).await?.filter(|k| {
            k.revoked_at.is_none() && k.expires_at.is_none_or(|at| at > state.clock.now())
        });
        let Some(live) = live else {
            return Err(invalid());
        };
        api_key_name = Some(live.name);
    }
    let ticket_scopes = ScopeSet::parse_list(&record.scopes).map_err(ApiError::internal)?;
    let user_scopes = ScopeSet::parse_list(&user.scopes).map_err(ApiError::internal)?;
    let api_key_name = api_key_name
        .map(|name| crate::auth::principal::policy_key_name(&name, &user.username, &user_scopes));
    Ok(Principal {
        scopes: Scope::ALL
            .into_iter()
            .filter(|s| ticket_scopes.allows(*s) && user_scopes.allows(*s))
            .collect(),
        user_id: user.id,
        username: user.username,
        method: if record.api_key_id.is_some() {
            AuthMethod::ApiKey
        } else {
            AuthMethod::Session
        },
        session_id: record.session_id,
        api_key_id: record.api_key_id,
        api_key_name,
    })
}

/// Opens the chat WebSocket.
async fn upgrade(
    State(state): State<AppState>,
    WsCaller(caller): WsCaller,
    ws: WebSocketUpgrade,
) -> Response {
    // The library reads up to the cap; the limit itself is checked on each message, so that a
    // moderately oversized one is refused with a complete close handshake.
    let limit = state.config.http.max_websockets_per_credential;
    let Some(slot) = state.live.sockets.open(&caller, limit) else {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            format!(
                "this credential already has {limit} WebSockets open (http.max_websockets_per_credential); close one first"
            ),
        )
        .into_response();
    };
    let live = state.live.clone();
    ws.max_message_size(ws_violation::READ_CAP_BYTES)
        .max_frame_size(ws_violation::READ_CAP_BYTES)
        .read_buffer_size(READ_BUFFER_BYTES)
        .on_upgrade(move |socket| {
            live.sockets.track(async move {
                let _slot = slot;
                connection(state, caller, socket).await;
            })
        })
}

fn control(message: &ConnectionMessage) -> Message {
    Message::Text(serde_json::to_string(message).unwrap_or_default().into())
}

fn error(code: &str, message: impl Into<String>) -> Message {
    control(&ConnectionMessage::Error {
        code: code.to_owned(),
        message: message.into(),
    })
}

/// The error frame of a run service error: the code and message its HTTP answer has.
fn run_error(failure: RunError) -> Message {
    let failure = ApiError::from(failure);
    error(failure.code_str(), failure.message())
}

/// How a connection's reading side ended.
enum Ending {
    /// The client went away, or the writer failed.
    Gone,
    /// Nothing came from the client (no frame, not even a pong to the pings) for this long.
    Silent(Duration),
    /// The caller's credential stopped being valid: the error frame and the close frame are
    /// queued, and the writer is given a moment to send them.
    SessionEnded,
    /// The client sent what the chat does not take: closed with the code that names it.
    Refused(Violation),
    /// The server is shutting down: closed with 1001, going away.
    ShuttingDown,
}

/// The close code a connection ends with when its credential stopped being valid (the 4000s are
/// the application's; 4401 reads as HTTP's 401).
pub const SESSION_ENDED_CLOSE: u16 = 4401;
/// The close code of a connection closed for its client's silence (4408 reads as HTTP's 408).
pub const SILENT_CLOSE: u16 = 4408;
/// The close code of a server going away (RFC 6455 §7.4.1).
const GOING_AWAY_CLOSE: u16 = 1001;
/// How long queued frames may take to leave once a connection is being closed.
const FLUSH_LIMIT: Duration = Duration::from_secs(2);

async fn connection(state: AppState, caller: Principal, socket: WebSocket) {
    // Limited per connection as well as per identity: one noisy tab cannot starve the others.
    let connection_key = format!("conn:{}", uuid::Uuid::new_v4());
    let (mut sink, mut incoming) = socket.split();
    let (outgoing, mut to_send) = mpsc::channel::<Message>(256);
    // Forwarders of the runs this connection follows; dropped (aborted) with the connection.
    let mut followers = JoinSet::new();
    let writer = async move {
        while let Some(message) = to_send.recv().await {
            let closing = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || closing {
                break;
            }
        }
        let _ = sink.close().await;
    };
    let mut writer = std::pin::pin!(writer);
    let mut credentials = state.live.watch_credentials();
    // Approvals, once the client asked to watch them.
    let mut watching = Watching::default();
    // Pinged three times within the silence bound (every 25 s of the default 75 s): a live
    // client's pongs always arrive in time.
    let silence_limit = Duration::from_secs(state.config.http.websocket_silence_secs);
    let reader = async {
        let mut ticker = tokio::time::interval((silence_limit / 3).max(Duration::from_millis(100)));
        let mut last_heard = Instant::now();
        loop {
            tokio::select! {
                frame = incoming.next() => {
                    let frame = match frame {
                        Some(Ok(frame)) => frame,
                        Some(Err(e)) => return ws_violation::from_read_error(e).map_or(Ending::Gone, Ending::Refused),
                        None => return Ending::Gone,
                    };
                    last_heard = Instant::now();
                    match frame {
                        Message::Text(text) if text.len() > MAX_FRAME_BYTES => {
                            return Ending::Refused(ws_violation::oversized(text.len()));
                        }
                        Message::Binary(bytes) if bytes.len() > MAX_FRAME_BYTES => {
                            return Ending::Refused(ws_violation::oversized(bytes.len()));
                        }
                        Message::Text(text) => handle(&state, &caller, &connection_key, text.as_str(), &outgoing, &mut followers, &mut watching).await,
                        Message::Binary(_) => return Ending::Refused(ws_violation::binary()),
                        Message::Close(_) => return Ending::Gone,
                        Message::Ping(_) | Message::Pong(_) => {}
                    }
                }
                _ = ticker.tick() => {
                    if last_heard.elapsed() > silence_limit {
                        tracing::debug!(user = %caller.username, "closing a silent WebSocket");
                        return Ending::Silent(silence_limit);
                    }
                    // Credentials ended by another process (the CLI) are noticed here.
                    if let Some(ending) = recheck(&state, &caller).await {
                        return ending;
                    }
                    if outgoing.send(Message::Ping(Vec::new().into())).await.is_err() {
                        return Ending::Gone;
                    }
                }
                () = state.background.cancelled() => return Ending::ShuttingDown,
                Ok(()) = credentials.changed() => {
                    if let Some(ending) = recheck(&state, &caller).await {
                        return ending;
                    }
                }
                Some(records) = watching.changed() => {
                    if let Some(message) = watching.update(&caller, &records) {
                        let _ = outgoing.send(control(&message)).await;
                    }
                }
            }
        }
    };
    let ending = tokio::select! {
        ending = reader => Some(ending),
        () = &mut writer => None,
    };
    followers.abort_all();
    let (message, close, readable) = match ending {
        None | Some(Ending::Gone) => return,
        Some(Ending::SessionEnded) => {
            tracing::debug!(user = %caller.username, "closing a WebSocket whose session ended");
            (
                error(
                    "session_ended",
                    "this session has ended (logged out, the user disabled, or the key revoked); log in again",
                ),
                CloseFrame {
                    code: SESSION_ENDED_CLOSE,
                    reason: "session ended".into(),
                },
                true,
            )
        }
        Some(Ending::Silent(limit)) => {
            // A close reason is at most 123 bytes: the bound and its setting; the error frame
            // says the rest.
            let reason = format!(
                "nothing heard from the client for {} s (http.websocket_silence_secs)",
                limit.as_secs()
            );
            (
                error(
                    "timeout",
                    format!("{reason}: no message and no pong to the server's pings; reconnect"),
                ),
                CloseFrame {
                    code: SILENT_CLOSE,
                    reason: reason.into(),
                },
                true,
            )
        }
        Some(Ending::ShuttingDown) => (
            error(
                "unavailable",
                "the server is shutting down; reconnect in a moment (runs go on or end as interrupted)",
            ),
            CloseFrame {
                code: GOING_AWAY_CLOSE,
                reason: "server shutting down".into(),
            },
            true,
        ),
        Some(Ending::Refused(violation)) => {
            tracing::debug!(user = %caller.username, code = violation.code, reason = %violation.reason, "closing a WebSocket that broke a rule");
            (
                error(violation.error_code, violation.reason.clone()),
                CloseFrame {
                    code: violation.code,
                    reason: violation.reason.into(),
                },
                violation.readable,
            )
        }
    };
    // The writer drains the queue while the closing frames wait for room in it: a client too
    // slow to read leaves the queue full, and waiting for room without the writer (or without
    // a limit) would hold this connection forever.
    let _ = tokio::time::timeout(FLUSH_LIMIT, async {
        let closing = async {
            let _ = outgoing.send(message).await;
            let _ = outgoing.send(Message::Close(Some(close))).await;
            drop(outgoing);
        };
        tokio::join!(closing, writer)
    })
    .await;
    if readable {
        // Wait for the client's own Close (or its going away) before the connection drops:
        // dropping it with the client's frames unread makes the kernel reset the connection, and
        // the reset can overtake the Close frame still on its way, losing its code.
        let _ = tokio::time::timeout(FLUSH_LIMIT, async {
            while let Some(Ok(frame)) = incoming.next().await {
                if matches!(frame, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
}

/// A connection's watch on approvals, once its client sent `watch_approvals`.
#[derive(Default)]
struct Watching {
    pending: Option<watch::Receiver<Arc<Vec<ApprovalRecord>>>>,
    /// The pending approvals the client was told about.
    known: HashSet<String>,
    /// The count it was last told.
    told: u64,
}

impl Watching {
    /// The pending approvals when they change; never while not watching.
    async fn changed(&mut self) -> Option<Arc<Vec<ApprovalRecord>>> {
        match &mut self.pending {
            Some(pending) => {
                pending.changed().await.ok()?;
                Some(pending.borrow_and_update().clone())
            }
            None => std::future::pending().await,
        }
    }

    /// Starts watching (once): the pending approvals as they stand now, read from the store.
    async fn start(&mut self, state: &AppState, caller: &Principal) -> Option<ConnectionMessage> {
        if self.pending.is_none() {
            self.pending = Some(state.live.watch_pending());
        }
        match pending_approvals(&state.store, state.clock.now()).await {
            Ok(records) => {
                let message = approvals_message(caller, &records, &mut self.known, true);
                if let ConnectionMessage::Approvals { pending, .. } = &message {
                    self.told = *pending;
                }
                Some(message)
            }
            Err(_) => None,
        }
    }

    /// The message for a changed pending set, unless nothing changed that the caller may see.
    fn update(
        &mut self,
        caller: &Principal,
        pending: &[ApprovalRecord],
    ) -> Option<ConnectionMessage> {
        let message = approvals_message(caller, pending, &mut self.known, false);
        match &message {
            ConnectionMessage::Approvals { pending, added }
                if *pending == self.told && added.is_empty() =>
            {
                None
            }
            ConnectionMessage::Approvals { pending, .. } => {
                self.told = *pending;
                Some(message)
            }
            ConnectionMessage::Pong {}
            | ConnectionMessage::ApprovalDecided { .. }
            | ConnectionMessage::Error { .. } => Some(message),
        }
    }
}

/// How the connection must end when the caller's credential no longer stands, if it must. A
/// store that cannot answer ends it too (fail closed), as gone rather than as a session ended:
/// the client reconnects, and its new ticket is checked then.
async fn recheck(state: &AppState, caller: &Principal) -> Option<Ending> {
    match still_valid(&state.store, caller, state.clock.now()).await {
        Ok(true) => None,
        Ok(false) => Some(Ending::SessionEnded),
        Err(error) => {
            tracing::debug!(%error, "the WebSocket's credential could not be checked; closing it");
            Some(Ending::Gone)
        }
    }
}

async fn handle(
    state: &AppState,
    caller: &Principal,
    connection_key: &str,
    text: &str,
    outgoing: &mpsc::Sender<Message>,
    followers: &mut JoinSet<()>,
    watching: &mut Watching,
) {
    let limited = state
        .check_rate(connection_key, Some(ROUTE))
        .and_then(|()| state.check_rate(&caller.rate_identity(), Some(ROUTE)));
    if let Err(limited) = limited {
        let _ = outgoing
            .send(error("rate_limited", limited.message()))
            .await;
        return;
    }
    if let Some(problem) = crate::http::json::holds_nul(text.as_bytes())
        .or_else(|| crate::http::json_keys::repeated_key(text.as_bytes()))
    {
        let _ = outgoing
            .send(error(
                "invalid_json",
                format!("the message is not a client message: {problem}"),
            ))
            .await;
        return;
    }
    let message = match super::ws_frame::read(text) {
        Ok(message) => message,
        Err(e) => {
            let _ = outgoing
                .send(error(
                    "invalid_json",
                    format!("the message is not a client message: {e}"),
                ))
                .await;
            return;
        }
    };
    match message {
        ClientMessage::Ping {} => {
            let _ = outgoing.send(control(&ConnectionMessage::Pong {})).await;
        }
        ClientMessage::WatchApprovals {} => {
            let message = match watching.start(state, caller).await {
                Some(message) => control(&message),
                None => error("unavailable", "the approvals could not be read; try again"),
            };
            let _ = outgoing.send(message).await;
        }
        ClientMessage::Message {
            conversation_id,
            message,
            model,
        } => {
            match state
                .chat
                .start(
                    &Caller::from(caller),
                    ChatRequest {
                        message,
                        conversation_id,
                        model,
                    },
                )
                .await
            {
                Ok(started) => {
                    let stream = follow(
                        state.chat.clone(),
                        caller.user_id.clone(),
                        started.run_id,
                        0,
                        Some(started.events),
                    );
                    forward(stream, outgoing.clone(), followers);
                }
                Err(e) => {
                    let _ = outgoing.send(run_error(e)).await;
                }
            }
        }
        ClientMessage::Subscribe { run_id, after_seq } => {
            let stream = follow(
                state.chat.clone(),
                caller.user_id.clone(),
                run_id,
                after_seq.unwrap_or(0),
                None,
            );
            forward(stream, outgoing.clone(), followers);
        }
        ClientMessage::Cancel { run_id } => {
            if let Err(e) = state.chat.cancel(&caller.user_id, &run_id).await {
                let _ = outgoing.send(run_error(e)).await;
            }
        }
        ClientMessage::Approve {
            approval_id,
            reason,
        } => decide(state, caller, outgoing, &approval_id, true, reason).await,
        ClientMessage::Deny {
            approval_id,
            reason,
        } => decide(state, caller, outgoing, &approval_id, false, reason).await,
    }
}

/// Sends a run's events to the socket until the run ends or the connection goes.
fn forward(
    stream: impl futures_util::Stream<Item = Result<warden_protocol::chat::ServerEvent, RunError>>
    + Send
    + 'static,
    outgoing: mpsc::Sender<Message>,
    followers: &mut JoinSet<()>,
) {
    followers.spawn(async move {
        let mut stream = std::pin::pin!(stream);
        while let Some(item) = stream.next().await {
            let message = match item {
                Ok(event) => {
                    Message::Text(serde_json::to_string(&event).unwrap_or_default().into())
                }
                Err(e) => run_error(e),
            };
            if outgoing.send(message).await.is_err() {
                break;
            }
        }
    });
}

/// Approve or deny from the socket: the same checks as REST (the `approve` scope, once only).
async fn decide(
    state: &AppState,
    caller: &Principal,
    outgoing: &mpsc::Sender<Message>,
    approval_id: &str,
    approve: bool,
    reason: Option<String>,
) {
    if !caller.scopes.allows(Scope::Approve) {
        let _ = outgoing
            .send(error(
                "forbidden",
                "deciding approvals needs the 'approve' scope",
            ))
            .await;
        return;
    }
    let decided = decide_approval(
        &state.guard,
        &tool_context(caller),
        approval_id,
        approve,
        reason.as_deref(),
        None,
    )
    .await;
    let reply = match decided {
        Ok(approval) => control(&ConnectionMessage::ApprovalDecided {
            approval_id: approval.id,
            status: approval.status,
        }),
        Err(e) => run_error(e),
    };
    let _ = outgoing.send(reply).await;
}
