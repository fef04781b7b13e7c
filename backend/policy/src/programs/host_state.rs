//! What the administration tools of a storage or network host do besides reading, by each
//! tool's own commands: the verbs that erase a disk are forbidden, as `mkfs` and `wipefs` are,
//! and every verb outside a tool's table of readings changes the host (high). These verdicts
//! only raise: a tool's reading forms keep whatever its family judged (most of these tools are
//! in no table, so medium: they run in the sandbox, where they reach no device).
//!
//! - Erasing, whatever the tool: `nvme format|sanitize|write|write-zeroes|write-uncor|delete-ns`,
//!   `nvme dsm` deallocating, `nvme zns reset-zone`, `nvme sed revert` and a vendor plugin's
//!   format, sanitize or erase command; `hdparm`'s security erase, sanitize, sector writes,
//!   trims and bad-sector marks; `sg_format --format`, `sg_sanitize`, `sg_write_same`,
//!   `sg_unmap`; `cryptsetup luksFormat|erase|luksErase`; `mdadm --create|--zero-superblock`;
//!   `badblocks -w`; `blkzone reset`; `wipe`/`scrub`/`fallocate`/`flash_erase`/`nandwrite` of
//!   a device; `pvcreate`/`pvremove` of a device; `ddrescue`'s output, `dcfldd`/`dc3dd`'s
//!   `of=`/`wipe=` on a device; `mtd_debug erase|write`; `mmc erase|sanitize`; `ceph-volume lvm
//!   zap`.
//! - Changing, outside each tool's readings: LVM's commands (`lvm CMD` is judged as `CMD`),
//!   `dmsetup` (and `table --showkeys`, which prints dm-crypt keys), `udevadm`, `ipset` (and
//!   `-f FILE`, which writes its listing there), the firewall's restore and persistence tools,
//!   `wpa_cli`, `faillock --reset`, `atrm`, `anacron`, `run-parts`, `xfs_freeze`, `xfs_growfs`,
//!   `xfs_fsr`, `partprobe`, `systemd-tmpfiles`, `systemd-sysusers`, `debconf-set-selections`,
//!   `dpkg-divert`, `bootctl`, `machinectl`, `systemd-creds`, `coredumpctl`, `flashrom` (`-w`,
//!   `-E`, `-r FILE`), `fwupdmgr`/`fwupdtool` (but their `get-*` listings).

use super::Judgement;
use crate::level::RiskLevel;
use crate::paths::{is_device, system_path};

/// Raises `j` for what `name` with `args` erases (forbidden) or changes (high).
pub fn raise(name: &str, args: &[String], j: &mut Judgement) {
    if let Some(why) = erases(name, args) {
        j.raise(RiskLevel::Forbidden, format!("{name} {why}"));
    } else if let Some(why) = changes(name, args) {
        j.raise(RiskLevel::High, format!("{name} {why}"));
    }
}

/// The words of `args` that are not options, skipping the values of `valued` options (given
/// in the next word; `--opt=value` and `-oVALUE` carry their own).
fn words<'a>(args: &'a [String], valued: &[&str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut iter = args.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        if word == "--" {
            found.extend(iter.by_ref());
            break;
        }
        if word.starts_with('-') && word != "-" {
            if valued.contains(&word) {
                iter.next();
            }
            continue;
        }
        found.push(word);
    }
    found
}

/// Whether `args` holds the option `long`, or an abbreviation of it as getopt_long takes one
/// (`--zero` for `--zero-superblock`), or, in a cluster of short flags, `short` (`valued`
/// letters take the rest of their word, so a letter after one is its value).
fn has_option(args: &[String], long: &[&str], short: Option<char>, valued: &str) -> bool {
    args.iter().take_while(|a| *a != "--").any(|a| {
        if a.starts_with("--") {
            let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
            return long
                .iter()
                .any(|option| name.len() > 3 && option.starts_with(name));
        }
        let Some(cluster) = a.strip_prefix('-') else {
            return false;
        };
        for letter in cluster.chars() {
            if Some(letter) == short {
                return true;
            }
            if valued.contains(letter) {
                return false;
            }
        }
        false
    })
}

fn names_device(args: &[String]) -> bool {
    args.iter()
        .filter(|a| !a.starts_with('-'))
        .any(|a| is_device(&system_path(a)))
}

/// Only asks for help or a version: every word is one of these.
fn informs(args: &[String]) -> bool {
    !args.is_empty()
        && args
            .iter()
            .all(|a| matches!(a.as_str(), "-h" | "--help" | "-V" | "--version" | "help"))
}

/// Why `name` with `args` erases a disk, if it does.
fn erases(name: &str, args: &[String]) -> Option<&'static str> {
    match name {
        "nvme" => {
            let words = words(args, &[]);
            let erasing = match words.as_slice() {
                [
                    "format" | "sanitize" | "write" | "write-zeroes" | "write-uncor" | "delete-ns",
                    ..,
                ] => true,
                ["dsm", ..] => args
                    .iter()
                    .any(|a| matches!(a.as_str(), "-d" | "--ad" | "--deallocate")),
                ["zns", "reset-zone", ..] | ["sed", "revert" | "revertlsp", ..] => true,
                // A vendor plugin's command (`nvme wdc vs-format`, `nvme solidigm ...`).
                [plugin, command, ..] if !NVME_CORE.contains(plugin) => {
                    (command.contains("format")
                        || command.contains("sanitize")
                        || command.contains("erase"))
                        && !command.ends_with("-log")
                }
                _ => false,
            };
            erasing.then_some("erases or overwrites a disk")
        }
        "hdparm" => args
            .iter()
            .any(|a| {
                matches!(
                    a.as_str(),
                    "--security-erase"
                        | "--security-erase-enhanced"
                        | "--sanitize-block-erase"
                        | "--sanitize-crypto-scramble"
                        | "--sanitize-overwrite"
                        | "--sanitize-overwrite-passes"
                        | "--write-sector"
                        | "--repair-sector"
                        | "--trim-sector-ranges"
                        | "--trim-sector-ranges-stdin"
                        | "--make-bad-sector"
                )
            })
            .then_some("erases or overwrites a disk"),
        "sg_format" => has_option(args, &["--format"], Some('F'), "").then_some("formats a disk"),
        "sg_sanitize" | "sg_write_same" | "sg_unmap" | "sg_write_x" | "sg_write_verify" => {
            (!informs(args)).then_some("erases or overwrites a disk")
        }
        "cryptsetup" => words(args, &[])
            .iter()
            .any(|w| {
                ["luksFormat", "erase", "luksErase"]
                    .iter()
                    .any(|action| w.eq_ignore_ascii_case(action))
            })
            .then_some("destroys an encrypted volume's header, and with it every byte it holds"),
        "mdadm" => has_option(
            args,
            &["--create", "--zero-superblock"],
            Some('C'),
            "abceklnNpuUxz",
        )
        .then_some("writes RAID metadata over its members"),
        "badblocks" => has_option(args, &[], Some('w'), "bcdeiopt")
            .then_some("-w writes test patterns over the whole disk"),
        "blkzone" => (words(args, &["-o", "--offset", "-l", "--length", "-c", "--count"])
            .first()
            .is_some_and(|w| *w == "reset"))
        .then_some("reset erases zones of a disk"),
        "wipe" | "scrub" | "pvcreate" | "pvremove" | "fallocate" | "flash_erase"
        | "flash_eraseall" | "flashcp" | "nandwrite" => {
            names_device(args).then_some("overwrites a disk")
        }
        // `ddrescue INFILE OUTFILE [MAPFILE]` writes its second operand.
        "ddrescue" => words(
            args,
            &[
                "-b",
                "--sector-size",
                "-c",
                "--cluster-size",
                "-i",
                "--input-position",
                "-o",
                "--output-position",
                "-s",
                "--size",
                "-m",
                "--domain-mapfile",
                "-K",
                "--skip-size",
                "-x",
                "--extend-outfile",
            ],
        )
        .get(1)
        .is_some_and(|out| is_device(&system_path(out)))
        .then_some("writes its output over a disk"),
        // dd's descendants: `of=`, `hof=`, `ofs=`, `wipe=`, `hwipe=` name what they write.
        "dcfldd" | "dc3dd" => args
            .iter()
            .filter_map(|a| a.split_once('='))
            .any(|(key, value)| {
                matches!(key, "of" | "hof" | "ofs" | "wipe" | "hwipe" | "split")
                    && is_device(&system_path(value))
            })
            .then_some("writes over a disk"),
        "mtd_debug" => (matches!(words(args, &[]).first(), Some(&"erase" | &"write"))
            && names_device(args))
        .then_some("erases or writes a flash device"),
        "mmc" => (matches!(
            words(args, &[]).first(),
            Some(&"erase" | &"sanitize" | &"write_reliability")
        ) && names_device(args))
        .then_some("erases a card"),
        // Ceph's `lvm zap DEVICE` wipes the device's labels and, with --destroy, its volumes.
        "ceph-volume" => matches!(words(args, &[]).as_slice(), ["lvm" | "raw", "zap", ..])
            .then_some("zaps a disk"),
        _ => None,
    }
}

/// nvme-cli's own commands: a first word outside them is a vendor plugin.
const NVME_CORE: &[&str] = &[
    "list",
    "list-subsys",
    "id-ctrl",
    "id-ns",
    "smart-log",
    "error-log",
    "fw-log",
    "get-log",
    "get-feature",
    "version",
    "help",
    "zns",
    "sed",
    "fabrics",
];

/// LVM's commands that only read (standalone or after `lvm`), with the options that make a
/// reading change something checked apart.
const LVM_READS: &[&str] = &[
    "lvs",
    "pvs",
    "vgs",
    "lvdisplay",
    "pvdisplay",
    "vgdisplay",
    "lvscan",
    "pvscan",
    "vgscan",
    "lvmdiskscan",
    "lvmconfig",
    "config",
    "dumpconfig",
    "lvmdevices",
    "vgck",
    "pvck",
    "fullreport",
    "version",
    "help",
    "segtypes",
    "formats",
    "tags",
    "systemid",
    "devtypes",
    "lastlog",
];

/// Every command LVM has that is not in [`LVM_READS`].
const LVM_CHANGES: &[&str] = &[
    "lvchange",
    "lvconvert",
    "lvcreate",
    "lvextend",
    "lvreduce",
    "lvremove",
    "lvrename",
    "lvresize",
    "lvpoll",
    "pvchange",
    "pvcreate",
    "pvmove",
    "pvremove",
    "pvresize",
    "vgcfgbackup",
    "vgcfgrestore",
    "vgchange",
    "vgconvert",
    "vgcreate",
    "vgexport",
    "vgextend",
    "vgimport",
    "vgimportclone",
    "vgimportdevices",
    "vgmerge",
    "vgmknodes",
    "vgreduce",
    "vgremove",
    "vgrename",
    "vgsplit",
    "lvmsadc",
    "lvmsar",
];

/// `lvm CMD ARGS` runs LVM's command CMD as its standalone program does: that program and
/// its arguments, where CMD is one.
pub fn lvm_command(args: &[String]) -> Option<(&str, &[String])> {
    let (command, rest) = args.split_first()?;
    let standalone = LVM_CHANGES.contains(&command.as_str())
        || (LVM_READS.contains(&command.as_str())
            && (command.starts_with("lv")
                || command.starts_with("pv")
                || command.starts_with("vg")));
    standalone.then_some((command.as_str(), rest))
}

/// Why an LVM reading command with `args` changes something, if it does.
fn lvm_reading_changes(command: &str, args: &[String]) -> Option<&'static str> {
    let has = |names: &[&str]| {
        args.iter().any(|a| {
            let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
            names.contains(&name)
        })
    };
    match command {
        "pvscan" if has(&["--cache", "-a", "--activate", "-aay", "-ay"]) => {
            Some("--cache/--activate updates LVM's device cache and activates volumes")
        }
        "vgscan" if has(&["--mknodes", "--notifydbus"]) => Some("--mknodes creates device nodes"),
        "vgck" if has(&["--updatemetadata"]) => Some("--updatemetadata rewrites the metadata"),
        "pvck" if has(&["--repair", "--repairtype", "-f", "--file"]) => {
            Some("--repair writes the metadata")
        }
        "lvmdevices"
            if !args.iter().all(|a| {
                matches!(
                    a.as_str(),
                    "--check" | "-v" | "--verbose" | "-q" | "--quiet" | "-h" | "--help"
                )
            }) =>
        {
            Some("changes the devices file")
        }
        _ => None,
    }
}

/// Why `name` with `args` changes the host, if a verb or option outside its readings says so.
fn changes(name: &str, args: &[String]) -> Option<&'static str> {
    match name {
        "lvm" => {
            let command = words(args, &[]).first().copied()?;
            if LVM_READS.contains(&command) {
                let rest = &args[args.iter().position(|a| a == command).map_or(0, |i| i + 1)..];
                lvm_reading_changes(command, rest)
            } else {
                Some("runs an LVM command that changes volumes")
            }
        }
        n if LVM_CHANGES.contains(&n) => Some("changes volumes"),
        n if LVM_READS.contains(&n) => lvm_reading_changes(n, args),
        "dmsetup" => {
            if args.iter().any(|a| a == "--showkeys") {
                return Some("--showkeys prints the keys of encrypted volumes");
            }
            let verb = words(args, DMSETUP_VALUED).first().copied();
            match verb {
                None
                | Some(
                    "ls" | "info" | "status" | "table" | "deps" | "version" | "targets" | "help"
                    | "splitname" | "udevflags" | "measure",
                ) => None,
                Some(_) => Some("changes device-mapper devices"),
            }
        }
        "udevadm" => {
            let verb = words(args, &[]).first().copied();
            let cleans = args
                .iter()
                .any(|a| matches!(a.as_str(), "-c" | "--cleanup-db"));
            match verb {
                Some("info") if cleans => Some("info --cleanup-db deletes udev's database"),
                None
                | Some(
                    "info" | "monitor" | "verify" | "cat" | "wait" | "settle" | "version" | "help",
                ) => None,
                Some(_) => Some("triggers, controls or tests devices (rules run their programs)"),
            }
        }
        "ipset" => {
            if args
                .iter()
                .any(|a| matches!(a.as_str(), "-f" | "-file" | "--file"))
            {
                return Some("-file writes its listing to a file, or restores sets from one");
            }
            let verb = words(args, &["-o", "-output"]).first().copied();
            let reading_verb = matches!(
                verb,
                None | Some("list" | "save" | "test" | "version" | "help")
            );
            // Its commands may also be spelled as options (`-L`, `-F`, `-X`).
            let reading_options = args.iter().filter(|a| a.starts_with('-')).all(|a| {
                matches!(
                    a.as_str(),
                    "-L" | "-S"
                        | "-T"
                        | "-V"
                        | "-v"
                        | "-h"
                        | "-H"
                        | "-o"
                        | "-output"
                        | "-n"
                        | "-name"
                        | "-t"
                        | "-terse"
                        | "-s"
                        | "-sorted"
                        | "-r"
                        | "-resolve"
                        | "-q"
                        | "-quiet"
                        | "-!"
                        | "-exist"
                        | "--"
                        | "-"
                )
            });
            (!(reading_verb && reading_options)).then_some("changes the firewall's sets")
        }
        "iptables-restore"
        | "ip6tables-restore"
        | "iptables-legacy-restore"
        | "ip6tables-legacy-restore"
        | "iptables-nft-restore"
        | "ip6tables-nft-restore"
        | "ebtables-restore"
        | "ebtables-legacy-restore"
        | "ebtables-nft-restore"
        | "arptables-restore"
        | "arptables-legacy-restore"
        | "arptables-nft-restore" => {
            let tests = has_option(args, &["--test"], Some('t'), "MTWw");
            (!tests && !informs(args)).then_some("replaces the firewall's rules")
        }
        "iptables-apply" | "ip6tables-apply" | "netfilter-persistent" | "ipset-persistent" => {
            (!informs(args)).then_some("applies, saves or flushes the firewall's rules")
        }
        "wpa_cli" => {
            if args
                .iter()
                .any(|a| matches!(a.as_str(), "-a" | "-B" | "-P") || a.starts_with("-a"))
            {
                return Some(
                    "-a runs an action program; -B and -P run it as a daemon writing a file",
                );
            }
            match words(args, &["-i", "-p", "-g", "-G", "-s"])
                .first()
                .copied()
            {
                None
                | Some(
                    "status" | "ping" | "mib" | "list_networks" | "scan_results" | "bss"
                    | "signal_poll" | "pktcnt_poll" | "interface" | "help" | "license"
                    | "get_capability" | "driver_flags",
                ) if words(args, &["-i", "-p", "-g", "-G", "-s"]).len() <= 2 => None,
                _ => Some("changes the Wi-Fi connection or its configuration"),
            }
        }
        "faillock" => has_option(args, &["--reset"], None, "")
            .then_some("--reset clears the record of failed logins"),
        "atrm" => (!informs(args)).then_some("removes scheduled jobs"),
        "anacron" => (!args
            .iter()
            .any(|a| matches!(a.as_str(), "-T" | "-V" | "-h")))
        .then_some("runs the scheduled jobs now, or marks them run"),
        "run-parts" => (!args.iter().any(|a| {
            matches!(
                a.as_str(),
                "--test" | "--list" | "-h" | "--help" | "-V" | "--version"
            )
        }))
        .then_some("runs every program in the directory"),
        "xfs_freeze" => (!informs(args))
            .then_some("freezes or thaws a file system (a frozen / hangs every write)"),
        "xfs_growfs" => (!has_option(args, &[], Some('n'), "DLmRt") && !informs(args))
            .then_some("grows a file system"),
        "xfs_fsr" => (!informs(args)).then_some("rewrites files to defragment them"),
        "partprobe" => (!has_option(args, &["--dry-run"], Some('d'), "") && !informs(args))
            .then_some("has the kernel reread partition tables"),
        "systemd-tmpfiles" | "systemd-sysusers" => (!args.iter().any(|a| {
            matches!(
                a.as_str(),
                "--cat-config" | "--tldr" | "--dry-run" | "-h" | "--help" | "--version"
            )
        }))
        .then_some("creates, removes or changes files and accounts"),
        "debconf-set-selections" => (!has_option(args, &["--checkonly"], Some('c'), "")
            && !informs(args))
        .then_some("changes packages' configuration answers"),
        "dpkg-divert" => (!args.iter().any(|a| {
            matches!(
                a.as_str(),
                "--list" | "--listpackage" | "--truename" | "--help" | "-?" | "--version"
            )
        }))
        .then_some("diverts or restores packages' files"),
        "bootctl" => match words(
            args,
            &[
                "--esp-path",
                "--boot-path",
                "--root",
                "--image",
                "--make-entry-directory",
                "--entry-token",
                "--install-source",
                "--random-seed",
                "--efi-boot-option-description",
            ],
        )
        .as_slice()
        {
            [] | ["status" | "list" | "is-installed" | "help"] | ["reboot-to-firmware"] => None,
            _ => Some("installs, removes or changes boot loaders and boot entries"),
        },
        "machinectl" => match words(
            args,
            &[
                "-M",
                "--machine",
                "-H",
                "--host",
                "-p",
                "--property",
                "-o",
                "--output",
                "-n",
                "--lines",
                "-s",
                "--signal",
                "--kill-whom",
                "-E",
                "--setenv",
                "--uid",
                "--max-addresses",
                "--format",
                "--verify",
            ],
        )
        .first()
        .copied()
        {
            None
            | Some(
                "list" | "status" | "show" | "list-images" | "image-status" | "show-image"
                | "list-transfers" | "help",
            ) => None,
            Some(_) => Some("starts, stops, enters or copies into machines and images"),
        },
        "systemd-creds" => match words(args, &[]).first().copied() {
            None | Some("list" | "has-tpm2" | "help") => None,
            Some(_) => Some("decrypts, prints or writes credentials"),
        },
        "flashrom" => has_option(
            args,
            &[
                "--write",
                "--erase",
                "--read",
                "--wp-enable",
                "--wp-disable",
                "--wp-range",
                "--wp-region",
            ],
            Some('w'),
            "cpflilor",
        )
        .then_some("writes or erases the firmware chip (or writes its image to a file)")
        .or_else(|| {
            has_option(args, &[], Some('E'), "cpflilor").then_some("erases the firmware chip")
        })
        .or_else(|| {
            has_option(args, &[], Some('r'), "cpflilo")
                .then_some("writes the firmware's image to a file")
        }),
        "fwupdmgr" | "fwupdtool" => match words(args, &[]).first().copied() {
            None
            | Some(
                "get-devices"
                | "get-history"
                | "get-topology"
                | "get-remotes"
                | "get-plugins"
                | "get-approved-firmware"
                | "get-blocked-firmware"
                | "security"
                | "help"
                | "get-bios-setting"
                | "get-report-metadata"
                | "get-details",
            ) => None,
            Some(_) => Some("updates, installs or changes firmware, or its settings"),
        },
        "coredumpctl" => {
            let output = args.iter().any(|a| {
                matches!(
                    a.as_str(),
                    "-o" | "-A" | "--debugger" | "--debugger-arguments"
                ) || a.starts_with("--output")
                    || a.starts_with("--debugger")
            });
            match words(
                args,
                &[
                    "-o",
                    "--output",
                    "-A",
                    "--debugger-arguments",
                    "--debugger",
                    "-F",
                    "--field",
                    "-S",
                    "--since",
                    "-U",
                    "--until",
                    "-n",
                    "-D",
                    "--directory",
                    "--file",
                    "--root",
                    "--image",
                ],
            )
            .first()
            .copied()
            {
                _ if output => Some("writes a core dump to a file or runs a debugger on it"),
                None | Some("list" | "info" | "help") => None,
                Some(_) => Some("prints a process's memory or runs a debugger on it"),
            }
        }
        _ => None,
    }
}

/// dmsetup's options that take a value (the next word), before its command.
const DMSETUP_VALUED: &[&str] = &[
    "-o",
    "--options",
    "-j",
    "--major",
    "-m",
    "--minor",
    "-u",
    "--uuid",
    "--target",
    "-S",
    "--select",
    "--sort",
    "-O",
    "--separator",
    "--count",
    "--interval",
    "--readahead",
    "--udevcookie",
    "--table",
    "--nameprefixes",
    "-r",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn erasing_verbs_are_found_in_their_places() {
        for (name, line) in [
            ("nvme", "format /dev/nvme0n1"),
            ("nvme", "sanitize /dev/nvme0 -a 2"),
            ("nvme", "dsm /dev/nvme0n1 --ad -s 0 -b 8"),
            ("nvme", "zns reset-zone /dev/nvme0n1 -a"),
            ("nvme", "wdc vs-format /dev/nvme0"),
            ("hdparm", "--user-master u --security-erase x /dev/sda"),
            ("sg_format", "-F /dev/sg0"),
            ("sg_format", "--format=1 /dev/sg0"),
            ("cryptsetup", "-q --type luks2 luksFormat /dev/sda1"),
            ("mdadm", "-CR /dev/md0 -l1 -n2 /dev/sda /dev/sdb"),
            ("mdadm", "--zero-superblock /dev/sda"),
            ("mdadm", "--zero /dev/sda"),
            ("mdadm", "--cre /dev/md0 -l1 -n2 /dev/sda /dev/sdb"),
            ("sg_format", "--form /dev/sg0"),
            ("badblocks", "-wsv /dev/sda"),
            ("blkzone", "reset /dev/sda"),
            ("wipe", "/dev/sda"),
            ("pvremove", "-ff /dev/sdb"),
            ("ddrescue", "-f /dev/zero /dev/sda"),
            ("dcfldd", "if=/dev/zero of=/dev/sda"),
            ("dc3dd", "wipe=/dev/sda"),
            ("fallocate", "-p -l 1G /dev/sda"),
            ("flash_erase", "/dev/mtd0 0 0"),
            ("mtd_debug", "erase /dev/mtd0 0 1"),
            ("mmc", "erase discard 0 1 /dev/mmcblk0"),
            ("ceph-volume", "lvm zap --destroy /dev/sdb"),
        ] {
            assert!(erases(name, &args(line)).is_some(), "{name} {line}");
        }
        for (name, line) in [
            ("nvme", "sanitize-log /dev/nvme0"),
            ("nvme", "smart-log /dev/nvme0"),
            ("nvme", "dsm /dev/nvme0n1 --idr -s 0 -b 8"),
            ("nvme", "help format"),
            ("sg_format", "/dev/sg0"),
            ("cryptsetup", "luksDump /dev/sda1"),
            ("mdadm", "-c /etc/mdadm.conf --detail /dev/md0"),
            ("badblocks", "-o /tmp/w /dev/sda"),
            ("badblocks", "-sv /dev/sda"),
            ("blkzone", "report /dev/sda"),
            ("wipe", "/tmp/x"),
            ("ddrescue", "/dev/sda /tmp/disk.img /tmp/disk.map"),
            ("dcfldd", "if=/dev/sda of=/tmp/disk.img"),
            ("fallocate", "-l 1G /tmp/x"),
            ("mtd_debug", "info /dev/mtd0"),
            ("mmc", "extcsd read /dev/mmcblk0"),
            ("ceph-volume", "lvm list"),
        ] {
            assert!(erases(name, &args(line)).is_none(), "{name} {line}");
        }
    }

    #[test]
    fn readings_keep_their_verdict_and_the_rest_changes() {
        for (name, line) in [
            ("lvm", "lvs"),
            ("lvm", "fullreport"),
            ("pvscan", ""),
            ("dmsetup", "-v ls --tree"),
            ("dmsetup", "-o name info"),
            ("udevadm", "info -q all -n sda"),
            ("ipset", "list -t"),
            ("ipset", "-L"),
            ("iptables-restore", "--test /etc/iptables/rules.v4"),
            ("wpa_cli", "-i wlan0 status"),
            ("anacron", "-T"),
            ("run-parts", "--test /etc/cron.daily"),
            ("xfs_growfs", "-n /"),
            ("partprobe", "-d -s"),
            ("systemd-tmpfiles", "--cat-config"),
            ("dpkg-divert", "--list"),
            ("bootctl", "status"),
            ("machinectl", "list"),
            ("systemd-creds", "list"),
            ("coredumpctl", "list"),
            ("coredumpctl", "info 1234"),
            ("flashrom", "-p internal"),
            ("fwupdmgr", "get-devices"),
        ] {
            assert!(changes(name, &args(line)).is_none(), "{name} {line}");
        }
        for (name, line) in [
            ("lvm", "lvremove -f vg/lv"),
            ("lvm", "vgchange -an vg"),
            ("lvm", "pvscan --cache -aay"),
            ("vgchange", "-an vg"),
            ("pvscan", "--cache"),
            ("lvmdevices", "--adddev /dev/sdb"),
            ("dmsetup", "remove_all"),
            ("dmsetup", "-j 253 -m 0 remove"),
            ("dmsetup", "table --showkeys"),
            ("udevadm", "trigger --action=remove"),
            ("udevadm", "info --cleanup-db"),
            ("ipset", "flush"),
            ("ipset", "-F"),
            ("ipset", "-f /etc/x list"),
            ("iptables-restore", "/tmp/x"),
            ("netfilter-persistent", "flush"),
            ("wpa_cli", "disconnect"),
            ("wpa_cli", "-a /tmp/x"),
            ("wpa_cli", "set_network 0 psk x"),
            ("faillock", "--user root --reset"),
            ("faillock", "--user root --res"),
            ("atrm", "1"),
            ("anacron", "-n"),
            ("run-parts", "/etc/cron.daily"),
            ("xfs_freeze", "-f /"),
            ("xfs_growfs", "/"),
            ("partprobe", ""),
            ("systemd-tmpfiles", "--remove"),
            ("dpkg-divert", "--add /bin/ls"),
            ("bootctl", "set-default x"),
            ("machinectl", "shell x"),
            ("systemd-creds", "cat x"),
            ("coredumpctl", "dump"),
            ("coredumpctl", "-o /tmp/x dump"),
            ("coredumpctl", "debug"),
            ("flashrom", "-p internal -w /tmp/bios.rom"),
            ("flashrom", "-p internal -E"),
            ("flashrom", "-p internal -r /tmp/bios.rom"),
            ("fwupdmgr", "update"),
            ("fwupdmgr", "install /tmp/x.cab"),
        ] {
            assert!(changes(name, &args(line)).is_some(), "{name} {line}");
        }
    }
}
