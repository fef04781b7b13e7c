use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::NetConfig;
use crate::address::{Host, parse_host};
use crate::reach::internal_reason;

pub struct DnsLookup(pub Arc<NetConfig>);

/// Arguments of `dns_lookup`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The name to resolve with the host's resolver.
    pub host: String,
}

impl TypedTool for DnsLookup {
    type Args = Args;
    const NAME: &'static str = "dns_lookup";
    const DESCRIPTION: &'static str =
        "Resolve a host name with this host's resolver (A and AAAA), marking internal addresses.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let name = match parse_host(&args.host).map_err(ToolError::InvalidArguments)? {
            Host::Name(name) => name,
            // An address in any notation is itself: shown normalised, without a lookup.
            Host::Ip(ip) => ip.to_string(),
        };
        let started = std::time::Instant::now();
        let lookup = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            tokio::net::lookup_host((name.as_str(), 0)),
        )
        .await
        .map_err(|_| ToolError::Timeout(10))?;
        let addrs = match lookup {
            Ok(addrs) => addrs,
            Err(e) => {
                return Ok(ToolOutput::failed(
                    format!("'{}' does not resolve: {e}", args.host),
                    json!({"host": args.host, "addresses": [], "error": e.to_string()}),
                ));
            }
        };
        let mut ips: Vec<std::net::IpAddr> = addrs.map(|a| a.ip()).collect();
        ips.sort();
        ips.dedup();
        let rows: Vec<serde_json::Value> = ips
            .iter()
            .map(|ip| json!({"address": ip.to_string(), "family": if ip.is_ipv4() { "ipv4" } else { "ipv6" }, "internal": internal_reason(*ip, &self.0.allow)}))
            .collect();
        let text: String = rows
            .iter()
            .map(|r| {
                format!(
                    "{}{}\n",
                    r["address"].as_str().unwrap_or(""),
                    r["internal"]
                        .as_str()
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let elapsed = started.elapsed().as_millis() as u64;
        Ok(ToolOutput::new(
            text,
            json!({"host": args.host, "addresses": rows, "duration_ms": elapsed}),
        ))
    }
}
