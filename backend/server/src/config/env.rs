//! `WARDEN_*` variables over the file. A variable Warden does not know is reported: a typo in a
//! deployment's environment should not silently fall back to a default.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use super::{Config, ConfigError, IpNet, Secret};

/// Variables read by other parts of Warden (or its tests) that configuration leaves alone.
/// `WARDEN_API_KEY` is `warden mcp`'s credential; `WARDEN_LOG_FORMAT` is read by the logging
/// set-up, before configuration; `WARDEN_NATS_*` and `WARDEN_AGENT_*` are `warden agent`'s
/// settings.
const PASSED_THROUGH: &[&str] = &[
    "WARDEN_LOG",
    "WARDEN_LOG_FORMAT",
    "WARDEN_CONFIG",
    "WARDEN_API_KEY",
    "WARDEN_NATS_URL",
    "WARDEN_NATS_CREDS",
    "WARDEN_NATS_CA",
    "WARDEN_AGENT_NAME",
    "WARDEN_AGENT_HEARTBEAT_SECS",
    "WARDEN_AGENT_READINGS_SECS",
];
/// Prefixes of variables that `*_env` keys of `[notify]` and `[mcp]` name.
const REFERENCED_PREFIXES: &[&str] = &["WARDEN_NOTIFY_", "WARDEN_MCP_"];

pub(super) fn apply(
    config: &mut Config,
    env: &BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    for (key, value) in env {
        match key.as_str() {
            "WARDEN_LISTEN" => {
                config.listen = parse(key, value, "a socket address like 127.0.0.1:8080")?;
            }
            "WARDEN_DATA_DIR" => {
                if value.trim().is_empty() {
                    return Err(ConfigError::new(key, "must not be empty"));
                }
                config.data_dir = PathBuf::from(value);
            }
            "WARDEN_DATABASE_URL" => {
                config.database_url = non_empty(key, value)?.map(str::to_owned)
            }
            "WARDEN_ADMIN_PASSWORD" => {
                config.admin_password = non_empty(key, value)?.map(Secret::new)
            }
            "WARDEN_JWT_SECRET" => config.jwt_secret = non_empty(key, value)?.map(Secret::new),
            "WARDEN_RATE_LIMIT_PER_MINUTE" => {
                config.rate_limit.per_minute =
                    parse(key, value, "a whole number of requests per minute")?;
            }
            "WARDEN_BODY_LIMIT_BYTES" => {
                config.http.body_limit_bytes = parse(key, value, "a whole number of bytes")?;
            }
            "WARDEN_REQUEST_TIMEOUT_SECS" => {
                config.http.request_timeout_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_ACCESS_TOKEN_TTL_SECS" => {
                config.auth.access_token_ttl_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_REFRESH_TOKEN_TTL_SECS" => {
                config.auth.refresh_token_ttl_secs =
                    parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_TRUSTED_PROXIES" => {
                config.http.trusted_proxies = list(value)
                    .map(|item| IpNet::from_str(item).map_err(|m| ConfigError::new(key, m)))
                    .collect::<Result<_, _>>()?;
            }
            "WARDEN_TLS_CERT" => {
                config.http.tls_cert = non_empty(key, value)?.map(PathBuf::from);
            }
            "WARDEN_TLS_KEY" => {
                config.http.tls_key = non_empty(key, value)?.map(PathBuf::from);
            }
            "WARDEN_CORS_ORIGINS" => {
                config.http.cors_origins = list(value).map(str::to_owned).collect()
            }
            // Read together by `llm_from_environment`.
            "WARDEN_LLM_URL"
            | "WARDEN_LLM_API"
            | "WARDEN_LLM_MODEL"
            | "WARDEN_LLM_API_KEY"
            | "WARDEN_LLM_CONTEXT_TOKENS" => {}
            "WARDEN_LLM_TIMEOUT_SECS" => {
                config.llm.call_timeout_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_LLM_FIRST_BYTE_TIMEOUT_SECS" => {
                config.llm.first_byte_timeout_secs =
                    parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_LLM_IDLE_TIMEOUT_SECS" => {
                config.llm.idle_timeout_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_POLICY_DIR" => config.guard.policy_dir = Some(PathBuf::from(value)),
            "WARDEN_APPROVAL_TTL_SECS" => {
                config.guard.approval_ttl_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_APPROVAL_WEBHOOK" => {
                config.guard.approval_webhook = non_empty(key, value)?.map(str::to_owned);
            }
            "WARDEN_RUNSC" => config.guard.runsc = PathBuf::from(value),
            "WARDEN_SANDBOX_BACKEND" => {
                config.guard.sandbox_backend =
                    value.trim().parse().map_err(|m| ConfigError::new(key, m))?;
            }
            "WARDEN_SANDBOX_IMAGE" => {
                config.guard.sandbox_image = non_empty(key, value)?.unwrap_or_default().to_owned();
            }
            "WARDEN_DOCKER_CLI" => {
                config.guard.docker_cli = PathBuf::from(non_empty(key, value)?.unwrap_or_default());
            }
            "WARDEN_SETPRIV" => config.guard.setpriv = PathBuf::from(value),
            "WARDEN_MONITOR_INTERVAL" => {
                config.monitor.interval_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_MONITOR_WEBHOOK" => {
                config.monitor.webhook = non_empty(key, value)?.map(str::to_owned);
            }
            "WARDEN_ALERTMANAGER_SECRET" => {
                config.monitor.alertmanager_secret = non_empty(key, value)?.map(Secret::new);
            }
            "WARDEN_FILE_ROOTS" => config.tools.file_roots = paths(key, value)?,
            "WARDEN_GIT_ROOTS" => config.tools.git_roots = paths(key, value)?,
            "WARDEN_NET_ALLOW" => {
                let entries: Vec<&str> = list(value).collect();
                config.tools.net_allow = warden_tool_net::AllowList::parse(&entries)
                    .map_err(|m| ConfigError::new(key, m))?;
            }
            "WARDEN_FLEET_NATS_URL" => {
                config.fleet.nats_url = Some(super::fleet::nats_url(key, value)?);
            }
            "WARDEN_FLEET_NATS_CREDS" => {
                config.fleet.creds_file = non_empty(key, value)?.map(PathBuf::from);
            }
            "WARDEN_FLEET_NATS_CA" => {
                config.fleet.ca_file = non_empty(key, value)?.map(PathBuf::from);
            }
            "WARDEN_FLEET_CALL_TIMEOUT_SECS" => {
                config.fleet.call_timeout_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_REQUIRE_SECOND_PERSON" => {
                config.guard.require_second_person = parse(key, value, "true or false")?;
            }
            other if super::memory::apply_env(&mut config.memory, other, value)? => {}
            other
                if PASSED_THROUGH.contains(&other)
                    || other.starts_with("WARDEN_TEST_")
                    || REFERENCED_PREFIXES.iter().any(|p| other.starts_with(p)) => {}
            other => {
                tracing::warn!(
                    variable = other,
                    "unknown WARDEN_ variable ignored; check its spelling"
                );
            }
        }
    }
    Ok(())
}

/// A colon-separated list of absolute paths, like PATH.
fn paths(key: &str, value: &str) -> Result<Vec<PathBuf>, ConfigError> {
    value
        .split(':')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let path = PathBuf::from(p);
            if path.is_absolute() {
                Ok(path)
            } else {
                Err(ConfigError::new(
                    key,
                    format!("'{p}' is not an absolute path"),
                ))
            }
        })
        .collect()
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

fn non_empty<'a>(key: &str, value: &'a str) -> Result<Option<&'a str>, ConfigError> {
    if value.is_empty() {
        Err(ConfigError::new(
            key,
            "is set but empty; unset it or give a value",
        ))
    } else {
        Ok(Some(value))
    }
}

fn parse<T: FromStr>(key: &str, value: &str, expected: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError::new(key, format!("'{value}' is not {expected}")))
}

/// `WARDEN_LLM_URL`, `WARDEN_LLM_API` (`ollama` or `openai`), `WARDEN_LLM_MODEL`,
/// `WARDEN_LLM_API_KEY` and `WARDEN_LLM_CONTEXT_TOKENS` describe one model, put first in the
/// catalogue (named after the model).
pub(super) fn llm_from_environment(
    config: &mut Config,
    env: &BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    let Some(url) = env.get("WARDEN_LLM_URL") else {
        for key in [
            "WARDEN_LLM_API",
            "WARDEN_LLM_MODEL",
            "WARDEN_LLM_API_KEY",
            "WARDEN_LLM_CONTEXT_TOKENS",
        ] {
            if env.contains_key(key) {
                return Err(ConfigError::new(
                    key,
                    "is set but WARDEN_LLM_URL is not; set the backend URL too",
                ));
            }
        }
        return Ok(());
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ConfigError::new(
            "WARDEN_LLM_URL",
            format!("'{url}' must start with http:// or https://"),
        ));
    }
    let api = match env.get("WARDEN_LLM_API").map(String::as_str) {
        None | Some("ollama") => super::LlmApi::Ollama,
        Some("openai") => super::LlmApi::OpenAi,
        Some(other) => {
            return Err(ConfigError::new(
                "WARDEN_LLM_API",
                format!("'{other}' is not one of: ollama, openai"),
            ));
        }
    };
    let model = env
        .get("WARDEN_LLM_MODEL")
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| {
            ConfigError::new(
                "WARDEN_LLM_MODEL",
                "is required with WARDEN_LLM_URL (the backend's model name)",
            )
        })?;
    let context_tokens = match env.get("WARDEN_LLM_CONTEXT_TOKENS") {
        Some(value) => super::file::context_tokens(
            Some(value.trim().parse().map_err(|_| {
                ConfigError::new(
                    "WARDEN_LLM_CONTEXT_TOKENS",
                    format!("'{value}' is not a whole number of tokens"),
                )
            })?),
            "WARDEN_LLM_CONTEXT_TOKENS",
        )?,
        None => None,
    };
    config.llm.models.insert(
        0,
        super::LlmModelConfig {
            name: model.clone(),
            api,
            url: url.clone(),
            model: model.clone(),
            heavy: false,
            native_tools: true,
            api_key: env.get("WARDEN_LLM_API_KEY").map(Secret::new),
            context_tokens,
        },
    );
    Ok(())
}
