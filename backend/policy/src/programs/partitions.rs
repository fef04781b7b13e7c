//! Partition table tools: low only in a listing form proven to change nothing and to ask
//! nothing. Each is a positive model of its own options and words, since each writes the table
//! in forms close to its listing: sfdisk's last action option wins (`sfdisk -l --delete DEV 1`
//! deletes), parted runs every command word after `print` (`disk_set`, `type`, `resize`), and
//! parted outside script mode asks `Fix/Ignore?` about a damaged table and reads the answer
//! from its input, where `yes Fix | parted -l` writes the table.

use super::Judgement;
use crate::level::RiskLevel;

const CHANGES: &str = "formats or repartitions disks";

/// fdisk's options that only shape a listing (`-l`, `-x`), with whether they take a value.
const FDISK: &[(&str, bool)] = &[
    ("-l", false),
    ("--list", false),
    ("-x", false),
    ("--list-details", false),
    ("-b", true),
    ("--sector-size", true),
    ("-o", true),
    ("--output", true),
    ("-u", false),
    ("--units", false),
    ("-L", false),
    ("--color", false),
];

/// sfdisk's actions that only read, and the options that only shape their output.
const SFDISK_READS: &[&str] = &[
    "-l",
    "--list",
    "-F",
    "--list-free",
    "-s",
    "--show-size",
    "-d",
    "--dump",
    "-J",
    "--json",
    "-g",
    "--show-geometry",
    "-V",
    "--verify",
];
const SFDISK: &[(&str, bool)] = &[
    ("-o", true),
    ("--output", true),
    ("-q", false),
    ("--quiet", false),
    ("--color", false),
];

/// sgdisk's options that only print or check (`-p`, `-i N`, `-v`, `-O`), with whether they
/// take a value: every other option writes the table when sgdisk ends.
const SGDISK: &[(&str, bool)] = &[
    ("-p", false),
    ("--print", false),
    ("-i", true),
    ("--info", true),
    ("-v", false),
    ("--verify", false),
    ("-O", false),
    ("--print-mbr", false),
    ("-L", false),
    ("--list-types", false),
    ("-V", false),
    ("--version", false),
];

/// parted's options: `-s` (script mode, which never asks), `-l`, `-m`, `-j`.
const PARTED: &[&str] = &[
    "-s",
    "--script",
    "-l",
    "--list",
    "-m",
    "--machine",
    "-j",
    "--json",
];

/// parted's command words that only print, with how many words each takes.
fn parted_reading(word: &str) -> Option<usize> {
    match word {
        "print" | "p" | "help" | "version" => Some(0),
        "unit" => Some(1),
        "align-check" => Some(2),
        _ => None,
    }
}

/// The options of `args` (with `=VALUE` cut) and the operands, by a table of known options;
/// None when an option is unknown.
fn split<'a>(
    args: &'a [String],
    known: &[(&'static str, bool)],
    extra: &[&'static str],
) -> Option<(Vec<&'static str>, Vec<&'a str>)> {
    let (mut options, mut operands) = (Vec::new(), Vec::new());
    let mut iter = args.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        if !word.starts_with('-') || word == "-" {
            operands.push(word);
            continue;
        }
        let name = word.split_once('=').map_or(word, |(name, _)| name);
        if let Some(known_name) = extra.iter().find(|n| **n == name) {
            options.push(*known_name);
            continue;
        }
        // Clusters of flags (`-lu`) are read letter by letter.
        if !name.starts_with("--") && name.len() > 2 {
            let letters: Vec<String> = name[1..].chars().map(|c| format!("-{c}")).collect();
            if letters.iter().all(|l| {
                extra.contains(&l.as_str()) || known.iter().any(|(n, takes)| n == l && !takes)
            }) {
                options.extend(letters.iter().filter_map(|l| {
                    extra
                        .iter()
                        .chain(known.iter().map(|(n, _)| n))
                        .find(|n| **n == l.as_str())
                        .copied()
                }));
                continue;
            }
            // `-b512`: a value attached to its option.
            let short = &name[..2];
            match known.iter().find(|(n, _)| *n == short) {
                Some((n, true)) => {
                    options.push(n);
                    continue;
                }
                _ => return None,
            }
        }
        match known.iter().find(|(n, _)| *n == name) {
            Some((n, takes)) => {
                options.push(n);
                if *takes && !word.contains('=') {
                    iter.next();
                }
            }
            None => return None,
        }
    }
    Some((options, operands))
}

pub fn judge(name: &str, args: &[String]) -> Option<Judgement> {
    let changes = || Judgement::new(RiskLevel::Forbidden, CHANGES);
    Some(match name {
        "fdisk" => match split(args, FDISK, &[]) {
            Some((options, _))
                if options
                    .iter()
                    .any(|o| matches!(*o, "-l" | "--list" | "-x" | "--list-details")) =>
            {
                Judgement::low("lists partitions")
            }
            _ => changes(),
        },
        "sfdisk" => match split(args, SFDISK, SFDISK_READS) {
            // The last action wins, and every action but these writes: all of them must read.
            Some((options, _)) if options.iter().any(|o| SFDISK_READS.contains(o)) => {
                Judgement::low("lists partitions")
            }
            _ => changes(),
        },
        "sgdisk" => match split(args, SGDISK, &[]) {
            Some((options, operands)) if !options.is_empty() && operands.len() <= 1 => {
                Judgement::low("lists partitions")
            }
            _ => changes(),
        },
        "parted" => parted(args),
        _ => return None,
    })
}

fn parted(args: &[String]) -> Judgement {
    let known: Vec<(&'static str, bool)> = PARTED.iter().map(|o| (*o, false)).collect();
    let Some((options, operands)) = split(args, &known, &[]) else {
        return Judgement::new(RiskLevel::Forbidden, CHANGES);
    };
    let listing = options.iter().any(|o| matches!(*o, "-l" | "--list"));
    let mut words = operands.iter();
    // The device, then its commands (none with `-l`, which lists every device).
    if !listing && words.next().is_none() {
        return Judgement::new(RiskLevel::Forbidden, CHANGES);
    }
    let mut prints = listing;
    while let Some(word) = words.next() {
        match parted_reading(word) {
            Some(takes) => {
                prints |= matches!(*word, "print" | "p");
                for _ in 0..takes {
                    words.next();
                }
            }
            None if *word == "free" || *word == "devices" || *word == "all" || *word == "list" => {}
            None => {
                return Judgement::new(RiskLevel::Forbidden, format!("parted {word} {CHANGES}"));
            }
        }
    }
    if !prints {
        // Without commands parted is a shell on its input.
        return Judgement::new(RiskLevel::Forbidden, CHANGES);
    }
    if !options.iter().any(|o| matches!(*o, "-s" | "--script")) {
        return Judgement::new(
            RiskLevel::Medium,
            "parted outside script mode (-s) asks Fix/Ignore about a damaged table and reads the answer from its input; Fix writes the table",
        );
    }
    Judgement::low("lists partitions")
}

#[cfg(test)]
mod tests {
    use super::judge;
    use crate::level::RiskLevel;

    fn level(line: &str) -> RiskLevel {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        judge(&words[0], &words[1..]).map_or(RiskLevel::Medium, |j| j.level)
    }

    #[test]
    fn only_listings_that_change_and_ask_nothing_are_low() {
        for low in [
            "fdisk -l",
            "fdisk -l /dev/sda",
            "fdisk -lu /dev/sda",
            "fdisk -x /dev/sda",
            "fdisk -l -b 512 /dev/sda",
            "fdisk -l -o Device,Start,End /dev/sda",
            "sfdisk -l /dev/sda",
            "sfdisk -d /dev/sda",
            "sfdisk --json /dev/sda",
            "sfdisk -s /dev/sda",
            "sfdisk -F /dev/sda",
            "parted -s -l",
            "parted -sl",
            "parted -lms",
            "parted -s /dev/sda print",
            "parted -m -s /dev/sda unit s print",
            "parted -s /dev/sda print free",
        ] {
            assert_eq!(level(low), RiskLevel::Low, "{low}");
        }
        for (line, least) in [
            ("parted -l", RiskLevel::Medium),
            ("parted /dev/sda print", RiskLevel::Medium),
            (
                "parted -s /dev/sda print disk_set pmbr_boot on",
                RiskLevel::Forbidden,
            ),
            ("parted -s /dev/sda print type 1 0x83", RiskLevel::Forbidden),
            ("parted /dev/sda print resize 1 0 100", RiskLevel::Forbidden),
            ("parted -s -f -l", RiskLevel::Forbidden),
            ("parted --fix -l", RiskLevel::Forbidden),
            ("parted /dev/sda", RiskLevel::Forbidden),
            ("parted -s /dev/sda mklabel gpt", RiskLevel::Forbidden),
            ("sfdisk -l --delete /dev/sda 1", RiskLevel::Forbidden),
            (
                "sfdisk --list --part-type /dev/sda 1 83",
                RiskLevel::Forbidden,
            ),
            ("sfdisk -l -N 1 /dev/sda", RiskLevel::Forbidden),
            ("sfdisk -l --move-data /dev/sda", RiskLevel::Forbidden),
            ("sfdisk -l -O /tmp/x /dev/sda", RiskLevel::Forbidden),
            ("sfdisk /dev/sda", RiskLevel::Forbidden),
            ("fdisk -l --wipe always /dev/sda", RiskLevel::Forbidden),
            ("fdisk /dev/sda", RiskLevel::Forbidden),
        ] {
            assert!(level(line) >= least, "{line}");
        }
    }
}
