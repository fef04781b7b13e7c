//! Diagnostic programs of a server or GPU box, each with its own positive table: the options and
//! subcommands that only read and print no secret are low; what each table leaves out is not.
//!
//! - `pidstat` (sysstat): `-e PROGRAM ARGS` runs a program (high); `-l` prints each process's
//!   full command line (high where nothing contains it, as `ps aux` is); an interval repeats
//!   until a count ends it.
//! - `slabtop`: a full-screen display that redraws until it is stopped; only `-o`/`--once`
//!   prints once and ends.
//! - `numastat`: reads `/proc`; per-process forms (`-p`, operands) match command lines and are
//!   not proven to print only names where nothing contains them.
//! - `iotop`: only batch mode (`-b`) prints without a terminal; its COMMAND column is each
//!   process's full command line; `-n N` ends it.
//! - `crictl`: `ps`, `pods`, `images`, `stats` in table form and `version` are low;
//!   `-o json|yaml|go-template`, `-v` and the debug log (`-D`) print labels and annotations
//!   (a pod's last applied configuration), `inspect*` the environment, `info` the runtime's
//!   configuration with its registries' credentials: high, as is `-c FILE` (a configuration
//!   may set `debug: true`); `stats -w` never ends; `-r`/`-i` talk to another endpoint; every other subcommand (`exec`, `rm`, `stop`, `pull`, `run`)
//!   changes things.
//! - `helm`: `list`/`ls` and `history`/`hist` print names, revisions, states and charts
//!   (`--kubeconfig` and `--kube-context` high, as kubectl's); `status`
//!   prints the chart's NOTES, rendered from the release's values (medium), and with `-o
//!   json|yaml` the whole release, values and manifest (high), as `get` does; any other
//!   subcommand or a plugin is high.
//! - `iw`: `dev`, `list`/`phy`, `reg get`, and per interface `info`, `link`, `station dump|get`,
//!   `survey dump`, `scan dump`, `get power_save` read; `scan` (a new scan takes the radio off
//!   its channel), `set`, `connect`, `del`, `reg set` and everything else change the radio:
//!   high; `event` waits for events until it is stopped.
//! - `arping` (iputils): like ping, bounded by `-c`/`-w`; `-U` and `-A` announce an address to
//!   every neighbour and `-s` sends from an address the line chooses (neighbours' caches
//!   change): high.
//! - `ipmitool`: through the local interface only (`-I open`), `sensor`, `sdr`, `sel list|info`,
//!   `chassis status`, `chassis power status`, `mc info`, `user list` read; `fru` prints
//!   serial numbers; `lan print` the SNMP community string (high); a remote BMC (`-H`) and its
//!   passwords (`-P`, `-E`, `-f FILE`, `-k`, `-K`, `-y`) are medium; `chassis power
//!   on|off|cycle|reset`, `chassis identify`, `sel clear`, `mc reset`, `raw`, `exec`, `shell`,
//!   `sol` and every other command high.
//! - `lslogins`, `lastlog`, `lastlog2`: accounts and logins (no password hashes); lastlog's
//!   `-C`/`-S` and lastlog2's `-C`, `-S`, `-i`, `-r` change the records (high).
//! - `dcgmi`: `discovery -l|-c`, `group -l`, `fieldgroup -l` and `dmon` with a count read;
//!   `discovery -i` and `dmon`'s identity fields print serial numbers; `--host` talks to
//!   another host engine (medium); `diag` runs stress tests and every other subcommand changes
//!   settings (high).
//! - `upsc`: lists UPS variables; the full listing holds the UPS's serial numbers
//!   (`ups.serial`, `device.serial`); the host part of `UPS@HOST` is sent to the network.

use std::sync::LazyLock;

use super::{Ctx, Judgement, Operands, apply, hostnames, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Parsed, Spec, Takes, changes, endless, flag, optional, parse, reads, runs, sizes,
    unproven, value,
};

const PIDSTAT: &[Opt] = &[
    flag("d"),
    value("G"),
    flag("H"),
    flag("h"),
    flag("I"),
    flag("l"),
    value("p"),
    flag("R"),
    flag("r"),
    flag("s"),
    value("T"),
    flag("t"),
    optional("U"),
    flag("u"),
    flag("v"),
    flag("w"),
    value("C"),
    runs("e"),
    value("dec"),
    flag("human"),
    flag("V"),
];

const SLABTOP: &[Opt] = &[
    value("d|delay"),
    flag("o|once"),
    value("s|sort"),
    flag("h|help"),
    flag("V|version"),
];

const NUMASTAT: &[Opt] = &[
    flag("c"),
    flag("m"),
    flag("n"),
    value("p"),
    optional("s"),
    flag("v"),
    flag("V"),
    flag("z"),
];

const IOTOP: &[Opt] = &[
    flag("v|version"),
    flag("h|help"),
    flag("o|only"),
    flag("b|batch"),
    value("n|iter"),
    value("d|delay"),
    value("p|pid"),
    value("u|user"),
    flag("P|processes"),
    flag("a|accumulated"),
    flag("k|kilobytes"),
    flag("t|time"),
    flag("q|quiet"),
    flag("no-help"),
];

const CRICTL_GLOBAL: &[Opt] = &[
    reads("c|config"),
    flag("D|debug"),
    unproven(
        "i|image-endpoint",
        Takes::Value,
        "talks to an image service the line names",
    ),
    unproven(
        "r|runtime-endpoint",
        Takes::Value,
        "talks to a runtime the line names",
    ),
    value("t|timeout"),
    flag("h|help"),
    flag("v|version"),
];
const CRICTL_PS: &[Opt] = &[
    flag("a|all"),
    value("id"),
    value("image"),
    value("label"),
    value("n|last"),
    flag("l|latest"),
    value("name"),
    flag("no-trunc"),
    value("o|output"),
    value("p|pod"),
    flag("q|quiet"),
    flag("resolve-image-path"),
    value("s|state"),
    flag("v|verbose"),
    flag("h|help"),
];
const CRICTL_PODS: &[Opt] = &[
    value("id"),
    value("label"),
    value("n|last"),
    flag("l|latest"),
    value("name"),
    value("namespace"),
    flag("no-trunc"),
    value("o|output"),
    flag("q|quiet"),
    value("s|state"),
    flag("v|verbose"),
    flag("h|help"),
];
const CRICTL_IMAGES: &[Opt] = &[
    flag("a|all"),
    flag("digests"),
    value("f|filter"),
    flag("no-trunc"),
    value("o|output"),
    flag("pinned"),
    flag("q|quiet"),
    flag("v|verbose"),
    flag("h|help"),
];
const CRICTL_STATS: &[Opt] = &[
    flag("a|all"),
    value("id"),
    value("l|label"),
    value("o|output"),
    value("p|pod"),
    value("s|seconds"),
    endless("w|watch", Takes::No, "redraws the statistics"),
    flag("h|help"),
];

/// helm's global flags (cobra: anywhere on the line); the rest (`--kube-apiserver`,
/// `--kube-token`, `--kube-as-user`, registry and repository files) are not in the table.
const HELM_GLOBAL: &[Opt] = &[
    flag("debug"),
    value("n|namespace"),
    value("kube-context"),
    reads("kubeconfig"),
    value("burst-limit"),
    value("qps"),
    flag("h|help"),
];
const HELM_LIST: &[Opt] = &[
    flag("a|all"),
    flag("A|all-namespaces"),
    flag("d|date"),
    flag("deployed"),
    flag("failed"),
    value("f|filter"),
    value("m|max"),
    flag("no-headers"),
    value("offset"),
    flag("pending"),
    flag("r|reverse"),
    value("l|selector"),
    flag("q|short"),
    flag("superseded"),
    value("time-format"),
    flag("uninstalled"),
    flag("uninstalling"),
    value("o|output"),
];
const HELM_HISTORY: &[Opt] = &[value("max"), value("o|output")];
const HELM_STATUS: &[Opt] = &[
    value("revision"),
    value("o|output"),
    flag("show-desc"),
    flag("show-resources"),
];
const HELM_VERSION: &[Opt] = &[flag("short"), value("template")];

/// A static table joining `a` and `b`.
fn joined(a: &'static [Opt], b: &'static [Opt]) -> Vec<Opt> {
    a.iter().chain(b).copied().collect()
}

static HELM_LIST_ALL: LazyLock<Vec<Opt>> = LazyLock::new(|| joined(HELM_GLOBAL, HELM_LIST));
static HELM_HISTORY_ALL: LazyLock<Vec<Opt>> = LazyLock::new(|| joined(HELM_GLOBAL, HELM_HISTORY));
static HELM_STATUS_ALL: LazyLock<Vec<Opt>> = LazyLock::new(|| joined(HELM_GLOBAL, HELM_STATUS));
static HELM_VERSION_ALL: LazyLock<Vec<Opt>> = LazyLock::new(|| joined(HELM_GLOBAL, HELM_VERSION));

/// iputils arping; Thomas Habets' arping reads several of these letters otherwise (`-i` is
/// its interface, `-s` its source MAC) and its own options are not in the table.
const ARPING: &[Opt] = &[
    changes(
        "A",
        Takes::No,
        "announces an address to every neighbour (their ARP caches change)",
    ),
    flag("b"),
    value("c"),
    flag("D"),
    flag("f"),
    flag("h"),
    value("I"),
    value("i"),
    flag("q"),
    changes(
        "s",
        Takes::Value,
        "sends from an address the line chooses (neighbours' caches learn it)",
    ),
    changes(
        "U",
        Takes::No,
        "announces an address to every neighbour (their ARP caches change)",
    ),
    flag("V"),
    value("w"),
];

/// ipmitool's options (getopt, short only). A remote BMC and its credentials are not proven
/// harmless: the password (or the first line of `-f FILE`) is sent to the host the line names.
const IPMITOOL: &[Opt] = &[
    flag("c"),
    value("d"),
    flag("h"),
    value("I"),
    flag("v"),
    flag("V"),
    unproven("H", Takes::Value, "talks to a remote BMC"),
    unproven("U", Takes::Value, "logs into a BMC"),
    unproven("P", Takes::Value, "sends a password the line holds"),
    unproven("E", Takes::No, "sends the password in $IPMI_PASSWORD"),
    unproven("a", Takes::No, "asks for a password"),
    unproven(
        "f",
        Takes::Value,
        "sends a file's first line as the password",
    ),
    unproven("k", Takes::Value, "sends a key the line holds"),
    unproven("K", Takes::No, "sends the key in $IPMI_KGKEY"),
    unproven("y", Takes::Value, "sends a key the line holds"),
    unproven("Y", Takes::No, "asks for a key"),
    unproven("L", Takes::Value, "logs into a BMC"),
    unproven("A", Takes::Value, "logs into a BMC"),
    unproven("C", Takes::Value, "logs into a BMC"),
    unproven("p", Takes::Value, "talks to a remote BMC"),
    unproven("t", Takes::Value, "bridges to another controller"),
    unproven("b", Takes::Value, "bridges to another controller"),
    unproven("T", Takes::Value, "bridges to another controller"),
    unproven("B", Takes::Value, "bridges to another controller"),
    unproven("m", Takes::Value, "bridges to another controller"),
    unproven("S", Takes::Value, "reads a cache of sensor records"),
    unproven("O", Takes::Value, "reads an OEM definition file"),
    unproven("o", Takes::Value, "sets an OEM type"),
];

const LSLOGINS: &[Opt] = &[
    flag("a|acc-expiration"),
    flag("c|colon-separate"),
    flag("e|export"),
    flag("f|failed"),
    flag("G|supp-groups"),
    value("g|groups"),
    flag("L|last"),
    value("l|logins"),
    flag("n|newline"),
    flag("noheadings"),
    flag("notruncate"),
    value("o|output"),
    flag("output-all"),
    flag("p|pwd"),
    flag("r|raw"),
    flag("s|system-accs"),
    value("time-format"),
    flag("u|user-accs"),
    flag("y|shell"),
    flag("Z|context"),
    flag("z|print0"),
    reads("wtmp-file"),
    reads("btmp-file"),
    reads("lastlog"),
    reads("lastlog2"),
    flag("h|help"),
    flag("V|version"),
];

const LASTLOG: &[Opt] = &[
    value("b|before"),
    changes("C|clear", Takes::No, "clears login records"),
    flag("h|help"),
    unproven("R|root", Takes::Value, "reads another root's records"),
    changes("S|set", Takes::No, "sets login records"),
    value("t|time"),
    value("u|user"),
];

const LASTLOG2: &[Opt] = &[
    flag("a|active"),
    value("b|before"),
    changes("C|clear", Takes::No, "clears login records"),
    reads("d|database"),
    flag("h|help"),
    changes("i|import", Takes::Value, "imports login records"),
    changes("r|rename", Takes::Value, "renames a user's login records"),
    flag("s|service"),
    changes("S|set", Takes::No, "sets login records"),
    value("t|time"),
    value("u|user"),
    flag("v|version"),
];

const DCGMI_HOST: Opt = unproven("host", Takes::Value, "talks to another host engine");
const DCGMI_DISCOVERY: &[Opt] = &[
    flag("l|list"),
    flag("c|compute"),
    value("i|info"),
    value("g|group"),
    flag("v|verbose"),
    DCGMI_HOST,
    flag("h|help"),
];
const DCGMI_LIST: &[Opt] = &[
    flag("l|list"),
    flag("j|json"),
    changes("c|create", Takes::Value, "creates a group"),
    changes("d|delete", Takes::Value, "deletes a group"),
    changes("a|add", Takes::Value, "adds to a group"),
    changes("r|remove", Takes::Value, "removes from a group"),
    DCGMI_HOST,
    flag("h|help"),
];
const DCGMI_DMON: &[Opt] = &[
    value("i|gpu-id"),
    value("g|group-id"),
    value("f|field-group-id"),
    value("e|field-id"),
    value("d|delay"),
    value("c|count"),
    flag("l|list"),
    DCGMI_HOST,
    flag("h|help"),
];

/// upsc's `-W SECONDS` is how long it waits for the server.
const UPSC: &[Opt] = &[
    flag("l"),
    flag("L"),
    flag("c"),
    flag("h"),
    flag("V"),
    sizes("W", 60),
];

/// systemd-detect-virt's options: every one only chooses what is detected or printed.
const DETECT_VIRT: &[Opt] = &[
    flag("c|container"),
    flag("v|vm"),
    flag("r|chroot"),
    flag("private-users"),
    flag("cvm"),
    flag("q|quiet"),
    flag("list"),
    flag("list-cvm"),
    flag("h|help"),
    flag("version"),
];

const SESTATUS: &[Opt] = &[flag("v"), flag("b")];

const IPCS: &[Opt] = &[
    value("i|id"),
    flag("m|shmems"),
    flag("q|queues"),
    flag("s|semaphores"),
    flag("a|all"),
    flag("t|time"),
    flag("p|pid"),
    flag("c|creator"),
    flag("l|limits"),
    flag("u|summary"),
    flag("b|bytes"),
    flag("human"),
    flag("h|help"),
    flag("V|version"),
];

/// lsns (util-linux): its default COMMAND column is each namespace's first process's command
/// line.
const LSNS: &[Opt] = &[
    flag("J|json"),
    flag("l|list"),
    flag("n|noheadings"),
    value("o|output"),
    flag("output-all"),
    value("p|task"),
    flag("r|raw"),
    value("t|type"),
    flag("u|notruncate"),
    flag("W|nowrap"),
    optional("T|tree"),
    flag("P|persistent"),
    value("Q|filter"),
    flag("H|list-columns"),
    flag("h|help"),
    flag("V|version"),
];

const HELP_VERSION: &[Opt] = &[flag("help"), flag("version")];

/// ntpq's options with `-p`: the peers of the servers named (the local one by default).
const NTPQ: &[Opt] = &[
    flag("p|peers"),
    flag("n|numeric"),
    flag("4|ipv4"),
    flag("6|ipv6"),
    flag("w|wide"),
];

/// upower's options; `-m`/`--monitor` waits for events until it is stopped.
const UPOWER: &[Opt] = &[
    flag("e|enumerate"),
    flag("d|dump"),
    value("i|show-info"),
    flag("w|wakeups"),
    endless("m|monitor", Takes::No, "prints power events"),
    endless("monitor-detail", Takes::No, "prints power events"),
    flag("v|version"),
    flag("h|help"),
];

/// The most `-c`/`-n` rounds a bounded repeat may take where nothing contains it.
const MOST_ROUNDS: u64 = 10_000;

/// Whether `count` rounds `interval_s` apart end within a run.
fn rounds_end(count: Option<&str>, interval_s: f64) -> bool {
    count.and_then(super::ending::count).is_some_and(|n| {
        n > 0 && n <= MOST_ROUNDS && n as f64 * interval_s <= super::ending::LONGEST_RUN_S
    })
}

/// The verdict for the programs of this file, `None` for any other.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "pidstat" => pidstat(ctx, args),
        "slabtop" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(SLABTOP),
                Operands::Inert,
                "shows kernel slab caches",
            );
            let informs = parsed.has("help") || parsed.has("version");
            if !parsed.has("once") && !informs {
                j.raise(
                    RiskLevel::Medium,
                    "slabtop without -o/--once is a full-screen display that redraws until it is stopped",
                );
            }
            j
        }
        "numastat" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(NUMASTAT),
                Operands::Inert,
                "shows NUMA memory statistics",
            );
            if parsed.has("p") || !parsed.operands.is_empty() {
                super::cmdlines::raise(
                    ctx,
                    &mut j,
                    "numastat -p (processes matched by their command lines)",
                );
            }
            // A pattern (not a process id) is matched against each command line.
            let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
            if parsed
                .values("p")
                .chain(parsed.operands.iter().copied())
                .any(|w| !digits(w))
            {
                super::cmdlines::matched(&mut j, "numastat -p PATTERN");
            }
            j
        }
        "iotop" => iotop(ctx, args),
        "crictl" => crictl(ctx, args),
        "helm" => helm(ctx, args),
        "iw" => iw(ctx, args),
        "arping" => arping(ctx, args),
        "ipmitool" => ipmitool(ctx, args),
        "lslogins" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(LSLOGINS),
                Operands::Inert,
                "lists accounts",
            )
            .0
        }
        "lastlog" | "lastlog2" => {
            let table = if name == "lastlog" { LASTLOG } else { LASTLOG2 };
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(table),
                Operands::Inert,
                "lists last logins",
            )
            .0
        }
        "dcgmi" => dcgmi(ctx, args),
        "upsc" => upsc(ctx, args),
        "systemd-detect-virt" | "sestatus" | "ipcs" | "getenforce" | "virt-what" => {
            let (table, reason): (&'static [Opt], &'static str) = match name {
                "systemd-detect-virt" => (DETECT_VIRT, "detects virtualisation"),
                "sestatus" => (SESTATUS, "shows SELinux's state"),
                "ipcs" => (IPCS, "lists System V IPC objects"),
                "getenforce" => (&[], "shows SELinux's mode"),
                _ => (HELP_VERSION, "detects virtualisation"),
            };
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(table),
                Operands::None("is not an operand it takes"),
                reason,
            )
            .0
        }
        "lsns" => lsns(ctx, args),
        "ntpq" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(NTPQ),
                Operands::Inert,
                "shows NTP peers",
            );
            // Without -p ntpq reads commands from its input (`interactive.rs`).
            // Each operand is a server queried over the network.
            hostnames::raise(&mut j, "ntpq", parsed.operands.iter().copied());
            j
        }
        "upower" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(UPOWER),
                Operands::None("is not an operand it takes"),
                "shows power devices",
            );
            // A battery's and a UPS's details hold their serial numbers.
            if parsed.has("d") || parsed.has("i") {
                super::serials::raise(ctx, &mut j, "upower -d/-i (each battery's serial)");
            }
            j
        }
        _ => return None,
    })
}

fn pidstat(ctx: &Ctx, args: &[String]) -> Judgement {
    // pidstat reads every word: options may follow the interval. `-e PROGRAM ARGS...` runs a
    // program (the words after it are read as options too, which only raises the line).
    let (mut j, parsed) = judged(
        ctx,
        "pidstat",
        args,
        &Spec::gnu(PIDSTAT),
        Operands::Inert,
        "shows per-process statistics",
    );
    // pidstat reads its words itself, not with getopt: a `--` ends nothing, and `-e` runs the
    // words after it wherever it stands.
    if parsed.operands.contains(&"-e") {
        j.raise(RiskLevel::High, "pidstat -e runs a command");
    }
    if parsed.has("l") || parsed.operands.contains(&"-l") {
        super::cmdlines::raise(ctx, &mut j, "pidstat -l");
    }
    super::ending::repeating_reader(ctx, &mut j, "pidstat", &parsed.operands);
    j
}

fn iotop(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "iotop",
        args,
        &Spec::gnu(IOTOP),
        Operands::Inert,
        "shows I/O per process",
    );
    if parsed.has("help") || parsed.has("version") {
        return j;
    }
    if !parsed.has("batch") {
        j.raise(
            RiskLevel::Medium,
            "iotop without -b/--batch is a full-screen display that redraws until it is stopped",
        );
    }
    let delay = parsed.values("delay").last();
    if let Some(delay) = delay {
        super::intervals::raise(&mut j, "iotop -d", delay, 1.0);
    }
    let delay_s = delay.map_or(Some(1.0), |d| d.parse::<f64>().ok());
    let ends = delay_s.is_some_and(|d| rounds_end(parsed.values("iter").last(), d));
    super::ending::require(ctx, &mut j, ends, || {
        "iotop without -n COUNT (within a run at its -d delay) repeats until it is stopped"
            .to_owned()
    });
    // Its COMMAND column is each process's /proc/PID/cmdline.
    super::cmdlines::raise(ctx, &mut j, "iotop");
    j
}

/// Whether crictl's `-o`/`--output` values keep to the table.
fn table_output(parsed: &Parsed) -> bool {
    parsed.values("output").all(|o| o == "table")
}

/// `words` as Go's flag package reads them (crictl's urfave/cli): a single dash may start a
/// long name (`-debug` is `--debug`, `-output=json` is `--output=json`), tried before the
/// word is split into short options; such words are given their second dash.
pub(super) fn go_long_names<S: AsRef<str>>(words: &[S], table: &[Opt]) -> Vec<String> {
    words
        .iter()
        .map(|word| {
            let word = word.as_ref();
            let name = word
                .strip_prefix('-')
                .filter(|rest| !rest.starts_with('-'))
                .map(|rest| rest.split_once('=').map_or(rest, |(name, _)| name));
            match name {
                Some(name) if name.len() > 1 && table.iter().any(|o| o.is(name)) => {
                    format!("-{word}")
                }
                _ => word.to_owned(),
            }
        })
        .collect()
}

fn crictl(ctx: &Ctx, args: &[String]) -> Judgement {
    let args = go_long_names(args, CRICTL_GLOBAL);
    let global = parse(&args, &Spec::posix(CRICTL_GLOBAL));
    let mut j = Judgement::low("lists containers");
    apply(ctx, "crictl", &global, Operands::Inert, &mut j);
    if global.has("debug") {
        j.raise(
            RiskLevel::High,
            "crictl -D logs each reply whole: containers' and pods' labels and annotations (a last applied configuration, credentials kept there)",
        );
    }
    // How long it waits for the runtime: a hung runtime and a long timeout never end.
    for timeout in global.values("timeout") {
        let within =
            super::ending::seconds(timeout).is_some_and(|s| s <= super::ending::LONGEST_RUN_S);
        super::ending::require(ctx, &mut j, within, || {
            format!("crictl -t {timeout} waits for the runtime longer than a run")
        });
    }
    // The configuration names the endpoints (`-r`, `-i`) and may turn on `debug: true` (`-D`).
    if global.has("config") {
        j.raise(
            RiskLevel::High,
            "crictl -c FILE takes its runtime endpoint and its debug log of whole replies (labels, annotations) from a configuration the line chooses",
        );
    }
    let Some((sub, rest)) = global.operands.split_first() else {
        return j;
    };
    let table = match *sub {
        "ps" => CRICTL_PS,
        "pods" => CRICTL_PODS,
        "images" | "image" | "img" => CRICTL_IMAGES,
        "stats" => CRICTL_STATS,
        "version" if rest.is_empty() => return j,
        "inspect" | "inspectp" | "inspecti" | "info" => {
            j.raise(
                RiskLevel::High,
                format!("crictl {sub} prints the environment, labels or the runtime's configuration (registries' credentials among it)"),
            );
            return j;
        }
        "logs" => {
            j.raise(
                RiskLevel::Medium,
                "crictl logs prints what a container printed, not proven free of secrets",
            );
            return j;
        }
        other => {
            j.raise(
                RiskLevel::High,
                format!("crictl {other} is not a listing known to change nothing"),
            );
            return j;
        }
    };
    let shown = format!("crictl {sub}");
    let rest = go_long_names(rest, table);
    let parsed = parse(&rest, &Spec::gnu(table));
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    if !table_output(&parsed) || parsed.has("verbose") {
        j.raise(
            RiskLevel::High,
            format!("{shown} -o/-v prints labels and annotations (a last applied configuration, credentials kept there); the table does not"),
        );
    }
    for seconds in parsed.values("seconds") {
        if !super::ending::seconds(seconds).is_some_and(|s| s <= super::ending::LONGEST_RUN_S) {
            super::ending::require(ctx, &mut j, false, || {
                format!("crictl stats -s {seconds} waits longer than a run")
            });
        }
    }
    j
}

fn helm(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("lists releases");
    // The subcommand: the first word that no global flag takes as its value.
    let global = parse(args, &Spec::posix(HELM_GLOBAL));
    let Some(sub) = global.operands.first().copied() else {
        apply(ctx, "helm", &global, Operands::Inert, &mut j);
        return j;
    };
    let table: &'static [Opt] = match sub {
        "list" | "ls" => &HELM_LIST_ALL,
        "history" | "hist" => &HELM_HISTORY_ALL,
        "status" => &HELM_STATUS_ALL,
        "version" => &HELM_VERSION_ALL,
        "get" => {
            j.raise(
                RiskLevel::High,
                "helm get prints a release's values, manifest, hooks or notes (secrets among them)",
            );
            return j;
        }
        other => {
            j.raise(
                RiskLevel::High,
                format!(
                    "helm {other} is not a listing known to change nothing (plugins run programs)"
                ),
            );
            return j;
        }
    };
    let shown = format!("helm {sub}");
    let parsed = parse(args, &Spec::gnu(table));
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    // As kubectl's `--kubeconfig` and `--context`: another configuration runs its users'
    // `exec:` credential plugins and sends their tokens to the servers it names.
    for option in ["kubeconfig", "kube-context"] {
        if parsed.has(option) {
            j.raise(
                RiskLevel::High,
                format!(
                    "helm --{option} sends the cluster's credentials, or other ones, to a server or identity the line chooses (a kubeconfig's exec plugins run programs)"
                ),
            );
        }
    }
    if parsed.operands.first() != Some(&sub) {
        j.raise(
            RiskLevel::Medium,
            format!("{shown}: the subcommand is not where helm looks for it"),
        );
    }
    if sub == "version" && parsed.operands.len() > 1 {
        j.raise(RiskLevel::Medium, "helm version takes no operand");
    }
    if sub == "status" {
        if parsed.values("output").any(|o| o != "table") {
            j.raise(
                RiskLevel::High,
                "helm status -o json|yaml prints the whole release: its values and manifest (secrets among them)",
            );
        } else {
            j.raise(
                RiskLevel::Medium,
                "helm status prints the chart's NOTES, rendered from the release's values: not proven free of secrets",
            );
        }
    }
    j
}

/// `iw dev IFACE ...` commands that read.
fn iw_interface_reads(words: &[&str]) -> bool {
    matches!(
        words,
        ["info"]
            | ["link"]
            | ["station", "dump"]
            | ["station", "get", _]
            | ["survey", "dump"]
            | ["scan", "dump"]
            | ["get", "power_save"]
            | ["mpath", "dump"]
            | ["mpp", "dump"]
    )
}

fn iw(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("shows wireless devices");
    let mut words: Vec<&str> = args.iter().map(String::as_str).collect();
    while let Some(first) = words.first() {
        if *first == "--debug" {
            words.remove(0);
        } else {
            break;
        }
    }
    let reads = match words.as_slice() {
        ["dev"]
        | ["list"]
        | ["phy"]
        | ["reg", "get"]
        | ["features"]
        | ["commands"]
        | ["help"]
        | ["--version"] => true,
        ["phy", _phy, "info" | "channels"] => true,
        ["dev", _iface, rest @ ..] | ["wdev", _iface, rest @ ..] => iw_interface_reads(rest),
        ["event", options @ ..] if options.iter().all(|o| matches!(*o, "-t" | "-r" | "-f")) => {
            super::ending::require(ctx, &mut j, false, || {
                "iw event waits for events until it is stopped".to_owned()
            });
            true
        }
        _ => false,
    };
    if !reads {
        j.raise(
            RiskLevel::High,
            format!(
                "iw {} is not a listing known to leave the radio as it is (a scan takes it off its channel)",
                args.join(" ")
            ),
        );
    }
    j
}

fn arping(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "arping",
        args,
        &Spec::gnu(ARPING),
        Operands::Inert,
        "probes a neighbour",
    );
    hostnames::raise(&mut j, "arping", parsed.operands.iter().copied());
    let interval = parsed.values("i").last();
    if let Some(interval) = interval {
        super::intervals::raise(&mut j, "arping -i", interval, 1.0);
    }
    let interval_s = interval.map_or(Some(1.0), |i| i.parse::<f64>().ok());
    let counted = interval_s.is_some_and(|i| rounds_end(parsed.values("c").last(), i));
    let timed = parsed.values("w").any(|w| {
        super::ending::count(w).is_some_and(|s| s > 0 && s as f64 <= super::ending::LONGEST_RUN_S)
    });
    let usage = parsed.operands.is_empty();
    super::ending::require(ctx, &mut j, counted || timed || usage, || {
        "arping without -c COUNT or -w SECONDS probes until it is stopped".to_owned()
    });
    j
}

/// ipmitool commands (after the options) that read, through the local interface.
fn ipmitool_reads(words: &[&str]) -> bool {
    matches!(
        words,
        ["sensor"]
            | ["sensor", "list"]
            | ["sensor", "get", ..]
            | ["sdr"]
            | ["sdr", "list" | "elist"]
            | [
                "sdr",
                "list" | "elist",
                "all" | "full" | "compact" | "event" | "mcloc" | "fru" | "generic"
            ]
            | ["sdr", "type", ..]
            | ["sdr", "info"]
            | ["sdr", "entity", ..]
            | ["sel"]
            | ["sel", "list" | "elist" | "info"]
            | ["sel", "list" | "elist", "first" | "last", _]
            | ["sel", "get", _]
            | ["sel", "time", "get"]
            | ["chassis", "status" | "poh" | "restart_cause"]
            | ["chassis", "power", "status"]
            | ["power", "status"]
            | ["mc" | "bmc", "info"]
            | ["user", "list" | "summary"]
            | ["user", "list" | "summary", _]
    )
}

fn ipmitool(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "ipmitool",
        args,
        &Spec::gnu(IPMITOOL),
        Operands::Inert,
        "reads the BMC",
    );
    for file in parsed.values("f") {
        j.raise_path(ctx.read(file));
    }
    if parsed.values("I").any(|i| i != "open") {
        j.raise(
            RiskLevel::Medium,
            "ipmitool -I other than open talks to a BMC over the network or another interface",
        );
    }
    let words = parsed.operands.as_slice();
    // The commands that save to a file the line names.
    if let ["sdr", "dump", file] | ["sel", "save" | "writeraw", file] | ["fru", "read", _, file] =
        words
    {
        let (level, reason) = ctx.paths.write(file);
        j.raise(level, format!("ipmitool {}: {reason}", words.join(" ")));
    }
    match words {
        [] => {}
        ["fru"] | ["fru", "print" | "list", ..] => {
            super::serials::raise(ctx, &mut j, "ipmitool fru (boards' and products' serial numbers)");
        }
        ["lan", "print", ..] => j.raise(
            RiskLevel::High,
            "ipmitool lan print prints the BMC's SNMP community string (a credential)",
        ),
        _ if ipmitool_reads(words) => {}
        _ => j.raise(
            RiskLevel::High,
            format!(
                "ipmitool {} is not a reading known to change nothing (power, identify, clearing logs, raw commands)",
                words.join(" ")
            ),
        ),
    }
    j
}

/// DCGM field ids of a device's identity (brand, name, serial number, UUID, board part
/// numbers...): 50 to 59 and the board's 80s are left out by the model.
fn dcgm_identity_field(field: &str) -> bool {
    field
        .trim()
        .parse::<u32>()
        .map_or(true, |id| (50..100).contains(&id))
}

fn dcgmi(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("shows GPUs");
    let (sub, rest) = match args.split_first() {
        Some((sub, rest)) => (sub.as_str(), rest),
        None => return j,
    };
    let table = match sub {
        "-v" | "--version" | "-h" | "--help" if rest.is_empty() => return j,
        "discovery" => DCGMI_DISCOVERY,
        "group" | "fieldgroup" => DCGMI_LIST,
        "dmon" => DCGMI_DMON,
        other => {
            j.raise(
                RiskLevel::High,
                format!("dcgmi {other} is not a listing known to change nothing (diag runs stress tests)"),
            );
            return j;
        }
    };
    let shown = format!("dcgmi {sub}");
    let parsed = parse(rest, &Spec::gnu(table));
    apply(ctx, &shown, &parsed, Operands::Inert, &mut j);
    let lists = parsed.has("list") || parsed.has("compute") || parsed.has("info");
    match sub {
        "discovery" | "group" | "fieldgroup" if !lists => j.raise(
            RiskLevel::High,
            format!("{shown} without -l is not a listing known to change nothing"),
        ),
        "discovery" if parsed.has("info") => {
            super::serials::raise(ctx, &mut j, "dcgmi discovery -i (serial numbers)");
        }
        "dmon" if !parsed.has("list") => {
            if parsed.has("field-group-id")
                || parsed
                    .values("field-id")
                    .any(|fields| fields.split(',').any(dcgm_identity_field))
            {
                super::serials::raise(ctx, &mut j, "dcgmi dmon of a device's identity fields");
            }
            let delay = parsed.values("delay").last();
            if let Some(delay) = delay {
                super::intervals::raise(&mut j, "dcgmi dmon -d", delay, 0.001);
            }
            let delay_s = delay.map_or(Some(1.0), |d| d.parse::<f64>().ok().map(|ms| ms / 1000.0));
            let ends = delay_s.is_some_and(|d| rounds_end(parsed.values("count").last(), d));
            super::ending::require(ctx, &mut j, ends, || {
                "dcgmi dmon without -c COUNT repeats until it is stopped".to_owned()
            });
        }
        _ => {}
    }
    j
}

fn lsns(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "lsns",
        args,
        &Spec::gnu(LSNS),
        Operands::Inert,
        "lists namespaces",
    );
    // The default columns, and any list added to them (`-o +PATH`), hold COMMAND.
    let outputs: Vec<&str> = parsed.values("output").collect();
    let commands = parsed.has("output-all")
        || outputs.is_empty()
        || outputs
            .iter()
            .any(|o| o.starts_with('+') || o.to_ascii_lowercase().contains("command"));
    let informs = parsed.has("help") || parsed.has("version") || parsed.has("list-columns");
    if commands && !informs {
        super::cmdlines::raise(ctx, &mut j, "lsns (its COMMAND column)");
    }
    // A filter expression may test the COMMAND column against a pattern.
    if parsed
        .values("filter")
        .any(|f| f.to_ascii_lowercase().contains("command"))
    {
        super::cmdlines::matched(&mut j, "lsns -Q on COMMAND");
    }
    j
}

fn upsc(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "upsc",
        args,
        &Spec::gnu(UPSC),
        Operands::Inert,
        "shows a UPS's state",
    );
    let lists_names = parsed.has("l") || parsed.has("L") || parsed.has("c");
    let hosts = parsed.operands.first().map(|ups| {
        let host = ups
            .split_once('@')
            .map_or(if lists_names { *ups } else { "" }, |(_, h)| h);
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    });
    hostnames::raise(&mut j, "upsc", hosts.filter(|h| !h.is_empty()));
    let variable = parsed.operands.get(1);
    if parsed.operands.len() > 2 {
        j.raise(
            RiskLevel::Medium,
            "upsc takes a UPS and at most one variable",
        );
    }
    let serial = match variable {
        Some(variable) => variable.to_ascii_lowercase().contains("serial"),
        None => !lists_names && !parsed.operands.is_empty(),
    };
    if serial {
        super::serials::raise(
            ctx,
            &mut j,
            "upsc's full listing (ups.serial, device.serial)",
        );
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_fields_and_unknown_fields_are_not_proven_plain() {
        for field in ["50", "53", "54", "99", "x", "", "1e2"] {
            assert!(dcgm_identity_field(field), "{field:?}");
        }
        for field in ["150", "155", "203", "1001", " 150"] {
            assert!(!dcgm_identity_field(field), "{field:?}");
        }
    }

    #[test]
    fn only_listings_are_reads() {
        assert!(iw_interface_reads(&["link"]));
        assert!(iw_interface_reads(&["scan", "dump"]));
        assert!(!iw_interface_reads(&["scan"]));
        assert!(!iw_interface_reads(&["scan", "trigger"]));
        assert!(!iw_interface_reads(&[]));
        assert!(ipmitool_reads(&["chassis", "power", "status"]));
        assert!(ipmitool_reads(&["sel", "list", "last", "10"]));
        assert!(!ipmitool_reads(&["chassis", "power", "off"]));
        assert!(!ipmitool_reads(&["chassis", "power", "status", "off"]));
        assert!(!ipmitool_reads(&["sel", "clear"]));
        assert!(!ipmitool_reads(&["lan", "print"]));
    }

    #[test]
    fn counted_rounds_end_within_a_run() {
        assert!(rounds_end(Some("5"), 1.0));
        assert!(!rounds_end(Some("0"), 1.0));
        assert!(!rounds_end(None, 1.0));
        assert!(!rounds_end(Some("1000"), 1.0));
        assert!(!rounds_end(Some("x"), 1.0));
    }
}
