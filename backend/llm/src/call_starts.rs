//! Where a Python call to a known tool may start in text still streaming, so a reader can hold
//! the text from there rather than show half a call as the answer. Only where
//! [`crate::pythonic`] reads a call: a bracketed list whose first callee is a known tool
//! (`[docker_ps(all=True)]`) anywhere, and a call without brackets (`docker_ps(all=True)`) at
//! the answer's start, where the whole text may be calls, and after a call label at a line's
//! start (`Tool call: docker_ps(all=True)`, [`crate::pythonic`]'s line labels), held from the
//! label, and inside one of its envelopes (`<execute>docker_ps(`), held from the opener. A
//! sentence that mentions `docker_ps(all=True)` later streams on: it is the answer.

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

/// Where another role's plain turn (`User: thanks`, `Human:`, `### Instruction:`, a stripped
/// `user` header, `Tool: ...`) starts or may be arriving in `answer`, the text after a plain
/// `Assistant:` label (`labelled`, [`crate::reasoning::after_plain_label`]) or the answer
/// itself: a turn the model made up is cut when the answer ends, so it is never shown
/// ([`crate::roles::plain_turn_start`], [`crate::plain_turns::hold_from`]).
pub fn plain_turn(answer: &str, labelled: bool) -> Start {
    // After a label (`User: thanks` before a later `Assistant:`, cut by
    // [`crate::roles::skip_plain_turns`]) and without one (a stripped `user` header, `Tool:
    // ...` after a call, [`crate::plain_turns`]): the first line either holds from. Without
    // a label only the second is cut, so only it holds: a `User:` line it has decided is
    // data streams.
    let starts = [
        labelled
            .then(|| crate::roles::plain_turn_start(answer))
            .flatten(),
        crate::plain_turns::hold_from(answer),
    ];
    let whole = starts
        .iter()
        .flatten()
        .filter(|(_, whole)| *whole)
        .map(|(at, _)| *at)
        .min();
    let cut_off = starts.iter().flatten().map(|(at, _)| *at).min();
    match (whole, cut_off) {
        (Some(at), Some(first)) if at <= first => Start::At(at),
        (_, Some(first)) => Start::Maybe(first),
        (_, None) => Start::None,
    }
}

/// The longest name looked at.
const MAX_NAME: usize = 128;

/// Where a Python call to a `known` tool starts in `text`; `answer_start` says whether `text`
/// begins where the answer does (its leading whitespace skipped), where calls need no brackets.
pub fn python(text: &str, answer_start: bool, known: &ToolNames) -> Start {
    let mut maybe = None;
    let mut found = None;
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
            Callee::Known => {
                found = Some(at);
                break;
            }
            Callee::Partial => {
                maybe.get_or_insert(at);
            }
            Callee::Other => {}
        }
    }
    match enveloped(text, known) {
        Some((at, Callee::Known)) => found = Some(found.map_or(at, |f: usize| f.min(at))),
        Some((at, Callee::Partial)) => maybe = Some(maybe.map_or(at, |m: usize| m.min(at))),
        Some((_, Callee::Other)) | None => {}
    }
    match labelled(text, known) {
        Some((at, Callee::Known)) => found = Some(found.map_or(at, |f: usize| f.min(at))),
        Some((at, Callee::Partial)) => maybe = Some(maybe.map_or(at, |m: usize| m.min(at))),
        Some((_, Callee::Other)) | None => {}
    }
    match (found, maybe) {
        (Some(at), _) => Start::At(at),
        (None, Some(at)) => Start::Maybe(at),
        (None, None) => Start::None,
    }
}

/// The first envelope of Python calls in `text` ([`crate::pythonic`]'s: `<execute>`,
/// `<|python_start|>`, ```` ```tool_code ````...) before a known tool's call, bracketed or not
/// (`Known`), or before what may still become one, or an opener cut off at the text's end
/// (`<exec`, `Partial`): where the envelope starts.
fn enveloped(text: &str, known: &ToolNames) -> Option<(usize, Callee)> {
    let mut partial = None;
    for (opener, _) in crate::pythonic::ENVELOPES {
        if let Some(at) = text.find(opener) {
            let after = text[at + opener.len()..].trim_start();
            let after = after.strip_prefix('[').map_or(after, str::trim_start);
            match callee(after, known) {
                Callee::Known => return Some((at, Callee::Known)),
                Callee::Partial => {
                    partial.get_or_insert(at);
                }
                Callee::Other => {}
            }
        }
        // The opener arriving in pieces.
        if let Some(len) = (1..opener.len())
            .rev()
            .filter(|len| opener.is_char_boundary(*len))
            .find(|len| text.ends_with(&opener[..*len]))
        {
            let at = text.len() - len;
            partial = Some(partial.map_or(at, |p: usize| p.min(at)));
        }
    }
    partial.map(|at| (at, Callee::Partial))
}

/// The first line of `text` that starts with a call label (`Tool call:`, `Calling:`, any
/// case) before a known tool's call, bracketed or not (`Known`), or before what may still
/// become one, or the last line when it may still become such a label (`Partial`): where
/// the line starts. A label before anything else is prose, and streams on.
fn labelled(text: &str, known: &ToolNames) -> Option<(usize, Callee)> {
    let mut line_start = 0;
    let mut partial = None;
    for line in text.split('\n') {
        let at = line_start;
        line_start += line.len() + 1;
        let last = line_start > text.len();
        for label in crate::pythonic::LINE_LABELS {
            let head = line.get(..label.len().min(line.len()));
            let Some(head) = head.filter(|h| {
                label
                    .get(..h.len())
                    .is_some_and(|l| l.eq_ignore_ascii_case(h))
            }) else {
                continue;
            };
            if head.len() < label.len() {
                // `Tool ca` at the text's end: a label may be arriving.
                if last && !head.is_empty() {
                    partial.get_or_insert(at);
                }
                continue;
            }
            let after = line[label.len()..].trim_start();
            let after = after.strip_prefix('[').map_or(after, str::trim_start);
            match callee(after, known) {
                Callee::Known => return Some((at, Callee::Known)),
                Callee::Partial if last => {
                    partial.get_or_insert(at);
                }
                Callee::Partial | Callee::Other => {}
            }
        }
    }
    partial.map(|at| (at, Callee::Partial))
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

/// Where a template's token printed without its bars (`<reserved_special_token_5>`,
/// `<im_start>`, [`crate::roles`]) starts in `text` before another role's word, another tag
/// or the text's end (it may open a turn the model made up, cut when the turn ends), or may be
/// arriving at its end (`<im_st`): a reader holds from it. One before other words
/// (`<read_files> here`) is text.
pub fn bare_token(text: &str) -> Start {
    let roles = || {
        crate::roles::OTHER_ROLES
            .iter()
            .chain(crate::roles::SPEAKER_WORDS)
    };
    let mut arriving = None;
    for (at, _) in text.match_indices('<') {
        let rest = &text[at..];
        if let Some((len, _)) = crate::roles::bare_token(rest) {
            let after = &rest[len..];
            let word_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let word = after[..word_len].to_ascii_lowercase();
            let whole = word_len < after.len();
            let opens = if whole {
                roles().any(|role| *role == word) || (word.is_empty() && after.starts_with('<'))
            } else {
                roles().any(|role| role.starts_with(word.as_str()))
            };
            if opens {
                return Start::At(at);
            }
            continue;
        }
        let name = &rest[1..];
        if name.len() < 48 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            arriving = Some(arriving.map_or(at, |first: usize| first.min(at)));
        }
    }
    let arriving = match (arriving, stripped(text)) {
        (_, Some(Start::At(at))) => return Start::At(at),
        (Some(a), Some(Start::Maybe(b))) => Some(a.min(b)),
        (a, Some(Start::Maybe(b))) => a.or(Some(b)),
        (a, _) => a,
    };
    let arriving = match (arriving, mistral_close(text)) {
        (_, Some(Start::At(at))) => return Start::At(at),
        (Some(a), Some(Start::Maybe(b))) => Some(a.min(b)),
        (a, Some(Start::Maybe(b))) => a.or(Some(b)),
        (a, _) => a,
    };
    // Turn markers with every bracket and bar stripped (`/s INST`, `end user`, `start of turn
    // user`, `EOS ｜User｜`), whole or arriving.
    let arriving = match (arriving, crate::bare_turns::hold_from(text)) {
        (_, Some((at, true))) => return Start::At(at),
        (Some(a), Some((b, false))) => Some(a.min(b)),
        (a, Some((b, false))) => a.or(Some(b)),
        (a, None) => a,
    };
    arriving.map_or(Start::None, Start::Maybe)
}

/// Where a template's token printed with its brackets and bars stripped
/// ([`crate::roles::stripped_token`]) starts in `text` at a turn's position (a line's start,
/// after a sentence's end or another such token): an end token (`eot_id`, `im_end`), taken
/// out or ending the answer when the turn ends, or an opening one before another role's word
/// (`im_start user`, `start_header_id user end_header_id`), which cuts the turn; or may be
/// arriving at its end (`im_sta`, `start_of_turn us`).
fn stripped(text: &str) -> Option<Start> {
    let mut scanned = 0;
    for (at, c) in text.char_indices() {
        if !(c.is_ascii_alphabetic() || c == '|') || !crate::roles::turn_position(text, at) {
            continue;
        }
        scanned += 1;
        if scanned > MAX_SCANNED {
            return None;
        }
        let rest = &text[at..];
        match spelled_end(rest) {
            Some(true) => return Some(Start::At(at)),
            Some(false) => return Some(Start::Maybe(at)),
            None => {}
        }
        let name = rest.strip_prefix('|').unwrap_or(rest);
        let Some(name_len) = crate::roles::ident_len(name) else {
            continue;
        };
        if name_len == name.len() {
            // Cut off: a token's name still arriving.
            let lower = name.to_ascii_lowercase();
            let arriving = !lower.is_empty()
                && crate::roles::STRIPPED_NAMES
                    .iter()
                    .any(|known| known.starts_with(&lower) || lower.starts_with(known));
            if arriving || (name.is_empty() && c == '|') {
                return Some(Start::Maybe(at));
            }
            continue;
        }
        let Some(token) = crate::roles::stripped_token(rest) else {
            continue;
        };
        if token.ends {
            return Some(Start::At(at));
        }
        let after = &rest[token.len..];
        if crate::roles::opens_role(after) {
            return Some(Start::At(at));
        }
        // The role's word still arriving after the token (`im_start us`).
        let word = after.trim_start_matches([' ', '\t']);
        let word: String = word
            .strip_prefix('\n')
            .unwrap_or(word)
            .chars()
            .take(MAX_ROLE_BYTES + 1)
            .collect::<String>()
            .to_ascii_lowercase();
        let roles = crate::roles::OTHER_ROLES
            .iter()
            .chain(crate::roles::SPEAKER_WORDS);
        if word.len() <= MAX_ROLE_BYTES
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && roles
                .clone()
                .any(|role| role.starts_with(word.as_str()) || word.starts_with(role))
        {
            return Some(Start::Maybe(at));
        }
    }
    None
}

/// DeepSeek's end token's words, as a detokenizer spells them with blanks.
const SPELLED_END: &str = "end of sentence";

/// DeepSeek's end of sentence spelled with blanks at the start of `rest`, in any case, its
/// words joined by blanks, `_` or `▁` (`end of sentence`, `END OF SENTENCE`,
/// `end▁of▁sentence`): Some(true) whole with more after it, the answer's end
/// ([`crate::roles::spelled_end_before`]); Some(false) whole or cut off at the text's end
/// (`end of sen`), which may be arriving; None for other words (`End of story`).
fn spelled_end(rest: &str) -> Option<bool> {
    let mut spelled = String::new();
    let mut used = 0;
    for (at, c) in rest.char_indices() {
        let c = match c {
            ' ' | '_' | '▁' => ' ',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => break,
        };
        used = at + rest[at..].chars().next().map_or(1, char::len_utf8);
        if !(c == ' ' && spelled.ends_with(' ')) {
            spelled.push(c);
        }
        if spelled.len() >= SPELLED_END.len() {
            break;
        }
    }
    if spelled.len() < SPELLED_END.len() {
        return (used == rest.len() && !spelled.is_empty() && SPELLED_END.starts_with(&spelled))
            .then_some(false);
    }
    if spelled != SPELLED_END {
        return None;
    }
    match rest[used..].chars().next() {
        None => Some(false),
        Some(c) if c.is_ascii_alphanumeric() => None,
        Some(_) => Some(true),
    }
}

/// The longest role's word still arriving after a stripped token.
const MAX_ROLE_BYTES: usize = 16;

/// The most places [`stripped`] looks at in one text.
const MAX_SCANNED: usize = 4096;

/// Where Mistral's closing control token (`[/INST]`, [`crate::roles::end_token`]) starts in
/// `text`, taken out or ending the answer when the turn ends, or may be arriving at its end
/// (`[/`, `[/IN`).
fn mistral_close(text: &str) -> Option<Start> {
    for (at, _) in text.match_indices("[/").take(MAX_SCANNED) {
        let rest = &text[at..];
        if crate::roles::end_token(rest).is_some() {
            return Some(Start::At(at));
        }
        let name = &rest[2..];
        if name.len() < 48 && name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            return Some(Start::Maybe(at));
        }
    }
    None
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

    #[test]
    fn a_labelled_call_holds_from_its_label() {
        assert_eq!(
            start(
                "I will read the logs.\nTool call: docker_logs(container=",
                false
            ),
            Start::At(22)
        );
        assert_eq!(start("Calling: [docker_ps()]", true), Start::At(0));
        assert_eq!(start("FUNCTION CALL: docker_ps(", false), Start::At(0));
        assert_eq!(
            start("Checking.\nTool call: docker_l", false),
            Start::Maybe(10),
            "a name arriving after the label"
        );
        assert_eq!(start("Checking.\nTool ca", false), Start::Maybe(10));
        assert_eq!(start("Checking.\nCall: ", false), Start::Maybe(10));
    }

    #[test]
    fn an_envelope_of_calls_holds_from_its_opener() {
        assert_eq!(
            start("Running it.\n<execute>\ndocker_ps(all=True)", false),
            Start::At(12)
        );
        assert_eq!(
            start("Checking. <|python_start|>[docker_ps(", false),
            Start::At(10)
        );
        assert_eq!(
            start("Running it.\n<execute>\ndocker", false),
            Start::Maybe(12)
        );
        assert_eq!(start("Running it.\n<exec", false), Start::Maybe(12));
        assert_eq!(
            start("Running it.\n<execute>print(1)</execute>", false),
            Start::None,
            "code that calls no tool streams on"
        );
    }

    #[test]
    fn a_label_in_prose_or_before_no_tool_streams_on() {
        assert_eq!(
            start("The tool call: docker_ps(all=True) lists them.", false),
            Start::None
        );
        assert_eq!(start("Calling: print(x)\nDone.", false), Start::None);
        assert_eq!(start("Call: me later.\nBye", false), Start::None);
        assert_eq!(start("Calm down.\nAll fine.", false), Start::None);
    }

    #[test]
    fn a_token_without_its_bars_holds_from_its_start() {
        assert_eq!(
            bare_token("Two run.<reserved_special_token_5>user"),
            Start::At(8)
        );
        assert_eq!(bare_token("Two run.\n<im_start>user"), Start::At(9));
        assert_eq!(bare_token("Two run.<im_sta"), Start::Maybe(8));
        assert_eq!(
            bare_token("Two run.<eot_id><start_header_id>us"),
            Start::At(8)
        );
        assert_eq!(bare_token("Use <read_files> here"), Start::None);
        assert_eq!(bare_token("Use <bold"), Start::Maybe(4));
        assert_eq!(bare_token("Use <bold> here"), Start::None);
        assert_eq!(bare_token("Two run. <b>bold</b>"), Start::None);
        assert_eq!(bare_token("<tool_call>{}</tool_call>"), Start::None);
    }

    #[test]
    fn a_token_printed_without_brackets_or_a_mistral_close_holds() {
        for (text, want) in [
            ("Two run.\nim_start user\nthanks", Start::At(9)),
            ("Two run.im_end\nim_start user", Start::At(8)),
            ("Two run.\nstart_of_turn user\n", Start::At(9)),
            ("Two run.\nstart_of_turn user", Start::At(9)),
            ("Two run.\nstart_of_turn us", Start::Maybe(9)),
            (
                "Two run.eot_id start_header_id user end_header_id",
                Start::At(8),
            ),
            ("Two run.eot_id", Start::Maybe(8)),
            ("Two run.eot_id\n", Start::At(8)),
            ("Two run.\nend_of_turn\n", Start::At(9)),
            ("Two run.[/INST] more", Start::At(8)),
            ("Two run.\nim_sta", Start::Maybe(9)),
            ("Two run.\nim_start us", Start::Maybe(9)),
            ("Two run.eot", Start::Maybe(8)),
            ("Two run.[/IN", Start::Maybe(8)),
            ("Two run.[/", Start::Maybe(8)),
            // DeepSeek's end of sentence spelled with blanks, whole or arriving.
            ("Two run. end of sentence ｜User｜", Start::At(9)),
            ("Two run. END OF SENTENCE ", Start::At(9)),
            ("Two run.end▁of▁sentence ｜", Start::At(8)),
            ("Two run. end of sentence", Start::Maybe(9)),
            ("Two run. end of sen", Start::Maybe(9)),
            ("Two run. end", Start::Maybe(9)),
            // Turn markers with every bracket and bar stripped, whole or arriving.
            ("All fine. /s INST What", Start::At(10)),
            (
                "Two run.end of turn\nstart of turn user\nthanks",
                Start::At(8),
            ),
            ("All fine.｜User thanks", Start::At(9)),
            ("All fine.end us", Start::Maybe(9)),
        ] {
            assert_eq!(bare_token(text), want, "{text:?}");
        }
        for text in [
            "Gemma writes start_of_turn user before the message.",
            "Set start_of_turn to true.",
            "The flag is end_of_text",
            "Two run.\nim_start assistant\nMore",
            "Two run.\nI will check.",
            "[/think] is no token",
            "Report sent.\nend_of_day totals follow",
            "Set.\nstart_date is today",
            "Two run. End of story.",
            "Read it to the end of sentence",
            "Two run. end of sentences",
        ] {
            assert_eq!(bare_token(text), Start::None, "{text:?}");
        }
    }
}
