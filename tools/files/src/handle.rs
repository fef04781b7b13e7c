//! Opening files by handle: every path is resolved by the kernel from a directory handle of its
//! root with `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`, so no component (a `..`, an
//! absolute or relative symlink, a directory swapped for a symlink while we work, a
//! `/proc/self/fd` magic link) can lead outside the root: the kernel refuses with `EXDEV`
//! instead of following. Names inside an opened directory are opened with `O_NOFOLLOW`.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags, ResolveFlags, Stat};
use rustix::io::Errno;
use warden_tool_api::ToolError;

/// How many times a lookup raced with a rename (`EAGAIN`) is retried before giving up.
const RETRIES: usize = 8;

/// What to open a path for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read a file's bytes (never blocks on a FIFO).
    Read,
    /// List a directory.
    Directory,
    /// Metadata only (any kind of file, no read permission needed).
    Metadata,
}

impl Access {
    fn flags(self) -> OFlags {
        let common = OFlags::CLOEXEC;
        match self {
            Access::Read => common | OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY,
            Access::Directory => common | OFlags::RDONLY | OFlags::DIRECTORY,
            Access::Metadata => common | OFlags::PATH,
        }
    }
}

/// Opens a root directory by its canonical path (configured by the operator, so trusted), as a
/// handle to resolve everything else from. A root replaced by a symlink is refused.
pub fn open_root(root: &Path) -> Result<OwnedFd, ToolError> {
    rustix::fs::open(
        root,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
        Mode::empty(),
    )
    .map_err(|e| {
        ToolError::Unavailable(format!(
            "the file root {} cannot be opened: {e}",
            root.display()
        ))
    })
}

/// Opens `relative` beneath `root` (an empty path is the root itself). Symlinks are followed
/// only while they stay beneath the root.
pub fn open_beneath(
    root: BorrowedFd<'_>,
    relative: &Path,
    access: Access,
    asked: &str,
) -> Result<OwnedFd, ToolError> {
    let path = if relative.as_os_str().is_empty() {
        Path::new(".")
    } else {
        relative
    };
    let mut tries = 0;
    loop {
        match rustix::fs::openat2(
            root,
            path,
            access.flags(),
            Mode::empty(),
            ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
        ) {
            Ok(fd) => return Ok(fd),
            Err(e) if e == Errno::AGAIN && tries < RETRIES => tries += 1,
            Err(e) => return Err(open_error(e, asked)),
        }
    }
}

/// Opens `name` (one component) inside an opened directory without following a symlink.
pub fn open_child(
    dir: BorrowedFd<'_>,
    name: &std::ffi::OsStr,
    access: Access,
) -> Result<OwnedFd, Errno> {
    rustix::fs::openat(dir, name, access.flags() | OFlags::NOFOLLOW, Mode::empty())
}

/// Metadata of `name` inside an opened directory, not following a symlink.
pub fn stat_child(dir: BorrowedFd<'_>, name: &std::ffi::OsStr) -> Result<Stat, Errno> {
    rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
}

pub fn stat(fd: impl AsFd) -> Result<Stat, ToolError> {
    rustix::fs::fstat(fd).map_err(|e| ToolError::Failed(format!("cannot read metadata: {e}")))
}

pub fn file_type(stat: &Stat) -> FileType {
    FileType::from_raw_mode(stat.st_mode)
}

/// A regular file with more than one name: another name may lie outside every root (a hard
/// link to `/etc/shadow` made inside a root), so such files are refused.
pub fn refuse_hard_link(stat: &Stat, asked: &str) -> Result<(), ToolError> {
    if file_type(stat) == FileType::RegularFile && stat.st_nlink > 1 {
        return Err(ToolError::Refused(format!(
            "'{asked}' is a hard link ({} names for one file); a hard link can alias a file outside the allowed roots, so it is refused",
            stat.st_nlink
        )));
    }
    Ok(())
}

/// The path an open handle refers to now, from `/proc/self/fd`. Failing to read it refuses
/// the call: judging a file we cannot name would be judging blind.
pub fn real_path(fd: impl AsFd) -> Result<PathBuf, ToolError> {
    let link = format!("/proc/self/fd/{}", fd.as_fd().as_raw_fd());
    std::fs::read_link(&link).map_err(|e| {
        ToolError::Unavailable(format!(
            "cannot tell which file was opened ({link}: {e}); the file tools need /proc"
        ))
    })
}

/// The error a model reads for a failed lookup; `EXDEV` is the kernel saying the path left the
/// root.
pub fn open_error(e: Errno, asked: &str) -> ToolError {
    if e == Errno::XDEV {
        ToolError::Refused(format!(
            "'{asked}' leads outside the allowed roots (through '..' or a symlink), so it is refused"
        ))
    } else if e == Errno::NOENT {
        ToolError::NotFound(format!("'{asked}' does not exist"))
    } else if e == Errno::NOTDIR {
        ToolError::NotFound(format!(
            "'{asked}' does not exist (a part of it is not a directory)"
        ))
    } else if e == Errno::LOOP {
        ToolError::Failed(format!(
            "'{asked}' cannot be resolved: too many levels of symlinks"
        ))
    } else if e == Errno::NAMETOOLONG {
        ToolError::InvalidArguments(format!("'{asked}' is too long a path"))
    } else if e == Errno::NOSYS {
        ToolError::Unavailable(
            "the file tools need openat2 (Linux 5.6 or later, allowed by the seccomp profile)"
                .to_owned(),
        )
    } else {
        ToolError::Failed(format!("cannot open '{asked}': {e}"))
    }
}
