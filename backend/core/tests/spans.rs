//! Tracing: a chat's tool call is logged inside the spans of its run, its model step and its
//! execution, each carrying the run id, and the execution the call id and the tool.
//!
//! A binary of its own: tracing caches per call site whether anyone listens, process-wide, so a
//! subscriber set for one test misses spans another test's thread reached first; alone in its
//! process, the test owns the global subscriber.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use warden_core::{Engine, EngineEvent, Guard, GuardSettings, Limits, RecalledMemories, RunInput};
use warden_llm::{CatalogModel, OllamaClient, RequestHint, RetryPolicy, Router, Tier, ToolStyle};
use warden_protocol::Scope;
use warden_test_llm::{Reply, ScriptedLlm};
use warden_tool_api::{RegistryBuilder, ToolContext};

type Fields = BTreeMap<String, String>;

/// A span as an event saw it: its name and its fields.
#[derive(Debug, Clone, PartialEq)]
struct SpanSeen {
    name: String,
    fields: Fields,
}

/// An event with its message and the spans around it, outermost first.
#[derive(Debug, Clone)]
struct EventSeen {
    message: String,
    spans: Vec<SpanSeen>,
}

struct Collect(Fields);

impl Visit for Collect {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

/// Keeps every event with its spans' fields in memory.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<EventSeen>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Collect(Fields::new());
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields.0);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            let mut extensions = span.extensions_mut();
            if let Some(fields) = extensions.get_mut::<Fields>() {
                let mut more = Collect(std::mem::take(fields));
                values.record(&mut more);
                *fields = more.0;
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Collect(Fields::new());
        event.record(&mut fields);
        let spans = ctx
            .event_scope(event)
            .map(|scope| {
                scope
                    .from_root()
                    .map(|span| SpanSeen {
                        name: span.name().to_owned(),
                        fields: span
                            .extensions()
                            .get::<Fields>()
                            .cloned()
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.0.lock().unwrap().push(EventSeen {
            message: fields.0.remove("message").unwrap_or_default(),
            spans,
        });
    }
}

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The engine over the real guard (shipped policy, a fresh SQLite store) and the system tools.
async fn engine(dir: &std::path::Path, llm: &ScriptedLlm) -> Engine {
    let store = warden_store::Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("warden.db").display()
    ))
    .await
    .unwrap();
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    let guard = Guard::new(
        builder.build().unwrap(),
        store,
        GuardSettings {
            policy: Arc::new(warden_policy::Policy::load(None).unwrap()),
            sandbox: None,
            containment: Err("not used here".to_owned()),
            approval_ttl: std::time::Duration::from_secs(60),
            webhook_url: None,
        },
    );
    let model = CatalogModel::new(
        "local",
        "qwen2.5:7b",
        Tier::Fast,
        ToolStyle::Native,
        Arc::new(OllamaClient::new(
            &llm.base_url,
            std::time::Duration::from_secs(5),
        )),
    );
    let router = Router::new(vec![model], RetryPolicy::default());
    Engine::new(Arc::new(router), Arc::new(guard), Limits::default())
}

#[tokio::test]
async fn a_chats_tool_call_logs_inside_spans_with_its_run_call_and_tool() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(capture.clone()))
        .unwrap();

    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("Fine.".to_owned()));
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path(), &llm).await;
    let request = RunInput {
        history: Vec::new(),
        message: "How is this machine doing?".to_owned(),
        model: None,
        hint: RequestHint::default(),
        context: ToolContext {
            run_id: Some("run-traced".to_owned()),
            ..ToolContext::user("operator", [Scope::Read, Scope::Execute])
        },
        host_facts: "host: test".to_owned(),
        memories: RecalledMemories::default(),
        token_allowance: None,
    };
    let (tx, mut rx) = mpsc::channel(1024);
    engine.run(request, tx, CancellationToken::new()).await;
    let mut events = Vec::new();
    while let Ok(event) = rx.try_recv() {
        events.push(event);
    }
    let call_id = events
        .iter()
        .find_map(|e| {
            if let EngineEvent::ToolCall { call_id, .. } = e {
                Some(call_id.clone())
            } else {
                None
            }
        })
        .expect("the model's call was announced");

    let seen = capture.0.lock().unwrap().clone();
    let ran: Vec<&EventSeen> = seen.iter().filter(|e| e.message == "tool ran").collect();
    assert_eq!(ran.len(), 1, "{seen:?}");
    let call = [
        ("run_id", "run-traced"),
        ("call_id", call_id.as_str()),
        ("tool", "system_info"),
    ];
    let with = |extra: &[(&str, &str)]| fields(&[&call[..], extra].concat());
    assert_eq!(
        ran[0].spans,
        vec![
            SpanSeen {
                name: "run".to_owned(),
                fields: fields(&[("run_id", "run-traced")]),
            },
            SpanSeen {
                name: "engine_step".to_owned(),
                fields: fields(&[("run_id", "run-traced"), ("step", "1")]),
            },
            SpanSeen {
                name: "guard_execute".to_owned(),
                fields: with(&[("route", "run")]),
            },
            SpanSeen {
                name: "guard_act".to_owned(),
                fields: with(&[("route", "run")]),
            },
            SpanSeen {
                name: "tool_execute".to_owned(),
                fields: with(&[]),
            },
        ]
    );
}
