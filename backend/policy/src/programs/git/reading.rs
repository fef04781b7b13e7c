//! What git's reading subcommands may print: one configuration value of a section without
//! credentials (not a listing), file contents only of the files a pathspec names, and no URL
//! that starts a transport helper.

use super::Judgement;
use crate::level::RiskLevel;
use crate::options::Parsed;
use crate::paths::PathJudge;

/// The file an object name points into, if it names one: `REV:path`, `:path` and `:N:path`
/// (the index, stage N). The `:` that splits is the first outside `{…}` (`HEAD@{10:00}`,
/// `HEAD^{/fix: typo}` are revisions). `:/text` is not a path but the newest commit whose
/// message matches `text` (the whole rest, colons included), so it names no file.
pub(super) fn object_path(operand: &str) -> Option<&str> {
    if operand.starts_with(":/") {
        return None;
    }
    let path = if let Some(rest) = operand.strip_prefix(':') {
        match rest.split_once(':') {
            Some(("0" | "1" | "2" | "3", path)) => path,
            _ => rest,
        }
    } else {
        let mut depth = 0usize;
        let mut split = None;
        for (at, c) in operand.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ':' if depth == 0 => {
                    split = Some(at);
                    break;
                }
                _ => {}
            }
        }
        let at = split?;
        operand.get(at + 1..)?
    };
    (!path.is_empty()).then_some(path)
}

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

/// The revision and diff options known not to print any file's contents (positive model):
/// names and numbers (`--stat`, `--name-only`, `--raw`), walking and limiting the history,
/// formatting the commit header, diff algorithms. Every other option of `REV_DIFF` may print
/// contents or turn patch output on, even after `-s`/`--stat` (`-U0`, `--binary`, `-W`, `-m`,
/// `--dd`, `--remerge-diff`, `--diff-merges=…`, `--word-diff`, `--full-diff`, `-L`, `--check`),
/// and goes through the content rule. Options that run programs or write files are judged by
/// their roles as well.
const NO_CONTENTS: &[&str] = &[
    "no-patch",
    "raw",
    "numstat",
    "shortstat",
    "summary",
    "name-only",
    "name-status",
    "stat",
    "stat-width",
    "stat-name-width",
    "stat-count",
    "compact-summary",
    "dirstat",
    "cumulative",
    "dirstat-by-file",
    "full-index",
    "R",
    "b",
    "w",
    "ignore-space-at-eol",
    "ignore-blank-lines",
    "ignore-cr-at-eol",
    "minimal",
    "patience",
    "histogram",
    "diff-algorithm",
    "no-renames",
    "find-copies-harder",
    "no-color",
    "color",
    "no-color-moved",
    "no-ext-diff",
    "no-textconv",
    "z",
    "relative",
    "no-relative",
    "abbrev",
    "no-abbrev",
    "find-renames",
    "find-copies",
    "l",
    "diff-filter",
    "skip-to",
    "rotate-to",
    "exit-code",
    "quiet",
    "ignore-submodules",
    "indent-heuristic",
    "no-indent-heuristic",
    "cached",
    "merge-base",
    "no-index",
    "1",
    "2",
    "3",
    "0",
    "no-diff-merges",
    "first-parent",
    "exclude-first-parent-only",
    "oneline",
    "pretty",
    "format",
    "abbrev-commit",
    "no-abbrev-commit",
    "encoding",
    "expand-tabs",
    "no-expand-tabs",
    "notes",
    "no-notes",
    "show-notes",
    "relative-date",
    "date",
    "parents",
    "children",
    "left-right",
    "graph",
    "show-linear-break",
    "decorate",
    "no-decorate",
    "decorate-refs",
    "decorate-refs-exclude",
    "source",
    "clear-decorations",
    "use-mailmap",
    "no-mailmap",
    "log-size",
    "follow",
    "max-count",
    "skip",
    "since",
    "since-as-filter",
    "until",
    "author",
    "committer",
    "grep-reflog",
    "grep",
    "all-match",
    "invert-grep",
    "regexp-ignore-case",
    "basic-regexp",
    "extended-regexp",
    "fixed-strings",
    "perl-regexp",
    "remove-empty",
    "merges",
    "no-merges",
    "min-parents",
    "max-parents",
    "no-min-parents",
    "no-max-parents",
    "not",
    "all",
    "branches",
    "tags",
    "remotes",
    "glob",
    "exclude",
    "reflog",
    "single-worktree",
    "ignore-missing",
    "cherry-mark",
    "cherry-pick",
    "left-only",
    "right-only",
    "cherry",
    "walk-reflogs",
    "merge",
    "boundary",
    "simplify-by-decoration",
    "show-pulls",
    "full-history",
    "dense",
    "sparse",
    "simplify-merges",
    "ancestry-path",
    "date-order",
    "author-date-order",
    "topo-order",
    "reverse",
    "no-walk",
    "do-walk",
    "count",
    "objects",
    "objects-edge",
    "t",
    "r",
    "root",
    "timestamp",
    "header",
    "stdin",
    "q",
    "expire",
    "porcelain",
    "recursive",
    "verbose",
    "help",
];

/// Options that turn patch output off when nothing asks for contents: a subcommand that prints
/// a patch by default (`show`, `diff`) prints names and numbers instead.
const SUPPRESSES: &[&str] = &[
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
    "dirstat-by-file",
    "quiet",
];

/// `--diff-merges=off|none` turns merge diffs off: no contents.
fn diff_merges_off(found: &crate::options::Found) -> bool {
    found.opt.is("diff-merges") && matches!(found.value, Some("off" | "none"))
}

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
/// files, which are then judged one by one. `elsewhere`: the repository may not be the one the
/// files lie in (`--git-dir`, `--work-tree`), so what their pathspecs matched is not known.
pub(super) fn prints_contents(
    sub: &str,
    parsed: &Parsed,
    paths: &PathJudge,
    elsewhere: bool,
) -> Option<String> {
    let history = takes_diff_options(sub) && !parsed.has("no-index");
    let searches = history && SEARCHES.iter().any(|o| parsed.has(o));
    // Positive model: any option not known to keep contents out asks for them.
    let asked = history
        && parsed.found.iter().any(|found| {
            !SEARCHES.iter().any(|o| found.opt.is(o))
                && !NO_CONTENTS.iter().any(|o| found.opt.is(o))
                && !diff_merges_off(found)
        });
    let suppressed = !asked && SUPPRESSES.iter().any(|o| parsed.has(o));
    let first = parsed.operands.first().copied();
    let prints = searches
        || asked
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
                dumps && !parsed.operands.iter().any(|o| object_path(o).is_some())
            }
            _ => false,
        };
    if !prints {
        return None;
    }
    if sub == "show"
        && !searches
        && !parsed.operands.is_empty()
        && parsed.operands.iter().all(|o| object_path(o).is_some())
    {
        // `git show REV:path`: those files only, judged by their paths.
        return None;
    }
    let named = named_commits(parsed);
    if sub != "cat-file"
        && sub != "archive"
        && !elsewhere
        // Revisions read from the input are not on the line: what they reach is not known.
        && !parsed.has("stdin")
        && parsed.pathspecs().is_some_and(|specs| {
            !specs.is_empty()
                && specs
                    .iter()
                    .all(|spec| ordinary_pathspec(spec, paths, &named))
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
/// the whole tree (`.`, `..`, a trailing `/`), a regular file in the working tree, and one that
/// matched only itself in every commit of the history (asked of git, bounded). A directory
/// (`-- backend`) matches every file under it in every commit, a name absent from the tree
/// (`-- olddir`) may match a directory the history still holds, and so may a name that is a
/// file now but was a directory once (`config`, holding `config/secret.env` in an old
/// commit): none is known to be one ordinary file, so the content rule applies (fail closed;
/// without a file system or a repository to ask, nothing is known).
fn ordinary_pathspec(spec: &str, paths: &PathJudge, named: &[String]) -> bool {
    paths.regular_file(spec)
        && !spec.is_empty()
        && !spec.starts_with(':')
        && !spec.ends_with('/')
        && !spec.contains(['*', '?', '[', '\\'])
        && !matches!(
            crate::paths::lexical(std::path::Path::new(spec)).to_str(),
            Some("." | ".." | "/") | None
        )
        && paths.single_file_in_history(spec, named)
}

/// The commits the line may name, as starting points for the history question: every word
/// before `--`, each side of a range (`A..B`, `A...B`), without a leading `^` and without the
/// suffixes that walk from it (`^!`, `^@`, `^-N`). A commit no ref or reflog reaches (a
/// dangling one, named by its id, or `FETCH_HEAD`) is walked only when it is named, and then
/// the pathspec's history must be clean there too. Words that are not revisions (a grep
/// pattern, a stash verb) are ignored by the question (`--ignore-missing`); negations are read
/// as positive, so the walk can only grow.
fn named_commits(parsed: &Parsed) -> Vec<String> {
    let before = parsed
        .operands_before_dashes
        .unwrap_or(parsed.operands.len());
    parsed
        .operands
        .iter()
        .take(before)
        .flat_map(|word| word.split("..."))
        .flat_map(|word| word.split(".."))
        .map(|side| {
            let side = side.trim_start_matches('^');
            let side = side
                .strip_suffix("^!")
                .or_else(|| side.strip_suffix("^@"))
                .unwrap_or(side);
            match side.rsplit_once("^-") {
                Some((base, n)) if n.chars().all(|c| c.is_ascii_digit()) => base,
                _ => side,
            }
        })
        .filter(|side| !side.is_empty() && !side.starts_with('-'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::object_path;

    #[test]
    fn object_names_point_into_files_only_with_a_path() {
        assert_eq!(object_path("HEAD:README.md"), Some("README.md"));
        assert_eq!(object_path(":README.md"), Some("README.md"));
        assert_eq!(object_path(":0:.env"), Some(".env"));
        assert_eq!(object_path(":3:src/main.rs"), Some("src/main.rs"));
        assert_eq!(object_path("HEAD^{/fix}:.env"), Some(".env"));
        // Revisions: a message search, a date with colons, a message with a colon.
        assert_eq!(object_path(":/"), None);
        assert_eq!(object_path(":/fix"), None);
        assert_eq!(object_path(":/x:.env"), None);
        assert_eq!(object_path("HEAD@{10:00}"), None);
        assert_eq!(object_path("HEAD^{/fix: typo}"), None);
        assert_eq!(object_path("HEAD"), None);
        assert_eq!(object_path("HEAD:"), None);
    }
}
