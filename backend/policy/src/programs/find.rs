//! find: start points, then an expression read predicate by predicate. Tests and `-print`,
//! `-printf`, `-ls` only read names; `-exec`, `-execdir`, `-ok`, `-okdir` run commands (their
//! command is judged too), `-delete` deletes (a whole system tree: forbidden), `-fprint*` and
//! `-fls` write files. An unknown predicate is not low.

use super::{Ctx, Judgement, is_system_tree_in};
use crate::level::RiskLevel;

/// The deepest walk from `/` that stays low where nothing contains it (`find / -maxdepth 3`,
/// `tree -L 2 /`): deeper is every file system's whole tree.
pub(crate) const MOST_DEPTH: u64 = 10;

/// Predicates without an argument.
const BARE: &[&str] = &[
    "-daystart",
    "-depth",
    "-d",
    "-follow",
    "-mount",
    "-xdev",
    "-noleaf",
    "-ignore_readdir_race",
    "-noignore_readdir_race",
    "-warn",
    "-nowarn",
    "-empty",
    "-executable",
    "-readable",
    "-writable",
    "-nouser",
    "-nogroup",
    "-true",
    "-false",
    "-prune",
    "-quit",
    "-print",
    "-print0",
    "-ls",
    "-not",
    "-a",
    "-and",
    "-o",
    "-or",
    "!",
    "(",
    ")",
    ",",
    "-help",
    "--help",
    "-version",
    "--version",
];
/// Predicates with one argument (patterns, sizes, times, names).
const ONE: &[&str] = &[
    "-name",
    "-iname",
    "-path",
    "-ipath",
    "-wholename",
    "-iwholename",
    "-regex",
    "-iregex",
    "-lname",
    "-ilname",
    "-type",
    "-xtype",
    "-size",
    "-mtime",
    "-mmin",
    "-atime",
    "-amin",
    "-ctime",
    "-cmin",
    "-used",
    "-user",
    "-group",
    "-uid",
    "-gid",
    "-perm",
    "-links",
    "-inum",
    "-samefile",
    "-newer",
    "-anewer",
    "-cnewer",
    "-maxdepth",
    "-mindepth",
    "-fstype",
    "-context",
    "-printf",
    "-regextype",
];
/// Predicates that only filter (for telling a bare `-delete` from a selective one).
const FILTERS: &[&str] = &[
    "-name",
    "-iname",
    "-path",
    "-ipath",
    "-wholename",
    "-iwholename",
    "-regex",
    "-iregex",
    "-lname",
    "-ilname",
    "-type",
    "-xtype",
    "-size",
    "-mtime",
    "-mmin",
    "-atime",
    "-amin",
    "-ctime",
    "-cmin",
    "-used",
    "-user",
    "-group",
    "-uid",
    "-gid",
    "-perm",
    "-links",
    "-inum",
    "-samefile",
    "-newer",
    "-anewer",
    "-cnewer",
    "-empty",
    "-nouser",
    "-nogroup",
    "-maxdepth",
    "-fstype",
];

/// Whether an expression prints only names a `-name`/`-iname` pattern chose (all of them
/// must hold, so one that excludes is enough), none of them a
/// name the machine ID makes (`/var/log/journal/MACHINE_ID`, `system.journal`): no `-o`, `!`,
/// `-not`, `,` or parentheses may let another entry through.
fn names_filtered(expression: &[String]) -> bool {
    let branching = expression
        .iter()
        .any(|word| matches!(word.as_str(), "-o" | "-or" | "!" | "-not" | "," | "(" | ")"));
    !branching
        && expression.windows(2).any(|pair| match pair[0].as_str() {
            "-name" | "-iname" => {
                !crate::paths::may_match_a_machine_id_name(&pair[1], pair[0] == "-iname")
            }
            "-regex" | "-iregex" => regex_extension(&pair[1]).is_some_and(|ext| {
                !MACHINE_ID_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            }),
            _ => false,
        })
}

/// The extensions of names the machine ID makes (`system.journal`, `MACHINE_ID-6.1.conf`).
const MACHINE_ID_EXTENSIONS: &[&str] = &["journal", "conf", "efi"];

/// The extension a whole-path regular expression requires at its end (`.*\.log$`, `.*\.gz`):
/// only a pattern without alternation whose end is `\.` and letters or digits.
fn regex_extension(pattern: &str) -> Option<&str> {
    if pattern.contains('|') {
        return None;
    }
    let body = pattern.strip_suffix('$').unwrap_or(pattern);
    let (_, ext) = body.rsplit_once("\\.")?;
    (!ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())).then_some(ext)
}

/// `-newerXY` with X and Y among a, B, c, m, t.
fn is_newer_xy(word: &str) -> bool {
    word.strip_prefix("-newer").is_some_and(|xy| {
        xy.len() == 2 && xy.chars().all(|c| matches!(c, 'a' | 'B' | 'c' | 'm' | 't'))
    })
}

pub fn judge(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    let mut j = Judgement::low("finds files");
    let mut i = 0;
    // Leading options: -H, -L, -P, -D debugopts, -Olevel.
    while let Some(word) = args.get(i) {
        match word.as_str() {
            "-H" | "-L" | "-P" => i += 1,
            "-D" => i += 2,
            w if w.starts_with("-O") && w[2..].chars().all(|c| c.is_ascii_digit()) => i += 1,
            _ => break,
        }
    }
    // `-L` (any of the leading options, in doubt) or the predicate `-follow` follows links.
    let follows_links =
        args[..i].iter().any(|word| word == "-L") || args[i..].iter().any(|word| word == "-follow");
    let mut starts = Vec::new();
    while let Some(word) = args.get(i) {
        if word.starts_with('-') || matches!(word.as_str(), "(" | ")" | "!" | ",") {
            break;
        }
        starts.push(word.clone());
        i += 1;
    }
    if starts.is_empty() {
        starts.push(".".to_owned());
    }
    // The last -maxdepth given decides; the deepest is taken, in doubt.
    let walk = crate::paths::Walk {
        depth: args
            .windows(2)
            .filter(|pair| pair[0] == "-maxdepth")
            .map(|pair| super::ending::count(&pair[1]))
            .reduce(|a, b| a.zip(b).map(|(a, b)| a.max(b)))
            .flatten(),
        one_file_system: args
            .iter()
            .any(|a| matches!(a.as_str(), "-xdev" | "-mount")),
        directories_only: false,
        filtered: names_filtered(&args[i..]),
        follows_links,
    };
    for start in &starts {
        j.raise_path(ctx.mention(start));
        j.raise_path(ctx.paths.list_tree(start, walk));
    }
    let mut deletes = false;
    // A command run on each file found (`{}`) that deletes or changes it: over a whole tree it
    // reaches every file below, as `-delete` or `chmod -R` would.
    let mut each_destroyed = false;
    // The commands run on each file (`{}` among their words).
    let mut on_each: Vec<Vec<String>> = Vec::new();
    let mut filtered = false;
    // find evaluates its expression left to right: a test after the action (`find . -delete
    // -name x`) is reached only once the action has run on every file, and chooses nothing.
    let mut acted = false;
    while let Some(word) = args.get(i) {
        let word = word.as_str();
        i += 1;
        filtered |= !acted
            && (FILTERS.contains(&word) || is_newer_xy(word))
            && !matches_everything(word, args.get(i).map(String::as_str));
        acted |= matches!(word, "-delete" | "-exec" | "-execdir" | "-ok" | "-okdir");
        if BARE.contains(&word) {
            continue;
        }
        if ONE.contains(&word) || is_newer_xy(word) {
            if args.get(i).is_none() {
                j.raise(RiskLevel::Medium, format!("find: {word} needs an argument"));
            }
            // `-newerXt DATE` reads a date string, which may carry a time zone rule.
            if is_newer_xy(word)
                && word.ends_with('t')
                && let Some(date) = args.get(i)
            {
                super::date_strings::judge(ctx, &mut j, &format!("find {word}"), date);
            }
            // `-regex` matches every path found, in whichever syntax `-regextype` chose (read
            // in both); nothing bounds the match where nothing contains the command.
            if matches!(word, "-regex" | "-iregex") {
                super::regexes::require_cheap(
                    ctx,
                    &mut j,
                    "find -regex",
                    args.get(i).map(String::as_str),
                    &[
                        super::regexes::Dialect::Basic,
                        super::regexes::Dialect::Extended,
                    ],
                );
            }
            i += 1;
            continue;
        }
        match word {
            "-files0-from" => {
                if let Some(file) = args.get(i) {
                    j.raise_path(ctx.read(file));
                }
                i += 1;
            }
            "-delete" => {
                deletes = true;
                j.raise(RiskLevel::High, "find -delete deletes the files it finds");
            }
            "-fprint" | "-fprint0" | "-fls" | "-fprintf" => {
                let target = args.get(i).map(String::as_str).unwrap_or_default();
                let (level, reason) = ctx.paths.write(target);
                j.raise(level, format!("find {word} writes a file: {reason}"));
                i += if word == "-fprintf" { 2 } else { 1 };
            }
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                let end = args[i..]
                    .iter()
                    .position(|w| w == ";" || w == "+")
                    .map_or(args.len(), |p| p + i);
                let payload = &args[i..end];
                j.raise(
                    RiskLevel::High,
                    format!("find {word} runs a command for each file"),
                );
                if payload.iter().any(|w| w.contains("{}")) && destroys_each(payload) {
                    each_destroyed = true;
                }
                if payload.iter().any(|w| w.contains("{}")) {
                    on_each.push(payload.to_vec());
                }
                if !payload.is_empty() {
                    let inner = crate::classify::judge_argv(ctx, payload);
                    if inner.level > RiskLevel::High {
                        j.raise(inner.level, format!("find {word}: {}", inner.reason));
                    }
                }
                i = end + 1;
            }
            other => j.raise(
                RiskLevel::Medium,
                format!("find: '{other}' is not a predicate known to be harmless"),
            ),
        }
    }
    // From `/` find walks every mounted file system, network mounts and /proc included:
    // where nothing contains it, a depth or one file system must bound it (`ending.rs`).
    // A depth bounds it only when it is small: `-maxdepth 1000000` is every depth.
    let shallow = args.windows(2).any(|pair| {
        pair[0] == "-maxdepth" && super::ending::count(&pair[1]).is_some_and(|d| d <= MOST_DEPTH)
    });
    let bounded = shallow
        || args
            .iter()
            .any(|a| matches!(a.as_str(), "-xdev" | "-mount"));
    // Following links, a walk of /proc reaches `/` through each process's `root`.
    if starts.iter().any(|s| {
        crate::paths::may_be_root(s)
            || (follows_links && crate::paths::process_roots_below(s).is_some())
    }) {
        super::ending::require(ctx, &mut j, bounded, || {
            "find / walks every mounted file system (and find -L /proc reaches / through each process's root); -maxdepth N (at most 10) or -xdev bounds it"
                .to_owned()
        });
    }
    let filtered = filtered && !branches(args);
    if deletes && !filtered && starts.iter().any(|s| is_system_tree_in(ctx, s)) {
        j.raise(
            RiskLevel::Forbidden,
            "find -delete over a whole system directory deletes it",
        );
    }
    // As for `-delete`, a filter by name, time, size or owner chooses some files
    // (`-name '*.gz' -mtime +30 -exec rm {} +`: a human decides); a depth does not
    // (`-maxdepth 0 -exec rm -rf {} +` is `rm -rf /`), nor a kind (`matches_everything`:
    // `-type f -exec rm {} +` empties the tree of its files).
    // Emptying each file keeps it, its owner and its mode (`-type f -exec truncate -s0 {} \;`
    // over /var/log is how logs are emptied): there a kind still chooses.
    let only_empties = !on_each.is_empty()
        && on_each.iter().all(|payload| {
            payload
                .first()
                .is_some_and(|w| w.rsplit('/').next() == Some("truncate"))
        });
    // A test after the first action chooses nothing for it (left to right).
    let first_action = super::find_reach::first_action(args);
    let chosen = !branches(args)
        && args.iter().enumerate().any(|(at, word)| {
            at < first_action
                && (FILTERS.contains(&word.as_str()) || is_newer_xy(word))
                && (!matches_everything(word, args.get(at + 1).map(String::as_str))
                    || (only_empties && matches!(word.as_str(), "-type" | "-xtype")))
                && !matches!(word.as_str(), "-maxdepth" | "-fstype")
        });
    // Unchosen, the first file a command gets is the start point itself: the command is
    // judged as run on it (`-exec bash -c 'rm -rf {}' \;` runs `rm -rf /`), unless a kind
    // lets no directory through (`-type f`: a start point, a directory, is never given).
    let no_directory = !branches(args) && super::find_reach::lets_no_directory_through(args);
    if !chosen && !no_directory {
        for start in starts.iter().filter(|s| is_system_tree_in(ctx, s)) {
            for payload in &on_each {
                let on_start: Vec<String> =
                    payload.iter().map(|w| w.replace("{}", start)).collect();
                let inner = crate::classify::judge_argv(ctx, &on_start);
                if inner.level == RiskLevel::Forbidden {
                    j.raise(
                        RiskLevel::Forbidden,
                        format!("find {start} runs on {start} itself: {}", inner.reason),
                    );
                }
            }
        }
    }
    // A filter that chooses within a tree may still choose a file the machine needs (`find /bin
    // -name bash -delete`): what the line deletes or changes is judged on each such file.
    if deletes || !on_each.is_empty() {
        for (file, payloads) in super::find_reach::critical_reached(ctx, &starts, args, &on_each) {
            if deletes {
                j.raise(
                    RiskLevel::Forbidden,
                    format!("find -delete can choose {file}, which the machine needs"),
                );
            }
            raise_on_chosen(ctx, &file, &payloads, &mut j);
        }
        for (dir, payloads) in
            super::find_reach::searched_dirs_reached(ctx, &starts, args, &on_each)
        {
            raise_on_chosen(ctx, &dir, &payloads, &mut j);
        }
    }
    // The files kept directly in `/` are none the machine needs (its trees are directories):
    // `find / -maxdepth 1 -type f -exec chmod 700 {} +` changes no system tree.
    let top_files_of_root = |start: &String| {
        crate::paths::may_be_root(start) && no_directory && deepest(args).is_some_and(|d| d <= 1)
    };
    if each_destroyed
        && !chosen
        && starts
            .iter()
            .any(|s| is_system_tree_in(ctx, s) && !top_files_of_root(s))
    {
        j.raise(
            RiskLevel::Forbidden,
            "find -exec deletes or changes every file of a whole system directory",
        );
    }
    Some(j)
}

/// Whether a filter lets every file of a tree through (`-name '*'`, `-path '*'`, `-regex '.*'`)
/// or all that makes a system tree what it is: a kind (`-type f` is every file of `/etc`,
/// `-type l` every link of `/etc/alternatives`), or root's ownership (`-user root`, `-uid 0`,
/// which the system's own files all have). It chooses nothing.
fn matches_everything(predicate: &str, value: Option<&str>) -> bool {
    match predicate {
        "-type" | "-xtype" => true,
        "-user" | "-uid" | "-group" | "-gid" => matches!(value, Some("root" | "0")),
        // Younger than ten years (`-mtime -100000`, `-mmin -99999999`): every file.
        "-mtime" | "-atime" | "-ctime" | "-used" | "-mmin" | "-amin" | "-cmin" => {
            let per_day: u64 = if predicate.ends_with("min") { 1440 } else { 1 };
            value
                .and_then(|v| v.strip_prefix('-'))
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n >= 3650 * per_day)
        }
        // Any size above nothing (`-size +0`, `+0c`), any mode holding no bits (`-perm -0`).
        "-size" => value.is_some_and(|v| {
            v.strip_prefix('+')
                .map(|n| n.trim_end_matches(|c: char| c.is_ascii_alphabetic()))
                .is_some_and(|n| n.chars().all(|c| c == '0'))
        }),
        "-perm" => value.is_some_and(|v| {
            v.strip_prefix(['-', '/'])
                .is_some_and(|bits| !bits.is_empty() && bits.chars().all(|c| c == '0'))
        }),
        // A file's time compared with another's, which may be older than everything.
        "-newer" | "-anewer" | "-cnewer" => true,
        _ if is_newer_xy(predicate) => true,
        // A pattern made only of wildcards, bracket expressions, dots and slashes (`*`, `?*`,
        // `*.*`, `[a-z]*`, `/*`) names no file: it lets nearly every one through.
        "-name" | "-iname" | "-path" | "-ipath" | "-wholename" | "-iwholename" => value
            .is_some_and(|v| {
                !v.is_empty()
                    && crate::programs::destroy::brackets_as_any(v)
                        .chars()
                        .all(|c| matches!(c, '*' | '?' | '.' | '/'))
            }),
        // A regular expression with no letter or digit outside its bracket expressions
        // (`.*`, `/.*`, `^.+$`).
        "-regex" | "-iregex" => value.is_some_and(|v| {
            !crate::programs::destroy::brackets_as_any(v)
                .chars()
                .any(|c| c.is_ascii_alphanumeric())
        }),
        _ => false,
    }
}

/// Whether an expression branches (`-o`, `!`, `-not`, `,`): a filter in one branch does not
/// hold for the others (`-name x -o -true -delete`, `! -name x -delete`), so none is proof
/// that some files were chosen.
fn branches(args: &[String]) -> bool {
    args.iter()
        .any(|word| matches!(word.as_str(), "-o" | "-or" | "!" | "-not" | ","))
}

/// Whether a `-exec` command is a program that destroys or takes over the file it is given,
/// by name (a path to one too: `/bin/rm`), after the wrappers that only run it (`sudo`, `env`,
/// `nice`, `busybox`, with their options); find runs it on each file it finds.
fn destroys_each(payload: &[String]) -> bool {
    let program = payload
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .find(|w| {
            !w.starts_with('-')
                && !w.contains('=')
                && !matches!(
                    *w,
                    "sudo"
                        | "doas"
                        | "env"
                        | "nice"
                        | "ionice"
                        | "nohup"
                        | "busybox"
                        | "command"
                        | "stdbuf"
                )
        });
    matches!(
        program.unwrap_or_default(),
        "rm" | "unlink"
            | "rmdir"
            | "shred"
            | "srm"
            | "wipe"
            | "truncate"
            | "chmod"
            | "chown"
            | "chgrp"
            | "chattr"
            | "setfacl"
            | "chcon"
            | "mv"
            | "dd"
    )
}

/// Raises `j` to forbidden where a `-exec` command run on `file`, a file the expression can
/// choose, is.
fn raise_on_chosen(ctx: &Ctx, file: &str, payloads: &[Vec<String>], j: &mut Judgement) {
    for payload in payloads {
        let inner = crate::classify::judge_argv(ctx, payload);
        if inner.level == RiskLevel::Forbidden {
            j.raise(
                RiskLevel::Forbidden,
                format!("find -exec can choose {file}: {}", inner.reason),
            );
        }
    }
}

/// The depth `-maxdepth N` bounds the walk to.
fn deepest(args: &[String]) -> Option<u64> {
    args.windows(2)
        .find(|pair| pair[0] == "-maxdepth")
        .and_then(|pair| super::ending::count(&pair[1]))
}
