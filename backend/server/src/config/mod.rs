//! Configuration: `warden.toml`, then `WARDEN_*` variables over it, validated before anything
//! starts. Every error names the key (file key or variable) and what is wrong with its value.

mod automation;
mod env;
mod file;
mod fleet;
mod integrations;
pub mod memory;
pub mod net;
mod secret;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use automation::{AutomationConfig, HookConfig, SHORT_SECRET_CHARS};
pub use fleet::FleetConfig;
pub use integrations::{McpConfig, McpServerConfig, McpTransport, NotifyConfig};
pub use memory::{EmbedderKind, MemoryBackendKind, MemoryConfig};
pub use net::IpNet;
pub use secret::Secret;

/// Everything `warden serve` and the CLI need, after defaults, the file and the environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `WARDEN_LISTEN`, `listen`: where the HTTP server binds.
    pub listen: SocketAddr,
    /// `WARDEN_DATA_DIR`, `data_dir`: the SQLite database and the signing key live here.
    pub data_dir: PathBuf,
    /// `WARDEN_DATABASE_URL`, `database_url`: PostgreSQL or another SQLite file; default is
    /// `warden.db` in the data directory.
    pub database_url: Option<String>,
    /// `WARDEN_ADMIN_PASSWORD` (environment only): creates `admin` when no user exists.
    pub admin_password: Option<Secret>,
    /// `WARDEN_JWT_SECRET` (environment only): signing key; otherwise generated into the data dir.
    pub jwt_secret: Option<Secret>,
    pub auth: AuthConfig,
    pub rate_limit: RateLimitConfig,
    pub http: HttpConfig,
    pub tools: ToolsConfig,
    pub llm: LlmConfig,
    pub guard: GuardConfig,
    pub monitor: MonitorConfig,
    pub memory: MemoryConfig,
    /// `[notify]`: notification channels (ntfy, Slack, Mattermost, Discord, email, JSON).
    pub notify: NotifyConfig,
    /// `[mcp]`: external MCP servers whose tools join the registry.
    pub mcp: McpConfig,
    /// `[[task]]` and `[[hook]]`: scheduled and triggered tasks, and the webhooks that trigger
    /// them.
    pub automation: AutomationConfig,
    /// `[fleet]`: edge agents over NATS JetStream (off unless `fleet.nats_url` is set).
    pub fleet: FleetConfig,
    /// Not a setting (no key, no variable): the clock approvals, tokens, keys and incidents are
    /// judged by. The system's; tests hand in a `TestClock`'s to move time forward.
    pub clock: warden_protocol::clock::Clock,
}

/// The self-healing monitor (`[monitor]`).
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorConfig {
    /// `monitor.enabled`: false runs no sweeps (routes and `warden check` still work).
    pub enabled: bool,
    /// `WARDEN_MONITOR_INTERVAL`, `monitor.interval_secs`: seconds between sweeps (default 300).
    pub interval_secs: u64,
    /// `monitor.disk_percent`: warning and critical percent of a filesystem used (85, 95).
    pub disk_percent: (f64, f64),
    /// `monitor.load_per_core`: five-minute load per core (2, 4).
    pub load_per_core: (f64, f64),
    /// `monitor.memory_percent`: percent of memory in use (90, 97).
    pub memory_percent: (f64, f64),
    /// `monitor.gpu_temperature_c` (83, 90) and `monitor.gpu_memory_percent` (95, 99).
    pub gpu_temperature_c: (f64, f64),
    pub gpu_memory_percent: (f64, f64),
    /// `monitor.hysteresis_percent`: how far (percent of the threshold) a value must fall below
    /// it to clear (default 5).
    pub hysteresis_percent: f64,
    /// `monitor.autoheal`: containers restarted after a crash, besides those labelled
    /// `warden.autoheal=true`.
    pub autoheal: Vec<String>,
    /// `monitor.autoheal_label`: the opt-in label (default `warden.autoheal`, value `true`).
    pub autoheal_label: String,
    /// `monitor.watch_label`: only containers with this label (`key` or `key=value`) are watched
    /// (default: all).
    pub watch_label: Option<String>,
    /// `monitor.prune_label`: the disk runbook reclaims only dangling images with this label
    /// (`key` or `key=value`) and leaves the build cache alone (default: both, all of them).
    pub prune_label: Option<String>,
    /// `monitor.disk_mounts`: only these mount points are watched (default: every real
    /// filesystem; container and image mounts never are).
    pub disk_mounts: Vec<String>,
    /// `monitor.ssh_hosts`: configured SSH hosts (`tools.ssh.hosts` names) probed each sweep;
    /// unset: all of them.
    pub ssh_hosts: Option<Vec<String>>,
    /// `monitor.repair_budget` repairs per target in `monitor.repair_window_secs` (3 in 1800),
    /// the first `monitor.repair_backoff_secs` (30) apart, doubling.
    pub repair_budget: u32,
    pub repair_window_secs: u64,
    pub repair_backoff_secs: u64,
    /// `monitor.verify_after_secs`: when to read again after a repair, and how often while
    /// verifying (5).
    pub verify_after_secs: u64,
    /// `monitor.verify_hold_secs`: how long a repaired container must stay up, unrestarted and
    /// not unhealthy before the repair counts as held (30).
    pub verify_hold_secs: u64,
    /// `monitor.flap_reopens` reopenings of a target's incidents within
    /// `monitor.flap_window_secs` escalate it as flapping (3 in 3600; 0 turns it off).
    pub flap_reopens: u32,
    pub flap_window_secs: u64,
    /// `[[monitor.alert_rules]]`: alert names and labels mapped to targets and runbooks
    /// (default: `ContainerDown` with a `container` label restarts that container).
    pub alert_rules: Vec<warden_core::monitor::AlertRule>,
    /// `monitor.runaway_cpu_percent` (percent of one core) and `monitor.runaway_memory_percent`
    /// (of the host's memory): a process over either for `monitor.runaway_sweeps` (3) sweeps in a
    /// row is a finding whose runbook is `process_kill` (held for a human by the shipped policy);
    /// `monitor.runaway_names` limits it to those process names. Both unset: off.
    pub runaway_cpu_percent: Option<f64>,
    pub runaway_memory_percent: Option<f64>,
    pub runaway_sweeps: u32,
    pub runaway_names: Vec<String>,
    /// `monitor.gpu_hog_kill`: a GPU whose memory is full gets its largest process killed
    /// (`process_kill`, held for a human by the shipped policy) (false).
    pub gpu_hog_kill: bool,
    /// `monitor.ollama_unload_stuck`: Ollama models still loaded a minute past their keep-alive
    /// are unloaded (`ollama_unload`) (false).
    pub ollama_unload_stuck: bool,
    /// `monitor.gpus`: read NVIDIA GPUs (true).
    pub gpus: bool,
    /// `monitor.history_days`: sweeps kept for charts (7).
    pub history_days: u64,
    /// `WARDEN_MONITOR_WEBHOOK`, `monitor.webhook`: JSON POSTs for incidents opened and escalated.
    pub webhook: Option<String>,
    /// `WARDEN_ALERTMANAGER_SECRET` (environment only): a bearer token Alertmanager sends; without
    /// it, the intake needs a credential with `write`.
    pub alertmanager_secret: Option<Secret>,
    /// `monitor.run_timeout_secs`: how long `POST /api/v1/monitor/run` waits for its sweep (60);
    /// past it the route answers 504 `timeout` and the sweep goes on, recorded in the history.
    pub run_timeout_secs: u64,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            interval_secs: 300,
            disk_percent: (85.0, 95.0),
            load_per_core: (2.0, 4.0),
            memory_percent: (90.0, 97.0),
            gpu_temperature_c: (83.0, 90.0),
            gpu_memory_percent: (95.0, 99.0),
            hysteresis_percent: 5.0,
            autoheal: Vec::new(),
            autoheal_label: "warden.autoheal".to_owned(),
            watch_label: None,
            prune_label: None,
            disk_mounts: Vec::new(),
            ssh_hosts: None,
            repair_budget: 3,
            repair_window_secs: 1800,
            repair_backoff_secs: 30,
            verify_after_secs: 5,
            verify_hold_secs: 30,
            flap_reopens: 3,
            flap_window_secs: 3600,
            alert_rules: warden_core::monitor::AlertRule::defaults(),
            runaway_cpu_percent: None,
            runaway_memory_percent: None,
            runaway_sweeps: 3,
            runaway_names: Vec::new(),
            gpu_hog_kill: false,
            ollama_unload_stuck: false,
            gpus: true,
            history_days: 7,
            webhook: None,
            alertmanager_secret: None,
            run_timeout_secs: 60,
        }
    }
}

/// The guard: policies, approvals, the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardConfig {
    /// `WARDEN_POLICY_DIR`, `guard.policy_dir`: operators' policy files (`*.toml`), applied with
    /// the shipped policy. A malformed file stops start-up.
    pub policy_dir: Option<PathBuf>,
    /// `WARDEN_APPROVAL_TTL_SECS`, `guard.approval_ttl_secs`: how long an approval waits before
    /// it expires and counts as denied (default 1800).
    pub approval_ttl_secs: u64,
    /// `WARDEN_APPROVAL_WEBHOOK`, `guard.approval_webhook`: an http(s) URL that receives a JSON
    /// POST when an approval waits and when it is decided.
    pub approval_webhook: Option<String>,
    /// `WARDEN_RUNSC`, `guard.runsc`: gVisor's runsc (default `/usr/bin/runsc`).
    pub runsc: PathBuf,
    /// `guard.sandbox`: false turns the sandbox off, so medium calls wait for approval.
    pub sandbox: bool,
    /// `WARDEN_SANDBOX_BACKEND`, `guard.sandbox_backend`: `runsc` (default: `runsc do` on this
    /// machine) or `docker` (`docker run --runtime=runsc`, for Warden in a container).
    pub sandbox_backend: SandboxBackendKind,
    /// `WARDEN_SANDBOX_IMAGE`, `guard.sandbox_image`: the image the Docker backend runs commands
    /// in (default `debian:bookworm-slim`; never pulled; needs `/bin/sh` and `timeout`).
    pub sandbox_image: String,
    /// `guard.sandbox_runtime`: the name runsc is registered under in the Docker daemon
    /// (default `runsc`).
    pub sandbox_runtime: String,
    /// `WARDEN_DOCKER_CLI`, `guard.docker_cli`: the Docker client the Docker backend calls
    /// (default `docker`, found in PATH).
    pub docker_cli: PathBuf,
    /// `WARDEN_SETPRIV`, `guard.setpriv`: util-linux `setpriv`, through which contained host
    /// programs switch to an unprivileged user (default `/usr/bin/setpriv`). Missing, low calls
    /// that start host programs wait for approval.
    pub setpriv: PathBuf,
    /// `guard.hidden_paths`: absolute paths (`*` within a component) hidden from contained host
    /// programs besides the built-in ones, Warden's data directory and `ssh_exec`'s keys.
    pub hidden_paths: Vec<PathBuf>,
    /// `guard.contained_memory_mb`: address space of each process of a contained host run, in
    /// MiB (default 2048).
    pub contained_memory_mb: u64,
    /// `guard.contained_cpu_secs`: CPU seconds of each process of a contained run (default 120).
    pub contained_cpu_secs: u64,
    /// `guard.contained_processes`: processes and threads of the contained user, every contained
    /// run at a time together (default 256).
    pub contained_processes: u64,
    /// `guard.contained_file_mb`: the largest file a contained process may write, in MiB
    /// (default 64).
    pub contained_file_mb: u64,
    /// `guard.contained_open_files`: open files of each contained process (default 1024).
    pub contained_open_files: u64,
    /// `WARDEN_REQUIRE_SECOND_PERSON`, `guard.require_second_person`: when true, nobody may
    /// approve a call they asked for themselves (four eyes); they may still deny it.
    pub require_second_person: bool,
}

/// How the sandbox reaches gVisor (`guard.sandbox_backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxBackendKind {
    /// `runsc do` on this machine.
    Runsc,
    /// `docker run --runtime=runsc` through the Docker daemon.
    Docker,
}

impl SandboxBackendKind {
    /// The configuration spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SandboxBackendKind::Runsc => "runsc",
            SandboxBackendKind::Docker => "docker",
        }
    }
}

impl std::str::FromStr for SandboxBackendKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "runsc" => Ok(SandboxBackendKind::Runsc),
            "docker" => Ok(SandboxBackendKind::Docker),
            other => Err(format!("'{other}' is not one of: runsc, docker")),
        }
    }
}

impl Default for GuardConfig {
    fn default() -> Self {
        Self {
            policy_dir: None,
            approval_ttl_secs: 1800,
            approval_webhook: None,
            runsc: PathBuf::from("/usr/bin/runsc"),
            sandbox: true,
            sandbox_backend: SandboxBackendKind::Runsc,
            sandbox_image: "debian:bookworm-slim".to_owned(),
            sandbox_runtime: "runsc".to_owned(),
            docker_cli: PathBuf::from("docker"),
            setpriv: PathBuf::from("/usr/bin/setpriv"),
            hidden_paths: Vec::new(),
            contained_memory_mb: 2048,
            contained_cpu_secs: 120,
            contained_processes: 256,
            contained_file_mb: 64,
            contained_open_files: 1024,
            require_second_person: false,
        }
    }
}

/// Which wire format a model backend speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmApi {
    Ollama,
    OpenAi,
}

/// One model of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmModelConfig {
    /// The name chat requests use.
    pub name: String,
    pub api: LlmApi,
    pub url: String,
    /// The backend's name for the model.
    pub model: String,
    /// `fast` or `heavy`.
    pub heavy: bool,
    /// Native tool calling (true) or the text protocol.
    pub native_tools: bool,
    /// `WARDEN_LLM_API_KEY` for the environment's model; never from the file.
    pub api_key: Option<Secret>,
    /// The model's context window in tokens (`context_tokens`, `WARDEN_LLM_CONTEXT_TOKENS`);
    /// None: asked of the backend, else 4,096.
    pub context_tokens: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    pub models: Vec<LlmModelConfig>,
    /// `WARDEN_LLM_TIMEOUT_SECS`: one model call (default 300).
    pub call_timeout_secs: u64,
    /// Iterations of one run (default 15).
    pub max_iterations: u32,
    /// Whole-run deadline (default 600 s); retries of model calls count against it.
    pub run_deadline_secs: u64,
    /// `WARDEN_LLM_FIRST_BYTE_TIMEOUT_SECS`, `llm.first_byte_timeout_secs`: how long a model
    /// may take to start answering (default 120): a backend that accepts the request and sends
    /// nothing is given up on after this, not after the whole call's timeout, and the chain
    /// moves to the next model.
    pub first_byte_timeout_secs: u64,
    /// `WARDEN_LLM_IDLE_TIMEOUT_SECS`, `llm.idle_timeout_secs`: the longest pause between two
    /// chunks of an answer that has started (default 60): a stream that stalls longer fails the
    /// call, which is not retried on that model.
    pub idle_timeout_secs: u64,
    /// `llm.breaker_failures`: failed calls in a row that open a model's circuit (default 3).
    pub breaker_failures: u32,
    /// `llm.breaker_cooldown_secs`: how long an open circuit skips its model before one trial
    /// call is let through (default 30).
    pub breaker_cooldown_secs: u64,
    /// Tokens a user may spend a day (UTC), in chats and through their keys; None: no limit.
    pub daily_tokens_per_user: Option<u64>,
    /// Tokens one API key may spend a day; None: no limit.
    pub daily_tokens_per_api_key: Option<u64>,
    /// Budgets for named users and keys (`user:NAME`, `api_key:NAME`), overriding the above.
    pub daily_token_budgets: std::collections::BTreeMap<String, u64>,
    /// Past this share of a budget (percent), runs use the fast tier (default 80).
    pub budget_fallback_percent: u8,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            models: Vec::new(),
            call_timeout_secs: 300,
            max_iterations: 15,
            run_deadline_secs: 600,
            first_byte_timeout_secs: 120,
            idle_timeout_secs: 60,
            breaker_failures: 3,
            breaker_cooldown_secs: 30,
            daily_tokens_per_user: None,
            daily_tokens_per_api_key: None,
            daily_token_budgets: std::collections::BTreeMap::new(),
            budget_fallback_percent: 80,
        }
    }
}

/// Where the agent's tools may reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolsConfig {
    /// `WARDEN_FILE_ROOTS` (colon-separated), `tools.file_roots`: directories the file tools may
    /// read and write. Empty: the file tools refuse.
    pub file_roots: Vec<PathBuf>,
    /// `WARDEN_GIT_ROOTS`, `tools.git_roots`: directories holding the repositories git tools may use.
    pub git_roots: Vec<PathBuf>,
    /// `tools.docker_host`: the Docker daemon; default `DOCKER_HOST`, else the local socket.
    pub docker_host: Option<String>,
    /// `tools.docker_timeout_secs`: how long Warden waits for the Docker daemon to start
    /// answering a read (the monitor's probes, `/readyz`, the read-only Docker tools) or a
    /// connection's version negotiation; None: 10 s. Actions (stop, restart, prune) keep their
    /// own longer limits.
    pub docker_timeout_secs: Option<u64>,
    /// `tools.ssh`: hosts `ssh_exec` may reach and the known_hosts file their keys are checked against.
    pub ssh_hosts: Vec<warden_tool_ssh::SshHost>,
    pub ssh_known_hosts: Option<PathBuf>,
    /// `WARDEN_NET_ALLOW` (comma-separated), `tools.net_allow`: internal address ranges the
    /// network checks reach without a human's approval and for every caller (`10.0.0.0/8`,
    /// `192.0.2.7`). Link-local and cloud metadata addresses cannot be listed.
    pub net_allow: warden_tool_net::AllowList,
    /// `tools.ollama_url`: the Ollama the `ollama_*` tools talk to; default: the first
    /// `[[llm.models]]` entry with `api = "ollama"`.
    pub ollama_url: Option<String>,
}

impl ToolsConfig {
    /// How long the Docker daemon may take to start answering a read.
    pub fn docker_timeout(&self) -> std::time::Duration {
        self.docker_timeout_secs
            .map_or(warden_tool_docker::DEFAULT_ANSWER_TIMEOUT, |secs| {
                std::time::Duration::from_secs(secs)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub ws_ticket_ttl_secs: u64,
    pub lockout_max_failures: u32,
    pub lockout_window_secs: u64,
    /// How many password hashes may be computed at once (each takes about 19 MiB and a core).
    pub max_concurrent_hashes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// `WARDEN_RATE_LIMIT_PER_MINUTE`: per identity and per client address.
    pub per_minute: u32,
    /// Overrides by route pattern, e.g. `"/api/v1/auth/login" = 10`.
    pub routes: BTreeMap<String, u32>,
}

/// The smallest `http.max_header_bytes`: hyper's smallest read buffer (it panics below it).
pub const MIN_HEADER_BYTES: usize = 8192;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
    pub max_concurrent_requests: usize,
    /// How long a client may take to send a request's headers (from the connection's start or
    /// the request's first byte) before the connection is closed.
    pub header_read_timeout_secs: u64,
    /// How long a kept-alive connection may sit idle (no request in flight, nothing read)
    /// before it is closed. An upgraded WebSocket and a response still streaming are not idle.
    pub keep_alive_idle_secs: u64,
    /// How long a request's body may take to arrive, from its headers to its last byte; a body
    /// still arriving then is answered 408 (a client trickling it cannot hold a handler).
    pub body_read_timeout_secs: u64,
    /// The longest request target (path and query) answered; longer is 414.
    pub max_uri_bytes: usize,
    /// The most bytes of a request's line and headers read (at least 8192, hyper's floor);
    /// more is 431.
    pub max_header_bytes: usize,
    /// The most header fields a request may carry; more is 431.
    pub max_headers: usize,
    /// HTTP connections served at once; more wait in the kernel's backlog. A WebSocket leaves
    /// the count once upgraded.
    pub max_connections: usize,
    /// WebSockets one credential (an API key, a session) may hold open at once; the next
    /// upgrade is answered 429.
    pub max_websockets_per_credential: usize,
    /// How long a WebSocket may go without a frame from its client (a pong to the server's
    /// pings counts) before it is closed with an error frame and close code 4408.
    pub websocket_silence_secs: u64,
    /// Origins allowed to call the API from a browser; empty means same-origin only.
    pub cors_origins: Vec<String>,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// `WARDEN_TLS_CERT`, `http.tls_cert`: the certificate chain (PEM, leaf first). With
    /// `tls_key`, Warden serves HTTPS itself and sends `Strict-Transport-Security`; without
    /// both, plain HTTP (for a TLS-terminating proxy in front).
    pub tls_cert: Option<PathBuf>,
    /// `WARDEN_TLS_KEY`, `http.tls_key`: the certificate's private key (PEM).
    pub tls_key: Option<PathBuf>,
}

impl HttpConfig {
    /// The certificate and key when HTTPS is on.
    pub fn tls(&self) -> Option<TlsFiles> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            }),
            (Some(_), None) | (None, Some(_)) | (None, None) => None,
        }
    }
}

/// The certificate chain and private key Warden serves HTTPS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            access_token_ttl_secs: 3600,
            refresh_token_ttl_secs: 7 * 24 * 3600,
            ws_ticket_ttl_secs: 30,
            lockout_max_failures: 5,
            lockout_window_secs: 15 * 60,
            max_concurrent_hashes: 4,
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            per_minute: 60,
            routes: BTreeMap::new(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            body_limit_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            max_concurrent_requests: 1024,
            header_read_timeout_secs: 15,
            // nginx's keepalive_timeout; longer than the 60 s idle timeout of common load
            // balancers, so a proxy in front closes first and never reuses a closing connection.
            keep_alive_idle_secs: 75,
            body_read_timeout_secs: 30,
            // nginx reads 8 KiB request lines; 16 KiB leaves room for long filters.
            max_uri_bytes: 16 * 1024,
            max_header_bytes: 64 * 1024,
            // hyper's own default, and Go's and Node's order of magnitude.
            max_headers: 100,
            max_connections: 4096,
            max_websockets_per_credential: 32,
            websocket_silence_secs: 75,
            cors_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            tls_cert: None,
            tls_key: None,
        }
    }
}

impl Config {
    /// Defaults for everything, with the data directory given.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: data_dir.into(),
            database_url: None,
            admin_password: None,
            jwt_secret: None,
            auth: AuthConfig::default(),
            rate_limit: RateLimitConfig::default(),
            http: HttpConfig::default(),
            tools: ToolsConfig::default(),
            llm: LlmConfig::default(),
            guard: GuardConfig::default(),
            monitor: MonitorConfig::default(),
            memory: MemoryConfig::default(),
            notify: NotifyConfig::default(),
            mcp: McpConfig::default(),
            automation: AutomationConfig::default(),
            fleet: FleetConfig::default(),
            clock: warden_protocol::clock::Clock::system(),
        }
    }

    /// Reads the file (an explicit path must exist; `./warden.toml` is used when present), then
    /// applies the process environment.
    pub fn load(explicit_file: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match explicit_file {
            Some(path) => Some(read_file(path)?),
            None => {
                let default = Path::new("warden.toml");
                if default.exists() {
                    Some(read_file(default)?)
                } else {
                    None
                }
            }
        };
        let env = warden_variables(std::env::vars_os())?;
        Self::from_sources(file.as_ref().map(|(p, t)| (p.as_path(), t.as_str())), &env)
    }

    /// Builds a configuration from a file's text and a set of variables; pure, for tests.
    pub fn from_sources(
        file: Option<(&Path, &str)>,
        env: &BTreeMap<String, String>,
    ) -> Result<Self, ConfigError> {
        let mut config = Self::with_data_dir("./data");
        let mut sections = None;
        if let Some((path, text)) = file {
            file::apply(&mut config, path, text)?;
            sections = Some(integrations::read(text)?);
        }
        env::apply(&mut config, env)?;
        env::llm_from_environment(&mut config, env)?;
        integrations::resolve(&mut config, sections.unwrap_or_default(), env)?;
        config.validate()?;
        Ok(config)
    }

    /// The database URL in effect: the configured one, or SQLite in the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("warden.db").display()
            ),
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        fleet::validate(&self.fleet)?;
        self.memory.validate()?;
        let positive = [
            (
                "auth.access_token_ttl_secs",
                self.auth.access_token_ttl_secs,
            ),
            (
                "auth.refresh_token_ttl_secs",
                self.auth.refresh_token_ttl_secs,
            ),
            ("auth.ws_ticket_ttl_secs", self.auth.ws_ticket_ttl_secs),
            ("auth.lockout_window_secs", self.auth.lockout_window_secs),
            ("http.request_timeout_secs", self.http.request_timeout_secs),
            ("guard.approval_ttl_secs", self.guard.approval_ttl_secs),
            ("guard.contained_memory_mb", self.guard.contained_memory_mb),
            ("guard.contained_cpu_secs", self.guard.contained_cpu_secs),
            ("guard.contained_processes", self.guard.contained_processes),
            ("guard.contained_file_mb", self.guard.contained_file_mb),
            (
                "guard.contained_open_files",
                self.guard.contained_open_files,
            ),
            ("monitor.interval_secs", self.monitor.interval_secs),
            (
                "monitor.repair_window_secs",
                self.monitor.repair_window_secs,
            ),
            ("monitor.flap_window_secs", self.monitor.flap_window_secs),
            ("monitor.history_days", self.monitor.history_days),
            ("monitor.run_timeout_secs", self.monitor.run_timeout_secs),
            ("llm.call_timeout_secs", self.llm.call_timeout_secs),
            ("llm.run_deadline_secs", self.llm.run_deadline_secs),
            (
                "llm.first_byte_timeout_secs",
                self.llm.first_byte_timeout_secs,
            ),
            ("llm.idle_timeout_secs", self.llm.idle_timeout_secs),
            ("llm.breaker_failures", u64::from(self.llm.breaker_failures)),
            (
                "tools.docker_timeout_secs",
                self.tools.docker_timeout_secs.unwrap_or(1),
            ),
            (
                "rate_limit.per_minute",
                u64::from(self.rate_limit.per_minute),
            ),
            ("http.body_limit_bytes", self.http.body_limit_bytes as u64),
            (
                "auth.lockout_max_failures",
                u64::from(self.auth.lockout_max_failures),
            ),
            (
                "auth.max_concurrent_hashes",
                self.auth.max_concurrent_hashes as u64,
            ),
            (
                "http.max_concurrent_requests",
                self.http.max_concurrent_requests as u64,
            ),
            (
                "http.header_read_timeout_secs",
                self.http.header_read_timeout_secs,
            ),
            ("http.max_connections", self.http.max_connections as u64),
            ("http.keep_alive_idle_secs", self.http.keep_alive_idle_secs),
            (
                "http.body_read_timeout_secs",
                self.http.body_read_timeout_secs,
            ),
            ("http.max_uri_bytes", self.http.max_uri_bytes as u64),
            ("http.max_headers", self.http.max_headers as u64),
            (
                "http.max_websockets_per_credential",
                self.http.max_websockets_per_credential as u64,
            ),
            (
                "http.websocket_silence_secs",
                self.http.websocket_silence_secs,
            ),
        ];
        for (key, value) in positive {
            if value == 0 {
                return Err(ConfigError::new(key, "must be greater than 0"));
            }
        }
        if self.http.max_header_bytes < MIN_HEADER_BYTES {
            return Err(ConfigError::new(
                "http.max_header_bytes",
                format!(
                    "must be at least {MIN_HEADER_BYTES} (the smallest read buffer the HTTP server takes), not {}",
                    self.http.max_header_bytes
                ),
            ));
        }
        for (key, url) in [
            ("guard.approval_webhook", &self.guard.approval_webhook),
            ("monitor.webhook", &self.monitor.webhook),
            ("tools.ollama_url", &self.tools.ollama_url),
        ] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(ConfigError::new(key, "must be an http:// or https:// URL"));
            }
        }
        let m = &self.monitor;
        for (key, (warning, critical)) in [
            ("monitor.disk_percent", m.disk_percent),
            ("monitor.load_per_core", m.load_per_core),
            ("monitor.memory_percent", m.memory_percent),
            ("monitor.gpu_temperature_c", m.gpu_temperature_c),
            ("monitor.gpu_memory_percent", m.gpu_memory_percent),
        ] {
            if !(warning > 0.0 && warning <= critical && critical.is_finite()) {
                return Err(ConfigError::new(
                    key,
                    format!(
                        "[warning, critical] must be positive with warning <= critical, not [{warning}, {critical}]"
                    ),
                ));
            }
        }
        if m.alertmanager_secret
            .as_ref()
            .is_some_and(|secret| secret.expose().len() < 16)
        {
            return Err(ConfigError::new(
                "WARDEN_ALERTMANAGER_SECRET",
                "must be at least 16 characters",
            ));
        }
        if let Some(unknown) = m
            .ssh_hosts
            .iter()
            .flatten()
            .find(|name| !self.tools.ssh_hosts.iter().any(|h| &h.name == *name))
        {
            return Err(ConfigError::new(
                "monitor.ssh_hosts",
                format!("'{unknown}' is not a host in tools.ssh.hosts"),
            ));
        }
        for (key, percent) in [
            ("monitor.runaway_cpu_percent", m.runaway_cpu_percent),
            ("monitor.runaway_memory_percent", m.runaway_memory_percent),
        ] {
            if percent.is_some_and(|p| !(p > 0.0 && p.is_finite())) {
                return Err(ConfigError::new(key, "must be a positive percent"));
            }
        }
        if m.runaway_sweeps == 0 {
            return Err(ConfigError::new(
                "monitor.runaway_sweeps",
                "must be greater than 0",
            ));
        }
        if !(0.0..=50.0).contains(&m.hysteresis_percent) {
            return Err(ConfigError::new(
                "monitor.hysteresis_percent",
                "must be between 0 and 50",
            ));
        }
        if self.auth.refresh_token_ttl_secs < self.auth.access_token_ttl_secs {
            return Err(ConfigError::new(
                "auth.refresh_token_ttl_secs",
                "must not be shorter than auth.access_token_ttl_secs",
            ));
        }
        for (route, limit) in &self.rate_limit.routes {
            if !route.starts_with('/') {
                return Err(ConfigError::new(
                    format!("rate_limit.routes.\"{route}\""),
                    "route patterns start with '/', e.g. \"/api/v1/auth/login\"",
                ));
            }
            if *limit == 0 {
                return Err(ConfigError::new(
                    format!("rate_limit.routes.\"{route}\""),
                    "must be greater than 0",
                ));
            }
        }
        if let Some(url) = &self.database_url {
            let known = ["sqlite:", "postgres://", "postgresql://"];
            if !known.iter().any(|p| url.starts_with(p)) {
                return Err(ConfigError::new(
                    "database_url",
                    "must start with sqlite:, postgres:// or postgresql://",
                ));
            }
        }
        if let Some(secret) = &self.jwt_secret
            && secret.expose().len() < 32
        {
            return Err(ConfigError::new(
                "WARDEN_JWT_SECRET",
                "must be at least 32 bytes; leave it unset to have a key generated into the data directory",
            ));
        }
        for origin in &self.http.cors_origins {
            validate_origin(origin)?;
        }
        match (&self.http.tls_cert, &self.http.tls_key) {
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "http.tls_key",
                    "is needed with http.tls_cert (WARDEN_TLS_KEY): the certificate's private key, PEM",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "http.tls_cert",
                    "is needed with http.tls_key (WARDEN_TLS_CERT): the certificate chain, PEM",
                ));
            }
            (Some(_), Some(_)) | (None, None) => {}
        }
        // Both reach the Docker client's command line: a leading '-' would read as an option.
        let plain = |value: &str, extra: &str| {
            !value.is_empty()
                && !value.starts_with('-')
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c) || extra.contains(c))
        };
        if !plain(&self.guard.sandbox_image, "/:@") {
            return Err(ConfigError::new(
                "guard.sandbox_image",
                format!(
                    "'{}' is not an image reference like debian:bookworm-slim",
                    self.guard.sandbox_image
                ),
            ));
        }
        if !plain(&self.guard.sandbox_runtime, "") {
            return Err(ConfigError::new(
                "guard.sandbox_runtime",
                format!(
                    "'{}' is not a runtime name like runsc",
                    self.guard.sandbox_runtime
                ),
            ));
        }
        Ok(())
    }
}

fn validate_origin(origin: &str) -> Result<(), ConfigError> {
    let key = "http.cors_origins";
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| {
            ConfigError::new(
                key,
                format!("'{origin}' must start with http:// or https://"),
            )
        })?;
    if rest.is_empty() || rest.contains(['/', '*', ' ']) {
        return Err(ConfigError::new(
            key,
            format!(
                "'{origin}' must be a bare origin like https://warden.example.com (no path, no wildcard)"
            ),
        ));
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<(PathBuf, String), ConfigError> {
    std::fs::read_to_string(path)
        .map(|text| (path.to_path_buf(), text))
        .map_err(|e| {
            ConfigError::new(
                path.display().to_string(),
                format!("cannot read configuration file: {e}"),
            )
        })
}

/// A configuration value that cannot be used, with the key it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

/// The `WARDEN_*` variables of `vars`. Others are not Warden's business, whatever they hold
/// (`std::env::vars` panicked on any variable that was not UTF-8, Warden's or not); a
/// `WARDEN_*` value that is not UTF-8 is named rather than guessed at.
fn warden_variables(
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut env = BTreeMap::new();
    for (key, value) in vars {
        if !key.as_encoded_bytes().starts_with(b"WARDEN_") {
            continue;
        }
        let Some(key) = key.to_str() else {
            return Err(ConfigError::new(
                key.to_string_lossy(),
                "is a variable whose name is not UTF-8 text",
            ));
        };
        let Some(value) = value.to_str() else {
            return Err(ConfigError::new(key, "is not UTF-8 text"));
        };
        env.insert(key.to_owned(), value.to_owned());
    }
    Ok(env)
}

impl ConfigError {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests;
