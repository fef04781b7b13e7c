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

pub fn register(builder: &mut RegistryBuilder) {
    builder
        .add(typed(http::HttpCheck))
        .add(typed(port::PortCheck))
        .add(typed(dns::DnsLookup));
}
