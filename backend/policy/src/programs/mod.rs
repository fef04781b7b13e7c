//! The positive model: per program (and per subcommand), the options it may take for a `low`
//! verdict, which of them take a value, and which read a file, write one, run a command or change
//! the system. A program or option that is not in a table is not low: unknown programs are
//! `medium`, unknown subcommands of programs known to change things are `high`. A program's name
//! never proves it read-only.

mod archive_listings;
mod awk;
mod boot_status;
pub(crate) mod cmdlines;
mod compressors;
mod date_strings;
mod dbus;
pub(crate) mod destroy;
mod devices;
mod diagnostics;
mod dns;
mod docker;
mod ending;
mod find;
mod find_reach;
mod firewall;
mod git;
mod given_away;
mod gpu;
mod granted_modes;
mod host_state;
mod hostnames;
mod hosts;
mod interactive;
mod intervals;
mod inventory;
mod kernel_log;
mod kubectl;
mod local_api;
mod machine_changers;
mod machine_id;
mod net;
mod only_checks;
mod output_options;
mod packages;
mod partitions;
mod read_modes;
mod readers;
mod regexes;
pub(crate) mod requests;
mod sed;
mod sed_edits;
mod serials;
mod service_admin;
mod services;
mod shrink;
mod storage;
mod system;
mod system_volumes;
mod tar;
mod text;
mod transfer;
mod unbounded;
mod uncontained;
mod unit_names;
mod unknown_verbs;
mod unknown_words;
mod written_into;

use std::borrow::Cow;
use std::cell::RefCell;

use crate::level::RiskLevel;
use crate::options::{Parsed, Role, Spec, parse};
use crate::paths::{PathJudge, PathVerdict};

pub use destroy::is_system_tree_in;
pub(crate) use ending::{LONGEST_RUN_S, seconds};
pub(crate) use unbounded::size_within;

/// What a judge knows besides the command: how paths are judged, and how deep in nested
/// commands (shell payloads, `find -exec`) it is.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub paths: PathJudge<'a>,
    pub depth: usize,
    /// Paths already judged for this line (a word is often read by its program and named in
    /// the sweep of every word).
    pub memo: &'a PathMemo,
    /// A wrapper ends the program within [`ending::LONGEST_RUN_S`] (`timeout 10 tail -f x`):
    /// never ending by itself is then no concern, even where nothing contains the command.
    pub time_bounded: bool,
    /// The words of the command being judged that hold an unquoted wildcard, as written: a
    /// wildcard in any other word was quoted, and is a literal character (`salt '*' …`).
    pub globs: &'a [String],
}

impl Ctx<'_> {
    /// Whether the command must end by itself: nothing contains it, and no wrapper ends it.
    pub fn must_end(&self) -> bool {
        self.paths.uncontained && !self.time_bounded
    }
}

/// Path verdicts of one line, by word and kind of access.
pub type PathMemo = RefCell<Vec<(String, bool, Option<PathVerdict>)>>;

impl Ctx<'_> {
    /// [`PathJudge::read`], remembered for the line.
    pub fn read(&self, word: &str) -> Option<PathVerdict> {
        self.remembered(word, true)
    }

    /// [`PathJudge::mention`], remembered for the line.
    pub fn mention(&self, word: &str) -> Option<PathVerdict> {
        self.remembered(word, false)
    }

    fn remembered(&self, word: &str, content: bool) -> Option<PathVerdict> {
        // A working directory set by the command changes what relative words mean.
        if self.paths.working_dir.is_some() || self.paths.unknown_dir {
            return self.judge_path(word, content);
        }
        if let Ok(memo) = self.memo.try_borrow() {
            for (known, read, verdict) in memo.iter() {
                // Reading checks everything naming does: nothing found reading, nothing named.
                if known == word && (*read == content || (*read && verdict.is_none())) {
                    return verdict.clone();
                }
            }
        }
        let verdict = self.judge_path(word, content);
        if let Ok(mut memo) = self.memo.try_borrow_mut() {
            memo.push((word.to_owned(), content, verdict.clone()));
        }
        verdict
    }

    fn judge_path(&self, word: &str, content: bool) -> Option<PathVerdict> {
        if content {
            self.paths.read(word)
        } else {
            self.paths.mention(word)
        }
    }
}

/// A level with the reason for it; raised, never lowered. Reasons are mostly fixed sentences,
/// kept without copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub level: RiskLevel,
    pub reason: Cow<'static, str>,
}

impl Judgement {
    pub fn new(level: RiskLevel, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            level,
            reason: reason.into(),
        }
    }

    pub fn low(reason: impl Into<Cow<'static, str>>) -> Self {
        Self::new(RiskLevel::Low, reason)
    }

    /// Takes `level` and `reason` when stricter than what is known so far.
    pub fn raise(&mut self, level: RiskLevel, reason: impl Into<Cow<'static, str>>) {
        if level > self.level {
            self.level = level;
            self.reason = reason.into();
        }
    }

    pub fn raise_path(&mut self, verdict: Option<PathVerdict>) {
        if let Some((level, reason)) = verdict {
            self.raise(level, reason);
        }
    }

    pub fn with(mut self, level: RiskLevel, reason: impl Into<Cow<'static, str>>) -> Self {
        self.raise(level, reason);
        self
    }
}

/// What a program's operands are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operands {
    /// Files whose contents are read.
    Files,
    /// Files or directories named, not read (ls, stat, du).
    Names,
    /// Not paths at all (words, numbers, patterns).
    Inert,
    /// None may be given (a reason when one is: "sets the time").
    None(&'static str),
}

/// Applies what the options found do, and what the operands are, to `judgement`.
pub fn apply(ctx: &Ctx, name: &str, parsed: &Parsed, operands: Operands, j: &mut Judgement) {
    for problem in &parsed.problems {
        j.raise(RiskLevel::Medium, format!("{name}: {problem}"));
    }
    for found in &parsed.found {
        let shown = || match &found.value {
            Some(value) if !found.spelled.has_value() => {
                format!("{name} {} {value}", found.spelled)
            }
            Some(_) | None => format!("{name} {}", found.spelled),
        };
        match found.opt.role {
            Role::Inert => {}
            // Contained, the run's time bound ends it.
            Role::Endless(why) if ctx.must_end() => j.raise(
                RiskLevel::Medium,
                format!(
                    "{} {why}: nothing ends it where nothing contains the command",
                    shown()
                ),
            ),
            Role::Endless(_) => {}
            // Contained, the run's memory and process bounds hold it.
            Role::Sizes(bound) if ctx.paths.uncontained => {
                if let Some(value) = found.value
                    && !unbounded::size_within(value, bound)
                {
                    j.raise(
                        RiskLevel::Medium,
                        format!(
                            "{}: more than {} asks for more than a host spares (memory, width, threads or waiting), and nothing contains this command",
                            shown(),
                            bound.most
                        ),
                    );
                }
            }
            Role::Sizes(_) => {}
            Role::Reads => {
                if let Some(path) = &found.value {
                    j.raise_path(ctx.read(path));
                }
            }
            Role::Writes => match &found.value {
                Some(path) => {
                    let (level, reason) = ctx.paths.write(path);
                    j.raise(level, format!("{}: {reason}", shown()));
                }
                None => j.raise(RiskLevel::High, format!("{} writes a file", shown())),
            },
            Role::Runs => j.raise(RiskLevel::High, format!("{} runs a command", shown())),
            Role::Changes(why) => j.raise(RiskLevel::High, format!("{} {why}", shown())),
            Role::Unproven(why) => {
                j.raise(RiskLevel::Medium, format!("{}: {why}", shown()));
                if let Some(value) = &found.value {
                    j.raise_path(ctx.mention(value));
                }
            }
        }
    }
    match operands {
        Operands::Files => {
            for operand in &parsed.operands {
                j.raise_path(ctx.read(operand));
            }
        }
        Operands::Names => {
            for operand in &parsed.operands {
                j.raise_path(ctx.mention(operand));
            }
        }
        Operands::Inert => {}
        Operands::None(why) => {
            if let Some(first) = parsed.operands.first() {
                j.raise(RiskLevel::High, format!("{name} {first} {why}"));
            }
        }
    }
}

/// Parses `args` with `spec`, applies roles and operands, and returns both.
pub fn judged<'a>(
    ctx: &Ctx,
    name: &str,
    args: &'a [String],
    spec: &Spec,
    operands: Operands,
    reason: &'static str,
) -> (Judgement, Parsed<'a>) {
    let parsed = parse(args, spec);
    let mut j = Judgement::low(reason);
    apply(ctx, name, &parsed, operands, &mut j);
    (j, parsed)
}

/// The verdict for one program with its arguments (wrappers already removed): its family's
/// table, then what no table may lower (commands read from the input; for a command nothing
/// contains, what only containment made harmless).
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    let mut j = by_family(ctx, name, args);
    if let Some(why) = destroy::erases(name, args) {
        j.raise(RiskLevel::Forbidden, format!("{name} {why}"));
    }
    destroy::raise_written(ctx, name, args, &mut j);
    compressors::raise(ctx, name, args, &mut j);
    written_into::raise(ctx, name, args, &mut j);
    devices::raise(ctx, name, args, &mut j);
    host_state::raise(name, args, &mut j);
    if let Some(why) = system_volumes::removes(name, args) {
        j.raise(RiskLevel::Forbidden, format!("{name} {why}"));
    }
    if let Some(what) = requests::runs_statements(name, args) {
        requests::raise(&mut j, &what);
    }
    if let Some(why) = interactive::reads_commands(name, args) {
        j.raise(RiskLevel::Medium, why);
    }
    if ctx.paths.uncontained {
        uncontained::raise(name, args, ctx.must_end(), &mut j);
    }
    raise_start_wildcards(ctx, name, args, &mut j);
    j
}

/// `shred -u *`, `rm -f *`, `chown nobody *`, `sed -i d *` where the line starts: the caller's
/// directory is not shown and may be `/etc` or `/usr/bin`, so a relative wildcard may name
/// the files the machine needs there (`paths/unknown_start.rs`); so may a plain name given
/// to a deleting program (`rm -f passwd`, `rm -rf etc`), and a relative path given to one
/// (`rm -f etc/passwd`, `rm -f ../../etc/passwd`). The command is judged with each of
/// them in the word's place, and is forbidden where that is.
/// The command is judged at every depth of nesting (`sh -c "python3 -c '…'"` reaches it at
/// depth 2); each replaced command is judged once more at [`REPLACED_DEPTH`], past the
/// deepest line the classifier reads, so that it is not replaced again.
fn raise_start_wildcards(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    if j.level == RiskLevel::Forbidden || ctx.depth >= REPLACED_DEPTH {
        return;
    }
    let inner_ctx = Ctx {
        depth: REPLACED_DEPTH,
        ..*ctx
    };
    // A directory the line moved to (`cd /etc && shred -u *`): the wildcard is judged there.
    let known = ctx
        .paths
        .working_dir
        .filter(|dir| dir.is_absolute() && !ctx.paths.start_unknown())
        .and_then(|dir| dir.to_str());
    for (at, arg) in args.iter().enumerate() {
        if is_quoted_wildcard(ctx, arg) {
            continue;
        }
        // A plain name (`rm -f passwd`, `rm -rf etc`) is a file only in the operands of the
        // programs whose every operand is one: elsewhere it may be an owner, a group or a
        // unit (`chgrp shadow F`, `usermod -aG sudo alice`).
        let plain = !arg.contains(['*', '?', '[']);
        if plain && !operand_is_a_file(name, args, at) {
            continue;
        }
        let mut named = crate::paths::as_in_start_dirs(arg);
        if plain {
            named.extend(crate::paths::as_root_dir(arg));
            named.extend(crate::paths::as_relative_in_start_dirs(arg));
        }
        let files = match known {
            Some(dir) if !named.is_empty() => {
                let rest = arg.trim_start_matches("./");
                vec![format!("{}/{rest}", dir.trim_end_matches('/'))]
            }
            Some(_) => Vec::new(),
            None => named,
        };
        for file in files {
            let mut replaced = args.to_vec();
            replaced[at].clone_from(&file);
            let inner = judge(&inner_ctx, name, &replaced);
            if inner.level == RiskLevel::Forbidden {
                let place = match known {
                    Some(dir) => format!("in {dir}:"),
                    None => "where the line starts, a directory the line does not show:".to_owned(),
                };
                j.raise(
                    RiskLevel::Forbidden,
                    format!(
                        "{name} {arg} {place} there {arg} may name {file}, and {}",
                        inner.reason
                    ),
                );
                return;
            }
        }
    }
}

/// The depth a command with a word replaced is judged at: deeper than any line read.
const REPLACED_DEPTH: usize = 7;

/// Whether `args[at]` of `name` is a file it changes: any operand of the deleting and
/// truncating programs, find's start points, and any but the first (the mode or owner) of
/// chmod, chown, chgrp.
fn operand_is_a_file(name: &str, args: &[String], at: usize) -> bool {
    if args[at].starts_with('-') {
        return false;
    }
    match name {
        "rm" | "unlink" | "shred" | "srm" | "wipe" | "mv" | "truncate" => true,
        // find's start points come before its first test or action (`find etc -delete`).
        "find" => args[..at]
            .iter()
            .all(|a| !a.starts_with(['-', '(', '!']) || matches!(a.as_str(), "-H" | "-L" | "-P")),
        // An ACL or an attribute given to a file: every operand after the values of the
        // options that take one (`-m SPEC`, `-n NAME -v VALUE`) and, for chattr, its mode.
        "setfacl" => {
            at == 0 || {
                let prev = args[at - 1].as_str();
                !(matches!(
                    prev,
                    "--set"
                        | "--set-file"
                        | "--modify"
                        | "--modify-file"
                        | "--remove"
                        | "--remove-file"
                ) || (prev.starts_with('-')
                    && !prev.starts_with("--")
                    && prev.ends_with(['m', 'M', 'x', 'X'])))
            }
        }
        "chattr" => {
            !args[at].starts_with(['+', '='])
                && (at == 0 || !matches!(args[at - 1].as_str(), "-v" | "-p"))
        }
        "setfattr" => {
            at == 0
                || !matches!(
                    args[at - 1].as_str(),
                    "-n" | "-v" | "-x" | "--name" | "--value" | "--remove"
                )
        }
        // chcon's first operand is the context unless an option gives its parts.
        "chcon" => {
            let parts_given = args.iter().any(|a| {
                matches!(a.as_str(), "-u" | "-r" | "-t" | "-l")
                    || a.starts_with("--reference")
                    || ["--user", "--role", "--type", "--range"]
                        .iter()
                        .any(|o| a.starts_with(o))
            });
            let values = |i: usize| {
                i > 0
                    && matches!(
                        args[i - 1].as_str(),
                        "-u" | "-r" | "-t" | "-l" | "--user" | "--role" | "--type" | "--range"
                    )
            };
            let operands: Vec<usize> = (0..args.len())
                .filter(|&i| !args[i].starts_with('-') && !values(i))
                .collect();
            operands.contains(&at) && (parts_given || operands.first() != Some(&at))
        }
        "chmod" | "chown" | "chgrp" => {
            // chmod's mode may begin with `-` (`chmod -x F`): it is still the first operand.
            let mode = |a: &String| {
                name == "chmod" && a.len() > 1 && a[1..].chars().all(|c| "rwxXstugo".contains(c))
            };
            !args.iter().any(|a| a.starts_with("--reference"))
                && args
                    .iter()
                    .position(|a| !a.starts_with('-') || mode(a))
                    .is_some_and(|first| first < at)
        }
        _ => false,
    }
}

/// `cd DIR` to an absolute directory changes only where the commands after it run, which
/// `workdirs.rs` follows (the line's relative paths are judged there); the name itself is
/// judged as mentioned. Any other `cd` (none, `-`, an option, more operands) is not judged
/// here.
fn change_directory(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    match args {
        [dir] if dir.starts_with('/') => {
            let mut j = Judgement::low("changes the working directory");
            j.raise_path(ctx.mention(dir));
            Some(j)
        }
        _ => None,
    }
}

/// Whether no table knows the program `name` with these words: it is judged as an unknown
/// program, whose every word may be a file it writes.
pub fn no_table_knows(ctx: &Ctx, name: &str, args: &[String]) -> bool {
    known(ctx, name, args).is_none()
}

fn by_family(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    known(ctx, name, args).unwrap_or_else(|| unknown_program(ctx, name, args))
}

/// The judgement of the table that knows the program, if one does.
fn known(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    if let Some(j) = readers::judge(ctx, name, args) {
        return Some(j);
    }
    if let Some(j) = only_checks::judge(ctx, name, args) {
        return Some(j);
    }
    if let Some(j) = archive_listings::judge(ctx, name, args) {
        return Some(j);
    }
    if let Some(j) = boot_status::judge(ctx, name, args) {
        return Some(j);
    }
    let judged = match name {
        "sed" => sed::judge(ctx, args),
        "awk" | "gawk" | "mawk" | "nawk" => awk::judge(ctx, name, args),
        "find" => find::judge(ctx, args),
        "tar" | "gtar" => tar::judge(ctx, args),
        // bsdtar reads tar's words, but its `-s PATTERN` renames what it extracts: judged as
        // tar, and high with it.
        "bsdtar" => tar::judge(ctx, args).map(|mut j| {
            if args.iter().any(|a| a == "-s" || a.starts_with("--options")) {
                j.raise(
                    RiskLevel::High,
                    "bsdtar -s renames the members it extracts or lists",
                );
            }
            j
        }),
        "git" => git::judge(ctx, args),
        "docker" | "podman" | "nerdctl" => docker::judge(ctx, name, args),
        // The standalone Compose (v1, or v2 outside the plugin directory) reads its words as
        // `docker compose` does after `compose`.
        "docker-compose" => {
            let words: Vec<String> = std::iter::once("compose".to_owned())
                .chain(args.iter().cloned())
                .collect();
            docker::judge(ctx, "docker", &words)
        }
        "kubectl" | "oc" => kubectl::judge(ctx, name, args),
        // k3s's built-in clients, judged as the programs they are (on `ssh_exec` too).
        "k3s" => hosts::k3s_builtin(args).map(|(program, rest)| judge(ctx, program, rest)),
        // LVM's dispatcher runs its commands as their own programs do.
        "lvm" => host_state::lvm_command(args).map(|(program, rest)| judge(ctx, program, rest)),
        "nvidia-smi" => gpu::judge(ctx, args),
        "cd" => change_directory(ctx, args),
        // `set -- WORDS` only gives the shell's positional parameters (`sh -c TEXT NAME ARGS`
        // is judged as `set -- ARGS; TEXT`); `set` alone prints every variable, and its
        // options change how the rest runs: those stay unknown.
        "set" if args.first().is_some_and(|a| a == "--") => {
            Some(Judgement::low("sets the positional parameters"))
        }
        "python" | "python2" | "python3" | "perl" | "ruby" | "node" | "nodejs" | "php" | "lua"
        | "tclsh" | "pwsh" | "deno" | "bun" | "rscript" | "julia" | "guile" | "racket" => {
            Some(interpreter(name, args))
        }
        _ => None,
    };
    if let Some(j) = judged {
        return Some(j);
    }
    for family in [
        text::judge,
        system::judge,
        services::judge,
        machine_id::judge,
        dbus::judge,
        net::judge,
        dns::judge,
        firewall::judge,
        transfer::judge,
        requests::judge,
        service_admin::judge,
        packages::judge,
        storage::judge,
        diagnostics::judge,
        hosts::judge,
        inventory::judge,
        read_modes::judge,
        destroy::judge,
    ] {
        if let Some(j) = family(ctx, name, args) {
            return Some(j);
        }
    }
    None
}

fn unknown_program(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    let mut j = unknown(ctx, name, args);
    output_options::raise(ctx, name, args, &mut j);
    if machine_changers::writes_memory(name, args) {
        j.raise(
            RiskLevel::Forbidden,
            format!("{name} writes physical memory, as writing /dev/mem does: the kernel's and every process's memory, or a device's registers"),
        );
    }
    if let Some(why) = machine_changers::changes(name, args) {
        j.raise(
            RiskLevel::High,
            format!("{name} {why}; the sandbox only imitates it: a human decides"),
        );
    }
    // What no sandbox holds: a program no table knows, told to remove, stop or reset
    // something (`terraform destroy`, `aws s3 rb`, `borg delete`), or run on other hosts.
    if let Some(word) = unknown_verbs::removing_word(name, args) {
        j.raise(
            RiskLevel::High,
            format!(
                "'{name}' is not a known program and `{word}` says it removes, stops or resets something, perhaps outside any sandbox (a cloud account, a cluster, a backup repository): a human decides"
            ),
        );
    }
    if let Some(word) = unknown_verbs::machine_state_word(name, args) {
        j.raise(
            RiskLevel::High,
            format!(
                "'{name}' is not a known program and `{word}` says it changes the machine's power or takes something out of service, which the sandbox only imitates: a human decides"
            ),
        );
    }
    if let Some(why) = unknown_verbs::runs_on_other_hosts(name, args) {
        j.raise(
            RiskLevel::High,
            format!("{name} {why}: no sandbox holds other hosts"),
        );
    }
    j
}

/// A program not in any table: not proven read-only. Every word may be a file it opens.
/// An unknown program may be a wrapper of its own (`eatmydata`, `setarch x86_64`, `faketime`):
/// a destructive command among its first words makes it forbidden.
const HIDDEN_COMMAND_WORDS: usize = 8;

/// The destroying programs a wildcard naming a program is tried as.
const WILDCARD_CANDIDATES: &[&str] = &[
    "rm",
    "dd",
    "mv",
    "cp",
    "shred",
    "wipefs",
    "mkfs",
    "mkfs.ext4",
    "mkfs.xfs",
    "mkfs.btrfs",
    "mkfs.vfat",
    "mke2fs",
    "mkswap",
    "sfdisk",
    "sgdisk",
    "fdisk",
    "parted",
    "blkdiscard",
    "chmod",
    "chown",
    "chgrp",
    "chattr",
    "kill",
    "pkill",
    "killall",
    "killall5",
    "truncate",
    "unlink",
    "find",
    "xargs",
    "tee",
    "sh",
    "bash",
    "dash",
    "zsh",
    "env",
    "sudo",
    "busybox",
    "python",
    "python3",
    "perl",
    "ruby",
    "node",
    "awk",
    "sed",
    "ln",
    "install",
    "rsync",
    "srm",
    "wipe",
    "cryptsetup",
    "zpool",
    "mdadm",
    "nvme",
    "hdparm",
    "iptables",
    "nft",
];

/// Programs no table knows that only read the programs and libraries they are given (ELF
/// readers, capability and hardening listers) or run the program they are given (tuning and
/// measuring wrappers): a system program among their words is not their output.
const INSPECTORS: &[&str] = &[
    "readelf",
    "eu-readelf",
    "objdump",
    "nm",
    "ldd",
    "lddtree",
    "size",
    "getcap",
    "checksec",
    "scanelf",
    "elfls",
    "valgrind",
    "setarch",
    "linux32",
    "linux64",
    "taskset",
    "chrt",
    "ionice",
    "numactl",
    "hyperfine",
    "debsums",
    "getfattr",
    "getfacl",
];

fn unknown(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(
        RiskLevel::Medium,
        format!("'{name}' is not a known read-only command"),
    );
    // A program named by an expansion (`$X -rf /`, `$(echo rm) -rf /`, `sh -c "$0 …" rm`,
    // `sh -c "$(curl …)"`) is chosen only when the line runs: what it is cannot be read.
    if name.contains(['$', '`']) || name.contains("__substitution__") {
        j.raise(
            RiskLevel::High,
            "the program is named by an expansion (a variable or a command's output): what runs cannot be known before it runs; a human should read it",
        );
    }
    // A program named by a wildcard (`/bin/r? -rf /`, `/???/[r]m`) is whichever file matches
    // when the line runs: high, and forbidden where a destroying program it may match would
    // be forbidden with these words.
    if name.contains(['*', '?', '[']) {
        j.raise(
            RiskLevel::High,
            "the program is named by a wildcard: what runs is whichever file matches; a human should read it",
        );
        let pattern = destroy::brackets_as_any(name);
        if ctx.depth < 2 {
            for candidate in WILDCARD_CANDIDATES
                .iter()
                .filter(|c| crate::glob::matches(&pattern, c))
            {
                let words: Vec<String> = std::iter::once((*candidate).to_owned())
                    .chain(args.iter().cloned())
                    .collect();
                let inner = crate::classify::judge_argv(ctx, &words);
                if inner.level == RiskLevel::Forbidden {
                    j.raise(
                        RiskLevel::Forbidden,
                        format!("{name} may be {candidate}: {}", inner.reason),
                    );
                    break;
                }
            }
        }
    }
    // `alias NAME=VALUE` makes NAME run VALUE for the rest of the line (`alias x='rm -rf /';
    // x`): the value is judged as the command it becomes, and the line is read by a human.
    if name == "alias" {
        for definition in args.iter().filter_map(|a| a.split_once('=')) {
            j.raise(
                RiskLevel::High,
                format!(
                    "defines an alias `{}`, which runs in place of any program of that name; a human should read it",
                    definition.0
                ),
            );
            let value = shlex::split(definition.1).unwrap_or_default();
            if !value.is_empty() && ctx.depth < 2 {
                let inner = crate::classify::judge_argv(ctx, &value);
                if inner.level > RiskLevel::High {
                    j.raise(
                        inner.level,
                        format!("the alias `{}` runs {}", definition.0, inner.reason),
                    );
                }
            }
        }
    }
    // `udevadm info DEVICE` looks the device up in udev's database by its name: the device's
    // contents are not read, so a disk named there is mentioned, not read.
    let names_devices = name == "udevadm" && args.first().is_some_and(|a| a == "info");
    for (at, arg) in args.iter().enumerate() {
        let word = arg.split_once('=').map_or(arg.as_str(), |(_, v)| v);
        let word = word.trim_start_matches('-');
        if names_devices && crate::paths::is_device(&crate::paths::system_path(word)) {
            j.raise_path(ctx.mention(word));
            continue;
        }
        j.raise_path(ctx.read(word));
        // `convert x.png /usr/bin/x`, `ffmpeg -i x /sbin/init`, `jar cf /usr/bin/x`: no table
        // says which operand such a program writes, and a system program, library or kernel
        // module may be its output, which every user and service would then run.
        // A program directory itself (`--dest=/usr/sbin/`) receives names the line does not
        // show, as `DIR/*`.
        let normal = crate::paths::system_path(word);
        if !INSPECTORS.contains(&name)
            && (crate::paths::is_system_program(&normal)
                || (word.starts_with('/')
                    && crate::paths::is_system_program(&format!(
                        "{}/*",
                        normal.trim_end_matches('/')
                    ))))
        {
            j.raise(
                RiskLevel::High,
                format!(
                    "'{name}' is not a known program and {word} is a program, library or kernel module of the system, which it may write: a human decides"
                ),
            );
        }
        let value = arg.split_once('=').map_or(arg.as_str(), |(_, v)| v);
        if !INSPECTORS.contains(&name)
            && !value.starts_with('-')
            && !unknown_words::names_no_file(name, args, at)
        {
            unknown_words::raise(ctx, name, value, &mut j);
        }
        // A program's own language may open a path written inside a word: yq's
        // `load("/etc/shadow")`, sqlite's `readfile('/root/.pgpass')`, a URL's `file:/…`.
        for path in embedded_paths(arg) {
            j.raise_path(ctx.read(path));
        }
    }
    raise_hidden_forbidden(ctx, name, args, &mut j);
    j
}

/// A program that runs another among its first words (an unknown wrapper, `systemd-run`,
/// `nsenter`, `unshare`, `firejail`, `bwrap`) is forbidden where a destructive command starts
/// at one of them (`systemd-run --scope rm -rf /`).
pub(crate) fn raise_hidden_forbidden(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    if ctx.depth >= 2 {
        return;
    }
    for start in 0..args.len().min(HIDDEN_COMMAND_WORDS) {
        // A quoted wildcard (`salt '*' test.ping`, a target pattern) is a literal word, not a
        // program whichever file matches may be; an unquoted one still is.
        if args[start].starts_with('-') || is_quoted_wildcard(ctx, &args[start]) {
            continue;
        }
        let hidden = crate::classify::judge_argv(ctx, &args[start..]);
        if hidden.level == RiskLevel::Forbidden {
            j.raise(
                RiskLevel::Forbidden,
                format!("{name} may run {}: {}", args[start], hidden.reason),
            );
            return;
        }
    }
    // A word holding a whole command line (`tmux new -d 'rm -rf /'`, `capsh -- -c 'rm -rf /'`)
    // is run by the shell such a program starts: judged as that line.
    for word in args
        .iter()
        .take(HIDDEN_COMMAND_WORDS)
        .filter(|word| word.contains(char::is_whitespace))
    {
        let inner = crate::classify::judge_line(
            &Ctx {
                depth: ctx.depth + 1,
                ..*ctx
            },
            word,
        );
        if inner.level == RiskLevel::Forbidden {
            j.raise(
                RiskLevel::Forbidden,
                format!("{name} may run {word}: {}", inner.reason),
            );
            return;
        }
    }
}

/// Whether `word` holds a wildcard character that the shell does not expand: no unquoted
/// wildcard word of the command is spelled this way.
fn is_quoted_wildcard(ctx: &Ctx, word: &str) -> bool {
    word.contains(['*', '?', '[']) && !ctx.globs.iter().any(|glob| glob == word)
}

/// The absolute paths (`/…`, `~/…`) written inside `word` among the punctuation of an
/// expression (quotes, brackets, commas, `=`, `:`, spaces), other than the word itself.
fn embedded_paths(word: &str) -> impl Iterator<Item = &str> {
    word.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\'' | '"'
                    | '`'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | ','
                    | ';'
                    | '='
                    | ':'
                    | '<'
                    | '>'
                    | '|'
                    | '&'
                    | '@'
                    | '$'
            )
    })
    .filter(move |piece| {
        piece.len() != word.len() && (piece.starts_with('/') || piece.starts_with("~/"))
    })
}

/// The one word with which each interpreter prints its version and exits, reading nothing. Not
/// a shared list: `-v` is perl's and node's version but python's verbose mode and ruby's
/// "version, then verbose", and racket and tclsh have no such word; each of those goes on to
/// run code from its input (a pipeline stage's input is whatever an earlier stage printed), and
/// a bare word (`python3 version`) is a script.
fn version_words(name: &str) -> &'static [&'static str] {
    match name {
        "python" | "python2" | "python3" => &["--version", "-V", "-VV"],
        "perl" => &["--version", "-v"],
        "node" | "nodejs" | "php" | "bun" | "julia" | "guile" | "pwsh" => &["--version", "-v"],
        // lua runs its input only without -v, -e or a script (lua.c).
        "lua" => &["-v"],
        "ruby" | "deno" | "rscript" => &["--version"],
        _ => &[],
    }
}

/// An interpreter given a script runs whatever the script holds (medium, in the sandbox); given
/// no script it runs code from its input (high); asked its version it only prints.
fn interpreter(name: &str, args: &[String]) -> Judgement {
    if let [only] = args
        && version_words(name).contains(&only.as_str())
    {
        return Judgement::low("prints a version");
    }
    let script = args.iter().any(|a| !a.starts_with('-'));
    if script && !args.iter().any(|a| a == "-") {
        Judgement::new(
            RiskLevel::Medium,
            format!("{name} runs a script, which cannot be judged here"),
        )
    } else {
        Judgement::new(RiskLevel::High, format!("{name} runs code from its input"))
    }
}

/// What a program's own judge makes of `line` (words split at blanks), with default paths and
/// nothing known of the line around it: the unit tests of each program's module share it.
#[cfg(test)]
pub(crate) fn judged_alone(
    judge: fn(&Ctx, &str, &[String]) -> Option<Judgement>,
    line: &str,
) -> Option<RiskLevel> {
    let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let (name, args) = words.split_first()?;
    let memo = PathMemo::new(Vec::new());
    let ctx = Ctx {
        paths: PathJudge::default(),
        depth: 0,
        memo: &memo,
        time_bounded: false,
        globs: &[],
    };
    judge(&ctx, name, args).map(|j| j.level)
}

#[cfg(test)]
mod tests {
    use super::embedded_paths;

    #[test]
    fn paths_written_inside_a_word_are_found() {
        let found: Vec<&str> = embedded_paths(r#"load("/etc/shadow")"#).collect();
        assert_eq!(found, ["/etc/shadow"]);
        let found: Vec<&str> = embedded_paths("select readfile('/root/.pgpass'), x").collect();
        assert_eq!(found, ["/root/.pgpass"]);
        let found: Vec<&str> = embedded_paths("url=file:///etc/x,~/y").collect();
        assert_eq!(found, ["///etc/x", "~/y"]);
        // The word itself is judged apart; words without a path give none.
        assert_eq!(embedded_paths("/etc/hostname").count(), 0);
        assert_eq!(embedded_paths(".a.b | keys").count(), 0);
    }
}
