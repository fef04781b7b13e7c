//! Which routes take a request body and which read a query string, written from the
//! OpenAPI document by `make openapi` (the test `committed_route_shapes_match_the_document`
//! in `tests/openapi.rs` checks it); looked up by `super::no_body`. Kept as tables so that
//! a server never builds the whole document (about 5 MiB of short-lived allocations
//! that the allocator kept) to answer its first request. Do not edit by hand.

/// `(METHOD, route pattern)` of every operation with a request body, sorted.
pub const TAKES_BODY: &[(&str, &str)] = &[
    ("PATCH", "/api/v1/conversations/{id}"),
    ("PATCH", "/api/v1/users/{id}"),
    ("POST", "/api/v1/alerts/alertmanager"),
    ("POST", "/api/v1/api-keys"),
    ("POST", "/api/v1/approvals/{id}/approve"),
    ("POST", "/api/v1/approvals/{id}/deny"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/chat"),
    ("POST", "/api/v1/hooks/{name}"),
    ("POST", "/api/v1/memories"),
    ("POST", "/api/v1/policy/explain"),
    ("POST", "/api/v1/runbooks/proposals/{id}/accept"),
    ("POST", "/api/v1/runbooks/proposals/{id}/reject"),
    ("POST", "/api/v1/tools/{name}/invoke"),
    ("POST", "/api/v1/users"),
    ("POST", "/mcp"),
    ("POST", "/v1/chat/completions"),
];

/// `(METHOD, route pattern)` of every operation with a query parameter, sorted.
pub const TAKES_QUERY: &[(&str, &str)] = &[
    ("GET", "/api/v1/approvals"),
    ("GET", "/api/v1/audit"),
    ("GET", "/api/v1/audit/export/{format}"),
    ("GET", "/api/v1/conversations"),
    ("GET", "/api/v1/conversations/{id}/history"),
    ("GET", "/api/v1/hosts/{name}/calls"),
    ("GET", "/api/v1/incidents"),
    ("GET", "/api/v1/memories"),
    ("GET", "/api/v1/monitor/history"),
    ("GET", "/api/v1/runbooks/proposals"),
    ("GET", "/api/v1/runs/{id}/events"),
    ("POST", "/api/v1/chat"),
];
