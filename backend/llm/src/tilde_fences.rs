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
            let tildes = tildes(line)?;
            let at = index;
            index += 1;
            fences.get(at).copied().unwrap_or(false).then(|| {
                let indent = line.len() - line.trim_start().len();
                format!(
                    "{}{}{}",
                    &line[..indent],
                    "`".repeat(tildes),
                    &line[indent + tildes..]
                )
            })
        },
        |line| line.trim_start().starts_with("```"),
    )
}

/// The number of tildes of the fence marker `line` opens with, or None when it opens with no
/// fence of tildes (an info string holding a tilde is none, as in Markdown).
fn tildes(line: &str) -> Option<usize> {
    let body = line.trim_start();
    let count = body.len() - body.trim_start_matches('~').len();
    (count >= MIN_TILDES && !body[count..].contains('~')).then_some(count)
}

/// For each tilde fence line of `text`, in order, whether it is rewritten: every one but those
/// of a fence holding a line of backticks.
fn rewritable_fences(text: &str) -> Vec<bool> {
    let mut marks = Vec::new();
    // The index in `marks` of the open tilde fence's opener, and whether backticks stood in it.
    let mut open: Option<(usize, bool)> = None;
    for line in text.lines() {
        if tildes(line).is_some() {
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
            // Backticks inside a tilde fence are its text.
            "~~~\n```\n~~~",
        ] {
            assert!(rewrite(text).is_none(), "{text}");
        }
    }
}
