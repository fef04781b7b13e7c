//! What the hub accepts as a true description of a host: every fact and reading an agent sends
//! is checked against what a real machine can report before it is stored (finite numbers,
//! percentages within 0 to 100, counts and sizes a machine can have, times not ahead of the
//! hub's clock by more than a small skew). A message that fails is refused whole, with the field
//! and value named, so a buggy or hostile agent cannot put impossible values in front of the
//! monitor and the operators.

use crate::FleetError;
use crate::messages::{Facts, Heartbeat, Readings, Registration};

/// How far ahead of the hub's clock an agent's time may be (clocks drift; NTP fixes them).
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;
/// The most CPU cores a host may report.
pub const MAX_CORES: u32 = 65_536;
/// The most memory a host may report: 64 TiB.
pub const MAX_MEMORY_BYTES: u64 = 64 << 40;
/// The largest filesystem a host may report: 1 EiB.
pub const MAX_DISK_BYTES: u64 = 1 << 60;
/// The most filesystems and GPUs a message may list.
pub const MAX_DISKS: usize = 1_024;
pub const MAX_GPUS: usize = 256;
/// The longest text field (OS, kernel, host name, GPU name, version).
pub const MAX_TEXT_BYTES: usize = 256;
/// The longest mount point.
pub const MAX_MOUNT_POINT_BYTES: usize = 4_096;
/// The highest load per core believed (a host under a fork bomb reaches hundreds).
pub const MAX_LOAD_PER_CORE: f64 = 100_000.0;

fn refuse(what: &str, why: String) -> FleetError {
    FleetError::InvalidMessage(format!("{what}: {why}"))
}

fn time(what: &str, field: &str, value: i64, now: i64) -> Result<(), FleetError> {
    if value < 0 {
        return Err(refuse(what, format!("{field} {value} is before 1970")));
    }
    if value > now.saturating_add(MAX_CLOCK_SKEW_SECS) {
        return Err(refuse(
            what,
            format!(
                "{field} {value} is more than {MAX_CLOCK_SKEW_SECS} s ahead of the hub's clock ({now})"
            ),
        ));
    }
    Ok(())
}

fn percent(what: &str, field: &str, value: f64) -> Result<(), FleetError> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(())
    } else {
        Err(refuse(
            what,
            format!("{field} {value} is not within 0 to 100"),
        ))
    }
}

fn text(what: &str, field: &str, value: &str, limit: usize) -> Result<(), FleetError> {
    if value.len() > limit {
        return Err(refuse(
            what,
            format!("{field} of {} bytes is over {limit}", value.len()),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(refuse(what, format!("{field} holds control characters")));
    }
    Ok(())
}

/// Checks a host's facts.
pub fn check_facts(what: &str, facts: &Facts) -> Result<(), FleetError> {
    text(what, "os", &facts.os, MAX_TEXT_BYTES)?;
    text(what, "kernel", &facts.kernel, MAX_TEXT_BYTES)?;
    text(what, "hostname", &facts.hostname, MAX_TEXT_BYTES)?;
    if !(1..=MAX_CORES).contains(&facts.cores) {
        return Err(refuse(
            what,
            format!("cores {} is not within 1 to {MAX_CORES}", facts.cores),
        ));
    }
    if facts.memory_bytes > MAX_MEMORY_BYTES {
        return Err(refuse(
            what,
            format!(
                "memory_bytes {} is over {MAX_MEMORY_BYTES} (64 TiB)",
                facts.memory_bytes
            ),
        ));
    }
    if facts.disks.len() > MAX_DISKS {
        return Err(refuse(
            what,
            format!("{} disks is over {MAX_DISKS}", facts.disks.len()),
        ));
    }
    for disk in &facts.disks {
        text(
            what,
            "mount_point",
            &disk.mount_point,
            MAX_MOUNT_POINT_BYTES,
        )?;
        if disk.total_bytes > MAX_DISK_BYTES || disk.available_bytes > disk.total_bytes {
            return Err(refuse(
                what,
                format!(
                    "disk {:?}: total_bytes {} and available_bytes {} are not a real filesystem's",
                    disk.mount_point, disk.total_bytes, disk.available_bytes
                ),
            ));
        }
    }
    if facts.gpus.len() > MAX_GPUS {
        return Err(refuse(
            what,
            format!("{} GPUs is over {MAX_GPUS}", facts.gpus.len()),
        ));
    }
    for gpu in &facts.gpus {
        text(what, "gpu", gpu, MAX_TEXT_BYTES)?;
    }
    Ok(())
}

/// Checks a registration against the hub's clock `now` (Unix seconds).
pub fn check_registration(registration: &Registration, now: i64) -> Result<(), FleetError> {
    let what = "registration";
    text(
        what,
        "agent_version",
        &registration.agent_version,
        MAX_TEXT_BYTES,
    )?;
    time(what, "started_at", registration.started_at, now)?;
    check_facts(what, &registration.facts)
}

/// Checks a heartbeat against the hub's clock `now`.
pub fn check_heartbeat(beat: &Heartbeat, now: i64) -> Result<(), FleetError> {
    time("heartbeat", "sent_at", beat.sent_at, now)
}

/// Checks readings against the hub's clock `now`.
pub fn check_readings(readings: &Readings, now: i64) -> Result<(), FleetError> {
    let what = "readings";
    time(what, "taken_at", readings.taken_at, now)?;
    if let Some(load) = readings.load_per_core
        && !(load.is_finite() && (0.0..=MAX_LOAD_PER_CORE).contains(&load))
    {
        return Err(refuse(
            what,
            format!("load_per_core {load} is not within 0 to {MAX_LOAD_PER_CORE}"),
        ));
    }
    if let Some(memory) = readings.memory_used_percent {
        percent(what, "memory_used_percent", memory)?;
    }
    if readings.disks.len() > MAX_DISKS {
        return Err(refuse(
            what,
            format!("{} disks is over {MAX_DISKS}", readings.disks.len()),
        ));
    }
    for disk in &readings.disks {
        text(
            what,
            "mount_point",
            &disk.mount_point,
            MAX_MOUNT_POINT_BYTES,
        )?;
        percent(what, "used_percent", disk.used_percent)?;
        if let Some(filesystem) = &disk.filesystem {
            text(what, "filesystem", filesystem, MAX_TEXT_BYTES)?;
        }
        if disk.available_bytes > MAX_DISK_BYTES {
            return Err(refuse(
                what,
                format!(
                    "disk {:?}: available_bytes {} is over {MAX_DISK_BYTES}",
                    disk.mount_point, disk.available_bytes
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{DiskFact, DiskReading, VERSION};
    use crate::subjects::AgentName;
    use pretty_assertions::assert_eq;

    const NOW: i64 = 1_800_000_000;

    /// A change to a valid message and the refusal it must get.
    type Case<'a, T> = (Box<dyn Fn(&mut T)>, &'a str);

    fn readings() -> Readings {
        Readings {
            v: VERSION,
            name: AgentName::parse("gpu-box").unwrap(),
            taken_at: NOW,
            load_per_core: Some(0.5),
            memory_used_percent: Some(40.0),
            disks: vec![DiskReading {
                mount_point: "/".into(),
                used_percent: 50.0,
                available_bytes: 1 << 30,
                read_only: false,
                filesystem: Some("ext4".into()),
            }],
        }
    }

    fn registration() -> Registration {
        Registration {
            v: VERSION,
            name: AgentName::parse("gpu-box").unwrap(),
            facts: Facts {
                os: "Debian GNU/Linux 12".into(),
                kernel: "6.1.0".into(),
                hostname: "gpu-box".into(),
                cores: 16,
                memory_bytes: 64 << 30,
                disks: vec![DiskFact {
                    mount_point: "/".into(),
                    total_bytes: 1 << 40,
                    available_bytes: 1 << 39,
                }],
                gpus: vec!["NVIDIA H200".into()],
                docker: true,
            },
            agent_version: "0.1.0".into(),
            started_at: NOW - 60,
        }
    }

    fn refusal(result: Result<(), FleetError>) -> String {
        result.expect_err("refused").to_string()
    }

    #[test]
    fn real_values_pass() {
        assert!(check_readings(&readings(), NOW).is_ok());
        assert!(check_registration(&registration(), NOW).is_ok());
        // A clock a little ahead is tolerated.
        let mut ahead = readings();
        ahead.taken_at = NOW + MAX_CLOCK_SKEW_SECS;
        assert!(check_readings(&ahead, NOW).is_ok());
        let empty = Readings {
            load_per_core: None,
            memory_used_percent: None,
            disks: vec![],
            ..readings()
        };
        assert!(check_readings(&empty, NOW).is_ok());
    }

    #[test]
    fn impossible_readings_are_refused_with_the_field_named() {
        let load_min = format!(
            "invalid message: readings: load_per_core {} is not within 0 to 100000",
            -1e308_f64
        );
        let cases: Vec<Case<'_, Readings>> = vec![
            (
                Box::new(|r| r.disks[0].used_percent = 150.0),
                "invalid message: readings: used_percent 150 is not within 0 to 100",
            ),
            (
                Box::new(|r| r.disks[0].used_percent = -0.5),
                "invalid message: readings: used_percent -0.5 is not within 0 to 100",
            ),
            (
                Box::new(|r| r.load_per_core = Some(-1e308)),
                load_min.as_str(),
            ),
            (
                Box::new(|r| r.load_per_core = Some(f64::NAN)),
                "invalid message: readings: load_per_core NaN is not within 0 to 100000",
            ),
            (
                Box::new(|r| r.memory_used_percent = Some(f64::INFINITY)),
                "invalid message: readings: memory_used_percent inf is not within 0 to 100",
            ),
            (
                Box::new(|r| r.taken_at = NOW + 86_400 * 365),
                "invalid message: readings: taken_at 1831536000 is more than 300 s ahead of the hub's clock (1800000000)",
            ),
            (
                Box::new(|r| r.taken_at = -5),
                "invalid message: readings: taken_at -5 is before 1970",
            ),
            (
                Box::new(|r| r.disks[0].filesystem = Some("x".repeat(300))),
                "invalid message: readings: filesystem of 300 bytes is over 256",
            ),
            (
                Box::new(|r| r.disks[0].available_bytes = u64::MAX),
                "invalid message: readings: disk \"/\": available_bytes 18446744073709551615 is over 1152921504606846976",
            ),
        ];
        for (change, expected) in cases {
            let mut r = readings();
            change(&mut r);
            assert_eq!(refusal(check_readings(&r, NOW)), expected);
        }
    }

    #[test]
    fn impossible_facts_are_refused_with_the_field_named() {
        let cases: Vec<Case<'_, Registration>> = vec![
            (
                Box::new(|r| r.facts.cores = u32::MAX),
                "invalid message: registration: cores 4294967295 is not within 1 to 65536",
            ),
            (
                Box::new(|r| r.facts.cores = 0),
                "invalid message: registration: cores 0 is not within 1 to 65536",
            ),
            (
                Box::new(|r| r.facts.memory_bytes = u64::MAX),
                "invalid message: registration: memory_bytes 18446744073709551615 is over 70368744177664 (64 TiB)",
            ),
            (
                Box::new(|r| r.facts.disks[0].available_bytes = (1 << 40) + 1),
                "invalid message: registration: disk \"/\": total_bytes 1099511627776 and available_bytes 1099511627777 are not a real filesystem's",
            ),
            (
                Box::new(|r| r.started_at = i64::MAX),
                "invalid message: registration: started_at 9223372036854775807 is more than 300 s ahead of the hub's clock (1800000000)",
            ),
            (
                Box::new(|r| r.facts.hostname = "a\u{1b}[31m".into()),
                "invalid message: registration: hostname holds control characters",
            ),
            (
                Box::new(|r| r.facts.gpus = vec!["g".into(); MAX_GPUS + 1]),
                "invalid message: registration: 257 GPUs is over 256",
            ),
        ];
        for (change, expected) in cases {
            let mut r = registration();
            change(&mut r);
            assert_eq!(refusal(check_registration(&r, NOW)), expected);
        }
        let beat = Heartbeat {
            v: VERSION,
            name: AgentName::parse("gpu-box").unwrap(),
            sent_at: NOW + 3_600,
            seq: 1,
        };
        assert_eq!(
            refusal(check_heartbeat(&beat, NOW)),
            "invalid message: heartbeat: sent_at 1800003600 is more than 300 s ahead of the hub's clock (1800000000)"
        );
    }
}
