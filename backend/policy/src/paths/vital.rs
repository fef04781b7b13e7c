//! The few files without which the machine neither boots nor can be reached: init, the shells,
//! sshd, sudo and su, the C library and its loader. Deleting, moving away or overwriting one
//! of them stops every program that needs it, the way back in included; so does losing the
//! settings the machine mounts, logs in and loads programs with (`/etc/fstab`, sshd's and PAM's
//! settings, `/etc/nsswitch.conf`, GRUB's menu), or writing `/etc/ld.so.preload`.

/// Directories the system's programs and libraries are found in (merged-/usr or not, Debian's
/// multiarch library directories, systemd's own).
const VITAL_DIRS: &[&str] = &[
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/lib",
    "/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/lib/systemd",
    "/usr/lib/systemd",
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/libexec",
    "/usr/lib/openssh",
];

/// The programs and libraries themselves: init (and systemd, which it usually is), the shells
/// logins and scripts run, the ways in and up (sshd, sudo, su, login) and the C library with
/// its loader, which every dynamically linked program needs.
const VITAL_NAMES: &[&str] = &[
    "init",
    "systemd",
    "sh",
    "bash",
    "dash",
    "ash",
    "zsh",
    "busybox",
    "sshd",
    "sudo",
    "su",
    "login",
    "libc.so.6",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "ld-linux.so.2",
    "ld-musl-x86_64.so.1",
    "libc.musl-x86_64.so.1",
];

/// Whether a normalised path is one of those files or a wildcard that can match one
/// (`/bin/ba*`, `/usr/sbin/ss?d`, `/lib/*/libc.so.6`): the shell expands a wildcard that
/// matches. Other versions of the C library's names (`libc-2.31.so`, `ld-2.31.so`) are what
/// the listed names link to.
pub fn is_vital_file(text: &str) -> bool {
    let wildcard = text.contains(['*', '?', '[']);
    if is_boot_or_login_setting(text, wildcard) || super::boot_chain::is_unversioned_boot_file(text)
    {
        return true;
    }
    VITAL_DIRS.iter().any(|dir| {
        let Some(name) = text
            .strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            return wildcard && dir_wildcard_matches(text, dir);
        };
        if name.contains('/') {
            return wildcard && dir_wildcard_matches(text, dir);
        }
        VITAL_NAMES.contains(&name)
            || versioned_c_library(name)
            || (wildcard && VITAL_NAMES.iter().any(|vital| matches(name, vital)))
    })
}

/// The settings the machine boots, mounts, logs in and loads every program with: without
/// them (deleted, emptied, overwritten or moved away) it stops at boot, refuses every login or
/// runs a library of the writer's choice in every process (`/etc/ld.so.preload`). sudo's rules
/// are judged with the account database.
const BOOT_AND_LOGIN_SETTINGS: &[&str] = &[
    "/etc/fstab",
    "/etc/ssh/sshd_config",
    "/etc/nsswitch.conf",
    "/etc/ld.so.preload",
    "/boot/grub/grub.cfg",
    "/boot/grub2/grub.cfg",
    "/boot/efi/EFI/debian/grub.cfg",
    "/etc/pam.d",
];

/// Every file named here as a concrete path (each vital name in each directory, the settings,
/// the usual files of PAM's directory), with the account database: what a filter by name can
/// pick out of a tree (`find /bin -name bash -delete`).
pub fn critical_files() -> Vec<String> {
    let mut files: Vec<String> = VITAL_DIRS
        .iter()
        .flat_map(|dir| VITAL_NAMES.iter().map(move |name| format!("{dir}/{name}")))
        .collect();
    // What the boot loader follows and loads (a name filter picks these out of `/`).
    files.extend(
        [
            "/boot/vmlinuz",
            "/boot/initrd.img",
            "/boot/efi/EFI/BOOT/BOOTX64.EFI",
            "/boot/efi/EFI/ubuntu/shimx64.efi",
            "/boot/efi/EFI/ubuntu/grubx64.efi",
            "/boot/efi/EFI/debian/grubx64.efi",
            "/boot/efi/EFI/redhat/shimx64.efi",
            "/lib/modules/6.1.0-18-amd64/kernel/fs/ext4/ext4.ko",
            "/usr/lib/modules/6.1.0-18-amd64/kernel/fs/ext4/ext4.ko",
        ]
        .iter()
        .map(|f| (*f).to_owned()),
    );
    files.extend(
        BOOT_AND_LOGIN_SETTINGS
            .iter()
            .chain(super::kinds::ACCOUNT_FILES)
            .map(|f| (*f).to_owned()),
    );
    files.extend(
        [
            "common-auth",
            "common-account",
            "common-password",
            "common-session",
            "system-auth",
            "password-auth",
            "sshd",
            "login",
            "su",
            "sudo",
        ]
        .iter()
        .map(|name| format!("/etc/pam.d/{name}")),
    );
    files
}

/// Whether `text` is one of the boot and login settings, a file of PAM's directory (every login
/// reads its stack there), or a wildcard that can match one.
fn is_boot_or_login_setting(text: &str, wildcard: bool) -> bool {
    let pam = |t: &str| {
        t.strip_prefix("/etc/pam.d/")
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
    };
    BOOT_AND_LOGIN_SETTINGS.contains(&text)
        || pam(text)
        || (wildcard
            && (BOOT_AND_LOGIN_SETTINGS.iter().any(|file| {
                text.matches('/').count() == file.matches('/').count() && matches(text, file)
            }) || text.starts_with("/etc/pam.d/")))
}

/// The settings an administrator adds lines to (a mount to `/etc/fstab`, an option to
/// `sshd_config`): appending keeps every line the file held, so the machine still boots and is
/// reached, and a human may approve it (high). Emptying, overwriting or deleting them stays
/// forbidden. PAM's files, `nsswitch.conf` and `/etc/ld.so.preload` are not among them: a line
/// added there decides every login or runs in every process.
const APPENDABLE_SETTINGS: &[&str] = &["/etc/fstab", "/etc/ssh/sshd_config"];

/// Whether lines appended to `text` (a normalised path, no wildcard) leave the machine able to
/// boot and be reached ([`APPENDABLE_SETTINGS`]).
pub fn takes_appended_lines(text: &str) -> bool {
    APPENDABLE_SETTINGS.contains(&text)
}

/// A wildcard naming a directory too (`/???/bash`, `/lib/*/libc.so.6`): matched whole against
/// every vital file of `dir`, as many directories deep as it.
fn dir_wildcard_matches(text: &str, dir: &str) -> bool {
    VITAL_NAMES.iter().any(|name| {
        let file = format!("{dir}/{name}");
        text.matches('/').count() == file.matches('/').count() && matches(text, &file)
    })
}

fn matches(pattern: &str, text: &str) -> bool {
    crate::glob::matches(&crate::programs::destroy::brackets_as_any(pattern), text)
}

/// glibc's own file names the loader and library links point to (`libc-2.31.so`,
/// `ld-2.31.so`).
fn versioned_c_library(name: &str) -> bool {
    ["libc-", "ld-"]
        .iter()
        .any(|start| name.starts_with(start) && name.ends_with(".so"))
}

#[cfg(test)]
mod tests {
    use super::is_vital_file;

    #[test]
    fn init_shells_ways_in_and_the_c_library() {
        for path in [
            "/bin/bash",
            "/sbin/init",
            "/usr/lib/systemd/systemd",
            "/usr/sbin/sshd",
            "/usr/bin/sudo",
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/lib64/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/libc-2.31.so",
            "/bin/ba*",
            "/bin/[b]ash",
            "/usr/sbin/ss?d",
            "/lib/*/libc.so.6",
            "/???/bash",
            "/etc/fstab",
            "/etc/ssh/sshd_config",
            "/etc/pam.d/common-auth",
            "/etc/pam.d/*",
            "/etc/ld.so.preload",
            "/etc/nsswitch.conf",
            "/boot/grub/grub.cfg",
            "/etc/fst?b",
        ] {
            assert!(is_vital_file(path), "{path}");
        }
    }

    #[test]
    fn other_programs_and_places_are_not() {
        for path in [
            "/bin/ls",
            "/usr/local/bin/bash",
            "/srv/app/bin/sudo",
            "/tmp/bash",
            "/usr/bin/bashbug",
            "/usr/lib/libfoo.so",
            "/bin/x*",
            "/etc/fstab.bak",
            "/etc/ssh/ssh_config",
            "/etc/pam.d/x/y",
            "/etc/hosts",
        ] {
            assert!(!is_vital_file(path), "{path}");
        }
    }
}
