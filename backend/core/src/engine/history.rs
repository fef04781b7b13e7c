//! The conversation sent to the model, within a budget: the current turn always, earlier turns
//! newest first until the budget is spent, with a note where older ones were left out.

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
        out.push(ChatMessage::system(format!(
            "[{omitted} earlier messages of this conversation are not shown]"
        )));
    }
    out.extend(kept);
    out.extend(current.iter().cloned());
    out
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
            contents,
            vec![
                "[7 earlier messages of this conversation are not shown]",
                "message number 07",
                "message number 08",
                "message number 09",
                "now"
            ]
        );
        assert_eq!(within_budget(&history, &current, 10_000).len(), 11);
    }
}
