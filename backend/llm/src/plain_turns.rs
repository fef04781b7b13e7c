//! Another role's turn that the model goes on to write in plain text, with no role label of
//! its own before it: a server that strips the special tokens turns ChatML's
//! `<|im_end|>\n<|im_start|>user\nThanks` into a line `user` alone, and a model that learned a
//! plain chat format writes `User: thanks`, `Tool: ["web"]` or `Tool result: ...` after its
//! call. What follows is not the model's own: the user speaks for themself and the tools
//! answer for themselves, so a call written there must never run.
//!
//! The same words also label data in an answer (`User: admin`), so a line counts only where
//! the turn shows it is one: right after a call (the line before ends as a call does, in `}`,
//! `]`, `)`, `>` or a fence), before a line that opens the assistant's next turn
//! (`Assistant:`, `assistant` alone; after `Human:`, the model's name in any spelling, `AI:`), or
//! as a question the user asks (`User: and the disk?`); a role that never labels data
//! (`Human:`, `### Instruction:`) also right before a call, which answers it.
//! A line introduced as data (the line before ends in `:`), inside a run of such lines, indented
//! or in a fence is data. The text's first line, and the first after a horizontal rule
//! (`---`, which sets turns apart as a transcript does), is a turn only where it clearly is one: the
//! user's request echoed before a call (`User: show containers` then `<tool_call>`), before
//! the assistant's turn, or a question; never before another `key: value` line.

/// Roles whose turn the model may make up, as plain labels or words alone on their line.
const ROLES: &[&str] = &[
    "user",
    // NexusRaven's label of the user's request.
    "user query",
    "human",
    "system",
    "tool",
    "ipython",
    "function",
    "observation",
    "tool result",
    "tool results",
    "tool output",
    "tool response",
    "function result",
    "function output",
    "function response",
    // Alpaca's `### Instruction:`, the user's turn in its format.
    "instruction",
    // A made-up question-and-answer pair's question (`Q: ...` then `A: ...`).
    "question",
    "q",
];

/// Roles that ask: a turn of theirs that is a question is the user's next message.
const ASKING: &[&str] = &["user", "user query", "human", "instruction"];

/// Roles that ask in a question-and-answer pair: a turn of theirs counts only where the next
/// line is its answer ([`answers`]); alone, `Question:` is also ReAct's echo of the request.
const QUESTIONING: &[&str] = &["question", "q"];

/// Labels of the answer in a question-and-answer pair.
const ANSWERING: &[&str] = &["answer", "a"];

/// The user's role in other languages (`Benutzer:`, `用户：`), read as `user` is.
const USER_WORDS: &[&str] = &[
    "benutzer",
    "usuario",
    "utilisateur",
    "utente",
    "użytkownik",
    "gebruiker",
    "пользователь",
    "用户",
    "ユーザー",
    "사용자",
];

/// Verbs of speech a label may carry after the speaker's name (`User said:`, `Bob asks:`),
/// lower case: the label names the speaker all the same.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "wrote",
    "writes",
    "replied",
    "replies",
    "answered",
    "answers",
    "responded",
    "responds",
    "typed",
    "types",
];

/// `after`, what follows a speaker's word in a label, without a verb of speech opening it
/// ([`SPEECH_VERBS`]: ` said: thanks` reads as `: thanks`).
pub(crate) fn without_speech_verb(after: &str) -> &str {
    let Some(rest) = after.strip_prefix(' ') else {
        return after;
    };
    SPEECH_VERBS
        .iter()
        .find_map(|verb| {
            let head = rest.get(..verb.len())?;
            let tail = &rest[verb.len()..];
            (head.eq_ignore_ascii_case(verb)
                && tail.trim_start_matches('*').starts_with([':', '：']))
            .then_some(tail)
        })
        .unwrap_or(after)
}

/// The longest qualifier read after a role's word (`User (to assistant):`).
const MAX_QUALIFIER_BYTES: usize = 24;

/// Roles whose label names a speaker and never a key of data.
const SPEAKERS_ONLY: &[&str] = &["human", "instruction"];

/// Where the first line that opens another role's made-up plain turn starts in `text`.
pub fn start(text: &str) -> Option<usize> {
    let lines = line_spans(text);
    let stray = stray_opener(&lines);
    // The lines that are no part of a turn's neighbourhood: blank ones, and a stray opener.
    let quiet = |index: usize, line: &str| line.trim().is_empty() || stray == Some(index);
    let mut fenced = false;
    for (index, &(start, line)) in lines.iter().enumerate() {
        if stray == Some(index) {
            continue;
        }
        // Code and data in a fence are shown, not spoken (`user: root` in a YAML file).
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Alpaca's section of the user's input (`### Input:`), answered by its `### Response:`
        // heading: the prompt's next request and the made-up reply to it.
        if alpaca_heading(line, PROMPT_SECTIONS)
            && lines[index + 1..]
                .iter()
                .any(|(_, l)| alpaca_heading(l, &["response"]))
        {
            return Some(start);
        }
        // A user's turn quoted (`> User: thanks`), answered below the quote by the model's own
        // label with a call: the exchange is made up; a quote alone is shown, not spoken.
        if let Some(quoted) = line.strip_prefix('>') {
            let inner = quoted.trim_start();
            let asks = opener(inner, None).is_some_and(|o| o.asking && !o.alone)
                || asker(inner, None).is_some_and(|o| !o.alone && is_utterance(o.content));
            if asks && own_reply_with_call(&lines[index + 1..]) {
                return Some(start);
            }
            continue;
        }
        let next = lines.get(index + 1).map(|(_, l)| *l);
        let Some(opened) = opener(line, next).or_else(|| asker(line, next)) else {
            continue;
        };
        // A speaker's label naming no role (`Me:`, `Customer:`, `Bob:`): a made-up turn only
        // where a reply with a call answers it, and not in data introduced by the line before
        // (ending in `:`) or a run of fields (a labelled value before it), unless its words
        // converse ([`converses`]): a data line (`Host: web1`) shields no exchange after it.
        if opened.named.is_some() {
            let previous = lines[..index]
                .iter()
                .enumerate()
                .rev()
                .find(|&(i, (_, l))| !quiet(i, l))
                .map(|(_, line)| line);
            let rule = previous.filter(|(_, l)| is_rule(l)).map(|(at, _)| *at);
            let data = previous
                .filter(|_| rule.is_none())
                .is_some_and(|(_, l)| shields(l, &opened));
            if !data
                && (replied_with_call(&lines[index + 1..], &opened) == Some(true)
                    || (previous.is_some() && replied_in_words(&lines[index + 1..], &opened)))
            {
                // Earlier turns of the same two speakers, taking turns in words
                // (`Bob: thanks` / `Falcon: ok` before `Bob: ...` / `Falcon: <tool_call>`),
                // belong to the same made-up exchange.
                let first = exchange_start(&lines, index, &opened);
                return Some(rule.unwrap_or(lines[first].0));
            }
            continue;
        }
        // The assistant's label; after a role that only speaks (`Human:`), in any spelling of
        // the model's own name (LangChain's `Human:`/`AI:` pair).
        let own_turn = |line: &str| {
            crate::roles::plain_label(line.trim_start()).is_some()
                || names_own_token(line)
                || crate::own_labels::names_assistant(line)
                || (opened.speaker_only && crate::own_labels::names_speaker(line))
        };
        let assistant_next = || {
            lines[index + 1..]
                .iter()
                .any(|(at, _)| own_turn(&text[*at..]))
        };
        let asks = opened.asking && opened.content.trim_end().ends_with('?');
        // The user's words (`User: thanks`), then another speaker's label before a call or
        // words of its own (`Falcon: <tool_call>...`, any name the model gives itself): the
        // model writing both sides of a conversation.
        // A question's label (`Q:`) or a value after the user's (`User: nobody`) answered by a
        // speaker's call (`Falcon: <tool_call>...`): the pair is made up all the same.
        let reply_next = (opened.asking && replied_to(&lines[index + 1..], &opened))
            || ((opened.asking || opened.questioning)
                && replied_with_call(&lines[index + 1..], &opened) == Some(true));
        // `Q: ...` answered on the next line (`A: ...`): the pair is made up, the answer the
        // made-up assistant's.
        let answer_next = opened.questioning
            && lines[index + 1..]
                .iter()
                .map(|(_, l)| *l)
                .find(|l| !l.trim().is_empty())
                .is_some_and(answers);
        // The first line after the turn's words (after the next line, for a role's word
        // alone) opens a call.
        let call_follows = || {
            lines[index + 1..]
                .iter()
                .map(|(_, l)| *l)
                .filter(|l| !l.trim().is_empty())
                .nth(usize::from(opened.alone))
                .is_some_and(opens_call)
        };
        // The previous line that is not blank. A horizontal rule (`---`) sets what follows
        // apart as a transcript sets turns apart: the line after it is read as the text's
        // first, and a turn there starts at the rule, which is no part of the answer.
        let previous = lines[..index]
            .iter()
            .enumerate()
            .rev()
            .find(|&(i, (_, l))| !quiet(i, l))
            .map(|(_, line)| line);
        let rule = previous.filter(|(_, l)| is_rule(l)).map(|(at, _)| *at);
        let Some(&(_, before)) = previous.filter(|_| rule.is_none()) else {
            // The text's first line, or the first after a rule: a turn where it clearly is one
            // (the user's request echoed before a call, the assistant's turn or a question),
            // never data (a run of labelled lines).
            let mut after = lines[index + 1..]
                .iter()
                .map(|(_, l)| *l)
                .filter(|l| !l.trim().is_empty());
            // A role's word alone (`### User`, a stripped `user` header) has its words on the
            // next line: what follows them tells the turn.
            if opened.alone {
                after.next();
            }
            let next = after.next();
            // A role that also keys data (`User: root`) before a call: the call is the
            // model's own after a value it quoted; only the user's words echoed make a turn.
            let call_next = next.is_some_and(opens_call)
                && !(opened.asking && !opened.speaker_only && is_value(turn_words(&opened)));
            let data = !call_next
                && !answer_next
                && next.is_some_and(|next| {
                    !own_turn(next) && (opener(next, None).is_some() || next.contains(": "))
                });
            if !opened.result_only
                && (reply_next || !data && (call_next || assistant_next() || asks || answer_next))
            {
                return Some(rule.unwrap_or(start));
            }
            continue;
        };
        let before = before.trim_end();
        // Data introduced by a line ending in `:`, or a run of labelled lines.
        if before.ends_with(':') || opener(before, Some(line)).is_some() {
            continue;
        }
        let after_call = ends_call(before);
        if opened.result_only {
            if after_call {
                return Some(start);
            }
            continue;
        }
        // A role that only speaks (`Human:`) before a call: the call is the made-up
        // assistant's answer to it. After the answer's first words, a question-and-answer pair
        // is made up only where its answer is a call: an answer written as a list of questions
        // and answers (`Q: How do I restart?` / `A: Run docker restart web.`) stays whole.
        if after_call
            || assistant_next()
            || asks
            || reply_next
            || (answer_next && answered_by_call(&lines[index + 1..]))
            || (opened.speaker_only && call_follows())
        {
            return Some(start);
        }
    }
    None
}

/// Sections of Alpaca's prompt that the user fills in after its `### Instruction:` (`### Input:`,
/// and `### Context:` as its variants write it): after the answer, with a `### Response:`
/// heading after them, the model's made-up next request.
const PROMPT_SECTIONS: &[&str] = &["input", "context"];

/// Whether `line` is a markdown heading whose label is one of `words` with its colon, as
/// Alpaca writes it (`### Input:`, `## **Input:**`, `### Response:`), in any case, words after
/// the colon allowed (`### Input: all of them`); a document's heading without the colon (`##
/// Input`) is none.
fn alpaca_heading(line: &str, words: &[&str]) -> bool {
    let Some(body) = line.trim_start().strip_prefix('#') else {
        return false;
    };
    let body = body
        .trim_start_matches('#')
        .trim_start()
        .trim_start_matches('*');
    words.iter().any(|word| {
        let Some(head) = body.get(..word.len()) else {
            return false;
        };
        let after = body[word.len()..].trim_start_matches('*');
        head.eq_ignore_ascii_case(word) && after.starts_with(':')
    })
}

/// Sentence openers and words a user's message opens with (`thanks`, `ok`, `show`, `what`):
/// a turn's words, where a field's value (`root`, `alice`) is none of them.
const UTTERANCE_OPENERS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "ok", "okay", "yes", "yeah", "yep", "no", "nope", "hi",
    "hello", "hey", "great", "cool", "nice", "perfect", "sure", "please", "bye", "goodbye",
    "cheers", "awesome", "good", "fine", "alright", "wow", "oh", "hmm", "continue", "again",
    "next", "now", "and", "also", "so", "then", "but", "what", "why", "how", "when", "where",
    "which", "who", "can", "could", "would", "will", "should", "do", "does", "did", "is", "are",
    "show", "list", "check", "tell", "give", "restart", "stop", "start", "run", "get", "find",
    "let", "i", "you", "we", "it", "that", "this", "great!", "you're", "you’re", "welcome", "glad",
    "anytime", "i'm", "i’m", "i'll", "i’ll", "let's", "let’s", "sorry", "here's", "here’s",
];

/// Words that tie a sentence together (`the`, `me`, `is`): two words or more with one of them
/// are words spoken, not a field's value (`alice smith`).
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "me", "my", "them", "it", "is", "are", "was", "you", "your", "please", "and",
    "to", "of", "for", "all", "again", "too", "what", "how", "why", "can", "now", "also", "thanks",
    "with", "on", "in", "i", "do", "does", "this", "that", "there", "these", "those", "be", "not",
    "no", "much", "very",
];

/// Whether `words`, what follows a role's label, are words spoken (`thanks`, `show the
/// containers`, `and the disk?`, `You are Warden.`) rather than a field's value (`root`,
/// `alice (uid 1000)`, `www-data`, `Alice Smith`): a question or an exclamation, a word a
/// message opens with, a sentence's function word among two words or more, or a capitalised
/// sentence ended by its full stop. Values hold marks no sentence does (`(`, `/`, `@`, `=`,
/// `_`, brackets).
pub(crate) fn is_utterance(words: &str) -> bool {
    let text = words.trim().trim_matches('*').trim();
    if text.is_empty() {
        return false;
    }
    if text.contains([
        '(', ')', '/', '\\', '@', '=', '<', '>', '{', '}', '[', ']', '|', '`', '_', ':',
    ]) {
        return false;
    }
    if text.ends_with(['?', '!', '？', '！']) {
        return true;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches([',', '.', ';', '"', '\'', '“', '”'])
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() <= 2 && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return false;
    }
    UTTERANCE_OPENERS.contains(&first.as_str())
        || (words.len() >= 2 && words.iter().any(|w| FUNCTION_WORDS.contains(&w.as_str())))
        || (words.len() >= 2 && text.ends_with('.') && text.starts_with(|c: char| c.is_uppercase()))
}

/// Words a conversational turn opens with (`thanks`, `hi`, `can`, `show`, `you're`), lower
/// case: where words under a label or heading open with one, a speaker is talking, where a
/// field's value or a section's report (`ok`, `All good.`, `It restarted.`) reads as words too.
const CONVERSING_OPENERS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "hi", "hello", "hey", "please", "bye", "goodbye", "cheers",
    "awesome", "wow", "great", "cool", "nice", "perfect", "sure", "alright", "okay", "ok", "can",
    "could", "would", "will", "what", "why", "how", "when", "where", "which", "who", "show",
    "list", "check", "tell", "give", "restart", "stop", "run", "get", "find", "let", "i", "you",
    "you're", "you’re", "welcome", "glad", "anytime", "i'm", "i’m", "i'll", "i’ll", "let's",
    "let’s", "sorry", "here's", "here’s", "happy", "no", "yes", "and", "also",
];

/// Single words that speak on their own (`thanks`, `hi`), where other single words
/// (`ok`, `yes`, `fine`) are as often a field's value or a status.
const CONVERSING_WORDS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "hi", "hello", "hey", "bye", "goodbye", "cheers", "please",
    "welcome", "anytime", "sorry",
];

/// Whether `words` under a speaker's label or heading naming no role converse
/// ([`is_utterance`], and a question, an exclamation or a conversational opener,
/// [`CONVERSING_OPENERS`]; alone, a word that speaks on its own, [`CONVERSING_WORDS`]): the
/// shape of a turn in a made-up exchange between two names no list gives, which a run of
/// fields (`web1: ok`) or a report under section headings (`## Web` / `All good.`) lacks.
pub(crate) fn converses(words: &str) -> bool {
    let text = words.trim().trim_matches('*').trim();
    if !is_utterance(text) {
        return false;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches([',', '.', ';', '!', '?', '"', '\'', '“', '”'])
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() == 1 {
        return CONVERSING_WORDS.contains(&first.as_str());
    }
    text.ends_with(['?', '!', '？', '！']) || CONVERSING_OPENERS.contains(&first.as_str())
}

/// Whether `words` under a speaker's heading or label alone, answered by another speaker's
/// call, are a turn's: they converse ([`converses`]), or they are words spoken
/// ([`is_utterance`]) not shaped as a report's sentence (ended by a full stop, `All good.`,
/// `web and db run.`, as a section under a heading reads): `the disk please`, `now the logs`.
fn asks_before_call(words: &str) -> bool {
    let text = words.trim().trim_matches('*').trim();
    converses(text) || (is_utterance(text) && !text.ends_with('.'))
}

/// Whether `words` after a role's label read as a field's value (`root`, `alice (uid 1000)`,
/// `www-data`): no words spoken ([`is_utterance`]), and short or holding marks no sentence
/// does.
pub(crate) fn is_value(words: &str) -> bool {
    let text = words.trim().trim_matches('*').trim();
    !text.is_empty()
        && !is_utterance(text)
        && (text.split_whitespace().count() <= 4
            || text.contains(['(', ')', '/', '@', '=', '_', ':']))
}

/// The words of the turn `opened` opens: after its label, or on the next line for a role's word
/// alone.
fn turn_words<'a>(opened: &Opened<'a>) -> &'a str {
    opened.content
}

/// The most bytes of a speaker's name read before its colon (`GPT-4o:`, `Llama 3.2:`).
const MAX_SPEAKER_BYTES: usize = 32;

/// The speaker's name and what follows its colon, where `line` opens with a label naming a
/// speaker by any name (`Falcon:`, `GPT:`, `SmolLM2:`, `**Qwen:**`, `[Model]:`, `Llama 3.2:`):
/// a name of one to three words of letters, digits, `-` and `.` at the margin (a qualifier
/// in brackets after it, `Me (admin):`), then its colon.
fn speaker_label(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let marked = line.trim_start_matches(['#', '*', ' ']);
    let body = marked.trim_start_matches('[');
    // `[Customer] thanks`: the name in brackets, no colon after them.
    if marked.starts_with('[')
        && let Some(close) = body.find(']').filter(|close| *close <= MAX_SPEAKER_BYTES)
        && let Some(content) = body[close + 1..].strip_prefix(' ')
        && !body[..close].contains([':', '：'])
        && !content.trim().is_empty()
    {
        let name = &body[..close];
        return is_speaker_name(name).then_some((name, content.trim_start()));
    }
    let colon = body.find([':', '：'])?;
    if colon > MAX_SPEAKER_BYTES {
        return None;
    }
    let mut name = body[..colon].trim_end_matches(['*', ']', ' ']);
    // A qualifier after the name (`Me (admin):`, `Customer (to support):`).
    if let Some(open) = name.find(" (")
        && name.ends_with(')')
        && name.len() - open <= MAX_QUALIFIER_BYTES
    {
        name = &name[..open];
    }
    // A verb of speech after the name (`Bob said:`).
    if let Some((head, verb)) = name.rsplit_once(' ')
        && SPEECH_VERBS.contains(&verb.to_lowercase().as_str())
    {
        name = head;
    }
    if !is_speaker_name(name) {
        return None;
    }
    let content = body[colon..]
        .trim_start_matches([':', '：'])
        .trim_start_matches(['*', ' ']);
    Some((name, content))
}

/// Whether `name` reads as a speaker's name: one to three words of letters, digits, `-` and
/// `.`, opening with a letter.
fn is_speaker_name(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    (1..=3).contains(&words.len())
        && name.starts_with(|c: char| c.is_alphabetic())
        && words.iter().all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'))
        })
}

/// The speaker's name of a markdown heading that names one, no colon after it (`### Customer`,
/// `## Bob`, `### 👤 Bob`, or a name in bold alone on its line, `**Bob**`): one to three words
/// of letters, digits, `-` and `.`, alone on the heading.
fn heading_label(line: &str) -> Option<&str> {
    let name = match line.strip_prefix('#') {
        Some(body) => body
            .trim_start_matches('#')
            .strip_prefix(' ')?
            .trim()
            .trim_matches('*')
            .trim(),
        // A name in bold alone on its line (`**Bob**`), as a heading.
        None => line
            .trim_end()
            .strip_prefix("**")?
            .strip_suffix("**")?
            .trim(),
    };
    // An emoji or mark before the name (`### 👤 Bob`).
    let name = name
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !c.is_ascii())
        .trim_start();
    (name.len() <= MAX_SPEAKER_BYTES && is_speaker_name(name)).then_some(name)
}

/// The speaker's name of a template's token alone on its line, its bars kept, that names a
/// speaker of any name (`<|customer|>`, `<|bob|>`): letters only, no token that opens, ends or
/// separates (`<|endoftext|>`, `<|im_sep|>`).
fn token_label(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix("<|")?.strip_suffix("|>")?;
    let lower = name.to_ascii_lowercase();
    let structural = [
        "end", "start", "begin", "sep", "eot", "eos", "bos", "pad", "text", "turn",
    ]
    .iter()
    .any(|part| lower.contains(part));
    (!name.is_empty()
        && name.len() <= MAX_SPEAKER_BYTES
        && name.chars().all(char::is_alphabetic)
        && !structural)
        .then_some(name)
}

/// Whether `line` opens with a template's token naming the model's own role, its bars kept
/// (`<|assistant|>`, `<|model|>`, `[|assistant|]`).
fn names_own_token(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with(['<', '['])
        && crate::roles::turn_role(line.lines().next().unwrap_or(""))
            .is_some_and(|role| names_own(&role))
}

/// Whether the first line of `after` that is not blank, unquoted, is the model's own label
/// (`Assistant:`, `<|assistant|>`) with a call on its line or on the next.
fn own_reply_with_call(after: &[(usize, &str)]) -> bool {
    let mut lines = after
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty());
    let Some(reply) = lines.next().filter(|l| !l.starts_with('>')) else {
        return false;
    };
    let label = crate::roles::plain_label(reply)
        .or_else(|| {
            names_own_token(reply)
                .then(|| reply.find(['>', ']']).map(|end| end + 1))
                .flatten()
        })
        .or_else(|| {
            speaker_label(reply)
                .filter(|(name, _)| names_own(name))
                .map(|(_, c)| reply.len() - c.len())
        });
    let Some(at) = label else {
        return false;
    };
    let content = reply.get(at..).unwrap_or("").trim();
    if content.is_empty() {
        return lines.next().is_some_and(opens_call_line);
    }
    holds_call(content)
}

/// Whether a speaker's `name` (of a heading, [`heading_label`]) is the model's own label
/// (`Assistant`, `AI`, the model's name), as it is before a colon.
fn names_own(name: &str) -> bool {
    let label = format!("{name}:");
    crate::roles::plain_label(&label).is_some()
        || crate::own_labels::names_speaker(&label)
        || crate::own_labels::names_assistant(&label)
}

/// Whether `line` opens a turn of a speaker named by any name ([`speaker_label`]), its colon,
/// then a call (on the line, or on `next` after the label alone) or words spoken
/// ([`is_utterance`]); a field's value after the colon (`Group: staff`) keys data.
fn speaker_turn(line: &str, next: Option<&str>) -> bool {
    let Some((_, content)) = speaker_label(line) else {
        return false;
    };
    // The words before a call on the line (`Sure! [docker_ps()]`).
    let words = &content[..content.find(['<', '[', '{', '`']).unwrap_or(content.len())];
    opens_call(content)
        || (content.trim().is_empty() && next.is_some_and(opens_call))
        || is_utterance(words)
}

/// Labels a model writes for the parts of its own turn (ReAct's `Thought:`, `Action:`,
/// `Action Input:`, NexusRaven's `Call:`, a plan's `Step 1:`), lower case: never another
/// speaker, so a line under one of them neither opens nor answers a made-up exchange.
const OWN_PART_LABELS: &[&str] = &[
    "thought",
    "thoughts",
    "thinking",
    "action",
    "action input",
    "input",
    "tool input",
    "observation",
    "final answer",
    "call",
    "calls",
    "tool call",
    "tool calls",
    "function call",
    "calling",
    "args",
    "arguments",
    "parameters",
    "params",
    "plan",
    "reasoning",
    "analysis",
    "reflection",
    "step",
    "next step",
    "next",
    "note",
    "notes",
    "result",
    "results",
    "output",
    "returned",
    "command",
    "code",
    "example",
    "usage",
    "syntax",
    "format",
    "json",
    "python",
    "tool",
    "tools",
    "function",
    "functions",
    "status",
    "summary",
    "error",
    "warning",
    "tip",
    "hint",
    "info",
    "explanation",
    "reason",
    "goal",
    "task",
    "question",
    "next steps",
    "steps",
    "details",
    "overview",
    "conclusion",
    "recommendation",
    "recommendations",
    "findings",
    "diagnosis",
    "fix",
    "solution",
];

/// Whether a speaker's `name` is a label of the model's own turn's parts ([`OWN_PART_LABELS`];
/// its first word for a numbered one, `Step 2`).
fn own_part(name: &str) -> bool {
    let lower = name.to_lowercase();
    let first = lower.split(' ').next().unwrap_or("");
    OWN_PART_LABELS.contains(&lower.as_str()) || (first == "step" && lower.split(' ').count() == 2)
}

/// Words naming a person who speaks to the assistant, besides the roles of [`ROLES`]
/// (`Me:`, `You:`, `Customer:`, `Operator:`, `Admin:`), lower case: a made-up user's turn
/// under a label of its own. They also key data (`Admin: root`), so such a line opens a turn
/// only where a reply with a call answers it ([`replied_with_call`]).
const PERSON_WORDS: &[&str] = &[
    "me",
    "you",
    "i",
    "myself",
    "customer",
    "client",
    "operator",
    "admin",
    "administrator",
    "sysadmin",
    "person",
    "requester",
    "requestor",
    "caller",
    "visitor",
    "guest",
    "member",
    "employee",
    "engineer",
    "developer",
    "dev",
    "devops",
    "sre",
    "ops",
    "on-call",
    "oncall",
    "manager",
    "boss",
    "student",
    "patient",
    "asker",
    "questioner",
    "inquirer",
    "prompter",
    "someone",
    "buyer",
    "tenant",
    "subscriber",
    "interviewer",
    "colleague",
    "coworker",
    "teammate",
    "friend",
    "end user",
    "end-user",
    "enduser",
    "human user",
    "query",
    "prompt",
    // The same in other languages.
    "kunde",
    "ich",
    "cliente",
    "yo",
    "io",
    "moi",
    "klient",
    "我",
    "客户",
    "顾客",
];

/// A line that opens with a speaker's label naming no role of [`ROLES`] ([`speaker_label`]):
/// a person's word ([`PERSON_WORDS`]) or any other name, never the model's own label (`AI:`,
/// `Assistant:`) nor a label of its own turn's parts ([`OWN_PART_LABELS`]). Its words are
/// after the colon, or on `next` for the label alone.
fn asker<'a>(line: &'a str, next: Option<&'a str>) -> Option<Opened<'a>> {
    let Some((name, content)) = speaker_label(line) else {
        // A heading naming a speaker (`### Customer`), its words on the next line: a turn
        // only where the model's own label answers it with a call.
        let heading = heading_label(line);
        let name = heading.or_else(|| token_label(line))?;
        if opener(line, next).is_some() || own_part(name) || names_own(name) {
            return None;
        }
        return Some(Opened {
            asking: true,
            alone: true,
            speaker_only: false,
            questioning: false,
            result_only: false,
            heading: heading.is_some(),
            named: Some(Named::Other),
            name,
            content: next.unwrap_or(""),
        });
    };
    if opener(line, next).is_some()
        || own_part(name)
        || crate::own_labels::names_speaker(line)
        || crate::own_labels::names_assistant(line)
        || answers(line)
    {
        return None;
    }
    let lower = name.to_lowercase();
    let named = if PERSON_WORDS.contains(&lower.as_str()) {
        Named::Person
    } else {
        Named::Other
    };
    let alone = content.trim_matches(['*', ' ', '\t', '\r']).is_empty();
    Some(Opened {
        asking: true,
        alone,
        speaker_only: false,
        questioning: false,
        result_only: false,
        heading: false,
        named: Some(named),
        name,
        content: if alone { next.unwrap_or("") } else { content },
    })
}

/// Whether `line` opens with the label of a speaker other than the model who asks it
/// something under a name no role of [`ROLES`] gives (`Me:`, `Customer:`, `Bob:`,
/// [`asker`]) or a question's label (`Q:`): a turn of theirs, once answered by a call, is one
/// the model made up.
pub(crate) fn names_other_speaker(line: &str) -> bool {
    asker(line, None).is_some() || opener(line, None).is_some_and(|o| o.questioning)
}

/// Whether `line` opens a call plainly (what a made-up reply's call looks like, never data):
/// an envelope ([`crate::envelopes::opens_call`]), a JSON object naming what it calls, a
/// fence's opening, or a Python call (`[docker_ps()]`, `docker_ps(all=True)`).
fn holds_call(line: &str) -> bool {
    let line = line.trim();
    if crate::envelopes::opens_call(line) || line.starts_with("```") {
        return true;
    }
    if line.starts_with('{') || line.starts_with("[{") {
        return [
            "\"name\"",
            "\"tool\"",
            "\"function\"",
            "\"action\"",
            "'name'",
        ]
        .iter()
        .any(|key| line.contains(key));
    }
    let call = line.strip_prefix('[').unwrap_or(line);
    let callee = call.find('(').map(|at| &call[..at]);
    callee.is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
    }) && ends_call(line)
}

/// Whether `line` opens a call plainly ([`holds_call`]) or with ReAct's `Action:` label (any
/// case, in bold), the call a made-up reply's words go on to make.
fn opens_call_line(line: &str) -> bool {
    holds_call(line)
        || speaker_label(line.trim_start_matches(['-', ' ']))
            .is_some_and(|(name, _)| name.eq_ignore_ascii_case("action"))
}

/// Whether the turn `opened` opens is answered, on a following line, by another speaker's
/// label ([`speaker_label`], never a label of the model's own turn's parts) carrying a call
/// ([`holds_call`]): on the label's line (after words spoken there, `Falcon: Sure!
/// [disk_usage(path="/")]`), or on the next line after the label alone or its words. The
/// model wrote both sides of an exchange, so the call is the made-up speaker's. Words spoken
/// may go on over a few lines before the reply; a value (`User: nobody`) is answered on the
/// next line only, and then by a call on the reply's own line (after its words there too) or
/// right after its label alone. The call on the next line may be ReAct's `Action:` line.
/// After a label naming no person ([`Named::Other`]), only the model's own label answers
/// (`Assistant:`, `AI:`, `A:`). None when `after` ends before anything decides.
fn replied_with_call(after: &[(usize, &str)], opened: &Opened<'_>) -> Option<bool> {
    if opened.result_only {
        return Some(false);
    }
    let spoken = !is_value(turn_words(opened));
    if !spoken && opened.named == Some(Named::Other) {
        return Some(false);
    }
    let mut lines = after
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty());
    if opened.alone {
        lines.next()?;
    }
    let reach = if spoken { MAX_TURN_LINES } else { 1 };
    for turn in 0..reach {
        let first = turn == 0;
        let line = lines.next()?;
        let next = lines.clone().next();
        if let Some((name, content)) = speaker_label(line) {
            if own_part(name) || opener(line, next).is_some_and(|o| o.result_only) {
                return Some(false);
            }
            // After any other name, the model's own label answers; or, right on the next
            // line, another name's label (`Bob: thanks` / `Falcon: <tool_call>...`): two
            // speakers taking turns, the words spoken, the reply's call on its label's line
            // or right after the label alone.
            let own_label = crate::own_labels::names_speaker(line)
                || crate::own_labels::names_assistant(line)
                || answers(line);
            // A label alone (`Bob:`, `### Bob:`) with its words on the next line: those
            // words must be a turn's ([`asks_before_call`]), as a heading's are.
            let other_reply = first
                && (!opened.alone || asks_before_call(turn_words(opened)))
                && is_utterance(turn_words(opened))
                && !name.eq_ignore_ascii_case(opened.name);
            if opened.named == Some(Named::Other) && !own_label && !other_reply {
                return Some(false);
            }
            if opened.named == Some(Named::Other) && !own_label {
                let call_at = content.find(['<', '[', '{', '`']);
                let words = &content[..call_at.unwrap_or(content.len())];
                if call_at.is_some_and(|at| holds_call(&content[at..]))
                    && (words.trim().is_empty() || is_utterance(words))
                {
                    return Some(true);
                }
                // The reply's label alone, or its words (`Falcon: Sure!`), then the call.
                let spoken_reply = content.trim().is_empty() || is_utterance(content);
                return Some(spoken_reply && opens_call_line(next?));
            }
            let call_at = content.find(['<', '[', '{', '`']);
            let words = &content[..call_at.unwrap_or(content.len())];
            let on_line = holds_call(content)
                || (call_at.is_some_and(|at| holds_call(&content[at..]))
                    && (words.trim().is_empty() || is_utterance(words)));
            if on_line {
                return Some(true);
            }
            let alone = content.trim().is_empty();
            if alone || (spoken && is_utterance(content)) {
                return Some(opens_call_line(next?));
            }
            return Some(false);
        }
        // The model's own label as a heading (`### Assistant`), its call on the next line.
        if heading_label(line).is_some_and(names_own) || names_own_token(line) {
            return Some(opens_call_line(next?));
        }
        // A speaker's heading answered by another speaker's heading (`### Bob` / `thanks` /
        // `### Falcon`), whatever their names: two speakers taking turns, decided by shape as
        // labels are, the words a turn's ([`asks_before_call`]) and the reply's call on the
        // next line. A section's heading (`## Summary`, `## Next steps`) is the model's own.
        if opened.heading
            && let Some(name) = heading_label(line)
        {
            let reply = !own_part(name) && !name.eq_ignore_ascii_case(opened.name);
            return Some(reply && asks_before_call(turn_words(opened)) && opens_call_line(next?));
        }
        if opens_call(line) || opener(line, next).is_some() || line.contains(':') {
            return Some(false);
        }
    }
    Some(false)
}

/// Whether the turn `opened` opens (a speaker's label naming no role, with words spoken on its
/// line) is answered, on the next line that is not blank, by the model's own label
/// (`Assistant:`, `AI:`, the model's name) or, after a person's word (`Me:`), by another
/// speaker's label, with words spoken and no call: an exchange the model made up after its
/// answer (`Me: thanks` / `Assistant: You're welcome`), which is no part of the answer.
fn replied_in_words(after: &[(usize, &str)], opened: &Opened<'_>) -> bool {
    if !is_utterance(turn_words(opened)) {
        return false;
    }
    let mut lines = after
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty());
    // A label alone (`### Me`, `<|customer|>`) has its words on the next line; the model's
    // own heading or token alone answers with its words on the line after it.
    if opened.alone {
        lines.next();
    }
    let Some(line) = lines.next() else {
        return false;
    };
    if opened.alone && (heading_label(line).is_some_and(names_own) || names_own_token(line)) {
        return lines
            .next()
            .is_some_and(|words| !opens_call(words) && is_utterance(words));
    }
    // Another speaker's heading answering a speaker's heading, the first words conversing.
    if opened.heading {
        let reply = heading_label(line).filter(|name| {
            !own_part(name) && !name.eq_ignore_ascii_case(opened.name) && !names_own(name)
        });
        return reply.is_some()
            && converses(turn_words(opened))
            && lines
                .next()
                .is_some_and(|words| !opens_call(words) && is_utterance(words));
    }
    let Some((name, content)) = speaker_label(line) else {
        return false;
    };
    if own_part(name) || name.eq_ignore_ascii_case(opened.name) || opens_call(content) {
        return false;
    }
    let own_label =
        crate::own_labels::names_speaker(line) || crate::own_labels::names_assistant(line);
    // Two names no list gives (`Bob: thanks` / `Falcon: You're welcome!`): an exchange by
    // shape where the first words converse ([`converses`]) and no third name's label follows
    // the reply (`web1: ok` / `web2: ok` / `web3: down` is a run of fields).
    let by_shape = || {
        converses(turn_words(opened))
            && !lines
                .clone()
                .next()
                .and_then(speaker_label)
                .is_some_and(|(third, _)| {
                    !third.eq_ignore_ascii_case(opened.name) && !third.eq_ignore_ascii_case(name)
                })
    };
    (own_label || opened.named == Some(Named::Person) || by_shape()) && is_utterance(content)
}

/// Whether `previous`, the line before the speaker's turn `opened` opens, makes that turn data:
/// it introduces data (ends in `:`), or it is a labelled value (`Host: web1`, `User: root`) and
/// the turn's words are a value too (`Admin: root`). A turn whose words converse
/// ([`converses`]: `Bob: thanks`) after a data line is a turn all the same: the line before
/// shields no exchange.
fn shields(previous: &str, opened: &Opened<'_>) -> bool {
    let line = previous.trim_end();
    if line.ends_with(':') {
        return true;
    }
    let labelled_value = speaker_label(line).is_some_and(|(_, content)| is_value(content))
        || opener(line, None).is_some_and(|o| is_value(o.content));
    labelled_value && !converses(turn_words(opened))
}

/// The first line of the made-up exchange whose turn `opened` opens at `lines[index]`: earlier
/// lines right before it, each a label of the same speaker or of the speaker who replies
/// (the next line's label) with words spoken, are turns of the same exchange.
fn exchange_start(lines: &[(usize, &str)], index: usize, opened: &Opened<'_>) -> usize {
    if opened.heading {
        return heading_exchange_start(lines, index, opened);
    }
    let reply = lines[index + 1..]
        .iter()
        .map(|(_, l)| *l)
        .find(|l| !l.trim().is_empty())
        .and_then(speaker_label)
        .map(|(name, _)| name);
    let mut first = index;
    for (at, (_, line)) in lines[..index].iter().enumerate().rev() {
        if line.trim().is_empty() {
            continue;
        }
        let turn = speaker_label(line).is_some_and(|(name, content)| {
            (name.eq_ignore_ascii_case(opened.name)
                || reply.is_some_and(|reply| name.eq_ignore_ascii_case(reply)))
                && !own_part(name)
                && is_utterance(content)
        });
        if !turn {
            break;
        }
        first = at;
    }
    first
}

/// The first line of a made-up exchange under speakers' headings whose turn `opened` opens at
/// `lines[index]` ([`exchange_start`]): earlier turns right before it, each the heading of the
/// same speaker or of the one who replies (the next heading) with words spoken below it, are
/// turns of the same exchange.
fn heading_exchange_start(lines: &[(usize, &str)], index: usize, opened: &Opened<'_>) -> usize {
    let reply = lines[index + 1..]
        .iter()
        .find_map(|(_, l)| heading_label(l));
    let mut first = index;
    // Words seen below a heading not reached yet.
    let mut words = false;
    for (at, (_, line)) in lines[..index].iter().enumerate().rev() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(name) = heading_label(line) {
            let turn = (name.eq_ignore_ascii_case(opened.name)
                || reply.is_some_and(|reply| name.eq_ignore_ascii_case(reply)))
                && !own_part(name);
            if !turn || !words {
                break;
            }
            first = at;
            words = false;
            continue;
        }
        if words || !is_utterance(line) || speaker_label(line).is_some() {
            break;
        }
        words = true;
    }
    first
}

/// Whether the turn `opened` opens at the line before `after` holds the user's words spoken
/// (not a field's value) and the next line that is not blank, after the turn's words, opens
/// another speaker's turn ([`speaker_turn`]): a reply the model made up.
fn replied_to(after: &[(usize, &str)], opened: &Opened<'_>) -> bool {
    if opened.result_only || opened.questioning || !is_utterance(turn_words(opened)) {
        return false;
    }
    let mut lines = after
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty());
    if opened.alone {
        lines.next();
    }
    // The user's words may go on over a few lines (`User: thanks\nthat is all`) before the
    // reply; a call, a label or a `key: value` line ends them.
    for _ in 0..MAX_TURN_LINES {
        let Some(line) = lines.next() else {
            return false;
        };
        let next = lines.clone().next();
        if speaker_turn(line, next) {
            return true;
        }
        if opens_call(line) || opener(line, next).is_some() || line.contains(':') {
            return false;
        }
    }
    false
}

/// The most lines a made-up user's words are read over before the reply ([`replied_to`]).
const MAX_TURN_LINES: usize = 4;

/// Whether `line` is a horizontal rule: three or more `-`, `*` or `_`, the same, blanks
/// between them allowed.
fn is_rule(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|mark| marks.chars().all(|c| c.to_string() == *mark))
}

/// Whether the answer of a question-and-answer pair, the first line of `after` that is not
/// blank, is a call: after its label (`A: [docker_ps()]`) or on the next line.
fn answered_by_call(after: &[(usize, &str)]) -> bool {
    let mut lines = after
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty());
    let Some(answer) = lines.next() else {
        return false;
    };
    let words = answer
        .split_once(':')
        .map_or("", |(_, rest)| rest.trim_start_matches('*').trim());
    if words.is_empty() {
        lines.next().is_some_and(opens_call)
    } else {
        opens_call(words)
    }
}

/// Whether `line` opens with the answer's label of a question-and-answer pair (`A:`,
/// `**Answer:**`).
fn answers(line: &str) -> bool {
    let body = line.trim_start_matches(['#', '*', ' ']);
    ANSWERING.iter().any(|label| {
        body.get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label))
            && body[label.len()..].trim_start_matches('*').starts_with(':')
    })
}

/// Whether a line opens a call: an envelope ([`crate::envelopes::opens_call`]), a JSON object
/// or list of them, a fence, or a Python call alone on its line.
fn opens_call(line: &str) -> bool {
    let line = line.trim();
    crate::envelopes::opens_call(line)
        || line.starts_with(['{', '<'])
        || line.starts_with("[{")
        || line.starts_with("```")
        || (line.starts_with('[') || !line.contains(' ')) && ends_call(line)
}

/// Whether a line ends as a call does: a JSON object or list, a closing tag or token, a fence,
/// or a Python call's `)` (a name right before a `(`: `docker_ps(all=True)`; prose in brackets,
/// `Output (trimmed)`, is no call).
fn ends_call(line: &str) -> bool {
    if line.ends_with(['}', ']', '>']) || line.ends_with("```") {
        return true;
    }
    line.ends_with(')')
        && line.match_indices('(').any(|(at, _)| {
            line[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
}

/// Where, in an answer still streaming, a line starts that opens another role's plain turn
/// ([`start`]'s openers, whatever comes around them) or may yet (the last line, cut off: `Us`,
/// `Tool res`, a role's word alone before its line break): its offset, and whether the opener
/// is whole. The text is held from there until the turn ends, when [`start`] decides; on the
/// first line only a role's label, never a result's; never a line in a fence or indented (in
/// a fence not closed so far, held from its opener, not for good: it may never close).
pub fn hold_from(answer: &str) -> Option<(usize, bool)> {
    let lines = line_spans(answer);
    // A fence not closed so far may never close: a stray opener, after which a turn is cut
    // ([`start`]). Its lines are read as written, and what they hold is held from the opener,
    // not for good: the fence closing after them makes them its quote.
    let stray = stray_opener(&lines);
    let held = hold_lines(answer, &lines, stray)?;
    Some(match stray.map(|index| lines[index].0) {
        Some(opener) if held.0 > opener => (opener, false),
        _ => held,
    })
}

/// [`hold_from`] over `lines`, the fence opened at line `stray` read as no fence.
fn hold_lines(
    answer: &str,
    lines: &[(usize, &str)],
    stray: Option<usize>,
) -> Option<(usize, bool)> {
    let mut fenced = false;
    let mut seen_text = false;
    // A horizontal rule with only blank lines after it so far: a turn after it starts at it.
    let mut rule: Option<usize> = None;
    for (index, &(start, line)) in lines.iter().enumerate() {
        if stray == Some(index) {
            continue;
        }
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let first = !seen_text;
        seen_text |= !line.trim().is_empty();
        if fenced || line.starts_with([' ', '\t']) {
            if !line.trim().is_empty() {
                rule = None;
            }
            continue;
        }
        if is_rule(line) && answer[start..].contains('\n') {
            rule = Some(start);
            continue;
        }
        // A rule still arriving (`--`): it may yet set a turn apart.
        if !answer[start..].contains('\n')
            && !line.trim().is_empty()
            && line.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
        {
            return Some((rule.unwrap_or(start), false));
        }
        if line.trim().is_empty() {
            continue;
        }
        // A speaker's label naming no role (`Me: thanks`), or a line that may yet become one:
        // held until the lines after it decide ([`replied_with_call`]).
        if let Some(whole) = named_hold(answer, lines, index) {
            return Some((rule.unwrap_or(start), whole));
        }
        // The text's first line, or the first after a rule, is a turn only where what follows
        // shows it ([`start`]): held, but not for good, until its next line has come whole;
        // one that line shows is data streams, whatever follows.
        if first || rule.is_some() {
            match first_line_data(answer, lines, index) {
                Some(true) => {
                    rule = None;
                    continue;
                }
                None => return Some((rule.unwrap_or(start), false)),
                Some(false) => {}
            }
        }
        let Some(held) = hold_line(answer, lines, index, first) else {
            rule = None;
            continue;
        };
        return Some((rule.unwrap_or(held.0), held.1));
    }
    // The rule may yet set a turn apart.
    rule.map(|at| (at, false))
}

/// How many of `lines` (of `answer`, still streaming) have come whole: all but a last one
/// without its line break.
fn complete_lines(answer: &str, lines: &[(usize, &str)]) -> usize {
    if answer.ends_with('\n') {
        lines.len()
    } else {
        lines.len().saturating_sub(1)
    }
}

/// Whether, in an answer still streaming, `lines[index]` is held as a speaker's label naming
/// no role ([`asker`]) that may open a made-up exchange: held whole (`Some(true)`) once a
/// reply with a call answers it ([`replied_with_call`]), held for now (`Some(false)`) while
/// the lines that decide have not come whole or the line, cut off, may yet become such a
/// label (a word a person's label opens with, or one capitalised word, `Bob`, in a heading
/// too where it names none of the model's own sections, `## Summary`); None where it
/// is no such turn (data before it, no reply with a call).
fn named_hold(answer: &str, lines: &[(usize, &str)], index: usize) -> Option<bool> {
    let (start, line) = lines[index];
    let ended = answer[start..].contains('\n');
    if !ended {
        if speaker_label(line).is_none() {
            return may_name_speaker(line).then_some(false);
        }
        return asker(line, None).map(|_| false);
    }
    let next = lines.get(index + 1).map(|(_, l)| *l);
    let opened = asker(line, next)?;
    let previous = lines[..index]
        .iter()
        .rev()
        .find(|(_, l)| !l.trim().is_empty());
    let data = previous.is_some_and(|(_, l)| !is_rule(l) && shields(l, &opened));
    if data {
        return None;
    }
    let complete = complete_lines(answer, lines);
    match replied_with_call(&lines[index + 1..complete], &opened) {
        Some(true) => Some(true),
        None => Some(false),
        // An exchange in words alone ([`replied_in_words`]) once its reply has come whole.
        Some(false) if replied_in_words(&lines[index + 1..complete], &opened) => Some(true),
        Some(false) => None,
    }
}

/// Whether `line`, cut off before any colon, may yet become a speaker's label naming no role
/// ([`asker`]): a prefix of a person's word ([`PERSON_WORDS`]), or one capitalised word of
/// letters (`Bob`, `Falc`), marks before it allowed.
fn may_name_speaker(line: &str) -> bool {
    if line.starts_with([' ', '\t']) {
        return false;
    }
    let body = line
        .trim_start_matches(['#', '*', ' ', '['])
        .trim_end_matches(['*', ']']);
    if body.is_empty() || body.len() > MAX_SPEAKER_BYTES {
        return false;
    }
    // A qualifier arriving after the name (`Me (adm`): the name before it decides.
    if let Some(open) = body.find(" (") {
        let qualifier = &body[open + 2..];
        let closing = qualifier.find(')');
        let whole_name = |name: &str| {
            PERSON_WORDS.contains(&name.to_lowercase().as_str())
                || (!line.starts_with('#')
                    && name.starts_with(char::is_uppercase)
                    && name.chars().all(char::is_alphabetic))
        };
        return qualifier.len() <= MAX_QUALIFIER_BYTES
            && closing.is_none_or(|at| at + 1 == qualifier.len())
            && whole_name(&body[..open]);
    }
    let lower = body.to_lowercase();
    // A heading's word may yet name a speaker (`### Bob`, answered by `### Falcon`), not one
    // of the model's own sections (`## Summary`).
    PERSON_WORDS.iter().any(|word| word.starts_with(&lower))
        || ((!line.starts_with('#') || !own_part(body))
            && body.starts_with(char::is_uppercase)
            && body.chars().all(char::is_alphabetic))
}

/// Whether `lines[index]`, read as the text's first line ([`start`]: the first, or the first
/// after a rule), opens a role's label that the next line shows is data: a line that is no
/// call, no answer's label and no assistant's turn, but another label or a `key: value` line
/// (`User: admin` then `Role: owner`), which [`start`] never reads as a turn, whatever
/// follows. None while a role's label opens it and that line has not come whole.
fn first_line_data(answer: &str, lines: &[(usize, &str)], index: usize) -> Option<bool> {
    let (_, line) = lines[index];
    let opened = opener(line, lines.get(index + 1).map(|(_, l)| *l));
    let Some(opened) = opened.filter(|opened| !opened.result_only) else {
        return Some(false);
    };
    let mut after = lines[index + 1..]
        .iter()
        .filter(|(_, l)| !l.trim().is_empty());
    if opened.alone {
        after.next();
    }
    let &(_, next) = after
        .next()
        .filter(|(at, _)| answer[*at..].contains('\n'))?;
    let own_turn = crate::roles::plain_label(next.trim_start()).is_some()
        || (opened.speaker_only && crate::own_labels::names_speaker(next));
    // `Q: ...` answered on its next line is a pair, whatever that line says.
    let answer_next = opened.questioning
        && lines[index + 1..]
            .iter()
            .map(|(_, l)| *l)
            .find(|l| !l.trim().is_empty())
            .is_some_and(answers);
    // The user's words answered by a speaker of any name (`GPT: <tool_call>...`), or a
    // value or a question answered by a speaker's call.
    let complete = complete_lines(answer, lines);
    let with_call = if opened.asking || opened.questioning {
        replied_with_call(&lines[index + 1..complete], &opened)
    } else {
        Some(false)
    };
    let reply = (opened.asking && replied_to(&lines[index + 1..], &opened)) || with_call?;
    Some(
        !opens_call(next)
            && !answer_next
            && !reply
            && !own_turn
            && (opener(next, None).is_some() || next.contains(": ")),
    )
}

/// Whether the line `lines[index]` of `answer` opens or may yet open another role's plain
/// turn ([`hold_from`]): its offset and whether the opener is whole, or None.
fn hold_line(
    answer: &str,
    lines: &[(usize, &str)],
    index: usize,
    first: bool,
) -> Option<(usize, bool)> {
    let (start, line) = lines[index];
    let ended = answer[start..].contains('\n');
    let next = lines.get(index + 1).map(|(_, l)| *l);
    if first {
        // The first line may be a turn too ([`start`]): held from while a role's label
        // opens it or may yet, until the turn ends and decides; a result's label is not
        // one there.
        match opener(line, next.or(ended.then_some(""))) {
            Some(opened) if !opened.result_only => {
                if ended || line.contains(':') || !opened.content.is_empty() {
                    return Some((start, true));
                }
                return Some((start, false));
            }
            Some(_) => {}
            None if !ended && may_open_role(line) => return Some((start, false)),
            None => {}
        }
        return None;
    }
    if let Some(opened) = opener(line, next.or(ended.then_some(""))) {
        // A role's word alone counts once its line has ended (`username` goes on).
        if ended || line.contains(':') || !opened.content.is_empty() {
            return Some((start, true));
        }
        return Some((start, false));
    }
    if !ended && may_open(line) {
        return Some((start, false));
    }
    None
}

/// Whether `line`, cut off, may yet open a turn: a prefix of a role's word or label, or only
/// the marks a label's heading or bold opens with so far (`## `, `**`).
fn may_open(line: &str) -> bool {
    let body = line
        .trim_start_matches(['#', '*', ' '])
        .to_ascii_lowercase();
    if body.is_empty() {
        return !line.trim().is_empty();
    }
    ROLES
        .iter()
        .any(|word| word.len() >= body.len() && word.starts_with(&body))
        || crate::result_labels::may_open(&body)
}

/// Whether `line`, cut off, may yet open a role's turn (not a result's): a prefix of a role's
/// word or label, or only the marks before one so far ([`may_open`]).
fn may_open_role(line: &str) -> bool {
    let body = line
        .trim_start_matches(['#', '*', ' '])
        .to_ascii_lowercase();
    if body.is_empty() {
        return !line.trim().is_empty();
    }
    ROLES
        .iter()
        .any(|word| word.len() >= body.len() && word.starts_with(&body))
}

/// How a speaker's label that names no role reads ([`Opened::named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A word for a person speaking to the assistant ([`PERSON_WORDS`]).
    Person,
    /// Any other name: a turn only where the model's own label answers it.
    Other,
}

/// What a line that opens a turn says.
struct Opened<'a> {
    asking: bool,
    /// The role's word or label alone on its line, its words on the next.
    alone: bool,
    /// The role's label names a speaker only ([`SPEAKERS_ONLY`]).
    speaker_only: bool,
    /// The role asks in a question-and-answer pair ([`QUESTIONING`]).
    questioning: bool,
    /// A result's label ([`crate::result_labels`]), which opens a turn only after a call.
    result_only: bool,
    /// A markdown heading naming a speaker (`### Bob`, [`heading_label`]), its words on the
    /// next line.
    heading: bool,
    /// A speaker's label that names no role of [`ROLES`] ([`asker`]): whether it names a
    /// person who speaks to the assistant ([`PERSON_WORDS`]: `Me:`, `Customer:`) rather than
    /// any other name (`Bob:`). Such a turn counts only where a reply with a call answers it.
    named: Option<Named>,
    /// The speaker's name of a label naming no role (`Bob` of `Bob: thanks`); empty for a
    /// role's label.
    name: &'a str,
    /// The turn's first words: after the label, or the next line after a role alone.
    content: &'a str,
}

/// Whether `line` opens another role's turn: `ROLE:` (any case, in markdown bold or after a
/// heading's `#`), or the role's word alone on the line (its turn on the `next` line).
fn opener<'a>(line: &'a str, next: Option<&'a str>) -> Option<Opened<'a>> {
    // A turn starts at the margin: an indented `user:` is a key of some data.
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let body = line.trim_start_matches(['#', '*', ' ']);
    let result = crate::result_labels::content(body).map(|content| Opened {
        asking: false,
        alone: false,
        speaker_only: false,
        questioning: false,
        result_only: true,
        heading: false,
        named: None,
        name: "",
        content,
    });
    if result.is_some() {
        return result;
    }
    // `[User]:`, `[user]`: the role in brackets, as the model's own label is (`[assistant]`).
    let (body, close) = match body.strip_prefix('[') {
        Some(inner) => (inner, Some(']')),
        None => (body, None),
    };
    ROLES.iter().chain(USER_WORDS).find_map(|role| {
        let head = body.get(..role.len())?;
        if head.to_lowercase() != *role {
            return None;
        }
        let mut after = without_speech_verb(&body[role.len()..]);
        if let Some(close) = close {
            after = after.strip_prefix(close)?;
            // `[User] thanks`: the brackets close the label, no colon after them.
            if !after.trim_start_matches('*').starts_with([':', '：'])
                && !after.trim().is_empty()
                && after.starts_with(' ')
            {
                let content = after.trim_start();
                return Some(Opened {
                    asking: ASKING.contains(role) || USER_WORDS.contains(role),
                    alone: false,
                    speaker_only: SPEAKERS_ONLY.contains(role),
                    questioning: QUESTIONING.contains(role),
                    result_only: false,
                    heading: false,
                    named: None,
                    name: "",
                    content,
                });
            }
        }
        // A qualifier (`User (to assistant):`), as the model's own label takes one.
        if let Some(inner) = after.strip_prefix(" (") {
            let end = inner.find([')', '\n'])?;
            if end > MAX_QUALIFIER_BYTES || !inner[end..].starts_with(')') {
                return None;
            }
            after = &inner[end + 1..];
        }
        let asking = ASKING.contains(role) || USER_WORDS.contains(role);
        let speaker_only = SPEAKERS_ONLY.contains(role);
        let questioning = QUESTIONING.contains(role);
        if let Some(content) = after.trim_start_matches('*').strip_prefix([':', '：']) {
            // `Tool: docker_ps` above the arguments' fence labels the call, no tool's turn.
            if ["tool", "function"].contains(role) && crate::name_labels::labels_call(content, next)
            {
                return None;
            }
            return Some(Opened {
                asking,
                // `### Instruction:` with its words on the next line.
                alone: content.trim_matches(['*', ' ', '\t', '\r']).is_empty(),
                speaker_only,
                questioning,
                result_only: false,
                heading: false,
                named: None,
                name: "",
                content: content.trim_start_matches('*'),
            });
        }
        // The word alone: a stripped header (`<|im_start|>user` without its token), its turn
        // on the next line, or none when the model stopped there (a turn only after a call).
        after.trim().is_empty().then_some(Opened {
            asking,
            alone: true,
            speaker_only,
            questioning,
            result_only: false,
            heading: false,
            named: None,
            name: "",
            content: next.unwrap_or(""),
        })
    })
}

/// Each line of `text` with its offset, without its line break.
/// The line of a fence opened and never closed (`Done.\n```\nUser: thanks`): a stray opener,
/// no quote, so the lines after it are read as written and a made-up turn there is cut as
/// anywhere; it is no line a turn follows either (`user: root` after it is no turn after a call).
fn stray_opener(lines: &[(usize, &str)]) -> Option<usize> {
    let mut open = None;
    for (index, (_, line)) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            open = match open {
                Some(_) => None,
                None => Some(index),
            };
        }
    }
    open
}

/// The lines of `text` with where each starts. A line opening a paragraph (after a blank line)
/// indented by one to three blanks starts at its first other character, as Markdown reads it:
/// `\n\n   User: thanks` opens a turn as `User: thanks` at the margin does. Indented right
/// under another line (`  user: root` under a key), or by four blanks or a tab, it stays
/// indented: data or code.
fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut at = 0;
    let mut after_blank = true;
    text.split_inclusive('\n')
        .map(|line| {
            let mut start = at;
            at += line.len();
            let mut line = line.trim_end_matches(['\n', '\r']);
            let blanks = line.len() - line.trim_start_matches(' ').len();
            let paragraph = after_blank;
            after_blank = line.trim().is_empty();
            if paragraph && (1..=3).contains(&blanks) && !line[blanks..].starts_with('\t') {
                start += blanks;
                line = &line[blanks..];
            }
            (start, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn a_role_line_opening_a_paragraph_indented_by_up_to_three_blanks_is_a_turn() {
        for indent in [" ", "  ", "   "] {
            let text = format!(
                "<tool_call>{{}}</tool_call>\n\n{indent}User: and the disk?\n<tool_call>{{}}</tool_call>"
            );
            let turn = text.find("User:").unwrap();
            assert_eq!(start(&text), Some(turn), "{text}");
        }
        // Four blanks, a tab, or right under another line: code or data, no turn.
        for text in [
            "<tool_call>{}</tool_call>\n\n    User: and the disk?\n<tool_call>{}</tool_call>",
            "<tool_call>{}</tool_call>\n\n\tUser: and the disk?\n<tool_call>{}</tool_call>",
            "Accounts:\n  user: root\n  admin: ops",
        ] {
            assert_eq!(start(text), None, "{text}");
        }
    }

    #[test]
    fn a_turn_made_up_after_a_call_or_before_the_next_answer_starts_there() {
        for (text, turn) in [
            (
                "<tool_call>{}</tool_call>\nuser\nThanks! Now the disk.",
                "user",
            ),
            (
                "<tool_call>{}</tool_call>\nUser: Thanks! Now the disk.",
                "User:",
            ),
            ("{\"name\": \"x\"}\nTool: [\"web\"]\nTwo run.", "Tool:"),
            ("[docker_ps()]\ntool\n[]\nassistant\nNone run.", "tool"),
            ("```json\n{}\n```\n**Tool result:** web, db", "**Tool"),
            (
                "Two run.\nUser: thanks\nAssistant: You're welcome!",
                "User:",
            ),
            ("Two run.\n\nHuman: and the disk?", "Human:"),
            ("Two run.\nuser\nthanks\nassistant\nGlad to help.", "user"),
            ("Two run.\nUSER: What about the disk?", "USER:"),
            // Other spellings of the roles: brackets, a qualifier, another language, and
            // Gemma's stripped `model` header after the user's.
            (
                "Two run.\n\n[User]: thanks\n[Assistant]: <tool_call>{}</tool_call>",
                "[User]:",
            ),
            (
                "Two run.\n\nUser (to assistant): thanks\nAssistant (to user): [docker_ps()]",
                "User (to",
            ),
            (
                "Two run.\n\nBenutzer: danke\nAssistent: <tool_call>{}</tool_call>",
                "Benutzer:",
            ),
            (
                "Two run.\n\n用户：谢谢\n助手：<tool_call>{}</tool_call>",
                "用户：",
            ),
            (
                "Two run.\n\nuser\nthanks\nmodel\n<tool_call>{}</tool_call>",
                "user",
            ),
            ("Call: docker_ps(all=True)\nUser: thanks", "User:"),
            (
                "I'll check.\n\nHuman: thanks\n\n<tool_call>{}</tool_call>",
                "Human:",
            ),
            (
                "I'll check.\n### Instruction:\nlist them\n[docker_ps()]",
                "### Instruction:",
            ),
            ("<tool_call>{}</tool_call>\nuser\n", "user"),
            ("{\"name\": \"x\"}\nResult: web, db\nTwo run.", "Result:"),
            ("[docker_ps()]\n**Output:** []", "**Output:"),
            ("I'll check.\nQ: which run?\nA: [docker_ps()]", "Q:"),
            (
                "I'll check.\nQuestion: which run?\nAnswer:\n<tool_call>{}</tool_call>",
                "Question:",
            ),
            (
                "Two run.\n\n---\n\nUser: thanks\n<tool_call>{}</tool_call>",
                "User:",
            ),
            ("Two run.\n* * *\nHuman: thanks\n[docker_ps()]", "Human:"),
            // Alpaca's input section, answered by its response heading.
            (
                "Two run.\n\n### Input:\nthe disk\n\n### Response:\n[docker_ps()]",
                "### Input:",
            ),
            (
                "Two run.\n## **Context:** full disk\n## **Response:**\n[docker_ps()]",
                "## **Context:**",
            ),
        ] {
            let at = text
                .find("\n---")
                .or_else(|| text.find("\n* * *"))
                .or_else(|| text.find(&format!("\n{turn}")))
                .map(|at| at + 1);
            assert_eq!(start(text), at, "{text:?}");
            assert!(at.is_some());
        }
    }

    #[test]
    fn a_turn_after_a_fence_never_closed_is_read_as_written() {
        for (text, turn) in [
            ("Done.\n```\nUser: and the disk?", "Done.\n```\n".len()),
            (
                "Done.\n```\n\nUser: thanks\n\nAssistant: sure",
                "Done.\n```\n\n".len(),
            ),
            (
                "Done.\n```json\n{}\nUser: thanks\nAssistant: {}",
                "Done.\n```json\n{}\n".len(),
            ),
            // An earlier fence closed, the last one never.
            (
                "```\nuser: root\n```\nDone.\n```\nUser: and the disk?",
                "```\nuser: root\n```\nDone.\n```\n".len(),
            ),
        ] {
            assert_eq!(start(text), Some(turn), "{text:?}");
        }
        for text in [
            // Data after a stray opener: no turn after a call.
            "Two run.\n```\nuser: root",
            "Here:\n```\nuser: root\nhost: web1",
            // A fence that closes quotes the turn.
            "Done.\n```\nUser: and the disk?\n```",
        ] {
            assert_eq!(start(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_turn_made_up_on_the_first_line_starts_there_where_it_clearly_is_one() {
        for text in [
            "User: show containers\n<tool_call>{\"name\": \"docker_ps\"}</tool_call>",
            "User: show containers\n{\"name\": \"docker_ps\", \"arguments\": {}}",
            "Human: show containers\n[docker_ps()]",
            "User: show containers\n\ndocker_ps()",
            "User: which containers run?",
            "User: show containers\nAssistant: Two run.",
            "### User\nshow containers\n<tool_call>{\"name\": \"docker_ps\"}</tool_call>",
            "user\nshow containers\n\n[docker_ps()]",
            "### Instruction:\nshow containers\n### Response:\n[docker_ps()]",
            "Instruction: show containers\n{\"name\": \"docker_ps\", \"arguments\": {}}",
            "System: You are Warden.\n<tool_call>{\"name\": \"docker_ps\"}</tool_call>",
            "Observation: none yet\n[docker_ps()]",
            "Human: show containers\n\nAI: <tool_call>{\"name\": \"docker_ps\"}</tool_call>",
            "Human: show containers\n**Bot:** [docker_ps()]",
            "Q: which containers run?\nA: [docker_ps()]",
        ] {
            assert_eq!(start(text), Some(0), "{text:?}");
        }
        for text in [
            "User: root\nGroup: wheel",
            "User: root",
            "Result: 80% used\n[docker_ps()]",
            "User: root\nThe account is set.",
            "user\nroot\nGroup: wheel",
            "### User\nroot",
            "User: root\nAI: enabled for all hosts",
            "Question: which containers run?\nThought: list them.\nAction: docker_ps",
        ] {
            assert_eq!(start(text), None, "{text:?}");
        }
    }

    #[test]
    fn streaming_holds_from_a_line_that_may_open_a_turn() {
        for (answer, at, whole) in [
            ("Two run.\nUser: than", 9, true),
            ("Two run.\nUs", 9, false),
            ("Two run.\nuser", 9, false),
            ("Two run.\nuser\n", 9, true),
            ("Two run.\nTool res", 9, false),
            ("{}\nResult: web", 3, true),
            ("Two run.\n\n---\n\nUser: than", 10, false),
            ("Two run.\n\n---\n", 10, false),
            ("Two run.\n\n--", 10, false),
            // A heading's or bold's marks alone may yet open a label (`## User`).
            ("Two run.\n\n---\n\n## ", 10, false),
            ("Two run.\n\n---\n\n**", 10, false),
            ("Two run.\n\n**", 10, false),
            // The line after the label has not come whole: it may yet ask or call.
            ("Two run.\n\n---\n\nUser: admin\nRole: own", 10, false),
            ("Two run.\n\n---\n\nUser: admin\n", 10, false),
            // A line that is no data decides nothing yet.
            ("Two run.\n\n---\n\nUser: admin\nThanks!\n", 10, true),
            // Past the data, a later turn is held from its line.
            ("User: admin\nRole: owner\nHuman: thanks\n", 24, true),
            // The user's words answered by a speaker of any name: a turn, held.
            ("User: thanks\nGPT: <tool_call>{}\n", 0, true),
            ("Two run.\nUser: thanks\nFalcon: Sure.\n", 9, true),
            // In a fence not closed so far, which may never close: held from its opener, not
            // for good.
            ("Two run.\n```\nuser: root", 9, false),
            ("Two run.\n```\nUser: and the disk?\n", 9, false),
        ] {
            assert_eq!(hold_from(answer), Some((at, whole)), "{answer:?}");
        }
        // Held, but not for good, until the next line decides.
        for (answer, whole) in [
            ("User: hi", false),
            ("user\n", false),
            ("User: show containers\n<tool_call>{}\n", true),
            ("Us", false),
            ("Human", false),
        ] {
            assert_eq!(
                hold_from(answer),
                Some((0, whole)),
                "the first line: {answer:?}"
            );
        }
        for answer in [
            "Result: 80% used",
            "Two containers run.",
            "Two run.\nThe user",
            "Two run.\n  user: root",
            "Two run.\n```\nuser: root\n```\n",
            "Two run.\n```\nUser: and the disk?\n```\n",
            "Two run.\nusername: x\n",
            "Two run.\n\n---\n\nThe disk is fine.",
            "Two run.\n\n---\n\n## Summary",
            // A label the next line has shown is data, after a rule or first: it streams.
            "Two run.\n\n---\n\nUser: admin\nRole: owner\n\nThe disk is fine.",
            "User: admin\nRole: owner\n\nThe disk is fine.",
        ] {
            assert_eq!(hold_from(answer), None, "{answer:?}");
        }
    }

    #[test]
    fn a_reply_by_any_speaker_s_name_after_the_user_s_words_is_a_made_up_turn() {
        let call = "<tool_call>{\"name\": \"docker_ps\"}</tool_call>";
        for speaker in [
            "Falcon:",
            "Assistant:",
            "GPT:",
            "Bot:",
            "AI:",
            "Model:",
            "SmolLM2:",
            "**Qwen:**",
            "Llama 3.2:",
            "[GPT-4o]:",
        ] {
            for text in [
                format!("Two run.\nUser: thanks\n{speaker} {call}"),
                format!("Two run.\n\nUser: ok, and the disk\n\n{speaker}\n{call}"),
                format!("Two run.\nUser: thanks\n{speaker} Sure, checking.\n{call}"),
                format!("Two run.\nuser\nthanks\n{speaker} {call}"),
                format!("Two run.\nUser: thanks\nthat is all\n{speaker} {call}"),
                format!("Two run.\nUser: can you check the disk\n{speaker} Sure! {call}"),
            ] {
                let at = text.find("User:").or_else(|| text.find("user\n"));
                assert_eq!(start(&text), at, "{text:?}");
            }
            let first = format!("User: thanks\n{speaker} {call}");
            assert_eq!(start(&first), Some(0), "{first:?}");
        }
        // A field's value after `User:`, then another field: data, whatever follows.
        for text in [
            format!("Owner:\nUser: root\nGroup: staff\n{call}"),
            format!("Two run.\nUser: alice (uid 1000)\nHome: /home/alice\n{call}"),
            "Two run.\nUser: admin user\nRole: owner".to_owned(),
            "Two run.\nUser: thanks\nResult: none".to_owned(),
        ] {
            assert_eq!(start(&text), None, "{text:?}");
        }
    }

    #[test]
    fn a_made_up_user_under_any_person_s_label_answered_by_a_call_is_cut() {
        let call = "<tool_call>{\"name\": \"docker_ps\"}</tool_call>";
        for label in [
            "Me:",
            "Customer:",
            "Human:",
            "Q:",
            "You:",
            "Operator:",
            "Admin:",
            "Client:",
            "**Requester:**",
            "End User:",
        ] {
            for reply in ["Assistant:", "Falcon:", "A:", "**GPT-4o:**"] {
                for text in [
                    format!("Two run.\n{label} thanks, and the disk?\n{reply} {call}"),
                    format!("Two run.\n\n{label} show the logs\n\n{reply}\n{call}"),
                    format!("Two run.\n{label} list them\n{reply} Sure! [docker_ps()]"),
                    // A value under the label (`Admin: root`) answered by a call all the same.
                    format!("Two run.\n{label} root\n{reply} {call}"),
                ] {
                    assert_eq!(start(&text), text.find(label), "{text:?}");
                }
                let first = format!("{label} thanks\n{reply} {call}");
                assert_eq!(start(&first), Some(0), "{first:?}");
            }
        }
        // Any other name asks only where the model's own label answers; a person's word in
        // another language asks as in English.
        for text in [
            format!("Two run.\nBob: thanks\nAssistant: {call}"),
            format!("Two run.\nKunde: danke\nAssistent: {call}"),
            "Two run.\n客户：谢谢\n助手：[docker_ps()]".to_owned(),
            // A qualifier after the name, a Python call without brackets as the reply.
            "Two run.\nMe (admin): thanks\nFalcon: [docker_ps()]".to_owned(),
            "Two run.\nUser: nobody\nFalcon: docker_ps(all=True)".to_owned(),
            "Two run.\nclient: thanks\nassistant: docker_ps()".to_owned(),
            // The reply's words on the line before a call, after a value too, and ReAct's
            // `Action:` line after the reply's words.
            "Two run.\nUser: nobody\nFalcon: Sure! [docker_ps()]".to_owned(),
            "Two run.\nMe: thanks\nFalcon: Sure.\nAction: docker_ps\nAction Input: {}".to_owned(),
            // Any name answered, on the next line, by another name with a call: two speakers
            // taking turns, whatever their names.
            format!("Two run.\nBob: thanks\nFalcon: {call}"),
            format!("Two run.\nAlice: ok\nFalcon: {call}"),
            format!("Two run.\nJohn Smith: please show the logs\nQwen: {call}"),
            "Two run.\nBob: thanks\nHelper-Bot: Sure. [docker_ps()]".to_owned(),
            format!("Two run.\nBob said: thanks\nFalcon said: {call}"),
            // Earlier turns of the same two speakers belong to the exchange.
            format!(
                "Two run.\nBob: thanks\nFalcon: You're welcome!\nBob: the logs too\nFalcon: {call}"
            ),
            // A user's turn quoted, answered below the quote by the model's own label or
            // token and a call; the model's token after a plain user's turn.
            format!("Two run.\n> User: thanks\nAssistant: {call}"),
            "Two run.\n> Customer: thanks\nAssistant: [docker_ps()]".to_owned(),
            format!("Two run.\n> **User:** thanks\n<|assistant|>\n{call}"),
            format!("Two run.\nUser: thanks\n<|assistant|>\n{call}"),
            // The reply's words, then its call on the next line.
            format!("Two run.\nBob: thanks\nFalcon: Sure!\n{call}"),
            // A heading's exchange in words alone.
            "Two run.\n### Me\nthanks\n### Assistant\nYou're welcome!".to_owned(),
            // A template's token naming any speaker, its bars kept, answered by the model's.
            format!("Two run.\n<|customer|>\nthanks\n<|assistant|>\n{call}"),
            // Names in brackets, no colon after them.
            format!("Two run.\n[Bob] thanks\n[Falcon] {call}"),
            format!("Two run.\n[Customer] thanks\n[Falcon] {call}"),
            // A heading naming a speaker, answered by the model's own heading and a call.
            format!("Two run.\n### Customer\nthanks\n### Assistant\n{call}"),
            // An exchange in words alone after the answer: the model's own label replies, or
            // any name after a person's word.
            "Two run.\nMe: thanks\nAssistant: You're welcome".to_owned(),
            "Two run.\nBob: thanks, bye\nAI: Glad to help!".to_owned(),
            "Two run.\n**Me:** thanks\n**Assistant:** You're welcome".to_owned(),
            "Two run.\nCustomer: thanks\nFalcon: Anytime!".to_owned(),
            // Two names no list gives exchanging words that converse, after the answer.
            "Two run.\nBob: thanks\nFalcon: You're welcome!".to_owned(),
            "Two run.\nAlice: great, thanks!\nQwen: Happy to help!".to_owned(),
            "Two run.\nJohn Smith: can you also check the disk?\n\nHelper-Bot: Sure.".to_owned(),
            "Two run.\n### Bob\nthanks\n### Falcon\nYou're welcome!".to_owned(),
            // Speakers' headings of any names taking turns, the last one's call below it;
            // earlier turns of the same two belong to the exchange.
            format!("Two run.\n### Bob\nthanks\n### Falcon\n{call}"),
            format!("Two run.\n## Alice\ncan you show the logs?\n\n## Qwen\n{call}"),
            "Two run.\n#### Bob\nplease list them\n#### Falcon\n[docker_ps()]".to_owned(),
            format!(
                "Two run.\n### Bob\nthanks\n### Falcon\nYou're welcome!\n### Bob\nthe disk too\n### Falcon\n{call}"
            ),
            // Other spellings of the same shape: a colon after the heading's name, names in
            // bold alone on their lines, an emoji before the name, the reply's words before
            // its call, labels alone with their words below.
            format!("Two run.\n### Bob:\nthanks\n\n### Falcon:\n{call}"),
            format!("Two run.\n**Bob**\nthanks, and the disk?\n**Falcon**\n{call}"),
            format!("Two run.\n### 👤 Bob\nthanks\n### 🤖 Falcon\n{call}"),
            format!("Two run.\n### Bob\nthanks\n### Falcon\nSure!\n{call}"),
            format!("Two run.\nBob:\nthanks\nFalcon:\n{call}"),
            // Words spoken that open with no conversing word, not a report's sentence.
            format!("Two run.\n### Bob\nthe disk please\n### Falcon\n{call}"),
            format!("Two run.\n### Bob\nNow the logs of web\n### Falcon\n{call}"),
        ] {
            assert_eq!(start(&text), Some(9), "{text:?}");
        }
        // A data line shields no exchange after it: the exchange starts below the data.
        for (text, at) in [
            (format!("Two run.\nHost: web1\nBob: thanks\nFalcon: {call}"), 20),
            (format!("Two run.\nHost: web1\nMe: thanks\nAssistant: {call}"), 20),
            ("Two run.\nHost: web1\nRegion: eu\nBob: and the disk?\nFalcon: [disk_usage(path=\"/\")]".to_owned(), 31),
            ("Two run.\nUser: root\nBob: thanks\nFalcon: Anytime!".to_owned(), 20),
            (format!("Two run.\nHost: web1\n### Bob\nthanks\n### Falcon\n{call}"), 20),
        ] {
            assert_eq!(start(&text), Some(at), "{text:?}");
        }
        assert!(converses("thanks") && converses("can you check?") && converses("Sure, here."));
        assert!(!converses("ok") && !converses("All good.") && !converses("root"));
        assert!(names_other_speaker("Customer: thanks") && names_other_speaker("Q: why?"));
        for text in [
            // A single labelled line that is data, before the model's own call or not.
            format!("Admin: root\n{call}"),
            format!("Checking.\nOperator: alice\n{call}"),
            "Two run.\nCustomer: ACME Corp\nRegion: eu".to_owned(),
            "Two run.\nAdmin: root".to_owned(),
            // Data introduced as such, and a run of fields.
            format!("Accounts:\nAdmin: root\nFalcon: {call}"),
            format!("Two run.\nHost: web1\nAdmin: root\nFalcon: {call}"),
            // The model's own parts of a turn (ReAct, a plan) are no speakers.
            "Thought: I need the logs.\nAction: docker_logs\nAction Input: {}".to_owned(),
            format!("Plan: check the disk first.\nStep 1: {call}"),
            // A value then a field, then the call.
            format!("Two run.\nUser: root\nGroup: staff\n{call}"),
            format!("Two run.\nUser: nobody\nAction: {call}"),
            // A value then another field with a value spoken words may hold, then the call.
            format!("Two run.\nUser: root\nSudo: yes\n{call}"),
            // Any name with a value, or a reply under the same name, is no exchange; a reply
            // two lines down is not the next turn; a heading answered by another heading.
            format!("Owner: bob\nFalcon: {call}"),
            format!("Two run.\nOwner: bob\n{call}"),
            format!("Two run.\nBob: thanks\nBob: {call}"),
            format!("Two run.\nBob: thanks\nthat is all\nFalcon: {call}"),
            format!("## Summary\nAll good.\n## Next steps\n{call}"),
            // A token that ends or separates is no speaker's; a speaker's token answered by
            // another name's.
            format!("Two run.\n<|endoftext|>\nthanks\n<|assistant|>\n{call}"),
            format!("Two run.\n<|customer|>\nthanks\n<|bob|>\n{call}"),
            // Headings of the model's own answer, in words.
            "Two run.\n## Web\nAll good.\n## Assistant\nnotes".to_owned(),
            // A quote alone, or a quoted exchange, is shown, not spoken.
            format!("> User: show containers\n{call}"),
            format!("Two run.\n> User: thanks\n> Assistant: {call}"),
            "Two run.\n> Customer: ACME\nAssistant: [docker_ps()]".to_owned(),
            // A log line's level in brackets before the model's own call.
            "Two run.\n[INFO] disk is fine\n[docker_ps(all=True)]".to_owned(),
            // Words under two names no list gives that do not converse: fields or prose, kept;
            // a run of three names is a run of fields.
            "Disk: 80%\nMemory: 20%".to_owned(),
            "Two hosts checked.\nweb1: ok\nweb2: fine".to_owned(),
            "Two run.\nWeb: It restarted twice.\nDb: It is fine.".to_owned(),
            "Two run.\nweb1: thanks to the restart, up\nweb2: up now\nweb3: down".to_owned(),
            // A data line before the model's own call, and before a labelled value answered
            // by a call; data introduced by a line ending in `:`.
            format!("Checking.\nHost: web1\n{call}"),
            format!("Two run.\nHost: web1\nState: ok\nFalcon: {call}"),
            "Hosts:\nBob: hi there!\nFalcon: hello!".to_owned(),
            // Section headings of the model's own answer before its call.
            format!("Two run.\n## Web\nAll good.\n## Disk\n{call}"),
            format!("Two run.\n## Web\nIt restarted twice.\n## Db\n{call}"),
            format!("Two run.\n## Containers\nweb and db run.\n## Disk\n{call}"),
            "Two run.\n## Web\nAll good.\n## Db\nIt is fine.".to_owned(),
            format!("Two run.\n**Summary**\nAll good.\n**Next steps**\n{call}"),
            // A label alone over a value, answered by another label's call.
            format!("Two run.\nOwner:\nbob\nFalcon:\n{call}"),
            // A single exchange's reply that is the model's own label's value.
            "Two run.\nMe: thanks\nAssistant: root".to_owned(),
        ] {
            assert_eq!(start(&text), None, "{text:?}");
        }
    }

    #[test]
    fn streaming_holds_a_person_s_label_until_its_reply_decides() {
        let call = "<tool_call>{}</tool_call>";
        for (answer, whole) in [
            ("Two run.\nCus", false),
            ("Two run.\nCustomer: than", false),
            ("Two run.\nCustomer: thanks\n", false),
            ("Two run.\nCustomer: thanks\nFalcon: <tool_c", false),
            ("Two run.\nBob", false),
            ("Two run.\nMe (adm", false),
        ] {
            assert_eq!(hold_from(answer), Some((9, whole)), "{answer:?}");
        }
        let replied = format!("Two run.\nCustomer: thanks\nFalcon: {call}\n");
        assert_eq!(hold_from(&replied), Some((9, true)));
        // Any name answered by another's call, once whole.
        let replied = format!("Two run.\nBob: thanks\nFalcon: {call}\n");
        assert_eq!(hold_from(&replied), Some((9, true)));
        // A speaker's heading, cut off or whole, is held until the next heading decides; the
        // model's own section's heading streams once whole.
        for answer in [
            "Two run.\n### Bo",
            "Two run.\n### Bob\nthanks\n",
            "Two run.\n### Bob\nthanks\n### Fal",
        ] {
            assert_eq!(hold_from(answer), Some((9, false)), "{answer:?}");
        }
        let replied = format!("Two run.\n### Bob\nthanks\n### Falcon\n{call}\n");
        assert_eq!(hold_from(&replied), Some((9, true)));
        assert_eq!(hold_from("Two run.\n## Summary\nAll good.\n"), None);
        // After a data line, a turn that converses is held all the same.
        let replied = format!("Two run.\nHost: web1\nBob: thanks\nFalcon: {call}\n");
        assert_eq!(hold_from(&replied), Some((20, true)));
        // An exchange in words alone stays held: a call may yet follow the reply's words.
        let words = "Two run.\nMe: thanks\nAssistant: You're welcome!\n";
        assert_eq!(hold_from(words).map(|(at, _)| at), Some(9));
        for answer in [
            format!("Two run.\nOperator: alice\n{call}\n"),
            "Two run.\nCustomer: ACME Corp\nRegion: eu\n".to_owned(),
            "Two run.\nThe disk is fine.".to_owned(),
        ] {
            assert_eq!(hold_from(&answer), None, "{answer:?}");
        }
    }

    #[test]
    fn a_value_after_user_on_the_first_line_is_data_before_the_model_s_own_call() {
        let call = "<tool_call>{\"name\": \"docker_ps\"}</tool_call>";
        for value in [
            "root",
            "alice (uid 1000)",
            "www-data",
            "svc_web",
            "Alice Smith",
            "1000",
        ] {
            let text = format!("User: {value}\n{call}");
            assert_eq!(start(&text), None, "{text:?}");
            // Answered by a speaker's call, the value is a made-up user's words all the same.
            let text = format!("User: {value}\nFalcon: {call}");
            assert_eq!(start(&text), Some(0), "{text:?}");
        }
        for words in [
            "show containers",
            "thanks",
            "and the disk?",
            "list them all again",
        ] {
            let text = format!("User: {words}\n{call}");
            assert_eq!(start(&text), Some(0), "{text:?}");
        }
        assert!(is_value("alice (uid 1000)") && is_value("root") && !is_value("thanks"));
        assert!(is_utterance("show me the logs") && !is_utterance("alice (uid 1000)"));
    }

    #[test]
    fn data_labelled_with_a_role_stays_the_answer() {
        for text in [
            // An input section with no response heading after it, or a heading without the
            // colon: a document's.
            "The tool's sections:\n### Input:\nA name.\n### Output:\nIts logs.",
            "The API:\n## Input\nA name.\n## Response\nIts logs.",
            "User: root",
            "The account is set.\nUser: svc-web\nSystem: Linux",
            "A transcript looks like:\nUser: hi\nAssistant: hello",
            "Accounts on this host:\nUser: root\nUser: svc\nAssistant: none",
            "The users are:\nuser\nadmin",
            "Two run.\nUser: admin",
            "Two run.\nThe user asked: why?",
            "Roles: the user and the tool.\ntool",
            "Done.\nUsers: 3",
            "Output (trimmed)\nuser: root",
            "I checked the disk.\nResult: 80% used.",
            "Two run.\nUser: thanks\nResult: none",
            "I'll check the account.\nUser: svc-web\n<tool_call>{}</tool_call>",
            "Set it so:\n```\n{\"a\": 1}\nuser: root\n```",
            "```yaml\nports: [80]\nuser: root\n```",
            "services:\n  web:\n    ports: [80]\n    user: root",
            "Two run.\nQ: How do I restart one?\nA: Run docker restart web.",
            "Common questions:\n\nQ: Why did it stop?\nA: It ran out of memory.\n\nQ: Now?\nA: Up.",
            "Two run.\n\n---\n\nUser: root\nGroup: wheel",
            "---\nuser: root\nport: 80\n---",
        ] {
            assert_eq!(start(text), None, "{text:?}");
        }
    }
}
