//! What the chat WebSocket refuses from a client, and how it says so: a message over the size
//! limit, a binary message, invalid UTF-8 in a text message, or a frame that breaks the protocol
//! ends the connection with a close frame whose code and reason name the fault (RFC 6455
//! section 7.4.1), after an `error` message with the same meaning. The connection is never just
//! dropped: a client learns why it was closed, and does not mistake it for a network failure.

use axum::extract::ws::close_code;
use tokio_tungstenite::tungstenite;

/// The largest message (one frame, or the fragments of one message together) a client may send.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// How much the WebSocket library reads of one frame or message before it gives up. A message
/// between [`MAX_MESSAGE_BYTES`] and this is read whole (and dropped at once) and refused, and the
/// close handshake completes. A larger one ends reading at its header, so its bytes are never
/// buffered: the close frame is still sent, but the rest of the message stays unread, and a
/// client still writing it sees the connection reset instead. The cap bounds what one connection
/// can make the server hold while it reads (1 MiB).
pub const READ_CAP_BYTES: usize = 16 * MAX_MESSAGE_BYTES;

/// A refused frame: how the connection ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The close code (1002, 1003, 1007 or 1009).
    pub code: u16,
    /// The `error` message's code, for clients that read messages rather than close frames.
    pub error_code: &'static str,
    /// What was wrong, for the error message and the close frame's reason (at most 123 bytes).
    pub reason: String,
    /// Whether the connection can still be read: then the client's own close frame is awaited,
    /// so the connection ends with a complete handshake.
    pub readable: bool,
}

/// A text or binary message of `bytes`, over the limit, read whole.
pub fn oversized(bytes: usize) -> Violation {
    too_big(bytes, true)
}

/// A binary message: the chat speaks JSON text only.
pub fn binary() -> Violation {
    Violation {
        code: close_code::UNSUPPORTED,
        error_code: "invalid_frame",
        reason: "binary messages are not accepted; send JSON text messages".to_owned(),
        readable: true,
    }
}

fn too_big(bytes: usize, readable: bool) -> Violation {
    Violation {
        code: close_code::SIZE,
        error_code: "message_too_big",
        reason: format!("message too big: {bytes} bytes, the limit is {MAX_MESSAGE_BYTES}"),
        readable,
    }
}

/// The violation behind a read error, when the client broke a rule; None when the connection
/// simply failed or went away (nothing to tell anyone).
pub fn from_read_error(error: axum::Error) -> Option<Violation> {
    let inner = error.into_inner().downcast::<tungstenite::Error>().ok()?;
    match *inner {
        tungstenite::Error::Capacity(tungstenite::error::CapacityError::MessageTooLong {
            size,
            ..
        }) => Some(too_big(size, false)),
        tungstenite::Error::Utf8(_) => Some(Violation {
            code: close_code::INVALID,
            error_code: "invalid_frame",
            reason: "a text message is not valid UTF-8".to_owned(),
            readable: false,
        }),
        tungstenite::Error::Protocol(protocol) => Some(Violation {
            code: close_code::PROTOCOL,
            error_code: "invalid_frame",
            reason: shorten(format!("protocol error: {protocol}")),
            readable: false,
        }),
        tungstenite::Error::Capacity(tungstenite::error::CapacityError::TooManyHeaders)
        | tungstenite::Error::ConnectionClosed
        | tungstenite::Error::AlreadyClosed
        | tungstenite::Error::Io(_)
        | tungstenite::Error::Tls(_)
        | tungstenite::Error::WriteBufferFull(_)
        | tungstenite::Error::AttackAttempt
        | tungstenite::Error::Url(_)
        | tungstenite::Error::Http(_)
        | tungstenite::Error::HttpFormat(_) => None,
    }
}

/// A close frame's reason holds at most 123 bytes.
fn shorten(mut reason: String) -> String {
    const MAX_REASON_BYTES: usize = 123;
    if reason.len() > MAX_REASON_BYTES {
        let mut end = MAX_REASON_BYTES;
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        reason.truncate(end);
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_read_error_maps_to_its_close_code() {
        let wrap = |e: tungstenite::Error| axum::Error::new(e);
        assert_eq!(
            from_read_error(wrap(tungstenite::Error::Capacity(
                tungstenite::error::CapacityError::MessageTooLong {
                    size: 300_000,
                    max_size: READ_CAP_BYTES,
                }
            ))),
            Some(Violation {
                code: 1009,
                error_code: "message_too_big",
                reason: "message too big: 300000 bytes, the limit is 65536".to_owned(),
                readable: false,
            })
        );
        let protocol = from_read_error(wrap(tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::UnmaskedFrameFromClient,
        )));
        assert_eq!(
            protocol.map(|v| (v.code, v.reason)),
            Some((
                1002,
                "protocol error: Received an unmasked frame from client".to_owned()
            ))
        );
        assert_eq!(
            from_read_error(wrap(tungstenite::Error::ConnectionClosed)),
            None
        );
        assert_eq!(
            from_read_error(axum::Error::new(std::io::Error::other("reset"))),
            None
        );
        assert_eq!(shorten("é".repeat(100)).len(), 122);
    }
}
