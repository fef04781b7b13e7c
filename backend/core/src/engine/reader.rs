//! Reading one model turn as it streams. Text goes out as `answer_delta` the moment it arrives,
//! until something in it may start a tool call (`{`, a fence, `<tool_call>`, `Action:`...) or the
//! model calls a tool natively: from there the turn is held until it ends. A turn that ends with
//! calls was reasoning, reported once as `thinking` (clients replace what they showed of it); a
//! turn without calls is the answer, and the held rest goes out then. Leading and trailing
//! whitespace is never sent, so the deltas join to exactly the answer.

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;
use warden_llm::text_protocol;
use warden_llm::{EventStream, StreamEvent, ToolCall, ToolStyle, Usage};

use super::{EngineEvent, Stop};

/// Where a tool call may begin in text; streaming pauses there.
const MARKERS: &[&str] = &[
    "{",
    "[{",
    "[TOOL_CALLS]",
    "<tool",
    "<function",
    "<|",
    "```",
    "Action:",
    "functions.",
    "&#34;",
];

/// A model turn, read to its end.
#[derive(Debug, Default)]
pub struct Turn {
    /// The answer, or the reasoning before the calls (calls and their envelopes removed).
    pub text: String,
    pub calls: Vec<ToolCall>,
    pub usage: Option<Usage>,
    /// Characters of output, for an estimate when the backend reports no usage.
    pub output_chars: usize,
}

pub async fn read<F, Fut>(
    mut stream: EventStream<'_>,
    style: ToolStyle,
    known: &(dyn Fn(&str) -> bool + Sync),
    emit: &F,
    cancel: &CancellationToken,
) -> Result<Turn, Stop>
where
    F: Fn(EngineEvent) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut text = String::new();
    let mut calls = Vec::new();
    let mut usage = None;
    // Bytes of `text` already sent as answer, and whether the rest is held.
    let (mut sent, mut held) = (0usize, false);
    while let Some(event) = stream.next().await {
        if cancel.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        match event.map_err(|e| Stop::Error(e.code(), e.to_string()))? {
            StreamEvent::TextDelta(delta) => {
                text.push_str(&delta);
                if !held {
                    let (end, hold) = streamable(&text, sent);
                    if end > sent {
                        emit(EngineEvent::AnswerDelta {
                            text: text[sent..end].to_owned(),
                        })
                        .await;
                        sent = end;
                    }
                    held = hold;
                }
            }
            StreamEvent::ToolCall(call) => {
                held = true;
                calls.push(call);
            }
            StreamEvent::Done { usage: u, .. } => {
                usage = u;
                break;
            }
        }
    }
    let output_chars = text.chars().count();
    if calls.is_empty() {
        let parsed = match style {
            ToolStyle::Text => text_protocol::parse(&text),
            ToolStyle::Native => text_protocol::parse_known(&text, known),
        };
        if !parsed.calls.is_empty() {
            return Ok(Turn {
                text: parsed.text,
                calls: parsed.calls,
                usage,
                output_chars,
            });
        }
        // The answer: what was held goes out now.
        let end = text.trim_end().len();
        if end > sent {
            let start = if sent == 0 {
                text.len() - text.trim_start().len()
            } else {
                sent
            };
            if end > start {
                emit(EngineEvent::AnswerDelta {
                    text: text[start..end].to_owned(),
                })
                .await;
            }
        }
        return Ok(Turn {
            text: text.trim().to_owned(),
            calls,
            usage,
            output_chars,
        });
    }
    Ok(Turn {
        text: text.trim().to_owned(),
        calls,
        usage,
        output_chars,
    })
}

/// How far `text` may be sent, from `sent`: up to the first marker (then hold), else up to the
/// last character that is neither whitespace nor the start of a marker. Leading whitespace of the
/// turn is skipped by never starting there.
fn streamable(text: &str, sent: usize) -> (usize, bool) {
    let start = if sent == 0 {
        text.len() - text.trim_start().len()
    } else {
        sent
    };
    let rest = &text[start..];
    if let Some(at) = MARKERS.iter().filter_map(|m| rest.find(m)).min() {
        let end = start + rest[..at].trim_end().len();
        return (end.max(sent), true);
    }
    // A marker may be arriving in pieces: keep back a tail that could begin one.
    let mut end = text.len();
    for marker in MARKERS {
        for len in (1..marker.len()).rev() {
            if text.ends_with(&marker[..len]) {
                end = end.min(text.len() - len);
                break;
            }
        }
    }
    let end = start + text[start..end].trim_end().len();
    (end.max(sent), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_streams_until_a_call_may_start() {
        assert_eq!(streamable("  Hello th", 0), (10, false));
        assert_eq!(streamable("Hello there ", 0), (11, false));
        assert_eq!(streamable("Let me check.\n```json\n{", 0), (13, true));
        assert_eq!(
            streamable("All good. Act", 4),
            (9, false),
            "an `Action:` may be arriving"
        );
        assert_eq!(streamable("Done <tool", 0), (4, true));
        assert_eq!(streamable("{\"tool\"", 0), (0, true));
    }
}
