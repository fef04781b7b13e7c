use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use warden_tool_api::ToolError;

use crate::FilesConfig;
use warden_secrets::sensitive_path;

const MAX_PATH_BYTES: usize = 4096;

/// The roots and denials every file tool checks against.
#[derive(Debug)]
pub struct Confinement {
    /// Canonical roots that exist; configured roots that do not exist are reported once.
    roots: Vec<PathBuf>,
    missing_roots: Vec<PathBuf>,
    denied: Vec<PathBuf>,
    setting: &'static str,
}

impl Confinement {
    pub fn new(config: &FilesConfig) -> Self {
        let (mut roots, mut missing_roots) = (Vec::new(), Vec::new());
        for root in &config.roots {
            match std::fs::canonicalize(root) {
                Ok(canonical) => roots.push(canonical),
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
        }
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
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

    /// The request made absolute (relative paths are taken from the only root), not yet resolved.
    fn absolute(&self, raw: &str) -> Result<PathBuf, ToolError> {
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
        if path.is_absolute() {
            return Ok(path.to_path_buf());
        }
        match self.roots.as_slice() {
            [only] => Ok(only.join(path)),
            _ => Err(ToolError::InvalidArguments(format!(
                "'{raw}' is relative and several roots are configured; give an absolute path under one of: {}",
                self.describe_roots()
            ))),
        }
    }

    fn describe_roots(&self) -> String {
        self.roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Refuses canonical paths outside every root, in a denied directory, or sensitive; `asked` is
    /// checked for sensitivity too.
    fn admit(&self, canonical: &Path, asked: &Path) -> Result<(), ToolError> {
        if !self.roots.iter().any(|root| canonical.starts_with(root)) {
            return Err(ToolError::Refused(format!(
                "'{}' is outside the allowed roots ({})",
                asked.display(),
                self.describe_roots()
            )));
        }
        if self
            .denied
            .iter()
            .any(|denied| canonical.starts_with(denied))
        {
            return Err(ToolError::Refused(format!(
                "'{}' is in a protected directory",
                asked.display()
            )));
        }
        if let Some(why) = sensitive_path(canonical).or_else(|| sensitive_path(asked)) {
            return Err(ToolError::Refused(format!("'{}': {why}", asked.display())));
        }
        Ok(())
    }

    /// Whether a path found while walking a root may be shown (the walk does not follow links).
    pub fn admits_walked(&self, path: &Path) -> bool {
        !self.denied.iter().any(|d| path.starts_with(d)) && sensitive_path(path).is_none()
    }

    /// An existing path, resolved and admitted.
    // io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
    #[allow(clippy::wildcard_enum_match_arm)]
    pub fn existing(&self, raw: &str) -> Result<PathBuf, ToolError> {
        let asked = self.absolute(raw)?;
        let canonical = std::fs::canonicalize(&asked).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                // Say "outside" rather than "not found" for paths that could never be admitted,
                // so the answer does not probe what exists outside the roots.
                match self.admit(&lexical(&asked), &asked) {
                    Err(refused) => refused,
                    Ok(()) => ToolError::NotFound(format!("'{raw}' does not exist")),
                }
            }
            _ => ToolError::Failed(format!("cannot resolve '{raw}': {e}")),
        })?;
        self.admit(&canonical, &asked)?;
        Ok(canonical)
    }

    /// A path to write: its directory must exist and be admitted; the file itself may not exist
    /// yet. A symlink as the last component is written through to its (admitted) target.
    // io::ErrorKind is non-exhaustive: kinds other than those named are plain failures.
    #[allow(clippy::wildcard_enum_match_arm)]
    pub fn writable(&self, raw: &str) -> Result<PathBuf, ToolError> {
        let asked = self.absolute(raw)?;
        let name = match asked.components().next_back() {
            Some(Component::Normal(name)) => name.to_owned(),
            _ => {
                return Err(ToolError::InvalidArguments(format!(
                    "'{raw}' does not name a file"
                )));
            }
        };
        let parent = asked.parent().unwrap_or(Path::new("/"));
        let canonical_parent = std::fs::canonicalize(parent).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => match self.admit(&lexical(parent), &asked) {
                Err(refused) => refused,
                Ok(()) => ToolError::NotFound(format!("the directory of '{raw}' does not exist")),
            },
            _ => ToolError::Failed(format!("cannot resolve '{raw}': {e}")),
        })?;
        let target = canonical_parent.join(&name);
        let target = match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(&target).map_err(|_| {
                    ToolError::Refused(format!(
                        "'{raw}' is a symlink to a missing or looping target"
                    ))
                })?
            }
            Ok(meta) if meta.is_dir() => {
                return Err(ToolError::InvalidArguments(format!(
                    "'{raw}' is a directory"
                )));
            }
            Ok(_) | Err(_) => target,
        };
        self.admit(&target, &asked)?;
        Ok(target)
    }
}

/// `..` and `.` removed without touching the filesystem, for judging paths that do not exist.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

/// Opens a canonical path for reading without following a symlink placed there since the check.
pub fn open_no_follow(path: &Path) -> Result<File, ToolError> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| ToolError::Failed(format!("cannot open '{}': {e}", path.display())))
}

/// The file name for messages.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(OsStr::new("/"))
        .to_string_lossy()
        .into_owned()
}
