//! What a normalised path is: a backup copy, a place holding credentials, the account database,
//! a device, a process's environment or memory.

use std::path::{Component, Path, PathBuf};

use super::PathVerdict;
use crate::level::RiskLevel;

/// Whether a name may be a backup copy's: it carries a mark of one (`shadow.bak`, `shadow-`,
/// `.shadow.swp`, `shadow.1.gz`), as [`warden_secrets::backup_original`] reads them.
pub(super) fn may_be_backup(name: &str) -> bool {
    warden_secrets::backup_original(name) != name
}

/// The name of the file a backup copy was made from (`shadow.bak~` is `shadow`; `.shadow.swp`,
/// vim's swap file, is `shadow`; `#shadow#`, Emacs's, too): one list of copies' marks, the
/// secrets crate's, so that the file tools and the command classifier read a copy alike.
pub fn unbackup(name: &str) -> String {
    warden_secrets::backup_original(name)
}

/// Places that hold credentials (`*` is any one directory): reading everything under one of
/// their ancestors reaches them.
pub(super) const SECRET_PLACES: &[&str] = &[
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/sudoers",
    "/etc/ssh/ssh_host_ed25519_key",
    "/etc/ssl/private",
    "/root/.ssh",
    "/root/.aws",
    "/root/.kube",
    "/root/.docker",
    "/home/*/.ssh",
    "/home/*/.aws",
    "/home/*/.kube",
    "/home/*/.docker",
    "/home/*/.gnupg",
    "/srv/*/.env",
    "/opt/*/.env",
    "/var/www/*/.env",
    "/var/backups/shadow.bak",
    "/var/lib/dbus/machine-id",
    "/proc/*/environ",
    "/run/secrets",
    "/var/lib/docker/containers/*/config.v2.json",
];

/// Folders of a home where command-line tools keep their settings and logins, one folder a
/// tool (`~/.config/gh/hosts.yml`, `~/.config/doctl/config.yaml`,
/// `~/.local/share/containers/auth.json`): reading everything under one reaches them.
const TOOL_FOLDERS: &[&[&str]] = &[
    &[".config"],
    &[".local", "share"],
    &["Library", "Application Support"],
    &["AppData", "Roaming"],
    &["AppData", "Local"],
];

/// Trees of the system's programs, libraries and kernel interfaces.
const PROGRAM_TREES: &[&str] = &[
    "/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/boot", "/proc", "/sys",
    "/dev",
];

/// Why reading everything under the directory `path` (absolute, normal) reaches a secret known
/// by its place, if it does: the directory is (or holds) a home's folder of tools' logins
/// ([`TOOL_FOLDERS`]: `~/.config`, `~/.local`), or a file name refused there only for this
/// directory's sake lies right in it (`~/.config/gh` holds `hosts.yml`, `/etc/gitlab-runner`
/// its `config.toml`, `~/.m2` its `settings.xml`). A name refused wherever it is (`.env`,
/// `id_rsa`) proves nothing of a directory, which every directory may hold.
pub(super) fn secret_place_below(path: &Path) -> Option<String> {
    let names: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            Component::Prefix(_)
            | Component::RootDir
            | Component::CurDir
            | Component::ParentDir => None,
        })
        .collect();
    // A home's tool folder, or a folder on the way to one (`~/.local`, `~/Library`).
    let home_depth = match names.as_slice() {
        ["root", ..] => Some(1),
        ["home" | "Users", _, ..] => Some(2),
        _ => None,
    };
    if let Some(depth) = home_depth
        && names.len() > depth
    {
        let below = &names[depth..];
        if let Some(folder) = TOOL_FOLDERS.iter().find(|folder| folder.starts_with(below)) {
            return Some(format!(
                "reading everything under {} reaches the logins tools keep in ~/{} (as ~/.config/gh/hosts.yml)",
                path.display(),
                folder.join("/")
            ));
        }
    }
    // The system's programs and libraries, installed by packages: no one's login is kept
    // there (`/usr/lib` is not Vault's `/var/lib/vault`).
    if PROGRAM_TREES.iter().any(|tree| path.starts_with(tree)) {
        return None;
    }
    warden_secrets::secret_file_names().find_map(|name| {
        let file = path.join(name);
        let why = warden_secrets::sensitive_path(&file)?;
        warden_secrets::sensitive_path(Path::new(name))
            .is_none()
            .then(|| {
                format!(
                    "reading everything under {} reaches {}: {why}",
                    path.display(),
                    file.display()
                )
            })
    })
}

/// Trees known to hold no secret, where a recursive read (`grep -r`, `rg`, `diff -r`) may be
/// low: logs, documentation, headers and sources shipped by packages, and the kernel's settings.
/// Only root writes under them. Any other root of a recursive read is not proven.
pub const SECRET_FREE_TREES: &[&str] = &[
    "/var/log",
    "/usr/share",
    "/usr/include",
    "/usr/src",
    "/usr/local/share",
    "/usr/local/include",
    "/proc/sys",
];

/// Whether the absolute, normal `path` lies in one of [`SECRET_FREE_TREES`].
pub(super) fn secret_free(path: &Path) -> bool {
    SECRET_FREE_TREES.iter().any(|tree| path.starts_with(tree))
}

/// Whether `path` is `place` or one of its ancestors, `*` in `place` matching any one name.
pub(super) fn holds(path: &Path, place: &str) -> bool {
    let mut wanted = Path::new(place).components();
    path.components().all(|have| match wanted.next() {
        Some(Component::Normal(name)) if name == "*" => matches!(have, Component::Normal(_)),
        Some(want) => want == have,
        None => false,
    })
}

/// Files holding a container's whole configuration, its environment (secrets included) and
/// command line among it: docker's and podman's own, the OCI runtime specification a runtime
/// is given (`process.env`, `process.args`) in containerd's and k3s' bundles, the state runc
/// keeps of each container (its specification whole), and LXC's and LXD's configurations
/// (`lxc.environment`, `environment.*`). `*` is one name.
const CONTAINER_CONFIGURATIONS: &[&str] = &[
    "/var/lib/docker/containers/*/config.v2.json",
    "/var/lib/containers/storage/overlay-containers/*/userdata/config.json",
    "/run/containers/storage/overlay-containers/*/userdata/config.json",
    "/root/.local/share/containers/storage/overlay-containers/*/userdata/config.json",
    "/home/*/.local/share/containers/storage/overlay-containers/*/userdata/config.json",
    "/run/containerd/io.containerd.runtime.v2.task/*/*/config.json",
    "/run/k3s/containerd/io.containerd.runtime.v2.task/*/*/config.json",
    "/run/containerd/runc/*/*/state.json",
    "/run/docker/runtime-runc/*/*/state.json",
    "/run/runc/*/state.json",
    "/var/lib/lxc/*/config",
    "/var/lib/lxd/containers/*/backup.yaml",
    "/var/snap/lxd/common/lxd/containers/*/backup.yaml",
    "/var/lib/incus/containers/*/backup.yaml",
];

/// A container's configuration file: it holds the container's environment, secrets included.
pub(super) fn container_environment(path: &Path) -> bool {
    let depth = path.components().count();
    CONTAINER_CONFIGURATIONS
        .iter()
        .any(|place| Path::new(place).components().count() == depth && holds(path, place))
}

/// The account database and sudo rights: overwriting them locks everyone out or hands the
/// machine over.
pub const ACCOUNT_FILES: &[&str] = &[
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/gshadow",
    "/etc/sudoers",
];

/// Whether a normalised path is one of [`ACCOUNT_FILES`] or a wildcard that can match one: the
/// shell expands a wildcard that matches (`> /etc/pass*`, `rm /etc/shad?w` name /etc/passwd
/// and /etc/shadow).
pub fn may_be_account_file(text: &str) -> bool {
    ACCOUNT_FILES.contains(&text)
        || (text.starts_with('/')
            && text.contains(['*', '?', '['])
            && ACCOUNT_FILES.iter().any(|file| {
                // A wildcard does not match `/`: as many directories as the file has.
                text.matches('/').count() == file.matches('/').count()
                    && crate::glob::matches(&crate::programs::destroy::brackets_as_any(text), file)
            }))
}

/// Whether a normalised path is `/etc/passwd` or `/etc/group`, or a wildcard that can match
/// one: the world-readable account files every program reads to name a user or a group.
pub fn may_be_user_database(text: &str) -> bool {
    may_be_account_file(text)
        && ["/etc/passwd", "/etc/group"].iter().any(|file| {
            text == *file
                || (text.matches('/').count() == 2
                    && crate::glob::matches(&crate::programs::destroy::brackets_as_any(text), file))
        })
}

/// Device files that take writes harmlessly.
const HARMLESS_DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/stdout",
    "/dev/stderr",
    "/dev/fd/1",
    "/dev/fd/2",
    "/proc/self/fd/1",
    "/proc/self/fd/2",
];

/// Under /dev but files, terminals or logs rather than disks: a write there is a change, not
/// the destruction of a disk.
const DEVICE_FILE_AREAS: &[&str] = &[
    "/dev/shm/",
    "/dev/pts/",
    "/dev/mqueue/",
    "/dev/hugepages/",
    "/dev/tty",
    "/dev/console",
    "/dev/kmsg",
    "/dev/log",
    "/dev/fd/",
    "/dev/stdin",
];

pub(super) fn write_target(path: &Path, word: &str) -> PathVerdict {
    let text = path.to_string_lossy();
    if HARMLESS_DEVICES.contains(&text.as_ref()) {
        return (RiskLevel::Low, "discards output".to_owned());
    }
    if text == "/proc/sysrq-trigger" {
        return (
            RiskLevel::Forbidden,
            "writes to /proc/sysrq-trigger, which can crash or reboot the machine".to_owned(),
        );
    }
    if may_be_account_file(&text) || text.starts_with("/etc/sudoers.d/") {
        return (
            RiskLevel::Forbidden,
            format!("overwrites the account database {text}"),
        );
    }
    if super::vital::is_vital_file(&text) {
        return (
            RiskLevel::Forbidden,
            format!("overwrites {text}, which the machine needs to boot or be reached"),
        );
    }
    if super::boot_chain::is_boot_file(&text) {
        return (
            RiskLevel::Forbidden,
            format!(
                "overwrites {text}, which the machine boots through (a kernel, an initial ramdisk or the boot loader): it may no longer boot"
            ),
        );
    }
    if super::boot_chain::is_system_program(&text) {
        return (
            RiskLevel::Forbidden,
            format!(
                "writes {text}, a program, library or kernel module of the system: every user and service, root included, would run what the line puts there"
            ),
        );
    }
    if is_device(&text) {
        return (
            RiskLevel::Forbidden,
            format!("writes raw bytes to the device {text}"),
        );
    }
    if detaches_device(&text) {
        return (
            RiskLevel::Forbidden,
            format!(
                "{text} detaches a device from the kernel: it may be the disk or controller the system runs on"
            ),
        );
    }
    (RiskLevel::High, format!("writes to {word}"))
}

/// Whether a normalised path may be a disk or memory device: anything under `/dev` that is not
/// a known file area (LVM volumes `/dev/VG/LV`, `/dev/mapper/*`, `/dev/disk/by-*`, `/dev/md*`,
/// `/dev/dm-*`, `/dev/sd*`, `/dev/nvme*`, `/dev/mem`...).
pub fn is_device(text: &str) -> bool {
    text.starts_with("/dev/")
        && !DEVICE_FILE_AREAS.iter().any(|area| text.starts_with(area))
        && !HARMLESS_DEVICES.contains(&text)
        && text != "/dev/zero"
        && text != "/dev/random"
        && text != "/dev/urandom"
        && text != "/dev/full"
}

/// Why reading `text` takes what is not a file's contents: a terminal gives what is typed on
/// it (another user's keystrokes on `/dev/pts/N`, a login on the serial console, and a prompt
/// that waits on one's own), a PCI device's registers may crash it, and the kernel's and the
/// tracer's pipes give each message once,
/// taking it from the logger that should have had it (`/proc/kmsg` is what rsyslog and
/// journald read; seccomp's refusal of `syslog(2)` does not cover the file).
pub(super) fn consumed_or_typed(text: &str) -> Option<String> {
    let terminal = text.starts_with("/dev/tty")
        || text.starts_with("/dev/pts/")
        || matches!(text, "/dev/console" | "/dev/ptmx");
    if terminal {
        return Some(format!(
            "{text} is a terminal: reading it takes what is typed there, or waits for it"
        ));
    }
    // A PCI device's configuration space and memory regions, which `lspci -xxx` also reads:
    // reading past the standard header crashes some devices. Judged by name anywhere in /sys:
    // the device is reached as often through a class, block or number link
    // (`/sys/class/net/eth0/device/resource0`, `/sys/block/nvme0n1/device/device/config`,
    // `/sys/dev/char/226:0/device/rom`) as through `/sys/bus/pci`, and the link's target
    // cannot be seen in the text.
    // procfs has the same configuration space as `/proc/bus/pci/BUS/DEVICE.FUNCTION`.
    let name = text.rsplit('/').next().unwrap_or("");
    let proc_config = text
        .strip_prefix("/proc/bus/pci/")
        .is_some_and(|rest| rest.contains('/'));
    if proc_config
        || (text.starts_with("/sys/")
            && (matches!(name, "config" | "rom")
                || (name.starts_with("resource") && name != "resource")))
    {
        return Some(format!(
            "{text} is a device's registers (a PCI device's configuration space, memory window or option ROM): reading them whole crashes some devices"
        ));
    }
    let consumed = matches!(
        text,
        "/proc/kmsg" | "/sys/kernel/tracing/trace_pipe" | "/sys/kernel/debug/tracing/trace_pipe"
    ) || (text.starts_with("/sys/kernel/") && text.ends_with("/trace_pipe_raw"));
    consumed.then(|| {
        format!("{text} gives each message once: reading it takes the system log's messages from the logger")
    })
}

/// Places whose every file is a memory image: crash reports and core dumps (systemd-coredump,
/// apport, kdump's `vmcore`), and the kernel's debugging interface (memory dumps such as
/// kmemleak's, and reads with side effects).
const MEMORY_PLACES: &[&str] = &[
    "/var/lib/systemd/coredump",
    "/var/crash",
    "/var/lib/apport/coredump",
    "/var/spool/abrt",
    "/sys/kernel/debug",
    "/proc/vmcore",
];

/// Why reading `path` reads a memory image: a process's or the kernel's memory (core dumps,
/// crash reports, heap dumps) or memory paged out to disk (swap and hibernation files) holds
/// whatever the process held, passwords and keys included. Judged by place and by name (a core
/// dump is written where the process ran: `core`, `core.1234`, `vgcore.1234`).
fn memory_image(path: &Path) -> Option<String> {
    if let Some(place) = MEMORY_PLACES.iter().find(|p| path.starts_with(p)) {
        return Some(format!(
            "{} lies in {place}, whose files are memory images (core dumps, crash reports, kernel memory): secrets included",
            path.display()
        ));
    }
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    // `core`, `core.1234`, `core.1234.gz`: not `core.rs` nor `core.py`.
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|rest| {
            let rest = [".gz", ".xz", ".zst", ".lz4", ".bz2"]
                .iter()
                .find_map(|ext| rest.strip_suffix(ext))
                .unwrap_or(rest);
            rest.is_empty()
                || rest
                    .strip_prefix('.')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let image = numbered("core")
        || numbered("vgcore")
        || name.ends_with(".core")
        || name.ends_with(".crash")
        || name.ends_with(".hprof")
        || name.ends_with(".heapsnapshot")
        || name.ends_with(".dmp")
        || name.ends_with(".mdmp")
        || name == "vmcore"
        || name.starts_with("heapdump")
        || name.starts_with("swapfile")
        || matches!(
            name.as_str(),
            "swap.img" | "hiberfil.sys" | "pagefile.sys" | "swap"
        );
    image.then(|| {
        format!(
            "{} is named like a memory image (a core dump, a heap dump, swap): whatever the process held, secrets included",
            path.display()
        )
    })
}

/// System directories and files that are symbolic links to others on current distributions
/// (merged `/usr`, `/var/run`, Debian's `/initrd.img`): judged as what they lead to.
const SYSTEM_LINKS: &[(&str, &str)] = &[
    ("/var/run", "/run"),
    ("/var/lock", "/run/lock"),
    ("/bin", "/usr/bin"),
    ("/sbin", "/usr/sbin"),
    ("/lib", "/usr/lib"),
    ("/lib32", "/usr/lib32"),
    ("/lib64", "/usr/lib64"),
    ("/libx32", "/usr/libx32"),
    // Debian's links to the current and previous kernel and initramfs (`linux-update-symlinks`
    // puts them in `/` unless told `link_in_boot`): an initramfs may embed a disk's key file
    // (cryptsetup-initramfs's `KEYFILE_PATTERN`), so it is judged where it lies, in /boot.
    ("/initrd.img", "/boot/initrd.img"),
    ("/initrd.img.old", "/boot/initrd.img.old"),
    ("/vmlinuz", "/boot/vmlinuz"),
    ("/vmlinuz.old", "/boot/vmlinuz.old"),
];

/// `path` (absolute, lexically normal) as the system sees it: `/proc/PID/root/X` as `/X`
/// (repeatedly), and a leading system link (`/var/run`, `/bin`) as the directory it leads to.
/// `None` when that changes nothing.
pub(super) fn system_spelling(path: &Path) -> Option<PathBuf> {
    // Most paths are neither: decided without a copy.
    if !path.starts_with("/proc") && !SYSTEM_LINKS.iter().any(|(link, _)| path.starts_with(link)) {
        return None;
    }
    let mut current = path.to_path_buf();
    let mut changed = false;
    // Bounded: each step removes at least two components.
    for _ in 0..16 {
        match through_proc_root(&current) {
            Some(inside) => {
                current = inside;
                changed = true;
            }
            None => break,
        }
    }
    for (link, target) in SYSTEM_LINKS {
        if let Ok(rest) = current.strip_prefix(link) {
            current = if rest.as_os_str().is_empty() {
                PathBuf::from(target)
            } else {
                Path::new(target).join(rest)
            };
            changed = true;
            break;
        }
    }
    changed.then_some(current)
}

/// `/proc/PID/root/X` (and `/proc/PID/task/TID/root/X`) is `/X` as that process sees it.
pub(super) fn through_proc_root(path: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix("/proc").ok()?;
    let mut parts = rest.components();
    parts.next()?;
    let mut next = parts.next()?;
    if next == Component::Normal("task".as_ref()) {
        parts.next()?;
        next = parts.next()?;
    }
    (next == Component::Normal("root".as_ref())).then(|| Path::new("/").join(parts.as_path()))
}

/// `/proc/PID/cwd/X` (and `/proc/PID/task/TID/cwd/X`), `/proc/PID/fd/N/X`, `/dev/fd/N/X` and
/// `/dev/stdin/X` (`stdout`, `stderr`: links to `/proc/self/fd/0..2`), with their task forms: `X` below a process's working directory or a directory it holds open,
/// which may be `/` (init's working directory is, and a runtime holds its containers' roots
/// open), so `/X` is a path it may stand for. Never a proof about the place: only a further
/// spelling to judge (`PathJudge::spellings`). Repeated prefixes are read through.
pub(super) fn through_process_directory(path: &Path) -> Option<PathBuf> {
    let mut current = path.to_path_buf();
    let mut changed = false;
    // Bounded: each step removes at least two components.
    for _ in 0..16 {
        let text = current.to_string_lossy().into_owned();
        let parts: Vec<&str> = text.trim_start_matches('/').split('/').collect();
        let process = |part: &str| {
            matches!(part, "self" | "thread-self")
                || (!part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        };
        let number = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        let rest = match parts.as_slice() {
            ["proc", pid, "cwd", rest @ ..] if process(pid) => rest,
            ["proc", pid, "task", tid, "cwd", rest @ ..] if process(pid) && process(tid) => rest,
            ["proc", pid, "fd", fd, rest @ ..]
                if process(pid) && number(fd) && !rest.is_empty() =>
            {
                rest
            }
            ["proc", pid, "task", tid, "fd", fd, rest @ ..]
                if process(pid) && process(tid) && number(fd) && !rest.is_empty() =>
            {
                rest
            }
            ["dev", "fd", fd, rest @ ..] if number(fd) && !rest.is_empty() => rest,
            ["dev", "stdin" | "stdout" | "stderr", rest @ ..] if !rest.is_empty() => rest,
            _ => break,
        };
        let mut inside = PathBuf::from("/");
        inside.extend(rest.iter().filter(|part| !part.is_empty()));
        current = inside;
        changed = true;
    }
    changed.then_some(current)
}

/// `/proc/<any pid, self, thread-self>/[task/<tid>/]environ|mem`: another process's
/// environment and memory hold its secrets (Warden's own among them).
pub(super) fn proc_secret(path: &Path) -> Option<String> {
    let mut parts = path.components();
    if parts.next() != Some(Component::RootDir)
        || parts.next() != Some(Component::Normal("proc".as_ref()))
    {
        return None;
    }
    let name = path.file_name()?.to_string_lossy();
    matches!(name.as_ref(), "environ" | "mem").then(|| {
        format!(
            "{} is a process's environment or memory: no tool may read it",
            path.display()
        )
    })
}

/// Why reading `path` (absolute, normal) is high, if it is: credentials by name, directory or
/// extension (also as a backup copy), raw disks, kernel memory, other processes' open files.
pub(super) fn sensitive(path: &Path, content: bool) -> Option<String> {
    if let Some(reason) = warden_secrets::sensitive_path(path) {
        return Some(reason);
    }
    let unbacked = unbacked(path);
    if let Some(unbacked) = &unbacked
        && let Some(reason) = warden_secrets::sensitive_path(unbacked)
    {
        return Some(format!("a copy of a secret: {reason}"));
    }
    if container_environment(path) {
        return Some(format!(
            "{} holds a container's environment, secrets included",
            path.display()
        ));
    }
    if !content {
        return None;
    }
    if let Some(why) =
        super::wildcards::secret_by_name(path).or_else(|| super::machine_id::by_wildcard(path))
    {
        return Some(why);
    }
    if let Some(why) = super::clear_credentials::clear_credentials(path).or_else(|| {
        unbacked
            .as_deref()
            .and_then(super::clear_credentials::clear_credentials)
            .map(|why| format!("a copy: {why}"))
    }) {
        return Some(why);
    }
    if let Some(why) = super::dumps::database_or_settings(path).or_else(|| {
        unbacked
            .as_deref()
            .and_then(super::dumps::database_or_settings)
            .map(|why| format!("a copy: {why}"))
    }) {
        return Some(why);
    }
    if let Some(why) = super::machine_id::machine_id(path).or_else(|| {
        unbacked
            .as_deref()
            .and_then(super::machine_id::machine_id)
            .map(|why| format!("a copy: {why}"))
    }) {
        return Some(why);
    }
    let text = path.to_string_lossy();
    if is_device(&text) {
        return Some(format!(
            "{text} is a raw device: it holds every file, secrets included"
        ));
    }
    if let Some(why) = consumed_or_typed(&text) {
        return Some(why);
    }
    if let Some(why) = memory_image(path) {
        return Some(why);
    }
    if text == "/proc/kcore" || text == "/dev/mem" || text == "/dev/kmem" {
        return Some("kernel memory holds every secret".to_owned());
    }
    // `/dev/fd/N` is `/proc/self/fd/N`: beyond the standard streams, an open file the reader
    // inherited, which may be anything (judged as the `/proc` spelling below is).
    if let Some(fd) = text.strip_prefix("/dev/fd/")
        && !matches!(fd, "0" | "1" | "2")
    {
        return Some(format!(
            "{text} is an open file the reader inherited: it may be anything"
        ));
    }
    if !text.starts_with("/proc/") {
        return None;
    }
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // /proc/PID/fd/N, /proc/PID/map_files/X: another process's open files (Warden's database).
    if parts.first().map(String::as_str) == Some("/")
        && parts.get(1).map(String::as_str) == Some("proc")
        && parts.len() > 4
        && matches!(
            parts.get(3).map(String::as_str),
            Some("fd" | "map_files" | "cwd" | "root")
        )
    {
        return Some(format!(
            "{text} is another process's open file or directory: it may be anything"
        ));
    }
    None
}

/// `path` with its backup names undone (`shadow-` as `shadow`, `x.yml.bak` as `x.yml`), when
/// it has any.
fn unbacked(path: &Path) -> Option<PathBuf> {
    // Only names that may be backup copies are rewritten: most paths have none.
    let copied = path.components().any(|c| match c {
        Component::Normal(name) => may_be_backup(&name.to_string_lossy()),
        Component::RootDir | Component::CurDir | Component::ParentDir | Component::Prefix(_) => {
            false
        }
    });
    if copied {
        let unbacked: PathBuf = path
            .components()
            .map(|c| match c {
                Component::Normal(name) => unbackup(&name.to_string_lossy()).into(),
                Component::RootDir
                | Component::CurDir
                | Component::ParentDir
                | Component::Prefix(_) => c.as_os_str().to_os_string(),
            })
            .collect();
        return (unbacked != path).then_some(unbacked);
    }
    None
}

/// Whether writing `path` detaches a device from the running kernel: a disk's or bus device's
/// `delete` or `remove`, a driver's `unbind`, a SCSI disk's `state` (`offline`). Which disk or
/// controller holds `/` cannot be read from the line, so each is judged as that one.
fn detaches_device(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/sys/") else {
        return false;
    };
    let last = rest.rsplit('/').next().unwrap_or("");
    matches!(last, "delete" | "remove" | "unbind") || (last == "state" && rest.contains("/device/"))
}
