//! An HTTP receiver on loopback that keeps every request whole (method, path, headers, raw
//! body) and answers 200, or a status chosen per path (to test retries).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Received {
    /// The body as JSON (panics when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    /// path -> statuses to answer in turn before answering 200.
    failures: Mutex<BTreeMap<String, Vec<u16>>>,
}

/// The running receiver; stops when dropped.
pub struct HttpSink {
    pub base: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for HttpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let path = uri.path().to_owned();
    shared.received.lock().expect("sink").push(Received {
        method: method.to_string(),
        path: path.clone(),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    });
    let mut failures = shared.failures.lock().expect("sink");
    match failures.get_mut(&path).filter(|f| !f.is_empty()) {
        Some(statuses) => StatusCode::from_u16(statuses.remove(0)).unwrap_or(StatusCode::OK),
        None => StatusCode::OK,
    }
}

impl HttpSink {
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let app = axum::Router::new()
            .fallback(receive)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a sink");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, shared, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Answers the next requests to `path` with these statuses, in turn.
    pub fn fail(&self, path: &str, statuses: &[u16]) {
        self.shared
            .failures
            .lock()
            .expect("sink")
            .insert(path.to_owned(), statuses.to_vec());
    }

    /// The requests to `path` so far.
    pub fn at(&self, path: &str) -> Vec<Received> {
        self.shared
            .received
            .lock()
            .expect("sink")
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}
