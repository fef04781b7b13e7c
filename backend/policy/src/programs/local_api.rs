//! Addresses of this host's own services, parsed before they are judged. A network client
//! (`curl`, `wget`, `nc`, `openssl s_client`) given a URL or `HOST:PORT` reaches what the host
//! part names, however it is spelled: `127.0.0.1`, `127.1`, `2130706433`, `0x7f.1`,
//! `0177.0.0.1`, `0.0.0.0`, `localhost` (and `*.localhost`), `[::1]`, `[::]`,
//! `[::ffff:127.0.0.1]`, as the C library's `inet_aton` and the URL parsers read them. On
//! loopback (or the unspecified address, which reaches the host itself) an administrative API
//! answers without credentials: Docker's (2375/2376, and `POST /containers/create` mounts the
//! host's root), the kubelet's (10250, 10255: every pod's environment), etcd's (2379, 2380:
//! the cluster's secrets), Consul's (8500, 8501), Nomad's (4646), Vault's (8200), Kubernetes'
//! API and `kubectl proxy` (6443, 8001), supervisord's (9001), Envoy's admin (15000, 19000)
//! and Warden's own server (8080, its default `listen`): reaching one is high, whatever the
//! path says. A scheme that speaks another protocol to a local service (`gopher://`,
//! `dict://`, `telnet://`, `ldap://`, `smb://`) writes raw bytes to it (a Redis `SET`): high.
//! Any other loopback, link-local or private address stays the medium of a network transfer.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Ports where administrative APIs listen on the host itself.
const ADMIN_PORTS: &[(u16, &str)] = &[
    (2375, "Docker's API"),
    (2376, "Docker's API"),
    (2377, "Docker swarm's API"),
    (2379, "etcd's API"),
    (2380, "etcd's peer API"),
    (10250, "the kubelet's API"),
    (10255, "the kubelet's read-only API"),
    (6443, "the Kubernetes API"),
    (8001, "kubectl proxy's API"),
    (8500, "Consul's API"),
    (8501, "Consul's API"),
    (4646, "Nomad's API"),
    (8200, "Vault's API"),
    (9001, "supervisord's API"),
    (15000, "Envoy's admin API"),
    (19000, "Envoy's admin API"),
    (8080, "Warden's own server (its default listen address)"),
    (6379, "Redis"),
    (11211, "memcached"),
    (5000, "a Docker registry's API"),
];

/// Schemes that carry raw bytes of the line's choosing to a service of another protocol.
const RAW_SCHEMES: &[&str] = &[
    "gopher", "gophers", "dict", "telnet", "ldap", "ldaps", "smb", "smbs", "mqtt", "tftp", "rtsp",
];

/// Where a host part leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// This host itself: loopback, the unspecified address, `localhost`.
    Host,
    /// Private, link-local or shared address space.
    Near,
    Elsewhere,
}

/// The IPv4 address `text` spells as `inet_aton` reads it (1 to 4 parts, each decimal, octal
/// with a leading 0, or hex with 0x), if it is one.
fn ipv4(text: &str) -> Option<Ipv4Addr> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(4);
    for part in &parts {
        let lower = part.to_ascii_lowercase();
        let value = if let Some(hex) = lower.strip_prefix("0x") {
            if hex.is_empty() {
                0
            } else {
                u64::from_str_radix(hex, 16).ok()?
            }
        } else if lower.len() > 1 && lower.starts_with('0') {
            u64::from_str_radix(&lower[1..], 8).ok()?
        } else {
            lower.parse::<u64>().ok()?
        };
        numbers.push(value);
    }
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|n| *n > 255) {
        return None;
    }
    let room = 8 * (4 - leading.len() as u32);
    if room < 64 && *last >= 1u64 << room {
        return None;
    }
    let mut value: u64 = 0;
    for (i, n) in leading.iter().enumerate() {
        value |= n << (24 - 8 * i as u64);
    }
    Some(Ipv4Addr::from((value | last) as u32))
}

fn place_v4(ip: Ipv4Addr) -> Place {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() || a == 0 {
        Place::Host
    } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
        Place::Near
    } else {
        Place::Elsewhere
    }
}

fn place_v6(ip: Ipv6Addr) -> Place {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return place_v4(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() || ip.is_unspecified() {
        Place::Host
    } else if first & 0xffc0 == 0xfe80 || first & 0xfe00 == 0xfc00 {
        Place::Near
    } else {
        Place::Elsewhere
    }
}

fn place(host: &str) -> Place {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host == "ip6-localhost"
        || host == "ip6-loopback"
        || host == "localhost.localdomain"
    {
        return Place::Host;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let bare = inner.split('%').next().unwrap_or(inner);
        return bare.parse::<Ipv6Addr>().map_or(Place::Elsewhere, place_v6);
    }
    if let Ok(ip) = host.parse::<Ipv6Addr>() {
        return place_v6(ip);
    }
    if let Some(place) = public_name_of_a_local_address(&host) {
        return place;
    }
    ipv4(&host).map_or(Place::Elsewhere, place_v4)
}

/// Public DNS names whose every name, by the service's design, resolves to loopback.
const LOOPBACK_DOMAINS: &[&str] = &[
    "localtest.me",
    "lvh.me",
    "vcap.me",
    "lacolhost.com",
    "fuf.me",
    "localho.st",
    "localdev.me",
];

/// Wildcard DNS services that answer a name with the address written inside it
/// (`127.0.0.1.nip.io`, `web-10-0-0-5.sslip.io`, `7f000001.nip.io`, `--1.sslip.io` for `::1`).
const ADDRESS_IN_NAME_DOMAINS: &[&str] = &[
    "nip.io",
    "sslip.io",
    "xip.io",
    "traefik.me",
    "nip.direct",
    "backname.io",
];

/// Where a public DNS name points when its answer is fixed by the name itself: the loopback
/// domains, and the wildcard services whose names carry an address (dotted, dashed, hexadecimal
/// or dashed IPv6). None for any other name: an ordinary name is judged as a name.
fn public_name_of_a_local_address(host: &str) -> Option<Place> {
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if LOOPBACK_DOMAINS.iter().any(|d| under(d)) {
        return Some(Place::Host);
    }
    let domain = ADDRESS_IN_NAME_DOMAINS.iter().find(|d| under(d))?;
    let name = host.strip_suffix(domain)?.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').filter(|l| !l.is_empty()).collect();
    // Dotted: the last four labels (`app.127.0.0.1.nip.io`).
    if labels.len() >= 4
        && let Ok(ip) = labels[labels.len() - 4..].join(".").parse::<Ipv4Addr>()
    {
        return Some(place_v4(ip));
    }
    let last = labels.last()?;
    // Dashed: the last four parts of the last label (`app-127-0-0-1.nip.io`).
    let parts: Vec<&str> = last.split('-').collect();
    if parts.len() >= 4
        && let Ok(ip) = parts[parts.len() - 4..].join(".").parse::<Ipv4Addr>()
    {
        return Some(place_v4(ip));
    }
    // Hexadecimal: eight digits, alone or after a dash (`app-7f000001.nip.io`).
    let hex = parts.last().copied().unwrap_or(last);
    if hex.len() == 8
        && let Ok(value) = u32::from_str_radix(hex, 16)
    {
        return Some(place_v4(Ipv4Addr::from(value)));
    }
    // IPv6 with dashes for colons (`--1.sslip.io`, `fe80--1.sslip.io`).
    if let Ok(ip) = last.replace('-', ":").parse::<Ipv6Addr>() {
        return Some(place_v6(ip));
    }
    // A name of such a service that holds no address this reading finds: where it points is
    // not known here, so it is taken as this host's (fail closed).
    Some(Place::Host)
}

/// The scheme, host and port a word names as a URL or `HOST:PORT` (curl's and wget's reading:
/// no scheme is `http`).
fn endpoint(word: &str) -> Option<(String, String, Option<u16>)> {
    let (scheme, rest) = match word.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("http".to_owned(), word),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let port = authority[end + 1..].strip_prefix(':');
        (authority[..=end].to_owned(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    let port = match port {
        Some(port) if !port.is_empty() => Some(port.parse::<u16>().ok()?),
        _ => match scheme.as_str() {
            "http" | "ws" => Some(80),
            "https" | "wss" => Some(443),
            _ => None,
        },
    };
    Some((scheme, host, port))
}

/// Why a word reaches an administrative API of this host (or writes raw bytes to one of its
/// services), if it does.
pub fn local_admin(word: &str) -> Option<String> {
    let mut found = None;
    let mut check = |text: &str| {
        if found.is_some() {
            return;
        }
        let Some((scheme, host, port)) = endpoint(text) else {
            return;
        };
        let where_ = place(&host);
        if where_ == Place::Elsewhere {
            return;
        }
        if RAW_SCHEMES.contains(&scheme.as_str()) {
            found = Some(format!(
                "{text}: {scheme}:// writes raw bytes of the line's choosing to a service on this host or its network"
            ));
        } else if where_ == Place::Host
            && let Some((port, what)) = ADMIN_PORTS.iter().find(|(admin, _)| Some(*admin) == port)
        {
            found = Some(format!(
                "{text}: port {port} of this host is {what}, which answers without credentials"
            ));
        }
    };
    check(word);
    if let Some((_, value)) = word.split_once('=') {
        check(value);
    }
    // `--resolve NAME:PORT:ADDR`, `--connect-to NAME:PORT:HOST:PORT`: a port, then an address.
    let parts: Vec<&str> = word.split(':').collect();
    for pair in parts.windows(2) {
        if pair[0].parse::<u16>().is_ok() && !pair[1].is_empty() {
            check(&format!("{}:{}", pair[1].trim_matches(['[', ']']), pair[0]));
        }
        if pair[1].parse::<u16>().is_ok() && !pair[0].contains('/') {
            check(&format!("{}:{}", pair[0], pair[1]));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_in_every_spelling() {
        for host in [
            "127.0.0.1",
            "127.1",
            "2130706433",
            "0x7f.1",
            "0x7f000001",
            "0177.0.0.1",
            "017700000001",
            "0.0.0.0",
            "0",
            "localhost",
            "LOCALHOST.",
            "api.localhost",
            "[::1]",
            "[::]",
            "[::ffff:127.0.0.1]",
            "[0:0:0:0:0:ffff:7f00:1]",
            "127.255.255.254",
            "127.0.0.1.nip.io",
            "app.127.0.0.1.nip.io",
            "app-127-0-0-1.sslip.io",
            "127-0-0-1.nip.io.",
            "7f000001.nip.io",
            "app-7f000001.sslip.io",
            "--1.sslip.io",
            "0.0.0.0.xip.io",
            "localtest.me",
            "api.localtest.me",
            "LVH.ME",
            "x.vcap.me",
            "unreadable.nip.io",
        ] {
            assert_eq!(place(host), Place::Host, "{host}");
        }
        for host in [
            "10.0.0.5.nip.io",
            "web-192-168-1-10.sslip.io",
            "c0a80101.nip.io",
            "fe80--1.sslip.io",
        ] {
            assert_eq!(place(host), Place::Near, "{host}");
        }
        for host in ["1.1.1.1.nip.io", "nip.io.example.com", "mylvh.me"] {
            assert_eq!(place(host), Place::Elsewhere, "{host}");
        }
        for host in [
            "10.0.0.5",
            "192.168.1.1",
            "172.16.0.1",
            "[fe80::1%25eth0]",
            "[fd00::1]",
            "169.254.1.1",
        ] {
            assert_eq!(place(host), Place::Near, "{host}");
        }
        for host in [
            "example.com",
            "1.1.1.1",
            "128.0.0.1",
            "[2001:db8::1]",
            "localhost.example.com",
        ] {
            assert_eq!(place(host), Place::Elsewhere, "{host}");
        }
    }

    #[test]
    fn admin_ports_on_this_host() {
        for word in [
            "http://127.0.0.1:2375/containers/json",
            "127.0.0.1:2375/info",
            "http://user:pw@localhost:10250/pods",
            "https://[::1]:2379/v2/keys",
            "http://2130706433:8500/v1/kv/?recurse",
            "--url=http://0x7f.1:4646/v1/jobs",
            "http://localhost:8080/api/approvals",
            "example.com:2375:127.0.0.1",
            "gopher://127.0.0.1:6379/_SET",
            "dict://10.0.0.1:11211/stats",
        ] {
            assert!(local_admin(word).is_some(), "{word}");
        }
        for word in [
            "http://127.0.0.1/health",
            "http://localhost:3000/",
            "https://example.com:2375/",
            "http://10.0.0.5:2375/",
            "-s",
            "/etc/hosts",
        ] {
            assert!(local_admin(word).is_none(), "{word}");
        }
    }
}
