//! `warden.toml`. Unknown keys are errors (a misspelt key silently ignored is a setting lost), and
//! parse errors carry the file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use super::{Config, ConfigError, IpNet};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    #[serde(default)]
    auth: FileAuth,
    #[serde(default)]
    rate_limit: FileRateLimit,
    #[serde(default)]
    http: FileHttp,
    #[serde(default)]
    tools: FileTools,
    #[serde(default)]
    llm: FileLlm,
    #[serde(default)]
    guard: FileGuard,
    #[serde(default)]
    monitor: FileMonitor,
    #[serde(default)]
    memory: super::memory::FileMemory,
    /// Checked here (unknown keys, types, with the line); resolved by `integrations::read`.
    #[serde(default, rename = "notify")]
    _notify: super::integrations::FileNotify,
    #[serde(default, rename = "mcp")]
    _mcp: super::integrations::FileMcp,
    #[serde(default)]
    task: Vec<super::automation::FileTask>,
    #[serde(default)]
    hook: Vec<super::automation::FileHook>,
    #[serde(default)]
    fleet: super::fleet::FileFleet,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMonitor {
    enabled: Option<bool>,
    interval_secs: Option<u64>,
    disk_percent: Option<(f64, f64)>,
    load_per_core: Option<(f64, f64)>,
    memory_percent: Option<(f64, f64)>,
    gpu_temperature_c: Option<(f64, f64)>,
    gpu_memory_percent: Option<(f64, f64)>,
    hysteresis_percent: Option<f64>,
    autoheal: Option<Vec<String>>,
    autoheal_label: Option<String>,
    disk_mounts: Option<Vec<String>>,
    watch_label: Option<String>,
    prune_label: Option<String>,
    ssh_hosts: Option<Vec<String>>,
    repair_budget: Option<u32>,
    repair_window_secs: Option<u64>,
    repair_backoff_secs: Option<u64>,
    verify_after_secs: Option<u64>,
    verify_hold_secs: Option<u64>,
    flap_reopens: Option<u32>,
    flap_window_secs: Option<u64>,
    alert_rules: Option<Vec<FileAlertRule>>,
    runaway_cpu_percent: Option<f64>,
    runaway_memory_percent: Option<f64>,
    runaway_sweeps: Option<u32>,
    runaway_names: Option<Vec<String>>,
    gpu_hog_kill: Option<bool>,
    ollama_unload_stuck: Option<bool>,
    gpus: Option<bool>,
    history_days: Option<u64>,
    webhook: Option<String>,
    run_timeout_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAlertRule {
    alertname: String,
    #[serde(default = "default_alert_label")]
    label: String,
    runbook: String,
}

fn default_alert_label() -> String {
    "container".to_owned()
}

fn alert_rules(
    rules: Vec<FileAlertRule>,
) -> Result<Vec<warden_core::monitor::AlertRule>, ConfigError> {
    rules
        .into_iter()
        .enumerate()
        .map(|(i, rule)| {
            let key = format!("monitor.alert_rules[{i}]");
            if rule.alertname.trim().is_empty() || rule.label.trim().is_empty() {
                return Err(ConfigError::new(key, "needs an alertname and a label"));
            }
            let runbook = warden_core::monitor::AlertRunbook::parse(&rule.runbook)
                .map_err(|m| ConfigError::new(format!("{key}.runbook"), m))?;
            Ok(warden_core::monitor::AlertRule {
                alertname: rule.alertname,
                label: rule.label,
                runbook,
            })
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileGuard {
    policy_dir: Option<PathBuf>,
    approval_ttl_secs: Option<u64>,
    approval_webhook: Option<String>,
    runsc: Option<PathBuf>,
    sandbox: Option<bool>,
    sandbox_backend: Option<String>,
    sandbox_image: Option<String>,
    sandbox_runtime: Option<String>,
    docker_cli: Option<PathBuf>,
    setpriv: Option<PathBuf>,
    hidden_paths: Option<Vec<PathBuf>>,
    contained_memory_mb: Option<u64>,
    contained_cpu_secs: Option<u64>,
    contained_processes: Option<u64>,
    contained_file_mb: Option<u64>,
    contained_open_files: Option<u64>,
    require_second_person: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLlm {
    call_timeout_secs: Option<u64>,
    max_iterations: Option<u32>,
    run_deadline_secs: Option<u64>,
    first_byte_timeout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    breaker_failures: Option<u32>,
    breaker_cooldown_secs: Option<u64>,
    daily_tokens_per_user: Option<u64>,
    daily_tokens_per_api_key: Option<u64>,
    #[serde(default)]
    daily_token_budgets: std::collections::BTreeMap<String, u64>,
    budget_fallback_percent: Option<u8>,
    #[serde(default)]
    models: Vec<FileLlmModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLlmModel {
    name: String,
    api: String,
    url: String,
    model: String,
    #[serde(default = "default_tier")]
    tier: String,
    #[serde(default = "default_tools")]
    tools: String,
    context_tokens: Option<u32>,
}

fn default_tier() -> String {
    "fast".to_owned()
}

fn default_tools() -> String {
    "native".to_owned()
}

/// A configured context window: at least 512 tokens (smaller cannot hold a request).
pub(super) fn context_tokens(value: Option<u32>, key: &str) -> Result<Option<u32>, ConfigError> {
    match value {
        Some(tokens) if tokens < warden_llm::context::MIN_CONTEXT_TOKENS => Err(ConfigError::new(
            key,
            format!(
                "{tokens} is too small; a context window is at least {} tokens",
                warden_llm::context::MIN_CONTEXT_TOKENS
            ),
        )),
        other => Ok(other),
    }
}

fn llm_models(models: Vec<FileLlmModel>) -> Result<Vec<super::LlmModelConfig>, ConfigError> {
    let mut seen = std::collections::BTreeSet::new();
    models
        .into_iter()
        .map(|m| {
            let key = format!("llm.models.{}", m.name);
            if m.name.is_empty() || m.name == "auto" || !seen.insert(m.name.clone()) {
                return Err(ConfigError::new(
                    "llm.models",
                    format!("model name '{}' is empty, 'auto' or used twice", m.name),
                ));
            }
            let api = match m.api.as_str() {
                "ollama" => super::LlmApi::Ollama,
                "openai" => super::LlmApi::OpenAi,
                other => {
                    return Err(ConfigError::new(
                        format!("{key}.api"),
                        format!("'{other}' is not one of: ollama, openai"),
                    ));
                }
            };
            if !(m.url.starts_with("http://") || m.url.starts_with("https://")) {
                return Err(ConfigError::new(
                    format!("{key}.url"),
                    format!("'{}' must start with http:// or https://", m.url),
                ));
            }
            // Warden adds `/v1/...` to an OpenAI-compatible server's URL itself, while most
            // servers document their base URL with the `/v1` (vLLM, llama.cpp, the OpenAI client
            // libraries): both spellings name the same server, so the `/v1` is taken off here
            // rather than asking `/v1/v1/models`.
            let mut m = m;
            if api == super::LlmApi::OpenAi {
                let trimmed = m.url.trim_end_matches('/');
                if let Some(base) = trimmed.strip_suffix("/v1") {
                    m.url = base.to_owned();
                }
            }
            let heavy = match m.tier.as_str() {
                "fast" => false,
                "heavy" => true,
                other => {
                    return Err(ConfigError::new(
                        format!("{key}.tier"),
                        format!("'{other}' is not one of: fast, heavy"),
                    ));
                }
            };
            let native_tools = match m.tools.as_str() {
                "native" => true,
                "text" => false,
                other => {
                    return Err(ConfigError::new(
                        format!("{key}.tools"),
                        format!("'{other}' is not one of: native, text"),
                    ));
                }
            };
            Ok(super::LlmModelConfig {
                name: m.name,
                api,
                url: m.url,
                model: m.model,
                heavy,
                native_tools,
                api_key: None,
                context_tokens: context_tokens(m.context_tokens, &format!("{key}.context_tokens"))?,
            })
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTools {
    file_roots: Option<Vec<PathBuf>>,
    git_roots: Option<Vec<PathBuf>>,
    docker_host: Option<String>,
    net_allow: Option<Vec<String>>,
    docker_timeout_secs: Option<u64>,
    ollama_url: Option<String>,
    #[serde(default)]
    ssh: FileSsh,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSsh {
    known_hosts: Option<PathBuf>,
    #[serde(default)]
    hosts: Vec<FileSshHost>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSshHost {
    name: String,
    address: String,
    #[serde(default = "default_ssh_port")]
    port: u16,
    user: String,
    key_file: PathBuf,
}

fn default_ssh_port() -> u16 {
    22
}

/// Checks the SSH hosts: plain unique names, a port, absolute key files.
fn ssh_hosts(hosts: Vec<FileSshHost>) -> Result<Vec<warden_tool_ssh::SshHost>, ConfigError> {
    let mut seen = std::collections::BTreeSet::new();
    hosts
        .into_iter()
        .map(|h| {
            let key = format!("tools.ssh.hosts.{}", h.name);
            let plain = !h.name.is_empty()
                && h.name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            if !plain {
                return Err(ConfigError::new(
                    "tools.ssh.hosts",
                    format!(
                        "host name '{}' may contain only letters, digits, '.', '_' and '-'",
                        h.name
                    ),
                ));
            }
            if !seen.insert(h.name.clone()) {
                return Err(ConfigError::new(key, "is configured twice"));
            }
            if h.port == 0 {
                return Err(ConfigError::new(
                    format!("{key}.port"),
                    "must be between 1 and 65535",
                ));
            }
            if !h.key_file.is_absolute() {
                return Err(ConfigError::new(
                    format!("{key}.key_file"),
                    format!("'{}' is not an absolute path", h.key_file.display()),
                ));
            }
            if h.address.is_empty() || h.user.is_empty() {
                return Err(ConfigError::new(key, "needs an address and a user"));
            }
            Ok(warden_tool_ssh::SshHost {
                name: h.name,
                address: h.address,
                port: h.port,
                user: h.user,
                key_file: h.key_file,
            })
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAuth {
    access_token_ttl_secs: Option<u64>,
    refresh_token_ttl_secs: Option<u64>,
    ws_ticket_ttl_secs: Option<u64>,
    lockout_max_failures: Option<u32>,
    lockout_window_secs: Option<u64>,
    max_concurrent_hashes: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRateLimit {
    per_minute: Option<u32>,
    #[serde(default)]
    routes: BTreeMap<String, u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHttp {
    body_limit_bytes: Option<usize>,
    request_timeout_secs: Option<u64>,
    max_concurrent_requests: Option<usize>,
    header_read_timeout_secs: Option<u64>,
    keep_alive_idle_secs: Option<u64>,
    body_read_timeout_secs: Option<u64>,
    max_uri_bytes: Option<usize>,
    max_header_bytes: Option<usize>,
    max_headers: Option<usize>,
    max_connections: Option<usize>,
    max_websockets_per_credential: Option<usize>,
    websocket_silence_secs: Option<u64>,
    cors_origins: Option<Vec<String>>,
    trusted_proxies: Option<Vec<String>>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
}

pub(super) fn apply(config: &mut Config, path: &Path, text: &str) -> Result<(), ConfigError> {
    let file: FileConfig = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| line_col(text, span.start))
            .map(|(line, col)| format!(" at line {line}, column {col}"))
            .unwrap_or_default();
        ConfigError::new(
            path.display().to_string(),
            format!("{}{location}", e.message()),
        )
    })?;
    if let Some(listen) = file.listen {
        config.listen = listen.parse().map_err(|_| {
            ConfigError::new(
                "listen",
                format!("'{listen}' is not a socket address like 127.0.0.1:8080"),
            )
        })?;
    }
    if let Some(dir) = file.data_dir {
        config.data_dir = dir;
    }
    config.database_url = file.database_url.or(config.database_url.take());
    let auth = &mut config.auth;
    set(
        &mut auth.access_token_ttl_secs,
        file.auth.access_token_ttl_secs,
    );
    set(
        &mut auth.refresh_token_ttl_secs,
        file.auth.refresh_token_ttl_secs,
    );
    set(&mut auth.ws_ticket_ttl_secs, file.auth.ws_ticket_ttl_secs);
    set(
        &mut auth.lockout_max_failures,
        file.auth.lockout_max_failures,
    );
    set(&mut auth.lockout_window_secs, file.auth.lockout_window_secs);
    set(
        &mut auth.max_concurrent_hashes,
        file.auth.max_concurrent_hashes,
    );
    set(
        &mut config.rate_limit.per_minute,
        file.rate_limit.per_minute,
    );
    config.rate_limit.routes.extend(file.rate_limit.routes);
    let http = &mut config.http;
    set(&mut http.body_limit_bytes, file.http.body_limit_bytes);
    set(
        &mut http.request_timeout_secs,
        file.http.request_timeout_secs,
    );
    set(
        &mut http.max_concurrent_requests,
        file.http.max_concurrent_requests,
    );
    set(
        &mut http.header_read_timeout_secs,
        file.http.header_read_timeout_secs,
    );
    set(
        &mut http.keep_alive_idle_secs,
        file.http.keep_alive_idle_secs,
    );
    set(&mut http.max_connections, file.http.max_connections);
    set(
        &mut http.body_read_timeout_secs,
        file.http.body_read_timeout_secs,
    );
    set(&mut http.max_uri_bytes, file.http.max_uri_bytes);
    set(&mut http.max_header_bytes, file.http.max_header_bytes);
    set(&mut http.max_headers, file.http.max_headers);
    set(
        &mut http.max_websockets_per_credential,
        file.http.max_websockets_per_credential,
    );
    set(
        &mut http.websocket_silence_secs,
        file.http.websocket_silence_secs,
    );
    set(&mut http.cors_origins, file.http.cors_origins);
    set(&mut http.tls_cert, file.http.tls_cert.map(Some));
    set(&mut http.tls_key, file.http.tls_key.map(Some));
    for (key, roots) in [
        ("tools.file_roots", &file.tools.file_roots),
        ("tools.git_roots", &file.tools.git_roots),
    ] {
        if let Some(relative) = roots.iter().flatten().find(|p| !p.is_absolute()) {
            return Err(ConfigError::new(
                key,
                format!("'{}' is not an absolute path", relative.display()),
            ));
        }
    }
    set(&mut config.tools.file_roots, file.tools.file_roots);
    set(&mut config.tools.git_roots, file.tools.git_roots);
    if let Some(entries) = file.tools.net_allow {
        config.tools.net_allow = warden_tool_net::AllowList::parse(&entries)
            .map_err(|m| ConfigError::new("tools.net_allow", m))?;
    }
    if let Some(host) = file.tools.docker_host {
        if !["unix://", "tcp://", "http://"]
            .iter()
            .any(|p| host.starts_with(p))
        {
            return Err(ConfigError::new(
                "tools.docker_host",
                format!("'{host}' must start with unix://, tcp:// or http://"),
            ));
        }
        config.tools.docker_host = Some(host);
    }
    set(
        &mut config.tools.docker_timeout_secs,
        file.tools.docker_timeout_secs.map(Some),
    );
    if let Some(path) = &file.tools.ssh.known_hosts
        && !path.is_absolute()
    {
        return Err(ConfigError::new(
            "tools.ssh.known_hosts",
            format!("'{}' is not an absolute path", path.display()),
        ));
    }
    set(
        &mut config.tools.ssh_known_hosts,
        file.tools.ssh.known_hosts.map(Some),
    );
    config.tools.ssh_hosts = ssh_hosts(file.tools.ssh.hosts)?;
    set(
        &mut config.tools.ollama_url,
        file.tools.ollama_url.map(Some),
    );
    set(
        &mut config.llm.call_timeout_secs,
        file.llm.call_timeout_secs,
    );
    set(&mut config.llm.max_iterations, file.llm.max_iterations);
    set(
        &mut config.llm.run_deadline_secs,
        file.llm.run_deadline_secs,
    );
    set(
        &mut config.llm.first_byte_timeout_secs,
        file.llm.first_byte_timeout_secs,
    );
    set(
        &mut config.llm.idle_timeout_secs,
        file.llm.idle_timeout_secs,
    );
    set(&mut config.llm.breaker_failures, file.llm.breaker_failures);
    set(
        &mut config.llm.breaker_cooldown_secs,
        file.llm.breaker_cooldown_secs,
    );
    config.llm.models = llm_models(file.llm.models)?;
    set(
        &mut config.llm.daily_tokens_per_user,
        file.llm.daily_tokens_per_user.map(Some),
    );
    set(
        &mut config.llm.daily_tokens_per_api_key,
        file.llm.daily_tokens_per_api_key.map(Some),
    );
    for actor in file.llm.daily_token_budgets.keys() {
        let valid = actor
            .split_once(':')
            .is_some_and(|(kind, name)| matches!(kind, "user" | "api_key") && !name.is_empty());
        if !valid {
            return Err(ConfigError::new(
                "llm.daily_token_budgets",
                format!("'{actor}' is not user:NAME or api_key:NAME"),
            ));
        }
    }
    config.llm.daily_token_budgets = file.llm.daily_token_budgets;
    if let Some(percent) = file.llm.budget_fallback_percent {
        if percent > 100 {
            return Err(ConfigError::new(
                "llm.budget_fallback_percent",
                format!("{percent} is not a percentage (0 to 100)"),
            ));
        }
        config.llm.budget_fallback_percent = percent;
    }
    set(
        &mut config.guard.policy_dir,
        file.guard.policy_dir.map(Some),
    );
    set(
        &mut config.guard.approval_ttl_secs,
        file.guard.approval_ttl_secs,
    );
    set(
        &mut config.guard.approval_webhook,
        file.guard.approval_webhook.map(Some),
    );
    set(&mut config.guard.runsc, file.guard.runsc);
    set(&mut config.guard.sandbox, file.guard.sandbox);
    if let Some(kind) = file.guard.sandbox_backend {
        config.guard.sandbox_backend = kind
            .parse()
            .map_err(|m| ConfigError::new("guard.sandbox_backend", m))?;
    }
    set(&mut config.guard.sandbox_image, file.guard.sandbox_image);
    set(
        &mut config.guard.sandbox_runtime,
        file.guard.sandbox_runtime,
    );
    set(&mut config.guard.docker_cli, file.guard.docker_cli);
    set(&mut config.guard.setpriv, file.guard.setpriv);
    if let Some(relative) = file
        .guard
        .hidden_paths
        .iter()
        .flatten()
        .find(|p| !p.is_absolute())
    {
        return Err(ConfigError::new(
            "guard.hidden_paths",
            format!("'{}' is not an absolute path", relative.display()),
        ));
    }
    set(&mut config.guard.hidden_paths, file.guard.hidden_paths);
    let g = &mut config.guard;
    set(&mut g.contained_memory_mb, file.guard.contained_memory_mb);
    set(&mut g.contained_cpu_secs, file.guard.contained_cpu_secs);
    set(&mut g.contained_processes, file.guard.contained_processes);
    set(&mut g.contained_file_mb, file.guard.contained_file_mb);
    set(&mut g.contained_open_files, file.guard.contained_open_files);
    set(
        &mut config.guard.require_second_person,
        file.guard.require_second_person,
    );
    let (m, f) = (&mut config.monitor, file.monitor);
    set(&mut m.enabled, f.enabled);
    set(&mut m.interval_secs, f.interval_secs);
    set(&mut m.disk_percent, f.disk_percent);
    set(&mut m.load_per_core, f.load_per_core);
    set(&mut m.memory_percent, f.memory_percent);
    set(&mut m.gpu_temperature_c, f.gpu_temperature_c);
    set(&mut m.gpu_memory_percent, f.gpu_memory_percent);
    set(&mut m.hysteresis_percent, f.hysteresis_percent);
    set(&mut m.autoheal, f.autoheal);
    set(&mut m.autoheal_label, f.autoheal_label);
    set(&mut m.disk_mounts, f.disk_mounts);
    set(&mut m.watch_label, f.watch_label.map(Some));
    set(&mut m.prune_label, f.prune_label.map(Some));
    set(&mut m.ssh_hosts, f.ssh_hosts.map(Some));
    set(&mut m.repair_budget, f.repair_budget);
    set(&mut m.repair_window_secs, f.repair_window_secs);
    set(&mut m.repair_backoff_secs, f.repair_backoff_secs);
    set(&mut m.verify_after_secs, f.verify_after_secs);
    set(&mut m.verify_hold_secs, f.verify_hold_secs);
    set(&mut m.flap_reopens, f.flap_reopens);
    set(&mut m.flap_window_secs, f.flap_window_secs);
    if let Some(rules) = f.alert_rules {
        m.alert_rules = alert_rules(rules)?;
    }
    set(&mut m.runaway_cpu_percent, f.runaway_cpu_percent.map(Some));
    set(
        &mut m.runaway_memory_percent,
        f.runaway_memory_percent.map(Some),
    );
    set(&mut m.runaway_sweeps, f.runaway_sweeps);
    set(&mut m.runaway_names, f.runaway_names);
    set(&mut m.gpu_hog_kill, f.gpu_hog_kill);
    set(&mut m.ollama_unload_stuck, f.ollama_unload_stuck);
    set(&mut m.gpus, f.gpus);
    set(&mut m.history_days, f.history_days);
    set(&mut m.webhook, f.webhook.map(Some));
    set(&mut m.run_timeout_secs, f.run_timeout_secs);
    config.automation.tasks = super::automation::tasks(file.task)?;
    config.automation.hooks = super::automation::hooks(file.hook, &config.automation.tasks)?;
    super::fleet::apply_file(&mut config.fleet, file.fleet)?;
    if let Some(proxies) = file.http.trusted_proxies {
        http.trusted_proxies = proxies
            .iter()
            .map(|p| IpNet::from_str(p).map_err(|m| ConfigError::new("http.trusted_proxies", m)))
            .collect::<Result<_, _>>()?;
    }
    file.memory.apply(&mut config.memory)?;
    Ok(())
}

fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
