//! The assistant's role header that a server printing special tokens leaves before the answer,
//! read as a kind rather than a list of templates: special tokens (`<|x|>`, `<｜x｜>`, `[|x|]`,
//! Gemma 4's `<|x>` and `<x|>`, Gemma's `<start_of_turn>`) around the role's word, or a token
//! that names the assistant itself:
//!
//! - `<|start_of_role|>assistant<|end_of_role|>` (Granite), `<|start_header_id|>assistant
//!   <|end_header_id|>` (Llama 3), `<|header_start|>assistant<|header_end|>` (Llama 4),
//!   `<|im_assistant|>assistant<|im_middle|>` (Kimi);
//! - `<|im_start|>assistant` (ChatML), `<start_of_turn>model` (Gemma), `<|turn>model` (Gemma 4),
//!   `<role>ASSISTANT</role>` (Ling);
//! - `<|assistant|>` (Phi), `<｜Assistant｜>` (DeepSeek), `[|assistant|]` (EXAONE),
//!   `<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>` (Command R).
//!
//! - the role written as plain text when the server strips the special tokens or the model
//!   copies a plain chat format: `Assistant:` (any case, in markdown bold or after a heading's
//!   `#`), the word `assistant` alone on the first line (Llama 3's header, its tokens stripped),
//!   Alpaca's `### Response:`. Only at the answer's start: a later line that opens with
//!   `Assistant:` is read by [`crate::own_labels`].
//!
//! Other roles are not headers here: a turn of one the model made up (`<|im_start|>user`, a
//! `tool` turn) is found by [`other_turn`] and cut by [`crate::envelopes::invented_results`]; and a token that starts a call (`<|tool_call|>`) is
//! never taken: only the assistant's role counts.

/// The longest special token read.
const MAX_TOKEN_BYTES: usize = 48;

/// Words that name the assistant's role after a header token.
const ROLE_WORDS: &[&str] = &["assistant", "model"];

/// `text` without the assistant's role headers at its start, and, when one of them was written
/// as plain text (`Assistant:`), `text` cut where the model goes on to write another role's
/// turn in the same plain format ([`plain_other_turn`]: `User: thanks`, `### Instruction:`).
pub fn skip_plain_turns(text: &str) -> &str {
    match headers(text) {
        (rest, true) => plain_other_turn(rest).map_or(rest, |at| &rest[..at]),
        (rest, false) => rest,
    }
}

/// The length of the assistant's role header written with special tokens at the start of
/// `text` (`<|im_start|>assistant`, `<|start_header_id|>assistant<|end_header_id|>`), the
/// blanks after it included; None when there is none or it holds a plain-text label.
pub fn token_header(text: &str) -> Option<usize> {
    match headers(text) {
        (rest, false) if rest.len() < text.len() => Some(text.len() - rest.len()),
        _ => None,
    }
}

/// `text` without the assistant's role headers at its start (and the blanks after them; the
/// text itself when it has none), and whether one of them was a plain-text label.
fn headers(text: &str) -> (&str, bool) {
    let mut rest = text.trim_start();
    let mut plain = false;
    loop {
        let before = rest.len();
        if let Some(len) = crate::own_labels::opening_label(rest, true) {
            rest = &rest[len..];
            plain = true;
        } else if let Some(token) = barred_token(rest, &["assistant"]).filter(|token| {
            // The assistant's own token with its angle brackets stripped: DeepSeek's
            // `｜Assistant｜` (`Assistant｜`), or `|assistant|` alone on its line.
            let after = &rest[token.len..];
            token.wide || ends_line(after)
        }) {
            rest = &rest[token.len..];
        } else if let Some((len, name)) = special_token(rest) {
            let after = &rest[len..];
            if names_assistant(name) {
                rest = after;
                // Kimi names the role twice: `<|im_assistant|>assistant<|im_middle|>`.
                if let Some(word_end) = role_word(rest)
                    && special_token(&rest[word_end..]).is_some()
                {
                    rest = &rest[word_end..];
                }
            } else if let Some(word_end) = role_word(after) {
                rest = &after[word_end..];
            } else if ["start", "turn"]
                .iter()
                .any(|part| name.to_ascii_lowercase().contains(part))
                && special_token(after).is_some_and(|(_, next)| names_assistant(next))
            {
                rest = after;
            }
        } else if let Some(len) = stripped_assistant_header(rest) {
            rest = &rest[len..];
        }
        // The role's word and the token closing the header (`assistant<|im_middle|>`, Phi-4's
        // `assistant<|im_sep|>`).
        if rest.len() < before
            && let Some((len, name)) = special_token(rest)
            && ["end", "middle", "header", "role", "sep"]
                .iter()
                .any(|part| name.to_ascii_lowercase().contains(part))
        {
            rest = &rest[len..];
        }
        if rest.len() == before {
            return if rest.len() == text.trim_start().len() {
                (text, false)
            } else {
                (rest, plain)
            };
        }
        rest = rest.trim_start();
    }
}

/// The length of the assistant's header with its tokens' brackets and bars stripped at the
/// start of `text` (`im_start assistant`, `|im_start|assistant`, `start_header_id assistant
/// end_header_id`, `start_of_turn model`, glued or apart by blanks or a line break): an opening
/// token, the role's word ending its line or meeting a closing token, and that closing token
/// (`end_header_id`, `end_of_role`, `im_sep`) if any.
fn stripped_assistant_header(text: &str) -> Option<usize> {
    let token = stripped_token(text).filter(|token| !token.ends)?;
    let after = &text[token.len..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    let gap = gap + usize::from(after[gap..].starts_with('\n'));
    let word_start = &after[gap..];
    let word = role_word(word_start)?;
    let mut len = token.len + gap + word;
    let rest = &text[len..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if let Some(close) = stripped_token(&rest[blanks..]).filter(|close| close.ends) {
        len += blanks + close.len;
    } else if !ends_line(rest) {
        return None;
    }
    Some(len)
}

/// Where an end-of-turn token that ends `text` (blanks after it aside) starts, read as a kind: a
/// `<|x|>`, `<｜x｜>` or `[|x|]` token naming the end of a turn, a text or a sentence
/// (`<|im_end|>`, `<|end_of_sentence|>`, `<|EOT|>`, `<|eos|>`), so spellings no list holds are
/// taken out too; one stripped of its brackets ([`trailing_stripped_end`]) or spelled with
/// blanks ([`spelled_end_before`]: `<｜ end of sentence ｜>`, `All fine. end of sentence`).
pub fn trailing_end_token(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let bracketed = trimmed
        .rfind(['<', '['])
        .filter(|&at| end_token(&trimmed[at..]).is_some_and(|len| at + len == trimmed.len()));
    bracketed
        .or_else(|| trailing_stripped_end(text))
        .or_else(|| spelled_end_before(trimmed))
}

/// The length of the end-of-turn token that starts `text`, read as [`trailing_end_token`]
/// reads its kind, or None.
pub fn end_token(text: &str) -> Option<usize> {
    // Mistral's closing control tokens (`[/INST]`, `[/SYSTEM_PROMPT]`): the end of a turn the
    // model's words never hold. Not `[/THINK]`, which closes its reasoning.
    if let Some(inner) = text.strip_prefix("[/") {
        let close = inner.find(']')?;
        let name = &inner[..close];
        let control = (1..=MAX_TOKEN_BYTES).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            && !name.contains("THINK")
            && !name.contains("TOOL_CALL");
        return control.then_some(close + 3);
    }
    // An end token printed with its bars stripped and its angle brackets kept (`<eot_id>`,
    // `<im_end>`, `<end_of_text>`).
    // In any case (`<End_Of_Turn>`), as a model copying the template writes it.
    if let Some((len, name)) = bare_token(text)
        && stripped_token(&name.to_ascii_lowercase())
            .is_some_and(|token| token.ends && token.len == name.len())
    {
        return Some(len);
    }
    let (len, name) = special_token(text)?;
    let name = name.to_ascii_lowercase().replace('▁', "_");
    // The end of a turn, a text or a sentence; never an envelope's closer (`<|python_end|>`,
    // `<|tool_call_end|>`), which the call readers need.
    let ends = name.starts_with("end_of_")
        || [
            "eot",
            "eom",
            "eos",
            "eot_id",
            "eom_id",
            "end",
            "endoftext",
            "endofturn",
            "im_end",
            "role_end",
            "turn_end",
        ]
        .contains(&name.as_str());
    // A placeholder, which holds no text: Hunyuan's end of sequence is
    // `<｜hy_place▁holder▁no▁2｜>`, and no template prints one inside a turn.
    let ends = ends || name.contains("place_holder") || name.contains("placeholder");
    // The end of the assistant's own turn named by its role (Apertus's and nanochat's
    // `<|assistant_end|>`).
    let ends = ends
        || name
            .strip_suffix("_end")
            .is_some_and(|role| ROLE_WORDS.contains(&role));
    // Blanks inside its brackets (`< |eot_id| >`) leave it the same token.
    let token = text[..len].replace(' ', "");
    let bracketed = token.starts_with("<|") && token.ends_with("|>")
        || token.starts_with("<｜")
        || token.starts_with("[|");
    (ends && bracketed).then_some(len)
}

/// Roles other than the assistant's: a turn of one of them that the model writes (the user's
/// next message, a tool's result) is made up, and the model's own text ends before it.
pub(crate) const OTHER_ROLES: &[&str] = &[
    "user",
    "system",
    "tool",
    "ipython",
    "human",
    "observation",
    "function",
    "developer",
    // InternLM's tools answer in the `environment` role (`<|im_start|>environment name=<|plugin|>`).
    "environment",
];

/// Words naming a role that speaks to the model, read anywhere in a special token's name
/// ([`other_turn`]): never a call's or a result's, whose tokens (`<|tool_call|>`,
/// `<|tool_response|>`) name their roles' words too.
pub(crate) const SPEAKER_WORDS: &[&str] = &["user", "human", "system", "prompter", "developer"];

/// Mistral's control tokens that open a turn of the user's or the system's.
const MISTRAL_OTHER_TURNS: &[&str] = &["[INST]", "[SYSTEM_PROMPT]", "[AVAILABLE_TOOLS]"];

/// The most special tokens looked at in one text.
const MAX_TOKENS_SCANNED: usize = 4096;

/// Where the first header of another role's turn starts in `text`, read as a kind as
/// [`skip_plain_turns`] reads the assistant's: a special token opening a turn followed by the
/// role's word (`<|im_start|>user`, `<start_of_turn>user`, `<|start_header_id|>user`,
/// `<|header_start|>tool`), or a token naming the role itself (`<|user|>`, `<｜User｜>`,
/// `[|user|]`, Kimi's `<|im_user|>`, Command R's `<|USER_TOKEN|>`), and Mistral's `[INST]` and
/// `[SYSTEM_PROMPT]`. A call token
/// (`<|tool_call|>`, `<|tool_response|>` aside) never counts: only a token whose whole name is
/// the role. A turn starts the text, a line, follows another token (`<|end|><|user|>`), a
/// call's end (`{...}<|observation|>`, as GLM writes it) or a
/// sentence's end (`Two run.<｜User｜>`, as DeepSeek's template writes it): a token quoted in
/// a sentence (`` Phi uses `<|user|>` ``) is prose. A token opening a turn right before the
/// role's (Command R's `<|START_OF_TURN_TOKEN|><|USER_TOKEN|>`) starts it.
pub fn other_turn(text: &str) -> Option<usize> {
    first_turn(text).map(|at| with_bare_end_before(text, at))
}

/// Where [`other_turn`]'s turn starts, before any end token printed bare before it is taken.
fn first_turn(text: &str) -> Option<usize> {
    let marked = [
        template_user_marker(text),
        stripped_turn(text),
        crate::bare_turns::bare_turn(text),
    ]
    .into_iter()
    .flatten()
    .min();
    let Some(at) = first_other_turn(text) else {
        return marked;
    };
    if marked.is_some_and(|marked| marked < at) {
        return marked;
    }
    // The turn's opening token before the role's token is the turn's too.
    let opener = text[..at].rfind(['<', '[']).filter(|&open| {
        special_token(&text[open..]).is_some_and(|(len, name)| {
            let name = name.to_ascii_lowercase();
            open + len == at
                && ["start", "turn"].iter().any(|part| name.contains(part))
                && !name.contains("end")
        })
    });
    Some(opener.unwrap_or(at))
}

/// `at`, or where Phi's end token printed with its angle brackets stripped (`|end|`, in one
/// case, or only its closing one, `<|end|`) stands right before it, blanks and line breaks between: the end of the model's turn
/// goes with the made-up turn after it, no fragment of it left in the answer.
fn with_bare_end_before(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
    ["|end|", "|END|"]
        .iter()
        .find_map(|token| before.strip_suffix(token))
        .filter(|rest| !rest.ends_with('|'))
        // Its opening bracket kept and its closing one stripped (`<|end|`): the token's too.
        .map_or(at, |rest| rest.strip_suffix('<').unwrap_or(rest).len())
}

/// Plain markers that templates write to open the user's turn, on a line or mid-line after
/// the previous turn's end token (OpenChat's `...<|end_of_turn|>GPT4 Correct User:`, and its
/// coding mode's `Code User:`).
const TEMPLATE_USER_MARKERS: &[&str] = &["GPT4 Correct User:", "GPT4 User:", "Code User:"];

/// Where the first of [`TEMPLATE_USER_MARKERS`] starts a turn in `text`: at the text's start, a
/// line's, after a token or a sentence's end, outside a fence.
fn template_user_marker(text: &str) -> Option<usize> {
    let starts_turn = |at: usize| {
        let before = text[..at].trim_end_matches([' ', '\t']);
        (before.is_empty() || before.ends_with(['\n', '>', ']', '.', '!', '?']))
            && !shown_in_fence(text, at)
    };
    let marked = TEMPLATE_USER_MARKERS
        .iter()
        .filter_map(|marker| {
            text.match_indices(marker)
                .take(MAX_TOKENS_SCANNED)
                .map(|(at, _)| at)
                .find(|&at| starts_turn(at))
        })
        .min();
    // Vicuna's turns on one line, `USER: ... ASSISTANT:` (`USER:` alone at a line's start
    // also keys data): the pair on the line is the template's.
    let vicuna = text
        .match_indices(VICUNA_USER)
        .take(MAX_TOKENS_SCANNED)
        .map(|(at, _)| at)
        .find(|&at| {
            let line = text[at..].split('\n').next().unwrap_or_default();
            starts_turn(at) && line.contains(VICUNA_ASSISTANT)
        });
    marked.into_iter().chain(vicuna).min()
}

/// Names of template tokens that a detokenizer or a fine-tune's data may print with their
/// brackets and bars stripped (`im_start user`, `start_of_turn user`, `eot_id`): read by
/// [`stripped_token`] as a kind; this list only tells a name still arriving while streaming.
pub(crate) const STRIPPED_NAMES: &[&str] = &[
    "im_start",
    "im_end",
    "im_sep",
    "start_of_turn",
    "end_of_turn",
    "start_header_id",
    "end_header_id",
    "header_start",
    "header_end",
    "start_of_role",
    "end_of_role",
    "eot_id",
    "eom_id",
    "end_of_text",
    "begin_of_text",
    "reserved_special_token_",
];

/// A template's token printed with its brackets stripped ([`stripped_token`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stripped {
    /// Its length, bars kept around it included.
    pub len: usize,
    /// Whether it ends something (a turn, a header, a text), rather than opening it.
    pub ends: bool,
    /// Whether its bars were kept (`|im_start|`, `im_end|>`): a token, wherever it stands.
    pub barred: bool,
}

/// A template's token printed with its brackets and bars stripped, at the start of `text`
/// (`im_start`, `start_of_turn`, `start_header_id`, `eot_id`, `end_of_turn`,
/// `reserved_special_token_5`, Command R's `START_OF_TURN_TOKEN`), or with its bars kept and
/// its angle brackets stripped (`|im_start|`, `im_end|>`, DeepSeek's full-width
/// `｜end▁of▁sentence｜`): words joined by `_` or DeepSeek's `▁`, all lower or all upper case,
/// that name a turn's, a header's, a role's, a message's or a text's opening or end, ending at
/// a blank, a token or the text's end (`end_of_day` and `start_date` name data). Before a
/// full-width bar, which no prose writes, the words may be joined by blanks too (`end of
/// sentence｜`), the first of them one a token's name opens with ([`BLANK_JOINED_OPENERS`]).
pub(crate) fn stripped_token(text: &str) -> Option<Stripped> {
    let lead = bar_len(text);
    let body = &text[lead..];
    let name_len = blank_joined_len(body).or_else(|| wide_ident_len(body))?;
    let name = &body[..name_len];
    let one_case = name.chars().all(|c| !c.is_ascii_uppercase())
        || name.chars().all(|c| !c.is_ascii_lowercase());
    // A one-word end token between full-width bars, which no prose writes (`｜EOS｜`, `｜eot｜`).
    let wide = text.starts_with('｜') || body[name_len..].starts_with('｜');
    let one_word = wide && ONE_WORD_ENDS.contains(&name.to_ascii_lowercase().as_str());
    if !(3..=MAX_TOKEN_BYTES).contains(&name_len)
        || !(one_word || name.contains(['_', '▁', ' ']))
        || !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !one_case
    {
        return None;
    }
    let mut len = lead + name_len;
    let mut barred = lead > 0;
    if let Some(close) = Some(bar_len(&text[len..])).filter(|&close| close > 0) {
        len += close;
        barred = true;
        if text[len..].starts_with('>') {
            len += 1;
        }
    } else if text[len..].starts_with('>') {
        // Only its opening bracket stripped (`start_of_turn>user`).
        len += 1;
        barred = true;
    }
    let ended = text[len..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '<' | '[' | '|' | '｜'));
    if !(barred || ended) {
        return None;
    }
    let lower = name.to_ascii_lowercase().replace(['▁', ' '], "_");
    let parts: Vec<&str> = lower.split('_').collect();
    let has = |word: &str| parts.contains(&word);
    let things = [
        "im", "turn", "header", "role", "message", "text", "sentence", "sequence",
    ];
    let names_thing = parts.iter().any(|part| things.contains(part));
    let ends = one_word || has("eot") || has("eom") || has("eos") || (has("end") && names_thing);
    let opens = !ends && (has("start") || has("begin")) && names_thing;
    let spare = lower.starts_with("reserved_special_token");
    (ends || opens || spare).then_some(Stripped { len, ends, barred })
}

/// End tokens named by one word, read between DeepSeek's full-width bars (`｜EOS｜`).
const ONE_WORD_ENDS: &[&str] = &[
    "eos",
    "eot",
    "eom",
    "endoftext",
    "endofturn",
    "endofsentence",
];

/// Words a template token's name written with blanks between them opens with (`end of
/// sentence`): no other first word is read so.
const BLANK_JOINED_OPENERS: &[&str] = &["end", "begin", "start", "eos", "eot", "eom"];

/// The length of a bar (`|`, or DeepSeek's full-width `｜`) at the start of `text`, or 0.
fn bar_len(text: &str) -> usize {
    if text.starts_with('|') {
        1
    } else if text.starts_with('｜') {
        '｜'.len_utf8()
    } else {
        0
    }
}

/// The length of the name (ASCII letters, digits, `_` and DeepSeek's `▁`) that starts `text`,
/// or None when it runs past the longest token read.
fn wide_ident_len(text: &str) -> Option<usize> {
    let len = text
        .char_indices()
        .find(|&(at, c)| {
            at > MAX_TOKEN_BYTES || !(c.is_ascii_alphanumeric() || matches!(c, '_' | '▁'))
        })
        .map_or(text.len(), |(at, _)| at);
    (len <= MAX_TOKEN_BYTES).then_some(len)
}

/// The length of a token's name written as words joined by single blanks at the start of
/// `text` and closed by a full-width bar (`end of sentence｜`), the first word one of
/// [`BLANK_JOINED_OPENERS`]; None otherwise.
fn blank_joined_len(text: &str) -> Option<usize> {
    let close = text
        .get(..MAX_TOKEN_BYTES.min(text.len()) + 3)
        .unwrap_or(text)
        .find('｜')?;
    let name = &text[..close];
    let first = name.split(' ').next().unwrap_or_default();
    (name.contains(' ')
        && !name.contains("  ")
        && !name.ends_with(' ')
        && BLANK_JOINED_OPENERS.contains(&first.to_ascii_lowercase().as_str())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '▁' | ' ')))
    .then_some(close)
}

/// The length of the name (ASCII letters, digits and `_`) that starts `text`, or None when it
/// runs past the longest token read.
pub(crate) fn ident_len(text: &str) -> Option<usize> {
    let len = text
        .bytes()
        .take(MAX_TOKEN_BYTES + 1)
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(text.len());
    (len <= MAX_TOKEN_BYTES).then_some(len)
}

/// Whether byte `at` of `text` is where a turn's token may stand: the text's or a line's
/// start, after a sentence's end (`Two run.eot_id`), or after another stripped token (`eot_id
/// start_header_id`); never inside a bracketed token (`<|im_start|>`), read as such.
pub(crate) fn turn_position(text: &str, at: usize) -> bool {
    let before = &text[..at];
    if in_bracket(before) {
        return false;
    }
    // Right after a stripped token's full-width bar (DeepSeek's `｜end▁of▁sentence｜` glued to
    // the next turn's `｜User｜`, or sharing its bar: `end▁of▁sentence｜User｜`).
    if before.ends_with('｜') && stripped_before(before).is_some() {
        return true;
    }
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '<' | '[' | '｜'))
    {
        return false;
    }
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.is_empty() || trimmed.ends_with(['\n', '.', '!', '?', '>', ']', '|']) {
        return true;
    }
    stripped_before(trimmed).is_some() || spelled_end_before(trimmed).is_some()
}

/// The last words of an end token's name spelled with blanks: what it ends (`end of
/// sentence`, `end of turn`, `eot id`).
const SPELLED_LAST_WORDS: &[&str] = &[
    "im", "turn", "header", "role", "message", "text", "sentence", "sequence", "id",
];

/// The most words an end token's name is spelled in with blanks between (`end of sentence`).
const MAX_SPELLED_WORDS: usize = 4;

/// Where an end token spelled with blanks ends `text` (blanks after it aside): its name's
/// words joined by blanks, `_` or DeepSeek's `▁`, in any case (`end of sentence`, `END OF
/// SENTENCE`, `end▁of▁sentence`), with or without its bars and brackets, blanks inside them
/// too (`<｜ end of sentence ｜>`, `｜end of sentence｜`), where the model's words stopped: the
/// text's or a line's start, right after a sentence's end (`All fine. end of sentence`), or
/// anywhere with a bar kept. A one-word end (`eos`, `eot`) counts only with a bar. The words
/// in a sentence (`Read it to the end of sentence`) end nothing.
pub(crate) fn spelled_end_before(text: &str) -> Option<usize> {
    let blanks = [' ', '\t'];
    let core = text.trim_end_matches(blanks);
    // A bar counts where no prose or table writes it: DeepSeek's full-width one, or an ASCII
    // one beside its angle bracket (`|>`, `<|`).
    let (core, angled) = match core.strip_suffix('>') {
        Some(inner) => (inner, true),
        None => (core, false),
    };
    let (core, closed) = match core.strip_suffix('｜') {
        Some(inner) => (inner.trim_end_matches(blanks), true),
        None => match core.strip_suffix('|').filter(|_| angled) {
            Some(inner) => (inner.trim_end_matches(blanks), true),
            None if angled => return None,
            None => (core, false),
        },
    };
    // The last word names what ends (`sentence`, `turn`) or is a one-word end (`eos`): any
    // other word ends no token, looked at no further.
    let last = core
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    let named = |words: &[&str]| words.iter().any(|word| word.eq_ignore_ascii_case(last));
    // Phi's bare `end` only with a bar kept (`end|>`, `<|end`).
    let phi_end = last.eq_ignore_ascii_case("end")
        && (closed || core[..core.len() - last.len()].ends_with(['|', '｜']));
    if !(phi_end || named(SPELLED_LAST_WORDS) || named(ONE_WORD_ENDS)) {
        return None;
    }
    // The run of words (letters, `_`, `▁`, blanks between) that ends the core.
    let mut start = core.len();
    let mut words = 0;
    let mut in_word = false;
    for (at, c) in core.char_indices().rev() {
        if c.is_ascii_alphabetic() || matches!(c, '_' | '▁') {
            in_word = true;
            start = at;
        } else if c == ' ' && in_word {
            in_word = false;
            words += 1;
            if words >= MAX_SPELLED_WORDS {
                break;
            }
        } else if c != ' ' || start == core.len() {
            break;
        }
        if core.len() - at > MAX_TOKEN_BYTES {
            break;
        }
    }
    // Each start of a word in the run, the nearest to the end first.
    let run = &core[start..];
    let mut candidates: Vec<usize> = run
        .char_indices()
        .filter(|&(at, c)| c != ' ' && (at == 0 || run[..at].ends_with(' ')))
        .map(|(at, _)| start + at)
        .collect();
    candidates.reverse();
    candidates.into_iter().find_map(|from| {
        let name = core[from..]
            .to_ascii_lowercase()
            .split([' ', '_'])
            .flat_map(|word| word.split('▁'))
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let before = core[..from].trim_end_matches(blanks);
        let (before, opened) = match before.strip_suffix('｜') {
            Some(outer) => (outer.strip_suffix('<').unwrap_or(outer), true),
            None => match before.strip_suffix("<|") {
                Some(outer) => (outer, true),
                None => (before, false),
            },
        };
        let barred = opened || closed;
        // Unbarred words in one case only: `End of message` signs a text off; DeepSeek's
        // `End of sentence` signs nothing off.
        let spelled = &core[from..];
        let one_case = spelled.chars().all(|c| !c.is_ascii_uppercase())
            || spelled.chars().all(|c| !c.is_ascii_lowercase())
            || name == "end_of_sentence";
        if !(barred || one_case) {
            return None;
        }
        let ends = if name.contains('_') {
            stripped_token(&name).is_some_and(|token| token.len == name.len() && token.ends)
        } else {
            // Phi's `<|end|>` too, whose bare word is prose's.
            barred && (ONE_WORD_ENDS.contains(&name.as_str()) || name == "end")
        };
        if !ends {
            return None;
        }
        // Its start, bars and brackets included.
        let at = if opened { before.len() } else { from };
        // Where the words stopped: after a sentence, a line, or a call's or a token's end
        // (`</tool_call> end of sentence`).
        let prior = text[..at].trim_end_matches(blanks);
        let placed = prior.is_empty()
            || prior.ends_with(['\n', '.', '!', '?', '>', ']', '}', ')'])
            || (barred && !in_bracket(prior));
        placed.then_some(at)
    })
}

/// Whether `before` ends inside a bracketed token's opening (`<`, `<|`, `[|`, `<｜`): a name
/// after it is that token's, read as such.
fn in_bracket(before: &str) -> bool {
    // Blanks inside the brackets (`< |eot_id| >`) leave the token the same.
    let before = before.trim_end_matches(' ');
    let before = before.strip_suffix(['|', '｜']).unwrap_or(before);
    before.trim_end_matches(' ').ends_with(['<', '['])
}

/// Where a stripped token that ends `text` starts ([`stripped_token`] reaching its end): the
/// shortest one that does, when a full-width bar closes words joined by blanks (`Done. end of
/// sentence｜`).
fn stripped_before(text: &str) -> Option<(usize, Stripped)> {
    let core = text.strip_suffix('>').unwrap_or(text);
    let (core, wide) = match core.strip_suffix('｜') {
        Some(core) => (core, true),
        None => (core.strip_suffix('|').unwrap_or(core), false),
    };
    // The run of name characters that ends `core`, looked at over a few tokens' length: a
    // longer run is a word, whose middle starts no token.
    let limit = 4 * MAX_TOKEN_BYTES;
    let mut span = core.len();
    for c in core.chars().rev() {
        if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '▁') || (wide && c == ' ')) {
            break;
        }
        span -= c.len_utf8();
        if core.len() - span > limit {
            return None;
        }
    }
    if span == core.len() {
        return None;
    }
    // Each word's start in the run, the nearest to the end first: blanks join a token's words
    // only before a full-width bar, and the words before it may be prose's.
    let run = &core[span..];
    let mut starts = run
        .char_indices()
        .rev()
        .filter(|&(at, c)| c != ' ' && (at == 0 || run[..at].ends_with(' ')))
        .map(|(at, _)| span + at)
        .filter(|&start| core.len() - start <= MAX_TOKEN_BYTES);
    starts.find_map(|start| {
        let mut at = start;
        if in_bracket(&core[..at]) {
            return None;
        }
        if core[..at].ends_with('|') {
            at -= 1;
        } else if core[..at].ends_with('｜') {
            at -= '｜'.len_utf8();
        }
        stripped_token(&text[at..])
            .filter(|token| at + token.len == text.len())
            .map(|token| (at, token))
    })
}

/// Where a stripped template token ([`stripped_token`]) opens another role's turn in `text`:
/// an opening token at a turn's position ([`turn_position`]) before a speaker's or another
/// role's word that ends its line or meets a closing token (`im_start user`, `start_of_turn
/// user`, `start_header_id user end_header_id`, `|im_start|user`, Command R's
/// `START_OF_TURN_TOKEN USER_TOKEN`); from the end token before it, when one ends the turn
/// before (`Two run.im_end\nim_start user`). A token named in a sentence (`im_start user
/// opens ChatML's turn`) is prose; so is one in a fence.
fn stripped_turn(text: &str) -> Option<usize> {
    let mut scanned = 0;
    for (at, c) in text.char_indices() {
        if !(c.is_ascii_alphabetic() || matches!(c, '|' | '｜' | '<' | '['))
            || !turn_position(text, at)
        {
            continue;
        }
        scanned += 1;
        if scanned > MAX_TOKENS_SCANNED {
            return None;
        }
        // A role's own token with its bars kept and its angle brackets stripped (Phi's and
        // Zephyr's `|user|` alone on its line or before the turn's words, DeepSeek's `｜User｜`
        // or `User｜`, blanks inside too).
        if let Some(token) = barred_role(&text[at..])
            && !shown_in_fence(text, at)
            && opens_barred_turn(text, at, token)
        {
            return Some(at);
        }
        // Mistral's `[INST]` with one of its brackets stripped (`INST]`, `[INST`), its turn
        // closed after it.
        if half_mistral_turn(&text[at..]) && !shown_in_fence(text, at) {
            return Some(at);
        }
        if c == '[' {
            continue;
        }
        // Harmony's header with its brackets and bars stripped (`start user message` alone on
        // its line, `startusermessage`, `<start>user<message>`).
        if let Some(len) = stripped_harmony_header(text, at)
            && !shown_in_fence(text, at)
            && !named_in_sentence(&text[at + len..])
        {
            return Some(at);
        }
        if c == '<' {
            continue;
        }
        let Some(token) = stripped_token(&text[at..]).filter(|token| !token.ends) else {
            continue;
        };
        if !opens_role(&text[at + token.len..]) || shown_in_fence(text, at) {
            continue;
        }
        // The end token that ended the turn before is cut with it.
        let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
        return Some(match stripped_before(before) {
            Some((start, token)) if token.ends && (token.barred || turn_position(text, start)) => {
                start
            }
            _ => at,
        });
    }
    None
}

/// Whether Mistral's control token opening another role's turn ([`MISTRAL_OTHER_TURNS`])
/// starts `text` with one of its brackets stripped, in any case, blanks inside allowed
/// (`INST]`, `[INST`, `[ inst`), in its own upper case or with its closing token after it in
/// any spelling (`[/INST]`, `/INST]`, `[/INST`): the turn, as with both brackets.
fn half_mistral_turn(text: &str) -> bool {
    let (inner, opened) = match text.strip_prefix('[') {
        Some(inner) => (inner.trim_start_matches(' '), true),
        None => (text, false),
    };
    MISTRAL_OTHER_TURNS.iter().any(|token| {
        let name = &token[1..token.len() - 1];
        let Some(head) = inner.get(..name.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(name) {
            return false;
        }
        let after = &inner[name.len()..];
        let closed = after.trim_start_matches(' ').starts_with(']');
        // One bracket exactly: both are the whole token's, read elsewhere.
        let half = if opened {
            !closed && after.starts_with([' ', '\n'])
        } else {
            closed
        };
        // The close may have been cut already as an end token: the token's own upper case
        // is enough.
        let words = after.trim_start_matches(' ');
        let words = words.strip_prefix(']').unwrap_or(words);
        half && !named_in_sentence(words)
            && (head == name || after.to_ascii_uppercase().contains(&format!("/{name}")))
    })
}

/// Another role's token written with its angle brackets stripped ([`barred_role`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BarredRole {
    /// Its length, its bars (and a kept closing `>`) included.
    pub len: usize,
    /// Whether a bar is DeepSeek's full-width `｜`, which no prose or table writes.
    pub wide: bool,
    /// Whether blanks stand inside its bars (`| user |`, `｜ User ｜`).
    pub spaced: bool,
}

/// Another role's token written with its angle brackets stripped at the start of `text`, read
/// as one kind whatever was kept of it: ASCII bars on both sides (`|user|`, `|USER|`, `|
/// user |`), or DeepSeek's full-width bars on one side or both (`｜User｜`, `User｜`,
/// `｜User｜>`, `<User｜>`), blanks inside allowed (`｜ User ｜`); or None.
pub(crate) fn barred_role(text: &str) -> Option<BarredRole> {
    barred_token(text, OTHER_ROLES)
}

/// A token of one of `roles` written with its angle brackets stripped ([`barred_role`]).
fn barred_token(text: &str, roles: &[&str]) -> Option<BarredRole> {
    fn bar(s: &str) -> Option<(&str, bool)> {
        s.strip_prefix('|')
            .map(|rest| (rest, false))
            .or_else(|| s.strip_prefix('｜').map(|rest| (rest, true)))
    }
    fn blanks(s: &str) -> &str {
        s.trim_start_matches([' ', '\t'])
    }
    // Its angle bracket kept where its opening bar was stripped (`<User｜>`).
    let bracket = text.strip_prefix('<').map(blanks);
    let (inner, open) = match bar(bracket.unwrap_or(text)) {
        Some((rest, wide)) => (rest, Some(wide)),
        None => (bracket.unwrap_or(text), None),
    };
    let word_start = blanks(inner);
    let word = word_start
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(word_start.len());
    let role = word_start[..word].to_ascii_lowercase();
    if !roles.contains(&role.as_str()) {
        return None;
    }
    let after = &word_start[word..];
    let (rest, close, angled) = match bar(blanks(after)) {
        Some((rest, wide)) => match rest.strip_prefix('>') {
            Some(rest) => (rest, Some(wide), true),
            None => (rest, Some(wide), false),
        },
        None => (after, None, false),
    };
    let wide = open == Some(true) || close == Some(true);
    // One ASCII bar kept beside its angle bracket and the other side stripped (`<|user`,
    // `user|>`), alone on its line: the token, its turn's words on the next line.
    let line_ends = ends_line(rest);
    let half = line_ends
        && match (open, close) {
            (Some(false), None) => bracket.is_some(),
            (None, Some(false)) => angled && bracket.is_none(),
            _ => false,
        };
    // A bracketed token with ASCII bars is read as such ([`special_token`]), and `<user>` is a
    // tag.
    if bracket.is_some() && !(open.is_none() && close == Some(true)) && !half {
        return None;
    }
    let whole = half
        || match (open, close) {
            (Some(false), Some(false)) => true,
            // One full-width bar kept: the word must end where the token did.
            (Some(true), None) => rest.is_empty() || rest.starts_with(['\n', '\r', '>']),
            (None, Some(true)) | (Some(_), Some(true)) | (Some(true), Some(_)) => true,
            _ => false,
        };
    let spaced = word_start.len() < inner.len() || blanks(after).len() < after.len();
    whole.then_some(BarredRole {
        len: text.len() - rest.len(),
        wide,
        spaced,
    })
}

/// Whether the role's token `token` ([`barred_role`]) at byte `at` of `text`, a turn's position,
/// opens that role's made-up turn: DeepSeek's full-width bars wherever they stand, as its
/// template writes the turn's words right after them (`Two run.｜User｜thanks`); ASCII bars
/// alone on the line or before another token, or after a sentence on the same line
/// (`Two run.|User|thanks`), never a table's row; with blanks inside (`| user |`), only alone
/// on a line that no table's delimiter row follows. A token named in a sentence (`｜User｜ is
/// DeepSeek's token`) is prose.
fn opens_barred_turn(text: &str, at: usize, token: BarredRole) -> bool {
    let rest = &text[at + token.len..];
    if named_in_sentence(rest) {
        return false;
    }
    // Right after an end token, spelled or stripped (`end of sentence | User |`): the turn the
    // token ended is followed by the next one's, whatever its bars.
    let prior = text[..at].trim_end_matches([' ', '\t']);
    let after_end = spelled_end_before(prior).is_some()
        || stripped_before(prior).is_some_and(|(_, token)| token.ends);
    if token.wide || after_end {
        return true;
    }
    let alone = ends_line(rest);
    if token.spaced {
        let next = rest
            .trim_start_matches(['\r', '\n'])
            .lines()
            .next()
            .unwrap_or("");
        return alone && !(next.contains("---") || next.contains(":--"));
    }
    let line_start = text[..at].trim_end_matches([' ', '\t']);
    alone || rest.starts_with(['<', '|']) || !(line_start.is_empty() || line_start.ends_with('\n'))
}

/// The length of Harmony's header of another role's message with its brackets and bars
/// stripped at byte `at` of `text` (a turn's position), where no prose could read so: the
/// words `start`, the role and `message` glued (`startusermessage`), or one of them still in
/// angle brackets (`<start>user<message>`, `<start> user <message>`); with blanks between them
/// and no brackets (`start user message`), only alone on a line of their own. None elsewhere.
fn stripped_harmony_header(text: &str, at: usize) -> Option<usize> {
    // `word` at the start of `text`, in angle brackets or not: what follows, and whether it
    // was in brackets.
    let tag = |text: &str, word: &str| -> Option<(usize, bool)> {
        if let Some(inner) = text.strip_prefix('<') {
            let inner = inner.trim_start_matches(' ').strip_prefix(word)?;
            let rest = inner.trim_start_matches(' ').strip_prefix('>')?;
            return Some((text.len() - rest.len(), true));
        }
        text.starts_with(word).then_some((word.len(), false))
    };
    let blanks = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let head = &text[at..];
    let (start, start_tagged) = tag(head, "start")?;
    let first = blanks(&head[start..]);
    let role_at = start + first;
    let role = OTHER_ROLES
        .iter()
        .find(|role| head[role_at..].starts_with(**role))?;
    let role_end = role_at + role.len();
    let second = blanks(&head[role_end..]);
    let (message, message_tagged) = tag(&head[role_end + second..], "message")?;
    let len = role_end + second + message;
    if start_tagged || message_tagged || (first == 0 && second == 0) {
        return Some(len);
    }
    let before = text[..at].trim_end_matches([' ', '\t']);
    let rest = head[len..].trim_start_matches([' ', '\t']);
    ((before.is_empty() || before.ends_with('\n'))
        && (rest.is_empty() || rest.starts_with(['\n', '\r'])))
    .then_some(len)
}

/// Whether `rest` ends its line: nothing or blanks before a line break or the text's end. A
/// token alone on its line may have blanks after it (`|user| `, `im_start user\t`).
fn ends_line(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with(['\n', '\r'])
}

/// Whether `after`, the text after a stripped opening token, names another role's turn: a
/// speaker's or another role's word (blanks or line breaks before it, blank lines too, `_TOKEN` after it as
/// Command R spells it) that ends its line or meets a closing token.
pub(crate) fn opens_role(after: &str) -> bool {
    // Blank lines may stand between the token and the role's word, as between tokens.
    let after = after.trim_start_matches([' ', '\t', '\n', '\r']);
    let word = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let role = after[..word].to_ascii_lowercase();
    if !(OTHER_ROLES.contains(&role.as_str()) || SPEAKER_WORDS.contains(&role.as_str())) {
        return false;
    }
    let rest = &after[word..];
    // Command R's role tokens (`USER_TOKEN`), which its turn's words follow on the line.
    let (rest, named_token) = match rest.strip_prefix("_TOKEN") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    ends_line(rest)
        || rest.starts_with(['<', '[', '|'])
        || stripped_token(rest.trim_start_matches([' ', '\t'])).is_some_and(|t| t.ends)
        || (named_token && rest.starts_with(' '))
}

/// Where a stripped end token ([`stripped_token`]: `eot_id`, `im_end`, `end_of_turn`,
/// `|im_end|`) ends `text` (blanks after it aside), standing where the model's words stopped:
/// right after them, after a sentence's end or alone on its line (`Two run.eot_id`, `Two
/// run.\nim_end`); never a word of a sentence (`the flag is end_of_text`).
pub(crate) fn trailing_stripped_end(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let (at, token) = stripped_before(trimmed)?;
    if !token.ends {
        return None;
    }
    let before = trimmed[..at].trim_end_matches([' ', '\t']);
    let attached = trimmed[..at]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    (token.barred
        || before.is_empty()
        || before.ends_with(['\n', '.', '!', '?', '>', ']', ')', '`', '*', '"'])
        || attached && !trimmed[..at].ends_with(|c: char| c.is_ascii_alphanumeric()))
    .then_some(at)
}

/// Where a stripped end token stands at byte `at` of `text` with more text after it, ending
/// the model's turn there ([`crate::reasoning::before_turn_end`]): right after a sentence's
/// end, or alone at a line's start (`Two run.eot_id\nthanks`), or anywhere with its bars
/// (`thanks|im_end|`) but inside a bracketed token. Its length.
pub(crate) fn stripped_end_at(text: &str, at: usize) -> Option<usize> {
    let before = &text[..at];
    // A token starts a name: not the middle of a word.
    if before
        .bytes()
        .next_back()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let Some(token) = stripped_token(&text[at..]).filter(|token| token.ends) else {
        return bare_phi_end_at(text, at);
    };
    let placed = before.is_empty()
        || before.ends_with(['\n', '.', '!', '?'])
        || before
            .trim_end_matches([' ', '\t'])
            .ends_with(['.', '!', '?'])
        || (token.barred && !in_bracket(before));
    if in_bracket(before) {
        return None;
    }
    if !placed {
        return None;
    }
    let line_rest = text[at + token.len..].split('\n').next().unwrap_or("");
    // A token named in a sentence (`Done. eot_id is Llama's end token.`) ends nothing.
    (!named_in_sentence(&text[at + token.len..]) && !line_rest.trim_start().starts_with(['(', ',']))
        .then_some(token.len)
}

/// The length of Phi's end token with its angle brackets stripped (`|end|`, in one case, its
/// closing bracket kept or not) at byte `at` of `text`, where it ends the model's turn: glued
/// to its last word (`Two run.|end|`), after a sentence's end or alone at a line's start; never
/// in a table's row (a `|` before it on its line), inside a bracketed token or named in a
/// sentence.
fn bare_phi_end_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let len = ["|end|", "|END|"]
        .iter()
        .find(|token| rest.starts_with(*token))?
        .len();
    let len = if rest[len..].starts_with('>') {
        len + 1
    } else {
        len
    };
    let before = &text[..at];
    let trimmed = before.trim_end_matches([' ', '\t']);
    let placed = before.ends_with(|c: char| !c.is_whitespace() && !matches!(c, '|' | '<' | '['))
        || trimmed.is_empty()
        || trimmed.ends_with(['\n', '.', '!', '?']);
    if !placed || in_bracket(before) || named_in_sentence(&rest[len..]) {
        return None;
    }
    // A `|` before it on its line (looked for in a bounded stretch): a table's row.
    let in_row = before
        .bytes()
        .rev()
        .take(MAX_ROW_LOOKBACK)
        .take_while(|&b| b != b'\n')
        .any(|b| b == b'|');
    (!in_row).then_some(len)
}

/// How far back on its line a `|` is looked for before Phi's bare `|end|`, in bytes.
const MAX_ROW_LOOKBACK: usize = 1024;

/// Vicuna's user and assistant labels, written on one line by its template.
const VICUNA_USER: &str = "USER: ";
const VICUNA_ASSISTANT: &str = " ASSISTANT:";

/// Where [`other_turn`]'s role token or header starts, before any token that opens it.
fn first_other_turn(text: &str) -> Option<usize> {
    // `]` opens MiniMax's `]~b]user`.
    text.match_indices(['<', '[', ']'])
        .take(MAX_TOKENS_SCANNED)
        .map(|(at, _)| at)
        .find(|at| {
            if shown_in_fence(text, *at) {
                return false;
            }
            let before = text[..*at].trim_end_matches([' ', '\t']);
            // After a sentence's end, or an end token spelled out after it (`All fine. end of
            // sentence <｜User｜>`).
            let after_sentence =
                before.ends_with(['.', '!', '?']) || spelled_end_before(before).is_some();
            // Right after a call's end too (GLM's `{...}<|observation|>`): the call's object or
            // Python call closed, the made-up turn glued on.
            let after_call = before.ends_with(['}', ')']);
            if !(before.is_empty()
                || before.ends_with(['\n', '>', ']'])
                || after_sentence
                || after_call)
            {
                return false;
            }
            // Mistral's turns of the user's and the system's (`[INST] ... [/INST]`), printed
            // where the server shows its control tokens.
            // In any case (`[inst]`), as a model copying the template writes it.
            // Blanks inside its brackets (`[ INST ]`) too.
            if let Some(len) = MISTRAL_OTHER_TURNS
                .iter()
                .find_map(|token| spaced_tag(&text[*at..], token, true))
            {
                // `[INST] is Mistral's token.`; a turn goes on to its `[/INST]`.
                let after = &text[*at + len..];
                return !named_in_sentence(after) || after.to_ascii_uppercase().contains("[/INST]");
            }
            let (len, name, bare) = match special_token(&text[*at..]) {
                Some((len, name)) => (len, name, false),
                None => match bare_token(&text[*at..]) {
                    Some((len, name)) => (len, name, true),
                    None => return false,
                },
            };
            if named_in_sentence(&text[at + len..]) {
                return false;
            }
            let name = name.to_ascii_lowercase();
            // A tag without bars names its role only by the words after it: `<user_id>` is
            // data's.
            if !bare {
                let role = name
                    .strip_prefix("im_")
                    .or_else(|| name.strip_suffix("_token"))
                    .unwrap_or(&name);
                if OTHER_ROLES.contains(&role) {
                    return true;
                }
                // A speaker's word anywhere in the name, in no token that ends something: the
                // role's token with a template's prefix or suffix (Hunyuan's `<｜hy_User｜>`,
                // `<|user▁start|>`, `<|beginofuser|>`, OpenAssistant's `<|prompter|>`).
                if !name.contains("end") && SPEAKER_WORDS.iter().any(|word| name.contains(word)) {
                    return true;
                }
                // A token opening the role's turn by name (Apertus's `<|user_start|>`).
                if name
                    .strip_suffix("_start")
                    .is_some_and(|role| OTHER_ROLES.contains(&role))
                {
                    return true;
                }
            }
            let opens_turn = ["start", "turn", "header", "role", "from"]
                .iter()
                .any(|part| name.contains(part))
                && !name.contains("end");
            // A blank between the token and the role's word (`<|im_start|> user`) leaves the
            // role the same.
            let after = text[at + len..].trim_start_matches([' ', '\t']);
            let word = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
                .unwrap_or(after.len());
            // Any other token of a template's right before a speaker's word alone on its line
            // opens that speaker's turn too, whatever the template calls it (ChatGLM's
            // `<|sop|>user`, Llama 3's `<|reserved_special_token_5|>user`).
            let speaker_line = !name.contains("end")
                && SPEAKER_WORDS
                    .iter()
                    .any(|speaker| after[..word].eq_ignore_ascii_case(speaker))
                && after[word..].starts_with(['\n', '\r', '<', '[']);
            (speaker_line || (opens_turn && (other_role_word(after) || unknown_role(after))))
                && !named_in_sentence(&after[word..])
        })
}

/// The role (lower case) of the turn whose header starts `text` ([`other_turn`]): the word
/// after its tokens (`<|im_start|>critic`, `<|start_of_role|>reviewer<|end_of_role|>`), or the
/// name of the token that names it (`<|user|>`, `<|USER_TOKEN|>`).
pub(crate) fn turn_role(text: &str) -> Option<String> {
    let mut rest = text;
    let mut named = None;
    while let Some((len, name)) = special_token(rest).or_else(|| bare_token(rest)) {
        named = Some(name);
        rest = &rest[len..];
    }
    let word = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
        .map_or(rest, |end| &rest[..end]);
    let role = if word.is_empty() { named? } else { word };
    Some(role.to_ascii_lowercase())
}

/// Whether the token at byte `at` of `text` stands in a code fence that shows it (the template's
/// tokens shown to the user: `` ```\n<|user|>\n``` ``): no line after its own opens anything
/// that could be a call (a call's envelope or token, a tag that is no special token, a JSON
/// object or list, a bracket or a Python call),
/// so nothing after it could run. A fence with such a line after the token is read as
/// written: the turn is cut, its call not run; so is one that never closes after the token
/// (a stray opener, `` Done.\n```\n<|im_start|>user ``), which shows nothing.
pub(crate) fn shown_in_fence(text: &str, at: usize) -> bool {
    let fences = text[..at].lines().filter(|line| fence_line(line)).count();
    // A fence that never closes after the token is a stray opener, no quote: it shows nothing.
    let closes = text[at..].lines().skip(1).any(fence_line);
    if fences % 2 == 0 || !closes {
        return false;
    }
    let after = text[at..].split_once('\n').map_or("", |(_, rest)| rest);
    !after.lines().any(|line| {
        let line = line.trim_start();
        crate::envelopes::opens_call(line)
            || (line.starts_with('<') && special_token(line).is_none())
            || line.starts_with(['{', '['])
            || line.contains('(')
    })
}

/// Whether `line` opens or closes a code fence: ```` ``` ```` starting it, or a fence opened
/// at its end after a label (Command R's ```` Action: ```json ````), its label alone after it.
pub(crate) fn fence_line(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.starts_with("```") {
        return true;
    }
    trimmed.matches("```").count() == 1
        && trimmed.rsplit_once("```").is_some_and(|(_, label)| {
            label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        })
}

/// Words that go on a sentence whose subject is the token before them (`<|user|> is the token
/// Phi uses`, `<|im_start|>user opens ChatML's turn`, `<|user|> and <|assistant|> are ...`).
const SENTENCE_GOES_ON: &[&str] = &[
    "is", "are", "was", "were", "and", "or", "marks", "opens", "starts", "begins", "ends",
    "closes", "denotes", "means", "signals", "token", "tokens", "tag", "tags", "header",
];

/// Whether `after`, the text after a special token (and a header's role word), shows the
/// token named as a noun in a sentence rather than printed where a turn starts: a blank, then
/// a word that goes on the sentence ([`SENTENCE_GOES_ON`]), or a comma or closing bracket
/// right after it (`<|user|>, <|assistant|>`). No template puts a blank and such a word, or
/// punctuation, after a turn's token: its turn starts on the next line or right after it
/// (`<|user|>\nthanks`, `<｜User｜>thanks`), so a turn written so is still cut; and so is one
/// that asks (`<|user|> is it down?`), as the user's next message would. Nor is a token named
/// so when anything after it could run or open a turn ([`could_act`]): a turn's words may start
/// with any word (`<|user|> and list them again.\n<|assistant|><tool_call>...`), so the words
/// alone never keep a call after them from being cut with the turn.
pub(crate) fn named_in_sentence(after: &str) -> bool {
    let line = after.lines().next().unwrap_or("");
    if line.trim_end().ends_with('?') {
        return false;
    }
    goes_on_sentence(after) && !could_act(after)
}

/// Whether `after`, the text after a token, could hold a call or a turn: a call's envelope
/// anywhere (`<tool_call>`, `[TOOL_CALLS]`, `<|python_tag|>`), a special token that is not
/// itself named in a sentence (a header opening the next turn: `<|assistant|>`), a line that
/// opens a JSON object or list, or a Python call (`docker_ps(all=True)`).
fn could_act(after: &str) -> bool {
    // Native calls beside the text stand in its place as a call after it: the words alone
    // decide whether the token before them opened a turn, as they do for a text without calls.
    let after = after
        .strip_suffix(crate::envelopes::CALL_PROBE)
        .unwrap_or(after);
    let mut rest = after;
    while let Some(at) = rest.find(['<', '[', 'f', ']']) {
        let here = &rest[at..];
        // Quoted, in inline code or a string (`` `<|assistant|>` ``): shown, not printed.
        let quoted = after[..after.len() - here.len()].ends_with(['`', '"', '\'']);
        if !quoted && crate::envelopes::opens_call(here) {
            return true;
        }
        if !quoted
            && let Some((len, _)) = special_token(here)
            && !goes_on_sentence(&here[len..])
        {
            return true;
        }
        rest = &here[here.chars().next().map_or(1, char::len_utf8)..];
    }
    after.lines().skip(1).any(|line| {
        let line = line.trim_start();
        line.starts_with(['{', '['])
    }) || after.contains('(')
}

/// Whether `after`, the text after a special token (and a header's role word), goes on a
/// sentence the token is the subject of ([`named_in_sentence`]), read from its words alone.
fn goes_on_sentence(after: &str) -> bool {
    if after.starts_with([',', ';', ')']) {
        return true;
    }
    let Some(rest) = after.strip_prefix([' ', '\t']) else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let word = rest
        .find(|c: char| !c.is_alphabetic())
        .map_or(rest, |end| &rest[..end]);
    SENTENCE_GOES_ON.contains(&word)
}

/// Whether `text` (after a token opening a turn) starts with a header's role word that is not
/// the assistant's, closed by a token or a line break: a role no list names
/// (`<|start_of_role|>tool_response<|end_of_role|>`, Granite's `available_tools`, Llama's
/// `tool_results`) is another's turn all the same; so is a tool's turn addressed to the
/// assistant in gpt-oss's format (`<|start|>functions.docker_ps to=assistant`).
fn unknown_role(text: &str) -> bool {
    let len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
        .unwrap_or(text.len());
    let word = &text[..len];
    let closed = text[len..].starts_with(['<', '[', '\n', '\r']) || text[len..].starts_with(" to=");
    (1..=32).contains(&len)
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && closed
        && role_word(text).is_none()
        && !names_assistant(word)
}

/// Whether `text` starts with another role's word, ending there (a blank, the text's end or a
/// token follows).
fn other_role_word(text: &str) -> bool {
    OTHER_ROLES.iter().any(|word| {
        text.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && text[word.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '<' | '['))
    })
}

/// The assistant's role written as plain text at the start of `text`: its length (to the end of
/// its `:`, or of the word alone on its line), or None. `Assistant:`, `**Assistant:**`,
/// `### Assistant:`, `ASSISTANT:`, `assistant` then a line break, `### Response:`. A word
/// that goes on (`Assistants are...`) or a line that goes on after the word without a colon
/// (`Assistant mode is on.`) is the answer.
pub fn plain_label(text: &str) -> Option<usize> {
    let marks = text.len() - text.trim_start_matches(['#', '*', ' ']).len();
    let heading = text.starts_with('#');
    let rest = &text[marks..];
    let word = PLAIN_ROLE_WORDS
        .iter()
        .chain(if heading { HEADING_ROLE_WORDS } else { &[] })
        .find(|word| {
            rest.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
        })?;
    let after = &rest[word.len()..];
    let bold = after.len() - after.trim_start_matches('*').len();
    let after_bold = &after[bold..];
    if let Some(colon) = after_bold.strip_prefix(':') {
        let closing = colon.len() - colon.trim_start_matches('*').len();
        return Some(marks + word.len() + bold + 1 + closing);
    }
    // The word alone on the first line, something after it.
    let line_end = after.find('\n')?;
    (after[..line_end]
        .trim_matches(['*', ' ', '\t', '\r'])
        .is_empty()
        && !after[line_end..].trim().is_empty())
    .then_some(marks + word.len() + line_end)
}

/// Whether `text`, still streaming, may yet become a plain role label ([`plain_label`]) that
/// it is not yet: `Assis`, `ASSISTANT` before its colon, `assistant` and a line break before
/// the answer, a heading's `### ` before its word.
pub fn plain_label_pending(text: &str) -> bool {
    if plain_label(text).is_some() {
        return false;
    }
    let marks = text.len() - text.trim_start_matches(['#', '*', ' ']).len();
    let heading = text.starts_with('#');
    let rest = &text[marks..];
    PLAIN_ROLE_WORDS
        .iter()
        .chain(if heading { HEADING_ROLE_WORDS } else { &[] })
        .any(|word| {
            if rest.len() < word.len() {
                return word
                    .get(..rest.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(rest));
            }
            let Some(after) = rest
                .get(..word.len())
                .filter(|head| head.eq_ignore_ascii_case(word))
                .map(|_| &rest[word.len()..])
            else {
                return false;
            };
            // The word so far, then only marks and blanks: its colon or the answer's line may
            // still come.
            match after.find('\n') {
                None => after.trim_matches(['*', ' ', '\t', '\r']).is_empty(),
                Some(line_end) => {
                    after[..line_end]
                        .trim_matches(['*', ' ', '\t', '\r'])
                        .is_empty()
                        && after[line_end..].trim().is_empty()
                }
            }
        })
}

/// Words that name another role's turn in a plain chat format and nothing else in an answer:
/// Anthropic's `Human:`, Alpaca's `### Instruction:`.
const PLAIN_OTHER_WORDS: &[&str] = &["human", "instruction"];

/// Words that name another role's turn in a plain chat format (Vicuna's `USER:`), but also
/// label data in an answer (`User: admin`): a turn only when the assistant's label follows.
const PLAIN_OTHER_DATA_WORDS: &[&str] = &["user", "system"];

/// Where the first line that opens another role's turn in a plain chat format starts in `text`
/// (`HUMAN:`, `### Instruction:`, in bold too; `User:` with a line starting `Assistant:` after
/// it): never its first line.
fn plain_other_turn(text: &str) -> Option<usize> {
    let labelled = |line: &str, words: &[&str]| {
        let body = line.trim_start_matches(['#', '*', ' ', '\t']);
        words.iter().any(|word| {
            body.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
                && body[word.len()..].trim_start_matches('*').starts_with(':')
        })
    };
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if start == 0 {
            continue;
        }
        if labelled(line, PLAIN_OTHER_WORDS)
            || (labelled(line, PLAIN_OTHER_DATA_WORDS)
                && text[at..]
                    .split('\n')
                    .any(|next| labelled(next, PLAIN_ROLE_WORDS)))
        {
            return Some(start);
        }
    }
    None
}

/// Where, in an answer that follows a plain `Assistant:` label (the label itself not in
/// `answer`), a line starts that opens another role's plain turn or may yet (the last line,
/// cut off: `Hum`, `### Instr`, `User`): its offset, and whether its label is whole. While
/// streaming, the text is held from there: the turn may be cut when it ends
/// ([`skip_plain_turns`]), and what was shown of it would be taken back. `User:` and `System:`
/// count too, though they are cut only when an `Assistant:` line follows: what is held goes
/// out when the answer ends.
pub fn plain_turn_start(answer: &str) -> Option<(usize, bool)> {
    let words = || PLAIN_OTHER_WORDS.iter().chain(PLAIN_OTHER_DATA_WORDS);
    let mut at = 0;
    for line in answer.trim_start().split_inclusive('\n') {
        let start = at;
        at += line.len();
        if start == 0 {
            continue;
        }
        let start = start + (answer.len() - answer.trim_start().len());
        let marks = line.len() - line.trim_start_matches(['#', '*', ' ', '\t']).len();
        let body = &line[marks..];
        let whole = words().any(|word| {
            body.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
                && body[word.len()..].trim_start_matches('*').starts_with(':')
        });
        if whole {
            return Some((start, true));
        }
        if line.ends_with('\n') {
            continue;
        }
        let cut_off = words().any(|word| {
            if body.len() <= word.len() {
                return word
                    .get(..body.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(body));
            }
            body.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
                && body[word.len()..].chars().all(|c| c == '*')
        });
        if cut_off {
            return Some((start, false));
        }
    }
    None
}

/// Words that name the assistant's role as a plain-text label.
const PLAIN_ROLE_WORDS: &[&str] = &["assistant"];

/// Words that name the assistant's turn only as a markdown heading (Alpaca's `### Response:`).
const HEADING_ROLE_WORDS: &[&str] = &["response"];

/// Whether a token's name is the assistant's role (`assistant`, `Assistant`, `CHATBOT_TOKEN`).
/// One that ends the role's turn (`assistant_end`) opens no header.
fn names_assistant(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    (name.contains("assistant") || name.contains("chatbot")) && !name.ends_with("_end")
}

/// Where the role's word at the start of `text` ends, when it is one and ends there (a blank,
/// the text's end or a token follows).
fn role_word(text: &str) -> Option<usize> {
    ROLE_WORDS.iter().find_map(|word| {
        let head = text.get(..word.len())?;
        let after = &text[word.len()..];
        (head.eq_ignore_ascii_case(word)
            && (after.is_empty()
                || after.starts_with(char::is_whitespace)
                || special_token(after).is_some()))
        .then_some(word.len())
    })
}

/// A special token at the start of `text`: its length and its name without the brackets.
fn special_token(text: &str) -> Option<(usize, &str)> {
    // Plain tags some templates use as header tokens: Gemma's, and Ling's `<role>ASSISTANT</role>`.
    for (tag, name) in [
        ("<start_of_turn>", "start_of_turn"),
        ("<role>", "role_start"),
        ("</role>", "role_end"),
        // Seed-OSS's `<seed:bos>assistant` and MiniMax's `]~b]ai`, `]~!b[` opening the text.
        ("<seed:bos>", "start_of_turn"),
        // Turn tags written as plain tags or in square brackets by templates of fine-tunes
        // (`<user>`, `[USER]`).
        ("<user>", "user"),
        ("<human>", "human"),
        ("<system>", "system"),
        ("[USER]", "user"),
        ("<<USER>>", "user"),
        // Hunyuan-A13B's user token.
        ("<|extra_4|>", "user"),
        ("[SYSTEM]", "system"),
        ("]~!b[", "start_of_text"),
        ("]~b]ai", "assistant"),
        ("]~b]", "role_start"),
    ] {
        // Blanks inside the brackets (`< start_of_turn >`) leave the tag the same.
        if let Some(len) = spaced_tag(text, tag, false) {
            return Some((len, name));
        }
    }
    // `<|x|>` (and Gemma 4's `<|x>`), `<｜x｜>`, `[|x|]`: the name runs to the first `>` or `]`.
    // Blanks inside the brackets (`< |im_start| >`, `<| start_header_id |>`), as a model copying
    // a template or a detokenizer spaces them, leave the token the same token.
    for (open, bar, end) in [("<|", "|", '>'), ("<｜", "｜", '>'), ("[|", "|", ']')] {
        let Some(inner) = strip_open(text, open) else {
            continue;
        };
        let opened = text.len() - inner.len();
        let close = inner
            .char_indices()
            .take_while(|(at, _)| *at < MAX_TOKEN_BYTES)
            .find(|(_, c)| *c == end)?
            .0;
        let name = match inner[..close].trim_end_matches(' ').strip_suffix(bar) {
            Some(name) => name.trim_matches(' '),
            None if open == "<|" => inner[..close].trim_matches(' '),
            None => return None,
        };
        return is_token_name(name).then_some((opened + close + 1, name));
    }
    // Gemma 4's closing form, `<x|>`.
    let inner = text.strip_prefix('<')?;
    let close = inner
        .char_indices()
        .take_while(|(at, _)| *at < MAX_TOKEN_BYTES)
        .find(|(_, c)| *c == '>')?
        .0;
    let name = inner[..close].strip_suffix('|')?;
    is_token_name(name).then_some((1 + close + 1, name))
}

/// A template's special token printed without its bars, where a server's detokenizer or a
/// fine-tune's data dropped them (`<reserved_special_token_5>`, `<im_start>`,
/// `<start_header_id>`): a tag whose name is a token's, words joined by `_` (so no element of
/// HTML), and no call's envelope (`<tool_call>`). Its length and name.
pub(crate) fn bare_token(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_prefix('<')?;
    let close = inner
        .char_indices()
        .take_while(|(at, _)| *at < MAX_TOKEN_BYTES)
        .find(|(_, c)| *c == '>')?
        .0;
    // Blanks inside the brackets (`< end_of_turn >`) leave the token the same.
    let name = inner[..close].trim_matches(' ');
    (name.contains('_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !crate::envelopes::opens_call(text))
    .then_some((close + 2, name))
}

/// The length of `tag` (`[INST]`, `<start_of_turn>`: a bracket, its name, a bracket) at the
/// start of `text`, blanks allowed inside its brackets (`[ INST ]`), its name in any case where
/// `any_case`; or None.
fn spaced_tag(text: &str, tag: &str, any_case: bool) -> Option<usize> {
    let mut chars = tag.chars();
    let (open, close) = (chars.next()?, chars.next_back()?);
    let name = chars.as_str();
    let inner = text.strip_prefix(open)?.trim_start_matches(' ');
    let head = inner.get(..name.len())?;
    let same = if any_case {
        head.eq_ignore_ascii_case(name)
    } else {
        head == name
    };
    if !same {
        return None;
    }
    let rest = inner[name.len()..]
        .trim_start_matches(' ')
        .strip_prefix(close)?;
    Some(text.len() - rest.len())
}

/// `text` after `open` (a token's opening bracket and bar, `<|`) at its start, blanks before
/// and after the bar allowed (`< |`, `<| `), or None.
fn strip_open<'t>(text: &'t str, open: &str) -> Option<&'t str> {
    let mut marks = open.chars();
    let bracket = marks.next()?;
    let bar = marks.as_str();
    let rest = text.strip_prefix(bracket)?.trim_start_matches(' ');
    Some(rest.strip_prefix(bar)?.trim_start_matches(' '))
}

fn is_token_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '▁' | '-' | '/'))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn every_template_s_header_is_skipped() {
        for text in [
            "<|start_of_role|>assistant<|end_of_role|>All fine.",
            "<|start_header_id|>assistant<|end_header_id|>\n\nAll fine.",
            "<|header_start|>assistant<|header_end|>\n\nAll fine.",
            "<|im_assistant|>assistant<|im_middle|>All fine.",
            "<|im_start|>assistant\nAll fine.",
            "<|im_start|>assistant<|im_sep|>All fine.",
            "<start_of_turn>model\nAll fine.",
            "<|turn>model\nAll fine.",
            "<|assistant|>All fine.",
            "<｜Assistant｜>All fine.",
            "｜Assistant｜All fine.",
            "Assistant｜All fine.",
            "｜ Assistant ｜\nAll fine.",
            "|assistant|\nAll fine.",
            "[|assistant|]\nAll fine.",
            "<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>All fine.",
            // Spellings no list above holds: the kind is read.
            "<|role_start|>assistant<|role_end|>All fine.",
            "<|Assistant|>All fine.",
            "<|im_start|>Assistant\nAll fine.",
            "<role>ASSISTANT</role>All fine.",
            // Plain text: the tokens stripped or a plain chat format copied.
            "Assistant: All fine.",
            "ASSISTANT: All fine.",
            "**Assistant:** All fine.",
            "### Assistant:\nAll fine.",
            "assistant\n\nAll fine.",
            // The header's tokens with their brackets and bars stripped.
            "im_start assistant\n\nAll fine.",
            "|im_start|assistant\nAll fine.",
            "start_header_id assistant end_header_id\n\nAll fine.",
            "start_of_turn model\nAll fine.",
            "### Response:\nAll fine.",
            "<|assistant|>Assistant: All fine.",
        ] {
            assert_eq!(headers(text).0, "All fine.", "{text}");
        }
    }

    #[test]
    fn a_plain_turn_after_a_plain_label_is_cut() {
        for text in [
            "Assistant: All fine.\nUser: thanks!\nAssistant: welcome",
            "ASSISTANT: All fine.\n\nUSER: thanks\nASSISTANT: welcome",
            "### Response:\nAll fine.\n\n### Instruction:\nThanks",
            "Assistant: All fine.\n**Human:** thanks",
        ] {
            assert_eq!(skip_plain_turns(text).trim_end(), "All fine.", "{text:?}");
        }
        for (text, kept) in [
            (
                "A transcript:\nUser: hi\nAssistant: hello",
                "A transcript:\nUser: hi\nAssistant: hello",
            ),
            (
                "<|im_start|>assistant\nSet it:\nUser: admin",
                "Set it:\nUser: admin",
            ),
            (
                "Assistant: Log in as\nusername: admin",
                "Log in as\nusername: admin",
            ),
            (
                "Assistant: The account:\nUser: admin\nSystem: Linux",
                "The account:\nUser: admin\nSystem: Linux",
            ),
        ] {
            assert_eq!(skip_plain_turns(text), kept, "{text:?}");
        }
    }

    #[test]
    fn an_end_token_spelled_with_blanks_is_read_where_the_words_stopped() {
        for (text, at) in [
            ("All fine. end of sentence ", 10),
            ("All fine.end of sentence", 9),
            ("All fine. END OF SENTENCE", 10),
            ("All fine.end▁of▁sentence ", 9),
            ("All fine.<｜ end of sentence ｜>", 9),
            ("All fine. ｜end of sentence｜", 10),
            ("All fine. ｜ EOS ｜", 10),
            ("All fine.<| end of turn |>", 9),
            // Phi's end with one side of it stripped.
            ("All fine.end|>", 9),
            ("All fine.<|end", 9),
            ("end of sentence", 0),
            ("All fine.  end  of  sentence  ", 11),
            ("All fine. End of sentence", 10),
            ("<tool_call>{}</tool_call> end of sentence", 26),
            ("All fine.\nend of text", 10),
        ] {
            assert_eq!(spelled_end_before(text), Some(at), "{text}");
        }
        for text in [
            // Words of a sentence, not where the model's words stopped.
            "Read it to the end of sentence",
            "the end of sentence|",
            // A sign-off in a sentence's case, a one-word end without its bars.
            "All fine.\nEnd of message",
            "All fine. eos",
            "All fine. end of day",
            "All fine. end of sentence |",
        ] {
            assert_eq!(spelled_end_before(text), None, "{text}");
        }
    }

    #[test]
    fn end_tokens_are_read_as_a_kind() {
        for text in [
            "All fine.<|im_end|>",
            "All fine.<|end_of_sentence|>\n",
            "All fine.<|EOT|>",
            "All fine.<|eos|>",
            "All fine.<｜end▁of▁sentence｜>",
            "All fine.[|endofturn|]",
            "All fine.<|assistant_end|>",
            // Blanks inside the brackets, a tag's in any case.
            "All fine.< |eot_id| >",
            "All fine.< end_of_turn >",
            "All fine.<End_Of_Turn>",
            // DeepSeek's with its angle brackets stripped, in any spelling of its joins.
            "All fine.｜end▁of▁sentence｜",
            "All fine.end▁of▁sentence｜",
            "All fine.｜end_of_sentence｜",
            "All fine.｜end of sentence｜",
            "All fine.｜EOS｜",
            "All fine.｜eot｜",
        ] {
            assert_eq!(trailing_end_token(text), Some("All fine.".len()), "{text}");
        }
        for text in [
            "All fine.",
            "Use <|tool_call|>",
            "All fine.<|im_end|> said nothing",
            "the <|turn>",
            "spends <|attend|x",
            "<|python_start|>docker_ps()<|python_end|>",
            "<|tool_call_start|>[docker_ps()]<|tool_call_end|>",
            "<|tool_calls_section_end|>",
            // Blanks join a token's words only before DeepSeek's full-width bar.
            "Read it to the end of sentence",
            "| end of line |",
            "the end of sentence|",
            "All fine.|EOS|",
            "the ｜word｜",
        ] {
            assert_eq!(trailing_end_token(text), None, "{text}");
        }
        assert_eq!(
            trailing_end_token("All fine. end of sentence｜"),
            Some("All fine. ".len())
        );
    }

    #[test]
    fn phi_s_bare_end_is_read_in_bounded_time() {
        let text = "x|end|".repeat(40_000);
        let started = crate::cpu_time::Stopwatch::start();
        let ended = crate::reasoning::before_turn_end(&text).len();
        assert!(ended <= text.len());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn phi_s_end_with_its_angle_brackets_stripped_ends_the_turn_where_it_stands() {
        for (text, at) in [
            ("Two run.|end|User: thanks", 8),
            ("Two run.\n|end|\nUser: thanks", 9),
            ("Two run. |END|> thanks", 9),
        ] {
            assert!(bare_phi_end_at(text, at).is_some(), "{text:?}");
        }
        for (text, at) in [
            // A table's cell, a token's inside, a word's middle, a name in a sentence.
            ("| status |end|\n| a |", 9),
            ("Done. <|end|> ok", 7),
            ("Done. |end| is the token Phi ends with.", 6),
            ("Done. |ending|", 6),
        ] {
            assert_eq!(bare_phi_end_at(text, at), None, "{text:?}");
        }
    }

    #[test]
    fn another_role_s_turn_is_read_as_a_kind() {
        for (text, at) in [
            ("Done.<|im_end|>\n<|im_start|>user\nThanks", 16),
            ("Done.\n<start_of_turn>user\nThanks", 6),
            (
                "Done.<|eot_id|><|start_header_id|>user<|end_header_id|>",
                15,
            ),
            ("Done.<|eot|><|header_start|>tool<|header_end|>", 12),
            ("Done.<|end|><|user|>Thanks", 12),
            (
                "Done.<｜end▁of▁sentence｜><｜User｜>Thanks",
                5 + "<｜end▁of▁sentence｜>".len(),
            ),
            ("Done.[|endofturn|][|user|]Thanks", 18),
            ("Done.\n<|im_user|>user<|im_middle|>", 6),
            ("Done.<|START_OF_TURN_TOKEN|><|USER_TOKEN|>", 5),
            ("Done.\n<|START_OF_TURN_TOKEN|><|USER_TOKEN|>thanks", 6),
            ("Done.<｜User｜>thanks<｜Assistant｜>", 5),
            // The role's token with its brackets stripped, whatever was kept of it.
            ("Done.｜User｜thanks｜Assistant｜", 5),
            ("Done.\nUser｜thanks", 6),
            ("Done.｜ User ｜thanks", 5),
            ("Done.<User｜>thanks", 5),
            // After DeepSeek's end token so stripped, glued to it or sharing its bar.
            (
                "Done.｜end▁of▁sentence｜｜User｜thanks",
                5 + "｜end▁of▁sentence｜".len(),
            ),
            (
                "Done.end▁of▁sentence｜｜User｜thanks",
                5 + "end▁of▁sentence｜".len(),
            ),
            (
                "Done.｜end_of_sentence｜User｜thanks",
                5 + "｜end_of_sentence｜".len(),
            ),
            ("Done.｜EOS｜｜User｜thanks", 5 + "｜EOS｜".len()),
            // In a fence opened and never closed: a stray opener, no quote.
            ("Done.\n```\n<|im_start|>user\nthanks", 10),
            (
                "Done.\nAction: ```json\n<|START_OF_TURN_TOKEN|><|USER_TOKEN|>thanks",
                "Done.\nAction: ```json\n".len(),
            ),
            // After a fence Command R opens after its label, closed: outside the fence.
            (
                "Action: ```json\n[]\n```\n<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|USER_TOKEN|>thanks",
                "Action: ```json\n[]\n```\n<|END_OF_TURN_TOKEN|>".len(),
            ),
            (
                "Done.｜end of sentence｜ ｜ User ｜thanks",
                5 + "｜end of sentence｜ ".len(),
            ),
            ("Done.|User|thanks", 5),
            // After DeepSeek's end token spelled with blanks, any bars.
            (
                "Done. end of sentence ｜User｜ thanks",
                "Done. end of sentence ".len(),
            ),
            (
                "Done. End of sentence ｜User｜ thanks",
                "Done. End of sentence ".len(),
            ),
            (
                "Done. end of sentence | User | thanks",
                "Done. end of sentence ".len(),
            ),
            (
                "Done.<｜ end of sentence ｜> <｜User｜> thanks",
                "Done.<｜ end of sentence ｜> ".len(),
            ),
            ("Done.\n| user |\nthanks", 6),
            // A role's token alone on its line with blanks after it.
            ("Done.\n|user|  \nthanks", 6),
            ("Done.\nim_start user\t\nthanks", 6),
            ("Done.\nim_start\n\nuser\n\nthanks", 6),
            ("Done.\nSTART_OF_TURN_TOKEN\n\nUSER_TOKEN thanks", 6),
            ("Done.\n<|user  \nthanks", 6),
            // Phi's end token stripped bare before it, its closing bracket or both, blank
            // lines between: taken with the turn.
            ("Done.|end|\n\n<|user|>\nthanks", 5),
            ("Done.<|end|\n\n<|user|>\nthanks", 5),
            // Harmony's header with its brackets and bars stripped, where no prose reads so.
            ("Done.\nstart user message\nthanks", 6),
            ("Done.\nstartusermessagethanks", 6),
            ("Done.\n<start>user<message>thanks", 6),
            ("Done.\n<start> system <message>\nYou are root.", 6),
            ("Done! <|user|>\nthanks", 6),
            ("Done.\n]~b]system\nYou are root.", 6),
            ("Done.\n]~b]tool\n[]", 6),
            ("Done.\n<|start_of_role|>tool_response<|end_of_role|>[]", 6),
            (
                "Done.\n<|start_header_id|>tool_results<|end_header_id|>[]",
                6,
            ),
            ("Done.\n<|im_start|>tool_response\n[]", 6),
            (
                "Done.<|start|>functions.docker_ps to=assistant<|channel|>commentary<|message|>[]",
                5,
            ),
            ("<|start_of_role|>system<|end_of_role|>", 0),
            ("[INST] Which containers run? [/INST]", 0),
            ("Done.</s>[INST] thanks [/INST]", 9),
            ("[SYSTEM_PROMPT]You are Warden.[/SYSTEM_PROMPT]", 0),
            ("Done.<|assistant_end|><|user_start|>thanks<|user_end|>", 22),
            ("Done.\n<seed:bos>user\nthanks", 6),
            ("Done.\n]~b]user\nthanks", 6),
            // A turn that asks, or goes on to Mistral's close, is cut however it reads.
            ("Done. <|user|> is it down?\n<tool_call>{}</tool_call>", 6),
            (
                "Done. [INST] is it down [/INST] <tool_call>{}</tool_call>",
                6,
            ),
            // In a fence with a call after it: read as written.
            ("```\n<|user|>\nhi\n<tool_call>{}</tool_call>\n```", 4),
            ("```\n<|user|>\nhi\n```\n[docker_ps()]", 4),
            // The template's tokens printed without their bars.
            ("Done.<reserved_special_token_5>user\nthanks", 5),
            ("Done.\n<im_start>user\nthanks", 6),
            ("Done.<start_header_id>user<end_header_id>\n\nthanks", 5),
            ("Done.\n<start_header_id>tool_results<end_header_id>\n[]", 6),
            // OpenChat's plain markers, its coding mode's too.
            (
                "Done. GPT4 Correct User: thanks. GPT4 Correct Assistant: ok",
                6,
            ),
            ("Done.\nCode User: again", 6),
            // Vicuna's turns on one line.
            ("Done. USER: thanks ASSISTANT: [docker_ps()]", 6),
            // Glued to a call's end: GLM's result turn, any role's after a Python call.
            (
                "docker_logs\n{\"container\": \"web\"}<|observation|>\n[]",
                32,
            ),
            ("[docker_ps()]<|user|>thanks", 13),
        ] {
            assert_eq!(other_turn(text), Some(at), "{text}");
        }
        for text in [
            "Done.<|im_start|>assistant\nMore",
            "<|tool_call|>[{\"name\": \"docker_ps\"}]",
            "<|tool_call_start|>[docker_ps()]",
            "Use <|im_start|>users to ...",
            "the [user] field and <user> tag",
            "Done.<|end_of_turn|>user",
            // A call's end before a token quoted in a sentence.
            "Run docker_ps() <|user|> is the user's token.",
            "Phi uses `<|user|>` and `<|assistant|>` tokens.",
            "Gemma writes <start_of_turn>user before the message.",
            "Mistral wraps a request in [INST] and [/INST].",
            "[inst] is no token",
            "DeepSeek names the user <｜User｜> in its template.",
            "DeepSeek names the user ｜User｜ in its template.",
            "Users｜groups",
            "|user|admin|\n|---|---|\n|bob|root|",
            "| user |\n|---|\n| bob |",
            "Done.\n|user|admin",
            "The queue will start user message delivery.",
            "Done.\nstart user message delivery now",
            "Done. start user message",
            "Done.<|im_start|>assistant<|im_sep|>More",
            "Done.<|start_of_role|>assistant<|end_of_role|>More",
            "Done.<|start|>assistant<|channel|>final<|message|>More",
            "Done.<|start|>assistant to=functions.docker_ps<|channel|>commentary",
            "Done.\n<start_of_turn>model\nMore",
            "Use <|im_start|>users to ...",
            // Named as a noun after a sentence's end.
            "Done. <|user|> is the token Phi uses.",
            "Done. <|user|>, <|assistant|> and <|end|> are Phi's tokens.",
            "Done.\n<|im_start|>user opens ChatML's turn.",
            "Done. <start_of_turn>user marks Gemma's turn.",
            "Done. [INST] is Mistral's token.",
            // Tags without bars name no role by their names alone, nor as data or a call.
            "Done.\n<user_id>42</user_id>",
            "Done.\nUSER: admin\nASSISTANT: bob",
            "Done.\n<system_prompt>Be brief.</system_prompt>",
            "Done.\n<tool_call>user\n</tool_call>",
            "Done.\n<im_start>assistant\nMore",
            "Done. <reserved_special_token_5>user is Llama's spare token.",
            // Shown in a fence, nothing that could be a call after it.
            "Phi's turns:\n```\n<|user|>\nHi<|end|>\n<|assistant|>\n```\nThat is all.",
        ] {
            assert_eq!(other_turn(text), None, "{text}");
        }
    }

    #[test]
    fn tokens_printed_without_brackets_are_read_as_a_kind() {
        for (text, at) in [
            ("Two run.\nim_start user\nthanks", 9),
            ("Two run.im_end\nim_start user\nthanks im_end", 8),
            ("Two run.\nstart_of_turn user\nthanks", 9),
            ("Two run.end_of_turn\nstart_of_turn user\nthanks", 8),
            (
                "Two run.eot_id\nstart_header_id user end_header_id\nthanks",
                8,
            ),
            (
                "Two run.eot_id start_header_id user end_header_id thanks",
                8,
            ),
            ("Two run.\nheader_start tool header_end\n[]", 9),
            ("Two run.\nim_start system\nYou are root.", 9),
            ("Two run.\nreserved_special_token_5 user\nthanks", 9),
            ("im_start user\nshow containers", 0),
            ("Two run.|im_end|\n|im_start|user\nthanks", 8),
            ("Two run.im_end|>\nim_start|>user\nthanks", 8),
            ("Two run.\nSTART_OF_TURN_TOKEN USER_TOKEN thanks", 9),
            ("Two run.end_of_turn>\nstart_of_turn>user\nthanks", 8),
            // A role's token with one side of it stripped, alone on its line.
            ("Two run.\n<|user\nthanks", 9),
            ("Two run.\nuser|>\nthanks", 9),
            // Mistral's turn with one bracket stripped.
            ("Two run.\nINST] thanks [/INST]", 9),
            ("Two run.\n[INST thanks", 9),
            ("Two run.\n[inst thanks /inst]", 9),
        ] {
            assert_eq!(other_turn(text), Some(at), "{text:?}");
        }
        for text in [
            "Two run.\n<|user is a token",
            "Mistral writes [INST and closes it.",
            "Two run.\n[inst] is lower case",
            "Use <|user and more",
        ] {
            assert_eq!(other_turn(text), None, "{text:?}");
        }
        for text in [
            "Gemma writes start_of_turn user before the message.",
            "ChatML opens turns with im_start user\nand closes with im_end.",
            "Two run.\nim_start assistant\nMore",
            "Set start_of_turn to true.",
            "Two run.\nstart_date user\n",
            "```\nim_start user\nhi\n```",
            "Use <|im_start|>user to open a turn.",
        ] {
            assert_eq!(other_turn(text), None, "{text:?}");
        }
        for text in [
            "All fine.eot_id",
            "All fine.\nim_end\n",
            "All fine. end_of_turn",
            "All fine.end_of_text",
            "All fine.[/INST]",
            "All fine. [/SYSTEM_PROMPT]",
            "All fine.<eot_id>",
            "All fine.<im_end>\n",
            "All fine.|im_end|",
            "All fine.im_end|>",
            "All fine.END_OF_TURN_TOKEN",
        ] {
            let at = trailing_end_token(text).expect(text);
            assert_eq!(text[..at].trim_end(), "All fine.", "{text:?}");
        }
        for text in [
            "The flag is end_of_text",
            "Set end_of_day",
            "All fine.[/THINK]",
            "All fine.[/inst]",
            "All fine.\nstart_of_turn",
        ] {
            assert_eq!(trailing_end_token(text), None, "{text:?}");
        }
    }

    #[test]
    fn stripped_tokens_are_read_in_bounded_time() {
        for text in [
            "x".repeat(400 * 1024),
            "a.".repeat(200 * 1024),
            "|".repeat(400 * 1024),
            "im_start ".repeat(40 * 1024),
            format!("Two run.{}", "eot_id".repeat(60 * 1024)),
            format!("Two run. {}", "end of ".repeat(40 * 1024)),
            format!("x{}", " end of sentence".repeat(16 * 1024)),
        ] {
            let _ = other_turn(&text);
            let _ = trailing_end_token(&text);
            let _ = crate::call_starts::bare_token(&text);
            let _ = crate::reasoning::split(&text);
        }
    }

    #[test]
    fn other_tokens_and_roles_stay() {
        for text in [
            "<|tool_call|>[{\"name\": \"docker_ps\"}]",
            "<|im_start|>tool\n{\"ok\": true}",
            "<|start_header_id|>ipython<|end_header_id|>",
            "<|python_tag|>{\"name\": \"docker_ps\"}",
            "<think>x</think>All fine.",
            "<|im_start|>assistants are here",
            "assistant<|im_middle|>All fine.",
            "<|turn>modelling is hard",
            "All fine.",
            "Assistants are here.",
            "Assistant mode is on.\nAll fine.",
            "assistant",
            "Response: all fine.",
            "The assistant: all fine.",
        ] {
            assert_eq!(headers(text).0, text, "{text}");
        }
    }

    #[test]
    fn another_roles_plain_turn_is_found_whole_or_arriving() {
        for (answer, want) in [
            (" All fine.\nUser: thanks", Some((11, true))),
            ("All fine.\n**Human:** next", Some((10, true))),
            ("All fine.\n### Instruction:\nRead", Some((10, true))),
            ("All fine.\nSYSTEM: x", Some((10, true))),
            ("All fine.\nHum", Some((10, false))),
            ("All fine.\n### Instr", Some((10, false))),
            ("All fine.\nUser", Some((10, false))),
            ("All fine.\n", None),
            ("All fine.\nUsers are fine.", None),
            ("All fine.\nHumans:", None),
            ("User: the first line is the answer's", None),
            ("All fine.\nThe user: admin", None),
        ] {
            assert_eq!(plain_turn_start(answer), want, "{answer:?}");
        }
    }
}
