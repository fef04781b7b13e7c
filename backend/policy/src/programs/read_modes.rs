//! Programs known to change the system whose one reading form is an everyday check: each form
//! is low only with the options and operands listed here; any other word keeps the program
//! high, and the reason names the program and the word that decided.
//!
//! - `chage -l USER` (`-i` for ISO dates) prints an account's password ageing, no hash; every
//!   other option changes the account.
//! - `tune2fs -l DEVICE` prints the superblock and changes nothing when it is the only option;
//!   `dumpe2fs` (`-h`, `-x`, `-b`) never writes. Both open the device they are given, which
//!   must be a storage device.
//! - `hdparm -I|-i|-C|-g DEVICE`: the drive's identify data (its serial number among it: high
//!   where nothing contains it, as `smartctl -i`), its power state without waking it, its
//!   geometry. `-t`/`-T` flush the buffer cache and load the disk; the getting and setting
//!   options (`-B`, `-S`, `-W` with or without a value) and the rest stay high.
//! - `brctl show [BRIDGE]`, `showmacs BRIDGE`, `showstp BRIDGE` read a bridge.
//! - `wg` and `wg show [IFACE|all|interfaces] [FIELD]` print public keys, endpoints, handshakes
//!   and transfers (the private and preshared keys as `(hidden)`, unless `WG_HIDE_KEYS=never`,
//!   which `classify.rs` judges high on the line); `private-key`,
//!   `preshared-keys` and `dump` print them, as `showconf` does (high); `set`, `setconf`,
//!   `addconf`, `syncconf` change the interface.
//! - `mokutil --sb-state`, `-l`/`--list-enrolled`, `-N`/`--list-new`, `-D`/`--list-delete`
//!   print Secure Boot's state and public certificates; every other option changes what the
//!   firmware trusts or asks for a password.
//! - `multipath -l`/`-ll` [`-v N`] [DEVICE] print the multipath topology, with each map's WWID
//!   (a world-wide name: high where nothing contains it, as lsblk's `WWN`); without `-l`
//!   multipath creates or flushes maps.
//! - `rocm-smi` alone or with its `--show…` queries (`-u`, `-t`, `-c`, `-g`, `-f`, `-p`, `-P`,
//!   `-i`, `-v`, `--showmeminfo vram|vis_vram|gtt|all`, `-d N…`, `--json`, `--csv`), each
//!   spelled whole (argparse's abbreviations may be a setting's); `--showserial`,
//!   `--showuniqueid` and `-a`/`--showallinfo` print the board's serial number (high on
//!   `ssh_exec`); every `--set…`, `--reset…`, `--gpureset`, `--load`, `--save` and any other
//!   word changes the GPU or writes a file.
//! - `ipvsadm -L`/`-l`/`--list` (`-n`, `-c`, `--stats`, `--rate`, `--thresholds`,
//!   `--persistent-conn`, `--exact`, `--timeout`, `--daemon`, `--sort`, `-t|-u|-f SERVICE`, a
//!   service's host being an ordinary host name, as it is looked up) and
//!   `-S`/`--save` print the virtual server table; long options must be spelled whole (popt's
//!   table holds `--clear`, `--set`, `--restore`, `--start-daemon` beside them). Every other
//!   command (`-A`, `-E`, `-D`, `-C`, `-R`, `-Z`, `-a`, `--set`) changes the table.
//! - `auditctl -l` (the rules) and `-s` (the status) read the kernel's audit configuration;
//!   every other option changes it. Where nothing contains it the audit tools stay high
//!   (`uncontained.rs`).
//! - `cpupower [-c CPUS] frequency-info|idle-info|info [their reading options]` print the CPU
//!   frequency and idle states; `frequency-set`, `idle-set`, `set` change them, `monitor` runs
//!   the command it is given, `help` runs man: high.
//! - `tuned-adm active|list [profiles|plugins]|recommend|profile_info [NAME]` print the tuning
//!   profiles (a Python program: medium on `ssh_exec`); `profile`, `off`, `auto_profile`,
//!   `profile_mode`, `verify` (which may write a log) change or act: high.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, flag, parse, value};
use crate::paths::DeviceKind;

const CHAGE: &[Opt] = &[flag("l|list"), flag("i|iso8601"), flag("h|help")];
const TUNE2FS: &[Opt] = &[flag("l")];
const DUMPE2FS: &[Opt] = &[flag("h"), flag("x"), flag("b"), flag("V")];
const MOKUTIL: &[Opt] = &[
    flag("sb-state"),
    flag("l|list-enrolled"),
    flag("N|list-new"),
    flag("D|list-delete"),
    flag("h|help"),
];
const MULTIPATH: &[Opt] = &[flag("l"), value("v"), flag("h")];
const HDPARM: &[Opt] = &[flag("I"), flag("i"), flag("C"), flag("g"), flag("h")];
/// ipvsadm's listing and saving commands with their output options.
const IPVSADM: &[Opt] = &[
    flag("L|l|list"),
    flag("S|save"),
    flag("n|numeric"),
    flag("c|connection"),
    flag("stats"),
    flag("rate"),
    flag("thresholds"),
    flag("persistent-conn"),
    flag("nosort"),
    flag("sort"),
    flag("exact"),
    flag("timeout"),
    flag("daemon"),
    value("t|tcp-service"),
    value("u|udp-service"),
    value("f|fwmark-service"),
    flag("h|help"),
];
const AUDITCTL: &[Opt] = &[flag("l"), flag("s"), flag("h"), flag("v")];
const CPUPOWER_GLOBAL: &[Opt] = &[
    value("c|cpu"),
    flag("d|debug"),
    flag("h|help"),
    flag("v|version"),
];
const CPUPOWER_FREQUENCY_INFO: &[Opt] = &[
    flag("e|debug"),
    flag("f|freq"),
    flag("w|hwfreq"),
    flag("l|hwlimits"),
    flag("d|driver"),
    flag("p|policy"),
    flag("g|governors"),
    flag("a|related-cpus"),
    flag("r|affected-cpus"),
    flag("s|stats"),
    flag("y|latency"),
    flag("o|proc"),
    flag("m|human"),
    flag("n|no-rounding"),
    flag("c|perf"),
];
const CPUPOWER_IDLE_INFO: &[Opt] = &[flag("f|silent"), flag("e|proc")];
const CPUPOWER_INFO: &[Opt] = &[flag("b|perf-bias")];

/// The verdict for the programs of this file, `None` for any other.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "chage" => one_form(
            ctx,
            name,
            args,
            CHAGE,
            &["l", "h"],
            Takes::Account,
            ("shows an account's password ageing", "changes accounts"),
        ),
        "tune2fs" => one_form(
            ctx,
            name,
            args,
            TUNE2FS,
            &["l"],
            Takes::Device,
            (
                "shows an ext file system's superblock",
                "changes file systems",
            ),
        ),
        "dumpe2fs" => one_form(
            ctx,
            name,
            args,
            DUMPE2FS,
            &[],
            Takes::Device,
            (
                "shows an ext file system's metadata",
                "is not known to only read",
            ),
        ),
        "hdparm" => {
            let mut j = one_form(
                ctx,
                name,
                args,
                HDPARM,
                &["I", "i", "C", "g", "h"],
                Takes::Devices,
                ("shows a drive's settings", "changes or loads disks"),
            );
            if j.level == RiskLevel::Low && args.iter().any(|a| identifies(a)) {
                super::serials::raise(ctx, &mut j, "hdparm -I/-i");
            }
            j
        }
        "mokutil" => one_form(
            ctx,
            name,
            args,
            MOKUTIL,
            &["sb-state", "l", "N", "D", "h"],
            Takes::Nothing,
            (
                "shows Secure Boot's state",
                "changes what the firmware trusts",
            ),
        ),
        "multipath" => {
            let mut j = one_form(
                ctx,
                name,
                args,
                MULTIPATH,
                &["l", "h"],
                Takes::Any,
                ("shows multipath maps", "creates, reloads or flushes maps"),
            );
            if j.level == RiskLevel::Low && !args.iter().any(|a| a == "-h") {
                super::serials::raise(ctx, &mut j, "multipath -l (each map's WWID)");
            }
            j
        }
        "rocm-smi" => rocm_smi(ctx, args),
        "ipvsadm" => {
            if let Some(word) = abbreviated(args, IPVSADM) {
                return Some(Judgement::new(
                    RiskLevel::High,
                    format!(
                        "ipvsadm: {word} is not a listing option spelled whole, and ipvsadm changes the virtual server table"
                    ),
                ));
            }
            let mut j = one_form(
                ctx,
                name,
                args,
                IPVSADM,
                &["L", "S", "h"],
                Takes::Nothing,
                (
                    "shows the virtual server table",
                    "changes the virtual server table",
                ),
            );
            // A service's host is looked up through the system's resolvers.
            let parsed = parse(args, &Spec::gnu(IPVSADM));
            let hosts = parsed
                .values("t")
                .chain(parsed.values("u"))
                .map(service_host);
            super::hostnames::raise(&mut j, "ipvsadm -t/-u", hosts);
            j
        }
        "auditctl" => one_form(
            ctx,
            name,
            args,
            AUDITCTL,
            &["l", "s", "h", "v"],
            Takes::Nothing,
            (
                "shows the audit rules and status",
                "changes the kernel's audit rules",
            ),
        ),
        "cpupower" => cpupower(args),
        "tuned-adm" => tuned_adm(args),
        "brctl" => brctl(args),
        "wg" => wg(args),
        _ => return None,
    })
}

/// What the operands of a reading form may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    /// One account name (at most).
    Account,
    /// Exactly one storage device, named, not read.
    Device,
    /// One or more storage devices.
    Devices,
    /// No operand.
    Nothing,
    /// Any number of devices or map names, named, not read.
    Any,
}

/// The first long option of `args` (before a `--`) that is not one of `table`'s long names
/// spelled whole (with `=VALUE` for one taking a value).
fn abbreviated<'a>(args: &'a [String], table: &[Opt]) -> Option<&'a str> {
    args.iter()
        .map(String::as_str)
        .take_while(|a| *a != "--")
        .filter_map(|a| a.strip_prefix("--").map(|long| (a, long)))
        .find(|(_, long)| {
            let name = long.split_once('=').map_or(*long, |(name, _)| name);
            name.len() < 2 || !table.iter().any(|o| o.is(name))
        })
        .map(|(a, _)| a)
}

/// The host of ipvsadm's `HOST[:PORT]` or `[ADDRESS]:PORT`.
fn service_host(service: &str) -> &str {
    if let Some(rest) = service.strip_prefix('[') {
        return rest.split_once(']').map_or(rest, |(host, _)| host);
    }
    match service.rsplit_once(':') {
        Some((host, _)) if !host.contains(':') => host,
        _ => service,
    }
}

/// cpupower's reading subcommands, after its global options.
fn cpupower(args: &[String]) -> Judgement {
    let global = parse(args, &Spec::posix(CPUPOWER_GLOBAL));
    let high = |why: String| Judgement::new(RiskLevel::High, why);
    if let Some(problem) = global.problems.first() {
        return high(format!(
            "cpupower: {problem}, and cpupower changes CPU frequencies and idle states"
        ));
    }
    let Some((sub, rest)) = global.operands.split_first() else {
        return Judgement::low("prints its usage or version");
    };
    let table = match *sub {
        "frequency-info" => CPUPOWER_FREQUENCY_INFO,
        "idle-info" => CPUPOWER_IDLE_INFO,
        "info" => CPUPOWER_INFO,
        other => {
            return high(format!(
                "cpupower {other} is not a reading form (frequency-info, idle-info, info): it changes CPU settings, runs a command (monitor) or a manual (help)"
            ));
        }
    };
    let parsed = parse(rest, &Spec::gnu(table));
    if let Some(problem) = parsed.problems.first() {
        return high(format!(
            "cpupower {sub}: {problem}, and cpupower changes CPU frequencies and idle states"
        ));
    }
    if let Some(operand) = parsed.operands.first() {
        return high(format!(
            "cpupower {sub} {operand} is not its reading form: cpupower changes CPU frequencies and idle states"
        ));
    }
    Judgement::low("shows CPU frequencies and idle states")
}

/// tuned-adm's reading verbs, each with the words it takes.
fn tuned_adm(args: &[String]) -> Judgement {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let reads = match words.as_slice() {
        [] | ["active" | "recommend" | "list" | "profile_info"] => true,
        ["list", "profiles" | "plugins"] => true,
        ["-h" | "--help" | "-v" | "--version"] => true,
        ["profile_info", profile] => !profile.starts_with('-') && !profile.is_empty(),
        _ => false,
    };
    if reads {
        return Judgement::low("shows tuning profiles");
    }
    Judgement::new(
        RiskLevel::High,
        format!(
            "tuned-adm {} is not a reading form (active, list, recommend, profile_info): it changes the tuning profile",
            words.first().copied().unwrap_or("")
        ),
    )
}

/// hdparm's `-I`/`-i`, alone or in a cluster of short flags.
fn identifies(word: &str) -> bool {
    word.starts_with('-') && !word.starts_with("--") && word[1..].contains(['I', 'i'])
}

/// A program's one reading form: every option in `table`, at least one of `modes` (none
/// needed when `modes` is empty), and operands as `takes` says. Anything else is high, named.
fn one_form(
    ctx: &Ctx,
    name: &str,
    args: &[String],
    table: &'static [Opt],
    modes: &[&str],
    takes: Takes,
    (reads, changes): (&'static str, &'static str),
) -> Judgement {
    let parsed = parse(args, &Spec::gnu(table));
    if let Some(problem) = parsed.problems.first() {
        return Judgement::new(
            RiskLevel::High,
            format!("{name}: {problem}, and {name} {changes}"),
        );
    }
    if !modes.is_empty() && !modes.iter().any(|m| parsed.has(m)) {
        let shown = modes
            .iter()
            .map(|m| {
                if m.len() == 1 {
                    format!("-{m}")
                } else {
                    format!("--{m}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Judgement::new(
            RiskLevel::High,
            format!("{name} without a reading option ({shown}) {changes}"),
        );
    }
    if parsed.has("h") && name != "dumpe2fs" || parsed.has("V") {
        return Judgement::low("prints its usage or version");
    }
    let count = parsed.operands.len();
    let fits = match takes {
        Takes::Account => count <= 1,
        Takes::Device => count == 1,
        Takes::Devices => count >= 1,
        Takes::Nothing => count == 0,
        Takes::Any => true,
    };
    if !fits {
        return Judgement::new(
            RiskLevel::High,
            format!("{name}: {count} operands are not its reading form, and {name} {changes}"),
        );
    }
    let mut j = Judgement::low(reads);
    for operand in &parsed.operands {
        if takes != Takes::Account {
            if let Some((level, why)) = ctx.paths.open_device(operand, DeviceKind::Storage) {
                j.raise(level, format!("{name}: {why}"));
            }
            j.raise_path(ctx.mention(operand));
        }
    }
    j
}

fn brctl(args: &[String]) -> Judgement {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let reads = match words.as_slice() {
        ["show", bridges @ ..] => bridges.iter().all(|b| !b.starts_with('-')),
        ["showmacs" | "showstp", bridge] => !bridge.starts_with('-'),
        _ => false,
    };
    if reads {
        Judgement::low("shows Ethernet bridges")
    } else {
        let form = match words.first() {
            Some(first) => format!("brctl {first}"),
            None => "brctl alone".to_owned(),
        };
        Judgement::new(
            RiskLevel::High,
            format!(
                "{form} is not a reading form (show, showmacs, showstp): it changes network configuration"
            ),
        )
    }
}

/// The fields `wg show` prints that hold no key but the public ones.
const WG_FIELDS: &[&str] = &[
    "public-key",
    "listen-port",
    "fwmark",
    "peers",
    "endpoints",
    "allowed-ips",
    "latest-handshakes",
    "persistent-keepalive",
    "transfer",
];

fn wg(args: &[String]) -> Judgement {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let interface = |w: &str| !w.starts_with('-') && !w.is_empty();
    match words.as_slice() {
        [] | ["show"] | ["show", "interfaces"] => {
            return Judgement::low("shows WireGuard interfaces (keys hidden)");
        }
        ["show", iface] if interface(iface) => {
            return Judgement::low("shows WireGuard interfaces (keys hidden)");
        }
        ["show", iface, field] if interface(iface) && WG_FIELDS.contains(field) => {
            return Judgement::low("shows WireGuard interfaces (keys hidden)");
        }
        _ => {}
    }
    let why = match words.as_slice() {
        ["showconf", ..] => "wg showconf prints the interface's private key".to_owned(),
        [
            "show",
            _,
            field @ ("private-key" | "preshared-keys" | "dump"),
        ] => {
            format!("wg show {field} prints the interface's private or preshared keys")
        }
        _ => format!(
            "wg {} is not a reading form (show with a field other than private-key, preshared-keys or dump): it may change the interface or print keys",
            words.first().copied().unwrap_or("")
        ),
    };
    Judgement::new(RiskLevel::High, why)
}

/// rocm-smi's queries, spelled whole.
const ROCM_QUERIES: &[&str] = &[
    "-u",
    "--showuse",
    "--showmemuse",
    "-t",
    "--showtemp",
    "--showproductname",
    "--showpids",
    "-P",
    "--showpower",
    "--showmaxpower",
    "-c",
    "--showclocks",
    "-g",
    "--showgpuclocks",
    "-i",
    "--showid",
    "--showdriverversion",
    "-f",
    "--showfan",
    "--showvoltage",
    "-p",
    "--showperflevel",
    "--showhw",
    "--showtopo",
    "-v",
    "--showvbios",
    "--json",
    "--csv",
    "--alldevices",
    "-h",
    "--help",
];

/// rocm-smi's queries that print the board's serial number.
const ROCM_SERIALS: &[&str] = &["--showserial", "--showuniqueid", "-a", "--showallinfo"];

fn rocm_smi(ctx: &Ctx, args: &[String]) -> Judgement {
    // The words after `--showmeminfo` are memory types, after `-d` device numbers.
    let mut list: Option<&str> = None;
    let mut serial = false;
    for word in args {
        let word = word.as_str();
        let listed = match list {
            Some("--showmeminfo") => matches!(word, "vram" | "vis_vram" | "gtt" | "all"),
            Some(_) => !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()),
            None => false,
        };
        if listed {
            continue;
        }
        list = None;
        if matches!(word, "--showmeminfo" | "-d" | "--device") {
            list = Some(word);
        } else if ROCM_SERIALS.contains(&word) {
            serial = true;
        } else if !ROCM_QUERIES.contains(&word) {
            return Judgement::new(
                RiskLevel::High,
                format!(
                    "rocm-smi {word} is not a query known to only read (it may change the GPU or write a file)"
                ),
            );
        }
    }
    let mut j = Judgement::low("shows AMD GPUs");
    if serial {
        super::serials::raise(ctx, &mut j, "rocm-smi's serial-number queries");
    }
    j
}
