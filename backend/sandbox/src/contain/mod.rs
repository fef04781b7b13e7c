//! Containment of the programs Warden starts on the host for low-risk calls, so that a command
//! the classifier misjudged still cannot do harm.
//!
//! The design, in the order the layers apply:
//!
//! 1. Each run gets a fresh OS thread that restricts itself and then starts the run's programs.
//!    Landlock domains, `no_new_privs`, capability sets and seccomp filters belong to a thread
//!    and pass to the children it starts, so nothing needs `pre_exec` (the workspace forbids
//!    `unsafe`) and Warden's other threads keep their rights. A fresh thread per run also gives
//!    each run its own landlock domain: one run cannot signal or trace another.
//! 2. In that thread: the capability bounding set and the thread's own sets shrink to the four
//!    that `setpriv` needs (`SETUID`, `SETGID`, `SETPCAP`, and `SYSLOG` to hand on); landlock makes the host
//!    file system read-only, hides the sensitive paths ([`rules`]), refuses TCP connect and
//!    bind, and scopes signals and abstract sockets to the domain; `no_new_privs` is set;
//!    seccomp refuses the system calls that change the system ([`filter`]).
//! 3. The child is `prlimit`, which bounds the run's memory, CPU time, processes, file size and
//!    open files and turns core dumps off ([`limits`]), then executes `setpriv`, which switches to `nobody` (see [`identity`]: on sockets the
//!    peer's uid is the authority, so root without capabilities is still root to systemd and
//!    Docker), drops every capability but `CAP_SYSLOG` from every set, and executes the program.
//!    glibc's `setuid()` changes every thread of a process, so the switch happens in the child.
//!
//! Landlock's ptrace rules also apply to reads of `/proc/PID/environ`, `mem`, `fd/` and `root/`:
//! a contained program sees other processes in `ps` but not their environment or memory.

mod filter;
mod git;
mod identity;
mod limits;
mod rules;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use landlock::RulesetStatus;
use rustix::thread::{CapabilitySet, CapabilitySets};
use seccompiler::BpfProgram;
use tokio::process::{Child, Command};

pub use filter::refused_calls;
pub use identity::{CONTAINED_UID, Identity, PATH, resolve_program};
pub use limits::ContainedLimits;
pub use rules::{BUILT_IN_HIDDEN, REQUIRED_ABI};

/// How containment is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainmentSettings {
    /// util-linux `setpriv` (default `/usr/bin/setpriv`).
    pub setpriv: PathBuf,
    /// Paths hidden from contained programs besides [`BUILT_IN_HIDDEN`]: Warden's data
    /// directory, key files of its tools, the operator's own. `*` matches within a component.
    pub hidden: Vec<PathBuf>,
    /// The group file the contained user's groups are read from (default `/etc/group`).
    pub group_file: PathBuf,
    /// util-linux `prlimit` (default `/usr/bin/prlimit`), which sets [`ContainmentSettings::limits`].
    pub prlimit: PathBuf,
    /// Bounds on every process of a contained run.
    pub limits: ContainedLimits,
}

impl Default for ContainmentSettings {
    fn default() -> Self {
        Self {
            setpriv: PathBuf::from("/usr/bin/setpriv"),
            hidden: Vec::new(),
            group_file: PathBuf::from("/etc/group"),
            prlimit: PathBuf::from("/usr/bin/prlimit"),
            limits: ContainedLimits::default(),
        }
    }
}

/// Why this machine cannot contain host programs; low-risk calls that would start one then wait
/// for a human.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContainmentError {
    #[error("Warden does not run as root, so it cannot switch contained programs to another user")]
    NotRoot,
    #[error("setpriv is missing or not executable at {0} (install util-linux)")]
    NoSetpriv(String),
    #[error(
        "prlimit is missing or not executable at {0} (install util-linux): contained runs would have no resource bounds"
    )]
    NoPrlimit(String),
    #[error("resource bounds: {0}")]
    Limits(String),
    #[error("landlock: {0}")]
    Landlock(String),
    #[error("seccomp: {0}")]
    Seccomp(String),
    #[error("capabilities: {0}")]
    Capabilities(String),
    #[error("the containment self-test failed: {0}")]
    SelfTest(String),
}

/// A machine's ability to contain host programs, checked once; cheap to share.
#[derive(Debug)]
pub struct Containment {
    setpriv: PathBuf,
    prlimit: PathBuf,
    limits: ContainedLimits,
    /// Bounds lowered to Warden's own hard limits, said in [`Containment::describe`].
    lowered: Vec<String>,
    identity: Identity,
    patterns: Vec<PathBuf>,
    tree: Mutex<rules::Tree>,
    filters: [BpfProgram; 2],
}

/// What `setpriv` needs to switch user and groups and shape the child's capability sets.
fn needed_capabilities() -> CapabilitySet {
    CapabilitySet::SETUID | CapabilitySet::SETGID | CapabilitySet::SETPCAP
}

fn last_capability() -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/cap_last_cap")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(40)
}

/// Shrinks the calling thread's capabilities to `keep` (bounding set first, which needs
/// `SETPCAP`).
fn restrict_capabilities(keep: CapabilitySet) -> Result<(), ContainmentError> {
    for number in 0..=last_capability().min(63) {
        let capability = CapabilitySet::from_bits_retain(1 << number);
        if !keep.contains(capability) {
            rustix::thread::remove_capability_from_bounding_set(capability).map_err(|e| {
                ContainmentError::Capabilities(format!("cannot drop capability {number}: {e}"))
            })?;
        }
    }
    rustix::thread::set_capabilities(
        None,
        CapabilitySets {
            effective: keep,
            permitted: keep,
            inheritable: CapabilitySet::empty(),
        },
    )
    .map_err(|e| ContainmentError::Capabilities(format!("cannot set the thread's sets: {e}")))
}

impl Containment {
    /// Checks that this machine can contain (root, `setpriv`, landlock ABI 6 or newer, seccomp)
    /// and builds the rules. Blocking: it walks parts of the file system. [`Containment::start`]
    /// also runs the self-test.
    pub fn new(settings: &ContainmentSettings) -> Result<Containment, ContainmentError> {
        if !rustix::process::geteuid().is_root() {
            return Err(ContainmentError::NotRoot);
        }
        if resolve_program(&settings.setpriv.to_string_lossy()).is_none() {
            return Err(ContainmentError::NoSetpriv(
                settings.setpriv.display().to_string(),
            ));
        }
        if resolve_program(&settings.prlimit.to_string_lossy()).is_none() {
            return Err(ContainmentError::NoPrlimit(
                settings.prlimit.display().to_string(),
            ));
        }
        settings.limits.check().map_err(ContainmentError::Limits)?;
        let (limits, lowered) = settings.limits.within_own();
        let own = rustix::thread::capabilities(None)
            .map_err(|e| ContainmentError::Capabilities(format!("cannot read them: {e}")))?
            .permitted;
        if !own.contains(needed_capabilities()) {
            return Err(ContainmentError::Capabilities(
                "Warden lacks CAP_SETUID, CAP_SETGID or CAP_SETPCAP, which switching a contained program to another user needs".to_owned(),
            ));
        }
        let syslog = own.contains(CapabilitySet::SYSLOG)
            && rustix::thread::capability_is_in_bounding_set(CapabilitySet::SYSLOG)
                .unwrap_or(false);
        let tree = rules::build(&settings.hidden)?;
        Ok(Containment {
            setpriv: settings.setpriv.clone(),
            prlimit: settings.prlimit.clone(),
            limits,
            lowered,
            identity: Identity::contained(&settings.group_file, syslog),
            patterns: settings.hidden.clone(),
            tree: Mutex::new(tree),
            filters: filter::programs()?,
        })
    }

    /// [`Containment::new`] off the async runtime, then a contained program reports its own
    /// credentials and they are checked: user, capabilities, `no_new_privs`, seccomp.
    pub async fn start(
        settings: ContainmentSettings,
    ) -> Result<Arc<Containment>, ContainmentError> {
        let containment = tokio::task::spawn_blocking(move || Containment::new(&settings))
            .await
            .map_err(|e| ContainmentError::SelfTest(format!("the check did not finish: {e}")))??;
        let containment = Arc::new(containment);
        containment.self_test().await?;
        Ok(containment)
    }

    async fn self_test(self: &Arc<Self>) -> Result<(), ContainmentError> {
        let request = crate::Pipeline {
            stages: vec![vec!["cat".to_owned(), "/proc/self/status".to_owned()]],
            wall: std::time::Duration::from_secs(10),
            output_cap: 64 * 1024,
        };
        let output = crate::run_pipeline(crate::Host::Contained(self.clone()), &request)
            .await
            .map_err(|e| ContainmentError::SelfTest(e.to_string()))?;
        let field = |name: &str| {
            output
                .stdout
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(|value| value.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let kept = format!("{:016x}", self.handed_on().bits());
        let uid = self.identity.uid;
        let expected = [
            ("Uid:", format!("{uid} {uid} {uid} {uid}")),
            ("CapEff:", kept.clone()),
            ("CapPrm:", kept.clone()),
            ("CapBnd:", kept.clone()),
            ("CapAmb:", kept),
            ("NoNewPrivs:", "1".to_owned()),
            ("Seccomp:", "2".to_owned()),
        ];
        for (name, want) in expected {
            let got = field(name);
            if got != want {
                return Err(ContainmentError::SelfTest(format!(
                    "a contained program has {name} {got}, expected {want} (exit {:?}: {})",
                    output.exit_code,
                    output.stderr.trim()
                )));
            }
        }
        self.check_limits().await
    }

    /// A contained program reports its own resource limits, and each bound is there.
    async fn check_limits(self: &Arc<Self>) -> Result<(), ContainmentError> {
        let request = crate::Pipeline {
            stages: vec![vec!["cat".to_owned(), "/proc/self/limits".to_owned()]],
            wall: std::time::Duration::from_secs(10),
            output_cap: 64 * 1024,
        };
        let output = crate::run_pipeline(crate::Host::Contained(self.clone()), &request)
            .await
            .map_err(|e| ContainmentError::SelfTest(e.to_string()))?;
        let limits = &self.limits;
        let expected = [
            ("Max address space", limits.memory_bytes),
            ("Max cpu time", limits.cpu_seconds),
            ("Max processes", limits.processes),
            ("Max file size", limits.file_bytes),
            ("Max open files", limits.open_files),
            ("Max core file size", 0),
        ];
        for (name, want) in expected {
            let soft = output.stdout.lines().find_map(|line| {
                line.strip_prefix(name)
                    .and_then(|rest| rest.split_whitespace().next())
            });
            if soft != Some(want.to_string().as_str()) {
                return Err(ContainmentError::SelfTest(format!(
                    "a contained program has {name} {}, expected {want} (exit {:?}: {})",
                    soft.unwrap_or("unknown"),
                    output.exit_code,
                    output.stderr.trim()
                )));
            }
        }
        Ok(())
    }

    /// One line for start-up logs and `/readyz`.
    pub fn describe(&self) -> String {
        let (hidden, rules) = self
            .tree
            .lock()
            .map(|t| (t.hidden.len(), t.rules))
            .unwrap_or((0, 0));
        let capabilities = if self.identity.syslog {
            "no capability but CAP_SYSLOG"
        } else {
            "no capability (Warden has no CAP_SYSLOG to hand on, so dmesg fails where dmesg_restrict is set)"
        };
        let lowered = if self.lowered.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.lowered.join(", "))
        };
        format!(
            "landlock ABI {}+ ({rules} rules), seccomp, user {} (gid {}), {capabilities}: host \
             file system read-only, {hidden} sensitive paths hidden; bounds: {}{lowered}",
            REQUIRED_ABI as i32,
            self.identity.uid,
            self.identity.gid,
            self.limits.describe()
        )
    }

    /// The bounds every contained run gets.
    pub fn limits(&self) -> &ContainedLimits {
        &self.limits
    }

    /// The capabilities a contained program keeps.
    fn handed_on(&self) -> CapabilitySet {
        if self.identity.syslog {
            CapabilitySet::SYSLOG
        } else {
            CapabilitySet::empty()
        }
    }

    /// The paths hidden right now (canonical), rebuilding the rules first if they are stale.
    pub fn hidden_paths(&self) -> Result<Vec<PathBuf>, ContainmentError> {
        let mut tree = self.lock_tree()?;
        self.refresh(&mut tree)?;
        Ok(tree.hidden.iter().cloned().collect())
    }

    /// Who contained programs run as.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    fn lock_tree(&self) -> Result<std::sync::MutexGuard<'_, rules::Tree>, ContainmentError> {
        self.tree
            .lock()
            .map_err(|_| ContainmentError::Landlock("the rules' lock is poisoned".to_owned()))
    }

    fn refresh(&self, tree: &mut rules::Tree) -> Result<(), ContainmentError> {
        if tree.is_stale() {
            *tree = rules::build(&self.patterns)?;
        }
        Ok(())
    }

    /// The command that runs `program` (absolute) contained: `prlimit` with the run's bounds,
    /// `setpriv`, then the program. git
    /// is told to trust the repository it works in when Warden's own user owns it
    /// ([`git::safe_directory`]): it runs as another user here.
    pub(crate) fn command(&self, program: &Path, args: &[String]) -> Command {
        let mut command = Command::new(&self.prlimit);
        command
            .args(self.limits.prlimit_args())
            .arg(&self.setpriv)
            .args(self.identity.setpriv_args())
            .arg(program);
        if program.file_name().is_some_and(|name| name == "git")
            && let Some(trusted) = git::safe_directory(args)
        {
            command.arg("-c").arg(trusted);
        }
        command.args(args).current_dir("/");
        command
    }

    /// Restricts the calling thread for good; only a thread made for one run may call this.
    fn restrict_this_thread(&self) -> Result<(), ContainmentError> {
        let ruleset = {
            let mut tree = self.lock_tree()?;
            self.refresh(&mut tree)?;
            tree.ruleset()?
        };
        restrict_capabilities(needed_capabilities() | self.handed_on())?;
        let status = ruleset
            .restrict_self()
            .map_err(|e| ContainmentError::Landlock(e.to_string()))?;
        if status.ruleset != RulesetStatus::FullyEnforced || !status.no_new_privs {
            return Err(ContainmentError::Landlock(format!(
                "the ruleset was not fully enforced: {status:?}"
            )));
        }
        for program in &self.filters {
            seccompiler::apply_filter(program)
                .map_err(|e| ContainmentError::Seccomp(e.to_string()))?;
        }
        Ok(())
    }

    /// Starts `commands` (already wired to each other) from a new thread that restricted itself
    /// first; the first becomes the leader of a new process group and the others join it.
    pub(crate) async fn spawn(
        self: &Arc<Self>,
        commands: Vec<Command>,
    ) -> Result<Vec<Child>, crate::SandboxError> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let containment = self.clone();
        let runtime = tokio::runtime::Handle::current();
        std::thread::Builder::new()
            .name("warden-contained".to_owned())
            .spawn(move || {
                let result = containment
                    .restrict_this_thread()
                    .map_err(|e| crate::SandboxError::Unavailable(e.to_string()))
                    .and_then(|()| {
                        // A descriptor open without close-on-exec (one Warden inherited from
                        // whoever started it, or one a C library opened) would pass to the child
                        // with the rights it was opened with, whatever landlock says: none does.
                        // Warden never hands a child anything but its three standard streams.
                        close_fds::set_fds_cloexec_threadsafe(3, &[]);
                        let _entered = runtime.enter();
                        crate::exec::spawn_all(commands)
                    });
                let _ = sender.send(result);
            })
            .map_err(|e| crate::SandboxError::Failed(format!("cannot start a thread: {e}")))?;
        receiver.await.map_err(|_| {
            crate::SandboxError::Failed("the contained spawn ended without an answer".to_owned())
        })?
    }
}
