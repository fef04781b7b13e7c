//! The client's address: the TCP peer, unless the peer is a configured trusted proxy, in which
//! case the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. An untrusted
//! peer's `X-Forwarded-For` is ignored, so a client cannot choose its own rate-limit bucket.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::config::IpNet;
use crate::config::net::canonical;
use crate::state::AppState;

use super::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(ip) = parts.extensions.get::<ClientIp>() {
            return Ok(*ip);
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| canonical(addr.ip()))
            .ok_or_else(|| ApiError::internal("the server was started without connection info"))?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let ip = ClientIp(resolve(
            peer,
            &forwarded,
            &state.config.http.trusted_proxies,
        ));
        parts.extensions.insert(ip);
        Ok(ip)
    }
}

/// Walks `X-Forwarded-For` from the right while the hop is trusted.
pub fn resolve(peer: IpAddr, forwarded_for: &str, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for
        .rsplit(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = canonical(ip);
                if !is_trusted(client) {
                    break;
                }
            }
            // A garbled hop: stop at the last address we could trust.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| panic!("bad ip {s}"))
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter()
            .map(|s| s.parse().unwrap_or_else(|e: String| panic!("{e}")))
            .collect()
    }

    #[test]
    fn untrusted_peers_cannot_spoof() {
        assert_eq!(
            resolve(ip("203.0.113.9"), "1.2.3.4", &nets(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            resolve(ip("203.0.113.9"), "1.2.3.4", &[]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn trusted_chains_yield_the_first_untrusted_hop_from_the_right() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6" itself; the proxy appended the real address 198.51.100.7.
        assert_eq!(
            resolve(ip("10.0.0.2"), "6.6.6.6, 198.51.100.7, 10.0.0.3", &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(resolve(ip("10.0.0.2"), "", &trusted), ip("10.0.0.2"));
        assert_eq!(resolve(ip("10.0.0.2"), "garbage", &trusted), ip("10.0.0.2"));
    }
}
