//! The assistant's role label that a model writes into its own answer after its first line
//! (`Sure!\n\nAssistant: The disk is fine.`, `assistant` alone on a line where a server stripped
//! the special tokens of a turn it opened for itself): a model that learned a plain chat format
//! labels its words as it saw them labelled. The label is no part of the answer; the words after
//! it are.
//!
//! The same word also labels data (`User: admin` then `Assistant: bob`), so a line counts only
//! where nothing shows it as data: the line before it (not blank) neither ends in `:` nor is a
//! `key: value` line itself, the label stands at the margin, outside a fence, and not in a
//! turn of another role that the model made up ([`crate::plain_turns::start`], cut anyway).
//! Other words with a colon (`Note:`, `Answer:`) are prose and stay. The label comes in other
//! spellings too ([`spelling`]: `AI:`, `Model:`, `[assistant]`, `Assistant (to user):`).

/// A label the model wrote for itself, as a text still streaming shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnLabel {
    /// The label runs from `start` to `end` (the blanks after it included): skip it.
    At { start: usize, end: usize },
    /// A label may be arriving from this byte (`Assis`, `Assistant:` with nothing after it
    /// yet): keep the text from there back until more arrives.
    Maybe(usize),
}

/// The longest key of a `key: value` line read as data.
const MAX_KEY_CHARS: usize = 32;

/// The first label the model wrote for itself in `answer` (the text after any label at its
/// start) at or after byte `from`, as far as it has arrived.
pub fn find(answer: &str, from: usize) -> Option<OwnLabel> {
    let mut before: Option<&str> = None;
    let mut fenced = false;
    let mut at = 0;
    for line in answer.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let previous = before;
        if !line.trim().is_empty() {
            before = Some(line.trim_end());
        }
        let Some(previous) = previous else {
            continue;
        };
        if start < from || fenced || line.starts_with([' ', '\t']) || shows_data(previous) {
            continue;
        }
        let label = match crate::roles::plain_label(&answer[start..]) {
            Some(len) => Spelling::Whole(len),
            None => spelling(&answer[start..]),
        };
        if let Spelling::Whole(len) = label {
            let after = &answer[start + len..];
            let blanks = after.len() - after.trim_start().len();
            if blanks == after.len() {
                return Some(OwnLabel::Maybe(start));
            }
            return Some(OwnLabel::At {
                start,
                end: start + len + blanks,
            });
        }
        let last = at == answer.len();
        if last
            && (label == Spelling::Pending || crate::roles::plain_label_pending(&answer[start..]))
        {
            return Some(OwnLabel::Maybe(start));
        }
    }
    None
}

/// `answer` without the labels the model wrote for itself after its first line, up to where
/// a turn of another role that it made up starts ([`crate::plain_turns::start`],
/// [`crate::roles::other_turn`]), plain ones and those written with special tokens
/// ([`without_token_headers`]).
pub fn strip(answer: &str) -> String {
    let limit = [
        crate::plain_turns::start(answer),
        crate::roles::other_turn(answer),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(answer.len());
    let answer = without_token_headers(answer, limit);
    let answer = answer.as_str();
    let limit = crate::plain_turns::start(answer).unwrap_or(answer.len());
    let mut out = String::with_capacity(answer.len());
    let mut from = 0;
    while let Some(OwnLabel::At { start, end }) = find(answer, from) {
        if start >= limit {
            break;
        }
        out.push_str(&answer[from..start]);
        from = end;
    }
    out.push_str(&answer[from..]);
    out
}

/// The most special tokens looked at in one answer.
const MAX_TOKENS_SCANNED: usize = 4096;

/// `answer` (before byte `limit`) without the assistant's role headers that a server printing
/// special tokens left where the model opened a new turn of its own after its answer had
/// begun (`Sure!<|im_end|>\n<|im_start|>assistant\nThe disk is fine.`, Llama 3's
/// `<|eot_id|><|start_header_id|>assistant<|end_header_id|>`), and without the end-of-turn
/// token before each: the turns are one answer, a blank line between them. A header counts at a
/// line's start or right after an end-of-turn token, outside a fence. `]` opens MiniMax's
/// `]~b]ai`.
fn without_token_headers(answer: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut from = 0;
    for (at, _) in answer
        .match_indices(['<', '[', ']'])
        .take(MAX_TOKENS_SCANNED)
        .filter(|(at, _)| *at < limit)
    {
        if at < from {
            continue;
        }
        let before = &answer[..at];
        let ended = crate::reasoning::without_end_tokens(before);
        let at_line_start = before.trim_end_matches([' ', '\t']).ends_with('\n');
        if before.trim().is_empty()
            || !(at_line_start || ended.len() < before.len())
            || before.matches("```").count() % 2 == 1
        {
            continue;
        }
        let Some(len) = crate::roles::token_header(&answer[at..]) else {
            continue;
        };
        out.push_str(crate::reasoning::without_end_tokens(&answer[from..at]).trim_end());
        out.push_str("\n\n");
        from = at + len;
    }
    out.push_str(&answer[from..]);
    out
}

/// Other names a model gives its own role in a plain chat format, longest first where one
/// begins another: English ones and the assistant's word in other languages.
const OTHER_OWN_WORDS: &[&str] = &[
    "ai assistant",
    "chatbot",
    "model",
    "bot",
    "ai",
    "asistente",
    "assistente",
    "assistent",
    "asystent",
    "ассистент",
    "助手",
    "アシスタント",
];

/// The longest qualifier read after a label's word (`Assistant (to user):`).
const MAX_QUALIFIER_BYTES: usize = 24;

/// How a line's start reads as the model's label for its own words, in spellings beyond
/// [`crate::roles::plain_label`]'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    /// A label this long.
    Whole(usize),
    /// The line, cut off, may yet become one.
    Pending,
    None,
}

/// The model's label for its own words at the start of `text` (a line), spelled as
/// [`crate::roles::plain_label`] does not read it: another name (`AI:`, `Bot:`, `Model:`,
/// `Asistente:`), a qualifier (`Assistant (to user):`), brackets (`[assistant]`,
/// `<assistant>`), bold (`**AI:**`) or a full-width colon. A name other than the assistant's
/// counts only before a sentence (two words or more on the line: `AI: enabled` is a setting),
/// and only with its colon, brackets or heading.
fn spelling(text: &str) -> Spelling {
    let marks = text.len() - text.trim_start_matches(['#', '*', ' ']).len();
    let heading = text.starts_with('#');
    let mut rest = &text[marks..];
    let close = match rest.chars().next() {
        None => return Spelling::Pending,
        Some('[') => Some(']'),
        Some('<') => Some('>'),
        Some(_) => None,
    };
    if close.is_some() {
        rest = &rest[1..];
    }
    let words = || std::iter::once("assistant").chain(OTHER_OWN_WORDS.iter().copied());
    let head = |word: &str| {
        rest.get(..word.len())
            .is_some_and(|h| h.to_lowercase() == word)
    };
    let Some(word) = words().find(|word| {
        head(word)
            && !rest[word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    }) else {
        let line = rest.split('\n').next().unwrap_or(rest);
        let arriving = !rest.contains('\n')
            && words().any(|word| word.starts_with(line.to_lowercase().as_str()));
        return if arriving {
            Spelling::Pending
        } else {
            Spelling::None
        };
    };
    let mut len = text.len() - rest.len() + word.len();
    if let Some(close) = close {
        match text[len..].chars().next() {
            None => return Spelling::Pending,
            Some(c) if c == close => len += 1,
            Some(_) => return Spelling::None,
        }
    }
    // A qualifier: ` (to user)`.
    let after = &text[len..];
    if let Some(inner) = after.strip_prefix(" (") {
        let within = &inner[..inner.len().min(MAX_QUALIFIER_BYTES)];
        match within.find([')', '\n']) {
            Some(at) if within[at..].starts_with(')') => len += 2 + at + 1,
            Some(_) => return Spelling::None,
            None if inner.len() < MAX_QUALIFIER_BYTES => return Spelling::Pending,
            None => return Spelling::None,
        }
    } else if after == " " {
        return Spelling::Pending;
    }
    len += text[len..].len() - text[len..].trim_start_matches('*').len();
    let after = &text[len..];
    let colon = [":", "："].iter().find_map(|c| after.strip_prefix(c));
    let len = match colon {
        Some(rest) => text.len() - rest.len() + (rest.len() - rest.trim_start_matches('*').len()),
        None if after.is_empty() => return Spelling::Pending,
        // Brackets or a heading stand for the colon.
        None if close.is_some() || heading => len,
        None => return Spelling::None,
    };
    if word == "assistant" {
        return Spelling::Whole(len);
    }
    // Another name: a sentence must follow on the label's line.
    let line = text[len..].split('\n').next().unwrap_or("").trim();
    let line_ended = text[len..].contains('\n');
    if !DATA_KEY_WORDS.contains(&word) {
        return match line.find(char::is_whitespace) {
            Some(_) => Spelling::Whole(len),
            None if line_ended => Spelling::None,
            None => Spelling::Pending,
        };
    }
    // A name that also keys data (`Model: llama3 is loaded.`): not before a value, decided
    // once its first two words are whole.
    let raw = text[len..].split('\n').next().unwrap_or("");
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    if !line_ended && !raw.ends_with(char::is_whitespace) {
        words.pop();
    }
    match words.as_slice() {
        [first, second, ..] if opens_with_value(word, first, second) => Spelling::None,
        [_, _, ..] => Spelling::Whole(len),
        _ if line_ended => Spelling::None,
        _ => Spelling::Pending,
    }
}

/// The length of the label for the model's own words that opens `line`, in any spelling
/// ([`crate::roles::plain_label`]'s and [`spelling`]'s: `Assistant:`, `AI:` before a sentence,
/// `[assistant]`), or None.
pub(crate) fn label_len(line: &str) -> Option<usize> {
    crate::roles::plain_label(line).or(match spelling(line) {
        Spelling::Whole(len) => Some(len),
        Spelling::Pending | Spelling::None => None,
    })
}

/// The length of the label for the model's own words that opens the answer's first line, or
/// None: [`crate::roles::plain_label`]'s `Assistant:`, and the other spellings by the rules
/// that hold after the first line ([`spelling`]: `AI: Two run.`, not `AI: enabled` nor
/// `Model: llama3 is loaded.`). In a `complete` text its last word is whole too.
pub fn opening_label(text: &str, complete: bool) -> Option<usize> {
    let probe = if complete && !text.contains('\n') {
        std::borrow::Cow::Owned(format!("{text}\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    crate::roles::plain_label(text).or(match spelling(&probe) {
        Spelling::Whole(len) => Some(len.min(text.len())),
        Spelling::Pending | Spelling::None => None,
    })
}

/// Whether the answer's first line, still streaming, may yet open with the model's label for
/// its own words ([`opening_label`]) that it does not yet (`AI: Two`, its second word cut off).
pub fn opening_label_pending(text: &str) -> bool {
    opening_label(text, false).is_none()
        && (crate::roles::plain_label_pending(text) || spelling(text) == Spelling::Pending)
}

/// Whether `line` opens with a label naming the model's own role in any spelling (`AI:`,
/// `**Bot:**`, `Assistant:`), whatever follows: where the turn before it is of a role that only
/// speaks (`Human:`), it is the model's answer in that conversation.
pub(crate) fn names_speaker(line: &str) -> bool {
    let body = line.trim_start_matches(['#', '*', ' ']);
    std::iter::once("assistant")
        .chain(OTHER_OWN_WORDS.iter().copied())
        .any(|word| {
            body.get(..word.len())
                .is_some_and(|head| head.to_lowercase() == word)
                && crate::plain_turns::without_speech_verb(&body[word.len()..])
                    .trim_start_matches('*')
                    .starts_with([':', '：'])
        })
}

/// Whether `line` (and any text after it) opens with a label naming the model's own role in a
/// word that keys no data
/// (`[Assistant]:`, `Assistent:`, `助手：`, `Assistant (to user):`; not `AI:`, `Model:` or
/// `Bot:`), or is Gemma's `model` header alone on its line with its tokens stripped: the
/// assistant's next turn, after a turn of another role the model made up.
pub(crate) fn names_assistant(line: &str) -> bool {
    if line
        .lines()
        .next()
        .is_some_and(|first| first.trim().eq_ignore_ascii_case("model"))
    {
        return true;
    }
    let body = line.trim_start_matches(['#', '*', ' ', '[']);
    std::iter::once("assistant")
        .chain(OTHER_OWN_WORDS.iter().copied())
        .filter(|word| !DATA_KEY_WORDS.contains(word))
        .any(|word| {
            let Some(head) = body.get(..word.len()) else {
                return false;
            };
            if head.to_lowercase() != word {
                return false;
            }
            let after = crate::plain_turns::without_speech_verb(&body[word.len()..]);
            // `[Assistant] <tool_call>...`: the brackets close the label, no colon after them.
            if body.len() != line.trim_start_matches(['#', '*', ' ']).len()
                && after.starts_with("] ")
                && !after[1..].trim().is_empty()
            {
                return true;
            }
            let mut after = after.trim_start_matches(['*', ']']);
            if let Some(inner) = after.strip_prefix(" (")
                && let Some(end) = inner.find(')').filter(|end| *end <= MAX_QUALIFIER_BYTES)
            {
                after = &inner[end + 1..];
            }
            after.trim_start_matches('*').starts_with([':', '：'])
                || (body.len() != line.trim_start_matches(['#', '*', ' ']).len()
                    && after.lines().next().unwrap_or("").trim().is_empty())
        })
}

/// Names of the model's own role that also key data in an answer about hosts and services
/// (`Model: llama3 is loaded.`, `AI: GPU acceleration is on.`): a label only before a
/// sentence that does not open with a value ([`opens_with_value`]).
const DATA_KEY_WORDS: &[&str] = &["model", "bot", "ai"];

/// Names of the model's own role whose field holds a name (`Model: Dell is loaded.`, `Bot:
/// Jarvis replied.`): a capitalised word after them is the name, so the label is the speaker's
/// only before a word a speaker's sentence opens with ([`SENTENCE_OPENERS`]).
const NAME_KEY_WORDS: &[&str] = &["model", "bot"];

/// Words a speaker's sentence opens with, never a name: pronouns, determiners, numbers,
/// interjections and the adverbs and conjunctions an answer starts with, lower case, one blank
/// between.
const SENTENCE_OPENERS: &str = "\
    a absolutely according after all alright also an as based before both certainly \
    currently done each every everything five four from glad good got great happy he hello \
    here here's hey hi how i i'd i'll i'm i've if in it it's its let let's my no none \
    noted nothing now of ok okay on one our please right she so some sorry sure thank \
    thanks that that's the their there there's these they this those three to two \
    understood unfortunately we we'll we're what when yes you you're your";

/// Whether words after the label `word` open with a value rather than a sentence: a first
/// word that is not a capitalised word of letters (`llama3`, `qwen2.5:7b`, `gpt-4o`, `64GB`,
/// `enabled`) or is an acronym (`GPU`, `NVMe`; `OK` opens a sentence), a name followed by a version or model number (`Llama 3.1`, `Dell R740`), or,
/// after a name's key ([`NAME_KEY_WORDS`]), any first word no sentence opens with (`Dell`).
fn opens_with_value(word: &str, first: &str, second: &str) -> bool {
    let bare = |word: &str| {
        word.trim_end_matches([',', '.', '!', '?', ';', ':'])
            .trim_matches(['*', '"', '\'', '`', '(', ')'])
            .to_owned()
    };
    let first = bare(first);
    let lower = first.to_lowercase().replace('’', "'");
    let opener = SENTENCE_OPENERS
        .split_whitespace()
        .any(|word| word == lower);
    // A word with more than one capital is a name or an acronym (`GPU`, `NVMe`), a value,
    // unless a sentence opens with it (`OK`).
    let term = first.chars().filter(|c| c.is_uppercase()).count() > 1 && !opener;
    let sentence_start = first.chars().next().is_some_and(char::is_uppercase)
        && first
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        && !term;
    !sentence_start
        || bare(second).chars().any(|c| c.is_ascii_digit())
        || (NAME_KEY_WORDS.contains(&word) && !opener)
}

/// Whether `line`, before a label, shows the label as data: it introduces data (ends in `:`)
/// or is itself a `key: value` line (`User: admin`, `**Owner:** ops`).
fn shows_data(line: &str) -> bool {
    if line.ends_with(':') {
        return true;
    }
    let body = line.trim_start_matches(['#', '*', '-', ' ', '\t']);
    let Some(colon) = body.find(':') else {
        return false;
    };
    let key = body[..colon].trim_end_matches('*').trim();
    !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key.split_whitespace().count() <= 3
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn a_label_the_model_wrote_for_itself_is_taken_out() {
        for (text, want) in [
            (
                "Sure!\n\nAssistant: The disk is fine.",
                "Sure!\n\nThe disk is fine.",
            ),
            (
                "Sure!\n**ASSISTANT:** The disk is fine.",
                "Sure!\nThe disk is fine.",
            ),
            (
                "Let me see.\nassistant\nThe disk is fine.",
                "Let me see.\nThe disk is fine.",
            ),
            (
                "Sure!\n\nAssistant:\nThe disk is fine.",
                "Sure!\n\nThe disk is fine.",
            ),
        ] {
            assert_eq!(strip(text), want, "{text}");
        }
    }

    #[test]
    fn a_header_written_with_special_tokens_mid_answer_is_taken_out() {
        for text in [
            "Sure!<|im_end|>\n<|im_start|>assistant\nThe disk is fine.",
            "Sure!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nThe disk is fine.",
            "Sure!<end_of_turn>\n<start_of_turn>model\nThe disk is fine.",
            "Sure!\n<|assistant|>The disk is fine.",
            "Sure![e~[\n]~b]ai\nThe disk is fine.",
            "Sure!\n]~b]ai\nThe disk is fine.",
            "Sure!<|im_end|><|im_start|>assistant<|im_sep|>The disk is fine.",
        ] {
            assert_eq!(strip(text), "Sure!\n\nThe disk is fine.", "{text}");
        }
        for text in [
            "ChatML opens a turn with <|im_start|>assistant then a line break.",
            "```\nx\n<|im_start|>assistant\nhi\n```",
            "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }

    #[test]
    fn a_label_in_another_spelling_is_taken_out() {
        for label in [
            "AI:",
            "Bot:",
            "Model:",
            "Assistant (to user):",
            "**AI:**",
            "**Model**:",
            "[assistant]",
            "<assistant>",
            "### Assistant",
            "[AI]",
            "Asistente:",
            "Ассистент:",
            "助手：",
            "AI Assistant:",
        ] {
            let text = format!("Sure!\n\n{label} Two containers run.");
            assert_eq!(strip(&text), "Sure!\n\nTwo containers run.", "{text}");
        }
    }

    #[test]
    fn a_name_that_keys_data_is_no_label_before_a_value() {
        for (text, want) in [
            (
                "Two run.\nAI: I can also show the logs.",
                "Two run.\nI can also show the logs.",
            ),
            (
                "Two run.\n\nModel: Sure, the logs follow.",
                "Two run.\n\nSure, the logs follow.",
            ),
            ("Done.\nAI Assistant: llama3 runs.", "Done.\nllama3 runs."),
            (
                "Two run.\nModel: The logs follow.",
                "Two run.\nThe logs follow.",
            ),
            (
                "Two run.\nBot: I’ll check the logs.",
                "Two run.\nI’ll check the logs.",
            ),
            (
                "Two run.\nAI: Backups run at 02:00.",
                "Two run.\nBackups run at 02:00.",
            ),
            (
                "Two run.\nAI: OK, the logs follow.",
                "Two run.\nOK, the logs follow.",
            ),
        ] {
            assert_eq!(strip(text), want, "{text}");
        }
        for text in [
            "Two run.\nModel: llama3 is loaded.",
            "Two run.\n\nModel: qwen2.5:7b is loaded.",
            "Two run.\n\nModel: Dell R740 with 64 GB.",
            "Two run.\n**Model:** Llama 3.1 8B, loaded.",
            "Done.\nAI: enabled for all hosts.",
            "Done.\nAI: GPU acceleration is on.",
            "Done.\n\nAI: NVMe cache is warm.",
            "Done.\nBot: 2 replies sent.",
            "Done.\nModel: llama3 is loaded.\nMore follows.",
            // A name after a name's key is its value.
            "Two run.\nModel: Dell is loaded.",
            "Two run.\n\n**Model:** Mistral handles it.",
            "Done.\nBot: Jarvis replied.",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
        for arriving in ["Done.\nModel: llama3", "Done.\nModel: Dell R7"] {
            assert_eq!(find(arriving, 0), Some(OwnLabel::Maybe(6)), "{arriving}");
        }
        assert_eq!(find("Done.\nModel: Dell R740 ", 0), None);
    }

    #[test]
    fn other_names_as_data_or_prose_stay() {
        for text in [
            "Settings follow.\nAI: enabled\nLogs: on",
            "Settings follow.\nAI: enabled",
            "Settings:\nAI: enabled for all",
            "Done.\nModels: two of them.",
            "Done.\nAI is on.",
            "Done.\nBotnets are rare.",
            "Done.\n[AI]\nenabled",
            "Done.\n<ai-tag> here",
            "Done.\nNote: the disk is fine.",
            "Done.\n(assistant) helps.",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }

    #[test]
    fn streaming_keeps_back_another_spelling_until_decided() {
        for text in [
            "Sure!\n\nA",
            "Sure!\n\nAI",
            "Sure!\n\nAI: ",
            "Sure!\n\nAI: enabled",
            "Sure!\n\n[assis",
            "Sure!\n\nAssistant (to us",
            "Sure!\n\n**Mod",
        ] {
            assert_eq!(find(text, 0), Some(OwnLabel::Maybe(7)), "{text}");
        }
        assert_eq!(
            find("Sure!\n\nAI: Two containers run", 0),
            Some(OwnLabel::At { start: 7, end: 11 })
        );
        assert_eq!(find("Sure!\n\nAI is", 0), None);
        assert_eq!(find("Sure!\n\nAI: enabled\nLogs", 0), None);
    }

    #[test]
    fn labels_shown_as_data_and_other_words_stay() {
        for text in [
            "Assistant: first line is not mine to judge",
            "The roles are:\nUser: asks\nAssistant: answers",
            "Accounts\nUser: admin\nAssistant: bob",
            "Note: the disk is fine.\nAnswer: yes.",
            "```\nx\nAssistant: in code\n```",
            "Data\n  Assistant: indented",
            "Assistants help.\nAssistants are many.",
            "Done.\nAssistant mode is on.",
            // A turn of the user's the model made up: cut with what follows, not rewritten.
            "Backups run at 02:00.\nuser\nthanks\nassistant\nGlad to help.",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }

    #[test]
    fn streaming_finds_a_label_once_its_words_start() {
        assert_eq!(find("Sure!\n\nAssis", 0), Some(OwnLabel::Maybe(7)));
        assert_eq!(find("Sure!\n\nAssistant: ", 0), Some(OwnLabel::Maybe(7)));
        assert_eq!(
            find("Sure!\n\nAssistant: The", 0),
            Some(OwnLabel::At { start: 7, end: 18 })
        );
        assert_eq!(find("Sure!\n\nAssistant: The", 18), None);
        assert_eq!(find("Sure!\n\nAll", 0), None);
        assert_eq!(
            find("Assis", 0),
            None,
            "the first line is the answer's start"
        );
    }
}
