//! gpt-oss's harmony format read message by message, whether the server printed its special
//! tokens, stripped them, or stripped some and printed others. A message is
//! `<|start|>ROLE to=RECIPIENT<|channel|>CHANNEL to=RECIPIENT <|constrain|>json<|message|>BODY`
//! ended by `<|end|>`, `<|call|>` or `<|return|>`; every token may be missing, so
//! `<|channel|>analysis<|message|>THOUGHT<|end|><|start|>assistant<|channel|>final<|message|>A`
//! also arrives as `analysisTHOUGHTassistantfinalA`, `analysisTHOUGHTassistant<|channel|>final
//! <|message|>A` or `<|channel|>analysis<|message|>THOUGHT<|end|>assistant<|channel|>finalA`.
//! Reading the messages as a kind (the role word glued to a channel word is a header, as no
//! prose writes `assistantfinal`) leaves no fragment of a header in the answer, and every
//! analysis message, the second one after a call too, is reasoning.

/// The special tokens of the format.
const START: &str = "<|start|>";
const CHANNEL: &str = "<|channel|>";
const MESSAGE: &str = "<|message|>";
const CONSTRAIN: &str = "<|constrain|>";
/// The token that ends a message another follows.
const END: &str = "<|end|>";
/// Tokens that end a message.
const ENDS: &[&str] = &[END, "<|call|>", "<|return|>"];

/// The most messages read in one answer: each costs a search of the rest of the text, and no
/// model writes more in one turn. What follows the last one read is the answer's.
const MAX_MESSAGES: usize = 64;

/// The assistant's role word in a header.
const ROLE: &str = "assistant";

/// The channels a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    /// Reasoning, never shown.
    Analysis,
    /// The answer.
    Final,
    /// Calls (with a recipient) and preambles to the user (without).
    Commentary,
}

const CHANNELS: &[(&str, Channel)] = &[
    ("analysis", Channel::Analysis),
    ("final", Channel::Final),
    ("commentary", Channel::Commentary),
];

/// A message's header as read at the start of a text.
#[derive(Debug)]
struct Header<'a> {
    len: usize,
    channel: Channel,
    recipient: Option<&'a str>,
    /// Whether the role word came first (`assistant...`).
    role: bool,
    /// Whether the role word was glued to the channel (`assistantfinal`): a header no prose
    /// writes.
    glued: bool,
    /// Whether any special token was printed in it.
    tokens: bool,
}

/// The text of a harmony answer sorted by channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Messages {
    /// The analysis messages, joined by a blank line.
    pub thought: String,
    /// The final answer and preambles, and each call rewritten as the header its reader reads
    /// (`commentary to=functions.NAME json{...}`, [`crate::named`]).
    pub rest: String,
}

/// Where a streamed text stands on harmony messages at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leading {
    /// Not harmony.
    No,
    /// A header or an analysis message is arriving: wait for more.
    Pending,
    /// The analysis is over: its `thought`, and where what follows starts (the final answer's
    /// body, or a call's header, held by the streaming reader).
    After { thought: String, at: usize },
}

/// The messages of `text` when it starts with one ([`first_header`]). An analysis message
/// written with its tokens stripped counts only when something ends it, else the text is the
/// answer (prose may start with the word "analysis"), unless it holds a call ([`holds_call`]):
/// then it is thought, as with its tokens printed, and the call never runs.
pub fn read(text: &str) -> Option<Messages> {
    let (thoughts, rest, open) = messages(text, &mut Vec::new())?;
    // Unless it holds a call (a call's envelope, a JSON object, a fence): as in the message
    // with its tokens printed, a call the model only thinks about is no call.
    if open.is_some_and(|stripped| stripped)
        && thoughts.len() == 1
        && rest.is_empty()
        && !holds_call(&thoughts[0])
    {
        return None;
    }
    Some(Messages {
        thought: thoughts.join("\n\n"),
        rest: rest.join("\n"),
    })
}

/// `answer`, read from `text`, with each call's header that stayed in it as the Harmony reader
/// rewrote it (`commentary to=functions.NAME json{...}`, a call the answer only shows) put back
/// as the model wrote it (`<|channel|>commentary to=functions.NAME <|constrain|>json<|message|>
/// {...}<|call|>`): the rewriting serves the readers, and the answer keeps the model's text.
pub fn restore_calls(text: &str, answer: &str) -> Option<String> {
    if !answer.contains("commentary to=") {
        return None;
    }
    let mut written = Vec::new();
    messages(text, &mut written)?;
    let mut restored = answer.to_owned();
    let mut from = 0;
    for (rewritten, original) in written {
        if rewritten == original {
            continue;
        }
        if let Some(at) = restored[from..].find(&rewritten) {
            let at = from + at;
            restored.replace_range(at..at + rewritten.len(), &original);
            from = at + original.len();
        }
    }
    (restored != answer).then_some(restored)
}

/// Whether a thought holds what a reader could run as a call: a call's envelope anywhere
/// (`<tool_call>`), a JSON object or a code fence.
fn holds_call(thought: &str) -> bool {
    thought.contains(['{', '`'])
        || thought
            .match_indices(['<', '['])
            .any(|(at, _)| crate::envelopes::opens_call(&thought[at..]))
}

/// What [`read`] finds of `text` while it streams.
pub fn leading(text: &str) -> Leading {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    if trimmed.is_empty() {
        return Leading::No;
    }
    if may_open(trimmed) {
        return Leading::Pending;
    }
    let Some(first) = first_header(trimmed) else {
        return Leading::No;
    };
    if first.channel != Channel::Analysis {
        // A final message starts the answer at once; a call's header is held by the reader.
        return match first.channel {
            Channel::Final if header_may_go_on(&trimmed[first.len..]) => Leading::Pending,
            Channel::Final => Leading::After {
                thought: String::new(),
                at: offset + first.len,
            },
            Channel::Commentary if first.recipient.is_some() => Leading::After {
                thought: String::new(),
                at: offset + call_at(0, &first, trimmed),
            },
            Channel::Analysis | Channel::Commentary => Leading::No,
        };
    }
    let mut thoughts = Vec::new();
    let mut at = 0;
    let mut header = first;
    loop {
        if thoughts.len() >= MAX_MESSAGES {
            return Leading::After {
                thought: thoughts.join("\n\n"),
                at: offset + at,
            };
        }
        let body_at = at + header.len;
        if header.channel != Channel::Analysis {
            if header.channel == Channel::Final && header_may_go_on(&trimmed[body_at..]) {
                return Leading::Pending;
            }
            let at = if header.channel == Channel::Final {
                body_at
            } else {
                call_at(at, &header, trimmed)
            };
            return Leading::After {
                thought: thoughts.join("\n\n"),
                at: offset + at,
            };
        }
        let body = &trimmed[body_at..];
        let Some((end, next)) = body_end(body, &header) else {
            // Opened with its tokens stripped and prose after: not harmony at all.
            if thoughts.is_empty() && !header.tokens && !opens_message(body) {
                return Leading::No;
            }
            return Leading::Pending;
        };
        thoughts.push(body[..end].trim().to_owned());
        let from = body_at + next;
        let skipped = skip_between(&trimmed[from..]);
        at = from + skipped;
        let remaining = &trimmed[at..];
        if remaining.is_empty() || may_open(remaining) {
            return Leading::Pending;
        }
        match header_at(remaining) {
            Some(next_header) => header = next_header,
            None => {
                return Leading::After {
                    thought: thoughts.join("\n\n"),
                    at: offset + at,
                };
            }
        }
    }
}

/// The analysis bodies, the rest (answers and calls), and, when the last message never ended
/// (the text ran out), whether its header was written without tokens.
type Read<'a> = (Vec<String>, Vec<String>, Option<bool>);

/// `written` gets each call's header as rewritten beside the message as the model wrote it.
fn messages<'a>(text: &'a str, written: &mut Vec<(String, String)>) -> Option<Read<'a>> {
    let trimmed = text.trim_start();
    let (mut thoughts, mut rest) = (Vec::new(), Vec::new());
    let (mut at, mut header) = match first_header(trimmed) {
        Some(first) => {
            // A call's header (`analysis to=functions.NAME json{...}`) is one whatever follows.
            if first.channel == Channel::Analysis
                && !first.tokens
                && first.recipient.is_none()
                && !opens_message(&trimmed[first.len..])
            {
                return None;
            }
            (0, first)
        }
        // A message whose header was lost whole, its `<|end|>` kept before the next
        // message's printed header. Its channel is unknown: before the final answer
        // (`Sure!<|end|><|start|>assistant<|channel|>final...`) its words are the answer's
        // first, as the words before the model's own next header are in any template, and as
        // they streamed before the token came; before a call they are the call's reasoning,
        // as all text beside calls is. A lone `<|end|>` (Phi ends every answer with one)
        // starts nothing.
        None => {
            let end = trimmed.find(END)?;
            let after = end + END.len();
            let next = after + skip_between(&trimmed[after..]);
            let header = header_at(&trimmed[next..]).filter(|h| h.tokens)?;
            let words = trimmed[..end].trim().to_owned();
            if header.channel == Channel::Final {
                rest.push(words);
            } else {
                thoughts.push(words);
            }
            (next, header)
        }
    };
    loop {
        let body = &trimmed[at + header.len..];
        let (end, next, open) = match body_end(body, &header) {
            Some((end, next)) => (end, next, None),
            None => (body.len(), body.len(), Some(!header.tokens)),
        };
        let text = body[..end].trim();
        match (header.channel, header.recipient) {
            (_, Some(recipient)) => {
                let rewritten = format!("commentary to={recipient} json{}", call_body(text));
                let original = trimmed[at..at + header.len + next].trim();
                written.push((rewritten.clone(), original.to_owned()));
                rest.push(rewritten);
            }
            (Channel::Analysis, None) => thoughts.push(text.to_owned()),
            (Channel::Commentary, None) => {
                if let Some(call) = encoded_call(text) {
                    rest.push(call);
                } else if !text.is_empty() {
                    rest.push(text.to_owned());
                }
            }
            (Channel::Final, None) => {
                if !text.is_empty() {
                    rest.push(text.to_owned());
                }
            }
        }
        if open.is_some() {
            return Some((thoughts, rest, open));
        }
        at += header.len + next;
        at += skip_between(&trimmed[at..]);
        let remaining = &trimmed[at..];
        if remaining.is_empty() {
            return Some((thoughts, rest, None));
        }
        if thoughts.len() + rest.len() >= MAX_MESSAGES {
            rest.push(remaining.trim().to_owned());
            return Some((thoughts, rest, None));
        }
        match header_at(remaining) {
            Some(next_header) => header = next_header,
            // Text after the last message that starts no other: the answer's.
            None => {
                rest.push(remaining.trim().to_owned());
                return Some((thoughts, rest, None));
            }
        }
    }
}

/// The first header of a text: one with a special token printed, the role word glued to its
/// channel (`assistantfinal`), a call's (`commentary to=`), or the channel word `analysis`
/// alone, glued to the message ([`opens_message`]).
fn first_header(text: &str) -> Option<Header<'_>> {
    let header = header_at(text)?;
    // A table's header row (`|channel|analysis|`, its delimiter row after it) is no header
    // whose tokens lost their brackets.
    let mut lines = text.lines();
    let row = lines.next().unwrap_or_default().trim_end();
    let delimiter = lines
        .next()
        .is_some_and(|line| line.contains("---") || line.contains(":--"));
    if row.starts_with('|') && row.ends_with('|') && delimiter {
        return None;
    }
    let plain_analysis = header.channel == Channel::Analysis && !header.role;
    (header.tokens || header.glued || header.recipient.is_some() || plain_analysis)
        .then_some(header)
}

/// A header at the start of `text`, as far as its parts were written.
fn header_at(text: &str) -> Option<Header<'_>> {
    let mut at = 0;
    let mut tokens = false;
    let mut recipient = None;
    if let Some(len) = token_len(text, START) {
        at += len;
        tokens = true;
    }
    let role = text[at..].starts_with(ROLE);
    if role {
        at += ROLE.len();
        if let Some((len, to)) = recipient_at(&text[at..]) {
            at += len;
            recipient = Some(to);
        }
    }
    let before_channel = at;
    // A recipient glued to the channel when the token between was stripped
    // (`assistant to=functions.NAMEcommentary json`).
    let glued_channel = recipient.and_then(|to: &str| {
        CHANNELS.iter().find_map(|(word, channel)| {
            to.strip_suffix(word)
                .filter(|bare| !bare.is_empty())
                .map(|bare| (bare, *channel))
        })
    });
    let channel = if let Some((bare, channel)) = glued_channel {
        recipient = Some(bare);
        channel
    } else {
        at += blanks(&text[at..]);
        if let Some(len) = token_len(&text[at..], CHANNEL) {
            at += len;
            tokens = true;
        } else if let Some(after) = text[at..].strip_prefix(CHANNEL_WORD)
            && CHANNELS.iter().any(|(word, _)| after.starts_with(word))
        {
            // The token's word with its brackets and bars stripped, glued to the channel's
            // (`channelanalysis`): no prose writes it.
            at += CHANNEL_WORD.len();
            tokens = true;
        }
        let (word, channel) = CHANNELS
            .iter()
            .find(|(word, _)| text[at..].starts_with(word))?;
        at += word.len();
        *channel
    };
    let glued = role && at == before_channel + channel_len(channel) && glued_channel.is_none();
    if let Some((len, to)) = recipient_at(&text[at..]) {
        at += len;
        recipient = Some(to);
    }
    // Blanks between the role and the channel only where tokens were or a recipient follows
    // (`assistant commentary to=`): prose writes "assistant final" too.
    if role && !glued && !tokens && recipient.is_none() {
        return None;
    }
    if recipient.is_some() || token_len(text[at..].trim_start(), CONSTRAIN).is_some() {
        let after = &text[at..];
        let skipped = blanks(after);
        let mut inner = &after[skipped..];
        let mut len = skipped;
        if let Some(constrain) = token_len(inner, CONSTRAIN) {
            tokens = true;
            len += constrain;
            inner = &inner[constrain..];
        }
        // The content type: `json`, in any case, or another word (`code`) before the message.
        let word = inner
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(inner.len());
        let typed = inner[..word].eq_ignore_ascii_case("json")
            || (word > 0
                && token_len(inner[word..].trim_start_matches([' ', '\t']), MESSAGE).is_some());
        if typed {
            at += len + word;
        } else if len > skipped {
            at += len;
        }
    }
    let after = &text[at..];
    let skipped = blanks(after);
    if let Some(len) = token_len(&after[skipped..], MESSAGE) {
        at += skipped + len;
        tokens = true;
    } else if tokens
        && after.starts_with(MESSAGE_WORD)
        && text[..at].ends_with(channel_word(channel))
    {
        // Its word bare, glued to the channel's after another token's
        // (`channelanalysismessage`).
        at += MESSAGE_WORD.len();
    }
    Some(Header {
        len: at,
        channel,
        recipient,
        role,
        glued,
        tokens,
    })
}

/// The channel token's word, read bare only glued to a channel's (`channelanalysis`).
const CHANNEL_WORD: &str = "channel";

/// The message token's word, read bare only glued to a channel's word after a token.
const MESSAGE_WORD: &str = "message";

fn channel_word(channel: Channel) -> &'static str {
    CHANNELS
        .iter()
        .find(|(_, c)| *c == channel)
        .map_or("", |(word, _)| word)
}

/// The most tokens of one kind looked for in a message's body.
const MAX_TOKEN_SEARCH: usize = 256;

/// The length of the format's special token `token` (`<|channel|>`) at the start of `text`, as
/// printed or with some of its brackets and bars stripped (`|channel|`, `channel|>`,
/// `<|channel`, `<|channel>`, `<channel|>`, `|channel`, `channel|`, `<channel>`): read as a
/// kind, so no spelling a server leaves is missed. A bar at least is kept, or both angle
/// brackets: the bare word is prose's.
fn token_len(text: &str, token: &str) -> Option<usize> {
    let name = token.strip_prefix("<|")?.strip_suffix("|>")?;
    let lead = ["<|", "|", "<"]
        .into_iter()
        .find(|mark| text.starts_with(mark))
        .unwrap_or("");
    if !text[lead.len()..].starts_with(name) {
        return None;
    }
    let after = &text[lead.len() + name.len()..];
    let trail = ["|>", "|", ">"]
        .into_iter()
        .find(|mark| after.starts_with(mark))
        .unwrap_or("");
    // A bar kept, or both angle brackets (`<channel>`): a bracket alone is prose's (`<end`).
    let barred = lead.contains('|') || trail.contains('|');
    (barred || (lead == "<" && trail == ">")).then_some(lead.len() + name.len() + trail.len())
}

/// Where the first of `token`'s spellings ([`token_len`]) stands in `text`, and its length.
fn find_token(text: &str, token: &str) -> Option<(usize, usize)> {
    let name = token.strip_prefix("<|")?.strip_suffix("|>")?;
    text.match_indices(name)
        .take(MAX_TOKEN_SEARCH)
        .find_map(|(at, _)| {
            let start = if text[..at].ends_with("<|") {
                at - 2
            } else if text[..at].ends_with(['|', '<']) {
                at - 1
            } else if text[..at].ends_with(|c: char| c.is_alphanumeric()) {
                // The end of a word (`send|`), no token.
                return None;
            } else {
                at
            };
            token_len(&text[start..], token).map(|len| (start, len))
        })
}

fn channel_len(channel: Channel) -> usize {
    CHANNELS
        .iter()
        .find(|(_, c)| *c == channel)
        .map_or(0, |(word, _)| word.len())
}

/// ` to=RECIPIENT` at the start of `text`: its length and the recipient.
fn recipient_at(text: &str) -> Option<(usize, &str)> {
    let skipped = blanks(text);
    let after = text[skipped..].strip_prefix("to=")?;
    let len = after
        .find(|c: char| c.is_whitespace() || c == '<' || c == '{')
        .unwrap_or(after.len());
    (len > 0).then(|| (skipped + 3 + len, &after[..len]))
}

fn blanks(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

/// Where a message's `body` ends, and where what follows it starts (after its end token), or
/// None when nothing ends it yet. A call's body is its JSON value; any body ends at an end
/// token, at the next header's tokens, or at the next header written without them (the role
/// glued to a channel, `assistantfinal`, or a call's `commentary to=`).
fn body_end(body: &str, header: &Header<'_>) -> Option<(usize, usize)> {
    if header.recipient.is_some() {
        let mut values = serde_json::Deserializer::from_str(body).into_iter::<serde_json::Value>();
        if let Some(Ok(_)) = values.next() {
            let end = values.byte_offset();
            let after = &body[end..];
            let token = ENDS
                .iter()
                .find_map(|t| token_len(after.trim_start(), t))
                .map_or(0, |len| after.len() - after.trim_start().len() + len);
            return Some((end, end + token));
        }
    }
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |end: usize, next: usize| {
        if best.is_none_or(|(b, _)| end < b) {
            best = Some((end, next));
        }
    };
    for token in ENDS {
        if let Some((at, len)) = find_token(body, token) {
            consider(at, at + len);
        }
    }
    for token in [START, CHANNEL] {
        if let Some((at, _)) = find_token(body, token) {
            consider(at, at);
        }
    }
    for (at, _) in body.match_indices(ROLE) {
        if let Some(next) = header_at(&body[at..])
            && (next.glued || next.recipient.is_some() || next.tokens)
        {
            // Blanks where the tokens were go with the thought: `... assistant commentary`.
            consider(at, at);
            break;
        }
    }
    if let Some(at) = body.find("commentary to=") {
        consider(at, at);
    }
    best
}

/// A call's body written as a JSON string that holds the arguments' object
/// (`"{\"container\": \"web\"}"`, encoded once or more, as models that learned the OpenAI
/// wire format write them): the object it holds, as JSON; None for any other body.
fn string_arguments(body: &str) -> Option<String> {
    let Ok(serde_json::Value::String(inner)) = serde_json::from_str(body) else {
        return None;
    };
    let decoded = crate::calls::decode_arguments(&serde_json::Value::String(inner));
    decoded.is_object().then(|| decoded.to_string())
}

/// A call's body as the readers take it after its header: the object a JSON string holds
/// ([`string_arguments`]); an object (near-JSON too, [`crate::lenient`]), a JSON string or a
/// fence as written; any other body (a bare word, a list, an object cut off, nothing) as a
/// JSON string. A string that holds no object is a malformed call's arguments, which the
/// reader sends back with a correction rather than show the header as the answer.
fn call_body(body: &str) -> String {
    if let Some(arguments) = string_arguments(body) {
        return arguments;
    }
    let readable = body.starts_with("```")
        || serde_json::from_str::<serde_json::Value>(body)
            .is_ok_and(|value| value.is_object() || value.is_string())
        || crate::lenient::whole(body).is_some_and(|value| value.is_object());
    if readable {
        return body.to_owned();
    }
    serde_json::Value::String(body.to_owned()).to_string()
}

/// End tokens and blanks between two messages.
fn skip_between(text: &str) -> usize {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        match ENDS.iter().find_map(|t| token_len(trimmed, t)) {
            Some(len) => rest = &trimmed[len..],
            None => return text.len() - trimmed.len(),
        }
    }
}

/// Whether the text after the word `analysis` is a stripped message's: glued to it (no prose
/// writes `analysisThe`), or after blanks starting in upper case or on the next line (prose
/// that starts with the word goes on in lower case: `analysis of the logs`).
fn opens_message(inside: &str) -> bool {
    if inside.starts_with(char::is_alphanumeric) {
        return true;
    }
    inside
        .trim_start_matches([' ', '\t', '\r'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '\n')
}

/// Whether `text`, still streaming, may yet become a header's start: a token, the role or a
/// channel word cut off (`<|chan`, `assis`, `anal`), or the word `analysis` with only blanks
/// after it so far.
fn may_open(text: &str) -> bool {
    let cut_off = [START, CHANNEL, ROLE, "analysis"]
        .iter()
        .any(|word| word.len() > text.len() && word.starts_with(text));
    let glued_role = text.strip_prefix(ROLE).is_some_and(|after| {
        CHANNELS
            .iter()
            .any(|(word, _)| word.len() > after.len() && word.starts_with(after))
            || (!after.is_empty() && CHANNEL.starts_with(after))
    });
    let analysis_alone = text
        .strip_prefix("analysis")
        .is_some_and(|after| after.trim_start_matches([' ', '\t', '\r']).is_empty());
    cut_off || glued_role || analysis_alone
}

/// Whether a final message's header may still go on after what arrived (`<|mess` cut off).
fn header_may_go_on(after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\t']);
    after.is_empty() || (MESSAGE.len() > after.len() && MESSAGE.starts_with(after))
}

/// Where a streamed call's message starts to be held: after the role word written without
/// its token (`assistantcommentary to=`), whose `commentary to=` the streaming reader holds;
/// at the header where a token opens it (`<|start|>`, held too).
fn call_at(at: usize, header: &Header<'_>, text: &str) -> usize {
    if header.role && token_len(&text[at..], START).is_none() {
        at + ROLE.len()
    } else {
        at
    }
}

/// A commentary message without a recipient that is only a JSON string holding an object or
/// a list (a whole call encoded once too often, `"{\"name\": ...}"`): the value it holds, for
/// the readers to take as the call it is, or leave as text.
fn encoded_call(text: &str) -> Option<String> {
    if !text.starts_with('"') {
        return None;
    }
    let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
    crate::encoded_calls::value(&value).map(|inner| inner.to_string())
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    #[test]
    fn a_call_left_in_the_answer_keeps_the_model_s_tokens() {
        let call = "<|channel|>commentary to=functions.docker_ps <|constrain|>json<|message|>{\"all\":true}<|call|>";
        let text = format!("{call}\nShall I run this?");
        let read = read(&text).unwrap();
        assert!(
            read.rest
                .starts_with("commentary to=functions.docker_ps json")
        );
        assert_eq!(
            restore_calls(&text, &read.rest).as_deref(),
            Some(text.as_str())
        );
        // Nothing to restore: an answer without the rewritten header, or one written so.
        assert_eq!(restore_calls(&text, "Shall I run this?"), None);
        let plain = "commentary to=functions.docker_ps json{\"all\":true}";
        assert_eq!(restore_calls(plain, plain), None);
    }

    use super::*;

    fn read_(text: &str) -> Option<(String, String)> {
        read(text).map(|m| (m.thought, m.rest))
    }

    #[test]
    fn headers_with_their_tokens_printed_stripped_or_in_part_leave_no_fragment() {
        for text in [
            "<|channel|>analysis<|message|>Need the list.<|end|><|start|>assistant<|channel|>final<|message|>Three run.<|return|>",
            "<|channel|>analysis<|message|>Need the list.<|end|>assistant<|channel|>final<|message|>Three run.",
            "analysisNeed the list.assistant<|channel|>final<|message|>Three run.",
            "analysisNeed the list.<|end|><|start|>assistant<|channel|>final<|message|>Three run.",
            "analysisNeed the list.assistantfinal<|message|>Three run.",
            "analysisNeed the list.assistantfinalThree run.",
            "<|channel|>analysis<|message|>Need the list.<|end|>assistant<|channel|>finalThree run.",
            "analysis\nNeed the list.\nassistantfinal\nThree run.",
        ] {
            assert_eq!(
                read_(text),
                Some(("Need the list.".to_owned(), "Three run.".to_owned())),
                "{text}"
            );
        }
        // A message whose header was lost whole: before the final answer, its first words
        // (as they streamed); before a call, its reasoning.
        for text in [
            "Sure!<|end|><|start|>assistant<|channel|>final<|message|>Three run.",
            "Sure!<|end|>assistant<|channel|>final<|message|>Three run.<|return|>",
        ] {
            assert_eq!(
                read_(text),
                Some((String::new(), "Sure!\nThree run.".to_owned())),
                "{text}"
            );
        }
        assert_eq!(
            read_(
                "Need it.<|end|><|start|>assistant<|channel|>commentary to=functions.docker_ps <|constrain|>json<|message|>{}<|call|>"
            ),
            Some((
                "Need it.".to_owned(),
                "commentary to=functions.docker_ps json{}".to_owned()
            ))
        );
        for text in [
            "assistant<|channel|>final<|message|>Three run.",
            "<|start|>assistant<|channel|>final<|message|>Three run.<|end|>",
            "<|channel|>final<|message|>Three run.",
            "<|channel|>finalThree run.",
            "assistantfinalThree run.",
        ] {
            assert_eq!(
                read_(text),
                Some((String::new(), "Three run.".to_owned())),
                "{text}"
            );
        }
    }

    #[test]
    fn arguments_written_as_a_json_string_are_the_object_it_holds() {
        for text in [
            "<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>\"{\\\"c\\\": 1}\"<|call|>",
            "assistantcommentary to=functions.docker_logs json\"{\\\"c\\\": 1}\"",
            "<|start|>assistant<|channel|>commentary to=functions.docker_logs<|message|>\"{\\\"c\\\":1}\"<|call|>",
        ] {
            assert_eq!(
                read_(text),
                Some((
                    String::new(),
                    "commentary to=functions.docker_logs json{\"c\":1}".to_owned()
                )),
                "{text}"
            );
        }
        // A string that holds no object is left as written, for a correction.
        assert_eq!(string_arguments("\"web\""), None);
        // Any other body that is no object is a string of its text, a malformed call's
        // arguments; objects, near-JSON ones too, stay as written.
        for (body, read) in [
            ("\"web\"", "\"web\""),
            ("web", "\"web\""),
            ("[\"web\"]", "\"[\\\"web\\\"]\""),
            (
                "{\"c\": \"web\", \"tail\":",
                "\"{\\\"c\\\": \\\"web\\\", \\\"tail\\\":\"",
            ),
            ("{\"c\": 1}", "{\"c\": 1}"),
            ("{'c': 1}", "{'c': 1}"),
            ("", "\"\""),
        ] {
            assert_eq!(call_body(body), read, "{body}");
        }
        assert_eq!(string_arguments("{\"c\": 1}"), None);
        assert_eq!(
            string_arguments("\"\\\"{\\\\\\\"c\\\\\\\": 1}\\\"\"").as_deref(),
            Some("{\"c\":1}")
        );
    }

    #[test]
    fn every_analysis_message_is_thought_and_every_call_keeps_its_header() {
        let call = |name: &str, args: &str| format!("commentary to=functions.{name} json{args}");
        for text in [
            "analysisNeed logs.assistantcommentary to=functions.docker_logs json{\"c\": 1}assistantanalysisAlso disk.assistantcommentary to=functions.disk_usage json{\"p\": 2}",
            "analysisNeed logs.assistantcommentary to=functions.docker_logs json{\"c\": 1}analysisAlso disk.assistantcommentary to=functions.disk_usage json{\"p\": 2}",
            "<|channel|>analysis<|message|>Need logs.<|end|><|start|>assistant<|channel|>commentary to=functions.docker_logs <|constrain|>json<|message|>{\"c\": 1}<|call|><|start|>assistant<|channel|>analysis<|message|>Also disk.<|end|><|start|>assistant<|channel|>commentary to=functions.disk_usage <|constrain|>json<|message|>{\"p\": 2}<|call|>",
            "analysisNeed logs.assistant to=functions.docker_logscommentary json{\"c\": 1}assistantanalysisAlso disk.assistant to=functions.disk_usage<|channel|>commentary json<|message|>{\"p\": 2}",
        ] {
            assert_eq!(
                read_(text),
                Some((
                    "Need logs.\n\nAlso disk.".to_owned(),
                    format!(
                        "{}\n{}",
                        call("docker_logs", "{\"c\": 1}"),
                        call("disk_usage", "{\"p\": 2}")
                    )
                )),
                "{text}"
            );
        }
        assert_eq!(
            read_(
                "analysisNeed logs.assistantcommentary to=functions.docker_logs json{}assistantanalysisDone.assistantfinalAll fine."
            ),
            Some((
                "Need logs.\n\nDone.".to_owned(),
                format!("{}\nAll fine.", call("docker_logs", "{}"))
            ))
        );
    }

    #[test]
    fn a_long_run_of_messages_is_read_in_bounded_time() {
        let text =
            "analysisx".to_owned() + &"assistantanalysisx".repeat(20_000) + "assistantfinalDone.";
        let started = crate::cpu_time::Stopwatch::start();
        let messages = read(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let messages = messages.unwrap_or_else(|| panic!("read as harmony"));
        assert_eq!(messages.thought.matches('x').count(), MAX_MESSAGES);
        assert!(messages.rest.ends_with("assistantfinalDone."));
        assert!(matches!(leading(&text), Leading::After { .. }));
    }

    #[test]
    fn prose_that_starts_like_a_header_is_no_message() {
        for text in [
            "analysis of the logs: all fine.",
            "analysisWeigh it, no end.",
            "The analysisWeigh itassistantfinal x",
            "assistant final answer: yes",
            "final answer: yes",
            "commentary on the logs",
            "All fine.<|end|>",
            "All fine.<|end|>\nfinal words",
        ] {
            assert_eq!(read_(text), None, "{text}");
        }
    }

    #[test]
    fn tokens_spelled_without_their_brackets_are_read_as_printed() {
        for text in [
            "|channel|analysis|message|Need the list.|end||start|assistant|channel|final|message|Three run.",
            "channel|>analysis<|message|>Need the list.<|end|>assistantfinalThree run.",
            "<|channel|analysis<|message|Need the list.<|end|>assistantfinalThree run.",
            "channelanalysismessageNeed the list.end|>assistantfinalThree run.",
            "<|channel>analysis<|message>Need the list.<|end>assistantfinalThree run.",
            "<channel|>analysis<message|>Need the list.<end|><start|>assistant<channel|>final<message|>Three run.",
            "<channel>analysis<message>Need the list.<end>assistantfinalThree run.",
        ] {
            let messages = read(text).expect(text);
            assert_eq!(messages.thought, "Need the list.", "{text}");
            assert_eq!(messages.rest, "Three run.", "{text}");
        }
        assert_eq!(token_len("|end|x", END), Some(5));
        assert_eq!(token_len("end|>x", END), Some(5));
        assert_eq!(token_len("endx", END), None);
        assert_eq!(token_len("<end", END), None);
        assert_eq!(token_len("end>", END), None);
        assert_eq!(token_len("<end>", END), Some(5));
        assert_eq!(find_token("send| it |end|", END), Some((9, 5)));
        // A table's row is no header; a message on one line ending in a bar is one.
        assert_eq!(read("|channel|analysis|\n|---|---|\n|final|answer|"), None);
        assert_eq!(
            read("|channel|analysis|message|Need it.|end|").map(|m| m.thought),
            Some("Need it.".to_owned())
        );
    }

    #[test]
    fn a_call_in_an_analysis_nothing_ends_is_thought() {
        let call = "<tool_call>{\"name\": \"docker_ps\"}</tool_call>";
        for text in [
            format!("analysisNeed the list.\n{call}"),
            format!("|channel|analysis|message|Maybe {call} then decide."),
            "analysisCall it.\n```json\n{}\n```".to_owned(),
        ] {
            let messages = read(&text).expect(&text);
            assert!(messages.rest.is_empty(), "{text}");
            assert!(messages.thought.contains('{'), "{text}");
        }
        // With no call in it, a stripped analysis nothing ends is the answer.
        assert_eq!(read("analysisWeigh it, no end."), None);
        // A call's header on the analysis channel, its tokens stripped, is read as printed.
        for text in [
            "analysis to=functions.docker_ps json{}",
            "assistantanalysis to=functions.docker_ps json{}",
            "<|channel|>analysis to=functions.docker_ps <|constrain|>json<|message|>{}<|call|>",
        ] {
            let messages = read(text).expect(text);
            assert_eq!(
                messages.rest, "commentary to=functions.docker_ps json{}",
                "{text}"
            );
        }
    }

    #[test]
    fn streaming_waits_for_the_analysis_and_the_final_header() {
        for text in [
            "anal",
            "analysis",
            "analysisNeed the",
            "analysisNeed it.assist",
            "analysisNeed it.assistant<|chan",
            "analysisNeed it.assistant<|channel|>final<|mess",
            "<|channel|>analysis<|message|>Need it.<|end|>",
            "<|channel|>analysis<|message|>Need it.<|end|>assistant",
        ] {
            assert_eq!(leading(text), Leading::Pending, "{text:?}");
        }
        let text = "analysisNeed it.assistant<|channel|>final<|message|>Thr";
        assert_eq!(
            leading(text),
            Leading::After {
                thought: "Need it.".to_owned(),
                at: text.len() - 3
            }
        );
        let text = "analysisNeed it.assistantcommentary to=functions.x json{";
        assert_eq!(
            leading(text),
            Leading::After {
                thought: "Need it.".to_owned(),
                at: text.find("commentary").unwrap_or_default()
            }
        );
        for text in ["analysis of it", "All fine", "Final answer"] {
            assert_eq!(leading(text), Leading::No, "{text:?}");
        }
    }
}
