//! The positive model of `/sys`: which of its files a read may open at the low level.
//!
//! `/sys` describes the kernel's devices, drivers and settings. Most of it is what operators
//! read every day (a link's `statistics`, a disk's `queue/scheduler`, a CPU's frequency, a
//! cgroup's `memory.current`), but some of it is a secret or an attacker's map: EFI variables,
//! the hypervisor's firmware configuration, crash dumps kept by pstore, the kernel's addresses
//! (`vmcoreinfo`, a module's `sections`), its boot parameters, trace buffers, pinned BPF
//! objects. New kernels add files. So the places a read may open are listed here, and anything
//! else under `/sys` is not proven (the caller makes it medium); devices' registers and the
//! root-only firmware files are high where nothing contains the reader
//! ([`super::uncontained`]).

use std::path::{Component, Path};

/// Trees directly under `/sys` that describe devices, their drivers and their classes, read
/// at any depth (their registers are judged by name elsewhere).
const DEVICE_TREES: &[&str] = &["block", "bus", "class", "dev", "devices"];

/// Places deeper in `/sys` that hold settings and counters readable by everyone, each with
/// everything below it. A component may hold `*`.
const LISTED: &[&str] = &[
    // Memory management, control groups, interrupts and kernel facts.
    "kernel/mm",
    "kernel/cgroup",
    "kernel/iommu_groups",
    "kernel/irq",
    "kernel/uevent_seqnum",
    "kernel/fscaps",
    "kernel/profiling",
    "kernel/rcu_expedited",
    "kernel/rcu_normal",
    "kernel/address_bits",
    "kernel/cpu_byteorder",
    "kernel/kexec_loaded",
    "kernel/kexec_crash_loaded",
    "kernel/kexec_crash_size",
    "kernel/livepatch",
    // File systems' counters and settings, control groups.
    "fs/cgroup",
    "fs/ext4",
    "fs/xfs",
    "fs/btrfs",
    "fs/f2fs",
    "fs/fuse/connections",
    // SELinux's mode and policy version (not the policy itself, nor its booleans' files).
    "fs/selinux/enforce",
    "fs/selinux/policyvers",
    "fs/selinux/mls",
    "fs/selinux/deny_unknown",
    "fs/selinux/status",
    // Sleep states and wakeup counts.
    "power",
    // A module's public facts (not its `sections`, which are the kernel's addresses).
    "module/*/parameters",
    "module/*/version",
    "module/*/srcversion",
    "module/*/refcnt",
    "module/*/initstate",
    "module/*/coresize",
    "module/*/initsize",
    "module/*/taint",
    "module/*/holders",
    "module/*/drivers",
    "module/*/uevent",
    // The kind of firmware and hypervisor, not their data.
    "firmware/acpi/pm_profile",
    "firmware/efi/fw_platform_size",
    "firmware/devicetree/base/model",
    "firmware/devicetree/base/compatible",
    "hypervisor/type",
    "hypervisor/version",
];

/// Names that are not a device's description even inside [`DEVICE_TREES`]: a module's section
/// addresses and notes, reached through a device's `driver/module` link.
const NOT_DESCRIPTIONS: &[&str] = &["sections", "notes"];

/// Why reading the content of `path` (absolute, lexically normal) is not proven harmless, when
/// it lies under `/sys` outside the listed places. `None` outside `/sys` and for listed places.
pub(super) fn unlisted(path: &Path) -> Option<String> {
    let mut parts = path.components();
    if parts.next() != Some(Component::RootDir)
        || parts.next() != Some(Component::Normal("sys".as_ref()))
    {
        return None;
    }
    let names: Vec<String> = parts
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let listed = match names.split_first() {
        // `/sys` itself: a directory, listed by name.
        None => true,
        Some((first, rest)) if DEVICE_TREES.contains(&first.as_str()) => !rest
            .iter()
            .any(|name| NOT_DESCRIPTIONS.contains(&name.as_str())),
        Some(_) => LISTED.iter().any(|place| below(&names, place)),
    };
    (!listed).then(|| {
        format!(
            "{} is not among the places of /sys known to hold only descriptions and counters (devices' attributes, a link's statistics, a disk's queue, memory and cgroup settings...): it may be firmware data, a crash dump or kernel addresses",
            path.display()
        )
    })
}

/// Whether `names` (the components below `/sys`) lie at or below `place`.
fn below(names: &[String], place: &str) -> bool {
    let wanted: Vec<&str> = place.split('/').collect();
    names.len() >= wanted.len()
        && wanted
            .iter()
            .zip(names)
            .all(|(want, have)| crate::glob::matches(want, have))
}

#[cfg(test)]
mod tests {
    use super::unlisted;
    use std::path::Path;

    #[test]
    fn everyday_sys_reads_are_listed() {
        for path in [
            "/sys",
            "/sys/class/net/eth0/statistics/rx_bytes",
            "/sys/class/net/eth0/address",
            "/sys/class/net/bond0/bonding/slaves",
            "/sys/block/sda/queue/scheduler",
            "/sys/block/nvme0n1/size",
            "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
            "/sys/devices/system/cpu/vulnerabilities/meltdown",
            "/sys/class/thermal/thermal_zone0/temp",
            "/sys/class/dmi/id/product_name",
            "/sys/bus/pci/devices/0000:00:02.0/vendor",
            "/sys/kernel/mm/transparent_hugepage/enabled",
            "/sys/fs/cgroup/system.slice/nginx.service/memory.current",
            "/sys/module/zfs/parameters/zfs_arc_max",
            "/sys/module/kvm_intel/version",
            "/sys/power/state",
            "/sys/fs/selinux/enforce",
            "/sys/kernel/livepatch/kpatch_1/enabled",
            "/sys/firmware/efi/fw_platform_size",
            "/proc/meminfo",
        ] {
            assert_eq!(unlisted(Path::new(path)), None, "{path}");
        }
    }

    #[test]
    fn firmware_dumps_and_kernel_addresses_are_not_listed() {
        for path in [
            "/sys/kernel/vmcoreinfo",
            "/sys/kernel/notes",
            "/sys/kernel/boot_params/data",
            "/sys/kernel/debug/kmemleak",
            "/sys/kernel/tracing/trace",
            "/sys/kernel/security/ima/ascii_runtime_measurements",
            "/sys/kernel/config/target/iscsi/x/auth/password",
            "/sys/module/ext4/sections/.text",
            "/sys/class/net/eth0/device/driver/module/sections/.text",
            "/sys/fs/pstore/dmesg-ramoops-0",
            "/sys/fs/bpf/tc/globals/x",
            "/sys/firmware/efi/systab",
            "/sys/firmware/efi/efivars/Boot0000-x",
            "/sys/firmware/dmi/entries/1-0/raw",
            "/sys/firmware/acpi/tables/MSDM",
            "/sys/firmware/qemu_fw_cfg/by_name/opt/x/raw",
            "/sys/firmware/devicetree/base/chosen/kaslr-seed",
            "/sys/hypervisor/uuid",
            "/sys/a-place-a-new-kernel-adds",
        ] {
            let why = unlisted(Path::new(path));
            assert!(
                why.as_deref().is_some_and(|w| w.contains(path)),
                "{path}: {why:?}"
            );
        }
    }
}
