//! Programs that only read, each with exactly the options it may take (GNU coreutils and
//! util-linux spellings): anything else is not low, and an option that writes a file is high.

pub(super) mod files;
mod system;

use std::collections::HashMap;
use std::sync::LazyLock;

use files::*;
use system::*;

use super::{Ctx, Judgement, Operands, judged};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, flag};

/// lsblk's columns that describe a device without naming it: every column of util-linux 2.40
/// but the serial numbers ([`LSBLK_IDENTITY_COLUMNS`]). An unknown name is not proven.
const LSBLK_PLAIN_COLUMNS: &[&str] = &[
    "ALIGNMENT",
    "DAX",
    "DISC-ALN",
    "DISC-GRAN",
    "DISC-MAX",
    "DISC-ZERO",
    "DISK-SEQ",
    "FSAVAIL",
    "FSROOTS",
    "FSSIZE",
    "FSTYPE",
    "FSUSED",
    "FSUSE%",
    "FSVER",
    "GROUP",
    "HCTL",
    "HOTPLUG",
    "KNAME",
    "LABEL",
    "LOG-SEC",
    "MAJ:MIN",
    "MAJ",
    "MIN",
    "MIN-IO",
    "MODE",
    "MODEL",
    "MQ",
    "NAME",
    "OPT-IO",
    "OWNER",
    "PARTFLAGS",
    "PARTLABEL",
    "PARTN",
    "PARTTYPE",
    "PARTTYPENAME",
    "PARTUUID",
    "PATH",
    "PHY-SEC",
    "PKNAME",
    "PTTYPE",
    "PTUUID",
    "RA",
    "RAND",
    "REV",
    "RM",
    "RO",
    "ROTA",
    "RQ-SIZE",
    "SCHED",
    "SIZE",
    "START",
    "STATE",
    "SUBSYSTEMS",
    "MOUNTPOINT",
    "MOUNTPOINTS",
    "TRAN",
    "TYPE",
    "UUID",
    "VENDOR",
    "WSAME",
    "ZONED",
    "ZONE-SZ",
    "ZONE-WGRAN",
    "ZONE-APP",
    "ZONE-NR",
    "ZONE-OMAX",
    "ZONE-AMAX",
];

/// lsblk's columns that are devices' serial numbers, or names made of them.
const LSBLK_IDENTITY_COLUMNS: &[&str] = &["SERIAL", "WWN", "ID", "ID-LINK"];

pub const HELP: Opt = flag("help");
pub const VERSION: Opt = flag("version");

struct Reader {
    names: &'static [&'static str],
    spec: Spec,
    operands: Operands,
    reason: &'static str,
}

const fn reader(
    names: &'static [&'static str],
    opts: &'static [Opt],
    operands: Operands,
    reason: &'static str,
) -> Reader {
    Reader {
        names,
        spec: Spec::gnu(opts),
        operands,
        reason,
    }
}

const READERS: &[Reader] = &[
    reader(
        &["cat", "zcat", "bzcat", "xzcat", "zstdcat", "lz4cat"],
        CAT,
        Operands::Files,
        "prints files",
    ),
    reader(&["tac"], TAC, Operands::Files, "prints files backwards"),
    reader(&["nl"], NL, Operands::Files, "numbers lines"),
    Reader {
        names: &["head"],
        spec: Spec::gnu(HEAD).with_numbers(),
        operands: Operands::Files,
        reason: "prints the start of files",
    },
    Reader {
        names: &["tail"],
        spec: Spec::gnu(TAIL).with_numbers(),
        operands: Operands::Files,
        reason: "prints the end of files",
    },
    reader(&["wc"], WC, Operands::Files, "counts"),
    reader(&["ls", "dir", "vdir"], LS, Operands::Names, "lists files"),
    reader(&["stat"], STAT, Operands::Names, "shows file status"),
    reader(&["file"], FILE, Operands::Names, "identifies files"),
    reader(&["du"], DU, Operands::Names, "measures disk usage"),
    reader(&["df"], DF, Operands::Names, "shows free space"),
    reader(&["free"], FREE, Operands::Inert, "shows memory use"),
    reader(&["uptime"], UPTIME, Operands::Inert, "shows the load"),
    reader(&["uname"], UNAME, Operands::Inert, "names the system"),
    reader(&["id"], ID, Operands::Inert, "names a user's ids"),
    reader(
        &[
            "groups", "whoami", "logname", "users", "arch", "hostid", "lsmod",
        ],
        LSMOD,
        Operands::Inert,
        "reads system state",
    ),
    reader(
        &["true", "false", "yes", "sleep", "factor", "printenv"],
        NONE,
        Operands::Inert,
        "prints or computes",
    ),
    reader(&["tty"], TTY, Operands::Inert, "names the terminal"),
    reader(&["nproc"], NPROC, Operands::Inert, "counts processors"),
    reader(&["who"], WHO, Operands::Files, "lists logins"),
    reader(&["w"], W, Operands::Inert, "lists logins"),
    reader(&["last"], LAST, Operands::Inert, "lists past logins"),
    reader(&["pwd"], PWD, Operands::Inert, "prints the directory"),
    reader(&["seq"], SEQ, Operands::Inert, "prints numbers"),
    reader(
        &["basename"],
        BASENAME,
        Operands::Inert,
        "strips directories",
    ),
    reader(&["dirname"], DIRNAME, Operands::Inert, "strips names"),
    reader(&["realpath"], REALPATH, Operands::Names, "resolves paths"),
    reader(&["readlink"], READLINK, Operands::Names, "resolves links"),
    reader(&["which"], WHICH, Operands::Inert, "finds programs"),
    reader(&["whereis"], WHEREIS, Operands::Inert, "finds programs"),
    reader(&["lsblk"], LSBLK, Operands::Names, "lists block devices"),
    reader(
        &["blkid"],
        BLKID,
        Operands::Names,
        "identifies block devices",
    ),
    reader(&["findmnt"], FINDMNT, Operands::Names, "lists mounts"),
    reader(
        &["vmstat"],
        VMSTAT,
        Operands::Inert,
        "shows memory statistics",
    ),
    reader(&["iostat"], IOSTAT, Operands::Inert, "shows I/O statistics"),
    reader(&["mpstat"], MPSTAT, Operands::Inert, "shows CPU statistics"),
    reader(&["pgrep"], PGREP, Operands::Inert, "finds processes"),
    reader(&["pidof"], PIDOF, Operands::Inert, "finds processes"),
    reader(
        &["pstree"],
        PSTREE,
        Operands::Inert,
        "shows the process tree",
    ),
    reader(
        &[
            "md5sum",
            "sha1sum",
            "sha224sum",
            "sha256sum",
            "sha384sum",
            "sha512sum",
            "b2sum",
            "cksum",
            "sum",
        ],
        SUMS,
        Operands::Files,
        "checksums files",
    ),
    reader(
        &["base64", "base32", "basenc"],
        BASE64,
        Operands::Files,
        "encodes files",
    ),
    reader(&["od"], OD, Operands::Files, "dumps files"),
    reader(&["hexdump", "hd"], HEXDUMP, Operands::Files, "dumps files"),
    reader(
        &["strings"],
        STRINGS,
        Operands::Files,
        "prints text in files",
    ),
    reader(&["cut"], CUT, Operands::Files, "cuts fields"),
    reader(&["tr"], TR, Operands::Inert, "translates characters"),
    reader(&["paste"], PASTE, Operands::Files, "merges lines"),
    reader(&["join"], JOIN, Operands::Files, "joins lines"),
    reader(&["comm"], COMM, Operands::Files, "compares sorted files"),
    reader(&["fold"], FOLD, Operands::Files, "wraps lines"),
    reader(&["fmt"], FMT, Operands::Files, "formats text"),
    reader(
        &["expand", "unexpand"],
        EXPAND,
        Operands::Files,
        "converts tabs",
    ),
    reader(&["rev"], PRINT, Operands::Files, "reverses lines"),
    reader(&["column"], COLUMN, Operands::Files, "formats columns"),
    reader(&["sort"], SORT, Operands::Files, "sorts lines"),
    reader(&["shuf"], SHUF, Operands::Files, "shuffles lines"),
    reader(&["cmp"], CMP, Operands::Files, "compares files"),
    reader(&["numfmt"], NUMFMT, Operands::Inert, "formats numbers"),
    reader(&["lscpu"], LSCPU, Operands::Inert, "describes the CPUs"),
    reader(&["lspci"], LSPCI, Operands::Inert, "lists PCI devices"),
    reader(&["lsusb"], LSUSB, Operands::Inert, "lists USB devices"),
    reader(
        &["modinfo"],
        MODINFO,
        Operands::Inert,
        "describes kernel modules",
    ),
    reader(&["locale"], LOCALE, Operands::Inert, "shows the locale"),
    reader(
        &["getconf"],
        GETCONF,
        Operands::Inert,
        "shows configuration values",
    ),
    reader(&["cal", "ncal"], CAL, Operands::Inert, "shows a calendar"),
    reader(&["namei"], NAMEI, Operands::Names, "follows a path"),
    reader(&["getfacl"], GETFACL, Operands::Names, "shows access lists"),
    reader(
        &["getcap"],
        GETCAP,
        Operands::Names,
        "shows file capabilities",
    ),
    reader(
        &["getfattr"],
        GETFATTR,
        Operands::Names,
        "shows extended attributes",
    ),
    reader(
        &["lsattr"],
        LSATTR,
        Operands::Names,
        "shows file attributes",
    ),
    reader(&["tree"], TREE, Operands::Names, "lists a tree"),
    reader(&["top"], TOP, Operands::Inert, "shows processes"),
    reader(
        &["dmidecode"],
        DMIDECODE,
        Operands::Inert,
        "shows firmware tables",
    ),
    reader(&["sensors"], SENSORS, Operands::Inert, "shows temperatures"),
];

/// `dmidecode -s` keywords that describe the machine's make and firmware, not which machine it
/// is (its serial numbers, UUID, asset tags and SKU are not here).
const PUBLIC_DMI_STRINGS: &[&str] = &[
    "bios-vendor",
    "bios-version",
    "bios-release-date",
    "bios-revision",
    "firmware-revision",
    "system-manufacturer",
    "system-product-name",
    "system-version",
    "system-family",
    "baseboard-manufacturer",
    "baseboard-product-name",
    "baseboard-version",
    "chassis-manufacturer",
    "chassis-type",
    "chassis-version",
    "processor-family",
    "processor-manufacturer",
    "processor-version",
    "processor-frequency",
];

/// Each reader's index by every name it goes by: built once, read only.
static BY_NAME: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    READERS
        .iter()
        .enumerate()
        .flat_map(|(index, reader)| reader.names.iter().map(move |name| (*name, index)))
        .collect()
});

/// Programs printing their operands: nothing is opened (`echo /etc/shadow` reads nothing).
fn prints(name: &str) -> bool {
    matches!(
        name,
        "echo" | "printf" | "test" | "[" | "expr" | "command" | "type"
    )
}

/// Readers that repeat, with the option that sets their interval (seconds).
const INTERVALS: &[(&str, &str)] = &[
    ("free", "seconds"),
    ("top", "delay"),
    // With -f and --pid (or without inotify) tail rereads its files every interval.
    ("tail", "sleep-interval"),
];

/// Whether `word` is named like an archive whose members a plain reader would print (tar and
/// cpio, compressed or not; a zip read by `zcat` prints its first member).
fn archive_name(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let stem = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".z", ".lz", ".lzma"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext))
        .unwrap_or(&lower);
    [
        ".tar", ".cpio", ".zip", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst",
    ]
    .iter()
    .any(|ext| stem.ends_with(ext))
}

/// The most numbers `seq` may print where nothing contains it.
const MOST_NUMBERS: f64 = 1_000_000.0;

/// How many numbers `seq [FIRST [INCREMENT]] LAST` prints, if its operands are plain numbers.
fn seq_count(operands: &[&str]) -> Option<f64> {
    let numbers: Vec<f64> = operands
        .iter()
        .map(|o| {
            let plain = o.trim_start_matches(['-', '+']);
            (!plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .then(|| o.parse::<f64>().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let (first, step, last) = match numbers[..] {
        [last] => (1.0, 1.0, last),
        [first, last] => (first, 1.0, last),
        [first, step, last] => (first, step, last),
        _ => return None,
    };
    if step == 0.0 {
        return None;
    }
    Some(((last - first) / step).max(-1.0) + 1.0)
}

/// Whether a recursive lister follows symbolic links to directories as it walks: `ls -L`,
/// `du -L`, `tree -l`, `getfacl -L` (`--dereference`, `--logical`).
fn follows_links(name: &str, parsed: &crate::options::Parsed) -> bool {
    match name {
        "ls" | "dir" | "vdir" | "du" => parsed.has("dereference"),
        "tree" => parsed.has("l"),
        "getfacl" | "getfattr" => parsed.has("logical"),
        _ => false,
    }
}
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    if prints(name) {
        return Some(Judgement::low("prints its arguments"));
    }
    let reader = READERS.get(*BY_NAME.get(name)?)?;
    let (mut j, parsed) = judged(
        ctx,
        name,
        args,
        &reader.spec,
        reader.operands,
        reader.reason,
    );
    // An archive printed whole (`cat backup.tar`, `zcat etc-backup.tar.gz`) prints every
    // member's contents, none of them named: like `tar -xO` without members.
    if matches!(
        name,
        "cat" | "zcat" | "bzcat" | "xzcat" | "zstdcat" | "lz4cat" | "tac" | "nl" | "head" | "tail"
    ) && let Some(archive) = parsed.operands.iter().find(|o| archive_name(o))
    {
        let level = if ctx.paths.uncontained {
            RiskLevel::High
        } else {
            RiskLevel::Medium
        };
        j.raise(
            level,
            format!("{name} {archive} prints every member of an archive, none of them named"),
        );
    }
    // A list of names (`wc`/`sort`/`du --files0-from=LIST`) is read: each name it holds is
    // quoted in the errors of a file that does not exist, and a file with no NUL is one name.
    for list in parsed.values("files0-from").filter(|list| *list != "-") {
        j.raise_path(ctx.read(list));
    }
    // A magic file of the line's choosing prints the bytes its tests match (`0 string x %s`,
    // at any offset): each operand's contents, judged as `cat` judges them.
    // `hostid` prints gethostid(3): /etc/hostid, or one derived from the host's address, an
    // identity of the host kept for good (`paths/machine_id.rs`).
    if name == "hostid" {
        j.raise(
            RiskLevel::High,
            "hostid prints the host ID (/etc/hostid), an identity of the host kept for good, like the machine ID",
        );
    }
    // Where nothing contains it, file(1) loads the remote home's own magic (`~/.magic.mgc`,
    // `~/.magic`), which may print the same bytes: judged as with `-m`.
    if name == "file" && (parsed.has("magic-file") || ctx.paths.uncontained) {
        // Without `-s` file(1) opens no device (it names its type); `-s` is judged with the
        // readers of devices.
        for operand in parsed.operands.iter().filter(|o| {
            parsed.has("special-files") || !crate::paths::system_path(o).starts_with("/dev/")
        }) {
            j.raise_path(ctx.read(operand));
        }
    }
    // Repeating readers: an interval below a second is a busy loop (`intervals.rs`).
    for (program, option) in INTERVALS {
        if *program == name {
            for interval in parsed.values(option) {
                super::intervals::raise(&mut j, &format!("{name} --{option}"), interval, 1.0);
            }
        }
    }
    // `vmstat 1 5`, `iostat -x sda 1 3`, `mpstat 1`: the first number operand is the interval.
    if matches!(name, "vmstat" | "iostat" | "mpstat") {
        super::ending::repeating_reader(ctx, &mut j, name, &parsed.operands);
    }
    // Listings of every name below a directory: some names are devices' serial numbers
    // (`/dev/disk/by-id`). `ls DIR` and `lsattr DIR` list the entries (a walk one level deep);
    // `-d` names the directory alone, and keeps `-R` from starting in ls and lsattr (both
    // recurse only from the entries of a directory they list: `ls -dR /dev` prints `/dev`).
    // The places named by serial numbers hold only udev's links to device nodes, never a
    // directory, and `tree -d` prints directories alone (a link only when it leads to one), so
    // it prints none of their entries.
    // Directories whose names carry the machine ID (`/var/log/journal/MACHINE_ID`) are printed
    // by `du` without `-a` (every directory, unless `-s`) and by `tree -d`.
    let lists_below = match name {
        "ls" | "dir" | "vdir" => parsed.has("recursive") && !parsed.has("directory"),
        "lsattr" => parsed.has("R") && !parsed.has("d"),
        "getfacl" | "getfattr" => parsed.has("recursive"),
        "getcap" => parsed.has("r"),
        "du" => parsed.has("all") || !parsed.has("summarize"),
        "tree" => !parsed.has("fromfile"),
        _ => false,
    };
    let directories_only = match name {
        "du" => !parsed.has("all"),
        "tree" => parsed.has("d"),
        _ => false,
    };
    // With no operand they list the working directory, judged where it is known (`env -C`,
    // `cd DIR &&`, Warden's own).
    let here = [".".to_owned()];
    let known_dir = ctx.paths.working_dir.is_some() || ctx.paths.resolver.working_dir().is_some();
    let listed: Vec<&str> = if parsed.operands.is_empty()
        && known_dir
        && matches!(name, "ls" | "dir" | "vdir" | "lsattr" | "du" | "tree")
        && !parsed.has("files0-from")
        && !parsed.has("fromfile")
    {
        here.iter().map(String::as_str).collect()
    } else {
        parsed.operands.to_vec()
    };
    let lists_entries = match name {
        "ls" | "dir" | "vdir" => !parsed.has("directory"),
        "lsattr" => !parsed.has("d"),
        _ => false,
    };
    if lists_entries && !lists_below {
        let entries = crate::paths::Walk {
            depth: Some(1),
            ..crate::paths::Walk::default()
        };
        for operand in &listed {
            j.raise_path(ctx.paths.list_tree(operand, entries));
        }
    }
    if lists_below {
        // The deepest of the depths given, in doubt; one that is not a number bounds nothing.
        let depths: Vec<&str> = match name {
            "tree" => parsed.values("L").collect(),
            "du" => parsed.values("max-depth").collect(),
            _ => Vec::new(),
        };
        let walk = crate::paths::Walk {
            depth: depths
                .iter()
                .map(|d| super::ending::count(d))
                .reduce(|a, b| a.zip(b).map(|(a, b)| a.max(b)))
                .flatten(),
            one_file_system: match name {
                "tree" => parsed.has("x"),
                "du" | "getfacl" => parsed.has("one-file-system"),
                _ => false,
            },
            directories_only,
            filtered: false,
            follows_links: follows_links(name, &parsed),
        };
        for operand in &listed {
            j.raise_path(ctx.paths.list_tree(operand, walk));
        }
        // `du -a --files0-from=LIST` walks from the directories a list names (`-`: its
        // input), which cannot be judged here.
        if name == "du"
            && ctx.paths.uncontained
            && let Some(list) = parsed.values("files0-from").next()
        {
            j.raise(
                RiskLevel::Medium,
                format!(
                    "du -a --files0-from={list} lists every name below the directories a list names, which cannot be seen (`/dev/disk/by-id` is named by devices' serial numbers); nothing contains this reader"
                ),
            );
        }
    }
    // Repeating and waiting without a bound where nothing ends them (`ending.rs`): `free -s`
    // without `-c`, `shuf -r` without `-n`, `sleep` for long, `seq` counting far.
    match name {
        "free" if parsed.has("seconds") => {
            let interval = parsed.values("seconds").find_map(super::ending::seconds);
            let times = parsed.values("count").find_map(super::ending::count);
            super::ending::require(
                ctx,
                &mut j,
                super::ending::runs_within(interval, times),
                || "free -s without -c COUNT repeats until it is stopped".to_owned(),
            );
        }
        "shuf" if parsed.has("repeat") => {
            let few = parsed
                .values("head-count")
                .any(|n| super::ending::count(n).is_some_and(|n| n as f64 <= MOST_NUMBERS));
            super::ending::require(ctx, &mut j, few, || {
                "shuf -r without -n COUNT prints lines until it is stopped".to_owned()
            });
        }
        "sleep" => {
            let total = parsed
                .operands
                .iter()
                .map(|o| super::ending::seconds(o))
                .sum::<Option<f64>>();
            let short = total.is_some_and(|s| s <= super::ending::LONGEST_RUN_S);
            super::ending::require(ctx, &mut j, short, || {
                format!(
                    "sleep {}: longer than {} seconds, or not a duration",
                    parsed.operands.join(" "),
                    super::ending::LONGEST_RUN_S
                )
            });
        }
        // A recursive walk from `/` visits every mounted file system, network mounts and
        // /proc included: it needs a depth or one file system.
        // Following links, a walk of /proc reaches `/` through each process's `root`.
        "du" | "ls" | "dir" | "vdir" | "getfacl" | "getfattr" | "getcap" | "lsattr" | "tree"
            if parsed.operands.iter().any(|o| {
                crate::paths::may_be_root(o)
                    || (follows_links(name, &parsed)
                        && crate::paths::process_roots_below(o).is_some())
            }) =>
        {
            let bounded = match name {
                "du" => parsed.has("one-file-system"),
                "getfacl" => !parsed.has("recursive") || parsed.has("one-file-system"),
                "lsattr" => !parsed.has("R"),
                "getcap" => !parsed.has("r"),
                "tree" => {
                    parsed.has("x")
                        || parsed.values("L").any(|depth| {
                            super::ending::count(depth)
                                .is_some_and(|d| d <= super::find::MOST_DEPTH)
                        })
                }
                _ => !parsed.has("recursive"),
            };
            super::ending::require(ctx, &mut j, bounded, || {
                format!(
                    "{name} of / walks every mounted file system; a depth or -x (one file system) bounds it"
                )
            });
        }
        // `--fstab` prints the mount table's entries with their options (a CIFS mount's
        // `password=`): judged as reading it. So does `--verify --verbose`, which checks
        // /etc/fstab unless told another table and prints each entry's `FS options:`.
        "findmnt"
            if (parsed.has("fstab")
                || (parsed.has("verify")
                    && parsed.has("verbose")
                    && !parsed.has("kernel")
                    && !parsed.has("mtab")))
                && parsed.values("tab-file").next().is_none() =>
        {
            j.raise_path(ctx.read("/etc/fstab"));
        }
        // The firmware tables are root-only (`/sys/firmware/dmi/tables`, `/dev/mem`): the
        // contained user reads none of them, the remote user as root reads the machine's
        // serial numbers, UUID and asset tags with the rest.
        "dmidecode" if ctx.paths.uncontained && !parsed.has("from-dump") => {
            let strings: Vec<&str> = parsed.values("s").collect();
            let only_public = !strings.is_empty()
                && parsed.found.iter().all(|f| f.opt.is("s") || f.opt.is("q"))
                && strings.iter().all(|s| PUBLIC_DMI_STRINGS.contains(s));
            if !only_public {
                j.raise(
                    RiskLevel::High,
                    "dmidecode reads the root-only firmware tables, the machine's serial numbers and UUID included; nothing contains it here (`dmidecode -s system-product-name` and the other descriptions are fine)",
                );
            }
        }
        // Some columns are devices' serial numbers (`SERIAL`, `WWN`, and `ID`/`ID-LINK`, the
        // by-id names made of them), and the SCSI, NVMe and virtio listings and `-O` print
        // them: judged as `smartctl -i` is (`serials.rs`).
        "lsblk" if ctx.paths.uncontained => {
            // The SCSI, NVMe and virtio listings' own columns are printed unless `-o` names
            // the columns (without a leading `+`, which adds to them).
            let named = parsed
                .values("o")
                .any(|list| !list.trim_start_matches('=').starts_with('+'));
            let identity_listing =
                parsed.has("O") || (!named && ["S", "N", "v"].iter().any(|opt| parsed.has(opt)));
            let columns = parsed
                .values("o")
                .chain(parsed.values("x"))
                .chain(parsed.values("E"))
                .flat_map(|list| list.trim_start_matches('+').split(','))
                .any(|column| !LSBLK_PLAIN_COLUMNS.contains(&column.to_ascii_uppercase().as_str()));
            let filtered = parsed.values("Q").any(|expression| {
                expression
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .any(|word| {
                        LSBLK_IDENTITY_COLUMNS.contains(&word.to_ascii_uppercase().as_str())
                    })
            });
            if identity_listing || columns || filtered {
                super::serials::raise(ctx, &mut j, "lsblk's serial-number columns");
            }
        }
        "seq" => {
            // Without operands seq prints its usage and ends.
            let few = parsed.operands.is_empty()
                || seq_count(&parsed.operands).is_some_and(|n| n <= MOST_NUMBERS);
            super::ending::require(ctx, &mut j, few, || {
                format!(
                    "seq {}: more than {MOST_NUMBERS} numbers, or not numbers",
                    parsed.operands.join(" ")
                )
            });
        }
        _ => {}
    }
    // Without -b, top reads interactive commands from its input (`k` kills, `r` renices, `W`
    // writes its configuration file): never low, like every program that takes commands from
    // its input (`interactive.rs`).
    if name == "top" && !parsed.has("b") && !parsed.has("h") && !parsed.has("v") {
        j.raise(
            RiskLevel::Medium,
            "top without -b reads interactive commands (k kills, r renices) from its input",
        );
    }
    // `lspci -xxx` reads the whole configuration space, which crashes some devices (lspci's
    // manual says so, and keeps it to root): only the standard header (`-x`, `-xx`) is read.
    if name == "lspci" {
        let xs: usize = args
            .iter()
            .filter(|a| a.starts_with('-') && !a.starts_with("--"))
            .map(|a| a.matches('x').count())
            .sum();
        if xs >= 3 {
            j.raise(
                RiskLevel::High,
                "lspci -xxx reads the whole configuration space, which crashes some devices",
            );
        }
        // Verbose listings show each device's capabilities, the Device Serial Number among
        // them; the machine-readable form (`-vmm`) and the tree do not.
        let verbose = args
            .iter()
            .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('v'));
        let machine = args
            .iter()
            .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('m'));
        if verbose && !machine {
            super::serials::raise(ctx, &mut j, "lspci -v");
        }
    }
    // Verbose listings read each device's descriptors, its serial number string among them.
    if name == "lsusb" && parsed.has("verbose") {
        super::serials::raise(ctx, &mut j, "lsusb -v");
    }
    // Other processes' command lines: `pgrep -a` and `pstree -a` list them, `top -c` shows them, `w`'s WHAT
    // column is each session's current command line (`cmdlines.rs`). `pgrep -f` prints only
    // ids, but which processes a pattern matches answers questions about a password on a
    // command line, a character at a time.
    match name {
        "pgrep" if parsed.has("a") => super::cmdlines::raise(ctx, &mut j, "pgrep -a"),
        "pgrep" if parsed.has("f") => j.raise(
            RiskLevel::Medium,
            "pgrep -f matches a pattern against other processes' full command lines: which ones match reveals a password on one",
        ),
        "pstree" if parsed.has("a") => super::cmdlines::raise(ctx, &mut j, "pstree -a"),
        "top" if parsed.has("c") => super::cmdlines::raise(ctx, &mut j, "top -c"),
        // The user's toprc (`~/.config/procps/toprc`, `~/.toprc`) or the system's
        // `/etc/topdefaultrc` may turn command lines on, and `-c` only toggles what it says:
        // where that file is the remote user's own, no spelling of top is known to hide them.
        "top" => super::cmdlines::raise(
            ctx,
            &mut j,
            "top (a toprc on that host may turn its command-line column on)",
        ),
        "w" => super::cmdlines::raise(ctx, &mut j, "w (its WHAT column)"),
        _ => {}
    }
    // `file -s` reads block and character special files as it reads regular ones: a disk's
    // first blocks, what is typed on a terminal. Its operands are then read, not only named.
    if name == "file" && parsed.has("special-files") {
        for operand in &parsed.operands {
            j.raise_path(ctx.read(operand));
        }
        // `-f LIST` takes the names from a file or the input, where they cannot be judged.
        if parsed.has("files-from") {
            j.raise(
                RiskLevel::Medium,
                "file -s -f reads the special files a list names, which cannot be judged here",
            );
        }
    }
    // `tree --fromfile FILE...` prints the lines of each FILE as a tree: a reader of contents.
    if name == "tree" && parsed.has("fromfile") {
        for operand in &parsed.operands {
            j.raise_path(ctx.read(operand));
        }
        if parsed.operands.is_empty() {
            j.raise(
                RiskLevel::Medium,
                "tree --fromfile without a file reads the listing from its input",
            );
        }
    }
    // `modinfo -k VERSION` reads /lib/modules/VERSION: a version with `/` climbs out of it.
    if name == "modinfo"
        && let Some(version) = parsed.values("k").find(|v| v.contains('/'))
    {
        j.raise(
            RiskLevel::Medium,
            format!("modinfo -k {version}: not a kernel version, a path"),
        );
        j.raise_path(ctx.read(&format!("/lib/modules/{version}")));
    }
    // `modinfo FILE` (a word with `/`) reads that module file, not one found by name.
    if name == "modinfo" {
        for file in parsed.operands.iter().filter(|o| o.contains('/')) {
            j.raise_path(ctx.read(file));
        }
    }
    // binutils read options from `@file`: what is in it cannot be seen.
    if name == "strings" && parsed.operands.iter().any(|o| o.starts_with('@')) {
        j.raise(RiskLevel::Medium, "strings reads options from an @file");
    }
    Some(j)
}
