//! Volume managers and file-system tools removing the volume the system lives on, or every
//! volume at once: the machine loses its root, its programs or all of its data, as with
//! `mkfs` of its disk. Which volume holds `/` cannot be read from the line, so the removal
//! fails closed where the target is the system's by name (`root`, `ubuntu-lv`, a pool's
//! `ROOT`, a system tree's path), a whole group or pool, a selection, or a value the line
//! cannot show. Removing one named data volume stays a human's decision (high).
//!
//! - `lvremove` of a whole volume group (`vg0`), a selection (`--select`, `@tag`), or a
//!   logical volume named as the system's (`vg0/root`, `/dev/mapper/rhel-root`);
//!   `vgremove` forced (`-f`, `-y`) or by selection, or of a group named as the system's.
//! - `btrfs subvolume delete` of a system tree (`/`, `/home`, `/usr`).
//! - `zfs destroy` of a pool's top dataset (every dataset it holds), of the root pool's
//!   datasets (`rpool/…`, `bpool/…`) or of a `ROOT` dataset; snapshots (`pool/fs@snap`) stay
//!   high.
//! - `mdadm --stop` (`-S`) of any array, which may be the one `/` lives on, and of every array
//!   (`--scan`).
//! - `dmsetup remove --force`, which swaps a mapped device's table for one failing every read
//!   and write, and `dmsetup remove_all`/`wipe_table` (in `host_state.rs`).

use super::destroy::{is_system_tree, is_unknowable};

/// Why `name` with `args` removes the system's volume or every volume, if it does.
pub fn removes(name: &str, args: &[String]) -> Option<&'static str> {
    match name {
        "lvremove" => {
            if selects(args) {
                return Some("removes every logical volume its selection matches");
            }
            let targets = operands(args, LVM_VALUED);
            if targets.iter().any(|t| is_unknowable(t)) {
                return Some("removes a logical volume the line cannot show: it may hold /");
            }
            if targets
                .iter()
                .any(|t| !t.contains('/') && !t.starts_with('@'))
            {
                return Some("removes every logical volume of a volume group");
            }
            if targets.iter().any(|t| t.starts_with('@')) {
                return Some("removes every logical volume carrying a tag");
            }
            targets
                .iter()
                .any(|t| is_system_volume(t))
                .then_some("removes the logical volume the system lives on")
        }
        "vgremove" => {
            if selects(args) {
                return Some("removes every volume group its selection matches");
            }
            let targets = operands(args, LVM_VALUED);
            let forced = args.iter().take_while(|a| *a != "--").any(|a| {
                matches!(a.as_str(), "--force" | "--yes")
                    || (a.starts_with('-')
                        && !a.starts_with("--")
                        && a[1..].chars().any(|c| c == 'f' || c == 'y'))
            });
            if forced && !targets.is_empty() {
                return Some("removes a volume group and every logical volume in it, unasked");
            }
            targets
                .iter()
                .any(|t| is_unknowable(t) || t.starts_with('@') || is_system_volume(t))
                .then_some("removes the volume group the system lives on")
        }
        "btrfs" => {
            let words = operands(args, &[]);
            let [group, verb, paths @ ..] = words.as_slice() else {
                return None;
            };
            let subvolume = group.len() >= 2 && "subvolume".starts_with(*group);
            let delete = verb.len() >= 2 && "delete".starts_with(*verb);
            (subvolume
                && delete
                && paths.iter().any(|p| {
                    is_system_tree(p) || matches!(*p, "." | "./" | "..") || is_system_subvolume(p)
                }))
            .then_some("deletes the subvolume a system tree lives on")
        }
        "zfs" => {
            let words = operands(args, &[]);
            let [verb, datasets @ ..] = words.as_slice() else {
                return None;
            };
            (*verb == "destroy" && datasets.iter().any(|d| is_system_dataset(d)))
                .then_some("destroys a pool's every dataset or the one the system lives on")
        }
        "mdadm" => {
            // `--stop` or an abbreviation of it (`--sto`), or `S` in a cluster of short flags
            // before any letter that takes a value.
            let stops = args.iter().take_while(|a| *a != "--").any(|a| {
                if let Some(long) = a.strip_prefix("--") {
                    return long.len() >= 3 && "stop".starts_with(long);
                }
                a.strip_prefix('-').is_some_and(|cluster| {
                    cluster
                        .chars()
                        .scan(false, |taken, c| {
                            let this = (!*taken).then_some(c);
                            *taken = *taken || "abceklnNpuUxz".contains(c);
                            Some(this)
                        })
                        .any(|c| c == Some('S'))
                })
            });
            stops.then_some("stops a RAID array, which may be the one / lives on")
        }
        "dmsetup" => {
            let words = operands(args, DMSETUP_VALUED);
            let forced = args.iter().any(|a| matches!(a.as_str(), "-f" | "--force"));
            (words.first().is_some_and(|v| *v == "remove") && forced)
                .then_some("remove --force makes a mapped device fail every read and write")
        }
        _ => None,
    }
}

/// LVM options taking a value in the next word.
const LVM_VALUED: &[&str] = &[
    "-S",
    "--select",
    "--config",
    "-A",
    "--autobackup",
    "--commandprofile",
    "--profile",
    "--reportformat",
    "--devices",
    "--devicesfile",
    "--journal",
];

const DMSETUP_VALUED: &[&str] = &["-j", "-m", "-u", "--uuid", "-U", "-G", "-M", "--mode"];

/// A selection (`--select EXPR`, `-S EXPR`): whatever it matches, every volume included.
fn selects(args: &[String]) -> bool {
    args.iter()
        .any(|a| a == "-S" || a.starts_with("--select") || a.starts_with("-S"))
}

/// The words of `args` that are not options (the values of `valued` options skipped).
fn operands<'a>(args: &'a [String], valued: &[&str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut iter = args.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        if word == "--" {
            found.extend(iter.by_ref());
            break;
        }
        if word.starts_with('-') && word.len() > 1 {
            if valued.contains(&word) {
                iter.next();
            }
            continue;
        }
        found.push(word);
    }
    found
}

/// Names distributions and installers give the volume `/` (or /usr, /var, /boot) lives on.
const SYSTEM_NAMES: &[&str] = &[
    "root",
    "rootfs",
    "rootvol",
    "slash",
    "system",
    "sys",
    "os",
    "usr",
    "var",
    "boot",
    "ubuntu-lv",
    "ubuntu--lv",
    // Volume groups installers make for the whole system.
    "ubuntu-vg",
    "ubuntu--vg",
    "rhel",
    "centos",
    "cl",
    "fedora",
    "almalinux",
    "rocky",
    "rl",
    "ol",
];

/// Whether a volume (`vg/lv`, `/dev/vg/lv`, `/dev/mapper/vg-lv`, a group's name) is named as
/// the system's: `root`, `lv_root`, `rhel-root`, `ubuntu-vg/ubuntu-lv`.
fn is_system_volume(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains("root") || lower.contains("ubuntu-") {
        return true;
    }
    let last = lower.rsplit('/').next().unwrap_or(&lower);
    last.split(['-', '_'])
        .any(|piece| SYSTEM_NAMES.contains(&piece))
        || SYSTEM_NAMES.contains(&last)
}

/// Whether a btrfs subvolume's path ends in the name installers give the system's subvolumes:
/// `@` (Ubuntu's `/`), `@home`, `@var`, `@rootfs`, `root`.
fn is_system_subvolume(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let name = last.strip_prefix('@').unwrap_or(last);
    last == "@" || is_system_volume(name) || (last.starts_with('@') && name == "home")
}

/// Whether `zfs destroy` of `dataset` reaches the system or a whole pool: a pool's top dataset
/// (`tank`, every dataset it holds), the root pools of ZFS installs (`rpool/…`, `bpool/…`), a
/// `ROOT` dataset, or a name the line cannot show. A snapshot or bookmark stays high.
fn is_system_dataset(dataset: &str) -> bool {
    if is_unknowable(dataset) {
        return true;
    }
    if dataset.contains(['@', '#']) {
        return false;
    }
    let trimmed = dataset.trim_end_matches('/');
    let mut parts = trimmed.split('/');
    let pool = parts.next().unwrap_or("");
    !trimmed.contains('/')
        || matches!(pool, "rpool" | "bpool")
        || trimmed.split('/').any(|c| c.eq_ignore_ascii_case("root"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_systems_volumes_and_whole_groups_are_removals_of_the_system() {
        for (name, line) in [
            ("lvremove", "-f VG/root"),
            ("lvremove", "-y /dev/mapper/rhel-root"),
            ("lvremove", "-f vg0"),
            ("lvremove", "--select all"),
            ("lvremove", "ubuntu-vg/ubuntu-lv"),
            ("vgremove", "-f VG"),
            ("vgremove", "-ff vg0"),
            ("vgremove", "ubuntu-vg"),
            ("btrfs", "subvolume delete /"),
            ("btrfs", "sub del -c /home"),
            ("btrfs", "subvolume delete /mnt/@"),
            ("btrfs", "subvolume delete /mnt/top/@rootfs"),
            ("zfs", "destroy -r tank"),
            ("zfs", "destroy rpool/ROOT/ubuntu"),
            ("mdadm", "--stop /dev/md0"),
            ("mdadm", "-S --scan"),
            ("dmsetup", "remove -f vg0-root"),
        ] {
            assert!(removes(name, &words(line)).is_some(), "{name} {line}");
        }
    }

    #[test]
    fn one_named_data_volume_or_a_snapshot_is_not() {
        for (name, line) in [
            ("lvremove", "-f vg0/data"),
            ("lvremove", "vg0/old_snapshot"),
            ("vgremove", "oldvg"),
            ("btrfs", "subvolume delete /mnt/snapshots/2024-01-01"),
            ("btrfs", "subvolume list /"),
            ("zfs", "destroy tank/data@snap1"),
            ("zfs", "destroy tank/scratch"),
            ("zfs", "list -r rpool"),
            ("mdadm", "--detail /dev/md0"),
            ("dmsetup", "remove vg0-data"),
        ] {
            assert!(removes(name, &words(line)).is_none(), "{name} {line}");
        }
    }
}
