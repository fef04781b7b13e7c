//! Hardware inventories and per-process or per-service statistics that were unknown, each
//! with a positive table: what they print is judged by its columns (serial numbers, command
//! lines), not only by whether they change anything (none of these does, except as noted).
//!
//! - `lshw`: its one-dash long options; the full listing (`-json`, `-xml`, `-html`, a
//!   `-class`) prints disks', memory modules' and boards' serial numbers (high where nothing
//!   contains it, as `dmidecode`); `-short` and `-businfo` print none unless `-json`, `-xml`
//!   or `-html` asks for the whole tree (which lshw prints first); `-sanitize` (which removes
//!   serial numbers and addresses) prints none in any form. `-dump FILE` writes a database
//!   (high).
//! - `inxi` (Perl, bundled short options): the report options; serial numbers, MAC and IP
//!   addresses print unless `-z` filters them (high where nothing contains it); `-i` (asks a
//!   web service for the WAN address), `-w`/`-W` (weather), `-U` (updates itself), `-r`
//!   (repositories' URLs, credentials among them), `-t`, `-v`, `-Z` are not in the table.
//! - `nfsstat`: NFS and RPC statistics; `-Z` repeats until stopped, `-S FILE` reads a file.
//! - `pmap PID…`: each process's mappings, after a header holding its full command line (high
//!   where nothing contains it, as `ps aux`); `-n`/`-N` write an rc file (high).
//! - `smem` (Python): its default Command column is each process's full command line, as is
//!   `-c command`; `-u`, `-w`, `-m` and `-c` lists without it print names and figures.
//! - `gpustat` (Python): `-f`, `-a` and `--json` print each GPU process's full command line;
//!   `-i`/`--watch` redraws until stopped.
//! - `rocminfo`: the HSA agents (names, features, the GPU's UUID as `nvidia-smi -L` prints it).
//! - `atop -r [FILE]`: reads a raw log (today's, `y` for yesterday, a date `YYYYMMDD` or a file
//!   judged as read) and prints its samples; `-w FILE` writes one; `-c` and the parseable
//!   `-P PRG`/`ALL` print command lines (high where nothing contains it). Without `-r` atop is a
//!   full-screen display of the live system (medium).

use super::{Ctx, Judgement, Operands, apply, judged};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Spec, Takes, WIDEST, changes, endless, flag, optional, parse, plain, reads, sizes, value,
    writes,
};

/// lshw's options (one dash, or two): flags, and those taking the next word.
const LSHW_FLAGS: &[&str] = &[
    "version", "help", "short", "businfo", "sanitize", "numeric", "quiet", "notime", "html", "xml",
    "json",
];
const LSHW_VALUED: &[&str] = &["class", "C", "c", "disable", "enable"];

fn lshw(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("lists hardware");
    let mut seen: Vec<&str> = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let name = word
            .strip_prefix("--")
            .or_else(|| word.strip_prefix('-'))
            .unwrap_or("");
        if LSHW_FLAGS.contains(&name) {
            seen.push(name);
        } else if LSHW_VALUED.contains(&name) {
            if words.next().is_none() {
                j.raise(RiskLevel::Medium, format!("lshw: {word} needs a value"));
            }
        } else if name == "dump" {
            match words.next() {
                Some(file) => {
                    let (level, reason) = ctx.paths.write(file);
                    j.raise(level, format!("lshw -dump {file}: {reason}"));
                }
                None => j.raise(RiskLevel::High, "lshw -dump writes a database file"),
            }
            j.raise(RiskLevel::High, "lshw -dump writes a database file");
        } else {
            j.raise(
                RiskLevel::Medium,
                format!("lshw: {word} is not an option of its listing"),
            );
        }
    }
    // `-xml`, `-json` and `-html` print the whole tree whatever `-short` or `-businfo` ask
    // (lshw picks its output in that order); `-sanitize` leaves serial numbers out of each.
    let whole = seen.iter().any(|s| matches!(*s, "xml" | "json" | "html"));
    let plain = seen.iter().any(|s| matches!(*s, "short" | "businfo")) && !whole;
    let informs = seen.iter().any(|s| matches!(*s, "version" | "help"));
    if !plain && !informs && !seen.contains(&"sanitize") {
        super::serials::raise(
            ctx,
            &mut j,
            "lshw's full listing (disks', memory modules' and boards' serial numbers; -short, -businfo, -sanitize print none)",
        );
    }
    j
}

const INXI: &[Opt] = &[
    flag("A|audio"),
    flag("a|admin"),
    flag("B|battery"),
    flag("b|basic"),
    flag("C|cpu"),
    value("c|color"),
    flag("D|disk"),
    flag("d|optical"),
    flag("E|bluetooth"),
    flag("F|full"),
    flag("G|graphics"),
    flag("I|info"),
    flag("J|usb"),
    flag("j|swap"),
    flag("L|logical"),
    flag("M|machine"),
    flag("m|memory"),
    flag("N|network"),
    flag("n|network-advanced"),
    flag("o|unmounted"),
    flag("P|partitions"),
    flag("p|partitions-full"),
    flag("R|raid"),
    flag("S|system"),
    flag("s|sensors"),
    flag("x|extra"),
    // `--output json|xml` goes to the file `--output-file` names.
    value("output"),
    writes("output-file"),
    value("y|width"),
    flag("z|filter"),
    flag("h|help"),
    flag("V|version"),
];

fn inxi(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "inxi",
        args,
        &Spec::gnu(INXI),
        Operands::None("is not an operand it takes"),
        "reports the system",
    );
    let informs = parsed.has("help") || parsed.has("version");
    if !args.is_empty() && !parsed.has("filter") && !informs {
        super::serials::raise(
            ctx,
            &mut j,
            "inxi without -z (serial numbers, MAC and IP addresses)",
        );
    }
    j
}

const NFSSTAT: &[Opt] = &[
    flag("a|all"),
    flag("c|client"),
    flag("s|server"),
    flag("n|nfs"),
    flag("r|rpc"),
    flag("2"),
    flag("3"),
    flag("4"),
    flag("m|mounts"),
    flag("l|list"),
    value("o"),
    flag("v|verbose"),
    endless(
        "Z|sleep",
        Takes::Optional,
        "prints statistics until it is stopped",
    ),
    reads("S|since"),
    flag("h|help"),
    flag("V|version"),
];

const PMAP: &[Opt] = &[
    flag("x|extended"),
    flag("X"),
    flag("d|device"),
    flag("q|quiet"),
    value("A|range"),
    flag("p|show-path"),
    // ~/.pmaprc only chooses the columns of `-X`.
    flag("c|read-rc"),
    changes("n|create-rc", Takes::No, "writes ~/.pmaprc"),
    writes("N|create-rc-to"),
    reads("C|read-rc-from"),
    flag("h|help"),
    flag("V|version"),
];

const SMEM: &[Opt] = &[
    flag("h|help"),
    flag("H|no-header"),
    value("c|columns"),
    flag("a|autosize"),
    value("R|realmem"),
    reads("K|kernel"),
    flag("m|mappings"),
    flag("n|numeric"),
    value("s|sort"),
    flag("r|reverse"),
    flag("p|percent"),
    flag("k|abbreviate"),
    flag("t|totals"),
    flag("u|users"),
    flag("w|system"),
    value("P|processfilter"),
    value("M|mapfilter"),
    value("U|userfilter"),
    reads("S|source"),
];

fn smem(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "smem",
        args,
        &Spec::gnu(SMEM),
        Operands::None("is not an operand it takes"),
        "shows memory per process",
    );
    let columns: Vec<String> = parsed
        .values("columns")
        .map(str::to_ascii_lowercase)
        .collect();
    let summary = parsed.has("users") || parsed.has("system") || parsed.has("mappings");
    let named = !columns.is_empty() && columns.iter().all(|c| !c.contains("command"));
    if !summary && !named && !parsed.has("help") {
        super::cmdlines::raise(ctx, &mut j, "smem (its Command column)");
    }
    // `-P REGEX` keeps the processes whose name or command line it matches.
    if parsed.has("processfilter") {
        super::cmdlines::matched(&mut j, "smem -P");
    }
    j
}

const GPUSTAT: &[Opt] = &[
    flag("c|show-cmd"),
    flag("f|show-full-cmd"),
    flag("u|show-user"),
    flag("p|show-pid"),
    flag("F|show-fan-speed"),
    optional("e|show-codec"),
    optional("P|show-power"),
    flag("a|show-all"),
    value("id"),
    flag("json"),
    endless(
        "i|interval|watch",
        Takes::Plain,
        "redraws the GPUs until it is stopped",
    ),
    flag("no-color"),
    flag("force-color"),
    flag("no-header"),
    value("gpuname-width"),
    flag("no-processes"),
    flag("debug"),
    flag("v|version"),
    flag("h|help"),
];

fn gpustat(ctx: &Ctx, args: &[String]) -> Judgement {
    let (mut j, parsed) = judged(
        ctx,
        "gpustat",
        args,
        &Spec::gnu(GPUSTAT),
        Operands::None("is not an operand it takes"),
        "shows GPUs",
    );
    if parsed.has("show-full-cmd") || parsed.has("show-all") || parsed.has("json") {
        super::cmdlines::raise(ctx, &mut j, "gpustat -f/-a/--json");
    }
    j
}

const ATOP: &[Opt] = &[
    plain("r"),
    writes("w"),
    value("b"),
    value("e"),
    value("P"),
    sizes("L", WIDEST),
    flag("a"),
    flag("1"),
    flag("c"),
    flag("d"),
    flag("g"),
    flag("m"),
    flag("n"),
    flag("s"),
    flag("v"),
    flag("C"),
    flag("M"),
    flag("D"),
    flag("N"),
    flag("A"),
    flag("u"),
    flag("p"),
    flag("j"),
    flag("y"),
    flag("f"),
    flag("F"),
    flag("G"),
    flag("x"),
    flag("V"),
];

/// atop's names for a day's raw log in its directory: `y` (yesterday, `yy` the day before…)
/// or a date.
fn atop_day(word: &str) -> bool {
    (!word.is_empty() && word.chars().all(|c| c == 'y'))
        || (word.len() == 8 && word.chars().all(|c| c.is_ascii_digit()))
}

fn atop(ctx: &Ctx, args: &[String]) -> Judgement {
    let parsed = parse(args, &Spec::gnu(ATOP));
    let mut j = Judgement::low("prints a raw atop log");
    apply(ctx, "atop", &parsed, Operands::Inert, &mut j);
    // The raw log `-r` names is read (a day's name is one in atop's own directory).
    for file in parsed.values("r") {
        if !atop_day(file) {
            j.raise_path(ctx.read(file));
        }
    }
    if parsed.has("V") {
        return j;
    }
    if !parsed.has("r") || parsed.has("w") {
        j.raise(
            RiskLevel::Medium,
            "atop without -r samples the live system as a full-screen display that redraws until it is stopped",
        );
    }
    if !parsed.operands.is_empty() {
        j.raise(
            RiskLevel::Medium,
            format!(
                "atop -r {}: an interval or count is not part of reading a log",
                parsed.operands.join(" ")
            ),
        );
    }
    let labels = parsed
        .values("P")
        .any(|p| p.split(',').any(|l| matches!(l, "PRG" | "ALL")));
    if parsed.has("c") || labels {
        super::cmdlines::raise(ctx, &mut j, "atop -c/-P PRG (the logged command lines)");
    }
    j
}

/// The verdict for the programs of this file, `None` for any other.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "lshw" => lshw(ctx, args),
        "inxi" => inxi(ctx, args),
        "nfsstat" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(NFSSTAT),
                Operands::None("is not an operand it takes"),
                "shows NFS statistics",
            )
            .0
        }
        "pmap" => {
            let (mut j, parsed) = judged(
                ctx,
                name,
                args,
                &Spec::gnu(PMAP),
                Operands::Inert,
                "shows process mappings",
            );
            if !parsed.operands.is_empty() {
                super::cmdlines::raise(ctx, &mut j, "pmap (its header)");
            }
            j
        }
        "smem" => smem(ctx, args),
        "gpustat" => gpustat(ctx, args),
        "rocminfo" => {
            judged(
                ctx,
                name,
                args,
                &Spec::gnu(&[]),
                Operands::None("is not an operand it takes"),
                "shows HSA agents",
            )
            .0
        }
        "atop" => atop(ctx, args),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atop_days_are_its_own_names() {
        for day in ["y", "yyy", "20240101"] {
            assert!(atop_day(day), "{day}");
        }
        for word in ["", "x", "/etc/shadow", "2024010", "y/../../etc"] {
            assert!(!atop_day(word), "{word}");
        }
    }
}
