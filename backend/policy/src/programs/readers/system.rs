//! Options of the readers of system state (procps, util-linux, sysstat and friends).

use super::{HELP, VERSION};
use crate::options::{
    Opt, Takes, WIDEST, changes, flag, optional, reads, sizes, unproven, value, writes,
};

pub const FREE: &[Opt] = &[
    flag("b|bytes"),
    flag("k|kibi"),
    flag("m|mebi"),
    flag("g|gibi"),
    flag("tebi"),
    flag("pebi"),
    flag("kilo"),
    flag("mega"),
    flag("giga"),
    flag("tera"),
    flag("peta"),
    flag("h|human"),
    flag("si"),
    flag("l|lohi"),
    flag("L|line"),
    flag("t|total"),
    flag("v|committed"),
    flag("w|wide"),
    value("s|seconds"),
    value("c|count"),
    HELP,
    flag("V|version"),
];

pub const UPTIME: &[Opt] = &[flag("p|pretty"), flag("s|since"), flag("r|raw"), HELP];
pub const UNAME: &[Opt] = &[
    flag("a|all"),
    flag("s|kernel-name"),
    flag("n|nodename"),
    flag("r|kernel-release"),
    flag("v|kernel-version"),
    flag("m|machine"),
    flag("p|processor"),
    flag("i|hardware-platform"),
    flag("o|operating-system"),
    HELP,
];

pub const ID: &[Opt] = &[
    flag("a"),
    flag("Z|context"),
    flag("g|group"),
    flag("G|groups"),
    flag("n|name"),
    flag("r|real"),
    flag("u|user"),
    flag("z|zero"),
    HELP,
];

pub const NONE: &[Opt] = &[HELP, VERSION];
/// psmisc's pstree: it prints names, ids and figures, and with `-a` every process's command
/// line (judged in `readers/mod.rs` as `ps args` is). `-h` highlights, it is not help.
pub const PSTREE: &[Opt] = &[
    flag("a|arguments"),
    flag("A|ascii"),
    flag("c|compact-not"),
    value("C|color"),
    flag("g|show-pgids"),
    flag("G|vt100"),
    flag("h|highlight-all"),
    value("H|highlight-pid"),
    flag("l|long"),
    flag("n|numeric-sort"),
    value("N|ns-sort"),
    flag("p|show-pids"),
    flag("s|show-parents"),
    flag("S|ns-changes"),
    flag("t|thread-names"),
    flag("T|hide-threads"),
    flag("u|uid-changes"),
    flag("U|unicode"),
    flag("V|version"),
    flag("Z|security-context"),
];
pub const TTY: &[Opt] = &[flag("s|silent|quiet"), HELP];
pub const NPROC: &[Opt] = &[flag("all"), value("ignore"), HELP];
pub const WHO: &[Opt] = &[
    flag("a|all"),
    flag("b|boot"),
    flag("d|dead"),
    flag("H|heading"),
    flag("l|login"),
    flag("lookup"),
    flag("m"),
    flag("p|process"),
    flag("q|count"),
    flag("r|runlevel"),
    flag("s|short"),
    flag("t|time"),
    flag("T|w|mesg|message|writable"),
    flag("u|users"),
    HELP,
];

pub const W: &[Opt] = &[
    flag("h|no-header"),
    flag("u|no-current"),
    flag("s|short"),
    flag("f|from"),
    flag("o|old-style"),
    flag("i|ip-addr"),
    flag("p|pids"),
    HELP,
];

pub const LAST: &[Opt] = &[
    value("n|limit"),
    flag("a|hostlast"),
    flag("d|dns"),
    reads("f|file"),
    flag("F|fulltimes"),
    flag("i|ip"),
    value("p|present"),
    flag("R|nohostname"),
    value("s|since"),
    value("t|until"),
    value("time-format"),
    flag("w|fullnames"),
    flag("x|system"),
    HELP,
];

pub const PWD: &[Opt] = &[flag("L|logical"), flag("P|physical"), HELP];
pub const SEQ: &[Opt] = &[
    value("s|separator"),
    value("f|format"),
    flag("w|equal-width"),
    HELP,
];

pub const WHICH: &[Opt] = &[flag("a"), flag("s")];
pub const WHEREIS: &[Opt] = &[
    flag("b"),
    flag("m"),
    flag("s"),
    flag("u"),
    flag("B"),
    flag("M"),
    flag("S"),
    flag("f"),
    flag("l"),
    flag("g"),
];

pub const LSBLK: &[Opt] = &[
    flag("a|all"),
    flag("b|bytes"),
    flag("D|discard"),
    flag("d|nodeps"),
    value("E|dedup"),
    value("e|exclude"),
    flag("f|fs"),
    flag("h|help"),
    value("I|include"),
    flag("i|ascii"),
    flag("J|json"),
    flag("l|list"),
    flag("M|merge"),
    flag("m|perms"),
    flag("n|noheadings"),
    value("o|output"),
    flag("O|output-all"),
    flag("P|pairs"),
    flag("p|paths"),
    flag("r|raw"),
    flag("S|scsi"),
    flag("s|inverse"),
    flag("T|tree"),
    flag("t|topology"),
    flag("z|zoned"),
    value("x|sort"),
    flag("y|shell"),
    flag("N|nvme"),
    flag("v|virtio"),
    sizes("width", WIDEST),
    flag("A|noempty"),
    value("Q|filter"),
];

pub const BLKID: &[Opt] = &[
    writes("c|cache-file"),
    flag("d|no-encoding"),
    flag("D|no-part-details"),
    changes(
        "g|garbage-collect",
        Takes::No,
        "garbage-collects the blkid cache file",
    ),
    flag("h|help"),
    value("H|hint"),
    flag("i|info"),
    flag("k|list-filesystems"),
    flag("l|list-one"),
    value("L|label"),
    value("n|match-types"),
    value("o|output"),
    value("O|offset"),
    flag("p|probe"),
    value("s|match-tag"),
    value("S|size"),
    value("t|match-token"),
    value("u|usages"),
    value("U|uuid"),
    flag("V|version"),
    // `-w FILE`: documented as ignored, but a write target by its meaning (older versions
    // wrote the cache there): never low.
    writes("w"),
];

pub const FINDMNT: &[Opt] = &[
    flag("A|all"),
    flag("a|ascii"),
    flag("b|bytes"),
    flag("C|nocanonicalize"),
    flag("c|canonicalize"),
    flag("D|df"),
    value("d|direction"),
    flag("e|evaluate"),
    reads("F|tab-file"),
    flag("f|first-only"),
    flag("i|invert"),
    flag("J|json"),
    flag("k|kernel"),
    flag("l|list"),
    value("M|mountpoint"),
    flag("m|mtab"),
    value("N|task"),
    flag("n|noheadings"),
    value("O|options"),
    value("o|output"),
    flag("output-all"),
    flag("P|pairs"),
    unproven(
        "p|poll",
        Takes::Optional,
        "waits for mount changes without end",
    ),
    flag("R|submounts"),
    flag("r|raw"),
    value("S|source"),
    flag("s|fstab"),
    value("T|target"),
    value("t|types"),
    flag("U|uniq"),
    flag("u|notruncate"),
    flag("v|nofsroot"),
    value("w|timeout"),
    flag("x|verify"),
    flag("verbose"),
    flag("y|shell"),
    flag("real"),
    flag("pseudo"),
    flag("h|help"),
];

pub const VMSTAT: &[Opt] = &[
    flag("a|active"),
    flag("f|forks"),
    flag("m|slabs"),
    flag("n|one-header"),
    flag("s|stats"),
    flag("d|disk"),
    flag("D|disk-sum"),
    value("p|partition"),
    value("S|unit"),
    flag("t|timestamp"),
    flag("w|wide"),
    flag("y|no-first"),
    HELP,
];

pub const IOSTAT: &[Opt] = &[
    flag("c"),
    flag("d"),
    flag("h"),
    flag("k"),
    flag("m"),
    flag("N"),
    value("p"),
    flag("t"),
    flag("x"),
    flag("y"),
    flag("z"),
    value("o"),
    value("g"),
    flag("H"),
    value("dec"),
    value("j"),
    flag("s"),
    flag("human"),
    flag("pretty"),
    flag("compact"),
];

pub const MPSTAT: &[Opt] = &[
    flag("A"),
    value("I"),
    flag("n"),
    value("N"),
    value("o"),
    value("P"),
    flag("T"),
    flag("u"),
    value("dec"),
];

pub const PGREP: &[Opt] = &[
    value("d|delimiter"),
    flag("l|list-name"),
    flag("a|list-full"),
    flag("v|inverse"),
    flag("w|lightweight"),
    flag("c|count"),
    flag("f|full"),
    value("g|pgroup"),
    value("G|group"),
    flag("i|ignore-case"),
    flag("n|newest"),
    flag("o|oldest"),
    value("O|older"),
    value("P|parent"),
    value("s|session"),
    value("t|terminal"),
    value("u|euid"),
    value("U|uid"),
    flag("x|exact"),
    reads("F|pidfile"),
    flag("L|logpidfile"),
    value("r|runstates"),
    flag("A|ignore-ancestors"),
    value("cgroup"),
    value("ns"),
    value("nslist"),
    flag("q|quiet"),
    HELP,
    flag("V|version"),
];

pub const PIDOF: &[Opt] = &[
    flag("s|single-shot"),
    flag("c|check-root"),
    flag("n"),
    flag("x"),
    flag("z"),
    flag("q|quiet"),
    value("d|separator"),
    value("o|omit-pid"),
    flag("w|with-workers"),
];

pub const LSCPU: &[Opt] = &[
    flag("a|all"),
    flag("b|online"),
    flag("B|bytes"),
    optional("C|caches"),
    flag("c|offline"),
    flag("J|json"),
    optional("e|extended"),
    optional("p|parse"),
    reads("s|sysroot"),
    flag("x|hex"),
    flag("y|physical"),
    flag("r|raw"),
    value("output-all"),
    HELP,
];

pub const LSPCI: &[Opt] = &[
    flag("m"),
    flag("t"),
    flag("v"),
    flag("k"),
    flag("x"),
    flag("b"),
    flag("D"),
    flag("P"),
    flag("n"),
    flag("nn"),
    // `-q`/`-Q` ask DNS for unknown IDs and write the answers to ~/.pciids-cache.
    changes("q", Takes::No, "writes ~/.pciids-cache"),
    changes("Q", Takes::No, "writes ~/.pciids-cache"),
    value("s"),
    value("d"),
    reads("i"),
    reads("p"),
    reads("F"),
    // Access methods include direct port I/O (`intel-conf1`), as `-H` does.
    changes(
        "A",
        Takes::Value,
        "chooses how devices are accessed, direct port I/O included",
    ),
    // `-O NAME=VALUE` sets library parameters: the ID cache file written (`net.cache_name`),
    // the DNS domain asked, the paths devices are read from.
    unproven(
        "O",
        Takes::Value,
        "sets library parameters (cache file, DNS domain, access paths)",
    ),
];

pub const LSUSB: &[Opt] = &[
    flag("v|verbose"),
    value("s"),
    value("d"),
    flag("t|tree"),
    flag("V"),
];

pub const LSMOD: &[Opt] = &[HELP];
pub const MODINFO: &[Opt] = &[
    flag("a|author"),
    flag("d|description"),
    flag("l|license"),
    flag("p|parameters"),
    flag("n|filename"),
    flag("0|null"),
    value("F|field"),
    value("k"),
    reads("b|basedir"),
    HELP,
];

pub const LOCALE: &[Opt] = &[
    flag("a|all-locales"),
    flag("m|charmaps"),
    flag("c|category-name"),
    flag("k|keyword-name"),
    flag("v|verbose"),
];

pub const GETCONF: &[Opt] = &[flag("a"), value("v")];
pub const CAL: &[Opt] = &[
    flag("1|one"),
    flag("3|three"),
    // Each month is printed: a hundred years is more than any calendar a reader wants.
    sizes("n|months", 1200),
    flag("S|span"),
    flag("s|sunday"),
    flag("m|monday"),
    flag("j|julian"),
    flag("y|year"),
    flag("Y|twelve"),
    flag("w|week"),
    flag("v|vertical"),
    optional("color"),
];

pub const TOP: &[Opt] = &[
    flag("b|batch-mode"),
    value("n|iterations"),
    value("d|delay"),
    value("p|pid"),
    value("u|U|user"),
    flag("c|cmdline-toggle"),
    flag("H|threads-show"),
    flag("i|idle-toggle"),
    value("o|sort-override"),
    flag("O|list-fields"),
    flag("S|accum-time-toggle"),
    value("w|width"),
    flag("1|single-cpu-toggle"),
    value("E|scale-summary-mem"),
    value("e|scale-task-mem"),
    flag("s|secure-mode"),
    flag("h|help"),
    flag("v|version"),
];

pub const DMIDECODE: &[Opt] = &[
    reads("d|dev-mem"),
    flag("q|quiet"),
    value("s|string"),
    value("t|type"),
    value("H|handle"),
    flag("u|dump"),
    writes("dump-bin"),
    reads("from-dump"),
    flag("no-sysfs"),
    value("oem-string"),
    flag("no-quirks"),
];

pub const SENSORS: &[Opt] = &[
    flag("A|no-adapter"),
    reads("c|config-file"),
    flag("u"),
    flag("j"),
    flag("f|fahrenheit"),
    flag("bus-list"),
    changes("s|set", Takes::No, "writes sensor limits"),
];
