//! The kernel's own record of memory kills, for when Docker's `OOMKilled` flag is missing.
//!
//! Docker 20.10 learns of a memory kill from containerd's OOM event and drops the event when it
//! arrives while the daemon is still starting the container or after it has handled the exit.
//! Measured on a loaded machine: of 40 containers whose main process ran out of memory at once,
//! 5 came back `OOMKilled: false`, with no `oom` event either, so the monitor took them for a
//! `docker kill`. The kernel logs every kill with the cgroup it was charged to
//! (`oom-kill:...,task_memcg=/docker/<id>,...`; `docker-<id>.scope` under systemd), so for a
//! container that ended by SIGKILL (exit code 137) without the flag, the kernel log of the
//! daemon's own host settles it.
//!
//! Read only where the daemon is local (a Unix socket) and the log is readable (root, or
//! `kernel.dmesg_restrict=0`); otherwise Docker's answer stands. The read is bounded (records,
//! bytes and time) and never blocks: `/dev/kmsg` is opened non-blocking and read to its end.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::DateTime;

/// One kill the kernel logged: the cgroup's container id (64 hexadecimal characters) and when,
/// in microseconds since boot (the kernel log's clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelKill {
    pub container_id: String,
    pub since_boot_us: u64,
}

/// The kernel log's records read at most (its ring buffer holds far fewer).
const MAX_RECORDS: usize = 200_000;
/// How long reading the log may take before Docker's answer stands alone.
const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// Slack around a run's start and finish when matching a kill to it, in seconds: the kernel
/// clock is converted to wall time through the boot time, which `/proc/stat` gives to the second.
const SLACK_SECS: f64 = 2.0;

/// The container a kill was charged to, from one `/dev/kmsg` record
/// (`PRIORITY,SEQUENCE,MICROSECONDS,FLAGS;MESSAGE`): `None` for any other record.
pub fn parse_record(record: &str) -> Option<KernelKill> {
    let (prefix, message) = record.split_once(';')?;
    let since_boot_us = prefix.split(',').nth(2)?.parse().ok()?;
    let fields = message.trim_end().strip_prefix("oom-kill:")?;
    let memcg = fields
        .split(',')
        .find_map(|f| f.strip_prefix("task_memcg="))?;
    let container_id = container_id_of(memcg)?;
    Some(KernelKill {
        container_id,
        since_boot_us,
    })
}

/// The 64-hexadecimal id in a cgroup path's last part (`/docker/ID`,
/// `/system.slice/docker-ID.scope`, `/kubepods/.../ID`).
fn container_id_of(memcg: &str) -> Option<String> {
    let last = memcg.rsplit('/').next()?;
    let last = last.strip_suffix(".scope").unwrap_or(last);
    let id = last.rsplit('-').next()?;
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_ascii_lowercase())
}

/// Whether one of `kills` belongs to the run of `container_id` that started at `started_at` and
/// finished at `finished_at` (RFC 3339, as Docker writes them), given the boot's wall time in
/// seconds since the epoch.
pub fn killed_in_run(
    kills: &[KernelKill],
    boot_secs: f64,
    container_id: &str,
    started_at: &str,
    finished_at: &str,
) -> bool {
    let seconds = |t: &str| {
        DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|t| t.timestamp_micros() as f64 / 1e6)
    };
    let (Some(started), Some(finished)) = (seconds(started_at), seconds(finished_at)) else {
        return false;
    };
    // A run still going has no finish (Docker writes year 1). A process killed while the daemon
    // was still starting its container finishes before Docker's recorded start: the run spans
    // both times, in either order.
    if finished < started - SLACK_SECS {
        return false;
    }
    let (from, to) = (started.min(finished), started.max(finished));
    kills.iter().any(|kill| {
        let at = boot_secs + kill.since_boot_us as f64 / 1e6;
        kill.container_id.eq_ignore_ascii_case(container_id)
            && at >= from - SLACK_SECS
            && at <= to + SLACK_SECS
    })
}

/// The kills in the kernel log and the boot's wall time, or why they cannot be read.
pub async fn read_kills() -> Result<(Vec<KernelKill>, f64), String> {
    let reading = tokio::task::spawn_blocking(|| Ok::<_, String>((read_log()?, boot_secs()?)));
    match tokio::time::timeout(READ_TIMEOUT, reading).await {
        Ok(Ok(read)) => read,
        Ok(Err(error)) => Err(format!("reading the kernel log stopped: {error}")),
        Err(_) => Err(format!(
            "the kernel log took over {} s to read",
            READ_TIMEOUT.as_secs()
        )),
    }
}

/// Every memory kill in `/dev/kmsg`, read without waiting for new records.
fn read_log() -> Result<Vec<KernelKill>, String> {
    let mut log = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open("/dev/kmsg")
        .map_err(|e| format!("cannot open /dev/kmsg: {e}"))?;
    // One record per read; the kernel caps a record well under this.
    let mut record = vec![0u8; 16 * 1024];
    let mut kills = Vec::new();
    for _ in 0..MAX_RECORDS {
        match log.read(&mut record) {
            Ok(0) => break,
            Ok(n) => {
                if let Some(kill) = parse_record(&String::from_utf8_lossy(&record[..n])) {
                    kills.push(kill);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            // Records overwritten while reading: the next read goes on from the oldest kept.
            Err(e) if e.raw_os_error() == Some(libc::EPIPE) => continue,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read /dev/kmsg: {e}")),
        }
    }
    Ok(kills)
}

/// The boot's wall time in seconds since the epoch: now less the time since boot.
fn boot_secs() -> Result<f64, String> {
    let uptime = std::fs::read_to_string("/proc/uptime")
        .map_err(|e| format!("cannot read /proc/uptime: {e}"))?;
    let since_boot: f64 = uptime
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("/proc/uptime is not `SECONDS IDLE`: {uptime:?}"))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| format!("the clock is before 1970: {e}"))?;
    Ok(now.as_secs_f64() - since_boot)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "d27bc96cc532a1d690689b82e3d0a3ce6315eb8c073e4028840d8b99cf221132";

    #[test]
    fn kills_are_read_from_the_records_that_name_their_cgroup() {
        let cgroupfs = format!(
            "6,29870,45004096403,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),\
             cpuset={ID},mems_allowed=0,oom_memcg=/docker/{ID},task_memcg=/docker/{ID},\
             task=dd,pid=30896,uid=0\n"
        );
        assert_eq!(
            parse_record(&cgroupfs),
            Some(KernelKill {
                container_id: ID.to_owned(),
                since_boot_us: 45_004_096_403
            })
        );
        let systemd = format!(
            "6,12,900000,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,\
             mems_allowed=0,oom_memcg=/system.slice/docker-{ID}.scope,\
             task_memcg=/system.slice/docker-{ID}.scope,task=java,pid=7,uid=1000"
        );
        assert_eq!(parse_record(&systemd).unwrap().container_id, ID);
        // The line that follows names a process, not a cgroup; others are not kills at all;
        // a kill outside any container is no container's.
        for other in [
            "3,29871,45004096423,-;Memory cgroup out of memory: Killed process 30896 (dd)"
                .to_owned(),
            "6,1,2,-;eth0: link up".to_owned(),
            "6,1,2,-;oom-kill:constraint=CONSTRAINT_NONE,task_memcg=/user.slice,task=x,pid=1"
                .to_owned(),
            "garbage".to_owned(),
            format!("6,1,notanumber,-;oom-kill:task_memcg=/docker/{ID}"),
        ] {
            assert_eq!(parse_record(&other), None, "{other}");
        }
    }

    #[test]
    fn a_kill_counts_for_the_run_it_fell_in_only() {
        // Booted at 1,000,000 s; killed 100.5 s later.
        let kills = [KernelKill {
            container_id: ID.to_owned(),
            since_boot_us: 100_500_000,
        }];
        let at = |s: i64| {
            DateTime::from_timestamp(s, 0)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
        };
        let boot = 1_000_000.0;
        assert!(killed_in_run(
            &kills,
            boot,
            ID,
            &at(1_000_099),
            &at(1_000_101)
        ));
        // The same id's earlier or later run, another container, a run still going.
        assert!(!killed_in_run(
            &kills,
            boot,
            ID,
            &at(1_000_200),
            &at(1_000_210)
        ));
        assert!(!killed_in_run(
            &kills,
            boot,
            ID,
            &at(1_000_000),
            &at(1_000_050)
        ));
        assert!(!killed_in_run(
            &kills,
            boot,
            &"a".repeat(64),
            &at(1_000_099),
            &at(1_000_101)
        ));
        assert!(!killed_in_run(
            &kills,
            boot,
            ID,
            &at(1_000_099),
            "0001-01-01T00:00:00Z"
        ));
        assert!(!killed_in_run(
            &kills,
            boot,
            ID,
            "not a time",
            &at(1_000_101)
        ));
        // Killed while Docker was still starting it: Docker's start comes after the finish.
        let late_start = DateTime::from_timestamp(1_000_100, 600_000_000)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
        assert!(killed_in_run(&kills, boot, ID, &late_start, &at(1_000_100)));
    }
}
