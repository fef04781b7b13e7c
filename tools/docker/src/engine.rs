use bollard::Docker;
use bollard::errors::Error as DockerError;
use tokio::sync::Mutex;
use warden_tool_api::ToolError;

/// A lazily connected, version-negotiated client, dropped after a connection failure so the next
/// call connects afresh (the daemon may have restarted).
pub struct Engine {
    host: Option<String>,
    client: Mutex<Option<Docker>>,
}

const TIMEOUT_SECS: u64 = 60;

impl Engine {
    pub fn new(host: Option<String>) -> Self {
        Self {
            host,
            client: Mutex::new(None),
        }
    }

    fn describe_host(&self) -> String {
        self.host
            .clone()
            .or_else(|| std::env::var("DOCKER_HOST").ok())
            .unwrap_or_else(|| "unix:///var/run/docker.sock".to_owned())
    }

    pub async fn client(&self) -> Result<Docker, ToolError> {
        let mut slot = self.client.lock().await;
        if let Some(client) = slot.as_ref() {
            return Ok(client.clone());
        }
        let connected = match &self.host {
            Some(host) if host.starts_with("unix://") => {
                Docker::connect_with_unix(host, TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
            }
            Some(host) => {
                Docker::connect_with_http(host, TIMEOUT_SECS, bollard::API_DEFAULT_VERSION)
            }
            None => Docker::connect_with_defaults(),
        }
        .map_err(|e| self.unavailable(&e))?;
        let negotiated = connected
            .negotiate_version()
            .await
            .map_err(|e| self.unavailable(&e))?;
        *slot = Some(negotiated.clone());
        Ok(negotiated)
    }

    fn unavailable(&self, e: &DockerError) -> ToolError {
        ToolError::Unavailable(format!(
            "the Docker daemon at {} is not reachable: {e}",
            self.describe_host()
        ))
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
            DockerError::HyperLegacyError { .. }
            | DockerError::IOError { .. }
            | DockerError::RequestTimeoutError
            | DockerError::SocketNotFoundError(_) => {
                *self.client.lock().await = None;
                self.unavailable(&e)
            }
            _ => ToolError::Failed(format!("{what}: {e}")),
        }
    }
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
