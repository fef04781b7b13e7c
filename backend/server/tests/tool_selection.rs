//! Tool selection over the real registry: for thirty typical operator requests, the tool the
//! request needs is offered with its schema, the tool schemas stay within the goal of 1,500
//! tokens for most requests (all 37 are several times that), and every other tool the caller may
//! use is named in the catalogue. The requests live in `tests/fixtures/typical_requests.json`,
//! shared with the prompt-size benchmark.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use warden_core::engine::{select, tokens};
use warden_llm::ToolDefinition;
use warden_protocol::Scope;
use warden_server::Config;

const REQUESTS: &str = include_str!("../../../tests/fixtures/typical_requests.json");

async fn offered() -> Vec<ToolDefinition> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let store = warden_store::Store::connect(&url).await.unwrap();
    let config = Config::with_data_dir(dir.path());
    let registry = warden_server::tools::build_registry(&config, &store).unwrap();
    let scopes = warden_protocol::ScopeSet::new([Scope::Admin]);
    registry
        .visible_to(&scopes)
        .map(|tool| {
            let spec = tool.spec();
            ToolDefinition {
                name: spec.name.to_owned(),
                description: spec.description.to_owned(),
                parameters: warden_core::guard::schema_for_model(&spec.parameters, spec.effect)
                    .into(),
            }
        })
        .collect()
}

#[tokio::test]
async fn thirty_typical_requests_are_offered_the_tool_they_need_within_the_goal() {
    let all = offered().await;
    assert_eq!(
        all.len(),
        39,
        "the built-in tools: a new one needs its typical requests below"
    );
    let everything = tokens::tools(&all);
    assert!(everything > 5000, "all 39 schemas: {everything} tokens");
    let requests: Vec<Value> = serde_json::from_str(REQUESTS).unwrap();
    assert_eq!(requests.len(), 30);
    let mut missing = Vec::new();
    let mut over_goal = Vec::new();
    for case in &requests {
        let request = case["request"].as_str().unwrap();
        let selection = select::select(&all, request, &[], select::TOOL_TOKENS_TARGET);
        let names = selection.offered_names();
        for expected in case["expect"].as_array().unwrap() {
            let expected = expected.as_str().unwrap();
            if !names.contains(&expected) {
                missing.push(format!("{request:?} needs {expected}, offered {names:?}"));
            }
        }
        let used = selection.tokens();
        if used > 1500 {
            over_goal.push(format!("{request:?}: {used} tokens"));
        }
        // Nothing the caller may use is hidden: offered in full or named in the catalogue.
        assert_eq!(
            selection.offered.len() + selection.catalogue.len(),
            all.len(),
            "{request}"
        );
        let line = select::catalogue_line(&selection.catalogue).unwrap_or_default();
        for name in &selection.catalogue {
            assert!(line.contains(name.as_str()), "{name} in {line}");
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(
        over_goal.len() <= 3,
        "most requests stay within 1,500 tool tokens: {}",
        over_goal.join("\n")
    );
}
