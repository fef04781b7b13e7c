//! A call's envelope tokens printed with their brackets stripped, as servers that drop special
//! tokens, or models that learned them as text, write them: Phi-4-mini's
//! `|tool_call|>[...]|/tool_call|>`, LFM2's and MiniCPM's bare `tool_call_start ...
//! tool_call_end`, InternLM's `action_start plugin {...} action_end` and its
//! `environment name=plugin` turn. They are given their brackets back (`<|tool_call|>`,
//! `<|action_start|><|plugin|>`, `<|im_start|>environment name=<|plugin|>`) so the envelope
//! readers read the calls, take the token words out of the answer, and cut the tool's turn the
//! model made up, as they do the printed tokens.
//!
//! A positive list of the envelope tokens: a bar or a bracket left on them (`|tool_call|>`,
//! `<|tool_call|`, `|action_end|`) marks them as tokens anywhere; their bare words only where a
//! token stands, at a line's start or glued to a call's closing bracket, and only the tokens
//! whose words prose never uses (`tool_call_start`, `action_start`, never a bare `tool_call`).

/// Envelope tokens, written between `<|` and `|>`.
const TOKENS: &[&str] = &[
    "tool_call",
    "/tool_call",
    "tool_calls",
    "/tool_calls",
    "tool_call_start",
    "tool_call_end",
    "action_start",
    "action_end",
    "plugin",
    "interpreter",
    "python_tag",
    // Command R's and R7B's action span.
    "START_ACTION",
    "END_ACTION",
];

/// Role and turn tokens, given their bracket back only where both bars and the closing bracket
/// were printed (Phi's `|user|>`, `|tool|>`, `|end|>`): with less, the word is prose.
const ROLE_TOKENS: &[&str] = &[
    "user",
    "assistant",
    "system",
    "tool",
    "end",
    "im_start",
    "im_end",
    "eot_id",
];

/// DeepSeek's envelope tokens, written between full-width bars (`<｜tool▁sep｜>`); their words,
/// joined by `▁`, are never prose.
const DEEPSEEK: &[&str] = &[
    "tool▁calls▁begin",
    "tool▁call▁begin",
    "tool▁sep",
    "tool▁call▁end",
    "tool▁calls▁end",
];

/// The tokens whose bare words stand only as tokens: compound words naming a call's start or
/// end, which no sentence spells.
const BARE: &[&str] = &[
    "tool_call_start",
    "tool_call_end",
    "action_start",
    "action_end",
    "START_ACTION",
    "END_ACTION",
];

/// `text` with its envelope tokens' brackets given back, or None when it has no stripped one.
pub fn rewrite(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut changed = false;
    let mut rest = text;
    let mut line_start = true;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = deepseek_at(rest, out.as_str()) {
            // The blanks a stripped token left around it go with it: DeepSeek's envelope is
            // read with its tokens glued to the name (`function<｜tool▁sep｜>NAME`).
            out.truncate(out.trim_end_matches([' ', '\t']).len());
            out.push_str(&format!("<｜{}｜>", &rest[..len]));
            rest = rest[len..].trim_start_matches([' ', '\t']);
            changed = true;
            line_start = false;
            continue;
        }
        if let Some((len, token)) = stripped_at(rest, line_start, out.as_str()) {
            out.push_str(&token);
            rest = &rest[len..];
            changed = true;
            line_start = false;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        line_start = c == '\n' || (line_start && matches!(c, ' ' | '\t'));
    }
    changed.then_some(out)
}

/// The length of DeepSeek's envelope token with its bars stripped at the start of `text`, not
/// inside a token printed whole.
fn deepseek_at(text: &str, before: &str) -> Option<usize> {
    // Glued to a word too (`functiontool▁sep`): the tokens' words were printed with nothing
    // between them.
    // A token in brackets of another kind (`<tool▁sep>`) is the readers' already.
    if before.ends_with(['｜', '|', '▁', '_', '<']) {
        return None;
    }
    let token = DEEPSEEK
        .iter()
        .filter(|token| text.starts_with(**token))
        .max_by_key(|token| token.len())?;
    let after = &text[token.len()..];
    (!after.starts_with(['｜', '|', '▁', '>'])).then_some(token.len())
}

/// The stripped token at the start of `text`: its length and the token printed whole.
fn stripped_at(text: &str, line_start: bool, before: &str) -> Option<(usize, String)> {
    // InternLM's tool turn, its role token stripped (`environment name=plugin` on its line).
    if line_start && let Some(len) = environment_turn(text) {
        return Some((len, "<|im_start|>environment name=<|plugin|>".to_owned()));
    }
    // A token printed whole is left to the readers; one missing its closing bracket
    // (`<|tool_call|`) gets it back.
    if let Some(inner) = text.strip_prefix("<|") {
        let token = TOKENS
            .iter()
            .filter(|token| inner.starts_with(**token))
            .max_by_key(|token| token.len())?;
        let after = &inner[token.len()..];
        return (after.starts_with('|') && !after.starts_with("|>"))
            .then(|| (2 + token.len() + 1, format!("<|{token}|>")));
    }
    let (open, inner) = match text.strip_prefix('|') {
        // The bar of a token printed whole (`<|tool_call|>`).
        Some(_) if before.ends_with('<') => return None,
        Some(inner) => (1, inner),
        // Inside a word or a token printed whole (`<|/tool_call|>`), no token starts.
        None if text.starts_with('<')
            || before
                .ends_with(|c: char| c.is_alphanumeric() || matches!(c, '<' | '|' | '_' | '/')) =>
        {
            return None;
        }
        None => (0, text),
    };
    // A role's token only with both bars and its closing bracket (`|tool|>`).
    if open == 1
        && let Some(role) = ROLE_TOKENS.iter().find(|role| {
            inner
                .strip_prefix(**role)
                .is_some_and(|t| t.starts_with("|>"))
        })
    {
        return Some((1 + role.len() + 2, format!("<|{role}|>")));
    }
    let token = TOKENS
        .iter()
        .filter(|token| inner.starts_with(**token))
        .max_by_key(|token| token.len())?;
    let after = &inner[token.len()..];
    let close = if after.starts_with("|>") {
        2
    } else if after.starts_with('|') {
        1
    } else {
        0
    };
    let bare = open == 0 && close == 0;
    if bare {
        // The word alone: only a compound token, where a token stands, ending there.
        let glued = before
            .trim_end_matches([' ', '\t'])
            .ends_with(['}', ']', ')', '>']);
        let ends = after.is_empty() || after.starts_with([' ', '\t', '\n', '\r', '[', '{', '<']);
        if !BARE.contains(token) || !(line_start || glued) || !ends {
            return None;
        }
    } else if open == 0 && !after.starts_with("|>") {
        // A closing bar alone (`tool_call|`) is a table's cell as often as a token.
        return None;
    } else if open == 1 && close == 0 {
        // An opening bar alone (`|tool_call`) likewise.
        return None;
    }
    let len = open + token.len() + close;
    let mut whole = format!("<|{token}|>");
    // InternLM's `action_start plugin`: the plugin's word after the action's token.
    if *token == "action_start" {
        let rest = &text[len..];
        let spaced = rest.trim_start_matches([' ', '\t']);
        for word in [
            "|plugin|>",
            "|plugin|",
            "plugin",
            "|interpreter|>",
            "|interpreter|",
            "interpreter",
        ] {
            if let Some(tail) = spaced.strip_prefix(word)
                && (tail.is_empty() || tail.starts_with([' ', '\t', '\n', '\r', '{', '[']))
            {
                let name = word.trim_matches(['|', '>']);
                whole.push_str(&format!("<|{name}|>"));
                return Some((len + rest.len() - tail.len(), whole));
            }
        }
    }
    Some((len, whole))
}

/// The length of InternLM's tool turn header with its tokens stripped at the start of `text`
/// (`environment name=plugin`, `im_start environment name=<|plugin|>`), up to its line's end.
fn environment_turn(text: &str) -> Option<usize> {
    let line = text.split_inclusive('\n').next()?;
    let body = line.trim_end();
    let mut rest = body;
    for start in ["<|im_start|>", "|im_start|>", "|im_start|", "im_start"] {
        if let Some(after) = rest.strip_prefix(start) {
            rest = after.trim_start();
            break;
        }
    }
    let name = rest.strip_prefix("environment name=")?;
    let plugin = [
        "<|plugin|>",
        "|plugin|>",
        "|plugin|",
        "plugin",
        "<|interpreter|>",
        "interpreter",
    ];
    // The header printed whole is the readers' own.
    if body.starts_with("<|im_start|>") && name.starts_with("<|") {
        return None;
    }
    plugin.contains(&name.trim()).then_some(body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_tokens_stripped_of_brackets_get_them_back() {
        for (text, want) in [
            (
                "|tool_call|>[{}]|/tool_call|>",
                "<|tool_call|>[{}]<|/tool_call|>",
            ),
            ("<|tool_call|[{}]", "<|tool_call|>[{}]"),
            (
                "START_ACTION [{}] END_ACTION",
                "<|START_ACTION|> [{}] <|END_ACTION|>",
            ),
            (
                "[]|/tool_call|>\n|tool|>web|end|>",
                "[]<|/tool_call|>\n<|tool|>web<|end|>",
            ),
            (
                "tool▁calls▁begin tool▁call▁begin function tool▁sep docker_ps",
                "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>docker_ps",
            ),
            (
                "tool_call_start[a()]tool_call_end",
                "<|tool_call_start|>[a()]<|tool_call_end|>",
            ),
            (
                "action_start plugin\n{}action_end",
                "<|action_start|><|plugin|>\n{}<|action_end|>",
            ),
            (
                "|action_start||plugin|\n{}|action_end|",
                "<|action_start|><|plugin|>\n{}<|action_end|>",
            ),
            (
                "{}\nenvironment name=plugin\nweb",
                "{}\n<|im_start|>environment name=<|plugin|>\nweb",
            ),
            (
                "{}\nenvironment name=<|plugin|>\nweb",
                "{}\n<|im_start|>environment name=<|plugin|>\nweb",
            ),
        ] {
            assert_eq!(rewrite(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn words_and_tables_stay_as_written() {
        for text in [
            "<|tool_call|>[{}]<|/tool_call|>",
            "The tool_call field holds it.",
            "Set tool_call_start in the config.",
            "| tool_call | yes |",
            "| tool_call | yes |",
            "|tool_call yes",
            "The plugin runs.",
            "|user| is a column",
            "Set START_ACTION later.",
            "<｜tool▁sep｜>",
            "<tool▁calls▁begin><tool▁sep>",
            "environment name=production",
            "<|im_start|>environment name=<|plugin|>\nweb",
        ] {
            assert_eq!(rewrite(text), None, "{text}");
        }
    }
}
