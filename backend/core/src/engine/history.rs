//! The conversation sent to the model, within a budget: earlier turns newest first until the
//! budget is spent, and the older ones summarised: what the user asked, which tools ran, the last
//! answer. The summary is extracted, not generated, so it costs no model call and cannot invent
//! anything. Before anything is sent, the history is made valid for the strictest server: every
//! call has exactly one result right after it, and no result stands without its call.

use std::collections::HashSet;

use warden_llm::{ChatMessage, Role};

use super::tokens;

/// Earlier messages that fit `budget` tokens, and a summary of the ones that do not.
pub fn within_budget(history: &[ChatMessage], budget: u32) -> (Vec<ChatMessage>, Option<String>) {
    let history = paired(history);
    let mut remaining = budget;
    let mut start = history.len();
    // Whole steps only: an assistant's calls and their results go or stay together.
    for at in (0..history.len()).rev() {
        let cost = tokens::message(&history[at]);
        if cost > remaining {
            break;
        }
        remaining -= cost;
        start = at;
    }
    while start < history.len() && history[start].role == Role::Tool {
        start += 1;
    }
    let kept = history[start..].to_vec();
    let summary = (start > 0).then(|| summary(&history[..start]));
    (kept, summary)
}

/// The messages made valid: each assistant call followed by its one result (a missing result is
/// written, saying none was recorded), results without a call dropped, and every call id present
/// and unique in the conversation (an empty or repeated id is replaced in the call and its result).
pub fn paired(messages: &[ChatMessage]) -> Vec<ChatMessage> {
    let mut out = Vec::with_capacity(messages.len());
    let mut seen: HashSet<String> = HashSet::new();
    let mut at = 0;
    while at < messages.len() {
        let message = &messages[at];
        at += 1;
        match message.role {
            Role::Tool => {
                tracing::debug!("a tool result without its call was left out of the history");
            }
            Role::System | Role::User => out.push(message.clone()),
            Role::Assistant if message.tool_calls.is_empty() => out.push(message.clone()),
            Role::Assistant => {
                let mut results: Vec<ChatMessage> = Vec::new();
                while at < messages.len() && messages[at].role == Role::Tool {
                    results.push(messages[at].clone());
                    at += 1;
                }
                let mut calls = message.tool_calls.clone();
                let mut answers = Vec::with_capacity(calls.len());
                for call in &mut calls {
                    // The result naming this call; else the first unclaimed one of its tool.
                    let found = results
                        .iter()
                        .position(|r| {
                            !call.id.is_empty()
                                && r.tool_call_id.as_deref() == Some(call.id.as_str())
                        })
                        .or_else(|| {
                            results.iter().position(|r| {
                                r.tool_name.as_deref() == Some(call.name.as_str())
                                    && r.tool_call_id
                                        .as_deref()
                                        .is_none_or(|id| id.is_empty() || id == call.id)
                            })
                        })
                        .map(|i| results.remove(i));
                    if call.id.is_empty() || !seen.insert(call.id.clone()) {
                        call.id = warden_llm::calls::fresh_id();
                        seen.insert(call.id.clone());
                    }
                    let content = found.map_or_else(
                        || "No result was recorded for this call; it may not have run.".to_owned(),
                        |r| r.content,
                    );
                    answers.push(ChatMessage::tool_result(call, content));
                }
                out.push(ChatMessage::assistant(message.content.clone(), calls));
                out.extend(answers);
            }
        }
    }
    out
}

const SUMMARY_QUESTIONS: usize = 5;
const SUMMARY_CHARS: usize = 160;

fn clip(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}

/// What the omitted messages held, in a few bounded lines.
fn summary(omitted: &[ChatMessage]) -> String {
    let mut lines = vec![format!(
        "Summary of {} earlier messages of this conversation (not shown in full):",
        omitted.len()
    )];
    let questions: Vec<String> = omitted
        .iter()
        .filter(|m| m.role == Role::User)
        .map(|m| clip(&m.content, SUMMARY_CHARS))
        .collect();
    let shown = questions.len().saturating_sub(SUMMARY_QUESTIONS);
    for question in &questions[shown..] {
        lines.push(format!("- the user asked: {question}"));
    }
    let mut tools: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for call in omitted.iter().flat_map(|m| m.tool_calls.iter()) {
        *tools.entry(call.name.as_str()).or_default() += 1;
    }
    if !tools.is_empty() {
        let used: Vec<String> = tools
            .iter()
            .map(|(name, n)| {
                if *n > 1 {
                    format!("{name} ×{n}")
                } else {
                    (*name).to_owned()
                }
            })
            .collect();
        lines.push(format!("- tools used: {}", used.join(", ")));
    }
    if let Some(answer) = omitted
        .iter()
        .rev()
        .find(|m| m.role == Role::Assistant && m.tool_calls.is_empty() && !m.content.is_empty())
    {
        lines.push(format!(
            "- the last answer: {}",
            clip(&answer.content, SUMMARY_CHARS * 2)
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    fn call(id: &str, name: &str) -> warden_llm::ToolCall {
        warden_llm::ToolCall {
            id: id.to_owned(),
            name: name.to_owned(),
            arguments: serde_json::json!({}),
        }
    }

    #[test]
    fn keeps_the_newest_turns_within_the_budget() {
        let history: Vec<ChatMessage> = (0..10)
            .map(|i| ChatMessage::user(format!("message number {i:02}")))
            .collect();
        let one = tokens::message(&history[0]);
        let (kept, summary) = within_budget(&history, one * 3);
        let contents: Vec<&str> = kept.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(
            contents,
            [
                "message number 07",
                "message number 08",
                "message number 09"
            ]
        );
        let summary = summary.unwrap_or_default();
        assert!(
            summary.starts_with("Summary of 7 earlier messages"),
            "{summary}"
        );
        assert!(
            summary.contains("- the user asked: message number 06"),
            "{summary}"
        );
        assert!(
            !summary.contains("message number 01"),
            "at most five questions: {summary}"
        );
        let (all, none) = within_budget(&history, 10_000);
        assert_eq!((all.len(), none), (10, None));
    }

    #[test]
    fn the_summary_names_tools_and_the_last_answer() {
        let history = vec![
            ChatMessage::user("Why is the disk full?"),
            ChatMessage::assistant(
                "",
                vec![call("a", "disk_usage"), call("b", "docker_images")],
            ),
            ChatMessage::tool_result(&call("a", "disk_usage"), "/ 92%"),
            ChatMessage::tool_result(&call("b", "docker_images"), "3 images"),
            ChatMessage::assistant("", vec![call("c", "disk_usage")]),
            ChatMessage::tool_result(&call("c", "disk_usage"), "/ 92%"),
            ChatMessage::assistant("Docker build cache fills /var; prune it.", Vec::new()),
            ChatMessage::user("x".repeat(5000)),
        ];
        let (_, summary) = within_budget(&history, 10);
        let summary = summary.unwrap_or_default();
        assert!(
            summary.contains("- tools used: disk_usage ×2, docker_images"),
            "{summary}"
        );
        assert!(
            summary.contains("- the last answer: Docker build cache fills /var; prune it."),
            "{summary}"
        );
        assert!(summary.len() < 1500, "bounded: {}", summary.len());
    }

    #[test]
    fn histories_strict_servers_refuse_are_repaired() {
        let history = vec![
            ChatMessage::user("q1"),
            // A run that ended while its call was open: no result stored.
            ChatMessage::assistant("", vec![call("open", "docker_ps")]),
            ChatMessage::user("q2"),
            // Empty ids, twice, with their results.
            ChatMessage::assistant("", vec![call("", "disk_usage"), call("", "docker_ps")]),
            ChatMessage::tool_result(&call("", "disk_usage"), "/ 92%"),
            ChatMessage::tool_result(&call("", "docker_ps"), "web up"),
            // A result whose call is gone.
            ChatMessage::tool_result(&call("lost", "docker_ps"), "orphan"),
            // An id used before.
            ChatMessage::assistant("", vec![call("open", "system_info")]),
            ChatMessage::tool_result(&call("open", "system_info"), "up 3 days"),
        ];
        let fixed = paired(&history);
        let shape: Vec<String> = fixed
            .iter()
            .map(|m| match m.role {
                Role::Assistant => format!(
                    "assistant:{}",
                    m.tool_calls
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                ),
                Role::Tool => format!(
                    "tool:{}:{}",
                    m.tool_name.clone().unwrap_or_default(),
                    m.content
                ),
                Role::User | Role::System => m.content.clone(),
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                "q1",
                "assistant:docker_ps",
                "tool:docker_ps:No result was recorded for this call; it may not have run.",
                "q2",
                "assistant:disk_usage+docker_ps",
                "tool:disk_usage:/ 92%",
                "tool:docker_ps:web up",
                "assistant:system_info",
                "tool:system_info:up 3 days",
            ]
        );
        let mut ids = HashSet::new();
        for m in &fixed {
            for c in &m.tool_calls {
                assert!(
                    !c.id.is_empty() && ids.insert(c.id.clone()),
                    "unique ids: {fixed:?}"
                );
            }
        }
        // Each result answers the call right before it, by id.
        assert_eq!(
            fixed[2].tool_call_id.as_deref(),
            Some(fixed[1].tool_calls[0].id.as_str())
        );
        assert_eq!(
            fixed[5].tool_call_id.as_deref(),
            Some(fixed[4].tool_calls[0].id.as_str())
        );
        assert_eq!(
            fixed[6].tool_call_id.as_deref(),
            Some(fixed[4].tool_calls[1].id.as_str())
        );
        assert_eq!(
            fixed[8].tool_call_id.as_deref(),
            Some(fixed[7].tool_calls[0].id.as_str())
        );
    }
}
