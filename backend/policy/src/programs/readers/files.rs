//! Options of the file and text readers (GNU coreutils spellings).

use super::{HELP, VERSION};
use crate::options::{
    Opt, Takes, WIDEST, changes, endless, flag, optional, reads, runs, sizes, sizes_in,
    sizes_optional, unproven, value, writes,
};

pub const CAT: &[Opt] = &[
    flag("A|show-all"),
    flag("b|number-nonblank"),
    flag("e"),
    flag("E|show-ends"),
    flag("n|number"),
    flag("s|squeeze-blank"),
    flag("t"),
    flag("T|show-tabs"),
    flag("u"),
    flag("v|show-nonprinting"),
    HELP,
    VERSION,
];

pub const TAC: &[Opt] = &[
    flag("b|before"),
    flag("r|regex"),
    value("s|separator"),
    HELP,
];

pub const NL: &[Opt] = &[
    value("b|body-numbering"),
    value("d|section-delimiter"),
    value("f|footer-numbering"),
    value("h|header-numbering"),
    value("i|line-increment"),
    value("l|join-blank-lines"),
    value("n|number-format"),
    flag("p|no-renumber"),
    value("s|number-separator"),
    value("v|starting-line-number"),
    sizes("w|number-width", WIDEST),
    HELP,
];

pub const HEAD: &[Opt] = &[
    value("c|bytes"),
    value("n|lines"),
    flag("q|quiet|silent"),
    flag("v|verbose"),
    flag("z|zero-terminated"),
    HELP,
    VERSION,
];

pub const TAIL: &[Opt] = &[
    value("c|bytes"),
    endless("f", Takes::No, "follows the file as it grows"),
    endless("follow", Takes::Optional, "follows the file as it grows"),
    endless("F", Takes::No, "follows the file as it grows"),
    value("n|lines"),
    value("max-unchanged-stats"),
    value("pid"),
    flag("q|quiet|silent"),
    flag("retry"),
    value("s|sleep-interval"),
    flag("v|verbose"),
    flag("z|zero-terminated"),
    HELP,
    VERSION,
];

pub const WC: &[Opt] = &[
    flag("c|bytes"),
    flag("m|chars"),
    flag("l|lines"),
    flag("L|max-line-length"),
    flag("w|words"),
    unproven(
        "files0-from",
        Takes::Value,
        "wc opens and reads every file a list names, which cannot be judged here (a terminal, the kernel's log pipe, a watchdog)",
    ),
    value("total"),
    HELP,
    VERSION,
];

pub const LS: &[Opt] = &[
    flag("a|all"),
    flag("A|almost-all"),
    flag("author"),
    flag("b|escape"),
    value("block-size"),
    flag("B|ignore-backups"),
    flag("c"),
    flag("C"),
    optional("color|colour"),
    flag("d|directory"),
    flag("D|dired"),
    flag("f"),
    optional("F|classify"),
    flag("file-type"),
    value("format"),
    flag("full-time"),
    flag("g"),
    flag("group-directories-first"),
    flag("G|no-group"),
    flag("h|human-readable"),
    flag("si"),
    flag("H|dereference-command-line"),
    flag("dereference-command-line-symlink-to-dir"),
    value("hide"),
    optional("hyperlink"),
    value("indicator-style"),
    flag("i|inode"),
    value("I|ignore"),
    flag("k|kibibytes"),
    flag("l"),
    flag("L|dereference"),
    flag("m"),
    flag("n|numeric-uid-gid"),
    flag("N|literal"),
    flag("o"),
    flag("p"),
    flag("q|hide-control-chars"),
    flag("show-control-chars"),
    flag("Q|quote-name"),
    value("quoting-style"),
    flag("r|reverse"),
    flag("R|recursive"),
    flag("s|size"),
    flag("S"),
    value("sort"),
    value("time"),
    value("time-style"),
    flag("t"),
    sizes("T|tabsize", WIDEST),
    flag("u"),
    flag("U"),
    flag("v"),
    sizes("w|width", WIDEST),
    flag("x"),
    flag("X"),
    flag("Z|context"),
    flag("zero"),
    flag("1"),
    HELP,
    VERSION,
];

pub const STAT: &[Opt] = &[
    flag("L|dereference"),
    flag("f|file-system"),
    value("c|format"),
    value("printf"),
    flag("t|terse"),
    value("cached"),
    HELP,
];

pub const FILE: &[Opt] = &[
    flag("b|brief"),
    flag("c|checking-printouts"),
    changes("C|compile", Takes::No, "writes a compiled magic file"),
    flag("d|debug"),
    value("e|exclude"),
    value("exclude-quiet"),
    reads("f|files-from"),
    value("F|separator"),
    flag("h|no-dereference"),
    flag("i|mime"),
    flag("mime-type"),
    flag("mime-encoding"),
    flag("apple"),
    flag("extension"),
    flag("k|keep-going"),
    flag("l|list"),
    flag("L|dereference"),
    reads("m|magic-file"),
    flag("N|no-pad"),
    flag("n|no-buffer"),
    flag("0|print0"),
    flag("p|preserve-date"),
    value("P|parameter"),
    flag("r|raw"),
    flag("s|special-files"),
    flag("S|no-sandbox"),
    unproven("z|uncompress", Takes::No, "file may run decompressors"),
    unproven(
        "Z|uncompress-noreport",
        Takes::No,
        "file may run decompressors",
    ),
    HELP,
];

pub const DU: &[Opt] = &[
    flag("0|null"),
    flag("a|all"),
    flag("apparent-size"),
    value("B|block-size"),
    flag("b|bytes"),
    flag("c|total"),
    flag("D|dereference-args"),
    flag("H"),
    value("d|max-depth"),
    reads("files0-from"),
    flag("h|human-readable"),
    flag("inodes"),
    flag("k"),
    flag("L|dereference"),
    flag("l|count-links"),
    flag("m"),
    flag("P|no-dereference"),
    flag("S|separate-dirs"),
    flag("si"),
    flag("s|summarize"),
    value("t|threshold"),
    optional("time"),
    value("time-style"),
    reads("X|exclude-from"),
    value("exclude"),
    flag("x|one-file-system"),
    HELP,
];

pub const DF: &[Opt] = &[
    flag("a|all"),
    value("B|block-size"),
    flag("h|human-readable"),
    flag("H|si"),
    flag("i|inodes"),
    flag("k"),
    flag("l|local"),
    flag("no-sync"),
    optional("output"),
    flag("P|portability"),
    flag("sync"),
    flag("total"),
    value("t|type"),
    flag("T|print-type"),
    value("x|exclude-type"),
    flag("v"),
    HELP,
];

pub const BASENAME: &[Opt] = &[flag("a|multiple"), value("s|suffix"), flag("z|zero"), HELP];
pub const DIRNAME: &[Opt] = &[flag("z|zero"), HELP];
pub const REALPATH: &[Opt] = &[
    flag("e|canonicalize-existing"),
    flag("m|canonicalize-missing"),
    flag("L|logical"),
    flag("P|physical"),
    flag("q|quiet"),
    value("relative-to"),
    value("relative-base"),
    flag("s|strip|no-symlinks"),
    flag("z|zero"),
    HELP,
];

pub const READLINK: &[Opt] = &[
    flag("f|canonicalize"),
    flag("e|canonicalize-existing"),
    flag("m|canonicalize-missing"),
    flag("n|no-newline"),
    flag("q|quiet"),
    flag("s|silent"),
    flag("v|verbose"),
    flag("z|zero"),
    HELP,
];

pub const SUMS: &[Opt] = &[
    flag("b|binary"),
    unproven(
        "c|check",
        Takes::No,
        "reads every file its check lists name, which cannot be judged here (a terminal, the kernel's log pipe, a watchdog)",
    ),
    flag("tag"),
    flag("t|text"),
    flag("z|zero"),
    flag("ignore-missing"),
    flag("quiet"),
    flag("status"),
    flag("strict"),
    flag("w|warn"),
    value("l|length"),
    value("a|algorithm"),
    flag("base64"),
    flag("raw"),
    flag("untagged"),
    flag("debug"),
    HELP,
];

pub const BASE64: &[Opt] = &[
    flag("d|decode"),
    flag("i|ignore-garbage"),
    value("w|wrap"),
    flag("base64"),
    flag("base64url"),
    flag("base32"),
    flag("base32hex"),
    flag("base16"),
    flag("base2msbf"),
    flag("base2lsbf"),
    flag("z85"),
    HELP,
];

pub const OD: &[Opt] = &[
    value("A|address-radix"),
    value("j|skip-bytes"),
    value("N|read-bytes"),
    value("t|format"),
    // `-S BYTES` but `--strings[=BYTES]`; `-w[BYTES]`, `--width[=BYTES]`: an optional value is
    // only ever attached, so `od --width /etc/shadow` reads /etc/shadow.
    sizes("S", WIDEST),
    sizes_optional("strings", WIDEST),
    flag("v|output-duplicates"),
    sizes_optional("w|width", WIDEST),
    value("endian"),
    flag("traditional"),
    flag("a"),
    flag("b"),
    flag("c"),
    flag("d"),
    flag("f"),
    flag("i"),
    flag("l"),
    flag("o"),
    flag("s"),
    flag("x"),
    HELP,
];

pub const HEXDUMP: &[Opt] = &[
    flag("b|one-byte-octal"),
    flag("X|one-byte-hex"),
    flag("c|one-byte-char"),
    flag("C|canonical"),
    flag("d|two-bytes-decimal"),
    flag("o|two-bytes-octal"),
    flag("x|two-bytes-hex"),
    value("e|format"),
    reads("f|format-file"),
    value("n|length"),
    value("s|skip"),
    flag("v|no-squeezing"),
    optional("L|color"),
    HELP,
];

pub const STRINGS: &[Opt] = &[
    flag("a|all"),
    flag("d|data"),
    flag("f|print-file-name"),
    sizes("n|bytes", WIDEST),
    value("t|radix"),
    flag("o"),
    value("e|encoding"),
    value("T|target"),
    flag("w|include-all-whitespace"),
    value("s|output-separator"),
    value("U|unicode"),
    HELP,
];

pub const CUT: &[Opt] = &[
    value("b|bytes"),
    value("c|characters"),
    value("d|delimiter"),
    value("f|fields"),
    flag("n"),
    flag("complement"),
    flag("s|only-delimited"),
    value("output-delimiter"),
    flag("z|zero-terminated"),
    HELP,
];

pub const TR: &[Opt] = &[
    flag("c|C|complement"),
    flag("d|delete"),
    flag("s|squeeze-repeats"),
    flag("t|truncate-set1"),
    HELP,
];

pub const PASTE: &[Opt] = &[
    value("d|delimiters"),
    flag("s|serial"),
    flag("z|zero-terminated"),
];

pub const JOIN: &[Opt] = &[
    value("a"),
    value("e"),
    flag("i|ignore-case"),
    value("j"),
    value("o"),
    value("t"),
    value("v"),
    value("1"),
    value("2"),
    flag("check-order"),
    flag("nocheck-order"),
    flag("header"),
    flag("z|zero-terminated"),
];

pub const COMM: &[Opt] = &[
    flag("1"),
    flag("2"),
    flag("3"),
    flag("check-order"),
    flag("nocheck-order"),
    value("output-delimiter"),
    flag("total"),
    flag("z|zero-terminated"),
];

pub const FOLD: &[Opt] = &[flag("b|bytes"), flag("s|spaces"), sizes("w|width", WIDEST)];
pub const FMT: &[Opt] = &[
    value("w|width"),
    value("g|goal"),
    flag("c|crown-margin"),
    value("p|prefix"),
    flag("s|split-only"),
    flag("t|tagged-paragraph"),
    flag("u|uniform-spacing"),
];

pub const EXPAND: &[Opt] = &[
    flag("i|initial"),
    sizes("t|tabs", WIDEST),
    flag("a|all"),
    flag("first-only"),
];

pub const COLUMN: &[Opt] = &[
    sizes("c|output-width", WIDEST),
    value("s|separator"),
    value("o|output-separator"),
    flag("t|table"),
    value("N|table-columns"),
    value("R|table-right"),
    value("T|table-truncate"),
    value("E|table-noextreme"),
    value("W|table-wrap"),
    value("H|table-hide"),
    value("O|table-order"),
    value("n|table-name"),
    value("l|table-columns-limit"),
    flag("J|json"),
    flag("x|fillrows"),
    flag("e|table-header-repeat"),
    flag("L|keep-empty-lines"),
    value("r|tree"),
    value("i|tree-id"),
    value("p|tree-parent"),
    flag("d|table-noheadings"),
];

/// The largest memory buffer `sort -S` may ask for where nothing contains it.
const SORT_BUFFER: u64 = 256 << 20;
/// The most threads `sort --parallel` may start where nothing contains it.
const SORT_THREADS: u64 = 16;

pub const SORT: &[Opt] = &[
    flag("b|ignore-leading-blanks"),
    flag("d|dictionary-order"),
    flag("f|ignore-case"),
    flag("g|general-numeric-sort"),
    flag("i|ignore-nonprinting"),
    flag("M|month-sort"),
    flag("h|human-numeric-sort"),
    flag("n|numeric-sort"),
    flag("R|random-sort"),
    reads("random-source"),
    flag("r|reverse"),
    value("sort"),
    flag("V|version-sort"),
    // How many inputs one merge opens at once (16 unless told).
    sizes("batch-size", 1024),
    flag("c"),
    optional("check"),
    flag("C"),
    runs("compress-program"),
    flag("debug"),
    unproven(
        "files0-from",
        Takes::Value,
        "sort prints the files a list names, which cannot be seen",
    ),
    value("k|key"),
    flag("m|merge"),
    writes("o|output"),
    flag("s|stable"),
    // A plain number counts kibibytes; `50%` of the memory is not proven small.
    sizes_in("S|buffer-size", 1 << 10, SORT_BUFFER),
    value("t|field-separator"),
    // Temporary files are written there.
    writes("T|temporary-directory"),
    sizes("parallel", SORT_THREADS),
    flag("u|unique"),
    flag("z|zero-terminated"),
    HELP,
];

pub const SHUF: &[Opt] = &[
    flag("e|echo"),
    value("i|input-range"),
    value("n|head-count"),
    writes("o|output"),
    reads("random-source"),
    flag("r|repeat"),
    flag("z|zero-terminated"),
];

pub const CMP: &[Opt] = &[
    flag("b|print-bytes"),
    value("i|ignore-initial"),
    flag("l|verbose"),
    value("n|bytes"),
    flag("s|quiet|silent"),
];

pub const NUMFMT: &[Opt] = &[
    value("d|delimiter"),
    value("field"),
    value("format"),
    value("from"),
    value("from-unit"),
    flag("grouping"),
    optional("header"),
    value("invalid"),
    sizes("padding", WIDEST),
    value("round"),
    value("suffix"),
    value("to"),
    value("to-unit"),
    flag("z|zero-terminated"),
    flag("debug"),
];

pub const NAMEI: &[Opt] = &[
    flag("x|mountpoints"),
    flag("m|modes"),
    flag("o|owners"),
    flag("l|long"),
    flag("n|nosymlinks"),
    flag("v|vertical"),
    HELP,
];

pub const GETFACL: &[Opt] = &[
    flag("a|access"),
    flag("d|default"),
    flag("c|omit-header"),
    flag("e|all-effective"),
    flag("E|no-effective"),
    flag("s|skip-base"),
    flag("R|recursive"),
    flag("L|logical"),
    flag("P|physical"),
    flag("t|tabular"),
    flag("n|numeric"),
    flag("p|absolute-names"),
    flag("one-file-system"),
];

/// getcap(8) (libcap): `-r` walks the directories it is given, `-v` also names files without
/// capabilities, `-n` prints a user namespace's root ID, `-h` prints its usage.
pub const GETCAP: &[Opt] = &[flag("r"), flag("v"), flag("n"), flag("h")];

/// getfattr(1) (attr): each option only chooses which attributes it prints and how; `-R`
/// walks the directories it is given, `-L` following links to directories.
pub const GETFATTR: &[Opt] = &[
    value("n|name"),
    flag("d|dump"),
    value("e|encoding"),
    flag("h|no-dereference"),
    value("m|match"),
    flag("absolute-names"),
    flag("only-values"),
    flag("R|recursive"),
    flag("L|logical"),
    flag("P|physical"),
];

pub const LSATTR: &[Opt] = &[
    flag("R"),
    flag("V"),
    flag("a"),
    flag("d"),
    flag("l"),
    flag("p"),
    flag("v"),
];

pub const TREE: &[Opt] = &[
    flag("a"),
    flag("d"),
    flag("l"),
    flag("f"),
    flag("x"),
    value("L"),
    value("P"),
    value("I"),
    flag("gitignore"),
    flag("ignore-case"),
    flag("matchdirs"),
    flag("metafirst"),
    flag("prune"),
    flag("info"),
    flag("noreport"),
    optional("charset"),
    value("filelimit"),
    value("timefmt"),
    writes("o"),
    flag("q"),
    flag("N"),
    flag("Q"),
    flag("p"),
    flag("u"),
    flag("g"),
    flag("s"),
    flag("h"),
    flag("si"),
    flag("du"),
    flag("D"),
    flag("F"),
    flag("inodes"),
    flag("device"),
    flag("v"),
    flag("t"),
    flag("c"),
    flag("U"),
    flag("r"),
    flag("dirsfirst"),
    flag("filesfirst"),
    value("sort"),
    flag("i"),
    flag("A"),
    flag("S"),
    flag("n"),
    flag("C"),
    flag("X"),
    flag("J"),
    value("H"),
    value("T"),
    // `-R` runs tree again in every directory with `-o 00Tree.html`: it writes files.
    changes("R", Takes::No, "writes 00Tree.html into every directory"),
    // With --fromfile the operands are files whose lines are the listing: their contents
    // are printed (judged in `readers::judge`).
    flag("fromfile"),
    flag("fflinks"),
    flag("noindent"),
    flag("hyperlink"),
];

pub const PRINT: &[Opt] = &[];
