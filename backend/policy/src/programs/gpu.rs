//! nvidia-smi reads its options as whole words (`-pm 1`, `--query-gpu=...`), not with getopt.
//! Queries and the monitoring subcommands are low with the options listed here; `-f`/`--filename`
//! writes a file; every other option (persistence mode, power limits, clocks, ECC, compute mode,
//! MIG, resets...) changes the GPU and is high.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Options without a value, by subcommand (`""`: nvidia-smi itself).
fn flag(sub: &str, word: &str) -> bool {
    match sub {
        "" => matches!(
            word,
            "-L" | "--list-gpus"
                | "-q"
                | "--query"
                | "-x"
                | "--xml-format"
                | "--json"
                | "-h"
                | "--help"
                | "--version"
                | "-B"
                | "--list-excluded-gpus"
                | "-u"
                | "--unit"
        ),
        "topo" => matches!(word, "-m" | "--matrix" | "-mp" | "--matrix_pci" | "-h"),
        "nvlink" => matches!(
            word,
            "-s" | "--status" | "-c" | "--capabilities" | "-e" | "--errorcounters" | "-h"
        ),
        "mig" => matches!(word, "-lgi" | "-lgip" | "-lci" | "-lcip" | "-h"),
        "vgpu" => matches!(
            word,
            "-q" | "--query" | "-s" | "--supported" | "-c" | "--creatable" | "-h"
        ),
        "dmon" | "pmon" => word == "-h",
        _ => false,
    }
}

/// Options with a value, by subcommand.
fn valued(sub: &str, word: &str) -> bool {
    match sub {
        "" => matches!(
            word,
            "-i" | "--id"
                | "-d"
                | "--display"
                | "-l"
                | "--loop"
                | "-lms"
                | "--loop-ms"
                | "--format"
                | "--query-gpu"
                | "--query-supported-clocks"
                | "--query-compute-apps"
                | "--query-accounted-apps"
                | "--query-retired-pages"
                | "--query-remapped-rows"
        ),
        "topo" => matches!(
            word,
            "-i" | "--id" | "-p2p" | "-c" | "--cpu" | "-n" | "--nearest_cpu"
        ),
        "nvlink" => matches!(word, "-i" | "--id" | "-l" | "--link" | "-p" | "--pcibusid"),
        "mig" => matches!(word, "-i" | "--id" | "-gi" | "-ci"),
        "vgpu" => matches!(word, "-i" | "--id"),
        "dmon" | "pmon" => matches!(
            word,
            "-i" | "--id"
                | "-d"
                | "--delay"
                | "-c"
                | "--count"
                | "-s"
                | "--select"
                | "-o"
                | "--options"
                | "--format"
        ),
        _ => false,
    }
}

/// The sections of `nvidia-smi -q -d` that hold no serial number (the full report's header,
/// which `-d` leaves out, holds the board's and the unit's).
const SECTIONS_WITHOUT_SERIALS: &[&str] = &[
    "MEMORY",
    "UTILIZATION",
    "ECC",
    "TEMPERATURE",
    "POWER",
    "CLOCK",
    "COMPUTE",
    "PIDS",
    "PERFORMANCE",
    "SUPPORTED_CLOCKS",
    "PAGE_RETIREMENT",
    "ACCOUNTING",
    "ENCODER_STATS",
    "SUPPORTED_GPU_TARGET_TEMP",
    "VOLTAGE",
    "FBC_STATS",
    "ROW_REMAPPER",
    "RESET_STATUS",
];

/// Whether nvidia-smi (no subcommand) prints a board's or a unit's serial number: the full
/// report (`-q` without `-d`, or with a section not known to leave them out; `-q -u`, the
/// units' report), or a `--query-*` field list naming one (`serial`, `gpu_serial`).
fn prints_serial_numbers(args: &[String]) -> bool {
    let mut query = false;
    let mut sections: Vec<String> = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let (name, attached) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (word.as_str(), None),
        };
        let mut value = || attached.clone().or_else(|| words.next().cloned());
        match name {
            "-q" | "--query" => query = true,
            "-u" | "--unit" => return true,
            "-d" | "--display" => sections.extend(
                value()
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().to_ascii_uppercase()),
            ),
            _ if name.starts_with("--query-")
                && value().is_some_and(|fields| fields.to_ascii_lowercase().contains("serial")) =>
            {
                return true;
            }
            _ => {}
        }
    }
    query
        && (sections.is_empty()
            || sections
                .iter()
                .any(|s| !SECTIONS_WITHOUT_SERIALS.contains(&s.as_str())))
}

pub fn judge(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    let mut j = Judgement::low("reads GPU state");
    let mut sub = "";
    let mut i = 0;
    if let Some(first) = args.first()
        && !first.starts_with('-')
    {
        sub = match first.as_str() {
            "topo" | "nvlink" | "mig" | "vgpu" | "dmon" | "pmon" => first.as_str(),
            other => {
                j.raise(
                    RiskLevel::High,
                    format!("nvidia-smi {other} is not a query known to be read-only"),
                );
                return Some(j);
            }
        };
        i = 1;
    }
    // `-l`/`-lms` loop until stopped; `dmon`/`pmon` do unless `-c COUNT` ends them.
    let mut loops = false;
    let mut delay_s: f64 = 1.0;
    let mut rounds = None;
    while let Some(word) = args.get(i) {
        i += 1;
        let (name, attached) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (word.as_str(), None),
        };
        if matches!(name, "-f" | "--filename") {
            let target = attached
                .or(args.get(i).map(String::as_str))
                .unwrap_or_default();
            let (level, reason) = ctx.paths.write(target);
            j.raise(
                level,
                format!("nvidia-smi {name} writes its output to a file: {reason}"),
            );
            i += usize::from(attached.is_none());
            continue;
        }
        if attached.is_none() && flag(sub, name) {
            continue;
        }
        if valued(sub, name) {
            let value = attached.or(args.get(i).map(String::as_str));
            i += usize::from(attached.is_none());
            // Loop intervals: `-l SEC`, `-lms MS`, `dmon`/`pmon -d SEC`.
            let unit_s = match (sub, name) {
                ("", "-l" | "--loop") | ("dmon" | "pmon", "-d" | "--delay") => Some(1.0),
                ("", "-lms" | "--loop-ms") => Some(0.001),
                _ => None,
            };
            match (sub, name) {
                ("", _) if unit_s.is_some() => loops = true,
                ("dmon" | "pmon", "-d" | "--delay") => {
                    delay_s = value
                        .and_then(super::ending::seconds)
                        .unwrap_or(f64::INFINITY);
                }
                ("dmon" | "pmon", "-c" | "--count") => {
                    rounds = value.and_then(super::ending::count);
                }
                _ => {}
            }
            if let Some(unit_s) = unit_s {
                super::intervals::raise(
                    &mut j,
                    &format!("nvidia-smi {name}"),
                    value.unwrap_or_default(),
                    unit_s,
                );
            }
            continue;
        }
        j.raise(
            RiskLevel::High,
            format!(
                "nvidia-smi {word} is not a query known to be read-only (it may change the GPU)"
            ),
        );
    }
    if sub.is_empty() && prints_serial_numbers(args) {
        super::serials::raise(ctx, &mut j, "nvidia-smi's serial-number fields");
    }
    let monitors = matches!(sub, "dmon" | "pmon");
    let ends = !loops && (!monitors || super::ending::runs_within(Some(delay_s), rounds));
    super::ending::require(ctx, &mut j, ends, || {
        "nvidia-smi -l, dmon or pmon without -c COUNT repeats until it is stopped".to_owned()
    });
    Some(j)
}
