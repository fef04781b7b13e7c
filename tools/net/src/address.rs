//! Hosts parsed before they are judged. Every spelling of an address that a resolver or a URL
//! parser would accept is turned into the address itself: IPv4 in decimal, hex, octal, dotted
//! mixes and short forms (`2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`, `169.254.43518`,
//! `127.1`), IPv6 with brackets and zone ids, and IPv4 addresses carried inside IPv6 (mapped,
//! compatible, translated, NAT64, 6to4, Teredo). Then the address is classified: public,
//! internal (loopback, private, shared, reserved) or forbidden (link-local, where cloud metadata
//! services answer, and the metadata addresses themselves).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A host as written in an argument, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// An address, whatever notation it was written in.
    Ip(IpAddr),
    /// A name, lower-cased, without a trailing dot.
    Name(String),
}

/// How far an address may be reached. Ordered: the strictest of two is their `max`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Public,
    /// Loopback, private, shared and reserved ranges: this host and its networks.
    Internal(&'static str),
    /// Link-local and cloud metadata: never reached, whoever asks.
    Forbidden(&'static str),
}

const LINK_LOCAL_V4: &str =
    "link-local (169.254.0.0/16), where cloud metadata services hand out credentials";
const METADATA: &str =
    "a cloud metadata service address, which hands out the machine's credentials";

/// Names that always mean this machine (RFC 6761 and the usual /etc/hosts entries).
const LOOPBACK_NAMES: &[&str] = &[
    "localhost",
    "localhost.localdomain",
    "ip6-localhost",
    "ip6-loopback",
];

/// Names of cloud metadata services.
const METADATA_NAMES: &[&str] = &[
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.azure.internal",
    "metadata.tencentyun.com",
    "metadata.oraclecloud.com",
];

/// Parses a host argument: `[v6]`, `v6%zone`, any IPv4 notation, or a DNS name made of letters,
/// digits, `-`, `_` and dots. Anything else (spaces, ports, paths, credentials, a leading `-`)
/// is refused with a message naming the problem.
pub fn parse_host(text: &str) -> Result<Host, String> {
    let invalid = || format!("'{text}' is not a host name or IP address");
    let bracketed = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'));
    let bare = bracketed.unwrap_or(text);
    if bare.is_empty() || bare.len() > 253 || bare.starts_with('-') {
        return Err(invalid());
    }
    if bare.contains(':') {
        // IPv6, perhaps with a zone id (`fe80::1%eth0`, `%25` as URLs escape it).
        let address = bare.split('%').next().unwrap_or(bare);
        return address
            .parse::<Ipv6Addr>()
            .map(|ip| Host::Ip(IpAddr::V6(ip)))
            .map_err(|_| invalid());
    }
    if bracketed.is_some() {
        return Err(invalid());
    }
    if !bare
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(invalid());
    }
    if let Some(v4) = parse_ipv4(bare) {
        return Ok(Host::Ip(IpAddr::V4(v4)));
    }
    let name = bare.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() || name.split('.').any(str::is_empty) {
        return Err(invalid());
    }
    Ok(Host::Name(name))
}

/// IPv4 the way `inet_aton` and URL parsers read it: one to four parts, each decimal, `0x` hex
/// or `0` octal, the last part filling the remaining bytes; a trailing dot is allowed.
pub fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let numbers: Vec<u64> = parts
        .iter()
        .map(|part| parse_number(part))
        .collect::<Option<_>>()?;
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|n| *n > 255) {
        return None;
    }
    let room = 32 - 8 * leading.len() as u32;
    if *last >= 1u64 << room {
        return None;
    }
    let mut value: u64 = 0;
    for (i, n) in leading.iter().enumerate() {
        value |= n << (24 - 8 * i as u32);
    }
    value |= last;
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

fn parse_number(part: &str) -> Option<u64> {
    if part.is_empty() || part.len() > 32 {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            // `0x` alone is zero for URL parsers.
            if hex.is_empty() {
                return Some(0);
            }
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    u64::from_str_radix(digits, radix).ok()
}

/// What an address is, taking the strictest of the IPv6 address and any IPv4 address it carries.
pub fn classify(ip: IpAddr) -> Class {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => {
            let own = classify_v6(v6);
            embedded_v4(v6)
                .into_iter()
                .map(classify_v4)
                .fold(own, std::cmp::max)
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> Class {
    let [a, b, c, d] = ip.octets();
    if a == 169 && b == 254 {
        Class::Forbidden(LINK_LOCAL_V4)
    } else if matches!(
        [a, b, c, d],
        [100, 100, 100, 200] | [192, 0, 0, 192] | [168, 63, 129, 16]
    ) {
        Class::Forbidden(METADATA)
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Class::Forbidden("multicast, broadcast or reserved (224.0.0.0/3)")
    } else if a == 127 {
        Class::Internal("loopback (127.0.0.0/8)")
    } else if a == 0 {
        Class::Internal("this host (0.0.0.0/8)")
    } else if a == 10 || (a == 172 && (16..32).contains(&b)) || (a == 192 && b == 168) {
        Class::Internal("private (RFC 1918)")
    } else if a == 100 && (64..128).contains(&b) {
        Class::Internal("shared address space (100.64.0.0/10)")
    } else if a == 198 && (b == 18 || b == 19) {
        Class::Internal("benchmarking (198.18.0.0/15)")
    } else if matches!(
        [a, b, c],
        [192, 0, 0] | [192, 0, 2] | [198, 51, 100] | [203, 0, 113] | [192, 88, 99]
    ) {
        Class::Internal("reserved for protocols and documentation")
    } else {
        Class::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> Class {
    let s = ip.segments();
    if s[0] & 0xffc0 == 0xfe80 {
        Class::Forbidden("link-local (fe80::/10)")
    } else if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
        || ip == Ipv6Addr::new(0xfd20, 0xce, 0, 0, 0, 0, 0, 0x254)
    {
        Class::Forbidden(METADATA)
    } else if s[0] & 0xff00 == 0xff00 {
        Class::Forbidden("multicast (ff00::/8)")
    } else if ip.is_loopback() {
        Class::Internal("loopback (::1)")
    } else if ip.is_unspecified() {
        Class::Internal("this host (::)")
    } else if s[0] & 0xfe00 == 0xfc00 {
        Class::Internal("unique local (fc00::/7)")
    } else if s[0] & 0xffc0 == 0xfec0 {
        Class::Internal("site-local (fec0::/10)")
    } else if s[0] == 0x2001 && s[1] == 0xdb8 {
        Class::Internal("documentation (2001:db8::/32)")
    } else if s[..4] == [0x100, 0, 0, 0] {
        Class::Internal("discard (100::/64)")
    } else if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        // Local-use NAT64 (RFC 8215): the IPv4 address may sit anywhere in it.
        Class::Internal("local-use NAT64 (64:ff9b:1::/48)")
    } else {
        Class::Public
    }
}

/// IPv4 addresses an IPv6 address carries to an IPv4 host: mapped (`::ffff:a.b.c.d`),
/// compatible (`::a.b.c.d`), translated (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4
/// (`2002:AABB:CCDD::`) and Teredo (server, and the client obfuscated in the last 32 bits).
fn embedded_v4(ip: Ipv6Addr) -> Vec<Ipv4Addr> {
    let s = ip.segments();
    let from = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    let mut found = Vec::new();
    let low = from(s[6], s[7]);
    if s[..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || s[5] == 0) && !(s[5] == 0 && s[6] == 0) {
        // Mapped and compatible (not `::` or `::1`, which are IPv6's own).
        found.push(low);
    }
    if s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0 {
        found.push(low);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        found.push(low);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        found.push(low);
    }
    if s[0] == 0x2002 {
        found.push(from(s[1], s[2]));
    }
    if s[0] == 0x2001 && s[1] == 0 {
        found.push(from(s[2], s[3]));
        found.push(from(!s[6], !s[7]));
    }
    found
}

/// How a name is judged before it is resolved: names that always mean this machine, and the
/// names of metadata services; other names are judged by what they resolve to.
pub fn classify_name(name: &str) -> Option<Class> {
    if METADATA_NAMES.contains(&name) {
        Some(Class::Forbidden(METADATA))
    } else if LOOPBACK_NAMES.contains(&name) || name.ends_with(".localhost") {
        Some(Class::Internal("loopback (a name for this machine)"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        match parse_host(text) {
            Ok(Host::Ip(ip)) => ip,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_ipv4_notation_is_the_same_address() {
        for spelling in [
            "169.254.169.254",
            "2852039166",
            "0xa9fea9fe",
            "0XA9FEA9FE",
            "0251.0376.0251.0376",
            "0xa9.0xfe.0xa9.0xfe",
            "0251.254.0xa9.254",
            "169.254.43518",
            "169.16689662",
            "0xa9.16689662",
            "169.254.169.254.",
            "00000251.0376.0251.0376",
        ] {
            assert_eq!(ip(spelling), ip("169.254.169.254"), "{spelling}");
        }
        assert_eq!(ip("127.1"), ip("127.0.0.1"));
        assert_eq!(ip("0"), ip("0.0.0.0"));
        assert_eq!(ip("0x7f000001"), ip("127.0.0.1"));
        assert_eq!(ip("1.2.3.0x"), ip("1.2.3.0"));
        for not_an_address in ["256.1.1.1", "1.2.3.4.5", "4294967296", "08.1.1.1"] {
            assert!(
                !matches!(parse_host(not_an_address), Ok(Host::Ip(_))),
                "{not_an_address}"
            );
        }
    }

    #[test]
    fn ipv6_spellings_and_what_they_carry() {
        for (spelling, class) in [
            ("[::ffff:169.254.169.254]", "forbidden"),
            ("::ffff:a9fe:a9fe", "forbidden"),
            ("::169.254.169.254", "forbidden"),
            ("::ffff:0:169.254.169.254", "forbidden"),
            ("64:ff9b::169.254.169.254", "forbidden"),
            ("64:ff9b:1::a9fe:a9fe", "forbidden"),
            ("2002:a9fe:a9fe::1", "forbidden"),
            ("2001:0:a9fe:a9fe::5601:5601", "forbidden"),
            ("[fd00:ec2::254]", "forbidden"),
            ("fd20:ce::254", "forbidden"),
            ("fe80::1%eth0", "forbidden"),
            ("[fe80::1%25eth0]", "forbidden"),
            ("ff02::1", "forbidden"),
            ("::1", "internal"),
            ("[::1]", "internal"),
            ("::", "internal"),
            ("::ffff:127.0.0.1", "internal"),
            ("::ffff:10.0.0.1", "internal"),
            ("fd12:3456::1", "internal"),
            ("2002:7f00:1::", "internal"),
            ("2606:4700::1111", "public"),
            ("::ffff:8.8.8.8", "public"),
            ("64:ff9b::808:808", "public"),
        ] {
            let got = match classify(ip(spelling)) {
                Class::Public => "public",
                Class::Internal(_) => "internal",
                Class::Forbidden(_) => "forbidden",
            };
            assert_eq!(got, class, "{spelling}");
        }
    }

    #[test]
    fn ipv4_ranges() {
        for (address, class) in [
            ("169.254.169.254", "forbidden"),
            ("169.254.0.1", "forbidden"),
            ("100.100.100.200", "forbidden"),
            ("192.0.0.192", "forbidden"),
            ("168.63.129.16", "forbidden"),
            ("224.0.0.1", "forbidden"),
            ("255.255.255.255", "forbidden"),
            ("127.0.0.1", "internal"),
            ("127.8.9.10", "internal"),
            ("0.0.0.0", "internal"),
            ("10.1.2.3", "internal"),
            ("172.16.0.1", "internal"),
            ("172.31.255.255", "internal"),
            ("192.168.1.1", "internal"),
            ("100.64.0.1", "internal"),
            ("1.1.1.1", "public"),
            ("172.32.0.1", "public"),
            ("100.128.0.1", "public"),
        ] {
            let got = match classify(ip(address)) {
                Class::Public => "public",
                Class::Internal(_) => "internal",
                Class::Forbidden(_) => "forbidden",
            };
            assert_eq!(got, class, "{address}");
        }
    }

    #[test]
    fn names_and_garbage() {
        assert_eq!(
            parse_host("Example.COM."),
            Ok(Host::Name("example.com".to_owned()))
        );
        for garbage in [
            "",
            "-oProxyCommand=x",
            "a b",
            "host:80",
            "user@host",
            "[example.com]",
            "a..b",
            "ex/ample",
            "ünï.example",
            "[::1",
        ] {
            assert!(parse_host(garbage).is_err(), "{garbage}");
        }
        assert!(matches!(
            classify_name("metadata.google.internal"),
            Some(Class::Forbidden(_))
        ));
        assert!(matches!(
            classify_name("api.localhost"),
            Some(Class::Internal(_))
        ));
        assert_eq!(classify_name("example.com"), None);
    }
}
