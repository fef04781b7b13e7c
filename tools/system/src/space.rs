//! A filesystem's space as `df` reports it. `df` counts used = size - free and shows Use% as
//! used / (used + available), rounded up: blocks reserved for root are neither used nor
//! available. (size - available) / size, the share ordinary users cannot use, differs by tens of
//! points on a filesystem that reserves many blocks, so both are kept.

use warden_protocol::readings::FilesystemData;

/// Bytes of one filesystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    pub total: u64,
    /// Free to root (reserved blocks included).
    pub free: u64,
    /// Available to ordinary users.
    pub available: u64,
}

impl Space {
    /// Reads `statvfs` for the mount point; None when it cannot be read (then the caller's
    /// total and available stand, with nothing known of reserved blocks).
    pub fn of(mount_point: &std::path::Path) -> Option<Space> {
        let stat = rustix::fs::statvfs(mount_point).ok()?;
        let block = stat.f_frsize;
        Some(Space {
            total: stat.f_blocks.saturating_mul(block),
            free: stat.f_bfree.saturating_mul(block),
            available: stat.f_bavail.saturating_mul(block),
        })
    }

    pub fn used(&self) -> u64 {
        self.total.saturating_sub(self.free)
    }

    /// `df`'s Use%: used / (used + available) as a whole percent, rounded up.
    pub fn used_percent(&self) -> f64 {
        let used = u128::from(self.used());
        let base = used + u128::from(self.available);
        if base == 0 {
            0.0
        } else {
            (used * 100).div_ceil(base) as f64
        }
    }

    /// (size - available) / size, in percent with one decimal.
    pub fn unavailable_percent(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let unavailable = self.total.saturating_sub(self.available.min(self.total));
        (unavailable as f64 * 1000.0 / self.total as f64).round() / 10.0
    }

    /// The row `disk_usage` reports for the filesystem mounted at `mount_point`.
    pub fn filesystem(
        &self,
        mount_point: String,
        filesystem: String,
        device: String,
        read_only: bool,
    ) -> FilesystemData {
        FilesystemData {
            mount_point,
            filesystem,
            device,
            total_bytes: self.total,
            used_bytes: self.used(),
            free_bytes: self.free,
            available_bytes: self.available,
            reserved_bytes: self.free.saturating_sub(self.available),
            used_percent: self.used_percent(),
            unavailable_percent: self.unavailable_percent(),
            read_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_is_counted_as_df_counts_it() {
        // This machine's `/` (ext4, 4 KiB blocks): statvfs blocks 66053021, free 59583672,
        // available 17352123; `df` shows 28% where (size - available) / size is 73.7%.
        let root = Space {
            total: 66_053_021 * 4096,
            free: 59_583_672 * 4096,
            available: 17_352_123 * 4096,
        };
        assert_eq!(root.used_percent(), 28.0);
        assert_eq!(root.unavailable_percent(), 73.7);
        let empty = Space {
            total: 0,
            free: 0,
            available: 0,
        };
        assert_eq!(
            (empty.used_percent(), empty.unavailable_percent()),
            (0.0, 0.0)
        );
        // Rounded up, as df does: 1 block used of 1000 is 1%.
        let tiny = Space {
            total: 1000,
            free: 999,
            available: 999,
        };
        assert_eq!(tiny.used_percent(), 1.0);
    }

    #[test]
    fn a_real_mount_reads_as_df_prints_it() {
        let space = Space::of(std::path::Path::new("/")).unwrap_or_else(|| panic!("statvfs /"));
        let out = std::process::Command::new("df")
            .args(["-P", "-k", "/"])
            .output()
            .unwrap_or_else(|e| panic!("df: {e}"));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let capacity: f64 = text
            .lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(4))
            .and_then(|c| c.trim_end_matches('%').parse().ok())
            .unwrap_or_else(|| panic!("df output: {text}"));
        // The disk may fill or empty between the two reads; a point apart at most.
        assert!(
            (space.used_percent() - capacity).abs() <= 1.0,
            "{} vs df {capacity}",
            space.used_percent()
        );
    }
}
