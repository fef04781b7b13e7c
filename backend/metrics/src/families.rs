//! Every metric family, registered once with its name and help. Names are given without the
//! `_total` suffix of counters: the encoder adds it.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Upper bounds (seconds) of the request-duration buckets (unchanged from the first exporter).
const HTTP_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];
/// Tool runs and sweeps: from a few milliseconds to the longest tool timeout.
const SLOW_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 30.0, 120.0,
];
/// Model answers: local models take seconds, long answers minutes.
const MODEL_BUCKETS: [f64; 11] = [
    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
];

/// The incident states, always shown (0 when none), so dashboards and alerts see every series.
pub const INCIDENT_STATES: &[&str] = &[
    "open",
    "repairing",
    "awaiting_approval",
    "resolved",
    "failed",
    "escalated",
];

/// A label set: fixed names, values chosen per observation.
pub type Labels<const N: usize> = [(&'static str, String); N];
type HistogramFamily<const N: usize> = Family<Labels<N>, Histogram, fn() -> Histogram>;
/// A gauge holding an `f64` (ratios, temperatures, watts).
pub type FloatGauge = Gauge<f64, std::sync::atomic::AtomicU64>;

fn http_histogram() -> Histogram {
    Histogram::new(HTTP_BUCKETS)
}
fn slow_histogram() -> Histogram {
    Histogram::new(SLOW_BUCKETS)
}
fn model_histogram() -> Histogram {
    Histogram::new(MODEL_BUCKETS)
}

/// Every family, by what it counts; see the help text each is registered with.
pub struct Families {
    pub build_info: Family<Labels<1>, Gauge>,
    pub http_requests: Family<Labels<3>, Counter>,
    pub http_duration: HistogramFamily<1>,
    pub auth_events: Family<Labels<1>, Counter>,
    pub guard_decisions: Family<Labels<3>, Counter>,
    pub tool_runs: Family<Labels<3>, Counter>,
    pub tool_duration: HistogramFamily<1>,
    pub model_calls: Family<Labels<2>, Counter>,
    pub model_duration: HistogramFamily<1>,
    pub model_tokens: Family<Labels<2>, Counter>,
    pub model_estimated_calls: Family<Labels<1>, Counter>,
    pub model_fallbacks: Family<Labels<1>, Counter>,
    pub model_circuit: Family<Labels<1>, Gauge>,
    pub approvals_pending: Gauge,
    pub incidents: Family<Labels<1>, Gauge>,
    pub sweeps: Family<Labels<2>, Counter>,
    pub sweep_duration: Histogram,
    /// The three whole-host gauges are families with no label so that they are absent (not 0)
    /// until a sweep has read them: a monitor that is off must not report an idle host.
    pub host_load_per_core: Family<Labels<0>, FloatGauge>,
    pub host_memory_used_ratio: Family<Labels<0>, FloatGauge>,
    pub host_cpus: Family<Labels<0>, Gauge>,
    pub disk_used_ratio: Family<Labels<1>, FloatGauge>,
    pub disk_available_bytes: Family<Labels<1>, Gauge>,
    pub gpu_temperature: Family<Labels<2>, FloatGauge>,
    pub gpu_memory_used_ratio: Family<Labels<2>, FloatGauge>,
    pub gpu_utilization_ratio: Family<Labels<2>, FloatGauge>,
    pub gpu_power_watts: Family<Labels<2>, FloatGauge>,
    pub containers: Family<Labels<1>, Gauge>,
    pub notifications: Family<Labels<3>, Counter>,
    /// Every family's name as rendered (counters with `_total`).
    pub names: Vec<String>,
}

/// Registers `metric` and records the name it is rendered under (counters get `_total`).
fn register(
    registry: &mut Registry,
    names: &mut Vec<String>,
    name: &str,
    help: &str,
    metric: impl prometheus_client::registry::Metric,
) {
    let counter = matches!(
        prometheus_client::encoding::EncodeMetric::metric_type(&metric),
        prometheus_client::metrics::MetricType::Counter
    );
    names.push(if counter {
        format!("{name}_total")
    } else {
        name.to_owned()
    });
    registry.register(name, help, metric);
}

impl Families {
    /// Creates every family and registers it in `registry`.
    pub fn register(registry: &mut Registry) -> Self {
        let f = Self {
            build_info: Family::default(),
            http_requests: Family::default(),
            http_duration: Family::new_with_constructor(http_histogram),
            auth_events: Family::default(),
            guard_decisions: Family::default(),
            tool_runs: Family::default(),
            tool_duration: Family::new_with_constructor(slow_histogram),
            model_calls: Family::default(),
            model_duration: Family::new_with_constructor(model_histogram),
            model_tokens: Family::default(),
            model_estimated_calls: Family::default(),
            model_fallbacks: Family::default(),
            model_circuit: Family::default(),
            approvals_pending: Gauge::default(),
            incidents: Family::default(),
            sweeps: Family::default(),
            sweep_duration: slow_histogram(),
            host_load_per_core: Family::default(),
            host_memory_used_ratio: Family::default(),
            host_cpus: Family::default(),
            disk_used_ratio: Family::default(),
            disk_available_bytes: Family::default(),
            gpu_temperature: Family::default(),
            gpu_memory_used_ratio: Family::default(),
            gpu_utilization_ratio: Family::default(),
            gpu_power_watts: Family::default(),
            containers: Family::default(),
            notifications: Family::default(),
            names: Vec::new(),
        };
        let mut f = f;
        let r = registry;
        register(
            r,
            &mut f.names,
            "warden_build_info",
            "Warden's version",
            f.build_info.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_http_requests",
            "HTTP requests by method, route and status",
            f.http_requests.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_http_request_duration_seconds",
            "HTTP request duration by route",
            f.http_duration.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_auth_events",
            "Authentication events by kind",
            f.auth_events.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_guard_decisions",
            "Guard decisions by risk level, route and tool",
            f.guard_decisions.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_tool_runs",
            "Tool executions by tool, route and outcome",
            f.tool_runs.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_tool_run_duration_seconds",
            "Tool execution duration by tool",
            f.tool_duration.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_calls",
            "Calls to language models (each retry counts) by model and outcome",
            f.model_calls.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_call_duration_seconds",
            "Language model call duration, until the answer ended or failed, by model",
            f.model_duration.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_tokens",
            "Tokens language models used, by model and kind (prompt, completion); estimated by Warden when the backend did not report them",
            f.model_tokens.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_estimated_calls",
            "Model answers whose token usage the backend did not report (Warden estimated it), by model",
            f.model_estimated_calls.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_fallbacks",
            "Times the router gave up on a model and went on to the next of its chain",
            f.model_fallbacks.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_model_circuit_state",
            "Circuit breaker state per model: 0 closed, 1 half open, 2 open",
            f.model_circuit.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_approvals_pending",
            "Approvals waiting for a human",
            f.approvals_pending.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_incidents",
            "Incidents by state",
            f.incidents.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_monitor_sweeps",
            "Monitor sweeps by trigger kind and status",
            f.sweeps.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_monitor_sweep_duration_seconds",
            "Monitor sweep duration",
            f.sweep_duration.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_host_load_per_core",
            "Five-minute load average per core at the last sweep",
            f.host_load_per_core.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_host_memory_used_ratio",
            "Share of memory in use (0 to 1) at the last sweep",
            f.host_memory_used_ratio.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_host_cpus",
            "Logical CPUs at the last sweep",
            f.host_cpus.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_host_disk_used_ratio",
            "Share of a filesystem in use (0 to 1) by mount point at the last sweep",
            f.disk_used_ratio.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_host_disk_available_bytes",
            "Bytes available on a filesystem by mount point at the last sweep",
            f.disk_available_bytes.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_gpu_temperature_celsius",
            "GPU temperature at the last sweep",
            f.gpu_temperature.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_gpu_memory_used_ratio",
            "Share of GPU memory in use (0 to 1) at the last sweep",
            f.gpu_memory_used_ratio.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_gpu_utilization_ratio",
            "GPU utilisation (0 to 1) at the last sweep",
            f.gpu_utilization_ratio.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_gpu_power_watts",
            "GPU power draw at the last sweep",
            f.gpu_power_watts.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_containers",
            "Watched containers by state at the last sweep",
            f.containers.clone(),
        );
        register(
            r,
            &mut f.names,
            "warden_notifications",
            "Notifications by channel, event and outcome (sent, failed, dropped)",
            f.notifications.clone(),
        );
        f
    }
}
