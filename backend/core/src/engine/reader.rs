//! Reading one model turn as it streams. Text goes out as `answer_delta` the moment it arrives,
//! until something in it may start a tool call (`{`, a fence, `<tool_call>`, `Action:`...) or the
//! model calls a tool natively: from there the turn is held until it ends. A turn that ends with
//! calls was reasoning, reported once as `thinking` (clients replace what they showed of it); a
//! turn without calls is the answer, and the held rest goes out then. Leading and trailing
//! whitespace is never sent, so the deltas join to exactly the answer.
//!
//! Reasoning the model wrote into its text (`<think>...</think>` and kin) is never answer: a
//! leading block is held until it closes and goes out as `thinking`, then the answer streams; a
//! block found only at the end (a lone `</think>`, whose opening tag was in the prompt) is sent
//! as `thinking` then, which replaces what was shown, and the answer follows whole. After a
//! plain role label (`Assistant:`), a line that opens another role's plain turn (`User:`,
//! `Human:`) is held: the turn the model made up is cut when it ends, and was never shown. A
//! turn header the model writes mid-answer (`<start_of_turn>model`, `<|im_start|>assistant`) is
//! held from its first token, as a call's marker is: it is taken out when the turn ends, so what
//! streamed is the final answer. Native calls that come after a turn of the user's the model
//! made up (`User: show containers` echoed first) are part of that made-up conversation and
//! never run.

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;
use warden_llm::call_starts::{self, Start};
use warden_llm::envelopes;
use warden_llm::own_labels::{self, OwnLabel};
use warden_llm::reasoning::{self, Leading};
use warden_llm::text_protocol;
use warden_llm::{EventStream, StreamEvent, ToolCall, ToolNames, ToolStyle, Usage};

use super::{EngineEvent, Stop};

/// Where a tool call or reasoning may begin in text; streaming pauses there.
const MARKERS: &[&str] = &[
    "{",
    "[{",
    "[TOOL_CALLS]",
    "[TOOL_REQUEST]",
    // Mistral's turns of the user's and the system's, made up: cut when the turn ends.
    "[INST]",
    "[SYSTEM_PROMPT]",
    // Plain markers of a user's turn that templates write mid-line: OpenChat's, and Vicuna's
    // `USER: ... ASSISTANT:` on one line.
    "GPT4 Correct User:",
    "GPT4 User:",
    "Code User:",
    "USER: ",
    // Llama 2's and Mistral's end of sequence, taken out when it ends the answer.
    "</s>",
    "[THINK]",
    "<tool",
    "<function",
    "<invoke",
    "<minimax:",
    "<seed:",
    "<start_function_call>",
    // Octopus's functional tokens (`<nexa_0>('web')<nexa_end>`).
    "<nexa_",
    "<code>",
    "[|",
    // MiniMax's end of a turn and its role headers.
    "[e~[",
    "]~b]",
    "<scratch_pad>",
    "<response>",
    "<answer>",
    "<end_of_turn>",
    // Gemma's end of sequence, printed after its end of turn.
    "<eos>",
    // Gemma's and Ling's headers of a turn the model opens mid-answer, taken out when it ends.
    "<start_of_turn>",
    "<role>",
    "<turn|>",
    "<channel|>",
    ">>>",
    "Call:",
    "<think",
    "<reasoning>",
    "◁think▷",
    "<|",
    "<｜",
    "```",
    "Action:",
    "functions.",
    // gpt-oss's call header with its special tokens stripped.
    "commentary to=",
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
    known: &ToolNames,
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
    // Bytes of `text` already sent as answer, whether the rest is held, what was shown as
    // answer, and the leading reasoning already sent as thinking.
    let (mut sent, mut held) = (0usize, false);
    let mut shown = String::new();
    let mut thought = String::new();
    // Where the answer starts (after a plain role label such as `Assistant:` when one came
    // before it): the model may go on to write another role's turn, labelled or not, held
    // where it may start.
    let mut answer_from = None;
    // How much text had come when the first native call did.
    let mut before_calls = None;
    while let Some(event) = stream.next().await {
        if cancel.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        match event.map_err(|e| Stop::Error(e.code(), e.to_string()))? {
            StreamEvent::TextDelta(delta) => {
                text.push_str(&delta);
                if held {
                    continue;
                }
                if sent == 0 {
                    match reasoning::leading(&text) {
                        Leading::Pending => continue,
                        Leading::Answer { reasoning, at } => {
                            if !reasoning.is_empty() && thought.is_empty() {
                                emit(EngineEvent::Thinking {
                                    text: reasoning.clone(),
                                })
                                .await;
                                thought = reasoning;
                            }
                            answer_from = Some(at);
                            sent = at;
                        }
                    }
                }
                loop {
                    let (mut end, mut hold) = streamable(&text, sent, !shown.is_empty(), known);
                    if let Some(from) = answer_from {
                        (end, hold) = before_plain_turn(&text, from, sent, (end, hold));
                    }
                    let skip = answer_from.and_then(|from| own_label(&text, from, sent, &mut end));
                    // The answer's leading whitespace is never sent.
                    let from = if shown.is_empty() {
                        sent + (text[sent..].len() - text[sent..].trim_start().len())
                    } else {
                        sent
                    };
                    if end > from {
                        let piece = text[from..end].to_owned();
                        shown.push_str(&piece);
                        emit(EngineEvent::AnswerDelta { text: piece }).await;
                        sent = end;
                    }
                    held = hold;
                    match skip {
                        Some(after) => sent = after,
                        None => break,
                    }
                }
            }
            StreamEvent::ToolCall(call) => {
                held = true;
                before_calls.get_or_insert(text.len());
                calls.push(call);
            }
            StreamEvent::Done { usage: u, .. } => {
                usage = u;
                break;
            }
        }
    }
    let output_chars = text.chars().count();
    // Calls the model wrote into a conversation it made up (after the user's turn it echoed)
    // are not its own: the turn is read as the text alone, cut where that turn starts.
    let made_up = before_calls.and_then(|at| envelopes::made_up_conversation(&text[..at]));
    if made_up.is_some() {
        calls.clear();
    }
    if !calls.is_empty() {
        // Native calls, named as the tool they mean (`functions.docker_ps`, `Docker-PS`), their
        // `key=value` arguments read against its schema.
        for call in &mut calls {
            text_protocol::settle(call, known);
        }
        let split = reasoning::split(&text);
        think(&split.reasoning, &thought, emit).await;
        return Ok(Turn {
            text: envelopes::beside_native_calls(&text),
            calls,
            usage,
            output_chars,
        });
    }
    let mut parsed = match style {
        ToolStyle::Text => text_protocol::parse_with(&text, known),
        ToolStyle::Native => text_protocol::parse_known(&text, known),
    };
    if let Some(own) = made_up {
        parsed.calls.clear();
        parsed.text = own;
    }
    if think(&parsed.reasoning, &thought, emit).await {
        // Thinking replaces what was shown of this step: the answer goes out whole after it.
        shown.clear();
    }
    if !parsed.calls.is_empty() {
        return Ok(Turn {
            text: parsed.text,
            calls: parsed.calls,
            usage,
            output_chars,
        });
    }
    // The answer: what was held goes out now.
    let answer = parsed.text;
    let rest = match answer.strip_prefix(shown.as_str()) {
        Some(rest) => rest.to_owned(),
        // Shown text that is not the answer's start was reasoning after all.
        None => {
            let text = if parsed.reasoning.is_empty() {
                shown.trim().to_owned()
            } else {
                parsed.reasoning.clone()
            };
            emit(EngineEvent::Thinking { text }).await;
            answer.clone()
        }
    };
    if !rest.is_empty() {
        emit(EngineEvent::AnswerDelta { text: rest }).await;
    }
    Ok(Turn {
        text: answer,
        calls,
        usage,
        output_chars,
    })
}

/// Sends the turn's reasoning as thinking, unless the leading part already went out while
/// streaming (`sent`); whether anything was sent now.
async fn think<F, Fut>(reasoning: &str, sent: &str, emit: &F) -> bool
where
    F: Fn(EngineEvent) -> Fut,
    Fut: Future<Output = ()>,
{
    let more = reasoning.strip_prefix(sent).unwrap_or(reasoning).trim();
    if more.is_empty() {
        return false;
    }
    emit(EngineEvent::Thinking {
        text: more.to_owned(),
    })
    .await;
    true
}

/// How far the answer (starting at `from`, after a plain role label if one came) may be sent, given what
/// [`streamable`] allows: not past a line where another role's plain turn starts (then hold:
/// the turn is cut when the answer ends) or may be arriving ([`call_starts::plain_turn`]).
fn before_plain_turn(
    text: &str,
    from: usize,
    sent: usize,
    allowed: (usize, bool),
) -> (usize, bool) {
    let (end, hold) = allowed;
    let before = |at: usize| {
        let at = from + text[from..from + at].trim_end().len();
        at.min(end).max(sent)
    };
    match call_starts::plain_turn(&text[from..], reasoning::after_plain_label(text, from)) {
        Start::At(at) => (before(at), true),
        Start::Maybe(at) => (before(at), hold),
        Start::None => (end, hold),
    }
}

/// A label the model wrote for its own words after the answer's first line (`Sure!\n\n
/// Assistant: ...`, the answer starting at `from`) is cut when the turn ends
/// ([`own_labels::strip`]), so it is never shown: the text is sent up to it (`end` lowered),
/// and where it ends is returned, to go on from; one that may be arriving keeps the text back.
fn own_label(text: &str, from: usize, sent: usize, end: &mut usize) -> Option<usize> {
    match own_labels::find(&text[from..], sent - from)? {
        OwnLabel::At { start, end: after } if from + start < *end => {
            *end = from + start;
            Some(from + after)
        }
        OwnLabel::Maybe(start) if from + start < *end => {
            *end = (from + text[from..from + start].trim_end().len()).max(sent);
            None
        }
        OwnLabel::At { .. } | OwnLabel::Maybe(_) => None,
    }
}

/// The longest tool name looked for after a `<` while streaming.
const MAX_ELEMENT_NAME: usize = 128;

/// The name written after the `<` at the start of `text` (letters, digits, `_`, `-`, `.`), and
/// the character after it, if one arrived.
fn element_name(text: &str) -> (&str, Option<char>) {
    let inner = &text[1..];
    let len = inner
        .char_indices()
        .take(MAX_ELEMENT_NAME + 1)
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(inner.len(), |(at, _)| at);
    (&inner[..len], inner[len..].chars().next())
}

/// Where the first element named after a `known` tool starts in `rest` (`<read_file>`, as
/// Cline-style agents teach): a call, read when the turn ends.
fn tool_element_at(rest: &str, known: &ToolNames) -> Option<usize> {
    rest.match_indices('<').map(|(at, _)| at).find(|at| {
        let (name, next) = element_name(&rest[*at..]);
        next == Some('>') && known.resolve(name).is_some()
    })
}

/// How far `text` may be sent, from `sent`: up to the first marker, element named after a
/// `known` tool or Python call to one where the reader would take it for a call
/// ([`call_starts::python`]: `[docker_ps(...)]`, or `docker_ps(...)` opening the answer) (then
/// hold), else up to the last character that is neither whitespace nor the start of one. Leading whitespace of the answer is skipped by never starting there until
/// something was `begun`.
fn streamable(text: &str, sent: usize, begun: bool, known: &ToolNames) -> (usize, bool) {
    let start = if begun {
        sent
    } else {
        sent + (text[sent..].len() - text[sent..].trim_start().len())
    };
    let rest = &text[start..];
    let python = call_starts::python(rest, !begun, known);
    let python_at = match python {
        Start::At(at) => Some(at),
        Start::Maybe(_) | Start::None => None,
    };
    // A template's token without its bars (`<reserved_special_token_5>user`) may open a turn
    // the model made up.
    let bare = call_starts::bare_token(rest);
    let bare_at = match bare {
        Start::At(at) => Some(at),
        Start::Maybe(_) | Start::None => None,
    };
    if let Some(at) = MARKERS
        .iter()
        .filter_map(|m| rest.find(m))
        .chain(tool_element_at(rest, known))
        .chain(python_at)
        .chain(bare_at)
        .min()
    {
        let end = start + rest[..at].trim_end().len();
        return (end.max(sent), true);
    }
    // A marker may be arriving in pieces: keep back a tail that could begin one.
    let mut end = text.len();
    // `docker_p` opening the answer, `[docker_p`: a Python call may be arriving.
    if let Start::Maybe(at) = python {
        end = start + at;
    }
    // `<im_sta`: a token without its bars may be arriving.
    if let Start::Maybe(at) = bare {
        end = end.min(start + at);
    }
    // `<read_fi`: a tool's element may be arriving.
    if let Some(at) = rest.rfind('<') {
        let (name, next) = element_name(&rest[at..]);
        if next.is_none() && known.may_start(name) {
            end = start + at;
        }
    }
    for marker in MARKERS {
        // Prefixes end on character boundaries (`◁think▷` is not ASCII).
        for len in (1..marker.len())
            .rev()
            .filter(|l| marker.is_char_boundary(*l))
        {
            if text.ends_with(&marker[..len]) {
                end = end.min(text.len() - len);
                break;
            }
        }
    }
    let end = start + text[start..end.max(start)].trim_end().len();
    (end.max(sent), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamable_(text: &str, sent: usize, begun: bool) -> (usize, bool) {
        streamable(
            text,
            sent,
            begun,
            &ToolNames::new(["read_file", "docker_ps"]),
        )
    }

    #[test]
    fn an_element_named_after_a_known_tool_holds_the_text() {
        for (text, want) in [
            (
                "I'll look.\n<read_file>\n<path>/etc/hosts</path>",
                (10, true),
            ),
            ("I'll look.\n<Read_File>", (10, true)),
            ("I'll look.\n<read_fi", (10, false)),
            ("I'll look.\n<read_file", (10, false)),
            ("Use <b>bold</b> here", (20, false)),
            ("Use <read_files> here", (21, false)),
            ("Use <read", (3, false)),
            // A tag's name still arriving may be a template's token without its bars
            // (`<reserved_special_token_5>`): kept back until its `>`.
            ("Use <bold", (3, false)),
            ("Use <bold> here", (15, false)),
        ] {
            assert_eq!(streamable_(text, 0, false), want, "{text}");
        }
    }

    #[test]
    fn a_python_call_to_a_known_tool_holds_the_text_where_it_would_be_read() {
        for (text, want) in [
            ("docker_ps(all=True)", (0, true)),
            ("docker_p", (0, false)),
            ("Checking.\n[docker_ps(all=True)]", (9, true)),
            ("Checking. [docker", (9, false)),
            ("<nexa_1>('web')<nexa_end>", (0, true)),
            // A call mid-sentence is the answer's: it streams.
            ("Run docker_ps(all=True) now", (27, false)),
            ("See [the docs](https://x).", (26, false)),
        ] {
            assert_eq!(streamable_(text, 0, false), want, "{text}");
        }
    }

    #[test]
    fn text_streams_until_a_call_may_start() {
        assert_eq!(streamable_("  Hello th", 0, false), (10, false));
        assert_eq!(streamable_("Hello there ", 0, false), (11, false));
        assert_eq!(
            streamable_("Let me check.\n```json\n{", 0, false),
            (13, true)
        );
        assert_eq!(
            streamable_("All good. Act", 4, true),
            (9, false),
            "an `Action:` may be arriving"
        );
        assert_eq!(streamable_("Done <tool", 0, false), (4, true));
        assert_eq!(streamable_("{\"tool\"", 0, false), (0, true));
        assert_eq!(streamable_("Done. <think>", 0, false), (5, true));
        // Markup calls (Anthropic-style and MiniMax `<invoke>`, Seed-OSS, FunctionGemma,
        // Functionary's `>>>`, NexusRaven's `Call:`) hold the text where they start.
        for (text, held_from) in [
            ("Checking. <invoke name=\"docker_ps\">", 9),
            ("Checking. <minimax:tool_call>", 9),
            ("Checking. <seed:tool_call>", 9),
            ("Checking. <start_function_call>call:docker_ps{}", 9),
            ("Checking.\n>>>docker_ps", 9),
            ("Checking.\nCall: docker_ps()", 9),
            // SmolLM3's `<code>`, EXAONE's `[|...|]` tokens, Hermes's scratch pad, and answer
            // spans whose tags are taken out when the turn ends.
            ("Checking. <code>", 9),
            ("Checking. [|endofturn|]", 9),
            ("Checking. <scratch_pad>", 9),
            ("Checking. <response>", 9),
            ("Checking. <answer>", 9),
            ("Checking. commentary to=functions.docker_ps json{}", 9),
        ] {
            assert_eq!(streamable_(text, 0, false), (held_from, true), "{text}");
        }
        assert_eq!(
            streamable_("Done. ◁thi", 0, false),
            (5, false),
            "a marker that is not ASCII, arriving in pieces"
        );
        assert_eq!(
            streamable_("<think>a</think>\n\nHi", 16, false),
            (20, false),
            "the answer after a leading block, its blank lines skipped"
        );
    }

    #[test]
    fn a_label_the_model_writes_for_its_own_words_is_skipped() {
        let mut end = 21;
        assert_eq!(
            own_label("Sure!\n\nAssistant: The", 0, 5, &mut end),
            Some(18)
        );
        assert_eq!(
            end, 7,
            "the blank lines before it go out, the label does not"
        );
        let mut end = 17;
        assert_eq!(own_label("Sure!\n\nAssistant: ", 0, 5, &mut end), None);
        assert_eq!(end, 5, "held until the words after it come");
        let mut end = 10;
        assert_eq!(own_label("Sure!\n\nAll", 0, 5, &mut end), None);
        assert_eq!(end, 10);
    }

    /// The turn read from `pieces` streamed as text: its calls, the answer's deltas joined, and
    /// the thinking sent.
    fn read_pieces(pieces: Vec<String>) -> (Turn, String, Vec<String>) {
        let events: Vec<Result<StreamEvent, warden_llm::LlmError>> = pieces
            .into_iter()
            .map(|piece| Ok(StreamEvent::TextDelta(piece)))
            .chain([Ok(StreamEvent::Done {
                finish_reason: warden_llm::FinishReason::Stop,
                usage: None,
            })])
            .collect();
        let sent = std::sync::Mutex::new(Vec::new());
        let emit = |event: EngineEvent| {
            sent.lock().unwrap().push(event);
            std::future::ready(())
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let turn = runtime
            .block_on(read(
                Box::pin(futures_util::stream::iter(events)),
                ToolStyle::Native,
                &ToolNames::new(["docker_ps", "docker_logs"]),
                &emit,
                &CancellationToken::new(),
            ))
            .unwrap_or_else(|_| panic!("the turn reads"));
        let (mut answer, mut thinking) = (String::new(), Vec::new());
        for event in sent.into_inner().unwrap() {
            if let EngineEvent::AnswerDelta { text } = &event {
                answer.push_str(text);
            } else if let EngineEvent::Thinking { text } = event {
                thinking.push(text);
            }
        }
        (turn, answer, thinking)
    }

    /// Ollama's command-line frame around the model's thinking (`Thinking...` to `...done
    /// thinking.`), cut into two pieces at every point and into single characters: the call
    /// only considered inside never runs and never shows, whatever piece its tokens arrive in.
    #[test]
    fn a_call_inside_ollama_s_thinking_frame_never_runs_wherever_the_stream_splits_it() {
        let thought = "I could restart web with <tool_call>{\"name\": \"docker_logs\", \"arguments\": {\"container\": \"web\"}}</tool_call> but first I look.";
        for (text, calls, answer) in [
            (
                format!("Thinking...\n{thought}\n...done thinking.\n\nAll containers run."),
                0,
                "All containers run.",
            ),
            (
                format!(
                    "Thinking...\n{thought}\n...done thinking.\n\n<tool_call>{{\"name\": \"docker_ps\", \"arguments\": {{}}}}</tool_call>"
                ),
                1,
                "",
            ),
        ] {
            let mut splits: Vec<Vec<String>> = (1..text.len())
                .filter(|&at| text.is_char_boundary(at))
                .map(|at| vec![text[..at].to_owned(), text[at..].to_owned()])
                .collect();
            splits.push(text.chars().map(String::from).collect());
            for pieces in splits {
                let (turn, shown, thinking) = read_pieces(pieces.clone());
                assert_eq!(turn.calls.len(), calls, "{pieces:?}");
                assert!(
                    turn.calls.iter().all(|call| call.name == "docker_ps"),
                    "{pieces:?}"
                );
                assert_eq!(thinking, vec![thought.to_owned()], "{pieces:?}");
                if calls == 0 {
                    assert_eq!(turn.text, answer, "{pieces:?}");
                    assert_eq!(shown, answer, "only the answer shows: {pieces:?}");
                } else {
                    assert!(!shown.contains("docker_logs"), "{pieces:?}");
                }
            }
        }
    }

    #[test]
    fn after_a_plain_label_another_roles_turn_is_held() {
        let text = "Assistant: All fine.\nUser: thanks";
        let allowed = streamable_(text, 11, true);
        assert_eq!(allowed, (text.len(), false));
        assert_eq!(before_plain_turn(text, 11, 11, allowed), (20, true));
        let arriving = "Assistant: All fine.\nHum";
        let allowed = streamable_(arriving, 11, true);
        assert_eq!(before_plain_turn(arriving, 11, 11, allowed), (20, false));
        let plain = "Assistant: All fine.\nThe rest";
        let allowed = streamable_(plain, 11, true);
        assert_eq!(before_plain_turn(plain, 11, 11, allowed), allowed);
    }
}
