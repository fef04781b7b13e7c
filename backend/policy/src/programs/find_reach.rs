//! The files a `find` filter by name can choose among those the machine needs: `find /bin -name
//! bash -delete`, `find /etc -name shadow -exec chmod 777 {} +`, `find / -path /etc/passwd
//! -delete` choose a few files, but exactly the ones that matter. Each file of
//! `paths::critical_files` below a start point whose name (`-name`, `-iname`) and path (`-path`,
//! `-wholename`, `-ipath`, `-iwholename`) filters all let it through is reached; what find does
//! to it is then judged on that file.

use super::Ctx;
use crate::paths::{critical_files, lexical, system_path};

/// The critical files the expression `args` can choose below `starts`, each with the `-exec`
/// commands (`on_each`, `{}` written as the file) that would run on it. None where the
/// expression filters by nothing that names files (the other filters are judged by `find.rs`).
pub fn critical_reached(
    ctx: &Ctx,
    starts: &[String],
    args: &[String],
    on_each: &[Vec<String>],
) -> Vec<(String, Vec<Vec<String>>)> {
    let mut candidates = critical_files();
    candidates.extend(crate::paths::as_in_start_dirs("*"));
    reached(ctx, starts, args, on_each, candidates)
}

/// The directories every user must be able to enter (`paths/searched_dirs.rs`) that the
/// expression `args` can choose below `starts`, each with the `-exec` commands that would run
/// on it (`find / -maxdepth 1 -name etc -exec chmod 700 {} \;`); none where a `-type` lets no
/// directory through.
pub fn searched_dirs_reached(
    ctx: &Ctx,
    starts: &[String],
    args: &[String],
    on_each: &[Vec<String>],
) -> Vec<(String, Vec<Vec<String>>)> {
    if lets_no_directory_through(args) {
        return Vec::new();
    }
    reached(
        ctx,
        starts,
        args,
        on_each,
        crate::paths::searched_dirs().collect(),
    )
}

/// Whether a `-type` or `-xtype` test before the first action lets no directory through
/// (`-type f`, `-type l`): what find does is then never done to a directory, its start points
/// included. A test after an action chooses nothing for it.
pub fn lets_no_directory_through(args: &[String]) -> bool {
    args[..first_action(args)]
        .windows(2)
        .filter(|pair| matches!(pair[0].as_str(), "-type" | "-xtype"))
        .any(|pair| !pair[1].contains('d'))
}

/// Where find's first action stands (the length of `args` where there is none): a test after
/// it chooses nothing for it (left to right).
pub fn first_action(args: &[String]) -> usize {
    args.iter()
        .position(|w| {
            matches!(
                w.as_str(),
                "-delete" | "-exec" | "-execdir" | "-ok" | "-okdir"
            )
        })
        .unwrap_or(args.len())
}

fn reached(
    ctx: &Ctx,
    starts: &[String],
    args: &[String],
    on_each: &[Vec<String>],
    candidates: Vec<String>,
) -> Vec<(String, Vec<Vec<String>>)> {
    let filters: Vec<(&str, &str)> = args
        .windows(2)
        .filter(|pair| {
            matches!(
                pair[0].as_str(),
                "-name"
                    | "-iname"
                    | "-path"
                    | "-ipath"
                    | "-wholename"
                    | "-iwholename"
                    | "-regex"
                    | "-iregex"
            )
        })
        // A pattern the line cannot show (`-name "$X"`) may be any name: `*`.
        .map(|pair| {
            let pattern = if crate::shown_values::is_unshown(&pair[1]) {
                "*"
            } else {
                pair[1].as_str()
            };
            (pair[0].as_str(), pattern)
        })
        .collect();
    // Chosen by kind alone (`-type f`, `-xtype f`) with a depth, every file of the tree is
    // reached (`find /etc -type f -exec truncate -s0 {} \;`).
    let before_action = args.iter().take_while(|a| {
        !matches!(
            a.as_str(),
            "-delete" | "-exec" | "-execdir" | "-ok" | "-okdir"
        )
    });
    let by_kind_alone = before_action
        .filter(|a| a.starts_with('-') || *a == "!")
        .all(|a| {
            matches!(
                a.as_str(),
                "-type"
                    | "-xtype"
                    | "-maxdepth"
                    | "-mindepth"
                    | "-xdev"
                    | "-mount"
                    | "-depth"
                    | "-L"
                    | "-P"
                    | "-H"
            )
        });
    if filters.is_empty() && !by_kind_alone {
        return Vec::new();
    }
    // Chosen by kind alone, `-maxdepth N` still bounds how deep a file is reached (`find /
    // -maxdepth 1 -type f -delete` reaches no program).
    let deepest = args
        .windows(2)
        .filter(|pair| pair[0] == "-maxdepth")
        .find_map(|pair| pair[1].parse::<usize>().ok())
        .filter(|_| filters.is_empty());
    let roots: Vec<String> = starts.iter().flat_map(|s| roots_of(ctx, s)).collect();
    candidates
        .into_iter()
        .filter(|file| {
            roots.iter().any(|root| {
                below(root, file) && deepest.is_none_or(|most| depth_below(root, file) <= most)
            })
        })
        .filter(|file| {
            filters
                .iter()
                .all(|(test, pattern)| lets_through(test, pattern, file))
        })
        .map(|file| {
            let payloads = on_each
                .iter()
                .map(|payload| payload.iter().map(|w| w.replace("{}", &file)).collect())
                .collect();
            (file, payloads)
        })
        .collect()
}

/// A start point as absolute, normalised paths: a relative one is read from the directory
/// the command runs in, where that is known; the directory where the line starts (`.`),
/// which it does not show, is each directory holding files the machine needs.
fn roots_of(ctx: &Ctx, start: &str) -> Vec<String> {
    if start.starts_with('/') {
        return vec![system_path(start)];
    }
    let Some(dir) = ctx.paths.working_dir.filter(|_| !ctx.paths.start_unknown()) else {
        if matches!(start.trim_end_matches('/'), "." | "") {
            return crate::paths::as_in_start_dirs("*")
                .iter()
                .filter_map(|file| file.rsplit_once('/').map(|(dir, _)| dir.to_owned()))
                .collect();
        }
        return Vec::new();
    };
    let joined = lexical(&dir.join(start));
    joined.to_str().map(system_path).into_iter().collect()
}

/// How many components `file` lies below `root` (a file directly in it: 1).
fn depth_below(root: &str, file: &str) -> usize {
    let root = root.trim_end_matches('/');
    file[root.len().min(file.len())..]
        .split('/')
        .filter(|c| !c.is_empty())
        .count()
}

fn below(root: &str, file: &str) -> bool {
    let root = root.trim_end_matches('/');
    root.is_empty()
        || file == root
        || file
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether one filter lets `file` through: a name pattern its last component, a path pattern
/// its whole path (find's `*` matches `/` there), case folded for the `-i…` forms. A path
/// pattern written from a relative start (`./sshd`) is matched against no absolute path: in
/// doubt it lets the file through.
fn lets_through(test: &str, pattern: &str, file: &str) -> bool {
    let fold = test.starts_with("-i");
    let (pattern, file) = if fold {
        (pattern.to_lowercase(), file.to_lowercase())
    } else {
        (pattern.to_owned(), file.to_owned())
    };
    if test.ends_with("regex") {
        return crate::glob::matches(&regex_as_wildcard(&pattern), &file);
    }
    let pattern = super::destroy::brackets_as_any(&pattern);
    if test.ends_with("name") && !test.ends_with("wholename") {
        let name = file.rsplit('/').next().unwrap_or(&file);
        crate::glob::matches(&pattern, name)
    } else {
        pattern.starts_with('.') || crate::glob::matches(&pattern, &file)
    }
}

/// A whole-path regular expression read as the wildcard it matches at least as much as: `.*`
/// and any repeated atom are `*`, any other `.` or bracket expression `?`, `\\.` a dot; anchors
/// and grouping are dropped. Where it cannot be read so (alternation), every path.
fn regex_as_wildcard(regex: &str) -> String {
    if regex.contains('|') {
        return "*".to_owned();
    }
    let mut out = String::new();
    let mut chars = regex.trim_start_matches('^').trim_end_matches('$').chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            }
            '.' => out.push('?'),
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
                out.push('?');
            }
            '*' | '+' | '?' | '{' => {
                // The atom before repeats any number of times: anything.
                out.pop();
                out.push('*');
                if c == '{' {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                }
            }
            '(' | ')' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{lets_through, regex_as_wildcard};

    #[test]
    fn name_path_and_regex_filters_are_matched_against_each_file() {
        assert!(lets_through("-name", "ba?h", "/usr/bin/bash"));
        assert!(lets_through("-iname", "PASSWD", "/etc/passwd"));
        assert!(lets_through(
            "-path",
            "*/ssh/sshd_config",
            "/etc/ssh/sshd_config"
        ));
        assert!(lets_through("-regex", ".*/ba[s]h", "/bin/bash"));
        assert!(!lets_through("-name", "*.gz", "/usr/bin/bash"));
        assert!(!lets_through(
            "-path",
            "/etc/ssh/*.pub",
            "/etc/ssh/sshd_config"
        ));
        assert!(!lets_through("-regex", ".*\\.pyc", "/usr/lib/libc.so.6"));
        assert_eq!(regex_as_wildcard("^/usr/.*\\.so$"), "/usr/*.so");
    }
}
