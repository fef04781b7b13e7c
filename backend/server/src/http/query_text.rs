//! Refuses a query string whose parameters cannot be read as plain text, naming the first such
//! parameter and what is in it, before any route sees it.
//!
//! Every parameter name and value, once percent-decoded, must be UTF-8 text without control
//! characters. The URL-encoded reader decodes bytes that are not UTF-8 lossily (`q=%FF` was
//! read as `q=\u{FFFD}` and searched for that), a NUL cannot be stored in PostgreSQL text and
//! made a filter fail or match the wrong rows, and no Warden parameter (a limit, a time, a
//! state, a search, a ticket) means a newline, a tab or an escape: each is a client's mistake
//! to name, not to guess at.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use warden_protocol::ErrorCode;

use super::ApiError;

/// The longest name an error repeats: the name may itself be the odd part.
const MAX_NAME_CHARS: usize = 64;

/// 400 `invalid_parameter` for a query string holding a parameter that is not plain text.
pub async fn refuse_unreadable_query(request: Request, next: Next) -> Response {
    if let Some(problem) = request.uri().query().and_then(unreadable_parameter) {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            problem,
        )
        .into_response();
    }
    next.run(request).await
}

/// What is wrong with the first parameter of `query` that is not plain text, naming it.
pub fn unreadable_parameter(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let fault = fault(name).or_else(|| fault(value))?;
        // Shown as sent (percent-encoded), bounded.
        let shown: String = name.chars().take(MAX_NAME_CHARS).collect();
        Some(format!(
            "query parameter `{shown}` {fault}; a parameter's name and value must be UTF-8 text without control characters"
        ))
    })
}

/// What makes one percent-encoded name or value unreadable, if anything.
fn fault(encoded: &str) -> Option<&'static str> {
    let bytes = percent_decode(encoded);
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Some("holds bytes that are not UTF-8 text (as percent-encoded, e.g. %FF)");
    };
    if text.contains('\0') {
        return Some("contains a NUL character (%00), which no parameter may hold");
    }
    text.chars()
        .any(char::is_control)
        .then_some("contains a control character (a newline, tab, escape or the like)")
}

/// `encoded` with `%XX` escapes turned into their bytes (`+` is a space, and stays printable);
/// a `%` not followed by two hex digits is kept as it is, as the URL-encoded reader keeps it.
fn percent_decode(encoded: &str) -> Vec<u8> {
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(value) => {
                decoded.push(value);
                at += 3;
            }
            None => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::unreadable_parameter;

    fn named(query: &str) -> Option<(String, String)> {
        unreadable_parameter(query).map(|problem| {
            let name = problem.split('`').nth(1).unwrap_or_default().to_owned();
            (name, problem)
        })
    }

    #[test]
    fn plain_text_passes() {
        for query in [
            "q=100%25&limit=5",
            "q=caf%C3%A9+cr%C3%A8me",
            "q=a%2500",
            "q=%",
            "q=%zz",
            "since=2026-01-01T00:00:00Z",
            "x",
            "",
        ] {
            assert_eq!(unreadable_parameter(query), None, "{query}");
        }
    }

    #[test]
    fn a_nul_a_control_character_or_bytes_that_are_not_utf8_name_the_parameter() {
        for (query, name, mentions) in [
            ("q=ab%00c", "q", "NUL"),
            ("limit=5&q=%00", "q", "NUL"),
            ("x%00=1", "x%00", "NUL"),
            ("q=a%0Ab", "q", "control character"),
            ("limit=5&state=open%09", "state", "control character"),
            ("q=%1B[31m", "q", "control character"),
            ("q=%7F", "q", "control character"),
            ("q=%C2%85", "q", "control character"),
            ("q=%FF", "q", "not UTF-8"),
            ("q=%C3", "q", "not UTF-8"),
            ("%FF=1", "%FF", "not UTF-8"),
        ] {
            let (got, problem) = named(query).unwrap_or_default();
            assert_eq!(got, name, "{query}: {problem}");
            assert!(problem.contains(mentions), "{query}: {problem}");
        }
    }
}
