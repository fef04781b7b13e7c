use std::time::{Duration, Instant};

use bollard::Docker;
use bollard::errors::Error as DockerError;
use tokio::sync::Mutex;
use warden_tool_api::ToolError;

/// A lazily connected, version-negotiated client, dropped after a connection failure so the next
/// call connects afresh (the daemon may have restarted).
///
/// A daemon that accepts connections and never answers is bounded: negotiating a connection and
/// every read wait at most the answer timeout (the daemon must start answering by then), and a
/// failed negotiation is remembered for as long, so callers queued behind it fail at once
/// instead of each waiting its own turn.
pub struct Engine {
    host: Option<String>,
    client: Mutex<Slot>,
    answer_timeout: Duration,
}

enum Slot {
    Empty,
    Connected(Docker),
    /// The last negotiation failed at this instant, with this error.
    Failed(Instant, String),
}

/// How long actions (stop, restart, prune) may take before the daemon answers, with a
/// configured host (bollard's own default, two minutes, otherwise).
const ACTION_TIMEOUT_SECS: u64 = 60;
/// How long the daemon may take to start answering a read or a negotiation, by default.
pub const DEFAULT_ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

impl Engine {
    pub fn new(host: Option<String>) -> Self {
        Self {
            host,
            client: Mutex::new(Slot::Empty),
            answer_timeout: DEFAULT_ANSWER_TIMEOUT,
        }
    }

    /// Sets how long the daemon may take to start answering a read or a connection's version
    /// negotiation (default [`DEFAULT_ANSWER_TIMEOUT`]).
    pub fn with_answer_timeout(mut self, timeout: Duration) -> Self {
        self.answer_timeout = timeout;
        self
    }

    /// Where the daemon is, for messages.
    pub fn describe_host(&self) -> String {
        self.host
            .clone()
            .or_else(|| std::env::var("DOCKER_HOST").ok())
            .unwrap_or_else(|| "unix:///var/run/docker.sock".to_owned())
    }

    /// Whether the daemon runs on this host (a Unix socket), so this host's kernel is its own.
    pub fn is_local(&self) -> bool {
        self.describe_host().starts_with("unix://")
    }

    /// A client for actions, which may take a minute or two before the daemon answers.
    pub async fn client(&self) -> Result<Docker, ToolError> {
        let mut slot = self.client.lock().await;
        match &*slot {
            Slot::Connected(client) => return Ok(client.clone()),
            Slot::Failed(at, error) if at.elapsed() < self.answer_timeout => {
                return Err(ToolError::Unavailable(error.clone()));
            }
            Slot::Failed(..) | Slot::Empty => {}
        }
        let connected = match &self.host {
            Some(host) if host.starts_with("unix://") => {
                Docker::connect_with_unix(host, ACTION_TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
            }
            Some(host) => {
                Docker::connect_with_http(host, ACTION_TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
            }
            None => Docker::connect_with_defaults(),
        }
        .map_err(|e| self.unavailable(&e))?;
        let action_timeout = connected.timeout();
        let negotiated = match tokio::time::timeout(
            self.answer_timeout,
            connected
                .with_timeout(self.answer_timeout)
                .negotiate_version(),
        )
        .await
        {
            Ok(Ok(negotiated)) => Ok(negotiated),
            Ok(Err(DockerError::RequestTimeoutError)) | Err(_) => Err(self.silent()),
            Ok(Err(e)) => Err(self.unreachable(&e)),
        };
        match negotiated {
            Ok(negotiated) => {
                let client = negotiated.with_timeout(action_timeout);
                *slot = Slot::Connected(client.clone());
                Ok(client)
            }
            Err(message) => {
                *slot = Slot::Failed(Instant::now(), message.clone());
                Err(ToolError::Unavailable(message))
            }
        }
    }

    /// A client for reads: the daemon must start answering within the answer timeout.
    pub async fn reader(&self) -> Result<Docker, ToolError> {
        Ok(self.client().await?.with_timeout(self.answer_timeout))
    }

    /// Whether the daemon answers now, for readiness checks: its version.
    pub async fn ping(&self) -> Result<String, ToolError> {
        let client = self.reader().await?;
        match client.version().await {
            Ok(version) => Ok(version.version.unwrap_or_else(|| "unknown".to_owned())),
            Err(e) => Err(self.error(e, "version").await),
        }
    }

    fn silent(&self) -> String {
        format!(
            "the Docker daemon at {} accepted the connection but did not answer within {} s",
            self.describe_host(),
            self.answer_timeout.as_secs()
        )
    }

    fn unreachable(&self, e: &DockerError) -> String {
        format!(
            "the Docker daemon at {} is not reachable: {}",
            self.describe_host(),
            cause(e)
        )
    }

    fn unavailable(&self, e: &DockerError) -> ToolError {
        ToolError::Unavailable(self.unreachable(e))
    }

    /// Maps a failed API call: 404 to not found, connection trouble to unavailable (and forgets
    /// the client), anything else to a failure with the daemon's message.
    // bollard's error has some thirty variants; all but those named are plain failures.
    #[allow(clippy::wildcard_enum_match_arm)]
    pub async fn error(&self, e: DockerError, what: &str) -> ToolError {
        match &e {
            DockerError::DockerResponseServerError {
                status_code: 404,
                message,
            } => ToolError::NotFound(format!("{what}: {message}")),
            DockerError::DockerResponseServerError {
                status_code,
                message,
            } => ToolError::Failed(format!(
                "{what}: the daemon answered {status_code}: {message}"
            )),
            DockerError::RequestTimeoutError => {
                *self.client.lock().await = Slot::Empty;
                ToolError::Unavailable(format!(
                    "{what}: the Docker daemon at {} did not answer in time",
                    self.describe_host()
                ))
            }
            DockerError::HyperLegacyError { .. }
            | DockerError::IOError { .. }
            | DockerError::SocketNotFoundError(_) => {
                *self.client.lock().await = Slot::Empty;
                self.unavailable(&e)
            }
            _ => ToolError::Failed(format!("{what}: {e}")),
        }
    }
}

/// An error with every cause under it (bollard's own words stop at "client error (Connect)"),
/// and what the operating system's error means for reaching a daemon.
fn cause(e: &DockerError) -> String {
    let mut said = vec![e.to_string()];
    // bollard looks for the socket file itself before connecting.
    let mut os =
        matches!(e, DockerError::SocketNotFoundError(_)).then_some(std::io::ErrorKind::NotFound);
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        let words = inner.to_string();
        if !said.iter().any(|s| s.contains(&words)) {
            said.push(words);
        }
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            os = Some(io.kind());
        }
        source = inner.source();
    }
    let hint = match os {
        Some(std::io::ErrorKind::PermissionDenied) => {
            " (EACCES: the user running Warden may not open the socket; add it to the socket's group, or use a socket proxy)"
        }
        Some(std::io::ErrorKind::NotFound) => {
            " (ENOENT: no socket at that path; is dockerd running, and is tools.docker_host right?)"
        }
        Some(std::io::ErrorKind::ConnectionRefused) => {
            " (ECONNREFUSED: nothing listens there; is dockerd running?)"
        }
        Some(_) | None => "",
    };
    format!("{}{hint}", said.join(": "))
}

/// A container name or id: no option-like or path-like text reaches the API.
pub fn check_container(name: &str) -> Result<(), ToolError> {
    let trimmed = name.strip_prefix('/').unwrap_or(name);
    let ok = !trimmed.is_empty()
        && trimmed.len() <= 128
        && trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ToolError::InvalidArguments(format!(
            "'{name}' is not a container name or id (letters, digits, '_', '.', '-', starting with a letter or digit)"
        )))
    }
}

/// `10m`, `2h`, `30s`, `1d`, or Unix seconds, to Unix seconds.
pub fn parse_since(since: &str, now: i64) -> Result<i64, ToolError> {
    let bad = || {
        ToolError::InvalidArguments(format!(
            "since '{since}' must be a duration like 10m, 2h, 1d, or Unix seconds"
        ))
    };
    let since = since.trim();
    if let Ok(seconds) = since.parse::<i64>() {
        return if seconds >= 0 {
            Ok(seconds)
        } else {
            Err(bad())
        };
    }
    let (digits, unit) = since.split_at(since.len().saturating_sub(1));
    let amount: i64 = digits.parse().map_err(|_| bad())?;
    let multiplier = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    Ok(now - amount.checked_mul(multiplier).ok_or_else(bad)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_and_durations() {
        for ok in ["web", "my_app.1-x", "/web", "4f2a9c1e8b7d"] {
            assert!(check_container(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-rf", "../x", "a b", "a/b", &"x".repeat(200)] {
            assert!(check_container(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_since("10m", 1000).ok(), Some(400));
        assert_eq!(parse_since("1700000000", 0).ok(), Some(1_700_000_000));
        assert!(parse_since("soon", 0).is_err());
        assert!(parse_since("5w", 0).is_err());
    }
}
