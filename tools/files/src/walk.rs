//! Walking a directory tree by handle: each directory is opened from its parent's handle with
//! `O_NOFOLLOW`, so a directory swapped for a symlink mid-walk is refused, never followed, and
//! the walk never leaves the directory it started in.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::ops::ControlFlow;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rustix::fs::{Dir, FileType, Stat};
use warden_tool_api::ToolError;

use crate::confine::Confinement;
use crate::handle::{Access, file_type, open_child, stat, stat_child};

/// Directories deeper than this below the start are not entered.
const MAX_DEPTH: usize = 64;

/// The names in an opened directory (without `.` and `..`), sorted.
pub fn entry_names(dir: &OwnedFd) -> Result<Vec<OsString>, ToolError> {
    let entries = Dir::read_from(dir)
        .map_err(|e| ToolError::Failed(format!("cannot read the directory: {e}")))?;
    let mut names: Vec<OsString> = entries
        .filter_map(Result::ok)
        .map(|entry| OsStr::from_bytes(entry.file_name().to_bytes()).to_owned())
        .filter(|name| name != "." && name != "..")
        .collect();
    names.sort();
    Ok(names)
}

/// A regular file met by the walk, opened.
pub struct Walked {
    /// Relative to where the walk started.
    pub relative: PathBuf,
    pub file: File,
    pub stat: Stat,
}

/// What the walk passed over without visiting.
#[derive(Debug, Default)]
pub struct Skipped {
    /// Hard-linked files, and entries that changed kind under the walk.
    pub unreadable: usize,
}

/// Visits every regular file below `dir` (whose real path is `dir_path`), in name order, depth
/// first; symlinks are not followed, `.git` and protected entries are not entered, hard-linked
/// files are skipped. `visit` stops the walk by breaking.
pub fn walk(
    confinement: &Confinement,
    dir: &OwnedFd,
    dir_path: &Path,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Walked) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, ToolError> {
    walk_below(confinement, dir, dir_path, Path::new(""), 0, skipped, visit)
}

fn walk_below(
    confinement: &Confinement,
    dir: &OwnedFd,
    dir_path: &Path,
    relative: &Path,
    depth: usize,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Walked) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, ToolError> {
    for name in entry_names(dir)? {
        let real = dir_path.join(&name);
        if name == ".git" || !confinement.admits_walked(&real) {
            continue;
        }
        let Ok(kind) = stat_child(dir.as_fd(), &name).map(|s| file_type(&s)) else {
            continue;
        };
        match kind {
            FileType::Directory if depth < MAX_DEPTH => {
                let Ok(child) = open_child(dir.as_fd(), &name, Access::Directory) else {
                    skipped.unreadable += 1;
                    continue;
                };
                let flow = walk_below(
                    confinement,
                    &child,
                    &real,
                    &relative.join(&name),
                    depth + 1,
                    skipped,
                    visit,
                )?;
                if flow.is_break() {
                    return Ok(flow);
                }
            }
            FileType::RegularFile => {
                let opened = open_child(dir.as_fd(), &name, Access::Read);
                let Ok(fd) = opened else {
                    skipped.unreadable += 1;
                    continue;
                };
                let Ok(stat) = stat(&fd) else {
                    skipped.unreadable += 1;
                    continue;
                };
                if file_type(&stat) != FileType::RegularFile || stat.st_nlink > 1 {
                    skipped.unreadable += 1;
                    continue;
                }
                let walked = Walked {
                    relative: relative.join(&name),
                    file: File::from(fd),
                    stat,
                };
                if visit(walked).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            FileType::Directory
            | FileType::Symlink
            | FileType::Fifo
            | FileType::Socket
            | FileType::CharacterDevice
            | FileType::BlockDevice
            | FileType::Unknown => {}
        }
    }
    Ok(ControlFlow::Continue(()))
}
