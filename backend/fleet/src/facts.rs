//! What an agent reads about its own host: facts once at registration, readings on every tick.
//! Everything comes from `/proc`, `/etc/os-release` and `statvfs`; the functions are blocking
//! and are called through `spawn_blocking`.

use std::path::Path;

use warden_protocol::mounts::unescape_mount;

use crate::messages::{DiskFact, DiskReading, Facts};

/// At most this many disks are reported (bounded message size).
const MAX_DISKS: usize = 32;

/// Reads the host's facts.
pub fn read_facts() -> Facts {
    Facts {
        os: os_name(&read_text("/etc/os-release")),
        kernel: read_text("/proc/sys/kernel/osrelease").trim().to_owned(),
        hostname: hostname(),
        cores: cores(),
        memory_bytes: meminfo_field(&read_text("/proc/meminfo"), "MemTotal:")
            .map_or(0, |kib| kib.saturating_mul(1024)),
        disks: disks()
            .into_iter()
            .map(|disk| DiskFact {
                mount_point: disk.mount_point,
                total_bytes: disk.total,
                available_bytes: disk.available,
            })
            .collect(),
        gpus: gpus(Path::new("/proc/driver/nvidia/gpus")),
        docker: Path::new("/var/run/docker.sock").exists(),
    }
}

/// The host name (`/proc/sys/kernel/hostname`).
pub fn hostname() -> String {
    read_text("/proc/sys/kernel/hostname").trim().to_owned()
}

/// Load per core, memory in use and disk use, as the monitor reads them.
pub fn read_readings() -> (Option<f64>, Option<f64>, Vec<DiskReading>) {
    let cores = f64::from(cores().max(1));
    let load = load_five(&read_text("/proc/loadavg")).map(|l| (l / cores * 100.0).round() / 100.0);
    let memory = memory_used_percent(&read_text("/proc/meminfo"));
    let disks = disks()
        .into_iter()
        .map(|disk| DiskReading {
            used_percent: used_percent(disk.total, disk.free, disk.available),
            mount_point: disk.mount_point,
            available_bytes: disk.available,
            read_only: disk.read_only,
            filesystem: Some(disk.filesystem),
        })
        .collect();
    (load, memory, disks)
}

fn read_text(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX))
}

/// `PRETTY_NAME` of an os-release file, or `linux`.
pub fn os_name(os_release: &str) -> String {
    os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "linux".to_owned())
}

/// A `/proc/meminfo` field in KiB.
pub fn meminfo_field(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find(|l| l.starts_with(name))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Percent of memory in use (MemTotal less MemAvailable), one decimal.
pub fn memory_used_percent(text: &str) -> Option<f64> {
    let total = meminfo_field(text, "MemTotal:")? as f64;
    let available = meminfo_field(text, "MemAvailable:")? as f64;
    (total > 0.0).then(|| ((total - available) * 1000.0 / total).round() / 10.0)
}

/// The five-minute load of `/proc/loadavg`.
pub fn load_five(text: &str) -> Option<f64> {
    text.split_whitespace().nth(1)?.parse().ok()
}

/// `df`'s Use%, as the monitor judges this host's disks: used (size less free) over used plus
/// available, as a whole percent rounded up. Blocks reserved for root are neither: counting them
/// as used would call a filesystem that reserves many tens of points fuller than it is.
fn used_percent(total: u64, free: u64, available: u64) -> f64 {
    let used = u128::from(total.saturating_sub(free));
    let counted = used + u128::from(available);
    if counted == 0 {
        return 0.0;
    }
    (used * 100).div_ceil(counted) as f64
}

/// One filesystem's size, its free bytes and the bytes free for unprivileged users.
struct Disk {
    mount_point: String,
    total: u64,
    free: u64,
    available: u64,
    read_only: bool,
    /// Its type as `/proc/self/mounts` names it, in lower case.
    filesystem: String,
}

/// One line of `/proc/self/mounts` that may be a disk.
#[derive(Debug, PartialEq)]
struct Mount {
    device: String,
    mount_point: String,
    /// `ro` among its options.
    read_only: bool,
    /// Its type, in lower case (`ext4`, `xfs`).
    filesystem: String,
}

/// The mounts of a `/proc/self/mounts` text that may be disks, by the rule the monitor applies
/// to its own host and to SSH hosts ([`warden_protocol::mounts::is_disk`], in any case): no
/// view, pseudo filesystem or read-only image. A mount held in memory (tmpfs at `/dev/shm`,
/// `/tmp`) is one, sent with its type so the hub reports a full one and never prunes it. Each
/// mount point as its last line says (a mount over it hides the one beneath); each device once,
/// at its first mount point left (a bind mount of the same filesystem is not another disk), but
/// each mount held in memory is a filesystem of its own whatever its device's name (`tmpfs`,
/// `none`).
fn mounts(text: &str) -> Vec<Mount> {
    let mut out: Vec<Mount> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [device, mount_point, fs, options, ..] = fields.as_slice() else {
            continue;
        };
        let mount_point = unescape_mount(mount_point);
        // Whatever is mounted here now hides what was before, disk or not.
        out.retain(|m| m.mount_point != mount_point);
        let fs = fs.to_ascii_lowercase();
        let memory = warden_protocol::mounts::is_memory_backed(&fs);
        if !warden_protocol::mounts::is_disk(&fs) || !(device.starts_with('/') || memory) {
            continue;
        }
        out.push(Mount {
            // A memory-held mount's own: no other mount shares its space.
            device: if memory {
                format!("{fs}:{mount_point}")
            } else {
                unescape_mount(device)
            },
            mount_point,
            read_only: options.split(',').any(|o| o == "ro"),
            filesystem: fs,
        });
    }
    let mut seen: Vec<String> = Vec::new();
    out.retain(|m| {
        let first = !seen.contains(&m.device);
        seen.push(m.device.clone());
        first
    });
    // Disks on a device first: the bound on disks sent never leaves one out for the many small
    // memory-held mounts a host has (`/run/user/1000`, `/run/lock`).
    out.sort_by_key(|m| warden_protocol::mounts::is_memory_backed(&m.filesystem));
    out
}

/// Real filesystems of `/proc/self/mounts` ([`mounts`]) with their size and free bytes. A disk
/// is read-only when its mount options say `ro` or `statvfs` says so (a filesystem the kernel
/// remounted read-only after an error).
fn disks() -> Vec<Disk> {
    let mut out = Vec::new();
    for mount in mounts(&read_text("/proc/self/mounts")) {
        if let Ok(stat) = rustix::fs::statvfs(mount.mount_point.as_str()) {
            let block = stat.f_frsize.max(1);
            let total = stat.f_blocks.saturating_mul(block);
            if total == 0 {
                continue;
            }
            out.push(Disk {
                mount_point: mount.mount_point,
                total,
                free: stat.f_bfree.saturating_mul(block),
                available: stat.f_bavail.saturating_mul(block),
                read_only: mount.read_only
                    || stat.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY),
                filesystem: mount.filesystem,
            });
        }
        if out.len() >= MAX_DISKS {
            break;
        }
    }
    out
}

/// GPU models from NVIDIA's driver directory (`<bus>/information`, line `Model:`).
pub fn gpus(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path().join("information")).ok())
        .filter_map(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("Model:"))
                .map(|m| m.trim().to_owned())
        })
        .take(64)
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        assert_eq!(
            os_name("NAME=x\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
            "Debian GNU/Linux 12 (bookworm)"
        );
        assert_eq!(os_name(""), "linux");
        assert_eq!(load_five("0.52 0.58 0.59 1/467 12345"), Some(0.58));
        assert_eq!(
            memory_used_percent("MemTotal: 1000 kB\nMemFree: 1 kB\nMemAvailable: 250 kB\n"),
            Some(75.0)
        );
        // No reserved blocks: size less available.
        assert_eq!(used_percent(200, 50, 50), 75.0);
        // `df -k /` on a machine whose root reserves blocks: 1024-blocks 264212084, used
        // 50672552, available 44613336 (free 213539532): df says 54%, not 83.1%.
        assert_eq!(used_percent(264_212_084, 213_539_532, 44_613_336), 54.0);
        assert_eq!(used_percent(0, 0, 0), 0.0);
    }

    #[test]
    fn reads_mounts_with_their_read_only_flag() {
        let text = "\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
/dev/sdb1 /archive ext4 ro,relatime 0 0
/dev/sdc1 /srv/my\\040data xfs ro 0 0
/dev/sda1 /bind ext4 rw 0 0
/dev/loop3 /snap/core/1 squashfs ro 0 0
/dev/sr0 /media/cd ISO9660 ro 0 0
/dev/loop4 /opt/image EROFS ro 0 0
/dev/sdd1 /data ext4 ro 0 0
/dev/sdg1 /data ext4 rw 0 0
/dev/sde1 /scratch ext4 rw 0 0
tmpfs /scratch tmpfs rw 0 0
/dev/sdf1 /errors ext4 rw,errors=remount-ro 0 0
";
        let types: Vec<(String, String)> = mounts(text)
            .into_iter()
            .map(|m| (m.mount_point, m.filesystem))
            .collect();
        assert_eq!(types[0], ("/".to_owned(), "ext4".to_owned()));
        assert_eq!(types[2], ("/srv/my data".to_owned(), "xfs".to_owned()));
        let got: Vec<(String, bool)> = mounts(text)
            .into_iter()
            .map(|m| (m.mount_point, m.read_only))
            .collect();
        let want: Vec<(String, bool)> = [
            ("/", false),
            ("/archive", true),
            ("/srv/my data", true),
            ("/data", false),
            ("/errors", false),
            // The tmpfs mounted over /scratch: held in memory, watched by its type.
            ("/scratch", false),
        ]
        .into_iter()
        .map(|(p, ro)| (p.to_owned(), ro))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn mounts_held_in_memory_are_disks_each_of_its_own_as_on_the_hub() {
        // The monitor's own host reads /dev/shm and a tmpfs /tmp (with their type, reported and
        // never pruned when full): an agent reads them the same way, each tmpfs its own
        // filesystem though all share the device name `tmpfs`, after the disks on a device.
        let text = "\
tmpfs /run tmpfs rw,nosuid 0 0
/dev/sda1 / ext4 rw 0 0
shm /dev/shm tmpfs rw 0 0
tmpfs /tmp TMPFS rw 0 0
none /mnt/ram ramfs rw 0 0
proc /proc proc rw 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw 0 0
overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0
/dev/sdb1 /srv xfs rw 0 0
";
        let got: Vec<(String, String)> = mounts(text)
            .into_iter()
            .map(|m| (m.mount_point, m.filesystem))
            .collect();
        let want: Vec<(String, String)> = [
            ("/", "ext4"),
            ("/srv", "xfs"),
            ("/run", "tmpfs"),
            ("/dev/shm", "tmpfs"),
            ("/tmp", "tmpfs"),
            ("/mnt/ram", "ramfs"),
        ]
        .into_iter()
        .map(|(p, fs)| (p.to_owned(), fs.to_owned()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn reads_this_host() {
        let facts = read_facts();
        assert!(facts.cores >= 1);
        assert!(facts.memory_bytes > 0);
        assert!(!facts.kernel.is_empty());
        let (_, memory, _) = read_readings();
        assert!(memory.is_some_and(|m| (0.0..=100.0).contains(&m)));
    }

    #[test]
    fn reads_gpu_models() {
        let dir = tempfile::tempdir().unwrap();
        let bus = dir.path().join("0000:01:00.0");
        std::fs::create_dir(&bus).unwrap();
        std::fs::write(bus.join("information"), "Model: \t NVIDIA H200\nIRQ: 1\n").unwrap();
        assert_eq!(gpus(dir.path()), vec!["NVIDIA H200".to_owned()]);
        assert_eq!(gpus(&dir.path().join("none")), Vec::<String>::new());
    }
}
