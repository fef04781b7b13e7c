//! The operator's allowlist: internal ranges the network checks may reach without a human's
//! approval (`tools.net_allow`). Link-local and metadata addresses cannot be allowed.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;

use crate::address::{Class, classify};

/// Address ranges (`10.0.0.0/8`, `192.0.2.7`, `fd00::/8`) an operator declared fine to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    nets: Vec<IpNet>,
}

impl AllowList {
    /// Parses ranges and single addresses; refuses anything that is not one, and any range
    /// that reaches into link-local or metadata addresses, naming the entry.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in entries {
            let text = entry.as_ref().trim();
            let net = IpNet::from_str(text)
                .or_else(|_| IpAddr::from_str(text).map(IpNet::from))
                .map_err(|_| {
                    format!("'{text}' is not an IP address or CIDR range (e.g. 10.0.0.0/8)")
                })?;
            let net = net.trunc();
            for probe in [net.network(), net.broadcast()]
                .into_iter()
                .chain(forbidden_probes().filter(|p| net.contains(p)))
            {
                if let Class::Forbidden(why) = classify(probe) {
                    return Err(format!(
                        "'{text}' includes {probe}, which is {why}; such addresses are never allowed"
                    ));
                }
            }
            nets.push(net);
        }
        Ok(Self { nets })
    }

    /// Whether `ip` lies in an allowed range (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            IpAddr::V4(_) => ip,
        };
        self.nets.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    /// The ranges, as written back (`10.0.0.0/8`).
    pub fn entries(&self) -> Vec<String> {
        self.nets.iter().map(ToString::to_string).collect()
    }
}

/// One address inside each forbidden range, to find ranges that would swallow one.
fn forbidden_probes() -> impl Iterator<Item = IpAddr> {
    [
        "169.254.169.254",
        "169.254.0.1",
        "100.100.100.200",
        "192.0.0.192",
        "168.63.129.16",
        "224.0.0.1",
        "255.255.255.255",
        "fe80::1",
        "fd00:ec2::254",
        "fd20:ce::254",
        "ff02::1",
    ]
    .into_iter()
    .filter_map(|text| IpAddr::from_str(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_forbidden_ones_are_refused() {
        let list =
            AllowList::parse(&["10.0.0.0/8", "192.168.1.7", "fd12::/16"]).unwrap_or_default();
        assert_eq!(
            list.entries(),
            ["10.0.0.0/8", "192.168.1.7/32", "fd12::/16"]
        );
        assert!(list.allows("10.2.3.4".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        assert!(
            list.allows(
                "::ffff:10.2.3.4"
                    .parse()
                    .unwrap_or(IpAddr::from([0, 0, 0, 0]))
            )
        );
        assert!(!list.allows("192.168.1.8".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        for bad in [
            "169.254.0.0/16",
            "0.0.0.0/0",
            "160.0.0.0/4",
            "fe80::/10",
            "::/0",
            "fd00::/8",
            "nope",
            "10.0.0.0/33",
        ] {
            assert!(AllowList::parse(&[bad]).is_err(), "{bad}");
        }
    }
}
