//! `AppState`: configuration and shared services, passed explicitly to every handler.

use std::sync::Arc;

use warden_store::Store;
use warden_tool_api::Registry;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordHasherPool;
use crate::config::Config;
use crate::http::ApiError;
use crate::http::metrics::Metrics;
use crate::http::rate_limit::RateLimiter;

/// The server's state as handlers receive it: one shared [`Services`]. Axum clones the state for
/// every request at each layer and extractor, so it is one reference count, not twenty.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// Configuration and the shared services, built once at start.
pub struct Services {
    pub config: Arc<Config>,
    pub store: Store,
    pub jwt: Arc<JwtKeys>,
    pub passwords: PasswordHasherPool,
    pub limiter: Arc<RateLimiter>,
    pub metrics: Arc<Metrics>,
    /// Every tool; listed here, run only through the orchestrator.
    pub tools: Registry,
    pub chat: Arc<warden_core::runs::RunService>,
    /// The orchestrator every tool call passes.
    pub guard: Arc<warden_core::Guard>,
    pub sandbox: Arc<crate::guard::SandboxStatus>,
    pub containment: Arc<crate::guard::ContainmentStatus>,
    /// Cancels background actors (the approvals sweeper, the monitor) at shutdown.
    pub background: tokio_util::sync::CancellationToken,
    pub monitor: Arc<warden_core::monitor::Monitor>,
    /// The operators' MCP servers as start-up found them (for /readyz).
    pub mcp_servers: Arc<Vec<warden_tool_mcp::ServerStatus>>,
    /// Asks the running monitor for a sweep.
    pub monitor_handle: warden_core::monitor::MonitorHandle,
    /// Memories: recall, learning, the routes, the CLI.
    pub memory: warden_memory::MemoryService,
    /// The monitor's queue and Docker engine until `start` spawns it (taken once).
    pub monitor_start: Arc<std::sync::Mutex<Option<MonitorParts>>>,
    /// The Docker engine the tools and the monitor share, for the readiness check.
    pub docker: Arc<warden_tool_docker::Engine>,
    /// Tasks (scheduled, on demand, from hooks) and their runs.
    pub automation: Arc<warden_core::automation::Automation>,
    /// The fleet of edge agents, when `fleet.nats_url` is set.
    pub fleet: Option<Arc<crate::fleet::FleetHub>>,
    /// What open WebSockets are told without asking: ended credentials, changed approvals.
    pub live: Arc<crate::live::Live>,
    /// What token, key and approval expiry are judged by (the configuration's clock, shared
    /// with the guard).
    pub clock: warden_protocol::clock::Clock,
}

/// What `start` needs to run the monitor: its queue, the Docker engine whose events it follows,
/// and the repair model's queue and engine when a model is configured.
pub struct MonitorParts {
    pub commands: warden_core::monitor::Commands,
    pub docker: Arc<warden_tool_docker::Engine>,
    pub model: Option<(
        tokio::sync::mpsc::Receiver<warden_core::monitor::model::ModelJob>,
        Arc<warden_core::Engine>,
    )>,
}

impl Services {
    /// Applies the rate limit for `subject` (an address or identity) on `route`: a route with
    /// an override has a bucket of its own, all others share the default bucket.
    pub fn check_rate(&self, subject: &str, route: Option<&str>) -> Result<(), ApiError> {
        let limits = &self.config.rate_limit;
        match route.and_then(|r| limits.routes.get(r).map(|limit| (r, *limit))) {
            Some((route, limit)) => self.limiter.check(&format!("{subject}|{route}"), limit),
            None => self.limiter.check(subject, limits.per_minute),
        }
    }
}
