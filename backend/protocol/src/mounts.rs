//! What every reader of a mount table shares: `/proc/mounts`' escapes, and the filesystem types
//! that are read-only images rather than disks. Read by the monitor (the host's and SSH hosts'
//! disks) and by the fleet agent (its own disks), so the two judge a mount the same way.

/// Filesystem types of read-only images (a snap's squashfs, EROFS, cramfs, an optical disc, a
/// squashfs mounted through FUSE), as the kernel names them: made to fit their contents they
/// are always 100 % full, and nothing on them can be freed.
pub const READ_ONLY_IMAGE_TYPES: &[&str] = &[
    "squashfs",
    "erofs",
    "cramfs",
    "romfs",
    "iso9660",
    "udf",
    "fuse.snapfuse",
    "fuse.squashfuse",
    "fuse.squashfuse_ll",
];

/// Whether `filesystem` (in any case, spaces around it ignored) is a read-only image type.
pub fn is_read_only_image(filesystem: &str) -> bool {
    let filesystem = filesystem.trim();
    READ_ONLY_IMAGE_TYPES
        .iter()
        .any(|image| image.eq_ignore_ascii_case(filesystem))
}

/// Filesystem types held in memory, as the kernel names them (`/dev/shm`, `/run`, `/tmp` on many
/// hosts, `/dev`): what fills one is files programs wrote there (shared memory segments, sockets,
/// runtime state, device nodes), never Docker's images or build cache unless Docker's own data
/// root lies on it, so pruning Docker frees nothing there.
pub const MEMORY_BACKED_TYPES: &[&str] = &["tmpfs", "ramfs", "devtmpfs", "hugetlbfs", "shm"];

/// Whether `filesystem` (in any case, spaces around it ignored) is held in memory.
pub fn is_memory_backed(filesystem: &str) -> bool {
    let filesystem = filesystem.trim();
    MEMORY_BACKED_TYPES
        .iter()
        .any(|kind| kind.eq_ignore_ascii_case(filesystem))
}

/// Filesystem types that are views of other filesystems (a container's root filesystem, a
/// namespace): their fill level is their backing disk's, which is watched already.
pub const VIEW_TYPES: &[&str] = &["overlay", "nsfs", "aufs"];

/// The kernel's own pseudo filesystems, which hold no files anyone wrote and take no space.
pub const PSEUDO_TYPES: &[&str] = &[
    "proc",
    "sysfs",
    "cgroup",
    "cgroup2",
    "devpts",
    "mqueue",
    "securityfs",
    "debugfs",
    "tracefs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "autofs",
    "binfmt_misc",
    "rpc_pipefs",
    "efivarfs",
];

/// Whether a filesystem of type `filesystem` (in any case, spaces around it ignored) is a disk
/// the monitor watches, on this host, on an SSH host and on a fleet agent alike: anything but a
/// view ([`VIEW_TYPES`]), a pseudo filesystem ([`PSEUDO_TYPES`]) or a read-only image. A mount
/// held in memory ([`MEMORY_BACKED_TYPES`]: `/dev/shm`, a tmpfs `/tmp`) is watched: a full one
/// breaks the programs writing there, and is reported (never pruned) by its type.
pub fn is_disk(filesystem: &str) -> bool {
    let filesystem = filesystem.trim();
    let listed = |types: &[&str]| types.iter().any(|t| t.eq_ignore_ascii_case(filesystem));
    !listed(VIEW_TYPES) && !listed(PSEUDO_TYPES) && !is_read_only_image(filesystem)
}

/// A `/proc/mounts` field with its octal escapes (`\040` space, `\011` tab, `\012` newline,
/// `\134` backslash) undone; a backslash not followed by three octal digits stays as it is, and
/// bytes that do not form UTF-8 are replaced (U+FFFD).
pub fn unescape_mount(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(digits) = bytes.get(i + 1..i + 4)
            && digits.iter().all(|b| (b'0'..=b'7').contains(b))
        {
            // Three octal digits reach 511; like the kernel's own reader, only the low byte counts.
            out.push(
                digits
                    .iter()
                    .fold(0u8, |n, b| n.wrapping_mul(8).wrapping_add(b - b'0')),
            );
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_undone_and_other_backslashes_kept() {
        assert_eq!(unescape_mount(r"/mnt/my\040disk"), "/mnt/my disk");
        assert_eq!(unescape_mount(r"/a\011b\012c\134d"), "/a\tb\nc\\d");
        assert_eq!(unescape_mount(r"/odd\04"), r"/odd\04");
        assert_eq!(unescape_mount(r"/odd\9xy"), r"/odd\9xy");
        assert_eq!(unescape_mount("/plain"), "/plain");
    }

    #[test]
    fn image_types_are_read_in_any_case() {
        assert!(is_read_only_image("squashfs"));
        assert!(is_read_only_image(" EROFS "));
        assert!(is_read_only_image("fuse.snapfuse"));
        assert!(!is_read_only_image("ext4"));
        assert!(!is_read_only_image("fuse.sshfs"));
    }

    #[test]
    fn memory_backed_types_are_read_in_any_case() {
        for kind in ["tmpfs", " TMPFS ", "ramfs", "devtmpfs", "hugetlbfs"] {
            assert!(is_memory_backed(kind), "{kind:?}");
        }
        for kind in [
            "tmpfs",
            "TmpFS",
            "ramfs",
            "devtmpfs",
            "hugetlbfs",
            "ext4",
            "xfs",
            "nfs4",
        ] {
            assert!(is_disk(kind), "{kind}");
        }
        for kind in [
            "overlay", " NSFS ", "proc", "sysfs", "cgroup2", "squashfs", "erofs",
        ] {
            assert!(!is_disk(kind), "{kind}");
        }
        for kind in ["ext4", "xfs", "overlay", "fuse.tmpfs", ""] {
            assert!(!is_memory_backed(kind), "{kind:?}");
        }
    }
}
