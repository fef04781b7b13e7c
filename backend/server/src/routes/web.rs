//! The web app at `/`, embedded at build time (see `build.rs`): `index.html` for `/`, hashed files
//! under `/assets/`. Served with the same strict CSP as every response (no inline code).

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::http::ApiError;
use crate::state::AppState;

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{file}", get(asset))
}

fn serve(path: &str, cache: &'static str) -> Option<Response> {
    let (_, content_type, bytes) = WEB_ASSETS.iter().find(|(p, _, _)| *p == path)?;
    let mut response = (StatusCode::OK, *bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Some(response)
}

pub async fn index() -> Response {
    serve("/index.html", "no-store").unwrap_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            warden_protocol::ErrorCode::Unavailable,
            "the web app is not built into this binary: run `make build` (npm ci and npm run build in frontend/) and build again",
        )
        .into_response()
    })
}

pub async fn asset(Path(file): Path<String>) -> Response {
    // Hashed names never change content: cached for a year.
    serve(
        &format!("/assets/{file}"),
        "public, max-age=31536000, immutable",
    )
    .unwrap_or_else(|| ApiError::not_found("asset").into_response())
}
