//! Errors in OpenAI's shape, `{"error":{"message","type","param","code"}}`, so OpenAI clients
//! raise their usual exceptions with Warden's message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::http::ApiError;

/// OpenAI's error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenAiErrorBody {
    pub error: OpenAiErrorDetail,
}

/// What went wrong, as OpenAI's clients read it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenAiErrorDetail {
    pub message: String,
    /// `invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`,
    /// `rate_limit_error` or `api_error`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub param: Option<String>,
    /// Warden's error code (`invalid_parameter`, `unauthenticated`, `model_not_found`...).
    pub code: String,
}

#[derive(Debug)]
/// An error answer under `/v1/`.
pub struct OpenAiError {
    pub status: StatusCode,
    pub body: OpenAiErrorBody,
}

/// OpenAI's error type for an HTTP status.
pub fn kind_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "authentication_error",
        StatusCode::FORBIDDEN => "permission_error",
        StatusCode::NOT_FOUND => "not_found_error",
        StatusCode::TOO_MANY_REQUESTS => "rate_limit_error",
        s if s.is_server_error() => "api_error",
        _ => "invalid_request_error",
    }
}

impl OpenAiError {
    /// An error with OpenAI's type for `status` and Warden's `code`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: OpenAiErrorBody {
                error: OpenAiErrorDetail {
                    message: crate::http::quote::bounded(message.into()),
                    kind: kind_for(status),
                    param: None,
                    code: code.to_owned(),
                },
            },
        }
    }

    /// A 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_parameter", message)
    }

    /// Names the request field at fault.
    pub fn param(mut self, param: &str) -> Self {
        self.body.error.param = Some(param.to_owned());
        self
    }
}

impl From<ApiError> for OpenAiError {
    fn from(error: ApiError) -> Self {
        // ApiError logs 5xx details itself when turned into a response; here only its public
        // message travels.
        Self::new(error.status(), error.code_str(), error.message().to_owned())
    }
}

impl IntoResponse for OpenAiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}

/// Gives every error answer under `/v1/` OpenAI's shape, whoever produced it (authentication,
/// rate limits, body limits, unknown routes...), keeping its status and headers.
pub async fn rewrite_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let openai = request.uri().path().starts_with("/v1/");
    let response = next.run(request).await;
    let status = response.status();
    if !openai || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return OpenAiError::new(status, "internal", "the error could not be read").into_response();
    };
    let house: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let detail = &house["error"];
    if detail.get("type").is_some() {
        // Already OpenAI's shape.
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    }
    let code = detail["code"].as_str().unwrap_or("internal");
    let message = detail["message"].as_str().unwrap_or("the request failed");
    let mut rewritten = OpenAiError::new(status, code, message).into_response();
    for (name, value) in &parts.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rewritten
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    rewritten
}
