//! Each configured model, asked the way its server answers: Ollama's `/api/show` (context
//! window in `model_info`, `tools` among `capabilities`); an OpenAI-compatible server's
//! `/v1/models` (the model must be listed; vLLM tells `max_model_len`), llama.cpp's `/props`
//! (`n_ctx`), and one chat completion with a tool attached and a one-token answer, which proves
//! both that the model answers and that the server accepts tools.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::Verdict;
use crate::config::{LlmApi, LlmModelConfig};

/// Each request of a probe.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes of an error body quoted in the detail.
const QUOTED_BYTES: usize = 200;
/// The most of a body a probe reads (a model list or a one-token answer is far smaller).
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// What a server said about a model.
struct Described {
    context: Option<(u64, &'static str)>,
    tools: Option<bool>,
    /// The server's words when it refused a request with tools.
    refusal: Option<String>,
}

pub async fn probe(model: &LlmModelConfig) -> Verdict {
    let base = model.url.trim_end_matches('/').to_owned();
    let (api, described) = match model.api {
        LlmApi::Ollama => ("ollama", ollama(model, &base).await),
        LlmApi::OpenAi => ("openai", openai(model, &base).await),
    };
    let head = format!("{api} '{}' at {base}", model.model);
    let described = match described {
        Ok(described) => described,
        Err(why) => return Verdict::failed(format!("{head}: {why}")),
    };
    let context = match described.context {
        Some((tokens, source)) => format!("context window {tokens} tokens ({source})"),
        None => "context window not reported by the server".to_owned(),
    };
    match (described.tools, model.native_tools) {
        (Some(false), true) => Verdict::failed(format!(
            "{head}: {context}; does not accept tools{}, but tools = \"native\" is configured: set tools = \"text\" for this model",
            described
                .refusal
                .map(|r| format!(" (the server said {r})"))
                .unwrap_or_default()
        )),
        (Some(true), _) => Verdict::ok(format!("{head}: answers, {context}, accepts tools")),
        (Some(false), false) => Verdict::ok(format!(
            "{head}: answers, {context}, no tools (the text protocol is configured)"
        )),
        (None, _) => Verdict::ok(format!(
            "{head}: answers, {context}, whether it accepts tools is not reported"
        )),
    }
}

fn client() -> Result<reqwest::Client, String> {
    warden_http::client_builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))
}

fn authorized(request: reqwest::RequestBuilder, model: &LlmModelConfig) -> reqwest::RequestBuilder {
    match &model.api_key {
        Some(key) => request.bearer_auth(key.expose()),
        None => request,
    }
}

/// Sends a request; the JSON body of a 2xx answer, or the status and the start of the body.
async fn call(request: reqwest::RequestBuilder) -> Result<Value, (Option<StatusCode>, String)> {
    let response = request.send().await.map_err(|e| {
        let why = if e.is_timeout() {
            format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())
        } else if e.is_connect() {
            "no answer (connection refused or host unreachable)".to_owned()
        } else {
            format!("request failed: {e}")
        };
        (None, why)
    })?;
    let status = response.status();
    let text = body(response)
        .await
        .map_err(|why| (Some(status), format!("{status}: {why}")))?;
    if !status.is_success() {
        let quoted: String = text.chars().take(QUOTED_BYTES).collect();
        return Err((Some(status), format!("{status}: {}", quoted.trim())));
    }
    serde_json::from_str(&text).map_err(|_| {
        (
            Some(status),
            format!("{status} with a body that is not JSON"),
        )
    })
}

/// The body, at most [`BODY_LIMIT`] bytes, within what is left of [`REQUEST_TIMEOUT`]; a body
/// that never came, broke off or is too large is said as such (not taken for an empty body).
async fn body(mut response: reqwest::Response) -> Result<String, String> {
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > BODY_LIMIT {
                    return Err(format!(
                        "the body is larger than {} MiB",
                        BODY_LIMIT / (1024 * 1024)
                    ));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.is_timeout() => {
                return Err(format!(
                    "the headers arrived but {} within {} s (the server stalled)",
                    if bytes.is_empty() {
                        "no body".to_owned()
                    } else {
                        format!("only {} bytes of the body", bytes.len())
                    },
                    REQUEST_TIMEOUT.as_secs()
                ));
            }
            Err(e) => {
                return Err(format!(
                    "the body broke off after {} bytes: {e}",
                    bytes.len()
                ));
            }
        }
    }
}

async fn ollama(model: &LlmModelConfig, base: &str) -> Result<Described, String> {
    let client = client()?;
    let request = authorized(client.post(format!("{base}/api/show")), model)
        .json(&json!({ "model": model.model }));
    let shown = call(request).await.map_err(|(status, why)| match status {
        Some(StatusCode::NOT_FOUND) => format!(
            "this Ollama does not have the model ({why}); pull it: ollama pull {}",
            model.model
        ),
        Some(_) | None => why,
    })?;
    let context = shown["model_info"].as_object().and_then(|info| {
        info.iter()
            .find(|(key, _)| key.ends_with(".context_length"))
            .and_then(|(_, value)| value.as_u64())
            .map(|tokens| (tokens, "/api/show"))
    });
    let tools = shown["capabilities"]
        .as_array()
        .map(|caps| caps.iter().any(|c| c.as_str() == Some("tools")));
    Ok(Described {
        context,
        tools,
        refusal: None,
    })
}

async fn openai(model: &LlmModelConfig, base: &str) -> Result<Described, String> {
    let client = client()?;
    let models_url = format!("{base}/v1/models");
    let listed = call(authorized(client.get(&models_url), model))
        .await
        .map_err(|(_, why)| format!("{models_url}: {why}"))?;
    let entries = listed["data"].as_array().cloned().unwrap_or_default();
    let Some(entry) = entries
        .iter()
        .find(|m| m["id"].as_str() == Some(&model.model))
    else {
        let served: Vec<&str> = entries.iter().filter_map(|m| m["id"].as_str()).collect();
        return Err(format!(
            "the server does not serve this model (it serves: {})",
            if served.is_empty() {
                "none".to_owned()
            } else {
                served.join(", ")
            }
        ));
    };
    let mut context = entry["max_model_len"]
        .as_u64()
        .map(|tokens| (tokens, "max_model_len"));
    if context.is_none()
        && let Ok(props) = call(authorized(client.get(format!("{base}/props")), model)).await
    {
        context = props["default_generation_settings"]["n_ctx"]
            .as_u64()
            .map(|tokens| (tokens, "/props"));
    }
    // One token with a tool attached: the model answers, and the server takes `tools`.
    let body = json!({
        "model": model.model,
        "messages": [{ "role": "user", "content": "Reply with OK." }],
        "tools": [{ "type": "function", "function": {
            "name": "noop",
            "description": "Does nothing.",
            "parameters": { "type": "object", "properties": {} }
        }}],
        "tool_choice": "auto",
        "max_tokens": 1,
        "stream": false
    });
    let request = authorized(client.post(format!("{base}/v1/chat/completions")), model).json(&body);
    let (tools, refusal) = match call(request).await {
        Ok(_) => (Some(true), None),
        // Refused for its tools (the server's words say so): the model answers, without tools.
        Err((Some(status), why))
            if status.is_client_error() && why.to_lowercase().contains("tool") =>
        {
            (Some(false), Some(why))
        }
        Err((_, why)) => {
            return Err(format!(
                "a one-token chat at {base}/v1/chat/completions failed: {why}"
            ));
        }
    };
    Ok(Described {
        context,
        tools,
        refusal,
    })
}
