//! Firewalls: listings are low (`iptables -L/-S` without `-Z`, `iptables-save` to standard
//! output, `nft list`, `ufw status`, `firewall-cmd --list-*/--get-*/--query-*`, `conntrack -L`);
//! every other form changes the firewall and is high. Where nothing contains them, the
//! xtables listings that may load modules to answer are medium (`loads_modules`).

use super::{Ctx, Judgement, Operands, judged};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, changes, flag, optional, reads, runs, value, writes};

const IPTABLES: &[Opt] = &[
    flag("L|list"),
    flag("S|list-rules"),
    flag("n|numeric"),
    flag("v|verbose"),
    flag("x|exact"),
    flag("line-numbers"),
    value("t|table"),
    optional("w|wait"),
    value("W|wait-interval"),
    flag("4|ipv4"),
    flag("6|ipv6"),
    flag("h|help"),
    flag("V|version"),
    changes("Z|zero", Takes::No, "zeroes the firewall's counters"),
    changes("A|append", Takes::Value, "changes the firewall"),
    changes("C|check", Takes::Value, "checks a rule"),
    changes("D|delete", Takes::Value, "changes the firewall"),
    changes("I|insert", Takes::Value, "changes the firewall"),
    changes("R|replace", Takes::Value, "changes the firewall"),
    changes("F|flush", Takes::No, "changes the firewall"),
    changes("N|new-chain", Takes::Value, "changes the firewall"),
    changes("X|delete-chain", Takes::No, "changes the firewall"),
    changes("P|policy", Takes::Value, "changes the firewall"),
    changes("E|rename-chain", Takes::Value, "changes the firewall"),
    runs("modprobe"),
];
const IPTABLES_SAVE: &[Opt] = &[
    flag("c|counters"),
    value("t|table"),
    runs("M|modprobe"),
    writes("f|file"),
    flag("h|help"),
    flag("V|version"),
];
const NFT: &[Opt] = &[
    flag("a|handle"),
    flag("s|stateless"),
    flag("j|json"),
    flag("n|numeric"),
    flag("N|reversedns"),
    flag("S|service"),
    flag("u|guid"),
    flag("y|numeric-priority"),
    flag("p|numeric-protocol"),
    flag("T|numeric-time"),
    flag("t|terse"),
    flag("e|echo"),
    flag("c|check"),
    reads("I|includepath"),
    // nft's `-d`/`--debug` takes its levels in the next word as well (`nft -d all list
    // ruleset`, `--debug=netlink,eval`): what it prints to stderr describes the same ruleset.
    value("d|debug"),
    flag("h|help"),
    flag("v|version"),
    flag("V"),
    changes("f|file", Takes::Value, "loads firewall rules"),
    changes("i|interactive", Takes::No, "reads firewall commands"),
    changes("o|optimize", Takes::No, "changes the firewall"),
];
/// nft's command words: any of them after `list` starts a command of its own.
/// conntrack(8) (conntrack-tools 1.4): its listing commands, the filters and formats they
/// take, and every command and option that changes the connection table. `-z`/`--zero` zeroes
/// each entry's counters as it lists it, and `-R`/`--load-file` runs the commands a file holds.
const CONNTRACK: &[Opt] = &[
    flag("L|dump"),
    flag("G|get"),
    flag("E|event"),
    flag("C|count"),
    flag("S|stats"),
    flag("h|help"),
    flag("V|version"),
    value("s|src|orig-src"),
    value("d|dst|orig-dst"),
    value("r|reply-src"),
    value("q|reply-dst"),
    value("p|proto"),
    value("f|family"),
    value("u|status"),
    value("m|mark"),
    value("c|secmark"),
    value("i|id"),
    value("l|label"),
    value("w|zone"),
    value("orig-zone"),
    value("reply-zone"),
    value("e|event-mask"),
    value("o|output"),
    optional("n|src-nat"),
    optional("g|dst-nat"),
    optional("j|any-nat"),
    value("sport|orig-port-src"),
    value("dport|orig-port-dst"),
    value("reply-port-src"),
    value("reply-port-dst"),
    value("tuple-src"),
    value("tuple-dst"),
    value("mask-src"),
    value("mask-dst"),
    value("master-src"),
    value("master-dst"),
    value("state"),
    value("icmp-type"),
    value("icmp-code"),
    value("icmp-id"),
    value("b|buffer-size"),
    changes("D|delete", Takes::No, "deletes connections"),
    changes("F|flush", Takes::No, "flushes the connection table"),
    changes("U|update", Takes::No, "changes connections"),
    changes("I|create", Takes::No, "creates connections"),
    changes("A|add", Takes::No, "creates connections"),
    changes(
        "R|load-file",
        Takes::Value,
        "runs the connection-table commands a file holds",
    ),
    changes(
        "z|zero",
        Takes::No,
        "zeroes each connection's counters as it lists them",
    ),
    changes("t|timeout", Takes::Value, "sets connections' timeouts"),
    changes("label-add", Takes::Value, "changes connections' labels"),
    changes("label-del", Takes::Optional, "changes connections' labels"),
];

/// The tables conntrack lists besides its own (`conntrack -L expect`).
const CONNTRACK_TABLES: &[&str] = &["conntrack", "expect", "dying", "unconfirmed"];

const NFT_VERBS: &[&str] = &[
    "add", "create", "insert", "replace", "delete", "destroy", "flush", "reset", "rename",
    "import", "export", "monitor", "list", "describe", "get",
];

fn firewall_cmd(args: &[String]) -> Judgement {
    let mut j = Judgement::low("reads the firewall");
    for arg in args {
        let name = arg.split_once('=').map_or(arg.as_str(), |(n, _)| n);
        let reading = name.starts_with("--list-")
            || name.starts_with("--get-")
            || name.starts_with("--query-")
            || name.starts_with("--info-")
            || matches!(
                name,
                "--state"
                    | "--zone"
                    | "--permanent"
                    | "--version"
                    | "-h"
                    | "--help"
                    | "-q"
                    | "--quiet"
            );
        if !reading {
            j.raise(
                RiskLevel::High,
                format!("firewall-cmd {arg} changes the firewall"),
            );
        }
    }
    j
}

/// Legacy iptables (ip6tables, arptables, ebtables) runs modprobe
/// (`/proc/sys/kernel/modprobe`) to load its core module where it is not loaded, before it
/// lists anything, and the table it asks for loads that table's module (`iptable_nat`,
/// `ebtable_filter`); early iptables-nft created the table it listed. Contained, without
/// capabilities, none of it happens; where nothing contains the command (`ssh_exec`, often
/// as root) it changes the kernel's state. `iptables-save` without `-t` (the tables there
/// are) and `nft list ruleset` (the kernel's own answer, as `ss` asks for sockets) do not.
/// `conntrack` loads the connection tracker, which then tracks every connection.
fn loads_modules(ctx: &Ctx, name: &str, j: &mut Judgement) {
    if ctx.paths.uncontained {
        j.raise(
            RiskLevel::Medium,
            format!("{name} may run modprobe and load firewall modules where they are not loaded, a change of the kernel's state, and nothing contains it here; `iptables-save` without -t and `nft list ruleset` list what is loaded"),
        );
    }
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "iptables" | "ip6tables" | "iptables-legacy" | "ip6tables-legacy" | "iptables-nft"
        | "ip6tables-nft" | "ebtables" | "arptables" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(IPTABLES),
                Operands::Inert,
                "reads the firewall",
            );
            if !parsed.has("L")
                && !parsed.has("S")
                && !parsed.has("h")
                && !parsed.has("V")
                && j.level < RiskLevel::High
            {
                j.raise(
                    RiskLevel::High,
                    format!("{name} without -L or -S changes the firewall"),
                );
            }
            loads_modules(ctx, name, &mut j);
            // A policy that drops what comes in or goes out locks the host out, like a flush of
            // the rules that let its operators in.
            let chain_policy = parsed.values("policy").next().map(str::to_ascii_uppercase);
            let target = parsed.operands.first().map(|t| t.to_ascii_uppercase());
            if matches!(chain_policy.as_deref(), Some("INPUT" | "OUTPUT"))
                && matches!(target.as_deref(), Some("DROP" | "REJECT"))
            {
                j.raise(
                    RiskLevel::Forbidden,
                    format!("{name} -P drops every packet by default: it locks the host out"),
                );
            }
            j
        }
        "iptables-save" | "ip6tables-save" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(IPTABLES_SAVE),
                Operands::Inert,
                "prints the firewall",
            );
            // Without `-t` it lists the tables the kernel has (`/proc/net/ip_tables_names`);
            // a table it is asked for is loaded first.
            if parsed.has("t") {
                loads_modules(ctx, name, &mut j);
            }
            j
        }
        "nft" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(NFT),
                Operands::Inert,
                "reads the firewall",
            );
            match parsed.operands.first().copied() {
                Some("list") | None => {}
                Some(verb) => j.raise(RiskLevel::High, format!("nft {verb} changes the firewall")),
            }
            // nft joins its arguments into one command line: `;` or a newline starts another
            // command, and a second command word may follow the first.
            if args.iter().any(|a| a.contains([';', '\n', '{', '}']))
                || parsed
                    .operands
                    .iter()
                    .skip(1)
                    .any(|w| NFT_VERBS.contains(w))
            {
                j.raise(
                    RiskLevel::High,
                    "nft with more than one command may change the firewall",
                );
            }
            j
        }
        "ufw" => {
            let mut j = Judgement::low("reads the firewall");
            match args.first().map(String::as_str) {
                Some("status") if args.len() <= 2 => {}
                Some("show") | Some("version") | Some("--version") => {}
                other => j.raise(
                    RiskLevel::High,
                    format!("ufw {} changes the firewall", other.unwrap_or("")),
                ),
            }
            j
        }
        "firewall-cmd" => firewall_cmd(args),
        "conntrack" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(CONNTRACK),
                Operands::Inert,
                "lists connections",
            );
            let lists = ["dump", "get", "event", "count", "stats", "help", "version"]
                .iter()
                .any(|command| parsed.has(command));
            if !lists {
                j.raise(RiskLevel::High, "conntrack changes the connection table");
            }
            if let Some(table) = parsed
                .operands
                .iter()
                .find(|o| !CONNTRACK_TABLES.contains(o))
            {
                j.raise(
                    RiskLevel::Medium,
                    format!("conntrack {table}: not a table conntrack lists"),
                );
            }
            // Asking the kernel's connection table over netlink loads nf_conntrack_netlink and
            // with it nf_conntrack, which then tracks every connection of the host.
            loads_modules(ctx, name, &mut j);
            let events = parsed.has("event");
            super::ending::require(ctx, &mut j, !events, || {
                "conntrack -E waits for connection events until it is stopped".to_owned()
            });
            j
        }
        _ => return None,
    })
}
