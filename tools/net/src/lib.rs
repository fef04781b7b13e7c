//! Network checks. Against server-side request forgery, every target is parsed into an address
//! before it is judged (any IPv4 notation, IPv6 forms that carry IPv4), and judged by address:
//! link-local and cloud metadata addresses are refused whoever asks; loopback, private, shared
//! and reserved addresses need the `execute` scope and a human's approval unless the operator's
//! allowlist (`tools.net_allow`) names them. The guard asks for this judgement before anything
//! runs ([`warden_tool_api::Tool::judge`]); the tool applies it again to the addresses it
//! actually connects to, resolving a name once and connecting to exactly the addresses judged.
//! HTTP redirects are reported, never followed; no proxy is used.

pub mod address;
mod allow;
mod dns;
mod http;
mod port;
pub mod reach;

use std::sync::Arc;

pub use allow::AllowList;
use warden_tool_api::{RegistryBuilder, typed};

/// What the network tools need from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetConfig {
    /// Internal ranges checked without approval (`tools.net_allow`).
    pub allow: AllowList,
}

/// Registers the network tools with no allowlist.
pub fn register(builder: &mut RegistryBuilder) {
    register_with(builder, &NetConfig::default());
}

pub fn register_with(builder: &mut RegistryBuilder, config: &NetConfig) {
    let config = Arc::new(config.clone());
    builder
        .add(typed(http::HttpCheck(config.clone())))
        .add(typed(port::PortCheck(config.clone())))
        .add(typed(dns::DnsLookup(config)));
}
