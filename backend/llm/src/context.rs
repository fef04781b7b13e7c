//! A model's context window: what the backend says (Ollama `/api/show`, llama.cpp `/props`, vLLM
//! and others `/v1/models`), what the operator configured, or what a refusal taught us; and how
//! backends word "the prompt is too long" and "this model cannot take tools".

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The window assumed when the backend does not say and nothing is configured: small enough for
/// every model in use today, so a prompt built for it always fits.
pub const DEFAULT_CONTEXT_TOKENS: u32 = 4096;

/// Ollama reports the window a model was trained for (often 128k), not what it allocates; Warden
/// asks for at most this much (`options.num_ctx`) unless `context_tokens` says otherwise, since
/// the memory a context takes grows with it.
pub const OLLAMA_CONTEXT_CEILING: u32 = 8192;

/// The smallest window Warden works with; anything smaller named by a backend is taken as this.
pub const MIN_CONTEXT_TOKENS: u32 = 512;

/// Where a model's window came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSource {
    Configured,
    Discovered,
    /// A backend's refusal named a smaller window than the one Warden used.
    Learned,
    Default,
}

impl WindowSource {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowSource::Configured => "configured",
            WindowSource::Discovered => "discovered",
            WindowSource::Learned => "learned",
            WindowSource::Default => "default",
        }
    }
}

/// A model's window, in tokens, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub tokens: u32,
    pub source: WindowSource,
}

/// How long a failed discovery is not tried again.
const RETRY_DISCOVERY: Duration = Duration::from_secs(60);

/// What a catalogue model knows of its window.
pub(crate) struct WindowState {
    configured: Option<u32>,
    inner: Mutex<Known>,
}

#[derive(Default)]
struct Known {
    discovered: Option<u32>,
    /// When discovery last failed; None: never tried, or it succeeded.
    failed_at: Option<Instant>,
    tried: bool,
    learned: Option<u32>,
}

impl WindowState {
    pub(crate) fn new(configured: Option<u32>) -> Self {
        Self {
            configured: configured.map(|t| t.max(MIN_CONTEXT_TOKENS)),
            inner: Mutex::new(Known::default()),
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether discovery should run now (nothing configured, not known, not failed recently).
    pub(crate) fn wants_discovery(&self) -> bool {
        if self.configured.is_some() {
            return false;
        }
        let known = self.known();
        known.discovered.is_none()
            && (!known.tried
                || known
                    .failed_at
                    .is_none_or(|at| at.elapsed() >= RETRY_DISCOVERY))
    }

    pub(crate) fn discovered(&self, tokens: Option<u32>) {
        let mut known = self.known();
        known.tried = true;
        match tokens {
            Some(tokens) => {
                known.discovered = Some(tokens.max(MIN_CONTEXT_TOKENS));
                known.failed_at = None;
            }
            None => known.failed_at = Some(Instant::now()),
        }
    }

    /// A refusal named a smaller window (or none: then three quarters of the one used).
    pub(crate) fn learn(&self, named: Option<u32>, used: u32) -> u32 {
        let smaller = named
            .filter(|n| *n < used)
            .unwrap_or(used.saturating_mul(3) / 4)
            .max(MIN_CONTEXT_TOKENS);
        let mut known = self.known();
        known.learned = Some(known.learned.map_or(smaller, |l| l.min(smaller)));
        smaller
    }

    pub(crate) fn current(&self) -> Window {
        let known = self.known();
        let base = match (self.configured, known.discovered) {
            (Some(tokens), _) => Window {
                tokens,
                source: WindowSource::Configured,
            },
            (None, Some(tokens)) => Window {
                tokens,
                source: WindowSource::Discovered,
            },
            (None, None) => Window {
                tokens: DEFAULT_CONTEXT_TOKENS,
                source: WindowSource::Default,
            },
        };
        match known.learned {
            Some(learned) if learned < base.tokens => Window {
                tokens: learned,
                source: WindowSource::Learned,
            },
            Some(_) | None => base,
        }
    }
}

/// Ollama's `/api/show` answer: the model's trained window (`model_info`'s
/// `<arch>.context_length`), or the Modelfile's `num_ctx` when it sets one, at most the ceiling.
pub(crate) fn from_ollama_show(body: &Value) -> Option<u32> {
    let trained = body["model_info"].as_object().and_then(|info| {
        info.iter()
            .find(|(key, _)| key.ends_with(".context_length"))
            .and_then(|(_, value)| value.as_u64())
    });
    let set = body["parameters"].as_str().and_then(|parameters| {
        parameters.lines().find_map(|line| {
            let mut words = line.split_whitespace();
            (words.next() == Some("num_ctx"))
                .then(|| words.next()?.parse::<u64>().ok())
                .flatten()
        })
    });
    let tokens = match (set, trained) {
        (Some(set), Some(trained)) => set.min(trained),
        (Some(set), None) => set,
        (None, Some(trained)) => trained.min(u64::from(OLLAMA_CONTEXT_CEILING)),
        (None, None) => return None,
    };
    u32::try_from(tokens).ok()
}

/// llama.cpp's `/props`: the window each slot really has.
pub(crate) fn from_llamacpp_props(body: &Value) -> Option<u32> {
    body["default_generation_settings"]["n_ctx"]
        .as_u64()
        .or_else(|| body["n_ctx"].as_u64())
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
}

/// `/v1/models`: the entry for `model` (or the only one) with a window field (vLLM's
/// `max_model_len`, and the names other servers use).
pub(crate) fn from_models_list(body: &Value, model: &str) -> Option<u32> {
    let entries = body["data"].as_array()?;
    let entry = entries
        .iter()
        .find(|e| e["id"].as_str() == Some(model))
        .or_else(|| (entries.len() == 1).then(|| &entries[0]))?;
    [
        "max_model_len",
        "context_length",
        "context_window",
        "max_context_length",
    ]
    .iter()
    .find_map(|key| entry[*key].as_u64())
    .and_then(|n| u32::try_from(n).ok())
    .filter(|n| *n > 0)
}

/// Whether an error body says the prompt is longer than the context window; with the window it
/// names, when it names one. Covers llama.cpp and llama-cpp-python, vLLM, OpenAI, LM Studio,
/// Ollama and TGI wordings.
pub(crate) fn overflow(body: &str) -> Option<Option<u32>> {
    let lower = body.to_ascii_lowercase();
    const SIGNS: &[&str] = &[
        "exceed context window",
        "exceeds the context window",
        "exceed the context window",
        "maximum context length",
        "context_length_exceeded",
        "exceed_context_size",
        "exceeds the available context size",
        "context length exceeded",
        "longer than the model's context length",
        "input length exceeds the context length",
        "prompt is too long",
        "context the overflows",
        "must have less than",
        "`max_new_tokens` must be <=",
        "too many tokens in the prompt",
    ];
    if !SIGNS.iter().any(|sign| lower.contains(sign)) {
        return None;
    }
    const WINDOW_BEFORE: &[&str] = &[
        "context window of ",
        "maximum context length is ",
        "\"n_ctx\":",
        "\"n_ctx\": ",
        "context length of only ",
        "context length of ",
        "must have less than ",
        "must be <= ",
    ];
    Some(
        WINDOW_BEFORE
            .iter()
            .find_map(|before| number_after(&lower, before)),
    )
}

fn number_after(text: &str, before: &str) -> Option<u32> {
    let start = text.find(before)? + before.len();
    let digits: String = text[start..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether an error body says the model or server cannot take `tools`.
pub(crate) fn rejects_tools(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    const SIGNS: &[&str] = &[
        "does not support tools",
        "does not support tool",
        "does not support function",
        "enable-auto-tool-choice",
        "tools are not supported",
        "tool calls are not supported",
        "tool calling is not supported",
        "tool use is not supported",
        "function calling is not supported",
        "unrecognized request argument supplied: tools",
        "unsupported parameter: 'tools'",
        "unsupported parameter: tools",
    ];
    SIGNS.iter().any(|sign| lower.contains(sign)) || refuses_the_tools_parameter(&lower)
}

/// Words a server refuses a parameter with; beside the parameter `tools` they mean the request
/// could go without it. llama.cpp says "tools param requires --jinja flag" or "Unsupported param:
/// tools", pydantic servers "extra inputs are not permitted".
const REFUSALS: &[&str] = &[
    "unsupported",
    "not supported",
    "not support",
    "requires",
    "unrecognized",
    "unknown",
    "not permitted",
    "not allowed",
];

/// Whether a lower-cased error body names the `tools` parameter (the word itself, not
/// `tool_calls` nor one entry such as `tools[0]`, whose schema may be what was refused) beside a
/// refusal.
fn refuses_the_tools_parameter(lower: &str) -> bool {
    let names_tools = lower.match_indices("tools").any(|(at, word)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        let part_of_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        !before.is_some_and(part_of_word)
            && !after.is_some_and(|c| part_of_word(c) || c == '[' || c == '.')
    });
    names_tools && REFUSALS.iter().any(|refusal| lower.contains(refusal))
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn overflow_wordings_of_real_servers() {
        for (body, window) in [
            (
                "{\"error\":{\"message\":\"Requested tokens (4846) exceed context window of 4096\",\"type\":\"internal_server_error\"}}",
                Some(4096),
            ),
            // Recorded from llama-cpp-python 0.3.36 serving SmolLM2-135M with a 4,096 context.
            (
                "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 6010 tokens (6010 in the messages, None in the completion). Please reduce the length of the messages or completion.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}",
                Some(4096),
            ),
            (
                "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}",
                Some(4096),
            ),
            (
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8000 in the messages, 1000 in the completion).\",\"type\":\"BadRequestError\",\"code\":400}",
                Some(8192),
            ),
            (
                "{\"error\":{\"message\":\"Your input exceeds the context window of this model.\",\"code\":\"context_length_exceeded\"}}",
                None,
            ),
            (
                "Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens",
                Some(4096),
            ),
            (
                "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 5000 `inputs` tokens\"}",
                Some(4096),
            ),
            (
                "{\"error\":\"input length exceeds the context length\"}",
                None,
            ),
        ] {
            assert_eq!(overflow(body), Some(window), "{body}");
        }
        assert_eq!(overflow("{\"error\":\"model not found\"}"), None);
    }

    #[test]
    fn tools_rejections_of_real_servers() {
        for body in [
            "{\"error\":\"registry.ollama.ai/library/gemma:2b does not support tools\"}",
            "{\"object\":\"error\",\"message\":\"\\\"auto\\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set\",\"type\":\"BadRequestError\",\"code\":400}",
            "{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\",\"tools\"],\"msg\":\"Extra inputs are not permitted\"}]}",
            // llama-server without `--jinja` (LLMKube#126, ramalama#988), and older builds
            // (llama.cpp#10920); both answer 500.
            "{\"code\":500,\"message\":\"tools param requires --jinja flag\",\"type\":\"server_error\"}",
            "{\"code\":500,\"message\":\"Unsupported param: tools\",\"type\":\"server_error\"}",
            "{\"error\":{\"message\":\"Unknown parameter 'tools'\"}}",
            "{\"error\":\"the tools parameter is not supported by this model\"}",
        ] {
            assert!(rejects_tools(body), "{body}");
        }
        for body in [
            "{\"error\":{\"message\":\"Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.\"}}",
            // One tool's schema, not the parameter: the request cannot go without tools.
            "{\"error\":{\"message\":\"Unsupported schema in tools[0].function.parameters\"}}",
            "{\"error\":\"unsupported value for tool_choice\"}",
        ] {
            assert!(!rejects_tools(body), "{body}");
        }
    }

    #[test]
    fn windows_from_discovery_answers() {
        assert_eq!(
            from_ollama_show(
                &json!({"model_info": {"qwen2.context_length": 32768, "general.architecture": "qwen2"}})
            ),
            Some(OLLAMA_CONTEXT_CEILING)
        );
        assert_eq!(
            from_ollama_show(
                &json!({"parameters": "stop \"<|im_end|>\"\nnum_ctx 4096", "model_info": {"llama.context_length": 131072}})
            ),
            Some(4096)
        );
        assert_eq!(
            from_ollama_show(&json!({"model_info": {"gemma.context_length": 2048}})),
            Some(2048)
        );
        assert_eq!(
            from_llamacpp_props(&json!({"default_generation_settings": {"n_ctx": 4096}})),
            Some(4096)
        );
        assert_eq!(
            from_models_list(
                &json!({"data": [{"id": "a", "max_model_len": 2048}, {"id": "qwen", "max_model_len": 32768}]}),
                "qwen"
            ),
            Some(32768)
        );
        assert_eq!(
            from_models_list(
                &json!({"data": [{"id": "smollm2", "object": "model"}]}),
                "smollm2"
            ),
            None
        );
    }

    #[test]
    fn a_refusal_teaches_a_smaller_window() {
        let state = WindowState::new(None);
        assert_eq!(
            state.current(),
            Window {
                tokens: DEFAULT_CONTEXT_TOKENS,
                source: WindowSource::Default
            }
        );
        state.discovered(Some(8192));
        assert_eq!(state.current().source, WindowSource::Discovered);
        assert_eq!(state.learn(Some(6000), 8192), 6000);
        assert_eq!(
            state.current(),
            Window {
                tokens: 6000,
                source: WindowSource::Learned
            }
        );
        assert_eq!(state.learn(None, 6000), 4500, "unnamed: three quarters");
        assert!(!state.wants_discovery());
    }
}
