//! Token estimates, made without the model's tokenizer and on the safe side: a prompt estimated to
//! fit does fit. Byte-level BPE tokenizers give about four bytes a token for English and three for
//! JSON; some split every digit, and numbers fill tool output. So: every digit is a token, every
//! other three bytes are a token, and each message and tool carries its template's framing.

use warden_llm::{ChatMessage, ToolDefinition};

/// The framing a chat template puts around one message (role markers, separators).
pub const MESSAGE_OVERHEAD: u32 = 8;
/// The framing around one tool (its entry in the template's tool list).
pub const TOOL_OVERHEAD: u32 = 12;
/// What templates add once when tools are offered (llama.cpp's function-calling template writes
/// about a hundred tokens of instructions; others less).
pub const TOOLS_PREAMBLE: u32 = 160;
/// Framing around the whole prompt (start of the assistant's turn and the like).
pub const PROMPT_OVERHEAD: u32 = 16;

/// Tokens of a piece of text.
pub fn text(text: &str) -> u32 {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let other = text.len() - digits;
    u32::try_from(digits + other.div_ceil(3)).unwrap_or(u32::MAX)
}

/// Tokens of one message as sent: its text, its calls' names and arguments, and framing.
pub fn message(message: &ChatMessage) -> u32 {
    let calls: u32 = message
        .tool_calls
        .iter()
        .map(|c| text(&c.name) + text(&c.arguments.to_string()) + TOOL_OVERHEAD)
        .sum();
    MESSAGE_OVERHEAD + text(&message.content) + calls
}

pub fn messages(messages: &[ChatMessage]) -> u32 {
    messages.iter().map(message).sum()
}

/// Tokens of one tool's definition (name, description, schema) as offered.
pub fn tool(tool: &ToolDefinition) -> u32 {
    static COSTS: warden_llm::memo::ToolMemo<u32> =
        warden_llm::memo::ToolMemo::new(warden_llm::memo::Source::DescriptionAndSchema);
    COSTS.get(tool, |tool| {
        TOOL_OVERHEAD
            + text(&tool.name)
            + text(&tool.description)
            + text(&tool.parameters.to_string())
    })
}

/// Tokens of a set of offered tools, the template's preamble included.
pub fn tools(tools: &[ToolDefinition]) -> u32 {
    if tools.is_empty() {
        0
    } else {
        TOOLS_PREAMBLE + tools.iter().map(tool).sum::<u32>()
    }
}

/// The tokens kept free for the answer in a window: an eighth, between 256 and 2,048.
pub fn answer_reserve(window: u32) -> u32 {
    (window / 8).clamp(256, 2048)
}

/// The longest prefix of `text` estimated at most `budget` tokens, cut at a character boundary.
pub fn clip(text: &str, budget: u32) -> &str {
    if self::text(text) <= budget {
        return text;
    }
    let (mut used, mut spent) = (0, 0u32);
    let mut pending_other = 0u32;
    for (at, ch) in text.char_indices() {
        let cost_before = spent + pending_other.div_ceil(3);
        if cost_before > budget {
            break;
        }
        used = at;
        if ch.is_ascii_digit() {
            spent += 1;
        } else {
            pending_other += u32::try_from(ch.len_utf8()).unwrap_or(4);
        }
    }
    &text[..used]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_count_alone_and_the_rest_by_thirds() {
        assert_eq!(text(""), 0);
        assert_eq!(text("abc"), 1);
        assert_eq!(text("abcd"), 2);
        assert_eq!(text("2048"), 4);
        assert_eq!(text("/ 92%"), 2 + 1);
        assert_eq!(text("é"), 1);
    }

    #[test]
    fn clipping_stays_within_the_budget_and_on_char_boundaries() {
        let long = "disk 93% used on /var, é ".repeat(200);
        for budget in [0, 1, 7, 100, 1000] {
            let cut = clip(&long, budget);
            assert!(text(cut) <= budget, "{budget}: {}", text(cut));
            assert!(long.starts_with(cut));
        }
        assert_eq!(clip("short", 100), "short");
        assert!(text(clip(&long, 1000)) > 900, "uses most of the budget");
    }

    #[test]
    fn the_reserve_is_an_eighth_within_bounds() {
        assert_eq!(answer_reserve(2048), 256);
        assert_eq!(answer_reserve(4096), 512);
        assert_eq!(answer_reserve(128_000), 2048);
    }
}
