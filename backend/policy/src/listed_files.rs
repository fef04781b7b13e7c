//! Inline code that lists a directory and deletes, empties or overwrites what it finds
//! (`[open(f, "w").close() for f in os.listdir(".")]`, perl's `unlink readdir D`, node's
//! `readdirSync(".").forEach(f => unlinkSync(f))`) does to each file there what `rm -f *` or
//! `: > *` does: the listing names no file, so the line is judged as that wildcard of the
//! directory listed (`*` where the line starts, `DIR/*` for a directory the code names).

/// Calls and operators that list a directory's names.
const LISTERS: &[&str] = &[
    "listdir",
    "scandir",
    "iterdir",
    "readdir",
    "readdirSync",
    "opendir",
    "glob",
    "rglob",
    "walk",
    "entries",
    "children",
    "each_child",
    "foreach",
];

/// Listers that walk the whole tree below the directory, not its names alone.
const WALKERS: &[&str] = &["walk", "rglob", "fwalk"];

/// Calls that change the mode or the owner of the file they are given (the mode or owner is
/// in the code: any of them on every file of `/etc` or `/usr/bin` breaks the machine or gives
/// its secrets away).
const CHANGERS: &[(&str, &str)] = &[
    ("chmod", "chmod 000"),
    ("lchmod", "chmod 000"),
    ("chmodSync", "chmod 000"),
    ("chown", "chown nobody"),
    ("lchown", "chown nobody"),
    ("chownSync", "chown nobody"),
];

/// Calls that delete the file they are given.
const DELETERS: &[&str] = &[
    "remove",
    "unlink",
    "unlinkSync",
    "rmSync",
    "delete",
    "rm",
    "rm_f",
    "shred",
];

/// Calls that delete the whole tree they are given.
const TREE_DELETERS: &[&str] = &[
    "rmtree",
    "rm_rf",
    "rm_r",
    "remove_tree",
    "rimraf",
    "removedirs",
    "remove_dir_all",
];

/// Calls that empty or overwrite the file they are given.
const WRITERS: &[&str] = &[
    "truncate",
    "ftruncate",
    "truncateSync",
    "ftruncateSync",
    "writeFile",
    "write_text",
    "write_bytes",
    "writeFileSync",
    "file_put_contents",
    "write",
    "binwrite",
    "spurt",
];

/// The identifiers of `code` (letters, digits, `_`).
fn identifiers(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Whether `code` opens a file for writing: a mode string `"w"`, `"wb"`, `"w+"` (or perl's
/// `">"` open), or `O_TRUNC`.
fn opens_for_writing(code: &str, literals: &[String]) -> bool {
    code.contains("O_TRUNC")
        || literals.iter().any(|l| {
            matches!(
                l.as_str(),
                "w" | "wb" | "w+" | "wb+" | "w+b" | "wt" | ">" | "+>"
            )
        })
}

/// The lines the listing and destroying `code` amounts to (`rm -f *`, `: > /etc/*`), given
/// the strings it holds; empty where it does not both list a directory and destroy.
pub fn destroyed_listings(code: &str, literals: &[String]) -> Vec<String> {
    let words: Vec<&str> = identifiers(code).collect();
    // `io.popen("ls")`, `` `ls` ``, `qx(find .)`: a listing program's output read as names.
    let lists = words.iter().any(|w| LISTERS.contains(w))
        || code.contains("<*>")
        || literals.iter().any(|l| {
            let program = l.split_whitespace().next().unwrap_or("");
            matches!(program, "ls" | "find" | "dir")
        });
    if !lists {
        return Vec::new();
    }
    let deletes_trees = words.iter().any(|w| TREE_DELETERS.contains(w));
    let deletes = words.iter().any(|w| DELETERS.contains(w));
    let writes = words.iter().any(|w| WRITERS.contains(w)) || opens_for_writing(code, literals);
    let changes: Vec<&str> = CHANGERS
        .iter()
        .filter(|(call, _)| words.contains(call))
        .map(|(_, command)| *command)
        .collect();
    if !deletes && !deletes_trees && !writes && changes.is_empty() {
        return Vec::new();
    }
    let recursive = if words.iter().any(|w| WALKERS.contains(w)) || code.contains("**") {
        "-R "
    } else {
        ""
    };
    // The directories the code names, and where the line starts where it names none (or
    // names `.`): which of them is listed the code alone decides.
    let mut wildcards: Vec<String> = literals
        .iter()
        .filter(|l| l.starts_with('/') && !l.contains(char::is_whitespace))
        .map(|dir| format!("{}/*", dir.trim_end_matches('/')))
        .collect();
    if wildcards.is_empty() || literals.iter().any(|l| matches!(l.as_str(), "." | "./")) {
        wildcards.push("*".to_owned());
    }
    let mut lines = Vec::new();
    for wildcard in wildcards {
        if deletes {
            lines.push(format!("rm -f {recursive}{wildcard}"));
        }
        if deletes_trees {
            lines.push(format!("rm -rf {wildcard}"));
        }
        if writes {
            lines.push(format!(": > {wildcard}"));
        }
        for command in &changes {
            lines.push(format!("{command} {recursive}{wildcard}"));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::destroyed_listings;

    fn lines(code: &str, literals: &[&str]) -> Vec<String> {
        let literals: Vec<String> = literals.iter().map(|l| (*l).to_owned()).collect();
        destroyed_listings(code, &literals)
    }

    #[test]
    fn listings_destroyed_are_wildcards_of_the_directory() {
        assert_eq!(
            lines(
                r#"import os; [open(f,"w").close() for f in os.listdir(".")]"#,
                &["w", "."]
            ),
            [": > *"]
        );
        assert_eq!(
            lines(r#"import os; [os.unlink(f) for f in os.listdir()]"#, &[]),
            ["rm -f *"]
        );
        assert_eq!(
            lines(
                r#"[os.remove(os.path.join("/etc",f)) for f in os.listdir("/etc")]"#,
                &["/etc", "/etc"]
            ),
            ["rm -f /etc/*", "rm -f /etc/*"]
        );
        assert_eq!(
            lines(
                r#"[os.remove(f) for r, d, fs in os.walk("/") for f in fs]"#,
                &["/"]
            ),
            ["rm -f -R /*"]
        );
        assert_eq!(
            lines(r#"[os.chmod(f, 0o644) for f in os.listdir()]"#, &[]),
            ["chmod 000 *"]
        );
        assert!(lines("print(os.listdir('.'))", &["."]).is_empty());
        assert!(lines(r#"os.remove("x.tmp")"#, &["x.tmp"]).is_empty());
    }
}
