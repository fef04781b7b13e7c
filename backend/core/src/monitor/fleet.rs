//! The fleet's agents in the monitor's sweep: each agent's last readings (load, memory, disks)
//! are judged like an SSH host's, and an agent whose heartbeats stopped is `host_unreachable`.
//! The readings come from the agents themselves (they push them over NATS); the sweep reads
//! what arrived, so it never waits on a host. An agent's numbers are read as this host's: one
//! that is no reading (a negative or endless load, a percent outside 0 to 100, from an agent's
//! torn reading or a bug of its own) is none, never over or under every threshold.

pub use super::readings::DiskReading;
pub use super::remote::RemoteReading;

/// The fleet as the monitor sees it. Implemented by the server over NATS.
pub trait FleetReadings: Send + Sync {
    /// One reading per known agent: `reachable` false (with why) when its heartbeats stopped,
    /// its last load, memory and disks otherwise.
    fn readings(&self) -> Vec<RemoteReading>;
}

/// Disks one agent's reading may carry, at most. An agent reports what it mounts (agents report
/// no containers or GPUs); thousands (a bind mount per container, a bug of its own, a forged
/// message) would cost every sweep their memory and a finding each, so the excess is left out.
pub const MAX_AGENT_DISKS: usize = 256;

/// An agent's reading as the sweep judges it: a load that is no number (negative, endless) is
/// none, as this host's is; a memory or disk fill level outside 0 to 100 percent is none (the
/// disk left out, never full); a disk with no mount point names nothing to look at or repair
/// and is left out; past [`MAX_AGENT_DISKS`], the fullest are kept (a full disk is never
/// hidden by empty ones) and the rest left out, said in a warning naming the agent.
pub fn judged(reading: RemoteReading) -> RemoteReading {
    let (reading, note) = judged_noting(reading);
    if let Some(note) = note {
        tracing::warn!(host = %reading.host, "{note}");
    }
    reading
}

/// As [`judged`], returning the note about the disks left out past the bound, if any.
fn judged_noting(mut reading: RemoteReading) -> (RemoteReading, Option<String>) {
    let percent = |value: &f64| (0.0..=100.0).contains(value);
    reading.load_per_core = reading
        .load_per_core
        .filter(|load| load.is_finite() && *load >= 0.0);
    reading.memory_used_percent = reading.memory_used_percent.filter(percent);
    reading
        .disks
        .retain(|disk| percent(&disk.used_percent) && !disk.mount_point.trim().is_empty());
    for disk in &mut reading.disks {
        disk.unavailable_percent = disk.unavailable_percent.filter(percent);
    }
    let note = bound_disks(&mut reading);
    (reading, note)
}

/// Keeps the [`MAX_AGENT_DISKS`] fullest of `reading`'s disks, in the order the agent sent
/// them; says how many were left out, if any.
fn bound_disks(reading: &mut RemoteReading) -> Option<String> {
    let sent = reading.disks.len();
    if sent <= MAX_AGENT_DISKS {
        return None;
    }
    let mut fullest: Vec<usize> = (0..sent).collect();
    // Their percents were checked above: all numbers, so the order is total.
    fullest.sort_by(|a, b| {
        reading.disks[*b]
            .used_percent
            .total_cmp(&reading.disks[*a].used_percent)
    });
    let mut kept = vec![false; sent];
    for index in fullest.into_iter().take(MAX_AGENT_DISKS) {
        kept[index] = true;
    }
    let mut index = 0;
    reading.disks.retain(|_| {
        index += 1;
        kept[index - 1]
    });
    Some(format!(
        "fleet agent {} reported {sent} disks: the {MAX_AGENT_DISKS} fullest are judged, {} left out",
        reading.host,
        sent - MAX_AGENT_DISKS
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(mount_point: &str, used_percent: f64) -> DiskReading {
        DiskReading {
            mount_point: mount_point.to_owned(),
            used_percent,
            available_bytes: 0,
            unavailable_percent: Some(used_percent),
            filesystem: None,
            read_only: false,
        }
    }

    #[test]
    fn an_agents_numbers_that_are_no_reading_are_none() {
        let reading = |load: f64, memory: f64| RemoteReading {
            host: "edge-1".to_owned(),
            agent: true,
            reachable: true,
            error: None,
            load_per_core: Some(load),
            memory_used_percent: Some(memory),
            disks: vec![
                disk("/data", 97.0),
                disk("/below", -1.0),
                disk("/above", 1e300),
                disk("/nan", f64::NAN),
                disk(" ", 99.0),
                disk("/full", 100.0),
            ],
        };
        for (load, memory) in [
            (-0.5, -1.0),
            (f64::INFINITY, 150.0),
            (f64::NAN, f64::NAN),
            (f64::NEG_INFINITY, f64::INFINITY),
        ] {
            let read = judged(reading(load, memory));
            assert_eq!(read.load_per_core, None, "{load}");
            assert_eq!(read.memory_used_percent, None, "{memory}");
            let mounts: Vec<&str> = read.disks.iter().map(|d| d.mount_point.as_str()).collect();
            assert_eq!(mounts, vec!["/data", "/full"]);
        }
        let read = judged(reading(3.5, 42.0));
        assert_eq!(read.load_per_core, Some(3.5));
        assert_eq!(read.memory_used_percent, Some(42.0));
        assert_eq!(read.disks[0].unavailable_percent, Some(97.0));
        let mut torn = disk("/torn", 50.0);
        torn.unavailable_percent = Some(-3.0);
        let read = judged(RemoteReading {
            disks: vec![torn],
            ..reading(0.0, 0.0)
        });
        assert_eq!(read.disks[0].unavailable_percent, None);
    }

    #[test]
    fn an_agents_disks_past_the_bound_are_left_out_the_fullest_kept_and_named() {
        let reading = |count: usize| RemoteReading {
            host: "edge-1".to_owned(),
            agent: true,
            reachable: true,
            error: None,
            load_per_core: None,
            memory_used_percent: None,
            disks: (0..count)
                .map(|i| disk(&format!("/mnt/{i}"), if i == 3 { 99.0 } else { 10.0 }))
                .collect(),
        };
        let (read, note) = judged_noting(reading(MAX_AGENT_DISKS));
        assert_eq!(read.disks.len(), MAX_AGENT_DISKS);
        assert_eq!(note, None);
        // Far past the bound, the full disk last: kept, in the agent's order.
        let mut many = reading(MAX_AGENT_DISKS + 10_000);
        many.disks.push(disk("/last", 98.0));
        let (read, note) = judged_noting(many);
        assert_eq!(read.disks.len(), MAX_AGENT_DISKS);
        assert!(read.disks.iter().any(|d| d.mount_point == "/last"));
        let full: Vec<&str> = read
            .disks
            .iter()
            .filter(|d| d.used_percent > 90.0)
            .map(|d| d.mount_point.as_str())
            .collect();
        assert_eq!(full, vec!["/mnt/3", "/last"]);
        assert_eq!(
            note.as_deref(),
            Some(
                format!(
                    "fleet agent edge-1 reported {} disks: the {MAX_AGENT_DISKS} fullest are judged, 10001 left out",
                    MAX_AGENT_DISKS + 10_001
                )
                .as_str()
            )
        );
    }
}
