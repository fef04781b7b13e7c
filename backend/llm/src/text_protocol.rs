//! The text protocol, for models without native tool calling, and for calls a native-tools model
//! writes into its text anyway. The system prompt asks for `{"tool": "NAME", "arguments": {...}}`;
//! what comes back is messier. This parser accepts:
//!
//! - reasoning blocks (`<think>` and kin, see [`crate::reasoning`]), taken out first: neither the
//!   answer nor a place calls are read from;
//! - the object in a ```json fence or bare, with prose before and after;
//! - the same objects written as YAML in a ```yaml fence ([`crate::yaml_blocks`]);
//! - several calls, as several objects or one array;
//! - `name`/`tool`/`tool_name`/`function`/`action`... for the name and `arguments`/`args`/
//!   `parameters`/`input`/`action_input`... for the arguments, in any case and with or without
//!   `_` ([`fold_key`]), and the OpenAI shape `{"function": {"name", "arguments"}}`;
//! - calls written as markup ([`crate::tagged`]): `<invoke name>` with `<parameter name>`,
//!   GLM's `<arg_key>`/`<arg_value>`, FunctionGemma's `<start_function_call>`;
//! - arguments sent as a JSON string (decoded), as `key=value` pairs the tool's schema settles
//!   ([`settle`]), or as other text (kept, for a correction);
//! - near-JSON (Python literals, single quotes, trailing commas, a missing last brace) inside an
//!   envelope or naming a known tool ([`crate::lenient`]);
//! - the envelopes of [`crate::envelopes`]: `<tool_call>` and kin, `<function=NAME>`,
//!   `[TOOL_CALLS]`, `<|python_tag|>`, HTML-escaped JSON;
//! - a known tool's name written before the arguments object ([`crate::named`]: Mistral's
//!   `[ARGS]`, DeepSeek's `<｜tool▁sep｜>`, Kimi, gpt-oss, `functions.NAME:`...);
//! - Python calls to known tools ([`crate::pythonic`]): `[docker_ps(all=True)]`, Gemma's
//!   `tool_code` fence, LFM2's and Olmo's envelopes;
//! - ReAct lines: `Action: NAME` then `Action Input: {...}`, labels in any case or markdown bold,
//!   the input over several lines or in a fence;
//! - results the model invented (`Observation:`, `<tool_response>`...): everything from there on
//!   is ignored, the real results come from the tools.
//!
//! Names are read as the tool they mean ([`ToolNames::resolve`]: `functions.docker_ps`,
//! `Docker-PS`). Calls read from text get fresh ids, as native calls without one do.

use serde_json::{Map, Value};

use crate::names::ToolNames;
use crate::{
    ToolCall, action_names, call_labels, envelopes, examples, functional_tokens, inline_code,
    lenient, lone_values, named, pythonic, reasoning, tagged, yaml_blocks,
};

/// What the model wrote, split into calls, the prose around them and its reasoning.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub calls: Vec<ToolCall>,
    /// The text without reasoning, call objects, fences and ReAct lines, trimmed.
    pub text: String,
    /// The reasoning blocks' text, trimmed; empty when there were none.
    pub reasoning: String,
}

/// The keys a call object names its tool by, in the order they are looked for. Keys are
/// compared folded ([`fold_key`]): `tool_name`, `toolName` and `ToolName` are one key.
const NAME_KEYS: &[&str] = &[
    "tool",
    "name",
    "toolname",
    "function",
    "functionname",
    "action",
    "recipientname",
    // API-Bank's and ToolAlpaca-style `{"api_name": ..., "parameters": {...}}`.
    "apiname",
    "api",
];
/// The keys a call object holds its arguments under (folded).
const ARGUMENT_KEYS: &[&str] = &[
    "arguments",
    "args",
    "parameters",
    "params",
    "input",
    "actioninput",
    "toolinput",
    "toolargs",
    "toolarguments",
    "functionargs",
    "functionarguments",
    "kwargs",
];
/// Keys that label a call beside its name (folded): `{"type": "function"}`, an id, Cohere's
/// `tool_call_id`.
const LABEL_KEYS: &[&str] = &["type", "id", "toolcallid", "callid", "toolid"];
/// Keys a tool's result is sent back under (folded): the tool message's `role` and
/// `content`, and what a result names its value (`output`, `result`, `response`, `stdout`).
const RESULT_KEYS: &[&str] = &[
    "role",
    "content",
    "output",
    "outputs",
    "result",
    "results",
    "response",
    "observation",
    "stdout",
    "stderr",
    "returncode",
    "exitcode",
    "error",
];
/// Keys a model adds beside a known tool's call to explain it.
const COMMENTARY_KEYS: &[&str] = &[
    "reason",
    "thought",
    "explanation",
    "description",
    "type",
    "id",
];
/// Keys a model copying an API's shape wraps its calls in (folded): OpenAI's `tool_calls` and
/// `function_call`, its `multi_tool_use` `tool_uses`, Gemini's `functionCall`, AutoGPT's
/// `command` (beside its `thoughts`).
const WRAPPER_KEYS: &[&str] = &[
    "command",
    "toolcalls",
    "calls",
    "toolcall",
    "functioncall",
    "functioncalls",
    "tooluses",
    "tooluse",
];

/// A key as compared: lower case, without `_` and `-`, so each spelling models use matches.
fn fold_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_key(key: &str, keys: &[&str]) -> bool {
    keys.contains(&fold_key(key).as_str())
}

/// Info strings of code fences, never tool names.
const FENCE_WORDS: &[&str] = &["json", "python", "tool_code", "javascript"];

/// The most text examined: a model that writes more is not producing a tool call.
const MAX_TEXT_BYTES: usize = 256 * 1024;

/// A call and whether it was inside an explicit envelope (`<tool_call>`, `[TOOL_CALLS]`,
/// `<function=...>`, a name before its arguments): those are calls whatever they name.
#[derive(Debug)]
struct Found {
    call: ToolCall,
    enveloped: bool,
    /// Arguments written as markup and read as JSON other than a string, with their text.
    texts: Vec<(String, String)>,
}

impl Found {
    fn new(call: ToolCall, enveloped: bool) -> Self {
        Self {
            call,
            enveloped,
            texts: Vec::new(),
        }
    }

    fn marked(marked: tagged::Marked) -> Self {
        Self {
            call: marked.call,
            enveloped: true,
            texts: marked.texts,
        }
    }
}

/// Every call in `text`, whatever its name.
pub fn parse(text: &str) -> Parsed {
    parse_with(text, &ToolNames::default())
}

/// Every call in `text` (the text protocol): names read as the `known` tool they mean, and the
/// readers that need a known name (a name before its object, near-JSON outside an envelope) on.
/// Calls to unknown tools are kept, for the engine to answer with the list of tools.
pub fn parse_with(text: &str, known: &ToolNames) -> Parsed {
    let rewritten = crate::xtml::rewrite(text);
    let text = rewritten.as_deref().unwrap_or(text);
    // Fences of tildes, read as fences of backticks.
    let backticked = crate::tilde_fences::rewrite(text);
    let text = backticked.as_ref().map_or(text, |b| b.text.as_str());
    let original = text;
    let Read {
        found,
        rest: text,
        reasoning,
        ..
    } = read(text, known);
    let text = crate::harmony::restore_calls(original, &text).unwrap_or(text);
    let text = written_back(backticked.as_ref(), text);
    Parsed {
        calls: found.into_iter().map(|f| f.call).collect(),
        text,
        reasoning,
    }
}

/// The calls in `text` of a native-tools model, whose text is usually an answer: JSON in an
/// answer that happens to look like a call must name a `known` tool before it runs as one. Calls
/// inside an explicit envelope are calls whatever they name (an unknown one is answered with the
/// list of tools); a bare object naming an unknown tool makes the whole text the answer.
pub fn parse_known(text: &str, known: &ToolNames) -> Parsed {
    // Kimi K3's XTML channels, in the markup the readers know.
    let rewritten = crate::xtml::rewrite(text);
    let text = rewritten.as_deref().unwrap_or(text);
    // Fences of tildes, read as fences of backticks.
    let backticked = crate::tilde_fences::rewrite(text);
    let text = backticked.as_ref().map_or(text, |b| b.text.as_str());
    // An answer that holds no call is kept as the model wrote it, before the rewrites below
    // (its tilde fences given back at the end).
    let written = text;
    // Envelope tokens printed without their brackets, given them back.
    let restored = crate::stripped_tokens::rewrite(text);
    let text = restored.as_deref().unwrap_or(text);
    // Gemma's `tool_code` fence printed without its backticks, given them back.
    let refenced = crate::stripped_fences::rewrite(text, known);
    let text = refenced.as_deref().unwrap_or(text);
    // ReAct's labels numbered by step (`Action 1:`), read as the plain labels.
    let unnumbered = crate::numbered_labels::rewrite(text);
    let text = unnumbered.as_ref().map_or(text, |u| u.text.as_str());
    let Read {
        found,
        rest,
        reasoning,
        declined,
    } = read(text, known);
    // The labels kept beside the calls numbered, and their fences marked, as the model wrote
    // them.
    let rest = written_back(backticked.as_ref(), written_back(unnumbered.as_ref(), rest));
    // The model said it needs no tool (Command R's `directly_answer`): what it wrote after is
    // the answer.
    if declined {
        return Parsed {
            calls: Vec::new(),
            text: rest,
            reasoning,
        };
    }
    let all_meant = found
        .iter()
        .all(|f| f.enveloped || known.contains(&f.call.name));
    // A gpt-oss call the answer only shows keeps the model's own tokens.
    let rest = crate::harmony::restore_calls(text, &rest).unwrap_or(rest);
    if !found.is_empty() && all_meant {
        return Parsed {
            calls: found.into_iter().map(|f| f.call).collect(),
            text: rest,
            reasoning,
        };
    }
    // The answer as written, but for a turn the model made up after it (the user's next
    // question, a tool's result): not the model's own, as when calls are read.
    let rest = reasoning::split(written).rest;
    let answer = match envelopes::invented_results(&rest) {
        Some(at) => reasoning::before_cut(&rest[..at]),
        None => rest.as_str(),
    };
    let answer = answer.trim();
    let answer =
        crate::harmony::restore_calls(written, answer).unwrap_or_else(|| answer.to_owned());
    Parsed {
        calls: Vec::new(),
        text: written_back(backticked.as_ref(), answer),
        reasoning,
    }
}

/// `rest` with the lines a rewrite changed for the readers written as the model wrote them.
fn written_back(rewritten: Option<&crate::line_rewrites::Rewritten>, rest: String) -> String {
    match rewritten {
        Some(rewritten) => rewritten.restore(&rest),
        None => rest,
    }
}

/// What [`read`] finds in a text.
struct Read {
    found: Vec<Found>,
    /// The text without the calls, their envelopes and the reasoning.
    rest: String,
    reasoning: String,
    /// Whether the model called Command R's `directly_answer`, saying it needs no tool.
    declined: bool,
}

fn read(text: &str, known: &ToolNames) -> Read {
    let split = reasoning::split(text);
    let text = &split.rest[..floor_char_boundary(&split.rest, MAX_TEXT_BYTES)];
    // The output the model imagines its fenced call printed, in a fence of its own: made up.
    // Looked for before shown fences are masked, so ` ```output` is seen as a fence.
    let text = result_fence_after_call(text, known).map_or(text, |at| text[..at].trim_end());
    // The same output under a label of its own line (`Output:`) right after the call.
    let text = result_label_after_call(text, known).map_or(text, |at| text[..at].trim_end());
    // The result of a ReAct action the model made up in a fence of its own, shown text's
    // (` ```text`) too: seen before shown fences are masked.
    let text = envelopes::fenced_result_after_action(text).map_or(text, |at| text[..at].trim_end());
    // Calls quoted in inline code inside a sentence show the syntax: no reader sees them.
    let masked = inline_code::mask(text);
    let text = masked.as_ref().map_or(text, |m| m.text.as_str());
    // A label line's arguments in inline code as `key=value` pairs or YAML, read as JSON.
    let rewritten = crate::code_arguments::rewrite(text, known);
    let text = rewritten.as_ref().map_or(text, |r| r.text.as_str());
    let (mut found, mut rest) = parse_plain(text, known);
    if found.is_empty() {
        let unescaped = envelopes::unescape_entities(text);
        if unescaped != text {
            let (decoded, decoded_rest) = parse_plain(&unescaped, known);
            if !decoded.is_empty() {
                (found, rest) = (decoded, decoded_rest);
            }
        }
    }
    if let Some(rewritten) = &rewritten {
        rest = rewritten.restore(&rest);
    }
    // Command R's way of saying no tool is needed: a call to `directly_answer`, the answer
    // after it (`Answer: ...`). It is no call; alone, the answer is the text without it.
    if let Some(masked) = &masked {
        rest = masked.restore(&rest);
        for f in &mut found {
            masked.restore_value(&mut f.call.arguments);
            for (_, text) in &mut f.texts {
                *text = masked.restore(text);
            }
        }
    }
    let before = found.len();
    found.retain(|f| !declines_tools(&f.call.name, known));
    let declined = before > 0 && found.is_empty();
    if declined {
        rest = without_answer_label(&rest).to_owned();
    }
    for f in &mut found {
        settle(&mut f.call, known);
        // A value alone as a text call's input (`Action Input: /etc/hostname`, LangChain's
        // `"action_input": "web"`) is the tool's one argument. Not in native calls, whose
        // arguments field has a type: a string there earns the model a correction.
        if let Value::String(text) = &f.call.arguments
            && let Some(arguments) = lone_values::arguments(&f.call.name, text, known)
        {
            f.call.arguments = arguments;
        }
        // `<parameter=path>null</parameter>` for an argument typed as text means the text.
        if let Value::Object(arguments) = &mut f.call.arguments {
            for (key, text) in f.texts.drain(..) {
                if known.takes_text(&f.call.name, &key) {
                    arguments.insert(key, Value::String(text));
                }
            }
        }
    }
    let mut reasoning = split.reasoning;
    // A ReAct exchange made up past its call: its thoughts are reasoning, as before a final
    // answer.
    if !found.is_empty()
        && let Some((thoughts, kept)) = crate::react_thoughts::split(&split.rest, &rest)
    {
        if !reasoning.is_empty() {
            reasoning.push_str("\n\n");
        }
        reasoning.push_str(&thoughts);
        rest = kept;
    }
    Read {
        found,
        rest,
        reasoning,
        declined,
    }
}

/// Names of the tool Command R's template offers for answering without a tool.
const NO_TOOL_NAMES: &[&str] = &["directly_answer", "directly-answer", "directlyanswer"];

/// Whether a call's name is Command R's `directly_answer` (any case), which runs nothing,
/// unless a `known` tool has that name.
fn declines_tools(name: &str, known: &ToolNames) -> bool {
    NO_TOOL_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) && known.resolve(name).is_none()
}

/// `text` without the label Command R puts before its answer (`Answer:`, `Grounded answer:`)
/// at its start.
fn without_answer_label(text: &str) -> &str {
    let trimmed = text.trim();
    for label in ["Grounded answer:", "Answer:"] {
        if let Some(head) = trimmed.get(..label.len())
            && head.eq_ignore_ascii_case(label)
        {
            return trimmed[label.len()..].trim_start();
        }
    }
    trimmed
}

/// A call as it will run, however it was read (native or from text): named as the `known` tool
/// it means (`functions.docker_ps`, `Docker-PS`), and arguments written as `key=value` text
/// (`path=/etc, lines=5`) read against that tool's schema where that is unambiguous
/// ([`ToolNames::assignments`]), arguments wrapped in a second envelope (`{"arguments":
/// {...}}`) taken out of it; other text stays text, for the engine's correction (a value
/// alone is read only in calls written as text: [`parse_with`]). Values of the other JSON type than the schema's are coerced where that is unambiguous (`"50"` for an
/// integer, [`ToolNames::coerce`]).
pub fn settle(call: &mut ToolCall, known: &ToolNames) {
    if let Some(name) = known.resolve(&call.name) {
        call.name = name.to_owned();
    }
    // The envelope written twice (`"arguments": {"arguments": {...}}`, `{"kwargs": {...}}`):
    // the object inside is the arguments, where the tool has no argument of that name.
    while let Value::Object(arguments) = &call.arguments
        && arguments.len() == 1
        && let Some((key, inner @ Value::Object(_))) = arguments.iter().next()
        && is_key(key, ARGUMENT_KEYS)
        && known.contains(&call.name)
        && !known.has_arguments(&call.name, std::iter::once(key))
    {
        call.arguments = inner.clone();
    }
    if let Value::String(text) = &call.arguments
        && let Some(arguments) = known.assignments(&call.name, text)
    {
        call.arguments = arguments;
    }
    if let Value::Object(arguments) = &mut call.arguments {
        known.coerce(&call.name, arguments);
    }
}

/// Where a tool's result the model writes after its call, in the shape a tool's message holds
/// it, opens a line (`{"name": "docker_ps", "content": "web up"}`, `{"role": "tool", ...}`,
/// Mistral's `{"content": ..., "call_id": ...}`): right after a call's end (`}`, `]`, `>`, `)`
/// or a fence's close ending the line before). The model made the result up, and what it
/// writes after it, a call too, answers that.
fn echoed_after_call(text: &str, known: &ToolNames) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n').take(MAX_INPUT_LINES * 10) {
        let start = at;
        at += line.len();
        let offset = line.len() - line.trim_start().len();
        if !line[offset..].starts_with('{') {
            continue;
        }
        let before = text[..start].trim_end();
        if before.is_empty() || !(before.ends_with(['}', ']', '>', ')']) || before.ends_with("```"))
        {
            continue;
        }
        let mut values =
            serde_json::Deserializer::from_str(&text[start + offset..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(object))) = values.next()
            && echoed_result(&object, known)
        {
            return Some(start);
        }
    }
    None
}

/// The most fences looked at for a result the model made up after a fenced call.
const MAX_FENCES: usize = 64;

/// Where the model's made-up result of a call opens: a fence unlabelled or labelled as
/// shown text (` ```text`, ` ```output`, [`crate::quoted_blocks::labels_shown_text`]), or a
/// JSON fence holding a tool's result in its message's shape (`{"output": "ok"}`), that
/// opens a line right after (blank lines between) a fence holding calls to known tools (` ```python` with
/// `docker_ps(all=True)`, a JSON call) or a call written otherwise ([`ends_in_call`]: a
/// `<tool_call>` envelope, `[TOOL_CALLS] [...]`, a bare JSON call, a list of Python calls),
/// and holds no call itself (`{"web": "up"}`, a table of containers). It is what the model imagines the call printed, as Gemma's
/// ```` ```tool_output ```` is: what it writes after it, a call too, answers that. A call fence
/// the prose shows as an example ([`crate::quoted_blocks::spans`]) is no call: the fence after
/// it stays the answer's.
fn result_fence_after_call(text: &str, known: &ToolNames) -> Option<usize> {
    let fences = crate::quoted_blocks::fences(text);
    let shown = crate::quoted_blocks::spans(text);
    fences
        .iter()
        .take(MAX_FENCES)
        .enumerate()
        .find_map(|(index, result)| {
            let result_label = result.info.is_empty()
                || crate::quoted_blocks::labels_shown_text(&text[result.start..result.body.start]);
            let body = &text[result.body.clone()];
            // A JSON fence holding a tool's result in the shape its message holds it.
            let echoed = || {
                serde_json::from_str::<Value>(body.trim())
                    .ok()
                    .and_then(|value| {
                        value
                            .as_object()
                            .map(|object| echoed_result(object, known) || bare_result(object))
                    })
                    .unwrap_or(false)
            };
            if !(result_label || echoed()) || fence_holds_calls(body, known) {
                return None;
            }
            let before = &text[..result.start];
            let line_break = before.trim_end_matches([' ', '\t']).ends_with('\n');
            let last = before.trim_end();
            if !line_break
                || last.is_empty()
                || shown.iter().any(|span| span.contains(&(last.len() - 1)))
            {
                // A call shown as an example, and the output shown after it: the answer's.
                return None;
            }
            let after_fence = index
                .checked_sub(1)
                .and_then(|previous| fences.get(previous))
                .filter(|call| text[call.end..result.start].trim().is_empty());
            let after_call = match after_fence {
                Some(call) => {
                    !crate::quoted_blocks::labels_shown_text(&text[call.start..call.body.start])
                        && fence_holds_calls(&text[call.body.clone()], known)
                }
                // A call the prose shows as an example is none: the output after it is shown too.
                None => ends_in_call(last, known).is_some_and(|start| {
                    !crate::examples::shown(&text[..start], &text[result.start..])
                }),
            };
            after_call.then_some(result.start)
        })
}

/// Whether a JSON object holds a result and nothing else: every key one a tool's result is
/// sent back under ([`RESULT_KEYS`]: `{"output": ...}`, `{"stdout": ..., "exit_code": 0}`),
/// no name, role or id needed. Only right after a call is it taken for that call's result.
fn bare_result(object: &Map<String, Value>) -> bool {
    !object.is_empty() && object.keys().all(|k| is_key(k, RESULT_KEYS))
}

/// Words that label a tool's output on a line of their own (folded, a colon after them or
/// not): `Output:`, `Result:`, `tool_output`, `Stdout:`.
const RESULT_LABELS: &[&str] = &[
    "output",
    "outputs",
    "result",
    "results",
    "stdout",
    "response",
    "tooloutput",
    "toolresult",
    "toolresults",
    "toolresponse",
    "functionoutput",
    "functionresult",
    "functionresponse",
    "commandoutput",
];

/// The most lines looked at for a result label after a call.
const MAX_LABEL_LINES: usize = 4096;

/// Where a line holding only a result's label ([`RESULT_LABELS`], in bold or not, a colon
/// after it or not: `Output:`, `**Result:**`, `tool_output`) opens right after a call (blank
/// lines between): a fence holding calls to known tools, or a call written otherwise
/// ([`ends_in_call`]), neither shown as an example. What follows the label is the output the
/// model imagines its call printed: made up, and a call after it never runs.
fn result_label_after_call(text: &str, known: &ToolNames) -> Option<usize> {
    let fences = crate::quoted_blocks::fences(text);
    let shown = crate::quoted_blocks::spans(text);
    let mut at = 0;
    for line in text.split_inclusive('\n').take(MAX_LABEL_LINES) {
        let start = at;
        at += line.len();
        let label = line
            .trim()
            .trim_matches('*')
            .trim_end_matches(':')
            .trim_matches('*');
        let label = label.trim_end_matches(':');
        let label = label.replace(' ', "");
        if label.is_empty() || label.len() > 32 || !is_key(&label, RESULT_LABELS) {
            continue;
        }
        if text[at..].trim().is_empty() {
            continue;
        }
        let last = text[..start].trim_end();
        if last.is_empty() || shown.iter().any(|span| span.contains(&(last.len() - 1))) {
            continue;
        }
        let after_call = match fences
            .iter()
            .take(MAX_FENCES)
            .find(|f| f.end <= start && text[f.end..start].trim().is_empty())
        {
            Some(call) => {
                !crate::quoted_blocks::labels_shown_text(&text[call.start..call.body.start])
                    && fence_holds_calls(&text[call.body.clone()], known)
            }
            None => ends_in_call(last, known)
                .is_some_and(|from| !crate::examples::shown(&text[..from], &text[start..])),
        };
        if after_call {
            return Some(start);
        }
    }
    None
}

/// Tokens a list or object of calls may follow on its line (`[TOOL_CALLS]`, `<|tool_call|>`,
/// Phi-4-mini's `functools`, `<|python_tag|>`).
const CALL_OPENERS: &[&str] = &[
    "[TOOL_CALLS]",
    "<|tool_call|>",
    "functools",
    "<|python_tag|>",
    "<tool_call>",
];

/// Where the last paragraph of `text` (trimmed) starts when it ends in a call to a known tool:
/// a call's envelope closing ([`crate::shown_envelopes::CLOSERS`], in any case), or, after a call's opening token if any
/// ([`CALL_OPENERS`]), a JSON call or Python calls to known tools and nothing else.
fn ends_in_call(text: &str, known: &ToolNames) -> Option<usize> {
    let start = text.rfind("\n\n").map_or(0, |at| at + 2);
    let paragraph = &text[start..];
    if crate::shown_envelopes::ends_with_closer(text) || harmony_call_ends(paragraph, known) {
        return Some(start);
    }
    let body = CALL_OPENERS
        .iter()
        .filter_map(|opener| paragraph.rfind(opener).map(|at| at + opener.len()))
        .max()
        .map_or(paragraph, |at| &paragraph[at..])
        .trim();
    // The calls and nothing else: words after them (`It will print:`) end no call.
    let json = lenient::whole(body).is_some_and(|value| !calls_in(&value, known).is_empty());
    (json || crate::pythonic::statements(body, known).is_some()).then_some(start)
}

/// Whether `paragraph` ends in gpt-oss's call to a known tool as the Harmony reader rewrites
/// it (`commentary to=functions.NAME json{...}`, its `<|call|>` gone): the header, then the
/// arguments' object and nothing else.
fn harmony_call_ends(paragraph: &str, known: &ToolNames) -> bool {
    const HEADER: &str = "commentary to=";
    let Some(at) = paragraph.rfind(HEADER) else {
        return false;
    };
    let header = &paragraph[at + HEADER.len()..];
    let Some(open) = header.find('{') else {
        return false;
    };
    let name = header[..open].trim();
    let name = name.strip_suffix("json").unwrap_or(name).trim();
    known.resolve(name).is_some()
        && lenient::whole(header[open..].trim()).is_some_and(|value| value.is_object())
}

/// Whether a fence's body is calls to known tools: Python statements or a JSON call.
fn fence_holds_calls(body: &str, known: &ToolNames) -> bool {
    let body = body.trim();
    if body.starts_with(['{', '['])
        && serde_json::from_str::<Value>(body)
            .ok()
            .or_else(|| lenient::value_before_end(body).map(|(value, _)| value))
            .is_some_and(|value| !calls_in(&value, known).is_empty())
    {
        return true;
    }
    // Python calls, a bracketed list of them too (`[docker_ps(all=True)]`).
    crate::pythonic::statements(body, known).is_some()
}

/// Whether `object` is a tool's result in the shape a tool's message holds it rather than a
/// call: no arguments key; a known tool's name, the `tool` role or a call's id; and a result's
/// key ([`RESULT_KEYS`]) the named tool takes no argument of.
fn echoed_result(object: &Map<String, Value>, known: &ToolNames) -> bool {
    if object.keys().any(|k| is_key(k, ARGUMENT_KEYS)) {
        return false;
    }
    let tool = object
        .iter()
        .filter(|(k, _)| is_key(k, NAME_KEYS))
        .find_map(|(_, v)| known.resolve(v.as_str()?));
    let tool_role = object
        .get("role")
        .and_then(Value::as_str)
        .is_some_and(|role| ["tool", "function", "ipython"].contains(&role));
    let id = object
        .keys()
        .any(|k| ["toolcallid", "callid"].contains(&fold_key(k).as_str()));
    if tool.is_none() && !tool_role && !id {
        return false;
    }
    object.keys().any(|k| {
        k != "role"
            && is_key(k, RESULT_KEYS)
            && tool.is_none_or(|tool| !known.has_arguments(tool, std::iter::once(k)))
    })
}

fn parse_plain(text: &str, known: &ToolNames) -> (Vec<Found>, String) {
    // The model invented the tools' answers: what follows is not its own.
    // The end-of-turn token before another turn the model wrote goes with it.
    let text = match envelopes::invented_results(text) {
        Some(at) => reasoning::before_cut(&text[..at]),
        None => text,
    };
    // A tool's result echoed after the call, as the tool's message holds it: made up too.
    let text = echoed_after_call(text, known).map_or(text, |at| text[..at].trim_end());
    let (function_tags, text) = envelopes::function_tags(text);
    let mut found: Vec<Found> = function_tags.into_iter().map(Found::marked).collect();
    // InternLM's code interpreter: a call to a tool Warden lacks, answered as one.
    let (interpreted, text) = crate::interpreter_calls::calls(&text);
    found.extend(interpreted.into_iter().map(|call| Found::new(call, true)));
    // Octopus's `<nexa_N>(...)<nexa_end>`: the token names the tool, so the call is meant.
    let (tokens, text) = functional_tokens::calls(&text, known);
    found.extend(tokens.into_iter().map(|call| Found::new(call, true)));
    // Names and arguments in elements of their own (`<invoke>`, GLM's `<arg_key>`, FunctionGemma).
    let (marked_up, text) = tagged::calls(&text, known);
    found.extend(marked_up.into_iter().map(Found::marked));
    // Python calls to known tools (Llama 3.2, LFM2, Gemma's `tool_code`, Olmo).
    let (python, text) = pythonic::calls(&text, known);
    found.extend(python.into_iter().map(|call| Found::new(call, false)));
    // Calls written as YAML in a fence.
    let (yaml, text) = yaml_calls(&text, known);
    found.extend(yaml.into_iter().map(|call| Found::new(call, false)));
    let mut kept = String::new();
    let mut rest = text.as_str();
    while let Some(offset) = rest.find(['{', '[', '"']) {
        let (before, candidate) = rest.split_at(offset);
        // Everything before the value so far, for the envelope or name that may precede it.
        kept.push_str(before);
        if let Some(after_quote) = candidate.strip_prefix('"') {
            // The arguments' object written as a JSON string after the tool's name
            // (`[TOOL_CALLS]NAME[ARGS]"{\"k\": 1}"`): the object it holds. Any other quote
            // is prose, read on inside.
            match string_arguments(candidate)
                .and_then(|(value, used)| Some((value, used, named::name_before(&kept, known)?)))
            {
                Some((value, used, (end, name))) => {
                    kept.truncate(end);
                    found.push(Found::new(text_call(name.to_owned(), value), true));
                    rest = &candidate[used..];
                }
                None => match whole_call_string(&kept, candidate, known) {
                    // A whole call encoded as a string inside its envelope or a fence of
                    // its own: the call it holds.
                    Some((calls, used)) => {
                        found.extend(calls.into_iter().map(|call| Found::new(call, true)));
                        rest = &candidate[used..];
                    }
                    None => match malformed_string_call(&kept, candidate, known) {
                        // A call's envelope (gpt-oss's header, `[ARGS]`) before a string that
                        // holds no object (`"web"`): the call was meant, its arguments malformed;
                        // the string goes back as the call's arguments, for a correction (or as
                        // a one-argument tool's value, as any text call's string).
                        Some((call, end, used)) => {
                            kept.truncate(end);
                            found.push(Found::new(call, true));
                            rest = &candidate[used..];
                        }
                        None => {
                            kept.push('"');
                            rest = after_quote;
                        }
                    },
                },
            }
            continue;
        }
        let enveloped = envelopes::ends_with_marker(&kept);
        let mut values = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        let strict = match values.next() {
            Some(Ok(value)) => Some((value, values.byte_offset())),
            Some(Err(_)) | None => None,
        };
        let was_strict = strict.is_some();
        // Brackets left open where the text ends are a call cut off (a `max_tokens` stop),
        // never closed into a shorter call: they go back for a correction below.
        let Some((value, mut used)) = strict.or_else(|| lenient::value_before_end(candidate))
        else {
            // A call to a known tool that no repair can read: its text goes back to the model
            // as the call's arguments, which earns it a correction rather than an answer.
            if let Some((name, end)) = broken_call(candidate, known) {
                let call = ToolCall {
                    id: crate::calls::fresh_id(),
                    name,
                    arguments: Value::String(candidate[..end].trim_end().to_owned()),
                };
                // The list that held it (`[{"name": ...` cut off), the fence it opened in and
                // the ReAct label before them (Command-R's `Action: ```json`) go with the call.
                let lead = broken_call_lead(&kept);
                kept.truncate(lead);
                found.push(Found::new(call, enveloped));
                rest = &candidate[end..];
                continue;
            }
            // A known tool's name written before arguments that no repair can read, the
            // name's envelope or line its own (`[TOOL_CALLS]NAME[ARGS]{...`, `>>>NAME\n{...`,
            // DeepSeek's `NAME\n```json\n{...`, GLM's `NAME\n{...`): the call cut off (a
            // `max_tokens` stop), its text back for a correction, never the answer.
            if let Some((prose_end, name, end)) = broken_named_call(&kept, candidate, known) {
                let call = ToolCall {
                    id: crate::calls::fresh_id(),
                    name: name.to_owned(),
                    arguments: Value::String(candidate[..end].trim_end().to_owned()),
                };
                kept.truncate(prose_end);
                found.push(Found::new(call, true));
                rest = &candidate[end..];
                continue;
            }
            kept.push_str(&candidate[..1]);
            rest = &candidate[1..];
            continue;
        };
        // A ReAct input's object is arguments, whatever keys it has: `react` reads it.
        if react_input_pending(&kept) {
            kept.push_str(&candidate[..used]);
            rest = &candidate[used..];
            continue;
        }
        let mut calls = calls_in(&value, known);
        // Calls each encoded as a string in the envelope's list (`[TOOL_CALLS]["{...}"]`).
        if calls.is_empty()
            && enveloped
            && let Some(inner) = crate::encoded_calls::value(&value)
        {
            calls = calls_in(&inner, known);
        }
        let mut meant = enveloped;
        let mut prose_end = kept.len();
        if calls.is_empty()
            && value.is_object()
            && let Some((end, name)) = named::name_before(&kept, known)
            && !shown_after_plain_name(&kept, end, &candidate[used..])
        {
            calls.push(text_call(name.to_owned(), value.clone()));
            prose_end = end;
            meant = true;
        } else if calls.is_empty()
            && value.is_object()
            && let Some((end, name)) = named::unknown_recipient(&kept)
        {
            // gpt-oss's header addressed to a tool no one offered: a call all the same, its
            // name answered with the list of tools.
            calls.push(text_call(name.to_owned(), value.clone()));
            prose_end = end;
            meant = true;
        }
        // Repaired near-JSON counts only where a call was clearly meant; a call outside an
        // envelope that the prose around shows as an example is the answer's.
        let accepted = !calls.is_empty()
            && (was_strict || meant || calls.iter().all(|c| known.resolve(&c.name).is_some()))
            && (meant
                || !(examples::shown(&kept, &candidate[used..])
                    || examples::inline_in_prose(&kept, &candidate[used..])
                    || examples::in_log_line(&kept)));
        if !accepted && !was_strict {
            kept.push_str(&candidate[..1]);
            rest = &candidate[1..];
            continue;
        }
        if accepted {
            // A key written twice with different values (two `"container"`s, two `"name"`s):
            // which the model meant is unknown, so no call runs; its text goes back with the
            // key named, for a correction.
            if was_strict
                && let Some(key) = crate::duplicate_keys::conflicting_key(&candidate[..used])
            {
                for call in &mut calls {
                    call.arguments = crate::duplicate_keys::malformed(&candidate[..used], &key);
                }
            }
            // Arguments in inline code (`**Arguments:** `{...}``): its closing backtick goes
            // with them, not a fence's.
            let opened = kept.trim_end();
            let after = &candidate[used..];
            // Closers past the value's end inside the code (`{"all": true}}`) go with it,
            // and so does the sentence's stop right after the code when its line ends there.
            let surplus = after.len() - after.trim_start_matches(['}', ']', ')']).len();
            let closing = &after[surplus..];
            if opened.ends_with('`')
                && !opened.ends_with("``")
                && closing.starts_with('`')
                && !closing.starts_with("``")
            {
                used += surplus + 1;
                let stop = &candidate[used..];
                if (stop.starts_with(['.', ';', '!'])
                    && stop[1..]
                        .trim_start_matches([' ', '\t'])
                        .starts_with(['\n', '\r']))
                    || matches!(stop.trim_end(), "." | ";" | "!")
                {
                    used += 1;
                }
            }
            // A call written as a Python string (`<tool_call>'{...}'</tool_call>`): its
            // quotes go with it, not into the answer.
            if prose_end == kept.len()
                && kept.ends_with('\'')
                && candidate[used..].starts_with('\'')
            {
                prose_end -= 1;
                used += 1;
            }
            kept.truncate(prose_end);
            found.extend(calls.into_iter().map(|call| Found::new(call, meant)));
        } else {
            kept.push_str(&candidate[..used]);
        }
        rest = &candidate[used..];
    }
    kept.push_str(rest);
    let (react_calls, mut kept) = react(&kept, known);
    if !react_calls.is_empty() {
        kept = without_echoed_question(&kept).to_owned();
    }
    found.extend(react_calls.into_iter().map(|call| Found::new(call, false)));
    if !found.is_empty() {
        kept = envelopes::strip_markers(&kept);
        // Mistral's end of sequence, printed after its calls (never stripped from an answer,
        // where it could close a struck-through `<s>`).
        if let Some(before) = kept.trim_end().strip_suffix("</s>") {
            kept = before.to_owned();
        }
    }
    let text = tidy(&kept, !found.is_empty());
    (found, text)
}

/// Whether the call whose name was read from `kept[prose_end..]` is written in plain words (a
/// label line, `**Tool call:** `docker_ps``, or the name alone on its line; no envelope's
/// bracket or token) and the prose before it shows it as an example (`For example:`), as it
/// would a fenced call object: then it is the answer's, never run.
fn shown_after_plain_name(kept: &str, prose_end: usize, after: &str) -> bool {
    let named = &kept[prose_end..];
    let enveloped = named.contains(['<', '>', '[', '|', '✿', '｜']) || named.contains("to=");
    !enveloped && examples::shown(&kept[..prose_end], after)
}

/// Markers right before a call's arguments in the envelopes that name the tool before them
/// (Mistral's `[ARGS]`, Kimi's `<|tool_call_argument_begin|>`): what follows is the
/// arguments, whatever it holds.
const ARGUMENT_MARKERS: &[&str] = &["[ARGS]", "<|tool_call_argument_begin|>"];

/// A call whose envelope ends `kept` and whose arguments, the JSON string at the start of
/// `candidate`, hold no object (`"web"`): gpt-oss's header (`commentary to=functions.NAME
/// json`, as [`crate::harmony`] rewrites it; the known tool named, or the recipient as
/// written, answered with the list of tools), or a known tool's name before an arguments
/// marker ([`ARGUMENT_MARKERS`]). The call, its arguments the string (a string it holds read
/// out, `"\"web\""`), for a correction; where the prose before the envelope ends, and the
/// string's length.
fn malformed_string_call(
    kept: &str,
    candidate: &str,
    known: &ToolNames,
) -> Option<(ToolCall, usize, usize)> {
    let (end, name) = match named::unknown_recipient(kept) {
        Some((end, recipient)) => (end, known.resolve(recipient).unwrap_or(recipient)),
        None if ARGUMENT_MARKERS
            .iter()
            .any(|marker| kept.trim_end().ends_with(marker)) =>
        {
            named::name_before(kept, known)?
        }
        None => return None,
    };
    let mut values = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
    let Some(Ok(Value::String(mut body))) = values.next() else {
        return None;
    };
    let used = values.byte_offset();
    // Encoded more than once: the string it holds.
    for _ in 0..MAX_STRING_DECODES {
        match serde_json::from_str::<Value>(&body) {
            Ok(Value::String(inner)) => body = inner,
            _ => break,
        }
    }
    let call = ToolCall {
        id: crate::calls::fresh_id(),
        name: name.to_owned(),
        arguments: Value::String(body),
    };
    Some((call, end, used))
}

/// A whole call (or a list of calls) encoded as the JSON string at the start of `candidate`,
/// where the string is all a call's envelope holds (`kept` ends with its marker) or all a
/// fence holds: the calls and the string's length. A quoted object anywhere else is text.
fn whole_call_string(
    kept: &str,
    candidate: &str,
    known: &ToolNames,
) -> Option<(Vec<ToolCall>, usize)> {
    let mut values = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
    let string @ Value::String(_) = values.next()?.ok()? else {
        return None;
    };
    let used = values.byte_offset();
    let mut lines = kept.rsplit('\n');
    let fenced = lines.next().is_some_and(|line| line.trim().is_empty())
        && lines
            .next()
            .is_some_and(|opener| is_fence_opener(opener.trim()))
        && candidate[used..].trim_start().starts_with("```");
    if !(fenced || envelopes::ends_with_marker(kept)) {
        return None;
    }
    let calls = calls_in(&crate::encoded_calls::value(&string)?, known);
    (!calls.is_empty()).then_some((calls, used))
}

/// The most times a malformed call's string is read out of the strings it was encoded in.
const MAX_STRING_DECODES: usize = 4;

/// The JSON string at the start of `text` when it holds an object (encoded once or more,
/// [`crate::calls::decode_arguments`]): that object and the string's length.
fn string_arguments(text: &str) -> Option<(Value, usize)> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let Some(Ok(Value::String(inner))) = values.next() else {
        return None;
    };
    let used = values.byte_offset();
    if !inner.trim_start().starts_with(['{', '"']) {
        return None;
    }
    let decoded = crate::calls::decode_arguments(&Value::String(inner));
    decoded.is_object().then_some((decoded, used))
}

/// Calls in ```` ```yaml ```` fences ([`crate::yaml_blocks`]), and the text without those
/// fences. A fence counts only when it holds nothing but calls (one, or a list), every one to a
/// known tool, and the prose around it does not show it as an example; otherwise it stays text.
/// Bare YAML (no fence) counts only at the text's end and in a call's exact shape
/// ([`bare_yaml_calls`]).
fn yaml_calls(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = String::new();
    let mut from = 0;
    for block in yaml_blocks::blocks(text) {
        let read = calls_in(&block.value, known);
        let meant = !read.is_empty()
            && read.iter().all(|c| known.resolve(&c.name).is_some())
            && !examples::shown(&text[..block.start], &text[block.end..]);
        if meant {
            kept.push_str(&text[from..block.start]);
            from = block.end;
            calls.extend(read);
        }
    }
    kept.push_str(&text[from..]);
    // Bare YAML lines that end the text, when they are exactly calls.
    if let Some((block, read)) = yaml_blocks::trailing(&kept).into_iter().find_map(|block| {
        let read = bare_yaml_calls(&block.value, known)?;
        (!examples::shown(&kept[..block.start], "")).then_some((block, read))
    }) {
        kept.truncate(block.start);
        calls.extend(read);
    }
    (calls, kept)
}

/// The calls a bare YAML document is, when it is nothing else: one mapping (or a list of them)
/// of a name key naming a known tool and an arguments key holding a mapping, and at most the
/// labels a call carries (`id`, `type`). Data that happens to have a `name:` line is not this.
fn bare_yaml_calls(value: &Value, known: &ToolNames) -> Option<Vec<ToolCall>> {
    let objects: Vec<&Map<String, Value>> = match value {
        Value::Object(object) => vec![object],
        Value::Array(items) => items.iter().map(Value::as_object).collect::<Option<_>>()?,
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => return None,
    };
    let shaped = |object: &Map<String, Value>| {
        let named = object.iter().filter(|(k, v)| {
            is_key(k, NAME_KEYS) && v.as_str().is_some_and(|name| known.resolve(name).is_some())
        });
        let arguments = object
            .iter()
            .filter(|(k, v)| is_key(k, ARGUMENT_KEYS) && v.is_object());
        named.count() == 1
            && arguments.count() == 1
            && object
                .keys()
                .all(|k| is_key(k, NAME_KEYS) || is_key(k, ARGUMENT_KEYS) || is_key(k, LABEL_KEYS))
    };
    if objects.is_empty() || !objects.iter().all(|o| shaped(o)) {
        return None;
    }
    let calls = calls_in(value, known);
    (calls.len() == objects.len()).then_some(calls)
}

/// The most text of a broken call sent back to the model with its correction.
const MAX_BROKEN_CALL_BYTES: usize = 4 * 1024;

/// A call that cannot be read, recognised by how it starts (`{"tool": "KNOWN", ...`, any name
/// key, either quote): the known tool's name and where the call's text ends (the first blank
/// line, or the text's end, at most [`MAX_BROKEN_CALL_BYTES`]).
fn broken_call(candidate: &str, known: &ToolNames) -> Option<(String, usize)> {
    let body = candidate.strip_prefix('{')?.trim_start();
    let (key, after) = quoted(body)?;
    if !is_key(key, NAME_KEYS) {
        return None;
    }
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let (name, _) = quoted(after)?;
    let tool = known.resolve(name)?.to_owned();
    let end = candidate.find("\n\n").unwrap_or(candidate.len());
    Some((
        tool,
        floor_char_boundary(candidate, end.min(MAX_BROKEN_CALL_BYTES)),
    ))
}

/// Where the text before a broken call ([`broken_call`]) ends once what opened the call is
/// taken off its end: a list's `[`, a fence's opening (```` ```json ````), then ReAct's
/// `Action:` label (any case, in bold).
fn broken_call_lead(kept: &str) -> usize {
    let mut lead = kept.trim_end();
    lead = lead.strip_suffix('[').unwrap_or(lead).trim_end();
    if let Some(at) = lead.rfind("```")
        && lead[at + 3..].chars().all(|c| c.is_ascii_alphanumeric())
    {
        lead = lead[..at].trim_end();
        let line_start = lead.rfind('\n').map_or(0, |at| at + 1);
        let label = lead[line_start..].trim_matches(['*', ' ']);
        if label.eq_ignore_ascii_case("action:") {
            lead = lead[..line_start].trim_end();
        }
    }
    lead.len()
}

/// A call whose known tool is named before its arguments ([`named::name_before`]) where the
/// arguments, the object at the start of `candidate`, cannot be read: the name set apart as a
/// call's (an envelope's separator or marker around it, `[ARGS]`, `>>>`, `<｜tool▁sep｜>`, or
/// the name alone at a line's start), never a name mid-sentence (`Run docker_logs {...`).
/// Where the prose before the call ends, the tool, and where the call's text ends (the
/// first blank line, or the text's end, at most [`MAX_BROKEN_CALL_BYTES`]).
fn broken_named_call<'k>(
    kept: &str,
    candidate: &str,
    known: &'k ToolNames,
) -> Option<(usize, &'k str, usize)> {
    candidate.strip_prefix('{')?;
    let (prose_end, name) = named::name_before(kept, known)?;
    let envelope = kept[prose_end..].trim();
    let own_line = kept[..prose_end].trim_end_matches([' ', '\t']).is_empty()
        || kept[..prose_end]
            .trim_end_matches([' ', '\t'])
            .ends_with('\n');
    let marked =
        envelope.contains(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')));
    if !(marked || own_line) {
        return None;
    }
    let end = candidate.find("\n\n").unwrap_or(candidate.len());
    Some((
        prose_end,
        name,
        floor_char_boundary(candidate, end.min(MAX_BROKEN_CALL_BYTES)),
    ))
}

/// A short quoted word at the start of `text` (double or single quotes, no escapes, one line)
/// and the text after it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &text[1..];
    let end = inner.find(quote)?;
    let word = &inner[..end];
    (end <= 128 && !word.contains('\n')).then(|| (word, &inner[end + 1..]))
}

fn text_call(name: String, arguments: Value) -> ToolCall {
    ToolCall {
        id: crate::calls::fresh_id(),
        name,
        arguments: decode(arguments),
    }
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Tool calls in one JSON value (an object, or an array of objects).
fn calls_in(value: &Value, known: &ToolNames) -> Vec<ToolCall> {
    match value {
        Value::Array(items) => {
            let calls: Vec<ToolCall> = items
                .iter()
                .filter_map(|v| v.as_object().and_then(|o| call_in(o, known)))
                .collect();
            // An array counts only when every element is a call.
            if calls.len() == items.len() {
                calls
            } else {
                Vec::new()
            }
        }
        Value::Object(object) => {
            // The API's own shape copied: `{"tool_calls": [...]}`, `{"function_call": {...}}`,
            // also with the message's `content` beside it (llama.cpp's JSON-schema format for
            // Granite: `{"tool_calls": [...], "content": "..."}`).
            // Also with the model's thoughts beside them (AutoGPT's `{"thoughts": {...},
            // "command": {"name", "args"}}`).
            let beside_content = |key: &String, value: &Value| {
                let key = fold_key(key);
                (key == "content" && (value.is_string() || value.is_null()))
                    || ["thoughts", "thought", "reasoning"].contains(&key.as_str())
            };
            let mut wrappers = object.iter().filter(|(k, _)| is_key(k, WRAPPER_KEYS));
            if let Some((_, inner)) = wrappers.next()
                && wrappers.next().is_none()
                && object
                    .iter()
                    .all(|(k, v)| is_key(k, WRAPPER_KEYS) || beside_content(k, v))
            {
                return calls_in(inner, known);
            }
            call_in(object, known).into_iter().collect()
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => Vec::new(),
    }
}

fn call_in(object: &Map<String, Value>, known: &ToolNames) -> Option<ToolCall> {
    // {"function": {"name": ..., "arguments": ...}} (OpenAI's shape, sometimes with "type").
    if let Some((_, Value::Object(function))) =
        object.iter().find(|(k, _)| fold_key(k) == "function")
    {
        return call_in(function, known);
    }
    // `{"docker_logs": {"container": "web"}}`: a known tool's name as the only key.
    if object.len() == 1
        && let Some((key, arguments)) = object.iter().next()
        && arguments.is_object()
        && let Some(name) = known.resolve(key)
    {
        return Some(text_call(name.to_owned(), arguments.clone()));
    }
    // JSON-RPC, as MCP speaks it: `{"jsonrpc": "2.0", "method": NAME, "params": {...}}`.
    if let Some(method) = object.get("method").and_then(Value::as_str)
        && let Some(name) = known.resolve(method)
    {
        let params = object.get("params").cloned().unwrap_or(Value::Null);
        return Some(text_call(name.to_owned(), params));
    }
    let (name_key, name) = NAME_KEYS.iter().find_map(|wanted| {
        object
            .iter()
            .find(|(k, v)| fold_key(k) == *wanted && v.is_string())
            .and_then(|(k, v)| Some((k.as_str(), v.as_str()?.trim())))
    })?;
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let argument = ARGUMENT_KEYS
        .iter()
        .find_map(|wanted| object.iter().find(|(k, _)| fold_key(k) == *wanted));
    let extra: Vec<&String> = object
        .keys()
        .filter(|k| !is_key(k, NAME_KEYS) && !is_key(k, ARGUMENT_KEYS) && !is_key(k, LABEL_KEYS))
        .collect();
    let arguments = argument.map_or(Value::Object(Map::new()), |(_, v)| v.clone());
    if extra.is_empty() {
        return Some(text_call(name.to_owned(), arguments));
    }
    // A larger object is data, unless it names a known tool: then the other keys are commentary
    // beside the arguments, or the arguments themselves written flat.
    let tool = known.resolve(name)?;
    if argument.is_some() {
        return extra
            .iter()
            .all(|k| COMMENTARY_KEYS.contains(&k.as_str()))
            .then(|| text_call(tool.to_owned(), arguments));
    }
    let flat: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| k.as_str() != name_key && !COMMENTARY_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // A tool's result echoed back in the shape it came in (`{"name": "docker_ps", "content":
    // "web up"}`, `{"role": "tool", ...}`, `{"name": ..., "output": {...}}`): no call, where
    // the tool takes no argument of that name.
    if flat
        .keys()
        .any(|k| is_key(k, RESULT_KEYS) && !known.has_arguments(tool, std::iter::once(k)))
    {
        return None;
    }
    Some(text_call(tool.to_owned(), Value::Object(flat)))
}

/// Arguments given as a JSON string are decoded; a string that is not JSON stays a string.
fn decode(arguments: Value) -> Value {
    crate::calls::decode_arguments(&arguments)
}

/// The most lines one ReAct input is read over.
const MAX_INPUT_LINES: usize = 200;

/// The rest of `line` after a ReAct `label` (`Action`, `Action Input`), read as small models
/// write it: any case, in markdown bold (`**Action:**`, `**Action**:`), after a list dash or a
/// heading mark. `None` when the line does not start with the label.
fn after_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let line = line.trim_start_matches(['-', '*', '#', ' ', '\t']);
    let head = line.get(..label.len())?;
    if !head.eq_ignore_ascii_case(label) {
        return None;
    }
    let rest = line[label.len()..].trim_start_matches('*');
    let rest = rest.strip_prefix(':')?.trim_start_matches('*');
    Some(rest.trim())
}

fn is_input_label(line: &str) -> Option<&str> {
    after_label(line, "Action Input").or_else(|| after_label(line, "Action_Input"))
}

/// Labels small models write for the input on the line right after `Action:` instead of
/// `Action Input:`. Read only there: elsewhere `Input:` or `Arguments:` is prose.
const SHORT_INPUT_LABELS: &[&str] = &[
    "Input",
    "Tool Input",
    "Action Args",
    "Action Arguments",
    "Arguments",
    "Args",
    "Parameters",
];

fn short_input_label(line: &str) -> Option<&str> {
    SHORT_INPUT_LABELS
        .iter()
        .find_map(|label| after_label(line, label))
}

fn is_fence_opener(text: &str) -> bool {
    text.strip_prefix("```")
        .is_some_and(|info| info.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Whether `kept` ends where a ReAct input's value starts: on an `Action Input:` line with
/// nothing after the label yet, or past it on blank lines and a fence opener.
fn react_input_pending(kept: &str) -> bool {
    let mut lines = kept.rsplit('\n');
    // The partial line the value starts on.
    let Some(last) = lines.next() else {
        return false;
    };
    if let Some(rest) = is_input_label(last) {
        return rest.is_empty() || is_fence_opener(rest);
    }
    if !(last.trim().is_empty() || is_fence_opener(last.trim())) {
        return false;
    }
    for line in lines.take(MAX_INPUT_LINES) {
        let line = line.trim();
        if line.is_empty() || is_fence_opener(line) {
            continue;
        }
        return is_input_label(line).is_some_and(|rest| rest.is_empty() || is_fence_opener(rest));
    }
    false
}

/// The brackets still open after `text`, given `depth` open before it and whether a JSON string
/// was open (`in_string`, updated): 0 when all are closed. Brackets inside strings do not count.
fn open_brackets(text: &str, mut depth: usize, in_string: &mut bool) -> usize {
    let mut escaped = false;
    for c in text.chars() {
        if *in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => *in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => *in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// A ReAct input's value: `first` (the rest of the label's line) and, when it opens an object,
/// an array or a fence, or is empty with one on the next lines, the lines that complete it.
/// Reading stops at the closing bracket or fence, at the next ReAct label, or after
/// [`MAX_INPUT_LINES`]; an input cut off there stays text, for the engine's correction.
fn take_input<'a>(first: &'a str, lines: &mut std::iter::Peekable<std::str::Lines<'a>>) -> String {
    let mut value = first.to_owned();
    if value.is_empty() {
        let mut ahead = lines.clone();
        while ahead.peek().is_some_and(|l| l.trim().is_empty()) {
            ahead.next();
        }
        let opens = ahead
            .peek()
            .map(|l| l.trim())
            .is_some_and(|l| l.starts_with('{') || l.starts_with('[') || is_fence_opener(l));
        if !opens {
            return value;
        }
        *lines = ahead;
        value = lines.next().unwrap_or_default().trim().to_owned();
    }
    // The input in inline code on its label's line (`**Action Input:** `{...}``).
    if let Some(inner) = value
        .strip_prefix('`')
        .and_then(|rest| rest.strip_suffix('`'))
        .filter(|inner| !inner.is_empty() && !inner.contains('`'))
    {
        value = inner.trim().to_owned();
    }
    if is_fence_opener(&value) {
        let mut body = Vec::new();
        for _ in 0..MAX_INPUT_LINES {
            match lines.next() {
                Some(line) if line.trim() == "```" => break,
                Some(line) => body.push(line),
                None => break,
            }
        }
        return body.join("\n");
    }
    if !(value.starts_with('{') || value.starts_with('[')) {
        return value;
    }
    let mut in_string = false;
    let mut depth = open_brackets(&value, 0, &mut in_string);
    for _ in 0..MAX_INPUT_LINES {
        if depth == 0 {
            break;
        }
        let Some(next) = lines.peek() else { break };
        if after_label(next, "Action").is_some()
            || is_input_label(next).is_some()
            || ["Thought", "Final Answer", "Observation"]
                .iter()
                .any(|label| after_label(next, label).is_some())
        {
            break;
        }
        value.push('\n');
        value.push_str(next);
        depth = open_brackets(next, depth, &mut in_string);
        lines.next();
    }
    value
}

/// `Action: NAME` / `Action Input: ...` pairs, and a known tool's call written whole on the
/// `Action:` line (`docker_logs[web]`, [`lone_values::action_call`]); returns the calls and the
/// text without those lines. An input that is a value alone is read as the tool's one
/// argument afterwards ([`lone_values::arguments`]).
/// `text` without the `Question:` a ReAct prompt ends with, echoed by the model before its
/// thoughts and action: the user's words, not the model's. The question runs to the first
/// blank line or `Thought:` line.
fn without_echoed_question(text: &str) -> &str {
    let trimmed = text.trim_start();
    let body = trimmed.trim_start_matches('*');
    let labelled = body
        .get(..9)
        .is_some_and(|head| head.eq_ignore_ascii_case("question:"))
        || body
            .get(..10)
            .is_some_and(|head| head.eq_ignore_ascii_case("question*:"));
    if !labelled {
        return text;
    }
    let mut at = 0;
    for (index, line) in trimmed.split_inclusive('\n').enumerate() {
        let bare = line.trim().trim_start_matches('*').to_ascii_lowercase();
        if index > 0 && (bare.is_empty() || bare.starts_with("thought")) {
            break;
        }
        at += line.len();
    }
    &trimmed[at..]
}

fn react(text: &str, known: &ToolNames) -> (Vec<ToolCall>, String) {
    let mut calls = Vec::new();
    let mut kept = Vec::new();
    let mut lines = text.lines().peekable();
    let mut fenced = false;
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let Some(name) = after_label(line, "Action") else {
            kept.push(line);
            continue;
        };
        // A fence holding an action and, after it, the observation the model wrote for it
        // quotes a whole exchange (a transcript, the loop shown): an example, never run. An
        // action fenced alone is the call.
        if fenced && fenced_observation_ahead(lines.clone()) {
            kept.push(line);
            continue;
        }
        // Command R's `Action: ```json` opens a fence on the label's line.
        if name.starts_with("```") {
            fenced = !fenced;
        }
        // An action the line before offers to take (`Shall I run this?`, not a `Thought:`,
        // whose plans are the model's own) waits for an answer: the answer's.
        let lead = kept.iter().rev().take(2).find(|l| !l.trim().is_empty());
        if lead.is_some_and(|lead| {
            after_label(lead, "Thought").is_none() && crate::shown_after::offered_before(lead)
        }) {
            kept.push(line);
            continue;
        }
        // A step the prose before it shows as an example or a format (`For example:`, `Use
        // the following format:`), past the step's own `Thought:` and `Question:` lines: the
        // answer's, as an envelope shown so is.
        let step_start = kept
            .iter()
            .rposition(|l| {
                !(l.trim().is_empty()
                    || after_label(l, "Thought").is_some()
                    || after_label(l, "Question").is_some())
            })
            .map_or(0, |at| at + 1);
        let before = kept[..step_start].join("\n");
        if !before.trim().is_empty() && examples::shown(&before, "") {
            kept.push(line);
            continue;
        }
        if let Some((name, arguments)) = lone_values::action_call(name, known) {
            calls.push(text_call(name, arguments));
            continue;
        }
        // `Action: ```json` opens a fence: the JSON after it is the call, read by the scan.
        let Some(name) =
            action_names::read(name, known).filter(|name| !FENCE_WORDS.contains(&name.as_str()))
        else {
            kept.push(line);
            continue;
        };
        let mut input = String::new();
        let mut ahead = lines.clone();
        while ahead.peek().is_some_and(|l| l.trim().is_empty()) {
            ahead.next();
        }
        if let Some(first) = ahead
            .peek()
            .and_then(|next| is_input_label(next).or_else(|| short_input_label(next)))
        {
            ahead.next();
            lines = ahead;
            input = take_input(first, &mut lines);
        }
        if name.is_empty() || name.contains(char::is_whitespace) {
            kept.push(line);
            continue;
        }
        calls.push(text_call(name, Value::String(input)));
    }
    (calls, kept.join("\n"))
}

/// Whether an `Observation:` line stands in `lines` before the fence they are in closes.
fn fenced_observation_ahead<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    lines
        .take_while(|line| !line.trim_start().starts_with("```"))
        .any(|line| after_label(line, "Observation").is_some())
}

/// Removes empty code fences and blank runs left where calls were, and, once calls were taken
/// out, fence lines left alone.
fn tidy(text: &str, calls_out: bool) -> String {
    // Braces a model closed once too often after its call, beside its prose (`}} Done.`).
    let mut out = if calls_out {
        call_labels::without_stray_closers(text)
    } else {
        text.to_owned()
    };
    for fence in [
        "```json\n\n```",
        "```json\n```",
        "```\n\n```",
        "```\n```",
        "```json```",
        "``````",
    ] {
        out = out.replace(fence, "");
    }
    let mut lines: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in out.lines() {
        if line.trim().is_empty() && lines.last().is_some_and(|l| l.trim().is_empty()) {
            continue;
        }
        // Braces a model closed once too often after its call (`{...}}}`) are left alone on
        // their line when the call is taken out; inside a fence a lone `}` is the answer's code.
        if calls_out && !in_fence && call_labels::is_stray_closer(line) {
            continue;
        }
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        // A fence's opener or closer, whatever its info word (`json`, `tool_call`, `python`),
        // the `;` or `,` left between calls (Llama 3.2's `{...}; {...}`) and the brackets of a
        // list never closed (`[{...},\n{...}`), an envelope's word its brackets were stripped
        // from (`tool_call>`, `TOOL_CALLS`), and a line that only labelled the call
        // (`**Tool call:**`, `Action:`).
        if calls_out
            && (is_fence_opener(line.trim())
                || call_labels::is_list_leftover(line)
                || call_labels::is_envelope_leftover(line)
                || call_labels::is_call_label(line))
        {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;
    use crate::ToolDefinition;

    fn known() -> ToolNames {
        let tools = ["docker_ps", "disk_usage"].map(|name| ToolDefinition {
            name: name.to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(json!({
                "type": "object",
                "properties": {"all": {"type": "boolean"}, "path": {"type": "string"}}
            })),
        });
        ToolNames::from_definitions(tools.iter())
    }

    #[test]
    fn an_output_fence_right_after_a_call_fence_is_a_result_made_up() {
        let known = known();
        for (call, result) in [
            (
                "```python\ndocker_ps(all=True)\n```\n",
                "```\n{\"web\": \"up\"}\n```",
            ),
            (
                "```py\ndocker_ps()\n```\n\n",
                "```text\nweb  Up 2 hours\n```",
            ),
            (
                "```json\n{\"name\": \"docker_ps\", \"arguments\": {}}\n```\n",
                "~~~\n[]\n~~~",
            ),
            ("```tool_code\ndocker_ps()\n```\n", "```Output\nnone\n```"),
            // A call written otherwise, its envelope or brackets ending the line before.
            (
                "<tool_call>\n{\"name\": \"docker_ps\", \"arguments\": {}}\n</tool_call>\n",
                "```text\nweb  Up 2 hours\n```",
            ),
            (
                "[TOOL_CALLS] [{\"name\": \"docker_ps\", \"arguments\": {}}]\n\n",
                "```output\nnone\n```",
            ),
            ("[docker_ps(all=True)]\n", "```\n[]\n```"),
            (
                "Checking.\n\n{\"name\": \"docker_ps\", \"arguments\": {}}\n",
                "```\n[]\n```",
            ),
        ] {
            let text =
                format!("{call}{result}\nNow the disk.\n```python\ndisk_usage(path=\"/\")\n```");
            assert_eq!(
                result_fence_after_call(&text, &known),
                Some(call.len()),
                "{text}"
            );
            let parsed = parse_known(&text, &known);
            let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["docker_ps"], "{text}");
            assert!(
                parsed.text.is_empty() || parsed.text == "Checking.",
                "{text}"
            );
        }
        // A JSON fence holding only what a result is sent back under: no name, role or id.
        for result in [
            "```json\n{\"output\": \"web up\"}\n```",
            "```json\n{\"result\": []}\n```",
            "```\n{\"stdout\": \"web\", \"exit_code\": 0}\n```",
        ] {
            for call in [
                "```python\ndocker_ps()\n```\n",
                "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>\n\n",
            ] {
                let text = format!("{call}{result}\n```python\ndisk_usage(path=\"/\")\n```");
                let parsed = parse_known(&text, &known);
                let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(names, ["docker_ps"], "{text}");
            }
        }
        // A label of its own line, then the output made up.
        for label in [
            "Output:",
            "Result:",
            "tool_output",
            "**Output:**",
            "Tool output:",
            "RESULTS",
        ] {
            for call in [
                "```python\ndocker_ps()\n```\n",
                "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>\n",
                "[docker_ps(all=True)]\n\n",
            ] {
                let text = format!(
                    "{call}{label}\nweb  Up 2 hours\n\n<tool_call>{{\"name\": \"disk_usage\", \"arguments\": {{\"path\": \"/\"}}}}</tool_call>"
                );
                let parsed = parse_known(&text, &known);
                let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(names, ["docker_ps"], "{text}");
                assert_eq!(parsed.text, "", "{text}");
            }
        }
        // The same label after words, or after a call shown as an example: the calls run or
        // stay shown as before.
        for text in [
            "Checked.\nOutput:\nweb up\n<tool_call>{\"name\": \"disk_usage\", \"arguments\": {}}</tool_call>",
            "```json\n{\"output\": \"web up\"}\n```\n<tool_call>{\"name\": \"disk_usage\", \"arguments\": {}}</tool_call>",
        ] {
            let parsed = parse_known(text, &known);
            let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["disk_usage"], "{text}");
        }
        assert_eq!(
            result_label_after_call(
                "For example:\n```python\ndocker_ps()\n```\nOutput:\n[]",
                &known
            ),
            None
        );
        // Two calls, each in its fence: no output between them, both run.
        let parsed = parse_known(
            "```python\ndocker_ps()\n```\n```python\ndisk_usage(path=\"/\")\n```",
            &known,
        );
        let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["docker_ps", "disk_usage"]);
        assert_eq!(parsed.text, "");
        for text in [
            // Two calls, each in its fence: no output between them.
            "```python\ndocker_ps()\n```\n```python\ndisk_usage(path=\"/\")\n```",
            // Code that calls no tool, then what it prints.
            "```python\nprint(2)\n```\n```\n2\n```",
            // The output after the answer's words.
            "```python\ndocker_ps()\n```\nIt printed:\n```\n[]\n```",
            // A call shown as an example, then what it would print.
            "For example:\n```python\ndocker_ps()\n```\n```\n[]\n```\nThat lists them.",
            // A labelled code fence after the call is no output.
            "```python\ndocker_ps()\n```\n```bash\ndocker ps\n```",
            // Words after the call before the fence: the answer's quote.
            "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call>\nIt prints:\n```\n[]\n```",
            // A call shown as an example, written bare.
            "For example:\n{\"name\": \"docker_ps\", \"arguments\": {}}\n```\n[]\n```",
            // Data, no call, before the fence.
            "{\"web\": \"up\"}\n```\nall good\n```",
        ] {
            assert_eq!(result_fence_after_call(text, &known), None, "{text}");
        }
    }
}
