//! Reasoning that models write into their text. Qwen3, DeepSeek-R1 distills, SmolLM3, Phi-4 and
//! Magistral think before they answer, and servers without a reasoning parser (Ollama's `/v1`,
//! llama.cpp with `--reasoning-format none`, vLLM without `--reasoning-parser`, llama-cpp-python)
//! leave it in `content`. It is neither the answer nor a place to read calls from: a call the
//! model only considered while thinking must not run.
//!
//! Spellings: `<think>`, `<thinking>`, `<reasoning>`, `<seed:think>` (Seed-OSS), `[THINK]`
//! (Magistral), `◁think▷` (Kimi), `<|START_THINKING|>` (Command-R7B, Command A), gpt-oss's
//! `<|channel|>analysis<|message|>` to `<|end|>`, Apriel's `Here are my reasoning steps:` to
//! `[BEGIN FINAL RESPONSE]`, and a lone closing tag with no opening one (R1-style templates open
//! `<think>` in the prompt, Apriel's its first line). The special tokens around an answer
//! (`<|START_RESPONSE|>`, gpt-oss's final channel, `<|end|>`, Functionary's `>>>all`, the
//! assistant's role header at its start (`<|start_of_role|>assistant<|end_of_role|>`), a
//! `<response>` or `<answer>` span holding it (ERNIE 4.5, Granite 3.3, Hunyuan), and end-of-turn
//! tokens such as `<|im_end|>` or EXAONE's `[|endofturn|]` at its end) are taken out too.
//! Granite 3.2 thinks between `Here is my thought process:` and `Here is my response:`, Hermes
//! in a `<scratch_pad>`, MiniCPM3 between `<|thought_start|>` and `<|thought_end|>`, Gemma 4
//! between `<|channel>thought` and `<channel|>`, Reflection-tuned models in `<reflection>` (and
//! `<thought>`), the long-thought format of Sky-T1 and OpenThinker between
//! `<|begin_of_thought|>` and `<|end_of_thought|>`, its answer between `<|begin_of_solution|>`
//! and `<|end_of_solution|>`. Ollama's command line frames reasoning between a first line
//! `Thinking...` and `...done thinking.`.

/// Opening and closing tags of a reasoning block.
const BLOCKS: &[(&str, &str)] = &[
    ("<think>", "</think>"),
    ("<thinking>", "</thinking>"),
    ("<reasoning>", "</reasoning>"),
    ("<seed:think>", "</seed:think>"),
    ("[THINK]", "[/THINK]"),
    ("◁think▷", "◁/think▷"),
    ("<|START_THINKING|>", "<|END_THINKING|>"),
    ("<|channel|>analysis<|message|>", "<|end|>"),
    // Apriel's template writes the opening line into the prompt: the close often comes alone.
    ("Here are my reasoning steps:", "[BEGIN FINAL RESPONSE]"),
    // Granite 3.2's thinking mode.
    ("Here is my thought process:", "Here is my response:"),
    // Hermes 2 Pro and 3's function-calling prompt: a scratch pad before the calls.
    ("<scratch_pad>", "</scratch_pad>"),
    // MiniCPM3.
    ("<|thought_start|>", "<|thought_end|>"),
    // Gemma 4, whose template may open the channel in the prompt.
    ("<|channel>thought", "<channel|>"),
    // Reflection-tuned Llamas check their thinking in a block of its own.
    ("<reflection>", "</reflection>"),
    ("<thought>", "</thought>"),
    // The long-thought format Sky-T1, Bespoke-Stratos and OpenThinker learned, whose answer
    // follows between `<|begin_of_solution|>` and `<|end_of_solution|>`.
    ("<|begin_of_thought|>", "<|end_of_thought|>"),
    // Ollama's command line prints a thinking model's reasoning between these lines; a reply
    // pasted or relayed from it carries them.
    ("Thinking...", "...done thinking."),
];

/// Openers of [`BLOCKS`] that are ordinary words, which open a block only at the text's start.
const PROSE_OPENERS: &[&str] = &["Here is my thought process:", "Thinking..."];

/// Closing tags that end a block whose opening tag was in the prompt, so may come alone. Not
/// gpt-oss's `<|end|>`, which also ends a turn of Phi models: a lone one closes nothing.
const LONE_CLOSES: &[&str] = &[
    "</think>",
    "</thinking>",
    "</reasoning>",
    "</seed:think>",
    "[/THINK]",
    "◁/think▷",
    "<|END_THINKING|>",
    "[BEGIN FINAL RESPONSE]",
    "<channel|>",
    "...done thinking.",
];

/// Tokens around a final answer that are not part of it: gpt-oss's channel, Command A's
/// response span, Apriel's closing marker, the end of a turn.
const ANSWER_TOKENS: &[&str] = &[
    "<|start|>assistant",
    "<|channel|>final<|message|>",
    "<|return|>",
    "<|START_RESPONSE|>",
    "<|END_RESPONSE|>",
    "<|begin_of_solution|>",
    "<|end_of_solution|>",
    "[END FINAL RESPONSE]",
    "<|end|>",
    // Functionary v3.2 addresses its text answers to `all`.
    ">>>all\n",
    // Functionary v2 addresses them with `<|recipient|>all`.
    "<|recipient|>all\n<|content|>",
    // Begin-of-text tokens a server printing special tokens leaves before a made-up turn
    // (Llama 3's, DeepSeek's, GPT-2's); all held while streaming, as `<|` opens them.
    BEGIN_OF_TEXT[0],
    BEGIN_OF_TEXT[1],
    BEGIN_OF_TEXT[2],
];

/// Begin-of-text tokens: after an end-of-turn token they open the next turn, which is not the
/// model's unless its own header follows.
const BEGIN_OF_TEXT: [&str; 3] = [
    "<|begin_of_text|>",
    "<｜begin▁of▁sentence｜>",
    "<|startoftext|>",
];

/// End-of-turn tokens a server that prints special tokens leaves after the answer. Only the
/// `<|...|>` and `[|...|]` kinds and Gemma's `<end_of_turn>`, which a streaming reader holds back
/// before showing; `</s>` only where no `<s>` opens before it ([`end_of_sequence`]), as it
/// could close a struck-through span.
const END_TOKENS: &[&str] = &[
    "<|im_end|>",
    "<|eot_id|>",
    "<|eom_id|>",
    "<|endoftext|>",
    "<|end_of_text|>",
    // Llama 4.
    "<|eot|>",
    "<|eom|>",
    // EXAONE.
    "[|endofturn|]",
    // Gemma, whose tokens are plain tags; the streaming reader holds this one back too.
    "<end_of_turn>",
    // Gemma's end of sequence, printed after `<end_of_turn>`.
    "<eos>",
    // Seed-OSS.
    "<seed:eos>",
    // MiniMax (M1, M2), whose turns open with `]~b]ROLE`.
    "[e~[",
    // Gemma 4.
    "<turn|>",
    // Ling.
    "<|role_end|>",
    "<|END_OF_TURN_TOKEN|>",
    // Functionary v2.
    "<|stop|>",
    "<｜end▁of▁sentence｜>",
];

/// A text with its reasoning taken out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// The reasoning, blocks joined by a blank line; empty when there was none.
    pub reasoning: String,
    /// Everything else, as it was but for the special tokens around an answer.
    pub rest: String,
}

/// Takes every reasoning block out of `text`. A block that never closes runs to the end (the
/// model was stopped while thinking).
pub fn split(text: &str) -> Split {
    let (thoughts, written) = blocks(text);
    // Before the tokens are taken out: Phi's `<|end|>` is one of them, and ends a turn.
    let mut rest = before_turn_end(&written).to_owned();
    // Special tokens, never prose: taken out whether or not the model reasoned.
    for token in ANSWER_TOKENS {
        if rest.contains(token) {
            rest = without_printed(&rest, token);
        }
    }
    rest = without_end_tokens(&answer_span(&rest)).to_owned();
    // `Sure!\n\nAssistant: ...`: the model's label for its own words is no part of them.
    rest = crate::own_labels::strip(&rest);
    // Held past its bound while streaming: read as it was streamed.
    // Blank lines after a leading block are no part of it: the stream decides from the text
    // after them (`<think>...</think>\nThought: ...`).
    if let Some((thought, answer)) = held_thoughts(rest.trim_start()) {
        let reasoning = thoughts
            .iter()
            .map(String::as_str)
            .chain([thought.as_str()])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        return Split {
            reasoning,
            rest: answer,
        };
    }
    let react = react_final(&rest);
    if let Some((_, answer)) = &react {
        rest.clone_from(answer);
    }
    let labelled = labelled_thoughts(&rest);
    if let Some((_, answer)) = &labelled {
        rest.clone_from(answer);
    }
    let reasoning = thoughts
        .iter()
        .map(String::as_str)
        .chain(react.as_ref().map(|(thought, _)| thought.as_str()))
        .chain(labelled.as_ref().map(|(thought, _)| thought.as_str()))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Split { reasoning, rest }
}

/// `text` without the places where `token` was printed: one shown in a fence, quoted in inline
/// code on its line or named in a sentence (`` `<|end|>` ``, `<|end|> is the token Phi uses.`) is prose, kept.
fn without_printed(text: &str, token: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, _) in text.match_indices(token) {
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let fenced = text[..line_start]
            .lines()
            .filter(|line| line.trim_start().starts_with("```"))
            .count()
            % 2
            == 1;
        let quoted = fenced || text[line_start..at].matches('`').count() % 2 == 1;
        if quoted || crate::roles::named_in_sentence(&text[at + token.len()..]) {
            continue;
        }
        out.push_str(&text[from..at]);
        from = at + token.len();
    }
    out.push_str(&text[from..]);
    out
}

/// `text`'s reasoning blocks, and the text outside them as written (labels and tokens kept).
fn blocks(text: &str) -> (Vec<String>, String) {
    let mut thoughts: Vec<String> = Vec::new();
    let mut rest = String::new();
    let mut remaining = text;
    // gpt-oss's messages, their tokens printed, stripped or in part.
    let harmony = crate::harmony::read(text);
    if let Some(messages) = &harmony {
        thoughts.push(messages.thought.clone());
        remaining = &messages.rest;
    } else if let Some((at, close)) = lone_close(text) {
        thoughts.push(text[..at].to_owned());
        remaining = &text[at + close.len()..];
    }
    while let Some((at, open, close)) = BLOCKS
        .iter()
        .filter_map(|(open, close)| remaining.find(open).map(|at| (at, *open, *close)))
        // A sentence-like opener counts only before anything else was written: mid-answer,
        // "Here is my thought process:" is prose, and an unclosed block would swallow the rest.
        .filter(|(at, open, _)| {
            !PROSE_OPENERS.contains(open)
                || (rest.trim().is_empty() && remaining[..*at].trim().is_empty())
        })
        .min_by_key(|(at, _, _)| *at)
    {
        rest.push_str(&remaining[..at]);
        let inside = &remaining[at + open.len()..];
        match inside.find(close) {
            Some(end) => {
                thoughts.push(inside[..end].to_owned());
                remaining = &inside[end + close.len()..];
            }
            // A model stopped while thinking, or one that opens its call without closing the
            // block (Qwen3 writing `<tool_call>` inside `<think>`): a call's envelope at a
            // line's start ends the thought, and the call is read.
            None => match call_in_open_block(inside) {
                Some(at) => {
                    thoughts.push(inside[..at].to_owned());
                    remaining = &inside[at..];
                }
                None => {
                    thoughts.push(inside.to_owned());
                    remaining = "";
                }
            },
        }
    }
    rest.push_str(remaining);
    (thoughts, rest)
}

/// `text` without its reasoning blocks, the rest as written: where the words outside them
/// (a turn the model made up, its own labels) must be read before the answer is cut.
pub fn without_blocks(text: &str) -> String {
    blocks(text).1
}

/// `text` without the end-of-turn tokens it ends in (blanks after them aside): [`END_TOKENS`]
/// and the kind [`crate::roles::trailing_end_token`] reads. Also for text cut where the model
/// went on to write another turn (`...<end_of_turn>\n<start_of_turn>user`).
pub(crate) fn without_end_tokens(text: &str) -> &str {
    let mut rest = text;
    while let Some(end) = END_TOKENS
        .iter()
        .find_map(|token| rest.trim_end().strip_suffix(token).map(str::len))
        .or_else(|| crate::roles::trailing_end_token(rest))
        .or_else(|| end_of_sequence(rest))
    {
        rest = &rest[..end];
    }
    rest
}

/// `text`, the model's words before a turn it made up and that was cut, without the end tokens
/// it ends in ([`without_end_tokens`], NexusRaven's `<bot_end>` too), without a fence it opened
/// last and never closed (Command R's ```` Action: ```json ````, a `~~~` one too): the turn was cut inside
/// that fence (`` Sure.\n```\n<|user|>... ``), which shows nothing now; and without a label
/// left with nothing after it (`Action:`, `Thought:`, [`DANGLING_LABELS`]), whose words were the
/// made-up turn's. None of them is the model's answer.
pub(crate) fn before_cut(text: &str) -> &str {
    let mut rest = text;
    loop {
        let trimmed = without_end_tokens(rest).trim_end();
        let trimmed = trimmed.strip_suffix(BOT_END).map_or(trimmed, str::trim_end);
        let trimmed = without_bare_end(trimmed).trim_end();
        let last_start = trimmed.rfind('\n').map_or(0, |n| n + 1);
        let last = &trimmed[last_start..];
        let fences = trimmed
            .lines()
            .filter(|line| crate::roles::fence_line(line))
            .count();
        let tilde = |line: &str| line.trim_start().starts_with("~~~");
        let tildes = trimmed.lines().filter(|line| tilde(line)).count();
        let next = if fences % 2 == 1 && crate::roles::fence_line(last) {
            // The opener goes, and the label before it on its line is left to the next round.
            last.find("```")
                .map_or(trimmed, |at| trimmed[..last_start + at].trim_end())
        } else if tildes % 2 == 1 && tilde(last) {
            // A tilde fence opened last and never closed goes the same way.
            trimmed[..last_start].trim_end()
        } else if dangling_label(last) {
            trimmed[..last_start].trim_end()
        } else {
            trimmed
        };
        if next.len() == rest.len() {
            return next;
        }
        rest = next;
    }
}

/// `text` without Phi's end token printed bare where it ends: `|end|` (in one case, no other
/// bar before it; its opening bracket kept, `<|end|`, too), or the word `end` (in one case) alone on its line or right after a
/// sentence's end (`All fine.end`). Read only in text cut before a turn the model made up,
/// whose start the token marked: a word `end` that ends a whole answer is left alone.
pub(crate) fn without_bare_end(text: &str) -> &str {
    if let Some(rest) = ["|end|", "|END|"]
        .iter()
        .find_map(|token| text.strip_suffix(token))
        .filter(|rest| {
            // Glued to the words before it, or after a sentence or alone on its line: not a
            // table's last cell (`| a | b |end|`).
            let before = rest.trim_end_matches([' ', '\t']);
            rest.ends_with(|c: char| !c.is_whitespace() && c != '|')
                || before.is_empty()
                || before.ends_with(['\n', '\r', '.', '!', '?'])
        })
    {
        return rest.strip_suffix('<').unwrap_or(rest);
    }
    ["end", "END"]
        .iter()
        .find_map(|word| text.strip_suffix(word))
        .filter(|rest| {
            let before = rest.trim_end_matches([' ', '\t']);
            rest.is_empty() || before.ends_with(['\n', '\r']) || rest.ends_with(['.', '!', '?'])
        })
        .unwrap_or(text)
}

/// Labels of a ReAct or NexusRaven step that introduce what follows them on their line or the
/// next: left alone at the end of the text, what they introduced was cut.
const DANGLING_LABELS: &[&str] = &[
    "action",
    "action input",
    "thought",
    "observation",
    "call",
    "final answer",
    "tool call",
    "function call",
];

/// Whether `line` is a label of [`DANGLING_LABELS`] and nothing else (`Action:`,
/// `**Thought:**`, any case).
fn dangling_label(line: &str) -> bool {
    let label = line.trim().trim_matches(['*', '_']).trim();
    label.strip_suffix(':').is_some_and(|word| {
        DANGLING_LABELS.iter().any(|known| {
            word.trim_matches(['*', '_'])
                .trim()
                .eq_ignore_ascii_case(known)
        })
    })
}

/// `text` up to where the model's turn ended with more text after it
/// (`Two run.<|end_of_text|>User: thanks`, `Two run.</s>\nAnything else?`): what follows an
/// end-of-turn token is a turn the model made up, not its answer. Not where the model's own
/// turn header or an answer's marker follows (`Sure!<|im_end|>\n<|im_start|>assistant\n...`,
/// gpt-oss's `<|end|><|start|>assistant`: its words go on), nor
/// where the token is quoted in inline code or a fence or named in a sentence, nor where it
/// closes a role's header ([`closes_header`]).
pub(crate) fn before_turn_end(text: &str) -> &str {
    let mut fenced = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            let mut ticks = 0;
            for (offset, c) in line.char_indices() {
                if c == '`' {
                    ticks += 1;
                }
                if ticks % 2 == 1
                    || !(matches!(c, '<' | '[' | '|' | '｜') || c.is_ascii_alphabetic())
                {
                    continue;
                }
                let at = line_start + offset;
                // An end token, or one printed with its brackets stripped (`Two run.eot_id`,
                // `thanks|im_end|`, DeepSeek's `Two run.｜end▁of▁sentence｜`).
                let len = if matches!(c, '<' | '[') {
                    end_token_at(text, at)
                } else {
                    crate::roles::stripped_end_at(text, at)
                };
                if let Some(len) = len {
                    // Tokens in a row (`<|im_end|><|endoftext|>`, a begin-of-text token) end
                    // the text together: only words after them are a turn made up.
                    let mut after = text[at + len..].trim_start();
                    while let Some(token) = BEGIN_OF_TEXT
                        .iter()
                        .find(|t| after.starts_with(*t))
                        .map(|t| t.len())
                        .or_else(|| end_token_at(after, 0))
                    {
                        after = after[token..].trim_start();
                    }
                    let own_turn = crate::roles::token_header(after).is_some()
                        || ANSWER_TOKENS
                            .iter()
                            .any(|t| !BEGIN_OF_TEXT.contains(t) && after.starts_with(t));
                    if !after.is_empty() && !own_turn && !mentioned(text, at, len) {
                        // A fence or label left open before the turn goes with it.
                        return before_cut(&text[..at]);
                    }
                }
            }
        }
        line_start += line.len();
    }
    text
}

/// Whether the token at `at..at + len` in `text` is named in a sentence (`Use <|im_end|> to end
/// a turn.`), a blank before it and words after it, rather than printed where the model's
/// words stopped (right after them, after a sentence's end, or before a line break or another
/// token: `Two run. </s> Anything else?`).
fn mentioned(text: &str, at: usize, len: usize) -> bool {
    let before = &text[..at];
    // Named as a noun even after a sentence's end: `Done. <|end|> is the token Phi uses.`
    if crate::roles::named_in_sentence(&text[at + len..]) {
        return true;
    }
    before.ends_with([' ', '\t'])
        && !ends_sentence(before.trim_end_matches([' ', '\t']))
        && text[at + len..]
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, '\n' | '\r' | '<' | '['))
}

/// Whether `text` ends a sentence (`.`, `!`, `?`, `…`, a closing quote, bracket or emphasis
/// after it): a token after it stands outside any sentence, so it names nothing.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', ')', '*', '_', '”', '’'])
        .ends_with(['.', '!', '?', '…'])
}

/// Whether the token that starts `token`, after `before`, closes a role's header rather than a
/// turn: a token right after a role's word that follows another token (Granite's
/// `<|start_of_role|>assistant<|end_of_role|>`, `<|role_start|>assistant<|role_end|>`); after
/// any word, one that names a role's or header's end (`<|start_of_role|>tool_response
/// <|end_of_role|>`, Granite's `available_tools`), while `<|assistant|>Yes<|end|>` ends a turn.
fn closes_header(before: &str, token: &str) -> bool {
    let word = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    if !(1..=MAX_ROLE_WORD).contains(&word) || !before[..before.len() - word].ends_with(['>', ']'])
    {
        return false;
    }
    let word = before[before.len() - word..].to_ascii_lowercase();
    let closer = token
        .get(..token.find('>').map_or(0, |end| end + 1))
        .is_some_and(|name| {
            let name = name.to_ascii_lowercase();
            name.contains("role") || name.contains("header")
        });
    closer || ["assistant", "user", "system", "tool", "model"].contains(&word.as_str())
}

/// The longest role's word read between a header's tokens.
const MAX_ROLE_WORD: usize = 32;

/// The length of the end-of-turn token at `at` in `text`: one of [`END_TOKENS`], one of the
/// kind [`crate::roles::end_token`] reads, or `</s>` where no `<s>` before it opens a
/// struck-through span.
fn end_token_at(text: &str, at: usize) -> Option<usize> {
    let here = &text[at..];
    if closes_header(&text[..at], here) {
        return None;
    }
    END_TOKENS
        .iter()
        .find(|token| here.starts_with(*token))
        .map(|token| token.len())
        .or_else(|| crate::roles::end_token(here))
        .or_else(|| (here.starts_with("</s>") && !strikes(&text[..at])).then_some("</s>".len()))
}

/// Where Llama 2's and Mistral's end of sequence `</s>` ends `text`: the tag, when no `<s>`
/// before it opens a struck-through span it would close.
fn end_of_sequence(text: &str) -> Option<usize> {
    let before = text.trim_end().strip_suffix("</s>")?;
    (!strikes(before)).then_some(before.len())
}

/// Whether an `<s>` in `text` opens a struck-through span ([`opens_strike`]).
fn strikes(text: &str) -> bool {
    text.match_indices("<s>")
        .any(|(at, _)| opens_strike(text, at))
}

/// Whether the `<s>` at byte `at` of `text` opens a struck-through span (`<s>old</s>`): words
/// right after it. Llama 2's and Mistral's begin of sequence is the same tag before a blank,
/// its prompt's tokens or nothing (`<s> Two run.</s>`, `<s>[INST]`): it strikes nothing.
pub fn opens_strike(text: &str, at: usize) -> bool {
    text[at..].strip_prefix("<s>").is_some_and(|after| {
        after.chars().next().is_some_and(|c| !c.is_whitespace())
            && !["[INST]", "<<SYS>>", "</s>"]
                .iter()
                .any(|token| after.starts_with(token))
    })
}

/// `text` without Llama 2's begin of sequence `<s>` at its start (blanks around it too), or
/// None where it opens with none.
fn without_begin_of_sequence(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    (trimmed.starts_with("<s>") && !opens_strike(trimmed, 0))
        .then(|| trimmed["<s>".len()..].trim_start())
}

/// A ReAct answer: `Thought:` lines, then `Final Answer:` (or `Answer:`) and the answer. The thoughts are
/// reasoning (without their labels) and the answer is what follows the label. Only when no
/// `Action:` stands before the final answer: a model that wrote a call and then imagined its
/// result and answer is read for the call, not for the answer it made up.
fn react_final(text: &str) -> Option<(String, String)> {
    let mut lines = text.trim_start().lines();
    let first = lines.next()?;
    let mut thought = vec![label(first, "Thought")?];
    let mut answer: Option<Vec<&str>> = None;
    for line in lines {
        if let Some(list) = answer.as_mut() {
            list.push(line);
            continue;
        }
        if let Some(rest) = answer_label(line, true) {
            answer = Some(vec![rest]);
            continue;
        }
        if label(line, "Action").is_some() || label(line, "Action Input").is_some() {
            return None;
        }
        thought.push(label(line, "Thought").unwrap_or(line));
    }
    let answer = answer?.join("\n").trim().to_owned();
    (!answer.is_empty()).then(|| (thought.join("\n"), answer))
}

/// NexusRaven's end of its turn, after its `Call:` and `Thought:` lines.
const BOT_END: &str = "<bot_end>";

/// `Thought:` lines outside a ReAct exchange: NexusRaven explains its `Call:` on a `Thought:`
/// line after it, and small models trained on ReAct write one before their call or answer
/// without an `Action:` (`Thought: the user greets me.` then `Hello!`). Each such line is
/// reasoning, the rest of the text what it was (a thought alone stays the answer): beside a
/// call labelled at a line's start (NexusRaven's `Call:`, [`crate::pythonic`]'s labels) or a
/// plain answer. Beside an `Action:` line, JSON or markup the ReAct and JSON readers keep them
/// with the call they explain ([`crate::text_protocol`]); inside a fence they are code.
fn labelled_thoughts(text: &str) -> Option<(String, String)> {
    let labelled_call = text.lines().any(|line| {
        let line = line.trim_start().to_ascii_lowercase();
        crate::pythonic::LINE_LABELS
            .iter()
            .any(|label| line.starts_with(label))
    });
    // NexusRaven's `<bot_end>` ends its lines: no markup.
    if !labelled_call && text.replace(BOT_END, "").contains(['{', '[', '<', '`']) {
        return None;
    }
    let (mut thoughts, mut kept) = (Vec::new(), Vec::new());
    let mut fenced = false;
    for line in text.split('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if label(line, "Action").is_some() && !fenced {
            return None;
        }
        match label(line, "Thought").filter(|_| !fenced && !line.starts_with([' ', '\t'])) {
            // Its end token is no word of the thought.
            Some(thought) => thoughts.push(
                thought
                    .trim_end()
                    .strip_suffix(BOT_END)
                    .map_or(thought, str::trim_end),
            ),
            None => kept.push(line),
        }
    }
    let rest = kept.join("\n").trim().to_owned();
    // A thought alone is all the model said: it stays the answer rather than none.
    (!thoughts.is_empty() && !rest.is_empty()).then(|| (thoughts.join("\n"), rest))
}

/// Labels of the answer after `Thought:` lines: ReAct's `Final Answer:`, and the `Answer:`
/// that small models trained on it write instead.
const ANSWER_LABELS: &[&str] = &["Final Answer", "Answer"];

/// The rest of `line` after one of [`ANSWER_LABELS`], or after the model's label for its own
/// words (`Assistant: ok` after `Thought: checking`: its turn after its thought), or None. A
/// label decided by the words after it (`AI: Two run.`) only once the line is `complete`.
fn answer_label(line: &str, complete: bool) -> Option<&str> {
    ANSWER_LABELS
        .iter()
        .find_map(|name| label(line, name))
        .or_else(|| {
            let body = line.trim_start_matches([' ', '\t']);
            // The role's word alone on its line, the words on the next (`assistant\nok`).
            if complete && body.trim_end().eq_ignore_ascii_case("assistant") {
                // Empty, but within `line`: callers measure where the answer starts by it.
                return Some(&body[body.len()..]);
            }
            let probe = if complete {
                format!("{body}\n")
            } else {
                body.to_owned()
            };
            let len = crate::own_labels::label_len(&probe)?.min(body.len());
            Some(body[len..].trim())
        })
}

/// The rest of `line` after a ReAct `name:` label (any case, in markdown bold or after a list
/// mark), or None.
pub(crate) fn react_label<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    label(line, name)
}

/// [`react_label`].
fn label<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let line = line.trim_start_matches(['-', '*', '#', ' ', '\t']);
    let head = line.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    let rest = line[name.len()..].trim_start_matches('*');
    let rest = rest.strip_prefix(':')?.trim_start_matches('*');
    Some(rest.trim())
}

/// The answer without the assistant's role headers at its start ([`crate::roles`]) and, after a
/// plain `Assistant:` label, without the plain turn of another role the model went on to write,
/// out of the
/// `{"response": "..."}` object that wraps it whole, and, when it starts with one of
/// [`ANSWER_SPANS`], without that span's tags.
fn answer_span(rest: &str) -> String {
    let rest = without_begin_of_sequence(rest).unwrap_or(rest);
    let text = crate::roles::skip_plain_turns(rest);
    let trimmed = text.trim_start();
    // llama.cpp's generic JSON format answers in `{"response": "..."}`.
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_str(trimmed.trim_end())
        && object.len() == 1
        && let Some(serde_json::Value::String(answer)) = object.get("response")
    {
        return answer.clone();
    }
    for (open, close) in ANSWER_SPANS {
        if let Some(inside) = trimmed.strip_prefix(open) {
            // The model's own label opening the span (Hunyuan's `<answer>\n助手：`).
            let inside = inside.trim_start();
            let inside = crate::own_labels::opening_label(inside, true)
                .map_or(inside, |len| inside[len..].trim_start());
            return match inside.rfind(close) {
                Some(end) => format!("{}{}", &inside[..end], &inside[end + close.len()..]),
                None => inside.to_owned(),
            };
        }
    }
    text.to_owned()
}

/// Tags around the whole answer: ERNIE 4.5's and Granite 3.3's `<response>`, Hunyuan's
/// `<answer>`.
const ANSWER_SPANS: &[(&str, &str)] = &[("<response>", "</response>"), ("<answer>", "</answer>")];

/// Where the first line of a reasoning block that never closes starts with a call's envelope
/// ([`crate::envelopes::opens_call`]). A call written inside a sentence is only considered.
fn call_in_open_block(inside: &str) -> Option<usize> {
    let mut at = 0;
    for line in inside.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_start();
        if crate::envelopes::opens_call(body) {
            return Some(start + (line.len() - body.len()));
        }
    }
    None
}

/// Whether the answer that starts at `at` in `text` (as [`leading`] found it) follows a plain
/// role label (`Assistant:`, `### Response:`, `assistant` alone on its line), after which the
/// model may go on to write another role's turn ([`crate::call_starts::plain_turn`]).
pub fn after_plain_label(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let trimmed = before.trim_end();
    let line_start = trimmed.rfind('\n').map_or(0, |n| n + 1);
    // The label may follow a reasoning block's close on its line (`</think>Assistant:`).
    let after_tag = trimmed[line_start..].rfind('>').map(|n| line_start + n + 1);
    [Some(line_start), after_tag]
        .into_iter()
        .flatten()
        .any(|start| {
            crate::own_labels::opening_label(&text[start..], false)
                .is_some_and(|len| text[start + len..at].trim().is_empty())
        })
}

/// A closing tag before any opening one: its position and the tag.
fn lone_close(text: &str) -> Option<(usize, &'static str)> {
    BLOCKS
        .iter()
        .filter(|(_, close)| LONE_CLOSES.contains(close))
        .filter_map(|(open, close)| {
            let at = text.find(close)?;
            (!text[..at].contains(open)).then_some((at, *close))
        })
        .min_by_key(|(at, _)| *at)
}

/// Where a text being streamed stands on reasoning at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leading {
    /// A reasoning block is open, or may be starting: wait for more.
    Pending,
    /// The answer starts at byte `at`, after the leading blocks' `reasoning` (empty if none).
    Answer { reasoning: String, at: usize },
}

/// The most bytes of an answer that opens with a `Thought:` line held while streaming before
/// it is decided from what arrived: short answers are held whole and read once, as the turn's
/// end reads them, so nothing shown is taken back.
const MAX_HELD_THOUGHT_BYTES: usize = 2048;

/// What an answer still streaming says of `Thought:` lines at its start.
enum ThoughtLead {
    /// It does not open with one.
    No,
    /// It does, or may: hold it.
    Pending,
    /// The thought (labels taken out, as the turn's end reads it), and where the answer after
    /// it starts in the text.
    Decided { thought: String, len: usize },
}

/// `Thought:` lines at the start of `text`, still streaming. Whether they are reasoning depends
/// on what follows ([`react_final`], [`labelled_thoughts`]: a `Final Answer:` label, an
/// `Action:`, JSON, a thought that is all the model wrote), so the text is held until a `Final
/// Answer:` label decides it, the turn ends, or [`MAX_HELD_THOUGHT_BYTES`] arrived; past that,
/// the leading thought lines are reasoning when the text so far reads that way, and the rest
/// streams.
fn leading_thoughts(text: &str) -> ThoughtLead {
    if text.is_empty() {
        return ThoughtLead::No;
    }
    let first = text.split('\n').next().unwrap_or_default();
    if label(first, "Thought").is_none() {
        return if !text.contains('\n') && may_become_label(first, "Thought") {
            ThoughtLead::Pending
        } else {
            ThoughtLead::No
        };
    }
    // Decided on the lines up to the hold's end alone, however the text arrived in pieces.
    let held_end = hold_end(text);
    let text = &text[..held_end.unwrap_or(text.len())];
    let mut thought = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(answer) = answer_label(body, line.ends_with('\n')) {
            if answer.is_empty() && !line.ends_with('\n') {
                // The answer, or the bold's close (`**Final Answer:**`), is still to come.
                return ThoughtLead::Pending;
            }
            let offset = answer.as_ptr() as usize - body.as_ptr() as usize;
            return ThoughtLead::Decided {
                thought: thought.join("\n").trim().to_owned(),
                len: start
                    + if answer.is_empty() {
                        body.len()
                    } else {
                        offset
                    },
            };
        }
        if label(body, "Action").is_some() || label(body, "Action Input").is_some() {
            break;
        }
        if !line.ends_with('\n')
            && ANSWER_LABELS
                .iter()
                .any(|name| may_become_label(body, name))
        {
            break;
        }
        thought.push(label(body, "Thought").unwrap_or(body));
    }
    if held_end.is_none() {
        return ThoughtLead::Pending;
    }
    past_hold(text)
}

/// The longest line past [`MAX_HELD_THOUGHT_BYTES`] waited for before the held text is
/// decided.
const MAX_HELD_LINE_BYTES: usize = 1024;

/// Where the text held for its leading `Thought:` lines ends once it is decided from what
/// arrived: after the first line that ends past [`MAX_HELD_THOUGHT_BYTES`], or at most
/// [`MAX_HELD_LINE_BYTES`] further; None while that has not arrived.
fn hold_end(text: &str) -> Option<usize> {
    if text.len() <= MAX_HELD_THOUGHT_BYTES {
        return None;
    }
    let limit = MAX_HELD_THOUGHT_BYTES + MAX_HELD_LINE_BYTES;
    match text[MAX_HELD_THOUGHT_BYTES..].find('\n') {
        Some(at) if MAX_HELD_THOUGHT_BYTES + at < limit => Some(MAX_HELD_THOUGHT_BYTES + at + 1),
        _ if text.len() >= limit => {
            let mut end = limit;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Some(end)
        }
        _ => None,
    }
}

/// An answer that opens with `Thought:` lines and was held past [`MAX_HELD_THOUGHT_BYTES`],
/// read whole as the streaming reader decided it at the hold's end ([`leading_thoughts`]), so
/// the final answer is what was streamed: the leading thought lines, then the rest as written
/// (a `Final Answer:` label arriving later stays in it). None when it is not such an answer.
fn held_thoughts(text: &str) -> Option<(String, String)> {
    let first = text.split('\n').next().unwrap_or_default();
    label(first, "Thought")?;
    let end = hold_end(text)?;
    match leading_thoughts(text) {
        ThoughtLead::Decided { thought, len } if len <= end => {
            // Decided by a label within the hold: read as the turn's end always reads it.
            let held = &text[..end];
            if held.lines().any(|line| answer_label(line, true).is_some()) {
                return None;
            }
            Some((thought, text[len..].trim().to_owned()))
        }
        ThoughtLead::Decided { .. } | ThoughtLead::Pending => None,
        ThoughtLead::No => Some((String::new(), text.trim().to_owned())),
    }
}

/// The held text (up to [`hold_end`]) decided from what arrived: its leading thought lines are
/// reasoning when it reads that way ([`labelled_thoughts`]), else none is.
fn past_hold(text: &str) -> ThoughtLead {
    if labelled_thoughts(text).is_none() {
        return ThoughtLead::No;
    }
    let (mut thought, mut len) = (Vec::new(), 0);
    for line in text.split_inclusive('\n') {
        match label(line, "Thought") {
            Some(t) if line.ends_with('\n') && !line.starts_with([' ', '\t']) => thought.push(t),
            _ if line.trim().is_empty() && line.ends_with('\n') => {}
            _ => break,
        }
        len += line.len();
    }
    if len == 0 {
        return ThoughtLead::No;
    }
    ThoughtLead::Decided {
        thought: thought.join("\n"),
        len,
    }
}

/// Whether `line`, cut off, may still become the ReAct label `name` (`Thou`, `**Final`).
fn may_become_label(line: &str, name: &str) -> bool {
    let body = line.trim_start_matches(['-', '*', '#', ' ', '\t']);
    if body.len() < name.len() {
        return name
            .get(..body.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(body));
    }
    body.get(..name.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(name))
        && body[name.len()..].chars().all(|c| c == '*')
}

/// The reasoning blocks at the start of `text`, as far as it has arrived.
pub fn leading(text: &str) -> Leading {
    let mut at = text.len() - text.trim_start().len();
    match crate::harmony::leading(&text[at..]) {
        crate::harmony::Leading::Pending => return Leading::Pending,
        crate::harmony::Leading::After { thought, at: after } => {
            return Leading::Answer {
                reasoning: thought,
                at: at + after,
            };
        }
        crate::harmony::Leading::No => {}
    }
    let mut thoughts: Vec<String> = Vec::new();
    loop {
        let rest = &text[at..];
        if rest.is_empty() && thoughts.is_empty() {
            return Leading::Answer {
                reasoning: String::new(),
                at: 0,
            };
        }
        if !rest.is_empty()
            && BLOCKS
                .iter()
                .any(|(open, _)| open.len() > rest.len() && open.starts_with(rest))
        {
            return Leading::Pending;
        }
        // Llama 2's begin of sequence, taken out of the answer ([`answer_span`]).
        if !rest.is_empty() && "<s>".starts_with(rest) {
            return Leading::Pending;
        }
        if let Some(after) = without_begin_of_sequence(rest) {
            if after.is_empty() {
                return Leading::Pending;
            }
            at = text.len() - after.len();
            continue;
        }
        let Some((open, close)) = BLOCKS.iter().find(|(open, _)| rest.starts_with(open)) else {
            // The assistant's role as plain text (`Assistant:`) is cut from the answer when the
            // turn ends ([`crate::roles::skip_plain_turns`]): it is not streamed either.
            if !rest.is_empty() && crate::own_labels::opening_label_pending(rest) {
                return Leading::Pending;
            }
            match leading_thoughts(rest) {
                ThoughtLead::No => {}
                ThoughtLead::Pending => return Leading::Pending,
                ThoughtLead::Decided { thought, len } => {
                    thoughts.push(thought);
                    let after = at + len;
                    at = after + (text[after..].len() - text[after..].trim_start().len());
                    continue;
                }
            }
            if let Some(len) = crate::own_labels::opening_label(rest, false) {
                let after = at + len;
                at = after + (text[after..].len() - text[after..].trim_start().len());
            }
            let reasoning = thoughts
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            return Leading::Answer { reasoning, at };
        };
        let inside = &rest[open.len()..];
        let Some(end) = inside.find(close) else {
            return Leading::Pending;
        };
        thoughts.push(inside[..end].to_owned());
        let after = at + open.len() + end + close.len();
        at = after + (text[after..].len() - text[after..].trim_start().len());
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn every_spelling_is_taken_out() {
        for text in [
            "<think>\nweigh it\n</think>\n\nThe answer.",
            "weigh it\n</think>\n\nThe answer.",
            "<thinking>weigh it</thinking>The answer.",
            "<reasoning>weigh it</reasoning>\nThe answer.",
            "[THINK]weigh it[/THINK]The answer.",
            "◁think▷weigh it◁/think▷The answer.",
            "<|START_THINKING|>weigh it<|END_THINKING|>The answer.",
            "<|channel|>analysis<|message|>weigh it<|end|><|start|>assistant<|channel|>final<|message|>The answer.<|return|>",
            "<seed:think>weigh it</seed:think>The answer.",
            "Here are my reasoning steps:\nweigh it\n[BEGIN FINAL RESPONSE]\nThe answer.\n[END FINAL RESPONSE]\n<|end|>",
            "weigh it\n[BEGIN FINAL RESPONSE]\nThe answer.\n[END FINAL RESPONSE]",
            "<|START_THINKING|>weigh it<|END_THINKING|><|START_RESPONSE|>The answer.<|END_RESPONSE|>",
            "Here is my thought process:\nweigh it\nHere is my response:\nThe answer.",
            "<think>weigh it</think>\n<response>\nThe answer.\n</response>",
            "weigh it\n</think>\n\n<response>The answer.</response>\n",
            "<|start_of_role|>assistant<|end_of_role|><think>weigh it</think><response>The answer.</response><|end_of_text|>",
            "<scratch_pad>\nweigh it\n</scratch_pad>\nThe answer.",
            "<|thought_start|>\nweigh it\n<|thought_end|>\nThe answer.",
            "<|turn>model\n<|channel>thought\nweigh it<channel|>The answer.<turn|>",
            "weigh it\n<channel|>The answer.<turn|>\n",
            "[|assistant|]\n<think>\nweigh it\n</think>\n\nThe answer.[|endofturn|]",
            "<think>weigh it</think>\n<answer>\nThe answer.\n</answer>",
        ] {
            let split = split(text);
            assert_eq!(split.reasoning, "weigh it", "{text}");
            assert_eq!(split.rest.trim(), "The answer.", "{text}");
        }
        assert_eq!(
            split("<think>\n\n</think>\n\nHi."),
            Split {
                reasoning: String::new(),
                rest: "\n\nHi.".to_owned()
            },
            "Qwen3's empty block with /no_think"
        );
        assert_eq!(split("<think>still going").rest, "");
        assert_eq!(split("No reasoning here.").rest, "No reasoning here.");
        assert_eq!(
            split("All fine.<|end|>"),
            Split {
                reasoning: String::new(),
                rest: "All fine.".to_owned()
            },
            "a turn's end (Phi) closes no reasoning"
        );
        for text in [
            "<|START_RESPONSE|>All fine.<|END_RESPONSE|>",
            "All fine.<|im_end|>\n",
            "All fine.<|eot_id|><|end_of_text|>",
            ">>>all\nAll fine.",
            "<|start_of_role|>assistant<|end_of_role|>All fine.<|end_of_text|>",
            "<|start_header_id|>assistant<|end_header_id|>\n\nAll fine.<|eot_id|>",
            "<|im_start|>assistant\nAll fine.<|im_end|>",
            "<response>All fine.</response>",
            "{\"response\": \"All fine.\"}",
            "<|header_start|>assistant<|header_end|>\n\nAll fine.<|eot|>",
            "<|im_assistant|>assistant<|im_middle|>All fine.<|im_end|>",
            "All fine.<end_of_turn>\n",
        ] {
            assert_eq!(split(text).rest, "All fine.", "{text}");
        }
        assert_eq!(
            split(
                "Thought: the list shows three.\n**Final Answer:** All three run.\nNone stopped."
            ),
            Split {
                reasoning: "the list shows three.".to_owned(),
                rest: "All three run.\nNone stopped.".to_owned()
            },
            "a ReAct answer"
        );
        for text in [
            "Thought: list them.\nAction: docker_ps\nAction Input: {}\nFinal Answer: three.",
            "Final Answer: three.",
            "Answer: three.",
            "The final answer: three.",
        ] {
            assert_eq!(split(text).rest, text, "{text}");
        }
        assert_eq!(
            split("Disk first. Here is my thought process: check df, then du.").rest,
            "Disk first. Here is my thought process: check df, then du.",
            "Granite's opener mid-answer is prose"
        );
        assert_eq!(
            split("Wrap it in <response>x</response>.").rest,
            "Wrap it in <response>x</response>.",
            "a response span only when it holds the answer"
        );
        assert_eq!(
            split("Use <|im_end|> to end a turn.").rest,
            "Use <|im_end|> to end a turn.",
            "only at the end"
        );
    }

    #[test]
    fn an_end_of_turn_token_before_more_text_ends_the_answer() {
        for text in [
            "Two run.<|end_of_text|><|begin_of_text|>User: thanks",
            "Two run.<|end_of_text|>User: thanks",
            "Two run.<|eot_id|>\nthanks",
            "Two run.<|im_end|> Anything else?",
            "Two run.</s>\nAnything else?",
            "Two run.</s>[INST] thanks [/INST]",
            "Two run.\n</s>\nAnything else?",
            "Two run.[|endofturn|]\n[|user|]thanks",
            "Two run.<|EOT|>more",
            "Two run.<|end|>User: thanks",
            "Two run.<|eot_id|>Assistant: <tool_call>{}</tool_call>",
            // After a sentence's end the token names nothing: the model stopped there.
            "Two run. </s> Anything else?",
            "Two run.\t</s> Anything else?",
            "Two run. <|im_end|> Anything else?",
        ] {
            assert_eq!(split(text).rest, "Two run.", "{text:?}");
        }
        assert_eq!(split("Two run?) </s> thanks").rest, "Two run?)");
        // Llama 2's begin of sequence opens no struck-through span: its `</s>` ends the turn.
        for text in [
            "<s> Two run.</s> thanks <tool_call>{}</tool_call>",
            "<s>\nTwo run.</s>",
            "Two run.[e~[\n]~b]user\nthanks",
            "]~b]ai\nTwo run.[e~[",
            "<seed:bos>assistant\nTwo run.<seed:eos>",
            "AI: Two run.",
        ] {
            assert_eq!(split(text).rest.trim(), "Two run.", "{text:?}");
        }
        // End tokens in a row end the text; nothing after them was made up.
        for text in [
            "Two run.<|im_end|><|endoftext|>",
            "Two run.<end_of_turn>\n<eos>",
            "Two run.<|eot_id|></s>",
            "Two run.<|end_of_text|><|begin_of_text|>",
            "Two run.<seed:eos>",
            "Two run.<|assistant_end|>",
        ] {
            assert_eq!(before_turn_end(text), text, "{text:?}");
            assert_eq!(split(text).rest, "Two run.", "{text:?}");
        }
        for text in [
            "Use <|im_end|> to end a turn.",
            "Mistral ends with </s> after the answer.",
            "Write `<|eot_id|>` after each turn.",
            "```\n<|eot_id|>\n```\nThat is the end.",
            "Old <s>web</s> db.",
            "<s>web</s>\ndb",
            "Done. <s>Old</s> New.",
            "Done. `</s>` ends a turn.",
            // Named as a noun after a sentence's end, or quoted: kept, not taken out.
            "Done. <|im_end|> is the token ChatML ends with.",
            "Done. <|end|> is the token Phi uses.",
            "Phi ends its turn with `<|end|>`.",
            "Phi's turns:\n```\n<|user|>\nHi<|end|>\n<|assistant|>\n```\nThat is all.",
        ] {
            assert_eq!(split(text).rest, text, "{text:?}");
        }
        assert_eq!(
            split("Sure!<|im_end|>\n<|im_start|>assistant\nTwo run.<|im_end|>").rest,
            "Sure!\n\nTwo run.",
            "the model's own next turn goes on"
        );
        for text in [
            "<|role_start|>assistant<|role_end|>Two run.",
            "<|start_of_role|>assistant<|end_of_role|>Two run.",
        ] {
            assert_eq!(before_turn_end(text), text, "a header's closer: {text:?}");
        }
    }

    #[test]
    fn a_cut_inside_a_fence_leaves_no_fence_open() {
        assert_eq!(before_cut("Sure.\n```\n"), "Sure.");
        assert_eq!(before_cut("Sure.\n```text\n<|im_end|>"), "Sure.");
        // A fence closed before the cut stays.
        assert_eq!(before_cut("Sure.\n```\nx\n```\n"), "Sure.\n```\nx\n```");
    }

    #[test]
    fn streaming_waits_for_the_end_of_a_leading_block() {
        assert_eq!(leading("  <th"), Leading::Pending);
        assert_eq!(leading("<think>abc"), Leading::Pending);
        // Llama 2's begin of sequence and the model's own label are no part of the answer.
        for text in ["<", "<s", "<s>", "<s> ", "AI: Two"] {
            assert_eq!(leading(text), Leading::Pending, "{text:?}");
        }
        for (text, at) in [
            ("<s> Two run.", 4),
            ("AI: Two run.\n", 4),
            ("<s>old</s> x", 0),
        ] {
            assert_eq!(
                leading(text),
                Leading::Answer {
                    reasoning: String::new(),
                    at
                },
                "{text:?}"
            );
        }
        assert_eq!(
            leading("<think>abc</think>\n\nHel"),
            Leading::Answer {
                reasoning: "abc".to_owned(),
                at: 20
            }
        );
        assert_eq!(
            leading("Hello"),
            Leading::Answer {
                reasoning: String::new(),
                at: 0
            }
        );
    }

    #[test]
    fn streaming_starts_the_answer_after_a_plain_role_label() {
        for text in [
            "Assis",
            "ASSISTANT",
            "**Assistant",
            "### ",
            "assistant\n",
            "Assistant ",
        ] {
            assert_eq!(leading(text), Leading::Pending, "{text:?}");
        }
        assert_eq!(
            leading("<think>abc</think>\n"),
            Leading::Answer {
                reasoning: "abc".to_owned(),
                at: 19
            },
            "the thinking goes out as soon as its block closes"
        );
        assert_eq!(
            leading("Assistant: All fi"),
            Leading::Answer {
                reasoning: String::new(),
                at: 11
            }
        );
        assert_eq!(
            leading("<think>abc</think>\nassistant\n\nAll"),
            Leading::Answer {
                reasoning: "abc".to_owned(),
                at: 30
            }
        );
        for text in [
            "All fine",
            "Assistants are",
            "Assistant mode is on.\n",
            "## Summary",
        ] {
            assert!(
                matches!(leading(text), Leading::Answer { at: 0, .. }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn streaming_holds_a_leading_thought_until_it_is_decided() {
        for text in [
            "Th",
            "**Thought",
            "Thought: the user greets me.",
            "Thought: the user greets me.\nHello! How",
            "Thought: weigh.\nFinal Ans",
            "Thought: weigh.\nAns",
            "Thought: weigh.\n**Final Answer:",
            "Thought: list them.\nAction: docker_ps",
            "Thought: checking\nAssistant:",
        ] {
            assert_eq!(leading(text), Leading::Pending, "{text:?}");
        }
        for (text, thought, answer) in [
            ("Thought: weigh.\nFinal Answer: All", "weigh.", "All"),
            (
                "Thought: weigh.\nmore of it.\n**Final Answer:** All",
                "weigh.\nmore of it.",
                "All",
            ),
            (
                "<think>a</think>\nThought: weigh.\nFinal Answer:\nAll",
                "a\n\nweigh.",
                "All",
            ),
            ("Thought: greeting.\nAnswer: Hello", "greeting.", "Hello"),
            ("Thought: checking\nAssistant: ok", "checking", "ok"),
            ("Thought: checking\nassistant\nok", "checking", "ok"),
        ] {
            let Leading::Answer { reasoning, at } = leading(text) else {
                panic!("{text:?}: decided");
            };
            assert_eq!(
                (reasoning.as_str(), &text[at..]),
                (thought, answer),
                "{text:?}"
            );
            assert_eq!(
                split(text).reasoning,
                thought,
                "{text:?}: as the turn's end reads it"
            );
        }
        for text in ["Thinking of it", "The disk", "Thoughtful"] {
            assert!(
                matches!(leading(text), Leading::Answer { at: 0, .. }),
                "{text:?}"
            );
        }
        // Held long enough: the thought lines are reasoning when the text so far reads so.
        let long = format!("Thought: weigh.\n{}", "All fine. ".repeat(400));
        assert_eq!(
            leading(&long),
            Leading::Answer {
                reasoning: "weigh.".to_owned(),
                at: 16
            }
        );
        let data = format!("Thought: weigh.\n{{\"a\": 1}} {}", "x ".repeat(1600));
        assert!(
            matches!(leading(&data), Leading::Answer { at: 0, .. }),
            "JSON keeps the thought with it"
        );
    }

    #[test]
    fn past_the_hold_the_turn_s_end_reads_a_thought_as_it_was_streamed() {
        let body = "All fine here.\n".repeat(200);
        // A `Final Answer:` label that comes only after the hold: what streamed stays.
        let text = format!("Thought: weigh.\n{body}Final Answer: done");
        assert!(text.find("Final Answer").unwrap() > MAX_HELD_THOUGHT_BYTES);
        // Held until the line that ends past the hold has arrived, then decided.
        let decided = hold_end(&text).unwrap();
        assert!(decided > MAX_HELD_THOUGHT_BYTES && decided < MAX_HELD_THOUGHT_BYTES + 16);
        assert_eq!(leading(&text[..decided - 1]), Leading::Pending);
        let read = split(&text);
        assert_eq!(read.reasoning, "weigh.");
        assert_eq!(read.rest, text[16..].trim());
        // However the text arrived, the hold decides on the same lines.
        for cut in [decided, decided + 7, 2500, text.len()] {
            assert_eq!(
                leading(&text[..cut]),
                Leading::Answer {
                    reasoning: "weigh.".to_owned(),
                    at: 16
                },
                "{cut}"
            );
        }
        // Within the hold, the label decides as before.
        let short = "Thought: weigh.\nAll fine.\nFinal Answer: done";
        assert_eq!(split(short).rest, "done");
        // Read as the answer at the hold's end (JSON keeps the thought with it): the whole
        // text is the answer, a later label and thought lines too.
        let data =
            format!("Thought: weigh.\n{{\"a\": 1}}\n{body}Thought: more\nFinal Answer: done");
        let read = split(&data);
        assert_eq!(read.reasoning, "");
        assert_eq!(read.rest, data.trim());
    }

    #[test]
    fn past_the_hold_a_thought_after_a_leading_block_reads_as_it_was_streamed() {
        let long = "the container list is long, ".repeat(90);
        for text in [
            format!("<think>Check.</think>\nThought: {long}\nFinal Answer: Two run."),
            format!("<think>Check.</think>\n\nThought: weigh.\n{long}\nFinal Answer: Two run."),
        ] {
            assert!(text.find("Final Answer").unwrap() > MAX_HELD_THOUGHT_BYTES);
            let Leading::Answer { reasoning, at } = leading(&text) else {
                panic!("decided past the hold: {text}");
            };
            let read = split(&text);
            assert_eq!(read.rest, text[at..].trim(), "{text}");
            assert!(read.reasoning.starts_with(&reasoning), "{text}");
        }
    }

    #[test]
    fn a_cut_leaves_no_opener_or_label_dangling() {
        for (text, own) in [
            ("I will check.\nAction: ```json\n", "I will check."),
            ("I will check.\n**Action:** ```json", "I will check."),
            ("Sure.\n```\n", "Sure."),
            ("Sure.\n~~~\n", "Sure."),
            ("~~~\nx\n~~~", "~~~\nx\n~~~"),
            ("All up.\nThought:<bot_end>\n", "All up."),
            ("All up.\nThought: <bot_end>", "All up."),
            ("All up.<|im_end|>\nAction:\nAction Input:", "All up."),
            // Words before the opener are the model's; a closed fence stays.
            ("Run this: ```", "Run this:"),
            ("```json\n[]\n```", "```json\n[]\n```"),
            ("Here are the results:", "Here are the results:"),
            // Phi's end token printed bare where the model's turn ended.
            ("All up.|end|\n\n", "All up."),
            ("All up.\n<|end|\n", "All up."),
            ("All up.\nend\n\n", "All up."),
            ("All up.END", "All up."),
            // The word in a sentence stays, as do other bars.
            ("We reached the end", "We reached the end"),
            ("| a | b |end|", "| a | b |end|"),
        ] {
            assert_eq!(before_cut(text), own, "{text:?}");
        }
        // A turn after an end token: the opener before it goes with it.
        assert_eq!(
            before_turn_end(
                "Checking.\nAction: ```json\n<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|USER_TOKEN|>hi"
            ),
            "Checking."
        );
    }

    #[test]
    fn thought_lines_outside_react_are_reasoning() {
        for (text, thought, rest) in [
            (
                "Call: docker_ps(all=True)<bot_end>\nThought: lists every container",
                "lists every container",
                "Call: docker_ps(all=True)<bot_end>",
            ),
            (
                "Thought: I need the logs.\nCall: docker_logs(container='web')",
                "I need the logs.",
                "Call: docker_logs(container='web')",
            ),
            ("**Thought:** greeting.\nHello!", "greeting.", "Hello!"),
            ("Two run.\nThought: names only.", "names only.", "Two run."),
            // The model's own label after its thought opens its turn: the label goes.
            ("Thought: checking\nAssistant: ok", "checking", "ok"),
            (
                "Thought: checking\n\n**AI:** Two run.",
                "checking",
                "Two run.",
            ),
            (
                "Thought: checking\nAssistant:\nTwo run.",
                "checking",
                "Two run.",
            ),
            (
                "Thought: checking\nassistant\nTwo run.",
                "checking",
                "Two run.",
            ),
        ] {
            let split = split(text);
            assert_eq!(
                (split.reasoning.as_str(), split.rest.as_str()),
                (thought, rest),
                "{text}"
            );
        }
        for text in [
            "Thought: I cannot tell which container.",
            "Thought: I need the list.\nAction: docker_ps\nAction Input: {}",
            "My thought: restart it.",
            "```\nThought: a comment in code\n```\nDone.",
            "Thought: I need the logs.\n```json\n{\"action\": \"docker_logs\"}\n```",
            "Notes:\n  Thought: indented data",
        ] {
            assert_eq!(split(text).reasoning, "", "{text}");
            assert_eq!(split(text).rest, text, "{text}");
        }
    }

    #[test]
    fn gpt_oss_analysis_with_its_tokens_stripped_is_reasoning() {
        for (text, rest) in [
            ("analysisweigh itassistantfinalThe answer.", "The answer."),
            ("analysisWeigh itassistantfinalThe answer.", "The answer."),
            (
                "analysisWeigh itassistantcommentary to=functions.docker_ps json{}",
                "commentary to=functions.docker_ps json{}",
            ),
            (
                "analysis\nWeigh it assistant commentary to=functions.docker_ps json{}",
                "commentary to=functions.docker_ps json{}",
            ),
        ] {
            let split = split(text);
            assert_eq!(split.rest, rest, "{text}");
            assert_eq!(split.reasoning.to_lowercase(), "weigh it", "{text}");
        }
        for text in [
            "analysis of the logs: all fine.",
            "analysisWeigh it, no end.",
            "The analysisWeigh itassistantfinal x",
        ] {
            assert_eq!(split(text).rest, text, "{text}");
            assert_eq!(split(text).reasoning, "", "{text}");
        }
    }

    #[test]
    fn streaming_holds_a_stripped_analysis_until_it_ends() {
        for text in ["anal", "analysis", "analysisThe user", "analysis\nThe user"] {
            assert_eq!(leading(text), Leading::Pending, "{text:?}");
        }
        assert_eq!(
            leading("analysisThe user says hi.assistantfinalHel"),
            Leading::Answer {
                reasoning: "The user says hi.".to_owned(),
                at: 39
            }
        );
        for text in ["analysis of it", "analyze", "All fine"] {
            assert!(
                matches!(leading(text), Leading::Answer { at: 0, .. }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_call_opening_a_line_in_a_block_never_closed_ends_the_thought() {
        for (text, thought, rest) in [
            (
                "<think>\nList them.\n<tool_call>\n{}\n</tool_call>",
                "List them.",
                "<tool_call>\n{}\n</tool_call>",
            ),
            (
                "<think>List them.\n  <function=docker_ps>{}</function>",
                "List them.",
                "<function=docker_ps>{}</function>",
            ),
            (
                "<think>List them.\n[TOOL_CALLS][]",
                "List them.",
                "[TOOL_CALLS][]",
            ),
            (
                "<think>Maybe <tool_call> later.\nStill weighing",
                "Maybe <tool_call> later.\nStill weighing",
                "",
            ),
            (
                "<think>Weigh.\n</tool_call>\n<|im_end|>\n<name>x</name>",
                "Weigh.\n</tool_call>\n<|im_end|>\n<name>x</name>",
                "",
            ),
        ] {
            let split = split(text);
            assert_eq!(split.reasoning, thought, "{text}");
            assert_eq!(split.rest, rest, "{text}");
        }
        assert_eq!(
            split("<think>x\n</think>\n<tool_call>{}</tool_call>").reasoning,
            "x",
            "a closed block ends where it closes"
        );
    }

    #[test]
    fn an_answer_after_a_plain_label_is_known_as_such() {
        for text in [
            "Assistant: All fine.",
            "**ASSISTANT:** All fine.",
            "### Response:\nAll fine.",
            "<think>a</think>\nassistant\n\nAll fine.",
            "<think>a</think>Assistant: All fine.",
        ] {
            let Leading::Answer { at, .. } = leading(text) else {
                panic!("{text}: the answer started");
            };
            assert!(after_plain_label(text, at), "{text}");
        }
        for text in [
            "All fine.",
            "<think>a</think>\nAll fine.",
            "Assistants help.",
        ] {
            let Leading::Answer { at, .. } = leading(text) else {
                panic!("{text}: the answer started");
            };
            assert!(!after_plain_label(text, at), "{text}");
        }
        assert!(!after_plain_label("abc", 10), "past the end");
    }
}
