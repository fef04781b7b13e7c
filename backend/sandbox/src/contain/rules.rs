//! The file system and network as a contained program finds them, as a landlock ruleset.
//!
//! Landlock grants rights on whole hierarchies and can take nothing away below a grant, so
//! hiding `/etc/shadow` while `/etc` stays readable means granting every entry of `/etc` but
//! that one. The ruleset is built by walking down from `/` along the ancestors of the hidden
//! paths only: an ancestor's entries get a rule each (read and execute beneath them), the
//! ancestor itself none, the hidden entry nothing. Everything else is granted with one rule at
//! the highest level that holds no hidden path. No write right of any kind is granted, except on
//! a few harmless character devices (`/dev/null` and friends) and the NVIDIA device nodes
//! (`nvidia-smi` talks to the driver through them; the driver refuses changes to anyone without
//! `CAP_SYS_ADMIN`). Directories stay listable everywhere: a hidden directory's names can be
//! listed where the file permissions allow it, never its content read.
//!
//! Rules hold inodes, so a file replaced after the walk (a new `/etc/passwd`) would be unreadable
//! until the next walk: every directory the walk read is stamped (device, inode, modification
//! time) and the ruleset is rebuilt when a stamp changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use landlock::{
    ABI, Access, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, PathBeneath, Ruleset,
    RulesetAttr, RulesetCreated, RulesetCreatedAttr, Scope,
};

use super::ContainmentError;

/// The landlock ABI whose rights are required: 6 (Linux 6.12) adds the scopes that stop signals
/// and abstract-socket connections to processes outside the domain; 5 added device ioctls, 4
/// TCP, 3 truncation.
pub const REQUIRED_ABI: ABI = ABI::V6;

/// Paths hidden from every contained program, besides those the configuration names (Warden's
/// data directory, SSH keys of `ssh_exec`): [`warden_secrets::CONTAINMENT_HIDDEN`], which the
/// classifier also reads.
pub const BUILT_IN_HIDDEN: &[&str] = warden_secrets::CONTAINMENT_HIDDEN;

/// Character devices a contained program may write (and read): writing them changes nothing.
const HARMLESS_DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
];

/// Device nodes that `nvidia-smi` (and NVML) must open read-write and send ioctls to.
const GPU_DEVICES: &[&str] = &["/dev/nvidiactl", "/dev/nvidia[0-9]*", "/dev/nvidia-uvm*"];

/// What identifies a directory's content at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    mtime: i64,
    mtime_nsec: i64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some(Stamp {
        dev: meta.dev(),
        ino: meta.ino(),
        mtime: meta.mtime(),
        mtime_nsec: meta.mtime_nsec(),
    })
}

/// A built ruleset and what it was built from.
#[derive(Debug)]
pub(crate) struct Tree {
    ruleset: RulesetCreated,
    /// Every directory read while building, with its stamp then (None: it did not exist).
    stamps: BTreeMap<PathBuf, Option<Stamp>>,
    /// The hidden paths found, canonical.
    pub(crate) hidden: BTreeSet<PathBuf>,
    /// How many rules were added.
    pub(crate) rules: usize,
}

impl Tree {
    /// Whether a directory the walk read has changed since (a rebuild is due).
    pub(crate) fn is_stale(&self) -> bool {
        self.stamps.iter().any(|(path, then)| stamp(path) != *then)
    }

    /// A handle on the ruleset for one thread to restrict itself with.
    pub(crate) fn ruleset(&self) -> Result<RulesetCreated, ContainmentError> {
        self.ruleset
            .try_clone()
            .map_err(|e| ContainmentError::Landlock(format!("cannot duplicate the ruleset: {e}")))
    }
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `[0-9]` one digit.
fn component_matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some(b'*') => (0..=n.len()).any(|i| go(&p[1..], &n[i..])),
            Some(b'[') if p.starts_with(b"[0-9]") => {
                n.first().is_some_and(u8::is_ascii_digit) && go(&p[5..], &n[1..])
            }
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..]),
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

/// The existing paths a pattern names, canonical; every directory looked into is stamped, so a
/// match appearing later (a new user's `.ssh`) makes the tree stale.
fn expand(pattern: &Path, stamps: &mut BTreeMap<PathBuf, Option<Stamp>>) -> Vec<PathBuf> {
    let mut current = vec![PathBuf::from("/")];
    for component in pattern.components() {
        let Component::Normal(part) = component else {
            continue;
        };
        let part = part.to_string_lossy();
        let mut next = Vec::new();
        for dir in &current {
            stamps.insert(dir.clone(), stamp(dir));
            if part.contains('*') || part.contains('[') {
                let Ok(entries) = std::fs::read_dir(dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    if component_matches(&part, &entry.file_name().to_string_lossy()) {
                        next.push(dir.join(entry.file_name()));
                    }
                }
            } else {
                let candidate = dir.join(part.as_ref());
                if std::fs::symlink_metadata(&candidate).is_ok() {
                    next.push(candidate);
                }
            }
        }
        current = next;
    }
    current
        .into_iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .collect()
}

/// An `O_PATH` handle that never follows a symbolic link: a rule on a link would grant its
/// target, which may be a hidden file.
fn handle(path: &Path) -> Option<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .ok()
}

fn landlock_error(e: impl std::fmt::Display) -> ContainmentError {
    ContainmentError::Landlock(e.to_string())
}

struct Builder {
    ruleset: RulesetCreated,
    stamps: BTreeMap<PathBuf, Option<Stamp>>,
    hidden: BTreeSet<PathBuf>,
    ancestors: BTreeSet<PathBuf>,
    rules: usize,
}

impl Builder {
    fn grant(&mut self, path: &Path, access: BitFlags<AccessFs>) -> Result<(), ContainmentError> {
        let Some(file) = handle(path) else {
            return Ok(());
        };
        let Ok(meta) = file.metadata() else {
            return Ok(());
        };
        let access = if meta.is_symlink() {
            return Ok(());
        } else if meta.is_dir() {
            access
        } else {
            access & AccessFs::from_file(REQUIRED_ABI)
        };
        (&mut self.ruleset)
            .add_rule(PathBeneath::new(file, access))
            .map_err(landlock_error)?;
        self.rules += 1;
        Ok(())
    }

    /// Grants every entry of `dir` except hidden ones, descending into ancestors of hidden paths.
    fn walk(&mut self, dir: &Path, depth: usize) -> Result<(), ContainmentError> {
        self.stamps.insert(dir.to_path_buf(), stamp(dir));
        if depth > 64 {
            return Ok(());
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        children.sort();
        for child in children {
            if self.hidden.contains(&child) {
                continue;
            }
            if self.ancestors.contains(&child) {
                self.walk(&child, depth + 1)?;
            } else {
                self.grant(&child, AccessFs::from_read(REQUIRED_ABI))?;
            }
        }
        Ok(())
    }
}

/// Builds the ruleset: read and execute everywhere but the hidden paths, no write, no TCP
/// connect or bind, no signal to and no abstract socket of a process outside the domain.
/// Fails (and containment is unavailable) when the kernel lacks any of it.
pub(crate) fn build(patterns: &[PathBuf]) -> Result<Tree, ContainmentError> {
    let ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::HardRequirement)
        .handle_access(AccessFs::from_all(REQUIRED_ABI))
        .and_then(|r| r.handle_access(AccessNet::from_all(REQUIRED_ABI)))
        .and_then(|r| r.scope(Scope::from_all(REQUIRED_ABI)))
        .and_then(Ruleset::create)
        .map_err(|e| {
            ContainmentError::Landlock(format!(
                "this kernel does not provide landlock ABI {} or newer ({e})",
                REQUIRED_ABI as i32
            ))
        })?;
    let mut stamps = BTreeMap::new();
    let mut hidden = BTreeSet::new();
    for pattern in BUILT_IN_HIDDEN
        .iter()
        .map(PathBuf::from)
        .chain(patterns.iter().cloned())
    {
        hidden.extend(expand(&pattern, &mut stamps));
    }
    let mut ancestors = BTreeSet::new();
    for path in &hidden {
        ancestors.extend(path.ancestors().skip(1).map(Path::to_path_buf));
    }
    let mut builder = Builder {
        ruleset,
        stamps,
        hidden,
        ancestors,
        rules: 0,
    };
    // Every directory can be listed (names, never content).
    builder.grant(Path::new("/"), AccessFs::ReadDir.into())?;
    builder.walk(Path::new("/"), 0)?;
    let mut devices = BTreeMap::new();
    for pattern in HARMLESS_DEVICES {
        for path in expand(Path::new(pattern), &mut devices) {
            builder.grant(
                &path,
                AccessFs::ReadFile | AccessFs::WriteFile | AccessFs::Truncate,
            )?;
        }
    }
    for pattern in GPU_DEVICES {
        for path in expand(Path::new(pattern), &mut devices) {
            builder.grant(
                &path,
                AccessFs::ReadFile | AccessFs::WriteFile | AccessFs::IoctlDev,
            )?;
        }
    }
    // A new GPU node appearing is a change of /dev like any other.
    builder.stamps.extend(devices);
    Ok(Tree {
        ruleset: builder.ruleset,
        stamps: builder.stamps,
        hidden: builder.hidden,
        rules: builder.rules,
    })
}

#[cfg(test)]
mod tests {
    use super::component_matches;

    #[test]
    fn patterns_match_one_component() {
        for (pattern, name, expected) in [
            ("shadow*", "shadow", true),
            ("shadow*", "shadow-", true),
            ("shadow*", "gshadow", false),
            ("ssh_host_*_key", "ssh_host_ed25519_key", true),
            ("ssh_host_*_key", "ssh_host_ed25519_key.pub", false),
            ("nvidia[0-9]*", "nvidia0", true),
            ("nvidia[0-9]*", "nvidia12", true),
            ("nvidia[0-9]*", "nvidiactl", false),
            ("nvidia-uvm*", "nvidia-uvm-tools", true),
        ] {
            assert_eq!(
                component_matches(pattern, name),
                expected,
                "{pattern} {name}"
            );
        }
    }
}
