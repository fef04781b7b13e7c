//! Programs that open the devices they are given: each must be given a device of the kind it
//! inspects (`paths/devices.rs`), or opening it may act (a watchdog reboots the machine).

use super::{Ctx, Judgement};
use crate::paths::DeviceKind;

/// The kind of device `name` opens by the paths on its line, if it opens any: the storage
/// inspectors open their operands (and `mdadm --examine`, `fdisk -l`, `pvs` scan what they
/// are given), `hwclock -f`/`--rtc` opens the clock it names.
fn opens(name: &str) -> Option<DeviceKind> {
    match name {
        "smartctl" | "nvme" | "mdadm" | "blkid" | "fdisk" | "sfdisk" | "parted" | "xfs_info"
        | "btrfs" | "lvs" | "vgs" | "pvs" | "lvdisplay" | "vgdisplay" | "pvdisplay" => {
            Some(DeviceKind::Storage)
        }
        "hwclock" => Some(DeviceKind::Clock),
        _ => None,
    }
}

/// The paths a word may give: itself, an option's `=VALUE`, or a value attached to a short
/// option (`-f/dev/rtc0`).
fn paths_in(word: &str) -> impl Iterator<Item = &str> {
    let value = word.split_once('=').map(|(_, value)| value);
    let attached = word
        .starts_with('-')
        .then(|| word.find('/').map(|at| &word[at..]))
        .flatten();
    std::iter::once(word).chain(value).chain(attached)
}

/// Raises `j` where `name` would open a device of another kind than it inspects.
pub fn raise(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    let Some(kind) = opens(name) else {
        return;
    };
    for word in args {
        for path in paths_in(word) {
            if let Some((level, why)) = ctx.paths.open_device(path, kind) {
                j.raise(level, format!("{name}: {why}"));
            }
        }
    }
}
