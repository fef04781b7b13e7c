//! Extractive conversation summaries, for when no model is configured (or it fails): what the
//! user asked first, what Warden concluded last, and what else was asked, each cut short.

/// The longest summary (characters).
pub const MAX_CHARS: usize = 800;

/// One turn of a conversation: who spoke (`user` or `assistant`) and what was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub role: String,
    pub content: String,
}

fn first_sentence(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = text
        .char_indices()
        .find(|(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let sentence = &text[..end];
    if sentence.chars().count() > max {
        format!("{}…", sentence.chars().take(max).collect::<String>())
    } else {
        sentence.to_owned()
    }
}

/// A summary of `turns` in a few sentences; None when there is nothing to summarise.
pub fn extractive(title: &str, turns: &[Turn]) -> Option<String> {
    let asked: Vec<&Turn> = turns
        .iter()
        .filter(|t| t.role == "user" && !t.content.trim().is_empty())
        .collect();
    let first = asked.first()?;
    let mut text = format!(
        "Conversation \"{}\": the user asked: {}",
        first_sentence(title, 80),
        first_sentence(&first.content, 200)
    );
    if let Some(answer) = turns
        .iter()
        .rev()
        .find(|t| t.role == "assistant" && !t.content.trim().is_empty())
    {
        text.push_str(&format!(
            " Warden answered: {}",
            first_sentence(&answer.content, 240)
        ));
    }
    let later: Vec<String> = asked
        .iter()
        .skip(1)
        .rev()
        .take(3)
        .rev()
        .map(|t| first_sentence(&t.content, 120))
        .collect();
    if !later.is_empty() {
        text.push_str(&format!(" Also asked: {}", later.join(" | ")));
    }
    if text.chars().count() > MAX_CHARS {
        text = text.chars().take(MAX_CHARS).collect();
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    fn turn(role: &str, content: &str) -> Turn {
        Turn {
            role: role.to_owned(),
            content: content.to_owned(),
        }
    }

    #[test]
    fn first_question_last_answer_and_what_else_was_asked() {
        let turns = vec![
            turn("user", "Why is /var full? It was fine yesterday."),
            turn("assistant", "Looking."),
            turn("tool", "disk_usage output"),
            turn("user", "Can you prune the build cache?"),
            turn(
                "assistant",
                "Docker's build cache took 40 GB. I pruned it and /var is at 61%.",
            ),
        ];
        assert_eq!(
            extractive("Why is /var full?", &turns).as_deref(),
            Some(
                "Conversation \"Why is /var full?\": the user asked: Why is /var full? \
                 Warden answered: Docker's build cache took 40 GB. \
                 Also asked: Can you prune the build cache?"
            )
        );
        assert_eq!(extractive("empty", &[turn("assistant", "hello")]), None);
        let long = vec![turn("user", &"word ".repeat(2000))];
        let summary = extractive("t", &long).unwrap_or_default();
        assert!(
            summary.ends_with('…') && summary.chars().count() < 300,
            "{summary}"
        );
    }
}
