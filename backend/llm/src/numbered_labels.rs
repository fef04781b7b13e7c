//! ReAct's labels numbered by step, as the ReAct paper writes its trajectories (`Thought 1:`,
//! `Action 1:`, `Action Input 1:`, `Observation 1:`, `Act 2:`, `Obs 2:`), rewritten without the
//! number so the readers of the plain labels read them (the paper's `Act` and `Obs` as
//! `Action` and `Observation`): the call is the step's `Action`, and a
//! numbered `Observation` after it is a result the model made up, as the plain one is.
//!
//! Only a label the readers know, at a line's start (after list marks, heading marks or bold),
//! with the number right before its colon: `Thought 1: ...` in a sentence's middle, or a label
//! of another word (`Step 1:`, `Item 2:`), stays as written.

use crate::line_rewrites::Rewritten;

/// ReAct's labels, longest first so `Action Input` is not read as `Action`.
const LABELS: &[&str] = &[
    "action input",
    "final answer",
    "observation",
    "thought",
    "action",
    "act",
    "obs",
];

/// The most digits a step's number is read with.
const MAX_DIGITS: usize = 3;

/// `text` with the numbers taken off its numbered ReAct labels, or None when it has none; its
/// [`Rewritten::restore`] gives the lines kept beside the calls their numbers back (`Thought
/// 1:`, as the model wrote it): the numbers are taken off for the readers only.
pub fn rewrite(text: &str) -> Option<Rewritten> {
    Rewritten::lines(text, unnumbered, |_| false)
}

/// `line` without the number of its ReAct label, or None when it opens with no numbered label.
fn unnumbered(line: &str) -> Option<String> {
    let marks = line.len() - line.trim_start_matches(['-', '*', '#', ' ', '\t']).len();
    let body = &line[marks..];
    let label = LABELS.iter().find(|label| {
        body.get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label))
    })?;
    let after = &body[label.len()..];
    let spaced = after.trim_start_matches([' ', '\t']);
    if spaced.len() == after.len() {
        return None;
    }
    let digits = spaced.len()
        - spaced
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 || digits > MAX_DIGITS {
        return None;
    }
    let tail = &spaced[digits..];
    // The colon right after the number, in bold or not (`**Action 1:**`, `**Action 1**:`).
    if !tail.trim_start_matches('*').starts_with(':') {
        return None;
    }
    // The paper's short labels, spelled as the readers know them.
    let written = &body[..label.len()];
    let name = match *label {
        "act" => "Action",
        "obs" => "Observation",
        _ => written,
    };
    Some(format!("{}{name}{tail}", &line[..marks]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_react_label_loses_its_number_and_nothing_else() {
        for (text, want) in [
            ("Thought 1: list them.\n", "Thought: list them.\n"),
            ("Action 1: docker_ps", "Action: docker_ps"),
            ("Action Input 12: {}", "Action Input: {}"),
            ("**Action 2:** docker_ps", "**Action:** docker_ps"),
            ("**Observation 3**: web", "**Observation**: web"),
            ("- Act 1: docker_ps[all]", "- Action: docker_ps[all]"),
            ("Obs 1: web up", "Observation: web up"),
        ] {
            assert_eq!(
                rewrite(text).map(|u| u.text).as_deref(),
                Some(want),
                "{text}"
            );
        }
    }

    #[test]
    fn other_labels_and_numbers_in_prose_stay_as_written() {
        for text in [
            "Step 1: list them.",
            "Thought: list them.",
            "Action items 2: none",
            "Thought 1 of mine is this.",
            "My Thought 1: x",
            "Actions 1: x",
            "Thought 1234: x",
            "Acting 1: x",
        ] {
            assert!(rewrite(text).is_none(), "{text}");
        }
    }

    #[test]
    fn the_lines_kept_beside_the_call_get_their_numbers_back() {
        let text = "Thought 1: list them.\nAction 1: docker_ps\n**Thought 2:** done.\n";
        let unnumbered = rewrite(text).unwrap();
        // The readers took the action out and kept the thoughts.
        let rest = "Thought: list them.\n  **Thought:** done.";
        assert_eq!(
            unnumbered.restore(rest),
            "Thought 1: list them.\n  **Thought 2:** done."
        );
        // A line the readers changed is left as they wrote it.
        assert_eq!(unnumbered.restore("list them."), "list them.");
    }
}
