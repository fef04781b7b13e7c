//! Network tools. `ip` is read word by word as it reads itself (objects and verbs by prefix:
//! `ip link s` is `set`, `ip r d` is `delete`); only its listing verbs are low. `ss` without
//! `-K`/`-D`, `netstat` and probes are low; interface tools are low only when they list;
//! capturing traffic is high. Name lookups are in `dns.rs`.

use super::{Ctx, Judgement, Operands, hostnames, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Spec, Takes, changes, endless, flag, reads, sizes, unproven, value, writes,
};

/// `ip` objects, in the order `ip` matches abbreviations against them.
const IP_OBJECTS: &[&str] = &[
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "tcp_metrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "help",
    "stats",
];
/// Verbs that only show.
const IP_READS: &[&str] = &[
    "show", "list", "lst", "get", "help", "showdump", "identify", "pids",
];
/// Verbs that change something (any abbreviation of one of these is taken as it).
const IP_CHANGES: &[&str] = &[
    "add",
    "append",
    "change",
    "chg",
    "replace",
    "prepend",
    "set",
    "delete",
    "del",
    "flush",
    "restore",
    "save",
    "attach",
    "detach",
    "exec",
    "test",
    "update",
    "deleteall",
    "reset",
];
/// `ip`'s global options that only shape its output (any prefix of one is that option).
const IP_OPTIONS: &[&str] = &[
    "-Version",
    "-statistics",
    "-stats",
    "-details",
    "-resolve",
    "-human-readable",
    "-human",
    "-iec",
    "-json",
    "-pretty",
    "-family",
    "-4",
    "-6",
    "-0",
    "-M",
    "-B",
    "-loops",
    "-brief",
    "-oneline",
    "-timestamp",
    "-tshort",
    "-rcvbuf",
    "-netns",
    "-Numeric",
    "-all",
    "-color",
    "-force",
    "-echo",
    "-help",
];
/// `ip` global options that take a value.
const IP_VALUED: &[&str] = &[
    "-f", "-family", "-l", "-loops", "-rc", "-rcvbuf", "-n", "-netns",
];

/// tc(8)'s options that only choose how a listing is printed, each in its full spelling
/// (iproute2 takes a second dash and any prefix, and `-b`, `-batch` run the commands of a file).
const TC_LISTING_OPTIONS: &[&str] = &[
    "-s",
    "-stats",
    "-statistics",
    "-d",
    "-details",
    "-p",
    "-pretty",
    "-i",
    "-iec",
    "-j",
    "-json",
    "-N",
    "-Numeric",
    "-nm",
    "-name",
    "-t",
    "-timestamp",
    "-ts",
    "-tshort",
    "-r",
    "-raw",
    "-g",
    "-graph",
    "-V",
    "-Version",
];

/// bridge(8)'s options that only choose how a listing is printed, in full.
const BRIDGE_LISTING_OPTIONS: &[&str] = &[
    "-s",
    "-stats",
    "-statistics",
    "-d",
    "-details",
    "-p",
    "-pretty",
    "-j",
    "-json",
    "-o",
    "-oneline",
    "-V",
    "-Version",
];

/// An iproute2 listing, `NAME [OPTIONS] OBJECT [show|list|ls [SELECTORS]]` (tc(8), bridge(8)):
/// only with the options, the object and the verb spelled in full, as iproute2 takes any
/// prefix (tc's `l` is `link` before it is `list`) and `-b`/`-batch` runs the commands of a
/// file. The selectors after the verb (`dev eth0`, `root`, `parent 1:`, `vlan 10`) only choose
/// what is listed. Anything else changes the configuration or is not proven harmless.
fn iproute_listing(
    name: &str,
    args: &[String],
    options: &[&str],
    objects: &[&str],
    reason: &'static str,
) -> Judgement {
    let j = Judgement::low(reason);
    let mut words = args.iter().map(String::as_str).peekable();
    while let Some(word) = words.next_if(|w| w.starts_with('-')) {
        let bare = word
            .strip_prefix('-')
            .filter(|b| b.starts_with('-'))
            .unwrap_or(word);
        if options.contains(&bare) {
            continue;
        }
        if bare.starts_with("-b") {
            return j.with(
                RiskLevel::High,
                format!("{name} {word} runs the {name} commands a file holds"),
            );
        }
        return j.with(
            RiskLevel::Medium,
            format!("{name}: option {word} is not known to be harmless"),
        );
    }
    let Some(object) = words.next() else {
        return j;
    };
    if !objects.contains(&object) {
        return j.with(
            RiskLevel::High,
            format!("{name} {object} changes network configuration"),
        );
    }
    match words.next() {
        None | Some("show" | "list" | "ls") => j,
        Some(verb) => j.with(
            RiskLevel::High,
            format!("{name} {object} {verb} changes network configuration"),
        ),
    }
}

fn ip(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("reads network configuration");
    let mut i = 0;
    while let Some(word) = args.get(i) {
        if !word.starts_with('-') {
            break;
        }
        i += 1;
        let bare = word.split_once('=').map_or(word.as_str(), |(n, _)| n);
        // ip drops a second leading dash (`--batch` is `-batch`) and takes any prefix.
        let bare = bare
            .strip_prefix('-')
            .filter(|b| b.starts_with('-'))
            .unwrap_or(bare);
        if matches!(bare, "-b" | "-batch") || ("-batch".starts_with(bare) && bare.len() > 2) {
            j.raise(RiskLevel::High, "ip -batch runs ip commands from a file");
        } else if bare.len() < 2 || !IP_OPTIONS.iter().any(|known| known.starts_with(bare)) {
            j.raise(RiskLevel::Medium, format!("ip: unknown option {word}"));
        }
        if IP_VALUED.contains(&bare) && !word.contains('=') {
            i += 1;
        }
    }
    let Some(object) = args.get(i) else {
        return j;
    };
    let Some(full) = IP_OBJECTS.iter().find(|o| o.starts_with(object.as_str())) else {
        return j.with(RiskLevel::Medium, format!("ip {object}: unknown object"));
    };
    if *full == "xfrm" {
        return j.with(RiskLevel::High, "ip xfrm shows IPsec keys");
    }
    if *full == "monitor" {
        // `ip monitor [OBJECTS] file FILE` prints the netlink messages saved in FILE: a read of
        // a file the line names.
        // Without a file it waits for the kernel's next message, until it is stopped.
        let mut words = args.iter().skip(i + 1);
        let mut saved = false;
        while let Some(word) = words.next() {
            if word == "file" {
                saved = true;
                match words.next() {
                    Some(file) => j.raise_path(ctx.read(file)),
                    None => j.raise(RiskLevel::Medium, "ip monitor file: no file named"),
                }
            }
        }
        super::ending::require(ctx, &mut j, saved, || {
            "ip monitor waits for network changes until it is stopped".to_owned()
        });
        return j;
    }
    // The verb follows the object (`ip link show dev eth0`); without one, ip lists.
    let Some(verb) = args.get(i + 1) else {
        return j;
    };
    if verb.starts_with('-') {
        return j.with(
            RiskLevel::Medium,
            format!("ip {full}: option {verb} after the object"),
        );
    }
    let changes = IP_CHANGES.iter().find(|c| c.starts_with(verb.as_str()));
    let reads = IP_READS.iter().any(|r| r.starts_with(verb.as_str()));
    match (changes, reads) {
        (Some(change), _) => j.raise(
            RiskLevel::High,
            format!("ip {full} {verb} ({change}) changes network configuration"),
        ),
        (None, true) => {}
        (None, false) => j.raise(
            RiskLevel::Medium,
            format!("ip {full} {verb} is not a verb known to only show"),
        ),
    }
    j
}

const SS: &[Opt] = &[
    flag("h|help"),
    flag("V|version"),
    flag("H|no-header"),
    flag("O|oneline"),
    flag("n|numeric"),
    flag("r|resolve"),
    flag("a|all"),
    flag("l|listening"),
    flag("o|options"),
    flag("e|extended"),
    flag("m|memory"),
    flag("p|processes"),
    flag("T|threads"),
    flag("i|info"),
    flag("tos"),
    flag("cgroup"),
    flag("tipcinfo"),
    flag("s|summary"),
    endless("E|events", Takes::No, "waits for sockets to close"),
    flag("Z|context"),
    flag("z|contexts"),
    unproven("N|net", Takes::Value, "enters another network namespace"),
    flag("b|bpf"),
    flag("4|ipv4"),
    flag("6|ipv6"),
    flag("0|packet"),
    flag("t|tcp"),
    flag("M|mptcp"),
    flag("S|sctp"),
    flag("u|udp"),
    flag("d|dccp"),
    flag("w|raw"),
    flag("x|unix"),
    flag("tipc"),
    flag("vsock"),
    flag("xdp"),
    flag("inet-sockopt"),
    value("f|family"),
    value("A|query|socket"),
    reads("F|filter"),
    changes("K|kill", Takes::No, "kills sockets"),
    writes("D|diag"),
    flag("bpf-maps"),
    value("bpf-map-id"),
];
const NETSTAT: &[Opt] = &[
    flag("r|route"),
    flag("i|interfaces"),
    flag("g|groups"),
    flag("s|statistics"),
    flag("M|masquerade"),
    flag("v|verbose"),
    flag("W|wide"),
    flag("n|numeric"),
    flag("numeric-hosts"),
    flag("numeric-ports"),
    flag("numeric-users"),
    flag("N|symbolic"),
    flag("e|extend"),
    flag("p|program"),
    flag("o|timers"),
    endless(
        "c|continuous",
        Takes::No,
        "lists the sockets again every second",
    ),
    flag("l|listening"),
    flag("a|all"),
    flag("F"),
    flag("C"),
    flag("Z|context"),
    flag("t|tcp"),
    flag("u|udp"),
    flag("U|udplite"),
    flag("S|sctp"),
    flag("w|raw"),
    flag("x|unix"),
    flag("4"),
    flag("6"),
    value("A|protocol"),
    flag("h|help"),
    flag("V|version"),
];
/// The longest a probe may wait between packets or for a reply where nothing contains it, in
/// seconds: `ping -c 2 -i 1000000` or `-W 1000000000` to a silent host never ends.
const MOST_WAIT_S: u64 = 60;
/// The longest deadline (`ping -w`) where nothing contains it: a run's longest time
/// ([`super::ending::LONGEST_RUN_S`]).
const LONGEST_DEADLINE_S: u64 = 600;

/// The most packets a ping may send where nothing contains it.
const MOST_PINGS: u64 = 100;

const PING: &[Opt] = &[
    flag("4"),
    flag("6"),
    flag("a"),
    flag("A"),
    changes("b", Takes::No, "pings a broadcast address"),
    flag("B"),
    value("c"),
    flag("C"),
    flag("d"),
    flag("D"),
    value("e"),
    changes("f", Takes::No, "floods the network with packets"),
    value("F"),
    flag("h"),
    flag("H"),
    sizes("i", MOST_WAIT_S),
    value("I"),
    changes(
        "l",
        Takes::Value,
        "sends packets without waiting for replies",
    ),
    flag("L"),
    value("m"),
    value("M"),
    flag("n"),
    unproven(
        "N",
        Takes::Value,
        "sends a node information query the line writes",
    ),
    unproven(
        "p",
        Takes::Value,
        "fills each packet with bytes the line chooses",
    ),
    value("Q"),
    flag("q"),
    flag("r"),
    flag("R"),
    value("s"),
    value("S"),
    value("t"),
    value("T"),
    flag("U"),
    flag("v"),
    flag("V"),
    sizes("w", LONGEST_DEADLINE_S),
    sizes("W", MOST_WAIT_S),
];
const TRACE: &[Opt] = &[
    flag("4"),
    flag("6"),
    flag("I|icmp"),
    flag("T|tcp"),
    flag("U|udp"),
    flag("n"),
    flag("b"),
    sizes("m|max-hops", 255),
    sizes("q|queries", 10),
    sizes("w|wait", MOST_WAIT_S),
    value("p|port"),
    value("f|first"),
    value("i|interface"),
    value("s|source"),
    sizes("z|sendwait", MOST_WAIT_S),
    value("l"),
    flag("e|extensions"),
    flag("A|as-path-lookups"),
    value("M|module"),
    value("O|options"),
    flag("r|report"),
    flag("w|report-wide"),
    sizes("c|report-cycles", MOST_PINGS),
    flag("j|json"),
    flag("x|xml"),
    flag("C|csv"),
    flag("t|curses"),
    flag("help"),
];
/// mtr(8) (0.95): its own options, not traceroute's: `-w` is `--report-wide`, `-z`
/// `--aslookup`, `-b` `--show-ips`, `-p` `--split` (flags); `-i` its interval between rounds,
/// `-I` the interface, `-P` the port. `-F` reads the hosts to trace from a file, each line
/// looked up as a name: not proven harmless.
const MTR: &[Opt] = &[
    flag("h|help"),
    flag("v|version"),
    flag("4|inet"),
    flag("6|inet6"),
    flag("r|report"),
    flag("w|report-wide"),
    flag("x|xml"),
    flag("t|curses"),
    flag("l|raw"),
    flag("C|csv"),
    flag("j|json"),
    flag("p|split"),
    flag("n|no-dns"),
    flag("b|show-ips"),
    flag("z|aslookup"),
    flag("e|mpls"),
    flag("u|udp"),
    flag("T|tcp"),
    flag("S|sctp"),
    value("y|ipinfo"),
    value("displaymode"),
    value("o|order"),
    sizes("c|report-cycles", MOST_PINGS),
    sizes("s|psize", 65_000),
    value("B|bitpattern"),
    value("Q|tos"),
    value("I|interface"),
    value("a|address"),
    sizes("f|first-ttl", 255),
    sizes("m|max-ttl", 255),
    sizes("U|max-unknown", 255),
    value("P|port"),
    value("L|localport"),
    sizes("Z|timeout", MOST_WAIT_S),
    sizes("G|gracetime", MOST_WAIT_S),
    value("M|mark"),
    value("i|interval"),
    unproven(
        "F|filename",
        Takes::Value,
        "mtr -F looks up each line of a file as a host name",
    ),
];
/// Probes traceroute sends at once (its `-N` default, which the table does not take).
const SIMULTANEOUS_PROBES: u64 = 16;

/// Whether traceroute ends within a run where no hop answers: every hop's queries (`-m` hops of
/// `-q` queries, 30 and 3 by default) go out sixteen at a time, each batch waiting up to `-w`
/// seconds (5; the first of `MAX,HERE,NEAR`), and `-z` waits between probes (seconds, or
/// milliseconds above 10). Each bound alone is in the table; their product is what lasts.
fn traceroute_ends(parsed: &crate::options::Parsed) -> bool {
    let last = |name: &str| {
        parsed
            .values(name)
            .last()
            .map(|v| v.trim_start_matches('='))
    };
    let number = |value: Option<&str>, default: f64| -> Option<f64> {
        value.map_or(Some(default), |v| {
            let first = v.split(',').next().unwrap_or(v);
            first
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
        })
    };
    let (Some(hops), Some(queries), Some(wait), Some(send_wait)) = (
        number(last("max-hops"), 30.0),
        number(last("queries"), 3.0),
        number(last("wait"), 5.0),
        number(last("sendwait"), 0.0),
    ) else {
        return false;
    };
    let send_wait = if send_wait > 10.0 {
        send_wait / 1000.0
    } else {
        send_wait
    };
    let probes = hops * queries;
    let batches = (probes / SIMULTANEOUS_PROBES as f64).ceil();
    batches * wait + probes * send_wait <= super::ending::LONGEST_RUN_S
}

/// The hosts an `ss` filter names (`dst HOST[:PORT]`, `src [HOST]:PORT`, `dst = HOST`): ss
/// looks a name that is not an address up (`get_dns_host`), so each is a name sent out.
fn ss_filter_hosts<'a>(operands: &[&'a str]) -> Vec<&'a str> {
    let mut hosts = Vec::new();
    // A filter may be one quoted word (`'( dst HOST or src HOST )'`).
    let mut words = operands
        .iter()
        .flat_map(|operand| operand.split([' ', '\t', '(', ')']))
        .filter(|word| !word.is_empty())
        .peekable();
    while let Some(word) = words.next() {
        if !matches!(word, "dst" | "src") {
            continue;
        }
        words.next_if(|next| matches!(*next, "=" | "==" | "eq"));
        let Some(value) = words.next() else { break };
        let host = match value.strip_prefix('[') {
            Some(bracketed) => bracketed.split_once(']').map_or(bracketed, |(ip, _)| ip),
            // An IPv6 address has more than one colon; a name or IPv4 address, at most a port.
            None if value.matches(':').count() > 1 => value,
            None => value.split_once(':').map_or(value, |(host, _)| host),
        };
        // `*` and an empty host match any address; a prefix (`10.0.0.0/8`) is an address.
        let host = host.split_once('/').map_or(host, |(ip, _)| ip);
        // An address is matched as it is (ss looks names up, and addresses up only with -r).
        if !host.is_empty() && host != "*" && host.parse::<std::net::IpAddr>().is_err() {
            hosts.push(host);
        }
    }
    hosts
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "ip" => ip(ctx, args),
        "tc" => iproute_listing(
            name,
            args,
            TC_LISTING_OPTIONS,
            &["qdisc", "class", "filter", "chain"],
            "lists traffic control",
        ),
        "bridge" => iproute_listing(
            name,
            args,
            BRIDGE_LISTING_OPTIONS,
            &["link", "fdb", "mdb", "vlan", "vni"],
            "lists bridges",
        ),
        "ss" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SS),
                Operands::Inert,
                "lists sockets",
            );
            hostnames::raise(&mut j, name, ss_filter_hosts(&parsed.operands));
            j
        }
        "netstat" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(NETSTAT),
                Operands::Inert,
                "lists sockets",
            )
            .0
        }
        "ping" | "ping6" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(PING),
                Operands::Inert,
                "probes a host",
            );
            hostnames::raise(&mut j, name, parsed.operands.iter().copied());
            // Below 0.2 s between packets is a flood (iputils refuses it to other users).
            for interval in parsed.values("i") {
                if !interval.parse::<f64>().is_ok_and(|s| s >= 0.2) {
                    j.raise(
                        RiskLevel::High,
                        format!("ping -i {interval}: packets faster than 0.2 s flood the network"),
                    );
                }
            }
            // Without a count (`-c`) or a deadline (`-w`) ping pings a host until it is stopped.
            // A count lasts its packets times the interval between them (1 s by default), and
            // the wait for the last reply (`-W`, 10 s by default): `-c 100 -i 60` lasts 100
            // minutes.
            let interval = parsed
                .values("i")
                .last()
                .map_or(Some(1.0), |i| i.parse::<f64>().ok());
            let last_wait = parsed
                .values("W")
                .last()
                .map_or(Some(10.0), |w| w.parse::<f64>().ok());
            let counted = parsed.values("c").any(|c| {
                super::ending::count(c).is_some_and(|n| {
                    n > 0
                        && n <= MOST_PINGS
                        && interval
                            .zip(last_wait)
                            .is_some_and(|(i, w)| i * n as f64 + w <= super::ending::LONGEST_RUN_S)
                })
            });
            let timed = parsed.values("w").any(|w| {
                super::ending::count(w)
                    .is_some_and(|s| s > 0 && s as f64 <= super::ending::LONGEST_RUN_S)
            });
            // Without a host it prints its usage and ends.
            let usage = parsed.operands.is_empty();
            super::ending::require(ctx, &mut j, counted || timed || usage, || {
                format!(
                    "{name} without -c COUNT (at most {MOST_PINGS}, sent within a run at its -i interval) or -w SECONDS pings until it is stopped"
                )
            });
            j
        }
        "traceroute" | "traceroute6" | "tracepath" | "tracepath6" | "mtr" => {
            let table = if name == "mtr" { MTR } else { TRACE };
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(table),
                Operands::Inert,
                "traces a route",
            );
            // The host, then traceroute's packet length (a number).
            let (host, rest) = parsed
                .operands
                .split_first()
                .map_or((None, &[][..]), |(h, r)| (Some(*h), r));
            hostnames::raise(&mut j, name, host);
            // mtr's -i is its interval between rounds (root may go below a second: a flood
            // until the time limit), where traceroute's is an interface.
            if name == "mtr" {
                for interval in parsed.values("interval") {
                    super::intervals::raise(&mut j, "mtr -i", interval, 1.0);
                }
                // Rounds times the interval between them: `-c 100 -i 1000000` never ends.
                let interval = parsed
                    .values("interval")
                    .map(|i| super::ending::seconds(i.trim_start_matches('=')))
                    .last()
                    .unwrap_or(Some(1.0));
                let rounds = parsed
                    .values("report-cycles")
                    .map(super::ending::count)
                    .last()
                    .unwrap_or(Some(10));
                super::ending::require(
                    ctx,
                    &mut j,
                    super::ending::runs_within(interval, rounds),
                    || {
                        "mtr: its rounds times the interval between them last longer than a run"
                            .to_owned()
                    },
                );
                // Without a report or a number of rounds mtr traces until it is stopped.
                let rounds = parsed.has("report")
                    || parsed.has("report-wide")
                    || parsed.has("report-cycles");
                super::ending::require(ctx, &mut j, rounds, || {
                    "mtr without -r or -c traces until it is stopped".to_owned()
                });
            }
            if matches!(name, "traceroute" | "traceroute6") {
                super::ending::require(ctx, &mut j, traceroute_ends(&parsed), || {
                    "traceroute: its hops, queries and waits last longer than a run where no hop answers".to_owned()
                });
            }
            if let Some(other) = rest
                .iter()
                .find(|o| o.is_empty() || o.len() > 5 || !o.chars().all(|c| c.is_ascii_digit()))
            {
                j.raise(
                    RiskLevel::Medium,
                    format!("{name}: '{other}' is not a packet length"),
                );
            }
            j
        }
        "ifconfig" => {
            let mut j = Judgement::low("shows interfaces");
            let listing = args
                .iter()
                .all(|a| matches!(a.as_str(), "-a" | "-s" | "-v"))
                || (args.len() == 1 && !args[0].starts_with('-'));
            if !listing {
                j.raise(
                    RiskLevel::High,
                    "ifconfig with settings changes an interface",
                );
            }
            j
        }
        "route" | "arp" => {
            let mut j = Judgement::low("shows routes or neighbours");
            if !args.iter().all(|a| {
                a.starts_with('-')
                    && a.chars()
                        .skip(1)
                        .all(|c| matches!(c, 'n' | 'e' | 'v' | 'a' | 'C' | 'F'))
            }) {
                j.raise(
                    RiskLevel::High,
                    format!("{name} with operands changes network configuration"),
                );
            }
            j
        }
        "ethtool" => {
            let mut j = Judgement::low("shows an interface");
            let query = [
                "-i",
                "--driver",
                "-S",
                "--statistics",
                "-k",
                "--show-features",
                "--show-offload",
                "-a",
                "--show-pause",
                "-c",
                "--show-coalesce",
                "-g",
                "--show-ring",
                "-l",
                "--show-channels",
                "-P",
                "--show-permaddr",
                "-T",
                "--show-time-stamping",
                "-m",
                "--dump-module-eeprom",
                "--module-info",
                "--show-eee",
                "--show-fec",
                "--json",
                "-h",
                "--help",
                "--version",
            ];
            if args
                .iter()
                .filter(|a| a.starts_with('-'))
                .any(|a| !query.contains(&a.as_str()))
                || args.iter().filter(|a| !a.starts_with('-')).count() > 1
            {
                j.raise(
                    RiskLevel::High,
                    "ethtool with settings changes an interface",
                );
            }
            // A module's EEPROM names its vendor's serial number.
            if args
                .iter()
                .any(|a| matches!(a.as_str(), "-m" | "--dump-module-eeprom" | "--module-info"))
            {
                super::serials::raise(ctx, &mut j, "ethtool -m");
            }
            j
        }
        "nmcli" => nmcli(args),
        // Listing the interfaces it could capture on captures nothing.
        "tcpdump"
            if !args.is_empty()
                && args.iter().all(|a| {
                    matches!(
                        a.as_str(),
                        "-D" | "--list-interfaces" | "--version" | "-h" | "--help"
                    )
                }) =>
        {
            Judgement::low("lists the interfaces tcpdump can capture on")
        }
        // Other sniffers and injectors: what they print or save is the traffic itself
        // (ngrep's and tcpflow's payloads, sngrep's SIP calls, dsniff's and ettercap's
        // harvested passwords), and an injector or spoofer changes the network's state.
        "ngrep" | "tcpflow" | "netsniff-ng" | "sngrep" | "termshark" | "ettercap" | "bettercap"
        | "arpspoof" | "dsniff" | "urlsnarf" | "mailsnarf" | "msgsnarf" | "filesnarf"
        | "airodump-ng" | "kismet" | "tcpreplay" | "justniffer" => {
            let mut j = Judgement::new(
                RiskLevel::High,
                format!("{name} captures or injects network traffic, passwords included"),
            );
            for file in sniffer_files(name, args) {
                let (level, reason) = ctx.paths.write(file);
                j.raise(level, format!("{name} writes {file}: {reason}"));
            }
            stricter_as_unknown(ctx, name, args, j)
        }
        // Capture file editors: they read captures (judged as reads of the files) and write
        // the file they are told to.
        "editcap" | "mergecap" | "text2pcap" | "reordercap" | "tcpslice" | "tcprewrite"
        | "iptraf-ng" => {
            let mut j = Judgement::new(RiskLevel::Medium, format!("{name} rewrites capture files"));
            let outputs = sniffer_files(name, args);
            for word in args.iter().filter(|word| !word.starts_with('-')) {
                if !outputs.contains(&word.as_str()) {
                    j.raise_path(ctx.read(word));
                }
            }
            for file in outputs {
                let (level, reason) = ctx.paths.write(file);
                j.raise(level, format!("{name} writes {file}: {reason}"));
            }
            stricter_as_unknown(ctx, name, args, j)
        }
        "tcpdump" | "tshark" | "dumpcap" => {
            let mut j = Judgement::new(
                RiskLevel::High,
                format!("{name} captures network traffic, passwords included"),
            );
            for file in capture_files(name, args) {
                let (level, reason) = ctx.paths.write(file);
                j.raise(level, format!("{name} -w {file}: {reason}"));
            }
            j
        }
        _ => return None,
    })
}

/// `j`, or what the program was judged as before it had a table (every word a file it may
/// open, a destructive command among its words) where that is stricter.
fn stricter_as_unknown(ctx: &Ctx, name: &str, args: &[String], j: Judgement) -> Judgement {
    let unknown = super::unknown(ctx, name, args);
    if unknown.level > j.level { unknown } else { j }
}

/// The files other sniffers and capture editors write: ngrep's and sngrep's `-O`, tcpflow's
/// `-o DIR` and `-X FILE`, netsniff-ng's `-o`/`--out`, airodump-ng's `-w`/`--write` prefix,
/// iptraf-ng's `-L`, mergecap's and tcpslice's `-w`, tcprewrite's `-o`/`--outfile`, and the
/// last operand of editcap, text2pcap and reordercap (`editcap IN OUT`).
fn sniffer_files<'a>(name: &str, args: &'a [String]) -> Vec<&'a str> {
    let (letters, longs): (&str, &[&str]) = match name {
        "ngrep" | "sngrep" => ("O", &["output"]),
        "tcpflow" => ("oX", &[]),
        "netsniff-ng" => ("o", &["out"]),
        "airodump-ng" => ("w", &["write"]),
        "iptraf-ng" => ("L", &[]),
        "mergecap" | "tcpslice" => ("w", &[]),
        "tcprewrite" => ("o", &["outfile"]),
        _ => ("", &[]),
    };
    let mut files = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        if let Some(long) = word.strip_prefix("--") {
            let (option, attached) = match long.split_once('=') {
                Some((option, value)) => (option, Some(value)),
                None => (long, None),
            };
            if !option.is_empty() && longs.iter().any(|known| known.starts_with(option)) {
                files.extend(attached.or_else(|| words.next()));
            }
            continue;
        }
        if let Some(cluster) = word.strip_prefix('-')
            && let Some(letter) = cluster.chars().next()
            && letters.contains(letter)
        {
            let rest = &cluster[letter.len_utf8()..];
            files.extend(if rest.is_empty() {
                words.next()
            } else {
                Some(rest)
            });
        }
    }
    if matches!(name, "editcap" | "text2pcap" | "reordercap")
        && let Some(last) = args.iter().rev().find(|word| !word.starts_with('-'))
        && args.iter().filter(|word| !word.starts_with('-')).count() >= 2
    {
        files.push(last);
    }
    files
}

/// tcpdump's letters that take a value (getopt: the rest of the word, or the next word).
const TCPDUMP_VALUED: &str = "BcCEFGijmMQrsTVwWyzZ";

/// tshark's letters that take a value (its capture, dissection and reading options: `-i IF`,
/// `-f FILTER`, `-Y`, `-R`, `-r FILE`, `-o PREF`, `-e FIELD`, `-T FORMAT`, `-z STAT`...); its
/// flags (`-n`, `-q`, `-Q`, `-P`, `-l`, `-x`, `-V`, `-2`...) may come before `w` in a cluster:
/// `-nw FILE` writes FILE.
const TSHARK_VALUED: &str = "aAbBcCdeEfFHijJKMNoOrRsStTuUwWXyYz";

/// dumpcap's letters that take a value (`-i IF`, `-f FILTER`, `-a`/`-b` conditions, `-c`,
/// `-C`, `-N`, `-s`, `-y`, `-k`, `-Z`); the rest are flags (`-n`, `-P`, `-q`, `-S`, `-t`, `-g`,
/// `-p`, `-I`, `-M`, `-D`, `-L`...).
const DUMPCAP_VALUED: &str = "aAbBcCfFikNswyZ";

/// The files a capture program writes (`-` is the output): `-w FILE`, `-wFILE` and a cluster
/// ending in it (`-nw FILE`, after the filter too: getopt permutes), read with each program's
/// own valued letters; tshark's `--export-objects PROTO,DIR` (each object saved in DIR),
/// `--export-tls-session-keys FILE` and `--log-file FILE` (dumpcap's too), and a preference
/// `-o NAME:PATH` naming a file (`tls.debug_file:/etc/x` writes its debug log there).
fn capture_files<'a>(name: &str, args: &'a [String]) -> Vec<&'a str> {
    let valued_letters = match name {
        "tcpdump" => TCPDUMP_VALUED,
        "tshark" => TSHARK_VALUED,
        _ => DUMPCAP_VALUED,
    };
    let mut files = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            if name == "tcpdump" {
                continue;
            }
            let (option, attached) = match long.split_once('=') {
                Some((option, value)) => (option, Some(value)),
                None => (long, None),
            };
            let writes = ["export-objects", "export-tls-session-keys", "log-file"]
                .iter()
                .find(|known| !option.is_empty() && known.starts_with(option));
            if let Some(writes) = writes {
                let value = attached.or_else(|| words.next());
                if let Some(value) = value {
                    // `--export-objects http,DIR`: the directory follows the protocol.
                    let file = if *writes == "export-objects" {
                        value.split_once(',').map_or(value, |(_, dir)| dir)
                    } else {
                        value
                    };
                    files.push(file);
                }
            }
            continue;
        }
        let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (at, letter) in cluster.char_indices() {
            if !valued_letters.contains(letter) {
                continue;
            }
            let rest = &cluster[at + letter.len_utf8()..];
            let value = if rest.is_empty() {
                words.next()
            } else {
                Some(rest)
            };
            match (letter, value) {
                ('w', Some(file)) if file != "-" => files.push(file),
                // A preference naming a file: `-o tls.debug_file:/x`, `-o uat:NAME:…` aside.
                ('o', Some(pref)) if name == "tshark" => {
                    if let Some((_, path)) = pref.split_once(':')
                        && path.contains('/')
                    {
                        files.push(path);
                    }
                }
                _ => {}
            }
            break;
        }
    }
    files
}

/// nmcli's global options (any unique prefix, one dash or two, before the object): those that
/// only shape the output, with whether they take a value. `--show-secrets` prints passwords
/// (high), `--ask` prompts for passwords and confirmations on the terminal, where a low command
/// would wait (medium); anything else is not known.
const NMCLI_OPTIONS: &[(&str, bool)] = &[
    ("terse", false),
    ("pretty", false),
    ("mode", true),
    ("colors", true),
    ("escape", true),
    ("fields", true),
    ("get-values", true),
    ("nocheck", false),
    ("wait", true),
    ("version", false),
    ("help", false),
    ("overview", false),
];

fn nmcli(args: &[String]) -> Judgement {
    let mut j = Judgement::low("shows network state");
    let mut rest = args;
    // The global options, each matched as nmcli does: by any prefix of its name.
    while let Some((first, tail)) = rest.split_first() {
        let Some(option) = first.strip_prefix('-') else {
            break;
        };
        let option = option.strip_prefix('-').unwrap_or(option);
        let (option, attached) = match option.split_once('=') {
            Some((name, _)) => (name, true),
            None => (option, false),
        };
        rest = tail;
        if option.is_empty() {
            j.raise(
                RiskLevel::Medium,
                format!("nmcli {first}: not an option nmcli knows"),
            );
            continue;
        }
        if "show-secrets".starts_with(option) {
            j.raise(
                RiskLevel::High,
                "nmcli --show-secrets prints Wi-Fi and VPN passwords",
            );
            continue;
        }
        if "ask".starts_with(option) {
            j.raise(
                RiskLevel::Medium,
                "nmcli --ask prompts on the terminal for passwords and confirmations; a prompt waits",
            );
            continue;
        }
        let known: Vec<&(&str, bool)> = NMCLI_OPTIONS
            .iter()
            .filter(|(name, _)| name.starts_with(option))
            .collect();
        match known.as_slice() {
            [(_, takes)] => {
                if *takes && !attached {
                    rest = rest.get(1..).unwrap_or(&[]);
                }
            }
            _ => j.raise(
                RiskLevel::Medium,
                format!("nmcli {first}: not an option known only to shape the output"),
            ),
        }
    }
    // `--show-secrets` is also taken after the object (`nmcli connection show -s NAME`).
    if rest.iter().any(|a| {
        let option = a.trim_start_matches('-');
        a.starts_with('-') && !option.is_empty() && "show-secrets".starts_with(option)
    }) {
        j.raise(
            RiskLevel::High,
            "nmcli --show-secrets prints Wi-Fi and VPN passwords",
        );
    }
    // After the object only `connection show`'s `--active` (`-a`) and `--order` are known.
    let mut words: Vec<&str> = Vec::with_capacity(rest.len());
    let mut iter = rest.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        match word {
            "-a" | "--active" => {}
            "--order" => {
                iter.next();
            }
            option if option.starts_with('-') && option != "-" => j.raise(
                RiskLevel::Medium,
                format!("nmcli {option}: not an option known only to read"),
            ),
            word => words.push(word),
        }
    }
    let reading = match words.as_slice() {
        [] => true,
        [object, rest @ ..] => {
            let verb = rest.first().copied().unwrap_or("");
            ("general".starts_with(object)
                && (verb.is_empty()
                    || "status".starts_with(verb)
                    || "permissions".starts_with(verb)))
                || (("device".starts_with(object) || "connection".starts_with(object))
                    && (verb.is_empty() || "status".starts_with(verb) || "show".starts_with(verb)))
                || ("radio".starts_with(object) && rest.len() <= 1)
                || ("networking".starts_with(object)
                    && (verb.is_empty() || ("connectivity".starts_with(verb) && rest.len() == 1)))
        }
    };
    // `networking connectivity check` has NetworkManager fetch its connectivity URI again:
    // a request from the host the line starts, and the daemon's state it changes.
    let checks = matches!(words.as_slice(), [object, verb, check]
        if "networking".starts_with(object)
            && "connectivity".starts_with(verb)
            && !check.is_empty()
            && "check".starts_with(check));
    if checks {
        j.raise(
            RiskLevel::Medium,
            "nmcli networking connectivity check has NetworkManager fetch its connectivity URI again",
        );
    } else if !reading {
        j.raise(RiskLevel::High, "nmcli changes network configuration");
    }
    j
}

#[cfg(test)]
mod tests {
    use super::{capture_files, sniffer_files};

    fn files(name: &str, line: &str) -> Vec<String> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        capture_files(name, &args)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn other_sniffers_and_capture_editors_name_their_outputs() {
        let files = |name: &str, line: &str| -> Vec<String> {
            let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
            sniffer_files(name, &args)
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(files("ngrep", "-O /tmp/a x"), ["/tmp/a"]);
        assert_eq!(files("ngrep", "-O/tmp/a x"), ["/tmp/a"]);
        assert_eq!(files("sngrep", "--out=/tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tcpflow", "-i any -o /tmp/d"), ["/tmp/d"]);
        assert_eq!(files("netsniff-ng", "--in eth0 --out /tmp/a"), ["/tmp/a"]);
        assert_eq!(files("airodump-ng", "--write /tmp/p wlan0"), ["/tmp/p"]);
        assert_eq!(files("mergecap", "-w /tmp/o a b"), ["/tmp/o"]);
        assert_eq!(files("tcprewrite", "-i a --outfile=/tmp/o"), ["/tmp/o"]);
        assert_eq!(files("editcap", "-c 10 in out"), ["out"]);
        assert_eq!(files("text2pcap", "in out"), ["out"]);
        assert!(files("editcap", "-h").is_empty());
        assert!(files("ngrep", "-d any x").is_empty());
    }

    #[test]
    fn capture_files_are_read_as_getopt_reads_them() {
        assert_eq!(files("tcpdump", "-w /tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tcpdump", "-nw /tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tcpdump", "-Dw/tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tcpdump", "-i eth0 port 80 -w /tmp/a"), ["/tmp/a"]);
        // A valued letter takes what follows it: `-iw` is the interface `w`.
        assert!(files("tcpdump", "-iw -n").is_empty());
        assert!(files("tcpdump", "-i w -n").is_empty());
        assert!(files("tcpdump", "-w - -n").is_empty());
        assert!(files("tcpdump", "-- -w /tmp/a").is_empty());
        assert_eq!(files("tshark", "-w/tmp/a"), ["/tmp/a"]);
        // tshark's and dumpcap's flags cluster before `w` as tcpdump's do.
        assert_eq!(files("tshark", "-nw /tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tshark", "-i eth0 -qPnw/tmp/a"), ["/tmp/a"]);
        assert_eq!(files("tshark", "-lw /tmp/a -f port 80"), ["/tmp/a"]);
        assert_eq!(files("dumpcap", "-nw /tmp/a"), ["/tmp/a"]);
        assert_eq!(files("dumpcap", "-qPw /tmp/a"), ["/tmp/a"]);
        // Their valued letters take what follows: `-iw` is the interface `w`.
        assert!(files("tshark", "-iw -n").is_empty());
        assert!(files("tshark", "-Y w -n").is_empty());
        assert!(files("dumpcap", "-fw -n").is_empty());
        assert!(files("tshark", "-nw -").is_empty());
        assert_eq!(
            files("tshark", "-r x --export-objects http,/etc/cron.d"),
            ["/etc/cron.d"]
        );
        assert_eq!(files("tshark", "--export-obj=smb,/tmp/o"), ["/tmp/o"]);
        assert_eq!(
            files("tshark", "--export-tls-session-keys /tmp/k"),
            ["/tmp/k"]
        );
        assert_eq!(files("dumpcap", "--log-file=/etc/passwd"), ["/etc/passwd"]);
        assert_eq!(
            files("tshark", "-o tls.debug_file:/etc/passwd"),
            ["/etc/passwd"]
        );
        assert!(files("tshark", "-o tcp.desegment:TRUE").is_empty());
        assert!(files("tcpdump", "--print -n").is_empty());
    }
}
