//! `ApiJson<T>`: axum's JSON extractor with rejections turned into `ApiError`s that say what was
//! wrong (the field, the expected type, the position), in the house error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use warden_protocol::ErrorCode;

use super::ApiError;

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !req.headers().contains_key(axum::http::header::CONTENT_TYPE) {
            return absent_body(req, state).await;
        }
        if let Some(problem) = json_type_problem(req.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                problem,
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| from_rejection(JsonRejection::BytesRejection(e)))?;
        if let Some(problem) = strict_problem(&bytes) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                problem,
            ));
        }
        axum::Json::<T>::from_bytes(&bytes)
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(from_rejection)
    }
}

/// Why a JSON request body may not be read, if it may not: the one strict reader every JSON body
/// passes (REST, completions, webhooks). Every request body is an object: serde reads a struct
/// from an array too (`["bob","pw"]` as a login), by position, which no client means; no string
/// holds a NUL; no object holds a key twice.
pub fn strict_problem(body: &[u8]) -> Option<String> {
    not_an_object(body)
        .or_else(|| holds_nul(body))
        .or_else(|| super::json_keys::repeated_key(body))
}

/// Why `body` may not be read, if a string in it holds a NUL character: JSON can carry one only
/// escaped (`\u0000`), no field means one, and PostgreSQL's text cannot store it (what SQLite
/// took would not move). An escaped backslash before `u0000` (`\\u0000`) is text, not a NUL.
pub fn holds_nul(body: &[u8]) -> Option<String> {
    let mut backslashes = 0usize;
    for (at, byte) in body.iter().enumerate() {
        if *byte == b'\\' {
            backslashes += 1;
            continue;
        }
        let escaped = backslashes % 2 == 1;
        backslashes = 0;
        if escaped
            && *byte == b'u'
            && body
                .get(at + 1..at + 5)
                .is_some_and(|hex| hex.iter().all(|d| *d == b'0'))
        {
            return Some(
                "a string in the body holds a NUL character (`\\u0000`), which no field may hold"
                    .to_owned(),
            );
        }
    }
    None
}

/// Why `body` is not a JSON object, if its first bytes say so: a byte order mark before it
/// (JSON forbids one; parsers answer only "expected value at line 1 column 1"), or another
/// kind of value (an array, a string, a number, `true`, `false`, `null`). `None` for an object,
/// and for anything else, which the parser names (an empty body, a syntax error).
pub fn not_an_object(body: &[u8]) -> Option<String> {
    if body.starts_with(b"\xEF\xBB\xBF") {
        return Some(
            "the request body starts with a byte order mark (EF BB BF), which JSON does not allow; send the JSON without it".to_owned(),
        );
    }
    let first = body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))?;
    let kind = match first {
        b'{' => return None,
        b'[' => "an array",
        b'"' => "a string",
        b'-' | b'0'..=b'9' => "a number",
        b't' | b'f' => "true or false",
        b'n' => "null",
        _ => return None,
    };
    Some(format!(
        "the request body must be a JSON object (`{{...}}`), not {kind}"
    ))
}

/// A request without `Content-Type`: no body at all reads as the empty object `{}`, so a body
/// whose fields are all optional may be left out (`POST /approvals/ID/approve` with nothing),
/// and one with a required field answers 400 naming it. A body sent without saying it is JSON
/// is still refused (415).
async fn absent_body<T, S>(req: Request, state: &S) -> Result<ApiJson<T>, ApiError>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    "request body is larger than the configured limit",
                )
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidJson,
                    e.body_text(),
                )
            }
        })?;
    if !bytes.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the body as JSON with `Content-Type: application/json`",
        ));
    }
    serde_json::from_slice::<T>(b"{}")
        .map(ApiJson)
        .map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                format!("a request body is needed here: {e}"),
            )
        })
}

// JsonRejection is non-exhaustive: unknown kinds become a generic 400 with axum's own text.
#[allow(clippy::wildcard_enum_match_arm)]
fn from_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!(
                "request body does not match the expected shape: {}",
                source_text(&e)
            ),
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("request body is not valid JSON: {}", source_text(&e)),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            EXPECTED_JSON,
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "request body is larger than the configured limit",
            )
        }
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            other.body_text(),
        ),
    }
}

/// Whether `headers` declare a JSON body as axum's `Json` accepts it: `application/json` or
/// `application/SUBTYPE+json`, any parameters (`; charset=utf-8`) and case. Routes that read
/// their body as bytes check this, so every JSON route answers a non-JSON type alike (415).
pub fn declares_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", subtype)) => subtype == "json" || subtype.ends_with("+json"),
        _ => false,
    }
}

/// Why a body with these headers is not read as JSON, if it is not: another content type
/// ([`EXPECTED_JSON`]), or a `charset` other than UTF-8. JSON is UTF-8 (RFC 8259 §8.1) and is
/// read as such whatever the header says, so `charset=latin1` would have had its `é` read as
/// something else, or refused as invalid text with no word about the header that caused it.
pub fn json_type_problem(headers: &HeaderMap) -> Option<String> {
    if !declares_json(headers) {
        return Some(EXPECTED_JSON.to_owned());
    }
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    value.split(';').skip(1).find_map(|parameter| {
        let (name, charset) = parameter.split_once('=')?;
        let charset = charset.trim().trim_matches('"');
        (name.trim().eq_ignore_ascii_case("charset")
            && !charset.eq_ignore_ascii_case("utf-8")
            && !charset.eq_ignore_ascii_case("utf8"))
        .then(|| {
            format!(
                "`Content-Type` says `charset={}`: JSON is read as UTF-8 only; send it as UTF-8 and say `charset=utf-8` or no charset",
                charset.chars().take(40).collect::<String>()
            )
        })
    })
}

/// What a JSON route answers a body of another content type with.
pub const EXPECTED_JSON: &str = "send the body as JSON with `Content-Type: application/json`";

/// What a body that did not read says was wrong with it: serde's message with the path of the
/// field and the position (for routes that read their body themselves).
pub fn rejection_text(rejection: &JsonRejection) -> String {
    #[allow(clippy::wildcard_enum_match_arm)]
    match rejection {
        JsonRejection::JsonDataError(e) => source_text(e),
        JsonRejection::JsonSyntaxError(e) => source_text(e),
        other => other.body_text(),
    }
}

/// The innermost error's text: serde's message with its path and position.
fn source_text(err: &dyn std::error::Error) -> String {
    let mut current: &dyn std::error::Error = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header};

    use super::{EXPECTED_JSON, holds_nul, json_type_problem, not_an_object};

    #[test]
    fn json_is_utf8_whatever_the_header_says_and_another_charset_is_named() {
        let problem = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            json_type_problem(&headers)
        };
        for value in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;Charset=\"UTF-8\"",
            "application/merge-patch+json; charset=utf8",
        ] {
            assert_eq!(problem(value), None, "{value}");
        }
        for (value, charset) in [
            ("application/json; charset=latin1", "latin1"),
            ("application/json;charset=\"utf-16\"", "utf-16"),
            ("application/json; v=1; charset=ISO-8859-1", "ISO-8859-1"),
        ] {
            let said = problem(value).unwrap_or_default();
            assert!(
                said.contains(&format!("charset={charset}`")),
                "{value}: {said}"
            );
        }
        assert_eq!(
            problem("text/plain; charset=utf-8").as_deref(),
            Some(EXPECTED_JSON)
        );
    }

    #[test]
    fn only_an_object_is_a_body() {
        assert_eq!(not_an_object(b"{\"name\": \"bob\"}"), None);
        assert_eq!(not_an_object(b" \n\t{}"), None);
        // Empty or broken: the parser says what is wrong.
        assert_eq!(not_an_object(b""), None);
        assert_eq!(not_an_object(b"<xml/>"), None);
        for (body, kind) in [
            (&b"[\"bob\", \"pw\"]"[..], "an array"),
            (b" \"bob\"", "a string"),
            (b"-1", "a number"),
            (b"true", "true or false"),
            (b"null", "null"),
        ] {
            let problem = not_an_object(body).unwrap_or_default();
            assert!(problem.ends_with(&format!("not {kind}")), "{problem}");
        }
        let bom = not_an_object(b"\xEF\xBB\xBF{}").unwrap_or_default();
        assert!(bom.contains("byte order mark"), "{bom}");
    }

    #[test]
    fn an_escaped_nul_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(holds_nul(br#"{"message": "a\u0000b"}"#).is_some());
        assert!(holds_nul(br#"{"message": "\\\u0000"}"#).is_some());
        assert_eq!(holds_nul(br#"{"message": "C:\\u0000 is a path"}"#), None);
        assert_eq!(holds_nul(br#"{"message": "\u00e9t\u00e9 \u0001"}"#), None);
    }
}
