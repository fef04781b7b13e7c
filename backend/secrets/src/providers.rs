//! Maps of AI and ML services to their keys, where no secret word names the value: `llm`'s
//! `keys.json` (`{"openai": "sk-...", "mistral": "VALUE"}`), aider's and other tools' key
//! maps in YAML or TOML (`anthropic: VALUE`, `groq = "VALUE"`). A provider's name written as
//! a key with a value of one word is a key; what such maps also hold stays: a model's name
//! (`"openai": "gpt-4o-mini"`, `anthropic: claude-3-5-sonnet`), an address, a path, a
//! variable's name (`"openai": "OPENAI_API_KEY"`), a switch (`true`, `enabled`), a number.
//! A provider named as a value (`"provider": "openai"`) is no key of a map.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// AI and ML services' names, as keys of their maps and before a key's name in prose
/// (`giventokens.rs`: `my OpenAI key: X`).
pub(crate) const PROVIDERS: &str = r"(?:openai|anthropic|claude|mistral|mistralai|gemini|palm|google_?ai|cohere|groq|together|togetherai|perplexity|pplx|deepseek|openrouter|huggingface|hugging[ _-]face|hf|replicate|fireworks|xai|grok|voyage|voyageai|jina|deepinfra|anyscale|cerebras|sambanova|ai21|elevenlabs|assemblyai|deepgram|stability|wandb|comet|neptune|pinecone|tavily|serpapi|exa|moonshot|dashscope|zhipu|novita|hyperbolic|nebius|azure_?openai|ngc)";

/// A provider's name as a key (quoted or bare, after a line's start, `{` or `,`) and its one
/// word of value. The value must be whole (a line's end, `,`, `}` or `]` after it, checked by
/// the caller): `wandb: Currently logged in as: bob` is a sentence.
static PROVIDER_KEY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(&format!(
        r#"(?im)(?P<head>(?:^|[{{,])[ \t]*["']?{PROVIDERS}["']?[ \t]*[:=][ \t]*["']?)(?P<value>[^\s"',}}\]]+)(?P<tail>["']?)"#
    ))
    .ok()
});

/// Words of models' names: a map of providers to models, not to keys.
const MODEL_WORDS: &[&str] = &[
    "gpt",
    "claude",
    "llama",
    "mistral",
    "mixtral",
    "codestral",
    "pixtral",
    "ministral",
    "magistral",
    "devstral",
    "gemini",
    "gemma",
    "command",
    "qwen",
    "deepseek",
    "phi",
    "sonnet",
    "opus",
    "haiku",
    "embed",
    "embedding",
    "whisper",
    "dall",
    "tts",
    "grok",
    "sonar",
    "jamba",
    "nemotron",
    "kimi",
    "glm",
    "turbo",
    "chat",
    "instruct",
    "latest",
    "mini",
    "flash",
    "pro",
    "o1",
    "o3",
    "o4",
    "rerank",
    "voyage",
    "jina",
    "stable",
    "diffusion",
    "sdxl",
];

/// Values such maps hold that are no key.
fn public(value: &str) -> bool {
    let lowered = value.to_ascii_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let model = words.iter().any(|w| {
        MODEL_WORDS.contains(w)
            || MODEL_WORDS
                .iter()
                .any(|m| w.starts_with(m) && w[m.len()..].chars().all(|c| c.is_ascii_digit()))
    });
    // `OPENAI_API_KEY`: the variable that holds the key, named.
    let variable = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && value.contains('_');
    value.contains(REDACTED)
        || value.contains("://")
        || value.starts_with(['/', '~', '.', '$', '{', '[', '<', '#', '&', '*', '|', '>'])
        || value.parse::<f64>().is_ok()
        || matches!(
            lowered.as_str(),
            "true"
                | "false"
                | "null"
                | "none"
                | "nil"
                | "yes"
                | "no"
                | "on"
                | "off"
                | "enabled"
                | "disabled"
                | "auto"
                | "default"
                | "required"
                | "optional"
                | "ok"
                | "done"
                | "error"
                | "warning"
                | "failed"
                | "success"
                | "ready"
                | "running"
                | "up"
                | "down"
                | "online"
                | "offline"
                | "healthy"
                | "unhealthy"
                | "available"
                | "unavailable"
                | "active"
                | "inactive"
                | "pending"
                | "connected"
                | "disconnected"
                | "skipped"
                | "unknown"
        )
        || model
        || variable
        || crate::placeholders::stands_in(value)
}

/// `text` with the keys of provider maps hidden.
pub(crate) fn redact_provider_keys(text: &str) -> String {
    let Some(pattern) = PROVIDER_KEY.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &regex::Captures<'_>| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let value = c.name("value").map_or("", |m| m.as_str());
            let end = c.get(0).map_or(text.len(), |m| m.end());
            let whole_value = text[end..]
                .trim_start_matches([' ', '\t'])
                .chars()
                .next()
                .is_none_or(|ch| matches!(ch, ',' | '}' | ']' | '\r' | '\n'));
            if !whole_value || public(value) {
                whole.to_owned()
            } else {
                format!(
                    "{}{REDACTED}{}",
                    c.name("head").map_or("", |m| m.as_str()),
                    c.name("tail").map_or("", |m| m.as_str())
                )
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_provider_keys;

    #[test]
    fn keys_of_provider_maps_go() {
        for (text, expected) in [
            (
                r#"{"openai": "plainvaluekey", "mistral": "Jf83kdleiw9qPzmn28dkQ"}"#,
                r#"{"openai": "[redacted]", "mistral": "[redacted]"}"#,
            ),
            (
                "{\n  \"// Note\": \"This file stores secret API credentials. Do not share!\",\n  \"anthropic\": \"myplainkeyvalue\"\n}",
                "{\n  \"// Note\": \"This file stores secret API credentials. Do not share!\",\n  \"anthropic\": \"[redacted]\"\n}",
            ),
            (
                "keys:\n  openai: myplainopenaikey\n  groq: 'tulipgarden'",
                "keys:\n  openai: [redacted]\n  groq: '[redacted]'",
            ),
            ("wandb = \"plainwandbkey\"", "wandb = \"[redacted]\""),
        ] {
            assert_eq!(redact_provider_keys(text), expected, "{text}");
        }
    }

    #[test]
    fn models_switches_and_names_stay() {
        for text in [
            r#"{"provider": "openai", "model": "gpt-4o"}"#,
            r#"{"openai": "gpt-4o-mini", "anthropic": "claude-3-5-sonnet-20241022"}"#,
            "mistral: mistral-large-latest\ngemini: gemini-1.5-pro\nollama: llama3.1:8b",
            "openai: https://api.openai.com/v1",
            r#"{"openai": "OPENAI_API_KEY", "groq": "${GROQ_API_KEY}"}"#,
            "openai: true\nanthropic: disabled\ntogether: 0.5",
            "deepseek: deepseek-coder\nqwen: qwen2.5",
            "provider=openai model=o3-mini",
            r#"{"openai": "[redacted]"}"#,
            "Using openai: done in 2s",
            "wandb: Currently logged in as: bob (team)",
            "openai: ERROR\nwandb: done",
            "mistral: ready\nopenai: healthy\nanthropic: unavailable",
        ] {
            assert_eq!(redact_provider_keys(text), text, "{text}");
        }
    }
}
