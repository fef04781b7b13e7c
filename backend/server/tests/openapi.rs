//! The committed OpenAPI document (`docs/openapi.json`) matches what the code generates.
//! Regenerate it with `make openapi` (UPDATE_OPENAPI=1) after changing a route or a wire type.

#![allow(clippy::expect_used)]

use std::path::PathBuf;

#[test]
fn committed_openapi_document_matches_the_code() {
    let generated = serde_json::to_string_pretty(&warden_server::routes::openapi::document())
        .expect("render")
        + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write docs/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date with the code: run `make openapi` and commit the result"
    );
}

#[test]
fn every_parameter_is_where_the_route_reads_it() {
    use utoipa::openapi::path::ParameterIn;
    let document = warden_server::routes::openapi::document();
    let mut misplaced = Vec::new();
    for (path, item) in &document.paths.paths {
        for operation in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
            .into_iter()
            .flatten()
        {
            for parameter in operation.parameters.iter().flatten() {
                // A path parameter is named in the route; every other is read from the query.
                let named = path.contains(&format!("{{{}}}", parameter.name));
                let want = if named {
                    ParameterIn::Path
                } else {
                    ParameterIn::Query
                };
                if parameter.parameter_in != want {
                    misplaced.push(format!("{path} {}", parameter.name));
                }
            }
        }
    }
    assert!(misplaced.is_empty(), "misplaced: {misplaced:?}");
}
