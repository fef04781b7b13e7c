//! What git's reading subcommands may print: one configuration value of a section without
//! credentials (not a listing), file contents only of the files a pathspec names, and no URL
//! that starts a transport helper.

use super::Judgement;
use crate::level::RiskLevel;
use crate::options::Parsed;

/// Whether `word` (or the value of `--option=word`) is a URL git hands to a transport helper
/// (`ext::sh -c …`, `fd::3`, `transport::address`): `NAME::` with a helper name before it.
pub(super) fn transport_helper(word: &str) -> bool {
    let value = match word.split_once('=') {
        Some((option, value)) if option.starts_with('-') => value,
        Some(_) | None => word,
    };
    value.split_once("::").is_some_and(|(helper, _)| {
        !helper.is_empty()
            && helper
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_'))
    })
}

/// Configuration sections that hold no credentials: one of their values may be printed.
/// `credential.*`, `http.*` (`extraHeader`, cookie files, proxy passwords), `url.*`
/// (`insteadOf` with tokens), `sendemail.*` (`smtpPass`) and everything not listed are not.
const PLAIN_CONFIG_SECTIONS: &[&str] = &[
    "core",
    "user",
    "init",
    "branch",
    "remote",
    "pull",
    "push",
    "merge",
    "diff",
    "color",
    "log",
    "status",
    "fetch",
    "rebase",
    "gc",
    "advice",
    "commit",
    "tag",
    "format",
    "alias",
    "submodule",
    "safe",
    "pack",
    "receive",
    "transfer",
    "protocol",
    "index",
    "feature",
    "i18n",
    "column",
    "blame",
    "grep",
    "help",
    "pager",
    "checkout",
    "clone",
    "worktree",
    "am",
    "apply",
];

/// git config: only getting one value of a section known to hold no credential is low; listing
/// everything (`-l`, `--list`, `list`, `--get-regexp`, `--get-urlmatch`) prints credentials
/// too (`http.extraHeader`, `credential.*`); any other form writes.
pub(super) fn config(parsed: &Parsed, j: &mut Judgement) {
    let first = parsed.operands.first().copied();
    if parsed.has("list")
        || parsed.has("get-regexp")
        || parsed.has("get-urlmatch")
        || first == Some("list")
    {
        j.raise(
            RiskLevel::High,
            "git config listing prints every value, credentials included",
        );
        return;
    }
    let getting = parsed.has("get") || parsed.has("get-all");
    let colour = parsed.has("get-color") || parsed.has("get-colorbool");
    let key = match (first, parsed.operands.len()) {
        _ if colour => None,
        (Some("get"), 2) if !getting => parsed.operands.get(1).copied(),
        (Some(key), 1 | 2) if getting => Some(key),
        (Some(key), 1) => Some(key),
        (Some(_) | None, _) => {
            j.raise(RiskLevel::High, "git config changes configuration");
            return;
        }
    };
    let Some(key) = key else { return };
    let section = key.split('.').next().unwrap_or("").to_ascii_lowercase();
    match section.as_str() {
        "credential" | "http" | "url" | "sendemail" => j.raise(
            RiskLevel::High,
            format!("git config {key} may print a credential"),
        ),
        plain if PLAIN_CONFIG_SECTIONS.contains(&plain) => {}
        _ => j.raise(
            RiskLevel::Medium,
            format!("git config {key}: a section not known to hold no credential"),
        ),
    }
}

/// Options that keep a diff to names and numbers: no file's contents are printed.
const NO_CONTENTS: &[&str] = &[
    "no-patch",
    "stat",
    "numstat",
    "shortstat",
    "name-only",
    "name-status",
    "raw",
    "summary",
    "dirstat",
    "compact-summary",
];

/// Options that print file contents in a diff or history. `--check` prints every line it
/// finds fault with (`+API_TOKEN=x ` with a trailing blank); `--word-diff-regex` turns on
/// `--word-diff`.
const CONTENTS: &[&str] = &[
    "patch",
    "patch-with-raw",
    "patch-with-stat",
    "c",
    "cc",
    "word-diff",
    "word-diff-regex",
    "color-words",
    "check",
    "L",
];

/// Options that search the contents of every file in the history (pickaxe): even when only
/// commit ids are printed, which commits match a pattern answers whether a file ever held it,
/// so a secret committed once can be guessed a character at a time (`-G '^DB_PASSWORD=h'`).
/// `--find-object` does the same for a guessed blob. Any abbreviation git accepts
/// (`--pickaxe-r`) is read as the option by the option parser.
const SEARCHES: &[&str] = &["S", "G", "pickaxe-regex", "pickaxe-all", "find-object"];

/// Subcommands that take the revision and diff options (`revisions.rs`): each of them prints
/// patches with `-p` and searches contents with `-S`/`-G` (`git stash list -p`, `git reflog -G`).
pub(super) fn takes_diff_options(sub: &str) -> bool {
    matches!(
        sub,
        "log"
            | "show"
            | "diff"
            | "whatchanged"
            | "rev-list"
            | "cherry"
            | "range-diff"
            | "diff-tree"
            | "diff-files"
            | "diff-index"
            | "reflog"
            | "stash"
            | "worktree"
            | "submodule"
            | "notes"
    )
}

/// Why a reading subcommand prints (or searches) the contents of files it was not limited to,
/// if it does: history with patches or content searches (`log -p`, `log -S/-G`, `show`,
/// `diff`, `--check`, `range-diff`, a stash's patch), searches and dumps of the whole tree
/// (`grep`, `archive`, `cat-file` of an object by id). A secret committed once is still in the
/// history, so they are low only when limited to pathspecs (after `--`) that name ordinary
/// files, which are then judged one by one.
pub(super) fn prints_contents(sub: &str, parsed: &Parsed) -> Option<String> {
    let history = takes_diff_options(sub) && !parsed.has("no-index");
    let searches = history && SEARCHES.iter().any(|o| parsed.has(o));
    let asked = CONTENTS.iter().any(|o| parsed.has(o));
    let suppressed = !asked && NO_CONTENTS.iter().any(|o| parsed.has(o));
    let first = parsed.operands.first().copied();
    let prints = searches
        || (history && asked)
        || match sub {
            // `diff --no-index` compares files outside any repository: judged as trees instead.
            "diff" => !suppressed && !parsed.has("no-index"),
            "show" | "range-diff" => !suppressed,
            "grep" => !parsed.has("no-index"),
            "archive" => !parsed.has("list"),
            "cat-file" => {
                // `cat-file -p|blob|--batch OBJECT`: only `REV:path` says which file it is.
                let dumps = parsed.has("p")
                    || parsed.has("batch")
                    || parsed.has("batch-command")
                    || matches!(first, Some("blob" | "tree" | "commit" | "tag"));
                dumps
                    && !parsed
                        .operands
                        .iter()
                        .any(|o| o.split_once(':').is_some_and(|(_, path)| !path.is_empty()))
            }
            _ => false,
        };
    if !prints {
        return None;
    }
    if sub == "show"
        && !searches
        && !parsed.operands.is_empty()
        && parsed
            .operands
            .iter()
            .all(|o| o.split_once(':').is_some_and(|(_, path)| !path.is_empty()))
    {
        // `git show REV:path`: those files only, judged by their paths.
        return None;
    }
    if sub != "cat-file"
        && sub != "archive"
        && parsed.pathspecs().is_some_and(|specs| {
            !specs.is_empty() && specs.iter().all(|spec| ordinary_pathspec(spec))
        })
    {
        return None;
    }
    Some(if searches {
        format!(
            "git {sub} -S/-G/--find-object searches the contents of every file in the history, where a secret committed once stays: limit it to files with `-- PATH`"
        )
    } else {
        format!(
            "git {sub} prints the contents of every file it reaches, and a secret committed once stays in the history: limit it to files with `-- PATH`"
        )
    })
}

/// A pathspec naming one file by a plain name: no magic (`:(glob)`, `:/`), no wildcard, not
/// the whole tree (`.`, `..`, a trailing `/`).
fn ordinary_pathspec(spec: &str) -> bool {
    !spec.is_empty()
        && !spec.starts_with(':')
        && !spec.ends_with('/')
        && !spec.contains(['*', '?', '[', '\\'])
        && !matches!(
            crate::paths::lexical(std::path::Path::new(spec)).to_str(),
            Some("." | ".." | "/") | None
        )
}
