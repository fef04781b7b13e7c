//! Prompt sizes: the tool schemas a request is offered, before (every tool the caller may use,
//! as all 37 were sent) and after (the tools selected for the request plus the catalogue line),
//! for the thirty typical requests of `tests/fixtures/typical_requests.json`, in Warden's
//! conservative token estimate; and the whole first prompt for the real tiny model's 4,096-token
//! window.

use anyhow::{Context, Result};
use serde_json::Value;
use warden_core::engine::{Parts, build, select, tokens};
use warden_llm::{ChatMessage, Fit, ToolDefinition, ToolStyle};
use warden_protocol::{Scope, ScopeSet};

const REQUESTS: &str = include_str!("../../../fixtures/typical_requests.json");

pub async fn tool_tokens() -> Result<String> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let store = warden_store::Store::connect(&url).await?;
    let config = warden_server::Config::with_data_dir(dir.path());
    let registry = warden_server::tools::build_registry(&config, &store)?;
    let scopes = ScopeSet::new([Scope::Admin]);
    let (mut raw, mut offered) = (Vec::new(), Vec::new());
    for tool in registry.visible_to(&scopes) {
        let spec = tool.spec();
        let definition = |parameters: Value| ToolDefinition {
            name: spec.name.to_owned(),
            description: spec.description.to_owned(),
            parameters: parameters.into(),
        };
        raw.push(definition(spec.parameters.clone()));
        offered.push(definition(warden_core::guard::schema_for_model(
            &spec.parameters,
            spec.effect,
        )));
    }
    let before = tokens::tools(&raw);
    let before_chars: usize = raw
        .iter()
        .map(|t| t.name.len() + t.description.len() + t.parameters.to_string().len())
        .sum();
    let requests: Vec<Value> = serde_json::from_str(REQUESTS).context("typical requests")?;
    let mut out = format!(
        "### Tool tokens per request (estimate), all {} tools against the selection\n\n\
         Before: every tool's schema, {before} tokens ({before_chars} characters), for every request.\n\n\
         | request | offered in full | tool tokens | whole first prompt, 4,096-token window |\n|---|---|---|---|\n",
        raw.len()
    );
    let mut sizes = Vec::new();
    for case in &requests {
        let request = case["request"].as_str().unwrap_or_default();
        let selection = select::select(&offered, request, &[], select::TOOL_TOKENS_TARGET);
        let transcript = [ChatMessage::user(request)];
        let ranking = select::Ranking::new(&offered, request, &[]);
        let parts = Parts {
            host_facts: "hostname: web1\nos: Debian GNU/Linux 12 (bookworm)\ncpus: 2",
            memories: &[],
            history: &[],
            transcript: &transcript,
            ranking: &ranking,
            called: &[],
            temperature: Some(0.2),
        };
        let built = build(
            &parts,
            Fit {
                style: ToolStyle::Native,
                context_tokens: 4096,
                estimate_scale: 1000,
            },
        )
        .map_err(anyhow::Error::msg)?;
        sizes.push(selection.tokens());
        out += &format!(
            "| {request} | {} | {} | {} |\n",
            selection.offered_names().join(", "),
            selection.tokens(),
            built.prompt_tokens
        );
    }
    sizes.sort_unstable();
    let within = sizes.iter().filter(|s| **s <= 1500).count();
    out += &format!(
        "\nAfter: median {} tokens, largest {}, {within} of {} requests within 1,500 (before: {before} for each).\n",
        sizes[sizes.len() / 2],
        sizes.last().copied().unwrap_or(0),
        sizes.len()
    );
    Ok(out)
}
