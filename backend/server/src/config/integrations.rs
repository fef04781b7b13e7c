//! `[notify]` with its `[[notify.channel]]`s and `[[mcp.server]]`: the integrations' settings.
//! Secrets (tokens, HMAC keys, SMTP passwords, webhook URLs that carry a token) are never read
//! from the file: a `*_env` key names the variable that holds them, which must start with
//! `WARDEN_NOTIFY_` or `WARDEN_MCP_`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use warden_notify::{ChannelConfig, ChannelKind, EmailConfig, EventKind, Severity, SmtpTls};

use super::{Config, ConfigError, Secret};

/// Notification channels and their queue (`[notify]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    /// `notify.queue_size`: notifications waiting per channel before new ones are dropped (256).
    pub queue_size: usize,
    /// `notify.retries`: attempts after a failed one, with doubling pauses from 2 s (3).
    pub retries: u32,
    /// `notify.base_url`: Warden's address as people reach it, for links in notifications.
    pub base_url: Option<String>,
    /// `[[notify.channel]]`; the legacy `guard.approval_webhook` and `monitor.webhook` are added
    /// as JSON channels when the server starts.
    pub channels: Vec<ChannelConfig>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            queue_size: 256,
            retries: 3,
            base_url: None,
            channels: Vec::new(),
        }
    }
}

/// How Warden reaches an external MCP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum McpTransport {
    /// A child process speaking MCP on stdin/stdout.
    Stdio {
        command: String,
        args: Vec<String>,
        /// Variables set for the child (its environment is otherwise Warden's, minus
        /// `WARDEN_*`).
        env: BTreeMap<String, String>,
    },
    /// Streamable HTTP.
    Http {
        url: String,
        /// Sent as `Authorization: Bearer`.
        bearer: Option<Secret>,
    },
}

/// One external MCP server (`[[mcp.server]]`) whose tools join the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpServerConfig {
    /// Unique; names the server in logs and the audit.
    pub name: String,
    /// Tools are registered as `PREFIX_TOOL` (letters, digits, `_` and `-`).
    pub prefix: String,
    pub transport: McpTransport,
    /// `timeout_secs`: connecting, listing tools and each call (60).
    pub timeout_secs: u64,
    /// `max_output_bytes`: the most of a result kept (65536); more is cut and said to be cut.
    pub max_output_bytes: usize,
}

/// External MCP servers (`[mcp]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct McpConfig {
    pub servers: Vec<McpServerConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileNotify {
    queue_size: Option<usize>,
    retries: Option<u32>,
    base_url: Option<String>,
    #[serde(default)]
    channel: Vec<FileChannel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileChannel {
    name: String,
    kind: String,
    url: Option<String>,
    url_env: Option<String>,
    token_env: Option<String>,
    secret_env: Option<String>,
    #[serde(default)]
    events: Vec<String>,
    min_severity: Option<String>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_tls: Option<String>,
    smtp_username: Option<String>,
    smtp_password_env: Option<String>,
    from: Option<String>,
    #[serde(default)]
    to: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMcp {
    #[serde(default)]
    server: Vec<FileMcpServer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMcpServer {
    name: String,
    prefix: Option<String>,
    command: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    url: Option<String>,
    bearer_env: Option<String>,
    timeout_secs: Option<u64>,
    max_output_bytes: Option<usize>,
}

/// The sections as read from the file, resolved against the environment by [`resolve`].
#[derive(Debug, Default, Deserialize)]
pub(super) struct FileIntegrations {
    #[serde(default)]
    notify: FileNotify,
    #[serde(default)]
    mcp: FileMcp,
}

/// Reads `[notify]` and `[mcp]` from the file's text (already checked by the file's parser,
/// which reports errors with their line).
pub(super) fn read(text: &str) -> Result<FileIntegrations, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::new("notify/mcp", e.message().to_owned()))
}

fn secret_from(
    key: &str,
    variable: &Option<String>,
    prefix: &str,
    env: &BTreeMap<String, String>,
) -> Result<Option<String>, ConfigError> {
    let Some(variable) = variable else {
        return Ok(None);
    };
    if !variable.starts_with(prefix) {
        return Err(ConfigError::new(
            key,
            format!("'{variable}' must name a variable starting with {prefix}"),
        ));
    }
    match env
        .get(variable)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        Some(value) => Ok(Some(value.to_owned())),
        None => Err(ConfigError::new(
            key,
            format!("the variable {variable} is not set (or empty)"),
        )),
    }
}

fn http_url(key: &str, url: &str) -> Result<(), ConfigError> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(ConfigError::new(key, "must be an http:// or https:// URL"))
    }
}

fn channel(c: FileChannel, env: &BTreeMap<String, String>) -> Result<ChannelConfig, ConfigError> {
    let key = |field: &str| format!("notify.channel.{}.{field}", c.name);
    const PREFIX: &str = "WARDEN_NOTIFY_";
    let url = match (
        &c.url,
        secret_from(&key("url_env"), &c.url_env, PREFIX, env)?,
    ) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::new(
                key("url"),
                "give url or url_env, not both",
            ));
        }
        (Some(url), None) => Some(url.clone()),
        (None, from_env) => from_env,
    };
    let need_url = || -> Result<String, ConfigError> {
        let url = url
            .clone()
            .ok_or_else(|| ConfigError::new(key("url"), "is required for this kind"))?;
        http_url(&key("url"), &url)?;
        Ok(url)
    };
    let kind = match c.kind.as_str() {
        "ntfy" => ChannelKind::Ntfy {
            url: need_url()?,
            token: secret_from(&key("token_env"), &c.token_env, PREFIX, env)?,
        },
        "slack" => ChannelKind::Slack { url: need_url()? },
        "mattermost" => ChannelKind::Mattermost { url: need_url()? },
        "discord" => ChannelKind::Discord { url: need_url()? },
        "json" => ChannelKind::Json {
            url: need_url()?,
            secret: secret_from(&key("secret_env"), &c.secret_env, PREFIX, env)?,
        },
        "email" => {
            let host = c
                .smtp_host
                .clone()
                .ok_or_else(|| ConfigError::new(key("smtp_host"), "is required for email"))?;
            let tls = match c.smtp_tls.as_deref().unwrap_or("starttls") {
                "none" => SmtpTls::None,
                "starttls" => SmtpTls::StartTls,
                "tls" => SmtpTls::Tls,
                other => {
                    return Err(ConfigError::new(
                        key("smtp_tls"),
                        format!("'{other}' is not one of: none, starttls, tls"),
                    ));
                }
            };
            let port = c.smtp_port.unwrap_or(match tls {
                SmtpTls::None => 25,
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
            });
            let from = c
                .from
                .clone()
                .ok_or_else(|| ConfigError::new(key("from"), "is required for email"))?;
            if c.to.is_empty() {
                return Err(ConfigError::new(key("to"), "needs at least one address"));
            }
            for address in std::iter::once(&from).chain(&c.to) {
                if !warden_notify::is_mailbox(address) {
                    return Err(ConfigError::new(
                        key("to"),
                        format!("'{address}' is not an email address"),
                    ));
                }
            }
            ChannelKind::Email(EmailConfig {
                host,
                port,
                tls,
                username: c.smtp_username.clone(),
                password: secret_from(
                    &key("smtp_password_env"),
                    &c.smtp_password_env,
                    PREFIX,
                    env,
                )?,
                from,
                to: c.to.clone(),
            })
        }
        other => {
            return Err(ConfigError::new(
                key("kind"),
                format!("'{other}' is not one of: ntfy, slack, mattermost, discord, email, json"),
            ));
        }
    };
    let events = c
        .events
        .iter()
        .map(|name| {
            EventKind::parse(name).ok_or_else(|| {
                ConfigError::new(
                    key("events"),
                    format!(
                        "'{name}' is not one of: {}",
                        EventKind::ALL.map(EventKind::as_str).join(", ")
                    ),
                )
            })
        })
        .collect::<Result<BTreeSet<_>, _>>()?;
    let min_severity = match &c.min_severity {
        None => Severity::Info,
        Some(name) => Severity::parse(name).ok_or_else(|| {
            ConfigError::new(
                key("min_severity"),
                format!("'{name}' is not one of: info, warning, critical"),
            )
        })?,
    };
    Ok(ChannelConfig {
        name: c.name,
        kind,
        events,
        min_severity,
    })
}

fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 24
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn mcp_server(
    s: FileMcpServer,
    env: &BTreeMap<String, String>,
) -> Result<McpServerConfig, ConfigError> {
    let key = |field: &str| format!("mcp.server.{}.{field}", s.name);
    let prefix = s.prefix.clone().unwrap_or_else(|| s.name.clone());
    if !valid_prefix(&prefix) {
        return Err(ConfigError::new(
            key("prefix"),
            format!("'{prefix}' must be 1 to 24 letters, digits, '_' or '-'"),
        ));
    }
    let transport = match (&s.command, &s.url) {
        (Some(command), None) => {
            if command.trim().is_empty() {
                return Err(ConfigError::new(key("command"), "must not be empty"));
            }
            if s.bearer_env.is_some() {
                return Err(ConfigError::new(
                    key("bearer_env"),
                    "only applies to an HTTP server (url)",
                ));
            }
            McpTransport::Stdio {
                command: command.clone(),
                args: s.args.clone(),
                env: s.env.clone(),
            }
        }
        (None, Some(url)) => {
            http_url(&key("url"), url)?;
            McpTransport::Http {
                url: url.clone(),
                bearer: secret_from(&key("bearer_env"), &s.bearer_env, "WARDEN_MCP_", env)?
                    .map(Secret::new),
            }
        }
        (Some(_), Some(_)) | (None, None) => {
            return Err(ConfigError::new(
                key("command"),
                "give either command (a stdio server) or url (an HTTP server)",
            ));
        }
    };
    let timeout_secs = s.timeout_secs.unwrap_or(60);
    let max_output_bytes = s.max_output_bytes.unwrap_or(64 * 1024);
    if timeout_secs == 0 || max_output_bytes < 256 {
        return Err(ConfigError::new(
            key("timeout_secs"),
            "timeout_secs must be above 0 and max_output_bytes at least 256",
        ));
    }
    Ok(McpServerConfig {
        name: s.name,
        prefix,
        transport,
        timeout_secs,
        max_output_bytes,
    })
}

/// Resolves the file's sections against the environment into `config`.
pub(super) fn resolve(
    config: &mut Config,
    file: FileIntegrations,
    env: &BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    let n = file.notify;
    if let Some(size) = n.queue_size {
        if size == 0 || size > 100_000 {
            return Err(ConfigError::new(
                "notify.queue_size",
                "must be between 1 and 100000",
            ));
        }
        config.notify.queue_size = size;
    }
    if let Some(retries) = n.retries {
        if retries > 10 {
            return Err(ConfigError::new("notify.retries", "must be 10 or fewer"));
        }
        config.notify.retries = retries;
    }
    if let Some(base) = &n.base_url {
        http_url("notify.base_url", base)?;
        config.notify.base_url = Some(base.clone());
    }
    let mut names = BTreeSet::new();
    for c in n.channel {
        if c.name.is_empty() || !names.insert(c.name.clone()) {
            return Err(ConfigError::new(
                "notify.channel",
                format!("channel name '{}' is empty or used twice", c.name),
            ));
        }
        config.notify.channels.push(channel(c, env)?);
    }
    let mut names = BTreeSet::new();
    let mut prefixes = BTreeSet::new();
    for s in file.mcp.server {
        if s.name.is_empty() || !names.insert(s.name.clone()) {
            return Err(ConfigError::new(
                "mcp.server",
                format!("server name '{}' is empty or used twice", s.name),
            ));
        }
        let server = mcp_server(s, env)?;
        if !prefixes.insert(server.prefix.clone()) {
            return Err(ConfigError::new(
                format!("mcp.server.{}.prefix", server.name),
                format!("the prefix '{}' is used twice", server.prefix),
            ));
        }
        config.mcp.servers.push(server);
    }
    Ok(())
}

#[cfg(test)]
#[path = "integrations_tests.rs"]
mod tests;
