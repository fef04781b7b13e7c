//! The `Thought:` lines of a ReAct exchange the model wrote on past its call: `Thought:`, then
//! `Action:` and its input, then an `Observation:` it made up (and more thoughts, a `Final
//! Answer:`). The made-up part is cut where the call is read; the thoughts left before the
//! `Action:` are the scratchpad of that exchange, reasoning as they are where the model goes
//! straight to `Final Answer:` ([`crate::reasoning`]), not the answer's words.

/// The reasoning and the answer left of `rest` (the text with the call and the made-up part
/// taken out) when `text`, as the model wrote it, is a ReAct exchange that goes on past its
/// call: an `Action:` line and, after it, an `Observation:` line, outside fences. `Thought:`
/// lines (and the lines going on with one, to a blank line or another label) are the
/// reasoning, without their labels; None when `rest` holds none or `text` is no such exchange.
pub fn split(text: &str, rest: &str) -> Option<(String, String)> {
    if !goes_on_past_call(text) {
        return None;
    }
    let (mut thoughts, mut kept) = (Vec::new(), Vec::new());
    let mut fenced = false;
    let mut in_thought = false;
    for line in rest.split('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            in_thought = false;
        }
        let labelled = !fenced && !line.starts_with([' ', '\t']);
        if let Some(thought) = labelled
            .then(|| crate::reasoning::react_label(line, "Thought"))
            .flatten()
        {
            thoughts.push(thought);
            in_thought = true;
            continue;
        }
        // A thought written over several lines goes on to a blank line or another label, on
        // the lines right after it as the model wrote them (not lines the call stood between).
        if in_thought
            && !line.trim().is_empty()
            && !has_label(line)
            && kept_after(text, thoughts.last().copied().unwrap_or_default(), line)
        {
            thoughts.push(line.trim());
            continue;
        }
        in_thought = false;
        kept.push(line);
    }
    if thoughts.is_empty() {
        return None;
    }
    Some((thoughts.join("\n"), kept.join("\n").trim().to_owned()))
}

/// Whether `text` holds an `Action:` line outside fences and, after it, an `Observation:`
/// line, both at a line's start: the model wrote the tool's output itself, fenced or not (an
/// action inside a fence is one shown, whatever follows it).
fn goes_on_past_call(text: &str) -> bool {
    let mut fenced = false;
    let mut acted = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if !fenced && crate::reasoning::react_label(line, "Action").is_some() {
            acted = true;
        } else if acted && crate::reasoning::react_label(line, "Observation").is_some() {
            return true;
        }
    }
    false
}

/// Whether `line` stands right after the line ending in `previous` in `text`.
fn kept_after(text: &str, previous: &str, line: &str) -> bool {
    !previous.is_empty() && text.contains(&format!("{previous}\n{line}"))
}

/// Whether `line` opens with a ReAct label of its own.
fn has_label(line: &str) -> bool {
    [
        "Thought",
        "Action",
        "Action Input",
        "Observation",
        "Final Answer",
    ]
    .iter()
    .any(|name| crate::reasoning::react_label(line, name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thoughts_of_an_exchange_made_up_past_its_call_are_reasoning() {
        let text = "Thought: I need the list.\nAction: docker_ps\nAction Input: {}\nObservation: web\nFinal Answer: one.";
        assert_eq!(
            split(text, "Thought: I need the list."),
            Some(("I need the list.".to_owned(), String::new()))
        );
        let text = "**Thought:** I need\nthe whole list.\n\nChecking.\n**Action:** docker_ps\n**Observation:** web";
        assert_eq!(
            split(text, "**Thought:** I need\nthe whole list.\n\nChecking."),
            Some(("I need\nthe whole list.".to_owned(), "Checking.".to_owned()))
        );
    }

    #[test]
    fn an_exchange_that_stops_at_its_call_or_shows_one_in_a_fence_keeps_its_thought() {
        let text = "Thought: I need the list.\nAction: docker_ps\nAction Input: {}";
        assert_eq!(split(text, "Thought: I need the list."), None);
        let text = "Thought: here is the format.\n```\nAction: docker_ps\nObservation: web\n```";
        assert_eq!(split(text, "Thought: here is the format."), None);
        // No action before the observation: nothing of a ReAct call.
        let text = "Thought: note.\nObservation: web is up.\nAction: docker_ps";
        assert_eq!(split(text, "Thought: note."), None);
        // A line the call stood between goes on with no thought.
        let text = "Thought: list.\nAction: docker_ps\nPAUSE\nObservation: web";
        assert_eq!(
            split(text, "Thought: list.\nPAUSE"),
            Some(("list.".to_owned(), "PAUSE".to_owned()))
        );
    }
}
