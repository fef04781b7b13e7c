//! Every HTTP request is logged inside the span `request`, which carries the route pattern the
//! router matched (`/api/v1/approvals/{id}`) next to the concrete path.
//!
//! A binary of its own: tracing caches per call site, process-wide, whether anyone listens, so
//! the test must own the global subscriber.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pretty_assertions::assert_eq;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use warden_server::Config;

type Fields = BTreeMap<String, String>;

struct Collect(Fields);

impl Visit for Collect {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

/// The fields of every `request` span an event was logged in.
#[derive(Clone, Default)]
struct RequestSpans(Arc<Mutex<Vec<Fields>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for RequestSpans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Collect(Fields::new());
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields.0);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope.from_root().filter(|s| s.name() == "request") {
            if let Some(fields) = span.extensions().get::<Fields>() {
                self.0.lock().unwrap().push(fields.clone());
            }
        }
    }
}

#[tokio::test]
async fn the_request_span_names_the_matched_route_and_the_path() {
    let seen = RequestSpans::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(seen.clone()))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.admin_password = Some(warden_server::config::Secret::new("span-test-password-1"));
    config.monitor.enabled = false;
    config.memory.embedder = warden_server::config::EmbedderKind::None;
    warden_http::install_tls_provider();
    let running = warden_server::start(config).await.unwrap();

    let response = reqwest::Client::new()
        .get(format!(
            "http://{}/api/v1/approvals/some-approval",
            running.local_addr
        ))
        .header("x-request-id", "span-test-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let spans: Vec<Fields> = seen
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|f| f.get("request_id").map(String::as_str) == Some("span-test-1"))
        .cloned()
        .collect();
    assert!(
        !spans.is_empty(),
        "no event was logged in the request's span"
    );
    let expected: Fields = [
        ("method", "GET"),
        ("route", "/api/v1/approvals/{id}"),
        ("path", "/api/v1/approvals/some-approval"),
        ("request_id", "span-test-1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for fields in spans {
        assert_eq!(fields, expected);
    }
    running.shutdown().await.unwrap();
}
