//! Which root a request falls under, and the judgement of what was opened: inside a root,
//! outside every protected directory, not a secret by name, not a hard link.

use std::ffi::{OsStr, OsString};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::FileType;
use warden_secrets::sensitive_path;
use warden_tool_api::ToolError;

use crate::FilesConfig;
use crate::handle::{
    Access, file_type, open_beneath, open_root, real_path, refuse_hard_link, stat, stat_child,
};

const MAX_PATH_BYTES: usize = 4096;

/// A configured root: its canonical path (what handles are opened from) and the spelling the
/// operator configured (which requests may use too).
#[derive(Debug)]
struct Root {
    canonical: PathBuf,
    configured: PathBuf,
}

/// The roots and denials every file tool checks against.
#[derive(Debug)]
pub struct Confinement {
    /// Roots that exist; configured roots that do not exist are reported once.
    roots: Vec<Root>,
    missing_roots: Vec<PathBuf>,
    denied: Vec<PathBuf>,
    setting: &'static str,
    /// Makes temporary names unique between concurrent writes.
    counter: AtomicU64,
}

/// A path opened beneath a root, judged and admitted.
#[derive(Debug)]
pub struct Opened {
    pub fd: OwnedFd,
    /// Where the handle points now (from `/proc/self/fd`).
    pub path: PathBuf,
    pub stat: rustix::fs::Stat,
}

/// Where a write goes: an opened directory beneath a root and a plain name in it.
#[derive(Debug)]
pub struct WriteTarget {
    pub dir: OwnedFd,
    pub dir_path: PathBuf,
    pub name: OsString,
    /// The existing file's metadata, when there is one.
    pub existing: Option<rustix::fs::Stat>,
}

impl WriteTarget {
    pub fn path(&self) -> PathBuf {
        self.dir_path.join(&self.name)
    }
}

/// A request split into the root it falls under and the rest, still unresolved.
struct Request<'a> {
    root: &'a Root,
    relative: PathBuf,
    asked: PathBuf,
}

impl Confinement {
    pub fn new(config: &FilesConfig) -> Self {
        let (mut roots, mut missing_roots) = (Vec::new(), Vec::new());
        for root in &config.roots {
            match std::fs::canonicalize(root) {
                Ok(canonical) => roots.push(Root {
                    canonical,
                    configured: root.clone(),
                }),
                Err(_) => missing_roots.push(root.clone()),
            }
        }
        let denied = config
            .denied
            .iter()
            .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()))
            .collect();
        Self {
            roots,
            missing_roots,
            denied,
            setting: config.setting,
            counter: AtomicU64::new(0),
        }
    }

    /// The canonical roots.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.iter().map(|r| r.canonical.clone()).collect()
    }

    /// A number never handed out before by this confinement (for temporary names).
    pub fn unique(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    fn no_roots(&self) -> ToolError {
        if self.missing_roots.is_empty() {
            ToolError::Unavailable(format!(
                "no roots are configured; an operator sets {}",
                self.setting
            ))
        } else {
            ToolError::Unavailable(format!(
                "the configured file roots do not exist: {}",
                self.missing_roots
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }

    fn describe_roots(&self) -> String {
        self.roots
            .iter()
            .map(|r| r.canonical.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn outside(&self, asked: &Path) -> ToolError {
        ToolError::Refused(format!(
            "'{}' is outside the allowed roots ({})",
            asked.display(),
            self.describe_roots()
        ))
    }

    /// Splits a request into its root and the rest, by whole components: `/data` never admits
    /// `/datafoo`. Relative requests are taken from the only root. Nothing is resolved yet.
    fn request(&self, raw: &str) -> Result<Request<'_>, ToolError> {
        if self.roots.is_empty() {
            return Err(self.no_roots());
        }
        if raw.is_empty() {
            return Err(ToolError::InvalidArguments(
                "path must not be empty".to_owned(),
            ));
        }
        if raw.len() > MAX_PATH_BYTES || raw.contains('\0') {
            return Err(ToolError::InvalidArguments(
                "path must be at most 4096 bytes with no NUL characters".to_owned(),
            ));
        }
        let path = Path::new(raw);
        if path.is_relative() {
            return match self.roots.as_slice() {
                [only] => Ok(Request {
                    root: only,
                    relative: path.to_path_buf(),
                    asked: only.canonical.join(path),
                }),
                _ => Err(ToolError::InvalidArguments(format!(
                    "'{raw}' is relative and several roots are configured; give an absolute path under one of: {}",
                    self.describe_roots()
                ))),
            };
        }
        // The longest root the request lies under, by either spelling.
        self.roots
            .iter()
            .flat_map(|root| {
                [&root.canonical, &root.configured]
                    .into_iter()
                    .filter_map(move |prefix| {
                        path.strip_prefix(prefix)
                            .ok()
                            .map(|rest| (root, prefix, rest))
                    })
            })
            .max_by_key(|(_, prefix, _)| prefix.components().count())
            .map(|(root, _, rest)| Request {
                root,
                relative: rest.to_path_buf(),
                asked: path.to_path_buf(),
            })
            .ok_or_else(|| self.outside(path))
    }

    /// Refuses an opened path outside its root, in a protected directory, or sensitive; the
    /// path as asked is checked for sensitivity too (a symlink named `notes.txt` to `.env`).
    fn admit(&self, real: &Path, root: &Root, asked: &Path) -> Result<(), ToolError> {
        if !real.starts_with(&root.canonical) {
            return Err(self.outside(asked));
        }
        if self.denied.iter().any(|denied| real.starts_with(denied)) {
            return Err(ToolError::Refused(format!(
                "'{}' is in a protected directory",
                asked.display()
            )));
        }
        if let Some(why) = sensitive_path(real).or_else(|| sensitive_path(asked)) {
            return Err(ToolError::Refused(format!("'{}': {why}", asked.display())));
        }
        Ok(())
    }

    /// Whether a path found while walking a root may be shown (the walk does not follow links).
    pub fn admits_walked(&self, path: &Path) -> bool {
        !self.denied.iter().any(|d| path.starts_with(d)) && sensitive_path(path).is_none()
    }

    /// Opens an existing path beneath its root for `access`, and admits what was opened.
    pub fn open(&self, raw: &str, access: Access) -> Result<Opened, ToolError> {
        let request = self.request(raw)?;
        // Judge the name as asked before touching the file system: a secret's existence is
        // not probed either.
        if let Some(why) = sensitive_path(&request.asked) {
            return Err(ToolError::Refused(format!("'{raw}': {why}")));
        }
        let root = open_root(&request.root.canonical)?;
        let fd = open_beneath(root.as_fd(), &request.relative, access, raw)?;
        let path = real_path(&fd)?;
        self.admit(&path, request.root, &request.asked)?;
        let stat = stat(&fd)?;
        refuse_hard_link(&stat, raw)?;
        Ok(Opened { fd, path, stat })
    }

    /// An existing path, resolved beneath its root and admitted (for tools that hand the path
    /// to a program, such as git).
    pub fn existing(&self, raw: &str) -> Result<PathBuf, ToolError> {
        Ok(self.open(raw, Access::Metadata)?.path)
    }

    /// Where a write to `raw` goes: its directory opened beneath the root, and the name in it.
    /// A symlink as the last component is written through to its target when that target is
    /// beneath the root too; a hard-linked file, a directory or anything but a regular file is
    /// refused.
    pub fn writable(&self, raw: &str) -> Result<WriteTarget, ToolError> {
        let request = self.request(raw)?;
        if let Some(why) = sensitive_path(&request.asked) {
            return Err(ToolError::Refused(format!("'{raw}': {why}")));
        }
        let root = open_root(&request.root.canonical)?;
        let target = self.write_target(&root, &request.relative, request.root, &request, raw)?;
        if target
            .existing
            .as_ref()
            .is_some_and(|s| file_type(s) == FileType::Symlink)
        {
            // Write through the link to where it points, if that stays beneath the root.
            let pointed = open_beneath(root.as_fd(), &request.relative, Access::Metadata, raw)?;
            let real = real_path(&pointed)?;
            self.admit(&real, request.root, &request.asked)?;
            let relative = real
                .strip_prefix(&request.root.canonical)
                .map_err(|_| self.outside(&request.asked))?
                .to_path_buf();
            let through = self.write_target(&root, &relative, request.root, &request, raw)?;
            if through
                .existing
                .as_ref()
                .is_some_and(|s| file_type(s) != FileType::RegularFile)
            {
                return Err(ToolError::Refused(format!(
                    "'{raw}' changed while it was being written; nothing was written"
                )));
            }
            return Ok(through);
        }
        Ok(target)
    }

    fn write_target(
        &self,
        root: &OwnedFd,
        relative: &Path,
        configured: &Root,
        request: &Request<'_>,
        raw: &str,
    ) -> Result<WriteTarget, ToolError> {
        let name = match relative.components().next_back() {
            Some(Component::Normal(name)) => name.to_owned(),
            Some(
                Component::ParentDir
                | Component::CurDir
                | Component::RootDir
                | Component::Prefix(_),
            )
            | None => {
                return Err(ToolError::InvalidArguments(format!(
                    "'{raw}' does not name a file"
                )));
            }
        };
        let parent = relative.parent().unwrap_or(Path::new(""));
        let dir = open_beneath(root.as_fd(), parent, Access::Directory, raw)?;
        let dir_path = real_path(&dir)?;
        self.admit(&dir_path.join(&name), configured, &request.asked)?;
        let existing = match stat_child(dir.as_fd(), &name) {
            Ok(stat) => Some(stat),
            Err(e) if e == rustix::io::Errno::NOENT => None,
            Err(e) => return Err(ToolError::Failed(format!("cannot inspect '{raw}': {e}"))),
        };
        if let Some(stat) = &existing {
            match file_type(stat) {
                FileType::RegularFile => refuse_hard_link(stat, raw)?,
                FileType::Symlink => {}
                FileType::Directory => {
                    return Err(ToolError::InvalidArguments(format!(
                        "'{raw}' is a directory"
                    )));
                }
                FileType::Fifo
                | FileType::Socket
                | FileType::CharacterDevice
                | FileType::BlockDevice
                | FileType::Unknown => {
                    return Err(ToolError::Refused(format!("'{raw}' is not a regular file")));
                }
            }
        }
        Ok(WriteTarget {
            dir,
            dir_path,
            name,
            existing,
        })
    }
}

/// The file name for messages.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(OsStr::new("/"))
        .to_string_lossy()
        .into_owned()
}
