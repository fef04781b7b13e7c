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
