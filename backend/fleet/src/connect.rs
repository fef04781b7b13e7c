//! Connecting out to NATS. Agents and the hub only ever dial out: nothing here listens. Every
//! request is bounded by a timeout, and a credentials file is parsed before it is used.

use std::path::PathBuf;
use std::time::Duration;

use async_nats::{Client, ConnectOptions, Event};

use crate::FleetError;

/// How long a connection attempt may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long any request (JetStream API, publish ack) may wait for its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest credentials file read.
const MAX_CREDS_BYTES: u64 = 64 * 1024;

/// Where and as whom to connect.
#[derive(Debug, Clone)]
pub struct ConnectSettings {
    /// `nats://host:port` or `tls://host:port` (several separated by commas); user and password
    /// may be given in the URL.
    pub url: String,
    /// A NATS credentials file: a user JWT with its NKEY seed (`nsc`'s `.creds`), or an NKEY
    /// user seed alone (`SU...`). None: connect without (a bare test server, or URL
    /// credentials).
    pub creds_file: Option<PathBuf>,
    /// A PEM file of certificate authorities to trust for TLS, besides the system's.
    pub ca_file: Option<PathBuf>,
    /// The client name the server shows (`warden-agent-NAME`, `warden-hub`).
    pub client_name: String,
    /// Replies come to subjects under this prefix (an agent's credentials allow only its own).
    pub inbox_prefix: Option<String>,
}

/// Connects, failing after [`CONNECT_TIMEOUT`] when the server does not answer. Reconnects later
/// on their own (with backoff) once the first connection succeeded.
pub async fn connect(settings: &ConnectSettings) -> Result<Client, FleetError> {
    connect_reporting(settings, None).await
}

/// As [`connect`], and every permissions violation the server reports on this connection (a
/// publish or subscription its credentials do not allow) is sent to `violations` as the server
/// worded it.
pub async fn connect_reporting(
    settings: &ConnectSettings,
    violations: Option<tokio::sync::mpsc::UnboundedSender<String>>,
) -> Result<Client, FleetError> {
    let mut options = match &settings.creds_file {
        None => ConnectOptions::new(),
        Some(path) => credentials(path).await?,
    };
    if let Some(ca) = &settings.ca_file {
        options = options.add_root_certificates(ca.clone()).require_tls(true);
    }
    if let Some(prefix) = &settings.inbox_prefix {
        options = options.custom_inbox_prefix(prefix);
    }
    let client_name = settings.client_name.clone();
    options = options
        .name(&settings.client_name)
        .connection_timeout(CONNECT_TIMEOUT)
        .request_timeout(Some(REQUEST_TIMEOUT))
        .event_callback(move |event| {
            let client_name = client_name.clone();
            let violations = violations.clone();
            async move {
                log_event(&client_name, &event);
                if let (Event::ServerError(e), Some(violations)) = (&event, &violations) {
                    let text = e.to_string();
                    if text.contains("Permissions Violation") {
                        let _ = violations.send(text);
                    }
                }
            }
        });
    let urls: Vec<String> = settings
        .url
        .split(',')
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return Err(FleetError::Config("the NATS URL is empty".to_owned()));
    }
    let addrs: Vec<async_nats::ServerAddr> = urls
        .iter()
        .map(|u| {
            u.parse()
                .map_err(|e| FleetError::Config(format!("NATS URL {u:?}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    match tokio::time::timeout(CONNECT_TIMEOUT * 2, options.connect(addrs)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(FleetError::Connect(format!("{}: {e}", settings.url))),
        Err(_) => Err(FleetError::Connect(format!(
            "{}: no answer within {:?}",
            settings.url,
            CONNECT_TIMEOUT * 2
        ))),
    }
}

fn log_event(client: &str, event: &Event) {
    match event {
        Event::Connected => tracing::info!(client, "connected to NATS"),
        Event::Disconnected => tracing::warn!(client, "disconnected from NATS"),
        Event::ServerError(e) => tracing::warn!(client, error = %e, "NATS server error"),
        Event::ClientError(e) => tracing::warn!(client, error = %e, "NATS client error"),
        Event::SlowConsumer(sid) => tracing::warn!(client, sid, "slow NATS consumer"),
        Event::LameDuckMode => tracing::warn!(client, "NATS server entering lame duck mode"),
        Event::Draining | Event::Closed => tracing::info!(client, "NATS connection closing"),
    }
}

/// Reads a credentials file: a user JWT with its seed, or an NKEY user seed.
async fn credentials(path: &PathBuf) -> Result<ConnectOptions, FleetError> {
    let fail = |why: String| FleetError::Config(format!("credentials {}: {why}", path.display()));
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| fail(e.to_string()))?;
    if meta.len() > MAX_CREDS_BYTES {
        return Err(fail(format!("over {MAX_CREDS_BYTES} bytes")));
    }
    let text = tokio::fs::read_to_string(path)
        .await
        .map_err(|e| fail(e.to_string()))?;
    if text.contains("BEGIN NATS USER JWT") {
        return ConnectOptions::with_credentials(&text).map_err(|e| fail(e.to_string()));
    }
    let seed = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("SU"))
        .ok_or_else(|| {
            fail("neither a user JWT (.creds) nor an NKEY user seed (a line starting SU)".into())
        })?;
    // Checked here so a wrong seed is named now, not as a vague authorization failure later.
    nkeys::KeyPair::from_seed(seed).map_err(|e| fail(format!("NKEY seed: {e}")))?;
    Ok(ConnectOptions::with_nkey(seed.to_owned()))
}
