//! The prompt against the model's window, answers streamed as written, and tokens counted: a
//! window discovered as Ollama, llama.cpp and vLLM tell it, one learned from a refusal, an
//! answer shown before the model has finished it, reasoning before a call turned into
//! `thinking`, and a run stopped when its token allowance is spent.

use std::sync::Arc;
use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use warden_core::{EngineEvent, Limits};
use warden_llm::{CatalogModel, OpenAiClient, Tier, ToolStyle, Usage};
use warden_test_llm::{Discovery, Gate, Reply, ScriptedLlm, prompt_tokens};

use super::{all_kinds, input, kinds, ollama, openai, run, setup};

/// A history long enough to overflow any small window.
fn long_history() -> Vec<warden_llm::ChatMessage> {
    (0..40)
        .flat_map(|i| {
            [
                warden_llm::ChatMessage::user(format!(
                    "Question {i}: {}",
                    "why is the disk full? ".repeat(20)
                )),
                warden_llm::ChatMessage::assistant(
                    format!("Answer {i}: {}", "the build cache grew. ".repeat(30)),
                    Vec::new(),
                ),
            ]
        })
        .collect()
}

#[tokio::test]
async fn the_window_each_backend_reports_is_the_one_the_prompt_is_built_for() {
    for (discovery, window) in [
        (Discovery::Ollama, 2048u32),
        (Discovery::LlamaCpp, 3072),
        (Discovery::Vllm, 2560),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.context_window(window, discovery);
        llm.push(Reply::Text("It is the build cache.".to_owned()));
        let model = match discovery {
            Discovery::Ollama => ollama(&llm),
            Discovery::LlamaCpp | Discovery::Vllm | Discovery::Silent => CatalogModel::new(
                "local",
                "scripted",
                Tier::Fast,
                ToolStyle::Native,
                Arc::new(OpenAiClient::new(
                    &llm.base_url,
                    None,
                    Duration::from_secs(5),
                )),
            ),
        };
        let s = setup(vec![model], Limits::default()).await;
        let mut question = input("What fills the disk?");
        question.history = long_history();
        let (outcome, events) = run(&s.engine, question, CancellationToken::new()).await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("It is the build cache."),
            "{discovery:?}: {events:?}"
        );
        let sent = llm.requests();
        let chat: Vec<_> = sent
            .iter()
            .filter(|r| r.path.ends_with("chat") || r.path.ends_with("completions"))
            .collect();
        assert_eq!(chat.len(), 1, "{discovery:?}: no refusal, no retry");
        let body = &chat[0].body;
        let reserve = u64::from((window / 8).clamp(256, 2048));
        match discovery {
            Discovery::Ollama => {
                assert_eq!(body["options"]["num_ctx"], json!(window));
                assert_eq!(body["options"]["num_predict"], json!(reserve));
            }
            Discovery::LlamaCpp | Discovery::Vllm | Discovery::Silent => {
                assert_eq!(body["max_tokens"], json!(reserve));
            }
        }
        assert!(
            u64::from(prompt_tokens(body)) + reserve <= u64::from(window),
            "{discovery:?}"
        );
        let system = body["messages"][0]["content"].as_str().unwrap();
        assert!(
            system.contains("Summary of"),
            "older turns summarised: {discovery:?}"
        );
    }
}

#[tokio::test]
async fn a_refusal_that_names_the_window_teaches_it_and_the_prompt_is_rebuilt() {
    let llm = ScriptedLlm::start().await;
    // llama-cpp-python: no discovery; the window shows only when a prompt is refused.
    llm.context_window(1536, Discovery::Silent);
    llm.push(Reply::Text("It is the build cache.".to_owned()));
    llm.push(Reply::Text("Still the build cache.".to_owned()));
    let s = setup(vec![openai(&llm)], Limits::default()).await;
    let mut question = input("What fills the disk?");
    question.history = long_history();
    let (outcome, events) = run(&s.engine, question, CancellationToken::new()).await;
    assert_eq!(
        outcome.answer.as_deref(),
        Some("It is the build cache."),
        "{events:?}"
    );
    let sent = llm.requests();
    assert_eq!(sent.len(), 2, "one refusal, one prompt that fits");
    assert!(prompt_tokens(&sent[0].body) >= 1536);
    assert!(prompt_tokens(&sent[1].body) + 256 <= 1536);
    // Learned for good: the next run fits at once.
    let (_, _) = run(&s.engine, input("and now?"), CancellationToken::new()).await;
    assert_eq!(llm.requests().len(), 3);
}

#[tokio::test]
async fn a_prompt_that_cannot_fit_is_reported_as_what_it_is() {
    let llm = ScriptedLlm::start().await;
    let model = openai(&llm).with_context_tokens(Some(1024));
    let s = setup(vec![model], Limits::default()).await;
    let (_, events) = run(
        &s.engine,
        input(&"describe the disk ".repeat(1000)),
        CancellationToken::new(),
    )
    .await;
    let error = events.iter().find_map(|e| {
        if let EngineEvent::Error { code, message } = e {
            Some((*code, message.clone()))
        } else {
            None
        }
    });
    let (code, message) = error.expect("an error");
    assert_eq!(code, warden_protocol::RunErrorCode::LlmContextOverflow);
    assert!(message.contains("window is 1024 tokens"), "{message}");
    assert!(llm.requests().is_empty(), "nothing too long was sent");
}

#[tokio::test]
async fn the_answer_streams_while_the_model_writes_it() {
    for openai_api in [false, true] {
        let llm = ScriptedLlm::start().await;
        let gate = Gate::new();
        llm.push(Reply::Gated {
            first: "The disk is 91% full, ".to_owned(),
            gate: gate.clone(),
            rest: "mostly the build cache.".to_owned(),
        });
        let s = setup(
            vec![if openai_api {
                openai(&llm)
            } else {
                ollama(&llm)
            }],
            Limits::default(),
        )
        .await;
        let (tx, mut rx) = mpsc::channel(1024);
        let engine = &s.engine;
        let runner = engine.run(input("How full is the disk?"), tx, CancellationToken::new());
        let watcher = async {
            let mut seen = Vec::new();
            let mut shown = String::new();
            while let Some(event) = rx.recv().await {
                if let EngineEvent::AnswerDelta { text } = &event {
                    shown.push_str(text);
                    // The first part is shown while the model still holds the rest.
                    if shown == "The disk is 91% full," {
                        gate.open();
                    }
                }
                seen.push(event);
            }
            (seen, shown)
        };
        let (outcome, (events, shown)) = tokio::join!(runner, watcher);
        assert_eq!(
            outcome.answer.as_deref(),
            Some("The disk is 91% full, mostly the build cache.")
        );
        assert_eq!(
            shown, "The disk is 91% full, mostly the build cache.",
            "the pieces join to the answer"
        );
        let deltas = events
            .iter()
            .filter(|e| matches!(e, EngineEvent::AnswerDelta { .. }))
            .count();
        assert!(deltas > 3, "answer_delta per chunk: {deltas}");
    }
}

#[tokio::test]
async fn text_before_a_call_streams_then_becomes_thinking() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::TextAndCalls(
        "Let me look at the disks first.".to_owned(),
        vec![("disk_usage".to_owned(), json!({"path": "/"}))],
    ));
    llm.push(Reply::Text("The root filesystem has room.".to_owned()));
    let s = setup(vec![openai(&llm)], Limits::default()).await;
    let (_, events) = run(&s.engine, input("Disk?"), CancellationToken::new()).await;
    assert_eq!(
        kinds(&events),
        vec![
            "model:local",
            "answer",
            "thinking",
            "call:disk_usage",
            "result:disk_usage:ok",
            "answer",
            "complete"
        ]
    );
    let thinking = events.iter().find_map(|e| {
        if let EngineEvent::Thinking { text } = e {
            Some(text.clone())
        } else {
            None
        }
    });
    assert_eq!(thinking.as_deref(), Some("Let me look at the disks first."));
}

#[tokio::test]
async fn usage_is_reported_per_call_and_an_allowance_stops_the_run() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![("disk_usage".to_owned(), json!({}))]));
    llm.push(Reply::ToolCalls(vec![(
        "disk_usage".to_owned(),
        json!({"path": "/"}),
    )]));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let mut question = input("Disk?");
    question.token_allowance = Some(40);
    let (outcome, events) = run(&s.engine, question, CancellationToken::new()).await;
    let usage: Vec<(Usage, bool)> = events
        .iter()
        .filter_map(|e| {
            if let EngineEvent::Usage {
                usage, estimated, ..
            } = e
            {
                Some((*usage, *estimated))
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        usage,
        vec![(
            Usage {
                prompt_tokens: 42,
                completion_tokens: 7
            },
            false
        )],
        "Ollama's own counts"
    );
    assert_eq!(
        all_kinds(&events).last().map(String::as_str),
        Some("error:token_budget_exceeded")
    );
    assert_eq!(
        outcome.usage,
        Usage {
            prompt_tokens: 42,
            completion_tokens: 7
        }
    );
    assert_eq!(llm.requests().len(), 1, "the second call was not made");
    let totals = s.engine.token_totals();
    assert_eq!(totals.len(), 1);
    assert_eq!((totals[0].1.calls, totals[0].1.prompt_tokens), (1, 42));
}
