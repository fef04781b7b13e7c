//! Network checks. Against server-side request forgery, every target is resolved first and each
//! address classified: loopback, private, link-local (cloud metadata lives there), carrier-grade
//! NAT and unique-local addresses need the `execute` scope, and the connection goes to the
//! addresses that were checked (no second lookup an attacker's DNS could answer differently).
//! HTTP redirects are reported, never followed.

mod dns;
mod http;
mod port;
pub mod reach;

use warden_tool_api::{RegistryBuilder, typed};

/// Installs the process-wide TLS crypto provider (ring). The workspace builds reqwest without a
/// built-in provider (aws-lc needs a long C build), so every process that makes HTTPS requests
/// calls this once before building a client; later calls do nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn register(builder: &mut RegistryBuilder) {
    builder
        .add(typed(http::HttpCheck))
        .add(typed(port::PortCheck))
        .add(typed(dns::DnsLookup));
}
