//! What real servers refuse, checked the way they check it. A request that breaks a rule is
//! answered 400 with the rule, so a client bug fails its test instead of passing against a
//! forgiving fake and failing against the real thing.
//!
//! OpenAI-compatible (OpenAI's documented validation, plus llama-cpp-python's refusal of
//! `content: null`, which it answers with a 500 and OpenAI accepts only beside tool calls):
//! known top-level parameters only; a non-empty `model` and `messages`; known roles; string
//! content (or text parts) everywhere; assistant tool calls with a non-empty unique `id`, type
//! `function`, a valid name and `arguments` as a string holding a JSON object (vLLM parses them,
//! SGLang reads them as a mapping); every assistant tool call answered by a
//! `tool` message before anything else is said, and every `tool` message answering an open call;
//! `tools` entries of type `function` with valid names; `tool_choice` only with `tools`.
//!
//! Ollama: known roles, string content, tool-call arguments as objects (Ollama refuses strings).

use std::collections::HashSet;

use serde_json::Value;

const OPENAI_PARAMETERS: &[&str] = &[
    "model",
    "messages",
    "stream",
    "stream_options",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "stop",
    "seed",
    "n",
    "presence_penalty",
    "frequency_penalty",
    "response_format",
    "user",
];

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Content as OpenAI takes it: a string, or a list of parts each with text.
fn text_content(content: &Value) -> bool {
    match content {
        Value::String(_) => true,
        Value::Array(parts) => parts.iter().all(|p| p["text"].is_string()),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::Object(_) => false,
    }
}

pub fn check_openai(body: &Value) -> Result<(), String> {
    let object = body
        .as_object()
        .ok_or("the request body must be a JSON object")?;
    for key in object.keys() {
        if !OPENAI_PARAMETERS.contains(&key.as_str()) {
            return Err(format!("Unrecognized request argument supplied: {key}"));
        }
    }
    if body["model"].as_str().is_none_or(str::is_empty) {
        return Err("you must provide a model parameter".to_owned());
    }
    let messages = body["messages"]
        .as_array()
        .filter(|m| !m.is_empty())
        .ok_or("'messages' must be a non-empty array")?;
    // Calls of the last assistant message still waiting for their tool results.
    let mut open: Vec<String> = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        let role = message["role"].as_str().unwrap_or("");
        if role != "tool" && !open.is_empty() {
            return Err(format!(
                "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {}",
                open.join(", ")
            ));
        }
        match role {
            "system" | "developer" | "user" => {
                if !text_content(&message["content"]) {
                    return Err(format!(
                        "Invalid value for 'messages[{i}].content': expected a string, got {}",
                        message["content"]
                    ));
                }
            }
            "assistant" => {
                let calls = message.get("tool_calls");
                if !text_content(&message["content"]) {
                    // OpenAI takes null beside tool calls; llama-cpp-python never does.
                    return Err(format!(
                        "Invalid value for 'messages[{i}].content': expected a string, got {} (llama.cpp refuses null content)",
                        message["content"]
                    ));
                }
                if let Some(calls) = calls {
                    let calls = calls.as_array().filter(|c| !c.is_empty()).ok_or(format!(
                        "Invalid 'messages[{i}].tool_calls': empty array. Expected an array with minimum length 1"
                    ))?;
                    let mut ids = HashSet::new();
                    for (j, call) in calls.iter().enumerate() {
                        let id = call["id"].as_str().unwrap_or("");
                        if id.is_empty() {
                            return Err(format!(
                                "Invalid 'messages[{i}].tool_calls[{j}].id': empty string. Expected a string with minimum length 1"
                            ));
                        }
                        if !ids.insert(id) {
                            return Err(format!(
                                "Duplicate tool call id '{id}' in 'messages[{i}].tool_calls'"
                            ));
                        }
                        if call["type"] != "function" {
                            return Err(format!(
                                "Invalid value for 'messages[{i}].tool_calls[{j}].type': expected 'function'"
                            ));
                        }
                        if !call["function"]["name"].as_str().is_some_and(valid_name) {
                            return Err(format!(
                                "Invalid 'messages[{i}].tool_calls[{j}].function.name': {}",
                                call["function"]["name"]
                            ));
                        }
                        if !call["function"]["arguments"].is_string() {
                            return Err(format!(
                                "Invalid type for 'messages[{i}].tool_calls[{j}].function.arguments': expected a string, but got {} instead",
                                call["function"]["arguments"]
                            ));
                        }
                        // vLLM runs `json.loads` on every past `arguments`, and SGLang takes
                        // only an object: anything else refuses the whole conversation.
                        let arguments = call["function"]["arguments"].as_str().unwrap_or("");
                        match serde_json::from_str::<Value>(arguments) {
                            Ok(Value::Object(_)) => {}
                            Ok(other) => {
                                return Err(format!(
                                    "'messages[{i}].tool_calls[{j}].function.arguments' must be a JSON object, got {other}"
                                ));
                            }
                            Err(e) => return Err(e.to_string()),
                        }
                        open.push(id.to_owned());
                    }
                }
            }
            "tool" => {
                let id = message["tool_call_id"].as_str().unwrap_or("");
                if id.is_empty() {
                    return Err(format!("Missing or empty 'messages[{i}].tool_call_id'"));
                }
                let Some(at) = open.iter().position(|o| o == id) else {
                    return Err(format!(
                        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls' (messages[{i}] answers '{id}')"
                    ));
                };
                open.remove(at);
                if !text_content(&message["content"]) {
                    return Err(format!(
                        "Invalid value for 'messages[{i}].content': expected a string"
                    ));
                }
            }
            other => {
                return Err(format!(
                    "Invalid value: '{other}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool' (messages[{i}].role)"
                ));
            }
        }
    }
    if !open.is_empty() {
        return Err(format!(
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {}",
            open.join(", ")
        ));
    }
    match body.get("tools") {
        Some(tools) => {
            let tools = tools
                .as_array()
                .filter(|t| !t.is_empty())
                .ok_or("'tools' must be a non-empty array when present")?;
            for (i, tool) in tools.iter().enumerate() {
                if tool["type"] != "function"
                    || !tool["function"]["name"].as_str().is_some_and(valid_name)
                {
                    return Err(format!(
                        "Invalid 'tools[{i}]': expected type 'function' with a name of 1 to 64 letters, digits, '_' or '-'"
                    ));
                }
                if let Some(parameters) = tool["function"].get("parameters")
                    && !parameters.is_object()
                {
                    return Err(format!(
                        "Invalid 'tools[{i}].function.parameters': expected an object"
                    ));
                }
            }
        }
        None => {
            if body.get("tool_choice").is_some() {
                return Err(
                    "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified"
                        .to_owned(),
                );
            }
        }
    }
    Ok(())
}

pub fn check_ollama(body: &Value) -> Result<(), String> {
    if body["model"].as_str().is_none_or(str::is_empty) {
        return Err("model is required".to_owned());
    }
    let messages = body["messages"]
        .as_array()
        .ok_or("messages must be an array")?;
    for (i, message) in messages.iter().enumerate() {
        let role = message["role"].as_str().unwrap_or("");
        if !matches!(role, "system" | "user" | "assistant" | "tool") {
            return Err(format!("invalid role '{role}' in messages[{i}]"));
        }
        if !message["content"].is_string() {
            return Err(format!(
                "json: cannot unmarshal {} into Go struct field Message.messages.content of type string",
                message["content"]
            ));
        }
        for call in message["tool_calls"].as_array().into_iter().flatten() {
            if !call["function"]["arguments"].is_object() {
                return Err(format!(
                    "json: cannot unmarshal {} into Go struct field ToolCallFunction.messages.tool_calls.function.arguments of type map[string]interface {{}}",
                    call["function"]["arguments"]
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn with(messages: Value) -> Value {
        json!({"model": "m", "messages": messages})
    }

    #[test]
    fn what_openai_refuses_is_refused() {
        let call = |id: &str| json!({"role": "assistant", "content": "", "tool_calls": [{"id": id, "type": "function", "function": {"name": "docker_ps", "arguments": "{}"}}]});
        let user = json!({"role": "user", "content": "hi"});
        let result = |id: &str| json!({"role": "tool", "tool_call_id": id, "content": "ok"});
        assert_eq!(
            check_openai(&with(json!([user, call("a"), result("a"), user]))),
            Ok(())
        );
        for bad in [
            with(json!([user, call(""), result("")])),
            with(json!([user, call("a")])),
            with(json!([user, call("a"), user])),
            with(json!([user, result("a")])),
            with(json!([user, call("a"), result("b")])),
            with(json!([{"role": "user", "content": null}])),
            with(json!([user, {"role": "assistant", "content": null}])),
            with(
                json!([user, {"role": "assistant", "content": "", "tool_calls": [{"id": "a", "type": "function", "function": {"name": "x", "arguments": {}}}]}, result("a")]),
            ),
            with(
                json!([user, {"role": "assistant", "content": "", "tool_calls": [{"id": "a", "type": "function", "function": {"name": "x", "arguments": "{\"container\": \"we"}}]}, result("a")]),
            ),
            with(
                json!([user, {"role": "assistant", "content": "", "tool_calls": [{"id": "a", "type": "function", "function": {"name": "x", "arguments": "[true]"}}]}, result("a")]),
            ),
            with(json!([{"role": "robot", "content": "x"}])),
            with(json!([])),
            json!({"model": "m", "messages": [user], "tool_choice": "auto"}),
            json!({"model": "m", "messages": [user], "frobnicate": true}),
        ] {
            assert!(check_openai(&bad).is_err(), "accepted: {bad}");
        }
    }

    #[test]
    fn what_ollama_refuses_is_refused() {
        let ok = with(
            json!([{"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "x", "arguments": {}}}]}]),
        );
        assert_eq!(check_ollama(&ok), Ok(()));
        let bad = with(
            json!([{"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "x", "arguments": "{}"}}]}]),
        );
        assert!(check_ollama(&bad).is_err());
    }
}
