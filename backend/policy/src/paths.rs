//! Judging a path a command names, however it is spelled. A path is normalised lexically
//! (`//`, `/./`, `..`, trailing slashes, `~`), relative paths are judged from the working directory
//! when it is known and as possibly anywhere otherwise (by their names), backup copies count as
//! the file they copy (`shadow-`, `*.bak`, `*~`, `.orig`, `.old`, `.save`, `.swp`, `.dpkg-old`),
//! and where the file system is at hand the path is resolved through its symlinks too. The
//! strictest reading of all these spellings wins.
//!
//! - Protected paths (Warden's data directory, and every process's `/proc/*/environ` and
//!   `/proc/*/mem`) are forbidden to every program.
//! - Sensitive paths (credentials, as `warden_secrets::sensitive_path` knows them; raw disks and
//!   kernel memory; other processes' open files) are high for every reader.

use std::fmt::Debug;
use std::path::{Component, Path, PathBuf};

use crate::level::RiskLevel;

/// How paths are resolved before they are judged: injected so that unit tests stay
/// deterministic while the server resolves against the real file system.
pub trait PathResolver: Debug + Send + Sync {
    /// The directory relative paths start from, when known.
    fn working_dir(&self) -> Option<PathBuf>;
    /// `path` (absolute and lexically normal) with the symlinks of its existing prefix
    /// resolved, or `None` when that changes nothing or cannot be known.
    fn resolve(&self, path: &Path) -> Option<PathBuf>;
}

/// No file system: paths are judged as written, relative ones as possibly anywhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexical;

impl PathResolver for Lexical {
    fn working_dir(&self) -> Option<PathBuf> {
        None
    }

    fn resolve(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// The host's file system: relative paths start from this process's working directory, and
/// the longest existing prefix of a path is canonicalised (symlinks, `..` through links).
#[derive(Debug, Clone, Default)]
pub struct HostFileSystem {
    working_dir: Option<PathBuf>,
}

impl HostFileSystem {
    /// Resolves against the current working directory of this process.
    pub fn new() -> Self {
        Self {
            working_dir: std::env::current_dir().ok(),
        }
    }
}

/// At most this many components are walked back to find an existing prefix.
const MAX_COMPONENTS: usize = 64;

impl PathResolver for HostFileSystem {
    fn working_dir(&self) -> Option<PathBuf> {
        self.working_dir.clone()
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let mut existing = path.to_path_buf();
        let mut missing = Vec::new();
        for _ in 0..MAX_COMPONENTS {
            if let Ok(real) = std::fs::canonicalize(&existing) {
                let mut resolved = real;
                resolved.extend(missing.iter().rev());
                return (resolved != path).then_some(resolved);
            }
            missing.push(existing.file_name()?.to_os_string());
            if !existing.pop() {
                return None;
            }
        }
        None
    }
}

/// What a policy knows about paths: how to resolve them and which are protected.
#[derive(Debug, Clone, Copy)]
pub struct PathJudge<'a> {
    /// Where relative paths start and how symlinks are followed.
    pub resolver: &'a dyn PathResolver,
    /// Absolute, lexically normal directories (or files) refused to every tool.
    pub protected: &'a [PathBuf],
    /// A working directory set by the command itself (`env -C`, `git -C`).
    pub working_dir: Option<&'a Path>,
}

/// The judgement of one path: its level and why.
pub type PathVerdict = (RiskLevel, String);

const LEXICAL: Lexical = Lexical;

impl Default for PathJudge<'_> {
    fn default() -> Self {
        Self {
            resolver: &LEXICAL,
            protected: &[],
            working_dir: None,
        }
    }
}

/// Suffixes of backup and editor copies: the copy holds what the file holds.
const BACKUP_SUFFIXES: &[&str] = &[
    "~",
    "-",
    ".bak",
    ".backup",
    ".orig",
    ".old",
    ".save",
    ".sav",
    ".swp",
    ".swo",
    ".tmp",
    ".dpkg-old",
    ".dpkg-dist",
    ".dpkg-new",
    ".dpkg-bak",
    ".ucf-old",
    ".ucf-dist",
    ".rpmsave",
    ".rpmnew",
    ".copy",
    ".1",
];

/// Whether a name may be a backup copy's (ends like one, or is an Emacs autosave).
fn may_be_backup(name: &str) -> bool {
    name.ends_with(['~', '-', '#'])
        || name.rsplit_once('.').is_some_and(|(_, ext)| {
            BACKUP_SUFFIXES.iter().any(|suffix| {
                suffix.len() == ext.len() + 1 && suffix[1..].eq_ignore_ascii_case(ext)
            }) || ext.starts_with("dpkg-")
                || ext.starts_with("ucf-")
                || ext.starts_with("rpm")
        })
}

/// The name of the file a backup copy was made from (`shadow.bak~` is `shadow`; `.shadow.swp`,
/// vim's swap file, is `shadow`; `#shadow#`, Emacs's, too).
pub fn unbackup(name: &str) -> String {
    let mut name = name.to_owned();
    loop {
        let before = name.len();
        if name.len() > 2 && name.starts_with('#') && name.ends_with('#') {
            name = name[1..name.len() - 1].to_owned();
        }
        // Numbered backups: `shadow.~1~`.
        if let Some(at) = name.rfind(".~")
            && name.ends_with('~')
            && name.len() > at + 3
            && name[at + 2..name.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit())
        {
            name.truncate(at);
        }
        for suffix in BACKUP_SUFFIXES {
            let cut = name.len().saturating_sub(suffix.len());
            if name.len() > suffix.len() + 1
                && name.is_char_boundary(cut)
                && name[cut..].eq_ignore_ascii_case(suffix)
            {
                name.truncate(name.len() - suffix.len());
                if matches!(*suffix, ".swp" | ".swo") && name.len() > 1 && name.starts_with('.') {
                    name.remove(0);
                }
                break;
            }
        }
        if name.len() == before {
            return name;
        }
    }
}

/// `path` with `.` and `..` resolved lexically, repeated and trailing slashes removed; `..` at
/// the root stays at the root. Relative paths keep their leading `..`.
pub fn lexical(path: &Path) -> PathBuf {
    // Most paths are already normal: nothing to resolve, one copy.
    let text = path.as_os_str().as_encoded_bytes();
    let plain = !text.is_empty()
        && !text.ends_with(b"/")
        && !text.windows(2).any(|w| w == b"//")
        && !text
            .split(|b| *b == b'/')
            .any(|part| part == b"." || part == b"..");
    if plain {
        return path.to_path_buf();
    }
    let mut out: Vec<Component> = Vec::with_capacity(8);
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(component),
            },
            Component::RootDir | Component::Prefix(_) | Component::Normal(_) => out.push(component),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// `/` followed by a relative `path`, allocated once.
fn rooted(path: &Path) -> PathBuf {
    let mut out = PathBuf::with_capacity(path.as_os_str().len() + 1);
    out.push("/");
    out.push(path);
    out
}

/// `~` and `~user` as the home directories they expand to (a guess for other users: `/home/USER`).
fn expand_home(word: &str) -> Option<String> {
    let rest = word.strip_prefix('~')?;
    let (user, tail) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    Some(match user {
        "" | "root" => format!("/root{tail}"),
        user => format!("/home/{user}{tail}"),
    })
}

impl PathJudge<'_> {
    /// The absolute, lexically normal paths `word` may name, and whether it was relative.
    fn spellings(&self, word: &str) -> (Vec<PathBuf>, bool) {
        let expanded = expand_home(word);
        let text = expanded.as_deref().unwrap_or(word);
        let path = Path::new(text);
        if path.is_absolute() {
            let normal = lexical(path);
            let mut all = vec![normal.clone()];
            if let Some(real) = self.resolver.resolve(&normal) {
                all.push(real);
            }
            if let Some(inside) = through_proc_root(&normal) {
                all.push(inside);
            }
            return (all, false);
        }
        let working_dir = self
            .working_dir
            .map(Path::to_path_buf)
            .or_else(|| self.resolver.working_dir());
        let mut all = Vec::with_capacity(2);
        match working_dir {
            Some(dir) => {
                let normal = lexical(&dir.join(path));
                if let Some(real) = self.resolver.resolve(&normal) {
                    all.push(real);
                }
                all.push(normal);
            }
            // Possibly anywhere: at least as if it started at the root.
            None => all.push(lexical(&rooted(path))),
        }
        (all, true)
    }

    /// The level of reading the contents of the file `word` names (None: nothing sensitive
    /// about it): protected paths, credentials, raw devices, kernel memory, other processes'
    /// open files.
    pub fn read(&self, word: &str) -> Option<PathVerdict> {
        self.judge(word, true)
    }

    /// The level of naming `word` at all, whatever is done with it (listing, stat, an option
    /// value the program may open): protected paths and credentials.
    pub fn mention(&self, word: &str) -> Option<PathVerdict> {
        self.judge(word, false)
    }

    fn judge(&self, word: &str, content: bool) -> Option<PathVerdict> {
        if word.is_empty() || word == "-" {
            return None;
        }
        let (spellings, relative) = self.spellings(word);
        let mut worst: Option<PathVerdict> = None;
        let mut raise = |verdict: Option<PathVerdict>| {
            if let Some(verdict) = verdict
                && worst.as_ref().is_none_or(|w| verdict.0 > w.0)
            {
                worst = Some(verdict);
            }
        };
        for path in &spellings {
            raise(
                self.protected_reason(path)
                    .map(|r| (RiskLevel::Forbidden, r)),
            );
            raise(sensitive(path, content).map(|r| (RiskLevel::High, r)));
        }
        if relative {
            // The name alone, wherever it is: `shadow`, `../../etc/shadow`, `id_rsa.bak`.
            raise(sensitive(&lexical(Path::new(word)), content).map(|r| (RiskLevel::High, r)));
            if self.working_dir.is_none() && self.resolver.working_dir().is_none() {
                raise(
                    self.relative_protected(word)
                        .map(|r| (RiskLevel::Forbidden, r)),
                );
            }
        }
        worst
    }

    /// The level of reading everything under the directory `word` names (`grep -r`, `rg`,
    /// `diff -r`): the path itself, and whether a protected or well-known secret location lies
    /// inside it.
    pub fn read_tree(&self, word: &str) -> Option<PathVerdict> {
        let own = self.read(word);
        if own.as_ref().is_some_and(|v| v.0 == RiskLevel::Forbidden) {
            return own;
        }
        let (spellings, _) = self.spellings(word);
        for path in &spellings {
            if let Some(inside) = self.protected.iter().find(|p| p.starts_with(path)) {
                return Some((
                    RiskLevel::Forbidden,
                    format!(
                        "{} holds Warden's protected {}",
                        path.display(),
                        inside.display()
                    ),
                ));
            }
        }
        for path in &spellings {
            if let Some(secret) = SECRET_PLACES.iter().find(|place| holds(path, place)) {
                return Some((
                    RiskLevel::High,
                    format!(
                        "reading everything under {} reaches {secret}",
                        path.display()
                    ),
                ));
            }
        }
        own
    }

    /// Why `path` is refused to every tool, if it is.
    fn protected_reason(&self, path: &Path) -> Option<String> {
        if let Some(dir) = self.protected.iter().find(|p| path.starts_with(p)) {
            return Some(format!(
                "{} is Warden's own data ({}): no tool may touch it",
                path.display(),
                dir.display()
            ));
        }
        proc_secret(path)
    }

    /// A relative path judged as possibly anywhere: it is protected when it could start inside
    /// a protected directory (`data/jwt-signing.key` when the data directory is `…/data`).
    fn relative_protected(&self, word: &str) -> Option<String> {
        let relative = lexical(Path::new(word));
        let parts: Vec<_> = relative
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
        for dir in self.protected {
            let tail: Vec<_> = dir.components().collect();
            for take in 1..=tail.len().min(parts.len()) {
                if tail[tail.len() - take..] == parts[..take] {
                    return Some(format!(
                        "{word} may be inside Warden's own data ({}): no tool may touch it",
                        dir.display()
                    ));
                }
            }
        }
        None
    }

    /// Whether a path is protected (forbidden to every tool), with the reason.
    pub fn protected(&self, word: &str) -> Option<String> {
        self.mention(word)
            .filter(|v| v.0 == RiskLevel::Forbidden)
            .map(|v| v.1)
    }

    /// The level of writing to the file `word` names: protected paths, devices and the account
    /// database are forbidden; the bit bucket and the standard streams are harmless; anything
    /// else is a change (high).
    pub fn write(&self, word: &str) -> PathVerdict {
        // `-o -`, `-O-`: the standard output, by convention.
        if word == "-" {
            return (RiskLevel::Low, "writes to the standard output".to_owned());
        }
        let (spellings, _) = self.spellings(word);
        spellings
            .iter()
            .map(|path| match self.protected_reason(path) {
                Some(reason) => (RiskLevel::Forbidden, reason),
                None => write_target(path, word),
            })
            // A harmless target counts only when every spelling of it is harmless.
            .max_by_key(|verdict| verdict.0)
            .unwrap_or_else(|| (RiskLevel::High, format!("writes to {word}")))
    }
}

/// Places whose whole tree holds credentials somewhere inside (for recursive readers).
/// Places that hold credentials (`*` is any one directory): reading everything under one of
/// their ancestors reaches them.
const SECRET_PLACES: &[&str] = &[
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
    "/proc/*/environ",
    "/run/secrets",
    "/var/lib/docker/containers/*/config.v2.json",
];

/// Whether `path` is `place` or one of its ancestors, `*` in `place` matching any one name.
fn holds(path: &Path, place: &str) -> bool {
    let mut wanted = Path::new(place).components();
    path.components().all(|have| match wanted.next() {
        Some(Component::Normal(name)) if name == "*" => matches!(have, Component::Normal(_)),
        Some(want) => want == have,
        None => false,
    })
}

/// A container's configuration file: it holds the container's environment, secrets included.
fn container_environment(path: &Path) -> bool {
    let depth = path.components().count();
    (depth == 7 && holds(path, "/var/lib/docker/containers/*/config.v2.json"))
        || (depth == 9
            && holds(
                path,
                "/var/lib/containers/storage/overlay-containers/*/userdata/config.json",
            ))
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

fn write_target(path: &Path, word: &str) -> PathVerdict {
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
    if ACCOUNT_FILES.contains(&text.as_ref()) || text.starts_with("/etc/sudoers.d/") {
        return (
            RiskLevel::Forbidden,
            format!("overwrites the account database {text}"),
        );
    }
    if is_device(&text) {
        return (
            RiskLevel::Forbidden,
            format!("writes raw bytes to the device {text}"),
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

/// `/proc/PID/root/X` (and `/proc/PID/task/TID/root/X`) is `/X` as that process sees it.
fn through_proc_root(path: &Path) -> Option<PathBuf> {
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

/// `/proc/<any pid, self, thread-self>/[task/<tid>/]environ|mem`: another process's
/// environment and memory hold its secrets (Warden's own among them).
fn proc_secret(path: &Path) -> Option<String> {
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
fn sensitive(path: &Path, content: bool) -> Option<String> {
    if let Some(reason) = warden_secrets::sensitive_path(path) {
        return Some(reason);
    }
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
        if unbacked != path
            && let Some(reason) = warden_secrets::sensitive_path(&unbacked)
        {
            return Some(format!("a copy of a secret: {reason}"));
        }
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
    let text = path.to_string_lossy();
    if is_device(&text) {
        return Some(format!(
            "{text} is a raw device: it holds every file, secrets included"
        ));
    }
    if text == "/proc/kcore" || text == "/dev/mem" || text == "/dev/kmem" {
        return Some("kernel memory holds every secret".to_owned());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_normalise() {
        for (written, normal) in [
            ("/etc//shadow", "/etc/shadow"),
            ("/etc/./shadow", "/etc/shadow"),
            ("/usr/../", "/"),
            ("//etc/", "/etc"),
            ("/../../etc", "/etc"),
            ("a/../../b", "../b"),
            (".", "."),
        ] {
            assert_eq!(
                lexical(Path::new(written)),
                PathBuf::from(normal),
                "{written}"
            );
        }
        for (copy, file) in [
            ("shadow-", "shadow"),
            ("shadow.bak", "shadow"),
            ("shadow~", "shadow"),
            ("shadow.bak~", "shadow"),
            (".shadow.swp", "shadow"),
            ("id_rsa.orig", "id_rsa"),
            ("shadow.dpkg-old", "shadow"),
            ("shadow.~2~", "shadow"),
            ("#shadow#", "shadow"),
            ("syslog", "syslog"),
            ("-", "-"),
            (".~", ".~"),
            ("x.~~", "x."),
        ] {
            assert_eq!(unbackup(copy), file, "{copy}");
        }
    }

    #[test]
    fn reading_secrets_in_any_spelling_is_high_and_protected_paths_forbidden() {
        let protected = [PathBuf::from("/srv/warden/data")];
        let judge = PathJudge {
            protected: &protected,
            ..PathJudge::default()
        };
        let level = |word: &str| judge.read(word).map(|v| v.0);
        for secret in [
            "/etc//shadow",
            "/etc/shadow-",
            "/var/backups/shadow.bak",
            "/etc/./gshadow",
            "/root/.ssh/id_rsa",
            "~/.ssh/id_ed25519",
            "../../etc/shadow",
            "shadow",
            "/dev/sda",
            "/dev/vg0/root",
            "/proc/1234/fd/7",
        ] {
            assert_eq!(level(secret), Some(RiskLevel::High), "{secret}");
        }
        for refused in [
            "/srv/warden/data/jwt-signing.key",
            "/srv/warden/data",
            "/srv/warden//data/../data/warden.db",
            "/proc/self/environ",
            "/proc/thread-self/environ",
            "/proc/1/task/1/environ",
            "/proc/1/root/srv/warden/data/jwt-signing.key",
            "/proc/01/mem",
            "data/warden.db",
            "warden/data",
        ] {
            assert_eq!(level(refused), Some(RiskLevel::Forbidden), "{refused}");
        }
        for ordinary in [
            "/etc/hostname",
            "/var/log/syslog",
            "notes.txt",
            "/srv/warden",
        ] {
            assert_eq!(level(ordinary), None, "{ordinary}");
        }
        assert_eq!(
            judge.read_tree("/srv/warden").map(|v| v.0),
            Some(RiskLevel::Forbidden)
        );
        assert_eq!(judge.read_tree("/etc").map(|v| v.0), Some(RiskLevel::High));
        assert_eq!(judge.read_tree("/var/log").map(|v| v.0), None);
        assert_eq!(
            judge.read_tree("/home/alice").map(|v| v.0),
            Some(RiskLevel::High)
        );
        assert_eq!(
            judge.read_tree("/srv/app").map(|v| v.0),
            Some(RiskLevel::High)
        );
        assert_eq!(judge.read_tree("/srv/app/src").map(|v| v.0), None);
        assert_eq!(
            judge
                .read("/var/lib/docker/containers/abc/config.v2.json")
                .map(|v| v.0),
            Some(RiskLevel::High)
        );
    }

    #[test]
    fn writes_to_devices_and_accounts_are_forbidden() {
        let judge = PathJudge::default();
        for (target, level) in [
            ("/dev/null", RiskLevel::Low),
            ("/dev/stderr", RiskLevel::Low),
            ("/dev/sda", RiskLevel::Forbidden),
            ("/dev/vg0/root", RiskLevel::Forbidden),
            ("/dev/mapper/root", RiskLevel::Forbidden),
            ("/dev/disk/by-uuid/x", RiskLevel::Forbidden),
            ("/dev//nvme0n1", RiskLevel::Forbidden),
            ("/etc//passwd", RiskLevel::Forbidden),
            ("/dev/shm/x", RiskLevel::High),
            ("/tmp/x", RiskLevel::High),
        ] {
            assert_eq!(judge.write(target).0, level, "{target}");
        }
    }

    /// A resolver with a fixed working directory and one symlink.
    #[derive(Debug)]
    struct Fixed;

    impl PathResolver for Fixed {
        fn working_dir(&self) -> Option<PathBuf> {
            Some(PathBuf::from("/opt/warden"))
        }
        fn resolve(&self, path: &Path) -> Option<PathBuf> {
            path.strip_prefix("/tmp/link")
                .ok()
                .map(|rest| Path::new("/etc").join(rest))
        }
    }

    #[test]
    fn resolvers_follow_links_and_the_working_directory() {
        let protected = [PathBuf::from("/opt/warden/data")];
        let judge = PathJudge {
            resolver: &Fixed,
            protected: &protected,
            working_dir: None,
        };
        assert_eq!(
            judge.read("/tmp/link/shadow").map(|v| v.0),
            Some(RiskLevel::High)
        );
        assert_eq!(
            judge.read("data/warden.db").map(|v| v.0),
            Some(RiskLevel::Forbidden)
        );
        assert_eq!(judge.read("other/data/x").map(|v| v.0), None);
        assert_eq!(judge.write("/tmp/link/passwd").0, RiskLevel::Forbidden);
    }
}
