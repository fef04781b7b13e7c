//! A prompt that fits. For one model's window, in this order of need: a reserve for the answer;
//! the system prompt and the operator's message (without them there is no request); the tools the
//! request needs (at least a few, more when the window allows); the current turn's calls and
//! results (results cut to fit, newest kept longest); memories; and earlier turns, newest first,
//! the rest summarised. Token counts are conservative estimates ([`super::tokens`]), so a prompt
//! built here is accepted by a backend whose window is what Warden believes it is.

use warden_llm::{ChatMessage, ChatRequest, Fit, Role, ToolStyle};

use super::prompt::{self, System};
use super::select::{self, Ranking, Selection};
use super::{history, tokens};

/// Everything a request is built from.
pub struct Parts<'a> {
    pub host_facts: &'a str,
    /// Recalled memories, best first, as the prompt quotes them; as many as fit are used.
    pub memories: &'a [String],
    /// Earlier turns of the conversation.
    pub history: &'a [ChatMessage],
    /// This turn so far: the operator's message, then calls and results.
    pub transcript: &'a [ChatMessage],
    /// Every tool the caller may use, ranked once per run against the operator's message and
    /// their recent ones, tools called earlier in the conversation kept in view.
    pub ranking: &'a Ranking<'a>,
    /// Tools called in this run (always offered in full).
    pub called: &'a [String],
    pub temperature: Option<f32>,
}

/// A request and what went into it.
#[derive(Debug, Clone)]
pub struct Built {
    pub request: ChatRequest,
    /// Estimated tokens of the whole prompt.
    pub prompt_tokens: u32,
    /// Estimated tokens of the tool schemas and catalogue.
    pub tool_tokens: u32,
    pub offered: Vec<String>,
    /// How many of the memories (the first ones of [`Parts::memories`]) the prompt holds.
    pub memories: usize,
}

/// Results are never cut below this (they still say what happened).
const MIN_RESULT_TOKENS: u32 = 48;
/// The most of the prompt that memories may take (a tenth).
const MEMORY_SHARE: u32 = 10;

pub fn build(parts: &Parts<'_>, fit: Fit) -> Result<Built, String> {
    let window = fit.context_tokens;
    let reserve = tokens::answer_reserve(window);
    // In estimate units: a backend known to count more than the estimate gets a smaller prompt.
    let available = fit.in_estimate(window.saturating_sub(reserve + tokens::PROMPT_OVERHEAD));
    let bare_system = system_text(parts, fit.style, &empty_selection(), None, &[], None);
    let user = parts.transcript.first().map_or(0, tokens::message);
    let fixed = tokens::text(&bare_system) + tokens::MESSAGE_OVERHEAD + user;
    if fixed > available {
        return Err(format!(
            "the message and the system prompt take about {} tokens; the model's window is {window} tokens, {reserve} of them kept for the answer",
            u64::from(fixed) * u64::from(fit.estimate_scale.max(1000)) / 1000
        ));
    }
    // The current turn at its smallest: every message, results cut to the minimum.
    let transcript_min = turn_tokens(parts.transcript, MIN_RESULT_TOKENS);
    let room = available.saturating_sub(fixed.max(tokens::text(&bare_system) + transcript_min));
    let tool_budget = room.min(select::TOOL_TOKENS_TARGET.max(room * 2 / 5));
    let selection = parts.ranking.select(parts.called, tool_budget);
    let native_tools = match fit.style {
        ToolStyle::Native => selection.offered.clone(),
        ToolStyle::Text => Vec::new(),
    };
    // Written once: the system prompt is written up to three times more below.
    let catalogue = select::catalogue_line(&selection.catalogue);
    let catalogue = catalogue.as_deref();
    // [`Selection::tokens`], from the line written above rather than writing it again.
    let tool_tokens = if parts.ranking.tools().is_empty() {
        0
    } else {
        tokens::tools(&selection.offered)
            + catalogue.map_or(0, |line| tokens::text(line) + tokens::MESSAGE_OVERHEAD)
    };
    // Memories, up to a tenth of the prompt, as long as the turn still fits at its smallest.
    let with_tools = system_text(parts, fit.style, &selection, catalogue, &[], None);
    let spent = tokens::text(&with_tools) + tokens::MESSAGE_OVERHEAD + tokens::tools(&native_tools);
    // The fence around memories costs its own tokens, once.
    let memory_fence =
        tokens::text(super::memories::HEADER) + tokens::text(super::memories::FOOTER);
    let mut memory_left = (available / MEMORY_SHARE)
        .saturating_sub(memory_fence)
        .min(available.saturating_sub(spent + transcript_min + memory_fence));
    let mut memories = Vec::new();
    for memory in parts.memories {
        let cost = tokens::text(memory) + 2;
        if cost > memory_left {
            break;
        }
        memory_left -= cost;
        memories.push(memory.clone());
    }
    let with_memories = system_text(parts, fit.style, &selection, catalogue, &memories, None);
    let spent =
        tokens::text(&with_memories) + tokens::MESSAGE_OVERHEAD + tokens::tools(&native_tools);
    let mut left = available.saturating_sub(spent);
    // The current turn, results cut to what is left.
    let transcript = fit_turn(parts.transcript, left);
    left = left.saturating_sub(tokens::messages(&transcript));
    // Earlier turns in what remains; their summary goes into the system prompt.
    let summary_room = (left / 4).min(400);
    let (earlier, summary) =
        history::within_budget(parts.history, left.saturating_sub(summary_room));
    let summary = summary
        .map(|s| tokens::clip(&s, summary_room.saturating_sub(2)).to_owned())
        .filter(|s| !s.is_empty());
    let system = system_text(
        parts,
        fit.style,
        &selection,
        catalogue,
        &memories,
        summary.as_deref(),
    );
    let mut messages = vec![ChatMessage::system(system)];
    messages.extend(prompt::render(&earlier, fit.style));
    messages.extend(prompt::render(&transcript, fit.style));
    let prompt_tokens =
        tokens::messages(&messages) + tokens::tools(&native_tools) + tokens::PROMPT_OVERHEAD;
    Ok(Built {
        request: ChatRequest {
            model: String::new(),
            messages,
            tools: native_tools,
            temperature: parts.temperature,
            max_tokens: Some(reserve),
            context_tokens: Some(window),
        },
        prompt_tokens,
        tool_tokens,
        offered: selection.offered.iter().map(|t| t.name.clone()).collect(),
        memories: memories.len(),
    })
}

fn empty_selection() -> Selection {
    Selection {
        offered: Vec::new(),
        catalogue: Vec::new(),
    }
}

fn system_text(
    parts: &Parts<'_>,
    style: ToolStyle,
    selection: &Selection,
    catalogue: Option<&str>,
    memories: &[String],
    summary: Option<&str>,
) -> String {
    prompt::system(&System {
        host_facts: parts.host_facts,
        memories,
        summary,
        text_tools: match style {
            ToolStyle::Text => &selection.offered,
            ToolStyle::Native => &[],
        },
        catalogue,
        tools: !parts.ranking.tools().is_empty(),
    })
}

/// The turn's tokens with every result cut to `per_result`.
fn turn_tokens(turn: &[ChatMessage], per_result: u32) -> u32 {
    turn.iter()
        .map(|m| match m.role {
            Role::Tool => tokens::MESSAGE_OVERHEAD + tokens::text(&m.content).min(per_result),
            Role::System | Role::User | Role::Assistant => tokens::message(m),
        })
        .sum()
}

/// The turn within `budget`: results cut, the older ones first and most.
fn fit_turn(turn: &[ChatMessage], budget: u32) -> Vec<ChatMessage> {
    if tokens::messages(turn) <= budget {
        return turn.to_vec();
    }
    let fixed: u32 = turn
        .iter()
        .filter(|m| m.role != Role::Tool)
        .map(tokens::message)
        .sum();
    let results: Vec<usize> = (0..turn.len())
        .filter(|i| turn[*i].role == Role::Tool)
        .collect();
    let mut room = budget.saturating_sub(fixed + tokens::MESSAGE_OVERHEAD * results.len() as u32);
    let mut caps = vec![MIN_RESULT_TOKENS; results.len()];
    // Newest first: each result takes what it needs of what is left, keeping the minimum for
    // the older ones.
    for (slot, at) in results.iter().enumerate().rev() {
        let keep_for_older = MIN_RESULT_TOKENS * slot as u32;
        let need = tokens::text(&turn[*at].content);
        let cap = need
            .min(room.saturating_sub(keep_for_older))
            .max(MIN_RESULT_TOKENS);
        caps[slot] = cap;
        room = room.saturating_sub(cap);
    }
    let mut out = turn.to_vec();
    for (slot, at) in results.iter().enumerate() {
        let content = &turn[*at].content;
        if tokens::text(content) > caps[slot] {
            let note = "\n[cut to fit the model's context window]";
            let cut = tokens::clip(content, caps[slot].saturating_sub(tokens::text(note)));
            out[*at].content = format!("{cut}{note}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use warden_llm::ToolDefinition;

    use super::*;

    fn tool(name: &str, size: usize) -> ToolDefinition {
        ToolDefinition {
            name: name.to_owned(),
            description: format!("{name} does things"),
            parameters: json!({"type": "object", "properties": {"x": {"type": "string", "description": "y".repeat(size)}}}).into(),
        }
    }

    #[test]
    fn whatever_the_turn_holds_the_prompt_fits_the_window() {
        let tools: Vec<ToolDefinition> = ["docker_ps", "docker_logs", "disk_usage", "system_info"]
            .iter()
            .map(|n| tool(n, 900))
            .collect();
        let call = warden_llm::ToolCall {
            id: "a".to_owned(),
            name: "docker_logs".to_owned(),
            arguments: json!({"container": "web"}),
        };
        let mut transcript = vec![ChatMessage::user(
            "Why does the web container keep crashing?",
        )];
        for _ in 0..4 {
            transcript.push(ChatMessage::assistant("", vec![call.clone()]));
            transcript.push(ChatMessage::tool_result(
                &call,
                "line 2048 error: connection refused\n".repeat(400),
            ));
        }
        let history: Vec<ChatMessage> = (0..40)
            .map(|i| ChatMessage::user(format!("earlier question {i} {}", "z".repeat(300))))
            .collect();
        let ranking = Ranking::new(&tools, "Why does the web container keep crashing?", &[]);
        for window in [1024u32, 2048, 4096, 32_768] {
            let parts = Parts {
                host_facts: "hostname: test",
                memories: &["backups run at 02:00".to_owned()],
                history: &history,
                transcript: &transcript,
                ranking: &ranking,
                called: &["docker_logs".to_owned()],
                temperature: None,
            };
            for style in [ToolStyle::Native, ToolStyle::Text] {
                let built = build(
                    &parts,
                    Fit {
                        style,
                        context_tokens: window,
                        estimate_scale: 1000,
                    },
                )
                .unwrap_or_else(|e| panic!("{window}: {e}"));
                let reserve = tokens::answer_reserve(window);
                assert!(
                    built.prompt_tokens + reserve <= window,
                    "{window} {style:?}: {} + {reserve}",
                    built.prompt_tokens
                );
                assert_eq!(built.request.max_tokens, Some(reserve));
                // The tool tokens are those of what was offered and of the catalogue of the
                // rest, as `Selection::tokens` counts them.
                let offered: Vec<ToolDefinition> = built
                    .offered
                    .iter()
                    .filter_map(|name| tools.iter().find(|t| t.name == *name).cloned())
                    .collect();
                let catalogue = tools
                    .iter()
                    .filter(|t| !built.offered.contains(&t.name))
                    .map(|t| t.name.clone())
                    .collect();
                assert_eq!(
                    built.tool_tokens,
                    Selection { offered, catalogue }.tokens(),
                    "{window} {style:?}"
                );
                if window >= 2048 {
                    assert!(
                        built.offered.contains(&"docker_logs".to_owned()),
                        "the tool the model called stays offered: {window}: {:?}",
                        built.offered
                    );
                }
                let last = built
                    .request
                    .messages
                    .last()
                    .map(|m| m.content.clone())
                    .unwrap_or_default();
                assert!(
                    last.contains("line 2048 error"),
                    "the newest result is kept: {window}"
                );
            }
        }
    }

    #[test]
    fn a_backend_that_counts_more_gets_a_smaller_prompt() {
        let history: Vec<ChatMessage> = (0..60)
            .map(|i| ChatMessage::user(format!("earlier question {i} {}", "z".repeat(300))))
            .collect();
        let transcript = vec![ChatMessage::user("What fills the disk?")];
        let parts = Parts {
            host_facts: "",
            memories: &[],
            history: &history,
            transcript: &transcript,
            ranking: &Ranking::new(&[], "", &[]),
            called: &[],
            temperature: None,
        };
        let fit = |estimate_scale| Fit {
            style: ToolStyle::Native,
            context_tokens: 4096,
            estimate_scale,
        };
        let plain = build(&parts, fit(1000)).unwrap_or_else(|e| panic!("{e}"));
        let scaled = build(&parts, fit(2500)).unwrap_or_else(|e| panic!("{e}"));
        assert!(plain.prompt_tokens > 3000, "{}", plain.prompt_tokens);
        assert!(
            u64::from(scaled.prompt_tokens) * 2500 / 1000 + 512 <= 4096,
            "what the backend will count fits: {}",
            scaled.prompt_tokens
        );
    }

    #[test]
    fn a_message_larger_than_the_window_is_an_error_that_says_so() {
        let transcript = vec![ChatMessage::user("x".repeat(20_000))];
        let parts = Parts {
            host_facts: "",
            memories: &[],
            history: &[],
            transcript: &transcript,
            ranking: &Ranking::new(&[], "", &[]),
            called: &[],
            temperature: None,
        };
        let error = build(
            &parts,
            Fit {
                style: ToolStyle::Native,
                context_tokens: 4096,
                estimate_scale: 1000,
            },
        )
        .err()
        .unwrap_or_default();
        assert!(error.contains("window is 4096 tokens"), "{error}");
    }
}
