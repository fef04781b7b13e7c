//! Every registered tool refuses malformed arguments with an `invalid_arguments` error the model
//! can read, before running anything: unknown fields, wrong top-level types, and each declared
//! property given a value of the wrong type. A tool added without `deny_unknown_fields` or with a
//! lax argument type fails here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_server::Config;
use warden_tool_api::{ToolContext, ToolError};

/// A value of a type the schema does not allow for this property.
fn wrong_value(schema: &Value) -> Value {
    match schema["type"].as_str() {
        Some("string") => json!({"nested": true}),
        Some("integer" | "number") => json!("not a number"),
        Some("boolean") => json!("yes"),
        Some("array") => json!(42),
        _ => json!({"unexpected": ["shape"]}),
    }
}

#[tokio::test]
async fn every_tool_refuses_malformed_arguments_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let store = warden_store::Store::connect(&url).await.unwrap();
    let config = Config::with_data_dir(dir.path());
    let registry = warden_server::tools::build_registry(&config, &store).unwrap();
    assert_eq!(registry.len(), 39, "every family registered");
    let context = ToolContext::user("tester", [Scope::Admin]);

    let mut failures = Vec::new();
    for tool in registry.all() {
        let spec = tool.spec();
        // The schema the model sees says extra fields are refused, and the parser refuses them:
        // both come from `deny_unknown_fields` on the argument type.
        if spec.parameters["additionalProperties"] != json!(false) {
            failures.push(format!("{}: its schema allows unknown fields", spec.name));
        }
        if spec.parameters["type"] != json!("object") {
            failures.push(format!("{}: its arguments are not an object", spec.name));
        }
        let mut cases = vec![
            ("an unknown field", json!({"surely_not_an_argument": 1})),
            ("a string instead of an object", json!("rm -rf /")),
            ("an array instead of an object", json!([1, 2, 3])),
            ("a number instead of an object", json!(7)),
        ];
        if let Some(properties) = spec.parameters["properties"].as_object() {
            for (name, property) in properties {
                let resolved = match property["$ref"].as_str() {
                    // Enums are referenced definitions; a number is never one of their names.
                    Some(_) => json!({"type": "string"}),
                    None => property.clone(),
                };
                let mut args = serde_json::Map::new();
                args.insert(name.clone(), wrong_value(&resolved));
                cases.push(("a property of the wrong type", Value::Object(args)));
            }
        }
        for (what, args) in cases {
            match tool.call(args.clone(), &context).await {
                Err(ToolError::InvalidArguments(message)) if !message.is_empty() => {}
                other => failures.push(format!("{} with {what} {args}: {other:?}", spec.name)),
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
