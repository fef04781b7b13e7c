//! Warden's Prometheus metrics, kept in one `prometheus-client` registry and rendered in the
//! Prometheus text format (0.0.4) or OpenMetrics. [`Metrics`] is a cheap handle: the server, the
//! guard, the model router, the monitor and the notifier each get a clone and record what they
//! do; values that live in the database (approvals waiting, incidents by state) are set just
//! before each scrape.
//!
//! Labels are bounded on purpose: tools are named only when they exist in the registry (an
//! unknown name counts as `unknown`), sweep triggers are kinds, not container names.

mod families;
mod host;

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::{prometheus_text, text as openmetrics};
use prometheus_client::registry::Registry;

pub use host::{DiskGauge, GpuGauge, HostGauges};

use families::Families;

/// The `Content-Type` of [`Metrics::render`].
pub const PROMETHEUS_CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;
/// The `Content-Type` of [`Metrics::render_openmetrics`].
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The tool label for a name the registry does not know (bounded cardinality).
pub const UNKNOWN_TOOL: &str = "unknown";

/// A circuit breaker's state, as the gauge `warden_model_circuit_state` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CircuitState {
    Closed,
    HalfOpen,
    Open,
}

impl CircuitState {
    /// 0 closed, 1 half open (one trial let through), 2 open (skipped).
    pub fn value(self) -> i64 {
        match self {
            CircuitState::Closed => 0,
            CircuitState::HalfOpen => 1,
            CircuitState::Open => 2,
        }
    }
}

/// A handle on the registry; clones share it.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    families: Families,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn seconds(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64()
}

impl Metrics {
    /// A fresh registry with every family registered and `warden_build_info` set.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let families = Families::register(&mut registry);
        families
            .build_info
            .get_or_create(&[("version", env!("CARGO_PKG_VERSION").to_owned())])
            .set(1);
        Self {
            inner: Arc::new(Inner { registry, families }),
        }
    }

    fn f(&self) -> &Families {
        &self.inner.families
    }

    /// Every series family's name as Prometheus sees it (counters end in `_total`), whether or
    /// not it has samples yet (empty families are not rendered).
    pub fn family_names(&self) -> &[String] {
        &self.f().names
    }

    /// The whole registry in the Prometheus text format 0.0.4 (what `promtool check metrics`
    /// and every Prometheus read).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_text::encode(&mut out, &self.inner.registry).is_err() {
            out.clear();
        }
        out
    }

    /// The whole registry in OpenMetrics 1.0 (ending with `# EOF`).
    pub fn render_openmetrics(&self) -> String {
        let mut out = String::new();
        if openmetrics::encode(&mut out, &self.inner.registry).is_err() {
            out.clear();
        }
        out
    }

    // HTTP and authentication (the series the server always had, same names).

    /// One answered HTTP request: method, matched route pattern (`unmatched` otherwise), status.
    pub fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.f()
            .http_requests
            .get_or_create(&[
                ("method", method.to_owned()),
                ("route", route.to_owned()),
                ("status", status.to_string()),
            ])
            .inc();
        self.f()
            .http_duration
            .get_or_create(&[("route", route.to_owned())])
            .observe(seconds(elapsed));
    }

    /// An authentication event: `login`, `login_failed`, `login_locked`, `refresh`,
    /// `refresh_reuse`.
    pub fn auth_event(&self, event: &str) {
        self.f()
            .auth_events
            .get_or_create(&[("event", event.to_owned())])
            .inc();
    }

    // The guard and the tools.

    /// One decision: the level (`low`...`forbidden`, `unknown`), the route (`run`, `sandbox`,
    /// `approval`, `refused`) and the tool (or [`UNKNOWN_TOOL`]).
    pub fn guard_decision(&self, risk: &str, route: &str, tool: &str) {
        self.f()
            .guard_decisions
            .get_or_create(&[
                ("risk", risk.to_owned()),
                ("route", route.to_owned()),
                ("tool", tool.to_owned()),
            ])
            .inc();
    }

    /// One tool execution: the route it ran by (`run`, `sandbox`, `approval` for an approved
    /// call), its outcome (`ok`, `failed`, or the error code) and how long it took.
    pub fn tool_run(&self, tool: &str, route: &str, outcome: &str, elapsed: Duration) {
        self.f()
            .tool_runs
            .get_or_create(&[
                ("tool", tool.to_owned()),
                ("route", route.to_owned()),
                ("outcome", outcome.to_owned()),
            ])
            .inc();
        self.f()
            .tool_duration
            .get_or_create(&[("tool", tool.to_owned())])
            .observe(seconds(elapsed));
    }

    // Models.

    /// One call to a model (each retry is a call): `outcome` is `ok` or the error code
    /// (`llm_unreachable`, `llm_timeout`...); `elapsed` runs until the answer ended (or failed).
    pub fn model_call(&self, model: &str, outcome: &str, elapsed: Duration) {
        self.f()
            .model_calls
            .get_or_create(&[("model", model.to_owned()), ("outcome", outcome.to_owned())])
            .inc();
        self.f()
            .model_duration
            .get_or_create(&[("model", model.to_owned())])
            .observe(seconds(elapsed));
    }

    /// Tokens one answer used (as the backend reported them, or as Warden estimated them).
    pub fn model_tokens(&self, model: &str, prompt: u64, completion: u64) {
        for (kind, count) in [("prompt", prompt), ("completion", completion)] {
            self.f()
                .model_tokens
                .get_or_create(&[("model", model.to_owned()), ("kind", kind.to_owned())])
                .inc_by(count);
        }
    }

    /// One answer whose usage the backend did not report: its tokens were estimated.
    pub fn model_estimated_call(&self, model: &str) {
        self.f()
            .model_estimated_calls
            .get_or_create(&[("model", model.to_owned())])
            .inc();
    }

    /// The router gave up on `from` and went on to the next model of the chain.
    pub fn model_fallback(&self, from: &str) {
        self.f()
            .model_fallbacks
            .get_or_create(&[("model", from.to_owned())])
            .inc();
    }

    /// A model's circuit breaker state.
    pub fn model_circuit(&self, model: &str, state: CircuitState) {
        self.f()
            .model_circuit
            .get_or_create(&[("model", model.to_owned())])
            .set(state.value());
    }

    // Approvals and incidents (set from the store before a scrape).

    /// Approvals waiting for a human now.
    pub fn set_approvals_pending(&self, count: i64) {
        self.f().approvals_pending.set(count);
    }

    /// Incidents by state; states absent from `counts` are shown as 0 when they were seen before.
    pub fn set_incidents(&self, counts: &[(String, i64)]) {
        let family = &self.f().incidents;
        for state in families::INCIDENT_STATES {
            family
                .get_or_create(&[("state", (*state).to_owned())])
                .set(0);
        }
        for (state, count) in counts {
            family
                .get_or_create(&[("state", state.clone())])
                .set(*count);
        }
    }

    // The monitor.

    /// One sweep: the trigger's kind (`interval`, `manual`, `alert`, `event`), its status (`ok`,
    /// `warning`, `critical`) and duration.
    pub fn sweep(&self, trigger: &str, status: &str, elapsed: Duration) {
        self.f()
            .sweeps
            .get_or_create(&[
                ("trigger", trigger.to_owned()),
                ("status", status.to_owned()),
            ])
            .inc();
        self.f().sweep_duration.observe(seconds(elapsed));
    }

    /// The host as the last sweep read it (gauges of mounts and GPUs no longer seen go away).
    pub fn host_readings(&self, readings: &HostGauges) {
        host::set(&self.inner.families, readings);
    }

    // Notifications.

    /// One notification to a channel: `outcome` is `sent`, `failed` (after every retry) or
    /// `dropped` (the channel's queue was full).
    pub fn notification(&self, channel: &str, event: &str, outcome: &str) {
        self.f()
            .notifications
            .get_or_create(&[
                ("channel", channel.to_owned()),
                ("event", event.to_owned()),
                ("outcome", outcome.to_owned()),
            ])
            .inc();
    }
}

#[cfg(test)]
mod tests;
