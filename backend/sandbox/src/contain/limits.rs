//! Resource bounds of a contained run: landlock, seccomp and the user switch say what a program
//! may touch, not how much memory, CPU or how many processes it may take, and a misjudged
//! `jq -n '[range(1e9)]'`, `sed ':a;H;G;ba'` or fork loop would otherwise take the host's.
//!
//! The bounds are resource limits set by util-linux `prlimit`, the first program of every
//! contained run, as hard and soft limits at once (an unprivileged program cannot raise a hard
//! limit), before `setpriv` switches user. Resource limits belong to a process and pass to its
//! children, so setting them in the child bounds the run and never Warden (`setrlimit` on the
//! contained thread would bound Warden's whole process). No cgroup is needed, so this works on
//! any Linux host, with or without systemd.
//!
//! - address space (`RLIMIT_AS`): each process's virtual memory, mappings included; an
//!   allocation past it fails and the program reports it.
//! - CPU time (`RLIMIT_CPU`): `SIGXCPU` at the bound, `SIGKILL` two seconds of CPU later; it
//!   bounds a spin beyond the wall-clock limit too (a process that left the run's group).
//! - processes (`RLIMIT_NPROC`): counted by the kernel per user, threads included, and every
//!   contained run is `nobody`: the bound is one budget for all contained runs at a time (and
//!   any other process of `nobody` on the host), which is what protects the host from a fork
//!   loop; a run that finds it spent cannot fork, or cannot even start (`setpriv`'s exec fails).
//! - file size (`RLIMIT_FSIZE`): the host file system is read-only to the run, but memory-backed
//!   files (`memfd_create`) are written; with open files (`RLIMIT_NOFILE`) it bounds them.
//! - core dumps (`RLIMIT_CORE` 0): a crashing program's memory never lands in a file.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

use rustix::process::Resource;

/// Bounds on every process of a contained run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContainedLimits {
    /// Address space of each process, in bytes (default 2 GiB).
    pub memory_bytes: u64,
    /// CPU seconds of each process (default 120).
    pub cpu_seconds: u64,
    /// Processes and threads of the contained user, all contained runs together (default 256).
    pub processes: u64,
    /// The largest file a process may write, in bytes (default 64 MiB).
    pub file_bytes: u64,
    /// Open files of each process (default 1024).
    pub open_files: u64,
}

impl Default for ContainedLimits {
    fn default() -> Self {
        Self {
            memory_bytes: 2 * 1024 * 1024 * 1024,
            cpu_seconds: 120,
            processes: 256,
            file_bytes: 64 * 1024 * 1024,
            open_files: 1024,
        }
    }
}

/// CPU seconds between `SIGXCPU` and `SIGKILL`, for a program that catches the first.
const CPU_GRACE_SECS: u64 = 2;

/// A run's end that a bound explains: the signal, or words a program prints when one of its
/// calls fails for it.
const MEMORY_WORDS: &[&str] = &[
    "cannot allocate memory",
    "memory exhausted",
    "out of memory",
    "couldn't re-allocate memory",
    "couldn't allocate memory",
    "std::bad_alloc",
    "memory allocation failed",
    "failed to allocate",
];
const FORK_WORDS: &[&str] = &[
    "cannot fork",
    "fork: ",
    "fork failed",
    "resource temporarily unavailable",
];
const FILE_WORDS: &[&str] = &["too many open files"];
const SIZE_WORDS: &[&str] = &["file too large"];

impl ContainedLimits {
    /// Each bound by its configuration name; a zero one is refused (fail closed: zero would
    /// mean a run that cannot start, or, to some readers, no bound).
    pub fn check(&self) -> Result<(), String> {
        let named = [
            ("memory", self.memory_bytes),
            ("CPU time", self.cpu_seconds),
            ("processes", self.processes),
            ("file size", self.file_bytes),
            ("open files", self.open_files),
        ];
        match named.iter().find(|(_, value)| *value == 0) {
            Some((name, _)) => Err(format!("the contained runs' {name} bound must be positive")),
            None => Ok(()),
        }
    }

    /// The bounds lowered to Warden's own hard limits, which no process without
    /// `CAP_SYS_RESOURCE` can exceed (`prlimit` would fail); a note for each one lowered.
    pub fn within_own(self) -> (ContainedLimits, Vec<String>) {
        let mut notes = Vec::new();
        let mut lower =
            |value: u64, resource: Resource, name: &str| match rustix::process::getrlimit(resource)
                .maximum
            {
                Some(hard) if hard < value => {
                    notes.push(format!("{name} lowered to Warden's own hard limit {hard}"));
                    hard.max(1)
                }
                _ => value,
            };
        let limits = ContainedLimits {
            memory_bytes: lower(self.memory_bytes, Resource::As, "memory"),
            cpu_seconds: lower(self.cpu_seconds + CPU_GRACE_SECS, Resource::Cpu, "CPU time")
                .saturating_sub(CPU_GRACE_SECS)
                .max(1),
            processes: lower(self.processes, Resource::Nproc, "processes"),
            file_bytes: lower(self.file_bytes, Resource::Fsize, "file size"),
            open_files: lower(self.open_files, Resource::Nofile, "open files"),
        };
        (limits, notes)
    }

    /// `prlimit`'s arguments up to and including `--`: every limit as `soft:hard`.
    pub fn prlimit_args(&self) -> Vec<String> {
        let both = |name: &str, value: u64| format!("--{name}={value}:{value}");
        vec![
            both("as", self.memory_bytes),
            format!(
                "--cpu={}:{}",
                self.cpu_seconds,
                self.cpu_seconds + CPU_GRACE_SECS
            ),
            both("nproc", self.processes),
            both("fsize", self.file_bytes),
            both("nofile", self.open_files),
            both("core", 0),
            "--".to_owned(),
        ]
    }

    /// One line for start-up logs and `/readyz`.
    pub fn describe(&self) -> String {
        format!(
            "{} MiB of address space, {} CPU s and {} open files per process, {} processes of the contained user, files up to {} MiB, no core dumps",
            self.memory_bytes / (1024 * 1024),
            self.cpu_seconds,
            self.open_files,
            self.processes,
            self.file_bytes / (1024 * 1024),
        )
    }

    /// Which bound, if any, explains how a run that failed ended: its last stage's `status` and
    /// every stage's `stderr`. None for a run that succeeded.
    pub fn diagnose(&self, status: ExitStatus, stderr: &str) -> Option<String> {
        if status.success() {
            return None;
        }
        let memory = || {
            format!(
                "the memory bound: {} MiB of address space per process (guard.contained_memory_mb)",
                self.memory_bytes / (1024 * 1024)
            )
        };
        let cpu = || {
            format!(
                "the CPU-time bound: {} CPU seconds per process (guard.contained_cpu_secs)",
                self.cpu_seconds
            )
        };
        let size = || {
            format!(
                "the file-size bound: {} MiB per file (guard.contained_file_mb)",
                self.file_bytes / (1024 * 1024)
            )
        };
        let said = |words: &[&str]| {
            let text = stderr.to_lowercase();
            words.iter().any(|word| text.contains(word))
        };
        let bound = match status.signal() {
            Some(libc::SIGXCPU) => cpu(),
            Some(libc::SIGXFSZ) => size(),
            Some(libc::SIGKILL) if !said(MEMORY_WORDS) => format!(
                "{} (or the kernel's out-of-memory killer: it was killed)",
                cpu()
            ),
            _ if said(MEMORY_WORDS) => memory(),
            _ if said(FORK_WORDS) => format!(
                "the process bound: {} processes and threads of the contained user, shared by all contained runs at a time (guard.contained_processes)",
                self.processes
            ),
            _ if said(FILE_WORDS) => format!(
                "the open-files bound: {} per process (guard.contained_open_files)",
                self.open_files
            ),
            _ if said(SIZE_WORDS) => size(),
            _ => return None,
        };
        Some(format!("[stopped by {bound}]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exited(code: i32) -> ExitStatus {
        ExitStatus::from_raw(code << 8)
    }

    #[test]
    fn every_bound_is_set_soft_and_hard() {
        let limits = ContainedLimits {
            memory_bytes: 1 << 30,
            cpu_seconds: 60,
            processes: 100,
            file_bytes: 1 << 20,
            open_files: 512,
        };
        assert_eq!(
            limits.prlimit_args(),
            [
                "--as=1073741824:1073741824",
                "--cpu=60:62",
                "--nproc=100:100",
                "--fsize=1048576:1048576",
                "--nofile=512:512",
                "--core=0:0",
                "--"
            ]
        );
        assert_eq!(limits.check(), Ok(()));
        let none = ContainedLimits {
            processes: 0,
            ..limits
        };
        assert_eq!(
            none.check(),
            Err("the contained runs' processes bound must be positive".to_owned())
        );
    }

    #[test]
    fn a_failure_names_the_bound_that_explains_it() {
        let limits = ContainedLimits::default();
        let say = |status, stderr| limits.diagnose(status, stderr).unwrap_or_default();
        assert!(say(exited(1), "sed: memory exhausted").contains("memory bound: 2048 MiB"));
        assert!(
            say(
                ExitStatus::from_raw(libc::SIGABRT),
                "jq: error: cannot allocate memory"
            )
            .contains("guard.contained_memory_mb")
        );
        assert!(say(ExitStatus::from_raw(libc::SIGXCPU), "").contains("CPU-time bound: 120"));
        assert!(say(ExitStatus::from_raw(libc::SIGXFSZ), "").contains("file-size bound"));
        assert!(say(exited(2), "sh: 1: Cannot fork").contains("process bound: 256"));
        assert!(say(exited(1), "ls: Too many open files").contains("open-files bound"));
        assert_eq!(limits.diagnose(exited(0), "memory exhausted"), None);
        assert_eq!(limits.diagnose(exited(1), "grep: no match"), None);
    }

    #[test]
    fn bounds_above_wardens_own_hard_limits_are_lowered_to_them() {
        let huge = ContainedLimits {
            open_files: u64::MAX - 1,
            ..ContainedLimits::default()
        };
        let (limits, notes) = huge.within_own();
        let own = rustix::process::getrlimit(Resource::Nofile).maximum;
        if let Some(hard) = own {
            assert_eq!(limits.open_files, hard);
            assert!(notes.iter().any(|n| n.starts_with("open files lowered")));
        }
        assert_eq!(
            limits.memory_bytes,
            huge.memory_bytes.min(limits.memory_bytes)
        );
    }
}
