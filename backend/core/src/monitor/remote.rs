//! Remote hosts over SSH: the monitor runs three read-only commands on each configured host
//! through the guard (`ssh_exec`; the classifier judges them low), and reads load per core,
//! memory in use and disk use from their output. A host that cannot be reached is a finding.

use serde_json::json;
use warden_protocol::mounts::unescape_mount;
use warden_tool_api::ToolContext;

use super::probes::read;
use super::readings::DiskReading;
use crate::guard::Guard;

pub use warden_protocol::readings::RemoteReading;

/// The five-minute load of `/proc/loadavg` (`0.52 0.58 0.59 1/467 12345`).
pub fn load_five(text: &str) -> Option<f64> {
    number(text.lines().next()?.split_whitespace().nth(1)?)
}

/// A number a host's files or `df` print, None for what is no reading: Rust reads `nan`, `inf`
/// and `-1` as numbers, and taken for readings they are over every threshold (an infinite
/// load), under all of them (NaN) or a negative size.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite() && *value >= 0.0)
}

/// Percent of memory in use from `/proc/meminfo` (MemTotal less MemAvailable).
pub fn memory_used_percent(text: &str) -> Option<f64> {
    let field = |name: &str| -> Option<f64> {
        text.lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)
            .and_then(number)
    };
    let (total, available) = (field("MemTotal:")?, field("MemAvailable:")?);
    (total > 0.0).then(|| ((total - available) * 1000.0 / total).round() / 10.0)
}

/// Filesystems from `df -P -k` (`Filesystem 1024-blocks Used Available Capacity Mounted on`),
/// or `df -P -k -T` (a `Type` column after the first). A filesystem whose type is no disk (a
/// read-only image, a container's view: [`super::readings::not_a_disk`]) is left out, whatever
/// `df` was told to leave out: a `df` that ignored its `-x` still never reports them.
pub fn df(text: &str) -> Vec<DiskReading> {
    let mut lines = text.lines();
    let typed = lines
        .next()
        .and_then(|header| header.split_whitespace().nth(1))
        .is_some_and(|column| column.eq_ignore_ascii_case("type"));
    let skip = usize::from(typed);
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 6 + skip {
                return None;
            }
            if typed && super::readings::not_a_disk(fields[1]) {
                return None;
            }
            let used: u64 = fields[2 + skip].parse().ok()?;
            let available: u64 = fields[3 + skip].parse().ok()?;
            // df's own Capacity column; computed as df does when it is not a number.
            let capacity = number(fields[4 + skip].trim_end_matches('%'));
            Some(DiskReading {
                mount_point: fields[5 + skip..].join(" "),
                used_percent: capacity.unwrap_or_else(|| df_percent(used, available)),
                available_bytes: available.saturating_mul(1024),
                unavailable_percent: None,
                filesystem: typed.then(|| fields[1].to_ascii_lowercase()),
                read_only: false,
            })
        })
        .collect()
}

/// The mount points `/proc/mounts` lists mounted read-only (`ro` among the options), as `df`
/// prints them (`\040` is a space). Lines that are not mounts (the load and memory lines read
/// with them) are passed over.
/// A mount point mounted again over itself is what its last line says.
pub fn read_only_mounts(text: &str) -> Vec<String> {
    let mut last: Vec<(String, bool)> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [_, mount_point, _, options, ..] = fields.as_slice() else {
            continue;
        };
        if !mount_point.starts_with('/') {
            continue;
        }
        let mount_point = unescape_mount(mount_point);
        last.retain(|(seen, _)| *seen != mount_point);
        last.push((mount_point, options.split(',').any(|o| o == "ro")));
    }
    last.into_iter()
        .filter_map(|(mount_point, read_only)| read_only.then_some(mount_point))
        .collect()
}

/// `df`'s Use%: used / (used + available) as a whole percent, rounded up.
pub fn df_percent(used: u64, available: u64) -> f64 {
    let total = u128::from(used) + u128::from(available);
    if total == 0 {
        return 0.0;
    }
    let hundred = u128::from(used) * 100;
    (hundred.div_ceil(total)) as f64
}

/// `df` with each filesystem's type (`-T`), told to leave out those that are not disks that
/// fill: container views and the read-only images of
/// [`warden_protocol::mounts::READ_ONLY_IMAGE_TYPES`] (a snap's squashfs, EROFS, ISO 9660...).
/// [`df`] leaves them out again by their type. Mounts held in memory (tmpfs) are read, as on
/// this host and on fleet agents: a full one is reported by its type, never pruned.
const DF: &str = "df -P -k -T -x overlay -x squashfs -x nsfs -x aufs \
     -x erofs -x cramfs -x romfs -x iso9660 -x udf -x fuse.snapfuse -x fuse.squashfuse \
     -x fuse.squashfuse_ll";

pub async fn read_host(guard: &Guard, context: &ToolContext, host: &str) -> RemoteReading {
    let run = |command: &str| {
        read(
            guard,
            context,
            "ssh_exec",
            json!({"host": host, "command": command, "timeout_secs": 20}),
        )
    };
    let mut reading = RemoteReading {
        host: host.to_owned(),
        agent: false,
        reachable: false,
        error: None,
        load_per_core: None,
        memory_used_percent: None,
        disks: Vec::new(),
    };
    // /proc/mounts last: says which filesystems are mounted read-only.
    let proc_files = match run("cat /proc/loadavg /proc/meminfo /proc/mounts").await {
        Ok(data) => data["stdout"].as_str().unwrap_or_default().to_owned(),
        Err(error) => {
            reading.error = Some(error);
            return reading;
        }
    };
    reading.reachable = true;
    let cores = run("getconf _NPROCESSORS_ONLN")
        .await
        .ok()
        .and_then(|d| number(d["stdout"].as_str()?))
        .filter(|c| *c >= 1.0)
        .unwrap_or(1.0);
    reading.load_per_core = load_five(&proc_files).map(|l| l / cores);
    reading.memory_used_percent = memory_used_percent(&proc_files);
    match run(DF).await {
        Ok(data) => {
            let read_only = read_only_mounts(&proc_files);
            reading.disks = df(data["stdout"].as_str().unwrap_or_default());
            for disk in &mut reading.disks {
                disk.read_only = read_only.contains(&disk.mount_point);
            }
        }
        Err(error) => reading.error = Some(error),
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn df_leaves_out_every_type_that_is_no_disk() {
        let words: Vec<&str> = DF.split_whitespace().collect();
        let left_out = |fs: &str| words.windows(2).any(|w| w[0] == "-x" && w[1] == fs);
        for fs in warden_protocol::mounts::VIEW_TYPES
            .iter()
            .chain(warden_protocol::mounts::READ_ONLY_IMAGE_TYPES)
        {
            assert!(left_out(fs), "df does not leave out {fs}");
        }
    }

    #[test]
    fn proc_and_df_output_are_read() {
        let proc_files = "0.52 3.20 0.59 1/467 12345\nMemTotal:       16000000 kB\nMemFree:   100 kB\nMemAvailable:    4000000 kB\n";
        assert_eq!(load_five(proc_files), Some(3.2));
        assert_eq!(memory_used_percent(proc_files), Some(75.0));
        let df_out = "Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/sda1        100000     91000      9000      91% /\n/dev/sdb1        200000     20000    180000      10% /srv/my data\n";
        let disks = df(df_out);
        assert_eq!(
            disks
                .iter()
                .map(|d| (d.mount_point.as_str(), d.used_percent))
                .collect::<Vec<_>>(),
            vec![("/", 91.0), ("/srv/my data", 10.0)]
        );
        assert_eq!(
            (df_percent(25_877_392, 69_408_496), df_percent(0, 0)),
            (28.0, 0.0)
        );
        assert_eq!(df_percent(50, 50), 50.0);
        // With a Type column: read-only images and container views are left out by their type,
        // in any case, whatever df was told to leave out.
        let typed = "Filesystem Type 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 ext4 100000 91000 9000 91% /\n/dev/loop3 squashfs 56832 56832 0 100% /snap/core20/2015\n/dev/loop4 EROFS 1000 1000 0 100% /opt/image\nsnapfuse fuse.snapfuse 1000 1000 0 100% /snap/lxd/1\n/dev/sr0 iso9660 4000 4000 0 100% /media/cdrom\noverlay overlay 100 99 1 99% /var/lib/docker/overlay2/x/merged\n/dev/sdb1 xfs 200000 200000 0 100% /srv/my data\n";
        assert_eq!(
            df(typed)
                .iter()
                .map(|d| (d.mount_point.as_str(), d.used_percent))
                .collect::<Vec<_>>(),
            vec![("/", 91.0), ("/srv/my data", 100.0)]
        );
        // A mount held in memory is read, with its type: a full /dev/shm is reported, never
        // pruned, as on this host and on a fleet agent.
        let shm = "Filesystem Type 1024-blocks Used Available Capacity Mounted on\ntmpfs tmpfs 65536 65536 0 100% /dev/shm\n";
        assert_eq!(
            df(shm)
                .iter()
                .map(|d| (d.mount_point.as_str(), d.filesystem.as_deref()))
                .collect::<Vec<_>>(),
            vec![("/dev/shm", Some("tmpfs"))]
        );
        assert!(!DF.split_whitespace().any(|w| w == "tmpfs"));
        assert_eq!(load_five(""), None);
        // /proc/mounts after the load and memory: `ro` among the options, `\040` a space, a
        // mount remounted read-write over itself is read-write.
        let mounts = format!(
            "{proc_files}/dev/sda1 / ext4 rw,relatime 0 0\n/dev/sdb1 /srv/my\\040data xfs ro,relatime 0 0\n/dev/sdc1 /backup ext4 ro 0 0\n/dev/sdc1 /backup ext4 rw 0 0\n/dev/sdd1 /archive ext4 errors=remount-ro,ro 0 0\nproc /proc proc rw,nosuid 0 0\n"
        );
        assert_eq!(read_only_mounts(&mounts), vec!["/srv/my data", "/archive"]);
        assert_eq!(
            memory_used_percent("MemTotal: 0 kB\nMemAvailable: 0 kB"),
            None
        );
    }

    #[test]
    fn what_is_no_number_of_a_host_is_no_reading() {
        // NaN, an infinity or a negative value is no load, memory or capacity: never over (or
        // under) a threshold.
        for load in ["nan", "NaN", "inf", "-inf", "infinity", "-1.5"] {
            assert_eq!(load_five(&format!("0.1 {load} 0.1 1/2 3")), None, "{load}");
        }
        assert_eq!(load_five("0.1 0 0.1 1/2 3"), Some(0.0));
        assert_eq!(
            memory_used_percent("MemTotal: inf kB\nMemAvailable: 1 kB"),
            None
        );
        assert_eq!(
            memory_used_percent("MemTotal: 100 kB\nMemAvailable: nan kB"),
            None
        );
        let df_out = "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 100 91 9 nan% /\n/dev/sdb1 100 10 90 inf% /srv\nnone 0 0 0 - /empty\n";
        assert_eq!(
            df(df_out)
                .iter()
                .map(|d| (d.mount_point.as_str(), d.used_percent))
                .collect::<Vec<_>>(),
            vec![("/", 91.0), ("/srv", 10.0), ("/empty", 0.0)]
        );
    }
}
