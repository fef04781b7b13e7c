//! Remote hosts over SSH: the monitor runs three read-only commands on each configured host
//! through the guard (`ssh_exec`; the classifier judges them low), and reads load per core,
//! memory in use and disk use from their output. A host that cannot be reached is a finding.

use serde_json::json;
use warden_tool_api::ToolContext;

use super::probes::read;
use super::readings::DiskReading;
use crate::guard::Guard;

pub use warden_protocol::readings::RemoteReading;

/// The five-minute load of `/proc/loadavg` (`0.52 0.58 0.59 1/467 12345`).
pub fn load_five(text: &str) -> Option<f64> {
    text.lines().next()?.split_whitespace().nth(1)?.parse().ok()
}

/// Percent of memory in use from `/proc/meminfo` (MemTotal less MemAvailable).
pub fn memory_used_percent(text: &str) -> Option<f64> {
    let field = |name: &str| -> Option<f64> {
        text.lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let (total, available) = (field("MemTotal:")?, field("MemAvailable:")?);
    (total > 0.0).then(|| ((total - available) * 1000.0 / total).round() / 10.0)
}

/// Filesystems from `df -P -k` (`Filesystem 1024-blocks Used Available Capacity Mounted on`).
pub fn df(text: &str) -> Vec<DiskReading> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 6 {
                return None;
            }
            let used: u64 = fields[2].parse().ok()?;
            let available: u64 = fields[3].parse().ok()?;
            // df's own Capacity column; computed as df does when it is not a number.
            let capacity = fields[4].trim_end_matches('%').parse::<f64>().ok();
            Some(DiskReading {
                mount_point: fields[5..].join(" "),
                used_percent: capacity.unwrap_or_else(|| df_percent(used, available)),
                available_bytes: available.saturating_mul(1024),
                unavailable_percent: None,
            })
        })
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

/// Filesystem types `df` is told to leave out: they are not disks that fill.
const DF: &str = "df -P -k -x tmpfs -x devtmpfs -x overlay -x squashfs";

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
    let proc_files = match run("cat /proc/loadavg /proc/meminfo").await {
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
        .and_then(|d| d["stdout"].as_str()?.trim().parse::<f64>().ok())
        .filter(|c| *c > 0.0)
        .unwrap_or(1.0);
    reading.load_per_core = load_five(&proc_files).map(|l| l / cores);
    reading.memory_used_percent = memory_used_percent(&proc_files);
    match run(DF).await {
        Ok(data) => reading.disks = df(data["stdout"].as_str().unwrap_or_default()),
        Err(error) => reading.error = Some(error),
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(load_five(""), None);
        assert_eq!(
            memory_used_percent("MemTotal: 0 kB\nMemAvailable: 0 kB"),
            None
        );
    }
}
