//! The model catalogue and the way through it. Each configured model has a tier (fast or heavy);
//! `auto` picks a tier by the request (repairs and long requests go to the heavy tier) and the
//! chain continues with the other models. A call is retried on retryable errors with backoff,
//! honouring `Retry-After`; a model whose circuit is open is skipped; a failure before the first
//! streamed event falls back to the next model. Retries and fallbacks count against the caller's
//! deadline: none starts that could not begin before it. Once an answer has started streaming
//! it is not taken back: a later failure is the caller's error to report.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use crate::breaker::{BreakerState, CircuitBreaker};
use crate::client::EventStream;
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
        }
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
    /// Characters of the conversation sent.
    pub size_chars: usize,
    /// A repair (the monitor's loop) rather than a question.
    pub repair: bool,
}

/// Requests longer than this go to the heavy tier under `auto`.
const HEAVY_SIZE_CHARS: usize = 6000;

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
            | LlmError::Protocol(_) => backoff,
        }
    }
}

pub struct Router {
    models: Vec<CatalogModel>,
    retry: RetryPolicy,
}

/// A started answer and the model giving it.
pub struct Started<'a> {
    pub model: &'a CatalogModel,
    pub events: EventStream<'a>,
}

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
    pub fn code(&self) -> &'static str {
        match self {
            RouteError::UnknownModel(..) => "unknown_model",
            RouteError::NoModels => "llm_not_configured",
            RouteError::Exhausted { error, .. } | RouteError::OutOfTime { error, .. } => {
                error.code()
            }
            RouteError::AllOpen => "llm_circuit_open",
        }
    }
}

impl Router {
    pub fn new(models: Vec<CatalogModel>, retry: RetryPolicy) -> Self {
        Self { models, retry }
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
        let first_tier = if hint.repair || hint.size_chars > HEAVY_SIZE_CHARS {
            Tier::Heavy
        } else {
            Tier::Fast
        };
        let mut chain: Vec<&CatalogModel> = match requested {
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
    /// that happen before the first event.
    pub async fn start<'a>(
        &'a self,
        chain: &[&'a CatalogModel],
        request: &ChatRequest,
    ) -> Result<Started<'a>, RouteError> {
        self.start_within(chain, request, None).await
    }

    /// [`Router::start`], with every retry and fallback counted against `deadline`: a retry
    /// whose pause would end past it is not made, and no model is tried after it, so the
    /// caller gets the last model's own error instead of waiting out its deadline.
    pub async fn start_within<'a>(
        &'a self,
        chain: &[&'a CatalogModel],
        request: &ChatRequest,
        deadline: Option<Instant>,
    ) -> Result<Started<'a>, RouteError> {
        let in_time = |pause: Duration| deadline.is_none_or(|d| Instant::now() + pause < d);
        let mut last: Option<(String, LlmError)> = None;
        let mut tried_any = false;
        let mut out_of_time = false;
        for model in chain {
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
            let mut for_model = request.clone();
            for_model.model = model.backend_model.clone();
            for attempt in 0..self.retry.attempts {
                let mut events = model.client.chat_stream(for_model.clone());
                match events.next().await {
                    Some(Ok(first)) => {
                        permit.success();
                        let rest =
                            futures_util::stream::once(async move { Ok(first) }).chain(events);
                        return Ok(Started {
                            model,
                            events: Box::pin(rest),
                        });
                    }
                    Some(Err(error)) => {
                        let pause = self.retry.delay(attempt, &error);
                        let more = error.is_retryable() && attempt + 1 < self.retry.attempts;
                        let retry = more && in_time(pause);
                        out_of_time = more && !retry;
                        tracing::warn!(model = %model.name, attempt, trial = permit.is_trial(), %error, retry, out_of_time, "model call failed");
                        last = Some((model.name.clone(), error));
                        if retry {
                            tokio::time::sleep(pause).await;
                            continue;
                        }
                        break;
                    }
                    None => {
                        last = Some((
                            model.name.clone(),
                            LlmError::Protocol("the stream ended before any event".to_owned()),
                        ));
                        break;
                    }
                }
            }
            permit.failure();
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
