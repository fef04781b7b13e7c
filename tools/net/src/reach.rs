//! Which addresses are internal, and resolving a host with that check applied.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use warden_protocol::Scope;
use warden_tool_api::{ToolContext, ToolError};

/// Why an address is internal, or `None` for a public address.
pub fn internal_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4_reason(v4);
            }
            let segments = v6.segments();
            // NAT64 (64:ff9b::/96) reaches IPv4 addresses through a translator.
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b] = segments[6].to_be_bytes();
                let [c, d] = segments[7].to_be_bytes();
                return v4_reason(Ipv4Addr::new(a, b, c, d));
            }
            if v6.is_loopback() {
                Some("loopback")
            } else if v6.is_unspecified() {
                Some("unspecified")
            } else if v6.is_multicast() {
                Some("multicast")
            } else if segments[0] & 0xfe00 == 0xfc00 {
                Some("unique local (fc00::/7)")
            } else if segments[0] & 0xffc0 == 0xfe80 {
                Some("link-local (fe80::/10)")
            } else {
                None
            }
        }
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private (RFC 1918)")
    } else if ip.is_link_local() {
        Some("link-local (169.254.0.0/16, where cloud metadata services answer)")
    } else if a == 100 && (64..128).contains(&b) {
        Some("carrier-grade NAT (100.64.0.0/10)")
    } else if ip.is_unspecified() || a == 0 {
        Some("unspecified (0.0.0.0/8)")
    } else if ip.is_broadcast() || ip.is_multicast() {
        Some("broadcast or multicast")
    } else {
        None
    }
}

/// Resolves `host` and refuses internal addresses unless the caller holds `execute`.
pub async fn resolve_checked(
    host: &str,
    port: u16,
    context: &ToolContext,
) -> Result<Vec<SocketAddr>, ToolError> {
    check_host(host)?;
    let lookup = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::net::lookup_host((host, port)),
    )
    .await
    .map_err(|_| ToolError::Timeout(10))?
    .map_err(|e| ToolError::NotFound(format!("cannot resolve '{host}': {e}")))?;
    let addrs: Vec<SocketAddr> = lookup.collect();
    if addrs.is_empty() {
        return Err(ToolError::NotFound(format!("'{host}' has no addresses")));
    }
    if !context.allows(Scope::Execute)
        && let Some((addr, why)) = addrs
            .iter()
            .find_map(|a| internal_reason(a.ip()).map(|why| (a, why)))
    {
        return Err(ToolError::Refused(format!(
            "'{host}' resolves to {} ({why}); checking internal addresses needs the execute scope",
            addr.ip()
        )));
    }
    Ok(addrs)
}

/// Host names and literals only: no ports, paths, spaces or option-like text.
pub fn check_host(host: &str) -> Result<(), ToolError> {
    let trimmed = host.trim_start_matches('[').trim_end_matches(']');
    let plain = !trimmed.is_empty()
        && trimmed.len() <= 253
        && !trimmed.starts_with('-')
        && trimmed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_:".contains(c));
    if plain {
        Ok(())
    } else {
        Err(ToolError::InvalidArguments(format!(
            "'{host}' is not a host name or IP address"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::internal_reason;

    #[test]
    fn internal_and_public_addresses() {
        for internal in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "ff02::1",
        ] {
            let ip = internal.parse().unwrap_or_else(|_| panic!("{internal}"));
            assert!(
                internal_reason(ip).is_some(),
                "{internal} should be internal"
            );
        }
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            let ip = public.parse().unwrap_or_else(|_| panic!("{public}"));
            assert_eq!(internal_reason(ip), None, "{public} should be public");
        }
    }
}
