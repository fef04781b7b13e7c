//! Code fences of tildes (`~~~`, `~~~json`, `~~~tool_code`), which Markdown reads as it reads
//! fences of backticks: written as backtick fences for the readers, which know a fence by its
//! backticks (a fenced call, a fence showing an example, a ReAct input in a fence, Gemma's
//! `tool_code`), and given their tildes back in the text kept beside the calls. The marker keeps
//! its length (`~~~~` is four backticks) and its info string.
//!
//! A fence of tildes holding a line of backticks is left as written: the backticks inside are
//! its text, and as backticks its opener would be closed by them.

use crate::line_rewrites::Rewritten;

/// The fewest tildes that open a fence.
const MIN_TILDES: usize = 3;

/// `text` with its tilde fences written as backtick fences, or None when it has none; its
/// [`Rewritten::restore`] gives the fences kept in the text their tildes back.
pub fn rewrite(text: &str) -> Option<Rewritten> {
    if !text.contains("~~~") {
        return None;
    }
    let fences: Vec<bool> = rewritable_fences(text);
    let mut index = 0;
    Rewritten::lines(
        text,
        |line| {
            let (from, tildes) = marker(line)?;
            let at = index;
            index += 1;
            fences.get(at).copied().unwrap_or(false).then(|| {
                format!(
                    "{}{}{}",
                    &line[..from],
                    "`".repeat(tildes),
                    &line[from + tildes..]
                )
            })
        },
        |line| line.trim_start().starts_with("```"),
    )
}

/// Where the tilde fence marker of `line` starts and how many tildes it has: at the line's
/// start, or right after a ReAct `Action:` label (Command R's `Action: ~~~json`, as its
/// `Action: ```json`). None when the line has no fence of tildes there (an info string holding a
/// tilde is none, as in Markdown).
fn marker(line: &str) -> Option<(usize, usize)> {
    let from = match crate::reasoning::react_label(line, "Action") {
        Some(rest) if rest.starts_with('~') => line.find('~')?,
        _ => line.len() - line.trim_start().len(),
    };
    let body = &line[from..];
    let count = body.len() - body.trim_start_matches('~').len();
    (count >= MIN_TILDES && !body[count..].contains('~')).then_some((from, count))
}

/// For each tilde fence line of `text`, in order, whether it is rewritten: every one but those
/// of a fence holding a line of backticks.
fn rewritable_fences(text: &str) -> Vec<bool> {
    let mut marks = Vec::new();
    // The index in `marks` of the open tilde fence's opener, and whether backticks stood in it.
    let mut open: Option<(usize, bool)> = None;
    for line in text.lines() {
        if marker(line).is_some() {
            match open.take() {
                Some((opener, backticks)) => {
                    marks[opener] = !backticks;
                    marks.push(!backticks);
                }
                None => {
                    open = Some((marks.len(), false));
                    marks.push(true);
                }
            }
        } else if line.trim_start().starts_with("```")
            && let Some((_, backticks)) = &mut open
        {
            *backticks = true;
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_fences_read_as_backtick_fences_and_are_given_back() {
        let text = "Run:\n~~~json\n{\"a\": 1}\n~~~\n  ~~~~\nx\n  ~~~~\n";
        assert_eq!(
            rewrite("Action: ~~~json\n[]\n~~~").unwrap().text,
            "Action: ```json\n[]\n```"
        );
        let rewritten = rewrite(text).unwrap();
        assert_eq!(
            rewritten.text,
            "Run:\n```json\n{\"a\": 1}\n```\n  ````\nx\n  ````\n"
        );
        // The readers took the first fence out with its call and kept the second.
        assert_eq!(
            rewritten.restore("Run:\n  ````\nx\n  ````"),
            "Run:\n  ~~~~\nx\n  ~~~~"
        );
    }

    #[test]
    fn backtick_fences_beside_them_keep_their_backticks() {
        let text = "```\na\n```\n~~~\nb\n~~~\n";
        let rewritten = rewrite(text).unwrap();
        assert_eq!(rewritten.text, "```\na\n```\n```\nb\n```\n");
        // Matched in order: the backtick fence kept first is the first fence as written.
        assert_eq!(rewritten.restore("```\na\n```\n"), "```\na\n```\n");
    }

    #[test]
    fn other_tildes_stay_as_written() {
        for text in [
            "~~struck~~ out",
            "about ~~ 5",
            "~~~ a ~ b",
            "Action: x ~~~",
            // Backticks inside a tilde fence are its text.
            "~~~\n```\n~~~",
        ] {
            assert!(rewrite(text).is_none(), "{text}");
        }
    }
}
