//! The catalogue's routing against scripted backends: tiers, fallback after retries, Retry-After,
//! circuit breakers, and no fallback once an answer has started.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use warden_llm::{
    BreakerState, CatalogModel, ChatMessage, ChatRequest, OllamaClient, OpenAiClient, RequestHint,
    RetryPolicy, RouteError, Router, StreamEvent, Tier, ToolStyle,
};
use warden_test_llm::{Reply, ScriptedLlm};

fn request() -> ChatRequest {
    ChatRequest {
        model: String::new(),
        messages: vec![ChatMessage::user("hello")],
        tools: Vec::new(),
        temperature: None,
        max_tokens: None,
        context_tokens: None,
    }
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(5),
    }
}

fn model(name: &str, tier: Tier, llm: &ScriptedLlm) -> CatalogModel {
    CatalogModel::new(
        name,
        &format!("{name}-weights"),
        tier,
        ToolStyle::Native,
        Arc::new(OllamaClient::new(&llm.base_url, Duration::from_secs(5))),
    )
}

async fn answer(
    router: &Router,
    requested: Option<&str>,
    hint: RequestHint,
) -> Result<(String, String), RouteError> {
    let chain = router.chain(requested, hint)?;
    let started = router.start(&chain, &|_, _| Ok(request())).await?;
    let name = started.model.name.clone();
    let text: String = started
        .events
        .filter_map(|e| async move {
            match e {
                Ok(StreamEvent::TextDelta(t)) => Some(t),
                _ => None,
            }
        })
        .collect()
        .await;
    Ok((name, text))
}

#[tokio::test]
async fn auto_picks_the_tier_by_the_request_and_names_are_honoured() {
    let (fast_llm, heavy_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    let router = Router::new(
        vec![
            model("fast", Tier::Fast, &fast_llm),
            model("heavy", Tier::Heavy, &heavy_llm),
        ],
        quick_retries(),
    );
    let names =
        |chain: Vec<&CatalogModel>| chain.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(router.chain(None, RequestHint::default()).unwrap()),
        vec!["fast", "heavy"]
    );
    assert_eq!(
        names(
            router
                .chain(
                    Some("auto"),
                    RequestHint {
                        repair: true,
                        ..Default::default()
                    }
                )
                .unwrap()
        ),
        vec!["heavy", "fast"]
    );
    assert_eq!(
        names(
            router
                .chain(
                    None,
                    RequestHint {
                        estimated_tokens: 5_000,
                        ..Default::default()
                    }
                )
                .unwrap()
        ),
        vec!["heavy", "fast"]
    );
    assert_eq!(
        names(router.chain(Some("heavy"), RequestHint::default()).unwrap()),
        vec!["heavy", "fast"]
    );
    assert_eq!(
        router.chain(Some("gpt-9"), RequestHint::default()).err(),
        Some(RouteError::UnknownModel(
            "gpt-9".to_owned(),
            "fast, heavy".to_owned()
        ))
    );
    assert_eq!(
        Router::new(Vec::new(), quick_retries())
            .chain(None, RequestHint::default())
            .err(),
        Some(RouteError::NoModels)
    );

    fast_llm.push(Reply::Text("from fast".to_owned()));
    assert_eq!(
        answer(&router, None, RequestHint::default()).await.unwrap(),
        ("fast".to_owned(), "from fast".to_owned())
    );
    // The backend was asked for the model's own name.
    assert_eq!(fast_llm.requests()[0].body["model"], "fast-weights");
}

#[tokio::test]
async fn a_failing_model_is_retried_then_the_chain_falls_back() {
    let (fast_llm, heavy_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    for _ in 0..3 {
        fast_llm.push(Reply::Status {
            status: 503,
            body: "overloaded".to_owned(),
            retry_after: None,
        });
    }
    heavy_llm.push(Reply::Text("from heavy".to_owned()));
    let router = Router::new(
        vec![
            model("fast", Tier::Fast, &fast_llm),
            model("heavy", Tier::Heavy, &heavy_llm),
        ],
        quick_retries(),
    );
    assert_eq!(
        answer(&router, None, RequestHint::default()).await.unwrap(),
        ("heavy".to_owned(), "from heavy".to_owned())
    );
    assert_eq!(
        fast_llm.requests().len(),
        3,
        "three attempts before falling back"
    );

    // A 400 is not retried: the request itself is wrong.
    fast_llm.push(Reply::Status {
        status: 400,
        body: "bad request".to_owned(),
        retry_after: None,
    });
    heavy_llm.push(Reply::Text("again heavy".to_owned()));
    answer(&router, None, RequestHint::default()).await.unwrap();
    assert_eq!(fast_llm.requests().len(), 4);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Status {
        status: 429,
        body: "rate limited".to_owned(),
        retry_after: Some(1),
    });
    llm.push(Reply::Text("patience pays".to_owned()));
    let router = Router::new(vec![model("only", Tier::Fast, &llm)], quick_retries());
    let started = Instant::now();
    assert_eq!(
        answer(&router, None, RequestHint::default())
            .await
            .unwrap()
            .1,
        "patience pays"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_open_circuit_skips_the_model_until_its_cooldown() {
    let (flaky_llm, steady_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    flaky_llm.push(Reply::Status {
        status: 500,
        body: "down".to_owned(),
        retry_after: None,
    });
    for _ in 0..2 {
        steady_llm.push(Reply::Text("steady".to_owned()));
    }
    let flaky = model("flaky", Tier::Fast, &flaky_llm).with_breaker(1, Duration::from_secs(60));
    let router = Router::new(
        vec![flaky, model("steady", Tier::Heavy, &steady_llm)],
        RetryPolicy {
            attempts: 1,
            ..quick_retries()
        },
    );
    assert_eq!(
        answer(&router, None, RequestHint::default())
            .await
            .unwrap()
            .0,
        "steady"
    );
    assert_eq!(router.models()[0].circuit(), BreakerState::Open);
    assert_eq!(
        answer(&router, None, RequestHint::default())
            .await
            .unwrap()
            .0,
        "steady"
    );
    assert_eq!(
        flaky_llm.requests().len(),
        1,
        "the open circuit was not called again"
    );

    let lonely = Router::new(
        vec![model("lonely", Tier::Fast, &flaky_llm).with_breaker(1, Duration::from_secs(60))],
        RetryPolicy {
            attempts: 1,
            ..quick_retries()
        },
    );
    flaky_llm.push(Reply::Status {
        status: 500,
        body: "down".to_owned(),
        retry_after: None,
    });
    let err = answer(&lonely, None, RequestHint::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, RouteError::Exhausted { ref model, .. } if model == "lonely"),
        "{err}"
    );
    assert_eq!(
        answer(&lonely, None, RequestHint::default())
            .await
            .unwrap_err(),
        RouteError::AllOpen
    );
}

#[tokio::test]
async fn an_answer_that_has_started_is_not_taken_back() {
    let (first_llm, second_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    first_llm.push(Reply::BrokenStream(
        "Half an answer that will be cut".to_owned(),
    ));
    let router = Router::new(
        vec![
            CatalogModel::new(
                "first",
                "m",
                Tier::Fast,
                ToolStyle::Native,
                Arc::new(OpenAiClient::new(
                    &first_llm.base_url,
                    None,
                    Duration::from_secs(5),
                )),
            ),
            model("second", Tier::Heavy, &second_llm),
        ],
        quick_retries(),
    );
    let chain = router.chain(None, RequestHint::default()).unwrap();
    let started = router.start(&chain, &|_, _| Ok(request())).await.unwrap();
    assert_eq!(started.model.name, "first");
    let events: Vec<_> = started.events.collect().await;
    assert!(
        matches!(events.last(), Some(Err(_))),
        "the cut is reported to the caller"
    );
    assert!(
        second_llm.requests().is_empty(),
        "no fallback after the answer started"
    );
}

#[tokio::test]
async fn a_half_open_trial_dropped_mid_call_lets_the_next_call_be_the_trial() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Status {
        status: 400,
        body: "bad".to_owned(),
        retry_after: None,
    });
    llm.push(Reply::Hang);
    llm.push(Reply::Text("back".to_owned()));
    let router = Router::new(
        vec![model("only", Tier::Fast, &llm).with_breaker(1, Duration::from_millis(100))],
        quick_retries(),
    );
    assert!(answer(&router, None, RequestHint::default()).await.is_err());
    assert_eq!(router.models()[0].circuit(), BreakerState::Open);
    tokio::time::sleep(Duration::from_millis(150)).await;
    // The trial: the model holds it, and the caller gives up (a cancelled run drops it so).
    let trial = tokio::time::timeout(
        Duration::from_millis(300),
        answer(&router, None, RequestHint::default()),
    )
    .await;
    assert!(trial.is_err(), "the trial was still waiting on the model");
    assert_eq!(llm.requests().len(), 2);
    assert_eq!(router.models()[0].circuit(), BreakerState::HalfOpen);
    assert_eq!(
        answer(&router, None, RequestHint::default()).await,
        Ok(("only".to_owned(), "back".to_owned()))
    );
    assert_eq!(router.models()[0].circuit(), BreakerState::Closed);
}

#[tokio::test]
async fn a_silent_model_fails_at_the_first_byte_limit_and_the_chain_moves_on() {
    let (silent_llm, spare_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
    silent_llm.respond_with(Arc::new(|_| Reply::Hang));
    spare_llm.push(Reply::Text("spare".to_owned()));
    let silent = CatalogModel::new(
        "silent",
        "m",
        Tier::Fast,
        ToolStyle::Native,
        Arc::new(
            OllamaClient::new(&silent_llm.base_url, Duration::from_secs(300))
                .with_first_byte_timeout(Duration::from_millis(300)),
        ),
    );
    let router = Router::new(
        vec![silent, model("spare", Tier::Heavy, &spare_llm)],
        quick_retries(),
    );
    let started = Instant::now();
    assert_eq!(
        answer(&router, None, RequestHint::default()).await,
        Ok(("spare".to_owned(), "spare".to_owned()))
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(silent_llm.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn no_retry_starts_that_would_end_past_the_deadline() {
    let llm = ScriptedLlm::start().await;
    llm.respond_with(Arc::new(|_| Reply::Status {
        status: 503,
        body: "busy".to_owned(),
        retry_after: Some(3),
    }));
    let router = Router::new(vec![model("only", Tier::Fast, &llm)], quick_retries());
    let chain = router.chain(None, RequestHint::default()).unwrap();
    let started = Instant::now();
    let err = router
        .start_within(
            &chain,
            &|_, _| Ok(request()),
            Some(Instant::now() + Duration::from_secs(2)),
        )
        .await
        .err()
        .unwrap();
    assert!(
        matches!(&err, RouteError::OutOfTime { model, error: warden_llm::LlmError::Status { status: 503, .. } } if model == "only"),
        "{err}"
    );
    assert_eq!(err.code().as_str(), "llm_error_status");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(llm.requests().len(), 1);
    // Without a deadline the same model is retried after its Retry-After.
    llm.respond_with(Arc::new(|_| Reply::Text("ok".to_owned())));
    llm.push(Reply::Status {
        status: 503,
        body: "busy".to_owned(),
        retry_after: Some(1),
    });
    assert_eq!(
        answer(&router, None, RequestHint::default()).await,
        Ok(("only".to_owned(), "ok".to_owned()))
    );
}

#[tokio::test]
async fn a_backend_counting_more_than_the_estimate_shrinks_later_prompts() {
    let llm = ScriptedLlm::start().await;
    let model = model("fast", Tier::Fast, &llm);
    assert_eq!(model.estimate_scale(), 1000);
    model.calibrate(1000, 900);
    assert_eq!(
        model.estimate_scale(),
        1000,
        "a smaller count changes nothing"
    );
    model.calibrate(1000, 2500);
    assert_eq!(
        model.estimate_scale(),
        2750,
        "the ratio, with a tenth to spare"
    );
    model.calibrate(1000, 1500);
    assert_eq!(model.estimate_scale(), 2750, "it only grows");
    model.calibrate(10, 100_000);
    assert_eq!(model.estimate_scale(), 4000, "bounded");
    let fit = warden_llm::Fit {
        style: ToolStyle::Native,
        context_tokens: 4096,
        estimate_scale: model.estimate_scale(),
    };
    assert_eq!(fit.in_estimate(4000), 1000);
}

#[tokio::test]
async fn a_model_stalled_after_its_headers_is_not_retried_and_the_chain_moves_on() {
    // (A stall after the answer has started is the caller's error: see
    // `an_answer_that_has_started_is_not_taken_back`.)
    for stall in [Reply::HeadersThenStall] {
        let (stalled_llm, spare_llm) = (ScriptedLlm::start().await, ScriptedLlm::start().await);
        let reply = stall.clone();
        stalled_llm.respond_with(Arc::new(move |_| reply.clone()));
        spare_llm.push(Reply::Text("spare".to_owned()));
        let stalled = CatalogModel::new(
            "stalled",
            "m",
            Tier::Fast,
            ToolStyle::Native,
            Arc::new(
                OllamaClient::new(&stalled_llm.base_url, Duration::from_secs(300))
                    .with_first_byte_timeout(Duration::from_millis(300))
                    .with_idle_timeout(Duration::from_millis(300)),
            ),
        );
        let router = Router::new(
            vec![stalled, model("spare", Tier::Heavy, &spare_llm)],
            quick_retries(),
        );
        let started = Instant::now();
        assert_eq!(
            answer(&router, None, RequestHint::default()).await,
            Ok(("spare".to_owned(), "spare".to_owned())),
            "{stall:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(3), "{stall:?}");
        assert_eq!(stalled_llm.requests().len(), 1, "not retried: {stall:?}");
    }
}
