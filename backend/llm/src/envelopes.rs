//! The envelopes models wrap tool calls in when they write them as text, in native mode too:
//!
//! - XML-style tags around JSON: `<tool_call>{...}</tool_call>` (Hermes, Qwen), `<tools>`,
//!   `<function_call>`, `<|tool_call|>[...]` (Granite), `<|python_tag|>{...}` (Llama 3.1),
//!   `[TOOL_CALLS] [...]` (Mistral), `[TOOL_REQUEST]...[END_TOOL_REQUEST]` (LM Studio's prompt
//!   for models without a tool template), `functools[...]`: any marker whose name speaks of tools or
//!   functions, and any `<|special|>` token. The JSON inside is found by the JSON scan; the
//!   markers left around it are removed.
//! - `<function=NAME>{...}</function>` (Llama 3.1's custom format) and
//!   `<function=NAME><parameter=KEY>VALUE</parameter>...</function>` (Qwen3-Coder), where the name
//!   is in the tag.
//! - HTML-escaped JSON (`{&#34;tool&#34;: ...}`): chat templates that autoescape the prompt teach
//!   small models to answer in kind.

use serde_json::Value;

use crate::ToolCall;
use crate::tagged::{Arguments, Marked};

/// Decodes the HTML entities a template may have taught the model, when the text has any.
pub fn unescape_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for (entity, plain) in [
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        out = out.replace(entity, plain);
    }
    std::borrow::Cow::Owned(out)
}

/// Calls written as `<function=NAME>BODY</function>`, and the text without them.
pub(crate) fn function_tags(text: &str) -> (Vec<Marked>, String) {
    const OPEN: &str = "<function=";
    // Llama 3.1 closes the tag with a second opener (`<function=NAME>{...}<function>`) about as
    // often as with `</function>`.
    const CLOSERS: &[&str] = &["</function>", "<function>"];
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(name_end) = after.find('>') else {
            break;
        };
        let name = after[..name_end].trim().trim_matches(['"', '\'']);
        let body_and_rest = &after[name_end + 1..];
        let close = CLOSERS
            .iter()
            .filter_map(|closer| body_and_rest.find(closer).map(|at| (at, closer.len())))
            // The next call's opener ends this one, left for the next round.
            .chain(body_and_rest.find(OPEN).map(|at| (at, 0)))
            .min();
        let (body, remainder) = match close {
            Some((end, len)) => (&body_and_rest[..end], &body_and_rest[end + len..]),
            // A model that stops before closing the tag still meant the call: its JSON
            // object, and the words after it are the answer's; else all that follows.
            None => match json_object_len(body_and_rest) {
                Some(end) => (&body_and_rest[..end], &body_and_rest[end..]),
                None => (body_and_rest, ""),
            },
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            kept.push_str(&rest[..start + OPEN.len()]);
            rest = after;
            continue;
        }
        kept.push_str(&rest[..start]);
        calls.push(function_body(name, body));
        rest = remainder;
    }
    kept.push_str(rest);
    (calls, kept)
}

/// The length of the JSON object that starts `text` (blanks before it included), when one does
/// and it is whole; None otherwise.
fn json_object_len(text: &str) -> Option<usize> {
    let blanks = text.len() - text.trim_start().len();
    let mut values = serde_json::Deserializer::from_str(&text[blanks..]).into_iter::<Value>();
    match values.next() {
        Some(Ok(Value::Object(_))) => Some(blanks + values.byte_offset()),
        _ => None,
    }
}

/// The call inside a `<function=NAME>` tag: a JSON object, or `<parameter=KEY>VALUE` pairs.
fn function_body(name: &str, body: &str) -> Marked {
    let trimmed = body.trim();
    // The object encoded as a JSON string once too often (`"{\"all\": true}"`) is the object.
    let encoded = trimmed.starts_with('"')
        && crate::calls::decode_arguments(&Value::String(trimmed.to_owned())).is_object();
    if trimmed.starts_with('{') || encoded {
        return Marked {
            call: ToolCall {
                id: crate::calls::fresh_id(),
                name: name.to_owned(),
                arguments: crate::calls::decode_arguments(&Value::String(trimmed.to_owned())),
            },
            texts: Vec::new(),
        };
    }
    const OPEN: &str = "<parameter=";
    const CLOSE: &str = "</parameter>";
    let mut arguments = Arguments::default();
    let mut rest = trimmed;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(key_end) = after.find('>') else {
            break;
        };
        let key = after[..key_end].trim().trim_matches(['"', '\'']);
        let value_and_rest = &after[key_end + 1..];
        let Some(end) = value_and_rest.find(CLOSE) else {
            // Cut off inside a value (a `max_tokens` stop): nothing is guessed. The text goes
            // back as the call's arguments, which earns the model a correction.
            return crate::tagged::cut_off(name, trimmed);
        };
        let (value, remainder) = (&value_and_rest[..end], &value_and_rest[end + CLOSE.len()..]);
        // Values are written bare: `true`, `5`, `"x"` or plain text.
        if !key.is_empty() {
            arguments.insert_text(key, value);
        }
        rest = remainder;
    }
    if arguments.is_empty() && !trimmed.is_empty() {
        return Marked {
            call: ToolCall {
                id: crate::calls::fresh_id(),
                name: name.to_owned(),
                arguments: Value::String(trimmed.to_owned()),
            },
            texts: Vec::new(),
        };
    }
    arguments.call(name)
}

/// Removes the markers that wrapped calls once the calls are out: tags whose name mentions tools
/// or functions (`<tool_call>`, `</tools>`, `<|tool_call|>`, `<|python_tag|>`), Mistral's
/// `[TOOL_CALLS]` and `functools`.
pub fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['<', '[', 'f']) {
        let candidate = &rest[start..];
        let marker_len = marker_at(candidate).or_else(|| call_id_at(candidate));
        out.push_str(&rest[..start]);
        match marker_len {
            Some(len) => rest = &candidate[len..],
            None => {
                let step = candidate.chars().next().map_or(1, char::len_utf8);
                out.push_str(&candidate[..step]);
                rest = &candidate[step..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of Mistral's `[CALL_ID]` token and the id after it, or of its `[ARGS]` token, at
/// the start of `text`: parts of a call's envelope, left over where the calls were read from a
/// list (`[TOOL_CALLS] [...][CALL_ID]a1b2c3d4e`).
fn call_id_at(text: &str) -> Option<usize> {
    if text.starts_with("[ARGS]") {
        return Some("[ARGS]".len());
    }
    let id = text.strip_prefix("[CALL_ID]")?;
    let len = id
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-')))
        .unwrap_or(id.len());
    Some("[CALL_ID]".len() + len)
}

/// Whether `before` (the text before a JSON value) ends with an envelope marker: the value is
/// inside `<tool_call>`, `[TOOL_CALLS]`, `<|python_tag|>` or kin, so it was meant as a call.
pub fn ends_with_marker(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.ends_with("functools") {
        return true;
    }
    trimmed
        .rfind(['<', '['])
        .is_some_and(|at| marker_at(&trimmed[at..]) == Some(trimmed.len() - at))
}

/// Where the model goes on to write the tools' results itself (`<tool_response>` of Hermes and
/// Qwen, Mistral's `[TOOL_RESULTS]`, Llama's `ipython` turn, Gemma's `tool` turn, ReAct's
/// `Observation:`), or goes on with another role's turn (the user's next message,
/// [`crate::roles::other_turn`]): the real results come from the tools, the user speaks for
/// themself, so the text ends there.
pub fn invented_results(text: &str) -> Option<usize> {
    const STARTS: &[&str] = &[
        "<tool_response>",
        "<|tool_response|>",
        "<tool_result>",
        "<tool_results>",
        "[TOOL_RESULTS]",
        // Command R's and R7B's tool results.
        "<|START_TOOL_RESULT|>",
        "<|start_header_id|>ipython",
        "<start_of_turn>tool",
        "<|im_start|>tool",
        "<|start_of_role|>tool",
        "<|header_start|>ipython",
        "<|header_start|>tool",
        "[|tool|]",
        "<start_function_response>",
        "<|tool_response>",
        // DeepSeek's tool outputs, with full-width bars or ASCII ones.
        "<｜tool▁outputs▁begin｜>",
        "<｜tool▁output▁begin｜>",
        "<|tool▁outputs▁begin|>",
        "<|tool▁output▁begin|>",
    ];
    STARTS
        .iter()
        .filter_map(|s| text.find(s))
        .chain(result_label_line(text))
        // Any other role's turn: the model wrote the user's next message or a tool's result.
        .chain(crate::roles::other_turn(text))
        // The same in plain text, with no label of the assistant's before it.
        .chain(crate::plain_turns::start(text))
        .chain(result_fence(text))
        .chain(result_tag(text, false))
        .chain(harmony_tool_turn(text))
        // NexusRaven's end of the user's turn: the line it ends is the user's words.
        .chain(
            text.find("<human_end>")
                .map(|at| text[..at].rfind('\n').map_or(0, |line| line + 1)),
        )
        .min()
}

/// Where a line opening with a ReAct result's label (`Observation:`, `Function Output:`) starts,
/// outside a code fence: the fence's line quotes an exchange (an agent's log, a format shown),
/// and cutting there would leave the fence open in the answer. At the text's start, 0; else
/// the line break before it. Inside a fence that opens after an `Action:` line of the text's
/// own (outside any fence), the label is the result of that action the model made up, fenced
/// as it imagines the tool printing it: the cut is at the fence's opening line.
fn result_label_line(text: &str) -> Option<usize> {
    result_label_line_where(text, true)
}

/// Where a fence holding a ReAct result's label opens after an `Action:` line outside any
/// fence ([`result_label_line`]'s fenced kind alone): looked for before shown fences are masked,
/// so a result fenced as shown text (` ```text`, ` ```output`) is seen too.
pub(crate) fn fenced_result_after_action(text: &str) -> Option<usize> {
    result_label_line_where(text, false)
}

/// [`result_label_line`], the labels outside fences counted only where `unfenced` says so.
fn result_label_line_where(text: &str, unfenced: bool) -> Option<usize> {
    const LABELS: &[&str] = &["Observation:", "Function Output:"];
    // Where the open fence's line starts, when one is open.
    let mut fence: Option<usize> = None;
    let mut acted = false;
    let mut start: usize = 0;
    for line in text.split_inclusive('\n') {
        let labelled = LABELS.iter().any(|label| line.starts_with(label));
        if line.trim_start().starts_with("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(start),
            };
        } else if let Some(opened) = fence {
            if acted && labelled {
                return Some(opened.saturating_sub(1));
            }
        } else if labelled && unfenced {
            return Some(start.saturating_sub(1));
        } else if crate::reasoning::react_label(line, "Action").is_some() {
            acted = true;
        }
        start += line.len();
    }
    None
}

/// Where gpt-oss's header of a tool's message to the assistant (`functions.NAME
/// to=assistant`) starts with its `<|start|>` token stripped: at a line's start, right after a
/// token (`<|call|>functions.docker_ps to=assistant<|channel|>...`) or glued to the call's
/// object, its tokens all stripped (`{"all": true}functions.docker_ps to=assistantcommentary`).
/// The tool's result the model made up.
fn harmony_tool_turn(text: &str) -> Option<usize> {
    text.match_indices(" to=assistant")
        .take(4096)
        .find_map(|(at, _)| {
            let before = &text[..at];
            let name = before
                .bytes()
                .rev()
                .take(MAX_RESULT_TAG * 4)
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                .count();
            let start = at - name;
            let recipient = &text[start..at];
            let rest = recipient.strip_prefix("functions.")?;
            let placed = text[..start]
                .trim_end_matches([' ', '\t'])
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '\n' | '>' | '}'));
            (!rest.is_empty() && placed).then_some(start)
        })
}

/// Words that name what a tool sends back, ending a result tag's name (`<tool_response>`,
/// `<function_results>`, `<observation>`).
const RESULT_WORDS: &[&str] = &[
    "response",
    "responses",
    "result",
    "results",
    "output",
    "outputs",
    "observation",
    "observations",
    "return",
];

/// Words that name a call's maker before a result word (`tool`, `function`, `tool_call`).
const CALLER_WORDS: &[&str] = &[
    "tool",
    "tools",
    "function",
    "functions",
    "call",
    "api",
    "action",
];

/// The longest result tag's name read.
const MAX_RESULT_TAG: usize = 40;

/// Where a tag that holds a tool's result opens in `text`, read as a kind: a name of words
/// joined by `_` or `-`, the last a result word ([`RESULT_WORDS`]) and the others a caller's
/// ([`CALLER_WORDS`]): `<tool_response>`, `<function_response>`, `<tool_call_response>`,
/// `<tool_output>`, `<function_results>` at a line's start or right after a call's end, blanks
/// inside its brackets (`< tool_response >`), in square ones (`[tool_response]`) or its closing
/// bracket dropped right after a call (`<tool_response` ending its line); a bare
/// result word (`<observation>`, `<output>`) only right after a call's end (`}`, `]`, `)` or a
/// closing tag), and GLM's `<|observation|>` with its brackets and bars stripped glued to the
/// call's object, ending its line (`{...}observation`). A result tag after the answer's words
/// is its own.
fn result_tag(text: &str, start_after_call: bool) -> Option<usize> {
    let after_call = |at: usize| {
        let before = text[..at].trim_end();
        before.ends_with(['}', ']', ')', '>']) || (start_after_call && before.is_empty())
    };
    for (at, open) in text.match_indices(['<', '[']).take(4096) {
        let rest = &text[at + 1..];
        // Its closing bracket (`>`, or `]` after `[`: `[tool_response]`), or the line's end
        // where the model dropped it (`<tool_response` then the result).
        let closer = if open == "<" { '>' } else { ']' };
        let head = rest.get(..MAX_RESULT_TAG.min(rest.len())).unwrap_or(rest);
        let Some(close) = head.find([closer, '\n']) else {
            continue;
        };
        if head[close..].starts_with('\n') && (open != "<" || !after_call(at)) {
            continue;
        }
        // A Markdown link's text (`[tool_output](...)`) is no tag.
        if open == "[" && rest[close + 1..].starts_with('(') {
            continue;
        }
        // A special token's bars inside its brackets (`<|tool_output|>`) name it the same, and
        // blanks inside them (`< tool_response >`) leave it the same.
        let name = rest[..close].trim().to_ascii_lowercase();
        let name = name
            .strip_prefix('|')
            .and_then(|name| name.strip_suffix('|'))
            .map_or(name.as_str(), str::trim);
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || matches!(c, '_' | '-'))
        {
            continue;
        }
        let words: Vec<&str> = name.split(['_', '-']).collect();
        let Some((last, callers)) = words.split_last() else {
            continue;
        };
        if !RESULT_WORDS.contains(last) || !callers.iter().all(|word| CALLER_WORDS.contains(word)) {
            continue;
        }
        let line_start = text[..at].trim_end_matches([' ', '\t']);
        let placed = if callers.is_empty() {
            after_call(at)
        } else {
            line_start.is_empty() || line_start.ends_with('\n') || after_call(at)
        };
        if placed {
            return Some(at);
        }
    }
    // The same token printed with its brackets stripped, opening a line right after a call:
    // alone on it (`tool_response`), or its bars kept before the result (`|tool_response|[]`).
    let mut at = 0;
    for line in text.split_inclusive('\n').take(4096) {
        let start = at;
        at += line.len();
        if stripped_result_token(line.trim()) && after_call(start) {
            return Some(start);
        }
    }
    // The token with its bars kept glued to the call's end (`...}]|tool_response|[]`).
    let glued = text
        .match_indices('|')
        .take(4096)
        .map(|(at, _)| at)
        .find(|&at| {
            text[..at].ends_with(['}', ']', ')', '>'])
                && text[at + 1..].find('|').is_some_and(|close| {
                    close > 0
                        && close <= MAX_RESULT_TAG
                        && stripped_result_token(&text[at..at + close + 2])
                })
        });
    if glued.is_some() {
        return glued;
    }
    // GLM's `<|observation|>` printed with its brackets and bars stripped, glued to the call.
    text.match_indices("}observation")
        .take(4096)
        .map(|(at, _)| at + 1)
        .find(|&at| {
            let after = &text[at + "observation".len()..];
            after.is_empty() || after.starts_with(['\n', '\r'])
        })
}

/// Whether `body` (a line, trimmed) opens with a result token ([`RESULT_WORDS`] after
/// [`CALLER_WORDS`]) whose brackets were stripped: alone on it (`tool_response`), or its bars
/// kept, closing bar at least (`|tool_response|[]`, `tool_result|[]`), or its closing bracket
/// (`tool_response>`).
fn stripped_result_token(body: &str) -> bool {
    let (body, open) = match body.strip_prefix('|') {
        Some(rest) => (rest, true),
        None => (body, false),
    };
    let len = body
        .find(|c: char| !(c.is_ascii_alphabetic() || matches!(c, '_' | '-')))
        .unwrap_or(body.len());
    if len == 0 || len > MAX_RESULT_TAG {
        return false;
    }
    let name = body[..len].to_ascii_lowercase();
    let words: Vec<&str> = name.split(['_', '-']).collect();
    let Some((last, callers)) = words.split_last() else {
        return false;
    };
    // Its closing bar, or its closing bracket with its opening one stripped (`tool_response>`).
    let closed = body[len..].starts_with(['|', '>']);
    (closed || (!open && body.len() == len))
        && !callers.is_empty()
        && RESULT_WORDS.contains(last)
        && callers.iter().all(|word| CALLER_WORDS.contains(word))
}

/// Labels of the fence a runtime puts a tool's result in (Gemma's ```` ```tool_output ````).
const RESULT_FENCES: &[&str] = &[
    "tool_output",
    "tool_outputs",
    "tool_result",
    "tool_results",
    "tool_response",
];

/// Where a fence labelled as a tool's result ([`RESULT_FENCES`], in any case) opens a line
/// right after a fence closed (the call's ```` ```tool_code ````), a call's end (`}`, `]`,
/// `>`, `)`: `</tool_call>`, `[TOOL_CALLS] [...]`, a list of Python calls) or at the text's
/// start: the result the model makes up for its call. A result fence after words is the answer's quote.
fn result_fence(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(label) = line.trim().strip_prefix("```") else {
            continue;
        };
        if !RESULT_FENCES
            .iter()
            .any(|fence| label.trim().eq_ignore_ascii_case(fence))
        {
            continue;
        }
        let before = text[..start].trim_end();
        if before.is_empty() || before.ends_with("```") || before.ends_with(['}', ']', '>', ')']) {
            return Some(start);
        }
    }
    None
}

/// The model's own words beside its native calls: `text` without its reasoning blocks and
/// special tokens ([`crate::reasoning::split`]), cut where it goes on to write a result or
/// another role's turn ([`invented_results`]: `Checking.\n<|im_start|>tool_response\n[]`),
/// which is none of its words, as when calls are read from the text.
pub fn beside_native_calls(text: &str) -> String {
    let rest = crate::reasoning::split(text).rest;
    // The server took the call out of the text, so its start follows the call: a result token
    // opening it (`|tool_response|[]`, `<|tool_output|>`) is the result the model made up.
    let own = match invented_results(&rest)
        .into_iter()
        .chain(result_tag(&rest, true))
        .min()
    {
        Some(at) => crate::reasoning::before_cut(&rest[..at]),
        None => rest.as_str(),
    };
    own.trim().to_owned()
}

/// Roles that speak for a person: a turn of theirs the model writes shows it writing a whole
/// conversation, not its own turn.
const SPEAKING_ROLES: &[&str] = &[
    "user",
    "prompter",
    "human",
    "system",
    "developer",
    "instruction",
    "[inst]",
    "[system_prompt]",
];

/// Where native calls that came after `before` (the text the model wrote before them; all of
/// its text where the server does not tell the order, as servers put the text before the
/// calls) belong to a conversation the model made up: `before` opens a turn of the user's or
/// the system's ([`invented_results`] read with a call after the text: `User: show
/// containers`, `### Instruction:`, `<|im_start|>user`, `[INST]`), so the calls are the
/// made-up assistant's in it and never run. Returns the model's own text before that turn (its
/// answer, reasoning blocks taken out), or None. A result the model made up
/// (`<tool_response>`, `Observation:`) is no such turn: servers keep it beside the call it
/// imagines answering.
pub fn made_up_conversation(before: &str) -> Option<String> {
    let split = crate::reasoning::split(before);
    let own = split.rest.trim_end();
    if let Some(at) = speaking_turn(own) {
        let own = crate::reasoning::without_end_tokens(&own[..at]).trim();
        return Some(crate::reasoning::without_bare_end(own).trim().to_owned());
    }
    // After the model's own label (`Assistant: ok\nUser: thanks\nAssistant:`), reading the
    // answer already cut the made-up turn and took the label out: read the text as written,
    // but for its reasoning blocks, whose words are no turn (`<think>...</think>Assistant:`).
    let written = crate::reasoning::without_blocks(before);
    let written = written.trim_end();
    // The model ended its turn and wrote on (`Two run.<|end_of_text|>User: thanks`): what
    // follows the token, the calls with it, is a turn it made up.
    let ended = crate::reasoning::before_turn_end(written).len();
    let at = speaking_turn(written).or((ended < written.len()).then_some(ended))?;
    // A result or turn the model made up before the end token is no part of its text.
    let at = invented_results(&written[..at]).map_or(at, |cut| cut.min(at));
    let own = crate::reasoning::split(&written[..at]).rest;
    Some(
        crate::reasoning::without_bare_end(own.trim())
            .trim()
            .to_owned(),
    )
}

/// The call [`speaking_turn`] imagines after a text beside native calls: those calls, in the
/// text's place.
pub(crate) const CALL_PROBE: &str = "\n<tool_call>";

/// Where a turn of a speaking role ([`SPEAKING_ROLES`]) that `own` makes up starts, were a
/// call to follow it.
fn speaking_turn(own: &str) -> Option<usize> {
    let probe = format!("{own}{CALL_PROBE}");
    let at = invented_results(&probe).filter(|at| *at < own.len())?;
    // The turn's own marker, past an end marker stripped bare before it (`|end|`, `end`),
    // which the cut takes with the turn.
    let role_at = at + bare_end_len(&probe[at..]);
    let line = probe[role_at..].split('\n').next().unwrap_or_default();
    // The label before its colon; a colon inside a token (`<seed:bos>user`) is the token's.
    let mut depth = 0usize;
    let colon = line.char_indices().find_map(|(i, c)| {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
        None
    });
    let label = line[..colon.unwrap_or(line.len())].to_lowercase();
    // A header of a role no list names (`<|start_of_role|>reviewer<|end_of_role|>`,
    // `<|im_start|>critic`) is another speaker's turn too, as the text is cut there; only a
    // role that names a result (`tool_response`, `functions.docker_ps`) answers a call.
    let unlisted_speaker = crate::roles::other_turn(own) == Some(at)
        && crate::roles::turn_role(&own[role_at.min(own.len())..])
            .is_some_and(|role| !names_result(&role));
    // Mistral's `[INST]` with its brackets stripped, in its own upper case (`INST thanks /INST`).
    let bare_inst = line
        .strip_prefix("INST")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    (SPEAKING_ROLES.iter().any(|role| label.contains(role))
        || bare_inst
        || unlisted_speaker
        || crate::plain_turns::names_other_speaker(line))
    .then_some(at)
}

/// The length of an end marker stripped bare at the start of `text` (Phi's `|end|`, or `end`
/// in one case, Mistral's `/s`), with the blanks and line breaks after it; 0 when there is
/// none.
fn bare_end_len(text: &str) -> usize {
    let marker = ["|end|", "|END|"]
        .iter()
        .find(|token| text.starts_with(*token))
        .map(|token| token.len())
        .or_else(|| {
            ["end", "END", "/s"]
                .iter()
                .find(|word| {
                    text.strip_prefix(*word)
                        .is_some_and(|after| after.starts_with([' ', '\t', '\n', '\r']))
                })
                .map(|word| word.len())
        });
    marker.map_or(0, |len| {
        let after = &text[len..];
        len + after.len() - after.trim_start().len()
    })
}

/// Whether a role's word names a tool's result rather than a speaker (`tool`, `ipython`,
/// `tool_response`, `functions.docker_ps`, `observation`).
fn names_result(role: &str) -> bool {
    [
        "tool",
        "function",
        "ipython",
        "observation",
        "result",
        "response",
        "output",
    ]
    .iter()
    .any(|word| role.contains(word))
}

/// The length of a bracketed marker naming tools or functions at the start of `text`: Mistral's
/// `[TOOL_CALLS]`, LM Studio's `[TOOL_REQUEST]`/`[END_TOOL_REQUEST]`. Upper case, `_` and `/`
/// only, so `[Tool calls]` in prose is not one.
fn bracket_marker(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('[')?;
    let end = inner.find(']')?;
    let name = &inner[..end];
    let shaped = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, '_' | '/'));
    (shaped && (name.contains("TOOL") || name.contains("FUNCTION"))).then_some(end + 2)
}

/// Whether a call's envelope opens at the start of `text`: Llama's `<function=NAME>`, or a
/// marker ([`marker_at`]) that is no closing tag and names tools, functions, a Python call or an
/// action (`<tool_call>`, `[TOOL_CALLS]`, `<|python_tag|>`, `<｜tool▁calls▁begin｜>`, InternLM's
/// `<|action_start|>`). Not `<name>` or `<arguments>`, which hold a call's parts, nor any other
/// special token (`<|im_end|>`).
pub fn opens_call(text: &str) -> bool {
    if text.starts_with("<function=") {
        return true;
    }
    let Some(len) = marker_at(text) else {
        return false;
    };
    let marker = text[..len].to_ascii_lowercase();
    !marker.starts_with("</")
        && !marker.starts_with("[end")
        && ["tool", "function", "python", "action"]
            .iter()
            .any(|word| marker.contains(word))
}

/// The length of an envelope marker at the start of `text`, if there is one.
fn marker_at(text: &str) -> Option<usize> {
    for fixed in ["[TOOL_CALLS]", "functools"] {
        if text.starts_with(fixed) {
            return Some(fixed.len());
        }
    }
    if let Some(len) = bracket_marker(text) {
        return Some(len);
    }
    let inner = text.strip_prefix('<')?;
    // A closing tag the text ends in before its `>` (`</tool_call`): the rest of the envelope.
    let Some(end) = inner.find('>') else {
        let name = inner.trim_end();
        let cut_closer = name.starts_with('/')
            && name.len() <= 40
            && name[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '|'));
        let bare = name.trim_start_matches('/').to_ascii_lowercase();
        return (cut_closer && (bare.contains("tool") || bare.contains("function")))
            .then_some(text.len());
    };
    // Blanks a model put inside the brackets (`< tool_call >`, `</ tool_call >`) are no part
    // of the name.
    let name = inner[..end].trim();
    let name = match name.strip_prefix('/') {
        Some(rest) if rest.starts_with(' ') => rest.trim_start(),
        _ => name,
    };
    // A tag name: short, one word, no attributes or JSON inside.
    if name.is_empty() || name.len() > 40 || name.contains([' ', '\n', '{', '"', '=', '<']) {
        return None;
    }
    // `<|...|>` is a template's special token (`<|python_tag|>`, `<|eom_id|>`), never prose.
    // DeepSeek writes them with full-width bars: `<｜tool▁sep｜>`.
    let special = (name.len() > 2 && name.starts_with('|') && name.ends_with('|'))
        || (name.starts_with('｜') && name.ends_with('｜'));
    let bare = name
        .trim_start_matches('/')
        .trim_matches(['|', '｜'])
        .to_ascii_lowercase();
    // `<name>`/`<arguments>` hold a call's parts inside `<tool_call>`.
    let speaks_of_calls = bare.contains("tool")
        || bare.contains("function")
        || matches!(bare.as_str(), "name" | "arguments");
    (special || speaks_of_calls).then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn gpt_oss_tool_message_header_with_its_start_stripped_is_a_result_made_up() {
        for (text, at) in [
            (
                "<|call|>functions.docker_ps to=assistant<|channel|>commentary<|message|>{}",
                8,
            ),
            (
                "json{\"all\": true}functions.docker_ps to=assistantcommentary{}",
                17,
            ),
            ("Done.\nfunctions.docker_ps to=assistant\n{}", 6),
            (
                "Done.\nUser Query: and the disk?<human_end>\nCall: disk_usage()",
                6,
            ),
        ] {
            assert_eq!(invented_results(text), Some(at), "{text}");
        }
        for text in [
            "Send functions.docker_ps to=assistant headers.",
            "<|call|>docker_ps to=assistant",
        ] {
            assert_eq!(invented_results(text), None, "{text}");
        }
    }

    #[test]
    fn a_result_tag_after_a_call_is_a_result_made_up() {
        let call = "<tool_call>\n{\"name\": \"docker_ps\", \"arguments\": {}}\n</tool_call>\n";
        for tag in [
            "<function_response>",
            "<tool_call_response>",
            "<tool_output>",
            "<function_results>",
            "<observation>",
            "<Tool-Response>",
            "<output>",
            // Blanks inside its brackets, square ones, a bracket dropped at the line's end.
            "< tool_response >",
            "<| tool_output |>",
            "[tool_response]",
            "[TOOL_RESULT]",
            "<tool_response",
        ] {
            let text = format!("{call}{tag}\nweb up\n</x>\n<tool_call>{{}}</tool_call>");
            assert_eq!(invented_results(&text), Some(call.len()), "{text}");
        }
        assert_eq!(
            invented_results("docker_ps\n{\"all\": true}observation\n{}"),
            Some("docker_ps\n{\"all\": true}".len())
        );
        assert_eq!(
            invented_results("Checking.\n<function_results>\n[]"),
            Some(10)
        );
        // Its brackets stripped, opening the line after the call.
        for line in [
            "tool_response",
            "|tool_response|[{}]",
            "Function_Output",
            "|tool_result|",
            "tool_response>",
        ] {
            let text = format!("{call}{line}\nweb up\n<tool_call>{{}}</tool_call>");
            assert_eq!(invented_results(&text), Some(call.len()), "{text}");
        }
        for text in [
            "All up.\n<output>web up</output>",
            "The <observation> tag holds results.",
            "Done. See <result>",
            "<tool_call>{}</tool_call>\n<outputs_dir>",
            "{\"all\": true}observations are kept",
            "All up.\ntool_response\nweb",
            "<tool_call>{}</tool_call>\ntool_response is what comes back",
            "<tool_call>{}</tool_call>\nresponse",
            "The log marks it [tool_output] when done.",
            "All up.\n[tool_output](https://example.com/docs) explains it.",
            "<tool_call>{}</tool_call>\nThe <tool_response will list them.",
        ] {
            assert_eq!(invented_results(text), None, "{text}");
        }
    }

    #[test]
    fn a_result_token_with_its_bars_or_glued_to_the_call_is_a_result_made_up() {
        let call = "<|tool_call|>[{\"name\": \"docker_ps\", \"arguments\": {}}]";
        for token in [
            "<|tool_output|>",
            "<|Function_Response|>",
            "|tool_response|",
            "|tool_result|",
        ] {
            let text = format!("{call}{token}[]\n<|tool_call|>[]");
            assert_eq!(invented_results(&text), Some(call.len()), "{text}");
        }
        // Beside native calls the text starts right after the call the server took out.
        for text in [
            "|tool_response|[{\"web\": \"up\"}]\nAll up.",
            " tool_result|[]",
            "<|tool_output|>{}<|end|>\nAll up.",
            "tool_response\n[]",
        ] {
            assert_eq!(beside_native_calls(text), "", "{text}");
        }
        for text in [
            "Checking; the |tool_response| will list them.",
            "The pipe a|tool_result| b",
            "[1]|tool_results_log| x",
        ] {
            assert_eq!(beside_native_calls(text), text, "{text}");
        }
    }

    #[test]
    fn a_result_fence_right_after_a_call_is_a_result_made_up() {
        let call = "```tool_code\ndocker_ps(all=True)\n```\n";
        for fence in [
            "```tool_output",
            "```TOOL_OUTPUT",
            "``` tool_result",
            "```tool_response",
        ] {
            let text = format!("{call}{fence}\n{{}}\n```\nAll up.");
            assert_eq!(invented_results(&text), Some(call.len()), "{text}");
        }
        assert_eq!(invented_results("```tool_output\n[]\n```"), Some(0));
        // After a call written otherwise, its envelope or brackets ending the line before.
        for call in [
            "<tool_call>{}</tool_call>\n",
            "[TOOL_CALLS] [{}]\n\n",
            "[docker_ps(all=True)]\n",
        ] {
            let text = format!("{call}```tool_output\nup\n```\nAll up.");
            assert_eq!(invented_results(&text), Some(call.len()), "{text}");
        }
        for text in [
            "The last check said:\n```tool_output\nweb up\n```",
            "```tool_code\ndocker_ps()\n```\nIt said:\n```tool_output\nup\n```",
            "```python\nprint(1)\n```\n```tool_outputs_log\n```",
        ] {
            assert_eq!(invented_results(text), None, "{text}");
        }
    }

    #[test]
    fn native_calls_after_a_made_up_turn_of_the_user_s_belong_to_it() {
        for before in [
            "User: show containers",
            "User: show containers\n",
            "Human: which containers run?",
            "### User\nshow containers",
            "<|im_start|>user\nshow containers<|im_end|>\n<|im_start|>assistant\n",
            "[INST] show containers [/INST]",
            "<think>The user wants containers.</think>\nUser: show containers",
        ] {
            assert_eq!(
                made_up_conversation(before).as_deref(),
                Some(""),
                "{before:?}"
            );
        }
        for before in [
            "",
            "Let me check.",
            "<think>User: show containers is what they asked.</think>",
            "Two run.\nUser: admin",
            "<tool_response>[]</tool_response>",
            "The user asked for containers.",
            // A result's header answers a call, as `<tool_response>` does.
            "Two run.\n<|start_of_role|>tool_response<|end_of_role|>[]",
            "Two run.\n<|im_start|>ipython\n[]",
        ] {
            assert_eq!(made_up_conversation(before), None, "{before:?}");
        }
        assert_eq!(
            made_up_conversation("Let me check.\nUser: thanks\nAssistant: ").as_deref(),
            Some("Let me check.")
        );
        // A reasoning block before the model's own label hides no turn after it.
        assert_eq!(
            made_up_conversation("<think>Greet.</think>Assistant: ok\nUser: thanks\nAssistant: ")
                .as_deref(),
            Some("ok")
        );
        // Text after an end-of-turn token is a made-up turn, whatever it says.
        for before in [
            "Two run.<|end_of_text|><|begin_of_text|>User: thanks",
            "Two run.</s>\nAnything else?",
            // A colon inside a token is the token's: Seed-OSS's user turn is a turn.
            "Two run.\n<seed:bos>user\nthanks",
            "Two run.<seed:bos>user\nthanks<seed:eos><seed:bos>assistant\n",
            "Two run.<|start|>functions.docker_ps to=assistant<|channel|>commentary<|message|>[]<|end|>thanks",
            // A header of a role no list names is another speaker's turn.
            "Two run.\n<|start_of_role|>reviewer<|end_of_role|>Looks good.",
            "Two run.\n<|im_start|>critic\nCheck the logs.",
            "Two run.\n<start_of_turn>reviewer\nCheck.",
            // Phi's end token stripped bare before the user's turn, blank lines between: the
            // end goes with the turn.
            "Two run.|end|\n\n|user|\nthanks|end|\n\n|assistant|\n",
            "Two run.\n|end|\n\n<|user|>\nthanks\n|end|\n\nassistant\n",
            "Two run.\nend\n\nuser\nthanks\nend\n\nassistant\n",
            "Two run.\n|end|\nUser: thanks",
            // Mistral's `</s>[INST]` with its brackets stripped, blank lines between too.
            "Two run. /s INST thanks /INST",
            "Two run. /s\n\nINST thanks /INST\n",
            "Two run.\nINST thanks /INST",
        ] {
            assert_eq!(
                made_up_conversation(before).as_deref(),
                Some("Two run."),
                "{before:?}"
            );
        }
        assert_eq!(made_up_conversation("Two run.<|eot_id|>"), None);
        // A word right after a header's token is the answer: the end token after it ends it.
        assert_eq!(
            made_up_conversation("<|assistant|>Yes<|end|>User: thanks").as_deref(),
            Some("Yes")
        );
    }

    #[test]
    fn a_tool_output_the_model_made_up_ends_its_text() {
        for text in [
            "Two run.<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>[]<｜tool▁output▁end｜>",
            "Two run.<｜tool▁output▁begin｜>[]",
            "Two run.<|tool▁outputs▁begin|>[]",
        ] {
            assert_eq!(invented_results(text), Some(8), "{text}");
        }
    }

    #[test]
    fn function_tags_with_json_or_parameters() {
        let (calls, kept) = function_tags(
            "Checking.\n<function=docker_ps>{\"all\": true}</function>\n<function=docker_logs>\n<parameter=container>\nweb\n</parameter>\n<parameter=tail>\n50\n</parameter>\n</function>",
        );
        let got: Vec<(String, Value)> = calls
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        assert_eq!(
            got,
            vec![
                ("docker_ps".to_owned(), json!({"all": true})),
                (
                    "docker_logs".to_owned(),
                    json!({"container": "web", "tail": 50})
                ),
            ]
        );
        assert_eq!(kept.trim(), "Checking.");
        // Never closed: the JSON object is the call, the words after it the answer's; the
        // next call's opener ends the one before.
        for (text, names, rest) in [
            (
                "<function=docker_ps>{\"all\": true}\nDone.",
                vec!["docker_ps"],
                "Done.",
            ),
            (
                "<function=docker_ps>{\"all\": true}<function=disk_usage>{\"path\": \"/\"}",
                vec!["docker_ps", "disk_usage"],
                "",
            ),
        ] {
            let (calls, kept) = function_tags(text);
            let got: Vec<&str> = calls.iter().map(|m| m.call.name.as_str()).collect();
            assert_eq!(got, names, "{text}");
            assert!(calls.iter().all(|m| m.call.arguments.is_object()), "{text}");
            assert_eq!(kept.trim(), rest, "{text}");
        }
    }

    #[test]
    fn a_value_cut_off_is_not_guessed() {
        let (calls, kept) = function_tags(
            "<tool_call>\n<function=run_command>\n<parameter=command>\nrm -rf /tmp/fo",
        );
        let got: Vec<(String, Value)> = calls
            .into_iter()
            .map(|m| (m.call.name, m.call.arguments))
            .collect();
        assert_eq!(
            got,
            vec![(
                "run_command".to_owned(),
                json!("<parameter=command>\nrm -rf /tmp/fo")
            )]
        );
        assert_eq!(kept.trim(), "<tool_call>");
    }

    #[test]
    fn markers_are_removed_and_prose_is_kept() {
        assert_eq!(
            strip_markers(
                "<tool_call>\n</tool_call> [TOOL_CALLS] <|python_tag|> <|tool_call|> fine <b>bold</b> functions [END_TOOL_REQUEST] [Tool] [TOOLS here]"
            ),
            "\n    fine <b>bold</b> functions  [Tool] [TOOLS here]"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            unescape_entities("{&#34;tool&#34;: &quot;x&quot;} &lt;ok&gt; &amp;"),
            "{\"tool\": \"x\"} <ok> &"
        );
    }
}
