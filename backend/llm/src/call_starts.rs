//! Where a Python call to a known tool may start in text still streaming, so a reader can hold
//! the text from there rather than show half a call as the answer. Only where
//! [`crate::pythonic`] reads a call: a bracketed list whose first callee is a known tool
//! (`[docker_ps(all=True)]`) anywhere, and a call without brackets (`docker_ps(all=True)`) at
//! the answer's start, where the whole text may be calls. A sentence that mentions
//! `docker_ps(all=True)` later streams on: it is the answer.

use crate::names::ToolNames;

/// What the streamed text so far says of a Python call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A call to a known tool starts at this byte: hold the text from there.
    At(usize),
    /// A call may be arriving from this byte (a known tool's name, cut off): keep the text
    /// from there back until more arrives.
    Maybe(usize),
    /// No call starts in the text.
    None,
}

/// The longest name looked at.
const MAX_NAME: usize = 128;

/// Where a Python call to a `known` tool starts in `text`; `answer_start` says whether `text`
/// begins where the answer does (its leading whitespace skipped), where calls need no brackets.
pub fn python(text: &str, answer_start: bool, known: &ToolNames) -> Start {
    let mut maybe = None;
    if answer_start {
        match callee(text, known) {
            Callee::Known => return Start::At(0),
            Callee::Partial => maybe = Some(0),
            Callee::Other => {}
        }
    }
    for (at, _) in text.match_indices('[') {
        let after = &text[at + 1..];
        match callee(after.trim_start(), known) {
            Callee::Known => return Start::At(at),
            Callee::Partial => {
                maybe.get_or_insert(at);
            }
            Callee::Other => {}
        }
    }
    maybe.map_or(Start::None, Start::Maybe)
}

enum Callee {
    /// A known tool's name followed by `(`.
    Known,
    /// The text ends in what may be a known tool's name, or nothing yet.
    Partial,
    Other,
}

/// What the name at the start of `text` is (letters, digits, `_`, `-`, `.` as in
/// `default_api.docker_ps`).
fn callee(text: &str, known: &ToolNames) -> Callee {
    let len = text
        .char_indices()
        .take(MAX_NAME + 1)
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(text.len(), |(at, _)| at);
    let name = &text[..len];
    // The part after a namespace (`default_api.docker_p`).
    let bare = name.rsplit('.').next().unwrap_or(name);
    match text[len..].chars().next() {
        None if name.len() <= MAX_NAME && known.may_start(bare) => Callee::Partial,
        Some('(') if known.resolve(name).is_some() => Callee::Known,
        None | Some(_) => Callee::Other,
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    fn start(text: &str, answer_start: bool) -> Start {
        python(
            text,
            answer_start,
            &ToolNames::new(["docker_ps", "docker_logs"]),
        )
    }

    #[test]
    fn a_call_holds_where_the_reader_would_read_it() {
        assert_eq!(start("docker_ps(all=True)", true), Start::At(0));
        assert_eq!(start("default_api.docker_ps(", true), Start::At(0));
        assert_eq!(
            start("Checking.\n[docker_logs(container=", false),
            Start::At(10)
        );
        assert_eq!(start("[ docker_ps()]", false), Start::At(0));
        assert_eq!(start("docker_l", true), Start::Maybe(0), "a name arriving");
        assert_eq!(start("Checking. [docker", false), Start::Maybe(10));
        assert_eq!(start("Checking. [", false), Start::Maybe(10));
    }

    #[test]
    fn prose_and_other_names_stream_on() {
        assert_eq!(
            start("Run docker_ps(all=True) to see them.", true),
            Start::None,
            "a call mid-sentence is the answer"
        );
        assert_eq!(
            start("docker_ps(all=True)", false),
            Start::None,
            "after shown text"
        );
        assert_eq!(start("print(x)", true), Start::None);
        assert_eq!(start("See [the docs](https://x).", false), Start::None);
        assert_eq!(start("docker_stats(", true), Start::None);
        assert_eq!(
            start("Docker", true),
            Start::Maybe(0),
            "may start `docker_ps`"
        );
        assert_eq!(start("Docker is up.", true), Start::None);
    }
}
