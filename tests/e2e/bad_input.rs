//! Malformed requests get a 4xx with a code that names the problem, never a 500 or a panic, and
//! the server keeps serving afterwards.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{TestServer, error_code};

struct Case {
    what: &'static str,
    method: Method,
    path: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: StatusCode,
    code: &'static str,
    message_mentions: &'static str,
}

fn case(
    what: &'static str,
    method: Method,
    path: &'static str,
    body: &str,
    status: StatusCode,
    code: &'static str,
    message_mentions: &'static str,
) -> Case {
    Case {
        what,
        method,
        path,
        content_type: Some("application/json"),
        body: body.as_bytes().to_vec(),
        status,
        code,
        message_mentions,
    }
}

#[tokio::test]
async fn malformed_requests_are_named_not_crashed_on() {
    let server = TestServer::builder()
        .configure(|c| c.http.body_limit_bytes = 64 * 1024)
        .start()
        .await;
    let admin = server.admin_token().await;
    let bad = StatusCode::BAD_REQUEST;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let mut cases = vec![
        case(
            "truncated JSON",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x""#,
            bad,
            "invalid_json",
            "not valid JSON",
        ),
        case(
            "not JSON at all",
            Method::POST,
            "/api/v1/users",
            "username=x",
            bad,
            "invalid_json",
            "not valid JSON",
        ),
        case(
            "wrong type",
            Method::POST,
            "/api/v1/users",
            r#"{"username": 7, "password": "p", "scopes": []}"#,
            bad,
            "invalid_json",
            "username",
        ),
        case(
            "missing field",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x", "scopes": ["read"]}"#,
            bad,
            "invalid_json",
            "password",
        ),
        case(
            "unknown field",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x", "password": "p", "scopes": [], "role": "root"}"#,
            bad,
            "invalid_json",
            "role",
        ),
        case(
            "unknown scope",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x", "password": "long enough pass", "scopes": ["root"]}"#,
            bad,
            "invalid_json",
            "root",
        ),
        case(
            "an array instead of an object",
            Method::POST,
            "/api/v1/users",
            "[1,2,3]",
            bad,
            "invalid_json",
            "must be a JSON object (`{...}`), not an array",
        ),
        // serde reads a struct from an array by position: this one would create a user.
        case(
            "an array that reads as the fields by position",
            Method::POST,
            "/api/v1/users",
            r#"["mallory", "long enough pass", ["admin"]]"#,
            bad,
            "invalid_json",
            "not an array",
        ),
        case(
            "a bare string",
            Method::POST,
            "/api/v1/users",
            r#""mallory""#,
            bad,
            "invalid_json",
            "not a string",
        ),
        case(
            "a byte order mark before the object",
            Method::POST,
            "/api/v1/users",
            "\u{feff}{\"username\": \"bom\", \"password\": \"long enough pass\", \"scopes\": [\"read\"]}",
            bad,
            "invalid_json",
            "byte order mark",
        ),
        case(
            "a NUL character in a field",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "nul\u0000", "password": "long enough pass", "scopes": ["read"]}"#,
            bad,
            "invalid_json",
            "NUL character",
        ),
        case(
            "short password",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x", "password": "short", "scopes": ["read"]}"#,
            unprocessable,
            "validation_failed",
            "12 characters",
        ),
        case(
            "bad username",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "a b;c", "password": "long enough pass", "scopes": ["read"]}"#,
            unprocessable,
            "validation_failed",
            "username",
        ),
        case(
            "no scopes",
            Method::POST,
            "/api/v1/users",
            r#"{"username": "x", "password": "long enough pass", "scopes": []}"#,
            unprocessable,
            "validation_failed",
            "scopes",
        ),
        case(
            "key lifetime zero",
            Method::POST,
            "/api/v1/api-keys",
            r#"{"name": "k", "scopes": ["read"], "expires_in_seconds": 0}"#,
            unprocessable,
            "validation_failed",
            "expires_in_seconds",
        ),
        case(
            "negative lifetime",
            Method::POST,
            "/api/v1/api-keys",
            r#"{"name": "k", "scopes": ["read"], "expires_in_seconds": -5}"#,
            bad,
            "invalid_json",
            "expires_in_seconds",
        ),
        case(
            "empty key name",
            Method::POST,
            "/api/v1/api-keys",
            r#"{"name": "  ", "scopes": ["read"]}"#,
            unprocessable,
            "validation_failed",
            "name",
        ),
        case(
            "unknown route",
            Method::GET,
            "/api/v1/nothing-here",
            "",
            StatusCode::NOT_FOUND,
            "not_found",
            "route",
        ),
        case(
            "unknown user id",
            Method::GET,
            "/api/v1/users/not-an-id",
            "",
            StatusCode::NOT_FOUND,
            "not_found",
            "user",
        ),
        case(
            "wrong method",
            Method::DELETE,
            "/api/v1/users",
            "",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method",
        ),
        case(
            "oversized body",
            Method::POST,
            "/api/v1/users",
            "",
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "limit",
        ),
    ];
    let oversized = cases.last_mut().expect("case");
    oversized.body = format!(r#"{{"username": "{}"}}"#, "x".repeat(100 * 1024)).into_bytes();
    cases.push(Case {
        what: "form content type",
        content_type: Some("application/x-www-form-urlencoded"),
        ..case(
            "",
            Method::POST,
            "/api/v1/users",
            "{}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "application/json",
        )
    });
    cases.push(Case {
        what: "binary garbage",
        body: vec![0xff, 0xfe, 0x00, 0x80, 0x7b],
        ..case(
            "",
            Method::POST,
            "/api/v1/users",
            "",
            bad,
            "invalid_json",
            "JSON",
        )
    });

    let mut failures = Vec::new();
    for case in cases {
        let mut request = server
            .request(case.method.clone(), case.path)
            .bearer_auth(&admin)
            .body(case.body.clone());
        if let Some(ct) = case.content_type {
            request = request.header("content-type", ct);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let allow = response.headers().get("allow").cloned();
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|e| panic!("{}: non-JSON error body: {e}", case.what));
        let code = error_code(&body);
        let message = body["error"]["message"].as_str().unwrap_or_default();
        if status != case.status || code != case.code || !message.contains(case.message_mentions) {
            failures.push(format!("{}: {status} {code} '{message}'", case.what));
        }
        if case.status == StatusCode::METHOD_NOT_ALLOWED && allow.is_none() {
            failures.push(format!("{}: no Allow header", case.what));
        }
    }
    assert_eq!(failures, Vec::<String>::new());

    // Nothing was broken or half-created along the way.
    let (status, users) = server.get("/api/v1/users", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(users["users"].as_array().map(Vec::len), Some(1), "{users}");
}

#[tokio::test]
async fn duplicates_conflict_and_login_bodies_are_checked() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "ops", &["read"]).await;
    let (status, body) = server
        .post(
            "/api/v1/users",
            &admin,
            json!({"username": "ops", "password": "another long one", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict")
    );

    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/auth/login")
                .json(&json!({"username": "admin"})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
    let (status, _) = server.try_login("", "x").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.try_login("admin", &"p".repeat(5000)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an overlong password is just wrong, not expensive"
    );
}

#[tokio::test]
async fn an_unknown_spelling_of_a_few_valued_field_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let mut seen = Vec::new();
    for path in [
        "/api/v1/incidents?state=bogus",
        "/api/v1/incidents?severity=huge",
        "/api/v1/audit?risk=extreme",
    ] {
        let (status, body) = server.get(path, &admin).await;
        seen.push((
            status,
            error_code(&body).to_owned(),
            body["error"]["message"].clone(),
        ));
    }
    assert_eq!(
        seen,
        vec![
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed".to_owned(),
                json!(
                    "state 'bogus' is not one of: open, repairing, awaiting_approval, resolved, failed, escalated"
                ),
            ),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed".to_owned(),
                json!("severity 'huge' is not one of: warning, critical"),
            ),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed".to_owned(),
                json!("risk 'extreme' is not one of: low, medium, high, forbidden, unknown"),
            ),
        ]
    );
    let (status, body) = server.get("/api/v1/audit?outcome=exploded", &admin).await;
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        message.starts_with(
            "outcome 'exploded' is not one of: run, sandbox, approval, refused, pending,"
        ),
        "{message}"
    );
    // An empty audit filter is no filter, as before.
    let (status, _) = server.get("/api/v1/audit?risk=&outcome=", &admin).await;
    assert_eq!(status, StatusCode::OK);

    let delivery = json!({
        "version": "4",
        "status": "firing",
        "alerts": [{"status": "exploded", "labels": {"alertname": "ContainerDown"}}],
    });
    let (status, body) = server
        .post("/api/v1/alerts/alertmanager", &admin, delivery)
        .await;
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json"),
        "{body}"
    );
    assert!(
        message.contains("unknown variant `exploded`, expected `firing` or `resolved`"),
        "{message}"
    );
    let (status, listed) = server.get("/api/v1/incidents", &admin).await;
    assert_eq!(
        (status, listed["incidents"].clone()),
        (StatusCode::OK, json!([]))
    );
}

#[tokio::test]
async fn every_json_route_answers_another_content_type_with_415() {
    let server = TestServer::builder()
        .configure(|c| c.rate_limit.per_minute = 10_000)
        .start()
        .await;
    let admin = server.admin_token().await;
    let (status, spec) = server.get("/api/v1/openapi.json", &admin).await;
    assert_eq!(status, StatusCode::OK);
    let mut routes = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation["requestBody"]["content"]["application/json"].is_null() {
                continue;
            }
            // The MCP endpoint is JSON-RPC, served by its library (which answers 415 itself in
            // its own shape).
            if path == "/mcp" {
                continue;
            }
            // Path parameters as a number: valid for every kind of id, so the body is reached.
            let concrete: String = path
                .split('/')
                .map(|part| if part.starts_with('{') { "1" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            routes.push((method.to_uppercase(), concrete));
        }
    }
    assert!(
        routes.iter().any(|(_, p)| p == "/v1/chat/completions"),
        "{routes:?}"
    );
    let mut failures = Vec::new();
    for (method, path) in &routes {
        let response = server
            .request(Method::from_bytes(method.as_bytes()).unwrap(), path)
            .bearer_auth(&admin)
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let message = body["error"]["message"].as_str().unwrap_or_default();
        if status != StatusCode::UNSUPPORTED_MEDIA_TYPE || !message.contains("application/json") {
            failures.push(format!("{method} {path}: {status} {body}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_long_input_is_echoed_in_an_error_only_in_part() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let long = "q".repeat(5000);
    let kept = format!("{}…", "q".repeat(64));
    let mut messages = Vec::new();
    // A query value our own code quotes.
    let (status, body) = server
        .get(&format!("/api/v1/incidents?state={long}"), &admin)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    messages.push(body["error"]["message"].as_str().unwrap().to_owned());
    // A body value serde quotes (an unknown field, named in full by serde).
    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "k", long.clone(): 1}),
        )
        .await;
    assert!(status.is_client_error(), "{body}");
    messages.push(body["error"]["message"].as_str().unwrap().to_owned());
    // The OpenAI-compatible route's own error shape.
    let (status, body) = server
        .post(
            "/v1/chat/completions",
            &admin,
            json!({"model": long, "messages": [{"role": "user", "content": "hi"}]}),
        )
        .await;
    assert!(status.is_client_error(), "{body}");
    messages.push(body["error"]["message"].as_str().unwrap().to_owned());
    for message in &messages {
        assert!(
            message.contains(&kept) && !message.contains(&"q".repeat(65)),
            "{message}"
        );
        assert!(message.chars().count() < 400, "{message}");
    }
}

#[tokio::test]
async fn a_query_string_that_does_not_parse_names_the_parameter_and_the_fault() {
    let server = TestServer::builder()
        .configure(|c| c.rate_limit.per_minute = 10_000)
        .start()
        .await;
    let admin = server.admin_token().await;
    let mut failures = Vec::new();
    for (path, names) in [
        ("/api/v1/audit?limit=abc", "limit"),
        ("/api/v1/audit?since=notatime", "since"),
        ("/api/v1/incidents?since=notatime", "since"),
        ("/api/v1/incidents?limit=1.5", "limit"),
        ("/api/v1/conversations/c1/history?limit=-1", "limit"),
        ("/api/v1/approvals?limit=abc", "limit"),
        ("/api/v1/memories?limit=abc", "limit"),
        ("/api/v1/monitor/history?bogus=1", "bogus"),
        ("/api/v1/runs/r1/events?after_seq=-3", "after_seq"),
        ("/api/v1/audit?nonsense=1", "nonsense"),
        // No whole-number parameter is negative: a sign is refused by the parser.
        ("/api/v1/audit?limit=-1", "limit"),
    ] {
        let (status, body) = server.get(path, &admin).await;
        let message = body["error"]["message"].as_str().unwrap_or_default();
        if status != StatusCode::BAD_REQUEST
            || error_code(&body) != "invalid_parameter"
            || !message.contains(names)
        {
            failures.push(format!("{path}: {status} {body}"));
        }
    }
    // A value the parser takes but the route does not is named by the route (422), as before.
    let (status, body) = server.get("/api/v1/audit?limit=0", &admin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("limit"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A POST with no body at all reads as `{}`: a route whose fields are all optional takes it
/// (see hardening::approvals), one with a required field answers 400 naming it; a body sent
/// without saying it is JSON is still 415. A NUL in a query parameter is 400 naming it.
#[tokio::test]
async fn an_absent_body_names_the_missing_field_and_a_nul_parameter_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/users")
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_json"),
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("missing field `username`"), "{message}");
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/users")
                .bearer_auth(&admin)
                .body(r#"{"username": "x"}"#),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        "{body}"
    );

    for query in ["q=a%00b", "q=%00", "q=ok&q2=%00"] {
        let (status, body) = server
            .get(&format!("/api/v1/conversations?{query}"), &admin)
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{query}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("NUL"), "{message}");
    }
    let (_, body) = server.get("/api/v1/conversations?q=a%00b", &admin).await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains("`q`"),
        "{body}"
    );
    let (status, _) = server.get("/api/v1/conversations?q=100%25", &admin).await;
    assert_eq!(status, StatusCode::OK);
}

/// An Alertmanager delivery is read alert by alert: an alert whose time is not RFC 3339 or out
/// of range is left out and named in the answer's `unread` (its index and field), the others are
/// taken; a delivery none of whose alerts reads is 400 naming the first one's fault, and more
/// alerts than one delivery may carry is 413 naming the bound; neither stores anything.
#[tokio::test]
async fn a_bad_alertmanager_delivery_is_refused_whole_naming_what_is_wrong() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let alert = |i: usize, starts: &str| {
        json!({"status": "firing", "labels": {"alertname": "Probe", "i": i.to_string()},
               "startsAt": starts, "endsAt": "0001-01-01T00:00:00Z", "fingerprint": format!("p{i}")})
    };
    for (bad, field, says) in [
        ("yesterday", "startsAt", "not an RFC 3339 time"),
        ("0000-01-01T00:00:00Z", "startsAt", "out of range"),
        ("99999-01-01T00:00:00Z", "startsAt", "not an RFC 3339 time"),
    ] {
        let delivery = json!({"version": "4", "status": "firing", "alerts": [alert(1, bad)]});
        let (status, body) = server
            .post("/api/v1/alerts/alertmanager", &admin, delivery)
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_json"),
            "{bad}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("alerts[0].{field}")) && message.contains(says),
            "{message}"
        );
    }
    let (_, listed) = server.get("/api/v1/incidents", &admin).await;
    assert_eq!(listed["incidents"], json!([]), "nothing was stored");

    // Beside an alert that reads, the one that does not is left out and named.
    let mixed = json!({"version": "4", "status": "firing",
        "alerts": [alert(0, "2026-11-21T10:00:00Z"), alert(1, "yesterday")]});
    let (status, body) = server
        .post("/api/v1/alerts/alertmanager", &admin, mixed)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["opened"].as_array().map(Vec::len), Some(1), "{body}");
    let unread = body["unread"].as_array().expect("unread");
    assert_eq!(unread.len(), 1, "{body}");
    let why = unread[0].as_str().unwrap();
    assert!(
        why.contains("alerts[1].startsAt") && why.contains("not an RFC 3339 time"),
        "{why}"
    );

    let mut ends = alert(0, "2026-11-21T10:00:00Z");
    ends["endsAt"] = json!("soon");
    let (status, body) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            json!({"version": "4", "alerts": [ends]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("alerts[0].endsAt"),
        "{body}"
    );

    let many: Vec<Value> = (0..3001)
        .map(|i| json!({"status": "firing", "labels": {"i": i.to_string()}}))
        .collect();
    let (status, body) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            json!({"version": "4", "alerts": many}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("3001 alerts") && message.contains("2000"),
        "{message}"
    );
    let (_, listed) = server.get("/api/v1/incidents", &admin).await;
    assert_eq!(
        listed["incidents"].as_array().map(Vec::len),
        Some(1),
        "only the mixed delivery's good alert was stored: {listed}"
    );
}

/// A real large Alertmanager delivery (2,000 alerts carrying runbook text: 10 MB) is taken
/// whole, past the 1 MiB every other route keeps; one past the alert route's own bound (32 MiB)
/// is 413 naming it, and stores nothing. Values of another JSON type are read or named in
/// `notes`, never losing their alert.
#[tokio::test]
async fn a_large_alertmanager_delivery_is_taken_and_one_past_its_bound_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let text = "r".repeat(5_000);
    let alerts = |count: usize, prefix: &str| -> Vec<Value> {
        (0..count)
            .map(|i| {
                json!({"status": "firing",
                    "labels": {"alertname": "Big", "i": format!("{prefix}{i}")},
                    "annotations": {"runbook": text, "description": text},
                    "startsAt": "2026-11-21T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                    "fingerprint": format!("{prefix}{i}")})
            })
            .collect()
    };
    let big = json!({"version": "4", "status": "firing", "alerts": alerts(2000, "b")});
    let size = serde_json::to_vec(&big).unwrap().len();
    assert!(size > 10_000_000, "{size}");
    let (status, body) = server
        .post("/api/v1/alerts/alertmanager", &admin, big)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["opened"].as_array().map(Vec::len), Some(2000));

    // Past the bound: 413 naming it, nothing stored.
    let huge_text = "h".repeat(20_000);
    let huge: Vec<Value> = (0..1800)
        .map(|i| {
            json!({"status": "firing", "labels": {"alertname": "Huge", "i": i.to_string()},
            "annotations": {"a": huge_text}})
        })
        .collect();
    let (status, body) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            json!({"version": "4", "alerts": huge}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("33554432 bytes") && message.contains("alert route"),
        "{message}"
    );
    let (_, listed) = server.get("/api/v1/incidents?limit=500", &admin).await;
    let incidents = listed["incidents"].as_array().unwrap();
    assert!(
        incidents
            .iter()
            .all(|i| !i["summary"].as_str().unwrap_or_default().contains("Huge")),
        "nothing of the refused delivery was stored"
    );

    // Every other route keeps its own bound.
    let (status, _) = server
        .post(
            "/api/v1/users",
            &admin,
            json!({"username": "x".repeat(2 * 1024 * 1024)}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // A number for a fingerprint and a time: read and named.
    let typed = json!({"version": "4", "status": "firing", "alerts": [
        {"status": "firing", "labels": {"alertname": "Typed"}, "fingerprint": 99,
         "startsAt": 1_796_290_000}]});
    let (status, body) = server
        .post("/api/v1/alerts/alertmanager", &admin, typed)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["opened"].as_array().map(Vec::len), Some(1), "{body}");
    let notes = body["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 2, "{body}");
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .starts_with("alerts[0].fingerprint: the number 99"),
        "{body}"
    );
}

/// A 404 for a resource the path names quotes the id it did not find, on every route with one;
/// a path parameter that is not UTF-8 is a 400 naming the parameter (not a generic line).
#[tokio::test]
async fn a_missing_id_is_named_and_a_path_parameter_that_is_not_utf8_too() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let id = "00000000-0000-0000-0000-00000000beef";
    for (method, path, what) in [
        (Method::GET, format!("/api/v1/runs/{id}"), "run not found"),
        (
            Method::GET,
            format!("/api/v1/runs/{id}/events"),
            "run not found",
        ),
        (
            Method::POST,
            format!("/api/v1/runs/{id}/cancel"),
            "run not found",
        ),
        (
            Method::GET,
            format!("/api/v1/conversations/{id}"),
            "conversation not found",
        ),
        (
            Method::DELETE,
            format!("/api/v1/conversations/{id}"),
            "conversation not found",
        ),
        (
            Method::GET,
            format!("/api/v1/incidents/{id}"),
            "incident not found",
        ),
        (
            Method::GET,
            format!("/api/v1/approvals/{id}"),
            "approval not found",
        ),
        (
            Method::POST,
            format!("/api/v1/approvals/{id}/approve"),
            "approval not found",
        ),
        (Method::GET, format!("/api/v1/users/{id}"), "user not found"),
        (
            Method::GET,
            format!("/api/v1/memories/{id}"),
            "memory not found",
        ),
        (
            Method::DELETE,
            format!("/api/v1/api-keys/{id}"),
            "api key not found",
        ),
        (
            Method::POST,
            format!("/api/v1/runbooks/proposals/{id}/accept"),
            "not found",
        ),
        (
            Method::POST,
            format!("/api/v1/tasks/{id}/run"),
            "task not found",
        ),
    ] {
        // No body: these routes take none (or an optional one), and a body on one that takes
        // none is refused before its id is looked up.
        let request = server.request(method.clone(), &path).bearer_auth(&admin);
        let (status, body) = server.send(request).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {path}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(what) && message.contains(&format!("`{id}`")),
            "{method} {path}: {message}"
        );
    }
    // Unknown routes say so, without quoting anything.
    let (status, body) = server.get("/api/v1/nothing-here", &admin).await;
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("no such route"))
    );
    for path in ["/api/v1/conversations/%FF", "/api/v1/runs/%ED%A0%80/events"] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{path}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("UTF-8") && message.contains("`id`"),
            "{path}: {message}"
        );
    }
}

/// A route that reads no query string refuses one (`GET /api/v1/users?limit=5` is not a page of
/// five), naming the parameter, as routes with parameters refuse unknown ones; a refusal it
/// answers anyway (no credential) stays what it is.
#[tokio::test]
async fn a_query_parameter_on_a_route_that_takes_none_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for path in [
        "/api/v1/users?limit=5",
        "/api/v1/api-keys?limit=1&limit=2",
        "/api/v1/tools?page=2",
        "/api/v1/tasks?x",
        "/api/v1/hosts?state=bogus",
        "/api/v1/usage?since=-1",
        "/api/v1/auth/me?a=b",
        "/api/v1/monitor/status?hours=0",
        "/api/v1/audit/verify?limit=-1",
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{path}: {body}"
        );
        let name = path
            .split('?')
            .nth(1)
            .unwrap()
            .split(['=', '&'])
            .next()
            .unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("`{name}` is not a parameter of this route")),
            "{path}: {message}"
        );
    }
    // Routes with parameters read theirs as before; an empty query string is no parameter.
    for path in [
        "/api/v1/approvals?limit=5",
        "/api/v1/users?",
        "/api/v1/conversations?q=x",
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    let (status, body) = server
        .send(server.request(Method::GET, "/api/v1/users?limit=5"))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
}

/// Probes, the scraper's route and the OpenAPI document take no query parameters: one sent is
/// refused by name, with or without a credential, rather than ignored (`/metrics?name[]=x` would
/// not filter anything).
#[tokio::test]
async fn a_query_parameter_on_a_probe_or_the_document_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for path in [
        "/healthz?verbose=1",
        "/readyz?full",
        "/metrics?name[]=warden_up",
        "/metrics?format=prometheus",
        "/api/v1/openapi.json?v=3",
    ] {
        let name = path
            .split('?')
            .nth(1)
            .unwrap()
            .split(['=', '&'])
            .next()
            .unwrap();
        for token in [None, Some(admin.as_str())] {
            let mut request = server.request(Method::GET, path);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let (status, body) = server.send(request).await;
            assert_eq!(
                (status, error_code(&body)),
                (StatusCode::BAD_REQUEST, "invalid_parameter"),
                "{path}: {body}"
            );
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&format!("`{name}` is not a parameter of this route")),
                "{path}: {message}"
            );
        }
    }
    // Without a query string (or an empty one) each answers as before.
    for path in ["/healthz", "/readyz?", "/metrics", "/api/v1/openapi.json"] {
        let response = server.request(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

/// A route that takes no body refuses one, whatever it holds (`{}` and `null` included), naming
/// the route, before anything is done: a revocation or a logout sent with a body has not
/// happened. Nothing sent (no body, `Content-Length: 0`) is taken as before.
#[tokio::test]
async fn a_body_on_a_route_that_takes_none_is_refused_naming_the_route() {
    let server = TestServer::builder()
        .configure(|c| c.rate_limit.per_minute = 10_000)
        .start()
        .await;
    let admin = server.admin_token().await;
    let (status, key) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "kept", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{key}");
    let key_id = key["id"].as_str().unwrap().to_owned();
    let revoke = format!("/api/v1/api-keys/{key_id}");
    let routes: Vec<(Method, String, &str)> = vec![
        (
            Method::POST,
            "/api/v1/auth/logout".into(),
            "/api/v1/auth/logout",
        ),
        (
            Method::POST,
            "/api/v1/auth/ws-ticket".into(),
            "/api/v1/auth/ws-ticket",
        ),
        (Method::DELETE, revoke.clone(), "/api/v1/api-keys/{id}"),
        (
            Method::POST,
            "/api/v1/runs/r1/cancel".into(),
            "/api/v1/runs/{id}/cancel",
        ),
        (
            Method::DELETE,
            "/api/v1/conversations/c1".into(),
            "/api/v1/conversations/{id}",
        ),
        (
            Method::POST,
            "/api/v1/incidents/i1/acknowledge".into(),
            "/api/v1/incidents/{id}/acknowledge",
        ),
        (
            Method::POST,
            "/api/v1/incidents/i1/retry".into(),
            "/api/v1/incidents/{id}/retry",
        ),
        (
            Method::DELETE,
            "/api/v1/memories/m1".into(),
            "/api/v1/memories/{id}",
        ),
        (
            Method::POST,
            "/api/v1/monitor/run".into(),
            "/api/v1/monitor/run",
        ),
        (
            Method::POST,
            "/api/v1/tasks/t1/run".into(),
            "/api/v1/tasks/{name}/run",
        ),
        (Method::GET, "/api/v1/users".into(), "/api/v1/users"),
    ];
    let bodies: [(Option<&str>, &[u8]); 6] = [
        (Some("application/json"), br#"{"everywhere": true}"#),
        (Some("application/json"), b"{}"),
        (Some("application/json"), b"null"),
        (Some("application/json"), b" "),
        (Some("text/plain"), b"revoke it"),
        (None, b"x"),
    ];
    for (method, path, pattern) in &routes {
        for (content_type, body) in bodies {
            let mut request = server
                .request(method.clone(), path)
                .bearer_auth(&admin)
                .body(body.to_vec());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let (status, answer) = server.send(request).await;
            let what = format!("{method} {path} with {:?}", String::from_utf8_lossy(body));
            assert_eq!(
                (status, error_code(&answer)),
                (StatusCode::BAD_REQUEST, "invalid_json"),
                "{what}: {answer}"
            );
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&format!("`{method} {pattern}` takes no request body")),
                "{what}: {message}"
            );
        }
    }
    // A query parameter such a route does not list is refused alike, before it runs.
    for (method, path) in [
        (Method::POST, "/api/v1/monitor/run?hours=1".to_owned()),
        (Method::POST, "/api/v1/auth/logout?everywhere=1".to_owned()),
        (Method::DELETE, format!("{revoke}?force")),
        (Method::POST, "/api/v1/runs/r1/cancel?limit=%2B5".to_owned()),
    ] {
        let (status, answer) = server
            .send(server.request(method.clone(), &path).bearer_auth(&admin))
            .await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{method} {path}: {answer}"
        );
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("is not a parameter of this route, which takes none"),
            "{method} {path}: {answer}"
        );
    }
    // Nothing was done: the key is not revoked, the session not ended.
    let (status, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(status, StatusCode::OK);
    let kept = keys["api_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == json!(key_id))
        .cloned()
        .unwrap();
    assert_eq!(kept["revoked_at"], Value::Null, "{kept}");
    // No body, or an empty one declared, is taken as before.
    let (status, ticket) = server
        .send(
            server
                .request(Method::POST, "/api/v1/auth/ws-ticket")
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    let (status, ticket) = server
        .send(
            server
                .request(Method::POST, "/api/v1/auth/ws-ticket")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .header("content-length", "0"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    let (status, body) = server
        .send(server.request(Method::DELETE, &revoke).bearer_auth(&admin))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // A route that takes a body still takes it, and one whose body is optional takes none.
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/approvals/nope/approve")
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found"),
        "{body}"
    );
}

/// A whole number in the query string is digits only: `limit=+5` is not 5, and no sign,
/// space, point, exponent, base prefix or separator is read as part of a number, on every
/// route with a numeric parameter; each refusal names the parameter.
#[tokio::test]
async fn a_number_in_the_query_string_is_digits_only() {
    let server = TestServer::builder()
        .configure(|c| c.rate_limit.per_minute = 10_000)
        .start()
        .await;
    let admin = server.admin_token().await;
    let routes = [
        ("/api/v1/approvals", "limit"),
        ("/api/v1/incidents", "limit"),
        ("/api/v1/incidents", "since"),
        ("/api/v1/memories", "limit"),
        ("/api/v1/audit", "limit"),
        ("/api/v1/audit", "before"),
        ("/api/v1/audit", "until"),
        ("/api/v1/audit/export/csv", "limit"),
        ("/api/v1/monitor/history", "hours"),
        ("/api/v1/hosts/edge-1/calls", "limit"),
        ("/api/v1/runs/r1/events", "after_seq"),
        ("/api/v1/conversations/c1/history", "limit"),
    ];
    let spellings = [
        "%2B5",
        "+5",
        "-5",
        "-0",
        "%205",
        "5%20",
        "5.0",
        "0x5",
        "5_0",
        "1e2",
        "%EF%BC%95",
    ];
    for (path, name) in routes {
        for spelling in spellings {
            let url = format!("{path}?{name}={spelling}");
            let (status, body) = server.get(&url, &admin).await;
            assert_eq!(
                (status, error_code(&body)),
                (StatusCode::BAD_REQUEST, "invalid_parameter"),
                "{url}: {body}"
            );
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&format!("{name}: must be a whole number")),
                "{url}: {message}"
            );
        }
        let huge = format!("{path}?{name}=99999999999999999999999");
        let (status, body) = server.get(&huge, &admin).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{huge}: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{name}: is too large")),
            "{huge}: {body}"
        );
    }
    // The chat's wait, refused before any run starts.
    let (status, body) = server
        .post(
            "/api/v1/chat?wait_secs=+5",
            &admin,
            json!({"message": "hi"}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_parameter"),
        "{body}"
    );
    // Digits are read as before, leading zeros included.
    for url in [
        "/api/v1/approvals?limit=5",
        "/api/v1/approvals?limit=05",
        "/api/v1/audit?since=0",
    ] {
        let (status, body) = server.get(url, &admin).await;
        assert_eq!(status, StatusCode::OK, "{url}: {body}");
    }
}

/// A connection that sends nothing at all is answered 408 naming the bound before it is
/// closed, as one whose request stalls is; not closed without a word.
#[tokio::test]
async fn a_connection_that_sends_nothing_is_answered_408() {
    use tokio::io::AsyncReadExt;
    let server = TestServer::builder()
        .configure(|c| c.http.header_read_timeout_secs = 1)
        .start()
        .await;
    let addr = server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("closed within 10 s")
    .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(error_code(&body), "timeout", "{answer}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("http.header_read_timeout_secs"),
        "{answer}"
    );
    let (status, _) = server.send(server.request(Method::GET, "/healthz")).await;
    assert_eq!(status, StatusCode::OK);
}
