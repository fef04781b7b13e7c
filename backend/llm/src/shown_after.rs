//! Calls in an envelope that the words right after them say were not made: an offer or a
//! condition (`Shall I run this?`, `would be the call, if you want me to run it`, `Once you
//! approve, I'll run it.`), a label naming the call an example (`(example)`, `^ that is an
//! example of the format`) or the call the model would make (`This is what I would send.`). The
//! model shows the call and waits; running it anyway would act without the consent it asked
//! for. Words that go on with the work (`I'll check the logs now.`, an explanation of what the
//! call does, an offer of something else: `Do you want me to also check the disk?`) keep it.

use std::ops::Range;

use crate::shown_envelopes::{CLOSERS, OPENERS, envelope_start};

/// How far after an envelope's opener its closer or value is looked for.
const MAX_ENVELOPE_BYTES: usize = 16 * 1024;

/// The most envelopes one run of calls (one right after another) is followed through.
const MAX_RUN: usize = 64;

/// The byte ranges of `text` holding calls in envelopes that the words right after them say
/// were not made ([`unmade`]): from the first envelope of the run to the end of those words'
/// line.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |end| at + end);
        let Some(opener) = envelope_start(&text[at..line_end]) else {
            at = line_end + 1;
            continue;
        };
        let start = at + opener;
        let (end, tail) = run_end(text, start);
        let tail_end = tail
            .filter(|&(from, to)| unmade(&text[from..to]))
            .map_or(0, |(_, to)| to);
        if tail_end > start {
            spans.push(start..tail_end);
            at = tail_end;
        } else {
            at = end.max(line_end) + 1;
        }
    }
    spans
}

/// Where the run of envelopes opening at `start` ends (each one's closer, or its JSON value
/// when it has none, another envelope right after on the next line going on with it), and the
/// words right after it: the rest of its line, or the next line with words (one blank line
/// between at most), as a range.
fn run_end(text: &str, start: usize) -> (usize, Option<(usize, usize)>) {
    let mut end = envelope_end(text, start);
    for _ in 0..MAX_RUN {
        let after = &text[end..];
        let gap = after.len() - after.trim_start().len();
        let breaks = after[..gap].matches('\n').count();
        let next_line_end = after[gap..].find('\n').map_or(after.len(), |e| gap + e);
        match envelope_start(&after[gap..next_line_end]) {
            Some(0) if breaks <= 1 => end = envelope_end(text, end + gap),
            _ => break,
        }
    }
    let after = &text[end..];
    let line = after.split('\n').next().unwrap_or_default();
    if !line.trim().is_empty() {
        return (end, Some((end, end + line.len())));
    }
    let mut offset = line.len() + 1;
    for next in after.split('\n').skip(1).take(2) {
        if !next.trim().is_empty() {
            return (end, Some((end + offset, end + offset + next.len())));
        }
        offset += next.len() + 1;
    }
    (end, None)
}

/// Where the envelope opening at `start` ends: after its closer ([`CLOSERS`]) when one follows
/// before the next envelope, else after the JSON value it holds (with the list's closing
/// brackets after it), else at its line's end.
fn envelope_end(text: &str, start: usize) -> usize {
    let limit = (start + MAX_ENVELOPE_BYTES).min(text.len());
    let mut limit = limit;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    let lower = window.to_lowercase();
    // Offsets in the lower-cased window are the window's only where its length is unchanged.
    if lower.len() == window.len() {
        // The next envelope's opener, past this one's, bounds where this one's closer is.
        let next_opener = OPENERS
            .iter()
            .filter_map(|opener| lower.get(1..)?.find(opener).map(|at| at + 1))
            .min()
            .unwrap_or(lower.len());
        if let Some(end) = CLOSERS
            .iter()
            .filter_map(|closer| {
                lower[..next_opener]
                    .find(closer)
                    .map(|at| at + closer.len())
            })
            .min()
        {
            return start + end;
        }
    }
    let line_end = window.find('\n').map_or(window.len(), |end| end);
    if let Some(value_start) = window.find(['{', '"']) {
        let head = window[..value_start].trim_end();
        let from = if head.ends_with('[') && head.len() > 1 {
            head.len() - 1
        } else {
            value_start
        };
        let mut values =
            serde_json::Deserializer::from_str(&window[from..]).into_iter::<serde_json::Value>();
        let used = match values.next() {
            Some(Ok(_)) => Some(values.byte_offset()),
            _ => crate::lenient::value_before_end(&window[from..]).map(|(_, used)| used),
        };
        if let Some(used) = used {
            let rest = &window[from + used..];
            let closers = rest.len() - rest.trim_start_matches([']', '}', ')', ' ']).len();
            return start + from + used + closers;
        }
    }
    start + line_end
}

/// Words of a request or offer to run the call the model only showed (`Shall I`, `want me
/// to`, `let me know if`, `once you approve`).
const OFFERS: &[&[&str]] = &[
    &["shall", "i"],
    &["should", "i"],
    &["shall", "we"],
    &["want", "me", "to"],
    &["like", "me", "to"],
    &["would", "you", "like"],
    &["do", "you", "want"],
    &["if", "you", "want"],
    &["if", "you'd", "like"],
    &["if", "you", "like"],
    &["if", "you", "wish"],
    &["if", "you", "confirm"],
    &["if", "you", "approve"],
    &["if", "you", "agree"],
    &["once", "you"],
    &["after", "you"],
    &["when", "you"],
    &["let", "me", "know", "if"],
    &["your", "permission"],
    &["your", "approval"],
    &["your", "confirmation"],
    &["your", "go", "ahead"],
    &["your", "ok"],
    &["your", "okay"],
    &["your", "consent"],
    // Consent presumed and asked in one (`If that's OK with you, I'll run:`).
    &["ok", "with", "you"],
    &["okay", "with", "you"],
    &["fine", "with", "you"],
    &["alright", "with", "you"],
    &["your", "blessing"],
    // An offer of what the model is able to do with this call (`I can run this for you:`);
    // `I can run more checks` after a call speaks of others.
    &["i", "can", "run", "this"],
    &["i", "can", "run", "it"],
    &["i", "can", "run", "that"],
    &["i", "can", "run", "the", "following"],
    &["i", "can", "execute", "this"],
    &["i", "can", "execute", "it"],
    &["i", "can", "execute", "the", "following"],
    &["i", "can", "call", "this"],
    &["i", "can", "send", "this"],
    &["we", "can", "run", "this"],
    &["ok", "to"],
    &["okay", "to"],
    &["please", "confirm"],
    &["please", "approve"],
    &["pending", "approval"],
    &["pending", "confirmation"],
    &["pending", "review"],
    &["you", "confirm"],
    &["you", "approve"],
    // Waiting for the user's word (`Awaiting your confirmation`, `until you say so`).
    &["awaiting", "your"],
    &["awaiting", "approval"],
    &["awaiting", "confirmation"],
    &["await", "your"],
    &["waiting", "for", "your"],
    &["waiting", "on", "your"],
    &["until", "you"],
    &["upon", "your"],
    &["upon", "approval"],
    &["once", "approved"],
    &["if", "approved"],
    &["if", "confirmed"],
    &["let", "me", "know", "and"],
    &["say", "the", "word"],
    &["give", "the", "word"],
    &["please", "review"],
    &["for", "your", "review"],
    // Leave asked (`Can I run this?`, `May I run the following?`, `Is it OK if I run this:`).
    &["can", "i"],
    &["may", "i"],
    &["is", "it", "ok"],
    &["is", "it", "okay"],
    &["is", "that", "ok"],
    &["is", "that", "okay"],
    &["reply", "yes"],
    &["type", "yes"],
    &["say", "yes"],
    &["confirm", "to"],
];

/// Words before an offer's phrase that say the consent was given, not asked (`Now that you
/// confirm`, `Since you approved`, `Got your approval`, `Thanks for your confirmation`): the
/// call goes ahead.
const GRANTED_BEFORE: &[&str] = &[
    "since", "because", "as", "given", "got", "have", "i've", "we've", "received", "thanks",
    "thank", "per", "already", "that",
];

/// Words after an offer's phrase that say the consent was given (`with your approval
/// given`, `your go-ahead received`).
const GRANTED_AFTER: &[&str] = &["given", "granted", "received", "obtained"];

/// Words that make an offer's object this call: a verb of making it, or of going on with it.
const MAKING_IT: &[&str] = &[
    "run",
    "running",
    "execute",
    "executing",
    "call",
    "calling",
    "invoke",
    "invoking",
    "send",
    "sending",
    "submit",
    "submitting",
    "proceed",
    "proceeding",
    "ahead",
];

/// The most words an offer may have to stand for itself (`Shall I?`, `Want me to?`).
const SHORT_OFFER: usize = 4;

/// Auxiliaries of a conditional (`would send`, `I'd run`, `could call`).
const CONDITIONAL: &[&str] = &["would", "i'd", "we'd", "you'd", "could"];

/// Words that may stand between a conditional's auxiliary and its verb (`would then run`).
const ADVERBS: &[&str] = &[
    "then",
    "just",
    "also",
    "probably",
    "likely",
    "simply",
    "normally",
    "typically",
    "instead",
    "first",
    // Willingness, not the act (`I'd gladly run:`).
    "gladly",
    "happily",
    "readily",
    "willingly",
];

/// Adjectives of willingness after a conditional's `be` (`I'd be happy to run this for you:`):
/// an offer to make the call, as `I would run` is.
const WILLING: &[&str] = &["happy", "glad", "pleased", "delighted", "willing", "keen"];

/// Words that may stand between `be` and its adjective of willingness (`I'd be more than happy
/// to`, `would be very glad to`).
const DEGREE: &[&str] = &["more", "than", "very", "so", "really", "quite", "most"];

/// Verbs of making a call: after a conditional's auxiliary (`what I would send`, `the call I'd
/// make`) the call is one the model would make, not one it made.
const MAKING_VERBS: &[&str] = &[
    "run", "execute", "call", "invoke", "send", "submit", "make", "issue",
];

/// Verbs that, after a conditional's auxiliary, describe the call as only supposed when the
/// sentence speaks of the call (`is how the call would look`, `would be the call`).
const DESCRIBING_VERBS: &[&str] = &["be", "look", "looks"];

/// Nouns naming the call itself.
const CALL_NOUNS: &[&str] = &["call", "calls", "request", "command", "invocation"];

/// Words placing the call as the next step taken (`I'd run this next.`, `I'd run docker_ps
/// first:`): a plan being carried out, not a call held back.
const NEXT_STEP: &[&str] = &["next", "first"];

/// Words that label the call an example.
const EXAMPLE_WORDS: &[&str] = &[
    "example",
    "examples",
    "e.g",
    "sample",
    "illustration",
    "illustrative",
    "hypothetical",
    "hypothetically",
    "placeholder",
];

/// Verbs that, negated (`not executed`, `haven't run it`), say the call was not made.
const MAKING: &[&str] = &[
    "run", "ran", "executed", "execute", "called", "call", "invoked", "sent", "send",
];

/// Whether `words`, the first sentence after a call, say the call was not made: an offer or
/// condition about it, a label naming it an example, the call the model would make, or a
/// negated making verb.
pub fn unmade(words: &str) -> bool {
    let sentence = first_sentence(words);
    let asks = words.trim()[sentence.len()..].starts_with('?');
    let words = words_of(sentence);
    let offered = offers(&words, true) || (asks && short_question(&words)) || proposed(&words);
    let conditional = conditional(&words);
    // `for example` in a sentence gives an instance of something else; alone it labels.
    let example = words.iter().enumerate().any(|(at, w)| {
        EXAMPLE_WORDS.contains(&w.as_str())
            && (at == 0 || words[at - 1] != "for" || words.len() == 2)
    });
    let refused = words.iter().enumerate().any(|(at, word)| {
        let negation = word == "not" || word == "cannot" || word.ends_with("n't");
        let mut next = words[at + 1..].iter().map(String::as_str);
        let verb = match next.next() {
            Some("been" | "be" | "yet") => next.next(),
            other => other,
        };
        negation && verb.is_some_and(|verb| MAKING.contains(&verb))
    });
    offered || conditional || example || refused
}

/// Whether `words`, a sentence, hold a conditional about the call: its auxiliary
/// ([`CONDITIONAL`]) then, past adverbs, a verb of making it ([`MAKING_VERBS`]: `what I would
/// send`, `You could run this`), unless the sentence places it as the next step (`I'd run this
/// next.`); or a verb describing it ([`DESCRIBING_VERBS`]) where the sentence names the call
/// after the auxiliary or asks how or what it is (`would be the call`, `is how the call would
/// look`). What the sentence says of the call decides, not its words alone: `This call would
/// take a second.` and `You could use this output` say nothing of it being held back.
fn conditional(words: &[String]) -> bool {
    words.iter().enumerate().any(|(at, word)| {
        if !CONDITIONAL.contains(&word.as_str()) {
            return false;
        }
        let mut after = words[at + 1..]
            .iter()
            .map(String::as_str)
            .skip_while(|w| ADVERBS.contains(w));
        let Some(mut verb) = after.next() else {
            return false;
        };
        // `would be happy to run`: the verb after the willingness is the one that decides.
        if verb == "be" {
            let mut willing = after.clone().skip_while(|w| DEGREE.contains(w));
            if willing.next().is_some_and(|w| WILLING.contains(&w)) && willing.next() == Some("to")
            {
                verb = willing.next().unwrap_or_default();
            }
        }
        if MAKING_VERBS.contains(&verb) {
            return !words.iter().any(|w| NEXT_STEP.contains(&w.as_str()));
        }
        if !DESCRIBING_VERBS.contains(&verb) {
            return false;
        }
        let names = |words: &[String]| words.iter().any(|w| CALL_NOUNS.contains(&w.as_str()));
        // `The call would look like this`; `would be the call`, `what the call would be`,
        // but not `This call would be quick`.
        let asked = words[..at]
            .iter()
            .any(|w| matches!(w.as_str(), "how" | "what" | "what's"));
        if verb == "be" {
            names(&words[at + 1..]) || (asked && names(words))
        } else {
            names(words)
        }
    })
}

/// Whether `lead`, the line right before a call, offers to make it or makes it conditional
/// (`Want me to run this?`, `If you approve, I will run:`, `Here is the call I would make:`):
/// the call after it waits for an answer, as one the words after it offer does. Its last
/// sentence decides (`Shall I continue? Listing again:` goes on with the work), or the one
/// before when the last only presents the call (`Want me to run it? Here it is:`) and that
/// one offers to make it with a verb of making.
pub fn offered_before(lead: &str) -> bool {
    let sentences: Vec<Vec<String>> = lead
        .split([';', '!', '?', '\n'])
        .flat_map(|part| part.split(". "))
        .map(words_of)
        .filter(|words| !words.is_empty())
        .collect();
    let Some((last, earlier)) = sentences.split_last() else {
        return false;
    };
    let asks = lead.trim_end_matches(['*', '_', ' ', '\t']).ends_with('?');
    if offers(last, true) || conditional(last) || (asks && short_question(last)) || proposed(last) {
        return true;
    }
    let presents = last.len() <= SHORT_OFFER && !crate::examples::announces(&last.join(" "));
    presents
        && earlier
            .last()
            .is_some_and(|previous| offers(previous, false) || conditional(previous))
}

/// First words of a short question asking leave to make the call (`Run it?`, `Proceed?`,
/// `Go ahead?`, `Execute now?`).
const ASKING_VERBS: &[&str] = &[
    "run",
    "execute",
    "call",
    "invoke",
    "send",
    "submit",
    "proceed",
    "go",
    "confirm",
    // Leave asked in the user's verb (`Approve this call?`, `OK to send?`).
    "approve",
    "allow",
    "authorize",
    "authorise",
    "ok",
    "okay",
];

/// Whether `words`, a question, are a short one opening with a verb of making the call
/// ([`ASKING_VERBS`]).
fn short_question(words: &[String]) -> bool {
    words.len() <= SHORT_OFFER
        && words
            .first()
            .is_some_and(|first| ASKING_VERBS.contains(&first.as_str()))
}

/// Words that label a call proposed, not made (`(proposed)`, `Suggested call:`, `Draft:`,
/// `(dry run)`).
const PROPOSAL_WORDS: &[&str] = &[
    "proposed",
    "proposal",
    "suggested",
    "suggestion",
    "draft",
    // `(dry run)`: shown as it would go, not made.
    "dry",
];

/// The most words a label may have to name a call proposed (`Proposed call:`, `(dry run)`):
/// in a longer sentence the words speak of something else (`the suggested fix is
/// to restart it`).
const SHORT_LABEL: usize = 3;

/// Whether `words` are a short label naming the call proposed ([`PROPOSAL_WORDS`]).
fn proposed(words: &[String]) -> bool {
    words.len() <= SHORT_LABEL && words.iter().any(|w| PROPOSAL_WORDS.contains(&w.as_str()))
}

/// Whether `words` offer or ask to make the call ([`OFFERS`]) with a verb of making it
/// ([`MAKING_IT`]), or, where `short` allows, as a short question of its own (`Shall I?`).
fn offers(words: &[String], short: bool) -> bool {
    // A phrase the sentence says was answered already (`Now that you confirm`) asks nothing.
    let has = |phrase: &[&str]| {
        (0..words.len()).any(|at| {
            words.len() - at >= phrase.len()
                && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
                && !granted(words, at, phrase.len())
        })
    };
    OFFERS.iter().any(|phrase| has(phrase))
        && ((short && words.len() <= SHORT_OFFER)
            || words.iter().any(|w| MAKING_IT.contains(&w.as_str())))
}

/// Whether the offer's phrase at `at` (`len` words) in `words` is consent given, not asked:
/// one of [`GRANTED_BEFORE`] in the two words before it (`that` only as `now that` or `given
/// that`), or one of [`GRANTED_AFTER`] in the two after it. A phrase that opens with its own
/// condition (`if you`, `once you`) asks whatever stands before it.
fn granted(words: &[String], at: usize, len: usize) -> bool {
    if matches!(
        words[at].as_str(),
        "if" | "once" | "when" | "after" | "until" | "upon" | "awaiting" | "await" | "waiting"
    ) {
        return false;
    }
    let before = words[at.saturating_sub(2)..at].iter().enumerate();
    let before_granted = before.clone().any(|(offset, word)| {
        let index = at.saturating_sub(2) + offset;
        match word.as_str() {
            "that" => index > 0 && matches!(words[index - 1].as_str(), "now" | "given"),
            // `Do I have your permission`: a question, asking it.
            "have" => !(index >= 2 && matches!(words[index - 2].as_str(), "do" | "did" | "does")),
            // `as soon as you confirm`, `as long as you approve`: a condition still.
            "as" => index == 0 || !matches!(words[index - 1].as_str(), "soon" | "long"),
            word => GRANTED_BEFORE.contains(&word),
        }
    });
    let after = &words[(at + len).min(words.len())..(at + len + 2).min(words.len())];
    before_granted || after.iter().any(|w| GRANTED_AFTER.contains(&w.as_str()))
}

/// The first sentence of `text`: up to its first stop followed by a blank or the end.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    text.char_indices()
        .find(|&(at, c)| {
            matches!(c, '.' | '?' | '!')
                && text[at + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text, |(at, _)| &text[..at])
}

/// The words of `prose`, lower case, curly apostrophes as straight ones, a dot inside a word
/// kept (`e.g`).
fn words_of(prose: &str) -> Vec<String> {
    prose
        .to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.'))
        .map(|word| word.trim_matches(['.', '\'']).to_owned())
        .filter(|word| !word.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_after_a_call_that_say_it_was_not_made() {
        for words in [
            "would be the call, if you want me to run it.",
            "This is what I would send.",
            "Shall I run this?",
            "(example)",
            "Want me to run it?",
            "Should I go ahead?",
            "Let me know if you'd like me to execute this.",
            "^ that is an example of the format.",
            "If you confirm, I will run this.",
            "That's the call I would make.",
            "Once you approve, I'll run it.",
            "(not executed yet)",
            "I haven't run it.",
            "is how the call would look.",
            "For example.",
        ] {
            assert!(unmade(words), "{words}");
        }
        for words in [
            "I'll check the logs now.",
            "This lists the running containers so we can see which one is down.",
            "Waiting for the result.",
            "Do you want me to also check the disk?",
            "Let me know if anything looks wrong.",
            "Once you see the results, it will be clear.",
            "This will confirm that web is down.",
            "This shows, for example, the stopped ones too.",
            "That would be slow otherwise, so I only list running ones. Shall I run it?",
            // What the sentence says of the call decides, not a conditional's word alone.
            "I'd run this next.",
            "Run it again later if the list looks stale, I am checking now.",
            "The suggested fix is to restart web.",
            "This call would take a second.",
            "You could use this output to spot stopped containers.",
            "The request could take a few seconds.",
            "This call would be quick.",
        ] {
            assert!(!unmade(words), "{words}");
        }
        for words in [
            "Run it?",
            "Proceed?",
            "Go ahead?",
            "(proposed)",
            "Suggested call.",
            "(dry run)",
            "Pending approval.",
            "You could run this yourself.",
            "What the call would be.",
            "The call would look like this.",
            "I would then send this.",
            // Waiting for the user's word, or leave asked in the user's verb.
            "I'll run this once you confirm.",
            "Let me know and I'll run it.",
            "Awaiting your confirmation before running it.",
            "Approve this call?",
            "OK to send?",
            "I'll run it as soon as you approve.",
            "Can I go ahead?",
            "Is that OK?",
            "Type yes to execute it.",
        ] {
            assert!(unmade(words), "{words}");
        }
        // Consent the sentence says was given already: the call goes ahead.
        for words in [
            "Since you confirmed, this runs now.",
            "Now that you confirm, running it.",
            "Got your approval, running it now.",
            "Thanks for your confirmation, running it.",
            "With your approval given, I'm running it.",
            "Awaiting the result.",
        ] {
            assert!(!unmade(words), "{words}");
        }
    }

    #[test]
    fn a_line_before_a_call_that_offers_it_or_makes_it_conditional() {
        for lead in [
            "Want me to run this?",
            "Should I run the following?",
            "Would you like me to execute this call?",
            "If you approve, I will run:",
            "Let me know if you'd like me to run this:",
            "Once you confirm, I'll execute:",
            "I can run the following if you'd like:",
            "Here is the call I would make:",
            "Want me to run it? Here it is:",
            "Shall I?",
            "Proposed call:",
            "**Run this?**",
            "Awaiting your confirmation before running:",
            "I will run this after you confirm:",
            "Say the word and I'll run:",
            "Before I run anything, please review:",
            "I'll run this as soon as you approve:",
            "Can I run this?",
            "May I run the following?",
            "Is it OK if I run this:",
            "Reply yes to run:",
            "Confirm to proceed:",
            // Willingness in a conditional offers the call, as `I would run` does.
            "I'd be happy to run this for you:",
            "I'd be glad to run",
            "I would be more than happy to execute it:",
            "I'd gladly run:",
            "Shall I run:",
        ] {
            assert!(offered_before(lead), "{lead}");
        }
        // Consent given already (`now that`, `since`, `got`, `thanks for`): the call runs.
        for lead in [
            "Now that you confirm, running:",
            "Now that you confirm, I'll run:",
            "Since you approved it, I will run:",
            "As you approved, executing:",
            "Got your approval, running:",
            "Thanks for your confirmation. Running:",
            "Given that you confirm, I'll call:",
            "With your approval given, I'm running:",
        ] {
            assert!(!offered_before(lead), "{lead}");
        }
        for lead in [
            "Let me check:",
            "Do you want me to also check the disk later? First, the containers:",
            "I listed them earlier. Shall I continue? Listing again:",
            "Is the web container down? Checking.",
            "I'd run this next:",
            "I'd run docker_ps first:",
            "I would check the logs first:",
            // Willingness stated, not offered: the call goes ahead.
            "Happy to run it:",
            "Running it now:",
            "I'd be happy to help. Running:",
            "",
        ] {
            assert!(!offered_before(lead), "{lead}");
        }
    }

    #[test]
    fn an_envelope_the_words_after_it_say_was_not_made_is_shown() {
        let call = "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>";
        for (text, tail) in [
            (format!("{call}\nShall I run this?"), "Shall I run this?"),
            (format!("{call} (example)"), "(example)"),
            (
                format!("Sure.\n{call}\n\nWant me to run it?"),
                "Want me to run it?",
            ),
            (
                format!("{call}\n{call}\nShould I run these?"),
                "Should I run these?",
            ),
            (
                "[TOOL_CALLS][{\"name\": \"docker_ps\", \"arguments\": {}}]\nShall I run it?"
                    .to_owned(),
                "Shall I run it?",
            ),
            (
                "<tool_call>\n{\"name\": \"docker_ps\", \"arguments\": {}}\nShall I run it?"
                    .to_owned(),
                "Shall I run it?",
            ),
        ] {
            let spans = spans(&text);
            assert_eq!(spans.len(), 1, "{text:?}");
            let shown = &text[spans[0].clone()];
            assert!(shown.ends_with(tail), "{text:?}: {shown:?}");
            assert!(
                shown.starts_with("<tool_call>") || shown.starts_with("[TOOL_CALLS]"),
                "{text:?}"
            );
            if text.contains(&format!("{call}\n{call}")) {
                assert_eq!(shown.matches("<tool_call>").count(), 2, "{text:?}");
            }
        }
        for text in [
            format!("{call}\nI'll check the logs now."),
            format!("{call}\nDo you want me to also check the disk?"),
            call.to_owned(),
            format!("{call}\n\n\n\nShall I run this?"),
        ] {
            assert!(spans(&text).is_empty(), "{text:?}");
        }
    }
}
