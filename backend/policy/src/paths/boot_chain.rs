//! The files the machine boots through and the programs every user runs. Overwriting the
//! kernel, an initial ramdisk, the boot loader or the EFI system partition's files leaves a
//! machine that no longer boots; writing a program or library in the system's directories
//! replaces what every user and service runs (root's logins and cron jobs included) with
//! content the writer chose. Both are judged on the normalised path (`/vmlinuz` is
//! `/boot/vmlinuz`, `/bin` is `/usr/bin`).

/// Where the boot loaders and their settings live: every file below is read before the kernel
/// (GRUB's modules and menu, systemd-boot's entries, shim and the loaders on the EFI system
/// partition, mounted at `/boot/efi`, `/efi` or `/boot`).
const BOOT_LOADER_DIRS: &[&str] = &[
    "/boot/grub",
    "/boot/grub2",
    "/boot/efi",
    "/efi",
    "/boot/EFI",
    "/boot/loader",
];

/// The names a kernel or an initial ramdisk in `/boot` starts with.
const KERNEL_PREFIXES: &[&str] = &[
    "vmlinuz",
    "vmlinux",
    "initrd",
    "initramfs",
    "bzImage",
    "zImage",
    "Image",
    "kernel",
];

/// Whether the normalised path `text` is a kernel or initial ramdisk in `/boot` (any version,
/// or a wildcard that can match one), or a file the boot loader reads: writing it leaves a
/// machine that may not boot.
pub fn is_boot_file(text: &str) -> bool {
    if let Some(name) = text.strip_prefix("/boot/")
        && !name.contains('/')
    {
        let pattern = crate::glob::bracketless(name);
        return KERNEL_PREFIXES.iter().any(|prefix| {
            name.starts_with(prefix)
                || crate::glob::matches(&pattern, prefix)
                || crate::glob::matches(&pattern, &format!("{prefix}-6.1.0"))
        });
    }
    BOOT_LOADER_DIRS.iter().any(|dir| {
        text.strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// Whether deleting the normalised path `text` leaves the machine without what it boots: a
/// boot file other than one kernel version's own (`/boot/vmlinuz-6.1.0-17-amd64`, its
/// ramdisk, its boot entry: an old kernel's cleanup). The links the boot loader follows
/// (`/boot/vmlinuz`, `/boot/initrd.img`) and the loaders themselves are not versioned.
pub fn is_unversioned_boot_file(text: &str) -> bool {
    let name = text.rsplit('/').next().unwrap_or(text);
    is_boot_file(text) && !versioned(name)
}

/// Whether `name` carries a kernel version: a `-` followed by a digit (`vmlinuz-6.1.0-17`,
/// `initramfs-5.14.0-362.el9.x86_64.img`, a loader entry `6.1.0-17.conf`), also where a
/// wildcard follows it (`vmlinuz-6.1.0-17*`: that version's files).
fn versioned(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit())
        || name
            .split('-')
            .skip(1)
            .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

/// The directories every user's and service's programs are run from (normalised: `/bin` and
/// `/sbin` are `/usr/bin` and `/usr/sbin` on a merged system, and are listed for the others).
const PROGRAM_DIRS: &[&str] = &["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/libexec"];

/// The directories the system's libraries and kernel modules are loaded from.
const LIBRARY_DIRS: &[&str] = &[
    "/lib",
    "/lib32",
    "/lib64",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
];

/// Whether writing the normalised path `text` replaces a system program, a shared library or
/// a kernel module: a file directly in a program directory, a `.so` file at any depth of a
/// library directory, anything below `/lib/modules`.
pub fn is_system_program(text: &str) -> bool {
    let below = |dir: &&str| {
        text.strip_prefix(*dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|rest| !rest.is_empty())
    };
    if PROGRAM_DIRS
        .iter()
        .filter_map(below)
        .any(|name| !name.contains('/'))
    {
        return true;
    }
    LIBRARY_DIRS.iter().filter_map(below).any(|rest| {
        let name = rest.rsplit('/').next().unwrap_or(rest);
        rest.starts_with("modules/") || name.contains(".so") || name.ends_with(".ko")
    })
}

/// The name of the program the normalised path `text` is, where it is directly in one of the
/// directories every user's and service's programs are run from (`/usr/bin/app` is `app`).
pub fn program_dir_entry(text: &str) -> Option<&str> {
    PROGRAM_DIRS.iter().find_map(|dir| {
        text.strip_prefix(*dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|name| !name.is_empty() && !name.contains('/'))
    })
}

/// Whether the normalised path `text` is in a directory locally installed programs are run
/// from (`/usr/local/bin`, `/opt/…`): writing there is a change a human decides.
pub fn is_local_program(text: &str) -> bool {
    [
        "/usr/local/bin/",
        "/usr/local/sbin/",
        "/usr/local/lib/",
        "/opt/",
    ]
    .iter()
    .any(|dir| text.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_ramdisks_and_loaders_are_boot_files() {
        for path in [
            "/boot/vmlinuz",
            "/boot/vmlinuz-6.1.0-13-amd64",
            "/boot/initrd.img",
            "/boot/initramfs-5.14.0-362.el9.x86_64.img",
            "/boot/vmlinu?",
            "/boot/grub/grub.cfg",
            "/boot/grub/i386-pc/core.img",
            "/boot/efi/EFI/ubuntu/shimx64.efi",
            "/efi/EFI/BOOT/BOOTX64.EFI",
            "/boot/loader/loader.conf",
        ] {
            assert!(is_boot_file(path), "{path}");
        }
        for path in [
            "/boot/config-6.1",
            "/boot/System.map-6.1",
            "/boot/grub",
            "/etc/default/grub",
        ] {
            assert!(!is_boot_file(path), "{path}");
        }
    }

    #[test]
    fn one_kernel_versions_files_are_an_old_kernels_cleanup() {
        assert!(is_unversioned_boot_file("/boot/vmlinuz"));
        assert!(is_unversioned_boot_file("/boot/initrd.img"));
        assert!(is_unversioned_boot_file("/boot/efi/EFI/ubuntu/grubx64.efi"));
        assert!(is_unversioned_boot_file("/boot/vmlinuz-*"));
        assert!(!is_unversioned_boot_file("/boot/vmlinuz-6.1.0-17-amd64"));
        assert!(!is_unversioned_boot_file("/boot/initrd.img-6.1.0-17-amd64"));
        assert!(!is_unversioned_boot_file(
            "/boot/loader/entries/6.1.0-17.conf"
        ));
        assert!(!is_unversioned_boot_file("/boot/vmlinuz-6.1.0-17*"));
    }

    #[test]
    fn programs_libraries_and_modules_of_the_system() {
        for path in [
            "/usr/bin/ls",
            "/usr/sbin/x",
            "/bin/ls",
            "/usr/lib/x86_64-linux-gnu/libz.so.1",
            "/lib/modules/6.1.0/kernel/fs/ext4/ext4.ko",
            "/usr/lib/libz.so",
        ] {
            assert!(is_system_program(path), "{path}");
        }
        for path in [
            "/usr/bin",
            "/usr/lib/python3/dist-packages/x.py",
            "/usr/local/bin/x",
            "/usr/share/doc/x",
        ] {
            assert!(!is_system_program(path), "{path}");
        }
        assert!(is_local_program("/usr/local/bin/x"));
        assert!(is_local_program("/opt/app/bin/x"));
    }
}
