//! The positive model of `/proc`: which of its files a read may open at the low level.
//!
//! `/proc` is the kernel's view of itself and of every process. Most of it is what operators
//! read every day (`loadavg`, `meminfo`, a process's `status`), but some of it is an attacker's
//! map or a secret: a process's memory layout (`maps`, `smaps`), its physical pages
//! (`pagemap`), its kernel stack and registers (`stack`, `syscall`), its auxiliary vector
//! (`auxv`), the kernel's symbol addresses (`kallsyms`) and physical memory map (`iomem`). New
//! kernels add files. So the files a read may open are listed here, and anything else under
//! `/proc` is not proven (the caller makes it medium); environments, memory and open files are
//! refused elsewhere ([`super::kinds`]).

use std::path::{Component, Path};

/// Files and directories directly under `/proc` that hold counters, settings and descriptions
/// readable by everyone. A directory admits everything below it.
const SYSTEM_ENTRIES: &[&str] = &[
    "buddyinfo",
    "cgroups",
    "cmdline",
    "config.gz",
    "consoles",
    "cpuinfo",
    "crypto",
    "devices",
    "diskstats",
    "dma",
    "drbd",
    "execdomains",
    "fb",
    "filesystems",
    "interrupts",
    "ioports",
    "key-users",
    "keys",
    "loadavg",
    "locks",
    "mdstat",
    "meminfo",
    "misc",
    "modules",
    "mounts",
    "pagetypeinfo",
    "partitions",
    "schedstat",
    "slabinfo",
    "softirqs",
    "stat",
    "swaps",
    "uptime",
    "user_beancounters",
    "version",
    "version_signature",
    "vmstat",
    "zoneinfo",
    // Directories of settings and counters.
    "acpi",
    "asound",
    "driver",
    "fs",
    "irq",
    "net",
    "pressure",
    "scsi",
    "spl",
    "sys",
    "sysvipc",
    "tty",
];

/// Files below `/proc/bus` that are lists, not a device's registers (`/proc/bus/pci/00/00.0`
/// is a PCI configuration space, which some devices do not survive being read whole).
const BUS_LISTS: &[&str] = &[
    "pci/devices",
    "input/devices",
    "input/handlers",
    "usb/devices",
];

/// A process's (or thread's) files that describe it without its memory, its registers or its
/// layout. A directory admits everything below it.
const PROCESS_ENTRIES: &[&str] = &[
    "arch_status",
    "autogroup",
    "cgroup",
    "children",
    "cmdline",
    "comm",
    "coredump_filter",
    "cpuset",
    "gid_map",
    "io",
    "ksm_merging_pages",
    "ksm_stat",
    "latency",
    "limits",
    "loginuid",
    "mountinfo",
    "mounts",
    "mountstats",
    "oom_adj",
    "oom_score",
    "oom_score_adj",
    "patch_state",
    "personality",
    "projid_map",
    "sched",
    "schedstat",
    "sessionid",
    "setgroups",
    "smaps_rollup",
    "stat",
    "statm",
    "status",
    "timens_offsets",
    "timers",
    "timerslack_ns",
    "uid_map",
    "wchan",
    // Directories: security labels, open files' positions and flags, the process's view of
    // the network.
    "attr",
    "fdinfo",
    "net",
];

/// Why reading the content of `path` (absolute, lexically normal) is not proven harmless, when
/// it lies under `/proc` outside the listed files. `None` outside `/proc` and for listed files.
pub(super) fn unlisted(path: &Path) -> Option<String> {
    let mut parts = path.components();
    if parts.next() != Some(Component::RootDir)
        || parts.next() != Some(Component::Normal("proc".as_ref()))
    {
        return None;
    }
    let names: Vec<String> = parts
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let listed = match names.split_first() {
        // `/proc` itself: a directory, listed by name.
        None => true,
        Some((first, rest)) if is_process(first) => process_entry_listed(rest),
        Some((first, rest)) if first == "bus" => {
            rest.is_empty() || BUS_LISTS.iter().any(|list| rest.join("/") == *list)
        }
        Some((first, _)) => SYSTEM_ENTRIES.contains(&first.as_str()),
    };
    (!listed).then(|| {
        format!(
            "{} is not among the files of /proc known to hold only counters and descriptions (a process's status, limits, cgroup; the system's loadavg, meminfo...): it may be a memory layout, registers or kernel addresses",
            path.display()
        )
    })
}

/// A process's directory name: a number, `self` or `thread-self`.
fn is_process(name: &str) -> bool {
    matches!(name, "self" | "thread-self")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `rest` (below `/proc/PID`) is the directory itself, its thread list, or a listed
/// entry (also of a thread: `task/TID/status`).
fn process_entry_listed(rest: &[String]) -> bool {
    let rest = match rest {
        [task, tid, inner @ ..] if task == "task" && is_process(tid) => inner,
        [task] if task == "task" => return true,
        other => other,
    };
    rest.first()
        .is_none_or(|entry| PROCESS_ENTRIES.contains(&entry.as_str()))
}

#[cfg(test)]
mod tests {
    use super::unlisted;
    use std::path::Path;

    #[test]
    fn everyday_proc_reads_are_listed() {
        for path in [
            "/proc",
            "/proc/loadavg",
            "/proc/meminfo",
            "/proc/pressure/cpu",
            "/proc/sys/vm/swappiness",
            "/proc/net/tcp",
            "/proc/driver/nvidia/gpus/0000:01:00.0/information",
            "/proc/spl/kstat/zfs/arcstats",
            "/proc/bus/pci/devices",
            "/proc/1",
            "/proc/1/status",
            "/proc/self/cgroup",
            "/proc/4242/task",
            "/proc/4242/task/4243/status",
            "/proc/1/net/dev",
            "/proc/1/fdinfo/3",
            "/proc/thread-self/attr/current",
            "/var/log/syslog",
        ] {
            assert_eq!(unlisted(Path::new(path)), None, "{path}");
        }
    }

    #[test]
    fn layouts_registers_and_kernel_addresses_are_not_listed() {
        for path in [
            "/proc/1/maps",
            "/proc/self/smaps",
            "/proc/1/numa_maps",
            "/proc/1/pagemap",
            "/proc/1/stack",
            "/proc/1/syscall",
            "/proc/1/auxv",
            "/proc/1/exe",
            "/proc/1/task/1/stack",
            "/proc/1/clear_refs",
            "/proc/kallsyms",
            "/proc/iomem",
            "/proc/vmallocinfo",
            "/proc/kpageflags",
            "/proc/timer_list",
            "/proc/bus/pci/00/00.0",
            "/proc/a-file-a-new-kernel-adds",
        ] {
            let why = unlisted(Path::new(path));
            assert!(
                why.as_deref().is_some_and(|w| w.contains(path)),
                "{path}: {why:?}"
            );
        }
    }
}
