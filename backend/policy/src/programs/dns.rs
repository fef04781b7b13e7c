//! Name lookups: `dig`, `host`, `nslookup`, `drill` and `whois`, each read with its own option
//! syntax. They are low only when they ask the system's resolvers (or whois's own servers) the
//! questions written on the line. Containment lets UDP out on purpose, so a DNS query to a server
//! of the line's choosing carries data out: a server operand, `@SERVER`, TCP, zone transfers,
//! queries read from a file or from the input, and whois to a chosen host or port are not low.

use super::{Ctx, Judgement, Operands, hostnames, judged};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, flag, reads, unproven, value, writes};

/// Why a DNS lookup goes beyond asking the system's resolvers for a record: a server of the
/// line's choosing (`dig @SERVER`, `nslookup NAME SERVER`, `host NAME SERVER`), TCP (`+tcp`,
/// `+vc`, `-vc`, `-T`, DNS over TLS or HTTPS), or a zone transfer (`axfr`, `ixfr`, `host -l`).
fn dns_elsewhere(name: &str, args: &[String]) -> Option<String> {
    for arg in args {
        let lower = arg.to_ascii_lowercase();
        if arg.starts_with('@') || lower.starts_with("-server") {
            return Some(format!("{arg} asks a DNS server the line chooses"));
        }
        let tcp = match name {
            "host" => arg == "-T",
            "nslookup" => lower == "-vc",
            _ => {
                // `+tcp`, `+vc`, and DNS over TLS or HTTPS (`+tls`, `+https`, `+http-plain`,
                // `+tls-ca=FILE`...), which also read certificate files. dig takes any prefix
                // of a `+` option (`+v` is `+vc`, `+tc` may be `+tcp`), so a name that is a
                // prefix of one of them counts as it.
                lower.strip_prefix('+').is_some_and(|option| {
                    let name = option.split_once('=').map_or(option, |(name, _)| name);
                    !name.is_empty()
                        && ["tcp", "vc", "tls", "https", "http-plain"]
                            .iter()
                            .any(|t| name.starts_with(t) || t.starts_with(name))
                })
            }
        };
        if tcp {
            return Some(format!("{arg} queries over TCP"));
        }
        if name == "dig" && dig_plus_named(&lower, DIG_ELSEWHERE) {
            return Some(format!(
                "{arg} asks servers other than the system's resolvers (the root's, the name's own), at addresses the name's delegation chooses"
            ));
        }
        if lower.contains("axfr") || lower.contains("ixfr") {
            return Some("a zone transfer".to_owned());
        }
        if name == "host" && arg.starts_with('-') && !arg.starts_with("--") && arg.contains('l') {
            return Some("host -l lists a whole zone".to_owned());
        }
    }
    // nslookup NAME SERVER, host NAME SERVER: the second operand is the server. `-` is an
    // operand too (nslookup's interactive mode: `nslookup - SERVER`).
    if matches!(name, "nslookup" | "host") {
        let mut operands = 0;
        let mut takes_value = false;
        for arg in args {
            if takes_value {
                takes_value = false;
                continue;
            }
            if arg.starts_with('-') && arg != "-" {
                takes_value = name == "host" && HOST_VALUED.contains(&arg.as_str());
                continue;
            }
            operands += 1;
        }
        if operands > 1 {
            return Some("the second operand is a DNS server the line chooses".to_owned());
        }
    }
    None
}

/// dig `+` options that send the questions to servers other than the system's resolvers:
/// `+trace` walks the delegations from the root, `+nssearch` asks each of the zone's name
/// servers. The addresses they reach are whatever the delegations (records their owners
/// write) name, internal ones included.
const DIG_ELSEWHERE: &[&str] = &["trace", "nssearch"];

/// dig `+` options known to change only how the system's resolvers are asked or how the
/// answer is printed, on or off (`+noall +answer`). Those that reach other servers, other
/// transports or carry the line's bytes are judged on their own; anything else (an option a
/// newer dig added, `+proxy`, an old `+trusted-key=FILE`) is not known to be harmless.
const DIG_PLUS_SAFE: &[&str] = &[
    "aaflag",
    "aaonly",
    "additional",
    "adflag",
    "all",
    "answer",
    "authority",
    "badcookie",
    "besteffort",
    "bufsize",
    "cdflag",
    "class",
    "cmd",
    "comments",
    "coflag",
    "cookie",
    "crypto",
    "defname",
    "dns64prefix",
    "dnssec",
    "domain",
    "dscp",
    "edns",
    "ednsflags",
    "ednsnegotiation",
    "expandaaaa",
    "expire",
    "fail",
    "header-only",
    "identify",
    "idnin",
    "idnout",
    "ignore",
    "keepalive",
    "keepopen",
    "mapped",
    "multiline",
    "ndots",
    "nsid",
    "onesoa",
    "opcode",
    "padding",
    "qid",
    "qr",
    "question",
    "raflag",
    "rdflag",
    "recurse",
    "retry",
    "rrcomments",
    "search",
    "short",
    "showbadcookie",
    "showbadvers",
    "showsearch",
    "split",
    "stats",
    "tcflag",
    "time",
    "tries",
    "ttlid",
    "ttlunits",
    "unexpectedsrc",
    "unknownformat",
    "yaml",
    "zflag",
];

/// dig `+` options harmless only when turned off (`+notcp`, `+notrace`, `+nosubnet`).
const DIG_PLUS_OFF: &[&str] = &[
    "tcp",
    "vc",
    "tls",
    "tls-ca",
    "tls-certfile",
    "tls-keyfile",
    "tls-hostname",
    "https",
    "https-get",
    "https-post",
    "http-plain",
    "http-plain-get",
    "http-plain-post",
    "trace",
    "nssearch",
    "ednsopt",
    "subnet",
];

/// Whether a lowercased dig word `+NAME[=VALUE]` is one of `options`: dig takes any prefix of
/// a `+` option, so a name that is a prefix of one (or starts with one) counts as it.
fn dig_plus_named(lower: &str, options: &[&str]) -> bool {
    lower.strip_prefix('+').is_some_and(|option| {
        let name = option.split_once('=').map_or(option, |(name, _)| name);
        !name.is_empty()
            && options
                .iter()
                .any(|full| full.starts_with(name) || name.starts_with(full))
    })
}

/// Whether a dig `+` word is not known to be harmless: its name (after `no`) is a prefix of
/// no option of [`DIG_PLUS_SAFE`], nor, turned off, of [`DIG_PLUS_OFF`], or it sets an opcode
/// other than QUERY. Those of [`DIG_PLUS_OFF`] turned on are judged by what they do.
fn dig_plus_unknown(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if dig_plus_named(&lower, DIG_PLUS_OFF) {
        return false;
    }
    let Some(option) = lower.strip_prefix('+') else {
        return false;
    };
    let name = option.split_once('=').map_or(option, |(name, _)| name);
    // `+opcode=` sends a message that is not a question (NOTIFY makes a secondary server
    // refresh the zone, UPDATE asks to change it): only QUERY (0) only asks.
    if let Some((_, opcode)) = option.split_once('=')
        && !name.is_empty()
        && "opcode".starts_with(name)
        && !matches!(opcode, "query" | "0")
    {
        return true;
    }
    let prefix_of = |options: &[&str], name: &str| {
        !name.is_empty() && options.iter().any(|full| full.starts_with(name))
    };
    let off = name.strip_prefix("no");
    !(prefix_of(DIG_PLUS_SAFE, name)
        || off.is_some_and(|base| prefix_of(DIG_PLUS_SAFE, base) || prefix_of(DIG_PLUS_OFF, base)))
}

/// The DNS port: a lookup sent to any other (`dig -p`, `host -p`, `drill -p`, nslookup's
/// `-port=`) reaches whatever listens there on the resolvers' hosts.
fn other_port(port: &str) -> bool {
    port != "53"
}

/// `host` options that take the next word as their value.
const HOST_VALUED: &[&str] = &["-t", "-c", "-N", "-R", "-W", "-m", "-p"];

/// bind9 `host` (`isc_commandline_parse`: options end at the first operand).
const HOST: &[Opt] = &[
    flag("4"),
    flag("6"),
    flag("a"),
    flag("A"),
    unproven(
        "C",
        Takes::No,
        "asks each of the zone's name servers directly, at addresses its delegation chooses",
    ),
    flag("d"),
    flag("D"),
    flag("i"),
    flag("l"),
    flag("n"),
    flag("r"),
    flag("s"),
    flag("T"),
    flag("U"),
    flag("v"),
    flag("V"),
    flag("w"),
    value("c"),
    value("m"),
    value("N"),
    value("p"),
    value("R"),
    value("t"),
    value("W"),
];

/// ldns `drill`.
const DRILL: &[Opt] = &[
    flag("4"),
    flag("6"),
    flag("a"),
    flag("D"),
    flag("e"),
    flag("h"),
    flag("Q"),
    flag("s"),
    flag("S"),
    unproven(
        "T",
        Takes::No,
        "traces the name from the root, asking servers other than the system's resolvers at addresses the delegations choose",
    ),
    flag("u"),
    flag("v"),
    flag("x"),
    flag("z"),
    unproven("t", Takes::No, "queries over TCP"),
    value("b"),
    value("d"),
    value("o"),
    value("p"),
    value("V"),
    value("I"),
    unproven(
        "y",
        Takes::Value,
        "signs queries with a key given on the line",
    ),
    reads("c"),
    unproven("f", Takes::Value, "sends a query packet read from a file"),
    reads("i"),
    reads("k"),
    reads("r"),
    writes("w"),
];

/// Debian's `whois` (`getopt_long`): `-h`/`-p` send the query, and whatever it carries, to any
/// TCP host and port.
const WHOIS: &[Opt] = &[
    unproven(
        "h|host",
        Takes::Value,
        "sends the query to a host the line chooses",
    ),
    unproven(
        "p|port",
        Takes::Value,
        "sends the query to a port the line chooses",
    ),
    flag("H"),
    flag("I"),
    flag("verbose"),
    flag("no-recursion"),
    flag("help"),
    flag("version"),
    flag("l"),
    flag("L"),
    flag("m"),
    flag("M"),
    flag("c"),
    flag("x"),
    flag("b"),
    flag("B"),
    flag("G"),
    flag("d"),
    flag("K"),
    flag("r"),
    flag("R"),
    flag("a"),
    value("s"),
    value("g"),
    value("t"),
    value("v"),
    value("q"),
    value("i"),
    value("T"),
];

/// dig's one-letter options without a value, and those taking one (attached or the next word).
const DIG_FLAGS: &str = "46dhimnruv";
const DIG_VALUED: &str = "bcfkpqtxy";

/// dig's `-` options, clustered as dig reads them (`-4f -` is `-4 -f -`).
fn dig_options(ctx: &Ctx, args: &[String], j: &mut Judgement) {
    let mut i = 0;
    while let Some(word) = args.get(i) {
        i += 1;
        let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (at, letter) in cluster.char_indices() {
            if DIG_FLAGS.contains(letter) {
                continue;
            }
            if !DIG_VALUED.contains(letter) {
                j.raise(RiskLevel::Medium, format!("dig: unknown option -{letter}"));
                break;
            }
            let attached = &cluster[at + letter.len_utf8()..];
            let value = if attached.is_empty() {
                i += 1;
                args.get(i - 1).map_or("", String::as_str)
            } else {
                attached
            };
            match letter {
                'f' => {
                    j.raise(
                        RiskLevel::Medium,
                        format!("dig -f {value} reads queries from a file (or, with -, its input)"),
                    );
                    // Each line goes out as a query and comes back in the answer.
                    j.raise_path(ctx.read(value));
                }
                'k' => {
                    j.raise(
                        RiskLevel::Medium,
                        format!("dig -k {value} reads a key file"),
                    );
                    j.raise_path(ctx.read(value));
                }
                'y' => j.raise(
                    RiskLevel::Medium,
                    "dig -y signs queries with a key given on the line",
                ),
                'p' if other_port(value) => j.raise(
                    RiskLevel::Medium,
                    format!("dig -p {value} sends the queries to a port the line chooses"),
                ),
                _ => {}
            }
            break;
        }
    }
}

/// Whether a dig `+` option carries data of the line's choosing in the query besides the name:
/// an EDNS option's payload (`+ednsopt=CODE:HEX`), a client subnet (`+subnet=ADDR`, which
/// resolvers forward to the name's authoritative servers), a client cookie (`+cookie=HEX`).
/// dig takes any prefix of a `+` option, so a prefix of one of these counts as it.
fn dig_carries_data(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.strip_prefix('+').is_some_and(|option| {
        let (name, value) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (option, None),
        };
        let named =
            |full: &str| !name.is_empty() && (full.starts_with(name) || name.starts_with(full));
        named("ednsopt")
            || named("subnet")
            || (named("cookie") && value.is_some_and(|v| !v.is_empty()))
    })
}

/// The names dig sends: its operands (name, type and class words, which pass the name model
/// anyway), `-q NAME`, `-x ADDRESS` and a `+domain=NAME` search suffix (any prefix from `+dom`).
fn dig_names(args: &[String]) -> Vec<&str> {
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(word) = args.get(i) {
        i += 1;
        if word.starts_with('@') {
            continue;
        }
        if let Some(option) = word.strip_prefix('+') {
            if let Some((key, value)) = option.split_once('=')
                && key.len() >= 3
                && "domain".starts_with(&key.to_ascii_lowercase())
            {
                names.push(value);
            }
            continue;
        }
        let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
            names.push(word.as_str());
            continue;
        };
        for (at, letter) in cluster.char_indices() {
            if !DIG_VALUED.contains(letter) {
                continue;
            }
            let attached = &cluster[at + letter.len_utf8()..];
            let value = if attached.is_empty() {
                i += 1;
                args.get(i - 1).map_or("", String::as_str)
            } else {
                attached
            };
            if matches!(letter, 'q' | 'x') {
                names.push(value);
            }
            break;
        }
    }
    names
}

/// The names nslookup sends: its first operand (a second is a server, judged elsewhere; `-`
/// is its interactive mode) and a `-domain=NAME` or `-srchlist=NAMES` search suffix.
fn nslookup_names(args: &[String]) -> Vec<&str> {
    let mut names = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some("") => {}
            Some(setting) => {
                if let Some((key, value)) = setting.split_once('=') {
                    let key = key.to_ascii_lowercase();
                    if (key.len() >= 2 && "domain".starts_with(&key)) || key == "srchlist" {
                        names.extend(value.split('/'));
                    }
                }
            }
            None => names.push(arg.as_str()),
        }
    }
    names
}

/// whois queries: host names and addresses, a network (`192.0.2.0/24`), an AS number.
fn whois_query_names<'a>(operands: &[&'a str]) -> Vec<&'a str> {
    operands
        .iter()
        .copied()
        .filter(|query| {
            let asn = query.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("as"))
                && query.len() <= 12
                && query[2..].chars().all(|c| c.is_ascii_digit())
                && query.len() > 2;
            let network = query.split_once('/').is_some_and(|(ip, bits)| {
                ip.parse::<std::net::IpAddr>().is_ok()
                    && bits.len() <= 3
                    && bits.parse::<u8>().is_ok()
            });
            !asn && !network
        })
        .collect()
}

/// nslookup's `-option[=value]` settings (with the abbreviations nslookup accepts), judged
/// positively: anything else is not known to be harmless. `-vc` (TCP) is judged with the
/// server checks.
const NSLOOKUP_SETTINGS: &[&str] = &[
    "type",
    "ty",
    "querytype",
    "query",
    "q",
    "class",
    "cl",
    "port",
    "po",
    "timeout",
    "ti",
    "retry",
    "ret",
    "domain",
    "do",
    "search",
    "sea",
    "nosearch",
    "nosea",
    "recurse",
    "rec",
    "norecurse",
    "norec",
    "debug",
    "deb",
    "nodebug",
    "nodeb",
    "d2",
    "nod2",
    "ndots",
    "fail",
    "nofail",
    "novc",
    "sil",
    "silent",
    "vc",
    "version",
];

fn nslookup_options(args: &[String], j: &mut Judgement) {
    for arg in args {
        let Some(setting) = arg.strip_prefix('-').filter(|s| !s.is_empty()) else {
            continue;
        };
        let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
        let lower = name.to_ascii_lowercase();
        if lower.len() >= 2 && "port".starts_with(&lower) && other_port(value) {
            j.raise(
                RiskLevel::Medium,
                format!("nslookup {arg} sends the queries to a port the line chooses"),
            );
        }
        if !NSLOOKUP_SETTINGS.contains(&name.to_ascii_lowercase().as_str())
            && !name.to_ascii_lowercase().starts_with("server")
        {
            j.raise(
                RiskLevel::Medium,
                format!("nslookup: {arg} is not a setting known to be harmless"),
            );
        }
    }
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let mut j = match name {
        "dig" => {
            let mut j = Judgement::low("looks up names");
            dig_options(ctx, args, &mut j);
            if let Some(option) = args.iter().find(|a| dig_plus_unknown(a)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("dig: {option} is not an option known to be harmless"),
                );
            }
            if let Some(option) = args.iter().find(|a| dig_carries_data(a)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("dig {option} puts bytes of the line's choosing into the query, which resolvers may pass on"),
                );
            }
            hostnames::raise(&mut j, name, dig_names(args));
            // Each name waits its tries times its timeout for a silent server: bounded alone,
            // a list of names multiplies them.
            let names = dig_names(args).len().max(1);
            let lasts = dig_wait(args)
                .is_some_and(|each| each * names as f64 <= super::ending::LONGEST_RUN_S);
            super::ending::require(ctx, &mut j, lasts, || {
                format!(
                    "dig: {names} names, each waiting its tries times its timeout, last longer than a run"
                )
            });
            j
        }
        "host" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::posix(HOST),
                Operands::Inert,
                "looks up names",
            );
            if let Some(port) = parsed.values("p").find(|p| other_port(p)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("host -p {port} sends the queries to a port the line chooses"),
                );
            }
            hostnames::raise(&mut j, name, parsed.operands.iter().copied());
            j
        }
        "nslookup" => {
            let mut j = Judgement::low("looks up names");
            nslookup_options(args, &mut j);
            hostnames::raise(&mut j, name, nslookup_names(args));
            j
        }
        "drill" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(DRILL),
                Operands::Inert,
                "looks up names",
            );
            if let Some(port) = parsed.values("p").find(|p| other_port(p)) {
                j.raise(
                    RiskLevel::Medium,
                    format!("drill -p {port} sends the queries to a port the line chooses"),
                );
            }
            // `-c FILE` takes the servers to ask from a resolv.conf the line names (or its
            // input: `echo nameserver ADDR | drill -c /dev/stdin`).
            if let Some(file) = parsed.values("c").find(|f| *f != "/etc/resolv.conf") {
                j.raise(
                    RiskLevel::Medium,
                    format!("drill -c {file} asks the servers a file the line names lists"),
                );
            }
            let names = parsed
                .operands
                .iter()
                .copied()
                .filter(|o| !o.starts_with('@'));
            hostnames::raise(&mut j, name, names);
            j
        }
        "whois" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(WHOIS),
                Operands::Inert,
                "looks up registration records",
            );
            hostnames::raise(&mut j, name, whois_query_names(&parsed.operands));
            return Some(j);
        }
        _ => return None,
    };
    if let Some(why) = dns_elsewhere(name, args) {
        j.raise(RiskLevel::Medium, format!("{name}: {why}"));
    }
    let waits = long_wait(name, args);
    super::ending::require(ctx, &mut j, waits.is_none(), || {
        format!("{name}: {}", waits.unwrap_or_default())
    });
    Some(j)
}

/// The longest a lookup may wait for one reply where nothing contains it, in seconds.
const MOST_WAIT_S: u64 = 60;
/// The most tries of a lookup where nothing contains it.
const MOST_TRIES: u64 = 10;

/// Why a lookup waits longer than a run lasts for a server that does not answer: dig's
/// `+time=`, `+tries=`, `+retry=` (any prefix dig takes), host's `-W`, `-R` and `-w` (wait for
/// ever), nslookup's `-timeout=` and `-retry=` (and their short spellings).
/// Seconds one dig query may wait for a silent server: `+tries` (3 by default; `+retry=N` is
/// N + 1 tries) times `+time` (5 by default), as the last of each on the line says.
fn dig_wait(args: &[String]) -> Option<f64> {
    let mut time = 5.0;
    let mut tries = 3.0;
    for arg in args {
        let lower = arg.to_ascii_lowercase();
        let Some(option) = lower.strip_prefix('+') else {
            continue;
        };
        let (key, value) = option.split_once('=').unwrap_or((option, ""));
        let named = |full: &str| key.len() >= 2 && (full.starts_with(key) || key.starts_with(full));
        if named("time") {
            time = value.parse::<f64>().ok()?;
        } else if named("tries") {
            tries = value.parse::<f64>().ok()?;
        } else if named("retry") {
            tries = value.parse::<f64>().ok()? + 1.0;
        }
    }
    Some(time * tries)
}

fn long_wait(name: &str, args: &[String]) -> Option<String> {
    let within = |value: &str, most: u64| value.parse::<u64>().is_ok_and(|n| n <= most);
    for (at, arg) in args.iter().enumerate() {
        let lower = arg.to_ascii_lowercase();
        match name {
            "dig" => {
                let Some(option) = lower.strip_prefix('+') else {
                    continue;
                };
                let (key, value) = option.split_once('=').unwrap_or((option, ""));
                let named =
                    |full: &str| key.len() >= 2 && (full.starts_with(key) || key.starts_with(full));
                let most = if named("time") {
                    MOST_WAIT_S
                } else if named("tries") || named("retry") {
                    MOST_TRIES
                } else {
                    continue;
                };
                if !within(value, most) {
                    return Some(format!(
                        "{arg} waits past {most} for a server that may not answer"
                    ));
                }
            }
            "host" => {
                let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.starts_with('-')) else {
                    continue;
                };
                for (i, letter) in cluster.char_indices() {
                    if letter == 'w' {
                        return Some("host -w waits for ever for a reply".to_owned());
                    }
                    if HOST_VALUED.contains(&format!("-{letter}").as_str()) {
                        let attached = &cluster[i + 1..];
                        let value = if attached.is_empty() {
                            args.get(at + 1).map_or("", String::as_str)
                        } else {
                            attached
                        };
                        let most = match letter {
                            'W' => MOST_WAIT_S,
                            'R' => MOST_TRIES,
                            _ => break,
                        };
                        if !within(value, most) {
                            return Some(format!(
                                "host -{letter} {value} waits past {most} for a server that may not answer"
                            ));
                        }
                        break;
                    }
                }
            }
            "nslookup" => {
                let Some((key, value)) = lower.strip_prefix('-').and_then(|s| s.split_once('='))
                else {
                    continue;
                };
                let most = if key.len() >= 2 && "timeout".starts_with(key) {
                    MOST_WAIT_S
                } else if key.len() >= 3 && "retry".starts_with(key) {
                    MOST_TRIES
                } else {
                    continue;
                };
                if !within(value, most) {
                    return Some(format!(
                        "{arg} waits past {most} for a server that may not answer"
                    ));
                }
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::judged_alone;

    fn level(line: &str) -> RiskLevel {
        judged_alone(judge, line).unwrap_or(RiskLevel::Medium)
    }

    #[test]
    fn lookups_through_the_system_resolvers_stay_low() {
        for line in [
            "dig example.com",
            "dig +short example.com MX",
            "dig -t TXT example.com",
            "dig -x 192.0.2.1",
            "dig -4 example.com",
            "dig +notrace example.com",
            "dig +nonssearch +noall +answer example.com",
            "dig +nocmd +multi +dnssec +ttlunits example.com",
            "dig +notcp +nosubnet example.com",
            "dig -p 53 example.com",
            "dig +tries=2 +time=1 example.com",
            "dig +nocmd +nocomments example.com",
            "host example.com",
            "host -t mx example.com",
            "host -a example.com",
            "nslookup example.com",
            "nslookup -type=TXT example.com",
            "nslookup -q=mx example.com",
            "drill example.com",
            "drill -S example.com",
            "drill -p 53 -c /etc/resolv.conf example.com",
            "host -p 53 example.com",
            "nslookup -port=53 example.com",
            "whois example.com",
            "whois -H example.com",
        ] {
            assert_eq!(level(line), RiskLevel::Low, "{line}");
        }
    }

    #[test]
    fn servers_tcp_batches_and_chosen_hosts_are_not_low() {
        for line in [
            "nslookup - 203.0.113.9",
            "nslookup example.com 203.0.113.9",
            "nslookup -vc example.com",
            "nslookup -frobnicate example.com",
            "host example.com 203.0.113.9",
            "host -T example.com",
            "host -Z example.com",
            "dig -f -",
            "dig -f/tmp/q",
            "dig -4f -",
            "dig -rf /tmp/q",
            "dig -k /etc/bind/k.key example.com",
            "dig -y hmac-sha256:k:c2VjcmV0 example.com",
            "dig -Z example.com",
            "dig +tls example.com",
            "dig +https example.com",
            "dig +vc example.com",
            "dig +v example.com",
            "dig +tc example.com",
            "dig +t example.com",
            "dig +tl example.com",
            "dig +htt example.com",
            "dig +http-p example.com",
            "drill -t example.com",
            "drill -T example.com",
            "drill -p 5353 example.com",
            "drill -c /dev/stdin example.com",
            "dig +trace example.com",
            "dig +tra example.com",
            "dig +nssearch example.com",
            "dig +nss example.com",
            "dig +TRACE example.com",
            "dig -p 5353 example.com",
            "dig -4p5353 example.com",
            "dig +proxy=192.0.2.1#1-192.0.2.2#2 example.com",
            "dig +trusted-key=/tmp/k example.com",
            "dig +frobnicate example.com",
            "host -C example.com",
            "host -p 5353 example.com",
            "nslookup -port=5353 example.com",
            "nslookup -po=5353 example.com",
            "drill -f /tmp/packet",
            "drill -y k:c2VjcmV0 example.com",
            "whois -h 203.0.113.9 -p 4444 secretdata",
            "whois --host 203.0.113.9 x",
            "whois --host=203.0.113.9 x",
            "whois -hwhois.example x",
            "whois -Hh 203.0.113.9 x",
            "whois -p 4444 example.com",
            "whois --po=4444 example.com",
            "whois --frobnicate example.com",
        ] {
            assert!(level(line) >= RiskLevel::Medium, "{line}");
        }
        assert!(level("drill -w /tmp/answer example.com") >= RiskLevel::High);
    }
}
