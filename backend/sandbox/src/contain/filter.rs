//! The seccomp filters of a contained program. Most of what they refuse needs a capability the
//! program does not hold anyway; they are the second lock on those doors, and the only one on
//! `syslog(2)`: `dmesg` needs `CAP_SYSLOG` to read the kernel log where `dmesg_restrict` is set
//! (Debian's default), and that capability would also let it clear the log. `dmesg` reads
//! `/dev/kmsg`, which cannot clear anything, so `syslog(2)` is refused outright.

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

use super::ContainmentError;

/// System calls refused with `EPERM`: the kernel log, time, host and domain names, reboot,
/// modules, mounts, swap, accounting, tracing and other processes' memory, file handles (which
/// bypass path checks), BPF, namespaces, keyrings, userfaultfd, quotas.
const REFUSED: &[(&str, libc::c_long)] = &[
    ("syslog", libc::SYS_syslog),
    ("settimeofday", libc::SYS_settimeofday),
    ("clock_settime", libc::SYS_clock_settime),
    ("clock_adjtime", libc::SYS_clock_adjtime),
    ("adjtimex", libc::SYS_adjtimex),
    ("sethostname", libc::SYS_sethostname),
    ("setdomainname", libc::SYS_setdomainname),
    ("reboot", libc::SYS_reboot),
    ("init_module", libc::SYS_init_module),
    ("finit_module", libc::SYS_finit_module),
    ("delete_module", libc::SYS_delete_module),
    ("kexec_load", libc::SYS_kexec_load),
    ("kexec_file_load", libc::SYS_kexec_file_load),
    ("mount", libc::SYS_mount),
    ("umount2", libc::SYS_umount2),
    ("pivot_root", libc::SYS_pivot_root),
    ("open_tree", libc::SYS_open_tree),
    ("move_mount", libc::SYS_move_mount),
    ("fsopen", libc::SYS_fsopen),
    ("fsconfig", libc::SYS_fsconfig),
    ("fsmount", libc::SYS_fsmount),
    ("mount_setattr", libc::SYS_mount_setattr),
    ("swapon", libc::SYS_swapon),
    ("swapoff", libc::SYS_swapoff),
    ("acct", libc::SYS_acct),
    ("ptrace", libc::SYS_ptrace),
    ("process_vm_readv", libc::SYS_process_vm_readv),
    ("process_vm_writev", libc::SYS_process_vm_writev),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
    ("bpf", libc::SYS_bpf),
    ("unshare", libc::SYS_unshare),
    ("setns", libc::SYS_setns),
    ("keyctl", libc::SYS_keyctl),
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("userfaultfd", libc::SYS_userfaultfd),
    ("quotactl", libc::SYS_quotactl),
    ("vhangup", libc::SYS_vhangup),
    #[cfg(target_arch = "x86_64")]
    ("iopl", libc::SYS_iopl),
    #[cfg(target_arch = "x86_64")]
    ("ioperm", libc::SYS_ioperm),
];

/// Namespace flags `clone(2)` is refused with (each its own rule: any one of them matches).
const NAMESPACE_FLAGS: &[libc::c_int] = &[
    libc::CLONE_NEWNS,
    libc::CLONE_NEWUTS,
    libc::CLONE_NEWIPC,
    libc::CLONE_NEWUSER,
    libc::CLONE_NEWPID,
    libc::CLONE_NEWNET,
    libc::CLONE_NEWCGROUP,
];

fn arch() -> Result<TargetArch, ContainmentError> {
    TargetArch::try_from(std::env::consts::ARCH)
        .map_err(|e| ContainmentError::Seccomp(format!("no seccomp filter for this CPU: {e}")))
}

fn seccomp_error(e: impl std::fmt::Display) -> ContainmentError {
    ContainmentError::Seccomp(e.to_string())
}

/// The two programs, applied in this order: refusals with `EPERM`, then `clone3` answered with
/// `ENOSYS` (its flags sit in memory a filter cannot read; the C library then falls back to
/// `clone`, whose flags the first program checks).
pub(crate) fn programs() -> Result<[BpfProgram; 2], ContainmentError> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = REFUSED
        .iter()
        .map(|(_, number)| (*number, Vec::new()))
        .collect();
    let clone_rules = NAMESPACE_FLAGS
        .iter()
        .map(|flag| {
            let flag = u64::from(flag.unsigned_abs());
            SeccompCondition::new(
                0,
                SeccompCmpArgLen::Qword,
                SeccompCmpOp::MaskedEq(flag),
                flag,
            )
            .and_then(|condition| SeccompRule::new(vec![condition]))
            .map_err(seccomp_error)
        })
        .collect::<Result<Vec<_>, _>>()?;
    rules.insert(libc::SYS_clone, clone_rules);
    let refusals = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM.unsigned_abs()),
        arch()?,
    )
    .map_err(seccomp_error)?;
    let clone3 = SeccompFilter::new(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS.unsigned_abs()),
        arch()?,
    )
    .map_err(seccomp_error)?;
    Ok([
        refusals.try_into().map_err(seccomp_error)?,
        clone3.try_into().map_err(seccomp_error)?,
    ])
}

/// Names of the refused system calls, for the documentation and `/readyz`.
pub fn refused_calls() -> Vec<&'static str> {
    REFUSED.iter().map(|(name, _)| *name).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_filters_compile_for_this_machine() {
        let programs = super::programs().unwrap_or_else(|e| panic!("{e}"));
        assert!(programs.iter().all(|p| !p.is_empty()));
        assert!(super::refused_calls().contains(&"syslog"));
    }
}
