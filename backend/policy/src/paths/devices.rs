//! Device inspectors (`smartctl`, `nvme`, `mdadm`, `blkid`, `fdisk -l`, `hwclock -f`...) open
//! the device they are given, and for some devices opening is itself an act: a watchdog
//! (`/dev/watchdog`) starts counting down when opened and reboots the machine when it is closed
//! without its magic character, a serial line (`/dev/ttyS0`) raises its control lines and resets
//! what is attached, a camera turns on, a terminal hands over what is typed. So the device an
//! inspector opens must be of the kind it inspects, named positively: a storage device for the
//! storage tools, a real-time clock for `hwclock`.

use std::path::{Component, Path};

/// The kinds of device an inspector opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// Disks, partitions, arrays, mapped and loop devices, SCSI generic nodes.
    Storage,
    /// Real-time clocks.
    Clock,
}

/// Names of disks directly under `/dev`: the prefix, then letters and digits (`sda1`, `vdb`).
const DISK_NAMES: &[&str] = &["sd", "hd", "vd", "xvd"];

/// Other storage devices directly under `/dev`: the prefix, then a number and perhaps letters
/// and digits (`nvme0n1p2`, `md127`, `dm-3`, `sg0`, `loop7`; not `loop-control`, `sgx_enclave`).
const NUMBERED_STORAGE_NAMES: &[&str] = &[
    "nvme", "mmcblk", "md", "dm-", "loop", "sr", "nbd", "rbd", "zd", "bcache", "sg", "st", "nst",
    "ram", "pmem", "drbd", "nullb", "ublkb", "zram",
];

/// Whether `name` is `prefix` followed by letters and digits, the first of them a digit where
/// `numbered`.
fn named(name: &str, prefix: &str, numbered: bool) -> bool {
    name.strip_prefix(prefix).is_some_and(|tail| {
        tail.chars().all(|c| c.is_ascii_alphanumeric())
            && tail
                .chars()
                .next()
                .is_some_and(|first| !numbered || first.is_ascii_digit())
    })
}

/// Directories of `/dev` whose every entry is a storage device or a link to one.
const STORAGE_DIRECTORIES: &[&str] = &["mapper", "disk", "block", "bsg", "md", "zvol"];

/// Directories of `/dev` that the kernel or udev fill with other devices: their entries are
/// not LVM's `/dev/VG/LV`.
const OTHER_DIRECTORIES: &[&str] = &[
    "input",
    "snd",
    "bus",
    "cpu",
    "dri",
    "net",
    "char",
    "usb",
    "vfio",
    "pts",
    "shm",
    "mqueue",
    "fd",
    "serial",
    "v4l",
    "dma_heap",
    "hugepages",
    "infiniband",
    "vhost-net",
    "misc",
    "gpiochip",
    "hidraw",
    "watchdog",
    "tty",
    "rtc",
    "tpm",
    "tpmrm",
    "mem",
    "port",
    "kmsg",
    "uinput",
];

/// Why opening `path` (absolute, lexically normal, as the system sees it) is not inspecting a
/// device of `kind`, if it is under `/dev` and it is not.
pub(super) fn not_of_kind(path: &Path, kind: DeviceKind) -> Option<String> {
    let rest = path.strip_prefix("/dev").ok()?;
    let parts: Vec<&str> = rest
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            Component::Prefix(_)
            | Component::RootDir
            | Component::CurDir
            | Component::ParentDir => None,
        })
        .collect();
    let fits = match (kind, parts.as_slice()) {
        (_, ["null" | "zero" | "full"]) => true,
        (DeviceKind::Storage, [name]) => {
            DISK_NAMES.iter().any(|prefix| named(name, prefix, false))
                || NUMBERED_STORAGE_NAMES
                    .iter()
                    .any(|prefix| named(name, prefix, true))
        }
        (DeviceKind::Storage, [directory, ..]) if STORAGE_DIRECTORIES.contains(directory) => true,
        // LVM's `/dev/VG/LV`: a volume group is named by its administrator.
        (DeviceKind::Storage, [group, _]) => !OTHER_DIRECTORIES.contains(group),
        (DeviceKind::Clock, [name]) => name
            .strip_prefix("rtc")
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())),
        (DeviceKind::Clock, ["misc", "rtc"]) => true,
        _ => false,
    };
    (!fits).then(|| {
        let wanted = match kind {
            DeviceKind::Storage => "a storage device",
            DeviceKind::Clock => "a real-time clock",
        };
        format!(
            "{} is not {wanted}: opening some devices acts (a watchdog reboots the machine, a serial line resets what is attached, a terminal hands over what is typed)",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_devices_of_the_kind_inspected_fit() {
        for storage in [
            "/dev/sda",
            "/dev/sda1",
            "/dev/nvme0n1p2",
            "/dev/nvme0",
            "/dev/md127",
            "/dev/dm-3",
            "/dev/mapper/vg0-root",
            "/dev/disk/by-uuid/1234",
            "/dev/vg0/root",
            "/dev/sg0",
            "/dev/xvda",
            "/dev/mmcblk0p1",
        ] {
            assert!(
                not_of_kind(Path::new(storage), DeviceKind::Storage).is_none(),
                "{storage}"
            );
        }
        for other in [
            "/dev/watchdog",
            "/dev/watchdog0",
            "/dev/ttyS0",
            "/dev/tty1",
            "/dev/video0",
            "/dev/input/event0",
            "/dev/snd/pcmC0D0c",
            "/dev/mem",
            "/dev/port",
            "/dev/rtc0",
            "/dev/char/10:130",
            "/dev/sdfoo-bar/x/y",
            "/dev/stdin",
            "/dev/loop-control",
            "/dev/sgx_enclave",
            "/dev/random",
        ] {
            assert!(
                not_of_kind(Path::new(other), DeviceKind::Storage).is_some(),
                "{other}"
            );
        }
        for clock in ["/dev/rtc", "/dev/rtc0", "/dev/misc/rtc"] {
            assert!(
                not_of_kind(Path::new(clock), DeviceKind::Clock).is_none(),
                "{clock}"
            );
        }
        for other in ["/dev/watchdog", "/dev/sda", "/dev/rtc0x", "/dev/ttyS0"] {
            assert!(
                not_of_kind(Path::new(other), DeviceKind::Clock).is_some(),
                "{other}"
            );
        }
        assert!(not_of_kind(Path::new("/srv/disk.img"), DeviceKind::Storage).is_none());
    }
}
