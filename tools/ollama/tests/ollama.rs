//! The Ollama tools against a server speaking Ollama's API (`GET /api/ps`,
//! `POST /api/generate` with `keep_alive: 0`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_protocol::readings::{LoadedModelData, OllamaPsData};
use warden_test_llm::ScriptedLlm;
use warden_tool_api::{Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput};
use warden_tool_ollama::OllamaConfig;

fn registry(url: Option<String>) -> Registry {
    let mut builder = RegistryBuilder::default();
    warden_tool_ollama::register(&mut builder, &OllamaConfig { url });
    builder.build().unwrap()
}

async fn call(registry: &Registry, tool: &str, args: Value) -> Result<ToolOutput, ToolError> {
    let context = ToolContext::user("tester", [Scope::Admin]);
    registry.get(tool).unwrap().call(args, &context).await
}

#[tokio::test]
async fn loaded_models_are_listed_and_one_is_unloaded() {
    let ollama = ScriptedLlm::start().await;
    ollama.load_model(json!({
        "name": "llama3:8b", "model": "llama3:8b", "size": 6_654_289_920u64,
        "digest": "365c0bd3c000", "details": {"format": "gguf", "family": "llama"},
        "expires_at": "2024-06-04T14:38:31.83753-07:00", "size_vram": 6_654_289_920u64
    }));
    let registry = registry(Some(ollama.base_url.clone()));
    let listed = call(&registry, "ollama_ps", json!({})).await.unwrap();
    assert_eq!(
        listed.data,
        json!({"models": [{"name": "llama3:8b", "size": 6_654_289_920u64, "size_vram": 6_654_289_920u64, "expires_at": 1_717_537_111}]})
    );
    // The data is the type the monitor reads it as.
    assert_eq!(
        serde_json::from_value::<OllamaPsData>(listed.data.clone()).unwrap(),
        OllamaPsData {
            models: vec![LoadedModelData {
                name: Some("llama3:8b".to_owned()),
                size: Some(6_654_289_920),
                size_vram: Some(6_654_289_920),
                expires_at: Some(1_717_537_111),
            }]
        }
    );
    let unloaded = call(&registry, "ollama_unload", json!({"model": "llama3:8b"}))
        .await
        .unwrap();
    assert_eq!(unloaded.data["done_reason"], json!("unload"));
    assert_eq!(
        ollama.requests().last().unwrap().body,
        json!({"model": "llama3:8b", "keep_alive": 0})
    );
    let after = call(&registry, "ollama_ps", json!({})).await.unwrap();
    assert_eq!(after.data, json!({"models": []}));
    assert!(matches!(
        call(&registry, "ollama_unload", json!({"model": "../etc"})).await,
        Err(ToolError::InvalidArguments(_))
    ));
}

#[tokio::test]
async fn without_an_ollama_the_tools_say_so() {
    let unconfigured = registry(None);
    let error = call(&unconfigured, "ollama_ps", json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ToolError::Unavailable(m) if m.contains("no Ollama is configured")),
        "{error}"
    );
    // Nothing listening: unavailable, not a hang.
    let gone = registry(Some("http://127.0.0.1:9".to_owned()));
    assert!(matches!(
        call(&gone, "ollama_ps", json!({})).await,
        Err(ToolError::Unavailable(_))
    ));
}
