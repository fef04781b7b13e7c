//! Calls a model shows instead of making: a call written out for the reader ("for example:",
//! "you can run ..."), or one the model says it will not run. Read where a call stands without
//! an envelope (a bare JSON object, a closing Python fence), whose only sign of being meant is
//! where it stands; an explicit envelope (`<tool_call>`, `[TOOL_CALLS]`) is a call unless the
//! line introducing it shows it as an example ([`crate::shown_envelopes`]).

/// Phrases of the prose around a call that show it as an example for the reader, compared as
/// whole words (`example.com` is a name, not one of them).
const SHOWN: &[&[&str]] = &[
    &["example"],
    &["examples"],
    &["e.g"],
    &["for", "instance"],
    &["like", "this"],
    &["would", "look"],
    // The call the model would make, were it able to: conditional, not made.
    &["would", "call"],
    &["would", "run"],
    &["could", "call"],
    &["you", "can"],
    &["you", "could"],
    &["yourself"],
    // The format or syntax a call takes, shown for the reader ("Here is the format:").
    &["the", "format"],
    &["this", "format"],
    &["the", "syntax"],
    &["following", "format"],
    // How a call looks, told to the reader (`Here's how a tool call looks:`).
    &["call", "looks"],
    &["calls", "look"],
    &["call", "look"],
    &["how", "a", "call"],
    &["how", "a", "tool"],
    &["how", "a", "function"],
    // A sample or an illustration of a call, or one only supposed.
    &["sample", "call"],
    &["sample", "tool"],
    &["sample", "function"],
    // The shape an answer takes, told to the reader (`Output format:`, `respond with:`).
    &["output", "format"],
    &["response", "format"],
    &["respond", "with"],
    &["reply", "with"],
    &["would", "respond"],
    &["would", "reply"],
    &["sample", "calls"],
    &["sample", "request"],
    &["sample", "usage"],
    &["for", "illustration"],
    &["to", "illustrate"],
    &["illustrative"],
    &["hypothetical"],
    &["hypothetically"],
    // The call the model would make, in other words (`The call would be:`, `If I were to call
    // it, I would send:`).
    &["would", "send"],
    &["would", "use"],
    &["would", "write"],
    &["would", "execute"],
    &["would", "invoke"],
    &["call", "would"],
    &["json", "would"],
    &["request", "would"],
    &["if", "i", "were"],
    &["call", "format"],
    // How a call is written, shown to the reader (`Here is how you would do it in Python:`).
    &["how", "you", "would"],
    &["how", "you'd"],
    &["how", "one", "would"],
    &["how", "to", "call"],
];

/// Labels that show what follows as a call like it when they are a line's only words
/// (`Something like:`, `Like so:`); in a sentence (`Something like 3 are down.`) they are prose.
const SHOWN_LABELS: &[&str] = &[
    "something like",
    "something like this",
    "like so",
    "like this",
    // A heading naming what follows a sample, a demonstration or a call's usage or format
    // (`Sample:`, `**Usage:**`, `### Syntax`), never a call made now.
    "sample",
    "samples",
    "demo",
    "demonstration",
    "illustration",
    "usage",
    "format",
    "syntax",
    "template",
];

/// Verbs that, negated (`will not run`, `won't call`, `not be executed`), say the model does
/// not make the call. Other negations ("I don't know the hostname, so I'll read it") do not.
const MAKING: &[&str] = &[
    "run",
    "running",
    "call",
    "calling",
    "called",
    "execute",
    "executing",
    "executed",
    "invoke",
];

/// Whether `prose` (the lines around a call) shows the call rather than makes it.
pub fn shown_not_made(prose: &str) -> bool {
    let labelled = prose.lines().any(|line| {
        let label = line
            .trim()
            .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | ' '))
            .to_lowercase();
        SHOWN_LABELS.contains(&label.as_str())
    });
    if labelled {
        return true;
    }
    let words = words(prose);
    let shown = (0..words.len()).any(|at| {
        SHOWN.iter().any(|phrase| {
            words.len() - at >= phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
        })
    });
    let refused = words.iter().enumerate().any(|(at, word)| {
        let negation = word == "not" || word == "cannot" || word.ends_with("n't");
        let mut next = words[at + 1..].iter().map(String::as_str);
        let verb = match next.next() {
            Some("be") => next.next(),
            other => other,
        };
        negation && verb.is_some_and(|verb| MAKING.contains(&verb))
    });
    shown || refused
}

/// Phrases of [`SHOWN`] that speak of what the reader may do (`You can check them yourself
/// later.`) rather than introduce a call as an example: enough beside a value with no envelope,
/// never beside one in an envelope ([`introduces_example`]).
const READER_PHRASES: &[&[&str]] = &[&["you", "can"], &["you", "could"], &["yourself"]];

/// Whether `prose`, the words right before a call, introduce it as an example, a format or a
/// call only supposed ([`SHOWN`] and [`SHOWN_LABELS`], but for [`READER_PHRASES`]); a refusal
/// about something else (`I could not run it before; trying again:`) introduces nothing.
pub fn introduces_example(prose: &str) -> bool {
    let label = prose
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | ' '))
        .to_lowercase();
    if SHOWN_LABELS.contains(&label.as_str()) {
        return true;
    }
    let words = words(prose);
    (0..words.len()).any(|at| {
        SHOWN
            .iter()
            .filter(|phrase| !READER_PHRASES.contains(phrase))
            .any(|phrase| {
                words.len() - at >= phrase.len()
                    && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
            })
    })
}

/// Phrases of the prose between two fences that announce the second as a call the model makes
/// now, after an example it showed (`Now let me check the disk:`, `I'll run it:`).
const ANNOUNCING: &[&[&str]] = &[
    &["let", "me"],
    &["let's"],
    &["i'll"],
    &["i", "will"],
    &["i'm", "going"],
    &["i", "am", "going"],
    &["i", "need", "to"],
    &["now", "i"],
    &["calling"],
    &["checking"],
    &["executing"],
    &["running", "it"],
    // The real call after the example (`Now the actual call:`, `For real:`).
    &["actual"],
    &["for", "real"],
];

/// How many fences back an example is looked for ([`continues_example`]); a longer chain of
/// fences with no call announced between them is shown.
const MAX_EXAMPLE_CHAIN: usize = 64;

/// Whether the value between `before` and `after` is shown rather than made: the prose around
/// it says so ([`shown_not_made`] of [`around`]), or its fence continues an example shown in
/// the fence before it ([`continues_example`]).
pub fn shown(before: &str, after: &str) -> bool {
    shown_not_made(&around(before, after))
        || continues_example(before)
        || crate::shown_after::unmade(words_after(after))
        || crate::shown_after::offered_before(lead(before))
}

/// The first line with words after a value that stands before `after`, past what only closes
/// it (a fence's closer, inline code's backtick, surplus brackets, emphasis).
fn words_after(after: &str) -> &str {
    after
        .split('\n')
        .find(|line| {
            !line
                .trim()
                .trim_matches(['`', '}', ']', ')', '*', '_'])
                .trim()
                .is_empty()
        })
        .unwrap_or_default()
}

/// Whether a value whose fence opens after `before` (its opening line included or not) goes
/// on with an example: the code block before it, fenced or indented by four blanks, was shown
/// as one (`For example:` before it, or it went on with one itself), and nothing between the
/// two announces a call made now. A second fence right after an example, or after words that
/// go on with it (`Or:`, `Another one:`), is the example's next item; one after words that
/// announce a call (`Now let me check the disk:`, [`ANNOUNCING`]) is that call.
pub fn continues_example(before: &str) -> bool {
    let blocks = crate::quoted_blocks::code_blocks(before);
    // The value's own fence, opened and not yet closed in `before`, is no block before it.
    let (mut current, closed) = match blocks.split_last() {
        Some((last, rest)) if last.open => (last.span.start, rest),
        _ => (before.len(), blocks.as_slice()),
    };
    for (link, previous) in closed.iter().rev().enumerate() {
        if link >= MAX_EXAMPLE_CHAIN {
            // A chain this long with no call announced: shown, as its start is unknown.
            return true;
        }
        let example = previous.example;
        let previous = &previous.span;
        let between = &before[previous.end..current];
        if shown_not_made(between) {
            return true;
        }
        if announces(between) {
            return false;
        }
        if example {
            // A block the reader already found shown as an example.
            return true;
        }
        // The words around the block, or on its own first line when it introduces what
        // follows (`1. For example:`).
        let first_line = before[previous.clone()].lines().next().unwrap_or_default();
        let introduces = first_line.trim_end().ends_with(':');
        if shown_not_made(&around(&before[..previous.start], &before[previous.end..]))
            || (introduces && shown_not_made(first_line))
        {
            return true;
        }
        current = previous.start;
    }
    false
}

/// Whether `prose` announces a call the model makes now ([`ANNOUNCING`]).
pub fn announces(prose: &str) -> bool {
    let words = words(prose);
    (0..words.len()).any(|at| {
        ANNOUNCING.iter().any(|phrase| {
            words.len() - at >= phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
        })
    })
}

/// The words of `prose`, lower case, a dot inside a word kept (`example.com`, `e.g`), curly
/// apostrophes as straight ones.
fn words(prose: &str) -> Vec<String> {
    prose
        .to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.'))
        .map(|word| word.trim_matches(['.', '\'']).to_owned())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The prose around a value that stands between `before` and `after`: the rest of its first
/// line before it, or the line before that when the value starts a line (or a fence, or a list
/// item: `Examples:` then `1. {...}`); and the
/// rest of its last line after it, or the line after that when nothing follows on its line (or
/// only a fence's closer).
pub fn around(before: &str, after: &str) -> String {
    format!("{}\n{}", lead(before), tail(after))
}

/// The words right before a value that stands after `before`: the rest of its first line, or
/// the line before that when the value starts a line (or a fence, or a list item).
///
/// A line of special tokens alone (MiniCPM's `<|tool_call_start|>` before its fence, a
/// `<|python_tag|>` the value follows) opens the call's envelope and says nothing of it: the
/// words before the envelope lead it (`Example:` then `<|tool_call_start|>` then a fence).
pub(crate) fn lead(before: &str) -> &str {
    let mut lines_before = before.rsplit('\n');
    let lead = lines_before.next().unwrap_or_default();
    if is_blank_or_fence(lead) || is_list_marker(lead) || only_tokens(lead) || is_header(lead) {
        return lines_before
            .find(|line| !is_blank_or_fence(line) && !only_tokens(line) && !is_header(line))
            .unwrap_or_default();
    }
    lead
}

/// The words right after a value that stands before `after`: the rest of its line, or the
/// line after that when nothing follows on its line (or only a fence's closer).
fn tail(after: &str) -> &str {
    let mut lines_after = after.split('\n');
    let tail = lines_after.next().unwrap_or_default();
    if is_blank_or_fence(tail) {
        return lines_after
            .find(|line| !is_blank_or_fence(line))
            .unwrap_or_default();
    }
    tail
}

/// Whether the value between `before` and `after` stands in inline code inside a sentence:
/// single backticks around it and other text on its line (`` I would send `{...}` to it ``).
/// Code quoted in prose is shown to the reader, as a Python call mid-sentence is.
pub fn inline_in_prose(before: &str, after: &str) -> bool {
    let Some(lead) = before.strip_suffix('`') else {
        return false;
    };
    let Some(tail) = after.strip_prefix('`') else {
        return false;
    };
    if lead.ends_with('`') || tail.starts_with('`') {
        return false;
    }
    let lead = lead.rsplit('\n').next().unwrap_or_default();
    let tail = tail.split('\n').next().unwrap_or_default();
    let prose = |text: &str| text.chars().any(char::is_alphanumeric);
    prose(lead) || prose(tail)
}

/// Levels a log line names its record by, as whole words in upper case.
const LOG_LEVELS: &[&str] = &[
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL",
];

/// Whether the line that `before` ends (the text on its line before a call object) is a log's
/// line: it opens with a date or a time (`2026-05-01 12:00`, `12:00:01`, `[2026-05-01T...`) or
/// names a log level as a word in upper case (`INFO`, `[ERROR]`, `level=INFO`). A call object
/// there is one a program printed, the model echoing a tool's output: shown, not made.
pub fn in_log_line(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or_default().trim_start();
    if line.trim().is_empty() {
        return false;
    }
    let head = line.trim_start_matches(['[', '(']);
    let bytes = head.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let date = digits(0..4) && bytes.get(4) == Some(&b'-') && digits(5..7);
    let time = digits(0..2) && bytes.get(2) == Some(&b':') && digits(3..5);
    let level = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| LOG_LEVELS.contains(&word));
    date || time || level
}

/// Whether `lead`, the text on a line before a value, is only a list item's marker (`- `,
/// `* `, `+ `, `1. `, `2) `).
fn is_list_marker(lead: &str) -> bool {
    let marker = lead.trim();
    let digits = marker.trim_end_matches(['.', ')']);
    (matches!(marker, "-" | "*" | "+")
        || (digits.len() < marker.len()
            && marker.len() - digits.len() == 1
            && !digits.is_empty()
            && digits.len() <= 9
            && digits.chars().all(|c| c.is_ascii_digit())))
        && lead.ends_with([' ', '\t'])
}

/// Whether `line` is Functionary's header naming the call's recipient (`>>>docker_ps`), which
/// says nothing of the call either: the words before it lead the arguments after it.
fn is_header(line: &str) -> bool {
    line.trim()
        .strip_prefix(">>>")
        .is_some_and(|name| !name.trim().is_empty() && !name.trim().contains(char::is_whitespace))
}

/// Whether `line` holds special tokens (`<|...|>`, DeepSeek's `<｜...｜>`) and nothing else.
fn only_tokens(line: &str) -> bool {
    let mut rest = line.trim();
    let mut tokens = 0;
    while tokens < 16 {
        let Some((open, close)) = [("<|", "|>"), ("<｜", "｜>")]
            .into_iter()
            .find(|(open, _)| rest.starts_with(open))
        else {
            break;
        };
        let Some(end) = rest[open.len()..].find(close) else {
            break;
        };
        rest = rest[open.len() + end + close.len()..].trim_start();
        tokens += 1;
    }
    tokens > 0 && rest.is_empty()
}

fn is_blank_or_fence(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || line
            .strip_prefix("```")
            .is_some_and(|info| info.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_object_on_a_log_line_is_printed_output() {
        for before in [
            "The tool returned:\n2026-05-01 12:00 INFO dispatch ",
            "[2026-05-01T12:00:00Z] ",
            "12:00:01 agent: ",
            "agent [ERROR] retrying ",
            "level=INFO msg=",
        ] {
            assert!(in_log_line(before), "{before}");
        }
        for before in ["", "Let me check:\n", "I will run it now: ", "Info: "] {
            assert!(!in_log_line(before), "{before}");
        }
    }

    #[test]
    fn the_prose_around_a_call_says_whether_it_is_shown() {
        for (before, after) in [
            ("For example: ", " is how a call looks."),
            ("Here is an example:\n```json\n", "\n```\n"),
            ("Run it yourself:\n", ""),
            ("", "\nI will not run it."),
            ("", "\n```\n\nI won't call it now."),
            ("", " \u{2014} I won\u{2019}t run this."),
            ("E.g. ", ""),
            ("", "\nIt should not be executed."),
            ("To list them I would call ", " but I have no access."),
            ("I could call ", "."),
            (
                "Here is the format:\n```xml\n",
                "\n```\nThat is the format.",
            ),
            ("Sample call:\n```json\n", "\n```"),
            ("The call would be:\n", ""),
            ("If I were to call it, I would send:\n", ""),
            ("Something like:\n```json\n", "\n```"),
            ("I cannot run tools, but the call is:\n", ""),
            ("For illustration:\n", ""),
            ("A hypothetical call: ", ""),
            (
                "Here is how you would do it in Python:\n```python\n",
                "\n```",
            ),
            ("Here\u{2019}s how you\u{2019}d call it:\n", ""),
            ("This is how to call the tool:\n", ""),
            // A list item's marker before the value: the line before it is the lead.
            ("Examples:\n\n1. ", ""),
            ("For example:\n- ", ""),
        ] {
            assert!(
                shown_not_made(&around(before, after)),
                "{before:?} {after:?}"
            );
        }
        for (before, after) in [
            ("Let me check.\n```json\n", "\n```"),
            ("", ""),
            ("I will look at the containers. ", ""),
            // Words further away belong to other sentences.
            (
                "You can ask me anything.\n\nChecking now.\n",
                "\nDone soon.",
            ),
            // Negations of other things.
            (
                "I don't know the hostname, so I will read it.\n```json\n",
                "\n```",
            ),
            ("", "\nThat will not take long."),
            ("I'll check example.com:\n```json\n", "\n```"),
            ("I would like to check. Calling:\n", ""),
            ("Let me sample the logs:\n", ""),
            ("Let me grab a sample of the logs:\n", ""),
            ("That would be quicker. Let me check:\n", ""),
            ("Something like 3 are down. Checking:\n", ""),
            ("I like so many of them. Checking:\n", ""),
            ("It looks like the disk is full. Checking:\n", ""),
            ("I cannot see the containers yet, so I'll list them:\n", ""),
            ("Steps:\n1. ", ""),
        ] {
            assert!(
                !shown_not_made(&around(before, after)),
                "{before:?} {after:?}"
            );
        }
    }

    #[test]
    fn a_fence_after_an_example_goes_on_with_it_unless_a_call_is_announced() {
        let example = "For example:\n```json\n{}\n```\n";
        for between in ["", "\n", "Or:\n", "Another one:\n\n", "e.g. with a path:\n"] {
            let before = format!("{example}{between}");
            assert!(continues_example(&before), "{before:?}");
            // The value's own opening line in `before`, as the JSON reader passes it.
            assert!(
                continues_example(&format!("{before}```json\n")),
                "{before:?}"
            );
            assert!(shown(&before, "\n```"), "{before:?}");
        }
        // Two examples back: the third fence goes on with the list too, and so does any
        // fence of a long chain after an example.
        assert!(continues_example(&format!("{example}```json\n{{}}\n```\n")));
        let chain = "```json\n{}\n```\n".repeat(MAX_EXAMPLE_CHAIN + 4);
        assert!(continues_example(&format!("{example}{chain}")));
        for before in [
            format!("{example}Now let me check the disk:\n"),
            format!("{example}I'll run it now:\n"),
            format!("{example}And the actual call:\n"),
            // No example before.
            "Let me check:\n```json\n{}\n```\n".to_owned(),
            "```json\n{}\n```\n".to_owned(),
            String::new(),
        ] {
            assert!(!continues_example(&before), "{before:?}");
        }
    }

    #[test]
    fn a_fence_after_an_example_in_another_block_goes_on_with_it() {
        for example in [
            "For example:\n\n    {}\n\n",
            "A call looks like this:\n\n\t{}\n\n",
            "For example:\n\n    {}\n    {}\n\nOr:\n",
            // Through a fence that goes on with it.
            "For example:\n\n    {}\n\n```json\n{}\n```\n",
            // A quote, a list's items or a `<pre>` element shown as one.
            "For example:\n> {}\n\n",
            "Examples:\n\n1. {}\n2. {}\n\n",
            "For example:\n<pre>{}</pre>\n\n",
            "For example:\n<pre>\n{}\n</pre>\n",
        ] {
            assert!(continues_example(example), "{example:?}");
            assert!(
                continues_example(&format!("{example}```json\n")),
                "{example:?}"
            );
        }
        for before in [
            "For example:\n\n    {}\n\nNow let me check the disk:\n",
            "Checking:\n\n    {}\n\n",
            // Indented lines in a paragraph, no blank line before them, are no code block.
            "Checking:\n    {}\n\n",
            // Indented lines inside a fence are the fence's.
            "Checking:\n```json\n    {}\n```\n",
            // Words after a quote that announce a call are no quote's.
            "For example:\n> {}\nNow let me run it:\n",
            "Steps:\n1. {}\n2. {}\n\n",
            // Words in a list's item that introduce nothing.
            "Steps:\n1. Check the logs, for example errors.\n2. Check the disk.\n\n",
        ] {
            assert!(!continues_example(before), "{before:?}");
        }
    }

    #[test]
    fn a_value_in_inline_code_in_a_sentence_is_shown() {
        assert!(inline_in_prose("Send `", "` to the API."));
        assert!(inline_in_prose("Done.\nThe call `", "`"));
        for (before, after) in [
            ("`", "`"),
            ("Checking.\n```json\n", "\n```"),
            ("Checking. ", ""),
            ("Then ``", "`` here"),
        ] {
            assert!(!inline_in_prose(before, after), "{before:?} {after:?}");
        }
    }
}
