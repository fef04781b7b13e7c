//! Every route against no credential, a session of each scope and an API key of each scope.
//! The table must list exactly the operations of the OpenAPI document, and agree with the scopes
//! it declares, so a route added without a row here fails this test.

use std::collections::BTreeSet;

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{TestServer, USER_PASSWORD, error_code};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    Authenticated,
    Scope(&'static str),
}

struct Row {
    method: Method,
    path: &'static str,
    needs: Needs,
    body: Option<Value>,
}

fn row(method: Method, path: &'static str, needs: Needs, body: Option<Value>) -> Row {
    Row {
        method,
        path,
        needs,
        body,
    }
}

fn table() -> Vec<Row> {
    use Needs::{Authenticated, Nothing, Scope};
    vec![
        row(Method::GET, "/healthz", Nothing, None),
        row(Method::GET, "/readyz", Nothing, None),
        row(Method::GET, "/metrics", Nothing, None),
        row(Method::GET, "/api/v1/openapi.json", Nothing, None),
        row(Method::GET, "/v1/models", Scope("read"), None),
        row(Method::POST, "/v1/chat/completions", Scope("read"), None),
        row(Method::POST, "/mcp", Scope("read"), None),
        row(
            Method::POST,
            "/api/v1/auth/login",
            Nothing,
            Some(json!({"username": "target", "password": USER_PASSWORD})),
        ),
        row(
            Method::POST,
            "/api/v1/auth/refresh",
            Nothing,
            Some(json!({"refresh_token": "unknown"})),
        ),
        row(Method::GET, "/api/v1/auth/me", Authenticated, None),
        row(Method::POST, "/api/v1/auth/ws-ticket", Scope("read"), None),
        row(Method::GET, "/api/v1/users", Scope("admin"), None),
        row(
            Method::POST,
            "/api/v1/users",
            Scope("admin"),
            Some(json!({"username": "x", "password": "short", "scopes": ["read"]})),
        ),
        row(Method::GET, "/api/v1/users/{id}", Scope("admin"), None),
        row(
            Method::PATCH,
            "/api/v1/users/{id}",
            Scope("admin"),
            Some(json!({})),
        ),
        row(Method::GET, "/api/v1/api-keys", Scope("read"), None),
        row(Method::GET, "/api/v1/tools", Scope("read"), None),
        // An unknown tool: an allowed caller gets 404 and nothing runs.
        row(
            Method::POST,
            "/api/v1/tools/{name}/invoke",
            Scope("read"),
            Some(json!({"args": {}})),
        ),
        row(
            Method::POST,
            "/api/v1/policy/explain",
            Scope("read"),
            Some(json!({"tool": "run_command", "args": {"command": "df -h"}})),
        ),
        row(Method::GET, "/api/v1/approvals", Scope("read"), None),
        row(Method::GET, "/api/v1/approvals/{id}", Scope("read"), None),
        row(
            Method::POST,
            "/api/v1/approvals/{id}/approve",
            Scope("approve"),
            Some(json!({})),
        ),
        row(
            Method::POST,
            "/api/v1/approvals/{id}/deny",
            Scope("approve"),
            Some(json!({})),
        ),
        row(Method::GET, "/api/v1/models", Scope("read"), None),
        row(Method::GET, "/api/v1/monitor/status", Scope("read"), None),
        row(Method::GET, "/api/v1/monitor/history", Scope("read"), None),
        row(Method::POST, "/api/v1/monitor/run", Scope("write"), None),
        row(Method::GET, "/api/v1/incidents", Scope("read"), None),
        row(Method::GET, "/api/v1/incidents/{id}", Scope("read"), None),
        row(Method::GET, "/api/v1/hosts", Scope("read"), None),
        row(
            Method::GET,
            "/api/v1/hosts/{name}/calls",
            Scope("read"),
            None,
        ),
        row(
            Method::GET,
            "/api/v1/hosts/{name}/calls/{id}",
            Scope("read"),
            None,
        ),
        row(
            Method::POST,
            "/api/v1/incidents/{id}/acknowledge",
            Scope("write"),
            None,
        ),
        row(
            Method::POST,
            "/api/v1/incidents/{id}/retry",
            Scope("write"),
            None,
        ),
        // A payload of another version without version 4's shape (no alerts): an allowed caller
        // gets 422 and nothing is stored.
        row(
            Method::POST,
            "/api/v1/alerts/alertmanager",
            Scope("write"),
            Some(json!({"version": "3", "alerts": []})),
        ),
        row(Method::GET, "/api/v1/tasks", Scope("read"), None),
        // An unknown task: an allowed caller gets 404 and nothing runs.
        row(
            Method::POST,
            "/api/v1/tasks/{name}/run",
            Scope("execute"),
            None,
        ),
        // Signed, not authenticated: an unknown hook is refused alike whatever credential comes.
        row(
            Method::POST,
            "/api/v1/hooks/{name}",
            Nothing,
            Some(json!({})),
        ),
        row(Method::GET, "/api/v1/audit", Scope("admin"), None),
        row(Method::GET, "/api/v1/audit/verify", Scope("admin"), None),
        row(
            Method::GET,
            "/api/v1/audit/export/{format}",
            Scope("admin"),
            None,
        ),
        // An empty message: an allowed caller gets 422 and no run starts.
        row(
            Method::POST,
            "/api/v1/chat",
            Scope("read"),
            Some(json!({"message": ""})),
        ),
        row(Method::GET, "/api/v1/runs/{id}", Scope("read"), None),
        row(Method::GET, "/api/v1/runs/{id}/events", Scope("read"), None),
        row(Method::GET, "/api/v1/usage", Scope("read"), None),
        row(
            Method::POST,
            "/api/v1/runs/{id}/cancel",
            Scope("read"),
            None,
        ),
        row(Method::GET, "/api/v1/conversations", Scope("read"), None),
        row(
            Method::GET,
            "/api/v1/conversations/{id}",
            Scope("read"),
            None,
        ),
        row(
            Method::GET,
            "/api/v1/conversations/{id}/history",
            Scope("read"),
            None,
        ),
        row(
            Method::PATCH,
            "/api/v1/conversations/{id}",
            Scope("write"),
            Some(json!({"title": "x"})),
        ),
        row(
            Method::DELETE,
            "/api/v1/conversations/{id}",
            Scope("write"),
            None,
        ),
        // Empty scopes: an allowed caller gets 422, never the subset rule's 403.
        row(
            Method::POST,
            "/api/v1/api-keys",
            Scope("write"),
            Some(json!({"name": "k", "scopes": []})),
        ),
        row(
            Method::DELETE,
            "/api/v1/api-keys/{id}",
            Scope("write"),
            None,
        ),
        row(Method::GET, "/api/v1/memories", Scope("read"), None),
        row(Method::GET, "/api/v1/memories/{id}", Scope("read"), None),
        // Empty content: an allowed caller gets 422 and nothing is stored.
        row(
            Method::POST,
            "/api/v1/memories",
            Scope("write"),
            Some(json!({"content": ""})),
        ),
        row(
            Method::DELETE,
            "/api/v1/memories/{id}",
            Scope("write"),
            None,
        ),
        row(
            Method::GET,
            "/api/v1/runbooks/proposals",
            Scope("read"),
            None,
        ),
        row(
            Method::POST,
            "/api/v1/runbooks/proposals/{id}/accept",
            Scope("approve"),
            Some(json!({})),
        ),
        row(
            Method::POST,
            "/api/v1/runbooks/proposals/{id}/reject",
            Scope("approve"),
            Some(json!({})),
        ),
        // Last: it ends the session it is called with.
        row(Method::POST, "/api/v1/auth/logout", Authenticated, None),
    ]
}

const SCOPES: [&str; 5] = ["read", "write", "execute", "approve", "admin"];

fn allows(held: &str, needed: &str) -> bool {
    held == "admin" || held == needed
}

#[tokio::test]
async fn every_route_answers_each_credential_as_its_scope_says() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let target_user = server.create_user(&admin, "target", &["read"]).await;

    // (label, held scope, credential)
    let mut principals: Vec<(String, Option<&str>, Option<String>)> =
        vec![("anonymous".into(), None, None)];
    for scope in SCOPES {
        let name = format!("user-{scope}");
        server.create_user(&admin, &name, &[scope]).await;
        let session = server
            .login(&name, warden_test_support::USER_PASSWORD)
            .await
            .access_token;
        let (_, key) = server
            .create_api_key(&admin, &format!("key-{scope}"), &[scope], None)
            .await;
        principals.push((format!("session:{scope}"), Some(scope), Some(session)));
        principals.push((format!("api-key:{scope}"), Some(scope), Some(key)));
    }

    let mut failures = Vec::new();
    for row in table() {
        // A public route answers the same whatever credential comes along.
        let mut public_statuses = BTreeSet::new();
        let path = row
            .path
            .replace(
                "{id}",
                if row.path.contains("users") {
                    &target_user
                } else {
                    "no-such-key"
                },
            )
            .replace("{name}", "no-such-tool")
            .replace("{format}", "csv");
        for (label, held, credential) in &principals {
            let mut request = server.request(row.method.clone(), &path);
            if let Some(credential) = credential {
                request = request.bearer_auth(credential);
            }
            if let Some(body) = &row.body {
                request = request.json(body);
            }
            let response = request.send().await.expect("request");
            let status = response.status();
            let expected_denial = match (row.needs, held) {
                (Needs::Nothing, _) => None,
                (Needs::Authenticated | Needs::Scope(_), None) => Some(StatusCode::UNAUTHORIZED),
                (Needs::Authenticated, Some(_)) => None,
                (Needs::Scope(needed), Some(held)) => {
                    (!allows(held, needed)).then_some(StatusCode::FORBIDDEN)
                }
            };
            if row.needs == Needs::Nothing {
                public_statuses.insert(status.as_u16());
            }
            let ok = match expected_denial {
                Some(denial) => status == denial,
                // Public: the body decides (a bad refresh token is a 401), never a scope.
                None if row.needs == Needs::Nothing => {
                    status != StatusCode::FORBIDDEN && !status.is_server_error()
                }
                None => {
                    status != StatusCode::UNAUTHORIZED
                        && status != StatusCode::FORBIDDEN
                        && !status.is_server_error()
                }
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {label}: got {status}, expected {expected_denial:?}",
                    row.method, row.path
                ));
            }
            if let Some(denial) = expected_denial {
                let body: Value = response.json().await.expect("error body");
                let code = error_code(&body);
                let wanted = if denial == StatusCode::UNAUTHORIZED {
                    "unauthenticated"
                } else {
                    "forbidden"
                };
                if code != wanted {
                    failures.push(format!(
                        "{} {} as {label}: code {code}, expected {wanted}",
                        row.method, row.path
                    ));
                }
            }
        }
        if public_statuses.len() > 1 {
            failures.push(format!(
                "{} {}: public route answered {public_statuses:?} depending on the credential",
                row.method, row.path
            ));
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test]
async fn the_table_covers_every_documented_operation_with_its_scope() {
    let server = TestServer::start().await;
    let (status, doc) = server
        .send(server.request(Method::GET, "/api/v1/openapi.json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let scopes: BTreeSet<String> = operation["security"]
                .as_array()
                .map(|reqs| {
                    reqs.iter()
                        .flat_map(|req| req.as_object().into_iter().flatten())
                        .flat_map(|(_, scopes)| scopes.as_array().into_iter().flatten())
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let needs = match (operation.get("security").is_some(), scopes.iter().next()) {
                (false, _) => "nothing".to_owned(),
                (true, None) => "authenticated".to_owned(),
                (true, Some(scope)) => scope.clone(),
            };
            documented.insert((method.to_uppercase(), path.clone(), needs));
        }
    }
    let tabled: BTreeSet<(String, String, String)> = table()
        .into_iter()
        .map(|row| {
            let needs = match row.needs {
                Needs::Nothing => "nothing".to_owned(),
                Needs::Authenticated => "authenticated".to_owned(),
                Needs::Scope(scope) => scope.to_owned(),
            };
            (row.method.as_str().to_owned(), row.path.to_owned(), needs)
        })
        .collect();
    assert_eq!(tabled, documented);
}
