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

/// Every operation of `document`: its method, its route pattern, and the operation.
fn operations(
    document: &utoipa::openapi::OpenApi,
) -> Vec<(&'static str, String, &utoipa::openapi::path::Operation)> {
    let mut all = Vec::new();
    for (path, item) in &document.paths.paths {
        for (method, operation) in [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("OPTIONS", &item.options),
            ("HEAD", &item.head),
            ("PATCH", &item.patch),
            ("TRACE", &item.trace),
        ] {
            if let Some(operation) = operation {
                all.push((method, path.clone(), operation));
            }
        }
    }
    all
}

/// The source of `backend/server/src/http/route_shapes.rs` for `document`.
fn route_shapes_source(document: &utoipa::openapi::OpenApi) -> String {
    use utoipa::openapi::path::ParameterIn;
    let mut body = Vec::new();
    let mut query = Vec::new();
    for (method, path, operation) in operations(document) {
        if operation.request_body.is_some() {
            body.push((method, path.clone()));
        }
        // A parameter the path does not name is read from the query (as the test above
        // asserts of the document).
        if operation.parameters.iter().flatten().any(|p| {
            p.parameter_in == ParameterIn::Query || !path.contains(&format!("{{{}}}", p.name))
        }) {
            query.push((method, path));
        }
    }
    let table = |rows: &mut Vec<(&str, String)>| {
        // Sorted as the middleware's binary search compares them: by method, then pattern.
        rows.sort();
        rows.iter()
            .map(|(method, path)| format!("    ({method:?}, {path:?}),\n"))
            .collect::<String>()
    };
    format!(
        "//! Which routes take a request body and which read a query string, written from the\n\
         //! OpenAPI document by `make openapi` (the test `committed_route_shapes_match_the_document`\n\
         //! in `tests/openapi.rs` checks it); looked up by `super::no_body`. Kept as tables so that\n\
         //! a server never builds the whole document (about 5 MiB of short-lived allocations\n\
         //! that the allocator kept) to answer its first request. Do not edit by hand.\n\
         \n\
         /// `(METHOD, route pattern)` of every operation with a request body, sorted.\n\
         pub const TAKES_BODY: &[(&str, &str)] = &[\n{}];\n\
         \n\
         /// `(METHOD, route pattern)` of every operation with a query parameter, sorted.\n\
         pub const TAKES_QUERY: &[(&str, &str)] = &[\n{}];\n",
        table(&mut body),
        table(&mut query)
    )
}

#[test]
fn committed_route_shapes_match_the_document() {
    let document = warden_server::routes::openapi::document();
    let generated = route_shapes_source(&document);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/http/route_shapes.rs");
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write src/http/route_shapes.rs");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "backend/server/src/http/route_shapes.rs is out of date with the OpenAPI document: run \
         `make openapi` and commit the result"
    );
    // The tables the server reads are the committed ones.
    use warden_server::http::route_shapes::{TAKES_BODY, TAKES_QUERY};
    assert!(TAKES_BODY.contains(&("POST", "/api/v1/auth/login")));
    assert!(TAKES_QUERY.contains(&("POST", "/api/v1/chat")));
    for table in [TAKES_BODY, TAKES_QUERY] {
        assert!(
            table.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted, no repeats"
        );
    }
}
