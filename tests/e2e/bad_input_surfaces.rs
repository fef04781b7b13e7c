//! Bad input on the surfaces beside `/api/v1`: the OpenAI-compatible endpoint, the WebSocket
//! upgrade and query strings that cannot be read as text, on every route alike; and names that
//! would forge lines where they are shown.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{TestServer, error_code};

/// The parameter a query string names first, as sent.
fn first_name(path: &str) -> &str {
    path.split('?')
        .nth(1)
        .and_then(|query| query.split(['=', '&']).next())
        .unwrap_or_default()
}

/// Every route takes only the query parameters it reads: `/v1/models` and the WebSocket upgrade
/// as much as `/api/v1`, refused by name (in OpenAI's error shape under `/v1`), not ignored.
#[tokio::test]
async fn an_unknown_query_parameter_is_named_on_every_surface() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read"], None)
        .await;
    for path in [
        "/v1/models?owned_by=warden",
        "/v1/models?limit=1&limit=2",
        "/v1/models?x",
    ] {
        let (status, body) = server.get(path, &key).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("`{}` is not a parameter", first_name(path))),
            "{path}: {message}"
        );
    }
    let (status, body) = server.get("/v1/models", &key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["id"], "warden");

    // The WebSocket upgrade reads `ticket` only, once.
    for (path, mentions) in [
        ("/ws/chat?tiket=abc", "tiket"),
        ("/ws/chat?ticket=a&ticket=b", "duplicate field `ticket`"),
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{path}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(mentions), "{path}: {message}");
    }
}

/// A parameter that is not plain text once decoded (bytes that are not UTF-8, a NUL, a newline
/// or an escape) is named, on `/api/v1`, the probes and `/v1` alike, and never read lossily as a
/// replacement character.
#[tokio::test]
async fn a_query_parameter_that_is_not_plain_text_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for (path, mentions) in [
        ("/api/v1/conversations?q=%FF", "not UTF-8"),
        ("/api/v1/conversations?q=caf%C3", "not UTF-8"),
        ("/api/v1/memories?q=a%0Ab", "control character"),
        ("/api/v1/audit?limit=5&tool=%1B[31m", "control character"),
        ("/api/v1/approvals?status=pending%09", "control character"),
        ("/api/v1/incidents?%FF=1", "not UTF-8"),
        ("/healthz?v=%00", "NUL"),
        ("/v1/models?x=%FF", "not UTF-8"),
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        let name = first_name(path)
            .split('&')
            .next()
            .unwrap_or_default()
            .to_owned();
        let named = path
            .split('?')
            .nth(1)
            .unwrap_or_default()
            .split('&')
            .find(|pair| pair.contains('%'))
            .and_then(|pair| pair.split('=').next())
            .unwrap_or(&name)
            .to_owned();
        assert!(message.contains(&format!("`{named}`")), "{path}: {message}");
        assert!(message.contains(mentions), "{path}: {message}");
    }
    // Text that decodes cleanly, accents and an encoded percent sign included, is read.
    for path in [
        "/api/v1/conversations?q=caf%C3%A9",
        "/api/v1/conversations?q=100%25",
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
}

async fn completion(server: &TestServer, key: &str, body: Value) -> (StatusCode, Value) {
    server
        .send(
            server
                .request(Method::POST, "/v1/chat/completions")
                .bearer_auth(key)
                .json(&body),
        )
        .await
}

/// What `/v1/chat/completions` would otherwise answer as if it had done it is refused, naming
/// the parameter: several answers (`n`), stream options on an answer that is not streamed, a
/// field of the wrong type (by its path), an empty new message. A refused turn leaves no
/// conversation behind.
#[tokio::test]
async fn a_chat_completion_asking_what_warden_does_not_do_is_refused_by_name() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read"], None)
        .await;
    let user = |text: &str| json!([{"role": "user", "content": text}]);
    let seeded = json!([
        {"role": "user", "content": "earlier"},
        {"role": "assistant", "content": "answer"},
        {"role": "user", "content": "   "}
    ]);
    for (body, param, mentions) in [
        (
            json!({"model": "warden", "messages": user("hi"), "n": 2}),
            "n",
            "n must be 1",
        ),
        (
            json!({"model": "warden", "messages": user("hi"), "n": 0}),
            "n",
            "not 0",
        ),
        (
            json!({"model": "warden", "messages": user("hi"),
                   "stream_options": {"include_usage": true}}),
            "stream_options",
            "stream: true",
        ),
        (
            json!({"model": "warden", "messages": [{"role": 7, "content": "hi"}]}),
            "",
            "messages[0].role",
        ),
        (
            json!({"model": "warden", "messages": user("hi"), "stream": "yes"}),
            "",
            "stream",
        ),
        (
            json!({"model": "warden", "messages": user("")}),
            "messages",
            "messages[0]",
        ),
        (
            json!({"model": "warden", "messages": seeded}),
            "messages",
            "messages[2]",
        ),
        (
            json!({"model": "warden", "messages": user("a\u{0}b")}),
            "",
            "NUL",
        ),
    ] {
        let (status, reply) = completion(&server, &key, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
        assert_eq!(
            reply["error"]["code"], "invalid_parameter",
            "{body}: {reply}"
        );
        let message = reply["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(mentions), "{body}: {message}");
        if !param.is_empty() {
            assert_eq!(reply["error"]["param"], param, "{body}: {reply}");
        }
    }
    let (status, conversations) = server.get("/api/v1/conversations", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        conversations["conversations"],
        json!([]),
        "a refused turn left a conversation: {conversations}"
    );
}

/// An API key's name is shown in lists, tables and the audit log: one holding a newline, a tab
/// or an escape is refused naming the field, as a name too long is.
#[tokio::test]
async fn an_api_key_name_with_a_control_character_is_refused_naming_the_field() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for name in ["ci\nforged-row", "ci\tkey", "\u{1b}[31mred", "x\u{7f}"] {
        let (status, body) = server
            .post(
                "/api/v1/api-keys",
                &admin,
                json!({"name": name, "scopes": ["read"]}),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{name:?}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with("name ") && message.contains("control characters"),
            "{name:?}: {message}"
        );
    }
    let (status, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys["api_keys"], json!([]), "{keys}");
    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "ci – déploiement", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// A key repeated in one JSON object, at any depth, is refused naming the key and where it is:
/// serde refuses one only in a typed struct, and a tool's free-form `args` kept the last one,
/// so `{"path": "/srv/a", "path": "/etc/shadow"}` read one way to a reviewer and another to
/// Warden. Nothing runs and nothing is stored.
#[tokio::test]
async fn a_key_repeated_in_a_json_body_is_named_and_nothing_runs() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read"], None)
        .await;
    for (path, body, mentions) in [
        (
            "/api/v1/tools/file_read/invoke",
            r#"{"args": {"path": "/srv/a", "path": "/etc/shadow"}}"#,
            "the key `path` appears twice in `args`",
        ),
        (
            "/api/v1/api-keys",
            r#"{"name": "a", "scopes": ["read"], "name": "b"}"#,
            "the key `name` appears twice in the body",
        ),
        (
            "/api/v1/chat",
            r#"{"message": "hi", "message": "rm -rf /"}"#,
            "the key `message` appears twice",
        ),
    ] {
        let (status, reply) = server
            .send(
                server
                    .request(Method::POST, path)
                    .bearer_auth(&admin)
                    .header("content-type", "application/json")
                    .body(body),
            )
            .await;
        assert_eq!(
            (status, error_code(&reply)),
            (StatusCode::BAD_REQUEST, "invalid_json"),
            "{path} {body}: {reply}"
        );
        let message = reply["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(mentions), "{path}: {message}");
    }
    let (status, reply) = server
        .send(
            server
                .request(Method::POST, "/v1/chat/completions")
                .bearer_auth(&key)
                .header("content-type", "application/json")
                .body(r#"{"model": "warden", "messages": [{"role": "user", "content": "a", "content": "b"}]}"#),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    let message = reply["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the key `content` appears twice in `messages[0]`"),
        "{message}"
    );
    let (_, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(keys["api_keys"].as_array().map(Vec::len), Some(1), "{keys}");
    let (_, conversations) = server.get("/api/v1/conversations", &admin).await;
    assert_eq!(conversations["conversations"], json!([]), "{conversations}");
}

/// Two credentials of one kind are not a choice to make for the client (which one counts, the
/// proxy's or the client's?): refused, naming the header; an empty `X-API-Key` is named too.
#[tokio::test]
async fn a_credential_header_sent_twice_or_empty_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server.create_api_key(&admin, "ci", &["read"], None).await;
    let bearer = format!("Bearer {admin}");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("authorization", bearer.as_str()),
                ("authorization", "Bearer x"),
            ],
            "send one Authorization header, not 2",
        ),
        (
            vec![("x-api-key", key.as_str()), ("x-api-key", key.as_str())],
            "send one X-API-Key header, not 2",
        ),
        (vec![("x-api-key", "  ")], "X-API-Key header is empty"),
    ];
    for (headers, mentions) in cases {
        for path in ["/api/v1/auth/me", "/v1/models"] {
            let mut request = server.request(Method::GET, path);
            for (name, value) in &headers {
                request = request.header(*name, *value);
            }
            let (status, body) = server.send(request).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{path} {headers:?}: {body}"
            );
            assert_eq!(body["error"]["code"], "invalid_credentials", "{body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(mentions), "{path} {headers:?}: {message}");
        }
    }
    let (status, body) = server
        .send(
            server
                .request(Method::GET, "/api/v1/auth/me")
                .header("x-api-key", &key),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// JSON is UTF-8: a body that says another `charset` is refused naming it (415), on the house
/// routes and `/v1` alike, instead of being read as UTF-8 regardless; nothing is created.
#[tokio::test]
async fn a_json_body_in_another_charset_is_refused_naming_it() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "webui", &["read"], None)
        .await;
    for (path, token, body) in [
        (
            "/api/v1/api-keys",
            admin.as_str(),
            r#"{"name": "latin", "scopes": ["read"]}"#,
        ),
        (
            "/v1/chat/completions",
            key.as_str(),
            r#"{"model": "warden", "messages": [{"role": "user", "content": "hi"}]}"#,
        ),
    ] {
        for charset in ["latin1", "\"ISO-8859-1\"", "utf-16"] {
            let (status, reply) = server
                .send(
                    server
                        .request(Method::POST, path)
                        .bearer_auth(token)
                        .header(
                            "content-type",
                            format!("application/json; charset={charset}"),
                        )
                        .body(body),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{path} {charset}: {reply}"
            );
            assert_eq!(reply["error"]["code"], "unsupported_media_type", "{reply}");
            let message = reply["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains(&format!("charset={}", charset.trim_matches('"'))),
                "{path}: {message}"
            );
        }
    }
    let (_, keys) = server.get("/api/v1/api-keys", &admin).await;
    assert_eq!(keys["api_keys"].as_array().map(Vec::len), Some(1), "{keys}");
    let (status, reply) = server
        .send(
            server
                .request(Method::POST, "/api/v1/api-keys")
                .bearer_auth(&admin)
                .header("content-type", "application/json; charset=UTF-8")
                .body(r#"{"name": "utf", "scopes": ["read"]}"#),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
}
