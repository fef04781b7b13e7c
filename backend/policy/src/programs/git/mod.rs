//! git: global options (`-C DIR`, `--git-dir`, `--work-tree` keep the subcommand's verdict;
//! `-c KEY=VALUE`, `--config-env` and `--exec-path=DIR` can make git run any program), then the
//! subcommand with its own options. Reading subcommands are low with the options listed here;
//! options that write a file (`--output`) or run a program (`--ext-diff`, `--textconv`, a pager)
//! are not; every other subcommand changes the repository or reaches the network and is high.

mod options;
mod reading;
mod revisions;

use options::*;
use reading::{config, object_path, prints_contents, takes_diff_options, transport_helper};
use revisions::REV_DIFF;

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Parsed, Spec, parse};
use crate::paths::PathJudge;

/// What a subcommand is, for its verdict.
enum Kind {
    /// Read with these options; `Operands` says what its operands are.
    Reads(&'static [Opt], Operands),
    /// A subcommand that changes the repository or reaches out: high, with why.
    Changes(&'static str),
}

fn kind(sub: &str) -> Kind {
    match sub {
        "shortlog" => Kind::Reads(SHORTLOG, Operands::Inert),
        "status" => Kind::Reads(STATUS, Operands::Names),
        "branch" => Kind::Reads(BRANCH, Operands::Inert),
        "tag" => Kind::Reads(TAG, Operands::Inert),
        "config" => Kind::Reads(CONFIG, Operands::Inert),
        "rev-parse" => Kind::Reads(REV_PARSE, Operands::Inert),
        "describe" => Kind::Reads(DESCRIBE, Operands::Inert),
        "ls-files" => Kind::Reads(LS_FILES, Operands::Names),
        "ls-tree" => Kind::Reads(LS_TREE, Operands::Names),
        "blame" | "annotate" => Kind::Reads(BLAME, Operands::Names),
        "cat-file" => Kind::Reads(CAT_FILE, Operands::Names),
        "grep" => Kind::Reads(GREP, Operands::Names),
        "show-ref" => Kind::Reads(SHOW_REF, Operands::Inert),
        "for-each-ref" => Kind::Reads(FOR_EACH_REF, Operands::Inert),
        "count-objects" | "name-rev" | "merge-base" | "version" | "check-ignore" | "check-attr"
        | "check-ref-format" | "symbolic-ref" | "fsck" | "verify-pack" => {
            Kind::Reads(SMALL, Operands::Names)
        }
        "ls-remote" => Kind::Reads(LS_REMOTE, Operands::Inert),
        "archive" => Kind::Reads(ARCHIVE, Operands::Names),
        "remote" => Kind::Reads(REMOTE, Operands::Inert),
        "reflog" | "stash" | "worktree" | "submodule" | "notes" => {
            Kind::Reads(REV_DIFF, Operands::Inert)
        }
        history if takes_diff_options(history) => Kind::Reads(REV_DIFF, Operands::Names),
        "reset" => Kind::Changes("moves the branch and may discard work"),
        "push" => Kind::Changes("changes a remote repository"),
        "clean" => Kind::Changes("deletes untracked files"),
        "checkout" | "switch" | "restore" => Kind::Changes("changes the working tree"),
        "rebase" | "merge" | "cherry-pick" | "revert" | "commit" | "am" | "apply" | "pull"
        | "fetch" | "rm" | "mv" | "add" | "gc" | "prune" | "repack" | "replace" | "init"
        | "clone" | "update-ref" | "update-index" | "filter-branch" | "bisect" | "format-patch"
        | "bundle" | "sparse-checkout" | "maintenance" | "lfs" => {
            Kind::Changes("changes the repository")
        }
        // `git var -l` prints the whole configuration (tokens in `http.extraheader`, credential
        // helpers), like `git config -l`.
        "var" => Kind::Changes("prints the configuration, credentials included"),
        "credential" | "credential-store" | "credential-cache" => {
            Kind::Changes("reads stored credentials")
        }
        _ => Kind::Changes("is not a git subcommand known to be read-only"),
    }
}

/// Subcommands of `reflog`, `stash`, `worktree`, `submodule`, `notes`, `remote` that only read.
fn reading_action(sub: &str, action: Option<&str>) -> bool {
    match sub {
        "reflog" => matches!(action, None | Some("show" | "list")),
        "stash" => matches!(action, Some("list" | "show")),
        "worktree" => matches!(action, Some("list")),
        "submodule" => matches!(action, None | Some("status" | "summary")),
        "notes" => matches!(action, None | Some("list" | "show")),
        "remote" => matches!(action, None | Some("get-url") | Some("show")),
        _ => true,
    }
}

pub fn judge(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    let global = parse(args, &Spec::posix(GLOBAL));
    let mut j = Judgement::low("reads the repository");
    // `ext::COMMAND` runs COMMAND; `fd::`, and any `TRANSPORT::ADDRESS`, runs the program
    // `git-remote-TRANSPORT`: wherever such a URL stands, git may start it.
    if let Some(url) = args.iter().find(|a| transport_helper(a)) {
        j.raise(
            RiskLevel::High,
            format!("git {url}: a transport helper URL runs a program"),
        );
    }
    apply(ctx, "git", &global, Operands::Inert, &mut j);
    if global.values("exec-path").next().is_some() {
        j.raise(
            RiskLevel::High,
            "git --exec-path=DIR runs git's programs from DIR",
        );
    }
    // Each `-C DIR` starts from the one before (`git -C /etc -C ssl` works in /etc/ssl), the
    // first from where git runs (`cd DIR && git -C sub`).
    let changes: Vec<&str> = global.values("C").collect();
    let working_dir = if changes.is_empty() {
        // Without -C, the work tree named, or the directory that holds the repository named
        // (`--git-dir=/etc/.git` is etckeeper's /etc).
        global
            .values("work-tree")
            .last()
            .map(std::path::PathBuf::from)
            .or_else(|| {
                global.values("git-dir").last().map(|dir| {
                    let dir = crate::paths::lexical(std::path::Path::new(dir));
                    match dir.file_name() {
                        Some(name) if name == ".git" => dir
                            .parent()
                            .map_or(dir.clone(), std::path::Path::to_path_buf),
                        _ => dir,
                    }
                })
            })
    } else {
        changes.iter().fold(
            ctx.paths.working_dir.map(std::path::Path::to_path_buf),
            |so_far, dir| {
                Some(match so_far {
                    Some(base) => crate::paths::lexical(&base.join(dir)),
                    None => std::path::PathBuf::from(dir),
                })
            },
        )
    };
    // No option of its own: where it runs (`env -C DIR git`, `cd DIR && git`).
    let working_dir =
        working_dir.or_else(|| ctx.paths.working_dir.map(std::path::Path::to_path_buf));
    let paths = PathJudge {
        working_dir: working_dir.as_deref(),
        ..ctx.paths
    };
    let ctx = Ctx { paths, ..*ctx };
    let Some((sub, rest)) = global.operands.split_first() else {
        return Some(j);
    };
    // `git --help SUB` and `git SUB --help` are `git help SUB`: git starts man for the page (its
    // formatters and pager, programs the line does not show), or the viewer or browser the
    // configuration names (`man.viewer`, `man.<tool>.cmd`, `help.format=web`), as `systemctl
    // help` starts man. `git --help` alone and `git SUB -h` print git's own usage.
    let global_help = global
        .found
        .iter()
        .any(|f| f.opt.is("help") && matches!(f.spelled, crate::options::Spelled::Long(_)));
    if global_help || rest.first().copied() == Some("--help") {
        j.raise(
            RiskLevel::Medium,
            format!(
                "git {sub} --help starts man (or the viewer the configuration names) for its page"
            ),
        );
    }
    match kind(sub) {
        Kind::Changes(why) => j.raise(RiskLevel::High, format!("git {sub} {why}")),
        Kind::Reads(opts, operands) => {
            // `-N` limits the commits: log's readers, and `reflog [show]` and `stash list`,
            // which take log's options (`git reflog show main -5`).
            let spec = if matches!(
                *sub,
                "log" | "rev-list" | "shortlog" | "whatchanged" | "reflog" | "stash"
            ) {
                Spec::gnu(opts).with_numbers()
            } else {
                Spec::gnu(opts)
            };
            let parsed = parse(rest, &spec);
            apply(&ctx, &format!("git {sub}"), &parsed, operands, &mut j);
            // `--git-dir`/`--work-tree` may name a repository other than the one the
            // pathspecs' files lie in: their history is not known.
            let elsewhere = global.has("git-dir") || global.has("work-tree");
            subcommand(&ctx, sub, &parsed, elsewhere, &mut j);
        }
    }
    Some(j)
}

/// Whether a `--format`/`--pretty` value asks git to verify signatures: the `%G` placeholders
/// of commits (`%GG`, `%G?`, `%GS`, `%GK`...) and `%(signature...)` of refs run gpg (or
/// whatever `gpg.program` names), like `--show-signature`.
/// Whether `git branch` or `git tag` lists references, its operands being patterns: `--list`,
/// or a filter by commit (`--contains`, `--no-contains`, `--merged`, `--no-merged`,
/// `--points-at`; tag's `-n` too), which puts both in list mode whatever follows. The options
/// that change a reference (`-d`, `-m`, `-f`...) are judged by their own role.
fn lists_refs(sub: &str, parsed: &Parsed) -> bool {
    parsed.has("list")
        || [
            "contains",
            "no-contains",
            "merged",
            "no-merged",
            "points-at",
        ]
        .iter()
        .any(|filter| parsed.has(filter))
        || (sub == "tag" && parsed.has("n"))
}

fn format_runs_gpg(parsed: &Parsed) -> bool {
    parsed
        .values("format")
        .chain(parsed.values("pretty"))
        .any(|format| format.contains("%G") || format.contains("%(signature"))
}

fn subcommand(ctx: &Ctx, sub: &str, parsed: &Parsed, elsewhere: bool, j: &mut Judgement) {
    let first = parsed.operands.first().copied();
    if format_runs_gpg(parsed) {
        j.raise(
            RiskLevel::Medium,
            format!("git {sub}: the format's signature placeholders run gpg"),
        );
    }
    // Verifying a signature starts `gpg.program` (a repository's configuration may name any
    // program) with the user's keyring, and gpg's own `auto-key-retrieve` fetches unknown
    // keys from key servers. Contained, only the sandbox's programs start and nothing leaves;
    // where nothing contains the command they run as the remote user, with the network.
    if ctx.paths.uncontained && (format_runs_gpg(parsed) || parsed.has("show-signature")) {
        j.raise(
            RiskLevel::High,
            format!("git {sub} verifies signatures: it starts gpg.program (whatever the repository's configuration names) as the remote user, which may fetch keys from key servers; nothing contains it here"),
        );
    }
    if !reading_action(sub, first) {
        j.raise(
            RiskLevel::High,
            format!("git {sub} {} changes the repository", first.unwrap_or("")),
        );
    }
    match sub {
        "remote" if first == Some("show") && !parsed.has("n") => j.raise(
            RiskLevel::Medium,
            "git remote show contacts the remote repository",
        ),
        "branch" if !parsed.operands.is_empty() && !lists_refs(sub, parsed) => {
            j.raise(RiskLevel::High, "git branch NAME creates a branch")
        }
        "tag" if !parsed.operands.is_empty() && !lists_refs(sub, parsed) => {
            j.raise(RiskLevel::High, "git tag NAME creates a tag")
        }
        "config" => config(parsed, j),
        "ls-remote" if !parsed.has("get-url") => j.raise(
            RiskLevel::Medium,
            "git ls-remote contacts the remote repository",
        ),
        "symbolic-ref" if parsed.operands.len() > 1 => {
            j.raise(RiskLevel::High, "git symbolic-ref changes a reference")
        }
        // Outside a repository git diff compares directories recursively: each operand is a
        // tree to judge.
        "diff" if parsed.has("no-index") => {
            for operand in &parsed.operands {
                j.raise_path(ctx.paths.read_tree(operand));
            }
        }
        "grep" if parsed.has("no-index") => {
            for operand in parsed.operands.iter().skip(1) {
                j.raise_path(ctx.paths.read_tree(operand));
            }
        }
        _ => {}
    }
    if let Some(why) = prints_contents(sub, parsed, &ctx.paths, elsewhere) {
        j.raise(RiskLevel::Medium, why);
    }
    // `-L START,END:FILE` and `-L :FUNC:FILE` print lines of FILE, whatever the pathspecs say.
    if takes_diff_options(sub) {
        for range in parsed.values("L") {
            if let Some((_, path)) = range.rsplit_once(':') {
                j.raise_path(ctx.mention(path));
            }
        }
    }
    // `REV:path` names a file in the repository's history (`git show HEAD:.env`). Every
    // reading is judged, the plain split at the first `:` too: judging more never lowers.
    // What it prints is the file as committed: where the repository's place is known (`git -C
    // /etc show HEAD:mongod.conf`, `cd /etc && git show HEAD:fstab`) or the path is absolute,
    // it is judged as reading that file, as `cat` would be (etckeeper commits /etc whole).
    let placed = ctx.paths.working_dir.is_some() || ctx.paths.resolver.working_dir().is_some();
    for operand in &parsed.operands {
        if let Some(path) = object_path(operand) {
            j.raise_path(ctx.mention(path));
            if placed || path.starts_with('/') {
                j.raise_path(ctx.read(path));
            }
        }
        if let Some((_, path)) = operand.split_once(':')
            && !path.is_empty()
        {
            j.raise_path(ctx.mention(path));
        }
    }
}
