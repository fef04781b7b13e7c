//! Devices' serial numbers as the kernel publishes them to everyone: a disk's `serial`, `wwid`
//! and the SCSI inquiry pages behind them (`vpd_pg80` is the unit serial number page,
//! `vpd_pg83` the device identification page), an NVMe controller's `serial` and its
//! namespaces' `eui`/`nguid`, an SD card's `cid`, a PCI device's Vital Product Data, adapters'
//! world-wide names and GUIDs; and the directories whose entries are named by
//! them (`/dev/disk/by-id/ata-MODEL_SERIAL`, `/dev/serial/by-id`). They are the serial numbers
//! `smartctl -i` and `nvme id-ctrl` read from the device itself: where nothing contains the
//! reader (`ssh_exec`), an asset identity is judged the same whatever route prints it, as
//! `dmidecode`'s tables are. Contained, they stay low: the kernel gives them to every user.

use std::path::{Component, Path};

use super::uncontained::inside;

/// Names of files below `/sys` that hold a device's serial number or world-wide name.
const SERIAL_FILES: &[&str] = &[
    "serial",
    "serial_number",
    "wwid",
    "vpd_pg80",
    "vpd_pg83",
    "eui",
    "nguid",
    "cid",
    "subsysnqn",
    // A PCI device's Vital Product Data (`vpd`, root-only): its `SN` field is the board's
    // serial number, as `lspci -vv` prints it.
    "vpd",
    // World-wide names and GUIDs burnt into adapters: Fibre Channel ports' and nodes' WWNs,
    // SAS addresses, InfiniBand GUIDs, a Thunderbolt device's UUID.
    "port_name",
    "node_name",
    "sas_address",
    "node_guid",
    "sys_image_guid",
    "unique_id",
    // An input device's `uniq`: the serial string a USB or Bluetooth device reports.
    "uniq",
];

/// Directories whose entries' names carry devices' serial numbers.
const NAMED_BY_SERIAL: &[&str] = &["/dev/disk/by-id", "/dev/serial/by-id"];

/// Why reading `path` prints a device's serial number, if it does.
pub(super) fn serial_file(path: &Path) -> Option<String> {
    if !inside(path, "/sys") {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    // A power supply's (a battery's, a UPS's) event file carries its POWER_SUPPLY_SERIAL_NUMBER.
    let supply_event = name == "uevent"
        && path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .is_some_and(|class| class == "power_supply");
    (SERIAL_FILES.contains(&name) || supply_event).then(|| {
        format!(
            "{} is a device's serial number or world-wide name (what `smartctl -i` reads from the device); nothing contains this reader",
            path.display()
        )
    })
}

/// How far a listing of every name below a directory goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    /// The deepest level listed below the start (`find -maxdepth`, `tree -L`); None: every.
    pub depth: Option<u64>,
    /// The walk stays on the start's file system (`-xdev`): `/dev` is a file system of its own.
    pub one_file_system: bool,
    /// Only directories are printed (`du` without `-a`, `tree -d`).
    pub directories_only: bool,
    /// What is printed is kept to names a filter chose (`find -name '*.gz'`), none of them a
    /// name the machine ID makes (`machine_id.rs`).
    pub filtered: bool,
    /// The walk follows symbolic links to directories (`find -L`, `-follow`, `ls -RL`, `du -L`,
    /// `tree -l`, `getfacl -RL`): below `/proc` each process's `root` leads to `/`.
    pub follows_links: bool,
}

/// Why naming `path` prints devices' serial numbers, if it does: the path lies below a
/// directory named by them (an entry, or a pattern of entries), or a walk (`whole`) from it
/// reaches one's entries. Naming the directory itself (`stat`, `ls -d`) lists none of them:
/// a listing of its entries is a walk one level deep.
pub(super) fn serial_names(path: &Path, whole: Option<Walk>) -> Option<String> {
    let reached = |place: &str| {
        whole.is_some_and(|walk| {
            let below = Path::new(place).components().count() + 1;
            let from = path.components().count();
            holds(path, place)
                && walk
                    .depth
                    .is_none_or(|depth| depth >= below.saturating_sub(from) as u64)
                && (!walk.one_file_system || inside(path, "/dev"))
        })
    };
    let place = NAMED_BY_SERIAL.iter().find(|place| {
        (inside(path, place) && path.components().count() > Path::new(place).components().count())
            || reached(place)
    })?;
    Some(format!(
        "{} lists {place}, whose entries are named by devices' serial numbers; nothing contains this reader",
        path.display()
    ))
}

/// Whether `place` lies below the directory `path`.
fn holds(path: &Path, place: &str) -> bool {
    Path::new(place).starts_with(path) && path.components().any(|c| c == Component::RootDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_by_file_name_and_directory() {
        for held in [
            "/sys/block/sda/device/serial",
            "/sys/class/nvme/nvme0/serial",
            "/sys/block/sda/device/vpd_pg80",
            "/sys/block/nvme0n1/wwid",
            "/sys/block/nvme0n1/eui",
            "/sys/bus/usb/devices/1-1/serial",
            "/sys/class/power_supply/BAT0/serial_number",
            "/sys/class/power_supply/BAT0/uevent",
            "/sys/bus/pci/devices/0000:00:1f.6/vpd",
            "/sys/class/fc_host/host0/port_name",
            "/sys/class/infiniband/mlx5_0/node_guid",
        ] {
            assert!(serial_file(Path::new(held)).is_some(), "{held}");
        }
        for plain in [
            "/sys/block/sda/device/model",
            "/sys/block/sda/queue/rotational",
            "/sys/class/net/eth0/address",
            "/sys/block/sda/device/uevent",
            "/sys/class/power_supply/BAT0/capacity",
            "/srv/serial",
        ] {
            assert!(serial_file(Path::new(plain)).is_none(), "{plain}");
        }
        for listed in ["/dev/disk/by-id/ata-X_S3Z9", "/dev/serial/by-id/usb-X_1234"] {
            assert!(serial_names(Path::new(listed), None).is_some(), "{listed}");
        }
        let entries = Some(Walk {
            depth: Some(1),
            ..Walk::default()
        });
        for named in ["/dev/disk/by-id", "/dev/serial/by-id"] {
            assert!(serial_names(Path::new(named), None).is_none(), "{named}");
            assert!(serial_names(Path::new(named), entries).is_some(), "{named}");
        }
        assert!(serial_names(Path::new("/dev/disk"), entries).is_none());
        let every = Walk::default();
        for whole in ["/dev/disk", "/dev", "/"] {
            assert!(
                serial_names(Path::new(whole), Some(every)).is_some(),
                "{whole}"
            );
            assert!(serial_names(Path::new(whole), None).is_none(), "{whole}");
        }
        for plain in ["/dev/disk/by-uuid", "/dev/disk/by-path", "/dev/sda"] {
            assert!(
                serial_names(Path::new(plain), Some(every)).is_none(),
                "{plain}"
            );
        }
        // The entries of /dev/disk/by-id lie four levels below `/`, and on another file system.
        let depth = |depth, one_file_system| {
            Some(Walk {
                depth: Some(depth),
                one_file_system,
                ..Walk::default()
            })
        };
        assert!(serial_names(Path::new("/"), depth(4, false)).is_some());
        assert!(serial_names(Path::new("/"), depth(3, false)).is_none());
        assert!(serial_names(Path::new("/dev"), depth(3, false)).is_some());
        assert!(serial_names(Path::new("/"), depth(10, true)).is_none());
        assert!(serial_names(Path::new("/dev"), depth(10, true)).is_some());
    }
}
