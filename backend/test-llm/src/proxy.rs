//! A recording proxy for real model servers: forwards every request unchanged and keeps each
//! request and answer, so tests against a real model can assert what it was sent (the prompt,
//! the tools, the window) and what it said (its own token counts).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// One request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    /// The request body as JSON (Null when it was not JSON).
    pub request: Value,
    pub status: u16,
    /// The answer's body as received (server-sent events stay text).
    pub response: String,
}

struct Upstream {
    base: String,
    client: reqwest::Client,
    exchanges: Mutex<Vec<Exchange>>,
}

pub struct RecordingProxy {
    pub base_url: String,
    pub addr: SocketAddr,
    upstream: Arc<Upstream>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RecordingProxy {
    /// Forwards to `upstream` (`http://host:port`). The process needs a rustls crypto provider
    /// installed first (`warden_http::install_tls_provider()`), as every reqwest client here does.
    pub async fn start(upstream: &str) -> Self {
        let upstream = Arc::new(Upstream {
            base: upstream.trim_end_matches('/').to_owned(),
            // No connection reuse: a server may close a connection after a failed stream, and a
            // reused one would fail the next request for the proxy's sake, not the server's.
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(600))
                .pool_max_idle_per_host(0)
                .build()
                .expect("http client"),
            exchanges: Mutex::new(Vec::new()),
        });
        let app = Router::new().fallback(forward).with_state(upstream.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://{addr}"),
            addr,
            upstream,
            task,
        }
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.upstream.exchanges.lock().unwrap().clone()
    }
}

async fn forward(
    State(upstream): State<Arc<Upstream>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let mut request = upstream.client.request(
        reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET),
        format!("{}{path}", upstream.base),
    );
    for name in [header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION] {
        if let Some(value) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            request = request.header(name.as_str(), value);
        }
    }
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (status, content_type, text) = match request.body(body.to_vec()).send().await {
        Ok(answer) => {
            let status = answer.status().as_u16();
            let content_type = answer
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/json")
                .to_owned();
            (
                status,
                content_type,
                answer.text().await.unwrap_or_default(),
            )
        }
        Err(error) => (502, "text/plain".to_owned(), format!("proxy: {error}")),
    };
    upstream.exchanges.lock().unwrap().push(Exchange {
        method: method.to_string(),
        path,
        request: sent,
        status,
        response: text.clone(),
    });
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        [(header::CONTENT_TYPE, content_type)],
        text,
    )
        .into_response()
}
