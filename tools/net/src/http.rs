use std::sync::Arc;
use std::time::{Duration, Instant};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{ArgumentJudgement, Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::NetConfig;
use crate::address::{Host, parse_host};
use crate::reach::{judge, resolve_checked};

const MAX_BODY_BYTES: usize = 64 * 1024;

pub struct HttpCheck(pub Arc<NetConfig>);

/// The host a URL connects to, as the URL parser read it (it already turned every IPv4
/// notation into the address) and parsed again by the same rules as any host argument.
fn target(url: &reqwest::Url) -> Result<Host, String> {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => Ok(Host::Ip(ip.into())),
        Some(url::Host::Ipv6(ip)) => Ok(Host::Ip(ip.into())),
        Some(url::Host::Domain(name)) => parse_host(name),
        None => Err("the URL has no host".to_owned()),
    }
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Head,
}

/// Arguments of `http_check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// An http:// or https:// URL, without credentials.
    pub url: String,
    /// `GET` (default) or `HEAD`.
    pub method: Option<Method>,
    /// The status expected (default: any status below 400 counts as healthy).
    pub expect_status: Option<u16>,
    /// Text the body must contain to count as healthy.
    pub contains: Option<String>,
    /// Seconds for the whole request (default 10, at most 60).
    pub timeout_secs: Option<u64>,
}

impl TypedTool for HttpCheck {
    type Args = Args;
    const NAME: &'static str = "http_check";
    const DESCRIPTION: &'static str = "Request a URL and report status, latency, a few headers and the start of the body; healthy when the status (and optional text) match. Redirects are reported, not followed.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;
    const TIMEOUT: Duration = Duration::from_secs(75);

    fn judge(&self, args: &Args, context: &ToolContext) -> Option<ArgumentJudgement> {
        let url = reqwest::Url::parse(&args.url).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        judge(&target(&url).ok()?, &self.0.allow, context)
    }

    async fn run(&self, args: Args, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let timeout = args.timeout_secs.unwrap_or(10);
        if timeout == 0 || timeout > 60 {
            return Err(ToolError::InvalidArguments(
                "timeout_secs must be between 1 and 60".to_owned(),
            ));
        }
        let url = reqwest::Url::parse(&args.url).map_err(|e| {
            ToolError::InvalidArguments(format!("'{}' is not a URL: {e}", args.url))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ToolError::InvalidArguments(format!(
                "only http:// and https:// URLs can be checked, not {}://",
                url.scheme()
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ToolError::InvalidArguments(
                "put no credentials in the URL".to_owned(),
            ));
        }
        let host = target(&url).map_err(ToolError::InvalidArguments)?;
        let port = url.port_or_known_default().unwrap_or(80);
        let addrs = resolve_checked(&host, port, &self.0.allow, context).await?;

        let mut client = warden_http::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve and connect on its own, past every check made here.
            .no_proxy()
            .timeout(Duration::from_secs(timeout))
            .user_agent(concat!("warden-http-check/", env!("CARGO_PKG_VERSION")));
        if let Host::Name(name) = &host {
            // Connect to the addresses just checked, not to a second lookup's answer.
            client = client.resolve_to_addrs(name, &addrs);
        }
        let client = client
            .build()
            .map_err(|e| ToolError::Failed(format!("cannot build the HTTP client: {e}")))?;
        let method = match args.method.unwrap_or(Method::Get) {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
        };
        let started = Instant::now();
        let mut response = match client.request(method, url.clone()).send().await {
            Ok(response) => response,
            Err(e) => {
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "failed"
                };
                let text = format!("{} {kind}: {e}", args.url);
                return Ok(ToolOutput::failed(
                    text,
                    json!({"url": args.url, "error": kind, "detail": e.to_string()}),
                ));
            }
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let headers = json!({"content-type": header("content-type"), "server": header("server"), "location": header("location")});
        let mut body = Vec::new();
        let mut body_truncated = false;
        while let Ok(Some(chunk)) = response.chunk().await {
            let room = MAX_BODY_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if chunk.len() > room {
                body_truncated = true;
                break;
            }
        }
        let elapsed = started.elapsed().as_millis() as u64;
        let body = String::from_utf8_lossy(&body).into_owned();
        let status_ok = args
            .expect_status
            .map_or(status < 400, |expected| status == expected);
        let contains_ok = args
            .contains
            .as_ref()
            .is_none_or(|needle| body.contains(needle.as_str()));
        let healthy = status_ok && contains_ok;
        let mut text = format!("{} -> {status} in {elapsed} ms", args.url);
        if let Some(location) = headers["location"].as_str() {
            text.push_str(&format!(", redirects to {location} (not followed)"));
        }
        if !status_ok {
            text.push_str(&format!(
                ", expected {}",
                args.expect_status
                    .map_or("a status below 400".to_owned(), |s| s.to_string())
            ));
        }
        if !contains_ok {
            text.push_str(", the body lacks the expected text");
        }
        let preview: String = body.chars().take(500).collect();
        if !preview.is_empty() {
            text.push_str(&format!("\n{preview}"));
        }
        let data = json!({
            "url": args.url,
            "status": status,
            "healthy": healthy,
            "duration_ms": elapsed,
            "headers": headers,
            "body": body,
            "body_truncated": body_truncated,
        });
        Ok(if healthy {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(text, data)
        }
        .cut(body_truncated))
    }
}
