//! Judging a path a command names, however it is spelled. A path is normalised lexically
//! (`//`, `/./`, `..`, trailing slashes, `~`), relative paths are judged from the working directory
//! when it is known and as possibly anywhere otherwise (by their names), backup copies count as
//! the file they copy (`shadow-`, `*.bak`, `*~`, `.orig`, `.old`, `.save`, `.swp`, `.dpkg-old`),
//! a path below a mount of another root file system (`/host`, `/rootfs`, `/run/host`) counts as
//! the path it stands for there (`host_roots.rs`), and where the file system is at hand the path
//! is resolved through its symlinks too. The strictest reading of all these spellings wins.
//!
//! - Protected paths (Warden's data directory, and every process's `/proc/*/environ` and
//!   `/proc/*/mem`) are forbidden to every program.
//! - Sensitive paths (credentials, as `warden_secrets::sensitive_path` knows them; raw disks and
//!   kernel memory; other processes' open files) are high for every reader.

mod admin_units;
mod boot_chain;
mod clear_credentials;
mod devices;
mod dumps;
mod history;
mod host_roots;
mod identities;
mod init_scripts;
mod kinds;
mod machine_id;
mod process_managers;
mod procfs;
mod resolver;
mod runit_services;
mod searched_dirs;
mod sysfs;
mod uncontained;
mod unknown_start;
mod vital;
mod wildcards;
mod world_readable;

use std::path::{Component, Path, PathBuf};

pub use boot_chain::{is_local_program, is_system_program, program_dir_entry};
pub use devices::DeviceKind;
pub use identities::Walk;
pub use kinds::{ACCOUNT_FILES, is_device, may_be_account_file, may_be_user_database};
pub use machine_id::{
    expands_to_named as expands_to_machine_id_names,
    may_match_a_name as may_match_a_machine_id_name,
};
pub use searched_dirs::{is_searched_dir, searched_dirs};
pub use unknown_start::{as_in_start_dirs, as_relative_in_start_dirs, as_root_dir};
pub use vital::{critical_files, is_vital_file, takes_appended_lines};

/// `word` as the system path it names: lexically normal, `/proc/PID/root/X` as `/X`, and system
/// links (`/var/run`, `/bin`) followed. Every program that judges a path by its text uses this.
/// A path below a mount of another root file system (`/host/etc`, `/rootfs/dev/sda`) is the
/// path it stands for there (`host_roots.rs`).
pub fn system_path(word: &str) -> String {
    let normal = lexical(Path::new(word));
    let normal = host_roots::host_path(&normal).unwrap_or(normal);
    system_spelling(&normal)
        .unwrap_or(normal)
        .to_string_lossy()
        .into_owned()
}
/// Whether `word` may name `/` itself, where a walk visits every mounted file system: it
/// does by its text, or it may through a link the text cannot show (a process's working
/// directory, `/proc/1/cwd`, is often `/`; a `..` after a name climbs from where the name
/// leads, `/proc/self/cwd/..`).
/// Why an archive member named `member` (`etc/mongod.conf`, `./etc/shadow`: archives of `/`
/// keep their paths relative) holds secrets, if its name says so: judged by content as the file
/// it was archived from, `/` joined to it, would be (`tar -xO` prints it).
pub fn archived_secret(member: &str) -> Option<String> {
    let path = lexical(&Path::new("/").join(member.trim_start_matches('/')));
    kinds::sensitive(&path, true)
}

/// How many levels below `word` a process's `root` link lies, if `word` holds one: a walk
/// that follows links from `/proc` (2: `/proc/1/root`), `/proc/PID` or `/proc/self` (1),
/// `/proc/PID/task` (2) or `/proc/PID/task/TID` (1) walks `/` from there, every mounted file
/// system included, once for every process; one from `/proc/PID/fd` (1) walks the directories
/// the process holds open, `/` among them where it is a runtime's or a container's.
pub fn process_roots_below(word: &str) -> Option<u64> {
    let path = system_path(word);
    if !path.starts_with('/') {
        return None;
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let process = |part: &str| {
        matches!(part, "self" | "thread-self")
            || (!part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
    };
    match parts.as_slice() {
        ["proc"] => Some(2),
        ["proc", pid] if process(pid) => Some(1),
        ["proc", pid, "task"] if process(pid) => Some(2),
        ["proc", pid, "task", tid] if process(pid) && process(tid) => Some(1),
        // A process's open directories (a runtime holds its containers' roots open).
        ["proc", pid, "fd"] if process(pid) => Some(1),
        // The lister's own, `/proc/self/fd`.
        ["dev", "fd"] => Some(1),
        ["proc", pid, "task", tid, "fd"] if process(pid) && process(tid) => Some(1),
        _ => None,
    }
}

pub fn may_be_root(word: &str) -> bool {
    let path = lexical(Path::new(word));
    let mut readings = host_roots::host_spellings(&path);
    readings.push(path);
    system_path(word) == "/"
        || parent_after_name(word)
        || readings.iter().any(|path| {
            ["/proc/*/cwd", "/proc/*/task/*/cwd"]
                .iter()
                .any(|place| uncontained::inside(path, place))
        })
}
pub use resolver::{HostFileSystem, Lexical, PathResolver};

use crate::level::RiskLevel;
use kinds::{
    SECRET_PLACES, holds, proc_secret, secret_free, secret_place_below, sensitive, system_spelling,
    write_target,
};

/// What a policy knows about paths: how to resolve them and which are protected.
#[derive(Debug, Clone, Copy)]
pub struct PathJudge<'a> {
    /// Where relative paths start and how symlinks are followed.
    pub resolver: &'a dyn PathResolver,
    /// Absolute, lexically normal directories (or files) refused to every tool.
    pub protected: &'a [PathBuf],
    /// A working directory set by the command itself (`env -C`, `git -C`) or by the line
    /// before it (`cd DIR && …`).
    pub working_dir: Option<&'a Path>,
    /// The line changed the working directory to one that cannot be known before it runs
    /// (`cd "$X"`, `cd $(…)`, `cd -`, `popd`): a relative path may name any file, and reading
    /// one is high, naming or listing one medium.
    pub unknown_dir: bool,
    /// The command runs with nothing containing it (`ssh_exec`'s commands run on a remote host
    /// as the configured user): what containment would keep from it is judged here instead.
    /// Reading a place containment hides is high, and so is reading by a relative path (it
    /// starts in the user's home directory, perhaps `/root`).
    pub uncontained: bool,
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
            unknown_dir: false,
            uncontained: false,
        }
    }
}

/// Whether `word` has a `..` right after a name: the kernel resolves it from where that name
/// leads, which is elsewhere when the name is a symbolic link, while [`lexical`] only drops
/// the name. A `..` at the start of a relative word climbs from the working directory itself.
fn parent_after_name(word: &str) -> bool {
    let mut after_name = false;
    for component in Path::new(word).components() {
        match component {
            Component::ParentDir if after_name => return true,
            Component::Normal(_) => after_name = true,
            Component::Prefix(_)
            | Component::RootDir
            | Component::CurDir
            | Component::ParentDir => {}
        }
    }
    false
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
    /// The absolute, lexically normal paths `word` may name, and whether it was relative: its
    /// own spellings ([`Self::own_spellings`]), the path below a process's working directory or
    /// open directory read from `/` (`/proc/1/cwd/var/log/journal` is `/var/log/journal`: init's
    /// working directory is `/`), and, for each below a mount of another root file
    /// system (`/host`, `/rootfs`, `/run/host`), the path it stands for there with that path's
    /// system spelling. For judging what a path may reach; a proof about the place itself (a
    /// regular file, a directory only root writes to) takes only its own spellings.
    fn spellings(&self, word: &str) -> (Vec<PathBuf>, bool) {
        let (mut all, relative) = self.own_spellings(word);
        let mut hosts = Vec::new();
        for path in all.iter().filter(|p| p.is_absolute()) {
            if let Some(inside) = kinds::through_process_directory(path) {
                if let Some(system) = system_spelling(&inside) {
                    hosts.push(system);
                }
                hosts.push(inside);
            }
            for host in host_roots::host_spellings(path) {
                if let Some(system) = system_spelling(&host) {
                    hosts.push(system);
                }
                hosts.push(host);
            }
        }
        for host in hosts {
            if !all.contains(&host) {
                all.push(host);
            }
        }
        (all, relative)
    }

    /// The absolute, lexically normal paths `word` names on this file system, and whether it
    /// was relative.
    fn own_spellings(&self, word: &str) -> (Vec<PathBuf>, bool) {
        let expanded = expand_home(word);
        let text = expanded.as_deref().unwrap_or(word);
        let path = Path::new(text);
        if path.is_absolute() {
            let normal = lexical(path);
            let mut all = vec![normal.clone()];
            if let Some(real) = self.resolver.resolve(&normal) {
                all.push(real);
            }
            if let Some(system) = system_spelling(&normal) {
                all.push(system);
            }
            return (all, false);
        }
        let working_dir = self.base_dir();
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

    /// The directory relative paths start from: the command's own (joined to Warden's when it
    /// is relative itself), else Warden's; None where it is unknown or only relative.
    pub(crate) fn base_dir(&self) -> Option<PathBuf> {
        if self.unknown_dir {
            return None;
        }
        match self.working_dir {
            Some(dir) if dir.is_absolute() => Some(dir.to_path_buf()),
            Some(dir) => self
                .resolver
                .working_dir()
                .map(|base| lexical(&base.join(dir))),
            None => self.resolver.working_dir(),
        }
    }

    /// Whether the directory the line's relative words start from is one it does not show:
    /// it changed to none (the caller's, which may be `/etc`), or to one it cannot know.
    pub fn start_unknown(&self) -> bool {
        self.working_dir.is_none() || self.dir_unknown()
    }

    /// Whether relative paths start where nothing can tell: the line changed to a directory
    /// that cannot be known, or to a relative one from an unknown start.
    fn dir_unknown(&self) -> bool {
        self.unknown_dir
            || self
                .working_dir
                .is_some_and(|dir| dir.is_relative() && self.resolver.working_dir().is_none())
    }

    /// Whether `word` is known to name a regular file here (a directory, a missing name or a
    /// link is not). Never on a host where nothing contains the command: the file system
    /// asked is this one, not the remote host's.
    pub fn regular_file(&self, word: &str) -> bool {
        if self.uncontained || self.dir_unknown() {
            return false;
        }
        let (spellings, _) = self.own_spellings(word);
        let path = Path::new(word);
        let absolute = path.is_absolute()
            || self.working_dir.is_some_and(Path::is_absolute)
            || self.resolver.working_dir().is_some();
        absolute
            && !spellings.is_empty()
            && spellings
                .iter()
                .all(|p| p.is_absolute() && self.resolver.regular_file(p) == Some(true))
    }

    /// Whether the git pathspec `word` matched one file, itself, in every commit of the
    /// repository the command works in (its working directory's), and in every commit the line
    /// names (`named`, which may be dangling): never a directory, never another name. Never on a host where nothing contains the command, nor through a symbolic
    /// link (git matches the pathspec's text, not the file it leads to).
    pub fn single_file_in_history(&self, word: &str, named: &[String]) -> bool {
        if self.uncontained || self.dir_unknown() {
            return false;
        }
        let Some(dir) = self
            .working_dir
            .map(Path::to_path_buf)
            .or_else(|| self.resolver.working_dir())
        else {
            return false;
        };
        let dir = match self.resolver.working_dir() {
            Some(base) if dir.is_relative() => lexical(&base.join(dir)),
            _ => lexical(&dir),
        };
        let (spellings, _) = self.own_spellings(word);
        match spellings.as_slice() {
            [file] if dir.is_absolute() && file.is_absolute() => {
                self.resolver.single_file_in_history(&dir, file, named) == Some(true)
            }
            _ => false,
        }
    }

    /// The level of reading the contents of the file `word` names (None: nothing sensitive
    /// about it): protected paths, credentials, raw devices, kernel memory, other processes'
    /// open files.
    pub fn read(&self, word: &str) -> Option<PathVerdict> {
        self.judge(word, true)
    }

    /// The level of opening `word` as a device of `kind` (a device inspector's operand): a
    /// device of another kind is high, since opening some devices acts (`paths/devices.rs`).
    /// A path outside `/dev` is not judged here.
    pub fn open_device(&self, word: &str, kind: DeviceKind) -> Option<PathVerdict> {
        if word.is_empty() || word == "-" {
            return None;
        }
        let (spellings, _) = self.spellings(word);
        spellings
            .iter()
            .find_map(|path| devices::not_of_kind(path, kind))
            .map(|why| (RiskLevel::High, why))
    }

    /// The level of naming `word` at all, whatever is done with it (listing, stat, an option
    /// value the program may open): protected paths and credentials.
    pub fn mention(&self, word: &str) -> Option<PathVerdict> {
        self.judge(word, false)
    }

    /// The level of reading the journal files `word` names (journalctl's `-D`, `--file`) with
    /// a selection kept to named sources: the entries printed are the selection's, so the
    /// journal's places are not judged as the command records they hold whole (a remote
    /// `journalctl -u nginx -D /var/log/journal` prints nginx's entries alone).
    pub fn read_journal_selection(&self, word: &str) -> Option<PathVerdict> {
        self.judge_by(word, true, Some(uncontained::journal))
    }

    /// The level of reading the saved kernel log `word` names (`dmesg -F`) with a selection of
    /// warnings and worse: the records printed are the selection's, so the kernel log's copies
    /// (`/var/log/dmesg`, `kern.log`) are judged as the live log read with that selection is,
    /// not as the audit records they hold whole.
    pub fn read_kernel_log_selection(&self, word: &str) -> Option<PathVerdict> {
        self.judge_by(word, true, Some(uncontained::kernel_log))
    }

    /// The level of listing every name under the directory `word` (`ls -R`, `tree`, `find`,
    /// `du -a`): where nothing contains the lister, names that are devices' serial numbers.
    ///
    /// On every path, names that carry the machine ID (`/var/log/journal/MACHINE_ID`,
    /// `/boot/loader/entries/MACHINE_ID-*.conf`), which everyone may list: judged as reading
    /// `/etc/machine-id` is. A relative start where the working directory is unknown is not
    /// taken as `/` for them (it may be anywhere; `find .` in a repository walks no journal).
    pub fn list_tree(&self, word: &str, walk: Walk) -> Option<PathVerdict> {
        let (spellings, relative) = self.spellings(word);
        if relative && self.dir_unknown() {
            return Some((
                RiskLevel::High,
                format!(
                    "{word} is relative to a directory the line changes to, which cannot be known before it runs: the listing may print any directory's names (/var/log/journal's carry the machine ID)"
                ),
            ));
        }
        // Following links below /proc, the walk reaches `/` through each process's `root`,
        // as deep as it has levels left when it gets there.
        if walk.follows_links
            && !walk.one_file_system
            && let Some(at) = spellings
                .iter()
                .find_map(|path| process_roots_below(&path.to_string_lossy()))
            && walk.depth.is_none_or(|depth| depth > at)
            && let Some((level, why)) = self.list_tree(
                "/",
                Walk {
                    depth: walk.depth.map(|depth| depth - at),
                    follows_links: false,
                    ..walk
                },
            )
        {
            return Some((
                level,
                format!("{word}, its links followed, reaches / through each process's root: {why}"),
            ));
        }
        let known = !relative || self.base_dir().is_some();
        if known
            && let Some(why) = spellings
                .iter()
                .find_map(|path| machine_id::named_entries(path, walk))
        {
            return Some((RiskLevel::High, why));
        }
        // The places named by serial numbers hold only udev's links to device nodes, never a
        // directory: a listing of directories alone prints none of their entries.
        if !self.uncontained {
            return None;
        }
        let serials = (!walk.directories_only)
            .then(|| {
                spellings
                    .iter()
                    .find_map(|path| identities::serial_names(path, Some(walk)))
            })
            .flatten();
        if let Some(why) = serials {
            return Some((RiskLevel::High, why));
        }
        // Where nothing contains it, a walk that follows links below its first level is led
        // wherever a link another user planted points (`/tmp/x -> /`): only a tree root alone
        // writes to, at every depth, holds none (as for `grep -R`, `read_tree_following`).
        // In /proc no one plants a link: its own (a process's root, working directory, open
        // files) are judged above and by `may_be_root`.
        let within_proc = spellings.iter().all(|p| p.starts_with("/proc"));
        (walk.follows_links
            && walk.depth.is_none_or(|depth| depth > 1)
            && !within_proc
            && !spellings.iter().any(|path| uncontained::links_only_roots(path)))
        .then(|| {
            (
                RiskLevel::Medium,
                format!(
                    "{word} holds directories root does not own alone, and the walk follows the links planted in them: a link to / walks every mounted file system, printing the machine ID's names and devices' serial numbers; nothing contains this one"
                ),
            )
        })
    }

    fn judge(&self, word: &str, content: bool) -> Option<PathVerdict> {
        self.judge_by(word, content, None)
    }

    /// `selected`: the places whose records a selection of the reader keeps from what it prints
    /// (reading them otherwise prints every record they hold).
    fn judge_by(
        &self,
        word: &str,
        content: bool,
        selected: Option<fn(&Path) -> bool>,
    ) -> Option<PathVerdict> {
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
            if content {
                raise(procfs::unlisted(path).map(|r| (RiskLevel::Medium, r)));
                raise(sysfs::unlisted(path).map(|r| (RiskLevel::Medium, r)));
                let pseudo = ["/proc", "/sys", "/dev"]
                    .iter()
                    .any(|tree| uncontained::inside(path, tree));
                if (self.uncontained || pseudo) && parent_after_name(word) {
                    raise(Some((
                        RiskLevel::Medium,
                        format!(
                            "{word} climbs with `..` out of a name that may be a symbolic link (`/dev/fd`, `/proc/self/cwd`, `/sys/class/net/eth0/device`): the file read is not where its text says"
                        ),
                    )));
                }
            }
            if self.uncontained {
                // A reader given a directory may list it; naming one lists nothing.
                let entries = content.then_some(Walk {
                    depth: Some(1),
                    ..Walk::default()
                });
                raise(identities::serial_names(path, entries).map(|r| (RiskLevel::High, r)));
            }
            if self.uncontained && content {
                raise(uncontained::hidden(path).map(|r| (RiskLevel::High, r)));
                raise(identities::serial_file(path).map(|r| (RiskLevel::High, r)));
                if !selected.is_some_and(|narrowed| narrowed(path)) {
                    raise(uncontained::command_records(path).map(|r| (RiskLevel::High, r)));
                }
            }
        }
        // The positive model of a remote read: a link on the way to a file in a service's or a
        // user's own directory leads anywhere, and this host cannot see the other's links.
        if content
            && self.uncontained
            && !self
                .own_spellings(word)
                .0
                .iter()
                .any(|p| uncontained::root_owned(p))
        {
            raise(Some((
                RiskLevel::Medium,
                format!(
                    "{word} is not in a place only root writes to: on a host Warden cannot look at, a link another user planted on the way leads anywhere"
                ),
            )));
        }
        // The positive model of remote configuration: a file in /etc or /boot outside the
        // places known to be world-readable may be root-only, a secret under a name nothing
        // knows, which containment's `nobody` could not have read.
        if content
            && self.uncontained
            && spellings.iter().any(|p| world_readable::unknown_config(p))
        {
            raise(Some((
                RiskLevel::Medium,
                format!(
                    "{word} is configuration outside the places known to be readable by everyone: it may be a root-only secret under a name Warden does not know, and nothing contains this reader"
                ),
            )));
        }
        if relative && self.dir_unknown() {
            raise(Some(if content {
                (
                    RiskLevel::High,
                    format!(
                        "{word} is relative to a directory the line changes to, which cannot be known before it runs: it may name any file"
                    ),
                )
            } else {
                (
                    RiskLevel::Medium,
                    format!(
                        "{word} is relative to a directory the line changes to, which cannot be known before it runs"
                    ),
                )
            }));
        }
        if relative && content && self.uncontained && self.working_dir.is_none() {
            raise(Some((
                RiskLevel::High,
                format!(
                    "{word} is relative: on a host where nothing contains the command it starts in the user's home directory, perhaps /root"
                ),
            )));
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
    /// `diff -r`), decided positively: forbidden when a protected path lies inside it, high when
    /// a well-known secret location does, and low (None) only when every spelling of it lies in
    /// a tree known to hold no secret ([`SECRET_FREE_TREES`]); any other tree is medium, since
    /// nothing proves what is under it.
    pub fn read_tree(&self, word: &str) -> Option<PathVerdict> {
        self.read_tree_by(word, false)
    }

    /// [`Self::read_tree`] by a reader that follows symbolic links at every depth (`grep -R`,
    /// `rg -L`, `diff -r`): where nothing contains it, every directory below must be root's.
    pub fn read_tree_following(&self, word: &str) -> Option<PathVerdict> {
        self.read_tree_by(word, true)
    }

    fn read_tree_by(&self, word: &str, following: bool) -> Option<PathVerdict> {
        let found = self.tree_verdict(word);
        if !self.uncontained || found.as_ref().is_some_and(|v| v.0 >= RiskLevel::Medium) {
            return found;
        }
        // Where nothing contains the reader, the named directory itself may be a planted link
        // (every reader follows those), and a reader that follows links at every depth needs
        // every directory below to be root's.
        let (spellings, _) = self.own_spellings(word);
        if !spellings.iter().any(|p| uncontained::root_owned(p)) {
            return Some((
                RiskLevel::Medium,
                format!(
                    "{word} is not in a place only root writes to: on a host Warden cannot look at, a link another user planted on the way leads anywhere"
                ),
            ));
        }
        if following && !spellings.iter().any(|p| uncontained::root_owned_tree(p)) {
            return Some((
                RiskLevel::Medium,
                format!(
                    "{word} holds directories root does not own alone, and the reader follows the links planted in them; nothing contains this one"
                ),
            ));
        }
        found
    }

    fn tree_verdict(&self, word: &str) -> Option<PathVerdict> {
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
        if self.uncontained
            && let Some(why) = spellings.iter().find_map(|path| {
                uncontained::hidden_below(path)
                    .or_else(|| identities::serial_names(path, Some(Walk::default())))
            })
        {
            return Some((RiskLevel::High, why));
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
        if own.is_some() {
            return own;
        }
        if let Some(why) = spellings
            .iter()
            .filter(|path| !secret_free(path))
            .find_map(|path| secret_place_below(path))
        {
            return Some((RiskLevel::High, why));
        }
        spellings
            .iter()
            .find(|path| !secret_free(path))
            .map(|path| {
                (
                    RiskLevel::Medium,
                    format!(
                        "reading everything under {} is not proven to stay away from secrets",
                        path.display()
                    ),
                )
            })
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
        // A value the line cannot show (`> $(cat list)`, `> "$f"` read from a file, `tee
        // $OUT`): it may name a disk or the account database, so the write fails closed.
        if crate::shown_values::is_unshown(word) {
            return (
                RiskLevel::Forbidden,
                format!(
                    "writes to {word}, a value the line cannot show: it may be a disk or a system file"
                ),
            );
        }
        // `: > $D/passwd`, `/etc/$X`: a path with such a value in it may be any file there.
        for spread in crate::shown_values::spread(word) {
            let (level, reason) = self.write(&spread);
            if level == RiskLevel::Forbidden {
                return (
                    level,
                    format!(
                        "writes to {word}, which the line cannot show: it may be {spread}, and {reason}"
                    ),
                );
            }
        }
        // `: > *`, `tee *` where the line starts: that directory may be `/etc` or `/usr/bin`.
        if self.start_unknown() {
            for file in unknown_start::as_in_start_dirs(word) {
                let (level, reason) = self.write(&file);
                if level == RiskLevel::Forbidden {
                    return (
                        level,
                        format!(
                            "writes {word} where the line starts, a directory it does not show: there it may name {file}, and {reason}"
                        ),
                    );
                }
            }
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

    /// The level of appending lines to the file `word` names (`>> FILE`, `tee -a FILE`): as
    /// [`Self::write`], except that a setting administrators add lines to
    /// ([`takes_appended_lines`]: `/etc/fstab`, `sshd_config`) keeps what it held and is high,
    /// a human's decision, where emptying or overwriting it is forbidden.
    pub fn append(&self, word: &str) -> PathVerdict {
        let (spellings, _) = self.spellings(word);
        let appendable = !spellings.is_empty()
            && spellings.iter().all(|path| {
                self.protected_reason(path).is_none()
                    && path.to_str().is_some_and(takes_appended_lines)
            });
        if appendable {
            return (
                RiskLevel::High,
                format!("appends to {word}, a setting the machine boots or is reached with"),
            );
        }
        self.write(word)
    }
}

#[cfg(test)]
mod tests {
    use super::kinds::unbackup;
    use super::*;

    #[test]
    fn debians_kernel_links_in_the_root_are_judged_in_boot() {
        for (link, target) in [
            ("/initrd.img", "/boot/initrd.img"),
            ("//initrd.img.old", "/boot/initrd.img.old"),
            ("/vmlinuz", "/boot/vmlinuz"),
            ("/./vmlinuz.old", "/boot/vmlinuz.old"),
            ("/proc/1/root/initrd.img", "/boot/initrd.img"),
        ] {
            assert_eq!(system_path(link), target, "{link}");
        }
        assert_eq!(system_path("/initrd.img-6.1"), "/initrd.img-6.1");
        assert_eq!(system_path("/boot/initrd.img"), "/boot/initrd.img");
    }

    #[test]
    fn process_roots_lie_below_proc_and_each_process() {
        for (word, at) in [
            ("/proc", 2),
            ("/proc/", 2),
            ("//proc/.", 2),
            ("/proc/1", 1),
            ("/proc/self", 1),
            ("/proc/thread-self", 1),
            ("/proc/1/task", 2),
            ("/proc/1/task/1", 1),
            ("/proc/self/task/12", 1),
            ("/host/proc/1", 1),
            ("/proc/1/fd", 1),
            ("/proc/1/task/1/fd", 1),
            ("/dev/fd", 1),
        ] {
            assert_eq!(process_roots_below(word), Some(at), "{word}");
        }
        for word in [
            "/",
            "/proc/sys",
            "/proc/1/net",
            "/proc/net",
            "/proc/1/fdinfo",
            "/sys",
            "/etc",
            "proc",
        ] {
            assert_eq!(process_roots_below(word), None, "{word}");
        }
    }

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
            (".#shadow", "shadow"),
            ("shadow~1~", "shadow"),
            ("shadow-copy", "shadow"),
            ("shadow_copy", "shadow"),
            ("shadow (copy)", "shadow"),
            ("shadow.copy", "shadow"),
            ("shadow.2", "shadow"),
            ("shadow.rpmnew", "shadow"),
            ("shadow.ucf-old", "shadow"),
            ("shadow.pacsave", "shadow"),
            ("shadow.part", "shadow"),
            ("shadow.tar.gz", "shadow"),
            ("shadow.zst", "shadow"),
            ("shadow.2024-01-01", "shadow"),
            ("shadow-20240101", "shadow"),
            ("Login Data.bak", "Login Data"),
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
        assert_eq!(judge.read_tree("/var/log/nginx/").map(|v| v.0), None);
        assert_eq!(judge.read_tree("/usr/share/doc").map(|v| v.0), None);
        // Not proven: medium, whatever it is called.
        for unproven in [
            "/var/cache",
            "/tmp/x",
            "/var/log/../tmp",
            "logs",
            "/usr",
            "/usr/share/../lib",
        ] {
            assert_eq!(
                judge.read_tree(unproven).map(|v| v.0),
                Some(RiskLevel::Medium),
                "{unproven}"
            );
        }
        assert_eq!(
            judge.read_tree("/home/alice").map(|v| v.0),
            Some(RiskLevel::High)
        );
        assert_eq!(
            judge.read_tree("/srv/app").map(|v| v.0),
            Some(RiskLevel::High)
        );
        assert_eq!(
            judge.read_tree("/srv/app/src").map(|v| v.0),
            Some(RiskLevel::Medium)
        );
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

    #[test]
    fn appending_keeps_only_mount_and_sshd_settings_a_human_decision() {
        let judge = PathJudge::default();
        for (target, append, write) in [
            ("/etc/fstab", RiskLevel::High, RiskLevel::Forbidden),
            (
                "/etc//ssh/./sshd_config",
                RiskLevel::High,
                RiskLevel::Forbidden,
            ),
            (
                "/etc/pam.d/common-auth",
                RiskLevel::Forbidden,
                RiskLevel::Forbidden,
            ),
            (
                "/etc/ld.so.preload",
                RiskLevel::Forbidden,
                RiskLevel::Forbidden,
            ),
            (
                "/etc/nsswitch.conf",
                RiskLevel::Forbidden,
                RiskLevel::Forbidden,
            ),
            ("/etc/passwd", RiskLevel::Forbidden, RiskLevel::Forbidden),
            ("/bin/bash", RiskLevel::Forbidden, RiskLevel::Forbidden),
            ("/dev/sda", RiskLevel::Forbidden, RiskLevel::Forbidden),
            ("/etc/fst?b", RiskLevel::Forbidden, RiskLevel::Forbidden),
            ("/tmp/x", RiskLevel::High, RiskLevel::High),
            ("/dev/null", RiskLevel::Low, RiskLevel::Low),
        ] {
            assert_eq!(judge.append(target).0, append, "append {target}");
            assert_eq!(judge.write(target).0, write, "write {target}");
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
            unknown_dir: false,
            uncontained: false,
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
