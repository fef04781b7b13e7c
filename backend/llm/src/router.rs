//! The model catalogue and the way through it. Each configured model has a tier (fast or heavy);
//! `auto` picks a tier by the request (repairs and long requests go to the heavy tier) and the
//! chain continues with the other models. A call is retried on retryable errors with backoff,
//! honouring `Retry-After`; a model whose circuit is open is skipped; a failure before the first
//! streamed event falls back to the next model. Retries and fallbacks count against the caller's
//! deadline: none starts that could not begin before it. Once an answer has started streaming
//! it is not taken back: a later failure is the caller's error to report.
//!
//! Each model gets a prompt built for it ([`Fit`]: its tool style and context window). A backend
//! that refuses the prompt as too long teaches the model a smaller window and is asked once more
//! with a prompt rebuilt to it; a backend that refuses `tools` switches that model to the text
//! protocol for good and is asked again at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use crate::breaker::{BreakerState, CircuitBreaker};
use crate::client::EventStream;
use crate::context::{Window, WindowState};
use crate::{ChatRequest, LlmError, ModelClient};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Fast,
    Heavy,
}

/// How a model takes tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolStyle {
    /// The backend's native tool calling.
    Native,
    /// The text protocol, described in the prompt and parsed from the answer.
    Text,
}

/// Failures in a row that open a model's circuit, and how long it then stays open.
pub const DEFAULT_BREAKER_FAILURES: u32 = 3;
pub const DEFAULT_BREAKER_COOLDOWN: Duration = Duration::from_secs(30);

/// One model of the catalogue.
pub struct CatalogModel {
    /// The name callers use (`model` in a chat request).
    pub name: String,
    /// The backend's own name for it.
    pub backend_model: String,
    pub tier: Tier,
    pub tools: ToolStyle,
    pub client: Arc<dyn ModelClient>,
    breaker: CircuitBreaker,
    window: WindowState,
    /// Set when the backend refused `tools`: the model is asked with the text protocol from then on.
    tools_refused: AtomicBool,
    /// See [`Fit::estimate_scale`].
    estimate_scale: AtomicU32,
}

impl CatalogModel {
    pub fn new(
        name: &str,
        backend_model: &str,
        tier: Tier,
        tools: ToolStyle,
        client: Arc<dyn ModelClient>,
    ) -> Self {
        Self {
            name: name.to_owned(),
            backend_model: backend_model.to_owned(),
            tier,
            tools,
            client,
            breaker: CircuitBreaker::new(DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_COOLDOWN),
            window: WindowState::new(None),
            tools_refused: AtomicBool::new(false),
            estimate_scale: AtomicU32::new(1000),
        }
    }

    /// Learns from a backend's own count of a prompt Warden estimated: when the backend counts
    /// more (a tokenizer that splits finer, a template that adds or escapes text), later prompts
    /// are built smaller by as much, with a tenth to spare.
    pub fn calibrate(&self, estimated: u32, counted: u64) {
        if estimated == 0 || counted <= u64::from(estimated) {
            return;
        }
        let scale = (counted * 1100 / u64::from(estimated)).min(u64::from(MAX_ESTIMATE_SCALE));
        let scale = u32::try_from(scale).unwrap_or(MAX_ESTIMATE_SCALE);
        let before = self.estimate_scale.fetch_max(scale, Ordering::Relaxed);
        if scale > before {
            tracing::info!(model = %self.name, estimated, counted, scale, "the backend counts more tokens than estimated; prompts are built smaller");
        }
    }

    /// The current scale, in thousandths (see [`Fit::estimate_scale`]).
    pub fn estimate_scale(&self) -> u32 {
        self.estimate_scale.load(Ordering::Relaxed)
    }

    /// The context window configured for this model (`context_tokens`), which discovery does not
    /// override.
    pub fn with_context_tokens(mut self, tokens: Option<u32>) -> Self {
        self.window = WindowState::new(tokens);
        self
    }

    /// How the model takes tools now: as configured, or the text protocol once the backend has
    /// refused `tools`.
    pub fn tool_style(&self) -> ToolStyle {
        if self.tools_refused.load(Ordering::Relaxed) {
            ToolStyle::Text
        } else {
            self.tools
        }
    }

    /// The model's context window: configured, discovered from the backend (asked once; a
    /// failed discovery is tried again after a minute), learned from a refusal, or the default.
    pub async fn window(&self) -> Window {
        if self.window.wants_discovery() {
            // One bound for the whole discovery (OpenAI-style servers are asked twice).
            let found = tokio::time::timeout(
                crate::client::DISCOVERY_TIMEOUT,
                self.client.context_window(&self.backend_model),
            )
            .await
            .ok()
            .flatten();
            tracing::debug!(model = %self.name, window = ?found, "context window discovery");
            self.window.discovered(found);
        }
        self.window.current()
    }

    pub fn with_breaker(mut self, threshold: u32, cooldown: Duration) -> Self {
        self.breaker = CircuitBreaker::new(threshold, cooldown);
        self
    }

    pub fn circuit(&self) -> BreakerState {
        self.breaker.state()
    }
}

/// What `auto` looks at.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestHint {
    /// Tokens of the conversation to send (estimated, conservatively).
    pub estimated_tokens: u32,
    /// A repair (the monitor's loop) rather than a question.
    pub repair: bool,
    /// The caller is near its token budget: the fast tier first, whatever was asked.
    pub economy: bool,
}

/// Requests estimated above this many tokens go to the heavy tier under `auto`.
pub const HEAVY_TOKENS: u32 = 1500;

/// How a prompt must be built for one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub style: ToolStyle,
    /// The model's context window, in tokens.
    pub context_tokens: u32,
    /// How much more the backend counts than Warden estimates, in thousandths (1000: the
    /// estimate holds). Learned from the backend's own counts; a prompt's estimate is scaled by
    /// it before it is measured against the window.
    pub estimate_scale: u32,
}

impl Fit {
    /// `tokens` of the window, in Warden's estimate (the window shrunk by the scale).
    pub fn in_estimate(&self, tokens: u32) -> u32 {
        u32::try_from(u64::from(tokens) * 1000 / u64::from(self.estimate_scale.max(1000)))
            .unwrap_or(u32::MAX)
    }
}

/// The most a backend's count is believed to exceed the estimate (a template that escapes every
/// quote into `&#34;` comes to about three times).
const MAX_ESTIMATE_SCALE: u32 = 4000;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    fn delay(&self, attempt: u32, error: &LlmError) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(self.max_delay);
        match error {
            LlmError::Status {
                retry_after: Some(after),
                ..
            } => (*after).min(self.max_delay),
            LlmError::Status { .. }
            | LlmError::Unreachable { .. }
            | LlmError::Timeout(_)
            | LlmError::FirstByteTimeout(_)
            | LlmError::Stalled(_)
            | LlmError::Protocol(_)
            | LlmError::ContextOverflow { .. } => backoff,
        }
    }
}

pub struct Router {
    models: Vec<CatalogModel>,
    retry: RetryPolicy,
    /// Where calls, tokens, fallbacks and breaker states are counted, if anywhere.
    metrics: Option<warden_metrics::Metrics>,
}

/// A started answer, the model giving it and how its prompt was built.
pub struct Started<'a> {
    pub model: &'a CatalogModel,
    pub fit: Fit,
    /// The request as sent (its messages, tools and limits), for accounting.
    pub request: ChatRequest,
    pub events: EventStream<'a>,
}

/// Builds the request for one model and fit; an error says why no prompt fits that model.
pub type BuildRequest<'b> = dyn Fn(&CatalogModel, Fit) -> Result<ChatRequest, String> + Sync + 'b;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("no model named '{0}' is configured (known: {1})")]
    UnknownModel(String, String),
    #[error(
        "no model is configured; set WARDEN_LLM_URL and WARDEN_LLM_MODEL, or [[llm.models]] in warden.toml"
    )]
    NoModels,
    /// Every model in the chain failed or was skipped; the last error, with who gave it.
    #[error("no model could answer; last: {model}: {error}")]
    Exhausted { model: String, error: LlmError },
    #[error("every model's circuit is open after repeated failures; retry later")]
    AllOpen,
    /// The deadline left no time for another attempt; the last error, with who gave it.
    #[error("no model could answer before the deadline; last: {model}: {error}")]
    OutOfTime { model: String, error: LlmError },
}

impl RouteError {
    /// The run error code a run stopped by this error ends with.
    pub fn code(&self) -> warden_protocol::RunErrorCode {
        use warden_protocol::RunErrorCode;
        match self {
            RouteError::UnknownModel(..) => RunErrorCode::UnknownModel,
            RouteError::NoModels => RunErrorCode::LlmNotConfigured,
            RouteError::Exhausted { error, .. } | RouteError::OutOfTime { error, .. } => {
                error.code()
            }
            RouteError::AllOpen => RunErrorCode::LlmCircuitOpen,
        }
    }
}

impl Router {
    pub fn new(models: Vec<CatalogModel>, retry: RetryPolicy) -> Self {
        Self {
            models,
            retry,
            metrics: None,
        }
    }

    /// Counts every call (with its outcome and duration), fallbacks and breaker changes in
    /// `metrics` (the engine adds the tokens each answer used).
    pub fn with_metrics(mut self, metrics: warden_metrics::Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Where this router counts, if anywhere.
    pub fn metrics(&self) -> Option<&warden_metrics::Metrics> {
        self.metrics.as_ref()
    }

    pub fn models(&self) -> &[CatalogModel] {
        &self.models
    }

    /// The models to try, in order, for `requested` (a name, `auto`, or none for `auto`).
    pub fn chain(
        &self,
        requested: Option<&str>,
        hint: RequestHint,
    ) -> Result<Vec<&CatalogModel>, RouteError> {
        if self.models.is_empty() {
            return Err(RouteError::NoModels);
        }
        let first_tier = if hint.economy {
            Tier::Fast
        } else if hint.repair || hint.estimated_tokens > HEAVY_TOKENS {
            Tier::Heavy
        } else {
            Tier::Fast
        };
        let mut chain: Vec<&CatalogModel> = match requested {
            // Near the budget, a cheaper model stands in for the one asked for.
            Some(name) if name != "auto" && hint.economy => {
                let fast: Vec<&CatalogModel> = self
                    .models
                    .iter()
                    .filter(|m| m.tier == Tier::Fast)
                    .collect();
                if fast.is_empty() {
                    return self.chain(
                        Some(name),
                        RequestHint {
                            economy: false,
                            ..hint
                        },
                    );
                }
                fast
            }
            Some(name) if name != "auto" => {
                let chosen = self.models.iter().find(|m| m.name == name).ok_or_else(|| {
                    RouteError::UnknownModel(
                        name.to_owned(),
                        self.models
                            .iter()
                            .map(|m| m.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })?;
                vec![chosen]
            }
            Some(_) | None => self
                .models
                .iter()
                .filter(|m| m.tier == first_tier)
                .collect(),
        };
        for model in &self.models {
            if !chain.iter().any(|c| std::ptr::eq(*c, model)) {
                chain.push(model);
            }
        }
        Ok(chain)
    }

    /// Starts an answer along the chain: retries, skips open circuits, falls back on failures
    /// that happen before the first event. `build` makes each model's request for its fit.
    pub async fn start<'a>(
        &'a self,
        chain: &[&'a CatalogModel],
        build: &BuildRequest<'_>,
    ) -> Result<Started<'a>, RouteError> {
        self.start_within(chain, build, None).await
    }

    /// [`Router::start`], with every retry and fallback counted against `deadline`: a retry
    /// whose pause would end past it is not made, and no model is tried after it, so the
    /// caller gets the last model's own error instead of waiting out its deadline.
    pub async fn start_within<'a>(
        &'a self,
        chain: &[&'a CatalogModel],
        build: &BuildRequest<'_>,
        deadline: Option<Instant>,
    ) -> Result<Started<'a>, RouteError> {
        let in_time = |pause: Duration| deadline.is_none_or(|d| Instant::now() + pause < d);
        let mut last: Option<(String, LlmError)> = None;
        let mut tried_any = false;
        let mut out_of_time = false;
        for (position, model) in chain.iter().enumerate() {
            if !in_time(Duration::ZERO) {
                out_of_time = true;
                break;
            }
            // Settled on every exit: success, failure, or dropped with this future when the
            // caller gives up (a cancelled run), which frees a half-open trial for the next call.
            let Some(permit) = model.breaker.allow() else {
                tracing::debug!(model = %model.name, "circuit open; skipping");
                continue;
            };
            tried_any = true;
            let mut fit = Fit {
                style: model.tool_style(),
                context_tokens: model.window().await.tokens,
                estimate_scale: model.estimate_scale(),
            };
            let (mut learned, mut switched, mut attempt) = (false, false, 0);
            let healthy = loop {
                let mut request = match build(model, fit) {
                    Ok(request) => request,
                    Err(detail) => {
                        // Nothing was asked: the model's health is unknown, not bad.
                        last = Some((
                            model.name.clone(),
                            LlmError::ContextOverflow {
                                detail,
                                window: Some(fit.context_tokens),
                            },
                        ));
                        break true;
                    }
                };
                request.model = model.backend_model.clone();
                request.context_tokens = Some(fit.context_tokens);
                let started = Instant::now();
                let mut events = model.client.chat_stream(request.clone());
                match events.next().await {
                    Some(Ok(first)) => {
                        permit.success();
                        self.observe_breaker(model);
                        let rest =
                            futures_util::stream::once(async move { Ok(first) }).chain(events);
                        return Ok(Started {
                            model,
                            fit,
                            request,
                            events: metered(rest, self.metrics.clone(), &model.name, started),
                        });
                    }
                    Some(Err(LlmError::ContextOverflow { detail, window })) => {
                        self.count_failed_call(model, "llm_context_overflow", started);
                        tracing::warn!(model = %model.name, %detail, "the backend refused the prompt as too long");
                        if !learned {
                            learned = true;
                            fit.context_tokens = model.window.learn(window, fit.context_tokens);
                            continue;
                        }
                        last = Some((
                            model.name.clone(),
                            LlmError::ContextOverflow { detail, window },
                        ));
                        break true;
                    }
                    Some(Err(error))
                        if error.rejects_tools() && fit.style == ToolStyle::Native && !switched =>
                    {
                        tracing::warn!(model = %model.name, %error, "the backend refuses tools; using the text protocol for this model");
                        model.tools_refused.store(true, Ordering::Relaxed);
                        switched = true;
                        fit.style = ToolStyle::Text;
                    }
                    Some(Err(error)) => {
                        self.count_failed_call(model, error.code().as_str(), started);
                        let pause = self.retry.delay(attempt, &error);
                        let more = error.is_retryable() && attempt + 1 < self.retry.attempts;
                        let retry = more && in_time(pause);
                        out_of_time = more && !retry;
                        tracing::warn!(model = %model.name, attempt, trial = permit.is_trial(), %error, retry, out_of_time, "model call failed");
                        last = Some((model.name.clone(), error));
                        if retry {
                            tokio::time::sleep(pause).await;
                            attempt += 1;
                            continue;
                        }
                        break false;
                    }
                    None => {
                        last = Some((
                            model.name.clone(),
                            LlmError::Protocol("the stream ended before any event".to_owned()),
                        ));
                        break false;
                    }
                }
            };
            if healthy {
                permit.success();
            } else {
                permit.failure();
            }
            self.observe_breaker(model);
            if let Some(metrics) = &self.metrics
                && position + 1 < chain.len()
            {
                metrics.model_fallback(&model.name);
            }
            if out_of_time {
                break;
            }
        }
        match last {
            Some((model, error)) if out_of_time => Err(RouteError::OutOfTime { model, error }),
            Some((model, error)) => Err(RouteError::Exhausted { model, error }),
            None if !tried_any => Err(RouteError::AllOpen),
            None => Err(RouteError::NoModels),
        }
    }
}

impl Router {
    fn observe_breaker(&self, model: &CatalogModel) {
        if let Some(metrics) = &self.metrics {
            metrics.model_circuit(
                &model.name,
                match model.circuit() {
                    BreakerState::Closed => warden_metrics::CircuitState::Closed,
                    BreakerState::HalfOpen => warden_metrics::CircuitState::HalfOpen,
                    BreakerState::Open => warden_metrics::CircuitState::Open,
                },
            );
        }
    }

    fn count_failed_call(&self, model: &CatalogModel, code: &str, started: Instant) {
        if let Some(metrics) = &self.metrics {
            metrics.model_call(&model.name, code, started.elapsed());
        }
    }
}

/// The answer's stream, counting the call when it ends: `ok`, or the error's code. A stream dropped before its end (a cancelled run) is not counted.
fn metered<'a>(
    events: impl futures_util::Stream<Item = Result<crate::StreamEvent, LlmError>> + Send + 'a,
    metrics: Option<warden_metrics::Metrics>,
    model: &str,
    started: Instant,
) -> EventStream<'a> {
    let Some(metrics) = metrics else {
        return Box::pin(events);
    };
    let model = model.to_owned();
    Box::pin(events.inspect(move |item| match item {
        Ok(crate::StreamEvent::Done { .. }) => metrics.model_call(&model, "ok", started.elapsed()),
        Ok(crate::StreamEvent::TextDelta(_) | crate::StreamEvent::ToolCall(_)) => {}
        Err(error) => metrics.model_call(&model, error.code().as_str(), started.elapsed()),
    }))
}
