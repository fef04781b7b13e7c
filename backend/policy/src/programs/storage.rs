//! Storage and time tools whose read-only forms are everyday checks: `mdadm --detail`,
//! `nvme list|smart-log|id-ctrl`, `lsb_release`, `chronyc tracking|sources`, `xfs_info`,
//! `btrfs filesystem show|df|usage` (subcommands abbreviated as btrfs allows), `zfs list|get`,
//! `zpool list|status|iostat`. Each form is low only with options known to change nothing and
//! without a repeat interval (zpool's `INTERVAL COUNT` that ends within a run excepted);
//! anything else is judged elsewhere (mdadm and zpool: destroy) or is high. Short options are
//! read as getopt reads them: flags in a cluster, a valued one ending it (`-Td`, `-Hpo name`).

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// A read-only form's options: flags, and options whose next word is their value.
struct Options {
    flags: &'static [&'static str],
    valued: &'static [&'static str],
}

/// The operands of `args` when every option is allowed (`--name=value` included), else `None`.
fn operands<'a>(args: &'a [String], options: &Options) -> Option<Vec<&'a str>> {
    let mut out = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "--" {
            out.extend(words.by_ref().map(String::as_str));
            break;
        }
        if !word.starts_with('-') || word == "-" {
            out.push(word.as_str());
            continue;
        }
        let (name, attached) = match word.split_once('=') {
            Some((name, _)) => (name, true),
            None => (word.as_str(), false),
        };
        if options.flags.contains(&name) && !attached {
            continue;
        }
        if options.valued.contains(&name) {
            if !attached {
                words.next()?;
            }
            continue;
        }
        // Clustered short flags (`-Hp`), each allowed on its own, and getopt's short option
        // with its value in the same word after them (`-Td`, `-Hpo name,size`) or in the next.
        let cluster = name
            .strip_prefix('-')
            .filter(|c| !c.starts_with('-') && c.len() > 1);
        let cluster = cluster.filter(|_| !attached)?;
        for (at, f) in cluster.char_indices() {
            let short = format!("-{f}");
            if options.flags.contains(&short.as_str()) {
                continue;
            }
            if !options.valued.contains(&short.as_str()) {
                return None;
            }
            if at + f.len_utf8() == cluster.len() {
                words.next()?;
            }
            break;
        }
    }
    Some(out)
}

/// `word` as the one name of `names` it is a unique prefix of (btrfs's abbreviations).
fn unique_prefix(word: &str, names: &[&'static str]) -> Option<&'static str> {
    if let Some(exact) = names.iter().find(|n| **n == word) {
        return Some(exact);
    }
    let mut matching = names.iter().filter(|n| n.starts_with(word));
    let first = matching.next()?;
    matching.next().is_none().then_some(*first)
}

const MDADM: Options = Options {
    flags: &[
        "-D",
        "--detail",
        "-Q",
        "--query",
        "-E",
        "--examine",
        "-s",
        "--scan",
        "-b",
        "--brief",
        "-v",
        "--verbose",
        "-Y",
        "--export",
        "-q",
        "--quiet",
        "--misc",
        "-t",
        "--test",
    ],
    valued: &[],
};
const NVME: Options = Options {
    flags: &[
        "-H",
        "--human-readable",
        "-v",
        "--verbose",
        "-b",
        "--raw-binary",
    ],
    valued: &["-o", "--output-format", "-n", "--namespace-id"],
};
const LSB_RELEASE: Options = Options {
    flags: &[
        "-a",
        "--all",
        "-d",
        "--description",
        "-i",
        "--id",
        "-r",
        "--release",
        "-c",
        "--codename",
        "-s",
        "--short",
        "-v",
        "--version",
        "-h",
        "--help",
    ],
    valued: &[],
};
const CHRONYC: Options = Options {
    flags: &["-n", "-c", "-N", "-4", "-6", "-v"],
    valued: &[],
};
const XFS_INFO: Options = Options {
    flags: &["-V"],
    valued: &["-t"],
};
const BTRFS: Options = Options {
    flags: &[
        "-b",
        "--raw",
        "-h",
        "--human-readable",
        "-H",
        "-k",
        "--kbytes",
        "-m",
        "--mbytes",
        "-g",
        "--gbytes",
        "-t",
        "--tbytes",
        "--iec",
        "--si",
        "-d",
        "--all-devices",
        "--mounted",
        "--all",
        "-c",
        "--check",
        "-T",
        "-e",
        "-s",
        "-a",
        "-o",
        "-p",
        "-q",
        "-u",
        "-R",
        "--sort",
    ],
    valued: &[],
};
/// zfs's and zpool's listing flags: `zpool iostat -l`/`-q`/`-w`/`-y` (latencies, queues,
/// histograms, no since-boot line), `zpool history -l`, OpenZFS 2.3's `-j`/`--json`. Not
/// `zpool status -c`/`iostat -c`, which run scripts on every vdev.
const ZFS: Options = Options {
    flags: &[
        "-H", "-p", "-r", "-v", "-x", "-g", "-L", "-P", "-D", "-s", "-i", "-e", "-t", "-l", "-q",
        "-w", "-y", "-j", "--json",
    ],
    valued: &["-d", "-o", "-S", "-T"],
};

/// Whether a zfs or zpool operand is a number (an interval or a count: pool and dataset names
/// start with a letter).
fn zfs_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `zpool list|status|iostat [POOL...] INTERVAL COUNT`: the only numbers are the last two
/// words, and COUNT rounds INTERVAL seconds apart end within a run (an interval without a
/// count repeats until it is stopped).
fn zpool_rounds_end(words: &[&str]) -> bool {
    let [verb, pools @ .., interval, count] = words else {
        return false;
    };
    matches!(*verb, "list" | "status" | "iostat")
        && !pools.iter().copied().any(zfs_number)
        && zfs_number(interval)
        && super::ending::count(count).is_some_and(|n| n > 0)
        && super::ending::seconds(interval).is_some_and(|s| s >= 1.0)
        && super::ending::runs_within(
            super::ending::seconds(interval),
            super::ending::count(count),
        )
}

/// btrfs's command groups and the read-only commands of each.
const BTRFS_GROUPS: &[&str] = &[
    "subvolume",
    "filesystem",
    "balance",
    "device",
    "scrub",
    "check",
    "rescue",
    "restore",
    "inspect-internal",
    "property",
    "send",
    "receive",
    "quota",
    "qgroup",
    "replace",
    "help",
    "version",
];
const BTRFS_FILESYSTEM: &[&str] = &[
    "df",
    "du",
    "show",
    "sync",
    "defragment",
    "resize",
    "label",
    "usage",
    "mkswapfile",
];
const BTRFS_DEVICE: &[&str] = &["add", "delete", "remove", "scan", "ready", "stats", "usage"];
const BTRFS_SUBVOLUME: &[&str] = &[
    "create",
    "delete",
    "snapshot",
    "list",
    "show",
    "get-default",
    "set-default",
    "find-new",
    "sync",
];
const BTRFS_STATUS: &[&str] = &["start", "status", "cancel", "resume", "pause"];

fn btrfs_reads(words: &[&str]) -> bool {
    let Some(group) = words.first().and_then(|w| unique_prefix(w, BTRFS_GROUPS)) else {
        return false;
    };
    let command = |names: &[&'static str]| words.get(1).and_then(|w| unique_prefix(w, names));
    match group {
        "version" => words.len() == 1,
        "filesystem" => matches!(
            command(BTRFS_FILESYSTEM),
            Some("df" | "du" | "show" | "usage")
        ),
        "device" => matches!(command(BTRFS_DEVICE), Some("stats" | "usage")),
        "subvolume" => matches!(
            command(BTRFS_SUBVOLUME),
            Some("list" | "show" | "get-default")
        ),
        "scrub" | "balance" | "replace" => matches!(command(BTRFS_STATUS), Some("status")),
        _ => false,
    }
}

/// `btrfs filesystem du PATH...` walks every file below each path, as `du -a` does: without
/// `-s` it prints every name it meets (`/var/log/journal`'s carry the machine ID,
/// `/dev/disk/by-id`'s devices' serial numbers), and nothing keeps it to one file system, so a
/// walk of `/` visits every mounted one. Judged as `du -a` is (`readers/mod.rs`).
fn btrfs_du(ctx: &Ctx, j: &mut Judgement, args: &[String], words: &[&str]) {
    let du = words.first().and_then(|w| unique_prefix(w, BTRFS_GROUPS)) == Some("filesystem")
        && words
            .get(1)
            .and_then(|w| unique_prefix(w, BTRFS_FILESYSTEM))
            == Some("du");
    if !du {
        return;
    }
    let summarize = args.iter().any(|a| {
        a == "--summarize" || (a.starts_with('-') && !a.starts_with("--") && a.contains('s'))
    });
    let walk = crate::paths::Walk::default();
    for path in &words[2..] {
        if !summarize {
            j.raise_path(ctx.paths.list_tree(path, walk));
        }
        if crate::paths::may_be_root(path) {
            super::ending::require(ctx, j, false, || {
                format!(
                    "btrfs filesystem du {path} walks every mounted file system, and nothing bounds its depth"
                )
            });
        }
    }
}

/// The files xfs_info's `-t` names (`-t FILE`, `-tFILE`), before `--`.
fn xfs_info_tables(args: &[String]) -> Vec<&str> {
    let mut tables = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match word {
            "--" => break,
            "-t" => tables.extend(words.next()),
            _ => {
                if let Some(table) = word.strip_prefix("-t").filter(|t| !t.is_empty()) {
                    tables.push(table.trim_start_matches('='));
                }
            }
        }
    }
    tables
}

/// The verdict for a read-only form, `None` for a program not judged here.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let (options, reason, changes): (&Options, &str, Option<&str>) = match name {
        "mdadm" => (&MDADM, "shows RAID arrays", None),
        "nvme" => (
            &NVME,
            "shows NVMe devices",
            Some("nvme changes or formats devices"),
        ),
        "lsb_release" => (&LSB_RELEASE, "prints the distribution", None),
        "chronyc" => (
            &CHRONYC,
            "shows time synchronisation",
            Some("chronyc changes the clock or its sources"),
        ),
        "xfs_info" => (&XFS_INFO, "shows an XFS file system", None),
        "btrfs" => (
            &BTRFS,
            "shows btrfs file systems",
            Some("btrfs changes file systems"),
        ),
        "zfs" => (&ZFS, "shows ZFS datasets", Some("zfs changes datasets")),
        "zpool" => (&ZFS, "shows ZFS pools", None),
        _ => return None,
    };
    let words = operands(args, options);
    let reads = words.as_deref().is_some_and(|words| match name {
        // A reading mode, alone or in a cluster of the flags above (`-Ds`, `-Es`: every other
        // letter was refused by `operands`).
        "mdadm" => args.iter().any(|a| {
            matches!(a.as_str(), "--detail" | "--query" | "--examine")
                || (a.starts_with('-') && !a.starts_with("--") && a[1..].contains(['D', 'Q', 'E']))
        }),
        "nvme" => matches!(
            words.first().copied(),
            Some(
                "list"
                    | "list-subsys"
                    | "smart-log"
                    | "id-ctrl"
                    | "id-ns"
                    | "error-log"
                    | "fw-log"
                    | "version"
                    | "help"
            )
        ),
        "lsb_release" => words.is_empty(),
        "chronyc" => {
            words.len() == 1
                && matches!(
                    words[0],
                    "tracking"
                        | "sources"
                        | "sourcestats"
                        | "activity"
                        | "ntpdata"
                        | "serverstats"
                        | "rtcdata"
                        | "selectdata"
                        | "authdata"
                )
        }
        "xfs_info" => words.len() == 1,
        "btrfs" => btrfs_reads(words),
        // A number among the operands is a repeat interval: the listing never ends, unless
        // it is zpool's `list`, `status` or `iostat` ending in `INTERVAL COUNT`.
        "zfs" | "zpool" => {
            let verbs: &[&str] = if name == "zfs" {
                &["list", "get", "version"]
            } else {
                &["list", "status", "version", "get", "iostat", "history"]
            };
            words.first().is_some_and(|verb| verbs.contains(verb))
                && (!words.iter().copied().any(zfs_number)
                    || (name == "zpool" && zpool_rounds_end(words)))
        }
        _ => false,
    });
    if reads {
        let mut j = Judgement::low(reason);
        // The controller's identify data holds its serial number (`sn`), a namespace's its
        // world-wide names (`eui64`, `nguid`); the listing has a serial-number column, and a
        // subsystem's default NQN is made of its serial number.
        if name == "nvme"
            && let Some(verb @ ("id-ctrl" | "id-ns" | "list" | "list-subsys")) =
                words.as_deref().and_then(|w| w.first().copied())
        {
            super::serials::raise(ctx, &mut j, &format!("nvme {verb}"));
        }
        // Devices and mount points are named, not read: their contents stay unread.
        for word in words.iter().flatten() {
            j.raise_path(ctx.mention(word));
        }
        if name == "btrfs"
            && let Some(words) = words.as_deref()
        {
            btrfs_du(ctx, &mut j, args, words);
        }
        // xfs_info's `-t FILE` is the mount table it reads in place of /proc/self/mounts.
        if name == "xfs_info" {
            for table in xfs_info_tables(args) {
                j.raise_path(ctx.read(table));
            }
        }
        return Some(j);
    }
    changes.map(|why| Judgement::new(RiskLevel::High, why))
}
