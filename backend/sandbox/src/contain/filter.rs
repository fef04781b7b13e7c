//! The seccomp filters of a contained program. Most of what they refuse needs a capability the
//! program does not hold anyway; they are the second lock on those doors, and the only one on
//! two others:
//!
//! - `syslog(2)`: `dmesg` needs `CAP_SYSLOG` to read the kernel log where `dmesg_restrict` is set
//!   (Debian's default), and that capability would also let it clear the log. `dmesg` reads
//!   `/dev/kmsg`, which cannot clear anything, so `syslog(2)` is refused outright.
//! - file metadata: landlock does not cover changing a file's mode, owner, times or extended
//!   attributes, which file permissions allow on a world-writable file or one `nobody` owns.
//! - internet sockets of other protocols: landlock's network rights cover TCP alone, so an
//!   MPTCP or SCTP stream socket would connect and listen freely. An `AF_INET`/`AF_INET6`
//!   socket may only be TCP, UDP or ICMP (or the kernel's default for its type).

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
    ("chroot", libc::SYS_chroot),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("io_uring_setup", libc::SYS_io_uring_setup),
    ("fchmod", libc::SYS_fchmod),
    ("fchmodat", libc::SYS_fchmodat),
    ("fchmodat2", SYS_FCHMODAT2),
    ("fchown", libc::SYS_fchown),
    ("fchownat", libc::SYS_fchownat),
    ("utimensat", libc::SYS_utimensat),
    ("setxattr", libc::SYS_setxattr),
    ("lsetxattr", libc::SYS_lsetxattr),
    ("fsetxattr", libc::SYS_fsetxattr),
    ("setxattrat", SYS_SETXATTRAT),
    ("removexattr", libc::SYS_removexattr),
    ("lremovexattr", libc::SYS_lremovexattr),
    ("fremovexattr", libc::SYS_fremovexattr),
    ("removexattrat", SYS_REMOVEXATTRAT),
    #[cfg(target_arch = "x86_64")]
    ("iopl", libc::SYS_iopl),
    #[cfg(target_arch = "x86_64")]
    ("ioperm", libc::SYS_ioperm),
    #[cfg(target_arch = "x86_64")]
    ("chmod", libc::SYS_chmod),
    #[cfg(target_arch = "x86_64")]
    ("chown", libc::SYS_chown),
    #[cfg(target_arch = "x86_64")]
    ("lchown", libc::SYS_lchown),
    #[cfg(target_arch = "x86_64")]
    ("utime", libc::SYS_utime),
    #[cfg(target_arch = "x86_64")]
    ("utimes", libc::SYS_utimes),
    #[cfg(target_arch = "x86_64")]
    ("futimesat", libc::SYS_futimesat),
];

// System calls newer than the `libc` crate's tables; since Linux 5.1 new calls have one number
// on every architecture.
/// `fchmodat2(2)`, Linux 6.6.
const SYS_FCHMODAT2: libc::c_long = 452;
/// `setxattrat(2)`, Linux 6.13.
const SYS_SETXATTRAT: libc::c_long = 463;
/// `removexattrat(2)`, Linux 6.13.
const SYS_REMOVEXATTRAT: libc::c_long = 466;

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

/// The protocols an internet socket may use, by family: the type's default (0), TCP, UDP and
/// the family's ICMP. Anything else (MPTCP, SCTP, raw IP) is refused.
const INTERNET_PROTOCOLS: &[(libc::c_int, &[libc::c_int])] = &[
    (
        libc::AF_INET,
        &[0, libc::IPPROTO_TCP, libc::IPPROTO_UDP, libc::IPPROTO_ICMP],
    ),
    (
        libc::AF_INET6,
        &[
            0,
            libc::IPPROTO_TCP,
            libc::IPPROTO_UDP,
            libc::IPPROTO_ICMPV6,
        ],
    ),
];

/// `socket(2)` refused for an internet family with a protocol outside [`INTERNET_PROTOCOLS`]
/// (one rule per family: the family, and the protocol unlike every allowed one).
fn socket_rules() -> Result<Vec<SeccompRule>, ContainmentError> {
    let dword = |index, op, value: libc::c_int| {
        SeccompCondition::new(
            index,
            SeccompCmpArgLen::Dword,
            op,
            u64::from(value.unsigned_abs()),
        )
        .map_err(seccomp_error)
    };
    INTERNET_PROTOCOLS
        .iter()
        .map(|(family, allowed)| {
            let mut conditions = vec![dword(0, SeccompCmpOp::Eq, *family)?];
            for protocol in *allowed {
                conditions.push(dword(2, SeccompCmpOp::Ne, *protocol)?);
            }
            SeccompRule::new(conditions).map_err(seccomp_error)
        })
        .collect()
}

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
    rules.insert(libc::SYS_socket, socket_rules()?);
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
