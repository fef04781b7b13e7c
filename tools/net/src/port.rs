use std::sync::Arc;
use std::time::{Duration, Instant};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{ArgumentJudgement, Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::NetConfig;
use crate::address::parse_host;
use crate::reach::{judge, resolve_checked};

pub struct PortCheck(pub Arc<NetConfig>);

/// Arguments of `port_check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// Host name or IP address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Seconds to wait for the connection (default 5, at most 30).
    pub timeout_secs: Option<u64>,
}

impl TypedTool for PortCheck {
    type Args = Args;
    const NAME: &'static str = "port_check";
    const DESCRIPTION: &'static str = "Whether a TCP port accepts connections: open, closed (refused) or filtered (no answer in time), with the connect time.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    fn judge(&self, args: &Args, context: &ToolContext) -> Option<ArgumentJudgement> {
        judge(&parse_host(&args.host).ok()?, &self.0.allow, context)
    }

    async fn run(&self, args: Args, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let timeout = args.timeout_secs.unwrap_or(5);
        if timeout == 0 || timeout > 30 {
            return Err(ToolError::InvalidArguments(
                "timeout_secs must be between 1 and 30".to_owned(),
            ));
        }
        if args.port == 0 {
            return Err(ToolError::InvalidArguments(
                "port must be between 1 and 65535".to_owned(),
            ));
        }
        let host = parse_host(&args.host).map_err(ToolError::InvalidArguments)?;
        let addrs = resolve_checked(&host, args.port, &self.0.allow, context).await?;
        // Connect to the checked addresses themselves (no second lookup), in the resolver's
        // order, until one answers; all of them within the one timeout.
        let started = Instant::now();
        let deadline = started + Duration::from_secs(timeout);
        let (mut addr, mut state) = (addrs[0], "filtered");
        for candidate in addrs.iter().take(4) {
            addr = *candidate;
            let left = deadline.saturating_duration_since(Instant::now());
            state = match tokio::time::timeout(left, tokio::net::TcpStream::connect(addr)).await {
                Ok(Ok(_stream)) => "open",
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => "closed",
                Ok(Err(_)) => "unreachable",
                Err(_) => "filtered",
            };
            if state == "open" || state == "filtered" {
                break;
            }
        }
        let elapsed = started.elapsed().as_millis() as u64;
        let data = json!({"host": args.host, "address": addr.to_string(), "port": args.port, "state": state, "duration_ms": elapsed});
        let text = format!(
            "{}:{} ({addr}) is {state} after {elapsed} ms",
            args.host, args.port
        );
        Ok(if state == "open" {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(text, data)
        })
    }
}
