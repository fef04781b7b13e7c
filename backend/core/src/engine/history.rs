//! The conversation sent to the model, within a budget: the current turn always, earlier turns
//! newest first until the budget is spent, and the older ones summarised: what the user asked, which
//! tools ran, the last answer. The summary is extracted, not generated, so it costs no model call
//! and cannot invent anything.

use warden_llm::{ChatMessage, Role};

fn size(message: &ChatMessage) -> usize {
    message.content.len()
        + message
            .tool_calls
            .iter()
            .map(|c| c.name.len() + c.arguments.to_string().len())
            .sum::<usize>()
}

pub fn within_budget(
    history: &[ChatMessage],
    current: &[ChatMessage],
    budget: usize,
) -> Vec<ChatMessage> {
    let mut remaining = budget.saturating_sub(current.iter().map(size).sum());
    let mut kept = Vec::new();
    for message in history.iter().rev() {
        let cost = size(message);
        if cost > remaining {
            break;
        }
        remaining -= cost;
        kept.push(message.clone());
    }
    // Never start with a tool result whose call was cut off.
    while kept.last().is_some_and(|m| m.role == Role::Tool) {
        kept.pop();
    }
    kept.reverse();
    let omitted = history.len() - kept.len();
    let mut out = Vec::new();
    if omitted > 0 {
        out.push(ChatMessage::system(summary(&history[..omitted])));
    }
    out.extend(kept);
    out.extend(current.iter().cloned());
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
    use super::*;

    #[test]
    fn keeps_the_newest_turns_within_the_budget() {
        let history: Vec<ChatMessage> = (0..10)
            .map(|i| ChatMessage::user(format!("message number {i:02}")))
            .collect();
        let current = vec![ChatMessage::user("now")];
        let sent = within_budget(&history, &current, 60);
        let contents: Vec<&str> = sent.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(
            contents[1..],
            [
                "message number 07",
                "message number 08",
                "message number 09",
                "now"
            ]
        );
        assert!(
            contents[0].starts_with("Summary of 7 earlier messages"),
            "{}",
            contents[0]
        );
        assert!(
            contents[0].contains("- the user asked: message number 06"),
            "{}",
            contents[0]
        );
        assert!(
            !contents[0].contains("message number 01"),
            "at most five questions: {}",
            contents[0]
        );
        assert_eq!(within_budget(&history, &current, 10_000).len(), 11);
    }

    #[test]
    fn the_summary_names_tools_and_the_last_answer() {
        let call = |name: &str| warden_llm::ToolCall {
            id: "c".to_owned(),
            name: name.to_owned(),
            arguments: serde_json::json!({}),
        };
        let history = vec![
            ChatMessage::user("Why is the disk full?"),
            ChatMessage::assistant("", vec![call("disk_usage"), call("docker_images")]),
            ChatMessage::tool_result(&call("disk_usage"), "/ 92%"),
            ChatMessage::assistant("", vec![call("disk_usage")]),
            ChatMessage::assistant("Docker build cache fills /var; prune it.", Vec::new()),
            ChatMessage::user("x".repeat(5000)),
        ];
        let sent = within_budget(&history, &[ChatMessage::user("now")], 10);
        let summary = &sent[0].content;
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
}
